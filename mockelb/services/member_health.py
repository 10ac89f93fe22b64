"""Members' health: what the rule of domain/member_health needs, read in a fixed number of
queries whatever the number of members, and the health a test forces (the admin API).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    delete,
    false,
    insert,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.member_health import (
    ALL_LISTENERS,
    HEALTH_OPTIONS,
    INITIAL,
    Health,
    HealthBook,
    HealthOptions,
    HealthReason,
)
from mockelb.domain.members import PoolState
from mockelb.errors import InvalidInput, NotFound
from mockelb.housekeeping import probe_table
from mockelb.models import EcsInstance, ForcedMemberHealth, HealthMonitor, Listener, Member, Pool
from mockelb.schemas.member_health import ForceMemberHealthRequestBody
from mockelb.services.pool_users import listener_uses_pool, listeners_of_pools

# an ECS in this state runs; any other (SHUTOFF, …) is stopped
RUNNING = "ACTIVE"
_FORCED_COLUMNS = tuple(ForcedMemberHealth.__table__.columns)

# The statements every member view runs, built once (a statement built per call is
# compiled, or at least has its cache key computed, every time): expanding parameters
_ENABLED_MONITORS = select(HealthMonitor.id, HealthMonitor.updated_at).where(
    HealthMonitor.id.in_(bindparam("monitor_ids", expanding=True)),
    HealthMonitor.admin_state_up.is_(True),
)
_STOPPED_SERVERS = select(EcsInstance.id).where(EcsInstance.status != RUNNING)


def _of_pools(member_id: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """The row's member is in one of the pools: a primary-key lookup per row of the (small)
    forced or probed table, never a walk over the pools' members (a join may be planned
    from the members' side, which costs as much as the pools are large)."""
    return (
        select(Member.id)
        .where(
            Member.id == member_id,
            Member.pool_id.in_(bindparam("pool_ids", expanding=True)),
        )
        .exists()
    )


# plain rows, not ORM objects: a forced value is replaced by a DELETE and an INSERT
_FORCED_HEALTH = select(*_FORCED_COLUMNS).where(_of_pools(ForcedMemberHealth.member_id))
_PROBED_HEALTH = select(probe_table).where(_of_pools(probe_table.c.member_id))


def pool_states(session: Session, pools: Sequence[Pool]) -> dict[str, PoolState]:
    """The state each pool's members share, in two queries whatever their number.

    UNKNOWN off any load balancer; NO_MONITOR without an enabled health monitor; INITIAL
    once a monitor checks the pool (no probe has answered yet: mockelb sends none).
    """
    if not pools:
        return {}
    listener_ids = listeners_of_pools(session, [pool.id for pool in pools])
    monitor_ids = [pool.healthmonitor_id for pool in pools if pool.healthmonitor_id]
    # enabled monitor id -> when it last changed
    enabled: dict[str, str] = (
        {
            monitor_id: str(updated_at)
            for monitor_id, updated_at in session.connection().execute(
                _ENABLED_MONITORS, {"monitor_ids": monitor_ids}
            )
        }
        if monitor_ids
        else {}
    )
    states: dict[str, PoolState] = {}
    for pool in pools:
        since = None
        if pool.loadbalancer_id is None:
            status = "UNKNOWN"
        elif pool.healthmonitor_id in enabled:
            status = INITIAL
            since = enabled[pool.healthmonitor_id]
        else:
            status = "NO_MONITOR"
        states[pool.id] = PoolState(
            operating_status=status, listener_ids=tuple(listener_ids[pool.id]), monitor_since=since
        )
    return states


def health_book(
    session: Session, pools: Sequence[Pool], *, servers: bool = True, forced: bool = True
) -> HealthBook:
    """What the health of every member of the pools depends on: two to four queries
    (none reads the members).

    servers=False: no member of the pools has a cloud server to look at; forced=False: no
    member could have a forced health (all are new). Both spare the batch-add a query.
    """
    pool_ids = [pool.id for pool in pools]
    options: HealthOptions = session.info.get(HEALTH_OPTIONS) or HealthOptions()
    return HealthBook(
        pools=pool_states(session, pools),
        stopped=_stopped_servers(session) if servers and pool_ids else frozenset(),
        forced=_forced_health(session, pool_ids) if forced and pool_ids else {},
        probed=_probed_health(session, pool_ids) if options.probing and pool_ids else {},
        online_cutoff=_online_cutoff(options.online_after),
    )


def _online_cutoff(online_after: float | None) -> str | None:
    """Members and monitors dated at or before this are old enough to be ONLINE.

    Times are whole seconds (as the cloud writes them): a member created at 12:00:00.9 is
    dated 12:00:00, so the cutoff is a further second back, and a member turns ONLINE
    between online_after and online_after + 1 seconds after it was created.
    """
    if online_after is None:
        return None
    moment = datetime.now(UTC) - timedelta(seconds=online_after + 1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _probed_health(session: Session, pool_ids: list[str]) -> dict[str, Health]:
    """What the prober last found of the pools' members: member id -> health."""
    rows = session.connection().execute(_PROBED_HEALTH, {"pool_ids": pool_ids}).mappings()
    return {row["member_id"]: _health_of(row) for row in rows}


def _health_of(row: RowMapping) -> Health:
    """A stored health (forced or probed): its status and, when it has one, its reason."""
    reason = (
        HealthReason(row["reason_code"], row["expected_response"], row["healthcheck_response"])
        if row["reason_code"]
        else None
    )
    return Health(row["operating_status"], reason)


def _stopped_servers(session: Session) -> frozenset[str]:
    """The cloud servers that do not run (a few seeded ones at most)."""
    return frozenset(session.connection().execute(_STOPPED_SERVERS).scalars())


def _forced_health(session: Session, pool_ids: list[str]) -> dict[str, dict[str, Health]]:
    """What tests forced on the pools' members: member id -> listener id -> health."""
    rows = session.connection().execute(_FORCED_HEALTH, {"pool_ids": pool_ids}).mappings()
    forced: dict[str, dict[str, Health]] = {}
    for row in rows:
        forced.setdefault(row["member_id"], {})[row["listener_id"]] = _health_of(row)
    return forced


def operating_status_filter(
    session: Session, book: HealthBook, statuses: Sequence[str]
) -> ColumnElement[bool]:
    """The members of the book's pools whose own operating_status is one of `statuses`.

    A condition on the pool and the server of each member (their derived health depends
    on nothing else), and on the ids of the few members a test forced.
    """
    wanted = set(statuses)
    derived = _derived_condition(book, wanted)
    special = sorted(set(book.forced) | set(book.probed))
    if not special:
        return derived
    columns = select(Member.id, Member.pool_id, Member.instance_id, Member.created_at)
    matching = [
        member_id
        for member_id, pool_id, instance_id, created_at in session.execute(
            columns.where(Member.id.in_(special))
        )
        if book.of(member_id, pool_id, instance_id, created_at).own.operating_status in wanted
    ]
    return or_(and_(Member.id.not_in(special), derived), Member.id.in_(matching))


def _derived_condition(book: HealthBook, wanted: set[str]) -> ColumnElement[bool]:
    """The members whose derived health is wanted: per pool, the combinations of a running
    server and of the clock's ripeness that give a wanted status (pools alike grouped)."""
    has_server = and_(Member.instance_id != "", Member.instance_id.not_in(sorted(book.stopped)))
    ripe = Member.created_at <= (book.online_cutoff or "")
    groups: dict[tuple[frozenset[tuple[bool, bool]], bool], list[str]] = {}
    for pool_id in book.pools:
        can_ripen = book.can_ripen(pool_id)
        accepted = frozenset(
            (server, ripened)
            for server in (True, False)
            for ripened in ((True, False) if can_ripen else (False,))
            if book.derived(pool_id, server, ripened).own.operating_status in wanted
        )
        if accepted:
            groups.setdefault((accepted, can_ripen), []).append(pool_id)
    clauses: list[ColumnElement[bool]] = []
    for (accepted, can_ripen), pool_ids in groups.items():
        combinations = [
            and_(
                has_server if server else not_(has_server),
                (ripe if ripened else not_(ripe)) if can_ripen else true(),
            )
            for server, ripened in sorted(accepted)
        ]
        clauses.append(and_(Member.pool_id.in_(pool_ids), or_(*combinations)))
    return or_(*clauses) if clauses else false()


# --- the admin API ----------------------------------------------------------------------


def show_member_health(session: Session, *, member_id: str) -> tuple[Member, Pool, HealthBook]:
    """The member (of any project), its pool and its pool's health, or raise NotFound."""
    member, pool = _member_and_pool(session, member_id)
    return member, pool, health_book(session, [pool])


def _member_and_pool(session: Session, member_id: str) -> tuple[Member, Pool]:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(kind="member", id=member_id)
    return member, session.get_one(Pool, member.pool_id)


def force_member_health(
    session: Session, *, member_id: str, option: ForceMemberHealthRequestBody
) -> tuple[Member, Pool, HealthBook]:
    """The member reports this health to the listener, or to every listener of its pool
    (which replaces whatever was forced before, per listener too), until changed."""
    member, pool = _member_and_pool(session, member_id)
    reason = _check_reason(option)
    listener_id = ALL_LISTENERS
    if option.listener_id is not None:
        listener_id = _check_listener(session, member, option.listener_id)
    stale = delete(ForcedMemberHealth).where(ForcedMemberHealth.member_id == member.id)
    if listener_id != ALL_LISTENERS:
        stale = stale.where(ForcedMemberHealth.listener_id == listener_id)
    session.execute(stale)
    session.execute(
        insert(ForcedMemberHealth),
        {
            "member_id": member.id,
            "listener_id": listener_id,
            "project_id": member.project_id,
            "operating_status": option.operating_status,
            "reason_code": reason.reason_code if reason else None,
            "expected_response": reason.expected_response if reason else None,
            "healthcheck_response": reason.healthcheck_response if reason else None,
        },
    )
    return member, pool, health_book(session, [pool])


def clear_member_health(
    session: Session, *, member_id: str, listener_id: str | None = None
) -> None:
    """Forget what was forced for the listener (or everything forced): the member reports
    its derived health again."""
    member, _ = _member_and_pool(session, member_id)
    stale = delete(ForcedMemberHealth).where(ForcedMemberHealth.member_id == member.id)
    if listener_id is not None:
        stale = stale.where(ForcedMemberHealth.listener_id == listener_id)
    session.execute(stale)


def _check_reason(option: ForceMemberHealthRequestBody) -> HealthReason | None:
    """A reason says why a health check fails: only for OFFLINE. Its response fields are
    shown as given, whatever the code: the SDK fills them for RESPONSE_MISMATCH, but a test
    that sets them with another code means them (the admin API is the test's, not the
    cloud's)."""
    reason = option.reason
    if reason is None:
        return None
    if option.operating_status != "OFFLINE":
        raise InvalidInput(
            field="reason", reason="only an OFFLINE member has a health check failure reason."
        )
    return HealthReason(reason.reason_code, reason.expected_response, reason.healthcheck_response)


def _check_listener(session: Session, member: Member, listener_id: str) -> str:
    """The listener must be one that forwards to the member's pool (its default pool, or
    through a forwarding policy)."""
    listener = session.get(Listener, listener_id)
    if (
        listener is None
        or listener.project_id != member.project_id
        or not listener_uses_pool(session, listener_id, member.pool_id)
    ):
        raise InvalidInput(
            field="listener_id",
            reason=f"listener {listener_id} does not forward to pool {member.pool_id} of "
            f"member {member.id}.",
        )
    return listener_id
