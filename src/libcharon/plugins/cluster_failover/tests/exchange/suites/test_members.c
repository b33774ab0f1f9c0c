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

/*
 * Liveness per member (issue #13): several connections with the same
 * member share one heartbeat exchange at a time, anything one of their
 * IKE_SAs receives proves the member alive for all, and a member declared
 * dead fails over all of them at once.
 *
 * As in test_path.c, the heartbeat state machines measure time with the
 * real clock, pass() lets it move together with the fixture's virtual one.
 */

#include "../core_fixture.h"

#include <unistd.h>

#include <daemon.h>
#include <sa/ikev2/tasks/ike_dpd.h>

/**
 * A second member, tried first on failover as the lost one is held down;
 * there is no responder at this address in the tests
 */
#define OTHER_MEMBER "192.0.2.2"

/**
 * Heartbeat timers of the cluster, in ms
 */
#define DEFER 100
#define RESPONSE 100
#define TRIES 2

/**
 * Step in which real and virtual time pass, in ms
 */
#define STEP 10

/**
 * Timeout of each test, in s: the heartbeats take real time
 */
#define TIMEOUT 10

#define STR(x) #x
#define XSTR(x) STR(x)

/**
 * Connections bound to the cluster, all to the same member
 */
#define CONNS 3
static char *names[CONNS] = { CORE_CONNECTION, "init2", "init3" };

/**
 * Log message of a member declared dead for a connection
 */
#define LOST "is lost (heartbeat timeout), failing over"

/**
 * IKE_SAs of the connections
 */
static struct {
	/** unique id of the initiator's IKE_SA */
	uint32_t i;
	/** unique id of the responder's IKE_SA */
	uint32_t r;
	/** initiator SPI of both */
	uint64_t spi;
} sas[CONNS];

/**
 * Establish connection n, with no message of the others pending
 */
static void establish(int n)
{
	ike_sa_t *ike_sa;
	ike_sa_id_t *id;
	message_t *message;

	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		message->destroy(message);
	}
	core_establish_conn(names[n], &sas[n].i, &sas[n].r);
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													sas[n].i);
	ck_assert(ike_sa);
	id = ike_sa->get_id(ike_sa);
	sas[n].spi = id->get_initiator_spi(id);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	ck_assert(core.rehome->is_watched(core.rehome, sas[n].i));
}

/**
 * Find the connection of a message by its SPI
 */
static int find(message_t *message)
{
	ike_sa_id_t *id = message->get_ike_sa_id(message);
	int n;

	for (n = 0; n < CONNS; n++)
	{
		if (sas[n].spi && sas[n].spi == id->get_initiator_spi(id))
		{
			return n;
		}
	}
	ck_assert_msg(FALSE, "message of an unknown IKE_SA");
	return -1;
}

/**
 * Take the messages sent so far: INFORMATIONALs go to the other side if the
 * member answers, all others are dropped.  Returns the number of requests
 * the initiators sent, the heartbeats.
 */
static int deliver(bool answer)
{
	message_t *message;
	ike_sa_id_t *id;
	int n, heartbeats = 0;
	bool from_init;

	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		if (message->get_exchange_type(message) != INFORMATIONAL)
		{
			message->destroy(message);
			continue;
		}
		id = message->get_ike_sa_id(message);
		from_init = id->is_initiator(id);
		if (from_init && message->get_request(message))
		{
			heartbeats++;
		}
		if (!answer)
		{
			message->destroy(message);
			continue;
		}
		n = find(message);
		ck_assert_int_eq(core_process_message(from_init ? sas[n].r : sas[n].i,
											  message), SUCCESS);
	}
	return heartbeats;
}

/**
 * Let real and virtual time pass, running the jobs that are due and those
 * they queue, with a member that answers or not; returns the heartbeats
 * sent meanwhile
 */
static int pass(uint32_t ms, bool answer)
{
	uint32_t step;
	int heartbeats = 0;

	while (ms)
	{
		step = min(ms, STEP);
		usleep(step * 1000);
		core_advance(step);
		core_run_jobs();
		heartbeats += deliver(answer);
		ms -= step;
	}
	return heartbeats;
}

/**
 * Let the member send a liveness check on the IKE_SA of connection n
 */
static void member_checks(int n)
{
	ike_sa_t *ike_sa;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													sas[n].r);
	ck_assert(ike_sa);
	ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
	ck_assert_int_eq(ike_sa->initiate(ike_sa, NULL, NULL), SUCCESS);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
}

START_TEST(test_one_exchange)
{
	int n, heartbeats;

	for (n = 0; n < CONNS; n++)
	{
		establish(n);
	}
	test_log_clear();
	/* one heartbeat exchange per defer time at most, for all of them (each
	 * IKE_SA its own would be CONNS times that) */
	heartbeats = pass(10 * DEFER, TRUE);
	ck_assert_msg(heartbeats >= 2 && heartbeats <= 10, "%d heartbeats in "
				  "%d defer times with %d IKE_SAs", heartbeats, 10, CONNS);
	ck_assert_int_eq(test_log_count(LOST, NULL), 0);
	for (n = 0; n < CONNS; n++)
	{
		ck_assert(core.rehome->is_watched(core.rehome, sas[n].i));
	}
}
END_TEST

START_TEST(test_received_shared)
{
	int i, heartbeats = 0;

	establish(0);
	establish(1);
	test_log_clear();
	/* the member checks the first IKE_SA more often than the defer time,
	 * which proves it alive for the second as well */
	for (i = 0; i < 12; i++)
	{
		member_checks(0);
		heartbeats += pass(DEFER / 2, TRUE);
	}
	ck_assert_msg(heartbeats == 0, "%d heartbeats to a member that sends "
				  "liveness checks", heartbeats);
	ck_assert_int_eq(test_log_count(LOST, NULL), 0);
}
END_TEST

START_TEST(test_dead_at_once)
{
	uint32_t waited = 0;
	char lost[64];
	int n;

	/* the IKE_SAs come up a bit apart, each would time out on its own that
	 * much later than the previous one; the member answers nothing */
	for (n = 0; n < CONNS; n++)
	{
		establish(n);
		pass(DEFER * 6 / 10, FALSE);
	}
	test_log_clear();
	while (!test_log_count(LOST, NULL))
	{
		ck_assert_msg(waited < 2000, "member never declared dead");
		pass(STEP, FALSE);
		waited += STEP;
	}
	/* the others follow with their next tick */
	pass(2 * STEP, FALSE);
	ck_assert_int_eq(test_log_count(LOST, NULL), CONNS);
	for (n = 0; n < CONNS; n++)
	{
		snprintf(lost, sizeof(lost), "of '%s' " LOST, names[n]);
		ck_assert_int_eq(test_log_count(lost, NULL), 1);
	}
}
END_TEST

/**
 * Let real and virtual time pass until an initiator sends a heartbeat, at
 * most the given time, dropping all messages; returns the connection that
 * sent it, -1 if none.  No other may send one at the same time.
 */
static int next_heartbeat(uint32_t ms)
{
	message_t *message;
	ike_sa_id_t *id;
	int n = -1, sent = 0;

	while (n < 0 && ms >= STEP)
	{
		usleep(STEP * 1000);
		core_advance(STEP);
		core_run_jobs();
		ms -= STEP;
		while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
		{
			id = message->get_ike_sa_id(message);
			if (message->get_exchange_type(message) == INFORMATIONAL &&
				message->get_request(message) && id->is_initiator(id))
			{
				n = find(message);
				sent++;
			}
			message->destroy(message);
		}
	}
	ck_assert_msg(sent <= 1, "%d IKE_SAs sent a heartbeat at once", sent);
	return n;
}

START_TEST(test_carrier_gone)
{
	ike_sa_t *ike_sa;
	char lost[64];
	int carrier, other;

	establish(0);
	establish(1);
	test_log_clear();
	/* the member stops answering, one of them carries the heartbeat */
	carrier = next_heartbeat(3 * DEFER);
	ck_assert_msg(carrier >= 0, "no heartbeat sent");
	other = carrier ? 0 : 1;
	ck_assert_msg(next_heartbeat(RESPONSE / 2) < 0, "the other IKE_SA sent "
				  "a heartbeat of its own");
	/* its IKE_SA goes away, the other carries the heartbeat on */
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													sas[carrier].i);
	ck_assert(ike_sa);
	charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
												ike_sa);
	sas[carrier].spi = 0;
	core_run_jobs();
	ck_assert_int_eq(next_heartbeat(2 * RESPONSE), other);
	/* the member answers, the other connection is not failed over */
	member_checks(other);
	pass(DEFER / 2, TRUE);
	snprintf(lost, sizeof(lost), "of '%s' " LOST, names[other]);
	ck_assert_int_eq(test_log_count(lost, NULL), 0);
	ck_assert(core.rehome->is_watched(core.rehome, sas[other].i));
}
END_TEST

START_SETUP(setup_members)
{
	core_setup("connections = " CORE_CONNECTION ", init2, init3\n"
			   "members = " CORE_RESPONDER ", " OTHER_MEMBER "\n"
			   "order = ordered\nheartbeat = instant\n"
			   "heartbeat_defer = " XSTR(DEFER) "ms\n"
			   "heartbeat_response = " XSTR(RESPONSE) "ms\n"
			   "heartbeat_tries = " XSTR(TRIES));
	memset(sas, 0, sizeof(sas));
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *members_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover liveness per member");

	tc = tcase_create("one heartbeat per member");
	tcase_add_checked_fixture(tc, setup_members, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_one_exchange);
	tcase_add_test(tc, test_received_shared);
	tcase_add_test(tc, test_carrier_gone);
	suite_add_tcase(s, tc);

	tc = tcase_create("member dead");
	tcase_add_checked_fixture(tc, setup_members, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_dead_at_once);
	suite_add_tcase(s, tc);

	return s;
}
