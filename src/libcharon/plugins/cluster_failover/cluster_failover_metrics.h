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
 * @defgroup cluster_failover_metrics cluster_failover_metrics
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_METRICS_H_
#define CLUSTER_FAILOVER_METRICS_H_

#include "cluster_failover_state.h"

#include <stdio.h>

/**
 * Render the state of the bound connections as Prometheus metrics, in the
 * text exposition format (for node_exporter's textfile collector).
 *
 * Each metric family gets its HELP and TYPE lines, then one sample per
 * connection or member, labelled connection, cluster and member.
 *
 * @param state		state of the connections
 * @param now		current time, for the hold-down times left
 * @param out		stream to write to
 */
void cluster_failover_metrics_render(cluster_failover_state_t *state,
									 uint64_t now, FILE *out);

#endif /** CLUSTER_FAILOVER_METRICS_H_ @}*/
