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

#include "cluster_failover_traffic.h"

#include <collections/array.h>

typedef struct private_cluster_failover_traffic_t
		private_cluster_failover_traffic_t;

/**
 * Private data of a cluster_failover_traffic_t object.
 */
struct private_cluster_failover_traffic_t {

	/**
	 * Public interface
	 */
	cluster_failover_traffic_t public;

	/**
	 * SAs of the previous sample, sa_t
	 */
	array_t *known;

	/**
	 * SAs of the current sample, sa_t
	 */
	array_t *current;

	/**
	 * Whether packets were received in the current sample
	 */
	bool in;

	/**
	 * Whether packets were sent in the current sample
	 */
	bool out;
};

/**
 * Counter of an SA
 */
typedef struct {

	/**
	 * SPI of the SA
	 */
	uint32_t spi;

	/**
	 * Direction of the SA
	 */
	bool inbound;

	/**
	 * Packets counted
	 */
	uint64_t packets;

} sa_t;

/**
 * Find the counter of an SA in an array
 */
static sa_t *find_sa(array_t *sas, uint32_t spi, bool inbound)
{
	enumerator_t *enumerator;
	sa_t *sa, *found = NULL;

	enumerator = array_create_enumerator(sas);
	while (!found && enumerator->enumerate(enumerator, &sa))
	{
		if (sa->spi == spi && sa->inbound == inbound)
		{
			found = sa;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

METHOD(cluster_failover_traffic_t, count, void,
	private_cluster_failover_traffic_t *this, uint32_t spi, bool inbound,
	uint64_t packets)
{
	sa_t *known, sa = {
		.spi = spi,
		.inbound = inbound,
		.packets = packets,
	};

	if (find_sa(this->current, spi, inbound))
	{	/* counted twice in a sample, keep the first */
		return;
	}
	known = find_sa(this->known, spi, inbound);
	if (known ? packets > known->packets : packets > 0)
	{
		if (inbound)
		{
			this->in = TRUE;
		}
		else
		{
			this->out = TRUE;
		}
	}
	array_insert(this->current, ARRAY_TAIL, &sa);
}

METHOD(cluster_failover_traffic_t, end, void,
	private_cluster_failover_traffic_t *this, bool *in, bool *out)
{
	array_t *swap;

	*in = this->in;
	*out = this->out;
	this->in = this->out = FALSE;
	swap = this->known;
	this->known = this->current;
	this->current = swap;
	while (array_remove(this->current, ARRAY_TAIL, NULL))
	{
		/* forget the SAs not counted in this sample */
	}
}

METHOD(cluster_failover_traffic_t, get_count, u_int,
	private_cluster_failover_traffic_t *this)
{
	return array_count(this->known);
}

METHOD(cluster_failover_traffic_t, destroy, void,
	private_cluster_failover_traffic_t *this)
{
	array_destroy(this->known);
	array_destroy(this->current);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_traffic_t *cluster_failover_traffic_create()
{
	private_cluster_failover_traffic_t *this;

	INIT(this,
		.public = {
			.count = _count,
			.end = _end,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.known = array_create(sizeof(sa_t), 2),
		.current = array_create(sizeof(sa_t), 2),
	);

	return &this->public;
}
