"""HTTP binding of the VPC read API (v1), where clients look subnet ids up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import vpcs as vpc_service
from mockelb.services.listing import ListQuery
from mockelb.services.paging import MAX_LIMIT, Paging
from mockelb.views.vpcs import (
    ListSubnetsResponse,
    ListVpcsResponse,
    ShowSubnetResponse,
    ShowVpcResponse,
    subnet_view,
    vpc_view,
)

router = APIRouter(prefix="/v1/{project_id}", tags=["vpc"])


def forward_list_query(
    request: Request,
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = MAX_LIMIT,
    marker: Annotated[str | None, Query()] = None,
) -> ListQuery:
    """A VPC API list request: it pages forward only (no page_reverse)."""
    return ListQuery(
        query=tuple(request.query_params.multi_items()),
        paging=Paging(marker=marker, limit=limit),
    )


ForwardListQueryDep = Annotated[ListQuery, Depends(forward_list_query)]


@router.get("/vpcs")
@response_body(ListVpcsResponse)
def list_vpcs(
    request: Request, project_id: str, query: ForwardListQueryDep, session: SessionDep
) -> Response:
    vpcs = vpc_service.list_vpcs(session, project_id=project_id, query=query)
    return respond(
        ListVpcsResponse(vpcs=[vpc_view(vpc) for vpc in vpcs], request_id=request_id_of(request))
    )


@router.get("/vpcs/{vpc_id}")
@response_body(ShowVpcResponse)
def show_vpc(request: Request, project_id: str, vpc_id: str, session: SessionDep) -> Response:
    vpc = vpc_service.show_vpc(session, project_id=project_id, vpc_id=vpc_id)
    return respond(ShowVpcResponse(vpc=vpc_view(vpc), request_id=request_id_of(request)))


@router.get("/subnets")
@response_body(ListSubnetsResponse)
def list_subnets(
    request: Request,
    project_id: str,
    query: ForwardListQueryDep,
    session: SessionDep,
    vpc_id: Annotated[str | None, Query()] = None,
) -> Response:
    # vpc_id is one value (ListSubnetsRequest.vpc_id is a string): the last one sent counts
    only_vpc = ListQuery(
        query=(("vpc_id", vpc_id),) if vpc_id is not None else (), paging=query.paging
    )
    subnets = vpc_service.list_subnets(session, project_id=project_id, query=only_vpc)
    counts = vpc_service.available_ip_counts(session, subnets)
    views = [subnet_view(subnet, counts[subnet.id]) for subnet in subnets]
    return respond(ListSubnetsResponse(subnets=views, request_id=request_id_of(request)))


@router.get("/subnets/{subnet_id}")
@response_body(ShowSubnetResponse)
def show_subnet(request: Request, project_id: str, subnet_id: str, session: SessionDep) -> Response:
    subnet = vpc_service.show_subnet(session, project_id=project_id, subnet_id=subnet_id)
    count = vpc_service.available_ip_counts(session, [subnet])[subnet.id]
    return respond(
        ShowSubnetResponse(subnet=subnet_view(subnet, count), request_id=request_id_of(request))
    )
