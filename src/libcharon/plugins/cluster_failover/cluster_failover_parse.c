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

#include "cluster_failover_parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <sys/socket.h>

#include <utils/debug.h>
#include <networking/host.h>

/**
 * Parse a time with an optional unit into ms, zero only if allowed
 */
static bool parse_time_value(char *value, uint32_t *ms, bool zero)
{
	static const struct {
		char *unit;
		double factor;
	} units[] = {
		{ "",	1000 },
		{ "ms",	1 },
		{ "s",	1000 },
		{ "m",	60 * 1000 },
		{ "h",	3600 * 1000 },
		{ "d",	86400 * 1000 },
	};
	char *end;
	double num;
	int i;

	if (!value || !(isdigit(*value) || *value == '.'))
	{
		return FALSE;
	}
	errno = 0;
	num = strtod(value, &end);
	if (end == value || errno || !isfinite(num) ||
		strspn(value, "0123456789.") != end - value)
	{	/* decimal numbers only, no exponents or hexadecimal */
		return FALSE;
	}
	while (isspace(*end))
	{
		end++;
	}
	for (i = 0; i < countof(units); i++)
	{
		if (streq(end, units[i].unit))
		{
			num *= units[i].factor;
			if ((num < 1 && !(zero && num == 0)) || num > UINT32_MAX)
			{
				return FALSE;
			}
			*ms = (uint32_t)(num + 0.5);
			return TRUE;
		}
	}
	return FALSE;
}

/*
 * Described in header
 */
bool cluster_failover_parse_time(char *value, uint32_t *ms)
{
	return parse_time_value(value, ms, FALSE);
}

/*
 * Described in header
 */
bool cluster_failover_parse_time_or_zero(char *value, uint32_t *ms)
{
	return parse_time_value(value, ms, TRUE);
}

/*
 * Described in header
 */
bool cluster_failover_is_dns_name(char *name)
{
	char *label = name, *pos;
	bool numeric = TRUE, last_numeric = TRUE;
	size_t len;

	if (!name || !*name || strlen(name) > 253)
	{
		return FALSE;
	}
	for (pos = name; ; pos++)
	{
		if (*pos == '.' || *pos == '\0')
		{
			len = pos - label;
			if (len == 0 && *pos == '\0' && label != name)
			{	/* a single trailing dot makes the name absolute */
				break;
			}
			if (len == 0 || len > 63 || *label == '-' || pos[-1] == '-')
			{
				return FALSE;
			}
			last_numeric = numeric;
			if (*pos == '\0')
			{
				break;
			}
			label = pos + 1;
			numeric = TRUE;
			continue;
		}
		if (!isalnum(*pos) && *pos != '-')
		{
			return FALSE;
		}
		if (!isdigit(*pos))
		{
			numeric = FALSE;
		}
	}
	/* an all-numeric top-level label is a mistyped IPv4 address */
	return !last_numeric;
}

/*
 * Described in header
 */
int cluster_failover_resolve_dns(char *name, linked_list_t *hosts)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
	}, *result, *ai;
	host_t *host;
	int error;

	error = getaddrinfo(name, NULL, &hints, &result);
	if (error)
	{
		return error;
	}
	for (ai = result; ai; ai = ai->ai_next)
	{
		host = host_create_from_sockaddr(ai->ai_addr);
		if (host)
		{
			hosts->insert_last(hosts, host);
		}
	}
	freeaddrinfo(result);
	return 0;
}
