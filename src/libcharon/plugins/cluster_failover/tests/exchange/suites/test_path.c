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
 * The client's own network failing (issue #17): a member that would be
 * dead while the client has no path to it is not failed over, the
 * unanswered request goes out again when the path comes back, a lost member
 * that answers again calls its failover off, and a failover no member
 * answers waits for the path, backing off, without giving up.
 *
 * The heartbeat state machine measures time with the real clock, the jobs
 * run on the fixture's virtual one: pass() lets both move together, with
 * heartbeat timers short enough for that.  The mock kernel always has a
 * source address, a path down is emulated with COND_STALE, which charon
 * sets when it defers a MOBIKE update for lack of a route.
 */

#include "../core_fixture.h"
#include "../../../cluster_failover_util.h"

#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <daemon.h>

/**
 * A second member, tried first on failover as the lost one is held down;
 * there is no responder at this address in the tests
 */
#define OTHER_MEMBER "192.0.2.2"

/**
 * Heartbeat timers of the cluster, in ms: a silent member is dead after
 * about DEFER + TRIES * RESPONSE
 */
#define DEFER 100
#define RESPONSE 100
#define TRIES 2

/**
 * Connect timeout of the cluster, in ms
 */
#define CONNECT_TIMEOUT 1000

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
 * Beginning of the plugin's log messages about the cluster
 */
#define CLUSTER "cluster '" CORE_CLUSTER "': "

/**
 * Log messages the tests wait for
 */
#define PATH_DOWN CLUSTER "no path to member " CORE_RESPONDER " of '" \
				  CORE_CONNECTION "' (path down), keeping its SAs until the " \
				  "path comes back"
#define PATH_BACK CLUSTER "path to member " CORE_RESPONDER " of '" \
				  CORE_CONNECTION "' back after "
#define PATH_BACK_END "ms (path back), checking the member"
#define LOST CLUSTER "member " CORE_RESPONDER " of '" CORE_CONNECTION \
			 "' is lost ("
#define LOST_HEARTBEAT LOST "heartbeat timeout), failing over"
#define LOST_PATH_BACK LOST "no answer after the path came back), failing over"
#define REVIVED CLUSTER "member " CORE_RESPONDER " of '" CORE_CONNECTION \
				"' answers again after "
#define REVIVED_END "ms (path back), failover called off"
#define CANCELLED "failover of '" CORE_CONNECTION "' cancelled"
#define FAILOVER_REQUEST CLUSTER "key request 1 for '" CORE_CONNECTION \
				"' (failover)"
#define WAIT_FIRST CLUSTER "no member answers for '" CORE_CONNECTION "' " \
				"(path down or all members dead), keeping its SAs, trying " \
				"again in "
#define WAIT_MORE CLUSTER "still no member answers for '" CORE_CONNECTION \
				"', trying again in "
#define GIVING_UP "giving up"

/**
 * Number of key requests of the connector in progress
 */
static u_int requests()
{
	return core.connector->get_request_count(core.connector);
}

/**
 * Let real and virtual time pass, running the jobs that are due and those
 * they queue
 */
static void pass(uint32_t ms)
{
	uint32_t step;

	while (ms)
	{
		step = min(ms, STEP);
		usleep(step * 1000);
		core_advance(step);
		core_run_jobs();
		ms -= step;
	}
}

/**
 * Let real and virtual time pass until a log message containing the given
 * strings (the second may be NULL) is captured, at most the given time
 */
static bool pass_until(uint32_t ms, char *first, char *second)
{
	uint32_t waited = 0;

	while (!test_log_count(first, second, NULL))
	{
		if (waited >= ms)
		{
			return FALSE;
		}
		pass(STEP);
		waited += STEP;
	}
	return TRUE;
}

/**
 * Let real and virtual time pass with a member that answers: every
 * INFORMATIONAL request sent goes to the responder's IKE_SA, every
 * response to the initiator's; other messages are dropped
 */
static void pass_answering(uint32_t ms, uint32_t i, uint32_t r)
{
	message_t *message;
	uint32_t step;

	while (ms)
	{
		step = min(ms, STEP);
		usleep(step * 1000);
		core_advance(step);
		core_run_jobs();
		while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
		{
			if (message->get_exchange_type(message) != INFORMATIONAL)
			{
				message->destroy(message);
				continue;
			}
			ck_assert_int_eq(core_process_message(
							message->get_request(message) ? r : i, message),
							SUCCESS);
		}
		ms -= step;
	}
}

/**
 * Check if a message is a request of the given exchange to the given
 * address
 */
static bool is_request(message_t *message, exchange_type_t type, char *to)
{
	host_t *host;
	bool match;

	if (message->get_exchange_type(message) != type ||
		!message->get_request(message))
	{
		return FALSE;
	}
	host = host_create_from_string(to, 0);
	match = host->ip_equals(host, message->get_destination(message));
	host->destroy(host);
	return match;
}

/**
 * Take all messages sent so far, return the first request of the given
 * exchange to the given address, NULL if none, and drop all others
 */
static message_t *take_request(exchange_type_t type, char *to)
{
	message_t *message, *found = NULL;

	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		if (!found && is_request(message, type, to))
		{
			found = message;
			continue;
		}
		message->destroy(message);
	}
	return found;
}

/**
 * Drop all messages sent so far, return the number of IKE_SA_INIT requests
 * among them
 */
static int drop_messages()
{
	message_t *message;
	int count = 0;

	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		if (message->get_exchange_type(message) == IKE_SA_INIT &&
			message->get_request(message))
		{
			count++;
		}
		message->destroy(message);
	}
	return count;
}

/**
 * Set or clear COND_STALE on an IKE_SA, as charon does when it defers a
 * MOBIKE update for lack of a route, and when the path is back
 */
static void set_stale(uint32_t id, bool stale)
{
	ike_sa_t *ike_sa;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	ck_assert(ike_sa);
	ike_sa->set_condition(ike_sa, COND_STALE, stale);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
}

/**
 * Check that an IKE_SA is the active one of the connection and watched by
 * the monitor
 */
static void assert_active(uint32_t id)
{
	uint32_t active = 0, standby = 0;

	ck_assert(core.rehome->get_ids(core.rehome, CORE_CONNECTION, &active,
								   &standby));
	ck_assert_msg(active == id, "active IKE_SA is %u, not %u", active, id);
	ck_assert_msg(core.rehome->is_watched(core.rehome, id),
				  "IKE_SA %u is not watched", id);
	ck_assert_int_eq(core_state(id), IKE_ESTABLISHED);
}

/**
 * Check that no failover started
 */
static void assert_no_failover(uint32_t active)
{
	ck_assert_msg(test_log_count(LOST, NULL) == 0, "member declared lost");
	ck_assert_msg(test_log_count(FAILOVER_REQUEST, NULL) == 0,
				  "failover key request started");
	ck_assert_int_eq(requests(), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, active, IKE_CONNECTING), 0);
}

/**
 * Check the hold-down of the member of the responder
 */
static bool held_down()
{
	host_t *member;
	uint64_t until;

	member = host_create_from_string(CORE_RESPONDER, 0);
	until = core.holddown->held_until(core.holddown, CORE_CLUSTER, member,
									  cluster_failover_now());
	member->destroy(member);
	return until != 0;
}

/**
 * Establish the connection, watched by the monitor
 */
static void establish(uint32_t *i, uint32_t *r)
{
	core_establish(i, r);
	assert_active(*i);
	drop_messages();
	test_log_clear();
}

/**
 * Take the path to the member of an IKE_SA down and let its heartbeats go
 * unanswered until the monitor notices
 */
static void path_down(uint32_t i)
{
	set_stale(i, TRUE);
	ck_assert_msg(pass_until(2000, PATH_DOWN, NULL), "no path down noticed "
				  "for a silent member with COND_STALE");
	ck_assert_int_eq(test_log_count(PATH_DOWN, NULL), 1);
}

/**
 * Get the request resent on the path's return, which must be there
 */
static message_t *take_resent()
{
	message_t *message;

	message = take_request(INFORMATIONAL, CORE_RESPONDER);
	ck_assert_msg(message, "unanswered request not sent again at once when "
				  "the path came back");
	return message;
}

START_TEST(test_path_down)
{
	uint32_t i, r;

	establish(&i, &r);
	path_down(i);
	/* long after the member would be dead */
	pass(5 * (DEFER + TRIES * RESPONSE));
	assert_no_failover(i);
	ck_assert_int_eq(drop_messages(), 0);
	ck_assert_int_eq(test_log_count(PATH_DOWN, NULL), 1);
	ck_assert_int_eq(test_log_count(PATH_BACK, NULL), 0);
	ck_assert_msg(!held_down(), "member held down while the path is down");
	assert_active(i);
}
END_TEST

START_TEST(test_path_back_answered)
{
	message_t *message;
	uint32_t i, r;

	establish(&i, &r);
	path_down(i);
	pass(500);
	drop_messages();

	/* the route is back; the watch re-checks the path at least every
	 * 200ms */
	set_stale(i, FALSE);
	ck_assert_msg(pass_until(300, PATH_BACK, PATH_BACK_END), "path back not "
				  "noticed");
	message = take_resent();
	/* the member answers the request sent again */
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_received_exchange(), INFORMATIONAL);
	ck_assert_int_eq(core_process(i), SUCCESS);
	/* and goes on answering the heartbeats */
	pass_answering(5 * (DEFER + TRIES * RESPONSE), i, r);
	assert_no_failover(i);
	assert_active(i);
	ck_assert_int_eq(test_log_count(PATH_BACK, NULL), 1);
}
END_TEST

START_TEST(test_path_back_silent)
{
	message_t *message;
	uint32_t i, r;

	establish(&i, &r);
	path_down(i);
	pass(500);
	drop_messages();

	set_stale(i, FALSE);
	ck_assert_msg(pass_until(300, PATH_BACK, PATH_BACK_END), "path back not "
				  "noticed");
	message = take_resent();
	message->destroy(message);
	/* the member does not answer within the heartbeat timers */
	ck_assert_msg(pass_until(2 * TRIES * RESPONSE + 500, LOST_PATH_BACK,
							 NULL), "no failover of a member silent after "
				  "the path came back");
	ck_assert_int_eq(test_log_count(LOST, NULL), 1);
	core_run_jobs();
	ck_assert_int_eq(test_log_count(FAILOVER_REQUEST, NULL), 1);
	message = take_request(IKE_SA_INIT, OTHER_MEMBER);
	ck_assert_msg(message, "no failover to " OTHER_MEMBER);
	message->destroy(message);
}
END_TEST

START_TEST(test_lost_revives)
{
	message_t *message = NULL;
	uint32_t i, r, f, waited;

	establish(&i, &r);
	/* the path is up, the member silent: it is declared dead */
	ck_assert_msg(pass_until(2000, LOST_HEARTBEAT, NULL), "silent member not "
				  "declared lost");
	core_run_jobs();
	ck_assert_int_eq(test_log_count(FAILOVER_REQUEST, NULL), 1);
	f = core_find(CORE_CONNECTION, i, IKE_CONNECTING);
	ck_assert_msg(f, "no IKE_SA for the failover key request");
	ck_assert_int_eq(requests(), 1);
	ck_assert(held_down());
	drop_messages();

	/* still watched as lost, its unanswered request goes out again after
	 * heartbeat_response */
	ck_assert(core.rehome->is_watched(core.rehome, i));
	for (waited = 0; !message && waited < 4 * RESPONSE; waited += STEP)
	{
		pass(STEP);
		message = take_request(INFORMATIONAL, CORE_RESPONDER);
	}
	ck_assert_msg(message, "request of the lost member not sent again");
	/* the member answers it, before the failover completes */
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_msg(pass_until(200, REVIVED, REVIVED_END), "failover not "
				  "called off for a lost member answering again");
	ck_assert_msg(!held_down(), "hold-down of the revived member not "
				  "cleared");
	assert_active(i);

	/* the failover key request is dropped once its timeout runs, the
	 * member goes on answering */
	pass_answering(CONNECT_TIMEOUT + 200, i, r);
	ck_assert_int_eq(test_log_count(CANCELLED, NULL), 1);
	ck_assert_msg(core_state(f) == IKE_DESTROYING, "failover IKE_SA %u of "
				  "a cancelled failover not destroyed", f);
	ck_assert_int_eq(requests(), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_ESTABLISHED), 0);
	ck_assert_int_eq(test_log_count(LOST, NULL), 1);
	ck_assert_int_eq(test_log_count("' established with member", NULL), 0);
	assert_active(i);
}
END_TEST

/**
 * Let real and virtual time pass, running the jobs that are due but not
 * those they queue, until a log message containing the given strings is
 * captured, at most the given time
 */
static bool pass_until_queued(uint32_t ms, char *first, char *second)
{
	uint32_t waited = 0;

	while (!test_log_count(first, second, NULL))
	{
		if (waited >= ms)
		{
			return FALSE;
		}
		usleep(STEP * 1000);
		core_advance(STEP);
		waited += STEP;
	}
	return TRUE;
}

START_TEST(test_lost_revives_queued)
{
	message_t *message = NULL;
	uint32_t i, r, waited;

	establish(&i, &r);
	/* the member is declared dead, the job moving its CHILD_SAs is queued
	 * but no worker has run it yet */
	ck_assert_msg(pass_until_queued(2000, LOST_HEARTBEAT, NULL), "silent "
				  "member not declared lost");
	ck_assert(core_queued_jobs() > 0);
	drop_messages();
	for (waited = 0; !message && waited < 4 * RESPONSE; waited += STEP)
	{
		usleep(STEP * 1000);
		core_advance(STEP);
		message = take_request(INFORMATIONAL, CORE_RESPONDER);
	}
	ck_assert_msg(message, "request of the lost member not sent again");
	/* the member answers, the failover is called off */
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_msg(pass_until_queued(200, REVIVED, REVIVED_END), "failover "
				  "not called off for a lost member answering again");
	/* now the queued jobs run: no failover key request after all */
	core_run_jobs();
	ck_assert_msg(test_log_count(FAILOVER_REQUEST, NULL) == 0, "failover "
				  "called off started a key request anyway");
	ck_assert_int_eq(requests(), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);
	ck_assert_int_eq(drop_messages(), 0);
	pass_answering(CONNECT_TIMEOUT + 200, i, r);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_ESTABLISHED), 0);
	ck_assert_int_eq(test_log_count(LOST, NULL), 1);
	assert_active(i);
}
END_TEST

/**
 * Let the connect timeouts of a failover key request to both members
 * expire on the virtual clock, none answering
 */
static void time_out_members()
{
	int n;

	for (n = 0; n < 2; n++)
	{
		ck_assert_msg(core_find(CORE_CONNECTION, 0, IKE_CONNECTING),
					  "no key request in progress");
		core_advance(CONNECT_TIMEOUT);
		core_run_jobs();
	}
	drop_messages();
}

/**
 * Check that no key request runs while the failover waits, and that the
 * next one starts after the given time, not before
 */
static void assert_waits(uint32_t active, uint32_t ms)
{
	ck_assert_int_eq(requests(), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, active, IKE_CONNECTING), 0);
	core_advance(ms - 1);
	core_run_jobs();
	ck_assert_msg(core_find(CORE_CONNECTION, active, IKE_CONNECTING) == 0,
				  "key request retried before %ums", ms);
	core_advance(1);
	core_run_jobs();
	ck_assert_msg(core_find(CORE_CONNECTION, active, IKE_CONNECTING) != 0,
				  "key request not retried after %ums", ms);
	ck_assert_int_eq(requests(), 1);
	ck_assert_int_eq(core_state(active), IKE_ESTABLISHED);
}

START_TEST(test_no_member_answers)
{
	peer_cfg_t *peer_cfg;
	ike_sa_t *ike_sa;
	uint32_t i, r;

	establish(&i, &r);
	/* the fixture's connection allows a single key request */
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													i);
	ck_assert(ike_sa);
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	ck_assert_int_eq(peer_cfg->get_keyingtries(peer_cfg), 1);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);

	ck_assert_msg(pass_until(2000, LOST_HEARTBEAT, NULL), "silent member not "
				  "declared lost");
	core_run_jobs();
	ck_assert_int_eq(test_log_count(FAILOVER_REQUEST, NULL), 1);

	/* neither member answers: the connect timeout, then twice it, and so
	 * on, on the virtual clock */
	time_out_members();
	ck_assert_int_eq(test_log_count(WAIT_FIRST,
						XSTR(CONNECT_TIMEOUT) "ms, backing off", NULL), 1);
	ck_assert_int_eq(test_log_count(GIVING_UP, NULL), 0);
	assert_waits(i, CONNECT_TIMEOUT);

	time_out_members();
	ck_assert_int_eq(test_log_count(WAIT_MORE, "2000ms", NULL), 1);
	assert_waits(i, 2 * CONNECT_TIMEOUT);

	time_out_members();
	ck_assert_int_eq(test_log_count(WAIT_MORE, "4000ms", NULL), 1);
	assert_waits(i, 4 * CONNECT_TIMEOUT);

	/* logged once at level 1, never given up, the old IKE_SA kept */
	ck_assert_int_eq(test_log_count(WAIT_FIRST, NULL), 1);
	ck_assert_int_eq(test_log_count(GIVING_UP, NULL), 0);
	ck_assert_int_eq(test_log_count("no member left", NULL), 0);
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
	ck_assert(core.rehome->is_watched(core.rehome, i));
}
END_TEST

/**
 * Call the listener's roam() through its kernel_listener_t in a child
 * process, return TRUE if it returned within a second
 */
static bool roam_in_child()
{
	kernel_listener_t *kernel = &core.listener->kernel;
	pid_t pid;
	int status;

	pid = fork();
	ck_assert(pid >= 0);
	if (!pid)
	{	/* the test runner ignores SIGALRM */
		signal(SIGALRM, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		alarm(1);
		_exit(kernel->roam(kernel, TRUE) ? 0 : 1);
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/**
 * Raise a roam event through the kernel interface, as charon's kernel
 * plugins do, after calling the listener's roam() through its
 * kernel_listener_t in a child process: a wrong object found from the
 * interface pointer may crash, or call anything and leave a lock held so
 * that the test hangs instead of failing
 */
static void raise_roam(bool address)
{
	ck_assert_msg(roam_in_child(), "roam() through the kernel_listener_t "
				  "crashed, hung or asked to be unregistered");
	charon->kernel->roam(charon->kernel, address);
}

START_TEST(test_revives_while_waiting)
{
	message_t *message = NULL;
	uint32_t i, r, waited;

	establish(&i, &r);
	ck_assert_msg(pass_until(2000, LOST_HEARTBEAT, NULL), "silent member not "
				  "declared lost");
	core_run_jobs();
	ck_assert_int_eq(test_log_count(FAILOVER_REQUEST, NULL), 1);
	time_out_members();
	ck_assert_int_eq(test_log_count(WAIT_FIRST, NULL), 1);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);

	/* while the failover waits for the path, the lost member answers the
	 * request sent again */
	for (waited = 0; !message && waited < 4 * RESPONSE; waited += STEP)
	{
		pass(STEP);
		message = take_request(INFORMATIONAL, CORE_RESPONDER);
	}
	ck_assert_msg(message, "request of the lost member not sent again");
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_msg(pass_until(200, REVIVED, REVIVED_END), "failover not "
				  "called off for a lost member answering again");
	/* the waiting key request is dropped when it is due */
	core_advance(CONNECT_TIMEOUT);
	core_run_jobs();
	ck_assert_int_eq(test_log_count(CANCELLED, NULL), 1);
	ck_assert_int_eq(requests(), 0);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);
	pass_answering(2 * (DEFER + TRIES * RESPONSE), i, r);
	ck_assert_int_eq(core_find(CORE_CONNECTION, i, IKE_CONNECTING), 0);
	ck_assert_int_eq(test_log_count(LOST, NULL), 1);
	ck_assert_int_eq(test_log_count(GIVING_UP, NULL), 0);
	assert_active(i);
}
END_TEST

START_TEST(test_roam_up)
{
	uint32_t i, r;

	establish(&i, &r);
	raise_roam(TRUE);
	raise_roam(FALSE);
	core_advance(STEP);
	core_run_jobs();
	ck_assert_int_eq(test_log_count(PATH_DOWN, NULL), 0);
	ck_assert_int_eq(test_log_count(PATH_BACK, NULL), 0);
	assert_no_failover(i);
	assert_active(i);
}
END_TEST

START_TEST(test_roam_path_back)
{
	message_t *message;
	uint32_t i, r;

	establish(&i, &r);
	path_down(i);
	drop_messages();
	/* the next regular path check is about 200ms away: a roam event while
	 * the path is still down changes nothing */
	raise_roam(TRUE);
	core_advance(5);
	core_run_jobs();
	ck_assert_int_eq(test_log_count(PATH_BACK, NULL), 0);
	ck_assert_int_eq(drop_messages(), 0);

	/* the route is back, charon raises another roam event (the listener is
	 * still registered): the path is checked at once */
	set_stale(i, FALSE);
	raise_roam(FALSE);
	core_advance(5);
	ck_assert_msg(test_log_count(PATH_BACK, PATH_BACK_END, NULL) == 1,
				  "path not checked at once on a roam event");
	message = take_resent();
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	/* charon's own roam jobs */
	core_run_jobs();
	pass_answering(2 * (DEFER + TRIES * RESPONSE), i, r);
	assert_no_failover(i);
	assert_active(i);
}
END_TEST

START_SETUP(setup_path)
{
	/* the responder is the preferred member */
	core_setup("members = " CORE_RESPONDER ", " OTHER_MEMBER "\n"
			   "order = ordered\nheartbeat = instant\n"
			   "heartbeat_defer = " XSTR(DEFER) "ms\n"
			   "heartbeat_response = " XSTR(RESPONSE) "ms\n"
			   "heartbeat_tries = " XSTR(TRIES) "\n"
			   "connect_timeout = " XSTR(CONNECT_TIMEOUT) "ms");
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *path_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover path down and back");

	tc = tcase_create("path down");
	tcase_add_checked_fixture(tc, setup_path, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_path_down);
	suite_add_tcase(s, tc);

	tc = tcase_create("path back");
	tcase_add_checked_fixture(tc, setup_path, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_path_back_answered);
	tcase_add_test(tc, test_path_back_silent);
	suite_add_tcase(s, tc);

	tc = tcase_create("lost member answers again");
	tcase_add_checked_fixture(tc, setup_path, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_lost_revives);
	tcase_add_test(tc, test_lost_revives_queued);
	suite_add_tcase(s, tc);

	tc = tcase_create("no member answers a failover");
	tcase_add_checked_fixture(tc, setup_path, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_no_member_answers);
	tcase_add_test(tc, test_revives_while_waiting);
	suite_add_tcase(s, tc);

	tc = tcase_create("roam events");
	tcase_add_checked_fixture(tc, setup_path, teardown);
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, test_roam_up);
	tcase_add_test(tc, test_roam_path_back);
	suite_add_tcase(s, tc);

	return s;
}
