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
 * @defgroup cluster_failover_heartbeat cluster_failover_heartbeat
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_HEARTBEAT_H_
#define CLUSTER_FAILOVER_HEARTBEAT_H_

#include <library.h>

typedef struct cluster_failover_heartbeat_t cluster_failover_heartbeat_t;
typedef enum cluster_failover_heartbeat_mode_t
		cluster_failover_heartbeat_mode_t;
typedef enum cluster_failover_heartbeat_action_t
		cluster_failover_heartbeat_action_t;

/**
 * When heartbeats are sent to the member in use.
 */
enum cluster_failover_heartbeat_mode_t {
	/** never, loss is detected by charon's own means only */
	CF_HEARTBEAT_NONE,
	/** only once the client sent traffic since it last received any */
	CF_HEARTBEAT_DEFERRED,
	/** whenever nothing was received for the defer time */
	CF_HEARTBEAT_INSTANT,
};

/**
 * enum names for cluster_failover_heartbeat_mode_t, as used in the
 * configuration.
 */
extern enum_name_t *cluster_failover_heartbeat_mode_names;

/**
 * What to do about the member, as decided by tick().
 */
enum cluster_failover_heartbeat_action_t {
	/** nothing for now */
	CF_HEARTBEAT_WAIT,
	/** send the first heartbeat of a check */
	CF_HEARTBEAT_SEND,
	/** send another heartbeat, the previous one was not answered */
	CF_HEARTBEAT_RESEND,
	/** the member did not answer, it is dead */
	CF_HEARTBEAT_DEAD,
};

/**
 * enum names for cluster_failover_heartbeat_action_t.
 */
extern enum_name_t *cluster_failover_heartbeat_action_names;

/**
 * The heartbeat state machine of one member in use, driven by a clock.
 *
 * Anything authenticated received from the member proves it alive.  Once
 * nothing was received for the defer time (and, in deferred mode, the
 * client has sent traffic since), a heartbeat is sent; if no answer
 * arrives within the response time, another one, until the configured
 * number of heartbeats went unanswered and the member is declared dead.
 *
 * The object knows no clock and sends nothing: the caller reports what it
 * observed with received(), sent() and counted(), and calls tick() at the
 * time it
 * returned, or earlier.  Times are in milliseconds of a monotonic clock.
 */
struct cluster_failover_heartbeat_t {

	/**
	 * Report that something authenticated was received from the member.
	 *
	 * @param now		time of the observation
	 */
	void (*received)(cluster_failover_heartbeat_t *this, uint64_t now);

	/**
	 * Report an observation of the traffic counters of the CHILD_SAs.
	 *
	 * Packets counted since the previous observation (or the creation)
	 * arrived at an unknown time in between: they are dated to the middle
	 * of that interval, which keeps the defer time on average, where the
	 * time of the observation would lengthen it by half an interval.
	 *
	 * @param now		time of the observation
	 * @param in		TRUE if packets were received since the previous one
	 * @param out		TRUE if packets were sent since the previous one
	 */
	void (*counted)(cluster_failover_heartbeat_t *this, uint64_t now,
					bool in, bool out);

	/**
	 * Decide what to do at the given time.
	 *
	 * @param now		current time
	 * @param next		time at which tick() is due next, 0 for never
	 * @return			action to take
	 */
	cluster_failover_heartbeat_action_t (*tick)(
							cluster_failover_heartbeat_t *this,
							uint64_t now, uint64_t *next);

	/**
	 * Start a check at the given time, as if its first heartbeat was sent
	 * then (the caller sends something to the member), whatever the mode
	 * and the traffic: the member has the response time and the further
	 * heartbeats to answer.  Used when the client's own path to the member
	 * returns.
	 *
	 * @param now		current time
	 */
	void (*check)(cluster_failover_heartbeat_t *this, uint64_t now);

	/**
	 * Get the number of heartbeats sent in the current check.
	 *
	 * @return			unanswered heartbeats, 0 while no check runs
	 */
	u_int (*get_unanswered)(cluster_failover_heartbeat_t *this);

	/**
	 * Get the time the member was last heard of.
	 *
	 * @return			time of the last received(), or of the creation
	 */
	uint64_t (*get_last_received)(cluster_failover_heartbeat_t *this);

	/**
	 * Destroy a cluster_failover_heartbeat_t.
	 */
	void (*destroy)(cluster_failover_heartbeat_t *this);
};

/**
 * Create a heartbeat state machine.
 *
 * @param mode		heartbeat mode
 * @param defer		time without anything received before a heartbeat
 * @param response	time to wait for the answer to a heartbeat
 * @param tries		unanswered heartbeats that declare the member dead
 * @param poll		interval in which traffic is observed, the time to the
 *					next tick while waiting for traffic in deferred mode
 * @param now		current time, counts as the last time anything was
 *					received
 * @return			heartbeat state machine
 */
cluster_failover_heartbeat_t *cluster_failover_heartbeat_create(
							cluster_failover_heartbeat_mode_t mode,
							uint32_t defer, uint32_t response, u_int tries,
							uint32_t poll, uint64_t now);

#endif /** CLUSTER_FAILOVER_HEARTBEAT_H_ @}*/
