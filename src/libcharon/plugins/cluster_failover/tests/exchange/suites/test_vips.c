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

/*
 * A failover asks the new member for the virtual IP held with the lost one
 * (issue 16): the CP request of the new IKE_AUTH carries the old address,
 * and the log line and the script's VIP_KEPT say whether it was granted.
 */

#include "../core_fixture.h"

#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <tests/utils/mock_net.h>

/**
 * The member failed over to, at the responder of core_add_responder()
 */
#define OTHER_MEMBER "192.0.2.2"

/**
 * Virtual IP the initiator holds with the lost member
 */
#define OLD_VIP "10.3.0.1"

/**
 * Virtual IP the other member hands out when it refuses the old one
 */
#define NEW_VIP "10.3.2.1"

/**
 * Responder's address pool: grants or refuses requested addresses and
 * records what was requested
 */
static struct {
	attribute_provider_t public;
	bool grant;
	host_t *requested;
} pool;

/**
 * The kernel's network interface: the helper's mock, which cannot install
 * addresses, with add_ip()/del_ip() that pretend to
 */
static struct {
	kernel_net_t public;
	kernel_net_t *mock;
} net;

/**
 * File the failover script writes VIP_KEPT to
 */
static char out[64];

/**
 * The failover script
 */
static char script[64];

METHOD(attribute_provider_t, acquire_address, host_t*,
	void *this, linked_list_t *pools, ike_sa_t *ike_sa, host_t *requested)
{
	DESTROY_IF(pool.requested);
	pool.requested = requested->clone(requested);
	if (pool.grant && !requested->is_anyaddr(requested))
	{
		return requested->clone(requested);
	}
	return host_create_from_string(NEW_VIP, 0);
}

METHOD(attribute_provider_t, release_address, bool,
	void *this, linked_list_t *pools, host_t *address, ike_sa_t *ike_sa)
{
	return TRUE;
}

METHOD(attribute_provider_t, create_attribute_enumerator, enumerator_t*,
	void *this, linked_list_t *pools, ike_sa_t *ike_sa, linked_list_t *vips)
{
	return enumerator_create_empty();
}

METHOD(kernel_net_t, add_ip, status_t,
	void *this, host_t *ip, int prefix, char *iface)
{
	return SUCCESS;
}

METHOD(kernel_net_t, del_ip, status_t,
	void *this, host_t *ip, int prefix, bool wait)
{
	return SUCCESS;
}

METHOD(kernel_net_t, get_source_addr, host_t*,
	void *this, host_t *dest, host_t *src)
{
	return net.mock->get_source_addr(net.mock, dest, src);
}

METHOD(kernel_net_t, get_interface, bool,
	void *this, host_t *host, char **name)
{
	return net.mock->get_interface(net.mock, host, name);
}

METHOD(kernel_net_t, net_destroy, void,
	void *this)
{
	net.mock->destroy(net.mock);
}

/**
 * Constructor of the kernel's network interface
 */
static kernel_net_t *vip_net_create()
{
	net.mock = mock_net_create();
	net.public = *net.mock;
	net.public.add_ip = _add_ip;
	net.public.del_ip = _del_ip;
	net.public.get_source_addr = _get_source_addr;
	net.public.get_interface = _get_interface;
	net.public.destroy = _net_destroy;
	return &net.public;
}

/**
 * Give the initiator's IKE_SA the virtual IP, as a member that granted it,
 * and have its connection ask for one (vips = 0.0.0.0 in swanctl.conf,
 * which also makes the CHILD_SA propose 0.0.0.0/0 for the responder to
 * narrow to the address it assigns)
 */
static void hold_vip(uint32_t id)
{
	peer_cfg_t *peer_cfg;
	ike_sa_t *ike_sa;
	host_t *vip;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	peer_cfg->add_virtual_ip(peer_cfg, host_create_any(AF_INET));
	vip = host_create_from_string(OLD_VIP, 0);
	ike_sa->add_virtual_ip(ike_sa, TRUE, vip);
	vip->destroy(vip);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
}

/**
 * Check the local virtual IP of an IKE_SA
 */
static void assert_vip(uint32_t id, char *expected)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	host_t *vip, *want;
	int count = 0;

	want = host_create_from_string(expected, 0);
	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													id);
	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, TRUE);
	while (enumerator->enumerate(enumerator, &vip))
	{
		ck_assert_msg(vip->ip_equals(vip, want), "virtual IP %H instead of "
					  "%H", vip, want);
		count++;
	}
	enumerator->destroy(enumerator);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	want->destroy(want);
	ck_assert_int_eq(count, 1);
}

/**
 * Run IKE_SA_INIT and IKE_AUTH of the failover's IKE_SA with a new
 * responder at the other member
 */
static void handshake(uint32_t i)
{
	message_t *message;
	uint32_t r;

	while (TRUE)
	{
		message = core_next();
		if (message->get_exchange_type(message) == IKE_SA_INIT &&
			message->get_request(message))
		{
			break;
		}
		message->destroy(message);
	}
	r = core_responder();
	core_set_spis(i, r, FALSE);
	ck_assert_int_eq(core_process_message(r, message), SUCCESS);
	core_set_spis(i, r, TRUE);
	ck_assert_int_eq(core_process(i), SUCCESS);
	ck_assert_int_eq(core_process(r), SUCCESS);
	core_process(i);
}

/**
 * Hold the old virtual IP, lose the member and complete the failover with
 * the other member; returns the new IKE_SA
 */
static uint32_t fail_over()
{
	uint32_t i, r, f;

	core_establish(&i, &r);
	hold_vip(i);
	core_lose(i);
	core_run_jobs();
	f = core_find(CORE_CONNECTION, i, IKE_CONNECTING);
	ck_assert_msg(f, "no failover key request");
	handshake(f);
	ck_assert_int_eq(core_state(f), IKE_ESTABLISHED);
	ck_assert_int_eq(test_log_count("failover of '" CORE_CONNECTION "' from "
						CORE_RESPONDER " to " OTHER_MEMBER, NULL), 1);
	core_run_jobs();
	return f;
}

/**
 * Read what the failover script wrote
 */
static char *script_output(char *buf, size_t len)
{
	FILE *file;

	buf[0] = '\0';
	file = fopen(out, "r");
	if (file)
	{
		if (!fgets(buf, len, file))
		{
			buf[0] = '\0';
		}
		fclose(file);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/**
 * Check the address the other member was asked for, "none" if none
 */
static void assert_requested(char *expected)
{
	char buf[64] = "none";

	if (pool.requested)
	{
		snprintf(buf, sizeof(buf), "%H", pool.requested);
	}
	ck_assert_str_eq(buf, expected);
}

START_TEST(test_vip_kept)
{
	char buf[64];
	uint32_t f;

	pool.grant = TRUE;
	f = fail_over();
	assert_requested(OLD_VIP);
	assert_vip(f, OLD_VIP);
	ck_assert_int_eq(test_log_count("new CHILD_SA after", "ms, virtual IP "
						OLD_VIP " kept (VIP_KEPT=yes)", NULL), 1);
	ck_assert_str_eq(script_output(buf, sizeof(buf)), "yes");
}
END_TEST

START_TEST(test_vip_not_granted)
{
	char buf[64];
	uint32_t f;

	pool.grant = FALSE;
	f = fail_over();
	assert_requested(OLD_VIP);
	assert_vip(f, NEW_VIP);
	ck_assert_int_eq(test_log_count("virtual IP " OLD_VIP " not granted, now "
						NEW_VIP " (VIP_KEPT=no)", NULL), 1);
	ck_assert_str_eq(script_output(buf, sizeof(buf)), "no");
}
END_TEST

START_TEST(test_vip_keep_off)
{
	char buf[64];

	pool.grant = TRUE;
	fail_over();
	/* the connection's own request, not the address held */
	assert_requested("%any");
	ck_assert_int_eq(test_log_count("VIP_KEPT", NULL), 0);
	ck_assert_str_eq(script_output(buf, sizeof(buf)), "unset");
}
END_TEST

/**
 * Set up the cluster with the given extra options, the pool, the kernel
 * interface and the script
 */
static void setup_vips(char *extra)
{
	char options[512];
	FILE *file;
	int fd;

	snprintf(out, sizeof(out), "/tmp/cluster-failover-vips-%s", "out-XXXXXX");
	snprintf(script, sizeof(script), "/tmp/cluster-failover-vips-%s",
			 "sh-XXXXXX");
	fd = mkstemp(out);
	ck_assert(fd >= 0);
	close(fd);
	fd = mkstemp(script);
	ck_assert(fd >= 0);
	file = fdopen(fd, "w");
	fprintf(file, "#!/bin/sh\necho \"${VIP_KEPT-unset}\" > %s\n", out);
	fclose(file);
	chmod(script, 0700);

	charon->kernel->remove_net_interface(charon->kernel, mock_net_create);
	charon->kernel->add_net_interface(charon->kernel, vip_net_create);
	pool.public = (attribute_provider_t){
		.acquire_address = _acquire_address,
		.release_address = _release_address,
		.create_attribute_enumerator = _create_attribute_enumerator,
	};
	charon->attributes->add_provider(charon->attributes, &pool.public);

	snprintf(options, sizeof(options), "members = " CORE_RESPONDER ", "
			 OTHER_MEMBER "\norder = ordered\nscript = %s\n%s", script, extra);
	core_setup(options);
	core_add_responder(NULL);
}

START_SETUP(setup_keep)
{
	setup_vips("");
}
END_SETUP

START_SETUP(setup_keep_off)
{
	setup_vips("keep_virtual_ip = no");
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
	charon->attributes->remove_provider(charon->attributes, &pool.public);
	charon->kernel->remove_net_interface(charon->kernel, vip_net_create);
	charon->kernel->add_net_interface(charon->kernel, mock_net_create);
	DESTROY_IF(pool.requested);
	pool.requested = NULL;
	unlink(out);
	unlink(script);
}
END_TEARDOWN

Suite *vips_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover virtual IP kept");

	tc = tcase_create("granted and refused");
	tcase_add_checked_fixture(tc, setup_keep, teardown);
	tcase_add_test(tc, test_vip_kept);
	tcase_add_test(tc, test_vip_not_granted);
	suite_add_tcase(s, tc);

	tc = tcase_create("keep_virtual_ip = no");
	tcase_add_checked_fixture(tc, setup_keep_off, teardown);
	tcase_add_test(tc, test_vip_keep_off);
	suite_add_tcase(s, tc);

	return s;
}
