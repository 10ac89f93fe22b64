"""Pools as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import Pool


def _refs(ids: list[str]) -> list[dict[str, str]]:
    return [{"id": resource_id} for resource_id in ids]


def pool_view(pool: Pool, listener_ids: list[str], member_ids: list[str]) -> dict[str, Any]:
    """The Pool object of show, list and create responses."""
    return {
        "id": pool.id,
        "name": pool.name,
        "description": pool.description,
        "project_id": pool.project_id,
        "admin_state_up": True,
        "protocol": pool.protocol,
        "lb_algorithm": pool.lb_algorithm,
        "loadbalancers": _refs([pool.loadbalancer_id] if pool.loadbalancer_id else []),
        "listeners": _refs(listener_ids),
        "members": _refs(member_ids),
        "healthmonitor_id": pool.healthmonitor_id,
        "session_persistence": pool.session_persistence,
        "slow_start": pool.slow_start,
        "ip_version": pool.ip_version,
        "member_deletion_protection_enable": pool.member_deletion_protection_enable,
        "vpc_id": pool.vpc_id,
        "type": pool.type,
        "protection_status": pool.protection_status,
        "protection_reason": pool.protection_reason,
        "any_port_enable": pool.any_port_enable,
        "connection_drain": pool.connection_drain or {"enable": False, "timeout": 300},
        "pool_health": pool.pool_health or {"minimum_healthy_member_count": 0},
        "az_affinity": pool.az_affinity
        or {
            "enable": False,
            "az_minimum_healthy_member_percentage": -1,
            "az_minimum_healthy_member_count": -1,
            "az_unhealthy_fallback_strategy": "forward_to_all_member_of_local_az",
        },
        "quic_cid_hash_strategy": pool.quic_cid_hash_strategy,
        "public_border_group": pool.public_border_group,
        "enterprise_project_id": pool.enterprise_project_id,
        "created_at": pool.created_at,
        "updated_at": pool.updated_at,
    }
