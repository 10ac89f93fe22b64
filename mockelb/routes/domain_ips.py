"""HTTP binding of the load balancer domain name resolution operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.domain_ips import (
    BatchDisableDomainIPsRequestBody,
    BatchEnableDomainIPsRequestBody,
    UpdateSystemDefaultDomainConfigRequestBody,
    UpdateUserDefinedDomainConfigRequestBody,
)
from mockelb.services import domain_ips as dns_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.domain_ips import (
    BatchDisableDomainIPsResponse,
    BatchEnableDomainIPsResponse,
    ListDomainIPsResponse,
    UpdateSystemDefaultDomainConfigResponse,
    UpdateUserDefinedDomainConfigResponse,
    dns_config_view,
    dns_ip_view,
)

router = APIRouter(
    prefix="/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/dns", tags=["loadbalancers"]
)


@router.get("/ips")
@response_body(ListDomainIPsResponse)
def list_domain_i_ps(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    query: ListQueryDep,
    session: SessionDep,
) -> Response:
    page, names = dns_service.list_domain_i_ps(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, query=query
    )
    return respond(
        ListDomainIPsResponse(
            ips=[dns_ip_view(row, names) for row in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.post("/ips/batch-enable")
@response_body(BatchEnableDomainIPsResponse)
def batch_enable_domain_i_ps(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        BatchEnableDomainIPsRequestBody, Depends(json_body(BatchEnableDomainIPsRequestBody))
    ],
    session: SessionDep,
) -> Response:
    shown = dns_service.batch_enable_domain_i_ps(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, ips=body.ips
    )
    return respond(
        BatchEnableDomainIPsResponse(
            ips=[dns_ip_view(row, shown.names) for row in shown.ips],
            request_id=request_id_of(request),
        )
    )


@router.post("/ips/batch-disable")
@response_body(BatchDisableDomainIPsResponse)
def batch_disable_domain_i_ps(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        BatchDisableDomainIPsRequestBody, Depends(json_body(BatchDisableDomainIPsRequestBody))
    ],
    session: SessionDep,
) -> Response:
    shown = dns_service.batch_disable_domain_i_ps(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, ips=body.ips
    )
    return respond(
        BatchDisableDomainIPsResponse(
            ips=[dns_ip_view(row, shown.names) for row in shown.ips],
            request_id=request_id_of(request),
        )
    )


@router.post("/system-default-config")
@response_body(UpdateSystemDefaultDomainConfigResponse)
def update_system_default_domain_config(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        UpdateSystemDefaultDomainConfigRequestBody,
        Depends(json_body(UpdateSystemDefaultDomainConfigRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    lb, dns = dns_service.update_system_default_domain_config(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, option=body.loadbalancer
    )
    return respond(
        UpdateSystemDefaultDomainConfigResponse(
            loadbalancer=dns_config_view(lb, dns), request_id=request_id_of(request)
        )
    )


@router.post("/user-defined-config")
@response_body(UpdateUserDefinedDomainConfigResponse)
def update_user_defined_domain_config(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        UpdateUserDefinedDomainConfigRequestBody,
        Depends(json_body(UpdateUserDefinedDomainConfigRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    lb, dns = dns_service.update_user_defined_domain_config(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, option=body.loadbalancer
    )
    return respond(
        UpdateUserDefinedDomainConfigResponse(
            loadbalancer=dns_config_view(lb, dns), request_id=request_id_of(request)
        )
    )
