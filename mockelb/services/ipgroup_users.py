"""Which listeners use which IP address groups: those whose ipgroup.ipgroup_id names them
(several comma-separated), enabled or not. Read from the listeners, never stored on the
groups; used for a group's `listeners`, related-listeners, the 409 of delete_ip_group, the
ipgroup quotas a listener or a group change is checked against, and the quota usage.

Only the listeners that have an ipgroup are read (most listeners have none), and when the
groups wanted are few, only those whose ipgroup may name one of them: their JSON is matched
as text in SQL, then each match is checked exactly here.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sqlalchemy import ColumnElement, Text, and_, cast, or_, select
from sqlalchemy.orm import Session

from mockelb.domain.ipgroups import ipgroup_ids_of
from mockelb.models import Listener

# a group id matched as text in the listeners' JSON: only ids the JSON writes as they are
# (a seeded id with quotes or non-ASCII letters is escaped there), and only a few at once
# (one LIKE each; SQLite limits how deep an expression may nest)
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]+")
_MOST_MATCHED_AS_TEXT = 20


def _has_ipgroup() -> ColumnElement[bool]:
    """The listener has an ipgroup: neither SQL NULL nor the JSON null a listener without
    one keeps (the JSON column writes None as null)."""
    return and_(Listener.ipgroup.is_not(None), cast(Listener.ipgroup, Text) != "null")


def named_groups(
    session: Session, project_id: str, group_ids: Collection[str] | None = None
) -> dict[str, list[str]]:
    """Listener id -> the group ids its ipgroup names, for the project's listeners that have
    one; with `group_ids`, only for those naming at least one of these groups."""
    stmt = select(Listener.id, Listener.ipgroup).where(
        Listener.project_id == project_id, _has_ipgroup()
    )
    if group_ids is not None:
        if not group_ids:
            return {}
        if len(group_ids) <= _MOST_MATCHED_AS_TEXT and all(
            _PLAIN_ID.fullmatch(group_id) for group_id in group_ids
        ):
            text = cast(Listener.ipgroup, Text)
            stmt = stmt.where(
                or_(*(text.contains(group_id, autoescape=True) for group_id in group_ids))
            )
    named = {
        listener_id: ipgroup_ids_of(str(ipgroup["ipgroup_id"]))
        for listener_id, ipgroup in session.execute(stmt)
        if ipgroup
    }
    if group_ids is None:
        return named
    wanted = set(group_ids)
    return {listener_id: ids for listener_id, ids in named.items() if wanted.intersection(ids)}
