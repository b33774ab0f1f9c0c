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
 * @defgroup cluster_failover_liveness cluster_failover_liveness
 * @{ @ingroup cluster_failover
 *
 * What the monitor reads and sends on a watched IKE_SA, checked out by its
 * job: the packet counters of its CHILD_SAs, the client's path to the
 * member, and the heartbeats.  The decision is cluster_failover_watch's.
 */

#ifndef CLUSTER_FAILOVER_LIVENESS_H_
#define CLUSTER_FAILOVER_LIVENESS_H_

#include "cluster_failover_watch.h"
#include "cluster_failover_monitor.h"

#include <sa/ike_sa.h>
#include <collections/array.h>
#include <networking/packet.h>

/**
 * Read the packet counters of the installed CHILD_SAs of an IKE_SA.
 *
 * These are kernel queries, done without holding the monitor's lock; the
 * outbound counters are read only if they matter (deferred mode).
 *
 * @param ike_sa		IKE_SA, checked out
 * @param outbound		TRUE to read the outbound counters as well
 * @return				counters read, for cluster_failover_count_packets()
 */
array_t *cluster_failover_read_counters(ike_sa_t *ike_sa, bool outbound);

/**
 * Get the kernel SAs of the installed CHILD_SAs of an IKE_SA, whose packet
 * counters cluster_failover_query_counters() reads without the IKE_SA: the
 * inbound ones, and the outbound ones if they matter (deferred mode).
 *
 * @param ike_sa		IKE_SA, checked out
 * @param outbound		TRUE for the outbound SAs as well
 * @return				kernel SAs, for cluster_failover_kernel_sas_*()
 */
array_t *cluster_failover_kernel_sas(ike_sa_t *ike_sa, bool outbound);

/**
 * Clone kernel SAs of cluster_failover_kernel_sas().
 *
 * @param sas			kernel SAs
 * @return				clone
 */
array_t *cluster_failover_kernel_sas_clone(array_t *sas);

/**
 * Destroy kernel SAs of cluster_failover_kernel_sas().
 *
 * @param sas			kernel SAs, NULL for none
 */
void cluster_failover_kernel_sas_destroy(array_t *sas);

/**
 * Read the packet counters of kernel SAs from the kernel, without their
 * IKE_SA (one query per SA, done without holding the monitor's lock).
 *
 * @param sas			kernel SAs of cluster_failover_kernel_sas()
 * @return				counters read, for cluster_failover_count_packets(),
 *						NULL if an SA is gone (deleted, rekeyed, moved),
 *						or the kernel interface can't query SAs
 */
array_t *cluster_failover_query_counters(array_t *sas);

/**
 * Check a watched IKE_SA out by its SPIs, without searching the manager,
 * for a tick of its watch; a watch whose IKE_SA is gone is unwatched.
 *
 * @param monitor		monitor holding the watch
 * @param id			unique id of the IKE_SA
 * @param generation	generation of the watch the tick belongs to
 * @param outbound		set to TRUE if the outbound counters matter
 * @return				IKE_SA, checked out, NULL if it or the watch is gone
 */
ike_sa_t *cluster_failover_checkout_watched(cluster_failover_monitor_t *monitor,
							uint32_t id, u_int generation, bool *outbound);

/**
 * Read the packet counters of a watch for a tick, without checking its
 * IKE_SA out: from the kernel SAs last seen with it, unless that was
 * longer than cluster_failover_watch_refresh() ago (they may miss a new
 * CHILD_SA).
 *
 * @param monitor		monitor holding the watch
 * @param id			unique id of the IKE_SA
 * @param generation	generation of the watch the tick belongs to
 * @return				counters, NULL if the kernel SAs are too old, one
 *						is gone, or the watch is gone
 */
array_t *cluster_failover_read_cached(cluster_failover_monitor_t *monitor,
									  uint32_t id, u_int generation);

/**
 * Read the packet counters of a watch for a tick with its IKE_SA checked
 * out, and keep its kernel SAs in the watch for the next ticks.
 *
 * @param monitor		monitor holding the watch
 * @param id			unique id of the IKE_SA
 * @param generation	generation of the watch the tick belongs to
 * @param ike_sa		IKE_SA, checked out
 * @param outbound		TRUE to read the outbound counters as well
 * @return				counters read
 */
array_t *cluster_failover_read_checked_out(cluster_failover_monitor_t *monitor,
							uint32_t id, u_int generation, ike_sa_t *ike_sa,
							bool outbound);

/**
 * Report counters read to the state of a watch, and destroy them.
 *
 * @param state			state of the watch
 * @param counters		counters of cluster_failover_read_counters()
 */
void cluster_failover_count_packets(cluster_failover_watch_t *state,
									array_t *counters);

/**
 * Check if the client has a path to the member of an IKE_SA: a route and a
 * local address, and no MOBIKE update deferred by charon for lack of them.
 *
 * @param ike_sa		IKE_SA, checked out
 * @return				TRUE if there is a path
 */
bool cluster_failover_has_path(ike_sa_t *ike_sa);

/**
 * Send a heartbeat: a liveness check (empty INFORMATIONAL) on the IKE_SA.
 *
 * Further heartbeats of a check send the unanswered request again, as it
 * was sent (the member answers a retransmission with its cached response):
 * ike_sa_t.retransmit() would start another retransmission schedule in
 * charon's task manager for each, and use up its retransmit_tries, so that
 * charon would give up on the IKE_SA before the plugin decides.  If no
 * request of the check was seen (an exchange of charon's own still runs),
 * charon's retransmissions of it are the heartbeats.
 *
 * @param ike_sa		IKE_SA, checked out
 * @param action		CF_HEARTBEAT_SEND or CF_HEARTBEAT_RESEND
 * @param count			number of the heartbeat in the check, for the log
 * @param request		request to send again, adopted, NULL if none
 * @return				status of the IKE_SA, DESTROY_ME to destroy it
 */
status_t cluster_failover_send_heartbeat(ike_sa_t *ike_sa,
							cluster_failover_heartbeat_action_t action,
							u_int count, packet_t *request);

#endif /** CLUSTER_FAILOVER_LIVENESS_H_ @}*/
