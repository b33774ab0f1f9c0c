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
 * Many key requests at once: connections with the same identity that
 * connect to the same member together, and a burst of failovers bounded
 * by max_concurrent_requests.
 *
 * The members are addresses of core_add_responder()'s responder, which
 * replaces no IKE_SA of the same identity unless told by INITIAL_CONTACT
 * (the helper's own at CORE_RESPONDER has unique = replace).
 */

#include "../core_fixture.h"

#include <utils/process.h>

#include "../../../cluster_failover_util.h"

/**
 * The connections bound to the cluster, all with the same identities
 */
#define CONNECTIONS 10

/**
 * max_concurrent_requests of the burst
 */
#define LIMIT 3

/**
 * The option
 */
#define OPTION "%s.plugins.cluster-failover.max_concurrent_requests"

/**
 * Members: the first, in use when the burst starts, dies
 */
#define LOST "192.0.2.1"
#define M2 "192.0.2.2"
#define M3 "192.0.2.3"
#define M4 "192.0.2.4"

/**
 * Names of the connections
 */
static char names[CONNECTIONS][8];

/**
 * Unique ids of the initiators' IKE_SAs of the connections
 */
static uint32_t inits[CONNECTIONS];

/**
 * Count the IKE_SAs of the connections in state IKE_CONNECTING: the key
 * requests whose IKE_SA_INIT is on its way, or answered, but which are
 * not established yet
 */
static int connecting()
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	int count = 0;

	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (strpfx(ike_sa->get_name(ike_sa), "conn") &&
			ike_sa->get_state(ike_sa) == IKE_CONNECTING)
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	charon->bus->set_sa(charon->bus, NULL);
	return count;
}

/**
 * Find the initiator's IKE_SA that sent an IKE_SA_INIT request
 */
static uint32_t find_sender(message_t *message)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	ike_sa_id_t *id, *sent;
	uint32_t found = 0;

	sent = message->get_ike_sa_id(message);
	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		id = ike_sa->get_id(ike_sa);
		if (id->is_initiator(id) && id->get_initiator_spi(id) ==
									sent->get_initiator_spi(sent))
		{
			found = ike_sa->get_unique_id(ike_sa);
			break;
		}
	}
	enumerator->destroy(enumerator);
	charon->bus->set_sa(charon->bus, NULL);
	ck_assert_msg(found, "no IKE_SA sent the IKE_SA_INIT");
	return found;
}

/**
 * Move the IKE_SA_INIT requests sent to a list, drop other messages (the
 * DELETEs of the IKE_SAs given up)
 */
static void collect_inits(linked_list_t *list)
{
	message_t *message;

	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		if (message->get_exchange_type(message) == IKE_SA_INIT &&
			message->get_request(message))
		{
			list->insert_last(list, message);
		}
		else
		{
			message->destroy(message);
		}
	}
}

/**
 * Let a member answer an IKE_SA_INIT and the IKE_AUTH that follows; other
 * messages sent meanwhile stay in the sender's queue behind the exchange
 */
static void answer(message_t *message)
{
	uint32_t i, r;

	i = find_sender(message);
	r = core_responder();
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	/* answered, but still half-open on the member: no other starts */
	core_run_jobs();
	ck_assert_msg(connecting() <= LIMIT, "%d key requests in flight",
				  connecting());
	ck_assert_int_eq(core_process(r), SUCCESS);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
}

START_TEST(test_connect_together)
{
	uint32_t i1, r1, i2, r2;
	message_t *m1, *m2;
	int contacts = 0;

	/* two connections with the same identity start at once */
	core_initiate_conn(names[0], NULL, &i1, &r1);
	core_initiate_conn(names[1], NULL, &i2, &r2);
	/* IKE_SA_INIT --> twice */
	m1 = core_next();
	m2 = core_next();
	core_set_spis(i1, r1, FALSE);
	ck_assert_int_eq(core_process_message(r1, m1), SUCCESS);
	core_set_spis(i2, r2, FALSE);
	ck_assert_int_eq(core_process_message(r2, m2), SUCCESS);
	/* <-- IKE_SA_INIT twice, IKE_AUTH --> twice */
	core_set_spis(i1, r1, TRUE);
	ck_assert_int_eq(core_process(i1), SUCCESS);
	core_set_spis(i2, r2, TRUE);
	ck_assert_int_eq(core_process(i2), SUCCESS);
	ck_assert_int_eq(core_process(r1), SUCCESS);
	contacts += core_received_notify(IKE_AUTH, INITIAL_CONTACT);
	ck_assert_int_eq(core_process(r2), SUCCESS);
	contacts += core_received_notify(IKE_AUTH, INITIAL_CONTACT);
	/* <-- IKE_AUTH twice */
	ck_assert_int_eq(core_process(i1), SUCCESS);
	ck_assert_int_eq(core_process(i2), SUCCESS);

	ck_assert_msg(contacts <= 1, "%d IKE_AUTHs with INITIAL_CONTACT",
				  contacts);
	ck_assert_int_eq(core_state(i1), IKE_ESTABLISHED);
	ck_assert_int_eq(core_state(i2), IKE_ESTABLISHED);
	/* the member kept both */
	ck_assert_int_eq(core_state(r1), IKE_ESTABLISHED);
	ck_assert_int_eq(core_state(r2), IKE_ESTABLISHED);
}
END_TEST

/**
 * Count the connections whose failover tried the survivors in an order
 */
static int with_order(char *a, char *b, char *c)
{
	char order[128];

	snprintf(order, sizeof(order), "(failover), members in order: %s, %s, "
			 "%s, " LOST, a, b, c);
	return test_log_count(order, NULL);
}

/**
 * Check that the failovers got orders of their own: none shared by all
 */
static void assert_own_orders()
{
	char *m[] = { M2, M3, M4 };
	int i, j, k, count, total = 0;

	for (i = 0; i < 3; i++)
	{
		for (j = 0; j < 3; j++)
		{
			for (k = 0; k < 3; k++)
			{
				if (i == j || j == k || i == k)
				{
					continue;
				}
				count = with_order(m[i], m[j], m[k]);
				ck_assert_msg(count < CONNECTIONS, "all key requests tried "
							  "the members in the order %s, %s, %s", m[i],
							  m[j], m[k]);
				total += count;
			}
		}
	}
	ck_assert_int_eq(total, CONNECTIONS);
}

/**
 * Establish all connections with the member LOST, the others held down
 */
static void establish_all()
{
	char *others[] = { M2, M3, M4 };
	host_t *host;
	uint32_t r;
	int i;

	for (i = 0; i < countof(others); i++)
	{
		host = host_create_from_string(others[i], 0);
		core.holddown->failed(core.holddown, CORE_CLUSTER, host,
							  cluster_failover_now(), 3600 * 1000);
		host->destroy(host);
	}
	for (i = 0; i < CONNECTIONS; i++)
	{
		core_initiate_conn(names[i], NULL, &inits[i], &r);
		core_complete(inits[i], r);
	}
	for (i = 0; i < countof(others); i++)
	{
		host = host_create_from_string(others[i], 0);
		core.holddown->clear(core.holddown, CORE_CLUSTER, host);
		host->destroy(host);
	}
}

START_TEST(test_burst_bounded)
{
	linked_list_t *sent;
	message_t *message;
	int i, established = 0;

	establish_all();
	test_log_clear();
	/* the member in use dies, all connections fail over together */
	for (i = 0; i < CONNECTIONS; i++)
	{
		core_lose(inits[i]);
	}
	core_run_jobs();
	sent = linked_list_create();
	collect_inits(sent);
	ck_assert_int_eq(sent->get_count(sent), LIMIT);
	ck_assert_int_eq(connecting(), LIMIT);
	ck_assert_int_eq(test_log_count("waits for a slot", NULL),
					 CONNECTIONS - LIMIT);

	/* each established key request lets the next one start */
	while (sent->remove_first(sent, (void**)&message) == SUCCESS)
	{
		answer(message);
		established++;
		core_run_jobs();
		collect_inits(sent);
		ck_assert_msg(connecting() <= LIMIT, "%d key requests in flight",
					  connecting());
		ck_assert_int_eq(sent->get_count(sent),
						 min(LIMIT, CONNECTIONS - established));
	}
	sent->destroy(sent);
	ck_assert_int_eq(established, CONNECTIONS);
	ck_assert_int_eq(connecting(), 0);
	for (i = 0; i < CONNECTIONS; i++)
	{
		ck_assert(core_find(names[i], 0, IKE_ESTABLISHED));
	}
	ck_assert_int_eq(test_log_count("key requests waiting for a slot", NULL),
					 1);
	assert_own_orders();
}
END_TEST

/**
 * What the connector logs when a member did not answer in time
 */
#define NO_ANSWER "did not answer for 'conn"

START_TEST(test_wait_keeps_timeout)
{
	linked_list_t *sent;
	message_t *message;

	establish_all();
	for (int i = 0; i < CONNECTIONS; i++)
	{
		core_lose(inits[i]);
	}
	core_run_jobs();
	sent = linked_list_create();
	collect_inits(sent);
	ck_assert_int_eq(sent->get_count(sent), LIMIT);
	/* one established after 800 ms lets the next start */
	core_advance(800);
	ck_assert(sent->remove_first(sent, (void**)&message) == SUCCESS);
	answer(message);
	core_run_jobs();
	collect_inits(sent);
	ck_assert_int_eq(sent->get_count(sent), LIMIT);
	test_log_clear();
	/* the other two started at once time out after the connect timeout
	 * (1 s), the one that waited gets its full second */
	core_advance(300);
	ck_assert_int_eq(test_log_count(NO_ANSWER, NULL), LIMIT - 1);
	core_advance(800);
	ck_assert_int_eq(test_log_count(NO_ANSWER, NULL), LIMIT);
	sent->destroy_offset(sent, offsetof(message_t, destroy));
}
END_TEST

/**
 * Bind the connections to a cluster with the given members
 */
static void setup_connections(char *members)
{
	char options[512], *pos = options;
	int i;

	pos += snprintf(pos, sizeof(options), "connections = ");
	for (i = 0; i < CONNECTIONS; i++)
	{
		snprintf(names[i], sizeof(names[i]), "conn%d", i);
		pos += snprintf(pos, sizeof(options) - (pos - options), "%s%s",
						i ? ", " : "", names[i]);
	}
	snprintf(pos, sizeof(options) - (pos - options), "\nmembers = %s\n"
			 "connect_timeout = 1s\n", members);
	core_setup(options);
	core_add_responder(NULL);
}

START_SETUP(setup_together)
{
	setup_connections(M2);
}
END_SETUP

START_SETUP(setup_burst)
{
	lib->settings->set_int(lib->settings, OPTION, LIMIT, lib->ns);
	setup_connections(LOST ", " M2 ", " M3 ", " M4);
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
	/* back to the default */
	lib->settings->set_str(lib->settings, OPTION, "", lib->ns);
}
END_TEARDOWN

Suite *burst_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover bursts");

	tc = tcase_create("connect together");
	tcase_add_checked_fixture(tc, setup_together, teardown);
	tcase_add_test(tc, test_connect_together);
	suite_add_tcase(s, tc);

	tc = tcase_create("burst bounded");
	tcase_add_checked_fixture(tc, setup_burst, teardown);
	tcase_add_test(tc, test_burst_bounded);
	tcase_add_test(tc, test_wait_keeps_timeout);
	suite_add_tcase(s, tc);

	return s;
}
