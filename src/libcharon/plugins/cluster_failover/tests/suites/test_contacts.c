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
#include "../../cluster_failover_contacts.h"

static cluster_failover_contacts_t *contacts;

/**
 * Local identities
 */
static identification_t *alice, *bob;

/**
 * Member addresses
 */
static host_t *gw1, *gw2, *gw1_natt, *gw6;

static void setup()
{
	contacts = cluster_failover_contacts_create();
	alice = identification_create_from_string("alice@example.com");
	bob = identification_create_from_string("bob@example.com");
	gw1 = host_create_from_string("192.168.0.1", 500);
	gw2 = host_create_from_string("192.168.0.2", 500);
	gw1_natt = host_create_from_string("192.168.0.1", 4500);
	gw6 = host_create_from_string("fec0::1", 500);
}

static void teardown()
{
	contacts->destroy(contacts);
	alice->destroy(alice);
	bob->destroy(bob);
	gw1->destroy(gw1);
	gw2->destroy(gw2);
	gw1_natt->destroy(gw1_natt);
	gw6->destroy(gw6);
}

START_TEST(test_empty)
{
	ck_assert(!contacts->has_other(contacts, 1, alice, gw1));
}
END_TEST

START_TEST(test_same_id)
{
	contacts->add(contacts, 1, alice, gw1);
	/* the IKE_SA asking is no other */
	ck_assert(!contacts->has_other(contacts, 1, alice, gw1));
}
END_TEST

START_TEST(test_other)
{
	contacts->add(contacts, 1, alice, gw1);
	ck_assert(contacts->has_other(contacts, 2, alice, gw1));
	/* the port does not matter (NAT-T floats to 4500) */
	ck_assert(contacts->has_other(contacts, 2, alice, gw1_natt));
}
END_TEST

START_TEST(test_other_identity)
{
	contacts->add(contacts, 1, alice, gw1);
	ck_assert(!contacts->has_other(contacts, 2, bob, gw1));
}
END_TEST

START_TEST(test_other_address)
{
	contacts->add(contacts, 1, alice, gw1);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw2));
	ck_assert(!contacts->has_other(contacts, 2, alice, gw6));
}
END_TEST

START_TEST(test_claim)
{
	/* of IKE_SAs authenticating with a member at once, one claims it */
	ck_assert(contacts->claim(contacts, 1, alice, gw1));
	ck_assert(!contacts->claim(contacts, 2, alice, gw1));
	ck_assert(!contacts->claim(contacts, 3, alice, gw1_natt));
	/* again for the same IKE_SA (a retransmission) */
	ck_assert(contacts->claim(contacts, 1, alice, gw1));
	/* other identities and members are not affected */
	ck_assert(contacts->claim(contacts, 4, bob, gw1));
	ck_assert(contacts->claim(contacts, 5, alice, gw2));
	/* the claimant gone, the next one may send it */
	contacts->remove(contacts, 1);
	ck_assert(contacts->claim(contacts, 2, alice, gw1));
	/* an established one keeps any from claiming */
	contacts->remove(contacts, 2);
	contacts->add(contacts, 6, alice, gw1);
	ck_assert(!contacts->claim(contacts, 7, alice, gw1));
}
END_TEST

START_TEST(test_several)
{
	contacts->add(contacts, 1, bob, gw1);
	contacts->add(contacts, 2, alice, gw2);
	contacts->add(contacts, 3, alice, gw6);
	ck_assert(!contacts->has_other(contacts, 4, alice, gw1));
	ck_assert(contacts->has_other(contacts, 4, alice, gw6));
	ck_assert(contacts->has_other(contacts, 4, bob, gw1));
	ck_assert(!contacts->has_other(contacts, 3, alice, gw6));
}
END_TEST

START_TEST(test_given_up)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->add(contacts, 2, bob, gw1);
	contacts->give_up(contacts, 1);
	ck_assert(!contacts->has_other(contacts, 3, alice, gw1));
	/* only that one */
	ck_assert(contacts->has_other(contacts, 3, bob, gw1));
}
END_TEST

START_TEST(test_revived)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->give_up(contacts, 1);
	ck_assert(!contacts->has_other(contacts, 3, alice, gw1));
	contacts->revive(contacts, 1);
	ck_assert(contacts->has_other(contacts, 3, alice, gw1));
	/* reviving an unknown one is harmless */
	contacts->revive(contacts, 7);
	ck_assert(!contacts->has_other(contacts, 3, bob, gw1));
}
END_TEST

START_TEST(test_removed)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->add(contacts, 2, bob, gw1);
	contacts->remove(contacts, 1);
	ck_assert(!contacts->has_other(contacts, 3, alice, gw1));
	ck_assert(contacts->has_other(contacts, 3, bob, gw1));
	/* removing an unknown one is harmless */
	contacts->remove(contacts, 1);
	contacts->remove(contacts, 7);
	ck_assert(contacts->has_other(contacts, 3, bob, gw1));
}
END_TEST

START_TEST(test_rekey)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->rekey(contacts, 1, 5);
	/* the contact lives on under the new id */
	ck_assert(contacts->has_other(contacts, 2, alice, gw1));
	ck_assert(!contacts->has_other(contacts, 5, alice, gw1));
	ck_assert(contacts->has_other(contacts, 1, alice, gw1));
	/* and is known by it */
	contacts->give_up(contacts, 5);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
}
END_TEST

START_TEST(test_rekey_removed)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->rekey(contacts, 1, 5);
	/* the old id is gone, the new one removes the contact */
	contacts->remove(contacts, 1);
	ck_assert(contacts->has_other(contacts, 2, alice, gw1));
	contacts->remove(contacts, 5);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
}
END_TEST

START_TEST(test_rekey_unknown)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->rekey(contacts, 3, 4);
	ck_assert(contacts->has_other(contacts, 2, alice, gw1));
	ck_assert(!contacts->has_other(contacts, 1, alice, gw1));
}
END_TEST

START_TEST(test_update)
{
	contacts->add(contacts, 1, alice, gw1);
	contacts->update(contacts, 1, gw2);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
	ck_assert(contacts->has_other(contacts, 2, alice, gw2));
	/* updating an unknown one changes nothing */
	contacts->update(contacts, 7, gw1);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
}
END_TEST

START_TEST(test_add_again)
{
	contacts->add(contacts, 1, alice, gw1);
	/* adding the same id again replaces the contact */
	contacts->add(contacts, 1, alice, gw2);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
	ck_assert(contacts->has_other(contacts, 2, alice, gw2));
}
END_TEST

/**
 * How the connector uses it for key requests: an IKE_SA counts from its
 * IKE_SA_INIT on, with the member it tries, and not once it failed
 */
START_TEST(test_connecting)
{
	/* two key requests of the same identity send their IKE_SA_INIT to the
	 * same member at once: each sees the other */
	contacts->add(contacts, 1, alice, gw1);
	contacts->add(contacts, 2, alice, gw1);
	ck_assert(contacts->has_other(contacts, 1, alice, gw1));
	ck_assert(contacts->has_other(contacts, 2, alice, gw1));
	/* the first goes on with the next member after a timeout */
	contacts->add(contacts, 1, alice, gw2);
	ck_assert(!contacts->has_other(contacts, 2, alice, gw1));
	ck_assert(contacts->has_other(contacts, 2, alice, gw2));
	/* established, it counts as before */
	contacts->add(contacts, 1, alice, gw2);
	ck_assert(contacts->has_other(contacts, 3, alice, gw2));
	/* the second failed, it no longer counts */
	contacts->remove(contacts, 2);
	ck_assert(!contacts->has_other(contacts, 1, alice, gw1));
	ck_assert(contacts->has_other(contacts, 2, alice, gw2));
}
END_TEST

Suite *contacts_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("contacts");

	tc = tcase_create("initial contact");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_same_id);
	tcase_add_test(tc, test_other);
	tcase_add_test(tc, test_other_identity);
	tcase_add_test(tc, test_other_address);
	tcase_add_test(tc, test_several);
	tcase_add_test(tc, test_claim);
	tcase_add_test(tc, test_given_up);
	tcase_add_test(tc, test_revived);
	tcase_add_test(tc, test_removed);
	tcase_add_test(tc, test_rekey);
	tcase_add_test(tc, test_rekey_removed);
	tcase_add_test(tc, test_rekey_unknown);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_add_again);
	tcase_add_test(tc, test_connecting);
	suite_add_tcase(s, tc);

	return s;
}
