"""IP address groups: what an ip_list entry stands for, and the groups a listener names.

An entry (IpInfo.ip) is one IPv4 or IPv6 address, a CIDR block, or a range "first-last"
whose end is above its start. Two entries are the same when they stand for the same
addresses in the same form: "0.0.0.0" and "0.0.0.0/32" are one entry, as are
"0:0:0:0:0:0:0:1", "::1" and "::1/128" (the reference's examples); a range and a CIDR block
covering the same addresses stay two entries (the reference matches each form exactly).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from typing_extensions import TypedDict

# entries per group: CreateIpGroupOption.ip_list "Array Length: 0 - 300" (and the console's
# "a maximum of 300 IP addresses and CIDR blocks in each IP address group")
MAX_ENTRIES = 300
# a prefix length: matched whole (fullmatch; "$" would let a trailing newline through)
_PREFIX = re.compile(r"0|[1-9][0-9]{0,2}")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class IpInfoBody(TypedDict):
    """One entry of a group's ip_list (IpInfo), as stored and shown."""

    ip: str
    description: str


@dataclass(frozen=True, order=True)
class IpEntryKey:
    """What an entry stands for; entries sort by it (IPv4 first, then by address)."""

    version: int
    first: int
    last: int
    form: str  # "cidr" (an address is its /32 or /128 block) or "range"


@functools.lru_cache(maxsize=8192)
def parse_ip_entry(text: str) -> IpEntryKey:
    """The key of an entry's text; ValueError (its message a reason) if it is none.

    Cached: list_ip_groups?ip_list= reads the entries of every group of the project, the
    same texts each time (the key is immutable, and a refused text is not cached)."""
    if "-" in text:
        return _range(text)
    address_text, slash, prefix = text.partition("/")
    address = _address(address_text)
    if not slash:
        return IpEntryKey(address.version, int(address), int(address), "cidr")
    if not _PREFIX.fullmatch(prefix) or int(prefix) > address.max_prefixlen:
        raise ValueError(
            f"{text!r} has no prefix length of 0-{address.max_prefixlen} after the '/'."
        )
    try:
        network = ipaddress.ip_network(f"{address}/{prefix}")
    except ValueError:
        # 10.0.0.1/24 is refused rather than read as 10.0.0.0/24 (see docs/api.md)
        block = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
        raise ValueError(f"{text!r} has host bits set: the CIDR block is {block}.") from None
    first, last = int(network.network_address), int(network.broadcast_address)
    return IpEntryKey(address.version, first, last, "cidr")


def _range(text: str) -> IpEntryKey:
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a range of two addresses (first-last).")
    start, end = (_address(part) for part in parts)
    if start.version != end.version:
        raise ValueError(f"{text!r} mixes IPv4 and IPv6 addresses.")
    if int(end) <= int(start):
        raise ValueError(f"the end of the range {text!r} must be greater than its start.")
    return IpEntryKey(start.version, int(start), int(end), "range")


def _address(text: str) -> Address:
    # a zone index (fe80::1%eth0) names an interface of one host: not an address to match
    if "%" not in text:
        try:
            return ipaddress.ip_address(text)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not an IPv4 or IPv6 address, CIDR block or range.")


def ipgroup_ids_of(value: str) -> list[str]:
    """The group ids a listener's ipgroup_id names (several are comma-separated)."""
    return value.split(",")


def binding_usage(named: Iterable[Sequence[str]], sizes: Mapping[str, int]) -> dict[str, int]:
    """The fullest of a project's bindings, from the group ids each listener names and the
    number of entries of each group: the most listeners of one group (ipgroup_bindings),
    the most groups of one listener (ipgroups_per_listener) and the most entries the groups
    of one listener hold together (ipgroup_max_length)."""
    listeners_of: dict[str, int] = {}
    most_groups = most_entries = 0
    for ids in named:
        unique = set(ids)
        for group_id in unique:
            listeners_of[group_id] = listeners_of.get(group_id, 0) + 1
        most_groups = max(most_groups, len(unique))
        most_entries = max(most_entries, sum(sizes.get(group_id, 0) for group_id in unique))
    return {
        "ipgroup_bindings": max(listeners_of.values(), default=0),
        "ipgroups_per_listener": most_groups,
        "ipgroup_max_length": most_entries,
    }
