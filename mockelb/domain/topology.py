"""A load balancer's topology: what services/topology builds and views/topology shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockelb.models import L7Policy, L7Rule, Listener, LoadBalancer, Pool

# the node kinds an edge joins (TopologyEdge.source_type / target_type)
LOADBALANCER, LISTENER, POOL = "loadbalancer", "listener", "pool"
# the label of an edge a forwarding policy makes; label_id names the policy, which the
# topology's labels.l7policies then describe
L7POLICY_LABEL = "l7policy"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    source_type: str
    target_type: str
    # None for the edges the resources themselves make (a listener of the load balancer,
    # a listener's default pool, a pool on the load balancer that no listener uses)
    label: str | None = None
    label_id: str | None = None


@dataclass
class Topology:
    loadbalancer: LoadBalancer
    listeners: list[Listener] = field(default_factory=list)
    pools: list[Pool] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    # the policies the edges name, each with its rules
    policies: list[tuple[L7Policy, list[L7Rule]]] = field(default_factory=list)
