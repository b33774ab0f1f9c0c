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

#include "cluster_failover_config.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>
#include <threading/rwlock.h>

typedef struct private_cluster_failover_config_t
		private_cluster_failover_config_t;

/**
 * Private data of a cluster_failover_config_t object.
 */
struct private_cluster_failover_config_t {

	/**
	 * Public interface
	 */
	cluster_failover_config_t public;

	/**
	 * Namespace of the settings
	 */
	char *ns;


	/**
	 * Valid clusters, cluster_failover_cluster_t
	 */
	linked_list_t *clusters;

	/**
	 * Connection name => cluster_failover_cluster_t, no own references
	 */
	hashtable_t *bindings;

	/**
	 * Lock for clusters and bindings
	 */
	rwlock_t *lock;
};

METHOD(cluster_failover_config_t, get_cluster, cluster_failover_cluster_t*,
	private_cluster_failover_config_t *this, char *connection)
{
	cluster_failover_cluster_t *cluster;

	this->lock->read_lock(this->lock);
	cluster = this->bindings->get(this->bindings, connection);
	if (cluster)
	{
		cluster = cluster->get_ref(cluster);
	}
	this->lock->unlock(this->lock);
	return cluster;
}

METHOD(cluster_failover_config_t, get_count, int,
	private_cluster_failover_config_t *this)
{
	int count;

	this->lock->read_lock(this->lock);
	count = this->clusters->get_count(this->clusters);
	this->lock->unlock(this->lock);
	return count;
}

/**
 * Bind the connections of a cluster, fails if one is bound already
 */
static bool bind_connections(hashtable_t *bindings,
							 cluster_failover_cluster_t *cluster,
							 const char *ns)
{
	cluster_failover_cluster_t *other;
	enumerator_t *enumerator;
	char *name;
	bool ok = TRUE;

	enumerator = cluster->create_connection_enumerator(cluster);
	while (ok && enumerator->enumerate(enumerator, &name))
	{
		other = bindings->get(bindings, name);
		if (other)
		{
			DBG1(DBG_CFG, "cluster '%s': invalid " CLUSTER_SECTION
				 ".%s.connections: connection '%s' is bound to cluster '%s' "
				 "already, cluster ignored", cluster->get_name(cluster), ns,
				 cluster->get_name(cluster), name, other->get_name(other));
			ok = FALSE;
		}
	}
	enumerator->destroy(enumerator);

	if (ok)
	{
		enumerator = cluster->create_connection_enumerator(cluster);
		while (enumerator->enumerate(enumerator, &name))
		{
			bindings->put(bindings, name, cluster);
		}
		enumerator->destroy(enumerator);
	}
	return ok;
}

/**
 * Report the connections of a cluster that are not loaded
 */
static void check_connections(private_cluster_failover_config_t *this,
							  cluster_failover_cluster_t *cluster)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	char *name;

	enumerator = cluster->create_connection_enumerator(cluster);
	while (enumerator->enumerate(enumerator, &name))
	{
		peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
														  name);
		if (peer_cfg)
		{
			peer_cfg->destroy(peer_cfg);
			continue;
		}
		DBG1(DBG_CFG, "cluster '%s': unknown connection '%s' in "
			 CLUSTER_SECTION ".%s.connections, it is bound once loaded",
			 cluster->get_name(cluster), name, this->ns,
			 cluster->get_name(cluster));
	}
	enumerator->destroy(enumerator);
}

METHOD(cluster_failover_config_t, load, void,
	private_cluster_failover_config_t *this, settings_t *settings, bool check)
{
	cluster_failover_cluster_t *cluster;
	linked_list_t *clusters, *old_clusters;
	hashtable_t *bindings, *old_bindings;
	enumerator_t *enumerator;
	char *name, buf[512], section[BUF_LEN];

	snprintf(section, sizeof(section), CLUSTER_SECTION, this->ns);
	clusters = linked_list_create();
	bindings = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);

	enumerator = settings->create_section_enumerator(settings,
													 CLUSTER_SECTION, this->ns);
	while (enumerator->enumerate(enumerator, &name))
	{
		cluster = cluster_failover_cluster_parse(settings, section, name);
		if (!cluster)
		{
			continue;
		}
		if (!bind_connections(bindings, cluster, this->ns))
		{
			cluster->destroy(cluster);
			continue;
		}
		DBG1(DBG_CFG, "cluster '%s': %s", name,
			 cluster->describe(cluster, buf, sizeof(buf)));
		if (check)
		{
			check_connections(this, cluster);
		}
		clusters->insert_last(clusters, cluster);
	}
	enumerator->destroy(enumerator);

	DBG1(DBG_CFG, "cluster-failover: %d cluster%s loaded",
		 clusters->get_count(clusters),
		 clusters->get_count(clusters) == 1 ? "" : "s");

	this->lock->write_lock(this->lock);
	old_clusters = this->clusters;
	old_bindings = this->bindings;
	this->clusters = clusters;
	this->bindings = bindings;
	this->lock->unlock(this->lock);

	old_bindings->destroy(old_bindings);
	old_clusters->destroy_offset(old_clusters,
							offsetof(cluster_failover_cluster_t, destroy));
}

METHOD(cluster_failover_config_t, destroy, void,
	private_cluster_failover_config_t *this)
{
	this->bindings->destroy(this->bindings);
	this->clusters->destroy_offset(this->clusters,
							offsetof(cluster_failover_cluster_t, destroy));
	this->lock->destroy(this->lock);
	free(this->ns);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_config_t *cluster_failover_config_create(const char *ns)
{
	private_cluster_failover_config_t *this;

	INIT(this,
		.public = {
			.get_cluster = _get_cluster,
			.get_count = _get_count,
			.load = _load,
			.destroy = _destroy,
		},
		.clusters = linked_list_create(),
		.bindings = hashtable_create(hashtable_hash_str,
									 hashtable_equals_str, 8),
		.lock = rwlock_create(RWLOCK_TYPE_DEFAULT),
		.ns = strdup(ns),
	);

	return &this->public;
}
