/*
 * Copyright (C) 2026 The cluster-failover authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "../cluster_failover_tests.h"
#include "../../cluster_failover_attempt.h"

/**
 * Connect timeout of the tests, in ms
 */
#define TIMEOUT 1000

/**
 * Decide for a key request whose members all failed
 */
static cluster_failover_next_t next(cluster_failover_purpose_t purpose,
									u_int round, u_int waits, bool answered,
									u_int keyingtries, u_int *wait)
{
	cluster_failover_round_t state = {
		.purpose = purpose,
		.round = round,
		.waits = waits,
		.answered = answered,
	};

	*wait = 12345;
	return cluster_failover_attempt_next(&state, keyingtries, TIMEOUT, wait);
}

START_TEST(test_member_left)
{
	cluster_failover_purpose_t purposes[] = {
		CF_PURPOSE_CONNECT, CF_PURPOSE_FAILOVER, CF_PURPOSE_FALLBACK,
		CF_PURPOSE_STANDBY,
	};
	cluster_failover_round_t state = {
		.round = 5,
		.member_left = TRUE,
	};
	u_int wait = 12345;
	int i;

	for (i = 0; i < countof(purposes); i++)
	{
		state.purpose = purposes[i];
		ck_assert_int_eq(cluster_failover_attempt_next(&state, 1, TIMEOUT,
													   &wait), CF_NEXT_MEMBER);
		ck_assert_int_eq(wait, 0);
	}
}
END_TEST

START_TEST(test_keyingtries)
{
	u_int wait;

	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 1, 0, TRUE, 3, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 2, 0, TRUE, 3, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 3, 0, TRUE, 3, &wait),
					 CF_NEXT_GIVE_UP);
	ck_assert_int_eq(wait, 0);
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 1, 0, TRUE, 1, &wait),
					 CF_NEXT_GIVE_UP);
	ck_assert_int_eq(wait, 0);
}
END_TEST

START_TEST(test_keyingtries_unlimited)
{
	u_int wait;

	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 1, 0, FALSE, 0, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 100000, 0, TRUE, 0, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
}
END_TEST

START_TEST(test_connect_unanswered)
{
	u_int wait;

	/* only a failover waits for a path, a connect counts keyingtries */
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 1, 0, FALSE, 2, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_CONNECT, 2, 0, FALSE, 2, &wait),
					 CF_NEXT_GIVE_UP);
}
END_TEST

START_TEST(test_once)
{
	cluster_failover_purpose_t purposes[] = {
		CF_PURPOSE_FALLBACK, CF_PURPOSE_STANDBY,
	};
	u_int wait;
	int i;

	for (i = 0; i < countof(purposes); i++)
	{
		ck_assert_int_eq(next(purposes[i], 1, 0, TRUE, 0, &wait),
						 CF_NEXT_GIVE_UP);
		ck_assert_int_eq(wait, 0);
		ck_assert_int_eq(next(purposes[i], 1, 0, FALSE, 5, &wait),
						 CF_NEXT_GIVE_UP);
		ck_assert_int_eq(wait, 0);
	}
}
END_TEST

START_TEST(test_failover_answered)
{
	u_int wait;

	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 1, 0, TRUE, 2, &wait),
					 CF_NEXT_ROUND);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 2, 3, TRUE, 2, &wait),
					 CF_NEXT_GIVE_UP);
	ck_assert_int_eq(wait, 0);
}
END_TEST

START_TEST(test_failover_unanswered)
{
	u_int wait;

	/* no member answered: the failover waits, whatever keyingtries say */
	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 1, 0, FALSE, 1, &wait),
					 CF_NEXT_WAIT);
	ck_assert_int_eq(wait, TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 7, 1, FALSE, 1, &wait),
					 CF_NEXT_WAIT);
	ck_assert_int_eq(wait, 2 * TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 7, 4, FALSE, 0, &wait),
					 CF_NEXT_WAIT);
	ck_assert_int_eq(wait, 16 * TIMEOUT);
	ck_assert_int_eq(next(CF_PURPOSE_FAILOVER, 7, 5, FALSE, 3, &wait),
					 CF_NEXT_WAIT);
	ck_assert_int_eq(wait, 30000);
}
END_TEST

START_TEST(test_wait_time)
{
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1000, 0), 1000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1000, 1), 2000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1000, 4), 16000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1000, 5), 30000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1000, 1000), 30000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(3, 3), 24);
	/* the doubling stops after 16 times, at 65536 times the timeout */
	ck_assert_int_eq(cluster_failover_attempt_wait_time(0, 100), 0);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1, 15), 30000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1, 14), 16384);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(1, 100000), 30000);
	ck_assert_int_eq(cluster_failover_attempt_wait_time(UINT_MAX, 16),
					 30000);
}
END_TEST

START_TEST(test_time_left)
{
	uint64_t now = 1000000;

	/* no answer yet: the connect timeout applies, not this one */
	ck_assert_int_eq(cluster_failover_attempt_time_left(0, 5000, now), 0);
	ck_assert_int_eq(cluster_failover_attempt_time_left(now, 5000, now),
					 5000);
	now += 4999;
	ck_assert_int_eq(cluster_failover_attempt_time_left(now - 4999, 5000,
														now), 1);
	now += 1;
	ck_assert_int_eq(cluster_failover_attempt_time_left(now - 5000, 5000,
														now), 0);
	now += 60000;
	ck_assert_int_eq(cluster_failover_attempt_time_left(now - 65000, 5000,
														now), 0);
	ck_assert_int_eq(cluster_failover_attempt_time_left(now - 1, 0, now), 0);
}
END_TEST

START_TEST(test_names)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%N/%N", cluster_failover_next_names,
			 CF_NEXT_WAIT, cluster_failover_purpose_names,
			 CF_PURPOSE_STANDBY);
	ck_assert_str_eq(buf, "wait/standby");
}
END_TEST

Suite *attempt_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("attempt");

	tc = tcase_create("next");
	tcase_add_test(tc, test_member_left);
	tcase_add_test(tc, test_keyingtries);
	tcase_add_test(tc, test_keyingtries_unlimited);
	tcase_add_test(tc, test_connect_unanswered);
	tcase_add_test(tc, test_once);
	tcase_add_test(tc, test_failover_answered);
	tcase_add_test(tc, test_failover_unanswered);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, test_wait_time);
	tcase_add_test(tc, test_time_left);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	return s;
}
