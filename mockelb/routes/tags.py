"""HTTP binding of the tag operations of load balancers and listeners.

Their paths are /v3/{project_id}/loadbalancers/… and /v3/{project_id}/listeners/…, without
the /elb of the other ELB operations (as the SDK and the reference give them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content
from mockelb.routes.deps import SessionDep
from mockelb.schemas.tags import ChangeListenerTagsRequestBody, ChangeLoadbalancerTagsRequestBody
from mockelb.services import tags as tag_service
from mockelb.validation import json_body
from mockelb.views.tags import (
    ListListenerTagsResponse,
    ListLoadbalancerTagsResponse,
    ShowListenerTagsResponse,
    ShowLoadbalancerTagsResponse,
    list_tags_view,
    resource_tags_view,
)

router = APIRouter(prefix="/v3/{project_id}", tags=["tags"])


def _respond(request: Request, body: Mapping[str, object]) -> Response:
    # the tag bodies have no request_id (see views/tags.py): the header carries it alone
    return Response(
        content=orjson.dumps(body),
        media_type="application/json",
        headers={"X-Request-Id": request_id_of(request)},
    )


@router.get("/loadbalancers/tags")
@response_body(ListLoadbalancerTagsResponse)
def list_loadbalancer_tags(request: Request, project_id: str, session: SessionDep) -> Response:
    tags = tag_service.list_loadbalancer_tags(session, project_id=project_id)
    return _respond(request, ListLoadbalancerTagsResponse(tags=list_tags_view(tags)))


@router.get("/loadbalancers/{loadbalancer_id}/tags")
@response_body(ShowLoadbalancerTagsResponse)
def show_loadbalancer_tags(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    tags = tag_service.show_loadbalancer_tags(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return _respond(request, ShowLoadbalancerTagsResponse(tags=resource_tags_view(tags)))


@router.post("/loadbalancers/{loadbalancer_id}/tags/action", status_code=204)
def change_loadbalancer_tags(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        ChangeLoadbalancerTagsRequestBody, Depends(json_body(ChangeLoadbalancerTagsRequestBody))
    ],
    session: SessionDep,
) -> Response:
    tag_service.change_loadbalancer_tags(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        action=body.action,
        tags=body.tags,
    )
    return no_content(request)


@router.get("/listeners/tags")
@response_body(ListListenerTagsResponse)
def list_listener_tags(request: Request, project_id: str, session: SessionDep) -> Response:
    tags = tag_service.list_listener_tags(session, project_id=project_id)
    return _respond(request, ListListenerTagsResponse(tags=list_tags_view(tags)))


@router.get("/listeners/{listener_id}/tags")
@response_body(ShowListenerTagsResponse)
def show_listener_tags(
    request: Request, project_id: str, listener_id: str, session: SessionDep
) -> Response:
    tags = tag_service.show_listener_tags(session, project_id=project_id, listener_id=listener_id)
    return _respond(request, ShowListenerTagsResponse(tags=resource_tags_view(tags)))


@router.post("/listeners/{listener_id}/tags/action", status_code=204)
def change_listener_tags(
    request: Request,
    project_id: str,
    listener_id: str,
    body: Annotated[
        ChangeListenerTagsRequestBody, Depends(json_body(ChangeListenerTagsRequestBody))
    ],
    session: SessionDep,
) -> Response:
    tag_service.change_listener_tags(
        session, project_id=project_id, listener_id=listener_id, action=body.action, tags=body.tags
    )
    return no_content(request)
