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
 * @defgroup cluster_failover_order cluster_failover_order
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_ORDER_H_
#define CLUSTER_FAILOVER_ORDER_H_

#include "cluster_failover_cluster.h"

#include <crypto/rngs/rng.h>
#include <collections/linked_list.h>
#include <networking/host.h>

typedef struct cluster_failover_order_t cluster_failover_order_t;

/**
 * Puts the members of a cluster in the order in which a key request tries
 * them.
 *
 * In random mode, every call returns a fresh, uniformly distributed
 * permutation, so that clients with identical configurations spread over
 * the cluster; in ordered mode, the configured order is kept.  Members
 * known to be dead go last either way.
 */
struct cluster_failover_order_t {

	/**
	 * Create the member order for a new key request.
	 *
	 * @param mode		random or ordered
	 * @param members	members in configured order, host_t*
	 * @param last		members to try last, host_t*, in this order, or NULL
	 * @return			new list of cloned host_t*, NULL if no RNG is
	 *					available in random mode
	 */
	linked_list_t* (*create)(cluster_failover_order_t *this,
							 cluster_failover_order_mode_t mode,
							 linked_list_t *members, linked_list_t *last);

	/**
	 * Destroy a cluster_failover_order_t.
	 */
	void (*destroy)(cluster_failover_order_t *this);
};

/**
 * Create a cluster_failover_order_t instance.
 *
 * @param rng		random source to use, owned, NULL to create a weak RNG
 * @return			instance, NULL if no RNG is available
 */
cluster_failover_order_t *cluster_failover_order_create(rng_t *rng);

#endif /** CLUSTER_FAILOVER_ORDER_H_ @}*/
