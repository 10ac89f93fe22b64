"""A load balancer's ports in its backend subnets: what services/local_ports derives and
views/local_ports shows."""

from __future__ import annotations

from dataclasses import dataclass

# the LocalPort types: health checks of L4 DNAT forwarding, L4 full-NAT forwarding (and
# its health checks), L7 forwarding (and its health checks); a zone's ports in this order
L4_HEALTH_CHECK, L4_FULLNAT, L7 = "l4_hc", "l4", "l7"


@dataclass(frozen=True)
class LocalPort:
    port_id: str
    ip_address: str
    # None when the backend subnet has no IPv6
    ipv6_address: str | None
    type: str
    virsubnet_id: str
