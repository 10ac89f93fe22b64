"""Listener state that the services write and the views show.

The JSON objects a listener keeps (port_ranges, ipgroup, quic_config) are stored in the
shapes the API shows them in; the defaults are those of a listener that never set them.
"""

from __future__ import annotations

from typing_extensions import TypedDict

# sni_match_algo of a listener that never set it
DEFAULT_SNI_MATCH_ALGO = "wildcard"


class PortRangeBody(TypedDict):
    """One of a listener's port_ranges (PortRange)."""

    start_port: int
    end_port: int


class ListenerIpGroupBody(TypedDict):
    """A listener's ipgroup (ListenerIpGroup): the access control it applies."""

    ipgroup_id: str
    enable_ipgroup: bool
    type: str


class ListenerQuicConfigBody(TypedDict):
    """A listener's quic_config (ListenerQuicConfig): the QUIC listener HTTPS upgrades to."""

    quic_listener_id: str
    enable_quic_upgrade: bool
