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

#include "core_fixture.h"

#include <stdarg.h>

#include <daemon.h>
#include <collections/array.h>
#include <collections/linked_list.h>
#include <encoding/payloads/notify_payload.h>
#include <processing/jobs/job.h>
#include <sa/ikev2/tasks/ike_dpd.h>

/*
 * Described in header
 */
core_units_t core;

/**
 * Processor keeping queued jobs until core_run_jobs() runs them
 */
typedef struct {

	/**
	 * Implements processor_t
	 */
	processor_t public;

	/**
	 * lib->processor replaced, restored by core_teardown()
	 */
	processor_t *orig;

	/**
	 * Queued jobs, job_t*
	 */
	linked_list_t *jobs;

} capture_processor_t;

/**
 * Processor of the current test
 */
static capture_processor_t *capture;

/**
 * A job scheduled on the virtual clock
 */
typedef struct {

	/**
	 * The job
	 */
	job_t *job;

	/**
	 * Virtual time it is due at, in ms
	 */
	uint64_t due;

} scheduled_t;

/**
 * Scheduler keeping scheduled jobs until core_advance() moves the virtual
 * clock past their time
 */
typedef struct {

	/**
	 * Implements scheduler_t
	 */
	scheduler_t public;

	/**
	 * lib->scheduler replaced, restored by core_teardown()
	 */
	scheduler_t *orig;

	/**
	 * Scheduled jobs, scheduled_t*
	 */
	linked_list_t *jobs;

	/**
	 * Virtual time, in ms
	 */
	uint64_t now;

} capture_scheduler_t;

/**
 * Scheduler of the current test
 */
static capture_scheduler_t *timer;

/**
 * Configs of an additional responder, see core_add_responder()
 */
typedef struct {

	/**
	 * Implements backend_t
	 */
	backend_t public;

	/**
	 * ike_cfg accepting IKE_SA_INITs on any address
	 */
	ike_cfg_t *ike_cfg;

	/**
	 * Responder's connection
	 */
	peer_cfg_t *peer_cfg;

} any_backend_t;

/**
 * Additional responder configs, NULL if none
 */
static any_backend_t *any_backend;

/**
 * Exchange type of the last plaintext message received
 */
static exchange_type_t received_exchange;

/**
 * Notify types of the last plaintext message received, notify_type_t
 */
static array_t *received_notifies;

/**
 * Listener recording the last plaintext message received
 */
static listener_t recorder;

METHOD(processor_t, get_total_threads, u_int,
	capture_processor_t *this)
{
	return this->orig->get_total_threads(this->orig);
}

METHOD(processor_t, get_idle_threads, u_int,
	capture_processor_t *this)
{
	return this->orig->get_idle_threads(this->orig);
}

METHOD(processor_t, get_working_threads, u_int,
	capture_processor_t *this, job_priority_t prio)
{
	return this->orig->get_working_threads(this->orig, prio);
}

METHOD(processor_t, get_job_load, u_int,
	capture_processor_t *this, job_priority_t prio)
{
	return this->jobs->get_count(this->jobs);
}

METHOD(processor_t, queue_job, void,
	capture_processor_t *this, job_t *job)
{
	job->status = JOB_STATUS_QUEUED;
	this->jobs->insert_last(this->jobs, job);
}

/**
 * Run a job as a worker thread of the processor would
 */
static void run_job(capture_processor_t *this, job_t *job)
{
	job_requeue_t requeue;

	job->status = JOB_STATUS_EXECUTING;
	requeue = job->execute(job);
	switch (requeue.type)
	{
		case JOB_REQUEUE_TYPE_FAIR:
		case JOB_REQUEUE_TYPE_DIRECT:
			queue_job(this, job);
			return;
		case JOB_REQUEUE_TYPE_SCHEDULE:
			switch (requeue.schedule)
			{
				case JOB_SCHEDULE:
					lib->scheduler->schedule_job(lib->scheduler, job,
												 requeue.time.rel);
					return;
				case JOB_SCHEDULE_MS:
					lib->scheduler->schedule_job_ms(lib->scheduler, job,
													requeue.time.rel);
					return;
				case JOB_SCHEDULE_TV:
					lib->scheduler->schedule_job_tv(lib->scheduler, job,
													requeue.time.abs);
					return;
			}
			/* fall-through */
		default:
			job->status = JOB_STATUS_DONE;
			job->destroy(job);
			return;
	}
}

/**
 * Add a job to the virtual clock
 */
static void schedule_at(capture_scheduler_t *this, job_t *job, uint64_t due)
{
	scheduled_t *scheduled;

	INIT(scheduled,
		.job = job,
		.due = due,
	);
	this->jobs->insert_last(this->jobs, scheduled);
}

METHOD(scheduler_t, schedule_job, void,
	capture_scheduler_t *this, job_t *job, uint32_t s)
{
	schedule_at(this, job, this->now + s * 1000ULL);
}

METHOD(scheduler_t, schedule_job_ms, void,
	capture_scheduler_t *this, job_t *job, uint32_t ms)
{
	schedule_at(this, job, this->now + ms);
}

METHOD(scheduler_t, schedule_job_tv, void,
	capture_scheduler_t *this, job_t *job, timeval_t tv)
{
	timeval_t now, diff;
	uint64_t ms = 0;

	/* relative to the real clock, as the plugin and charon compute it */
	time_monotonic(&now);
	if (timercmp(&tv, &now, >))
	{
		timersub(&tv, &now, &diff);
		ms = diff.tv_sec * 1000ULL + diff.tv_usec / 1000;
	}
	schedule_at(this, job, this->now + ms);
}

METHOD(scheduler_t, get_scheduler_load, u_int,
	capture_scheduler_t *this)
{
	return this->jobs->get_count(this->jobs);
}

METHOD(scheduler_t, flush, void,
	capture_scheduler_t *this)
{
	scheduled_t *scheduled;

	while (this->jobs->remove_first(this->jobs,
									(void**)&scheduled) == SUCCESS)
	{
		scheduled->job->destroy(scheduled->job);
		free(scheduled);
	}
}

METHOD(scheduler_t, destroy_scheduler, void,
	capture_scheduler_t *this)
{
	flush(this);
	this->jobs->destroy(this->jobs);
	free(this);
}

/*
 * Described in header
 */
int core_advance(uint32_t ms)
{
	enumerator_t *enumerator;
	scheduled_t *scheduled, *next;
	uint64_t until;
	int count = 0;

	until = timer->now + ms;
	while (TRUE)
	{
		next = NULL;
		enumerator = timer->jobs->create_enumerator(timer->jobs);
		while (enumerator->enumerate(enumerator, &scheduled))
		{
			if (scheduled->due <= until &&
				(!next || scheduled->due < next->due))
			{
				next = scheduled;
			}
		}
		enumerator->destroy(enumerator);
		if (!next)
		{
			break;
		}
		/* a job scheduling itself for ever is a bug */
		ck_assert(count < 1000);
		timer->jobs->remove(timer->jobs, next, NULL);
		timer->now = max(timer->now, next->due);
		run_job(capture, next->job);
		free(next);
		count++;
	}
	timer->now = until;
	return count;
}

METHOD(processor_t, execute_job, void,
	capture_processor_t *this, job_t *job)
{	/* like the processor without idle threads: right away */
	run_job(this, job);
}

METHOD(processor_t, set_threads, void,
	capture_processor_t *this, u_int count)
{
	/* the test runs the jobs */
}

METHOD(processor_t, cancel, void,
	capture_processor_t *this)
{
	this->orig->cancel(this->orig);
}

METHOD(processor_t, destroy_processor, void,
	capture_processor_t *this)
{
	this->jobs->destroy_offset(this->jobs, offsetof(job_t, destroy));
	free(this);
}

/*
 * Described in header
 */
int core_run_jobs()
{
	job_t *job;
	int count = 0;

	while (capture->jobs->remove_first(capture->jobs, (void**)&job) == SUCCESS)
	{
		/* a job queuing itself for ever is a bug */
		ck_assert(count < 1000);
		run_job(capture, job);
		count++;
	}
	return count;
}

/*
 * Described in header
 */
int core_queued_jobs()
{
	return capture->jobs->get_count(capture->jobs);
}

METHOD(listener_t, record_message, bool,
	listener_t *this, ike_sa_t *ike_sa, message_t *message, bool incoming,
	bool plain)
{
	enumerator_t *enumerator;
	payload_t *payload;
	notify_type_t type;

	if (incoming && plain)
	{
		array_destroy(received_notifies);
		received_notifies = array_create(sizeof(notify_type_t), 0);
		received_exchange = message->get_exchange_type(message);
		enumerator = message->create_payload_enumerator(message);
		while (enumerator->enumerate(enumerator, &payload))
		{
			if (payload->get_type(payload) == PLV2_NOTIFY)
			{
				type = ((notify_payload_t*)payload)->get_notify_type(
												(notify_payload_t*)payload);
				array_insert(received_notifies, ARRAY_TAIL, &type);
			}
		}
		enumerator->destroy(enumerator);
	}
	return TRUE;
}

/*
 * Described in header
 */
bool core_received_notify(exchange_type_t exchange, notify_type_t type)
{
	notify_type_t current;
	int i;

	if (received_exchange != exchange)
	{
		return FALSE;
	}
	for (i = 0; i < array_count(received_notifies); i++)
	{
		array_get(received_notifies, i, &current);
		if (current == type)
		{
			return TRUE;
		}
	}
	return FALSE;
}

/*
 * Described in header
 */
exchange_type_t core_received_exchange()
{
	return received_exchange;
}

/*
 * Described in header
 */
void core_setup(char *options)
{
	char *conf;

	/* the plugin reads its clusters from lib->settings */
	ck_assert(asprintf(&conf, "%s {\nplugins {\ncluster-failover {\n"
					   "swanctl_conf = /nonexistent/swanctl.conf\n"
					   "clusters {\n" CORE_CLUSTER " {\nconnections = "
					   CORE_CONNECTION "\n%s\n}\n}\n}\n}\n}\n", lib->ns,
					   options) > 0);
	ck_assert(lib->settings->load_string(lib->settings, conf, TRUE));
	free(conf);

	test_log_start(LEVEL_DIAG);

	INIT(capture,
		.public = {
			.get_total_threads = _get_total_threads,
			.get_idle_threads = _get_idle_threads,
			.get_working_threads = _get_working_threads,
			.get_job_load = _get_job_load,
			.queue_job = _queue_job,
			.execute_job = _execute_job,
			.set_threads = _set_threads,
			.cancel = _cancel,
			.destroy = _destroy_processor,
		},
		.orig = lib->processor,
		.jobs = linked_list_create(),
	);
	lib->processor = &capture->public;

	INIT(timer,
		.public = {
			.schedule_job = _schedule_job,
			.schedule_job_ms = _schedule_job_ms,
			.schedule_job_tv = _schedule_job_tv,
			.get_job_load = _get_scheduler_load,
			.flush = _flush,
			.destroy = _destroy_scheduler,
		},
		.orig = lib->scheduler,
		.jobs = linked_list_create(),
	);
	lib->scheduler = &timer->public;

	/* as plugin_cb() of cluster_failover_plugin.c */
	core.order = cluster_failover_order_create(NULL);
	ck_assert(core.order);
	core.config = cluster_failover_config_create(lib->ns);
	core.config->load(core.config, lib->settings, FALSE);
	ck_assert_int_eq(core.config->get_count(core.config), 1);
	core.holddown = cluster_failover_holddown_create();
	core.resolver = cluster_failover_resolver_create(NULL, 2000);
	core.connector = cluster_failover_connector_create(core.config,
							core.order, core.holddown, core.resolver);
	core.rehome = cluster_failover_rehome_create(core.config,
											core.connector, core.holddown);
	core.listener = cluster_failover_listener_create(core.config,
											core.connector, core.rehome);
	exchange_test_helper->add_listener(exchange_test_helper,
									   &core.listener->listener);
	/* roam events (address and route changes), as the plugin registers it */
	charon->kernel->add_listener(charon->kernel, &core.listener->kernel);

	/* after the plugin's listener, to see what it sent */
	received_exchange = EXCHANGE_TYPE_UNDEFINED;
	received_notifies = array_create(sizeof(notify_type_t), 0);
	recorder = (listener_t){
		.message = _record_message,
	};
	charon->bus->add_listener(charon->bus, &recorder);
}

/*
 * Described in header
 */
void core_teardown()
{
	/* the plugin sees the IKE_SAs go, as on a shutdown of the daemon */
	charon->ike_sa_manager->flush(charon->ike_sa_manager);
	lib->scheduler = timer->orig;
	timer->public.destroy(&timer->public);
	timer = NULL;
	lib->processor = capture->orig;
	capture->public.destroy(&capture->public);
	capture = NULL;
	if (any_backend)
	{
		charon->backends->remove_backend(charon->backends,
										 &any_backend->public);
		any_backend->ike_cfg->destroy(any_backend->ike_cfg);
		any_backend->peer_cfg->destroy(any_backend->peer_cfg);
		free(any_backend);
		any_backend = NULL;
	}

	/* as plugin_cb() of cluster_failover_plugin.c, the helper's list of
	 * listeners only compares the pointer when it removes it again */
	charon->kernel->remove_listener(charon->kernel, &core.listener->kernel);
	charon->bus->remove_listener(charon->bus, &core.listener->listener);
	core.listener->destroy(core.listener);
	core.rehome->destroy(core.rehome);
	core.connector->destroy(core.connector);
	core.resolver->destroy(core.resolver);
	core.holddown->destroy(core.holddown);
	core.config->destroy(core.config);
	core.order->destroy(core.order);
	memset(&core, 0, sizeof(core));

	charon->bus->remove_listener(charon->bus, &recorder);
	array_destroy(received_notifies);
	received_notifies = NULL;
	test_log_stop();
}

/**
 * Create an initiator's connection: as the helper's "init", with a given
 * name and remote address and, as usual for a cluster, any remote identity
 * (which keeps charon from sending INITIAL_CONTACT itself)
 */
static peer_cfg_t *create_initiator_cfg(peer_cfg_t *helper, child_cfg_t *child,
										char *name, char *remote)
{
	ike_cfg_create_t ike = {
		.version = IKEV2,
		.local = CORE_RESPONDER,
		.local_port = IKEV2_UDP_PORT,
		.remote = remote,
		.remote_port = IKEV2_UDP_PORT,
	};
	peer_cfg_create_t peer = {
		.cert_policy = CERT_SEND_IF_ASKED,
		.unique = UNIQUE_NO,
		.keyingtries = 1,
	};
	enumerator_t *enumerator;
	ike_cfg_t *ike_cfg;
	peer_cfg_t *peer_cfg;
	auth_cfg_t *auth;

	ike_cfg = ike_cfg_create(&ike);
	ike_cfg->add_proposal(ike_cfg, proposal_create_default(PROTO_IKE));
	peer_cfg = peer_cfg_create(name, ike_cfg, &peer);

	enumerator = helper->create_auth_cfg_enumerator(helper, TRUE);
	while (enumerator->enumerate(enumerator, &auth))
	{
		peer_cfg->add_auth_cfg(peer_cfg, auth->clone(auth), TRUE);
	}
	enumerator->destroy(enumerator);
	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY,
			  identification_create_from_string("%any"));
	peer_cfg->add_auth_cfg(peer_cfg, auth, FALSE);
	peer_cfg->add_child_cfg(peer_cfg, child->get_ref(child));
	return peer_cfg;
}

METHOD(backend_t, any_ike_cfgs, enumerator_t*,
	any_backend_t *this, host_t *me, host_t *other)
{
	return enumerator_create_single(this->ike_cfg, NULL);
}

METHOD(backend_t, any_peer_cfgs, enumerator_t*,
	any_backend_t *this, identification_t *me, identification_t *other)
{
	return enumerator_create_single(this->peer_cfg, NULL);
}

/**
 * Create an auth_cfg with a PSK and an identity
 */
static auth_cfg_t *create_auth(char *id)
{
	auth_cfg_t *auth;

	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY, identification_create_from_string(id));
	return auth;
}

/*
 * Described in header
 */
void core_add_responder(char *ts)
{
	ike_cfg_create_t ike = {
		.version = IKEV2,
		.local = "%any",
		.local_port = IKEV2_UDP_PORT,
		.remote = "%any",
		.remote_port = IKEV2_UDP_PORT,
	};
	peer_cfg_create_t peer = {
		.cert_policy = CERT_SEND_IF_ASKED,
		.unique = UNIQUE_NO,
		.keyingtries = 1,
	};
	child_cfg_create_t child = {
		.mode = MODE_TUNNEL,
	};
	child_cfg_t *child_cfg;
	ike_cfg_t *ike_cfg;

	ck_assert(!any_backend);
	INIT(any_backend,
		.public = {
			.create_ike_cfg_enumerator = _any_ike_cfgs,
			.create_peer_cfg_enumerator = _any_peer_cfgs,
			.get_peer_cfg_by_name = (void*)return_null,
		},
	);
	ike_cfg = ike_cfg_create(&ike);
	ike_cfg->add_proposal(ike_cfg, proposal_create_default(PROTO_IKE));
	any_backend->ike_cfg = ike_cfg->get_ref(ike_cfg);
	any_backend->peer_cfg = peer_cfg_create(CORE_ANY_RESPONDER, ike_cfg,
											&peer);
	any_backend->peer_cfg->add_auth_cfg(any_backend->peer_cfg,
										create_auth("resp"), TRUE);
	any_backend->peer_cfg->add_auth_cfg(any_backend->peer_cfg,
										create_auth("init"), FALSE);
	child_cfg = child_cfg_create(CORE_ANY_RESPONDER, &child);
	child_cfg->add_proposal(child_cfg, proposal_create_default(PROTO_ESP));
	child_cfg->add_traffic_selector(child_cfg, TRUE, ts ?
					traffic_selector_create_from_cidr(ts, 0, 0, 65535) :
					traffic_selector_create_dynamic(0, 0, 65535));
	child_cfg->add_traffic_selector(child_cfg, FALSE, ts ?
					traffic_selector_create_from_cidr(ts, 0, 0, 65535) :
					traffic_selector_create_dynamic(0, 0, 65535));
	any_backend->peer_cfg->add_child_cfg(any_backend->peer_cfg, child_cfg);
	charon->backends->add_backend(charon->backends, &any_backend->public);
}

/**
 * Check out an IKE_SA by unique id, which must exist
 */
static ike_sa_t *checkout(uint32_t id)
{
	ike_sa_t *ike_sa;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	ck_assert_msg(ike_sa, "IKE_SA %u not found", id);
	return ike_sa;
}

/**
 * Check in an IKE_SA, destroying it on DESTROY_ME
 */
static void checkin(ike_sa_t *ike_sa, status_t status)
{
	if (status == DESTROY_ME)
	{
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager,
													ike_sa);
	}
	else
	{
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	}
}

/*
 * Described in header
 */
void core_initiate(char *remote, uint32_t *init, uint32_t *resp)
{
	core_initiate_conn(CORE_CONNECTION, remote, init, resp);
}

/*
 * Described in header
 */
void core_initiate_conn(char *name, char *remote, uint32_t *init,
						uint32_t *resp)
{
	ike_sa_t *i, *r;
	child_cfg_t *child;
	peer_cfg_t *peer_cfg;
	status_t status;

	child = exchange_test_helper->create_sa(exchange_test_helper, &i, &r,
											NULL);
	peer_cfg = create_initiator_cfg(i->get_peer_cfg(i), child, name,
									remote ?: CORE_RESPONDER);
	i->set_peer_cfg(i, peer_cfg);
	peer_cfg->destroy(peer_cfg);
	*init = i->get_unique_id(i);
	*resp = r->get_unique_id(r);

	/* register both with the manager, see core_fixture.h */
	charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, r);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, r);
	charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, i);
	charon->bus->set_sa(charon->bus, i);
	status = i->initiate(i, child, NULL);
	ck_assert_int_eq(status, SUCCESS);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, i);
}

/*
 * Described in header
 */
message_t *core_next()
{
	message_t *message;

	message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender);
	ck_assert_msg(message, "no message sent");
	return message;
}

/*
 * Described in header
 */
status_t core_process(uint32_t id)
{
	return core_process_message(id, core_next());
}

/*
 * Described in header
 */
status_t core_process_message(uint32_t id, message_t *message)
{
	ike_sa_t *ike_sa;
	status_t status;

	ike_sa = checkout(id);
	status = exchange_test_helper->process_message(exchange_test_helper,
												   ike_sa, message);
	checkin(ike_sa, status);
	return status;
}

/*
 * Described in header
 */
void core_set_spis(uint32_t init, uint32_t resp, bool response)
{
	ike_sa_t *ike_sa;
	ike_sa_id_t *id;
	uint64_t spi;

	/* checkout_by_id() waits for every IKE_SA it passes, never have two
	 * checked out at once */
	ike_sa = checkout(response ? resp : init);
	id = ike_sa->get_id(ike_sa);
	spi = response ? id->get_responder_spi(id) : id->get_initiator_spi(id);
	checkin(ike_sa, SUCCESS);

	ike_sa = checkout(response ? init : resp);
	id = ike_sa->get_id(ike_sa);
	if (response)
	{
		id->set_responder_spi(id, spi);
	}
	else
	{
		id->set_initiator_spi(id, spi);
	}
	checkin(ike_sa, SUCCESS);
}

/*
 * Described in header
 */
void core_complete(uint32_t init, uint32_t resp)
{
	/* IKE_SA_INIT --> */
	core_set_spis(init, resp, FALSE);
	ck_assert_int_eq(core_process(resp), SUCCESS);
	/* <-- IKE_SA_INIT */
	core_set_spis(init, resp, TRUE);
	ck_assert_int_eq(core_process(init), SUCCESS);
	/* IKE_AUTH --> */
	ck_assert_int_eq(core_process(resp), SUCCESS);
	/* <-- IKE_AUTH */
	ck_assert_int_eq(core_process(init), SUCCESS);
	ck_assert_int_eq(core_state(init), IKE_ESTABLISHED);
	ck_assert_int_eq(core_state(resp), IKE_ESTABLISHED);
}

/*
 * Described in header
 */
void core_establish(uint32_t *init, uint32_t *resp)
{
	core_establish_conn(CORE_CONNECTION, init, resp);
}

/*
 * Described in header
 */
void core_establish_conn(char *name, uint32_t *init, uint32_t *resp)
{
	core_initiate_conn(name, NULL, init, resp);
	core_complete(*init, *resp);
}

/*
 * Described in header
 */
void core_rekey(uint32_t *init, uint32_t *resp)
{
	ike_sa_t *ike_sa;
	uint32_t new_i, new_r;

	ike_sa = checkout(*init);
	ck_assert_int_eq(ike_sa->rekey(ike_sa), SUCCESS);
	checkin(ike_sa, SUCCESS);
	/* CREATE_CHILD_SA { SA, Ni, KEi } --> */
	ck_assert_int_eq(core_process(*resp), SUCCESS);
	/* <-- CREATE_CHILD_SA { SA, Nr, KEr } */
	ck_assert_int_eq(core_process(*init), SUCCESS);
	new_i = core_find(CORE_CONNECTION, *init, IKE_ESTABLISHED);
	new_r = core_find("resp", *resp, IKE_ESTABLISHED);
	ck_assert(new_i && new_r);
	/* INFORMATIONAL { D } --> */
	ck_assert_int_eq(core_process(*resp), DESTROY_ME);
	/* <-- INFORMATIONAL { } */
	ck_assert_int_eq(core_process(*init), DESTROY_ME);
	ck_assert_int_eq(core_state(*init), IKE_DESTROYING);
	ck_assert_int_eq(core_state(*resp), IKE_DESTROYING);
	*init = new_i;
	*resp = new_r;
}

/*
 * Described in header
 */
uint32_t core_find(char *name, uint32_t not, ike_sa_state_t state)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	uint32_t id = 0;

	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (streq(ike_sa->get_name(ike_sa), name) &&
			ike_sa->get_unique_id(ike_sa) != not &&
			ike_sa->get_state(ike_sa) == state)
		{
			id = ike_sa->get_unique_id(ike_sa);
			break;
		}
	}
	enumerator->destroy(enumerator);
	charon->bus->set_sa(charon->bus, NULL);
	return id;
}

/*
 * Described in header
 */
uint32_t core_responder()
{
	ike_sa_t *ike_sa;
	uint32_t id;

	ike_sa = charon->ike_sa_manager->create_new(charon->ike_sa_manager,
												IKEV2, FALSE);
	id = ike_sa->get_unique_id(ike_sa);
	charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, ike_sa);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	return id;
}

/*
 * Described in header
 */
status_t core_terminate(uint32_t id)
{
	ike_sa_t *ike_sa;
	status_t status;

	ike_sa = checkout(id);
	status = ike_sa->delete(ike_sa, FALSE);
	checkin(ike_sa, status);
	return status;
}

/*
 * Described in header
 */
ike_sa_state_t core_state(uint32_t id)
{
	ike_sa_t *ike_sa;
	ike_sa_state_t state;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	if (!ike_sa)
	{
		return IKE_DESTROYING;
	}
	state = ike_sa->get_state(ike_sa);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	return state;
}

/*
 * Described in header
 */
void core_lose(uint32_t id)
{
	ike_sa_t *ike_sa;
	message_t *message;
	status_t status;
	int i;

	ike_sa = checkout(id);
	ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
	status = ike_sa->initiate(ike_sa, NULL, NULL);
	for (i = 0; status == SUCCESS && i < 100; i++)
	{
		status = ike_sa->retransmit(ike_sa,
									ike_sa->get_message_id(ike_sa, TRUE));
	}
	ck_assert_int_eq(status, DESTROY_ME);
	checkin(ike_sa, status);
	/* nobody answered */
	while ((message = exchange_test_helper->sender->dequeue(
											exchange_test_helper->sender)))
	{
		message->destroy(message);
	}
}
