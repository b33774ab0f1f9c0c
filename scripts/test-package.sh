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
# Builds the Debian package and tests it:
#
#  1. prepares the machine (scripts/setup.sh --no-install: build
#     dependencies, the configured strongSwan tree), copies the source
#     files of this tree (those git knows, committed or not, else all) to a
#     temporary directory and runs "dpkg-buildpackage -b -us -uc" there, so
#     that neither this tree's build nor its parent directory is touched;
#  2. runs lintian on the result, which must report no error;
#  3. in the VM of testing/vm (the host's file system under a throwaway
#     overlay, the host is unaffected): removes a plugin installed by
#     "make install", installs the package with apt, checks its files, starts
#     the stock charon in a network namespace of its own and checks that it
#     loaded the plugin, reinstalls it over a changed conffile (the change
#     stays), removes the package (the conffile stays), purges it (nothing
#     stays).
#
# Exits non-zero on any failure.
#
# Usage: scripts/test-package.sh [--no-vm] [--keep DIR]
#	--no-vm     build and lintian only
#	--keep DIR  copy the .deb, .buildinfo and .changes to DIR
#
# (scripts/test-package.sh --in-vm DEB runs step 3 inside the VM.)

set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKG=strongswan-plugin-cluster-failover
PLUGIN=/usr/lib/ipsec/plugins/libstrongswan-cluster-failover.so
CONF=/etc/strongswan.d/charon/cluster-failover.conf
STATUS=/usr/sbin/cluster-failover-status
DOC=/usr/share/doc/$PKG
VM=yes
KEEP=
IN_VM=
WORK=

log()
{
	echo "test-package: $*"
}

die()
{
	echo "test-package: error: $*" >&2
	exit 1
}

usage()
{
	echo "usage: $0 [--no-vm] [--keep DIR]" >&2
	exit 2
}

# --- in the VM ----------------------------------------------------------------

# files of the package present on the system, one a line
present()
{
	local f
	for f in "$PLUGIN" "$CONF" "$STATUS" "$DOC"; do
		if [ -e "$f" ]; then
			echo "$f"
		fi
	done
}

# start the stock charon in a network namespace of its own and check that
# it loaded the plugin
check_charon()
{
	# shellcheck disable=SC2016
	unshare -n bash -c '
		set -eu
		ip link set lo up
		/usr/lib/ipsec/charon >/run/cf-package-charon.log 2>&1 &
		pid=$!
		trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
		for _ in $(seq 300); do
			[ -S /run/charon.vici ] && break
			sleep 0.2
		done
		swanctl --stats >/run/cf-package-stats.txt 2>/dev/null
		kill -0 "$pid"
	' || { cat /run/cf-package-charon.log >&2 || true; die "charon failed"; }
	grep "loaded plugins" /run/cf-package-stats.txt
	grep -q "^loaded plugins: .*\bcluster-failover\b" \
		/run/cf-package-stats.txt ||
		die "charon did not load the plugin"
	if grep "cluster-failover: built for" /run/cf-package-charon.log; then
		die "the version guard refused the plugin"
	fi
}

in_vm()
{
	local deb=$1 rest conffiles

	[ -f "$deb" ] || die "no package $deb"
	# a machine with Debian's strongswan only: drop what "make install"
	# put there (in the VM's overlay, not on the host)
	rm -f "$PLUGIN" "$CONF" "$STATUS"

	log "apt install $deb"
	apt-get install -y -q --no-install-recommends "$deb" ||
		die "apt install failed"
	rest=$(dpkg-query -W -f='${Status}' "$PKG")
	[ "$rest" = "install ok installed" ] || die "status '$rest'"
	for f in "$PLUGIN" "$CONF" "$STATUS" "$DOC/README.md.gz" \
		"$DOC/cluster-failover.opt" "$DOC/examples/swanctl.conf" \
		"$DOC/examples/cluster-failover.conf" "$DOC/copyright"; do
		[ -e "$f" ] || [ -e "$f.gz" ] || die "$f not installed"
	done
	conffiles=$(dpkg-query -W -f='${Conffiles}' "$PKG")
	echo "$conffiles" | grep -q "^ $CONF " || die "$CONF is no conffile"
	log "installed, $CONF is a conffile"

	check_charon
	log "the stock charon loads the plugin"

	# an upgrade (here: the same version again) keeps the administrator's
	# changes to the conffile
	echo "# local change" >>"$CONF"
	log "apt reinstall over a changed conffile"
	apt-get install -y -q --no-install-recommends --reinstall "$deb" ||
		die "apt reinstall failed"
	grep -q "^# local change" "$CONF" || die "the change of $CONF is lost"
	log "reinstalled, the changed conffile is kept"

	log "apt remove"
	apt-get remove -y -q "$PKG" || die "apt remove failed"
	rest=$(present)
	[ "$rest" = "$CONF" ] ||
		die "after remove, present: ${rest:-nothing}, expected $CONF"
	rest=$(dpkg-query -W -f='${Status}' "$PKG")
	[ "$rest" = "deinstall ok config-files" ] || die "status '$rest'"
	log "removed, the conffile stays"

	log "apt purge"
	apt-get purge -y -q "$PKG" || die "apt purge failed"
	rest=$(present)
	[ -z "$rest" ] || die "after purge, present: $rest"
	if dpkg-query -W "$PKG" >/dev/null 2>&1; then
		die "$PKG still known to dpkg after purge"
	fi
	log "purged, nothing left"
	log "PASS"
}

# --- on the host --------------------------------------------------------------

cleanup()
{
	if [ -n "$WORK" ]; then
		rm -rf "$WORK"
	fi
}

# copy the source files of $TOP to $1
copy_sources()
{
	local dest=$1
	mkdir -p "$dest"
	if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		# shellcheck disable=SC2016
		(cd "$TOP" && git ls-files -z --cached --others --exclude-standard |
			xargs -0 -r sh -c 'for f; do [ -e "$f" ] && echo "$f"; done' sh |
			tar -c -T - -f -) | tar -x -C "$dest"
	else
		cp -a "$TOP/." "$dest/"
	fi
}

build()
{
	local t0 rc=0
	t0=$(date +%s)
	"$TOP/scripts/setup.sh" --no-install

	WORK=$(mktemp -d /var/tmp/cf-package.XXXXXX)
	chmod 755 "$WORK"
	copy_sources "$WORK/src"
	log "dpkg-buildpackage -b -us -uc in $WORK/src"
	(cd "$WORK/src" && dpkg-buildpackage -b -us -uc) \
		>"$WORK/build.log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		tail -n 40 "$WORK/build.log" >&2
		die "dpkg-buildpackage failed"
	fi
	DEB=$(ls "$WORK"/${PKG}_*.deb)
	# dh_auto_test's make check (unless DEB_BUILD_OPTIONS has nocheck)
	grep -E "^(PASS|FAIL|ERROR|SKIP): " "$WORK/build.log" || true
	grep "^debian/rules: strongSwan source" "$WORK/build.log" || true
	log "built $(basename "$DEB") in $(( $(date +%s) - t0 )) s"
	dpkg-deb -f "$DEB" Version Depends Recommends
	dpkg-deb -c "$DEB" | awk '{ print $6 }'

	log "lintian"
	lintian --info --display-info "$WORK"/${PKG}_*.changes ||
		die "lintian reported errors"
	log "lintian: no errors"

	if [ -n "$KEEP" ]; then
		mkdir -p "$KEEP"
		cp "$WORK"/${PKG}*_*.deb "$WORK"/${PKG}_*.buildinfo \
			"$WORK"/${PKG}_*.changes "$WORK/build.log" "$KEEP/"
		log "package in $KEEP"
	fi
}

while [ $# -gt 0 ]; do
	case "$1" in
	--no-vm) VM=no; shift ;;
	--keep) [ $# -ge 2 ] || usage; KEEP=$(realpath -m "$2"); shift 2 ;;
	--in-vm) [ $# -ge 2 ] || usage; IN_VM=$2; shift 2 ;;
	*) usage ;;
	esac
done

[ "$(id -u)" = 0 ] || die "must run as root"
export DEBIAN_FRONTEND=noninteractive

if [ -n "$IN_VM" ]; then
	in_vm "$IN_VM"
	exit 0
fi

trap cleanup EXIT
T0=$(date +%s)
build
if [ $VM = yes ]; then
	log "installing, loading and removing in the VM"
	"$TOP/testing/vm/run" --timeout 1200 --exec \
		scripts/test-package.sh --in-vm "$DEB" ||
		die "the package test in the VM failed"
fi
log "PASS in $(( $(date +%s) - T0 )) s"
