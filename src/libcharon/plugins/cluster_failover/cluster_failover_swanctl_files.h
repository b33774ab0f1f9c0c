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
 * @defgroup cluster_failover_swanctl_files cluster_failover_swanctl_files
 * @{ @ingroup cluster_failover
 *
 * Tells whether swanctl.conf or anything it includes changed: a snapshot
 * of the identity and modification state of the file, of every file it
 * includes and of every directory an include pattern with wildcards
 * searches.
 */

#ifndef CLUSTER_FAILOVER_SWANCTL_FILES_H_
#define CLUSTER_FAILOVER_SWANCTL_FILES_H_

#include <library.h>

typedef struct cluster_failover_swanctl_files_t
		cluster_failover_swanctl_files_t;

/**
 * The files of a swanctl.conf, as they were when the snapshot was taken.
 *
 * The include statements are found the way libstrongswan's settings parser
 * finds them (an "include" word followed by a pattern, relative to the
 * directory of the including file, expanded with glob(3)), recursively.
 * Reading more than the parser would (e.g. "include" in a value) only
 * watches a file more.  Each entry records the device, inode, size, change
 * and modification times (ns) of the path, or that it is missing, so that
 * edits in place, files replaced by rename and files created or removed in
 * a conf.d directory are all seen.  Not thread-safe.
 */
struct cluster_failover_swanctl_files_t {

	/**
	 * Check whether any of the files changed since the snapshot: one
	 * stat() per entry, no file is read.
	 *
	 * @return			TRUE if a file or a searched directory changed
	 */
	bool (*changed)(cluster_failover_swanctl_files_t *this);

	/**
	 * Compare with another snapshot.
	 *
	 * @param other		other snapshot
	 * @return			TRUE if both saw the same files in the same state
	 */
	bool (*equals)(cluster_failover_swanctl_files_t *this,
				   cluster_failover_swanctl_files_t *other);

	/**
	 * Check whether the top file exists.
	 *
	 * @return			TRUE if swanctl.conf existed for the snapshot
	 */
	bool (*exists)(cluster_failover_swanctl_files_t *this);

	/**
	 * Enumerate the existing regular files, every included file before
	 * the file including it, the top file last.
	 *
	 * @return			enumerator over char* paths
	 */
	enumerator_t *(*create_enumerator)(cluster_failover_swanctl_files_t *this);

	/**
	 * Get the number of entries (files and directories) of the snapshot.
	 *
	 * @return			number of entries
	 */
	int (*get_count)(cluster_failover_swanctl_files_t *this);

	/**
	 * Destroy a cluster_failover_swanctl_files_t.
	 */
	void (*destroy)(cluster_failover_swanctl_files_t *this);
};

/**
 * Take a snapshot of a swanctl.conf and the files it includes.
 *
 * @param path		path of swanctl.conf
 * @return			snapshot
 */
cluster_failover_swanctl_files_t *cluster_failover_swanctl_files_create(
															char *path);

#endif /** CLUSTER_FAILOVER_SWANCTL_FILES_H_ @}*/
