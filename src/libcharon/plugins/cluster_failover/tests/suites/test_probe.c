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
#include "../../cluster_failover_probe.h"

#include <sys/socket.h>

/**
 * Turn a request into the reply a peer would send, as received on a raw
 * socket (with an IPv4 header of the given length for IPv4)
 */
static size_t make_reply(int family, uint8_t *request, size_t len,
						 size_t hlen, uint8_t *buf)
{
	memset(buf, 0, hlen);
	if (family == AF_INET)
	{
		buf[0] = 0x40 | (hlen / 4);
	}
	memcpy(buf + hlen, request, len);
	buf[hlen] = family == AF_INET ? 0 : 129;
	return hlen + len;
}

START_TEST(test_build_ipv4)
{
	uint8_t buf[64];
	size_t len;
	uint32_t sum = 0;
	int i;

	len = cluster_failover_probe_build(AF_INET, 0x1234, 0xabcd, buf);
	ck_assert_int_eq(len, 16);
	ck_assert_int_eq(buf[0], 8);
	ck_assert_int_eq(buf[1], 0);
	ck_assert_int_eq(untoh16(buf + 4), 0x1234);
	ck_assert_int_eq(untoh16(buf + 6), 0xabcd);
	/* a valid checksum sums up to 0xffff */
	for (i = 0; i < len; i += 2)
	{
		sum += untoh16(buf + i);
	}
	while (sum >> 16)
	{
		sum = (sum & 0xffff) + (sum >> 16);
	}
	ck_assert_int_eq(sum, 0xffff);
}
END_TEST

START_TEST(test_build_ipv6)
{
	uint8_t buf[64];

	ck_assert_int_eq(cluster_failover_probe_build(AF_INET6, 1, 2, buf), 16);
	ck_assert_int_eq(buf[0], 128);
	/* the kernel computes the checksum */
	ck_assert_int_eq(untoh16(buf + 2), 0);
}
END_TEST

START_TEST(test_parse_reply)
{
	uint8_t req[64], buf[128];
	uint16_t ident, seq;
	size_t len;

	len = cluster_failover_probe_build(AF_INET, 7, 42, req);
	/* with IP options, a 24 byte header */
	len = make_reply(AF_INET, req, len, 24, buf);
	ck_assert(cluster_failover_probe_parse(AF_INET, buf, len, &ident, &seq));
	ck_assert_int_eq(ident, 7);
	ck_assert_int_eq(seq, 42);

	len = cluster_failover_probe_build(AF_INET6, 8, 43, req);
	len = make_reply(AF_INET6, req, len, 0, buf);
	ck_assert(cluster_failover_probe_parse(AF_INET6, buf, len, &ident, &seq));
	ck_assert_int_eq(ident, 8);
	ck_assert_int_eq(seq, 43);
}
END_TEST

START_TEST(test_parse_other)
{
	uint8_t req[64], buf[128];
	uint16_t ident, seq;
	size_t len;

	len = cluster_failover_probe_build(AF_INET, 7, 42, req);
	/* our own request is no reply */
	memset(buf, 0, 20);
	buf[0] = 0x45;
	memcpy(buf + 20, req, len);
	ck_assert(!cluster_failover_probe_parse(AF_INET, buf, 20 + len,
											&ident, &seq));
	/* a reply to somebody else's ping */
	len = make_reply(AF_INET, req, len, 20, buf);
	buf[20 + 8] = 'x';
	ck_assert(!cluster_failover_probe_parse(AF_INET, buf, len, &ident, &seq));
	/* truncated */
	len = make_reply(AF_INET, req, 16, 20, buf);
	ck_assert(!cluster_failover_probe_parse(AF_INET, buf, 30, &ident, &seq));
	ck_assert(!cluster_failover_probe_parse(AF_INET, buf, 10, &ident, &seq));
	/* not IPv4 */
	buf[0] = 0x65;
	ck_assert(!cluster_failover_probe_parse(AF_INET, buf, len, &ident, &seq));
}
END_TEST

/**
 * Probes under test, for the replies
 */
static cluster_failover_probe_t *probe;

static void setup()
{
	probe = cluster_failover_probe_create();
}

static void teardown()
{
	probe->destroy(probe);
}

START_TEST(test_unanswered)
{
	ck_assert(!probe->answered(probe, 1, 0));
	ck_assert(!probe->answered(probe, 1, 1));
	ck_assert(!probe->answered(probe, 1, 0xffff));
}
END_TEST

START_TEST(test_answered)
{
	probe->received(probe, 1, 5);
	ck_assert(probe->answered(probe, 1, 5));
	/* a later probe answered answers the earlier ones */
	ck_assert(probe->answered(probe, 1, 4));
	ck_assert(probe->answered(probe, 1, 1));
	/* not the later ones */
	ck_assert(!probe->answered(probe, 1, 6));
	ck_assert(!probe->answered(probe, 1, 100));
}
END_TEST

START_TEST(test_answered_ident)
{
	probe->received(probe, 1, 5);
	/* replies are per identifier */
	ck_assert(!probe->answered(probe, 2, 5));
	ck_assert(!probe->answered(probe, 2, 1));
	probe->received(probe, 2, 3);
	ck_assert(probe->answered(probe, 2, 3));
	ck_assert(!probe->answered(probe, 2, 5));
	ck_assert(probe->answered(probe, 1, 5));
}
END_TEST

START_TEST(test_answered_later)
{
	probe->received(probe, 1, 5);
	probe->received(probe, 1, 7);
	ck_assert(probe->answered(probe, 1, 7));
	ck_assert(probe->answered(probe, 1, 6));
	ck_assert(!probe->answered(probe, 1, 8));
}
END_TEST

START_TEST(test_answered_late_reply)
{
	probe->received(probe, 1, 7);
	/* a late reply to an earlier probe does not undo a later answer */
	probe->received(probe, 1, 5);
	ck_assert(probe->answered(probe, 1, 7));
	ck_assert(probe->answered(probe, 1, 6));
}
END_TEST

START_TEST(test_answered_zero)
{
	/* 0 is a valid sequence number of a reply, not "none" */
	probe->received(probe, 1, 0);
	ck_assert(probe->answered(probe, 1, 0));
	ck_assert(!probe->answered(probe, 1, 1));
}
END_TEST

START_TEST(test_answered_wrap)
{
	probe->received(probe, 1, 0xffff);
	ck_assert(probe->answered(probe, 1, 0xffff));
	ck_assert(probe->answered(probe, 1, 0xfff0));
	ck_assert(!probe->answered(probe, 1, 1));
	/* the sequence numbers wrap around, 1 follows 0xffff */
	probe->received(probe, 1, 1);
	ck_assert(probe->answered(probe, 1, 1));
	ck_assert(probe->answered(probe, 1, 0));
	ck_assert(probe->answered(probe, 1, 0xffff));
	ck_assert(!probe->answered(probe, 1, 2));
	/* a late reply from before the wrap does not undo it */
	probe->received(probe, 1, 0xfffe);
	ck_assert(probe->answered(probe, 1, 1));
}
END_TEST

START_TEST(test_answered_ident_zero)
{
	/* the identifier is the IKE_SA's unique id modulo 65536, 0 for every
	 * 65536th IKE_SA */
	probe->received(probe, 0, 5);
	ck_assert(probe->answered(probe, 0, 5));
	ck_assert(!probe->answered(probe, 0, 6));
	ck_assert(!probe->answered(probe, 1, 5));
	probe->received(probe, 0, 6);
	ck_assert(probe->answered(probe, 0, 6));
	probe->forget(probe, 0);
	ck_assert(!probe->answered(probe, 0, 5));
}
END_TEST

START_TEST(test_forget)
{
	probe->received(probe, 1, 5);
	probe->received(probe, 2, 5);
	probe->forget(probe, 1);
	ck_assert(!probe->answered(probe, 1, 5));
	ck_assert(!probe->answered(probe, 1, 1));
	/* only that identifier */
	ck_assert(probe->answered(probe, 2, 5));
	/* replies after forgetting count again, from any sequence number */
	probe->received(probe, 1, 2);
	ck_assert(probe->answered(probe, 1, 2));
	ck_assert(!probe->answered(probe, 1, 5));
	/* forgetting an unknown identifier is harmless */
	probe->forget(probe, 3);
	ck_assert(probe->answered(probe, 2, 5));
}
END_TEST

Suite *probe_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("probe");

	tc = tcase_create("echo");
	tcase_add_test(tc, test_build_ipv4);
	tcase_add_test(tc, test_build_ipv6);
	tcase_add_test(tc, test_parse_reply);
	tcase_add_test(tc, test_parse_other);
	suite_add_tcase(s, tc);

	tc = tcase_create("replies");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unanswered);
	tcase_add_test(tc, test_answered);
	tcase_add_test(tc, test_answered_ident);
	tcase_add_test(tc, test_answered_later);
	tcase_add_test(tc, test_answered_late_reply);
	tcase_add_test(tc, test_answered_zero);
	tcase_add_test(tc, test_answered_wrap);
	tcase_add_test(tc, test_answered_ident_zero);
	tcase_add_test(tc, test_forget);
	suite_add_tcase(s, tc);

	return s;
}
