"""Members: what the member services return and the member views render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# a member's stored columns as a plain mapping: batch-add builds and bulk-inserts these
# (Core rows, not ORM objects), and the views render them as they render ORM members
MemberRow = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PoolState:
    """What every member of one pool shares when rendered: health and listeners."""

    operating_status: str
    listener_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BatchCreateResult:
    pool_state: PoolState
    members: list[tuple[MemberRow, str]]  # (member columns, ret_status) in request order


@dataclass(frozen=True, slots=True)
class MemberPool:
    """What a project-wide member listing shows of each member's pool."""

    loadbalancer_id: str | None
    state: PoolState
