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
 * @defgroup cluster_failover_limiter cluster_failover_limiter
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_LIMITER_H_
#define CLUSTER_FAILOVER_LIMITER_H_

#include <library.h>

typedef struct cluster_failover_limiter_t cluster_failover_limiter_t;

/**
 * Admission of key requests: at most a given number of them in flight,
 * the others wait for a slot and start in the order they came (FIFO).
 *
 * A key request is in flight from its IKE_SA_INIT until its IKE_SA is
 * established or the attempt ended otherwise (failed, timed out, given
 * up): as long as the member counts it as half-open.  Key requests are
 * known by ids the caller chooses, unique and not 0.
 *
 * A pure state machine, not thread-safe: the caller serializes the calls.
 */
struct cluster_failover_limiter_t {

	/**
	 * Start a key request if a slot is free and none is waiting, else
	 * queue it behind those waiting.
	 *
	 * @param id		id of the key request
	 * @return			TRUE if it is in flight, FALSE if it waits
	 */
	bool (*enter)(cluster_failover_limiter_t *this, uint64_t id);

	/**
	 * Take a slot for a key request that cannot wait (its IKE_SA_INIT is
	 * on its way), even if none is free: it counts against the limit,
	 * those waiting start once enough slots are free again.
	 *
	 * @param id		id of the key request
	 */
	void (*force)(cluster_failover_limiter_t *this, uint64_t id);

	/**
	 * End a key request in flight, or its wait if it waits.  The slot
	 * freed starts the first key request waiting, if any.
	 *
	 * @param id		id of the key request, unknown ones are ignored
	 * @param report	set to the number of key requests waiting if the
	 *					one started is the first to start since requests
	 *					began to wait, else to 0
	 * @return			id of the key request started, 0 if none
	 */
	uint64_t (*leave)(cluster_failover_limiter_t *this, uint64_t id,
					  u_int *report);

	/**
	 * Get the number of key requests in flight.
	 *
	 * @return			key requests in flight
	 */
	u_int (*get_in_flight)(cluster_failover_limiter_t *this);

	/**
	 * Get the number of key requests waiting.
	 *
	 * @return			key requests waiting for a slot
	 */
	u_int (*get_waiting)(cluster_failover_limiter_t *this);

	/**
	 * Get the number of slots.
	 *
	 * @return			maximum of key requests in flight, 0 for no limit
	 */
	u_int (*get_limit)(cluster_failover_limiter_t *this);

	/**
	 * Destroy a cluster_failover_limiter_t.
	 */
	void (*destroy)(cluster_failover_limiter_t *this);
};

/**
 * Create a cluster_failover_limiter_t instance.
 *
 * @param limit		maximum of key requests in flight, 0 for no limit
 * @return			limiter, with no key request
 */
cluster_failover_limiter_t *cluster_failover_limiter_create(u_int limit);

#endif /** CLUSTER_FAILOVER_LIMITER_H_ @}*/
