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
# Benchmark "sessions" (issue 16): do TCP sessions survive the death of the
# gateway, ours against stock (sourced by testing/bench/run, after
# failover.sh).
#
# The gateways moon and sun (stock charon) follow README's gateway recipe
# (conf/examples/gateway): one connection per identity with a pool of one
# address from the LAN's subnet (carol 10.1.128.100, dave 10.1.128.101),
# farp, and the updown script lan-announce.sh that sends a gratuitous ARP.
# Side by side on the same kill: carol runs ours (profile ours-aggr, the
# cluster moon, sun), dave runs stock (profile stock-tuned: the same
# remote_addrs, dpd_delay = 1s, dpd_action = restart, retransmission 1 s /
# 1.4 / 2 tries, so that charon gives up on moon within the cap). Each run
# starts both with a fresh charon connected through moon; each opens a TCP
# echo session to venus (a line every 100 ms) and a 20 MiB transfer at
# 2 MiB/s (testing/scripts/tcp-session); moon is killed (SIGKILL, its
# kernel state flushed, its links down: a dead host forwards nothing).
#
#   first    kill to the first echo answered afterwards
#   stall    the longest time without an echo after the kill
#   survived the echo session answered again within the cap, the transfer
#            completed, no reset or error, no new connection, one source
#            address (the same virtual IP)
#
# Ours' runs end once 20 echoes were answered after the kill and the
# transfer is done; a run in which stock takes part lasts at least the cap
# (SS_CAP, default 30 s) for stock to recover in.  Stock takes part in the
# first SS_STOCK_RUNS runs (default: all).
#
# sessions.tsv:
#	config run first_ms stall_ms survived bulk_ms errors connections local member
# ("-": none within the cap)
#
# Run directly (testing/bench/sessions.sh --section [RESULTS_DIR]) it
# prints only its section of docs/benchmarks.md, from the results there.

SS_CAP=${SS_CAP:-30}
SS_OURS="ours-aggr"
SS_STOCK="stock-tuned"
SS_BYTES=20971520
SS_RATE=2097152
# the recipe's addresses, one per identity
declare -A SS_VIP=([carol]=10.1.128.100 [dave]=10.1.128.101)

# the gateway configuration of the recipe for member $1, generated from the
# list of identities (what an admin would generate and install everywhere)
ss_gateway_conf()
{
	local gw=$1 d host
	d=$(bw_hdir "$gw")/etc
	bw_strongswan_conf "" "			load = no" >"$d/strongswan.conf" || return 1
	cp "$BW_TOP/conf/examples/gateway/lan-announce.sh" "$d/swanctl/" ||
		return 1
	{
		echo "# written by testing/bench: README's gateway recipe"
		echo "connections {"
		for host in carol dave; do
			cat <<EOF
	rw-$host {
		pools = $host
		local {
			auth = pubkey
			certs = ${gw}Cert.pem
			id = $gw.strongswan.org
		}
		remote {
			auth = pubkey
			cacerts = strongswanCert.pem
			id = $host@strongswan.org
		}
		children {
			net {
				local_ts = 10.1.0.0/16
				esp_proposals = aes128gcm16
				updown = /bin/sh /etc/swanctl/lan-announce.sh
			}
		}
		version = 2
		proposals = aes128-sha256-x25519
	}
EOF
		done
		echo "}"
		echo "pools {"
		for host in carol dave; do
			printf '\t%s {\n\t\taddrs = %s/32\n\t}\n' "$host" "${SS_VIP[$host]}"
		done
		echo "}"
	} >"$d/swanctl/swanctl.conf"
}

# bring moon back (links up, charon started) and make sure sun runs
ss_gateways()
{
	local gw
	bw_x moon sh -c 'ip link set eth0 up && ip link set eth1 up' || return 1
	for gw in moon sun; do
		if [ -z "$(bw_charon_pid "$gw")" ]; then
			bw_start "$gw" && bw_x "$gw" expect-connection rw-carol ||
				return 1
		fi
	done
}

# the figures of a client's tcp-session log $1 after the kill at epoch time
# $2: "FIRST_MS STALL_MS BULK_MS ERRORS CONNECTIONS LOCAL" ("-": none)
ss_figures()
{
	awk -v k="$2" '
		$2 == "echo" {
			if ($1 > k) {
				gap = ($1 - (last > k ? last : k)) * 1000
				if (!n++) first = gap
				if (gap > stall) stall = gap
			}
			last = $1
		}
		$2 == "bulk" && $3 == "done" { bulk = $5 }
		$2 == "error" { err++ }
		$2 == "connect" { conns++; if (index(" " locals " ", " " $5 " ") == 0) locals = locals (locals ? "," : "") $5 }
		END {
			printf "%s %s %s %d %d %s\n", (n ? sprintf("%d", first) : "-"),
				(n ? sprintf("%d", stall) : "-"), (bulk != "" ? bulk : "-"),
				err, conns, (locals != "" ? locals : "-")
		}' "$1" 2>/dev/null
}

# true once client $1 had $2 echoes after its mark "kill" and its transfer
# ended
ss_done()
{
	bw_q "$1" tcp-session wait-echoes kill "$2" 0.1 &&
		bw_q "$1" tcp-session wait-bulk 0.1
}

# one run, number $1; stock takes part if $2 = yes
ss_run()
{
	local run=$1 stock=$2 dir clients=carol host tkill end conf
	local first stall bulk err conns src member ok
	dir=$RES/sessions/runs/$run
	mkdir -p "$dir"
	[ "$stock" = no ] || clients="carol dave"
	ss_gateways || return 1
	fo_connect carol "$SS_OURS" || return 1
	if [ "$stock" = yes ]; then
		fo_connect dave "$SS_STOCK" || return 1
	fi
	for host in $clients; do
		bw_x "$host" tcp-session start "$VENUS" "$SS_BYTES" "$SS_RATE" &&
			bw_x "$host" tcp-session mark start &&
			bw_x "$host" tcp-session wait-echoes start 10 10 || return 1
	done
	for host in $clients; do
		bw_x "$host" tcp-session mark kill
	done
	tkill=$(bw_kill moon) || return 1
	bw_x moon sh -c 'ip link set eth1 down; ip link set eth0 down'
	# ours: until 20 echoes and the transfer; with stock, the whole cap
	end=$(awk -v t="$tkill" -v c="$SS_CAP" 'BEGIN { printf "%d", t + c + 1 }')
	while [ "$(date +%s)" -lt "$end" ]; do
		if [ "$stock" = no ]; then
			ss_done carol 20 && break
		fi
		sleep 0.5
	done
	for host in $clients; do
		bw_x "$host" tcp-session stop
		conf=$SS_OURS
		[ "$host" = carol ] || conf=$SS_STOCK
		member=$(rm_member "$host")
		bw_save_logs "$host" "$dir/$host"
		read -r first stall bulk err conns src < <(ss_figures \
			"$(bw_hdir "$host")/log/tcp-session.log" "$tkill")
		ok=no
		if [ "$first" != - ] && [ "$bulk" != - ] && [ "$err" = 0 ] &&
			[ "$conns" = 2 ] && [ "$src" = "${SS_VIP[$host]}" ]; then
			ok=yes
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$conf" "$run" \
			"$first" "$stall" "$ok" "$bulk" "$err" "$conns" "$src" \
			"$member" >>"$RES/sessions.tsv"
		bw_say "  run $run, $host ($conf): first echo $first ms, stall $stall ms," \
			"transfer $bulk ms, errors $err, connections $conns, from $src," \
			"on $member: survived $ok"
	done
	for host in $clients; do
		BW_TIMEOUT=5 bw_x "$host" swanctl --terminate --ike home || true
		bw_stop "$host"
		bw_clear_logs "$host"
		rm -f "$(bw_hdir "$host")/log/tcp-session.log"
	done
}

bench_sessions()
{
	local runs=${SS_RUNS:-10} sruns=${SS_STOCK_RUNS:-} run gw saved=$MEMBERS
	if [ "${MODE:-full}" = quick ]; then
		runs=${SS_RUNS:-3}
	fi
	sruns=${sruns:-$runs}
	: >"$RES/sessions.tsv"
	printf 'cap\t%s\nruns\t%s\nstock_runs\t%s\n' "$SS_CAP" "$runs" "$sruns" \
		>"$RES/sessions.params"
	rm -rf "$RES/sessions"
	mkdir -p "$RES/sessions/runs"
	MEMBERS="$MOON, $SUN"
	bw_begin 0 || { MEMBERS=$saved; return 1; }
	for gw in moon sun; do
		if ! ss_gateway_conf "$gw" ||
			! bw_x "$gw" sysctl -qw net.ipv4.ip_nonlocal_bind=1; then
			MEMBERS=$saved
			return 1
		fi
	done
	bw_x venus tcp-session serve || { MEMBERS=$saved; return 1; }
	bw_say "sessions: $runs runs of ours (carol), stock (dave) side by side in the first $sruns, cap $SS_CAP s"
	for run in $(seq 1 "$runs"); do
		ss_run "$run" "$([ "$run" -le "$sruns" ] && echo yes || echo no)" ||
			bw_say "  run $run failed (see $BW_CONSOLE)"
	done
	bw_x venus tcp-session stop
	MEMBERS=$saved
	bw_end
}

# --- the report section ---

# "N MEDIAN P95 MAX MIN" of column $2 (3: first, 4: stall) of config $1
# over the runs in which the session survived
ss_stats()
{
	awk -F'\t' -v k="$1" -v c="$2" '$1 == k && $5 == "yes" { print $c }' \
		"$RES/sessions.tsv" | bw_stats
}

# "SURVIVED RUNS" of config $1
ss_share()
{
	awk -F'\t' -v k="$1" '$1 == k { n++; if ($5 == "yes") y++ }
		END { printf "%d %d\n", y, n }' "$RES/sessions.tsv"
}

# a figure in ms as seconds with 2 decimals, "–" for none
ss_s()
{
	case "$1" in
	-|"") echo "–" ;;
	*) awk -v v="$1" 'BEGIN { printf "%.2f s", v / 1000 }' ;;
	esac
}

# what stock's sessions saw: "first echo after the kill: none in N, ...;
# on moon N"
ss_stock_note()
{
	awk -F'\t' -v k="$SS_STOCK" '$1 == k {
			if ($3 == "-") none++
			if ($6 == "-") nobulk++
			m[$10]++
		}
		END {
			printf "no echo answered within the cap in %d, transfer not done in %d; CHILD_SA at the end:", none, nobulk
			for (g in m) printf " %s %d", g, m[g]
		}' "$RES/sessions.tsv"
}

# the section of docs/benchmarks.md
rp_sessions()
{
	local cap runs sruns y n fn fmed fp95 fmax sn smed sp95 smax sy sn2
	[ -s "$RES/sessions.tsv" ] || return 0
	cap=$(awk -F'\t' '$1 == "cap" { print $2 }' "$RES/sessions.params")
	runs=$(awk -F'\t' '$1 == "runs" { print $2 }' "$RES/sessions.params")
	sruns=$(awk -F'\t' '$1 == "stock_runs" { print $2 }' "$RES/sessions.params")
	read -r y n < <(ss_share "$SS_OURS")
	read -r sy sn2 < <(ss_share "$SS_STOCK")
	read -r fn fmed fp95 fmax _ < <(ss_stats "$SS_OURS" 3)
	read -r sn smed sp95 smax _ < <(ss_stats "$SS_OURS" 4)
	echo "## Sessions survive a failover (issue 16)"
	echo
	echo "($(rp_done sessions); $runs runs, stock in $sruns of them, cap $cap s; ESP backend $(rp_machine backend))"
	echo
	echo "The gateways moon and sun (stock charon) follow README's gateway recipe"
	echo "(\`conf/examples/gateway\`): a connection and a one-address pool per"
	echo "identity from the LAN's subnet (carol 10.1.128.100, dave 10.1.128.101),"
	echo "farp, and the updown script \`lan-announce.sh\` (gratuitous ARP). On the"
	echo "same kill: carol with the plugin (cluster moon, sun, ordered, instant"
	echo "heartbeats: defer 1 s, response 500 ms, 2 tries) and dave with stock"
	echo "strongSwan (the same \`remote_addrs\`, \`dpd_delay = 1s\`, \`dpd_action ="
	echo "restart\`, retransmission 1 s / 1.4 / 2 tries). Each run starts both"
	echo "connected through moon, each with a TCP echo session to venus (a line"
	echo "every 100 ms) and a 20 MiB transfer at 2 MiB/s"
	echo "(\`testing/scripts/tcp-session\`); moon is killed (SIGKILL, kernel state"
	echo "flushed, links down). A session survives if its echo is answered again"
	echo "within the cap, the transfer completes, and there was no error, no new"
	echo "connection and one source address."
	echo
	echo "| | ours | stock |"
	echo "|---|---|---|"
	printf '| sessions that survived (target 100 %%) | %d of %d | %d of %d |\n' \
		"$y" "$n" "$sy" "$sn2"
	printf '| kill → first echo answered, median / p95 / max | %s / %s / %s (%d runs) | – |\n' \
		"$(ss_s "$fmed")" "$(ss_s "$fp95")" "$(ss_s "$fmax")" "$fn"
	printf '| longest echo stall after the kill, median / p95 / max | %s / %s / %s (%d runs) | – |\n' \
		"$(ss_s "$smed")" "$(ss_s "$sp95")" "$(ss_s "$smax")" "$sn"
	echo
	echo "Stock: $(ss_stock_note). Stock never moves to sun (see"
	echo "[1. Failover outage](#1-failover-outage)): its \`dpd_action = restart\`"
	echo "goes back to the dead moon, so its sessions wait until moon is back, and"
	echo "would otherwise need a new virtual IP from another gateway, which breaks"
	echo "them as well."
	echo
	echo "Ours: the stall is detection (2 × 500 ms after the 1 s defer), the new"
	echo "CHILD_SA with sun (which grants the same address, \`VIP_KEPT=yes\`) and"
	echo "the gratuitous ARP, plus TCP's retransmission backoff: the echo is"
	echo "resent at RTO doublings after its first send, so the session resumes at"
	echo "the first retransmission after the tunnel is back."
	echo
	echo "Every run: \`\$CF_BENCH_DIR/sessions.tsv\` (configuration, run, first"
	echo "echo and stall in ms, survived, transfer ms, errors, connections, source"
	echo "address, member at the end); the clients' logs in \`sessions/runs/\`."
	echo "The benchmark: \`testing/bench/sessions.sh\` (\`testing/bench/run --only sessions\`)."
	echo
}

# run directly: print the section from the results in $2 (or the default)
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	export LC_ALL=C
	[ "${1:-}" = --section ] ||
		{ echo "usage: $0 --section [RESULTS_DIR]" >&2; exit 2; }
	BENCH=$(cd "$(dirname "$0")" && pwd)
	TOP=$(cd "$BENCH/../.." && pwd)
	RES=${2:-${CF_BENCH_DIR:-/tmp/cluster-failover-bench}}
	# shellcheck source-path=SCRIPTDIR source=lib.sh
	. "$BENCH/lib.sh"
	# shellcheck source-path=SCRIPTDIR source=report.sh
	. "$BENCH/report.sh"
	# shellcheck source-path=SCRIPTDIR source=roaming.sh
	. "$BENCH/roaming.sh"
	rp_sessions
fi
