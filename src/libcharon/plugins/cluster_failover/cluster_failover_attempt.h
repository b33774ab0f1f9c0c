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
 * @defgroup cluster_failover_attempt cluster_failover_attempt
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_ATTEMPT_H_
#define CLUSTER_FAILOVER_ATTEMPT_H_

#include <library.h>

typedef enum cluster_failover_purpose_t cluster_failover_purpose_t;
typedef enum cluster_failover_next_t cluster_failover_next_t;
typedef struct cluster_failover_round_t cluster_failover_round_t;

/**
 * What a key request is for.
 */
enum cluster_failover_purpose_t {
	/** an initiation of charon, or a retry of it */
	CF_PURPOSE_CONNECT,
	/** moving the CHILD_SAs away from a dead member */
	CF_PURPOSE_FAILOVER,
	/** moving the CHILD_SAs back to the preferred member, one attempt */
	CF_PURPOSE_FALLBACK,
	/** an IKE_SA without CHILD_SAs with a standby member, one attempt */
	CF_PURPOSE_STANDBY,
};

/**
 * enum names for cluster_failover_purpose_t.
 */
extern enum_name_t *cluster_failover_purpose_names;

/**
 * How a key request goes on after its current member failed.
 */
enum cluster_failover_next_t {
	/** try the next member of the key request, at once */
	CF_NEXT_MEMBER,
	/** all members failed, keyingtries allow a new key request: on a new
	 *  IKE_SA after the wait, or at once on the IKE_SA that timed out */
	CF_NEXT_ROUND,
	/** no member answered a failover: the client may have no path to the
	 *  cluster; the same key request again after the wait, the SAs kept */
	CF_NEXT_WAIT,
	/** give up on the key request */
	CF_NEXT_GIVE_UP,
};

/**
 * enum names for cluster_failover_next_t.
 */
extern enum_name_t *cluster_failover_next_names;

/**
 * State of a key request once its current member failed, the input of
 * cluster_failover_attempt_next().
 */
struct cluster_failover_round_t {

	/** what the key request is for */
	cluster_failover_purpose_t purpose;

	/** number of the key request, 1 for the first */
	u_int round;

	/** key requests before this one no member answered */
	u_int waits;

	/** whether the key request has a member left to try */
	bool member_left;

	/** whether a member of the key request answered, even to fail */
	bool answered;
};

/**
 * Decide how a key request goes on after its current member failed: the
 * next member, a new key request if keyingtries allow it, the same key
 * request later if no member answered a failover, or give up.
 *
 * A failover that no member answered (no answer, no route) does not count
 * against keyingtries: a client without a path must not lose its tunnel.
 * A fallback or a standby key request is never repeated.
 *
 * @param state				state of the key request
 * @param keyingtries		keyingtries of the connection, 0 for unlimited
 * @param connect_timeout	connect timeout of the cluster, in ms
 * @param wait				time to wait before going on, in ms
 * @return					how the key request goes on
 */
cluster_failover_next_t cluster_failover_attempt_next(
							cluster_failover_round_t *state,
							u_int keyingtries, u_int connect_timeout,
							u_int *wait);

/**
 * Get the time to wait before a key request after the given number of key
 * requests no member answered: the connect timeout, doubled each time, at
 * most 30 s.
 *
 * @param connect_timeout	connect timeout of the cluster, in ms
 * @param waits				key requests before no member answered
 * @return					time to wait, in ms
 */
u_int cluster_failover_attempt_wait_time(u_int connect_timeout, u_int waits);

/**
 * Get the time a member that answered has left to complete the
 * establishment.
 *
 * @param answered			when the member answered, 0 if it did not
 * @param establish_timeout	establish timeout of the cluster, in ms
 * @param now				current time, in ms of the same clock
 * @return					time left in ms, 0 if none
 */
uint64_t cluster_failover_attempt_time_left(uint64_t answered,
											u_int establish_timeout,
											uint64_t now);

#endif /** CLUSTER_FAILOVER_ATTEMPT_H_ @}*/
