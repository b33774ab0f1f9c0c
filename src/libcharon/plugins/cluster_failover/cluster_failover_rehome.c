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

#include "cluster_failover_rehome.h"
#include "cluster_failover_monitor.h"
#include "cluster_failover_script.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>
#include <collections/array.h>


typedef struct private_cluster_failover_rehome_t
		private_cluster_failover_rehome_t;

/**
 * Private data of a cluster_failover_rehome_t object.
 */
struct private_cluster_failover_rehome_t {

	/**
	 * Public interface
	 */
	cluster_failover_rehome_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * Connector for key requests
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Failed members
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Heartbeat monitor
	 */
	cluster_failover_monitor_t *monitor;

	/**
	 * Data-path probes
	 */
	cluster_failover_probe_t *probe;

	/**
	 * Bound connections, name => conn_t
	 */
	hashtable_t *conns;

	/**
	 * Lock for conns
	 */
	mutex_t *mutex;
};

/**
 * A failover in progress
 */
typedef struct {

	/**
	 * Unique id of the IKE_SA of the lost member
	 */
	uint32_t from_id;

	/**
	 * The lost member
	 */
	host_t *from;

	/**
	 * Why it was lost
	 */
	char *cause;

	/**
	 * Time since anything was received when it was declared lost, in ms
	 */
	uint32_t detect;

	/**
	 * When it was declared lost
	 */
	uint64_t declared;

	/**
	 * Standby IKE_SA the CHILD_SAs are moved to, 0 for a new key request
	 */
	uint32_t via;

	/**
	 * Connection, to start a new key request if the standby fails
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * Configs of the CHILD_SAs to move, child_cfg_t*
	 */
	linked_list_t *children;

} failover_t;

/**
 * State of a bound connection
 */
typedef struct {

	/**
	 * Name of the connection
	 */
	char *name;

	/**
	 * Unique id of the IKE_SA carrying the CHILD_SAs, 0 if none
	 */
	uint32_t active;

	/**
	 * Member of the active IKE_SA
	 */
	host_t *member;

	/**
	 * Unique id of the standby IKE_SA, 0 if none
	 */
	uint32_t standby;

	/**
	 * Unique id of the IKE_SA reauthenticating the active one, 0 if none
	 */
	uint32_t reauth;

	/**
	 * Unique id of the active IKE_SA while charon reauthenticates it make-
	 * before-break (the new IKE_SA is not known by its id), 0 if none
	 */
	uint32_t reauth_of;

	/**
	 * Whether a standby IKE_SA is being set up
	 */
	bool standby_pending;

	/**
	 * Whether the fallback to the preferred member is scheduled
	 */
	bool fallback_scheduled;

	/**
	 * Failover in progress, NULL if none
	 */
	failover_t *failover;

} conn_t;

/**
 * Job data to retire an IKE_SA
 */
typedef struct {

	/**
	 * Rehome instance
	 */
	private_cluster_failover_rehome_t *this;

	/**
	 * Name of the connection
	 */
	char *name;

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Whether its member is dead
	 */
	bool dead;

	/**
	 * Whether to keep it as standby, without CHILD_SAs
	 */
	bool keep;

	/**
	 * Whether it is a standby that failed to take over, deleted at once
	 */
	bool standby_failed;

} retire_t;

/**
 * Job data to move the CHILD_SAs of a connection
 */
typedef struct {

	/**
	 * Rehome instance
	 */
	private_cluster_failover_rehome_t *this;

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

} move_t;

/**
 * Job data to check that a failover to the standby IKE_SA went through
 */
typedef struct {

	/**
	 * Rehome instance
	 */
	private_cluster_failover_rehome_t *this;

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

/**
 * Job data for the fallback to the preferred member
 */
typedef struct {

	/**
	 * Rehome instance
	 */
	private_cluster_failover_rehome_t *this;

	/**
	 * Name of the connection
	 */
	char *name;

} fallback_t;

static void failover_destroy(failover_t *failover)
{
	if (failover)
	{
		DESTROY_IF(failover->peer_cfg);
		if (failover->children)
		{
			failover->children->destroy_offset(failover->children,
										offsetof(child_cfg_t, destroy));
		}
		failover->from->destroy(failover->from);
		free(failover->cause);
		free(failover);
	}
}

static void conn_destroy(conn_t *conn)
{
	DESTROY_IF(conn->member);
	failover_destroy(conn->failover);
	free(conn->name);
	free(conn);
}

static void retire_destroy(retire_t *retire)
{
	free(retire->name);
	free(retire);
}

static void move_destroy(move_t *move)
{
	move->peer_cfg->destroy(move->peer_cfg);
	move->children->destroy_offset(move->children,
								   offsetof(child_cfg_t, destroy));
	free(move);
}

static void fallback_destroy(fallback_t *fallback)
{
	free(fallback->name);
	free(fallback);
}

static void standby_check_destroy(standby_check_t *check)
{
	free(check->name);
	free(check);
}

/**
 * Clone a list of CHILD_SA configs, with new references
 */
static linked_list_t *clone_children(linked_list_t *children)
{
	return children->clone_offset(children, offsetof(child_cfg_t, get_ref));
}

/**
 * Get the state of a connection, with lock held
 */
static conn_t *get_conn(private_cluster_failover_rehome_t *this, char *name)
{
	conn_t *conn;

	conn = this->conns->get(this->conns, name);
	if (!conn)
	{
		INIT(conn,
			.name = strdup(name),
		);
		this->conns->put(this->conns, conn->name, conn);
	}
	return conn;
}

/**
 * Collect the configs of the CHILD_SAs of an IKE_SA
 */
static linked_list_t *collect_installed_children(ike_sa_t *ike_sa)
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
 * Queue a job to retire an IKE_SA
 */
static void retire_ike_sa(private_cluster_failover_rehome_t *this,
						  char *name, uint32_t id, bool dead, bool keep);

/**
 * Make an IKE_SA the standby of a connection, with lock held.  Returns the
 * previous standby IKE_SA, to retire, 0 if none.
 */
static uint32_t set_standby(conn_t *conn, uint32_t id)
{
	uint32_t previous = conn->standby;

	conn->standby = id;
	conn->standby_pending = FALSE;
	if (previous == id || previous == conn->active)
	{
		return 0;
	}
	return previous;
}

/**
 * An SA of a CHILD_SA to delete
 */
typedef struct {
	/** protocol */
	protocol_id_t protocol;
	/** inbound SPI */
	uint32_t spi;
} child_spi_t;

/**
 * Delete the CHILD_SAs of an IKE_SA kept as standby
 */
static status_t delete_children(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	child_spi_t spi;
	array_t *spis;
	status_t status = SUCCESS;

	spis = array_create(sizeof(child_spi_t), 0);
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		spi = (child_spi_t){
			.protocol = child_sa->get_protocol(child_sa),
			.spi = child_sa->get_spi(child_sa, TRUE),
		};
		array_insert(spis, ARRAY_TAIL, &spi);
	}
	enumerator->destroy(enumerator);
	while (status != DESTROY_ME && array_remove(spis, ARRAY_HEAD, &spi))
	{
		status = ike_sa->delete_child_sa(ike_sa, spi.protocol, spi.spi,
										 FALSE);
	}
	array_destroy(spis);
	return status;
}

/**
 * Check if an IKE_SA carries a connection's CHILD_SAs
 */
static bool is_active(private_cluster_failover_rehome_t *this, char *name,
					  uint32_t id)
{
	conn_t *conn;
	bool active;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	active = conn && conn->active == id;
	this->mutex->unlock(this->mutex);
	return active;
}

/**
 * Retire an IKE_SA whose CHILD_SAs moved to another member
 */
static job_requeue_t retire_job(retire_t *retire)
{
	private_cluster_failover_rehome_t *this = retire->this;
	ike_sa_t *ike_sa;
	conn_t *conn;
	uint32_t previous = 0;
	status_t status;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													retire->id);
	if (!ike_sa)
	{
		return JOB_REQUEUE_NONE;
	}
	if (retire->dead && is_active(this, retire->name, retire->id))
	{	/* e.g. a standby given up on that took over after all */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (retire->dead)
	{	/* don't wait for a dead member, or a standby that failed */
		DBG1(DBG_IKE, "cluster-failover: deleting IKE_SA %s[%u] of %s "
			 "member %H", ike_sa->get_name(ike_sa), retire->id,
			 retire->standby_failed ? "failed standby" : "dead",
			 ike_sa->get_other_host(ike_sa));
		ike_sa->delete(ike_sa, TRUE);
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
													ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (retire->keep)
	{	/* keep the IKE_SA as standby, without CHILD_SAs */
		status = delete_children(ike_sa);
		if (status != DESTROY_ME)
		{
			this->mutex->lock(this->mutex);
			conn = get_conn(this, retire->name);
			if (conn->active != retire->id)
			{
				previous = set_standby(conn, retire->id);
			}
			this->mutex->unlock(this->mutex);
		}
		cluster_failover_checkin(ike_sa, status);
		if (previous)
		{
			retire_ike_sa(this, retire->name, previous, FALSE, FALSE);
		}
		return JOB_REQUEUE_NONE;
	}
	status = ike_sa->delete(ike_sa, FALSE);
	cluster_failover_checkin(ike_sa, status);
	return JOB_REQUEUE_NONE;
}

/**
 * Create the data of a job to retire an IKE_SA
 */
static retire_t *retire_create(private_cluster_failover_rehome_t *this,
							   char *name, uint32_t id)
{
	retire_t *retire;

	INIT(retire,
		.this = this,
		.name = strdup(name),
		.id = id,
	);
	return retire;
}

/**
 * Queue a job to retire an IKE_SA
 */
static void queue_retire(retire_t *retire)
{
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)retire_job, retire,
							(callback_job_cleanup_t)retire_destroy, NULL));
}

static void retire_ike_sa(private_cluster_failover_rehome_t *this,
						  char *name, uint32_t id, bool dead, bool keep)
{
	retire_t *retire = retire_create(this, name, id);

	retire->dead = dead;
	retire->keep = keep;
	queue_retire(retire);
}

/**
 * Queue a job to delete a standby IKE_SA that failed to take over, at once
 */
static void retire_failed_standby(private_cluster_failover_rehome_t *this,
								  char *name, uint32_t id)
{
	retire_t *retire = retire_create(this, name, id);

	retire->dead = retire->standby_failed = TRUE;
	queue_retire(retire);
}


/**
 * Check, after a failover to the standby IKE_SA was started, that it went
 * through; if not, start a new key request
 */
static job_requeue_t standby_check_job(standby_check_t *check)
{
	private_cluster_failover_rehome_t *this = check->this;
	linked_list_t *children = NULL;
	peer_cfg_t *peer_cfg = NULL;
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, check->name);
	if (conn && conn->failover && conn->failover->from_id == check->from &&
		conn->failover->via == check->via)
	{	/* still waiting for the CHILD_SAs on the standby */
		conn->failover->via = 0;
		peer_cfg = conn->failover->peer_cfg->get_ref(
												conn->failover->peer_cfg);
		children = clone_children(conn->failover->children);
		if (conn->standby == check->via)
		{
			conn->standby = 0;
		}
	}
	this->mutex->unlock(this->mutex);
	if (!peer_cfg)
	{
		return JOB_REQUEUE_NONE;
	}
	DBG1(DBG_IKE, "cluster-failover: the standby IKE_SA [%u] did not take "
		 "over '%s' (%s), starting a new key request", check->via,
		 check->name, check->reason ?: "no CHILD_SA in time");
	retire_failed_standby(this, check->name, check->via);
	this->connector->initiate(this->connector, peer_cfg, children,
							  CF_PURPOSE_FAILOVER, NULL, NULL);
	children->destroy_offset(children, offsetof(child_cfg_t, destroy));
	peer_cfg->destroy(peer_cfg);
	return JOB_REQUEUE_NONE;
}

/**
 * Schedule the check of a failover to the standby IKE_SA
 */
static void check_standby(private_cluster_failover_rehome_t *this,
						  char *name, uint32_t from, uint32_t via,
						  char *reason, uint32_t ms)
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

/**
 * Establish the CHILD_SAs of a move on the standby IKE_SA, if it is up.
 * Returns TRUE if the CREATE_CHILD_SA exchanges were started.
 */
static bool move_to_standby(private_cluster_failover_rehome_t *this,
							move_t *move)
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
 * Move the CHILD_SAs of a lost member to the standby or a new member.
 *
 * A failover to the standby that brings no CHILD_SA up within the
 * connect timeout (rejected, or the standby member is dead too) continues
 * with a new key request, see standby_check_job().
 */
/**
 * Note the standby IKE_SA a failover uses, 0 for none
 */
static void set_via(private_cluster_failover_rehome_t *this, char *name,
					uint32_t from, uint32_t via)
{
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = get_conn(this, name);
	if (conn->failover && conn->failover->from_id == from)
	{
		conn->failover->via = via;
	}
	this->mutex->unlock(this->mutex);
}

static job_requeue_t move_job(move_t *move)
{
	private_cluster_failover_rehome_t *this = move->this;
	cluster_failover_cluster_t *cluster;
	char *name = move->peer_cfg->get_name(move->peer_cfg);
	conn_t *conn;
	bool current;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	current = conn && conn->failover && conn->failover->from_id == move->from &&
			  conn->failover->declared == move->declared;
	this->mutex->unlock(this->mutex);
	if (!current)
	{	/* called off meanwhile, the lost member answers again */
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled", name);
		return JOB_REQUEUE_NONE;
	}
	if (move->standby)
	{	/* noted before, an alert may come while initiating */
		set_via(this, name, move->from, move->standby);
		if (move_to_standby(this, move))
		{
			cluster = this->config->get_cluster(this->config, name);
			check_standby(this, name, move->from, move->standby, NULL,
						cluster ? cluster->get_connect_timeout(cluster) : 0);
			DESTROY_IF(cluster);
			return JOB_REQUEUE_NONE;
		}
		set_via(this, name, move->from, 0);
	}
	this->connector->initiate(this->connector, move->peer_cfg,
							  move->children, CF_PURPOSE_FAILOVER,
							  NULL, NULL);
	return JOB_REQUEUE_NONE;
}

/**
 * The member of an active IKE_SA is lost, move its CHILD_SAs.
 * The IKE_SA is checked out by the caller.
 */
static bool lost(private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
				 char *cause, uint32_t detect)
{
	cluster_failover_cluster_t *cluster;
	linked_list_t *children;
	peer_cfg_t *peer_cfg;
	host_t *member;
	conn_t *conn;
	move_t *move;
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

	this->mutex->lock(this->mutex);
	conn = get_conn(this, ike_sa->get_name(ike_sa));
	if (conn->active != id || conn->failover)
	{
		this->mutex->unlock(this->mutex);
		cluster->destroy(cluster);
		return FALSE;
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	children = collect_installed_children(ike_sa);
	INIT(conn->failover,
		.from_id = id,
		.from = member->clone(member),
		.cause = strdup(cause),
		.detect = detect,
		.declared = declared,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = clone_children(children),
	);
	standby = conn->standby;
	this->mutex->unlock(this->mutex);

	this->holddown->failed(this->holddown, cluster->get_name(cluster), member,
						   cluster_failover_now(),
						   cluster->get_hold_down(cluster));
	this->connector->give_up(this->connector, id);
	DBG1(DBG_IKE, "cluster '%s': member %H of '%s' is lost (%s), failing "
		 "over", cluster->get_name(cluster), member, ike_sa->get_name(ike_sa),
		 cause);

	INIT(move,
		.this = this,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = children,
		.standby = standby,
		.from = id,
		.declared = declared,
	);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)move_job, move,
							(callback_job_cleanup_t)move_destroy, NULL));
	cluster->destroy(cluster);
	return TRUE;
}

/**
 * Callback of the monitor for dead members
 */
static bool dead_cb(private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
					char *cause, uint32_t detect)
{
	return lost(this, ike_sa, cause, detect);
}

/**
 * Callback of the monitor for the path to a member in use
 */
static void path_cb(private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
					bool up, uint32_t down)
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

/**
 * Callback of the monitor for a lost member answering again: if its
 * failover has not moved the CHILD_SAs yet, it is called off
 */
static bool revived_cb(private_cluster_failover_rehome_t *this,
					   ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	failover_t *failover = NULL;
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa);
	uint32_t id = ike_sa->get_unique_id(ike_sa);
	conn_t *conn;

	cluster = this->config->get_cluster(this->config, name);
	if (!cluster)
	{
		return FALSE;
	}
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	if (conn && conn->active == id && conn->failover &&
		conn->failover->from_id == id)
	{
		failover = conn->failover;
		conn->failover = NULL;
	}
	this->mutex->unlock(this->mutex);
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
	failover_destroy(failover);
	cluster->destroy(cluster);
	return TRUE;
}

/**
 * Get the preferred (first) member of a cluster
 */
static host_t *get_preferred(cluster_failover_cluster_t *cluster)
{
	host_t *preferred = NULL;

	cluster->get_addresses(cluster)->get_first(
						cluster->get_addresses(cluster), (void**)&preferred);
	return preferred;
}

/**
 * Schedule the fallback to the preferred member
 */
static void schedule_fallback(private_cluster_failover_rehome_t *this,
							  char *name, uint32_t ms);

/**
 * Try to move a connection back to the preferred member
 */
static job_requeue_t fallback_job(fallback_t *fallback)
{
	private_cluster_failover_rehome_t *this = fallback->this;
	cluster_failover_cluster_t *cluster;
	linked_list_t *children;
	peer_cfg_t *peer_cfg;
	host_t *preferred;
	ike_sa_t *ike_sa;
	conn_t *conn;
	uint64_t now, until;
	uint32_t active = 0;

	cluster = this->config->get_cluster(this->config, fallback->name);
	preferred = cluster ? get_preferred(cluster) : NULL;
	this->mutex->lock(this->mutex);
	conn = get_conn(this, fallback->name);
	if (preferred && cluster->get_fallback_interval(cluster) &&
		conn->active && conn->member && !conn->failover &&
		!conn->member->ip_equals(conn->member, preferred))
	{
		active = conn->active;
	}
	else
	{
		conn->fallback_scheduled = FALSE;
	}
	this->mutex->unlock(this->mutex);
	if (!active)
	{
		DESTROY_IF(cluster);
		return JOB_REQUEUE_NONE;
	}

	now = cluster_failover_now();
	until = this->holddown->held_until(this->holddown,
									   cluster->get_name(cluster),
									   preferred, now);
	if (until)
	{	/* not before the hold-down of the preferred member ends */
		schedule_fallback(this, fallback->name, until - now);
		cluster->destroy(cluster);
		return JOB_REQUEUE_NONE;
	}
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													active);
	if (ike_sa)
	{
		children = collect_installed_children(ike_sa);
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		peer_cfg = peer_cfg->get_ref(peer_cfg);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);

		DBG1(DBG_IKE, "cluster '%s': trying preferred member %H for '%s'",
			 cluster->get_name(cluster), preferred, fallback->name);
		this->connector->initiate(this->connector, peer_cfg, children,
								  CF_PURPOSE_FALLBACK, preferred, NULL);
		children->destroy_offset(children, offsetof(child_cfg_t, destroy));
		peer_cfg->destroy(peer_cfg);
	}
	schedule_fallback(this, fallback->name,
					  cluster->get_fallback_interval(cluster));
	cluster->destroy(cluster);
	return JOB_REQUEUE_NONE;
}

static void schedule_fallback(private_cluster_failover_rehome_t *this,
							  char *name, uint32_t ms)
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

/**
 * Start setting up a standby IKE_SA with another member
 */
static void start_standby(private_cluster_failover_rehome_t *this,
						  peer_cfg_t *peer_cfg, host_t *active)
{
	linked_list_t *none;

	DBG1(DBG_IKE, "cluster-failover: setting up a standby IKE_SA for '%s'",
		 peer_cfg->get_name(peer_cfg));
	none = linked_list_create();
	this->connector->initiate(this->connector, peer_cfg, none,
							  CF_PURPOSE_STANDBY, NULL, active);
	none->destroy(none);
}

/**
 * What changed when CHILD_SAs of a connection came up on another IKE_SA
 */
typedef struct {

	/**
	 * IKE_SA that carried them before, 0 if none
	 */
	uint32_t old;

	/**
	 * Its member, NULL if none
	 */
	host_t *old_member;

	/**
	 * The failover that ended, NULL if none
	 */
	failover_t *failover;

	/**
	 * Whether the old IKE_SA is the one of the lost member
	 */
	bool old_dead;

	/**
	 * Whether the new IKE_SA reauthenticates the old one
	 */
	bool reauth;

	/**
	 * Whether a standby IKE_SA is to be set up
	 */
	bool want_standby;

	/**
	 * Whether the fallback to the preferred member is to be scheduled
	 */
	bool want_fallback;

} takeover_t;

/**
 * Make an IKE_SA the one carrying a connection's CHILD_SAs, with lock held.
 * Returns FALSE if it already was.
 */
static bool take_over(conn_t *conn, ike_sa_t *ike_sa,
					  cluster_failover_cluster_t *cluster, host_t *preferred,
					  takeover_t *takeover)
{
	host_t *member = ike_sa->get_other_host(ike_sa);
	uint32_t id = ike_sa->get_unique_id(ike_sa);

	if (conn->active == id)
	{
		return FALSE;
	}
	takeover->old = conn->active;
	takeover->old_member = conn->member;
	takeover->reauth = conn->reauth == id ||
				(conn->reauth_of && conn->reauth_of == conn->active &&
				 conn->member && member->ip_equals(member, conn->member));
	if (takeover->reauth)
	{
		conn->reauth = conn->reauth_of = 0;
	}
	conn->active = id;
	conn->member = member->clone(member);
	if (conn->standby == id)
	{
		conn->standby = 0;
	}
	if (!takeover->reauth)
	{
		takeover->failover = conn->failover;
		conn->failover = NULL;
		takeover->old_dead = takeover->failover &&
							 takeover->failover->from_id == takeover->old;
	}
	if (cluster->get_standby(cluster) && !conn->standby &&
		!conn->standby_pending)
	{
		conn->standby_pending = takeover->want_standby = TRUE;
	}
	if (cluster->get_fallback_interval(cluster) && preferred &&
		!member->ip_equals(member, preferred) && !conn->fallback_scheduled)
	{
		conn->fallback_scheduled = takeover->want_fallback = TRUE;
	}
	return TRUE;
}

/**
 * Log a takeover and run the script for it
 */
static void report_takeover(cluster_failover_cluster_t *cluster,
							ike_sa_t *ike_sa, host_t *preferred,
							takeover_t *takeover)
{
	failover_t *failover = takeover->failover;
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa), *reason;
	uint32_t rehome;

	if (takeover->reauth)
	{
		DBG2(DBG_IKE, "cluster '%s': '%s' reauthenticated with %H",
			 cluster->get_name(cluster), name, member);
	}
	else if (failover)
	{
		rehome = cluster_failover_now() - failover->declared;
		DBG1(DBG_IKE, "cluster '%s': failover of '%s' from %H to %H: %s, "
			 "detected after %ums, new CHILD_SA after %ums",
			 cluster->get_name(cluster), name, failover->from, member,
			 failover->cause, failover->detect, rehome);
		cluster_failover_script_run(cluster, "failover", name, failover->from,
									member, failover->cause, failover->detect,
									rehome);
	}
	else if (takeover->old && takeover->old_member)
	{
		if (member->ip_equals(member, takeover->old_member))
		{
			reason = "new IKE_SA";
		}
		else if (!ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR))
		{
			reason = "initiated by the gateway";
		}
		else if (preferred && member->ip_equals(member, preferred))
		{
			reason = "back to the preferred member";
		}
		else
		{
			reason = "new CHILD_SA";
		}
		DBG1(DBG_IKE, "cluster '%s': '%s' moved from %H to %H: %s",
			 cluster->get_name(cluster), name, takeover->old_member, member,
			 reason);
		cluster_failover_script_run(cluster, "move", name,
									takeover->old_member, member, reason, 0, 0);
	}
}

METHOD(cluster_failover_rehome_t, child_up, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	takeover_t takeover = {};
	host_t *member, *preferred;
	conn_t *conn;
	char *name;
	bool taken;

	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	name = ike_sa->get_name(ike_sa);
	member = ike_sa->get_other_host(ike_sa);
	preferred = get_preferred(cluster);

	this->mutex->lock(this->mutex);
	conn = get_conn(this, name);
	taken = take_over(conn, ike_sa, cluster, preferred, &takeover);
	this->mutex->unlock(this->mutex);
	if (!taken)
	{
		cluster->destroy(cluster);
		return;
	}

	/* a member that carries traffic is alive */
	this->holddown->clear(this->holddown, cluster->get_name(cluster), member);
	if (takeover.old)
	{
		this->monitor->unwatch(this->monitor, takeover.old);
	}
	this->monitor->watch(this->monitor, ike_sa, cluster);
	report_takeover(cluster, ike_sa, preferred, &takeover);

	if (takeover.failover)
	{	/* done: key requests of the failover still under way (a standby
		 * given up on took over after all) are not needed any more */
		this->connector->cancel(this->connector, name);
	}
	if (takeover.failover && !takeover.old_dead)
	{	/* the lost IKE_SA is no longer the active one */
		retire_ike_sa(this, name, takeover.failover->from_id, TRUE, FALSE);
	}
	if (takeover.old && !takeover.reauth)
	{	/* make-before-break: the new CHILD_SAs are up; a reauthenticated
		 * IKE_SA is deleted by charon itself */
		retire_ike_sa(this, name, takeover.old, takeover.old_dead,
			   !takeover.old_dead && cluster->get_standby(cluster));
	}
	if (takeover.want_standby)
	{
		start_standby(this, ike_sa->get_peer_cfg(ike_sa),
					  ike_sa->get_other_host(ike_sa));
	}
	if (takeover.want_fallback)
	{
		schedule_fallback(this, name, cluster->get_fallback_interval(cluster));
	}
	failover_destroy(takeover.failover);
	DESTROY_IF(takeover.old_member);
	cluster->destroy(cluster);
}

METHOD(cluster_failover_rehome_t, ike_up, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	conn_t *conn;
	uint32_t id, previous = 0;

	if (ike_sa->get_child_count(ike_sa) ||
		cluster_failover_has_child_tasks(ike_sa))
	{
		return;
	}
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	this->mutex->lock(this->mutex);
	conn = get_conn(this, ike_sa->get_name(ike_sa));
	if (conn->active != id && conn->standby != id && conn->reauth != id)
	{
		previous = set_standby(conn, id);
		DBG1(DBG_IKE, "cluster '%s': standby IKE_SA with %H for '%s'",
			 cluster->get_name(cluster), ike_sa->get_other_host(ike_sa),
			 ike_sa->get_name(ike_sa));
	}
	this->mutex->unlock(this->mutex);
	if (previous)
	{	/* never two standby IKE_SAs */
		retire_ike_sa(this, ike_sa->get_name(ike_sa), previous, FALSE, FALSE);
	}
	cluster->destroy(cluster);
}

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

/**
 * Time since anything was received on an IKE_SA, in ms
 */
static uint32_t silent_for(ike_sa_t *ike_sa)
{
	time_t last;

	last = ike_sa->get_statistic(ike_sa, STAT_INBOUND);
	return last ? (time_monotonic(NULL) - last) * 1000 : 0;
}

/**
 * Check if a connection wants a new standby IKE_SA as its standby is gone,
 * with lock held.  Returns the member in use, to exclude, NULL if not.
 */
static host_t *standby_gone(private_cluster_failover_rehome_t *this,
							conn_t *conn)
{
	cluster_failover_cluster_t *cluster;
	bool want;

	if (!conn->active || conn->failover || conn->standby_pending ||
		!conn->member)
	{
		return NULL;
	}
	cluster = this->config->get_cluster(this->config, conn->name);
	want = cluster && cluster->get_standby(cluster);
	DESTROY_IF(cluster);
	if (!want)
	{
		return NULL;
	}
	conn->standby_pending = TRUE;
	return conn->member->clone(conn->member);
}

METHOD(cluster_failover_rehome_t, ike_state_change, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	conn_t *conn;
	host_t *exclude = NULL;
	uint32_t id;
	bool active = FALSE;

	if (state != IKE_DELETING && state != IKE_DESTROYING)
	{
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, ike_sa->get_name(ike_sa));
	if (conn)
	{
		active = conn->active == id;
		if (state == IKE_DESTROYING)
		{
			if (active)
			{
				conn->active = 0;
			}
			if (conn->standby == id)
			{	/* e.g. expired: charon can't reauthenticate an IKE_SA
				 * without CHILD_SAs */
				conn->standby = 0;
				exclude = standby_gone(this, conn);
			}
			if (conn->reauth == id)
			{
				conn->reauth = 0;
			}
			if (conn->reauth_of == id)
			{
				conn->reauth_of = 0;
			}
		}
	}
	this->mutex->unlock(this->mutex);

	if (exclude)
	{
		start_standby(this, ike_sa->get_peer_cfg(ike_sa), exclude);
		exclude->destroy(exclude);
	}

	if (state == IKE_DESTROYING && active)
	{
		this->monitor->unwatch(this->monitor, id);
	}
	else if (state == IKE_DELETING && active &&
			 ike_sa->get_state(ike_sa) == IKE_ESTABLISHED &&
			 deleted_by_peer(ike_sa) && !charon_restarts(ike_sa, FALSE))
	{
		lost(this, ike_sa, "deleted by the gateway", silent_for(ike_sa));
	}
}

/**
 * Take note of charon reauthenticating an IKE_SA of a connection, with lock
 * held: the new IKE_SA takes over with the same member
 */
static void reauthenticate(conn_t *conn, uint32_t old, uint32_t new)
{
	if (conn->active == old)
	{
		conn->reauth = new;
	}
	else if (conn->standby == old)
	{	/* charon deletes the old one once the new one is up */
		conn->standby = new;
	}
}

METHOD(cluster_failover_rehome_t, reestablish, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *old, ike_sa_t *new)
{
	cluster_failover_cluster_t *cluster;
	host_t *member;
	conn_t *conn;
	uint32_t id;

	if (new->get_redirected_from(new))
	{	/* not a loss of the member */
		return;
	}
	cluster = this->config->get_cluster(this->config, old->get_name(old));
	if (!cluster)
	{
		return;
	}
	id = old->get_unique_id(old);
	member = old->get_other_host(old);
	this->mutex->lock(this->mutex);
	conn = get_conn(this, old->get_name(old));
	if (old->has_condition(old, COND_REAUTHENTICATING))
	{
		reauthenticate(conn, id, new->get_unique_id(new));
	}
	else if (conn->active == id && !conn->failover)
	{
		INIT(conn->failover,
			.from_id = id,
			.from = member->clone(member),
			.cause = strdup("restarted by charon"),
			.detect = silent_for(old),
			.declared = cluster_failover_now(),
		);
		this->holddown->failed(this->holddown, cluster->get_name(cluster),
							   member, cluster_failover_now(),
							   cluster->get_hold_down(cluster));
	}
	this->mutex->unlock(this->mutex);
	cluster->destroy(cluster);
}

/**
 * Replace the unique id of a rekeyed IKE_SA in a connection's state, with
 * lock held
 */
static void replace_id(conn_t *conn, uint32_t old, uint32_t new)
{
	if (conn->active == old)
	{
		conn->active = new;
	}
	if (conn->standby == old)
	{
		conn->standby = new;
	}
	if (conn->reauth == old)
	{
		conn->reauth = new;
	}
	if (conn->reauth_of == old)
	{
		conn->reauth_of = new;
	}
	if (conn->failover)
	{
		if (conn->failover->from_id == old)
		{
			conn->failover->from_id = new;
		}
		if (conn->failover->via == old)
		{
			conn->failover->via = new;
		}
	}
}

METHOD(cluster_failover_rehome_t, rekey, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *old, ike_sa_t *new)
{
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, old->get_name(old));
	if (conn)
	{
		replace_id(conn, old->get_unique_id(old), new->get_unique_id(new));
	}
	this->mutex->unlock(this->mutex);
	/* the new IKE_SA carries the CHILD_SAs, the watch goes along */
	this->monitor->rekey(this->monitor, old, new);
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

/**
 * Check if an alert is about the standby IKE_SA a failover uses, and
 * continue with a new key request if it failed
 */
static void check_standby_alert(private_cluster_failover_rehome_t *this,
								ike_sa_t *ike_sa, alert_t alert)
{
	conn_t *conn;
	uint32_t id, from = 0;
	char *reason;

	reason = standby_failure(alert);
	if (!reason)
	{
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, ike_sa->get_name(ike_sa));
	if (conn && conn->failover && conn->failover->via == id)
	{
		from = conn->failover->from_id;
	}
	this->mutex->unlock(this->mutex);
	if (from)
	{
		check_standby(this, ike_sa->get_name(ike_sa), from, id, reason, 0);
	}
}

METHOD(cluster_failover_rehome_t, alert, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa, alert_t alert)
{
	if (!ike_sa)
	{
		return;
	}
	check_standby_alert(this, ike_sa, alert);
	if (alert != ALERT_RETRANSMIT_SEND_TIMEOUT ||
		(ike_sa->get_state(ike_sa) != IKE_ESTABLISHED &&
		 ike_sa->get_state(ike_sa) != IKE_REKEYING))
	{
		return;
	}
	/* with dpd_action = restart, charon re-establishes the IKE_SA itself,
	 * reestablish() takes note of the failover then */
	if (!charon_restarts(ike_sa, TRUE))
	{
		lost(this, ike_sa, "retransmission timeout", silent_for(ike_sa));
	}
}

METHOD(cluster_failover_rehome_t, sending, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	ike_sa_id_t *id = message->get_ike_sa_id(message);
	conn_t *conn;

	if (message->get_exchange_type(message) != IKE_SA_INIT ||
		!message->get_request(message) ||
		id->equals(id, ike_sa->get_id(ike_sa)) ||
		!ike_sa->has_condition(ike_sa, COND_REAUTHENTICATING))
	{
		return;
	}
	/* charon's make-before-break reauthentication sends the new IKE_SA's
	 * IKE_SA_INIT with the old IKE_SA on the bus, and calls no
	 * ike_reestablish hook */
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, ike_sa->get_name(ike_sa));
	if (conn && conn->active == ike_sa->get_unique_id(ike_sa))
	{
		conn->reauth_of = conn->active;
	}
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_rehome_t, sent, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	this->monitor->sent(this->monitor, ike_sa, message);
}

METHOD(cluster_failover_rehome_t, received, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	this->monitor->received(this->monitor, ike_sa, message);
}

METHOD(cluster_failover_rehome_t, update, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa, host_t *local,
	host_t *remote)
{
	cluster_failover_cluster_t *cluster;
	conn_t *conn;
	bool active;

	this->monitor->update(this->monitor, ike_sa);
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, ike_sa->get_name(ike_sa));
	active = conn && conn->active == ike_sa->get_unique_id(ike_sa);
	this->mutex->unlock(this->mutex);
	if (active)
	{
		DBG1(DBG_IKE, "cluster '%s': '%s' roamed to %H - %H, same member "
			 "(roamed)", cluster->get_name(cluster), ike_sa->get_name(ike_sa),
			 local, remote);
		cluster_failover_script_run(cluster, "roamed",
									ike_sa->get_name(ike_sa),
									ike_sa->get_other_host(ike_sa), remote,
									"roamed", 0, 0);
	}
	cluster->destroy(cluster);
}

METHOD(cluster_failover_rehome_t, roam, void,
	private_cluster_failover_rehome_t *this)
{
	this->monitor->roam(this->monitor);
}

METHOD(cluster_failover_rehome_t, get_ids, bool,
	private_cluster_failover_rehome_t *this, char *name, uint32_t *active,
	uint32_t *standby)
{
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	if (conn)
	{
		*active = conn->active;
		*standby = conn->standby;
	}
	this->mutex->unlock(this->mutex);
	return conn != NULL;
}

METHOD(cluster_failover_rehome_t, is_watched, bool,
	private_cluster_failover_rehome_t *this, uint32_t id)
{
	return this->monitor->is_watched(this->monitor, id);
}

/**
 * Callback of the connector for key requests that gave up
 */
static void exhausted_cb(private_cluster_failover_rehome_t *this,
						 char *name, cluster_failover_purpose_t purpose)
{
	failover_t *failover = NULL;
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = get_conn(this, name);
	switch (purpose)
	{
		case CF_PURPOSE_FAILOVER:
			failover = conn->failover;
			conn->failover = NULL;
			break;
		case CF_PURPOSE_STANDBY:
			conn->standby_pending = FALSE;
			break;
		default:
			break;
	}
	this->mutex->unlock(this->mutex);
	if (failover)
	{
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' from %H failed, no "
			 "member left", name, failover->from);
		retire_ike_sa(this, name, failover->from_id, TRUE, FALSE);
		failover_destroy(failover);
	}
}

METHOD(cluster_failover_rehome_t, destroy, void,
	private_cluster_failover_rehome_t *this)
{
	enumerator_t *enumerator;
	conn_t *conn;

	this->connector->set_exhausted_cb(this->connector, NULL, NULL);
	this->monitor->destroy(this->monitor);
	this->probe->destroy(this->probe);
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, NULL, &conn))
	{
		conn_destroy(conn);
	}
	enumerator->destroy(enumerator);
	this->conns->destroy(this->conns);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_rehome_t *cluster_failover_rehome_create(
								cluster_failover_config_t *config,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown)
{
	private_cluster_failover_rehome_t *this;

	INIT(this,
		.public = {
			.child_up = _child_up,
			.ike_up = _ike_up,
			.ike_state_change = _ike_state_change,
			.reestablish = _reestablish,
			.rekey = _rekey,
			.alert = _alert,
			.sending = _sending,
			.sent = _sent,
			.received = _received,
			.update = _update,
			.roam = _roam,
			.get_ids = _get_ids,
			.is_watched = _is_watched,
			.destroy = _destroy,
		},
		.config = config,
		.connector = connector,
		.holddown = holddown,
		.conns = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	this->probe = cluster_failover_probe_create();
	this->monitor = cluster_failover_monitor_create(
						(cluster_failover_dead_cb_t)dead_cb,
						(cluster_failover_path_cb_t)path_cb,
						(cluster_failover_revived_cb_t)revived_cb, this,
						this->probe);
	connector->set_exhausted_cb(connector,
						(cluster_failover_exhausted_cb_t)exhausted_cb, this);

	return &this->public;
}
