"""Members as the API shows them: Member (show/list) and BatchMember (batch-add)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockelb.models import Member
from mockelb.services.members import PoolState

_COLUMNS = tuple(column.key for column in Member.__table__.columns)


def columns_of(member: Member) -> dict[str, Any]:
    """The member's stored columns as a plain mapping."""
    return {key: getattr(member, key) for key in _COLUMNS}


def _status(state: PoolState) -> list[dict[str, Any]]:
    return [
        {"listener_id": listener_id, "operating_status": state.operating_status}
        for listener_id in state.listener_ids
    ]


def member_view(row: Mapping[str, Any], state: PoolState) -> dict[str, Any]:
    """The Member object of show, list and create responses."""
    return {
        "id": row["id"],
        "name": row["name"],
        "project_id": row["project_id"],
        "admin_state_up": row["admin_state_up"],
        "subnet_cidr_id": row["subnet_cidr_id"],
        "protocol_port": row["protocol_port"],
        "weight": row["weight"],
        "address": row["address"],
        "ip_version": row["ip_version"],
        "availability_zone": row["availability_zone"],
        "operating_status": state.operating_status,
        "status": _status(state),
        "reason": None,
        "member_type": row["member_type"],
        "instance_id": row["instance_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def batch_member_view(row: Mapping[str, Any], ret_status: str, state: PoolState) -> dict[str, Any]:
    """The BatchMember object of a batch-add response."""
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
        "reason": None,
        "status": _status(state),
        "member_type": row["member_type"],
        "instance_id": row["instance_id"],
        "port_id": row["port_id"],
        "ret_status": ret_status,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
