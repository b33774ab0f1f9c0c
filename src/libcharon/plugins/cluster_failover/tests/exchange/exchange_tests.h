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

TEST_SUITE(connect_suite_create)
TEST_SUITE(requests_suite_create)
TEST_SUITE(rekey_suite_create)
TEST_SUITE(standby_suite_create)
TEST_SUITE(path_suite_create)
TEST_SUITE(vips_suite_create)
TEST_SUITE(burst_suite_create)
TEST_SUITE(members_suite_create)
