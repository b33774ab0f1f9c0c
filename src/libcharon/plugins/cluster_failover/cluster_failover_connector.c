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

#include "cluster_failover_connector.h"
#include "cluster_failover_contacts.h"
#include "cluster_failover_request.h"
#include "cluster_failover_retarget.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <encoding/payloads/notify_payload.h>
#include <processing/jobs/callback_job.h>
#include <sa/ikev2/tasks/child_create.h>
#include <threading/mutex.h>

ENUM(cluster_failover_purpose_names, CF_PURPOSE_CONNECT, CF_PURPOSE_STANDBY,
	"connect",
	"failover",
	"fallback",
	"standby",
);

typedef struct private_cluster_failover_connector_t
		private_cluster_failover_connector_t;

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
	 * Member ordering
	 */
	cluster_failover_order_t *order;

	/**
	 * Failed members, tried last
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Callback for key requests that gave up
	 */
	cluster_failover_exhausted_cb_t exhausted;

	/**
	 * Data for the callback
	 */
	void *exhausted_data;

	/**
	 * Key requests in progress, unique IKE_SA id => entry_t
	 */
	hashtable_t *entries;

	/**
	 * Lock for entries
	 */
	mutex_t *mutex;

	/**
	 * IKE_SAs being re-established by charon, ike_sa_t*, see reestablish()
	 */
	linked_list_t *reestablishing;

	/**
	 * Established IKE_SAs, for INITIAL_CONTACT
	 */
	cluster_failover_contacts_t *contacts;

	/**
	 * Failover epoch of each connection, name => epoch_t, see cancel()
	 */
	hashtable_t *epochs;
};

/**
 * Failover epoch of a connection
 */
typedef struct {

	/**
	 * Name of the connection, the key
	 */
	char *name;

	/**
	 * Failovers cancelled so far
	 */
	u_int epoch;

} epoch_t;

static void epoch_destroy(epoch_t *epoch)
{
	free(epoch->name);
	free(epoch);
}

/**
 * Longest wait between two key requests no member answered, in ms
 */
#define MAX_WAIT 30000

/**
 * How the members of key requests are chosen
 */
typedef struct {

	/**
	 * What the key requests are for
	 */
	cluster_failover_purpose_t purpose;

	/**
	 * The only member to try, NULL for all
	 */
	host_t *only;

	/**
	 * A member not to try, NULL for none
	 */
	host_t *exclude;

} spec_t;

/**
 * A key request in progress on an IKE_SA
 */
typedef struct {

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * The key request
	 */
	cluster_failover_request_t *request;

	/**
	 * Number of the key request, for keyingtries
	 */
	u_int round;

	/**
	 * How members are chosen for further key requests
	 */
	spec_t spec;

	/**
	 * Attempt a connect timeout is scheduled for, 0 if none
	 */
	int timed;

	/**
	 * Key request number the connect timeout is scheduled for
	 */
	u_int timed_round;

	/**
	 * Start of the key request
	 */
	uint64_t started;

	/**
	 * When the current member answered, 0 if it did not yet
	 */
	uint64_t answered;

	/**
	 * Key requests before this one no member answered
	 */
	u_int waits;

	/**
	 * Failover epoch of the connection when the request started
	 */
	u_int epoch;

} entry_t;

/**
 * Job data to retry a key request on a new IKE_SA (with the next member)
 */
typedef struct {

	/**
	 * Connector
	 */
	private_cluster_failover_connector_t *this;

	/**
	 * IKE_SA that failed, 0 if none is left
	 */
	uint32_t old_id;

	/**
	 * Connection to establish
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * CHILD_SAs to establish, child_cfg_t*
	 */
	linked_list_t *children;

	/**
	 * Key request, NULL to start a new one
	 */
	cluster_failover_request_t *request;

	/**
	 * Number of the key request
	 */
	u_int round;

	/**
	 * How members are chosen
	 */
	spec_t spec;

	/**
	 * Start of the key request
	 */
	uint64_t started;

	/**
	 * Key requests before this one no member answered
	 */
	u_int waits;

	/**
	 * Failover epoch of the connection when the request started
	 */
	u_int epoch;

} retry_t;

/**
 * Job data for a connect timeout
 */
typedef struct {

	/**
	 * Connector
	 */
	private_cluster_failover_connector_t *this;

	/**
	 * Unique id of the IKE_SA
	 */
	uint32_t id;

	/**
	 * Attempt that timed out
	 */
	int attempt;

	/**
	 * Key request number of the attempt
	 */
	u_int round;

} timeout_t;

static void spec_clone(spec_t *dst, spec_t *src)
{
	*dst = (spec_t){
		.purpose = src->purpose,
		.only = src->only ? src->only->clone(src->only) : NULL,
		.exclude = src->exclude ? src->exclude->clone(src->exclude) : NULL,
	};
}

static void spec_free(spec_t *spec)
{
	DESTROY_IF(spec->only);
	DESTROY_IF(spec->exclude);
}

static void entry_destroy(entry_t *entry)
{
	entry->request->destroy(entry->request);
	spec_free(&entry->spec);
	free(entry);
}

static void retry_destroy(retry_t *retry)
{
	DESTROY_IF(retry->peer_cfg);
	DESTROY_IF(retry->request);
	spec_free(&retry->spec);
	retry->children->destroy_offset(retry->children,
								   offsetof(child_cfg_t, destroy));
	free(retry);
}

/**
 * Create a new key request for a cluster, members held down go last
 */
static cluster_failover_request_t *create_request(
							private_cluster_failover_connector_t *this,
							cluster_failover_cluster_t *cluster, spec_t *spec)
{
	linked_list_t *order, *members, *last;
	enumerator_t *enumerator;
	host_t *member;

	if (spec->only)
	{
		order = linked_list_create_with_items(spec->only->clone(spec->only),
											  NULL);
		return cluster_failover_request_create(cluster, order);
	}
	members = linked_list_create();
	enumerator = cluster->get_addresses(cluster)->create_enumerator(
											cluster->get_addresses(cluster));
	while (enumerator->enumerate(enumerator, &member))
	{
		if (!spec->exclude || !member->ip_equals(member, spec->exclude))
		{
			members->insert_last(members, member);
		}
	}
	enumerator->destroy(enumerator);
	last = this->holddown->create_list(this->holddown,
								cluster->get_name(cluster),
								cluster_failover_now());
	order = this->order->create(this->order, cluster->get_order(cluster),
								members, last);
	last->destroy_offset(last, offsetof(host_t, destroy));
	members->destroy(members);
	if (!order)
	{
		return NULL;
	}
	return cluster_failover_request_create(cluster, order);
}

/**
 * Log level of the progress of a key request: once no member answered a
 * failover (the client may have no path), the further key requests are
 * logged at level 2, the wait itself once at level 1, see log_wait()
 */
static inline level_t request_level(u_int waits)
{
	return waits ? LEVEL_DIAG : LEVEL_CTRL;
}

/**
 * Describe the members of a request in order, for the log
 */
static void log_request(char *name, entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	char buf[512];

	cluster = entry->request->get_cluster(entry->request);
	charon->bus->log(charon->bus, DBG_CFG, request_level(entry->waits),
		"cluster '%s': key request %u for '%s' (%N), members in order: %s",
		cluster->get_name(cluster), entry->round, name,
		cluster_failover_purpose_names, entry->spec.purpose,
		entry->request->describe_order(entry->request, buf, sizeof(buf)));
}

/**
 * Get the entry of an IKE_SA, creating a new key request if there is none
 */
static entry_t *get_entry(private_cluster_failover_connector_t *this,
						  ike_sa_t *ike_sa,
						  cluster_failover_cluster_t *cluster)
{
	cluster_failover_request_t *request;
	entry_t *entry;
	uint32_t id;

	id = ike_sa->get_unique_id(ike_sa);
	entry = this->entries->get(this->entries, (void*)(uintptr_t)id);
	if (!entry)
	{
		INIT(entry,
			.id = id,
			.round = 1,
			.spec = {
				.purpose = CF_PURPOSE_CONNECT,
			},
		);
		request = create_request(this, cluster, &entry->spec);
		if (!request)
		{
			free(entry);
			return NULL;
		}
		entry->request = request;
		entry->started = cluster_failover_now();
		this->entries->put(this->entries, (void*)(uintptr_t)id, entry);
		log_request(ike_sa->get_name(ike_sa), entry);
	}
	return entry;
}

/**
 * Get the source address to reach a member, skipping unreachable members
 */
static host_t *get_usable_member(cluster_failover_request_t *request,
								 host_t **src)
{
	host_t *member;

	for (member = request->get_member(request); member;
		 member = request->skip(request, CF_FAILURE_UNREACHABLE))
	{
		*src = charon->kernel->get_source_addr(charon->kernel, member, NULL);
		if (*src)
		{
			return member;
		}
		DBG1(DBG_IKE, "cluster '%s': no route to member %H",
			 request->get_cluster(request)->get_name(
											request->get_cluster(request)),
			 member);
	}
	return NULL;
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
 * Schedule the connect timeout of the current attempt
 */
static void schedule_timeout(private_cluster_failover_connector_t *this,
							 entry_t *entry);

/**
 * Matcher for IKE_SAs with a given IKE_SA ID
 */
CALLBACK(ike_sa_matches, bool,
	ike_sa_t *current, va_list args)
{
	ike_sa_id_t *id;

	VA_ARGS_VGET(args, id);
	return id->equals(id, current->get_id(current));
}

/**
 * Find the IKE_SA a message belongs to: the bus' IKE_SA, or one that
 * charon is re-establishing in this thread
 */
static ike_sa_t *find_ike_sa(private_cluster_failover_connector_t *this,
							 ike_sa_t *ike_sa, message_t *message)
{
	ike_sa_id_t *id;
	ike_sa_t *found = NULL;

	id = message->get_ike_sa_id(message);
	if (ike_sa && id->equals(id, ike_sa->get_id(ike_sa)))
	{
		return ike_sa;
	}
	this->mutex->lock(this->mutex);
	this->reestablishing->find_first(this->reestablishing, ike_sa_matches,
									 (void**)&found, id);
	this->mutex->unlock(this->mutex);
	return found;
}

/**
 * Check if an IKE_SA was redirected by a member to another member; a
 * redirect outside the cluster is logged and not followed
 */
static bool follow_redirect(ike_sa_t *ike_sa,
							cluster_failover_cluster_t *cluster, host_t *target)
{
	if (!ike_sa->get_redirected_from(ike_sa))
	{
		return FALSE;
	}
	if (cluster->has_address(cluster, target))
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
 * Add INITIAL_CONTACT to the first IKE_AUTH of a key request.
 *
 * charon sends it only for a remote identity without wildcards, but a
 * cluster is usually accepted with one (each member has its own identity).
 * It makes a member delete SAs it may still hold of the client, e.g. after
 * a failover away from it; so it is not sent if another IKE_SA with the
 * same local identity exists with the member, which would go as well,
 * unless it was given up as its member was lost.  The first IKE_AUTH is
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
	this->mutex->lock(this->mutex);
	pending = this->entries->get(this->entries,
					(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa)) != NULL;
	this->mutex->unlock(this->mutex);
	me = ike_sa->get_my_id(ike_sa);
	if (pending && me &&
		!this->contacts->has_other(this->contacts,
								   ike_sa->get_unique_id(ike_sa), me,
								   ike_sa->get_other_host(ike_sa)))
	{
		message->add_notify(message, FALSE, INITIAL_CONTACT, chunk_empty);
	}
}

METHOD(cluster_failover_connector_t, message, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa,
	message_t *message)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry;
	host_t *member, *src = NULL;

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
	cluster = this->config->get_cluster(this->config,
										ike_sa->get_name(ike_sa));
	if (!cluster)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	if (ike_sa->get_redirected_from(ike_sa) &&
		!this->entries->get(this->entries,
						(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa)) &&
		follow_redirect(ike_sa, cluster, message->get_destination(message)))
	{	/* a member redirected us to another member, go there */
		this->mutex->unlock(this->mutex);
		cluster->destroy(cluster);
		return;
	}
	entry = get_entry(this, ike_sa, cluster);
	if (entry)
	{
		member = get_usable_member(entry->request, &src);
		if (member)
		{
			retarget(ike_sa, message, entry, member, src);
		}
		/* without a usable member the timeout gives up on the request */
		schedule_timeout(this, entry);
	}
	this->mutex->unlock(this->mutex);
	cluster->destroy(cluster);
}

/**
 * Log that all members of a request failed
 */
static void log_exhausted(ike_sa_t *ike_sa, entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	char buf[512];

	cluster = entry->request->get_cluster(entry->request);
	charon->bus->log(charon->bus, DBG_CFG, request_level(entry->waits),
		"cluster '%s': key request %u for '%s' failed, all members failed: "
		"%s", cluster->get_name(cluster), entry->round,
		ike_sa->get_name(ike_sa),
		entry->request->describe(entry->request, buf, sizeof(buf)));
}

/**
 * Check if keyingtries allow another key request after the given one
 */
static bool may_retry(peer_cfg_t *peer_cfg, u_int round, spec_t *spec)
{
	uint32_t tries;

	switch (spec->purpose)
	{
		case CF_PURPOSE_FALLBACK:
		case CF_PURPOSE_STANDBY:
			return FALSE;
		default:
			break;
	}
	tries = peer_cfg->get_keyingtries(peer_cfg);
	return tries == 0 || round < tries;
}

/**
 * How a key request goes on once all its members failed
 */
typedef enum {
	/** a new key request, keyingtries allow it */
	ROUND_NEXT,
	/** no member answered a failover: the client may have no path to the
	 *  cluster; the same key request again after a while, the SAs kept */
	ROUND_WAIT,
	/** give up */
	ROUND_GIVE_UP,
} round_end_t;

/**
 * Decide how a key request goes on once all its members failed.  A
 * failover that no member answered (no answer, no route) does not count
 * against keyingtries: a client without a path must not lose its tunnel.
 */
static round_end_t end_round(peer_cfg_t *peer_cfg, u_int round, spec_t *spec,
							 cluster_failover_request_t *request)
{
	if (spec->purpose == CF_PURPOSE_FAILOVER &&
		!request->answered(request))
	{
		return ROUND_WAIT;
	}
	return may_retry(peer_cfg, round, spec) ? ROUND_NEXT : ROUND_GIVE_UP;
}

/**
 * Time to wait before a key request after the given number of key requests
 * no member answered: the connect timeout, doubled each time, at most
 * MAX_WAIT
 */
static u_int wait_time(cluster_failover_cluster_t *cluster, u_int waits)
{
	uint64_t ms = cluster->get_connect_timeout(cluster);

	ms <<= min(waits, 16);
	return min(ms, MAX_WAIT);
}

/**
 * Log a wait for the path, once at level 1 per failover
 */
static void log_wait(cluster_failover_cluster_t *cluster, char *name,
					 u_int waits, u_int ms)
{
	if (waits)
	{
		DBG2(DBG_IKE, "cluster '%s': still no member answers for '%s', "
			 "trying again in %ums", cluster->get_name(cluster), name, ms);
	}
	else
	{
		DBG1(DBG_IKE, "cluster '%s': no member answers for '%s' (path down "
			 "or all members dead), keeping its SAs, trying again in %ums, "
			 "backing off", cluster->get_name(cluster), name, ms);
	}
}

/**
 * Get the failover epoch of a connection, with lock held
 */
static u_int get_epoch(private_cluster_failover_connector_t *this,
					   char *name)
{
	epoch_t *epoch;

	epoch = this->epochs->get(this->epochs, name);
	return epoch ? epoch->epoch : 0;
}

/**
 * Report a key request that gave up
 */
static void give_up(private_cluster_failover_connector_t *this,
					cluster_failover_cluster_t *cluster, char *name,
					u_int round, cluster_failover_purpose_t purpose)
{
	DBG1(DBG_IKE, "cluster '%s': giving up on '%s' after %u key request%s",
		 cluster->get_name(cluster), name, round, round == 1 ? "" : "s");
	if (this->exhausted)
	{
		this->exhausted(this->exhausted_data, name, purpose);
	}
}

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
 * Collect the configs of the CHILD_SAs an IKE_SA is establishing
 */
static linked_list_t *collect_pending_children(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator, *children;
	linked_list_t *list;
	task_queue_t queues[] = { TASK_QUEUE_ACTIVE, TASK_QUEUE_QUEUED };
	child_create_t *create;
	child_sa_t *child_sa;
	child_cfg_t *cfg;
	peer_cfg_t *peer_cfg;
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
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		children = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (children->enumerate(children, &cfg))
		{
			list->insert_last(list, cfg->get_ref(cfg));
		}
		children->destroy(children);
	}
	return list;
}

/**
 * End a key request none of whose members is reachable.  Returns the time
 * after which to try again, 0 for never.
 */
static u_int unreachable(private_cluster_failover_connector_t *this,
						 retry_t *retry)
{
	cluster_failover_cluster_t *cluster;
	char *name = retry->peer_cfg->get_name(retry->peer_cfg);
	u_int delay = 0;

	cluster = retry->request->get_cluster(retry->request);
	cluster = cluster->get_ref(cluster);
	DBG1(DBG_IKE, "cluster '%s': key request %u for '%s' failed, no "
		 "member is reachable", cluster->get_name(cluster), retry->round,
		 name);
	switch (end_round(retry->peer_cfg, retry->round, &retry->spec,
					  retry->request))
	{
		case ROUND_WAIT:
			delay = wait_time(cluster, retry->waits);
			log_wait(cluster, name, retry->waits++, delay);
			break;
		case ROUND_NEXT:
			retry->round++;
			delay = cluster->get_connect_timeout(cluster);
			break;
		case ROUND_GIVE_UP:
			give_up(this, cluster, name, retry->round, retry->spec.purpose);
			break;
	}
	retry->request->destroy(retry->request);
	retry->request = NULL;
	cluster->destroy(cluster);
	return delay;
}

/**
 * Initiate a key request on a new IKE_SA, see retry_job().  Returns the
 * time after which to try again, 0 if done.
 */
static u_int initiate_new(private_cluster_failover_connector_t *this,
						  retry_t *retry)
{
	cluster_failover_cluster_t *cluster;
	enumerator_t *enumerator;
	child_cfg_t *cfg;
	ike_cfg_t *ike_cfg;
	ike_sa_t *ike_sa;
	host_t *member, *src = NULL;
	entry_t *entry;
	status_t status = SUCCESS;

	if (!retry->request)
	{
		cluster = this->config->get_cluster(this->config,
									retry->peer_cfg->get_name(retry->peer_cfg));
		if (!cluster)
		{
			DBG1(DBG_IKE, "connection '%s' is no longer bound to a cluster",
				 retry->peer_cfg->get_name(retry->peer_cfg));
			return 0;
		}
		retry->request = create_request(this, cluster, &retry->spec);
		cluster->destroy(cluster);
		if (!retry->request)
		{
			return 0;
		}
		retry->started = cluster_failover_now();
	}
	member = get_usable_member(retry->request, &src);
	if (!member)
	{
		return unreachable(this, retry);
	}

	ike_sa = charon->ike_sa_manager->create_new(charon->ike_sa_manager,
												IKEV2, TRUE);
	if (!ike_sa)
	{
		src->destroy(src);
		return 0;
	}
	ike_sa->set_peer_cfg(ike_sa, retry->peer_cfg);
	ike_cfg = retry->peer_cfg->get_ike_cfg(retry->peer_cfg);
	src->set_port(src, ike_cfg->get_my_port(ike_cfg));
	ike_sa->set_my_host(ike_sa, src);
	member = member->clone(member);
	member->set_port(member, ike_cfg->get_other_port(ike_cfg));
	ike_sa->set_other_host(ike_sa, member);

	INIT(entry,
		.id = ike_sa->get_unique_id(ike_sa),
		.request = retry->request,
		.round = retry->round,
		.started = retry->started,
		.waits = retry->waits,
		.epoch = retry->epoch,
	);
	spec_clone(&entry->spec, &retry->spec);
	retry->request = NULL;
	this->mutex->lock(this->mutex);
	this->entries->put(this->entries, (void*)(uintptr_t)entry->id, entry);
	if (entry->request->get_attempt(entry->request) == 1)
	{
		log_request(ike_sa->get_name(ike_sa), entry);
	}
	this->mutex->unlock(this->mutex);

	charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, ike_sa);
	charon->bus->set_sa(charon->bus, ike_sa);
	enumerator = retry->children->create_enumerator(retry->children);
	while (status == SUCCESS && enumerator->enumerate(enumerator, &cfg))
	{
		status = ike_sa->initiate(ike_sa, cfg->get_ref(cfg), NULL);
	}
	enumerator->destroy(enumerator);
	if (!retry->children->get_count(retry->children))
	{
		status = ike_sa->initiate(ike_sa, NULL, NULL);
	}
	cluster_failover_checkin(ike_sa, status);
	return 0;
}

/**
 * Check if a failover was cancelled since a key request of it started
 */
static bool cancelled(private_cluster_failover_connector_t *this,
					  spec_t *spec, char *name, u_int epoch)
{
	bool cancelled;

	if (spec->purpose != CF_PURPOSE_FAILOVER)
	{
		return FALSE;
	}
	this->mutex->lock(this->mutex);
	cancelled = get_epoch(this, name) != epoch;
	this->mutex->unlock(this->mutex);
	return cancelled;
}

/**
 * Close the IKE_SA that failed and continue the key request on a new one,
 * if the job has a peer_cfg
 */
static job_requeue_t retry_job(retry_t *retry)
{
	ike_sa_t *ike_sa;
	u_int delay;

	if (retry->old_id)
	{
		ike_sa = charon->ike_sa_manager->checkout_by_id(
										charon->ike_sa_manager, retry->old_id);
		if (ike_sa)
		{
			ike_sa->delete(ike_sa, TRUE);
			charon->ike_sa_manager->checkin_and_destroy(
										charon->ike_sa_manager, ike_sa);
		}
		retry->old_id = 0;
	}
	if (!retry->peer_cfg)
	{
		return JOB_REQUEUE_NONE;
	}
	if (cancelled(retry->this, &retry->spec,
				  retry->peer_cfg->get_name(retry->peer_cfg), retry->epoch))
	{
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled",
			 retry->peer_cfg->get_name(retry->peer_cfg));
		return JOB_REQUEUE_NONE;
	}
	delay = initiate_new(retry->this, retry);
	if (delay)
	{	/* the same job, later */
		return JOB_RESCHEDULE_MS(delay);
	}
	return JOB_REQUEUE_NONE;
}

/**
 * Queue a retry job that only closes the failed IKE_SA
 */
static void retry_job_close_only(retry_t *retry)
{
	retry->peer_cfg->destroy(retry->peer_cfg);
	retry->peer_cfg = NULL;
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)retry_job, retry,
							(callback_job_cleanup_t)retry_destroy, NULL));
}

/**
 * Continue a key request after the current member failed, from a hook.
 *
 * The IKE_SA is closed and the next member tried on a new IKE_SA; once all
 * members failed, a new key request starts if keyingtries allow it, after
 * the cluster's connect timeout to avoid busy looping.
 */
static void move_on(private_cluster_failover_connector_t *this,
					ike_sa_t *ike_sa, entry_t *entry,
					cluster_failover_failure_t reason)
{
	cluster_failover_cluster_t *cluster;
	peer_cfg_t *peer_cfg;
	callback_job_t *job;
	retry_t *retry;
	u_int delay = 0;

	cluster = entry->request->get_cluster(entry->request);
	cluster = cluster->get_ref(cluster);
	DBG1(DBG_IKE, "cluster '%s': member %H failed for '%s': %N",
		 cluster->get_name(cluster), entry->request->get_member(entry->request),
		 ike_sa->get_name(ike_sa), cluster_failover_failure_names, reason);

	if (reason == CF_FAILURE_AUTH)
	{	/* a member failing authentication is a configuration problem, keep
		 * it out of the way for a while */
		this->holddown->failed(this->holddown, cluster->get_name(cluster),
							entry->request->get_member(entry->request),
							cluster_failover_now(),
							cluster->get_hold_down(cluster));
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	INIT(retry,
		.this = this,
		.old_id = entry->id,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = collect_pending_children(ike_sa),
		.request = entry->request,
		.round = entry->round,
		.spec = entry->spec,
		.started = entry->started,
		.waits = entry->waits,
		.epoch = entry->epoch,
	);
	/* request and spec moved to the job */
	if (!entry->request->skip(entry->request, reason))
	{
		log_exhausted(ike_sa, entry);
		switch (end_round(peer_cfg, entry->round, &entry->spec,
						  entry->request))
		{
			case ROUND_GIVE_UP:
				if (!cancelled(this, &entry->spec, ike_sa->get_name(ike_sa),
							   entry->epoch))
				{	/* a cancelled failover's request has nothing to give
					 * up, the failover of the moment is another */
					give_up(this, cluster, ike_sa->get_name(ike_sa),
							entry->round, entry->spec.purpose);
				}
				retry->request->destroy(retry->request);
				retry->request = NULL;
				free(entry);
				/* close the failed IKE_SA anyway */
				retry_job_close_only(retry);
				cluster->destroy(cluster);
				return;
			case ROUND_WAIT:
				delay = wait_time(cluster, retry->waits);
				log_wait(cluster, ike_sa->get_name(ike_sa), retry->waits++,
						 delay);
				break;
			case ROUND_NEXT:
				retry->round++;
				delay = cluster->get_connect_timeout(cluster);
				break;
		}
		retry->request->destroy(retry->request);
		retry->request = NULL;
	}
	free(entry);
	cluster->destroy(cluster);

	job = callback_job_create((callback_job_cb_t)retry_job, retry,
							  (callback_job_cleanup_t)retry_destroy, NULL);
	if (delay)
	{
		lib->scheduler->schedule_job_ms(lib->scheduler, (job_t*)job, delay);
	}
	else
	{
		lib->processor->queue_job(lib->processor, (job_t*)job);
	}
}

/**
 * Address an IKE_SA to a member, if it is reachable
 */
static void set_hosts(ike_sa_t *ike_sa, host_t *member)
{
	host_t *src, *dst, *other;

	src = charon->kernel->get_source_addr(charon->kernel, member, NULL);
	if (src)
	{
		other = ike_sa->get_other_host(ike_sa);
		dst = member->clone(member);
		dst->set_port(dst, other->get_port(other));
		src->set_port(src, ike_sa->get_my_host(ike_sa)->get_port(
											ike_sa->get_my_host(ike_sa)));
		ike_sa->set_my_host(ike_sa, src);
		ike_sa->set_other_host(ike_sa, dst);
	}
}

/**
 * Schedule a timeout job for an attempt
 */
static void schedule_timeout_job(private_cluster_failover_connector_t *this,
								 uint32_t id, int attempt, u_int round,
								 uint32_t ms);

/**
 * Start the same failover key request again later, on a new IKE_SA, as no
 * member answered; the IKE_SA is destroyed by the caller
 */
static void wait_for_path(private_cluster_failover_connector_t *this,
						  ike_sa_t *ike_sa, entry_t *entry,
						  cluster_failover_cluster_t *cluster)
{
	peer_cfg_t *peer_cfg;
	retry_t *retry;
	u_int delay;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	INIT(retry,
		.this = this,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = collect_pending_children(ike_sa),
		.round = entry->round,
		.spec = entry->spec,
		.waits = entry->waits + 1,
		.epoch = entry->epoch,
	);
	delay = wait_time(cluster, entry->waits);
	log_wait(cluster, ike_sa->get_name(ike_sa), entry->waits, delay);
	/* spec moved to the job */
	entry->request->destroy(entry->request);
	free(entry);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)retry_job, retry,
							(callback_job_cleanup_t)retry_destroy, NULL),
			delay);
}

/**
 * Check if a member that answered still has time to complete the
 * establishment, and wait for it if so, with lock held
 */
static bool wait_for_establishment(private_cluster_failover_connector_t *this,
								   entry_t *entry, timeout_t *data)
{
	cluster_failover_cluster_t *cluster;
	uint64_t now, deadline;

	if (!entry->answered)
	{
		return FALSE;
	}
	cluster = entry->request->get_cluster(entry->request);
	deadline = entry->answered + cluster->get_establish_timeout(cluster);
	now = cluster_failover_now();
	if (now >= deadline)
	{
		return FALSE;
	}
	schedule_timeout_job(this, data->id, data->attempt, data->round,
						 deadline - now);
	return TRUE;
}

/**
 * Try the next member after a connect or establish timeout, on the same
 * IKE_SA
 */
static job_requeue_t timeout_job(timeout_t *data)
{
	private_cluster_failover_connector_t *this = data->this;
	cluster_failover_cluster_t *cluster = NULL;
	cluster_failover_request_t *request;
	cluster_failover_purpose_t purpose = CF_PURPOSE_CONNECT;
	ike_sa_t *ike_sa;
	entry_t *entry, *waiting = NULL;
	host_t *member;
	status_t status = SUCCESS;
	round_end_t end = ROUND_GIVE_UP;
	u_int round = 0;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													data->id);
	if (!ike_sa)
	{
		return JOB_REQUEUE_NONE;
	}
	this->mutex->lock(this->mutex);
	entry = this->entries->get(this->entries, (void*)(uintptr_t)data->id);
	if (!entry || entry->round != data->round ||
		entry->request->get_attempt(entry->request) != data->attempt)
	{	/* the attempt succeeded or failed otherwise meanwhile */
		this->mutex->unlock(this->mutex);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (ike_sa->get_state(ike_sa) != IKE_CONNECTING &&
		ike_sa->get_state(ike_sa) != IKE_CREATED)
	{	/* established, what remains is up to the CHILD_SAs */
		this->entries->remove(this->entries, (void*)(uintptr_t)data->id);
		this->mutex->unlock(this->mutex);
		entry_destroy(entry);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (entry->spec.purpose == CF_PURPOSE_FAILOVER &&
		get_epoch(this, ike_sa->get_name(ike_sa)) != entry->epoch)
	{	/* the lost member answered again, the failover is off */
		this->entries->remove(this->entries, (void*)(uintptr_t)data->id);
		this->mutex->unlock(this->mutex);
		DBG1(DBG_IKE, "cluster-failover: failover of '%s' cancelled",
			 ike_sa->get_name(ike_sa));
		entry_destroy(entry);
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
													ike_sa);
		return JOB_REQUEUE_NONE;
	}
	if (wait_for_establishment(this, entry, data))
	{
		this->mutex->unlock(this->mutex);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return JOB_REQUEUE_NONE;
	}
	cluster = entry->request->get_cluster(entry->request);
	cluster = cluster->get_ref(cluster);
	member = entry->request->get_member(entry->request);
	if (member)
	{
		if (entry->answered)
		{
			DBG1(DBG_IKE, "cluster '%s': member %H did not complete '%s' "
				 "within %ums", cluster->get_name(cluster), member,
				 ike_sa->get_name(ike_sa),
				 cluster->get_establish_timeout(cluster));
		}
		else
		{
			charon->bus->log(charon->bus, DBG_CFG,
				request_level(entry->waits), "cluster '%s': member %H did "
				"not answer for '%s' within %ums", cluster->get_name(cluster),
				member, ike_sa->get_name(ike_sa),
				cluster->get_connect_timeout(cluster));
		}
		member = entry->request->skip(entry->request, entry->answered ?
						CF_FAILURE_ESTABLISH : CF_FAILURE_TIMEOUT);
		entry->answered = 0;
	}
	if (!member)
	{
		log_exhausted(ike_sa, entry);
		end = end_round(ike_sa->get_peer_cfg(ike_sa), entry->round,
						&entry->spec, entry->request);
		if (end == ROUND_NEXT)
		{
			request = create_request(this, cluster, &entry->spec);
			if (request)
			{
				entry->request->destroy(entry->request);
				entry->request = request;
				entry->round++;
				entry->started = cluster_failover_now();
				log_request(ike_sa->get_name(ike_sa), entry);
				member = request->get_member(request);
			}
		}
		if (!member)
		{
			purpose = entry->spec.purpose;
			round = entry->round;
			this->entries->remove(this->entries, (void*)(uintptr_t)data->id);
			if (end == ROUND_WAIT)
			{
				waiting = entry;
			}
			else
			{
				entry_destroy(entry);
			}
			status = DESTROY_ME;
		}
	}
	member = member ? member->clone(member) : NULL;
	this->mutex->unlock(this->mutex);

	if (status == SUCCESS)
	{	/* start over with the next member, queued CHILD_SAs are kept; the
		 * IKE_SA_INIT hook checks the member and skips it if unreachable */
		ike_sa->reset(ike_sa, TRUE);
		set_hosts(ike_sa, member);
		status = ike_sa->initiate(ike_sa, NULL, NULL);
	}
	else if (waiting)
	{
		wait_for_path(this, ike_sa, waiting, cluster);
	}
	else
	{
		give_up(this, cluster, ike_sa->get_name(ike_sa), round, purpose);
		charon->bus->alert(charon->bus, ALERT_PEER_INIT_UNREACHABLE, 0);
	}
	cluster_failover_checkin(ike_sa, status);
	DESTROY_IF(member);
	cluster->destroy(cluster);
	return JOB_REQUEUE_NONE;
}

/**
 * Schedule a timeout job for an attempt
 */
static void schedule_timeout_job(private_cluster_failover_connector_t *this,
								 uint32_t id, int attempt, u_int round,
								 uint32_t ms)
{
	timeout_t *data;

	INIT(data,
		.this = this,
		.id = id,
		.attempt = attempt,
		.round = round,
	);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)timeout_job, data,
										free, NULL), max(ms, 1));
}

static void schedule_timeout(private_cluster_failover_connector_t *this,
							 entry_t *entry)
{
	cluster_failover_cluster_t *cluster;
	int attempt;

	attempt = entry->request->get_attempt(entry->request);
	if (entry->timed == attempt && entry->timed_round == entry->round)
	{	/* already scheduled, e.g. for a retry after INVALID_KE_PAYLOAD */
		return;
	}
	entry->timed = attempt;
	entry->timed_round = entry->round;
	cluster = entry->request->get_cluster(entry->request);
	schedule_timeout_job(this, entry->id, attempt, entry->round,
						 cluster->get_connect_timeout(cluster));
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
	this->mutex->lock(this->mutex);
	entry = this->entries->remove(this->entries,
							(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
	this->mutex->unlock(this->mutex);
	if (entry)
	{
		move_on(this, ike_sa, entry, reason);
	}
}

METHOD(cluster_failover_connector_t, child_up, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry;
	char buf[512];

	this->mutex->lock(this->mutex);
	entry = this->entries->remove(this->entries,
							(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
	this->mutex->unlock(this->mutex);
	if (entry)
	{
		cluster = entry->request->get_cluster(entry->request);
		DBG1(DBG_IKE, "cluster '%s': '%s' established with member %H (%d of "
			 "%d) in %ums, key request %u%s%s", cluster->get_name(cluster),
			 ike_sa->get_name(ike_sa), ike_sa->get_other_host(ike_sa),
			 entry->request->get_attempt(entry->request),
			 entry->request->get_count(entry->request),
			 (u_int)(cluster_failover_now() - entry->started), entry->round,
			 entry->request->get_attempt(entry->request) > 1 ? ", skipped: "
															  : "",
			 entry->request->describe(entry->request, buf, sizeof(buf)));
		entry_destroy(entry);
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
	this->mutex->lock(this->mutex);
	entry = this->entries->remove(this->entries,
							(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
	this->mutex->unlock(this->mutex);
	if (entry)
	{
		entry_destroy(entry);
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
	this->mutex->lock(this->mutex);
	this->reestablishing->insert_last(this->reestablishing, new);
	this->mutex->unlock(this->mutex);

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
	entry->request = create_request(this, cluster, &entry->spec);
	DESTROY_IF(entry->spec.only);
	entry->spec.only = NULL;
	entry->started = cluster_failover_now();
	this->mutex->lock(this->mutex);
	entry = this->entries->put(this->entries, (void*)(uintptr_t)entry->id,
							   entry);
	this->mutex->unlock(this->mutex);
	if (entry)
	{
		entry_destroy(entry);
	}
	cluster->destroy(cluster);
}

METHOD(cluster_failover_connector_t, reestablished, void,
	private_cluster_failover_connector_t *this, ike_sa_t *new)
{
	this->mutex->lock(this->mutex);
	this->reestablishing->remove(this->reestablishing, new, NULL);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_connector_t, ike_up, void,
	private_cluster_failover_connector_t *this, ike_sa_t *ike_sa)
{
	cluster_failover_cluster_t *cluster;
	entry_t *entry = NULL;
	uint32_t id;

	this->contacts->add(this->contacts, ike_sa->get_unique_id(ike_sa),
						ike_sa->get_my_id(ike_sa),
						ike_sa->get_other_host(ike_sa));
	if (ike_sa->get_child_count(ike_sa) ||
		cluster_failover_has_child_tasks(ike_sa))
	{	/* fulfilled once the CHILD_SA is up */
		return;
	}
	id = ike_sa->get_unique_id(ike_sa);
	this->mutex->lock(this->mutex);
	entry = this->entries->remove(this->entries, (void*)(uintptr_t)id);
	this->mutex->unlock(this->mutex);
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
		entry_destroy(entry);
	}
}

METHOD(cluster_failover_connector_t, initiate, void,
	private_cluster_failover_connector_t *this, peer_cfg_t *peer_cfg,
	linked_list_t *children, cluster_failover_purpose_t purpose, host_t *only,
	host_t *exclude)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg;
	retry_t *retry;

	INIT(retry,
		.this = this,
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.children = linked_list_create(),
		.round = 1,
		.spec = {
			.purpose = purpose,
			.only = only ? only->clone(only) : NULL,
			.exclude = exclude ? exclude->clone(exclude) : NULL,
		},
	);
	this->mutex->lock(this->mutex);
	retry->epoch = get_epoch(this, peer_cfg->get_name(peer_cfg));
	this->mutex->unlock(this->mutex);
	enumerator = children->create_enumerator(children);
	while (enumerator->enumerate(enumerator, &cfg))
	{
		retry->children->insert_last(retry->children, cfg->get_ref(cfg));
	}
	enumerator->destroy(enumerator);
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)retry_job, retry,
							(callback_job_cleanup_t)retry_destroy, NULL));
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
	this->mutex->lock(this->mutex);
	entry = this->entries->get(this->entries,
						(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
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
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_connector_t, rekey, void,
	private_cluster_failover_connector_t *this, ike_sa_t *old, ike_sa_t *new)
{
	entry_t *entry;

	this->contacts->rekey(this->contacts, old->get_unique_id(old),
						  new->get_unique_id(new));
	this->mutex->lock(this->mutex);
	entry = this->entries->remove(this->entries,
								  (void*)(uintptr_t)old->get_unique_id(old));
	if (entry)
	{	/* e.g. CHILD_SAs of the request still to come on the new IKE_SA */
		entry->id = new->get_unique_id(new);
		entry = this->entries->put(this->entries,
								   (void*)(uintptr_t)entry->id, entry);
	}
	this->mutex->unlock(this->mutex);
	if (entry)
	{
		entry_destroy(entry);
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
	epoch_t *epoch;

	this->mutex->lock(this->mutex);
	epoch = this->epochs->get(this->epochs, name);
	if (!epoch)
	{	/* the key is our own copy of the name, the hashtable keeps it */
		INIT(epoch,
			.name = strdup(name),
		);
		this->epochs->put(this->epochs, epoch->name, epoch);
	}
	epoch->epoch++;
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_connector_t, get_request_count, u_int,
	private_cluster_failover_connector_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->entries->get_count(this->entries);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(cluster_failover_connector_t, set_exhausted_cb, void,
	private_cluster_failover_connector_t *this,
	cluster_failover_exhausted_cb_t cb, void *data)
{
	this->exhausted = cb;
	this->exhausted_data = data;
}

METHOD(cluster_failover_connector_t, destroy, void,
	private_cluster_failover_connector_t *this)
{
	enumerator_t *enumerator;
	entry_t *entry;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		entry_destroy(entry);
	}
	enumerator->destroy(enumerator);
	this->entries->destroy(this->entries);
	this->reestablishing->destroy(this->reestablishing);
	this->contacts->destroy(this->contacts);
	this->epochs->destroy_function(this->epochs, (void*)epoch_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_connector_t *cluster_failover_connector_create(
								cluster_failover_config_t *config,
								cluster_failover_order_t *order,
								cluster_failover_holddown_t *holddown)
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
			.get_request_count = _get_request_count,
			.set_exhausted_cb = _set_exhausted_cb,
			.destroy = _destroy,
		},
		.config = config,
		.order = order,
		.holddown = holddown,
		.entries = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.reestablishing = linked_list_create(),
		.contacts = cluster_failover_contacts_create(),
		.epochs = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								   8),
	);

	return &this->public;
}
