"""HTTP binding of the availability zone list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import availability_zones as az_service
from mockelb.views.availability_zones import (
    ListAvailabilityZonesResponse,
    availability_zone_sets_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb", tags=["availability zones"])


@router.get("/availability-zones")
@response_body(ListAvailabilityZonesResponse)
def list_availability_zones(
    request: Request,
    project_id: str,
    session: SessionDep,
    public_border_group: Annotated[str | None, Query()] = None,
    loadbalancer_id: Annotated[str | None, Query()] = None,
) -> Response:
    zones = az_service.list_availability_zones(
        session,
        project_id=project_id,
        public_border_group=public_border_group,
        loadbalancer_id=loadbalancer_id,
    )
    return respond(
        ListAvailabilityZonesResponse(
            availability_zones=availability_zone_sets_view(zones),
            request_id=request_id_of(request),
        )
    )
