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
 * @defgroup cluster_failover_conn cluster_failover_conn
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_CONN_H_
#define CLUSTER_FAILOVER_CONN_H_

#include <library.h>
#include <networking/host.h>
#include <collections/linked_list.h>
#include <config/peer_cfg.h>

typedef struct cluster_failover_conn_t cluster_failover_conn_t;
typedef struct cluster_failover_failover_t cluster_failover_failover_t;
typedef struct cluster_failover_takeover_t cluster_failover_takeover_t;
typedef enum cluster_failover_action_t cluster_failover_action_t;

/**
 * A failover in progress: the data of the lost member and what to move.
 */
struct cluster_failover_failover_t {

	/**
	 * Unique id of the IKE_SA of the lost member
	 */
	uint32_t from_id;

	/**
	 * The lost member
	 */
	host_t *from;

	/**
	 * Why it was lost
	 */
	char *cause;

	/**
	 * Time since anything was received when it was declared lost, in ms
	 */
	uint32_t detect;

	/**
	 * When it was declared lost
	 */
	uint64_t declared;

	/**
	 * Standby IKE_SA the CHILD_SAs are moved to, 0 for a new key request
	 */
	uint32_t via;

	/**
	 * Connection, to start a new key request if the standby fails, or NULL
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * Configs of the CHILD_SAs to move, child_cfg_t*, or NULL
	 */
	linked_list_t *children;

	/**
	 * Virtual IPs held with the lost member, asked for again, host_t*, or
	 * NULL for none
	 */
	linked_list_t *vips;
};

/**
 * Create the data of a failover.
 *
 * @param from_id		unique id of the IKE_SA of the lost member
 * @param from			lost member, cloned
 * @param cause			why it was lost, copied
 * @param detect		time since anything was received, in ms
 * @param declared		when it was declared lost
 * @param peer_cfg		connection, adopted (NULL for none)
 * @param children		configs of its CHILD_SAs, adopted (NULL for none)
 * @return				failover
 */
cluster_failover_failover_t *cluster_failover_failover_create(uint32_t from_id,
								host_t *from, char *cause, uint32_t detect,
								uint64_t declared, peer_cfg_t *peer_cfg,
								linked_list_t *children);

/**
 * Destroy the data of a failover.
 *
 * @param failover		failover, NULL for none
 */
void cluster_failover_failover_destroy(cluster_failover_failover_t *failover);

/**
 * What to do after CHILD_SAs of a connection came up on another IKE_SA.
 */
enum cluster_failover_action_t {
	/** nothing */
	CF_ACTION_NONE = 0,
	/** log that the IKE_SA was reauthenticated */
	CF_ACTION_REPORT_REAUTH = (1<<0),
	/** log the failover that ended and run the script */
	CF_ACTION_REPORT_FAILOVER = (1<<1),
	/** log the move from the old member and run the script */
	CF_ACTION_REPORT_MOVE = (1<<2),
	/** cancel the key requests of the connection still under way */
	CF_ACTION_CANCEL_REQUESTS = (1<<3),
	/** delete the IKE_SA of the lost member at once */
	CF_ACTION_RETIRE_LOST = (1<<4),
	/** retire the old IKE_SA (dead, kept as standby, or deleted) */
	CF_ACTION_RETIRE_OLD = (1<<5),
	/** set up a standby IKE_SA with another member */
	CF_ACTION_START_STANDBY = (1<<6),
	/** schedule the fallback to the preferred member */
	CF_ACTION_SCHEDULE_FALLBACK = (1<<7),
};

/**
 * What changed when CHILD_SAs of a connection came up on another IKE_SA,
 * and what to do about it.
 */
struct cluster_failover_takeover_t {

	/**
	 * What to do, cluster_failover_action_t flags
	 */
	cluster_failover_action_t actions;

	/**
	 * IKE_SA that carried the CHILD_SAs before, 0 if none
	 */
	uint32_t old;

	/**
	 * Its member, NULL if none (owned by the takeover)
	 */
	host_t *old_member;

	/**
	 * The failover that ended, NULL if none (owned by the takeover)
	 */
	cluster_failover_failover_t *failover;

	/**
	 * Whether the old IKE_SA is the one of the lost member (retire as dead)
	 */
	bool old_dead;

	/**
	 * Whether to keep the old IKE_SA as standby, without CHILD_SAs
	 */
	bool keep_old;
};

/**
 * The state machine of one connection bound to a cluster: the IKE_SA
 * carrying its CHILD_SAs (active), the standby IKE_SA (pending or up), a
 * failover in progress (via the standby or a new key request), the
 * fallback to the preferred member, reauthentication by charon (both
 * kinds) and IKE rekeying.
 *
 * Pure: unique ids, hosts and clock values in, decisions out.  It calls
 * nothing of charon, takes no lock (the caller serializes) and queues no
 * job; the caller acts on the decisions.
 */
struct cluster_failover_conn_t {

	/**
	 * Get the name of the connection.
	 *
	 * @return				name
	 */
	char* (*get_name)(cluster_failover_conn_t *this);

	/**
	 * Get the unique ids of the active and the standby IKE_SAs.
	 *
	 * @param active		active IKE_SA, 0 if none
	 * @param standby		standby IKE_SA, 0 if none
	 */
	void (*get_ids)(cluster_failover_conn_t *this, uint32_t *active,
					uint32_t *standby);

	/**
	 * Check if an IKE_SA carries the connection's CHILD_SAs.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if it is the active one
	 */
	bool (*is_active)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * CHILD_SAs of the connection came up on an IKE_SA: make it the active
	 * one.
	 *
	 * @param id			unique id of the IKE_SA
	 * @param member		its member
	 * @param standby		whether the cluster wants a standby IKE_SA
	 * @param fallback		whether the cluster falls back to the preferred
	 *						member
	 * @param preferred		preferred member, NULL if none
	 * @param takeover		what changed and what to do, to fill in
	 * @return				FALSE if the IKE_SA already was the active one
	 */
	bool (*take_over)(cluster_failover_conn_t *this, uint32_t id,
					  host_t *member, bool standby, bool fallback,
					  host_t *preferred, cluster_failover_takeover_t *takeover);

	/**
	 * Check if the member of an IKE_SA may be declared lost: the IKE_SA is
	 * the active one and no failover is in progress.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE to fail over
	 */
	bool (*may_fail_over)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * Start a failover, see may_fail_over().
	 *
	 * @param failover		failover, adopted
	 * @return				standby IKE_SA to move the CHILD_SAs to, 0 for a
	 *						new key request
	 */
	uint32_t (*fail_over)(cluster_failover_conn_t *this,
						  cluster_failover_failover_t *failover);

	/**
	 * Check if a failover is still the one in progress.
	 *
	 * @param from			IKE_SA of the lost member
	 * @param declared		when the member was declared lost
	 * @return				TRUE if it is, FALSE if it was called off
	 */
	bool (*is_failing_over)(cluster_failover_conn_t *this, uint32_t from,
							uint64_t declared);

	/**
	 * Note the standby IKE_SA the failover from a member uses.
	 *
	 * @param from			IKE_SA of the lost member
	 * @param via			standby IKE_SA, 0 for none
	 */
	void (*set_via)(cluster_failover_conn_t *this, uint32_t from,
					uint32_t via);

	/**
	 * Get the failover an IKE_SA is the standby of.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				IKE_SA of the lost member, 0 if none
	 */
	uint32_t (*failing_via)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * The standby IKE_SA of a failover did not take over: forget it, the
	 * failover continues with a new key request.
	 *
	 * @param from			IKE_SA of the lost member
	 * @param via			standby IKE_SA
	 * @return				the failover (still owned), NULL if it is not
	 *						waiting for that standby any more
	 */
	cluster_failover_failover_t* (*standby_failed)(
								cluster_failover_conn_t *this, uint32_t from,
								uint32_t via);

	/**
	 * The lost member of an IKE_SA answers again: call its failover off.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				the failover called off (adopt it), NULL if none
	 */
	cluster_failover_failover_t* (*revive)(cluster_failover_conn_t *this,
										   uint32_t id);

	/**
	 * The key requests of the failover gave up, no member left.
	 *
	 * @return				the failover that failed (adopt it), NULL if none
	 */
	cluster_failover_failover_t* (*give_up)(cluster_failover_conn_t *this);

	/**
	 * The key requests for a standby IKE_SA gave up.
	 */
	void (*standby_exhausted)(cluster_failover_conn_t *this);

	/**
	 * An IKE_SA without CHILD_SAs came up: it becomes the standby, unless it
	 * is the active, the standby or the reauthenticating one.
	 *
	 * @param id			unique id of the IKE_SA
	 * @param previous		previous standby IKE_SA to retire, 0 if none
	 * @return				TRUE if it became the standby
	 */
	bool (*standby_up)(cluster_failover_conn_t *this, uint32_t id,
					   uint32_t *previous);

	/**
	 * A retired IKE_SA was stripped of its CHILD_SAs: it becomes the
	 * standby, unless it is the active one again.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				previous standby IKE_SA to retire, 0 if none
	 */
	uint32_t (*keep_standby)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * An IKE_SA is destroyed: forget it.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if it was the standby IKE_SA
	 */
	bool (*ike_destroyed)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * Check if a new standby IKE_SA may be set up as the standby is gone:
	 * an active member, no failover, none pending.
	 *
	 * @return				TRUE if one may be set up
	 */
	bool (*lacks_standby)(cluster_failover_conn_t *this);

	/**
	 * The standby IKE_SA cannot take over the connection: its member
	 * assigned it no virtual IP, as libreswan 4.10 does for an IKE_SA
	 * without CHILD_SA, so no CHILD_SA on it could carry the traffic.  It is
	 * no standby any more, and no other standby is set up for the
	 * connection: failovers go without one.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if it was the standby (the first time)
	 */
	bool (*refuse_standby)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * Note that a standby IKE_SA is being set up.
	 *
	 * @return				member in use to exclude, cloned
	 */
	host_t* (*start_standby)(cluster_failover_conn_t *this);

	/**
	 * Charon reestablishes an IKE_SA to reauthenticate it (break-before-
	 * make): the new IKE_SA takes over with the same member.
	 *
	 * @param old			unique id of the old IKE_SA
	 * @param new			unique id of the new IKE_SA
	 */
	void (*reauthenticate)(cluster_failover_conn_t *this, uint32_t old,
						   uint32_t new);

	/**
	 * Charon reauthenticates an IKE_SA make-before-break, the new IKE_SA is
	 * not known by its id.
	 *
	 * @param id			unique id of the old IKE_SA
	 */
	void (*reauth_started)(cluster_failover_conn_t *this, uint32_t id);

	/**
	 * An IKE_SA was rekeyed: replace its unique id.
	 *
	 * @param old			unique id of the old IKE_SA
	 * @param new			unique id of the new IKE_SA
	 */
	void (*replace_id)(cluster_failover_conn_t *this, uint32_t old,
					   uint32_t new);

	/**
	 * Check if the scheduled fallback to the preferred member is due: the
	 * connection is up with another member and no failover is in progress.
	 * If not, the fallback is no longer scheduled.
	 *
	 * @param preferred		preferred member, NULL if none
	 * @param enabled		whether the cluster falls back at all
	 * @return				active IKE_SA to fall back from, 0 if none
	 */
	uint32_t (*fallback_due)(cluster_failover_conn_t *this, host_t *preferred,
							 bool enabled);

	/**
	 * Destroy a cluster_failover_conn_t.
	 */
	void (*destroy)(cluster_failover_conn_t *this);
};

/**
 * Create the state of a connection, without IKE_SAs.
 *
 * @param name			name of the connection, copied
 * @return				instance
 */
cluster_failover_conn_t *cluster_failover_conn_create(char *name);

#endif /** CLUSTER_FAILOVER_CONN_H_ @}*/
