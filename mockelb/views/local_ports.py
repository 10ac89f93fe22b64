"""A load balancer's ports in its backend subnets as the API shows them (LocalPort)."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.local_ports import LocalPort


class LocalPortBody(TypedDict):
    """The LocalPort object of show_load_balancer_ports."""

    port_id: str
    ip_address: str
    # null when the backend subnet has no IPv6
    ipv6_address: str | None
    type: str
    virsubnet_id: str


class ShowLoadBalancerPortsResponse(TypedDict):
    ports: list[LocalPortBody]
    request_id: str


def local_port_view(port: LocalPort) -> LocalPortBody:
    return {
        "port_id": port.port_id,
        "ip_address": port.ip_address,
        "ipv6_address": port.ipv6_address,
        "type": port.type,
        "virsubnet_id": port.virsubnet_id,
    }
