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
# Benchmark 4: scale and load spread (issue 13, benchmark 1; sourced by
# testing/bench/run).
#
# $SCALE_CLIENTS extra client namespaces cf-c01.. (192.168.0.101..) attached
# to the internet bridge, each with the stock charon, its own certificate
# (c01@strongswan.org, ...) and the plugin with instant aggressive
# heartbeats; the gateways get /24 pools (venus routes them).  A phase: the
# gateways start afresh, the clients start and connect (10 at a time), each
# pings venus every $SCALE_INTERVAL s, and once every client has replies
# the charon of the gateway that carries the most clients is killed; we
# wait until every client of that gateway has replies through another one.
#
# Phases: "single" ($SCALE_SINGLE_REPS times, c01 alone: the single-client
# outage of the same set-up, the reference of the recovery target),
# "random" ($SCALE_REPS times, random order: the split over the members and
# of the dead gateway's clients over the survivors is a coin toss per
# client) and "ordered" (once; every client on moon, all move to sun).
#
# scale-assign.tsv:  order gateway clients rep
# scale-clients.tsv: order client to outage_ms detect_ms rehome_ms rep dead
# scale-kill.tsv:    order rep dead on_dead to_moon to_sun to_alice
#                    all_recovered_ms outage_median outage_p95 outage_max
#                    unrecovered no_tunnel peak_init_moon peak_init_sun
#                    peak_init_alice init_moon init_sun init_alice clients
#                    ("-": none; all_recovered_ms "-" if one did not recover)

SCALE_INTERVAL=${SCALE_INTERVAL:-0.05}	# s between a client's pings
SCALE_SINGLE_REPS=${SCALE_SINGLE_REPS:-1}
SC_PAR=10			# clients started/connected at a time
SC_CAP=30			# s to wait for the recovery after the kill
SC_FILTER='icmp[icmptype] == icmp-echoreply'	# venus' capture

# run "$1 HOST" for the clients in $SC_CLIENTS, $SC_PAR at a time
sc_each()
{
	local c pids=() rc=0 pid
	for c in $SC_CLIENTS; do
		"$1" "$c" &
		pids+=($!)
		if [ "${#pids[@]}" -ge "$SC_PAR" ]; then
			for pid in "${pids[@]}"; do
				wait "$pid" || rc=1
			done
			pids=()
		fi
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	return "$rc"
}

sc_start_client()
{
	bw_clear_logs "$1"
	CF_START_TIMEOUT=30 BW_TIMEOUT=60 bw_start "$1" &&
		bw_x "$1" expect-connection home
}

sc_connect_client()
{
	BW_TIMEOUT=30 bw_x "$1" swanctl --initiate --child home
}

sc_traffic_client()
{
	bw_x "$1" traffic start "$VENUS" "$SCALE_INTERVAL"
}

sc_stop_client()
{
	bw_x "$1" traffic stop
	bw_stop "$1"
}

# the member a client is connected to (gateway name), "-" if none
sc_member()
{
	local m
	m=$(BW_TIMEOUT=10 bw_q "$1" swanctl --list-sas --raw 2>/dev/null |
		sed -n -E 's/.*remote-host=([0-9.]+) .*child-sas.*state=INSTALLED.*/\1/p' |
		head -n 1)
	if [ -n "$m" ]; then
		bw_gwname "$m"
	else
		echo -
	fi
}

# write a client's member to $SC_TMP/HOST.member
sc_save_member()
{
	sc_member "$1" >"$SC_TMP/$1.member"
}

# the members of all clients, into $SC_TMP (in parallel)
sc_members()
{
	rm -f "$SC_TMP"/*.member
	sc_each sc_save_member
}

# a client's member from the last sc_members
sc_member_of()
{
	cat "$SC_TMP/$1.member" 2>/dev/null || echo -
}

# connect a client again if it has no CHILD_SA (a second try)
sc_retry_client()
{
	[ "$(sc_member_of "$1")" = - ] || return 0
	bw_clog "$1: not connected, initiating again"
	sc_connect_client "$1"
}

# true once every client has replies in its traffic log
sc_all_flowing()
{
	local c
	for c in $SC_CLIENTS; do
		grep -q 'bytes from' "$(bw_hdir "$c")/log/traffic.log" 2>/dev/null ||
			return 1
	done
}

# true once $SC_MOVED virtual IPs that venus had not answered before the
# kill ($FO_KILL), in the pools of the survivors, had 5 replies each after
# it (one pass over venus' capture)
sc_all_recovered()
{
	awk -v k="$FO_KILL" -v dead="$SC_DEAD" -v want="$SC_MOVED" '
		/ICMP echo reply/ {
			dst = $5; sub(/:$/, "", dst)
			if ($1 <= k) { before[dst] = 1; next }
			gw = ""
			if (dst ~ /^10\.3\.0\./) gw = "moon"
			else if (dst ~ /^10\.3\.1\./) gw = "alice"
			else if (dst ~ /^10\.3\.2\./) gw = "sun"
			if (gw == "" || gw == dead || (dst in before)) next
			if (++n[dst] == 5) got++
		}
		END { exit !(got >= want) }' "$FO_CAP"
}

# the peak number of IKE_SA_INIT requests a gateway took in any 1 s, and
# the total, after time $2 (within 60 s), from its log $1: "PEAK TOTAL"
sc_inits()
{
	[ -f "$1" ] || { echo "0 0"; return 0; }
	awk -v k="$2" '/parsed IKE_SA_INIT request/ && $1 > k && $1 < k + 60 {
			t[++n] = $1 }
		END {
			peak = 0; j = 1
			for (i = 1; i <= n; i++) {
				while (t[i] - t[j] >= 1) j++
				if (i - j + 1 > peak) peak = i - j + 1
			}
			print peak, n + 0
		}' "$1"
}

# like tb_poll, but every 0.25 s: the test reads all of venus' capture
sc_poll()
{
	local end=$(( ${EPOCHREALTIME/./} + $1 * 1000000 ))
	shift
	until "$@"; do
		[ "${EPOCHREALTIME/./}" -lt "$end" ] || return 1
		sleep 0.25
	done
}

# start the gateways afresh (they forget the clients of the last phase)
sc_gateways()
{
	local gw
	for gw in moon sun alice; do
		bw_stop "$gw"
		rm -f "$(bw_hdir "$gw")/log/charon.log"
	done
	fo_gateways
}

# start and connect the clients of $SC_CLIENTS for profile $1; the counts
# per member go to scale-assign.tsv ($2 = order, $3 = repetition)
sc_connect_all()
{
	local prof=$1 order=$2 rep=$3 c m gw
	declare -A count=([moon]=0 [sun]=0 [alice]=0 [-]=0)
	for c in $SC_CLIENTS; do
		bw_client_conf "$c" "$prof" || return 1
	done
	sc_each sc_start_client || { bw_say "  a client did not start"; return 1; }
	sc_each sc_connect_client || bw_say "  a client did not connect"
	sc_members
	sc_each sc_retry_client
	sc_members
	for c in $SC_CLIENTS; do
		m=$(sc_member_of "$c")
		count[$m]=$((count[$m] + 1))
	done
	for gw in moon sun alice -; do
		printf '%s\t%s\t%s\t%s\n' "$order" "$gw" "${count[$gw]}" "$rep" \
			>>"$RES/scale-assign.tsv"
	done
	bw_say "  connected: moon ${count[moon]}, sun ${count[sun]}," \
		"alice ${count[alice]}, none ${count[-]}"
	# the gateway with the most clients dies (the first of equals)
	SC_DEAD=moon
	for gw in sun alice; do
		[ "${count[$gw]}" -le "${count[$SC_DEAD]}" ] || SC_DEAD=$gw
	done
	SC_ON_DEAD=""
	for c in $SC_CLIENTS; do
		[ "$(sc_member_of "$c")" != "$SC_DEAD" ] || SC_ON_DEAD="$SC_ON_DEAD $c"
	done
	SC_MOVED=$(echo "$SC_ON_DEAD" | wc -w)
}

# the outcome of each client of the dead gateway, into scale-clients.tsv;
# sets SC_TO (clients per new member), SC_UNREC, SC_ALL (ms), SC_OUTS (the
# outages, one per line)
sc_clients_result()
{
	local order=$1 rep=$2 c dir out to line detect rehome
	declare -gA SC_TO=([moon]=0 [sun]=0 [alice]=0)
	SC_UNREC=0
	SC_ALL=0
	SC_OUTS=""
	for c in $SC_ON_DEAD; do
		dir=$RES/scale/$order-$rep/$c
		bw_save_logs "$c" "$dir"
		read -r out to < <(bw_outage "$dir" "$FO_CAP" "$FO_KILL" "$SC_DEAD")
		line=$(bw_failover_line "$dir/charon.log")
		detect=- rehome=-
		if [ -n "$line" ]; then
			read -r detect rehome to _ <<<"$line"
			to=$(bw_gwname "$to")
		fi
		case "$to" in
		moon|sun|alice) SC_TO[$to]=$((SC_TO[$to] + 1)) ;;
		esac
		if [ "$out" = - ]; then
			SC_UNREC=$((SC_UNREC + 1))
		else
			SC_OUTS="$SC_OUTS$out
"
			[ "$out" -le "$SC_ALL" ] || SC_ALL=$out
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$order" "$c" "$to" \
			"$out" "$detect" "$rehome" "$rep" "$SC_DEAD" \
			>>"$RES/scale-clients.tsv"
	done
	[ "$SC_UNREC" = 0 ] || SC_ALL=-
	[ "$SC_MOVED" != 0 ] || SC_ALL=-
}

# one phase: order $1 (single, random or ordered), repetition $2; the
# clients are stopped whatever happened
sc_phase()
{
	local rc=0
	sc_phase_run "$@" || rc=1
	[ -z "${FO_CAP:-}" ] || bw_cap_stop "$FO_CAP"
	sc_each sc_stop_client
	return "$rc"
}

sc_phase_run()
{
	local order=$1 rep=$2 prof=ours-aggr-random c gw notun=0 n med p95 max
	local -A peak total
	[ "$order" != ordered ] || prof=ours-aggr
	n=$(echo "$SC_CLIENTS" | wc -w)
	FO_CAP=
	bw_say "scale: $order ($rep), $n clients"
	sc_gateways || return 1
	sc_connect_all "$prof" "$order" "$rep" || return 1
	[ "$SC_MOVED" != 0 ] || { bw_say "  no client connected"; return 1; }
	FO_CAP=$RES/scale/$order-$rep.venus.cap
	bw_cap_start venus eth0 "$FO_CAP" "$SC_FILTER" || return 1
	sc_each sc_traffic_client || return 1
	tb_poll 20 sc_all_flowing || bw_say "  not every client has replies"
	FO_KILL=$(bw_kill "$SC_DEAD") || return 1
	sc_poll "$SC_CAP" sc_all_recovered ||
		bw_say "  not all clients recovered within $SC_CAP s"
	for c in $SC_CLIENTS; do
		bw_x "$c" traffic stop
	done
	bw_cap_stop "$FO_CAP"
	sc_clients_result "$order" "$rep"
	# every client must have a tunnel at the end, not only the moved ones
	sc_members
	for c in $SC_CLIENTS; do
		[ "$(sc_member_of "$c")" != - ] || notun=$((notun + 1))
	done
	for gw in moon sun alice; do
		bw_save_logs "$gw" "$RES/scale/$order-$rep/$gw"
		read -r "peak[$gw]" "total[$gw]" < <(sc_inits \
			"$RES/scale/$order-$rep/$gw/charon.log" "$FO_KILL")
	done
	read -r _ med p95 max _ < <(printf '%s' "$SC_OUTS" | grep . | bw_stats)
	printf '%s\t' "$order" "$rep" "$SC_DEAD" "$SC_MOVED" "${SC_TO[moon]}" \
		"${SC_TO[sun]}" "${SC_TO[alice]}" "$SC_ALL" "$med" "$p95" "$max" \
		"$SC_UNREC" "$notun" "${peak[moon]}" "${peak[sun]}" \
		"${peak[alice]}" "${total[moon]}" "${total[sun]}" \
		"${total[alice]}" >>"$RES/scale-kill.tsv"
	echo "$n" >>"$RES/scale-kill.tsv"
	bw_say "  $SC_DEAD killed: its $SC_MOVED clients went to moon" \
		"${SC_TO[moon]}, sun ${SC_TO[sun]}, alice ${SC_TO[alice]}; all" \
		"recovered after $SC_ALL ms (outage median $med, p95 $p95, max" \
		"$max); $SC_UNREC not recovered, $notun without a tunnel;" \
		"peak IKE_SA_INIT/s moon ${peak[moon]}, sun ${peak[sun]}," \
		"alice ${peak[alice]}"
}

bench_scale()
{
	local rep
	: >"$RES/scale-assign.tsv"
	: >"$RES/scale-clients.tsv"
	: >"$RES/scale-kill.tsv"
	rm -rf "$RES/scale"
	mkdir -p "$RES/scale"
	bw_say "scale: $SCALE_CLIENTS clients, $SCALE_SINGLE_REPS single," \
		"$SCALE_REPS random and 1 ordered kill(s)"
	bw_begin "$SCALE_CLIENTS" big || return 1
	SC_TMP=$TB_WORK/scale
	mkdir -p "$SC_TMP"
	SC_CLIENTS=$(bw_cname 1)
	for rep in $(seq 1 "$SCALE_SINGLE_REPS"); do
		sc_phase single "$rep" || bw_say "  scale single $rep failed"
	done
	SC_CLIENTS=$BW_CLIENTS
	for rep in $(seq 1 "$SCALE_REPS"); do
		sc_phase random "$rep" || bw_say "  scale random $rep failed"
	done
	sc_phase ordered 1 || bw_say "  scale ordered failed"
	bw_end
}

# the single-client outage the recovery target compares with: "MS SOURCE",
# the median of this benchmark's single phases, else of benchmark 1's
# failovers with the same timers, else "- -"
sc_single_ref()
{
	local m
	m=$(awk -F'\t' '$1 == "single" && $8 != "-" { print $8 }' \
		"$RES/scale-kill.tsv" 2>/dev/null | bw_stats | cut -d' ' -f2)
	if [ -n "$m" ] && [ "$m" != - ]; then
		echo "$m single"
		return 0
	fi
	m=$(rp_stats "$RES/failover-ours.tsv" ours-aggr 3 | cut -d' ' -f2)
	if [ "$m" != - ]; then
		echo "$m failover"
	else
		echo "- -"
	fi
}

# the chi-square tests over the random runs: "X DF P" of the survivors'
# split ($1 = split) or of the initial assignment ($1 = assign)
sc_chi2()
{
	if [ "$1" = split ]; then
		# the two survivors' counts of each run
		awk -F'\t' '$1 == "random" && $4 > 0 {
			split("moon sun alice", g, " "); s = ""
			for (i = 1; i <= 3; i++) if (g[i] != $3) s = s " " $(4 + i)
			print s }' "$RES/scale-kill.tsv" 2>/dev/null | bw_chi2
	else
		awk -F'\t' '$1 == "random" && $2 != "-" { c[$4, $2] = $3; r[$4] = 1 }
			END { for (k in r) print c[k, "moon"] + 0, c[k, "sun"] + 0,
				c[k, "alice"] + 0 }' "$RES/scale-assign.tsv" 2>/dev/null |
			bw_chi2
	fi
}

# PASS or FAIL of awk condition $1
sc_pf()
{
	if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi
}

# the section of docs/benchmarks.md
rp_scale()
{
	local t=$RES/scale-kill.tsv single src lim n x df p all v1 v2 line
	local order rep dead on tm ts ta med p95 max unrec notun pm ps pa im is ia cl
	echo "## 4. Scale and load spread"
	echo
	echo "($(rp_done scale))"
	echo
	[ -s "$t" ] || { echo "No results."; echo; return 0; }
	n=$(awk -F'\t' '$1 != "single" { print $20; exit }' "$t")
	read -r single src < <(sc_single_ref)
	echo "Issue 13, benchmark 1: ${n:-?} client namespaces (cf-c01.., one charon each"
	echo "with its own certificate), the plugin with instant aggressive heartbeats"
	echo "(defer 1 s, response 500 ms, 2 tries, \`connect_timeout = 1s\`); the"
	echo "gateways have /24 pools and start afresh for every run. The clients start"
	echo "and connect 10 at a time (a client without a CHILD_SA is initiated once"
	echo "more), every client pings venus every ${SCALE_INTERVAL} s, and once every client has"
	echo "replies the charon of the gateway with the most clients is killed (SIGKILL,"
	echo "its kernel state flushed). **Outage** of a client: kill to its first reply"
	echo "through another gateway (venus' capture); **all recovered**: the largest"
	echo "outage. **Peak IKE_SA_INIT/s**: the most IKE_SA_INIT requests a gateway"
	echo "parsed in any 1 s window after the kill (its log). **Without tunnel**: clients"
	echo "(of all, not only the moved ones) with no installed CHILD_SA at the end."
	echo "Runs: \`single\` (c01 alone: the single-client outage of the same set-up,"
	echo "the reference of the recovery target), \`random\` (order = random: each"
	echo "client takes the members in a fresh random order) and \`ordered\` (all on"
	echo "moon, all move to sun: the configured main/backup behaviour)."
	echo
	echo "| order | run | moon | sun | alice | not connected |"
	echo "|---|---|---|---|---|---|"
	[ ! -f "$RES/scale-assign.tsv" ] || awk -F'\t' '$1 != "single" {
		k = $1 " | " $4; if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		c[k, $2] = $3 }
		END { for (i = 1; i <= n; i++) { k = keys[i]
			printf "| %s | %d | %d | %d | %d |\n", k, c[k, "moon"],
				c[k, "sun"], c[k, "alice"], c[k, "-"] } }' "$RES/scale-assign.tsv"
	echo
	lim=-
	[ "$single" = - ] || lim=$(awk -v s="$single" 'BEGIN { print 2 * s }')
	echo "| order | run | clients | killed | its clients | moved to moon / sun / alice | survivors' shares | all recovered (ms) | outage median / p95 / max (ms) | not recovered | without tunnel | peak IKE_SA_INIT/s moon / sun / alice | IKE_SA_INITs moon / sun / alice | all within 2× single | no client without tunnel |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	while IFS=$'\t' read -r order rep dead on tm ts ta all med p95 max unrec \
		notun pm ps pa im is ia cl; do
		line=$(awk -v d="$dead" -v m="$tm" -v s="$ts" -v a="$ta" 'BEGIN {
			n = m + s + a; if (!n) { print "–"; exit }
			split("moon sun alice", g, " "); c["moon"] = m; c["sun"] = s
			c["alice"] = a; o = ""
			for (i = 1; i <= 3; i++) if (g[i] != d)
				o = o (o == "" ? "" : " / ") sprintf("%s %.0f%%", g[i],
					100 * c[g[i]] / n)
			print o }')
		v1=-
		if [ "$order" != single ] && [ "$lim" != - ]; then
			if [ "$all" = - ]; then v1=FAIL; else v1=$(sc_pf "$all <= $lim"); fi
		fi
		v2=$(sc_pf "$unrec == 0 && $notun == 0")
		echo "| $order | $rep | $cl | $dead | $on | $tm / $ts / $ta | $line | $all | $med / $p95 / $max | $unrec | $notun | $pm / $ps / $pa | $im / $is / $ia | $v1 | $v2 |"
	done <"$t"
	echo
	if [ "$single" != - ]; then
		if [ "$src" = single ]; then
			echo "Single-client outage (the \`single\` runs, median): $single ms; limit 2 × $single = $lim ms."
		else
			echo "Single-client outage (benchmark 1, same timers, median; this run had no \`single\` phase): $single ms; limit $lim ms."
		fi
	else
		echo "No single-client outage measured: the recovery target is not checked."
	fi
	echo
	echo "Outage of every moved client over all \`random\` runs, median / p95 / max:"
	echo "$(rp_mpm "$(rp_stats "$RES/scale-clients.tsv" random 4)") ms."
	echo
	echo "**Fair split** (all \`random\` runs): a chi-square test against equal shares,"
	echo "the statistics of the runs added (runs are independent; degrees of freedom"
	echo "add up): the moved clients over the two survivors (1 degree of freedom per"
	echo "run: each picks either survivor with p = 1/2, the dead member last) and the"
	echo "first assignment over the three members (2 per run). p-values by the closed"
	echo "forms of the chi-square distribution (\`bw_chi2\` in \`testing/bench/lib.sh\`);"
	echo "target p > 0.01. With few clients per run the test can only catch gross"
	echo "bias."
	echo
	echo "| test | counts | χ² | degrees of freedom | p | p > 0.01 |"
	echo "|---|---|---|---|---|---|"
	read -r x df p < <(sc_chi2 split)
	line=$(awk -F'\t' '$1 == "random" { split("moon sun alice", g, " "); s = ""
		for (i = 1; i <= 3; i++) if (g[i] != $3) s = s (s == "" ? "" : " / ") g[i] " " $(4 + i)
		printf "%srun %s: %s", (n++ ? "; " : ""), $2, s }' "$t")
	v1=-
	[ "$p" = - ] || v1=$(sc_pf "$p > 0.01")
	echo "| survivors' split | ${line:-–} | $x | $df | $p | $v1 |"
	read -r x df p < <(sc_chi2 assign)
	line=$(awk -F'\t' '$1 == "random" && $2 != "-" { c[$4] = c[$4] (c[$4] == "" ? "" : " / ") $2 " " $3 }
		END { for (r = 1; r in c; r++) printf "%srun %s: %s", (r > 1 ? "; " : ""), r, c[r] }' \
		"$RES/scale-assign.tsv" 2>/dev/null)
	v1=-
	[ "$p" = - ] || v1=$(sc_pf "$p > 0.01")
	echo "| first assignment | ${line:-–} | $x | $df | $p | $v1 |"
	echo
}
