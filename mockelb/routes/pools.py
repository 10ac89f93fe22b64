"""HTTP binding of the pool operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.models import Pool
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.pools import (
    BatchDeletePoolsRequestBody,
    CreatePoolRequestBody,
    UpdatePoolRequestBody,
)
from mockelb.services import pools as pool_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.pools import (
    BatchDeletePoolsResponse,
    CreatePoolResponse,
    ListPoolsResponse,
    PoolBody,
    ShowPoolResponse,
    UpdatePoolResponse,
    batch_delete_result_view,
    pool_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/pools", tags=["pools"])


def _view_of(session: Session, pool: Pool) -> PoolBody:
    """The pool as shown, with the listeners that use it and its members."""
    listener_ids, member_ids = pool_service.pool_relations(session, [pool.id])[pool.id]
    return pool_view(pool, listener_ids, member_ids)


@router.post("", status_code=201)
@response_body(CreatePoolResponse)
def create_pool(
    request: Request,
    project_id: str,
    body: Annotated[CreatePoolRequestBody, Depends(json_body(CreatePoolRequestBody))],
    session: SessionDep,
) -> Response:
    pool = pool_service.create_pool(session, project_id=project_id, option=body.pool)
    session.flush()
    return respond(
        CreatePoolResponse(pool=_view_of(session, pool), request_id=request_id_of(request)), 201
    )


@router.get("")
@response_body(ListPoolsResponse)
def list_pools(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = pool_service.list_pools(
        session,
        project_id=project_id,
        query=query,
    )
    relations = pool_service.pool_relations(session, [pool.id for pool in page.items])
    pools = [pool_view(pool, *relations[pool.id]) for pool in page.items]
    return respond(
        ListPoolsResponse(
            pools=pools, page_info=page_info_view(page), request_id=request_id_of(request)
        )
    )


@router.post("/batch-delete")
@response_body(BatchDeletePoolsResponse)
def batch_delete_pools(
    request: Request,
    project_id: str,
    body: Annotated[BatchDeletePoolsRequestBody, Depends(json_body(BatchDeletePoolsRequestBody))],
    session: SessionDep,
) -> Response:
    results = pool_service.batch_delete_pools(session, project_id=project_id, pool_ids=body.pools)
    return respond(
        BatchDeletePoolsResponse(
            pools=[batch_delete_result_view(result) for result in results],
            request_id=request_id_of(request),
        )
    )


@router.get("/{pool_id}")
@response_body(ShowPoolResponse)
def show_pool(request: Request, project_id: str, pool_id: str, session: SessionDep) -> Response:
    pool = pool_service.show_pool(session, project_id=project_id, pool_id=pool_id)
    return respond(
        ShowPoolResponse(pool=_view_of(session, pool), request_id=request_id_of(request))
    )


@router.put("/{pool_id}")
@response_body(UpdatePoolResponse)
def update_pool(
    request: Request,
    project_id: str,
    pool_id: str,
    body: Annotated[UpdatePoolRequestBody, Depends(json_body(UpdatePoolRequestBody))],
    session: SessionDep,
) -> Response:
    pool = pool_service.update_pool(
        session, project_id=project_id, pool_id=pool_id, option=body.pool
    )
    session.flush()
    return respond(
        UpdatePoolResponse(pool=_view_of(session, pool), request_id=request_id_of(request))
    )


@router.delete("/{pool_id}", status_code=204)
def delete_pool(request: Request, project_id: str, pool_id: str, session: SessionDep) -> Response:
    pool_service.delete_pool(session, project_id=project_id, pool_id=pool_id)
    return no_content(request)


@router.delete("/{pool_id}/delete-cascade", status_code=204)
def delete_pool_cascade(
    request: Request, project_id: str, pool_id: str, session: SessionDep
) -> Response:
    pool_service.delete_pool_cascade(session, project_id=project_id, pool_id=pool_id)
    return no_content(request)
