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

#include "cluster_failover_rehome.h"
#include "cluster_failover_conns.h"
#include "cluster_failover_fallback.h"
#include "cluster_failover_loss.h"
#include "cluster_failover_monitor.h"
#include "cluster_failover_move.h"
#include "cluster_failover_retire.h"
#include "cluster_failover_script.h"
#include "cluster_failover_standby.h"
#include "cluster_failover_state.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>

typedef struct private_cluster_failover_rehome_t
		private_cluster_failover_rehome_t;

/**
 * Private data of a cluster_failover_rehome_t object.
 */
struct private_cluster_failover_rehome_t {

	/**
	 * Public interface
	 */
	cluster_failover_rehome_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * Connector for key requests
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Failed members
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Heartbeat monitor
	 */
	cluster_failover_monitor_t *monitor;

	/**
	 * Data-path probes
	 */
	cluster_failover_probe_t *probe;

	/**
	 * State machines of the bound connections
	 */
	cluster_failover_conns_t *conns;

	/**
	 * Retires IKE_SAs
	 */
	cluster_failover_retire_t *retire;

	/**
	 * Sets up and checks standby IKE_SAs
	 */
	cluster_failover_standby_t *standby;

	/**
	 * Moves the CHILD_SAs of lost members
	 */
	cluster_failover_move_t *move;

	/**
	 * Falls back to the preferred members
	 */
	cluster_failover_fallback_t *fallback;

	/**
	 * Handles the loss of members
	 */
	cluster_failover_loss_t *loss;
};

/**
 * Log the move of a connection to another member and run the script for it
 */
static void report_move(cluster_failover_cluster_t *cluster,
						ike_sa_t *ike_sa, host_t *preferred, host_t *old)
{
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa), *reason;

	if (member->ip_equals(member, old))
	{
		reason = "new IKE_SA";
	}
	else if (!ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR))
	{
		reason = "initiated by the gateway";
	}
	else if (preferred && member->ip_equals(member, preferred))
	{
		reason = "back to the preferred member";
	}
	else
	{
		reason = "new CHILD_SA";
	}
	DBG1(DBG_IKE, "cluster '%s': '%s' moved from %H to %H: %s",
		 cluster->get_name(cluster), name, old, member, reason);
	cluster_failover_script_run(cluster, "move", name, old, member, reason,
								0, 0);
}

/**
 * Describe whether a failover kept the virtual IPs held with the lost
 * member, for the log line and the script; "" if it held none
 */
static char *describe_vips(cluster_failover_failover_t *failover,
						   ike_sa_t *ike_sa, char **kept, char *buf,
						   size_t len)
{
	linked_list_t *granted;
	char old[128], now[128];

	*kept = NULL;
	if (!failover->vips)
	{
		return "";
	}
	granted = cluster_failover_vips_collect(ike_sa);
	*kept = cluster_failover_vips_kept(failover->vips, granted) ? "yes"
																: "no";
	cluster_failover_vips_print(failover->vips, old, sizeof(old));
	cluster_failover_vips_print(granted, now, sizeof(now));
	if (streq(*kept, "yes"))
	{
		snprintf(buf, len, ", virtual IP %s kept (VIP_KEPT=yes)", old);
	}
	else
	{
		snprintf(buf, len, ", virtual IP %s not granted, now %s "
				 "(VIP_KEPT=no)", old, now);
	}
	cluster_failover_vips_destroy(granted);
	return buf;
}

/**
 * Log a takeover and run the script for it
 */
static void report_takeover(cluster_failover_cluster_t *cluster,
							ike_sa_t *ike_sa, host_t *preferred,
							cluster_failover_takeover_t *takeover)
{
	cluster_failover_failover_t *failover = takeover->failover;
	host_t *member = ike_sa->get_other_host(ike_sa);
	char *name = ike_sa->get_name(ike_sa), *kept, vips[320];
	uint32_t rehome;

	if (takeover->actions & CF_ACTION_REPORT_REAUTH)
	{
		DBG2(DBG_IKE, "cluster '%s': '%s' reauthenticated with %H",
			 cluster->get_name(cluster), name, member);
	}
	else if (takeover->actions & CF_ACTION_REPORT_FAILOVER)
	{
		rehome = cluster_failover_now() - failover->declared;
		describe_vips(failover, ike_sa, &kept, vips, sizeof(vips));
		DBG1(DBG_IKE, "cluster '%s': failover of '%s' from %H to %H: %s, "
			 "detected after %ums, new CHILD_SA after %ums%s",
			 cluster->get_name(cluster), name, failover->from, member,
			 failover->cause, failover->detect, rehome,
			 kept ? vips : "");
		cluster_failover_script_run_vips(cluster, "failover", name,
									failover->from, member, failover->cause,
									failover->detect, rehome, kept);
		cluster_failover_state_failover(name, failover->from, member,
										failover->cause, failover->detect,
										rehome);
	}
	else if (takeover->actions & CF_ACTION_REPORT_MOVE)
	{
		report_move(cluster, ike_sa, preferred, takeover->old_member);
	}
}

/**
 * Act on the decisions of a takeover, after it was reported
 */
static void act_takeover(private_cluster_failover_rehome_t *this,
						 cluster_failover_cluster_t *cluster,
						 ike_sa_t *ike_sa,
						 cluster_failover_takeover_t *takeover)
{
	char *name = ike_sa->get_name(ike_sa);

	if (takeover->actions & CF_ACTION_CANCEL_REQUESTS)
	{
		this->connector->cancel(this->connector, name);
	}
	if (takeover->actions & CF_ACTION_RETIRE_LOST)
	{
		this->retire->retire(this->retire, name,
							 takeover->failover->from_id, TRUE, FALSE);
	}
	if (takeover->actions & CF_ACTION_RETIRE_OLD)
	{
		this->retire->retire(this->retire, name, takeover->old,
							 takeover->old_dead, takeover->keep_old);
	}
	if (takeover->actions & CF_ACTION_START_STANDBY)
	{
		this->standby->start(this->standby, ike_sa->get_peer_cfg(ike_sa),
							 ike_sa->get_other_host(ike_sa));
	}
	if (takeover->actions & CF_ACTION_SCHEDULE_FALLBACK)
	{
		this->fallback->schedule(this->fallback, name,
								 cluster->get_fallback_interval(cluster));
	}
}

METHOD(cluster_failover_rehome_t, child_up, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_takeover_t takeover = {};
	cluster_failover_conn_t *conn;
	host_t *member, *preferred;
	bool taken;

	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	member = ike_sa->get_other_host(ike_sa);
	preferred = this->connector->get_preferred(this->connector, cluster);

	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), TRUE);
	taken = conn->take_over(conn, ike_sa->get_unique_id(ike_sa), member,
						cluster->get_standby(cluster),
						cluster->get_fallback_interval(cluster) != 0,
						preferred, &takeover);
	this->conns->unlock(this->conns);
	if (!taken)
	{
		DESTROY_IF(preferred);
		cluster->destroy(cluster);
		return;
	}

	/* a member that carries traffic is alive */
	this->holddown->clear(this->holddown, cluster->get_name(cluster), member);
	if (takeover.old)
	{
		this->monitor->unwatch(this->monitor, takeover.old);
	}
	this->monitor->watch(this->monitor, ike_sa, cluster);
	cluster_failover_state_in_use(ike_sa->get_name(ike_sa), member);
	report_takeover(cluster, ike_sa, preferred, &takeover);
	act_takeover(this, cluster, ike_sa, &takeover);

	cluster_failover_failover_destroy(takeover.failover);
	DESTROY_IF(takeover.old_member);
	DESTROY_IF(preferred);
	cluster->destroy(cluster);
}

/**
 * Check if an IKE_SA got none of the virtual IPs its config requests
 */
static bool lacks_virtual_ip(ike_sa_t *ike_sa)
{
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	enumerator_t *enumerator;
	host_t *vip;
	bool wanted, got;

	if (!peer_cfg)
	{
		return FALSE;
	}
	enumerator = peer_cfg->create_virtual_ip_enumerator(peer_cfg);
	wanted = enumerator->enumerate(enumerator, &vip);
	enumerator->destroy(enumerator);
	if (!wanted)
	{
		return FALSE;
	}
	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, TRUE);
	got = enumerator->enumerate(enumerator, &vip);
	enumerator->destroy(enumerator);
	return !got;
}

/**
 * A standby IKE_SA without the virtual IP the connection requests cannot
 * take over: a CHILD_SA on it would need the address (libreswan 4.10 sends
 * no configuration reply in an IKE_AUTH without CHILD_SA, and rejects the
 * CHILD_SA with TS_UNACCEPTABLE).  No standby is used for the connection
 * from then on, logged once; the standby IKE_SA is deleted.
 */
static void check_standby(private_cluster_failover_rehome_t *this,
						  cluster_failover_cluster_t *cluster,
						  ike_sa_t *ike_sa)
{
	cluster_failover_conn_t *conn;
	bool refused;

	if (!lacks_virtual_ip(ike_sa))
	{
		return;
	}
	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), TRUE);
	refused = conn->refuse_standby(conn, ike_sa->get_unique_id(ike_sa));
	this->conns->unlock(this->conns);
	if (!refused)
	{
		return;
	}
	DBG1(DBG_IKE, "cluster '%s': member %H assigned no virtual IP to the "
		 "standby IKE_SA of '%s' (without CHILD_SA, RFC 6023), no CHILD_SA "
		 "on it could take over: failing over without a standby",
		 cluster->get_name(cluster), ike_sa->get_other_host(ike_sa),
		 ike_sa->get_name(ike_sa));
	this->retire->retire(this->retire, ike_sa->get_name(ike_sa),
						 ike_sa->get_unique_id(ike_sa), FALSE, FALSE);
}

METHOD(cluster_failover_rehome_t, ike_up, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_conn_t *conn;
	uint32_t previous;
	bool standby;

	if (ike_sa->get_child_count(ike_sa) ||
		cluster_failover_has_child_tasks(ike_sa))
	{
		return;
	}
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), TRUE);
	standby = conn->standby_up(conn, ike_sa->get_unique_id(ike_sa),
							   &previous);
	this->conns->unlock(this->conns);
	if (standby)
	{
		DBG1(DBG_IKE, "cluster '%s': standby IKE_SA with %H for '%s'",
			 cluster->get_name(cluster), ike_sa->get_other_host(ike_sa),
			 ike_sa->get_name(ike_sa));
		cluster_failover_state_standby(ike_sa->get_name(ike_sa),
									   ike_sa->get_other_host(ike_sa));
	}
	if (previous)
	{	/* never two standby IKE_SAs */
		this->retire->retire(this->retire, ike_sa->get_name(ike_sa),
							 previous, FALSE, FALSE);
	}
	if (standby)
	{
		check_standby(this, cluster, ike_sa);
	}
	cluster->destroy(cluster);
}

/**
 * Check if the cluster of a connection wants a standby IKE_SA
 */
static bool wants_standby(private_cluster_failover_rehome_t *this, char *name)
{
	cluster_failover_cluster_t *cluster;
	bool want;

	cluster = this->config->get_cluster(this->config, name);
	want = cluster && cluster->get_standby(cluster);
	DESTROY_IF(cluster);
	return want;
}

METHOD(cluster_failover_rehome_t, ike_state_change, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	cluster_failover_conn_t *conn;
	host_t *exclude = NULL;
	uint32_t id;
	bool active = FALSE, standby = FALSE;

	if (state != IKE_DELETING && state != IKE_DESTROYING)
	{
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), FALSE);
	if (conn)
	{
		active = conn->is_active(conn, id);
		standby = state == IKE_DESTROYING && conn->ike_destroyed(conn, id);
		if (standby && conn->lacks_standby(conn) &&
			wants_standby(this, conn->get_name(conn)))
		{	/* the standby is gone, e.g. expired */
			exclude = conn->start_standby(conn);
		}
	}
	this->conns->unlock(this->conns);

	if (standby)
	{
		cluster_failover_state_standby(ike_sa->get_name(ike_sa), NULL);
	}
	if (exclude)
	{
		this->standby->start(this->standby, ike_sa->get_peer_cfg(ike_sa),
							 exclude);
		exclude->destroy(exclude);
	}

	if (state == IKE_DESTROYING && active)
	{
		this->monitor->unwatch(this->monitor, id);
	}
	else if (state == IKE_DELETING && active)
	{
		this->loss->deleting(this->loss, ike_sa);
	}
}

METHOD(cluster_failover_rehome_t, reestablish, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *old, ike_sa_t *new)
{
	cluster_failover_cluster_t *cluster;
	cluster_failover_failover_t *failover;
	cluster_failover_conn_t *conn;
	host_t *member;
	uint32_t id;
	bool failed = FALSE;

	if (new->get_redirected_from(new))
	{	/* not a loss of the member */
		return;
	}
	cluster = this->config->get_cluster(this->config, old->get_name(old));
	if (!cluster)
	{
		return;
	}
	id = old->get_unique_id(old);
	member = old->get_other_host(old);
	conn = this->conns->lock(this->conns, old->get_name(old), TRUE);
	if (old->has_condition(old, COND_REAUTHENTICATING))
	{
		conn->reauthenticate(conn, id, new->get_unique_id(new));
	}
	else if (conn->may_fail_over(conn, id))
	{	/* charon asks the new member for the old IKE_SA's virtual IPs */
		failover = cluster_failover_failover_create(id, member,
							"restarted by charon",
							cluster_failover_silent_for(old),
							cluster_failover_now(), NULL, NULL);
		failover->vips = cluster_failover_vips_collect(old);
		conn->fail_over(conn, failover);
		failed = TRUE;
	}
	this->conns->unlock(this->conns);
	if (failed)
	{
		this->holddown->failed(this->holddown, cluster->get_name(cluster),
							   member, cluster_failover_now(),
							   cluster->get_hold_down(cluster));
	}
	cluster->destroy(cluster);
}

METHOD(cluster_failover_rehome_t, rekey, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *old, ike_sa_t *new)
{
	cluster_failover_conn_t *conn;

	conn = this->conns->lock(this->conns, old->get_name(old), FALSE);
	if (conn)
	{
		conn->replace_id(conn, old->get_unique_id(old),
						 new->get_unique_id(new));
	}
	this->conns->unlock(this->conns);
	/* the new IKE_SA carries the CHILD_SAs, the watch goes along */
	this->monitor->rekey(this->monitor, old, new);
}

METHOD(cluster_failover_rehome_t, alert, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa, alert_t alert)
{
	if (!ike_sa)
	{
		return;
	}
	this->standby->alert(this->standby, ike_sa, alert);
	if (alert != ALERT_RETRANSMIT_SEND_TIMEOUT ||
		(ike_sa->get_state(ike_sa) != IKE_ESTABLISHED &&
		 ike_sa->get_state(ike_sa) != IKE_REKEYING))
	{
		return;
	}
	this->loss->timed_out(this->loss, ike_sa);
}

METHOD(cluster_failover_rehome_t, sending, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	ike_sa_id_t *id = message->get_ike_sa_id(message);
	cluster_failover_conn_t *conn;

	if (message->get_exchange_type(message) != IKE_SA_INIT ||
		!message->get_request(message) ||
		id->equals(id, ike_sa->get_id(ike_sa)) ||
		!ike_sa->has_condition(ike_sa, COND_REAUTHENTICATING))
	{
		return;
	}
	/* charon's make-before-break reauthentication sends the new IKE_SA's
	 * IKE_SA_INIT with the old IKE_SA on the bus, and calls no
	 * ike_reestablish hook */
	conn = this->conns->lock(this->conns, ike_sa->get_name(ike_sa), FALSE);
	if (conn)
	{
		conn->reauth_started(conn, ike_sa->get_unique_id(ike_sa));
	}
	this->conns->unlock(this->conns);
}

METHOD(cluster_failover_rehome_t, sent, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	this->monitor->sent(this->monitor, ike_sa, message);
}

METHOD(cluster_failover_rehome_t, received, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	this->monitor->received(this->monitor, ike_sa, message);
}

METHOD(cluster_failover_rehome_t, update, void,
	private_cluster_failover_rehome_t *this, ike_sa_t *ike_sa, host_t *local,
	host_t *remote)
{
	cluster_failover_cluster_t *cluster;

	this->monitor->update(this->monitor, ike_sa);
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	if (this->conns->is_active(this->conns, ike_sa->get_name(ike_sa),
							   ike_sa->get_unique_id(ike_sa)))
	{
		DBG1(DBG_IKE, "cluster '%s': '%s' roamed to %H - %H, same member "
			 "(roamed)", cluster->get_name(cluster), ike_sa->get_name(ike_sa),
			 local, remote);
		cluster_failover_script_run(cluster, "roamed",
									ike_sa->get_name(ike_sa),
									ike_sa->get_other_host(ike_sa), remote,
									"roamed", 0, 0);
	}
	cluster->destroy(cluster);
}

METHOD(cluster_failover_rehome_t, roam, void,
	private_cluster_failover_rehome_t *this)
{
	this->monitor->roam(this->monitor);
}

METHOD(cluster_failover_rehome_t, get_ids, bool,
	private_cluster_failover_rehome_t *this, char *name, uint32_t *active,
	uint32_t *standby)
{
	cluster_failover_conn_t *conn;

	conn = this->conns->lock(this->conns, name, FALSE);
	if (conn)
	{
		conn->get_ids(conn, active, standby);
	}
	this->conns->unlock(this->conns);
	return conn != NULL;
}

METHOD(cluster_failover_rehome_t, is_watched, bool,
	private_cluster_failover_rehome_t *this, uint32_t id)
{
	return this->monitor->is_watched(this->monitor, id);
}

/**
 * Callback of the connector for key requests that gave up
 */
static void exhausted_cb(private_cluster_failover_rehome_t *this,
						 char *name, cluster_failover_purpose_t purpose)
{
	cluster_failover_failover_t *failover = NULL;
	cluster_failover_conn_t *conn;

	conn = this->conns->lock(this->conns, name, TRUE);
	switch (purpose)
	{
		case CF_PURPOSE_FAILOVER:
			failover = conn->give_up(conn);
			break;
		case CF_PURPOSE_STANDBY:
			conn->standby_exhausted(conn);
			break;
		default:
			break;
	}
	this->conns->unlock(this->conns);
	if (failover)
	{
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' from %H failed, no "
			 "member left", name, failover->from);
		this->retire->retire(this->retire, name, failover->from_id, TRUE,
							 FALSE);
		cluster_failover_failover_destroy(failover);
	}
}

METHOD(cluster_failover_rehome_t, destroy, void,
	private_cluster_failover_rehome_t *this)
{
	this->connector->set_exhausted_cb(this->connector, NULL, NULL);
	this->monitor->destroy(this->monitor);
	this->probe->destroy(this->probe);
	this->loss->destroy(this->loss);
	this->fallback->destroy(this->fallback);
	this->move->destroy(this->move);
	this->standby->destroy(this->standby);
	this->retire->destroy(this->retire);
	this->conns->destroy(this->conns);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_rehome_t *cluster_failover_rehome_create(
								cluster_failover_config_t *config,
								cluster_failover_connector_t *connector,
								cluster_failover_holddown_t *holddown)
{
	private_cluster_failover_rehome_t *this;

	INIT(this,
		.public = {
			.child_up = _child_up,
			.ike_up = _ike_up,
			.ike_state_change = _ike_state_change,
			.reestablish = _reestablish,
			.rekey = _rekey,
			.alert = _alert,
			.sending = _sending,
			.sent = _sent,
			.received = _received,
			.update = _update,
			.roam = _roam,
			.get_ids = _get_ids,
			.is_watched = _is_watched,
			.destroy = _destroy,
		},
		.config = config,
		.connector = connector,
		.holddown = holddown,
		.conns = cluster_failover_conns_create(),
	);
	this->retire = cluster_failover_retire_create(this->conns);
	this->standby = cluster_failover_standby_create(this->conns, connector,
													this->retire);
	this->move = cluster_failover_move_create(config, this->conns, connector,
											  this->standby);
	this->fallback = cluster_failover_fallback_create(config, this->conns,
													  connector, holddown);
	this->loss = cluster_failover_loss_create(config, this->conns, connector,
											  holddown, this->move);
	this->probe = cluster_failover_probe_create();
	this->monitor = cluster_failover_monitor_create(
						(cluster_failover_dead_cb_t)this->loss->lost,
						(cluster_failover_path_cb_t)this->loss->path,
						(cluster_failover_revived_cb_t)this->loss->revived,
						this->loss, this->probe);
	connector->set_exhausted_cb(connector,
						(cluster_failover_exhausted_cb_t)exhausted_cb, this);

	return &this->public;
}
