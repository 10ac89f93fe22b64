"""Availability zones of the region."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.models import AvailabilityZone, LoadBalancer
from mockelb.services.lookup import get_in_project


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
        lb = get_in_project(
            session,
            LoadBalancer,
            kind="loadbalancer",
            resource_id=loadbalancer_id,
            project_id=project_id,
        )
        sets = {z.az_set for z in zones if z.code in lb.availability_zone_list}
        zones = [z for z in zones if z.az_set in sets]
    if public_border_group is not None:
        zones = [z for z in zones if z.public_border_group == public_border_group]
    return zones
