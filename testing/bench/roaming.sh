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
# Benchmark "roaming" (issue 17): the client's own path lost and back, ours
# against stock (sourced by testing/bench/run, after failover.sh).
#
# Side by side on the same event: carol runs ours (profile ours-aggr: the
# cluster moon, sun, alice, ordered, instant heartbeats 1 s / 500 ms / 2,
# connect_timeout 1s), dave runs stock (profile stock-dpd: the same
# remote_addrs, dpd_delay = 1s, dpd_action = restart, MOBIKE on, the
# default); both start each run with a fresh charon connected through moon
# and ping venus through the tunnel about 100 times a second.
#
#   short   both uplinks down (ip link set eth0 down in their namespaces)
#           for ROAM_GAP s, then up; gateways without DPD (they keep the
#           SAs): link up to the first answered ping
#   long    gateways with DPD on the road warriors (dpd_delay = 2s,
#           retransmit 1 s / 1.5 / 2 tries, as in the roaming/uplink-gap-long
#           scenario): the uplinks stay down until moon deleted both
#           clients' SAs; link up to the first answered ping
#   change  the client's address changes on the same interface (a new one
#           added, with promote_secondaries, and 1 s later the old one deleted):
#           the change to the end of the outage it causes (the longest
#           time without a reply after it, counted from the change)
#
# A client with no reply within ROAM_CAP s of the event has "no recovery".
#
# roaming.tsv:
#	case config run ms gap_ms member note
# (ms "-": no recovery within the cap; gap_ms: how long the link was down;
# member: the gateway of the IKE_SA with the CHILD_SA at the end; note: for
# ours the plugin's events in the run, for stock charon's.)
#
# Run directly (testing/bench/roaming.sh --section [RESULTS_DIR]) it prints
# only its section of docs/benchmarks.md, from the results there.

ROAM_CAP=${ROAM_CAP:-60}
ROAM_GAP=${ROAM_GAP:-12}
ROAM_OURS="ours-aggr"
ROAM_STOCK="stock-dpd"

# the clients and their two addresses (they alternate between runs)
declare -A ROAM_ADDR_A=([carol]=192.168.0.100 [dave]=192.168.0.200)
declare -A ROAM_ADDR_B=([carol]=192.168.0.110 [dave]=192.168.0.210)

# the gateways with DPD on the road warriors ($1 = yes) or without (no),
# restarted
rm_gateways()
{
	local gw d extra=""
	for gw in moon sun alice; do
		bw_stop "$gw"
		bw_gateway_conf "$gw" || return 1
		if [ "$1" = yes ]; then
			d=$(bw_hdir "$gw")/etc
			extra="	retransmit_timeout = 1
	retransmit_base = 1.5
	retransmit_tries = 2"
			bw_strongswan_conf "$extra" "			load = no" \
				>"$d/strongswan.conf" || return 1
			sed -i -E 's/^([[:space:]]*)(pools = .*)$/\1\2\n\1dpd_delay = 2s/' \
				"$d/swanctl/swanctl.conf" || return 1
		fi
	done
	fo_gateways
}

# the current IPv4 address of a client's eth0
rm_addr()
{
	bw_q "$1" ip -4 -o addr show dev eth0 |
		sed -n -E 's/.* inet ([0-9.]+)\/.*/\1/p' | head -n 1
}

# the member of the client's IKE_SA with an installed CHILD_SA, or "none"
rm_member()
{
	local m
	m=$(BW_TIMEOUT=10 bw_q "$1" swanctl --list-sas --raw 2>/dev/null |
		sed -n -E 's/.*remote-host=([0-9.]+) .*child-sas.*state=INSTALLED.*/\1/p' |
		head -n 1)
	if [ -n "$m" ]; then
		bw_gwname "$m"
	else
		echo none
	fi
}

# true once both clients have $2 replies after the mark $1
rm_both_back()
{
	local host n
	for host in carol dave; do
		n=$(bw_q "$host" traffic replies "$1" 2>/dev/null)
		[ "${n:-0}" -ge "$2" ] || return 1
	done
}

# the plugin's or charon's events in a client's log after epoch time $2
rm_events()
{
	awk -v t="$2" '$1 > t' "$1" 2>/dev/null | sed -n -E \
		-e 's/.*\((path down)\).*/\1/p' \
		-e 's/.*\((path back)\).*/\1/p' \
		-e 's/.*failover of .* to ([0-9.]+): ([^,]*),.*/failover to \1 (\2)/p' \
		-e 's/.*(no member answers).*/\1/p' \
		-e 's/.*(failover called off).*/\1/p' \
		-e 's/.*\((roamed)\).*/\1/p' \
		-e 's/.*(giving up after [0-9]+ (retransmits|path probings)).*/\1/p' \
		-e 's/.*(restarting CHILD_SA [^ ]+).*/\1/p' \
		-e 's/.*(requesting address change using MOBIKE).*/MOBIKE address change/p' \
		-e 's/.*(sending address list update using MOBIKE).*/MOBIKE address list update/p' \
		-e 's/.*(initiating IKE_SA [^ ]+ to [0-9.]+).*/\1/p' |
		awk 'function out() {
			if (last == "") return
			printf "%s%s%s", sep, last, (n > 1 ? " x" n : "")
			sep = "; "
		     }
		     { if ($0 == last) { n++; next }; out(); last = $0; n = 1 }
		     END { out() }'
}

# one run of case $1 (short, long, change), run number $2
rm_run()
{
	local c=$1 run=$2 dir host t0 tev down end ms gap member note
	local conf new old
	dir=$RES/roaming/runs/$c/$run
	mkdir -p "$dir"
	fo_connect carol "$ROAM_OURS" && fo_connect dave "$ROAM_STOCK" ||
		return 1
	for host in carol dave; do
		bw_x "$host" traffic start "$VENUS" 0.0099 &&
			bw_x "$host" traffic wait-replies start 50 10 || return 1
	done
	t0=$(bw_now)
	tev=up
	case "$c" in
	short|long)
		for host in carol dave; do
			bw_x "$host" sh -c 'traffic mark down && ip link set eth0 down'
		done
		down=$(bw_now)
		if [ "$c" = short ]; then
			sleep "$ROAM_GAP"
		else
			BW_TIMEOUT=40 bw_x moon wait-for 30 \
				"! swanctl --list-sas --raw 2> /dev/null | grep -q -E 'remote-id=(carol|dave)@'" ||
				bw_say "  moon still has SAs of the clients after 30 s"
		fi
		gap=$(awk -v a="$down" -v b="$(bw_now)" 'BEGIN { printf "%d", (b - a) * 1000 }')
		for host in carol dave; do
			bw_x "$host" sh -c 'traffic mark up && ip link set eth0 up'
		done
		;;
	change)
		tev=change
		gap=-
		for host in carol dave; do
			old=$(rm_addr "$host")
			new=${ROAM_ADDR_B[$host]}
			[ "$old" != "$new" ] || new=${ROAM_ADDR_A[$host]}
			bw_x "$host" sysctl -q -w net.ipv4.conf.eth0.promote_secondaries=1 &&
				bw_x "$host" ip addr add "$new/24" dev eth0 || return 1
			echo "$old -> $new" >"$dir/$host.addr"
		done
		# charon handles the new address (an address list update, 100 ms
		# after the event) before the old one goes, for both alike
		sleep 1
		for host in carol dave; do
			old=$(cut -d' ' -f1 "$dir/$host.addr")
			bw_x "$host" sh -c "traffic mark change && ip addr del $old/24 dev eth0"
		done
		;;
	esac
	# until both have traffic again, or the cap
	end=$(awk -v t="$(bw_now)" -v c="$ROAM_CAP" 'BEGIN { printf "%d", t + c + 1 }')
	while [ "$(date +%s)" -lt "$end" ]; do
		rm_both_back "$tev" 20 && break
		sleep 0.5
	done
	for host in carol dave; do
		bw_x "$host" traffic stop
		conf=$ROAM_OURS
		[ "$host" = carol ] || conf=$ROAM_STOCK
		member=$(rm_member "$host")
		bw_save_logs "$host" "$dir/$host"
		if [ "$c" = change ]; then
			ms=$(bw_q "$host" traffic outage change 2>/dev/null |
				sed -n -E 's/^outage ([0-9]+) ms$/\1/p')
		else
			ms=$(bw_q "$host" traffic first up 2>/dev/null |
				sed -n -E 's/^first reply ([0-9]+) ms after.*/\1/p')
		fi
		if [ -n "$ms" ] && [ "$ms" -gt $((ROAM_CAP * 1000)) ]; then
			ms=""
		fi
		note=$(rm_events "$dir/$host/charon.log" "$t0")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$conf" "$run" \
			"${ms:--}" "$gap" "$member" "${note:--}" >>"$RES/roaming.tsv"
		bw_say "  $c run $run, $host ($conf):" \
			"$([ -n "$ms" ] && echo "$ms ms" || echo "no recovery within $ROAM_CAP s")," \
			"on $member$([ "$gap" = - ] || echo " (link down $gap ms)"): ${note:-no events}"
	done
	for host in carol dave; do
		BW_TIMEOUT=5 bw_x "$host" swanctl --terminate --ike home || true
		bw_stop "$host"
		bw_clear_logs "$host"
	done
}

bench_roaming()
{
	local runs=${ROAM_RUNS:-5} lruns=${ROAM_LONG_RUNS:-5} c run n
	if [ "${MODE:-full}" = quick ]; then
		runs=${ROAM_RUNS:-2} lruns=${ROAM_LONG_RUNS:-2}
	fi
	: >"$RES/roaming.tsv"
	printf 'cap\t%s\ngap\t%s\n' "$ROAM_CAP" "$ROAM_GAP" >"$RES/roaming.params"
	rm -rf "$RES/roaming"
	mkdir -p "$RES/roaming/runs"
	bw_begin 0 || return 1
	for c in short change long; do
		n=$runs
		[ "$c" != long ] || n=$lruns
		if [ "$c" = long ]; then
			rm_gateways yes || return 1
		else
			fo_gateways || return 1
		fi
		bw_say "roaming: $c, $n runs, ours (carol) and stock (dave) side by side, cap $ROAM_CAP s"
		for run in $(seq 1 "$n"); do
			rm_run "$c" "$run" ||
				bw_say "  $c run $run failed (see $BW_CONSOLE)"
		done
	done
	bw_end
}

# --- the report section ---

# statistics of column ms of the rows of case $1, config $2: "N MEDIAN MAX
# NONE" with "-" for a median or max without recovery (NONE: runs without)
rm_stats()
{
	awk -F'\t' -v c="$1" -v k="$2" '$1 == c && $2 == k {
		print ($4 == "-" ? "inf" : $4) }' "$RES/roaming.tsv" 2>/dev/null |
		sort -g | awk '
		{ v[++n] = $1; if ($1 == "inf") none++ }
		END {
			if (n == 0) { print "0 - - 0"; exit }
			if (n % 2) med = v[(n + 1) / 2]
			else if (v[n / 2] == "inf" || v[n / 2 + 1] == "inf") med = "inf"
			else med = (v[n / 2] + v[n / 2 + 1]) / 2
			max = v[n]
			if (med == "inf") med = "-"
			if (max == "inf") max = "-"
			printf "%d %s %s %d\n", n, med, max, none + 0
		}'
}

# a time in ms, or "no recovery"
rm_s()
{
	if [ "$1" = - ]; then
		echo "no recovery within $ROAM_CAP s"
	else
		echo "$1"
	fi
}

# "sun 3, moon 2" of column member of case $1, config $2
rm_members()
{
	awk -F'\t' -v c="$1" -v k="$2" '$1 == c && $2 == k { n[$6]++ }
		END { for (m in n) printf "%s%s %d", (s++ ? ", " : ""), m, n[m] }' \
		"$RES/roaming.tsv"
}

# the events of case $1, config $2 with the number of runs they were in
rm_notes()
{
	awk -F'\t' -v c="$1" -v k="$2" '$1 == c && $2 == k { n[$7]++ }
		END { for (e in n) printf "%s%s (%d)", (s++ ? "<br>" : ""), e, n[e] }' \
		"$RES/roaming.tsv"
}

# median gap of the long case, in s
rm_gap()
{
	awk -F'\t' -v c="$1" '$1 == c && $5 != "-" { print $5 }' "$RES/roaming.tsv" |
		bw_stats | awk '{ printf "%.1f", $2 / 1000 }'
}

# the section of docs/benchmarks.md
rp_roaming()
{
	local c title s n med max none sn smed smax snone v why verdict=""
	[ -s "$RES/roaming.tsv" ] || return 0
	if [ -f "$RES/roaming.params" ]; then
		ROAM_CAP=$(awk -F'\t' '$1 == "cap" { print $2 }' "$RES/roaming.params")
		ROAM_GAP=$(awk -F'\t' '$1 == "gap" { print $2 }' "$RES/roaming.params")
	fi
	echo "## Client path lost and back (issue 17)"
	echo
	echo "($(rp_done roaming); cap $ROAM_CAP s; ESP backend $(rp_machine backend))"
	echo
	echo "The client's own network fails, not a gateway. Ours and stock side by"
	echo "side on the same event: carol with the plugin (cluster moon, sun, alice,"
	echo "ordered, instant heartbeats: defer 1 s, response 500 ms, 2 tries,"
	echo "\`connect_timeout = 1s\`) and dave with stock strongSwan (the same"
	echo "\`remote_addrs\`, \`dpd_delay = 1s\`, \`dpd_action = restart\`, default"
	echo "retransmission, MOBIKE on, the default), both with \`keyingtries = 0\`."
	echo "Each run starts both with a fresh charon connected through moon, pinging"
	echo "venus through the tunnel about 100 times a second."
	echo
	echo "- **Short gap**: the uplink goes down (\`ip link set eth0 down\` in the"
	echo "  client's namespace) for $ROAM_GAP s, then up; the gateways have no DPD and"
	echo "  keep the SAs. Time from the link coming up to the first answered ping."
	echo "- **Long gap**: the gateways run DPD on the road warriors (\`dpd_delay = 2s\`,"
	echo "  retransmissions 1 s / 1.5 / 2 tries: a silent client is deleted some 7 s"
	echo "  after its last packet); the uplink stays down until moon has deleted both"
	echo "  clients' SAs (median $(rm_gap long) s). Time from the link coming up to"
	echo "  the first answered ping."
	echo "- **Address change**: a new address is added to eth0 (with"
	echo "  \`promote_secondaries\`), 1 s later the old one is deleted. Time from the deletion"
	echo "  to the end of the outage it causes (the longest time without a reply"
	echo "  after it: at 100 pings a second, 10-20 ms means no outage)."
	echo
	echo "Target (issue 17): ours ≤ stock + 0.5 s in each case (median and max),"
	echo "and never \"no recovery\". Times in ms, median / max; \"on\": the gateway"
	echo "of the client's CHILD_SA at the end of the run (for stock without"
	echo "recovery, the dead IKE_SA's)."
	echo
	echo "| case | ours | stock | target | ours on | stock on |"
	echo "|---|---|---|---|---|---|"
	for c in short long change; do
		case "$c" in
		short) title="short gap ($ROAM_GAP s)" ;;
		long) title="long gap (SAs deleted by the gateway)" ;;
		change) title="address change" ;;
		esac
		read -r n med max none < <(rm_stats "$c" "$ROAM_OURS")
		read -r sn smed smax snone < <(rm_stats "$c" "$ROAM_STOCK")
		[ "$n" != 0 ] || continue
		v=yes
		why=""
		if [ "$none" != 0 ]; then
			v=no why="ours: no recovery in $none of $n"
		fi
		if [ "$smed" != - ] && { [ "$med" = - ] || ! rp_true "$med <= $smed + 500"; }; then
			v=no why="$why${why:+; }median over stock + 0.5 s"
		fi
		if [ "$smax" != - ] && { [ "$max" = - ] || ! rp_true "$max <= $smax + 500"; }; then
			v=no why="$why${why:+; }max over stock + 0.5 s"
		fi
		if [ "$v" = yes ]; then
			v="**met**"
		else
			v="**missed** ($why)"
		fi
		verdict="$verdict$c "
		printf '| %s | %s / %s (%d runs) | %s / %s (%d runs%s) | %s | %s | %s |\n' \
			"$title" "$(rm_s "$med")" "$(rm_s "$max")" "$n" \
			"$(rm_s "$smed")" "$(rm_s "$smax")" "$sn" \
			"$([ "$snone" = 0 ] || echo ", no recovery in $snone")" \
			"$v" "$(rm_members "$c" "$ROAM_OURS")" \
			"$(rm_members "$c" "$ROAM_STOCK")"
	done
	echo
	echo "How each recovers (the clients' logs):"
	echo
	echo "- Short gap: the gateways kept the SAs, so for both the first ping after"
	echo "  the link comes up is answered through the old tunnel; the plugin logs the"
	echo "  path as down and back and keeps moon (no failover), charon sends a MOBIKE"
	echo "  address list update."
	echo "- Long gap: moon no longer knows either IKE_SA. The plugin sends its"
	echo "  unanswered heartbeat again as the path comes back and, after 2 × 500 ms"
	echo "  without an answer, fails over to sun (\"no answer after the path came"
	echo "  back\"). Stock charon probes the path with MOBIKE every 2.5 s, gives up"
	echo "  after 10 probes (25 s), and \`dpd_action = restart\` then sets up a new"
	echo "  IKE_SA with moon (alive all along: it only dropped the silent client; an"
	echo "  IKE_SA_INIT that goes unanswered costs another 4 s)."
	echo "- Address change: both move the IKE_SA with MOBIKE (kernel-libipsec"
	echo "  cannot update SAs: the gateway rekeys the CHILD_SA); charon acts 100 ms"
	echo "  after the address event (kernel-netlink's roam delay), the plugin"
	echo "  only logs \"roamed\"."
	echo
	echo "What the clients logged in these runs (events, in how many runs):"
	echo
	echo "| case | ours (plugin) | stock (charon) |"
	echo "|---|---|---|"
	for c in short long change; do
		printf '| %s | %s | %s |\n' "$c" "$(rm_notes "$c" "$ROAM_OURS")" \
			"$(rm_notes "$c" "$ROAM_STOCK")"
	done
	echo
	echo "Every run: \`\$CF_BENCH_DIR/roaming.tsv\` (case, configuration, run,"
	echo "time and link down in ms, member at the end, events); the logs of both clients"
	echo "in \`roaming/runs/\`. The benchmark: \`testing/bench/roaming.sh\`"
	echo "(\`testing/bench/run --only roaming\`)."
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
	rp_roaming
fi
