"""Wire schemas of the load balancer operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Name, ResourceId


class Tag(ElbModel):
    key: Annotated[str, Field(min_length=1, max_length=36)]
    value: Annotated[str, Field(max_length=43)] | None = None


class CreateLoadBalancerPublicIpOption(ElbModel):
    ip_version: Literal[4, 6] | None = None
    network_type: str
    billing_info: str | None = None
    description: Description | None = None
    bandwidth: dict[str, Any]


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
    ipv6_bandwidth: dict[str, Any] | None = None
    publicip_ids: list[str] | None = None
    publicip: CreateLoadBalancerPublicIpOption | None = None
    deletion_protection_enable: bool | None = None
    prepaid_options: dict[str, Any] | None = None
    autoscaling: dict[str, Any] | None = None
    waf_failure_action: Literal["discard", "forward"] | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: Annotated[str, Field(max_length=255)] | None = None
    charge_mode: Literal["flavor", "lcu"] | None = None


class CreateLoadBalancerRequestBody(ElbModel):
    loadbalancer: CreateLoadBalancerOption
