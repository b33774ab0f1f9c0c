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

#include "cluster_failover_probe.h"

#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

/**
 * ICMP types of echo request and reply
 */
#define ICMP_ECHO_REQUEST	8
#define ICMP_ECHO_REPLY		0
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_ECHO_REPLY	129

/**
 * Length of the echo request we send: header and an 8 byte payload
 */
#define ECHO_LEN 16

/**
 * Payload marking our probes
 */
static const char marker[] = "cfprobe";

typedef struct private_cluster_failover_probe_t
		private_cluster_failover_probe_t;

/**
 * Private data of a cluster_failover_probe_t object.
 */
struct private_cluster_failover_probe_t {

	/**
	 * Public interface
	 */
	cluster_failover_probe_t public;

	/**
	 * Raw ICMP socket, -1 if not open
	 */
	int icmp;

	/**
	 * Raw ICMPv6 socket, -1 if not open
	 */
	int icmp6;

	/**
	 * Highest sequence number answered + 1 per identifier, see key()
	 */
	hashtable_t *answers;

	/**
	 * Lock for sockets and answers
	 */
	mutex_t *mutex;
};

/**
 * Key of an identifier in answers: hashtable_t takes a NULL key for a
 * removed entry, so identifier 0 must not map to it
 */
static inline void *key(uint16_t ident)
{
	return (void*)((uintptr_t)ident + 1);
}

/*
 * Described in header
 */
size_t cluster_failover_probe_build(int family, uint16_t ident, uint16_t seq,
									uint8_t *buf)
{
	uint16_t sum;

	memset(buf, 0, ECHO_LEN);
	buf[0] = family == AF_INET ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST;
	htoun16(buf + 4, ident);
	htoun16(buf + 6, seq);
	memcpy(buf + 8, marker, sizeof(marker));
	if (family == AF_INET)
	{	/* the kernel computes the ICMPv6 checksum over a pseudo header;
		 * the RFC 1071 checksum comes in network order */
		sum = chunk_internet_checksum(chunk_create(buf, ECHO_LEN));
		memcpy(buf + 2, &sum, sizeof(sum));
	}
	return ECHO_LEN;
}

/*
 * Described in header
 */
bool cluster_failover_probe_parse(int family, uint8_t *data, size_t len,
								  uint16_t *ident, uint16_t *seq)
{
	size_t hlen;

	if (family == AF_INET)
	{	/* raw IPv4 sockets deliver the IP header */
		if (len < 20 || (data[0] >> 4) != 4)
		{
			return FALSE;
		}
		hlen = (data[0] & 0x0f) * 4;
		if (hlen < 20 || len < hlen)
		{
			return FALSE;
		}
		data += hlen;
		len -= hlen;
	}
	if (len < ECHO_LEN ||
		data[0] != (family == AF_INET ? ICMP_ECHO_REPLY : ICMP6_ECHO_REPLY) ||
		data[1] != 0 || !memeq(data + 8, marker, sizeof(marker)))
	{
		return FALSE;
	}
	*ident = untoh16(data + 4);
	*seq = untoh16(data + 6);
	return TRUE;
}

METHOD(cluster_failover_probe_t, received, void,
	private_cluster_failover_probe_t *this, uint16_t ident, uint16_t seq)
{
	uintptr_t last;

	this->mutex->lock(this->mutex);
	last = (uintptr_t)this->answers->get(this->answers, key(ident));
	/* sequence numbers as in RFC 1982, +1 to tell 0 from none */
	if (!last || (int16_t)(seq - (uint16_t)(last - 1)) > 0)
	{
		this->answers->put(this->answers, key(ident),
						   (void*)(uintptr_t)(seq + 1));
	}
	this->mutex->unlock(this->mutex);
}

/**
 * Receive replies on a socket
 */
static bool receive(private_cluster_failover_probe_t *this, int fd,
					watcher_event_t event)
{
	uint8_t buf[1500];
	uint16_t ident, seq;
	ssize_t len;
	int family;

	family = fd == this->icmp ? AF_INET : AF_INET6;
	len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (len > 0 && cluster_failover_probe_parse(family, buf, len,
												&ident, &seq))
	{
		received(this, ident, seq);
	}
	return TRUE;
}

/**
 * Get the socket for a family, opening it if necessary, with lock held
 */
static int get_socket(private_cluster_failover_probe_t *this, int family)
{
	int *fd;

	fd = family == AF_INET ? &this->icmp : &this->icmp6;
	if (*fd == -1)
	{
		*fd = socket(family, SOCK_RAW,
					 family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
		if (*fd == -1)
		{
			DBG1(DBG_IKE, "cluster-failover: opening %s probe socket failed: "
				 "%s", family == AF_INET ? "ICMP" : "ICMPv6", strerror(errno));
			return -1;
		}
		lib->watcher->add(lib->watcher, *fd, WATCHER_READ,
						  (watcher_cb_t)receive, this);
	}
	return *fd;
}

METHOD(cluster_failover_probe_t, send_, bool,
	private_cluster_failover_probe_t *this, host_t *dst, uint16_t ident,
	uint16_t seq)
{
	uint8_t buf[ECHO_LEN];
	size_t len;
	int fd;

	this->mutex->lock(this->mutex);
	fd = get_socket(this, dst->get_family(dst));
	this->mutex->unlock(this->mutex);
	if (fd == -1)
	{
		return FALSE;
	}
	len = cluster_failover_probe_build(dst->get_family(dst), ident, seq, buf);
	if (sendto(fd, buf, len, 0, dst->get_sockaddr(dst),
			   *dst->get_sockaddr_len(dst)) != len)
	{
		DBG2(DBG_IKE, "cluster-failover: sending probe to %H failed: %s",
			 dst, strerror(errno));
		return FALSE;
	}
	return TRUE;
}

METHOD(cluster_failover_probe_t, answered, bool,
	private_cluster_failover_probe_t *this, uint16_t ident, uint16_t seq)
{
	uintptr_t last;

	this->mutex->lock(this->mutex);
	last = (uintptr_t)this->answers->get(this->answers, key(ident));
	this->mutex->unlock(this->mutex);
	return last && (int16_t)((uint16_t)(last - 1) - seq) >= 0;
}

METHOD(cluster_failover_probe_t, forget, void,
	private_cluster_failover_probe_t *this, uint16_t ident)
{
	this->mutex->lock(this->mutex);
	this->answers->remove(this->answers, key(ident));
	this->mutex->unlock(this->mutex);
}

METHOD(cluster_failover_probe_t, destroy, void,
	private_cluster_failover_probe_t *this)
{
	if (this->icmp != -1)
	{
		lib->watcher->remove(lib->watcher, this->icmp);
		close(this->icmp);
	}
	if (this->icmp6 != -1)
	{
		lib->watcher->remove(lib->watcher, this->icmp6);
		close(this->icmp6);
	}
	this->answers->destroy(this->answers);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
cluster_failover_probe_t *cluster_failover_probe_create()
{
	private_cluster_failover_probe_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.received = _received,
			.answered = _answered,
			.forget = _forget,
			.destroy = _destroy,
		},
		.icmp = -1,
		.icmp6 = -1,
		.answers = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
