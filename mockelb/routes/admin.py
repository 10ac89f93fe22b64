"""The /_mockelb admin namespace: health and reset (never under /v3)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb import __version__
from mockelb.db import Database
from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond

router = APIRouter(prefix="/_mockelb", tags=["admin"])


class HealthResponse(TypedDict):
    """GET /_mockelb/health: liveness, the mockelb version and the kind of storage."""

    status: Literal["ok"]
    version: str
    storage: str
    request_id: str


class ResetResponse(TypedDict):
    """POST /_mockelb/reset: every resource is back as it was at start-up."""

    status: Literal["reset"]
    request_id: str


@router.get("/health")
@response_body(HealthResponse)
async def health(request: Request) -> Response:
    """Liveness, version and the kind of storage in use."""
    database: Database = request.app.state.database
    return respond(
        HealthResponse(
            status="ok",
            version=__version__,
            storage=database.storage,
            request_id=request_id_of(request),
        )
    )


@router.post("/reset")
@response_body(ResetResponse)
async def reset(request: Request) -> Response:
    """Put every resource back exactly as it was at start-up (demo and seed data).

    The start-up state was stored in the database by the process that created it, so
    every worker and replica restores the same one.
    """
    database: Database = request.app.state.database
    async with database.turns():
        await run_in_threadpool(database.restore, request.app.state.startup_snapshot)
    return respond(ResetResponse(status="reset", request_id=request_id_of(request)))
