"""Domain name resolution of load balancers: the names the service makes and its views show.

The reference gives the form of a load balancer's names (DnsConfigResponseBody):
public "{lb_id}.elb.{region_id}.{zone_name}", private "{lb_id}-internal.elb.{region_id}.
{zone_name}". What it leaves open, mockelb fixes so the names are the same on every run:

* region_id: mockelb has no region setting. The region is read from the load balancer's
  AZs where their codes follow the cloud's naming (cn-north-4a -> cn-north-4,
  ap-southeast-1b -> ap-southeast-1), else it is DEFAULT_REGION, the demo data's region.
* the zone of the system-default names (update_system_default_domain_config) is not
  documented: SYSTEM_DNS_ZONE, the domain of the cloud's own endpoints
  (elb.cn-north-4.myhuaweicloud.com), so the names read like
  "{lb_id}-internal.elb.cn-north-4.myhuaweicloud.com".
* a zone name is used as given: a zone written with its final dot (DNS's "example.com.")
  gives a name ending in a dot.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import NamedTuple

from mockelb.models import LoadBalancer, LoadBalancerDns

DEFAULT_REGION = "cn-north-4"
SYSTEM_DNS_ZONE = "myhuaweicloud.com"
DEFAULT_TTL = 300

# the types of an address in the resolution (DnsIpResponse.type)
PRIVATE_IP = "vip"
PUBLIC_IP = "eip"

# an AZ code of the cloud's form: the region, then one letter
_AZ_OF_REGION = re.compile(r"^([a-z]+(?:-[a-z]+)+-\d+)[a-z]$")


class DomainNames(NamedTuple):
    """A load balancer's public and private domain names; None while that name is off."""

    public: str | None
    private: str | None

    def of_type(self, ip_type: str) -> str | None:
        """The name an address of this type resolves from: eip public, vip private."""
        return self.public if ip_type == PUBLIC_IP else self.private

    def shown_types(self) -> list[str]:
        """The address types list_domain_i_ps shows: those whose name is on."""
        return [
            ip_type
            for ip_type, name in ((PRIVATE_IP, self.private), (PUBLIC_IP, self.public))
            if name is not None
        ]


def region_of(availability_zones: Sequence[str]) -> str:
    """The region of a load balancer, from the first of its AZs that names one."""
    for code in availability_zones:
        found = _AZ_OF_REGION.match(code)
        if found:
            return found.group(1)
    return DEFAULT_REGION


def public_domain_name(lb_id: str, region: str, zone: str) -> str:
    return f"{lb_id}.elb.{region}.{zone}"


def private_domain_name(lb_id: str, region: str, zone: str) -> str:
    return f"{lb_id}-internal.elb.{region}.{zone}"


def names_of(lb: LoadBalancer, dns: LoadBalancerDns | None) -> DomainNames:
    """The load balancer's domain names that are on (no configuration: none is)."""
    if dns is None:
        return DomainNames(public=None, private=None)
    region = region_of(lb.availability_zone_list)
    public_zone = dns.public_dns_zone_name if dns.public_domain_name_enable else None
    private_zone = dns.private_dns_zone_name if dns.private_domain_name_enable else None
    return DomainNames(
        public=public_domain_name(lb.id, region, public_zone) if public_zone else None,
        private=private_domain_name(lb.id, region, private_zone) if private_zone else None,
    )


def addresses_of(lb: LoadBalancer) -> dict[str, str]:
    """The load balancer's addresses in the resolution, by type: its IPv4 VIP, then its
    IPv6 VIP (vip). mockelb binds no EIPs, so there is no eip address."""
    return {
        str(ipaddress.ip_address(address)): PRIVATE_IP
        for address in (lb.vip_address, lb.ipv6_vip_address)
        if address
    }
