"""HTTP binding of the copy operations (clone_loadbalancer, clone_listener) and of
batch_create_load_balancers.

The cloud runs all three as asynchronous jobs and answers before they finish; mockelb
finishes first and answers 202 with the job id, as batch_delete_listeners does (the
reference shows these three answers only as bodies).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.schemas.clones import (
    BatchCreateLoadBalancersRequestBody,
    CloneListenerRequestBody,
    CloneLoadbalancerRequestBody,
)
from mockelb.services import batch_create_loadbalancers as batch_service
from mockelb.services import clones as clone_service
from mockelb.validation import json_body
from mockelb.views.clones import (
    BatchCreateLoadBalancersResponse,
    CloneListenerResponse,
    CloneLoadbalancerResponse,
    clone_listener_resp_view,
    loadbalancer_list_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb", tags=["loadbalancers", "listeners"])

ACCEPTED = 202


@router.post("/loadbalancers/batch-create", status_code=ACCEPTED)
@response_body(BatchCreateLoadBalancersResponse)
def batch_create_load_balancers(
    request: Request,
    project_id: str,
    body: Annotated[
        BatchCreateLoadBalancersRequestBody,
        Depends(json_body(BatchCreateLoadBalancersRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    """Create up to ten dedicated load balancers alike; the job is finished at once."""
    created = batch_service.batch_create_load_balancers(
        session, project_id=project_id, option=body.loadbalancer
    )
    return respond(
        BatchCreateLoadBalancersResponse(
            loadbalancer_ids=[lb.id for lb in created.loadbalancers],
            job_id=created.job_id,
            request_id=request_id_of(request),
        ),
        ACCEPTED,
    )


@router.post("/loadbalancers/{loadbalancer_id}/clone", status_code=ACCEPTED)
@response_body(CloneLoadbalancerResponse)
def clone_loadbalancer(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[CloneLoadbalancerRequestBody, Depends(json_body(CloneLoadbalancerRequestBody))],
    session: SessionDep,
) -> Response:
    """Copy a load balancer with everything on it; the job is finished at once."""
    cloned = clone_service.clone_loadbalancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, body=body
    )
    return respond(
        CloneLoadbalancerResponse(
            loadbalancer_list=loadbalancer_list_view(cloned.loadbalancers),
            request_id=request_id_of(request),
            job_id=cloned.job_id,
        ),
        ACCEPTED,
    )


@router.post("/listeners/{listener_id}/clone", status_code=ACCEPTED)
@response_body(CloneListenerResponse)
def clone_listener(
    request: Request,
    project_id: str,
    listener_id: str,
    body: Annotated[CloneListenerRequestBody, Depends(json_body(CloneListenerRequestBody))],
    session: SessionDep,
) -> Response:
    """Copy a listener, with its pools and policies; the job is finished at once."""
    cloned = clone_service.clone_listener(
        session, project_id=project_id, listener_id=listener_id, body=body
    )
    return respond(
        CloneListenerResponse(
            listener_list=[clone_listener_resp_view(listener) for listener in cloned.listeners],
            request_id=request_id_of(request),
            job_id=cloned.job_id,
        ),
        ACCEPTED,
    )
