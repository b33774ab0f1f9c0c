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
 * @defgroup cluster_failover_slots cluster_failover_slots
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_SLOTS_H_
#define CLUSTER_FAILOVER_SLOTS_H_

#include <library.h>

typedef struct cluster_failover_slots_t cluster_failover_slots_t;

/**
 * Callback starting a key request that waited, once it has a slot.
 *
 * Called with no lock held, from the thread that freed the slot (a hook
 * or a job): it must not block, e.g. queue a job.
 *
 * @param data			data given to take()
 * @param slot			slot taken for the key request
 */
typedef void (*cluster_failover_slot_cb_t)(void *data, uint64_t slot);

/**
 * The slots of key requests in flight, charon-wide: the option
 * max_concurrent_requests bounds the key requests whose IKE_SA_INIT is on
 * its way or answered but not yet established, see
 * cluster_failover_limiter_t.  Those of the plugin's own (failovers,
 * returns, standby IKE_SAs) wait for a slot before their key request
 * starts, in the order they came; IKE_SA_INITs charon sends itself cannot
 * wait and take a slot beyond the limit.
 *
 * Thread-safe.
 */
struct cluster_failover_slots_t {

	/**
	 * Take a slot for a key request about to start, or let it wait.
	 *
	 * @param name			name of the connection, for the log
	 * @param cb			callback starting the key request once it has a
	 *						slot, if it waits
	 * @param data			data to pass to cb, adopted if it waits
	 * @param cleanup		destroys data if it never gets a slot
	 * @return				slot taken, 0 if the key request waits
	 */
	uint64_t (*take)(cluster_failover_slots_t *this, char *name,
					 cluster_failover_slot_cb_t cb, void *data,
					 void (*cleanup)(void *data));

	/**
	 * Take a slot for an IKE_SA_INIT on its way, beyond the limit if
	 * none is free.
	 *
	 * @return				slot taken
	 */
	uint64_t (*force)(cluster_failover_slots_t *this);

	/**
	 * Free a slot; the first key request waiting starts, if any.
	 *
	 * @param slot			slot, 0 and slots freed already are ignored
	 */
	void (*release)(cluster_failover_slots_t *this, uint64_t slot);

	/**
	 * Get the number of key requests in flight.
	 *
	 * @return				slots taken
	 */
	u_int (*get_in_flight)(cluster_failover_slots_t *this);

	/**
	 * Destroy a cluster_failover_slots_t and the key requests waiting.
	 */
	void (*destroy)(cluster_failover_slots_t *this);
};

/**
 * Create a cluster_failover_slots_t instance.
 *
 * @param limit			maximum of key requests in flight, 0 for none
 * @return				slots
 */
cluster_failover_slots_t *cluster_failover_slots_create(u_int limit);

#endif /** CLUSTER_FAILOVER_SLOTS_H_ @}*/
