"""HTTP binding of show_load_balancer_topology."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import topology as topology_service
from mockelb.views.topology import ShowLoadBalancerTopologyResponse, topology_view

router = APIRouter(prefix="/v3/{project_id}/elb/loadbalancers", tags=["loadbalancers"])


@router.get("/{loadbalancer_id}/topology")
@response_body(ShowLoadBalancerTopologyResponse)
def show_load_balancer_topology(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    """The load balancer, its listeners and pools as nodes and edges; filters listener_id,
    listener_name, listener_protocol, listener_protocol_port, pool_id and pool_name."""
    topology = topology_service.show_load_balancer_topology(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        query=request.query_params.multi_items(),
    )
    return respond(
        ShowLoadBalancerTopologyResponse(
            topology=topology_view(topology), request_id=request_id_of(request)
        )
    )
