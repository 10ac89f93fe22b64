"""HTTP binding of the listener operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.listeners import (
    BatchDeleteListenersRequestBody,
    CreateListenerRequestBody,
    UpdateListenerRequestBody,
)
from mockelb.services import listeners as listener_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.listeners import (
    BatchDeleteListenersResponse,
    CreateListenerResponse,
    ListListenersResponse,
    ShowListenerResponse,
    UpdateListenerResponse,
    listener_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/listeners", tags=["listeners"])


@router.post("", status_code=201)
@response_body(CreateListenerResponse)
def create_listener(
    request: Request,
    project_id: str,
    body: Annotated[CreateListenerRequestBody, Depends(json_body(CreateListenerRequestBody))],
    session: SessionDep,
) -> Response:
    listener = listener_service.create_listener(
        session, project_id=project_id, option=body.listener
    )
    session.flush()
    return respond(
        CreateListenerResponse(listener=listener_view(listener), request_id=request_id_of(request)),
        201,
    )


@router.get("")
@response_body(ListListenersResponse)
def list_listeners(
    request: Request,
    project_id: str,
    query: ListQueryDep,
    session: SessionDep,
) -> Response:
    page = listener_service.list_listeners(
        session,
        project_id=project_id,
        query=query,
    )
    return respond(
        ListListenersResponse(
            listeners=[listener_view(listener) for listener in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{listener_id}")
@response_body(ShowListenerResponse)
def show_listener(
    request: Request, project_id: str, listener_id: str, session: SessionDep
) -> Response:
    listener = listener_service.show_listener(
        session, project_id=project_id, listener_id=listener_id
    )
    return respond(
        ShowListenerResponse(listener=listener_view(listener), request_id=request_id_of(request))
    )


@router.put("/{listener_id}")
@response_body(UpdateListenerResponse)
def update_listener(
    request: Request,
    project_id: str,
    listener_id: str,
    body: Annotated[UpdateListenerRequestBody, Depends(json_body(UpdateListenerRequestBody))],
    session: SessionDep,
) -> Response:
    listener = listener_service.update_listener(
        session, project_id=project_id, listener_id=listener_id, option=body.listener
    )
    session.flush()
    return respond(
        UpdateListenerResponse(listener=listener_view(listener), request_id=request_id_of(request))
    )


@router.delete("/{listener_id}", status_code=204)
def delete_listener(
    request: Request, project_id: str, listener_id: str, session: SessionDep
) -> Response:
    listener_service.delete_listener(session, project_id=project_id, listener_id=listener_id)
    return no_content(request)


@router.delete("/{listener_id}/force", status_code=204)
def delete_listener_force(
    request: Request, project_id: str, listener_id: str, session: SessionDep
) -> Response:
    listener_service.delete_listener_force(session, project_id=project_id, listener_id=listener_id)
    return no_content(request)


@router.post("/batch-delete", status_code=202)
@response_body(BatchDeleteListenersResponse)
def batch_delete_listeners(
    request: Request,
    project_id: str,
    body: Annotated[
        BatchDeleteListenersRequestBody, Depends(json_body(BatchDeleteListenersRequestBody))
    ],
    session: SessionDep,
) -> Response:
    # 202 with the job id and the ids asked for (BatchDeleteListeners reference)
    job_id = listener_service.batch_delete_listeners(
        session, project_id=project_id, listener_ids=body.listener_ids
    )
    return respond(
        BatchDeleteListenersResponse(
            job_id=job_id,
            listener_ids=list(body.listener_ids),
            request_id=request_id_of(request),
        ),
        202,
    )
