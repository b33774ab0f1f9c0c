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
 * A configured remote address that is no member of the cluster
 */
#define NOT_A_MEMBER "192.0.2.99"

/**
 * Check an IKE_SA for NAT conditions
 */
static void assert_no_nat(uint32_t id)
{
	ike_sa_t *ike_sa;
	bool natt, here, there;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	ck_assert(ike_sa);
	/* the NAT-D notifies were there and processed */
	natt = ike_sa->supports_extension(ike_sa, EXT_NATT);
	here = ike_sa->has_condition(ike_sa, COND_NAT_HERE);
	there = ike_sa->has_condition(ike_sa, COND_NAT_THERE);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	ck_assert_msg(natt, "no NAT-D notifies processed by IKE_SA %u", id);
	ck_assert_msg(!here, "IKE_SA %u detected a NAT on its side", id);
	ck_assert_msg(!there, "IKE_SA %u detected a NAT on the peer's side", id);
}

/**
 * Check the address of a host
 */
static void assert_host(host_t *host, char *addr)
{
	host_t *expected;

	expected = host_create_from_string(addr, IKEV2_UDP_PORT);
	ck_assert_msg(host->equals(host, expected), "%#H is not %#H", host,
				  expected);
	expected->destroy(expected);
}

START_TEST(test_retarget)
{
	message_t *message;
	uint32_t i, r;

	core_initiate(NOT_A_MEMBER, &i, &r);
	ck_assert_int_eq(test_log_count("cluster '" CORE_CLUSTER "': trying "
						"member " CORE_RESPONDER, "for '" CORE_CONNECTION "'",
						NULL), 1);

	/* IKE_SA_INIT --> sent to the member, not to the configured address */
	message = core_next();
	ck_assert_int_eq(message->get_exchange_type(message), IKE_SA_INIT);
	assert_host(message->get_destination(message), CORE_RESPONDER);
	assert_host(message->get_source(message), CORE_RESPONDER);
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	ck_assert(core_received_notify(IKE_SA_INIT, NAT_DETECTION_SOURCE_IP));
	ck_assert(core_received_notify(IKE_SA_INIT,
								   NAT_DETECTION_DESTINATION_IP));
	/* the responder computes the same NAT-D hashes for the addresses it
	 * received the request on */
	assert_no_nat(r);

	/* <-- IKE_SA_INIT */
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	assert_no_nat(i);
	/* IKE_AUTH --> */
	ck_assert_int_eq(core_process(r), SUCCESS);
	/* <-- IKE_AUTH */
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
	ck_assert_int_eq(core_state(r), IKE_ESTABLISHED);
	ck_assert_int_eq(test_log_count("cluster '" CORE_CLUSTER "': '"
						CORE_CONNECTION "' established with member "
						CORE_RESPONDER, NULL), 1);
}
END_TEST

START_TEST(test_initial_contact)
{
	uint32_t i, r;

	/* the first IKE_SA of the connection with the member */
	core_initiate(NULL, &i, &r);
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_process(r), SUCCESS);
	ck_assert(core_received_notify(IKE_AUTH, INITIAL_CONTACT));
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
}
END_TEST

START_TEST(test_initial_contact_other)
{
	uint32_t i1, r1, i2, r2;

	core_establish(&i1, &r1);

	/* another key request of the connection with the same member, e.g. an
	 * initiation of charon: the first IKE_SA must survive */
	core_initiate(NULL, &i2, &r2);
	core_set_spis(i2, r2, FALSE);
	ck_assert_int_eq(core_process(r2), SUCCESS);
	core_set_spis(i2, r2, TRUE);
	ck_assert_int_eq(core_process(i2), SUCCESS);
	ck_assert_int_eq(core_process(r2), SUCCESS);
	ck_assert_int_eq(core_received_exchange(), IKE_AUTH);
	ck_assert(!core_received_notify(IKE_AUTH, INITIAL_CONTACT));
	ck_assert_int_eq(core_process(i2), SUCCESS);
	ck_assert_int_eq(core_state(i2), IKE_ESTABLISHED);
	ck_assert_int_eq(core_state(i1), IKE_ESTABLISHED);
}
END_TEST

/**
 * A member that rejects the traffic selectors of every CHILD_SA
 */
#define REJECTING_MEMBER "192.0.2.2"

/**
 * What the connector logs when it skips that member
 */
#define SKIPPED "cluster '" CORE_CLUSTER "': member " REJECTING_MEMBER \
				" failed for '" CORE_CONNECTION "'"

START_TEST(test_ts_rejected)
{
	message_t *message;
	uint32_t i, r, n, nr;

	core_initiate(NULL, &i, &r);
	/* IKE_SA_INIT --> to the preferred member */
	message = core_next();
	assert_host(message->get_destination(message), REJECTING_MEMBER);
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	/* IKE_AUTH --> <-- N(TS_UNACCEPTABLE) */
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_process(i);
	/* the member is skipped, at once or after the connect timeout */
	core_run_jobs();
	if (!test_log_count(SKIPPED, NULL))
	{
		core_advance(1000);
		core_run_jobs();
	}
	ck_assert_msg(test_log_count(SKIPPED, NULL) == 1, "member "
				  REJECTING_MEMBER " rejecting the traffic selectors is not "
				  "skipped");
	n = core_find(CORE_CONNECTION, 0, IKE_CONNECTING);
	ck_assert_msg(n, "no IKE_SA with the next member");
	/* IKE_SA_INIT --> to the next member, which accepts the CHILD_SA */
	while (TRUE)
	{	/* skip the DELETE of the IKE_SA given up on */
		message = core_next();
		if (message->get_exchange_type(message) == IKE_SA_INIT)
		{
			break;
		}
		message->destroy(message);
	}
	assert_host(message->get_destination(message), CORE_RESPONDER);
	nr = core_responder();
	core_set_spis(n, nr, FALSE);
	ck_assert_int_eq(core_process_message(nr, message), SUCCESS);
	core_set_spis(n, nr, TRUE);
	ck_assert_int_eq(core_process(n), SUCCESS);
	ck_assert_int_eq(core_process(nr), SUCCESS);
	ck_assert_int_eq(core_process(n), SUCCESS);
	ck_assert_int_eq(test_log_count("cluster '" CORE_CLUSTER "': '"
						CORE_CONNECTION "' established with member "
						CORE_RESPONDER, NULL), 1);
}
END_TEST

/**
 * An IKEv1 connection bound to a cluster is a configuration error, reported
 * once; the plugin keeps out of its IKE_SAs
 */
START_TEST(test_ikev1)
{
	ike_cfg_create_t ike = {
		.version = IKEV1,
		.local = "127.0.0.1",
		.local_port = IKEV2_UDP_PORT,
		.remote = CORE_RESPONDER,
		.remote_port = IKEV2_UDP_PORT,
	};
	peer_cfg_create_t peer = {
		.keyingtries = 1,
	};
	peer_cfg_t *peer_cfg;
	ike_sa_id_t *id;
	ike_sa_t *ike_sa;
	uint32_t active = 0, standby = 0;
	int i;

	peer_cfg = peer_cfg_create(CORE_CONNECTION, ike_cfg_create(&ike), &peer);
	id = ike_sa_id_create(IKEV1, 1, 0, TRUE);
	ike_sa = ike_sa_create(id, TRUE, IKEV1);
	id->destroy(id);
	ck_assert(ike_sa);
	ike_sa->set_peer_cfg(ike_sa, peer_cfg);
	test_log_clear();
	for (i = 0; i < 2; i++)
	{
		charon->bus->set_sa(charon->bus, ike_sa);
		charon->bus->ike_state_change(charon->bus, ike_sa, IKE_CONNECTING);
		charon->bus->ike_updown(charon->bus, ike_sa, TRUE);
		charon->bus->set_sa(charon->bus, NULL);
	}
	ck_assert_int_eq(test_log_count("cluster '" CORE_CLUSTER "': connection '"
						CORE_CONNECTION "' uses IKEv1, clusters support IKEv2 "
						"only", NULL), 1);
	ck_assert_int_eq(core.connector->get_request_count(core.connector), 0);
	ck_assert(!core.rehome->get_ids(core.rehome, CORE_CONNECTION, &active,
									&standby) || !active);
	ike_sa->destroy(ike_sa);
	peer_cfg->destroy(peer_cfg);
}
END_TEST

START_SETUP(setup_rejecting)
{
	core_setup("members = " REJECTING_MEMBER ", " CORE_RESPONDER "\n"
			   "order = ordered\nconnect_timeout = 1s");
	core_add_responder("10.99.0.0/16");
}
END_SETUP

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

Suite *connect_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover connect");

	tc = tcase_create("retargeted IKE_SA_INIT");
	tcase_add_checked_fixture(tc, setup_single, teardown);
	tcase_add_test(tc, test_retarget);
	suite_add_tcase(s, tc);

	tc = tcase_create("INITIAL_CONTACT");
	tcase_add_checked_fixture(tc, setup_single, teardown);
	tcase_add_test(tc, test_initial_contact);
	tcase_add_test(tc, test_initial_contact_other);
	suite_add_tcase(s, tc);

	tc = tcase_create("member rejecting the traffic selectors");
	tcase_add_checked_fixture(tc, setup_rejecting, teardown);
	tcase_add_test(tc, test_ts_rejected);
	suite_add_tcase(s, tc);

	tc = tcase_create("IKEv1");
	tcase_add_checked_fixture(tc, setup_single, teardown);
	tcase_add_test(tc, test_ikev1);
	suite_add_tcase(s, tc);

	return s;
}
