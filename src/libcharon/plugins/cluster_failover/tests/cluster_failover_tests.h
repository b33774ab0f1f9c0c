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

/**
 * @defgroup cluster_failover_tests cluster_failover_tests
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_TESTS_H_
#define CLUSTER_FAILOVER_TESTS_H_

#include <check.h>
#include <library.h>

#include "test_log.h"

/**
 * Test suite of the cluster configuration.
 */
Suite *cluster_suite_create();

/**
 * Test suite of the set of clusters.
 */
Suite *config_suite_create();

/**
 * Test suite of the clusters of swanctl.conf.
 */
Suite *swanctl_suite_create();

/**
 * Test suite of the member ordering.
 */
Suite *order_suite_create();

/**
 * Test suite of the key requests.
 */
Suite *request_suite_create();

/**
 * Test suite of the decision how a key request goes on.
 */
Suite *attempt_suite_create();

/**
 * Test suite of the table of key requests.
 */
Suite *requests_suite_create();

/**
 * Test suite of the resolution of DNS members per key request.
 */
Suite *resolver_suite_create();

/**
 * Test suite of the heartbeat state machine.
 */
Suite *heartbeat_suite_create();

/**
 * Test suite of the hold-down of failed members.
 */
Suite *holddown_suite_create();

/**
 * Test suite of the operators' state, its metrics and their file.
 */
Suite *state_suite_create();

/**
 * Test suite of the data-path probes.
 */
Suite *probe_suite_create();

/**
 * Test suite of the state and decision of a watched IKE_SA.
 */
Suite *watch_suite_create();

/**
 * Test suite of the liveness shared by the IKE_SAs with a member.
 */
Suite *member_suite_create();

/**
 * Test suite of the per-connection state machine.
 */
Suite *conn_suite_create();

/**
 * Test suite of the packet counters of the CHILD_SAs.
 */
Suite *traffic_suite_create();

/**
 * Test suite of the IKE_SAs deciding on INITIAL_CONTACT.
 */
Suite *contacts_suite_create();

/**
 * Test suite of the bound on key requests in flight.
 */
Suite *limiter_suite_create();

/**
 * Test suite of the readdressing of IKE_SA_INIT requests.
 */
Suite *retarget_suite_create();

/**
 * Test suite of the corpus of malformed configurations.
 */
Suite *corpus_suite_create();

/**
 * Test suite of the version guard.
 */
Suite *version_suite_create();


/**
 * Create settings holding the given clusters in TEST_SECTION.
 *
 * Clears the captured log messages.
 *
 * @param clusters	cluster sections, in strongswan.conf syntax
 * @return			settings
 */
settings_t *test_settings(char *clusters);

/**
 * Create settings like test_settings(), reading the clusters of
 * swanctl.conf from the given file.
 *
 * @param clusters		cluster sections, in strongswan.conf syntax
 * @param swanctl_conf	path of swanctl.conf
 * @return				settings
 */
settings_t *test_settings_swanctl(char *clusters, char *swanctl_conf);

/**
 * swanctl.conf of test_settings(), which does not exist
 */
#define TEST_NO_SWANCTL_CONF "/nonexistent/cluster-failover-tests/swanctl.conf"

/**
 * Create a host whose destruction is counted, to tell when the object
 * holding it is destroyed.  Its clones are counted as well.
 *
 * @param string	address
 * @param port		port
 * @return			host
 */
host_t *test_counted_host(char *string, uint16_t port);

/**
 * Get the number of hosts of test_counted_host() destroyed so far.
 *
 * @return			number of hosts destroyed
 */
u_int test_hosts_destroyed();

/**
 * Section holding the clusters in test_settings()
 */
#define TEST_SECTION "charon.plugins.cluster-failover.clusters"

#endif /** CLUSTER_FAILOVER_TESTS_H_ @}*/
