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

#include "cluster_failover_cluster_parser.h"
#include "cluster_failover_parse.h"
#include "cluster_failover_util.h"

#include <ctype.h>
#include <errno.h>

#include <daemon.h>

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

/**
 * A cluster being parsed
 */
typedef struct {

	/**
	 * Name of the cluster
	 */
	char *name;

	/**
	 * File the cluster is defined in, for the logs, NULL for strongswan.conf
	 */
	char *file;

	/**
	 * Configured members, as char*
	 */
	linked_list_t *members;

	/**
	 * Bound connections, as char*
	 */
	linked_list_t *connections;

	/**
	 * The other settings, defaults until their key is parsed
	 */
	cluster_failover_cluster_values_t values;

} parsed_t;

/**
 * Kinds of values of the keys
 */
typedef enum {
	/** list of members */
	KEY_MEMBERS,
	/** list of connections */
	KEY_CONNECTIONS,
	/** member order */
	KEY_ORDER,
	/** heartbeat mode */
	KEY_HEARTBEAT,
	/** positive time, uint32_t */
	KEY_TIME,
	/** time that may be 0, uint32_t */
	KEY_TIME_OR_ZERO,
	/** count from 1 to MAX_TRIES, u_int */
	KEY_TRIES,
	/** yes or no, bool */
	KEY_BOOL,
	/** IP address, host_t* */
	KEY_ADDRESS,
	/** absolute path, char* */
	KEY_PATH,
} key_kind_t;

/**
 * Known keys of a cluster section, the kind of their value and where it
 * goes in cluster_failover_cluster_values_t
 */
static const struct {
	char *key;
	key_kind_t kind;
	size_t offset;
	bool required;
} keys[] = {
#define V(field) offsetof(cluster_failover_cluster_values_t, field)
	{ "members",			KEY_MEMBERS,		0,		TRUE },
	{ "connections",		KEY_CONNECTIONS,	0,		TRUE },
	{ "order",				KEY_ORDER,			V(order),		FALSE },
	{ "connect_timeout",	KEY_TIME,		V(connect_timeout),		FALSE },
	{ "establish_timeout",	KEY_TIME,		V(establish_timeout),	FALSE },
	{ "heartbeat",			KEY_HEARTBEAT,		V(heartbeat),	FALSE },
	{ "heartbeat_defer",	KEY_TIME,		V(heartbeat_defer),		FALSE },
	{ "heartbeat_response",	KEY_TIME,		V(heartbeat_response),	FALSE },
	{ "heartbeat_tries",	KEY_TRIES,		V(heartbeat_tries),		FALSE },
	{ "hold_down",			KEY_TIME_OR_ZERO,	V(hold_down),	FALSE },
	{ "fallback_interval",	KEY_TIME_OR_ZERO, V(fallback_interval), FALSE },
	{ "standby",			KEY_BOOL,			V(standby),		FALSE },
	{ "keep_virtual_ip",	KEY_BOOL,		V(keep_virtual_ip),		FALSE },
	{ "probe",				KEY_ADDRESS,		V(probe),		FALSE },
	{ "probe_interval",		KEY_TIME,		V(probe_interval),		FALSE },
	{ "probe_tries",		KEY_TRIES,		V(probe_tries),			FALSE },
	{ "script",				KEY_PATH,			V(script),		FALSE },
	{ "script_timeout",		KEY_TIME,		V(script_timeout),		FALSE },
#undef V
};

/**
 * Arguments for "%s%s" naming the file of a cluster in the logs
 */
#define IN_FILE(this) (this)->file ? " in " : "", (this)->file ?: ""

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
 * Parse the list of members
 */
static bool parse_members(parsed_t *this, char *value, char *err, size_t len)
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
		else if (this->members->find_first(this->members, member_matches,
										   NULL, member, host))
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
static bool parse_connections(parsed_t *this, char *value, char *err,
							  size_t len)
{
	enumerator_t *enumerator;
	char *name;
	bool ok = TRUE;

	enumerator = enumerator_create_token(value, ", \t", " \t");
	while (ok && enumerator->enumerate(enumerator, &name))
	{
		if (this->connections->find_first(this->connections,
										  linked_list_match_str, NULL, name))
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
 * Parse a count from 1 to MAX_TRIES
 */
static bool parse_tries(char *value, u_int *tries)
{
	char *end;
	long num;

	errno = 0;
	num = strtol(value, &end, 10);
	if (!isdigit(*value) || *end || errno || num < 1 || num > MAX_TRIES)
	{
		return FALSE;
	}
	*tries = num;
	return TRUE;
}

/**
 * Parse the name of a member order
 */
static bool parse_order(char *value, cluster_failover_order_mode_t *field)
{
	int found;

	if (!enum_from_name(cluster_failover_order_mode_names, value, &found))
	{
		return FALSE;
	}
	*field = found;
	return TRUE;
}

/**
 * Parse the name of a heartbeat mode
 */
static bool parse_heartbeat(char *value,
							cluster_failover_heartbeat_mode_t *field)
{
	int found;

	if (!enum_from_name(cluster_failover_heartbeat_mode_names, value, &found))
	{
		return FALSE;
	}
	*field = found;
	return TRUE;
}

/**
 * Parse yes or no
 */
static bool parse_bool(char *value, bool *field)
{
	if (settings_value_as_bool(value, TRUE) !=
		settings_value_as_bool(value, FALSE))
	{
		return FALSE;
	}
	*field = settings_value_as_bool(value, FALSE);
	return TRUE;
}

/**
 * Parse an IP address other than %any
 */
static bool parse_address(char *value, host_t **field)
{
	*field = host_create_from_string(value, 0);
	return *field && !(*field)->is_anyaddr(*field);
}

/**
 * Parse an absolute path
 */
static bool parse_path(char *value, char **field)
{
	if (*value != '/')
	{
		return FALSE;
	}
	*field = strdup(value);
	return TRUE;
}

/**
 * What a value of each kind is expected to be, for the error; the tries
 * are given with their bound
 */
static const char *expected[] = {
	[KEY_ORDER] = "random or ordered",
	[KEY_HEARTBEAT] = "none, deferred or instant",
	[KEY_TIME] = "a positive time, e.g. 5s or 500ms",
	[KEY_TIME_OR_ZERO] = "0 or a positive time, e.g. 30s",
	[KEY_BOOL] = "yes or no",
	[KEY_ADDRESS] = "an IP address",
	[KEY_PATH] = "an absolute path",
};

/**
 * Parse a value of a kind other than the lists into its field
 */
static bool parse_field(key_kind_t kind, char *value, void *field)
{
	switch (kind)
	{
		case KEY_ORDER:
			return parse_order(value, field);
		case KEY_HEARTBEAT:
			return parse_heartbeat(value, field);
		case KEY_TIME:
			return cluster_failover_parse_time(value, field);
		case KEY_TIME_OR_ZERO:
			return cluster_failover_parse_time_or_zero(value, field);
		case KEY_TRIES:
			return parse_tries(value, field);
		case KEY_BOOL:
			return parse_bool(value, field);
		case KEY_ADDRESS:
			return parse_address(value, field);
		case KEY_PATH:
			return parse_path(value, field);
		default:
			return FALSE;
	}
}

/**
 * Parse the value of a key into this, write the problem to err if it is
 * invalid
 */
static bool parse_value(parsed_t *this, int i, char *value, char *err,
						size_t len)
{
	switch (keys[i].kind)
	{
		case KEY_MEMBERS:
			return parse_members(this, value, err, len);
		case KEY_CONNECTIONS:
			return parse_connections(this, value, err, len);
		default:
			break;
	}
	if (parse_field(keys[i].kind, value,
					(char*)&this->values + keys[i].offset))
	{
		return TRUE;
	}
	if (keys[i].kind == KEY_TRIES)
	{
		snprintf(err, len, "expected a number from 1 to %d", MAX_TRIES);
	}
	else
	{
		snprintf(err, len, "expected %s", expected[keys[i].kind]);
	}
	return FALSE;
}

/**
 * Find a known key, -1 if unknown
 */
static int find_key(char *key)
{
	int i;

	for (i = 0; i < countof(keys); i++)
	{
		if (streq(key, keys[i].key))
		{
			return i;
		}
	}
	return -1;
}

/**
 * Read and check the keys of the section until the first problem, which
 * is logged
 */
static bool parse_keys(parsed_t *this, settings_t *settings, char *parent,
					   char *section, bool *seen)
{
	enumerator_t *enumerator;
	char *key, *value, err[256];
	bool ok = TRUE;
	int i;

	enumerator = settings->create_key_value_enumerator(settings, section,
													   this->name);
	while (ok && enumerator->enumerate(enumerator, &key, &value))
	{
		i = find_key(key);
		if (i < 0)
		{
			DBG1(DBG_CFG, "cluster '%s'%s%s: unknown key %s.%s.%s, ignored",
				 this->name, IN_FILE(this), parent, this->name, key);
			continue;
		}
		seen[i] = TRUE;
		ok = parse_value(this, i, value, err, sizeof(err));
		if (!ok)
		{
			DBG1(DBG_CFG, "cluster '%s'%s%s: invalid %s.%s.%s = '%s': %s, "
				 "cluster ignored", this->name, IN_FILE(this), parent,
				 this->name, key, value, err);
		}
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * Read and check all keys of the cluster section, log the first problem
 */
static bool parse(parsed_t *this, settings_t *settings, char *parent)
{
	enumerator_t *enumerator;
	bool seen[countof(keys)] = {}, ok;
	char *key, section[BUF_LEN];
	int i;

	/* the name goes in as an argument, it may hold anything */
	snprintf(section, sizeof(section), "%s.%%s", parent);
	ok = parse_keys(this, settings, parent, section, seen);

	enumerator = settings->create_section_enumerator(settings, section,
													 this->name);
	while (enumerator->enumerate(enumerator, &key))
	{
		DBG1(DBG_CFG, "cluster '%s'%s%s: unknown section %s.%s.%s, ignored",
			 this->name, IN_FILE(this), parent, this->name, key);
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
			DBG1(DBG_CFG, "cluster '%s'%s%s: missing %s.%s.%s, cluster "
				 "ignored", this->name, IN_FILE(this), parent, this->name,
				 keys[i].key);
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Add an address to the member addresses, unless it is known already
 */
static void add_address(linked_list_t *addresses, host_t *host)
{
	if (addresses->find_first(addresses, cluster_failover_host_matches, NULL,
							  host))
	{
		host->destroy(host);
	}
	else
	{
		host->set_port(host, 0);
		addresses->insert_last(addresses, host);
	}
}

/**
 * Collect the addresses of the members given as IP addresses; DNS names are
 * resolved at each key request by cluster_failover_resolver
 */
static linked_list_t *member_addresses(parsed_t *this)
{
	enumerator_t *enumerator;
	linked_list_t *addresses;
	host_t *host;
	char *member;

	addresses = linked_list_create();
	enumerator = this->members->create_enumerator(this->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		host = host_create_from_string(member, 0);
		if (host)
		{
			add_address(addresses, host);
		}
	}
	enumerator->destroy(enumerator);
	return addresses;
}

/*
 * Described in header
 */
cluster_failover_cluster_t *cluster_failover_cluster_parse(
						settings_t *settings, char *parent, char *name)
{
	return cluster_failover_cluster_parse_file(settings, parent, name, NULL);
}

/*
 * Described in header
 */
cluster_failover_cluster_t *cluster_failover_cluster_parse_file(
						settings_t *settings, char *parent, char *name,
						char *file)
{
	linked_list_t *addresses;
	parsed_t this = {
		.name = name,
		.file = file,
		.members = linked_list_create(),
		.connections = linked_list_create(),
		.values = {
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
			.keep_virtual_ip = TRUE,
		},
	};

	if (!parse(&this, settings, parent))
	{
		this.members->destroy_function(this.members, free);
		this.connections->destroy_function(this.connections, free);
		DESTROY_IF(this.values.probe);
		free(this.values.script);
		return NULL;
	}
	addresses = member_addresses(&this);
	return cluster_failover_cluster_create(name, this.members, addresses,
										   this.connections, &this.values);
}
