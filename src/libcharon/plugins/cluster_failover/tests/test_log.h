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

/**
 * @defgroup test_log test_log
 * @{ @ingroup cluster_failover_tests
 */

#ifndef TEST_LOG_H_
#define TEST_LOG_H_

#include <daemon.h>

/**
 * Start capturing the log messages on charon's bus, for both test programs.
 * With TESTS_VERBOSE set in the environment, they are printed too.
 *
 * @param level		highest level to capture
 */
void test_log_start(level_t level);

/**
 * Stop capturing and forget the messages.
 */
void test_log_stop();

/**
 * Forget the log messages captured so far.
 */
void test_log_clear();

/**
 * Count the captured log messages containing all given strings.
 *
 * @param first		first string, followed by more, NULL terminated
 * @return			number of captured messages containing all of them
 */
int test_log_count(char *first, ...);

#endif /** TEST_LOG_H_ @}*/
