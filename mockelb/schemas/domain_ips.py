"""Wire schemas of the domain name resolution operations, named as in the SDK.

Ranges are the SDK docstrings' (TTL 1-2147483647, default 300; switches default false;
private zone type private or public, default private). A configuration call sets the whole
configuration: a field left out takes its documented default, not its current value. What
an address or a zone name may be, and the rules between fields, are checked in
services/domain_ips.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.domain.domain_ips import DEFAULT_TTL
from mockelb.schemas.common import ElbModel

Ttl = Annotated[int, Field(ge=1, le=2**31 - 1)]
# a DNS name is at most 253 characters, 254 with its final dot
ZoneName = Annotated[str, Field(max_length=254)]
# the longest IPv6 text form is 45 characters; the syntax is checked by the service
IpAddress = Annotated[str, Field(min_length=1, max_length=64)]


class DnsIp(ElbModel):
    # optional in the SDK model, but an entry without an address names nothing
    ip_address: IpAddress


class BatchEnableDomainIPsRequestBody(ElbModel):
    ips: Annotated[list[DnsIp], Field(min_length=1)]


class BatchDisableDomainIPsRequestBody(ElbModel):
    ips: Annotated[list[DnsIp], Field(min_length=1)]


class SystemDefaultDnsConfigRequestBody(ElbModel):
    private_domain_name_enable: bool = False
    private_dns_record_set_ttl: Ttl = DEFAULT_TTL
    public_domain_name_enable: bool = False
    public_dns_record_set_ttl: Ttl = DEFAULT_TTL


class UpdateSystemDefaultDomainConfigRequestBody(ElbModel):
    loadbalancer: SystemDefaultDnsConfigRequestBody


class UserDefinedDnsConfigRequestBody(ElbModel):
    public_domain_name_enable: bool = False
    public_dns_zone_name: ZoneName | None = None
    public_dns_record_set_ttl: Ttl = DEFAULT_TTL
    private_domain_name_enable: bool = False
    private_dns_zone_name: ZoneName | None = None
    private_dns_zone_type: Literal["private", "public"] = "private"
    private_dns_record_set_ttl: Ttl = DEFAULT_TTL


class UpdateUserDefinedDomainConfigRequestBody(ElbModel):
    loadbalancer: UserDefinedDnsConfigRequestBody
