"""Load balancers: create, show, list, delete, and the rules of each."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from mockelb.ids import new_id, utc_now
from mockelb.models import (
    AvailabilityZone,
    EcsNic,
    Listener,
    LoadBalancer,
    Member,
    Pool,
    Subnet,
)
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.services import quotas
from mockelb.services.filters import Filters, Relation, apply_filters
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page, paginate
from mockelb.services.vpcs import show_vpc


def _lbs_with_members(column: InstrumentedAttribute[str]) -> Relation:
    return lambda values: LoadBalancer.id.in_(
        select(Pool.loadbalancer_id)
        .join(Member, Member.pool_id == Pool.id)
        .where(column.in_(values))
    )


# list_load_balancers filters answered through other tables
LOAD_BALANCER_RELATIONS: dict[str, Relation] = {
    "member_address": _lbs_with_members(Member.address),
    "member_device_id": _lbs_with_members(Member.instance_id),
}


def show_load_balancer(session: Session, *, project_id: str, loadbalancer_id: str) -> LoadBalancer:
    """Return the load balancer, or raise NotFound."""
    return get_in_project(
        session,
        LoadBalancer,
        kind="loadbalancer",
        resource_id=loadbalancer_id,
        project_id=project_id,
    )


def list_load_balancers(
    session: Session,
    *,
    project_id: str,
    filters: Filters,
    marker: str | None,
    limit: int,
    page_reverse: bool,
) -> Page[LoadBalancer]:
    """One page of the project's load balancers that match every filter."""
    stmt = select(LoadBalancer).where(LoadBalancer.project_id == project_id)
    stmt = apply_filters(stmt, LoadBalancer, filters, LOAD_BALANCER_RELATIONS)
    return paginate(
        session,
        stmt,
        id_column=LoadBalancer.id,
        marker=marker,
        limit=limit,
        page_reverse=page_reverse,
    )


def delete_load_balancer(session: Session, *, project_id: str, loadbalancer_id: str) -> None:
    """Delete a load balancer that no listener or pool uses any more."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    if lb.deletion_protection_enable:
        raise Conflict(
            message=f"Loadbalancer {lb.id} has deletion protection enabled and cannot be deleted."
        )
    if session.scalar(select(Listener.id).where(Listener.loadbalancer_id == lb.id).limit(1)):
        raise Conflict(message=f"Loadbalancer {lb.id} still has listeners; delete them first.")
    if session.scalar(select(Pool.id).where(Pool.loadbalancer_id == lb.id).limit(1)):
        raise Conflict(message=f"Loadbalancer {lb.id} still has pools; delete them first.")
    session.delete(lb)


def create_load_balancer(
    session: Session, *, project_id: str, option: CreateLoadBalancerOption, lb_id: str | None = None
) -> LoadBalancer:
    """Create a dedicated load balancer in one VPC, its VIPs allocated from its subnets."""
    _check_availability_zones(session, option.availability_zone_list)
    if option.guaranteed is False:
        raise InvalidInput(field="guaranteed", reason="only true (dedicated) is supported.")
    if option.admin_state_up is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")
    if option.publicip_ids and option.publicip is not None:
        raise InvalidInput(field="publicip_ids", reason="cannot be used together with publicip.")
    for eip_id in option.publicip_ids or []:
        raise NotFound(kind="publicip", id=eip_id)
    if option.publicip is not None:
        # EIPs belong to the EIP service, which mockelb does not emulate (yet): say so
        raise InvalidInput(
            field="publicip", reason="mockelb does not emulate EIPs; leave publicip out."
        )
    if option.vip_address is not None and not option.vip_subnet_cidr_id:
        raise InvalidInput(field="vip_address", reason="vip_subnet_cidr_id must be specified.")
    if option.ipv6_vip_address is not None and not option.ipv6_vip_virsubnet_id:
        raise InvalidInput(
            field="ipv6_vip_address", reason="ipv6_vip_virsubnet_id must be specified."
        )

    vip_subnet = ipv6_subnet = None
    if option.vip_subnet_cidr_id:
        vip_subnet = _ipv4_subnet(session, project_id, option.vip_subnet_cidr_id)
    if option.ipv6_vip_virsubnet_id:
        ipv6_subnet = _ipv6_subnet(session, project_id, option.ipv6_vip_virsubnet_id)
    vpc_id = _resolve_vpc(session, project_id, option, vip_subnet, ipv6_subnet)
    virsubnets = _elb_virsubnets(session, project_id, vpc_id, option, vip_subnet, ipv6_subnet)

    now = utc_now()
    lb = LoadBalancer(
        id=lb_id or new_id(),
        project_id=project_id,
        name=option.name or "",
        description=option.description or "",
        vpc_id=vpc_id,
        availability_zone_list=list(option.availability_zone_list),
        elb_virsubnet_ids=[subnet.neutron_network_id for subnet in virsubnets],
        # the type of the backend subnets: dual-stack as soon as one of them is
        elb_virsubnet_type=(
            "dualstack" if any(subnet.ipv6_enable for subnet in virsubnets) else "ipv4"
        ),
        ip_target_enable=bool(option.ip_target_enable),
        l4_flavor_id=option.l4_flavor_id,
        l7_flavor_id=option.l7_flavor_id,
        deletion_protection_enable=bool(option.deletion_protection_enable),
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=option.enterprise_project_id or "0",
        tags=[tag.model_dump() for tag in option.tags or []],
        created_at=now,
        updated_at=now,
    )
    if vip_subnet is not None:
        lb.vip_subnet_cidr_id = vip_subnet.neutron_subnet_id
        lb.vip_address = _allocate_vip(session, vip_subnet, 4, option.vip_address, "vip_address")
        lb.vip_port_id = new_id()
    if ipv6_subnet is not None:
        lb.ipv6_vip_virsubnet_id = ipv6_subnet.neutron_network_id
        lb.ipv6_vip_address = _allocate_vip(
            session, ipv6_subnet, 6, option.ipv6_vip_address, "ipv6_vip_address"
        )
        lb.ipv6_vip_port_id = new_id()
    _check_quota(session, project_id=project_id)
    session.add(lb)
    return lb


def _check_quota(session: Session, *, project_id: str) -> None:
    limit = quotas.limit_of(session, project_id=project_id, key="loadbalancer")
    count = session.scalar(
        select(func.count()).select_from(LoadBalancer).where(LoadBalancer.project_id == project_id)
    )
    if limit >= 0 and (count or 0) + 1 > limit:
        raise QuotaExceeded(resources="loadbalancer")


def _check_availability_zones(session: Session, codes: list[str]) -> None:
    """Every AZ must exist, and all must come from one AZ set."""
    zones = {z.code: z for z in session.scalars(select(AvailabilityZone))}
    for code in codes:
        if code not in zones:
            raise InvalidInput(
                field="availability_zone_list", reason=f"availability zone {code} does not exist."
            )
    if len({zones[code].az_set for code in codes}) > 1:
        raise InvalidInput(
            field="availability_zone_list",
            reason="the availability zones must belong to one availability zone set.",
        )


def _ipv4_subnet(session: Session, project_id: str, subnet_cidr_id: str) -> Subnet:
    subnet = session.scalar(
        select(Subnet).where(
            Subnet.project_id == project_id, Subnet.neutron_subnet_id == subnet_cidr_id
        )
    )
    if subnet is None:
        raise NotFound(kind="subnet", id=subnet_cidr_id)
    return subnet


def _ipv6_subnet(session: Session, project_id: str, network_id: str) -> Subnet:
    subnet = session.scalar(
        select(Subnet).where(
            Subnet.project_id == project_id,
            Subnet.neutron_network_id == network_id,
            Subnet.ipv6_enable.is_(True),
        )
    )
    if subnet is None:
        raise NotFound(kind="subnet", id=network_id)
    return subnet


def _resolve_vpc(
    session: Session,
    project_id: str,
    option: CreateLoadBalancerOption,
    vip_subnet: Subnet | None,
    ipv6_subnet: Subnet | None,
) -> str:
    """The one VPC that vpc_id and both VIP subnets agree on."""
    candidates = [s.vpc_id for s in (vip_subnet, ipv6_subnet) if s is not None]
    if option.vpc_id:
        vpc = show_vpc(session, project_id=project_id, vpc_id=option.vpc_id)
        candidates.insert(0, vpc.id)
    if not candidates:
        raise InvalidInput(
            field="vpc_id",
            reason="one of vpc_id, vip_subnet_cidr_id and ipv6_vip_virsubnet_id is required.",
        )
    if len(set(candidates)) > 1:
        raise InvalidInput(
            field="vip_subnet_cidr_id", reason="the subnets must belong to the VPC of vpc_id."
        )
    return candidates[0]


def _elb_virsubnets(
    session: Session,
    project_id: str,
    vpc_id: str,
    option: CreateLoadBalancerOption,
    vip_subnet: Subnet | None,
    ipv6_subnet: Subnet | None,
) -> list[Subnet]:
    """The backend subnets (by network id); by default the IPv6, else the IPv4, else any."""
    if option.elb_virsubnet_ids:
        chosen: list[Subnet] = []
        for network_id in dict.fromkeys(option.elb_virsubnet_ids):
            subnet = session.scalar(
                select(Subnet).where(
                    Subnet.project_id == project_id, Subnet.neutron_network_id == network_id
                )
            )
            if subnet is None:
                raise NotFound(kind="subnet", id=network_id)
            if subnet.vpc_id != vpc_id:
                raise InvalidInput(
                    field="elb_virsubnet_ids",
                    reason=f"subnet {network_id} is not in the VPC of the load balancer.",
                )
            chosen.append(subnet)
        return chosen
    default = ipv6_subnet or vip_subnet
    if default is None:
        default = session.scalar(
            select(Subnet).where(Subnet.vpc_id == vpc_id).order_by(Subnet.created_at, Subnet.id)
        )
    return [default] if default is not None else []


def _used_addresses(session: Session, subnet: Subnet) -> set[str]:
    used: set[str | None] = {subnet.gateway_ip, subnet.gateway_ip_v6}
    used.update(session.scalars(select(LoadBalancer.vip_address)))
    used.update(session.scalars(select(LoadBalancer.ipv6_vip_address)))
    nics = session.scalars(select(EcsNic).where(EcsNic.subnet_id == subnet.id))
    for nic in nics:
        used.update((nic.ip_address, nic.ipv6_address))
    return {address for address in used if address}


def _hosts(cidr: str) -> Iterator[str]:
    network = ipaddress.ip_network(cidr, strict=False)
    for index, host in enumerate(network.hosts()):
        if index >= 65536:
            return
        yield str(host)


def _allocate_vip(
    session: Session, subnet: Subnet, version: int, requested: str | None, field: str
) -> str:
    """The requested VIP after checking it, or the first free address of the subnet."""
    cidr = subnet.cidr if version == 4 else subnet.cidr_v6
    used = _used_addresses(session, subnet)
    if requested is not None:
        try:
            address = ipaddress.ip_address(requested)
        except ValueError:
            raise InvalidInput(field=field, reason="it is not a valid IP address.") from None
        if address.version != version or address not in ipaddress.ip_network(cidr):
            raise InvalidInput(field=field, reason=f"it is not in the subnet CIDR {cidr}.")
        if str(address) in used:
            raise Conflict(message=f"IP address {address} is already in use.")
        return str(address)
    # the first hosts of every subnet are reserved by the cloud (gateway, DHCP, DNS)
    for index, host in enumerate(_hosts(cidr)):
        if index >= 3 and host not in used:
            return host
    raise Conflict(message=f"Subnet {subnet.id} has no free IP address.")


def load_balancer_relations(
    session: Session, lb_ids: list[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """For each load balancer: the ids of its listeners and of its pools."""
    relations: dict[str, tuple[list[str], list[str]]] = {lb_id: ([], []) for lb_id in lb_ids}
    if not lb_ids:
        return relations
    listeners = select(Listener.loadbalancer_id, Listener.id).where(
        Listener.loadbalancer_id.in_(lb_ids)
    )
    for lb_id, listener_id in session.execute(listeners.order_by(Listener.id)):
        relations[lb_id][0].append(listener_id)
    pools = select(Pool.loadbalancer_id, Pool.id).where(Pool.loadbalancer_id.in_(lb_ids))
    for pool_lb_id, pool_id in session.execute(pools.order_by(Pool.id)):
        relations[str(pool_lb_id)][1].append(pool_id)
    return relations
