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

#include "cluster_failover_conns.h"

#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_cluster_failover_conns_t
		private_cluster_failover_conns_t;

/**
 * Private data of a cluster_failover_conns_t object.
 */
struct private_cluster_failover_conns_t {

	/**
	 * Public interface
	 */
	cluster_failover_conns_t public;

	/**
	 * Bound connections, name => cluster_failover_conn_t
	 */
	hashtable_t *conns;

	/**
	 * Lock for conns
	 */
	mutex_t *mutex;
};

METHOD(cluster_failover_conns_t, lock, cluster_failover_conn_t*,
	private_cluster_failover_conns_t *this, char *name, bool create)
{
	cluster_failover_conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	if (!conn && create)
	{
		conn = cluster_failover_conn_create(name);
		this->conns->put(this->conns, conn->get_name(conn), conn);
	}
	return conn;
}

METHOD(cluster_failover_conns_t, unlock, void,
	private_cluster_failover_conns_t *this)
{
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_conns_t, is_active, bool,
	private_cluster_failover_conns_t *this, char *name, uint32_t id)
{
	cluster_failover_conn_t *conn;
	bool active;

	conn = lock(this, name, FALSE);
	active = conn && conn->is_active(conn, id);
	unlock(this);
	return active;
}

METHOD(cluster_failover_conns_t, destroy, void,
	private_cluster_failover_conns_t *this)
{
	enumerator_t *enumerator;
	cluster_failover_conn_t *conn;

	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, NULL, &conn))
	{
		conn->destroy(conn);
	}
	enumerator->destroy(enumerator);
	this->conns->destroy(this->conns);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_conns_t *cluster_failover_conns_create()
{
	private_cluster_failover_conns_t *this;

	INIT(this,
		.public = {
			.lock = _lock,
			.unlock = _unlock,
			.is_active = _is_active,
			.destroy = _destroy,
		},
		.conns = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
