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
#include "cluster_failover_swanctl.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>
#include <threading/mutex.h>
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
	 * Valid clusters of both sources, cluster_failover_cluster_t
	 */
	linked_list_t *clusters;

	/**
	 * Valid clusters of strongswan.conf, cluster_failover_cluster_t
	 */
	linked_list_t *settings_clusters;

	/**
	 * Clusters of swanctl.conf
	 */
	cluster_failover_swanctl_t *swanctl;

	/**
	 * Serializes reading swanctl.conf and rebuilding the bindings
	 */
	mutex_t *mutex;

	/**
	 * Connection name => cluster_failover_cluster_t, no own references
	 */
	hashtable_t *bindings;

	/**
	 * Lock for clusters and bindings, taken after mutex
	 */
	rwlock_t *lock;
};

/**
 * Where a cluster is defined, for the logs
 */
typedef struct {

	/**
	 * Section holding the clusters, with the namespace filled in
	 */
	char *section;

	/**
	 * File defining the cluster, NULL for strongswan.conf
	 */
	char *file;

} origin_t;

/**
 * Bind the connections of a cluster, fails if one is bound already
 */
static bool bind_connections(hashtable_t *bindings,
							 cluster_failover_cluster_t *cluster,
							 origin_t *origin)
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
			DBG1(DBG_CFG, "cluster '%s'%s%s: invalid %s.%s.connections: "
				 "connection '%s' is bound to cluster '%s' already, cluster "
				 "ignored", cluster->get_name(cluster),
				 origin->file ? " in " : "", origin->file ?: "",
				 origin->section, cluster->get_name(cluster), name,
				 other->get_name(other));
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
static void check_connections(cluster_failover_cluster_t *cluster,
							  origin_t *origin)
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
		DBG1(DBG_CFG, "cluster '%s': unknown connection '%s' in %s.%s."
			 "connections%s%s, it is bound once loaded",
			 cluster->get_name(cluster), name, origin->section,
			 cluster->get_name(cluster), origin->file ? " in " : "",
			 origin->file ?: "");
	}
	enumerator->destroy(enumerator);
}

/**
 * Add a cluster to the merged set if its connections are free
 */
static void add_cluster(linked_list_t *clusters, hashtable_t *bindings,
						cluster_failover_cluster_t *cluster, origin_t *origin,
						bool check)
{
	char buf[512];

	if (!bind_connections(bindings, cluster, origin))
	{
		return;
	}
	DBG1(DBG_CFG, "cluster '%s': %s", cluster->get_name(cluster),
		 cluster->describe(cluster, buf, sizeof(buf)));
	if (check)
	{
		check_connections(cluster, origin);
	}
	clusters->insert_last(clusters, cluster->get_ref(cluster));
}

/**
 * Merge the clusters of swanctl.conf and strongswan.conf, and bind their
 * connections.  A name defined in both is an error: the definition in
 * swanctl.conf is used.  Call with mutex held.
 */
static void rebuild(private_cluster_failover_config_t *this, bool check,
					char *changed)
{
	cluster_failover_cluster_t *cluster;
	linked_list_t *clusters, *old_clusters;
	hashtable_t *bindings, *old_bindings;
	enumerator_t *enumerator;
	char section[BUF_LEN], *file;
	origin_t origin = {
		.section = CLUSTER_FAILOVER_SWANCTL_SECTION,
	};

	clusters = linked_list_create();
	bindings = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);

	enumerator = this->swanctl->create_enumerator(this->swanctl);
	while (enumerator->enumerate(enumerator, &cluster, &origin.file))
	{
		add_cluster(clusters, bindings, cluster, &origin, check);
	}
	enumerator->destroy(enumerator);

	snprintf(section, sizeof(section), CLUSTER_SECTION, this->ns);
	origin = (origin_t){ .section = section };
	enumerator = this->settings_clusters->create_enumerator(
													this->settings_clusters);
	while (enumerator->enumerate(enumerator, &cluster))
	{
		file = this->swanctl->get_file(this->swanctl,
									   cluster->get_name(cluster));
		if (file)
		{
			DBG1(DBG_CFG, "cluster '%s': defined twice, in %s (%s.%s) and "
				 "in strongswan.conf (%s.%s), the definition in %s is used",
				 cluster->get_name(cluster), file,
				 CLUSTER_FAILOVER_SWANCTL_SECTION, cluster->get_name(cluster),
				 section, cluster->get_name(cluster), file);
			continue;
		}
		add_cluster(clusters, bindings, cluster, &origin, check);
	}
	enumerator->destroy(enumerator);

	DBG1(DBG_CFG, "cluster-failover: %d cluster%s loaded%s%s",
		 clusters->get_count(clusters),
		 clusters->get_count(clusters) == 1 ? "" : "s",
		 changed ? " after a change of " : "", changed ?: "");

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

METHOD(cluster_failover_config_t, refresh, void,
	private_cluster_failover_config_t *this)
{
	this->mutex->lock(this->mutex);
	if (this->swanctl->update(this->swanctl, FALSE))
	{
		rebuild(this, FALSE, this->swanctl->get_path(this->swanctl));
	}
	this->mutex->unlock(this->mutex);
}

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
 * Read the valid clusters of strongswan.conf
 */
static linked_list_t *read_settings(private_cluster_failover_config_t *this,
									settings_t *settings)
{
	cluster_failover_cluster_t *cluster;
	linked_list_t *clusters;
	enumerator_t *enumerator;
	char *name, section[BUF_LEN];

	snprintf(section, sizeof(section), CLUSTER_SECTION, this->ns);
	clusters = linked_list_create();
	enumerator = settings->create_section_enumerator(settings,
													 CLUSTER_SECTION, this->ns);
	while (enumerator->enumerate(enumerator, &name))
	{
		cluster = cluster_failover_cluster_parse(settings, section, name);
		if (cluster)
		{
			clusters->insert_last(clusters, cluster);
		}
	}
	enumerator->destroy(enumerator);
	return clusters;
}

METHOD(cluster_failover_config_t, load, void,
	private_cluster_failover_config_t *this, settings_t *settings, bool check)
{
	linked_list_t *clusters;
	char *path;

	clusters = read_settings(this, settings);
	path = cluster_failover_swanctl_conf(settings, this->ns);

	this->mutex->lock(this->mutex);
	this->settings_clusters->destroy_offset(this->settings_clusters,
							offsetof(cluster_failover_cluster_t, destroy));
	this->settings_clusters = clusters;
	if (!path || !streq(path, this->swanctl->get_path(this->swanctl)))
	{
		this->swanctl->destroy(this->swanctl);
		this->swanctl = cluster_failover_swanctl_create(path ?: "");
		DBG2(DBG_CFG, "cluster-failover: clusters of swanctl.conf from %s",
			 path);
	}
	this->swanctl->update(this->swanctl, TRUE);
	rebuild(this, check, NULL);
	this->mutex->unlock(this->mutex);
	free(path);
}

METHOD(cluster_failover_config_t, destroy, void,
	private_cluster_failover_config_t *this)
{
	this->bindings->destroy(this->bindings);
	this->clusters->destroy_offset(this->clusters,
							offsetof(cluster_failover_cluster_t, destroy));
	this->settings_clusters->destroy_offset(this->settings_clusters,
							offsetof(cluster_failover_cluster_t, destroy));
	this->swanctl->destroy(this->swanctl);
	this->mutex->destroy(this->mutex);
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
			.refresh = _refresh,
			.load = _load,
			.destroy = _destroy,
		},
		.clusters = linked_list_create(),
		.settings_clusters = linked_list_create(),
		.swanctl = cluster_failover_swanctl_create(""),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.bindings = hashtable_create(hashtable_hash_str,
									 hashtable_equals_str, 8),
		.lock = rwlock_create(RWLOCK_TYPE_DEFAULT),
		.ns = strdup(ns),
	);

	return &this->public;
}
