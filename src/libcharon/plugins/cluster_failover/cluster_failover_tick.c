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

#include "cluster_failover_tick.h"
#include "cluster_failover_util.h"
#include "cluster_failover_liveness.h"
#include "cluster_failover_state.h"

#include <daemon.h>
#include <collections/array.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_tick_t private_cluster_failover_tick_t;

/**
 * Private data of a cluster_failover_tick_t object.
 */
struct private_cluster_failover_tick_t {

	/**
	 * Public interface
	 */
	cluster_failover_tick_t public;

	/**
	 * Monitor holding the watches
	 */
	cluster_failover_monitor_t *monitor;

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
};

/**
 * Job data of a watch
 */
typedef struct {

	/**
	 * Ticks
	 */
	private_cluster_failover_tick_t *this;

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

	/**
	 * Name of the IKE_SA's connection
	 */
	char *name;

} decision_t;

/**
 * Release what a decision holds
 */
static void decision_clear(decision_t *decision)
{
	DESTROY_IF(decision->request);
	DESTROY_IF(decision->probe);
	free(decision->name);
	*decision = (decision_t){};
}

/**
 * Get the watch of a tick and lock the monitor's table, FALSE if the watch
 * is gone or replaced (the table is not locked then)
 */
static inline bool lock_ticked(private_cluster_failover_tick_t *this,
							   tick_t *data,
							   cluster_failover_watched_t *watched)
{
	return this->monitor->lock_watch(this->monitor, data->id,
									 data->generation, watched);
}

/**
 * Unlock the monitor's table
 */
static inline void unlock(private_cluster_failover_tick_t *this)
{
	this->monitor->unlock_watch(this->monitor);
}

/**
 * Report the counters read to a watch and let it decide, with its inputs:
 * the clock and the answers to its probes.  Returns FALSE if the watch is
 * gone meanwhile.
 */
static bool decide(private_cluster_failover_tick_t *this, tick_t *data,
				   array_t *counters, uint64_t *now, decision_t *decision)
{
	cluster_failover_watched_t watched;
	cluster_failover_cluster_t *cluster;
	cluster_failover_watch_t *state;
	bool answered;

	if (!lock_ticked(this, data, &watched))
	{
		array_destroy(counters);
		return FALSE;
	}
	cluster = watched.cluster;
	state = watched.state;
	cluster_failover_count_packets(state, counters);
	*now = cluster_failover_now();
	answered = cluster->get_probe(cluster) && state->get_probe_seq(state) &&
			   this->probe->answered(this->probe, watched.ident,
									 state->get_probe_seq(state));
	state->heard(state, watched.member->get_last_received(watched.member));
	state->decide(state, *now, answered, &decision->watch);
	watched.member->received(watched.member,
							 state->get_last_received(state));
	if (watched.member->is_dead(watched.member))
	{	/* declared dead through another IKE_SA with it */
		state->member_dead(state, *now, &decision->watch);
	}
	decision->ident = watched.ident;
	decision->name = strdup(watched.name);
	if (decision->watch.probe)
	{
		decision->probe = cluster->get_probe(cluster)->clone(
											cluster->get_probe(cluster));
	}
	if (decision->watch.action == CF_HEARTBEAT_RESEND && watched.request)
	{
		decision->request = watched.request->clone(watched.request);
	}
	unlock(this);
	return TRUE;
}

/**
 * Look up the path to the member of a watched IKE_SA, outside the lock, and
 * let the watch complete its decision.  Returns FALSE if the watch is gone
 * meanwhile.
 */
static bool check_path(private_cluster_failover_tick_t *this,
					   ike_sa_t *ike_sa, tick_t *data, uint64_t now,
					   decision_t *decision)
{
	cluster_failover_watched_t watched;
	bool path;

	path = cluster_failover_has_path(ike_sa);
	if (!lock_ticked(this, data, &watched))
	{
		return FALSE;
	}
	watched.state->checked_path(watched.state, now, path,
								watched.request != NULL, &decision->watch);
	if (decision->watch.action == CF_HEARTBEAT_RESEND &&
		!decision->request && watched.request)
	{
		decision->request = watched.request->clone(watched.request);
	}
	unlock(this);
	return TRUE;
}

/**
 * Ask the member whether the heartbeat decided goes out on this IKE_SA, or
 * another one carries it; then this one sends nothing and shares its
 * answer.  Returns FALSE if the watch is gone meanwhile.
 */
static bool share_heartbeat(private_cluster_failover_tick_t *this,
							tick_t *data, uint64_t now, decision_t *decision)
{
	cluster_failover_watch_decision_t *watch = &decision->watch;
	cluster_failover_member_grant_t grant;
	cluster_failover_watched_t watched;
	cluster_failover_cluster_t *cluster;

	if (watch->action != CF_HEARTBEAT_SEND &&
		watch->action != CF_HEARTBEAT_RESEND)
	{
		return TRUE;
	}
	if (!lock_ticked(this, data, &watched))
	{
		return FALSE;
	}
	if (watched.state->get_state(watched.state) != CF_WATCH_UP)
	{	/* a lost member's IKE_SAs send their own requests again */
		unlock(this);
		return TRUE;
	}
	cluster = watched.cluster;
	grant = watched.member->claim(watched.member, data->id, now,
								  cluster->get_heartbeat_response(cluster));
	switch (grant)
	{
		case CF_MEMBER_JOIN:
			if (watched.member->get_carrier(watched.member))
			{
				DBG2(DBG_IKE, "cluster-failover: heartbeat %u of IKE_SA #%u "
					 "shared with IKE_SA #%u", watch->count, data->id,
					 watched.member->get_carrier(watched.member));
			}
			else
			{
				DBG2(DBG_IKE, "cluster-failover: heartbeat %u of IKE_SA #%u "
					 "not needed, the member was heard from meanwhile",
					 watch->count, data->id);
			}
			watch->action = CF_HEARTBEAT_WAIT;
			DESTROY_IF(decision->request);
			decision->request = NULL;
			break;
		case CF_MEMBER_START:
			if (watch->action == CF_HEARTBEAT_RESEND && !decision->request)
			{	/* carries on the heartbeat of an IKE_SA gone */
				watch->action = CF_HEARTBEAT_SEND;
			}
			break;
		case CF_MEMBER_CARRY:
			break;
	}
	unlock(this);
	return TRUE;
}

/**
 * Declare a member dead, with the IKE_SA checked out
 */
static void declare_dead(private_cluster_failover_tick_t *this,
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
		/* dead for all the IKE_SAs with it */
		this->monitor->member_dead(this->monitor,
								   ike_sa->get_unique_id(ike_sa));
	}
	if (!this->dead(this->data, ike_sa, watch->cause, watch->detect) ||
		watch->probe_failed)
	{	/* no failover for it, or one that no answer of it can call off: no
		 * need to watch it any longer */
		this->monitor->unwatch(this->monitor, ike_sa->get_unique_id(ike_sa));
	}
	this->probe->forget(this->probe, decision->ident);
}

/**
 * The heartbeat state after a decision, for the operators' view
 */
static cluster_failover_hb_state_t heartbeat_state(
								cluster_failover_watch_decision_t *watch)
{
	if (watch->action == CF_HEARTBEAT_DEAD)
	{
		return CF_HB_LOST;
	}
	if (watch->path_down)
	{
		return CF_HB_PATH_DOWN;
	}
	return watch->count ? CF_HB_WAITING : CF_HB_UP;
}

/**
 * Act on a decision, with the IKE_SA checked out
 */
static status_t act(private_cluster_failover_tick_t *this,
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
	cluster_failover_state_heartbeat(ike_sa->get_name(ike_sa),
									 heartbeat_state(watch), watch->count,
									 watch->action == CF_HEARTBEAT_SEND ||
									 watch->action == CF_HEARTBEAT_RESEND);
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
			this->monitor->unwatch(this->monitor,
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
static void resume(private_cluster_failover_tick_t *this, tick_t *data,
				   uint64_t now)
{
	cluster_failover_watched_t watched;
	packet_t *request = NULL;

	if (lock_ticked(this, data, &watched))
	{
		watched.state->revive(watched.state, now, watched.request != NULL);
		if (watched.request)
		{
			request = watched.request->clone(watched.request);
		}
		unlock(this);
	}
	if (request)
	{
		charon->sender->send(charon->sender, request);
	}
}

/**
 * Act on what is left of a decision once the IKE_SA is checked in
 */
static void act_checked_in(private_cluster_failover_tick_t *this,
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
		decision->probe = NULL;
	}
}

/**
 * Check a watched IKE_SA out for a tick; NULL if it is gone (its watch
 * too), or not in use (the next tick is scheduled)
 */
static ike_sa_t *checkout_in_use(private_cluster_failover_tick_t *this,
								 tick_t *data, bool *outbound)
{
	ike_sa_t *ike_sa;

	ike_sa = cluster_failover_checkout_watched(this->monitor, data->id,
											   data->generation, outbound);
	if (ike_sa && ike_sa->get_state(ike_sa) != IKE_ESTABLISHED &&
		ike_sa->get_state(ike_sa) != IKE_REKEYING)
	{	/* e.g. deleting, check again later; while charon rekeys it the
		 * member may die too */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		this->public.schedule(&this->public, data->id, data->generation,
							  CF_WATCH_MAX_POLL);
		return NULL;
	}
	return ike_sa;
}

/**
 * Schedule the next tick after a decision
 */
static void schedule_next(private_cluster_failover_tick_t *this,
						  tick_t *data, uint64_t now, decision_t *decision)
{
	this->public.schedule(&this->public, data->id, data->generation,
						  cluster_failover_watch_delay(&decision->watch, now));
}

/**
 * Complete a decision with the IKE_SA checked out, act on it, check the
 * IKE_SA in and schedule the next tick
 */
static void finish(private_cluster_failover_tick_t *this, tick_t *data,
				   ike_sa_t *ike_sa, uint64_t now, decision_t *decision)
{
	status_t status;

	if ((decision->watch.check_path &&
		 !check_path(this, ike_sa, data, now, decision)) ||
		!share_heartbeat(this, data, now, decision))
	{	/* unwatched meanwhile */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return;
	}
	status = act(this, ike_sa, decision);
	cluster_failover_checkin(ike_sa, status);
	act_checked_in(this, data, now, decision);
	if (status != DESTROY_ME)
	{
		schedule_next(this, data, now, decision);
	}
}

/**
 * Act on a decision that does not need the IKE_SA, and schedule the next
 * tick
 */
static void finish_checked_in(private_cluster_failover_tick_t *this,
							  tick_t *data, uint64_t now, decision_t *decision)
{
	cluster_failover_state_heartbeat(decision->name,
									 heartbeat_state(&decision->watch),
									 decision->watch.count, FALSE);
	act_checked_in(this, data, now, decision);
	schedule_next(this, data, now, decision);
}

/**
 * Observe a watched IKE_SA and act on its heartbeat state.  The counters
 * are read from the kernel SAs last seen with the IKE_SA, which is checked
 * out only to see its CHILD_SAs again (every
 * cluster_failover_watch_refresh()) and to act.
 */
static job_requeue_t tick_job(tick_t *data)
{
	private_cluster_failover_tick_t *this = data->this;
	decision_t decision = {};
	ike_sa_t *ike_sa;
	array_t *counters;
	uint64_t now;
	bool outbound = FALSE;

	counters = cluster_failover_read_cached(this->monitor, data->id,
											data->generation);
	if (counters)
	{
		if (!decide(this, data, counters, &now, &decision))
		{
			return JOB_REQUEUE_NONE;
		}
		if (!cluster_failover_watch_needs_sa(&decision.watch))
		{
			finish_checked_in(this, data, now, &decision);
			decision_clear(&decision);
			return JOB_REQUEUE_NONE;
		}
		ike_sa = checkout_in_use(this, data, &outbound);
	}
	else
	{
		ike_sa = checkout_in_use(this, data, &outbound);
		if (ike_sa)
		{
			counters = cluster_failover_read_checked_out(this->monitor,
									data->id, data->generation, ike_sa, outbound);
			if (!decide(this, data, counters, &now, &decision))
			{
				charon->ike_sa_manager->checkin(charon->ike_sa_manager,
												ike_sa);
				ike_sa = NULL;
			}
		}
	}
	if (ike_sa)
	{
		finish(this, data, ike_sa, now, &decision);
	}
	decision_clear(&decision);
	return JOB_REQUEUE_NONE;
}

METHOD(cluster_failover_tick_t, schedule, void,
	private_cluster_failover_tick_t *this, uint32_t id, u_int generation,
	uint32_t ms)
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

METHOD(cluster_failover_tick_t, destroy, void,
	private_cluster_failover_tick_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_tick_t *cluster_failover_tick_create(
							cluster_failover_monitor_t *monitor,
							cluster_failover_dead_cb_t dead,
							cluster_failover_path_cb_t path,
							cluster_failover_revived_cb_t revived, void *data,
							cluster_failover_probe_t *probe)
{
	private_cluster_failover_tick_t *this;

	INIT(this,
		.public = {
			.schedule = _schedule,
			.destroy = _destroy,
		},
		.monitor = monitor,
		.dead = dead,
		.path = path,
		.revived = revived,
		.data = data,
		.probe = probe,
	);

	return &this->public;
}
