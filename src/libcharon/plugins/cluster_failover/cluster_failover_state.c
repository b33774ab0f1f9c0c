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

#include "cluster_failover_state.h"

#include <threading/mutex.h>

#include <time.h>

ENUM(cluster_failover_member_state_names, CF_MEMBER_IN_USE, CF_MEMBER_UNUSED,
	"in_use",
	"standby",
	"held_down",
	"failed",
	"unused",
);

ENUM(cluster_failover_hb_state_names, CF_HB_OFF, CF_HB_LOST,
	"off",
	"up",
	"waiting",
	"path_down",
	"lost",
);

typedef struct private_cluster_failover_state_t
		private_cluster_failover_state_t;

/**
 * Private data of a cluster_failover_state_t object.
 */
struct private_cluster_failover_state_t {

	/**
	 * Public interface
	 */
	cluster_failover_state_t public;

	/**
	 * Failed members
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Connections, cluster_failover_view_t, ordered by name
	 */
	linked_list_t *conns;

	/**
	 * Lock for conns
	 */
	mutex_t *mutex;

	/**
	 * Called on changes
	 */
	cluster_failover_changed_cb_t changed;

	/**
	 * Data for changed
	 */
	void *data;
};

/**
 * The instance the event functions feed
 */
static cluster_failover_state_t *registered;

static void member_destroy(cluster_failover_member_view_t *member)
{
	member->host->destroy(member->host);
	free(member->reason);
	free(member);
}

static void view_destroy(cluster_failover_view_t *view)
{
	view->members->destroy_function(view->members, (void*)member_destroy);
	DESTROY_IF(view->active);
	DESTROY_IF(view->standby);
	DESTROY_IF(view->failover_from);
	DESTROY_IF(view->failover_to);
	free(view->failover_cause);
	free(view->cluster);
	free(view->name);
	free(view);
}

/**
 * Replace a host with a clone of another, or NULL
 */
static void set_host(host_t **host, host_t *value)
{
	DESTROY_IF(*host);
	*host = value ? value->clone(value) : NULL;
}

/**
 * Find the state of a connection, with the lock held
 */
static cluster_failover_view_t *find(private_cluster_failover_state_t *this,
									 char *name)
{
	enumerator_t *enumerator;
	cluster_failover_view_t *view, *found = NULL;

	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, &view))
	{
		if (streq(view->name, name))
		{
			found = view;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Lock and find the state of a connection, NULL if it has none (unlocked)
 */
static cluster_failover_view_t *lock_view(
						private_cluster_failover_state_t *this, char *name)
{
	cluster_failover_view_t *view;

	this->mutex->lock(this->mutex);
	view = find(this, name);
	if (!view)
	{
		this->mutex->unlock(this->mutex);
	}
	return view;
}

/**
 * Report a change and unlock
 */
static void changed_unlock(private_cluster_failover_state_t *this)
{
	if (this->changed)
	{
		this->changed(this->data);
	}
	this->mutex->unlock(this->mutex);
}

/**
 * Match a member by its address
 */
static bool member_matches(void *item, va_list args)
{
	cluster_failover_member_view_t *member = item;
	host_t *host;

	VA_ARGS_VGET(args, host);
	return member->host->ip_equals(member->host, host);
}

/**
 * Find a member of a connection, added at the end if unknown
 */
static cluster_failover_member_view_t *get_member(
						cluster_failover_view_t *view, host_t *host)
{
	cluster_failover_member_view_t *member;

	if (view->members->find_first(view->members, member_matches,
								  (void**)&member, host))
	{
		return member;
	}
	INIT(member,
		.host = host->clone(host),
		.state = CF_MEMBER_UNUSED,
	);
	view->members->insert_last(view->members, member);
	return member;
}

/**
 * Create the state of a connection, inserted by name
 */
static cluster_failover_view_t *add_view(
						private_cluster_failover_state_t *this, char *name)
{
	enumerator_t *enumerator;
	cluster_failover_view_t *view, *current;

	INIT(view,
		.name = strdup(name),
		.members = linked_list_create(),
	);
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, &current))
	{
		if (strcmp(current->name, name) > 0)
		{
			break;
		}
	}
	this->conns->insert_before(this->conns, enumerator, view);
	enumerator->destroy(enumerator);
	return view;
}

/**
 * Move a member from the view's old list to the new one, once
 */
static void take_member(cluster_failover_view_t *view, linked_list_t *members,
						host_t *host)
{
	cluster_failover_member_view_t *member;

	if (members->find_first(members, member_matches, NULL, host))
	{
		return;
	}
	member = get_member(view, host);
	view->members->remove(view->members, member, NULL);
	members->insert_last(members, member);
}

/**
 * Take the members of a key request: known ones keep their reasons, the
 * cluster's IP members first in the configured order, then the others of
 * the request (resolved DNS names), members no longer there are left out
 */
static void set_members(cluster_failover_view_t *view,
						cluster_failover_cluster_t *cluster,
						enumerator_t *requested)
{
	linked_list_t *members;
	enumerator_t *enumerator;
	host_t *host;

	members = linked_list_create();
	enumerator = cluster->get_addresses(cluster)->create_enumerator(
											cluster->get_addresses(cluster));
	while (enumerator->enumerate(enumerator, &host))
	{
		take_member(view, members, host);
	}
	enumerator->destroy(enumerator);
	while (requested && requested->enumerate(requested, &host))
	{
		take_member(view, members, host);
	}
	view->members->destroy_function(view->members, (void*)member_destroy);
	view->members = members;
}

METHOD(cluster_failover_state_t, key_request, void,
	private_cluster_failover_state_t *this, char *name,
	cluster_failover_cluster_t *cluster, enumerator_t *members)
{
	cluster_failover_view_t *view;

	this->mutex->lock(this->mutex);
	view = find(this, name) ?: add_view(this, name);
	if (!streq(view->cluster, cluster->get_name(cluster)))
	{
		free(view->cluster);
		view->cluster = strdup(cluster->get_name(cluster));
	}
	set_members(view, cluster, members);
	if (cluster->get_heartbeat(cluster) == CF_HEARTBEAT_NONE)
	{
		view->heartbeat = CF_HB_OFF;
	}
	else if (view->heartbeat == CF_HB_OFF)
	{
		view->heartbeat = CF_HB_UP;
	}
	view->key_requests++;
	changed_unlock(this);
}

METHOD(cluster_failover_state_t, failed, void,
	private_cluster_failover_state_t *this, char *name, host_t *member,
	char *reason, bool skipped)
{
	cluster_failover_member_view_t *entry;
	cluster_failover_view_t *view;

	view = lock_view(this, name);
	if (!view || !member)
	{
		if (view)
		{
			this->mutex->unlock(this->mutex);
		}
		return;
	}
	entry = get_member(view, member);
	free(entry->reason);
	entry->reason = strdup(reason);
	if (skipped)
	{
		view->skipped++;
	}
	changed_unlock(this);
}

METHOD(cluster_failover_state_t, in_use, void,
	private_cluster_failover_state_t *this, char *name, host_t *member)
{
	cluster_failover_member_view_t *entry;
	cluster_failover_view_t *view;

	view = lock_view(this, name);
	if (!view)
	{
		return;
	}
	entry = get_member(view, member);
	/* a member that carries traffic is alive */
	free(entry->reason);
	entry->reason = NULL;
	set_host(&view->active, member);
	if (view->standby && view->standby->ip_equals(view->standby, member))
	{
		set_host(&view->standby, NULL);
	}
	if (view->heartbeat != CF_HB_OFF)
	{
		view->heartbeat = CF_HB_UP;
		view->unanswered = 0;
	}
	changed_unlock(this);
}

METHOD(cluster_failover_state_t, standby, void,
	private_cluster_failover_state_t *this, char *name, host_t *member)
{
	cluster_failover_view_t *view;

	view = lock_view(this, name);
	if (!view)
	{
		return;
	}
	if (member)
	{
		get_member(view, member);
	}
	set_host(&view->standby, member);
	changed_unlock(this);
}

METHOD(cluster_failover_state_t, failover, void,
	private_cluster_failover_state_t *this, char *name, host_t *from,
	host_t *to, char *cause, uint32_t detect, uint32_t rehome, time_t wall)
{
	cluster_failover_view_t *view;

	view = lock_view(this, name);
	if (!view)
	{
		return;
	}
	view->failovers++;
	view->failover_time = wall;
	set_host(&view->failover_from, from);
	set_host(&view->failover_to, to);
	free(view->failover_cause);
	view->failover_cause = strdup(cause ?: "");
	view->failover_detect = detect;
	view->failover_rehome = rehome;
	changed_unlock(this);
}

METHOD(cluster_failover_state_t, heartbeat, void,
	private_cluster_failover_state_t *this, char *name,
	cluster_failover_hb_state_t state, u_int unanswered, bool sent)
{
	cluster_failover_view_t *view;

	view = lock_view(this, name);
	if (!view)
	{
		return;
	}
	if (!sent && view->heartbeat == state && view->unanswered == unanswered)
	{	/* called on every tick: no change, no write */
		this->mutex->unlock(this->mutex);
		return;
	}
	view->heartbeat = state;
	view->unanswered = unanswered;
	if (sent)
	{
		view->heartbeats++;
	}
	changed_unlock(this);
}

/*
 * Described in header
 */
cluster_failover_member_state_t cluster_failover_member_state(host_t *member,
								host_t *active, host_t *standby,
								uint64_t until, uint64_t now, char *reason,
								uint32_t *left)
{
	*left = 0;
	if (active && member->ip_equals(member, active))
	{
		return CF_MEMBER_IN_USE;
	}
	if (standby && member->ip_equals(member, standby))
	{
		return CF_MEMBER_STANDBY;
	}
	if (until > now)
	{
		*left = min(until - now, UINT32_MAX);
		return CF_MEMBER_HELD_DOWN;
	}
	return reason ? CF_MEMBER_FAILED : CF_MEMBER_UNUSED;
}

/**
 * Derive the states of the members of a connection
 */
static void derive(private_cluster_failover_state_t *this,
				   cluster_failover_view_t *view, uint64_t now)
{
	cluster_failover_member_view_t *member;
	enumerator_t *enumerator;
	uint64_t until;

	enumerator = view->members->create_enumerator(view->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		until = this->holddown->held_until(this->holddown, view->cluster,
										   member->host, now);
		member->state = cluster_failover_member_state(member->host,
								view->active, view->standby, until, now,
								member->reason, &member->left);
	}
	enumerator->destroy(enumerator);
}

METHOD(cluster_failover_state_t, visit, void,
	private_cluster_failover_state_t *this, uint64_t now,
	cluster_failover_visit_cb_t cb, void *data)
{
	cluster_failover_view_t *view;
	enumerator_t *enumerator;

	this->mutex->lock(this->mutex);
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, &view))
	{
		derive(this, view, now);
		cb(data, view);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_state_t, set_changed, void,
	private_cluster_failover_state_t *this, cluster_failover_changed_cb_t cb,
	void *data)
{
	this->mutex->lock(this->mutex);
	this->changed = cb;
	this->data = data;
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_state_t, destroy, void,
	private_cluster_failover_state_t *this)
{
	this->conns->destroy_function(this->conns, (void*)view_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_state_t *cluster_failover_state_create(
								cluster_failover_holddown_t *holddown)
{
	private_cluster_failover_state_t *this;

	INIT(this,
		.public = {
			.key_request = _key_request,
			.failed = _failed,
			.in_use = _in_use,
			.standby = _standby,
			.failover = _failover,
			.heartbeat = _heartbeat,
			.visit = _visit,
			.set_changed = _set_changed,
			.destroy = _destroy,
		},
		.holddown = holddown,
		.conns = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}

/*
 * Described in header
 */
void cluster_failover_state_register(cluster_failover_state_t *state)
{
	registered = state;
}

/*
 * Described in header
 */
void cluster_failover_state_key_request(char *name,
										cluster_failover_cluster_t *cluster,
										enumerator_t *members)
{
	if (registered)
	{
		registered->key_request(registered, name, cluster, members);
	}
}

/*
 * Described in header
 */
void cluster_failover_state_failed(char *name, host_t *member, char *reason,
								   bool skipped)
{
	if (registered)
	{
		registered->failed(registered, name, member, reason, skipped);
	}
}

/*
 * Described in header
 */
void cluster_failover_state_in_use(char *name, host_t *member)
{
	if (registered)
	{
		registered->in_use(registered, name, member);
	}
}

/*
 * Described in header
 */
void cluster_failover_state_standby(char *name, host_t *member)
{
	if (registered)
	{
		registered->standby(registered, name, member);
	}
}

/*
 * Described in header
 */
void cluster_failover_state_failover(char *name, host_t *from, host_t *to,
									 char *cause, uint32_t detect,
									 uint32_t rehome)
{
	if (registered)
	{
		registered->failover(registered, name, from, to, cause, detect,
							 rehome, time(NULL));
	}
}

/*
 * Described in header
 */
void cluster_failover_state_heartbeat(char *name,
									  cluster_failover_hb_state_t state,
									  u_int unanswered, bool sent)
{
	if (registered)
	{
		registered->heartbeat(registered, name, state, unanswered, sent);
	}
}
