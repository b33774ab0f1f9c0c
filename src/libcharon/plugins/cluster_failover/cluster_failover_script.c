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

#include "cluster_failover_script.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <utils/process.h>

#include <signal.h>

/**
 * Maximum number of environment variables of the script
 */
#define SCRIPT_ENV 10

/**
 * Job data to run the failover script
 */
typedef struct {

	/**
	 * Path of the script
	 */
	char *path;

	/**
	 * Time it may run, in ms
	 */
	uint32_t timeout;

	/**
	 * Its environment, NULL terminated
	 */
	char *envp[SCRIPT_ENV + 1];

} script_t;

static void script_destroy(script_t *script)
{
	char **pos;

	for (pos = script->envp; *pos; pos++)
	{
		free(*pos);
	}
	free(script->path);
	free(script);
}

/**
 * Add a variable to the environment of the script
 */
static void push_env(script_t *script, char *fmt, ...)
{
	char buf[512];
	va_list args;
	int i;

	for (i = 0; i < SCRIPT_ENV && script->envp[i]; i++)
	{
		/* find the end */
	}
	if (i == SCRIPT_ENV)
	{
		return;
	}
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	script->envp[i] = strdup(buf);
}

/**
 * Exit code of timeout(1) for a command it had to stop
 */
#define TIMED_OUT 124

/**
 * Run the failover script, killed by timeout(1) after its time limit
 */
static job_requeue_t script_job(script_t *script)
{
	process_t *process;
	int code;

	process = process_start_shell(script->envp, NULL, NULL, NULL,
								  "exec timeout --kill-after=1 %u.%03u %s",
								  script->timeout / 1000,
								  script->timeout % 1000, script->path);
	if (!process)
	{
		DBG1(DBG_CHD, "cluster-failover: running %s failed", script->path);
	}
	else if (!process->wait(process, &code))
	{
		DBG1(DBG_CHD, "cluster-failover: waiting for %s failed",
			 script->path);
	}
	else if (code == TIMED_OUT || code == 128 + SIGKILL)
	{
		DBG1(DBG_CHD, "cluster-failover: %s killed after %ums",
			 script->path, script->timeout);
	}
	else if (code)
	{
		DBG1(DBG_CHD, "cluster-failover: %s failed with %d", script->path,
			 code);
	}
	return JOB_REQUEUE_NONE;
}

/*
 * Described in header
 */
void cluster_failover_script_run(cluster_failover_cluster_t *cluster,
								 char *event, char *name, host_t *from,
								 host_t *to, char *cause, uint32_t detect,
								 uint32_t rehome)
{
	cluster_failover_script_run_vips(cluster, event, name, from, to, cause,
									 detect, rehome, NULL);
}

/*
 * Described in header
 */
void cluster_failover_script_run_vips(cluster_failover_cluster_t *cluster,
								 char *event, char *name, host_t *from,
								 host_t *to, char *cause, uint32_t detect,
								 uint32_t rehome, char *kept)
{
	script_t *script;

	if (!cluster->get_script(cluster))
	{
		return;
	}
	INIT(script,
		.path = strdup(cluster->get_script(cluster)),
		.timeout = cluster->get_script_timeout(cluster),
	);
	push_env(script, "EVENT=%s", event);
	push_env(script, "CLUSTER=%s", cluster->get_name(cluster));
	push_env(script, "CONNECTION=%s", name);
	push_env(script, "FROM=%H", from);
	push_env(script, "TO=%H", to);
	push_env(script, "CAUSE=%s", cause);
	push_env(script, "DETECT_MS=%u", detect);
	push_env(script, "REHOME_MS=%u", rehome);
	if (kept)
	{
		push_env(script, "VIP_KEPT=%s", kept);
	}
	lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)script_job, script,
							(callback_job_cleanup_t)script_destroy, NULL));
}
