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
 * Every malformed or hostile configuration in the corpus is reported with
 * the message its first line expects, and a valid cluster next to it is
 * still loaded and bound.
 */
START_TEST(test_corpus)
{
	cluster_failover_config_t *config;
	cluster_failover_cluster_t *cluster;
	settings_t *settings;
	struct dirent **entries;
	char path[PATH_MAX], *content, *clusters, *expect, *end;
	int count, i;

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

		clusters = malloc(strlen(end + 1) + 128);
		sprintf(clusters, "%s\nvalid-neighbour {\nmembers = 192.168.0.9\n"
				"connections = neighbour\n}\n", end + 1);
		settings = test_settings(clusters);
		config = cluster_failover_config_create("charon");
		config->load(config, settings, TRUE);

		ck_assert_msg(test_log_count(expect, NULL) >= 1,
					  "%s: no log message with '%s'", path, expect);
		cluster = config->get_cluster(config, "neighbour");
		ck_assert_msg(cluster, "%s: the valid cluster was not loaded", path);
		cluster->destroy(cluster);

		config->destroy(config);
		settings->destroy(settings);
		free(clusters);
		free(content);
	}
	free(entries);
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
