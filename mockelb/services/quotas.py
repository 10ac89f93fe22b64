"""Quotas: the published defaults, overridable per project."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mockelb.models import Quota

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
