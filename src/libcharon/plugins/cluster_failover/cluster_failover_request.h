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
 * @defgroup cluster_failover_request cluster_failover_request
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_REQUEST_H_
#define CLUSTER_FAILOVER_REQUEST_H_

#include "cluster_failover_cluster.h"

#include <networking/host.h>

typedef struct cluster_failover_request_t cluster_failover_request_t;
typedef enum cluster_failover_failure_t cluster_failover_failure_t;

/**
 * Why a member failed a key request.
 */
enum cluster_failover_failure_t {
	/** no answer within the connect timeout */
	CF_FAILURE_TIMEOUT,
	/** the member could not be reached, e.g. no route */
	CF_FAILURE_UNREACHABLE,
	/** authentication of the member or by the member failed */
	CF_FAILURE_AUTH,
	/** the member rejected the IKE or ESP proposals */
	CF_FAILURE_PROPOSAL,
	/** the member rejected the traffic selectors */
	CF_FAILURE_TS,
	/** the member closed the IKE_SA while it was set up */
	CF_FAILURE_CLOSED,
	/** the member rejected the CHILD_SA otherwise (TS_UNACCEPTABLE, an
	 *  address it can't assign, ...) */
	CF_FAILURE_CHILD,
	/** the member answered, but did not complete the establishment within
	 *  the establish timeout */
	CF_FAILURE_ESTABLISH,
	/** the member redirected the IKE_SA_INIT to another member (RFC 5685),
	 *  which the request tries next */
	CF_FAILURE_REDIRECT,
};

/**
 * enum names for cluster_failover_failure_t, as logged.
 */
extern enum_name_t *cluster_failover_failure_names;

/**
 * A key request: the members of a cluster, in the order it tries them, and
 * what became of each member tried.
 */
struct cluster_failover_request_t {

	/**
	 * Get the cluster of the request.
	 *
	 * @return			cluster, no new reference
	 */
	cluster_failover_cluster_t* (*get_cluster)(
									cluster_failover_request_t *this);

	/**
	 * Get the member currently tried.
	 *
	 * @return			member address, NULL if all have failed
	 */
	host_t* (*get_member)(cluster_failover_request_t *this);

	/**
	 * Get the number of the current attempt.
	 *
	 * @return			1 for the first member, incremented by skip()
	 */
	int (*get_attempt)(cluster_failover_request_t *this);

	/**
	 * Get the number of members the request tries.
	 *
	 * @return			number of members
	 */
	int (*get_count)(cluster_failover_request_t *this);

	/**
	 * Create an enumerator over the members of the request, in the order
	 * they are tried, DNS names resolved.
	 *
	 * @return			enumerator over host_t*
	 */
	enumerator_t* (*create_member_enumerator)(
									cluster_failover_request_t *this);

	/**
	 * Record that the current member failed, and move on to the next.
	 *
	 * @param reason	why the member failed
	 * @return			next member, NULL if all have failed
	 */
	host_t* (*skip)(cluster_failover_request_t *this,
					cluster_failover_failure_t reason);

	/**
	 * Record that the current member redirected the request to another
	 * member (a REDIRECT in its IKE_SA_INIT response, RFC 5685), which
	 * becomes the next member tried, ahead of the others.
	 *
	 * @param target	member redirected to
	 * @return			new current member (target), NULL if target is no
	 *					member left to try (not in the cluster, or tried
	 *					already): nothing is changed then
	 */
	host_t* (*redirect)(cluster_failover_request_t *this, host_t *target);

	/**
	 * Check if a member of the request answered, even to fail: any failure
	 * but no answer or no route.
	 *
	 * @return			TRUE if a member answered
	 */
	bool (*answered)(cluster_failover_request_t *this);

	/**
	 * Describe the order of the members, for the log.
	 *
	 * @param buf		buffer to write to
	 * @param len		size of buf
	 * @return			buf, e.g. "192.168.0.2, 192.168.0.1"
	 */
	char* (*describe_order)(cluster_failover_request_t *this, char *buf,
							size_t len);

	/**
	 * Record a member that contributed no address to the request, e.g. a
	 * DNS name that did not resolve.
	 *
	 * @param skipped	the member with its reason, e.g.
	 *					"gw.example.org (DNS: Name or service not known)",
	 *					adopted
	 */
	void (*add_skipped)(cluster_failover_request_t *this, char *skipped);

	/**
	 * Describe the members tried and why they failed, for the log, then
	 * the members skipped without address.
	 *
	 * @param buf		buffer to write to
	 * @param len		size of buf
	 * @return			buf, e.g. "192.168.0.1 (timeout), 192.168.0.2 (auth),
	 *					gw.example.org (DNS: no answer within 2000ms)"
	 */
	char* (*describe)(cluster_failover_request_t *this, char *buf,
					  size_t len);

	/**
	 * Destroy a cluster_failover_request_t.
	 */
	void (*destroy)(cluster_failover_request_t *this);
};

/**
 * Create a key request.
 *
 * @param cluster	cluster of the request, a new reference is taken
 * @param order		member addresses in the order to try, host_t*, adopted
 * @return			key request
 */
cluster_failover_request_t *cluster_failover_request_create(
						cluster_failover_cluster_t *cluster,
						linked_list_t *order);

#endif /** CLUSTER_FAILOVER_REQUEST_H_ @}*/
