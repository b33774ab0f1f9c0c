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
#include "../../cluster_failover_traffic.h"

static cluster_failover_traffic_t *traffic;

static void setup()
{
	traffic = cluster_failover_traffic_create();
}

static void teardown()
{
	traffic->destroy(traffic);
}

/**
 * Close a sample and check what it saw
 */
static void assert_end(bool in, bool out)
{
	bool got_in, got_out;

	/* set to the opposite, end() must set both */
	got_in = !in;
	got_out = !out;
	traffic->end(traffic, &got_in, &got_out);
	ck_assert_msg(got_in == in, "in is %d, expected %d", got_in, in);
	ck_assert_msg(got_out == out, "out is %d, expected %d", got_out, out);
}

START_TEST(test_empty)
{
	assert_end(FALSE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 0);
}
END_TEST

START_TEST(test_new_sa)
{
	/* a new SA counts if it has packets */
	traffic->count(traffic, 1, TRUE, 0);
	traffic->count(traffic, 2, FALSE, 0);
	assert_end(FALSE, FALSE);
	traffic->count(traffic, 3, TRUE, 1);
	assert_end(TRUE, FALSE);
	traffic->count(traffic, 4, FALSE, 7);
	assert_end(FALSE, TRUE);
}
END_TEST

START_TEST(test_rising)
{
	traffic->count(traffic, 1, TRUE, 5);
	traffic->count(traffic, 2, FALSE, 5);
	assert_end(TRUE, TRUE);
	/* unchanged */
	traffic->count(traffic, 1, TRUE, 5);
	traffic->count(traffic, 2, FALSE, 5);
	assert_end(FALSE, FALSE);
	/* inbound rises */
	traffic->count(traffic, 1, TRUE, 6);
	traffic->count(traffic, 2, FALSE, 5);
	assert_end(TRUE, FALSE);
	/* outbound rises */
	traffic->count(traffic, 1, TRUE, 6);
	traffic->count(traffic, 2, FALSE, 9);
	assert_end(FALSE, TRUE);
	/* the flags are per sample */
	traffic->count(traffic, 1, TRUE, 6);
	traffic->count(traffic, 2, FALSE, 9);
	assert_end(FALSE, FALSE);
}
END_TEST

START_TEST(test_direction)
{
	/* the same SPI in both directions are two SAs */
	traffic->count(traffic, 1, TRUE, 5);
	assert_end(TRUE, FALSE);
	traffic->count(traffic, 1, TRUE, 5);
	traffic->count(traffic, 1, FALSE, 0);
	assert_end(FALSE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 2);
	traffic->count(traffic, 1, TRUE, 5);
	traffic->count(traffic, 1, FALSE, 3);
	assert_end(FALSE, TRUE);
}
END_TEST

START_TEST(test_expired)
{
	traffic->count(traffic, 1, TRUE, 100);
	traffic->count(traffic, 2, TRUE, 100);
	assert_end(TRUE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 2);
	/* SA 2 is gone: no traffic, and forgotten */
	traffic->count(traffic, 1, TRUE, 100);
	assert_end(FALSE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 1);
	/* it does not hide the rising counter of another */
	traffic->count(traffic, 3, TRUE, 100);
	assert_end(TRUE, FALSE);
	traffic->count(traffic, 1, TRUE, 101);
	assert_end(TRUE, FALSE);
}
END_TEST

START_TEST(test_forgotten)
{
	traffic->count(traffic, 1, TRUE, 100);
	assert_end(TRUE, FALSE);
	assert_end(FALSE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 0);
	/* an SA not counted in a sample is forgotten: seen again, it is new,
	 * and counts with any packets, not only more than before */
	traffic->count(traffic, 1, TRUE, 50);
	assert_end(TRUE, FALSE);
}
END_TEST

START_TEST(test_counted_twice)
{
	traffic->count(traffic, 1, TRUE, 5);
	assert_end(TRUE, FALSE);
	/* the first count of a sample is kept, the second ignored */
	traffic->count(traffic, 1, TRUE, 5);
	traffic->count(traffic, 1, TRUE, 9);
	assert_end(FALSE, FALSE);
	ck_assert_int_eq(traffic->get_count(traffic), 1);
	traffic->count(traffic, 1, TRUE, 5);
	assert_end(FALSE, FALSE);
}
END_TEST

Suite *traffic_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("traffic");

	tc = tcase_create("counters");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_new_sa);
	tcase_add_test(tc, test_rising);
	tcase_add_test(tc, test_direction);
	tcase_add_test(tc, test_expired);
	tcase_add_test(tc, test_forgotten);
	tcase_add_test(tc, test_counted_twice);
	suite_add_tcase(s, tc);

	return s;
}
