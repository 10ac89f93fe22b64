"""The status tree of a load balancer, as the status service assembles it for its view."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockelb.domain.member_health import MemberHealth
from mockelb.models import HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool


@dataclass(frozen=True, slots=True)
class PoolStatus:
    """A pool with its health monitor (if any), and its members with their health."""

    pool: Pool
    healthmonitor: HealthMonitor | None
    members: list[tuple[Member, MemberHealth]]


@dataclass(frozen=True, slots=True)
class ListenerStatus:
    """A listener with the pools it uses (its default pool first, then its forwarding
    policies' pools) and its forwarding policies with their rules."""

    listener: Listener
    pools: list[PoolStatus]
    policies: list[tuple[L7Policy, list[L7Rule]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LoadBalancerStatusTree:
    """The load balancer, its listeners and every pool of the load balancer."""

    loadbalancer: LoadBalancer
    listeners: list[ListenerStatus]
    pools: list[PoolStatus]
