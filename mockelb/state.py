"""The state as a seed document (GET /_mockelb/state), and a seed document loaded on top of
it (POST /_mockelb/state).

The document holds every row of every resource table, ids included, in the seed file's
shape (docs/SEED.md): loading it into an empty server reproduces the state exactly. Each ELB
resource lists its create operation's fields where they differ from what that operation
stores when the field is left out, so the document reads like a hand-written seed file and
passes the API's rules again; the fields the operation sets itself (times, statuses, VIP
port ids) are given outright.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from mockelb.db import Database
from mockelb.domain.listeners import DEFAULT_SNI_MATCH_ALGO
from mockelb.domain.member_health import ALL_LISTENERS
from mockelb.errors import ElbError, InvalidRequest
from mockelb.models import (
    AvailabilityZone,
    Base,
    Credential,
    EcsInstance,
    EcsNic,
    Flavor,
    ForcedMemberHealth,
    HealthMonitor,
    Listener,
    LoadBalancer,
    Member,
    MemberCheckJob,
    Pool,
    Quota,
    Subnet,
    Token,
    Vpc,
)
from mockelb.schemas.healthmonitors import CreateHealthMonitorOption
from mockelb.schemas.listeners import CreateListenerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.schemas.pools import CreatePoolOption
from mockelb.seed import SeedDocument, SeedError, load_document
from mockelb.services import listener_rules as rules

ModelT = TypeVar("ModelT", bound=Base)
Item = dict[str, Any]
Document = dict[str, list[Item]]
_TIMES = ("created_at", "updated_at")
_CHECK_JOB_FIELDS = ("check_item_total_num", "check_item_finished_num", "result")


def export_state(session: Session, *, project_id: str | None = None) -> Document:
    """Every resource as a seed document; with `project_id`, that project's alone (its
    quotas, credentials, tokens and flavors too; not the region's AZs and public flavors)."""
    return {key: export(session, project_id) for key, export in EXPORTS.items()}


def import_state(database: Database, document: SeedDocument) -> None:
    """Load the document on top of the current state, all or nothing, while no other write
    runs; a rule it breaks is InvalidRequest (400 ELB.8902) naming it."""
    try:
        with database.exclusive() as session:
            load_document(session, document)
    except (SeedError, ElbError) as exc:
        problem = exc.message if isinstance(exc, ElbError) else str(exc)
        raise InvalidRequest(message=f"The seed document was not loaded: {problem}") from None


def counts(document: SeedDocument) -> dict[str, int]:
    """How many items of each kind the document declares (the kinds it declares)."""
    return {
        key: len(items)
        for key, items in document
        if isinstance(items, list) and items and key in EXPORTS
    }


# -- rows ------------------------------------------------------------------------------------


def _rows(session: Session, model: type[ModelT], project_id: str | None) -> Sequence[ModelT]:
    query = select(model)
    if project_id is not None:
        query = query.where(model.project_id == project_id)  # type: ignore[attr-defined]
    return session.scalars(query.order_by(*inspect(model).primary_key)).all()


def _fields(row: Base, names: Sequence[str]) -> Item:
    return {name: getattr(row, name) for name in names}


def _changed(
    row: Base,
    option: type[BaseModel],
    *,
    always: Sequence[str] = (),
    defaults: Mapping[str, Any] | None = None,
    skip: Sequence[str] = (),
) -> Item:
    """The create option's fields `always`, and the others whose stored value differs from
    what create stores without them: `defaults`, else the column's default."""
    columns = row.__table__.columns
    item = {name: getattr(row, name) for name in always}
    for name in option.model_fields:
        if name in item or name in skip or name not in columns:
            continue
        value = getattr(row, name)
        default = (defaults or {}).get(name, _column_default(row, name))
        if value is not None and value != default:
            item[name] = value
    return item


def _column_default(row: Base, name: str) -> Any:
    default = row.__table__.columns[name].default
    if default is None:
        return None
    if default.is_callable:  # default=list / default=dict
        return type(getattr(row, name))()
    return getattr(default, "arg", None)


def _times(row: Base) -> Item:
    return _fields(row, _TIMES)


# -- the region and the projects -------------------------------------------------------------


def _availability_zones(session: Session, project_id: str | None) -> list[Item]:
    if project_id is not None:
        return []  # the region's
    return [
        {
            "code": zone.code,
            "set": zone.az_set,
            **_fields(zone, ("state", "protocol", "public_border_group", "category", "spec_code")),
        }
        for zone in _rows(session, AvailabilityZone, None)
    ]


def _flavors(session: Session, project_id: str | None) -> list[Item]:
    names = [column.name for column in Flavor.__table__.columns]
    return [
        _fields(flavor, names)
        for flavor in _rows(session, Flavor, None)
        if project_id is None or flavor.project_id == project_id
    ]


def _projects(session: Session, project_id: str | None) -> list[Item]:
    return [
        {"id": quota.project_id, "quotas": quota.limits}
        for quota in _rows(session, Quota, project_id)
    ]


def _credentials(session: Session, project_id: str | None) -> list[Item]:
    return [
        _fields(credential, ("access_key", "secret_key", "project_id"))
        for credential in _rows(session, Credential, project_id)
    ]


def _tokens(session: Session, project_id: str | None) -> list[Item]:
    return [_fields(token, ("token", "project_id")) for token in _rows(session, Token, project_id)]


# -- the network -----------------------------------------------------------------------------


def _vpcs(session: Session, project_id: str | None) -> list[Item]:
    names = ("id", "project_id", "name", "description", "cidr", *_TIMES)
    return [_fields(vpc, names) for vpc in _rows(session, Vpc, project_id)]


def _subnets(session: Session, project_id: str | None) -> list[Item]:
    names = (
        *("id", "vpc_id", "name", "description", "cidr", "gateway_ip"),
        *("neutron_subnet_id", "neutron_network_id", "ipv6_enable", "cidr_v6", "gateway_ip_v6"),
        *("neutron_subnet_id_v6", "availability_zone", *_TIMES),
    )
    return [_fields(subnet, names) for subnet in _rows(session, Subnet, project_id)]


def _ecs_instances(session: Session, project_id: str | None) -> list[Item]:
    nic_names = ("subnet_id", "ip_address", "ipv6_address", "port_id")
    return [
        {
            **_fields(ecs, ("id", "project_id", "name", "availability_zone", "status")),
            "nics": [
                _fields(nic, nic_names) for nic in sorted(ecs.nics, key=lambda nic: nic.port_id)
            ],
        }
        for ecs in _rows(session, EcsInstance, project_id)
    ]


# -- the load balancers ----------------------------------------------------------------------


def _loadbalancers(session: Session, project_id: str | None) -> list[Item]:
    items = []
    for lb in _rows(session, LoadBalancer, project_id):
        item = _changed(
            lb,
            CreateLoadBalancerOption,
            always=("id", "project_id", "vpc_id", "availability_zone_list"),
        )
        item.update(
            {
                name: getattr(lb, name)
                for name in ("vip_port_id", "ipv6_vip_port_id")
                if getattr(lb, name)
            }
        )
        if lb.provisioning_status != "ACTIVE":
            item["provisioning_status"] = lb.provisioning_status
        if lb.operating_status != "ONLINE":
            item["operating_status"] = lb.operating_status
        items.append({**item, **_times(lb)})
    return items


def _listeners(session: Session, project_id: str | None) -> list[Item]:
    rows = _rows(session, Listener, project_id)
    # a listener whose quic_config names another comes after it
    ordered = [row for row in rows if not row.quic_config] + [
        row for row in rows if row.quic_config
    ]
    return [
        {
            **_changed(
                listener,
                CreateListenerOption,
                always=("id", "project_id", "loadbalancer_id", "protocol", "protocol_port"),
                defaults=_listener_defaults(listener.protocol),
            ),
            **_times(listener),
        }
        for listener in ordered
    ]


def _listener_defaults(protocol: str) -> Item:
    """What create_listener stores for a field the request leaves out (listeners.py)."""
    request_timeout = (
        rules.REQUEST_TIMEOUT_DEFAULT if protocol in rules.REQUEST_TIMEOUT_PROTOCOLS else None
    )
    nat64, transparent = rules.NEW_LISTENER_CLIENT_IP
    return {
        "http2_enable": protocol == "QUIC",
        "sni_match_algo": DEFAULT_SNI_MATCH_ALGO,
        "tls_ciphers_policy": rules.default_tls_policy(protocol),
        "insert_headers": rules.merge_insert_headers(None, {}),
        "keepalive_timeout": rules.keepalive_range(protocol)[2],
        "client_timeout": request_timeout,
        "member_timeout": request_timeout,
        "nat64_enable": nat64,
        "transparent_client_ip_enable": transparent,
    }


def _pools(session: Session, project_id: str | None) -> list[Item]:
    items = []
    for pool in _rows(session, Pool, project_id):
        item = _changed(
            pool, CreatePoolOption, always=("id", "project_id", "protocol", "lb_algorithm")
        )
        if pool.loadbalancer_id is None and not pool.type:
            item["loadbalancer_id"] = None  # on none: what a cascade delete keeping pools leaves
        items.append({**item, **_times(pool)})
    return items


def _members(session: Session, project_id: str | None) -> list[Item]:
    return [
        {
            **_changed(
                member,
                BatchCreateMembersOption,
                always=("id", "pool_id", "address", "protocol_port"),
                # an instance member's AZ is its subnet's: only IP members are given one
                skip=("availability_zone",) if member.subnet_cidr_id else (),
            ),
            **_times(member),
        }
        for member in _rows(session, Member, project_id)
    ]


def _healthmonitors(session: Session, project_id: str | None) -> list[Item]:
    return [
        {
            **_changed(
                monitor,
                CreateHealthMonitorOption,
                always=("id", "pool_id", "type", "delay", "timeout", "max_retries"),
            ),
            **_times(monitor),
        }
        for monitor in _rows(session, HealthMonitor, project_id)
    ]


def _member_health(session: Session, project_id: str | None) -> list[Item]:
    rows = _rows(session, ForcedMemberHealth, project_id)
    # what is forced on every listener first: forcing it replaces the per-listener values
    ordered = sorted(rows, key=lambda row: (row.member_id, row.listener_id != ALL_LISTENERS))
    items = []
    for row in ordered:
        item: Item = {"member_id": row.member_id, "operating_status": row.operating_status}
        if row.listener_id != ALL_LISTENERS:
            item["listener_id"] = row.listener_id
        if row.reason_code:
            item["reason"] = {
                name: value
                for name in ("reason_code", "expected_response", "healthcheck_response")
                if (value := getattr(row, name)) is not None
            }
        items.append(item)
    return items


def _member_check_jobs(session: Session, project_id: str | None) -> list[Item]:
    """The jobs as show_member_health_check_job answers them (MemberCheckJobInfo), with
    their project: a job is a snapshot, loaded back as it is."""
    names = ("project_id", "member_id", "listener_id", "status", *_CHECK_JOB_FIELDS)
    return [
        {"job_id": job.id, **_fields(job, names), **_times(job)}
        for job in _rows(session, MemberCheckJob, project_id)
    ]


# the seed document's keys, in its order, and the tables each one holds
EXPORTS: dict[str, Callable[[Session, str | None], list[Item]]] = {
    "availability_zones": _availability_zones,
    "flavors": _flavors,
    "projects": _projects,
    "credentials": _credentials,
    "tokens": _tokens,
    "vpcs": _vpcs,
    "subnets": _subnets,
    "ecs_instances": _ecs_instances,
    "loadbalancers": _loadbalancers,
    "listeners": _listeners,
    "pools": _pools,
    "members": _members,
    "healthmonitors": _healthmonitors,
    "member_health": _member_health,
    "member_check_jobs": _member_check_jobs,
}
EXPORTED_TABLES = frozenset(
    model.__tablename__
    for model in (
        AvailabilityZone,
        Flavor,
        Quota,
        Credential,
        Token,
        Vpc,
        Subnet,
        EcsInstance,
        EcsNic,
        LoadBalancer,
        Listener,
        Pool,
        Member,
        HealthMonitor,
        ForcedMemberHealth,
        MemberCheckJob,
    )
)
