"""Wire schemas of the active/standby (master-slave) pool operations, named as in the SDK.

Ranges and lengths are those of the ordinary pool, member and health monitor schemas the
SDK docstrings share with these (CreateMasterSlavePoolOption repeats CreatePoolOption's
text); the rules that need the load balancer, the listener or the pool are checked in
services/master_slave_pools.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Name, ResourceId
from mockelb.schemas.healthmonitors import (
    Delay,
    DomainName,
    ExpectedCodes,
    HttpMethod,
    MonitorPort,
    Retries,
    Timeout,
    UrlPath,
)
from mockelb.schemas.members import Address, MemberPort, SubnetCidrId
from mockelb.schemas.pools import (
    ConnectionDrain,
    CreatePoolSessionPersistenceOption,
    QuicCidHashStrategy,
)

# CreateMasterSlavePoolOption.protocol / lb_algorithm: the values its docstring lists
MasterSlaveProtocol = Literal["TCP", "UDP", "QUIC", "TLS"]
MasterSlaveAlgorithm = Literal["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"]
# CreateMasterSlaveHealthMonitorOption.type: "TCP、UDP_CONNECT、HTTP、HTTPS"
MasterSlaveMonitorType = Literal["TCP", "UDP_CONNECT", "HTTP", "HTTPS"]
Role = Literal["master", "slave"]


class CreateMasterSlaveMemberOption(ElbModel):
    address: Address
    role: Role
    protocol_port: MemberPort | None = None
    name: Name | None = None
    subnet_cidr_id: SubnetCidrId | None = None
    # derived from the backing server, as on an ordinary member: accepted, never set
    admin_state_up: bool | None = None


class CreateMasterSlaveHealthMonitorOption(ElbModel):
    type: MasterSlaveMonitorType
    delay: Delay
    timeout: Timeout
    max_retries: Retries
    max_retries_down: Retries | None = None
    monitor_port: MonitorPort | None = None
    http_method: HttpMethod | None = None
    url_path: UrlPath | None = None
    domain_name: DomainName | None = None
    expected_codes: ExpectedCodes | None = None
    name: Name | None = None


class CreateMasterSlavePoolOption(ElbModel):
    """`type` is marked required by the SDK's constructor, yet its own docstring (and that
    of loadbalancer_id and listener_id) asks only for one of listener_id, loadbalancer_id
    and type, and Huawei's Terraform provider leaves it out: mockelb takes the docstring's
    rule, and a pool created without a type shows type "" (as MasterSlavePool documents)."""

    protocol: MasterSlaveProtocol
    lb_algorithm: MasterSlaveAlgorithm
    # "只能添加2个后端服务器，必须有一个为主，一个为备": exactly two (roles checked in the service)
    members: Annotated[Sequence[CreateMasterSlaveMemberOption], Field(min_length=2, max_length=2)]
    healthmonitor: CreateMasterSlaveHealthMonitorOption
    type: Literal["instance", "ip"] | None = None
    loadbalancer_id: ResourceId | None = None
    listener_id: ResourceId | None = None
    vpc_id: ResourceId | None = None
    name: Name | None = None
    description: Description | None = None
    # the project comes from the URL; the body's copy is accepted and not used
    project_id: Annotated[str, Field(max_length=32)] | None = None
    ip_version: Literal["v4", "dualstack"] | None = None
    session_persistence: CreatePoolSessionPersistenceOption | None = None
    any_port_enable: bool | None = None
    connection_drain: ConnectionDrain | None = None
    quic_cid_hash_strategy: QuicCidHashStrategy | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    public_border_group: Annotated[str, Field(max_length=64)] | None = None


class CreateMasterSlavePoolRequestBody(ElbModel):
    pool: CreateMasterSlavePoolOption
