"""Pools (backend server groups): create, show, list, update, delete, and the rules of each.

Create and update share one set of rules: each resolves the settings the pool would have
afterwards (`PoolSettings`) through the same resolvers, and `_check_settings` judges them.
Nothing is written until every check has passed, so a refused request changes nothing.

A pool's health monitor is found by the monitor's pool_id (Pool.healthmonitor_id is read
from it): creating or deleting a monitor changes nothing on the pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, false, func, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.pools import (
    DEFAULT_AZ_AFFINITY,
    DEFAULT_CONNECTION_DRAIN,
    DEFAULT_POOL_HEALTH,
    DEFAULT_QUIC_CID_HASH_STRATEGY,
    DEFAULT_SLOW_START,
    BatchDeleteResult,
)
from mockelb.errors import Conflict, InvalidInput, InvalidRequest
from mockelb.ids import new_id, utc_now
from mockelb.models import HealthMonitor, L7PolicyPool, Listener, LoadBalancer, Member, Pool
from mockelb.schemas.pools import (
    AzAffinity,
    ConnectionDrain,
    CreatePoolOption,
    CreatePoolSlowStartOption,
    PoolHealth,
    QuicCidHashStrategy,
    UpdateAzAffinity,
    UpdatePoolOption,
    UpdatePoolSlowStartOption,
)
from mockelb.services import master_slave_rules, quotas
from mockelb.services.filters import (
    Relation,
    enterprise_project_filter,
)
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.pool_users import listeners_of_pools, pools_used_by
from mockelb.services.vpcs import show_vpc

# Which pool protocols a listener protocol can forward to (CreatePoolOption.protocol); a
# TERMINATED_HTTPS listener (the shared-LB name) is stored as HTTPS.
LISTENER_POOL_PROTOCOLS: dict[str, frozenset[str]] = {
    "UDP": frozenset({"UDP", "QUIC"}),
    "TCP": frozenset({"TCP"}),
    "IP": frozenset({"IP"}),
    "HTTP": frozenset({"HTTP"}),
    "HTTPS": frozenset({"HTTP", "HTTPS", "GRPC"}),
    "QUIC": frozenset({"HTTP", "HTTPS", "GRPC"}),
    "TLS": frozenset({"TLS", "TCP"}),
}
TUPLE_HASH_ALGORITHMS = frozenset({"2_TUPLE_HASH", "3_TUPLE_HASH", "5_TUPLE_HASH"})
ANY_PORT_PROTOCOLS = frozenset({"QUIC", "TCP", "UDP"})
AZ_AFFINITY_PROTOCOLS = frozenset({"IP", "TCP", "UDP"})
# Huawei's user guide: only HTTP, HTTPS and GRPC pools of dedicated LBs have slow start
SLOW_START_PROTOCOLS = frozenset({"GRPC", "HTTP", "HTTPS"})
# CreatePool reference: connection drain is "only for TCP, UDP and QUIC backend server groups"
CONNECTION_DRAIN_PROTOCOLS = frozenset({"QUIC", "TCP", "UDP"})
# persistence_timeout range (minutes) and default, by pool protocol
_PERSISTENCE_TIMEOUTS = {"HTTP": (1440, 1440), "HTTPS": (1440, 1440), "GRPC": (1440, 1440)}
_SHORT_PERSISTENCE = (60, 1)

# BatchDeletePools: the reference example's code for an id that is no pool of the project
NOT_FOUND_CODE = "ELB.9903"


# --- show, list ---------------------------------------------------------------------------


def show_pool(session: Session, *, project_id: str, pool_id: str) -> Pool:
    """Return the pool, or raise NotFound."""
    return get_in_project(session, Pool, kind="pool", resource_id=pool_id, project_id=project_id)


def _pools_with_members(column: InstrumentedAttribute[str]) -> Relation:
    return lambda values: Pool.id.in_(select(Member.pool_id).where(column.in_(values)))


def _parse_booleans(key: str, values: Sequence[str]) -> list[bool]:
    parsed = []
    for value in values:
        if value.lower() not in ("true", "false"):
            raise InvalidInput(field=key, reason="it must be true or false.")
        parsed.append(value.lower() == "true")
    return parsed


def _parse_integers(key: str, values: Sequence[str]) -> list[int]:
    parsed = []
    for value in values:
        try:
            number = int(value)
        except ValueError:
            raise InvalidInput(field=key, reason="it must be an integer.") from None
        if not -(2**31) <= number < 2**31:
            raise InvalidInput(field=key, reason="it is out of the 32-bit integer range.")
        parsed.append(number)
    return parsed


def _parse_object_values(key: str, attribute: str, values: Sequence[str]) -> list[str]:
    """`az_affinity=enable=true` -> ["true"]: the filter names one attribute of the object."""
    parsed = []
    for value in values:
        name, sign, rest = value.partition("=")
        if not sign or name != attribute:
            raise InvalidInput(field=key, reason=f"it must have the form {attribute}=<value>.")
        parsed.append(rest)
    return parsed


def _json_flag_in(
    column: InstrumentedAttribute[dict[str, Any] | None], key: str, wanted: list[bool]
) -> ColumnElement[bool]:
    # JSON path comparisons render on SQLite and PostgreSQL alike; a pool without the
    # object (SQL or JSON null) has the flag off
    condition: ColumnElement[bool] = func.coalesce(column[key].as_boolean(), false()).in_(wanted)
    return condition


def _filter_admin_state_up(values: Sequence[str]) -> ColumnElement[bool]:
    # every pool is administratively up (only true can be set)
    return true() if True in _parse_booleans("admin_state_up", values) else false()


def _filter_connection_drain(values: Sequence[str]) -> ColumnElement[bool]:
    wanted = _parse_booleans("connection_drain", values)
    return _json_flag_in(Pool.connection_drain, "enable", wanted)


def _filter_pool_health(values: Sequence[str]) -> ColumnElement[bool]:
    raw = _parse_object_values("pool_health", "minimum_healthy_member_count", values)
    counts = _parse_integers("pool_health", raw)
    count = func.coalesce(Pool.pool_health["minimum_healthy_member_count"].as_integer(), 0)
    condition: ColumnElement[bool] = count.in_(counts)
    return condition


def _filter_az_affinity(values: Sequence[str]) -> ColumnElement[bool]:
    wanted = _parse_booleans("az_affinity", _parse_object_values("az_affinity", "enable", values))
    return _json_flag_in(Pool.az_affinity, "enable", wanted)


def _filter_quic_cid(key: str, attribute: str) -> Relation:
    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        numbers = _parse_integers(key, values)
        matches: ColumnElement[bool] = (
            Pool.quic_cid_hash_strategy[attribute].as_integer().in_(numbers)
        )
        return matches

    return condition


# list_pools: every query filter of the SDK's ListPoolsRequest. Of the relations, member_*
# match pools holding such a member (member_instance_id is the member's own id,
# member_device_id its cloud server's id); listener_id matches the listener's default pool
# and the pools its forwarding policies forward to; healthmonitor_id is read from the
# monitors (Pool.healthmonitor_id)
POOL_LIST = ListSpec(
    Pool,
    keys=frozenset(
        {
            "id",
            "name",
            "description",
            "admin_state_up",
            "protocol",
            "lb_algorithm",
            "loadbalancer_id",
            "ip_version",
            "vpc_id",
            "type",
            "protection_status",
            "enterprise_project_id",
            "healthmonitor_id",
            "member_deletion_protection_enable",
            "any_port_enable",
            "public_border_group",
            "listener_id",
            "member_address",
            "member_device_id",
            "member_instance_id",
            "connection_drain",
            "pool_health",
            "az_affinity",
            "quic_cid_len",
            "quic_cid_offset",
        }
    ),
    # the filters the reference gives the csv format: a=1,2 as well as a=1&a=2
    csv_keys=frozenset(
        {
            "listener_id",
            "member_instance_id",
            "vpc_id",
            "type",
            "protection_status",
            "az_affinity",
        }
    ),
    relations={
        "listener_id": lambda values: Pool.id.in_(pools_used_by(values)),
        "member_address": _pools_with_members(Member.address),
        "member_device_id": _pools_with_members(Member.instance_id),
        "member_instance_id": _pools_with_members(Member.id),
        "healthmonitor_id": lambda values: Pool.healthmonitor_id.in_(values),
        "enterprise_project_id": enterprise_project_filter(Pool.enterprise_project_id),
        "admin_state_up": _filter_admin_state_up,
        "connection_drain": _filter_connection_drain,
        "pool_health": _filter_pool_health,
        "az_affinity": _filter_az_affinity,
        "quic_cid_len": _filter_quic_cid("quic_cid_len", "len"),
        "quic_cid_offset": _filter_quic_cid("quic_cid_offset", "offset"),
    },
)


def list_pools(session: Session, *, project_id: str, query: ListQuery) -> Page[Pool]:
    """One page of the project's pools that match every filter."""
    scope = select(Pool).where(Pool.project_id == project_id)
    return list_page(session, POOL_LIST, scope, query)


# --- delete -------------------------------------------------------------------------------


def delete_pool(session: Session, *, project_id: str, pool_id: str) -> None:
    """Delete a pool that has no members and no health monitor; listeners lose it as default."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    _check_deletable(session, pool)
    _remove(session, pool)


def delete_pool_cascade(session: Session, *, project_id: str, pool_id: str) -> None:
    """Delete a pool with its members and its health monitor, unless it protects members."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    if pool.member_deletion_protection_enable:
        # refused whenever the flag is on, whether or not the pool has members right now
        raise Conflict(
            message=f"Pool {pool.id} has member deletion protection enabled; "
            "it cannot be deleted with its members."
        )
    _check_no_policy(session, pool)
    session.execute(delete(Member).where(Member.pool_id == pool.id))
    session.execute(delete(HealthMonitor).where(HealthMonitor.pool_id == pool.id))
    _remove(session, pool)


def batch_delete_pools(
    session: Session, *, project_id: str, pool_ids: Sequence[str]
) -> list[BatchDeleteResult]:
    """Delete each pool that can be deleted, and report on each id in the order sent.

    Not atomic, like the per-item answer suggests: an id that is no pool of the project is
    "not found" (ELB.9903, the reference example); a pool that still has members or a health
    monitor is "failed" with ELB.8907, the code the single delete refuses it with. A repeated
    id is "not found" the second time.
    """
    results = []
    for pool_id in pool_ids:
        pool = session.get(Pool, pool_id)
        if pool is None or pool.project_id != project_id:
            results.append(BatchDeleteResult(pool_id, "not found", NOT_FOUND_CODE))
            continue
        try:
            _check_deletable(session, pool)
        except Conflict as refusal:
            results.append(BatchDeleteResult(pool_id, "failed", refusal.error_code))
            continue
        _remove(session, pool)
        session.flush()
        results.append(BatchDeleteResult(pool_id, "successful"))
    return results


def _check_deletable(session: Session, pool: Pool) -> None:
    master_slave_rules.check_pool_deletable(pool)
    if session.scalar(select(Member.id).where(Member.pool_id == pool.id).limit(1)):
        raise Conflict(message=f"Pool {pool.id} still has members; delete them first.")
    if session.scalar(select(HealthMonitor.id).where(HealthMonitor.pool_id == pool.id)):
        raise Conflict(message=f"Pool {pool.id} still has a health monitor; delete it first.")
    _check_no_policy(session, pool)


def _check_no_policy(session: Session, pool: Pool) -> None:
    """A pool a forwarding policy forwards to stays, even with delete-cascade."""
    policy_id = session.scalar(
        select(L7PolicyPool.l7policy_id).where(L7PolicyPool.pool_id == pool.id).limit(1)
    )
    if policy_id:
        raise Conflict(
            message=f"Pool {pool.id} is used by forwarding policy {policy_id}; delete or "
            "change the policy first."
        )


def _remove(session: Session, pool: Pool) -> None:
    session.execute(
        update(Listener).where(Listener.default_pool_id == pool.id).values(default_pool_id=None)
    )
    session.delete(pool)


# --- the settings create and update judge -------------------------------------------------


@dataclass
class PoolSettings:
    """The rule-bearing settings a pool would have after a create or update request, each
    resolved (defaults filled in, current values kept) but not yet judged or written."""

    protocol: str
    lb_algorithm: str
    ip_version: str
    type: str
    vpc_id: str
    any_port_enable: bool
    session_persistence: dict[str, Any] | None
    slow_start: dict[str, Any] | None
    connection_drain: dict[str, Any] | None
    pool_health: dict[str, Any] | None
    az_affinity: dict[str, Any] | None
    quic_cid_hash_strategy: dict[str, Any] | None


def _check_admin_state_up(value: bool | None) -> None:
    if value is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")


def _resolve_algorithm(protocol: str, requested: str | None, current: str | None) -> str:
    algorithm = requested or current
    if algorithm is None:
        if protocol != "IP":
            raise InvalidInput(field="lb_algorithm", reason="it is required.")
        return "5_TUPLE_HASH"
    if algorithm == "QUIC_CID" and protocol != "QUIC":
        raise InvalidInput(field="lb_algorithm", reason="QUIC_CID is only for QUIC pools.")
    if algorithm in TUPLE_HASH_ALGORITHMS and protocol != "IP":
        raise InvalidInput(field="lb_algorithm", reason=f"{algorithm} is only for IP pools.")
    return algorithm


def _resolve_session_persistence(
    protocol: str, kind: str | None, cookie_name: str | None, timeout: int | None
) -> dict[str, Any]:
    # TCP/UDP pools accept any type and act as SOURCE_IP; the type is shown as sent
    if kind is None:
        raise InvalidInput(field="session_persistence.type", reason="it is required.")
    if cookie_name is not None and kind != "APP_COOKIE":
        raise InvalidInput(
            field="session_persistence.cookie_name", reason="it is only valid with APP_COOKIE."
        )
    if kind == "APP_COOKIE" and not cookie_name:
        raise InvalidInput(
            field="session_persistence.cookie_name", reason="it is required with APP_COOKIE."
        )
    maximum, default = _PERSISTENCE_TIMEOUTS.get(protocol, _SHORT_PERSISTENCE)
    # APP_COOKIE persistence has no timeout: the value is not used, so it is not checked
    if timeout is not None and kind != "APP_COOKIE" and not 1 <= timeout <= maximum:
        raise InvalidInput(
            field="session_persistence.persistence_timeout",
            reason=f"it must be between 1 and {maximum} for {protocol} pools.",
        )
    return {
        "type": kind,
        "cookie_name": cookie_name,
        "persistence_timeout": default if timeout is None else timeout,
    }


def _resolve_slow_start(
    option: CreatePoolSlowStartOption | UpdatePoolSlowStartOption,
    current: dict[str, Any] | None,
) -> dict[str, Any]:
    # both attributes are optional: an attribute left out keeps its value (or the default)
    base = current or DEFAULT_SLOW_START
    return {
        "enable": base["enable"] if option.enable is None else option.enable,
        "duration": base["duration"] if option.duration is None else option.duration,
    }


def _resolve_connection_drain(
    option: ConnectionDrain, current: dict[str, Any] | None
) -> dict[str, Any]:
    if option.enable and option.timeout is None:
        # the real cloud's wording (ELB.8902)
        raise InvalidRequest(message="Connection drain timeout must be explict defined.")
    timeout = option.timeout
    if timeout is None:
        timeout = (current or DEFAULT_CONNECTION_DRAIN)["timeout"]
    return {"enable": option.enable, "timeout": timeout}


def _resolve_pool_health(option: PoolHealth, current: dict[str, Any] | None) -> dict[str, Any]:
    count: int | None = option.minimum_healthy_member_count
    if count is None:
        count = (current or DEFAULT_POOL_HEALTH)["minimum_healthy_member_count"]
    return {"minimum_healthy_member_count": count}


def _resolve_az_affinity(
    option: AzAffinity | UpdateAzAffinity, current: dict[str, Any] | None
) -> dict[str, Any]:
    # an attribute left out keeps its value; on create that is the default (-1: unused)
    resolved = dict(current or DEFAULT_AZ_AFFINITY)
    for key, value in option.model_dump(exclude_none=True).items():
        resolved[key] = value
    return resolved


def _resolve_quic_cid_hash_strategy(
    algorithm: str, option: QuicCidHashStrategy | None, current: dict[str, Any] | None
) -> dict[str, Any] | None:
    if option is not None and algorithm != "QUIC_CID":
        # it only works with QUIC_CID; mockelb refuses it rather than keep a dead setting
        raise InvalidInput(
            field="quic_cid_hash_strategy", reason="it is only valid with the QUIC_CID algorithm."
        )
    if algorithm != "QUIC_CID":
        return None  # a pool that leaves QUIC_CID loses its strategy
    resolved = dict(current or DEFAULT_QUIC_CID_HASH_STRATEGY)
    if option is not None:
        resolved.update(option.model_dump(exclude_none=True))
    return resolved


def _reconcile_pool_health(settings: PoolSettings, requested: PoolHealth | None) -> None:
    # "开启可用区亲和后，原本的pool_health配置失效": with AZ affinity on, pool_health is reset
    # to its default, and asking for minimum_healthy_member_count 1 at the same time is refused
    if not (settings.az_affinity or {}).get("enable"):
        return
    if requested is not None and requested.minimum_healthy_member_count == 1:
        raise InvalidInput(
            field="pool_health", reason="it cannot be set while AZ affinity is enabled."
        )
    settings.pool_health = None


def _check_type_and_vpc(
    session: Session,
    project_id: str,
    settings: PoolSettings,
    lb: LoadBalancer | None,
    requested_vpc: str | None,
) -> None:
    """The type/vpc_id rules, on the settings after the request; `requested_vpc` is a VPC the
    request sets (it must exist, be the load balancer's, and come with type instance)."""
    if settings.type == "ip" and settings.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it cannot be specified when type is ip.")
    if settings.type == "ip" and settings.protocol == "IP":
        raise InvalidInput(field="type", reason="IP pools cannot have type ip.")
    if settings.type == "instance" and not settings.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it is required when type is instance.")
    if requested_vpc and settings.type != "instance":
        raise InvalidInput(field="type", reason="it must be instance when vpc_id is specified.")
    if settings.protocol == "IP" and not settings.vpc_id:
        raise InvalidInput(field="vpc_id", reason="it is required for IP pools.")
    if requested_vpc:
        vpc = show_vpc(session, project_id=project_id, vpc_id=requested_vpc)
        if lb is not None and lb.vpc_id != vpc.id:
            raise InvalidInput(field="vpc_id", reason="it must be the VPC of the load balancer.")


def _check_settings(settings: PoolSettings, listener_protocols: set[str]) -> None:
    """The rules between a pool's protocol and its options, shared by create and update."""
    protocol = settings.protocol
    if settings.any_port_enable and protocol not in ANY_PORT_PROTOCOLS:
        raise InvalidInput(
            field="any_port_enable", reason="only QUIC, TCP and UDP pools support it."
        )
    if settings.ip_version == "dualstack" and protocol == "HTTP":
        raise InvalidInput(field="ip_version", reason="HTTP pools support v4 only.")
    persistence = settings.session_persistence
    if protocol == "QUIC" and (persistence is None or persistence["type"] != "SOURCE_IP"):
        raise InvalidInput(
            field="session_persistence", reason="QUIC pools need SOURCE_IP session persistence."
        )
    if (settings.slow_start or {}).get("enable") and protocol not in SLOW_START_PROTOCOLS:
        raise InvalidInput(
            field="slow_start", reason="only HTTP, HTTPS and GRPC pools support slow start."
        )
    drain = settings.connection_drain or {}
    if drain.get("enable") and protocol not in CONNECTION_DRAIN_PROTOCOLS:
        raise InvalidInput(
            field="connection_drain", reason="only TCP, UDP and QUIC pools support it."
        )
    _check_az_affinity(settings, listener_protocols)


def _check_az_affinity(settings: PoolSettings, listener_protocols: set[str]) -> None:
    affinity = settings.az_affinity
    if affinity is None or not affinity["enable"]:
        return
    if settings.protocol not in AZ_AFFINITY_PROTOCOLS:
        raise InvalidInput(field="az_affinity", reason="only IP, TCP and UDP pools support it.")
    if "TLS" in listener_protocols:
        raise InvalidInput(field="az_affinity", reason="pools of TLS listeners do not support it.")
    percentage = affinity["az_minimum_healthy_member_percentage"]
    count = affinity["az_minimum_healthy_member_count"]
    if (percentage == -1) == (count == -1):
        raise InvalidInput(
            field="az_affinity",
            reason="exactly one of az_minimum_healthy_member_percentage and "
            "az_minimum_healthy_member_count must be other than -1.",
        )


# --- create -------------------------------------------------------------------------------


def create_pool(
    session: Session,
    *,
    project_id: str,
    option: CreatePoolOption,
    pool_id: str | None = None,
    unbound: bool = False,
) -> Pool:
    """Create a pool on a load balancer, behind a listener, or standalone with a type
    (`unbound`, for seeds: on none of them, as a cascade delete keeping the pools leaves one)."""
    # type "" is what a pool without a type shows: it does not count as a type sent
    if not (unbound or option.loadbalancer_id or option.listener_id or option.type):
        raise InvalidRequest(
            message="Invalid input: one of listener_id, loadbalancer_id and type is required."
        )
    _check_admin_state_up(option.admin_state_up)
    algorithm = _resolve_algorithm(option.protocol, option.lb_algorithm, None)
    listener = _resolve_listener(session, project_id, option)
    lb = _resolve_load_balancer(session, project_id, option, listener)
    settings = _resolve_settings_on_create(option, algorithm)
    _check_type_and_vpc(session, project_id, settings, lb, option.vpc_id)
    _reconcile_pool_health(settings, option.pool_health)
    _check_settings(settings, {listener.protocol} if listener is not None else set())
    quotas.check_room(
        session, project_id=project_id, key="pool", model=Pool, where=Pool.project_id == project_id
    )

    now = utc_now()
    pool = Pool(
        id=pool_id or new_id(),
        project_id=project_id,
        loadbalancer_id=lb.id if lb is not None else None,
        name=option.name or "",
        description=option.description or "",
        member_deletion_protection_enable=bool(option.member_deletion_protection_enable),
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=option.enterprise_project_id or "0",
        public_border_group=option.public_border_group or "center",
        created_at=now,
        updated_at=now,
        **asdict(settings),
    )
    session.add(pool)
    if listener is not None:
        listener.default_pool_id = pool.id
    return pool


def _resolve_settings_on_create(option: CreatePoolOption, algorithm: str) -> PoolSettings:
    protocol = option.protocol
    persistence = option.session_persistence
    return PoolSettings(
        protocol=protocol,
        lb_algorithm=algorithm,
        ip_version=option.ip_version or "v4",
        type=option.type or "",
        vpc_id=option.vpc_id or "",
        any_port_enable=bool(option.any_port_enable),
        session_persistence=(
            _resolve_session_persistence(
                protocol, persistence.type, persistence.cookie_name, persistence.persistence_timeout
            )
            if persistence is not None
            else None
        ),
        slow_start=_resolve_slow_start(option.slow_start, None) if option.slow_start else None,
        connection_drain=(
            _resolve_connection_drain(option.connection_drain, None)
            if option.connection_drain
            else None
        ),
        pool_health=_resolve_pool_health(option.pool_health, None) if option.pool_health else None,
        az_affinity=_resolve_az_affinity(option.az_affinity, None) if option.az_affinity else None,
        quic_cid_hash_strategy=_resolve_quic_cid_hash_strategy(
            algorithm, option.quic_cid_hash_strategy, None
        ),
    )


def _resolve_listener(
    session: Session, project_id: str, option: CreatePoolOption
) -> Listener | None:
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


def _resolve_load_balancer(
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


# --- update -------------------------------------------------------------------------------


def update_pool(
    session: Session, *, project_id: str, pool_id: str, option: UpdatePoolOption
) -> Pool:
    """Change what UpdatePoolOption allows, under the rules of create; all or nothing."""
    pool = show_pool(session, project_id=project_id, pool_id=pool_id)
    master_slave_rules.check_pool_changeable(pool)
    lb = session.get(LoadBalancer, pool.loadbalancer_id) if pool.loadbalancer_id else None
    _check_admin_state_up(option.admin_state_up)
    if lb is not None and lb.provisioning_status != "ACTIVE":
        raise Conflict(
            message=f"Load balancer {lb.id} is {lb.provisioning_status}; "
            "its pools can only be updated while it is ACTIVE."
        )
    _check_type_and_vpc_change(pool, option)
    settings = _resolve_settings_on_update(pool, option)
    # the members are looked at first: they are why a type or a VPC no longer fits
    _check_members_fit(session, pool, settings)
    _check_monitor_fits(session, pool, settings)
    requested_vpc = option.vpc_id if option.vpc_id and option.vpc_id != pool.vpc_id else None
    _check_type_and_vpc(session, project_id, settings, lb, requested_vpc)
    _reconcile_pool_health(settings, option.pool_health)
    listener_protocols = set(
        session.scalars(select(Listener.protocol).where(Listener.default_pool_id == pool.id))
    )
    _check_settings(settings, listener_protocols)

    for key, value in asdict(settings).items():
        setattr(pool, key, value)
    for key in ("name", "description", "member_deletion_protection_enable"):
        value = getattr(option, key)
        if value is not None:
            setattr(pool, key, value)
    if option.protection_status is not None:
        pool.protection_status = option.protection_status
    if option.protection_reason is not None:
        pool.protection_reason = option.protection_reason
    pool.updated_at = utc_now()
    return pool


def _check_type_and_vpc_change(pool: Pool, option: UpdatePoolOption) -> None:
    # UpdatePoolOption: vpc_id and type can only be set while they are empty, and type cannot
    # go back to empty; repeating the current value is accepted and changes nothing
    if option.type is not None and pool.type and option.type != pool.type:
        raise InvalidInput(
            field="type", reason=f"it is {pool.type} and can only be changed while empty."
        )
    if option.vpc_id is not None and pool.vpc_id and option.vpc_id != pool.vpc_id:
        raise InvalidInput(
            field="vpc_id", reason=f"it is {pool.vpc_id} and can only be changed while empty."
        )


def _resolve_settings_on_update(pool: Pool, option: UpdatePoolOption) -> PoolSettings:
    algorithm = _resolve_algorithm(pool.protocol, option.lb_algorithm, pool.lb_algorithm)
    return PoolSettings(
        protocol=pool.protocol,
        lb_algorithm=algorithm,
        ip_version=pool.ip_version,
        type=pool.type if option.type is None else option.type,
        vpc_id=option.vpc_id or pool.vpc_id,
        any_port_enable=(
            pool.any_port_enable if option.any_port_enable is None else option.any_port_enable
        ),
        session_persistence=_resolve_updated_session_persistence(pool, option),
        slow_start=(
            _resolve_slow_start(option.slow_start, pool.slow_start)
            if option.slow_start
            else pool.slow_start
        ),
        connection_drain=(
            _resolve_connection_drain(option.connection_drain, pool.connection_drain)
            if option.connection_drain
            else pool.connection_drain
        ),
        pool_health=(
            _resolve_pool_health(option.pool_health, pool.pool_health)
            if option.pool_health
            else pool.pool_health
        ),
        az_affinity=(
            _resolve_az_affinity(option.az_affinity, pool.az_affinity)
            if option.az_affinity
            else pool.az_affinity
        ),
        quic_cid_hash_strategy=_resolve_quic_cid_hash_strategy(
            algorithm, option.quic_cid_hash_strategy, pool.quic_cid_hash_strategy
        ),
    )


def _resolve_updated_session_persistence(
    pool: Pool, option: UpdatePoolOption
) -> dict[str, Any] | None:
    requested = option.session_persistence
    if requested is None:
        # an explicit null removes it; leaving it out keeps it
        explicit_null = "session_persistence" in option.model_fields_set
        return None if explicit_null else pool.session_persistence
    current = pool.session_persistence or {}
    kind = requested.type or current.get("type")
    cookie_name = requested.cookie_name
    if cookie_name is None and kind == "APP_COOKIE" and current.get("type") == "APP_COOKIE":
        cookie_name = current.get("cookie_name")
    timeout = requested.persistence_timeout
    if timeout is None and current.get("type") == kind:
        timeout = current.get("persistence_timeout")  # a new type starts from its default
    return _resolve_session_persistence(pool.protocol, kind, cookie_name, timeout)


def _check_members_fit(session: Session, pool: Pool, settings: PoolSettings) -> None:
    """The settings must suit the members the pool already has (409 when they do not)."""
    members = session.execute(
        select(Member.member_type, Member.availability_zone, Member.protocol_port).where(
            Member.pool_id == pool.id
        )
    ).all()
    if settings.type == "ip" and pool.type != "ip":
        if any(member.member_type != "ip" for member in members):
            raise Conflict(
                message=f"Pool {pool.id} has instance members; it cannot become of type ip."
            )
    enabling_affinity = (settings.az_affinity or {}).get("enable") and not (
        pool.az_affinity or {}
    ).get("enable")
    if enabling_affinity and any(
        member.member_type == "ip" and not member.availability_zone for member in members
    ):
        raise Conflict(
            message=f"Pool {pool.id} has IP-type members without an availability zone; "
            "AZ affinity cannot be enabled."
        )
    # members added to an any-port pool keep no port (0): they cannot lose full-port
    # forwarding; turning it on keeps the members' ports, which are then not used
    if pool.any_port_enable and not settings.any_port_enable:
        if any(member.protocol_port == 0 for member in members):
            raise Conflict(
                message=f"Pool {pool.id} has members without a port; "
                "any_port_enable cannot be turned off."
            )


def _check_monitor_fits(session: Session, pool: Pool, settings: PoolSettings) -> None:
    """A health monitor of an any-port pool needs a monitor_port (the rule of
    CreateHealthMonitorOption.monitor_port): turning any_port_enable on is refused (409)
    while the pool's monitor checks the members' own ports."""
    if not settings.any_port_enable or pool.any_port_enable:
        return
    monitor = session.scalar(
        select(HealthMonitor.id).where(
            HealthMonitor.pool_id == pool.id, HealthMonitor.monitor_port.is_(None)
        )
    )
    if monitor is not None:
        raise Conflict(
            message=f"Pool {pool.id} has health monitor {monitor} without a monitor_port; "
            "any_port_enable cannot be turned on."
        )


# --- relations shown with a pool ----------------------------------------------------------


def pool_relations(session: Session, pool_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """For each pool: the ids of the listeners that use it and of its members."""
    relations: dict[str, tuple[list[str], list[str]]] = {pid: ([], []) for pid in pool_ids}
    if not pool_ids:
        return relations
    for pool_id, listener_ids in listeners_of_pools(session, pool_ids).items():
        relations[pool_id][0].extend(listener_ids)
    members = select(Member.pool_id, Member.id).where(Member.pool_id.in_(pool_ids))
    for pool_id, member_id in session.execute(members.order_by(Member.id)):
        relations[pool_id][1].append(member_id)
    return relations
