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
 * @defgroup cluster_failover_cluster_parser cluster_failover_cluster_parser
 * @{ @ingroup cluster_failover
 *
 * Builds a cluster from a settings section: checks its keys and applies the
 * defaults, independent of where the section comes from.
 */

#ifndef CLUSTER_FAILOVER_CLUSTER_PARSER_H_
#define CLUSTER_FAILOVER_CLUSTER_PARSER_H_

#include "cluster_failover_cluster.h"

#include <settings/settings.h>

/**
 * Read and validate a cluster from a settings section.
 *
 * Problems are logged in one line each, naming the cluster and the key.
 * Members given as DNS names are not resolved here, but at each key
 * request (see cluster_failover_resolver), so this never blocks.
 *
 * @param settings	settings to read from
 * @param parent	section holding the cluster's section <parent>.<name>,
 *					e.g. charon.plugins.cluster-failover.clusters, not a
 *					printf format
 * @param name		name of the cluster
 * @return			cluster, NULL if the configuration is invalid
 */
cluster_failover_cluster_t *cluster_failover_cluster_parse(
						settings_t *settings, char *parent, char *name);

/**
 * Read and validate a cluster from a settings section read from a file,
 * like cluster_failover_cluster_parse(), naming the file in the logs.
 *
 * @param settings	settings to read from
 * @param parent	section holding the cluster's section, e.g. clusters
 * @param name		name of the cluster
 * @param file		file defining the cluster, NULL for strongswan.conf
 * @return			cluster, NULL if the configuration is invalid
 */
cluster_failover_cluster_t *cluster_failover_cluster_parse_file(
						settings_t *settings, char *parent, char *name,
						char *file);

#endif /** CLUSTER_FAILOVER_CLUSTER_PARSER_H_ @}*/
