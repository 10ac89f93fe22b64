"""count_preoccupy_ip_num: how many subnet IP addresses a load balancer would newly take.

Huawei's subnet planning guide for dedicated load balancers ("Planning Subnets for
Dedicated Load Balancers" and the FAQ "Why Multiple IP Addresses Are Required") gives what
a load balancer takes, per IP version:

- its VIP: 1 address in the frontend subnet;
- per AZ: 1 for layer-4 health checks, and 4 more for layer-4 forwarding once IP as a
  backend (ip_target_enable) is on;
- 20 for layer-7 forwarding (and layer-7 health checks, which reuse them), not per AZ;
  TLS listeners count as layer 7 here;
- twice as many for an IPv4/IPv6 dual-stack load balancer.

So one AZ takes 2 addresses and 6 with IP as a backend, as the FAQ says. The API pages'
own examples (20, 2, 6) come from an older algorithm and do not fit this table; mockelb
follows the table. What the reference leaves open, and mockelb's choices:

- the layer-7 addresses are taken by a load balancer's first layer-7 listener; a count
  that names an L7 flavor (create, or a flavor change) reserves them ahead when no layer-7
  listener holds them yet ("the count is at least what is finally taken");
- a change to another L7 flavor takes no more addresses (the table's 20 does not depend
  on the flavor);
- nat64_enable: translating IPv6 clients to IPv4 backends needs the per-AZ layer-4
  forwarding addresses that IP as a backend uses (4 per AZ, none if it is on already);
- scene UPGRADE: a shared load balancer keeps its VIP; it newly takes the per-AZ health
  check addresses for its AZs and the layer-7 ones if it has a layer-7 listener;
- with loadbalancer_id, availability_zone_id and ip_version are ignored (they describe a
  new load balancer: "传入loadbalancer_id时，该参数无效");
- scene and nat64_enable each stand for their own scenario: another change named with
  them is a 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.models import Listener, LoadBalancer
from mockelb.services.availability_zones import check_availability_zones
from mockelb.services.loadbalancers import check_flavor, show_load_balancer

VIP_ADDRESSES = 1
HEALTH_CHECK_ADDRESSES_PER_AZ = 1
IP_TARGET_ADDRESSES_PER_AZ = 4
LAYER7_ADDRESSES = 20
# the listener protocols whose traffic the layer-7 addresses carry
LAYER7_ADDRESS_PROTOCOLS = frozenset({"HTTP", "HTTPS", "TERMINATED_HTTPS", "QUIC", "TLS"})
UPGRADE = "UPGRADE"


@dataclass(frozen=True, slots=True)
class PreoccupyQuery:
    """The query of count_preoccupy_ip_num (CountPreoccupyIpNumRequest)."""

    l7_flavor_id: str | None = None
    ip_target_enable: bool | None = None
    ip_version: int | None = None
    loadbalancer_id: str | None = None
    availability_zone_id: Sequence[str] = ()
    scene: str | None = None
    nat64_enable: bool | None = None


def count_preoccupy_ip_num(session: Session, *, project_id: str, query: PreoccupyQuery) -> int:
    """The IP addresses a new load balancer, or a change of one, would newly take."""
    if query.ip_version is not None and query.ip_version not in (4, 6):
        raise InvalidInput(field="ip_version", reason="it must be 4 or 6.")
    if query.scene is not None and query.scene != UPGRADE:
        raise InvalidInput(field="scene", reason=f"it must be {UPGRADE}.")
    if query.loadbalancer_id is None:
        return _for_new_load_balancer(session, project_id, query)
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=query.loadbalancer_id)
    if query.scene is not None:
        _check_alone(query, "scene")
        return _for_upgrade(session, lb)
    if query.nat64_enable is not None:
        _check_alone(query, "nat64_enable")
        return _for_nat64(lb, query.nat64_enable)
    return _for_change(session, project_id, lb, query)


def _for_new_load_balancer(session: Session, project_id: str, query: PreoccupyQuery) -> int:
    if query.scene is not None:
        raise InvalidInput(field="scene", reason="it needs loadbalancer_id.")
    if not query.availability_zone_id:
        raise InvalidInput(
            field="availability_zone_id",
            reason="it is required to count for a new load balancer (or give loadbalancer_id).",
        )
    zones = check_availability_zones(
        session, query.availability_zone_id, field="availability_zone_id"
    )
    if query.l7_flavor_id is not None:
        check_flavor(session, project_id, "l7_flavor_id", query.l7_flavor_id, current=None)
    per_az = HEALTH_CHECK_ADDRESSES_PER_AZ
    if query.ip_target_enable or query.nat64_enable:
        per_az += IP_TARGET_ADDRESSES_PER_AZ
    total = VIP_ADDRESSES + len(zones) * per_az
    if query.l7_flavor_id is not None:
        total += LAYER7_ADDRESSES
    return total * _versions(dual_stack=query.ip_version == 6)


def _for_upgrade(session: Session, lb: LoadBalancer) -> int:
    if lb.guaranteed:
        raise InvalidInput(
            field="scene",
            reason=f"load balancer {lb.id} is dedicated already; only a shared one is upgraded.",
        )
    total = _zone_count(lb) * HEALTH_CHECK_ADDRESSES_PER_AZ
    if _has_layer7_listener(session, lb):
        total += LAYER7_ADDRESSES
    return total * _versions(dual_stack=lb.ipv6_vip_address is not None)


def _for_nat64(lb: LoadBalancer, enable: bool) -> int:
    if not enable or lb.ip_target_enable:
        return 0
    return _zone_count(lb) * IP_TARGET_ADDRESSES_PER_AZ * _lb_versions(lb)


def _for_change(session: Session, project_id: str, lb: LoadBalancer, query: PreoccupyQuery) -> int:
    """A flavor change and/or IP as a backend; neither: the first layer-7 listener."""
    total = 0
    if query.l7_flavor_id is not None:
        check_flavor(
            session, project_id, "l7_flavor_id", query.l7_flavor_id, current=lb.l7_flavor_id
        )
    if query.ip_target_enable and not lb.ip_target_enable:
        total += _zone_count(lb) * IP_TARGET_ADDRESSES_PER_AZ
    wants_layer7 = query.l7_flavor_id is not None or not query.ip_target_enable
    if wants_layer7 and not _has_layer7_listener(session, lb):
        total += LAYER7_ADDRESSES
    return total * _lb_versions(lb)


def _check_alone(query: PreoccupyQuery, scenario: str) -> None:
    others = {
        "scene": query.scene,
        "nat64_enable": query.nat64_enable,
        "l7_flavor_id": query.l7_flavor_id,
        "ip_target_enable": query.ip_target_enable,
    }
    del others[scenario]
    for name, value in others.items():
        if value is not None:
            raise InvalidInput(field=name, reason=f"it cannot be counted together with {scenario}.")


def _has_layer7_listener(session: Session, lb: LoadBalancer) -> bool:
    return (
        session.scalar(
            select(Listener.id)
            .where(
                Listener.loadbalancer_id == lb.id,
                Listener.protocol.in_(LAYER7_ADDRESS_PROTOCOLS),
            )
            .limit(1)
        )
        is not None
    )


def _zone_count(lb: LoadBalancer) -> int:
    # a load balancer runs in one AZ at least
    return max(1, len(lb.availability_zone_list))


def _lb_versions(lb: LoadBalancer) -> int:
    return _versions(dual_stack=lb.ipv6_vip_address is not None)


def _versions(*, dual_stack: bool) -> int:
    """A dual-stack load balancer takes every address twice (IPv4 and IPv6)."""
    return 2 if dual_stack else 1
