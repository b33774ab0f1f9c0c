#!/bin/bash
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
# The demo: a gateway dies and the client's traffic moves to the next one,
# then comes back when the gateway is back.
#
# Usage: scripts/demo.sh [--no-setup]
#
# Sets the machine up (scripts/setup.sh, skipped with --no-setup), builds
# the namespace test bed (testing/lib/testbed.sh) with carol's configuration
# from testing/demo/, connects carol through the ordered cluster "office"
# (moon, sun, alice), pings venus 20 times a second, kills moon's charon
# with SIGKILL, waits for the failover to sun, restarts moon and waits until
# carol is back on moon (after moon's hold-down).  Prints a timeline as it
# goes (testing/scripts/timeline) and a result.  Takes about 10 s.
#
# Exits non-zero if any step did not happen.  The logs of every host are
# kept in $CF_DEMO_LOGDIR (default /tmp/cluster-failover-demo).  The test
# bed is torn down on any exit, also on errors and Ctrl-C.  See
# testing/demo/README.md.

set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
DEMO=$TOP/testing/demo
TIMELINE=$TOP/testing/scripts/timeline
LOGDIR=${CF_DEMO_LOGDIR:-/tmp/cluster-failover-demo}

MOON=192.168.0.1
SUN=192.168.0.2
VENUS=10.1.0.20

SETUP=yes
for arg in "$@"; do
	case "$arg" in
	--no-setup) SETUP=no ;;
	*) echo "usage: $0 [--no-setup]" >&2; exit 2 ;;
	esac
done

if [ "$SETUP" = yes ]; then
	"$TOP/scripts/setup.sh" || exit 1
fi

# shellcheck source-path=SCRIPTDIR source=../testing/lib/testbed.sh
. "$TOP/testing/lib/testbed.sh"

CONSOLE=
SHOWN=0
RESULT=

# append a line to the console log
clog()
{
	[ -z "$CONSOLE" ] || printf '%s\n' "$*" >>"$CONSOLE"
}

# run a command in a host, its output to the console log; in the background
# so that Ctrl-C is handled at once
run()
{
	local host=$1 rc=0
	shift
	clog "$(date +%T.%3N) $host# $*"
	TB_TIMEOUT=20 tb_cmd "$host" || return 1
	"${TB_CMD[@]}" "$@" >>"$CONSOLE" 2>&1 </dev/null &
	wait $! || rc=$?
	[ "$rc" = 0 ] || clog "    [exit $rc]"
	return "$rc"
}

# the end of the demo: say why it failed, exit non-zero
fail()
{
	show_timeline
	echo
	echo "FAILED: $*"
	RESULT=failed
	exit 1
}

# true if carol's charon log has a line matching the extended regexp $1
carol_logged()
{
	grep -qE -e "$1" "$TB_WORK/hosts/carol/log/charon.log" 2>/dev/null
}

# print the lines of the timeline that were not shown yet; with an
# argument "live", only those that are final (see timeline -u)
show_timeline()
{
	local out until=()
	[ -n "$TB_WORK" ] && [ -d "$TB_WORK/hosts" ] || return 0
	out=$TB_WORK/timeline.txt
	if [ "${1:-}" = live ]; then
		until=(-u "$(date -d '0.3 seconds ago' +%s.%N)")
	fi
	"$TIMELINE" "${until[@]}" -c "$TB_WORK/hosts/venus/tcpdump.log" \
		"$TB_WORK/hosts/carol/log" >"$out" 2>>"$CONSOLE" || return 0
	tail -n +"$((SHOWN + 1))" "$out" | sed 's/^/  /'
	SHOWN=$(wc -l <"$out")
}

# wait at most $1 s until "${@:2}" succeeds, showing the timeline meanwhile
follow()
{
	local end
	end=$(( $(date +%s%N) + $1 * 1000000000 ))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		show_timeline live
		sleep 0.2
	done
	show_timeline live
}

# true once carol's ping got $2 replies after its mark $1 (as "traffic
# replies" counts them)
replies_after()
{
	local log=$TB_WORK/hosts/carol/log since
	since=$(awk -v e="$1" '$1 == e { t = $2 } END { print t }' \
		"$log/traffic.marks" 2>/dev/null)
	[ -n "$since" ] || return 1
	sed -n 's/^\[\([0-9.]*\)\] [0-9]* bytes from .*icmp_seq=.*/\1/p' \
		"$log/traffic.log" | awk -v s="$since" -v n="$2" \
		'$1 > s { c++ } END { exit !(c >= n) }'
}

# keep the logs of all hosts in $LOGDIR/<host>/ (the test bed's /var/log
# of each host, and the capture of venus), with the console log and the
# timeline
save_logs()
{
	local host d f
	mkdir -p "$LOGDIR" || return 1
	for host in $TB_HOSTS; do
		d=$TB_WORK/hosts/$host
		rm -rf "${LOGDIR:?}/$host"
		for f in "$d"/log/* "$d/tcpdump.log"; do
			[ -s "$f" ] || continue
			mkdir -p "$LOGDIR/$host" && cp "$f" "$LOGDIR/$host/"
		done
	done
	cp "$CONSOLE" "$LOGDIR/console.log"
	rm -f "$LOGDIR/timeline.txt"
	if [ -d "$LOGDIR/carol" ]; then
		"$TIMELINE" -c "$LOGDIR/venus/tcpdump.log" "$LOGDIR/carol" \
			>"$LOGDIR/timeline.txt" 2>&1
	fi
}

on_exit()
{
	local rc=$?
	trap '' INT TERM HUP
	if [ "$rc" -gt 128 ]; then
		echo
		echo "interrupted"
		RESULT=interrupted
	fi
	# the test bed is ours only once we hold its lock: while waiting for
	# it, the namespaces are those of another run
	if [ "$(cat "$TB_LOCK/pid" 2>/dev/null)" = "$$" ]; then
		if [ -n "$TB_WORK" ] && [ -d "$TB_WORK" ]; then
			tb_tcpdump_stop venus >/dev/null 2>&1
			if ! save_logs; then
				echo "could not save the logs in $LOGDIR"
			elif [ -f "$LOGDIR/carol/charon.log" ]; then
				echo "logs: $LOGDIR/ (carol/charon.log, carol/traffic.log,"
				echo "      venus/tcpdump.log, console.log, timeline.txt)"
			else
				echo "log: $LOGDIR/console.log"
			fi
		fi
		tb_teardown >/dev/null 2>&1
		tb_unlock
	elif [ -n "$TB_WORK" ]; then
		rm -rf "$TB_WORK"
	fi
	if [ -z "$RESULT" ] && [ "$rc" != 0 ]; then
		echo "FAILED (exit $rc)"
	fi
}

trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo
echo "cluster-failover demo: carol (192.168.0.100) reaches venus ($VENUS)"
echo "through the ordered cluster 'office': moon ($MOON), then sun ($SUN),"
echo "then alice (192.168.0.50); heartbeats after 1 s of silence, 2 tries"
echo "500 ms apart; a failed member is held down for 3 s; carol tries to move"
echo "back to moon every 2 s.  See testing/demo/README.md."
echo

tb_init || exit 1
TB_WORK=$(mktemp -d "${TMPDIR:-/tmp}/cf-testbed.XXXXXX") || exit 1
CONSOLE=$TB_WORK/console.log
: >"$CONSOLE"

echo "setting up the test bed (network namespaces, certificates, charons)"
# functions whose output goes to the console log run in subshells: a
# redirection of a function would also catch the messages of on_exit
(tb_up "$DEMO") >>"$CONSOLE" 2>&1 || fail "test bed setup failed"
# tcpdump prints the UTC time of day, the timeline expects that
(TZ=UTC0 tb_tcpdump_start venus) >>"$CONSOLE" 2>&1 ||
	fail "tcpdump on venus did not start"
for host in moon sun alice carol; do
	run "$host" systemctl start strongswan ||
		fail "charon did not start on $host"
done
for host in moon sun alice; do
	run "$host" expect-connection rw || fail "$host has no connection rw"
done
run carol expect-connection home || fail "carol has no connection home"
echo

# 1. carol connects through the cluster, traffic flows through moon
run carol swanctl --initiate --child home ||
	fail "carol could not connect (swanctl --initiate failed)"
carol_logged "'home' established with member $MOON " ||
	fail "carol did not connect through moon"
run carol traffic start "$VENUS" || fail "could not start the ping"
follow 10 replies_after start 20 ||
	fail "venus does not answer carol's ping through moon"

# 2. moon dies: carol fails over to sun
pid=$(cat "$TB_WORK/hosts/moon/run/charon.pid" 2>/dev/null)
if [ -z "$pid" ] || ! tb_alive "$pid"; then
	fail "moon's charon is not running"
fi
echo "kill-moon $(date +%s.%N)" >>"$TB_WORK/hosts/carol/log/traffic.marks"
kill -KILL "$pid"
clog "$(date +%T.%3N) killed moon's charon ($pid) with SIGKILL"
tb_poll 2 tb_dead "$pid" || fail "moon's charon survived SIGKILL"
rm -f "$TB_WORK/hosts/moon/run/charon.pid"

follow 15 carol_logged "failover of 'home' from $MOON to " ||
	fail "carol did not fail over within 15 s of the kill"
follow 10 replies_after kill-moon 20 ||
	fail "carol failed over, but the ping got no answers afterwards"

# 3. moon comes back: after its hold-down, carol moves back to it
run carol traffic mark restart-moon
run moon systemctl start strongswan || fail "moon's charon did not restart"
run moon expect-connection rw || fail "moon has no connection rw after restart"

follow 15 carol_logged "'home' moved from [^ ]+ to $MOON: " ||
	fail "carol did not move back to moon within 15 s of its restart"
run carol traffic mark moved
follow 5 replies_after moved 25 ||
	fail "carol moved back to moon, but the ping got no answers afterwards"
run carol traffic stop
(tb_tcpdump_stop venus) >>"$CONSOLE" 2>&1
show_timeline

# 4. the result, from the facts of the timeline
declare -A F=()
while IFS='=' read -r key value; do
	F[$key]=$value
done < <("$TIMELINE" -s -c "$TB_WORK/hosts/venus/tcpdump.log" \
	"$TB_WORK/hosts/carol/log")

echo
echo "the plugin's own lines in carol's log:"
sed -n -E "s/^[0-9.]+ [0-9]+\[CFG\] (<[^>]*> )?(cluster 'office': ('home' established|member .* is lost|failover of|'home' moved).*)/  \2/p" \
	"$TB_WORK/hosts/carol/log/charon.log" | awk '!/established/ || !seen++'
echo

[ "${F[failover_to]:-}" = sun ] ||
	fail "carol did not fail over to sun (${F[failover_to]:-no failover})"
[ "${F[resumed_via]:-}" = sun ] ||
	fail "after the kill, venus did not answer through sun" \
		"(${F[resumed_via]:-no answer})"
[ "${F[moved_to]:-}" = moon ] ||
	fail "carol did not move back to moon (${F[moved_to]:-no move})"
[ "${F[last_via]:-}" = moon ] ||
	fail "after the move, venus did not answer through moon" \
		"(${F[last_via]:-no answer})"
[ "${F[move_gap_ms]:-99999}" -le 500 ] ||
	fail "moving back to moon interrupted the ping for" \
		"${F[move_gap_ms]:-?} ms"

echo "OK: moon was killed; carol failed over to sun, the ping saw an outage"
echo "of ${F[outage_ms]} ms; once moon was back, carol moved back to it without"
echo "an outage (longest gap ${F[move_gap_ms]} ms, ${F[move_lost]} pings lost)."
RESULT=ok
