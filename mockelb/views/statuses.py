"""The status tree as the API shows it (LoadBalancerStatus and the objects below it).

DISABLED shows only here: for a load balancer whose admin_state_up is false, and for
everything below it; for a listener whose admin_state_up is false. DEGRADED (a member
OFFLINE) never shows: mockelb sends no probes, so no member is OFFLINE.
"""

from __future__ import annotations

from typing import Any

from mockelb.services.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus

DISABLED = "DISABLED"


def _pool_status_view(status: PoolStatus, *, lb_disabled: bool) -> dict[str, Any]:
    pool = status.pool
    member_status = DISABLED if lb_disabled else status.member_operating_status
    view: dict[str, Any] = {
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


def _listener_status_view(status: ListenerStatus, *, lb_disabled: bool) -> dict[str, Any]:
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


def load_balancer_status_view(tree: LoadBalancerStatusTree) -> dict[str, Any]:
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
