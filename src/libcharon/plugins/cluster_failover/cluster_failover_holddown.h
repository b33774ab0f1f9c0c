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
 * @defgroup cluster_failover_holddown cluster_failover_holddown
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_HOLDDOWN_H_
#define CLUSTER_FAILOVER_HOLDDOWN_H_

#include <library.h>
#include <collections/linked_list.h>
#include <networking/host.h>

typedef struct cluster_failover_holddown_t cluster_failover_holddown_t;

/**
 * The members of the clusters that failed recently, and for how long they
 * are held down: tried after all others, and not returned to.
 *
 * Times are in milliseconds of a monotonic clock given by the caller.
 * Thread-safe.
 */
struct cluster_failover_holddown_t {

	/**
	 * Record the failure of a member.
	 *
	 * @param cluster	name of the cluster
	 * @param member	failed member
	 * @param now		current time
	 * @param hold		hold-down time, 0 records nothing
	 */
	void (*failed)(cluster_failover_holddown_t *this, char *cluster,
				   host_t *member, uint64_t now, uint32_t hold);

	/**
	 * Forget the failure of a member, e.g. once it was used successfully.
	 *
	 * @param cluster	name of the cluster
	 * @param member	member
	 */
	void (*clear)(cluster_failover_holddown_t *this, char *cluster,
				  host_t *member);

	/**
	 * Check if a member is held down.
	 *
	 * @param cluster	name of the cluster
	 * @param member	member
	 * @param now		current time
	 * @return			time the hold-down ends, 0 if it is not held down
	 */
	uint64_t (*held_until)(cluster_failover_holddown_t *this, char *cluster,
						   host_t *member, uint64_t now);

	/**
	 * Create a list of the members of a cluster held down, the one that
	 * failed first first.
	 *
	 * @param cluster	name of the cluster
	 * @param now		current time
	 * @return			list of cloned host_t*
	 */
	linked_list_t* (*create_list)(cluster_failover_holddown_t *this,
								  char *cluster, uint64_t now);

	/**
	 * Destroy a cluster_failover_holddown_t.
	 */
	void (*destroy)(cluster_failover_holddown_t *this);
};

/**
 * Create a cluster_failover_holddown_t instance.
 *
 * @return			instance
 */
cluster_failover_holddown_t *cluster_failover_holddown_create();

#endif /** CLUSTER_FAILOVER_HOLDDOWN_H_ @}*/
