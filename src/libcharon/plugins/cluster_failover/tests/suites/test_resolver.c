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
#include "../../cluster_failover_requests.h"
#include "../../cluster_failover_resolver.h"
#include "../../cluster_failover_util.h"

#include <netdb.h>

#include <threading/condvar.h>
#include <threading/mutex.h>

/**
 * The fake DNS: the records of gw.example.com, which the tests change,
 * nx.example.com does not exist; a lookup can be held until released
 */
static struct {
	mutex_t *mutex;
	condvar_t *changed;
	char records[128];
	bool hold;
	u_int calls;
	u_int answered;
} dns;

static int fake_resolve(char *name, linked_list_t *hosts)
{
	enumerator_t *enumerator;
	char *record;
	int error = 0;

	dns.mutex->lock(dns.mutex);
	dns.calls++;
	while (dns.hold)
	{
		dns.changed->wait(dns.changed, dns.mutex);
	}
	if (streq(name, "gw.example.com"))
	{
		enumerator = enumerator_create_token(dns.records, " ", " ");
		while (enumerator->enumerate(enumerator, &record))
		{
			hosts->insert_last(hosts, host_create_from_string(record, 500));
		}
		enumerator->destroy(enumerator);
	}
	else
	{
		error = EAI_NONAME;
	}
	dns.answered++;
	dns.changed->broadcast(dns.changed);
	dns.mutex->unlock(dns.mutex);
	return error;
}

/**
 * Set the records of gw.example.com
 */
static void set_records(char *records)
{
	dns.mutex->lock(dns.mutex);
	snprintf(dns.records, sizeof(dns.records), "%s", records);
	dns.mutex->unlock(dns.mutex);
}

static cluster_failover_resolver_t *resolver;

static void setup()
{
	/* lookups run in jobs */
	if (!lib->processor->get_total_threads(lib->processor))
	{
		lib->processor->set_threads(lib->processor, 2);
	}
	dns.mutex = mutex_create(MUTEX_TYPE_DEFAULT);
	dns.changed = condvar_create(CONDVAR_TYPE_DEFAULT);
	dns.hold = FALSE;
	dns.calls = dns.answered = 0;
	set_records("192.0.2.1");
	resolver = cluster_failover_resolver_create(fake_resolve, 100);
}

static void teardown()
{
	resolver->destroy(resolver);
	dns.changed->destroy(dns.changed);
	dns.mutex->destroy(dns.mutex);
}

/**
 * Parse a cluster "c" of members
 */
static cluster_failover_cluster_t *parse(char *members)
{
	cluster_failover_cluster_t *cluster;
	settings_t *settings;
	char buf[512];

	snprintf(buf, sizeof(buf), "c {\nmembers = %s\norder = ordered\n"
			 "connections = home\n}", members);
	settings = test_settings(buf);
	cluster = cluster_failover_cluster_parse(settings, TEST_SECTION, "c");
	settings->destroy(settings);
	ck_assert(cluster);
	return cluster;
}

/**
 * Collect a cluster's addresses and skipped members, comma separated
 */
static char *collect(cluster_failover_cluster_t *cluster, char *buf,
					 size_t len)
{
	linked_list_t *addresses, *skipped;
	enumerator_t *enumerator;
	host_t *host;
	char *pos = buf, *name;

	buf[0] = '\0';
	skipped = linked_list_create();
	addresses = resolver->collect(resolver, cluster, skipped);
	enumerator = addresses->create_enumerator(addresses);
	while (enumerator->enumerate(enumerator, &host))
	{
		ck_assert_int_eq(host->get_port(host), 0);
		pos += snprintf(pos, len - (pos - buf), "%s%H", pos == buf ? "" : ",",
						host);
	}
	enumerator->destroy(enumerator);
	enumerator = skipped->create_enumerator(skipped);
	while (enumerator->enumerate(enumerator, &name))
	{
		pos += snprintf(pos, len - (pos - buf), "; skipped %s", name);
	}
	enumerator->destroy(enumerator);
	addresses->destroy_offset(addresses, offsetof(host_t, destroy));
	skipped->destroy_function(skipped, free);
	return buf;
}

START_TEST(test_ip_members)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	/* IP members need no lookup */
	cluster = parse("192.168.0.1, fec0::2");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)),
					 "192.168.0.1,fec0::2");
	ck_assert_int_eq(dns.calls, 0);
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_records_change)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("gw.example.com, 10.0.0.1");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)),
					 "192.0.2.1,10.0.0.1");
	/* each key request looks the name up again, and gets all its A and
	 * AAAA records */
	set_records("192.0.2.2 2001:db8::2 192.0.2.3");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)),
					 "192.0.2.2,2001:db8::2,192.0.2.3,10.0.0.1");
	ck_assert_int_eq(dns.calls, 2);
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_ipv6_only)
{
	cluster_failover_cluster_t *cluster;
	host_t *host;
	char buf[256];

	set_records("2001:db8::7");
	cluster = parse("GW.example.com");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)), "2001:db8::7");
	host = host_create_from_string("2001:db8::7", 4500);
	ck_assert(resolver->is_member(resolver, cluster, host));
	host->destroy(host);
	host = host_create_from_string("2001:db8::8", 4500);
	ck_assert(!resolver->is_member(resolver, cluster, host));
	host->destroy(host);
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_overlap)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	/* an address listed and resolved is used once, where first listed */
	set_records("192.0.2.3 192.0.2.1");
	cluster = parse("192.0.2.1, gw.example.com");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)),
					 "192.0.2.1,192.0.2.3");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_nxdomain)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("nx.example.com, 10.0.0.1");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)), "10.0.0.1; skipped "
					 "nx.example.com (DNS: Name or service not known)");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_no_records_left)
{
	cluster_failover_cluster_t *cluster;
	char buf[256];

	cluster = parse("gw.example.com");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)), "192.0.2.1");
	/* an answer without address replaces the previous one */
	set_records("");
	resolver->lookup(resolver, cluster);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)), "; skipped "
					 "gw.example.com (DNS: Name or service not known)");
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_timeout)
{
	cluster_failover_cluster_t *cluster;
	timeval_t start, end;
	char buf[256];
	int tries;

	cluster = parse("gw.example.com, 10.0.0.1");
	dns.hold = TRUE;
	/* the wait ends at the bound, the name is skipped for this request */
	time_monotonic(&start);
	resolver->lookup(resolver, cluster);
	time_monotonic(&end);
	ck_assert((end.tv_sec - start.tv_sec) * 1000 +
			  (end.tv_usec - start.tv_usec) / 1000 >= 100);
	ck_assert_str_eq(collect(cluster, buf, sizeof(buf)), "10.0.0.1; skipped "
					 "gw.example.com (DNS: no answer within 100ms)");
	/* the next request joins the lookup in progress */
	resolver->lookup(resolver, cluster);
	ck_assert_int_eq(dns.calls, 1);

	/* the late answer is kept for the next request, no new lookup */
	dns.mutex->lock(dns.mutex);
	dns.hold = FALSE;
	dns.changed->broadcast(dns.changed);
	dns.mutex->unlock(dns.mutex);
	for (tries = 0; strstr(collect(cluster, buf, sizeof(buf)), "skipped") &&
		 tries < 500; tries++)
	{	/* until the job stored the answer */
		usleep(10000);
	}
	ck_assert_str_eq(buf, "192.0.2.1,10.0.0.1");
	ck_assert_int_eq(dns.calls, 1);
	cluster->destroy(cluster);
}
END_TEST

/*******************************************************************************
 * key requests of DNS members
 */

static cluster_failover_order_t *order;
static cluster_failover_holddown_t *holddown;
static cluster_failover_requests_t *requests;

static void requests_setup()
{
	setup();
	order = cluster_failover_order_create(NULL);
	ck_assert(order);
	holddown = cluster_failover_holddown_create();
	requests = cluster_failover_requests_create(order, holddown, resolver);
}

static void requests_teardown()
{
	requests->destroy(requests);
	holddown->destroy(holddown);
	order->destroy(order);
	teardown();
}

START_TEST(test_request_resolved)
{
	cluster_failover_spec_t spec = {};
	cluster_failover_cluster_t *cluster;
	cluster_failover_request_t *request;
	host_t *member;
	char buf[256];

	cluster = parse("gw.example.com, nx.example.com, 10.0.0.1");
	set_records("192.0.2.1 2001:db8::1 10.0.0.1");
	/* hold-down applies to the resolved addresses */
	member = host_create_from_string("192.0.2.1", 0);
	holddown->failed(holddown, "c", member, cluster_failover_now(), 60000);
	member->destroy(member);
	requests->prepare(requests, cluster);
	request = requests->create_request(requests, cluster, &spec);
	ck_assert(request);
	ck_assert_str_eq(request->describe_order(request, buf, sizeof(buf)),
					 "2001:db8::1, 10.0.0.1, 192.0.2.1");
	/* the name that did not resolve is in the summary of failed members */
	while (request->skip(request, CF_FAILURE_TIMEOUT))
	{
	}
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "2001:db8::1 (no answer), 10.0.0.1 (no answer), "
					 "192.0.2.1 (no answer), nx.example.com (DNS: Name or "
					 "service not known)");
	ck_assert_int_eq(test_log_count("cluster 'c'", "member nx.example.com "
					 "(DNS: Name or service not known) skipped", NULL), 1);
	request->destroy(request);

	/* the next key request uses the new records */
	set_records("192.0.2.5");
	requests->prepare(requests, cluster);
	request = requests->create_request(requests, cluster, &spec);
	ck_assert_str_eq(request->describe_order(request, buf, sizeof(buf)),
					 "192.0.2.5, 10.0.0.1");
	request->destroy(request);
	cluster->destroy(cluster);
}
END_TEST

START_TEST(test_request_none_resolved)
{
	cluster_failover_spec_t spec = {};
	cluster_failover_cluster_t *cluster;
	cluster_failover_request_t *request;
	char buf[256];

	/* a request without any address still says why */
	cluster = parse("nx.example.com");
	requests->prepare(requests, cluster);
	request = requests->create_request(requests, cluster, &spec);
	ck_assert(request);
	ck_assert_int_eq(request->get_count(request), 0);
	ck_assert(!request->get_member(request));
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "nx.example.com (DNS: Name or service not known)");
	request->destroy(request);
	cluster->destroy(cluster);
}
END_TEST

Suite *resolver_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("resolver");

	tc = tcase_create("lookups");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ip_members);
	tcase_add_test(tc, test_records_change);
	tcase_add_test(tc, test_ipv6_only);
	tcase_add_test(tc, test_overlap);
	tcase_add_test(tc, test_nxdomain);
	tcase_add_test(tc, test_no_records_left);
	tcase_add_test(tc, test_timeout);
	suite_add_tcase(s, tc);

	tc = tcase_create("key requests");
	tcase_add_checked_fixture(tc, requests_setup, requests_teardown);
	tcase_add_test(tc, test_request_resolved);
	tcase_add_test(tc, test_request_none_resolved);
	suite_add_tcase(s, tc);

	return s;
}
