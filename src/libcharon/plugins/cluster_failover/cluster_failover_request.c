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

#include "cluster_failover_request.h"

#include <collections/array.h>

ENUM(cluster_failover_failure_names, CF_FAILURE_TIMEOUT, CF_FAILURE_REDIRECT,
	"no answer",
	"unreachable",
	"authentication failed",
	"proposals rejected",
	"traffic selectors rejected",
	"closed by peer",
	"CHILD_SA rejected",
	"not established in time",
	"redirected",
);

typedef struct private_cluster_failover_request_t
		private_cluster_failover_request_t;

/**
 * Private data of a cluster_failover_request_t object.
 */
struct private_cluster_failover_request_t {

	/**
	 * Public interface
	 */
	cluster_failover_request_t public;

	/**
	 * Cluster of the request
	 */
	cluster_failover_cluster_t *cluster;

	/**
	 * Members in the order tried, host_t*
	 */
	array_t *members;

	/**
	 * Failure reason of each member tried, cluster_failover_failure_t
	 */
	array_t *failures;

	/**
	 * Members skipped without address, with their reason, char*
	 */
	array_t *skipped;
};

METHOD(cluster_failover_request_t, get_cluster, cluster_failover_cluster_t*,
	private_cluster_failover_request_t *this)
{
	return this->cluster;
}

METHOD(cluster_failover_request_t, get_member, host_t*,
	private_cluster_failover_request_t *this)
{
	host_t *member = NULL;

	array_get(this->members, array_count(this->failures), &member);
	return member;
}

METHOD(cluster_failover_request_t, get_attempt, int,
	private_cluster_failover_request_t *this)
{
	return array_count(this->failures) + 1;
}

METHOD(cluster_failover_request_t, get_count, int,
	private_cluster_failover_request_t *this)
{
	return array_count(this->members);
}

METHOD(cluster_failover_request_t, create_member_enumerator, enumerator_t*,
	private_cluster_failover_request_t *this)
{
	return array_create_enumerator(this->members);
}

METHOD(cluster_failover_request_t, answered, bool,
	private_cluster_failover_request_t *this)
{
	enumerator_t *enumerator;
	cluster_failover_failure_t *failure;
	bool answered = FALSE;

	enumerator = array_create_enumerator(this->failures);
	while (!answered && enumerator->enumerate(enumerator, &failure))
	{
		answered = *failure != CF_FAILURE_TIMEOUT &&
				   *failure != CF_FAILURE_UNREACHABLE;
	}
	enumerator->destroy(enumerator);
	return answered;
}

METHOD(cluster_failover_request_t, skip, host_t*,
	private_cluster_failover_request_t *this, cluster_failover_failure_t reason)
{
	if (array_count(this->failures) < array_count(this->members))
	{
		array_insert(this->failures, ARRAY_TAIL, &reason);
	}
	return get_member(this);
}

METHOD(cluster_failover_request_t, redirect, host_t*,
	private_cluster_failover_request_t *this, host_t *target)
{
	cluster_failover_failure_t reason = CF_FAILURE_REDIRECT;
	host_t *member;
	int current, i;

	current = array_count(this->failures);
	for (i = current + 1; i < array_count(this->members); i++)
	{
		array_get(this->members, i, &member);
		if (member->ip_equals(member, target))
		{
			array_remove(this->members, i, NULL);
			array_insert(this->members, current + 1, member);
			array_insert(this->failures, ARRAY_TAIL, &reason);
			return get_member(this);
		}
	}
	return NULL;
}

METHOD(cluster_failover_request_t, describe_order, char*,
	private_cluster_failover_request_t *this, char *buf, size_t len)
{
	host_t *member;
	char *pos = buf;
	int i, written;

	buf[0] = '\0';
	for (i = 0; i < array_count(this->members) && len > 1; i++)
	{
		array_get(this->members, i, &member);
		written = snprintf(pos, len, "%s%H", i ? ", " : "", member);
		written = min(written, len - 1);
		pos += written;
		len -= written;
	}
	return buf;
}

METHOD(cluster_failover_request_t, add_skipped, void,
	private_cluster_failover_request_t *this, char *skipped)
{
	array_insert(this->skipped, ARRAY_TAIL, skipped);
}

METHOD(cluster_failover_request_t, describe, char*,
	private_cluster_failover_request_t *this, char *buf, size_t len)
{
	cluster_failover_failure_t reason;
	host_t *member;
	char *pos = buf, *skipped;
	int i, written;

	buf[0] = '\0';
	for (i = 0; i < array_count(this->failures) && len > 1; i++)
	{
		array_get(this->members, i, &member);
		array_get(this->failures, i, &reason);
		written = snprintf(pos, len, "%s%H (%N)", i ? ", " : "", member,
						   cluster_failover_failure_names, reason);
		written = min(written, len - 1);
		pos += written;
		len -= written;
	}
	for (i = 0; i < array_count(this->skipped) && len > 1; i++)
	{
		array_get(this->skipped, i, &skipped);
		written = snprintf(pos, len, "%s%s", pos != buf ? ", " : "",
						   skipped);
		written = min(written, len - 1);
		pos += written;
		len -= written;
	}
	return buf;
}

/**
 * Free a skipped member, as array_callback_t
 */
static void free_skipped(void *data, int idx, void *user)
{
	free(data);
}

METHOD(cluster_failover_request_t, destroy, void,
	private_cluster_failover_request_t *this)
{
	array_destroy_offset(this->members, offsetof(host_t, destroy));
	array_destroy(this->failures);
	array_destroy_function(this->skipped, free_skipped, NULL);
	this->cluster->destroy(this->cluster);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_request_t *cluster_failover_request_create(
						cluster_failover_cluster_t *cluster,
						linked_list_t *order)
{
	private_cluster_failover_request_t *this;
	host_t *member;

	INIT(this,
		.public = {
			.get_cluster = _get_cluster,
			.get_member = _get_member,
			.get_attempt = _get_attempt,
			.skip = _skip,
			.redirect = _redirect,
			.get_count = _get_count,
			.create_member_enumerator = _create_member_enumerator,
			.answered = _answered,
			.describe_order = _describe_order,
			.add_skipped = _add_skipped,
			.describe = _describe,
			.destroy = _destroy,
		},
		.cluster = cluster->get_ref(cluster),
		.members = array_create(0, 0),
		.failures = array_create(sizeof(cluster_failover_failure_t), 0),
		.skipped = array_create(0, 0),
	);

	while (order->remove_first(order, (void**)&member) == SUCCESS)
	{
		array_insert(this->members, ARRAY_TAIL, member);
	}
	order->destroy(order);

	return &this->public;
}
