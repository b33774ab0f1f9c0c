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
#include "../../cluster_failover_conn.h"

/**
 * State machine under test
 */
static cluster_failover_conn_t *conn;

/**
 * Members: a is the preferred one
 */
static host_t *a, *b, *c;

/**
 * Last takeover
 */
static cluster_failover_takeover_t takeover;

/**
 * Settings of the cluster for the next takeovers
 */
static bool standby, fallback;

static void release()
{
	cluster_failover_failover_destroy(takeover.failover);
	DESTROY_IF(takeover.old_member);
	takeover = (cluster_failover_takeover_t){};
}

static void setup()
{
	conn = cluster_failover_conn_create("conn");
	a = host_create_from_string("10.0.0.1", 500);
	b = host_create_from_string("10.0.0.2", 500);
	c = host_create_from_string("10.0.0.3", 4500);
	standby = fallback = FALSE;
}

static void teardown()
{
	release();
	conn->destroy(conn);
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
}

/**
 * CHILD_SAs came up on an IKE_SA with a member
 */
static bool take(uint32_t id, host_t *member)
{
	release();
	return conn->take_over(conn, id, member, standby, fallback, a, &takeover);
}

/**
 * Declare the member of an IKE_SA lost, returns the standby to move to
 */
static uint32_t lose(uint32_t id, host_t *member, uint64_t declared)
{
	ck_assert(conn->may_fail_over(conn, id));
	return conn->fail_over(conn, cluster_failover_failover_create(id, member,
							"test", 100, declared, NULL, NULL));
}

static void assert_ids(uint32_t active, uint32_t standby_id)
{
	uint32_t got_active, got_standby;

	conn->get_ids(conn, &got_active, &got_standby);
	ck_assert_int_eq(got_active, active);
	ck_assert_int_eq(got_standby, standby_id);
}

START_TEST(test_name)
{
	ck_assert_str_eq(conn->get_name(conn), "conn");
	assert_ids(0, 0);
	ck_assert(!conn->is_active(conn, 1));
}
END_TEST

START_TEST(test_first_up)
{
	ck_assert(take(1, b));
	ck_assert_int_eq(takeover.actions, CF_ACTION_NONE);
	ck_assert_int_eq(takeover.old, 0);
	ck_assert(!takeover.old_member);
	ck_assert(conn->is_active(conn, 1));
	assert_ids(1, 0);
	/* more CHILD_SAs on the same IKE_SA */
	ck_assert(!take(1, b));
}
END_TEST

START_TEST(test_first_up_standby_fallback)
{
	standby = fallback = TRUE;
	ck_assert(take(1, b));
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_START_STANDBY | CF_ACTION_SCHEDULE_FALLBACK);
	/* pending and scheduled: not twice */
	ck_assert(take(2, c));
	ck_assert(!(takeover.actions & CF_ACTION_START_STANDBY));
	ck_assert(!(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK));
}
END_TEST

START_TEST(test_first_up_preferred)
{
	fallback = TRUE;
	ck_assert(take(1, a));
	ck_assert_int_eq(takeover.actions, CF_ACTION_NONE);
}
END_TEST

START_TEST(test_move)
{
	ck_assert(take(1, b));
	ck_assert(take(2, c));
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_REPORT_MOVE | CF_ACTION_RETIRE_OLD);
	ck_assert_int_eq(takeover.old, 1);
	ck_assert(takeover.old_member->ip_equals(takeover.old_member, b));
	ck_assert(!takeover.old_dead);
	ck_assert(!takeover.keep_old);
	assert_ids(2, 0);
}
END_TEST

START_TEST(test_move_keep_standby)
{
	standby = TRUE;
	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 5, &(uint32_t){0}));
	ck_assert(take(2, a));
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_REPORT_MOVE | CF_ACTION_RETIRE_OLD);
	ck_assert(takeover.keep_old);
	/* the stripped IKE_SA replaces the standby, which is retired */
	ck_assert_int_eq(conn->keep_standby(conn, 1), 5);
	assert_ids(2, 1);
	/* not if it is the active one again */
	ck_assert_int_eq(conn->keep_standby(conn, 2), 0);
	assert_ids(2, 1);
}
END_TEST

START_TEST(test_failover_via_standby)
{
	standby = TRUE;
	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	ck_assert_int_eq(lose(1, b, 1000), 2);
	ck_assert(!conn->may_fail_over(conn, 1));
	ck_assert(conn->is_failing_over(conn, 1, 1000));
	ck_assert(!conn->is_failing_over(conn, 1, 999));
	conn->set_via(conn, 1, 2);
	ck_assert_int_eq(conn->failing_via(conn, 2), 1);
	ck_assert(take(2, c));
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_REPORT_FAILOVER | CF_ACTION_CANCEL_REQUESTS |
					 CF_ACTION_RETIRE_OLD | CF_ACTION_START_STANDBY);
	ck_assert(takeover.old_dead);
	ck_assert(!takeover.keep_old);
	ck_assert_int_eq(takeover.failover->from_id, 1);
	ck_assert(takeover.failover->from->ip_equals(takeover.failover->from, b));
	ck_assert_int_eq(takeover.failover->detect, 100);
	ck_assert_str_eq(takeover.failover->cause, "test");
	assert_ids(2, 0);
	ck_assert(!conn->is_failing_over(conn, 1, 1000));
	ck_assert(conn->may_fail_over(conn, 2));
}
END_TEST

START_TEST(test_failover_new_request)
{
	ck_assert(take(1, b));
	ck_assert_int_eq(lose(1, b, 1000), 0);
	ck_assert_int_eq(conn->failing_via(conn, 0), 1);
	ck_assert(take(3, c));
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_REPORT_FAILOVER | CF_ACTION_CANCEL_REQUESTS |
					 CF_ACTION_RETIRE_OLD);
	ck_assert(takeover.old_dead);
}
END_TEST

START_TEST(test_failover_lost_gone)
{
	ck_assert(take(1, b));
	lose(1, b, 1000);
	ck_assert(!conn->ike_destroyed(conn, 1));
	ck_assert(!conn->is_active(conn, 1));
	ck_assert(take(3, c));
	/* the lost IKE_SA is not the old one: retired on its own */
	ck_assert_int_eq(takeover.actions,
					 CF_ACTION_REPORT_FAILOVER | CF_ACTION_CANCEL_REQUESTS |
					 CF_ACTION_RETIRE_LOST);
	ck_assert_int_eq(takeover.old, 0);
	ck_assert(!takeover.old_dead);
}
END_TEST

START_TEST(test_standby_failed)
{
	cluster_failover_failover_t *failover;

	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	ck_assert_int_eq(lose(1, b, 1000), 2);
	ck_assert(!conn->standby_failed(conn, 1, 2));
	conn->set_via(conn, 7, 2);
	ck_assert_int_eq(conn->failing_via(conn, 2), 0);
	conn->set_via(conn, 1, 2);
	ck_assert(!conn->standby_failed(conn, 1, 3));
	failover = conn->standby_failed(conn, 1, 2);
	ck_assert(failover);
	ck_assert_int_eq(failover->from_id, 1);
	ck_assert_int_eq(failover->via, 0);
	assert_ids(1, 0);
	/* once */
	ck_assert(!conn->standby_failed(conn, 1, 2));
	ck_assert_int_eq(conn->failing_via(conn, 2), 0);
	ck_assert(conn->is_failing_over(conn, 1, 1000));
}
END_TEST

START_TEST(test_revive)
{
	cluster_failover_failover_t *failover;

	ck_assert(take(1, b));
	ck_assert(!conn->revive(conn, 1));
	lose(1, b, 1000);
	ck_assert(!conn->revive(conn, 2));
	failover = conn->revive(conn, 1);
	ck_assert(failover);
	ck_assert_int_eq(failover->declared, 1000);
	cluster_failover_failover_destroy(failover);
	ck_assert(!conn->is_failing_over(conn, 1, 1000));
	ck_assert(conn->may_fail_over(conn, 1));
	ck_assert(conn->is_active(conn, 1));
}
END_TEST

START_TEST(test_give_up)
{
	cluster_failover_failover_t *failover;

	ck_assert(take(1, b));
	ck_assert(!conn->give_up(conn));
	lose(1, b, 1000);
	failover = conn->give_up(conn);
	ck_assert(failover);
	ck_assert_int_eq(failover->from_id, 1);
	cluster_failover_failover_destroy(failover);
	ck_assert(!conn->give_up(conn));
	ck_assert(conn->may_fail_over(conn, 1));
}
END_TEST

START_TEST(test_standby_exhausted)
{
	host_t *exclude;

	standby = TRUE;
	ck_assert(take(1, b));
	ck_assert(takeover.actions & CF_ACTION_START_STANDBY);
	ck_assert(!conn->lacks_standby(conn));
	conn->standby_exhausted(conn);
	ck_assert(conn->lacks_standby(conn));
	exclude = conn->start_standby(conn);
	ck_assert(exclude->ip_equals(exclude, b));
	exclude->destroy(exclude);
	ck_assert(!conn->lacks_standby(conn));
}
END_TEST

START_TEST(test_standby_refused)
{
	standby = TRUE;
	ck_assert(take(1, b));
	ck_assert(takeover.actions & CF_ACTION_START_STANDBY);
	/* only the standby can be refused, once */
	ck_assert(!conn->refuse_standby(conn, 2));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	ck_assert(!conn->refuse_standby(conn, 1));
	ck_assert(conn->refuse_standby(conn, 2));
	ck_assert(!conn->refuse_standby(conn, 2));
	assert_ids(1, 0);
	/* no standby is set up again, neither as it is gone nor on failover */
	ck_assert(!conn->ike_destroyed(conn, 2));
	ck_assert(!conn->lacks_standby(conn));
	ck_assert_int_eq(lose(1, b, 100), 0);
	ck_assert(take(3, c));
	ck_assert(!(takeover.actions & CF_ACTION_START_STANDBY));
	ck_assert(!conn->lacks_standby(conn));
}
END_TEST

START_TEST(test_standby_up)
{
	uint32_t previous;

	/* no active IKE_SA yet */
	ck_assert(conn->standby_up(conn, 1, &previous));
	ck_assert_int_eq(previous, 0);
	ck_assert(take(2, b));
	ck_assert(!conn->standby_up(conn, 2, &previous));
	ck_assert(!conn->standby_up(conn, 1, &previous));
	/* never two standby IKE_SAs */
	ck_assert(conn->standby_up(conn, 3, &previous));
	ck_assert_int_eq(previous, 1);
	assert_ids(2, 3);
	/* a standby that took over is not retired */
	ck_assert(take(3, c));
	assert_ids(3, 0);
	ck_assert(conn->standby_up(conn, 4, &previous));
	ck_assert_int_eq(previous, 0);
}
END_TEST

START_TEST(test_standby_up_active)
{
	uint32_t previous;

	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &previous));
	/* defensive: a standby that is the active one is never retired */
	conn->replace_id(conn, 2, 1);
	assert_ids(1, 1);
	ck_assert(conn->standby_up(conn, 3, &previous));
	ck_assert_int_eq(previous, 0);
	ck_assert_int_eq(conn->keep_standby(conn, 4), 3);
}
END_TEST

START_TEST(test_standby_up_pending)
{
	standby = TRUE;
	ck_assert(take(1, b));
	ck_assert(!conn->lacks_standby(conn));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	ck_assert(conn->ike_destroyed(conn, 2));
	/* no longer pending */
	ck_assert(conn->lacks_standby(conn));
}
END_TEST

START_TEST(test_ike_destroyed)
{
	uint32_t previous;

	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &previous));
	ck_assert(!conn->ike_destroyed(conn, 3));
	assert_ids(1, 2);
	ck_assert(conn->ike_destroyed(conn, 2));
	assert_ids(1, 0);
	ck_assert(conn->lacks_standby(conn));
	ck_assert(!conn->ike_destroyed(conn, 1));
	assert_ids(0, 0);
	ck_assert(!conn->lacks_standby(conn));
}
END_TEST

START_TEST(test_lacks_standby_failover)
{
	ck_assert(take(1, b));
	ck_assert(conn->lacks_standby(conn));
	lose(1, b, 1000);
	ck_assert(!conn->lacks_standby(conn));
}
END_TEST

START_TEST(test_reauth_break_before_make)
{
	ck_assert(take(1, b));
	lose(1, b, 1000);
	conn->reauthenticate(conn, 1, 2);
	ck_assert(take(2, b));
	ck_assert_int_eq(takeover.actions, CF_ACTION_REPORT_REAUTH);
	ck_assert(!takeover.failover);
	/* the failover stays in progress */
	ck_assert(!conn->may_fail_over(conn, 2));
	/* charon deleted the old IKE_SA, the new one is not reauth any more */
	ck_assert(!conn->ike_destroyed(conn, 1));
	ck_assert(take(3, c));
	ck_assert(takeover.actions & CF_ACTION_REPORT_FAILOVER);
}
END_TEST

START_TEST(test_reauth_destroyed)
{
	ck_assert(take(1, b));
	conn->reauthenticate(conn, 1, 2);
	ck_assert(!conn->standby_up(conn, 2, &(uint32_t){0}));
	ck_assert(!conn->ike_destroyed(conn, 2));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
}
END_TEST

START_TEST(test_reauth_standby)
{
	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	conn->reauthenticate(conn, 2, 3);
	assert_ids(1, 3);
	/* unknown IKE_SAs are ignored */
	conn->reauthenticate(conn, 7, 8);
	assert_ids(1, 3);
	ck_assert(take(8, c));
	ck_assert(takeover.actions & CF_ACTION_REPORT_MOVE);
}
END_TEST

START_TEST(test_reauth_make_before_break)
{
	ck_assert(take(1, b));
	conn->reauth_started(conn, 7);
	ck_assert(take(2, b));
	ck_assert(takeover.actions & CF_ACTION_REPORT_MOVE);
	conn->reauth_started(conn, 2);
	/* another member is no reauthentication */
	ck_assert(take(3, c));
	ck_assert(takeover.actions & CF_ACTION_REPORT_MOVE);
	conn->reauth_started(conn, 3);
	ck_assert(take(4, c));
	ck_assert_int_eq(takeover.actions, CF_ACTION_REPORT_REAUTH);
	ck_assert_int_eq(takeover.old, 3);
	/* done with it */
	ck_assert(take(5, c));
	ck_assert(takeover.actions & CF_ACTION_REPORT_MOVE);
}
END_TEST

START_TEST(test_replace_id)
{
	ck_assert(take(1, b));
	ck_assert(conn->standby_up(conn, 2, &(uint32_t){0}));
	conn->replace_id(conn, 1, 11);
	conn->replace_id(conn, 2, 12);
	assert_ids(11, 12);
	ck_assert_int_eq(lose(11, b, 1000), 12);
	conn->set_via(conn, 11, 12);
	conn->replace_id(conn, 11, 21);
	conn->replace_id(conn, 12, 22);
	assert_ids(21, 22);
	ck_assert(conn->is_failing_over(conn, 21, 1000));
	ck_assert_int_eq(conn->failing_via(conn, 22), 21);
	ck_assert(take(22, c));
	ck_assert(takeover.old_dead);
	ck_assert_int_eq(takeover.old, 21);
}
END_TEST

START_TEST(test_replace_id_reauth)
{
	ck_assert(take(1, b));
	conn->reauthenticate(conn, 1, 2);
	conn->replace_id(conn, 2, 3);
	ck_assert(take(3, b));
	ck_assert_int_eq(takeover.actions, CF_ACTION_REPORT_REAUTH);
	conn->reauth_started(conn, 3);
	conn->replace_id(conn, 3, 4);
	ck_assert(take(5, b));
	ck_assert_int_eq(takeover.actions, CF_ACTION_REPORT_REAUTH);
}
END_TEST

START_TEST(test_fallback_due)
{
	fallback = TRUE;
	ck_assert_int_eq(conn->fallback_due(conn, a, TRUE), 0);
	ck_assert(take(1, b));
	ck_assert(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK);
	ck_assert_int_eq(conn->fallback_due(conn, a, TRUE), 1);
	ck_assert_int_eq(conn->fallback_due(conn, NULL, TRUE), 0);
	/* no longer scheduled: the next takeover schedules it again */
	ck_assert(take(2, c));
	ck_assert(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK);
	ck_assert(take(3, b));
	ck_assert(!(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK));
}
END_TEST

START_TEST(test_fallback_not_due)
{
	fallback = TRUE;
	ck_assert(take(1, b));
	ck_assert_int_eq(conn->fallback_due(conn, a, FALSE), 0);
	ck_assert(take(2, c));
	ck_assert(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK);
	lose(2, c, 1000);
	ck_assert_int_eq(conn->fallback_due(conn, a, TRUE), 0);
	ck_assert(take(3, a));
	ck_assert(!(takeover.actions & CF_ACTION_SCHEDULE_FALLBACK));
	ck_assert_int_eq(conn->fallback_due(conn, a, TRUE), 0);
	ck_assert(!conn->ike_destroyed(conn, 3));
	ck_assert_int_eq(conn->fallback_due(conn, c, TRUE), 0);
}
END_TEST

Suite *conn_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("conn");

	tc = tcase_create("active");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_name);
	tcase_add_test(tc, test_first_up);
	tcase_add_test(tc, test_first_up_standby_fallback);
	tcase_add_test(tc, test_first_up_preferred);
	tcase_add_test(tc, test_move);
	tcase_add_test(tc, test_move_keep_standby);
	suite_add_tcase(s, tc);

	tc = tcase_create("failover");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_failover_via_standby);
	tcase_add_test(tc, test_failover_new_request);
	tcase_add_test(tc, test_failover_lost_gone);
	tcase_add_test(tc, test_standby_failed);
	tcase_add_test(tc, test_revive);
	tcase_add_test(tc, test_give_up);
	suite_add_tcase(s, tc);

	tc = tcase_create("standby");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_standby_exhausted);
	tcase_add_test(tc, test_standby_refused);
	tcase_add_test(tc, test_standby_up);
	tcase_add_test(tc, test_standby_up_active);
	tcase_add_test(tc, test_standby_up_pending);
	tcase_add_test(tc, test_ike_destroyed);
	tcase_add_test(tc, test_lacks_standby_failover);
	suite_add_tcase(s, tc);

	tc = tcase_create("reauth and rekey");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reauth_break_before_make);
	tcase_add_test(tc, test_reauth_destroyed);
	tcase_add_test(tc, test_reauth_standby);
	tcase_add_test(tc, test_reauth_make_before_break);
	tcase_add_test(tc, test_replace_id);
	tcase_add_test(tc, test_replace_id_reauth);
	suite_add_tcase(s, tc);

	tc = tcase_create("fallback");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fallback_due);
	tcase_add_test(tc, test_fallback_not_due);
	suite_add_tcase(s, tc);

	return s;
}
