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
 * @defgroup cluster_failover_rehome cluster_failover_rehome
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_REHOME_H_
#define CLUSTER_FAILOVER_REHOME_H_

#include "cluster_failover_config.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_holddown.h"

#include <sa/ike_sa.h>
#include <bus/bus.h>

typedef struct cluster_failover_rehome_t cluster_failover_rehome_t;

/**
 * Keeps the connections bound to a cluster on a live member: failover,
 * recovery and standby.
 *
 * For each bound connection it knows the IKE_SA that carries the
 * connection's CHILD_SAs (the active member, watched by the heartbeat
 * monitor) and an optional standby IKE_SA without CHILD_SAs.  When the
 * active member is lost (heartbeats, charon's DPD or retransmission
 * timeout, a delete from the peer), the CHILD_SAs are created with the
 * same configs on the standby member, or on a new member of a new key
 * request, the dead member held down and tried last.  Whenever CHILD_SAs
 * of a connection come up on another IKE_SA (after a failover, a fallback
 * to the preferred member, or initiated by a gateway), that IKE_SA becomes
 * the active one and the previous one is retired: deleted right away if
 * its member is dead, after the new CHILD_SAs are up otherwise
 * (make-before-break).
 *
 * The hooks are called by the bus listener; they never block and never
 * check out an IKE_SA.  Each locks the connections' state, asks the state
 * machine (cluster_failover_conn_t), unlocks and acts: the loss unit
 * declares members lost, the jobs of the move, retire, standby and
 * fallback units start or move IKE_SAs and CHILD_SAs.
 */
struct cluster_failover_rehome_t {

	/**
	 * Hook for a CHILD_SA of a bound connection going up.
	 *
	 * @param ike_sa		IKE_SA of the CHILD_SA
	 */
	void (*child_up)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa);

	/**
	 * Hook for an IKE_SA of a bound connection going up.
	 *
	 * @param ike_sa		IKE_SA established
	 */
	void (*ike_up)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa);

	/**
	 * Hook for an IKE_SA state change.
	 *
	 * @param ike_sa		IKE_SA
	 * @param state			new state
	 */
	void (*ike_state_change)(cluster_failover_rehome_t *this,
							 ike_sa_t *ike_sa, ike_sa_state_t state);

	/**
	 * Hook for charon re-establishing an IKE_SA.
	 *
	 * @param old			IKE_SA re-established
	 * @param new			new IKE_SA
	 */
	void (*reestablish)(cluster_failover_rehome_t *this, ike_sa_t *old,
						ike_sa_t *new);

	/**
	 * Hook for charon rekeying an IKE_SA: the new IKE_SA takes over the
	 * old one's role (active or standby) and watch.
	 *
	 * @param old			IKE_SA rekeyed
	 * @param new			new IKE_SA
	 */
	void (*rekey)(cluster_failover_rehome_t *this, ike_sa_t *old,
				  ike_sa_t *new);

	/**
	 * Hook for an alert on an IKE_SA.
	 *
	 * @param ike_sa		IKE_SA
	 * @param alert			alert
	 */
	void (*alert)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
				  alert_t alert);

	/**
	 * Hook for an outgoing IKE message, before it is encrypted: notices
	 * charon's make-before-break reauthentication of an IKE_SA.
	 *
	 * @param ike_sa		IKE_SA on the bus
	 * @param message		message
	 */
	void (*sending)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
					message_t *message);

	/**
	 * Hook for an encrypted IKE request sent.
	 *
	 * @param ike_sa		IKE_SA that sent the message
	 * @param message		message, encrypted
	 */
	void (*sent)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
				 message_t *message);

	/**
	 * Hook for an authenticated IKE message received.
	 *
	 * @param ike_sa		IKE_SA that received the message
	 * @param message		message, decrypted and verified
	 */
	void (*received)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
					 message_t *message);

	/**
	 * Hook for the addresses of an IKE_SA changing (MOBIKE, NAT): the
	 * client roamed with the same member.
	 *
	 * @param ike_sa		IKE_SA
	 * @param local			new local address
	 * @param remote		new remote address
	 */
	void (*update)(cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
				   host_t *local, host_t *remote);

	/**
	 * Hook for addresses or routes of the client changing: a path that was
	 * down is checked again at once.
	 */
	void (*roam)(cluster_failover_rehome_t *this);

	/**
	 * Get the IKE_SAs a connection uses.
	 *
	 * @param name			name of the connection
	 * @param active		unique id of the IKE_SA carrying its CHILD_SAs,
	 *						0 if none
	 * @param standby		unique id of its standby IKE_SA, 0 if none
	 * @return				FALSE if the connection was never seen
	 */
	bool (*get_ids)(cluster_failover_rehome_t *this, char *name,
					uint32_t *active, uint32_t *standby);

	/**
	 * Check if the heartbeat monitor watches an IKE_SA.
	 *
	 * @param id			unique id of the IKE_SA
	 * @return				TRUE if watched
	 */
	bool (*is_watched)(cluster_failover_rehome_t *this, uint32_t id);

	/**
	 * Destroy a cluster_failover_rehome_t.
	 */
	void (*destroy)(cluster_failover_rehome_t *this);
};

/**
 * Create a cluster_failover_rehome_t instance.
 *
 * @param config		cluster configuration
 * @param connector		connector for key requests
 * @param holddown		failed members
 * @return				instance
 */
cluster_failover_rehome_t *cluster_failover_rehome_create(
								cluster_failover_config_t *config,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown);

#endif /** CLUSTER_FAILOVER_REHOME_H_ @}*/
