"""Wire schemas of the copy operations (clone_loadbalancer, clone_listener) and of
batch_create_load_balancers, named as in the API reference."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Name, ResourceId
from mockelb.schemas.listeners import PortRange
from mockelb.schemas.loadbalancers import (
    BandwidthRef,
    CreateLoadbalancerAutoscalingOption,
    CreateLoadBalancerPublicIpOption,
    PrepaidCreateOption,
    ProtectionReason,
    Tag,
)

# how many copies or load balancers one request makes (count, number: 1-10)
Copies = Annotated[int, Field(ge=1, le=10)]
# a listener port of a copy: 0 asks for port_ranges (CloneListenerOption.protocol_port)
ClonePort = Annotated[int, Field(ge=0, le=65535)]
FlavorId = Annotated[str, Field(max_length=36)]
Address = Annotated[str, Field(max_length=64)]


class TargetLoadbalancerParam(ElbModel):
    """What a copy of a load balancer changes; a field left out keeps the source's."""

    name: Name | None = None
    availability_zone_list: (
        Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)] | None
    ) = None
    vip_subnet_cidr_id: ResourceId | None = None
    vip_address: Address | None = None
    ipv6_vip_virsubnet_id: ResourceId | None = None
    ipv6_vip_address: Address | None = None
    elb_virsubnet_ids: list[ResourceId] | None = None
    l4_flavor_id: FlavorId | None = None
    l7_flavor_id: FlavorId | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    reuse_pool: bool | None = None
    guaranteed: bool | None = None


class CloneLoadbalancerRequestBody(ElbModel):
    count: Copies | None = None
    target_loadbalancer_param: TargetLoadbalancerParam


class SubnetMappingList(ElbModel):
    subnet_cidr_id: ResourceId
    dst_subnet_cidr_id: ResourceId


class CloneListenerOption(ElbModel):
    """One copy of a listener: where it goes and on which port; the rest is the source's."""

    name: Name | None = None
    loadbalancer_id: ResourceId
    protocol_port: ClonePort | None = None
    port_ranges: Annotated[list[PortRange], Field(min_length=1, max_length=10)] | None = None
    reuse_pool: bool | None = None
    subnet_mapping_list: list[SubnetMappingList] | None = None


class CloneListenerRequestBody(ElbModel):
    # the reference gives no bound: ten, as many as count of clone_loadbalancer allows
    target_listener_params: Annotated[list[CloneListenerOption], Field(min_length=1, max_length=10)]


class BatchCreateLoadBalancerOption(ElbModel):
    """CreateLoadBalancerOption's fields, with number (how many) and the shared-instance
    fields; id and ids are "not supported, do not use" (the service refuses them)."""

    id: ResourceId | None = None
    ids: list[ResourceId] | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    number: Copies | None = None
    name: Name | None = None
    description: Description | None = None
    vip_address: Address | None = None
    vip_subnet_cidr_id: ResourceId | None = None
    ipv6_vip_virsubnet_id: ResourceId | None = None
    provider: Literal["vlb"] | None = None
    l4_flavor_id: FlavorId | None = None
    l7_flavor_id: FlavorId | None = None
    guaranteed: bool | None = None
    vpc_id: ResourceId | None = None
    availability_zone_list: (
        Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)] | None
    ) = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    tags: list[Tag] | None = None
    admin_state_up: bool | None = None
    billing_info: Annotated[str, Field(max_length=1024)] | None = None
    ipv6_bandwidth: BandwidthRef | None = None
    bandwidth: BandwidthRef | None = None
    publicip_ids: list[str] | None = None
    publicip: CreateLoadBalancerPublicIpOption | None = None
    elb_virsubnet_ids: list[ResourceId] | None = None
    ip_target_enable: bool | None = None
    deletion_protection_enable: bool | None = None
    prepaid_options: PrepaidCreateOption | None = None
    autoscaling: CreateLoadbalancerAutoscalingOption | None = None
    waf_failure_action: Literal["discard", "forward"] | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: ProtectionReason | None = None
    charge_mode: Literal["flavor", "lcu"] | None = None
    ipv6_vip_address: Address | None = None


class BatchCreateLoadBalancersRequestBody(ElbModel):
    loadbalancer: BatchCreateLoadBalancerOption
