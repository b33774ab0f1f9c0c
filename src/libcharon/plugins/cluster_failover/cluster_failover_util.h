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
 * @defgroup cluster_failover_util cluster_failover_util
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_UTIL_H_
#define CLUSTER_FAILOVER_UTIL_H_

#include <sa/ike_sa.h>

/**
 * Get the current time of the monotonic clock in milliseconds.
 *
 * @return			time in ms
 */
uint64_t cluster_failover_now();

/**
 * Check in an IKE_SA checked out by a job, destroying it if an operation
 * on it returned DESTROY_ME.
 *
 * @param ike_sa	IKE_SA to check in
 * @param status	status of the last operation on the IKE_SA
 */
void cluster_failover_checkin(ike_sa_t *ike_sa, status_t status);

/**
 * Matcher for linked_list_t.find_first(): whether an item of a list of
 * host_t has the IP address of the host_t passed as argument (the port is
 * ignored).
 *
 * @param item		host_t of the list
 * @param args		host_t to compare with
 * @return			TRUE if the addresses are equal
 */
bool cluster_failover_host_matches(void *item, va_list args);

#endif /** CLUSTER_FAILOVER_UTIL_H_ @}*/
