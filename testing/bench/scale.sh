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
# Benchmark 4: scale and load spread (sourced by testing/bench/run).
#
# $SCALE_CLIENTS extra client namespaces cf-c01.. (192.168.0.101..) attached
# to the internet bridge, each with the stock charon, its own certificate
# (c01@strongswan.org, ...) and the plugin with instant aggressive
# heartbeats; the gateways get /24 pools (venus routes them).  For random,
# then ordered order: all clients connect, each pings venus every 50 ms,
# moon's charon is killed, and we wait until every client of moon
# has traffic through another gateway.
#
# random is repeated $SCALE_REPS times (the split of a few clients between
# two survivors is a coin toss per client), ordered once.
#
# scale-assign.tsv:  order gateway clients rep
# scale-clients.tsv: order client to outage_ms detect_ms rehome_ms rep
# scale-kill.tsv:    order on_dead to_sun to_alice all_recovered_ms
#                    median_outage_ms unrecovered peak_init_sun peak_init_alice
#                    init_sun init_alice rep

# run "$1 HOST" for all extra clients, 10 at a time
sc_each()
{
	local c pids=() rc=0 pid
	for c in $BW_CLIENTS; do
		"$1" "$c" &
		pids+=($!)
		if [ "${#pids[@]}" -ge 10 ]; then
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
	bw_start "$1" && bw_x "$1" expect-connection home
}

sc_connect_client()
{
	BW_TIMEOUT=30 bw_x "$1" swanctl --initiate --child home
}

sc_traffic_client()
{
	bw_x "$1" traffic start "$VENUS" 0.05
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
	m=$(bw_q "$1" swanctl --list-sas --raw 2>/dev/null |
		sed -n -E 's/.*remote-host=([0-9.]+) .*child-sas.*state=INSTALLED.*/\1/p' |
		head -n 1)
	if [ -n "$m" ]; then
		bw_gwname "$m"
	else
		echo -
	fi
}

# true once all clients in $SC_DEAD have 10 replies through another gateway
sc_all_recovered()
{
	local c
	for c in $SC_DEAD; do
		fo_recovered "$c" 10 || return 1
	done
}

# the peak number of IKE_SA_INIT requests a gateway took in any 1 s, and
# the total, after time $2 (within 60 s), from its log $1: "PEAK TOTAL"
sc_inits()
{
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

# one phase: order $1 (random or ordered), repetition $2
sc_phase()
{
	local order=$1 rep=$2 prof c m gw dir out to line detect rehome
	local n_sun=0 n_alice=0 unrec=0 all gwdir k psun isun palice ialice
	declare -A count=([moon]=0 [sun]=0 [alice]=0 [-]=0)
	prof=ours-aggr
	[ "$order" = ordered ] || prof=ours-aggr-random
	bw_say "scale: $order ($rep), $SCALE_CLIENTS clients"
	fo_gateways || return 1
	for gw in moon sun alice; do
		rm -f "$(bw_hdir "$gw")/log/charon.log"
		BW_TIMEOUT=5 bw_x "$gw" swanctl --reload-settings || true
	done
	for c in $BW_CLIENTS; do
		bw_client_conf "$c" "$prof" || return 1
	done
	sc_each sc_start_client || { bw_say "  a client did not start"; return 1; }
	sc_each sc_connect_client || bw_say "  a client did not connect"
	SC_DEAD=""
	for c in $BW_CLIENTS; do
		m=$(sc_member "$c")
		count[$m]=$((count[$m] + 1))
		[ "$m" != moon ] || SC_DEAD="$SC_DEAD $c"
	done
	for gw in moon sun alice -; do
		printf '%s\t%s\t%s\t%s\n' "$order" "$gw" "${count[$gw]}" "$rep" \
			>>"$RES/scale-assign.tsv"
	done
	bw_say "  connected: moon ${count[moon]}, sun ${count[sun]}," \
		"alice ${count[alice]}, none ${count[-]}"
	FO_CAP=$RES/scale/$order-$rep.venus.cap
	bw_cap_start venus eth0 "$FO_CAP" icmp || return 1
	sc_each sc_traffic_client || return 1
	sleep 2
	FO_KILL=$(bw_kill moon) || return 1
	# the gateways' logs have been rotated: their time stamps say when
	tb_poll 30 sc_all_recovered || bw_say "  not all clients recovered within 30 s"
	sleep 1
	for c in $BW_CLIENTS; do
		bw_x "$c" traffic stop
	done
	bw_cap_stop "$FO_CAP"
	all=0
	for c in $SC_DEAD; do
		dir=$RES/scale/$order-$rep/$c
		bw_save_logs "$c" "$dir"
		read -r out to < <(bw_outage "$dir" "$FO_CAP" "$FO_KILL" moon)
		line=$(bw_failover_line "$dir/charon.log")
		detect=- rehome=-
		if [ -n "$line" ]; then
			read -r detect rehome to _ <<<"$line"
			to=$(bw_gwname "$to")
		fi
		case "$to" in
		sun) n_sun=$((n_sun + 1)) ;;
		alice) n_alice=$((n_alice + 1)) ;;
		esac
		if [ "$out" = - ]; then
			unrec=$((unrec + 1))
		elif [ "$out" -gt "$all" ]; then
			all=$out
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$order" "$c" "$to" "$out" \
			"$detect" "$rehome" "$rep" >>"$RES/scale-clients.tsv"
	done
	[ "$unrec" = 0 ] || all=-
	k=$FO_KILL
	for gw in moon sun alice; do
		gwdir=$RES/scale/$order-$rep/$gw
		bw_save_logs "$gw" "$gwdir"
	done
	read -r psun isun < <(sc_inits "$RES/scale/$order-$rep/sun/charon.log" "$k")
	read -r palice ialice < <(sc_inits "$RES/scale/$order-$rep/alice/charon.log" "$k")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$order" \
		"$(echo "$SC_DEAD" | wc -w)" "$n_sun" "$n_alice" "$all" \
		"$(awk -F'\t' -v o="$order" -v r="$rep" '$1 == o && $7 == r &&
			$4 != "-" { print $4 }' "$RES/scale-clients.tsv" |
			bw_stats | cut -d' ' -f2)" \
		"$unrec" "$psun" "$palice" "$isun" "$ialice" "$rep" \
		>>"$RES/scale-kill.tsv"
	bw_say "  moon killed: its $(echo "$SC_DEAD" | wc -w) clients went to" \
		"sun $n_sun, alice $n_alice; all recovered after $all ms;" \
		"peak IKE_SA_INIT/s sun $psun, alice $palice"
	sc_each sc_stop_client
	return 0
}

bench_scale()
{
	local rep
	: >"$RES/scale-assign.tsv"
	: >"$RES/scale-clients.tsv"
	: >"$RES/scale-kill.tsv"
	rm -rf "$RES/scale"
	mkdir -p "$RES/scale"
	bw_begin "$SCALE_CLIENTS" big || return 1
	for rep in $(seq 1 "$SCALE_REPS"); do
		sc_phase random "$rep" || bw_say "  scale random $rep failed"
	done
	sc_phase ordered 1 || bw_say "  scale ordered failed"
	bw_end
}
