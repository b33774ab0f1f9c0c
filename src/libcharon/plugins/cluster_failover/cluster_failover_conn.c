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

#include "cluster_failover_conn.h"
#include "cluster_failover_vips.h"

typedef struct private_cluster_failover_conn_t private_cluster_failover_conn_t;

/**
 * Private data of a cluster_failover_conn_t object.
 */
struct private_cluster_failover_conn_t {

	/**
	 * Public interface
	 */
	cluster_failover_conn_t public;

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
	 * Whether a member's standby could not take over, no standby is used
	 */
	bool standby_refused;

	/**
	 * Whether the fallback to the preferred member is scheduled
	 */
	bool fallback_scheduled;

	/**
	 * Failover in progress, NULL if none
	 */
	cluster_failover_failover_t *failover;
};

/*
 * Described in header
 */
cluster_failover_failover_t *cluster_failover_failover_create(uint32_t from_id,
								host_t *from, char *cause, uint32_t detect,
								uint64_t declared, peer_cfg_t *peer_cfg,
								linked_list_t *children)
{
	cluster_failover_failover_t *failover;

	INIT(failover,
		.from_id = from_id,
		.from = from->clone(from),
		.cause = strdup(cause),
		.detect = detect,
		.declared = declared,
		.peer_cfg = peer_cfg,
		.children = children,
	);
	return failover;
}

/*
 * Described in header
 */
void cluster_failover_failover_destroy(cluster_failover_failover_t *failover)
{
	if (failover)
	{
		DESTROY_IF(failover->peer_cfg);
		if (failover->children)
		{
			failover->children->destroy_offset(failover->children,
										offsetof(child_cfg_t, destroy));
		}
		cluster_failover_vips_destroy(failover->vips);
		failover->from->destroy(failover->from);
		free(failover->cause);
		free(failover);
	}
}

METHOD(cluster_failover_conn_t, get_name, char*,
	private_cluster_failover_conn_t *this)
{
	return this->name;
}

METHOD(cluster_failover_conn_t, get_ids, void,
	private_cluster_failover_conn_t *this, uint32_t *active, uint32_t *standby)
{
	*active = this->active;
	*standby = this->standby;
}

METHOD(cluster_failover_conn_t, is_active, bool,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	return this->active == id;
}

/**
 * Make an IKE_SA the standby.  Returns the previous standby IKE_SA, to
 * retire, 0 if none.
 */
static uint32_t set_standby(private_cluster_failover_conn_t *this, uint32_t id)
{
	uint32_t previous = this->standby;

	this->standby = id;
	this->standby_pending = FALSE;
	if (previous == id || previous == this->active)
	{
		return 0;
	}
	return previous;
}

/**
 * Decide what to do after a takeover
 */
static void decide_takeover(bool reauth, bool standby,
							cluster_failover_takeover_t *takeover)
{
	if (reauth)
	{
		takeover->actions |= CF_ACTION_REPORT_REAUTH;
	}
	else if (takeover->failover)
	{
		takeover->actions |= CF_ACTION_REPORT_FAILOVER;
	}
	else if (takeover->old && takeover->old_member)
	{
		takeover->actions |= CF_ACTION_REPORT_MOVE;
	}
	if (takeover->failover)
	{	/* done: key requests of the failover still under way (a standby
		 * given up on took over after all) are not needed any more */
		takeover->actions |= CF_ACTION_CANCEL_REQUESTS;
		if (!takeover->old_dead)
		{	/* the lost IKE_SA is no longer the active one */
			takeover->actions |= CF_ACTION_RETIRE_LOST;
		}
	}
	if (takeover->old && !reauth)
	{	/* make-before-break: the new CHILD_SAs are up; a reauthenticated
		 * IKE_SA is deleted by charon itself */
		takeover->actions |= CF_ACTION_RETIRE_OLD;
		takeover->keep_old = !takeover->old_dead && standby;
	}
}

METHOD(cluster_failover_conn_t, take_over, bool,
	private_cluster_failover_conn_t *this, uint32_t id, host_t *member,
	bool standby, bool fallback, host_t *preferred,
	cluster_failover_takeover_t *takeover)
{
	bool reauth;

	if (this->active == id)
	{
		return FALSE;
	}
	standby = standby && !this->standby_refused;
	*takeover = (cluster_failover_takeover_t){
		.old = this->active,
		.old_member = this->member,
	};
	reauth = this->reauth == id ||
			 (this->reauth_of && this->reauth_of == this->active &&
			  this->member && member->ip_equals(member, this->member));
	if (reauth)
	{
		this->reauth = this->reauth_of = 0;
	}
	this->active = id;
	this->member = member->clone(member);
	if (this->standby == id)
	{
		this->standby = 0;
	}
	if (!reauth)
	{
		takeover->failover = this->failover;
		this->failover = NULL;
		takeover->old_dead = takeover->failover &&
							 takeover->failover->from_id == takeover->old;
	}
	if (standby && !this->standby && !this->standby_pending)
	{
		this->standby_pending = TRUE;
		takeover->actions |= CF_ACTION_START_STANDBY;
	}
	if (fallback && preferred && !member->ip_equals(member, preferred) &&
		!this->fallback_scheduled)
	{
		this->fallback_scheduled = TRUE;
		takeover->actions |= CF_ACTION_SCHEDULE_FALLBACK;
	}
	decide_takeover(reauth, standby, takeover);
	return TRUE;
}

METHOD(cluster_failover_conn_t, may_fail_over, bool,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	return this->active == id && !this->failover;
}

METHOD(cluster_failover_conn_t, fail_over, uint32_t,
	private_cluster_failover_conn_t *this,
	cluster_failover_failover_t *failover)
{
	cluster_failover_failover_destroy(this->failover);
	this->failover = failover;
	return this->standby;
}

METHOD(cluster_failover_conn_t, is_failing_over, bool,
	private_cluster_failover_conn_t *this, uint32_t from, uint64_t declared)
{
	return this->failover && this->failover->from_id == from &&
		   this->failover->declared == declared;
}

METHOD(cluster_failover_conn_t, set_via, void,
	private_cluster_failover_conn_t *this, uint32_t from, uint32_t via)
{
	if (this->failover && this->failover->from_id == from)
	{
		this->failover->via = via;
	}
}

METHOD(cluster_failover_conn_t, failing_via, uint32_t,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	if (this->failover && this->failover->via == id)
	{
		return this->failover->from_id;
	}
	return 0;
}

METHOD(cluster_failover_conn_t, standby_failed, cluster_failover_failover_t*,
	private_cluster_failover_conn_t *this, uint32_t from, uint32_t via)
{
	if (!this->failover || this->failover->from_id != from ||
		this->failover->via != via)
	{
		return NULL;
	}
	this->failover->via = 0;
	if (this->standby == via)
	{
		this->standby = 0;
	}
	return this->failover;
}

METHOD(cluster_failover_conn_t, revive, cluster_failover_failover_t*,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	cluster_failover_failover_t *failover = NULL;

	if (this->active == id && this->failover &&
		this->failover->from_id == id)
	{
		failover = this->failover;
		this->failover = NULL;
	}
	return failover;
}

METHOD(cluster_failover_conn_t, give_up, cluster_failover_failover_t*,
	private_cluster_failover_conn_t *this)
{
	cluster_failover_failover_t *failover = this->failover;

	this->failover = NULL;
	return failover;
}

METHOD(cluster_failover_conn_t, standby_exhausted, void,
	private_cluster_failover_conn_t *this)
{
	this->standby_pending = FALSE;
}

METHOD(cluster_failover_conn_t, standby_up, bool,
	private_cluster_failover_conn_t *this, uint32_t id, uint32_t *previous)
{
	*previous = 0;
	if (this->active == id || this->standby == id || this->reauth == id)
	{
		return FALSE;
	}
	*previous = set_standby(this, id);
	return TRUE;
}

METHOD(cluster_failover_conn_t, keep_standby, uint32_t,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	if (this->active == id)
	{
		return 0;
	}
	return set_standby(this, id);
}

METHOD(cluster_failover_conn_t, ike_destroyed, bool,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	bool standby = FALSE;

	if (this->active == id)
	{
		this->active = 0;
	}
	if (this->standby == id)
	{	/* e.g. expired: charon can't reauthenticate an IKE_SA without
		 * CHILD_SAs */
		this->standby = 0;
		standby = TRUE;
	}
	if (this->reauth == id)
	{
		this->reauth = 0;
	}
	if (this->reauth_of == id)
	{
		this->reauth_of = 0;
	}
	return standby;
}

METHOD(cluster_failover_conn_t, lacks_standby, bool,
	private_cluster_failover_conn_t *this)
{
	return this->active && !this->failover && !this->standby_pending &&
		   !this->standby_refused && this->member;
}

METHOD(cluster_failover_conn_t, refuse_standby, bool,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	if (!id || this->standby != id)
	{
		return FALSE;
	}
	this->standby = 0;
	this->standby_pending = FALSE;
	this->standby_refused = TRUE;
	return TRUE;
}

METHOD(cluster_failover_conn_t, start_standby, host_t*,
	private_cluster_failover_conn_t *this)
{
	this->standby_pending = TRUE;
	return this->member->clone(this->member);
}

METHOD(cluster_failover_conn_t, reauthenticate, void,
	private_cluster_failover_conn_t *this, uint32_t old, uint32_t new)
{
	if (this->active == old)
	{
		this->reauth = new;
	}
	else if (this->standby == old)
	{	/* charon deletes the old one once the new one is up */
		this->standby = new;
	}
}

METHOD(cluster_failover_conn_t, reauth_started, void,
	private_cluster_failover_conn_t *this, uint32_t id)
{
	if (this->active == id)
	{
		this->reauth_of = this->active;
	}
}

/**
 * Replace an id by another if it matches
 */
static void replace(uint32_t *id, uint32_t old, uint32_t new)
{
	if (*id == old)
	{
		*id = new;
	}
}

METHOD(cluster_failover_conn_t, replace_id, void,
	private_cluster_failover_conn_t *this, uint32_t old, uint32_t new)
{
	replace(&this->active, old, new);
	replace(&this->standby, old, new);
	replace(&this->reauth, old, new);
	replace(&this->reauth_of, old, new);
	if (this->failover)
	{
		replace(&this->failover->from_id, old, new);
		replace(&this->failover->via, old, new);
	}
}

METHOD(cluster_failover_conn_t, fallback_due, uint32_t,
	private_cluster_failover_conn_t *this, host_t *preferred, bool enabled)
{
	if (preferred && enabled && this->active && this->member &&
		!this->failover && !this->member->ip_equals(this->member, preferred))
	{
		return this->active;
	}
	this->fallback_scheduled = FALSE;
	return 0;
}

METHOD(cluster_failover_conn_t, destroy, void,
	private_cluster_failover_conn_t *this)
{
	DESTROY_IF(this->member);
	cluster_failover_failover_destroy(this->failover);
	free(this->name);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_conn_t *cluster_failover_conn_create(char *name)
{
	private_cluster_failover_conn_t *this;

	INIT(this,
		.public = {
			.get_name = _get_name,
			.get_ids = _get_ids,
			.is_active = _is_active,
			.take_over = _take_over,
			.may_fail_over = _may_fail_over,
			.fail_over = _fail_over,
			.is_failing_over = _is_failing_over,
			.set_via = _set_via,
			.failing_via = _failing_via,
			.standby_failed = _standby_failed,
			.revive = _revive,
			.give_up = _give_up,
			.standby_exhausted = _standby_exhausted,
			.standby_up = _standby_up,
			.keep_standby = _keep_standby,
			.ike_destroyed = _ike_destroyed,
			.lacks_standby = _lacks_standby,
			.start_standby = _start_standby,
			.refuse_standby = _refuse_standby,
			.reauthenticate = _reauthenticate,
			.reauth_started = _reauth_started,
			.replace_id = _replace_id,
			.fallback_due = _fallback_due,
			.destroy = _destroy,
		},
		.name = strdup(name),
	);
	return &this->public;
}
