"""The status tree as the API shows it (LoadBalancerStatus and the objects below it).

DISABLED shows only here: for a load balancer whose admin_state_up is false, and for
everything below it; for a listener whose admin_state_up is false. DEGRADED (a member
OFFLINE) never shows: mockelb sends no probes, so no member is OFFLINE.
"""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from mockelb.domain.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus

DISABLED = "DISABLED"


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
    """The LoadBalancerStatusPolicy object (mockelb has no forwarding policies yet)."""

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


def _pool_status_view(status: PoolStatus, *, lb_disabled: bool) -> LoadBalancerStatusPoolBody:
    pool = status.pool
    member_status = DISABLED if lb_disabled else status.member_operating_status
    view: LoadBalancerStatusPoolBody = {
        "id": pool.id,
        "name": pool.name,
        "provisioning_status": "ACTIVE",
        "operating_status": DISABLED if lb_disabled else "ONLINE",
        "members": [
            {
                "id": member.id,
                "address": member.address,
                "protocol_port": member.protocol_port,
                "provisioning_status": "ACTIVE",
                "operating_status": member_status,
            }
            for member in status.members
        ],
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
    return {
        "id": listener.id,
        "name": listener.name,
        "provisioning_status": "ACTIVE",
        "operating_status": DISABLED if lb_disabled or not listener.admin_state_up else "ONLINE",
        "pools": [_pool_status_view(pool, lb_disabled=lb_disabled) for pool in status.pools],
        # mockelb has no forwarding policies yet
        "l7policies": [],
    }


def load_balancer_status_view(tree: LoadBalancerStatusTree) -> LoadBalancerStatusBody:
    """The LoadBalancerStatus object of show_load_balancer_status."""
    lb = tree.loadbalancer
    disabled = not lb.admin_state_up
    return {
        "id": lb.id,
        "name": lb.name,
        "provisioning_status": lb.provisioning_status,
        "operating_status": DISABLED if disabled else lb.operating_status,
        "listeners": [
            _listener_status_view(listener, lb_disabled=disabled) for listener in tree.listeners
        ],
        "pools": [_pool_status_view(pool, lb_disabled=disabled) for pool in tree.pools],
    }
