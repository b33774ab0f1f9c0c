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
# The demo: sets the machine up and plays the baseline scenario (carol
# connects to moon through the stock charon with the plugin loaded, and
# sends ESP to venus), printing each step.

set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)

"$TOP/scripts/setup.sh" || exit 1
CF_VERBOSE=1 exec "$TOP/testing/run" cluster-failover/baseline
