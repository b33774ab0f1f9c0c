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
 * @defgroup cluster_failover_exporter cluster_failover_exporter
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_EXPORTER_H_
#define CLUSTER_FAILOVER_EXPORTER_H_

#include "cluster_failover_state.h"

typedef struct cluster_failover_exporter_t cluster_failover_exporter_t;

/**
 * Name of the metrics file in the configured directory
 */
#define CF_METRICS_FILE "cluster-failover.prom"

/**
 * Default interval of the periodic writes, in ms
 */
#define CF_METRICS_INTERVAL 10000

/**
 * Shortest time between two writes, in ms
 */
#define CF_METRICS_MIN_GAP 250

/**
 * Writes the state of the bound connections as Prometheus metrics to a
 * file for node_exporter's textfile collector, if a directory is
 * configured (charon.plugins.cluster-failover.metrics.directory).
 *
 * A change of the state schedules a write soon (at most one every
 * CF_METRICS_MIN_GAP ms), and the file is written every metrics.interval
 * as well, so that the hold-down times left stay current.  Writes run in
 * jobs, never in the hooks feeding the state.  Each write goes to a
 * temporary file in the same directory, renamed over the metrics file.
 * Errors are logged once per change of error.
 */
struct cluster_failover_exporter_t {

	/**
	 * Read the options again (on swanctl --reload-settings).
	 */
	void (*reload)(cluster_failover_exporter_t *this);

	/**
	 * Write the metrics file now, in the caller's thread.
	 *
	 * @return			TRUE if written
	 */
	bool (*write)(cluster_failover_exporter_t *this);

	/**
	 * Destroy a cluster_failover_exporter_t.
	 */
	void (*destroy)(cluster_failover_exporter_t *this);
};

/**
 * Create a cluster_failover_exporter_t instance, reading its options.
 *
 * @param state		state to export, its change callback is set
 * @return			instance
 */
cluster_failover_exporter_t *cluster_failover_exporter_create(
										cluster_failover_state_t *state);

#endif /** CLUSTER_FAILOVER_EXPORTER_H_ @}*/
