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
# the number of calls of tick_job (ticks), and tick_job's instructions
# split by its direct callees (see mon_parse).  The tick rate is
# measured, not assumed: under callgrind charon runs some 50 times slower.
#
# monitor.tsv: n children window_s ir_total tick_ir plugin_ir ticks
#              queries heartbeats failure_lines checkout_ir checkin_ir
#              query_ir heartbeat_ir counters_ir decide_ir schedule_ir
#              rest_ir plugin_build charon_settings ("-": none)

MON_NS=${MON_NS:-"1 10 30"}
MON_WINDOW=${MON_WINDOW:-10}
MON_SETTLE=${MON_SETTLE:-3}
MON_CHARON=${MON_CHARON:-}	# extra settings of carol's charon section

# installed CHILD_SAs of carol
mon_children()
{
	cost_children
}

# initiate home01..home$1 of carol one after the other: each swanctl
# --initiate holds one of charon's worker threads until its IKE_SA is up;
# 10 at a time under callgrind (and kernel-libipsec's own threads) left no
# worker to process the answers, and charon hung
mon_initiate()
{
	local i
	for i in $(seq 1 "$1"); do
		BW_TIMEOUT=60 bw_x carol swanctl --initiate --child \
			"home$(printf %02d "$i")" || true
	done
}

# the installed plugin: "BUILDID (installed DATE)"
mon_build()
{
	local f=/usr/lib/ipsec/plugins/libstrongswan-cluster-failover.so
	printf '%s (installed %s)' \
		"$(readelf -n "$f" 2>/dev/null | sed -n 's/.*Build ID: //p' | cut -c1-12)" \
		"$(date -u -r "$f" '+%H:%M:%S UTC')"
}

# split tick_job's inclusive instructions in callgrind output $1 by its
# direct callees (callgrind_annotate --tree=calling): strongSwan's libraries
# are stripped, so their functions are told apart by what they call:
#   checkout   the callee that calls thread_current() (the IKE_SA manager's
#              checkout marks the IKE_SA as checked out by this thread)
#   checkin    cluster_failover_checkin() (the IKE_SA manager's checkin)
#   query      callees that lead into a kernel interface plugin
#              (libstrongswan-kernel-*.so): child_sa_t.get_usestats()
#   heartbeat  ike_dpd_create() and the callees called exactly as often
#              (queue_task(), initiate(): queueing and sending heartbeats)
#   counters   the plugin's packet counter book-keeping (*count*)
#   decide     the plugin's heartbeat state machine (*decide*, *tick*,
#              cluster_failover_now())
#   schedule   the plugin's schedule() (the job of the next tick)
#   rest       tick_job's own instructions and everything else it calls
#              (watch look-up, locks, CHILD_SA enumeration)
# prints "TICKS QUERIES HEARTBEATS CHECKOUT CHECKIN QUERY HEARTBEAT COUNTERS
# DECIDE SCHEDULE REST"
mon_parse()
{
	callgrind_annotate --inclusive=yes --threshold=100 --tree=calling "$1" \
		2>/dev/null | awk '
		function num(s) { gsub(",", "", s); return s + 0 }
		# "  1,234 ( 0.1%)  *  NAME [OBJ]" starts the callees of NAME
		/^ *[0-9,]+ +\( *[0-9.]+%\) +\* +/ {
			caller = $0; sub(/^.*\* +/, "", caller)
			self[caller] = num($1); next
		}
		/^ *[0-9,]+ +\( *[0-9.]+%\) +> +/ {
			callee = $0; sub(/^.*> +/, "", callee)
			n = callee; sub(/ \([0-9,]+x\).*/, "", n)
			c = callee; sub(/.*\(/, "", c); sub(/x\).*/, "", c)
			o = callee; sub(/.*\[/, "", o); sub(/\].*/, "", o)
			key = n " [" o "]"
			E++; from[E] = caller; to[E] = key; cost[E] = num($1)
			cnt[E] = num(c)
		}
		END {
			# functions that lead into a kernel interface plugin
			for (e = 1; e <= E; e++)
				if (to[e] ~ /libstrongswan-kernel-/) kern[to[e]] = 1
			do {
				more = 0
				for (e = 1; e <= E; e++)
					if (kern[to[e]] && !kern[from[e]]) {
						kern[from[e]] = 1; more = 1
					}
			} while (more)
			for (e = 1; e <= E; e++) {
				if (to[e] ~ /thread_current/) takes[from[e]] = 1
				if (to[e] ~ /:tick_job /) ticks += cnt[e]
				if (from[e] ~ /:tick_job / && to[e] ~ /ike_dpd_create/)
					hbs += cnt[e]
			}
			for (e = 1; e <= E; e++) {
				if (from[e] !~ /:tick_job /) continue
				t = to[e]; k = "rest"
				if (t ~ /checkin/) k = "checkin"
				else if (t ~ /cluster_failover/ && t ~ /:schedule /) k = "schedule"
				else if (t ~ /cluster_failover/ && t ~ /count/) k = "counters"
				else if (t ~ /cluster_failover/ && t ~ /(decide|tick|_now) /) k = "decide"
				else if (kern[t]) { k = "query"; queries += cnt[e] }
				else if (t ~ /ike_dpd_create/ || hbs && cnt[e] == hbs) k = "heartbeat"
				else if (takes[t] && t ~ /libcharon/) k = "checkout"
				part[k] += cost[e]; all += cost[e]
			}
			for (f in self) if (f ~ /:tick_job /) incl += self[f]
			part["rest"] += incl - all
			printf "%d %d %d %d %d %d %d %d %d %d %d\n", ticks, queries,
				hbs, part["checkout"], part["checkin"], part["query"],
				part["heartbeat"], part["counters"], part["decide"],
				part["schedule"], part["rest"]
		}'
}

# inclusive instructions of tick_job in callgrind output $1
mon_tick_ir()
{
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk '/cluster_failover_tick\.c:tick_job[ .]/ {
			gsub(",", "", $1); n += $1 } END { printf "%d", n }'
}

# one measurement with $1 connections
mon_run()
{
	local n=$1 d pid f0 f1 t0 t1 up ir tick plugin fails parsed log build
	fo_gateways || return 1
	bw_client_conf carol ours-aggr "$n" || return 1
	if [ -n "$MON_CHARON" ]; then
		# extra charon settings, e.g. ikesa_table_size = 1024
		printf '%s\n' "$MON_CHARON" | sed 's/^/\t/' >"$TB_WORK/mon-charon" &&
			sed -i "/^charon {/r $TB_WORK/mon-charon" \
				"$(bw_hdir carol)/etc/strongswan.conf" || return 1
	fi
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
	build=$(mon_build)
	mon_initiate "$n"
	tb_poll 30 test "$(mon_children)" -ge "$n" || true
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
	read -r ticks queries hbs pco pci pqu phb pcn pde psc pre < <(mon_parse "$f1")
	parsed=$((pco + pci + pqu + phb + pcn + pde + psc + pre))
	printf '%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$n" "$up" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		"$ir" "$tick" "$plugin" "$ticks" "$queries" "$hbs" "$fails" \
		"$pco" "$pci" "$pqu" "$phb" "$pcn" "$pde" "$psc" "$pre" \
		"$build" "${MON_CHARON:--}" >>"$RES/monitor.tsv"
	bw_say "  N=$n ($up CHILD_SAs): $ir instructions in $MON_WINDOW s," \
		"tick_job $tick ($parsed by its callees) in $ticks ticks," \
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
