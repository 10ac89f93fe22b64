"""Members: what the member services return and the member views render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import RowMapping

if TYPE_CHECKING:
    from mockelb.domain.member_health import HealthBook

# a member's stored columns as a plain mapping: batch-add builds and bulk-inserts these
# (Core rows, not ORM objects), and the views render them as they render ORM members
MemberRow = dict[str, Any]
# what the views read a member's columns from: such a dict, or a row of a list's page
MemberColumns = Mapping[str, Any] | RowMapping


@dataclass(frozen=True, slots=True)
class PoolState:
    """What every member of one pool shares: the health the pool's state gives them (see
    member_health) and the listeners that use the pool."""

    operating_status: str
    listener_ids: tuple[str, ...]
    # when the pool's enabled health monitor last changed (INITIAL pools; the clock of
    # --member-online-after counts from it)
    monitor_since: str | None = None


@dataclass(frozen=True, slots=True)
class BatchCreateResult:
    health: HealthBook
    members: list[tuple[MemberRow, str]]  # (member columns, ret_status) in request order
