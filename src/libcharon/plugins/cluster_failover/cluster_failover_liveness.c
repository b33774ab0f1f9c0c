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
