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
#include "cluster_failover_holddown.h"
#include "cluster_failover_util.h"

#include <daemon.h>
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
	 * Generation of this watch, to ignore jobs of earlier ones
	 */
	u_int generation;

	/**
	 * Cluster of the connection
	 */
	cluster_failover_cluster_t *cluster;

	/**
	 * Heartbeat state machine
	 */
	cluster_failover_heartbeat_t *heartbeat;

	/**
	 * Interval to observe the traffic counters
	 */
	uint32_t poll;

	/**
	 * Inbound packets of the CHILD_SAs seen last
	 */
	uint64_t packets_in;

	/**
	 * Outbound packets of the CHILD_SAs seen last
	 */
	uint64_t packets_out;

	/**
	 * Time the next data-path probe is due, 0 if the cluster has none
	 */
	uint64_t probe_next;

	/**
	 * Sequence number of the last probe sent, 0 if none
	 */
	uint16_t probe_seq;

	/**
	 * Probes unanswered in a row
	 */
	u_int probe_unanswered;

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

static void watch_destroy(watch_t *watch)
{
	watch->heartbeat->destroy(watch->heartbeat);
	watch->cluster->destroy(watch->cluster);
	free(watch);
}

/**
 * Sum up the packet counters of the installed CHILD_SAs of an IKE_SA
 */
static void count_packets(ike_sa_t *ike_sa, uint64_t *in, uint64_t *out)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	uint64_t packets;

	*in = *out = 0;
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		if (child_sa->get_state(child_sa) != CHILD_INSTALLED &&
			child_sa->get_state(child_sa) != CHILD_REKEYING)
		{
			continue;
		}
		packets = 0;
		child_sa->get_usestats(child_sa, TRUE, NULL, NULL, &packets);
		*in += packets;
		packets = 0;
		child_sa->get_usestats(child_sa, FALSE, NULL, NULL, &packets);
		*out += packets;
	}
	enumerator->destroy(enumerator);
}

/**
 * Send a heartbeat: a liveness check (empty INFORMATIONAL) on the IKE_SA.
 * Further heartbeats retransmit the outstanding one.
 */
static status_t send_heartbeat(ike_sa_t *ike_sa, heartbeat_action_t action,
							   u_int count)
{
	DBG1(DBG_CFG, "cluster-failover: sending heartbeat %u to %H", count,
		 ike_sa->get_other_host(ike_sa));
	if (action == HEARTBEAT_RESEND)
	{
		/* the exchange is still outstanding: send it again */
		return ike_sa->retransmit(ike_sa,
								  ike_sa->get_message_id(ike_sa, TRUE));
	}
	ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
	return ike_sa->initiate(ike_sa, NULL, NULL);
}

/**
 * Identifier of the data-path probes of a watch
 */
static inline uint16_t probe_ident(watch_t *watch)
{
	return watch->id & 0xffff;
}

/**
 * Check the last data-path probe and decide if another is due, with lock
 * held.  Returns TRUE if the member failed the probes.
 */
static bool check_probe(private_cluster_failover_monitor_t *this,
						watch_t *watch, uint64_t now, bool *send)
{
	cluster_failover_cluster_t *cluster = watch->cluster;

	*send = FALSE;
	if (!watch->probe_next || now < watch->probe_next)
	{
		return FALSE;
	}
	if (watch->probe_seq)
	{
		if (this->probe->answered(this->probe, probe_ident(watch),
								  watch->probe_seq))
		{
			watch->probe_unanswered = 0;
		}
		else if (++watch->probe_unanswered >=
				 cluster->get_probe_tries(cluster))
		{
			return TRUE;
		}
	}
	watch->probe_seq++;
	if (!watch->probe_seq)
	{	/* skip 0 on wrap around */
		watch->probe_seq++;
	}
	watch->probe_next = now + cluster->get_probe_interval(cluster);
	*send = TRUE;
	return FALSE;
}

/**
 * Schedule the next tick of a watch
 */
static void schedule(private_cluster_failover_monitor_t *this, uint32_t id,
					 u_int generation, uint32_t ms);

/**
 * Observe a watched IKE_SA and act on its heartbeat state
 */
static job_requeue_t tick_job(tick_t *data)
{
	private_cluster_failover_monitor_t *this = data->this;
	heartbeat_action_t action = HEARTBEAT_WAIT;
	ike_sa_t *ike_sa;
	watch_t *watch;
	host_t *probe = NULL;
	uint64_t in, out, now, next = 0;
	uint32_t detect = 0, poll = 0;
	status_t status = SUCCESS;
	u_int count = 0, tries = 0;
	uint16_t ident = 0, seq = 0;
	bool send_probe = FALSE;
	char *cause = "heartbeat timeout";

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													data->id);
	if (!ike_sa)
	{
		this->public.unwatch(&this->public, data->id);
		return JOB_REQUEUE_NONE;
	}
	count_packets(ike_sa, &in, &out);

	this->mutex->lock(this->mutex);
	watch = this->watches->get(this->watches, (void*)(uintptr_t)data->id);
	if (!watch || watch->generation != data->generation ||
		ike_sa->get_state(ike_sa) != IKE_ESTABLISHED)
	{
		this->mutex->unlock(this->mutex);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		if (watch && watch->generation == data->generation)
		{	/* e.g. rekeying or deleting, check again later */
			schedule(this, data->id, data->generation, MAX_POLL);
		}
		return JOB_REQUEUE_NONE;
	}
	now = cluster_failover_now();
	/* counters also change when a CHILD_SA is rekeyed, which is activity
	 * too; don't mistake the lower sum for silence */
	watch->heartbeat->counted(watch->heartbeat, now, in != watch->packets_in,
							  out != watch->packets_out);
	watch->packets_in = in;
	watch->packets_out = out;
	action = watch->heartbeat->tick(watch->heartbeat, now, &next);
	count = watch->heartbeat->get_unanswered(watch->heartbeat);
	poll = watch->poll;
	if (action != HEARTBEAT_DEAD && check_probe(this, watch, now, &send_probe))
	{
		action = HEARTBEAT_DEAD;
		cause = "data-path probe timeout";
		tries = watch->probe_unanswered;
	}
	if (send_probe)
	{
		probe = watch->cluster->get_probe(watch->cluster)->clone(
									watch->cluster->get_probe(watch->cluster));
		ident = probe_ident(watch);
		seq = watch->probe_seq;
	}
	if (watch->probe_next)
	{
		next = next ? min(next, watch->probe_next) : watch->probe_next;
	}
	if (action == HEARTBEAT_DEAD)
	{
		ident = probe_ident(watch);
		detect = now - watch->heartbeat->get_last_received(watch->heartbeat);
		this->watches->remove(this->watches, (void*)(uintptr_t)data->id);
		watch_destroy(watch);
	}
	this->mutex->unlock(this->mutex);

	switch (action)
	{
		case HEARTBEAT_SEND:
		case HEARTBEAT_RESEND:
			status = send_heartbeat(ike_sa, action, count);
			break;
		case HEARTBEAT_DEAD:
			if (tries)
			{
				DBG1(DBG_CFG, "cluster-failover: %u data-path probe%s through "
					 "%H unanswered", tries, tries == 1 ? "" : "s",
					 ike_sa->get_other_host(ike_sa));
			}
			else
			{
				DBG1(DBG_CFG, "cluster-failover: %H did not answer %u "
					 "heartbeat%s, nothing received for %ums",
					 ike_sa->get_other_host(ike_sa), count,
					 count == 1 ? "" : "s", detect);
			}
			this->dead(this->data, ike_sa, cause, detect);
			this->probe->forget(this->probe, ident);
			break;
		case HEARTBEAT_WAIT:
			break;
	}
	cluster_failover_checkin(ike_sa, status);
	if (probe)
	{	/* routed through the tunnel of the CHILD_SAs */
		this->probe->send(this->probe, probe, ident, seq);
		probe->destroy(probe);
	}
	if (action != HEARTBEAT_DEAD && status != DESTROY_ME)
	{
		next = next ? min(next, now + poll) : now + poll;
		schedule(this, data->id, data->generation, max(next, now + 1) - now);
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

METHOD(cluster_failover_monitor_t, watch, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa,
	cluster_failover_cluster_t *cluster)
{
	watch_t *watch, *old;
	uint32_t poll;

	if (cluster->get_heartbeat(cluster) == HEARTBEAT_NONE &&
		!cluster->get_probe(cluster))
	{
		return;
	}
	/* the time of a packet is known to half an interval: observe traffic
	 * ten times per defer and response time */
	poll = min(cluster->get_heartbeat_defer(cluster),
			   cluster->get_heartbeat_response(cluster)) / 10;
	poll = max(MIN_POLL, min(MAX_POLL, poll));

	INIT(watch,
		.id = ike_sa->get_unique_id(ike_sa),
		.cluster = cluster->get_ref(cluster),
		.heartbeat = cluster_failover_heartbeat_create(
							cluster->get_heartbeat(cluster),
							cluster->get_heartbeat_defer(cluster),
							cluster->get_heartbeat_response(cluster),
							cluster->get_heartbeat_tries(cluster), poll,
							cluster_failover_now()),
		.poll = poll,
	);
	if (cluster->get_probe(cluster))
	{
		watch->probe_next = cluster_failover_now() +
							cluster->get_probe_interval(cluster);
		this->probe->forget(this->probe, probe_ident(watch));
	}
	this->mutex->lock(this->mutex);
	watch->generation = ++this->generation;
	old = this->watches->put(this->watches, (void*)(uintptr_t)watch->id,
							 watch);
	this->mutex->unlock(this->mutex);
	if (old)
	{
		watch_destroy(old);
	}
	DBG1(DBG_CFG, "cluster '%s': %N heartbeats to %H for '%s'%s",
		 cluster->get_name(cluster), heartbeat_mode_names,
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
	{
		watch_destroy(watch);
	}
}

METHOD(cluster_failover_monitor_t, received, void,
	private_cluster_failover_monitor_t *this, ike_sa_t *ike_sa)
{
	watch_t *watch;

	this->mutex->lock(this->mutex);
	watch = this->watches->get(this->watches,
						(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
	if (watch)
	{
		watch->heartbeat->received(watch->heartbeat, cluster_failover_now());
	}
	this->mutex->unlock(this->mutex);
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
							cluster_failover_dead_cb_t dead, void *data,
							cluster_failover_probe_t *probe)
{
	private_cluster_failover_monitor_t *this;

	INIT(this,
		.public = {
			.watch = _watch,
			.unwatch = _unwatch,
			.received = _received,
			.destroy = _destroy,
		},
		.watches = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.dead = dead,
		.data = data,
		.probe = probe,
	);

	return &this->public;
}
