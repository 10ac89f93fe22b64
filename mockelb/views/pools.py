"""Pools as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import Pool
from mockelb.services.pools import (
    DEFAULT_AZ_AFFINITY,
    DEFAULT_CONNECTION_DRAIN,
    DEFAULT_POOL_HEALTH,
    BatchDeleteResult,
)


def _refs(ids: list[str]) -> list[dict[str, str]]:
    return [{"id": resource_id} for resource_id in ids]


def pool_view(pool: Pool, listener_ids: list[str], member_ids: list[str]) -> dict[str, Any]:
    """The Pool object of show, list, create and update responses."""
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
        "connection_drain": pool.connection_drain or dict(DEFAULT_CONNECTION_DRAIN),
        "pool_health": pool.pool_health or dict(DEFAULT_POOL_HEALTH),
        "az_affinity": pool.az_affinity or dict(DEFAULT_AZ_AFFINITY),
        "quic_cid_hash_strategy": pool.quic_cid_hash_strategy,
        "public_border_group": pool.public_border_group,
        "enterprise_project_id": pool.enterprise_project_id,
        "created_at": pool.created_at,
        "updated_at": pool.updated_at,
    }


def batch_delete_result_view(result: BatchDeleteResult) -> dict[str, str]:
    """One BatchDeletePoolsResp: ret_code only when the pool was not deleted."""
    view = {"id": result.id, "ret_status": result.ret_status}
    if result.ret_code is not None:
        view["ret_code"] = result.ret_code
    return view
