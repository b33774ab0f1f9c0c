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

#include "cluster_failover_loss.h"
#include "cluster_failover_script.h"
#include "cluster_failover_state.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>

typedef struct private_cluster_failover_loss_t private_cluster_failover_loss_t;

/**
 * Private data of a cluster_failover_loss_t object.
 */
struct private_cluster_failover_loss_t {

	/**
	 * Public interface
	 */
	cluster_failover_loss_t public;

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

	/**
	 * Moves the CHILD_SAs of lost members
	 */
	cluster_failover_move_t *move;
};

/**
 * Check if charon restarts the CHILD_SAs of an IKE_SA itself on the given
 * kind of loss
 */
static bool charon_restarts(ike_sa_t *ike_sa, bool dpd)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	action_t action;
	bool restart = FALSE;

	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (!restart && enumerator->enumerate(enumerator, &child_sa))
	{
		action = dpd ? child_sa->get_dpd_action(child_sa)
					 : child_sa->get_close_action(child_sa);
		restart = (action & ACTION_START) != 0;
	}
	enumerator->destroy(enumerator);
	return restart;
}

/**
 * Check if the peer is deleting an IKE_SA
 */
static bool deleted_by_peer(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	task_t *task;
	bool found = FALSE;

	enumerator = ike_sa->create_task_enumerator(ike_sa, TASK_QUEUE_PASSIVE);
	while (!found && enumerator->enumerate(enumerator, &task))
	{
		found = task->get_type(task) == TASK_IKE_DELETE;
	}
	enumerator->destroy(enumerator);
	return found;
}

/*
 * Described in header
 */
uint32_t cluster_failover_silent_for(ike_sa_t *ike_sa)
{
	time_t last;

	last = ike_sa->get_statistic(ike_sa, STAT_INBOUND);
	return last ? (time_monotonic(NULL) - last) * 1000 : 0;
}

METHOD(cluster_failover_loss_t, lost, bool,
	private_cluster_failover_loss_t *this, ike_sa_t *ike_sa, char *cause,
	uint32_t detect)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_failover_t *failover;
	cluster_failover_conn_t *conn;
	linked_list_t *children, *vips;
	peer_cfg_t *peer_cfg;
	host_t *member;
	uint32_t id, standby;
	uint64_t declared;

	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return FALSE;
	}
	id = ike_sa->get_unique_id(ike_sa);
	member = ike_sa->get_other_host(ike_sa);
	declared = cluster_failover_now();

	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), TRUE);
	if (!conn->may_fail_over(conn, id))
	{
		this->conns->unlock(this->conns);
		cluster->destroy(cluster);
		return FALSE;
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	children = cluster_failover_installed_children(ike_sa);
	failover = cluster_failover_failover_create(id, member, cause, detect,
								declared, peer_cfg->get_ref(peer_cfg),
								cluster_failover_clone_children(children));
	if (cluster->get_keep_virtual_ip(cluster))
	{
		failover->vips = cluster_failover_vips_collect(ike_sa);
	}
	vips = cluster_failover_vips_clone(failover->vips);
	standby = conn->fail_over(conn, failover);
	this->conns->unlock(this->conns);

	this->holddown->failed(this->holddown, cluster->get_name(cluster), member,
						   cluster_failover_now(),
						   cluster->get_hold_down(cluster));
	this->connector->give_up(this->connector, id);
	DBG1(DBG_IKE, "cluster '%s': member %H of '%s' is lost (%s), failing "
		 "over", cluster->get_name(cluster), member, ike_sa->get_name(ike_sa),
		 cause);
	cluster_failover_state_failed(ike_sa->get_name(ike_sa), member, cause,
								  FALSE);
	this->move->move(this->move, peer_cfg->get_ref(peer_cfg), children,
					 standby, id, declared, vips);
	cluster->destroy(cluster);
	return TRUE;
}

METHOD(cluster_failover_loss_t, path, void,
	private_cluster_failover_loss_t *this, ike_sa_t *ike_sa, bool up,
	uint32_t down)
{
	cluster_failover_cluster_t *cluster;
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa);

	cluster = this->config->get_cluster(this->config, name);
	if (!cluster)
	{
		return;
	}
	if (up)
	{
		DBG1(DBG_IKE, "cluster '%s': path to member %H of '%s' back after "
			 "%ums (path back), checking the member",
			 cluster->get_name(cluster), member, name, down);
	}
	else
	{
		DBG1(DBG_IKE, "cluster '%s': no path to member %H of '%s' (path "
			 "down), keeping its SAs until the path comes back",
			 cluster->get_name(cluster), member, name);
	}
	cluster_failover_script_run(cluster, up ? "path-back" : "path-down", name,
								member, member, up ? "path back" : "path down",
								down, 0);
	cluster->destroy(cluster);
}

METHOD(cluster_failover_loss_t, revived, bool,
	private_cluster_failover_loss_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_failover_t *failover = NULL;
	cluster_failover_conn_t *conn;
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa);
	uint32_t id = ike_sa->get_unique_id(ike_sa);

	cluster = this->config->get_cluster(this->config, name);
	if (!cluster)
	{
		return FALSE;
	}
	conn = this->conns->lock(this->conns, name, FALSE);
	if (conn)
	{
		failover = conn->revive(conn, id);
	}
	this->conns->unlock(this->conns);
	if (!failover)
	{
		cluster->destroy(cluster);
		return FALSE;
	}
	DBG1(DBG_IKE, "cluster '%s': member %H of '%s' answers again after %ums "
		 "(path back), failover called off", cluster->get_name(cluster),
		 member, name, (uint32_t)(cluster_failover_now() - failover->declared));
	this->holddown->clear(this->holddown, cluster->get_name(cluster), member);
	this->connector->revive(this->connector, id);
	this->connector->cancel(this->connector, name);
	cluster_failover_script_run(cluster, "path-back", name, member, member,
								"path back", failover->detect, 0);
	cluster_failover_failover_destroy(failover);
	cluster->destroy(cluster);
	return TRUE;
}

METHOD(cluster_failover_loss_t, deleting, void,
	private_cluster_failover_loss_t *this, ike_sa_t *ike_sa)
{
	if (ike_sa->get_state(ike_sa) == IKE_ESTABLISHED &&
		deleted_by_peer(ike_sa) && !charon_restarts(ike_sa, FALSE))
	{
		lost(this, ike_sa, "deleted by the gateway",
			 cluster_failover_silent_for(ike_sa));
	}
}

METHOD(cluster_failover_loss_t, timed_out, void,
	private_cluster_failover_loss_t *this, ike_sa_t *ike_sa)
{
	/* with dpd_action = restart, charon re-establishes the IKE_SA itself,
	 * the rehome's reestablish() takes note of the failover then */
	if (!charon_restarts(ike_sa, TRUE))
	{
		lost(this, ike_sa, "retransmission timeout",
			 cluster_failover_silent_for(ike_sa));
	}
}

METHOD(cluster_failover_loss_t, destroy, void,
	private_cluster_failover_loss_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_loss_t *cluster_failover_loss_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown,
								cluster_failover_move_t *move)
{
	private_cluster_failover_loss_t *this;

	INIT(this,
		.public = {
			.lost = _lost,
			.path = _path,
			.revived = _revived,
			.deleting = _deleting,
			.timed_out = _timed_out,
			.destroy = _destroy,
		},
		.config = config,
		.conns = conns,
		.connector = connector,
		.holddown = holddown,
		.move = move,
	);
	return &this->public;
}
