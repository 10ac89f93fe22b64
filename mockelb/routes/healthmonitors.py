"""HTTP binding of the health monitor operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.healthmonitors import (
    CreateHealthMonitorRequestBody,
    UpdateHealthMonitorRequestBody,
)
from mockelb.services import healthmonitors as monitor_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.healthmonitors import (
    CreateHealthMonitorResponse,
    ListHealthMonitorsResponse,
    ShowHealthMonitorResponse,
    UpdateHealthMonitorResponse,
    health_monitor_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/healthmonitors", tags=["healthmonitors"])


@router.post("", status_code=201)
@response_body(CreateHealthMonitorResponse)
def create_health_monitor(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateHealthMonitorRequestBody, Depends(json_body(CreateHealthMonitorRequestBody))
    ],
    session: SessionDep,
) -> Response:
    monitor = monitor_service.create_health_monitor(
        session, project_id=project_id, option=body.healthmonitor
    )
    return respond(
        CreateHealthMonitorResponse(
            healthmonitor=health_monitor_view(monitor), request_id=request_id_of(request)
        ),
        201,
    )


@router.get("")
@response_body(ListHealthMonitorsResponse)
def list_health_monitors(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = monitor_service.list_health_monitors(
        session,
        project_id=project_id,
        query=query,
    )
    return respond(
        ListHealthMonitorsResponse(
            healthmonitors=[health_monitor_view(monitor) for monitor in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{healthmonitor_id}")
@response_body(ShowHealthMonitorResponse)
def show_health_monitor(
    request: Request, project_id: str, healthmonitor_id: str, session: SessionDep
) -> Response:
    monitor = monitor_service.show_health_monitor(
        session, project_id=project_id, healthmonitor_id=healthmonitor_id
    )
    return respond(
        ShowHealthMonitorResponse(
            healthmonitor=health_monitor_view(monitor), request_id=request_id_of(request)
        )
    )


@router.put("/{healthmonitor_id}")
@response_body(UpdateHealthMonitorResponse)
def update_health_monitor(
    request: Request,
    project_id: str,
    healthmonitor_id: str,
    body: Annotated[
        UpdateHealthMonitorRequestBody, Depends(json_body(UpdateHealthMonitorRequestBody))
    ],
    session: SessionDep,
) -> Response:
    monitor = monitor_service.update_health_monitor(
        session, project_id=project_id, healthmonitor_id=healthmonitor_id, option=body.healthmonitor
    )
    return respond(
        UpdateHealthMonitorResponse(
            healthmonitor=health_monitor_view(monitor), request_id=request_id_of(request)
        )
    )


@router.delete("/{healthmonitor_id}", status_code=204)
def delete_health_monitor(
    request: Request, project_id: str, healthmonitor_id: str, session: SessionDep
) -> Response:
    monitor_service.delete_health_monitor(
        session, project_id=project_id, healthmonitor_id=healthmonitor_id
    )
    return no_content(request)
