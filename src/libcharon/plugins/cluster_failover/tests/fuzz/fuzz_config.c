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
 * of charon.plugins.cluster-failover.clusters in strongswan.conf syntax.
 *
 * Build and run with "make fuzz" (needs clang), see testing/README.md.
 */

#include "../../cluster_failover_config.h"

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
	return 0;
}
