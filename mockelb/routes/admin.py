"""The /_mockelb admin namespace: health and reset (never under /v3)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from mockelb import __version__
from mockelb.db import Database
from mockelb.responses import respond_untyped

router = APIRouter(prefix="/_mockelb", tags=["admin"])


@router.get("/health")
async def health(request: Request) -> Response:
    """Liveness, version and the kind of storage in use."""
    database: Database = request.app.state.database
    return respond_untyped(
        request, {"status": "ok", "version": __version__, "storage": database.storage}
    )


@router.post("/reset")
async def reset(request: Request) -> Response:
    """Put every resource back exactly as it was at start-up (demo and seed data).

    The start-up state was stored in the database by the process that created it, so
    every worker and replica restores the same one.
    """
    database: Database = request.app.state.database
    async with database.turns():
        await run_in_threadpool(database.restore, request.app.state.startup_snapshot)
    return respond_untyped(request, {"status": "reset"})
