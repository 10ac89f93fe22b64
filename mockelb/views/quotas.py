"""Quotas as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.services.quotas import QuotaUsage


def quota_view(project_id: str, limits: dict[str, int]) -> dict[str, Any]:
    """The Quota object of show_quota: the project id and every limit."""
    return {"project_id": project_id, **limits}


def quota_info_view(usage: QuotaUsage) -> dict[str, Any]:
    """One QuotaInfo of list_quota_details."""
    return {"quota_key": usage.key, "quota_limit": usage.limit, "used": usage.used, "unit": "count"}
