"""HTTP binding of the member operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep, TurnDep, in_transaction
from mockelb.schemas.members import (
    BatchCreateMembersRequestBody,
    BatchDeleteMembersRequestBody,
    BatchUpdateMembersRequestBody,
    CreateMemberRequestBody,
    UpdateMemberRequestBody,
)
from mockelb.services import members as member_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.members import (
    BatchCreateMembersResponse,
    BatchDeleteMembersResponse,
    BatchUpdateMembersResponse,
    CreateMemberResponse,
    ListAllMembersResponse,
    ListMembersResponse,
    ShowMemberResponse,
    UpdateMemberResponse,
    batch_delete_state_view,
    batch_member_views,
    batch_update_member_view,
    columns_of,
    member_info_view,
    member_view,
    member_views,
)

router = APIRouter(prefix="/v3/{project_id}/elb/pools/{pool_id}/members", tags=["members"])
# the project-wide member operations (list_all_members)
project_router = APIRouter(prefix="/v3/{project_id}/elb/members", tags=["members"])


@router.post("", status_code=201)
@response_body(CreateMemberResponse)
def create_member(
    request: Request,
    project_id: str,
    pool_id: str,
    body: Annotated[CreateMemberRequestBody, Depends(json_body(CreateMemberRequestBody))],
    session: SessionDep,
) -> Response:
    """Add one backend server: a batch-add item's rules, a duplicate endpoint is a 409."""
    row, health = member_service.create_member(
        session, project_id=project_id, pool_id=pool_id, option=body.member
    )
    member = member_view(row, health.of_row(row))
    return respond(
        CreateMemberResponse(member=member, request_id=request_id_of(request)),
        status_code=201,
    )


@router.post("/batch-add", status_code=201)
@response_body(BatchCreateMembersResponse)
async def batch_create_members(
    request: Request,
    project_id: str,
    pool_id: str,
    body: Annotated[
        BatchCreateMembersRequestBody, Depends(json_body(BatchCreateMembersRequestBody))
    ],
    _turn: TurnDep,
) -> Response:
    """Batch add backend servers: all or nothing, re-adds come back as "existed"."""
    result = await in_transaction(
        request,
        lambda session: member_service.batch_create_members(
            session, project_id=project_id, pool_id=pool_id, options=body.members
        ),
    )
    members = batch_member_views(result.members, result.health)
    return respond(
        BatchCreateMembersResponse(members=members, request_id=request_id_of(request)),
        status_code=201,
    )


@router.get("")
@response_body(ListMembersResponse)
async def list_members(
    request: Request, project_id: str, pool_id: str, query: ListQueryDep, _turn: TurnDep
) -> Response:
    page, health = await in_transaction(
        request,
        lambda session: member_service.list_members(
            session, project_id=project_id, pool_id=pool_id, query=query
        ),
    )
    members = member_views(page.items, health)
    return respond(
        ListMembersResponse(
            members=members, page_info=page_info_view(page), request_id=request_id_of(request)
        )
    )


@router.get("/{member_id}")
@response_body(ShowMemberResponse)
async def show_member(
    request: Request, project_id: str, pool_id: str, member_id: str, _turn: TurnDep
) -> Response:
    member, health = await in_transaction(
        request,
        lambda session: member_service.show_member_with_health(
            session, project_id=project_id, pool_id=pool_id, member_id=member_id
        ),
    )
    return respond(
        ShowMemberResponse(
            member=member_view(columns_of(member), health.of_member(member)),
            request_id=request_id_of(request),
        )
    )


@router.delete("/{member_id}", status_code=204)
def delete_member(
    request: Request, project_id: str, pool_id: str, member_id: str, session: SessionDep
) -> Response:
    member_service.delete_member(
        session, project_id=project_id, pool_id=pool_id, member_id=member_id
    )
    return no_content(request)


@router.put("/{member_id}")
@response_body(UpdateMemberResponse)
def update_member(
    request: Request,
    project_id: str,
    pool_id: str,
    member_id: str,
    body: Annotated[UpdateMemberRequestBody, Depends(json_body(UpdateMemberRequestBody))],
    session: SessionDep,
) -> Response:
    member, health = member_service.update_member(
        session, project_id=project_id, pool_id=pool_id, member_id=member_id, option=body.member
    )
    return respond(
        UpdateMemberResponse(
            member=member_view(columns_of(member), health.of_member(member)),
            request_id=request_id_of(request),
        )
    )


@router.post("/batch-delete")
@response_body(BatchDeleteMembersResponse)
def batch_delete_members(
    request: Request,
    project_id: str,
    pool_id: str,
    body: Annotated[
        BatchDeleteMembersRequestBody, Depends(json_body(BatchDeleteMembersRequestBody))
    ],
    session: SessionDep,
) -> Response:
    """Batch remove backend servers by id or endpoint: each "successful" or "not found"."""
    results = member_service.batch_delete_members(
        session, project_id=project_id, pool_id=pool_id, options=body.members
    )
    members = [batch_delete_state_view(member_id, status) for member_id, status in results]
    return respond(BatchDeleteMembersResponse(members=members, request_id=request_id_of(request)))


@router.post("/batch-update")
@response_body(BatchUpdateMembersResponse)
def batch_update_members(
    request: Request,
    project_id: str,
    pool_id: str,
    body: Annotated[
        BatchUpdateMembersRequestBody, Depends(json_body(BatchUpdateMembersRequestBody))
    ],
    session: SessionDep,
) -> Response:
    """Batch update backend servers: all or nothing."""
    updated, health = member_service.batch_update_members(
        session, project_id=project_id, pool_id=pool_id, options=body.members
    )
    members = [batch_update_member_view(columns_of(m), health.of_member(m)) for m in updated]
    return respond(BatchUpdateMembersResponse(members=members, request_id=request_id_of(request)))


@project_router.get("")
@response_body(ListAllMembersResponse)
def list_all_members(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page, loadbalancer_ids, health = member_service.list_all_members(
        session,
        project_id=project_id,
        query=query,
    )
    members = [
        member_info_view(m, loadbalancer_ids[m["pool_id"]], health.of_row(m)) for m in page.items
    ]
    return respond(
        ListAllMembersResponse(
            members=members, page_info=page_info_view(page), request_id=request_id_of(request)
        )
    )
