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
 * @defgroup cluster_failover_probe cluster_failover_probe
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_PROBE_H_
#define CLUSTER_FAILOVER_PROBE_H_

#include <library.h>
#include <networking/host.h>

typedef struct cluster_failover_probe_t cluster_failover_probe_t;

/**
 * Data-path probes: ICMP echo requests to an address behind a cluster,
 * routed through the tunnel like any other traffic, and their replies.
 *
 * A probe is identified by a 16-bit identifier (one per monitored IKE_SA)
 * and a sequence number.  Replies are received by a watcher callback.
 * Thread-safe.
 */
struct cluster_failover_probe_t {

	/**
	 * Send an echo request.
	 *
	 * @param dst		address to probe
	 * @param ident		identifier of the prober
	 * @param seq		sequence number of the probe
	 * @return			TRUE if sent
	 */
	bool (*send)(cluster_failover_probe_t *this, host_t *dst, uint16_t ident,
				 uint16_t seq);

	/**
	 * Record an echo reply, as the socket watcher does for the replies it
	 * receives.
	 *
	 * @param ident		identifier of the reply
	 * @param seq		sequence number of the reply
	 */
	void (*received)(cluster_failover_probe_t *this, uint16_t ident,
					 uint16_t seq);

	/**
	 * Check if a probe has been answered.
	 *
	 * @param ident		identifier of the prober
	 * @param seq		sequence number of the probe
	 * @return			TRUE if it, or a later one, has been answered
	 */
	bool (*answered)(cluster_failover_probe_t *this, uint16_t ident,
					 uint16_t seq);

	/**
	 * Forget the replies of a prober.
	 *
	 * @param ident		identifier of the prober
	 */
	void (*forget)(cluster_failover_probe_t *this, uint16_t ident);

	/**
	 * Destroy a cluster_failover_probe_t.
	 */
	void (*destroy)(cluster_failover_probe_t *this);
};

/**
 * Create a cluster_failover_probe_t instance.
 *
 * Sockets are opened when the first probe of an address family is sent.
 *
 * @return			instance
 */
cluster_failover_probe_t *cluster_failover_probe_create();

/**
 * Build an ICMP or ICMPv6 echo request.
 *
 * @param family	AF_INET or AF_INET6
 * @param ident		identifier
 * @param seq		sequence number
 * @param buf		buffer, at least 16 bytes
 * @return			length of the request
 */
size_t cluster_failover_probe_build(int family, uint16_t ident, uint16_t seq,
									uint8_t *buf);

/**
 * Parse an ICMP or ICMPv6 echo reply as received on a raw socket.
 *
 * @param family	AF_INET (data starts with the IP header) or AF_INET6
 * @param data		received data
 * @param len		length of data
 * @param ident		identifier of the reply
 * @param seq		sequence number of the reply
 * @return			TRUE if data is an echo reply
 */
bool cluster_failover_probe_parse(int family, uint8_t *data, size_t len,
								  uint16_t *ident, uint16_t *seq);

#endif /** CLUSTER_FAILOVER_PROBE_H_ @}*/
