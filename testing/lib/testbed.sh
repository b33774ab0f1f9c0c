# shellcheck shell=bash
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
# Test bed library: strongSwan's KVM test network (moon, sun, alice, venus,
# carol, dave) rebuilt with network namespaces, one stock charon per host.
#
# Everything lives in namespaces called "cf-<host>"; the namespace "cf-sw"
# holds the two bridges "inet" (192.168.0.0/24, fec0::/64) and "lan"
# (10.1.0.0/16, fec1::/64).  Nothing is added to the initial namespace.
#
# Source this file, then:
#
#	tb_init              lock, detect the ESP backend, clean up leftovers
#	tb_up [SCENARIODIR]  namespaces, certificates, per-host configuration
#	tb_exec HOST CMD...  run CMD inside HOST (own /run, /var/log, /etc/swanctl
#	                     and /etc/strongswan.conf)
#	tb_cmd HOST          the same, as a command prefix in the array TB_CMD
#	tb_teardown          stop everything, remove namespaces and the work dir
#	tb_locked            whether this process holds the lock
#	tb_unlock            release the lock taken by tb_init
#
# The library is "set -eu" safe; functions return non-zero on errors.

TB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TB_SCRIPTS=$TB_TOP/scripts
TB_CHARON=${TB_CHARON:-/usr/lib/ipsec/charon}
# libreswan, unpacked by scripts/setup.sh (see testing/scripts/libreswan)
TB_LIBRESWAN=${CF_LIBRESWAN:-/var/cache/cluster-failover/libreswan/current/root}
TB_PREFIX=cf-
TB_SWITCH=${TB_PREFIX}sw
TB_LOCK=${TB_LOCK:-/tmp/cluster-failover-testbed.lock.d}
TB_WORK=${TB_WORK:-}
TB_BACKEND=${TB_BACKEND:-}
TB_PH=()

# hosts with a network namespace, and those that can run charon
TB_HOSTS="carol dave moon sun alice venus"
TB_IPSEC_HOSTS="carol dave moon sun alice"

# interfaces per host: "iface,bridge,ipv4/len,ipv6/len" (strongSwan's layout)
declare -A TB_IFACES=(
	[carol]="eth0,inet,192.168.0.100/24,fec0::10/64"
	[dave]="eth0,inet,192.168.0.200/24,fec0::20/64"
	[moon]="eth0,inet,192.168.0.1/24,fec0::1/64 eth1,lan,10.1.0.1/16,fec1::1/64"
	[sun]="eth0,inet,192.168.0.2/24,fec0::2/64 eth1,lan,10.1.0.2/16,fec1::2/64"
	[alice]="eth0,lan,10.1.0.10/16,fec1::10/64 eth1,inet,192.168.0.50/24,fec0::5/64"
	[venus]="eth0,lan,10.1.0.20/16,fec1::20/64"
)

# gateways: "LAN IPv4,LAN IPv6,pool IPv4,pool IPv6"
declare -A TB_GATEWAYS=(
	[moon]="10.1.0.1,fec1::1,10.3.0.0/28,fec3::1:0/124"
	[alice]="10.1.0.10,fec1::10,10.3.1.0/28,fec3::2:0/124"
	[sun]="10.1.0.2,fec1::2,10.3.2.0/28,fec3::3:0/124"
)

# certificate identities (subjectAltNames are added from TB_IFACES)
declare -A TB_IDS=(
	[carol]="carol@strongswan.org"
	[dave]="dave@strongswan.org"
	[moon]="moon.strongswan.org"
	[sun]="sun.strongswan.org"
	[alice]="alice.strongswan.org"
)
TB_CA_DN="C=CH, O=strongSwan Project, CN=strongSwan Root CA"

# placeholders, upstream names (testing/scripts/load-testconfig) first;
# PH_IP1_X / PH_IP61_X are accepted as aliases of PH_IP_X1 / PH_IP6_X1
TB_PLACEHOLDERS="
PH_IP_MOON1=10.1.0.1
PH_IP6_MOON1=fec1::1
PH_IP_MOON=192.168.0.1
PH_IP6_MOON=fec0::1
PH_IP_SUN1=10.1.0.2
PH_IP6_SUN1=fec1::2
PH_IP_SUN=192.168.0.2
PH_IP6_SUN=fec0::2
PH_IP_ALICE1=192.168.0.50
PH_IP6_ALICE1=fec0::5
PH_IP_ALICE=10.1.0.10
PH_IP6_ALICE=fec1::10
PH_IP_VENUS=10.1.0.20
PH_IP6_VENUS=fec1::20
PH_IP_CAROL1=10.3.0.1
PH_IP6_CAROL1=fec3::1:1
PH_IP_CAROL=192.168.0.100
PH_IP6_CAROL=fec0::10
PH_IP_DAVE1=10.3.0.2
PH_IP6_DAVE1=fec3::1:2
PH_IP_DAVE=192.168.0.200
PH_IP6_DAVE=fec0::20
PH_IP1_MOON=10.1.0.1
PH_IP61_MOON=fec1::1
PH_IP1_SUN=10.1.0.2
PH_IP61_SUN=fec1::2
PH_IP1_ALICE=192.168.0.50
PH_IP61_ALICE=fec0::5
PH_POOL_MOON=10.3.0.0/28
PH_POOL6_MOON=fec3::1:0/124
PH_POOL_ALICE=10.3.1.0/28
PH_POOL6_ALICE=fec3::2:0/124
PH_POOL_SUN=10.3.2.0/28
PH_POOL6_SUN=fec3::3:0/124
"

# print a message of the test bed
tb_log()
{
	echo "testbed: $*"
}

# print an error and return non-zero
tb_err()
{
	echo "testbed: error: $*" >&2
	return 1
}

# wait until "$@" succeeds, polling every 0.05s; $1 is the timeout in seconds
tb_poll()
{
	local timeout=$1 end
	shift
	end=$(( ${EPOCHREALTIME/./} + timeout * 1000000 ))
	until "$@"; do
		[ "${EPOCHREALTIME/./}" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# true if process $1 exists and is no zombie (exited processes may wait a
# while for the init process to reap them)
tb_alive()
{
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# true if process $1 is gone
tb_dead()
{
	! tb_alive "$1"
}

# send SIGTERM to the given pids, SIGKILL to those alive after $TB_KILL_WAIT s
tb_kill_pids()
{
	local pid left
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null || true
	for pid in "$@"; do
		tb_poll "${TB_KILL_WAIT:-5}" tb_dead "$pid" || true
	done
	left=""
	for pid in "$@"; do
		if tb_alive "$pid"; then
			left="$left $pid"
		fi
	done
	if [ -n "$left" ]; then
		tb_log "killing (SIGKILL) processes:$left"
		# shellcheck disable=SC2086
		kill -KILL $left 2>/dev/null || true
		for pid in $left; do
			tb_poll 2 tb_dead "$pid" || true
		done
	fi
}

# list our namespaces (cf-*)
tb_list_ns()
{
	ip netns list 2>/dev/null | awk -v p="$TB_PREFIX" \
		'index($1, p) == 1 { print $1 }'
}

# take the lock serializing test bed runs on this machine: a directory
# holding the owner's pid (no inherited file descriptor, so that a charon of
# a killed run cannot keep it); a lock whose owner is gone is taken over
tb_lock()
{
	local owner waited=0
	until mkdir "$TB_LOCK" 2>/dev/null; do
		owner=$(cat "$TB_LOCK/pid" 2>/dev/null || true)
		if [ -n "$owner" ] && ! tb_alive "$owner"; then
			tb_log "removing stale lock of process $owner"
			rm -rf "$TB_LOCK"
			continue
		fi
		if [ "$waited" = 0 ]; then
			tb_log "waiting for another test bed run ($TB_LOCK)"
		fi
		waited=$((waited + 1))
		[ "$waited" -lt 1800 ] || tb_err "could not get $TB_LOCK" || return 1
		sleep 0.5
	done
	echo $$ >"$TB_LOCK/pid"
}

# release the lock if we own it
# whether this process holds the test bed lock
tb_locked()
{
	[ "$(cat "$TB_LOCK/pid" 2>/dev/null)" = "$$" ]
}

tb_unlock()
{
	if [ "$(cat "$TB_LOCK/pid" 2>/dev/null)" = "$$" ]; then
		rm -rf "$TB_LOCK"
	fi
}

# find out whether the kernel does ESP (XFRM) or charon needs kernel-libipsec
tb_detect_backend()
{
	local ns=${TB_PREFIX}probe
	ip netns add "$ns" || tb_err "cannot create namespace $ns" || return 1
	if ip -n "$ns" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp \
		spi 0x1000 mode tunnel enc 'cbc(aes)' \
		0x00112233445566778899aabbccddeeff \
		auth-trunc 'hmac(sha256)' \
		0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff \
		128 2>/dev/null; then
		TB_BACKEND=kernel-netlink
	else
		TB_BACKEND=kernel-libipsec
	fi
	ip netns delete "$ns"
	if [ "$TB_BACKEND" = kernel-libipsec ]; then
		tb_log "ESP backend: kernel-libipsec (the kernel has no ESP)"
	else
		tb_log "ESP backend: kernel-netlink (kernel XFRM with ESP)"
	fi
}

# kill all processes in our namespaces and delete the namespaces
tb_remove_namespaces()
{
	local ns pids=""
	for ns in $(tb_list_ns); do
		pids="$pids $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
	done
	# shellcheck disable=SC2086
	tb_kill_pids $pids
	for ns in $(tb_list_ns); do
		ip netns delete "$ns" 2>/dev/null || true
	done
}

# lock, detect the ESP backend and remove leftovers of an earlier run
tb_init()
{
	local d
	[ "$(id -u)" = 0 ] || tb_err "must run as root" || return 1
	[ -x "$TB_CHARON" ] || tb_err "$TB_CHARON not found" || return 1
	tb_lock || return 1
	if [ -n "$(tb_list_ns)" ]; then
		tb_log "removing leftovers: $(tb_list_ns | tr '\n' ' ')"
		tb_remove_namespaces
	fi
	# work dirs of killed runs (those kept with CF_KEEP=1 have a KEPT file)
	for d in "${TMPDIR:-/tmp}"/cf-testbed.*; do
		if [ -d "$d" ] && [ ! -e "$d/KEPT" ]; then
			rm -rf "$d"
		fi
	done
	[ -n "$TB_BACKEND" ] || tb_detect_backend
}

# run a command in a namespace without the per-host mounts (setup only)
tb_nsrun()
{
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# the "ip -batch" lines that give host $1 its interfaces, addresses and, on
# LAN hosts, routes to the pools of the other gateways
tb_net_batch()
{
	local host=$1 ifc iface br v4 v6 other lan4 lan6 pool4 pool6
	echo "link set lo up"
	for ifc in ${TB_IFACES[$host]}; do
		IFS=, read -r iface br v4 v6 <<<"$ifc"
		echo "link add $iface type veth peer name $host-$iface netns $TB_SWITCH"
		echo "addr add $v4 dev $iface"
		echo "addr add $v6 dev $iface nodad"
		echo "link set $iface up"
	done
	case " ${TB_IFACES[$host]}" in
	*,lan,*) ;;
	*) return 0 ;;
	esac
	for other in "${!TB_GATEWAYS[@]}"; do
		[ "$other" != "$host" ] || continue
		IFS=, read -r lan4 lan6 pool4 pool6 <<<"${TB_GATEWAYS[$other]}"
		echo "route add $pool4 via $lan4"
		echo "route add $pool6 via $lan6"
	done
}

# the "ip -batch" lines that attach the switch ends of all veths
tb_switch_batch()
{
	local host ifc iface br v4 v6
	for host in $TB_HOSTS; do
		for ifc in ${TB_IFACES[$host]}; do
			IFS=, read -r iface br v4 v6 <<<"$ifc"
			echo "link set $host-$iface master $br up"
		done
	done
}

# create the namespaces, bridges, veths, addresses and routes (with as few
# commands as possible: the VM of testing/vm runs them emulated)
tb_net_up()
{
	local host sysctls
	local base="net.ipv4.conf.all.rp_filter=0
		net.ipv4.conf.default.rp_filter=0
		net.ipv6.conf.all.accept_dad=0
		net.ipv6.conf.default.accept_dad=0
		net.ipv6.conf.all.dad_transmits=0
		net.ipv6.conf.default.dad_transmits=0"

	ip netns add "$TB_SWITCH" || return 1
	# shellcheck disable=SC2016
	tb_nsrun "$TB_SWITCH" sh -e -c '
		sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ip link set lo up
		for br in inet lan; do
			ip link add "$br" type bridge stp_state 0 forward_delay 0
			ip link set "$br" up
		done' || return 1

	for host in $TB_HOSTS; do
		ip netns add "$TB_PREFIX$host" || return 1
		sysctls=$base
		if [ -n "${TB_GATEWAYS[$host]:-}" ]; then
			# gateways forward
			sysctls="$sysctls net.ipv4.ip_forward=1
				net.ipv6.conf.all.forwarding=1"
		fi
		# shellcheck disable=SC2086
		tb_nsrun "$TB_PREFIX$host" sysctl -q -w $sysctls || return 1
		tb_net_batch "$host" | ip -n "$TB_PREFIX$host" -batch - ||
			return 1
	done
	tb_switch_batch | ip -n "$TB_SWITCH" -batch - || return 1
}

# run pki, hiding Debian's harmless "failed to load" plugin messages
tb_pki()
{
	local err rc=0
	err=$(mktemp "$TB_WORK/pki.XXXXXX")
	pki "$@" 2>"$err" || rc=$?
	grep -v "failed to load" "$err" >&2 || true
	rm -f "$err"
	return "$rc"
}

# all IPv4 and IPv6 addresses of a host, as "--san ADDR" arguments
tb_san_addrs()
{
	local ifc iface br v4 v6
	for ifc in ${TB_IFACES[$1]}; do
		IFS=, read -r iface br v4 v6 <<<"$ifc"
		printf -- '--san\n%s\n--san\n%s\n' "${v4%/*}" "${v6%/*}"
	done
}

# create the CA and one ECDSA certificate per host in $TB_WORK/certs; with
# TB_CERT_CACHE set (a directory), they are made once and copied from there
tb_certs()
{
	local dir=$TB_WORK/certs host id
	local -a san
	mkdir -p "$dir" || return 1
	if [ -n "${TB_CERT_CACHE:-}" ] &&
		[ -f "$TB_CERT_CACHE/strongswanCert.pem" ]; then
		cp "$TB_CERT_CACHE"/*.pem "$dir/" || return 1
		for host in $TB_IPSEC_HOSTS; do
			[ -f "$dir/${host}Cert.pem" ] || break
		done
		[ -f "$dir/${host}Cert.pem" ] && return 0
		rm -f "$dir"/*.pem
	fi
	tb_pki --gen --type ecdsa --size 256 --outform pem \
		>"$dir/strongswanKey.pem" || return 1
	tb_pki --self --ca --lifetime 30 --type ecdsa \
		--in "$dir/strongswanKey.pem" --dn "$TB_CA_DN" \
		--outform pem >"$dir/strongswanCert.pem" || return 1
	for host in $TB_IPSEC_HOSTS; do
		id=${TB_IDS[$host]}
		mapfile -t san < <(tb_san_addrs "$host")
		tb_pki --gen --type ecdsa --size 256 --outform pem \
			>"$dir/${host}Key.pem" || return 1
		tb_pki --issue --lifetime 30 --type priv \
			--in "$dir/${host}Key.pem" \
			--cacert "$dir/strongswanCert.pem" \
			--cakey "$dir/strongswanKey.pem" \
			--dn "C=CH, O=strongSwan Project, CN=$id" \
			--san "$id" "${san[@]}" --outform pem \
			>"$dir/${host}Cert.pem" || return 1
	done
	if [ -n "${TB_CERT_CACHE:-}" ] && [ -d "$TB_CERT_CACHE" ]; then
		cp "$dir"/*.pem "$TB_CERT_CACHE/" || return 1
	fi
}

# placeholders for what differs between the ESP backends: kernel-libipsec
# always encapsulates ESP in UDP (port 4500), kernel XFRM between hosts
# without NAT sends plain ESP (IP protocol 50).  In tcpdump's words:
#   IP PH_IP_CAROLPH_ESP_PORT > PH_IP_MOONPH_ESP_PORT: PH_ESP
# and in swanctl --list-sas --raw: "protocol=ESPPH_ENCAP"
tb_backend_placeholders()
{
	if [ "$TB_BACKEND" = kernel-libipsec ]; then
		printf '%s\n' "PH_ESP_PORT=.4500" "PH_ESP=UDP-encap: ESP" \
			"PH_ENCAP= encap=yes"
	else
		printf '%s\n' "PH_ESP_PORT=" "PH_ESP=ESP" "PH_ENCAP="
	fi
}

# all placeholders as NAME=VALUE lines, in the order they are replaced: a
# scenario's own (TB_SCENARIO_PLACEHOLDERS, see testing/run), the backend's,
# the test bed's
tb_placeholders()
{
	printf '%s\n' ${TB_SCENARIO_PLACEHOLDERS:-}
	tb_backend_placeholders
	printf '%s\n' $TB_PLACEHOLDERS
}

# sed script replacing the placeholders
tb_sed_script()
{
	local kv
	while IFS= read -r kv; do
		[ -n "$kv" ] || continue
		printf 's|%s|%s|g\n' "${kv%%=*}" "${kv#*=}"
	done < <(tb_placeholders)
}

# replace the placeholders in the string $1 (without starting a process)
tb_subst()
{
	local s=$1 kv
	if [ "${#TB_PH[@]}" -eq 0 ]; then
		mapfile -t TB_PH < <(tb_placeholders)
	fi
	for kv in "${TB_PH[@]}"; do
		s=${s//"${kv%%=*}"/"${kv#*=}"}
	done
	printf '%s\n' "$s"
}

# the strongswan.conf lines the runner appends for the ESP backend
tb_backend_conf()
{
	if [ "$TB_BACKEND" = kernel-libipsec ]; then
		printf '%s\n' "" \
			"# appended by testing/lib/testbed.sh: the kernel has no ESP" \
			"charon {" \
			"	plugins {" \
			"		kernel-libipsec {" \
			"			load = yes" \
			"		}" \
			"	}" \
			"}"
	fi
}

# build the private directories of a host: defaults from testing/hosts,
# overlaid by the scenario's hosts/ files (symlinks followed, so that a
# scenario can use a file of conf/examples as it is), placeholders replaced,
# certs added
tb_host_dir()
{
	local host=$1 scenario=${2:-} d=$TB_WORK/hosts/$1 f
	local -a dirs=("$d/run" "$d/log")
	# all directories swanctl --load-all reads, so that it does not warn
	for f in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private \
		rsa ecdsa bliss pkcs8 pkcs12; do
		dirs+=("$d/etc/swanctl/$f")
	done
	mkdir -p "${dirs[@]}" || return 1
	if [ -d "$TB_TOP/hosts/$host/etc" ]; then
		cp -RL "$TB_TOP/hosts/$host/etc/." "$d/etc/" || return 1
	fi
	if [ -n "$scenario" ] && [ -d "$scenario/hosts/$host/etc" ]; then
		cp -RL "$scenario/hosts/$host/etc/." "$d/etc/" || return 1
	fi
	[ -f "$d/etc/strongswan.conf" ] || : >"$d/etc/strongswan.conf"
	find "$d/etc" -type f -exec sed -i -f "$TB_WORK/placeholders.sed" {} + ||
		return 1
	tb_backend_conf >>"$d/etc/strongswan.conf"

	case " $TB_IPSEC_HOSTS " in
	*" $host "*)
		cp "$TB_WORK/certs/strongswanCert.pem" "$d/etc/swanctl/x509ca/" &&
		cp "$TB_WORK/certs/${host}Cert.pem" "$d/etc/swanctl/x509/" &&
		install -m 600 "$TB_WORK/certs/${host}Key.pem" \
			"$d/etc/swanctl/ecdsa/" || return 1
		;;
	esac
}

# set up the whole test bed; $1 is an optional scenario directory
tb_up()
{
	local scenario=${1:-} host
	if [ -z "$TB_WORK" ]; then
		TB_WORK=$(mktemp -d "${TMPDIR:-/tmp}/cf-testbed.XXXXXX") || return 1
	fi
	TB_PH=()
	tb_sed_script >"$TB_WORK/placeholders.sed" || return 1
	tb_net_up || tb_err "network setup failed" || return 1
	tb_certs || tb_err "certificate generation failed" || return 1
	for host in $TB_HOSTS; do
		tb_host_dir "$host" "$scenario" || return 1
		tb_holder_start "$host" || return 1
	done
}

# start the process that holds the mount namespace of host $1: "ip netns
# exec" gives it a private one, in which the host's own /run, /var/log,
# /etc/swanctl and /etc/strongswan.conf are bound over the real ones; every
# command of the host then enters it (see tb_cmd), which costs fewer
# processes than mounting per command
tb_holder_start()
{
	local host=$1 d=$TB_WORK/hosts/$1
	rm -f "$d/holder.pid"
	# shellcheck disable=SC2016
	ip netns exec "$TB_PREFIX$host" sh -c '
		mount --bind "$0/run" /run &&
		mount --bind "$0/log" /var/log &&
		mount --bind "$0/etc/swanctl" /etc/swanctl &&
		mount --bind "$0/etc/strongswan.conf" /etc/strongswan.conf &&
		echo $$ >"$0/holder.pid.new" && mv "$0/holder.pid.new" \
			"$0/holder.pid" && exec sleep infinity' "$d" \
		</dev/null >"$d/holder.err" 2>&1 &
	tb_poll 10 test -s "$d/holder.pid" ||
		tb_err "cannot set up the mounts of $host: $(cat "$d/holder.err")"
}

# set the array TB_CMD to the command prefix that runs a command in host $1,
# in its network namespace and the mount namespace of its holder (see
# tb_holder_start); TB_TIMEOUT limits the run time
tb_cmd()
{
	local host=$1 d=$TB_WORK/hosts/$1 pid
	[ -d "$d" ] || tb_err "unknown host '$host'" || return 1
	read -r pid 2>/dev/null <"$d/holder.pid" && tb_alive "$pid" ||
		tb_err "host '$host' has no mount namespace holder" || return 1
	TB_CMD=()
	if [ -n "${TB_TIMEOUT:-}" ]; then
		TB_CMD=(timeout -k 2 "$TB_TIMEOUT")
	fi
	TB_CMD+=(nsenter -t "$pid" -m -n --wd="$PWD"
		env PATH="$TB_SCRIPTS:$PATH" CF_HOST="$host" CF_BACKEND="$TB_BACKEND"
		CF_HOSTDIR="$d" CF_LIBRESWAN="$TB_LIBRESWAN")
}

# run "$@" in host $1 (see tb_cmd)
tb_exec()
{
	tb_cmd "$1" || return 1
	shift
	"${TB_CMD[@]}" "$@"
}

# start charon in a host and load its swanctl configuration
tb_charon_start()
{
	tb_exec "$1" systemctl start strongswan
}

# stop charon in a host (SIGTERM, SIGKILL after a timeout)
tb_charon_stop()
{
	local pidf=$TB_WORK/hosts/$1/run/charon.pid pid
	[ -s "$pidf" ] || return 0
	pid=$(cat "$pidf")
	tb_kill_pids "$pid"
	rm -f "$pidf"
}

# start tcpdump on the wire of a host; $1 is "host" or "host:iface"
# (default eth0).  It captures on the switch end of the host's veth, so it
# sees exactly what crosses the wire: an IPsec host's own interface also
# shows the inbound packets the kernel decrypted (kernel XFRM passes them
# through the interface again)
tb_tcpdump_start()
{
	local host=${1%%:*} iface=eth0 d
	[ "$host" = "$1" ] || iface=${1#*:}
	d=$TB_WORK/hosts/$host
	[ -d "$d" ] || tb_err "unknown host '$host'" || return 1
	ip -n "$TB_SWITCH" link show "$host-$iface" >/dev/null 2>&1 ||
		tb_err "host '$host' has no interface $iface" || return 1
	# a simple command, so that $! is the pid of tcpdump itself
	ip netns exec "$TB_SWITCH" tcpdump -l -n --immediate-mode \
		-i "$host-$iface" >"$d/tcpdump.log" 2>"$d/tcpdump.err" </dev/null &
	echo $! >"$d/tcpdump.pid"
	tb_poll 5 grep -q "listening on" "$d/tcpdump.err" ||
		tb_err "tcpdump on $host:$iface did not start" || return 1
}

# stop a capture started with its pid in $1.pid and its stderr in $1.err,
# after it processed all packets it received
tb_capture_stop()
{
	local base=$1 pid i captured received
	local re='.* ([0-9]+) packets? captured, ([0-9]+) packets? received.*'
	[ -s "$base.pid" ] || return 0
	pid=$(cat "$base.pid")
	# SIGUSR1 makes tcpdump print "N packets captured, M packets received
	# by filter, ..." on one line; wait (max 1s) until both numbers agree
	for i in $(seq 20); do
		kill -USR1 "$pid" 2>/dev/null || break
		sleep 0.05
		read -r captured received < <(sed -E -n "s/$re/\\1 \\2/p" \
			"$base.err" | tail -n 1) || true
		[ "${captured:-x}" != "${received:-y}" ] || break
		: "$i"
	done
	tb_kill_pids "$pid"
	wait "$pid" 2>/dev/null || true
	rm -f "$base.pid"
}

# stop tcpdump in a host after it processed all packets it received
tb_tcpdump_stop()
{
	tb_capture_stop "$TB_WORK/hosts/${1%%:*}/tcpdump"
}

# pids of the running charons and plutos of all hosts
tb_charon_pids()
{
	local host pidf
	for host in $TB_IPSEC_HOSTS; do
		for pidf in "$TB_WORK/hosts/$host/run/charon.pid" \
			"$TB_WORK/hosts/$host/run/pluto/pluto.pid"; do
			if [ -s "$pidf" ] && tb_alive "$(cat "$pidf")"; then
				cat "$pidf"
			fi
		done
	done
}

# stop everything, delete the namespaces and the work dir (kept if CF_KEEP=1)
tb_teardown()
{
	local host
	if [ -n "$TB_WORK" ] && [ -d "$TB_WORK/hosts" ]; then
		for host in $TB_HOSTS; do
			tb_tcpdump_stop "$host" 2>/dev/null || true
		done
		# shellcheck disable=SC2046
		tb_kill_pids $(tb_charon_pids)
	fi
	tb_remove_namespaces
	if [ -n "$TB_WORK" ] && [ -d "$TB_WORK" ]; then
		if [ "${CF_KEEP:-0}" = 1 ]; then
			: >"$TB_WORK/KEPT"
			tb_log "keeping $TB_WORK"
		else
			rm -rf "$TB_WORK"
		fi
	fi
	TB_WORK=
}
