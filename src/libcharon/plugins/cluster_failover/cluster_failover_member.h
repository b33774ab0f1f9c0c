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
 * @defgroup cluster_failover_member cluster_failover_member
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_MEMBER_H_
#define CLUSTER_FAILOVER_MEMBER_H_

#include <library.h>

typedef struct cluster_failover_member_t cluster_failover_member_t;
typedef enum cluster_failover_member_grant_t cluster_failover_member_grant_t;

/**
 * Whether an IKE_SA that wants to send a heartbeat to its member may.
 */
enum cluster_failover_member_grant_t {
	/** another IKE_SA carries the member's heartbeat, its answer is
	 *  shared, or the member was heard from since the heartbeat was
	 *  decided: send nothing */
	CF_MEMBER_JOIN,
	/** the IKE_SA carries the member's heartbeat already: send the
	 *  heartbeat decided, the unanswered request again if a further one */
	CF_MEMBER_CARRY,
	/** the IKE_SA starts carrying the member's heartbeat, none is
	 *  outstanding or its carrier is gone: send a new heartbeat */
	CF_MEMBER_START,
};

/**
 * enum names for cluster_failover_member_grant_t.
 */
extern enum_name_t *cluster_failover_member_grant_names;

/**
 * The liveness of one cluster member, shared by all the IKE_SAs with it,
 * whatever their connections and clusters.
 *
 * Anything authenticated received on any of the IKE_SAs (an IKE message,
 * ESP on one of their CHILD_SAs) proves the member alive for all of them.
 * The heartbeat state of each IKE_SA still decides whether its mode wants
 * a heartbeat; the member grants one heartbeat exchange at a time, on the
 * IKE_SA that asked first (the carrier), and the others share its answer.
 * If the carrier goes away, or stops sending the further heartbeats of its
 * check, the next IKE_SA that asks carries the heartbeat on.  Once
 * declared dead, the member is dead for all its IKE_SAs, until anything
 * arrives from it again.
 *
 * The object knows no clock and sends nothing.  Times are in milliseconds
 * of a monotonic clock.  Not thread-safe.
 */
struct cluster_failover_member_t {

	/**
	 * Report that something authenticated was received from the member,
	 * on any IKE_SA.  It answers the outstanding heartbeat if it arrived
	 * after it was sent, and revives a dead member if it arrived after the
	 * member was declared dead.
	 *
	 * @param now		time of the receipt
	 */
	void (*received)(cluster_failover_member_t *this, uint64_t now);

	/**
	 * Get the time anything was last received from the member.
	 *
	 * @return			time of the last receipt, 0 while the member is dead
	 */
	uint64_t (*get_last_received)(cluster_failover_member_t *this);

	/**
	 * Ask to send a heartbeat on an IKE_SA.
	 *
	 * @param id		unique id of the IKE_SA
	 * @param now		time the heartbeat was decided; if anything arrived
	 *					from the member since, nothing is sent
	 * @param response	response time of the IKE_SA's heartbeats: another
	 *					IKE_SA may carry the heartbeat on if the carrier
	 *					sent none for one and a half of it
	 * @return			whether and what to send
	 */
	cluster_failover_member_grant_t (*claim)(cluster_failover_member_t *this,
								uint32_t id, uint64_t now, uint32_t response);

	/**
	 * Report that an IKE_SA is no longer watched: if it carried the
	 * outstanding heartbeat, the next IKE_SA that asks carries it on.
	 *
	 * @param id		unique id of the IKE_SA
	 */
	void (*release)(cluster_failover_member_t *this, uint32_t id);

	/**
	 * Report that an IKE_SA was replaced in an IKE rekeying: the
	 * outstanding heartbeat follows it.
	 *
	 * @param old		unique id of the old IKE_SA
	 * @param new		unique id of the new IKE_SA
	 */
	void (*rekey)(cluster_failover_member_t *this, uint32_t old,
				  uint32_t new);

	/**
	 * Declare the member dead; its outstanding heartbeat ends.
	 *
	 * @param now		current time
	 * @return			TRUE if it was alive, FALSE if already dead
	 */
	bool (*dead)(cluster_failover_member_t *this, uint64_t now);

	/**
	 * Check whether the member was declared dead and nothing arrived from
	 * it since.
	 *
	 * @return			TRUE if dead
	 */
	bool (*is_dead)(cluster_failover_member_t *this);

	/**
	 * Get the IKE_SA that carries the outstanding heartbeat.
	 *
	 * @return			unique id of the IKE_SA, 0 if none is outstanding
	 */
	uint32_t (*get_carrier)(cluster_failover_member_t *this);

	/**
	 * Destroy a cluster_failover_member_t.
	 */
	void (*destroy)(cluster_failover_member_t *this);
};

/**
 * Create the liveness of a member.
 *
 * @param now			current time, counts as the last time anything was
 *						received (an IKE_SA with it was just established)
 * @return				liveness of the member
 */
cluster_failover_member_t *cluster_failover_member_create(uint64_t now);

#endif /** CLUSTER_FAILOVER_MEMBER_H_ @}*/
