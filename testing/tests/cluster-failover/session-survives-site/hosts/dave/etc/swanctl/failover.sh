#!/bin/sh
# called by the cluster-failover plugin on each failover and move
{
	echo "EVENT=$EVENT CLUSTER=$CLUSTER CONNECTION=$CONNECTION FROM=$FROM" \
		"TO=$TO CAUSE=$CAUSE DETECT_MS=$DETECT_MS REHOME_MS=$REHOME_MS" \
		"VIP_KEPT=${VIP_KEPT-unset}"
} >> /var/log/failover.env
