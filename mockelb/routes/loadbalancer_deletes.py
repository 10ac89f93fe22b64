"""HTTP binding of the forced and the batch load balancer deletes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import SessionDep
from mockelb.schemas.recycle_bin import BatchDeleteLoadbalancersRequestBody
from mockelb.services import loadbalancer_deletes as delete_service
from mockelb.validation import json_body
from mockelb.views.recycle_bin import BatchDeleteLoadbalancersResponse

router = APIRouter(prefix="/v3/{project_id}/elb/loadbalancers", tags=["loadbalancers"])


@router.post("/batch-delete", status_code=202)
@response_body(BatchDeleteLoadbalancersResponse)
def batch_delete_loadbalancers(
    request: Request,
    project_id: str,
    body: Annotated[
        BatchDeleteLoadbalancersRequestBody,
        Depends(json_body(BatchDeleteLoadbalancersRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    lb_ids, job_id = delete_service.batch_delete_loadbalancers(
        session, project_id=project_id, body=body
    )
    return respond(
        BatchDeleteLoadbalancersResponse(
            request_id=request_id_of(request), job_id=job_id, loadbalancer_ids=lb_ids
        ),
        202,
    )


@router.delete("/{loadbalancer_id}/force-elb", status_code=204)
def delete_load_balancer_force(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    delete_service.delete_load_balancer_force(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return no_content(request)
