"""Members (backend servers): create, batch-add, show, list, update, delete, the batch
update and delete (the rules of each item are in services/member_checks).

Batch-add is the hot path: every item is checked first, then existing endpoints are found
with one query and the new ones written with one bulk insert (Core, not one ORM object
per member).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, bindparam, delete, false, func, select, text, true
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from mockelb.db import bulk_insert
from mockelb.domain.member_health import HealthBook
from mockelb.domain.members import BatchCreateResult, MemberRow
from mockelb.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from mockelb.ids import new_ids, utc_now
from mockelb.models import LoadBalancer, Member, Pool, Quota
from mockelb.schemas.members import (
    BatchCreateMembersOption,
    BatchDeleteMembersOption,
    BatchUpdateMembersOption,
    CreateMemberOption,
    UpdateMemberOption,
)
from mockelb.services import master_slave_rules, quotas
from mockelb.services.filters import ALL_GRANTED_EPS, Relation
from mockelb.services.listing import ListQuery, ListSpec, list_rows
from mockelb.services.member_checks import (
    MemberChecker,
    MemberUpdater,
    UpdatePlan,
    resolve_delete_key,
)
from mockelb.services.member_health import health_book, operating_status_filter
from mockelb.services.paging import Page
from mockelb.services.pools import show_pool

MEMBERS_TABLE = Member.metadata.tables[Member.__tablename__]
# Statements of the hot path, built once: expanding parameters keep them in the cache
_EXISTING_MEMBERS = select(MEMBERS_TABLE).where(
    Member.pool_id == bindparam("pool_id"),
    Member.address.in_(bindparam("addresses", expanding=True)),
    Member.protocol_port.in_(bindparam("ports", expanding=True)),
)
# The same lookup as one join of the wanted endpoints (one parameter, not one per value,
# which SQLAlchemy would render anew on every call) with the unique (pool_id, address,
# protocol_port) index: a point lookup per endpoint, whatever the size of the pool.
_MEMBER_COLUMNS = ", ".join(f"members.{column.name}" for column in MEMBERS_TABLE.columns)
_EXISTING_MEMBERS_BY_DIALECT = {
    # CROSS JOIN keeps the wanted endpoints the outer loop
    "sqlite": text(
        f"SELECT {_MEMBER_COLUMNS} FROM json_each(:endpoints) AS wanted CROSS JOIN members "
        "ON members.pool_id = :pool_id "
        "AND members.address = json_extract(wanted.value, '$[0]') "
        "AND members.protocol_port = json_extract(wanted.value, '$[1]')"
    ).columns(*MEMBERS_TABLE.columns),
    # one lookup per endpoint (LATERAL … LIMIT 1, which the planner cannot fold into a
    # join): the unique index answers all three columns, however stale the statistics (a
    # join of unnest() was planned as a walk over the whole pool while the table had
    # never been analyzed, as it is not in the first minute of a test run)
    "postgresql": text(
        f"SELECT {_MEMBER_COLUMNS} FROM unnest(CAST(:addresses AS text[]), "
        "CAST(:ports AS integer[])) AS wanted (address, protocol_port) "
        "CROSS JOIN LATERAL (SELECT * FROM members AS found "
        "WHERE found.pool_id = :pool_id AND found.address = wanted.address "
        "AND found.protocol_port = wanted.protocol_port LIMIT 1) AS members"
    ).columns(*MEMBERS_TABLE.columns),
}
# the pool, its load balancer and the project's quota overrides: what adding members
# needs, in one query
_MEMBER_TARGET = (
    select(Pool, LoadBalancer, Quota.limits)
    .outerjoin(LoadBalancer, LoadBalancer.id == Pool.loadbalancer_id)
    .outerjoin(Quota, Quota.project_id == Pool.project_id)
    .where(Pool.id == bindparam("pool_id"))
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


def pool_health(session: Session, pool: Pool) -> HealthBook:
    """What the health of every member of the pool depends on (member_health)."""
    return health_book(session, [pool])


def show_member_with_health(
    session: Session, *, project_id: str, pool_id: str, member_id: str
) -> tuple[Member, HealthBook]:
    """The member of the pool and what its health depends on, or raise NotFound."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    return member, pool_health(session, show_pool(session, project_id=project_id, pool_id=pool_id))


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


# every query filter of the SDK's ListMembersRequest; operating_status (member_health) and
# the pool's enterprise project are relations of the request (see list_members)
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
) -> tuple[Page[RowMapping], HealthBook]:
    """One page of the pool's members that match every filter, and their health."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    health = pool_health(session, pool)
    enterprise_project_id = pool.enterprise_project_id
    # the enterprise project is the pool's, shared by its members: all of them or none
    relations: dict[str, Relation] = {
        "operating_status": lambda values: operating_status_filter(session, health, values),
        "enterprise_project_id": lambda values: (
            true() if ALL_GRANTED_EPS in values or enterprise_project_id in values else false()
        ),
    }
    scope = select(MEMBERS_TABLE).where(Member.pool_id == pool_id)
    page = list_rows(session, MEMBER_LIST, scope, query, relations=relations)
    return page, health


def delete_member(session: Session, *, project_id: str, pool_id: str, member_id: str) -> None:
    """Remove one member, unless the pool protects its members from deletion."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    _check_deletion_allowed(show_pool(session, project_id=project_id, pool_id=pool_id))
    session.execute(delete(Member).where(Member.id == member.id))


def _check_deletion_allowed(pool: Pool) -> None:
    master_slave_rules.check_members_changeable(pool)
    if pool.member_deletion_protection_enable:
        raise Conflict(
            message=f"Pool {pool.id} has member deletion protection enabled; "
            "members cannot be removed."
        )


@dataclass(frozen=True, slots=True)
class _Target:
    """The pool members are added to, its load balancer, and the project's quota overrides."""

    pool: Pool
    lb: LoadBalancer | None
    limits: Mapping[str, Any] | None


def _member_target(session: Session, *, project_id: str, pool_id: str) -> _Target:
    """The pool (or NotFound, as show_pool) with what adding members to it needs."""
    found = session.execute(_MEMBER_TARGET, {"pool_id": pool_id}).first()
    if found is None or found[0].project_id != project_id:
        raise NotFound(kind="pool", id=pool_id)
    pool, lb, limits = found
    master_slave_rules.check_members_changeable(pool)
    return _Target(pool, lb, limits)


def create_member(
    session: Session, *, project_id: str, pool_id: str, option: CreateMemberOption
) -> tuple[MemberRow, HealthBook]:
    """Add one member by the rules of a batch-add item; an endpoint in use is a conflict.

    Order of the checks: pool, subnet, the item's rules, endpoint in use, quotas.
    """
    target = _member_target(session, project_id=project_id, pool_id=pool_id)
    pool = target.pool
    checker = MemberChecker(session, pool, target.lb, [option])
    row = checker.build_row("member", option, utc_now(), None)
    endpoint = (row["address"], row["protocol_port"])
    if _members_at(session, pool.id, {endpoint}):
        # unlike batch-add (which answers "existed"), a single create refuses a duplicate
        raise Conflict(
            message=f"Member with address {endpoint[0]} and protocol_port {endpoint[1]} "
            f"already exists in pool {pool.id}."
        )
    _insert_members(session, target, checker, [row])
    # a new member: nothing can be forced on it yet
    return row, health_book(session, [pool], servers=bool(row["instance_id"]), forced=False)


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
    target = _member_target(session, project_id=project_id, pool_id=pool_id)
    pool = target.pool
    checker = MemberChecker(session, pool, target.lb, options)
    now = utc_now()
    member_ids = ids if ids is not None else new_ids(len(options))
    candidates = [
        checker.build_row(f"members[{index}]", option, now, member_ids[index])
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
        _insert_members(session, target, checker, new_rows)
    # a query fewer for each kind of member the batch does not hold: only members that
    # existed before can have a forced health, only instance members a server
    health = health_book(
        session,
        [pool],
        servers=any(row["instance_id"] for row, _ in results),
        forced=len(new_rows) < len(results),
    )
    return BatchCreateResult(health=health, members=results)


def _insert_members(
    session: Session, target: _Target, checker: MemberChecker, rows: list[MemberRow]
) -> None:
    pool = target.pool
    _check_members_quota(session, target, adding=len(rows))
    if not pool.vpc_id and any(row["member_type"] == "instance" for row in rows):
        # a pool created without vpc_id takes the VPC of its first instance member
        pool.vpc_id = checker.vpc_id
    # one DBAPI executemany: no ORM unit of work, no per-row parameter processing
    bulk_insert(session, MEMBERS_TABLE, rows)


def _members_at(
    session: Session, pool_id: str, endpoints: set[tuple[str, int]]
) -> dict[tuple[str, int], MemberRow]:
    """The pool's members at any of the (address, protocol_port) endpoints, in one query
    answered by point lookups on the unique (pool_id, address, protocol_port) index."""
    if not endpoints:
        return {}
    connection = session.connection()
    by_dialect = _EXISTING_MEMBERS_BY_DIALECT.get(connection.dialect.name)
    wanted = sorted(endpoints)
    statement: Executable
    if by_dialect is None:
        # elsewhere: `address IN … AND protocol_port IN …`, also point lookups on the
        # index (an IN over (address, port) row values is not: it scans the whole pool);
        # the pairs the cross product adds are dropped below
        statement = _EXISTING_MEMBERS
        parameters: dict[str, object] = {
            "pool_id": pool_id,
            "addresses": sorted({address for address, _ in wanted}),
            "ports": sorted({port for _, port in wanted}),
        }
    elif connection.dialect.name == "sqlite":
        statement = by_dialect
        parameters = {"pool_id": pool_id, "endpoints": orjson.dumps(wanted).decode()}
    else:
        statement = by_dialect
        parameters = {
            "pool_id": pool_id,
            "addresses": [address for address, _ in wanted],
            "ports": [port for _, port in wanted],
        }
    result = connection.execute(statement, parameters)
    names = tuple(result.keys())
    found: dict[tuple[str, int], MemberRow] = {}
    for values in result:
        member = dict(zip(names, values, strict=True))
        key = (member["address"], member["protocol_port"])
        if key in endpoints:
            found[key] = member
    return found


def _check_members_quota(session: Session, target: _Target, *, adding: int) -> None:
    """The pool's members_per_pool and the project's member quota, counted in one query."""
    per_pool = quotas.limit_in(target.limits, "members_per_pool")
    per_project = quotas.limit_in(target.limits, "member")
    if per_pool < 0 and per_project < 0:
        return
    pool = target.pool
    in_pool, in_project = session.execute(
        _MEMBER_COUNTS, {"pool_id": pool.id, "project_id": pool.project_id}
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
) -> tuple[Member, HealthBook]:
    """Change a member's name, weight, port or AZ; address and subnet stay as created."""
    member = show_member(session, project_id=project_id, pool_id=pool_id, member_id=member_id)
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    master_slave_rules.check_members_changeable(pool)
    updater = MemberUpdater(session, pool)
    plan = updater.plan("member", member, option)
    updater.apply([plan])
    return member, pool_health(session, pool)


def batch_update_members(
    session: Session,
    *,
    project_id: str,
    pool_id: str,
    options: Sequence[BatchUpdateMembersOption],
) -> tuple[list[Member], HealthBook]:
    """Update every member or none, each by the rules of update_member.

    Ports are checked against the pool as it will be once the whole batch is applied, so
    two members of one address may swap ports in one call.
    """
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    master_slave_rules.check_members_changeable(pool)
    requested = {option.id for option in options}
    members = {
        member.id: member
        for member in session.scalars(
            select(Member).where(Member.pool_id == pool.id, Member.id.in_(requested))
        )
    }
    updater = MemberUpdater(session, pool)
    plans: list[UpdatePlan] = []
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
    return [plan.member for plan in plans], pool_health(session, pool)


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
    keys = [resolve_delete_key(pool, f"members[{index}]", o) for index, o in enumerate(options)]
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
) -> tuple[Page[RowMapping], dict[str, str | None], HealthBook]:
    """One page of the project's members that match every filter, the load balancer of
    each one's pool (by pool id), and their health."""
    books: list[HealthBook] = []

    def with_status(values: Sequence[str]) -> ColumnElement[bool]:
        # the health of every member of the project, which the page's members then share
        pools = list(session.scalars(select(Pool).where(Pool.project_id == project_id)))
        books.append(health_book(session, pools))
        return operating_status_filter(session, books[0], values)

    relations: dict[str, Relation] = {"operating_status": with_status}
    scope = select(MEMBERS_TABLE).where(Member.project_id == project_id)
    page = list_rows(session, ALL_MEMBER_LIST, scope, query, relations=relations)
    pool_ids = {member["pool_id"] for member in page.items}
    pools = list(session.scalars(select(Pool).where(Pool.id.in_(pool_ids)))) if pool_ids else []
    health = books[0] if books else health_book(session, pools)
    return page, {pool.id: pool.loadbalancer_id for pool in pools}, health
