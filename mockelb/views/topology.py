"""A load balancer's topology as the API shows it (LoadBalancerTopologyResult)."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.listeners import PortRangeBody
from mockelb.domain.topology import Edge, Topology
from mockelb.models import L7Policy, L7Rule, Listener, LoadBalancer, Pool
from mockelb.views.l7policies import L7RuleBody, l7_rule_view


class LoadBalancerNodeBody(TypedDict):
    id: str
    name: str
    guaranteed: bool
    l4_flavor_id: str | None
    l7_flavor_id: str | None
    vip_address: str | None
    ipv6_vip_address: str | None
    availability_zone_list: list[str]


class EipNodeBody(TypedDict):
    """An EIP bound to the load balancer (mockelb binds none: eips is always empty)."""

    id: str
    ip_address: str
    ip_version: int


class ListenerNodeBody(TypedDict):
    id: str
    name: str
    protocol: str
    protocol_port: int
    # as show_listener has them: empty unless the listener takes every port (port 0)
    port_ranges: list[PortRangeBody]


class PoolNodeBody(TypedDict):
    id: str
    name: str
    protocol: str
    type: str
    lb_algorithm: str


class TopologyNodesBody(TypedDict):
    loadbalancers: list[LoadBalancerNodeBody]
    eips: list[EipNodeBody]
    listeners: list[ListenerNodeBody]
    pools: list[PoolNodeBody]


class TopologyEdgeBody(TypedDict):
    source: str
    target: str
    source_type: str
    target_type: str
    # "l7policy" on the edges a forwarding policy makes, else null
    label: str | None
    # the policy of such an edge, else null
    label_id: str | None


class PolicyLabelBody(TypedDict):
    id: str
    name: str
    priority: int | None
    action: str
    admin_state_up: bool
    rules: list[L7RuleBody]


class TopologyLabelsBody(TypedDict):
    l7policies: list[PolicyLabelBody]


class LoadBalancerTopologyResultBody(TypedDict):
    nodes: TopologyNodesBody
    edges: list[TopologyEdgeBody]
    labels: TopologyLabelsBody


class ShowLoadBalancerTopologyResponse(TypedDict):
    topology: LoadBalancerTopologyResultBody
    request_id: str


def _loadbalancer_node(lb: LoadBalancer) -> LoadBalancerNodeBody:
    return {
        "id": lb.id,
        "name": lb.name,
        "guaranteed": lb.guaranteed,
        "l4_flavor_id": lb.l4_flavor_id,
        "l7_flavor_id": lb.l7_flavor_id,
        "vip_address": lb.vip_address,
        "ipv6_vip_address": lb.ipv6_vip_address,
        "availability_zone_list": list(lb.availability_zone_list),
    }


def _listener_node(listener: Listener) -> ListenerNodeBody:
    return {
        "id": listener.id,
        "name": listener.name,
        "protocol": listener.protocol,
        "protocol_port": listener.protocol_port,
        "port_ranges": [
            {"start_port": item["start_port"], "end_port": item["end_port"]}
            for item in listener.port_ranges or []
        ],
    }


def _pool_node(pool: Pool) -> PoolNodeBody:
    return {
        "id": pool.id,
        "name": pool.name,
        "protocol": pool.protocol,
        "type": pool.type,
        "lb_algorithm": pool.lb_algorithm,
    }


def _edge(edge: Edge) -> TopologyEdgeBody:
    return {
        "source": edge.source,
        "target": edge.target,
        "source_type": edge.source_type,
        "target_type": edge.target_type,
        "label": edge.label,
        "label_id": edge.label_id,
    }


def _policy_label(policy: L7Policy, rules: list[L7Rule]) -> PolicyLabelBody:
    return {
        "id": policy.id,
        "name": policy.name,
        "priority": policy.priority,
        "action": policy.action,
        "admin_state_up": policy.admin_state_up,
        "rules": [l7_rule_view(rule) for rule in rules],
    }


def topology_view(topology: Topology) -> LoadBalancerTopologyResultBody:
    return {
        "nodes": {
            "loadbalancers": [_loadbalancer_node(topology.loadbalancer)],
            "eips": [],
            "listeners": [_listener_node(listener) for listener in topology.listeners],
            "pools": [_pool_node(pool) for pool in topology.pools],
        },
        "edges": [_edge(edge) for edge in topology.edges],
        "labels": {
            "l7policies": [_policy_label(policy, rules) for policy, rules in topology.policies]
        },
    }
