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

#include "cluster_failover_watch.h"
#include "cluster_failover_traffic.h"

typedef struct private_cluster_failover_watch_t
		private_cluster_failover_watch_t;

/**
 * Private data of a cluster_failover_watch_t object.
 */
struct private_cluster_failover_watch_t {

	/**
	 * Public interface
	 */
	cluster_failover_watch_t public;

	/**
	 * Heartbeat state machine
	 */
	cluster_failover_heartbeat_t *heartbeat;

	/**
	 * Packet counters of the CHILD_SAs
	 */
	cluster_failover_traffic_t *traffic;

	/**
	 * Longest time between two decisions
	 */
	uint32_t poll;

	/**
	 * Interval of the data-path probes
	 */
	uint32_t probe_interval;

	/**
	 * Unanswered probes that declare the member dead
	 */
	u_int probe_tries;

	/**
	 * Time the next data-path probe is due, 0 if the cluster has none
	 */
	uint64_t probe_next;

	/**
	 * Sequence number of the last probe sent, 0 if none
	 */
	uint16_t probe_seq;

	/**
	 * Probes unanswered in a row
	 */
	u_int probe_unanswered;
};

METHOD(cluster_failover_watch_t, count, void,
	private_cluster_failover_watch_t *this, uint32_t spi, bool inbound,
	uint64_t packets)
{
	this->traffic->count(this->traffic, spi, inbound, packets);
}

METHOD(cluster_failover_watch_t, received, void,
	private_cluster_failover_watch_t *this, uint64_t now)
{
	this->heartbeat->received(this->heartbeat, now);
}

/**
 * Check the last data-path probe and decide if another is due.  Returns
 * TRUE if the member failed the probes.
 */
static bool check_probe(private_cluster_failover_watch_t *this, uint64_t now,
						bool answered, bool *send)
{
	*send = FALSE;
	if (!this->probe_next || now < this->probe_next)
	{
		return FALSE;
	}
	if (this->probe_seq)
	{
		if (answered)
		{
			this->probe_unanswered = 0;
		}
		else if (++this->probe_unanswered >= this->probe_tries)
		{
			return TRUE;
		}
	}
	this->probe_seq++;
	if (!this->probe_seq)
	{	/* skip 0 on wrap around */
		this->probe_seq++;
	}
	this->probe_next = now + this->probe_interval;
	*send = TRUE;
	return FALSE;
}

METHOD(cluster_failover_watch_t, decide, heartbeat_action_t,
	private_cluster_failover_watch_t *this, uint64_t now, bool answered,
	watch_decision_t *decision)
{
	bool in, out, send_probe = FALSE;

	*decision = (watch_decision_t){
		.cause = "heartbeat timeout",
	};
	this->traffic->end(this->traffic, &in, &out);
	this->heartbeat->counted(this->heartbeat, now, in, out);
	decision->action = this->heartbeat->tick(this->heartbeat, now,
											 &decision->next);
	decision->count = this->heartbeat->get_unanswered(this->heartbeat);
	if (decision->action != HEARTBEAT_DEAD &&
		check_probe(this, now, answered, &send_probe))
	{
		decision->action = HEARTBEAT_DEAD;
		decision->cause = "data-path probe timeout";
		decision->count = this->probe_unanswered;
		decision->probe_failed = TRUE;
	}
	if (send_probe)
	{
		decision->probe = TRUE;
		decision->seq = this->probe_seq;
	}
	if (this->probe_next)
	{
		decision->next = decision->next ? min(decision->next,
											  this->probe_next)
										: this->probe_next;
	}
	if (decision->action == HEARTBEAT_DEAD)
	{
		decision->detect = now -
						this->heartbeat->get_last_received(this->heartbeat);
	}
	decision->next = decision->next ? min(decision->next, now + this->poll)
									: now + this->poll;
	return decision->action;
}

METHOD(cluster_failover_watch_t, get_unanswered, u_int,
	private_cluster_failover_watch_t *this)
{
	return this->heartbeat->get_unanswered(this->heartbeat);
}

METHOD(cluster_failover_watch_t, get_probe_seq, uint16_t,
	private_cluster_failover_watch_t *this)
{
	return this->probe_seq;
}

METHOD(cluster_failover_watch_t, destroy, void,
	private_cluster_failover_watch_t *this)
{
	this->traffic->destroy(this->traffic);
	this->heartbeat->destroy(this->heartbeat);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_watch_t *cluster_failover_watch_create(
							heartbeat_mode_t mode, uint32_t defer,
							uint32_t response, u_int tries, uint32_t poll,
							bool probe, uint32_t probe_interval,
							u_int probe_tries, uint64_t now)
{
	private_cluster_failover_watch_t *this;

	INIT(this,
		.public = {
			.count = _count,
			.received = _received,
			.decide = _decide,
			.get_unanswered = _get_unanswered,
			.get_probe_seq = _get_probe_seq,
			.destroy = _destroy,
		},
		.heartbeat = cluster_failover_heartbeat_create(mode, defer, response,
													   tries, poll, now),
		.traffic = cluster_failover_traffic_create(),
		.poll = poll,
		.probe_interval = probe_interval,
		.probe_tries = probe_tries,
	);
	if (probe)
	{
		this->probe_next = now + probe_interval;
	}

	return &this->public;
}
