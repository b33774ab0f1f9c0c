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
 * The virtual IPs a connection keeps across a move to another member.
 */

#include "cluster_failover_vips.h"

#include <daemon.h>

/*
 * Described in header
 */
linked_list_t *cluster_failover_vips_collect(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	linked_list_t *vips;
	host_t *vip;

	vips = linked_list_create();
	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, TRUE);
	while (enumerator->enumerate(enumerator, &vip))
	{
		vips->insert_last(vips, vip->clone(vip));
	}
	enumerator->destroy(enumerator);
	if (!vips->get_count(vips))
	{
		vips->destroy(vips);
		return NULL;
	}
	return vips;
}

/*
 * Described in header
 */
linked_list_t *cluster_failover_vips_clone(linked_list_t *vips)
{
	return vips ? vips->clone_offset(vips, offsetof(host_t, clone)) : NULL;
}

/*
 * Described in header
 */
void cluster_failover_vips_destroy(linked_list_t *vips)
{
	if (vips)
	{
		vips->destroy_offset(vips, offsetof(host_t, destroy));
	}
}

/*
 * Described in header
 */
void cluster_failover_vips_request(ike_sa_t *ike_sa, linked_list_t *vips)
{
	enumerator_t *enumerator;
	host_t *vip;

	if (!vips)
	{
		return;
	}
	enumerator = vips->create_enumerator(vips);
	while (enumerator->enumerate(enumerator, &vip))
	{
		DBG1(DBG_IKE, "cluster-failover: asking for virtual IP %H again for "
			 "'%s'", vip, ike_sa->get_name(ike_sa));
		ike_sa->add_virtual_ip(ike_sa, TRUE, vip);
	}
	enumerator->destroy(enumerator);
}

CALLBACK(host_equals, bool,
	host_t *a, va_list args)
{
	host_t *b;

	VA_ARGS_VGET(args, b);
	return a->ip_equals(a, b);
}

/*
 * Described in header
 */
bool cluster_failover_vips_kept(linked_list_t *requested,
								linked_list_t *granted)
{
	enumerator_t *enumerator;
	host_t *vip;
	bool kept = TRUE;

	if (!requested)
	{
		return TRUE;
	}
	enumerator = requested->create_enumerator(requested);
	while (kept && enumerator->enumerate(enumerator, &vip))
	{
		kept = granted && granted->find_first(granted, host_equals, NULL,
											  vip);
	}
	enumerator->destroy(enumerator);
	return kept;
}

/*
 * Described in header
 */
char *cluster_failover_vips_print(linked_list_t *vips, char *buf, size_t len)
{
	enumerator_t *enumerator;
	host_t *vip;
	char *pos = buf;
	int written;

	snprintf(buf, len, "none");
	if (!vips || !vips->get_count(vips))
	{
		return buf;
	}
	enumerator = vips->create_enumerator(vips);
	while (len > 1 && enumerator->enumerate(enumerator, &vip))
	{
		written = snprintf(pos, len, "%s%H", pos == buf ? "" : ",", vip);
		written = min(written, (int)len - 1);
		pos += written;
		len -= written;
	}
	enumerator->destroy(enumerator);
	return buf;
}
