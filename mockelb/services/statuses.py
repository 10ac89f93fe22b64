"""The status tree of a load balancer: its listeners, pools, members and health monitors.

A fixed number of queries, whatever the number of pools and members; the members'
health is the one the member API reports (member_health).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mockelb.domain.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus
from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.member_health import health_book


def show_load_balancer_status(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> LoadBalancerStatusTree:
    """The load balancer, each listener with its default pool, and every pool of the load
    balancer (those behind a listener too, as in the API reference's example)."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    listeners = _listeners_of(session, lb)
    pools = _pools_of(session, lb, listeners)
    statuses = _pool_statuses(session, pools)
    return LoadBalancerStatusTree(
        loadbalancer=lb,
        listeners=[_listener_status(listener, statuses) for listener in listeners],
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


def _listener_status(listener: Listener, statuses: dict[str, PoolStatus]) -> ListenerStatus:
    """The listener with its default pool, if it has one."""
    pool_id = listener.default_pool_id
    if pool_id is None or pool_id not in statuses:
        return ListenerStatus(listener=listener, pools=[])
    return ListenerStatus(listener=listener, pools=[statuses[pool_id]])
