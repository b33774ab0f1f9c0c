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
 * @defgroup cluster_failover_monitor cluster_failover_monitor
 * @{ @ingroup cluster_failover
 *
 * The table of watched IKE_SAs, behind one lock, and its hooks: watch,
 * unwatch, rekey, the messages sent and received, address and route
 * changes.  The ticks of the watches are cluster_failover_tick's.
 */

#ifndef CLUSTER_FAILOVER_MONITOR_H_
#define CLUSTER_FAILOVER_MONITOR_H_

#include "cluster_failover_cluster.h"
#include "cluster_failover_member.h"
#include "cluster_failover_probe.h"
#include "cluster_failover_watch.h"

#include <sa/ike_sa.h>
#include <collections/array.h>
#include <encoding/message.h>
#include <networking/packet.h>

typedef struct cluster_failover_monitor_t cluster_failover_monitor_t;
typedef struct cluster_failover_watched_t cluster_failover_watched_t;

/**
 * Callback invoked when a monitored member is declared dead.
 *
 * It is called from a job that has the member's IKE_SA checked out; it
 * must not block and must not check out other IKE_SAs.  If a failover
 * starts, the IKE_SA stays watched as lost: its unanswered request is sent
 * again, backing off, and the member reported revived if it answers.
 *
 * @param data		data given to the constructor
 * @param ike_sa	IKE_SA of the dead member, checked out
 * @param cause		why the member is dead
 * @param detect	time since anything was last received from it, in ms
 * @return			TRUE if a failover started, FALSE to stop watching it
 */
typedef bool (*cluster_failover_dead_cb_t)(void *data, ike_sa_t *ike_sa,
										   char *cause, uint32_t detect);

/**
 * Callback invoked when the client's path to a watched member goes down or
 * comes back, from a job that has the IKE_SA checked out.
 *
 * @param data		data given to the constructor
 * @param ike_sa	IKE_SA of the member, checked out
 * @param up		FALSE if the path went down, TRUE if it came back
 * @param down		time the path was down, in ms, if it came back
 */
typedef void (*cluster_failover_path_cb_t)(void *data, ike_sa_t *ike_sa,
										   bool up, uint32_t down);

/**
 * Callback invoked when a member declared dead answers again, from a job
 * that has the IKE_SA checked out.
 *
 * @param data		data given to the constructor
 * @param ike_sa	IKE_SA of the member, checked out
 * @return			TRUE if it is in use again (the watch resumes, the
 *					unanswered request is sent again), FALSE to stop
 *					watching it
 */
typedef bool (*cluster_failover_revived_cb_t)(void *data, ike_sa_t *ike_sa);

/**
 * What the tick job of a watch reads and updates, the watch's own, valid
 * while the monitor's lock is held (cluster_failover_monitor_t.lock_watch()).
 */
struct cluster_failover_watched_t {

	/**
	 * IKE_SA id (SPIs) of the IKE_SA, to check it out without a search
	 */
	ike_sa_id_t *ike_sa_id;

	/**
	 * Cluster of the connection
	 */
	cluster_failover_cluster_t *cluster;

	/**
	 * Heartbeat, traffic and probe state, and the decision
	 */
	cluster_failover_watch_t *state;

	/**
	 * Liveness of the member, shared with the other IKE_SAs with it
	 */
	cluster_failover_member_t *member;

	/**
	 * Name of the IKE_SA's connection
	 */
	char *name;

	/**
	 * Kernel SAs of the IKE_SA's CHILD_SAs last read with it checked out
	 * (cluster_failover_kernel_sas()), NULL if none, the watch's: replace
	 * and destroy the old ones to store others
	 */
	array_t **sas;

	/**
	 * Time they were read
	 */
	uint64_t *sas_read;

	/**
	 * Identifier of the data-path probes
	 */
	uint16_t ident;

	/**
	 * Last request sent on the IKE_SA while still unanswered, NULL if none
	 */
	packet_t *request;
};

/**
 * Sends heartbeats to the members in use and declares them dead when they
 * do not answer.
 *
 * Each watched IKE_SA has a heartbeat state machine of its cluster's
 * settings and a job that observes the packet counters of its CHILD_SAs,
 * sends heartbeats (IKEv2 liveness checks on the IKE_SA; every further
 * heartbeat of a check sends the unanswered request again) and reports a
 * dead member.  Liveness is per member (cluster_failover_member): the
 * watches of the IKE_SAs with the same member address share what any of
 * them receives, at most one of them sends a heartbeat at a time, and a
 * member declared dead through one is dead for all, whose watches then
 * decide at once.  A watch follows its IKE_SA through IKE rekeyings.  A
 * member that would be dead while the client has no path to it (no route
 * or local address, a deferred MOBIKE update) is not: the watch waits for
 * the path, and sends the unanswered request again when it returns.
 * Authenticated IKE messages from the member are reported by the bus
 * listener.  If the cluster has a data-path probe, the job also pings it
 * through the tunnel, and a run of unanswered probes fails the member as
 * well.  The monitor holds the watches and their hooks; the job is
 * cluster_failover_tick's, which reaches a watch through lock_watch().
 */
struct cluster_failover_monitor_t {

	/**
	 * Start watching the IKE_SA that carries a connection's traffic.
	 *
	 * Does nothing if the cluster has neither heartbeats nor a probe.
	 *
	 * @param ike_sa		IKE_SA to watch
	 * @param cluster		cluster of the connection
	 */
	void (*watch)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
				  cluster_failover_cluster_t *cluster);

	/**
	 * Stop watching an IKE_SA.
	 *
	 * @param id			unique id of the IKE_SA
	 */
	void (*unwatch)(cluster_failover_monitor_t *this, uint32_t id);

	/**
	 * Move the watch of an IKE_SA to the IKE_SA that replaces it in an IKE
	 * rekeying, keeping its heartbeat state.
	 *
	 * @param old			IKE_SA rekeyed
	 * @param new			new IKE_SA
	 */
	void (*rekey)(cluster_failover_monitor_t *this, ike_sa_t *old,
				  ike_sa_t *new);

	/**
	 * Report an encrypted request sent on an IKE_SA.
	 *
	 * While a check runs, it is kept to be sent again as the further
	 * heartbeats.
	 *
	 * @param ike_sa		IKE_SA that sent the message
	 * @param message		message, encrypted
	 */
	void (*sent)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
				 message_t *message);

	/**
	 * Report an authenticated IKE message received on an IKE_SA.
	 *
	 * @param ike_sa		IKE_SA that received the message
	 * @param message		message, decrypted and verified
	 */
	void (*received)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
					 message_t *message);

	/**
	 * Report that the addresses of an IKE_SA changed (MOBIKE, NAT): a
	 * request kept to be sent again is dropped.
	 *
	 * @param ike_sa		IKE_SA
	 */
	void (*update)(cluster_failover_monitor_t *this, ike_sa_t *ike_sa);

	/**
	 * Report that the client's addresses or routes changed: the watches
	 * waiting for their path check it at once.
	 */
	void (*roam)(cluster_failover_monitor_t *this);

	/**
	 * Declare the member of a watched IKE_SA dead, for all the IKE_SAs
	 * with it: the watches of the others in use decide at once, and
	 * report the member dead too.
	 *
	 * For cluster_failover_tick only, when a watch's heartbeats failed.
	 *
	 * @param id			unique id of the IKE_SA
	 */
	void (*member_dead)(cluster_failover_monitor_t *this, uint32_t id);

	/**
	 * Check if an IKE_SA is watched.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if watched
	 */
	bool (*is_watched)(cluster_failover_monitor_t *this, uint32_t id);

	/**
	 * Lock the table and get a watch for a tick of it, if that tick's
	 * watch is still the IKE_SA's (not unwatched nor replaced since).
	 *
	 * For cluster_failover_tick only.  On success, the lock is held until
	 * unlock_watch(); the fields got must not be used after that.
	 *
	 * @param id			unique id of the IKE_SA
	 * @param generation	generation of the watch the tick belongs to
	 * @param watched		fields of the watch, set on success
	 * @return				TRUE with the lock held, FALSE (not locked) if
	 *						the watch is gone or replaced
	 */
	bool (*lock_watch)(cluster_failover_monitor_t *this, uint32_t id,
					   u_int generation, cluster_failover_watched_t *watched);

	/**
	 * Unlock the table after a successful lock_watch().
	 */
	void (*unlock_watch)(cluster_failover_monitor_t *this);

	/**
	 * Destroy a cluster_failover_monitor_t.
	 */
	void (*destroy)(cluster_failover_monitor_t *this);
};

/**
 * Create a cluster_failover_monitor_t instance.
 *
 * @param dead			callback for dead members
 * @param path			callback for the path to a member
 * @param revived		callback for a dead member answering again
 * @param data			data to pass to the callbacks
 * @param probe			data-path probes
 * @return				monitor
 */
cluster_failover_monitor_t *cluster_failover_monitor_create(
							cluster_failover_dead_cb_t dead,
							cluster_failover_path_cb_t path,
							cluster_failover_revived_cb_t revived, void *data,
							cluster_failover_probe_t *probe);

#endif /** CLUSTER_FAILOVER_MONITOR_H_ @}*/
