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
 * @defgroup cluster_failover_conns cluster_failover_conns
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_CONNS_H_
#define CLUSTER_FAILOVER_CONNS_H_

#include "cluster_failover_conn.h"

typedef struct cluster_failover_conns_t cluster_failover_conns_t;

/**
 * The state machines of the bound connections by name, behind one lock
 * shared by the hooks and the jobs.
 */
struct cluster_failover_conns_t {

	/**
	 * Lock the table and get the state of a connection.  unlock() must be
	 * called in any case.
	 *
	 * @param name			name of the connection
	 * @param create		whether to create the state if there is none
	 * @return				state, NULL if none (and not created)
	 */
	cluster_failover_conn_t* (*lock)(cluster_failover_conns_t *this,
									 char *name, bool create);

	/**
	 * Unlock the table after lock().
	 */
	void (*unlock)(cluster_failover_conns_t *this);

	/**
	 * Check if an IKE_SA carries a connection's CHILD_SAs.
	 *
	 * @param name			name of the connection
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if it is the active one
	 */
	bool (*is_active)(cluster_failover_conns_t *this, char *name,
					  uint32_t id);

	/**
	 * Destroy a cluster_failover_conns_t and the states.
	 */
	void (*destroy)(cluster_failover_conns_t *this);
};

/**
 * Create an empty table of connections.
 *
 * @return				instance
 */
cluster_failover_conns_t *cluster_failover_conns_create();

#endif /** CLUSTER_FAILOVER_CONNS_H_ @}*/
