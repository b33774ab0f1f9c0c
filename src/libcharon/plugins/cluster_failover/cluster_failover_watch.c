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

/**
 * Shortest interval of path checks while the path is down, in ms
 */
#define PATH_POLL 200

ENUM(cluster_failover_watch_state_names, CF_WATCH_UP, CF_WATCH_LOST,
	"up",
	"path down",
	"lost",
);

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
	 * Heartbeat mode
	 */
	cluster_failover_heartbeat_mode_t mode;

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

	/**
	 * State of the watch
	 */
	cluster_failover_watch_state_t state;

	/**
	 * Since when the path is down
	 */
	uint64_t down_since;

	/**
	 * Defer time, the longest interval of resends while lost
	 */
	uint32_t defer;

	/**
	 * Response time, the first interval of resends while lost
	 */
	uint32_t response;

	/**
	 * Current interval of resends while lost
	 */
	uint32_t resend_interval;

	/**
	 * Time the next resend is due while lost
	 */
	uint64_t resend_next;

	/**
	 * Whether something arrived while lost
	 */
	bool revived;

	/**
	 * Whether the running check started when the path came back
	 */
	bool path_check;
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
	this->path_check = FALSE;
	if (this->state == CF_WATCH_LOST)
	{
		this->revived = TRUE;
	}
}

METHOD(cluster_failover_watch_t, heard, void,
	private_cluster_failover_watch_t *this, uint64_t last)
{
	if (last > this->heartbeat->get_last_received(this->heartbeat))
	{
		received(this, last);
	}
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

/**
 * Start the probes afresh, those sent while the path was down or the
 * member lost don't count
 */
static void restart_probes(private_cluster_failover_watch_t *this,
						   uint64_t now)
{
	if (this->probe_next)
	{
		this->probe_unanswered = 0;
		this->probe_next = now + this->probe_interval;
	}
}

/**
 * Decide while the path to the member is down: nothing but to look for it
 */
static cluster_failover_heartbeat_action_t decide_path_down(
							private_cluster_failover_watch_t *this,
							uint64_t now, bool in,
							cluster_failover_watch_decision_t *decision)
{
	if (in)
	{	/* ESP arrived from the member, the path is back */
		this->state = CF_WATCH_UP;
		restart_probes(this, now);
		decision->path_back = TRUE;
		decision->detect = now - this->down_since;
	}
	else
	{
		decision->check_path = TRUE;
	}
	decision->action = CF_HEARTBEAT_WAIT;
	decision->next = now + max(this->poll, PATH_POLL);
	return decision->action;
}

/**
 * Decide while the member is lost: resend, backing off, until it answers
 */
static cluster_failover_heartbeat_action_t decide_lost(
							private_cluster_failover_watch_t *this,
							uint64_t now, bool in,
							cluster_failover_watch_decision_t *decision)
{
	decision->action = CF_HEARTBEAT_WAIT;
	if (in || this->revived)
	{
		decision->revived = TRUE;
		decision->next = now + this->poll;
		return decision->action;
	}
	if (now >= this->resend_next)
	{
		decision->action = CF_HEARTBEAT_RESEND;
		this->resend_interval = min(this->resend_interval * 2, this->defer);
		this->resend_next = now + this->resend_interval;
	}
	decision->next = min(this->resend_next, now + this->poll);
	return decision->action;
}

METHOD(cluster_failover_watch_t, decide, cluster_failover_heartbeat_action_t,
	private_cluster_failover_watch_t *this, uint64_t now, bool answered,
	cluster_failover_watch_decision_t *decision)
{
	bool in, out, send_probe = FALSE;

	*decision = (cluster_failover_watch_decision_t){
		.cause = "heartbeat timeout",
	};
	this->traffic->end(this->traffic, &in, &out);
	this->heartbeat->counted(this->heartbeat, now, in, out);
	switch (this->state)
	{
		case CF_WATCH_PATH_DOWN:
			return decide_path_down(this, now, in, decision);
		case CF_WATCH_LOST:
			return decide_lost(this, now, in, decision);
		case CF_WATCH_UP:
			break;
	}
	decision->action = this->heartbeat->tick(this->heartbeat, now,
											 &decision->next);
	decision->count = this->heartbeat->get_unanswered(this->heartbeat);
	if (decision->action != CF_HEARTBEAT_DEAD &&
		check_probe(this, now, answered, &send_probe))
	{
		decision->action = CF_HEARTBEAT_DEAD;
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
	if (in)
	{
		this->path_check = FALSE;
	}
	if (decision->action == CF_HEARTBEAT_DEAD)
	{
		decision->detect = now -
						this->heartbeat->get_last_received(this->heartbeat);
		decision->check_path = TRUE;
		if (this->path_check && !decision->probe_failed)
		{
			decision->cause = "no answer after the path came back";
		}
	}
	decision->next = decision->next ? min(decision->next, now + this->poll)
									: now + this->poll;
	return decision->action;
}

METHOD(cluster_failover_watch_t, path_down, void,
	private_cluster_failover_watch_t *this, uint64_t now)
{
	if (this->state == CF_WATCH_UP)
	{
		this->state = CF_WATCH_PATH_DOWN;
		this->down_since = now;
	}
}

METHOD(cluster_failover_watch_t, path_back, uint32_t,
	private_cluster_failover_watch_t *this, uint64_t now)
{
	if (this->state != CF_WATCH_PATH_DOWN)
	{
		return 0;
	}
	this->state = CF_WATCH_UP;
	this->path_check = TRUE;
	this->heartbeat->check(this->heartbeat, now);
	restart_probes(this, now);
	return now - this->down_since;
}

METHOD(cluster_failover_watch_t, checked_path, void,
	private_cluster_failover_watch_t *this, uint64_t now, bool path,
	bool request, cluster_failover_watch_decision_t *decision)
{
	switch (this->state)
	{
		case CF_WATCH_UP:
			if (decision->action != CF_HEARTBEAT_DEAD)
			{
				break;
			}
			if (path)
			{	/* a member that failed the probes still answers IKE, only
				 * heartbeat failures may be called off when it answers */
				if (!decision->probe_failed)
				{
					this->public.lost(&this->public, now);
				}
				break;
			}
			path_down(this, now);
			decision->action = CF_HEARTBEAT_WAIT;
			decision->next = now + CF_WATCH_MIN_POLL;
			decision->path_down = TRUE;
			break;
		case CF_WATCH_PATH_DOWN:
			if (!path)
			{
				break;
			}
			decision->path_back = TRUE;
			decision->detect = path_back(this, now);
			decision->count = this->heartbeat->get_unanswered(this->heartbeat);
			decision->action = request ? CF_HEARTBEAT_RESEND
									   : CF_HEARTBEAT_SEND;
			break;
		case CF_WATCH_LOST:
			break;
	}
}

METHOD(cluster_failover_watch_t, counts_outbound, bool,
	private_cluster_failover_watch_t *this)
{
	return this->mode == CF_HEARTBEAT_DEFERRED;
}

METHOD(cluster_failover_watch_t, lost, void,
	private_cluster_failover_watch_t *this, uint64_t now)
{
	this->state = CF_WATCH_LOST;
	this->revived = FALSE;
	this->resend_interval = this->response;
	this->resend_next = now + this->response;
}

METHOD(cluster_failover_watch_t, revive, void,
	private_cluster_failover_watch_t *this, uint64_t now, bool check)
{
	if (this->state != CF_WATCH_LOST)
	{
		return;
	}
	this->state = CF_WATCH_UP;
	this->revived = this->path_check = FALSE;
	if (check)
	{
		this->heartbeat->check(this->heartbeat, now);
	}
	else
	{
		this->heartbeat->received(this->heartbeat, now);
	}
	restart_probes(this, now);
}

METHOD(cluster_failover_watch_t, member_dead, void,
	private_cluster_failover_watch_t *this, uint64_t now,
	cluster_failover_watch_decision_t *decision)
{
	if (this->state != CF_WATCH_UP || decision->action == CF_HEARTBEAT_DEAD)
	{
		return;
	}
	decision->action = CF_HEARTBEAT_DEAD;
	decision->cause = "heartbeat timeout";
	decision->count = this->heartbeat->get_unanswered(this->heartbeat);
	decision->probe_failed = FALSE;
	decision->detect = now -
						this->heartbeat->get_last_received(this->heartbeat);
	decision->check_path = TRUE;
}

METHOD(cluster_failover_watch_t, get_last_received, uint64_t,
	private_cluster_failover_watch_t *this)
{
	return this->heartbeat->get_last_received(this->heartbeat);
}

METHOD(cluster_failover_watch_t, get_state, cluster_failover_watch_state_t,
	private_cluster_failover_watch_t *this)
{
	return this->state;
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
							cluster_failover_heartbeat_mode_t mode,
							uint32_t defer, uint32_t response, u_int tries,
							uint32_t poll, bool probe, uint32_t probe_interval,
							u_int probe_tries, uint64_t now)
{
	private_cluster_failover_watch_t *this;

	INIT(this,
		.public = {
			.count = _count,
			.received = _received,
			.heard = _heard,
			.decide = _decide,
			.path_down = _path_down,
			.path_back = _path_back,
			.checked_path = _checked_path,
			.counts_outbound = _counts_outbound,
			.lost = _lost,
			.revive = _revive,
			.member_dead = _member_dead,
			.get_last_received = _get_last_received,
			.get_state = _get_state,
			.get_unanswered = _get_unanswered,
			.get_probe_seq = _get_probe_seq,
			.destroy = _destroy,
		},
		.heartbeat = cluster_failover_heartbeat_create(mode, defer, response,
													   tries, poll, now),
		.traffic = cluster_failover_traffic_create(),
		.mode = mode,
		.poll = poll,
		.defer = defer,
		.response = response,
		.probe_interval = probe_interval,
		.probe_tries = probe_tries,
	);
	if (probe)
	{
		this->probe_next = now + probe_interval;
	}

	return &this->public;
}

/*
 * Described in header
 */
uint32_t cluster_failover_watch_poll(uint32_t defer, uint32_t response)
{
	uint32_t poll = min(defer, response) / 10;

	return max(CF_WATCH_MIN_POLL, min(CF_WATCH_MAX_POLL, poll));
}

/*
 * Described in header
 */
uint32_t cluster_failover_watch_refresh(uint32_t defer, uint32_t response)
{
	return max(cluster_failover_watch_poll(defer, response),
			   min(defer, response) / 2);
}

/*
 * Described in header
 */
bool cluster_failover_watch_needs_sa(
							cluster_failover_watch_decision_t *decision)
{
	return decision->action != CF_HEARTBEAT_WAIT || decision->check_path ||
		   decision->path_back || decision->revived;
}

/*
 * Described in header
 */
uint32_t cluster_failover_watch_delay(
							cluster_failover_watch_decision_t *decision,
							uint64_t now)
{
	return max(decision->next, now + 1) - now;
}
