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
 * @defgroup cluster_failover_monitor cluster_failover_monitor
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_MONITOR_H_
#define CLUSTER_FAILOVER_MONITOR_H_

#include "cluster_failover_cluster.h"
#include "cluster_failover_probe.h"

#include <sa/ike_sa.h>
#include <encoding/message.h>

typedef struct cluster_failover_monitor_t cluster_failover_monitor_t;

/**
 * Callback invoked when a monitored member is declared dead.
 *
 * It is called from a job that has the member's IKE_SA checked out; it
 * must not block and must not check out other IKE_SAs.
 *
 * @param data		data given to the constructor
 * @param ike_sa	IKE_SA of the dead member, checked out
 * @param cause		why the member is dead
 * @param detect	time since anything was last received from it, in ms
 */
typedef void (*cluster_failover_dead_cb_t)(void *data, ike_sa_t *ike_sa,
										   char *cause, uint32_t detect);

/**
 * Sends heartbeats to the members in use and declares them dead when they
 * do not answer.
 *
 * Each watched IKE_SA has a heartbeat state machine of its cluster's
 * settings and a job that observes the packet counters of its CHILD_SAs,
 * sends heartbeats (IKEv2 liveness checks on the IKE_SA; every further
 * heartbeat of a check sends the unanswered request again) and reports a
 * dead member.  A watch follows its IKE_SA through IKE rekeyings.
 * Authenticated IKE messages from the member are reported by the bus
 * listener.  If the
 * cluster has a data-path probe, the job also pings it through the tunnel,
 * and a run of unanswered probes fails the member as well.
 */
struct cluster_failover_monitor_t {

	/**
	 * Start watching the IKE_SA that carries a connection's traffic.
	 *
	 * Does nothing if the cluster has neither heartbeats nor a probe.
	 *
	 * @param ike_sa		IKE_SA to watch
	 * @param cluster		cluster of the connection
	 */
	void (*watch)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
				  cluster_failover_cluster_t *cluster);

	/**
	 * Stop watching an IKE_SA.
	 *
	 * @param id			unique id of the IKE_SA
	 */
	void (*unwatch)(cluster_failover_monitor_t *this, uint32_t id);

	/**
	 * Move the watch of an IKE_SA to the IKE_SA that replaces it in an IKE
	 * rekeying, keeping its heartbeat state.
	 *
	 * @param old			IKE_SA rekeyed
	 * @param new			new IKE_SA
	 */
	void (*rekey)(cluster_failover_monitor_t *this, ike_sa_t *old,
				  ike_sa_t *new);

	/**
	 * Report an encrypted request sent on an IKE_SA.
	 *
	 * While a check runs, it is kept to be sent again as the further
	 * heartbeats.
	 *
	 * @param ike_sa		IKE_SA that sent the message
	 * @param message		message, encrypted
	 */
	void (*sent)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
				 message_t *message);

	/**
	 * Report an authenticated IKE message received on an IKE_SA.
	 *
	 * @param ike_sa		IKE_SA that received the message
	 * @param message		message, decrypted and verified
	 */
	void (*received)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
					 message_t *message);

	/**
	 * Check if an IKE_SA is watched.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if watched
	 */
	bool (*is_watched)(cluster_failover_monitor_t *this, uint32_t id);

	/**
	 * Destroy a cluster_failover_monitor_t.
	 */
	void (*destroy)(cluster_failover_monitor_t *this);
};

/**
 * Create a cluster_failover_monitor_t instance.
 *
 * @param dead			callback for dead members
 * @param data			data to pass to the callback
 * @param probe			data-path probes
 * @return				monitor
 */
cluster_failover_monitor_t *cluster_failover_monitor_create(
							cluster_failover_dead_cb_t dead, void *data,
							cluster_failover_probe_t *probe);

#endif /** CLUSTER_FAILOVER_MONITOR_H_ @}*/
