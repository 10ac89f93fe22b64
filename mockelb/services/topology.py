"""show_load_balancer_topology: the load balancer, its listeners and pools as a graph.

The nodes are the load balancer, its listeners and the pools they use or that it holds
(mockelb binds no EIPs: there are no EIP nodes). The edges (mockelb's reading of
TopologyEdge, which documents no values):

* load balancer -> each of its listeners;
* listener -> its default pool;
* listener -> each pool a REDIRECT_TO_POOL policy of it forwards to, and listener -> the
  listener a REDIRECT_TO_LISTENER policy names: label "l7policy", label_id the policy,
  which labels.l7policies describes with its rules;
* load balancer -> each of its pools that no listener uses.

The filters (each may repeat) narrow the graph: listener_id, listener_name,
listener_protocol and listener_protocol_port keep the listeners they match and the pools
those reach; pool_id and pool_name keep the pools they match and the listeners that reach
them. An edge stays while both its ends do, a policy while an edge it labels does.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mockelb.domain.topology import L7POLICY_LABEL, LISTENER, LOADBALANCER, POOL, Edge, Topology
from mockelb.errors import InvalidInput
from mockelb.models import L7Policy, L7PolicyPool, L7Rule, Listener, LoadBalancer, Pool
from mockelb.services.loadbalancers import show_load_balancer

LISTENER_FILTERS = ("listener_id", "listener_name", "listener_protocol", "listener_protocol_port")
POOL_FILTERS = ("pool_id", "pool_name")


def show_load_balancer_topology(
    session: Session, *, project_id: str, loadbalancer_id: str, query: Iterable[tuple[str, str]]
) -> Topology:
    """The load balancer's topology, narrowed by the query's filters."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    filters = _filters(query)
    topology = _whole_topology(session, lb)
    _narrow(topology, filters)
    return topology


def _filters(query: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    filters: dict[str, set[str]] = {}
    for key, value in query:
        if key not in LISTENER_FILTERS + POOL_FILTERS:
            continue
        if key == "listener_protocol_port":
            try:
                value = str(int(value))
            except ValueError:
                raise InvalidInput(field=key, reason="it must be an integer.") from None
        filters.setdefault(key, set()).add(value)
    return filters


def _whole_topology(session: Session, lb: LoadBalancer) -> Topology:
    """Every node and edge of the load balancer, before the filters."""
    listeners = list(
        session.scalars(
            select(Listener).where(Listener.loadbalancer_id == lb.id).order_by(Listener.id)
        )
    )
    policies = _policies_of(session, [listener.id for listener in listeners])
    targets = _policy_pools(session, [policy for policy, _ in policies])
    used = {listener.default_pool_id for listener in listeners if listener.default_pool_id}
    used.update(pool_id for pool_ids in targets.values() for pool_id in pool_ids)
    pools = list(
        session.scalars(
            select(Pool)
            .where(or_(Pool.loadbalancer_id == lb.id, Pool.id.in_(sorted(used))))
            .order_by(Pool.id)
        )
    )
    edges = [Edge(lb.id, listener.id, LOADBALANCER, LISTENER) for listener in listeners]
    for listener in listeners:
        if listener.default_pool_id:
            edges.append(Edge(listener.id, listener.default_pool_id, LISTENER, POOL))
        for policy, _ in policies:
            if policy.listener_id == listener.id:
                edges.extend(_policy_edges(policy, targets[policy.id]))
    edges.extend(Edge(lb.id, pool.id, LOADBALANCER, POOL) for pool in pools if pool.id not in used)
    return Topology(lb, listeners, pools, edges, policies)


def _policies_of(session: Session, listener_ids: list[str]) -> list[tuple[L7Policy, list[L7Rule]]]:
    """The listeners' forwarding policies, in the order they apply, each with its rules."""
    if not listener_ids:
        return []
    policies = list(
        session.scalars(
            select(L7Policy)
            .where(L7Policy.listener_id.in_(listener_ids))
            .order_by(L7Policy.listener_id, L7Policy.position, L7Policy.id)
        )
    )
    rules: dict[str, list[L7Rule]] = {policy.id: [] for policy in policies}
    if rules:
        for rule in session.scalars(
            select(L7Rule).where(L7Rule.l7policy_id.in_(list(rules))).order_by(L7Rule.id)
        ):
            rules[rule.l7policy_id].append(rule)
    return [(policy, rules[policy.id]) for policy in policies]


def _policy_pools(session: Session, policies: list[L7Policy]) -> dict[str, list[str]]:
    """The pools each policy forwards to (REDIRECT_TO_POOL), in id order."""
    targets: dict[str, list[str]] = {policy.id: [] for policy in policies}
    if targets:
        links = select(L7PolicyPool.l7policy_id, L7PolicyPool.pool_id).where(
            L7PolicyPool.l7policy_id.in_(list(targets))
        )
        for policy_id, pool_id in session.execute(links.order_by(L7PolicyPool.pool_id)):
            targets[policy_id].append(pool_id)
    return targets


def _policy_edges(policy: L7Policy, pool_ids: list[str]) -> list[Edge]:
    """The edges a policy makes from its listener, labelled with it."""
    source = policy.listener_id
    edges = [
        Edge(source, pool_id, LISTENER, POOL, L7POLICY_LABEL, policy.id) for pool_id in pool_ids
    ]
    if policy.redirect_listener_id:
        edges.append(
            Edge(source, policy.redirect_listener_id, LISTENER, LISTENER, L7POLICY_LABEL, policy.id)
        )
    return edges


def _listener_matches(listener: Listener, filters: dict[str, set[str]]) -> bool:
    values = {
        "listener_id": listener.id,
        "listener_name": listener.name,
        "listener_protocol": listener.protocol,
        "listener_protocol_port": str(listener.protocol_port),
    }
    return all(values[key] in filters[key] for key in LISTENER_FILTERS if key in filters)


def _pool_matches(pool: Pool, filters: dict[str, set[str]]) -> bool:
    values = {"pool_id": pool.id, "pool_name": pool.name}
    return all(values[key] in filters[key] for key in POOL_FILTERS if key in filters)


def _narrow(topology: Topology, filters: dict[str, set[str]]) -> None:
    listeners = {item.id for item in topology.listeners if _listener_matches(item, filters)}
    pools = {item.id for item in topology.pools if _pool_matches(item, filters)}
    if any(key in filters for key in LISTENER_FILTERS):
        pools &= {
            edge.target
            for edge in topology.edges
            if edge.source in listeners and edge.target_type == POOL
        }
    if any(key in filters for key in POOL_FILTERS):
        listeners &= {
            edge.source
            for edge in topology.edges
            if edge.target in pools and edge.source_type == LISTENER
        }
    kept = {topology.loadbalancer.id, *listeners, *pools}
    topology.listeners = [item for item in topology.listeners if item.id in listeners]
    topology.pools = [item for item in topology.pools if item.id in pools]
    topology.edges = [
        edge for edge in topology.edges if edge.source in kept and edge.target in kept
    ]
    labels = {edge.label_id for edge in topology.edges if edge.label_id}
    topology.policies = [entry for entry in topology.policies if entry[0].id in labels]
