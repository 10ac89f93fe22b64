"""The field rules of listeners: what each protocol takes, and the values a listener keeps.

Functions of the request and the listener's protocol only (nothing here reads the database):
`check_…` refuses what a protocol does not take, `resolve_…` works out the value a listener
keeps from what was sent, `normalise_…` and `merge_…` bring a sent object into its kept shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockelb.domain.listeners import ListenerIpGroupBody, PortRangeBody
from mockelb.errors import InvalidInput
from mockelb.schemas.listeners import (
    CreateListenerOption,
    ListenerInsertHeaders,
    PortRange,
    UpdateListenerIpGroupOption,
    UpdateListenerOption,
)

CERTIFICATE_PROTOCOLS = frozenset({"HTTPS", "TLS", "QUIC"})
CLIENT_CA_PROTOCOLS = frozenset({"HTTPS", "TLS"})
# the listeners a security policy (tls_ciphers_policy's default, security_policy_id) is for:
# the SDK has it "only take effect for HTTPS listeners" of dedicated load balancers, and TLS
# listeners negotiate TLS too (the cloud gives them the default policy as well)
SECURITY_POLICY_PROTOCOLS = frozenset({"HTTPS", "TLS"})
PORT_RANGE_PROTOCOLS = frozenset({"TCP", "UDP", "TLS"})
HTTP_PROTOCOLS = frozenset({"HTTP", "HTTPS", "QUIC"})
REQUEST_TIMEOUT_PROTOCOLS = frozenset({"HTTP", "HTTPS"})
NAT64_PROTOCOLS = frozenset({"TCP", "UDP"})
PROXY_PROTOCOL_PROTOCOLS = frozenset({"TCP", "TLS"})
# keepalive_timeout (minimum, maximum, default) by protocol; TLS is documented with no
# range of its own and takes the layer-4 one, QUIC the HTTPS one
_KEEPALIVE = {"HTTP": (0, 4000, 60), "HTTPS": (0, 4000, 60), "QUIC": (0, 4000, 60)}
_L4_KEEPALIVE = (10, 4000, 300)
# client_timeout and member_timeout of HTTP and HTTPS listeners that do not set them
REQUEST_TIMEOUT_DEFAULT = 60
# the cloud's default security policy of HTTPS listeners; TLS listeners get it too
_DEFAULT_TLS_POLICY = "tls-1-2"
# (nat64_enable, transparent_client_ip_enable) of a new listener that sends neither
NEW_LISTENER_CLIENT_IP = (False, True)


def normalise_protocol(protocol: str) -> str:
    """Dedicated load balancers know HTTPS only; TERMINATED_HTTPS is the shared name for it."""
    return "HTTPS" if protocol == "TERMINATED_HTTPS" else protocol


def check_admin_state_up(admin_state_up: bool | None) -> None:
    if admin_state_up is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")


def check_certificate_given(protocol: str, default_tls_container_ref: str | None) -> None:
    if protocol in CERTIFICATE_PROTOCOLS and not default_tls_container_ref:
        raise InvalidInput(
            field="default_tls_container_ref",
            reason=f"it is required for {protocol} listeners.",
        )


# update_listener fields that create requires for some protocols: a null on update would
# leave the listener as create refuses it, so it is refused (other nulls mean "not sent"
# or remove an optional setting, which leaves a listener create accepts)
_REQUIRED_BY_PROTOCOL = {"default_tls_container_ref": CERTIFICATE_PROTOCOLS}


def check_required_kept(protocol: str, option: UpdateListenerOption) -> None:
    """An update does not null a field this protocol's listeners must have."""
    for field, protocols in _REQUIRED_BY_PROTOCOL.items():
        if protocol in protocols and field in option.model_fields_set:
            if getattr(option, field) is None:
                raise InvalidInput(
                    field=field, reason=f"it cannot be null: {protocol} listeners need it."
                )


# --- ports --------------------------------------------------------------------------------


def resolve_ports(
    protocol: str, port: int | None, ranges: list[PortRange] | None
) -> tuple[int, list[PortRangeBody] | None]:
    """The listener's protocol_port and port_ranges, checked against its protocol."""
    if protocol == "IP":
        _check_ip_listener_ports(port, ranges)
        return 0, None
    if ranges is None:
        return _check_single_port(port), None
    _check_port_ranges(protocol, port, ranges)
    return 0, [{"start_port": r.start_port, "end_port": r.end_port} for r in ranges]


def _check_ip_listener_ports(port: int | None, ranges: list[PortRange] | None) -> None:
    # an IP listener forwards every port: it has no port of its own and no ranges
    if port not in (None, 0):
        raise InvalidInput(field="protocol_port", reason="it must be 0 for IP listeners.")
    if ranges is not None:
        raise InvalidInput(field="port_ranges", reason="IP listeners do not take it.")


def _check_single_port(port: int | None) -> int:
    if port is None:
        raise InvalidInput(field="protocol_port", reason="it is required.")
    if port == 0:
        raise InvalidInput(field="port_ranges", reason="it is required when protocol_port is 0.")
    return port


def _check_port_ranges(protocol: str, port: int | None, ranges: list[PortRange]) -> None:
    if protocol not in PORT_RANGE_PROTOCOLS:
        raise InvalidInput(field="port_ranges", reason="only TCP, UDP and TLS listeners take it.")
    if port not in (None, 0):
        raise InvalidInput(field="port_ranges", reason="it needs protocol_port 0.")
    spans = sorted((r.start_port, r.end_port) for r in ranges)
    for start, end in spans:
        if end < start:
            raise InvalidInput(field="port_ranges", reason="end_port must not be below start_port.")
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start <= end:
            raise InvalidInput(field="port_ranges", reason="the ranges must not overlap.")


# --- settings by protocol -----------------------------------------------------------------


def keepalive_range(protocol: str) -> tuple[int, int, int]:
    """keepalive_timeout's (minimum, maximum, default) for this protocol."""
    return _KEEPALIVE.get(protocol, _L4_KEEPALIVE)


def default_tls_policy(protocol: str) -> str | None:
    return _DEFAULT_TLS_POLICY if protocol in SECURITY_POLICY_PROTOCOLS else None


# the reference restricts neither server nor SNI certificates to some protocols; it only
# requires one for HTTPS, TLS and QUIC: elsewhere they are accepted and have no effect
def normalise_certificate_ref(protocol: str, certificate_ref: str | None) -> str | None:
    """The server certificate a listener keeps: none unless its protocol uses one."""
    return certificate_ref if protocol in CERTIFICATE_PROTOCOLS else None


def normalise_sni_refs(protocol: str, sni_refs: list[str] | None) -> list[str]:
    """The SNI certificates a listener keeps: none unless its protocol uses them."""
    return list(sni_refs or []) if protocol in CERTIFICATE_PROTOCOLS else []


def normalise_security_policy(protocol: str, security_policy_id: str | None) -> str | None:
    """The custom security policy a listener keeps: as with certificates on a protocol that
    uses none, one sent to a listener whose protocol uses no security policy is accepted
    without effect (not looked up, not kept). QUIC listeners refuse it instead
    (check_fields_for_protocol: "QUIC监听器不支持该字段")."""
    return security_policy_id if protocol in SECURITY_POLICY_PROTOCOLS else None


def resolve_nat64(protocol: str, enable: bool | None) -> bool:
    # "only takes effect on TCP and UDP listeners": other protocols accept it and stay off
    return bool(enable) and protocol in NAT64_PROTOCOLS


def resolve_proxy_protocol(protocol: str, enable: bool | None) -> bool:
    # other protocols accept the field but it does not take effect: proxy protocol stays off
    return bool(enable) and protocol in PROXY_PROTOCOL_PROTOCOLS


def resolve_client_ip(
    protocol: str,
    nat64_enable: bool | None,
    transparent_client_ip_enable: bool | None,
    *,
    current: tuple[bool, bool],
) -> tuple[bool, bool]:
    """(nat64_enable, transparent_client_ip_enable) as they will be, checked together.

    Sending nat64_enable turns the client IP to its opposite unless that is sent too; what
    is not sent stays as `current` (NEW_LISTENER_CLIENT_IP for a new listener).
    """
    nat64, transparent = current
    if nat64_enable is not None:
        nat64 = resolve_nat64(protocol, nat64_enable)
        transparent = not nat64
    if transparent_client_ip_enable is not None:
        transparent = transparent_client_ip_enable
    _check_client_ip(nat64, transparent)
    return nat64, transparent


def _check_client_ip(nat64: bool, transparent: bool) -> None:
    # dedicated load balancers always pass the client IP, except with NAT64, which needs
    # the client IP off
    if nat64 and transparent:
        raise InvalidInput(
            field="transparent_client_ip_enable", reason="it must be false with nat64_enable."
        )
    if not nat64 and not transparent:
        raise InvalidInput(
            field="transparent_client_ip_enable",
            reason="dedicated load balancers support only true.",
        )


def check_fields_for_protocol(
    protocol: str, option: CreateListenerOption | UpdateListenerOption, sent: set[str]
) -> None:
    """Refuse the fields this protocol does not take (each names itself in the 400).

    `sent` holds the names of the fields the request counts as sent.
    """

    def refuse(field: str, protocols: str) -> None:
        raise InvalidInput(field=field, reason=f"only {protocols} listeners take it.")

    # "only TLS and HTTPS listeners support it" (CreateListenerOption); a server or SNI
    # certificate elsewhere is accepted and ignored, see normalise_certificate_ref
    if option.client_ca_tls_container_ref and protocol not in CLIENT_CA_PROTOCOLS:
        refuse("client_ca_tls_container_ref", "HTTPS and TLS")
    if protocol == "QUIC":
        for field in ("http2_enable", "tls_ciphers_policy", "security_policy_id"):
            if getattr(option, field) is not None:
                raise InvalidInput(field=field, reason="QUIC listeners do not take it.")
    if "enable_member_retry" in sent and protocol not in HTTP_PROTOCOLS:
        refuse("enable_member_retry", "HTTP, HTTPS and QUIC")
    for field in ("client_timeout", "member_timeout"):
        if getattr(option, field) is not None and protocol not in REQUEST_TIMEOUT_PROTOCOLS:
            refuse(field, "HTTP and HTTPS")
    _check_keepalive(protocol, option.keepalive_timeout)
    if option.gzip_enable and protocol not in HTTP_PROTOCOLS:
        refuse("gzip_enable", "HTTP, HTTPS and QUIC")
    if option.ssl_early_data_enable and protocol != "HTTPS":
        refuse("ssl_early_data_enable", "HTTPS")
    if option.quic_config is not None and protocol != "HTTPS":
        refuse("quic_config", "HTTPS")
    _check_insert_headers(protocol, option.insert_headers)


def _check_keepalive(protocol: str, keepalive_timeout: int | None) -> None:
    low, high, _ = keepalive_range(protocol)
    if keepalive_timeout is not None and not low <= keepalive_timeout <= high:
        raise InvalidInput(
            field="keepalive_timeout",
            reason=f"it must be between {low} and {high} for {protocol} listeners.",
        )


# --- insert_headers and ipgroup -------------------------------------------------------------


def _header_protocols(name: str) -> tuple[str, ...] | None:
    """The protocols a ListenerInsertHeaders field is restricted to, None if it is not.

    The ten on/off headers (X-Forwarded-ELB-IP, ..., X-Forwarded-TLS-Cipher) name no protocol
    and are taken by every listener (the reference's example adds a TCP listener with
    X-Forwarded-ELB-IP); the others say which listeners "support the field".
    """
    if name == "x_forwarded_for_processing_mode":
        return ("HTTP", "HTTPS", "QUIC")
    if name in ("x_forwarded_clientcert_alias", "x_forwarded_clientcert_end_alias"):
        return ("HTTPS", "QUIC", "TLS")
    if name.endswith(("_alias", "_enable")):
        return ("HTTPS", "QUIC")
    return None


def _check_insert_headers(protocol: str, headers: ListenerInsertHeaders | None) -> None:
    if headers is None:
        return
    for name, value in headers.model_dump(exclude_none=True).items():
        allowed = _header_protocols(name)
        # false is what a client that sends every switch sends for the ones it leaves off
        if value is False or allowed is None or protocol in allowed:
            continue
        header = ListenerInsertHeaders.model_fields[name].alias
        raise InvalidInput(
            field=f"insert_headers.{header}",
            reason=f"only {', '.join(allowed)} listeners take it.",
        )


def merge_insert_headers(
    headers: ListenerInsertHeaders | None, current: Mapping[str, Any]
) -> dict[str, Any]:
    """The headers kept as on the wire (header names); an update changes those it names."""
    if headers is None:
        return dict(current)
    return {**current, **headers.model_dump(by_alias=True, exclude_none=True)}


def normalise_ipgroup(ipgroup: Mapping[str, Any]) -> ListenerIpGroupBody:
    """The ipgroup a listener keeps: access control on, as a whitelist, unless told otherwise."""
    return {
        "ipgroup_id": ipgroup["ipgroup_id"],
        "enable_ipgroup": (
            True if ipgroup.get("enable_ipgroup") is None else ipgroup["enable_ipgroup"]
        ),
        "type": ipgroup.get("type") or "white",
    }


def merge_ipgroup(
    current: Mapping[str, Any] | None, change: UpdateListenerIpGroupOption | None
) -> ListenerIpGroupBody | None:
    """The ipgroup after an update that sent one: null removes it, else the fields sent change."""
    if change is None:
        return None
    if "ipgroup_id" in change.model_fields_set and change.ipgroup_id is None:
        raise InvalidInput(field="ipgroup.ipgroup_id", reason="it cannot be null.")
    merged = {**(current or {}), **change.model_dump(exclude_none=True)}
    if "ipgroup_id" not in merged:
        raise InvalidInput(field="ipgroup.ipgroup_id", reason="it is required.")
    return normalise_ipgroup(merged)
