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
# Benchmark "xfrm" (issue 11): the failover outage and the connect
# benchmarks, ours against stock in the same run, on kernel XFRM, in the VM
# of testing/vm (Debian's kernel under TCG emulation).  The guest runs
# "testing/bench/run --only failover connect --no-report" (quick or full, as
# this run) with its results in the VM's out share; they are copied to
# $RES/xfrm/ and reported in their own section, apart from the native ones.
# Under emulation a failover run takes about a minute: the quick mode does
# 3 failovers per plugin configuration and 3 connects, or CF_BENCH_FO_RUNS
# and CF_BENCH_CONNECT_RUNS, the full one those of the native full run.

# run the benchmarks in the VM, results to $RES/xfrm
bench_xfrm()
{
	local mode=() runs=() rc=0
	if [ "$MODE" = quick ]; then
		mode=(--quick)
		runs=(CF_BENCH_FO_RUNS="${CF_BENCH_FO_RUNS:-3}"
			  CF_BENCH_CONNECT_RUNS="${CF_BENCH_CONNECT_RUNS:-3}")
	fi
	rm -rf "$RES/xfrm"
	bw_say "xfrm: failover and connect in the VM (kernel XFRM, TCG)"
	env "${runs[@]}" CF_VM_BENCH_DIR="$RES/xfrm" "$TOP/testing/vm/run" \
		--bench "${mode[@]}" --only failover connect --no-report \
		>>"$BW_CONSOLE" 2>&1 || rc=$?
	[ -f "$RES/xfrm/machine.tsv" ] ||
		{ bw_say "xfrm: the VM brought back no results (exit $rc)"; return 1; }
	return "$rc"
}

# the kernel of the VM's results
rp_xfrm_machine()
{
	awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$RES/xfrm/machine.tsv" \
		2>/dev/null
}

# the section of docs/benchmarks.md
rp_xfrm()
{
	local dir=$RES/xfrm prof n s ds rs to norec cap
	[ -f "$dir/machine.tsv" ] || return 0
	echo "## Kernel XFRM in a VM (issue 11)"
	echo
	echo "($(RES=$dir rp_done failover); $(rp_xfrm_machine kernel), ESP backend $(rp_xfrm_machine backend))"
	echo
	echo "The failover and connect benchmarks above, run again by"
	echo "\`testing/bench/run --only xfrm\` in the VM of \`testing/vm\`: Debian's own"
	echo "kernel with kernel XFRM, booted under qemu's **TCG emulation** (a KVM guest"
	echo "hangs on these machines), ours and stock in the same VM run. Everything in"
	echo "the guest runs 10-50 times slower than natively, so these times are only"
	echo "comparable with each other, within this table, never with the native"
	echo "figures above. The gateway's death is that of its host: its charon is"
	echo "killed and its XFRM states, policies and routes are flushed."
	echo
	echo "| configuration | runs | outage (ms) | detection (ms) | re-homing (ms) | failed over to |"
	echo "|---|---|---|---|---|---|"
	for prof in ours-aggr ours-default ours-deferred ours-standby; do
		n=$(rp_rows "$dir/failover-ours.tsv" "$prof")
		[ "$n" != 0 ] || continue
		s=$(rp_stats "$dir/failover-ours.tsv" "$prof" 3)
		ds=$(rp_stats "$dir/failover-ours.tsv" "$prof" 4)
		rs=$(rp_stats "$dir/failover-ours.tsv" "$prof" 5)
		to=$(awk -F'\t' -v c="$prof" '$1 == c { n[$6]++ } END {
			for (g in n) printf "%s%s %d", (s++ ? ", " : ""), g, n[g] }' \
			"$dir/failover-ours.tsv")
		norec=$(awk -F'\t' -v c="$prof" '$1 == c && $3 == "-"' \
			"$dir/failover-ours.tsv" | wc -l)
		[ "$norec" = 0 ] || to="$to; **$norec without recovery**"
		echo "| $(rp_desc "$prof") | $n | $(rp_mpm "$s") | $(rp_mpm "$ds") | $(rp_mpm "$rs") | $to |"
	done
	for prof in stock-dpd stock-tuned; do
		n=$(rp_rows "$dir/failover-stock.tsv" "$prof")
		[ "$n" != 0 ] || continue
		norec=$(awk -F'\t' -v c="$prof" '$1 == c && $3 == "-"' \
			"$dir/failover-stock.tsv" | wc -l)
		cap=$(awk -F'\t' -v c="$prof" '$1 == c { sub(/.*cap /, "", $8); print $8; exit }' \
			"$dir/failover-stock.tsv")
		s=$(rp_stats "$dir/failover-stock.tsv" "$prof" 3)
		if [ "$norec" = "$n" ]; then
			s="no recovery within $cap s in $n of $n"
		else
			s="$(rp_mpm "$s"); $norec of $n without recovery within $cap s"
		fi
		ds=$(rp_stats "$dir/failover-stock.tsv" "$prof" 4)
		echo "| $(rp_desc "$prof") | $n | $s | $(rp_mpm "$ds") | – | – |"
	done
	echo
	echo "| connect with moon dead | runs | time (ms) | connected to |"
	echo "|---|---|---|---|"
	rp_connect_rows "$dir"
	echo
}
