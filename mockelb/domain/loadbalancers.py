"""Load balancers: what the service finds around one and its view shows."""

from __future__ import annotations

from typing import NamedTuple


class LoadBalancerRelations(NamedTuple):
    """The ids of a load balancer's listeners and of its pools, each in id order."""

    listener_ids: list[str]
    pool_ids: list[str]
