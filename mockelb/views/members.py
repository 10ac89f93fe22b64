"""Members as the API shows them: Member (show/list/create/update), BatchMember (batch-add),
BatchUpdateMember (batch-update), BatchDeleteMembersState and MemberInfo (list_all)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockelb.models import Member
from mockelb.services.members import MemberPool, PoolState

_COLUMNS = tuple(column.key for column in Member.__table__.columns)


def columns_of(member: Member) -> dict[str, Any]:
    """The member's stored columns as a plain mapping."""
    return {key: getattr(member, key) for key in _COLUMNS}


def _status(state: PoolState) -> list[dict[str, Any]]:
    return [
        {"listener_id": listener_id, "operating_status": state.operating_status}
        for listener_id in state.listener_ids
    ]


def _common(row: Mapping[str, Any], state: PoolState) -> dict[str, Any]:
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
        "operating_status": state.operating_status,
        "status": _status(state),
        "reason": None,
        "member_type": row["member_type"],
        "instance_id": row["instance_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def member_view(row: Mapping[str, Any], state: PoolState) -> dict[str, Any]:
    """The Member object of show, list and create responses."""
    return {
        **_common(row, state),
        "ip_version": row["ip_version"],
        "availability_zone": row["availability_zone"],
    }


def batch_member_view(row: Mapping[str, Any], ret_status: str, state: PoolState) -> dict[str, Any]:
    """The BatchMember object of a batch-add response (no ip_version, no AZ)."""
    return {**_common(row, state), "port_id": row["port_id"], "ret_status": ret_status}


def batch_update_member_view(row: Mapping[str, Any], state: PoolState) -> dict[str, Any]:
    """The BatchUpdateMember object of a batch-update response."""
    return {
        **_common(row, state),
        "port_id": row["port_id"],
        "availability_zone": row["availability_zone"],
    }


def batch_delete_state_view(member_id: str, ret_status: str) -> dict[str, Any]:
    """The BatchDeleteMembersState object of a batch-delete response."""
    return {"id": member_id, "ret_status": ret_status}


def member_info_view(row: Mapping[str, Any], pool: MemberPool) -> dict[str, Any]:
    """The MemberInfo object of list_all_members: a Member with its pool and server."""
    instance_id = row["instance_id"]
    return {
        **member_view(row, pool.state),
        "pool_id": row["pool_id"],
        # the cloud names the ECS that owns the member's port, as Neutron ports do
        "device_owner": f"compute:{row['availability_zone']}" if instance_id else "",
        "device_id": instance_id,
        # a pool on no load balancer has none to name (null, and an empty list)
        "loadbalancer_id": pool.loadbalancer_id,
        "loadbalancers": [{"id": pool.loadbalancer_id}] if pool.loadbalancer_id else [],
    }
