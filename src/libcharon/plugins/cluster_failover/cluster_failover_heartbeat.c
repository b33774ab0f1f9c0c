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

#include "cluster_failover_heartbeat.h"

ENUM(cluster_failover_heartbeat_mode_names, CF_HEARTBEAT_NONE,
	 CF_HEARTBEAT_INSTANT,
	"none",
	"deferred",
	"instant",
);

ENUM(cluster_failover_heartbeat_action_names, CF_HEARTBEAT_WAIT,
	 CF_HEARTBEAT_DEAD,
	"wait",
	"send",
	"resend",
	"dead",
);

typedef struct private_cluster_failover_heartbeat_t
		private_cluster_failover_heartbeat_t;

/**
 * Private data of a cluster_failover_heartbeat_t object.
 */
struct private_cluster_failover_heartbeat_t {

	/**
	 * Public interface
	 */
	cluster_failover_heartbeat_t public;

	/**
	 * Heartbeat mode
	 */
	cluster_failover_heartbeat_mode_t mode;

	/**
	 * Defer time
	 */
	uint32_t defer;

	/**
	 * Response time
	 */
	uint32_t response;

	/**
	 * Unanswered heartbeats that make the member dead
	 */
	u_int tries;

	/**
	 * Polling interval for traffic in deferred mode
	 */
	uint32_t poll;

	/**
	 * Last time anything was received
	 */
	uint64_t last_in;

	/**
	 * Last time the client sent traffic, 0 if never
	 */
	uint64_t last_out;

	/**
	 * Time of the last observation of the traffic counters
	 */
	uint64_t counted;

	/**
	 * Heartbeats sent in the current check, 0 if no check runs
	 */
	u_int unanswered;

	/**
	 * Time the first heartbeat of the current check was sent
	 */
	uint64_t check_started;

	/**
	 * Time the last heartbeat was sent
	 */
	uint64_t last_sent;
};

METHOD(cluster_failover_heartbeat_t, received, void,
	private_cluster_failover_heartbeat_t *this, uint64_t now)
{
	this->last_in = max(this->last_in, now);
}

/**
 * Note that the client sent traffic to the member
 */
static void sent(private_cluster_failover_heartbeat_t *this, uint64_t now)
{
	this->last_out = max(this->last_out, now);
}

METHOD(cluster_failover_heartbeat_t, counted, void,
	private_cluster_failover_heartbeat_t *this, uint64_t now, bool in,
	bool out)
{
	uint64_t seen;

	seen = this->counted + (max(now, this->counted) - this->counted) / 2;
	this->counted = max(now, this->counted);
	if (in)
	{
		received(this, seen);
	}
	if (out)
	{
		sent(this, seen);
	}
}

/**
 * Decide while no check runs
 */
static cluster_failover_heartbeat_action_t idle(
							private_cluster_failover_heartbeat_t *this,
							uint64_t now, uint64_t *next)
{
	if (now < this->last_in + this->defer)
	{
		*next = this->last_in + this->defer;
		return CF_HEARTBEAT_WAIT;
	}
	if (this->mode == CF_HEARTBEAT_DEFERRED && this->last_out <= this->last_in)
	{	/* silent both ways, wait until the client sends something */
		*next = now + this->poll;
		return CF_HEARTBEAT_WAIT;
	}
	this->unanswered = 1;
	this->check_started = this->last_sent = now;
	*next = now + this->response;
	return CF_HEARTBEAT_SEND;
}

METHOD(cluster_failover_heartbeat_t, tick, cluster_failover_heartbeat_action_t,
	private_cluster_failover_heartbeat_t *this, uint64_t now, uint64_t *next)
{
	*next = 0;
	if (this->mode == CF_HEARTBEAT_NONE)
	{
		return CF_HEARTBEAT_WAIT;
	}
	if (this->unanswered && this->last_in >= this->check_started)
	{	/* anything received since the check started answers it */
		this->unanswered = 0;
	}
	if (!this->unanswered)
	{
		return idle(this, now, next);
	}
	if (now < this->last_sent + this->response)
	{
		*next = this->last_sent + this->response;
		return CF_HEARTBEAT_WAIT;
	}
	if (this->unanswered < this->tries)
	{
		this->unanswered++;
		this->last_sent = now;
		*next = now + this->response;
		return CF_HEARTBEAT_RESEND;
	}
	return CF_HEARTBEAT_DEAD;
}

METHOD(cluster_failover_heartbeat_t, check, void,
	private_cluster_failover_heartbeat_t *this, uint64_t now)
{
	if (this->mode != CF_HEARTBEAT_NONE)
	{
		this->unanswered = 1;
		this->check_started = this->last_sent = now;
	}
}

METHOD(cluster_failover_heartbeat_t, get_unanswered, u_int,
	private_cluster_failover_heartbeat_t *this)
{
	return this->unanswered;
}

METHOD(cluster_failover_heartbeat_t, get_last_received, uint64_t,
	private_cluster_failover_heartbeat_t *this)
{
	return this->last_in;
}

METHOD(cluster_failover_heartbeat_t, destroy, void,
	private_cluster_failover_heartbeat_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_heartbeat_t *cluster_failover_heartbeat_create(
							cluster_failover_heartbeat_mode_t mode,
							uint32_t defer, uint32_t response, u_int tries,
							uint32_t poll, uint64_t now)
{
	private_cluster_failover_heartbeat_t *this;

	INIT(this,
		.public = {
			.received = _received,
			.counted = _counted,
			.tick = _tick,
			.check = _check,
			.get_unanswered = _get_unanswered,
			.get_last_received = _get_last_received,
			.destroy = _destroy,
		},
		.mode = mode,
		.defer = defer,
		.response = response,
		.tries = max(tries, 1),
		.poll = max(poll, 1),
		.last_in = now,
		.counted = now,
	);

	return &this->public;
}
