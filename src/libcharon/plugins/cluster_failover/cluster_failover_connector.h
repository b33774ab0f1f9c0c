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
 * @defgroup cluster_failover_connector cluster_failover_connector
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_CONNECTOR_H_
#define CLUSTER_FAILOVER_CONNECTOR_H_

#include "cluster_failover_config.h"
#include "cluster_failover_holddown.h"
#include "cluster_failover_initiator.h"
#include "cluster_failover_order.h"
#include "cluster_failover_resolver.h"
#include "cluster_failover_tasks.h"

#include <sa/ike_sa.h>
#include <encoding/message.h>
#include <bus/bus.h>

typedef struct cluster_failover_connector_t cluster_failover_connector_t;

/**
 * Establishes the connections bound to a cluster, trying the members in the
 * order of each key request.
 *
 * Every initiation of a bound connection, however charon started it,
 * becomes a key request: the IKE_SA_INIT is sent to the first member in
 * the request's order instead of the configured remote address.  A member
 * that does not answer within the cluster's connect timeout, fails
 * authentication or rejects the proposals or traffic selectors is skipped
 * and the next one tried; once all failed, the connection's keyingtries
 * apply.  Members held down after a failure are tried last.  At most
 * max_concurrent_requests key requests are in flight, from their
 * IKE_SA_INIT until their IKE_SA is established or the attempt ends, see
 * cluster_failover_slots_t.
 *
 * The hooks are called by the plugin's bus listener; they never block and
 * never check out an IKE_SA, all work on other IKE_SAs is done by jobs.
 */
struct cluster_failover_connector_t {

	/**
	 * Hook for an outgoing message, before it is encoded.
	 *
	 * @param ike_sa		IKE_SA sending the message
	 * @param message		message, may be modified
	 */
	void (*message)(cluster_failover_connector_t *this, ike_sa_t *ike_sa,
					message_t *message);

	/**
	 * Hook for an alert raised on an IKE_SA.
	 *
	 * @param ike_sa		IKE_SA the alert is about
	 * @param alert			alert type
	 */
	void (*alert)(cluster_failover_connector_t *this, ike_sa_t *ike_sa,
				  alert_t alert);

	/**
	 * Hook for a CHILD_SA going up: the key request is fulfilled.
	 *
	 * @param ike_sa		IKE_SA of the CHILD_SA
	 */
	void (*child_up)(cluster_failover_connector_t *this, ike_sa_t *ike_sa);

	/**
	 * Hook for an IKE_SA state change.
	 *
	 * @param ike_sa		IKE_SA changing its state
	 * @param state			new state
	 */
	void (*ike_state_change)(cluster_failover_connector_t *this,
							 ike_sa_t *ike_sa, ike_sa_state_t state);

	/**
	 * Hook for charon re-establishing an IKE_SA on a new one.
	 *
	 * A reauthentication stays with the member of the old IKE_SA.
	 *
	 * @param old			IKE_SA re-established
	 * @param new			new IKE_SA, not yet initiated
	 */
	void (*reestablish)(cluster_failover_connector_t *this, ike_sa_t *old,
						ike_sa_t *new);

	/**
	 * Hook for charon having re-established an IKE_SA.
	 *
	 * @param new			new IKE_SA, initiated or not
	 */
	void (*reestablished)(cluster_failover_connector_t *this, ike_sa_t *new);

	/**
	 * Hook for an IKE_SA going up: a key request without CHILD_SAs is
	 * fulfilled.
	 *
	 * @param ike_sa		IKE_SA
	 */
	void (*ike_up)(cluster_failover_connector_t *this, ike_sa_t *ike_sa);

	/**
	 * Start a key request of the plugin's own on a new IKE_SA.
	 *
	 * @param peer_cfg		connection, a new reference is taken
	 * @param children		configs of the CHILD_SAs to establish, new
	 *						references are taken, empty for none
	 * @param purpose		purpose of the key request
	 * @param only			the only member to try, NULL for all
	 * @param exclude		a member not to try, NULL for none
	 * @param vips			virtual IPs to ask the members for, host_t*,
	 *						copied, NULL for those of the peer_cfg
	 */
	void (*initiate)(cluster_failover_connector_t *this, peer_cfg_t *peer_cfg,
					 linked_list_t *children,
					 cluster_failover_purpose_t purpose, host_t *only,
					 host_t *exclude, linked_list_t *vips);

	/**
	 * Hook for an authenticated IKE message received: a member answering
	 * the IKE_SA_INIT has establish_timeout, no longer connect_timeout,
	 * to complete the establishment.
	 *
	 * @param ike_sa		IKE_SA that received the message
	 * @param message		message
	 */
	void (*received)(cluster_failover_connector_t *this, ike_sa_t *ike_sa,
					 message_t *message);

	/**
	 * Hook for charon rekeying an IKE_SA.
	 *
	 * @param old			IKE_SA rekeyed
	 * @param new			new IKE_SA
	 */
	void (*rekey)(cluster_failover_connector_t *this, ike_sa_t *old,
				  ike_sa_t *new);

	/**
	 * Hook for the addresses of an IKE_SA changing (MOBIKE, NAT).
	 *
	 * @param ike_sa		IKE_SA
	 * @param remote		new address of the peer
	 */
	void (*update)(cluster_failover_connector_t *this, ike_sa_t *ike_sa,
				   host_t *remote);

	/**
	 * Take note that an IKE_SA is given up, as its member was lost: it does
	 * not keep key requests from sending INITIAL_CONTACT to that member.
	 *
	 * @param id			unique id of the IKE_SA
	 */
	void (*give_up)(cluster_failover_connector_t *this, uint32_t id);

	/**
	 * Take note that an IKE_SA given up answers again: it keeps key
	 * requests from sending INITIAL_CONTACT to its member again.
	 *
	 * @param id			unique id of the IKE_SA
	 */
	void (*revive)(cluster_failover_connector_t *this, uint32_t id);

	/**
	 * Cancel the failover key requests of a connection in progress, as the
	 * lost member answers again: those waiting for a path or a member's
	 * answer are dropped, one already established stays.
	 *
	 * @param name			name of the connection
	 */
	void (*cancel)(cluster_failover_connector_t *this, char *name);

	/**
	 * Get the preferred (first) member of a cluster, without waiting: the
	 * first address of the members in the configured order, DNS names with
	 * the addresses of their latest answer.
	 *
	 * @param cluster		cluster
	 * @return				preferred member (a new host_t), NULL if none
	 */
	host_t* (*get_preferred)(cluster_failover_connector_t *this,
							 cluster_failover_cluster_t *cluster);

	/**
	 * Get the number of key requests in progress.
	 *
	 * @return				number of key requests
	 */
	u_int (*get_request_count)(cluster_failover_connector_t *this);

	/**
	 * Set the callback invoked when a key request gave up.
	 *
	 * @param cb			callback
	 * @param data			data to pass to the callback
	 */
	void (*set_exhausted_cb)(cluster_failover_connector_t *this,
							 cluster_failover_exhausted_cb_t cb, void *data);

	/**
	 * Destroy a cluster_failover_connector_t.
	 */
	void (*destroy)(cluster_failover_connector_t *this);
};

/**
 * Create a cluster_failover_connector_t instance.
 *
 * @param config		cluster configuration
 * @param order			member ordering
 * @param holddown		failed members, tried last
 * @param resolver		addresses of the members
 * @return				connector
 */
cluster_failover_connector_t *cluster_failover_connector_create(
								cluster_failover_config_t *config,
								cluster_failover_order_t *order,
								cluster_failover_holddown_t *holddown,
								cluster_failover_resolver_t *resolver);

#endif /** CLUSTER_FAILOVER_CONNECTOR_H_ @}*/
