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
 * @defgroup cluster_failover_listener cluster_failover_listener
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_LISTENER_H_
#define CLUSTER_FAILOVER_LISTENER_H_

#include <bus/listeners/listener.h>
#include <kernel/kernel_listener.h>

#include "cluster_failover_config.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_rehome.h"

typedef struct cluster_failover_listener_t cluster_failover_listener_t;

/**
 * Bus listener observing the IKE_SAs and CHILD_SAs of the daemon, and
 * passing the events of connections bound to a cluster to the units that
 * handle them; also a kernel listener passing on roam events (address and
 * route changes).
 *
 * Hooks never block and never check out the IKE_SA they are called for;
 * work is queued as jobs.
 */
struct cluster_failover_listener_t {

	/**
	 * Implements listener_t interface.
	 */
	listener_t listener;

	/**
	 * Implements kernel_listener_t interface, for roam events.
	 */
	kernel_listener_t kernel;

	/**
	 * Destroy a cluster_failover_listener_t.
	 */
	void (*destroy)(cluster_failover_listener_t *this);
};

/**
 * Create a cluster_failover_listener_t instance.
 *
 * @param config		cluster configuration
 * @param connector		connector establishing bound connections
 * @param rehome		failover and recovery of bound connections
 * @return				listener instance
 */
cluster_failover_listener_t *cluster_failover_listener_create(
									cluster_failover_config_t *config,
									cluster_failover_connector_t *connector,
									cluster_failover_rehome_t *rehome);

#endif /** CLUSTER_FAILOVER_LISTENER_H_ @}*/
