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
# Benchmark 5: cost inside charon (sourced by testing/bench/run).
#
# Memory: one client charon (carol) with 30 connections home01..home30, each
# with its own identity (c01@strongswan.org, ...), all through the cluster
# (ordered, instant aggressive heartbeats: all 30 on moon), against the same
# swanctl.conf with the plugin not loaded.  VmRSS of charon after start-up
# (configuration loaded, nothing connected) and 3 s after all 30 CHILD_SAs
# are installed.
#
# CPU: carol's charon runs under valgrind --tool=callgrind, with the plugin
# (cluster "office", instant heartbeats with the shipped timers) and
# without.  After start-up and a first IKE_SA (established and deleted: it
# costs more, one-time initialisations) the counters are dumped
# (callgrind_control -d),
# then after an idle interval (the idle rate), then after $CG_SAS IKE_SAs
# were established and deleted one after the other ("swanctl --initiate",
# "swanctl --terminate --ike"); instructions per IKE_SA = (instructions of
# that phase - idle rate x its duration) / $CG_SAS.  $CG_REPS measurements
# per variant, alternating.  For ours, the plugin's own share: what its
# entry points (the listener's hooks, its jobs) cost, everything they call
# included, per IKE_SA.
#
# cost-rss.tsv: variant rep rss_idle_kib rss_30_kib children note
# cost-cpu.tsv: variant sas ir_startup ir_idle idle_s ir_sas sas_s ir_per_sa
#               rep plugin_ir_per_sa

CG_IDLE=5

# VmRSS of a host's charon in KiB
cost_rss()
{
	local pid
	pid=$(bw_charon_pid "$1")
	[ -n "$pid" ] || { echo -; return 0; }
	awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"
}

# number of installed CHILD_SAs of carol
cost_children()
{
	BW_TIMEOUT=5 bw_q carol swanctl --list-sas --raw 2>/dev/null |
		grep -o 'state=INSTALLED' | wc -l
}

cost_initiate()
{
	BW_TIMEOUT=20 bw_x carol swanctl --initiate --child "$1"
}

cost_all_up()
{
	[ "$(cost_children)" -ge 30 ]
}

# initiate the 30 connections of carol, 10 at a time ($1 = parallel) or
# one after the other ($1 = serial)
cost_initiate_all()
{
	local i c pids=()
	for i in $(seq 1 30); do
		c=$(bw_cname "$i")
		if [ "$1" = serial ]; then
			cost_initiate "home${c#c}"
			continue
		fi
		cost_initiate "home${c#c}" &
		pids+=($!)
		if [ "${#pids[@]}" -ge 10 ]; then
			wait "${pids[@]}"
			pids=()
		fi
	done
	[ "${#pids[@]}" = 0 ] || wait "${pids[@]}"
}

# memory: $1 = variant (ours or stock), $2 = repetition; the connections
# are initiated 10 at a time; if they are not all up within 20 s, that is
# noted, charon is restarted and they are initiated one after the other
cost_rss_run()
{
	local variant=$1 rep=$2 prof=stock r0 r30 note=-
	[ "$variant" = stock ] || prof=ours-aggr
	fo_gateways || return 1
	bw_client_conf carol "$prof" 30 || return 1
	bw_clear_logs carol
	bw_start carol && bw_x carol expect-connection home30 || return 1
	sleep 2
	r0=$(cost_rss carol)
	cost_initiate_all parallel
	if ! tb_poll 20 cost_all_up; then
		note="10 parallel initiations: $(cost_children) of 30 up after 20 s"
		bw_say "  $variant: $note; restarting charon, initiating one by one"
		bw_save_logs carol "$RES/cost/rss-$variant-$rep-parallel"
		bw_stop carol
		bw_clear_logs carol
		bw_start carol && bw_x carol expect-connection home30 || return 1
		sleep 2
		r0=$(cost_rss carol)
		cost_initiate_all serial
		tb_poll 20 cost_all_up ||
			bw_say "  only $(cost_children) of 30 CHILD_SAs installed"
	fi
	sleep 3
	r30=$(cost_rss carol)
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$rep" "$r0" "$r30" \
		"$(cost_children)" "$note" >>"$RES/cost-rss.tsv"
	bw_say "  RSS $variant: $r0 KiB idle, $r30 KiB with 30 connections"
	bw_save_logs carol "$RES/cost/rss-$variant-$rep"
	bw_stop carol
	# the gateways forget the clients (the same identities come again)
	for gw in moon sun alice; do
		bw_stop "$gw"
	done
}

# total instructions (Ir) in a callgrind output file
cost_ir()
{
	sed -n -E 's/^(summary|totals): ([0-9]+).*/\2/p' "$1" | head -n 1
}

# instructions of the plugin's entry points, everything they call included,
# in callgrind output file $1: the listener's hooks (charon's bus calls
# nothing else of the plugin) and the plugin's jobs; these never call each
# other, so their inclusive costs add up
cost_plugin_ir()
{
	local hooks='ike_updown|child_updown|message_hook|alert|ike_state_change'
	hooks="$hooks|ike_reestablish_pre|ike_reestablish_post"
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v re="cluster_failover_listener\\.c:($hooks)[ .]" '
			$0 ~ re || /cluster_failover_[a-z]+\.c:[a-z_]*_job[ .]/ {
				gsub(",", "", $1); n += $1 }
			END { printf "%d", n }'
}

# dump callgrind's counters of process $1, print the new file
cost_dump()
{
	local d n
	d=$(bw_hdir carol)/log
	n=$(find "$d" -name 'callgrind.out.*' | wc -l)
	callgrind_control -d "$1" >>"$BW_CONSOLE" 2>&1 || return 1
	tb_poll 30 test "$(find "$d" -name 'callgrind.out.*' | wc -l)" -gt "$n" ||
		return 1
	sleep 0.5
	find "$d" -name 'callgrind.out.*' -newer "$d/cg.stamp" -printf '%T@ %p\n' |
		sort -n | tail -n 1 | cut -d' ' -f2
	touch "$d/cg.stamp"
}

# instructions per IKE_SA: $1 = variant (ours or stock), $2 = repetition
cost_cpu_run()
{
	local variant=$1 rep=$2 prof=stock pid d f0 f1 f2 t0 t1 t2 i ir0 ir1 ir2
	local per plugin=-
	[ "$variant" = stock ] || prof=ours-default
	fo_gateways || return 1
	bw_client_conf carol "$prof" || return 1
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
	bw_x carol expect-connection home 30 || return 1
	pid=$(bw_charon_pid carol)
	sleep 2
	# a first IKE_SA costs more (one-time initialisations): not counted
	BW_TIMEOUT=60 bw_x carol swanctl --initiate --child home &&
		BW_TIMEOUT=60 bw_x carol swanctl --terminate --ike home || return 1
	f0=$(cost_dump "$pid") || { bw_say "  callgrind_control failed"; return 1; }
	t0=$(bw_now)
	sleep "$CG_IDLE"
	f1=$(cost_dump "$pid") || return 1
	t1=$(bw_now)
	for i in $(seq 1 "$CG_SAS"); do
		BW_TIMEOUT=60 bw_x carol swanctl --initiate --child home ||
			{ bw_say "  IKE_SA $i not established"; return 1; }
		BW_TIMEOUT=60 bw_x carol swanctl --terminate --ike home || return 1
	done
	f2=$(cost_dump "$pid") || return 1
	t2=$(bw_now)
	ir0=$(cost_ir "$f0")
	ir1=$(cost_ir "$f1")
	ir2=$(cost_ir "$f2")
	per=$(awk -v i1="$ir1" -v i2="$ir2" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
		-v n="$CG_SAS" 'BEGIN { rate = i1 / (t1 - t0)
			printf "%d", (i2 - rate * (t2 - t1)) / n }')
	if [ "$variant" = ours ]; then
		plugin=$(cost_plugin_ir "$f2")
		plugin=$((plugin / CG_SAS))
	fi
	printf '%s\t%s\t%s\t%s\t%.1f\t%s\t%.1f\t%s\t%s\t%s\n' "$variant" \
		"$CG_SAS" "$ir0" "$ir1" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$ir2" \
		"$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" "$per" \
		"$rep" "$plugin" >>"$RES/cost-cpu.tsv"
	bw_say "  instructions $variant ($rep): start-up $ir0, idle $ir1 in" \
		"$CG_IDLE s, $CG_SAS IKE_SAs $ir2: $per per IKE_SA" \
		"(plugin's own: $plugin)"
	mkdir -p "$RES/cost/cpu-$variant-$rep"
	BW_TIMEOUT=90 CF_STOP_TIMEOUT=60 bw_x carol systemctl stop strongswan
	bw_save_logs carol "$RES/cost/cpu-$variant-$rep"
	rm -f "$d"/callgrind.out.*
}

bench_cost()
{
	local i c d variant rep
	: >"$RES/cost-rss.tsv"
	: >"$RES/cost-cpu.tsv"
	rm -rf "$RES/cost"
	mkdir -p "$RES/cost"
	bw_say "cost: RSS with 30 connections ($RSS_REPS each), callgrind" \
		"($CG_REPS × $CG_SAS IKE_SAs each)"
	bw_begin 30 big || return 1
	# carol gets the certificates and keys of the 30 extra clients
	d=$(bw_hdir carol)/etc/swanctl
	for i in $(seq 1 30); do
		c=$(bw_cname "$i")
		cp "$TB_WORK/certs/${c}Cert.pem" "$d/x509/" &&
			cp "$TB_WORK/certs/${c}Key.pem" "$d/ecdsa/" || return 1
	done
	for rep in $(seq 1 "$RSS_REPS"); do
		for variant in stock ours; do
			cost_rss_run "$variant" "$rep" || bw_say "  RSS $variant failed"
		done
	done
	for rep in $(seq 1 "$CG_REPS"); do
		for variant in stock ours; do
			cost_cpu_run "$variant" "$rep" ||
				bw_say "  callgrind $variant ($rep) failed"
		done
	done
	bw_end
}
