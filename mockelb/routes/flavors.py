"""HTTP binding of the flavor operations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v3/{project_id}/elb/flavors", tags=["flavors"])
