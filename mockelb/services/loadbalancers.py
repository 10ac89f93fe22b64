"""Load balancers: create, show, list, update, delete (plain and cascade), and their rules."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.loadbalancers import LoadBalancerRelations
from mockelb.errors import Conflict, InvalidInput, NotFound
from mockelb.ids import new_id, utc_now
from mockelb.models import (
    EcsNic,
    HealthMonitor,
    L7Policy,
    Listener,
    LoadBalancer,
    Logtank,
    Member,
    Pool,
    Subnet,
)
from mockelb.schemas.loadbalancers import (
    BandwidthRef,
    CreateLoadbalancerAutoscalingOption,
    CreateLoadBalancerOption,
    DeleteLoadBalancerCascadeOption,
    PrepaidCreateOption,
    PrepaidUpdateOption,
    UpdateLoadbalancerAutoscalingOption,
    UpdateLoadBalancerOption,
)
from mockelb.services import domain_ips, quotas, recycling
from mockelb.services import loadbalancer_flavors as lb_flavors
from mockelb.services import tags as tag_rules
from mockelb.services.availability_zones import check_availability_zones
from mockelb.services.filters import (
    Relation,
    enterprise_project_filter,
    include_recycle_bin,
    json_array_holds,
)
from mockelb.services.flavors import show_flavor
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.logtanks import load_balancer_log_filter
from mockelb.services.paging import Page
from mockelb.services.vpcs import show_vpc


def _lbs_with_members(column: InstrumentedAttribute[str]) -> Relation:
    return lambda values: LoadBalancer.id.in_(
        select(Pool.loadbalancer_id)
        .join(Member, Member.pool_id == Pool.id)
        .where(column.in_(values))
    )


def _check_one_of(key: str, allowed: Sequence[str], values: Sequence[str]) -> list[str]:
    for value in values:
        if value not in allowed:
            raise InvalidInput(field=key, reason=f"{value!r} is not one of {', '.join(allowed)}.")
    return list(values)


def _enum_column(column: InstrumentedAttribute[str], allowed: Sequence[str]) -> Relation:
    return lambda values: column.in_(_check_one_of(column.key, allowed, values))


def _contains_any(column: InstrumentedAttribute[list[Any]]) -> Relation:
    """Rows whose JSON list holds one of the values, exactly (case-sensitive)."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        return or_(*(json_array_holds(column, value) for value in values))

    return condition


def _ip_version_filter(values: Sequence[str]) -> ColumnElement[bool]:
    # ip_version=4 / 6: the load balancers that have a private VIP of that version
    versions = _check_one_of("ip_version", ("4", "6"), values)
    conditions = []
    if "4" in versions:
        conditions.append(LoadBalancer.vip_address.is_not(None))
    if "6" in versions:
        conditions.append(LoadBalancer.ipv6_vip_address.is_not(None))
    return or_(*conditions)


def _public_ip_filter(key: str, attributes: Sequence[str]) -> Relation:
    """eips / publicips / global_eips take "attribute=value" items. mockelb emulates no EIPs,
    so no load balancer has one: a well-formed filter matches nothing."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        for value in values:
            attribute, sep, _ = value.partition("=")
            if not sep or attribute not in attributes:
                raise InvalidInput(
                    field=key, reason=f"{value!r} is not one of {', '.join(attributes)}=<value>."
                )
        return false()

    return condition


def _autoscaling_filter(values: Sequence[str]) -> ColumnElement[bool]:
    # autoscaling=enable=true|false; mockelb does not scale, every load balancer is enable=false
    enabled = _check_one_of("autoscaling", ("enable=true", "enable=false"), values)
    return true() if "enable=false" in enabled else false()


def _always_empty(values: Sequence[str]) -> ColumnElement[bool]:
    # l4/l7_scale_flavor_id and billing_info are null on every mockelb load balancer
    return false()


# list_load_balancers: every filter of the SDK's ListLoadBalancersRequest (paging aside);
# the relations are answered through other tables or by rules of their own
LOAD_BALANCER_LIST = ListSpec(
    LoadBalancer,
    keys=frozenset(
        {
            "id",
            "name",
            "description",
            "admin_state_up",
            "include_recycle_bin",
            "provisioning_status",
            "operating_status",
            "guaranteed",
            "vpc_id",
            "vip_port_id",
            "vip_address",
            "vip_subnet_cidr_id",
            "ipv6_vip_port_id",
            "ipv6_vip_address",
            "ipv6_vip_virsubnet_id",
            "eips",
            "publicips",
            "availability_zone_list",
            "l4_flavor_id",
            "l4_scale_flavor_id",
            "l7_flavor_id",
            "l7_scale_flavor_id",
            "billing_info",
            "member_device_id",
            "member_address",
            "enterprise_project_id",
            "ip_version",
            "deletion_protection_enable",
            "elb_virsubnet_type",
            "autoscaling",
            "protection_status",
            "global_eips",
            "log_topic_id",
            "log_group_id",
        }
    ),
    # the filters the reference gives the csv format: a=1,2 as well as a=1&a=2
    csv_keys=frozenset(
        {
            "elb_virsubnet_type",
            "autoscaling",
            "protection_status",
            "global_eips",
        }
    ),
    relations={
        "member_address": _lbs_with_members(Member.address),
        "member_device_id": _lbs_with_members(Member.instance_id),
        "availability_zone_list": _contains_any(LoadBalancer.availability_zone_list),
        "provisioning_status": _enum_column(
            LoadBalancer.provisioning_status, ("ACTIVE", "PENDING_DELETE")
        ),
        "operating_status": _enum_column(LoadBalancer.operating_status, ("ONLINE", "FROZEN")),
        "elb_virsubnet_type": _enum_column(LoadBalancer.elb_virsubnet_type, ("ipv4", "dualstack")),
        "protection_status": _enum_column(
            LoadBalancer.protection_status, ("nonProtection", "consoleProtection")
        ),
        "ip_version": _ip_version_filter,
        "eips": _public_ip_filter("eips", ("eip_id", "eip_address", "ip_version")),
        # the SDK docstring spells the attributes both publicip_* and public_*
        "publicips": _public_ip_filter(
            "publicips",
            ("publicip_id", "publicip_address", "public_id", "public_address", "ip_version"),
        ),
        "global_eips": _public_ip_filter(
            "global_eips", ("global_eip_id", "global_eip_address", "ip_version")
        ),
        "autoscaling": _autoscaling_filter,
        "include_recycle_bin": include_recycle_bin,
        "l4_scale_flavor_id": _always_empty,
        "l7_scale_flavor_id": _always_empty,
        "billing_info": _always_empty,
        "log_group_id": load_balancer_log_filter(Logtank.log_group_id),
        "log_topic_id": load_balancer_log_filter(Logtank.log_topic_id),
        "enterprise_project_id": enterprise_project_filter(LoadBalancer.enterprise_project_id),
    },
)


def show_load_balancer(session: Session, *, project_id: str, loadbalancer_id: str) -> LoadBalancer:
    """Return the load balancer, or raise NotFound (also for one in the recycle bin)."""
    return recycling.live_load_balancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )


def list_load_balancers(
    session: Session, *, project_id: str, query: ListQuery
) -> Page[LoadBalancer]:
    """One page of the project's load balancers that match every filter (those in the
    recycle bin only with include_recycle_bin=true)."""
    scope = select(LoadBalancer).where(LoadBalancer.project_id == project_id)
    scope = recycling.visible_load_balancers(scope, query)
    return list_page(session, LOAD_BALANCER_LIST, scope, query)


def delete_load_balancer(session: Session, *, project_id: str, loadbalancer_id: str) -> None:
    """Delete a load balancer that no listener or pool uses any more.

    The API page names listeners only; Huawei's "Deleting a Dedicated Load Balancer" example
    and FAQ have pools deleted first as well, so pools on the load balancer also refuse it.
    """
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    _check_deletion_protection(lb)
    if session.scalar(select(Listener.id).where(Listener.loadbalancer_id == lb.id).limit(1)):
        raise Conflict(message=f"Load balancer {lb.id} still has listeners; delete them first.")
    if session.scalar(select(Pool.id).where(Pool.loadbalancer_id == lb.id).limit(1)):
        raise Conflict(message=f"Load balancer {lb.id} still has pools; delete them first.")
    if not recycling.recycle(session, lb, delete_pools=True):
        session.delete(lb)


def delete_load_balancer_cascade(
    session: Session,
    *,
    project_id: str,
    loadbalancer_id: str,
    option: DeleteLoadBalancerCascadeOption,
) -> None:
    """Delete a load balancer with its listeners and, unless unbounded_pool is false, its
    pools with their members and health monitors (false only unbinds the pools); with the
    project's recycle bin on, all of it goes into the bin instead."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    _check_deletion_protection(lb)
    delete_pools = option.unbounded_pool is not False
    pools = _pools_of(lb)
    if delete_pools:
        # removal protection of a pool protects its members from this delete too
        protected = session.scalar(
            select(Pool.id)
            .where(Pool.id.in_(pools), Pool.member_deletion_protection_enable.is_(True))
            .limit(1)
        )
        if protected:
            raise Conflict(
                message=f"Pool {protected} has member deletion protection enabled; "
                f"loadbalancer {lb.id} cannot be deleted with it."
            )
    # public_ip: mockelb binds no EIPs, so there is nothing to release or delete
    if not recycling.recycle(session, lb, delete_pools=delete_pools):
        delete_load_balancer_tree(session, lb, delete_pools=delete_pools)


def _pools_of(lb: LoadBalancer) -> Select[str]:
    """The ids of the pools on the load balancer or default pools of its listeners."""
    return select(Pool.id).where(
        or_(
            Pool.loadbalancer_id == lb.id,
            Pool.id.in_(select(Listener.default_pool_id).where(Listener.loadbalancer_id == lb.id)),
        )
    )


def delete_load_balancer_tree(session: Session, lb: LoadBalancer, *, delete_pools: bool) -> None:
    """Delete the load balancer for good with its listeners and their policies, and its
    pools with their members and monitors (or, unless delete_pools, unbind the pools).
    Checks nothing: the callers have."""
    pool_ids = list(session.scalars(_pools_of(lb)))
    # the listeners' forwarding policies go with them (their rules and pool links by
    # ON DELETE CASCADE)
    listener_ids = select(Listener.id).where(Listener.loadbalancer_id == lb.id)
    session.execute(delete(L7Policy).where(L7Policy.listener_id.in_(listener_ids)))
    session.execute(delete(Listener).where(Listener.loadbalancer_id == lb.id))
    if delete_pools:
        session.execute(delete(HealthMonitor).where(HealthMonitor.pool_id.in_(pool_ids)))
        session.execute(delete(Member).where(Member.pool_id.in_(pool_ids)))
        session.execute(delete(Pool).where(Pool.id.in_(pool_ids)))
    else:
        for pool in session.scalars(select(Pool).where(Pool.id.in_(pool_ids))):
            pool.loadbalancer_id = None
    session.delete(lb)


def _check_deletion_protection(lb: LoadBalancer) -> None:
    if lb.deletion_protection_enable:
        raise Conflict(
            message=f"Load balancer {lb.id} has deletion protection enabled and cannot be deleted."
        )


def create_load_balancer(
    session: Session,
    *,
    project_id: str,
    option: CreateLoadBalancerOption,
    lb_id: str | None = None,
    gateway: lb_flavors.Gateway | None = None,
) -> LoadBalancer:
    """Create a dedicated load balancer in one VPC, its VIPs allocated from its subnets.

    Everything is checked before an address is taken: the options, what they name (AZs,
    flavors, VPC, subnets), then the quota; only then are the VIPs assigned. Without a
    flavor it gets the region's defaults; `gateway` (seed data only) makes it a gateway
    load balancer (services/loadbalancer_flavors.py).
    """
    _check_availability_zones(session, option.availability_zone_list)
    _check_create_option(option)
    _check_create_flavors(session, project_id, option)
    flavors = lb_flavors.new_load_balancer_flavors(
        session, project_id=project_id, option=option, gateway=gateway
    )
    network = _resolve_network(session, project_id, option)
    _check_load_balancer_quota(session, project_id)
    vips = _assign_vips(session, network, option)
    lb = _new_load_balancer(project_id, option, network, vips, lb_id=lb_id)
    flavors.apply(lb)
    session.add(lb)
    return lb


@dataclass(frozen=True, slots=True)
class _Network:
    """Where a new load balancer sits: its VPC, its VIP subnets and its backend subnets."""

    vpc_id: str
    vip_subnet: Subnet | None
    ipv6_subnet: Subnet | None
    backend_subnets: list[Subnet]


@dataclass(slots=True)
class _Vips:
    """The VIP columns of a new load balancer: None for a version without a VIP subnet."""

    vip_subnet_cidr_id: str | None = None
    vip_address: str | None = None
    vip_port_id: str | None = None
    ipv6_vip_virsubnet_id: str | None = None
    ipv6_vip_address: str | None = None
    ipv6_vip_port_id: str | None = None


def _check_create_option(option: CreateLoadBalancerOption) -> None:
    """What the create option can be checked for on its own, before any lookup."""
    if option.guaranteed is False:
        raise InvalidInput(field="guaranteed", reason="only true (dedicated) is supported.")
    _check_unemulated_options(
        prepaid=option.prepaid_options,
        autoscaling=option.autoscaling,
        ipv6_bandwidth=option.ipv6_bandwidth,
    )
    if option.publicip_ids and option.publicip is not None:
        raise InvalidInput(field="publicip_ids", reason="cannot be used together with publicip.")
    if option.publicip_ids:
        # EIPs belong to the EIP service, which mockelb does not emulate: no EIP id can
        # exist, so the first one given is reported missing
        raise NotFound(kind="publicip", id=option.publicip_ids[0])
    if option.publicip is not None:
        # nor can one be created along with the load balancer: say so
        raise InvalidInput(
            field="publicip", reason="mockelb does not emulate EIPs; leave publicip out."
        )
    if option.vip_address is not None and not option.vip_subnet_cidr_id:
        raise InvalidInput(field="vip_address", reason="vip_subnet_cidr_id must be specified.")
    if option.ipv6_vip_address is not None and not option.ipv6_vip_virsubnet_id:
        raise InvalidInput(
            field="ipv6_vip_address", reason="ipv6_vip_virsubnet_id must be specified."
        )


def _check_create_flavors(
    session: Session, project_id: str, option: CreateLoadBalancerOption
) -> None:
    """The L4 and L7 flavors the option names (if any) can be bought for the project."""
    for field, flavor_id in (
        ("l4_flavor_id", option.l4_flavor_id),
        ("l7_flavor_id", option.l7_flavor_id),
    ):
        if flavor_id is not None:
            _check_flavor(session, project_id, field, flavor_id, current=None)


def _resolve_network(
    session: Session, project_id: str, option: CreateLoadBalancerOption
) -> _Network:
    """The VIP subnets the option names, the VPC they agree on, and the backend subnets."""
    vip_subnet: Subnet | None = None
    ipv6_subnet: Subnet | None = None
    if option.vip_subnet_cidr_id:
        vip_subnet = _resolve_ipv4_subnet(session, project_id, option.vip_subnet_cidr_id)
    if option.ipv6_vip_virsubnet_id:
        ipv6_subnet = _resolve_ipv6_subnet(session, project_id, option.ipv6_vip_virsubnet_id)
    vpc_id = _resolve_vpc(session, project_id, option, vip_subnet, ipv6_subnet)
    return _Network(
        vpc_id=vpc_id,
        vip_subnet=vip_subnet,
        ipv6_subnet=ipv6_subnet,
        backend_subnets=_resolve_elb_virsubnets(
            session, project_id, vpc_id, option, vip_subnet, ipv6_subnet
        ),
    )


def _check_load_balancer_quota(session: Session, project_id: str) -> None:
    """The project has room for one more load balancer."""
    quotas.check_room(
        session,
        project_id=project_id,
        key="loadbalancer",
        model=LoadBalancer,
        where=LoadBalancer.project_id == project_id,
    )


def _assign_vips(session: Session, network: _Network, option: CreateLoadBalancerOption) -> _Vips:
    """The requested VIPs after checking them, or free addresses, each with a new port."""
    vips = _Vips()
    subnet = network.vip_subnet
    if subnet is not None:
        vips.vip_subnet_cidr_id = subnet.neutron_subnet_id
        vips.vip_address = _allocate_vip(session, subnet, 4, option.vip_address, "vip_address")
        vips.vip_port_id = new_id()
    subnet = network.ipv6_subnet
    if subnet is not None:
        vips.ipv6_vip_virsubnet_id = subnet.neutron_network_id
        vips.ipv6_vip_address = _allocate_vip(
            session, subnet, 6, option.ipv6_vip_address, "ipv6_vip_address"
        )
        vips.ipv6_vip_port_id = new_id()
    return vips


def _new_load_balancer(
    project_id: str,
    option: CreateLoadBalancerOption,
    network: _Network,
    vips: _Vips,
    *,
    lb_id: str | None,
) -> LoadBalancer:
    """The row of the new load balancer; the option's absent fields take their defaults."""
    now = utc_now()
    return LoadBalancer(
        id=lb_id or new_id(),
        project_id=project_id,
        name=option.name or "",
        description=option.description or "",
        vpc_id=network.vpc_id,
        availability_zone_list=list(option.availability_zone_list),
        elb_virsubnet_ids=[subnet.neutron_network_id for subnet in network.backend_subnets],
        elb_virsubnet_type=_virsubnet_type(network.backend_subnets),
        vip_subnet_cidr_id=vips.vip_subnet_cidr_id,
        vip_address=vips.vip_address,
        vip_port_id=vips.vip_port_id,
        ipv6_vip_virsubnet_id=vips.ipv6_vip_virsubnet_id,
        ipv6_vip_address=vips.ipv6_vip_address,
        ipv6_vip_port_id=vips.ipv6_vip_port_id,
        ip_target_enable=bool(option.ip_target_enable),
        # false disables it (CreateLoadBalancerOption: true/false, default true); the
        # status tree then shows it and everything below it DISABLED
        admin_state_up=option.admin_state_up is not False,
        deletion_protection_enable=bool(option.deletion_protection_enable),
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=option.enterprise_project_id or "0",
        waf_failure_action=option.waf_failure_action or "forward",
        tags=tag_rules.checked_tags(option.tags),
        created_at=now,
        updated_at=now,
    )


def update_load_balancer(
    session: Session, *, project_id: str, loadbalancer_id: str, option: UpdateLoadBalancerOption
) -> LoadBalancer:
    """Change the fields the request names; every check passes before anything changes."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    _check_unsupported_updates(lb, option)
    changes: dict[str, Any] = {}
    for field in (
        "name",
        "description",
        "admin_state_up",
        "deletion_protection_enable",
        "waf_failure_action",
    ):
        value = getattr(option, field)
        if value is not None:
            changes[field] = value
    if option.ip_target_enable is not None:
        changes["ip_target_enable"] = option.ip_target_enable
    for field in ("l4_flavor_id", "l7_flavor_id"):
        flavor_id = getattr(option, field)
        if flavor_id is not None:
            _check_flavor(session, project_id, field, flavor_id, current=getattr(lb, field))
            changes[field] = flavor_id
        elif field in option.model_fields_set:
            changes[field] = None  # an explicit null removes the flavor
    lb_flavors.check_flavor_update(session, lb=lb, option=option, flavors=changes)
    changes.update(_ipv4_vip_changes(session, project_id, lb, option))
    changes.update(_ipv6_vip_changes(session, project_id, lb, option))
    if option.elb_virsubnet_ids is not None:
        changes.update(_virsubnet_changes(session, project_id, lb, option.elb_virsubnet_ids))
    changes.update(_protection_changes(lb, option))

    for field, value in changes.items():
        setattr(lb, field, value)
    lb.updated_at = utc_now()
    domain_ips.follow_load_balancer_addresses(session, lb)
    return lb


def _check_unsupported_updates(lb: LoadBalancer, option: UpdateLoadBalancerOption) -> None:
    if option.ip_target_enable is False and lb.ip_target_enable:
        raise InvalidInput(field="ip_target_enable", reason="once enabled it cannot be disabled.")
    _check_unemulated_options(
        prepaid=option.prepaid_options,
        autoscaling=option.autoscaling,
        ipv6_bandwidth=option.ipv6_bandwidth,
    )
    # charge_mode can only be "flavor", which it is: checked, then nothing changes


def _check_unemulated_options(
    *,
    prepaid: PrepaidCreateOption | PrepaidUpdateOption | None,
    autoscaling: CreateLoadbalancerAutoscalingOption | UpdateLoadbalancerAutoscalingOption | None,
    ipv6_bandwidth: BandwidthRef | None,
) -> None:
    """Create and update refuse alike what mockelb cannot keep, instead of dropping it."""
    if prepaid is not None:
        if prepaid.period_type == "year" and (prepaid.period_num or 1) > 3:
            raise InvalidInput(
                field="prepaid_options.period_num", reason="it must be 1 to 3 for years."
            )
        # every mockelb load balancer is pay-per-use (billing_info null)
        raise InvalidInput(
            field="prepaid_options",
            reason="mockelb does not emulate yearly/monthly billing; load balancers are "
            "pay-per-use.",
        )
    if autoscaling is not None and autoscaling.enable:
        # there is no autoscaling column to keep it in: say so instead of dropping it
        raise InvalidInput(
            field="autoscaling", reason="mockelb does not emulate elastic scaling; leave it off."
        )
    if ipv6_bandwidth is not None:
        # shared bandwidths belong to the EIP service, which mockelb does not emulate
        raise NotFound(kind="bandwidth", id=ipv6_bandwidth.id)


def _ipv4_vip_changes(
    session: Session, project_id: str, lb: LoadBalancer, option: UpdateLoadBalancerOption
) -> dict[str, Any]:
    """Move the IPv4 VIP to another subnet (null unbinds it) or to another address."""
    requested = option.vip_address
    if "vip_subnet_cidr_id" in option.model_fields_set:
        if option.vip_subnet_cidr_id is None:
            if requested is not None:
                raise InvalidInput(
                    field="vip_address", reason="it cannot be set while unbinding the IPv4 subnet."
                )
            return {"vip_subnet_cidr_id": None, "vip_address": None, "vip_port_id": None}
        subnet = _resolve_ipv4_subnet(session, project_id, option.vip_subnet_cidr_id)
        _check_in_vpc(lb, subnet, "vip_subnet_cidr_id")
    elif requested is not None:
        if lb.vip_subnet_cidr_id is None:
            raise InvalidInput(field="vip_address", reason="vip_subnet_cidr_id must be specified.")
        subnet = _resolve_ipv4_subnet(session, project_id, lb.vip_subnet_cidr_id)
    else:
        return {}
    same_subnet = subnet.neutron_subnet_id == lb.vip_subnet_cidr_id
    # the same subnet without a new address keeps the VIP as it is
    if same_subnet and requested in (None, lb.vip_address):
        return {}
    return {
        "vip_subnet_cidr_id": subnet.neutron_subnet_id,
        "vip_address": _allocate_vip(session, subnet, 4, requested, "vip_address"),
        "vip_port_id": lb.vip_port_id if same_subnet else new_id(),
    }


def _ipv6_vip_changes(
    session: Session, project_id: str, lb: LoadBalancer, option: UpdateLoadBalancerOption
) -> dict[str, Any]:
    """Move the IPv6 VIP to another subnet (null unbinds it) or to another address."""
    requested = option.ipv6_vip_address
    if "ipv6_vip_virsubnet_id" in option.model_fields_set:
        if option.ipv6_vip_virsubnet_id is None:
            if requested is not None:
                raise InvalidInput(
                    field="ipv6_vip_address",
                    reason="it cannot be set while unbinding the IPv6 subnet.",
                )
            return {
                "ipv6_vip_virsubnet_id": None,
                "ipv6_vip_address": None,
                "ipv6_vip_port_id": None,
            }
        subnet = _resolve_ipv6_subnet(session, project_id, option.ipv6_vip_virsubnet_id)
        _check_in_vpc(lb, subnet, "ipv6_vip_virsubnet_id")
    elif requested is not None:
        if lb.ipv6_vip_virsubnet_id is None:
            raise InvalidInput(
                field="ipv6_vip_address", reason="ipv6_vip_virsubnet_id must be specified."
            )
        subnet = _resolve_ipv6_subnet(session, project_id, lb.ipv6_vip_virsubnet_id)
    else:
        return {}
    same_subnet = subnet.neutron_network_id == lb.ipv6_vip_virsubnet_id
    if same_subnet and requested in (None, lb.ipv6_vip_address):
        return {}
    return {
        "ipv6_vip_virsubnet_id": subnet.neutron_network_id,
        "ipv6_vip_address": _allocate_vip(session, subnet, 6, requested, "ipv6_vip_address"),
        "ipv6_vip_port_id": lb.ipv6_vip_port_id if same_subnet else new_id(),
    }


def _check_in_vpc(lb: LoadBalancer, subnet: Subnet, field: str) -> None:
    if subnet.vpc_id != lb.vpc_id:
        raise InvalidInput(field=field, reason="the subnet is not in the VPC of the load balancer.")


def _virsubnet_changes(
    session: Session, project_id: str, lb: LoadBalancer, network_ids: list[str]
) -> dict[str, Any]:
    """The new backend subnets: kept, added, and removed unless a member still uses one."""
    if not network_ids:
        raise InvalidInput(field="elb_virsubnet_ids", reason="at least one subnet is required.")
    chosen = [
        _resolve_backend_subnet(session, project_id, lb.vpc_id, network_id)
        for network_id in dict.fromkeys(network_ids)
    ]
    kept = {subnet.neutron_network_id for subnet in chosen}
    for network_id in lb.elb_virsubnet_ids:
        if network_id not in kept:
            _check_backend_subnet_unused(session, lb, network_id)
    return {
        "elb_virsubnet_ids": [subnet.neutron_network_id for subnet in chosen],
        "elb_virsubnet_type": _virsubnet_type(chosen),
    }


def _check_backend_subnet_unused(session: Session, lb: LoadBalancer, network_id: str) -> None:
    """A backend subnet is in use while a member of the load balancer's pools is in it."""
    subnet = session.scalar(select(Subnet).where(Subnet.neutron_network_id == network_id))
    if subnet is None:
        return
    # members name their subnet by its IPv4 subnet id, IPv6 subnet id or network id
    subnet_ids = [
        subnet_id
        for subnet_id in (
            subnet.neutron_subnet_id,
            subnet.neutron_subnet_id_v6,
            subnet.neutron_network_id,
        )
        if subnet_id
    ]
    member = session.scalar(
        select(Member.id)
        .join(Pool, Pool.id == Member.pool_id)
        .where(Pool.loadbalancer_id == lb.id, Member.subnet_cidr_id.in_(subnet_ids))
        .limit(1)
    )
    if member:
        raise Conflict(
            message=f"Subnet {network_id} is used by member {member} of loadbalancer {lb.id}; "
            "it cannot be removed from elb_virsubnet_ids."
        )


def _protection_changes(lb: LoadBalancer, option: UpdateLoadBalancerOption) -> dict[str, Any]:
    """protection_reason counts only under consoleProtection; leaving it clears the reason."""
    status = option.protection_status or lb.protection_status
    changes: dict[str, Any] = {"protection_status": status}
    if option.protection_status == "nonProtection":
        changes["protection_reason"] = ""
    elif status == "consoleProtection" and option.protection_reason is not None:
        changes["protection_reason"] = option.protection_reason
    return changes


def _check_availability_zones(session: Session, codes: list[str]) -> None:
    """Every AZ must exist, and all must come from one AZ set."""
    check_availability_zones(session, codes)


def _resolve_ipv4_subnet(session: Session, project_id: str, subnet_cidr_id: str) -> Subnet:
    subnet = session.scalar(
        select(Subnet).where(
            Subnet.project_id == project_id, Subnet.neutron_subnet_id == subnet_cidr_id
        )
    )
    if subnet is None:
        raise NotFound(kind="subnet", id=subnet_cidr_id)
    return subnet


def _resolve_ipv6_subnet(session: Session, project_id: str, network_id: str) -> Subnet:
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


def _resolve_elb_virsubnets(
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
            chosen.append(_resolve_backend_subnet(session, project_id, vpc_id, network_id))
        return chosen
    default = ipv6_subnet or vip_subnet
    if default is None:
        default = session.scalar(
            select(Subnet).where(Subnet.vpc_id == vpc_id).order_by(Subnet.created_at, Subnet.id)
        )
    return [default] if default is not None else []


def _resolve_backend_subnet(
    session: Session, project_id: str, vpc_id: str, network_id: str
) -> Subnet:
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
    return subnet


def _virsubnet_type(subnets: Sequence[Subnet]) -> str:
    """The type of the backend subnets: dual-stack as soon as one of them is."""
    return "dualstack" if any(subnet.ipv6_enable for subnet in subnets) else "ipv4"


# The flavor types each flavor field accepts: fixed (billed by flavor) or elastic (by LCU).
FLAVOR_TYPES = {"l4_flavor_id": ("L4", "L4_elastic_max"), "l7_flavor_id": ("L7", "L7_elastic_max")}


def check_flavor(
    session: Session, project_id: str, field: str, flavor_id: str, *, current: str | None
) -> None:
    """The flavor exists for the project, fits the field, and can still be bought (a load
    balancer that has it, `current`, may keep a sold-out one)."""
    _check_flavor(session, project_id, field, flavor_id, current=current)


def _check_flavor(
    session: Session, project_id: str, field: str, flavor_id: str, *, current: str | None
) -> None:
    """The flavor exists for the project, fits the field, and can still be bought."""
    flavor = show_flavor(session, project_id=project_id, flavor_id=flavor_id)
    allowed = FLAVOR_TYPES[field]
    if flavor.type not in allowed:
        raise InvalidInput(
            field=field,
            reason=f"flavor {flavor_id} is of type {flavor.type}, not {' or '.join(allowed)}.",
        )
    # a sold-out flavor cannot be chosen any more; a load balancer that has it may keep it
    if flavor.flavor_sold_out and flavor_id != current:
        raise InvalidInput(field=field, reason=f"flavor {flavor_id} is sold out.")


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
) -> dict[str, LoadBalancerRelations]:
    """For each load balancer: the ids of its listeners and of its pools, and the log ids
    of its logtank."""
    relations = {lb_id: LoadBalancerRelations(listener_ids=[], pool_ids=[]) for lb_id in lb_ids}
    if not lb_ids:
        return relations
    listeners = select(Listener.loadbalancer_id, Listener.id).where(
        Listener.loadbalancer_id.in_(lb_ids)
    )
    for lb_id, listener_id in session.execute(listeners.order_by(Listener.id)):
        relations[lb_id].listener_ids.append(listener_id)
    pools = select(Pool.loadbalancer_id, Pool.id).where(Pool.loadbalancer_id.in_(lb_ids))
    for pool_lb_id, pool_id in session.execute(pools.order_by(Pool.id)):
        relations[str(pool_lb_id)].pool_ids.append(pool_id)
    logtanks = select(Logtank.loadbalancer_id, Logtank.log_group_id, Logtank.log_topic_id)
    for lb_id, group_id, topic_id in session.execute(
        logtanks.where(Logtank.loadbalancer_id.in_(lb_ids))
    ):
        relations[lb_id] = relations[lb_id]._replace(log_group_id=group_id, log_topic_id=topic_id)
    return relations
