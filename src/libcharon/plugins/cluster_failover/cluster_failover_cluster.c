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

#include "cluster_failover_cluster.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <collections/linked_list.h>
#include <networking/host.h>

ENUM(cluster_failover_order_mode_names, CF_ORDER_RANDOM, CF_ORDER_ORDERED,
	"random",
	"ordered",
);

typedef struct private_cluster_failover_cluster_t
		private_cluster_failover_cluster_t;

/**
 * Private data of a cluster_failover_cluster_t object.
 */
struct private_cluster_failover_cluster_t {

	/**
	 * Public interface
	 */
	cluster_failover_cluster_t public;

	/**
	 * Name of the cluster
	 */
	char *name;

	/**
	 * Configured members, as char*
	 */
	linked_list_t *members;

	/**
	 * Addresses of the members, as host_t*
	 */
	linked_list_t *addresses;

	/**
	 * Bound connections, as char*
	 */
	linked_list_t *connections;

	/**
	 * The other settings
	 */
	cluster_failover_cluster_values_t values;

	/**
	 * Reference count
	 */
	refcount_t ref;
};

METHOD(cluster_failover_cluster_t, has_address, bool,
	private_cluster_failover_cluster_t *this, host_t *host)
{
	return this->addresses->find_first(this->addresses,
									   cluster_failover_host_matches, NULL,
									   host);
}

METHOD(cluster_failover_cluster_t, get_name, char*,
	private_cluster_failover_cluster_t *this)
{
	return this->name;
}

METHOD(cluster_failover_cluster_t, create_member_enumerator, enumerator_t*,
	private_cluster_failover_cluster_t *this)
{
	return this->members->create_enumerator(this->members);
}

METHOD(cluster_failover_cluster_t, get_member_count, int,
	private_cluster_failover_cluster_t *this)
{
	return this->members->get_count(this->members);
}

METHOD(cluster_failover_cluster_t, get_addresses, linked_list_t*,
	private_cluster_failover_cluster_t *this)
{
	return this->addresses;
}

METHOD(cluster_failover_cluster_t, create_connection_enumerator, enumerator_t*,
	private_cluster_failover_cluster_t *this)
{
	return this->connections->create_enumerator(this->connections);
}

METHOD(cluster_failover_cluster_t, has_connection, bool,
	private_cluster_failover_cluster_t *this, char *name)
{
	return this->connections->find_first(this->connections,
										 linked_list_match_str, NULL, name);
}

METHOD(cluster_failover_cluster_t, get_order, cluster_failover_order_mode_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.order;
}

METHOD(cluster_failover_cluster_t, get_connect_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.connect_timeout;
}

METHOD(cluster_failover_cluster_t, get_establish_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.establish_timeout;
}

METHOD(cluster_failover_cluster_t, get_script_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.script_timeout;
}

/**
 * Append a list of strings to a buffer
 */
static void print_list(linked_list_t *list, char **pos, size_t *len)
{
	enumerator_t *enumerator;
	char *item;
	int written;
	bool first = TRUE;

	enumerator = list->create_enumerator(list);
	while (*len > 1 && enumerator->enumerate(enumerator, &item))
	{
		written = snprintf(*pos, *len, "%s%s", first ? "" : ", ", item);
		written = min(written, *len - 1);
		*pos += written;
		*len -= written;
		first = FALSE;
	}
	enumerator->destroy(enumerator);
}

METHOD(cluster_failover_cluster_t, describe, char*,
	private_cluster_failover_cluster_t *this, char *buf, size_t len)
{
	char *pos = buf;
	int written;

	written = snprintf(pos, len, "members ");
	pos += min(written, len - 1);
	len -= min(written, len - 1);
	print_list(this->members, &pos, &len);
	written = snprintf(pos, len, ", order %N, connect_timeout %ums, "
					   "heartbeat %N", cluster_failover_order_mode_names,
					   this->values.order, this->values.connect_timeout,
					   cluster_failover_heartbeat_mode_names,
					   this->values.heartbeat);
	pos += min(written, len - 1);
	len -= min(written, len - 1);
	if (this->values.heartbeat != CF_HEARTBEAT_NONE)
	{
		written = snprintf(pos, len, " (defer %ums, response %ums, %u tries)",
						   this->values.heartbeat_defer,
						   this->values.heartbeat_response,
						   this->values.heartbeat_tries);
		pos += min(written, len - 1);
		len -= min(written, len - 1);
	}
	if (this->values.probe)
	{
		written = snprintf(pos, len, ", probe %H every %ums, %u tries",
						   this->values.probe, this->values.probe_interval,
						   this->values.probe_tries);
		pos += min(written, len - 1);
		len -= min(written, len - 1);
	}
	written = snprintf(pos, len, "%s, connections ",
					   this->values.standby ? ", standby" : "");
	pos += min(written, len - 1);
	len -= min(written, len - 1);
	print_list(this->connections, &pos, &len);
	return buf;
}

METHOD(cluster_failover_cluster_t, get_heartbeat,
	cluster_failover_heartbeat_mode_t, private_cluster_failover_cluster_t *this)
{
	return this->values.heartbeat;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_defer, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.heartbeat_defer;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_response, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.heartbeat_response;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_tries, u_int,
	private_cluster_failover_cluster_t *this)
{
	return this->values.heartbeat_tries;
}

METHOD(cluster_failover_cluster_t, get_hold_down, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.hold_down;
}

METHOD(cluster_failover_cluster_t, get_fallback_interval, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.order == CF_ORDER_ORDERED ?
										this->values.fallback_interval : 0;
}

METHOD(cluster_failover_cluster_t, get_standby, bool,
	private_cluster_failover_cluster_t *this)
{
	return this->values.standby;
}

METHOD(cluster_failover_cluster_t, get_keep_virtual_ip, bool,
	private_cluster_failover_cluster_t *this)
{
	return this->values.keep_virtual_ip;
}

METHOD(cluster_failover_cluster_t, get_probe, host_t*,
	private_cluster_failover_cluster_t *this)
{
	return this->values.probe;
}

METHOD(cluster_failover_cluster_t, get_probe_interval, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->values.probe_interval;
}

METHOD(cluster_failover_cluster_t, get_probe_tries, u_int,
	private_cluster_failover_cluster_t *this)
{
	return this->values.probe_tries;
}

METHOD(cluster_failover_cluster_t, get_script, char*,
	private_cluster_failover_cluster_t *this)
{
	return this->values.script;
}

METHOD(cluster_failover_cluster_t, get_ref, cluster_failover_cluster_t*,
	private_cluster_failover_cluster_t *this)
{
	ref_get(&this->ref);
	return &this->public;
}

METHOD(cluster_failover_cluster_t, destroy, void,
	private_cluster_failover_cluster_t *this)
{
	if (ref_put(&this->ref))
	{
		this->members->destroy_function(this->members, free);
		this->addresses->destroy_offset(this->addresses,
										offsetof(host_t, destroy));
		this->connections->destroy_function(this->connections, free);
		DESTROY_IF(this->values.probe);
		free(this->values.script);
		free(this->name);
		free(this);
	}
}

/*
 * Described in header
 */
cluster_failover_cluster_t *cluster_failover_cluster_create(char *name,
						linked_list_t *members, linked_list_t *addresses,
						linked_list_t *connections,
						cluster_failover_cluster_values_t *values)
{
	private_cluster_failover_cluster_t *this;

	INIT(this,
		.public = {
			.get_name = _get_name,
			.create_member_enumerator = _create_member_enumerator,
			.get_member_count = _get_member_count,
			.get_addresses = _get_addresses,
			.has_address = _has_address,
			.create_connection_enumerator = _create_connection_enumerator,
			.has_connection = _has_connection,
			.get_order = _get_order,
			.get_connect_timeout = _get_connect_timeout,
			.get_establish_timeout = _get_establish_timeout,
			.get_heartbeat = _get_heartbeat,
			.get_heartbeat_defer = _get_heartbeat_defer,
			.get_heartbeat_response = _get_heartbeat_response,
			.get_heartbeat_tries = _get_heartbeat_tries,
			.get_hold_down = _get_hold_down,
			.get_fallback_interval = _get_fallback_interval,
			.get_standby = _get_standby,
			.get_keep_virtual_ip = _get_keep_virtual_ip,
			.get_probe = _get_probe,
			.get_probe_interval = _get_probe_interval,
			.get_probe_tries = _get_probe_tries,
			.get_script = _get_script,
			.get_script_timeout = _get_script_timeout,
			.describe = _describe,
			.get_ref = _get_ref,
			.destroy = _destroy,
		},
		.name = strdup(name),
		.members = members,
		.addresses = addresses,
		.connections = connections,
		.values = *values,
		.ref = 1,
	);

	return &this->public;
}
