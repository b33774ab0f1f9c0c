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
 * Readdressing of the IKE_SA_INIT of a key request to a cluster member.
 *
 * charon builds the NAT-D notifies from the message's addresses, which it
 * copies from the IKE_SA's hosts before any task builds; so the IKE_SA_INIT
 * is readdressed in the message hook with its NAT-D notifies, setting the
 * IKE_SA's hosts on a state change would come too late (details with the
 * 5.9.8 references in cluster_failover_retarget.c).
 *
 * @defgroup cluster_failover_retarget cluster_failover_retarget
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_RETARGET_H_
#define CLUSTER_FAILOVER_RETARGET_H_

#include <encoding/message.h>
#include <sa/ike_sa.h>

/**
 * Readdress an outgoing, not yet generated IKE_SA_INIT request.
 *
 * The NAT-D notifies are rebuilt for the new addresses by charon's
 * ike_natd task.  A source hash that does not match the old source was
 * faked on purpose (to force UDP encapsulation) and is kept.
 *
 * @param message	IKE_SA_INIT request
 * @param ike_sa	IKE_SA sending it
 * @param src		new source address and port, gets adopted
 * @param dst		new destination address and port, gets adopted
 */
void cluster_failover_retarget(message_t *message, ike_sa_t *ike_sa,
							   host_t *src, host_t *dst);

#endif /** CLUSTER_FAILOVER_RETARGET_H_ @}*/
