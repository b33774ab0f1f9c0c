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

#include "cluster_failover_member.h"

ENUM(cluster_failover_member_grant_names, CF_MEMBER_JOIN, CF_MEMBER_START,
	"join",
	"carry",
	"start",
);

typedef struct private_cluster_failover_member_t
		private_cluster_failover_member_t;

/**
 * Private data of a cluster_failover_member_t object.
 */
struct private_cluster_failover_member_t {

	/**
	 * Public interface
	 */
	cluster_failover_member_t public;

	/**
	 * Last time anything was received from the member
	 */
	uint64_t last_in;

	/**
	 * IKE_SA that carries the outstanding heartbeat, 0 if none
	 */
	uint32_t carrier;

	/**
	 * Time the carrier last sent a heartbeat
	 */
	uint64_t sent;

	/**
	 * Time until which no other IKE_SA may carry the heartbeat on
	 */
	uint64_t expires;

	/**
	 * Whether the member was declared dead
	 */
	bool dead;

	/**
	 * Time it was declared dead
	 */
	uint64_t dead_at;
};

METHOD(cluster_failover_member_t, received, void,
	private_cluster_failover_member_t *this, uint64_t now)
{
	this->last_in = max(this->last_in, now);
	if (this->carrier && now >= this->sent)
	{	/* answers the outstanding heartbeat */
		this->carrier = 0;
	}
	if (this->dead && now > this->dead_at)
	{
		this->dead = FALSE;
	}
}

METHOD(cluster_failover_member_t, get_last_received, uint64_t,
	private_cluster_failover_member_t *this)
{
	return this->dead ? 0 : this->last_in;
}

METHOD(cluster_failover_member_t, claim, cluster_failover_member_grant_t,
	private_cluster_failover_member_t *this, uint32_t id, uint64_t now,
	uint32_t response)
{
	cluster_failover_member_grant_t grant = CF_MEMBER_CARRY;

	if (this->carrier != id && this->last_in >= now)
	{	/* an answer or anything else arrived since the heartbeat was
		 * decided, e.g. on another IKE_SA whose tick ran at the same time:
		 * the member is alive, nothing to send */
		return CF_MEMBER_JOIN;
	}
	if (this->carrier != id)
	{
		if (this->carrier && now < this->expires)
		{
			return CF_MEMBER_JOIN;
		}
		this->carrier = id;
		grant = CF_MEMBER_START;
	}
	this->sent = now;
	this->expires = now + response + response / 2;
	return grant;
}

METHOD(cluster_failover_member_t, release, void,
	private_cluster_failover_member_t *this, uint32_t id)
{
	if (this->carrier == id)
	{
		this->carrier = 0;
	}
}

METHOD(cluster_failover_member_t, rekey, void,
	private_cluster_failover_member_t *this, uint32_t old, uint32_t new)
{
	if (this->carrier && this->carrier == old)
	{
		this->carrier = new;
	}
}

METHOD(cluster_failover_member_t, dead, bool,
	private_cluster_failover_member_t *this, uint64_t now)
{
	this->carrier = 0;
	if (this->dead)
	{
		return FALSE;
	}
	this->dead = TRUE;
	this->dead_at = now;
	return TRUE;
}

METHOD(cluster_failover_member_t, is_dead, bool,
	private_cluster_failover_member_t *this)
{
	return this->dead;
}

METHOD(cluster_failover_member_t, get_carrier, uint32_t,
	private_cluster_failover_member_t *this)
{
	return this->carrier;
}

METHOD(cluster_failover_member_t, destroy, void,
	private_cluster_failover_member_t *this)
{
	free(this);
}

/*
 * Described in header
 */
cluster_failover_member_t *cluster_failover_member_create(uint64_t now)
{
	private_cluster_failover_member_t *this;

	INIT(this,
		.public = {
			.received = _received,
			.get_last_received = _get_last_received,
			.claim = _claim,
			.release = _release,
			.rekey = _rekey,
			.dead = _dead,
			.is_dead = _is_dead,
			.get_carrier = _get_carrier,
			.destroy = _destroy,
		},
		.last_in = now,
	);

	return &this->public;
}
