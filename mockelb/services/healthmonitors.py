"""Health monitors: create, show, list, update, delete, and the rules of each.

A pool has at most one health monitor, which names it (HealthMonitor.pool_id, unique); the
pool's healthmonitor_id is read from there, so creating or deleting a monitor writes nothing
on the pool. The pool's members report INITIAL while an enabled monitor checks them
(unless the member rule of domain/member_health says otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from mockelb.errors import Conflict, InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import HealthMonitor, Pool
from mockelb.schemas.healthmonitors import CreateHealthMonitorOption, UpdateHealthMonitorOption
from mockelb.services import master_slave_rules, quotas
from mockelb.services.filters import (
    enterprise_project_filter,
)
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.pools import show_pool

# Which monitor types a pool protocol allows (CreateHealthMonitorOption.type docstring)
_LAYER4_TYPES = frozenset({"TCP", "HTTP", "HTTPS"})
_LAYER7_TYPES = frozenset({"TCP", "HTTP", "HTTPS", "TLS", "GRPC"})
POOL_MONITOR_TYPES: dict[str, frozenset[str]] = {
    "UDP": frozenset({"UDP_CONNECT"}),
    "QUIC": frozenset({"UDP_CONNECT"}),
    "TCP": _LAYER4_TYPES,
    "IP": _LAYER4_TYPES,
    "HTTP": _LAYER7_TYPES,
    "HTTPS": _LAYER7_TYPES,
    "GRPC": _LAYER7_TYPES,
    "TLS": _LAYER7_TYPES,
}


@dataclass(frozen=True)
class CodeRange:
    low: int
    high: int
    default: str


# HTTP status codes the console accepts are 200-599; gRPC status codes 0-99 (default 0).
# Other types (TCP, TLS, UDP_CONNECT) may carry expected_codes without effect: the
# value is still checked with the HTTP range, so a stored value is always well formed.
HTTP_CODES = CodeRange(200, 599, "200")
GRPC_CODES = CodeRange(0, 99, "0")
_CODE = r"(?:0|[1-9][0-9]{0,2})"
_SINGLE = re.compile(rf"^{_CODE}$")
_LIST = re.compile(rf"^{_CODE}(?:,{_CODE})+$")
_RANGE = re.compile(rf"^({_CODE})-({_CODE})$")
# Starts with a digit or letter; digits, letters, '-' and '.' only (documented syntax)
_DOMAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$")
# Starts with '/'; letters, digits and - / . % ? # & _ ; ~ ! ( ) * [ ] @ $ ^ : ' , +
# ('=' and spaces are not in the documented set, so they are refused)
_URL_PATH = re.compile(r"^/[A-Za-z0-9\-/.%?#&_;~!()*\[\]@$^:',+]*$")

_NULLABLE_ON_UPDATE = frozenset({"monitor_port", "domain_name"})


# every query filter of the SDK's ListHealthMonitorsRequest
HEALTH_MONITOR_LIST = ListSpec(
    HealthMonitor,
    keys=frozenset(
        {
            "id",
            "monitor_port",
            "domain_name",
            "name",
            "delay",
            "max_retries",
            "admin_state_up",
            "max_retries_down",
            "timeout",
            "type",
            "expected_codes",
            "url_path",
            "http_method",
            "enterprise_project_id",
        }
    ),
    relations={
        "enterprise_project_id": enterprise_project_filter(HealthMonitor.enterprise_project_id)
    },
)


def code_range_of(monitor_type: str) -> CodeRange:
    return GRPC_CODES if monitor_type == "GRPC" else HTTP_CODES


def check_expected_codes(value: str, monitor_type: str) -> None:
    """A single code (200), a comma list (200,202) or a range (200-204), each in range."""
    codes = code_range_of(monitor_type)
    if _SINGLE.match(value) or _LIST.match(value):
        numbers = [int(code) for code in value.split(",")]
    elif match := _RANGE.match(value):
        numbers = [int(match.group(1)), int(match.group(2))]
        if numbers[0] > numbers[1]:
            raise InvalidInput(
                field="expected_codes",
                reason=f"the range {value} must not start above its end.",
            )
    else:
        raise InvalidInput(
            field="expected_codes",
            reason=f"{value!r} is not a code (200), a comma-separated list of codes "
            "(200,202) or a range (200-204).",
        )
    for number in numbers:
        if not codes.low <= number <= codes.high:
            raise InvalidInput(
                field="expected_codes",
                reason=f"{number} is not between {codes.low} and {codes.high} "
                f"for {monitor_type} health checks.",
            )


def check_url_path(value: str) -> None:
    if not _URL_PATH.match(value):
        raise InvalidInput(
            field="url_path",
            reason="it must start with '/' and contain only letters, digits and "
            "-/.%?#&_;~!()*[]@$^:',+ characters.",
        )


def check_domain_name(value: str) -> None:
    if not _DOMAIN_NAME.match(value):
        raise InvalidInput(
            field="domain_name",
            reason="it must start with a letter or digit and contain only letters, "
            "digits, '-' and '.'.",
        )


def show_health_monitor(
    session: Session, *, project_id: str, healthmonitor_id: str
) -> HealthMonitor:
    """Return the health monitor, or raise NotFound."""
    return get_in_project(
        session,
        HealthMonitor,
        kind="healthmonitor",
        resource_id=healthmonitor_id,
        project_id=project_id,
    )


def list_health_monitors(
    session: Session, *, project_id: str, query: ListQuery
) -> Page[HealthMonitor]:
    """One page of the project's health monitors that match every filter."""
    scope = select(HealthMonitor).where(HealthMonitor.project_id == project_id)
    return list_page(session, HEALTH_MONITOR_LIST, scope, query)


def create_health_monitor(
    session: Session,
    *,
    project_id: str,
    option: CreateHealthMonitorOption,
    healthmonitor_id: str | None = None,
) -> HealthMonitor:
    """Give a pool its one health monitor (the pool then shows its id as healthmonitor_id)."""
    _check_request_fields(option.url_path, option.domain_name)
    pool = show_pool(session, project_id=project_id, pool_id=option.pool_id)
    values = _fill_defaults(
        {
            "type": option.type,
            "monitor_port": option.monitor_port,
            "http_method": option.http_method,
            "url_path": option.url_path,
            "domain_name": option.domain_name,
            "expected_codes": option.expected_codes,
        },
        codes_sent=option.expected_codes is not None,
    )
    _check_against_pool(pool, values)
    _check_pool_is_free(session, pool)
    quotas.check_room(
        session,
        project_id=project_id,
        key="healthmonitor",
        model=HealthMonitor,
        where=HealthMonitor.project_id == project_id,
    )

    now = utc_now()
    monitor = HealthMonitor(
        id=healthmonitor_id or new_id(),
        project_id=project_id,
        pool_id=pool.id,
        name=option.name or "",
        admin_state_up=option.admin_state_up is not False,
        delay=option.delay,
        timeout=option.timeout,
        max_retries=option.max_retries,
        max_retries_down=3 if option.max_retries_down is None else option.max_retries_down,
        enterprise_project_id=pool.enterprise_project_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(monitor)
    _reread_pool_monitor(session, pool.id)
    return monitor


def update_health_monitor(
    session: Session,
    *,
    project_id: str,
    healthmonitor_id: str,
    option: UpdateHealthMonitorOption,
) -> HealthMonitor:
    """Change the fields sent; the result is checked as a whole before anything is kept."""
    monitor = show_health_monitor(session, project_id=project_id, healthmonitor_id=healthmonitor_id)
    master_slave_rules.check_monitor_changeable(session, monitor.pool_id)
    _check_request_fields(option.url_path, option.domain_name)
    sent_values = option.model_dump(include=option.model_fields_set)
    # null clears monitor_port and domain_name (documented); for any other field the
    # cloud treats null as "not sent", as the SDK does when it leaves a field out
    changes = {
        key: value
        for key, value in sent_values.items()
        if value is not None or key in _NULLABLE_ON_UPDATE
    }
    request_keys = ("type", "monitor_port", "http_method", "url_path", "domain_name")
    values = {key: changes.get(key, getattr(monitor, key)) for key in request_keys}
    values["expected_codes"] = changes.get("expected_codes", monitor.expected_codes)
    codes_sent = "expected_codes" in changes
    if not codes_sent and values["type"] != monitor.type:
        values["expected_codes"] = _codes_kept_for(monitor, values["type"])
    values = _fill_defaults(values, codes_sent=codes_sent)
    pool = show_pool(session, project_id=project_id, pool_id=monitor.pool_id)
    _check_against_pool(pool, values)

    for key in ("name", "admin_state_up", "delay", "timeout", "max_retries", "max_retries_down"):
        if key in changes:
            setattr(monitor, key, changes[key])
    for key, value in values.items():
        setattr(monitor, key, value)
    monitor.updated_at = utc_now()
    return monitor


def _codes_kept_for(monitor: HealthMonitor, new_type: str) -> str | None:
    """The expected_codes a monitor keeps when an update changes its type and sends none.

    What the client set is kept, and must suit the new type (400 naming it if not, e.g.
    201 for GRPC, whose codes are 0-99). The old type's default (200, or 0 for GRPC) is
    what create fills in when none is sent, so it follows the type to the new default
    (None here): mockelb cannot tell a default from the same value sent, and keeping it
    would refuse every HTTP <-> GRPC change that does not resend the codes.
    """
    kept = monitor.expected_codes
    if kept is None or kept == code_range_of(monitor.type).default:
        return None
    try:
        check_expected_codes(kept, new_type)
    except InvalidInput:
        codes = code_range_of(new_type)
        raise InvalidInput(
            field="expected_codes",
            reason=f"the monitor's {kept} does not suit {new_type} health checks (codes "
            f"{codes.low}-{codes.high}); send expected_codes along with type.",
        ) from None
    return kept


def delete_health_monitor(session: Session, *, project_id: str, healthmonitor_id: str) -> None:
    """Remove the monitor; its pool is left without one (members report NO_MONITOR)."""
    monitor = show_health_monitor(session, project_id=project_id, healthmonitor_id=healthmonitor_id)
    master_slave_rules.check_monitor_changeable(session, monitor.pool_id)
    session.delete(monitor)
    _reread_pool_monitor(session, monitor.pool_id)


def _reread_pool_monitor(session: Session, pool_id: str) -> None:
    """A pool's healthmonitor_id is read from the monitors when the pool is loaded: after one
    is added or removed, a pool this session already holds reads it again."""
    session.flush()
    pool = session.identity_map.get(identity_key(Pool, pool_id))
    if pool is not None:
        session.expire(pool, ["healthmonitor_id"])


def _check_request_fields(url_path: str | None, domain_name: str | None) -> None:
    # Checked whatever the type: the cloud stores them for every type (OTC's list example
    # shows a UDP_CONNECT monitor with url_path and domain_name), it only ignores them
    if url_path is not None:
        check_url_path(url_path)
    if domain_name is not None:
        check_domain_name(domain_name)


def _fill_defaults(values: dict[str, Any], *, codes_sent: bool) -> dict[str, Any]:
    """Fill the documented defaults and check expected_codes.

    CreateHealthMonitorOption documents the defaults without regard to type (url_path "/",
    http_method GET, expected_codes 0 for GRPC and 200 for the rest); for types that do not
    use them they are shown and ignored, as a value set by hand would be. (OTC's older list
    example shows nulls on a UDP_CONNECT monitor; the SDK's text is the newer source.)
    """
    monitor_type: str = values["type"]
    result = dict(values)
    if result["url_path"] is None:
        result["url_path"] = "/"
    if result["expected_codes"] is None:
        result["expected_codes"] = code_range_of(monitor_type).default
    if result["http_method"] is None:
        result["http_method"] = "GET"
    if codes_sent and result["expected_codes"] is not None:
        check_expected_codes(result["expected_codes"], monitor_type)
    return result


def _check_against_pool(pool: Pool, values: dict[str, Any]) -> None:
    monitor_type = values["type"]
    allowed = POOL_MONITOR_TYPES.get(pool.protocol, frozenset())
    if monitor_type not in allowed:
        raise InvalidInput(
            field="type",
            reason=f"a {pool.protocol} pool is checked only by "
            f"{', '.join(sorted(allowed))} health monitors.",
        )
    if values["monitor_port"] is None:
        if pool.any_port_enable:
            raise InvalidInput(
                field="monitor_port",
                reason=f"it is required: pool {pool.id} has any_port_enable.",
            )
        if pool.protocol == "IP":
            raise InvalidInput(field="monitor_port", reason="it is required for IP pools.")


def _check_pool_is_free(session: Session, pool: Pool) -> None:
    # asked of the table, not of pool.healthmonitor_id: that is read when the pool is loaded
    existing = session.scalar(select(HealthMonitor.id).where(HealthMonitor.pool_id == pool.id))
    if existing:
        raise Conflict(
            message=f"Pool {pool.id} already has health monitor {existing}; a pool has at most one."
        )
