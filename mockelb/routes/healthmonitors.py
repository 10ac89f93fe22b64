"""HTTP binding of the health monitor operations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v3/{project_id}/elb/healthmonitors", tags=["healthmonitors"])
