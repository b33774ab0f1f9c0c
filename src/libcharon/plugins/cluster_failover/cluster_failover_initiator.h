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
 * @defgroup cluster_failover_initiator cluster_failover_initiator
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_INITIATOR_H_
#define CLUSTER_FAILOVER_INITIATOR_H_

#include "cluster_failover_config.h"
#include "cluster_failover_holddown.h"
#include "cluster_failover_requests.h"
#include "cluster_failover_slots.h"

#include <sa/ike_sa.h>

typedef struct cluster_failover_initiator_t cluster_failover_initiator_t;

/**
 * Callback invoked when a key request gave up, called from a job.
 *
 * @param data			data given to set_exhausted_cb()
 * @param connection	name of the connection
 * @param purpose		purpose of the key request
 */
typedef void (*cluster_failover_exhausted_cb_t)(void *data, char *connection,
											cluster_failover_purpose_t purpose);

/**
 * Starts the plugin's own IKE_SAs for key requests, and moves a key
 * request to a new IKE_SA once a member failed: the next member, a new key
 * request after a while, the same one once a path may be back, or giving
 * up, as cluster_failover_attempt_next() decides.  Each of them waits for
 * a slot (see cluster_failover_slots_t) before it creates its key request,
 * so a key request that waited gets the order of the members of the
 * moment it starts.
 *
 * All work on IKE_SAs is done by jobs.
 */
struct cluster_failover_initiator_t {

	/**
	 * Start a key request on a new IKE_SA, from a job.
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
	void (*initiate)(cluster_failover_initiator_t *this, peer_cfg_t *peer_cfg,
					 linked_list_t *children,
					 cluster_failover_purpose_t purpose, host_t *only,
					 host_t *exclude, linked_list_t *vips);

	/**
	 * Continue a key request after its current member failed, from a hook:
	 * the IKE_SA is closed and the key request goes on on a new one.
	 *
	 * @param ike_sa		IKE_SA that failed
	 * @param entry			its key request, removed from the table, adopted
	 * @param reason		why the member failed
	 */
	void (*move_on)(cluster_failover_initiator_t *this, ike_sa_t *ike_sa,
					cluster_failover_entry_t *entry,
					cluster_failover_failure_t reason);

	/**
	 * Start the same failover key request again later, on a new IKE_SA,
	 * as no member answered; the IKE_SA is destroyed by the caller.
	 *
	 * @param ike_sa		IKE_SA that failed, checked out
	 * @param entry			its key request, removed from the table, adopted
	 * @param wait			time to wait, in ms
	 */
	void (*wait_for_path)(cluster_failover_initiator_t *this,
						  ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
						  u_int wait);

	/**
	 * Report a key request that gave up.
	 *
	 * @param cluster		cluster of the key request
	 * @param name			name of the connection
	 * @param round			number of the last key request
	 * @param purpose		purpose of the key request
	 */
	void (*give_up)(cluster_failover_initiator_t *this,
					cluster_failover_cluster_t *cluster, char *name,
					u_int round, cluster_failover_purpose_t purpose);

	/**
	 * Set the callback invoked when a key request gave up.
	 *
	 * @param cb			callback
	 * @param data			data to pass to the callback
	 */
	void (*set_exhausted_cb)(cluster_failover_initiator_t *this,
							 cluster_failover_exhausted_cb_t cb, void *data);

	/**
	 * Destroy a cluster_failover_initiator_t.
	 */
	void (*destroy)(cluster_failover_initiator_t *this);
};

/**
 * Get the current member of a key request and the source address to reach
 * it, skipping unreachable members.
 *
 * @param request		key request
 * @param src			source address, to destroy
 * @return				member, NULL if none is reachable
 */
host_t *cluster_failover_usable_member(cluster_failover_request_t *request,
									   host_t **src);

/**
 * Create a cluster_failover_initiator_t instance.
 *
 * @param config		cluster configuration
 * @param holddown		failed members, tried last
 * @param requests		table of key requests
 * @param slots			slots of key requests in flight, the plugin's own
 *						key requests wait for one
 * @return				initiator
 */
cluster_failover_initiator_t *cluster_failover_initiator_create(
								cluster_failover_config_t *config,
								cluster_failover_holddown_t *holddown,
								cluster_failover_requests_t *requests,
								cluster_failover_slots_t *slots);

#endif /** CLUSTER_FAILOVER_INITIATOR_H_ @}*/
