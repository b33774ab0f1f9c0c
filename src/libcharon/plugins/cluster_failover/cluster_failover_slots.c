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
 * The slots of key requests in flight: the limiter's decisions, with a
 * lock, the key requests waiting and their log.
 */

#include "cluster_failover_slots.h"
#include "cluster_failover_limiter.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_slots_t
		private_cluster_failover_slots_t;

/**
 * Private data of a cluster_failover_slots_t object.
 */
struct private_cluster_failover_slots_t {

	/**
	 * Public interface
	 */
	cluster_failover_slots_t public;

	/**
	 * Decides which key requests are in flight
	 */
	cluster_failover_limiter_t *limiter;

	/**
	 * Key requests waiting, slot => waiting_t
	 */
	hashtable_t *waiting;

	/**
	 * Last slot handed out
	 */
	uint64_t last;

	/**
	 * Lock for all of the above
	 */
	mutex_t *mutex;
};

/**
 * A key request waiting for a slot
 */
typedef struct {

	/**
	 * Slot it will take, the key
	 */
	uint64_t slot;

	/**
	 * Name of the connection
	 */
	char *name;

	/**
	 * Starts the key request
	 */
	cluster_failover_slot_cb_t cb;

	/**
	 * Data for cb
	 */
	void *data;

	/**
	 * Destroys data
	 */
	void (*cleanup)(void *data);

	/**
	 * Since when it waits
	 */
	uint64_t since;

} waiting_t;

/**
 * Hash a slot, the key of the table of those waiting
 */
static u_int hash_slot(const void *key)
{
	return chunk_hash(chunk_create((u_char*)key, sizeof(uint64_t)));
}

/**
 * Compare two slots
 */
static bool equals_slot(const void *a, const void *b)
{
	return *(uint64_t*)a == *(uint64_t*)b;
}

METHOD(cluster_failover_slots_t, take, uint64_t,
	private_cluster_failover_slots_t *this, char *name,
	cluster_failover_slot_cb_t cb, void *data, void (*cleanup)(void *data))
{
	waiting_t *waiting;
	uint64_t slot;
	u_int in_flight, count;

	this->mutex->lock(this->mutex);
	slot = ++this->last;
	if (this->limiter->enter(this->limiter, slot))
	{
		this->mutex->unlock(this->mutex);
		return slot;
	}
	INIT(waiting,
		.slot = slot,
		.name = strdup(name),
		.cb = cb,
		.data = data,
		.cleanup = cleanup,
		.since = cluster_failover_now(),
	);
	this->waiting->put(this->waiting, &waiting->slot, waiting);
	in_flight = this->limiter->get_in_flight(this->limiter);
	count = this->limiter->get_waiting(this->limiter);
	this->mutex->unlock(this->mutex);
	DBG2(DBG_IKE, "cluster-failover: key request for '%s' waits for a slot, "
		 "%u in flight, %u waiting", name, in_flight, count);
	return 0;
}

METHOD(cluster_failover_slots_t, force, uint64_t,
	private_cluster_failover_slots_t *this)
{
	uint64_t slot;

	this->mutex->lock(this->mutex);
	slot = ++this->last;
	this->limiter->force(this->limiter, slot);
	this->mutex->unlock(this->mutex);
	return slot;
}

/**
 * Free the data of a key request waiting
 */
static void waiting_destroy(waiting_t *waiting)
{
	free(waiting->name);
	free(waiting);
}

METHOD(cluster_failover_slots_t, release, void,
	private_cluster_failover_slots_t *this, uint64_t slot)
{
	waiting_t *waiting = NULL;
	uint64_t next;
	u_int report, limit;

	if (!slot)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	next = this->limiter->leave(this->limiter, slot, &report);
	if (next)
	{
		waiting = this->waiting->remove(this->waiting, &next);
	}
	limit = this->limiter->get_limit(this->limiter);
	this->mutex->unlock(this->mutex);
	if (!waiting)
	{
		return;
	}
	if (report)
	{
		DBG1(DBG_IKE, "cluster-failover: %u key request%s waiting for a "
			 "slot, at most %u in flight (max_concurrent_requests)", report,
			 report == 1 ? "" : "s", limit);
	}
	DBG2(DBG_IKE, "cluster-failover: key request for '%s' starts after "
		 "waiting %ums for a slot", waiting->name,
		 (u_int)(cluster_failover_now() - waiting->since));
	waiting->cb(waiting->data, next);
	waiting_destroy(waiting);
}

METHOD(cluster_failover_slots_t, get_in_flight, u_int,
	private_cluster_failover_slots_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->limiter->get_in_flight(this->limiter);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(cluster_failover_slots_t, destroy, void,
	private_cluster_failover_slots_t *this)
{
	enumerator_t *enumerator;
	waiting_t *waiting;

	enumerator = this->waiting->create_enumerator(this->waiting);
	while (enumerator->enumerate(enumerator, NULL, &waiting))
	{
		waiting->cleanup(waiting->data);
		waiting_destroy(waiting);
	}
	enumerator->destroy(enumerator);
	this->waiting->destroy(this->waiting);
	this->limiter->destroy(this->limiter);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_slots_t *cluster_failover_slots_create(u_int limit)
{
	private_cluster_failover_slots_t *this;

	INIT(this,
		.public = {
			.take = _take,
			.force = _force,
			.release = _release,
			.get_in_flight = _get_in_flight,
			.destroy = _destroy,
		},
		.limiter = cluster_failover_limiter_create(limit),
		.waiting = hashtable_create(hash_slot, equals_slot, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
