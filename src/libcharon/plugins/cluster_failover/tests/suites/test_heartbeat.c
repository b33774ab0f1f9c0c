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
#include "../../cluster_failover_heartbeat.h"

/**
 * Heartbeat under test: defer 1000ms, response 500ms, 2 tries, poll 100ms,
 * created at t=10000
 */
static cluster_failover_heartbeat_t *hb;

static void create(cluster_failover_heartbeat_mode_t mode)
{
	hb = cluster_failover_heartbeat_create(mode, 1000, 500, 2, 100, 10000);
}

static void teardown()
{
	hb->destroy(hb);
}

/**
 * Tick at a time and check action and next due time
 */
static void assert_tick(uint64_t now,
						cluster_failover_heartbeat_action_t action,
						uint64_t next)
{
	cluster_failover_heartbeat_action_t got;
	uint64_t due;

	got = hb->tick(hb, now, &due);
	ck_assert_msg(got == action, "at %llu: %N, expected %N",
				  (unsigned long long)now,
				  cluster_failover_heartbeat_action_names, got,
				  cluster_failover_heartbeat_action_names, action);
	ck_assert_msg(due == next, "at %llu: next %llu, expected %llu",
				  (unsigned long long)now, (unsigned long long)due,
				  (unsigned long long)next);
}

START_TEST(test_none)
{
	create(CF_HEARTBEAT_NONE);
	assert_tick(10000, CF_HEARTBEAT_WAIT, 0);
	hb->counted(hb, 10500, FALSE, TRUE);
	assert_tick(100000, CF_HEARTBEAT_WAIT, 0);
	ck_assert_int_eq(hb->get_unanswered(hb), 0);
	teardown();
}
END_TEST

START_TEST(test_instant_defer)
{
	create(CF_HEARTBEAT_INSTANT);
	/* nothing before the defer time since creation */
	assert_tick(10000, CF_HEARTBEAT_WAIT, 11000);
	assert_tick(10999, CF_HEARTBEAT_WAIT, 11000);
	/* traffic from the member postpones the heartbeat */
	hb->received(hb, 10800);
	assert_tick(11000, CF_HEARTBEAT_WAIT, 11800);
	assert_tick(11800, CF_HEARTBEAT_SEND, 12300);
	ck_assert_int_eq(hb->get_unanswered(hb), 1);
	teardown();
}
END_TEST

START_TEST(test_instant_idle_client)
{
	create(CF_HEARTBEAT_INSTANT);
	/* instant mode sends without any traffic from the client */
	assert_tick(11000, CF_HEARTBEAT_SEND, 11500);
	teardown();
}
END_TEST

START_TEST(test_answered)
{
	create(CF_HEARTBEAT_INSTANT);
	assert_tick(11000, CF_HEARTBEAT_SEND, 11500);
	/* the answer (or anything else) ends the check */
	hb->received(hb, 11020);
	assert_tick(11100, CF_HEARTBEAT_WAIT, 12020);
	ck_assert_int_eq(hb->get_unanswered(hb), 0);
	ck_assert_int_eq(hb->get_last_received(hb), 11020);
	teardown();
}
END_TEST

START_TEST(test_dead)
{
	create(CF_HEARTBEAT_INSTANT);
	assert_tick(11000, CF_HEARTBEAT_SEND, 11500);
	assert_tick(11499, CF_HEARTBEAT_WAIT, 11500);
	/* no answer within the response time: one more heartbeat */
	assert_tick(11500, CF_HEARTBEAT_RESEND, 12000);
	ck_assert_int_eq(hb->get_unanswered(hb), 2);
	assert_tick(11900, CF_HEARTBEAT_WAIT, 12000);
	/* no answer to that either: dead */
	assert_tick(12000, CF_HEARTBEAT_DEAD, 0);
	teardown();
}
END_TEST

START_TEST(test_late_tick)
{
	create(CF_HEARTBEAT_INSTANT);
	assert_tick(11000, CF_HEARTBEAT_SEND, 11500);
	/* a late tick still resends once before declaring the member dead */
	assert_tick(15000, CF_HEARTBEAT_RESEND, 15500);
	assert_tick(15500, CF_HEARTBEAT_DEAD, 0);
	teardown();
}
END_TEST

START_TEST(test_second_answered)
{
	create(CF_HEARTBEAT_INSTANT);
	assert_tick(11000, CF_HEARTBEAT_SEND, 11500);
	assert_tick(11500, CF_HEARTBEAT_RESEND, 12000);
	hb->received(hb, 11700);
	assert_tick(12000, CF_HEARTBEAT_WAIT, 12700);
	ck_assert_int_eq(hb->get_unanswered(hb), 0);
	/* a new check starts from scratch */
	assert_tick(12700, CF_HEARTBEAT_SEND, 13200);
	ck_assert_int_eq(hb->get_unanswered(hb), 1);
	teardown();
}
END_TEST

START_TEST(test_received_before_check)
{
	create(CF_HEARTBEAT_INSTANT);
	hb->received(hb, 10500);
	assert_tick(11500, CF_HEARTBEAT_SEND, 12000);
	/* an old observation does not answer the check */
	hb->received(hb, 11400);
	assert_tick(12000, CF_HEARTBEAT_RESEND, 12500);
	teardown();
}
END_TEST

START_TEST(test_deferred_idle)
{
	create(CF_HEARTBEAT_DEFERRED);
	/* an idle client stays silent, polling for its own traffic */
	assert_tick(11000, CF_HEARTBEAT_WAIT, 11100);
	assert_tick(50000, CF_HEARTBEAT_WAIT, 50100);
	ck_assert_int_eq(hb->get_unanswered(hb), 0);
	teardown();
}
END_TEST

START_TEST(test_deferred_traffic)
{
	create(CF_HEARTBEAT_DEFERRED);
	hb->counted(hb, 11000, FALSE, FALSE);
	assert_tick(11000, CF_HEARTBEAT_WAIT, 11100);
	/* the client sends (seen between the two counts, at 11050), nothing
	 * comes back for the defer time */
	hb->counted(hb, 11100, FALSE, TRUE);
	assert_tick(11100, CF_HEARTBEAT_SEND, 11600);
	assert_tick(11600, CF_HEARTBEAT_RESEND, 12100);
	assert_tick(12100, CF_HEARTBEAT_DEAD, 0);
	teardown();
}
END_TEST

START_TEST(test_deferred_sent_before_received)
{
	create(CF_HEARTBEAT_DEFERRED);
	/* traffic sent before the last answer does not count (counted at
	 * 10400, dated 10200) */
	hb->counted(hb, 10400, FALSE, TRUE);
	hb->received(hb, 10300);
	assert_tick(11300, CF_HEARTBEAT_WAIT, 11400);
	teardown();
}
END_TEST

START_TEST(test_both_ways)
{
	uint64_t t;

	create(CF_HEARTBEAT_INSTANT);
	/* while traffic flows both ways, no heartbeat is ever sent */
	for (t = 10000; t < 60000; t += 100)
	{
		hb->counted(hb, t, FALSE, TRUE);
		hb->received(hb, t);
		assert_tick(t, CF_HEARTBEAT_WAIT, t + 1000);
	}
	teardown();
}
END_TEST

START_TEST(test_counted_midpoint)
{
	create(CF_HEARTBEAT_INSTANT);
	/* counters polled every 100 ms: a packet counted at 10800 arrived
	 * after 10700, it is dated 10750 */
	hb->counted(hb, 10700, FALSE, FALSE);
	hb->counted(hb, 10800, TRUE, FALSE);
	ck_assert_int_eq(hb->get_last_received(hb), 10750);
	assert_tick(10800, CF_HEARTBEAT_WAIT, 11750);
	/* nothing counted: silence since then */
	hb->counted(hb, 11700, FALSE, FALSE);
	assert_tick(11750, CF_HEARTBEAT_SEND, 12250);
	/* a long gap between observations: the middle of it */
	hb->counted(hb, 12100, TRUE, FALSE);
	ck_assert_int_eq(hb->get_last_received(hb), 11900);
	assert_tick(12100, CF_HEARTBEAT_WAIT, 12900);
	ck_assert_int_eq(hb->get_unanswered(hb), 0);
	teardown();
}
END_TEST

START_TEST(test_counted_first)
{
	create(CF_HEARTBEAT_INSTANT);
	/* the first interval starts at the creation, at 10000 */
	hb->counted(hb, 10040, TRUE, FALSE);
	ck_assert_int_eq(hb->get_last_received(hb), 10020);
	/* an observation out of order dates nothing before the previous one */
	hb->counted(hb, 10000, TRUE, FALSE);
	ck_assert_int_eq(hb->get_last_received(hb), 10040);
	teardown();
}
END_TEST

START_TEST(test_counted_deferred)
{
	create(CF_HEARTBEAT_DEFERRED);
	/* traffic both ways in the same interval is no unanswered traffic */
	hb->counted(hb, 10100, TRUE, TRUE);
	assert_tick(11050, CF_HEARTBEAT_WAIT, 11150);
	/* sent only: the client waits for an answer, check the member */
	hb->counted(hb, 11200, FALSE, TRUE);
	assert_tick(11200, CF_HEARTBEAT_SEND, 11700);
	teardown();
}
END_TEST

START_TEST(test_single_try)
{
	hb = cluster_failover_heartbeat_create(CF_HEARTBEAT_INSTANT, 1000, 500, 1,
										   100, 0);
	assert_tick(1000, CF_HEARTBEAT_SEND, 1500);
	assert_tick(1500, CF_HEARTBEAT_DEAD, 0);
	teardown();
}
END_TEST

Suite *heartbeat_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("heartbeat");

	tc = tcase_create("modes");
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_instant_defer);
	tcase_add_test(tc, test_instant_idle_client);
	tcase_add_test(tc, test_deferred_idle);
	tcase_add_test(tc, test_deferred_traffic);
	tcase_add_test(tc, test_deferred_sent_before_received);
	tcase_add_test(tc, test_both_ways);
	suite_add_tcase(s, tc);

	tc = tcase_create("counters");
	tcase_add_test(tc, test_counted_midpoint);
	tcase_add_test(tc, test_counted_first);
	tcase_add_test(tc, test_counted_deferred);
	suite_add_tcase(s, tc);

	tc = tcase_create("response");
	tcase_add_test(tc, test_answered);
	tcase_add_test(tc, test_dead);
	tcase_add_test(tc, test_late_tick);
	tcase_add_test(tc, test_second_answered);
	tcase_add_test(tc, test_received_before_check);
	tcase_add_test(tc, test_single_try);
	suite_add_tcase(s, tc);

	return s;
}
