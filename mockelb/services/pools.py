"""Pools (backend server groups): create, show, list, delete, and the rules of each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.errors import Conflict, InvalidInput, InvalidRequest, QuotaExceeded
from mockelb.ids import new_id, utc_now
from mockelb.models import Listener, LoadBalancer, Member, Pool
from mockelb.schemas.pools import CreatePoolOption, CreatePoolSessionPersistenceOption
from mockelb.services import quotas
from mockelb.services.filters import Filters, Relation, apply_filters
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page, paginate
from mockelb.services.vpcs import show_vpc

# Which pool protocols a listener protocol can forward to (CreatePoolOption.protocol).
LISTENER_POOL_PROTOCOLS: dict[str, frozenset[str]] = {
    "UDP": frozenset({"UDP", "QUIC"}),
    "TCP": frozenset({"TCP"}),
    "IP": frozenset({"IP"}),
    "HTTP": frozenset({"HTTP"}),
    "HTTPS": frozenset({"HTTP", "HTTPS", "GRPC"}),
    "TERMINATED_HTTPS": frozenset({"HTTP"}),
    "QUIC": frozenset({"HTTP", "HTTPS", "GRPC"}),
    "TLS": frozenset({"TLS", "TCP"}),
}
TUPLE_HASH_ALGORITHMS = frozenset({"2_TUPLE_HASH", "3_TUPLE_HASH", "5_TUPLE_HASH"})
ANY_PORT_PROTOCOLS = frozenset({"QUIC", "TCP", "UDP"})
AZ_AFFINITY_PROTOCOLS = frozenset({"IP", "TCP", "UDP"})
# persistence_timeout range (minutes) and default, by pool protocol
_PERSISTENCE_TIMEOUTS = {"HTTP": (1440, 1440), "HTTPS": (1440, 1440), "GRPC": (1440, 1440)}
_SHORT_PERSISTENCE = (60, 1)


def _pools_with_members(column: InstrumentedAttribute[str]) -> Relation:
    return lambda values: Pool.id.in_(select(Member.pool_id).where(column.in_(values)))


# list_pools filters answered through other tables; member_* match pools holding such a member
POOL_RELATIONS: dict[str, Relation] = {
    "listener_id": lambda values: Pool.id.in_(
        select(Listener.default_pool_id).where(Listener.id.in_(values))
    ),
    "member_address": _pools_with_members(Member.address),
    "member_device_id": _pools_with_members(Member.instance_id),
    "member_instance_id": _pools_with_members(Member.instance_id),
}


def show_pool(session: Session, *, project_id: str, pool_id: str) -> Pool:
    """Return the pool, or raise NotFound."""
    return get_in_project(session, Pool, kind="pool", resource_id=pool_id, project_id=project_id)


def list_pools(
    session: Session,
    *,
    project_id: str,
    filters: Filters,
    marker: str | None,
    limit: int,
    page_reverse: bool,
) -> Page[Pool]:
    """One page of the project's pools that match every filter."""
    stmt = apply_filters(
        select(Pool).where(Pool.project_id == project_id), Pool, filters, POOL_RELATIONS
    )
    return paginate(
        session, stmt, id_column=Pool.id, marker=marker, limit=limit, page_reverse=page_reverse
    )


def delete_pool(session: Session, *, project_id: str, pool_id: str) -> None:
    """Delete a pool that has no members and no health monitor; listeners lose it as default."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    if session.scalar(select(Member.id).where(Member.pool_id == pool.id).limit(1)):
        raise Conflict(message=f"Pool {pool.id} still has members; delete them first.")
    if pool.healthmonitor_id:
        raise Conflict(message=f"Pool {pool.id} still has a health monitor; delete it first.")
    session.execute(
        update(Listener).where(Listener.default_pool_id == pool.id).values(default_pool_id=None)
    )
    session.delete(pool)


def create_pool(
    session: Session, *, project_id: str, option: CreatePoolOption, pool_id: str | None = None
) -> Pool:
    """Create a pool on a load balancer, behind a listener, or standalone with a type."""
    if not (option.loadbalancer_id or option.listener_id or option.type is not None):
        raise InvalidRequest(
            message="Invalid input: one of listener_id, loadbalancer_id and type is required."
        )
    if option.admin_state_up is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")
    algorithm = _lb_algorithm(option)
    listener = _listener_for(session, project_id, option)
    lb = _load_balancer_for(session, project_id, option, listener)
    pool_type, vpc_id = _type_and_vpc(session, project_id, option, lb)
    _check_protocol_options(option)
    az_affinity = _az_affinity(option)
    session_persistence = _session_persistence(option.protocol, option.session_persistence)
    connection_drain = _connection_drain(option)
    _check_quota(session, project_id=project_id)

    now = utc_now()
    pool = Pool(
        id=pool_id or new_id(),
        project_id=project_id,
        loadbalancer_id=lb.id if lb is not None else None,
        name=option.name or "",
        description=option.description or "",
        protocol=option.protocol,
        lb_algorithm=algorithm,
        ip_version=option.ip_version or "v4",
        any_port_enable=bool(option.any_port_enable),
        az_affinity=az_affinity,
        type=pool_type,
        vpc_id=vpc_id,
        session_persistence=session_persistence,
        slow_start=_slow_start(option),
        connection_drain=connection_drain,
        pool_health=(
            option.pool_health.model_dump(exclude_none=True) if option.pool_health else None
        ),
        quic_cid_hash_strategy=_quic_cid_hash_strategy(option, algorithm),
        member_deletion_protection_enable=bool(option.member_deletion_protection_enable),
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=option.enterprise_project_id or "0",
        public_border_group=option.public_border_group or "center",
        created_at=now,
        updated_at=now,
    )
    session.add(pool)
    if listener is not None:
        listener.default_pool_id = pool.id
    return pool


def _check_quota(session: Session, *, project_id: str) -> None:
    limit = quotas.limit_of(session, project_id=project_id, key="pool")
    count = session.scalar(
        select(func.count()).select_from(Pool).where(Pool.project_id == project_id)
    )
    if limit >= 0 and (count or 0) + 1 > limit:
        raise QuotaExceeded(resources="pool")


def _lb_algorithm(option: CreatePoolOption) -> str:
    algorithm = option.lb_algorithm
    if algorithm is None:
        if option.protocol != "IP":
            raise InvalidInput(field="lb_algorithm", reason="it is required.")
        return "5_TUPLE_HASH"
    if algorithm == "QUIC_CID" and option.protocol != "QUIC":
        raise InvalidInput(field="lb_algorithm", reason="QUIC_CID is only for QUIC pools.")
    if algorithm in TUPLE_HASH_ALGORITHMS and option.protocol != "IP":
        raise InvalidInput(field="lb_algorithm", reason=f"{algorithm} is only for IP pools.")
    return algorithm


def _listener_for(session: Session, project_id: str, option: CreatePoolOption) -> Listener | None:
    if not option.listener_id:
        return None
    listener = get_in_project(
        session, Listener, kind="listener", resource_id=option.listener_id, project_id=project_id
    )
    if listener.default_pool_id:
        raise Conflict(
            message=f"Listener {listener.id} already has a default pool {listener.default_pool_id}."
        )
    allowed = LISTENER_POOL_PROTOCOLS.get(listener.protocol, frozenset())
    if option.protocol not in allowed:
        raise InvalidInput(
            field="protocol",
            reason=f"a {listener.protocol} listener forwards only to "
            f"{', '.join(sorted(allowed))} pools.",
        )
    if listener.protocol == "TLS" and option.protocol == "TCP" and option.ip_version == "dualstack":
        raise InvalidInput(field="ip_version", reason="a TLS listener needs a v4 TCP pool.")
    if option.protocol == "GRPC" and not listener.http2_enable:
        raise InvalidInput(field="protocol", reason="GRPC pools need a listener with http2_enable.")
    return listener


def _load_balancer_for(
    session: Session, project_id: str, option: CreatePoolOption, listener: Listener | None
) -> LoadBalancer | None:
    lb = None
    if option.loadbalancer_id:
        lb = show_load_balancer(
            session, project_id=project_id, loadbalancer_id=option.loadbalancer_id
        )
    if listener is not None:
        if lb is not None and lb.id != listener.loadbalancer_id:
            raise InvalidInput(
                field="loadbalancer_id", reason="the listener belongs to another load balancer."
            )
        lb = session.get(LoadBalancer, listener.loadbalancer_id)
    return lb


def _type_and_vpc(
    session: Session, project_id: str, option: CreatePoolOption, lb: LoadBalancer | None
) -> tuple[str, str]:
    pool_type = option.type or ""
    if pool_type == "ip" and option.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it cannot be specified when type is ip.")
    if pool_type == "ip" and option.protocol == "IP":
        raise InvalidInput(field="type", reason="IP pools cannot have type ip.")
    if pool_type == "instance" and not option.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it is required when type is instance.")
    if option.vpc_id and pool_type != "instance":
        raise InvalidInput(field="type", reason="it must be instance when vpc_id is specified.")
    if option.protocol == "IP" and not option.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it is required for IP pools.")
    if not option.vpc_id:
        return pool_type, ""
    vpc = show_vpc(session, project_id=project_id, vpc_id=option.vpc_id)
    if lb is not None and lb.vpc_id != vpc.id:
        raise InvalidInput(field="vpc_id", reason="it must be the VPC of the load balancer.")
    return pool_type, vpc.id


def _check_protocol_options(option: CreatePoolOption) -> None:
    if option.any_port_enable and option.protocol not in ANY_PORT_PROTOCOLS:
        raise InvalidInput(
            field="any_port_enable", reason="only QUIC, TCP and UDP pools support it."
        )
    if option.ip_version == "dualstack" and option.protocol == "HTTP":
        raise InvalidInput(field="ip_version", reason="HTTP pools support v4 only.")
    if option.protocol == "QUIC" and (
        option.session_persistence is None or option.session_persistence.type != "SOURCE_IP"
    ):
        raise InvalidInput(
            field="session_persistence", reason="QUIC pools need SOURCE_IP session persistence."
        )


def _az_affinity(option: CreatePoolOption) -> dict[str, Any] | None:
    affinity = option.az_affinity
    if affinity is None:
        return None
    if affinity.enable and option.protocol not in AZ_AFFINITY_PROTOCOLS:
        raise InvalidInput(field="az_affinity", reason="only IP, TCP and UDP pools support it.")
    percentage = affinity.az_minimum_healthy_member_percentage
    count = affinity.az_minimum_healthy_member_count
    percentage = -1 if percentage is None else percentage
    count = -1 if count is None else count
    if affinity.enable and (percentage == -1) == (count == -1):
        raise InvalidInput(
            field="az_affinity",
            reason="exactly one of az_minimum_healthy_member_percentage and "
            "az_minimum_healthy_member_count must be other than -1.",
        )
    return {
        "enable": affinity.enable,
        "az_minimum_healthy_member_percentage": percentage,
        "az_minimum_healthy_member_count": count,
        "az_unhealthy_fallback_strategy": affinity.az_unhealthy_fallback_strategy
        or "forward_to_all_member_of_local_az",
    }


def _session_persistence(
    protocol: str, option: CreatePoolSessionPersistenceOption | None
) -> dict[str, Any] | None:
    if option is None:
        return None
    if option.cookie_name is not None and option.type != "APP_COOKIE":
        raise InvalidInput(
            field="session_persistence.cookie_name", reason="it is only valid with APP_COOKIE."
        )
    if option.type == "APP_COOKIE" and not option.cookie_name:
        raise InvalidInput(
            field="session_persistence.cookie_name", reason="it is required with APP_COOKIE."
        )
    maximum, default = _PERSISTENCE_TIMEOUTS.get(protocol, _SHORT_PERSISTENCE)
    timeout = option.persistence_timeout
    # APP_COOKIE persistence has no timeout: the value is not used, so it is not checked
    if timeout is not None and option.type != "APP_COOKIE" and not 1 <= timeout <= maximum:
        raise InvalidInput(
            field="session_persistence.persistence_timeout",
            reason=f"it must be between 1 and {maximum} for {protocol} pools.",
        )
    return {
        "type": option.type,
        "cookie_name": option.cookie_name,
        "persistence_timeout": default if timeout is None else timeout,
    }


def _slow_start(option: CreatePoolOption) -> dict[str, Any] | None:
    if option.slow_start is None:
        return None
    return {
        "enable": bool(option.slow_start.enable),
        "duration": option.slow_start.duration or 30,
    }


def _connection_drain(option: CreatePoolOption) -> dict[str, Any] | None:
    drain = option.connection_drain
    if drain is None:
        return None
    if drain.enable and drain.timeout is None:
        raise InvalidRequest(message="Connection drain timeout must be explict defined.")
    return {"enable": drain.enable, "timeout": drain.timeout if drain.timeout is not None else 300}


def _quic_cid_hash_strategy(option: CreatePoolOption, algorithm: str) -> dict[str, Any] | None:
    strategy = option.quic_cid_hash_strategy
    if strategy is None and algorithm != "QUIC_CID":
        return None
    return {
        "len": strategy.len if strategy and strategy.len is not None else 3,
        "offset": strategy.offset if strategy and strategy.offset is not None else 1,
    }


def pool_relations(session: Session, pool_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """For each pool: the ids of the listeners that use it and of its members."""
    relations: dict[str, tuple[list[str], list[str]]] = {pid: ([], []) for pid in pool_ids}
    if not pool_ids:
        return relations
    listeners = select(Listener.default_pool_id, Listener.id).where(
        Listener.default_pool_id.in_(pool_ids)
    )
    for pool_id, listener_id in session.execute(listeners.order_by(Listener.id)):
        relations[str(pool_id)][0].append(listener_id)
    members = select(Member.pool_id, Member.id).where(Member.pool_id.in_(pool_ids))
    for pool_id, member_id in session.execute(members.order_by(Member.id)):
        relations[pool_id][1].append(member_id)
    return relations
