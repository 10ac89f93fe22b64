"""HTTP binding of the recycle bin operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.recycle_bin import (
    UpdateRecycleBinEnableRequestBody,
    UpdateRecycleBinPolicyRequestBody,
)
from mockelb.services import loadbalancers as lb_service
from mockelb.services import recycle_bin as bin_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.recycle_bin import (
    DEDICATED_TYPE,
    ListRecycleBinLoadBalancersResponse,
    RestoreLoadbalancerResponse,
    ShowRecycleBinResponse,
    UpdateRecycleBinEnableResponse,
    UpdateRecycleBinPolicyResponse,
    recycle_bin_view,
    recycle_load_balancer_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/recycle-bin", tags=["recycle-bin"])


@router.get("")
@response_body(ShowRecycleBinResponse)
def show_recycle_bin(request: Request, project_id: str, session: SessionDep) -> Response:
    recycle_bin = bin_service.show_recycle_bin(session, project_id=project_id)
    return respond(
        ShowRecycleBinResponse(
            recycle_bin=recycle_bin_view(recycle_bin), request_id=request_id_of(request)
        )
    )


@router.put("")
@response_body(UpdateRecycleBinEnableResponse)
def update_recycle_bin_enable(
    request: Request,
    project_id: str,
    body: Annotated[
        UpdateRecycleBinEnableRequestBody, Depends(json_body(UpdateRecycleBinEnableRequestBody))
    ],
    session: SessionDep,
) -> Response:
    recycle_bin = bin_service.update_recycle_bin_enable(
        session, project_id=project_id, option=body.recycle_bin
    )
    return respond(
        UpdateRecycleBinEnableResponse(
            recycle_bin=recycle_bin_view(recycle_bin), request_id=request_id_of(request)
        )
    )


@router.put("/policy")
@response_body(UpdateRecycleBinPolicyResponse)
def update_recycle_bin_policy(
    request: Request,
    project_id: str,
    body: Annotated[
        UpdateRecycleBinPolicyRequestBody, Depends(json_body(UpdateRecycleBinPolicyRequestBody))
    ],
    session: SessionDep,
) -> Response:
    recycle_bin = bin_service.update_recycle_bin_policy(
        session, project_id=project_id, option=body.recycle_bin
    )
    return respond(
        UpdateRecycleBinPolicyResponse(
            recycle_bin=recycle_bin_view(recycle_bin), request_id=request_id_of(request)
        )
    )


@router.get("/loadbalancers")
@response_body(ListRecycleBinLoadBalancersResponse)
def list_recycle_bin_load_balancers(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = bin_service.list_recycle_bin_load_balancers(session, project_id=project_id, query=query)
    lb_ids = [lb.id for lb in page.items]
    relations = lb_service.load_balancer_relations(session, lb_ids)
    terminate = bin_service.auto_terminate_times(session, lb_ids)
    return respond(
        ListRecycleBinLoadBalancersResponse(
            loadbalancers=[
                recycle_load_balancer_view(lb, relations[lb.id], terminate[lb.id])
                for lb in page.items
            ],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.put("/loadbalancers/{loadbalancer_id}/recover")
@response_body(RestoreLoadbalancerResponse)
def restore_loadbalancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    job_id = bin_service.restore_loadbalancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return respond(
        RestoreLoadbalancerResponse(
            request_id=request_id_of(request), type=DEDICATED_TYPE, job_id=job_id
        )
    )


@router.delete("/loadbalancers/{loadbalancer_id}", status_code=204)
def delete_recycle_load_balancer(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    bin_service.delete_recycle_load_balancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return no_content(request)
