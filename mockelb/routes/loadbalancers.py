"""HTTP binding of the load balancer operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.responses import no_content, respond
from mockelb.routes.deps import PagingDep, SessionDep, filters_of
from mockelb.schemas.loadbalancers import CreateLoadBalancerRequestBody
from mockelb.services import loadbalancers as lb_service
from mockelb.validation import json_body
from mockelb.views.loadbalancers import load_balancer_view

router = APIRouter(prefix="/v3/{project_id}/elb/loadbalancers", tags=["loadbalancers"])

LOAD_BALANCER_FILTERS = frozenset(
    {
        "id",
        "name",
        "description",
        "provisioning_status",
        "operating_status",
        "vpc_id",
        "vip_port_id",
        "vip_address",
        "vip_subnet_cidr_id",
        "ipv6_vip_port_id",
        "ipv6_vip_address",
        "ipv6_vip_virsubnet_id",
        "l4_flavor_id",
        "l7_flavor_id",
        "enterprise_project_id",
        "protection_status",
        "deletion_protection_enable",
        "guaranteed",
        "admin_state_up",
        "member_address",
        "member_device_id",
    }
)


@router.post("", status_code=201)
async def create_load_balancer(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateLoadBalancerRequestBody, Depends(json_body(CreateLoadBalancerRequestBody))
    ],
    session: SessionDep,
) -> Response:
    lb = lb_service.create_load_balancer(session, project_id=project_id, option=body.loadbalancer)
    session.flush()
    return respond(request, {"loadbalancer": load_balancer_view(lb, [], [])}, 201)


@router.get("")
async def list_load_balancers(
    request: Request, project_id: str, paging: PagingDep, session: SessionDep
) -> Response:
    page = lb_service.list_load_balancers(
        session,
        project_id=project_id,
        filters=filters_of(request, LOAD_BALANCER_FILTERS),
        marker=paging.marker,
        limit=paging.limit,
        page_reverse=paging.page_reverse,
    )
    relations = lb_service.load_balancer_relations(session, [lb.id for lb in page.items])
    lbs = [load_balancer_view(lb, *relations[lb.id]) for lb in page.items]
    return respond(request, {"loadbalancers": lbs, "page_info": page.page_info(lambda lb: lb.id)})


@router.get("/{loadbalancer_id}")
async def show_load_balancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    lb = lb_service.show_load_balancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    listener_ids, pool_ids = lb_service.load_balancer_relations(session, [lb.id])[lb.id]
    return respond(request, {"loadbalancer": load_balancer_view(lb, listener_ids, pool_ids)})


@router.delete("/{loadbalancer_id}", status_code=204)
async def delete_load_balancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    lb_service.delete_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    return no_content(request)
