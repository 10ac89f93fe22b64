"""Listeners: create, show, list, update, delete (plain, forced and batch), and the rules.

Certificates, IP address groups and security policies are not emulated by mockelb: any
non-empty id is accepted where the API takes one (the cloud would 404 an unknown one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.errors import Conflict, InvalidInput, IpTargetNotEnabled
from mockelb.ids import new_id, utc_now
from mockelb.models import Listener, LoadBalancer, Member, Pool
from mockelb.schemas.listeners import (
    CreateListenerOption,
    ListenerInsertHeaders,
    PortRange,
    UpdateListenerOption,
)
from mockelb.services import quotas
from mockelb.services.filters import (
    Relation,
    enterprise_project_filter,
    include_recycle_bin,
)
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.pools import LISTENER_POOL_PROTOCOLS

_T = TypeVar("_T")

# Ports are unique per load balancer within a family: TCP, HTTP, HTTPS and TLS listen on
# TCP ports, UDP and QUIC on UDP ports; an IP listener takes every port of its own family.
PORT_FAMILIES = {
    "TCP": "tcp",
    "HTTP": "tcp",
    "HTTPS": "tcp",
    "TLS": "tcp",
    "UDP": "udp",
    "QUIC": "udp",
    "IP": "ip",
}
CERTIFICATE_PROTOCOLS = frozenset({"HTTPS", "TLS", "QUIC"})
CLIENT_CA_PROTOCOLS = frozenset({"HTTPS", "TLS"})
PORT_RANGE_PROTOCOLS = frozenset({"TCP", "UDP", "TLS"})
HTTP_PROTOCOLS = frozenset({"HTTP", "HTTPS", "QUIC"})
REQUEST_TIMEOUT_PROTOCOLS = frozenset({"HTTP", "HTTPS"})
NAT64_PROTOCOLS = frozenset({"TCP", "UDP"})
PROXY_PROTOCOL_PROTOCOLS = frozenset({"TCP", "TLS"})
# keepalive_timeout (minimum, maximum, default) by protocol; TLS is documented with no
# range of its own and takes the layer-4 one, QUIC the HTTPS one
_KEEPALIVE = {"HTTP": (0, 4000, 60), "HTTPS": (0, 4000, 60), "QUIC": (0, 4000, 60)}
_L4_KEEPALIVE = (10, 4000, 300)
_REQUEST_TIMEOUT_DEFAULT = 60
# the cloud's default security policy of HTTPS listeners; TLS listeners get it too
_DEFAULT_TLS_POLICY = "tls-1-2"
# update_listener fields that may be set to null: null removes the setting
_NULLABLE_ON_UPDATE = frozenset(
    {
        "default_pool_id",
        "client_ca_tls_container_ref",
        "security_policy_id",
        "sni_container_refs",
        "ipgroup",
        "quic_config",
    }
)


def _listeners_with_members(column: InstrumentedAttribute[str]) -> Relation:
    return lambda values: Listener.default_pool_id.in_(
        select(Member.pool_id).where(column.in_(values))
    )


# list_listeners: every filter of the SDK's ListListenersRequest. The relations are answered
# through other tables; member_* match listeners whose default pool holds such a member
# (member_instance_id: the member's own id, as for list_pools)
LISTENER_LIST = ListSpec(
    Listener,
    keys=frozenset(
        {
            "id",
            "name",
            "description",
            "protocol",
            "protocol_port",
            "loadbalancer_id",
            "default_pool_id",
            "default_tls_container_ref",
            "client_ca_tls_container_ref",
            "admin_state_up",
            "connection_limit",
            "http2_enable",
            "tls_ciphers_policy",
            "enterprise_project_id",
            "include_recycle_bin",
            "enable_member_retry",
            "member_timeout",
            "client_timeout",
            "keepalive_timeout",
            "transparent_client_ip_enable",
            "proxy_protocol_enable",
            "enhance_l7policy_enable",
            "protection_status",
            "ssl_early_data_enable",
            "nat64_enable",
            "member_address",
            "member_device_id",
            "member_instance_id",
        }
    ),
    # the filters the reference gives the csv format: a=1,2 as well as a=1&a=2
    csv_keys=frozenset(
        {
            "member_instance_id",
            "protection_status",
        }
    ),
    relations={
        "member_address": _listeners_with_members(Member.address),
        "member_device_id": _listeners_with_members(Member.instance_id),
        "member_instance_id": _listeners_with_members(Member.id),
        "enterprise_project_id": enterprise_project_filter(Listener.enterprise_project_id),
        "include_recycle_bin": include_recycle_bin,
    },
)


def show_listener(session: Session, *, project_id: str, listener_id: str) -> Listener:
    """Return the listener, or raise NotFound."""
    return get_in_project(
        session, Listener, kind="listener", resource_id=listener_id, project_id=project_id
    )


def list_listeners(session: Session, *, project_id: str, query: ListQuery) -> Page[Listener]:
    """One page of the project's listeners that match every filter."""
    scope = select(Listener).where(Listener.project_id == project_id)
    return list_page(session, LISTENER_LIST, scope, query)


def create_listener(
    session: Session,
    *,
    project_id: str,
    option: CreateListenerOption,
    listener_id: str | None = None,
) -> Listener:
    """Add a listener to a load balancer: every rule is checked before anything is written."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=option.loadbalancer_id)
    # dedicated load balancers know HTTPS only; TERMINATED_HTTPS is the shared name for it
    protocol = "HTTPS" if option.protocol == "TERMINATED_HTTPS" else option.protocol
    given = option.model_fields_set
    if option.admin_state_up is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")
    port, port_ranges = _port_and_ranges(protocol, option.protocol_port, option.port_ranges)
    _check_fields_for_protocol(protocol, option, given)
    if protocol in CERTIFICATE_PROTOCOLS and not option.default_tls_container_ref:
        raise InvalidInput(
            field="default_tls_container_ref",
            reason=f"it is required for {protocol} listeners.",
        )
    nat64 = _nat64(protocol, option.nat64_enable)
    transparent = (
        option.transparent_client_ip_enable
        if option.transparent_client_ip_enable is not None
        else not nat64
    )
    _check_client_ip(nat64, transparent)
    http2 = True if protocol == "QUIC" else bool(option.http2_enable)
    pool = None
    if option.default_pool_id:
        pool = _bindable_pool(session, project_id, option.default_pool_id, protocol, http2, lb)
    quic_config = _quic_config(session, project_id, protocol, lb.id, option.quic_config)
    _check_port_free(session, lb.id, protocol, port, port_ranges, exclude=None)
    _check_quotas(session, project_id=project_id, loadbalancer_id=lb.id)

    keepalive_default = _keepalive_range(protocol)[2]
    request_timeout = _REQUEST_TIMEOUT_DEFAULT if protocol in REQUEST_TIMEOUT_PROTOCOLS else None
    now = utc_now()
    listener = Listener(
        id=listener_id or new_id(),
        project_id=project_id,
        loadbalancer_id=lb.id,
        name=option.name or "",
        description=option.description or "",
        protocol=protocol,
        protocol_port=port,
        default_pool_id=pool.id if pool is not None else None,
        admin_state_up=True,
        connection_limit=-1,
        http2_enable=http2,
        default_tls_container_ref=_only_for_tls(protocol, option.default_tls_container_ref),
        client_ca_tls_container_ref=option.client_ca_tls_container_ref,
        sni_container_refs=_only_for_tls(protocol, list(option.sni_container_refs or [])) or [],
        sni_match_algo=option.sni_match_algo or "wildcard",
        tls_ciphers_policy=option.tls_ciphers_policy or _default_tls_policy(protocol),
        security_policy_id=option.security_policy_id,
        insert_headers=_headers(option.insert_headers, {}),
        enable_member_retry=(
            True if option.enable_member_retry is None else option.enable_member_retry
        ),
        keepalive_timeout=(
            keepalive_default if option.keepalive_timeout is None else option.keepalive_timeout
        ),
        client_timeout=option.client_timeout or request_timeout,
        member_timeout=option.member_timeout or request_timeout,
        ipgroup=_ipgroup(option.ipgroup.model_dump() if option.ipgroup else None),
        transparent_client_ip_enable=transparent,
        proxy_protocol_enable=_proxy_protocol(protocol, option.proxy_protocol_enable),
        enhance_l7policy_enable=bool(option.enhance_l7policy_enable),
        quic_config=quic_config,
        gzip_enable=bool(option.gzip_enable),
        port_ranges=port_ranges,
        ssl_early_data_enable=bool(option.ssl_early_data_enable),
        nat64_enable=nat64,
        cps=option.cps or 0,
        connection=option.connection or 0,
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=lb.enterprise_project_id,
        tags=[tag.model_dump() for tag in option.tags or []],
        created_at=now,
        updated_at=now,
    )
    session.add(listener)
    if pool is not None and pool.loadbalancer_id is None:
        pool.loadbalancer_id = lb.id
    return listener


def update_listener(
    session: Session, *, project_id: str, listener_id: str, option: UpdateListenerOption
) -> Listener:
    """Change the settings of a listener; protocol, port and load balancer stay as they are."""
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    # null removes the settings that can be removed; for any other field it means "not
    # given", as for every other update (the SDK itself leaves unset fields out)
    given = {
        name
        for name in option.model_fields_set
        if getattr(option, name) is not None or name in _NULLABLE_ON_UPDATE
    }
    protocol = listener.protocol
    if option.admin_state_up is False:
        raise InvalidInput(field="admin_state_up", reason="only true is supported.")
    _check_fields_for_protocol(protocol, option, given)
    if listener.enhance_l7policy_enable and option.enhance_l7policy_enable is False:
        raise InvalidInput(
            field="enhance_l7policy_enable", reason="it cannot be disabled once enabled."
        )
    nat64 = listener.nat64_enable
    if option.nat64_enable is not None:
        nat64 = _nat64(protocol, option.nat64_enable)
    transparent = option.transparent_client_ip_enable
    if transparent is None:
        transparent = not nat64 if option.nat64_enable is not None else None
    if transparent is None:
        transparent = listener.transparent_client_ip_enable
    _check_client_ip(nat64, transparent)
    http2 = listener.http2_enable if option.http2_enable is None else option.http2_enable
    lb = session.get(LoadBalancer, listener.loadbalancer_id)
    assert lb is not None  # a listener's load balancer cannot be deleted before it
    pool_id = option.default_pool_id if "default_pool_id" in given else listener.default_pool_id
    pool = None
    if pool_id and ("default_pool_id" in given or "http2_enable" in given):
        pool = _bindable_pool(
            session, project_id, pool_id, protocol, http2, lb, listener_id=listener.id
        )
    quic_config = listener.quic_config
    if "quic_config" in given:
        quic_config = _updated_quic_config(session, project_id, listener, option)
    ipgroup = listener.ipgroup
    if "ipgroup" in given:
        ipgroup = _updated_ipgroup(listener, option)

    simple = (
        "name",
        "description",
        "client_ca_tls_container_ref",
        "sni_match_algo",
        "tls_ciphers_policy",
        "security_policy_id",
        "enable_member_retry",
        "keepalive_timeout",
        "client_timeout",
        "member_timeout",
        "enhance_l7policy_enable",
        "protection_status",
        "protection_reason",
        "gzip_enable",
        "ssl_early_data_enable",
        "cps",
        "connection",
    )
    for name in simple:
        if name in given:
            setattr(listener, name, getattr(option, name))
    if "client_ca_tls_container_ref" in given:
        # "" (what Terraform sends when the CA certificate is dropped) removes it, as null does
        listener.client_ca_tls_container_ref = option.client_ca_tls_container_ref or None
    if "default_tls_container_ref" in given:
        listener.default_tls_container_ref = _only_for_tls(
            protocol, option.default_tls_container_ref
        )
    if "sni_container_refs" in given:
        # null (Terraform's "no SNI certificates") empties the list
        listener.sni_container_refs = (
            _only_for_tls(protocol, list(option.sni_container_refs or [])) or []
        )
    if option.http2_enable is not None:
        listener.http2_enable = option.http2_enable
    if option.insert_headers is not None:
        listener.insert_headers = _headers(option.insert_headers, listener.insert_headers or {})
    if option.proxy_protocol_enable is not None:
        listener.proxy_protocol_enable = _proxy_protocol(protocol, option.proxy_protocol_enable)
    listener.nat64_enable = nat64
    listener.transparent_client_ip_enable = transparent
    listener.quic_config = quic_config
    listener.ipgroup = ipgroup
    if "default_pool_id" in given:
        # unbinding (null) leaves the pool on the load balancer, as DeletePool's doc implies
        listener.default_pool_id = pool_id or None
    if pool is not None and pool.loadbalancer_id is None:
        pool.loadbalancer_id = lb.id
    listener.updated_at = utc_now()
    return listener


def delete_listener(session: Session, *, project_id: str, listener_id: str) -> None:
    """Delete a listener whose default pool, if any, has no backend servers left.

    The reference: before deleting, delete the associated pools or remove every backend
    server of the default pool (and every forwarding policy, which mockelb does not have).
    A default pool without members is simply detached and stays on the load balancer.
    """
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    _check_deletable(session, listener, deleting=frozenset({listener.id}))
    session.delete(listener)


def delete_listener_force(session: Session, *, project_id: str, listener_id: str) -> None:
    """Delete a listener and its forwarding policies (which mockelb does not have), and
    unbind its default pool: "删除监听器、转发策略等，解绑后端服务器组" (DeleteListenerForce).

    The pool stays on the load balancer with its backend servers and health monitor, as
    after unbinding it with update_listener; HTTPS listeners that upgrade to this QUIC
    listener lose the upgrade.
    """
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    for upgraded in _quic_upgraders(session, listener):
        upgraded.quic_config = None
        upgraded.updated_at = utc_now()
    session.execute(delete(Listener).where(Listener.id == listener.id))


def batch_delete_listeners(
    session: Session, *, project_id: str, listener_ids: Sequence[str]
) -> str:
    """Delete up to 10 listeners at once; returns the id of the (already finished) job.

    The cloud answers 202 with a job id and deletes in the background; mockelb deletes
    before answering. All or nothing, every id checked first: an unknown id is 404
    ELB.8904, a listener that delete_listener refuses is refused here the same way (409),
    except that a QUIC listener may go together with the HTTPS listeners upgrading to it.
    A repeated id counts once.
    """
    unique = list(dict.fromkeys(listener_ids))
    listeners = [
        show_listener(session, project_id=project_id, listener_id=listener_id)
        for listener_id in unique
    ]
    deleting = frozenset(unique)
    for listener in listeners:
        _check_deletable(session, listener, deleting=deleting)
    session.execute(delete(Listener).where(Listener.id.in_(unique)))
    return new_id()


def _check_deletable(session: Session, listener: Listener, *, deleting: frozenset[str]) -> None:
    if listener.default_pool_id and _has_members(session, listener.default_pool_id):
        raise Conflict(
            message=f"Listener {listener.id} still has backend servers in its default pool "
            f"{listener.default_pool_id}; remove them or unbind the pool first."
        )
    upgraded_by = [other for other in _quic_upgrades_to(session, listener) if other not in deleting]
    if upgraded_by:
        raise Conflict(
            message=f"Listener {listener.id} is the QUIC listener of listener {upgraded_by[0]}."
        )


# --- the rules ----------------------------------------------------------------------------


def _port_and_ranges(
    protocol: str, port: int | None, ranges: list[PortRange] | None
) -> tuple[int, list[dict[str, int]] | None]:
    """The listener's protocol_port and port_ranges, checked against its protocol."""
    if protocol == "IP":
        # an IP listener forwards every port: it has no port of its own and no ranges
        if port not in (None, 0):
            raise InvalidInput(field="protocol_port", reason="it must be 0 for IP listeners.")
        if ranges is not None:
            raise InvalidInput(field="port_ranges", reason="IP listeners do not take it.")
        return 0, None
    if ranges is None:
        if port is None:
            raise InvalidInput(field="protocol_port", reason="it is required.")
        if port == 0:
            raise InvalidInput(
                field="port_ranges", reason="it is required when protocol_port is 0."
            )
        return port, None
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
    return 0, [{"start_port": r.start_port, "end_port": r.end_port} for r in ranges]


def _spans(listener_port: int, ranges: list[Any] | None) -> list[tuple[int, int]]:
    if ranges:
        return [(int(r["start_port"]), int(r["end_port"])) for r in ranges]
    if listener_port == 0:  # an IP listener: every port
        return [(0, 65535)]
    return [(listener_port, listener_port)]


def _check_port_free(
    session: Session,
    loadbalancer_id: str,
    protocol: str,
    port: int,
    ranges: list[dict[str, int]] | None,
    *,
    exclude: str | None,
) -> None:
    family = PORT_FAMILIES[protocol]
    siblings = [p for p, f in PORT_FAMILIES.items() if f == family]
    stmt = select(Listener).where(
        Listener.loadbalancer_id == loadbalancer_id, Listener.protocol.in_(siblings)
    )
    mine = _spans(port, ranges)
    for other in session.scalars(stmt):
        if other.id == exclude:
            continue
        for start, end in _spans(other.protocol_port, other.port_ranges):
            if any(start <= my_end and my_start <= end for my_start, my_end in mine):
                raise Conflict(
                    message=f"Load balancer {loadbalancer_id} already has listener {other.id} "
                    f"({other.protocol}) on a port of this {protocol} listener."
                )


def _check_quotas(session: Session, *, project_id: str, loadbalancer_id: str) -> None:
    for key, condition in (
        ("listener", Listener.project_id == project_id),
        ("listeners_per_loadbalancer", Listener.loadbalancer_id == loadbalancer_id),
    ):
        quotas.check_room(session, project_id=project_id, key=key, model=Listener, where=condition)


def _keepalive_range(protocol: str) -> tuple[int, int, int]:
    return _KEEPALIVE.get(protocol, _L4_KEEPALIVE)


def _default_tls_policy(protocol: str) -> str | None:
    return _DEFAULT_TLS_POLICY if protocol in ("HTTPS", "TLS") else None


def _only_for_tls(protocol: str, certificates: _T) -> _T | None:
    # the reference restricts neither server nor SNI certificates to some protocols; it only
    # requires one for HTTPS, TLS and QUIC: elsewhere they are accepted and have no effect
    return certificates if protocol in CERTIFICATE_PROTOCOLS else None


def _nat64(protocol: str, enable: bool | None) -> bool:
    # "only takes effect on TCP and UDP listeners": other protocols accept it and stay off
    return bool(enable) and protocol in NAT64_PROTOCOLS


def _proxy_protocol(protocol: str, enable: bool | None) -> bool:
    # other protocols accept the field but it does not take effect: proxy protocol stays off
    return bool(enable) and protocol in PROXY_PROTOCOL_PROTOCOLS


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


def _check_fields_for_protocol(
    protocol: str, option: CreateListenerOption | UpdateListenerOption, given: set[str]
) -> None:
    """Refuse the fields this protocol does not take (each names itself in the 400)."""

    def refuse(field: str, protocols: str) -> None:
        raise InvalidInput(field=field, reason=f"only {protocols} listeners take it.")

    # "only TLS and HTTPS listeners support it" (CreateListenerOption); a server or SNI
    # certificate elsewhere is accepted and ignored, see _only_for_tls
    if option.client_ca_tls_container_ref and protocol not in CLIENT_CA_PROTOCOLS:
        refuse("client_ca_tls_container_ref", "HTTPS and TLS")
    if protocol == "QUIC":
        for field in ("http2_enable", "tls_ciphers_policy", "security_policy_id"):
            if getattr(option, field) is not None:
                raise InvalidInput(field=field, reason="QUIC listeners do not take it.")
    if "enable_member_retry" in given and protocol not in HTTP_PROTOCOLS:
        refuse("enable_member_retry", "HTTP, HTTPS and QUIC")
    for field in ("client_timeout", "member_timeout"):
        if getattr(option, field) is not None and protocol not in REQUEST_TIMEOUT_PROTOCOLS:
            refuse(field, "HTTP and HTTPS")
    low, high, _ = _keepalive_range(protocol)
    keepalive = option.keepalive_timeout
    if keepalive is not None and not low <= keepalive <= high:
        raise InvalidInput(
            field="keepalive_timeout",
            reason=f"it must be between {low} and {high} for {protocol} listeners.",
        )
    if option.gzip_enable and protocol not in HTTP_PROTOCOLS:
        refuse("gzip_enable", "HTTP, HTTPS and QUIC")
    if option.ssl_early_data_enable and protocol != "HTTPS":
        refuse("ssl_early_data_enable", "HTTPS")
    if option.quic_config is not None and protocol != "HTTPS":
        refuse("quic_config", "HTTPS")
    _check_insert_headers(protocol, option.insert_headers)


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


def _headers(headers: ListenerInsertHeaders | None, current: dict[str, Any]) -> dict[str, Any]:
    # kept as on the wire (header names); an update changes the headers it names only
    if headers is None:
        return dict(current)
    return {**current, **headers.model_dump(by_alias=True, exclude_none=True)}


def _ipgroup(given: dict[str, Any] | None) -> dict[str, Any] | None:
    if given is None:
        return None
    return {
        "ipgroup_id": given["ipgroup_id"],
        "enable_ipgroup": True if given.get("enable_ipgroup") is None else given["enable_ipgroup"],
        "type": given.get("type") or "white",
    }


def _updated_ipgroup(listener: Listener, option: UpdateListenerOption) -> dict[str, Any] | None:
    change = option.ipgroup
    if change is None:
        return None
    if "ipgroup_id" in change.model_fields_set and change.ipgroup_id is None:
        raise InvalidInput(field="ipgroup.ipgroup_id", reason="it cannot be null.")
    current = listener.ipgroup or {}
    merged = {**current, **change.model_dump(exclude_none=True)}
    if "ipgroup_id" not in merged:
        raise InvalidInput(field="ipgroup.ipgroup_id", reason="it is required.")
    return _ipgroup(merged)


def _quic_target(
    session: Session, project_id: str, loadbalancer_id: str, quic_listener_id: str
) -> Listener:
    target = get_in_project(
        session, Listener, kind="listener", resource_id=quic_listener_id, project_id=project_id
    )
    if target.protocol != "QUIC":
        raise InvalidInput(
            field="quic_config.quic_listener_id", reason="it must be a QUIC listener."
        )
    if target.loadbalancer_id != loadbalancer_id:
        raise InvalidInput(
            field="quic_config.quic_listener_id",
            reason="it must be a listener of the same load balancer.",
        )
    return target


def _quic_config(
    session: Session,
    project_id: str,
    protocol: str,
    loadbalancer_id: str,
    option: Any,
) -> dict[str, Any] | None:
    if option is None:
        return None
    target = _quic_target(session, project_id, loadbalancer_id, option.quic_listener_id)
    return {"quic_listener_id": target.id, "enable_quic_upgrade": bool(option.enable_quic_upgrade)}


def _updated_quic_config(
    session: Session, project_id: str, listener: Listener, option: UpdateListenerOption
) -> dict[str, Any] | None:
    change = option.quic_config
    if change is None:
        return None
    if "quic_listener_id" in change.model_fields_set and change.quic_listener_id is None:
        raise InvalidInput(field="quic_config.quic_listener_id", reason="it cannot be null.")
    current = listener.quic_config or {}
    target_id = change.quic_listener_id or current.get("quic_listener_id")
    if target_id is None:
        raise InvalidInput(field="quic_config.quic_listener_id", reason="it is required.")
    target = _quic_target(session, project_id, listener.loadbalancer_id, target_id)
    enable = change.enable_quic_upgrade
    if enable is None:
        enable = bool(current.get("enable_quic_upgrade", False))
    return {"quic_listener_id": target.id, "enable_quic_upgrade": enable}


def _quic_upgraders(session: Session, listener: Listener) -> list[Listener]:
    """The HTTPS listeners whose quic_config names this listener."""
    if listener.protocol != "QUIC":
        return []
    candidates = session.scalars(
        select(Listener).where(
            Listener.loadbalancer_id == listener.loadbalancer_id, Listener.protocol == "HTTPS"
        )
    )
    return [
        other
        for other in candidates
        if other.quic_config and other.quic_config.get("quic_listener_id") == listener.id
    ]


def _quic_upgrades_to(session: Session, listener: Listener) -> list[str]:
    return [other.id for other in _quic_upgraders(session, listener)]


def _bindable_pool(
    session: Session,
    project_id: str,
    pool_id: str,
    protocol: str,
    http2_enable: bool,
    lb: LoadBalancer,
    *,
    listener_id: str | None = None,
) -> Pool:
    """The pool, checked to be a possible default pool of this listener."""
    pool = get_in_project(session, Pool, kind="pool", resource_id=pool_id, project_id=project_id)
    allowed = LISTENER_POOL_PROTOCOLS.get(protocol, frozenset())
    if pool.protocol not in allowed:
        raise InvalidInput(
            field="default_pool_id",
            reason=f"a {protocol} listener forwards only to {', '.join(sorted(allowed))} pools.",
        )
    if pool.protocol == "GRPC" and not http2_enable:
        raise InvalidInput(
            field="default_pool_id", reason="GRPC pools need a listener with http2_enable."
        )
    if protocol == "TLS" and pool.protocol == "TCP" and pool.ip_version == "dualstack":
        raise InvalidInput(field="default_pool_id", reason="a TLS listener needs a v4 TCP pool.")
    if pool.loadbalancer_id not in (None, lb.id):
        raise InvalidInput(
            field="default_pool_id", reason="the pool belongs to another load balancer."
        )
    if pool.vpc_id and pool.vpc_id != lb.vpc_id:
        raise InvalidInput(
            field="default_pool_id", reason="the pool is in another VPC than the load balancer."
        )
    if protocol == "TLS" and (pool.az_affinity or {}).get("enable"):
        # AzAffinity: "pools bound to TLS listeners do not support it", as create_pool says
        raise InvalidInput(
            field="default_pool_id", reason="pools with AZ affinity cannot serve TLS listeners."
        )
    if pool.loadbalancer_id is None and not lb.ip_target_enable and _has_ip_members(session, pool):
        # binding moves the pool onto this load balancer: its IP-type members need IP targets,
        # as they would if they were added to it now
        raise IpTargetNotEnabled()
    quotas.check_room(
        session,
        project_id=project_id,
        key="listeners_per_pool",
        model=Listener,
        where=and_(Listener.default_pool_id == pool.id, Listener.id != (listener_id or "")),
    )
    return pool


def _has_ip_members(session: Session, pool: Pool) -> bool:
    ip_member = select(Member.id).where(Member.pool_id == pool.id, Member.member_type == "ip")
    return session.scalar(ip_member.limit(1)) is not None


def _has_members(session: Session, pool_id: str) -> bool:
    return session.scalar(select(Member.id).where(Member.pool_id == pool_id).limit(1)) is not None
