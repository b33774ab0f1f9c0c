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
 * @defgroup cluster_failover_move cluster_failover_move
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_MOVE_H_
#define CLUSTER_FAILOVER_MOVE_H_

#include "cluster_failover_config.h"
#include "cluster_failover_conns.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_standby.h"

#include <sa/ike_sa.h>

typedef struct cluster_failover_move_t cluster_failover_move_t;

/**
 * Moves the CHILD_SAs of a lost member, in a job: to the standby IKE_SA if
 * it is up (checked later by the standby unit), to a new member of a new
 * key request otherwise.
 */
struct cluster_failover_move_t {

	/**
	 * Queue a job to move the CHILD_SAs of a connection.
	 *
	 * @param peer_cfg		connection, adopted
	 * @param children		configs of its CHILD_SAs, adopted
	 * @param standby		IKE_SA to establish them on, 0 for a new key
	 *						request
	 * @param from			IKE_SA of the lost member
	 * @param declared		when the member was declared lost
	 * @param vips			virtual IPs to ask a new member for, host_t*,
	 *						adopted, NULL for those of the peer_cfg
	 */
	void (*move)(cluster_failover_move_t *this, peer_cfg_t *peer_cfg,
				 linked_list_t *children, uint32_t standby, uint32_t from,
				 uint64_t declared, linked_list_t *vips);

	/**
	 * Destroy a cluster_failover_move_t.
	 */
	void (*destroy)(cluster_failover_move_t *this);
};

/**
 * Create a cluster_failover_move_t instance.
 *
 * @param config		cluster configuration
 * @param conns			state of the connections
 * @param connector		connector for key requests
 * @param standby		checks failovers to the standby
 * @return				instance
 */
cluster_failover_move_t *cluster_failover_move_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_standby_t *standby);

/**
 * Collect the configs of the installed CHILD_SAs of an IKE_SA.
 *
 * @param ike_sa		IKE_SA, checked out
 * @return				list of child_cfg_t*, with new references
 */
linked_list_t *cluster_failover_installed_children(ike_sa_t *ike_sa);

/**
 * Clone a list of CHILD_SA configs, with new references.
 *
 * @param children		list of child_cfg_t*
 * @return				cloned list
 */
linked_list_t *cluster_failover_clone_children(linked_list_t *children);

#endif /** CLUSTER_FAILOVER_MOVE_H_ @}*/
