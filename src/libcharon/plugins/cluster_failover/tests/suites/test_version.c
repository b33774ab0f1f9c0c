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

#include "../cluster_failover_tests.h"
#include "../../cluster_failover_version.h"

#include <unistd.h>

/**
 * Compare an image given as a string literal (NULs included) with the
 * expected version, check the outcome and the version found
 */
#define assert_version(image, expected, outcome, version) ({ \
	char found[16]; \
	ck_assert_int_eq(cluster_failover_version_compare( \
				chunk_create((u_char*)image, sizeof(image) - 1), expected, \
				found, sizeof(found)), outcome); \
	ck_assert_str_eq(found, version); \
})

/**
 * Pieces of the daemons' read-only data
 */
#define CHARON_BANNER(v) \
	"\0Starting IKE charon daemon (strongSwan " v ", %s %s, %s)\0"
#define SYSTEMD_BANNER \
	"\0STATUS=Starting charon-systemd, strongSwan %s, %s %s, %s\0"
#define NM_BANNER(v) \
	"\0Starting charon NetworkManager backend (strongSwan " v ")\0"

START_TEST(test_charon)
{
	assert_version("\x7f" "ELF" "\0005.9.8\0Linux strongSwan %s\n"
				   CHARON_BANNER("5.9.8") "more\0",
				   "5.9.8", CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
	assert_version("\x7f" "ELF" "\0006.0.1\0Linux strongSwan %s\n"
				   CHARON_BANNER("6.0.1") "more\0",
				   "5.9.8", CLUSTER_FAILOVER_VERSION_MISMATCH, "6.0.1");
}
END_TEST

START_TEST(test_charon_nm)
{
	assert_version(NM_BANNER("5.9.8"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
	assert_version(NM_BANNER("5.9.7"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9.7");
}
END_TEST

START_TEST(test_systemd)
{
	assert_version(SYSTEMD_BANNER "5.9.8\0" "1.2\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
	assert_version(SYSTEMD_BANNER "x\0" "5.9.9\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9.9");
	/* the first one of several */
	assert_version(SYSTEMD_BANNER "5.9.7\0" "1.2\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9.7");
	/* the expected one anywhere */
	assert_version("1.2\0" SYSTEMD_BANNER "5.9.8\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
}
END_TEST

START_TEST(test_banner_decides)
{
	/* a string of its own does not count against a banner */
	assert_version("5.9.8\0" CHARON_BANNER("6.0.0"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "6.0.0");
	/* any banner with the expected version */
	assert_version(CHARON_BANNER("6.0.0") CHARON_BANNER("5.9.8"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
}
END_TEST

START_TEST(test_exact)
{
	/* neither prefix nor extension */
	assert_version(CHARON_BANNER("5.9.80"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9.80");
	assert_version(CHARON_BANNER("5.9.8rc1"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9.8rc1");
	assert_version(CHARON_BANNER("5.9"), "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "5.9");
	assert_version(CHARON_BANNER("6.0.0rc1"), "6.0.0rc1",
				   CLUSTER_FAILOVER_VERSION_MATCH, "6.0.0rc1");
	assert_version("\0" "15.9.8\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MISMATCH, "15.9.8");
	assert_version("\0" "5.9.8 \0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("\0" "v5.9.8\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
}
END_TEST

START_TEST(test_unknown)
{
	assert_version("", "5.9.8", CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("\0", "5.9.8", CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("\x7f" "ELF\0\0\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	/* no version after the banner, or not one */
	assert_version(SYSTEMD_BANNER, "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("strongSwan 5.x\0strongSwan .9\0strongSwan 5.\0"
				   "5..9\0" "5\0" ".5.9\0", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
}
END_TEST

START_TEST(test_unterminated)
{
	/* the end of the image ends a banner, not a string of its own */
	assert_version("strongSwan 5.9.8", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_MATCH, "5.9.8");
	assert_version("strongSwan ", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("strongSwan", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
	assert_version("x\0" "5.9.8", "5.9.8",
				   CLUSTER_FAILOVER_VERSION_UNKNOWN, "");
}
END_TEST

START_TEST(test_found_truncated)
{
	chunk_t image = chunk_from_str("strongSwan 12345.67890.12345");
	char found[8];

	ck_assert_int_eq(cluster_failover_version_compare(image, "5.9.8",
				found, sizeof(found)), CLUSTER_FAILOVER_VERSION_MISMATCH);
	ck_assert_str_eq(found, "12345.6");
	ck_assert_int_eq(cluster_failover_version_compare(image, "5.9.8",
				NULL, 0), CLUSTER_FAILOVER_VERSION_MISMATCH);
}
END_TEST

START_TEST(test_installed_charon)
{
	chunk_t *image;
	char found[32];

	/* the daemon next to the libcharon the tests use (Debian installs both
	 * in /usr/lib/ipsec), if there is one */
	if (access(STRONGSWAN_LIBDIR "/charon", R_OK) != 0)
	{
		return;
	}
	image = chunk_map(STRONGSWAN_LIBDIR "/charon", FALSE);
	ck_assert(image);
	ck_assert_int_eq(cluster_failover_version_compare(*image, VERSION, found,
				sizeof(found)), CLUSTER_FAILOVER_VERSION_MATCH);
	chunk_unmap(image);
}
END_TEST

START_TEST(test_check_self)
{
	/* this test program holds the expected version only in a banner it
	 * never prints, the version guard must find it there */
	static char *banner __attribute__((used)) = "test (strongSwan "
									CLUSTER_FAILOVER_BUILT_FOR ", for the "
									"version guard)";

	ck_assert(cluster_failover_version_check());
}
END_TEST

Suite *version_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("version");

	tc = tcase_create("compare");
	tcase_add_test(tc, test_charon);
	tcase_add_test(tc, test_charon_nm);
	tcase_add_test(tc, test_systemd);
	tcase_add_test(tc, test_banner_decides);
	tcase_add_test(tc, test_exact);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_unterminated);
	tcase_add_test(tc, test_found_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("daemon");
	tcase_add_test(tc, test_installed_charon);
	tcase_add_test(tc, test_check_self);
	suite_add_tcase(s, tc);

	return s;
}
