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

#include <unistd.h>

#include <dirent.h>
#include <stdio.h>

/**
 * Read a file into a NUL-terminated buffer
 */
static char *read_file(char *path)
{
	FILE *file;
	char *buf;
	long len;

	file = fopen(path, "rb");
	ck_assert_msg(file, "opening %s failed", path);
	fseek(file, 0, SEEK_END);
	len = ftell(file);
	fseek(file, 0, SEEK_SET);
	buf = calloc(1, len + 1);
	ck_assert(fread(buf, 1, len, file) == len);
	fclose(file);
	return buf;
}

/**
 * A valid cluster loaded next to each corpus entry
 */
#define NEIGHBOUR "valid {\nmembers = 192.168.0.9\n" \
				  "connections = neighbour\n}\n"

/**
 * Write a file
 */
static void write_file(char *path, char *fmt, char *arg)
{
	FILE *file;

	file = fopen(path, "w");
	ck_assert_msg(file, "writing %s failed", path);
	fprintf(file, fmt, arg);
	fclose(file);
}

/**
 * Load the config from strongswan.conf clusters and a swanctl.conf, check
 * the expected message and that the neighbour is bound
 */
static void check_entry(char *path, char *clusters, char *swanctl_conf,
						char *expect, bool in_file)
{
	cluster_failover_config_t *config;
	cluster_failover_cluster_t *cluster;
	settings_t *settings;

	settings = test_settings_swanctl(clusters, swanctl_conf);
	config = cluster_failover_config_create("charon");
	config->load(config, settings, TRUE);

	ck_assert_msg(test_log_count(expect, NULL) >= 1,
				  "%s: no log message with '%s'", path, expect);
	if (in_file && !test_log_count(expect, swanctl_conf, NULL))
	{	/* only messages not about a key may leave out the file */
		ck_assert_msg(!test_log_count(expect, "invalid", NULL) &&
					  !test_log_count(expect, "unknown", NULL) &&
					  !test_log_count(expect, "missing", NULL),
					  "%s: '%s' does not name %s", path, expect,
					  swanctl_conf);
	}
	cluster = config->get_cluster(config, "neighbour");
	ck_assert_msg(cluster, "%s: the valid cluster was not loaded", path);
	cluster->destroy(cluster);

	config->destroy(config);
	settings->destroy(settings);
}

/**
 * The expected message of an entry read from swanctl.conf
 */
static char *swanctl_expect(char *expect)
{
	char *prefix = "charon.plugins.cluster-failover.", *pos, *copy;

	copy = strdup(expect);
	pos = strstr(copy, prefix);
	if (pos)
	{
		memmove(pos, pos + strlen(prefix), strlen(pos + strlen(prefix)) + 1);
	}
	return copy;
}

/**
 * Every malformed or hostile configuration in the corpus is reported with
 * the message its first line expects, and a valid cluster next to it is
 * still loaded and bound.  An entry whose second line is "# form: swanctl"
 * is a complete swanctl.conf; every other entry is the body of a clusters
 * section, tried both in strongswan.conf and in swanctl.conf, where the
 * message must also name the file.
 */
START_TEST(test_corpus)
{
	struct dirent **entries;
	char path[PATH_MAX], dir[] = "/tmp/cf-corpus-XXXXXX", conf[64];
	char *content, *clusters, *expect, *end, *sw;
	int count, i;

	ck_assert(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/swanctl.conf", dir);

	count = scandir(CORPUS_DIR, &entries, NULL, alphasort);
	ck_assert_msg(count > 2, "no corpus in %s", CORPUS_DIR);
	for (i = 0; i < count; i++)
	{
		if (!strstr(entries[i]->d_name, ".conf"))
		{
			free(entries[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR,
				 entries[i]->d_name);
		free(entries[i]);
		content = read_file(path);
		ck_assert_msg(strpfx(content, "# expect: "), "%s: no expect line",
					  path);
		expect = content + strlen("# expect: ");
		end = strchr(expect, '\n');
		ck_assert(end);
		*end = '\0';

		if (strpfx(end + 1, "# form: swanctl\n"))
		{
			write_file(conf, "%s", end + 1);
			check_entry(path, NEIGHBOUR, conf, expect, TRUE);
			free(content);
			continue;
		}
		clusters = malloc(strlen(end + 1) + 128);
		sprintf(clusters, "%s\n" NEIGHBOUR, end + 1);
		check_entry(path, clusters, TEST_NO_SWANCTL_CONF, expect, FALSE);

		write_file(conf, "clusters {\n%s\n}\n", clusters);
		sw = swanctl_expect(expect);
		check_entry(path, "", conf, sw, TRUE);
		free(sw);
		free(clusters);
		free(content);
	}
	free(entries);
	unlink(conf);
	rmdir(dir);
}
END_TEST

Suite *corpus_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("corpus");

	tc = tcase_create("malformed configurations");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_corpus);
	suite_add_tcase(s, tc);

	return s;
}
