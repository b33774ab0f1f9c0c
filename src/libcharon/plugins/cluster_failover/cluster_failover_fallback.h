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
 * @defgroup cluster_failover_fallback cluster_failover_fallback
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_FALLBACK_H_
#define CLUSTER_FAILOVER_FALLBACK_H_

#include "cluster_failover_config.h"
#include "cluster_failover_conns.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_holddown.h"

typedef struct cluster_failover_fallback_t cluster_failover_fallback_t;

/**
 * Moves the connections back to the preferred (first) member of their
 * cluster, in a scheduled job repeated at the fallback interval while the
 * connection is up with another member, not before the hold-down of the
 * preferred member ends.
 */
struct cluster_failover_fallback_t {

	/**
	 * Schedule the fallback of a connection to the preferred member.
	 *
	 * @param name			name of the connection
	 * @param ms			delay, in ms
	 */
	void (*schedule)(cluster_failover_fallback_t *this, char *name,
					 uint32_t ms);

	/**
	 * Destroy a cluster_failover_fallback_t.
	 */
	void (*destroy)(cluster_failover_fallback_t *this);
};

/**
 * Create a cluster_failover_fallback_t instance.
 *
 * @param config		cluster configuration
 * @param conns			state of the connections
 * @param connector		connector for key requests
 * @param holddown		failed members
 * @return				instance
 */
cluster_failover_fallback_t *cluster_failover_fallback_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown);

#endif /** CLUSTER_FAILOVER_FALLBACK_H_ @}*/
