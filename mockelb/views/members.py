"""Members as the API shows them: Member (show/list/create/update), BatchMember (batch-add),
BatchUpdateMember (batch-update), BatchDeleteMembersState and MemberInfo (list_all)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NotRequired

from typing_extensions import TypedDict

from mockelb.domain.member_health import Health, HealthBook, HealthReason, MemberHealth
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


class _ShownHealth:
    """The status list and reason of each health one answer shows, built once per health:
    the members of a page mostly share one health object (HealthBook.derived), and their
    views then share its status list."""

    def __init__(self) -> None:
        # by id(); the health is kept with its views, so no id is reused while they live
        self._shown: dict[
            int,
            tuple[MemberHealth, list[MemberStatusBody], MemberHealthCheckFailedReasonBody | None],
        ] = {}

    def of(
        self, health: MemberHealth
    ) -> tuple[list[MemberStatusBody], MemberHealthCheckFailedReasonBody | None]:
        shown = self._shown.get(id(health))
        if shown is None or shown[0] is not health:
            status = [_member_status_view(e.listener_id, e.health) for e in health.status]
            shown = self._shown[id(health)] = (health, status, reason_view(health.own.reason))
        return shown[1], shown[2]


def _common(
    row: MemberColumns, health: MemberHealth, shown: _ShownHealth | None = None
) -> _MemberFields:
    """The fields every member object of the API shares (Member, BatchMember, …)."""
    status, reason = (shown or _ShownHealth()).of(health)
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
        "status": status,
        "reason": reason,
        "member_type": row["member_type"],
        "instance_id": row["instance_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def member_view(
    row: MemberColumns, health: MemberHealth, shown: _ShownHealth | None = None
) -> MemberBody:
    """The Member object of show, list and create responses."""
    return {
        **_common(row, health, shown),
        "ip_version": row["ip_version"],
        "availability_zone": row["availability_zone"],
    }


def member_views(rows: Iterable[MemberColumns], health: HealthBook) -> list[MemberBody]:
    """The Member objects of a list's page."""
    shown = _ShownHealth()
    return [member_view(row, health.of_row(row), shown) for row in rows]


def batch_member_views(
    members: Iterable[tuple[MemberColumns, str]], health: HealthBook
) -> list[BatchMemberBody]:
    """The BatchMember objects of a batch-add response, from (columns, ret_status) each (no
    ip_version, no AZ)."""
    shown = _ShownHealth()
    return [
        {
            **_common(row, health.of_row(row), shown),
            "port_id": row["port_id"],
            "ret_status": ret_status,
        }
        for row, ret_status in members
    ]


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
