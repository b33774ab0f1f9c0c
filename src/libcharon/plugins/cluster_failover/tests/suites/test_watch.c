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
#include "../../cluster_failover_watch.h"

/**
 * Start time of the fake clock
 */
#define START 10000

/**
 * Watch under test
 */
static cluster_failover_watch_t *watch;

/**
 * Fake clock, the time of the next decision
 */
static uint64_t now;

/**
 * Last decision
 */
static cluster_failover_watch_decision_t decision;

/**
 * Whether the last probe counts as answered in the next decisions
 */
static bool answered;

/**
 * Packet counters of the CHILD_SAs reported before each decision
 */
static struct {
	uint32_t spi;
	bool inbound;
	uint64_t packets;
} sas[4];

/**
 * Number of SAs in sas
 */
static int sa_count;

/**
 * Create a watch with defer 1000ms, response 500ms, 3 tries and a poll
 * interval of 100ms, at START
 */
static void create(cluster_failover_heartbeat_mode_t mode, bool probe,
				   uint32_t probe_interval, u_int probe_tries)
{
	watch = cluster_failover_watch_create(mode, 1000, 500, 3, 100, probe,
										  probe_interval, probe_tries, START);
	now = START;
	answered = FALSE;
	sa_count = 0;
}

static void teardown()
{
	DESTROY_IF(watch);
	watch = NULL;
}

/**
 * Set the counter of an SA, adding it if it is unknown
 */
static void set_sa(uint32_t spi, bool inbound, uint64_t packets)
{
	int i;

	for (i = 0; i < sa_count; i++)
	{
		if (sas[i].spi == spi && sas[i].inbound == inbound)
		{
			sas[i].packets = packets;
			return;
		}
	}
	ck_assert(sa_count < countof(sas));
	sas[sa_count].spi = spi;
	sas[sa_count].inbound = inbound;
	sas[sa_count].packets = packets;
	sa_count++;
}

/**
 * Remove an SA, as when it expired
 */
static void remove_sa(uint32_t spi, bool inbound)
{
	int i;

	for (i = 0; i < sa_count; i++)
	{
		if (sas[i].spi == spi && sas[i].inbound == inbound)
		{
			sas[i] = sas[--sa_count];
			return;
		}
	}
	ck_assert_msg(FALSE, "SA %u not found", spi);
}

/**
 * Report the counters and decide at the current time, then advance the
 * clock to the time the next decision is due, unless the member is dead
 */
static cluster_failover_heartbeat_action_t step()
{
	int i;

	for (i = 0; i < sa_count; i++)
	{
		watch->count(watch, sas[i].spi, sas[i].inbound, sas[i].packets);
	}
	watch->decide(watch, now, answered, &decision);
	if (decision.action == CF_HEARTBEAT_DEAD)
	{	/* no further decision */
		return decision.action;
	}
	ck_assert_msg(decision.next > now, "at %llu: next %llu is not later",
				  (unsigned long long)now, (unsigned long long)decision.next);
	ck_assert_msg(decision.next <= now + 100, "at %llu: next %llu is later "
				  "than the poll interval", (unsigned long long)now,
				  (unsigned long long)decision.next);
	now = decision.next;
	return decision.action;
}

/**
 * Decide at the due times until the clock reaches the given time or the
 * member is dead, and check the log of what was decided: "<time> <action>
 * <count>" for each heartbeat action but wait, "<time> probe <seq>" for
 * each probe, comma separated
 */
static void assert_run(uint64_t until, char *expected)
{
	char buf[512] = "", *pos = buf;
	uint64_t at;

	while (now < until)
	{
		at = now;
		step();
		if (decision.probe)
		{
			pos += snprintf(pos, sizeof(buf) - (pos - buf), "%s%llu probe %u",
							pos == buf ? "" : ", ", (unsigned long long)at,
							decision.seq);
		}
		if (decision.action != CF_HEARTBEAT_WAIT)
		{
			pos += snprintf(pos, sizeof(buf) - (pos - buf), "%s%llu %N %u",
							pos == buf ? "" : ", ", (unsigned long long)at,
							cluster_failover_heartbeat_action_names,
							decision.action, decision.count);
		}
		if (decision.action == CF_HEARTBEAT_DEAD)
		{
			break;
		}
	}
	ck_assert_str_eq(buf, expected);
}

/*******************************************************************************
 * heartbeats
 */

START_TEST(test_instant_dead)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	/* nothing received: a check after the defer time, dead once all three
	 * heartbeats went unanswered for the response time each */
	assert_run(20000, "11000 send 1, 11500 resend 2, 12000 resend 3, "
				"12500 dead 3");
	ck_assert_str_eq(decision.cause, "heartbeat timeout");
	ck_assert(!decision.probe_failed);
	ck_assert_int_eq(decision.detect, 2500);
}
END_TEST

START_TEST(test_instant_unanswered)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	assert_run(11001, "11000 send 1");
	ck_assert_int_eq(watch->get_unanswered(watch), 1);
	assert_run(11501, "11500 resend 2");
	ck_assert_int_eq(watch->get_unanswered(watch), 2);
}
END_TEST

START_TEST(test_received_answers)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	assert_run(11001, "11000 send 1");
	/* an answer ends the check, the next one after the defer time */
	ck_assert_int_eq(now, 11100);
	watch->received(watch, now);
	assert_run(12101, "12100 send 1");
}
END_TEST

START_TEST(test_inbound_postpones)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 0);
	assert_run(10500, "");
	/* packets counted at 10500 arrived between 10400 and 10500, dated to
	 * 10450 */
	set_sa(0x1000, TRUE, 3);
	assert_run(11451, "11450 send 1");
}
END_TEST

START_TEST(test_counter_unchanged)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	/* a counter that does not rise is no activity, even if not zero */
	set_sa(0x1000, TRUE, 5);
	assert_run(10001, "");
	assert_run(11001, "11000 send 1");
}
END_TEST

START_TEST(test_outbound_ignored_instant)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, FALSE, 0);
	assert_run(10500, "");
	/* the client's own traffic proves nothing */
	set_sa(0x1000, FALSE, 10);
	assert_run(11001, "11000 send 1");
}
END_TEST

START_TEST(test_expired_sa_not_activity)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 10);
	set_sa(0x2000, TRUE, 20);
	/* known from the start, counted at 10000 */
	assert_run(10001, "");
	assert_run(10500, "");
	/* the second SA expires, taking its packets with it */
	remove_sa(0x2000, TRUE);
	assert_run(11001, "11000 send 1");
}
END_TEST

START_TEST(test_expired_sa_not_hiding)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 10);
	set_sa(0x2000, TRUE, 20);
	assert_run(10500, "");
	/* the second SA expires while the first receives: fewer packets in
	 * sum than before, but traffic */
	remove_sa(0x2000, TRUE);
	set_sa(0x1000, TRUE, 15);
	assert_run(11451, "11450 send 1");
}
END_TEST

START_TEST(test_new_sa_activity)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 10);
	assert_run(10500, "");
	/* a new SA (e.g. of a CHILD_SA rekeying) that received packets */
	remove_sa(0x1000, TRUE);
	set_sa(0x3000, TRUE, 1);
	assert_run(11451, "11450 send 1");
}
END_TEST

START_TEST(test_new_sa_zero)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 10);
	assert_run(10500, "");
	/* a new SA that received nothing yet */
	set_sa(0x3000, TRUE, 0);
	assert_run(11001, "11000 send 1");
}
END_TEST

START_TEST(test_deferred_idle)
{
	create(CF_HEARTBEAT_DEFERRED, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 0);
	set_sa(0x1001, FALSE, 0);
	/* silent both ways, nothing to check */
	assert_run(30000, "");
}
END_TEST

START_TEST(test_deferred_outbound)
{
	create(CF_HEARTBEAT_DEFERRED, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 0);
	set_sa(0x1001, FALSE, 0);
	assert_run(10500, "");
	/* the client sends, nothing comes back: a check once the defer time
	 * since the last inbound traffic passed */
	set_sa(0x1001, FALSE, 4);
	assert_run(20000, "11000 send 1, 11500 resend 2, 12000 resend 3, "
				"12500 dead 3");
}
END_TEST

START_TEST(test_deferred_answered)
{
	create(CF_HEARTBEAT_DEFERRED, FALSE, 0, 0);
	set_sa(0x1000, TRUE, 0);
	set_sa(0x1001, FALSE, 0);
	assert_run(10500, "");
	/* the client sends and receives, nothing to check */
	set_sa(0x1001, FALSE, 4);
	set_sa(0x1000, TRUE, 4);
	assert_run(30000, "");
}
END_TEST

/*******************************************************************************
 * data-path probes
 */

START_TEST(test_probe_unanswered)
{
	create(CF_HEARTBEAT_NONE, TRUE, 1000, 3);
	/* the first probe one interval after the start, then one per interval
	 * until three in a row went unanswered */
	assert_run(20000, "11000 probe 1, 12000 probe 2, 13000 probe 3, "
				"14000 dead 3");
	ck_assert_str_eq(decision.cause, "data-path probe timeout");
	ck_assert(decision.probe_failed);
	ck_assert_int_eq(decision.detect, 4000);
}
END_TEST

START_TEST(test_probe_answered)
{
	create(CF_HEARTBEAT_NONE, TRUE, 1000, 3);
	answered = TRUE;
	assert_run(16001, "11000 probe 1, 12000 probe 2, 13000 probe 3, "
				"14000 probe 4, 15000 probe 5, 16000 probe 6");
	ck_assert_int_eq(watch->get_probe_seq(watch), 6);
}
END_TEST

START_TEST(test_probe_answer_resets)
{
	create(CF_HEARTBEAT_NONE, TRUE, 1000, 3);
	assert_run(13001, "11000 probe 1, 12000 probe 2, 13000 probe 3");
	/* two unanswered; the third is answered, which starts the count anew */
	answered = TRUE;
	assert_run(14001, "14000 probe 4");
	answered = FALSE;
	assert_run(20000, "15000 probe 5, 16000 probe 6, 17000 dead 3");
}
END_TEST

START_TEST(test_probe_and_heartbeat)
{
	create(CF_HEARTBEAT_INSTANT, TRUE, 1000, 3);
	answered = TRUE;
	/* probes answered do not keep the heartbeats from failing the member */
	assert_run(20000, "11000 probe 1, 11000 send 1, 11500 resend 2, "
				"12000 probe 2, 12000 resend 3, 12500 dead 3");
	ck_assert_str_eq(decision.cause, "heartbeat timeout");
}
END_TEST

START_TEST(test_probe_seq_wrap)
{
	int i;

	create(CF_HEARTBEAT_NONE, TRUE, 100, 3);
	answered = TRUE;
	for (i = 1; i <= 0xffff; i++)
	{
		do
		{
			step();
		}
		while (!decision.probe);
		ck_assert_int_eq(decision.seq, i);
	}
	/* 0 means no probe was sent, it is skipped */
	do
	{
		step();
	}
	while (!decision.probe);
	ck_assert_int_eq(decision.seq, 1);
	ck_assert_int_eq(watch->get_probe_seq(watch), 1);
}
END_TEST

START_TEST(test_no_probe)
{
	create(CF_HEARTBEAT_DEFERRED, FALSE, 1000, 3);
	assert_run(30000, "");
	ck_assert_int_eq(watch->get_probe_seq(watch), 0);
}
END_TEST

/*******************************************************************************
 * the client's path to the member, and a lost member
 */

/**
 * Decide at the given time, reporting the counters first
 */
static cluster_failover_heartbeat_action_t decide_at(uint64_t at)
{
	int i;

	now = at;
	for (i = 0; i < sa_count; i++)
	{
		watch->count(watch, sas[i].spi, sas[i].inbound, sas[i].packets);
	}
	return watch->decide(watch, now, answered, &decision);
}

/**
 * Run an instant watch until the member would be dead, at 12500
 */
static void run_to_dead()
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	assert_run(20000, "11000 send 1, 11500 resend 2, 12000 resend 3, "
				"12500 dead 3");
	ck_assert(decision.check_path);
}

START_TEST(test_path_down_not_dead)
{
	uint64_t at;

	run_to_dead();
	watch->path_down(watch, 12500);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_PATH_DOWN);
	for (at = 12500; at < 60000; at = decision.next)
	{
		ck_assert_int_eq(decide_at(at), CF_HEARTBEAT_WAIT);
		ck_assert(decision.check_path);
		ck_assert(!decision.path_back);
		ck_assert(decision.next >= at + 200);
	}
}
END_TEST

START_TEST(test_path_back_unanswered)
{
	run_to_dead();
	watch->path_down(watch, 12500);
	decide_at(13000);
	ck_assert_int_eq(watch->path_back(watch, 20000), 7500);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
	/* the caller sent the unanswered request again at 20000 */
	ck_assert_int_eq(watch->get_unanswered(watch), 1);
	now = 20000;
	assert_run(30000, "20500 resend 2, 21000 resend 3, 21500 dead 3");
	ck_assert_str_eq(decision.cause, "no answer after the path came back");
}
END_TEST

START_TEST(test_path_back_answered)
{
	run_to_dead();
	watch->path_down(watch, 12500);
	watch->path_back(watch, 20000);
	watch->received(watch, 20100);
	now = 20000;
	assert_run(23000, "21100 send 1, 21600 resend 2, 22100 resend 3, "
				"22600 dead 3");
	ck_assert_str_eq(decision.cause, "heartbeat timeout");
}
END_TEST

START_TEST(test_path_back_by_esp)
{
	set_sa(1, TRUE, 5);
	run_to_dead();
	watch->path_down(watch, 12500);
	ck_assert_int_eq(decide_at(13000), CF_HEARTBEAT_WAIT);
	ck_assert(!decision.path_back);
	set_sa(1, TRUE, 6);
	decide_at(15000);
	ck_assert(decision.path_back);
	ck_assert_int_eq(decision.detect, 2500);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
}
END_TEST

START_TEST(test_path_back_by_esp_probes)
{
	uint64_t at;
	uint64_t packets = 5;

	create(CF_HEARTBEAT_INSTANT, TRUE, 1000, 3);
	set_sa(1, TRUE, packets);
	assert_run(20000, "11000 probe 1, 11000 send 1, 11500 resend 2, "
			   "12000 probe 2, 12000 resend 3, 12500 dead 3");
	watch->path_down(watch, 12500);
	decide_at(13000);
	/* ESP from the member ends the wait; the probes sent before don't
	 * count, those after it get their full interval and tries */
	set_sa(1, TRUE, ++packets);
	decide_at(15000);
	ck_assert(decision.path_back);
	for (at = 15100; at < 17900; at += 100)
	{
		set_sa(1, TRUE, ++packets);
		ck_assert_msg(decide_at(at) != CF_HEARTBEAT_DEAD, "member failed the "
					  "probes at %llu, right after the path came back",
					  (unsigned long long)at);
	}
}
END_TEST

START_TEST(test_path_back_when_up)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	ck_assert_int_eq(watch->path_back(watch, 10500), 0);
	ck_assert_int_eq(watch->get_unanswered(watch), 0);
}
END_TEST

/**
 * Decide at each due time until the given time, and log the resends
 */
static void assert_lost_run(uint64_t until, char *expected)
{
	char buf[512] = "", *pos = buf;

	while (now < until)
	{
		if (decide_at(now) == CF_HEARTBEAT_RESEND)
		{
			pos += snprintf(pos, sizeof(buf) - (pos - buf), "%s%llu",
							pos == buf ? "" : ", ", (unsigned long long)now);
		}
		ck_assert(decision.action != CF_HEARTBEAT_DEAD);
		ck_assert(!decision.revived);
		ck_assert(decision.next > now);
		now = decision.next;
	}
	ck_assert_str_eq(buf, expected);
}

START_TEST(test_lost_backs_off)
{
	run_to_dead();
	watch->lost(watch, 12500);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_LOST);
	now = 12500;
	/* after the response time, then doubling up to the defer time */
	assert_lost_run(16500, "13000, 14000, 15000, 16000");
}
END_TEST

START_TEST(test_lost_revived)
{
	run_to_dead();
	watch->lost(watch, 12500);
	now = 12500;
	assert_lost_run(13500, "13000");
	watch->received(watch, 13600);
	decide_at(13700);
	ck_assert(decision.revived);
}
END_TEST

START_TEST(test_lost_revived_by_esp)
{
	set_sa(1, TRUE, 5);
	run_to_dead();
	watch->lost(watch, 12500);
	now = 12500;
	assert_lost_run(13500, "13000");
	set_sa(1, TRUE, 7);
	decide_at(13600);
	ck_assert(decision.revived);
}
END_TEST

START_TEST(test_lost_resumed)
{
	run_to_dead();
	watch->lost(watch, 12500);
	now = 12500;
	assert_lost_run(13500, "13000");
	watch->received(watch, 13600);
	decide_at(13700);
	ck_assert(decision.revived);
	/* in use again: the caller sends the unanswered request at once, which
	 * the member must answer like a heartbeat */
	watch->revive(watch, 13700, TRUE);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
	ck_assert_int_eq(watch->get_unanswered(watch), 1);
	now = 13700;
	assert_run(20000, "14200 resend 2, 14700 resend 3, 15200 dead 3");
}
END_TEST

START_TEST(test_lost_resumed_answered)
{
	run_to_dead();
	watch->lost(watch, 12500);
	now = 12500;
	assert_lost_run(13500, "13000");
	watch->received(watch, 13600);
	decide_at(13700);
	ck_assert(decision.revived);
	/* the request was answered: nothing outstanding, a check only after
	 * the defer time */
	watch->revive(watch, 13700, FALSE);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
	now = 13700;
	assert_run(16300, "14700 send 1, 15200 resend 2, 15700 resend 3, "
			   "16200 dead 3");
}
END_TEST

START_TEST(test_revive_when_up)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	watch->revive(watch, 10500, TRUE);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
	ck_assert_int_eq(watch->get_unanswered(watch), 0);
}
END_TEST

/*******************************************************************************
 * the result of a path check completes a decision
 */

START_TEST(test_checked_no_path)
{
	run_to_dead();
	watch->checked_path(watch, 12500, FALSE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_WAIT);
	ck_assert(decision.path_down);
	ck_assert(!decision.path_back);
	ck_assert_int_eq(decision.next, 12500 + CF_WATCH_MIN_POLL);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_PATH_DOWN);
}
END_TEST

START_TEST(test_checked_path_lost)
{
	run_to_dead();
	watch->checked_path(watch, 12500, TRUE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_DEAD);
	ck_assert(!decision.path_down);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_LOST);
	/* lost: the request goes out again after the response time */
	ck_assert_int_eq(decide_at(12900), CF_HEARTBEAT_WAIT);
	ck_assert_int_eq(decide_at(13000), CF_HEARTBEAT_RESEND);
}
END_TEST

START_TEST(test_checked_path_probe_failed)
{
	create(CF_HEARTBEAT_NONE, TRUE, 1000, 3);
	while (step() != CF_HEARTBEAT_DEAD)
	{
		ck_assert(now < 20000);
	}
	ck_assert(decision.probe_failed);
	watch->checked_path(watch, now, TRUE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_DEAD);
	/* no answer can call a failed data path off */
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
}
END_TEST

START_TEST(test_checked_path_not_dead)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	ck_assert_int_eq(decide_at(10100), CF_HEARTBEAT_WAIT);
	watch->checked_path(watch, 10100, FALSE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_WAIT);
	ck_assert(!decision.path_down);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
}
END_TEST

/**
 * Run to dead and lose the path at 12500, look for it at 13000
 */
static void run_to_path_down()
{
	run_to_dead();
	watch->checked_path(watch, 12500, FALSE, TRUE, &decision);
	ck_assert_int_eq(decide_at(13000), CF_HEARTBEAT_WAIT);
	ck_assert(decision.check_path);
}

START_TEST(test_checked_path_still_down)
{
	run_to_path_down();
	watch->checked_path(watch, 13000, FALSE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_WAIT);
	ck_assert(!decision.path_back);
	ck_assert(!decision.path_down);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_PATH_DOWN);
}
END_TEST

START_TEST(test_checked_path_back_request)
{
	run_to_path_down();
	ck_assert_int_eq(decide_at(20000), CF_HEARTBEAT_WAIT);
	watch->checked_path(watch, 20000, TRUE, TRUE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_RESEND);
	ck_assert(decision.path_back);
	ck_assert_int_eq(decision.detect, 7500);
	ck_assert_int_eq(decision.count, 1);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_UP);
}
END_TEST

START_TEST(test_checked_path_back_no_request)
{
	run_to_path_down();
	ck_assert_int_eq(decide_at(20000), CF_HEARTBEAT_WAIT);
	watch->checked_path(watch, 20000, TRUE, FALSE, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_SEND);
	ck_assert(decision.path_back);
	ck_assert_int_eq(decision.count, 1);
}
END_TEST

START_TEST(test_checked_path_when_lost)
{
	run_to_dead();
	watch->checked_path(watch, 12500, TRUE, TRUE, &decision);
	decide_at(12600);
	watch->checked_path(watch, 12600, FALSE, TRUE, &decision);
	ck_assert(!decision.path_down);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_LOST);
}
END_TEST

/*******************************************************************************
 * what to observe, and when
 */

START_TEST(test_member_dead)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	/* idle, no heartbeat of its own is due yet */
	ck_assert_int_eq(decide_at(10300), CF_HEARTBEAT_WAIT);
	watch->member_dead(watch, 10300, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_DEAD);
	ck_assert(!decision.probe_failed);
	ck_assert(decision.check_path);
	ck_assert_int_eq(decision.detect, 300);
	ck_assert_str_eq(decision.cause, "heartbeat timeout");
	/* a path to the member: lost like after its own heartbeats */
	watch->checked_path(watch, 10300, TRUE, FALSE, &decision);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_LOST);
}
END_TEST

START_TEST(test_member_dead_not_in_use)
{
	run_to_dead();
	watch->lost(watch, 12500);
	decide_at(12600);
	watch->member_dead(watch, 12600, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_WAIT);
	ck_assert_int_eq(watch->get_state(watch), CF_WATCH_LOST);
	/* nor while the path is down */
	watch->destroy(watch);
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	watch->path_down(watch, 10100);
	decide_at(10200);
	watch->member_dead(watch, 10200, &decision);
	ck_assert_int_eq(decision.action, CF_HEARTBEAT_WAIT);
}
END_TEST

START_TEST(test_last_received)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	ck_assert_int_eq(watch->get_last_received(watch), START);
	watch->received(watch, 10400);
	ck_assert_int_eq(watch->get_last_received(watch), 10400);
	/* ESP counted between 10400 and 10600 is dated to the middle */
	set_sa(1, TRUE, 1);
	decide_at(10400);
	set_sa(1, TRUE, 2);
	decide_at(10600);
	ck_assert_int_eq(watch->get_last_received(watch), 10500);
}
END_TEST

START_TEST(test_counts_outbound)
{
	create(CF_HEARTBEAT_DEFERRED, FALSE, 0, 0);
	ck_assert(watch->counts_outbound(watch));
	teardown();
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	ck_assert(!watch->counts_outbound(watch));
	teardown();
	create(CF_HEARTBEAT_NONE, TRUE, 1000, 3);
	ck_assert(!watch->counts_outbound(watch));
}
END_TEST

START_TEST(test_poll)
{
	/* a tenth of the shorter of defer and response time */
	ck_assert_int_eq(cluster_failover_watch_poll(5000, 1000), 100);
	ck_assert_int_eq(cluster_failover_watch_poll(1000, 3000), 100);
	ck_assert_int_eq(cluster_failover_watch_poll(300, 1000), 30);
	/* within the bounds */
	ck_assert_int_eq(cluster_failover_watch_poll(150, 1000), CF_WATCH_MIN_POLL);
	ck_assert_int_eq(cluster_failover_watch_poll(1, 1), CF_WATCH_MIN_POLL);
	ck_assert_int_eq(cluster_failover_watch_poll(60000, 30000),
					 CF_WATCH_MAX_POLL);
}
END_TEST

START_TEST(test_heard)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	watch->received(watch, 10400);
	/* what the watch knows already changes nothing */
	watch->heard(watch, 10300);
	ck_assert_int_eq(watch->get_last_received(watch), 10400);
	watch->heard(watch, 0);
	ck_assert_int_eq(watch->get_last_received(watch), 10400);
	/* a later receipt on another IKE_SA postpones the heartbeat */
	watch->heard(watch, 10800);
	ck_assert_int_eq(decide_at(11500), CF_HEARTBEAT_WAIT);
	ck_assert_int_eq(decide_at(11800), CF_HEARTBEAT_SEND);
}
END_TEST

START_TEST(test_heard_revives)
{
	run_to_dead();
	watch->lost(watch, 12500);
	/* nothing new: still lost */
	watch->heard(watch, 10000);
	decide_at(12600);
	ck_assert(!decision.revived);
	watch->heard(watch, 12650);
	decide_at(12700);
	ck_assert(decision.revived);
}
END_TEST

START_TEST(test_needs_sa)
{
	cluster_failover_watch_decision_t d = {};

	ck_assert(!cluster_failover_watch_needs_sa(&d));
	d.probe = TRUE;
	ck_assert(!cluster_failover_watch_needs_sa(&d));
	d = (cluster_failover_watch_decision_t){ .action = CF_HEARTBEAT_SEND };
	ck_assert(cluster_failover_watch_needs_sa(&d));
	d = (cluster_failover_watch_decision_t){ .action = CF_HEARTBEAT_DEAD };
	ck_assert(cluster_failover_watch_needs_sa(&d));
	d = (cluster_failover_watch_decision_t){ .check_path = TRUE };
	ck_assert(cluster_failover_watch_needs_sa(&d));
	d = (cluster_failover_watch_decision_t){ .path_back = TRUE };
	ck_assert(cluster_failover_watch_needs_sa(&d));
	d = (cluster_failover_watch_decision_t){ .revived = TRUE };
	ck_assert(cluster_failover_watch_needs_sa(&d));
}
END_TEST

START_TEST(test_refresh)
{
	/* half the shorter timer */
	ck_assert_int_eq(cluster_failover_watch_refresh(1000, 500), 250);
	ck_assert_int_eq(cluster_failover_watch_refresh(5000, 1000), 500);
	ck_assert_int_eq(cluster_failover_watch_refresh(20000, 20000), 10000);
	/* at least the poll interval */
	ck_assert_int_eq(cluster_failover_watch_refresh(100, 100), 50);
	ck_assert_int_eq(cluster_failover_watch_refresh(30, 30), 20);
}
END_TEST

START_TEST(test_delay)
{
	create(CF_HEARTBEAT_INSTANT, FALSE, 0, 0);
	decide_at(10000);
	ck_assert_int_eq(cluster_failover_watch_delay(&decision, 10000),
					 decision.next - 10000);
	decision.next = 10250;
	ck_assert_int_eq(cluster_failover_watch_delay(&decision, 10000), 250);
	/* due now or overdue: at least 1ms */
	decision.next = 10000;
	ck_assert_int_eq(cluster_failover_watch_delay(&decision, 10000), 1);
	decision.next = 9000;
	ck_assert_int_eq(cluster_failover_watch_delay(&decision, 10000), 1);
}
END_TEST

Suite *watch_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("watch");

	tc = tcase_create("heartbeats");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_instant_dead);
	tcase_add_test(tc, test_instant_unanswered);
	tcase_add_test(tc, test_received_answers);
	tcase_add_test(tc, test_inbound_postpones);
	tcase_add_test(tc, test_counter_unchanged);
	tcase_add_test(tc, test_outbound_ignored_instant);
	tcase_add_test(tc, test_expired_sa_not_activity);
	tcase_add_test(tc, test_expired_sa_not_hiding);
	tcase_add_test(tc, test_new_sa_activity);
	tcase_add_test(tc, test_new_sa_zero);
	tcase_add_test(tc, test_deferred_idle);
	tcase_add_test(tc, test_deferred_outbound);
	tcase_add_test(tc, test_deferred_answered);
	suite_add_tcase(s, tc);

	tc = tcase_create("probes");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_probe_unanswered);
	tcase_add_test(tc, test_probe_answered);
	tcase_add_test(tc, test_probe_answer_resets);
	tcase_add_test(tc, test_probe_and_heartbeat);
	tcase_add_test(tc, test_probe_seq_wrap);
	tcase_add_test(tc, test_no_probe);
	suite_add_tcase(s, tc);

	tc = tcase_create("path");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_path_down_not_dead);
	tcase_add_test(tc, test_path_back_unanswered);
	tcase_add_test(tc, test_path_back_answered);
	tcase_add_test(tc, test_path_back_by_esp);
	tcase_add_test(tc, test_path_back_by_esp_probes);
	tcase_add_test(tc, test_path_back_when_up);
	tcase_add_test(tc, test_lost_backs_off);
	tcase_add_test(tc, test_lost_revived);
	tcase_add_test(tc, test_lost_revived_by_esp);
	tcase_add_test(tc, test_lost_resumed);
	tcase_add_test(tc, test_lost_resumed_answered);
	tcase_add_test(tc, test_revive_when_up);
	suite_add_tcase(s, tc);

	tc = tcase_create("path check");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_checked_no_path);
	tcase_add_test(tc, test_checked_path_lost);
	tcase_add_test(tc, test_checked_path_probe_failed);
	tcase_add_test(tc, test_checked_path_not_dead);
	tcase_add_test(tc, test_checked_path_still_down);
	tcase_add_test(tc, test_checked_path_back_request);
	tcase_add_test(tc, test_checked_path_back_no_request);
	tcase_add_test(tc, test_checked_path_when_lost);
	suite_add_tcase(s, tc);

	tc = tcase_create("observation");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_counts_outbound);
	tcase_add_test(tc, test_member_dead);
	tcase_add_test(tc, test_member_dead_not_in_use);
	tcase_add_test(tc, test_last_received);
	tcase_add_test(tc, test_poll);
	tcase_add_test(tc, test_heard);
	tcase_add_test(tc, test_heard_revives);
	tcase_add_test(tc, test_needs_sa);
	tcase_add_test(tc, test_refresh);
	tcase_add_test(tc, test_delay);
	suite_add_tcase(s, tc);

	return s;
}
