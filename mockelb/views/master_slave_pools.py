"""Active/standby (master-slave) pools as the API shows them: MasterSlavePool, with its
MasterSlaveMember objects and its MasterSlaveHealthMonitor."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.member_health import MemberHealth
from mockelb.domain.pools import (
    ConnectionDrainBody,
    QuicCidHashStrategyBody,
    SessionPersistenceBody,
)
from mockelb.models import HealthMonitor, Member, Pool
from mockelb.views.common import PageInfo, ResourceRef
from mockelb.views.members import MemberHealthCheckFailedReasonBody, reason_view
from mockelb.views.pools import pool_view


class ListenerMemberInfoBody(TypedDict):
    """A member's health as one listener of its pool sees it (ListenerMemberInfo)."""

    listener_id: str
    operating_status: str


class MasterSlaveMemberBody(TypedDict):
    """The MasterSlaveMember object: a member with its role (no weight, no times)."""

    id: str
    name: str
    admin_state_up: bool
    # null for IP-type members (no subnet)
    subnet_cidr_id: str | None
    protocol_port: int
    address: str
    ip_version: str
    device_owner: str
    device_id: str
    operating_status: str
    # null unless a test forced a failure reason (mockelb sends no probes)
    reason: MemberHealthCheckFailedReasonBody | None
    member_type: str
    instance_id: str
    role: str
    status: list[ListenerMemberInfoBody]


class MasterSlaveHealthMonitorBody(TypedDict):
    """The MasterSlaveHealthMonitor object: the pool's monitor, inline."""

    id: str
    name: str
    admin_state_up: bool
    type: str
    delay: int
    timeout: int
    max_retries: int
    max_retries_down: int
    monitor_port: int | None
    http_method: str | None
    url_path: str | None
    domain_name: str | None
    expected_codes: str | None


class MasterSlavePoolBody(TypedDict):
    """The MasterSlavePool object of create, show and list responses."""

    id: str
    name: str
    description: str
    project_id: str
    protocol: str
    lb_algorithm: str
    listeners: list[ResourceRef]
    loadbalancers: list[ResourceRef]
    members: list[MasterSlaveMemberBody]
    healthmonitor: MasterSlaveHealthMonitorBody
    session_persistence: SessionPersistenceBody | None
    ip_version: str
    vpc_id: str
    type: str
    any_port_enable: bool
    connection_drain: ConnectionDrainBody
    # only on QUIC_CID pools
    quic_cid_hash_strategy: QuicCidHashStrategyBody | None
    public_border_group: str
    enterprise_project_id: str
    created_at: str
    updated_at: str


class CreateMasterSlavePoolResponse(TypedDict):
    pool: MasterSlavePoolBody
    request_id: str


class ShowMasterSlavePoolResponse(TypedDict):
    pool: MasterSlavePoolBody
    request_id: str


class ListMasterSlavePoolsResponse(TypedDict):
    pools: list[MasterSlavePoolBody]
    page_info: PageInfo
    request_id: str


def master_slave_member_view(member: Member, health: MemberHealth) -> MasterSlaveMemberBody:
    instance_id = member.instance_id
    return {
        "id": member.id,
        "name": member.name,
        "admin_state_up": member.admin_state_up,
        "subnet_cidr_id": member.subnet_cidr_id,
        "protocol_port": member.protocol_port,
        "address": member.address,
        "ip_version": member.ip_version,
        # the cloud names the ECS that owns the member's port, as list_all_members does
        "device_owner": f"compute:{member.availability_zone}" if instance_id else "",
        "device_id": instance_id,
        "operating_status": health.own.operating_status,
        "reason": reason_view(health.own.reason),
        "member_type": member.member_type,
        "instance_id": instance_id,
        "role": member.role or "",
        "status": [
            {"listener_id": entry.listener_id, "operating_status": entry.health.operating_status}
            for entry in health.status
        ],
    }


def master_slave_monitor_view(monitor: HealthMonitor) -> MasterSlaveHealthMonitorBody:
    return {
        "id": monitor.id,
        "name": monitor.name,
        "admin_state_up": monitor.admin_state_up,
        "type": monitor.type,
        "delay": monitor.delay,
        "timeout": monitor.timeout,
        "max_retries": monitor.max_retries,
        "max_retries_down": monitor.max_retries_down,
        "monitor_port": monitor.monitor_port,
        "http_method": monitor.http_method,
        "url_path": monitor.url_path,
        "domain_name": monitor.domain_name,
        "expected_codes": monitor.expected_codes,
    }


def master_slave_pool_view(
    pool: Pool,
    listener_ids: list[str],
    members: list[tuple[Member, MemberHealth]],
    monitor: HealthMonitor,
) -> MasterSlavePoolBody:
    """The MasterSlavePool object: the pool's fields as show_pool has them, with its
    members and its monitor whole."""
    shown = pool_view(pool, listener_ids, [member.id for member, _ in members])
    return {
        "id": shown["id"],
        "name": shown["name"],
        "description": shown["description"],
        "project_id": shown["project_id"],
        "protocol": shown["protocol"],
        "lb_algorithm": shown["lb_algorithm"],
        "listeners": shown["listeners"],
        "loadbalancers": shown["loadbalancers"],
        "members": [master_slave_member_view(member, health) for member, health in members],
        "healthmonitor": master_slave_monitor_view(monitor),
        "session_persistence": shown["session_persistence"],
        "ip_version": shown["ip_version"],
        "vpc_id": shown["vpc_id"],
        "type": shown["type"],
        "any_port_enable": shown["any_port_enable"],
        "connection_drain": shown["connection_drain"],
        "quic_cid_hash_strategy": shown["quic_cid_hash_strategy"],
        "public_border_group": shown["public_border_group"],
        "enterprise_project_id": shown["enterprise_project_id"],
        "created_at": shown["created_at"],
        "updated_at": shown["updated_at"],
    }
