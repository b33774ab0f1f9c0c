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
 * The connect and establish timeouts of key requests: the job that skips
 * a member that did not answer or complete in time.
 */

#include "cluster_failover_timeout.h"
#include "cluster_failover_state.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_timeout_t
		private_cluster_failover_timeout_t;

/**
 * Private data of a cluster_failover_timeout_t object.
 */
struct private_cluster_failover_timeout_t {

	/**
	 * Public interface
	 */
	cluster_failover_timeout_t public;

	/**
	 * Key requests in progress
	 */
	cluster_failover_requests_t *requests;

	/**
	 * Moves key requests to new IKE_SAs
	 */
	cluster_failover_initiator_t *initiator;

	/**
	 * Slots of key requests in flight
	 */
	cluster_failover_slots_t *slots;
};

/**
 * Job data for a connect timeout
 */
typedef struct {

	/**
	 * Timeouts
	 */
	private_cluster_failover_timeout_t *this;

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Attempt that timed out
	 */
	int attempt;

	/**
	 * Key request number of the attempt
	 */
	u_int round;

} timeout_t;

/**
 * What became of a key request once its member timed out
 */
typedef struct {

	/**
	 * Member to try next on the same IKE_SA, NULL if none
	 */
	host_t *member;

	/**
	 * Key request waiting for a path, removed from the table, or NULL
	 */
	cluster_failover_entry_t *waiting;

	/**
	 * Time to wait for it
	 */
	u_int wait;

	/**
	 * Number of the key request given up
	 */
	u_int round;

	/**
	 * Purpose of the key request given up
	 */
	cluster_failover_purpose_t purpose;

} outcome_t;

static job_requeue_t timeout_job(timeout_t *data);

/**
 * Schedule a timeout job for an attempt
 */
static void schedule_job(private_cluster_failover_timeout_t *this,
						 uint32_t id, int attempt, u_int round, uint32_t ms)
{
	timeout_t *data;

	INIT(data,
		.this = this,
		.id = id,
		.attempt = attempt,
		.round = round,
	);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)timeout_job, data,
										free, NULL), max(ms, 1));
}

METHOD(cluster_failover_timeout_t, schedule, void,
	private_cluster_failover_timeout_t *this, cluster_failover_entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	int attempt;

	attempt = entry->request->get_attempt(entry->request);
	if (entry->timed == attempt && entry->timed_round == entry->round)
	{	/* already scheduled, e.g. for a retry after INVALID_KE_PAYLOAD */
		return;
	}
	entry->timed = attempt;
	entry->timed_round = entry->round;
	cluster = entry->request->get_cluster(entry->request);
	schedule_job(this, entry->id, attempt, entry->round,
				 cluster->get_connect_timeout(cluster));
}

/**
 * Address an IKE_SA to a member, if it is reachable
 */
static void set_hosts(ike_sa_t *ike_sa, host_t *member)
{
	host_t *src, *dst, *other;

	src = charon->kernel->get_source_addr(charon->kernel, member, NULL);
	if (src)
	{
		other = ike_sa->get_other_host(ike_sa);
		dst = member->clone(member);
		dst->set_port(dst, other->get_port(other));
		src->set_port(src, ike_sa->get_my_host(ike_sa)->get_port(
											ike_sa->get_my_host(ike_sa)));
		ike_sa->set_my_host(ike_sa, src);
		ike_sa->set_other_host(ike_sa, dst);
	}
}

/**
 * Check if the attempt that timed out is still in progress, with the lock
 * held; if not, the lock is released and the IKE_SA checked in
 */
static bool still_pending(private_cluster_failover_timeout_t *this,
						  ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
						  timeout_t *data)
{
	if (!entry || entry->round != data->round ||
		entry->request->get_attempt(entry->request) != data->attempt)
	{	/* the attempt succeeded or failed otherwise meanwhile */
		this->requests->unlock(this->requests);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return FALSE;
	}
	if (ike_sa->get_state(ike_sa) != IKE_CONNECTING &&
		ike_sa->get_state(ike_sa) != IKE_CREATED)
	{	/* established, what remains is up to the CHILD_SAs */
		this->requests->remove(this->requests, data->id);
		this->slots->release(this->slots, entry->slot);
		this->requests->unlock(this->requests);
		cluster_failover_entry_destroy(entry);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return FALSE;
	}
	if (entry->spec.purpose == CF_PURPOSE_FAILOVER &&
		this->requests->get_epoch(this->requests,
								  ike_sa->get_name(ike_sa)) != entry->epoch)
	{	/* the lost member answered again, the failover is off */
		this->requests->remove(this->requests, data->id);
		this->slots->release(this->slots, entry->slot);
		this->requests->unlock(this->requests);
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled",
			 ike_sa->get_name(ike_sa));
		cluster_failover_entry_destroy(entry);
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
													ike_sa);
		return FALSE;
	}
	return TRUE;
}

/**
 * Check if a member that answered still has time to complete the
 * establishment, and wait for it if so, with lock held
 */
static bool wait_for_establishment(private_cluster_failover_timeout_t *this,
								   cluster_failover_entry_t *entry,
								   timeout_t *data)
{
	cluster_failover_cluster_t *cluster;
	uint64_t left;

	cluster = entry->request->get_cluster(entry->request);
	left = cluster_failover_attempt_time_left(entry->answered,
								cluster->get_establish_timeout(cluster),
								cluster_failover_now());
	if (!left)
	{
		return FALSE;
	}
	schedule_job(this, data->id, data->attempt, data->round, left);
	return TRUE;
}

/**
 * Skip the member that timed out, with lock held.  Returns the next member
 * of the key request, NULL if none.
 */
static host_t *skip_member(ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
						   cluster_failover_cluster_t *cluster)
{
	host_t *member;

	member = entry->request->get_member(entry->request);
	if (!member)
	{	/* no usable member in the IKE_SA_INIT hook */
		return NULL;
	}
	if (entry->answered)
	{
		DBG1(DBG_IKE, "cluster '%s': member %H did not complete '%s' "
			 "within %ums", cluster->get_name(cluster), member,
			 ike_sa->get_name(ike_sa),
			 cluster->get_establish_timeout(cluster));
	}
	else
	{
		charon->bus->log(charon->bus, DBG_CFG,
			cluster_failover_request_level(entry->waits), "cluster '%s': "
			"member %H did not answer for '%s' within %ums",
			cluster->get_name(cluster), member, ike_sa->get_name(ike_sa),
			cluster->get_connect_timeout(cluster));
	}
	cluster_failover_state_failed(ike_sa->get_name(ike_sa), member,
				enum_to_name(cluster_failover_failure_names, entry->answered ?
							 CF_FAILURE_ESTABLISH : CF_FAILURE_TIMEOUT), TRUE);
	member = entry->request->skip(entry->request, entry->answered ?
						CF_FAILURE_ESTABLISH : CF_FAILURE_TIMEOUT);
	entry->answered = 0;
	return member;
}

/**
 * Start a new key request on the same IKE_SA at once, with lock held.
 * Returns its first member, NULL if there is none.
 */
static host_t *restart(private_cluster_failover_timeout_t *this,
					   ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
					   cluster_failover_cluster_t *cluster)
{
	cluster_failover_request_t *request;

	request = this->requests->create_request(this->requests, cluster,
											 &entry->spec);
	if (!request)
	{
		return NULL;
	}
	entry->request->destroy(entry->request);
	entry->request = request;
	entry->round++;
	entry->started = cluster_failover_now();
	cluster_failover_log_request(ike_sa->get_name(ike_sa), entry);
	return request->get_member(request);
}

/**
 * Decide how a key request goes on after its member timed out, see
 * cluster_failover_attempt_next(), with lock held; a key request that does
 * not go on on this IKE_SA is removed from the table
 */
static void decide(private_cluster_failover_timeout_t *this,
				   ike_sa_t *ike_sa, cluster_failover_entry_t *entry,
				   cluster_failover_cluster_t *cluster, outcome_t *outcome)
{
	cluster_failover_next_t next;
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	cluster_failover_round_t state = {
		.purpose = entry->spec.purpose,
		.round = entry->round,
		.waits = entry->waits,
	};

	outcome->member = skip_member(ike_sa, entry, cluster);
	state.member_left = outcome->member != NULL;
	state.answered = entry->request->answered(entry->request);
	next = cluster_failover_attempt_next(&state,
								peer_cfg->get_keyingtries(peer_cfg),
								cluster->get_connect_timeout(cluster),
								&outcome->wait);
	if (next == CF_NEXT_MEMBER)
	{
		return;
	}
	cluster_failover_log_exhausted(ike_sa->get_name(ike_sa), entry);
	if (next == CF_NEXT_ROUND)
	{	/* the connect timeout passed already, at once on this IKE_SA */
		outcome->member = restart(this, ike_sa, entry, cluster);
	}
	if (outcome->member)
	{
		return;
	}
	outcome->purpose = entry->spec.purpose;
	outcome->round = entry->round;
	this->requests->remove(this->requests, entry->id);
	this->slots->release(this->slots, entry->slot);
	entry->slot = 0;
	if (next == CF_NEXT_WAIT)
	{
		outcome->waiting = entry;
	}
	else
	{
		cluster_failover_entry_destroy(entry);
	}
}

/**
 * When the last member of a key request times out, look up the cluster's
 * DNS names without the lock: restart() may start a new key request with
 * the lock held, which does not wait
 */
static void prepare_restart(private_cluster_failover_timeout_t *this,
							uint32_t id)
{
	cluster_failover_cluster_t *cluster = NULL;
	cluster_failover_entry_t *entry;

	this->requests->lock(this->requests);
	entry = this->requests->get(this->requests, id);
	if (entry && !entry->spec.only &&
		entry->request->get_attempt(entry->request) >=
		entry->request->get_count(entry->request))
	{
		cluster = entry->request->get_cluster(entry->request);
		cluster = cluster->get_ref(cluster);
	}
	this->requests->unlock(this->requests);
	if (cluster)
	{
		this->requests->prepare(this->requests, cluster);
		cluster->destroy(cluster);
	}
}

/**
 * Try the next member after a connect or establish timeout, on the same
 * IKE_SA
 */
static job_requeue_t timeout_job(timeout_t *data)
{
	private_cluster_failover_timeout_t *this = data->this;
	cluster_failover_cluster_t *cluster;
	cluster_failover_entry_t *entry;
	outcome_t outcome = {};
	ike_sa_t *ike_sa;
	host_t *member;
	status_t status = SUCCESS;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													data->id);
	if (!ike_sa)
	{
		return JOB_REQUEUE_NONE;
	}
	prepare_restart(this, data->id);
	this->requests->lock(this->requests);
	entry = this->requests->get(this->requests, data->id);
	if (!still_pending(this, ike_sa, entry, data))
	{
		return JOB_REQUEUE_NONE;
	}
	if (wait_for_establishment(this, entry, data))
	{
		this->requests->unlock(this->requests);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	cluster = entry->request->get_cluster(entry->request);
	cluster = cluster->get_ref(cluster);
	decide(this, ike_sa, entry, cluster, &outcome);
	member = outcome.member ? outcome.member->clone(outcome.member) : NULL;
	this->requests->unlock(this->requests);

	if (member)
	{	/* start over with the next member, queued CHILD_SAs are kept; the
		 * IKE_SA_INIT hook checks the member and skips it if unreachable */
		ike_sa->reset(ike_sa, TRUE);
		set_hosts(ike_sa, member);
		status = ike_sa->initiate(ike_sa, NULL, NULL);
		member->destroy(member);
	}
	else if (outcome.waiting)
	{
		status = DESTROY_ME;
		this->initiator->wait_for_path(this->initiator, ike_sa,
									   outcome.waiting, outcome.wait);
	}
	else
	{
		status = DESTROY_ME;
		this->initiator->give_up(this->initiator, cluster,
								 ike_sa->get_name(ike_sa), outcome.round,
								 outcome.purpose);
		charon->bus->alert(charon->bus, ALERT_PEER_INIT_UNREACHABLE, 0);
	}
	cluster_failover_checkin(ike_sa, status);
	cluster->destroy(cluster);
	return JOB_REQUEUE_NONE;
}

METHOD(cluster_failover_timeout_t, destroy, void,
	private_cluster_failover_timeout_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_timeout_t *cluster_failover_timeout_create(
								cluster_failover_requests_t *requests,
								cluster_failover_initiator_t *initiator,
								cluster_failover_slots_t *slots)
{
	private_cluster_failover_timeout_t *this;

	INIT(this,
		.public = {
			.schedule = _schedule,
			.destroy = _destroy,
		},
		.requests = requests,
		.initiator = initiator,
		.slots = slots,
	);

	return &this->public;
}
