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

#include "test_log.h"

#include <stdarg.h>
#include <stdio.h>

/**
 * Log messages captured from the bus, char*
 */
static linked_list_t *messages;

/**
 * Highest level captured
 */
static level_t max_level;

/**
 * Logger capturing the messages
 */
static logger_t logger;

METHOD(logger_t, capture_log, void,
	logger_t *this, debug_t group, level_t level, int thread,
	ike_sa_t *ike_sa, const char *message)
{
	messages->insert_last(messages, strdup(message));
	if (getenv("TESTS_VERBOSE"))
	{
		fprintf(stderr, "%s\n", message);
	}
}

METHOD(logger_t, capture_get_level, level_t,
	logger_t *this, debug_t group)
{
	return max_level;
}

/*
 * Described in header
 */
void test_log_start(level_t level)
{
	max_level = level;
	messages = linked_list_create();
	logger = (logger_t){
		.log = _capture_log,
		.get_level = _capture_get_level,
	};
	charon->bus->add_logger(charon->bus, &logger);
}

/*
 * Described in header
 */
void test_log_stop()
{
	charon->bus->remove_logger(charon->bus, &logger);
	messages->destroy_function(messages, free);
	messages = NULL;
}

/*
 * Described in header
 */
void test_log_clear()
{
	messages->destroy_function(messages, free);
	messages = linked_list_create();
}

/*
 * Described in header
 */
int test_log_count(char *first, ...)
{
	enumerator_t *enumerator;
	va_list args;
	char *message, *str;
	int count = 0;
	bool all;

	enumerator = messages->create_enumerator(messages);
	while (enumerator->enumerate(enumerator, &message))
	{
		all = TRUE;
		va_start(args, first);
		for (str = first; str && all; str = va_arg(args, char*))
		{
			all = strstr(message, str) != NULL;
		}
		va_end(args);
		if (all)
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	return count;
}
