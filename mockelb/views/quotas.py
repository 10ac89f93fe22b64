"""Quotas as the API shows them."""

from __future__ import annotations

from collections.abc import Mapping

from typing_extensions import TypedDict

from mockelb.domain.quotas import QuotaUsage


class QuotaBody(TypedDict):
    """The Quota object of show_quota: the project id and every limit (-1: unlimited)."""

    project_id: str
    loadbalancer: int
    certificate: int
    listener: int
    l7policy: int
    condition_per_policy: int
    pool: int
    healthmonitor: int
    member: int
    members_per_pool: int
    listeners_per_pool: int
    ipgroup: int
    ipgroup_bindings: int
    ipgroup_max_length: int
    ipgroups_per_listener: int
    security_policy: int
    listeners_per_loadbalancer: int
    pools_per_l7policy: int
    l7policies_per_listener: int
    free_instance_members_per_pool: int
    free_instance_listeners_per_loadbalancer: int


class QuotaInfoBody(TypedDict):
    """One QuotaInfo of list_quota_details: a key's limit and live usage."""

    quota_key: str
    quota_limit: int
    used: int
    unit: str


class ShowQuotaResponse(TypedDict):
    quota: QuotaBody
    request_id: str


class ListQuotaDetailsResponse(TypedDict):
    quotas: list[QuotaInfoBody]
    request_id: str


def quota_view(project_id: str, limits: Mapping[str, int]) -> QuotaBody:
    """The Quota object of show_quota, its keys in the order of DEFAULT_QUOTAS."""
    return {
        "project_id": project_id,
        "loadbalancer": limits["loadbalancer"],
        "certificate": limits["certificate"],
        "listener": limits["listener"],
        "l7policy": limits["l7policy"],
        "condition_per_policy": limits["condition_per_policy"],
        "pool": limits["pool"],
        "healthmonitor": limits["healthmonitor"],
        "member": limits["member"],
        "members_per_pool": limits["members_per_pool"],
        "listeners_per_pool": limits["listeners_per_pool"],
        "ipgroup": limits["ipgroup"],
        "ipgroup_bindings": limits["ipgroup_bindings"],
        "ipgroup_max_length": limits["ipgroup_max_length"],
        "ipgroups_per_listener": limits["ipgroups_per_listener"],
        "security_policy": limits["security_policy"],
        "listeners_per_loadbalancer": limits["listeners_per_loadbalancer"],
        "pools_per_l7policy": limits["pools_per_l7policy"],
        "l7policies_per_listener": limits["l7policies_per_listener"],
        "free_instance_members_per_pool": limits["free_instance_members_per_pool"],
        "free_instance_listeners_per_loadbalancer": limits[
            "free_instance_listeners_per_loadbalancer"
        ],
    }


def quota_info_view(usage: QuotaUsage) -> QuotaInfoBody:
    """One QuotaInfo of list_quota_details."""
    return {"quota_key": usage.key, "quota_limit": usage.limit, "used": usage.used, "unit": "count"}
