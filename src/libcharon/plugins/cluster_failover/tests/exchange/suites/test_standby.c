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

/**
 * The member of the standby IKE_SAs, at the responder of
 * core_add_responder(), which rejects every CHILD_SA
 */
#define STANDBY_MEMBER "192.0.2.2"

/**
 * Traffic selector the standby member accepts, proposed by no initiator
 */
#define STANDBY_TS "10.99.0.0/16"

/**
 * Count the IKE_SAs of a connection
 */
static int count_ike_sas(char *name)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	int count = 0;

	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (streq(ike_sa->get_name(ike_sa), name))
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	charon->bus->set_sa(charon->bus, NULL);
	return count;
}

/**
 * Get the next IKE_SA_INIT request sent, dropping other messages (DELETEs
 * of IKE_SAs given up on), and check where it goes
 */
static message_t *next_ike_sa_init(char *to)
{
	message_t *message;
	host_t *host;

	while (TRUE)
	{
		message = core_next();
		if (message->get_exchange_type(message) == IKE_SA_INIT &&
			message->get_request(message))
		{
			break;
		}
		message->destroy(message);
	}
	host = host_create_from_string(to, 0);
	ck_assert_msg(host->ip_equals(host, message->get_destination(message)),
				  "IKE_SA_INIT to %#H instead of %H",
				  message->get_destination(message), host);
	host->destroy(host);
	return message;
}

/**
 * Run IKE_SA_INIT and IKE_AUTH of a new IKE_SA of the initiator with a new
 * responder, the IKE_SA_INIT request sent to the given address
 */
static void handshake(uint32_t i, char *to)
{
	message_t *message;
	uint32_t r;

	message = next_ike_sa_init(to);
	r = core_responder();
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_process(i);
}

/**
 * Let the plugin set up the standby IKE_SA of the active one
 */
static uint32_t establish_standby(uint32_t active, uint32_t *resp)
{
	uint32_t s, a = 0, standby = 0;
	message_t *message;

	core_run_jobs();
	s = core_find(CORE_CONNECTION, active, IKE_CONNECTING);
	ck_assert_msg(s, "no standby IKE_SA initiated");
	message = next_ike_sa_init(STANDBY_MEMBER);
	*resp = core_responder();
	core_set_spis(s, *resp, FALSE);
	ck_assert_int_eq(core_process_message(*resp, message), SUCCESS);
	core_set_spis(s, *resp, TRUE);
	ck_assert_int_eq(core_process(s), SUCCESS);
	ck_assert_int_eq(core_process(*resp), SUCCESS);
	ck_assert_int_eq(core_process(s), SUCCESS);
	ck_assert_int_eq(core_state(s), IKE_ESTABLISHED);
	ck_assert(core.rehome->get_ids(core.rehome, CORE_CONNECTION, &a,
								   &standby));
	ck_assert_int_eq(a, active);
	ck_assert_int_eq(standby, s);
	return s;
}

/**
 * Lose the active IKE_SA, the CREATE_CHILD_SA on the standby fails; check
 * that a new key request of a failover follows and the standby is gone
 */
static void fail_on_standby(uint32_t active, uint32_t s, uint32_t sr)
{
	char buf[128];

	test_log_clear();
	core_lose(active);
	core_run_jobs();
	ck_assert_int_eq(test_log_count("moving the CHILD_SAs of '"
						CORE_CONNECTION "' to standby member "
						STANDBY_MEMBER, NULL), 1);
	/* CREATE_CHILD_SA --> rejected <-- */
	ck_assert_int_eq(core_process(sr), SUCCESS);
	ck_assert_int_eq(core_process(s), SUCCESS);
	/* the check of the failover via the standby is due right away */
	core_advance(1);
	snprintf(buf, sizeof(buf), "the standby IKE_SA [%u] did not take over "
			 "'" CORE_CONNECTION "'", s);
	ck_assert_msg(test_log_count(buf, NULL) == 1, "no fallback from the "
				  "standby IKE_SA %u to a new key request", s);
	core_run_jobs();
	ck_assert_int_eq(test_log_count("key request 1 for '" CORE_CONNECTION
						"' (failover)", NULL), 1);
	ck_assert_msg(core_state(s) == IKE_DESTROYING, "standby IKE_SA %u not "
				  "destroyed", s);
}

START_TEST(test_fallback)
{
	uint32_t i, r, s, sr;

	core_establish(&i, &r);
	s = establish_standby(i, &sr);
	fail_on_standby(i, s, sr);
	/* only the IKE_SA of the failover's key request is left */
	ck_assert_int_eq(count_ike_sas(CORE_CONNECTION), 1);
}
END_TEST

START_TEST(test_fallback_cycles)
{
	uint32_t i, r, s, sr;
	int n;

	core_establish(&i, &r);
	for (n = 0; n < 3; n++)
	{
		s = establish_standby(i, &sr);
		fail_on_standby(i, s, sr);
		/* without hold-down, the failover key request tries the lost
		 * member first, which answers again */
		i = core_find(CORE_CONNECTION, 0, IKE_CONNECTING);
		ck_assert(i);
		handshake(i, CORE_RESPONDER);
		ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
		ck_assert_msg(count_ike_sas(CORE_CONNECTION) == 1,
					  "%d IKE_SAs of '" CORE_CONNECTION "' after %d fallback "
					  "cycles", count_ike_sas(CORE_CONNECTION), n + 1);
	}
}
END_TEST

START_TEST(test_standby_gone)
{
	uint32_t i, r, s, sr, s2, sr2;

	core_establish(&i, &r);
	s = establish_standby(i, &sr);
	/* the standby member deletes the standby IKE_SA (it expired, was
	 * restarted, ...): INFORMATIONAL { D } <-- and back */
	core_terminate(sr);
	ck_assert_int_eq(core_process(s), DESTROY_ME);
	ck_assert_int_eq(core_state(s), IKE_DESTROYING);
	/* a new standby IKE_SA with the same member, not with the active one */
	s2 = establish_standby(i, &sr2);
	ck_assert(s2 != s);
	ck_assert_int_eq(count_ike_sas(CORE_CONNECTION), 2);
}
END_TEST

/**
 * Complete a failover from the responder to the other member and run the
 * queued jobs, among them the failover script's
 */
static void complete_failover()
{
	uint32_t i, r, f;

	core_establish(&i, &r);
	core_lose(i);
	core_run_jobs();
	f = core_find(CORE_CONNECTION, i, IKE_CONNECTING);
	ck_assert_msg(f, "no failover key request");
	handshake(f, STANDBY_MEMBER);
	ck_assert_int_eq(core_state(f), IKE_ESTABLISHED);
	ck_assert_int_eq(test_log_count("failover of '" CORE_CONNECTION "' from "
						CORE_RESPONDER " to " STANDBY_MEMBER, NULL), 1);
	core_run_jobs();
}

START_TEST(test_script_killed)
{
	complete_failover();
	ck_assert_int_eq(test_log_count("/bin/sleep 10 killed after 200ms",
									NULL), 1);
}
END_TEST

START_TEST(test_script_done)
{
	complete_failover();
	ck_assert_int_eq(test_log_count("killed after", NULL), 0);
	ck_assert_int_eq(test_log_count("failed with", NULL), 0);
}
END_TEST

START_SETUP(setup_script_hangs)
{
	core_setup("members = " CORE_RESPONDER ", " STANDBY_MEMBER "\n"
			   "order = ordered\nscript = /bin/sleep 10\n"
			   "script_timeout = 200ms");
	core_add_responder(NULL);
}
END_SETUP

START_SETUP(setup_script_quick)
{
	core_setup("members = " CORE_RESPONDER ", " STANDBY_MEMBER "\n"
			   "order = ordered\nscript = /bin/true\n"
			   "script_timeout = 5s");
	core_add_responder(NULL);
}
END_SETUP

START_SETUP(setup_standby)
{
	/* the responder is the preferred member, the other one rejects every
	 * CHILD_SA */
	core_setup("members = " CORE_RESPONDER ", " STANDBY_MEMBER "\n"
			   "order = ordered\nstandby = yes");
	core_add_responder(STANDBY_TS);
}
END_SETUP

START_SETUP(setup_standby_no_hold_down)
{
	core_setup("members = " CORE_RESPONDER ", " STANDBY_MEMBER "\n"
			   "order = ordered\nstandby = yes\nhold_down = 0");
	core_add_responder(STANDBY_TS);
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *standby_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover standby");

	tc = tcase_create("failed CREATE_CHILD_SA on the standby");
	tcase_add_checked_fixture(tc, setup_standby, teardown);
	tcase_add_test(tc, test_fallback);
	suite_add_tcase(s, tc);

	tc = tcase_create("standby gone");
	tcase_add_checked_fixture(tc, setup_standby, teardown);
	tcase_add_test(tc, test_standby_gone);
	suite_add_tcase(s, tc);

	tc = tcase_create("failover script");
	tcase_add_checked_fixture(tc, setup_script_hangs, teardown);
	tcase_add_test(tc, test_script_killed);
	suite_add_tcase(s, tc);
	tc = tcase_create("failover script done in time");
	tcase_add_checked_fixture(tc, setup_script_quick, teardown);
	tcase_add_test(tc, test_script_done);
	suite_add_tcase(s, tc);

	tc = tcase_create("standby fallback cycles");
	tcase_add_checked_fixture(tc, setup_standby_no_hold_down, teardown);
	tcase_add_test(tc, test_fallback_cycles);
	suite_add_tcase(s, tc);

	return s;
}
