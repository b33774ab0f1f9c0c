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

#include "cluster_failover_standby.h"
#include "cluster_failover_move.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_standby_t
		private_cluster_failover_standby_t;

/**
 * Private data of a cluster_failover_standby_t object.
 */
struct private_cluster_failover_standby_t {

	/**
	 * Public interface
	 */
	cluster_failover_standby_t public;

	/**
	 * State of the connections
	 */
	cluster_failover_conns_t *conns;

	/**
	 * Connector for key requests
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Retires failed standby IKE_SAs
	 */
	cluster_failover_retire_t *retire;
};

/**
 * Job data to check that a failover to the standby IKE_SA went through
 */
typedef struct {

	/**
	 * Standby instance
	 */
	private_cluster_failover_standby_t *this;

	/**
	 * Name of the connection
	 */
	char *name;

	/**
	 * IKE_SA of the lost member
	 */
	uint32_t from;

	/**
	 * Standby IKE_SA the CHILD_SAs were moved to
	 */
	uint32_t via;

	/**
	 * Why the standby failed, NULL if the time ran out
	 */
	char *reason;

} standby_check_t;

static void standby_check_destroy(standby_check_t *check)
{
	free(check->name);
	free(check);
}

/**
 * Check, after a failover to the standby IKE_SA was started, that it went
 * through; if not, start a new key request
 */
static job_requeue_t standby_check_job(standby_check_t *check)
{
	private_cluster_failover_standby_t *this = check->this;
	cluster_failover_failover_t *failover;
	cluster_failover_conn_t *conn;
	linked_list_t *children = NULL, *vips = NULL;
	peer_cfg_t *peer_cfg = NULL;

	conn = this->conns->lock(this->conns, check->name, FALSE);
	failover = conn ? conn->standby_failed(conn, check->from, check->via)
					: NULL;
	if (failover)
	{	/* still waiting for the CHILD_SAs on the standby */
		peer_cfg = failover->peer_cfg->get_ref(failover->peer_cfg);
		children = cluster_failover_clone_children(failover->children);
		vips = cluster_failover_vips_clone(failover->vips);
	}
	this->conns->unlock(this->conns);
	if (!peer_cfg)
	{
		return JOB_REQUEUE_NONE;
	}
	DBG1(DBG_IKE, "cluster-failover: the standby IKE_SA [%u] did not take "
		 "over '%s' (%s), starting a new key request", check->via,
		 check->name, check->reason ?: "no CHILD_SA in time");
	this->retire->failed_standby(this->retire, check->name, check->via);
	this->connector->initiate(this->connector, peer_cfg, children,
							  CF_PURPOSE_FAILOVER, NULL, NULL, vips);
	cluster_failover_vips_destroy(vips);
	children->destroy_offset(children, offsetof(child_cfg_t, destroy));
	peer_cfg->destroy(peer_cfg);
	return JOB_REQUEUE_NONE;
}

METHOD(cluster_failover_standby_t, check, void,
	private_cluster_failover_standby_t *this, char *name, uint32_t from,
	uint32_t via, char *reason, uint32_t ms)
{
	standby_check_t *check;

	INIT(check,
		.this = this,
		.name = strdup(name),
		.from = from,
		.via = via,
		.reason = reason,
	);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)standby_check_job,
					check, (callback_job_cleanup_t)standby_check_destroy,
					NULL), max(ms, 1));
}

METHOD(cluster_failover_standby_t, start, void,
	private_cluster_failover_standby_t *this, peer_cfg_t *peer_cfg,
	host_t *exclude)
{
	linked_list_t *none;

	DBG1(DBG_IKE, "cluster-failover: setting up a standby IKE_SA for '%s'",
		 peer_cfg->get_name(peer_cfg));
	none = linked_list_create();
	this->connector->initiate(this->connector, peer_cfg, none,
							  CF_PURPOSE_STANDBY, NULL, exclude, NULL);
	none->destroy(none);
}

/**
 * Whether an alert on the standby IKE_SA a failover uses means that the
 * CHILD_SAs will not come up there
 */
static char *standby_failure(alert_t alert)
{
	switch (alert)
	{
		case ALERT_KEEP_ON_CHILD_SA_FAILURE:
			return "CHILD_SA failed";
		case ALERT_PROPOSAL_MISMATCH_CHILD:
			return "proposals rejected";
		case ALERT_TS_MISMATCH:
			return "traffic selectors rejected";
		case ALERT_RETRANSMIT_SEND_TIMEOUT:
			return "retransmission timeout";
		default:
			return NULL;
	}
}

METHOD(cluster_failover_standby_t, alert, void,
	private_cluster_failover_standby_t *this, ike_sa_t *ike_sa,
	alert_t alert)
{
	cluster_failover_conn_t *conn;
	uint32_t id, from = 0;
	char *reason;

	reason = standby_failure(alert);
	if (!reason)
	{
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), FALSE);
	if (conn)
	{
		from = conn->failing_via(conn, id);
	}
	this->conns->unlock(this->conns);
	if (from)
	{
		check(this, ike_sa->get_name(ike_sa), from, id, reason, 0);
	}
}

METHOD(cluster_failover_standby_t, destroy, void,
	private_cluster_failover_standby_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_standby_t *cluster_failover_standby_create(
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_retire_t *retire)
{
	private_cluster_failover_standby_t *this;

	INIT(this,
		.public = {
			.start = _start,
			.check = _check,
			.alert = _alert,
			.destroy = _destroy,
		},
		.conns = conns,
		.connector = connector,
		.retire = retire,
	);
	return &this->public;
}
