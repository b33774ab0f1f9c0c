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

#include "cluster_failover_resolver.h"
#include "cluster_failover_parse.h"
#include "cluster_failover_util.h"

#include <ctype.h>
#include <netdb.h>

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <threading/condvar.h>
#include <threading/mutex.h>
#include <threading/thread.h>

typedef struct private_cluster_failover_resolver_t
		private_cluster_failover_resolver_t;

/**
 * Private data of a cluster_failover_resolver_t object.
 */
struct private_cluster_failover_resolver_t {

	/**
	 * Public interface
	 */
	cluster_failover_resolver_t public;

	/**
	 * Resolver for DNS names
	 */
	cluster_failover_resolve_t resolve;

	/**
	 * Time lookup() waits at most, in ms
	 */
	uint32_t timeout;

	/**
	 * Looked up names, lower case name => name_t
	 */
	hashtable_t *names;

	/**
	 * Lock for names
	 */
	mutex_t *mutex;

	/**
	 * Signalled when a lookup is answered
	 */
	condvar_t *answered;

	/**
	 * References: the owner and each lookup job
	 */
	refcount_t ref;
};

/**
 * A DNS name, its lookups and its latest answer
 */
typedef struct {

	/**
	 * The name in lower case, the key
	 */
	char *name;

	/**
	 * Lookups started
	 */
	u_int started;

	/**
	 * Lookups answered; one is in progress if less than started
	 */
	u_int done;

	/**
	 * Addresses of the latest answer, host_t*
	 */
	linked_list_t *hosts;

	/**
	 * Error of the latest answer, 0 for none
	 */
	int error;

} name_t;

/**
 * A lookup waited for: the name and the number of lookups to reach
 */
typedef struct {

	/**
	 * The name
	 */
	name_t *name;

	/**
	 * Value of name->done that answers the wait
	 */
	u_int until;

} wait_t;

/**
 * Data of a lookup job
 */
typedef struct {

	/**
	 * Resolver, holding a reference
	 */
	private_cluster_failover_resolver_t *this;

	/**
	 * Name to look up, lower case
	 */
	char *name;

} lookup_t;

static void name_destroy(name_t *name)
{
	name->hosts->destroy_offset(name->hosts, offsetof(host_t, destroy));
	free(name->name);
	free(name);
}

/**
 * Release a reference, destroy the resolver with the last one
 */
static void put_ref(private_cluster_failover_resolver_t *this)
{
	if (ref_put(&this->ref))
	{
		this->names->destroy_function(this->names, (void*)name_destroy);
		this->answered->destroy(this->answered);
		this->mutex->destroy(this->mutex);
		free(this);
	}
}

static void lookup_destroy(lookup_t *lookup)
{
	put_ref(lookup->this);
	free(lookup->name);
	free(lookup);
}

/**
 * Store the answer of a lookup and wake the waiting threads
 */
static void answer(private_cluster_failover_resolver_t *this, char *key,
				   linked_list_t *hosts, int error)
{
	name_t *name;
	host_t *host;

	this->mutex->lock(this->mutex);
	name = this->names->get(this->names, key);
	name->done = name->started;
	name->error = error;
	name->hosts->destroy_offset(name->hosts, offsetof(host_t, destroy));
	name->hosts = linked_list_create();
	while (hosts->remove_first(hosts, (void**)&host) == SUCCESS)
	{
		host->set_port(host, 0);
		name->hosts->insert_last(name->hosts, host);
	}
	if (!error && !name->hosts->get_count(name->hosts))
	{
		name->error = EAI_NONAME;
	}
	this->answered->broadcast(this->answered);
	this->mutex->unlock(this->mutex);
}

/**
 * Look up a name in a worker; the thread may be cancelled at shutdown
 * while it waits for DNS
 */
static job_requeue_t lookup_job(lookup_t *lookup)
{
	linked_list_t *hosts;
	bool old;
	int error;

	hosts = linked_list_create();
	thread_cleanup_push((void*)hosts->destroy, hosts);
	old = thread_cancelability(TRUE);
	error = lookup->this->resolve(lookup->name, hosts);
	thread_cancelability(old);
	thread_cleanup_pop(FALSE);
	if (error)
	{
		DBG2(DBG_IKE, "cluster-failover: resolving '%s' failed: %s",
			 lookup->name, gai_strerror(error));
	}
	answer(lookup->this, lookup->name, hosts, error);
	hosts->destroy_offset(hosts, offsetof(host_t, destroy));
	return JOB_REQUEUE_NONE;
}

/**
 * Let the processor cancel the thread of a lookup job
 */
static bool lookup_cancel(lookup_t *lookup)
{
	return FALSE;
}

/**
 * Get the entry of a name, with the lock held; the key is in lower case
 */
static name_t *get_name(private_cluster_failover_resolver_t *this,
						char *member)
{
	char key[256];
	name_t *name;
	int i;

	for (i = 0; member[i] && i < sizeof(key) - 1; i++)
	{
		key[i] = tolower(member[i]);
	}
	key[i] = '\0';
	name = this->names->get(this->names, key);
	if (!name)
	{
		INIT(name,
			.name = strdup(key),
			.hosts = linked_list_create(),
		);
		this->names->put(this->names, name->name, name);
	}
	return name;
}

/**
 * Start a lookup of a name unless one is in progress, with the lock held;
 * returns the number of lookups the answer must reach
 */
static u_int start(private_cluster_failover_resolver_t *this, name_t *name)
{
	lookup_t *lookup;

	if (name->done == name->started)
	{
		name->started++;
		INIT(lookup,
			.this = this,
			.name = strdup(name->name),
		);
		ref_get(&this->ref);
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio((void*)lookup_job, lookup,
								(void*)lookup_destroy, (void*)lookup_cancel,
								JOB_PRIO_MEDIUM));
	}
	return name->started;
}

/**
 * Check if a member is a DNS name
 */
static bool is_name(char *member)
{
	host_t *host;

	host = host_create_from_string(member, 0);
	if (host)
	{
		host->destroy(host);
		return FALSE;
	}
	return TRUE;
}

/**
 * Check if the lookups waited for are answered, with the lock held
 */
static bool all_done(array_t *waits)
{
	enumerator_t *enumerator;
	wait_t *wait;
	bool done = TRUE;

	enumerator = array_create_enumerator(waits);
	while (done && enumerator->enumerate(enumerator, &wait))
	{
		done = wait->name->done >= wait->until;
	}
	enumerator->destroy(enumerator);
	return done;
}

METHOD(cluster_failover_resolver_t, lookup, void,
	private_cluster_failover_resolver_t *this,
	cluster_failover_cluster_t *cluster)
{
	enumerator_t *enumerator;
	array_t *waits;
	timeval_t until;
	wait_t wait;
	char *member;

	waits = array_create(sizeof(wait), 0);
	this->mutex->lock(this->mutex);
	enumerator = cluster->create_member_enumerator(cluster);
	while (enumerator->enumerate(enumerator, &member))
	{
		if (is_name(member))
		{
			wait.name = get_name(this, member);
			wait.until = start(this, wait.name);
			array_insert(waits, ARRAY_TAIL, &wait);
		}
	}
	enumerator->destroy(enumerator);

	time_monotonic(&until);
	timeval_add_ms(&until, this->timeout);
	while (!all_done(waits))
	{
		if (this->answered->timed_wait_abs(this->answered, this->mutex,
										   until))
		{
			break;
		}
	}
	this->mutex->unlock(this->mutex);
	array_destroy(waits);
}

/**
 * Add a copy of an address unless it is known already
 */
static void add_address(linked_list_t *addresses, host_t *host)
{
	if (!addresses->find_first(addresses, cluster_failover_host_matches,
							   NULL, host))
	{
		host = host->clone(host);
		host->set_port(host, 0);
		addresses->insert_last(addresses, host);
	}
}

/**
 * Add the latest answer for a name, or why there is none, with the lock
 * held
 */
static void add_name(private_cluster_failover_resolver_t *this,
					 linked_list_t *addresses, linked_list_t *skipped,
					 char *member)
{
	enumerator_t *enumerator;
	name_t *name;
	host_t *host;
	char reason[512];

	name = get_name(this, member);
	if (name->hosts->get_count(name->hosts))
	{
		enumerator = name->hosts->create_enumerator(name->hosts);
		while (enumerator->enumerate(enumerator, &host))
		{
			add_address(addresses, host);
		}
		enumerator->destroy(enumerator);
		return;
	}
	if (name->error)
	{
		snprintf(reason, sizeof(reason), "%s (DNS: %s)", member,
				 gai_strerror(name->error));
	}
	else
	{
		snprintf(reason, sizeof(reason), "%s (DNS: no answer within %ums)",
				 member, this->timeout);
	}
	skipped->insert_last(skipped, strdup(reason));
}

METHOD(cluster_failover_resolver_t, collect, linked_list_t*,
	private_cluster_failover_resolver_t *this,
	cluster_failover_cluster_t *cluster, linked_list_t *skipped)
{
	enumerator_t *enumerator;
	linked_list_t *addresses;
	host_t *host;
	char *member;

	addresses = linked_list_create();
	this->mutex->lock(this->mutex);
	enumerator = cluster->create_member_enumerator(cluster);
	while (enumerator->enumerate(enumerator, &member))
	{
		host = host_create_from_string(member, 0);
		if (host)
		{
			add_address(addresses, host);
			host->destroy(host);
		}
		else
		{
			add_name(this, addresses, skipped, member);
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return addresses;
}

METHOD(cluster_failover_resolver_t, is_member, bool,
	private_cluster_failover_resolver_t *this,
	cluster_failover_cluster_t *cluster, host_t *host)
{
	linked_list_t *addresses, *skipped;
	bool found;

	skipped = linked_list_create();
	addresses = collect(this, cluster, skipped);
	found = addresses->find_first(addresses, cluster_failover_host_matches,
								  NULL, host);
	addresses->destroy_offset(addresses, offsetof(host_t, destroy));
	skipped->destroy_function(skipped, free);
	return found;
}

METHOD(cluster_failover_resolver_t, destroy, void,
	private_cluster_failover_resolver_t *this)
{
	put_ref(this);
}

/*
 * Described in header
 */
cluster_failover_resolver_t *cluster_failover_resolver_create(
								cluster_failover_resolve_t resolve,
								uint32_t timeout)
{
	private_cluster_failover_resolver_t *this;

	INIT(this,
		.public = {
			.lookup = _lookup,
			.collect = _collect,
			.is_member = _is_member,
			.destroy = _destroy,
		},
		.resolve = resolve ?: cluster_failover_resolve_dns,
		.timeout = timeout,
		.names = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								  8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.answered = condvar_create(CONDVAR_TYPE_DEFAULT),
		.ref = 1,
	);

	return &this->public;
}
