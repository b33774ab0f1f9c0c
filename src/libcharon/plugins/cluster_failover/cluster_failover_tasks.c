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

/*
 * Inspection of charon's task queues: the CHILD_SAs an IKE_SA is still to
 * establish.
 */

#include "cluster_failover_tasks.h"

#include <sa/ikev2/tasks/child_create.h>

/*
 * Described in header
 */
bool cluster_failover_has_child_tasks(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	task_queue_t queues[] = { TASK_QUEUE_ACTIVE, TASK_QUEUE_QUEUED };
	task_t *task;
	bool found = FALSE;
	int i;

	for (i = 0; i < countof(queues) && !found; i++)
	{
		enumerator = ike_sa->create_task_enumerator(ike_sa, queues[i]);
		while (!found && enumerator->enumerate(enumerator, &task))
		{
			found = task->get_type(task) == TASK_CHILD_CREATE;
		}
		enumerator->destroy(enumerator);
	}
	return found;
}

/**
 * Add the configs of the connection's CHILD_SAs to a list
 */
static void add_all_children(linked_list_t *list, peer_cfg_t *peer_cfg)
{
	enumerator_t *children;
	child_cfg_t *cfg;

	children = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (children->enumerate(children, &cfg))
	{
		list->insert_last(list, cfg->get_ref(cfg));
	}
	children->destroy(children);
}

/*
 * Described in header
 */
linked_list_t *cluster_failover_pending_children(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	task_queue_t queues[] = { TASK_QUEUE_ACTIVE, TASK_QUEUE_QUEUED };
	child_create_t *create;
	child_sa_t *child_sa;
	child_cfg_t *cfg;
	task_t *task;
	int i;

	list = linked_list_create();
	for (i = 0; i < countof(queues); i++)
	{
		enumerator = ike_sa->create_task_enumerator(ike_sa, queues[i]);
		while (enumerator->enumerate(enumerator, &task))
		{
			if (task->get_type(task) != TASK_CHILD_CREATE)
			{
				continue;
			}
			create = (child_create_t*)task;
			child_sa = create->get_child(create);
			if (child_sa)
			{
				cfg = child_sa->get_config(child_sa);
				list->insert_last(list, cfg->get_ref(cfg));
			}
		}
		enumerator->destroy(enumerator);
	}
	if (!list->get_count(list))
	{	/* before IKE_AUTH, the configs of queued CHILD_SAs are not known,
		 * establish all of the connection's children then */
		add_all_children(list, ike_sa->get_peer_cfg(ike_sa));
	}
	return list;
}
