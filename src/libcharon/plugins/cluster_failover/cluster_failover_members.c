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

#include "cluster_failover_members.h"

#include <collections/hashtable.h>

typedef struct private_cluster_failover_members_t
		private_cluster_failover_members_t;

/**
 * Private data of a cluster_failover_members_t object.
 */
struct private_cluster_failover_members_t {

	/**
	 * Public interface
	 */
	cluster_failover_members_t public;

	/**
	 * Members by address, host_t => entry_t
	 */
	hashtable_t *by_host;

	/**
	 * Members by liveness, cluster_failover_member_t => entry_t
	 */
	hashtable_t *by_liveness;
};

/**
 * A member
 */
typedef struct {

	/**
	 * Address, without port
	 */
	host_t *host;

	/**
	 * Liveness
	 */
	cluster_failover_member_t *liveness;

	/**
	 * Number of watched IKE_SAs with it
	 */
	u_int refs;

} entry_t;

/**
 * Hash a member's address
 */
static u_int hash_host(host_t *host)
{
	return chunk_hash(host->get_address(host));
}

/**
 * Compare members' addresses
 */
static bool equals_host(host_t *a, host_t *b)
{
	return a->ip_equals(a, b);
}

static void entry_destroy(entry_t *entry)
{
	entry->liveness->destroy(entry->liveness);
	entry->host->destroy(entry->host);
	free(entry);
}

METHOD(cluster_failover_members_t, get, cluster_failover_member_t*,
	private_cluster_failover_members_t *this, host_t *host, uint64_t now)
{
	entry_t *entry;

	entry = this->by_host->get(this->by_host, host);
	if (!entry)
	{
		INIT(entry,
			.host = host->clone(host),
			.liveness = cluster_failover_member_create(now),
		);
		entry->host->set_port(entry->host, 0);
		this->by_host->put(this->by_host, entry->host, entry);
		this->by_liveness->put(this->by_liveness, entry->liveness, entry);
	}
	entry->refs++;
	entry->liveness->received(entry->liveness, now);
	return entry->liveness;
}

METHOD(cluster_failover_members_t, put, void,
	private_cluster_failover_members_t *this,
	cluster_failover_member_t *member, uint32_t id)
{
	entry_t *entry;

	entry = this->by_liveness->get(this->by_liveness, member);
	if (!entry)
	{
		return;
	}
	member->release(member, id);
	if (--entry->refs == 0)
	{
		this->by_host->remove(this->by_host, entry->host);
		this->by_liveness->remove(this->by_liveness, member);
		entry_destroy(entry);
	}
}

METHOD(cluster_failover_members_t, get_host, host_t*,
	private_cluster_failover_members_t *this,
	cluster_failover_member_t *member)
{
	entry_t *entry;

	entry = this->by_liveness->get(this->by_liveness, member);
	return entry ? entry->host : NULL;
}

METHOD(cluster_failover_members_t, destroy, void,
	private_cluster_failover_members_t *this)
{
	enumerator_t *enumerator;
	entry_t *entry;

	enumerator = this->by_liveness->create_enumerator(this->by_liveness);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		entry_destroy(entry);
	}
	enumerator->destroy(enumerator);
	this->by_host->destroy(this->by_host);
	this->by_liveness->destroy(this->by_liveness);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_members_t *cluster_failover_members_create()
{
	private_cluster_failover_members_t *this;

	INIT(this,
		.public = {
			.get = _get,
			.put = _put,
			.get_host = _get_host,
			.destroy = _destroy,
		},
		.by_host = hashtable_create((hashtable_hash_t)hash_host,
									(hashtable_equals_t)equals_host, 8),
		.by_liveness = hashtable_create(hashtable_hash_ptr,
										hashtable_equals_ptr, 8),
	);

	return &this->public;
}
