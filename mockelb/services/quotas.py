"""Quotas: the published defaults, overridable per project, and their live usage."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.quotas import QuotaUsage
from mockelb.errors import InvalidInput, QuotaExceeded
from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool, Quota
from mockelb.services.listing import ListSpec

# The console's published defaults (ELB "Notes and Constraints"); -1 means unlimited.
DEFAULT_QUOTAS: dict[str, int] = {
    "loadbalancer": 50,
    "certificate": 120,
    "listener": 100,
    "l7policy": 500,
    "condition_per_policy": 10,
    "pool": 500,
    "healthmonitor": -1,
    "member": 500,
    "members_per_pool": 500,
    "listeners_per_pool": 50,
    "ipgroup": 1000,
    "ipgroup_bindings": 50,
    "ipgroup_max_length": 300,
    "ipgroups_per_listener": 50,
    "security_policy": 50,
    "listeners_per_loadbalancer": 50,
    "pools_per_l7policy": 50,
    "l7policies_per_listener": 100,
    "free_instance_members_per_pool": 50,
    "free_instance_listeners_per_loadbalancer": 5,
}


def limit_of(session: Session, *, project_id: str, key: str) -> int:
    """The project's limit for one quota key (-1: unlimited)."""
    quota = session.get(Quota, project_id)
    if quota is not None and key in quota.limits:
        return int(quota.limits[key])
    return DEFAULT_QUOTAS[key]


def check_room(
    session: Session,
    *,
    project_id: str,
    key: str,
    model: type[Any],
    where: ColumnElement[bool],
    adding: int = 1,
) -> None:
    """Raise QuotaExceeded unless `adding` more rows of `model` matching `where` stay
    within the project's `key` quota (not counted at all when it is unlimited)."""
    limit = limit_of(session, project_id=project_id, key=key)
    if limit < 0:
        return
    used = session.scalar(select(func.count()).select_from(model).where(where)) or 0
    if used + adding > limit:
        raise QuotaExceeded(resources=key)


def _count(session: Session, model: type[Any], project_id: str) -> int:
    stmt = select(func.count()).select_from(model).where(model.project_id == project_id)
    return session.scalar(stmt) or 0


def _most_per(session: Session, parent: InstrumentedAttribute[Any], project_id: str) -> int:
    """The most children any one parent has (e.g. members of the fullest pool)."""
    model = parent.class_
    per_parent = (
        select(func.count().label("n"))
        .where(model.project_id == project_id, parent.is_not(None))
        .group_by(parent)
        .subquery()
    )
    return session.scalar(select(func.max(per_parent.c.n))) or 0


# The keys whose usage mockelb counts. The per-parent keys report the fullest parent: the
# limit applies to each parent, and the OTC example reads that way (members_per_pool used
# 992 of 1000 while member shows 3022). Certificates, l7policies, IP groups, security
# policies and free instances are not emulated: their keys report 0 used.
_USAGE: dict[str, Callable[[Session, str], int]] = {
    "loadbalancer": lambda s, p: _count(s, LoadBalancer, p),
    "listener": lambda s, p: _count(s, Listener, p),
    "pool": lambda s, p: _count(s, Pool, p),
    "healthmonitor": lambda s, p: _count(s, HealthMonitor, p),
    "member": lambda s, p: _count(s, Member, p),
    "members_per_pool": lambda s, p: _most_per(s, Member.pool_id, p),
    "listeners_per_loadbalancer": lambda s, p: _most_per(s, Listener.loadbalancer_id, p),
    "listeners_per_pool": lambda s, p: _most_per(s, Listener.default_pool_id, p),
}


def show_quota(session: Session, *, project_id: str) -> dict[str, int]:
    """Every quota key of the project with its limit (-1: unlimited)."""
    return {key: limit_of(session, project_id=project_id, key=key) for key in DEFAULT_QUOTAS}


def usage_of(session: Session, *, project_id: str, key: str) -> int:
    """How much of one quota the project uses now (0 for resources mockelb does not keep)."""
    count = _USAGE.get(key)
    return count(session, project_id) if count is not None else 0


# list_quota_details is not paged: its one filter takes csv values (quota_key=a,b)
QUOTA_DETAIL_LIST = ListSpec(
    Quota, keys=frozenset({"quota_key"}), csv_keys=frozenset({"quota_key"})
)


def list_quota_details(
    session: Session, *, project_id: str, query: Iterable[tuple[str, str]]
) -> list[QuotaUsage]:
    """Limit and live usage of the asked keys (all keys when none is asked), in key order.

    An unknown key is refused rather than ignored, like any other value outside a
    documented enumeration.
    """
    keys = QUOTA_DETAIL_LIST.filters_of(query).get("quota_key", [])
    unknown = [key for key in keys if key not in DEFAULT_QUOTAS]
    if unknown:
        raise InvalidInput(
            field="quota_key", reason=f"{unknown[0]} is not in {', '.join(DEFAULT_QUOTAS)}."
        )
    asked = set(keys) or DEFAULT_QUOTAS.keys()
    return [
        QuotaUsage(
            key=key,
            limit=limit_of(session, project_id=project_id, key=key),
            used=usage_of(session, project_id=project_id, key=key),
        )
        for key in DEFAULT_QUOTAS
        if key in asked
    ]
