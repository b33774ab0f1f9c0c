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
 * @defgroup cluster_failover_config cluster_failover_config
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_CONFIG_H_
#define CLUSTER_FAILOVER_CONFIG_H_

#include "cluster_failover_cluster_parser.h"

/**
 * Settings section holding the clusters, with the namespace as argument
 */
#define CLUSTER_SECTION "%s.plugins.cluster-failover.clusters"

typedef struct cluster_failover_config_t cluster_failover_config_t;

/**
 * The set of configured clusters, and which connection is bound to which.
 *
 * Clusters are read from the subsections of
 * <ns>.plugins.cluster-failover.clusters in strongswan.conf and from the
 * top-level clusters section of swanctl.conf (see cluster_failover_swanctl,
 * the file is <ns>.plugins.cluster-failover.swanctl_conf); invalid clusters
 * are logged and left out, so that the daemon and all other connections
 * keep working.  A name defined in both files is logged as an error naming
 * both places, and the definition in swanctl.conf is used.
 *
 * Where a key request starts, refresh() checks whether swanctl.conf or a
 * file it includes changed (a few stat() calls) and, if so, reads it again:
 * the next key request after an edit uses the new definitions.  Other
 * lookups answer from what was read last, without touching the files.
 */
struct cluster_failover_config_t {

	/**
	 * Get the cluster a connection is bound to, as read last.
	 *
	 * @param connection	name of the connection (peer_cfg)
	 * @return				new reference to the cluster, NULL if none
	 */
	cluster_failover_cluster_t* (*get_cluster)(cluster_failover_config_t *this,
											   char *connection);

	/**
	 * Get the number of valid clusters, as read last.
	 *
	 * @return				number of clusters
	 */
	int (*get_count)(cluster_failover_config_t *this);

	/**
	 * Read swanctl.conf again if it or a file it includes changed.
	 *
	 * Called where a key request starts, before its cluster is looked up.
	 * A file caught mid-edit is reported once and read again when it
	 * changes next; the clusters read before are kept meanwhile.
	 */
	void (*refresh)(cluster_failover_config_t *this);

	/**
	 * (Re-)read the clusters from the settings and from swanctl.conf, even
	 * if it did not change, and log what was understood.
	 *
	 * On reload, clusters in use stay valid until their last reference is
	 * released.  Bound connections that are not loaded are reported, if
	 * requested, but stay bound, so that they work once they are loaded.
	 *
	 * @param settings		settings to read from
	 * @param check			TRUE to report bound connections not loaded
	 */
	void (*load)(cluster_failover_config_t *this, settings_t *settings,
				 bool check);

	/**
	 * Destroy a cluster_failover_config_t.
	 */
	void (*destroy)(cluster_failover_config_t *this);
};

/**
 * Create an empty cluster configuration, call load() to read it.
 *
 * @param ns		namespace of the settings, e.g. "charon"
 * @return			cluster configuration
 */
cluster_failover_config_t *cluster_failover_config_create(const char *ns);

#endif /** CLUSTER_FAILOVER_CONFIG_H_ @}*/
