"""HTTP binding of the API version list (GET /versions)."""

from __future__ import annotations

import orjson
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.views.versions import ListApiVersionsResponse, versions_view

router = APIRouter(tags=["versions"])


@router.get("/versions")
@response_body(ListApiVersionsResponse)
def list_api_versions(request: Request) -> Response:
    # ListApiVersionsResponse has no request_id: the id travels in the header alone, so
    # the body is sent as it is rather than through respond()
    body = ListApiVersionsResponse(versions=versions_view())
    return Response(
        content=orjson.dumps(body),
        media_type="application/json",
        headers={"X-Request-Id": request_id_of(request)},
    )
