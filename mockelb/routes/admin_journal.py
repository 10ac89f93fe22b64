"""The request journal: GET and DELETE /_mockelb/requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb.errors import InvalidInput
from mockelb.harness import Harness
from mockelb.journal import JournalFilter, JournalRecord
from mockelb.openapi import response_body
from mockelb.responses import json_response
from mockelb.validation import reject_nul_characters

# a NUL in a query value is a 400 naming it (PostgreSQL cannot search for one), in a fault
# id a 404, as everywhere else
# the largest `limit` (the journal keeps fewer records than this in any real use)
MAX_JOURNAL_LIMIT = 2**31 - 1

router = APIRouter(
    prefix="/_mockelb", tags=["admin"], dependencies=[Depends(reject_nul_characters)]
)


class RequestsResponse(TypedDict):
    """The matching requests, oldest first, and how many match (before `limit`)."""

    requests: list[JournalRecord]
    count: int


def _since_us(since: str) -> int:
    """An ISO 8601 time (UTC when it names no offset) in microseconds since the epoch."""
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        raise InvalidInput(
            field="since", reason="it must be an ISO 8601 time, such as 2026-01-31T08:00:00Z."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


@router.get("/requests")
@response_body(RequestsResponse)
async def list_requests(
    request: Request,
    operation: Annotated[str | None, Query()] = None,
    method: Annotated[str | None, Query()] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    project_id: Annotated[str | None, Query()] = None,
    since: Annotated[str | None, Query(description="ISO 8601 time")] = None,
    limit: Annotated[
        int | None, Query(ge=0, le=MAX_JOURNAL_LIMIT, description="the most recent N")
    ] = None,
) -> Response:
    """The journal of API requests, oldest first, filtered; `limit` keeps the most recent N
    (still oldest first); `count` is how many records match the filters."""
    harness: Harness = request.app.state.harness
    wanted = JournalFilter(
        operation=operation,
        method=method,
        status=status,
        project_id=project_id,
        since_us=_since_us(since) if since is not None else None,
        limit=limit,
    )
    records, count = await harness.run(harness.journal.select, wanted)
    return json_response(RequestsResponse(requests=records, count=count))


@router.delete("/requests", status_code=204)
async def clear_requests(request: Request) -> Response:
    """Forget every journalled request."""
    harness: Harness = request.app.state.harness
    await harness.run(harness.journal.clear)
    return Response(status_code=204)
