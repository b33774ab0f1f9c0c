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
 * @defgroup cluster_failover_members cluster_failover_members
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_MEMBERS_H_
#define CLUSTER_FAILOVER_MEMBERS_H_

#include "cluster_failover_member.h"

#include <networking/host.h>

typedef struct cluster_failover_members_t cluster_failover_members_t;

/**
 * The members of the watched IKE_SAs, by address (without port, whatever
 * the clusters and connections), each with its liveness, kept while an
 * IKE_SA with it is watched.  Not thread-safe, the monitor's lock
 * protects it.
 */
struct cluster_failover_members_t {

	/**
	 * Get the liveness of the member at an address, created if new, for
	 * a newly watched IKE_SA with it: the member counts as heard of now
	 * (the IKE_SA was just established).
	 *
	 * @param host		address of the member, the port is ignored
	 * @param now		current time
	 * @return			liveness of the member, until put()
	 */
	cluster_failover_member_t *(*get)(cluster_failover_members_t *this,
									  host_t *host, uint64_t now);

	/**
	 * Release the member of an IKE_SA no longer watched; if the IKE_SA
	 * carried its heartbeat, another one may carry it on.  The member is
	 * forgotten with its last IKE_SA.
	 *
	 * @param member	liveness of the member, as got
	 * @param id		unique id of the IKE_SA
	 */
	void (*put)(cluster_failover_members_t *this,
				cluster_failover_member_t *member, uint32_t id);

	/**
	 * Get the address of a member.
	 *
	 * @param member	liveness of the member, as got
	 * @return			address, without port, internal
	 */
	host_t *(*get_host)(cluster_failover_members_t *this,
						cluster_failover_member_t *member);

	/**
	 * Destroy a cluster_failover_members_t and the members it holds.
	 */
	void (*destroy)(cluster_failover_members_t *this);
};

/**
 * Create a cluster_failover_members_t instance.
 *
 * @return			members
 */
cluster_failover_members_t *cluster_failover_members_create();

#endif /** CLUSTER_FAILOVER_MEMBERS_H_ @}*/
