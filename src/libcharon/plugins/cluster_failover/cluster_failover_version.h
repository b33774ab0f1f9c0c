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
 * @defgroup cluster_failover_version cluster_failover_version
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_VERSION_H_
#define CLUSTER_FAILOVER_VERSION_H_

#include <library.h>

/**
 * strongSwan version the plugin is built for: that of the configured tree
 * (VERSION of its config.h), unless overridden at build time, e.g. to
 * demonstrate the refusal with
 * CPPFLAGS='-DCLUSTER_FAILOVER_BUILT_FOR=\"5.9.7\"'.
 */
#ifndef CLUSTER_FAILOVER_BUILT_FOR
#define CLUSTER_FAILOVER_BUILT_FOR VERSION
#endif

typedef enum cluster_failover_version_t cluster_failover_version_t;

/**
 * Outcome of comparing the version of a daemon with the expected one.
 */
enum cluster_failover_version_t {
	/** the daemon is the expected version */
	CLUSTER_FAILOVER_VERSION_MATCH,
	/** the daemon is another version */
	CLUSTER_FAILOVER_VERSION_MISMATCH,
	/** the daemon's version was not found */
	CLUSTER_FAILOVER_VERSION_UNKNOWN,
};

/**
 * Compare the strongSwan version compiled into a daemon's executable with
 * the expected one.
 *
 * libstrongswan and libcharon carry no version; every strongSwan daemon
 * has it compiled in as the string literal VERSION.  charon, charon-cmd
 * and charon-nm paste it into their start banner ("strongSwan 5.9.8, ..."
 * or "(strongSwan 5.9.8)"); charon-systemd passes it to a "%s", so it
 * appears as a string of its own.  A version is digits and dots, with at
 * least one dot, and an optional suffix of letters and digits ("6.0.0rc1").
 *
 * The banner decides if there is one: the daemon matches if any banner
 * names the expected version, else it is the version of the first banner.
 * Without a banner, the daemon matches if the image holds the expected
 * version as a NUL-terminated string of its own, else it is the first such
 * version string.
 *
 * @param image		contents of the daemon's executable
 * @param expected	version expected, e.g. "5.9.8"
 * @param found		receives the version found, the expected one if it
 *					matches, "" if none
 * @param len		size of found
 * @return			outcome
 */
cluster_failover_version_t cluster_failover_version_compare(chunk_t image,
								char *expected, char *found, size_t len);

/**
 * Check that the running daemon (/proc/self/exe) is the strongSwan version
 * the plugin is built for, CLUSTER_FAILOVER_BUILT_FOR.
 *
 * Logs one line if it is not, or if its version cannot be told.
 *
 * @return			TRUE if the plugin may be loaded
 */
bool cluster_failover_version_check();

#endif /** CLUSTER_FAILOVER_VERSION_H_ @}*/
