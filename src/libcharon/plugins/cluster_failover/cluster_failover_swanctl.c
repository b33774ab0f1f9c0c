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

#include "cluster_failover_swanctl.h"
#include "cluster_failover_swanctl_files.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

#ifndef CF_SWANCTLDIR
#define CF_SWANCTLDIR "/etc/swanctl"
#endif

typedef struct private_cluster_failover_swanctl_t
		private_cluster_failover_swanctl_t;

/**
 * Private data of a cluster_failover_swanctl_t object.
 */
struct private_cluster_failover_swanctl_t {

	/**
	 * Public interface
	 */
	cluster_failover_swanctl_t public;

	/**
	 * Path of swanctl.conf
	 */
	char *path;

	/**
	 * State of the files when they were last read, NULL before
	 */
	cluster_failover_swanctl_files_t *files;

	/**
	 * Clusters read last, defined_t, valid or not
	 */
	linked_list_t *clusters;
};

/**
 * A cluster and the file defining it
 */
typedef struct {

	/**
	 * Name of the cluster
	 */
	char *name;

	/**
	 * The cluster, NULL if its definition is invalid
	 */
	cluster_failover_cluster_t *cluster;

	/**
	 * File defining the cluster
	 */
	char *file;

} defined_t;

/**
 * Destroy a defined_t
 */
static void defined_destroy(defined_t *defined)
{
	DESTROY_IF(defined->cluster);
	free(defined->name);
	free(defined->file);
	free(defined);
}

/**
 * Find the file defining each cluster: the first file, included ones before
 * the files including them, that alone has the cluster's section.  Returns
 * a table of cluster names to files, owning neither.
 */
static hashtable_t *find_files(cluster_failover_swanctl_files_t *files)
{
	enumerator_t *enumerator, *sections;
	hashtable_t *found;
	settings_t *settings;
	char *path, *name;

	found = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);
	enumerator = files->create_enumerator(files);
	while (enumerator->enumerate(enumerator, &path))
	{
		settings = settings_create(NULL);
		if (settings->load_files(settings, path, FALSE))
		{
			sections = settings->create_section_enumerator(settings,
										CLUSTER_FAILOVER_SWANCTL_SECTION);
			while (sections->enumerate(sections, &name))
			{
				if (!found->get(found, name))
				{	/* the name is in settings, destroyed below */
					found->put(found, strdup(name), path);
				}
			}
			sections->destroy(sections);
		}
		settings->destroy(settings);
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Destroy the table of find_files()
 */
static void destroy_found(hashtable_t *found)
{
	enumerator_t *enumerator;
	char *name, *path;

	enumerator = found->create_enumerator(found);
	while (enumerator->enumerate(enumerator, &name, &path))
	{
		free(name);
	}
	enumerator->destroy(enumerator);
	found->destroy(found);
}

/**
 * Build the valid clusters of parsed settings
 */
static linked_list_t *read_clusters(private_cluster_failover_swanctl_t *this,
									settings_t *settings,
									cluster_failover_swanctl_files_t *files)
{
	cluster_failover_cluster_t *cluster;
	enumerator_t *enumerator;
	linked_list_t *clusters;
	hashtable_t *found;
	defined_t *defined;
	char *name, *file;

	clusters = linked_list_create();
	found = find_files(files);
	enumerator = settings->create_section_enumerator(settings,
										CLUSTER_FAILOVER_SWANCTL_SECTION);
	while (enumerator->enumerate(enumerator, &name))
	{
		file = found->get(found, name) ?: this->path;
		cluster = cluster_failover_cluster_parse_file(settings,
								CLUSTER_FAILOVER_SWANCTL_SECTION, name, file);
		/* invalid ones too, for get_file() */
		INIT(defined,
			.name = strdup(name),
			.cluster = cluster,
			.file = strdup(file),
		);
		clusters->insert_last(clusters, defined);
	}
	enumerator->destroy(enumerator);
	destroy_found(found);
	return clusters;
}

/**
 * Replace the clusters and the snapshot of the files
 */
static void replace(private_cluster_failover_swanctl_t *this,
					linked_list_t *clusters,
					cluster_failover_swanctl_files_t *files)
{
	this->clusters->destroy_function(this->clusters, (void*)defined_destroy);
	this->clusters = clusters;
	DESTROY_IF(this->files);
	this->files = files;
}

/**
 * Count the valid clusters read last
 */
static int count_valid(private_cluster_failover_swanctl_t *this)
{
	enumerator_t *enumerator;
	defined_t *defined;
	int count = 0;

	enumerator = this->clusters->create_enumerator(this->clusters);
	while (enumerator->enumerate(enumerator, &defined))
	{
		count += defined->cluster ? 1 : 0;
	}
	enumerator->destroy(enumerator);
	return count;
}

/**
 * Read the files, see the rules in the header
 */
static bool read_files(private_cluster_failover_swanctl_t *this)
{
	cluster_failover_swanctl_files_t *before, *after;
	settings_t *settings;
	bool parsed;
	int count;

	before = cluster_failover_swanctl_files_create(this->path);
	if (!before->exists(before))
	{
		DBG2(DBG_CFG, "cluster-failover: no %s, no clusters from it",
			 this->path);
		replace(this, linked_list_create(), before);
		return TRUE;
	}
	settings = settings_create(NULL);
	parsed = settings->load_files(settings, this->path, FALSE);
	after = cluster_failover_swanctl_files_create(this->path);
	if (!before->equals(before, after))
	{
		DBG1(DBG_CFG, "cluster-failover: %s changed while it was read, "
			 "it is read again at the next lookup", this->path);
		before->destroy(before);
		after->destroy(after);
		settings->destroy(settings);
		return FALSE;
	}
	before->destroy(before);
	if (!parsed)
	{
		count = count_valid(this);
		DBG1(DBG_CFG, "cluster-failover: %s is invalid, the %d cluster%s "
			 "read from it before %s kept until it changes", this->path,
			 count, count == 1 ? "" : "s", count == 1 ? "is" : "are");
		DESTROY_IF(this->files);
		this->files = after;
		settings->destroy(settings);
		return FALSE;
	}
	replace(this, read_clusters(this, settings, after), after);
	settings->destroy(settings);
	return TRUE;
}

METHOD(cluster_failover_swanctl_t, update, bool,
	private_cluster_failover_swanctl_t *this, bool force)
{
	if (!force && this->files && !this->files->changed(this->files))
	{
		return FALSE;
	}
	return read_files(this);
}

CALLBACK(defined_filter, bool,
	void *unused, enumerator_t *orig, va_list args)
{
	cluster_failover_cluster_t **cluster;
	defined_t *defined;
	char **file;

	VA_ARGS_VGET(args, cluster, file);
	while (orig->enumerate(orig, &defined))
	{
		if (defined->cluster)
		{
			*cluster = defined->cluster;
			*file = defined->file;
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(cluster_failover_swanctl_t, create_enumerator, enumerator_t*,
	private_cluster_failover_swanctl_t *this)
{
	return enumerator_create_filter(
						this->clusters->create_enumerator(this->clusters),
						defined_filter, NULL, NULL);
}

CALLBACK(defined_matches, bool,
	defined_t *defined, va_list args)
{
	char *name;

	VA_ARGS_VGET(args, name);
	return streq(defined->name, name);
}

METHOD(cluster_failover_swanctl_t, get_file, char*,
	private_cluster_failover_swanctl_t *this, char *name)
{
	defined_t *defined;

	if (this->clusters->find_first(this->clusters, defined_matches,
								   (void**)&defined, name))
	{
		return defined->file;
	}
	return NULL;
}

METHOD(cluster_failover_swanctl_t, get_path, char*,
	private_cluster_failover_swanctl_t *this)
{
	return this->path;
}

METHOD(cluster_failover_swanctl_t, destroy, void,
	private_cluster_failover_swanctl_t *this)
{
	replace(this, NULL, NULL);
	free(this->path);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_swanctl_t *cluster_failover_swanctl_create(char *path)
{
	private_cluster_failover_swanctl_t *this;

	INIT(this,
		.public = {
			.update = _update,
			.create_enumerator = _create_enumerator,
			.get_file = _get_file,
			.get_path = _get_path,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.clusters = linked_list_create(),
	);
	return &this->public;
}

/*
 * Described in header
 */
char *cluster_failover_swanctl_conf(settings_t *settings, const char *ns)
{
	char *path, buf[PATH_MAX];

	path = settings->get_str(settings,
				"%s.plugins.cluster-failover.swanctl_conf", NULL, ns);
	if (path && *path)
	{
		return strdup(path);
	}
	snprintf(buf, sizeof(buf), "%s/swanctl.conf",
			 getenv("SWANCTL_DIR") ?: CF_SWANCTLDIR);
	return strdup(buf);
}
