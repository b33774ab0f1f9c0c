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
#include "../../cluster_failover_state.h"
#include "../../cluster_failover_metrics.h"
#include "../../cluster_failover_exporter.h"
#include "../../cluster_failover_cluster_parser.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static cluster_failover_holddown_t *holddown;
static cluster_failover_state_t *state;
static cluster_failover_cluster_t *cluster;
static host_t *a, *b, *c;
static u_int changes;

static void count_change(void *data)
{
	changes++;
}

static void setup()
{
	settings_t *settings;

	settings = test_settings("office {\nmembers = 10.0.0.1 10.0.0.2 fec0::3\n"
							 "connections = home\nheartbeat = instant\n}");
	cluster = cluster_failover_cluster_parse(settings, TEST_SECTION,
											 "office");
	ck_assert(cluster);
	settings->destroy(settings);
	holddown = cluster_failover_holddown_create();
	state = cluster_failover_state_create(holddown);
	state->set_changed(state, count_change, NULL);
	changes = 0;
	a = host_create_from_string("10.0.0.1", 0);
	b = host_create_from_string("10.0.0.2", 0);
	c = host_create_from_string("fec0::3", 0);
}

static void teardown()
{
	state->destroy(state);
	holddown->destroy(holddown);
	cluster->destroy(cluster);
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
}

/**
 * Render the metrics at a time, returned allocated
 */
static char *render(uint64_t now)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	out = open_memstream(&buf, &len);
	ck_assert(out);
	cluster_failover_metrics_render(state, now, out);
	fclose(out);
	return buf;
}

/**
 * Check that the metrics hold a line exactly (or not)
 */
static void assert_line(char *metrics, char *line, bool present)
{
	char *pos, *end;
	bool found = FALSE;

	for (pos = metrics; pos && *pos; pos = end ? end + 1 : NULL)
	{
		end = strchr(pos, '\n');
		if (end && strlen(line) == end - pos &&
			strneq(pos, line, end - pos))
		{
			found = TRUE;
			break;
		}
	}
	if (found != present)
	{
		fprintf(stderr, "%s", metrics);
		ck_assert_msg(FALSE, "line '%s' %s", line,
					  present ? "missing" : "present");
	}
}

#define L "{connection=\"home\",cluster=\"office\""

START_TEST(test_member_state)
{
	uint32_t left = 7;

	ck_assert_int_eq(cluster_failover_member_state(a, a, b, 0, 0, NULL,
								&left), CF_MEMBER_IN_USE);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(cluster_failover_member_state(b, a, b, 0, 0, NULL,
								&left), CF_MEMBER_STANDBY);
	/* held down: the time left counts down with the clock */
	ck_assert_int_eq(cluster_failover_member_state(c, a, b, 5000, 1500,
								"no answer", &left), CF_MEMBER_HELD_DOWN);
	ck_assert_int_eq(left, 3500);
	/* the hold-down is over: failed, with its reason */
	ck_assert_int_eq(cluster_failover_member_state(c, a, b, 5000, 5000,
								"no answer", &left), CF_MEMBER_FAILED);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(cluster_failover_member_state(c, a, NULL, 0, 5000,
								NULL, &left), CF_MEMBER_UNUSED);
	/* in use beats held down (a member that came back) */
	ck_assert_int_eq(cluster_failover_member_state(a, a, NULL, 9000, 100,
								"no answer", &left), CF_MEMBER_IN_USE);
}
END_TEST

START_TEST(test_unknown_connection)
{
	char *metrics;

	/* events of connections without a key request are ignored */
	state->in_use(state, "home", a);
	state->failover(state, "home", a, b, "heartbeat timeout", 1, 2, 3);
	metrics = render(0);
	assert_line(metrics, "cluster_failover_failovers_total" L "} 1", FALSE);
	ck_assert(strstr(metrics, "# TYPE cluster_failover_failovers_total "
					 "counter\n"));
	ck_assert_int_eq(changes, 0);
	free(metrics);
}
END_TEST

START_TEST(test_connect)
{
	char *metrics;

	state->key_request(state, "home", cluster, NULL);
	state->failed(state, "home", a, "no answer", TRUE);
	holddown->failed(holddown, "office", a, 1000, 60000);
	state->in_use(state, "home", b);
	metrics = render(11000);
	assert_line(metrics, "cluster_failover_key_requests_total" L "} 1", TRUE);
	assert_line(metrics, "cluster_failover_members_skipped_total" L "} 1",
				TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.2\",state=\"in_use\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.1\",state=\"held_down\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.1\",state=\"in_use\"} 0", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"fec0::3\",state=\"unused\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_holddown_remaining_seconds"
				L ",member=\"10.0.0.1\"} 50.000", TRUE);
	assert_line(metrics, "cluster_failover_member_failure_info" L
				",member=\"10.0.0.1\",reason=\"no answer\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_heartbeat_state" L
				",state=\"up\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_failovers_total" L "} 0", TRUE);
	/* no failover yet */
	ck_assert(!strstr(metrics, "last_failover_info{"));
	free(metrics);

	/* the hold-down ends: failed, with the reason */
	metrics = render(61000);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.1\",state=\"failed\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_holddown_remaining_seconds"
				L ",member=\"10.0.0.1\"} 0.000", TRUE);
	free(metrics);
	ck_assert_int_eq(changes, 3);
}
END_TEST

START_TEST(test_resolved_members)
{
	linked_list_t *resolved;
	enumerator_t *members;
	host_t *dns, *gone;
	char *metrics, *first, *second;

	/* a key request with a resolved DNS member, and one without it */
	dns = host_create_from_string("10.0.0.9", 0);
	resolved = linked_list_create_with_items(b, dns, NULL);
	members = resolved->create_enumerator(resolved);
	state->key_request(state, "home", cluster, members);
	members->destroy(members);
	metrics = render(0);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.9\",state=\"unused\"} 1", TRUE);
	/* IP members first in the configured order, then the resolved ones */
	first = strstr(metrics, "member=\"fec0::3\"");
	second = strstr(metrics, "member=\"10.0.0.9\"");
	ck_assert(first && second && first < second);
	free(metrics);

	gone = host_create_from_string("10.0.0.10", 0);
	resolved->remove(resolved, dns, NULL);
	resolved->insert_last(resolved, gone);
	members = resolved->create_enumerator(resolved);
	state->key_request(state, "home", cluster, members);
	members->destroy(members);
	metrics = render(0);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.9\",state=\"unused\"} 1", FALSE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.10\",state=\"unused\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.2\",state=\"unused\"} 1", TRUE);
	free(metrics);
	resolved->destroy(resolved);
	dns->destroy(dns);
	gone->destroy(gone);
}
END_TEST

START_TEST(test_failover)
{
	char *metrics;

	state->key_request(state, "home", cluster, NULL);
	state->in_use(state, "home", a);
	state->standby(state, "home", c);
	state->heartbeat(state, "home", CF_HB_WAITING, 1, TRUE);
	state->heartbeat(state, "home", CF_HB_WAITING, 2, TRUE);
	state->heartbeat(state, "home", CF_HB_LOST, 2, FALSE);
	metrics = render(0);
	assert_line(metrics, "cluster_failover_heartbeat_state" L
				",state=\"lost\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_heartbeats_unanswered" L "} 2",
				TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"fec0::3\",state=\"standby\"} 1", TRUE);
	free(metrics);

	state->failed(state, "home", a, "heartbeat timeout", FALSE);
	holddown->failed(holddown, "office", a, 2000, 60000);
	state->key_request(state, "home", cluster, NULL);
	state->in_use(state, "home", c);
	state->failover(state, "home", a, c, "heartbeat timeout", 2001, 30,
					1767225600);
	metrics = render(2500);
	assert_line(metrics, "cluster_failover_failovers_total" L "} 1", TRUE);
	assert_line(metrics, "cluster_failover_key_requests_total" L "} 2", TRUE);
	assert_line(metrics, "cluster_failover_heartbeats_sent_total" L "} 2",
				TRUE);
	assert_line(metrics, "cluster_failover_members_skipped_total" L "} 0",
				TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"fec0::3\",state=\"in_use\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"fec0::3\",state=\"standby\"} 0", TRUE);
	assert_line(metrics, "cluster_failover_member_state" L
				",member=\"10.0.0.1\",state=\"held_down\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_heartbeat_state" L
				",state=\"up\"} 1", TRUE);
	assert_line(metrics, "cluster_failover_last_failover_info" L
				",from=\"10.0.0.1\",to=\"fec0::3\",cause=\"heartbeat timeout\"}"
				" 1", TRUE);
	assert_line(metrics, "cluster_failover_last_failover_timestamp_seconds" L
				"} 1767225600", TRUE);
	assert_line(metrics, "cluster_failover_last_failover_detection_seconds" L
				"} 2.001", TRUE);
	assert_line(metrics, "cluster_failover_last_failover_rehome_seconds" L
				"} 0.030", TRUE);
	free(metrics);
}
END_TEST

START_TEST(test_heartbeat_changes)
{
	state->key_request(state, "home", cluster, NULL);
	changes = 0;
	/* every tick reports: only changes and heartbeats sent count */
	state->heartbeat(state, "home", CF_HB_UP, 0, FALSE);
	state->heartbeat(state, "home", CF_HB_UP, 0, FALSE);
	ck_assert_int_eq(changes, 0);
	state->heartbeat(state, "home", CF_HB_WAITING, 1, TRUE);
	state->heartbeat(state, "home", CF_HB_WAITING, 1, FALSE);
	ck_assert_int_eq(changes, 1);
	state->heartbeat(state, "home", CF_HB_PATH_DOWN, 1, FALSE);
	ck_assert_int_eq(changes, 2);
}
END_TEST

START_TEST(test_escape)
{
	char *metrics;

	state->key_request(state, "a\"b\\c", cluster, NULL);
	state->in_use(state, "a\"b\\c", a);
	state->failed(state, "a\"b\\c", b, "bad\nline", TRUE);
	metrics = render(0);
	assert_line(metrics, "cluster_failover_member_failure_info"
				"{connection=\"a\\\"b\\\\c\",cluster=\"office\","
				"member=\"10.0.0.2\",reason=\"bad\\nline\"} 1", TRUE);
	free(metrics);
}
END_TEST

START_TEST(test_order)
{
	char *metrics, *x, *y;

	state->key_request(state, "zz", cluster, NULL);
	state->key_request(state, "aa", cluster, NULL);
	metrics = render(0);
	x = strstr(metrics, "key_requests_total{connection=\"aa\"");
	y = strstr(metrics, "key_requests_total{connection=\"zz\"");
	ck_assert(x && y && x < y);
	/* each family once, HELP and TYPE first */
	x = strstr(metrics, "# HELP cluster_failover_key_requests_total ");
	ck_assert(x && x < strstr(metrics, "key_requests_total{"));
	ck_assert(!strstr(x + 1, "# HELP cluster_failover_key_requests_total "));
	free(metrics);
}
END_TEST

/**
 * Count the entries of a directory
 */
static int count_entries(char *dir)
{
	struct dirent *entry;
	int count = 0;
	DIR *d;

	d = opendir(dir);
	ck_assert(d);
	while ((entry = readdir(d)))
	{
		if (entry->d_name[0] != '.' || strlen(entry->d_name) > 2)
		{
			count += !streq(entry->d_name, "..");
		}
	}
	closedir(d);
	return count;
}

START_TEST(test_exporter)
{
	char dir[] = "/tmp/cf-metrics-XXXXXX", path[PATH_MAX], content[16384];
	cluster_failover_exporter_t *exporter;
	struct stat st;
	size_t len;
	FILE *file;

	ck_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/missing", dir);
	lib->settings->set_str(lib->settings,
					"charon.plugins.cluster-failover.metrics.directory", path);
	exporter = cluster_failover_exporter_create(state);
	state->key_request(state, "home", cluster, NULL);
	test_log_clear();
	/* the directory is missing: logged once, the writes go on */
	ck_assert(!exporter->write(exporter));
	ck_assert(!exporter->write(exporter));
	ck_assert_int_eq(test_log_count("cannot write metrics to", path,
									"No such file or directory", NULL), 1);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert(exporter->write(exporter));
	ck_assert(exporter->write(exporter));
	ck_assert_int_eq(test_log_count("metrics written to", "again", NULL), 1);

	/* written complete, by rename: no temporary file is left */
	ck_assert_int_eq(count_entries(path), 1);
	snprintf(path, sizeof(path), "%s/missing/%s", dir, CF_METRICS_FILE);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	file = fopen(path, "r");
	ck_assert(file);
	len = fread(content, 1, sizeof(content) - 1, file);
	fclose(file);
	content[len] = '\0';
	assert_line(content, "cluster_failover_key_requests_total" L "} 1", TRUE);

	/* off by default: no write */
	lib->settings->set_str(lib->settings,
					"charon.plugins.cluster-failover.metrics.directory", "");
	exporter->reload(exporter);
	ck_assert(!exporter->write(exporter));
	exporter->destroy(exporter);
	unlink(path);
	snprintf(path, sizeof(path), "%s/missing", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

Suite *state_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("state");

	tc = tcase_create("member state");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_member_state);
	suite_add_tcase(s, tc);

	tc = tcase_create("metrics");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unknown_connection);
	tcase_add_test(tc, test_connect);
	tcase_add_test(tc, test_resolved_members);
	tcase_add_test(tc, test_failover);
	tcase_add_test(tc, test_heartbeat_changes);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("exporter");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_exporter);
	suite_add_tcase(s, tc);

	return s;
}
