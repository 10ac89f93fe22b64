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
PersistenceType = Literal["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"]
CookieName = Annotated[str, Field(max_length=1024)]
PoolType = Literal["instance", "ip", ""]
ProtectionStatus = Literal["nonProtection", "consoleProtection"]
# "除'<'和'>'外通用Unicode字符集字符，最大255个字符"
ProtectionReason = Annotated[str, Field(max_length=255, pattern=r"^[^<>]*$")]
SlowStartDuration = Annotated[int, Field(ge=30, le=1200)]
AzPercentage = Annotated[int, Field(ge=-1, le=100)]
AzCount = Annotated[int, Field(ge=-1, le=10000)]
# the SDK documents no limit for batch-delete; mockelb takes the 200 of the member batches
MAX_BATCH_DELETE_POOLS = 200


class CreatePoolSessionPersistenceOption(ElbModel):
    type: PersistenceType
    cookie_name: CookieName | None = None
    persistence_timeout: Int32 | None = None


class UpdatePoolSessionPersistenceOption(ElbModel):
    type: PersistenceType | None = None
    cookie_name: CookieName | None = None
    persistence_timeout: Int32 | None = None


class CreatePoolSlowStartOption(ElbModel):
    enable: bool | None = None
    duration: SlowStartDuration | None = None


class UpdatePoolSlowStartOption(ElbModel):
    enable: bool | None = None
    duration: SlowStartDuration | None = None


class ConnectionDrain(ElbModel):
    enable: bool
    timeout: Annotated[int, Field(ge=10, le=4000)] | None = None


class PoolHealth(ElbModel):
    minimum_healthy_member_count: Literal[0, 1] | None = None


class AzAffinity(ElbModel):
    enable: bool
    az_minimum_healthy_member_percentage: AzPercentage | None = None
    az_minimum_healthy_member_count: AzCount | None = None
    az_unhealthy_fallback_strategy: FallbackStrategy | None = None


class UpdateAzAffinity(ElbModel):
    enable: bool | None = None
    az_minimum_healthy_member_percentage: AzPercentage | None = None
    az_minimum_healthy_member_count: AzCount | None = None
    az_unhealthy_fallback_strategy: FallbackStrategy | None = None


class QuicCidHashStrategy(ElbModel):
    len: Annotated[int, Field(ge=1, le=20)] | None = None
    offset: Annotated[int, Field(ge=0, le=19)] | None = None


class CreatePoolOption(ElbModel):
    protocol: PoolProtocol
    lb_algorithm: LbAlgorithm | None = None
    loadbalancer_id: ResourceId | None = None
    listener_id: ResourceId | None = None
    type: PoolType | None = None
    vpc_id: ResourceId | None = None
    name: Name | None = None
    description: Description | None = None
    admin_state_up: bool | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    ip_version: Literal["v4", "dualstack"] | None = None
    session_persistence: CreatePoolSessionPersistenceOption | None = None
    slow_start: CreatePoolSlowStartOption | None = None
    member_deletion_protection_enable: bool | None = None
    protection_status: ProtectionStatus | None = None
    protection_reason: ProtectionReason | None = None
    any_port_enable: bool | None = None
    connection_drain: ConnectionDrain | None = None
    pool_health: PoolHealth | None = None
    az_affinity: AzAffinity | None = None
    quic_cid_hash_strategy: QuicCidHashStrategy | None = None
    public_border_group: Annotated[str, Field(max_length=64)] | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None


class CreatePoolRequestBody(ElbModel):
    pool: CreatePoolOption


class UpdatePoolOption(ElbModel):
    """protocol, loadbalancer_id, listener_id and ip_version are not updatable: as in the
    SDK's UpdatePoolOption they are not attributes here, so they are refused as unknown."""

    admin_state_up: bool | None = None
    description: Description | None = None
    lb_algorithm: LbAlgorithm | None = None
    name: Name | None = None
    # an explicit null removes the session persistence; leaving it out keeps it
    session_persistence: UpdatePoolSessionPersistenceOption | None = None
    slow_start: UpdatePoolSlowStartOption | None = None
    member_deletion_protection_enable: bool | None = None
    vpc_id: ResourceId | None = None
    type: PoolType | None = None
    protection_status: ProtectionStatus | None = None
    protection_reason: ProtectionReason | None = None
    any_port_enable: bool | None = None
    connection_drain: ConnectionDrain | None = None
    pool_health: PoolHealth | None = None
    quic_cid_hash_strategy: QuicCidHashStrategy | None = None
    az_affinity: UpdateAzAffinity | None = None


class UpdatePoolRequestBody(ElbModel):
    pool: UpdatePoolOption


class BatchDeletePoolsRequestBody(ElbModel):
    # ids are not checked for shape: whatever is not a pool of the project is "not found"
    pools: Annotated[list[str], Field(min_length=1, max_length=MAX_BATCH_DELETE_POOLS)]
