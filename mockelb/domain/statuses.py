"""The status tree of a load balancer, as the status service assembles it for its view."""

from __future__ import annotations

from dataclasses import dataclass

from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool


@dataclass(frozen=True, slots=True)
class PoolStatus:
    """A pool with its health monitor (if any), its members and their operating status."""

    pool: Pool
    healthmonitor: HealthMonitor | None
    members: list[Member]
    member_operating_status: str


@dataclass(frozen=True, slots=True)
class ListenerStatus:
    """A listener with its default pool (none, or one)."""

    listener: Listener
    pools: list[PoolStatus]


@dataclass(frozen=True, slots=True)
class LoadBalancerStatusTree:
    """The load balancer, its listeners and every pool of the load balancer."""

    loadbalancer: LoadBalancer
    listeners: list[ListenerStatus]
    pools: list[PoolStatus]
