"""Pool state that the services write and the views show.

The JSON objects a pool keeps (session_persistence, slow_start, connection_drain,
pool_health, az_affinity, quic_cid_hash_strategy) are stored in the shapes the API shows
them in; the defaults are what a pool that never set the object shows (and what a list
filter on it compares with).
"""

from __future__ import annotations

from typing import NamedTuple

from typing_extensions import TypedDict


class SessionPersistenceBody(TypedDict):
    """A pool's session_persistence (SessionPersistence); cookie_name only with APP_COOKIE."""

    type: str
    cookie_name: str | None
    persistence_timeout: int


class SlowStartBody(TypedDict):
    """A pool's slow_start (SlowStart)."""

    enable: bool
    duration: int


class ConnectionDrainBody(TypedDict):
    """A pool's connection_drain (ConnectionDrain)."""

    enable: bool
    timeout: int


class PoolHealthBody(TypedDict):
    """A pool's pool_health (PoolHealth)."""

    minimum_healthy_member_count: int


class AzAffinityBody(TypedDict):
    """A pool's az_affinity (AzAffinity); -1 marks the threshold that is not used."""

    enable: bool
    az_minimum_healthy_member_percentage: int
    az_minimum_healthy_member_count: int
    az_unhealthy_fallback_strategy: str


class QuicCidHashStrategyBody(TypedDict):
    """A QUIC_CID pool's quic_cid_hash_strategy (QuicCidHashStrategy)."""

    len: int
    offset: int


DEFAULT_CONNECTION_DRAIN: ConnectionDrainBody = {"enable": False, "timeout": 300}
DEFAULT_POOL_HEALTH: PoolHealthBody = {"minimum_healthy_member_count": 0}
DEFAULT_AZ_AFFINITY: AzAffinityBody = {
    "enable": False,
    "az_minimum_healthy_member_percentage": -1,
    "az_minimum_healthy_member_count": -1,
    "az_unhealthy_fallback_strategy": "forward_to_all_member_of_local_az",
}
DEFAULT_SLOW_START: SlowStartBody = {"enable": False, "duration": 30}
DEFAULT_QUIC_CID_HASH_STRATEGY: QuicCidHashStrategyBody = {"len": 3, "offset": 1}


class BatchDeleteResult(NamedTuple):
    """What BatchDeletePools says of one id: ret_code only when the pool was not deleted."""

    id: str
    ret_status: str
    ret_code: str | None = None
