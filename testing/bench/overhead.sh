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
# Benchmark 3: heartbeat overhead, IKE messages per minute per client, idle
# and under bidirectional traffic (sourced by testing/bench/run).
#
# One extra client per configuration (c01..), all connected through moon at
# the same time.  Each client's eth0 is captured with a filter for IKE only
# (UDP 500, and UDP 4500 with the non-ESP marker; ESP-in-UDP and NAT
# keepalives are left out).  Two windows of $WINDOW s: idle (no traffic at
# all), then with every client pinging venus every 50 ms (echo
# requests out, replies in: traffic both ways).  The INFORMATIONAL requests
# a client sent are counted from its charon log.
#
# overhead.tsv: config window_s idle_msgs_per_min idle_informational_per_min
#               traffic_msgs_per_min traffic_informational_per_min

OH_PROFILES="ours-none ours-deferred ours-default ours-aggr stock-dpd stock"
OH_FILTER='udp port 500 or (udp port 4500 and udp[8:4] = 0)'

# IKE packets in capture $1 and INFORMATIONAL requests in charon log $2
# between epoch times $3 and $4: "PACKETS INFORMATIONALS"
oh_count()
{
	local p i
	p=$(awk -v a="$3" -v b="$4" '$1 >= a && $1 < b && / IP6? / { n++ }
		END { print n + 0 }' "$1")
	i=$(awk -v a="$3" -v b="$4" '$1 >= a && $1 < b &&
		/generating INFORMATIONAL request/ { n++ } END { print n + 0 }' "$2")
	echo "$p $i"
}

bench_overhead()
{
	local i c prof n=0 clients="" t0 t1 t2 t3 d ip ii tp ti
	bw_say "overhead: $(echo "$OH_PROFILES" | wc -w) clients, windows of $WINDOW s"
	for prof in $OH_PROFILES; do
		n=$((n + 1))
	done
	bw_begin "$n" || return 1
	mkdir -p "$RES/overhead"
	fo_gateways || return 1
	i=0
	for prof in $OH_PROFILES; do
		i=$((i + 1))
		c=$(bw_cname "$i")
		clients="$clients $c"
		fo_connect "$c" "$prof" || return 1
		bw_cap_start "$c" eth0 "$RES/overhead/$c.cap" "$OH_FILTER" ||
			return 1
	done
	sleep 3
	t0=$(bw_now)
	bw_say "  idle window"
	sleep "$WINDOW"
	t1=$(bw_now)
	for c in $clients; do
		bw_x "$c" traffic start "$VENUS" 0.05 || return 1
	done
	bw_say "  traffic window"
	sleep 3
	t2=$(bw_now)
	sleep "$WINDOW"
	t3=$(bw_now)
	: >"$RES/overhead.tsv"
	i=0
	for prof in $OH_PROFILES; do
		i=$((i + 1))
		c=$(bw_cname "$i")
		bw_x "$c" traffic stop
		bw_cap_stop "$RES/overhead/$c.cap"
		d=$RES/overhead/$prof
		bw_save_logs "$c" "$d"
		mv "$RES/overhead/$c.cap" "$d/ike.cap"
		read -r ip ii < <(oh_count "$d/ike.cap" "$d/charon.log" "$t0" "$t1")
		read -r tp ti < <(oh_count "$d/ike.cap" "$d/charon.log" "$t2" "$t3")
		# the traffic window must have seen traffic both ways
		if ! grep -q 'bytes from' "$d/traffic.log"; then
			bw_say "  $prof: no replies in the traffic window"
			tp=- ti=-
		fi
		awk -v p="$prof" -v w="$WINDOW" -v ip="$ip" -v ii="$ii" \
			-v tp="$tp" -v ti="$ti" 'function pm(x) {
				return x == "-" ? "-" : sprintf("%.1f", x * 60 / w) }
			BEGIN { printf "%s\t%d\t%s\t%s\t%s\t%s\n", p, w, pm(ip),
				pm(ii), pm(tp), pm(ti) }' >>"$RES/overhead.tsv"
		bw_say "  $prof: idle $ip IKE packets ($ii INFORMATIONAL requests)," \
			"traffic $tp ($ti) in $WINDOW s"
	done
	bw_end
}
