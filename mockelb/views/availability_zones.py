"""Availability zones as the API shows them: a list of AZ sets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NotRequired

from typing_extensions import TypedDict

from mockelb.models import AvailabilityZone


class AvailabilityZoneBody(TypedDict):
    """The AvailabilityZone object; spec_code only on AZs that have one."""

    code: str
    state: str
    protocol: list[str]
    public_border_group: str
    category: int
    spec_code: NotRequired[str]


class ListAvailabilityZonesResponse(TypedDict):
    # one list per AZ set
    availability_zones: list[list[AvailabilityZoneBody]]
    request_id: str


def availability_zone_view(zone: AvailabilityZone) -> AvailabilityZoneBody:
    view: AvailabilityZoneBody = {
        "code": zone.code,
        "state": zone.state,
        "protocol": zone.protocol,
        "public_border_group": zone.public_border_group,
        "category": zone.category,
    }
    if zone.spec_code is not None:
        view["spec_code"] = zone.spec_code
    return view


def availability_zone_sets_view(
    zones: Iterable[AvailabilityZone],
) -> list[list[AvailabilityZoneBody]]:
    """Group AZs into their sets, in set order then code order."""
    sets: dict[int, list[AvailabilityZoneBody]] = {}
    for zone in sorted(zones, key=lambda z: (z.az_set, z.code)):
        sets.setdefault(zone.az_set, []).append(availability_zone_view(zone))
    return list(sets.values())
