"""HTTP binding of the logtank (access log) operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.logtanks import CreateLogtankRequestBody, UpdateLogtankRequestBody
from mockelb.services import logtanks as logtank_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.logtanks import (
    CreateLogtankResponse,
    ListLogtanksResponse,
    ShowLogtankResponse,
    UpdateLogtankResponse,
    logtank_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/logtanks", tags=["logtanks"])


@router.post("", status_code=201)
@response_body(CreateLogtankResponse)
def create_logtank(
    request: Request,
    project_id: str,
    body: Annotated[CreateLogtankRequestBody, Depends(json_body(CreateLogtankRequestBody))],
    session: SessionDep,
) -> Response:
    logtank = logtank_service.create_logtank(session, project_id=project_id, option=body.logtank)
    return respond(
        CreateLogtankResponse(logtank=logtank_view(logtank), request_id=request_id_of(request)),
        201,
    )


@router.get("")
@response_body(ListLogtanksResponse)
def list_logtanks(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = logtank_service.list_logtanks(session, project_id=project_id, query=query)
    return respond(
        ListLogtanksResponse(
            logtanks=[logtank_view(logtank) for logtank in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{logtank_id}")
@response_body(ShowLogtankResponse)
def show_logtank(
    request: Request, project_id: str, logtank_id: str, session: SessionDep
) -> Response:
    logtank = logtank_service.show_logtank(session, project_id=project_id, logtank_id=logtank_id)
    return respond(
        ShowLogtankResponse(logtank=logtank_view(logtank), request_id=request_id_of(request))
    )


@router.put("/{logtank_id}")
@response_body(UpdateLogtankResponse)
def update_logtank(
    request: Request,
    project_id: str,
    logtank_id: str,
    body: Annotated[UpdateLogtankRequestBody, Depends(json_body(UpdateLogtankRequestBody))],
    session: SessionDep,
) -> Response:
    logtank = logtank_service.update_logtank(
        session, project_id=project_id, logtank_id=logtank_id, option=body.logtank
    )
    return respond(
        UpdateLogtankResponse(logtank=logtank_view(logtank), request_id=request_id_of(request))
    )


@router.delete("/{logtank_id}", status_code=204)
def delete_logtank(
    request: Request, project_id: str, logtank_id: str, session: SessionDep
) -> Response:
    logtank_service.delete_logtank(session, project_id=project_id, logtank_id=logtank_id)
    return no_content(request)
