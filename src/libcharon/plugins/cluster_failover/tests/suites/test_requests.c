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
#include "../../cluster_failover_requests.h"
#include "../../cluster_failover_util.h"
#include "../../cluster_failover_cluster_parser.h"

static cluster_failover_cluster_t *cluster;
static cluster_failover_order_t *order;
static cluster_failover_holddown_t *holddown;
static cluster_failover_requests_t *requests;
static cluster_failover_resolver_t *resolver;

static void setup()
{
	settings_t *settings;

	settings = test_settings("c {\nmembers = 10.0.0.1 10.0.0.2 fec0::3\n"
							 "order = ordered\nconnections = home\n}");
	cluster = cluster_failover_cluster_parse(settings, TEST_SECTION, "c");
	ck_assert(cluster);
	settings->destroy(settings);
	order = cluster_failover_order_create(NULL);
	ck_assert(order);
	holddown = cluster_failover_holddown_create();
	/* IP members only, nothing is looked up */
	resolver = cluster_failover_resolver_create(NULL, 100);
	requests = cluster_failover_requests_create(order, holddown, resolver);
}

static void teardown()
{
	requests->destroy(requests);
	resolver->destroy(resolver);
	holddown->destroy(holddown);
	order->destroy(order);
	cluster->destroy(cluster);
}

/**
 * Create a request for a spec and describe its order
 */
static char *describe(cluster_failover_spec_t *spec, char *buf, size_t len)
{
	cluster_failover_request_t *request;

	request = requests->create_request(requests, cluster, spec);
	if (!request)
	{
		return "none";
	}
	request->describe_order(request, buf, len);
	request->destroy(request);
	return buf;
}

/**
 * Create an entry with a key request of all members
 */
static cluster_failover_entry_t *entry(uint32_t id, u_int round)
{
	cluster_failover_entry_t *entry;

	INIT(entry,
		.id = id,
		.round = round,
	);
	entry->request = requests->create_request(requests, cluster,
											  &entry->spec);
	ck_assert(entry->request);
	return entry;
}

START_TEST(test_create_order)
{
	cluster_failover_spec_t spec = {};
	char buf[128];

	ck_assert_str_eq(describe(&spec, buf, sizeof(buf)),
					 "10.0.0.1, 10.0.0.2, fec0::3");
}
END_TEST

START_TEST(test_create_only)
{
	cluster_failover_spec_t spec = {
		.only = host_create_from_string("10.0.0.2", 0),
	};
	char buf[128];

	ck_assert_str_eq(describe(&spec, buf, sizeof(buf)), "10.0.0.2");
	cluster_failover_spec_free(&spec);
}
END_TEST

START_TEST(test_create_exclude)
{
	cluster_failover_spec_t spec = {
		.exclude = host_create_from_string("10.0.0.1", 4500),
	};
	char buf[128];

	ck_assert_str_eq(describe(&spec, buf, sizeof(buf)),
					 "10.0.0.2, fec0::3");
	cluster_failover_spec_free(&spec);
}
END_TEST

START_TEST(test_create_held_down_last)
{
	cluster_failover_spec_t spec = {};
	host_t *member;
	char buf[128];

	member = host_create_from_string("10.0.0.1", 0);
	holddown->failed(holddown, "c", member, cluster_failover_now(), 60000);
	member->destroy(member);
	ck_assert_str_eq(describe(&spec, buf, sizeof(buf)),
					 "10.0.0.2, fec0::3, 10.0.0.1");
}
END_TEST

START_TEST(test_spec_clone)
{
	cluster_failover_spec_t spec = {
		.purpose = CF_PURPOSE_FALLBACK,
		.only = host_create_from_string("10.0.0.2", 0),
	}, copy;

	cluster_failover_spec_clone(&copy, &spec);
	ck_assert_int_eq(copy.purpose, CF_PURPOSE_FALLBACK);
	ck_assert(copy.only != spec.only);
	ck_assert(copy.only->ip_equals(copy.only, spec.only));
	ck_assert(!copy.exclude);
	cluster_failover_spec_free(&spec);
	cluster_failover_spec_free(&copy);
}
END_TEST

START_TEST(test_table)
{
	cluster_failover_entry_t *a, *b, *c;

	a = entry(1, 1);
	b = entry(2, 1);
	requests->lock(requests);
	ck_assert(!requests->put(requests, a));
	ck_assert(!requests->put(requests, b));
	ck_assert(requests->get(requests, 1) == a);
	ck_assert(requests->get(requests, 2) == b);
	ck_assert(!requests->get(requests, 3));
	requests->unlock(requests);
	ck_assert_int_eq(requests->get_count(requests), 2);
	ck_assert(requests->has(requests, 1));
	ck_assert(!requests->has(requests, 3));

	/* a new request on the same IKE_SA replaces the old one */
	c = entry(1, 2);
	requests->lock(requests);
	ck_assert(requests->put(requests, c) == a);
	requests->unlock(requests);
	cluster_failover_entry_destroy(a);
	ck_assert_int_eq(requests->get_count(requests), 2);

	ck_assert(requests->take(requests, 1) == c);
	ck_assert(!requests->take(requests, 1));
	ck_assert(!requests->has(requests, 1));
	cluster_failover_entry_destroy(c);
	requests->lock(requests);
	ck_assert(!requests->remove(requests, 3));
	requests->unlock(requests);
	/* b is left for destroy() */
	ck_assert_int_eq(requests->get_count(requests), 1);
}
END_TEST

START_TEST(test_epochs)
{
	cluster_failover_spec_t failover = {
		.purpose = CF_PURPOSE_FAILOVER,
	}, connect = {
		.purpose = CF_PURPOSE_CONNECT,
	};
	char name[] = "home";

	requests->lock(requests);
	ck_assert_int_eq(requests->get_epoch(requests, "home"), 0);
	requests->unlock(requests);
	ck_assert(!requests->cancelled(requests, &failover, "home", 0));

	requests->cancel(requests, name);
	/* the table keeps its own copy of the name */
	name[0] = 'x';
	requests->cancel(requests, "home");
	requests->lock(requests);
	ck_assert_int_eq(requests->get_epoch(requests, "home"), 2);
	ck_assert_int_eq(requests->get_epoch(requests, "other"), 0);
	requests->unlock(requests);

	ck_assert(requests->cancelled(requests, &failover, "home", 0));
	ck_assert(requests->cancelled(requests, &failover, "home", 1));
	ck_assert(!requests->cancelled(requests, &failover, "home", 2));
	ck_assert(!requests->cancelled(requests, &failover, "other", 0));
	/* only failovers are cancelled */
	ck_assert(!requests->cancelled(requests, &connect, "home", 0));
}
END_TEST

Suite *requests_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("requests");

	tc = tcase_create("create");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_order);
	tcase_add_test(tc, test_create_only);
	tcase_add_test(tc, test_create_exclude);
	tcase_add_test(tc, test_create_held_down_last);
	tcase_add_test(tc, test_spec_clone);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_epochs);
	suite_add_tcase(s, tc);

	return s;
}
