"""HTTP binding of the pool operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.responses import no_content, respond
from mockelb.routes.deps import PagingDep, SessionDep, filters_of
from mockelb.schemas.pools import CreatePoolRequestBody
from mockelb.services import pools as pool_service
from mockelb.validation import json_body
from mockelb.views.pools import pool_view

router = APIRouter(prefix="/v3/{project_id}/elb/pools", tags=["pools"])

POOL_FILTERS = frozenset(
    {
        "id",
        "name",
        "description",
        "protocol",
        "lb_algorithm",
        "loadbalancer_id",
        "ip_version",
        "vpc_id",
        "type",
        "protection_status",
        "enterprise_project_id",
        "healthmonitor_id",
        "member_deletion_protection_enable",
        "any_port_enable",
        "public_border_group",
        "listener_id",
        "member_address",
        "member_device_id",
        "member_instance_id",
    }
)


@router.post("", status_code=201)
async def create_pool(
    request: Request,
    project_id: str,
    body: Annotated[CreatePoolRequestBody, Depends(json_body(CreatePoolRequestBody))],
    session: SessionDep,
) -> Response:
    pool = pool_service.create_pool(session, project_id=project_id, option=body.pool)
    session.flush()
    listener_ids, member_ids = pool_service.pool_relations(session, [pool.id])[pool.id]
    return respond(request, {"pool": pool_view(pool, listener_ids, member_ids)}, 201)


@router.get("")
async def list_pools(
    request: Request, project_id: str, paging: PagingDep, session: SessionDep
) -> Response:
    page = pool_service.list_pools(
        session,
        project_id=project_id,
        filters=filters_of(request, POOL_FILTERS),
        marker=paging.marker,
        limit=paging.limit,
        page_reverse=paging.page_reverse,
    )
    relations = pool_service.pool_relations(session, [pool.id for pool in page.items])
    pools = [pool_view(pool, *relations[pool.id]) for pool in page.items]
    return respond(request, {"pools": pools, "page_info": page.page_info(lambda p: p.id)})


@router.get("/{pool_id}")
async def show_pool(
    request: Request, project_id: str, pool_id: str, session: SessionDep
) -> Response:
    pool = pool_service.show_pool(session, project_id=project_id, pool_id=pool_id)
    listener_ids, member_ids = pool_service.pool_relations(session, [pool.id])[pool.id]
    return respond(request, {"pool": pool_view(pool, listener_ids, member_ids)})


@router.delete("/{pool_id}", status_code=204)
async def delete_pool(
    request: Request, project_id: str, pool_id: str, session: SessionDep
) -> Response:
    pool_service.delete_pool(session, project_id=project_id, pool_id=pool_id)
    return no_content(request)
