"""HTTP binding of the API version list (GET /versions)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["versions"])
