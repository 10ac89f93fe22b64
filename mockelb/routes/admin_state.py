"""/_mockelb/state: the whole state as a seed document, and a seed document loaded on top."""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb import state as state_service
from mockelb.db import Database
from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.seed import SeedDocument
from mockelb.validation import JsonBody, reject_nul_characters

router = APIRouter(
    prefix="/_mockelb", tags=["admin"], dependencies=[Depends(reject_nul_characters)]
)

ProjectQuery = Annotated[str | None, Query(min_length=1, max_length=64)]


class ImportStateResponse(TypedDict):
    """POST /_mockelb/state: the document was loaded; how many items of each kind it had."""

    status: Literal["loaded"]
    loaded: dict[str, int]
    request_id: str


@router.get("/state")
@response_body(SeedDocument)
async def export_state(request: Request, project_id: ProjectQuery = None) -> Response:
    """Every resource as a seed document, ids included (with project_id, that project's).

    The body is the document alone, so that it can be saved and loaded as it is (`mockelb
    serve --seed`, POST /_mockelb/state); the request id is in the X-Request-Id header.
    """
    database: Database = request.app.state.database
    async with database.turns():
        document = await run_in_threadpool(_export, database, project_id)
    return Response(
        content=orjson.dumps(document),
        media_type="application/json",
        headers={"X-Request-Id": request_id_of(request)},
    )


def _export(database: Database, project_id: str | None) -> state_service.Document:
    with database.transaction(write=False) as session:
        return state_service.export_state(session, project_id=project_id)


@router.post("/state")
@response_body(ImportStateResponse)
async def import_state(
    request: Request, document: Annotated[SeedDocument, Depends(JsonBody(SeedDocument))]
) -> Response:
    """Load a seed document on top of the current state, by the rules of the API and of
    seed files: all of it, or (400 ELB.8902 naming the problem) none of it."""
    database: Database = request.app.state.database
    async with database.turns():
        await run_in_threadpool(state_service.import_state, database, document)
    loaded = state_service.counts(document)
    return respond(
        ImportStateResponse(status="loaded", loaded=loaded, request_id=request_id_of(request))
    )
