"""VPCs and subnets in the shapes of the VPC API (v1)."""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from mockelb.models import Subnet, Vpc


class VpcBody(TypedDict):
    """The Vpc object of the VPC API (v1)."""

    id: str
    name: str
    cidr: str
    description: str
    routes: list[dict[str, str]]
    status: str
    enterprise_project_id: str
    tenant_id: str
    created_at: str
    updated_at: str
    block_service_endpoint_states: str
    enable_network_address_usage_metrics: bool


class SubnetBody(TypedDict):
    """The Subnet object of the VPC API (v1); the IPv6 fields only on subnets with IPv6."""

    id: str
    name: str
    description: str
    cidr: str
    gateway_ip: str
    ipv6_enable: bool
    dhcp_enable: bool
    primary_dns: str
    secondary_dns: str
    dns_list: list[str]
    availability_zone: str
    vpc_id: str
    status: str
    neutron_network_id: str
    neutron_subnet_id: str
    extra_dhcp_opts: list[dict[str, str]]
    scope: str
    tenant_id: str
    created_at: str
    updated_at: str
    enable_network_address_usage_metrics: bool
    available_ip_address_count: int
    cidr_v6: NotRequired[str]
    gateway_ip_v6: NotRequired[str]
    neutron_subnet_id_v6: NotRequired[str]


class ListVpcsResponse(TypedDict):
    vpcs: list[VpcBody]
    request_id: str


class ShowVpcResponse(TypedDict):
    vpc: VpcBody
    request_id: str


class ListSubnetsResponse(TypedDict):
    subnets: list[SubnetBody]
    request_id: str


class ShowSubnetResponse(TypedDict):
    subnet: SubnetBody
    request_id: str


def vpc_view(vpc: Vpc) -> VpcBody:
    return {
        "id": vpc.id,
        "name": vpc.name,
        "cidr": vpc.cidr,
        "description": vpc.description,
        "routes": [],
        "status": vpc.status,
        "enterprise_project_id": vpc.enterprise_project_id,
        "tenant_id": vpc.project_id,
        "created_at": vpc.created_at,
        "updated_at": vpc.updated_at,
        "block_service_endpoint_states": "off",
        "enable_network_address_usage_metrics": False,
    }


def subnet_view(subnet: Subnet, available_ip_address_count: int) -> SubnetBody:
    dns = [d for d in (subnet.primary_dns, subnet.secondary_dns) if d]
    view: SubnetBody = {
        "id": subnet.id,
        "name": subnet.name,
        "description": subnet.description,
        "cidr": subnet.cidr,
        "gateway_ip": subnet.gateway_ip,
        "ipv6_enable": subnet.ipv6_enable,
        "dhcp_enable": subnet.dhcp_enable,
        "primary_dns": subnet.primary_dns,
        "secondary_dns": subnet.secondary_dns,
        "dns_list": dns,
        "availability_zone": subnet.availability_zone,
        "vpc_id": subnet.vpc_id,
        "status": subnet.status,
        "neutron_network_id": subnet.neutron_network_id,
        "neutron_subnet_id": subnet.neutron_subnet_id,
        "extra_dhcp_opts": [],
        "scope": "center",
        "tenant_id": subnet.project_id,
        "created_at": subnet.created_at,
        "updated_at": subnet.updated_at,
        "enable_network_address_usage_metrics": False,
        "available_ip_address_count": available_ip_address_count,
    }
    if subnet.ipv6_enable:
        # the IPv6 fields are only returned for subnets with IPv6
        view["cidr_v6"] = subnet.cidr_v6
        view["gateway_ip_v6"] = subnet.gateway_ip_v6
        view["neutron_subnet_id_v6"] = subnet.neutron_subnet_id_v6
    return view
