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

#include "cluster_failover_version.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/**
 * The running daemon's executable
 */
#define SELF_EXE "/proc/self/exe"

/**
 * What precedes the version in a start banner
 */
#define BANNER "strongSwan "

/**
 * Length of the version at pos: digits and dots, at least one dot, each dot
 * between digits, then an optional suffix of letters and digits; 0 if
 * there is none.
 */
static size_t version_len(u_char *pos, u_char *end)
{
	u_char *start = pos;
	bool dot = FALSE, digit = FALSE;

	while (pos < end)
	{
		if (isdigit(*pos))
		{
			digit = TRUE;
		}
		else if (*pos == '.' && digit)
		{
			dot = TRUE;
			digit = FALSE;
		}
		else
		{
			break;
		}
		pos++;
	}
	if (!dot || !digit)
	{
		return 0;
	}
	while (pos < end && isalnum(*pos))
	{
		pos++;
	}
	return pos - start;
}

/**
 * Check if the version at pos, of length len, is the expected one
 */
static bool is_expected(u_char *pos, size_t len, char *expected)
{
	return len == strlen(expected) && memeq(pos, expected, len);
}

/**
 * Remember the first version found
 */
static void keep_found(u_char *pos, size_t len, char *found, size_t size,
					   bool *have)
{
	if (!*have)
	{
		if (size)
		{
			snprintf(found, size, "%.*s", (int)len, pos);
		}
		*have = TRUE;
	}
}

/**
 * Return the expected version as the one found
 */
static cluster_failover_version_t found_expected(char *expected, char *found,
												 size_t size)
{
	if (size)
	{
		snprintf(found, size, "%s", expected);
	}
	return CLUSTER_FAILOVER_VERSION_MATCH;
}

/*
 * Described in header
 */
cluster_failover_version_t cluster_failover_version_compare(chunk_t image,
								char *expected, char *found, size_t len)
{
	u_char *pos, *end = image.ptr + image.len, *nul;
	size_t banner = strlen(BANNER), vlen;
	bool have = FALSE;

	if (len)
	{
		found[0] = '\0';
	}
	/* the start banners */
	pos = image.ptr;
	while (pos && pos < end)
	{
		pos = memstr(pos, BANNER, end - pos);
		if (!pos)
		{
			break;
		}
		pos += banner;
		vlen = version_len(pos, end);
		if (vlen)
		{
			if (is_expected(pos, vlen, expected))
			{
				return found_expected(expected, found, len);
			}
			keep_found(pos, vlen, found, len, &have);
		}
	}
	if (have)
	{
		return CLUSTER_FAILOVER_VERSION_MISMATCH;
	}
	/* the NUL-terminated strings that are versions, each starting at the
	 * start of the image or after a NUL */
	pos = image.ptr;
	while (pos && pos < end)
	{
		nul = memchr(pos, '\0', end - pos);
		if (!nul)
		{
			break;
		}
		vlen = version_len(pos, nul);
		if (vlen && pos + vlen == nul)
		{
			if (is_expected(pos, vlen, expected))
			{
				return found_expected(expected, found, len);
			}
			keep_found(pos, vlen, found, len, &have);
		}
		pos = nul + 1;
	}
	return have ? CLUSTER_FAILOVER_VERSION_MISMATCH
				: CLUSTER_FAILOVER_VERSION_UNKNOWN;
}

/*
 * Described in header
 */
bool cluster_failover_version_check()
{
	char path[PATH_MAX], found[32];
	chunk_t *image;
	ssize_t len;
	int err;

	len = readlink(SELF_EXE, path, sizeof(path) - 1);
	if (len < 0)
	{
		snprintf(path, sizeof(path), "%s", SELF_EXE);
	}
	else
	{
		path[len] = '\0';
	}
	image = chunk_map(SELF_EXE, FALSE);
	if (!image)
	{
		err = errno;
		DBG1(DBG_CFG, "cluster-failover: built for strongSwan %s, cannot "
			 "read the running daemon %s (%s): plugin not loaded",
			 CLUSTER_FAILOVER_BUILT_FOR, path, strerror(err));
		return FALSE;
	}
	switch (cluster_failover_version_compare(*image,
							CLUSTER_FAILOVER_BUILT_FOR, found, sizeof(found)))
	{
		case CLUSTER_FAILOVER_VERSION_MATCH:
			chunk_unmap(image);
			return TRUE;
		case CLUSTER_FAILOVER_VERSION_MISMATCH:
			DBG1(DBG_CFG, "cluster-failover: built for strongSwan %s, but "
				 "the running daemon %s is strongSwan %s: plugin not loaded, "
				 "install the plugin built for %s", CLUSTER_FAILOVER_BUILT_FOR,
				 path, found, found);
			break;
		case CLUSTER_FAILOVER_VERSION_UNKNOWN:
			DBG1(DBG_CFG, "cluster-failover: built for strongSwan %s, but "
				 "the running daemon %s names no strongSwan version: plugin "
				 "not loaded", CLUSTER_FAILOVER_BUILT_FOR, path);
			break;
	}
	chunk_unmap(image);
	return FALSE;
}
