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
 * The table of key requests in progress: entries by IKE_SA, failover
 * epochs, IKE_SAs being re-established, with their lock; and the creation
 * of key requests in member order.
 */

#include "cluster_failover_requests.h"
#include "cluster_failover_state.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_requests_t
		private_cluster_failover_requests_t;

/**
 * Private data of a cluster_failover_requests_t object.
 */
struct private_cluster_failover_requests_t {

	/**
	 * Public interface
	 */
	cluster_failover_requests_t public;

	/**
	 * Member ordering
	 */
	cluster_failover_order_t *order;

	/**
	 * Failed members, tried last
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Addresses of the members
	 */
	cluster_failover_resolver_t *resolver;

	/**
	 * Key requests in progress, unique IKE_SA id => entry
	 */
	hashtable_t *entries;

	/**
	 * Lock for all of the table
	 */
	mutex_t *mutex;

	/**
	 * IKE_SAs being re-established by charon, ike_sa_t*
	 */
	linked_list_t *reestablishing;

	/**
	 * Failover epoch of each connection, name => epoch_t, see cancel()
	 */
	hashtable_t *epochs;
};

/**
 * Failover epoch of a connection
 */
typedef struct {

	/**
	 * Name of the connection, the key
	 */
	char *name;

	/**
	 * Failovers cancelled so far
	 */
	u_int epoch;

} epoch_t;

static void epoch_destroy(epoch_t *epoch)
{
	free(epoch->name);
	free(epoch);
}

/*
 * Described in header
 */
void cluster_failover_spec_clone(cluster_failover_spec_t *dst,
								 cluster_failover_spec_t *src)
{
	*dst = (cluster_failover_spec_t){
		.purpose = src->purpose,
		.only = src->only ? src->only->clone(src->only) : NULL,
		.exclude = src->exclude ? src->exclude->clone(src->exclude) : NULL,
		.vips = cluster_failover_vips_clone(src->vips),
	};
}

/*
 * Described in header
 */
void cluster_failover_spec_free(cluster_failover_spec_t *spec)
{
	DESTROY_IF(spec->only);
	DESTROY_IF(spec->exclude);
	cluster_failover_vips_destroy(spec->vips);
}

/*
 * Described in header
 */
void cluster_failover_entry_destroy(cluster_failover_entry_t *entry)
{
	entry->request->destroy(entry->request);
	cluster_failover_spec_free(&entry->spec);
	free(entry);
}

/*
 * Described in header
 */
void cluster_failover_log_request(char *name, cluster_failover_entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	enumerator_t *members;
	char buf[512];

	cluster = entry->request->get_cluster(entry->request);
	members = entry->request->create_member_enumerator(entry->request);
	cluster_failover_state_key_request(name, cluster, members);
	members->destroy(members);
	charon->bus->log(charon->bus, DBG_CFG,
		cluster_failover_request_level(entry->waits),
		"cluster '%s': key request %u for '%s' (%N), members in order: %s",
		cluster->get_name(cluster), entry->round, name,
		cluster_failover_purpose_names, entry->spec.purpose,
		entry->request->describe_order(entry->request, buf, sizeof(buf)));
}

/*
 * Described in header
 */
void cluster_failover_log_exhausted(char *name,
									cluster_failover_entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	char buf[512];

	cluster = entry->request->get_cluster(entry->request);
	charon->bus->log(charon->bus, DBG_CFG,
		cluster_failover_request_level(entry->waits),
		"cluster '%s': key request %u for '%s' failed, all members failed: "
		"%s", cluster->get_name(cluster), entry->round, name,
		entry->request->describe(entry->request, buf, sizeof(buf)));
}

METHOD(cluster_failover_requests_t, lock, void,
	private_cluster_failover_requests_t *this)
{
	this->mutex->lock(this->mutex);
}

METHOD(cluster_failover_requests_t, unlock, void,
	private_cluster_failover_requests_t *this)
{
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_requests_t, get, cluster_failover_entry_t*,
	private_cluster_failover_requests_t *this, uint32_t id)
{
	return this->entries->get(this->entries, (void*)(uintptr_t)id);
}

METHOD(cluster_failover_requests_t, put, cluster_failover_entry_t*,
	private_cluster_failover_requests_t *this, cluster_failover_entry_t *entry)
{
	return this->entries->put(this->entries, (void*)(uintptr_t)entry->id,
							  entry);
}

METHOD(cluster_failover_requests_t, remove_, cluster_failover_entry_t*,
	private_cluster_failover_requests_t *this, uint32_t id)
{
	return this->entries->remove(this->entries, (void*)(uintptr_t)id);
}

METHOD(cluster_failover_requests_t, take, cluster_failover_entry_t*,
	private_cluster_failover_requests_t *this, uint32_t id)
{
	cluster_failover_entry_t *entry;

	this->mutex->lock(this->mutex);
	entry = remove_(this, id);
	this->mutex->unlock(this->mutex);
	return entry;
}

METHOD(cluster_failover_requests_t, has, bool,
	private_cluster_failover_requests_t *this, uint32_t id)
{
	bool found;

	this->mutex->lock(this->mutex);
	found = get(this, id) != NULL;
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(cluster_failover_requests_t, get_count, u_int,
	private_cluster_failover_requests_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->entries->get_count(this->entries);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(cluster_failover_requests_t, get_epoch, u_int,
	private_cluster_failover_requests_t *this, char *name)
{
	epoch_t *epoch;

	epoch = this->epochs->get(this->epochs, name);
	return epoch ? epoch->epoch : 0;
}

METHOD(cluster_failover_requests_t, cancel, void,
	private_cluster_failover_requests_t *this, char *name)
{
	epoch_t *epoch;

	this->mutex->lock(this->mutex);
	epoch = this->epochs->get(this->epochs, name);
	if (!epoch)
	{	/* the key is our own copy of the name, the hashtable keeps it */
		INIT(epoch,
			.name = strdup(name),
		);
		this->epochs->put(this->epochs, epoch->name, epoch);
	}
	epoch->epoch++;
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_requests_t, cancelled, bool,
	private_cluster_failover_requests_t *this, cluster_failover_spec_t *spec,
	char *name, u_int epoch)
{
	bool cancelled;

	if (spec->purpose != CF_PURPOSE_FAILOVER)
	{
		return FALSE;
	}
	this->mutex->lock(this->mutex);
	cancelled = get_epoch(this, name) != epoch;
	this->mutex->unlock(this->mutex);
	return cancelled;
}

METHOD(cluster_failover_requests_t, add_reestablishing, void,
	private_cluster_failover_requests_t *this, ike_sa_t *ike_sa)
{
	this->mutex->lock(this->mutex);
	this->reestablishing->insert_last(this->reestablishing, ike_sa);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_requests_t, remove_reestablishing, void,
	private_cluster_failover_requests_t *this, ike_sa_t *ike_sa)
{
	this->mutex->lock(this->mutex);
	this->reestablishing->remove(this->reestablishing, ike_sa, NULL);
	this->mutex->unlock(this->mutex);
}

/**
 * Matcher for IKE_SAs with a given IKE_SA ID
 */
CALLBACK(ike_sa_matches, bool,
	ike_sa_t *current, va_list args)
{
	ike_sa_id_t *id;

	VA_ARGS_VGET(args, id);
	return id->equals(id, current->get_id(current));
}

METHOD(cluster_failover_requests_t, find_reestablishing, ike_sa_t*,
	private_cluster_failover_requests_t *this, ike_sa_id_t *id)
{
	ike_sa_t *found = NULL;

	this->mutex->lock(this->mutex);
	this->reestablishing->find_first(this->reestablishing, ike_sa_matches,
									 (void**)&found, id);
	this->mutex->unlock(this->mutex);
	return found;
}

/**
 * Collect the addresses of a cluster's members for a key request, all but
 * an excluded one; names skipped are logged and added to skipped
 */
static linked_list_t *collect_members(
								private_cluster_failover_requests_t *this,
								cluster_failover_cluster_t *cluster,
								cluster_failover_spec_t *spec,
								linked_list_t *skipped)
{
	enumerator_t *enumerator;
	linked_list_t *members;
	host_t *member;
	char *name;

	members = this->resolver->collect(this->resolver, cluster, skipped);
	if (spec->exclude)
	{
		enumerator = members->create_enumerator(members);
		while (enumerator->enumerate(enumerator, &member))
		{
			if (member->ip_equals(member, spec->exclude))
			{
				members->remove_at(members, enumerator);
				member->destroy(member);
			}
		}
		enumerator->destroy(enumerator);
	}
	enumerator = skipped->create_enumerator(skipped);
	while (enumerator->enumerate(enumerator, &name))
	{
		DBG1(DBG_IKE, "cluster '%s': member %s skipped for this key request",
			 cluster->get_name(cluster), name);
	}
	enumerator->destroy(enumerator);
	return members;
}

METHOD(cluster_failover_requests_t, prepare, void,
	private_cluster_failover_requests_t *this,
	cluster_failover_cluster_t *cluster)
{
	this->resolver->lookup(this->resolver, cluster);
}

METHOD(cluster_failover_requests_t, create_request,
	cluster_failover_request_t*, private_cluster_failover_requests_t *this,
	cluster_failover_cluster_t *cluster, cluster_failover_spec_t *spec)
{
	cluster_failover_request_t *request;
	linked_list_t *order, *members, *last, *skipped;
	char *name;

	if (spec->only)
	{
		order = linked_list_create_with_items(spec->only->clone(spec->only),
											  NULL);
		return cluster_failover_request_create(cluster, order);
	}
	skipped = linked_list_create();
	members = collect_members(this, cluster, spec, skipped);
	last = this->holddown->create_list(this->holddown,
								cluster->get_name(cluster),
								cluster_failover_now());
	order = this->order->create(this->order, cluster->get_order(cluster),
								members, last);
	last->destroy_offset(last, offsetof(host_t, destroy));
	members->destroy_offset(members, offsetof(host_t, destroy));
	if (!order)
	{
		skipped->destroy_function(skipped, free);
		return NULL;
	}
	request = cluster_failover_request_create(cluster, order);
	while (skipped->remove_first(skipped, (void**)&name) == SUCCESS)
	{
		request->add_skipped(request, name);
	}
	skipped->destroy(skipped);
	return request;
}

METHOD(cluster_failover_requests_t, destroy, void,
	private_cluster_failover_requests_t *this)
{
	enumerator_t *enumerator;
	cluster_failover_entry_t *entry;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		cluster_failover_entry_destroy(entry);
	}
	enumerator->destroy(enumerator);
	this->entries->destroy(this->entries);
	this->reestablishing->destroy(this->reestablishing);
	this->epochs->destroy_function(this->epochs, (void*)epoch_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_requests_t *cluster_failover_requests_create(
								cluster_failover_order_t *order,
								cluster_failover_holddown_t *holddown,
								cluster_failover_resolver_t *resolver)
{
	private_cluster_failover_requests_t *this;

	INIT(this,
		.public = {
			.lock = _lock,
			.unlock = _unlock,
			.get = _get,
			.put = _put,
			.remove = _remove_,
			.take = _take,
			.has = _has,
			.get_count = _get_count,
			.get_epoch = _get_epoch,
			.cancel = _cancel,
			.cancelled = _cancelled,
			.add_reestablishing = _add_reestablishing,
			.remove_reestablishing = _remove_reestablishing,
			.find_reestablishing = _find_reestablishing,
			.prepare = _prepare,
			.create_request = _create_request,
			.destroy = _destroy,
		},
		.order = order,
		.holddown = holddown,
		.resolver = resolver,
		.entries = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.reestablishing = linked_list_create(),
		.epochs = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								   8),
	);

	return &this->public;
}
