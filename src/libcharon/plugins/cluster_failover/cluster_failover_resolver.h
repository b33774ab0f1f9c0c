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
 * @defgroup cluster_failover_resolver cluster_failover_resolver
 * @{ @ingroup cluster_failover
 *
 * Resolves the members given as DNS names at each key request, bounded in
 * time.
 *
 * lookup() starts a lookup of each DNS name of a cluster in a job (all of
 * a name's A and AAAA records, with getaddrinfo(); lib->hosts gives only
 * one address per family) and waits on a condvar until all are answered or
 * the bound (dns_timeout) passed.  A name being looked up already is not
 * looked up twice: the wait joins the lookup in progress.  An answer
 * arriving after the bound is kept: each name's latest answer is cached,
 * and collect(), which never waits, builds a key request's addresses from
 * the IP members and the cached answers.  A name whose latest answer is an
 * error, or that has no answer yet, is skipped for that key request, with
 * its reason.  Each name looked up stays in the cache while the plugin is
 * loaded.
 *
 * lookup() is called without locks, before the key request is created;
 * collect() may be called with the key requests' table locked.  So a hook
 * waits at most dns_timeout for DNS, and only when it starts a key request.
 * The job itself blocks a worker for as long as the system's resolver
 * takes (resolv.conf's timeout and attempts), at most one per name.
 */

#ifndef CLUSTER_FAILOVER_RESOLVER_H_
#define CLUSTER_FAILOVER_RESOLVER_H_

#include "cluster_failover_cluster.h"

typedef struct cluster_failover_resolver_t cluster_failover_resolver_t;

/**
 * Resolve a DNS name to all of its addresses, may block.
 *
 * @param name		DNS name
 * @param hosts		list to append the addresses to, as host_t*
 * @return			0 on success, else a getaddrinfo() error (EAI_*)
 */
typedef int (*cluster_failover_resolve_t)(char *name, linked_list_t *hosts);

/**
 * Addresses of the members of clusters, with DNS names looked up at each
 * key request.
 */
struct cluster_failover_resolver_t {

	/**
	 * Look up the DNS names among the members of a cluster, and wait until
	 * all are answered or the time bound passed.  Never call it with a
	 * lock held.
	 *
	 * @param cluster	cluster
	 */
	void (*lookup)(cluster_failover_resolver_t *this,
				   cluster_failover_cluster_t *cluster);

	/**
	 * Collect the addresses of the members of a cluster, without waiting.
	 *
	 * IP members and the latest answer for each DNS name, unique, with
	 * port 0, in the configured order of the members.
	 *
	 * @param cluster	cluster
	 * @param skipped	names without address are appended as char*,
	 *					"<name> (DNS: <reason>)", allocated
	 * @return			addresses, host_t*, allocated
	 */
	linked_list_t* (*collect)(cluster_failover_resolver_t *this,
							  cluster_failover_cluster_t *cluster,
							  linked_list_t *skipped);

	/**
	 * Check if an address is a member's address, without waiting: an IP
	 * member or in the latest answer of a DNS name among the members.
	 *
	 * @param cluster	cluster
	 * @param host		address, the port is ignored
	 * @return			TRUE if it belongs to a member
	 */
	bool (*is_member)(cluster_failover_resolver_t *this,
					  cluster_failover_cluster_t *cluster, host_t *host);

	/**
	 * Destroy a cluster_failover_resolver_t; lookups still running finish
	 * on their own.
	 */
	void (*destroy)(cluster_failover_resolver_t *this);
};

/**
 * Create a cluster_failover_resolver_t instance.
 *
 * @param resolve	resolver for DNS names, NULL for getaddrinfo()
 * @param timeout	time lookup() waits at most, in ms
 * @return			resolver
 */
cluster_failover_resolver_t *cluster_failover_resolver_create(
								cluster_failover_resolve_t resolve,
								uint32_t timeout);

#endif /** CLUSTER_FAILOVER_RESOLVER_H_ @}*/
