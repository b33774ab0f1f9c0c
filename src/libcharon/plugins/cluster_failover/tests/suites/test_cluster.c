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

#include "../cluster_failover_tests.h"
#include "../../cluster_failover_cluster_parser.h"
#include "../../cluster_failover_parse.h"

/**
 * Parse a single cluster "c" with the given keys
 */
static cluster_failover_cluster_t *parse(char *keys)
{
	cluster_failover_cluster_t *cluster;
	settings_t *settings;
	char buf[65536];

	snprintf(buf, sizeof(buf), "c {\n%s\n}", keys);
	settings = test_settings(buf);
	cluster = cluster_failover_cluster_parse(settings, TEST_SECTION, "c");
	settings->destroy(settings);
	return cluster;
}

/**
 * Collect the members of a cluster, comma separated
 */
static char *members(cluster_failover_cluster_t *cluster, char *buf,
					 size_t len)
{
	enumerator_t *enumerator;
	char *member;

	buf[0] = '\0';
	enumerator = cluster->create_member_enumerator(cluster);
	while (enumerator->enumerate(enumerator, &member))
	{
		if (buf[0])
		{
			strncat(buf, ",", len - strlen(buf) - 1);
		}
		strncat(buf, member, len - strlen(buf) - 1);
	}
	enumerator->destroy(enumerator);
	return buf;
}

/*******************************************************************************
 * time values
 */

static struct {
	char *value;
	bool ok;
	uint32_t ms;
} time_tests[] = {
	{ "5",		TRUE,	5000 },
	{ "5s",		TRUE,	5000 },
	{ "1.5s",	TRUE,	1500 },
	{ "500ms",	TRUE,	500 },
	{ "0.5",	TRUE,	500 },
	{ ".25s",	TRUE,	250 },
	{ "2m",		TRUE,	120000 },
	{ "1h",		TRUE,	3600000 },
	{ "1d",		TRUE,	86400000 },
	{ "10 s",	TRUE,	10000 },
	{ "0",		FALSE,	0 },
	{ "0s",		FALSE,	0 },
	{ "0.1ms",	FALSE,	0 },
	{ "-1s",	FALSE,	0 },
	{ "",		FALSE,	0 },
	{ "s",		FALSE,	0 },
	{ "5x",		FALSE,	0 },
	{ "5 sec",	FALSE,	0 },
	{ "inf",	FALSE,	0 },
	{ "nan",	FALSE,	0 },
	{ "1e20",	FALSE,	0 },
	{ "1e3",	FALSE,	0 },
	{ "0x10",	FALSE,	0 },
	{ "50d",	FALSE,	0 },
	{ " 5s",	FALSE,	0 },
};

START_TEST(test_parse_time)
{
	uint32_t ms = 0;

	ck_assert_msg(cluster_failover_parse_time(time_tests[_i].value, &ms) ==
				  time_tests[_i].ok, "'%s'", time_tests[_i].value);
	if (time_tests[_i].ok)
	{
		ck_assert_int_eq(ms, time_tests[_i].ms);
	}
}
END_TEST

START_TEST(test_parse_time_null)
{
	uint32_t ms;

	ck_assert(!cluster_failover_parse_time(NULL, &ms));
}
END_TEST

/*******************************************************************************
 * DNS names
 */

static struct {
	char *name;
	bool ok;
} dns_tests[] = {
	{ "moon.strongswan.org",	TRUE },
	{ "moon.strongswan.org.",	TRUE },
	{ "gw-1.example.com",		TRUE },
	{ "localhost",				TRUE },
	{ "1gw.example",			TRUE },
	{ "",						FALSE },
	{ ".",						FALSE },
	{ "a..b",					FALSE },
	{ "-gw.example.com",		FALSE },
	{ "gw-.example.com",		FALSE },
	{ "gw_1.example.com",		FALSE },
	{ "gw example",				FALSE },
	{ "192.168.0.300",			FALSE },
	{ "10.0.0.0/8",				FALSE },
	{ "10.0.0.1-10.0.0.5",		FALSE },
	{ "%any",					FALSE },
	{ "gw.\xff\xfe.example",	FALSE },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
								FALSE },
};

START_TEST(test_dns_name)
{
	ck_assert_msg(cluster_failover_is_dns_name(dns_tests[_i].name) ==
				  dns_tests[_i].ok, "'%s'", dns_tests[_i].name);
}
END_TEST

START_TEST(test_dns_name_too_long)
{
	char name[300];

	memset(name, 'a', sizeof(name));
	for (int i = 60; i < sizeof(name); i += 61)
	{
		name[i] = '.';
	}
	name[253] = '\0';
	ck_assert(cluster_failover_is_dns_name(name));
	name[253] = 'a';
	name[254] = '\0';
	ck_assert(!cluster_failover_is_dns_name(name));
}
END_TEST

/**
 * Collect the member addresses of a cluster, comma separated
 */
static char *addresses(cluster_failover_cluster_t *cluster, char *buf,
					   size_t len)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	host_t *host;
	char *pos = buf;

	buf[0] = '\0';
	list = cluster->get_addresses(cluster);
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &host))
	{
		pos += snprintf(pos, len - (pos - buf), "%s%#H", pos == buf ? "" : ",",
						host);
	}
	enumerator->destroy(enumerator);
	return buf;
}

/*******************************************************************************
 * member addresses
 */

START_TEST(test_addresses_literal)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("members = 192.168.0.1, fec0::2\nconnections = home");
	ck_assert(cluster);
	ck_assert_str_eq(addresses(cluster, buf, sizeof(buf)),
					 "192.168.0.1,fec0::2");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_has_address)
{
	cluster_failover_cluster_t *cluster;
	host_t *host;

	cluster = parse("members = 192.168.0.1, fec0::2\nconnections = home");
	ck_assert(cluster);
	/* any port, only the address counts */
	host = host_create_from_string("192.168.0.1", 4500);
	ck_assert(cluster->has_address(cluster, host));
	host->destroy(host);
	host = host_create_from_string("fec0::2", 500);
	ck_assert(cluster->has_address(cluster, host));
	host->destroy(host);
	host = host_create_from_string("192.168.0.2", 500);
	ck_assert(!cluster->has_address(cluster, host));
	host->destroy(host);
	host = host_create_from_string("fec0::1", 500);
	ck_assert(!cluster->has_address(cluster, host));
	host->destroy(host);
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_addresses_dns_not_resolved)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	/* DNS names are resolved per key request (cluster_failover_resolver),
	 * not when the cluster is loaded: only the IP members have addresses,
	 * and a cluster of DNS names only is valid */
	cluster = parse("members = none.example.com, 192.168.0.1\n"
					"connections = home");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_member_count(cluster), 2);
	ck_assert_str_eq(addresses(cluster, buf, sizeof(buf)), "192.168.0.1");
	cluster->destroy(cluster);

	cluster = parse("members = gw.example.com, dual.example.com\n"
					"connections = home");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_member_count(cluster), 2);
	ck_assert_str_eq(addresses(cluster, buf, sizeof(buf)), "");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_resolve_dns_localhost)
{
	linked_list_t *hosts;
	host_t *host, *v4, *v6;
	bool loopback = TRUE;

	v4 = host_create_from_string("127.0.0.1", 0);
	v6 = host_create_from_string("::1", 0);
	hosts = linked_list_create();
	ck_assert_int_eq(cluster_failover_resolve_dns("localhost", hosts), 0);
	ck_assert(hosts->get_count(hosts) >= 1);
	while (hosts->remove_first(hosts, (void**)&host) == SUCCESS)
	{
		loopback = loopback && (host->ip_equals(host, v4) ||
								host->ip_equals(host, v6));
		host->destroy(host);
	}
	ck_assert(loopback);
	hosts->destroy(hosts);
	v4->destroy(v4);
	v6->destroy(v6);
}
END_TEST

/*******************************************************************************
 * valid clusters
 */

START_TEST(test_defaults)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("members = 192.168.0.1, 192.168.0.2\n"
					"connections = home");
	ck_assert(cluster);
	ck_assert_str_eq(cluster->get_name(cluster), "c");
	ck_assert_int_eq(cluster->get_member_count(cluster), 2);
	ck_assert_str_eq(members(cluster, buf, sizeof(buf)),
					 "192.168.0.1,192.168.0.2");
	ck_assert_int_eq(cluster->get_order(cluster), CF_ORDER_RANDOM);
	ck_assert_int_eq(cluster->get_connect_timeout(cluster), 5000);
	ck_assert_int_eq(cluster->get_heartbeat(cluster), CF_HEARTBEAT_NONE);
	ck_assert_int_eq(cluster->get_heartbeat_defer(cluster), 5000);
	ck_assert_int_eq(cluster->get_heartbeat_response(cluster), 1000);
	ck_assert_int_eq(cluster->get_heartbeat_tries(cluster), 2);
	ck_assert_int_eq(cluster->get_hold_down(cluster), 60000);
	/* no fallback in random mode */
	ck_assert_int_eq(cluster->get_fallback_interval(cluster), 0);
	ck_assert(!cluster->get_standby(cluster));
	ck_assert(!cluster->get_probe(cluster));
	ck_assert_int_eq(cluster->get_probe_interval(cluster), 1000);
	ck_assert_int_eq(cluster->get_probe_tries(cluster), 3);
	ck_assert(!cluster->get_script(cluster));
	ck_assert(cluster->has_connection(cluster, "home"));
	ck_assert(!cluster->has_connection(cluster, "office"));
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_all_keys)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("members = dual.example.com fec0::5,192.168.0.50\n"
					"connections = home, office\n"
					"order = ordered\n"
					"connect_timeout = 1500ms");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_member_count(cluster), 3);
	ck_assert_str_eq(members(cluster, buf, sizeof(buf)),
					 "dual.example.com,fec0::5,192.168.0.50");
	ck_assert_int_eq(cluster->get_order(cluster), CF_ORDER_ORDERED);
	ck_assert_int_eq(cluster->get_connect_timeout(cluster), 1500);
	ck_assert(cluster->has_connection(cluster, "home"));
	ck_assert(cluster->has_connection(cluster, "office"));
	ck_assert_str_eq(cluster->describe(cluster, buf, sizeof(buf)),
					 "members dual.example.com, fec0::5, 192.168.0.50, "
					 "order ordered, connect_timeout 1500ms, heartbeat none, "
					 "connections home, office");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_zero_times)
{
	cluster_failover_cluster_t *cluster;

	/* a time that may be zero is zero with a unit too */
	cluster = parse("members = 192.168.0.1\nconnections = home\n"
					"hold_down = 0ms\nfallback_interval = 0s\n"
					"establish_timeout = 45s\nscript_timeout = 1.5s");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_hold_down(cluster), 0);
	ck_assert_int_eq(cluster->get_fallback_interval(cluster), 0);
	ck_assert_int_eq(cluster->get_establish_timeout(cluster), 45000);
	ck_assert_int_eq(cluster->get_script_timeout(cluster), 1500);
	cluster->destroy(cluster);
	/* but not almost zero */
	cluster = parse("members = 192.168.0.1\nconnections = home\n"
					"fallback_interval = 0.1ms");
	ck_assert(!cluster);
	/* and the others never */
	cluster = parse("members = 192.168.0.1\nconnections = home\n"
					"establish_timeout = 0s");
	ck_assert(!cluster);
}
END_TEST

START_TEST(test_heartbeat_keys)
{
	cluster_failover_cluster_t *cluster;
	char buf[512];

	cluster = parse("members = 192.168.0.1, 192.168.0.2\n"
					"connections = home\n"
					"order = ordered\n"
					"heartbeat = deferred\n"
					"heartbeat_defer = 1s\n"
					"heartbeat_response = 500ms\n"
					"heartbeat_tries = 3\n"
					"hold_down = 0\n"
					"fallback_interval = 10s\n"
					"standby = yes\n"
					"probe = 10.1.0.20\n"
					"probe_interval = 200ms\n"
					"probe_tries = 5\n"
					"script = /usr/local/bin/failover");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_heartbeat(cluster), CF_HEARTBEAT_DEFERRED);
	ck_assert_int_eq(cluster->get_heartbeat_defer(cluster), 1000);
	ck_assert_int_eq(cluster->get_heartbeat_response(cluster), 500);
	ck_assert_int_eq(cluster->get_heartbeat_tries(cluster), 3);
	ck_assert_int_eq(cluster->get_hold_down(cluster), 0);
	ck_assert_int_eq(cluster->get_fallback_interval(cluster), 10000);
	ck_assert(cluster->get_standby(cluster));
	snprintf(buf, sizeof(buf), "%H", cluster->get_probe(cluster));
	ck_assert_str_eq(buf, "10.1.0.20");
	ck_assert_int_eq(cluster->get_probe_interval(cluster), 200);
	ck_assert_int_eq(cluster->get_probe_tries(cluster), 5);
	ck_assert_str_eq(cluster->get_script(cluster), "/usr/local/bin/failover");
	ck_assert_str_eq(cluster->describe(cluster, buf, sizeof(buf)),
					 "members 192.168.0.1, 192.168.0.2, order ordered, "
					 "connect_timeout 5000ms, heartbeat deferred (defer "
					 "1000ms, response 500ms, 3 tries), probe 10.1.0.20 every "
					 "200ms, 5 tries, standby, connections home");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_describe_truncated)
{
	cluster_failover_cluster_t *cluster;
	char buf[16];

	cluster = parse("members = 192.168.0.1, 192.168.0.2\n"
					"connections = home");
	ck_assert(cluster);
	ck_assert_str_eq(cluster->describe(cluster, buf, sizeof(buf)),
					 "members 192.168");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_unknown_key)
{
	cluster_failover_cluster_t *cluster;

	cluster = parse("members = 192.168.0.1\n"
					"connections = home\n"
					"oder = ordered");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_order(cluster), CF_ORDER_RANDOM);
	ck_assert_int_eq(test_log_count("cluster 'c'", "unknown key",
									TEST_SECTION ".c.oder", NULL), 1);
	cluster->destroy(cluster);
}
END_TEST

/**
 * Create a cluster "r" whose member address is a test_counted_host()
 */
static cluster_failover_cluster_t *counted_cluster()
{
	cluster_failover_cluster_values_t values = {};

	return cluster_failover_cluster_create("r",
				linked_list_create_with_items(strdup("192.168.0.9"), NULL),
				linked_list_create_with_items(
							test_counted_host("192.168.0.9", 0), NULL),
				linked_list_create_with_items(strdup("home"), NULL),
				&values);
}

START_TEST(test_ref)
{
	cluster_failover_cluster_t *cluster, *ref;
	host_t *host;
	u_int destroyed;

	/* the member's address is destroyed with the cluster */
	cluster = counted_cluster();
	destroyed = test_hosts_destroyed();
	ref = cluster->get_ref(cluster);
	ck_assert(ref == cluster);
	/* releasing one reference keeps the cluster */
	cluster->destroy(cluster);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed);
	host = host_create_from_string("192.168.0.9", 0);
	ck_assert(ref->has_address(ref, host));
	host->destroy(host);
	/* releasing the last one destroys it */
	ref->destroy(ref);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed + 1);
}
END_TEST

START_TEST(test_destroy)
{
	cluster_failover_cluster_t *cluster;
	u_int destroyed;

	cluster = counted_cluster();
	destroyed = test_hosts_destroyed();
	cluster->destroy(cluster);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed + 1);
}
END_TEST

/*******************************************************************************
 * the settings object, without a settings section
 */

START_TEST(test_create_values)
{
	cluster_failover_cluster_values_t values = {
		.order = CF_ORDER_RANDOM,
		.connect_timeout = 1500,
		.heartbeat = CF_HEARTBEAT_INSTANT,
		.heartbeat_defer = 2000,
		.heartbeat_response = 300,
		.heartbeat_tries = 4,
		.fallback_interval = 7000,
		.probe = test_counted_host("10.1.0.1", 0),
		.probe_interval = 900,
		.probe_tries = 5,
		.script = strdup("/bin/true"),
	};
	cluster_failover_cluster_t *cluster;
	linked_list_t *members, *addresses, *connections;
	host_t *host;
	char buf[256];
	u_int destroyed;

	members = linked_list_create_with_items(strdup("gw.example.com"), NULL);
	addresses = linked_list_create_with_items(
							test_counted_host("192.168.0.1", 0), NULL);
	connections = linked_list_create_with_items(strdup("home"), NULL);
	cluster = cluster_failover_cluster_create("v", members, addresses,
											  connections, &values);
	ck_assert_str_eq(cluster->get_name(cluster), "v");
	ck_assert_int_eq(cluster->get_member_count(cluster), 1);
	ck_assert(cluster->has_connection(cluster, "home"));
	ck_assert(!cluster->has_connection(cluster, "work"));
	host = host_create_from_string("192.168.0.1", 4500);
	ck_assert(cluster->has_address(cluster, host));
	host->destroy(host);
	ck_assert_int_eq(cluster->get_connect_timeout(cluster), 1500);
	ck_assert_int_eq(cluster->get_heartbeat_tries(cluster), 4);
	ck_assert_int_eq(cluster->get_probe_tries(cluster), 5);
	ck_assert_str_eq(cluster->get_script(cluster), "/bin/true");
	/* the fallback interval applies in ordered mode only */
	ck_assert_int_eq(cluster->get_fallback_interval(cluster), 0);
	ck_assert_str_eq(cluster->describe(cluster, buf, sizeof(buf)),
					 "members gw.example.com, order random, connect_timeout "
					 "1500ms, heartbeat instant (defer 2000ms, response "
					 "300ms, 4 tries), probe 10.1.0.1 every 900ms, 5 tries, "
					 "connections home");
	/* the lists, the probe and the script are the cluster's */
	destroyed = test_hosts_destroyed();
	cluster->destroy(cluster);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed + 2);
}
END_TEST

START_TEST(test_create_ordered)
{
	cluster_failover_cluster_values_t values = {
		.order = CF_ORDER_ORDERED,
		.fallback_interval = 7000,
	};
	cluster_failover_cluster_t *cluster;

	cluster = cluster_failover_cluster_create("o", linked_list_create(),
							linked_list_create(), linked_list_create(),
							&values);
	ck_assert_int_eq(cluster->get_fallback_interval(cluster), 7000);
	ck_assert(!cluster->get_probe(cluster));
	ck_assert(!cluster->get_script(cluster));
	cluster->destroy(cluster);
}
END_TEST

/*******************************************************************************
 * invalid clusters: each is rejected with one line naming cluster and key
 */

static struct {
	char *keys;
	char *key;
	char *reason;
} invalid_tests[] = {
	{ "connections = home",
	  "missing " TEST_SECTION ".c.members", "" },
	{ "members = 192.168.0.1",
	  "missing " TEST_SECTION ".c.connections", "" },
	{ "members = \nconnections = home",
	  "missing " TEST_SECTION ".c.members", "" },
	{ "members = ,,\nconnections = home",
	  TEST_SECTION ".c.members", "no members" },
	{ "members = 192.168.0.300\nconnections = home",
	  TEST_SECTION ".c.members", "neither an IP address nor a DNS name" },
	{ "members = 10.0.0.0/8\nconnections = home",
	  TEST_SECTION ".c.members", "'10.0.0.0/8' is neither" },
	{ "members = %any\nconnections = home",
	  TEST_SECTION ".c.members", "not a gateway address" },
	{ "members = 0.0.0.0\nconnections = home",
	  TEST_SECTION ".c.members", "not a gateway address" },
	{ "members = ::\nconnections = home",
	  TEST_SECTION ".c.members", "not a gateway address" },
	{ "members = 192.168.0.1, 192.168.0.1\nconnections = home",
	  TEST_SECTION ".c.members", "duplicate member '192.168.0.1'" },
	{ "members = fec0::1, fec0:0::0:1\nconnections = home",
	  TEST_SECTION ".c.members", "duplicate member 'fec0:0::0:1'" },
	{ "members = gw.example.com, GW.example.com\nconnections = home",
	  TEST_SECTION ".c.members", "duplicate member 'GW.example.com'" },
	{ "members = 192.168.0.1\nconnections = ",
	  "missing " TEST_SECTION ".c.connections", "" },
	{ "members = 192.168.0.1\nconnections = ,",
	  TEST_SECTION ".c.connections", "no connections" },
	{ "members = 192.168.0.1\nconnections = a, a",
	  TEST_SECTION ".c.connections", "duplicate connection 'a'" },
	{ "members = 192.168.0.1\nconnections = a\norder = sometimes",
	  TEST_SECTION ".c.order = 'sometimes'", "expected random or ordered" },
	{ "members = 192.168.0.1\nconnections = a\norder = rand",
	  TEST_SECTION ".c.order", "expected random or ordered" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat = always",
	  TEST_SECTION ".c.heartbeat", "expected none, deferred or instant" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_defer = 0",
	  TEST_SECTION ".c.heartbeat_defer", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_response = 1x",
	  TEST_SECTION ".c.heartbeat_response", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_tries = 0",
	  TEST_SECTION ".c.heartbeat_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_tries = 101",
	  TEST_SECTION ".c.heartbeat_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_tries = 2x",
	  TEST_SECTION ".c.heartbeat_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\nheartbeat_tries = -1",
	  TEST_SECTION ".c.heartbeat_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\n"
	  "heartbeat_tries = 99999999999999999999",
	  TEST_SECTION ".c.heartbeat_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\nhold_down = -1",
	  TEST_SECTION ".c.hold_down", "expected 0 or a positive time" },
	{ "members = 192.168.0.1\nconnections = a\nfallback_interval = x",
	  TEST_SECTION ".c.fallback_interval", "expected 0 or a positive time" },
	{ "members = 192.168.0.1\nconnections = a\nstandby = maybe",
	  TEST_SECTION ".c.standby", "expected yes or no" },
	{ "members = 192.168.0.1\nconnections = a\nprobe = venus",
	  TEST_SECTION ".c.probe", "expected an IP address" },
	{ "members = 192.168.0.1\nconnections = a\nprobe = 0.0.0.0",
	  TEST_SECTION ".c.probe", "expected an IP address" },
	{ "members = 192.168.0.1\nconnections = a\nprobe_interval = 0",
	  TEST_SECTION ".c.probe_interval", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\nprobe_tries = 0",
	  TEST_SECTION ".c.probe_tries", "expected a number from 1 to 100" },
	{ "members = 192.168.0.1\nconnections = a\nscript = failover.sh",
	  TEST_SECTION ".c.script", "expected an absolute path" },
	{ "members = a..b\nconnections = home",
	  TEST_SECTION ".c.members", "'a..b' is neither" },
	{ "members = 192.168.0.1\nconnections = a\nconnect_timeout = 0",
	  TEST_SECTION ".c.connect_timeout", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\nconnect_timeout = -5s",
	  TEST_SECTION ".c.connect_timeout", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\nconnect_timeout = soon",
	  TEST_SECTION ".c.connect_timeout", "positive time" },
	{ "members = 192.168.0.1\nconnections = a\n"
	  "connect_timeout = 99999999999999",
	  TEST_SECTION ".c.connect_timeout", "positive time" },
};

START_TEST(test_invalid)
{
	cluster_failover_cluster_t *cluster;

	cluster = parse(invalid_tests[_i].keys);
	ck_assert_msg(!cluster, "accepted: %s", invalid_tests[_i].keys);
	ck_assert_int_eq(test_log_count("cluster 'c'", invalid_tests[_i].key,
									invalid_tests[_i].reason,
									"cluster ignored", NULL), 1);
}
END_TEST

START_TEST(test_many_members)
{
	cluster_failover_cluster_t *cluster;
	char keys[65536], *pos = keys;
	int i;

	pos += sprintf(pos, "connections = home\nmembers = ");
	for (i = 0; i < 2000; i++)
	{
		pos += sprintf(pos, "%s10.%d.%d.1", i ? "," : "", i / 256, i % 256);
	}
	cluster = parse(keys);
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_member_count(cluster), 2000);
	cluster->destroy(cluster);
}
END_TEST

Suite *cluster_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster");

	tc = tcase_create("time values");
	tcase_add_loop_test(tc, test_parse_time, 0, countof(time_tests));
	tcase_add_test(tc, test_parse_time_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("DNS names");
	tcase_add_loop_test(tc, test_dns_name, 0, countof(dns_tests));
	tcase_add_test(tc, test_dns_name_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("member addresses");
	tcase_add_test(tc, test_addresses_literal);
	tcase_add_test(tc, test_has_address);
	tcase_add_test(tc, test_addresses_dns_not_resolved);
	tcase_add_test(tc, test_resolve_dns_localhost);
	suite_add_tcase(s, tc);

	tc = tcase_create("valid clusters");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_all_keys);
	tcase_add_test(tc, test_heartbeat_keys);
	tcase_add_test(tc, test_zero_times);
	tcase_add_test(tc, test_describe_truncated);
	tcase_add_test(tc, test_unknown_key);
	tcase_add_test(tc, test_ref);
	tcase_add_test(tc, test_destroy);
	tcase_add_test(tc, test_many_members);
	suite_add_tcase(s, tc);

	tc = tcase_create("settings object");
	tcase_add_test(tc, test_create_values);
	tcase_add_test(tc, test_create_ordered);
	suite_add_tcase(s, tc);

	tc = tcase_create("invalid clusters");
	tcase_add_loop_test(tc, test_invalid, 0, countof(invalid_tests));
	suite_add_tcase(s, tc);

	return s;
}
