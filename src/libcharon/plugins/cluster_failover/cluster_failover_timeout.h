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
 * @defgroup cluster_failover_timeout cluster_failover_timeout
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_TIMEOUT_H_
#define CLUSTER_FAILOVER_TIMEOUT_H_

#include "cluster_failover_initiator.h"
#include "cluster_failover_requests.h"
#include "cluster_failover_slots.h"

typedef struct cluster_failover_timeout_t cluster_failover_timeout_t;

/**
 * The connect and establish timeouts of key requests: a member that does
 * not answer within the cluster's connect timeout, or that answered but
 * does not complete the establishment within the establish timeout, is
 * skipped, and the next member tried on the same IKE_SA; once all members
 * failed, cluster_failover_attempt_next() decides how the key request
 * goes on.  A key request going on with the next member on the same
 * IKE_SA keeps its slot; one that ends here frees it.
 */
struct cluster_failover_timeout_t {

	/**
	 * Schedule the connect timeout of the current attempt of a key
	 * request, unless it is scheduled already, with the table's lock held.
	 *
	 * @param entry			key request
	 */
	void (*schedule)(cluster_failover_timeout_t *this,
					 cluster_failover_entry_t *entry);

	/**
	 * Destroy a cluster_failover_timeout_t.
	 */
	void (*destroy)(cluster_failover_timeout_t *this);
};

/**
 * Create a cluster_failover_timeout_t instance.
 *
 * @param requests		table of key requests
 * @param initiator		moves key requests to new IKE_SAs
 * @param slots			slots of key requests in flight
 * @return				timeouts
 */
cluster_failover_timeout_t *cluster_failover_timeout_create(
								cluster_failover_requests_t *requests,
								cluster_failover_initiator_t *initiator,
								cluster_failover_slots_t *slots);

#endif /** CLUSTER_FAILOVER_TIMEOUT_H_ @}*/
