"""Wire schemas of the load balancer operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Name, ResourceId

# any characters but '<' and '>', at most 255
ProtectionReason = Annotated[str, Field(max_length=255, pattern=r"^[^<>]*$")]


class Tag(ElbModel):
    """A tag of a new load balancer or listener: the tag rules (services/tags.py) apply."""

    key: str
    value: str | None = None


class CreateLoadBalancerPublicIpOption(ElbModel):
    ip_version: Literal[4, 6] | None = None
    network_type: str
    billing_info: str | None = None
    description: Description | None = None
    bandwidth: dict[str, Any]


class BandwidthRef(ElbModel):
    id: Annotated[str, Field(min_length=1, max_length=36)]


class CreateLoadbalancerAutoscalingOption(ElbModel):
    enable: bool
    min_l7_flavor_id: Annotated[str, Field(max_length=36)] | None = None


class PrepaidCreateOption(ElbModel):
    period_type: Literal["month", "year"]
    period_num: Annotated[int, Field(ge=1, le=9)] | None = None
    auto_renew: bool | None = None
    auto_pay: bool | None = None


class CreateLoadBalancerOption(ElbModel):
    availability_zone_list: Annotated[
        list[Annotated[str, Field(min_length=1)]], Field(min_length=1)
    ]
    name: Name | None = None
    description: Description | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    vpc_id: ResourceId | None = None
    vip_subnet_cidr_id: ResourceId | None = None
    vip_address: Annotated[str, Field(max_length=64)] | None = None
    ipv6_vip_virsubnet_id: ResourceId | None = None
    ipv6_vip_address: Annotated[str, Field(max_length=64)] | None = None
    elb_virsubnet_ids: list[ResourceId] | None = None
    ip_target_enable: bool | None = None
    provider: Literal["vlb"] | None = None
    l4_flavor_id: Annotated[str, Field(max_length=36)] | None = None
    l7_flavor_id: Annotated[str, Field(max_length=36)] | None = None
    guaranteed: bool | None = None
    admin_state_up: bool | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    tags: list[Tag] | None = None
    billing_info: Annotated[str, Field(max_length=1024)] | None = None
    ipv6_bandwidth: BandwidthRef | None = None
    publicip_ids: list[str] | None = None
    publicip: CreateLoadBalancerPublicIpOption | None = None
    deletion_protection_enable: bool | None = None
    prepaid_options: PrepaidCreateOption | None = None
    autoscaling: CreateLoadbalancerAutoscalingOption | None = None
    waf_failure_action: Literal["discard", "forward"] | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: ProtectionReason | None = None
    charge_mode: Literal["flavor", "lcu"] | None = None


class CreateLoadBalancerRequestBody(ElbModel):
    loadbalancer: CreateLoadBalancerOption


class UpdateLoadbalancerAutoscalingOption(ElbModel):
    enable: bool
    min_l7_flavor_id: Annotated[str, Field(max_length=36)] | None = None


class PrepaidUpdateOption(ElbModel):
    auto_pay: bool | None = None
    change_mode: Literal["immediate", "delay"] | None = None
    period_num: Annotated[int, Field(ge=1, le=9)] | None = None
    period_type: Literal["month", "year"] | None = None


class UpdateLoadBalancerOption(ElbModel):
    """Every field is optional; an absent field keeps its value. For the VIP subnets an
    explicit null is meaningful (it unbinds), so the service reads `model_fields_set`."""

    name: Name | None = None
    admin_state_up: bool | None = None
    description: Description | None = None
    ipv6_vip_virsubnet_id: ResourceId | None = None
    vip_subnet_cidr_id: ResourceId | None = None
    vip_address: Annotated[str, Field(max_length=64)] | None = None
    l4_flavor_id: Annotated[str, Field(max_length=36)] | None = None
    l7_flavor_id: Annotated[str, Field(max_length=36)] | None = None
    ipv6_bandwidth: BandwidthRef | None = None
    ip_target_enable: bool | None = None
    elb_virsubnet_ids: list[ResourceId] | None = None
    deletion_protection_enable: bool | None = None
    prepaid_options: PrepaidUpdateOption | None = None
    autoscaling: UpdateLoadbalancerAutoscalingOption | None = None
    charge_mode: Literal["flavor"] | None = None
    waf_failure_action: Literal["discard", "forward"] | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: ProtectionReason | None = None
    ipv6_vip_address: Annotated[str, Field(max_length=64)] | None = None


class UpdateLoadBalancerRequestBody(ElbModel):
    loadbalancer: UpdateLoadBalancerOption


class DeleteLoadBalancerCascadeOption(ElbModel):
    unbounded_pool: bool | None = None
    public_ip: bool | None = None


class DeleteLoadBalancerCascadeRequestBody(ElbModel):
    loadbalancer: DeleteLoadBalancerCascadeOption | None = None
