"""Active/standby (master-slave) pools: create, show, list, delete.

An active/standby pool is a pool (Pool.master_slave) with two members, a master and a
slave (Member.role), and a health monitor, all given in its create request. Create is
the three ordinary creates in a row, under their own rules (create_pool, batch-add,
create_health_monitor: the quotas of pools, members and monitors count it), plus the
rules of CreateMasterSlavePoolOption; it runs in the request's transaction, so a refused
request writes nothing. The ordinary operations see the pool and may not change it
(services/master_slave_rules).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mockelb.domain.member_health import HealthBook
from mockelb.errors import InvalidInput, NotFound
from mockelb.models import HealthMonitor, Listener, Member, Pool
from mockelb.schemas.healthmonitors import CreateHealthMonitorOption
from mockelb.schemas.master_slave_pools import (
    CreateMasterSlaveMemberOption,
    CreateMasterSlavePoolOption,
)
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.schemas.pools import CreatePoolOption
from mockelb.services import healthmonitors as monitor_service
from mockelb.services import members as member_service
from mockelb.services import pools as pool_service
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.member_health import health_book
from mockelb.services.paging import Page
from mockelb.services.pool_users import listeners_of_pools

# "其他协议监听器不支持主备后端服务器组": only these listeners take an active/standby pool
# (which pool protocol each one takes is create_pool's rule: UDP -> UDP or QUIC, TCP ->
# TCP, TLS -> TLS or a v4 TCP pool)
LISTENER_PROTOCOLS = ("TCP", "UDP", "TLS")

# every query filter of the SDK's ListMasterSlavePoolsRequest; the relations are list_pools'
_KEYS = frozenset(
    {
        "id",
        "name",
        "description",
        "healthmonitor_id",
        "loadbalancer_id",
        "protocol",
        "lb_algorithm",
        "enterprise_project_id",
        "ip_version",
        "member_address",
        "member_device_id",
        "member_instance_id",
        "listener_id",
        "vpc_id",
        "type",
        "connection_drain",
        "public_border_group",
    }
)
MASTER_SLAVE_POOL_LIST = ListSpec(
    Pool,
    keys=_KEYS,
    # the filters the SDK sends in csv format
    csv_keys=frozenset(
        {"listener_id", "member_instance_id", "vpc_id", "type", "public_border_group"}
    ),
    relations={
        key: relation for key, relation in pool_service.POOL_LIST.relations.items() if key in _KEYS
    },
)


@dataclass(frozen=True)
class MasterSlavePoolDetails:
    """What an active/standby pool shows besides its own columns."""

    listener_ids: list[str]
    members: list[Member]  # the master first
    monitor: HealthMonitor


# --- show, list ---------------------------------------------------------------------------


def show_master_slave_pool(session: Session, *, project_id: str, pool_id: str) -> Pool:
    """Return the active/standby pool; an ordinary pool is not one (NotFound)."""
    pool = get_in_project(session, Pool, kind="pool", resource_id=pool_id, project_id=project_id)
    if not pool.master_slave:
        raise NotFound(kind="pool", id=pool_id)
    return pool


def list_master_slave_pools(session: Session, *, project_id: str, query: ListQuery) -> Page[Pool]:
    """One page of the project's active/standby pools that match every filter."""
    scope = select(Pool).where(Pool.project_id == project_id, Pool.master_slave.is_(True))
    return list_page(session, MASTER_SLAVE_POOL_LIST, scope, query)


def details_of(
    session: Session, pools: Sequence[Pool]
) -> tuple[dict[str, MasterSlavePoolDetails], HealthBook]:
    """The listeners, members and monitor of each pool, and its members' health."""
    pool_ids = [pool.id for pool in pools]
    if not pool_ids:
        return {}, health_book(session, [])
    listener_ids = listeners_of_pools(session, pool_ids)
    members: dict[str, list[Member]] = {pool_id: [] for pool_id in pool_ids}
    # "master" sorts before "slave"
    for member in session.scalars(
        select(Member).where(Member.pool_id.in_(pool_ids)).order_by(Member.role, Member.id)
    ):
        members[member.pool_id].append(member)
    monitors = {
        monitor.pool_id: monitor
        for monitor in session.scalars(
            select(HealthMonitor).where(HealthMonitor.pool_id.in_(pool_ids))
        )
    }
    details = {
        pool_id: MasterSlavePoolDetails(listener_ids[pool_id], members[pool_id], monitors[pool_id])
        for pool_id in pool_ids
    }
    return details, health_book(session, pools)


# --- create -------------------------------------------------------------------------------


def create_master_slave_pool(
    session: Session,
    *,
    project_id: str,
    option: CreateMasterSlavePoolOption,
    pool_id: str | None = None,
    member_ids: Sequence[str] | None = None,
    healthmonitor_id: str | None = None,
    unbound: bool = False,
) -> Pool:
    """Create the pool, its master and slave members and its health monitor, or nothing.

    The ids and `unbound` are for seeds (as create_pool's): given ids, and a pool on no
    load balancer, listener or type, as a cascade delete keeping the pools leaves one.
    """
    _check_roles(option.members)
    _check_listener(session, project_id, option.listener_id)
    pool = pool_service.create_pool(
        session,
        project_id=project_id,
        option=_pool_option(option),
        pool_id=pool_id,
        unbound=unbound,
    )
    session.flush()
    _add_members(session, pool, option.members, member_ids)
    with _field_prefix("healthmonitor"):
        monitor_service.create_health_monitor(
            session,
            project_id=project_id,
            option=_monitor_option(option, pool.id),
            healthmonitor_id=healthmonitor_id,
        )
    # set last: until now the pool took its members and monitor like any pool
    pool.master_slave = True
    return pool


def _check_roles(members: Sequence[CreateMasterSlaveMemberOption]) -> None:
    roles = sorted(member.role for member in members)
    if roles != ["master", "slave"]:
        raise InvalidInput(
            field="members", reason="it must hold one master member and one slave member."
        )


def _check_listener(session: Session, project_id: str, listener_id: str | None) -> None:
    if not listener_id:
        return
    listener = get_in_project(
        session, Listener, kind="listener", resource_id=listener_id, project_id=project_id
    )
    if listener.protocol not in LISTENER_PROTOCOLS:
        raise InvalidInput(
            field="listener_id",
            reason=f"{listener.protocol} listeners take no active/standby pool; only "
            f"{', '.join(LISTENER_PROTOCOLS)} listeners do.",
        )


def _pool_option(option: CreateMasterSlavePoolOption) -> CreatePoolOption:
    """The ordinary pool the active/standby pool is: what both requests have in common."""
    fields = option.model_dump(exclude={"members", "healthmonitor"}, exclude_unset=True)
    return CreatePoolOption.model_validate(fields)


def _add_members(
    session: Session,
    pool: Pool,
    members: Sequence[CreateMasterSlaveMemberOption],
    member_ids: Sequence[str] | None,
) -> None:
    """Batch-add the two members by its rules, then give each its role."""
    options = [
        BatchCreateMembersOption.model_validate(
            member.model_dump(exclude={"role", "admin_state_up"}, exclude_unset=True)
        )
        for member in members
    ]
    result = member_service.batch_create_members(
        session,
        project_id=pool.project_id,
        pool_id=pool.id,
        options=options,
        ids=list(member_ids) if member_ids is not None else None,
    )
    for index, ((row, status), member) in enumerate(zip(result.members, members, strict=True)):
        if status != "successful":
            # the pool is new: only the first member can be there already
            raise InvalidInput(
                field=f"members[{index}]",
                reason="the master and the slave must differ in address or protocol_port.",
            )
        session.execute(update(Member).where(Member.id == row["id"]).values(role=member.role))


def _monitor_option(option: CreateMasterSlavePoolOption, pool_id: str) -> CreateHealthMonitorOption:
    fields = option.healthmonitor.model_dump(exclude_unset=True)
    return CreateHealthMonitorOption.model_validate({**fields, "pool_id": pool_id})


@contextmanager
def _field_prefix(prefix: str) -> Iterator[None]:
    """Name the fields of an object's errors by their place in the request body."""
    try:
        yield
    except InvalidInput as error:
        raise InvalidInput(
            field=f"{prefix}.{error.details['field']}", reason=error.details["reason"]
        ) from None


# --- delete -------------------------------------------------------------------------------


def delete_master_slave_pool(session: Session, *, project_id: str, pool_id: str) -> None:
    """Delete the pool with its members and monitor; listeners lose it as their default."""
    show_master_slave_pool(session, project_id=project_id, pool_id=pool_id)
    pool_service.delete_pool_cascade(session, project_id=project_id, pool_id=pool_id)
