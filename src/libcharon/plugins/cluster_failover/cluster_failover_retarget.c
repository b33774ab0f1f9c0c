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
 *
 * The notifies for the new addresses are built by charon's own ike_natd
 * task (ike_natd_create(), exported by libcharon) on a scratch IKE_SA_INIT
 * request from the new source to the member.  Its build_i()
 * (ike_natd.c:328-383) only reads the message's addresses and the IKE_SA's
 * id and ike_cfg, it changes nothing on the IKE_SA (fake_no_source_ip is
 * the task's own, as is its hasher) and logs the hashes on level 3 only.
 * With forced UDP encapsulation (config or kernel, e.g. kernel-libipsec) it
 * hashes a fake source address derived from chunk_hash(), whose key is
 * random once per process (ike_natd.c:149-159, chunk.c:969-1014), so the
 * scratch build fakes the very hash charon faked for the real message.
 * The destination hash is never faked (ike_natd.c:375-376): a second
 * scratch build addressed to the old source tells a source hash of the old
 * source from a faked one (forced encapsulation, or an unknown %any source,
 * ike_natd.c:353-366), which is kept.
 */

#include "cluster_failover_retarget.h"

#include <encoding/payloads/notify_payload.h>
#include <sa/ikev2/tasks/ike_natd.h>

/**
 * Let charon's ike_natd task build the NAT-D notifies of an IKE_SA_INIT
 * request of an IKE_SA from src to dst on a scratch message
 */
static message_t *build_natd(ike_sa_t *ike_sa, host_t *src, host_t *dst)
{
	message_t *scratch;
	ike_natd_t *natd;

	scratch = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	scratch->set_exchange_type(scratch, IKE_SA_INIT);
	scratch->set_request(scratch, TRUE);
	scratch->set_source(scratch, src->clone(src));
	scratch->set_destination(scratch, dst->clone(dst));
	natd = ike_natd_create(ike_sa, TRUE);
	natd->task.build(&natd->task, scratch);
	natd->task.destroy(&natd->task);
	return scratch;
}

/**
 * Data of a notify of a message, chunk_empty without such a notify
 */
static chunk_t get_data(message_t *message, notify_type_t type)
{
	notify_payload_t *notify;

	notify = message->get_notify(message, type);
	if (!notify)
	{
		return chunk_empty;
	}
	return notify->get_notification_data(notify);
}

/**
 * Replace the data of a notify, if there is new data
 */
static void set_data(notify_payload_t *notify, chunk_t data)
{
	if (data.len)
	{
		notify->set_notification_data(notify, data);
	}
}

/*
 * Described in header
 */
void cluster_failover_retarget(message_t *message, ike_sa_t *ike_sa,
							   host_t *src, host_t *dst)
{
	enumerator_t *enumerator;
	notify_payload_t *notify;
	payload_t *payload;
	message_t *new, *old;
	chunk_t old_src;

	if (message->get_notify(message, NAT_DETECTION_SOURCE_IP) ||
		message->get_notify(message, NAT_DETECTION_DESTINATION_IP))
	{
		new = build_natd(ike_sa, src, dst);
		/* the unfaked hash of the old source, as destination hash */
		old = build_natd(ike_sa, src, message->get_source(message));
		old_src = get_data(old, NAT_DETECTION_DESTINATION_IP);

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
					if (chunk_equals(old_src,
									 notify->get_notification_data(notify)))
					{
						set_data(notify,
								 get_data(new, NAT_DETECTION_SOURCE_IP));
					}
					break;
				case NAT_DETECTION_DESTINATION_IP:
					set_data(notify,
							 get_data(new, NAT_DETECTION_DESTINATION_IP));
					break;
				default:
					break;
			}
		}
		enumerator->destroy(enumerator);
		old->destroy(old);
		new->destroy(new);
	}
	message->set_source(message, src);
	message->set_destination(message, dst);
}
