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
 * @defgroup cluster_failover_requests cluster_failover_requests
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_REQUESTS_H_
#define CLUSTER_FAILOVER_REQUESTS_H_

#include "cluster_failover_attempt.h"
#include "cluster_failover_holddown.h"
#include "cluster_failover_order.h"
#include "cluster_failover_request.h"
#include "cluster_failover_resolver.h"

#include <sa/ike_sa.h>
#include <utils/debug.h>

typedef struct cluster_failover_spec_t cluster_failover_spec_t;
typedef struct cluster_failover_entry_t cluster_failover_entry_t;
typedef struct cluster_failover_requests_t cluster_failover_requests_t;

/**
 * How the members of key requests are chosen.
 */
struct cluster_failover_spec_t {

	/** what the key requests are for */
	cluster_failover_purpose_t purpose;

	/** the only member to try, NULL for all */
	host_t *only;

	/** a member not to try, NULL for none */
	host_t *exclude;

	/** virtual IPs to ask the member for, host_t*, NULL for none */
	linked_list_t *vips;
};

/**
 * A key request in progress on an IKE_SA.
 */
struct cluster_failover_entry_t {

	/** unique id of the IKE_SA */
	uint32_t id;

	/** the key request */
	cluster_failover_request_t *request;

	/** number of the key request, for keyingtries */
	u_int round;

	/** how members are chosen for further key requests */
	cluster_failover_spec_t spec;

	/** attempt a connect timeout is scheduled for, 0 if none */
	int timed;

	/** key request number the connect timeout is scheduled for */
	u_int timed_round;

	/** start of the key request */
	uint64_t started;

	/** when the current member answered, 0 if it did not yet */
	uint64_t answered;

	/** key requests before this one no member answered */
	u_int waits;

	/** failover epoch of the connection when the request started */
	u_int epoch;

	/** slot of the key request in flight, 0 if it has none, see
	 * cluster_failover_slots_t */
	uint64_t slot;
};

/**
 * The key requests in progress, by the unique id of their IKE_SA, the
 * failover epoch of each connection, and the IKE_SAs charon is
 * re-establishing; and the creation of key requests in member order.
 *
 * get(), put() and remove() and get_epoch() need the lock held, the other
 * methods take it themselves.
 */
struct cluster_failover_requests_t {

	/**
	 * Lock the table.
	 */
	void (*lock)(cluster_failover_requests_t *this);

	/**
	 * Unlock the table.
	 */
	void (*unlock)(cluster_failover_requests_t *this);

	/**
	 * Get the key request of an IKE_SA, with the lock held.
	 *
	 * @param id		unique id of the IKE_SA
	 * @return			entry, NULL if none
	 */
	cluster_failover_entry_t* (*get)(cluster_failover_requests_t *this,
									 uint32_t id);

	/**
	 * Add the key request of an IKE_SA, with the lock held.
	 *
	 * @param entry		entry, adopted, keyed by its id
	 * @return			entry replaced, NULL if none
	 */
	cluster_failover_entry_t* (*put)(cluster_failover_requests_t *this,
									 cluster_failover_entry_t *entry);

	/**
	 * Remove the key request of an IKE_SA, with the lock held.
	 *
	 * @param id		unique id of the IKE_SA
	 * @return			entry removed, NULL if none
	 */
	cluster_failover_entry_t* (*remove)(cluster_failover_requests_t *this,
										uint32_t id);

	/**
	 * Remove the key request of an IKE_SA, locking the table.
	 *
	 * @param id		unique id of the IKE_SA
	 * @return			entry removed, NULL if none
	 */
	cluster_failover_entry_t* (*take)(cluster_failover_requests_t *this,
									  uint32_t id);

	/**
	 * Check if an IKE_SA has a key request, locking the table.
	 *
	 * @param id		unique id of the IKE_SA
	 * @return			TRUE if it has one
	 */
	bool (*has)(cluster_failover_requests_t *this, uint32_t id);

	/**
	 * Get the number of key requests, locking the table.
	 *
	 * @return			number of key requests
	 */
	u_int (*get_count)(cluster_failover_requests_t *this);

	/**
	 * Get the failover epoch of a connection, with the lock held.
	 *
	 * @param name		name of the connection
	 * @return			failovers cancelled so far
	 */
	u_int (*get_epoch)(cluster_failover_requests_t *this, char *name);

	/**
	 * Cancel the failovers of a connection in progress: start a new
	 * failover epoch, locking the table.
	 *
	 * @param name		name of the connection
	 */
	void (*cancel)(cluster_failover_requests_t *this, char *name);

	/**
	 * Check if a failover was cancelled since a key request of it started,
	 * locking the table.
	 *
	 * @param spec		how the request's members are chosen
	 * @param name		name of the connection
	 * @param epoch		failover epoch when the request started
	 * @return			TRUE if it is a failover cancelled since
	 */
	bool (*cancelled)(cluster_failover_requests_t *this,
					  cluster_failover_spec_t *spec, char *name, u_int epoch);

	/**
	 * Remember an IKE_SA charon re-establishes, locking the table.
	 *
	 * @param ike_sa	new IKE_SA, not yet initiated
	 */
	void (*add_reestablishing)(cluster_failover_requests_t *this,
							   ike_sa_t *ike_sa);

	/**
	 * Forget an IKE_SA charon re-established, locking the table.
	 *
	 * @param ike_sa	new IKE_SA
	 */
	void (*remove_reestablishing)(cluster_failover_requests_t *this,
								  ike_sa_t *ike_sa);

	/**
	 * Find an IKE_SA charon re-establishes by its IKE_SA ID, locking the
	 * table.
	 *
	 * @param id		IKE_SA ID
	 * @return			IKE_SA, NULL if none
	 */
	ike_sa_t* (*find_reestablishing)(cluster_failover_requests_t *this,
									 ike_sa_id_t *id);

	/**
	 * Look up the DNS names among the members of a cluster for a key
	 * request about to be created, waiting at most the resolver's time
	 * bound; call it without the lock, before create_request(), unless
	 * the request is for one member only.
	 *
	 * @param cluster	cluster
	 */
	void (*prepare)(cluster_failover_requests_t *this,
					cluster_failover_cluster_t *cluster);

	/**
	 * Create a new key request for a cluster, members held down go last.
	 *
	 * It never waits: DNS names contribute the addresses of their latest
	 * answer (see prepare()), names without address are recorded in the
	 * request with their reason.
	 *
	 * @param cluster	cluster
	 * @param spec		how the members are chosen
	 * @return			key request, NULL if there is no member
	 */
	cluster_failover_request_t* (*create_request)(
									cluster_failover_requests_t *this,
									cluster_failover_cluster_t *cluster,
									cluster_failover_spec_t *spec);

	/**
	 * Destroy a cluster_failover_requests_t and the entries in it.
	 */
	void (*destroy)(cluster_failover_requests_t *this);
};

/**
 * Copy a spec, with copies of its members.
 *
 * @param dst		spec to write
 * @param src		spec to copy
 */
void cluster_failover_spec_clone(cluster_failover_spec_t *dst,
								 cluster_failover_spec_t *src);

/**
 * Free the members of a spec.
 *
 * @param spec		spec
 */
void cluster_failover_spec_free(cluster_failover_spec_t *spec);

/**
 * Destroy an entry with its key request and spec.
 *
 * @param entry		entry
 */
void cluster_failover_entry_destroy(cluster_failover_entry_t *entry);

/**
 * Log level of the progress of a key request: once no member answered a
 * failover (the client may have no path), the further key requests are
 * logged at level 2, the wait itself once at level 1.
 *
 * @param waits		key requests before no member answered
 * @return			log level
 */
static inline level_t cluster_failover_request_level(u_int waits)
{
	return waits ? LEVEL_DIAG : LEVEL_CTRL;
}

/**
 * Log the members of a key request in order.
 *
 * @param name		name of the connection
 * @param entry		entry of the key request
 */
void cluster_failover_log_request(char *name, cluster_failover_entry_t *entry);

/**
 * Log that all members of a key request failed.
 *
 * @param name		name of the connection
 * @param entry		entry of the key request
 */
void cluster_failover_log_exhausted(char *name,
									cluster_failover_entry_t *entry);

/**
 * Create a cluster_failover_requests_t instance.
 *
 * @param order		member ordering
 * @param holddown	failed members, tried last
 * @param resolver	addresses of the members
 * @return			table of key requests
 */
cluster_failover_requests_t *cluster_failover_requests_create(
								cluster_failover_order_t *order,
								cluster_failover_holddown_t *holddown,
								cluster_failover_resolver_t *resolver);

#endif /** CLUSTER_FAILOVER_REQUESTS_H_ @}*/
