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
#include "cluster_failover_parse.h"
#include "cluster_failover_util.h"

#include <ctype.h>
#include <errno.h>

#include <daemon.h>
#include <collections/linked_list.h>
#include <networking/host.h>

ENUM(cluster_failover_order_mode_names, CF_ORDER_RANDOM, CF_ORDER_ORDERED,
	"random",
	"ordered",
);

/**
 * Default connect timeout, in ms
 */
#define DEFAULT_CONNECT_TIMEOUT 5000

/**
 * Default time to complete an establishment once the member answered, in ms
 */
#define DEFAULT_ESTABLISH_TIMEOUT 30000

/**
 * Default time the failover script may run, in ms
 */
#define DEFAULT_SCRIPT_TIMEOUT 10000

/**
 * Default heartbeat defer time, in ms
 */
#define DEFAULT_HEARTBEAT_DEFER 5000

/**
 * Default heartbeat response time, in ms
 */
#define DEFAULT_HEARTBEAT_RESPONSE 1000

/**
 * Default number of unanswered heartbeats that declare a member dead
 */
#define DEFAULT_HEARTBEAT_TRIES 2

/**
 * Default hold-down time of a failed member, in ms
 */
#define DEFAULT_HOLD_DOWN 60000

/**
 * Default interval to probe the preferred member in ordered mode, in ms
 */
#define DEFAULT_FALLBACK_INTERVAL 30000

/**
 * Default interval of data-path probes, in ms
 */
#define DEFAULT_PROBE_INTERVAL 1000

/**
 * Default number of unanswered data-path probes that fail a heartbeat
 */
#define DEFAULT_PROBE_TRIES 3

/**
 * Upper bound for counts of heartbeats and probes
 */
#define MAX_TRIES 100

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
	 * Member order
	 */
	cluster_failover_order_mode_t order;

	/**
	 * Connect timeout, in ms
	 */
	uint32_t connect_timeout;

	/**
	 * Establish timeout, in ms
	 */
	uint32_t establish_timeout;

	/**
	 * Time limit of the script, in ms
	 */
	uint32_t script_timeout;

	/**
	 * Heartbeat mode
	 */
	cluster_failover_heartbeat_mode_t heartbeat;

	/**
	 * Heartbeat defer time, in ms
	 */
	uint32_t heartbeat_defer;

	/**
	 * Heartbeat response time, in ms
	 */
	uint32_t heartbeat_response;

	/**
	 * Unanswered heartbeats that declare a member dead
	 */
	u_int heartbeat_tries;

	/**
	 * Hold-down time of failed members, in ms
	 */
	uint32_t hold_down;

	/**
	 * Interval to probe the preferred member, in ms, 0 for never
	 */
	uint32_t fallback_interval;

	/**
	 * Keep an IKE_SA with a standby member
	 */
	bool standby;

	/**
	 * Data-path probe address, NULL for none
	 */
	host_t *probe;

	/**
	 * Interval of data-path probes, in ms
	 */
	uint32_t probe_interval;

	/**
	 * Unanswered data-path probes that fail a heartbeat
	 */
	u_int probe_tries;

	/**
	 * Failover script, NULL for none
	 */
	char *script;

	/**
	 * Reference count
	 */
	refcount_t ref;
};

/**
 * Parser for the value of a key, writes a problem to err and returns FALSE
 */
typedef bool (*key_parser_t)(private_cluster_failover_cluster_t *this,
							 char *value, char *err, size_t len);

METHOD(cluster_failover_cluster_t, has_address, bool,
	private_cluster_failover_cluster_t *this, host_t *host)
{
	return this->addresses->find_first(this->addresses,
									   cluster_failover_host_matches, NULL,
									   host);
}

/**
 * Add an address to the member addresses, unless it is known already
 */
static void add_address(private_cluster_failover_cluster_t *this,
						host_t *host)
{
	if (has_address(this, host))
	{
		host->destroy(host);
	}
	else
	{
		host->set_port(host, 0);
		this->addresses->insert_last(this->addresses, host);
	}
}

/**
 * Resolve the members to their addresses
 */
static void resolve_members(private_cluster_failover_cluster_t *this,
							cluster_failover_resolve_t resolve)
{
	enumerator_t *enumerator;
	linked_list_t *resolved;
	host_t *host;
	char *member;

	enumerator = this->members->create_enumerator(this->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		host = host_create_from_string(member, 0);
		if (host)
		{
			add_address(this, host);
			continue;
		}
		resolved = linked_list_create();
		resolve(member, resolved);
		if (!resolved->get_count(resolved))
		{
			DBG1(DBG_CFG, "cluster '%s': member '%s' does not resolve, it is "
				 "skipped until the configuration is reloaded", this->name,
				 member);
		}
		while (resolved->remove_first(resolved, (void**)&host) == SUCCESS)
		{
			add_address(this, host);
		}
		resolved->destroy(resolved);
	}
	enumerator->destroy(enumerator);
}

/**
 * Matcher for configured members: the same address as host, if given,
 * else the same DNS name as member, ignoring case
 */
CALLBACK(member_matches, bool,
	char *current, va_list args)
{
	host_t *host, *other;
	char *member;
	bool match;

	VA_ARGS_VGET(args, member, host);
	if (!host)
	{
		return strcaseeq(member, current);
	}
	other = host_create_from_string(current, 0);
	match = other && host->ip_equals(host, other);
	DESTROY_IF(other);
	return match;
}

/**
 * Check if a member equals an already configured one
 */
static bool is_duplicate_member(private_cluster_failover_cluster_t *this,
								char *member, host_t *host)
{
	return this->members->find_first(this->members, member_matches, NULL,
									 member, host);
}

/**
 * Parse the list of members
 */
static bool parse_members(private_cluster_failover_cluster_t *this,
						  char *value, char *err, size_t len)
{
	enumerator_t *enumerator;
	host_t *host;
	char *member;
	bool ok = TRUE;

	enumerator = enumerator_create_token(value, ", \t", " \t");
	while (ok && enumerator->enumerate(enumerator, &member))
	{
		host = host_create_from_string(member, 0);
		if (!host && !cluster_failover_is_dns_name(member))
		{
			snprintf(err, len, "'%s' is neither an IP address nor a DNS name",
					 member);
			ok = FALSE;
		}
		else if (host && host->is_anyaddr(host))
		{
			snprintf(err, len, "'%s' is not a gateway address", member);
			ok = FALSE;
		}
		else if (is_duplicate_member(this, member, host))
		{
			snprintf(err, len, "duplicate member '%s'", member);
			ok = FALSE;
		}
		else
		{
			this->members->insert_last(this->members, strdup(member));
		}
		DESTROY_IF(host);
	}
	enumerator->destroy(enumerator);
	if (ok && !this->members->get_count(this->members))
	{
		snprintf(err, len, "no members");
		ok = FALSE;
	}
	return ok;
}

/**
 * Parse the list of bound connections
 */
static bool parse_connections(private_cluster_failover_cluster_t *this,
							  char *value, char *err, size_t len)
{
	enumerator_t *enumerator;
	char *name;
	bool ok = TRUE;

	enumerator = enumerator_create_token(value, ", \t", " \t");
	while (ok && enumerator->enumerate(enumerator, &name))
	{
		if (this->public.has_connection(&this->public, name))
		{
			snprintf(err, len, "duplicate connection '%s'", name);
			ok = FALSE;
		}
		else
		{
			this->connections->insert_last(this->connections, strdup(name));
		}
	}
	enumerator->destroy(enumerator);
	if (ok && !this->connections->get_count(this->connections))
	{
		snprintf(err, len, "no connections");
		ok = FALSE;
	}
	return ok;
}

/**
 * Parse the member order
 */
static bool parse_order(private_cluster_failover_cluster_t *this, char *value,
						char *err, size_t len)
{
	int order;

	if (!enum_from_name(cluster_failover_order_mode_names, value, &order))
	{
		snprintf(err, len, "expected random or ordered");
		return FALSE;
	}
	this->order = order;
	return TRUE;
}

/**
 * Parse the connect timeout
 */


/**
 * Parse a time that may be 0
 */
static bool parse_time_or_zero(char *value, uint32_t *ms, char *err,
							   size_t len)
{
	if (!cluster_failover_parse_time_or_zero(value, ms))
	{
		snprintf(err, len, "expected 0 or a positive time, e.g. 30s");
		return FALSE;
	}
	return TRUE;
}

/**
 * Parse a positive time
 */
static bool parse_time(char *value, uint32_t *ms, char *err, size_t len)
{
	if (!cluster_failover_parse_time(value, ms))
	{
		snprintf(err, len, "expected a positive time, e.g. 5s or 500ms");
		return FALSE;
	}
	return TRUE;
}

/**
 * Parse a count from 1 to MAX_TRIES
 */
static bool parse_tries(char *value, u_int *tries, char *err, size_t len)
{
	char *end;
	long num;

	errno = 0;
	num = strtol(value, &end, 10);
	if (!isdigit(*value) || *end || errno || num < 1 || num > MAX_TRIES)
	{
		snprintf(err, len, "expected a number from 1 to %d", MAX_TRIES);
		return FALSE;
	}
	*tries = num;
	return TRUE;
}

static bool parse_connect_timeout(private_cluster_failover_cluster_t *this,
								  char *value, char *err, size_t len)
{
	return parse_time(value, &this->connect_timeout, err, len);
}

static bool parse_establish_timeout(private_cluster_failover_cluster_t *this,
									char *value, char *err, size_t len)
{
	return parse_time(value, &this->establish_timeout, err, len);
}

static bool parse_script_timeout(private_cluster_failover_cluster_t *this,
								 char *value, char *err, size_t len)
{
	return parse_time(value, &this->script_timeout, err, len);
}

static bool parse_heartbeat(private_cluster_failover_cluster_t *this,
							char *value, char *err, size_t len)
{
	int mode;

	if (!enum_from_name(cluster_failover_heartbeat_mode_names, value, &mode))
	{
		snprintf(err, len, "expected none, deferred or instant");
		return FALSE;
	}
	this->heartbeat = mode;
	return TRUE;
}

static bool parse_heartbeat_defer(private_cluster_failover_cluster_t *this,
								  char *value, char *err, size_t len)
{
	return parse_time(value, &this->heartbeat_defer, err, len);
}

static bool parse_heartbeat_response(private_cluster_failover_cluster_t *this,
									 char *value, char *err, size_t len)
{
	return parse_time(value, &this->heartbeat_response, err, len);
}

static bool parse_heartbeat_tries(private_cluster_failover_cluster_t *this,
								  char *value, char *err, size_t len)
{
	return parse_tries(value, &this->heartbeat_tries, err, len);
}

static bool parse_hold_down(private_cluster_failover_cluster_t *this,
							char *value, char *err, size_t len)
{
	return parse_time_or_zero(value, &this->hold_down, err, len);
}

static bool parse_fallback_interval(private_cluster_failover_cluster_t *this,
									char *value, char *err, size_t len)
{
	return parse_time_or_zero(value, &this->fallback_interval, err, len);
}

static bool parse_standby(private_cluster_failover_cluster_t *this,
						  char *value, char *err, size_t len)
{
	if (settings_value_as_bool(value, TRUE) !=
		settings_value_as_bool(value, FALSE))
	{
		snprintf(err, len, "expected yes or no");
		return FALSE;
	}
	this->standby = settings_value_as_bool(value, FALSE);
	return TRUE;
}

static bool parse_probe(private_cluster_failover_cluster_t *this,
						char *value, char *err, size_t len)
{
	this->probe = host_create_from_string(value, 0);
	if (!this->probe || this->probe->is_anyaddr(this->probe))
	{
		snprintf(err, len, "expected an IP address");
		return FALSE;
	}
	return TRUE;
}

static bool parse_probe_interval(private_cluster_failover_cluster_t *this,
								 char *value, char *err, size_t len)
{
	return parse_time(value, &this->probe_interval, err, len);
}

static bool parse_probe_tries(private_cluster_failover_cluster_t *this,
							  char *value, char *err, size_t len)
{
	return parse_tries(value, &this->probe_tries, err, len);
}

static bool parse_script(private_cluster_failover_cluster_t *this,
						 char *value, char *err, size_t len)
{
	if (*value != '/')
	{
		snprintf(err, len, "expected an absolute path");
		return FALSE;
	}
	this->script = strdup(value);
	return TRUE;
}

/**
 * Known keys of a cluster section and their parsers
 */
static const struct {
	char *key;
	key_parser_t parse;
	bool required;
} keys[] = {
	{ "members",			parse_members,			TRUE },
	{ "connections",		parse_connections,		TRUE },
	{ "order",				parse_order,			FALSE },
	{ "connect_timeout",	parse_connect_timeout,	FALSE },
	{ "establish_timeout",	parse_establish_timeout,	FALSE },
	{ "heartbeat",			parse_heartbeat,		FALSE },
	{ "heartbeat_defer",	parse_heartbeat_defer,	FALSE },
	{ "heartbeat_response",	parse_heartbeat_response,	FALSE },
	{ "heartbeat_tries",	parse_heartbeat_tries,	FALSE },
	{ "hold_down",			parse_hold_down,		FALSE },
	{ "fallback_interval",	parse_fallback_interval,	FALSE },
	{ "standby",			parse_standby,			FALSE },
	{ "probe",				parse_probe,			FALSE },
	{ "probe_interval",		parse_probe_interval,	FALSE },
	{ "probe_tries",		parse_probe_tries,		FALSE },
	{ "script",				parse_script,			FALSE },
	{ "script_timeout",		parse_script_timeout,	FALSE },
};

/**
 * Read and check all keys of the cluster section, log the first problem
 */
static bool parse(private_cluster_failover_cluster_t *this,
				  settings_t *settings, const char *ns)
{
	enumerator_t *enumerator;
	char *key, *value, err[256];
	bool seen[countof(keys)] = {}, ok = TRUE;
	int i;

	enumerator = settings->create_key_value_enumerator(settings,
								CLUSTER_SECTION ".%s", ns, this->name);
	while (ok && enumerator->enumerate(enumerator, &key, &value))
	{
		for (i = 0; i < countof(keys); i++)
		{
			if (streq(key, keys[i].key))
			{
				break;
			}
		}
		if (i == countof(keys))
		{
			DBG1(DBG_CFG, "cluster '%s': unknown key " CLUSTER_SECTION
				 ".%s.%s, ignored", this->name, ns, this->name, key);
			continue;
		}
		seen[i] = TRUE;
		ok = keys[i].parse(this, value, err, sizeof(err));
		if (!ok)
		{
			DBG1(DBG_CFG, "cluster '%s': invalid " CLUSTER_SECTION ".%s.%s = "
				 "'%s': %s, cluster ignored", this->name, ns, this->name, key,
				 value, err);
		}
	}
	enumerator->destroy(enumerator);

	enumerator = settings->create_section_enumerator(settings,
								CLUSTER_SECTION ".%s", ns, this->name);
	while (enumerator->enumerate(enumerator, &key))
	{
		DBG1(DBG_CFG, "cluster '%s': unknown section " CLUSTER_SECTION
			 ".%s.%s, ignored", this->name, ns, this->name, key);
	}
	enumerator->destroy(enumerator);

	if (!ok)
	{
		return FALSE;
	}
	for (i = 0; i < countof(keys); i++)
	{
		if (keys[i].required && !seen[i])
		{
			DBG1(DBG_CFG, "cluster '%s': missing " CLUSTER_SECTION ".%s.%s, "
				 "cluster ignored", this->name, ns, this->name, keys[i].key);
			return FALSE;
		}
	}
	return TRUE;
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
	return this->order;
}

METHOD(cluster_failover_cluster_t, get_connect_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->connect_timeout;
}

METHOD(cluster_failover_cluster_t, get_establish_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->establish_timeout;
}

METHOD(cluster_failover_cluster_t, get_script_timeout, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->script_timeout;
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
					   this->order, this->connect_timeout,
					   cluster_failover_heartbeat_mode_names, this->heartbeat);
	pos += min(written, len - 1);
	len -= min(written, len - 1);
	if (this->heartbeat != CF_HEARTBEAT_NONE)
	{
		written = snprintf(pos, len, " (defer %ums, response %ums, %u tries)",
						   this->heartbeat_defer, this->heartbeat_response,
						   this->heartbeat_tries);
		pos += min(written, len - 1);
		len -= min(written, len - 1);
	}
	if (this->probe)
	{
		written = snprintf(pos, len, ", probe %H every %ums, %u tries",
						   this->probe, this->probe_interval,
						   this->probe_tries);
		pos += min(written, len - 1);
		len -= min(written, len - 1);
	}
	written = snprintf(pos, len, "%s, connections ",
					   this->standby ? ", standby" : "");
	pos += min(written, len - 1);
	len -= min(written, len - 1);
	print_list(this->connections, &pos, &len);
	return buf;
}

METHOD(cluster_failover_cluster_t, get_heartbeat,
	cluster_failover_heartbeat_mode_t, private_cluster_failover_cluster_t *this)
{
	return this->heartbeat;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_defer, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->heartbeat_defer;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_response, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->heartbeat_response;
}

METHOD(cluster_failover_cluster_t, get_heartbeat_tries, u_int,
	private_cluster_failover_cluster_t *this)
{
	return this->heartbeat_tries;
}

METHOD(cluster_failover_cluster_t, get_hold_down, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->hold_down;
}

METHOD(cluster_failover_cluster_t, get_fallback_interval, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->order == CF_ORDER_ORDERED ? this->fallback_interval : 0;
}

METHOD(cluster_failover_cluster_t, get_standby, bool,
	private_cluster_failover_cluster_t *this)
{
	return this->standby;
}

METHOD(cluster_failover_cluster_t, get_probe, host_t*,
	private_cluster_failover_cluster_t *this)
{
	return this->probe;
}

METHOD(cluster_failover_cluster_t, get_probe_interval, uint32_t,
	private_cluster_failover_cluster_t *this)
{
	return this->probe_interval;
}

METHOD(cluster_failover_cluster_t, get_probe_tries, u_int,
	private_cluster_failover_cluster_t *this)
{
	return this->probe_tries;
}

METHOD(cluster_failover_cluster_t, get_script, char*,
	private_cluster_failover_cluster_t *this)
{
	return this->script;
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
		DESTROY_IF(this->probe);
		free(this->script);
		free(this->name);
		free(this);
	}
}

/*
 * Described in header
 */
cluster_failover_cluster_t *cluster_failover_cluster_create(
						settings_t *settings, const char *ns, char *name,
						cluster_failover_resolve_t resolve)
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
		.members = linked_list_create(),
		.addresses = linked_list_create(),
		.connections = linked_list_create(),
		.order = CF_ORDER_RANDOM,
		.connect_timeout = DEFAULT_CONNECT_TIMEOUT,
		.establish_timeout = DEFAULT_ESTABLISH_TIMEOUT,
		.script_timeout = DEFAULT_SCRIPT_TIMEOUT,
		.heartbeat = CF_HEARTBEAT_NONE,
		.heartbeat_defer = DEFAULT_HEARTBEAT_DEFER,
		.heartbeat_response = DEFAULT_HEARTBEAT_RESPONSE,
		.heartbeat_tries = DEFAULT_HEARTBEAT_TRIES,
		.hold_down = DEFAULT_HOLD_DOWN,
		.fallback_interval = DEFAULT_FALLBACK_INTERVAL,
		.probe_interval = DEFAULT_PROBE_INTERVAL,
		.probe_tries = DEFAULT_PROBE_TRIES,
		.ref = 1,
	);

	if (!parse(this, settings, ns))
	{
		destroy(this);
		return NULL;
	}
	resolve_members(this, resolve ?: cluster_failover_resolve_dns);
	return &this->public;
}
