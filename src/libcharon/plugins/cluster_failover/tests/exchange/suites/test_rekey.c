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

#include "../core_fixture.h"

#include <unistd.h>
#include "../../../cluster_failover_util.h"

/**
 * A second member, tried first on failover as the lost one is held down;
 * there is no responder at this address in the tests
 */
#define OTHER_MEMBER "192.0.2.2"

/**
 * Lose the member of the active IKE_SA and check that the plugin fails
 * over: the loss is declared for the IKE_SA and a failover key request
 * sends an IKE_SA_INIT to the other member
 */
static void assert_failover(uint32_t active)
{
	message_t *message;
	host_t *other;

	test_log_clear();
	core_lose(active);
	ck_assert_msg(test_log_count("cluster '" CORE_CLUSTER "': member "
						CORE_RESPONDER, "of '" CORE_CONNECTION "' is lost "
						"(retransmission timeout), failing over", NULL) == 1,
				  "the loss of IKE_SA %u is not a failover", active);
	core_run_jobs();
	ck_assert_int_eq(test_log_count("cluster '" CORE_CLUSTER "': key request "
						"1 for '" CORE_CONNECTION "' (failover)", NULL), 1);

	message = core_next();
	ck_assert_int_eq(message->get_exchange_type(message), IKE_SA_INIT);
	other = host_create_from_string(OTHER_MEMBER, 0);
	ck_assert_msg(other->ip_equals(other, message->get_destination(message)),
				  "failover to %#H instead of %#H",
				  message->get_destination(message), other);
	other->destroy(other);
	message->destroy(message);
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
}

START_TEST(test_failover)
{
	uint32_t i, r;

	core_establish(&i, &r);
	assert_active(i);
	assert_failover(i);
}
END_TEST

START_TEST(test_failover_after_rekey)
{
	uint32_t i, r, old;
	int n;

	core_establish(&i, &r);
	for (n = 0; n < _i; n++)
	{
		old = i;
		core_rekey(&i, &r);
		ck_assert(i != old);
		ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
		assert_active(i);
		ck_assert(!core.rehome->is_watched(core.rehome, old));
	}
	assert_failover(i);
}
END_TEST

/**
 * Reauthenticate the initiator's IKE_SA, break-before-make (_i = 0) or
 * make-before-break (_i = 1); with the other member preferred by then, the
 * new IKE_SA must go to the same member nevertheless
 */
START_TEST(test_reauth)
{
	message_t *message;
	ike_sa_t *ike_sa;
	host_t *other, *member;
	uint32_t i, r, ni, nr;

	lib->settings->set_bool(lib->settings, "%s.make_before_break", _i,
							lib->ns);
	/* connect to the responder, the preferred member being held down */
	other = host_create_from_string(OTHER_MEMBER, 0);
	core.holddown->failed(core.holddown, CORE_CLUSTER, other,
						  cluster_failover_now(), 3600 * 1000);
	core_establish(&i, &r);
	assert_active(i);
	core.holddown->clear(core.holddown, CORE_CLUSTER, other);
	other->destroy(other);

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													i);
	ck_assert(ike_sa);
	ck_assert_int_eq(ike_sa->reauth(ike_sa), SUCCESS);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	if (!_i)
	{	/* INFORMATIONAL { D } --> and back, then charon re-establishes */
		ck_assert_int_eq(core_process(r), DESTROY_ME);
		ck_assert_int_eq(core_process(i), DESTROY_ME);
	}
	ni = core_find(CORE_CONNECTION, i, IKE_CONNECTING);
	ck_assert(ni);

	/* IKE_SA_INIT --> to the same member */
	message = core_next();
	ck_assert_int_eq(message->get_exchange_type(message), IKE_SA_INIT);
	member = host_create_from_string(CORE_RESPONDER, 0);
	ck_assert_msg(member->ip_equals(member, message->get_destination(message)),
				  "reauthentication with %#H instead of %#H",
				  message->get_destination(message), member);
	member->destroy(member);
	nr = core_responder();
	core_set_spis(ni, nr, FALSE);
	ck_assert_int_eq(core_process_message(nr, message), SUCCESS);
	/* <-- IKE_SA_INIT */
	core_set_spis(ni, nr, TRUE);
	ck_assert_int_eq(core_process(ni), SUCCESS);
	/* IKE_AUTH --> and back */
	ck_assert_int_eq(core_process(nr), SUCCESS);
	ck_assert_int_eq(core_process(ni), SUCCESS);
	ck_assert_int_eq(core_state(ni), IKE_ESTABLISHED);
	if (_i)
	{	/* charon deletes the old IKE_SA once the new one is up (not the
		 * plugin, it is no move): INFORMATIONAL { D } --> and back */
		core_run_jobs();
		ck_assert_int_eq(core_process(r), DESTROY_ME);
		ck_assert_int_eq(core_process(i), DESTROY_ME);
	}
	ck_assert_int_eq(core_state(i), IKE_DESTROYING);
	ck_assert_int_eq(core_state(r), IKE_DESTROYING);
	core_run_jobs();
	/* a reauthentication, not a move to another IKE_SA */
	ck_assert_int_eq(test_log_count("' moved from ", NULL), 0);
	assert_active(ni);
	assert_failover(ni);
}
END_TEST

/**
 * Let real and virtual time pass in small steps, dropping everything sent,
 * until the plugin declares a member lost or 3 s passed.  Returns the
 * number of CREATE_CHILD_SA requests sent meanwhile.
 */
static int until_lost()
{
	message_t *message;
	int n, rekeys = 0;

	for (n = 0; n < 300 && !test_log_count("is lost", NULL); n++)
	{
		usleep(10000);
		core_advance(10);
		core_run_jobs();
		while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
		{
			if (message->get_exchange_type(message) == CREATE_CHILD_SA)
			{
				rekeys++;
			}
			message->destroy(message);
		}
	}
	return rekeys;
}

/**
 * Heartbeats are the plugin's: further heartbeats send the unanswered
 * request again without starting more of charon's retransmissions, so that
 * charon does not give up on the IKE_SA (and destroy its CHILD_SAs) before
 * the plugin decides, even with more heartbeats than charon's
 * retransmit_tries.  The plugin's timers run on the real clock: the test
 * lets them pass, in small steps, and checks what was decided.
 */
START_TEST(test_heartbeats_not_retransmits)
{
	uint32_t i, r;

	lib->settings->set_int(lib->settings, "%s.retransmit_tries", 2, lib->ns);
	core_establish(&i, &r);
	assert_active(i);
	test_log_clear();
	/* the member is silent: nothing sent reaches it */
	until_lost();
	ck_assert_int_eq(test_log_count("did not answer 6 heartbeats", NULL), 1);
	ck_assert_int_eq(test_log_count("member " CORE_RESPONDER " of '"
						CORE_CONNECTION "' is lost (heartbeat timeout)",
						NULL), 1);
	ck_assert_int_eq(test_log_count("giving up after", NULL), 0);
	/* the IKE_SA and its CHILD_SA are still there until the failover's
	 * CHILD_SAs are up */
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
}
END_TEST

/**
 * The member dies while charon rekeys the IKE_SA: the rekeying goes
 * unanswered, the heartbeats (sending the outstanding rekey request again)
 * too, and the plugin fails over, without waiting for charon's
 * retransmissions to give up
 */
START_TEST(test_dies_while_rekeying)
{
	ike_sa_t *ike_sa;
	uint32_t i, r;
	int rekeys;

	core_establish(&i, &r);
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													i);
	ck_assert(ike_sa);
	ck_assert_int_eq(ike_sa->rekey(ike_sa), SUCCESS);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	ck_assert_int_eq(core_state(i), IKE_REKEYING);
	test_log_clear();
	/* the member is silent: nothing sent reaches it */
	rekeys = until_lost();
	ck_assert_int_eq(test_log_count("member " CORE_RESPONDER " of '"
						CORE_CONNECTION "' is lost (heartbeat timeout)",
						NULL), 1);
	/* the heartbeats sent the rekey request again */
	ck_assert(rekeys >= 2);
	core_run_jobs();
	ck_assert_int_eq(test_log_count("key request 1 for '" CORE_CONNECTION
						"' (failover)", NULL), 1);
}
END_TEST

START_SETUP(setup_heartbeats)
{
	core_setup("members = " CORE_RESPONDER ", " OTHER_MEMBER "\n"
			   "order = ordered\nheartbeat = instant\n"
			   "heartbeat_defer = 100ms\nheartbeat_response = 100ms\n"
			   "heartbeat_tries = 6");
}
END_SETUP

START_SETUP(setup_two)
{
	/* the responder is the preferred member */
	core_setup("members = " CORE_RESPONDER ", " OTHER_MEMBER "\n"
			   "order = ordered\nheartbeat = deferred");
}
END_SETUP

START_SETUP(setup_other_first)
{
	/* the other member is the preferred one */
	core_setup("members = " OTHER_MEMBER ", " CORE_RESPONDER "\n"
			   "order = ordered\nheartbeat = deferred");
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *rekey_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover rekey and reauth");

	tc = tcase_create("failover without rekeying");
	tcase_add_checked_fixture(tc, setup_two, teardown);
	tcase_add_test(tc, test_failover);
	suite_add_tcase(s, tc);

	tc = tcase_create("failover after IKE rekeyings");
	tcase_add_checked_fixture(tc, setup_two, teardown);
	tcase_add_loop_test(tc, test_failover_after_rekey, 1, 2);
	tcase_add_loop_test(tc, test_failover_after_rekey, 5, 6);
	tcase_add_loop_test(tc, test_failover_after_rekey, 100, 101);
	suite_add_tcase(s, tc);

	tc = tcase_create("heartbeats, not retransmissions");
	tcase_add_checked_fixture(tc, setup_heartbeats, teardown);
	tcase_add_test(tc, test_heartbeats_not_retransmits);
	tcase_add_test(tc, test_dies_while_rekeying);
	suite_add_tcase(s, tc);

	tc = tcase_create("reauthentication");
	tcase_add_checked_fixture(tc, setup_other_first, teardown);
	tcase_add_loop_test(tc, test_reauth, 0, 2);
	suite_add_tcase(s, tc);

	return s;
}
