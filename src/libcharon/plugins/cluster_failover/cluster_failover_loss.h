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
 * @defgroup cluster_failover_loss cluster_failover_loss
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_LOSS_H_
#define CLUSTER_FAILOVER_LOSS_H_

#include "cluster_failover_config.h"
#include "cluster_failover_conns.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_holddown.h"
#include "cluster_failover_move.h"

#include <sa/ike_sa.h>

typedef struct cluster_failover_loss_t cluster_failover_loss_t;

/**
 * Handles the loss of the member of an active IKE_SA: declares it lost
 * (heartbeats, retransmission timeout, a delete from the gateway), holds
 * it down and starts the failover; calls the failover off if the member
 * answers again; reports the path to it going down and coming back.
 *
 * lost(), path() and revived() have the signatures of the monitor's
 * callbacks, with the instance as data.
 */
struct cluster_failover_loss_t {

	/**
	 * The member of an IKE_SA is lost: if the IKE_SA is the active one,
	 * move its CHILD_SAs.
	 *
	 * @param ike_sa		IKE_SA, checked out by the caller
	 * @param cause			why the member was lost
	 * @param detect		time since anything was received, in ms
	 * @return				TRUE if a failover was started
	 */
	bool (*lost)(cluster_failover_loss_t *this, ike_sa_t *ike_sa,
				 char *cause, uint32_t detect);

	/**
	 * The path to the member in use went down or came back.
	 *
	 * @param ike_sa		IKE_SA of the member
	 * @param up			TRUE if it came back
	 * @param down			for how long it was down, in ms
	 */
	void (*path)(cluster_failover_loss_t *this, ike_sa_t *ike_sa, bool up,
				 uint32_t down);

	/**
	 * A lost member answers again: call its failover off if the CHILD_SAs
	 * were not moved yet.
	 *
	 * @param ike_sa		IKE_SA of the member
	 * @return				TRUE if the failover was called off
	 */
	bool (*revived)(cluster_failover_loss_t *this, ike_sa_t *ike_sa);

	/**
	 * The active IKE_SA is being deleted: a loss if the gateway deletes it
	 * and charon does not restart its CHILD_SAs.
	 *
	 * @param ike_sa		active IKE_SA
	 */
	void (*deleting)(cluster_failover_loss_t *this, ike_sa_t *ike_sa);

	/**
	 * A retransmission on an established IKE_SA timed out: a loss unless
	 * charon restarts its CHILD_SAs (dpd_action).
	 *
	 * @param ike_sa		IKE_SA
	 */
	void (*timed_out)(cluster_failover_loss_t *this, ike_sa_t *ike_sa);

	/**
	 * Destroy a cluster_failover_loss_t.
	 */
	void (*destroy)(cluster_failover_loss_t *this);
};

/**
 * Create a cluster_failover_loss_t instance.
 *
 * @param config		cluster configuration
 * @param conns			state of the connections
 * @param connector		connector for key requests
 * @param holddown		failed members
 * @param move			moves the CHILD_SAs of lost members
 * @return				instance
 */
cluster_failover_loss_t *cluster_failover_loss_create(
								cluster_failover_config_t *config,
								cluster_failover_conns_t *conns,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown,
								cluster_failover_move_t *move);

/**
 * Get the time since anything was received on an IKE_SA.
 *
 * @param ike_sa		IKE_SA
 * @return				time in ms, 0 if nothing was received
 */
uint32_t cluster_failover_silent_for(ike_sa_t *ike_sa);

#endif /** CLUSTER_FAILOVER_LOSS_H_ @}*/
