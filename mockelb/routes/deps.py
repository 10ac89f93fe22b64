"""Dependencies shared by the routes: the session and the list query."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

from fastapi import Depends, Query
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from mockelb.db import Database
from mockelb.errors import Conflict, InvalidRequest
from mockelb.services.listing import ListQuery
from mockelb.services.paging import MAX_LIMIT, Paging

T = TypeVar("T")


async def take_turn(request: Request) -> AsyncIterator[None]:
    """Wait on the event loop until a database connection is free for this request.

    Without it, waiting requests would block threads of the pool that the requests holding
    the connections (and locks) need to finish: with enough of them at once, none would.
    """
    database: Database = request.app.state.database
    async with database.turns():
        yield


def get_session(
    request: Request, _turn: Annotated[None, Depends(take_turn, scope="function")]
) -> Iterator[Session]:
    """One transaction per request, committed when the operation returns.

    A plain function, so FastAPI runs it (and the operation) in its thread pool and the
    event loop never waits on the database. Anything but GET is a write: it holds its
    project's write lock until the commit (see mockelb.db).
    """
    with request_transaction(request) as session:
        yield session


@contextmanager
def request_transaction(request: Request) -> Iterator[Session]:
    """The request's transaction (see get_session), with the database's refusals mapped to
    the cloud's errors."""
    database: Database = request.app.state.database
    try:
        with database.transaction(
            project_id=request.path_params.get("project_id"),
            write=request.method not in ("GET", "HEAD"),
        ) as session:
            yield session
    except IntegrityError:
        # the constraints are the last guard; the locks keep a race from reaching them
        raise Conflict(message="Data conflict: the resource already exists.") from None
    except DataError:
        # a value the database refuses (PostgreSQL: a NUL character in text); the request
        # parsers refuse those first, this keeps any that slips past them a client error
        raise InvalidRequest(
            message="Invalid request: it holds a value the service cannot store or search "
            "for (such as a NUL character)."
        ) from None


async def in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    """Run `work` in the request's transaction (committed when it returns) on one thread of
    the pool: what SessionDep does, in one hand-over to the thread pool instead of three
    (opening, the operation, committing), for the operations clients call most."""
    return await run_in_threadpool(_run_in_transaction, request, work)


def _run_in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    with request_transaction(request) as session:
        return work(session)


# scope="function": commit before the response is sent, so a failed commit is an error
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
# the turn of an operation that runs its work with in_transaction
TurnDep = Annotated[None, Depends(take_turn, scope="function")]


async def list_query(
    request: Request,
    marker: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = MAX_LIMIT,
    page_reverse: Annotated[bool, Query()] = False,
) -> ListQuery:
    """A list request: its query string (for the filters) and its paging parameters."""
    return ListQuery(
        query=tuple(request.query_params.multi_items()),
        paging=Paging(marker=marker, limit=limit, page_reverse=page_reverse),
    )


ListQueryDep = Annotated[ListQuery, Depends(list_query)]
