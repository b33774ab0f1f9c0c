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
# Runs all tests: sets the machine up (scripts/setup.sh), runs the unit
# tests and the in-process exchange tests (make check), plays every scenario
# under testing/tests against the stock charon with the freshly installed
# plugin (kernel-libipsec on this machine's kernel), plays the scenarios of
# testing/vm/ci-scenarios again on kernel XFRM in the VM of testing/vm,
# builds and tests the Debian package (scripts/test-package.sh: lintian, and
# install, load, remove and purge in the VM), and runs the quick soak
# (testing/soak/run --quick: 9 failovers with one client, 9 with ten).
#
# Usage: scripts/test.sh [scenario ...]   (default: all scenarios, the VM
#                                          pass, the package and the quick
#                                          soak; with scenarios given, only
#                                          those, natively)

set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1

"$TOP/scripts/setup.sh" || exit 1

echo "=== unit tests"
unit=0
make -s check >/dev/null 2>&1 || unit=1
# show the reports of both test programs: check's of every unit suite, and
# strongSwan's test runner's of the in-process exchanges
for log in cluster_failover_tests cluster_failover_exchange_tests; do
	cat src/libcharon/plugins/cluster_failover/$log.log
done
if [ $unit -ne 0 ]; then
	echo "unit tests FAILED"
fi

echo "=== scenarios"
"$TOP/testing/run" "$@"
scenarios=$?

vm=0
package=0
soak=0
if [ $# -eq 0 ]; then
	echo "=== scenarios on kernel XFRM (VM, testing/vm/ci-scenarios)"
	"$TOP/testing/vm/run" --ci
	vm=$?
	echo "=== Debian package (scripts/test-package.sh)"
	"$TOP/scripts/test-package.sh"
	package=$?
	echo "=== soak (quick)"
	"$TOP/testing/soak/run" --quick
	soak=$?
fi

[ $unit -eq 0 ] && [ $scenarios -eq 0 ] && [ $vm -eq 0 ] &&
	[ $package -eq 0 ] && [ $soak -eq 0 ]
