"""A load balancer's domain name resolution as the API shows it."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.domain_ips import DomainNames, names_of
from mockelb.models import LoadBalancer, LoadBalancerDns, LoadBalancerDnsIp
from mockelb.views.common import PageInfo
from mockelb.views.loadbalancers import EipInfoBody, GlobalEipInfoBody


class DnsIpResponse(TypedDict):
    """An address of the load balancer in its resolution."""

    enable: bool
    ip_address: str
    type: str
    domain_name: str | None
    created_at: str
    updated_at: str


class DnsConfigResponseBody(TypedDict):
    """The load balancer's domain name configuration; id is the load balancer's."""

    id: str
    vip_address: str | None
    ipv6_vip_address: str | None
    # mockelb binds no EIPs or global EIPs: always empty
    eips: list[EipInfoBody]
    global_eips: list[GlobalEipInfoBody]
    public_domain_name_enable: bool
    public_dns_zone_name: str | None
    # null while the public name is off
    public_domain_name: str | None
    public_dns_record_set_ttl: int
    private_domain_name_enable: bool
    private_dns_zone_name: str | None
    private_domain_name: str | None
    private_dns_zone_type: str
    private_dns_record_set_ttl: int


class ListDomainIPsResponse(TypedDict):
    ips: list[DnsIpResponse]
    page_info: PageInfo
    request_id: str


class BatchEnableDomainIPsResponse(TypedDict):
    ips: list[DnsIpResponse]
    request_id: str


class BatchDisableDomainIPsResponse(TypedDict):
    ips: list[DnsIpResponse]
    request_id: str


class UpdateSystemDefaultDomainConfigResponse(TypedDict):
    loadbalancer: DnsConfigResponseBody
    request_id: str


class UpdateUserDefinedDomainConfigResponse(TypedDict):
    loadbalancer: DnsConfigResponseBody
    request_id: str


def dns_ip_view(row: LoadBalancerDnsIp, names: DomainNames) -> DnsIpResponse:
    """An address in the resolution, with the name it resolves from."""
    return {
        "enable": row.enable,
        "ip_address": row.ip_address,
        "type": row.type,
        "domain_name": names.of_type(row.type),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def dns_config_view(lb: LoadBalancer, dns: LoadBalancerDns) -> DnsConfigResponseBody:
    """The configuration answered by both configuration calls."""
    names = names_of(lb, dns)
    return {
        "id": lb.id,
        "vip_address": lb.vip_address,
        "ipv6_vip_address": lb.ipv6_vip_address,
        "eips": [],
        "global_eips": [],
        "public_domain_name_enable": dns.public_domain_name_enable,
        "public_dns_zone_name": dns.public_dns_zone_name,
        "public_domain_name": names.public,
        "public_dns_record_set_ttl": dns.public_dns_record_set_ttl,
        "private_domain_name_enable": dns.private_domain_name_enable,
        "private_dns_zone_name": dns.private_dns_zone_name,
        "private_domain_name": names.private,
        "private_dns_zone_type": dns.private_dns_zone_type,
        "private_dns_record_set_ttl": dns.private_dns_record_set_ttl,
    }
