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
 * @defgroup cluster_failover_script cluster_failover_script
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_SCRIPT_H_
#define CLUSTER_FAILOVER_SCRIPT_H_

#include "cluster_failover_cluster.h"

/**
 * Run the script of a cluster for an event, if it has one.
 *
 * The script runs in a job of its own, in the manner of the updown script,
 * with the event in its environment (EVENT, CLUSTER, CONNECTION, FROM, TO,
 * CAUSE, DETECT_MS and REHOME_MS), under timeout(1): it is killed after
 * the cluster's script_timeout, which is logged.  Never blocks.
 *
 * @param cluster	cluster of the connection
 * @param event		event: failover, move, path-down, path-back, roamed
 * @param name		name of the connection
 * @param from		member the connection was on
 * @param to		member the connection is on
 * @param cause		why
 * @param detect	time to detect the loss, in ms, 0 if none
 * @param rehome	time to move the CHILD_SAs, in ms, 0 if none
 */
void cluster_failover_script_run(cluster_failover_cluster_t *cluster,
								 char *event, char *name, host_t *from,
								 host_t *to, char *cause, uint32_t detect,
								 uint32_t rehome);

/**
 * Run the script of a cluster for an event, as cluster_failover_script_run(),
 * with VIP_KEPT in its environment.
 *
 * @param cluster	cluster of the connection
 * @param event		event
 * @param name		name of the connection
 * @param from		member the connection was on
 * @param to		member the connection is on
 * @param cause		why
 * @param detect	time to detect the loss, in ms, 0 if none
 * @param rehome	time to move the CHILD_SAs, in ms, 0 if none
 * @param kept		"yes" or "no" for VIP_KEPT, NULL to leave it out (the
 *					connection held no virtual IP)
 */
void cluster_failover_script_run_vips(cluster_failover_cluster_t *cluster,
								 char *event, char *name, host_t *from,
								 host_t *to, char *cause, uint32_t detect,
								 uint32_t rehome, char *kept);

#endif /** CLUSTER_FAILOVER_SCRIPT_H_ @}*/
