"""VPCs and subnets: read-only, declared by seed files."""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Sequence

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from mockelb.models import EcsNic, LoadBalancer, Subnet, Vpc
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project


def show_vpc(session: Session, *, project_id: str, vpc_id: str) -> Vpc:
    """Return the VPC, or raise NotFound."""
    return get_in_project(session, Vpc, kind="vpc", resource_id=vpc_id, project_id=project_id)


# the VPC API (v1) pages forward only: marker and limit, no page_reverse
VPC_LIST = ListSpec(Vpc, keys=frozenset({"id", "enterprise_project_id"}))


def list_vpcs(session: Session, *, project_id: str, query: ListQuery) -> Sequence[Vpc]:
    """The project's VPCs in id order, after the marker."""
    scope = select(Vpc).where(Vpc.project_id == project_id)
    return list_page(session, VPC_LIST, scope, query, marker_in_page_set=True).items


def show_subnet(session: Session, *, project_id: str, subnet_id: str) -> Subnet:
    """Return the subnet by its VPC-API id, or raise NotFound."""
    return get_in_project(
        session, Subnet, kind="subnet", resource_id=subnet_id, project_id=project_id
    )


SUBNET_LIST = ListSpec(Subnet, keys=frozenset({"vpc_id"}))


def list_subnets(session: Session, *, project_id: str, query: ListQuery) -> Sequence[Subnet]:
    """The project's subnets in id order, after the marker, optionally of one VPC."""
    scope = select(Subnet).where(Subnet.project_id == project_id)
    return list_page(session, SUBNET_LIST, scope, query, marker_in_page_set=True).items


# built once (batch-add asks it on every call): expanding parameters keep it in the cache
_SUBNETS_BY_CIDR_ID = select(Subnet).where(
    Subnet.project_id == bindparam("project_id"),
    or_(
        Subnet.neutron_subnet_id.in_(bindparam("ids", expanding=True)),
        Subnet.neutron_network_id.in_(bindparam("ids", expanding=True))
        & Subnet.ipv6_enable.is_(True),
    ),
)


def find_subnets_by_cidr_id(
    session: Session, *, project_id: str, ids: Collection[str]
) -> dict[str, tuple[Subnet, int]]:
    """Map ELB subnet ids to (subnet, IP version) with one query.

    An IPv4 subnet is named by its neutron_subnet_id; the IPv6 side of a dual-stack
    subnet by its neutron_network_id. A subnet without IPv6 has no IPv6 side to name.
    """
    if not ids:
        return {}
    found: dict[str, tuple[Subnet, int]] = {}
    parameters = {"project_id": project_id, "ids": sorted(ids)}
    for subnet in session.scalars(_SUBNETS_BY_CIDR_ID, parameters):
        if subnet.neutron_subnet_id in ids:
            found[subnet.neutron_subnet_id] = (subnet, 4)
        if subnet.ipv6_enable and subnet.neutron_network_id in ids:
            found[subnet.neutron_network_id] = (subnet, 6)
    return found


# addresses the cloud keeps in every IPv4 subnet: network, gateway, two services, broadcast
RESERVED_ADDRESSES = 5


def available_ip_counts(session: Session, subnets: Sequence[Subnet]) -> dict[str, int]:
    """Free IPv4 addresses per subnet: its size less reserved ones, VIPs and server NICs."""
    ids = [subnet.id for subnet in subnets]
    used = dict.fromkeys(ids, 0)
    nics = select(EcsNic.subnet_id, func.count()).where(EcsNic.subnet_id.in_(ids))
    for subnet_id, count in session.execute(nics.group_by(EcsNic.subnet_id)):
        used[subnet_id] += count
    by_cidr_id = {subnet.neutron_subnet_id: subnet.id for subnet in subnets}
    vips = select(LoadBalancer.vip_subnet_cidr_id, func.count()).where(
        LoadBalancer.vip_subnet_cidr_id.in_(list(by_cidr_id))
    )
    for cidr_id, count in session.execute(vips.group_by(LoadBalancer.vip_subnet_cidr_id)):
        used[by_cidr_id[str(cidr_id)]] += count
    return {
        subnet.id: max(
            0,
            ipaddress.ip_network(subnet.cidr).num_addresses - RESERVED_ADDRESSES - used[subnet.id],
        )
        for subnet in subnets
    }
