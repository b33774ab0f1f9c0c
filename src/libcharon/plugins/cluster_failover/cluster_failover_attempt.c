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

/*
 * The decision how a key request goes on once a member failed: next
 * member, new key request, wait for a path or give up.  Pure: no charon,
 * no locks, no clock of its own.
 */

#include "cluster_failover_attempt.h"

ENUM(cluster_failover_purpose_names, CF_PURPOSE_CONNECT, CF_PURPOSE_STANDBY,
	"connect",
	"failover",
	"fallback",
	"standby",
);

ENUM(cluster_failover_next_names, CF_NEXT_MEMBER, CF_NEXT_GIVE_UP,
	"next member",
	"next round",
	"wait",
	"give up",
);

/**
 * Longest wait between two key requests no member answered, in ms
 */
#define MAX_WAIT 30000

/**
 * Check if keyingtries allow another key request after the given one
 */
static bool may_retry(cluster_failover_round_t *state, u_int keyingtries)
{
	switch (state->purpose)
	{
		case CF_PURPOSE_FALLBACK:
		case CF_PURPOSE_STANDBY:
			return FALSE;
		default:
			break;
	}
	return keyingtries == 0 || state->round < keyingtries;
}

/*
 * Described in header
 */
u_int cluster_failover_attempt_wait_time(u_int connect_timeout, u_int waits)
{
	uint64_t ms = connect_timeout;

	ms <<= min(waits, 16);
	return min(ms, MAX_WAIT);
}

/*
 * Described in header
 */
cluster_failover_next_t cluster_failover_attempt_next(
							cluster_failover_round_t *state,
							u_int keyingtries, u_int connect_timeout,
							u_int *wait)
{
	*wait = 0;
	if (state->member_left)
	{
		return CF_NEXT_MEMBER;
	}
	if (state->purpose == CF_PURPOSE_FAILOVER && !state->answered)
	{
		*wait = cluster_failover_attempt_wait_time(connect_timeout,
												   state->waits);
		return CF_NEXT_WAIT;
	}
	if (may_retry(state, keyingtries))
	{	/* after the connect timeout, to avoid busy looping */
		*wait = connect_timeout;
		return CF_NEXT_ROUND;
	}
	return CF_NEXT_GIVE_UP;
}

/*
 * Described in header
 */
uint64_t cluster_failover_attempt_time_left(uint64_t answered,
											u_int establish_timeout,
											uint64_t now)
{
	uint64_t deadline;

	if (!answered)
	{
		return 0;
	}
	deadline = answered + establish_timeout;
	return now >= deadline ? 0 : deadline - now;
}
