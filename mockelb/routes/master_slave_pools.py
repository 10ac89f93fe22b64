"""HTTP binding of the active/standby (master-slave) pool operations."""

from __future__ import annotations

from collections.abc import Sequence
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
from mockelb.schemas.master_slave_pools import CreateMasterSlavePoolRequestBody
from mockelb.services import master_slave_pools as master_slave_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.master_slave_pools import (
    CreateMasterSlavePoolResponse,
    ListMasterSlavePoolsResponse,
    MasterSlavePoolBody,
    ShowMasterSlavePoolResponse,
    master_slave_pool_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/master-slave-pools", tags=["master-slave pools"])


def _views_of(session: Session, pools: Sequence[Pool]) -> list[MasterSlavePoolBody]:
    details, health = master_slave_service.details_of(session, pools)
    return [
        master_slave_pool_view(
            pool,
            details[pool.id].listener_ids,
            [(member, health.of_member(member)) for member in details[pool.id].members],
            details[pool.id].monitor,
        )
        for pool in pools
    ]


@router.post("", status_code=201)
@response_body(CreateMasterSlavePoolResponse)
def create_master_slave_pool(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateMasterSlavePoolRequestBody, Depends(json_body(CreateMasterSlavePoolRequestBody))
    ],
    session: SessionDep,
) -> Response:
    """Create a pool with its master and slave members and its health monitor."""
    pool = master_slave_service.create_master_slave_pool(
        session, project_id=project_id, option=body.pool
    )
    session.flush()
    (view,) = _views_of(session, [pool])
    return respond(CreateMasterSlavePoolResponse(pool=view, request_id=request_id_of(request)), 201)


@router.get("")
@response_body(ListMasterSlavePoolsResponse)
def list_master_slave_pools(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = master_slave_service.list_master_slave_pools(session, project_id=project_id, query=query)
    return respond(
        ListMasterSlavePoolsResponse(
            pools=_views_of(session, page.items),
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{pool_id}")
@response_body(ShowMasterSlavePoolResponse)
def show_master_slave_pool(
    request: Request, project_id: str, pool_id: str, session: SessionDep
) -> Response:
    pool = master_slave_service.show_master_slave_pool(
        session, project_id=project_id, pool_id=pool_id
    )
    (view,) = _views_of(session, [pool])
    return respond(ShowMasterSlavePoolResponse(pool=view, request_id=request_id_of(request)))


@router.delete("/{pool_id}", status_code=204)
def delete_master_slave_pool(
    request: Request, project_id: str, pool_id: str, session: SessionDep
) -> Response:
    """Delete the pool with its members and its health monitor."""
    master_slave_service.delete_master_slave_pool(session, project_id=project_id, pool_id=pool_id)
    return no_content(request)
