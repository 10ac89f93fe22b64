"""HTTP binding of the load balancer operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.domain.loadbalancers import LoadBalancerRelations
from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.loadbalancers import (
    CreateLoadBalancerRequestBody,
    DeleteLoadBalancerCascadeOption,
    DeleteLoadBalancerCascadeRequestBody,
    UpdateLoadBalancerRequestBody,
)
from mockelb.services import loadbalancers as lb_service
from mockelb.services import statuses as status_service
from mockelb.validation import OptionalJsonBody, json_body
from mockelb.views.common import page_info_view
from mockelb.views.loadbalancers import (
    CreateLoadBalancerResponse,
    ListLoadBalancersResponse,
    ShowLoadBalancerResponse,
    UpdateLoadBalancerResponse,
    load_balancer_view,
)
from mockelb.views.statuses import (
    LoadBalancerStatusResultBody,
    ShowLoadBalancerStatusResponse,
    load_balancer_status_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/loadbalancers", tags=["loadbalancers"])


# the body of delete-cascade is optional: none means the defaults
_cascade_body = OptionalJsonBody(DeleteLoadBalancerCascadeRequestBody)


@router.post("", status_code=201)
@response_body(CreateLoadBalancerResponse)
def create_load_balancer(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateLoadBalancerRequestBody, Depends(json_body(CreateLoadBalancerRequestBody))
    ],
    session: SessionDep,
) -> Response:
    lb = lb_service.create_load_balancer(session, project_id=project_id, option=body.loadbalancer)
    session.flush()
    # a new load balancer has no listeners or pools yet
    view = load_balancer_view(lb, LoadBalancerRelations(listener_ids=[], pool_ids=[]))
    return respond(
        CreateLoadBalancerResponse(loadbalancer=view, request_id=request_id_of(request)), 201
    )


@router.get("")
@response_body(ListLoadBalancersResponse)
def list_load_balancers(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = lb_service.list_load_balancers(
        session,
        project_id=project_id,
        query=query,
    )
    relations = lb_service.load_balancer_relations(session, [lb.id for lb in page.items])
    return respond(
        ListLoadBalancersResponse(
            loadbalancers=[load_balancer_view(lb, relations[lb.id]) for lb in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{loadbalancer_id}")
@response_body(ShowLoadBalancerResponse)
def show_load_balancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    lb = lb_service.show_load_balancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    relations = lb_service.load_balancer_relations(session, [lb.id])[lb.id]
    return respond(
        ShowLoadBalancerResponse(
            loadbalancer=load_balancer_view(lb, relations), request_id=request_id_of(request)
        )
    )


@router.delete("/{loadbalancer_id}", status_code=204)
def delete_load_balancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    lb_service.delete_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    return no_content(request)


@router.put("/{loadbalancer_id}")
@response_body(UpdateLoadBalancerResponse)
def update_load_balancer(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        UpdateLoadBalancerRequestBody, Depends(json_body(UpdateLoadBalancerRequestBody))
    ],
    session: SessionDep,
) -> Response:
    lb = lb_service.update_load_balancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, option=body.loadbalancer
    )
    session.flush()
    relations = lb_service.load_balancer_relations(session, [lb.id])[lb.id]
    return respond(
        UpdateLoadBalancerResponse(
            loadbalancer=load_balancer_view(lb, relations), request_id=request_id_of(request)
        )
    )


@router.post("/{loadbalancer_id}/delete-cascade", status_code=204)
def delete_load_balancer_cascade(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[DeleteLoadBalancerCascadeRequestBody, Depends(_cascade_body)],
    session: SessionDep,
) -> Response:
    option = body.loadbalancer or DeleteLoadBalancerCascadeOption()
    lb_service.delete_load_balancer_cascade(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, option=option
    )
    return no_content(request)


@router.get("/{loadbalancer_id}/statuses")
@response_body(ShowLoadBalancerStatusResponse)
def show_load_balancer_status(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    tree = status_service.show_load_balancer_status(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return respond(
        ShowLoadBalancerStatusResponse(
            statuses=LoadBalancerStatusResultBody(loadbalancer=load_balancer_status_view(tree)),
            request_id=request_id_of(request),
        )
    )
