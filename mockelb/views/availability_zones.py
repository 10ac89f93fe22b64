"""Availability zones as the API shows them: a list of AZ sets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mockelb.models import AvailabilityZone


def availability_zone_sets_view(zones: Iterable[AvailabilityZone]) -> list[list[dict[str, Any]]]:
    """Group AZs into their sets, in set order then code order."""
    sets: dict[int, list[dict[str, Any]]] = {}
    for zone in sorted(zones, key=lambda z: (z.az_set, z.code)):
        item: dict[str, Any] = {
            "code": zone.code,
            "state": zone.state,
            "protocol": zone.protocol,
            "public_border_group": zone.public_border_group,
            "category": zone.category,
        }
        if zone.spec_code is not None:
            item["spec_code"] = zone.spec_code
        sets.setdefault(zone.az_set, []).append(item)
    return list(sets.values())
