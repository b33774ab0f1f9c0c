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
# Benchmarks 1 and 2: failover outage and connect time with a dead first
# member, ours against stock (sourced by testing/bench/run).
#
# failover-ours.tsv, failover-stock.tsv:
#	config run outage_ms detect_ms rehome_ms to kill_to_decision_ms note
# connect-ours.tsv, connect-stock.tsv:
#	config run connect_ms member note
#
# A failover run: fresh charon on carol with the configuration's profile,
# connected through moon (ordered, first member), carol pings venus every
# 9.9 ms (about 100 probes/s, testing/scripts/traffic) and venus captures the
# replies; moon's charon is killed with SIGKILL; outage = kill to the first
# reply that venus sent back through another gateway (the destination is a
# virtual IP from that gateway's pool).  Detection and re-homing are the
# figures of the plugin's failover line.  Then carol is stopped and moon
# restarted for the next run.
#
# The stock configurations never move to the second remote_addrs entry, so
# each of their runs lasts the cap; both stock configurations run side by
# side (carol: default retransmission, dave: tuned) on the same kill, and a
# third stock client (c01) measures the connect time while moon is dead.

# start the gateways that are not running (all but those in $1)
fo_gateways()
{
	local gw
	for gw in moon sun alice; do
		case " ${1:-} " in
		*" $gw "*) continue ;;
		esac
		if [ -z "$(bw_charon_pid "$gw")" ]; then
			bw_start "$gw" && bw_x "$gw" expect-connection rw ||
				return 1
		fi
	done
}

# start a client's charon with a profile and connect it; $3: wait for the
# standby IKE_SA too; the client must end up with moon
fo_connect()
{
	local host=$1 prof=$2
	bw_client_conf "$host" "$prof" || return 1
	bw_clear_logs "$host"
	bw_start "$host" && bw_x "$host" expect-connection home || return 1
	BW_TIMEOUT=30 bw_x "$host" swanctl --initiate --child home || true
	bw_q "$host" swanctl --list-sas --raw 2>/dev/null |
		grep -q "remote-host=$MOON .*child-sas.*state=INSTALLED" ||
		{ bw_say "$host did not connect through moon ($prof)"; return 1; }
	if [ "${3:-}" = standby ]; then
		bw_x "$host" wait-for 10 \
			"grep -q 'standby IKE_SA with $SUN' /var/log/charon.log" ||
			{ bw_say "$host has no standby IKE_SA"; return 1; }
	fi
}

# true once client $1's replies after the mark "kill" went through another
# gateway than moon at least $2 times (see bw_replies)
fo_recovered()
{
	local d
	d=$(bw_hdir "$1")/log
	bw_replies "$d" "$FO_CAP" | awk -v k="$FO_KILL" -v n="$2" '
		$1 > k && $4 != "moon" && $4 != "?" { c++ }
		END { exit !(c >= n) }'
}

# start the probe stream of a client (about 100/s: iputils' ping sends only
# about 60 a second with -i 0.01 here, but about 105 with -i 0.0099) and
# wait until it is answered
fo_traffic()
{
	bw_x "$1" traffic start "$VENUS" 0.0099 &&
		bw_x "$1" traffic wait-replies start 50 10
}

# one failover run of a plugin configuration: $1 = profile, $2 = run number
fo_run_ours()
{
	local prof=$1 run=$2 dir out line detect rehome to lts k2d standby=""
	dir=$RES/failover/runs/$prof/$run
	mkdir -p "$dir"
	FO_CAP=$dir/venus.cap
	[ "$prof" != ours-standby ] || standby=standby
	fo_gateways || return 1
	fo_connect carol "$prof" "$standby" || return 1
	bw_cap_start venus eth0 "$FO_CAP" icmp || return 1
	fo_traffic carol || return 1
	FO_KILL=$(bw_kill moon) || return 1
	bw_x carol traffic mark kill
	echo "$FO_KILL" >"$dir/kill"
	# about 1 s of traffic through the new gateway (for the timeline)
	tb_poll 30 fo_recovered carol 100 || true
	bw_x carol traffic stop
	bw_cap_stop "$FO_CAP"
	bw_save_logs carol "$dir"
	read -r out to < <(bw_outage "$dir" "$FO_CAP" "$FO_KILL" moon)
	line=$(bw_failover_line "$dir/charon.log")
	if [ -n "$line" ]; then
		read -r detect rehome to lts <<<"$line"
		k2d=$(awk -v l="$lts" -v r="$rehome" -v k="$FO_KILL" \
			'BEGIN { printf "%d", (l - k) * 1000 - r }')
		to=$(bw_gwname "$to")
	else
		detect=- rehome=- k2d=-
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$prof" "$run" "$out" \
		"$detect" "$rehome" "$to" "$k2d" "-" >>"$RES/failover-ours.tsv"
	bw_say "  $prof run $run: outage ${out} ms (detection ${detect} ms," \
		"re-homing ${rehome} ms, to $to)"
	BW_TIMEOUT=5 bw_x carol swanctl --terminate --ike home || true
	bw_stop carol
	bw_clear_logs carol
}

# the stock run: carol (stock-dpd) and dave (stock-tuned) connected through
# moon with probe streams, moon killed; then c01 (stock) connects while moon
# is dead; everything is watched for the cap $2 s; $1 = run number
fo_run_stock()
{
	local run=$1 cap=$2 dir host prof out to giveup restart cstart cend
	local crc state member end cpid
	FO_CAP=$RES/failover/runs/stock-$run.venus.cap
	fo_gateways || return 1
	fo_connect carol stock-dpd && fo_connect dave stock-tuned || return 1
	bw_client_conf c01 stock && bw_clear_logs c01 && bw_start c01 &&
		bw_x c01 expect-connection home || return 1
	bw_cap_start venus eth0 "$FO_CAP" icmp || return 1
	fo_traffic carol && fo_traffic dave || return 1
	FO_KILL=$(bw_kill moon) || return 1
	bw_x carol traffic mark kill
	bw_x dave traffic mark kill
	# c01 connects while moon is dead, to the same remote_addrs
	cstart=$(bw_now)
	(BW_TIMEOUT=$((cap + 5)) bw_x c01 swanctl --initiate --child home \
		--timeout "$cap"; echo $? >"$RES/failover/runs/stock-$run.c01.rc"
	 bw_now >"$RES/failover/runs/stock-$run.c01.end") &
	cpid=$!
	# wait for the cap (or until all three recovered, which stock does not)
	end=$(awk -v k="$FO_KILL" -v c="$cap" 'BEGIN { printf "%d", k + c }')
	while [ "$(date +%s)" -lt "$end" ]; do
		if fo_recovered carol 20 && fo_recovered dave 20 &&
			[ -s "$RES/failover/runs/stock-$run.c01.end" ]; then
			break
		fi
		sleep 1
	done
	wait "$cpid"
	bw_x carol traffic stop
	bw_x dave traffic stop
	bw_cap_stop "$FO_CAP"
	for host in carol dave; do
		prof=stock-dpd
		[ "$host" = carol ] || prof=stock-tuned
		dir=$RES/failover/runs/$prof/$run
		bw_save_logs "$host" "$dir"
		cp "$FO_CAP" "$dir/venus.cap"
		echo "$FO_KILL" >"$dir/kill"
		read -r out to < <(bw_outage "$dir" "$FO_CAP" "$FO_KILL" moon)
		# detection: charon gives up on the DPD exchange
		giveup=$(awk -v k="$FO_KILL" '/giving up after [0-9]+ retransmits/ &&
			$1 > k { printf "%d", ($1 - k) * 1000; exit }' "$dir/charon.log")
		restart=$(sed -n -E \
			's/^([0-9.]+) .*initiating IKE_SA home\[[0-9]+\] to ([0-9.]+).*/\1 \2/p' \
			"$dir/charon.log" | awk -v k="$FO_KILL" '$1 > k { print $2; exit }')
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$prof" "$run" "$out" \
			"${giveup:--}" "-" "$to" "${giveup:--}" \
			"restart to ${restart:-none};cap $cap" >>"$RES/failover-stock.tsv"
		bw_say "  $prof run $run: outage $out ms, detection" \
			"${giveup:-none within cap} ms, restarted to ${restart:-nothing}"
	done
	dir=$RES/failover/runs/stock-connect/$run
	bw_save_logs c01 "$dir"
	crc=$(cat "$RES/failover/runs/stock-$run.c01.rc" 2>/dev/null || echo '?')
	cend=$(cat "$RES/failover/runs/stock-$run.c01.end" 2>/dev/null || bw_now)
	state=$(bw_q c01 swanctl --list-sas --raw 2>/dev/null)
	member=$(sed -n -E 's/.*remote-host=([0-9.]+) .*state=INSTALLED.*/\1/p' \
		<<<"$state" | head -n 1)
	if [ "$crc" = 0 ] && [ -n "$member" ]; then
		out=$(awk -v s="$cstart" -v e="$cend" \
			'BEGIN { printf "%d", (e - s) * 1000 }')
		printf 'stock\t%s\t%s\t%s\t-\n' "$run" "$out" \
			"$(bw_gwname "$member")" >>"$RES/connect-stock.tsv"
	else
		out=$(grep -c "sending packet: .* to $MOON\[500\]" \
			"$dir/charon.log" || true)
		printf 'stock\t%s\t-\t-\tno connection within %s s (%s IKE_SA_INIT sent to moon, none to others)\n' \
			"$run" "$cap" "$out" >>"$RES/connect-stock.tsv"
	fi
	bw_say "  stock connect run $run: ${member:+connected to $member}${member:-no connection within $cap s}"
	for host in carol dave c01; do
		bw_stop "$host"
	done
}

bench_failover()
{
	local prof run
	: >"$RES/failover-ours.tsv"
	mkdir -p "$RES/failover/runs"
	for prof in ours-aggr ours-default ours-deferred ours-standby; do
		bw_say "failover: $prof, $FO_RUNS runs"
		bw_begin 0 || return 1
		for run in $(seq 1 "$FO_RUNS"); do
			fo_run_ours "$prof" "$run" ||
				bw_say "  $prof run $run failed (see $BW_CONSOLE)"
		done
		bw_end
	done
	bench_stock
}

# the stock runs (failover of both stock configurations and stock connect)
bench_stock()
{
	local run
	[ "${STOCK_DONE:-no}" = no ] || return 0
	STOCK_DONE=yes
	: >"$RES/failover-stock.tsv"
	: >"$RES/connect-stock.tsv"
	for run in $(seq 1 "$STOCK_RUNS"); do
		bw_say "failover and connect: stock, run $run of $STOCK_RUNS, cap $CAP s"
		bw_begin 1 || return 1
		fo_run_stock "$run" "$CAP" || bw_say "  stock run $run failed"
		bw_end
	done
}

bench_connect()
{
	local run t0 t1 member ms
	: >"$RES/connect-ours.tsv"
	bw_say "connect: ours with moon down, $CONNECT_RUNS runs"
	bw_begin 0 || return 1
	fo_gateways moon || return 1
	for run in $(seq 1 "$CONNECT_RUNS"); do
		bw_client_conf carol ours-connect || return 1
		bw_clear_logs carol
		bw_start carol && bw_x carol expect-connection home || return 1
		t0=$(bw_now)
		BW_TIMEOUT=30 bw_x carol swanctl --initiate --child home || true
		t1=$(bw_now)
		member=$(bw_q carol swanctl --list-sas --raw 2>/dev/null |
			sed -n -E 's/.*remote-host=([0-9.]+) .*state=INSTALLED.*/\1/p' |
			head -n 1)
		ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
		mkdir -p "$RES/connect/runs/$run"
		bw_save_logs carol "$RES/connect/runs/$run"
		if [ -n "$member" ]; then
			printf 'ours\t%s\t%s\t%s\t-\n' "$run" "$ms" \
				"$(bw_gwname "$member")" >>"$RES/connect-ours.tsv"
		else
			printf 'ours\t%s\t-\t-\tnot connected\n' "$run" \
				>>"$RES/connect-ours.tsv"
		fi
		bw_say "  ours run $run: ${ms} ms, ${member:-not connected}"
		BW_TIMEOUT=5 bw_x carol swanctl --terminate --ike home || true
		bw_stop carol
	done
	bw_end
}
