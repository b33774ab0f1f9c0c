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
 * @defgroup cluster_failover_vips cluster_failover_vips
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_VIPS_H_
#define CLUSTER_FAILOVER_VIPS_H_

#include <sa/ike_sa.h>
#include <collections/linked_list.h>

/**
 * The virtual IPs a connection keeps across a move to another member:
 * collected by value from the IKE_SA it leaves, requested on the new
 * IKE_SA (charon's IKE_AUTH asks for an IKE_SA's own virtual IPs, as on a
 * reauthentication), and compared with what the new member granted.
 */

/**
 * Collect the local virtual IPs of an IKE_SA, by value.
 *
 * @param ike_sa		IKE_SA, checked out or in a hook
 * @return				list of host_t*, NULL if it has none
 */
linked_list_t *cluster_failover_vips_collect(ike_sa_t *ike_sa);

/**
 * Copy a list of virtual IPs.
 *
 * @param vips			list of host_t*, NULL for none
 * @return				copy, NULL for none
 */
linked_list_t *cluster_failover_vips_clone(linked_list_t *vips);

/**
 * Destroy a list of virtual IPs.
 *
 * @param vips			list of host_t*, NULL for none
 */
void cluster_failover_vips_destroy(linked_list_t *vips);

/**
 * Have a new IKE_SA, not yet initiated, ask for the given virtual IPs
 * in its IKE_AUTH, instead of those of its peer_cfg.
 *
 * @param ike_sa		new IKE_SA, with its local address set
 * @param vips			list of host_t*, NULL for none
 */
void cluster_failover_vips_request(ike_sa_t *ike_sa, linked_list_t *vips);

/**
 * Check whether every requested virtual IP is among those granted.
 *
 * @param requested		list of host_t*, NULL for none
 * @param granted		list of host_t*, NULL for none
 * @return				TRUE if all were granted (or none requested)
 */
bool cluster_failover_vips_kept(linked_list_t *requested,
								linked_list_t *granted);

/**
 * Print a list of virtual IPs, comma separated.
 *
 * @param vips			list of host_t*, NULL for none
 * @param buf			buffer
 * @param len			size of the buffer
 * @return				buf, "none" for an empty list
 */
char *cluster_failover_vips_print(linked_list_t *vips, char *buf, size_t len);

#endif /** CLUSTER_FAILOVER_VIPS_H_ @}*/
