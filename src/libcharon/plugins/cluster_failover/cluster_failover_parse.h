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
 * @defgroup cluster_failover_parse cluster_failover_parse
 * @{ @ingroup cluster_failover
 *
 * Parsers of the values in the cluster definitions, independent of where
 * the definitions come from: times with units, DNS names of members and
 * their resolution.
 */

#ifndef CLUSTER_FAILOVER_PARSE_H_
#define CLUSTER_FAILOVER_PARSE_H_

#include <library.h>
#include <collections/linked_list.h>

/**
 * Parse a time value with an optional unit.
 *
 * Accepts strongSwan's time syntax (a number followed by s, m, h or d;
 * seconds without unit) plus ms, and fractions, e.g. "1.5s" or "500ms".
 *
 * @param value		string to parse
 * @param ms		parsed time in milliseconds
 * @return			TRUE if the value is a valid, positive time
 */
bool cluster_failover_parse_time(char *value, uint32_t *ms);

/**
 * Parse a time value like cluster_failover_parse_time(), but accept zero
 * (e.g. "0" or "0s"), for the times that zero switches off.
 *
 * @param value		string to parse
 * @param ms		parsed time in milliseconds
 * @return			TRUE if the value is a valid time, zero included
 */
bool cluster_failover_parse_time_or_zero(char *value, uint32_t *ms);

/**
 * Check if a string is a syntactically valid DNS name.
 *
 * @param name		string to check
 * @return			TRUE if name is a valid host name
 */
bool cluster_failover_is_dns_name(char *name);

/**
 * Resolve a DNS name to all of its A and AAAA records, with getaddrinfo().
 *
 * @param name		DNS name
 * @param hosts		list to append the addresses to, as host_t*
 * @return			0 on success, else the getaddrinfo() error (EAI_*)
 */
int cluster_failover_resolve_dns(char *name, linked_list_t *hosts);

#endif /** CLUSTER_FAILOVER_PARSE_H_ @}*/
