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
#include "cluster_failover_watch.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <sa/ikev2/tasks/ike_dpd.h>
#include <threading/mutex.h>

/**
 * Bounds of the interval in which traffic counters are observed, in ms
 */
#define MIN_POLL 20
#define MAX_POLL 500

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
 * The packet counter of a CHILD_SA's SA, read before the lock is taken
 */
typedef struct {
	/** SPI of the SA */
	uint32_t spi;
	/** direction */
	bool inbound;
	/** packets */
	uint64_t packets;
} sample_t;

/**
 * Read the packet counters of the installed CHILD_SAs of an IKE_SA (kernel
 * queries, done without the monitor's lock); the outbound ones only if
 * they matter (deferred mode)
 */
static array_t *read_counters(ike_sa_t *ike_sa, bool outbound)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	sample_t sample;
	array_t *samples;

	samples = array_create(sizeof(sample_t), 2);
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		if (child_sa->get_state(child_sa) != CHILD_INSTALLED &&
			child_sa->get_state(child_sa) != CHILD_REKEYING)
		{
			continue;
		}
		sample = (sample_t){
			.spi = child_sa->get_spi(child_sa, TRUE),
			.inbound = TRUE,
		};
		child_sa->get_usestats(child_sa, TRUE, NULL, NULL, &sample.packets);
		array_insert(samples, ARRAY_TAIL, &sample);
		if (outbound)
		{
			sample = (sample_t){
				.spi = child_sa->get_spi(child_sa, FALSE),
			};
			child_sa->get_usestats(child_sa, FALSE, NULL, NULL,
								   &sample.packets);
			array_insert(samples, ARRAY_TAIL, &sample);
		}
	}
	enumerator->destroy(enumerator);
	return samples;
}

/**
 * Report the counters read to the state of a watch, with lock held
 */
static void count_packets(cluster_failover_watch_t *state, array_t *samples)
{
	enumerator_t *enumerator;
	sample_t *sample;

	enumerator = array_create_enumerator(samples);
	while (enumerator->enumerate(enumerator, &sample))
	{
		state->count(state, sample->spi, sample->inbound, sample->packets);
	}
	enumerator->destroy(enumerator);
}

/**
 * Send a heartbeat: a liveness check (empty INFORMATIONAL) on the IKE_SA.
 *
 * Further heartbeats of a check send the unanswered request again, as it
 * was sent (the member answers a retransmission with its cached response):
 * ike_sa_t.retransmit() would start another retransmission schedule in
 * charon's task manager for each, and use up its retransmit_tries, so that
 * charon would give up on the IKE_SA before the plugin decides.  If no
 * request of the check was seen (an exchange of charon's own still runs),
 * charon's retransmissions of it are the heartbeats.
 */
static status_t send_heartbeat(ike_sa_t *ike_sa,
							   cluster_failover_heartbeat_action_t action,
							   u_int count, packet_t *request)
{
	DBG2(DBG_IKE, "cluster-failover: sending heartbeat %u to %H", count,
		 ike_sa->get_other_host(ike_sa));
	if (action == CF_HEARTBEAT_RESEND)
	{
		if (request)
		{
			charon->sender->send(charon->sender, request);
		}
		return SUCCESS;
	}
	ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
	return ike_sa->initiate(ike_sa, NULL, NULL);
}

/**
 * Schedule the next tick of a watch
 */
static void schedule(private_cluster_failover_monitor_t *this, uint32_t id,
					 u_int generation, uint32_t ms);

/**
 * What a tick decided for a watch
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
	 * The path to the member went down
	 */
	bool path_down;

	/**
	 * The path to the member came back after this many ms, 0 if not
	 */
	uint32_t path_back;

	/**
	 * A lost member is in use again, its watch resumes
	 */
	bool resume;

} decision_t;

/**
 * Check if the client has a path to the member of an IKE_SA: a route and a
 * local address, and no MOBIKE update deferred by charon for lack of them
 */
static bool has_path(ike_sa_t *ike_sa)
{
	host_t *src;

	if (ike_sa->has_condition(ike_sa, COND_STALE))
	{
		return FALSE;
	}
	src = charon->kernel->get_source_addr(charon->kernel,
										  ike_sa->get_other_host(ike_sa), NULL);
	if (!src)
	{
		return FALSE;
	}
	src->destroy(src);
	return TRUE;
}

/**
 * Apply the result of a path check to a decision, with lock held.  A member
 * that would be dead is not while the client has no path to it; when the
 * path returns, the unanswered request goes out again at once.
 */
static void apply_path(watch_t *watch, bool path, uint64_t now,
					   decision_t *decision)
{
	cluster_failover_watch_t *state = watch->state;

	switch (state->get_state(state))
	{
		case CF_WATCH_UP:
			if (decision->watch.action != CF_HEARTBEAT_DEAD)
			{
				break;
			}
			if (path)
			{	/* a member that failed the probes still answers IKE, only
				 * heartbeat failures may be called off when it answers */
				if (!decision->watch.probe_failed)
				{
					state->lost(state, now);
				}
				break;
			}
			state->path_down(state, now);
			decision->watch.action = CF_HEARTBEAT_WAIT;
			decision->watch.next = now + MIN_POLL;
			decision->path_down = TRUE;
			break;
		case CF_WATCH_PATH_DOWN:
			if (!path)
			{
				break;
			}
			decision->path_back = max(state->path_back(state, now), 1);
			decision->watch.count = state->get_unanswered(state);
			if (watch->request)
			{
				decision->watch.action = CF_HEARTBEAT_RESEND;
				decision->request = watch->request->clone(watch->request);
			}
			else
			{
				decision->watch.action = CF_HEARTBEAT_SEND;
			}
			break;
		case CF_WATCH_LOST:
			break;
	}
}

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
		*outbound = watch->cluster->get_heartbeat(watch->cluster) ==
												CF_HEARTBEAT_DEFERRED;
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
 * Decide on a watch, with lock held
 */
static void decide(cluster_failover_probe_t *probe, watch_t *watch,
				   uint64_t now, decision_t *decision)
{
	cluster_failover_cluster_t *cluster = watch->cluster;
	cluster_failover_watch_t *state = watch->state;
	bool answered;

	answered = cluster->get_probe(cluster) && state->get_probe_seq(state) &&
			   probe->answered(probe, watch->ident,
							   state->get_probe_seq(state));
	state->decide(state, now, answered, &decision->watch);
	decision->ident = watch->ident;
	if (decision->watch.path_back)
	{
		decision->path_back = max(decision->watch.detect, 1);
	}
	if (decision->watch.probe)
	{
		decision->probe = cluster->get_probe(cluster)->clone(
											cluster->get_probe(cluster));
	}
	if (decision->watch.action == CF_HEARTBEAT_RESEND && watch->request)
	{
		decision->request = watch->request->clone(watch->request);
	}
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
			status = send_heartbeat(ike_sa, watch->action, watch->count,
									decision->request);
			decision->request = NULL;
			break;
		case CF_HEARTBEAT_DEAD:
			if (watch->probe_failed)
			{
				DBG1(DBG_IKE, "cluster-failover: %u data-path probe%s through "
					 "%H unanswered", watch->count,
					 watch->count == 1 ? "" : "s",
					 ike_sa->get_other_host(ike_sa));
			}
			else
			{
				DBG1(DBG_IKE, "cluster-failover: %H did not answer %u "
					 "heartbeat%s, nothing received for %ums",
					 ike_sa->get_other_host(ike_sa), watch->count,
					 watch->count == 1 ? "" : "s", watch->detect);
			}
			if (!this->dead(this->data, ike_sa, watch->cause,
							watch->detect) || watch->probe_failed)
			{	/* no failover for it, or one that no answer of it can call
				 * off: no need to watch it any longer */
				this->public.unwatch(&this->public,
									 ike_sa->get_unique_id(ike_sa));
			}
			this->probe->forget(this->probe, decision->ident);
			break;
		case CF_HEARTBEAT_WAIT:
			break;
	}
	if (decision->path_down || decision->path_back)
	{
		this->path(this->data, ike_sa, !decision->path_down,
				   decision->path_back);
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
	watch = get_watch(this, data->id);
	if (watch && watch->generation == data->generation)
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
 * Look up the path to the member of a watched IKE_SA, outside the lock, and
 * apply it to the decision.  Returns FALSE if the watch is gone meanwhile.
 */
static bool check_path(private_cluster_failover_monitor_t *this,
					   ike_sa_t *ike_sa, tick_t *data, uint64_t now,
					   decision_t *decision)
{
	watch_t *watch;
	bool path;

	path = has_path(ike_sa);
	this->mutex->lock(this->mutex);
	watch = get_watch(this, data->id);
	if (watch && watch->generation == data->generation)
	{
		apply_path(watch, path, now, decision);
	}
	this->mutex->unlock(this->mutex);
	return watch && watch->generation == data->generation;
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
	watch_t *watch;
	array_t *samples;
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
		schedule(this, data->id, data->generation, MAX_POLL);
		return JOB_REQUEUE_NONE;
	}
	samples = read_counters(ike_sa, outbound);
	this->mutex->lock(this->mutex);
	watch = get_watch(this, data->id);
	if (!watch || watch->generation != data->generation)
	{
		this->mutex->unlock(this->mutex);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		array_destroy(samples);
		return JOB_REQUEUE_NONE;
	}
	count_packets(watch->state, samples);
	array_destroy(samples);
	now = cluster_failover_now();
	decide(this->probe, watch, now, &decision);
	this->mutex->unlock(this->mutex);

	if (decision.watch.check_path && !check_path(this, ike_sa, data, now,
												 &decision))
	{	/* unwatched meanwhile */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		DESTROY_IF(decision.request);
		DESTROY_IF(decision.probe);
		return JOB_REQUEUE_NONE;
	}
	status = act(this, ike_sa, &decision);
	cluster_failover_checkin(ike_sa, status);
	if (decision.resume)
	{
		resume(this, data, now);
	}
	if (decision.probe)
	{	/* routed through the tunnel of the CHILD_SAs */
		this->probe->send(this->probe, decision.probe, decision.ident,
						  decision.watch.seq);
		decision.probe->destroy(decision.probe);
	}
	if (status != DESTROY_ME)
	{
		schedule(this, data->id, data->generation,
				 max(decision.watch.next, now + 1) - now);
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
	/* the time of a packet is known to half an interval: observe traffic
	 * ten times per defer and response time */
	poll = min(cluster->get_heartbeat_defer(cluster),
			   cluster->get_heartbeat_response(cluster)) / 10;
	poll = max(MIN_POLL, min(MAX_POLL, poll));

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
		schedule(this, id, generation, MIN_POLL);
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
