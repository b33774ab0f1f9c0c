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

#include "cluster_failover_order.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_order_t
		private_cluster_failover_order_t;

/**
 * Private data of a cluster_failover_order_t object.
 */
struct private_cluster_failover_order_t {

	/**
	 * Public interface
	 */
	cluster_failover_order_t public;

	/**
	 * Random source
	 */
	rng_t *rng;

	/**
	 * Serializes access to the RNG
	 */
	mutex_t *mutex;
};

/**
 * Get a uniformly distributed random number in [0, bound)
 */
static bool random_below(private_cluster_failover_order_t *this,
						 uint32_t bound, uint32_t *value)
{
	uint32_t random, limit;

	/* reject the top values that would bias the modulo */
	limit = UINT32_MAX - UINT32_MAX % bound;
	do
	{
		if (!this->rng->get_bytes(this->rng, sizeof(random),
								  (uint8_t*)&random))
		{
			return FALSE;
		}
	}
	while (random >= limit);
	*value = random % bound;
	return TRUE;
}

/**
 * Shuffle an array of hosts (Fisher-Yates)
 */
static bool shuffle(private_cluster_failover_order_t *this, host_t **hosts,
					int count)
{
	host_t *tmp;
	uint32_t j;
	int i;
	bool ok = TRUE;

	this->mutex->lock(this->mutex);
	for (i = count - 1; ok && i > 0; i--)
	{
		ok = random_below(this, i + 1, &j);
		if (ok)
		{
			tmp = hosts[i];
			hosts[i] = hosts[j];
			hosts[j] = tmp;
		}
	}
	this->mutex->unlock(this->mutex);
	return ok;
}

/**
 * Check if a host is in a list
 */
static bool contains(linked_list_t *list, host_t *host)
{
	return list && list->find_first(list, cluster_failover_host_matches,
									NULL, host);
}

METHOD(cluster_failover_order_t, create, linked_list_t*,
	private_cluster_failover_order_t *this, cluster_failover_order_mode_t mode,
	linked_list_t *members, linked_list_t *last)
{
	enumerator_t *enumerator;
	linked_list_t *order;
	host_t *host, **hosts;
	int count = 0, i;

	hosts = calloc(max(members->get_count(members), 1), sizeof(host_t*));
	enumerator = members->create_enumerator(members);
	while (enumerator->enumerate(enumerator, &host))
	{
		if (!contains(last, host))
		{
			hosts[count++] = host;
		}
	}
	enumerator->destroy(enumerator);

	if (mode == CF_ORDER_RANDOM && !shuffle(this, hosts, count))
	{
		DBG1(DBG_CFG, "cluster-failover: getting random bytes failed");
		free(hosts);
		return NULL;
	}

	order = linked_list_create();
	for (i = 0; i < count; i++)
	{
		order->insert_last(order, hosts[i]->clone(hosts[i]));
	}
	free(hosts);

	if (last)
	{
		enumerator = last->create_enumerator(last);
		while (enumerator->enumerate(enumerator, &host))
		{
			if (contains(members, host) && !contains(order, host))
			{
				order->insert_last(order, host->clone(host));
			}
		}
		enumerator->destroy(enumerator);
	}
	return order;
}

METHOD(cluster_failover_order_t, destroy, void,
	private_cluster_failover_order_t *this)
{
	this->rng->destroy(this->rng);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_order_t *cluster_failover_order_create(rng_t *rng)
{
	private_cluster_failover_order_t *this;

	if (!rng)
	{
		rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
		if (!rng)
		{
			DBG1(DBG_CFG, "cluster-failover: no RNG found");
			return NULL;
		}
	}

	INIT(this,
		.public = {
			.create = _create,
			.destroy = _destroy,
		},
		.rng = rng,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
