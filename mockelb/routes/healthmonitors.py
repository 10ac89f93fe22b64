"""HTTP binding of the health monitor operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.responses import no_content, respond_untyped
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.healthmonitors import (
    CreateHealthMonitorRequestBody,
    UpdateHealthMonitorRequestBody,
)
from mockelb.services import healthmonitors as monitor_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.healthmonitors import health_monitor_view

router = APIRouter(prefix="/v3/{project_id}/elb/healthmonitors", tags=["healthmonitors"])


@router.post("", status_code=201)
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
    return respond_untyped(request, {"healthmonitor": health_monitor_view(monitor)}, 201)


@router.get("")
def list_health_monitors(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = monitor_service.list_health_monitors(
        session,
        project_id=project_id,
        query=query,
    )
    return respond_untyped(
        request,
        {
            "healthmonitors": [health_monitor_view(monitor) for monitor in page.items],
            "page_info": page_info_view(page),
        },
    )


@router.get("/{healthmonitor_id}")
def show_health_monitor(
    request: Request, project_id: str, healthmonitor_id: str, session: SessionDep
) -> Response:
    monitor = monitor_service.show_health_monitor(
        session, project_id=project_id, healthmonitor_id=healthmonitor_id
    )
    return respond_untyped(request, {"healthmonitor": health_monitor_view(monitor)})


@router.put("/{healthmonitor_id}")
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
    return respond_untyped(request, {"healthmonitor": health_monitor_view(monitor)})


@router.delete("/{healthmonitor_id}", status_code=204)
def delete_health_monitor(
    request: Request, project_id: str, healthmonitor_id: str, session: SessionDep
) -> Response:
    monitor_service.delete_health_monitor(
        session, project_id=project_id, healthmonitor_id=healthmonitor_id
    )
    return no_content(request)
