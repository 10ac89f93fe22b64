"""Member health a test controls: PUT, GET and DELETE /_mockelb/members/{member_id}/health.

PUT and GET answer with the member as the API now reports it, in the MemberInfo shape of
list_all_members (so it names its pool and load balancer): `{"member": …, "request_id"}`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb.domain.member_health import HealthBook
from mockelb.errors import request_id_of
from mockelb.models import Member, Pool
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import SessionDep
from mockelb.schemas.member_health import ForceMemberHealthRequestBody
from mockelb.services import member_health as health_service
from mockelb.validation import json_body, reject_nul_characters
from mockelb.views.members import MemberInfoBody, columns_of, member_info_view

# a member id with a NUL is an unknown member (404), as on the ELB routes
router = APIRouter(
    prefix="/_mockelb", tags=["admin"], dependencies=[Depends(reject_nul_characters)]
)


class MemberHealthResponse(TypedDict):
    """The member as show_member and the lists now report it, with its pool_id."""

    member: MemberInfoBody
    request_id: str


def _answer(request: Request, found: tuple[Member, Pool, HealthBook]) -> Response:
    member, pool, health = found
    view = member_info_view(columns_of(member), pool.loadbalancer_id, health.of_member(member))
    return respond(MemberHealthResponse(member=view, request_id=request_id_of(request)))


@router.put("/members/{member_id}/health")
@response_body(MemberHealthResponse)
def force_member_health(
    request: Request,
    member_id: str,
    body: Annotated[ForceMemberHealthRequestBody, Depends(json_body(ForceMemberHealthRequestBody))],
    session: SessionDep,
) -> Response:
    """Force the member's operating_status (and reason) for one listener, or for every
    listener of its pool, until changed; unknown member: 404 ELB.8904."""
    return _answer(
        request, health_service.force_member_health(session, member_id=member_id, option=body)
    )


@router.get("/members/{member_id}/health")
@response_body(MemberHealthResponse)
def show_member_health(request: Request, member_id: str, session: SessionDep) -> Response:
    """The member as it now reports."""
    return _answer(request, health_service.show_member_health(session, member_id=member_id))


@router.delete("/members/{member_id}/health", status_code=204)
def clear_member_health(
    request: Request,
    member_id: str,
    session: SessionDep,
    listener_id: Annotated[str | None, Query()] = None,
) -> Response:
    """Forget what was forced (for the listener only, with listener_id): the member
    reports its derived health again; unknown member: 404 ELB.8904."""
    health_service.clear_member_health(session, member_id=member_id, listener_id=listener_id)
    return no_content(request)
