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
 * @defgroup cluster_failover_swanctl cluster_failover_swanctl
 * @{ @ingroup cluster_failover
 *
 * Reads the clusters defined in the top-level clusters section of
 * swanctl.conf and the files it includes, and reads them again once the
 * files changed.
 *
 * When the clusters are read again: update() takes one stat() per file
 * and searched directory (see cluster_failover_swanctl_files_t) and
 * re-reads only if one of them changed, or if forced (a reload of the
 * settings).  The caller calls it before each lookup of a cluster, so an
 * edit followed by "swanctl --load-all" is in effect for the next key
 * request, whatever vici did in between.
 *
 * A file caught mid-edit is never half-applied:
 *  - the files are read between two snapshots of their state; if the two
 *    differ, a file was written while it was read: nothing is applied and
 *    the next update() reads them again;
 *  - if the settings parser rejects the files (a syntax error, as a
 *    truncated file usually is), the clusters read before are kept, the
 *    failure is logged once, and the files are read again as soon as one
 *    of them changes;
 *  - a missing swanctl.conf defines no clusters.
 * A malformed cluster in valid files is logged in one line naming the file
 * defining it, the cluster and the key, and left out.
 *
 * Limits: a rewrite that keeps the size, the inode and the modification
 * time (within the file system's timestamp granularity, a few ms) of a
 * file read just before is not seen; a re-read runs in the thread of the
 * lookup (DNS members are resolved at each key request, not here).
 */

#ifndef CLUSTER_FAILOVER_SWANCTL_H_
#define CLUSTER_FAILOVER_SWANCTL_H_

#include "cluster_failover_cluster_parser.h"

/**
 * Section of swanctl.conf holding the clusters
 */
#define CLUSTER_FAILOVER_SWANCTL_SECTION "clusters"

typedef struct cluster_failover_swanctl_t cluster_failover_swanctl_t;

/**
 * The clusters of a swanctl.conf.  Not thread-safe: the caller serializes
 * update() with itself and with enumerations.
 */
struct cluster_failover_swanctl_t {

	/**
	 * Read the clusters again if the files changed since they were last
	 * read, see the rules above.
	 *
	 * @param force		TRUE to read them again even if nothing changed
	 * @return			TRUE if the set of clusters was replaced
	 */
	bool (*update)(cluster_failover_swanctl_t *this, bool force);

	/**
	 * Enumerate the valid clusters read last.
	 *
	 * @return			enumerator over (cluster_failover_cluster_t*,
	 *					char *file defining it)
	 */
	enumerator_t *(*create_enumerator)(cluster_failover_swanctl_t *this);

	/**
	 * Get the file defining a cluster, valid or not.
	 *
	 * @param name		name of the cluster
	 * @return			file, NULL if swanctl.conf does not define it
	 */
	char *(*get_file)(cluster_failover_swanctl_t *this, char *name);

	/**
	 * Get the path of swanctl.conf.
	 *
	 * @return			path
	 */
	char *(*get_path)(cluster_failover_swanctl_t *this);

	/**
	 * Destroy a cluster_failover_swanctl_t.
	 */
	void (*destroy)(cluster_failover_swanctl_t *this);
};

/**
 * Create the clusters of a swanctl.conf, empty until the first update().
 *
 * @param path		path of swanctl.conf
 * @return			instance
 */
cluster_failover_swanctl_t *cluster_failover_swanctl_create(char *path);

/**
 * Get the configured path of swanctl.conf:
 * <ns>.plugins.cluster-failover.swanctl_conf, by default swanctl.conf in
 * $SWANCTL_DIR if that is set (as swanctl does), else in the swanctl
 * directory of the strongSwan build.
 *
 * @param settings	settings to read the option from
 * @param ns		namespace of the settings, e.g. "charon"
 * @return			allocated path
 */
char *cluster_failover_swanctl_conf(settings_t *settings, const char *ns);

#endif /** CLUSTER_FAILOVER_SWANCTL_H_ @}*/
