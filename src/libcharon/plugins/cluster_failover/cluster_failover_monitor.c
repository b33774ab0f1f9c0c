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

#include "cluster_failover_monitor.h"
#include "cluster_failover_tick.h"
#include "cluster_failover_liveness.h"
#include "cluster_failover_members.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_monitor_t
		private_cluster_failover_monitor_t;

/**
 * Private data of a cluster_failover_monitor_t object.
 */
struct private_cluster_failover_monitor_t {

	/**
	 * Public interface
	 */
	cluster_failover_monitor_t public;

	/**
	 * Watched IKE_SAs, unique id => watch_t
	 */
	hashtable_t *watches;

	/**
	 * Members of the watched IKE_SAs
	 */
	cluster_failover_members_t *members;

	/**
	 * Lock for watches and members
	 */
	mutex_t *mutex;

	/**
	 * Ticks of the watches
	 */
	cluster_failover_tick_t *tick;

	/**
	 * Data-path probes
	 */
	cluster_failover_probe_t *probe;

	/**
	 * Counter to tell watches of the same IKE_SA apart
	 */
	u_int generation;

	/**
	 * Last probe identifier allocated
	 */
	uint16_t ident;
};

/**
 * A watched IKE_SA
 */
typedef struct {

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * IKE_SA id (SPIs) of the IKE_SA, to check it out without a search
	 */
	ike_sa_id_t *ike_sa_id;

	/**
	 * Generation of this watch, to ignore jobs of earlier ones
	 */
	u_int generation;

	/**
	 * Identifier of the data-path probes, kept through IKE rekeyings
	 */
	uint16_t ident;

	/**
	 * Cluster of the connection
	 */
	cluster_failover_cluster_t *cluster;

	/**
	 * Heartbeat, traffic and probe state, and the decision
	 */
	cluster_failover_watch_t *state;

	/**
	 * Member of the IKE_SA
	 */
	cluster_failover_member_t *member;

	/**
	 * Name of the IKE_SA's connection
	 */
	char *name;

	/**
	 * Kernel SAs of the IKE_SA's CHILD_SAs last read with it checked out,
	 * NULL if none
	 */
	array_t *sas;

	/**
	 * Time they were read
	 */
	uint64_t sas_read;

	/**
	 * Last request sent on the IKE_SA while still unanswered, NULL if none
	 */
	packet_t *request;

	/**
	 * Message ID of that request
	 */
	uint32_t request_mid;

} watch_t;

/**
 * A chain of ticks of a watch to start
 */
typedef struct {

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Generation of the watch
	 */
	u_int generation;

} chain_t;

/**
 * Get the watch of an IKE_SA, with lock held
 */
static inline watch_t *get_watch(private_cluster_failover_monitor_t *this,
								 uint32_t id)
{
	return this->watches->get(this->watches, (void*)(uintptr_t)id);
}

/**
 * Forget the kernel SAs of a watch
 */
static void forget_sas(watch_t *watch)
{
	if (watch->sas)
	{
		cluster_failover_kernel_sas_destroy(watch->sas);
		watch->sas = NULL;
	}
}

static void watch_destroy(watch_t *watch)
{
	forget_sas(watch);
	free(watch->name);
	DESTROY_IF(watch->request);
	watch->ike_sa_id->destroy(watch->ike_sa_id);
	watch->state->destroy(watch->state);
	watch->cluster->destroy(watch->cluster);
	free(watch);
}


/**
 * Allocate a probe identifier no other watch uses, with lock held (there
 * are far fewer watches than identifiers)
 */
static uint16_t allocate_ident(private_cluster_failover_monitor_t *this)
{
	enumerator_t *enumerator;
	watch_t *watch;
	bool used;

	do
	{
		this->ident++;
		used = FALSE;
		enumerator = this->watches->create_enumerator(this->watches);
		while (!used && enumerator->enumerate(enumerator, NULL, &watch))
		{
			used = watch->ident == this->ident;
		}
		enumerator->destroy(enumerator);
	}
	while (used);
	return this->ident;
}

METHOD(cluster_failover_monitor_t, watch, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
	cluster_failover_cluster_t *cluster)
{
	watch_t *watch, *old;
	uint32_t poll;
	uint64_t now;

	if (cluster->get_heartbeat(cluster) == CF_HEARTBEAT_NONE &&
		!cluster->get_probe(cluster))
	{
		return;
	}
	poll = cluster_failover_watch_poll(cluster->get_heartbeat_defer(cluster),
								cluster->get_heartbeat_response(cluster));

	now = cluster_failover_now();
	INIT(watch,
		.id = ike_sa->get_unique_id(ike_sa),
		.ike_sa_id = ike_sa->get_id(ike_sa)->clone(ike_sa->get_id(ike_sa)),
		.name = strdup(ike_sa->get_name(ike_sa)),
		.cluster = cluster->get_ref(cluster),
		.state = cluster_failover_watch_create(
							cluster->get_heartbeat(cluster),
							cluster->get_heartbeat_defer(cluster),
							cluster->get_heartbeat_response(cluster),
							cluster->get_heartbeat_tries(cluster), poll,
							cluster->get_probe(cluster) != NULL,
							cluster->get_probe_interval(cluster),
							cluster->get_probe_tries(cluster), now),
	);
	this->mutex->lock(this->mutex);
	watch->member = this->members->get(this->members,
									   ike_sa->get_other_host(ike_sa), now);
	watch->ident = allocate_ident(this);
	if (cluster->get_probe(cluster))
	{
		this->probe->forget(this->probe, watch->ident);
	}
	watch->generation = ++this->generation;
	old = this->watches->put(this->watches, (void*)(uintptr_t)watch->id,
							 watch);
	if (old)
	{
		this->members->put(this->members, old->member, old->id);
	}
	this->mutex->unlock(this->mutex);
	if (old)
	{
		watch_destroy(old);
	}
	DBG1(DBG_IKE, "cluster '%s': %N heartbeats to %H for '%s'%s",
		 cluster->get_name(cluster), cluster_failover_heartbeat_mode_names,
		 cluster->get_heartbeat(cluster), ike_sa->get_other_host(ike_sa),
		 ike_sa->get_name(ike_sa),
		 cluster->get_probe(cluster) ? ", with data-path probes" : "");
	this->tick->schedule(this->tick, watch->id, watch->generation, poll);
}

METHOD(cluster_failover_monitor_t, unwatch, void,
	private_cluster_failover_monitor_t *this, uint32_t id)
{
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = this->watches->remove(this->watches, (void*)(uintptr_t)id);
	if (watch)
	{
		this->members->put(this->members, watch->member, watch->id);
	}
	this->mutex->unlock(this->mutex);
	if (watch)
	{	/* its probes' answers go with it */
		this->probe->forget(this->probe, watch->ident);
		watch_destroy(watch);
	}
}

METHOD(cluster_failover_monitor_t, rekey, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *old, ike_sa_t *new)
{
	watch_t *watch;
	uint32_t id;
	u_int generation = 0;

	id = new->get_unique_id(new);
	this->mutex->lock(this->mutex);
	watch = this->watches->remove(this->watches,
								  (void*)(uintptr_t)old->get_unique_id(old));
	if (watch)
	{	/* the heartbeat state, the counters (the CHILD_SAs move along) and
		 * the probes go on, a new chain of ticks for the new IKE_SA */
		watch->member->rekey(watch->member, watch->id, id);
		watch->id = id;
		watch->ike_sa_id->destroy(watch->ike_sa_id);
		watch->ike_sa_id = new->get_id(new)->clone(new->get_id(new));
		DESTROY_IF(watch->request);
		watch->request = NULL;
		forget_sas(watch);
		watch->generation = generation = ++this->generation;
		watch = this->watches->put(this->watches, (void*)(uintptr_t)id,
								   watch);
	}
	if (watch)
	{	/* already watched, should not happen */
		this->members->put(this->members, watch->member, watch->id);
	}
	this->mutex->unlock(this->mutex);
	if (watch)
	{
		watch_destroy(watch);
	}
	if (generation)
	{
		this->tick->schedule(this->tick, id, generation, CF_WATCH_MIN_POLL);
	}
}

METHOD(cluster_failover_monitor_t, sent, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	ike_sa_id_t *id = message->get_ike_sa_id(message);
	packet_t *packet = NULL;
	watch_t *watch;

	if (!id->equals(id, ike_sa->get_id(ike_sa)))
	{	/* e.g. the IKE_SA_INIT of a new IKE_SA charon sends with this one
		 * on the bus (reauthentication) */
		return;
	}
	this->mutex->lock(this->mutex);
	watch = get_watch(this, ike_sa->get_unique_id(ike_sa));
	if (watch)
	{	/* the outstanding request, the next heartbeats send it again (a
		 * check may start while one of charon's is outstanding, e.g. an
		 * IKE rekeying, behind which a heartbeat would wait) */
		packet = watch->request;
		watch->request = message->get_packet(message);
		watch->request_mid = message->get_message_id(message);
	}
	this->mutex->unlock(this->mutex);
	DESTROY_IF(packet);
}

METHOD(cluster_failover_monitor_t, received, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	packet_t *packet = NULL;
	watch_t *watch;
	uint64_t now;

	this->mutex->lock(this->mutex);
	watch = get_watch(this, ike_sa->get_unique_id(ike_sa));
	if (watch)
	{
		now = cluster_failover_now();
		watch->state->received(watch->state, now);
		watch->member->received(watch->member, now);
		if (watch->request && !message->get_request(message) &&
			message->get_message_id(message) == watch->request_mid)
		{
			packet = watch->request;
			watch->request = NULL;
		}
	}
	this->mutex->unlock(this->mutex);
	DESTROY_IF(packet);
}

METHOD(cluster_failover_monitor_t, update, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa)
{
	packet_t *packet = NULL;
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = get_watch(this, ike_sa->get_unique_id(ike_sa));
	if (watch)
	{	/* its addresses are no longer the IKE_SA's, nor the SAs' */
		packet = watch->request;
		watch->request = NULL;
		forget_sas(watch);
	}
	this->mutex->unlock(this->mutex);
	DESTROY_IF(packet);
}

/**
 * End the chain of ticks of a watch and add a new one to start, with lock
 * held
 */
static void add_chain(private_cluster_failover_monitor_t *this,
					  array_t *chains, watch_t *watch)
{
	chain_t chain;

	watch->generation = ++this->generation;
	chain = (chain_t){
		.id = watch->id,
		.generation = watch->generation,
	};
	array_insert(chains, ARRAY_TAIL, &chain);
}

/**
 * Start the chains of ticks added, due at once, without the lock
 */
static void start_chains(private_cluster_failover_monitor_t *this,
						 array_t *chains)
{
	chain_t chain;

	while (array_remove(chains, ARRAY_HEAD, &chain))
	{
		this->tick->schedule(this->tick, chain.id, chain.generation, 1);
	}
	array_destroy(chains);
}

METHOD(cluster_failover_monitor_t, roam, void,
	private_cluster_failover_monitor_t *this)
{
	enumerator_t *enumerator;
	watch_t *watch;
	array_t *chains;

	chains = array_create(sizeof(chain_t), 0);
	this->mutex->lock(this->mutex);
	enumerator = this->watches->create_enumerator(this->watches);
	while (enumerator->enumerate(enumerator, NULL, &watch))
	{
		if (watch->state->get_state(watch->state) == CF_WATCH_PATH_DOWN)
		{
			add_chain(this, chains, watch);
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	start_chains(this, chains);
}

METHOD(cluster_failover_monitor_t, member_dead, void,
	private_cluster_failover_monitor_t *this, uint32_t id)
{
	enumerator_t *enumerator;
	watch_t *dead, *watch;
	array_t *chains;

	chains = array_create(sizeof(chain_t), 0);
	this->mutex->lock(this->mutex);
	dead = get_watch(this, id);
	if (dead && dead->member->dead(dead->member, cluster_failover_now()))
	{
		enumerator = this->watches->create_enumerator(this->watches);
		while (enumerator->enumerate(enumerator, NULL, &watch))
		{
			if (watch != dead && watch->member == dead->member &&
				watch->state->get_state(watch->state) == CF_WATCH_UP)
			{
				add_chain(this, chains, watch);
			}
		}
		enumerator->destroy(enumerator);
		DBG1(DBG_IKE, "cluster-failover: member %H is dead for all its "
			 "IKE_SAs, %u more to fail over",
			 this->members->get_host(this->members, dead->member),
			 array_count(chains));
	}
	this->mutex->unlock(this->mutex);
	start_chains(this, chains);
}

METHOD(cluster_failover_monitor_t, lock_watch, bool,
	private_cluster_failover_monitor_t *this, uint32_t id, u_int generation,
	cluster_failover_watched_t *watched)
{
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = get_watch(this, id);
	if (!watch || watch->generation != generation)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	*watched = (cluster_failover_watched_t){
		.ike_sa_id = watch->ike_sa_id,
		.cluster = watch->cluster,
		.state = watch->state,
		.member = watch->member,
		.name = watch->name,
		.sas = &watch->sas,
		.sas_read = &watch->sas_read,
		.ident = watch->ident,
		.request = watch->request,
	};
	return TRUE;
}

METHOD(cluster_failover_monitor_t, unlock_watch, void,
	private_cluster_failover_monitor_t *this)
{
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_monitor_t, is_watched, bool,
	private_cluster_failover_monitor_t *this, uint32_t id)
{
	bool watched;

	this->mutex->lock(this->mutex);
	watched = this->watches->get(this->watches, (void*)(uintptr_t)id) != NULL;
	this->mutex->unlock(this->mutex);
	return watched;
}

METHOD(cluster_failover_monitor_t, destroy, void,
	private_cluster_failover_monitor_t *this)
{
	enumerator_t *enumerator;
	watch_t *watch;

	enumerator = this->watches->create_enumerator(this->watches);
	while (enumerator->enumerate(enumerator, NULL, &watch))
	{
		watch_destroy(watch);
	}
	enumerator->destroy(enumerator);
	this->tick->destroy(this->tick);
	this->members->destroy(this->members);
	this->watches->destroy(this->watches);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_monitor_t *cluster_failover_monitor_create(
							cluster_failover_dead_cb_t dead,
							cluster_failover_path_cb_t path,
							cluster_failover_revived_cb_t revived, void *data,
							cluster_failover_probe_t *probe)
{
	private_cluster_failover_monitor_t *this;

	INIT(this,
		.public = {
			.watch = _watch,
			.unwatch = _unwatch,
			.rekey = _rekey,
			.sent = _sent,
			.received = _received,
			.update = _update,
			.roam = _roam,
			.member_dead = _member_dead,
			.lock_watch = _lock_watch,
			.unlock_watch = _unlock_watch,
			.is_watched = _is_watched,
			.destroy = _destroy,
		},
		.watches = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.members = cluster_failover_members_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.probe = probe,
	);
	this->tick = cluster_failover_tick_create(&this->public, dead, path,
											  revived, data, probe);

	return &this->public;
}
