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
#include "../../cluster_failover_limiter.h"

static cluster_failover_limiter_t *limiter;

static void teardown()
{
	limiter->destroy(limiter);
}

/**
 * End a key request, check which one starts and the report
 */
static void assert_leave(uint64_t id, uint64_t next, u_int report)
{
	u_int reported = 99;

	ck_assert_int_eq(limiter->leave(limiter, id, &reported), next);
	ck_assert_int_eq(reported, report);
}

START_TEST(test_unlimited)
{
	uint64_t id;

	limiter = cluster_failover_limiter_create(0);
	for (id = 1; id <= 200; id++)
	{
		ck_assert(limiter->enter(limiter, id));
	}
	ck_assert_int_eq(limiter->get_in_flight(limiter), 200);
	ck_assert_int_eq(limiter->get_waiting(limiter), 0);
	assert_leave(7, 0, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 199);
	ck_assert_int_eq(limiter->get_limit(limiter), 0);
}
END_TEST

START_TEST(test_bound)
{
	limiter = cluster_failover_limiter_create(2);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(limiter->enter(limiter, 2));
	ck_assert(!limiter->enter(limiter, 3));
	ck_assert(!limiter->enter(limiter, 4));
	ck_assert_int_eq(limiter->get_in_flight(limiter), 2);
	ck_assert_int_eq(limiter->get_waiting(limiter), 2);
	ck_assert_int_eq(limiter->get_limit(limiter), 2);
}
END_TEST

START_TEST(test_fifo)
{
	uint64_t id;

	limiter = cluster_failover_limiter_create(3);
	for (id = 1; id <= 10; id++)
	{
		ck_assert(limiter->enter(limiter, id) == (id <= 3));
	}
	/* the first to wait starts first, whichever slot frees */
	assert_leave(2, 4, 7);
	assert_leave(1, 5, 0);
	assert_leave(4, 6, 0);
	assert_leave(3, 7, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 3);
	ck_assert_int_eq(limiter->get_waiting(limiter), 3);
	assert_leave(5, 8, 0);
	assert_leave(6, 9, 0);
	assert_leave(7, 10, 0);
	/* none waits any more */
	assert_leave(8, 0, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 2);
	ck_assert_int_eq(limiter->get_waiting(limiter), 0);
}
END_TEST

START_TEST(test_no_overtaking)
{
	limiter = cluster_failover_limiter_create(1);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	assert_leave(1, 2, 1);
	/* a newcomer waits behind those waiting */
	ck_assert(!limiter->enter(limiter, 3));
	ck_assert(!limiter->enter(limiter, 4));
	assert_leave(2, 3, 2);
	ck_assert(!limiter->enter(limiter, 5));
	assert_leave(3, 4, 0);
	assert_leave(4, 5, 0);
}
END_TEST

START_TEST(test_enter_again)
{
	limiter = cluster_failover_limiter_create(1);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	/* the same key request keeps its slot, or its place */
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	ck_assert_int_eq(limiter->get_in_flight(limiter), 1);
	ck_assert_int_eq(limiter->get_waiting(limiter), 1);
	/* and starts once */
	assert_leave(1, 2, 1);
	ck_assert(limiter->enter(limiter, 2));
	assert_leave(2, 0, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 0);
}
END_TEST

START_TEST(test_leave_waiting)
{
	limiter = cluster_failover_limiter_create(1);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	ck_assert(!limiter->enter(limiter, 3));
	/* a key request that ends while it waits frees no slot */
	assert_leave(2, 0, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 1);
	ck_assert_int_eq(limiter->get_waiting(limiter), 1);
	assert_leave(1, 3, 1);
	/* unknown ones, and those ended already, change nothing */
	assert_leave(2, 0, 0);
	assert_leave(42, 0, 0);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 1);
}
END_TEST

START_TEST(test_force)
{
	limiter = cluster_failover_limiter_create(2);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(limiter->enter(limiter, 2));
	/* an IKE_SA_INIT on its way counts, beyond the limit */
	limiter->force(limiter, 3);
	limiter->force(limiter, 3);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 3);
	ck_assert(!limiter->enter(limiter, 4));
	/* one slot freed is not enough */
	assert_leave(1, 0, 0);
	assert_leave(3, 4, 1);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 2);
}
END_TEST

START_TEST(test_force_waiting)
{
	limiter = cluster_failover_limiter_create(1);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	ck_assert(!limiter->enter(limiter, 3));
	/* one waiting that starts anyway waits no longer */
	limiter->force(limiter, 2);
	ck_assert_int_eq(limiter->get_waiting(limiter), 1);
	ck_assert_int_eq(limiter->get_in_flight(limiter), 2);
	assert_leave(1, 0, 0);
	assert_leave(2, 3, 1);
}
END_TEST

START_TEST(test_report_per_burst)
{
	limiter = cluster_failover_limiter_create(1);
	ck_assert(limiter->enter(limiter, 1));
	ck_assert(!limiter->enter(limiter, 2));
	ck_assert(!limiter->enter(limiter, 3));
	ck_assert(!limiter->enter(limiter, 4));
	/* reported once, with all waiting */
	assert_leave(1, 2, 3);
	assert_leave(2, 3, 0);
	assert_leave(3, 4, 0);
	/* the queue ran empty, the next burst is reported again */
	ck_assert(!limiter->enter(limiter, 5));
	ck_assert(!limiter->enter(limiter, 6));
	assert_leave(4, 5, 2);
	/* a burst whose waiting ones all ended is over too */
	ck_assert(!limiter->enter(limiter, 7));
	assert_leave(6, 0, 0);
	assert_leave(7, 0, 0);
	ck_assert(!limiter->enter(limiter, 8));
	assert_leave(5, 8, 1);
}
END_TEST

Suite *limiter_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("limiter");

	tc = tcase_create("slots");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_unlimited);
	tcase_add_test(tc, test_bound);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_no_overtaking);
	tcase_add_test(tc, test_enter_again);
	tcase_add_test(tc, test_leave_waiting);
	tcase_add_test(tc, test_force);
	tcase_add_test(tc, test_force_waiting);
	tcase_add_test(tc, test_report_per_burst);
	suite_add_tcase(s, tc);

	return s;
}
