#!/bin/bash
#
# Copyright (C) 2026 The cluster-failover authors
#
# This program is free software; you can redistribute it and/or modify it
# under the terms of the GNU General Public License as published by the
# Free Software Foundation; either version 2 of the License, or (at your
# option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
#
# This program is distributed in the hope that it will be useful, but
# WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
# or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
# for more details.
#
# How many concurrent IKE_SA_INIT+IKE_AUTH a stock charon gateway serves
# fastest, the measurement behind the default of max_concurrent_requests:
# two stock charons (no plugin) in network namespaces cfb-gw and cfb-cl,
# each in a mount namespace of its own; $N connections of one client
# identity (RSA 3072 certificates) initiated with k at a time; prints the
# wall time until all are up, the COOKIE responses the client parsed and
# the IKE_SA_INITs the gateway dropped (block_threshold) for each k.
#
# Usage (as root, under the test bed's lock):
#   flock /tmp/cf-install.lock testing/bench/ike-concurrency.sh
# N (100), KS ("1 2 3 4 5 6 8") and REPS (3) may be set in the environment.
set -u
D=$(mktemp -d /tmp/cf-ike-concurrency.XXXXXX)
N=${N:-100}
KS=${KS:-"1 2 3 4 5 6 8"}
REPS=${REPS:-3}
cleanup() {
	for h in gw cl; do
		[ -f $D/$h/run/charon.pid ] && kill "$(cat $D/$h/run/charon.pid)" 2>/dev/null
	done
	sleep 0.5
	ip netns del cfb-gw 2>/dev/null; ip netns del cfb-cl 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
for h in gw cl; do mkdir -p $D/$h/run $D/$h/swanctl/{x509,x509ca,private,conf.d}; done
# certificates
pki --gen --type rsa --size 3072 --outform pem > $D/ca.key
pki --self --ca --lifetime 30 --in $D/ca.key --dn "CN=cfb ca" --outform pem > $D/ca.crt
for h in gw cl; do
	pki --gen --type rsa --size 3072 --outform pem > $D/$h/swanctl/private/$h.key
	pki --pub --in $D/$h/swanctl/private/$h.key | pki --issue --lifetime 30 \
		--cacert $D/ca.crt --cakey $D/ca.key --dn "CN=$h.cfb" --san $h.cfb \
		--outform pem > $D/$h/swanctl/x509/$h.crt
	cp $D/ca.crt $D/$h/swanctl/x509ca/
	cat > $D/$h/strongswan.conf <<EOC
charon {
	load = random nonce openssl pem pkcs1 x509 pubkey revocation constraints kdf hmac sha1 sha2 aes gcm kernel-netlink socket-default vici
	filelog { cfb { path = $D/$h/charon.log
		default = 1 } }
	syslog { daemon { default = -1 } }
}
EOC
done
cat > $D/gw/swanctl/swanctl.conf <<EOC
connections { rw { local_addrs = 10.99.0.1
	local { auth = pubkey
		certs = gw.crt
		id = gw.cfb }
	remote { auth = pubkey
		id = %any }
	children { net { local_ts = 10.1.0.0/16
		remote_ts = 10.2.0.0/16 } } } }
EOC
{ echo "connections {"
for i in $(seq 1 $N); do
	echo " c$i { remote_addrs = 10.99.0.1
	rekey_time = $((14400 + i))s
	local { auth = pubkey
		certs = cl.crt
		id = cl.cfb }
	remote { auth = pubkey
		id = gw.cfb }
	children { c$i { local_ts = 10.2.$i.0/24
		remote_ts = 10.1.0.0/16 } } }"
done
echo "}"; } > $D/cl/swanctl/swanctl.conf
ip netns add cfb-gw; ip netns add cfb-cl
ip link add cfb-g type veth peer name cfb-c
ip link set cfb-g netns cfb-gw; ip link set cfb-c netns cfb-cl
ip -n cfb-gw addr add 10.99.0.1/24 dev cfb-g; ip -n cfb-gw link set cfb-g up; ip -n cfb-gw link set lo up
ip -n cfb-cl addr add 10.99.0.2/24 dev cfb-c; ip -n cfb-cl link set cfb-c up; ip -n cfb-cl link set lo up
inh() { local h=$1; shift
	ip netns exec cfb-$h unshare -m sh -c "mount --bind $D/$h/run /run && mount --bind $D/$h/strongswan.conf /etc/strongswan.conf && mount --bind $D/$h/swanctl /etc/swanctl && $*"
}
start() { rm -f $D/$1/run/charon.pid; inh $1 "/usr/lib/ipsec/charon >/dev/null 2>&1 &"
	for i in $(seq 50); do [ -S $D/$1/run/charon.vici ] && break; sleep 0.1; done
	inh $1 "swanctl --load-all >/dev/null 2>&1"; }
stop() { kill "$(cat $D/$1/run/charon.pid)"; sleep 0.3; }
for k in $KS; do
	for r in $(seq $REPS); do
		start gw; start cl
		t0=$(date +%s%N)
		inh cl "seq 1 $N | xargs -P $k -I{} swanctl --initiate --child c{} --timeout 60 >/dev/null 2>&1"
		t1=$(date +%s%N)
		up=$(inh cl "swanctl --list-sas" | grep -c "ESTABLISHED")
		cookies=$(grep -c "N(COOKIE)" $D/cl/charon.log 2>/dev/null || true)
		blocked=$(grep -c "half-open IKE_SA limit" $D/gw/charon.log 2>/dev/null || true)
		echo "k=$k rep=$r ms=$(( (t1-t0)/1000000 )) up=$up cookie_lines=$cookies blocked=$blocked"
		stop cl; stop gw
		rm -f $D/*/charon.log
	done
done
