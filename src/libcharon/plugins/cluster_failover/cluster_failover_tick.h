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
 * @defgroup cluster_failover_tick cluster_failover_tick
 * @{ @ingroup cluster_failover
 *
 * The job that drives each watch of the monitor: it checks out the watched
 * IKE_SA, reads its inputs (cluster_failover_liveness), lets the watch's
 * state decide (cluster_failover_watch), acts on the decision (heartbeats,
 * probes, the monitor's callbacks) and schedules the next tick.
 */

#ifndef CLUSTER_FAILOVER_TICK_H_
#define CLUSTER_FAILOVER_TICK_H_

#include "cluster_failover_monitor.h"
#include "cluster_failover_probe.h"

typedef struct cluster_failover_tick_t cluster_failover_tick_t;

/**
 * Ticks of the monitor's watches.
 *
 * Each tick is a job identified by the unique id of the watched IKE_SA and
 * the generation of its watch, and finds the watch in the monitor's table
 * (cluster_failover_monitor_t.lock_watch()): a chain of ticks ends when its
 * watch is gone or replaced.  The IKE_SA is checked out by its SPIs (a
 * lookup, not a search of all IKE_SAs) to read the counters of its
 * CHILD_SAs; inbound counters only, unless the mode is deferred, where the
 * client's own traffic matters.
 */
struct cluster_failover_tick_t {

	/**
	 * Schedule the next tick of a watch.
	 *
	 * @param id			unique id of the watched IKE_SA
	 * @param generation	generation of the watch
	 * @param ms			delay of the tick, in ms
	 */
	void (*schedule)(cluster_failover_tick_t *this, uint32_t id,
					 u_int generation, uint32_t ms);

	/**
	 * Destroy a cluster_failover_tick_t.
	 */
	void (*destroy)(cluster_failover_tick_t *this);
};

/**
 * Create a cluster_failover_tick_t instance.
 *
 * @param monitor		monitor holding the watches, not adopted
 * @param dead			callback for dead members
 * @param path			callback for the path to a member
 * @param revived		callback for a dead member answering again
 * @param data			data to pass to the callbacks
 * @param probe			data-path probes
 * @return				ticks of the watches
 */
cluster_failover_tick_t *cluster_failover_tick_create(
							cluster_failover_monitor_t *monitor,
							cluster_failover_dead_cb_t dead,
							cluster_failover_path_cb_t path,
							cluster_failover_revived_cb_t revived, void *data,
							cluster_failover_probe_t *probe);

#endif /** CLUSTER_FAILOVER_TICK_H_ @}*/
