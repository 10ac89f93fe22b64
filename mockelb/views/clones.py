"""The answers of the copy operations and of batch_create_load_balancers: the ids of what
was made and the id of the job that made it."""

from __future__ import annotations

from typing import cast

from typing_extensions import TypedDict

from mockelb.domain.listeners import PortRangeBody
from mockelb.models import Listener, LoadBalancer
from mockelb.views.common import ResourceRef, refs_view


class CloneListenerRespBody(TypedDict):
    """A CloneListenerResp: a new listener, where it is and on which ports."""

    id: str
    loadbalancer_id: str
    protocol_port: int
    port_ranges: list[PortRangeBody]


class CloneListenerResponse(TypedDict):
    listener_list: list[CloneListenerRespBody]
    request_id: str
    job_id: str


class CloneLoadbalancerResponse(TypedDict):
    # CloneLoadbalancerResponseBodyLoadbalancerList: {"id"} of each new load balancer
    loadbalancer_list: list[ResourceRef]
    request_id: str
    job_id: str


class BatchCreateLoadBalancersResponse(TypedDict):
    """loadbalancer_ids and job_id; order_id is the prepaid order's, and every mockelb
    load balancer is pay-per-use, so it is left out (as create_load_balancer does)."""

    loadbalancer_ids: list[str]
    job_id: str
    request_id: str


def clone_listener_resp_view(listener: Listener) -> CloneListenerRespBody:
    return {
        "id": listener.id,
        "loadbalancer_id": listener.loadbalancer_id,
        "protocol_port": listener.protocol_port,
        "port_ranges": cast("list[PortRangeBody]", listener.port_ranges or []),
    }


def loadbalancer_list_view(lbs: list[LoadBalancer]) -> list[ResourceRef]:
    return refs_view([lb.id for lb in lbs])
