"""The ports a load balancer holds in its backend (downstream) subnets, as
show_load_balancer_ports lists them: the addresses it forwards and health-checks from.

mockelb has no data plane: the ports are derived from the load balancer's state whenever
they are asked for, never stored. The rule (mockelb's choice, the reference gives none):

* one port per backend subnet (elb_virsubnet_ids, in their order), per availability
  zone (availability_zone_list, in its order), per kind of forwarding the flavors give:
  an L4 flavor takes an `l4_hc` port (health checks of DNAT forwarding) and, with
  ip_target_enable (backends reached by full NAT), an `l4` port; an L7 flavor takes an
  `l7` port. A load balancer with no flavor forwards at both layers (it takes every
  listener protocol) and has the ports of both;
* the addresses are taken from the top of the subnet downwards (VIPs are taken from the
  bottom), skipping the gateway, every VIP, every cloud-server NIC and every member address
  in the subnet; the load balancers of a subnet take theirs in the order they were
  created, so a port keeps its address while the older load balancers of its subnet stay;
  a dual-stack subnet gives each port an IPv6 address too, the same way;
* a port's id is a UUID derived from the load balancer, subnet, zone and kind: the same
  on every run and every server.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.domain.local_ports import L4_FULLNAT, L4_HEALTH_CHECK, L7, LocalPort
from mockelb.models import EcsNic, LoadBalancer, Member, Subnet
from mockelb.services.loadbalancers import show_load_balancer

# ShowLoadBalancerPortsRequest's filters (each may repeat)
FILTER_KEYS = ("port_id", "ip_address", "ipv6_address", "type", "virsubnet_id")
_PORT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "mockelb:local-ports")


@dataclass(frozen=True)
class _Slot:
    """A port before its addresses: where it is and what it is for."""

    lb_id: str
    network_id: str
    zone: str
    type: str


def show_load_balancer_ports(
    session: Session, *, project_id: str, loadbalancer_id: str, query: Iterable[tuple[str, str]]
) -> list[LocalPort]:
    """The load balancer's ports that match every filter of the query (repeated keys add
    values; other keys are ignored)."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    filters: dict[str, set[str]] = {}
    for key, value in query:
        if key in FILTER_KEYS:
            filters.setdefault(key, set()).add(_canonical(key, value))
    return [
        port
        for port in local_ports_of(session, lb)
        if all(
            _canonical(key, getattr(port, key) or "") in wanted for key, wanted in filters.items()
        )
    ]


def local_ports_of(session: Session, lb: LoadBalancer) -> list[LocalPort]:
    """Every port of the load balancer, in subnet, zone and kind order."""
    ports: list[LocalPort] = []
    for network_id in lb.elb_virsubnet_ids:
        subnet = session.scalar(select(Subnet).where(Subnet.neutron_network_id == network_id))
        if subnet is None:
            continue
        addresses = _subnet_addresses(session, subnet)
        for slot in _slots(lb, network_id):
            ipv4, ipv6 = addresses[slot]
            port_id = str(
                uuid.uuid5(_PORT_NAMESPACE, f"{lb.id}/{network_id}/{slot.zone}/{slot.type}")
            )
            ports.append(LocalPort(port_id, ipv4, ipv6, slot.type, network_id))
    return ports


def port_types(lb: LoadBalancer) -> list[str]:
    """The kinds of port the load balancer's flavors need (see the module's docstring)."""
    layer4 = lb.l4_flavor_id is not None or lb.l7_flavor_id is None
    layer7 = lb.l7_flavor_id is not None or lb.l4_flavor_id is None
    kinds = []
    if layer4:
        kinds.append(L4_HEALTH_CHECK)
        if lb.ip_target_enable:
            kinds.append(L4_FULLNAT)
    if layer7:
        kinds.append(L7)
    return kinds


def _slots(lb: LoadBalancer, network_id: str) -> list[_Slot]:
    zones = list(lb.availability_zone_list) or [""]
    return [_Slot(lb.id, network_id, zone, kind) for zone in zones for kind in port_types(lb)]


def _subnet_addresses(session: Session, subnet: Subnet) -> dict[_Slot, tuple[str, str | None]]:
    """The addresses of every port of every load balancer in the subnet."""
    lbs = session.scalars(
        select(LoadBalancer)
        .where(LoadBalancer.vpc_id == subnet.vpc_id)
        .order_by(LoadBalancer.created_at, LoadBalancer.id)
    )
    slots = [
        slot
        for lb in lbs
        if subnet.neutron_network_id in lb.elb_virsubnet_ids
        for slot in _slots(lb, subnet.neutron_network_id)
    ]
    used = _used_addresses(session, subnet)
    ipv4 = _free_from_top(subnet.cidr, used)
    ipv6 = _free_from_top(subnet.cidr_v6, used) if subnet.ipv6_enable and subnet.cidr_v6 else None
    return {slot: (next(ipv4, ""), next(ipv6, None) if ipv6 else None) for slot in slots}


def _used_addresses(session: Session, subnet: Subnet) -> set[str]:
    """What the subnet's addresses are already used for: its gateways, the VIPs, the
    cloud servers' NICs and the members in it."""
    used: set[str | None] = {subnet.gateway_ip, subnet.gateway_ip_v6}
    for row in session.execute(select(LoadBalancer.vip_address, LoadBalancer.ipv6_vip_address)):
        used.update(row)
    for row in session.execute(
        select(EcsNic.ip_address, EcsNic.ipv6_address).where(EcsNic.subnet_id == subnet.id)
    ):
        used.update(row)
    subnet_ids = [
        subnet_id
        for subnet_id in (
            subnet.neutron_subnet_id,
            subnet.neutron_subnet_id_v6,
            subnet.neutron_network_id,
        )
        if subnet_id
    ]
    used.update(
        session.scalars(select(Member.address).where(Member.subnet_cidr_id.in_(subnet_ids)))
    )
    return {_canonical("ip_address", address) for address in used if address}


def _free_from_top(cidr: str, used: set[str]) -> Iterator[str]:
    """The subnet's host addresses from the highest down, without those in use (an IPv4
    subnet's broadcast address is no host)."""
    network = ipaddress.ip_network(cidr, strict=False)
    top = int(network.broadcast_address) - (1 if network.version == 4 else 0)
    bottom = int(network.network_address) + 1
    for value in range(top, bottom - 1, -1):
        address = str(ipaddress.ip_address(value))
        if address not in used:
            yield address


def _canonical(key: str, value: str) -> str:
    """IP addresses compare in their canonical form (an IPv6 address has several)."""
    if key in ("ip_address", "ipv6_address"):
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            return value
    return value
