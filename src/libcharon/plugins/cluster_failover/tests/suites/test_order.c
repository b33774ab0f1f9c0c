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
#include "../../cluster_failover_order.h"

/**
 * Deterministic RNG returning the same byte forever
 */
typedef struct {
	rng_t rng;
	uint8_t byte;
	bool fail;
} fake_rng_t;

METHOD(rng_t, fake_get_bytes, bool,
	fake_rng_t *this, size_t len, uint8_t *buffer)
{
	memset(buffer, this->byte, len);
	return !this->fail;
}

METHOD(rng_t, fake_destroy, void,
	fake_rng_t *this)
{
	free(this);
}

static rng_t *fake_rng(uint8_t byte, bool fail)
{
	fake_rng_t *this;

	INIT(this,
		.rng = {
			.get_bytes = _fake_get_bytes,
			.destroy = _fake_destroy,
		},
		.byte = byte,
		.fail = fail,
	);
	return &this->rng;
}

/**
 * Create a list of hosts from a comma separated string
 */
static linked_list_t *hosts(char *str)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	char *addr;

	list = linked_list_create();
	enumerator = enumerator_create_token(str, ",", " ");
	while (enumerator->enumerate(enumerator, &addr))
	{
		list->insert_last(list, host_create_from_string(addr, 0));
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * Print a list of hosts, comma separated
 */
static char *print(linked_list_t *list, char *buf, size_t len)
{
	enumerator_t *enumerator;
	host_t *host;
	char *pos = buf;

	buf[0] = '\0';
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &host))
	{
		pos += snprintf(pos, len - (pos - buf), "%s%H", pos == buf ? "" : ",",
						host);
	}
	enumerator->destroy(enumerator);
	return buf;
}

static void destroy_hosts(linked_list_t *list)
{
	if (list)
	{
		list->destroy_offset(list, offsetof(host_t, destroy));
	}
}

/**
 * Order the members with the given RNG and check the result
 */
static void assert_order(rng_t *rng, cluster_failover_order_mode_t mode,
						 char *members, char *last, char *expected)
{
	cluster_failover_order_t *order;
	linked_list_t *m, *l = NULL, *result;
	char buf[256];

	order = cluster_failover_order_create(rng);
	ck_assert(order);
	m = hosts(members);
	if (last)
	{
		l = hosts(last);
	}
	result = order->create(order, mode, m, l);
	ck_assert(result);
	ck_assert_str_eq(print(result, buf, sizeof(buf)), expected);
	destroy_hosts(result);
	destroy_hosts(m);
	destroy_hosts(l);
	order->destroy(order);
}

START_TEST(test_ordered)
{
	assert_order(fake_rng(0, FALSE), CF_ORDER_ORDERED,
				 "10.0.0.1,10.0.0.2,fec0::3", NULL,
				 "10.0.0.1,10.0.0.2,fec0::3");
}
END_TEST

START_TEST(test_ordered_last)
{
	assert_order(fake_rng(0, FALSE), CF_ORDER_ORDERED,
				 "10.0.0.1,10.0.0.2,10.0.0.3", "10.0.0.1",
				 "10.0.0.2,10.0.0.3,10.0.0.1");
}
END_TEST

START_TEST(test_ordered_last_several)
{
	/* dead members keep the given order, unknown ones are ignored */
	assert_order(fake_rng(0, FALSE), CF_ORDER_ORDERED,
				 "10.0.0.1,10.0.0.2,10.0.0.3", "10.0.0.3,10.9.9.9,10.0.0.1",
				 "10.0.0.2,10.0.0.3,10.0.0.1");
}
END_TEST

START_TEST(test_ordered_last_port)
{
	cluster_failover_order_t *order;
	linked_list_t *m, *l, *result;
	char buf[256];

	/* members held down are compared by address, not port */
	order = cluster_failover_order_create(fake_rng(0, FALSE));
	m = hosts("10.0.0.1,10.0.0.2");
	l = linked_list_create_with_items(host_create_from_string("10.0.0.1",
															  4500), NULL);
	result = order->create(order, CF_ORDER_ORDERED, m, l);
	ck_assert_str_eq(print(result, buf, sizeof(buf)), "10.0.0.2,10.0.0.1");
	destroy_hosts(result);
	destroy_hosts(m);
	destroy_hosts(l);
	order->destroy(order);
}
END_TEST

START_TEST(test_ordered_all_last)
{
	assert_order(fake_rng(0, FALSE), CF_ORDER_ORDERED,
				 "10.0.0.1,10.0.0.2", "10.0.0.2,10.0.0.1",
				 "10.0.0.2,10.0.0.1");
}
END_TEST

START_TEST(test_random_deterministic)
{
	/* with random values of 0, Fisher-Yates swaps i with 0 for i = n-1..1:
	 * a,b,c -> c,b,a -> b,c,a */
	assert_order(fake_rng(0, FALSE), CF_ORDER_RANDOM,
				 "10.0.0.1,10.0.0.2,10.0.0.3", NULL,
				 "10.0.0.2,10.0.0.3,10.0.0.1");
}
END_TEST

START_TEST(test_random_last)
{
	assert_order(fake_rng(0, FALSE), CF_ORDER_RANDOM,
				 "10.0.0.1,10.0.0.2,10.0.0.3", "10.0.0.2",
				 "10.0.0.3,10.0.0.1,10.0.0.2");
}
END_TEST

START_TEST(test_random_single)
{
	assert_order(fake_rng(0, TRUE), CF_ORDER_RANDOM,
				 "10.0.0.1", NULL, "10.0.0.1");
}
END_TEST

START_TEST(test_random_rng_fails)
{
	cluster_failover_order_t *order;
	linked_list_t *m;

	order = cluster_failover_order_create(fake_rng(0, TRUE));
	m = hosts("10.0.0.1,10.0.0.2");
	ck_assert(!order->create(order, CF_ORDER_RANDOM, m, NULL));
	destroy_hosts(m);
	order->destroy(order);
}
END_TEST

START_TEST(test_empty)
{
	assert_order(fake_rng(0, FALSE), CF_ORDER_RANDOM, "", NULL, "");
}
END_TEST

/**
 * Permutations of three members, as orders of their last byte
 */
static char *permutations[] = {
	"1,2,3", "1,3,2", "2,1,3", "2,3,1", "3,1,2", "3,2,1",
};

START_TEST(test_random_distribution)
{
	cluster_failover_order_t *order;
	linked_list_t *m, *result;
	enumerator_t *enumerator;
	host_t *host;
	char buf[16], *pos;
	int counts[countof(permutations)] = {}, first[3] = {};
	int i, j, runs = 6000;

	order = cluster_failover_order_create(NULL);
	ck_assert_msg(order, "no RNG, is the random plugin installed?");
	m = hosts("10.0.0.1,10.0.0.2,10.0.0.3");
	for (i = 0; i < runs; i++)
	{
		result = order->create(order, CF_ORDER_RANDOM, m, NULL);
		ck_assert(result);
		pos = buf;
		enumerator = result->create_enumerator(result);
		while (enumerator->enumerate(enumerator, &host))
		{
			pos += sprintf(pos, "%s%d", pos == buf ? "" : ",",
						   host->get_address(host).ptr[3]);
		}
		enumerator->destroy(enumerator);
		for (j = 0; j < countof(permutations); j++)
		{
			if (streq(buf, permutations[j]))
			{
				counts[j]++;
			}
		}
		first[buf[0] - '1']++;
		destroy_hosts(result);
	}
	/* each permutation is expected 1000 times, with a standard deviation
	 * of about 29: a bound of +-300 fails by chance practically never, but
	 * catches any biased or partial shuffle */
	for (j = 0; j < countof(permutations); j++)
	{
		ck_assert_msg(counts[j] > 700 && counts[j] < 1300,
					  "permutation %s chosen %d times of %d", permutations[j],
					  counts[j], runs);
	}
	for (j = 0; j < 3; j++)
	{
		ck_assert_msg(first[j] > 1700 && first[j] < 2300,
					  "member %d first %d times of %d", j + 1, first[j], runs);
	}
	destroy_hosts(m);
	order->destroy(order);
}
END_TEST

Suite *order_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("order");

	tc = tcase_create("ordered");
	tcase_add_test(tc, test_ordered);
	tcase_add_test(tc, test_ordered_last);
	tcase_add_test(tc, test_ordered_last_several);
	tcase_add_test(tc, test_ordered_all_last);
	tcase_add_test(tc, test_ordered_last_port);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_add_test(tc, test_random_deterministic);
	tcase_add_test(tc, test_random_last);
	tcase_add_test(tc, test_random_single);
	tcase_add_test(tc, test_random_rng_fails);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_random_distribution);
	suite_add_tcase(s, tc);

	return s;
}
