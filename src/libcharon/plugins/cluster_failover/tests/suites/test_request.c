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
#include "../../cluster_failover_request.h"
#include "../../cluster_failover_cluster_parser.h"

/**
 * Cluster used by the tests
 */
static cluster_failover_cluster_t *cluster;

static void setup()
{
	settings_t *settings;

	settings = test_settings("c {\nmembers = 10.0.0.1 10.0.0.2 fec0::3\n"
							 "connections = home\n}");
	cluster = cluster_failover_cluster_parse(settings, TEST_SECTION, "c");
	ck_assert(cluster);
	settings->destroy(settings);
}

static void teardown()
{
	cluster->destroy(cluster);
}

/**
 * Create a request trying the members in reverse order
 */
static cluster_failover_request_t *create_request()
{
	linked_list_t *order;

	order = linked_list_create();
	order->insert_last(order, host_create_from_string("fec0::3", 0));
	order->insert_last(order, host_create_from_string("10.0.0.2", 0));
	order->insert_last(order, host_create_from_string("10.0.0.1", 0));
	return cluster_failover_request_create(cluster, order);
}

static void assert_member(host_t *member, char *expected)
{
	char buf[64];

	if (!expected)
	{
		ck_assert(!member);
		return;
	}
	ck_assert(member);
	snprintf(buf, sizeof(buf), "%H", member);
	ck_assert_str_eq(buf, expected);
}

START_TEST(test_first)
{
	cluster_failover_request_t *request;
	char buf[256];

	request = create_request();
	ck_assert(request->get_cluster(request) == cluster);
	ck_assert_int_eq(request->get_attempt(request), 1);
	assert_member(request->get_member(request), "fec0::3");
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)), "");
	ck_assert_str_eq(request->describe_order(request, buf, sizeof(buf)),
					 "fec0::3, 10.0.0.2, 10.0.0.1");
	request->destroy(request);
}
END_TEST

START_TEST(test_fail_all)
{
	cluster_failover_request_t *request;
	char buf[256];

	request = create_request();
	assert_member(request->skip(request, CF_FAILURE_TIMEOUT),
				  "10.0.0.2");
	ck_assert_int_eq(request->get_attempt(request), 2);
	assert_member(request->get_member(request), "10.0.0.2");
	assert_member(request->skip(request, CF_FAILURE_AUTH), "10.0.0.1");
	ck_assert_int_eq(request->get_attempt(request), 3);
	assert_member(request->skip(request, CF_FAILURE_PROPOSAL), NULL);
	assert_member(request->get_member(request), NULL);
	/* failing more does not go past the end */
	assert_member(request->skip(request, CF_FAILURE_TS), NULL);
	ck_assert_int_eq(request->get_attempt(request), 4);
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "fec0::3 (no answer), 10.0.0.2 (authentication failed), "
					 "10.0.0.1 (proposals rejected)");
	request->destroy(request);
}
END_TEST

START_TEST(test_describe_skipped)
{
	cluster_failover_request_t *request;
	char buf[256];

	/* members without address follow the members tried, in the summary */
	request = create_request();
	request->add_skipped(request, strdup("gw.example.com (DNS: Name or "
										 "service not known)"));
	ck_assert_int_eq(request->get_count(request), 3);
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "gw.example.com (DNS: Name or service not known)");
	request->skip(request, CF_FAILURE_TIMEOUT);
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "fec0::3 (no answer), gw.example.com (DNS: Name or "
					 "service not known)");
	request->destroy(request);
}
END_TEST

START_TEST(test_describe_truncated)
{
	cluster_failover_request_t *request;
	char buf[12];

	request = create_request();
	request->skip(request, CF_FAILURE_TIMEOUT);
	request->skip(request, CF_FAILURE_TS);
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "fec0::3 (no");
	request->destroy(request);
}
END_TEST

START_TEST(test_cluster_ref)
{
	cluster_failover_cluster_values_t values = {};
	cluster_failover_cluster_t *counted;
	cluster_failover_request_t *request;
	u_int destroyed;

	/* a cluster that destroys a counted host when it is destroyed */
	counted = cluster_failover_cluster_create("d",
				linked_list_create_with_items(strdup("10.0.0.9"), NULL),
				linked_list_create_with_items(
								test_counted_host("10.0.0.9", 0), NULL),
				linked_list_create_with_items(strdup("home"), NULL),
				&values);
	destroyed = test_hosts_destroyed();

	request = cluster_failover_request_create(counted, linked_list_create());
	/* the request keeps the cluster alive, e.g. over a reload */
	counted->destroy(counted);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed);
	ck_assert(request->get_cluster(request) == counted);
	ck_assert_str_eq(counted->get_name(counted), "d");
	/* and releases it */
	request->destroy(request);
	ck_assert_int_eq(test_hosts_destroyed(), destroyed + 1);
}
END_TEST

START_TEST(test_empty)
{
	cluster_failover_request_t *request;

	request = cluster_failover_request_create(cluster, linked_list_create());
	assert_member(request->get_member(request), NULL);
	assert_member(request->skip(request, CF_FAILURE_TIMEOUT), NULL);
	request->destroy(request);
}
END_TEST

START_TEST(test_answered)
{
	cluster_failover_request_t *request;
	cluster_failover_failure_t answers[] = {
		CF_FAILURE_AUTH,
		CF_FAILURE_PROPOSAL,
		CF_FAILURE_TS,
		CF_FAILURE_CLOSED,
		CF_FAILURE_CHILD,
		CF_FAILURE_ESTABLISH,
		CF_FAILURE_REDIRECT,
	};
	int i;

	/* no answer and no route are not answers */
	request = create_request();
	ck_assert(!request->answered(request));
	request->skip(request, CF_FAILURE_TIMEOUT);
	request->skip(request, CF_FAILURE_UNREACHABLE);
	request->skip(request, CF_FAILURE_TIMEOUT);
	ck_assert(!request->get_member(request));
	ck_assert(!request->answered(request));
	request->destroy(request);

	/* any other failure is one, wherever it is in the order */
	for (i = 0; i < countof(answers); i++)
	{
		request = create_request();
		request->skip(request, CF_FAILURE_TIMEOUT);
		request->skip(request, answers[i]);
		ck_assert_msg(request->answered(request), "%N",
					  cluster_failover_failure_names, answers[i]);
		request->destroy(request);
	}
}
END_TEST

START_TEST(test_redirect)
{
	cluster_failover_request_t *request;
	host_t *target;
	char buf[256];

	/* the target is tried next, ahead of the members in between */
	request = create_request();
	target = host_create_from_string("10.0.0.1", 500);
	assert_member(request->redirect(request, target), "10.0.0.1");
	target->destroy(target);
	assert_member(request->get_member(request), "10.0.0.1");
	ck_assert_int_eq(request->get_attempt(request), 2);
	ck_assert(request->answered(request));
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)),
					 "fec0::3 (redirected)");
	ck_assert_str_eq(request->describe_order(request, buf, sizeof(buf)),
					 "fec0::3, 10.0.0.1, 10.0.0.2");
	assert_member(request->skip(request, CF_FAILURE_TIMEOUT), "10.0.0.2");
	assert_member(request->skip(request, CF_FAILURE_TIMEOUT), NULL);
	request->destroy(request);

	/* not a member, or the member redirecting: nothing changes */
	request = create_request();
	target = host_create_from_string("192.168.0.200", 500);
	ck_assert(!request->redirect(request, target));
	target->destroy(target);
	target = host_create_from_string("fec0::3", 500);
	ck_assert(!request->redirect(request, target));
	target->destroy(target);
	assert_member(request->get_member(request), "fec0::3");
	ck_assert_int_eq(request->get_attempt(request), 1);
	ck_assert_str_eq(request->describe(request, buf, sizeof(buf)), "");

	/* a member tried already is no target either */
	request->skip(request, CF_FAILURE_TIMEOUT);
	target = host_create_from_string("fec0::3", 500);
	ck_assert(!request->redirect(request, target));
	target->destroy(target);
	assert_member(request->get_member(request), "10.0.0.2");
	request->destroy(request);
}
END_TEST

Suite *request_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("request");

	tc = tcase_create("members");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first);
	tcase_add_test(tc, test_fail_all);
	tcase_add_test(tc, test_describe_skipped);
	tcase_add_test(tc, test_describe_truncated);
	tcase_add_test(tc, test_cluster_ref);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_answered);
	tcase_add_test(tc, test_redirect);
	suite_add_tcase(s, tc);

	return s;
}
