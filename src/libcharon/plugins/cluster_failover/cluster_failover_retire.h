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
 * @defgroup cluster_failover_retire cluster_failover_retire
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_RETIRE_H_
#define CLUSTER_FAILOVER_RETIRE_H_

#include "cluster_failover_conns.h"

typedef struct cluster_failover_retire_t cluster_failover_retire_t;

/**
 * Retires the IKE_SAs a connection's CHILD_SAs moved away from, in jobs:
 * deletes them, at once if their member is dead, or keeps them as standby
 * without CHILD_SAs.
 */
struct cluster_failover_retire_t {

	/**
	 * Queue a job to retire an IKE_SA.
	 *
	 * @param name			name of the connection
	 * @param id			unique id of the IKE_SA
	 * @param dead			whether its member is dead (delete at once)
	 * @param keep			whether to keep it as standby, without CHILD_SAs
	 */
	void (*retire)(cluster_failover_retire_t *this, char *name, uint32_t id,
				   bool dead, bool keep);

	/**
	 * Queue a job to delete a standby IKE_SA that failed to take over, at
	 * once.
	 *
	 * @param name			name of the connection
	 * @param id			unique id of the IKE_SA
	 */
	void (*failed_standby)(cluster_failover_retire_t *this, char *name,
						   uint32_t id);

	/**
	 * Destroy a cluster_failover_retire_t.
	 */
	void (*destroy)(cluster_failover_retire_t *this);
};

/**
 * Create a cluster_failover_retire_t instance.
 *
 * @param conns			state of the connections
 * @return				instance
 */
cluster_failover_retire_t *cluster_failover_retire_create(
								cluster_failover_conns_t *conns);

#endif /** CLUSTER_FAILOVER_RETIRE_H_ @}*/
