"""Members (backend servers): create, batch-add, show, list, update, delete, the batch
update and delete, and the rules of each.

Batch-add is the hot path: every item is checked first, then existing endpoints are found
with one query and the new ones written with one bulk insert (Core, not one ORM object
per member).
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, bindparam, delete, false, func, select, true
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
from mockelb.schemas.members import (
    BatchCreateMembersOption,
    BatchDeleteMembersOption,
    BatchUpdateMembersOption,
    CreateMemberOption,
    UpdateMemberOption,
)
from mockelb.services import quotas
from mockelb.services.filters import ALL_GRANTED_EPS, Relation
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.paging import Page
from mockelb.services.pools import show_pool
from mockelb.services.vpcs import find_subnets_by_cidr_id

# the enterprise_project_id filter value that stands for every enterprise project
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


# both member quotas in one round trip, each count answered by its own index
_MEMBER_COUNTS = select(
    select(func.count())
    .select_from(Member)
    .where(Member.pool_id == bindparam("pool_id"))
    .scalar_subquery(),
    select(func.count())
    .select_from(Member)
    .where(Member.project_id == bindparam("project_id"))
    .scalar_subquery(),
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
    """The health every member of the pool reports, and the listeners it reports it for."""
    return pool_states(session, [pool])[pool.id]


def pool_states(session: Session, pools: Sequence[Pool]) -> dict[str, PoolState]:
    """pool_state of each pool, in two queries whatever their number.

    UNKNOWN off any load balancer; NO_MONITOR without an enabled health monitor; INITIAL
    once a monitor checks the pool (no probe has answered yet: mockelb sends none).
    """
    if not pools:
        return {}
    listener_ids: dict[str, list[str]] = {pool.id: [] for pool in pools}
    users = select(Listener.default_pool_id, Listener.id).where(
        Listener.default_pool_id.in_(listener_ids)
    )
    for pool_id, listener_id in session.execute(users.order_by(Listener.id)):
        listener_ids[str(pool_id)].append(listener_id)
    monitor_ids = [pool.healthmonitor_id for pool in pools if pool.healthmonitor_id]
    enabled = (
        set(
            session.scalars(
                select(HealthMonitor.id).where(
                    HealthMonitor.id.in_(monitor_ids), HealthMonitor.admin_state_up.is_(True)
                )
            )
        )
        if monitor_ids
        else set()
    )
    states: dict[str, PoolState] = {}
    for pool in pools:
        if pool.loadbalancer_id is None:
            status = "UNKNOWN"
        elif pool.healthmonitor_id in enabled:
            status = "INITIAL"
        else:
            status = "NO_MONITOR"
        states[pool.id] = PoolState(
            operating_status=status, listener_ids=tuple(listener_ids[pool.id])
        )
    return states


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


def _address_filter(values: Sequence[str]) -> ColumnElement[bool]:
    """Members at any of the addresses; IPv6 is compared in the canonical form it is kept in."""
    canonical = set()
    for value in values:
        try:
            canonical.add(str(ipaddress.ip_address(value)))
        except ValueError:
            canonical.add(value)  # matches nothing, as the cloud's plain comparison would
    return Member.address.in_(sorted(canonical))


# every query filter of the SDK's ListMembersRequest; the pool's operating_status and
# enterprise project are shared by its members (relations of the request, see list_members)
MEMBER_LIST = ListSpec(
    Member,
    keys=frozenset(
        {
            "enterprise_project_id",
            "name",
            "weight",
            "subnet_cidr_id",
            "address",
            "protocol_port",
            "id",
            "ip_version",
            "member_type",
            "instance_id",
            "availability_zone",
            "admin_state_up",
            "operating_status",
        }
    ),
    csv_keys=frozenset({"member_type", "instance_id", "availability_zone"}),
    relations={"address": _address_filter},
)


def list_members(
    session: Session, *, project_id: str, pool_id: str, query: ListQuery
) -> tuple[Page[Member], PoolState]:
    """One page of the pool's members that match every filter, and their pool's state."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    state = pool_state(session, pool)
    enterprise_project_id = pool.enterprise_project_id
    # operating_status and the enterprise project are the pool's, shared by its members:
    # each keeps all of them or none
    relations: dict[str, Relation] = {
        "operating_status": lambda values: true() if state.operating_status in values else false(),
        "enterprise_project_id": lambda values: (
            true() if ALL_GRANTED_EPS in values or enterprise_project_id in values else false()
        ),
    }
    scope = select(Member).where(Member.pool_id == pool_id)
    page = list_page(session, MEMBER_LIST, scope, query, relations=relations)
    return page, state


def delete_member(session: Session, *, project_id: str, pool_id: str, member_id: str) -> None:
    """Remove one member, unless the pool protects its members from deletion."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    _check_deletion_allowed(show_pool(session, project_id=project_id, pool_id=pool_id))
    session.execute(delete(Member).where(Member.id == member.id))


def _check_deletion_allowed(pool: Pool) -> None:
    if pool.member_deletion_protection_enable:
        raise Conflict(
            message=f"Pool {pool.id} has member deletion protection enabled; "
            "members cannot be removed."
        )


def create_member(
    session: Session, *, project_id: str, pool_id: str, option: CreateMemberOption
) -> tuple[MemberRow, PoolState]:
    """Add one member by the rules of a batch-add item; an endpoint in use is a conflict.

    Order of the checks: pool, subnet, the item's rules, endpoint in use, quotas.
    """
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    lb = session.get(LoadBalancer, pool.loadbalancer_id) if pool.loadbalancer_id else None
    checker = _MemberChecker(session, pool, lb, [option])
    row = checker.new_row("member", option, utc_now(), None)
    endpoint = (row["address"], row["protocol_port"])
    if _members_at(session, pool.id, {endpoint}):
        # unlike batch-add (which answers "existed"), a single create refuses a duplicate
        raise Conflict(
            message=f"Member with address {endpoint[0]} and protocol_port {endpoint[1]} "
            f"already exists in pool {pool.id}."
        )
    _insert_members(session, pool, checker, [row])
    return row, pool_state(session, pool)


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
        checker.new_row(f"members[{index}]", option, now, ids[index] if ids else None)
        for index, option in enumerate(options)
    ]

    existing = _members_at(
        session, pool.id, {(row["address"], row["protocol_port"]) for row in candidates}
    )
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
        _insert_members(session, pool, checker, new_rows)
    return BatchCreateResult(pool_state=pool_state(session, pool), members=results)


def _insert_members(
    session: Session, pool: Pool, checker: _MemberChecker, rows: list[MemberRow]
) -> None:
    _check_members_quota(session, project_id=pool.project_id, pool_id=pool.id, adding=len(rows))
    if not pool.vpc_id and any(row["member_type"] == "instance" for row in rows):
        # a pool created without vpc_id takes the VPC of its first instance member
        pool.vpc_id = checker.vpc_id
    # one DBAPI executemany: no ORM unit of work, no per-row parameter processing
    bulk_insert(session, MEMBERS_TABLE, rows)


def _members_at(
    session: Session, pool_id: str, endpoints: set[tuple[str, int]]
) -> dict[tuple[str, int], MemberRow]:
    """The pool's members at any of the (address, protocol_port) endpoints, in one query.

    `address IN … AND protocol_port IN …` is answered by point lookups on the unique
    (pool_id, address, protocol_port) index; an IN over (address, port) row values is not
    (SQLite then scans the whole pool). Pairs the cross product adds are dropped here.
    """
    if not endpoints:
        return {}
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
    """The pool's members_per_pool and the project's member quota, counted in one query."""
    per_pool = quotas.limit_of(session, project_id=project_id, key="members_per_pool")
    per_project = quotas.limit_of(session, project_id=project_id, key="member")
    if per_pool < 0 and per_project < 0:
        return
    in_pool, in_project = session.execute(
        _MEMBER_COUNTS, {"pool_id": pool_id, "project_id": project_id}
    ).one()
    if per_pool >= 0 and in_pool + adding > per_pool:
        raise QuotaExceeded(resources="members_per_pool")
    if per_project >= 0 and in_project + adding > per_project:
        raise QuotaExceeded(resources="member")


def update_member(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    member_id: str,
    option: UpdateMemberOption,
) -> tuple[Member, PoolState]:
    """Change a member's name, weight, port or AZ; address and subnet stay as created."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    updater = _MemberUpdater(session, pool)
    plan = updater.plan("member", member, option)
    updater.apply([plan])
    return member, pool_state(session, pool)


def batch_update_members(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    options: Sequence[BatchUpdateMembersOption],
) -> tuple[list[Member], PoolState]:
    """Update every member or none, each by the rules of update_member.

    Ports are checked against the pool as it will be once the whole batch is applied, so
    two members of one address may swap ports in one call.
    """
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    requested = {option.id for option in options}
    members = {
        member.id: member
        for member in session.scalars(
            select(Member).where(Member.pool_id == pool.id, Member.id.in_(requested))
        )
    }
    updater = _MemberUpdater(session, pool)
    plans: list[_UpdatePlan] = []
    seen: set[str] = set()
    for index, option in enumerate(options):
        where = f"members[{index}]"
        if option.id in seen:
            # one member twice in a batch would make the result depend on item order
            raise InvalidInput(
                field=f"{where}.id", reason=f"member {option.id} appears more than once."
            )
        seen.add(option.id)
        member = members.get(option.id)
        if member is None:
            raise NotFound(kind="member", id=option.id)
        plans.append(updater.plan(where, member, option))
    updater.apply(plans)
    return [plan.member for plan in plans], pool_state(session, pool)


@dataclass(slots=True)
class _UpdatePlan:
    where: str
    member: Member
    changes: dict[str, Any]


class _MemberUpdater:
    """The rules of update_member and batch_update_members for the members of one pool."""

    def __init__(self, session: Session, pool: Pool) -> None:
        self.session = session
        self.pool = pool
        self._zones: set[str] | None = None

    def plan(self, where: str, member: Member, option: UpdateMemberOption) -> _UpdatePlan:
        """The column changes the option asks for, or raise what is wrong with it."""
        changes: dict[str, Any] = {}
        if option.name is not None:
            changes["name"] = option.name
        if option.weight is not None:
            changes["weight"] = option.weight
        if option.protocol_port is not None:
            port = self._protocol_port(f"{where}.protocol_port", option.protocol_port)
            if port is not None:
                changes["protocol_port"] = port
        if option.availability_zone is not None:
            changes["availability_zone"] = self._availability_zone(
                f"{where}.availability_zone", member, option.availability_zone
            )
        # admin_state_up is derived from the backing server: accepted, ignored
        return _UpdatePlan(where=where, member=member, changes=changes)

    def _protocol_port(self, field: str, port: int) -> int | None:
        if self.pool.protocol == "IP":
            if port:
                raise InvalidInput(field=field, reason="it must be 0 in IP pools.")
            return None
        if self.pool.any_port_enable:
            raise InvalidInput(
                field=field, reason="it cannot be updated in pools with any_port_enable."
            )
        if port == 0:
            raise InvalidInput(field=field, reason="it must be between 1 and 65535.")
        return port

    def _availability_zone(self, field: str, member: Member, zone: str) -> str:
        if member.member_type != "ip":
            raise InvalidInput(
                field=field,
                reason="it can only be set for IP-type members (without subnet_cidr_id).",
            )
        if not zone:
            if (self.pool.az_affinity or {}).get("enable"):
                raise InvalidInput(
                    field=field,
                    reason=f"it cannot be blank: pool {self.pool.id} has AZ affinity enabled.",
                )
            return zone
        if self._zones is None:
            self._zones = set(self.session.scalars(select(AvailabilityZone.code)))
        if zone not in self._zones:
            raise InvalidInput(field=field, reason=f"availability zone {zone} does not exist.")
        return zone

    def apply(self, plans: Sequence[_UpdatePlan]) -> None:
        """Check the new endpoints, then write every change with one updated_at."""
        moving = [
            plan
            for plan in plans
            if plan.changes.get("protocol_port", plan.member.protocol_port)
            != plan.member.protocol_port
        ]
        self._check_endpoints(moving)
        # park the moving members on unused ports first: a swap passes through no clash
        for parked, plan in enumerate(moving, start=1):
            plan.member.protocol_port = -parked
        if moving:
            self.session.flush()
        now = utc_now()
        for plan in plans:
            for key, value in plan.changes.items():
                setattr(plan.member, key, value)
            plan.member.updated_at = now
        self.session.flush()

    def _check_endpoints(self, moving: Sequence[_UpdatePlan]) -> None:
        """No two members of the pool may share (address, protocol_port) afterwards."""
        if not moving:
            return
        addresses = {plan.member.address for plan in moving}
        final = {
            member_id: (address, port)
            for member_id, address, port in self.session.execute(
                select(Member.id, Member.address, Member.protocol_port).where(
                    Member.pool_id == self.pool.id, Member.address.in_(addresses)
                )
            )
        }
        for plan in moving:
            final[plan.member.id] = (plan.member.address, plan.changes["protocol_port"])
        taken = Counter(final.values())
        for plan in moving:
            endpoint = final[plan.member.id]
            if taken[endpoint] > 1:
                raise Conflict(
                    message=f"Member with address {endpoint[0]} and protocol_port "
                    f"{endpoint[1]} already exists in pool {self.pool.id}."
                )


def batch_delete_members(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    options: Sequence[BatchDeleteMembersOption],
) -> list[tuple[str, str]]:
    """Remove the members named by id or by (address, protocol_port): (id, ret_status) each.

    A member that is not in the pool (or was removed by an earlier item of the same call)
    is "not found"; for an address item the id is then "" (the cloud documents none).
    """
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    keys = [_delete_key(pool, f"members[{index}]", o) for index, o in enumerate(options)]
    _check_deletion_allowed(pool)
    ids = {key for key in keys if isinstance(key, str)}
    endpoints = {key for key in keys if not isinstance(key, str)}
    present = set(
        session.scalars(select(Member.id).where(Member.pool_id == pool.id, Member.id.in_(ids)))
    )
    by_endpoint = {
        endpoint: str(row["id"])
        for endpoint, row in _members_at(session, pool.id, endpoints).items()
    }
    present.update(by_endpoint.values())
    results: list[tuple[str, str]] = []
    deleted: list[str] = []
    for key in keys:
        member_id = key if isinstance(key, str) else by_endpoint.get(key)
        if member_id is not None and member_id in present:
            present.discard(member_id)
            deleted.append(member_id)
            results.append((member_id, "successful"))
        else:
            results.append((key if isinstance(key, str) else "", "not found"))
    if deleted:
        session.execute(delete(Member).where(Member.id.in_(deleted)))
    return results


def _delete_key(pool: Pool, where: str, option: BatchDeleteMembersOption) -> str | tuple[str, int]:
    """The member id, or the (address, protocol_port) endpoint, that one item names."""
    if option.id is not None:
        if option.address is not None or option.protocol_port is not None:
            raise InvalidInput(
                field=f"{where}.id",
                reason="give either id alone, or address and protocol_port.",
            )
        return option.id
    if option.address is None:
        raise InvalidInput(field=f"{where}.address", reason="it is required without id.")
    if option.protocol_port is None:
        raise InvalidInput(field=f"{where}.protocol_port", reason="it is required with address.")
    address = _parse_address(where, option.address)
    canonical = option.address if address.version == 4 else str(address)
    if pool.any_port_enable:
        # members of any-port pools are stored with port 0 (as batch-add keeps them): the
        # address alone names one, whatever port the item gives (0 included)
        return (canonical, 0)
    if option.protocol_port == 0 and pool.protocol != "IP":
        raise InvalidInput(
            field=f"{where}.protocol_port",
            reason="it must be between 1 and 65535 (0 only in any-port and IP pools).",
        )
    return (canonical, option.protocol_port)


@dataclass(frozen=True, slots=True)
class MemberPool:
    """What a project-wide member listing shows of each member's pool."""

    loadbalancer_id: str | None
    state: PoolState


# every query filter of ListAllMembersRequest: no member_type/instance_id/availability_zone,
# but pool and load balancer
ALL_MEMBER_LIST = ListSpec(
    Member,
    keys=frozenset(
        {
            "name",
            "weight",
            "admin_state_up",
            "subnet_cidr_id",
            "address",
            "protocol_port",
            "id",
            "operating_status",
            "enterprise_project_id",
            "ip_version",
            "pool_id",
            "loadbalancer_id",
        }
    ),
    relations={
        "address": _address_filter,
        "loadbalancer_id": lambda values: Member.pool_id.in_(
            select(Pool.id).where(Pool.loadbalancer_id.in_(values))
        ),
        # members carry the enterprise project of their pool; all_granted_eps means any
        "enterprise_project_id": lambda values: (
            true()
            if ALL_GRANTED_EPS in values
            else Member.pool_id.in_(select(Pool.id).where(Pool.enterprise_project_id.in_(values)))
        ),
    },
)


def list_all_members(
    session: Session, *, project_id: str, query: ListQuery
) -> tuple[Page[Member], dict[str, MemberPool]]:
    """One page of the project's members that match every filter, and each one's pool."""
    pools = _PoolCache(session)
    # operating_status is derived per pool: keep the members of pools in such a state
    relations: dict[str, Relation] = {
        "operating_status": lambda values: Member.pool_id.in_(
            pools.with_status(project_id, values)
        ),
    }
    scope = select(Member).where(Member.project_id == project_id)
    page = list_page(session, ALL_MEMBER_LIST, scope, query, relations=relations)
    return page, pools.of({member.pool_id for member in page.items})


class _PoolCache:
    """Each pool's load balancer and state, computed once per request."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[str, MemberPool] = {}

    def of(self, pool_ids: set[str]) -> dict[str, MemberPool]:
        missing = pool_ids - self.known.keys()
        if missing:
            pools = list(self.session.scalars(select(Pool).where(Pool.id.in_(missing))))
            states = pool_states(self.session, pools)
            for pool in pools:
                self.known[pool.id] = MemberPool(pool.loadbalancer_id, states[pool.id])
        return {pool_id: self.known[pool_id] for pool_id in pool_ids}

    def with_status(self, project_id: str, statuses: Sequence[str]) -> list[str]:
        """The project's pools with members whose members report one of the statuses."""
        pool_ids = set(
            self.session.scalars(
                select(Member.pool_id).where(Member.project_id == project_id).distinct()
            )
        )
        return sorted(
            pool_id
            for pool_id, pool in self.of(pool_ids).items()
            if pool.state.operating_status in statuses
        )


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
        self, where: str, option: BatchCreateMembersOption, now: str, member_id: str | None
    ) -> MemberRow:
        """The columns of the member this item would create, or raise what is wrong with it."""
        address = _parse_address(where, option.address)
        row: MemberRow = {
            "id": member_id or new_id(),
            "project_id": self.project_id,
            "pool_id": self.pool_id,
            "name": option.name or "",
            # ipaddress refuses non-canonical IPv4 (leading zeros), so only IPv6 is rewritten
            "address": option.address if address.version == 4 else str(address),
            "protocol_port": self._protocol_port(where, option.protocol_port),
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
                field=f"{where}.address",
                reason=f"IPv6 members need a dualstack pool; pool {self.pool.id} is "
                f"{self.ip_version}.",
            )
        if option.subnet_cidr_id:
            self._instance_member(where, option, address, row)
        else:
            self._ip_member(where, option, address, row)
        return row

    def _protocol_port(self, where: str, port: int | None) -> int:
        field = f"{where}.protocol_port"
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
        self, where: str, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        subnet_cidr_id = option.subnet_cidr_id or ""
        subnet, version = self.subnets[subnet_cidr_id]
        field = f"{where}.subnet_cidr_id"
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
                field=f"{where}.address",
                reason=f"{address} is not in subnet {subnet_cidr_id} ({cidr}).",
            )
        if version == 4 and address in (network.network_address, network.broadcast_address):
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"{address} is the network or broadcast address of {cidr}.",
            )
        if row["address"] in self.vips:
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"{address} is the private IP of a load balancer.",
            )
        if option.availability_zone:
            raise InvalidInput(
                field=f"{where}.availability_zone",
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
        self, where: str, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        if self.lb is not None and not self.lb.ip_target_enable:
            raise IpTargetNotEnabled()
        if self.protocol not in IP_MEMBER_PROTOCOLS:
            raise IpMemberProtocolNotSupported(protocols="/".join(IP_MEMBER_PROTOCOLS))
        if not _is_rfc1918(address):
            raise InvalidInput(
                field=f"{where}.address",
                reason="IP-type members (without subnet_cidr_id) need a private IPv4 address.",
            )
        zone = option.availability_zone or ""
        if self.az_affinity_enabled and not zone:
            raise InvalidInput(
                field=f"{where}.availability_zone",
                reason=f"it is required: pool {self.pool.id} has AZ affinity enabled.",
            )
        if zone and zone not in self.zones():
            raise InvalidInput(
                field=f"{where}.availability_zone",
                reason=f"availability zone {zone} does not exist.",
            )
        row["subnet_cidr_id"] = None
        row["member_type"] = "ip"
        row["availability_zone"] = zone


def _parse_address(where: str, value: str) -> IpAddress:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        raise InvalidInput(
            field=f"{where}.address", reason=f"{value!r} is not a valid IP address."
        ) from None


def _is_rfc1918(address: IpAddress) -> bool:
    return isinstance(address, ipaddress.IPv4Address) and any(
        address in network for network in PRIVATE_IPV4_NETWORKS
    )
