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
#include "../../cluster_failover_member.h"

/**
 * Start time of the fake clock
 */
#define START 10000

/**
 * Response time of the heartbeats
 */
#define RESPONSE 500

/**
 * Member under test
 */
static cluster_failover_member_t *member;

static void setup()
{
	member = cluster_failover_member_create(START);
}

static void teardown()
{
	member->destroy(member);
}

/**
 * Ask for a heartbeat on an IKE_SA at a time
 */
static cluster_failover_member_grant_t claim(uint32_t id, uint64_t now)
{
	return member->claim(member, id, now, RESPONSE);
}

START_TEST(test_one_carrier)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	ck_assert_int_eq(member->get_carrier(member), 1);
	/* the others share its heartbeat */
	ck_assert_int_eq(claim(2, 11010), CF_MEMBER_JOIN);
	ck_assert_int_eq(claim(3, 11020), CF_MEMBER_JOIN);
	/* and its further heartbeats */
	ck_assert_int_eq(claim(1, 11500), CF_MEMBER_CARRY);
	ck_assert_int_eq(claim(2, 11510), CF_MEMBER_JOIN);
	ck_assert_int_eq(claim(1, 12000), CF_MEMBER_CARRY);
	ck_assert_int_eq(claim(3, 12020), CF_MEMBER_JOIN);
	ck_assert_int_eq(member->get_carrier(member), 1);
}
END_TEST

START_TEST(test_answer_shared)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	/* something received before the heartbeat does not answer it */
	member->received(member, 10990);
	ck_assert_int_eq(member->get_carrier(member), 1);
	ck_assert_int_eq(member->get_last_received(member), 10990);
	member->received(member, 11005);
	ck_assert_int_eq(member->get_carrier(member), 0);
	ck_assert_int_eq(member->get_last_received(member), 11005);
	/* the next heartbeat goes out on whichever IKE_SA asks first */
	ck_assert_int_eq(claim(2, 12100), CF_MEMBER_START);
	ck_assert_int_eq(claim(1, 12110), CF_MEMBER_JOIN);
}
END_TEST

START_TEST(test_heard_since_decided)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	/* answered while the ticks of two other IKE_SAs decided theirs */
	member->received(member, 11003);
	ck_assert_int_eq(claim(2, 11001), CF_MEMBER_JOIN);
	ck_assert_int_eq(claim(3, 11003), CF_MEMBER_JOIN);
	ck_assert_int_eq(member->get_carrier(member), 0);
	/* decided after the answer: a new heartbeat */
	ck_assert_int_eq(claim(3, 11004), CF_MEMBER_START);
}
END_TEST

START_TEST(test_last_received_max)
{
	ck_assert_int_eq(member->get_last_received(member), START);
	member->received(member, 10500);
	member->received(member, 10200);
	ck_assert_int_eq(member->get_last_received(member), 10500);
}
END_TEST

START_TEST(test_release_carrier)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	ck_assert_int_eq(claim(2, 11010), CF_MEMBER_JOIN);
	/* another IKE_SA going away changes nothing */
	member->release(member, 3);
	ck_assert_int_eq(member->get_carrier(member), 1);
	member->release(member, 1);
	ck_assert_int_eq(member->get_carrier(member), 0);
	/* the next one to ask carries the heartbeat on, a new one */
	ck_assert_int_eq(claim(2, 11510), CF_MEMBER_START);
	ck_assert_int_eq(claim(3, 11520), CF_MEMBER_JOIN);
}
END_TEST

START_TEST(test_rekey_carrier)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	member->rekey(member, 2, 5);
	ck_assert_int_eq(member->get_carrier(member), 1);
	member->rekey(member, 1, 4);
	ck_assert_int_eq(member->get_carrier(member), 4);
	ck_assert_int_eq(claim(2, 11100), CF_MEMBER_JOIN);
	ck_assert_int_eq(claim(4, 11500), CF_MEMBER_CARRY);
	/* the old IKE_SA going away does not end it */
	member->release(member, 1);
	ck_assert_int_eq(member->get_carrier(member), 4);
}
END_TEST

START_TEST(test_silent_carrier)
{
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	/* late ticks of the carrier keep it */
	ck_assert_int_eq(claim(2, 11749), CF_MEMBER_JOIN);
	ck_assert_int_eq(claim(1, 11740), CF_MEMBER_CARRY);
	ck_assert_int_eq(claim(2, 12489), CF_MEMBER_JOIN);
	/* one and a half response times without a heartbeat of it */
	ck_assert_int_eq(claim(2, 12490), CF_MEMBER_START);
	ck_assert_int_eq(member->get_carrier(member), 2);
	ck_assert_int_eq(claim(1, 12500), CF_MEMBER_JOIN);
}
END_TEST

START_TEST(test_dead)
{
	ck_assert(!member->is_dead(member));
	ck_assert_int_eq(claim(1, 11000), CF_MEMBER_START);
	ck_assert(member->dead(member, 12500));
	ck_assert(member->is_dead(member));
	ck_assert_int_eq(member->get_carrier(member), 0);
	ck_assert_int_eq(member->get_last_received(member), 0);
	/* declared once */
	ck_assert(!member->dead(member, 12510));
	/* what arrived before does not revive it */
	member->received(member, 12500);
	ck_assert(member->is_dead(member));
	ck_assert_int_eq(member->get_last_received(member), 0);
	member->received(member, 12600);
	ck_assert(!member->is_dead(member));
	ck_assert_int_eq(member->get_last_received(member), 12600);
	ck_assert(member->dead(member, 14000));
}
END_TEST

Suite *member_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("member");

	tc = tcase_create("heartbeats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_one_carrier);
	tcase_add_test(tc, test_answer_shared);
	tcase_add_test(tc, test_heard_since_decided);
	tcase_add_test(tc, test_last_received_max);
	tcase_add_test(tc, test_release_carrier);
	tcase_add_test(tc, test_rekey_carrier);
	tcase_add_test(tc, test_silent_carrier);
	suite_add_tcase(s, tc);

	tc = tcase_create("dead");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dead);
	suite_add_tcase(s, tc);

	return s;
}
