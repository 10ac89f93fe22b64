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
    Certificate,
    CertificateSetting,
    Credential,
    EcsInstance,
    EcsNic,
    FeatureConfig,
    Flavor,
    ForcedMemberHealth,
    HealthMonitor,
    IpGroup,
    Job,
    L7Policy,
    L7PolicyPool,
    L7Rule,
    Listener,
    LoadBalancer,
    LoadBalancerDns,
    LoadBalancerDnsIp,
    Logtank,
    Member,
    MemberCheckJob,
    Pool,
    Quota,
    RecycleBin,
    RecycledLoadBalancer,
    SecurityPolicy,
    Subnet,
    Token,
    Vpc,
)
from mockelb.schemas.certificates import CreateCertificateOption
from mockelb.schemas.domain_ips import UserDefinedDnsConfigRequestBody
from mockelb.schemas.healthmonitors import CreateHealthMonitorOption
from mockelb.schemas.ipgroups import CreateIpGroupOption
from mockelb.schemas.listeners import CreateListenerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.schemas.master_slave_pools import (
    CreateMasterSlaveHealthMonitorOption,
    CreateMasterSlaveMemberOption,
    CreateMasterSlavePoolOption,
)
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.schemas.pools import CreatePoolOption
from mockelb.schemas.security_policies import CreateSecurityPolicyOption
from mockelb.seed import SeedDocument, SeedError, load_document
from mockelb.services import listener_rules as rules
from mockelb.services.pool_users import pool_listener_pairs
from mockelb.services.security_policies import ciphers_of, protocols_of

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


# -- TLS security policies (before the listeners that name them) ----------------------------


def _security_policies(session: Session, project_id: str | None) -> list[Item]:
    return [
        {
            **_changed(
                policy,
                CreateSecurityPolicyOption,
                always=("id", "project_id"),
                skip=("protocols", "ciphers"),  # kept as one string each, declared as lists
            ),
            "protocols": protocols_of(policy),
            "ciphers": ciphers_of(policy),
            **_times(policy),
        }
        for policy in _rows(session, SecurityPolicy, project_id)
    ]


# -- certificates (before the listeners that name them) -------------------------------------


def _certificates(session: Session, project_id: str | None) -> list[Item]:
    """The PEM as stored: what the API shows of it (expiry, subject, fingerprint) is read
    from it again when it is loaded."""
    return [
        {
            **_changed(certificate, CreateCertificateOption, always=("id", "project_id")),
            **_times(certificate),
        }
        for certificate in _rows(session, Certificate, project_id)
    ]


def _certificate_settings(session: Session, project_id: str | None) -> list[Item]:
    return [
        _fields(setting, ("project_id", "private_key_echo"))
        for setting in _rows(session, CertificateSetting, project_id)
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
                for name in ("vip_port_id", "ipv6_vip_port_id", "loadbalancer_type", "gw_flavor_id")
                if getattr(lb, name)
            }
        )
        if lb.provisioning_status != "ACTIVE":
            item["provisioning_status"] = lb.provisioning_status
        if lb.operating_status != "ONLINE":
            item["operating_status"] = lb.operating_status
        items.append({**item, **_times(lb)})
    return items


def _ipgroups(session: Session, project_id: str | None) -> list[Item]:
    return [
        {
            **_changed(group, CreateIpGroupOption, always=("id", "project_id", "ip_list")),
            **_times(group),
        }
        for group in _rows(session, IpGroup, project_id)
    ]


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
        if pool.master_slave:
            continue  # with its members and monitor, in master_slave_pools
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
        if member.role is None  # an active/standby pool's are in master_slave_pools
    ]


def _healthmonitors(session: Session, project_id: str | None) -> list[Item]:
    master_slave = _master_slave_pool_ids(session)  # theirs are in master_slave_pools
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
        if monitor.pool_id not in master_slave
    ]


def _master_slave_pool_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Pool.id).where(Pool.master_slave.is_(True))))


def _master_slave_pools(session: Session, project_id: str | None) -> list[Item]:
    """Each active/standby pool as create_master_slave_pool's body, with ids: its members
    and its monitor inline (nothing changes them after the create)."""
    items = []
    for pool in _rows(session, Pool, project_id):
        if not pool.master_slave:
            continue
        item = _changed(
            pool,
            CreateMasterSlavePoolOption,
            always=("id", "project_id", "protocol", "lb_algorithm"),
            # a VPC without type instance was taken from the members: they give it again
            skip=() if pool.type == "instance" else ("vpc_id",),
        )
        if pool.loadbalancer_id is None and not pool.type:
            item["loadbalancer_id"] = None  # on none: what a cascade delete keeping pools leaves
        members = session.scalars(
            select(Member).where(Member.pool_id == pool.id).order_by(Member.role, Member.id)
        )
        item["members"] = [
            {
                **_changed(
                    member,
                    CreateMasterSlaveMemberOption,
                    always=("id", "address", "role"),
                    skip=("admin_state_up",),  # derived from the server, as on create
                ),
                **_times(member),
            }
            for member in members
        ]
        monitor = session.scalars(
            select(HealthMonitor).where(HealthMonitor.pool_id == pool.id)
        ).one()
        item["healthmonitor"] = {
            **_changed(
                monitor,
                CreateMasterSlaveHealthMonitorOption,
                always=("id", "type", "delay", "timeout", "max_retries"),
            ),
            **_times(monitor),
        }
        items.append({**item, **_times(pool)})
    return items


def _feature_configs(session: Session, project_id: str | None) -> list[Item]:
    """The seeded feature configurations (the built-in ones have no row)."""
    names = (
        *("id", "project_id", "feature", "type", "value", "switch", "description", "caller"),
        *_TIMES,
    )
    return [_fields(config, names) for config in _rows(session, FeatureConfig, project_id)]


def _logtanks(session: Session, project_id: str | None) -> list[Item]:
    names = ("id", "loadbalancer_id", "log_group_id", "log_topic_id", *_TIMES)
    return [_fields(logtank, names) for logtank in _rows(session, Logtank, project_id)]


def _loadbalancer_dns(session: Session, project_id: str | None) -> list[Item]:
    """Each configured load balancer's resolution: the configuration's fields that differ
    from their defaults, and every address row."""
    ips: dict[str, list[Item]] = {}
    for row in _rows(session, LoadBalancerDnsIp, project_id):
        ips.setdefault(row.loadbalancer_id, []).append(
            _fields(row, ("id", "ip_address", "enable", *_TIMES))
        )
    return [
        {
            "loadbalancer_id": dns.loadbalancer_id,
            **_changed(dns, UserDefinedDnsConfigRequestBody),
            "ips": ips.get(dns.loadbalancer_id, []),
            **_times(dns),
        }
        for dns in _rows(session, LoadBalancerDns, project_id)
    ]


def _member_health(session: Session, project_id: str | None) -> list[Item]:
    # health forced for one listener is kept only while that listener uses the member's
    # pool: a row left over from a listener that no longer does (its default pool or
    # policy changed) applies to nothing, and is not exported
    pairs = pool_listener_pairs().subquery()
    forced = select(ForcedMemberHealth.member_id)
    members: dict[str, str] = {
        member_id: pool_id
        for member_id, pool_id in session.execute(
            select(Member.id, Member.pool_id).where(Member.id.in_(forced))
        )
    }
    used = {
        (str(pool_id), str(listener_id))
        for pool_id, listener_id in session.execute(select(pairs.c.pool_id, pairs.c.listener_id))
    }
    rows = [
        row
        for row in _rows(session, ForcedMemberHealth, project_id)
        if row.listener_id == ALL_LISTENERS or (members.get(row.member_id), row.listener_id) in used
    ]
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


def _jobs(session: Session, project_id: str | None) -> list[Item]:
    """The asynchronous tasks as show_job answers them (MainJob), with their project: a job
    is a record of work done, loaded back as it is."""
    names = ("project_id", "job_type", "status", "resource_id", "error_code", "error_msg")
    return [
        {
            "job_id": job.id,
            **_fields(job, names),
            "begin_time": job.begin_time,
            "end_time": job.end_time,
            "sub_jobs": job.sub_jobs,
        }
        for job in _rows(session, Job, project_id)
    ]


def _l7policies(session: Session, project_id: str | None) -> list[Item]:
    """The policies in the order they were created (which one of two alike is ERROR)."""
    rows = sorted(_rows(session, L7Policy, project_id), key=lambda row: (row.created_at, row.id))
    enhanced = set(
        session.scalars(select(Listener.id).where(Listener.enhance_l7policy_enable.is_(True)))
    )
    items = []
    for policy in rows:
        item: Item = _fields(
            policy, ("id", "listener_id", "action", "position", "provisioning_status")
        )
        item.update(
            {
                name: value
                for name in ("name", "description", "redirect_listener_id", "redirect_url")
                if (value := getattr(policy, name))
            }
        )
        if policy.listener_id in enhanced and policy.action != "REDIRECT_TO_LISTENER":
            # without advanced forwarding the priority is not the client's to give (and a
            # listener that turned it on later keeps the 1s its policies had)
            item["priority"] = policy.priority
        if policy.redirect_pools_config:
            item["redirect_pools_config"] = policy.redirect_pools_config
        elif policy.redirect_pool_id:
            item["redirect_pool_id"] = policy.redirect_pool_id
        for name in (
            "redirect_url_config",
            "redirect_pools_sticky_session_config",
            "redirect_pools_extend_config",
            "fixed_response_config",
        ):
            if (config := getattr(policy, name)) is not None:
                item[name] = {key: value for key, value in config.items() if value is not None}
        items.append({**item, **_times(policy)})
    return items


def _l7rules(session: Session, project_id: str | None) -> list[Item]:
    items = []
    for rule in _rows(session, L7Rule, project_id):
        item: Item = _fields(rule, ("id", "l7policy_id", "type", "compare_type", "value"))
        if rule.key is not None:
            item["key"] = rule.key
        if rule.conditions:
            item["conditions"] = rule.conditions
        items.append({**item, **_times(rule)})
    return items


def _recycle_bins(session: Session, project_id: str | None) -> list[Item]:
    """The bins as show_recycle_bin answers them, with their project."""
    return [
        {
            "project_id": row.project_id,
            "enable": row.enable,
            "policy": _fields(row, ("recycle_threshold_hour", "retention_hour")),
        }
        for row in _rows(session, RecycleBin, project_id)
    ]


def _recycled_loadbalancers(session: Session, project_id: str | None) -> list[Item]:
    names = ("loadbalancer_id", "auto_terminate_time", "delete_pools")
    return [_fields(row, names) for row in _rows(session, RecycledLoadBalancer, project_id)]


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
    "certificates": _certificates,
    "certificate_settings": _certificate_settings,
    "security_policies": _security_policies,
    "loadbalancers": _loadbalancers,
    "ipgroups": _ipgroups,
    "listeners": _listeners,
    "pools": _pools,
    "members": _members,
    "healthmonitors": _healthmonitors,
    "master_slave_pools": _master_slave_pools,
    "l7policies": _l7policies,
    "l7rules": _l7rules,
    "logtanks": _logtanks,
    "loadbalancer_dns": _loadbalancer_dns,
    "member_health": _member_health,
    "member_check_jobs": _member_check_jobs,
    "jobs": _jobs,
    "recycle_bins": _recycle_bins,
    "recycled_loadbalancers": _recycled_loadbalancers,
    "feature_configs": _feature_configs,
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
        Certificate,
        CertificateSetting,
        SecurityPolicy,
        FeatureConfig,
        LoadBalancer,
        IpGroup,
        Listener,
        Pool,
        Member,
        HealthMonitor,
        L7Policy,
        L7PolicyPool,
        L7Rule,
        Logtank,
        LoadBalancerDns,
        LoadBalancerDnsIp,
        ForcedMemberHealth,
        MemberCheckJob,
        Job,
        RecycleBin,
        RecycledLoadBalancer,
    )
)
