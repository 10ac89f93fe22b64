"""The status tree of a load balancer: its listeners, pools, members and health monitors.

A fixed number of queries, whatever the number of pools and members; the members'
health is the one the member API reports (member_health).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mockelb.domain.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus
from mockelb.models import HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool
from mockelb.services.l7policies import rules_of
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.member_health import health_book
from mockelb.services.pool_users import pool_listener_pairs


def show_load_balancer_status(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> LoadBalancerStatusTree:
    """The load balancer, each listener with the pools it uses (its default pool, then
    those its forwarding policies forward to) and its policies, and every pool of the load
    balancer (those behind a listener too, as in the API reference's example)."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    listeners = _listeners_of(session, lb)
    pools = _pools_of(session, lb, listeners)
    statuses = _pool_statuses(session, pools)
    policies = _policies_of(session, listeners)
    used = _pools_used(session, listeners)
    return LoadBalancerStatusTree(
        loadbalancer=lb,
        listeners=[
            ListenerStatus(
                listener=listener,
                pools=[statuses[pool_id] for pool_id in used[listener.id] if pool_id in statuses],
                policies=policies.get(listener.id, []),
            )
            for listener in listeners
        ],
        pools=[statuses[pool.id] for pool in pools if pool.loadbalancer_id == lb.id],
    )


def _listeners_of(session: Session, lb: LoadBalancer) -> list[Listener]:
    stmt = select(Listener).where(Listener.loadbalancer_id == lb.id).order_by(Listener.id)
    return list(session.scalars(stmt))


def _pools_of(session: Session, lb: LoadBalancer, listeners: list[Listener]) -> list[Pool]:
    """The pools of the load balancer and the default pools of its listeners, by id."""
    default_pool_ids = [listener.default_pool_id for listener in listeners]
    stmt = select(Pool).where(or_(Pool.loadbalancer_id == lb.id, Pool.id.in_(default_pool_ids)))
    return list(session.scalars(stmt.order_by(Pool.id)))


def _pool_statuses(session: Session, pools: list[Pool]) -> dict[str, PoolStatus]:
    """Each pool (by id) with its health monitor and its members (in id order) with their
    health."""
    pool_ids = [pool.id for pool in pools]
    members: dict[str, list[Member]] = {pool_id: [] for pool_id in pool_ids}
    for member in session.scalars(
        select(Member).where(Member.pool_id.in_(pool_ids)).order_by(Member.id)
    ):
        members[member.pool_id].append(member)
    monitors = {
        monitor.pool_id: monitor
        for monitor in session.scalars(
            select(HealthMonitor).where(HealthMonitor.pool_id.in_(pool_ids))
        )
    }
    health = health_book(session, pools)
    return {
        pool.id: PoolStatus(
            pool=pool,
            healthmonitor=monitors.get(pool.id),
            members=[(member, health.of_member(member)) for member in members[pool.id]],
        )
        for pool in pools
    }


def _policies_of(
    session: Session, listeners: list[Listener]
) -> dict[str, list[tuple[L7Policy, list[L7Rule]]]]:
    """Each listener's forwarding policies (in id order) with their rules."""
    found: dict[str, list[tuple[L7Policy, list[L7Rule]]]] = {}
    policies = list(
        session.scalars(
            select(L7Policy)
            .where(L7Policy.listener_id.in_([listener.id for listener in listeners]))
            .order_by(L7Policy.id)
        )
    )
    rules = rules_of(session, [policy.id for policy in policies])
    for policy in policies:
        found.setdefault(policy.listener_id, []).append((policy, rules[policy.id]))
    return found


def _pools_used(session: Session, listeners: list[Listener]) -> dict[str, list[str]]:
    """Each listener's pools: its default pool first, then its policies' pools by id."""
    used: dict[str, list[str]] = {
        listener.id: [listener.default_pool_id] if listener.default_pool_id else []
        for listener in listeners
    }
    pairs = pool_listener_pairs().subquery()
    stmt = (
        select(pairs.c.listener_id, pairs.c.pool_id)
        .where(pairs.c.listener_id.in_(list(used)))
        .order_by(pairs.c.pool_id)
    )
    for listener_id, pool_id in session.execute(stmt):
        if pool_id not in used[listener_id]:
            used[listener_id].append(pool_id)
    return used
