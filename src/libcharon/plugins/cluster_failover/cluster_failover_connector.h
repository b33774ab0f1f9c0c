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
#include "cluster_failover_order.h"

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
 * apply.
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
	 * Destroy a cluster_failover_connector_t.
	 */
	void (*destroy)(cluster_failover_connector_t *this);
};

/**
 * Create a cluster_failover_connector_t instance.
 *
 * @param config		cluster configuration
 * @param order			member ordering
 * @return				connector
 */
cluster_failover_connector_t *cluster_failover_connector_create(
								cluster_failover_config_t *config,
								cluster_failover_order_t *order);

#endif /** CLUSTER_FAILOVER_CONNECTOR_H_ @}*/
