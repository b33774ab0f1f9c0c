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

#include "cluster_failover_fallback.h"
#include "cluster_failover_move.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_fallback_t
		private_cluster_failover_fallback_t;

/**
 * Private data of a cluster_failover_fallback_t object.
 */
struct private_cluster_failover_fallback_t {

	/**
	 * Public interface
	 */
	cluster_failover_fallback_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * State of the connections
	 */
	cluster_failover_conns_t *conns;

	/**
	 * Connector for key requests
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Failed members
	 */
	cluster_failover_holddown_t *holddown;
};

/**
 * Job data for the fallback to the preferred member
 */
typedef struct {

	/**
	 * Fallback instance
	 */
	private_cluster_failover_fallback_t *this;

	/**
	 * Name of the connection
	 */
	char *name;

} fallback_t;

static void fallback_destroy(fallback_t *fallback)
{
	free(fallback->name);
	free(fallback);
}

/**
 * Start a key request with the preferred member for the CHILD_SAs of the
 * active IKE_SA
 */
static void try_preferred(private_cluster_failover_fallback_t *this,
						  cluster_failover_cluster_t *cluster, char *name,
						  host_t *preferred, uint32_t active)
{
	linked_list_t *children, *vips = NULL;
	peer_cfg_t *peer_cfg;
	ike_sa_t *ike_sa;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													active);
	if (!ike_sa)
	{
		return;
	}
	children = cluster_failover_installed_children(ike_sa);
	if (cluster->get_keep_virtual_ip(cluster))
	{
		vips = cluster_failover_vips_collect(ike_sa);
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	peer_cfg = peer_cfg->get_ref(peer_cfg);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);

	DBG1(DBG_IKE, "cluster '%s': trying preferred member %H for '%s'",
		 cluster->get_name(cluster), preferred, name);
	this->connector->initiate(this->connector, peer_cfg, children,
							  CF_PURPOSE_FALLBACK, preferred, NULL, vips);
	cluster_failover_vips_destroy(vips);
	children->destroy_offset(children, offsetof(child_cfg_t, destroy));
	peer_cfg->destroy(peer_cfg);
}

/**
 * Try to move a connection back to the preferred member
 */
static job_requeue_t fallback_job(fallback_t *fallback)
{
	private_cluster_failover_fallback_t *this = fallback->this;
	cluster_failover_cluster_t *cluster;
	cluster_failover_conn_t *conn;
	host_t *preferred;
	uint64_t now, until;
	uint32_t active;

	cluster = this->config->get_cluster(this->config, fallback->name);
	preferred = cluster ? this->connector->get_preferred(this->connector,
														 cluster) : NULL;
	conn = this->conns->lock(this->conns, fallback->name, TRUE);
	active = conn->fallback_due(conn, preferred,
						preferred && cluster->get_fallback_interval(cluster));
	this->conns->unlock(this->conns);
	if (!active)
	{
		DESTROY_IF(preferred);
		DESTROY_IF(cluster);
		return JOB_REQUEUE_NONE;
	}

	now = cluster_failover_now();
	until = this->holddown->held_until(this->holddown,
									   cluster->get_name(cluster),
									   preferred, now);
	if (until)
	{	/* not before the hold-down of the preferred member ends */
		this->public.schedule(&this->public, fallback->name, until - now);
		preferred->destroy(preferred);
		cluster->destroy(cluster);
		return JOB_REQUEUE_NONE;
	}
	try_preferred(this, cluster, fallback->name, preferred, active);
	this->public.schedule(&this->public, fallback->name,
						  cluster->get_fallback_interval(cluster));
	preferred->destroy(preferred);
	cluster->destroy(cluster);
	return JOB_REQUEUE_NONE;
}

METHOD(cluster_failover_fallback_t, schedule, void,
	private_cluster_failover_fallback_t *this, char *name, uint32_t ms)
{
	fallback_t *fallback;

	INIT(fallback,
		.this = this,
		.name = strdup(name),
	);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)fallback_job,
					fallback, (callback_job_cleanup_t)fallback_destroy, NULL),
			max(ms, 1));
}

METHOD(cluster_failover_fallback_t, destroy, void,
	private_cluster_failover_fallback_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_fallback_t *cluster_failover_fallback_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown)
{
	private_cluster_failover_fallback_t *this;

	INIT(this,
		.public = {
			.schedule = _schedule,
			.destroy = _destroy,
		},
		.config = config,
		.conns = conns,
		.connector = connector,
		.holddown = holddown,
	);
	return &this->public;
}
