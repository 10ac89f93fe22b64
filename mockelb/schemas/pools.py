"""Wire schemas of the pool operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Int32, Name, ResourceId

PoolProtocol = Literal["TCP", "UDP", "IP", "TLS", "GRPC", "HTTP", "HTTPS", "QUIC"]
LbAlgorithm = Literal[
    "ROUND_ROBIN",
    "LEAST_CONNECTIONS",
    "SOURCE_IP",
    "QUIC_CID",
    "2_TUPLE_HASH",
    "3_TUPLE_HASH",
    "5_TUPLE_HASH",
]
FallbackStrategy = Literal[
    "forward_to_all_member_of_local_az",
    "forward_to_healthy_member_of_remote_az",
    "forward_to_all_healthy_member",
    "forward_to_all_member",
]


class CreatePoolSessionPersistenceOption(ElbModel):
    type: Literal["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]
    cookie_name: Annotated[str, Field(max_length=1024)] | None = None
    persistence_timeout: Int32 | None = None


class CreatePoolSlowStartOption(ElbModel):
    enable: bool | None = None
    duration: Annotated[int, Field(ge=30, le=1200)] | None = None


class ConnectionDrain(ElbModel):
    enable: bool
    timeout: Annotated[int, Field(ge=10, le=4000)] | None = None


class PoolHealth(ElbModel):
    minimum_healthy_member_count: Literal[0, 1] | None = None


class AzAffinity(ElbModel):
    enable: bool
    az_minimum_healthy_member_percentage: Annotated[int, Field(ge=-1, le=100)] | None = None
    az_minimum_healthy_member_count: Annotated[int, Field(ge=-1, le=10000)] | None = None
    az_unhealthy_fallback_strategy: FallbackStrategy | None = None


class QuicCidHashStrategy(ElbModel):
    len: Annotated[int, Field(ge=1, le=20)] | None = None
    offset: Annotated[int, Field(ge=0, le=19)] | None = None


class CreatePoolOption(ElbModel):
    protocol: PoolProtocol
    lb_algorithm: LbAlgorithm | None = None
    loadbalancer_id: ResourceId | None = None
    listener_id: ResourceId | None = None
    type: Literal["instance", "ip", ""] | None = None
    vpc_id: ResourceId | None = None
    name: Name | None = None
    description: Description | None = None
    admin_state_up: bool | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    ip_version: Literal["v4", "dualstack"] | None = None
    session_persistence: CreatePoolSessionPersistenceOption | None = None
    slow_start: CreatePoolSlowStartOption | None = None
    member_deletion_protection_enable: bool | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: Annotated[str, Field(max_length=255)] | None = None
    any_port_enable: bool | None = None
    connection_drain: ConnectionDrain | None = None
    pool_health: PoolHealth | None = None
    az_affinity: AzAffinity | None = None
    quic_cid_hash_strategy: QuicCidHashStrategy | None = None
    public_border_group: Annotated[str, Field(max_length=64)] | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None


class CreatePoolRequestBody(ElbModel):
    pool: CreatePoolOption
