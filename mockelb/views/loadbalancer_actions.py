"""The answers of the load balancer actions: AZ changes, upgrade, charge mode, reserved IPs."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.views.loadbalancers import LoadBalancerBody


class BatchAddAvailableZonesResponse(TypedDict):
    # loadbalancer_id and order_id are left out: the SDK model returns them for yearly/
    # monthly load balancers alone, and every mockelb load balancer is pay-per-use
    loadbalancer: LoadBalancerBody
    request_id: str


class BatchRemoveAvailableZonesResponse(TypedDict):
    loadbalancer: LoadBalancerBody
    request_id: str


class UpgradeLoadbalancerResponse(TypedDict):
    job_id: str
    request_id: str


class ChangeLoadbalancerChargeModeResponse(TypedDict):
    eip_id_list: list[str]
    loadbalancer_id_list: list[str]
    order_id: str
    request_id: str


class PreoccupyIpBody(TypedDict):
    """The PreoccupyIp object: how many IP addresses the change would take."""

    total: int


class CountPreoccupyIpNumResponse(TypedDict):
    preoccupy_ip: PreoccupyIpBody
    request_id: str
