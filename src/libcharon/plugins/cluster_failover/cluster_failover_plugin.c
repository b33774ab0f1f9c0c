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

#include "cluster_failover_plugin.h"
#include "cluster_failover_config.h"
#include "cluster_failover_connector.h"
#include "cluster_failover_exporter.h"
#include "cluster_failover_holddown.h"
#include "cluster_failover_listener.h"
#include "cluster_failover_order.h"
#include "cluster_failover_parse.h"
#include "cluster_failover_rehome.h"
#include "cluster_failover_resolver.h"
#include "cluster_failover_state.h"
#include "cluster_failover_version.h"

#include <daemon.h>

/**
 * Default time a key request waits for DNS answers, in ms
 */
#define DEFAULT_DNS_TIMEOUT 2000

typedef struct private_cluster_failover_plugin_t
		private_cluster_failover_plugin_t;

/**
 * Private data of the cluster-failover plugin
 */
struct private_cluster_failover_plugin_t {

	/**
	 * Implements plugin interface
	 */
	cluster_failover_plugin_t public;

	/**
	 * Configured clusters
	 */
	cluster_failover_config_t *config;

	/**
	 * Member ordering
	 */
	cluster_failover_order_t *order;

	/**
	 * Failed members
	 */
	cluster_failover_holddown_t *holddown;

	/**
	 * Addresses of the members, DNS names resolved per key request
	 */
	cluster_failover_resolver_t *resolver;

	/**
	 * State of the bound connections for operators
	 */
	cluster_failover_state_t *state;

	/**
	 * Writes the state as metrics
	 */
	cluster_failover_exporter_t *exporter;

	/**
	 * Connector establishing bound connections
	 */
	cluster_failover_connector_t *connector;

	/**
	 * Failover and recovery of bound connections
	 */
	cluster_failover_rehome_t *rehome;

	/**
	 * Bus listener
	 */
	cluster_failover_listener_t *listener;
};

METHOD(plugin_t, get_name, char*,
	private_cluster_failover_plugin_t *this)
{
	return "cluster-failover";
}

/**
 * Read the time a key request waits for DNS answers
 */
static uint32_t dns_timeout()
{
	uint32_t ms;
	char *value;

	value = lib->settings->get_str(lib->settings,
					"%s.plugins.cluster-failover.dns_timeout", NULL, lib->ns);
	if (!value)
	{
		return DEFAULT_DNS_TIMEOUT;
	}
	if (!cluster_failover_parse_time(value, &ms))
	{
		DBG1(DBG_CFG, "cluster-failover: invalid %s.plugins.cluster-failover."
			 "dns_timeout = '%s': expected a positive time, e.g. 2s or "
			 "500ms, using %ums", lib->ns, value, DEFAULT_DNS_TIMEOUT);
		return DEFAULT_DNS_TIMEOUT;
	}
	return ms;
}

/**
 * Register or unregister the plugin's components
 */
static bool plugin_cb(private_cluster_failover_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		this->order = cluster_failover_order_create(NULL);
		if (!this->order)
		{
			return FALSE;
		}
		this->config = cluster_failover_config_create(lib->ns);
		/* connections are loaded after the daemon started, check them on
		 * reload only */
		this->config->load(this->config, lib->settings, FALSE);
		this->holddown = cluster_failover_holddown_create();
		this->resolver = cluster_failover_resolver_create(NULL,
														  dns_timeout());
		this->state = cluster_failover_state_create(this->holddown);
		this->exporter = cluster_failover_exporter_create(this->state);
		cluster_failover_state_register(this->state);
		this->connector = cluster_failover_connector_create(this->config,
							this->order, this->holddown, this->resolver);
		this->rehome = cluster_failover_rehome_create(this->config,
											this->connector, this->holddown);
		this->listener = cluster_failover_listener_create(this->config,
											this->connector, this->rehome);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
		charon->kernel->add_listener(charon->kernel,
									 &this->listener->kernel);
	}
	else
	{
		charon->kernel->remove_listener(charon->kernel,
										&this->listener->kernel);
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		this->listener->destroy(this->listener);
		this->rehome->destroy(this->rehome);
		this->connector->destroy(this->connector);
		cluster_failover_state_register(NULL);
		this->exporter->destroy(this->exporter);
		this->state->destroy(this->state);
		this->resolver->destroy(this->resolver);
		this->holddown->destroy(this->holddown);
		this->config->destroy(this->config);
		this->order->destroy(this->order);
		this->listener = NULL;
		this->rehome = NULL;
		this->connector = NULL;
		this->exporter = NULL;
		this->state = NULL;
		this->resolver = NULL;
		this->holddown = NULL;
		this->config = NULL;
		this->order = NULL;
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_cluster_failover_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "cluster-failover"),
				PLUGIN_SDEPEND(CUSTOM, "kernel-ipsec"),
				PLUGIN_DEPENDS(RNG, RNG_WEAK),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_cluster_failover_plugin_t *this)
{
	if (this->config)
	{
		this->config->load(this->config, lib->settings, TRUE);
		this->exporter->reload(this->exporter);
	}
	return TRUE;
}

METHOD(plugin_t, destroy, void,
	private_cluster_failover_plugin_t *this)
{
	free(this);
}

/*
 * See header file
 */
plugin_t *cluster_failover_plugin_create()
{
	private_cluster_failover_plugin_t *this;

	if (!cluster_failover_version_check())
	{	/* built for another strongSwan, its ABI may differ */
		return NULL;
	}
	if (!lib->caps->keep(lib->caps, CAP_NET_RAW))
	{	/* for the ICMP sockets of data-path probes */
		DBG1(DBG_CFG, "cluster-failover: without CAP_NET_RAW, data-path "
			 "probes will fail");
	}

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
	);

	return &this->public.plugin;
}
