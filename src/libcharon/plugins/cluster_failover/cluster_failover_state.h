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
 * @defgroup cluster_failover_state cluster_failover_state
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_STATE_H_
#define CLUSTER_FAILOVER_STATE_H_

#include "cluster_failover_cluster.h"
#include "cluster_failover_holddown.h"

#include <library.h>
#include <collections/linked_list.h>
#include <networking/host.h>

typedef struct cluster_failover_state_t cluster_failover_state_t;
typedef struct cluster_failover_view_t cluster_failover_view_t;
typedef struct cluster_failover_member_view_t cluster_failover_member_view_t;
typedef enum cluster_failover_member_state_t cluster_failover_member_state_t;
typedef enum cluster_failover_hb_state_t cluster_failover_hb_state_t;

/**
 * State of a member of a cluster, for a connection.
 */
enum cluster_failover_member_state_t {
	/** carries the connection's CHILD_SAs */
	CF_MEMBER_IN_USE,
	/** holds the connection's standby IKE_SA */
	CF_MEMBER_STANDBY,
	/** failed recently, tried last */
	CF_MEMBER_HELD_DOWN,
	/** failed, its hold-down is over */
	CF_MEMBER_FAILED,
	/** none of the above */
	CF_MEMBER_UNUSED,
};

/**
 * enum names for cluster_failover_member_state_t, as in metric labels.
 */
extern enum_name_t *cluster_failover_member_state_names;

/**
 * Heartbeat state of a connection's member in use.
 */
enum cluster_failover_hb_state_t {
	/** heartbeats are off for the cluster */
	CF_HB_OFF,
	/** nothing unanswered */
	CF_HB_UP,
	/** heartbeats sent and not answered yet */
	CF_HB_WAITING,
	/** no path to the member, nothing is decided */
	CF_HB_PATH_DOWN,
	/** the member was declared dead */
	CF_HB_LOST,
};

/**
 * enum names for cluster_failover_hb_state_t, as in metric labels.
 */
extern enum_name_t *cluster_failover_hb_state_names;

/**
 * A member of a connection's cluster, as seen by cluster_failover_state_t.
 */
struct cluster_failover_member_view_t {
	/** address of the member */
	host_t *host;
	/** its state */
	cluster_failover_member_state_t state;
	/** time left of its hold-down, in ms, if held down */
	uint32_t left;
	/** why it failed last, NULL if it did not */
	char *reason;
};

/**
 * The state of a bound connection, as seen by cluster_failover_state_t.
 */
struct cluster_failover_view_t {
	/** name of the connection */
	char *name;
	/** name of its cluster */
	char *cluster;
	/** members, cluster_failover_member_view_t, in the configured order */
	linked_list_t *members;
	/** member in use, NULL if none */
	host_t *active;
	/** member of the standby IKE_SA, NULL if none */
	host_t *standby;
	/** heartbeat state of the member in use */
	cluster_failover_hb_state_t heartbeat;
	/** heartbeats of the current check unanswered */
	u_int unanswered;
	/** key requests started */
	uint64_t key_requests;
	/** failovers completed */
	uint64_t failovers;
	/** heartbeats sent */
	uint64_t heartbeats;
	/** members skipped in key requests */
	uint64_t skipped;
	/** wall-clock time of the last failover, 0 if none */
	time_t failover_time;
	/** member failed over from, NULL if no failover */
	host_t *failover_from;
	/** member failed over to, NULL if no failover */
	host_t *failover_to;
	/** cause of the last failover */
	char *failover_cause;
	/** time to detect the loss of the last failover, in ms */
	uint32_t failover_detect;
	/** time to re-home the last failover, in ms */
	uint32_t failover_rehome;
};

/**
 * Callback for a change of the state.
 *
 * @param data			data given to cluster_failover_state_t.set_changed()
 */
typedef void (*cluster_failover_changed_cb_t)(void *data);

/**
 * Callback visiting the state of one connection.
 *
 * @param data			data given to cluster_failover_state_t.visit()
 * @param view			state of the connection, valid during the call
 */
typedef void (*cluster_failover_visit_cb_t)(void *data,
											cluster_failover_view_t *view);

/**
 * The live state of each bound connection for operators: cluster, members
 * and their states, heartbeats, the last failover and counters.
 *
 * Fed by the other units with events (cheap, never blocking: one mutex
 * held briefly), read by visit(), which derives the members' states with
 * the hold-down times at that moment.  Times are in milliseconds of a
 * monotonic clock given by the caller, wall-clock times in seconds.
 * Thread-safe.
 */
struct cluster_failover_state_t {

	/**
	 * A key request of a connection starts: records its cluster and the
	 * members: the cluster's IP members in the configured order, then the
	 * other members of the request (DNS names resolved for it).
	 *
	 * @param name		name of the connection
	 * @param cluster	its cluster
	 * @param members	members of the key request, host_t*, NULL for
	 *					the cluster's IP members only
	 */
	void (*key_request)(cluster_failover_state_t *this, char *name,
						cluster_failover_cluster_t *cluster,
						enumerator_t *members);

	/**
	 * A member was skipped in a key request, or lost.
	 *
	 * @param name		name of the connection
	 * @param member	member that failed
	 * @param reason	why, e.g. "no answer"
	 * @param skipped	TRUE to count it as skipped in a key request
	 */
	void (*failed)(cluster_failover_state_t *this, char *name,
				   host_t *member, char *reason, bool skipped);

	/**
	 * A member carries the connection's CHILD_SAs.
	 *
	 * @param name		name of the connection
	 * @param member	member in use
	 */
	void (*in_use)(cluster_failover_state_t *this, char *name,
				   host_t *member);

	/**
	 * A member holds the connection's standby IKE_SA.
	 *
	 * @param name		name of the connection
	 * @param member	member, NULL if the connection has no standby now
	 */
	void (*standby)(cluster_failover_state_t *this, char *name,
					host_t *member);

	/**
	 * A failover completed, with the values of its log line.
	 *
	 * @param name		name of the connection
	 * @param from		member lost
	 * @param to		member now in use
	 * @param cause		cause of the failover
	 * @param detect	time to detect the loss, in ms
	 * @param rehome	time to re-home, in ms
	 * @param wall		wall-clock time of the failover
	 */
	void (*failover)(cluster_failover_state_t *this, char *name,
					 host_t *from, host_t *to, char *cause, uint32_t detect,
					 uint32_t rehome, time_t wall);

	/**
	 * The heartbeat monitor decided on the member in use.
	 *
	 * @param name		name of the connection
	 * @param state		heartbeat state
	 * @param unanswered	heartbeats unanswered
	 * @param sent		TRUE if a heartbeat was sent
	 */
	void (*heartbeat)(cluster_failover_state_t *this, char *name,
					  cluster_failover_hb_state_t state, u_int unanswered,
					  bool sent);

	/**
	 * Visit the state of each connection, ordered by name, under the
	 * state's lock (the callback must not call back into it).
	 *
	 * @param now		current time
	 * @param cb		callback
	 * @param data		data passed to cb
	 */
	void (*visit)(cluster_failover_state_t *this, uint64_t now,
				  cluster_failover_visit_cb_t cb, void *data);

	/**
	 * Set the callback called (under the state's lock) on each change.
	 *
	 * @param cb		callback, NULL for none
	 * @param data		data passed to cb
	 */
	void (*set_changed)(cluster_failover_state_t *this,
						cluster_failover_changed_cb_t cb, void *data);

	/**
	 * Destroy a cluster_failover_state_t.
	 */
	void (*destroy)(cluster_failover_state_t *this);
};

/**
 * Create a cluster_failover_state_t instance.
 *
 * @param holddown	failed members, for the hold-down times
 * @return			instance
 */
cluster_failover_state_t *cluster_failover_state_create(
								cluster_failover_holddown_t *holddown);

/**
 * Derive the state of a member.
 *
 * @param member	the member
 * @param active	member in use, NULL if none
 * @param standby	member of the standby IKE_SA, NULL if none
 * @param until		end of its hold-down, 0 if not held down
 * @param now		current time
 * @param reason	why it failed last, NULL if it did not
 * @param left		time left of the hold-down, in ms
 * @return			state
 */
cluster_failover_member_state_t cluster_failover_member_state(host_t *member,
								host_t *active, host_t *standby,
								uint64_t until, uint64_t now, char *reason,
								uint32_t *left);

/**
 * Set the instance the event functions below feed, NULL for none (the
 * default, e.g. in unit tests).
 *
 * @param state		instance, or NULL
 */
void cluster_failover_state_register(cluster_failover_state_t *state);

/**
 * Events for the registered instance, if any, with the current time; see
 * the methods of the same names.
 */
void cluster_failover_state_key_request(char *name,
										cluster_failover_cluster_t *cluster,
										enumerator_t *members);
void cluster_failover_state_failed(char *name, host_t *member, char *reason,
								   bool skipped);
void cluster_failover_state_in_use(char *name, host_t *member);
void cluster_failover_state_standby(char *name, host_t *member);
void cluster_failover_state_failover(char *name, host_t *from, host_t *to,
									 char *cause, uint32_t detect,
									 uint32_t rehome);
void cluster_failover_state_heartbeat(char *name,
									  cluster_failover_hb_state_t state,
									  u_int unanswered, bool sent);

#endif /** CLUSTER_FAILOVER_STATE_H_ @}*/
