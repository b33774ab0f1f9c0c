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
# Benchmark 7: many connections in one client charon (issue 13, benchmark
# 2; sourced by testing/bench/run).
#
# carol's charon has $CN_CONNS connections home01.. (each with its own
# identity c01@strongswan.org, ..., certificates issued by the test bed's
# CA, one CHILD_SA with remote_ts 10.1.0.0/16) and the connection "multi"
# (carol's identity) with $CN_CHILDREN CHILD_SAs multi01.. for TCP to
# 10.1.0.0/16 on ports 5001, 5002, ... (as the scenario
# cluster-failover/many-children; CHILD_SAs for the subnets 10.1.1.0/24,
# ... were refused by the gateways with TS_UNACCEPTABLE in
# CREATE_CHILD_SA).  Variants, one after the other on fresh gateways:
#
#   ours       the plugin with two ordered clusters cfa (home01..half) and
#              cfb (the other half and multi), both of members moon, sun,
#              alice; instant heartbeats, defer 1 s, response 500 ms
#   stock-dpd  the plugin not loaded, dpd_delay = 1s, dpd_action = restart
#   stock      the plugin not loaded, no DPD
#
# Each: all connections initiated ($CN_PAR at a time) until every CHILD_SA
# is installed; VmRSS of charon after start-up and with all up; an idle
# window of $CN_WINDOW s: charon's CPU time (utime + stime of
# /proc/PID/stat) and the IKE packets on carol's eth0 (UDP 500, and 4500
# with the non-ESP marker), per member; a traffic window of $CN_WINDOW s:
# one ping flow through every home connection (from its virtual IP to
# venus) every $CN_INTERVAL s, charon's CPU time (multi's CHILD_SAs stay
# idle: one IKE_SA of 101 may send heartbeats).  Ours then: the member in use is
# killed and we wait until every CHILD_SA is installed with another
# member (stock never moves, see benchmark 1).
#
# connections.tsv: variant rep conns children_up rss_start_kib rss_up_kib
#                  idle_s idle_cpu_ms idle_ike_pkts idle_informational
#                  idle_members traffic_s traffic_cpu_ms traffic_ike_pkts
#                  flows flows_ok flow_replies clk_tck
# connections-kill.tsv: variant rep dead children children_rehomed
#                  first_decision_ms last_decision_ms all_rehomed_ms
#                  multi_rehomed failover_lines detect_ms_median
#                  ("-": none)

CN_CONNS=${CN_CONNS:-100}
CN_CHILDREN=${CN_CHILDREN:-20}
CN_WINDOW=${CN_WINDOW:-60}
CN_INTERVAL=${CN_INTERVAL:-0.25}	# s between the pings of a flow
CN_REPS=${CN_REPS:-1}
CN_VARIANTS=${CN_VARIANTS:-"ours stock-dpd stock"}
# initiations at a time: each "swanctl --initiate" holds one of charon's 16
# worker threads until its CHILD_SA is up; 10 at a time (with
# kernel-libipsec's threads) left none to process the answers and charon
# hung, stock or ours
CN_PAR=4
CN_CAP=30			# s to wait for the failover
CN_FILTER='udp port 500 or (udp port 4500 and udp[8:4] = 0)'

# the connection names home01..homeN, comma separated, from $1 to $2
cn_names()
{
	local i s=""
	for i in $(seq "$1" "$2"); do
		s="$s${s:+, }home$(printf %02d "$i")"
	done
	echo "$s"
}

# the connection "multi" with $CN_CHILDREN CHILD_SAs, profile settings of
# bw_profile
cn_multi()
{
	local i
	echo "	multi {"
	echo "		remote_addrs = $MEMBERS"
	echo "		vips = 0.0.0.0"
	echo "		local {"
	echo "			auth = pubkey"
	echo "			certs = carolCert.pem"
	echo "			id = carol@strongswan.org"
	echo "		}"
	echo "		remote {"
	echo "			auth = pubkey"
	echo "			id = *.strongswan.org"
	echo "		}"
	echo "		children {"
	for i in $(seq 1 "$CN_CHILDREN"); do
		echo "			multi$(printf %02d "$i") {"
		echo "				remote_ts = 10.1.0.0/16[tcp/$((5000 + i))]"
		echo "				esp_proposals = aes128gcm16"
		bw_indent 4 "$P_CHILD"
		echo "			}"
	done
	echo "		}"
	echo "		version = 2"
	echo "		proposals = aes128-sha256-x25519"
	echo "		keyingtries = 0"
	bw_indent 2 "$P_CONN"
	echo "	}"
}

# carol's configuration for variant $1
cn_conf()
{
	local variant=$1 prof d half plug i c
	case "$variant" in
	ours) prof=ours-aggr ;;
	*) prof=$variant ;;
	esac
	bw_profile "$prof" || return 1
	d=$(bw_hdir carol)/etc
	half=$((CN_CONNS / 2))
	if [ "$P_PLUGIN" = yes ]; then
		plug="			load = yes
			clusters {
				cfa {
					members = $MEMBERS
					connections = $(cn_names 1 "$half")
$(bw_indent 5 "$P_CLUSTER")
				}
				cfb {
					members = $MEMBERS
					connections = $(cn_names $((half + 1)) "$CN_CONNS"), multi
$(bw_indent 5 "$P_CLUSTER")
				}
			}"
	else
		plug="			load = no"
	fi
	bw_strongswan_conf "$(bw_indent 1 "$P_CHARON")" "$plug" \
		>"$d/strongswan.conf" || return 1
	{
		echo "# written by testing/bench/connections.sh: variant $variant"
		echo "connections {"
		for i in $(seq 1 "$CN_CONNS"); do
			c=$(bw_cname "$i")
			bw_conn "home${c#c}" "$c@strongswan.org"
		done
		cn_multi
		echo "}"
	} >"$d/swanctl/swanctl.conf"
}

# issue certificate and key of identity $1@strongswan.org into carol's
# swanctl directories
cn_cert()
{
	local c=$1 certs=$TB_WORK/certs d
	d=$(bw_hdir carol)/etc/swanctl
	tb_pki --gen --type ecdsa --size 256 --outform pem \
		>"$d/ecdsa/${c}Key.pem" || return 1
	tb_pki --issue --lifetime 30 --type priv --in "$d/ecdsa/${c}Key.pem" \
		--cacert "$certs/strongswanCert.pem" \
		--cakey "$certs/strongswanKey.pem" \
		--dn "C=CH, O=strongSwan Project, CN=$c@strongswan.org" \
		--san "$c@strongswan.org" --outform pem >"$d/x509/${c}Cert.pem"
}

# the identities' certificates, 4 at a time
cn_certs()
{
	local i pids=() rc=0 pid
	for i in $(seq 1 "$CN_CONNS"); do
		cn_cert "$(bw_cname "$i")" &
		pids+=($!)
		if [ "${#pids[@]}" -ge 4 ] || [ "$i" = "$CN_CONNS" ]; then
			for pid in "${pids[@]}"; do
				wait "$pid" || rc=1
			done
			pids=()
		fi
	done
	return "$rc"
}

# carol's SAs: one line per installed CHILD_SA, "NAME REMOTE VIP"
cn_sas()
{
	BW_TIMEOUT=20 bw_q carol swanctl --list-sas --raw 2>/dev/null | awk '
		{
			r = $0; sub(/.*remote-host=/, "", r); sub(/ .*/, "", r)
			v = "-"
			if (match($0, /local-vips=\[[0-9.]+/))
				v = substr($0, RSTART + 12, RLENGTH - 12)
			s = $0; sub(/.*child-sas \{/, "", s)
			# each CHILD_SA: NAME-ID {name=NAME ... state=STATE ...}
			while (match(s, /\{name=[^ ]+ [^}]*\}/)) {
				c = substr(s, RSTART + 6, RLENGTH - 6)
				s = substr(s, RSTART + RLENGTH)
				n = c; sub(/ .*/, "", n)
				if (c ~ / state=INSTALLED /) print n, r, v
			}
		}'
}

# number of installed CHILD_SAs of carol, on other members than $1 if given
cn_count()
{
	cn_sas | awk -v not="${1:-x}" '$2 != not { n++ } END { print n + 0 }'
}

cn_all_up()
{
	[ "$(cn_count)" -ge "$CN_TOTAL" ]
}

cn_all_moved()
{
	[ "$(cn_count "$CN_DEAD_ADDR")" -ge "$CN_TOTAL" ]
}

cn_initiate()
{
	BW_TIMEOUT=20 bw_x carol swanctl --initiate --child "$1"
}

# initiate the CHILD_SAs in "$@" that are not installed, $CN_PAR at a time
cn_initiate_missing()
{
	local up n pids=()
	up=" $(cn_sas | awk '{ print $1 }' | tr '\n' ' ') "
	for n in "$@"; do
		case "$up" in
		*" $n "*) continue ;;
		esac
		cn_initiate "$n" &
		pids+=($!)
		if [ "${#pids[@]}" -ge "$CN_PAR" ]; then
			wait "${pids[@]}"
			pids=()
		fi
	done
	[ "${#pids[@]}" = 0 ] || wait "${pids[@]}"
}

# bring every CHILD_SA up: the home connections, then multi's first
# CHILD_SA (its IKE_SA) and the others on that IKE_SA; a second round for
# those still missing
cn_up()
{
	local homes=() multis=() i try
	for i in $(seq 1 "$CN_CONNS"); do
		homes+=("home$(printf %02d "$i")")
	done
	for i in $(seq 2 "$CN_CHILDREN"); do
		multis+=("multi$(printf %02d "$i")")
	done
	for try in 1 2; do
		cn_initiate_missing "${homes[@]}" multi01
		cn_initiate_missing "${multis[@]}"
		tb_poll 10 cn_all_up && return 0
		bw_say "  try $try: $(cn_count) of $CN_TOTAL CHILD_SAs installed"
	done
	return 1
}

# charon's CPU time so far (utime + stime of all its threads) in clock
# ticks, of process $1
cn_cpu()
{
	local stat
	read -r stat <"/proc/$1/stat" || { echo 0; return 0; }
	stat=${stat##*) }
	# shellcheck disable=SC2086 # the fields
	set -- $stat
	echo $(( ${12} + ${13} ))
}

# IKE packets in capture $1 between epoch times $2 and $3: "TOTAL MEMBERS"
# (MEMBERS: ADDR=N,... per peer address)
cn_ike_count()
{
	awk -v a="$2" -v b="$3" -v me=192.168.0.100 '
		$1 >= a && $1 < b && / IP / {
			s = $3; d = $5; sub(/:$/, "", d)
			sub(/\.[0-9]+$/, "", s); sub(/\.[0-9]+$/, "", d)
			p = (s == me) ? d : s
			if (!(p in n)) order[++k] = p
			n[p]++; all++
		}
		END {
			m = ""
			for (i = 1; i <= k; i++) m = m (i > 1 ? "," : "") order[i] "=" n[order[i]]
			print all + 0, (m == "" ? "-" : m)
		}' "$1"
}

# the ping flows: "N VIP DEST" per home connection, into carol's
# /var/log/flows (multi's CHILD_SAs carry TCP to their ports only)
cn_flows()
{
	cn_sas | awk '
		/^home/ { print ++n, $3, "10.1.0.20" }' \
		>"$(bw_hdir carol)/log/flows"
}

# start the ping flows of cn_flows in carol, each with its pid file
cn_flows_start()
{
	# shellcheck disable=SC2016 # expanded in carol
	bw_x carol sh -c 'while read -r n src dst; do
		setsid -f sh -c "echo \$\$ >/run/flow-$n.pid; exec ping -n -D -I $src -i $0 $dst >/var/log/flow-$n.log 2>&1" </dev/null
	done </var/log/flows' "$CN_INTERVAL"
}

# true once every flow has a reply
cn_flows_replied()
{
	local f
	for f in "$(bw_hdir carol)"/log/flow-*.log; do
		grep -q 'bytes from' "$f" || return 1
	done
}

# stop the flows (SIGINT: ping prints its summary), wait for them
cn_flows_stop()
{
	local f pid pids=()
	for f in "$(bw_hdir carol)"/run/flow-*.pid; do
		[ -s "$f" ] || continue
		pid=$(cat "$f")
		rm -f "$f"
		tb_alive "$pid" || continue
		kill -INT "$pid" 2>/dev/null && pids+=("$pid")
	done
	for pid in "${pids[@]}"; do
		tb_poll 5 tb_dead "$pid" || kill -KILL "$pid" 2>/dev/null
	done
}

# the replies of all flows between epoch times $1 and $2
cn_flow_replies()
{
	cat "$(bw_hdir carol)"/log/flow-*.log 2>/dev/null | awk -v a="$1" -v b="$2" '
		/bytes from/ {
			t = $1; gsub(/[][]/, "", t)
			if (t >= a && t < b) { r++ }
		}
		END { print r + 0 }'
}

# the failover after the kill at epoch time $2 of member address $3, from
# carol's log $1: "REHOMED MULTI FIRST_DECISION LAST_DECISION ALL FAILOVERS
# DETECT_MEDIAN" (times in ms after the kill; REHOMED: CHILD_SAs first
# established after the kill on an IKE_SA with another member)
cn_failover_times()
{
	local lines dm
	lines=$(sed -n -E "s/^([0-9.]+) .*failover of '[^']*' from [^ ]+ to [^:]+: .*detected after ([0-9]+)ms, new CHILD_SA after ([0-9]+)ms.*/\\1 \\2 \\3/p" "$1")
	dm=$(printf '%s\n' "$lines" | awk 'NF { print $2 }' | bw_stats | cut -d' ' -f2)
	awk -v k="$2" -v dead="$3" -v dm="$dm" -v lines="$lines" '
		BEGIN {
			nl = split(lines, l, "\n")
			for (i = 1; i <= nl; i++) {
				if (split(l[i], f, " ") < 3) continue
				d = (f[1] - f[3] / 1000 - k) * 1000
				if (!fo++ || d < first) first = d
				if (d > last) last = d
			}
		}
		$1 <= k { next }
		/ IKE_SA [^ ]+\[[0-9]+\] established between / {
			u = $0; sub(/^[^<]*<[^|]*\|/, "", u); sub(/>.*/, "", u)
			r = $0; sub(/.*\.\.\./, "", r); sub(/\[.*/, "", r)
			if (r != dead) good[u] = 1
			next
		}
		/ CHILD_SA [^ ]+\{[0-9]+\} established / {
			u = $0; sub(/^[^<]*<[^|]*\|/, "", u); sub(/>.*/, "", u)
			n = $0; sub(/.* CHILD_SA /, "", n); sub(/\{.*/, "", n)
			if (!(u in good) || (n in t)) next
			t[n] = $1; moved++
			if (n ~ /^multi/) multi++
			if ($1 > max) max = $1
		}
		END {
			printf "%d %d %s %s %s %d %s\n", moved, multi,
				fo ? sprintf("%d", first) : "-",
				fo ? sprintf("%d", last) : "-",
				moved ? sprintf("%d", (max - k) * 1000) : "-", fo, dm
		}' "$1"
}

# the member carrying most CHILD_SAs (address)
cn_in_use()
{
	cn_sas | awk '{ n[$2]++ } END { for (r in n) if (n[r] > m) { m = n[r]; b = r }
		print b }'
}

# kill the member in use (ours), wait for the failover; row of
# connections-kill.tsv
cn_kill()
{
	local variant=$1 rep=$2 dead k moved rh mu first last all fo dm
	CN_DEAD_ADDR=$(cn_in_use)
	dead=$(bw_gwname "$CN_DEAD_ADDR")
	k=$(bw_kill "$dead") || return 1
	tb_poll "$CN_CAP" cn_all_moved ||
		bw_say "  not every CHILD_SA moved within $CN_CAP s"
	moved=$(cn_count "$CN_DEAD_ADDR")
	read -r rh mu first last all fo dm < <(cn_failover_times \
		"$(bw_hdir carol)/log/charon.log" "$k" "$CN_DEAD_ADDR")
	# the log's count is only trusted if the SAs agree
	[ "$moved" -ge "$CN_TOTAL" ] || all=-
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$rep" \
		"$dead" "$CN_TOTAL" "$moved" "$first" "$last" "$all" "$mu" "$fo" \
		"$dm" >>"$RES/connections-kill.tsv"
	bw_say "  $dead killed: $moved of $CN_TOTAL CHILD_SAs on other members" \
		"($rh re-established in the log, $mu of multi); decisions" \
		"$first..$last ms after the kill ($fo failover lines, detection" \
		"median $dm ms), all re-homed after $all ms"
}

# one measurement of variant $1, repetition $2; carol and the gateways
# are stopped whatever happened
cn_run()
{
	local rc=0 gw dir=$RES/connections/$1-$2
	CN_CAP_FILE=
	cn_run_body "$@" || rc=1
	cn_flows_stop
	[ -z "$CN_CAP_FILE" ] || bw_cap_stop "$CN_CAP_FILE"
	bw_save_logs carol "$dir"
	bw_stop carol
	for gw in moon sun alice; do
		bw_save_logs "$gw" "$dir/$gw"
		bw_stop "$gw"
	done
	return "$rc"
}

cn_run_body()
{
	local variant=$1 rep=$2 pid r0 r1 c0 c1 c2 c3 t0 t1 t2 t3 cap ip im ii
	local tp up fl fok rpl gw dir=$RES/connections/$1-$2
	bw_say "connections: $variant ($rep)"
	for gw in moon sun alice; do
		bw_stop "$gw"
	done
	fo_gateways || return 1
	cn_conf "$variant" || return 1
	bw_clear_logs carol
	rm -f "$(bw_hdir carol)"/log/flow-*
	bw_start carol && bw_x carol expect-connection multi || return 1
	pid=$(bw_charon_pid carol)
	r0=$(cost_rss carol)
	cn_up || bw_say "  only $(cn_count) of $CN_TOTAL CHILD_SAs installed"
	up=$(cn_count)
	sleep 3		# settle: the last CHILD_SAs' first heartbeats
	r1=$(cost_rss carol)
	cap=$dir.ike.cap
	CN_CAP_FILE=$cap
	mkdir -p "$dir"
	bw_cap_start carol eth0 "$cap" "$CN_FILTER" || return 1
	t0=$(bw_now)
	c0=$(cn_cpu "$pid")
	sleep "$CN_WINDOW"
	c1=$(cn_cpu "$pid")
	t1=$(bw_now)
	cn_flows
	cn_flows_start
	fl=$(wc -l <"$(bw_hdir carol)/log/flows")
	tb_poll 20 cn_flows_replied || bw_say "  not every flow has replies"
	t2=$(bw_now)
	c2=$(cn_cpu "$pid")
	sleep "$CN_WINDOW"
	c3=$(cn_cpu "$pid")
	t3=$(bw_now)
	cn_flows_stop
	fok=$(grep -l 'bytes from' "$(bw_hdir carol)"/log/flow-*.log 2>/dev/null |
		wc -l)
	rpl=$(cn_flow_replies "$t2" "$t3")
	bw_cap_stop "$cap"
	read -r ip im < <(cn_ike_count "$cap" "$t0" "$t1")
	read -r tp _ < <(cn_ike_count "$cap" "$t2" "$t3")
	ii=$(awk -v a="$t0" -v b="$t1" '$1 >= a && $1 < b &&
		/generating INFORMATIONAL request/ { n++ } END { print n + 0 }' \
		"$(bw_hdir carol)/log/charon.log")
	awk -v OFS='\t' -v v="$variant" -v rep="$rep" -v n="$CN_CONNS" \
		-v up="$up" -v r0="$r0" -v r1="$r1" -v t0="$t0" -v t1="$t1" \
		-v t2="$t2" -v t3="$t3" -v c0="$c0" -v c1="$c1" -v c2="$c2" \
		-v c3="$c3" -v ip="$ip" -v ii="$ii" -v im="$im" -v tp="$tp" \
		-v fl="$fl" -v fok="$fok" -v rpl="$rpl" -v hz="$CN_HZ" 'BEGIN {
		print v, rep, n, up, r0, r1, sprintf("%.1f", t1 - t0),
			int((c1 - c0) * 1000 / hz), ip, ii, im,
			sprintf("%.1f", t3 - t2), int((c3 - c2) * 1000 / hz), tp,
			fl, fok, rpl, hz }' >>"$RES/connections.tsv"
	bw_say "  $up CHILD_SAs; RSS $r0 KiB at start, $r1 KiB all up;" \
		"idle: CPU $(( (c1 - c0) * 1000 / CN_HZ )) ms, $ip IKE packets" \
		"($im); traffic: CPU $(( (c3 - c2) * 1000 / CN_HZ )) ms, $tp IKE" \
		"packets, $fok of $fl flows answered"
	if [ "$variant" = ours ]; then
		cn_kill "$variant" "$rep" || bw_say "  the kill failed"
	fi
}

bench_connections()
{
	local i rep variant
	: >"$RES/connections.tsv"
	: >"$RES/connections-kill.tsv"
	rm -rf "$RES/connections"
	mkdir -p "$RES/connections"
	CN_TOTAL=$((CN_CONNS + CN_CHILDREN))
	CN_HZ=$(getconf CLK_TCK)
	bw_say "connections: $CN_CONNS connections and one with $CN_CHILDREN" \
		"CHILD_SAs; $CN_VARIANTS; windows of $CN_WINDOW s"
	bw_begin 0 big || return 1
	cn_certs || { bw_say "  could not issue the certificates"; return 1; }
	for rep in $(seq 1 "$CN_REPS"); do
		for variant in $CN_VARIANTS; do
			cn_run "$variant" "$rep" ||
				bw_say "  connections $variant ($rep) failed"
		done
	done
	bw_end
}

# median of column $2 of connections.tsv rows of variant $1 ("-" if none)
cn_med()
{
	rp_stats "$RES/connections.tsv" "$1" "$2" | cut -d' ' -f2
}

# charon's CPU time per minute of variant $1 in window $2 (idle or traffic)
cn_cpu_min()
{
	local c=8
	[ "$2" = idle ] || c=13
	awk -F'\t' -v v="$1" -v c="$c" '$1 == v { printf "%.0f\n", $c * 60 / $(c - 1) }' \
		"$RES/connections.tsv" 2>/dev/null | bw_stats | cut -d' ' -f2
}

# IKE messages per minute of variant $1 in window $2
cn_ike_min()
{
	local c=9
	[ "$2" = idle ] || c=14
	awk -F'\t' -v v="$1" -v c="$c" '$1 == v {
		printf "%.0f\n", $c * 60 / (c == 9 ? $7 : $12) }' \
		"$RES/connections.tsv" 2>/dev/null | bw_stats | cut -d' ' -f2
}

# ratio $1 / $2 with 3 decimals, "–" if one is missing or $2 is 0
cn_ratio()
{
	if [ -z "$1" ] || [ -z "$2" ] || [ "$1" = - ] || [ "$2" = - ] ||
		rp_true "$2 == 0"; then
		echo "–"
	else
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
	fi
}

# members the client used while idle (ours): the peers of the idle IKE packets
cn_members_used()
{
	awk -F'\t' '$1 == "ours" && $11 != "-" { print $11; exit }' \
		"$RES/connections.tsv" 2>/dev/null | tr ',' '\n' | grep -c =
}

# the issue 13 benchmark 2 targets, as "TARGET|RESULT|MET|REMARK" lines
cn_target_lines()
{
	local oi sd ot st r v oim lim mem k first all
	[ -s "$RES/connections.tsv" ] || return 0
	oi=$(cn_cpu_min ours idle)
	sd=$(cn_cpu_min stock-dpd idle)
	r=$(cn_ratio "$oi" "$sd")
	v=-
	[ "$r" = "–" ] || { rp_true "$r <= 1.0" && v=yes || v=no; }
	echo "connections: CPU idle, ours (instant, 1 s / 500 ms) ≤ 1.0× stock DPD (1 s)|${r}× ($oi against $sd ms CPU per minute)|$v|"
	ot=$(cn_cpu_min ours traffic)
	st=$(cn_cpu_min stock traffic)
	r=$(cn_ratio "$ot" "$st")
	v=-
	[ "$r" = "–" ] || { rp_true "$r <= 1.05" && v=yes || v=no; }
	echo "connections: CPU under traffic, ours ≤ 1.05× stock without DPD|${r}× ($ot against $st ms CPU per minute)|$v|"
	oim=$(cn_ike_min ours idle)
	mem=$(cn_members_used)
	[ "${mem:-0}" -gt 0 ] || mem=1
	lim=$((mem * 2 * 60))
	v=-
	[ -z "$oim" ] || [ "$oim" = - ] || { rp_true "$oim <= $lim" && v=yes || v=no; }
	echo "connections: idle IKE messages ≤ one heartbeat exchange per member per heartbeat_defer|${oim:-–} per minute (limit $mem member(s) × 2 messages × 60 = $lim; stock DPD $(cn_ike_min stock-dpd idle))|$v|"
	k=$RES/connections-kill.tsv
	if [ -s "$k" ]; then
		read -r first all < <(awk -F'\t' '$1 == "ours" { print $6, $8; exit }' "$k")
		v=-
		if [ "$all" = - ] || [ "$first" = - ]; then
			v=no
		else
			rp_true "$all <= $first + 1000" && v=yes || v=no
		fi
		echo "connections: every connection and CHILD_SA re-homed within detection + 1 s|all re-homed $all ms after the kill, the first failover decision $first ms after it (limit: that + 1000 ms)|$v|$(awk -F'\t' '$1 == "ours" { printf "%d of %d CHILD_SAs on another member at the end", $5, $4; exit }' "$k")"
	fi
}

# the targets' rows in the table of the report (see rp_target)
cn_targets()
{
	local t r m why
	while IFS='|' read -r t r m why; do
		rp_target "$t" "$r" "$m" "$why"
	done < <(cn_target_lines)
}

# what the idle IKE messages of ours say about heartbeats per IKE_SA or per
# member ($1 = connections)
cn_idle_note()
{
	local oim sd ike=$(($1 + 1))
	oim=$(cn_ike_min ours idle)
	sd=$(cn_ike_min stock-dpd idle)
	[ -n "$oim" ] && [ "$oim" != - ] || return 0
	awk -v o="$oim" -v s="$sd" -v n="$ike" 'BEGIN {
		printf "Idle, ours exchanged %.0f IKE messages a minute, %.1f per IKE_SA",
			o, o / n
		if (s != "-" && s != "") printf " (stock DPD: %.0f, %.1f per IKE_SA)", s, s / n
		if (o / n >= 60) print ": a heartbeat exchange per IKE_SA and second, as with stock DPD, not one per member.\n"
		else print ".\n" }'
}

# the section of docs/benchmarks.md
rp_connections()
{
	local t=$RES/connections.tsv v desc n r0s r1s tgt res met why
	echo "## 7. Many connections in one client charon (issue 13)"
	echo
	echo "($(rp_done connections); ESP backend $(rp_machine backend))"
	echo
	[ -s "$t" ] || { echo "No results."; echo; return 0; }
	n=$(awk -F'\t' '{ print $3; exit }' "$t")
	echo "Issue 13, benchmark 2: carol's charon with $n connections, each with its own"
	echo "identity (c01@strongswan.org, ...; certificates of the test bed's CA) and one"
	echo "CHILD_SA for 10.1.0.0/16, plus the connection \`multi\` with $CN_CHILDREN"
	echo "CHILD_SAs for TCP to 10.1.0.0/16 on ports 5001, 5002, ... (as the scenario"
	echo "\`cluster-failover/many-children\`; CHILD_SAs for subnets 10.1.1.0/24, ...,"
	echo "were refused by the gateways with TS_UNACCEPTABLE in CREATE_CHILD_SA):"
	echo "$((n + CN_CHILDREN)) CHILD_SAs on $((n + 1)) IKE_SAs. Variants, one after the other with"
	echo "the same swanctl.conf, each on freshly started gateways:"
	echo
	echo "- **ours**: two ordered clusters of the same members moon, sun, alice (the"
	echo "  first half of the connections in one, the rest and \`multi\` in the"
	echo "  other), instant heartbeats, defer 1 s, response 500 ms, 2 tries;"
	echo "- **stock DPD**: the plugin not loaded, \`dpd_delay = 1s\`,"
	echo "  \`dpd_action = restart\`;"
	echo "- **stock**: the plugin not loaded, no DPD."
	echo
	echo "**CPU**: charon's utime + stime (/proc/PID/stat, all threads) over a window,"
	echo "given per minute. **Idle**: no traffic at all. **Traffic**: a ping flow"
	echo "through every home connection, every ${CN_INTERVAL} s each, from its virtual IP to"
	echo "venus, so traffic flows both ways on $n of the $((n + 1)) IKE_SAs and no"
	echo "heartbeat is due on them (multi's CHILD_SAs stay idle: its IKE_SA may"
	echo "send heartbeats, as stock DPD may). With kernel-libipsec the ESP work is done"
	echo "inside charon, so under traffic most of its CPU time is ESP. **IKE"
	echo "messages**: packets on carol's eth0 that are IKE (UDP 500, and 4500 with"
	echo "the non-ESP marker), both directions, per minute, idle. **RSS**: VmRSS"
	echo "after start-up and with all CHILD_SAs up."
	echo
	echo "| variant | run | CHILD_SAs up | RSS start (KiB) | RSS all up (KiB) | idle window (s) | idle CPU (ms/min) | idle IKE messages/min | idle INFORMATIONAL requests/min | idle IKE packets per member | traffic window (s) | traffic CPU (ms/min) | flows answered | replies/s |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	while IFS=$'\t' read -r v rep _ up r0 r1 iw ic ip ii im tw tc _ fl fok rpl _; do
		case "$v" in
		ours) desc="ours" ;;
		stock-dpd) desc="stock DPD" ;;
		*) desc="stock" ;;
		esac
		awk -v d="$desc" -v rep="$rep" -v up="$up" -v r0="$r0" -v r1="$r1" \
			-v iw="$iw" -v ic="$ic" -v ip="$ip" -v ii="$ii" -v im="$im" \
			-v tw="$tw" -v tc="$tc" -v fl="$fl" -v fok="$fok" -v rpl="$rpl" \
			'BEGIN { printf "| %s | %s | %s | %s | %s | %s | %.0f | %.1f | %.1f | %s | %s | %.0f | %s of %s | %.0f |\n",
				d, rep, up, r0, r1, iw, ic * 60 / iw, ip * 60 / iw,
				ii * 60 / iw, im, tw, tc * 60 / tw, fok, fl, rpl / tw }'
	done <"$t"
	echo
	r0s=$(cn_med stock 6)
	[ "$r0s" != - ] || r0s=$(cn_med stock-dpd 6)
	r1s=$(cn_med ours 6)
	echo "Ratios and targets (medians of the runs):"
	echo
	echo "| target | result | |"
	echo "|---|---|---|"
	while IFS='|' read -r tgt res met why; do
		case "$met" in
		yes) met=PASS ;;
		no) met=FAIL ;;
		*) met="not measured" ;;
		esac
		echo "| ${tgt#connections: } | $res${why:+; $why} | $met |"
	done < <(cn_target_lines)
	if [ "$r0s" != - ] && [ "$r1s" != - ]; then
		echo "| RSS at $n connections, ours against stock (no target) | $(awk -v a="$r1s" -v b="$r0s" 'BEGIN { printf "%.3f× (%+d KiB: %d against %d KiB)", a / b, a - b, a, b }') | |"
	fi
	echo
	if [ -s "$RES/connections-kill.tsv" ]; then
		echo "**Failover** (ours): the member carrying the CHILD_SAs is killed"
		echo "(SIGKILL, its kernel state flushed) after the traffic window, with no"
		echo "traffic; we wait until carol has every CHILD_SA installed with another"
		echo "member (\`swanctl --list-sas\`). From carol's log: the plugin's failover"
		echo "decisions (first and last, from the kill; detection: its \"detected after\","
		echo "last packet to decision) and the time the last CHILD_SA was established on"
		echo "an IKE_SA with another member. Stock is not measured: it never leaves the"
		echo "dead member (benchmark 1)."
		echo
		echo "| killed | CHILD_SAs | on another member at the end | first decision (ms) | last decision (ms) | all re-homed (ms) | multi's CHILD_SAs re-homed | failover lines | detection median (ms) |"
		echo "|---|---|---|---|---|---|---|---|---|"
		awk -F'\t' '$1 == "ours" { printf "| %s | %s | %s | %s | %s | %s | %s of %d | %s | %s |\n",
			$3, $4, $5, $6, $7, $8, $9, '"$CN_CHILDREN"', $10, $11 }' \
			"$RES/connections-kill.tsv"
		echo
	fi
	cn_idle_note "$n"
	echo "Every run: \`\$CF_BENCH_DIR/connections.tsv\` and \`connections-kill.tsv\`"
	echo "(columns in \`testing/bench/connections.sh\`), the logs and the IKE capture"
	echo "in \`connections/\`. The benchmark: \`testing/bench/connections.sh\`"
	echo "(\`testing/bench/run --only connections\`)."
	echo
}
