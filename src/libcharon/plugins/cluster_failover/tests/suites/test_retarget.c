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
#include "../../cluster_failover_retarget.h"

#include <encoding/payloads/notify_payload.h>

#include <arpa/inet.h>

/**
 * Initiator SPI of the tests, as on the wire
 */
static const uint8_t spi_i[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

static ike_sa_id_t *id;
static message_t *message;

static void setup()
{
	/* SPIs 01..08 and 0, in network order as on the wire */
	id = ike_sa_id_create(IKEV2_MAJOR_VERSION,
						  htobe64(0x0102030405060708ULL), 0, TRUE);
	message = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	message->set_exchange_type(message, IKE_SA_INIT);
	message->set_request(message, TRUE);
	message->set_ike_sa_id(message, id);
}

static void teardown()
{
	message->destroy(message);
	id->destroy(id);
}

/**
 * Calculate a NAT-D hash independently of the plugin, as in RFC 7296,
 * 2.23: SHA-1(SPIi | SPIr | IP | port), of the tests' initiator SPI and
 * the given responder SPI (zero in an IKE_SA_INIT request), address and
 * port, all in network order
 */
static chunk_t natd(uint64_t spi_r, char *addr, uint16_t port)
{
	uint8_t data[8 + 8 + 16 + 2], *pos = data;
	hasher_t *hasher;
	chunk_t hash;
	int i;

	memcpy(pos, spi_i, sizeof(spi_i));
	pos += sizeof(spi_i);
	for (i = 7; i >= 0; i--)
	{
		*pos++ = spi_r >> (i * 8);
	}
	if (strchr(addr, ':'))
	{
		ck_assert(inet_pton(AF_INET6, addr, pos) == 1);
		pos += 16;
	}
	else
	{
		ck_assert(inet_pton(AF_INET, addr, pos) == 1);
		pos += 4;
	}
	*pos++ = port >> 8;
	*pos++ = port & 0xff;

	hasher = lib->crypto->create_hasher(lib->crypto, HASH_SHA1);
	ck_assert(hasher);
	ck_assert(hasher->allocate_hash(hasher, chunk_create(data, pos - data),
									&hash));
	hasher->destroy(hasher);
	return hash;
}

/**
 * Address the message and add NAT-D notifies for these addresses, the
 * source hash faked if fake is set
 */
static void prepare(char *src, char *dst, uint16_t port, bool fake)
{
	host_t *s, *d;
	chunk_t hash;

	s = host_create_from_string(src, port);
	d = host_create_from_string(dst, port);
	message->add_notify(message, FALSE, COOKIE, chunk_from_chars(0x42));
	if (fake)
	{
		hash = chunk_clone(chunk_from_chars(0xde, 0xad));
	}
	else
	{
		hash = natd(0, src, port);
	}
	message->add_notify(message, FALSE, NAT_DETECTION_SOURCE_IP, hash);
	chunk_free(&hash);
	hash = natd(0, dst, port);
	message->add_notify(message, FALSE, NAT_DETECTION_DESTINATION_IP, hash);
	chunk_free(&hash);
	message->set_source(message, s);
	message->set_destination(message, d);
}

/**
 * Retarget the message to these addresses
 */
static void retarget(char *src, char *dst, uint16_t port)
{
	cluster_failover_retarget(message, id,
							  host_create_from_string(src, port),
							  host_create_from_string(dst, port));
}

/**
 * Check the data of a notify of the message
 */
static void assert_notify(notify_type_t type, chunk_t expected)
{
	notify_payload_t *notify;
	chunk_t data;

	notify = message->get_notify(message, type);
	ck_assert(notify);
	data = notify->get_notification_data(notify);
	ck_assert_msg(chunk_equals(data, expected), "%N is %B, not %B",
				  notify_type_names, type, &data, &expected);
}

/**
 * Check a notify holds the NAT-D hash of an address and port
 */
static void assert_natd(notify_type_t type, char *addr, uint16_t port)
{
	chunk_t hash;

	hash = natd(0, addr, port);
	assert_notify(type, hash);
	chunk_free(&hash);
}

/**
 * Check the plugin's NAT-D hash of an IKE_SA id, address and port
 */
static void assert_hash(ike_sa_id_t *sa_id, uint64_t spi_r, char *addr,
						uint16_t port)
{
	host_t *host;
	chunk_t hash, expected;

	host = host_create_from_string(addr, port);
	hash = cluster_failover_natd_hash(sa_id, host);
	expected = natd(spi_r, addr, port);
	ck_assert_msg(chunk_equals(hash, expected), "NAT-D of %s[%u] is %B, "
				  "not %B", addr, port, &hash, &expected);
	chunk_free(&expected);
	chunk_free(&hash);
	host->destroy(host);
}

/**
 * Check the addresses of the message
 */
static void assert_hosts(char *src, char *dst, uint16_t port)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%#H", message->get_source(message));
	ck_assert_str_eq(buf, src);
	snprintf(buf, sizeof(buf), "%#H", message->get_destination(message));
	ck_assert_str_eq(buf, dst);
	ck_assert_int_eq(message->get_source(message)->get_port(
										message->get_source(message)), port);
}

START_TEST(test_hash_known_answer)
{
	host_t *host;
	chunk_t hash;

	/* SHA-1 of SPIs | address | port, computed independently */
	host = host_create_from_string("192.168.0.100", 4500);
	hash = cluster_failover_natd_hash(id, host);
	ck_assert(chunk_equals(hash, chunk_from_chars(
		0x4b, 0xcf, 0x67, 0x62, 0xa7, 0x03, 0xcc, 0x0a, 0xcb, 0x93,
		0xf0, 0xd0, 0x10, 0x5d, 0x51, 0x63, 0x62, 0xde, 0xad, 0xbc)));
	chunk_free(&hash);
	host->destroy(host);

	host = host_create_from_string("fec0::10", 500);
	hash = cluster_failover_natd_hash(id, host);
	ck_assert(chunk_equals(hash, chunk_from_chars(
		0xcc, 0x4b, 0x2e, 0x32, 0x08, 0x38, 0xeb, 0x6e, 0x5a, 0x9a,
		0x52, 0x22, 0xce, 0x59, 0x6b, 0x7f, 0x37, 0x8f, 0xb5, 0xf1)));
	chunk_free(&hash);
	host->destroy(host);
}
END_TEST

START_TEST(test_hash_v4)
{
	assert_hash(id, 0, "192.168.0.100", 500);
	assert_hash(id, 0, "192.168.0.100", 4500);
	assert_hash(id, 0, "10.9.0.1", 65535);
	assert_hash(id, 0, "0.0.0.0", 0);
}
END_TEST

START_TEST(test_hash_v6)
{
	assert_hash(id, 0, "fec0::10", 500);
	assert_hash(id, 0, "2001:db8::1:2:3:4", 4500);
	assert_hash(id, 0, "::", 0);
}
END_TEST

START_TEST(test_hash_responder_spi)
{
	ike_sa_id_t *established;

	/* after IKE_SA_INIT, with the responder's SPI */
	established = ike_sa_id_create(IKEV2_MAJOR_VERSION,
								   htobe64(0x0102030405060708ULL),
								   htobe64(0x1112131415161718ULL), TRUE);
	assert_hash(established, 0x1112131415161718ULL, "192.168.0.1", 4500);
	assert_hash(established, 0x1112131415161718ULL, "fec0::1", 4500);
	established->destroy(established);
}
END_TEST

START_TEST(test_retarget_v4)
{
	prepare("192.168.0.100", "192.168.0.1", 500, FALSE);
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_hosts("192.168.0.100[500]", "192.168.0.2[500]", 500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "192.168.0.100", 500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
	assert_notify(COOKIE, chunk_from_chars(0x42));
}
END_TEST

START_TEST(test_retarget_source)
{
	prepare("192.168.0.100", "192.168.0.1", 4500, FALSE);
	retarget("10.9.0.100", "192.168.0.50", 4500);
	assert_hosts("10.9.0.100[4500]", "192.168.0.50[4500]", 4500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "10.9.0.100", 4500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.50", 4500);
}
END_TEST

START_TEST(test_retarget_v6)
{
	prepare("fec0::10", "fec0::1", 500, FALSE);
	retarget("fec0::10", "fec0::2", 500);
	assert_hosts("fec0::10[500]", "fec0::2[500]", 500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "fec0::10", 500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "fec0::2", 500);
}
END_TEST

START_TEST(test_retarget_faked_source)
{
	/* a faked source hash forces UDP encapsulation, it must stay */
	prepare("192.168.0.100", "192.168.0.1", 500, TRUE);
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_notify(NAT_DETECTION_SOURCE_IP, chunk_from_chars(0xde, 0xad));
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
}
END_TEST

START_TEST(test_retarget_no_natd)
{
	host_t *s, *d;

	s = host_create_from_string("192.168.0.100", 500);
	d = host_create_from_string("192.168.0.1", 500);
	message->set_source(message, s);
	message->set_destination(message, d);
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_hosts("192.168.0.100[500]", "192.168.0.2[500]", 500);
	ck_assert(!message->get_notify(message, NAT_DETECTION_SOURCE_IP));
	ck_assert(!message->get_notify(message, NAT_DETECTION_DESTINATION_IP));
}
END_TEST

Suite *retarget_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("retarget");

	tc = tcase_create("natd hash");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hash_known_answer);
	tcase_add_test(tc, test_hash_v4);
	tcase_add_test(tc, test_hash_v6);
	tcase_add_test(tc, test_hash_responder_spi);
	suite_add_tcase(s, tc);

	tc = tcase_create("retarget");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_retarget_v4);
	tcase_add_test(tc, test_retarget_source);
	tcase_add_test(tc, test_retarget_v6);
	tcase_add_test(tc, test_retarget_faked_source);
	tcase_add_test(tc, test_retarget_no_natd);
	suite_add_tcase(s, tc);

	return s;
}
