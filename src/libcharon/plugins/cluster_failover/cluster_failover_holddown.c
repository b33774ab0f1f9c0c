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

#include "cluster_failover_holddown.h"

#include <threading/mutex.h>

typedef struct private_cluster_failover_holddown_t
		private_cluster_failover_holddown_t;

/**
 * Private data of a cluster_failover_holddown_t object.
 */
struct private_cluster_failover_holddown_t {

	/**
	 * Public interface
	 */
	cluster_failover_holddown_t public;

	/**
	 * Failed members, entry_t, in order of failure
	 */
	linked_list_t *entries;

	/**
	 * Lock for entries
	 */
	mutex_t *mutex;
};

/**
 * A failed member
 */
typedef struct {
	/** name of the cluster */
	char *cluster;
	/** the member */
	host_t *member;
	/** end of the hold-down */
	uint64_t until;
} entry_t;

static void entry_destroy(entry_t *entry)
{
	entry->member->destroy(entry->member);
	free(entry->cluster);
	free(entry);
}

/**
 * Remove the entry of a member and expired entries, with lock held
 */
static void purge(private_cluster_failover_holddown_t *this, char *cluster,
				  host_t *member, uint64_t now)
{
	enumerator_t *enumerator;
	entry_t *entry;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (entry->until <= now ||
			(member && streq(entry->cluster, cluster) &&
			 member->ip_equals(member, entry->member)))
		{
			this->entries->remove_at(this->entries, enumerator);
			entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
}

METHOD(cluster_failover_holddown_t, failed, void,
	private_cluster_failover_holddown_t *this, char *cluster, host_t *member,
	uint64_t now, uint32_t hold)
{
	entry_t *entry;

	if (!hold)
	{
		return;
	}
	INIT(entry,
		.cluster = strdup(cluster),
		.member = member->clone(member),
		.until = now + hold,
	);
	this->mutex->lock(this->mutex);
	purge(this, cluster, member, now);
	this->entries->insert_last(this->entries, entry);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_holddown_t, clear, void,
	private_cluster_failover_holddown_t *this, char *cluster, host_t *member)
{
	this->mutex->lock(this->mutex);
	purge(this, cluster, member, 0);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_holddown_t, held_until, uint64_t,
	private_cluster_failover_holddown_t *this, char *cluster, host_t *member,
	uint64_t now)
{
	enumerator_t *enumerator;
	entry_t *entry;
	uint64_t until = 0;

	this->mutex->lock(this->mutex);
	purge(this, NULL, NULL, now);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (streq(entry->cluster, cluster) &&
			member->ip_equals(member, entry->member))
		{
			until = entry->until;
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return until;
}

METHOD(cluster_failover_holddown_t, create_list, linked_list_t*,
	private_cluster_failover_holddown_t *this, char *cluster, uint64_t now)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	entry_t *entry;

	list = linked_list_create();
	this->mutex->lock(this->mutex);
	purge(this, NULL, NULL, now);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (streq(entry->cluster, cluster))
		{
			list->insert_last(list, entry->member->clone(entry->member));
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return list;
}

METHOD(cluster_failover_holddown_t, destroy, void,
	private_cluster_failover_holddown_t *this)
{
	this->entries->destroy_function(this->entries, (void*)entry_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_holddown_t *cluster_failover_holddown_create()
{
	private_cluster_failover_holddown_t *this;

	INIT(this,
		.public = {
			.failed = _failed,
			.clear = _clear,
			.held_until = _held_until,
			.create_list = _create_list,
			.destroy = _destroy,
		},
		.entries = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
