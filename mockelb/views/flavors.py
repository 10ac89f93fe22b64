"""Flavors as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import Flavor
from mockelb.services.flavors import owner_of

# FlavorInfo: connection and cps are always shown, the other metrics when the flavor has them.
_REQUIRED_METRICS = ("connection", "cps")
_OPTIONAL_METRICS = ("tls_connection", "tls_cps", "qps", "bandwidth", "lcu", "https_cps")


def flavor_info_view(info: dict[str, Any]) -> dict[str, int]:
    """The FlavorInfo object: the flavor's metrics."""
    view = {name: int(info.get(name, 0)) for name in _REQUIRED_METRICS}
    view.update({name: int(info[name]) for name in _OPTIONAL_METRICS if name in info})
    return view


def flavor_view(flavor: Flavor) -> dict[str, Any]:
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
