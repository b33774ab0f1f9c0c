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

/**
 * Fixture running the plugin's concurrent core (listener, connector, rehome
 * with its monitor) in-process, on top of libcharon's exchange_test_helper.
 *
 * The units are created and wired exactly as plugin_cb() does it, the
 * listener registered with the bus and, for roam events, with charon's
 * kernel interface (charon->kernel->roam() reaches it).  The
 * initiator uses the helper's connection "init", bound to the cluster
 * "test" of the fixture; the responder's connection "resp" is bound to
 * nothing, so the plugin, which sees the events of both sides on the one
 * bus, ignores it.
 *
 * IKE_SAs and the IKE_SA manager: the plugin's jobs check IKE_SAs out of
 * charon's IKE_SA manager by unique id, which the helper's establish_sa()
 * does not register its IKE_SAs with.  The fixture therefore registers both
 * IKE_SAs of a pair with the manager right after creating them
 * (checkout_new() and checkin()), and afterwards only ever works on an
 * IKE_SA while it has it checked out by unique id, like charon's own jobs:
 * core_process() checks the IKE_SA out, passes it the next message of the
 * mock sender and checks it in again, or destroys it via the manager if
 * processing returned DESTROY_ME.  IKE_SAs created by charon itself (the
 * new IKE_SA of a rekeying, a reauthentication) or by the plugin's jobs are
 * registered by charon anyway.
 *
 * Jobs: in the tests lib->processor has no threads, queued jobs would never
 * run, nor would scheduled ones.  The fixture replaces lib->processor with
 * one that keeps queued jobs in a list until the test runs them explicitly
 * with core_run_jobs(), and lib->scheduler with one on a virtual clock that
 * runs the scheduled jobs (connect timeouts, heartbeat ticks, charon's
 * retransmissions) only when the test moves the clock with core_advance().
 * All jobs run in the test's thread, so the order of events is
 * deterministic.
 *
 * @defgroup core_fixture core_fixture
 * @{ @ingroup cluster_failover
 */

#ifndef CORE_FIXTURE_H_
#define CORE_FIXTURE_H_

#include <test_suite.h>
#include <tests/utils/exchange_test_helper.h>

#include "../../cluster_failover_config.h"
#include "../../cluster_failover_connector.h"
#include "../../cluster_failover_holddown.h"
#include "../../cluster_failover_resolver.h"
#include "../../cluster_failover_listener.h"
#include "../test_log.h"
#include "../../cluster_failover_order.h"
#include "../../cluster_failover_rehome.h"

/**
 * Name of the cluster of the fixture
 */
#define CORE_CLUSTER "test"

/**
 * Name of the initiator's connection, as exchange_test_helper creates it
 */
#define CORE_CONNECTION "init"

/**
 * Address of the responder, the only one exchange_test_helper's responder
 * config accepts IKE_SA_INITs on
 */
#define CORE_RESPONDER "127.0.0.1"

/**
 * Name of the connection of the responder of core_add_responder()
 */
#define CORE_ANY_RESPONDER "resp-any"

/**
 * The plugin's units, as plugin_cb() creates them
 */
typedef struct {
	cluster_failover_config_t *config;
	cluster_failover_order_t *order;
	cluster_failover_holddown_t *holddown;
	cluster_failover_resolver_t *resolver;
	cluster_failover_connector_t *connector;
	cluster_failover_rehome_t *rehome;
	cluster_failover_listener_t *listener;
} core_units_t;

/**
 * Units of the current test, valid between core_setup() and
 * core_teardown()
 */
extern core_units_t core;

/**
 * Create the plugin's units with a cluster "test" bound to the connection
 * "init".
 *
 * @param options		options of the cluster besides "connections", in
 *						strongswan.conf syntax, e.g. "members = 127.0.0.1"
 */
void core_setup(char *options);

/**
 * Unregister and destroy the units, flush all IKE_SAs and queued jobs.
 */
void core_teardown();

/**
 * Add a responder connection that accepts IKE_SA_INITs on any address
 * (the helper's only accepts them on CORE_RESPONDER), to have a responder
 * at every member of a cluster.  It is used for members other than
 * CORE_RESPONDER only, the helper's connection matches that one better.
 *
 * @param ts			traffic selector the responder accepts for both
 *						sides, e.g. one no initiator proposes to make each
 *						CHILD_SA fail, NULL for the peer's address
 */
void core_add_responder(char *ts);

/**
 * Run queued jobs in the order they were queued, including the ones they
 * queue, until none is left.
 *
 * @return				number of jobs run
 */
int core_run_jobs();

/**
 * Move the virtual clock of the scheduler forward, running the jobs that
 * are due, in the order they are due (queued jobs they queue are not run,
 * see core_run_jobs()).  Note that the plugin and charon measure time with
 * the real clock.
 *
 * @param ms			milliseconds to move the clock
 * @return				number of scheduled jobs run
 */
int core_advance(uint32_t ms);

/**
 * Number of queued jobs.
 *
 * @return				number of jobs queued and not yet run
 */
int core_queued_jobs();

/**
 * Check the last plaintext message an IKE_SA received for a notify.
 *
 * Unlike exchange_test_asserts.h, which fail within the bus' hooks and so
 * leave the IKE_SA checked out and the bus locked, the message is only
 * recorded, the test checks it after processing.
 *
 * @param exchange		exchange type the message must have
 * @param type			notify type
 * @return				TRUE if the message is of the exchange and has the
 *						notify
 */
bool core_received_notify(exchange_type_t exchange, notify_type_t type);

/**
 * Get the exchange type of the last plaintext message an IKE_SA received.
 *
 * @return				exchange type, EXCHANGE_TYPE_UNDEFINED if none
 */
exchange_type_t core_received_exchange();

/**
 * Create an initiator and a responder IKE_SA, both registered with the
 * IKE_SA manager, and initiate the initiator's connection "init" with one
 * CHILD_SA.
 *
 * @param remote		configured remote address of "init", NULL for the
 *						helper's own (CORE_RESPONDER)
 * @param[out] init		unique id of the initiator's IKE_SA
 * @param[out] resp		unique id of the responder's IKE_SA
 */
void core_initiate(char *remote, uint32_t *init, uint32_t *resp);

/**
 * Like core_initiate(), for a connection of another name (with the same
 * identities and CHILD_SA), e.g. one of several bound to the cluster with
 * "connections = ..." in the options of core_setup().
 *
 * @param name			name of the connection
 * @param remote		configured remote address, NULL for CORE_RESPONDER
 * @param[out] init		unique id of the initiator's IKE_SA
 * @param[out] resp		unique id of the responder's IKE_SA
 */
void core_initiate_conn(char *name, char *remote, uint32_t *init,
						uint32_t *resp);

/**
 * Check an IKE_SA out by unique id, pass it the next message sent and
 * check it in, or destroy it if processing failed.
 *
 * @param id			unique id of the IKE_SA
 * @return				status of processing, DESTROY_ME if destroyed
 */
status_t core_process(uint32_t id);

/**
 * Check an IKE_SA out by unique id, pass it a message and check it in, or
 * destroy it if processing failed.
 *
 * @param id			unique id of the IKE_SA
 * @param message		message to process, adopted
 * @return				status of processing, DESTROY_ME if destroyed
 */
status_t core_process_message(uint32_t id, message_t *message);

/**
 * Get the next message sent.
 *
 * @return				message, to pass to core_process_message()
 */
message_t *core_next();

/**
 * Set the SPIs the IKE_SA_INIT exchange between two IKE_SAs assigns, as
 * charon's IKE_SA manager does when it checks an IKE_SA out by message.
 *
 * @param init			unique id of the initiator's IKE_SA
 * @param resp			unique id of the responder's IKE_SA
 * @param response		FALSE before the responder processes the request,
 *						TRUE before the initiator processes the response
 */
void core_set_spis(uint32_t init, uint32_t resp, bool response);

/**
 * Complete IKE_SA_INIT and IKE_AUTH between two IKE_SAs created by
 * core_initiate(), with the IKE_SA_INIT request already sent.
 *
 * @param init			unique id of the initiator's IKE_SA
 * @param resp			unique id of the responder's IKE_SA
 */
void core_complete(uint32_t init, uint32_t resp);

/**
 * Establish the connection "init" between two new IKE_SAs.
 *
 * @param[out] init		unique id of the initiator's IKE_SA
 * @param[out] resp		unique id of the responder's IKE_SA
 */
void core_establish(uint32_t *init, uint32_t *resp);

/**
 * Establish an initiator's connection of another name between two new
 * IKE_SAs, see core_initiate_conn().
 *
 * @param name			name of the initiator's connection
 * @param[out] init		unique id of the initiator's IKE_SA
 * @param[out] resp		unique id of the responder's IKE_SA
 */
void core_establish_conn(char *name, uint32_t *init, uint32_t *resp);

/**
 * Rekey the initiator's IKE_SA, the responder's new IKE_SA is found by the
 * SPIs of the exchange.  The old IKE_SAs are deleted and destroyed.
 *
 * @param init			unique id of the initiator's IKE_SA, replaced by
 *						that of its new IKE_SA
 * @param resp			unique id of the responder's IKE_SA, replaced by
 *						that of its new IKE_SA
 */
void core_rekey(uint32_t *init, uint32_t *resp);

/**
 * Find the unique id of an IKE_SA of a connection in a given state, other
 * than the given one.
 *
 * @param name			name of the connection
 * @param not			unique id to ignore, 0 for none
 * @param state			state of the IKE_SA
 * @return				unique id, 0 if none found
 */
uint32_t core_find(char *name, uint32_t not, ike_sa_state_t state);

/**
 * Create a responder IKE_SA registered with the manager, for an IKE_SA_INIT
 * that charon or the plugin initiated on a new IKE_SA.
 *
 * @return				unique id of the responder's IKE_SA
 */
uint32_t core_responder();

/**
 * Delete an IKE_SA as charon does on a terminate command; the IKE_SA is
 * destroyed right away if it is not established.
 *
 * @param id			unique id of the IKE_SA
 * @return				status of delete(), DESTROY_ME if destroyed
 */
status_t core_terminate(uint32_t id);

/**
 * Get the state of an IKE_SA, IKE_DESTROYING if it does not exist.
 *
 * @param id			unique id of the IKE_SA
 * @return				state
 */
ike_sa_state_t core_state(uint32_t id);

/**
 * Lose the peer of an IKE_SA: it sends a liveness check that is never
 * answered and retransmitted until charon gives up (raising
 * ALERT_RETRANSMIT_SEND_TIMEOUT) and destroys the IKE_SA.
 *
 * @param id			unique id of the IKE_SA
 */
void core_lose(uint32_t id);

#endif /** CORE_FIXTURE_H_ @}*/
