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

#include "cluster_failover_swanctl_files.h"

#include <sys/stat.h>

#include <collections/linked_list.h>
#include <utils/chunk.h>
#include <utils/utils/path.h>

/**
 * Include statements nested deeper are not followed (include loops)
 */
#define MAX_DEPTH 10

/**
 * Entries of a snapshot beyond this are not recorded
 */
#define MAX_ENTRIES 512

typedef struct private_cluster_failover_swanctl_files_t
		private_cluster_failover_swanctl_files_t;

/**
 * Private data of a cluster_failover_swanctl_files_t object.
 */
struct private_cluster_failover_swanctl_files_t {

	/**
	 * Public interface
	 */
	cluster_failover_swanctl_files_t public;

	/**
	 * Recorded files and directories, entry_t
	 */
	linked_list_t *entries;
};

/**
 * The state of a file or searched directory
 */
typedef struct {

	/**
	 * Path of the file or directory
	 */
	char *path;

	/**
	 * TRUE for a directory searched by an include pattern
	 */
	bool dir;

	/**
	 * TRUE if stat() succeeded
	 */
	bool exists;

	/**
	 * What stat() returned, zeroed if it failed
	 */
	struct stat st;

} entry_t;

/**
 * Read the state of a path into an entry
 */
static void read_state(entry_t *entry)
{
	entry->exists = stat(entry->path, &entry->st) == 0;
	if (!entry->exists)
	{
		memset(&entry->st, 0, sizeof(entry->st));
	}
}

/**
 * Check whether two states of a path are the same
 */
static bool same_state(entry_t *a, entry_t *b)
{
	return a->exists == b->exists && a->dir == b->dir &&
		   streq(a->path, b->path) &&
		   a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino &&
		   a->st.st_mode == b->st.st_mode && a->st.st_size == b->st.st_size &&
		   a->st.st_mtim.tv_sec == b->st.st_mtim.tv_sec &&
		   a->st.st_mtim.tv_nsec == b->st.st_mtim.tv_nsec &&
		   a->st.st_ctim.tv_sec == b->st.st_ctim.tv_sec &&
		   a->st.st_ctim.tv_nsec == b->st.st_ctim.tv_nsec;
}

/**
 * Destroy an entry
 */
static void entry_destroy(entry_t *entry)
{
	free(entry->path);
	free(entry);
}

/**
 * Record the current state of a path, returns the entry if it was recorded
 */
static entry_t *record(private_cluster_failover_swanctl_files_t *this,
					   char *path, bool dir)
{
	entry_t *entry;

	if (this->entries->get_count(this->entries) >= MAX_ENTRIES)
	{
		return NULL;
	}
	INIT(entry,
		.path = strdup(path),
		.dir = dir,
	);
	read_state(entry);
	return entry;
}

static void scan_file(private_cluster_failover_swanctl_files_t *this,
					  char *path, int depth);

/**
 * Check whether a character belongs to a section or key name
 */
static bool is_name_char(char c)
{
	return !strchr("#{}:.,=\"\r\n\t ", c);
}

/**
 * Skip a quoted string starting after its quote, optionally appending its
 * unescaped content, returns the position after the closing quote
 */
static char *read_string(char *pos, char *end, chunk_t *out)
{
	char c;

	while (pos < end && *pos != '"')
	{
		c = *pos++;
		if (c == '\\' && pos < end)
		{
			c = *pos++;
			switch (c)
			{
				case 'n':
					c = '\n';
					break;
				case 't':
					c = '\t';
					break;
				case 'r':
					c = '\r';
					break;
				case '\n':
					continue;
			}
		}
		if (out && c != '\r')
		{
			*out = chunk_cat("mc", *out, chunk_from_thing(c));
		}
	}
	return pos < end ? pos + 1 : end;
}

/**
 * Skip the value of a key, returns the position of its end
 */
static char *skip_value(char *pos, char *end)
{
	while (pos < end && !strchr("#}\n", *pos))
	{
		if (*pos == '"')
		{
			pos = read_string(pos + 1, end, NULL);
			continue;
		}
		pos++;
	}
	return pos;
}

/**
 * Read the pattern of an include statement, returns the position after it
 */
static char *read_pattern(char *pos, char *end, chunk_t *out)
{
	while (pos < end && !strchr("#}\n\t ", *pos))
	{
		if (*pos == '"')
		{
			return read_string(pos + 1, end, out);
		}
		if (*pos == '\\' && pos + 1 < end && strchr("\"#} ", pos[1]))
		{
			pos++;
		}
		if (*pos != '\r')
		{
			*out = chunk_cat("mc", *out, chunk_create((u_char*)pos, 1));
		}
		pos++;
	}
	return pos;
}

/**
 * Follow an include pattern found in the file at path
 */
static void include(private_cluster_failover_swanctl_files_t *this,
					char *path, char *pattern, int depth)
{
	enumerator_t *enumerator;
	entry_t *entry;
	struct stat st;
	char pat[PATH_MAX], *dir, *file;

	if (!*pattern)
	{
		return;
	}
	dir = path_dirname(path);
	if (snprintf(pat, sizeof(pat), "%s%s%s", path_absolute(pattern) ? "" : dir,
				 path_absolute(pattern) ? "" : "/", pattern) >= sizeof(pat))
	{
		free(dir);
		return;
	}
	free(dir);
	if (!strpbrk(pat, "*?["))
	{
		scan_file(this, pat, depth + 1);
		return;
	}
	dir = path_dirname(pat);
	entry = record(this, dir, TRUE);
	free(dir);
	if (entry)
	{
		this->entries->insert_last(this->entries, entry);
	}
	enumerator = enumerator_create_glob(pat);
	while (enumerator && enumerator->enumerate(enumerator, &file, &st))
	{
		if (S_ISREG(st.st_mode))
		{
			scan_file(this, file, depth + 1);
		}
	}
	DESTROY_IF(enumerator);
}

/**
 * Find the include statements in the text of a file and follow them
 */
static void scan_text(private_cluster_failover_swanctl_files_t *this,
					  char *path, char *pos, char *end, int depth)
{
	chunk_t pattern;
	char *start, *next;

	while (pos < end)
	{
		if (*pos == '#')
		{
			pos = memchr(pos, '\n', end - pos) ?: end;
		}
		else if (*pos == '=')
		{
			pos = skip_value(pos + 1, end);
		}
		else if (*pos == '"')
		{
			pos = read_string(pos + 1, end, NULL);
		}
		else if (!is_name_char(*pos))
		{
			pos++;
		}
		else
		{
			for (start = pos; pos < end && is_name_char(*pos); pos++);
			for (next = pos; next < end && (*next == ' ' || *next == '\t');
				 next++);
			if (pos - start == strlen("include") &&
				strneq(start, "include", pos - start) && next > pos &&
				next < end && *next != '=')
			{
				pattern = chunk_empty;
				pos = read_pattern(next, end, &pattern);
				pattern = chunk_cat("mc", pattern, chunk_from_chars('\0'));
				include(this, path, (char*)pattern.ptr, depth);
				chunk_free(&pattern);
			}
		}
	}
}

/**
 * Record a file and, recursively, the files it includes, the included ones
 * first
 */
static void scan_file(private_cluster_failover_swanctl_files_t *this,
					  char *path, int depth)
{
	entry_t *entry;
	chunk_t *text;

	entry = record(this, path, FALSE);
	if (!entry)
	{
		return;
	}
	if (entry->exists && S_ISREG(entry->st.st_mode) && depth < MAX_DEPTH)
	{
		text = chunk_map(path, FALSE);
		if (text)
		{
			scan_text(this, path, (char*)text->ptr,
					  (char*)text->ptr + text->len, depth);
			chunk_unmap(text);
		}
	}
	this->entries->insert_last(this->entries, entry);
}

METHOD(cluster_failover_swanctl_files_t, changed, bool,
	private_cluster_failover_swanctl_files_t *this)
{
	enumerator_t *enumerator;
	entry_t *entry, now;
	bool changed = FALSE;

	enumerator = this->entries->create_enumerator(this->entries);
	while (!changed && enumerator->enumerate(enumerator, &entry))
	{
		now = *entry;
		read_state(&now);
		changed = !same_state(entry, &now);
	}
	enumerator->destroy(enumerator);
	return changed;
}

METHOD(cluster_failover_swanctl_files_t, equals, bool,
	private_cluster_failover_swanctl_files_t *this,
	cluster_failover_swanctl_files_t *other_public)
{
	private_cluster_failover_swanctl_files_t *other;
	enumerator_t *a, *b;
	entry_t *x, *y;
	bool equal;

	other = (private_cluster_failover_swanctl_files_t*)other_public;
	if (this->entries->get_count(this->entries) !=
		other->entries->get_count(other->entries))
	{
		return FALSE;
	}
	equal = TRUE;
	a = this->entries->create_enumerator(this->entries);
	b = other->entries->create_enumerator(other->entries);
	while (equal && a->enumerate(a, &x) && b->enumerate(b, &y))
	{
		equal = same_state(x, y);
	}
	a->destroy(a);
	b->destroy(b);
	return equal;
}

METHOD(cluster_failover_swanctl_files_t, exists, bool,
	private_cluster_failover_swanctl_files_t *this)
{
	entry_t *top;

	return this->entries->get_last(this->entries, (void**)&top) == SUCCESS &&
		   top->exists && S_ISREG(top->st.st_mode);
}

CALLBACK(existing_file, bool,
	void *unused, enumerator_t *orig, va_list args)
{
	entry_t *entry;
	char **path;

	VA_ARGS_VGET(args, path);
	while (orig->enumerate(orig, &entry))
	{
		if (!entry->dir && entry->exists && S_ISREG(entry->st.st_mode))
		{
			*path = entry->path;
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(cluster_failover_swanctl_files_t, create_enumerator, enumerator_t*,
	private_cluster_failover_swanctl_files_t *this)
{
	return enumerator_create_filter(
						this->entries->create_enumerator(this->entries),
						existing_file, NULL, NULL);
}

METHOD(cluster_failover_swanctl_files_t, get_count, int,
	private_cluster_failover_swanctl_files_t *this)
{
	return this->entries->get_count(this->entries);
}

METHOD(cluster_failover_swanctl_files_t, destroy, void,
	private_cluster_failover_swanctl_files_t *this)
{
	this->entries->destroy_function(this->entries, (void*)entry_destroy);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_swanctl_files_t *cluster_failover_swanctl_files_create(
															char *path)
{
	private_cluster_failover_swanctl_files_t *this;

	INIT(this,
		.public = {
			.changed = _changed,
			.equals = _equals,
			.exists = _exists,
			.create_enumerator = _create_enumerator,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.entries = linked_list_create(),
	);
	scan_file(this, path, 0);
	return &this->public;
}
