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
