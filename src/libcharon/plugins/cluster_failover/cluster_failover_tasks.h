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
 * @defgroup cluster_failover_tasks cluster_failover_tasks
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_TASKS_H_
#define CLUSTER_FAILOVER_TASKS_H_

#include <sa/ike_sa.h>

/**
 * Check if an IKE_SA has CHILD_SAs to create, queued or in progress.
 *
 * @param ike_sa		IKE_SA, checked out by the caller
 * @return				TRUE if CHILD_SA creation is pending
 */
bool cluster_failover_has_child_tasks(ike_sa_t *ike_sa);

/**
 * Collect the configs of the CHILD_SAs an IKE_SA is establishing, queued or
 * in progress; all of the connection's before IKE_AUTH, when the configs
 * of queued CHILD_SAs are not known yet.
 *
 * @param ike_sa		IKE_SA, checked out by the caller
 * @return				list of child_cfg_t*, new references
 */
linked_list_t *cluster_failover_pending_children(ike_sa_t *ike_sa);

#endif /** CLUSTER_FAILOVER_TASKS_H_ @}*/
