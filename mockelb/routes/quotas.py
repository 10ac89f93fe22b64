"""HTTP binding of the quota operations."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import quotas as quota_service
from mockelb.views.quotas import (
    ListQuotaDetailsResponse,
    ShowQuotaResponse,
    quota_info_view,
    quota_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/quotas", tags=["quotas"])


@router.get("")
@response_body(ShowQuotaResponse)
def show_quota(request: Request, project_id: str, session: SessionDep) -> Response:
    limits = quota_service.show_quota(session, project_id=project_id)
    return respond(
        ShowQuotaResponse(quota=quota_view(project_id, limits), request_id=request_id_of(request))
    )


@router.get("/details")
@response_body(ListQuotaDetailsResponse)
def list_quota_details(request: Request, project_id: str, session: SessionDep) -> Response:
    usages = quota_service.list_quota_details(
        session, project_id=project_id, query=request.query_params.multi_items()
    )
    return respond(
        ListQuotaDetailsResponse(
            quotas=[quota_info_view(usage) for usage in usages], request_id=request_id_of(request)
        )
    )
