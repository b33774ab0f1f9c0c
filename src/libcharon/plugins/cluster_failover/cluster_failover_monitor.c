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
#include "cluster_failover_util.h"
#include "cluster_failover_liveness.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
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
	 * Lock for watches
	 */
	mutex_t *mutex;

	/**
	 * Callback for dead members
	 */
	cluster_failover_dead_cb_t dead;

	/**
	 * Callback for the path to a member going down or coming back
	 */
	cluster_failover_path_cb_t path;

	/**
	 * Callback for a lost member answering again
	 */
	cluster_failover_revived_cb_t revived;

	/**
	 * Data for the callback
	 */
	void *data;

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
	 * Last request sent on the IKE_SA while still unanswered, NULL if none
	 */
	packet_t *request;

	/**
	 * Message ID of that request
	 */
	uint32_t request_mid;

} watch_t;

/**
 * Job data of a watch
 */
typedef struct {

	/**
	 * Monitor
	 */
	private_cluster_failover_monitor_t *this;

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Generation of the watch
	 */
	u_int generation;

} tick_t;

/**
 * Get the watch of an IKE_SA, with lock held
 */
static inline watch_t *get_watch(private_cluster_failover_monitor_t *this,
								 uint32_t id)
{
	return this->watches->get(this->watches, (void*)(uintptr_t)id);
}

static void watch_destroy(watch_t *watch)
{
	DESTROY_IF(watch->request);
	watch->ike_sa_id->destroy(watch->ike_sa_id);
	watch->state->destroy(watch->state);
	watch->cluster->destroy(watch->cluster);
	free(watch);
}

/**
 * Schedule the next tick of a watch
 */
static void schedule(private_cluster_failover_monitor_t *this, uint32_t id,
					 u_int generation, uint32_t ms);

/**
 * What a tick decided for a watch, and what it needs to act on it
 */
typedef struct {

	/**
	 * What the watch decided
	 */
	cluster_failover_watch_decision_t watch;

	/**
	 * Request to send again, NULL if none
	 */
	packet_t *request;

	/**
	 * Probe destination, NULL for no probe
	 */
	host_t *probe;

	/**
	 * Probe identifier
	 */
	uint16_t ident;

	/**
	 * A lost member is in use again, its watch resumes
	 */
	bool resume;

} decision_t;

/**
 * Check out a watched IKE_SA by its SPIs, without searching the manager
 */
static ike_sa_t *checkout_watched(private_cluster_failover_monitor_t *this,
								  tick_t *data, bool *outbound)
{
	ike_sa_id_t *id = NULL;
	ike_sa_t *ike_sa;
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = get_watch(this, data->id);
	if (watch && watch->generation == data->generation)
	{
		id = watch->ike_sa_id->clone(watch->ike_sa_id);
		*outbound = watch->state->counts_outbound(watch->state);
	}
	this->mutex->unlock(this->mutex);
	if (!id)
	{	/* unwatched or replaced meanwhile, this chain of ticks ends */
		return NULL;
	}
	ike_sa = charon->ike_sa_manager->checkout(charon->ike_sa_manager, id);
	id->destroy(id);
	if (!ike_sa)
	{
		this->public.unwatch(&this->public, data->id);
	}
	return ike_sa;
}

/**
 * Get the watch of a tick, with lock held, NULL if it is gone or replaced
 */
static watch_t *get_ticked(private_cluster_failover_monitor_t *this,
						   tick_t *data)
{
	watch_t *watch = get_watch(this, data->id);

	if (watch && watch->generation == data->generation)
	{
		return watch;
	}
	return NULL;
}

/**
 * Report the counters read to a watch and let it decide, with its inputs:
 * the clock and the answers to its probes.  Returns FALSE if the watch is
 * gone meanwhile.
 */
static bool decide(private_cluster_failover_monitor_t *this, tick_t *data,
				   array_t *counters, uint64_t *now, decision_t *decision)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_watch_t *state;
	watch_t *watch;
	bool answered;

	this->mutex->lock(this->mutex);
	watch = get_ticked(this, data);
	if (!watch)
	{
		this->mutex->unlock(this->mutex);
		array_destroy(counters);
		return FALSE;
	}
	cluster = watch->cluster;
	state = watch->state;
	cluster_failover_count_packets(state, counters);
	*now = cluster_failover_now();
	answered = cluster->get_probe(cluster) && state->get_probe_seq(state) &&
			   this->probe->answered(this->probe, watch->ident,
									 state->get_probe_seq(state));
	state->decide(state, *now, answered, &decision->watch);
	decision->ident = watch->ident;
	if (decision->watch.probe)
	{
		decision->probe = cluster->get_probe(cluster)->clone(
											cluster->get_probe(cluster));
	}
	if (decision->watch.action == CF_HEARTBEAT_RESEND && watch->request)
	{
		decision->request = watch->request->clone(watch->request);
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

/**
 * Look up the path to the member of a watched IKE_SA, outside the lock, and
 * let the watch complete its decision.  Returns FALSE if the watch is gone
 * meanwhile.
 */
static bool check_path(private_cluster_failover_monitor_t *this,
					   ike_sa_t *ike_sa, tick_t *data, uint64_t now,
					   decision_t *decision)
{
	watch_t *watch;
	bool path;

	path = cluster_failover_has_path(ike_sa);
	this->mutex->lock(this->mutex);
	watch = get_ticked(this, data);
	if (watch)
	{
		watch->state->checked_path(watch->state, now, path,
								   watch->request != NULL, &decision->watch);
		if (decision->watch.action == CF_HEARTBEAT_RESEND &&
			!decision->request && watch->request)
		{
			decision->request = watch->request->clone(watch->request);
		}
	}
	this->mutex->unlock(this->mutex);
	return watch != NULL;
}

/**
 * Declare a member dead, with the IKE_SA checked out
 */
static void declare_dead(private_cluster_failover_monitor_t *this,
						 ike_sa_t *ike_sa, decision_t *decision)
{
	cluster_failover_watch_decision_t *watch = &decision->watch;

	if (watch->probe_failed)
	{
		DBG1(DBG_IKE, "cluster-failover: %u data-path probe%s through %H "
			 "unanswered", watch->count, watch->count == 1 ? "" : "s",
			 ike_sa->get_other_host(ike_sa));
	}
	else
	{
		DBG1(DBG_IKE, "cluster-failover: %H did not answer %u heartbeat%s, "
			 "nothing received for %ums", ike_sa->get_other_host(ike_sa),
			 watch->count, watch->count == 1 ? "" : "s", watch->detect);
	}
	if (!this->dead(this->data, ike_sa, watch->cause, watch->detect) ||
		watch->probe_failed)
	{	/* no failover for it, or one that no answer of it can call off: no
		 * need to watch it any longer */
		this->public.unwatch(&this->public, ike_sa->get_unique_id(ike_sa));
	}
	this->probe->forget(this->probe, decision->ident);
}

/**
 * Act on a decision, with the IKE_SA checked out
 */
static status_t act(private_cluster_failover_monitor_t *this,
					ike_sa_t *ike_sa, decision_t *decision)
{
	cluster_failover_watch_decision_t *watch = &decision->watch;
	status_t status = SUCCESS;

	switch (watch->action)
	{
		case CF_HEARTBEAT_SEND:
		case CF_HEARTBEAT_RESEND:
			status = cluster_failover_send_heartbeat(ike_sa, watch->action,
										watch->count, decision->request);
			decision->request = NULL;
			break;
		case CF_HEARTBEAT_DEAD:
			declare_dead(this, ike_sa, decision);
			break;
		case CF_HEARTBEAT_WAIT:
			break;
	}
	if (watch->path_down || watch->path_back)
	{
		this->path(this->data, ike_sa, watch->path_back,
				   watch->path_back ? max(watch->detect, 1) : 0);
	}
	if (watch->revived)
	{
		decision->resume = this->revived(this->data, ike_sa);
		if (!decision->resume)
		{
			this->public.unwatch(&this->public,
								 ike_sa->get_unique_id(ike_sa));
		}
	}
	return status;
}

/**
 * Resume the watch of a lost member that is in use again; if a request of
 * it is still unanswered, a check starts and the request goes out again at
 * once, so that the exchange charon waits for completes
 */
static void resume(private_cluster_failover_monitor_t *this, tick_t *data,
				   uint64_t now)
{
	packet_t *request = NULL;
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = get_ticked(this, data);
	if (watch)
	{
		watch->state->revive(watch->state, now, watch->request != NULL);
		if (watch->request)
		{
			request = watch->request->clone(watch->request);
		}
	}
	this->mutex->unlock(this->mutex);
	if (request)
	{
		charon->sender->send(charon->sender, request);
	}
}

/**
 * Act on what is left of a decision once the IKE_SA is checked in
 */
static void act_checked_in(private_cluster_failover_monitor_t *this,
						   tick_t *data, uint64_t now, decision_t *decision)
{
	if (decision->resume)
	{
		resume(this, data, now);
	}
	if (decision->probe)
	{	/* routed through the tunnel of the CHILD_SAs */
		this->probe->send(this->probe, decision->probe, decision->ident,
						  decision->watch.seq);
		decision->probe->destroy(decision->probe);
	}
}

/**
 * Observe a watched IKE_SA and act on its heartbeat state.
 *
 * The IKE_SA is checked out by its SPIs (a lookup, not a search of all
 * IKE_SAs) to read the counters of its CHILD_SAs; inbound counters only,
 * unless the mode is deferred, where the client's own traffic matters.
 */
static job_requeue_t tick_job(tick_t *data)
{
	private_cluster_failover_monitor_t *this = data->this;
	decision_t decision = {};
	ike_sa_t *ike_sa;
	array_t *counters;
	uint64_t now;
	status_t status;
	bool outbound = FALSE;

	ike_sa = checkout_watched(this, data, &outbound);
	if (!ike_sa)
	{
		return JOB_REQUEUE_NONE;
	}
	if (ike_sa->get_state(ike_sa) != IKE_ESTABLISHED &&
		ike_sa->get_state(ike_sa) != IKE_REKEYING)
	{	/* e.g. deleting, check again later; while charon rekeys it the
		 * member may die too */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		schedule(this, data->id, data->generation, CF_WATCH_MAX_POLL);
		return JOB_REQUEUE_NONE;
	}
	counters = cluster_failover_read_counters(ike_sa, outbound);
	if (!decide(this, data, counters, &now, &decision) ||
		(decision.watch.check_path &&
		 !check_path(this, ike_sa, data, now, &decision)))
	{	/* unwatched meanwhile */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		DESTROY_IF(decision.request);
		DESTROY_IF(decision.probe);
		return JOB_REQUEUE_NONE;
	}
	status = act(this, ike_sa, &decision);
	cluster_failover_checkin(ike_sa, status);
	act_checked_in(this, data, now, &decision);
	if (status != DESTROY_ME)
	{
		schedule(this, data->id, data->generation,
				 cluster_failover_watch_delay(&decision.watch, now));
	}
	return JOB_REQUEUE_NONE;
}

static void schedule(private_cluster_failover_monitor_t *this, uint32_t id,
					 u_int generation, uint32_t ms)
{
	callback_job_t *job;
	tick_t *data;

	INIT(data,
		.this = this,
		.id = id,
		.generation = generation,
	);
	job = callback_job_create((callback_job_cb_t)tick_job, data, free, NULL);
	lib->scheduler->schedule_job_ms(lib->scheduler, (job_t*)job, ms);
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
	watch->ident = allocate_ident(this);
	if (cluster->get_probe(cluster))
	{
		this->probe->forget(this->probe, watch->ident);
	}
	watch->generation = ++this->generation;
	old = this->watches->put(this->watches, (void*)(uintptr_t)watch->id,
							 watch);
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
	schedule(this, watch->id, watch->generation, poll);
}

METHOD(cluster_failover_monitor_t, unwatch, void,
	private_cluster_failover_monitor_t *this, uint32_t id)
{
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = this->watches->remove(this->watches, (void*)(uintptr_t)id);
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
		watch->id = id;
		watch->ike_sa_id->destroy(watch->ike_sa_id);
		watch->ike_sa_id = new->get_id(new)->clone(new->get_id(new));
		DESTROY_IF(watch->request);
		watch->request = NULL;
		watch->generation = generation = ++this->generation;
		watch = this->watches->put(this->watches, (void*)(uintptr_t)id,
								   watch);
	}
	this->mutex->unlock(this->mutex);
	if (watch)
	{	/* already watched, should not happen */
		watch_destroy(watch);
	}
	if (generation)
	{
		schedule(this, id, generation, CF_WATCH_MIN_POLL);
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

	this->mutex->lock(this->mutex);
	watch = get_watch(this, ike_sa->get_unique_id(ike_sa));
	if (watch)
	{
		watch->state->received(watch->state, cluster_failover_now());
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
	{	/* its addresses are no longer the IKE_SA's */
		packet = watch->request;
		watch->request = NULL;
	}
	this->mutex->unlock(this->mutex);
	DESTROY_IF(packet);
}

METHOD(cluster_failover_monitor_t, roam, void,
	private_cluster_failover_monitor_t *this)
{
	enumerator_t *enumerator;
	watch_t *watch;
	array_t *ticks;
	tick_t tick;

	ticks = array_create(sizeof(tick_t), 0);
	this->mutex->lock(this->mutex);
	enumerator = this->watches->create_enumerator(this->watches);
	while (enumerator->enumerate(enumerator, NULL, &watch))
	{
		if (watch->state->get_state(watch->state) == CF_WATCH_PATH_DOWN)
		{	/* a new chain of ticks, starting now, the old one ends */
			watch->generation = ++this->generation;
			tick = (tick_t){
				.id = watch->id,
				.generation = watch->generation,
			};
			array_insert(ticks, ARRAY_TAIL, &tick);
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	while (array_remove(ticks, ARRAY_HEAD, &tick))
	{
		schedule(this, tick.id, tick.generation, 1);
	}
	array_destroy(ticks);
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
			.is_watched = _is_watched,
			.destroy = _destroy,
		},
		.watches = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.dead = dead,
		.path = path,
		.revived = revived,
		.data = data,
		.probe = probe,
	);

	return &this->public;
}
