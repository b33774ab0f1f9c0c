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
 * Why the outgoing IKE_SA_INIT is rewritten here and the IKE_SA is not
 * simply addressed to the member from an ike_state_change hook (issue 14),
 * with references to strongSwan 5.9.8:
 *
 * - task_manager_v2.c:686-692, initiate() creates the message and sets its
 *   source and destination to clones of the IKE_SA's hosts before any task
 *   builds (task_manager_v2.c:702).
 * - ike_init.c:678, build_i() sets IKE_CONNECTING only then, so a hook on
 *   that state runs after the message's addresses are fixed (ike_sa.c:944
 *   calls the bus before it assigns the state, the hook gets the new state
 *   as argument while get_state() still returns the old one).
 * - ike_natd.c:343-346 and 375-376, build_i() hashes the message's source
 *   and destination, not the IKE_SA's hosts.  TASK_IKE_NATD is activated
 *   after TASK_IKE_INIT (task_manager_v2.c:543-548), which changes nothing:
 *   new hosts of the IKE_SA do not reach the message.
 * - No bus event precedes the first IKE_SA_INIT: an IKE_SA starts in
 *   IKE_CREATED without set_state() (ike_sa.c:3218) and initiate() goes on
 *   to task_manager->initiate() without a bus event, but an alert if it
 *   cannot resolve the peer and does not initiate (ike_sa.c:1525-1605).
 *   Only retries after COOKIE or INVALID_KE_PAYLOAD (ike_init.c:1049, 1073)
 *   and a followed REDIRECT (ike_sa.c:2329) reset() the IKE_SA to
 *   IKE_CREATED (ike_sa.c:990) before their next message is created.
 * - The message hook (ike_sa.c:1256, before message->generate()) is the
 *   first point where the plugin sees the message, with the NAT-D notifies
 *   built for charon's addresses.
 *
 * A variant that set the IKE_SA's hosts on IKE_CONNECTING and only the
 * message's addresses in the message hook made the member detect a NAT
 * (tests/exchange/suites/test_connect.c, test_retarget).  Moreover, an IKE
 * rekeying runs ike_init's build_i() on its new IKE_SA too (ike_rekey.c:188,
 * 191), a state hook would have to tell that apart.
 */

#include "cluster_failover_retarget.h"

#include <library.h>
#include <encoding/payloads/notify_payload.h>

/*
 * Described in header
 */
chunk_t cluster_failover_natd_hash(ike_sa_id_t *id, host_t *host)
{
	hasher_t *hasher;
	uint64_t spi_i, spi_r;
	uint16_t port;
	chunk_t data, hash = chunk_empty;

	hasher = lib->crypto->create_hasher(lib->crypto, HASH_SHA1);
	if (!hasher)
	{
		return hash;
	}
	spi_i = id->get_initiator_spi(id);
	spi_r = id->get_responder_spi(id);
	port = htons(host->get_port(host));
	data = chunk_cat("cccc", chunk_from_thing(spi_i), chunk_from_thing(spi_r),
					 host->get_address(host), chunk_from_thing(port));
	if (!hasher->allocate_hash(hasher, data, &hash))
	{
		hash = chunk_empty;
	}
	chunk_free(&data);
	hasher->destroy(hasher);
	return hash;
}

/**
 * Replace the data of a notify with a NAT-D hash
 */
static void set_hash(notify_payload_t *notify, ike_sa_id_t *id, host_t *host)
{
	chunk_t hash;

	hash = cluster_failover_natd_hash(id, host);
	notify->set_notification_data(notify, hash);
	chunk_free(&hash);
}

/*
 * Described in header
 */
void cluster_failover_retarget(message_t *message, ike_sa_id_t *id,
							   host_t *src, host_t *dst)
{
	enumerator_t *enumerator;
	notify_payload_t *notify;
	payload_t *payload;
	host_t *old_src;
	chunk_t old;

	old_src = message->get_source(message);
	enumerator = message->create_payload_enumerator(message);
	while (enumerator->enumerate(enumerator, &payload))
	{
		if (payload->get_type(payload) != PLV2_NOTIFY)
		{
			continue;
		}
		notify = (notify_payload_t*)payload;
		switch (notify->get_notify_type(notify))
		{
			case NAT_DETECTION_SOURCE_IP:
				old = cluster_failover_natd_hash(id, old_src);
				if (chunk_equals(old, notify->get_notification_data(notify)))
				{
					set_hash(notify, id, src);
				}
				chunk_free(&old);
				break;
			case NAT_DETECTION_DESTINATION_IP:
				set_hash(notify, id, dst);
				break;
			default:
				break;
		}
	}
	enumerator->destroy(enumerator);
	message->set_source(message, src);
	message->set_destination(message, dst);
}
