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
#include "../../cluster_failover_config.h"

/**
 * Load the given clusters into a new configuration
 */
static cluster_failover_config_t *load(char *clusters)
{
	cluster_failover_config_t *config;
	settings_t *settings;

	settings = test_settings(clusters);
	config = cluster_failover_config_create("charon");
	config->load(config, settings, FALSE);
	settings->destroy(settings);
	return config;
}

/**
 * Check the cluster a connection is bound to
 */
static void assert_binding(cluster_failover_config_t *config, char *conn,
						   char *name)
{
	cluster_failover_cluster_t *cluster;

	cluster = config->get_cluster(config, conn);
	if (!name)
	{
		ck_assert_msg(!cluster, "'%s' is bound", conn);
		return;
	}
	ck_assert_msg(cluster, "'%s' is not bound", conn);
	ck_assert_str_eq(cluster->get_name(cluster), name);
	cluster->destroy(cluster);
}

START_TEST(test_empty)
{
	cluster_failover_config_t *config;

	config = load("");
	ck_assert_int_eq(config->get_count(config), 0);
	assert_binding(config, "home", NULL);
	ck_assert_int_eq(test_log_count("0 clusters loaded", NULL), 1);
	config->destroy(config);
}
END_TEST

START_TEST(test_bindings)
{
	cluster_failover_config_t *config;

	config = load("a { members = 192.168.0.1, 192.168.0.2\n"
				  "    connections = home, lab\n}\n"
				  "b { members = fec0::1\n"
				  "    connections = office\n}");
	ck_assert_int_eq(config->get_count(config), 2);
	assert_binding(config, "home", "a");
	assert_binding(config, "lab", "a");
	assert_binding(config, "office", "b");
	assert_binding(config, "other", NULL);
	ck_assert_int_eq(test_log_count("cluster 'a': members 192.168.0.1, "
									"192.168.0.2, order random", NULL), 1);
	ck_assert_int_eq(test_log_count("2 clusters loaded", NULL), 1);
	config->destroy(config);
}
END_TEST

START_TEST(test_invalid_left_out)
{
	cluster_failover_config_t *config;

	config = load("bad { members = 192.168.0.1\n"
				  "      connections = lab\n"
				  "      order = sometimes }\n"
				  "good { members = 192.168.0.2\n"
				  "       connections = home\n}");
	ck_assert_int_eq(config->get_count(config), 1);
	assert_binding(config, "home", "good");
	assert_binding(config, "lab", NULL);
	ck_assert_int_eq(test_log_count("cluster 'bad'", "order", NULL), 1);
	ck_assert_int_eq(test_log_count("1 cluster loaded", NULL), 1);
	config->destroy(config);
}
END_TEST

START_TEST(test_connection_bound_twice)
{
	cluster_failover_config_t *config;

	config = load("a { members = 192.168.0.1\n"
				  "    connections = home\n}\n"
				  "b { members = 192.168.0.2\n"
				  "    connections = office, home\n}");
	ck_assert_int_eq(config->get_count(config), 1);
	assert_binding(config, "home", "a");
	assert_binding(config, "office", NULL);
	ck_assert_int_eq(test_log_count("cluster 'b'", TEST_SECTION
							".b.connections", "connection 'home' is bound to "
							"cluster 'a' already", "cluster ignored", NULL), 1);
	config->destroy(config);
}
END_TEST

START_TEST(test_reload)
{
	cluster_failover_config_t *config;
	cluster_failover_cluster_t *old;
	settings_t *settings;

	config = load("a { members = 192.168.0.1\n"
				  "    connections = home\n}");
	old = config->get_cluster(config, "home");
	ck_assert(old);

	settings = test_settings("b { members = 192.168.0.2\n"
							 "    connections = office\n}");
	config->load(config, settings, FALSE);
	settings->destroy(settings);

	assert_binding(config, "home", NULL);
	assert_binding(config, "office", "b");
	/* the reference taken before the reload stays valid */
	ck_assert_str_eq(old->get_name(old), "a");
	ck_assert(old->has_connection(old, "home"));
	old->destroy(old);
	config->destroy(config);
}
END_TEST

START_TEST(test_unknown_connection)
{
	cluster_failover_config_t *config;
	settings_t *settings;

	settings = test_settings("a { members = 192.168.0.1\n"
							 "    connections = home, lab\n}");
	config = cluster_failover_config_create("charon");
	config->load(config, settings, TRUE);
	settings->destroy(settings);

	/* no connection is loaded in the tests: both are reported, and stay
	 * bound for when they are loaded */
	ck_assert_int_eq(test_log_count("cluster 'a': unknown connection 'home' "
						"in " TEST_SECTION ".a.connections", NULL), 1);
	ck_assert_int_eq(test_log_count("unknown connection 'lab'", NULL), 1);
	assert_binding(config, "home", "a");
	assert_binding(config, "lab", "a");
	config->destroy(config);
}
END_TEST

START_TEST(test_unknown_connection_unchecked)
{
	cluster_failover_config_t *config;

	config = load("a { members = 192.168.0.1\n"
				  "    connections = home\n}");
	ck_assert_int_eq(test_log_count("unknown connection", NULL), 0);
	config->destroy(config);
}
END_TEST

Suite *config_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("config");

	tc = tcase_create("load");
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_bindings);
	tcase_add_test(tc, test_invalid_left_out);
	tcase_add_test(tc, test_connection_bound_twice);
	tcase_add_test(tc, test_reload);
	tcase_add_test(tc, test_unknown_connection);
	tcase_add_test(tc, test_unknown_connection_unchecked);
	suite_add_tcase(s, tc);

	return s;
}
