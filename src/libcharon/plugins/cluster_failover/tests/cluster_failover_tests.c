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

#include "cluster_failover_tests.h"

#include <stdio.h>
#include <unistd.h>

#include <daemon.h>

/*
 * Described in header
 */
settings_t *test_settings(char *clusters)
{
	return test_settings_swanctl(clusters, TEST_NO_SWANCTL_CONF);
}

/*
 * Described in header
 */
settings_t *test_settings_swanctl(char *clusters, char *swanctl_conf)
{
	settings_t *settings;
	char *str;

	str = malloc(strlen(clusters) + strlen(swanctl_conf) + 128);
	sprintf(str, "charon {\nplugins {\ncluster-failover {\n"
			"swanctl_conf = \"%s\"\nclusters {\n%s\n}\n}\n}\n}\n",
			swanctl_conf, clusters);
	test_log_clear();
	settings = settings_create_string(str);
	free(str);
	ck_assert_int_eq(test_log_count("failed to parse", NULL), 0);
	return settings;
}

/**
 * Hosts of test_counted_host() destroyed
 */
static u_int hosts_destroyed;

/**
 * Original destroy() of the hosts of test_counted_host()
 */
static void (*host_destroy)(host_t *this);

/**
 * destroy() of the hosts of test_counted_host()
 */
static void counted_host_destroy(host_t *this)
{
	hosts_destroyed++;
	host_destroy(this);
}

/*
 * Described in header
 */
host_t *test_counted_host(char *string, uint16_t port)
{
	host_t *host;

	host = host_create_from_string(string, port);
	ck_assert(host);
	host_destroy = host->destroy;
	host->destroy = counted_host_destroy;
	return host;
}

/*
 * Described in header
 */
u_int test_hosts_destroyed()
{
	return hosts_destroyed;
}

int main(int argc, char *argv[])
{
	SRunner *runner;
	char conf[] = "/tmp/cluster-failover-tests-XXXXXX";
	int failed, fd;

	/* run with an empty strongswan.conf, not the machine's */
	fd = mkstemp(conf);
	if (fd < 0)
	{
		perror("mkstemp");
		return 1;
	}
	close(fd);
	setenv("STRONGSWAN_CONF", conf, 1);
	if (!library_init(NULL, "charon") || !libcharon_init())
	{
		fprintf(stderr, "initializing libstrongswan/libcharon failed\n");
		unlink(conf);
		return 1;
	}
	unlink(conf);
	/* the installed daemon's RNG, for the random order, and SHA-1 for
	 * NAT-D hashes */
	if (!lib->plugins->load(lib->plugins, "random sha1"))
	{
		fprintf(stderr, "loading the random and sha1 plugins failed\n");
		return 1;
	}
	test_log_start(LEVEL_PRIVATE);

	runner = srunner_create(cluster_suite_create());
	srunner_add_suite(runner, config_suite_create());
	srunner_add_suite(runner, swanctl_suite_create());
	srunner_add_suite(runner, order_suite_create());
	srunner_add_suite(runner, request_suite_create());
	srunner_add_suite(runner, attempt_suite_create());
	srunner_add_suite(runner, requests_suite_create());
	srunner_add_suite(runner, resolver_suite_create());
	srunner_add_suite(runner, heartbeat_suite_create());
	srunner_add_suite(runner, holddown_suite_create());
	srunner_add_suite(runner, state_suite_create());
	srunner_add_suite(runner, probe_suite_create());
	srunner_add_suite(runner, watch_suite_create());
	srunner_add_suite(runner, member_suite_create());
	srunner_add_suite(runner, conn_suite_create());
	srunner_add_suite(runner, traffic_suite_create());
	srunner_add_suite(runner, contacts_suite_create());
	srunner_add_suite(runner, limiter_suite_create());
	srunner_add_suite(runner, retarget_suite_create());
	srunner_add_suite(runner, corpus_suite_create());
	srunner_add_suite(runner, version_suite_create());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);

	test_log_stop();
	libcharon_deinit();
	library_deinit();
	return failed ? 1 : 0;
}
