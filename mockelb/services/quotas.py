"""Quotas: the published defaults, overridable per project, and their live usage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.ipgroups import binding_usage
from mockelb.domain.quotas import QuotaUsage
from mockelb.errors import InvalidInput, QuotaExceeded
from mockelb.models import (
    Certificate,
    HealthMonitor,
    IpGroup,
    L7Policy,
    L7PolicyPool,
    Listener,
    LoadBalancer,
    Member,
    Pool,
    Quota,
    SecurityPolicy,
)
from mockelb.services.ipgroup_users import named_groups
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
    return limit_in(quota.limits if quota is not None else None, key)


def limit_in(limits: Mapping[str, Any] | None, key: str) -> int:
    """The limit for one quota key given a project's overrides (its Quota.limits, or None
    for a project without any): -1 is unlimited."""
    if limits is not None and key in limits:
        return int(limits[key])
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


def _most_per(
    session: Session,
    parent: InstrumentedAttribute[Any],
    project_id: str,
    *,
    where: ColumnElement[bool] | None = None,
) -> int:
    """The most children any one parent has (e.g. members of the fullest pool)."""
    model = parent.class_
    per_parent = (
        select(func.count().label("n"))
        .where(model.project_id == project_id, parent.is_not(None))
        .where(where if where is not None else true())
        .group_by(parent)
        .subquery()
    )
    return session.scalar(select(func.max(per_parent.c.n))) or 0


def _ipgroup_usage(session: Session, project_id: str) -> dict[str, int]:
    """The fullest IP address group binding of the project (domain/ipgroups.binding_usage):
    from the listeners that have an ipgroup and the sizes of the groups they name."""
    named = list(named_groups(session, project_id).values())
    wanted = {group_id for ids in named for group_id in ids}
    if not wanted:
        return binding_usage([], {})
    rows = session.execute(
        select(IpGroup.id, IpGroup.ip_list).where(
            IpGroup.project_id == project_id, IpGroup.id.in_(wanted)
        )
    )
    return binding_usage(named, {group_id: len(ip_list) for group_id, ip_list in rows})


# the keys _ipgroup_usage answers together (list_quota_details works it out once for them)
_IPGROUP_USAGE_KEYS = frozenset({"ipgroup_bindings", "ipgroups_per_listener", "ipgroup_max_length"})


# The keys whose usage mockelb counts. The per-parent keys report the fullest parent: the
# limit applies to each parent, and the OTC example reads that way (members_per_pool used
# 992 of 1000 while member shows 3022). Free instances are not emulated: their keys
# report 0 used, as does condition_per_policy (checked when a policy's rules change).
_USAGE: dict[str, Callable[[Session, str], int]] = {
    "loadbalancer": lambda s, p: _count(s, LoadBalancer, p),
    "listener": lambda s, p: _count(s, Listener, p),
    "pool": lambda s, p: _count(s, Pool, p),
    "healthmonitor": lambda s, p: _count(s, HealthMonitor, p),
    "certificate": lambda s, p: _count(s, Certificate, p),
    "ipgroup": lambda s, p: _count(s, IpGroup, p),
    "ipgroup_bindings": lambda s, p: _ipgroup_usage(s, p)["ipgroup_bindings"],
    "ipgroups_per_listener": lambda s, p: _ipgroup_usage(s, p)["ipgroups_per_listener"],
    "ipgroup_max_length": lambda s, p: _ipgroup_usage(s, p)["ipgroup_max_length"],
    "security_policy": lambda s, p: _count(s, SecurityPolicy, p),
    "member": lambda s, p: _count(s, Member, p),
    "members_per_pool": lambda s, p: _most_per(s, Member.pool_id, p),
    "listeners_per_loadbalancer": lambda s, p: _most_per(s, Listener.loadbalancer_id, p),
    "listeners_per_pool": lambda s, p: _most_per(s, Listener.default_pool_id, p),
    "l7policy": lambda s, p: _count(s, L7Policy, p),
    "l7policies_per_listener": lambda s, p: _most_per(s, L7Policy.listener_id, p),
    "pools_per_l7policy": lambda s, p: _most_per(
        s, L7PolicyPool.l7policy_id, p, where=L7PolicyPool.role == "forward"
    ),
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
    ipgroup_usage = _ipgroup_usage(session, project_id) if _IPGROUP_USAGE_KEYS & set(asked) else {}
    return [
        QuotaUsage(
            key=key,
            limit=limit_of(session, project_id=project_id, key=key),
            used=ipgroup_usage[key]
            if key in ipgroup_usage
            else usage_of(session, project_id=project_id, key=key),
        )
        for key in DEFAULT_QUOTAS
        if key in asked
    ]
