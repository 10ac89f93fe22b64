"""Availability zones of the region."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.models import AvailabilityZone
from mockelb.services.recycling import live_load_balancer


def list_availability_zones(
    session: Session,
    *,
    project_id: str,
    public_border_group: str | None,
    loadbalancer_id: str | None,
) -> Sequence[AvailabilityZone]:
    """The AZs, optionally of one border group, or those a load balancer could use.

    With loadbalancer_id, only the AZ set that holds the load balancer's AZs is returned.
    The load balancer is looked up, not matched as a column filter, so an unknown one (or
    another project's) is NotFound like any other referenced resource.
    """
    zones = session.scalars(select(AvailabilityZone)).all()
    if loadbalancer_id is not None:
        lb = live_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
        sets = {z.az_set for z in zones if z.code in lb.availability_zone_list}
        zones = [z for z in zones if z.az_set in sets]
    if public_border_group is not None:
        zones = [z for z in zones if z.public_border_group == public_border_group]
    return zones


def check_availability_zones(
    session: Session, codes: Sequence[str], *, field: str = "availability_zone_list"
) -> dict[str, AvailabilityZone]:
    """Every AZ must exist, and all must come from one AZ set; the AZs by code."""
    zones = {zone.code: zone for zone in session.scalars(select(AvailabilityZone))}
    for code in codes:
        if code not in zones:
            raise InvalidInput(field=field, reason=f"availability zone {code} does not exist.")
    if len({zones[code].az_set for code in codes}) > 1:
        raise InvalidInput(
            field=field, reason="the availability zones must belong to one availability zone set."
        )
    return {code: zones[code] for code in codes}
