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
# Benchmark 6: CPU cost of the heartbeat monitor per connection (issue 10;
# sourced by testing/bench/run, uses cost.sh).
#
# carol's charon runs under valgrind --tool=callgrind with N connections
# (N in $MON_NS) of the 30-connection set-up of cost.sh (home01..homeN, each
# with its own identity), all bound to one ordered cluster with instant
# heartbeats and aggressive timers (profile ours-aggr: defer 1 s, response
# 500 ms, so a tick every min(1000, 500) / 10 = 50 ms per IKE_SA).  No
# traffic but the heartbeats: with nothing received for 1 s the monitor
# sends one, so every connection has about one DPD exchange per second.
# After all N CHILD_SAs are installed and $MON_SETTLE s more, the counters
# are dumped (which zeroes them), then dumped again after an idle window of
# $MON_WINDOW s: that dump is the window's.
#
# From the window's callgrind output: charon's total instructions, the
# inclusive instructions of tick_job (callgrind_annotate --inclusive=yes),
# those of all of the plugin's entry points (cost_plugin_ir of cost.sh),
# the number of calls of tick_job (ticks) and, from the call sites and
# lines of tick_job (the plugin has debug info; its helpers are inlined
# there), tick_job's instructions split by what it does:
#   checkout  checkout_watched() and the check-in (IKE_SA manager)
#   kernel    count_packets(): the CHILD_SA enumeration, the counter queries
#             (child_sa_t.get_usestats(), a kernel query each) and
#             traffic_t.count()
#   decide    decide() and check_probe(): the heartbeat state machine
#   act       act()/send_heartbeat(): queueing and sending the heartbeats
#   schedule  schedule(): the job of the next tick
#   own       the rest of tick_job (watch look-up, locking)
# The line ranges of these functions are read from the source in this work
# tree: it must be the source the installed plugin was built from.
#
# monitor.tsv: n children window_s ir_total tick_ir plugin_ir ticks
#              queries heartbeats failovers checkout_ir kernel_ir decide_ir
#              act_ir schedule_ir own_ir

MON_NS=${MON_NS:-"1 10 30"}
MON_WINDOW=${MON_WINDOW:-10}
MON_SETTLE=${MON_SETTLE:-3}
MON_SRC=src/libcharon/plugins/cluster_failover/cluster_failover_monitor.c

# installed CHILD_SAs of carol
mon_children()
{
	cost_children
}

# initiate home01..home$1 of carol, 10 at a time
mon_initiate()
{
	local i c pids=()
	for i in $(seq 1 "$1"); do
		c=$(bw_cname "$i")
		BW_TIMEOUT=120 bw_x carol swanctl --initiate --child "home${c#c}" &
		pids+=($!)
		if [ "${#pids[@]}" -ge 10 ]; then
			wait "${pids[@]}"
			pids=()
		fi
	done
	[ "${#pids[@]}" = 0 ] || wait "${pids[@]}"
}

# enclosing function of every line of the monitor's source: "LINE FUNCTION"
mon_lines()
{
	awk '
		/^[a-z].*\(/ && !/;[[:space:]]*$/ {
			s = $0
			if (s ~ /^METHOD\(/) {
				sub(/^METHOD\([^,]*, */, "", s); sub(/,.*/, "", s)
			} else {
				sub(/\(.*/, "", s); sub(/.*[ *]/, "", s)
			}
			fn = s
		}
		{ print NR, (fn == "" ? "-" : fn) }
		/^}/ { fn = "" }' "$TOP/$MON_SRC"
}

# parse callgrind output $1: ticks (calls of tick_job), tick_job's
# instructions by part (see above), the counter queries (calls made on the
# lines calling get_usestats()) and heartbeats (calls on the line calling
# ike_sa->initiate()); prints "TICKS QUERIES HEARTBEATS CHECKOUT KERNEL
# DECIDE ACT SCHEDULE OWN"
mon_parse()
{
	local lines
	lines=$(mktemp) || return 1
	mon_lines >"$lines"
	awk -v src="$TOP/$MON_SRC" -v lines="$lines" '
		BEGIN {
			while ((getline l < lines) > 0) {
				split(l, a, " "); fnof[a[1]] = a[2]
			}
			n = 0
			while ((getline l < src) > 0) {
				n++
				if (l ~ /get_usestats\(/) query[n] = 1
				if (l ~ /ike_sa->initiate\(/) hb[n] = 1
				if (l ~ /checkin\(/) checkin[n] = 1
				if (l ~ /cluster_failover_now\(/) nowl[n] = 1
			}
			part["checkout_watched"] = "checkout"
			part["count_packets"] = "kernel"
			part["decide"] = "decide"; part["check_probe"] = "decide"
			part["act"] = "act"; part["send_heartbeat"] = "act"
			part["schedule"] = "schedule"
		}
		function name(kind, s,   id, rest) {
			# "(12) name" defines, "(12)" refers
			if (match(s, /^\([0-9]+\)/)) {
				id = substr(s, 2, RLENGTH - 2)
				rest = substr(s, RLENGTH + 1); sub(/^ /, "", rest)
				if (rest != "") names[kind, id] = rest
				return names[kind, id]
			}
			return s
		}
		function pos(s) {
			if (s == "*") return last
			if (s ~ /^[+-]/) return last + s
			return s + 0
		}
		function where(line,   f) {
			if (file !~ /cluster_failover_monitor\.c$/) return "own"
			f = fnof[line]
			if (f in part) return part[f]
			if (checkin[line]) return "checkout"
			if (nowl[line]) return "decide"
			return "own"
		}
		/^fl=/ { file = name("f", substr($0, 4)); cur = file; next }
		/^f[ie]=/ { file = name("f", substr($0, 4)); next }
		/^fn=/ { fn = name("n", substr($0, 4)); file = cur; next }
		/^cf[il]=/ { name("f", substr($0, 5)); next }
		/^cfn=/ { cfn = name("n", substr($0, 5)); next }
		/^c?ob=/ { next }
		/^calls=/ { split(substr($0, 7), c, " "); calls = c[1]; call = 1
			if (cfn == "tick_job") ticks += calls
			next }
		/^([0-9]|\+|-|\*)/ {
			line = pos($1); last = line
			if (fn == "tick_job") {
				p = where(line)
				cost[p] += $2
				if (call && file ~ /cluster_failover_monitor\.c$/) {
					if (query[line]) queries += calls
					if (hb[line]) hbs += calls
				}
			}
			call = 0
			next
		}
		END {
			printf "%d %d %d %d %d %d %d %d %d\n", ticks, queries, hbs,
				cost["checkout"], cost["kernel"], cost["decide"],
				cost["act"], cost["schedule"], cost["own"]
		}' "$1"
	rm -f "$lines"
}

# inclusive instructions of tick_job in callgrind output $1
mon_tick_ir()
{
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk '/cluster_failover_monitor\.c:tick_job[ .]/ {
			gsub(",", "", $1); n += $1 } END { printf "%d", n }'
}

# one measurement with $1 connections
mon_run()
{
	local n=$1 d pid f0 f1 t0 t1 up ir tick plugin fails parsed log
	fo_gateways || return 1
	bw_client_conf carol ours-aggr "$n" || return 1
	bw_clear_logs carol
	d=$(bw_hdir carol)/log
	rm -f "$d"/callgrind.out.*
	cat >"$TB_WORK/charon-callgrind" <<-'EOF'
	#!/bin/sh
	exec valgrind --tool=callgrind --callgrind-out-file=/var/log/callgrind.out.%p \
		/usr/lib/ipsec/charon "$@"
	EOF
	chmod +x "$TB_WORK/charon-callgrind"
	touch "$d/cg.stamp"
	CF_CHARON=$TB_WORK/charon-callgrind CF_START_TIMEOUT=180 BW_TIMEOUT=200 \
		bw_x carol systemctl start strongswan || return 1
	bw_x carol expect-connection "home$(printf %02d "$n")" || return 1
	pid=$(bw_charon_pid carol)
	mon_initiate "$n"
	if ! tb_poll 60 test "$(mon_children)" -ge "$n"; then
		bw_say "  N=$n: $(mon_children) of $n up after 60 s, initiating the rest"
		for i in $(seq 1 "$n"); do
			BW_TIMEOUT=60 bw_x carol swanctl --initiate --child \
				"home$(printf %02d "$i")" || true
		done
	fi
	up=$(mon_children)
	[ "$up" -ge "$n" ] || bw_say "  N=$n: only $up CHILD_SAs installed"
	sleep "$MON_SETTLE"
	f0=$(cost_dump "$pid") || { bw_say "  callgrind_control failed"; return 1; }
	t0=$(bw_now)
	sleep "$MON_WINDOW"
	f1=$(cost_dump "$pid") || return 1
	t1=$(bw_now)
	: "$f0"
	log=$d/charon.log
	fails=$(awk -v a="$t0" -v b="$t1" '$1 >= a && $1 < b &&
		/failover of|did not answer|unanswered/ { n++ } END { print n + 0 }' \
		"$log")
	ir=$(cost_ir "$f1")
	tick=$(mon_tick_ir "$f1")
	plugin=$(cost_plugin_ir "$f1")
	read -r ticks queries hbs pco pke pde pac psc pow < <(mon_parse "$f1")
	parsed=$((pco + pke + pde + pac + psc + pow))
	printf '%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$n" "$up" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		"$ir" "$tick" "$plugin" "$ticks" "$queries" "$hbs" "$fails" \
		"$pco" "$pke" "$pde" "$pac" "$psc" "$pow" >>"$RES/monitor.tsv"
	bw_say "  N=$n ($up CHILD_SAs): $ir instructions in $MON_WINDOW s," \
		"tick_job $tick ($parsed by its lines) in $ticks ticks," \
		"plugin $plugin, $queries queries, $hbs heartbeats, $fails failure lines"
	mkdir -p "$RES/monitor/n$n"
	cp "$f1" "$RES/monitor/n$n/callgrind.out.window"
	BW_TIMEOUT=90 CF_STOP_TIMEOUT=60 bw_x carol systemctl stop strongswan
	bw_save_logs carol "$RES/monitor/n$n"
	rm -f "$RES/monitor/n$n"/callgrind.out.[0-9]*
	rm -f "$d"/callgrind.out.*
	# the gateways forget the clients (the same identities come again)
	for gw in moon sun alice; do
		bw_stop "$gw"
	done
}

bench_monitor()
{
	local i c d n
	: >"$RES/monitor.tsv"
	rm -rf "$RES/monitor"
	mkdir -p "$RES/monitor"
	bw_say "monitor: callgrind, N = $MON_NS connections, idle windows of" \
		"$MON_WINDOW s"
	bw_begin 30 big || return 1
	d=$(bw_hdir carol)/etc/swanctl
	for i in $(seq 1 30); do
		c=$(bw_cname "$i")
		cp "$TB_WORK/certs/${c}Cert.pem" "$d/x509/" &&
			cp "$TB_WORK/certs/${c}Key.pem" "$d/ecdsa/" || return 1
	done
	for n in $MON_NS; do
		mon_run "$n" || bw_say "  monitor N=$n failed"
	done
	bw_end
}
