"""Flavors as the API shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict

from mockelb.domain.flavors import owner_of
from mockelb.models import Flavor
from mockelb.views.common import PageInfo

_OptionalMetric = Literal["tls_connection", "tls_cps", "qps", "bandwidth", "lcu", "https_cps"]

# FlavorInfo: connection and cps are always shown, the other metrics when the flavor has them.
_OPTIONAL_METRICS: tuple[_OptionalMetric, ...] = (
    "tls_connection",
    "tls_cps",
    "qps",
    "bandwidth",
    "lcu",
    "https_cps",
)


class FlavorInfoBody(TypedDict):
    """The FlavorInfo object: the flavor's metrics."""

    connection: int
    cps: int
    tls_connection: NotRequired[int]
    tls_cps: NotRequired[int]
    qps: NotRequired[int]
    bandwidth: NotRequired[int]
    lcu: NotRequired[int]
    https_cps: NotRequired[int]


class FlavorBody(TypedDict):
    """The Flavor object of show and list responses."""

    id: str
    info: FlavorInfoBody
    name: str
    shared: bool
    project_id: str
    type: str
    flavor_sold_out: bool
    public_border_group: str
    category: int


class ListFlavorsResponse(TypedDict):
    flavors: list[FlavorBody]
    page_info: PageInfo
    request_id: str


class ShowFlavorResponse(TypedDict):
    flavor: FlavorBody
    request_id: str


def flavor_info_view(info: Mapping[str, Any]) -> FlavorInfoBody:
    """The FlavorInfo object: the flavor's metrics."""
    view: FlavorInfoBody = {
        "connection": int(info.get("connection", 0)),
        "cps": int(info.get("cps", 0)),
    }
    for name in _OPTIONAL_METRICS:
        if name in info:
            view[name] = int(info[name])
    return view


def flavor_view(flavor: Flavor) -> FlavorBody:
    """The Flavor object of show and list responses."""
    return {
        "id": flavor.id,
        "info": flavor_info_view(flavor.info),
        "name": flavor.name,
        "shared": flavor.shared,
        "project_id": owner_of(flavor),
        "type": flavor.type,
        "flavor_sold_out": flavor.flavor_sold_out,
        "public_border_group": flavor.public_border_group,
        "category": flavor.category,
    }
