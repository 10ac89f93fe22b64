"""Copies: clone_loadbalancer (a load balancer with everything on it) and clone_listener
(a listener, with its pools, onto a load balancer of the same VPC).

What a copy holds, as the reference describes it and where it is silent (the choices):
- a listener copy keeps every setting of its source but its id, load balancer, name
  (default: the source's name + "-copy"), port, enterprise project (its load balancer's)
  and times; its quic_config is null ("若配置quic_config，复制后为null") unless the whole
  load balancer is copied, when it names the copy of its QUIC listener;
- the pools it forwards to (its default pool and those of its forwarding policies) are
  copied with their members and health monitors, or reused (reuse_pool) where a pool can
  serve the new listener: on the same load balancer. A pool belongs to one load balancer in
  mockelb, so pools cannot be shared with another one ("多挂实例" is not emulated);
- its forwarding policies are copied with their rules, except those redirecting to a
  listener ("七层转发策略配置为重定向到监听器，该转发策略不会进行复制"); a load balancer copy
  keeps those too, pointing at the copy of their target listener;
- a load balancer copy is a new load balancer made by create_load_balancer from the
  source's settings (target_loadbalancer_param overriding them: name default source name +
  "-copy-<n>", new VIPs in the same subnets unless others are given), with copies of every
  pool, listener, policy and rule on the source. Its access-log configuration (logtank) is
  not copied: it writes into a log stream of the source's owner's choosing;
- members copy their address, port, weight and subnet; the health a test forced on a
  member (/_mockelb) is not copied.
The cloud copies in the background and answers with the new ids and a job id; mockelb
copies before it answers (all or nothing) and records the job finished (services/jobs.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import DeclarativeBase, Session

from mockelb.errors import InvalidInput, QuotaExceeded
from mockelb.ids import new_id, utc_now
from mockelb.models import (
    HealthMonitor,
    L7Policy,
    L7PolicyPool,
    L7Rule,
    Listener,
    LoadBalancer,
    Member,
    Pool,
)
from mockelb.schemas.clones import (
    CloneListenerOption,
    CloneListenerRequestBody,
    CloneLoadbalancerRequestBody,
    TargetLoadbalancerParam,
)
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.services import jobs, quotas
from mockelb.services import listener_rules as rules
from mockelb.services import loadbalancer_flavors as lb_flavors
from mockelb.services.listeners import _check_port_free, show_listener
from mockelb.services.loadbalancers import create_load_balancer, show_load_balancer

RowT = TypeVar("RowT", bound=DeclarativeBase)

# the limits on a listener to copy (CloneListener: at most 1000 backend servers and 100
# forwarding policies)
MAX_COPIED_MEMBERS = 1000
MAX_COPIED_POLICIES = 100
REDIRECT_TO_LISTENER = "REDIRECT_TO_LISTENER"
_NAME_LENGTH = 255


@dataclass(frozen=True)
class ClonedLoadBalancers:
    """The copies of a load balancer, in order, and the id of the job that made them."""

    loadbalancers: list[LoadBalancer]
    job_id: str


@dataclass(frozen=True)
class ClonedListeners:
    """The copies of a listener, in the order asked, and the id of their job."""

    listeners: list[Listener]
    job_id: str


# --- clone_loadbalancer -------------------------------------------------------------------


def clone_loadbalancer(
    session: Session, *, project_id: str, loadbalancer_id: str, body: CloneLoadbalancerRequestBody
) -> ClonedLoadBalancers:
    """Make `count` copies of the load balancer, each with copies of everything on it."""
    source = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    count = body.count or 1
    target = body.target_loadbalancer_param
    _check_load_balancer_target(target, count)
    copies: list[tuple[LoadBalancer, list[Listener]]] = []
    with _quota_guard(session, project_id):
        for index in range(1, count + 1):
            copies.append(_copy_load_balancer(session, project_id, source, target, index))
    job_id = jobs.record_job(
        session,
        project_id=project_id,
        job_type=jobs.CLONE_LOADBALANCER,
        resource_id=source.id,
        sub_jobs=[
            jobs.SubJobSpec(
                lb.id,
                (
                    jobs.JobEntity(lb.id, jobs.LOADBALANCER),
                    *(jobs.JobEntity(listener.id, jobs.LISTENER) for listener in listeners),
                ),
            )
            for lb, listeners in copies
        ],
    )
    return ClonedLoadBalancers(loadbalancers=[lb for lb, _ in copies], job_id=job_id)


def _check_load_balancer_target(target: TargetLoadbalancerParam, count: int) -> None:
    if target.guaranteed is False:
        # "false: copy as a shared instance; the source must then be shared": mockelb's
        # load balancers are all dedicated
        raise InvalidInput(
            field="target_loadbalancer_param.guaranteed",
            reason="the source is a dedicated load balancer: its copies are dedicated too.",
        )
    if target.reuse_pool:
        raise InvalidInput(
            field="target_loadbalancer_param.reuse_pool",
            reason="a pool serves one load balancer in mockelb (multi-instance mounting of "
            "pools is not emulated); leave it false to copy the pools.",
        )
    if count > 1:
        for name in ("vip_address", "ipv6_vip_address"):
            if getattr(target, name) is not None:
                raise InvalidInput(
                    field=f"target_loadbalancer_param.{name}",
                    reason="one address cannot serve several copies: leave it out when "
                    "count is greater than 1.",
                )


def _copy_load_balancer(
    session: Session,
    project_id: str,
    source: LoadBalancer,
    target: TargetLoadbalancerParam,
    index: int,
) -> tuple[LoadBalancer, list[Listener]]:
    """The index-th copy (1-based) of the load balancer, and the copies of its listeners."""
    gateway = (
        lb_flavors.Gateway(gw_flavor_id=source.gw_flavor_id)
        if source.loadbalancer_type == lb_flavors.GATEWAY
        else None
    )
    lb = create_load_balancer(
        session,
        project_id=project_id,
        option=_copy_option(source, target, index),
        gateway=gateway,
    )
    session.flush()
    copier = _Copier(session, lb=lb, reuse_pools=False)
    pools = session.scalars(
        select(Pool).where(Pool.loadbalancer_id == source.id).order_by(Pool.created_at, Pool.id)
    )
    for pool in pools:
        copier.pool_id(pool.id)
    listeners = list(
        session.scalars(
            select(Listener)
            .where(Listener.loadbalancer_id == source.id)
            .order_by(Listener.created_at, Listener.id)
        )
    )
    copied = [
        copier.listener(
            listener,
            name=listener.name,
            protocol_port=listener.protocol_port,
            port_ranges=copy.deepcopy(listener.port_ranges),
        )
        for listener in listeners
    ]
    renamed = {old.id: new.id for old, new in zip(listeners, copied, strict=True)}
    for old, new in zip(listeners, copied, strict=True):
        if old.quic_config:
            quic_listener_id = str(old.quic_config.get("quic_listener_id"))
            new.quic_config = {
                **old.quic_config,
                "quic_listener_id": renamed.get(quic_listener_id, quic_listener_id),
            }
        copier.policies(old, new, redirect_listeners=renamed)
    session.flush()
    return lb, copied


def _copy_option(
    source: LoadBalancer, target: TargetLoadbalancerParam, index: int
) -> CreateLoadBalancerOption:
    """The create option of a copy: the source's settings, the target's where it gives them."""
    sent = target.model_dump(exclude_none=True)
    name = target.name or f"{source.name}-copy-{index}"[:_NAME_LENGTH]
    fields: dict[str, Any] = {
        "name": name,
        "description": source.description,
        "vpc_id": source.vpc_id,
        "availability_zone_list": list(source.availability_zone_list),
        "vip_subnet_cidr_id": source.vip_subnet_cidr_id,
        "ipv6_vip_virsubnet_id": source.ipv6_vip_virsubnet_id,
        "elb_virsubnet_ids": list(source.elb_virsubnet_ids) or None,
        "l4_flavor_id": source.l4_flavor_id,
        "l7_flavor_id": source.l7_flavor_id,
        "enterprise_project_id": source.enterprise_project_id,
        "ip_target_enable": source.ip_target_enable,
        "admin_state_up": source.admin_state_up,
        "deletion_protection_enable": source.deletion_protection_enable,
        "waf_failure_action": source.waf_failure_action,
        "protection_status": source.protection_status,
        "protection_reason": source.protection_reason or None,
        "tags": [dict(tag) for tag in source.tags] or None,
    }
    for key in ("reuse_pool", "guaranteed", "name"):
        sent.pop(key, None)
    fields.update(sent)
    return CreateLoadBalancerOption.model_validate(
        {key: value for key, value in fields.items() if value is not None}
    )


# --- clone_listener -----------------------------------------------------------------------


def clone_listener(
    session: Session, *, project_id: str, listener_id: str, body: CloneListenerRequestBody
) -> ClonedListeners:
    """Copy the listener once per target (in order, each seeing those before it), with the
    pools it forwards to and its forwarding policies."""
    source = show_listener(session, project_id=project_id, listener_id=listener_id)
    source_lb = session.get_one(LoadBalancer, source.loadbalancer_id)
    _check_copyable(session, source, source_lb)
    copies = []
    with _quota_guard(session, project_id):
        for index, option in enumerate(body.target_listener_params):
            field = f"target_listener_params[{index}]"
            copies.append(_copy_listener(session, project_id, source, source_lb, option, field))
    job_id = jobs.record_job(
        session,
        project_id=project_id,
        job_type=jobs.CLONE_LISTENER,
        resource_id=source.id,
        sub_jobs=[
            jobs.SubJobSpec(
                listener.id,
                (
                    jobs.JobEntity(listener.id, jobs.LISTENER),
                    jobs.JobEntity(listener.loadbalancer_id, jobs.LOADBALANCER),
                ),
            )
            for listener in copies
        ],
    )
    return ClonedListeners(listeners=copies, job_id=job_id)


def _check_copyable(session: Session, source: Listener, lb: LoadBalancer) -> None:
    """The reference's limits on the listener to copy."""
    if lb.loadbalancer_type == lb_flavors.GATEWAY:
        raise InvalidInput(
            field="listener_id", reason="listeners of gateway load balancers cannot be copied."
        )
    policies = session.scalar(
        select(func.count()).select_from(L7Policy).where(L7Policy.listener_id == source.id)
    )
    if (policies or 0) > MAX_COPIED_POLICIES:
        raise InvalidInput(
            field="listener_id",
            reason=f"a listener with more than {MAX_COPIED_POLICIES} forwarding policies "
            "cannot be copied.",
        )
    pool_ids = _pools_of_listener(session, source)
    members = session.scalar(
        select(func.count()).select_from(Member).where(Member.pool_id.in_(pool_ids))
    )
    if (members or 0) > MAX_COPIED_MEMBERS:
        raise InvalidInput(
            field="listener_id",
            reason=f"a listener with more than {MAX_COPIED_MEMBERS} backend servers cannot "
            "be copied.",
        )


def _copy_listener(
    session: Session,
    project_id: str,
    source: Listener,
    source_lb: LoadBalancer,
    option: CloneListenerOption,
    field: str,
) -> Listener:
    """One copy of the listener, checked against its target load balancer first."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=option.loadbalancer_id)
    _check_target_load_balancer(source, source_lb, lb, option, field)
    port, ranges = _copy_ports(source, option)
    _check_port_free(session, lb.id, source.protocol, port, ranges, exclude=None)
    copier = _Copier(session, lb=lb, reuse_pools=bool(option.reuse_pool))
    name = option.name or f"{source.name}-copy"[:_NAME_LENGTH]
    listener = copier.listener(source, name=name, protocol_port=port, port_ranges=ranges)
    copier.policies(source, listener, redirect_listeners=None)
    session.flush()
    return listener


def _check_target_load_balancer(
    source: Listener,
    source_lb: LoadBalancer,
    lb: LoadBalancer,
    option: CloneListenerOption,
    field: str,
) -> None:
    """The target takes a copy of this listener (CloneListenerOption.loadbalancer_id)."""
    if option.subnet_mapping_list is not None:
        # only for a copy into another VPC, which is refused below: "不支持该字段，请勿使用"
        raise InvalidInput(
            field=f"{field}.subnet_mapping_list",
            reason="it is not supported: listeners are copied within their VPC only.",
        )
    if lb.loadbalancer_type == lb_flavors.GATEWAY:
        raise InvalidInput(
            field=f"{field}.loadbalancer_id",
            reason="listeners cannot be copied to gateway load balancers.",
        )
    if lb.vpc_id != source_lb.vpc_id:
        raise InvalidInput(
            field=f"{field}.loadbalancer_id",
            reason="the load balancer is in another VPC than the listener's.",
        )
    if source_lb.ip_target_enable and not lb.ip_target_enable:
        raise InvalidInput(
            field=f"{field}.loadbalancer_id",
            reason="the listener's load balancer has IP as a backend (ip_target_enable): the "
            "target load balancer needs it too.",
        )
    lb_flavors.check_listener_protocol(lb, source.protocol)
    if option.reuse_pool and lb.id != source_lb.id:
        raise InvalidInput(
            field=f"{field}.reuse_pool",
            reason="a pool serves one load balancer in mockelb (multi-instance mounting of "
            "pools is not emulated): reuse pools only on the listener's own load balancer.",
        )


def _copy_ports(source: Listener, option: CloneListenerOption) -> tuple[int, Any]:
    """The copy's port and ranges: those asked, checked as create checks them, else the
    source's (the reference gives no default; keeping them fits a copy to another load
    balancer, and a copy on the same one is refused as a port conflict)."""
    if option.protocol_port is None and option.port_ranges is None:
        return source.protocol_port, copy.deepcopy(source.port_ranges)
    return rules.resolve_ports(source.protocol, option.protocol_port, option.port_ranges)


# --- copying rows -------------------------------------------------------------------------


def _copy_row(row: RowT, **changes: Any) -> RowT:
    """A new row of the same table with the row's column values (JSON copied), changed."""
    table = row.__table__
    values = {column.key: copy.deepcopy(getattr(row, column.key)) for column in table.columns}
    values.update(changes)
    return type(row)(**values)


@dataclass
class _Copier:
    """Copies resources onto one load balancer, each pool once (reuse_pools: never)."""

    session: Session
    lb: LoadBalancer
    reuse_pools: bool
    now: str = field(default_factory=utc_now)
    pools: dict[str, str] = field(default_factory=dict)

    def _stamped(self, row: RowT, **changes: Any) -> RowT:
        """A copy with a new id and the copy's times, in the load balancer's enterprise
        project where the table has one."""
        if "enterprise_project_id" in row.__table__.columns:
            changes.setdefault("enterprise_project_id", self.lb.enterprise_project_id)
        new = _copy_row(row, id=new_id(), created_at=self.now, updated_at=self.now, **changes)
        self.session.add(new)
        return new

    def pool_id(self, pool_id: str) -> str:
        """The id the copies use for this pool: its copy (made on first use), or itself."""
        if self.reuse_pools:
            return pool_id
        if pool_id not in self.pools:
            pool = self.session.get(Pool, pool_id)
            if pool is None:
                return pool_id
            self.pools[pool_id] = self._copy_pool(pool).id
        return self.pools[pool_id]

    def _copy_pool(self, pool: Pool) -> Pool:
        new = self._stamped(pool, loadbalancer_id=self.lb.id)
        self.session.flush()
        members = self.session.scalars(
            select(Member).where(Member.pool_id == pool.id).order_by(Member.id)
        )
        for member in members:
            self._stamped(member, pool_id=new.id)
        monitor = self.session.scalar(select(HealthMonitor).where(HealthMonitor.pool_id == pool.id))
        if monitor is not None:
            self._stamped(monitor, pool_id=new.id)
        self.session.flush()
        return new

    def listener(
        self, source: Listener, *, name: str, protocol_port: int, port_ranges: Any
    ) -> Listener:
        """A copy of the listener on the load balancer, forwarding to its pool's copy."""
        default_pool_id = (
            self.pool_id(source.default_pool_id) if source.default_pool_id is not None else None
        )
        new = self._stamped(
            source,
            loadbalancer_id=self.lb.id,
            name=name,
            protocol_port=protocol_port,
            port_ranges=port_ranges,
            default_pool_id=default_pool_id,
            quic_config=None,
        )
        self.session.flush()
        return new

    def policies(
        self, source: Listener, new: Listener, *, redirect_listeners: Mapping[str, str] | None
    ) -> None:
        """Copies of the listener's forwarding policies and their rules on its copy; those
        redirecting to a listener only when `redirect_listeners` says where to."""
        policies = self.session.scalars(
            select(L7Policy)
            .where(L7Policy.listener_id == source.id)
            .order_by(L7Policy.created_at, L7Policy.id)
        ).all()
        for policy in policies:
            if policy.action == REDIRECT_TO_LISTENER and redirect_listeners is None:
                continue
            self._copy_policy(policy, new, redirect_listeners or {})

    def _copy_policy(
        self, policy: L7Policy, listener: Listener, redirect_listeners: Mapping[str, str]
    ) -> None:
        target = policy.redirect_listener_id
        new = self._stamped(
            policy,
            listener_id=listener.id,
            redirect_pool_id=(
                self.pool_id(policy.redirect_pool_id) if policy.redirect_pool_id else None
            ),
            redirect_pools_config=self._pools_config(policy.redirect_pools_config),
            redirect_pools_extend_config=self._extend_config(policy.redirect_pools_extend_config),
            redirect_listener_id=redirect_listeners.get(target, target) if target else None,
        )
        self.session.flush()
        links = self.session.scalars(
            select(L7PolicyPool.pool_id).where(L7PolicyPool.l7policy_id == policy.id)
        ).all()
        for pool_id in links:
            self.session.add(
                L7PolicyPool(
                    l7policy_id=new.id, pool_id=self.pool_id(pool_id), project_id=new.project_id
                )
            )
        rules_of_policy = self.session.scalars(
            select(L7Rule).where(L7Rule.l7policy_id == policy.id).order_by(L7Rule.id)
        )
        for rule in rules_of_policy:
            self._stamped(rule, l7policy_id=new.id)
        self.session.flush()

    def _pools_config(self, config: list[Any] | None) -> list[Any] | None:
        if config is None:
            return None
        return [{**entry, "pool_id": self.pool_id(entry["pool_id"])} for entry in config]

    def _extend_config(self, config: dict[str, Any] | None) -> dict[str, Any] | None:
        """The extend config with its traffic mirror's target pools copied too."""
        if config is None:
            return None
        kept = copy.deepcopy(config)
        mirror = kept.get("traffic_mirror_config")
        if isinstance(mirror, dict) and isinstance(mirror.get("target_ids"), list):
            mirror["target_ids"] = [self.pool_id(pool_id) for pool_id in mirror["target_ids"]]
        return kept


def _pools_of_listener(session: Session, listener: Listener) -> list[str]:
    """The pools the listener forwards to: its default pool and its policies' pools."""
    pool_ids = set(
        session.scalars(
            select(L7PolicyPool.pool_id)
            .join(L7Policy, L7Policy.id == L7PolicyPool.l7policy_id)
            .where(L7Policy.listener_id == listener.id)
        )
    )
    if listener.default_pool_id:
        pool_ids.add(listener.default_pool_id)
    return sorted(pool_ids)


# --- quotas -------------------------------------------------------------------------------


@contextmanager
def _quota_guard(session: Session, project_id: str) -> Iterator[None]:
    """Refuse (QuotaExceeded, and the transaction is rolled back) a copy that takes any of
    the project's quotas above its limit; one that was already above it before the copy
    may stay there as long as the copy adds nothing to it."""
    before = {key: quotas.usage_of(session, project_id=project_id, key=key) for key in _KEYS}
    yield
    session.flush()
    for key in _KEYS:
        limit = quotas.limit_of(session, project_id=project_id, key=key)
        if limit < 0:
            continue
        used = quotas.usage_of(session, project_id=project_id, key=key)
        if used > limit and used > before[key]:
            raise QuotaExceeded(resources=key)


# the quotas a copy can use up: every one mockelb counts
_KEYS = tuple(quotas.DEFAULT_QUOTAS)
