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

/*
 * libFuzzer harness for the cluster configuration: the input is the body
 * of charon.plugins.cluster-failover.clusters in strongswan.conf syntax,
 * and then a swanctl.conf read by the swanctl source (as it is if it
 * mentions "clusters", else as the body of its clusters section).  Inputs
 * with include statements only go through the scan of the includes (which
 * reads regular files only and stops include loops), and only without
 * wildcards, which could search the whole file system; the settings parser
 * would open any path (/dev/stdin) and follow include loops.
 *
 * Build and run with "make fuzz" (needs clang), see testing/README.md.
 */

#define _GNU_SOURCE /* memmem() */
#include "../../cluster_failover_config.h"
#include "../../cluster_failover_swanctl_files.h"

#include <stdio.h>
#include <unistd.h>

#include <daemon.h>

/**
 * Logger discarding everything, but formatting each message
 */
static logger_t quiet;

METHOD(logger_t, quiet_log, void,
	logger_t *this, debug_t group, level_t level, int thread,
	ike_sa_t *ike_sa, const char *message)
{
}

METHOD(logger_t, quiet_get_level, level_t,
	logger_t *this, debug_t group)
{
	return LEVEL_PRIVATE;
}

/**
 * Directory and path of the fuzzed swanctl.conf
 */
static char swanctl_dir[] = "/tmp/cluster-failover-fuzz-swanctl-XXXXXX";
static char swanctl_conf[64];

/**
 * Load a swanctl.conf next to strongswan.conf clusters
 */
static void fuzz_swanctl(const uint8_t *data, size_t len)
{
	cluster_failover_swanctl_files_t *files;
	cluster_failover_config_t *config;
	settings_t *settings;
	char conf[128];
	FILE *file;
	bool whole;

	whole = memmem(data, len, "clusters", strlen("clusters")) != NULL;
	file = fopen(swanctl_conf, "w");
	if (!file)
	{
		return;
	}
	fprintf(file, "%s%.*s%s", whole ? "" : "clusters {\n", (int)len, data,
			whole ? "" : "\n}\n");
	fclose(file);
	if (memmem(data, len, "include", strlen("include")))
	{
		if (!memchr(data, '*', len) && !memchr(data, '?', len) &&
			!memchr(data, '[', len))
		{
			files = cluster_failover_swanctl_files_create(swanctl_conf);
			files->changed(files);
			files->destroy(files);
		}
		return;
	}
	snprintf(conf, sizeof(conf), "charon.plugins.cluster-failover {\n"
			 "swanctl_conf = %s\nclusters {\nc {\nmembers = 10.0.0.1\n"
			 "connections = home\n}\n}\n}\n", swanctl_conf);
	settings = settings_create_string(conf);
	config = cluster_failover_config_create("charon");
	config->load(config, settings, FALSE);
	config->get_count(config);
	config->destroy(config);
	settings->destroy(settings);
}

/**
 * Remove the fuzzed swanctl.conf at exit
 */
static void remove_swanctl(void)
{
	unlink(swanctl_conf);
	rmdir(swanctl_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char conf[] = "/tmp/cluster-failover-fuzz-XXXXXX";
	int fd;

	fd = mkstemp(conf);
	if (fd < 0)
	{
		return 1;
	}
	close(fd);
	if (!mkdtemp(swanctl_dir))
	{
		unlink(conf);
		return 1;
	}
	snprintf(swanctl_conf, sizeof(swanctl_conf), "%s/swanctl.conf",
			 swanctl_dir);
	atexit(remove_swanctl);
	setenv("STRONGSWAN_CONF", conf, 1);
	if (!library_init(NULL, "charon") || !libcharon_init())
	{
		unlink(conf);
		return 1;
	}
	unlink(conf);
	dbg_default_set_level(-1);
	quiet = (logger_t){
		.log = _quiet_log,
		.get_level = _quiet_get_level,
	};
	charon->bus->add_logger(charon->bus, &quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	cluster_failover_config_t *config;
	cluster_failover_cluster_t *cluster;
	settings_t *settings;
	const char head[] = "charon {\nplugins {\ncluster-failover {\nclusters {\n";
	char *str;

	if (memchr(data, '\0', len))
	{	/* the settings parser reads C strings */
		return 0;
	}
	str = malloc(sizeof(head) + len + 16);
	memcpy(str, head, sizeof(head) - 1);
	memcpy(str + sizeof(head) - 1, data, len);
	strcpy(str + sizeof(head) - 1 + len, "\n}\n}\n}\n}\n");
	settings = settings_create_string(str);
	config = cluster_failover_config_create("charon");
	config->load(config, settings, FALSE);
	cluster = config->get_cluster(config, "home");
	if (cluster)
	{
		char buf[256];

		cluster->describe(cluster, buf, sizeof(buf));
		cluster->destroy(cluster);
	}
	config->destroy(config);
	settings->destroy(settings);
	free(str);
	fuzz_swanctl(data, len);
	return 0;
}
