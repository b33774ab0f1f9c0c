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

#include "cluster_failover_exporter.h"
#include "cluster_failover_metrics.h"
#include "cluster_failover_parse.h"
#include "cluster_failover_util.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/**
 * Prefix of the options
 */
#define OPTIONS "%s.plugins.cluster-failover.metrics"

typedef struct private_cluster_failover_exporter_t
		private_cluster_failover_exporter_t;

/**
 * Private data of a cluster_failover_exporter_t object.
 */
struct private_cluster_failover_exporter_t {

	/**
	 * Public interface
	 */
	cluster_failover_exporter_t public;

	/**
	 * State exported
	 */
	cluster_failover_state_t *state;

	/**
	 * Directory of the metrics file, NULL if off
	 */
	char *directory;

	/**
	 * Interval of the periodic writes, in ms
	 */
	uint32_t interval;

	/**
	 * Generation of the options, the periodic jobs of older ones end
	 */
	u_int generation;

	/**
	 * A write for a change is scheduled
	 */
	bool pending;

	/**
	 * Time of the last write
	 */
	uint64_t last;

	/**
	 * Last error logged, NULL if the last write succeeded
	 */
	char *error;

	/**
	 * Lock for the fields above
	 */
	mutex_t *mutex;

	/**
	 * Serializes writes
	 */
	mutex_t *writing;
};

/**
 * A periodic write job
 */
typedef struct {
	/** exporter */
	private_cluster_failover_exporter_t *this;
	/** generation of the options it was scheduled for */
	u_int generation;
} periodic_t;

/**
 * Log an error once per change of error, NULL for success
 */
static void log_error(private_cluster_failover_exporter_t *this, char *dir,
					  char *error)
{
	this->mutex->lock(this->mutex);
	if (!error && this->error)
	{
		DBG1(DBG_CFG, "cluster-failover: metrics written to %s/%s again",
			 dir, CF_METRICS_FILE);
	}
	else if (error && !streq(error, this->error))
	{
		DBG1(DBG_CFG, "cluster-failover: cannot write metrics to %s/%s: %s",
			 dir, CF_METRICS_FILE, error);
	}
	free(this->error);
	this->error = strdupnull(error);
	this->mutex->unlock(this->mutex);
}

/**
 * Render the metrics into a temporary file in the directory and rename it
 * over the metrics file; returns the failed step and sets errno
 */
static char *write_file(private_cluster_failover_exporter_t *this, char *dir)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	FILE *out;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir,
				 CF_METRICS_FILE) >= sizeof(tmp) ||
		snprintf(path, sizeof(path), "%s/%s", dir,
				 CF_METRICS_FILE) >= sizeof(path))
	{
		errno = ENAMETOOLONG;
		return "path";
	}
	fd = mkstemp(tmp);
	if (fd < 0)
	{
		return "creating a temporary file";
	}
	out = fdopen(fd, "w");
	if (!out || fchmod(fd, 0644) != 0)
	{
		out ? fclose(out) : close(fd);
		unlink(tmp);
		return "opening the temporary file";
	}
	cluster_failover_metrics_render(this->state, cluster_failover_now(), out);
	if (fflush(out) != 0 || ferror(out))
	{
		fclose(out);
		unlink(tmp);
		return "writing the temporary file";
	}
	if (fclose(out) != 0 || rename(tmp, path) != 0)
	{
		unlink(tmp);
		return "renaming the temporary file";
	}
	return NULL;
}

METHOD(cluster_failover_exporter_t, write_, bool,
	private_cluster_failover_exporter_t *this)
{
	char *dir, *step, error[512];

	this->mutex->lock(this->mutex);
	dir = strdupnull(this->directory);
	this->pending = FALSE;
	this->last = cluster_failover_now();
	this->mutex->unlock(this->mutex);
	if (!dir)
	{
		return FALSE;
	}
	this->writing->lock(this->writing);
	step = write_file(this, dir);
	this->writing->unlock(this->writing);
	if (step)
	{
		snprintf(error, sizeof(error), "%s: %s", step, strerror(errno));
	}
	log_error(this, dir, step ? error : NULL);
	free(dir);
	return step == NULL;
}

static job_requeue_t write_job(private_cluster_failover_exporter_t *this)
{
	write_(this);
	return JOB_REQUEUE_NONE;
}

/**
 * Schedule the periodic write of the current generation, with the lock
 */
static void schedule_periodic(private_cluster_failover_exporter_t *this,
							  uint32_t ms);

static job_requeue_t periodic_job(periodic_t *periodic)
{
	private_cluster_failover_exporter_t *this = periodic->this;
	bool current;

	this->mutex->lock(this->mutex);
	current = periodic->generation == this->generation && this->directory;
	if (current)
	{
		schedule_periodic(this, this->interval);
	}
	this->mutex->unlock(this->mutex);
	if (current)
	{
		write_(this);
	}
	return JOB_REQUEUE_NONE;
}

static void schedule_periodic(private_cluster_failover_exporter_t *this,
							  uint32_t ms)
{
	periodic_t *periodic;

	INIT(periodic,
		.this = this,
		.generation = this->generation,
	);
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)periodic_job,
										periodic, free, NULL), max(ms, 1));
}

/**
 * The state changed: write soon, at most once every CF_METRICS_MIN_GAP
 */
static void changed(private_cluster_failover_exporter_t *this)
{
	uint64_t now = cluster_failover_now();
	uint32_t delay = 0;

	this->mutex->lock(this->mutex);
	if (this->directory && !this->pending)
	{
		this->pending = TRUE;
		if (now < this->last + CF_METRICS_MIN_GAP)
		{
			delay = this->last + CF_METRICS_MIN_GAP - now;
		}
		lib->scheduler->schedule_job_ms(lib->scheduler,
				(job_t*)callback_job_create((callback_job_cb_t)write_job,
											this, NULL, NULL), max(delay, 1));
	}
	this->mutex->unlock(this->mutex);
}

/**
 * Read the options, with the lock
 */
static void load(private_cluster_failover_exporter_t *this)
{
	char *dir, *interval;

	free(this->directory);
	this->directory = NULL;
	this->interval = CF_METRICS_INTERVAL;
	this->generation++;

	dir = lib->settings->get_str(lib->settings, OPTIONS ".directory", NULL,
								 lib->ns);
	interval = lib->settings->get_str(lib->settings, OPTIONS ".interval",
									  NULL, lib->ns);
	if (interval &&
		!cluster_failover_parse_time(interval, &this->interval))
	{
		DBG1(DBG_CFG, "cluster-failover: invalid "
			 "charon.plugins.cluster-failover.metrics.interval = '%s', "
			 "using %ums", interval, CF_METRICS_INTERVAL);
		this->interval = CF_METRICS_INTERVAL;
	}
	if (dir && *dir)
	{
		this->directory = strdup(dir);
		DBG2(DBG_CFG, "cluster-failover: metrics in %s/%s every %ums",
			 dir, CF_METRICS_FILE, this->interval);
		/* the first write right away, to show the options work */
		schedule_periodic(this, 1);
	}
}

METHOD(cluster_failover_exporter_t, reload, void,
	private_cluster_failover_exporter_t *this)
{
	this->mutex->lock(this->mutex);
	load(this);
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_exporter_t, destroy, void,
	private_cluster_failover_exporter_t *this)
{
	this->state->set_changed(this->state, NULL, NULL);
	this->writing->destroy(this->writing);
	this->mutex->destroy(this->mutex);
	free(this->directory);
	free(this->error);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_exporter_t *cluster_failover_exporter_create(
										cluster_failover_state_t *state)
{
	private_cluster_failover_exporter_t *this;

	INIT(this,
		.public = {
			.reload = _reload,
			.write = _write_,
			.destroy = _destroy,
		},
		.state = state,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.writing = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	this->mutex->lock(this->mutex);
	load(this);
	this->mutex->unlock(this->mutex);
	state->set_changed(state, (cluster_failover_changed_cb_t)changed, this);
	return &this->public;
}
