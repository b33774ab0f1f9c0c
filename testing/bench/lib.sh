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
# Shared functions of the benchmarks (testing/bench/run): test bed set-up on
# top of testing/lib/testbed.sh (with optional extra client namespaces
# cf-c01.. and bigger address pools), client and gateway configurations
# ("profiles"), captures, the analysis of a probe stream and statistics.
#
# Every client and gateway logs with epoch timestamps in milliseconds
# (time_format = %s, time_add_ms = yes) at level 1 (the plugin's failover
# line is a cfg level 1 message).

BW_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/testbed.sh
. "$BW_TOP/testing/lib/testbed.sh"

# used by the scripts that source this file
# shellcheck disable=SC2034
MOON=192.168.0.1
SUN=192.168.0.2
ALICE=192.168.0.50
# shellcheck disable=SC2034
VENUS=10.1.0.20
MEMBERS="$MOON, $SUN, $ALICE"

# original test bed layout, restored by bw_end
BW_ORIG_HOSTS=$TB_HOSTS
BW_ORIG_IPSEC_HOSTS=$TB_IPSEC_HOSTS
BW_ORIG_GATEWAYS=$(declare -p TB_GATEWAYS)
BW_CLIENTS=""

# the benchmark's console log (set by run), every command's output goes there
BW_CONSOLE=${BW_CONSOLE:-/dev/null}

# print a progress line
bw_say()
{
	printf '%s bench: %s\n' "$(date +%T)" "$*" | tee -a "$BW_CONSOLE" >&2
}

# append a line to the console log
bw_clog()
{
	printf '%s %s\n' "$(date +%T.%3N)" "$*" >>"$BW_CONSOLE"
}

# current time, epoch seconds with ns
bw_now()
{
	date +%s.%N
}

# name of extra client $1 (1..): c01, c02, ...
bw_cname()
{
	printf 'c%02d' "$1"
}

# internet address of extra client $1 (1..153): 192.168.0.101..199, then
# .201..254 (dave has .200)
bw_caddr()
{
	if [ "$1" -lt 100 ]; then
		echo "192.168.0.$((100 + $1))"
	else
		echo "192.168.0.$((101 + $1))"
	fi
}

# set up the test bed: $1 = number of extra client namespaces (c01..),
# $2 = "big" to give the gateways /24 pools (for many clients); takes the
# test bed lock (waits for other users) and builds the network and
# certificates; the gateways get the benchmark's logging
bw_begin()
{
	local n=${1:-0} pools=${2:-small} i c gw lan4 lan6 p4 p6
	BW_CLIENTS=""
	[ "$n" -le 153 ] || { bw_say "at most 153 extra clients"; return 1; }
	for i in $(seq 1 "$n"); do
		c=$(bw_cname "$i")
		BW_CLIENTS="$BW_CLIENTS $c"
		TB_IFACES[$c]="eth0,inet,$(bw_caddr "$i")/24,fec0::c:$i/64"
		TB_IDS[$c]="$c@strongswan.org"
	done
	BW_CLIENTS=${BW_CLIENTS# }
	TB_HOSTS="$BW_ORIG_HOSTS $BW_CLIENTS"
	TB_IPSEC_HOSTS="$BW_ORIG_IPSEC_HOSTS $BW_CLIENTS"
	if [ "$pools" = big ]; then
		for gw in moon sun alice; do
			IFS=, read -r lan4 lan6 p4 p6 <<<"${TB_GATEWAYS[$gw]}"
			TB_GATEWAYS[$gw]="$lan4,$lan6,${p4%/*}/24,${p6%/*}/112"
		done
	fi
	tb_init >>"$BW_CONSOLE" 2>&1 || return 1
	TB_WORK=$(mktemp -d "${TMPDIR:-/tmp}/cf-testbed.XXXXXX") || return 1
	bw_clog "test bed up: $n extra clients, $pools pools ($TB_WORK)"
	(tb_up "") >>"$BW_CONSOLE" 2>&1 || { bw_say "test bed set-up failed"; return 1; }
	for gw in moon sun alice; do
		bw_gateway_conf "$gw" || return 1
	done
}

# tear the test bed down, release the lock, restore the layout
bw_end()
{
	if tb_locked; then
		(tb_teardown) >>"$BW_CONSOLE" 2>&1
		tb_unlock
	fi
	TB_WORK=
	TB_HOSTS=$BW_ORIG_HOSTS
	TB_IPSEC_HOSTS=$BW_ORIG_IPSEC_HOSTS
	eval "${BW_ORIG_GATEWAYS/declare -A/declare -gA}"
	BW_CLIENTS=""
}

# run a command in a host, output to the console log; BW_TIMEOUT limits it
# (default 60 s)
bw_x()
{
	local host=$1 rc=0
	shift
	bw_clog "$host# $*"
	TB_TIMEOUT=${BW_TIMEOUT:-60} tb_cmd "$host" || return 1
	"${TB_CMD[@]}" "$@" >>"$BW_CONSOLE" 2>&1 </dev/null || rc=$?
	[ "$rc" = 0 ] || bw_clog "    [exit $rc]"
	return "$rc"
}

# run a command in a host, its stdout to our stdout
bw_q()
{
	local host=$1
	shift
	TB_TIMEOUT=${BW_TIMEOUT:-60} tb_cmd "$host" || return 1
	"${TB_CMD[@]}" "$@" 2>>"$BW_CONSOLE" </dev/null
}

# the directory of a host in the test bed
bw_hdir()
{
	echo "$TB_WORK/hosts/$1"
}

# pid of a host's charon, empty if it is not running
bw_charon_pid()
{
	local f pid
	f=$(bw_hdir "$1")/run/charon.pid
	[ -s "$f" ] || return 0
	pid=$(cat "$f")
	if tb_alive "$pid"; then
		echo "$pid"
	fi
}

# start a host's charon (and load its configuration), if not running
bw_start()
{
	[ -z "$(bw_charon_pid "$1")" ] || return 0
	bw_x "$1" systemctl start strongswan
}

# stop a host's charon (SIGTERM, SIGKILL after 5 s)
bw_stop()
{
	bw_x "$1" systemctl stop strongswan
}

# kill a host's charon with SIGKILL and remove its kernel state (the host
# dies, see testing/scripts/flush-ipsec), print the time just before the kill
bw_kill()
{
	local pid t
	pid=$(bw_charon_pid "$1")
	[ -n "$pid" ] || { bw_say "$1: charon is not running"; return 1; }
	t=$(bw_now)
	kill -KILL "$pid"
	tb_poll 2 tb_dead "$pid" || return 1
	bw_x "$1" flush-ipsec
	rm -f "$(bw_hdir "$1")/run/charon.pid"
	bw_clog "killed $1's charon ($pid) with SIGKILL at $t"
	echo "$t"
}

# the common part of a strongswan.conf: $1 = extra charon settings, $2 =
# the plugin's section (with "load = ..."); the ESP backend is appended
bw_strongswan_conf()
{
	cat <<EOF
# written by testing/bench (cluster-failover benchmarks)
charon {
	load_modular = yes
$1
	plugins {
		include /etc/strongswan.d/charon/*.conf

		cluster-failover {
$2
		}
	}
	filelog {
		charon {
			path = /var/log/charon.log
			time_format = %s
			time_add_ms = yes
			ike_name = yes
			default = 1
			flush_line = yes
		}
	}
}

swanctl {
	load = pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl random
}
EOF
	tb_backend_conf
}

# a gateway's configuration: the test bed's, with the benchmark's logging,
# the plugin not loaded (stock gateways) and the pools of TB_GATEWAYS
bw_gateway_conf()
{
	local gw=$1 d lan4 lan6 p4 p6
	d=$(bw_hdir "$gw")/etc
	bw_strongswan_conf "" "			load = no" >"$d/strongswan.conf" || return 1
	IFS=, read -r lan4 lan6 p4 p6 <<<"${TB_GATEWAYS[$gw]}"
	sed -i -E -e "s|^([[:space:]]*addrs = )[0-9.]+/[0-9]+|\\1$p4|" \
		-e "s|^([[:space:]]*addrs = )[0-9a-f:]+/[0-9]+|\\1$p6|" \
		"$d/swanctl/swanctl.conf"
}

# settings of a client profile: sets P_DESC, P_PLUGIN (yes/no), P_CLUSTER
# (the cluster's settings), P_CHARON (charon section), P_CONN (connection),
# P_CHILD (child); unknown profile: error
# shellcheck disable=SC2034
bw_profile()
{
	local aggr="connect_timeout = 1s
heartbeat = instant
heartbeat_defer = 1s
heartbeat_response = 500ms
heartbeat_tries = 2"
	P_PLUGIN=yes
	P_CHARON=""
	P_CONN=""
	P_CHILD=""
	case "$1" in
	ours-aggr)
		P_DESC="ours, instant, aggressive (defer 1 s, response 500 ms, 2 tries)"
		P_CLUSTER="order = ordered
$aggr" ;;
	ours-aggr-random)
		P_DESC="ours, random order, instant, aggressive"
		P_CLUSTER="order = random
$aggr" ;;
	ours-default)
		P_DESC="ours, instant, shipped defaults (defer 5 s, response 1 s, 2 tries)"
		P_CLUSTER="order = ordered
heartbeat = instant" ;;
	ours-deferred)
		P_DESC="ours, deferred, aggressive timers"
		P_CLUSTER="order = ordered
connect_timeout = 1s
heartbeat = deferred
heartbeat_defer = 1s
heartbeat_response = 500ms
heartbeat_tries = 2" ;;
	ours-standby)
		P_DESC="ours, instant, aggressive, standby IKE_SA"
		P_CLUSTER="order = ordered
$aggr
standby = yes" ;;
	ours-none)
		P_DESC="ours, heartbeat = none (no DPD)"
		P_CLUSTER="order = ordered
connect_timeout = 1s
heartbeat = none" ;;
	ours-connect)
		P_DESC="ours, ordered, connect_timeout = 2s"
		P_CLUSTER="order = ordered
connect_timeout = 2s" ;;
	stock-dpd)
		P_DESC="stock, dpd_delay = 1s, dpd_action = restart, default retransmission"
		P_PLUGIN=no
		P_CONN="dpd_delay = 1s"
		P_CHILD="dpd_action = restart" ;;
	stock-tuned)
		P_DESC="stock, dpd_delay = 1s, dpd_action = restart, retransmit 1 s / 1.4 / 2 tries"
		P_PLUGIN=no
		P_CHARON="retransmit_timeout = 1
retransmit_base = 1.4
retransmit_tries = 2"
		P_CONN="dpd_delay = 1s"
		P_CHILD="dpd_action = restart" ;;
	stock)
		P_DESC="stock, no DPD"
		P_PLUGIN=no
		P_CLUSTER="" ;;
	*)
		bw_say "unknown profile '$1'"
		return 1 ;;
	esac
}

# indent every line of $2 by $1 tabs
bw_indent()
{
	local tabs
	tabs=$(printf '%*s' "$1" '' | tr ' ' '\t')
	[ -n "$2" ] || return 0
	printf '%s\n' "$2" | sed "s/^/$tabs/"
}

# the swanctl.conf connection $1 with local identity $2 (certificate
# ${2%%@*}Cert.pem) and the profile's connection/child settings
bw_conn()
{
	cat <<EOF
	$1 {
		remote_addrs = $MEMBERS
		vips = 0.0.0.0
		local {
			auth = pubkey
			certs = ${2%%@*}Cert.pem
			id = $2
		}
		remote {
			auth = pubkey
			id = *.strongswan.org
		}
		children {
			$1 {
				remote_ts = 10.1.0.0/16
				esp_proposals = aes128gcm16
$(bw_indent 4 "$P_CHILD")
			}
		}
		version = 2
		proposals = aes128-sha256-x25519
		keyingtries = 0
$(bw_indent 2 "$P_CONN")
	}
EOF
}

# write the configuration of client $1 for profile $2: one connection
# "home" with the host's own identity; or, with $3 = N, N connections
# home01..homeN with the identities c01..cN (their certificates and keys
# must be in the host's swanctl directories)
bw_client_conf()
{
	local host=$1 d conns="" plug i c
	bw_profile "$2" || return 1
	d=$(bw_hdir "$host")/etc
	if [ -n "${3:-}" ]; then
		for i in $(seq 1 "$3"); do
			c=$(bw_cname "$i")
			conns="$conns${conns:+, }home${c#c}"
		done
	else
		conns=home
	fi
	if [ "$P_PLUGIN" = yes ]; then
		plug="			load = yes
			clusters {
				office {
					members = $MEMBERS
					connections = $conns
$(bw_indent 5 "$P_CLUSTER")
				}
			}"
	else
		plug="			load = no"
	fi
	bw_strongswan_conf "$(bw_indent 1 "$P_CHARON")" "$plug" \
		>"$d/strongswan.conf" || return 1
	{
		echo "# written by testing/bench: profile $2"
		echo "connections {"
		if [ -n "${3:-}" ]; then
			for i in $(seq 1 "$3"); do
				c=$(bw_cname "$i")
				bw_conn "home${c#c}" "$c@strongswan.org"
			done
		else
			bw_conn home "${TB_IDS[$host]}"
		fi
		echo "}"
	} >"$d/swanctl/swanctl.conf"
}

# remove a host's logs (charon.log, traffic.*) before a run
bw_clear_logs()
{
	local d
	d=$(bw_hdir "$1")/log
	rm -f "$d/charon.log" "$d/charon.out" "$d/traffic.log" "$d/traffic.marks"
}

# copy a host's logs to directory $2
bw_save_logs()
{
	local f
	mkdir -p "$2" || return 1
	for f in "$(bw_hdir "$1")"/log/*; do
		[ -f "$f" ] && cp "$f" "$2/"
	done
	return 0
}

# start a capture in host $1 on interface $2 into file $3, filter "${@:4}";
# epoch timestamps (-tt)
bw_cap_start()
{
	local host=$1 iface=$2 file=$3
	shift 3
	tb_cmd "$host" || return 1
	"${TB_CMD[@]}" tcpdump -tt -l -n --immediate-mode -i "$iface" "$@" \
		>"$file" 2>"$file.err" </dev/null &
	echo $! >"$file.pid"
	tb_poll 5 grep -q "listening on" "$file.err" ||
		{ bw_say "tcpdump in $host did not start"; return 1; }
}

# stop the capture writing to file $1, after it processed all packets
bw_cap_stop()
{
	tb_capture_stop "$1"
}

# the replies a client got, with the gateway they came back through:
# "TIME SEQ RTT_MS GATEWAY" per reply ("?" if the capture on venus does not
# show it), from the client's logs in directory $1 (charon.log: the virtual
# IPs it had; traffic.log: ping -D) and venus' capture $2 (tcpdump -tt)
bw_replies()
{
	local vips
	vips=$(sed -n -E 's/.*installing new virtual IP ([0-9.]+).*/\1/p' \
		"$1/charon.log" 2>/dev/null | sort -u | tr '\n' ' ')
	awk -v vips="$vips" '
		BEGIN { n = split(vips, v, " "); for (i = 1; i <= n; i++) mine[v[i]] = 1 }
		FNR == NR {
			# 1732.123 IP 10.1.0.20 > 10.3.2.1: ICMP echo reply, id 7, seq 5, length 64
			if ($0 !~ /ICMP echo reply/) next
			dst = $5; sub(/:$/, "", dst)
			if (!(dst in mine)) next
			s = $0; sub(/.* seq /, "", s); sub(/,.*/, "", s)
			gw = "?"
			if (dst ~ /^10\.3\.0\./) gw = "moon"
			else if (dst ~ /^10\.3\.1\./) gw = "alice"
			else if (dst ~ /^10\.3\.2\./) gw = "sun"
			via[s] = gw
			next
		}
		/bytes from .*icmp_seq=/ {
			t = $1; gsub(/[][]/, "", t)
			s = $0; sub(/.*icmp_seq=/, "", s); sub(/ .*/, "", s)
			r = $0; sub(/.*time=/, "", r); sub(/ .*/, "", r)
			print t, s, r, (s in via) ? via[s] : "?"
		}' "$2" "$1/traffic.log"
}

# the outage of a client after time $3 (the kill of gateway $4): from the
# kill to the first reply through another gateway; prints the ms or "-" if
# there was none; $1 = the client's log directory, $2 = venus' capture
bw_outage()
{
	bw_replies "$1" "$2" | awk -v k="$3" -v dead="$4" '
		$1 > k && ($4 != "?" && $4 != dead || $4 == "?" && $1 > k + 0.1) {
			printf "%d %s\n", ($1 - k) * 1000, $4; found = 1; exit
		}
		END { if (!found) print "- -" }'
}

# the plugin's failover line in a charon log $1: "DETECT_MS REHOME_MS TO
# TIME" (TO: the member, TIME: the epoch time of the line), or nothing
bw_failover_line()
{
	sed -n -E "s/^([0-9.]+) .*failover of '[^']*' from [^ ]+ to ([^:]+): .*detected after ([0-9]+)ms, new CHILD_SA after ([0-9]+)ms.*/\\3 \\4 \\2 \\1/p" \
		"$1" 2>/dev/null | head -n 1
}

# statistics of the numbers on stdin (one per line): "N MEDIAN P95 MAX MIN"
# (p95: nearest rank), or "0 - - - -" for none
bw_stats()
{
	sort -g | awk '
		{ v[++n] = $1 }
		END {
			if (n == 0) { print "0 - - - -"; exit }
			if (n % 2) med = v[(n + 1) / 2]
			else med = (v[n / 2] + v[n / 2 + 1]) / 2
			r = int(0.95 * n); if (r < 0.95 * n) r++
			printf "%d %g %g %g %g\n", n, med, v[r], v[n], v[1]
		}'
}

# the gateway name of a member address
bw_gwname()
{
	case "$1" in
	"$MOON") echo moon ;;
	"$SUN") echo sun ;;
	"$ALICE") echo alice ;;
	*) echo "$1" ;;
	esac
}

# the awk function chi2_q(x, k): the probability that a chi-square
# distributed variable with k degrees of freedom is at least x (the p-value
# of a chi-square test); closed forms for even and odd k, erfc by
# Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7)
BW_AWK_CHI2='
function bw_erfc(z,   t) {
	t = 1 / (1 + 0.3275911 * z)
	t = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * \
		(-1.453152027 + t * 1.061405429))))
	return t * exp(-z * z)
}
function chi2_q(x, k,   i, term, sum) {
	if (k < 1) return 1
	if (x <= 0) return 1
	if (k % 2 == 0) {
		term = 1; sum = 1
		for (i = 1; i < k / 2; i++) { term *= x / 2 / i; sum += term }
		return exp(-x / 2) * sum
	}
	term = sqrt(x); sum = (k > 1) ? term : 0
	for (i = 2; i <= (k - 1) / 2; i++) { term *= x / (2 * i - 1); sum += term }
	return bw_erfc(sqrt(x / 2)) + sqrt(2 / 3.14159265358979) * exp(-x / 2) * sum
}'

# chi-square test of counts against equal shares, summed over independent
# groups: stdin has one group per line, its counts separated by blanks
# (e.g. "12 9 11" for a 3-way split, "6 4" for a 2-way one); groups of
# fewer than 2 categories or without counts are left out.  Prints "X DF P"
# (statistic, degrees of freedom: the sum of (categories - 1), p-value), or
# "- 0 -" if no group counted
bw_chi2()
{
	awk "$BW_AWK_CHI2"'
		NF >= 2 {
			n = 0
			for (i = 1; i <= NF; i++) n += $i
			if (n == 0) next
			e = n / NF
			for (i = 1; i <= NF; i++) x += ($i - e) ^ 2 / e
			df += NF - 1
		}
		END {
			if (!df) { print "- 0 -"; exit }
			printf "%.3f %d %.4g\n", x, df, chi2_q(x, df)
		}'
}
