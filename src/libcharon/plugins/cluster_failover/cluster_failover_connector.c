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
 * The connector's hooks: every initiation of a bound connection becomes a
 * key request, its IKE_SA_INIT is addressed to the member tried, REDIRECT
 * and INITIAL_CONTACT follow the cluster's policy, and the outcome of each
 * attempt is dispatched to the key requests' table, timeouts and initiator.
 */

#include "cluster_failover_connector.h"
#include "cluster_failover_contacts.h"
#include "cluster_failover_requests.h"
#include "cluster_failover_retarget.h"
#include "cluster_failover_slots.h"
#include "cluster_failover_timeout.h"
#include "cluster_failover_util.h"
#include "cluster_failover_vips.h"

#include <daemon.h>
#include <encoding/payloads/notify_payload.h>

typedef struct private_cluster_failover_connector_t
		private_cluster_failover_connector_t;

/**
 * Default of max_concurrent_requests, see cluster-failover.opt: a stock
 * charon as member asks for COOKIEs from the 4th half-open IKE_SA of a
 * client on (cookie_threshold_ip), 100 connections of one client were up
 * fastest with 3 at a time (testing/bench/ike-concurrency.sh)
 */
#define DEFAULT_MAX_REQUESTS 3

/**
 * Private data of a cluster_failover_connector_t object.
 */
struct private_cluster_failover_connector_t {

	/**
	 * Public interface
	 */
	cluster_failover_connector_t public;

	/**
	 * Cluster configuration
	 */
	cluster_failover_config_t *config;

	/**
	 * Key requests in progress
	 */
	cluster_failover_requests_t *requests;

	/**
	 * Connect and establish timeouts of key requests
	 */
	cluster_failover_timeout_t *timeout;

	/**
	 * Starts and moves the plugin's own IKE_SAs
	 */
	cluster_failover_initiator_t *initiator;

	/**
	 * IKE_SAs with members, for INITIAL_CONTACT
	 */
	cluster_failover_contacts_t *contacts;

	/**
	 * Slots of key requests in flight
	 */
	cluster_failover_slots_t *slots;

	/**
	 * Addresses of the members
	 */
	cluster_failover_resolver_t *resolver;
};

/**
 * A key request in progress on an IKE_SA
 */
typedef cluster_failover_entry_t entry_t;

/**
 * Log level of the progress of a key request
 */
static inline level_t request_level(u_int waits)
{
	return cluster_failover_request_level(waits);
}

/**
 * Get the entry of an IKE_SA, creating a new key request if there is none,
 * with lock held
 */
static entry_t *get_entry(private_cluster_failover_connector_t *this,
						  ike_sa_t *ike_sa,
						  cluster_failover_cluster_t *cluster)
{
	cluster_failover_request_t *request;
	entry_t *entry;

	entry = this->requests->get(this->requests, ike_sa->get_unique_id(ike_sa));
	if (!entry)
	{
		INIT(entry,
			.id = ike_sa->get_unique_id(ike_sa),
			.round = 1,
			.spec = {
				.purpose = CF_PURPOSE_CONNECT,
			},
		);
		request = this->requests->create_request(this->requests, cluster,
												 &entry->spec);
		if (!request)
		{
			free(entry);
			return NULL;
		}
		if (cluster->get_keep_virtual_ip(cluster))
		{	/* those charon asks for on a restart, for the next IKE_SAs */
			entry->spec.vips = cluster_failover_vips_collect(ike_sa);
		}
		entry->request = request;
		entry->started = cluster_failover_now();
		this->requests->put(this->requests, entry);
		cluster_failover_log_request(ike_sa->get_name(ike_sa), entry);
	}
	return entry;
}

/**
 * Send an IKE_SA_INIT to a member instead of where charon addressed it
 */
static void retarget(ike_sa_t *ike_sa, message_t *message, entry_t *entry,
					 host_t *member, host_t *src)
{
	cluster_failover_cluster_t *cluster;
	host_t *old_src, *old_dst, *dst;

	old_src = message->get_source(message);
	old_dst = message->get_destination(message);
	cluster = entry->request->get_cluster(entry->request);

	dst = member->clone(member);
	dst->set_port(dst, old_dst->get_port(old_dst));
	src->set_port(src, old_src->get_port(old_src));

	charon->bus->log(charon->bus, DBG_CFG, request_level(entry->waits),
		"cluster '%s': trying member %H (%d of %d) for '%s'",
		cluster->get_name(cluster), dst,
		entry->request->get_attempt(entry->request),
		entry->request->get_count(entry->request),
		ike_sa->get_name(ike_sa));

	if (!old_dst->equals(old_dst, dst) || !old_src->equals(old_src, src))
	{
		ike_sa->set_my_host(ike_sa, src->clone(src));
		ike_sa->set_other_host(ike_sa, dst->clone(dst));
		cluster_failover_retarget(message, ike_sa, src, dst);
	}
	else
	{
		src->destroy(src);
		dst->destroy(dst);
	}
}

/**
 * Find the IKE_SA a message belongs to: the bus' IKE_SA, or one that
 * charon is re-establishing in this thread
 */
static ike_sa_t *find_ike_sa(private_cluster_failover_connector_t *this,
							 ike_sa_t *ike_sa, message_t *message)
{
	ike_sa_id_t *id;

	id = message->get_ike_sa_id(message);
	if (ike_sa && id->equals(id, ike_sa->get_id(ike_sa)))
	{
		return ike_sa;
	}
	return this->requests->find_reestablishing(this->requests, id);
}

/**
 * Check if an IKE_SA was redirected by a member to another member; a
 * redirect outside the cluster is logged and not followed
 */
static bool follow_redirect(private_cluster_failover_connector_t *this,
							ike_sa_t *ike_sa,
							cluster_failover_cluster_t *cluster, host_t *target)
{
	if (!ike_sa->get_redirected_from(ike_sa))
	{
		return FALSE;
	}
	if (this->resolver->is_member(this->resolver, cluster, target))
	{
		DBG1(DBG_IKE, "cluster '%s': following the redirect of '%s' from %H "
			 "to member %H", cluster->get_name(cluster),
			 ike_sa->get_name(ike_sa), ike_sa->get_redirected_from(ike_sa),
			 target);
	}
	else
	{
		DBG1(DBG_IKE, "cluster '%s': ignoring the redirect of '%s' from %H "
			 "to %H, not a member", cluster->get_name(cluster),
			 ike_sa->get_name(ike_sa), ike_sa->get_redirected_from(ike_sa),
			 target);
		return FALSE;
	}
	return TRUE;
}

/**
 * Follow a REDIRECT that the member tried sent in its IKE_SA_INIT response
 * (RFC 5685, e.g. libreswan's global redirect).  charon has reset the
 * IKE_SA and addressed it to the target (ike_sa.c redirect_connecting()),
 * which would otherwise be readdressed to the member that redirected it,
 * again and again.  The key request goes on with the target if it is a
 * member not tried yet, else with the next member: never outside the
 * cluster.
 */
static void redirect_connecting(ike_sa_t *ike_sa,
								cluster_failover_request_t *request,
								host_t *target)
{
	cluster_failover_cluster_t *cluster = request->get_cluster(request);
	host_t *from, *member;

	from = ike_sa->get_redirected_from(ike_sa);
	member = request->get_member(request);
	if (!from || !member || !from->ip_equals(from, member) ||
		target->ip_equals(target, member))
	{	/* no redirect by the member tried, or followed already */
		return;
	}
	if (request->redirect(request, target))
	{
		DBG1(DBG_IKE, "cluster '%s': following the redirect of '%s' from %H "
			 "to member %H", cluster->get_name(cluster),
			 ike_sa->get_name(ike_sa), from, target);
		return;
	}
	DBG1(DBG_IKE, "cluster '%s': ignoring the redirect of '%s' from %H to "
		 "%H, %s", cluster->get_name(cluster), ike_sa->get_name(ike_sa), from,
		 target, cluster->has_address(cluster, target) ?
		 "no member to try in this key request" : "not a member");
	request->skip(request, CF_FAILURE_REDIRECT);
}

/**
 * Get the identity the first IKE_AUTH of an IKE_SA will carry, as charon's
 * ike_auth task chooses it: the first local round's, else the address
 */
static identification_t *local_identity(ike_sa_t *ike_sa)
{
	identification_t *id = NULL;
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	auth_cfg_t *auth;
	host_t *me;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, TRUE);
	if (enumerator->enumerate(enumerator, &auth))
	{
		id = auth->get(auth, AUTH_RULE_IDENTITY);
	}
	enumerator->destroy(enumerator);
	if (id && id->get_type(id) != ID_ANY)
	{
		return id->clone(id);
	}
	me = ike_sa->get_my_host(ike_sa);
	return identification_create_from_sockaddr(me->get_sockaddr(me));
}

/**
 * Count the IKE_SA of a key request with its member from its IKE_SA_INIT
 * on: key requests of the same identity that connect to the same member
 * at once must not send INITIAL_CONTACT, which would delete the others'
 * IKE_SAs on the member
 */
static void add_connecting(private_cluster_failover_connector_t *this,
						   ike_sa_t *ike_sa)
{
	identification_t *me;

	me = local_identity(ike_sa);
	this->contacts->add(this->contacts, ike_sa->get_unique_id(ike_sa), me,
						ike_sa->get_other_host(ike_sa));
	me->destroy(me);
}

/**
 * Add INITIAL_CONTACT to the first IKE_AUTH of a key request.
 *
 * charon sends it only for a remote identity without wildcards, but a
 * cluster is usually accepted with one (each member has its own identity).
 * It makes a member delete SAs it may still hold of the client, e.g. after
 * a failover away from it; so it is not sent if another IKE_SA with the
 * same local identity exists with the member, which would go as well,
 * unless it was given up as its member was lost.  IKE_SAs of key requests
 * count from their IKE_SA_INIT on (add_connecting()), and the check and
 * the claim are one step (claim()).  The first IKE_AUTH is
 * the one with the initiator's identity (with IKE_INTERMEDIATE, its message
 * ID is not 1).
 */
static void add_initial_contact(private_cluster_failover_connector_t *this,
								ike_sa_t *ike_sa, message_t *message)
{
	identification_t *me;
	bool pending;

	if (!message->get_payload(message, PLV2_ID_INITIATOR) ||
		message->get_notify(message, INITIAL_CONTACT))
	{
		return;
	}
	pending = this->requests->has(this->requests,
								  ike_sa->get_unique_id(ike_sa));
	me = ike_sa->get_my_id(ike_sa);
	if (pending && me &&
		this->contacts->claim(this->contacts, ike_sa->get_unique_id(ike_sa),
							  me, ike_sa->get_other_host(ike_sa)))
	{
		message->add_notify(message, FALSE, INITIAL_CONTACT, chunk_empty);
	}
}

/**
 * Address the IKE_SA_INIT of a key request to its member, with the lock
 * held; the key request is in flight from here on
 */
static void send_init(private_cluster_failover_connector_t *this,
					  ike_sa_t *ike_sa, message_t *message, entry_t *entry,
					  bool connecting)
{
	host_t *member, *src = NULL;

	if (connecting)
	{	/* not the new IKE_SA of a redirect once established */
		redirect_connecting(ike_sa, entry->request,
							message->get_destination(message));
	}
	member = cluster_failover_usable_member(entry->request, &src);
	if (!member && connecting && ike_sa->get_redirected_from(ike_sa))
	{	/* never where a redirect not followed points: back to the member
		 * that sent it, until charon's limit of redirects or the timeout
		 * ends the key request */
		member = ike_sa->get_redirected_from(ike_sa);
		src = charon->kernel->get_source_addr(charon->kernel, member, NULL);
		if (!src)
		{
			src = message->get_source(message);
			src = src->clone(src);
		}
	}
	if (member)
	{
		retarget(ike_sa, message, entry, member, src);
	}
	if (!entry->slot)
	{	/* charon's own IKE_SA_INIT cannot wait, it counts anyway */
		entry->slot = this->slots->force(this->slots);
	}
	add_connecting(this, ike_sa);
	/* without a usable member the timeout gives up on the request */
	this->timeout->schedule(this->timeout, entry);
}

METHOD(cluster_failover_connector_t, message, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry;
	bool connecting, starts;

	if (message->get_exchange_type(message) == IKE_AUTH &&
		message->get_request(message) && ike_sa)
	{
		add_initial_contact(this, ike_sa, message);
		return;
	}
	if (message->get_exchange_type(message) != IKE_SA_INIT ||
		!message->get_request(message))
	{
		return;
	}
	ike_sa = find_ike_sa(this, ike_sa, message);
	if (!ike_sa)
	{
		return;
	}
	starts = !ike_sa->get_redirected_from(ike_sa) &&
			 !this->requests->has(this->requests,
								  ike_sa->get_unique_id(ike_sa));
	if (starts)
	{	/* a key request starts here: with the cluster as configured now */
		this->config->refresh(this->config);
	}
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	if (starts)
	{	/* wait for DNS without the lock, at most the resolver's bound */
		this->requests->prepare(this->requests, cluster);
	}
	this->requests->lock(this->requests);
	connecting = this->requests->get(this->requests,
									 ike_sa->get_unique_id(ike_sa)) != NULL;
	if (ike_sa->get_redirected_from(ike_sa) && !connecting &&
		follow_redirect(this, ike_sa, cluster,
						message->get_destination(message)))
	{	/* a member redirected us to another member, go there */
		this->requests->unlock(this->requests);
		cluster->destroy(cluster);
		return;
	}
	entry = get_entry(this, ike_sa, cluster);
	if (entry)
	{
		send_init(this, ike_sa, message, entry, connecting);
	}
	this->requests->unlock(this->requests);
	cluster->destroy(cluster);
}

METHOD(cluster_failover_connector_t, alert, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	alert_t alert)
{
	cluster_failover_failure_t reason;
	entry_t *entry;

	switch (alert)
	{
		case ALERT_LOCAL_AUTH_FAILED:
		case ALERT_PEER_AUTH_FAILED:
			reason = CF_FAILURE_AUTH;
			break;
		case ALERT_PROPOSAL_MISMATCH_IKE:
		case ALERT_PROPOSAL_MISMATCH_CHILD:
			reason = CF_FAILURE_PROPOSAL;
			break;
		case ALERT_TS_MISMATCH:
			reason = CF_FAILURE_TS;
			break;
		case ALERT_KEEP_ON_CHILD_SA_FAILURE:
			/* as initiator, charon raises only this one for
			 * TS_UNACCEPTABLE and the like (after PROPOSAL_MISMATCH_CHILD
			 * for NO_PROPOSAL_CHOSEN, the request is gone by then) */
			reason = CF_FAILURE_CHILD;
			break;
		default:
			return;
	}
	if (!ike_sa)
	{
		return;
	}
	entry = this->requests->take(this->requests,
								 ike_sa->get_unique_id(ike_sa));
	if (entry)
	{	/* the IKE_SA is closed, it no longer counts for INITIAL_CONTACT */
		this->contacts->remove(this->contacts, ike_sa->get_unique_id(ike_sa));
		this->initiator->move_on(this->initiator, ike_sa, entry, reason);
	}
}

METHOD(cluster_failover_connector_t, child_up, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry;
	char buf[512];

	entry = this->requests->take(this->requests,
								 ike_sa->get_unique_id(ike_sa));
	if (entry)
	{
		cluster = entry->request->get_cluster(entry->request);
		/* the members tried before, and those without address */
		entry->request->describe(entry->request, buf, sizeof(buf));
		DBG1(DBG_IKE, "cluster '%s': '%s' established with member %H (%d of "
			 "%d) in %ums, key request %u%s%s", cluster->get_name(cluster),
			 ike_sa->get_name(ike_sa), ike_sa->get_other_host(ike_sa),
			 entry->request->get_attempt(entry->request),
			 entry->request->get_count(entry->request),
			 (u_int)(cluster_failover_now() - entry->started), entry->round,
			 buf[0] ? ", skipped: " : "", buf);
		this->slots->release(this->slots, entry->slot);
		cluster_failover_entry_destroy(entry);
	}
}

METHOD(cluster_failover_connector_t, ike_state_change, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	entry_t *entry;

	if (state != IKE_DESTROYING)
	{
		return;
	}
	this->contacts->remove(this->contacts, ike_sa->get_unique_id(ike_sa));
	entry = this->requests->take(this->requests,
								 ike_sa->get_unique_id(ike_sa));
	if (entry)
	{
		this->slots->release(this->slots, entry->slot);
		cluster_failover_entry_destroy(entry);
	}
}

METHOD(cluster_failover_connector_t, reestablish, void,
	private_cluster_failover_connector_t *this, ike_sa_t *old, ike_sa_t *new)
{
	cluster_failover_cluster_t *cluster;
	host_t *member;
	entry_t *entry;

	cluster = this->config->get_cluster(this->config, old->get_name(old));
	if (!cluster)
	{
		return;
	}
	/* charon initiates the new IKE_SA in this thread with the old one on
	 * the bus, remember it for the IKE_SA_INIT hook */
	this->requests->add_reestablishing(this->requests, new);

	if (!old->has_condition(old, COND_REAUTHENTICATING))
	{	/* restarts after a loss get a new key request, the lost member is
		 * held down by the failover */
		cluster->destroy(cluster);
		return;
	}
	member = old->get_other_host(old);
	INIT(entry,
		.id = new->get_unique_id(new),
		.round = 1,
		.spec = {
			.purpose = CF_PURPOSE_CONNECT,
			.only = member->clone(member),
		},
	);
	/* reauthenticate with the same member, once */
	entry->request = this->requests->create_request(this->requests, cluster,
													&entry->spec);
	DESTROY_IF(entry->spec.only);
	entry->spec.only = NULL;
	entry->started = cluster_failover_now();
	this->requests->lock(this->requests);
	entry = this->requests->put(this->requests, entry);
	this->requests->unlock(this->requests);
	if (entry)
	{
		this->slots->release(this->slots, entry->slot);
		cluster_failover_entry_destroy(entry);
	}
	cluster->destroy(cluster);
}

METHOD(cluster_failover_connector_t, reestablished, void,
	private_cluster_failover_connector_t *this, ike_sa_t *new)
{
	this->requests->remove_reestablishing(this->requests, new);
}

METHOD(cluster_failover_connector_t, ike_up, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry = NULL;

	this->contacts->add(this->contacts, ike_sa->get_unique_id(ike_sa),
						ike_sa->get_my_id(ike_sa),
						ike_sa->get_other_host(ike_sa));
	this->requests->lock(this->requests);
	entry = this->requests->get(this->requests,
								ike_sa->get_unique_id(ike_sa));
	if (entry)
	{	/* no longer half-open on the member, the next may start */
		this->slots->release(this->slots, entry->slot);
		entry->slot = 0;
	}
	this->requests->unlock(this->requests);
	if (ike_sa->get_child_count(ike_sa) ||
		cluster_failover_has_child_tasks(ike_sa))
	{	/* fulfilled once the CHILD_SA is up */
		return;
	}
	entry = this->requests->take(this->requests,
								 ike_sa->get_unique_id(ike_sa));
	if (entry)
	{
		cluster = entry->request->get_cluster(entry->request);
		DBG1(DBG_IKE, "cluster '%s': '%s' established with member %H (%d of "
			 "%d) in %ums, without CHILD_SA, key request %u",
			 cluster->get_name(cluster), ike_sa->get_name(ike_sa),
			 ike_sa->get_other_host(ike_sa),
			 entry->request->get_attempt(entry->request),
			 entry->request->get_count(entry->request),
			 (u_int)(cluster_failover_now() - entry->started), entry->round);
		cluster_failover_entry_destroy(entry);
	}
}

METHOD(cluster_failover_connector_t, initiate, void,
	private_cluster_failover_connector_t *this, peer_cfg_t *peer_cfg,
	linked_list_t *children, cluster_failover_purpose_t purpose, host_t *only,
	host_t *exclude, linked_list_t *vips)
{
	this->initiator->initiate(this->initiator, peer_cfg, children, purpose,
							  only, exclude, vips);
}

METHOD(cluster_failover_connector_t, received, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	entry_t *entry;

	if (message->get_exchange_type(message) != IKE_SA_INIT ||
		message->get_request(message))
	{
		return;
	}
	this->requests->lock(this->requests);
	entry = this->requests->get(this->requests, ike_sa->get_unique_id(ike_sa));
	if (entry && !entry->answered)
	{	/* from now on, establish_timeout applies */
		entry->answered = cluster_failover_now();
		if (entry->waits)
		{
			DBG1(DBG_IKE, "cluster-failover: member %H answers for '%s' "
				 "again, path back after %u key request%s without answer",
				 ike_sa->get_other_host(ike_sa), ike_sa->get_name(ike_sa),
				 entry->waits, entry->waits == 1 ? "" : "s");
		}
	}
	this->requests->unlock(this->requests);
}

METHOD(cluster_failover_connector_t, rekey, void,
	private_cluster_failover_connector_t *this, ike_sa_t *old, ike_sa_t *new)
{
	entry_t *entry;

	this->contacts->rekey(this->contacts, old->get_unique_id(old),
						  new->get_unique_id(new));
	this->requests->lock(this->requests);
	entry = this->requests->remove(this->requests, old->get_unique_id(old));
	if (entry)
	{	/* e.g. CHILD_SAs of the request still to come on the new IKE_SA */
		entry->id = new->get_unique_id(new);
		entry = this->requests->put(this->requests, entry);
	}
	this->requests->unlock(this->requests);
	if (entry)
	{
		this->slots->release(this->slots, entry->slot);
		cluster_failover_entry_destroy(entry);
	}
}

METHOD(cluster_failover_connector_t, update, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	host_t *remote)
{
	this->contacts->update(this->contacts, ike_sa->get_unique_id(ike_sa),
						   remote);
}

METHOD(cluster_failover_connector_t, give_up_ike_sa, void,
	private_cluster_failover_connector_t *this, uint32_t id)
{
	this->contacts->give_up(this->contacts, id);
}

METHOD(cluster_failover_connector_t, revive, void,
	private_cluster_failover_connector_t *this, uint32_t id)
{
	this->contacts->revive(this->contacts, id);
}

METHOD(cluster_failover_connector_t, cancel, void,
	private_cluster_failover_connector_t *this, char *name)
{
	this->requests->cancel(this->requests, name);
}

METHOD(cluster_failover_connector_t, get_preferred, host_t*,
	private_cluster_failover_connector_t *this,
	cluster_failover_cluster_t *cluster)
{
	linked_list_t *addresses, *skipped;
	host_t *preferred = NULL;

	skipped = linked_list_create();
	addresses = this->resolver->collect(this->resolver, cluster, skipped);
	addresses->remove_first(addresses, (void**)&preferred);
	addresses->destroy_offset(addresses, offsetof(host_t, destroy));
	skipped->destroy_function(skipped, free);
	return preferred;
}

METHOD(cluster_failover_connector_t, get_request_count, u_int,
	private_cluster_failover_connector_t *this)
{
	return this->requests->get_count(this->requests);
}

METHOD(cluster_failover_connector_t, set_exhausted_cb, void,
	private_cluster_failover_connector_t *this,
	cluster_failover_exhausted_cb_t cb, void *data)
{
	this->initiator->set_exhausted_cb(this->initiator, cb, data);
}

/**
 * Read the maximum of key requests in flight
 */
static u_int max_requests()
{
	int max;

	max = lib->settings->get_int(lib->settings,
					"%s.plugins.cluster-failover.max_concurrent_requests",
					DEFAULT_MAX_REQUESTS, lib->ns);
	if (max < 0)
	{
		DBG1(DBG_CFG, "cluster-failover: invalid %s.plugins.cluster-failover."
			 "max_concurrent_requests = %d: expected 0 (no limit) or more, "
			 "using %d", lib->ns, max, DEFAULT_MAX_REQUESTS);
		return DEFAULT_MAX_REQUESTS;
	}
	return max;
}

METHOD(cluster_failover_connector_t, destroy, void,
	private_cluster_failover_connector_t *this)
{
	this->timeout->destroy(this->timeout);
	this->initiator->destroy(this->initiator);
	this->requests->destroy(this->requests);
	this->contacts->destroy(this->contacts);
	this->slots->destroy(this->slots);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_connector_t *cluster_failover_connector_create(
								cluster_failover_config_t *config,
								cluster_failover_order_t *order,
								cluster_failover_holddown_t *holddown,
								cluster_failover_resolver_t *resolver)
{
	private_cluster_failover_connector_t *this;

	INIT(this,
		.public = {
			.message = _message,
			.alert = _alert,
			.child_up = _child_up,
			.ike_state_change = _ike_state_change,
			.reestablish = _reestablish,
			.reestablished = _reestablished,
			.ike_up = _ike_up,
			.initiate = _initiate,
			.received = _received,
			.rekey = _rekey,
			.update = _update,
			.give_up = _give_up_ike_sa,
			.revive = _revive,
			.cancel = _cancel,
			.get_preferred = _get_preferred,
			.get_request_count = _get_request_count,
			.set_exhausted_cb = _set_exhausted_cb,
			.destroy = _destroy,
		},
		.config = config,
		.requests = cluster_failover_requests_create(order, holddown,
													 resolver),
		.resolver = resolver,
		.contacts = cluster_failover_contacts_create(),
		.slots = cluster_failover_slots_create(max_requests()),
	);
	this->initiator = cluster_failover_initiator_create(config, holddown,
											this->requests, this->slots);
	this->timeout = cluster_failover_timeout_create(this->requests,
											this->initiator, this->slots);

	return &this->public;
}
