"""The status tree as the API shows it (LoadBalancerStatus and the objects below it)."""

from __future__ import annotations

from typing import Any

from mockelb.services.statuses import ListenerStatus, LoadBalancerStatusTree, PoolStatus

# DEGRADED (a member OFFLINE) never shows: mockelb sends no probes, so no member is OFFLINE.


def _pool_status_view(status: PoolStatus) -> dict[str, Any]:
    pool = status.pool
    view: dict[str, Any] = {
        "id": pool.id,
        "name": pool.name,
        "provisioning_status": "ACTIVE",
        "operating_status": "ONLINE",
        "members": [
            {
                "id": member.id,
                "address": member.address,
                "protocol_port": member.protocol_port,
                "provisioning_status": "ACTIVE",
                "operating_status": status.member_operating_status,
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


def _listener_status_view(status: ListenerStatus) -> dict[str, Any]:
    listener = status.listener
    return {
        "id": listener.id,
        "name": listener.name,
        "provisioning_status": "ACTIVE",
        # DISABLED is shown only here, for a listener whose admin_state_up is false
        "operating_status": "ONLINE" if listener.admin_state_up else "DISABLED",
        "pools": [_pool_status_view(pool) for pool in status.pools],
        # mockelb has no forwarding policies yet
        "l7policies": [],
    }


def load_balancer_status_view(tree: LoadBalancerStatusTree) -> dict[str, Any]:
    """The LoadBalancerStatus object of show_load_balancer_status."""
    lb = tree.loadbalancer
    return {
        "id": lb.id,
        "name": lb.name,
        "provisioning_status": lb.provisioning_status,
        "operating_status": lb.operating_status if lb.admin_state_up else "DISABLED",
        "listeners": [_listener_status_view(listener) for listener in tree.listeners],
        "pools": [_pool_status_view(pool) for pool in tree.pools],
    }
