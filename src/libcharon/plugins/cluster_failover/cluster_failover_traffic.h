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
 * @defgroup cluster_failover_traffic cluster_failover_traffic
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_TRAFFIC_H_
#define CLUSTER_FAILOVER_TRAFFIC_H_

#include <library.h>

typedef struct cluster_failover_traffic_t cluster_failover_traffic_t;

/**
 * Tells from samples of the packet counters of a set of SAs whether
 * packets were received or sent since the previous sample.
 *
 * Counters are compared per SA, never as a sum: an SA that expired or was
 * deleted since the previous sample takes its packets with it, which must
 * not hide the packets of the others, nor count as traffic itself.  An SA
 * seen for the first time counts as traffic if its counter is not zero.
 *
 * A sample is a run of count() calls closed by end(), which forgets the
 * SAs that were not counted in it.  The object knows nothing of charon,
 * the caller reads the counters.
 */
struct cluster_failover_traffic_t {

	/**
	 * Report the packet counter of an SA in the current sample.
	 *
	 * @param spi		SPI of the SA
	 * @param inbound	TRUE for an inbound SA, FALSE for an outbound one
	 * @param packets	packets the SA processed so far
	 */
	void (*count)(cluster_failover_traffic_t *this, uint32_t spi,
				  bool inbound, uint64_t packets);

	/**
	 * Close the current sample.
	 *
	 * @param in		TRUE if packets were received since the previous
	 * @param out		TRUE if packets were sent since the previous
	 */
	void (*end)(cluster_failover_traffic_t *this, bool *in, bool *out);

	/**
	 * Get the number of SAs known from the last sample.
	 *
	 * @return			number of SAs
	 */
	u_int (*get_count)(cluster_failover_traffic_t *this);

	/**
	 * Destroy a cluster_failover_traffic_t.
	 */
	void (*destroy)(cluster_failover_traffic_t *this);
};

/**
 * Create a cluster_failover_traffic_t instance, knowing no SA.
 *
 * @return			instance
 */
cluster_failover_traffic_t *cluster_failover_traffic_create();

#endif /** CLUSTER_FAILOVER_TRAFFIC_H_ @}*/
