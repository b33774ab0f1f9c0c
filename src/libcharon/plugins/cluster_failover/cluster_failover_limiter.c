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

#include "cluster_failover_limiter.h"

#include <collections/array.h>

typedef struct private_cluster_failover_limiter_t
		private_cluster_failover_limiter_t;

/**
 * Private data of a cluster_failover_limiter_t object.
 */
struct private_cluster_failover_limiter_t {

	/**
	 * Public interface
	 */
	cluster_failover_limiter_t public;

	/**
	 * Maximum of key requests in flight, 0 for no limit
	 */
	u_int limit;

	/**
	 * Key requests in flight, uint64_t
	 */
	array_t *in_flight;

	/**
	 * Key requests waiting, the first first, uint64_t
	 */
	array_t *waiting;

	/**
	 * Whether a key request started from the queue since requests began
	 * to wait
	 */
	bool reported;
};

/**
 * Find an id in an array, returns its index or -1
 */
static int find(array_t *array, uint64_t id)
{
	uint64_t current;
	int i;

	for (i = 0; i < array_count(array); i++)
	{
		array_get(array, i, &current);
		if (current == id)
		{
			return i;
		}
	}
	return -1;
}

/**
 * Check if a slot is free
 */
static bool slot_free(private_cluster_failover_limiter_t *this)
{
	return !this->limit || array_count(this->in_flight) < this->limit;
}

METHOD(cluster_failover_limiter_t, enter, bool,
	private_cluster_failover_limiter_t *this, uint64_t id)
{
	if (find(this->in_flight, id) >= 0)
	{
		return TRUE;
	}
	if (find(this->waiting, id) >= 0)
	{
		return FALSE;
	}
	if (slot_free(this) && !array_count(this->waiting))
	{
		array_insert(this->in_flight, ARRAY_TAIL, &id);
		return TRUE;
	}
	array_insert(this->waiting, ARRAY_TAIL, &id);
	return FALSE;
}

METHOD(cluster_failover_limiter_t, force, void,
	private_cluster_failover_limiter_t *this, uint64_t id)
{
	int i;

	i = find(this->waiting, id);
	if (i >= 0)
	{
		array_remove(this->waiting, i, NULL);
	}
	if (find(this->in_flight, id) < 0)
	{
		array_insert(this->in_flight, ARRAY_TAIL, &id);
	}
}

/**
 * Start the first key request waiting if a slot is free, returns its id
 */
static uint64_t start_next(private_cluster_failover_limiter_t *this,
						   u_int *report)
{
	uint64_t next;

	if (!slot_free(this) || !array_count(this->waiting))
	{
		return 0;
	}
	if (!this->reported)
	{
		*report = array_count(this->waiting);
		this->reported = TRUE;
	}
	array_remove(this->waiting, ARRAY_HEAD, &next);
	array_insert(this->in_flight, ARRAY_TAIL, &next);
	if (!array_count(this->waiting))
	{	/* the next key request to wait begins a new burst */
		this->reported = FALSE;
	}
	return next;
}

METHOD(cluster_failover_limiter_t, leave, uint64_t,
	private_cluster_failover_limiter_t *this, uint64_t id, u_int *report)
{
	int i;

	*report = 0;
	i = find(this->waiting, id);
	if (i >= 0)
	{
		array_remove(this->waiting, i, NULL);
		if (!array_count(this->waiting))
		{
			this->reported = FALSE;
		}
		return 0;
	}
	i = find(this->in_flight, id);
	if (i < 0)
	{
		return 0;
	}
	array_remove(this->in_flight, i, NULL);
	return start_next(this, report);
}

METHOD(cluster_failover_limiter_t, get_in_flight, u_int,
	private_cluster_failover_limiter_t *this)
{
	return array_count(this->in_flight);
}

METHOD(cluster_failover_limiter_t, get_waiting, u_int,
	private_cluster_failover_limiter_t *this)
{
	return array_count(this->waiting);
}

METHOD(cluster_failover_limiter_t, get_limit, u_int,
	private_cluster_failover_limiter_t *this)
{
	return this->limit;
}

METHOD(cluster_failover_limiter_t, destroy, void,
	private_cluster_failover_limiter_t *this)
{
	array_destroy(this->in_flight);
	array_destroy(this->waiting);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_limiter_t *cluster_failover_limiter_create(u_int limit)
{
	private_cluster_failover_limiter_t *this;

	INIT(this,
		.public = {
			.enter = _enter,
			.force = _force,
			.leave = _leave,
			.get_in_flight = _get_in_flight,
			.get_waiting = _get_waiting,
			.get_limit = _get_limit,
			.destroy = _destroy,
		},
		.limit = limit,
		.in_flight = array_create(sizeof(uint64_t), 0),
		.waiting = array_create(sizeof(uint64_t), 0),
	);

	return &this->public;
}
