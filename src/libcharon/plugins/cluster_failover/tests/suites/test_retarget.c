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
#include <sa/ikev2/tasks/ike_natd.h>

#include <arpa/inet.h>

/**
 * Initiator SPI of the tests, as on the wire
 */
static const uint8_t spi_i[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

/**
 * Responder SPI of the tests, in host order, zero in an IKE_SA_INIT request
 */
static uint64_t spi_r;

static ike_sa_t *ike_sa;
static message_t *message;

/**
 * Create the IKE_SA of the tests, forcing UDP encapsulation if force is set
 */
static void create_ike_sa(uint64_t responder, bool force)
{
	ike_cfg_create_t ike = {
		.version = IKEV2,
		.local = "0.0.0.0",
		.local_port = IKEV2_UDP_PORT,
		.remote = "192.168.0.1",
		.remote_port = IKEV2_UDP_PORT,
		.force_encap = force,
	};
	ike_sa_id_t *id;
	ike_cfg_t *ike_cfg;

	DESTROY_IF(ike_sa);
	spi_r = responder;
	/* SPIs in network order as on the wire */
	id = ike_sa_id_create(IKEV2_MAJOR_VERSION,
						  htobe64(0x0102030405060708ULL), htobe64(spi_r),
						  TRUE);
	ike_sa = ike_sa_create(id, TRUE, IKEV2);
	ck_assert(ike_sa);
	id->destroy(id);
	ike_cfg = ike_cfg_create(&ike);
	ike_sa->set_ike_cfg(ike_sa, ike_cfg);
	ike_cfg->destroy(ike_cfg);
}

static void setup()
{
	ike_sa = NULL;
	create_ike_sa(0, FALSE);
	message = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	message->set_exchange_type(message, IKE_SA_INIT);
	message->set_request(message, TRUE);
	message->set_ike_sa_id(message, ike_sa->get_id(ike_sa));
}

static void teardown()
{
	message->destroy(message);
	ike_sa->destroy(ike_sa);
}

/**
 * Calculate a NAT-D hash independently of the plugin and of charon, as in
 * RFC 7296, 2.23: SHA-1(SPIi | SPIr | IP | port), of the tests' SPIs and
 * the given address and port, all in network order
 */
static chunk_t natd(char *addr, uint16_t port)
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
 * Add the NAT-D notifies of charon's ike_natd task of the tests' IKE_SA to
 * a message, addressed from src to dst
 */
static void build_natd(message_t *msg, char *src, char *dst, uint16_t port)
{
	ike_natd_t *task;

	msg->set_source(msg, host_create_from_string(src, port));
	msg->set_destination(msg, host_create_from_string(dst, port));
	task = ike_natd_create(ike_sa, TRUE);
	ck_assert_int_eq(task->task.build(&task->task, msg), NEED_MORE);
	task->task.destroy(&task->task);
}

/**
 * Address the message and add NAT-D notifies for these addresses as charon
 * does, between two other notifies
 */
static void prepare(char *src, char *dst, uint16_t port)
{
	message->add_notify(message, FALSE, COOKIE, chunk_from_chars(0x42));
	build_natd(message, src, dst, port);
	message->add_notify(message, FALSE, REDIRECT_SUPPORTED, chunk_empty);
}

/**
 * Retarget the message to these addresses
 */
static void retarget(char *src, char *dst, uint16_t port)
{
	cluster_failover_retarget(message, ike_sa,
							  host_create_from_string(src, port),
							  host_create_from_string(dst, port));
}

/**
 * Data of a notify of a message
 */
static chunk_t get_data(message_t *msg, notify_type_t type)
{
	notify_payload_t *notify;

	notify = msg->get_notify(msg, type);
	ck_assert_msg(notify, "no %N", notify_type_names, type);
	return notify->get_notification_data(notify);
}

/**
 * Check the data of a notify of the message
 */
static void assert_notify(notify_type_t type, chunk_t expected)
{
	chunk_t data;

	data = get_data(message, type);
	ck_assert_msg(chunk_equals(data, expected), "%N is %B, not %B",
				  notify_type_names, type, &data, &expected);
}

/**
 * Check a notify holds the NAT-D hash of an address and port, computed
 * independently
 */
static void assert_natd(notify_type_t type, char *addr, uint16_t port)
{
	chunk_t hash;

	hash = natd(addr, port);
	assert_notify(type, hash);
	chunk_free(&hash);
}

/**
 * Check the NAT-D notifies of the message are those charon builds for a
 * message addressed directly from src to dst
 */
static void assert_direct(char *src, char *dst, uint16_t port)
{
	message_t *direct;

	direct = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	direct->set_exchange_type(direct, IKE_SA_INIT);
	direct->set_request(direct, TRUE);
	build_natd(direct, src, dst, port);
	assert_notify(NAT_DETECTION_SOURCE_IP,
				  get_data(direct, NAT_DETECTION_SOURCE_IP));
	assert_notify(NAT_DETECTION_DESTINATION_IP,
				  get_data(direct, NAT_DETECTION_DESTINATION_IP));
	direct->destroy(direct);
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

/**
 * Check the other notifies of the message are untouched and in place
 */
static void assert_others()
{
	enumerator_t *enumerator;
	notify_payload_t *notify;
	payload_t *payload;
	notify_type_t types[4];
	int count = 0;

	assert_notify(COOKIE, chunk_from_chars(0x42));
	enumerator = message->create_payload_enumerator(message);
	while (enumerator->enumerate(enumerator, &payload))
	{
		ck_assert_int_eq(payload->get_type(payload), PLV2_NOTIFY);
		ck_assert(count < countof(types));
		notify = (notify_payload_t*)payload;
		types[count++] = notify->get_notify_type(notify);
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(count, 4);
	ck_assert_int_eq(types[0], COOKIE);
	ck_assert_int_eq(types[1], NAT_DETECTION_SOURCE_IP);
	ck_assert_int_eq(types[2], NAT_DETECTION_DESTINATION_IP);
	ck_assert_int_eq(types[3], REDIRECT_SUPPORTED);
}

START_TEST(test_natd_known_answer)
{
	/* SHA-1 of SPIs | address | port, computed independently */
	chunk_t v4 = chunk_from_chars(
		0x4b, 0xcf, 0x67, 0x62, 0xa7, 0x03, 0xcc, 0x0a, 0xcb, 0x93,
		0xf0, 0xd0, 0x10, 0x5d, 0x51, 0x63, 0x62, 0xde, 0xad, 0xbc);
	chunk_t v6 = chunk_from_chars(
		0xcc, 0x4b, 0x2e, 0x32, 0x08, 0x38, 0xeb, 0x6e, 0x5a, 0x9a,
		0x52, 0x22, 0xce, 0x59, 0x6b, 0x7f, 0x37, 0x8f, 0xb5, 0xf1);
	chunk_t hash;

	/* the tests' computation */
	hash = natd("192.168.0.100", 4500);
	ck_assert(chunk_equals(hash, v4));
	chunk_free(&hash);
	hash = natd("fec0::10", 500);
	ck_assert(chunk_equals(hash, v6));
	chunk_free(&hash);

	/* and charon's */
	build_natd(message, "192.168.0.1", "192.168.0.100", 4500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "192.168.0.1", 4500);
	assert_notify(NAT_DETECTION_DESTINATION_IP, v4);
	message->destroy(message);
	message = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	build_natd(message, "fec0::1", "fec0::10", 500);
	assert_notify(NAT_DETECTION_DESTINATION_IP, v6);
}
END_TEST

START_TEST(test_retarget_v4)
{
	prepare("192.168.0.100", "192.168.0.1", 500);
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_hosts("192.168.0.100[500]", "192.168.0.2[500]", 500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "192.168.0.100", 500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
	assert_direct("192.168.0.100", "192.168.0.2", 500);
	assert_others();
}
END_TEST

START_TEST(test_retarget_source)
{
	prepare("192.168.0.100", "192.168.0.1", 4500);
	retarget("10.9.0.100", "192.168.0.50", 4500);
	assert_hosts("10.9.0.100[4500]", "192.168.0.50[4500]", 4500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "10.9.0.100", 4500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.50", 4500);
	assert_direct("10.9.0.100", "192.168.0.50", 4500);
	assert_others();
}
END_TEST

START_TEST(test_retarget_v6)
{
	prepare("fec0::10", "fec0::1", 500);
	retarget("fec0::10", "fec0::2", 500);
	assert_hosts("fec0::10[500]", "fec0::2[500]", 500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "fec0::10", 500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "fec0::2", 500);
	assert_direct("fec0::10", "fec0::2", 500);
	assert_others();
}
END_TEST

START_TEST(test_retarget_responder_spi)
{
	/* the hashes cover both SPIs of the IKE_SA */
	create_ike_sa(0x1112131415161718ULL, FALSE);
	prepare("192.168.0.100", "192.168.0.1", 4500);
	retarget("10.9.0.100", "192.168.0.50", 4500);
	assert_natd(NAT_DETECTION_SOURCE_IP, "10.9.0.100", 4500);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.50", 4500);
	assert_direct("10.9.0.100", "192.168.0.50", 4500);
}
END_TEST

START_TEST(test_retarget_force_encap)
{
	chunk_t faked, hash;

	/* charon fakes the source hash to force UDP encapsulation, the faked
	 * hash does not depend on the source and is the same in every build of
	 * this process, as if charon had addressed the member */
	create_ike_sa(0, TRUE);
	prepare("192.168.0.100", "192.168.0.1", 500);
	faked = chunk_clone(get_data(message, NAT_DETECTION_SOURCE_IP));
	hash = natd("192.168.0.100", 500);
	ck_assert(!chunk_equals(faked, hash));
	chunk_free(&hash);
	retarget("10.9.0.100", "192.168.0.2", 500);
	assert_notify(NAT_DETECTION_SOURCE_IP, faked);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
	assert_direct("10.9.0.100", "192.168.0.2", 500);
	assert_others();
	chunk_free(&faked);
}
END_TEST

START_TEST(test_retarget_any_source)
{
	chunk_t faked;

	/* charon fakes the source hash of an unknown IPv4 source, it stays
	 * faked when the plugin found the source to a member */
	prepare("0.0.0.0", "192.168.0.1", 500);
	faked = chunk_clone(get_data(message, NAT_DETECTION_SOURCE_IP));
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_hosts("192.168.0.100[500]", "192.168.0.2[500]", 500);
	assert_notify(NAT_DETECTION_SOURCE_IP, faked);
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
	assert_others();
	chunk_free(&faked);
	/* no NAT situation set on the IKE_SA by the rewrite */
	ck_assert(!ike_sa->has_condition(ike_sa, COND_NAT_ANY));
}
END_TEST

START_TEST(test_retarget_faked_source)
{
	notify_payload_t *notify;

	/* a source hash that is not the old source's stays */
	prepare("192.168.0.100", "192.168.0.1", 500);
	notify = message->get_notify(message, NAT_DETECTION_SOURCE_IP);
	notify->set_notification_data(notify, chunk_from_chars(0xde, 0xad));
	retarget("192.168.0.100", "192.168.0.2", 500);
	assert_notify(NAT_DETECTION_SOURCE_IP, chunk_from_chars(0xde, 0xad));
	assert_natd(NAT_DETECTION_DESTINATION_IP, "192.168.0.2", 500);
	assert_others();
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
	tcase_add_test(tc, test_natd_known_answer);
	suite_add_tcase(s, tc);

	tc = tcase_create("retarget");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_retarget_v4);
	tcase_add_test(tc, test_retarget_source);
	tcase_add_test(tc, test_retarget_v6);
	tcase_add_test(tc, test_retarget_responder_spi);
	tcase_add_test(tc, test_retarget_force_encap);
	tcase_add_test(tc, test_retarget_any_source);
	tcase_add_test(tc, test_retarget_faked_source);
	tcase_add_test(tc, test_retarget_no_natd);
	suite_add_tcase(s, tc);

	return s;
}
