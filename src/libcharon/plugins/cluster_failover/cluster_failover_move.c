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

#include "cluster_failover_move.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_cluster_failover_move_t private_cluster_failover_move_t;

/**
 * Private data of a cluster_failover_move_t object.
 */
struct private_cluster_failover_move_t {

	/**
	 * Public interface
	 */
	cluster_failover_move_t public;

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
	 * Checks failovers to the standby
	 */
	cluster_failover_standby_t *standby;
};

/**
 * Job data to move the CHILD_SAs of a connection
 */
typedef struct {

	/**
	 * Move instance
	 */
	private_cluster_failover_move_t *this;

	/**
	 * Connection
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * Configs of its CHILD_SAs
	 */
	linked_list_t *children;

	/**
	 * IKE_SA to establish them on, 0 for a new key request
	 */
	uint32_t standby;

	/**
	 * IKE_SA of the lost member
	 */
	uint32_t from;

	/**
	 * When the member was declared lost, to tell the failover apart
	 */
	uint64_t declared;

	/**
	 * Virtual IPs to ask a new member for, host_t*, NULL for none
	 */
	linked_list_t *vips;

} move_children_t;

static void move_children_destroy(move_children_t *move)
{
	move->peer_cfg->destroy(move->peer_cfg);
	move->children->destroy_offset(move->children,
								   offsetof(child_cfg_t, destroy));
	cluster_failover_vips_destroy(move->vips);
	free(move);
}

/*
 * Described in header
 */
linked_list_t *cluster_failover_clone_children(linked_list_t *children)
{
	return children->clone_offset(children, offsetof(child_cfg_t, get_ref));
}

/*
 * Described in header
 */
linked_list_t *cluster_failover_installed_children(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	child_sa_t *child_sa;
	child_cfg_t *cfg;

	list = linked_list_create();
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		switch (child_sa->get_state(child_sa))
		{
			case CHILD_REKEYED:
			case CHILD_DELETING:
			case CHILD_DELETED:
				continue;
			default:
				break;
		}
		cfg = child_sa->get_config(child_sa);
		if (!list->find_first(list, NULL, (void**)&cfg))
		{
			list->insert_last(list, cfg->get_ref(cfg));
		}
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * Establish the CHILD_SAs of a move on the standby IKE_SA, if it is up.
 * Returns TRUE if the CREATE_CHILD_SA exchanges were started.
 */
static bool move_to_standby(move_children_t *move)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg;
	ike_sa_t *ike_sa;
	status_t status = SUCCESS;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													move->standby);
	if (!ike_sa)
	{
		return FALSE;
	}
	if (ike_sa->get_state(ike_sa) != IKE_ESTABLISHED)
	{
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return FALSE;
	}
	DBG1(DBG_IKE, "cluster-failover: moving the CHILD_SAs of '%s' to "
		 "standby member %H", ike_sa->get_name(ike_sa),
		 ike_sa->get_other_host(ike_sa));
	enumerator = move->children->create_enumerator(move->children);
	while (status == SUCCESS && enumerator->enumerate(enumerator, &cfg))
	{
		status = ike_sa->initiate(ike_sa, cfg->get_ref(cfg), NULL);
	}
	enumerator->destroy(enumerator);
	cluster_failover_checkin(ike_sa, status);
	return status != DESTROY_ME;
}

/**
 * Note the standby IKE_SA a failover uses, 0 for none
 */
static void set_via(private_cluster_failover_move_t *this, char *name,
					uint32_t from, uint32_t via)
{
	cluster_failover_conn_t *conn;

	conn = this->conns->lock(this->conns, name, TRUE);
	conn->set_via(conn, from, via);
	this->conns->unlock(this->conns);
}

/**
 * Check if a failover is still the one in progress
 */
static bool is_current(private_cluster_failover_move_t *this, char *name,
					   move_children_t *move)
{
	cluster_failover_conn_t *conn;
	bool current;

	conn = this->conns->lock(this->conns, name, FALSE);
	current = conn && conn->is_failing_over(conn, move->from, move->declared);
	this->conns->unlock(this->conns);
	return current;
}

/**
 * Move the CHILD_SAs of a lost member to the standby or a new member.
 *
 * A failover to the standby that brings no CHILD_SA up within the
 * connect timeout (rejected, or the standby member is dead too) continues
 * with a new key request, see the standby unit.
 */
static job_requeue_t move_children_job(move_children_t *move)
{
	private_cluster_failover_move_t *this = move->this;
	cluster_failover_cluster_t *cluster;
	char *name = move->peer_cfg->get_name(move->peer_cfg);

	if (!is_current(this, name, move))
	{	/* called off meanwhile, the lost member answers again */
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled", name);
		return JOB_REQUEUE_NONE;
	}
	if (move->standby)
	{	/* noted before, an alert may come while initiating */
		set_via(this, name, move->from, move->standby);
		if (move_to_standby(move))
		{
			cluster = this->config->get_cluster(this->config, name);
			this->standby->check(this->standby, name, move->from,
						move->standby, NULL,
						cluster ? cluster->get_connect_timeout(cluster) : 0);
			DESTROY_IF(cluster);
			return JOB_REQUEUE_NONE;
		}
		set_via(this, name, move->from, 0);
	}
	this->connector->initiate(this->connector, move->peer_cfg,
							  move->children, CF_PURPOSE_FAILOVER,
							  NULL, NULL, move->vips);
	return JOB_REQUEUE_NONE;
}

METHOD(cluster_failover_move_t, move, void,
	private_cluster_failover_move_t *this, peer_cfg_t *peer_cfg,
	linked_list_t *children, uint32_t standby, uint32_t from,
	uint64_t declared, linked_list_t *vips)
{
	move_children_t *move;

	INIT(move,
		.this = this,
		.peer_cfg = peer_cfg,
		.children = children,
		.standby = standby,
		.from = from,
		.declared = declared,
		.vips = vips,
	);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)move_children_job,
					move, (callback_job_cleanup_t)move_children_destroy,
					NULL));
}

METHOD(cluster_failover_move_t, destroy, void,
	private_cluster_failover_move_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_move_t *cluster_failover_move_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_standby_t *standby)
{
	private_cluster_failover_move_t *this;

	INIT(this,
		.public = {
			.move = _move,
			.destroy = _destroy,
		},
		.config = config,
		.conns = conns,
		.connector = connector,
		.standby = standby,
	);
	return &this->public;
}
