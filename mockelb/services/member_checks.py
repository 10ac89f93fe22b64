"""The rules of member items: batch-add (and create), update (and batch-update), batch-delete.

MemberChecker turns batch-add items into member rows, MemberUpdater update options into
column changes, resolve_delete_key a batch-delete item into the member it names; each
raises what is wrong with an item. What the checks need is loaded once per batch.
"""

from __future__ import annotations

import functools
import ipaddress
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mockelb.domain.members import MemberRow
from mockelb.errors import (
    Conflict,
    InvalidInput,
    IpMemberProtocolNotSupported,
    IpTargetNotEnabled,
    NotFound,
)
from mockelb.ids import new_id, utc_now
from mockelb.models import (
    AvailabilityZone,
    EcsInstance,
    EcsNic,
    LoadBalancer,
    Member,
    Pool,
    Subnet,
)
from mockelb.schemas.members import (
    BatchCreateMembersOption,
    BatchDeleteMembersOption,
    UpdateMemberOption,
)
from mockelb.services.vpcs import find_subnets_by_cidr_id

IP_MEMBER_PROTOCOLS = ("TCP", "UDP", "TLS", "HTTP", "HTTPS", "QUIC", "GRPC")
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
PRIVATE_IPV4_NETWORKS = tuple(
    ipaddress.IPv4Network(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)

# Statements of the hot path, built once: expanding parameters keep them in the cache
_ECS_PORTS = (
    select(
        EcsNic.port_id,
        EcsNic.subnet_id,
        EcsNic.ip_address,
        EcsNic.ipv6_address,
        EcsInstance.id.label("instance_id"),
        EcsInstance.availability_zone,
    )
    .join(EcsInstance, EcsInstance.id == EcsNic.instance_id)
    .where(EcsNic.subnet_id.in_(bindparam("subnet_ids", expanding=True)))
)
_LOAD_BALANCER_VIPS = select(LoadBalancer.vip_address, LoadBalancer.ipv6_vip_address).where(
    LoadBalancer.project_id == bindparam("project_id")
)


class EcsPort(NamedTuple):
    port_id: str
    instance_id: str
    availability_zone: str


class _CheckedSubnet(NamedTuple):
    """A subnet of the batch that passed the subnet checks: what its items are checked
    against (plain values: ORM attribute access adds up over 200 items)."""

    row_id: str
    cidr: str
    network: IpNetwork
    version: int


def _load_zone_codes(session: Session) -> set[str]:
    return set(session.scalars(select(AvailabilityZone.code)))


class MemberChecker:
    """Checks batch items against one pool; loads what the checks need once per batch."""

    def __init__(
        self,
        session: Session,
        pool: Pool,
        lb: LoadBalancer | None,
        options: Sequence[BatchCreateMembersOption],
    ) -> None:
        self.session = session
        self.pool = pool
        self.lb = lb
        subnet_ids = {o.subnet_cidr_id for o in options if o.subnet_cidr_id}
        self.subnets = find_subnets_by_cidr_id(session, project_id=pool.project_id, ids=subnet_ids)
        missing = subnet_ids - self.subnets.keys()
        if missing:
            # of several unknown subnets, the first in id order is reported
            raise NotFound(kind="subnet", id=min(missing))
        self.vpc_id = lb.vpc_id if lb is not None else pool.vpc_id
        self.ecs_ports = self._load_ecs_ports()
        self.vips = self._load_vips(options)
        self._zones: set[str] | None = None
        self._checked_subnets: dict[str, _CheckedSubnet] = {}
        # plain copies: ORM attribute access in the per-item loop adds up over 200 items
        self.project_id = pool.project_id
        self.pool_id = pool.id
        self.protocol = pool.protocol
        self.any_port_enable = pool.any_port_enable
        self.ip_version = pool.ip_version
        self.pool_type = pool.type
        self.az_affinity_enabled = bool((pool.az_affinity or {}).get("enable"))

    def _load_ecs_ports(self) -> Mapping[tuple[str, str], EcsPort]:
        """The cloud-server NICs in the batch's subnets, by (subnet, address), in one query."""
        subnet_rows = {subnet.id for subnet, _ in self.subnets.values()}
        if not subnet_rows:
            return {}
        ports: dict[tuple[str, str], EcsPort] = {}
        rows = self.session.connection().execute(_ECS_PORTS, {"subnet_ids": sorted(subnet_rows)})
        for row in rows:
            port = EcsPort(row.port_id, row.instance_id, row.availability_zone)
            for address in (row.ip_address, row.ipv6_address):
                if address:
                    ports[(row.subnet_id, address)] = port
        return ports

    def _load_vips(self, options: Sequence[BatchCreateMembersOption]) -> set[str]:
        """The project's load balancer VIPs, which cannot be instance members."""
        if not any(option.subnet_cidr_id for option in options):
            return set()
        rows = self.session.connection().execute(
            _LOAD_BALANCER_VIPS, {"project_id": self.pool.project_id}
        )
        return {address for row in rows for address in row if address}

    def _known_zones(self) -> set[str]:
        if self._zones is None:
            self._zones = _load_zone_codes(self.session)
        return self._zones

    def build_row(
        self, where: str, option: BatchCreateMembersOption, now: str, member_id: str | None
    ) -> MemberRow:
        """The columns of the member this item would create, or raise what is wrong with it."""
        address = _parse_address(where, option.address)
        row: MemberRow = {
            "id": member_id or new_id(),
            "project_id": self.project_id,
            "pool_id": self.pool_id,
            "name": option.name or "",
            # ipaddress refuses non-canonical IPv4 (leading zeros), so only IPv6 is rewritten
            "address": option.address if address.version == 4 else str(address),
            "protocol_port": self._resolve_protocol_port(where, option.protocol_port),
            "weight": 1 if option.weight is None else option.weight,
            "ip_version": f"v{address.version}",
            "instance_id": "",
            "port_id": "",
            "admin_state_up": False,
            "availability_zone": "",
            "role": None,  # an active/standby pool's create sets it afterwards
            "created_at": now,
            "updated_at": now,
        }
        if address.version == 6 and self.ip_version != "dualstack":
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"IPv6 members need a dualstack pool; pool {self.pool.id} is "
                f"{self.ip_version}.",
            )
        if option.subnet_cidr_id:
            self._check_instance_member(where, option, address, row)
        else:
            self._check_ip_member(where, option, address, row)
        return row

    def _resolve_protocol_port(self, where: str, port: int | None) -> int:
        field = f"{where}.protocol_port"
        if self.protocol == "IP":
            if port:
                raise InvalidInput(field=field, reason="it must be 0 in IP pools.")
            return 0
        if self.any_port_enable:
            # full-port forwarding: the backend port follows the listener's, so none is kept
            return 0
        if port is None:
            raise InvalidInput(field=field, reason="it is required.")
        if port == 0:
            raise InvalidInput(field=field, reason="it must be between 1 and 65535.")
        return port

    def _check_instance_member(
        self, where: str, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        """Check an item with subnet_cidr_id, then fill in its server's columns if any."""
        subnet_cidr_id = option.subnet_cidr_id or ""
        subnet = self._checked_subnet(f"{where}.subnet_cidr_id", subnet_cidr_id)
        self._check_instance_address(where, subnet_cidr_id, subnet, address, row)
        if option.availability_zone:
            raise InvalidInput(
                field=f"{where}.availability_zone",
                reason="it can only be set for IP-type members (without subnet_cidr_id).",
            )
        row["subnet_cidr_id"] = subnet_cidr_id
        row["member_type"] = "instance"
        port = self.ecs_ports.get((subnet.row_id, row["address"]))
        if port is not None:
            row["instance_id"] = port.instance_id
            row["port_id"] = port.port_id
            row["availability_zone"] = port.availability_zone
            row["admin_state_up"] = True

    def _checked_subnet(self, field: str, subnet_cidr_id: str) -> _CheckedSubnet:
        """The subnet, checked once per batch: its checks depend on nothing else."""
        checked = self._checked_subnets.get(subnet_cidr_id)
        if checked is None:
            subnet, version = self.subnets[subnet_cidr_id]
            self._check_subnet(field, subnet_cidr_id, subnet)
            cidr = subnet.cidr if version == 4 else (subnet.cidr_v6 or "")
            checked = _CheckedSubnet(subnet.id, cidr, ipaddress.ip_network(cidr), version)
            self._checked_subnets[subnet_cidr_id] = checked
        return checked

    def _check_subnet(self, field: str, subnet_cidr_id: str, subnet: Subnet) -> None:
        """The subnet must be in the pool's VPC (the first member decides it), and usable."""
        if not self.vpc_id:
            self.vpc_id = subnet.vpc_id  # the first member decides the VPC of the pool
        elif subnet.vpc_id != self.vpc_id:
            raise InvalidInput(
                field=field,
                reason=f"subnet {subnet_cidr_id} is not in VPC {self.vpc_id} of the "
                + ("load balancer." if self.lb is not None else "pool."),
            )
        if self.pool_type == "ip":
            raise InvalidInput(field=field, reason="pools of type ip take IP-type members only.")
        if (
            self.protocol == "IP"
            and self.lb is not None
            and subnet_cidr_id in (self.lb.vip_subnet_cidr_id, self.lb.ipv6_vip_virsubnet_id)
        ):
            raise InvalidInput(
                field=field, reason="members of IP pools cannot use the load balancer's subnet."
            )

    def _check_instance_address(
        self,
        where: str,
        subnet_cidr_id: str,
        subnet: _CheckedSubnet,
        address: IpAddress,
        row: MemberRow,
    ) -> None:
        """The address must be a host of the subnet, and no load balancer's VIP."""
        cidr, network, version = subnet.cidr, subnet.network, subnet.version
        if address.version != version or address not in network:
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"{address} is not in subnet {subnet_cidr_id} ({cidr}).",
            )
        if version == 4 and address in (network.network_address, network.broadcast_address):
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"{address} is the network or broadcast address of {cidr}.",
            )
        if row["address"] in self.vips:
            raise InvalidInput(
                field=f"{where}.address",
                reason=f"{address} is the private IP of a load balancer.",
            )

    def _check_ip_member(
        self, where: str, option: BatchCreateMembersOption, address: IpAddress, row: MemberRow
    ) -> None:
        """Check an item without subnet_cidr_id (an IP-type member), then fill in its columns."""
        if self.lb is not None and not self.lb.ip_target_enable:
            raise IpTargetNotEnabled()
        if self.protocol not in IP_MEMBER_PROTOCOLS:
            raise IpMemberProtocolNotSupported(protocols="/".join(IP_MEMBER_PROTOCOLS))
        if not _is_rfc1918(address):
            raise InvalidInput(
                field=f"{where}.address",
                reason="IP-type members (without subnet_cidr_id) need a private IPv4 address.",
            )
        zone = option.availability_zone or ""
        if self.az_affinity_enabled and not zone:
            raise InvalidInput(
                field=f"{where}.availability_zone",
                reason=f"it is required: pool {self.pool.id} has AZ affinity enabled.",
            )
        if zone and zone not in self._known_zones():
            raise InvalidInput(
                field=f"{where}.availability_zone",
                reason=f"availability zone {zone} does not exist.",
            )
        row["subnet_cidr_id"] = None
        row["member_type"] = "ip"
        row["availability_zone"] = zone


@dataclass(slots=True)
class UpdatePlan:
    where: str
    member: Member
    changes: dict[str, Any]


class MemberUpdater:
    """The rules of update_member and batch_update_members for the members of one pool."""

    def __init__(self, session: Session, pool: Pool) -> None:
        self.session = session
        self.pool = pool
        self._zones: set[str] | None = None

    def plan(self, where: str, member: Member, option: UpdateMemberOption) -> UpdatePlan:
        """The column changes the option asks for, or raise what is wrong with it."""
        changes: dict[str, Any] = {}
        if option.name is not None:
            changes["name"] = option.name
        if option.weight is not None:
            changes["weight"] = option.weight
        if option.protocol_port is not None:
            port = self._resolve_protocol_port(f"{where}.protocol_port", option.protocol_port)
            if port is not None:
                changes["protocol_port"] = port
        if option.availability_zone is not None:
            changes["availability_zone"] = self._check_availability_zone(
                f"{where}.availability_zone", member, option.availability_zone
            )
        # admin_state_up is derived from the backing server: accepted, ignored
        return UpdatePlan(where=where, member=member, changes=changes)

    def _resolve_protocol_port(self, field: str, port: int) -> int | None:
        """The new port, or None where the pool keeps none (IP pools keep 0)."""
        if self.pool.protocol == "IP":
            if port:
                raise InvalidInput(field=field, reason="it must be 0 in IP pools.")
            return None
        if self.pool.any_port_enable:
            raise InvalidInput(
                field=field, reason="it cannot be updated in pools with any_port_enable."
            )
        if port == 0:
            raise InvalidInput(field=field, reason="it must be between 1 and 65535.")
        return port

    def _check_availability_zone(self, field: str, member: Member, zone: str) -> str:
        if member.member_type != "ip":
            raise InvalidInput(
                field=field,
                reason="it can only be set for IP-type members (without subnet_cidr_id).",
            )
        if not zone:
            if (self.pool.az_affinity or {}).get("enable"):
                raise InvalidInput(
                    field=field,
                    reason=f"it cannot be blank: pool {self.pool.id} has AZ affinity enabled.",
                )
            return zone
        if self._zones is None:
            self._zones = _load_zone_codes(self.session)
        if zone not in self._zones:
            raise InvalidInput(field=field, reason=f"availability zone {zone} does not exist.")
        return zone

    def apply(self, plans: Sequence[UpdatePlan]) -> None:
        """Check the new endpoints, then write every change with one updated_at."""
        moving = [
            plan
            for plan in plans
            if plan.changes.get("protocol_port", plan.member.protocol_port)
            != plan.member.protocol_port
        ]
        self._check_endpoints(moving)
        # park the moving members on unused ports first: a swap passes through no clash
        for parked, plan in enumerate(moving, start=1):
            plan.member.protocol_port = -parked
        if moving:
            self.session.flush()
        now = utc_now()
        for plan in plans:
            for key, value in plan.changes.items():
                setattr(plan.member, key, value)
            plan.member.updated_at = now
        self.session.flush()

    def _check_endpoints(self, moving: Sequence[UpdatePlan]) -> None:
        """No two members of the pool may share (address, protocol_port) afterwards."""
        if not moving:
            return
        addresses = {plan.member.address for plan in moving}
        final = {
            member_id: (address, port)
            for member_id, address, port in self.session.execute(
                select(Member.id, Member.address, Member.protocol_port).where(
                    Member.pool_id == self.pool.id, Member.address.in_(addresses)
                )
            )
        }
        for plan in moving:
            final[plan.member.id] = (plan.member.address, plan.changes["protocol_port"])
        taken = Counter(final.values())
        for plan in moving:
            endpoint = final[plan.member.id]
            if taken[endpoint] > 1:
                raise Conflict(
                    message=f"Member with address {endpoint[0]} and protocol_port "
                    f"{endpoint[1]} already exists in pool {self.pool.id}."
                )


def resolve_delete_key(
    pool: Pool, where: str, option: BatchDeleteMembersOption
) -> str | tuple[str, int]:
    """The member id, or the (address, protocol_port) endpoint, that one item names."""
    if option.id is not None:
        if option.address is not None or option.protocol_port is not None:
            raise InvalidInput(
                field=f"{where}.id",
                reason="give either id alone, or address and protocol_port.",
            )
        return option.id
    if option.address is None:
        raise InvalidInput(field=f"{where}.address", reason="it is required without id.")
    if option.protocol_port is None:
        raise InvalidInput(field=f"{where}.protocol_port", reason="it is required with address.")
    address = _parse_address(where, option.address)
    canonical = option.address if address.version == 4 else str(address)
    if pool.any_port_enable:
        # members of any-port pools are stored with port 0 (as batch-add keeps them): the
        # address alone names one, whatever port the item gives (0 included)
        return (canonical, 0)
    if option.protocol_port == 0 and pool.protocol != "IP":
        raise InvalidInput(
            field=f"{where}.protocol_port",
            reason="it must be between 1 and 65535 (0 only in any-port and IP pools).",
        )
    return (canonical, option.protocol_port)


def _parse_address(where: str, value: str) -> IpAddress:
    address = _ip_address(value)
    if address is None:
        raise InvalidInput(field=f"{where}.address", reason=f"{value!r} is not a valid IP address.")
    return address


@functools.lru_cache(maxsize=1 << 14)
def _ip_address(value: str) -> IpAddress | None:
    """The address, or None; cached: clients send the same addresses again and again, and
    parsing one costs more than the rest of a batch item's checks."""
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _is_rfc1918(address: IpAddress) -> bool:
    return isinstance(address, ipaddress.IPv4Address) and any(
        address in network for network in PRIVATE_IPV4_NETWORKS
    )
