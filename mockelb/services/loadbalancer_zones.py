"""A load balancer's availability zones: batch_add_available_zones, batch_remove_available_zones.

The AZ list of a dedicated load balancer comes from one AZ set (list_availability_zones),
as at create. The reference says no more than that; mockelb's choices, where it is silent:

- the request is checked as a whole before the list changes: an AZ named twice, an AZ to
  add that the load balancer already has, or one to remove that it does not have, is a 400
  (ELB.8902) naming it, and nothing changes;
- an added AZ must sell every flavor family the load balancer has (the AZ's `protocol`:
  L4 for l4_flavor_id, L7 for l7_flavor_id), since the load balancer's capacity is
  allocated in each of its AZs;
- the last AZ cannot be removed (400): a load balancer always runs in one AZ at least;
- the load balancer must be ACTIVE (a load balancer in the middle of an upgrade or another
  change is a 409 ELB.8907), and dedicated: a shared load balancer has no AZ list to change
  (400);
- added AZs go after the ones it has, in the request's order; removal keeps the order of
  the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from mockelb.errors import Conflict, InvalidInput
from mockelb.ids import utc_now
from mockelb.models import AvailabilityZone, LoadBalancer
from mockelb.services.availability_zones import check_availability_zones
from mockelb.services.recycling import live_load_balancer

FIELD = "availability_zone_list"


def batch_add_available_zones(
    session: Session, *, project_id: str, loadbalancer_id: str, codes: Sequence[str]
) -> LoadBalancer:
    """Add AZs to a load balancer: new ones of its AZ set that sell its flavor families."""
    lb = _changeable_load_balancer(session, project_id, loadbalancer_id)
    _check_no_repeats(codes)
    for code in codes:
        if code in lb.availability_zone_list:
            raise InvalidInput(
                field=FIELD, reason=f"the load balancer is already in availability zone {code}."
            )
    zones = check_availability_zones(session, [*lb.availability_zone_list, *codes], field=FIELD)
    for code in codes:
        check_zone_sells_flavors(zones[code], lb.l4_flavor_id, lb.l7_flavor_id, field=FIELD)
    lb.availability_zone_list = [*lb.availability_zone_list, *codes]
    lb.updated_at = utc_now()
    return lb


def batch_remove_available_zones(
    session: Session, *, project_id: str, loadbalancer_id: str, codes: Sequence[str]
) -> LoadBalancer:
    """Take AZs off a load balancer; it keeps one at least."""
    lb = _changeable_load_balancer(session, project_id, loadbalancer_id)
    _check_no_repeats(codes)
    for code in codes:
        if code not in lb.availability_zone_list:
            raise InvalidInput(
                field=FIELD, reason=f"the load balancer is not in availability zone {code}."
            )
    kept = [code for code in lb.availability_zone_list if code not in codes]
    if not kept:
        raise InvalidInput(
            field=FIELD, reason="a load balancer keeps one availability zone at least."
        )
    lb.availability_zone_list = kept
    lb.updated_at = utc_now()
    return lb


def check_zone_sells_flavors(
    zone: AvailabilityZone, l4_flavor_id: str | None, l7_flavor_id: str | None, *, field: str
) -> None:
    """The AZ still sells (`protocol`) the flavor families of these flavors."""
    for family, flavor_id in (("L4", l4_flavor_id), ("L7", l7_flavor_id)):
        if flavor_id is not None and family not in zone.protocol:
            raise InvalidInput(
                field=field,
                reason=f"availability zone {zone.code} has no {family} capacity left "
                f"(flavor {flavor_id}).",
            )


def _changeable_load_balancer(
    session: Session, project_id: str, loadbalancer_id: str
) -> LoadBalancer:
    lb = live_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    if not lb.guaranteed:
        raise InvalidInput(
            field=FIELD,
            reason="a shared load balancer has no availability zones to change; upgrade it.",
        )
    if lb.provisioning_status != "ACTIVE":
        raise Conflict(
            message=f"Load balancer {lb.id} is {lb.provisioning_status}; its availability "
            "zones can change while it is ACTIVE only."
        )
    return lb


def _check_no_repeats(codes: Sequence[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise InvalidInput(field=FIELD, reason=f"availability zone {code} is named twice.")
        seen.add(code)
