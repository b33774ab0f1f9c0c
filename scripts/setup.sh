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
# Idempotent set-up of a Debian 12 machine for building, installing and
# testing the cluster-failover plugin:
#
#  1. installs the Debian packages the project needs (build tools, check,
#     the stock strongSwan daemon and plugins, test tools, qemu for the
#     kernel-XFRM VM of testing/vm, which fetches its kernel itself);
#  2. fetches Debian's strongswan source package (adding a deb-src entry if
#     the machine has none) and configures it with the configure arguments
#     of its own debian/rules, so that the plugin is compiled against the
#     exact ABI of the installed charon;
#  3. builds, unit-tests (optional) and installs the plugin;
#  4. unpacks libreswan, which the interop scenarios run as gateways (in the
#     VM of testing/vm): Debian's libreswan package conflicts with
#     strongSwan, so it is never installed; "apt-get download" fetches it and
#     "dpkg-deb -x" unpacks it into $CF_CACHE/libreswan/<version>/root (with
#     a link "current"), and only the libraries and tools pluto needs are
#     installed.  No libreswan service is started, ever.
#
# The packages of step 1 include the build dependencies of the Debian
# package (debian/control) and lintian, so that "dpkg-buildpackage -b -us
# -uc" works afterwards (scripts/test-package.sh).
#
# Results are cached in $CF_CACHE (default /var/cache/cluster-failover); a
# second run takes seconds.
#
# Usage: scripts/setup.sh [--no-install]

set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
CF_CACHE=${CF_CACHE:-/var/cache/cluster-failover}
INSTALL=yes

for arg in "$@"; do
	case "$arg" in
	--no-install) INSTALL=no ;;
	*) echo "usage: $0 [--no-install]" >&2; exit 1 ;;
	esac
done

log()
{
	echo "setup: $*"
}

die()
{
	echo "setup: error: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root"
[ -r /etc/debian_version ] || die "this is not a Debian machine"

export DEBIAN_FRONTEND=noninteractive

# dnsmasq-base: the resolver of the dns-members scenario, run inside a test
# namespace; it is the binary only, without the dnsmasq package's system
# service, so nothing is enabled or started on the machine; openssl to
# dns-root-data: what pluto, whack and addconn of libreswan link against and
# the test bed uses to fill their NSS database (certutil, pk12util,
# openssl), the dependencies of Debian's libreswan package that do not
# conflict with strongSwan (libreswan itself is unpacked, never installed)
PACKAGES="build-essential autoconf automake libtool pkg-config check
	dpkg-dev devscripts fakeroot debhelper lintian
	strongswan-charon strongswan-swanctl strongswan-pki
	libcharon-extra-plugins libstrongswan-standard-plugins
	iproute2 iputils-ping iputils-arping tcpdump nftables procps psmisc python3
	dnsmasq-base
	qemu-system-x86 busybox-static cpio kmod prometheus-node-exporter
	openssl libnss3-tools libnss3 libnspr4 libunbound8 libldns3
	libevent-core-2.1-7 libevent-pthreads-2.1-7 libcap-ng0 libaudit1
	libcurl3-nss libldap-2.5-0 dns-root-data"

# services of these packages must not run on the machine: the tests start
# them in namespaces of the test bed (prometheus-node-exporter: the
# scenario cluster-failover/metrics)
NO_SERVICES="prometheus-node-exporter"

# --- 1. packages ------------------------------------------------------------

missing_packages()
{
	local p
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q "install ok installed" || echo "$p"
	done
}

APT_UPDATED=no
apt_update()
{
	if [ $APT_UPDATED = no ]; then
		log "updating package lists"
		apt-get update -qq
		APT_UPDATED=yes
	fi
}

# keep the services of $NO_SERVICES from starting when installed: masked
# for systemd, denied by a policy-rc.d for invoke-rc.d (only while
# installing, and only if the machine has none)
POLICY_RC=/usr/sbin/policy-rc.d
OWN_POLICY=no
hold_services()
{
	local s
	if [ -d /run/systemd/system ]; then
		for s in $NO_SERVICES; do
			systemctl mask -q "$s.service" || true
		done
	fi
	if [ ! -e $POLICY_RC ]; then
		printf '#!/bin/sh\nexit 101\n' > $POLICY_RC
		chmod 755 $POLICY_RC
		OWN_POLICY=yes
		trap 'rm -f $POLICY_RC' EXIT
	fi
}

# stop and disable those services, and check that none is left running in
# the machine's own network namespace (node_exporter listens on :9100)
stop_services()
{
	local s
	if [ $OWN_POLICY = yes ]; then
		rm -f $POLICY_RC
		trap - EXIT
	fi
	for s in $NO_SERVICES; do
		if [ -d /run/systemd/system ]; then
			systemctl disable -q --now "$s.service" 2>/dev/null || true
			systemctl mask -q "$s.service" || true
		elif [ -x "/etc/init.d/$s" ]; then
			"/etc/init.d/$s" stop >/dev/null 2>&1 || true
			update-rc.d "$s" disable >/dev/null 2>&1 || true
		fi
	done
	if ss -Hltnp 'sport = :9100' 2>/dev/null |
		grep -qE 'prometheus-node|node_exporter'; then
		die "prometheus-node-exporter listens on :9100 on this machine;" \
			"stop it (the tests run their own in a namespace)"
	fi
}

missing=$(missing_packages)
# shellcheck disable=SC2086
if [ -n "$missing" ]; then
	apt_update
	log "installing" $missing
	hold_services
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
stop_services

# --- 2. strongSwan source, configured like Debian's build --------------------

# version of the installed daemon, e.g. 5.9.8-5+deb12u6
CHARON_VERSION=$(dpkg-query -W -f='${Version}' strongswan-charon)
UPSTREAM=${CHARON_VERSION%%-*}
case "$UPSTREAM" in
5.9.*) ;;
*) die "installed strongswan-charon is $CHARON_VERSION, need 5.9.x" ;;
esac

have_deb_src()
{
	grep -rqsE '^[[:space:]]*(deb-src|Types:.*deb-src)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/
}

add_deb_src()
{
	local f=/etc/apt/sources.list.d/cluster-failover-deb-src.sources
	log "adding deb-src entries in $f"
	# mirror the machine's own deb entries, as deb-src
	if [ -r /etc/apt/sources.list.d/debian.sources ]; then
		sed -n 's/^Types:.*deb\b.*/Types: deb-src/p;/^URIs:/p;/^Suites:/p;/^Components:/p;/^Signed-By:/p;/^$/p' \
			/etc/apt/sources.list.d/debian.sources > "$f"
	else
		grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list \
			/etc/apt/sources.list.d/*.list 2>/dev/null |
			sed 's/^[[:space:]]*deb[[:space:]]/deb-src /' |
			sed 's/^deb-src/deb-src/' > \
			/etc/apt/sources.list.d/cluster-failover-deb-src.list
		rm -f "$f"
	fi
	APT_UPDATED=no
}

SRCDIR=$CF_CACHE/strongswan-$UPSTREAM
STAMP=$CF_CACHE/strongswan-$UPSTREAM.configured

mkdir -p "$CF_CACHE"
if [ ! -f "$STAMP" ] || [ ! -f "$SRCDIR/config.h" ]; then
	have_deb_src || add_deb_src
	apt_update

	# the source versions the mirror lists for this upstream version,
	# newest first, with the installed binaries' own version in front
	SRCVERS=$(apt-cache showsrc strongswan 2>/dev/null |
		sed -n 's/^Version: //p' | grep "^$UPSTREAM-" | sort -V -r -u)
	[ -n "$SRCVERS" ] || die "no strongswan $UPSTREAM source package listed"
	# shellcheck disable=SC2086
	SRCVERS=$(printf '%s\n' "$CHARON_VERSION" $SRCVERS | awk '!seen[$0]++')

	rm -rf "$SRCDIR" "$CF_CACHE/src"
	mkdir -p "$CF_CACHE/src"
	chown _apt "$CF_CACHE/src" 2>/dev/null || true
	# the mirror may lack the newest security upload's source files: take
	# the newest source of the same upstream version that it does have
	SRCVER=
	for v in $SRCVERS; do
		if (cd "$CF_CACHE/src" &&
		    apt-get source -qq --download-only "strongswan=$v") \
		    >/dev/null 2>&1; then
			SRCVER=$v
			break
		fi
		log "source $v is not on the mirror"
	done
	[ -n "$SRCVER" ] || die "could not fetch any strongswan $UPSTREAM source"
	log "installed strongswan-charon $CHARON_VERSION, using source $SRCVER"
	(cd "$CF_CACHE/src" && dpkg-source -x --no-check strongswan_*.dsc \
		>/dev/null) || die "unpacking the strongswan source failed"
	mv "$CF_CACHE/src/strongswan-$UPSTREAM" "$SRCDIR"
	rm -rf "$CF_CACHE/src"

	log "installing strongswan's build dependencies"
	apt-get build-dep -y -qq "strongswan=$SRCVER" >/dev/null

	# run Debian's own configure step: dh_auto_configure with the
	# CONFIGUREARGS of debian/rules, exactly as the package was built
	log "configuring $SRCDIR as debian/rules does"
	(cd "$SRCDIR" && fakeroot debian/rules override_dh_auto_configure \
		> "$CF_CACHE/configure.log" 2>&1) ||
		die "configure failed, see $CF_CACHE/configure.log"
	echo "$SRCVER" > "$STAMP"
fi

# the headers must be those of the running daemon's upstream version
grep -q "PACKAGE_VERSION \"$UPSTREAM\"" "$SRCDIR/config.h" ||
	die "$SRCDIR/config.h is not strongSwan $UPSTREAM"
log "strongSwan source $(cat "$STAMP") configured in $SRCDIR"

# --- 3. the plugin ----------------------------------------------------------

cd "$TOP"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	log "bootstrapping the build system"
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
if [ ! -f Makefile ] || ! grep -q "^STRONGSWAN_SOURCE = $SRCDIR\$" Makefile; then
	log "configuring the plugin"
	./configure -q --prefix=/usr --sysconfdir=/etc \
		--with-strongswan-source="$SRCDIR"
fi
log "building the plugin"
make -s -j"$(nproc)" >/dev/null
if [ $INSTALL = yes ]; then
	make -s install >/dev/null
	log "plugin installed"
fi

# --- 4. libreswan, unpacked, not installed -----------------------------------

LSVER=$(apt-cache show libreswan 2>/dev/null | sed -n 's/^Version: //p' |
	sort -V -r | head -n 1)
if [ -z "$LSVER" ]; then
	apt_update
	LSVER=$(apt-cache show libreswan 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V -r | head -n 1)
fi
[ -n "$LSVER" ] || die "no libreswan package listed"
LSDIR=$CF_CACHE/libreswan/$LSVER
if [ ! -x "$LSDIR/root/usr/libexec/ipsec/pluto" ]; then
	log "fetching libreswan $LSVER (unpacked, not installed)"
	mkdir -p "$CF_CACHE/libreswan"
	dl=$(mktemp -d "$CF_CACHE/libreswan/download.XXXXXX")
	chmod 755 "$dl"
	chown _apt "$dl" 2>/dev/null || true
	if ! (cd "$dl" && apt-get download -qq "libreswan=$LSVER") \
		>/dev/null 2>&1; then
		apt_update
		(cd "$dl" && apt-get download -qq "libreswan=$LSVER") >/dev/null ||
			{ rm -rf "$dl"; die "cannot download libreswan $LSVER"; }
	fi
	rm -rf "$LSDIR"
	mkdir -p "$LSDIR"
	dpkg-deb -x "$dl"/libreswan_*.deb "$LSDIR/root" ||
		{ rm -rf "$dl"; die "cannot unpack libreswan $LSVER"; }
	rm -rf "$dl"
fi
ln -sfn "$LSVER" "$CF_CACHE/libreswan/current"
if LD_TRACE_LOADED_OBJECTS=1 "$LSDIR/root/usr/libexec/ipsec/pluto" |
	grep "not found" >&2; then
	die "libraries of libreswan's pluto are missing"
fi
log "libreswan $LSVER unpacked in $LSDIR/root"
