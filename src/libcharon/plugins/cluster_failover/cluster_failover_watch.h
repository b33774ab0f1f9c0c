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
 * @defgroup cluster_failover_watch cluster_failover_watch
 * @{ @ingroup cluster_failover
 */

#ifndef CLUSTER_FAILOVER_WATCH_H_
#define CLUSTER_FAILOVER_WATCH_H_

#include "cluster_failover_heartbeat.h"

#include <library.h>

typedef struct cluster_failover_watch_t cluster_failover_watch_t;
typedef struct cluster_failover_watch_decision_t
		cluster_failover_watch_decision_t;
typedef enum cluster_failover_watch_state_t cluster_failover_watch_state_t;

/**
 * Bounds of the interval in which the traffic counters are observed, in ms
 */
#define CF_WATCH_MIN_POLL 20
#define CF_WATCH_MAX_POLL 500

/**
 * What a watch knows about the member and the path to it.
 */
enum cluster_failover_watch_state_t {
	/** the member is in use, heartbeats decide on it */
	CF_WATCH_UP,
	/** the client has no path to the member, nothing is decided */
	CF_WATCH_PATH_DOWN,
	/** the member was declared dead, a failover runs; the unanswered
	 *  request is sent again, backing off, in case it comes back */
	CF_WATCH_LOST,
};

/**
 * enum names for cluster_failover_watch_state_t.
 */
extern enum_name_t *cluster_failover_watch_state_names;

/**
 * What cluster_failover_watch_t.decide() decided.
 */
struct cluster_failover_watch_decision_t {

	/**
	 * Heartbeat action
	 */
	cluster_failover_heartbeat_action_t action;

	/**
	 * Why the member is dead, if it is
	 */
	char *cause;

	/**
	 * Unanswered heartbeats, or probes if the probes failed
	 */
	u_int count;

	/**
	 * Whether the probes failed the member
	 */
	bool probe_failed;

	/**
	 * Time since anything was received, if the member is dead; the time
	 * the path was down if it is back (path_back)
	 */
	uint32_t detect;

	/**
	 * Whether to send a data-path probe
	 */
	bool probe;

	/**
	 * Sequence number of that probe
	 */
	uint16_t seq;

	/**
	 * Time the next decision is due
	 */
	uint64_t next;

	/**
	 * CF_WATCH_UP: the member would be dead, the caller checks the path to it
	 * and reports path_down() if there is none.  CF_WATCH_PATH_DOWN: the
	 * caller checks if the path is back and reports path_back() if so.
	 */
	bool check_path;

	/**
	 * CF_WATCH_PATH_DOWN: packets arrived, or checked_path() found the path,
	 * the path is back (the watch is CF_WATCH_UP again) after detect ms; the
	 * caller reports it
	 */
	bool path_back;

	/**
	 * checked_path() found no path to a member that would be dead: the
	 * watch waits for the path (CF_WATCH_PATH_DOWN); the caller reports it
	 */
	bool path_down;

	/**
	 * CF_WATCH_LOST: something arrived from the member, it is alive
	 */
	bool revived;
};

/**
 * The state of a watched IKE_SA and the decision what to do about it.
 *
 * Combines the heartbeat state machine, the packet counters of the
 * CHILD_SAs and the sequence of data-path probes.  The object knows no
 * clock and sends nothing: the caller reports the packet counters with
 * count() and the messages received with received(), calls decide() at the
 * time it returned (cluster_failover_watch_delay()), or earlier, reports
 * the path check the decision may ask for with checked_path(), and acts on
 * the decision.  Times are in
 * milliseconds of a monotonic clock.  Not thread-safe.
 */
struct cluster_failover_watch_t {

	/**
	 * Report the packet counter of a CHILD_SA's SA before the next
	 * decide(), which closes the sample.
	 *
	 * @param spi		SPI of the SA
	 * @param inbound	TRUE for an inbound SA, FALSE for an outbound one
	 * @param packets	packets the SA processed so far
	 */
	void (*count)(cluster_failover_watch_t *this, uint32_t spi,
				  bool inbound, uint64_t packets);

	/**
	 * Report that something authenticated was received from the member.
	 *
	 * @param now		time of the observation
	 */
	void (*received)(cluster_failover_watch_t *this, uint64_t now);

	/**
	 * Report the time the member was last heard of through any IKE_SA
	 * with it: counts as received() if later than anything this watch
	 * knows of.
	 *
	 * @param last		time of the member's last receipt, 0 if none counts
	 */
	void (*heard)(cluster_failover_watch_t *this, uint64_t last);

	/**
	 * Decide what to do at the given time, after the packet counters of
	 * the current sample were reported.
	 *
	 * @param now		current time
	 * @param answered	TRUE if the last probe sent (get_probe_seq()), or
	 *					a later one, has been answered
	 * @param decision	decision, filled in
	 * @return			heartbeat action, as in decision
	 */
	cluster_failover_heartbeat_action_t (*decide)(
							cluster_failover_watch_t *this,
							uint64_t now, bool answered,
							cluster_failover_watch_decision_t *decision);

	/**
	 * Report the result of the path check a decision asked for
	 * (check_path), and complete the decision.
	 *
	 * A member that would be dead is not while the client has no path to
	 * it: the watch waits for the path (path_down).  If it has one, a
	 * member failed by heartbeats is lost (see lost()).  When the path
	 * returns, a check starts at once (path_back): the unanswered request
	 * is sent again, if the caller keeps one, else a heartbeat.
	 *
	 * @param now		current time
	 * @param path		TRUE if the client has a path to the member
	 * @param request	TRUE if the caller keeps an unanswered request
	 * @param decision	decision of decide(), completed
	 */
	void (*checked_path)(cluster_failover_watch_t *this, uint64_t now,
						 bool path, bool request,
						 cluster_failover_watch_decision_t *decision);

	/**
	 * Check whether the outbound packet counters matter (deferred mode),
	 * or only the inbound ones.
	 *
	 * @return			TRUE to report outbound counters as well
	 */
	bool (*counts_outbound)(cluster_failover_watch_t *this);

	/**
	 * Report that the client has no path to the member (no route or local
	 * address, or charon deferred a MOBIKE update): no heartbeat decides
	 * on the member until path_back().
	 *
	 * @param now		current time
	 */
	void (*path_down)(cluster_failover_watch_t *this, uint64_t now);

	/**
	 * Report that the path to the member is back: a check starts at once,
	 * the caller sends the unanswered request again, or a heartbeat.
	 *
	 * @param now		current time
	 * @return			time the path was down, in ms
	 */
	uint32_t (*path_back)(cluster_failover_watch_t *this, uint64_t now);

	/**
	 * Report that the member was declared dead and a failover started:
	 * decide() asks to send the unanswered request again after the
	 * response time, twice that, and so on up to the defer time, and
	 * reports the member revived if anything arrives from it.
	 *
	 * @param now		current time
	 */
	void (*lost)(cluster_failover_watch_t *this, uint64_t now);

	/**
	 * Report that a lost member is in use again (its failover called off).
	 *
	 * If a request is still unanswered, a check starts at once: the caller
	 * sends it again, and the member must answer it within the heartbeat
	 * timers.  Otherwise the member just answered, the watch goes on as
	 * after anything received.
	 *
	 * @param now		current time
	 * @param check		TRUE if a request is still unanswered
	 */
	void (*revive)(cluster_failover_watch_t *this, uint64_t now, bool check);

	/**
	 * Report that the member was declared dead through another of its
	 * IKE_SAs, after decide(): a watch in use turns the decision into
	 * CF_HEARTBEAT_DEAD, as if its own heartbeats had failed, and the
	 * caller checks the path as for those.
	 *
	 * @param now		current time
	 * @param decision	decision of decide(), completed
	 */
	void (*member_dead)(cluster_failover_watch_t *this, uint64_t now,
						cluster_failover_watch_decision_t *decision);

	/**
	 * Get the time the member was last heard of through this watch.
	 *
	 * @return			time of the last receipt, reported or counted
	 */
	uint64_t (*get_last_received)(cluster_failover_watch_t *this);

	/**
	 * Get the state of the watch.
	 *
	 * @return			state
	 */
	cluster_failover_watch_state_t (*get_state)(cluster_failover_watch_t *this);

	/**
	 * Get the number of heartbeats sent in the current check.
	 *
	 * @return			unanswered heartbeats, 0 while no check runs
	 */
	u_int (*get_unanswered)(cluster_failover_watch_t *this);

	/**
	 * Get the sequence number of the last probe sent.
	 *
	 * @return			sequence number, 0 if none was sent
	 */
	uint16_t (*get_probe_seq)(cluster_failover_watch_t *this);

	/**
	 * Destroy a cluster_failover_watch_t.
	 */
	void (*destroy)(cluster_failover_watch_t *this);
};

/**
 * Create the state of a watched IKE_SA.
 *
 * @param mode			heartbeat mode
 * @param defer			time without anything received before a heartbeat
 * @param response		time to wait for the answer to a heartbeat
 * @param tries			unanswered heartbeats that declare the member dead
 * @param poll			interval in which the counters are observed, the
 *						longest time between two decisions
 * @param probe		TRUE if the cluster has a data-path probe
 * @param probe_interval	interval of the data-path probes
 * @param probe_tries	unanswered probes in a row that declare the member
 *						dead
 * @param now			current time, counts as the last time anything was
 *						received; the first probe is due one interval later
 * @return				watch state
 */
cluster_failover_watch_t *cluster_failover_watch_create(
							cluster_failover_heartbeat_mode_t mode,
							uint32_t defer, uint32_t response, u_int tries,
							uint32_t poll, bool probe, uint32_t probe_interval,
							u_int probe_tries, uint64_t now);

/**
 * Get the interval in which the counters of a watch are observed: the time
 * of a packet is known to half an interval, so ten times per defer and
 * response time, within CF_WATCH_MIN_POLL and CF_WATCH_MAX_POLL.
 *
 * @param defer			time without anything received before a heartbeat
 * @param response		time to wait for the answer to a heartbeat
 * @return				poll interval, in ms
 */
uint32_t cluster_failover_watch_poll(uint32_t defer, uint32_t response);

/**
 * Get the longest time the packet counters of a watch are read without
 * checking its IKE_SA out, from the kernel SAs last seen with it: a new
 * CHILD_SA's traffic is seen that much later at most.  Half the shorter of
 * the defer and response times, at least the poll interval.
 *
 * @param defer			time without anything received before a heartbeat
 * @param response		time to wait for the answer to a heartbeat
 * @return				refresh interval, in ms
 */
uint32_t cluster_failover_watch_refresh(uint32_t defer, uint32_t response);

/**
 * Check whether acting on a decision needs the watched IKE_SA: to send,
 * declare the member dead, check the path or report it, or report a
 * revived member.  Otherwise the caller acts without checking it out.
 *
 * @param decision		decision of decide()
 * @return				TRUE if the IKE_SA is needed
 */
bool cluster_failover_watch_needs_sa(
							cluster_failover_watch_decision_t *decision);

/**
 * Get the time until the next decision is due.
 *
 * @param decision		decision, completed
 * @param now			current time
 * @return				delay in ms, at least 1
 */
uint32_t cluster_failover_watch_delay(
							cluster_failover_watch_decision_t *decision,
							uint64_t now);

#endif /** CLUSTER_FAILOVER_WATCH_H_ @}*/
