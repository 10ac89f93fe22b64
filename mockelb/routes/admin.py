"""The /_mockelb admin namespace: health and reset (never under /v3).

Health has a router of its own: it stays open when the server has an admin token (the
container's HEALTHCHECK calls it), while `router` is guarded with the others.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb import __version__, ids
from mockelb.db import Database, Snapshot
from mockelb.errors import Conflict, request_id_of
from mockelb.harness import Harness
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.validation import reject_nul_characters

health_router = APIRouter(prefix="/_mockelb", tags=["admin"])
router = APIRouter(prefix="/_mockelb", tags=["admin"])


class HealthResponse(TypedDict):
    """GET /_mockelb/health: liveness, the mockelb version and the kind of storage."""

    status: Literal["ok"]
    version: str
    storage: str
    request_id: str


class ResetResponse(TypedDict):
    """POST /_mockelb/reset: the resources (the project's, with project_id) are as at start-up."""

    status: Literal["reset"]
    request_id: str


@health_router.get("/health")
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


@router.post("/reset", dependencies=[Depends(reject_nul_characters)])
@response_body(ResetResponse)
async def reset(
    request: Request, project_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None
) -> Response:
    """Put every resource back exactly as it was at start-up (demo and seed data); with
    project_id, only that project's resources: other projects, the region's AZs and public
    flavors, the journal and the fault rules stay as they are.

    The start-up state was stored in the database by the process that created it, so
    every worker and replica restores the same one. Under --id-seed a full reset also
    starts this process's ids over, so what follows a reset gets the same ids every time.
    """
    database: Database = request.app.state.database
    snapshot: Snapshot = request.app.state.startup_snapshot
    if project_id is not None:
        async with database.turns():
            await run_in_threadpool(_restore_project, database, snapshot, project_id)
        return respond(ResetResponse(status="reset", request_id=request_id_of(request)))
    harness: Harness = request.app.state.harness
    async with database.turns():
        await run_in_threadpool(partial(database.restore, snapshot, also=harness.clear))
    ids.rewind()
    return respond(ResetResponse(status="reset", request_id=request_id_of(request)))


def _restore_project(database: Database, snapshot: Snapshot, project_id: str) -> None:
    try:
        database.restore_project(snapshot, project_id)
    except IntegrityError as exc:
        # a start-up id of the project was given to another project since (POST state)
        raise Conflict(
            message=f"Project {project_id} cannot be reset: a resource of another project "
            f"now holds one of its start-up ids ({str(exc.orig).splitlines()[0]})."
        ) from None
