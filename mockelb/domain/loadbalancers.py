"""Load balancers: what the service finds around one and its view shows."""

from __future__ import annotations

from typing import NamedTuple


class LoadBalancerRelations(NamedTuple):
    """The ids of a load balancer's listeners and of its pools, each in id order, and the
    LTS log group and stream of its logtank ("" without one)."""

    listener_ids: list[str]
    pool_ids: list[str]
    log_group_id: str = ""
    log_topic_id: str = ""
