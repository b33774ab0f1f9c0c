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
 * In-process tests of the plugin's concurrent core: IKEv2 exchanges
 * between two IKE_SAs of one charon, driven by libcharon's
 * exchange_test_helper, compiled from the configured strongSwan tree and
 * run by strongSwan's test runner.
 */

#include <stdio.h>
#include <unistd.h>

#include <test_runner.h>
#include <daemon.h>

#include <tests/utils/exchange_test_helper.h>

/* declare test suite constructors */
#define TEST_SUITE(x) test_suite_t* x();
#include "exchange_tests.h"
#undef TEST_SUITE

static test_configuration_t tests[] = {
#define TEST_SUITE(x) \
	{ .suite = x, },
#include "exchange_tests.h"
	{ .suite = NULL, }
};

static bool test_runner_init(bool init)
{
	if (init)
	{
		char *plugins;

		libcharon_init();
		/* the installed daemon's plugins, from its plugin directory */
		plugins = getenv("TESTS_PLUGINS") ?: PLUGINS;
		exchange_test_helper_init(plugins);
	}
	else
	{
		exchange_test_helper_deinit();
		libcharon_deinit();
	}
	return TRUE;
}

int main(int argc, char *argv[])
{
	char conf[] = "/tmp/cluster-failover-exchange-tests-XXXXXX";
	int fd, ret;

	/* run with an empty strongswan.conf, not the machine's */
	if (!getenv("TESTS_STRONGSWAN_CONF"))
	{
		fd = mkstemp(conf);
		if (fd < 0)
		{
			perror("mkstemp");
			return 1;
		}
		close(fd);
		setenv("TESTS_STRONGSWAN_CONF", conf, 1);
	}
	ret = test_runner_run("cluster-failover exchanges", tests,
						  test_runner_init);
	unlink(conf);
	return ret;
}
