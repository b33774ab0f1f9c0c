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
 * @defgroup cluster_failover_standby cluster_failover_standby
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_STANDBY_H_
#define CLUSTER_FAILOVER_STANDBY_H_

#include "cluster_failover_conns.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_retire.h"

#include <sa/ike_sa.h>
#include <bus/bus.h>

typedef struct cluster_failover_standby_t cluster_failover_standby_t;

/**
 * Sets up the standby IKE_SAs of the connections, and checks, in a job,
 * that a failover to the standby went through: if it did not, the
 * failover continues with a new key request.
 */
struct cluster_failover_standby_t {

	/**
	 * Start setting up a standby IKE_SA with another member.
	 *
	 * @param peer_cfg		connection
	 * @param exclude		member in use, to exclude
	 */
	void (*start)(cluster_failover_standby_t *this, peer_cfg_t *peer_cfg,
				  host_t *exclude);

	/**
	 * Schedule the check of a failover to the standby IKE_SA.
	 *
	 * @param name			name of the connection
	 * @param from			IKE_SA of the lost member
	 * @param via			standby IKE_SA the CHILD_SAs were moved to
	 * @param reason		why the standby failed (static), NULL if the
	 *						time ran out
	 * @param ms			delay of the check, in ms
	 */
	void (*check)(cluster_failover_standby_t *this, char *name,
				  uint32_t from, uint32_t via, char *reason, uint32_t ms);

	/**
	 * Check if an alert is about the standby IKE_SA a failover uses, and
	 * continue with a new key request at once if it failed.
	 *
	 * @param ike_sa		IKE_SA of the alert
	 * @param alert			alert
	 */
	void (*alert)(cluster_failover_standby_t *this, ike_sa_t *ike_sa,
				  alert_t alert);

	/**
	 * Destroy a cluster_failover_standby_t.
	 */
	void (*destroy)(cluster_failover_standby_t *this);
};

/**
 * Create a cluster_failover_standby_t instance.
 *
 * @param conns			state of the connections
 * @param connector		connector for key requests
 * @param retire		retires failed standby IKE_SAs
 * @return				instance
 */
cluster_failover_standby_t *cluster_failover_standby_create(
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_retire_t *retire);

#endif /** CLUSTER_FAILOVER_STANDBY_H_ @}*/
