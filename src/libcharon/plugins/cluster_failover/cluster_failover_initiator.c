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
 * Starting the plugin's own IKE_SAs for key requests, and moving a key
 * request to a new IKE_SA once a member failed.
 */

#include "cluster_failover_initiator.h"
#include "cluster_failover_tasks.h"
#include "cluster_failover_state.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_initiator_t
		private_cluster_failover_initiator_t;

/**
 * Private data of a cluster_failover_initiator_t object.
 */
struct private_cluster_failover_initiator_t {

	/**
	 * Public interface
	 */
	cluster_failover_initiator_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * Failed members, tried last
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Key requests in progress
	 */
	cluster_failover_requests_t *requests;

	/**
	 * Slots of key requests in flight
	 */
	cluster_failover_slots_t *slots;

	/**
	 * Callback for key requests that gave up
	 */
	cluster_failover_exhausted_cb_t exhausted;

	/**
	 * Data for the callback
	 */
	void *exhausted_data;
};

/**
 * Job data to retry a key request on a new IKE_SA (with the next member)
 */
typedef struct {

	/**
	 * Initiator
	 */
	private_cluster_failover_initiator_t *this;

	/**
	 * IKE_SA that failed, 0 if none is left
	 */
	uint32_t old_id;

	/**
	 * Connection to establish
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * CHILD_SAs to establish, child_cfg_t*
	 */
	linked_list_t *children;

	/**
	 * Key request, NULL to start a new one
	 */
	cluster_failover_request_t *request;

	/**
	 * Number of the key request
	 */
	u_int round;

	/**
	 * How members are chosen
	 */
	cluster_failover_spec_t spec;

	/**
	 * Start of the key request
	 */
	uint64_t started;

	/**
	 * Key requests before this one no member answered
	 */
	u_int waits;

	/**
	 * Failover epoch of the connection when the request started
	 */
	u_int epoch;

	/**
	 * Slot taken for the key request, 0 if none
	 */
	uint64_t slot;

} retry_t;

static void retry_destroy(retry_t *retry)
{
	DESTROY_IF(retry->peer_cfg);
	DESTROY_IF(retry->request);
	cluster_failover_spec_free(&retry->spec);
	retry->children->destroy_offset(retry->children,
								   offsetof(child_cfg_t, destroy));
	free(retry);
}

/*
 * Described in header
 */
host_t *cluster_failover_usable_member(cluster_failover_request_t *request,
									   host_t **src)
{
	host_t *member;

	for (member = request->get_member(request); member;
		 member = request->skip(request, CF_FAILURE_UNREACHABLE))
	{
		*src = charon->kernel->get_source_addr(charon->kernel, member, NULL);
		if (*src)
		{
			return member;
		}
		DBG1(DBG_IKE, "cluster '%s': no route to member %H",
			 request->get_cluster(request)->get_name(
											request->get_cluster(request)),
			 member);
	}
	return NULL;
}

/**
 * Log a wait for the path, once at level 1 per failover
 */
static void log_wait(cluster_failover_cluster_t *cluster, char *name,
					 u_int waits, u_int ms)
{
	if (waits)
	{
		DBG2(DBG_IKE, "cluster '%s': still no member answers for '%s', "
			 "trying again in %ums", cluster->get_name(cluster), name, ms);
	}
	else
	{
		DBG1(DBG_IKE, "cluster '%s': no member answers for '%s' (path down "
			 "or all members dead), keeping its SAs, trying again in %ums, "
			 "backing off", cluster->get_name(cluster), name, ms);
	}
}

METHOD(cluster_failover_initiator_t, give_up, void,
	private_cluster_failover_initiator_t *this,
	cluster_failover_cluster_t *cluster, char *name, u_int round,
	cluster_failover_purpose_t purpose)
{
	DBG1(DBG_IKE, "cluster '%s': giving up on '%s' after %u key request%s",
		 cluster->get_name(cluster), name, round, round == 1 ? "" : "s");
	if (this->exhausted)
	{
		this->exhausted(this->exhausted_data, name, purpose);
	}
}

/**
 * Decide how a retry goes on once all members of its key request failed,
 * see cluster_failover_attempt_next(); the key request is dropped
 */
static cluster_failover_next_t end_round(retry_t *retry,
							cluster_failover_cluster_t *cluster, u_int *wait)
{
	cluster_failover_round_t state = {
		.purpose = retry->spec.purpose,
		.round = retry->round,
		.waits = retry->waits,
		.answered = retry->request->answered(retry->request),
	};

	return cluster_failover_attempt_next(&state,
				retry->peer_cfg->get_keyingtries(retry->peer_cfg),
				cluster->get_connect_timeout(cluster), wait);
}

/**
 * Prepare a retry for a new key request, or for the same one once a path
 * may be back, as decided by end_round()
 */
static void next_round(retry_t *retry, cluster_failover_cluster_t *cluster,
					   cluster_failover_next_t next, u_int wait)
{
	switch (next)
	{
		case CF_NEXT_WAIT:
			log_wait(cluster, retry->peer_cfg->get_name(retry->peer_cfg),
					 retry->waits++, wait);
			break;
		case CF_NEXT_ROUND:
			retry->round++;
			break;
		default:
			break;
	}
	retry->request->destroy(retry->request);
	retry->request = NULL;
}

/**
 * End a key request none of whose members is reachable.  Returns the time
 * after which to try again, 0 for never.
 */
static u_int unreachable(private_cluster_failover_initiator_t *this,
						 retry_t *retry)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_next_t next;
	char *name = retry->peer_cfg->get_name(retry->peer_cfg);
	u_int wait;

	cluster = retry->request->get_cluster(retry->request);
	cluster = cluster->get_ref(cluster);
	DBG1(DBG_IKE, "cluster '%s': key request %u for '%s' failed, no "
		 "member is reachable", cluster->get_name(cluster), retry->round,
		 name);
	next = end_round(retry, cluster, &wait);
	if (next == CF_NEXT_GIVE_UP)
	{
		give_up(this, cluster, name, retry->round, retry->spec.purpose);
	}
	next_round(retry, cluster, next, wait);
	cluster->destroy(cluster);
	return wait;
}

/**
 * Create the key request of a retry if it has none.  Returns FALSE if
 * there is nothing to request.
 */
static bool start_request(private_cluster_failover_initiator_t *this,
						  retry_t *retry)
{
	cluster_failover_cluster_t *cluster;

	if (retry->request)
	{
		return TRUE;
	}
	this->config->refresh(this->config);
	cluster = this->config->get_cluster(this->config,
									retry->peer_cfg->get_name(retry->peer_cfg));
	if (!cluster)
	{
		DBG1(DBG_IKE, "connection '%s' is no longer bound to a cluster",
			 retry->peer_cfg->get_name(retry->peer_cfg));
		return FALSE;
	}
	if (!retry->spec.only)
	{
		this->requests->prepare(this->requests, cluster);
	}
	retry->request = this->requests->create_request(this->requests, cluster,
													&retry->spec);
	cluster->destroy(cluster);
	if (!retry->request)
	{
		return FALSE;
	}
	retry->started = cluster_failover_now();
	return TRUE;
}

/**
 * Create a new IKE_SA for a retry, addressed to a member from a source
 */
static ike_sa_t *create_ike_sa(retry_t *retry, host_t *member, host_t *src)
{
	ike_cfg_t *ike_cfg;
	ike_sa_t *ike_sa;

	ike_sa = charon->ike_sa_manager->create_new(charon->ike_sa_manager,
												IKEV2, TRUE);
	if (!ike_sa)
	{
		src->destroy(src);
		return NULL;
	}
	ike_sa->set_peer_cfg(ike_sa, retry->peer_cfg);
	ike_cfg = retry->peer_cfg->get_ike_cfg(retry->peer_cfg);
	src->set_port(src, ike_cfg->get_my_port(ike_cfg));
	ike_sa->set_my_host(ike_sa, src);
	member = member->clone(member);
	member->set_port(member, ike_cfg->get_other_port(ike_cfg));
	ike_sa->set_other_host(ike_sa, member);
	cluster_failover_vips_request(ike_sa, retry->spec.vips);
	return ike_sa;
}

/**
 * Move the key request of a retry to the table, for a new IKE_SA
 */
static void add_entry(private_cluster_failover_initiator_t *this,
					  retry_t *retry, ike_sa_t *ike_sa)
{
	cluster_failover_entry_t *entry;

	INIT(entry,
		.id = ike_sa->get_unique_id(ike_sa),
		.request = retry->request,
		.round = retry->round,
		.started = retry->started,
		.waits = retry->waits,
		.epoch = retry->epoch,
		.slot = retry->slot,
	);
	cluster_failover_spec_clone(&entry->spec, &retry->spec);
	retry->request = NULL;
	retry->slot = 0;
	this->requests->lock(this->requests);
	this->requests->put(this->requests, entry);
	if (entry->request->get_attempt(entry->request) == 1)
	{
		cluster_failover_log_request(ike_sa->get_name(ike_sa), entry);
	}
	this->requests->unlock(this->requests);
}

/**
 * Initiate the CHILD_SAs of a retry, or the IKE_SA alone without any, on a
 * new IKE_SA, and check it in
 */
static void initiate_children(retry_t *retry, ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg;
	status_t status = SUCCESS;

	charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, ike_sa);
	charon->bus->set_sa(charon->bus, ike_sa);
	enumerator = retry->children->create_enumerator(retry->children);
	while (status == SUCCESS && enumerator->enumerate(enumerator, &cfg))
	{
		status = ike_sa->initiate(ike_sa, cfg->get_ref(cfg), NULL);
	}
	enumerator->destroy(enumerator);
	if (!retry->children->get_count(retry->children))
	{
		status = ike_sa->initiate(ike_sa, NULL, NULL);
	}
	cluster_failover_checkin(ike_sa, status);
}

/**
 * Initiate a key request on a new IKE_SA, see retry_job().  Returns the
 * time after which to try again, 0 if done.
 */
static u_int initiate_new(private_cluster_failover_initiator_t *this,
						  retry_t *retry)
{
	ike_sa_t *ike_sa;
	host_t *member, *src = NULL;

	if (!start_request(this, retry))
	{
		return 0;
	}
	member = cluster_failover_usable_member(retry->request, &src);
	if (!member)
	{
		return unreachable(this, retry);
	}
	ike_sa = create_ike_sa(retry, member, src);
	if (!ike_sa)
	{
		return 0;
	}
	add_entry(this, retry, ike_sa);
	initiate_children(retry, ike_sa);
	return 0;
}

static void queue_retry(retry_t *retry, u_int delay);

/**
 * Start a retry that waited, once it has a slot
 */
static void start_waiting(retry_t *retry, uint64_t slot)
{
	retry->slot = slot;
	queue_retry(retry, 0);
}

/**
 * Take a slot for a retry; if it has to wait, its data moves to a copy
 * that start_waiting() starts, the retry is left empty.  Returns TRUE if
 * the retry has a slot.
 */
static bool take_slot(private_cluster_failover_initiator_t *this,
					  retry_t *retry)
{
	retry_t *waiting;

	if (retry->slot)
	{
		return TRUE;
	}
	waiting = malloc_thing(retry_t);
	*waiting = *retry;
	retry->slot = this->slots->take(this->slots,
							retry->peer_cfg->get_name(retry->peer_cfg),
							(cluster_failover_slot_cb_t)start_waiting, waiting,
							(void*)retry_destroy);
	if (retry->slot)
	{
		free(waiting);
		return TRUE;
	}
	retry->peer_cfg = NULL;
	retry->request = NULL;
	retry->children = linked_list_create();
	memset(&retry->spec, 0, sizeof(retry->spec));
	return FALSE;
}

/**
 * Free the slot of a retry, unless its key request took it along
 */
static void release_slot(private_cluster_failover_initiator_t *this,
						 retry_t *retry)
{
	this->slots->release(this->slots, retry->slot);
	retry->slot = 0;
}

/**
 * Close the IKE_SA that failed and continue the key request on a new one,
 * if the job has a peer_cfg.  A key request starts only once it has a
 * slot, its connect timeout only with its IKE_SA_INIT.
 */
static job_requeue_t retry_job(retry_t *retry)
{
	private_cluster_failover_initiator_t *this = retry->this;
	ike_sa_t *ike_sa;
	u_int delay;

	if (retry->old_id)
	{
		ike_sa = charon->ike_sa_manager->checkout_by_id(
										charon->ike_sa_manager, retry->old_id);
		if (ike_sa)
		{
			ike_sa->delete(ike_sa, TRUE);
			charon->ike_sa_manager->checkin_and_destroy(
										charon->ike_sa_manager, ike_sa);
		}
		retry->old_id = 0;
	}
	if (!retry->peer_cfg)
	{
		return JOB_REQUEUE_NONE;
	}
	if (this->requests->cancelled(this->requests, &retry->spec,
						retry->peer_cfg->get_name(retry->peer_cfg),
						retry->epoch))
	{
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled",
			 retry->peer_cfg->get_name(retry->peer_cfg));
		release_slot(this, retry);
		return JOB_REQUEUE_NONE;
	}
	if (!take_slot(this, retry))
	{	/* moved to the key requests waiting */
		return JOB_REQUEUE_NONE;
	}
	delay = initiate_new(this, retry);
	/* unless its key request is on the way: nothing to request, no
	 * member reachable, waiting for a path */
	release_slot(this, retry);
	if (delay)
	{	/* the same job, later */
		return JOB_RESCHEDULE_MS(delay);
	}
	return JOB_REQUEUE_NONE;
}

/**
 * Queue or schedule a retry job
 */
static void queue_retry(retry_t *retry, u_int delay)
{
	callback_job_t *job;

	job = callback_job_create((callback_job_cb_t)retry_job, retry,
							  (callback_job_cleanup_t)retry_destroy, NULL);
	if (delay)
	{
		lib->scheduler->schedule_job_ms(lib->scheduler, (job_t*)job, delay);
	}
	else
	{
		lib->processor->queue_job(lib->processor, (job_t*)job);
	}
}

/**
 * Create a retry job's data for an IKE_SA and its key request; spec moved
 * to the job
 */
static retry_t *create_retry(private_cluster_failover_initiator_t *this,
							 ike_sa_t *ike_sa, cluster_failover_entry_t *entry)
{
	peer_cfg_t *peer_cfg;
	retry_t *retry;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	INIT(retry,
		.this = this,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = cluster_failover_pending_children(ike_sa),
		.round = entry->round,
		.spec = entry->spec,
		.started = entry->started,
		.waits = entry->waits,
		.epoch = entry->epoch,
	);
	return retry;
}

/**
 * Hold down a member failing authentication, a configuration problem, to
 * keep it out of the way for a while
 */
static void hold_down(private_cluster_failover_initiator_t *this,
					  cluster_failover_cluster_t *cluster,
					  cluster_failover_entry_t *entry,
					  cluster_failover_failure_t reason)
{
	if (reason == CF_FAILURE_AUTH)
	{
		this->holddown->failed(this->holddown, cluster->get_name(cluster),
							entry->request->get_member(entry->request),
							cluster_failover_now(),
							cluster->get_hold_down(cluster));
	}
}

/**
 * Give up a key request in move_on(), the failed IKE_SA is closed anyway
 */
static void give_up_moved(private_cluster_failover_initiator_t *this,
						  ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
						  retry_t *retry, cluster_failover_cluster_t *cluster)
{
	if (!this->requests->cancelled(this->requests, &entry->spec,
								   ike_sa->get_name(ike_sa), entry->epoch))
	{	/* a cancelled failover's request has nothing to give up, the
		 * failover of the moment is another */
		give_up(this, cluster, ike_sa->get_name(ike_sa), entry->round,
				entry->spec.purpose);
	}
	retry->request->destroy(retry->request);
	retry->request = NULL;
	retry->peer_cfg->destroy(retry->peer_cfg);
	retry->peer_cfg = NULL;
	queue_retry(retry, 0);
}

METHOD(cluster_failover_initiator_t, move_on, void,
	private_cluster_failover_initiator_t *this, ike_sa_t *ike_sa,
	cluster_failover_entry_t *entry, cluster_failover_failure_t reason)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_next_t next;
	retry_t *retry;
	u_int wait;

	this->slots->release(this->slots, entry->slot);
	entry->slot = 0;
	cluster = entry->request->get_cluster(entry->request);
	cluster = cluster->get_ref(cluster);
	DBG1(DBG_IKE, "cluster '%s': member %H failed for '%s': %N",
		 cluster->get_name(cluster), entry->request->get_member(entry->request),
		 ike_sa->get_name(ike_sa), cluster_failover_failure_names, reason);
	cluster_failover_state_failed(ike_sa->get_name(ike_sa),
						entry->request->get_member(entry->request),
						enum_to_name(cluster_failover_failure_names, reason),
						TRUE);
	hold_down(this, cluster, entry, reason);
	retry = create_retry(this, ike_sa, entry);
	retry->old_id = entry->id;
	retry->request = entry->request;
	/* request and spec moved to the job */
	if (!entry->request->skip(entry->request, reason))
	{
		cluster_failover_log_exhausted(ike_sa->get_name(ike_sa), entry);
		next = end_round(retry, cluster, &wait);
		if (next == CF_NEXT_GIVE_UP)
		{
			give_up_moved(this, ike_sa, entry, retry, cluster);
			free(entry);
			cluster->destroy(cluster);
			return;
		}
		next_round(retry, cluster, next, wait);
	}
	else
	{
		wait = 0;
	}
	free(entry);
	cluster->destroy(cluster);
	queue_retry(retry, wait);
}

METHOD(cluster_failover_initiator_t, wait_for_path, void,
	private_cluster_failover_initiator_t *this, ike_sa_t *ike_sa,
	cluster_failover_entry_t *entry, u_int wait)
{
	cluster_failover_cluster_t *cluster;
	retry_t *retry;

	this->slots->release(this->slots, entry->slot);
	entry->slot = 0;
	retry = create_retry(this, ike_sa, entry);
	retry->started = 0;
	retry->waits = entry->waits + 1;
	cluster = entry->request->get_cluster(entry->request);
	log_wait(cluster, ike_sa->get_name(ike_sa), entry->waits, wait);
	/* spec moved to the job */
	entry->request->destroy(entry->request);
	free(entry);
	queue_retry(retry, wait);
}

METHOD(cluster_failover_initiator_t, initiate, void,
	private_cluster_failover_initiator_t *this, peer_cfg_t *peer_cfg,
	linked_list_t *children, cluster_failover_purpose_t purpose, host_t *only,
	host_t *exclude, linked_list_t *vips)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg;
	retry_t *retry;

	INIT(retry,
		.this = this,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = linked_list_create(),
		.round = 1,
		.spec = {
			.purpose = purpose,
			.only = only ? only->clone(only) : NULL,
			.exclude = exclude ? exclude->clone(exclude) : NULL,
			.vips = cluster_failover_vips_clone(vips),
		},
	);
	this->requests->lock(this->requests);
	retry->epoch = this->requests->get_epoch(this->requests,
											 peer_cfg->get_name(peer_cfg));
	this->requests->unlock(this->requests);
	enumerator = children->create_enumerator(children);
	while (enumerator->enumerate(enumerator, &cfg))
	{
		retry->children->insert_last(retry->children, cfg->get_ref(cfg));
	}
	enumerator->destroy(enumerator);
	queue_retry(retry, 0);
}

METHOD(cluster_failover_initiator_t, set_exhausted_cb, void,
	private_cluster_failover_initiator_t *this,
	cluster_failover_exhausted_cb_t cb, void *data)
{
	this->exhausted = cb;
	this->exhausted_data = data;
}

METHOD(cluster_failover_initiator_t, destroy, void,
	private_cluster_failover_initiator_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_initiator_t *cluster_failover_initiator_create(
								cluster_failover_config_t *config,
								cluster_failover_holddown_t *holddown,
								cluster_failover_requests_t *requests,
								cluster_failover_slots_t *slots)
{
	private_cluster_failover_initiator_t *this;

	INIT(this,
		.public = {
			.initiate = _initiate,
			.move_on = _move_on,
			.wait_for_path = _wait_for_path,
			.give_up = _give_up,
			.set_exhausted_cb = _set_exhausted_cb,
			.destroy = _destroy,
		},
		.config = config,
		.holddown = holddown,
		.requests = requests,
		.slots = slots,
	);

	return &this->public;
}
