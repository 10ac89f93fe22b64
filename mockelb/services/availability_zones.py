"""Availability zones of the region."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.models import AvailabilityZone, LoadBalancer


def list_availability_zones(
    session: Session,
    *,
    project_id: str,
    public_border_group: str | None,
    loadbalancer_id: str | None,
) -> Sequence[AvailabilityZone]:
    """The AZs, optionally of one border group, or those a load balancer could use.

    With loadbalancer_id, only the AZ set that holds the load balancer's AZs is returned;
    an unknown load balancer matches nothing.
    """
    stmt = select(AvailabilityZone)
    if public_border_group is not None:
        stmt = stmt.where(AvailabilityZone.public_border_group == public_border_group)
    zones = session.scalars(stmt).all()
    if loadbalancer_id is None:
        return zones
    lb = session.get(LoadBalancer, loadbalancer_id)
    if lb is None or lb.project_id != project_id:
        return []
    sets = {z.az_set for z in zones if z.code in lb.availability_zone_list}
    return [z for z in zones if z.az_set in sets]
