"""Members (backend servers): batch-add, show, list, delete, and the rules of each.

Batch-add is the hot path: every item is checked first, then existing endpoints are found
with one query and the new ones written with one bulk insert (Core, not one ORM object
per member).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, false, func, select, true
from sqlalchemy.orm import Session

from mockelb.db import bulk_insert
from mockelb.errors import (
    Conflict,
    InvalidInput,
    IpMemberProtocolNotSupported,
    IpTargetNotEnabled,
    NotFound,
    QuotaExceeded,
)
from mockelb.ids import new_id, utc_now
from mockelb.models import (
    AvailabilityZone,
    EcsInstance,
    EcsNic,
    HealthMonitor,
    Listener,
    LoadBalancer,
    Member,
    Pool,
)
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.services import quotas
from mockelb.services.filters import Filters, Relation, apply_filters
from mockelb.services.paging import Page, paginate
from mockelb.services.pools import show_pool
from mockelb.services.vpcs import find_subnets_by_cidr_id

IP_MEMBER_PROTOCOLS = ("TCP", "UDP", "TLS", "HTTP", "HTTPS", "QUIC", "GRPC")
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
PRIVATE_IPV4_NETWORKS = tuple(
    ipaddress.IPv4Network(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)

MemberRow = dict[str, Any]

MEMBERS_TABLE = Member.metadata.tables[Member.__tablename__]
# Statements of the hot path, built once: expanding parameters keep them in the cache
_EXISTING_MEMBERS = select(MEMBERS_TABLE).where(
    Member.pool_id == bindparam("pool_id"),
    Member.address.in_(bindparam("addresses", expanding=True)),
    Member.protocol_port.in_(bindparam("ports", expanding=True)),
)
_ECS_PORTS = (
    select(
        EcsNic.port_id,
        EcsNic.subnet_id,
        EcsNic.ip_address,
        EcsNic.ipv6_address,
        EcsInstance.id.label("instance_id"),
        EcsInstance.availability_zone,
    )
    .join(EcsInstance, EcsInstance.id == EcsNic.instance_id)
    .where(EcsNic.subnet_id.in_(bindparam("subnet_ids", expanding=True)))
)


_LOAD_BALANCER_VIPS = select(LoadBalancer.vip_address, LoadBalancer.ipv6_vip_address).where(
    LoadBalancer.project_id == bindparam("project_id")
)


class EcsPort(NamedTuple):
    port_id: str
    instance_id: str
    availability_zone: str


@dataclass(frozen=True, slots=True)
class PoolState:
    """What every member of one pool shares when rendered: health and listeners."""

    operating_status: str
    listener_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BatchCreateResult:
    pool_state: PoolState
    members: list[tuple[MemberRow, str]]  # (member columns, ret_status) in request order


def pool_state(session: Session, pool: Pool) -> PoolState:
    """The health every member of the pool reports, and the listeners it reports it for.

    UNKNOWN off any load balancer; NO_MONITOR without an enabled health monitor; INITIAL
    once a monitor checks the pool (no probe has answered yet: mockelb sends none).
    """
    listener_ids = tuple(
        session.scalars(
            select(Listener.id).where(Listener.default_pool_id == pool.id).order_by(Listener.id)
        )
    )
    if pool.loadbalancer_id is None:
        status = "UNKNOWN"
    elif not pool.healthmonitor_id or not session.scalar(
        select(HealthMonitor.admin_state_up).where(HealthMonitor.id == pool.healthmonitor_id)
    ):
        status = "NO_MONITOR"
    else:
        status = "INITIAL"
    return PoolState(operating_status=status, listener_ids=listener_ids)


def show_member_with_state(
    session: Session, *, project_id: str, pool_id: str, member_id: str
) -> tuple[Member, PoolState]:
    """The member of the pool and its pool's state, or raise NotFound."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    return member, pool_state(session, show_pool(session, project_id=project_id, pool_id=pool_id))


def show_member(session: Session, *, project_id: str, pool_id: str, member_id: str) -> Member:
    """Return the member of the pool, or raise NotFound."""
    show_pool(session, project_id=project_id, pool_id=pool_id)
    member = session.get(Member, member_id)
    if member is None or member.pool_id != pool_id:
        raise NotFound(kind="member", id=member_id)
    return member


def list_members(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    filters: Filters,
    marker: str | None,
    limit: int,
    page_reverse: bool,
) -> tuple[Page[Member], PoolState]:
    """One page of the pool's members that match every filter, and their pool's state."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    state = pool_state(session, pool)
    # operating_status is the pool's, shared by its members: it keeps all of them or none
    relations: dict[str, Relation] = {
        "operating_status": lambda values: true() if state.operating_status in values else false()
    }
    stmt = apply_filters(
        select(Member).where(Member.pool_id == pool_id), Member, filters, relations
    )
    page = paginate(
        session, stmt, id_column=Member.id, marker=marker, limit=limit, page_reverse=page_reverse
    )
    return page, state


def delete_member(session: Session, *, project_id: str, pool_id: str, member_id: str) -> None:
    """Remove one member, unless the pool protects its members from deletion."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    pool = session.get(Pool, pool_id)
    if pool is not None and pool.member_deletion_protection_enable:
        raise Conflict(
            message=f"Pool {pool_id} has member deletion protection enabled; "
            "members cannot be removed."
        )
    session.execute(delete(Member).where(Member.id == member.id))


def batch_create_members(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    options: Sequence[BatchCreateMembersOption],
    ids: Sequence[str | None] | None = None,
) -> BatchCreateResult:
    """Add every member or none: the batch is checked as a whole before anything is written.

    An (address, protocol_port) already in the pool, or repeated within the batch, comes
    back as the existing member with ret_status "existed" and is not stored twice.
    """
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    lb = session.get(LoadBalancer, pool.loadbalancer_id) if pool.loadbalancer_id else None
    checker = _MemberChecker(session, pool, lb, options)
    now = utc_now()
    candidates = [
        checker.new_row(index, option, now, ids[index] if ids else None)
        for index, option in enumerate(options)
    ]

    existing = _existing_members(session, pool.id, candidates)
    results: list[tuple[MemberRow, str]] = []
    new_rows: list[MemberRow] = []
    for row in candidates:
        key = (row["address"], row["protocol_port"])
        if key in existing:
            results.append((existing[key], "existed"))
            continue
        existing[key] = row
        new_rows.append(row)
        results.append((row, "successful"))

    if new_rows:
        _check_members_quota(session, project_id=project_id, pool_id=pool.id, adding=len(new_rows))
        if not pool.vpc_id and any(row["member_type"] == "instance" for row in new_rows):
            # a pool created without vpc_id takes the VPC of its first instance member
            pool.vpc_id = checker.vpc_id
        # one DBAPI executemany: no ORM unit of work, no per-row parameter processing
        bulk_insert(session, MEMBERS_TABLE, new_rows)
    return BatchCreateResult(pool_state=pool_state(session, pool), members=results)


def _existing_members(
    session: Session, pool_id: str, rows: Sequence[MemberRow]
) -> dict[tuple[str, int], MemberRow]:
    """The pool's members at any of the rows' endpoints, in one indexed query.

    `address IN … AND protocol_port IN …` is answered by point lookups on the unique
    (pool_id, address, protocol_port) index; an IN over (address, port) row values is not
    (SQLite then scans the whole pool). Pairs the cross product adds are dropped here.
    """
    endpoints = {(row["address"], row["protocol_port"]) for row in rows}
    parameters = {
        "pool_id": pool_id,
        "addresses": sorted({address for address, _ in endpoints}),
        "ports": sorted({port for _, port in endpoints}),
    }
    found: dict[tuple[str, int], MemberRow] = {}
    for member in session.execute(_EXISTING_MEMBERS, parameters).mappings():
        key = (member["address"], member["protocol_port"])
        if key in endpoints:
            found[key] = dict(member)
    return found


def _check_members_quota(session: Session, *, project_id: str, pool_id: str, adding: int) -> None:
    limit = quotas.limit_of(session, project_id=project_id, key="members_per_pool")
    if limit < 0:
        return
    count = session.scalar(
        select(func.count()).select_from(Member).where(Member.pool_id == pool_id)
    )
    if (count or 0) + adding > limit:
        raise QuotaExceeded(resources="members_per_pool")


class _MemberChecker:
    """Checks batch items against one pool; loads what the checks need once per batch."""

    def __init__(
        self,
        session: Session,
        pool: Pool,
        lb: LoadBalancer | None,
        options: Sequence[BatchCreateMembersOption],
    ) -> None:
        self.session = session
        self.pool = pool
        self.lb = lb
        subnet_ids = {o.subnet_cidr_id for o in options if o.subnet_cidr_id}
        self.subnets = find_subnets_by_cidr_id(session, project_id=pool.project_id, ids=subnet_ids)
        for subnet_id in sorted(subnet_ids - self.subnets.keys()):
            raise NotFound(kind="subnet", id=subnet_id)
        self.vpc_id = lb.vpc_id if lb is not None else pool.vpc_id
        self.ecs_ports = self._ecs_ports()
        self.vips = self._load_balancer_vips(options)
        self._zones: set[str] | None = None
        self._networks: dict[str, ipaddress.IPv4Network | ipaddress.IPv6Network] = {}
        # plain copies: ORM attribute access in the per-item loop adds up over 200 items
        self.project_id = pool.project_id
        self.pool_id = pool.id
        self.protocol = pool.protocol
        self.any_port_enable = pool.any_port_enable
        self.ip_version = pool.ip_version
        self.pool_type = pool.type
        self.az_affinity_enabled = bool((pool.az_affinity or {}).get("enable"))

    def _ecs_ports(self) -> Mapping[tuple[str, str], EcsPort]:
        """The cloud-server NICs in the batch's subnets, by (subnet, address), in one query."""
        subnet_rows = {subnet.id for subnet, _ in self.subnets.values()}
        if not subnet_rows:
            return {}
        ports: dict[tuple[str, str], EcsPort] = {}
        for row in self.session.execute(_ECS_PORTS, {"subnet_ids": sorted(subnet_rows)}):
            port = EcsPort(row.port_id, row.instance_id, row.availability_zone)
            for address in (row.ip_address, row.ipv6_address):
                if address:
                    ports[(row.subnet_id, address)] = port
        return ports

    def _load_balancer_vips(self, options: Sequence[BatchCreateMembersOption]) -> set[str]:
        """The project's load balancer VIPs, which cannot be instance members."""
        if not any(option.subnet_cidr_id for option in options):
            return set()
        rows = self.session.execute(_LOAD_BALANCER_VIPS, {"project_id": self.pool.project_id})
        return {address for row in rows for address in row if address}

    def zones(self) -> set[str]:
        if self._zones is None:
            self._zones = set(self.session.scalars(select(AvailabilityZone.code)))
        return self._zones

    def new_row(
        self, index: int, option: BatchCreateMembersOption, now: str, member_id: str | None
    ) -> MemberRow:
        """The columns of the member this item would create, or raise what is wrong with it."""
        address = _parse_address(index, option.address)
        row: MemberRow = {
            "id": member_id or new_id(),
            "project_id": self.project_id,
            "pool_id": self.pool_id,
            "name": option.name or "",
            # ipaddress refuses non-canonical IPv4 (leading zeros), so only IPv6 is rewritten
            "address": option.address if address.version == 4 else str(address),
            "protocol_port": self._protocol_port(index, option.protocol_port),
            "weight": 1 if option.weight is None else option.weight,
            "ip_version": f"v{address.version}",
            "instance_id": "",
            "port_id": "",
            "admin_state_up": False,
            "availability_zone": "",
            "created_at": now,
            "updated_at": now,
        }
        if address.version == 6 and self.ip_version != "dualstack":
            raise InvalidInput(
                field=f"members[{index}].address",
                reason=f"IPv6 members need a dualstack pool; pool {self.pool.id} is "
                f"{self.ip_version}.",
            )
        if option.subnet_cidr_id:
            self._instance_member(index, option, address, row)
        else:
            self._ip_member(index, option, address, row)
        return row

    def _protocol_port(self, index: int, port: int | None) -> int:
        field = f"members[{index}].protocol_port"
        if self.protocol == "IP":
            if port:
                raise InvalidInput(field=field, reason="it must be 0 in IP pools.")
            return 0
        if self.any_port_enable:
            # full-port forwarding: the backend port follows the listener's, so none is kept
            return 0
        if port is None:
            raise InvalidInput(field=field, reason="it is required.")
        if port == 0:
            raise InvalidInput(field=field, reason="it must be between 1 and 65535.")
        return port

    def _instance_member(
        self, index: int, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        subnet_cidr_id = option.subnet_cidr_id or ""
        subnet, version = self.subnets[subnet_cidr_id]
        field = f"members[{index}].subnet_cidr_id"
        if not self.vpc_id:
            self.vpc_id = subnet.vpc_id  # the first member decides the VPC of the pool
        elif subnet.vpc_id != self.vpc_id:
            raise InvalidInput(
                field=field,
                reason=f"subnet {subnet_cidr_id} is not in VPC {self.vpc_id} of the "
                + ("load balancer." if self.lb is not None else "pool."),
            )
        if self.pool_type == "ip":
            raise InvalidInput(field=field, reason="pools of type ip take IP-type members only.")
        if (
            self.protocol == "IP"
            and self.lb is not None
            and subnet_cidr_id in (self.lb.vip_subnet_cidr_id, self.lb.ipv6_vip_virsubnet_id)
        ):
            raise InvalidInput(
                field=field, reason="members of IP pools cannot use the load balancer's subnet."
            )
        cidr = subnet.cidr if version == 4 else subnet.cidr_v6
        network = self._networks.get(cidr)
        if network is None:
            network = self._networks[cidr] = ipaddress.ip_network(cidr)
        if address.version != version or address not in network:
            raise InvalidInput(
                field=f"members[{index}].address",
                reason=f"{address} is not in subnet {subnet_cidr_id} ({cidr}).",
            )
        if version == 4 and address in (network.network_address, network.broadcast_address):
            raise InvalidInput(
                field=f"members[{index}].address",
                reason=f"{address} is the network or broadcast address of {cidr}.",
            )
        if row["address"] in self.vips:
            raise InvalidInput(
                field=f"members[{index}].address",
                reason=f"{address} is the private IP of a load balancer.",
            )
        if option.availability_zone:
            raise InvalidInput(
                field=f"members[{index}].availability_zone",
                reason="it can only be set for IP-type members (without subnet_cidr_id).",
            )
        row["subnet_cidr_id"] = subnet_cidr_id
        row["member_type"] = "instance"
        port = self.ecs_ports.get((subnet.id, row["address"]))
        if port is not None:
            row["instance_id"] = port.instance_id
            row["port_id"] = port.port_id
            row["availability_zone"] = port.availability_zone
            row["admin_state_up"] = True

    def _ip_member(
        self, index: int, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        if self.lb is not None and not self.lb.ip_target_enable:
            raise IpTargetNotEnabled()
        if self.protocol not in IP_MEMBER_PROTOCOLS:
            raise IpMemberProtocolNotSupported(protocols="/".join(IP_MEMBER_PROTOCOLS))
        if not _is_rfc1918(address):
            raise InvalidInput(
                field=f"members[{index}].address",
                reason="IP-type members (without subnet_cidr_id) need a private IPv4 address.",
            )
        zone = option.availability_zone or ""
        if self.az_affinity_enabled and not zone:
            raise InvalidInput(
                field=f"members[{index}].availability_zone",
                reason=f"it is required: pool {self.pool.id} has AZ affinity enabled.",
            )
        if zone and zone not in self.zones():
            raise InvalidInput(
                field=f"members[{index}].availability_zone",
                reason=f"availability zone {zone} does not exist.",
            )
        row["subnet_cidr_id"] = None
        row["member_type"] = "ip"
        row["availability_zone"] = zone


def _parse_address(index: int, value: str) -> IpAddress:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        raise InvalidInput(
            field=f"members[{index}].address", reason=f"{value!r} is not a valid IP address."
        ) from None


def _is_rfc1918(address: IpAddress) -> bool:
    return isinstance(address, ipaddress.IPv4Address) and any(
        address in network for network in PRIVATE_IPV4_NETWORKS
    )
