"""The status tree of a load balancer: its listeners, pools, members and health monitors.

A fixed number of queries, whatever the number of pools and members; the members'
operating status is the one the member API reports (members.pool_states).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.members import pool_states


@dataclass(frozen=True, slots=True)
class PoolStatus:
    pool: Pool
    healthmonitor: HealthMonitor | None
    members: list[Member]
    member_operating_status: str


@dataclass(frozen=True, slots=True)
class ListenerStatus:
    listener: Listener
    pools: list[PoolStatus]


@dataclass(frozen=True, slots=True)
class LoadBalancerStatusTree:
    loadbalancer: LoadBalancer
    listeners: list[ListenerStatus]
    pools: list[PoolStatus]


def show_load_balancer_status(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> LoadBalancerStatusTree:
    """The load balancer, each listener with its default pool, and every pool of the load
    balancer (those behind a listener too, as in the API reference's example)."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    listeners = list(
        session.scalars(
            select(Listener).where(Listener.loadbalancer_id == lb.id).order_by(Listener.id)
        )
    )
    default_pool_ids = [listener.default_pool_id for listener in listeners]
    pools = list(
        session.scalars(
            select(Pool)
            .where(or_(Pool.loadbalancer_id == lb.id, Pool.id.in_(default_pool_ids)))
            .order_by(Pool.id)
        )
    )
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
    states = pool_states(session, pools)
    statuses = {
        pool.id: PoolStatus(
            pool=pool,
            healthmonitor=monitors.get(pool.id),
            members=members[pool.id],
            member_operating_status=states[pool.id].operating_status,
        )
        for pool in pools
    }
    return LoadBalancerStatusTree(
        loadbalancer=lb,
        listeners=[
            ListenerStatus(
                listener=listener,
                pools=[statuses[listener.default_pool_id]]
                if listener.default_pool_id in statuses
                else [],
            )
            for listener in listeners
        ],
        pools=[statuses[pool.id] for pool in pools if pool.loadbalancer_id == lb.id],
    )
