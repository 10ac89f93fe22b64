"""Listeners: create, show, list, update, delete (plain, forced and batch).

The field rules (what each protocol takes) are in services/listener_rules.py; this module
adds those that look at other records: the load balancer's ports, quotas, the default pool
and the QUIC listener of quic_config.

Certificate references must name certificates of the project of the type each field takes
(services/certificates.py). An ipgroup must name IP address groups of
the project (services/ipgroups.py); security_policy_id must name a custom security policy
of the project (services/security_policies.py) where the protocol uses one (HTTPS, TLS).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.domain.listeners import (
    DEFAULT_SNI_MATCH_ALGO,
    ListenerQuicConfigBody,
    PortRangeBody,
)
from mockelb.errors import Conflict, InvalidInput, IpTargetNotEnabled
from mockelb.ids import new_id, utc_now
from mockelb.models import Listener, LoadBalancer, Member, Pool
from mockelb.schemas.listeners import (
    CreateListenerOption,
    CreateListenerQuicConfigOption,
    UpdateListenerOption,
    UpdateListenerQuicConfigOption,
)
from mockelb.services import certificates, jobs, quotas, recycling, security_policies
from mockelb.services import ipgroups as ipgroup_rules
from mockelb.services import l7policies as policy_service
from mockelb.services import listener_rules as rules
from mockelb.services import loadbalancer_flavors as lb_flavors
from mockelb.services import tags as tag_rules
from mockelb.services.filters import (
    Relation,
    enterprise_project_filter,
    include_recycle_bin,
)
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.loadbalancers import show_load_balancer
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.pool_users import pool_listener_pairs
from mockelb.services.pools import LISTENER_POOL_PROTOCOLS

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
# update_listener fields kept as they are sent
_COPIED_ON_UPDATE = (
    "name",
    "description",
    "sni_match_algo",
    "tls_ciphers_policy",
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


def _listeners_with_members(column: InstrumentedAttribute[str]) -> Relation:
    """Listeners that send requests to such a member: through their default pool or a
    pool one of their forwarding policies forwards to."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        pairs = pool_listener_pairs().subquery()
        pools = select(Member.pool_id).where(column.in_(values))
        return Listener.id.in_(select(pairs.c.listener_id).where(pairs.c.pool_id.in_(pools)))

    return condition


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
    """One page of the project's listeners that match every filter (those of load balancers
    in the recycle bin only with include_recycle_bin=true)."""
    scope = select(Listener).where(Listener.project_id == project_id)
    scope = recycling.visible_listeners(scope, query)
    return list_page(session, LISTENER_LIST, scope, query)


# --- create -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CheckedListener:
    """What create_listener works out and checks before it builds the listener."""

    loadbalancer: LoadBalancer
    protocol: str
    protocol_port: int
    port_ranges: list[PortRangeBody] | None
    http2_enable: bool
    nat64_enable: bool
    transparent_client_ip_enable: bool
    default_pool: Pool | None
    quic_config: ListenerQuicConfigBody | None


def create_listener(
    session: Session,
    *,
    project_id: str,
    option: CreateListenerOption,
    listener_id: str | None = None,
) -> Listener:
    """Add a listener to a load balancer: every rule is checked before anything is written."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=option.loadbalancer_id)
    checked = _check_new_listener(session, project_id, lb, option)
    certificates.check_listener_certificates(
        session, project_id=project_id, protocol=checked.protocol, option=option
    )
    ipgroup_rules.check_listener_ipgroup(
        session, project_id=project_id, ipgroup=option.ipgroup, listener_id=None
    )
    _check_port_free(
        session, lb.id, checked.protocol, checked.protocol_port, checked.port_ranges, exclude=None
    )
    _check_quotas(session, project_id=project_id, loadbalancer_id=lb.id)
    listener = _new_listener(listener_id or new_id(), project_id, option, checked)
    session.add(listener)
    _move_pool_onto(checked.default_pool, lb)
    return listener


def _check_new_listener(
    session: Session, project_id: str, lb: LoadBalancer, option: CreateListenerOption
) -> _CheckedListener:
    """The rules of create_listener in the order they answer, and what they work out."""
    protocol = rules.normalise_protocol(option.protocol)
    lb_flavors.check_listener_protocol(lb, protocol)
    rules.check_admin_state_up(option.admin_state_up)
    port, port_ranges = rules.resolve_ports(protocol, option.protocol_port, option.port_ranges)
    rules.check_fields_for_protocol(protocol, option, option.model_fields_set)
    rules.check_certificate_given(protocol, option.default_tls_container_ref)
    nat64, transparent = rules.resolve_client_ip(
        protocol,
        option.nat64_enable,
        option.transparent_client_ip_enable,
        current=rules.NEW_LISTENER_CLIENT_IP,
    )
    http2 = True if protocol == "QUIC" else bool(option.http2_enable)
    pool = None
    if option.default_pool_id:
        pool = _resolve_default_pool(
            session, project_id, option.default_pool_id, protocol, http2, lb
        )
    quic_config = None
    if option.quic_config is not None:
        quic_config = _resolve_quic_config(session, project_id, lb.id, option.quic_config)
    security_policies.check_listener_security_policy(
        session,
        project_id=project_id,
        protocol=protocol,
        security_policy_id=option.security_policy_id,
    )
    return _CheckedListener(
        loadbalancer=lb,
        protocol=protocol,
        protocol_port=port,
        port_ranges=port_ranges,
        http2_enable=http2,
        nat64_enable=nat64,
        transparent_client_ip_enable=transparent,
        default_pool=pool,
        quic_config=quic_config,
    )


def _new_listener(
    listener_id: str, project_id: str, option: CreateListenerOption, checked: _CheckedListener
) -> Listener:
    """The listener create_listener adds: what was checked, the option, and the defaults."""
    protocol = checked.protocol
    uses_request_timeouts = protocol in rules.REQUEST_TIMEOUT_PROTOCOLS
    request_timeout = rules.REQUEST_TIMEOUT_DEFAULT if uses_request_timeouts else None
    keepalive = option.keepalive_timeout
    member_retry = option.enable_member_retry
    now = utc_now()
    return Listener(
        id=listener_id,
        project_id=project_id,
        loadbalancer_id=checked.loadbalancer.id,
        name=option.name or "",
        description=option.description or "",
        protocol=protocol,
        protocol_port=checked.protocol_port,
        default_pool_id=checked.default_pool.id if checked.default_pool is not None else None,
        admin_state_up=True,
        connection_limit=-1,
        http2_enable=checked.http2_enable,
        default_tls_container_ref=rules.normalise_certificate_ref(
            protocol, option.default_tls_container_ref
        ),
        client_ca_tls_container_ref=option.client_ca_tls_container_ref,
        sni_container_refs=rules.normalise_sni_refs(protocol, option.sni_container_refs),
        sni_match_algo=option.sni_match_algo or DEFAULT_SNI_MATCH_ALGO,
        tls_ciphers_policy=option.tls_ciphers_policy or rules.default_tls_policy(protocol),
        security_policy_id=rules.normalise_security_policy(protocol, option.security_policy_id),
        insert_headers=rules.merge_insert_headers(option.insert_headers, {}),
        enable_member_retry=True if member_retry is None else member_retry,
        keepalive_timeout=rules.keepalive_range(protocol)[2] if keepalive is None else keepalive,
        client_timeout=option.client_timeout or request_timeout,
        member_timeout=option.member_timeout or request_timeout,
        ipgroup=rules.normalise_ipgroup(option.ipgroup.model_dump()) if option.ipgroup else None,
        transparent_client_ip_enable=checked.transparent_client_ip_enable,
        proxy_protocol_enable=rules.resolve_proxy_protocol(protocol, option.proxy_protocol_enable),
        enhance_l7policy_enable=bool(option.enhance_l7policy_enable),
        quic_config=checked.quic_config,
        gzip_enable=bool(option.gzip_enable),
        port_ranges=checked.port_ranges,
        ssl_early_data_enable=bool(option.ssl_early_data_enable),
        nat64_enable=checked.nat64_enable,
        cps=option.cps or 0,
        connection=option.connection or 0,
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=checked.loadbalancer.enterprise_project_id,
        tags=tag_rules.checked_tags(option.tags),
        created_at=now,
        updated_at=now,
    )


# --- update -------------------------------------------------------------------------------


def update_listener(
    session: Session, *, project_id: str, listener_id: str, option: UpdateListenerOption
) -> Listener:
    """Change the settings the request names; protocol, port and load balancer stay as they
    are. Every check passes before anything changes."""
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    sent = _fields_sent(option)
    _check_update(listener, option, sent)
    certificates.check_listener_certificates(
        session, project_id=project_id, protocol=listener.protocol, option=option
    )
    security_policies.check_listener_security_policy(
        session,
        project_id=project_id,
        protocol=listener.protocol,
        security_policy_id=option.security_policy_id,
    )
    nat64, transparent = rules.resolve_client_ip(
        listener.protocol,
        option.nat64_enable,
        option.transparent_client_ip_enable,
        current=(listener.nat64_enable, listener.transparent_client_ip_enable),
    )
    lb = session.get(LoadBalancer, listener.loadbalancer_id)
    assert lb is not None  # a listener's load balancer cannot be deleted before it
    pool = _pool_to_bind(session, project_id, listener, lb, option, sent)
    if option.http2_enable is False:
        policy_service.check_http2_kept(session, listener)
    changes: dict[str, Any] = {"nat64_enable": nat64, "transparent_client_ip_enable": transparent}
    changes.update(_setting_changes(listener, option, sent))
    changes.update(_quic_and_ipgroup_changes(session, project_id, listener, option, sent))
    ipgroup_rules.check_listener_ipgroup(
        session, project_id=project_id, ipgroup=changes.get("ipgroup"), listener_id=listener.id
    )

    for field, value in changes.items():
        setattr(listener, field, value)
    _move_pool_onto(pool, lb)
    listener.updated_at = utc_now()
    return listener


def _fields_sent(option: UpdateListenerOption) -> set[str]:
    """The names of the fields the update sends.

    null removes the settings that can be removed; for any other field it means "not
    sent", as for every other update (the SDK itself leaves unset fields out).
    """
    return {
        name
        for name in option.model_fields_set
        if getattr(option, name) is not None or name in _NULLABLE_ON_UPDATE
    }


def _check_update(listener: Listener, option: UpdateListenerOption, sent: set[str]) -> None:
    rules.check_admin_state_up(option.admin_state_up)
    rules.check_required_kept(listener.protocol, option)
    rules.check_fields_for_protocol(listener.protocol, option, sent)
    if listener.enhance_l7policy_enable and option.enhance_l7policy_enable is False:
        raise InvalidInput(
            field="enhance_l7policy_enable", reason="it cannot be disabled once enabled."
        )


def _pool_to_bind(
    session: Session,
    project_id: str,
    listener: Listener,
    lb: LoadBalancer,
    option: UpdateListenerOption,
    sent: set[str],
) -> Pool | None:
    """The default pool to check again: a new one, or the current one when http2_enable
    changes (GRPC pools need it); None if neither."""
    pool_id = option.default_pool_id if "default_pool_id" in sent else listener.default_pool_id
    if not pool_id or not sent & {"default_pool_id", "http2_enable"}:
        return None
    http2 = listener.http2_enable if option.http2_enable is None else option.http2_enable
    return _resolve_default_pool(
        session, project_id, pool_id, listener.protocol, http2, lb, listener_id=listener.id
    )


def _setting_changes(
    listener: Listener, option: UpdateListenerOption, sent: set[str]
) -> dict[str, Any]:
    """The new values of the settings sent that need no other record."""
    protocol = listener.protocol
    changes = {field: getattr(option, field) for field in _COPIED_ON_UPDATE if field in sent}
    if "client_ca_tls_container_ref" in sent:
        # "" (what Terraform sends when the CA certificate is dropped) removes it, as null does
        changes["client_ca_tls_container_ref"] = option.client_ca_tls_container_ref or None
    if "default_tls_container_ref" in sent:
        changes["default_tls_container_ref"] = rules.normalise_certificate_ref(
            protocol, option.default_tls_container_ref
        )
    if "security_policy_id" in sent:
        changes["security_policy_id"] = rules.normalise_security_policy(
            protocol, option.security_policy_id
        )
    if "sni_container_refs" in sent:
        # null (Terraform's "no SNI certificates") empties the list
        changes["sni_container_refs"] = rules.normalise_sni_refs(
            protocol, option.sni_container_refs
        )
    if option.http2_enable is not None:
        changes["http2_enable"] = option.http2_enable
    if option.insert_headers is not None:
        changes["insert_headers"] = rules.merge_insert_headers(
            option.insert_headers, listener.insert_headers or {}
        )
    if option.proxy_protocol_enable is not None:
        changes["proxy_protocol_enable"] = rules.resolve_proxy_protocol(
            protocol, option.proxy_protocol_enable
        )
    if "default_pool_id" in sent:
        # unbinding (null) leaves the pool on the load balancer, as DeletePool's doc implies
        changes["default_pool_id"] = option.default_pool_id or None
    return changes


def _quic_and_ipgroup_changes(
    session: Session,
    project_id: str,
    listener: Listener,
    option: UpdateListenerOption,
    sent: set[str],
) -> dict[str, Any]:
    """quic_config and ipgroup, if sent: null removes them, else the fields sent change."""
    changes: dict[str, Any] = {}
    if "quic_config" in sent:
        changes["quic_config"] = _merge_quic_config(
            session, project_id, listener, option.quic_config
        )
    if "ipgroup" in sent:
        changes["ipgroup"] = rules.merge_ipgroup(listener.ipgroup, option.ipgroup)
    return changes


# --- delete -------------------------------------------------------------------------------


def delete_listener(session: Session, *, project_id: str, listener_id: str) -> None:
    """Delete a listener whose default pool, if any, has no backend servers left.

    The reference: before deleting, delete the associated pools or remove every backend
    server of the default pool, and delete every forwarding policy (409 otherwise; so is a
    listener another listener's policy redirects to). A default pool without members is
    simply detached and stays on the load balancer.
    """
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    _check_deletable(session, listener, deleting=frozenset({listener.id}))
    session.delete(listener)


def delete_listener_force(session: Session, *, project_id: str, listener_id: str) -> None:
    """Delete a listener and its forwarding policies, and unbind its default pool:
    "删除监听器、转发策略等，解绑后端服务器组" (DeleteListenerForce).

    The pool stays on the load balancer with its backend servers and health monitor, as
    after unbinding it with update_listener; HTTPS listeners that upgrade to this QUIC
    listener lose the upgrade. Policies of other listeners that redirect to this one go
    too (mockelb's choice: they would redirect to nothing).
    """
    listener = show_listener(session, project_id=project_id, listener_id=listener_id)
    policy_service.delete_policies(
        session,
        [
            *policy_service.policy_ids_of_listeners(session, [listener.id]),
            *[p.id for p in policy_service.policies_redirecting_to(session, [listener.id])],
        ],
    )
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
    job_id = jobs.record_batch_delete_listeners(session, project_id=project_id, listeners=listeners)
    session.execute(delete(Listener).where(Listener.id.in_(unique)))
    return job_id


def _check_deletable(session: Session, listener: Listener, *, deleting: frozenset[str]) -> None:
    policy_ids = policy_service.policy_ids_of_listeners(session, [listener.id])
    if policy_ids:
        raise Conflict(
            message=f"Listener {listener.id} still has forwarding policy {policy_ids[0]}; "
            "delete its forwarding policies first."
        )
    # (a policy of a listener deleted in the same batch would have refused that listener)
    redirecting = policy_service.policies_redirecting_to(session, [listener.id])
    if redirecting:
        raise Conflict(
            message=f"Forwarding policy {redirecting[0].id} redirects to listener "
            f"{listener.id}; delete it first."
        )
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


# --- ports and quotas ---------------------------------------------------------------------


def _expand_port_spans(
    listener_port: int, ranges: Sequence[Mapping[str, Any]] | None
) -> list[tuple[int, int]]:
    """The (start, end) port spans a listener takes: its ranges, or its one port."""
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
    ranges: list[PortRangeBody] | None,
    *,
    exclude: str | None,
) -> None:
    family = PORT_FAMILIES[protocol]
    siblings = [p for p, f in PORT_FAMILIES.items() if f == family]
    stmt = select(Listener).where(
        Listener.loadbalancer_id == loadbalancer_id, Listener.protocol.in_(siblings)
    )
    mine = _expand_port_spans(port, ranges)
    for other in session.scalars(stmt):
        if other.id == exclude:
            continue
        for start, end in _expand_port_spans(other.protocol_port, other.port_ranges):
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


# --- quic_config --------------------------------------------------------------------------


def _resolve_quic_listener(
    session: Session, project_id: str, loadbalancer_id: str, quic_listener_id: str
) -> Listener:
    """The QUIC listener a quic_config names, checked to be one of the same load balancer."""
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


def _resolve_quic_config(
    session: Session,
    project_id: str,
    loadbalancer_id: str,
    quic_config: CreateListenerQuicConfigOption,
) -> ListenerQuicConfigBody:
    """The quic_config a new listener keeps, its QUIC listener checked."""
    target = _resolve_quic_listener(
        session, project_id, loadbalancer_id, quic_config.quic_listener_id
    )
    return {
        "quic_listener_id": target.id,
        "enable_quic_upgrade": bool(quic_config.enable_quic_upgrade),
    }


def _merge_quic_config(
    session: Session,
    project_id: str,
    listener: Listener,
    change: UpdateListenerQuicConfigOption | None,
) -> ListenerQuicConfigBody | None:
    """The quic_config after an update that sent one: null removes it, else the fields
    sent change (its QUIC listener checked)."""
    if change is None:
        return None
    if "quic_listener_id" in change.model_fields_set and change.quic_listener_id is None:
        raise InvalidInput(field="quic_config.quic_listener_id", reason="it cannot be null.")
    current = listener.quic_config or {}
    target_id = change.quic_listener_id or current.get("quic_listener_id")
    if target_id is None:
        raise InvalidInput(field="quic_config.quic_listener_id", reason="it is required.")
    target = _resolve_quic_listener(session, project_id, listener.loadbalancer_id, target_id)
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


# --- the default pool ---------------------------------------------------------------------


def _resolve_default_pool(
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
    _check_pool_protocol(pool, protocol, http2_enable)
    _check_pool_placement(session, pool, protocol, lb)
    quotas.check_room(
        session,
        project_id=project_id,
        key="listeners_per_pool",
        model=Listener,
        where=and_(Listener.default_pool_id == pool.id, Listener.id != (listener_id or "")),
    )
    return pool


def _check_pool_protocol(pool: Pool, protocol: str, http2_enable: bool) -> None:
    """The pool's protocol (and IP version) must be one this listener forwards to."""
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


def _check_pool_placement(session: Session, pool: Pool, protocol: str, lb: LoadBalancer) -> None:
    """The pool must be free or on this load balancer, in its VPC, and fit to serve here."""
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


def _move_pool_onto(pool: Pool | None, lb: LoadBalancer) -> None:
    """A pool bound as a default pool joins the listener's load balancer if it had none."""
    if pool is not None and pool.loadbalancer_id is None:
        pool.loadbalancer_id = lb.id


def _has_ip_members(session: Session, pool: Pool) -> bool:
    ip_member = select(Member.id).where(Member.pool_id == pool.id, Member.member_type == "ip")
    return session.scalar(ip_member.limit(1)) is not None


def _has_members(session: Session, pool_id: str) -> bool:
    return session.scalar(select(Member.id).where(Member.pool_id == pool_id).limit(1)) is not None
