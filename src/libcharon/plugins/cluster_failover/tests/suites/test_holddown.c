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
#include "../../cluster_failover_holddown.h"
#include "../../cluster_failover_util.h"

static cluster_failover_holddown_t *holddown;
static host_t *a, *b, *c;

static void setup()
{
	holddown = cluster_failover_holddown_create();
	a = host_create_from_string("10.0.0.1", 0);
	b = host_create_from_string("10.0.0.2", 500);
	c = host_create_from_string("fec0::3", 0);
}

static void teardown()
{
	holddown->destroy(holddown);
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
}

/**
 * Check the list of held down members of a cluster
 */
static void assert_list(char *cluster, uint64_t now, char *expected)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	host_t *host;
	char buf[128] = "", *pos = buf;

	list = holddown->create_list(holddown, cluster, now);
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &host))
	{
		pos += snprintf(pos, sizeof(buf) - (pos - buf), "%s%H",
						pos == buf ? "" : ",", host);
	}
	enumerator->destroy(enumerator);
	list->destroy_offset(list, offsetof(host_t, destroy));
	ck_assert_str_eq(buf, expected);
}

START_TEST(test_none)
{
	assert_list("c", 0, "");
	ck_assert_int_eq(holddown->held_until(holddown, "c", a, 0), 0);
}
END_TEST

START_TEST(test_fail_expire)
{
	holddown->failed(holddown, "c", a, 1000, 5000);
	ck_assert_int_eq(holddown->held_until(holddown, "c", a, 1000), 6000);
	ck_assert_int_eq(holddown->held_until(holddown, "c", a, 5999), 6000);
	assert_list("c", 5999, "10.0.0.1");
	/* the hold-down ends */
	ck_assert_int_eq(holddown->held_until(holddown, "c", a, 6000), 0);
	assert_list("c", 6000, "");
}
END_TEST

START_TEST(test_order_of_failure)
{
	holddown->failed(holddown, "c", c, 1000, 5000);
	holddown->failed(holddown, "c", a, 2000, 5000);
	assert_list("c", 3000, "fec0::3,10.0.0.1");
	/* failing again moves a member to the end, and extends its hold-down */
	holddown->failed(holddown, "c", c, 4000, 5000);
	assert_list("c", 4000, "10.0.0.1,fec0::3");
	assert_list("c", 7000, "fec0::3");
	ck_assert_int_eq(holddown->held_until(holddown, "c", c, 7000), 9000);
}
END_TEST

START_TEST(test_clusters_apart)
{
	holddown->failed(holddown, "c", a, 1000, 5000);
	holddown->failed(holddown, "d", b, 1000, 5000);
	assert_list("c", 1000, "10.0.0.1");
	assert_list("d", 1000, "10.0.0.2");
	ck_assert_int_eq(holddown->held_until(holddown, "d", a, 1000), 0);
}
END_TEST

START_TEST(test_port_ignored)
{
	host_t *b2;

	holddown->failed(holddown, "c", b, 1000, 5000);
	b2 = host_create_from_string("10.0.0.2", 4500);
	ck_assert_int_eq(holddown->held_until(holddown, "c", b2, 1000), 6000);
	b2->destroy(b2);
}
END_TEST

START_TEST(test_clear)
{
	holddown->failed(holddown, "c", a, 1000, 5000);
	holddown->failed(holddown, "c", b, 1000, 5000);
	holddown->clear(holddown, "c", a);
	assert_list("c", 1000, "10.0.0.2");
}
END_TEST

START_TEST(test_no_hold)
{
	holddown->failed(holddown, "c", a, 1000, 0);
	assert_list("c", 1000, "");
}
END_TEST

START_TEST(test_now)
{
	time_t before, after;
	uint64_t now;

	/* the hold-down times are of the monotonic clock, in milliseconds */
	before = time_monotonic(NULL);
	now = cluster_failover_now();
	after = time_monotonic(NULL);
	ck_assert_msg(now >= (uint64_t)before * 1000 &&
				  now < ((uint64_t)after + 1) * 1000,
				  "%llu ms is not between %llu s and %llu s",
				  (unsigned long long)now, (unsigned long long)before,
				  (unsigned long long)after + 1);
}
END_TEST

Suite *holddown_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("holddown");

	tc = tcase_create("members");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_fail_expire);
	tcase_add_test(tc, test_order_of_failure);
	tcase_add_test(tc, test_clusters_apart);
	tcase_add_test(tc, test_port_ignored);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_no_hold);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, test_now);
	suite_add_tcase(s, tc);

	return s;
}
