"""HTTP binding of the IP address group operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.models import IpGroup
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.ipgroups import (
    BatchDeleteIpListRequestBody,
    CreateIpGroupRequestBody,
    UpdateIpGroupRequestBody,
    UpdateIpListRequestBody,
)
from mockelb.services import ipgroups as ipgroup_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view, refs_view
from mockelb.views.ipgroups import (
    BatchDeleteIpListResponse,
    CreateIpGroupResponse,
    IpGroupBody,
    ListIpGroupsResponse,
    ShowIpGroupRelatedListenersResponse,
    ShowIpGroupResponse,
    UpdateIpGroupResponse,
    UpdateIpListResponse,
    ip_group_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/ipgroups", tags=["ipgroups"])


def _view_of(session: Session, group: IpGroup) -> IpGroupBody:
    """The group as shown, with the listeners that use it."""
    session.flush()
    users = ipgroup_service.ip_group_listeners(
        session, project_id=group.project_id, ipgroup_ids=[group.id]
    )
    return ip_group_view(group, users[group.id])


@router.post("", status_code=201)
@response_body(CreateIpGroupResponse)
def create_ip_group(
    request: Request,
    project_id: str,
    body: Annotated[CreateIpGroupRequestBody, Depends(json_body(CreateIpGroupRequestBody))],
    session: SessionDep,
) -> Response:
    group = ipgroup_service.create_ip_group(session, project_id=project_id, option=body.ipgroup)
    # a new group has no listeners yet: none to look for
    return respond(
        CreateIpGroupResponse(ipgroup=ip_group_view(group, []), request_id=request_id_of(request)),
        201,
    )


@router.get("")
@response_body(ListIpGroupsResponse)
def list_ip_groups(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = ipgroup_service.list_ip_groups(session, project_id=project_id, query=query)
    users = ipgroup_service.ip_group_listeners(
        session, project_id=project_id, ipgroup_ids=[group.id for group in page.items]
    )
    return respond(
        ListIpGroupsResponse(
            ipgroups=[ip_group_view(group, users[group.id]) for group in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{ipgroup_id}")
@response_body(ShowIpGroupResponse)
def show_ip_group(
    request: Request, project_id: str, ipgroup_id: str, session: SessionDep
) -> Response:
    group = ipgroup_service.show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    return respond(
        ShowIpGroupResponse(ipgroup=_view_of(session, group), request_id=request_id_of(request))
    )


@router.put("/{ipgroup_id}")
@response_body(UpdateIpGroupResponse)
def update_ip_group(
    request: Request,
    project_id: str,
    ipgroup_id: str,
    body: Annotated[UpdateIpGroupRequestBody, Depends(json_body(UpdateIpGroupRequestBody))],
    session: SessionDep,
) -> Response:
    group = ipgroup_service.update_ip_group(
        session, project_id=project_id, ipgroup_id=ipgroup_id, option=body.ipgroup
    )
    return respond(
        UpdateIpGroupResponse(ipgroup=_view_of(session, group), request_id=request_id_of(request))
    )


@router.delete("/{ipgroup_id}", status_code=204)
def delete_ip_group(
    request: Request, project_id: str, ipgroup_id: str, session: SessionDep
) -> Response:
    ipgroup_service.delete_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    return no_content(request)


@router.post("/{ipgroup_id}/iplist/create-or-update")
@response_body(UpdateIpListResponse)
def update_ip_list(
    request: Request,
    project_id: str,
    ipgroup_id: str,
    body: Annotated[UpdateIpListRequestBody, Depends(json_body(UpdateIpListRequestBody))],
    session: SessionDep,
) -> Response:
    group = ipgroup_service.update_ip_list(
        session, project_id=project_id, ipgroup_id=ipgroup_id, body=body
    )
    return respond(
        UpdateIpListResponse(ipgroup=_view_of(session, group), request_id=request_id_of(request))
    )


@router.post("/{ipgroup_id}/iplist/batch-delete")
@response_body(BatchDeleteIpListResponse)
def batch_delete_ip_list(
    request: Request,
    project_id: str,
    ipgroup_id: str,
    body: Annotated[BatchDeleteIpListRequestBody, Depends(json_body(BatchDeleteIpListRequestBody))],
    session: SessionDep,
) -> Response:
    group = ipgroup_service.batch_delete_ip_list(
        session, project_id=project_id, ipgroup_id=ipgroup_id, body=body
    )
    return respond(
        BatchDeleteIpListResponse(
            ipgroup=_view_of(session, group), request_id=request_id_of(request)
        )
    )


@router.get("/{ipgroup_id}/related-listeners")
@response_body(ShowIpGroupRelatedListenersResponse)
def show_ip_group_related_listeners(
    request: Request, project_id: str, ipgroup_id: str, session: SessionDep
) -> Response:
    listener_ids = ipgroup_service.show_ip_group_related_listeners(
        session, project_id=project_id, ipgroup_id=ipgroup_id
    )
    return respond(
        ShowIpGroupRelatedListenersResponse(
            listeners=refs_view(listener_ids), request_id=request_id_of(request)
        )
    )
