"""HTTP binding of show_load_balancer_ports (the load balancer's backend subnet ports)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import local_ports as local_port_service
from mockelb.views.local_ports import ShowLoadBalancerPortsResponse, local_port_view

router = APIRouter(prefix="/v3/{project_id}/elb/loadbalancers", tags=["loadbalancers"])


@router.get("/{loadbalancer_id}/local-ports")
@response_body(ShowLoadBalancerPortsResponse)
def show_load_balancer_ports(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    """The ports (addresses) the load balancer uses in its backend subnets; filters
    port_id, ip_address, ipv6_address, type and virsubnet_id, each repeatable."""
    ports = local_port_service.show_load_balancer_ports(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        query=request.query_params.multi_items(),
    )
    return respond(
        ShowLoadBalancerPortsResponse(
            ports=[local_port_view(port) for port in ports], request_id=request_id_of(request)
        )
    )
