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

#include "../core_fixture.h"

/**
 * A second member, tried first on failover as the lost one is held down;
 * there is no responder at this address in the tests
 */
#define OTHER_MEMBER "192.0.2.2"

/**
 * Lose the member of the active IKE_SA and check that the plugin fails
 * over: the loss is declared for the IKE_SA and a failover key request
 * sends an IKE_SA_INIT to the other member
 */
static void assert_failover(uint32_t active)
{
	message_t *message;
	host_t *other;

	core_log_clear();
	core_lose(active);
	ck_assert_msg(core_log_count("cluster '" CORE_CLUSTER "': member "
						CORE_RESPONDER, "of '" CORE_CONNECTION "' is lost "
						"(retransmission timeout), failing over", NULL) == 1,
				  "the loss of IKE_SA %u is not a failover", active);
	core_run_jobs();
	ck_assert_int_eq(core_log_count("cluster '" CORE_CLUSTER "': key request "
						"1 for '" CORE_CONNECTION "' (failover)", NULL), 1);

	message = core_next();
	ck_assert_int_eq(message->get_exchange_type(message), IKE_SA_INIT);
	other = host_create_from_string(OTHER_MEMBER, IKEV2_UDP_PORT);
	ck_assert_msg(other->equals(other, message->get_destination(message)),
				  "failover to %#H instead of %#H",
				  message->get_destination(message), other);
	other->destroy(other);
	message->destroy(message);
}

START_TEST(test_failover)
{
	uint32_t i, r;

	core_establish(&i, &r);
	assert_failover(i);
}
END_TEST

START_TEST(test_failover_after_rekey)
{
	uint32_t i, r, old;
	int n;

	core_establish(&i, &r);
	for (n = 0; n < _i; n++)
	{
		old = i;
		core_rekey(&i, &r);
		ck_assert(i != old);
		ck_assert_int_eq(core_state(i), IKE_ESTABLISHED);
	}
	assert_failover(i);
}
END_TEST

START_SETUP(setup_two)
{
	/* the responder is the preferred member */
	core_setup("members = " CORE_RESPONDER ", " OTHER_MEMBER "\n"
			   "order = ordered");
}
END_SETUP

START_TEARDOWN(teardown)
{
	core_teardown();
}
END_TEARDOWN

Suite *rekey_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("cluster-failover rekey");

	tc = tcase_create("failover without rekeying");
	tcase_add_checked_fixture(tc, setup_two, teardown);
	tcase_add_test(tc, test_failover);
	suite_add_tcase(s, tc);

	tc = tcase_create("failover after IKE rekeyings");
	tcase_add_checked_fixture(tc, setup_two, teardown);
	tcase_add_loop_test(tc, test_failover_after_rekey, 1, 2);
	tcase_add_loop_test(tc, test_failover_after_rekey, 5, 6);
	suite_add_tcase(s, tc);

	return s;
}
