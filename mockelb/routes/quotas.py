"""HTTP binding of the quota operations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v3/{project_id}/elb/quotas", tags=["quotas"])
