"""Pools as the API shows them."""

from __future__ import annotations

from typing import Any, NotRequired

from typing_extensions import TypedDict

from mockelb.domain.pools import (
    DEFAULT_AZ_AFFINITY,
    DEFAULT_CONNECTION_DRAIN,
    DEFAULT_POOL_HEALTH,
    AzAffinityBody,
    BatchDeleteResult,
    ConnectionDrainBody,
    PoolHealthBody,
    QuicCidHashStrategyBody,
    SessionPersistenceBody,
    SlowStartBody,
)
from mockelb.models import Pool
from mockelb.views.common import PageInfo, ResourceRef, refs_view


class PoolBody(TypedDict):
    """The Pool object of show, list, create and update responses."""

    id: str
    name: str
    description: str
    project_id: str
    admin_state_up: bool
    protocol: str
    lb_algorithm: str
    loadbalancers: list[ResourceRef]
    listeners: list[ResourceRef]
    members: list[ResourceRef]
    healthmonitor_id: str | None
    session_persistence: SessionPersistenceBody | None
    slow_start: SlowStartBody | None
    ip_version: str
    member_deletion_protection_enable: bool
    vpc_id: str
    type: str
    protection_status: str
    protection_reason: str
    any_port_enable: bool
    # shown with their defaults when the pool never set them
    connection_drain: ConnectionDrainBody
    pool_health: PoolHealthBody
    az_affinity: AzAffinityBody
    # only on QUIC_CID pools
    quic_cid_hash_strategy: QuicCidHashStrategyBody | None
    public_border_group: str
    enterprise_project_id: str
    created_at: str
    updated_at: str


class BatchDeletePoolsRespBody(TypedDict):
    """What BatchDeletePools says of one id (BatchDeletePoolsResp)."""

    id: str
    ret_status: str
    # only when the pool was not deleted
    ret_code: NotRequired[str]


class CreatePoolResponse(TypedDict):
    pool: PoolBody
    request_id: str


class ShowPoolResponse(TypedDict):
    pool: PoolBody
    request_id: str


class UpdatePoolResponse(TypedDict):
    pool: PoolBody
    request_id: str


class ListPoolsResponse(TypedDict):
    pools: list[PoolBody]
    page_info: PageInfo
    request_id: str


class BatchDeletePoolsResponse(TypedDict):
    pools: list[BatchDeletePoolsRespBody]
    request_id: str


def pool_view(pool: Pool, listener_ids: list[str], member_ids: list[str]) -> PoolBody:
    """The Pool object of show, list, create and update responses."""
    return {
        "id": pool.id,
        "name": pool.name,
        "description": pool.description,
        "project_id": pool.project_id,
        "admin_state_up": True,
        "protocol": pool.protocol,
        "lb_algorithm": pool.lb_algorithm,
        "loadbalancers": refs_view([pool.loadbalancer_id] if pool.loadbalancer_id else []),
        "listeners": refs_view(listener_ids),
        "members": refs_view(member_ids),
        "healthmonitor_id": pool.healthmonitor_id,
        "session_persistence": _session_persistence_view(pool.session_persistence),
        "slow_start": _slow_start_view(pool.slow_start),
        "ip_version": pool.ip_version,
        "member_deletion_protection_enable": pool.member_deletion_protection_enable,
        "vpc_id": pool.vpc_id,
        "type": pool.type,
        "protection_status": pool.protection_status,
        "protection_reason": pool.protection_reason,
        "any_port_enable": pool.any_port_enable,
        "connection_drain": _connection_drain_view(pool.connection_drain),
        "pool_health": _pool_health_view(pool.pool_health),
        "az_affinity": _az_affinity_view(pool.az_affinity),
        "quic_cid_hash_strategy": _quic_cid_hash_strategy_view(pool.quic_cid_hash_strategy),
        "public_border_group": pool.public_border_group,
        "enterprise_project_id": pool.enterprise_project_id,
        "created_at": pool.created_at,
        "updated_at": pool.updated_at,
    }


def _session_persistence_view(stored: dict[str, Any] | None) -> SessionPersistenceBody | None:
    if stored is None:
        return None
    return {
        "type": stored["type"],
        "cookie_name": stored["cookie_name"],
        "persistence_timeout": stored["persistence_timeout"],
    }


def _slow_start_view(stored: dict[str, Any] | None) -> SlowStartBody | None:
    if stored is None:
        return None
    return {"enable": stored["enable"], "duration": stored["duration"]}


def _connection_drain_view(stored: dict[str, Any] | None) -> ConnectionDrainBody:
    if not stored:
        return DEFAULT_CONNECTION_DRAIN.copy()
    return {"enable": stored["enable"], "timeout": stored["timeout"]}


def _pool_health_view(stored: dict[str, Any] | None) -> PoolHealthBody:
    if not stored:
        return DEFAULT_POOL_HEALTH.copy()
    return {"minimum_healthy_member_count": stored["minimum_healthy_member_count"]}


def _az_affinity_view(stored: dict[str, Any] | None) -> AzAffinityBody:
    if not stored:
        return DEFAULT_AZ_AFFINITY.copy()
    return {
        "enable": stored["enable"],
        "az_minimum_healthy_member_percentage": stored["az_minimum_healthy_member_percentage"],
        "az_minimum_healthy_member_count": stored["az_minimum_healthy_member_count"],
        "az_unhealthy_fallback_strategy": stored["az_unhealthy_fallback_strategy"],
    }


def _quic_cid_hash_strategy_view(stored: dict[str, Any] | None) -> QuicCidHashStrategyBody | None:
    if stored is None:
        return None
    return {"len": stored["len"], "offset": stored["offset"]}


def batch_delete_result_view(result: BatchDeleteResult) -> BatchDeletePoolsRespBody:
    """One BatchDeletePoolsResp: ret_code only when the pool was not deleted."""
    view: BatchDeletePoolsRespBody = {"id": result.id, "ret_status": result.ret_status}
    if result.ret_code is not None:
        view["ret_code"] = result.ret_code
    return view
