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

#include "cluster_failover_retire.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <collections/array.h>

typedef struct private_cluster_failover_retire_t
		private_cluster_failover_retire_t;

/**
 * Private data of a cluster_failover_retire_t object.
 */
struct private_cluster_failover_retire_t {

	/**
	 * Public interface
	 */
	cluster_failover_retire_t public;

	/**
	 * State of the connections
	 */
	cluster_failover_conns_t *conns;
};

/**
 * Job data to retire an IKE_SA
 */
typedef struct {

	/**
	 * Retire instance
	 */
	private_cluster_failover_retire_t *this;

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

static void retire_destroy(retire_t *retire)
{
	free(retire->name);
	free(retire);
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
 * Delete an IKE_SA of a dead member, or a standby that failed, at once
 */
static void delete_dead(retire_t *retire, ike_sa_t *ike_sa)
{
	DBG1(DBG_IKE, "cluster-failover: deleting IKE_SA %s[%u] of %s "
		 "member %H", ike_sa->get_name(ike_sa), retire->id,
		 retire->standby_failed ? "failed standby" : "dead",
		 ike_sa->get_other_host(ike_sa));
	ike_sa->delete(ike_sa, TRUE);
	charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
												ike_sa);
}

/**
 * Keep an IKE_SA as standby, without CHILD_SAs
 */
static void keep_standby(retire_t *retire, ike_sa_t *ike_sa)
{
	private_cluster_failover_retire_t *this = retire->this;
	cluster_failover_conn_t *conn;
	uint32_t previous = 0;
	status_t status;

	status = delete_children(ike_sa);
	if (status != DESTROY_ME)
	{
		conn = this->conns->lock(this->conns, retire->name, TRUE);
		previous = conn->keep_standby(conn, retire->id);
		this->conns->unlock(this->conns);
	}
	cluster_failover_checkin(ike_sa, status);
	if (previous)
	{
		this->public.retire(&this->public, retire->name, previous, FALSE,
							FALSE);
	}
}

/**
 * Retire an IKE_SA whose CHILD_SAs moved to another member
 */
static job_requeue_t retire_job(retire_t *retire)
{
	private_cluster_failover_retire_t *this = retire->this;
	ike_sa_t *ike_sa;
	status_t status;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													retire->id);
	if (!ike_sa)
	{
		return JOB_REQUEUE_NONE;
	}
	if (retire->dead &&
		this->conns->is_active(this->conns, retire->name, retire->id))
	{	/* e.g. a standby given up on that took over after all */
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (retire->dead)
	{	/* don't wait for a dead member, or a standby that failed */
		delete_dead(retire, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (retire->keep)
	{
		keep_standby(retire, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	status = ike_sa->delete(ike_sa, FALSE);
	cluster_failover_checkin(ike_sa, status);
	return JOB_REQUEUE_NONE;
}

/**
 * Queue a job to retire an IKE_SA
 */
static void queue_retire(private_cluster_failover_retire_t *this, char *name,
						 uint32_t id, bool dead, bool keep,
						 bool standby_failed)
{
	retire_t *retire;

	INIT(retire,
		.this = this,
		.name = strdup(name),
		.id = id,
		.dead = dead,
		.keep = keep,
		.standby_failed = standby_failed,
	);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)retire_job, retire,
							(callback_job_cleanup_t)retire_destroy, NULL));
}

METHOD(cluster_failover_retire_t, retire, void,
	private_cluster_failover_retire_t *this, char *name, uint32_t id,
	bool dead, bool keep)
{
	queue_retire(this, name, id, dead, keep, FALSE);
}

METHOD(cluster_failover_retire_t, failed_standby, void,
	private_cluster_failover_retire_t *this, char *name, uint32_t id)
{
	queue_retire(this, name, id, TRUE, FALSE, TRUE);
}

METHOD(cluster_failover_retire_t, destroy, void,
	private_cluster_failover_retire_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_retire_t *cluster_failover_retire_create(
								cluster_failover_conns_t *conns)
{
	private_cluster_failover_retire_t *this;

	INIT(this,
		.public = {
			.retire = _retire,
			.failed_standby = _failed_standby,
			.destroy = _destroy,
		},
		.conns = conns,
	);
	return &this->public;
}
