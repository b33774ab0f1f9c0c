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

/**
 * @defgroup cluster_failover_contacts cluster_failover_contacts
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_CONTACTS_H_
#define CLUSTER_FAILOVER_CONTACTS_H_

#include <networking/host.h>
#include <utils/identification.h>

typedef struct cluster_failover_contacts_t cluster_failover_contacts_t;

/**
 * The IKE_SAs the client has, by local identity and peer address, to
 * decide whether an INITIAL_CONTACT is safe: the established ones, and
 * those of key requests from their IKE_SA_INIT on.
 *
 * A gateway that receives INITIAL_CONTACT in an IKE_AUTH deletes every SA
 * it holds of the authenticated identity.  charon decides on it by the
 * peer's identity, which a cluster usually only configures with wildcards
 * (each member has its own); before authentication a member is known by
 * its address only.  So the plugin sends it only if no other IKE_SA with
 * the same local identity exists with that member's address, except the
 * ones given up because the member was lost.
 *
 * Thread-safe.
 */
struct cluster_failover_contacts_t {

	/**
	 * Add an established IKE_SA, or one of a key request whose IKE_SA_INIT
	 * is sent to a member: of several that connect to the same member at
	 * once, none may delete the others with an INITIAL_CONTACT.  Adding it
	 * again replaces its identity and address.
	 *
	 * @param id		unique id of the IKE_SA
	 * @param me		local identity
	 * @param peer		address of the peer
	 */
	void (*add)(cluster_failover_contacts_t *this, uint32_t id,
				identification_t *me, host_t *peer);

	/**
	 * Replace an IKE_SA by the one that rekeyed it.
	 *
	 * @param old		unique id of the rekeyed IKE_SA
	 * @param new		unique id of the new IKE_SA
	 */
	void (*rekey)(cluster_failover_contacts_t *this, uint32_t old,
				  uint32_t new);

	/**
	 * Update the peer address of an IKE_SA (MOBIKE, NAT).
	 *
	 * @param id		unique id of the IKE_SA
	 * @param peer		new address of the peer
	 */
	void (*update)(cluster_failover_contacts_t *this, uint32_t id,
				   host_t *peer);

	/**
	 * Take note that an IKE_SA is given up, as its member was lost: it is
	 * no reason to withhold INITIAL_CONTACT any more.
	 *
	 * @param id		unique id of the IKE_SA
	 */
	void (*give_up)(cluster_failover_contacts_t *this, uint32_t id);

	/**
	 * Take note that an IKE_SA given up answers again.
	 *
	 * @param id		unique id of the IKE_SA
	 */
	void (*revive)(cluster_failover_contacts_t *this, uint32_t id);

	/**
	 * Remove an IKE_SA.
	 *
	 * @param id		unique id of the IKE_SA
	 */
	void (*remove)(cluster_failover_contacts_t *this, uint32_t id);

	/**
	 * Check if an IKE_SA other than the given one exists, not given up,
	 * with the same local identity and peer address.
	 *
	 * @param id		unique id of the IKE_SA asking
	 * @param me		local identity
	 * @param peer		address of the peer
	 * @return			TRUE if such an IKE_SA must survive
	 */
	bool (*has_other)(cluster_failover_contacts_t *this, uint32_t id,
					  identification_t *me, host_t *peer);

	/**
	 * Claim INITIAL_CONTACT for an IKE_SA about to authenticate: unless
	 * has_other(), the IKE_SA is added at once, atomically, so that of
	 * IKE_SAs authenticating with a member at the same time (e.g. the
	 * failovers of many connections) only one sends it, which would make
	 * the member delete the others.
	 *
	 * @param id		unique id of the IKE_SA
	 * @param me		local identity
	 * @param peer		address of the peer
	 * @return			TRUE if the IKE_SA may send INITIAL_CONTACT
	 */
	bool (*claim)(cluster_failover_contacts_t *this, uint32_t id,
				  identification_t *me, host_t *peer);

	/**
	 * Destroy a cluster_failover_contacts_t.
	 */
	void (*destroy)(cluster_failover_contacts_t *this);
};

/**
 * Create a cluster_failover_contacts_t instance.
 *
 * @return			instance, knowing no IKE_SA
 */
cluster_failover_contacts_t *cluster_failover_contacts_create();

#endif /** CLUSTER_FAILOVER_CONTACTS_H_ @}*/
