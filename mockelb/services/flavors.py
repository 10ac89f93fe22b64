"""Flavors (load balancer specifications) of the region, as each project sees them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from mockelb.errors import NotFound
from mockelb.models import Flavor
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.paging import Page

# How list_all=false picks "the largest" elastic upper-limit flavor of a type (ListFlavors):
# L4 compares cps then bandwidth, L7 https_cps then qps; gwlb is undocumented and is
# compared like L4.
_SIZE_METRICS: dict[str, tuple[str, str]] = {
    "L4_elastic_max": ("cps", "bandwidth"),
    "L7_elastic_max": ("https_cps", "qps"),
    "gwlb_elastic_max": ("cps", "bandwidth"),
}


def _visible_to(project_id: str) -> ColumnElement[bool]:
    """Public flavors, and the private ones of this project."""
    return or_(Flavor.project_id.is_(None), Flavor.project_id == project_id)


def show_flavor(session: Session, *, project_id: str, flavor_id: str) -> Flavor:
    """The flavor, or NotFound when it does not exist or is another project's private one."""
    flavor = session.get(Flavor, flavor_id)
    if flavor is None or flavor.project_id not in (None, project_id):
        raise NotFound(kind="flavor", id=flavor_id)
    return flavor


def _size(flavor: Flavor) -> tuple[int, int]:
    first, second = _SIZE_METRICS[flavor.type]
    return int(flavor.info.get(first, 0)), int(flavor.info.get(second, 0))


def _smaller_elastic_max(session: Session, project_id: str) -> list[str]:
    """Ids of the elastic upper-limit flavors this project sees that are not the largest
    of their type (ties: the lowest id is the largest)."""
    stmt = select(Flavor).where(_visible_to(project_id), Flavor.type.in_(list(_SIZE_METRICS)))
    flavors = list(session.scalars(stmt.order_by(Flavor.id)))
    largest: dict[str, Flavor] = {}
    for flavor in flavors:
        current = largest.get(flavor.type)
        if current is None or _size(flavor) > _size(current):
            largest[flavor.type] = flavor
    kept = {flavor.id for flavor in largest.values()}
    return [flavor.id for flavor in flavors if flavor.id not in kept]


FLAVOR_LIST = ListSpec(
    Flavor,
    keys=frozenset(
        {"id", "name", "type", "shared", "public_border_group", "category", "flavor_sold_out"}
    ),
)


def list_flavors(
    session: Session, *, project_id: str, query: ListQuery, list_all: bool | None
) -> Page[Flavor]:
    """One page of the flavors this project sees that match every filter.

    list_all only concerns the elastic upper-limit flavors (*_elastic_max): false keeps
    the largest of each type, true keeps them all. Absent, nothing is narrowed (the
    reference gives it no default, so a plain list shows every flavor).
    """
    scope = select(Flavor).where(_visible_to(project_id))
    narrow = None
    if list_all is False:
        narrow = scope.where(Flavor.id.not_in(_smaller_elastic_max(session, project_id)))
    return list_page(session, FLAVOR_LIST, scope, query, narrow=narrow)


__all__ = ["FLAVOR_LIST", "list_flavors", "show_flavor"]
