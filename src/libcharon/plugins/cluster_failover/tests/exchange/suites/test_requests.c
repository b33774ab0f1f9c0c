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
 * Number of key requests of the connector in progress
 */
static u_int requests()
{
	return core.connector->get_request_count(core.connector);
}

START_TEST(test_destroyed_connecting)
{
	message_t *message;
	uint32_t i, r;

	core_initiate(NULL, &i, &r);
	ck_assert_int_eq(requests(), 1);
	/* the member does not answer, the user terminates the connection */
	message = core_next();
	message->destroy(message);
	ck_assert_int_eq(core_terminate(i), DESTROY_ME);
	ck_assert_int_eq(core_state(i), IKE_DESTROYING);
	ck_assert_int_eq(requests(), 0);
}
END_TEST

START_TEST(test_destroyed_authenticating)
{
	message_t *message;
	uint32_t i, r;

	core_initiate(NULL, &i, &r);
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(requests(), 1);
	/* the IKE_AUTH is lost, the user terminates the connection */
	message = core_next();
	message->destroy(message);
	ck_assert_int_eq(core_terminate(i), DESTROY_ME);
	ck_assert_int_eq(core_state(i), IKE_DESTROYING);
	ck_assert_int_eq(requests(), 0);
}
END_TEST

START_TEST(test_established)
{
	uint32_t i, r;

	core_establish(&i, &r);
	ck_assert_int_eq(requests(), 0);
	/* the IKE_SA goes with nothing left behind */
	ck_assert_int_eq(core_terminate(i), SUCCESS);
	ck_assert_int_eq(core_process(r), DESTROY_ME);
	ck_assert_int_eq(core_process(i), DESTROY_ME);
	ck_assert_int_eq(core_state(i), IKE_DESTROYING);
	ck_assert_int_eq(requests(), 0);
}
END_TEST

START_TEST(test_destroyed_failover)
{
	message_t *message;
	uint32_t i, r, f;

	core_establish(&i, &r);
	core_lose(i);
	core_run_jobs();
	/* the key request of the failover, on a new IKE_SA */
	f = core_find(CORE_CONNECTION, i, IKE_CONNECTING);
	ck_assert(f);
	ck_assert_int_eq(requests(), 1);
	message = core_next();
	message->destroy(message);
	ck_assert_int_eq(core_terminate(f), DESTROY_ME);
	ck_assert_int_eq(requests(), 0);
}
END_TEST

/**
 * A member that answered the IKE_SA_INIT at once but takes longer than the
 * connect timeout to answer the IKE_AUTH (EAP with a RADIUS server behind
 * it, OCSP) is not cut short: establish_timeout applies from its answer on
 */
START_TEST(test_slow_auth)
{
	message_t *message, *retransmit;
	uint32_t i, r;

	core_initiate(NULL, &i, &r);
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	/* IKE_AUTH --> is still on its way after the connect timeout (5 s) */
	message = core_next();
	test_log_clear();
	core_advance(6000);
	ck_assert_int_eq(test_log_count("did not answer", NULL), 0);
	ck_assert_int_eq(core_state(i), IKE_CONNECTING);
	ck_assert_int_eq(requests(), 1);
	/* charon retransmitted the IKE_AUTH meanwhile, the member answers the
	 * first one */
	while ((retransmit = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		retransmit->destroy(retransmit);
	}
	/* <-- IKE_AUTH */
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
	ck_assert_int_eq(requests(), 0);
}
END_TEST

START_SETUP(setup_single)
{
	core_setup("members = " CORE_RESPONDER);
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *requests_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover key requests");

	tc = tcase_create("gone with the IKE_SA");
	tcase_add_checked_fixture(tc, setup_single, teardown);
	tcase_add_test(tc, test_destroyed_connecting);
	tcase_add_test(tc, test_destroyed_authenticating);
	tcase_add_test(tc, test_established);
	tcase_add_test(tc, test_destroyed_failover);
	tcase_add_test(tc, test_slow_auth);
	suite_add_tcase(s, tc);

	return s;
}
