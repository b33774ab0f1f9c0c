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


#include "cluster_failover_liveness.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <sa/ikev2/tasks/ike_dpd.h>

/**
 * The packet counter of a CHILD_SA's SA
 */
typedef struct {
	/** SPI of the SA */
	uint32_t spi;
	/** direction */
	bool inbound;
	/** packets */
	uint64_t packets;
} sample_t;

/*
 * Described in header
 */
array_t *cluster_failover_read_counters(ike_sa_t *ike_sa, bool outbound)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	sample_t sample;
	array_t *samples;

	samples = array_create(sizeof(sample_t), 2);
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		if (child_sa->get_state(child_sa) != CHILD_INSTALLED &&
			child_sa->get_state(child_sa) != CHILD_REKEYING)
		{
			continue;
		}
		sample = (sample_t){
			.spi = child_sa->get_spi(child_sa, TRUE),
			.inbound = TRUE,
		};
		child_sa->get_usestats(child_sa, TRUE, NULL, NULL, &sample.packets);
		array_insert(samples, ARRAY_TAIL, &sample);
		if (outbound)
		{
			sample = (sample_t){
				.spi = child_sa->get_spi(child_sa, FALSE),
			};
			child_sa->get_usestats(child_sa, FALSE, NULL, NULL,
								   &sample.packets);
			array_insert(samples, ARRAY_TAIL, &sample);
		}
	}
	enumerator->destroy(enumerator);
	return samples;
}

/**
 * A kernel SA whose packet counter is read
 */
typedef struct {
	/** identity of the SA in the kernel, with its own hosts */
	kernel_ipsec_sa_id_t id;
	/** direction */
	bool inbound;
} kernel_sa_t;

/**
 * Add the kernel SA of a CHILD_SA in one direction, as charon's own
 * queries address it
 */
static void add_kernel_sa(array_t *sas, ike_sa_t *ike_sa, child_sa_t *child_sa,
						  bool inbound)
{
	child_cfg_t *cfg = child_sa->get_config(child_sa);
	bool ah = child_sa->get_protocol(child_sa) == PROTO_AH;
	host_t *me = ike_sa->get_my_host(ike_sa);
	host_t *other = ike_sa->get_other_host(ike_sa);
	kernel_sa_t *sa;

	INIT(sa,
		.id = {
			.src = inbound ? other->clone(other) : me->clone(me),
			.dst = inbound ? me->clone(me) : other->clone(other),
			.spi = child_sa->get_spi(child_sa, inbound),
			.proto = ah ? IPPROTO_AH : IPPROTO_ESP,
			.if_id = child_sa->get_if_id(child_sa, inbound),
		},
		.inbound = inbound,
	);
	if (!inbound || cfg->has_option(cfg, OPT_MARK_IN_SA))
	{
		sa->id.mark = child_sa->get_mark(child_sa, inbound);
	}
	array_insert(sas, ARRAY_TAIL, sa);
}

/*
 * Described in header
 */
array_t *cluster_failover_kernel_sas(ike_sa_t *ike_sa, bool outbound)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	array_t *sas;

	sas = array_create(0, 2);
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		if (child_sa->get_state(child_sa) != CHILD_INSTALLED &&
			child_sa->get_state(child_sa) != CHILD_REKEYING)
		{
			continue;
		}
		add_kernel_sa(sas, ike_sa, child_sa, TRUE);
		if (outbound)
		{
			add_kernel_sa(sas, ike_sa, child_sa, FALSE);
		}
	}
	enumerator->destroy(enumerator);
	return sas;
}

/*
 * Described in header
 */
array_t *cluster_failover_kernel_sas_clone(array_t *sas)
{
	enumerator_t *enumerator;
	kernel_sa_t *sa, *clone;
	array_t *clones;

	clones = array_create(0, array_count(sas));
	enumerator = array_create_enumerator(sas);
	while (enumerator->enumerate(enumerator, &sa))
	{
		clone = malloc_thing(kernel_sa_t);
		*clone = *sa;
		clone->id.src = sa->id.src->clone(sa->id.src);
		clone->id.dst = sa->id.dst->clone(sa->id.dst);
		array_insert(clones, ARRAY_TAIL, clone);
	}
	enumerator->destroy(enumerator);
	return clones;
}

CALLBACK(kernel_sa_destroy, void,
	kernel_sa_t *sa, int idx, void *user)
{
	sa->id.src->destroy(sa->id.src);
	sa->id.dst->destroy(sa->id.dst);
	free(sa);
}

/*
 * Described in header
 */
void cluster_failover_kernel_sas_destroy(array_t *sas)
{
	if (sas)
	{
		array_destroy_function(sas, kernel_sa_destroy, NULL);
	}
}

/*
 * Described in header
 */
array_t *cluster_failover_query_counters(array_t *sas)
{
	enumerator_t *enumerator;
	kernel_ipsec_query_sa_t query = {};
	kernel_sa_t *sa;
	array_t *samples;
	sample_t sample;
	uint64_t bytes;
	time_t time;

	samples = array_create(sizeof(sample_t), array_count(sas));
	enumerator = array_create_enumerator(sas);
	while (enumerator->enumerate(enumerator, &sa))
	{
		sample = (sample_t){
			.spi = sa->id.spi,
			.inbound = sa->inbound,
		};
		if (charon->kernel->query_sa(charon->kernel, &sa->id, &query, &bytes,
									 &sample.packets, &time) != SUCCESS)
		{
			array_destroy(samples);
			samples = NULL;
			break;
		}
		array_insert(samples, ARRAY_TAIL, &sample);
	}
	enumerator->destroy(enumerator);
	return samples;
}

/*
 * Described in header
 */
ike_sa_t *cluster_failover_checkout_watched(cluster_failover_monitor_t *monitor,
							uint32_t id, u_int generation, bool *outbound)
{
	cluster_failover_watched_t watched;
	ike_sa_id_t *ike_sa_id = NULL;
	ike_sa_t *ike_sa;

	if (monitor->lock_watch(monitor, id, generation, &watched))
	{
		ike_sa_id = watched.ike_sa_id->clone(watched.ike_sa_id);
		*outbound = watched.state->counts_outbound(watched.state);
		monitor->unlock_watch(monitor);
	}
	if (!ike_sa_id)
	{	/* unwatched or replaced meanwhile, this chain of ticks ends */
		return NULL;
	}
	ike_sa = charon->ike_sa_manager->checkout(charon->ike_sa_manager,
											  ike_sa_id);
	ike_sa_id->destroy(ike_sa_id);
	if (!ike_sa)
	{
		monitor->unwatch(monitor, id);
	}
	return ike_sa;
}

/*
 * Described in header
 */
array_t *cluster_failover_read_cached(cluster_failover_monitor_t *monitor,
									  uint32_t id, u_int generation)
{
	cluster_failover_watched_t watched;
	cluster_failover_cluster_t *cluster;
	array_t *sas = NULL, *counters;
	uint32_t refresh;

	if (!monitor->lock_watch(monitor, id, generation, &watched))
	{
		return NULL;
	}
	cluster = watched.cluster;
	refresh = cluster_failover_watch_refresh(
								cluster->get_heartbeat_defer(cluster),
								cluster->get_heartbeat_response(cluster));
	if (*watched.sas &&
		cluster_failover_now() < *watched.sas_read + refresh)
	{
		sas = cluster_failover_kernel_sas_clone(*watched.sas);
	}
	monitor->unlock_watch(monitor);
	if (!sas)
	{
		return NULL;
	}
	counters = cluster_failover_query_counters(sas);
	cluster_failover_kernel_sas_destroy(sas);
	return counters;
}

/*
 * Described in header
 */
array_t *cluster_failover_read_checked_out(cluster_failover_monitor_t *monitor,
							uint32_t id, u_int generation, ike_sa_t *ike_sa,
							bool outbound)
{
	cluster_failover_watched_t watched;
	array_t *counters, *sas, *old;

	counters = cluster_failover_read_counters(ike_sa, outbound);
	sas = cluster_failover_kernel_sas(ike_sa, outbound);
	if (monitor->lock_watch(monitor, id, generation, &watched))
	{
		old = *watched.sas;
		*watched.sas = sas;
		sas = old;
		*watched.sas_read = cluster_failover_now();
		monitor->unlock_watch(monitor);
	}
	cluster_failover_kernel_sas_destroy(sas);
	return counters;
}

/*
 * Described in header
 */
void cluster_failover_count_packets(cluster_failover_watch_t *state,
									array_t *counters)
{
	enumerator_t *enumerator;
	sample_t *sample;

	enumerator = array_create_enumerator(counters);
	while (enumerator->enumerate(enumerator, &sample))
	{
		state->count(state, sample->spi, sample->inbound, sample->packets);
	}
	enumerator->destroy(enumerator);
	array_destroy(counters);
}

/*
 * Described in header
 */
bool cluster_failover_has_path(ike_sa_t *ike_sa)
{
	host_t *src;

	if (ike_sa->has_condition(ike_sa, COND_STALE))
	{
		return FALSE;
	}
	src = charon->kernel->get_source_addr(charon->kernel,
										  ike_sa->get_other_host(ike_sa), NULL);
	if (!src)
	{
		return FALSE;
	}
	src->destroy(src);
	return TRUE;
}

/*
 * Described in header
 */
status_t cluster_failover_send_heartbeat(ike_sa_t *ike_sa,
							cluster_failover_heartbeat_action_t action,
							u_int count, packet_t *request)
{
	DBG2(DBG_IKE, "cluster-failover: sending heartbeat %u to %H", count,
		 ike_sa->get_other_host(ike_sa));
	if (action == CF_HEARTBEAT_RESEND)
	{
		if (request)
		{
			charon->sender->send(charon->sender, request);
		}
		return SUCCESS;
	}
	ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
	return ike_sa->initiate(ike_sa, NULL, NULL);
}
