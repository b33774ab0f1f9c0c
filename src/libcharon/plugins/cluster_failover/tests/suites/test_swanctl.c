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
#include "../../cluster_failover_swanctl.h"

#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>

/**
 * Temporary directory holding swanctl.conf
 */
static char dir[64];

/**
 * Path of swanctl.conf in dir
 */
static char conf[128];

/**
 * Configuration under test
 */
static cluster_failover_config_t *config;

/**
 * Write a file in dir, by a rename as editors do if replace is set
 */
static void write_file(char *name, char *content, bool replace)
{
	char path[256], tmp[256];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	file = fopen(replace ? tmp : path, "w");
	ck_assert_msg(file, "writing %s failed", path);
	fputs(content, file);
	fclose(file);
	if (replace)
	{
		ck_assert(rename(tmp, path) == 0);
	}
}

/**
 * Load the config with the given strongswan.conf clusters
 */
static void load(char *clusters)
{
	settings_t *settings;

	settings = test_settings_swanctl(clusters, conf);
	config = cluster_failover_config_create("charon");
	config->load(config, settings, FALSE);
	settings->destroy(settings);
}

/**
 * Get the members of the cluster of a connection as a string, "" if none
 */
static char *members(char *conn)
{
	static char buf[256];
	cluster_failover_cluster_t *cluster;
	enumerator_t *enumerator;
	char *member;
	int len = 0;

	buf[0] = '\0';
	/* as where a key request starts */
	config->refresh(config);
	cluster = config->get_cluster(config, conn);
	if (!cluster)
	{
		return buf;
	}
	enumerator = cluster->create_member_enumerator(cluster);
	while (enumerator->enumerate(enumerator, &member))
	{
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "",
						member);
	}
	enumerator->destroy(enumerator);
	cluster->destroy(cluster);
	return buf;
}

static void setup()
{
	char sub[128];

	snprintf(dir, sizeof(dir), "/tmp/cf-swanctl-test-XXXXXX");
	ck_assert(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/swanctl.conf", dir);
	snprintf(sub, sizeof(sub), "%s/conf.d", dir);
	ck_assert(mkdir(sub, 0700) == 0);
	write_file("swanctl.conf",
		"connections {\n  home {\n    remote_addrs = 10.0.0.1\n  }\n}\n"
		"include conf.d/*.conf\n"
		"clusters {\n  top {\n    members = 10.0.9.1\n"
		"    connections = other\n  }\n}\n", FALSE);
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.1, 10.0.0.2\n"
		"    connections = home\n    order = ordered\n  }\n}\n", FALSE);
	config = NULL;
}

static void teardown()
{
	char cmd[128];

	DESTROY_IF(config);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert(system(cmd) == 0);
}

START_TEST(test_includes)
{
	load("");
	ck_assert_int_eq(config->get_count(config), 2);
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	ck_assert_str_eq(members("other"), "10.0.9.1");
	ck_assert_int_eq(test_log_count("2 clusters loaded", NULL), 1);
}
END_TEST

START_TEST(test_edit_in_place)
{
	load("");
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.3\n"
		"    connections = home\n  }\n}\n", FALSE);
	ck_assert_str_eq(members("home"), "10.0.0.3");
	ck_assert_int_eq(test_log_count("loaded after a change of", conf, NULL),
					 1);
}
END_TEST

START_TEST(test_edit_replace)
{
	load("");
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.4, 10.0.0.1\n"
		"    connections = home\n  }\n}\n", TRUE);
	ck_assert_str_eq(members("home"), "10.0.0.4 10.0.0.1");
}
END_TEST

START_TEST(test_new_file)
{
	load("");
	ck_assert_str_eq(members("third"), "");
	write_file("conf.d/third.conf",
		"clusters {\n  third {\n    members = fec0::1\n"
		"    connections = third\n  }\n}\n", TRUE);
	ck_assert_str_eq(members("third"), "fec0::1");
	ck_assert_int_eq(config->get_count(config), 3);
}
END_TEST

START_TEST(test_unchanged)
{
	cluster_failover_cluster_t *a, *b;

	load("");
	a = config->get_cluster(config, "home");
	ck_assert(a);
	ck_assert_int_eq(config->get_count(config), 2);
	b = config->get_cluster(config, "home");
	ck_assert(a == b);
	ck_assert_int_eq(test_log_count("cluster-failover:", "loaded", NULL), 1);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_lookup_no_reread)
{
	cluster_failover_cluster_t *cluster;

	load("");
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.4\n"
		"    connections = home\n  }\n}\n", TRUE);
	/* a lookup outside a key request answers from what was read */
	cluster = config->get_cluster(config, "home");
	ck_assert(cluster);
	ck_assert_int_eq(cluster->get_member_count(cluster), 2);
	cluster->destroy(cluster);
	ck_assert_int_eq(test_log_count("cluster-failover:", "loaded", NULL), 1);
	/* the next key request reads the edit */
	ck_assert_str_eq(members("home"), "10.0.0.4");
}
END_TEST

START_TEST(test_reload)
{
	settings_t *settings;

	load("");
	settings = test_settings_swanctl("", conf);
	config->load(config, settings, FALSE);
	settings->destroy(settings);
	/* forced: read again although unchanged */
	ck_assert_int_eq(test_log_count("2 clusters loaded", NULL), 1);
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
}
END_TEST

START_TEST(test_parse_error_keeps)
{
	load("");
	/* caught mid-edit: the section is not closed yet */
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.7\n", FALSE);
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	ck_assert_str_eq(members("other"), "10.0.9.1");
	ck_assert_int_eq(test_log_count(conf, "is invalid, the 2 clusters read "
									"from it before are kept", NULL), 1);
	/* logged once, not read again while unchanged */
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	ck_assert_int_eq(test_log_count("is invalid", NULL), 1);
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.7\n"
		"    connections = home\n  }\n}\n", FALSE);
	ck_assert_str_eq(members("home"), "10.0.0.7");
}
END_TEST

START_TEST(test_malformed)
{
	char file[256];

	write_file("conf.d/bad.conf",
		"clusters {\n  bad {\n    members = 10.0.0.5\n"
		"    connections = bad\n    order = sometimes\n  }\n}\n", FALSE);
	load("");
	snprintf(file, sizeof(file), "%s/conf.d/bad.conf", dir);
	ck_assert_int_eq(test_log_count("cluster 'bad' in ", file,
						": invalid clusters.bad.order = 'sometimes'",
						"cluster ignored", NULL), 1);
	ck_assert_str_eq(members("bad"), "");
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	ck_assert_int_eq(config->get_count(config), 2);
}
END_TEST

START_TEST(test_duplicate)
{
	char file[256];

	load("office {\nmembers = 10.0.8.1\nconnections = home\n}\n"
		 "own {\nmembers = 10.0.8.2\nconnections = own\n}\n");
	snprintf(file, sizeof(file), "%s/conf.d/office.conf", dir);
	ck_assert_int_eq(test_log_count("cluster 'office': defined twice, in ",
						file, "(clusters.office)", "in strongswan.conf "
						"(charon.plugins.cluster-failover.clusters.office)",
						"the definition in", NULL), 1);
	ck_assert_str_eq(members("home"), "10.0.0.1 10.0.0.2");
	ck_assert_str_eq(members("own"), "10.0.8.2");
	ck_assert_int_eq(config->get_count(config), 3);
}
END_TEST

START_TEST(test_duplicate_invalid)
{
	/* an invalid definition in swanctl.conf does not let the one in
	 * strongswan.conf take over unnoticed */
	write_file("conf.d/office.conf",
		"clusters {\n  office {\n    members = 10.0.0.1\n"
		"    connections = home\n    heartbeat = often\n  }\n}\n", FALSE);
	load("office {\nmembers = 10.0.8.1\nconnections = home\n}\n");
	ck_assert_int_eq(test_log_count("cluster 'office': defined twice",
									NULL), 1);
	ck_assert_str_eq(members("home"), "");
}
END_TEST

START_TEST(test_missing)
{
	unlink(conf);
	load("own {\nmembers = 10.0.8.2\nconnections = own\n}\n");
	ck_assert_int_eq(config->get_count(config), 1);
	ck_assert_str_eq(members("own"), "10.0.8.2");
	write_file("swanctl.conf", "clusters {\n  late {\n    members = "
			   "10.0.0.9\n    connections = late\n  }\n}\n", FALSE);
	ck_assert_str_eq(members("late"), "10.0.0.9");
}
END_TEST

START_TEST(test_default_path)
{
	settings_t *settings;
	char *path;

	settings = settings_create_string("charon {}");
	unsetenv("SWANCTL_DIR");
	path = cluster_failover_swanctl_conf(settings, "charon");
	ck_assert_str_eq(path, CF_SWANCTLDIR "/swanctl.conf");
	free(path);
	setenv("SWANCTL_DIR", dir, 1);
	path = cluster_failover_swanctl_conf(settings, "charon");
	ck_assert_str_eq(path, conf);
	free(path);
	unsetenv("SWANCTL_DIR");
	settings->destroy(settings);

	settings = test_settings_swanctl("", "/x/y.conf");
	path = cluster_failover_swanctl_conf(settings, "charon");
	ck_assert_str_eq(path, "/x/y.conf");
	free(path);
	settings->destroy(settings);
}
END_TEST

Suite *swanctl_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("swanctl");

	tc = tcase_create("reading");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_includes);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_default_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("change detection");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_edit_in_place);
	tcase_add_test(tc, test_edit_replace);
	tcase_add_test(tc, test_new_file);
	tcase_add_test(tc, test_unchanged);
	tcase_add_test(tc, test_lookup_no_reread);
	tcase_add_test(tc, test_reload);
	tcase_add_test(tc, test_parse_error_keeps);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_duplicate);
	tcase_add_test(tc, test_duplicate_invalid);
	suite_add_tcase(s, tc);

	return s;
}
