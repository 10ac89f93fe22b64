"""HTTP binding of the flavor operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.services import flavors as flavor_service
from mockelb.views.common import page_info_view
from mockelb.views.flavors import ListFlavorsResponse, ShowFlavorResponse, flavor_view

router = APIRouter(prefix="/v3/{project_id}/elb/flavors", tags=["flavors"])


@router.get("")
@response_body(ListFlavorsResponse)
def list_flavors(
    request: Request,
    project_id: str,
    query: ListQueryDep,
    session: SessionDep,
    list_all: Annotated[bool | None, Query()] = None,
) -> Response:
    page = flavor_service.list_flavors(
        session,
        project_id=project_id,
        query=query,
        list_all=list_all,
    )
    return respond(
        ListFlavorsResponse(
            flavors=[flavor_view(flavor) for flavor in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{flavor_id}")
@response_body(ShowFlavorResponse)
def show_flavor(request: Request, project_id: str, flavor_id: str, session: SessionDep) -> Response:
    flavor = flavor_service.show_flavor(session, project_id=project_id, flavor_id=flavor_id)
    return respond(
        ShowFlavorResponse(flavor=flavor_view(flavor), request_id=request_id_of(request))
    )
