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

#include "cluster_failover_listener.h"

#include <daemon.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_listener_t
		private_cluster_failover_listener_t;

/**
 * Private data of a cluster_failover_listener_t object.
 */
struct private_cluster_failover_listener_t {

	/**
	 * Public interface
	 */
	cluster_failover_listener_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * Connector establishing bound connections
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Failover and recovery of bound connections
	 */
	cluster_failover_rehome_t *rehome;

	/**
	 * Names of IKEv1 connections reported as bound, char*
	 */
	linked_list_t *ikev1;

	/**
	 * Lock for ikev1
	 */
	mutex_t *mutex;
};

/**
 * Check if the plugin handles an IKE_SA: IKEv2 only.  An IKEv1 connection
 * bound to a cluster is a configuration error, reported once.
 */
static bool handles(private_cluster_failover_listener_t *this,
					ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	char *name;
	bool reported;

	if (!ike_sa || ike_sa->get_version(ike_sa) != IKEV1)
	{
		return TRUE;
	}
	name = ike_sa->get_name(ike_sa);
	cluster = this->config->get_cluster(this->config, name);
	if (cluster)
	{
		this->mutex->lock(this->mutex);
		reported = this->ikev1->find_first(this->ikev1, linked_list_match_str,
										   NULL, name);
		if (!reported)
		{
			this->ikev1->insert_last(this->ikev1, strdup(name));
		}
		this->mutex->unlock(this->mutex);
		if (!reported)
		{
			DBG1(DBG_CFG, "cluster '%s': connection '%s' uses IKEv1, clusters "
				 "support IKEv2 only, the cluster is ignored for it",
				 cluster->get_name(cluster), name);
		}
		cluster->destroy(cluster);
	}
	return FALSE;
}

/**
 * Log what the plugin sees of an IKE_SA
 */
static void log_ike_sa(private_cluster_failover_listener_t *this,
					   ike_sa_t *ike_sa, char *event)
{
	cluster_failover_cluster_t *cluster;
	enumerator_t *enumerator;
	host_t *vip;
	char vips[128] = "", *pos = vips;
	int written, len = sizeof(vips);

	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, TRUE);
	while (len > 1 && enumerator->enumerate(enumerator, &vip))
	{
		written = snprintf(pos, len, " %H", vip);
		written = min(written, len - 1);
		pos += written;
		len -= written;
	}
	enumerator->destroy(enumerator);

	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	DBG2(DBG_IKE, "cluster-failover: %s: IKE_SA %s[%u] state %N, peer %H "
		 "[%Y], %d CHILD_SA%s, virtual IPs:%s, cluster %s", event,
		 ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa),
		 ike_sa_state_names, ike_sa->get_state(ike_sa),
		 ike_sa->get_other_host(ike_sa), ike_sa->get_other_id(ike_sa),
		 ike_sa->get_child_count(ike_sa),
		 ike_sa->get_child_count(ike_sa) == 1 ? "" : "s",
		 vips[0] ? vips : " none", cluster ? cluster->get_name(cluster)
										   : "none");
	DESTROY_IF(cluster);
}

METHOD(listener_t, ike_updown, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa, bool up)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	log_ike_sa(this, ike_sa, up ? "IKE_SA up" : "IKE_SA down");
	if (up)
	{
		this->connector->ike_up(this->connector, ike_sa);
		this->rehome->ike_up(this->rehome, ike_sa);
	}
	return TRUE;
}

METHOD(listener_t, child_updown, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	log_ike_sa(this, ike_sa, up ? "CHILD_SA up" : "CHILD_SA down");
	if (up)
	{
		this->connector->child_up(this->connector, ike_sa);
		this->rehome->child_up(this->rehome, ike_sa);
	}
	return TRUE;
}

METHOD(listener_t, message_hook, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa,
	message_t *message, bool incoming, bool plain)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	if (!ike_sa)
	{
		return TRUE;
	}
	if (incoming)
	{
		if (plain)
		{	/* decrypted and verified: proof of life of the peer */
			this->connector->received(this->connector, ike_sa, message);
			this->rehome->received(this->rehome, ike_sa, message);
		}
	}
	else if (plain)
	{
		this->rehome->sending(this->rehome, ike_sa, message);
		this->connector->message(this->connector, ike_sa, message);
	}
	else if (message->get_request(message))
	{	/* encrypted, as it goes out: a heartbeat to send again */
		this->rehome->sent(this->rehome, ike_sa, message);
	}
	return TRUE;
}

METHOD(listener_t, alert, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa,
	alert_t alert, va_list args)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	this->connector->alert(this->connector, ike_sa, alert);
	this->rehome->alert(this->rehome, ike_sa, alert);
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	this->connector->ike_state_change(this->connector, ike_sa, state);
	this->rehome->ike_state_change(this->rehome, ike_sa, state);
	return TRUE;
}

METHOD(listener_t, ike_rekey, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	if (!handles(this, old))
	{
		return TRUE;
	}
	this->connector->rekey(this->connector, old, new);
	this->rehome->rekey(this->rehome, old, new);
	return TRUE;
}

METHOD(listener_t, ike_update, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *ike_sa,
	host_t *local, host_t *remote)
{
	if (!handles(this, ike_sa))
	{
		return TRUE;
	}
	this->connector->update(this->connector, ike_sa, remote);
	this->rehome->update(this->rehome, ike_sa, local, remote);
	return TRUE;
}

METHOD(listener_t, ike_reestablish_pre, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	if (!handles(this, old))
	{
		return TRUE;
	}
	this->connector->reestablish(this->connector, old, new);
	this->rehome->reestablish(this->rehome, old, new);
	return TRUE;
}

METHOD(listener_t, ike_reestablish_post, bool,
	private_cluster_failover_listener_t *this, ike_sa_t *old, ike_sa_t *new,
	bool initiated)
{
	if (!handles(this, old))
	{
		return TRUE;
	}
	this->connector->reestablished(this->connector, new);
	return TRUE;
}

METHOD(kernel_listener_t, roam, bool,
	kernel_listener_t *kernel, bool address)
{
	private_cluster_failover_listener_t *this;

	/* the kernel listener is not the first member of the object */
	this = (private_cluster_failover_listener_t*)((char*)kernel -
						offsetof(private_cluster_failover_listener_t,
								 public.kernel));
	this->rehome->roam(this->rehome);
	return TRUE;
}

METHOD(cluster_failover_listener_t, destroy, void,
	private_cluster_failover_listener_t *this)
{
	this->ikev1->destroy_function(this->ikev1, free);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_listener_t *cluster_failover_listener_create(
									cluster_failover_config_t *config,
									cluster_failover_connector_t *connector,
									cluster_failover_rehome_t *rehome)
{
	private_cluster_failover_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.ike_updown = _ike_updown,
				.child_updown = _child_updown,
				.message = _message_hook,
				.alert = _alert,
				.ike_state_change = _ike_state_change,
				.ike_rekey = _ike_rekey,
				.ike_update = _ike_update,
				.ike_reestablish_pre = _ike_reestablish_pre,
				.ike_reestablish_post = _ike_reestablish_post,
			},
			.kernel = {
				.roam = _roam,
			},
			.destroy = _destroy,
		},
		.config = config,
		.connector = connector,
		.rehome = rehome,
		.ikev1 = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
