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
 * @defgroup cluster_failover cluster_failover
 * @ingroup cplugins
 *
 * @defgroup cluster_failover_plugin cluster_failover_plugin
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_PLUGIN_H_
#define CLUSTER_FAILOVER_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct cluster_failover_plugin_t cluster_failover_plugin_t;

/**
 * Client-side failover of IPsec tunnels between the independent gateways
 * of a named cluster.
 *
 * A connection bound to a cluster is established with one of the cluster's
 * members, tried in random or configured order; the member in use is
 * monitored and, once it is lost, the connection's CHILD_SAs are moved to
 * another member.
 */
struct cluster_failover_plugin_t {

	/**
	 * Implements plugin interface
	 */
	plugin_t plugin;
};

#endif /** CLUSTER_FAILOVER_PLUGIN_H_ @}*/
