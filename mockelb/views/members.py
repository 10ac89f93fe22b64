"""Members as the API shows them: Member (show/list/create/update), BatchMember (batch-add),
BatchUpdateMember (batch-update), BatchDeleteMembersState and MemberInfo (list_all)."""

from __future__ import annotations

from typing import Any, NotRequired

from typing_extensions import TypedDict

from mockelb.domain.member_health import Health, HealthReason, MemberHealth
from mockelb.domain.members import MemberColumns
from mockelb.models import Member
from mockelb.views.common import PageInfo, ResourceRef, refs_view

_COLUMNS = tuple(column.key for column in Member.__table__.columns)


class MemberHealthCheckFailedReasonBody(TypedDict):
    """Why the health check of an OFFLINE member fails (only when a test said so)."""

    reason_code: str
    # only for RESPONSE_MISMATCH
    expected_response: str | None
    healthcheck_response: str | None


class MemberStatusBody(TypedDict):
    """The MemberStatus of a member: its health as one listener of its pool sees it."""

    listener_id: str
    operating_status: str
    # only when the health check fails for a reason (as the cloud's examples leave it out)
    reason: NotRequired[MemberHealthCheckFailedReasonBody]


class _MemberFields(TypedDict):
    """The fields every member object of the API shares (Member, BatchMember, …)."""

    id: str
    name: str
    project_id: str
    admin_state_up: bool
    # null for IP-type members (no subnet)
    subnet_cidr_id: str | None
    protocol_port: int
    weight: int
    address: str
    operating_status: str
    status: list[MemberStatusBody]
    # null unless a test forced a failure reason (mockelb sends no probes)
    reason: MemberHealthCheckFailedReasonBody | None
    member_type: str
    instance_id: str
    created_at: str
    updated_at: str


class MemberBody(_MemberFields):
    """The Member object of show, list, create and update responses."""

    ip_version: str
    availability_zone: str


class BatchMemberBody(_MemberFields):
    """The BatchMember object of a batch-add response (no ip_version, no AZ)."""

    port_id: str
    ret_status: str


class BatchUpdateMemberBody(_MemberFields):
    """The BatchUpdateMember object of a batch-update response."""

    port_id: str
    availability_zone: str


class BatchDeleteMembersStateBody(TypedDict):
    """The BatchDeleteMembersState object of a batch-delete response."""

    id: str
    ret_status: str


class MemberInfoBody(MemberBody):
    """The MemberInfo object of list_all_members: a Member with its pool and server."""

    pool_id: str
    device_owner: str
    device_id: str
    # a pool on no load balancer has none to name (null, and an empty list)
    loadbalancer_id: str | None
    loadbalancers: list[ResourceRef]


class CreateMemberResponse(TypedDict):
    member: MemberBody
    request_id: str


class BatchCreateMembersResponse(TypedDict):
    members: list[BatchMemberBody]
    request_id: str


class ListMembersResponse(TypedDict):
    members: list[MemberBody]
    page_info: PageInfo
    request_id: str


class ShowMemberResponse(TypedDict):
    member: MemberBody
    request_id: str


class UpdateMemberResponse(TypedDict):
    member: MemberBody
    request_id: str


class BatchDeleteMembersResponse(TypedDict):
    members: list[BatchDeleteMembersStateBody]
    request_id: str


class BatchUpdateMembersResponse(TypedDict):
    members: list[BatchUpdateMemberBody]
    request_id: str


class ListAllMembersResponse(TypedDict):
    members: list[MemberInfoBody]
    page_info: PageInfo
    request_id: str


def columns_of(member: Member) -> dict[str, Any]:
    """The member's stored columns as a plain mapping."""
    return {key: getattr(member, key) for key in _COLUMNS}


def reason_view(reason: HealthReason | None) -> MemberHealthCheckFailedReasonBody | None:
    """The MemberHealthCheckFailedReason object, or None."""
    if reason is None:
        return None
    return {
        "reason_code": reason.reason_code,
        "expected_response": reason.expected_response,
        "healthcheck_response": reason.healthcheck_response,
    }


def _member_status_view(listener_id: str, health: Health) -> MemberStatusBody:
    view: MemberStatusBody = {
        "listener_id": listener_id,
        "operating_status": health.operating_status,
    }
    reason = reason_view(health.reason)
    if reason is not None:
        view["reason"] = reason
    return view


def _common(row: MemberColumns, health: MemberHealth) -> _MemberFields:
    """The fields every member object of the API shares (Member, BatchMember, …)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "project_id": row["project_id"],
        "admin_state_up": row["admin_state_up"],
        "subnet_cidr_id": row["subnet_cidr_id"],
        "protocol_port": row["protocol_port"],
        "weight": row["weight"],
        "address": row["address"],
        "operating_status": health.own.operating_status,
        "status": [_member_status_view(entry.listener_id, entry.health) for entry in health.status],
        "reason": reason_view(health.own.reason),
        "member_type": row["member_type"],
        "instance_id": row["instance_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def member_view(row: MemberColumns, health: MemberHealth) -> MemberBody:
    """The Member object of show, list and create responses."""
    return {
        **_common(row, health),
        "ip_version": row["ip_version"],
        "availability_zone": row["availability_zone"],
    }


def batch_member_view(row: MemberColumns, ret_status: str, health: MemberHealth) -> BatchMemberBody:
    """The BatchMember object of a batch-add response (no ip_version, no AZ)."""
    return {**_common(row, health), "port_id": row["port_id"], "ret_status": ret_status}


def batch_update_member_view(row: MemberColumns, health: MemberHealth) -> BatchUpdateMemberBody:
    """The BatchUpdateMember object of a batch-update response."""
    return {
        **_common(row, health),
        "port_id": row["port_id"],
        "availability_zone": row["availability_zone"],
    }


def batch_delete_state_view(member_id: str, ret_status: str) -> BatchDeleteMembersStateBody:
    """The BatchDeleteMembersState object of a batch-delete response."""
    return {"id": member_id, "ret_status": ret_status}


def member_info_view(
    row: MemberColumns, loadbalancer_id: str | None, health: MemberHealth
) -> MemberInfoBody:
    """The MemberInfo object of list_all_members: a Member with its pool and server."""
    instance_id = row["instance_id"]
    return {
        **member_view(row, health),
        "pool_id": row["pool_id"],
        # the cloud names the ECS that owns the member's port, as Neutron ports do
        "device_owner": f"compute:{row['availability_zone']}" if instance_id else "",
        "device_id": instance_id,
        # a pool on no load balancer has none to name (null, and an empty list)
        "loadbalancer_id": loadbalancer_id,
        "loadbalancers": refs_view([loadbalancer_id]) if loadbalancer_id else [],
    }
