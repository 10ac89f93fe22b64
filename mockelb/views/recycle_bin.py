"""The recycle bin, the load balancers in it, and the batch delete, as the API shows them."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.loadbalancers import LoadBalancerRelations
from mockelb.models import LoadBalancer, RecycleBin
from mockelb.views.common import PageInfo, ResourceRef, TagBody
from mockelb.views.loadbalancers import (
    AutoscalingRefBody,
    EipInfoBody,
    GlobalEipInfoBody,
    PublicIpInfoBody,
    load_balancer_view,
)

# the ELB type restore_loadbalancer reports: v3, dedicated, as every mockelb load balancer
# is (v2 would be a shared one)
DEDICATED_TYPE = "v3"

# Every body carries request_id, which the X-Request-Id header repeats, as every mockelb
# response does, also where the SDK's class (ShowRecycleBinResponse, …) leaves it out.


class RecycleBinPolicyBody(TypedDict):
    """The RecycleBinPolicy object."""

    recycle_threshold_hour: int
    retention_hour: int


class RecycleBinResponseBody(TypedDict):
    """The RecycleBinResponseBody object."""

    project_id: str
    policy: RecycleBinPolicyBody
    enable: bool


class ShowRecycleBinResponse(TypedDict):
    recycle_bin: RecycleBinResponseBody
    request_id: str


class UpdateRecycleBinEnableResponse(TypedDict):
    recycle_bin: RecycleBinResponseBody
    request_id: str


class UpdateRecycleBinPolicyResponse(TypedDict):
    recycle_bin: RecycleBinResponseBody
    request_id: str


class BandwidthRefBody(TypedDict):
    """The BandwidthRef object (mockelb has no shared bandwidths: always null)."""

    id: str


class RecycleLoadBalancerBody(TypedDict):
    """The RecycleLoadBalancer object: a load balancer in the bin, with when the bin lets
    it go (auto_terminate_time)."""

    id: str
    auto_terminate_time: str
    description: str
    provisioning_status: str
    admin_state_up: bool
    provider: str
    pools: list[ResourceRef]
    listeners: list[ResourceRef]
    operating_status: str
    name: str
    project_id: str
    vip_subnet_cidr_id: str | None
    vip_address: str | None
    vip_port_id: str | None
    tags: list[TagBody]
    created_at: str
    updated_at: str
    guaranteed: bool
    vpc_id: str
    eips: list[EipInfoBody]
    ipv6_vip_address: str | None
    ipv6_vip_virsubnet_id: str | None
    ipv6_vip_port_id: str | None
    availability_zone_list: list[str]
    enterprise_project_id: str
    billing_info: str | None
    l4_flavor_id: str | None
    l4_scale_flavor_id: str | None
    l7_flavor_id: str | None
    l7_scale_flavor_id: str | None
    publicips: list[PublicIpInfoBody]
    global_eips: list[GlobalEipInfoBody]
    elb_virsubnet_ids: list[str]
    elb_virsubnet_type: str
    ip_target_enable: bool
    frozen_scene: str | None
    ipv6_bandwidth: BandwidthRefBody | None
    deletion_protection_enable: bool
    autoscaling: AutoscalingRefBody
    public_border_group: str
    charge_mode: str
    waf_failure_action: str
    protection_status: str
    protection_reason: str
    log_group_id: str
    log_topic_id: str


class ListRecycleBinLoadBalancersResponse(TypedDict):
    loadbalancers: list[RecycleLoadBalancerBody]
    page_info: PageInfo
    request_id: str


class RestoreLoadbalancerResponse(TypedDict):
    request_id: str
    type: str
    job_id: str


class BatchDeleteLoadbalancersResponse(TypedDict):
    request_id: str
    job_id: str
    loadbalancer_ids: list[str]


def recycle_bin_view(recycle_bin: RecycleBin) -> RecycleBinResponseBody:
    """The RecycleBinResponseBody object of show and both updates."""
    return {
        "project_id": recycle_bin.project_id,
        "policy": {
            "recycle_threshold_hour": recycle_bin.recycle_threshold_hour,
            "retention_hour": recycle_bin.retention_hour,
        },
        "enable": recycle_bin.enable,
    }


def recycle_load_balancer_view(
    lb: LoadBalancer, relations: LoadBalancerRelations, auto_terminate_time: str
) -> RecycleLoadBalancerBody:
    """The RecycleLoadBalancer object: the load balancer's fields, as show would give them,
    that the class has, and auto_terminate_time."""
    view = load_balancer_view(lb, relations)
    return {
        "id": view["id"],
        "auto_terminate_time": auto_terminate_time,
        "description": view["description"],
        "provisioning_status": view["provisioning_status"],
        "admin_state_up": view["admin_state_up"],
        "provider": view["provider"],
        "pools": view["pools"],
        "listeners": view["listeners"],
        "operating_status": view["operating_status"],
        "name": view["name"],
        "project_id": view["project_id"],
        "vip_subnet_cidr_id": view["vip_subnet_cidr_id"],
        "vip_address": view["vip_address"],
        "vip_port_id": view["vip_port_id"],
        "tags": view["tags"],
        "created_at": view["created_at"],
        "updated_at": view["updated_at"],
        "guaranteed": view["guaranteed"],
        "vpc_id": view["vpc_id"],
        "eips": view["eips"],
        "ipv6_vip_address": view["ipv6_vip_address"],
        "ipv6_vip_virsubnet_id": view["ipv6_vip_virsubnet_id"],
        "ipv6_vip_port_id": view["ipv6_vip_port_id"],
        "availability_zone_list": view["availability_zone_list"],
        "enterprise_project_id": view["enterprise_project_id"],
        "billing_info": view["billing_info"],
        "l4_flavor_id": view["l4_flavor_id"],
        "l4_scale_flavor_id": view["l4_scale_flavor_id"],
        "l7_flavor_id": view["l7_flavor_id"],
        "l7_scale_flavor_id": view["l7_scale_flavor_id"],
        "publicips": view["publicips"],
        "global_eips": view["global_eips"],
        "elb_virsubnet_ids": view["elb_virsubnet_ids"],
        "elb_virsubnet_type": view["elb_virsubnet_type"],
        "ip_target_enable": view["ip_target_enable"],
        "frozen_scene": view["frozen_scene"],
        # an IPv6 shared bandwidth belongs to the EIP service, which mockelb does not emulate
        "ipv6_bandwidth": None,
        "deletion_protection_enable": view["deletion_protection_enable"],
        "autoscaling": view["autoscaling"],
        "public_border_group": view["public_border_group"],
        "charge_mode": view["charge_mode"],
        "waf_failure_action": view["waf_failure_action"],
        "protection_status": view["protection_status"],
        "protection_reason": view["protection_reason"],
        "log_group_id": view["log_group_id"],
        "log_topic_id": view["log_topic_id"],
    }
