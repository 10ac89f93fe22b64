"""Load balancers as the API shows them."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.loadbalancers import LoadBalancerRelations
from mockelb.models import LoadBalancer
from mockelb.views.common import PageInfo, ResourceRef, TagBody, refs_view


class EipInfoBody(TypedDict):
    """The EipInfo object (mockelb binds no EIPs: eips is always empty)."""

    eip_id: str
    eip_address: str
    ip_version: int


class PublicIpInfoBody(TypedDict):
    """The PublicIpInfo object (mockelb binds no EIPs: publicips is always empty)."""

    publicip_id: str
    publicip_address: str
    ip_version: int


class GlobalEipInfoBody(TypedDict):
    """The GlobalEipInfo object (mockelb binds none: global_eips is always empty)."""

    global_eip_id: str
    global_eip_address: str
    ip_version: int


class AutoscalingRefBody(TypedDict):
    """The AutoscalingRef object: elastic scaling, always off in mockelb."""

    enable: bool
    min_l7_flavor_id: str


class LoadBalancerBody(TypedDict):
    """The LoadBalancer object of show, list, create and update responses."""

    id: str
    name: str
    description: str
    project_id: str
    provisioning_status: str
    operating_status: str
    admin_state_up: bool
    provider: str
    pools: list[ResourceRef]
    listeners: list[ResourceRef]
    vip_subnet_cidr_id: str | None
    vip_address: str | None
    vip_port_id: str | None
    ipv6_vip_virsubnet_id: str | None
    ipv6_vip_address: str | None
    ipv6_vip_port_id: str | None
    tags: list[TagBody]
    created_at: str
    updated_at: str
    guaranteed: bool
    vpc_id: str
    eips: list[EipInfoBody]
    publicips: list[PublicIpInfoBody]
    global_eips: list[GlobalEipInfoBody]
    availability_zone_list: list[str]
    enterprise_project_id: str
    # null: every mockelb load balancer is pay-per-use
    billing_info: str | None
    l4_flavor_id: str | None
    l4_scale_flavor_id: str | None
    l7_flavor_id: str | None
    l7_scale_flavor_id: str | None
    # a gateway load balancer's flavor, and "gateway" (null: any other load balancer)
    gw_flavor_id: str | None
    loadbalancer_type: str | None
    elb_virsubnet_ids: list[str]
    elb_virsubnet_type: str
    ip_target_enable: bool
    frozen_scene: str | None
    deletion_protection_enable: bool
    public_border_group: str
    charge_mode: str
    autoscaling: AutoscalingRefBody
    waf_failure_action: str
    protection_status: str
    protection_reason: str
    log_group_id: str
    log_topic_id: str


class CreateLoadBalancerResponse(TypedDict):
    loadbalancer: LoadBalancerBody
    request_id: str


class ListLoadBalancersResponse(TypedDict):
    loadbalancers: list[LoadBalancerBody]
    page_info: PageInfo
    request_id: str


class ShowLoadBalancerResponse(TypedDict):
    loadbalancer: LoadBalancerBody
    request_id: str


class UpdateLoadBalancerResponse(TypedDict):
    loadbalancer: LoadBalancerBody
    request_id: str


def load_balancer_view(lb: LoadBalancer, relations: LoadBalancerRelations) -> LoadBalancerBody:
    """The LoadBalancer object of show, list, create and update responses."""
    return {
        "id": lb.id,
        "name": lb.name,
        "description": lb.description,
        "project_id": lb.project_id,
        "provisioning_status": lb.provisioning_status,
        "operating_status": lb.operating_status,
        "admin_state_up": lb.admin_state_up,
        "provider": lb.provider,
        "pools": refs_view(relations.pool_ids),
        "listeners": refs_view(relations.listener_ids),
        "vip_subnet_cidr_id": lb.vip_subnet_cidr_id,
        "vip_address": lb.vip_address,
        "vip_port_id": lb.vip_port_id,
        "ipv6_vip_virsubnet_id": lb.ipv6_vip_virsubnet_id,
        "ipv6_vip_address": lb.ipv6_vip_address,
        "ipv6_vip_port_id": lb.ipv6_vip_port_id,
        "tags": lb.tags,
        "created_at": lb.created_at,
        "updated_at": lb.updated_at,
        "guaranteed": lb.guaranteed,
        "vpc_id": lb.vpc_id,
        "eips": [],
        "publicips": [],
        "global_eips": [],
        "availability_zone_list": lb.availability_zone_list,
        "enterprise_project_id": lb.enterprise_project_id,
        "billing_info": None,
        "l4_flavor_id": lb.l4_flavor_id,
        "l4_scale_flavor_id": None,
        "l7_flavor_id": lb.l7_flavor_id,
        "l7_scale_flavor_id": None,
        "gw_flavor_id": lb.gw_flavor_id,
        "loadbalancer_type": lb.loadbalancer_type,
        "elb_virsubnet_ids": lb.elb_virsubnet_ids,
        "elb_virsubnet_type": lb.elb_virsubnet_type,
        "ip_target_enable": lb.ip_target_enable,
        "frozen_scene": None,
        "deletion_protection_enable": lb.deletion_protection_enable,
        "public_border_group": lb.public_border_group,
        # billed by flavor (every mockelb load balancer is pay-per-use); "" for a shared
        # one, which is free (LoadBalancer.charge_mode)
        "charge_mode": "flavor" if lb.guaranteed else "",
        # mockelb does not scale (create/update refuse enable=true): always off
        "autoscaling": {"enable": False, "min_l7_flavor_id": ""},
        # the documented default; it acts only on a load balancer bound to WAF
        "waf_failure_action": lb.waf_failure_action,
        "protection_status": lb.protection_status,
        "protection_reason": lb.protection_reason,
        "log_group_id": relations.log_group_id,
        "log_topic_id": relations.log_topic_id,
    }
