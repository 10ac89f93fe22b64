"""Domain name resolution of load balancers: the configuration of a load balancer's domain
names (system-default or user-defined), and which of its IP addresses they resolve to.

mockelb runs no DNS: it keeps the state the API reports. A load balancer has a public
domain name, resolving to its public addresses (type eip), and a private one, resolving to
its private addresses (type vip: the IPv4 and IPv6 VIPs), each switched on or off, in a DNS
zone, with a record TTL. mockelb binds no EIPs, so a public name resolves to no address.
The names' form and the system's zone are in mockelb/domain/domain_ips.py.

The rules, where the reference is silent:

* A configuration call (update_system_default_domain_config,
  update_user_defined_domain_config) sets the whole configuration: a field left out takes
  its documented default (off, TTL 300, private zone type "private"), so a call that
  names one switch turns the other off, as the Terraform provider's delete (both false)
  expects. The system-default call puts both names in the system's zone.
* The DNS service is not emulated: a zone is not looked up, so any well-formed zone name is
  taken as registered, and a public one as being of the public type. A malformed name, or
  one that makes the load balancer's name longer than DNS allows, is refused with 400.
* An address is in the resolution (enable true) until batch_disable_domain_i_ps takes it
  out. Its flag is kept whatever the switches: enabling or disabling an address of the load
  balancer while its name is off is accepted (the SDK says the answer is then an empty
  list) and shows once the name is on. An address the load balancer gets later (a VIP
  moved by update_load_balancer) starts in it; one it loses leaves the resolution.
* A batch names addresses of the load balancer only (400 otherwise, the SDK's constraint),
  all checked before any flag changes; naming one twice is harmless.
* DnsConfigResponseBody.id ("the configuration's id") is the load balancer's id: the
  configuration is the load balancer's, one per load balancer, and has no id of its own.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from mockelb.domain.domain_ips import (
    PRIVATE_IP,
    PUBLIC_IP,
    SYSTEM_DNS_ZONE,
    DomainNames,
    addresses_of,
    names_of,
    private_domain_name,
    region_of,
)
from mockelb.errors import InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import LoadBalancer, LoadBalancerDns, LoadBalancerDnsIp
from mockelb.schemas.domain_ips import (
    DnsIp,
    SystemDefaultDnsConfigRequestBody,
    UserDefinedDnsConfigRequestBody,
)
from mockelb.services.filters import ALL_GRANTED_EPS, Relation
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.paging import Page
from mockelb.services.recycling import live_load_balancer

IP_TYPES = (PRIVATE_IP, PUBLIC_IP)
# a label of a DNS name: letters, digits and hyphens, 1-63, no hyphen at either end
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# the longest DNS name, without its final dot
_MAX_NAME_LENGTH = 253


def _address(field: str, value: str) -> str:
    """The address in its canonical text form, or InvalidInput."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise InvalidInput(
            field=field, reason=f"{value!r} is not an IPv4 or IPv6 address."
        ) from None


def _ip_address_filter(values: Sequence[str]) -> ColumnElement[bool]:
    # any spelling of an address finds it (2001:db8::0:1 is 2001:db8::1)
    return LoadBalancerDnsIp.ip_address.in_([_address("ip_address", value) for value in values])


def _type_filter(values: Sequence[str]) -> ColumnElement[bool]:
    for value in values:
        if value not in IP_TYPES:
            raise InvalidInput(
                field="type", reason=f"{value!r} is not one of {', '.join(IP_TYPES)}."
            )
    return LoadBalancerDnsIp.type.in_(values)


# every query filter of the SDK's ListDomainIPsRequest; domain_name and
# enterprise_project_id depend on the load balancer (list_domain_i_ps)
DOMAIN_IP_LIST = ListSpec(
    LoadBalancerDnsIp,
    keys=frozenset({"ip_address", "enable", "type", "domain_name", "enterprise_project_id"}),
    # the SDK sends these comma-separated (collection format csv)
    csv_keys=frozenset({"ip_address", "type", "domain_name", "enterprise_project_id"}),
    relations={"ip_address": _ip_address_filter, "type": _type_filter},
)


@dataclass(frozen=True)
class DomainIps:
    """Addresses of a load balancer in its resolution, with the names they resolve from."""

    ips: Sequence[LoadBalancerDnsIp]
    names: DomainNames


def _load_balancer(session: Session, project_id: str, loadbalancer_id: str) -> LoadBalancer:
    # one in the recycle bin is deleted as the API goes (404); its resolution is kept with
    # it for a restore
    return live_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)


def list_domain_i_ps(
    session: Session, *, project_id: str, loadbalancer_id: str, query: ListQuery
) -> tuple[Page[LoadBalancerDnsIp], DomainNames]:
    """One page of the load balancer's addresses whose name is on, in id order."""
    lb = _load_balancer(session, project_id, loadbalancer_id)
    # a load balancer never configured has both names off: nothing is shown
    names = names_of(lb, session.get(LoadBalancerDns, lb.id))
    scope = select(LoadBalancerDnsIp).where(
        LoadBalancerDnsIp.loadbalancer_id == lb.id,
        LoadBalancerDnsIp.type.in_(names.shown_types()),
    )
    relations: dict[str, Relation] = {
        "domain_name": lambda values: LoadBalancerDnsIp.type.in_(
            [ip_type for ip_type in IP_TYPES if names.of_type(ip_type) in values]
        ),
        "enterprise_project_id": lambda values: (
            true() if ALL_GRANTED_EPS in values or lb.enterprise_project_id in values else false()
        ),
    }
    return list_page(session, DOMAIN_IP_LIST, scope, query, relations=relations), names


def batch_enable_domain_i_ps(
    session: Session, *, project_id: str, loadbalancer_id: str, ips: Sequence[DnsIp]
) -> DomainIps:
    """Put the addresses into the load balancer's resolution; answer every shown address."""
    return _set_enabled(session, project_id, loadbalancer_id, ips, enable=True)


def batch_disable_domain_i_ps(
    session: Session, *, project_id: str, loadbalancer_id: str, ips: Sequence[DnsIp]
) -> DomainIps:
    """Take the addresses out of the load balancer's resolution; answer every shown address."""
    return _set_enabled(session, project_id, loadbalancer_id, ips, enable=False)


def _set_enabled(
    session: Session,
    project_id: str,
    loadbalancer_id: str,
    ips: Sequence[DnsIp],
    *,
    enable: bool,
) -> DomainIps:
    lb = _load_balancer(session, project_id, loadbalancer_id)
    owned = addresses_of(lb)
    chosen: set[str] = set()
    for index, item in enumerate(ips):
        field = f"ips[{index}].ip_address"
        address = _address(field, item.ip_address)
        if address not in owned:
            raise InvalidInput(
                field=field, reason=f"{address} is not an IP address of loadbalancer {lb.id}."
            )
        chosen.add(address)
    dns = _configuration(session, lb)
    now = utc_now()
    rows = _follow_addresses(session, lb)
    for row in rows:
        if row.ip_address in chosen and row.enable != enable:
            row.enable = enable
            row.updated_at = now
    return _shown(lb, dns, rows)


def update_system_default_domain_config(
    session: Session,
    *,
    project_id: str,
    loadbalancer_id: str,
    option: SystemDefaultDnsConfigRequestBody,
) -> tuple[LoadBalancer, LoadBalancerDns]:
    """Give the load balancer the system's domain names, each on or off as the option says
    (the whole configuration: what it leaves out is off, TTL 300)."""
    lb = _load_balancer(session, project_id, loadbalancer_id)
    dns = _configuration(session, lb)
    dns.public_domain_name_enable = option.public_domain_name_enable
    dns.public_dns_zone_name = SYSTEM_DNS_ZONE
    dns.public_dns_record_set_ttl = option.public_dns_record_set_ttl
    dns.private_domain_name_enable = option.private_domain_name_enable
    dns.private_dns_zone_name = SYSTEM_DNS_ZONE
    dns.private_dns_zone_type = "private"
    dns.private_dns_record_set_ttl = option.private_dns_record_set_ttl
    dns.updated_at = utc_now()
    _follow_addresses(session, lb)
    return lb, dns


def update_user_defined_domain_config(
    session: Session,
    *,
    project_id: str,
    loadbalancer_id: str,
    option: UserDefinedDnsConfigRequestBody,
    ip_ids: Mapping[str, str] | None = None,
) -> tuple[LoadBalancer, LoadBalancerDns]:
    """Give the load balancer domain names in the client's zones (the whole configuration:
    what the option leaves out takes its default). `ip_ids` names the rows of addresses
    new to the resolution (seeds)."""
    lb = _load_balancer(session, project_id, loadbalancer_id)
    public_zone = _zone(lb, "public", option.public_dns_zone_name, option.public_domain_name_enable)
    private_zone = _zone(
        lb, "private", option.private_dns_zone_name, option.private_domain_name_enable
    )
    dns = _configuration(session, lb)
    dns.public_domain_name_enable = option.public_domain_name_enable
    dns.public_dns_zone_name = public_zone
    dns.public_dns_record_set_ttl = option.public_dns_record_set_ttl
    dns.private_domain_name_enable = option.private_domain_name_enable
    dns.private_dns_zone_name = private_zone
    dns.private_dns_zone_type = option.private_dns_zone_type
    dns.private_dns_record_set_ttl = option.private_dns_record_set_ttl
    dns.updated_at = utc_now()
    _follow_addresses(session, lb, ip_ids=ip_ids)
    return lb, dns


def follow_load_balancer_addresses(session: Session, lb: LoadBalancer) -> None:
    """After the load balancer's addresses changed: its resolution holds its addresses now
    (nothing to do for one never configured)."""
    if session.get(LoadBalancerDns, lb.id) is not None:
        _follow_addresses(session, lb)


def _zone(lb: LoadBalancer, kind: str, zone: str | None, enabled: bool) -> str | None:
    """The zone of the public or private name: well-formed, and required while it is on
    ("" is no zone)."""
    field = f"{kind}_dns_zone_name"
    if not zone:
        if enabled:
            raise InvalidInput(
                field=field, reason=f"it is required while {kind}_domain_name_enable is true."
            )
        return None
    labels = zone.removesuffix(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidInput(
            field=field,
            reason=f"{zone!r} is not a domain name: labels of 1 to 63 letters, digits and "
            "hyphens (none at either end), separated by dots.",
        )
    # the longer of the two names this zone can give (the private one) must fit in DNS
    longest = private_domain_name(lb.id, region_of(lb.availability_zone_list), zone)
    if len(longest.removesuffix(".")) > _MAX_NAME_LENGTH:
        raise InvalidInput(
            field=field,
            reason=f"the load balancer's domain name in it would be longer than "
            f"{_MAX_NAME_LENGTH} characters.",
        )
    return zone


def _configuration(session: Session, lb: LoadBalancer) -> LoadBalancerDns:
    """The load balancer's configuration, made with the defaults if it has none yet."""
    dns = session.get(LoadBalancerDns, lb.id)
    if dns is None:
        now = utc_now()
        dns = LoadBalancerDns(
            loadbalancer_id=lb.id, project_id=lb.project_id, created_at=now, updated_at=now
        )
        session.add(dns)
        session.flush()
    return dns


def _follow_addresses(
    session: Session, lb: LoadBalancer, *, ip_ids: Mapping[str, str] | None = None
) -> list[LoadBalancerDnsIp]:
    """The rows of the load balancer's current addresses, in id order: a row for each new
    address (in the resolution), none left for an address it no longer has."""
    owned = addresses_of(lb)
    rows = []
    for row in session.scalars(
        select(LoadBalancerDnsIp).where(LoadBalancerDnsIp.loadbalancer_id == lb.id)
    ):
        if row.ip_address in owned:
            rows.append(row)
        else:
            session.delete(row)
    session.flush()  # a gone address's row leaves before a new row may take its address
    known = {row.ip_address for row in rows}
    now = utc_now()
    for address, ip_type in owned.items():
        if address in known:
            continue
        row = LoadBalancerDnsIp(
            id=(ip_ids or {}).get(address) or new_id(),
            project_id=lb.project_id,
            loadbalancer_id=lb.id,
            ip_address=address,
            type=ip_type,
            enable=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return sorted(rows, key=lambda row: row.id)


def _shown(lb: LoadBalancer, dns: LoadBalancerDns, rows: Sequence[LoadBalancerDnsIp]) -> DomainIps:
    names = names_of(lb, dns)
    shown = set(names.shown_types())
    return DomainIps(ips=[row for row in rows if row.type in shown], names=names)
