"""The status tree as the API shows it (LoadBalancerStatus and the objects below it).

DISABLED and DEGRADED show only here (the SDK's status models say so). DISABLED: a load
balancer whose admin_state_up is false, and everything below it; a listener whose
admin_state_up is false. DEGRADED: a pool, listener or load balancer with a member under it
that is OFFLINE (under a listener, as that listener sees it; a FROZEN load balancer stays
FROZEN). A member's admin_state_up (false without a cloud server) is not taken for
DISABLED: the member would then never show its health.
"""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from mockelb.domain.member_health import OFFLINE
from mockelb.domain.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus

DISABLED = "DISABLED"
DEGRADED = "DEGRADED"
ONLINE = "ONLINE"


class LoadBalancerStatusMemberBody(TypedDict):
    """The LoadBalancerStatusMember object."""

    id: str
    address: str
    protocol_port: int
    provisioning_status: str
    operating_status: str


class LoadBalancerStatusHealthMonitorBody(TypedDict):
    """The LoadBalancerStatusHealthMonitor object."""

    id: str
    name: str
    type: str
    provisioning_status: str


class LoadBalancerStatusPoolBody(TypedDict):
    """The LoadBalancerStatusPool object; healthmonitor only on a pool that has one."""

    id: str
    name: str
    provisioning_status: str
    operating_status: str
    members: list[LoadBalancerStatusMemberBody]
    healthmonitor: NotRequired[LoadBalancerStatusHealthMonitorBody]


class LoadBalancerStatusL7RuleBody(TypedDict):
    """The LoadBalancerStatusL7Rule object."""

    id: str
    type: str
    provisioning_status: str


class LoadBalancerStatusPolicyBody(TypedDict):
    """The LoadBalancerStatusPolicy object."""

    id: str
    name: str
    action: str
    provisioning_status: str
    rules: list[LoadBalancerStatusL7RuleBody]


class LoadBalancerStatusListenerBody(TypedDict):
    """The LoadBalancerStatusListener object."""

    id: str
    name: str
    provisioning_status: str
    operating_status: str
    pools: list[LoadBalancerStatusPoolBody]
    l7policies: list[LoadBalancerStatusPolicyBody]


class LoadBalancerStatusBody(TypedDict):
    """The LoadBalancerStatus object: the root of the tree."""

    id: str
    name: str
    provisioning_status: str
    operating_status: str
    listeners: list[LoadBalancerStatusListenerBody]
    pools: list[LoadBalancerStatusPoolBody]


class LoadBalancerStatusResultBody(TypedDict):
    """The LoadBalancerStatusResult object: the tree under its loadbalancer key."""

    loadbalancer: LoadBalancerStatusBody


class ShowLoadBalancerStatusResponse(TypedDict):
    statuses: LoadBalancerStatusResultBody
    request_id: str


def _pool_status_view(
    status: PoolStatus, *, listener_id: str | None, lb_disabled: bool
) -> LoadBalancerStatusPoolBody:
    """The pool as the listener sees it (listener_id), or as the load balancer does."""
    pool = status.pool
    members: list[LoadBalancerStatusMemberBody] = []
    for member, health in status.members:
        seen = health.own if listener_id is None else health.seen_by(listener_id)
        members.append(
            {
                "id": member.id,
                "address": member.address,
                "protocol_port": member.protocol_port,
                "provisioning_status": "ACTIVE",
                "operating_status": DISABLED if lb_disabled else seen.operating_status,
            }
        )
    degraded = any(member["operating_status"] == OFFLINE for member in members)
    view: LoadBalancerStatusPoolBody = {
        "id": pool.id,
        "name": pool.name,
        "provisioning_status": "ACTIVE",
        "operating_status": DISABLED if lb_disabled else DEGRADED if degraded else ONLINE,
        "members": members,
    }
    # a pool without a health monitor has no healthmonitor key
    monitor = status.healthmonitor
    if monitor is not None:
        view["healthmonitor"] = {
            "id": monitor.id,
            "name": monitor.name,
            "type": monitor.type,
            "provisioning_status": "ACTIVE",
        }
    return view


def _listener_status_view(
    status: ListenerStatus, *, lb_disabled: bool
) -> LoadBalancerStatusListenerBody:
    listener = status.listener
    pools = [
        _pool_status_view(pool, listener_id=listener.id, lb_disabled=lb_disabled)
        for pool in status.pools
    ]
    operating_status = ONLINE
    if lb_disabled or not listener.admin_state_up:
        operating_status = DISABLED
    elif _degraded(pools) or any(
        policy.provisioning_status == "ERROR" for policy, _ in status.policies
    ):
        # the reference: DEGRADED also when a forwarding policy or rule is in ERROR
        operating_status = DEGRADED
    return {
        "id": listener.id,
        "name": listener.name,
        "provisioning_status": "ACTIVE",
        "operating_status": operating_status,
        "pools": pools,
        "l7policies": [
            {
                "id": policy.id,
                "name": policy.name,
                "action": policy.action,
                "provisioning_status": policy.provisioning_status,
                "rules": [
                    {
                        "id": rule.id,
                        "type": rule.type,
                        # a rule is ERROR with its policy (the policy duplicates another)
                        "provisioning_status": (
                            "ERROR"
                            if policy.provisioning_status == "ERROR"
                            else rule.provisioning_status
                        ),
                    }
                    for rule in rules
                ],
            }
            for policy, rules in status.policies
        ],
    }


def load_balancer_status_view(tree: LoadBalancerStatusTree) -> LoadBalancerStatusBody:
    """The LoadBalancerStatus object of show_load_balancer_status."""
    lb = tree.loadbalancer
    disabled = not lb.admin_state_up
    listeners = [
        _listener_status_view(listener, lb_disabled=disabled) for listener in tree.listeners
    ]
    pools = [_pool_status_view(pool, listener_id=None, lb_disabled=disabled) for pool in tree.pools]
    operating_status = lb.operating_status
    if disabled:
        operating_status = DISABLED
    elif operating_status == ONLINE and (
        _degraded(pools) or any(_degraded(listener["pools"]) for listener in listeners)
    ):
        operating_status = DEGRADED
    return {
        "id": lb.id,
        "name": lb.name,
        "provisioning_status": lb.provisioning_status,
        "operating_status": operating_status,
        "listeners": listeners,
        "pools": pools,
    }


def _degraded(pools: list[LoadBalancerStatusPoolBody]) -> bool:
    return any(pool["operating_status"] == DEGRADED for pool in pools)
