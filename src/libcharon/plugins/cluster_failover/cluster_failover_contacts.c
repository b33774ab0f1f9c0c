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

#include "cluster_failover_contacts.h"

#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_contacts_t
		private_cluster_failover_contacts_t;

/**
 * Private data of a cluster_failover_contacts_t object.
 */
struct private_cluster_failover_contacts_t {

	/**
	 * Public interface
	 */
	cluster_failover_contacts_t public;

	/**
	 * IKE_SAs, unique id => contact_t
	 */
	hashtable_t *contacts;

	/**
	 * Lock for contacts
	 */
	mutex_t *mutex;
};

/**
 * An IKE_SA, established or of a key request
 */
typedef struct {

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Local identity
	 */
	identification_t *me;

	/**
	 * Address of the peer
	 */
	host_t *peer;

	/**
	 * Whether it was given up
	 */
	bool given_up;

} contact_t;

static void contact_destroy(contact_t *contact)
{
	contact->me->destroy(contact->me);
	contact->peer->destroy(contact->peer);
	free(contact);
}

METHOD(cluster_failover_contacts_t, add, void,
	private_cluster_failover_contacts_t *this, uint32_t id,
	identification_t *me, host_t *peer)
{
	contact_t *contact;

	INIT(contact,
		.id = id,
		.me = me->clone(me),
		.peer = peer->clone(peer),
	);
	this->mutex->lock(this->mutex);
	contact = this->contacts->put(this->contacts, (void*)(uintptr_t)id,
								  contact);
	this->mutex->unlock(this->mutex);
	if (contact)
	{
		contact_destroy(contact);
	}
}

METHOD(cluster_failover_contacts_t, rekey, void,
	private_cluster_failover_contacts_t *this, uint32_t old, uint32_t new)
{
	contact_t *contact;

	this->mutex->lock(this->mutex);
	contact = this->contacts->remove(this->contacts, (void*)(uintptr_t)old);
	if (contact)
	{
		contact->id = new;
		contact = this->contacts->put(this->contacts, (void*)(uintptr_t)new,
									  contact);
	}
	this->mutex->unlock(this->mutex);
	if (contact)
	{
		contact_destroy(contact);
	}
}

METHOD(cluster_failover_contacts_t, update, void,
	private_cluster_failover_contacts_t *this, uint32_t id, host_t *peer)
{
	contact_t *contact;

	this->mutex->lock(this->mutex);
	contact = this->contacts->get(this->contacts, (void*)(uintptr_t)id);
	if (contact && !contact->peer->ip_equals(contact->peer, peer))
	{
		contact->peer->destroy(contact->peer);
		contact->peer = peer->clone(peer);
	}
	this->mutex->unlock(this->mutex);
}

/**
 * Mark an IKE_SA given up or not
 */
static void set_given_up(private_cluster_failover_contacts_t *this,
						 uint32_t id, bool given_up)
{
	contact_t *contact;

	this->mutex->lock(this->mutex);
	contact = this->contacts->get(this->contacts, (void*)(uintptr_t)id);
	if (contact)
	{
		contact->given_up = given_up;
	}
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_contacts_t, give_up, void,
	private_cluster_failover_contacts_t *this, uint32_t id)
{
	set_given_up(this, id, TRUE);
}

METHOD(cluster_failover_contacts_t, revive, void,
	private_cluster_failover_contacts_t *this, uint32_t id)
{
	set_given_up(this, id, FALSE);
}

METHOD(cluster_failover_contacts_t, remove_, void,
	private_cluster_failover_contacts_t *this, uint32_t id)
{
	contact_t *contact;

	this->mutex->lock(this->mutex);
	contact = this->contacts->remove(this->contacts, (void*)(uintptr_t)id);
	this->mutex->unlock(this->mutex);
	if (contact)
	{
		contact_destroy(contact);
	}
}

/**
 * Check for another IKE_SA with the same local identity and peer address,
 * with lock held
 */
static bool find_other(private_cluster_failover_contacts_t *this, uint32_t id,
					   identification_t *me, host_t *peer)
{
	enumerator_t *enumerator;
	contact_t *contact;
	bool found = FALSE;

	enumerator = this->contacts->create_enumerator(this->contacts);
	while (!found && enumerator->enumerate(enumerator, NULL, &contact))
	{
		found = contact->id != id && !contact->given_up &&
				contact->peer->ip_equals(contact->peer, peer) &&
				contact->me->equals(contact->me, me);
	}
	enumerator->destroy(enumerator);
	return found;
}

METHOD(cluster_failover_contacts_t, has_other, bool,
	private_cluster_failover_contacts_t *this, uint32_t id,
	identification_t *me, host_t *peer)
{
	bool found;

	this->mutex->lock(this->mutex);
	found = find_other(this, id, me, peer);
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(cluster_failover_contacts_t, claim, bool,
	private_cluster_failover_contacts_t *this, uint32_t id,
	identification_t *me, host_t *peer)
{
	contact_t *contact = NULL;
	bool claimed;

	this->mutex->lock(this->mutex);
	claimed = !find_other(this, id, me, peer);
	if (claimed)
	{
		INIT(contact,
			.id = id,
			.me = me->clone(me),
			.peer = peer->clone(peer),
		);
		contact = this->contacts->put(this->contacts, (void*)(uintptr_t)id,
									  contact);
	}
	this->mutex->unlock(this->mutex);
	if (contact)
	{
		contact_destroy(contact);
	}
	return claimed;
}

METHOD(cluster_failover_contacts_t, destroy, void,
	private_cluster_failover_contacts_t *this)
{
	this->contacts->destroy_function(this->contacts, (void*)contact_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_contacts_t *cluster_failover_contacts_create()
{
	private_cluster_failover_contacts_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.rekey = _rekey,
			.update = _update,
			.give_up = _give_up,
			.revive = _revive,
			.remove = _remove_,
			.has_other = _has_other,
			.claim = _claim,
			.destroy = _destroy,
		},
		.contacts = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
