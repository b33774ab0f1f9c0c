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
 * @defgroup cluster_failover_cluster cluster_failover_cluster
 * @{ @ingroup cluster_failover
 *
 * One cluster's settings, checked, immutable and shared by reference;
 * built by cluster_failover_cluster_parser.
 */

#ifndef CLUSTER_FAILOVER_CLUSTER_H_
#define CLUSTER_FAILOVER_CLUSTER_H_

#include "cluster_failover_heartbeat.h"

#include <library.h>
#include <networking/host.h>
#include <collections/enumerator.h>
#include <collections/linked_list.h>

typedef struct cluster_failover_cluster_t cluster_failover_cluster_t;
typedef enum cluster_failover_order_mode_t cluster_failover_order_mode_t;
typedef struct cluster_failover_cluster_values_t
		cluster_failover_cluster_values_t;

/**
 * Order in which the members of a cluster are tried for a key request.
 */
enum cluster_failover_order_mode_t {
	/** a fresh random permutation for every key request */
	CF_ORDER_RANDOM,
	/** the configured order, for main/backup setups */
	CF_ORDER_ORDERED,
};

/**
 * enum names for cluster_failover_order_mode_t, as used in the configuration.
 */
extern enum_name_t *cluster_failover_order_mode_names;

/**
 * Settings of a cluster besides its name, members and connections.
 */
struct cluster_failover_cluster_values_t {
	/** member order */
	cluster_failover_order_mode_t order;
	/** connect timeout, in ms */
	uint32_t connect_timeout;
	/** establish timeout, in ms */
	uint32_t establish_timeout;
	/** time limit of the script, in ms */
	uint32_t script_timeout;
	/** heartbeat mode */
	cluster_failover_heartbeat_mode_t heartbeat;
	/** heartbeat defer time, in ms */
	uint32_t heartbeat_defer;
	/** heartbeat response time, in ms */
	uint32_t heartbeat_response;
	/** unanswered heartbeats that declare a member dead */
	u_int heartbeat_tries;
	/** hold-down time of failed members, in ms */
	uint32_t hold_down;
	/** interval to probe the preferred member, in ms, 0 for never */
	uint32_t fallback_interval;
	/** keep an IKE_SA with a standby member */
	bool standby;
	/** ask another member for the virtual IPs held with the lost one */
	bool keep_virtual_ip;
	/** data-path probe address, NULL for none */
	host_t *probe;
	/** interval of data-path probes, in ms */
	uint32_t probe_interval;
	/** unanswered data-path probes that fail a heartbeat */
	u_int probe_tries;
	/** failover script, NULL for none */
	char *script;
};

/**
 * Configuration of a named cluster of independent gateways.
 *
 * A cluster lists the member gateways (IP addresses or DNS names) with
 * their addresses, the swanctl connections bound to it and the cluster's
 * settings; cluster_failover_cluster_parser builds it from a settings
 * section.  The object is immutable and reference counted, so that it can
 * be used while the configuration is reloaded.
 */
struct cluster_failover_cluster_t {

	/**
	 * Get the name of the cluster.
	 *
	 * @return			name of the cluster
	 */
	char* (*get_name)(cluster_failover_cluster_t *this);

	/**
	 * Create an enumerator over the members, as configured.
	 *
	 * Members are IP addresses or DNS names, in the configured order.
	 *
	 * @return			enumerator over char*
	 */
	enumerator_t* (*create_member_enumerator)(cluster_failover_cluster_t *this);

	/**
	 * Get the number of configured members.
	 *
	 * @return			number of members, at least one
	 */
	int (*get_member_count)(cluster_failover_cluster_t *this);

	/**
	 * Get the addresses of the members given as IP addresses.
	 *
	 * DNS names are not among them, cluster_failover_resolver resolves
	 * them at each key request.  Addresses are unique and in the
	 * configured order of the members.
	 *
	 * @return			list of host_t*, owned by the cluster
	 */
	linked_list_t* (*get_addresses)(cluster_failover_cluster_t *this);

	/**
	 * Check if an address is one of the members' addresses.
	 *
	 * @param host		address to check, the port is ignored
	 * @return			TRUE if it is a member's address
	 */
	bool (*has_address)(cluster_failover_cluster_t *this, host_t *host);

	/**
	 * Create an enumerator over the names of the connections bound to the
	 * cluster.
	 *
	 * @return			enumerator over char*
	 */
	enumerator_t* (*create_connection_enumerator)(
											cluster_failover_cluster_t *this);

	/**
	 * Check if a connection is bound to the cluster.
	 *
	 * @param name		name of the connection (peer_cfg)
	 * @return			TRUE if the connection is bound to this cluster
	 */
	bool (*has_connection)(cluster_failover_cluster_t *this, char *name);

	/**
	 * Get the order in which members are tried.
	 *
	 * @return			member order
	 */
	cluster_failover_order_mode_t (*get_order)(
										cluster_failover_cluster_t *this);

	/**
	 * Get the time a member may take to answer a connection attempt.
	 *
	 * @return			connect timeout in ms
	 */
	uint32_t (*get_connect_timeout)(cluster_failover_cluster_t *this);

	/**
	 * Get the time an establishment may take once the member answered the
	 * IKE_SA_INIT (IKE_AUTH, EAP, certificate checks).
	 *
	 * @return			establish timeout in ms
	 */
	uint32_t (*get_establish_timeout)(cluster_failover_cluster_t *this);

	/**
	 * Get the heartbeat mode.
	 *
	 * @return			heartbeat mode
	 */
	cluster_failover_heartbeat_mode_t (*get_heartbeat)(
										cluster_failover_cluster_t *this);

	/**
	 * Get the time without anything received before a heartbeat is sent.
	 *
	 * @return			defer time in ms
	 */
	uint32_t (*get_heartbeat_defer)(cluster_failover_cluster_t *this);

	/**
	 * Get the time to wait for the answer to a heartbeat.
	 *
	 * @return			response time in ms
	 */
	uint32_t (*get_heartbeat_response)(cluster_failover_cluster_t *this);

	/**
	 * Get the number of unanswered heartbeats that declare a member dead.
	 *
	 * @return			number of heartbeats, at least one
	 */
	u_int (*get_heartbeat_tries)(cluster_failover_cluster_t *this);

	/**
	 * Get the time a failed member is tried last and not returned to.
	 *
	 * @return			hold-down time in ms, 0 for none
	 */
	uint32_t (*get_hold_down)(cluster_failover_cluster_t *this);

	/**
	 * Get the interval in which the preferred member is probed while
	 * another one is used, in ordered mode.
	 *
	 * @return			interval in ms, 0 to stay with the member in use
	 */
	uint32_t (*get_fallback_interval)(cluster_failover_cluster_t *this);

	/**
	 * Check whether an IKE_SA is kept with a standby member.
	 *
	 * @return			TRUE to keep a standby IKE_SA
	 */
	bool (*get_standby)(cluster_failover_cluster_t *this);

	/**
	 * Check whether a move to another member asks it for the virtual IPs
	 * the connection holds.
	 *
	 * @return			TRUE to request the same virtual IPs
	 */
	bool (*get_keep_virtual_ip)(cluster_failover_cluster_t *this);

	/**
	 * Get the address behind the cluster that is pinged through the tunnel.
	 *
	 * @return			probe address, NULL for none
	 */
	host_t* (*get_probe)(cluster_failover_cluster_t *this);

	/**
	 * Get the interval between data-path probes.
	 *
	 * @return			interval in ms
	 */
	uint32_t (*get_probe_interval)(cluster_failover_cluster_t *this);

	/**
	 * Get the number of unanswered probes that count as a failed heartbeat.
	 *
	 * @return			number of probes, at least one
	 */
	u_int (*get_probe_tries)(cluster_failover_cluster_t *this);

	/**
	 * Get the script called on each failover.
	 *
	 * @return			path of the script, NULL for none
	 */
	char* (*get_script)(cluster_failover_cluster_t *this);

	/**
	 * Get the time the script may run before it is killed.
	 *
	 * @return			time limit in ms
	 */
	uint32_t (*get_script_timeout)(cluster_failover_cluster_t *this);

	/**
	 * Describe the cluster in one line, for the log.
	 *
	 * @param buf		buffer to write the description to
	 * @param len		size of buf
	 * @return			buf
	 */
	char* (*describe)(cluster_failover_cluster_t *this, char *buf, size_t len);

	/**
	 * Get a new reference to the cluster.
	 *
	 * @return			this, with an additional reference
	 */
	cluster_failover_cluster_t* (*get_ref)(cluster_failover_cluster_t *this);

	/**
	 * Release a reference, destroy the cluster with the last one.
	 */
	void (*destroy)(cluster_failover_cluster_t *this);
};

/**
 * Create a cluster of checked settings.
 *
 * @param name			name of the cluster
 * @param members		configured members, as char*, adopted
 * @param addresses		unique addresses of the members, as host_t*, adopted
 * @param connections	names of the bound connections, as char*, adopted
 * @param values		the other settings, probe and script adopted
 * @return				cluster
 */
cluster_failover_cluster_t *cluster_failover_cluster_create(char *name,
						linked_list_t *members, linked_list_t *addresses,
						linked_list_t *connections,
						cluster_failover_cluster_values_t *values);

#endif /** CLUSTER_FAILOVER_CLUSTER_H_ @}*/
