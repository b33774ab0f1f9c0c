#!/bin/sh
#
# updown script of a cluster member (issue 16): when a CHILD_SA to a client
# comes up here, tell the LAN at once that this member now serves the
# client's address, instead of letting the LAN hosts find out when their
# ARP entry of the dead member expires (15-45 s, then 5-8 s of probes).
#
# - A client address in the LAN's subnet (a road warrior's virtual IP taken
#   from it): send a gratuitous ARP from this member's LAN interface; the
#   farp plugin answers the ARP requests that follow. Needs arping
#   (iputils-arping) and net.ipv4.ip_nonlocal_bind = 1.
# Nothing is done on down-client: the next member announces itself.
#
# Called by charon's updown plugin with PLUTO_* in the environment; never
# blocks charon: everything runs in the background.

case "$PLUTO_VERB" in
up-client|up-client-v6)
	;;
*)
	exit 0
	;;
esac

# the LAN interface: the one of the local traffic selector's network
lan=${PLUTO_MY_CLIENT%/*}
iface=$(ip -o route get "$lan" 2>/dev/null |
	sed -n 's/.* dev \([^ ]*\).*/\1/p')
[ -n "$iface" ] || exit 0

case "$PLUTO_PEER_CLIENT" in
*/32)
	addr=${PLUTO_PEER_CLIENT%/32}
	# a gratuitous ARP request and reply, twice, from the client's address
	( arping -q -U -c 2 -I "$iface" -s "$addr" "$addr"
	  arping -q -A -c 1 -I "$iface" -s "$addr" "$addr" ) \
		>/dev/null 2>&1 &
	;;
*)
	# IPv6: not handled yet, see README; a branch's subnet needs
	# nothing here: the LAN routes it via the branch's own address (the
	# /32 above), which this announces
	;;
esac
exit 0
