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

#include "cluster_failover_metrics.h"

/**
 * Prefix of all metric names
 */
#define PREFIX "cluster_failover_"

/**
 * What is rendered of a connection for one metric family
 */
typedef void (*family_cb_t)(FILE *out, cluster_failover_view_t *view);

/**
 * A metric family
 */
typedef struct {
	/** name, without the prefix */
	char *name;
	/** gauge or counter */
	char *type;
	/** HELP text */
	char *help;
	/** renders its samples of a connection */
	family_cb_t render;
} family_t;

/**
 * Write a label value, escaped
 */
static void write_value(FILE *out, char *value)
{
	for (; *value; value++)
	{
		switch (*value)
		{
			case '\\':
				fputs("\\\\", out);
				break;
			case '"':
				fputs("\\\"", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			default:
				fputc(*value, out);
				break;
		}
	}
}

/**
 * Write a label with a host as value, ",name=\"...\""
 */
static void write_host(FILE *out, char *name, host_t *host)
{
	char buf[64] = "";

	if (host)
	{
		snprintf(buf, sizeof(buf), "%H", host);
	}
	fprintf(out, ",%s=\"%s\"", name, buf);
}

/**
 * Start a sample: name and the labels of the connection, left open
 */
static void start(FILE *out, char *name, cluster_failover_view_t *view)
{
	fprintf(out, PREFIX "%s{connection=\"", name);
	write_value(out, view->name);
	fputs("\",cluster=\"", out);
	write_value(out, view->cluster ?: "");
	fputc('"', out);
}

/**
 * Close the labels of a sample and write an integer value
 */
static void end_int(FILE *out, uint64_t value)
{
	fprintf(out, "} %llu\n", (unsigned long long)value);
}

/**
 * Close the labels of a sample and write milliseconds in seconds
 */
static void end_ms(FILE *out, uint64_t ms)
{
	fprintf(out, "} %llu.%03u\n", (unsigned long long)(ms / 1000),
			(u_int)(ms % 1000));
}

static void member_state(FILE *out, cluster_failover_view_t *view)
{
	cluster_failover_member_view_t *member;
	cluster_failover_member_state_t state;
	enumerator_t *enumerator;

	enumerator = view->members->create_enumerator(view->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		for (state = CF_MEMBER_IN_USE; state <= CF_MEMBER_UNUSED; state++)
		{
			start(out, "member_state", view);
			write_host(out, "member", member->host);
			fprintf(out, ",state=\"%N\"", cluster_failover_member_state_names,
					state);
			end_int(out, member->state == state);
		}
	}
	enumerator->destroy(enumerator);
}

static void member_holddown(FILE *out, cluster_failover_view_t *view)
{
	cluster_failover_member_view_t *member;
	enumerator_t *enumerator;

	enumerator = view->members->create_enumerator(view->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		start(out, "member_holddown_remaining_seconds", view);
		write_host(out, "member", member->host);
		end_ms(out, member->left);
	}
	enumerator->destroy(enumerator);
}

static void member_failure(FILE *out, cluster_failover_view_t *view)
{
	cluster_failover_member_view_t *member;
	enumerator_t *enumerator;

	enumerator = view->members->create_enumerator(view->members);
	while (enumerator->enumerate(enumerator, &member))
	{
		if (member->reason)
		{
			start(out, "member_failure_info", view);
			write_host(out, "member", member->host);
			fputs(",reason=\"", out);
			write_value(out, member->reason);
			fputc('"', out);
			end_int(out, 1);
		}
	}
	enumerator->destroy(enumerator);
}

static void heartbeat_state(FILE *out, cluster_failover_view_t *view)
{
	cluster_failover_hb_state_t state;

	for (state = CF_HB_OFF; state <= CF_HB_LOST; state++)
	{
		start(out, "heartbeat_state", view);
		fprintf(out, ",state=\"%N\"", cluster_failover_hb_state_names, state);
		end_int(out, view->heartbeat == state);
	}
}

static void unanswered(FILE *out, cluster_failover_view_t *view)
{
	start(out, "heartbeats_unanswered", view);
	end_int(out, view->unanswered);
}

static void key_requests(FILE *out, cluster_failover_view_t *view)
{
	start(out, "key_requests_total", view);
	end_int(out, view->key_requests);
}

static void failovers(FILE *out, cluster_failover_view_t *view)
{
	start(out, "failovers_total", view);
	end_int(out, view->failovers);
}

static void heartbeats(FILE *out, cluster_failover_view_t *view)
{
	start(out, "heartbeats_sent_total", view);
	end_int(out, view->heartbeats);
}

static void skipped(FILE *out, cluster_failover_view_t *view)
{
	start(out, "members_skipped_total", view);
	end_int(out, view->skipped);
}

static void failover_time(FILE *out, cluster_failover_view_t *view)
{
	if (view->failovers)
	{
		start(out, "last_failover_timestamp_seconds", view);
		end_int(out, view->failover_time);
	}
}

static void failover_info(FILE *out, cluster_failover_view_t *view)
{
	if (view->failovers)
	{
		start(out, "last_failover_info", view);
		write_host(out, "from", view->failover_from);
		write_host(out, "to", view->failover_to);
		fputs(",cause=\"", out);
		write_value(out, view->failover_cause);
		fputc('"', out);
		end_int(out, 1);
	}
}

static void failover_detect(FILE *out, cluster_failover_view_t *view)
{
	if (view->failovers)
	{
		start(out, "last_failover_detection_seconds", view);
		end_ms(out, view->failover_detect);
	}
}

static void failover_rehome(FILE *out, cluster_failover_view_t *view)
{
	if (view->failovers)
	{
		start(out, "last_failover_rehome_seconds", view);
		end_ms(out, view->failover_rehome);
	}
}

/**
 * The metric families, in the order rendered
 */
static family_t families[] = {
	{ "member_state", "gauge", "State of a member of the connection's "
	  "cluster (in_use, standby, held_down, failed, unused).", member_state },
	{ "member_holddown_remaining_seconds", "gauge", "Time left of the "
	  "member's hold-down, 0 if it is not held down.", member_holddown },
	{ "member_failure_info", "gauge", "Why the member failed last, for "
	  "members that failed.", member_failure },
	{ "heartbeat_state", "gauge", "Heartbeat state of the member in use "
	  "(off, up, waiting, path_down, lost).", heartbeat_state },
	{ "heartbeats_unanswered", "gauge", "Heartbeats of the current check "
	  "not answered yet.", unanswered },
	{ "key_requests_total", "counter", "Key requests started for the "
	  "connection.", key_requests },
	{ "failovers_total", "counter", "Failovers of the connection to another "
	  "member.", failovers },
	{ "heartbeats_sent_total", "counter", "Heartbeats sent to the member in "
	  "use.", heartbeats },
	{ "members_skipped_total", "counter", "Members skipped in key requests "
	  "(no answer, failed).", skipped },
	{ "last_failover_timestamp_seconds", "gauge", "Unix time of the last "
	  "failover.", failover_time },
	{ "last_failover_info", "gauge", "Members and cause of the last "
	  "failover.", failover_info },
	{ "last_failover_detection_seconds", "gauge", "Time from the last packet "
	  "of the lost member to its loss, in the last failover.",
	  failover_detect },
	{ "last_failover_rehome_seconds", "gauge", "Time from the loss to the "
	  "new CHILD_SAs, in the last failover.", failover_rehome },
};

/**
 * Data for the visit of one family
 */
typedef struct {
	/** stream */
	FILE *out;
	/** family */
	family_t *family;
} visit_t;

static void visit_cb(visit_t *visit, cluster_failover_view_t *view)
{
	visit->family->render(visit->out, view);
}

/*
 * Described in header
 */
void cluster_failover_metrics_render(cluster_failover_state_t *state,
									 uint64_t now, FILE *out)
{
	visit_t visit = {
		.out = out,
	};
	int i;

	for (i = 0; i < countof(families); i++)
	{
		visit.family = &families[i];
		fprintf(out, "# HELP " PREFIX "%s %s\n", families[i].name,
				families[i].help);
		fprintf(out, "# TYPE " PREFIX "%s %s\n", families[i].name,
				families[i].type);
		state->visit(state, now, (cluster_failover_visit_cb_t)visit_cb,
					 &visit);
	}
}
