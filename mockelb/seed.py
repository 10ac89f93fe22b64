"""Seed files (YAML or JSON) and the demo data: what a server holds when it starts.

Seeds are loaded into a scratch in-memory database through the same services the API
uses, so a seed is checked by the API's own rules; the resulting rows are the snapshot
that start-up writes to a fresh database and that /_mockelb/reset restores. POST
/_mockelb/state loads a document into the live database by the same rules (load_document),
and GET /_mockelb/state writes the state as one (mockelb.state).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import String, func, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mockelb.db import Database, Snapshot
from mockelb.errors import ElbError
from mockelb.ids import seed_id, utc_now
from mockelb.models import (
    AvailabilityZone,
    Base,
    Credential,
    EcsInstance,
    EcsNic,
    Flavor,
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
from mockelb.schemas.listeners import CreateListenerOption, UpdateListenerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.schemas.member_health import ForceMemberHealthRequestBody
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.schemas.pools import CreatePoolOption
from mockelb.services import healthmonitors, listeners, loadbalancers, member_health, members, pools
from mockelb.services.quotas import DEFAULT_QUOTAS
from mockelb.services.vpcs import show_vpc
from mockelb.validation import field_path

DEMO_SEED = "demo.yaml"
# ids per IN (...) of the id checks and state updates (SQLite allows 32766 parameters)
_CHUNK = 500


# the times of a resource as the API shows them (yyyy-MM-ddTHH:mm:ssZ); default: load time
Timestamp = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
# a load balancer's provisioning_status: the SDK model's values and the older docs' ones
ProvisioningStatus = Literal["ACTIVE", "PENDING_CREATE", "PENDING_DELETE", "ERROR"]


class SeedError(Exception):
    """A seed file cannot be read or does not describe a consistent state."""


class _SeedModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedAvailabilityZone(_SeedModel):
    code: str
    set: int = 0
    state: str = "ACTIVE"
    protocol: list[str] = Field(default_factory=lambda: ["L4", "L7"])
    public_border_group: str = "center"
    category: int = 0
    spec_code: str | None = None


class SeedFlavor(_SeedModel):
    id: str
    name: str
    type: Literal[
        "L4",
        "L7",
        "gwlb",
        "L4_elastic",
        "L7_elastic",
        "L4_elastic_max",
        "L7_elastic_max",
        "gwlb_elastic_max",
    ]
    shared: bool = True
    project_id: str | None = None
    flavor_sold_out: bool = False
    public_border_group: str = "center"
    category: int = 0
    info: dict[str, int] = Field(default_factory=dict)


class SeedProject(_SeedModel):
    id: str
    quotas: dict[str, int] = Field(default_factory=dict)


class SeedCredential(_SeedModel):
    access_key: str
    secret_key: str
    project_id: str | None = None


class SeedToken(_SeedModel):
    token: str = Field(min_length=1)
    project_id: str | None = None


class SeedVpc(_SeedModel):
    id: str
    project_id: str | None = None
    name: str = ""
    description: str = ""
    cidr: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedSubnet(_SeedModel):
    id: str
    vpc_id: str
    name: str = ""
    description: str = ""
    cidr: str
    gateway_ip: str | None = None
    neutron_subnet_id: str | None = None
    neutron_network_id: str | None = None
    ipv6_enable: bool = False
    cidr_v6: str = ""
    gateway_ip_v6: str = ""
    neutron_subnet_id_v6: str | None = None
    availability_zone: str = ""
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedNic(_SeedModel):
    subnet_id: str
    ip_address: str
    ipv6_address: str = ""
    port_id: str | None = None


class SeedEcsInstance(_SeedModel):
    id: str
    project_id: str | None = None
    name: str = ""
    availability_zone: str = ""
    status: str = "ACTIVE"
    nics: list[SeedNic] = Field(default_factory=list)


# The ELB resources take the fields of their create operation, which the API's rules check,
# plus fields the create operation sets itself (times, statuses, port ids): a seed may give
# them outright, so that a state exported by GET /_mockelb/state comes back exactly.


class SeedLoadBalancer(CreateLoadBalancerOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    vip_port_id: str | None = None
    ipv6_vip_port_id: str | None = None
    provisioning_status: ProvisioningStatus | None = None
    operating_status: Literal["ONLINE", "FROZEN"] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedListener(CreateListenerOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedPool(CreatePoolOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedHealthMonitor(CreateHealthMonitorOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMember(BatchCreateMembersOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    pool_id: str
    id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMemberHealth(ForceMemberHealthRequestBody):
    """A member's forced health: the body of PUT /_mockelb/members/{member_id}/health."""

    model_config = ConfigDict(extra="forbid", strict=False)
    member_id: str


# a member check job's state, and that of each group of its checks (the SDK's values)
CheckStatus = Literal["processed", "processing", "failed"]
CheckCount = Annotated[int, Field(ge=0, le=2**31 - 1)]


class SeedCheckJobResultItem(_SeedModel):
    """A MemberCheckJobResultItem."""

    name: str
    reason: str
    severity: str
    subject: str
    job_id: str
    reason_template: str
    reason_params: list[str] = Field(default_factory=list)


class SeedCheckJobResultGroup(_SeedModel):
    """A MemberCheckJobResultGroup."""

    check_result: bool
    check_status: CheckStatus = "processed"
    check_items: list[SeedCheckJobResultItem] = Field(default_factory=list)


class SeedCheckJobResult(_SeedModel):
    """A MemberCheckJobResult: a group left out (null) was not checked."""

    config: SeedCheckJobResultGroup | None = None
    acl: SeedCheckJobResultGroup | None = None
    security_group: SeedCheckJobResultGroup | None = None


class SeedMemberCheckJob(_SeedModel):
    """A member check job as show_member_health_check_job answers it (MemberCheckJobInfo),
    plus its project: a snapshot, written as it is (its member and listener may be gone).
    The item counts default to the number of groups in the result."""

    job_id: str
    project_id: str | None = None
    member_id: str
    listener_id: str
    status: CheckStatus = "processed"
    check_item_total_num: CheckCount | None = None
    check_item_finished_num: CheckCount | None = None
    result: SeedCheckJobResult
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


# the fields of each kind that are not its create operation's: written after it is created
_STATE_FIELDS = ("created_at", "updated_at")
_LOAD_BALANCER_STATE_FIELDS = (
    "vip_port_id",
    "ipv6_vip_port_id",
    "provisioning_status",
    "operating_status",
    *_STATE_FIELDS,
)


class SeedDocument(_SeedModel):
    """One seed file; `project_id` is the default project of the resources in it."""

    project_id: str | None = None
    availability_zones: list[SeedAvailabilityZone] = Field(default_factory=list)
    flavors: list[SeedFlavor] = Field(default_factory=list)
    projects: list[SeedProject] = Field(default_factory=list)
    credentials: list[SeedCredential] = Field(default_factory=list)
    tokens: list[SeedToken] = Field(default_factory=list)
    vpcs: list[SeedVpc] = Field(default_factory=list)
    subnets: list[SeedSubnet] = Field(default_factory=list)
    ecs_instances: list[SeedEcsInstance] = Field(default_factory=list)
    loadbalancers: list[SeedLoadBalancer] = Field(default_factory=list)
    listeners: list[SeedListener] = Field(default_factory=list)
    pools: list[SeedPool] = Field(default_factory=list)
    members: list[SeedMember] = Field(default_factory=list)
    healthmonitors: list[SeedHealthMonitor] = Field(default_factory=list)
    member_health: list[SeedMemberHealth] = Field(default_factory=list)
    member_check_jobs: list[SeedMemberCheckJob] = Field(default_factory=list)


def read_seed_file(path: Path) -> SeedDocument:
    """Parse one YAML or JSON seed file, or raise SeedError naming what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"cannot read seed file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SeedError(f"cannot read seed file {path}: it is not UTF-8 text") from None
    return parse_seed(text, source=str(path))


def parse_seed(text: str, *, source: str) -> SeedDocument:
    try:
        data = json.loads(text) if source.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SeedError(f"{source}: not valid YAML/JSON: {str(exc).splitlines()[0]}") from None
    if data is None:
        data = {}
    try:
        return SeedDocument.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = field_path(error["loc"]) or "the document"
        raise SeedError(f"{source}: {where}: {error['msg']}") from None


def demo_seed() -> SeedDocument:
    text = resources.files("mockelb").joinpath(DEMO_SEED).read_text(encoding="utf-8")
    return parse_seed(text, source=DEMO_SEED)


def build_snapshot(documents: Sequence[tuple[str, SeedDocument]]) -> Snapshot:
    """Load the documents, in order, into a scratch database and return its rows."""
    scratch = Database("sqlite://")
    scratch.create_schema()
    for source, document in documents:
        try:
            with scratch.transaction() as session:
                load_document(session, document)
        except ElbError as exc:
            raise SeedError(f"{source}: {exc.message}") from None
        except SeedError as exc:
            raise SeedError(f"{source}: {exc}") from None
    snapshot = scratch.snapshot()
    scratch.dispose()
    return snapshot


def load_document(session: Session, document: SeedDocument) -> None:
    """Write the document on top of what the session's database holds, by the API's rules:
    what it refers to must exist (in it or before it), its resource ids must be new, quotas
    hold. Raises SeedError (or the ElbError of a rule); the caller's transaction is then to
    be rolled back."""
    try:
        _Loader(session, document).load()
    except IntegrityError as exc:
        # the last guard: a unique value the checks above do not look at (a subnet's ids)
        raise SeedError(f"a declared value is already taken: {_first_line(exc)}") from None
    _refuse_overlong_values(session)


def _first_line(exc: IntegrityError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)


def _refuse_overlong_values(session: Session) -> None:
    """A value longer than its column, refused as PostgreSQL would refuse it (SQLite stores
    any length): a seed starts on every engine or on none."""
    for table in Base.metadata.sorted_tables:
        widths = {
            column.name: column.type.length
            for column in table.columns
            if isinstance(column.type, String) and column.type.length
        }
        if not widths:
            continue
        too_long = or_(*(func.length(table.c[name]) > width for name, width in widths.items()))
        row = session.execute(select(table).where(too_long).limit(1)).mappings().first()
        if row is None:
            continue
        for name, width in widths.items():
            value = row[name]
            if isinstance(value, str) and len(value) > width:
                shown = value if len(value) <= 40 else f"{value[:40]}…"
                raise SeedError(f"{table.name}.{name} {shown!r} is longer than {width} characters")


def seed_documents(paths: Iterable[Path], *, demo: bool) -> list[tuple[str, SeedDocument]]:
    """The demo document (unless disabled) followed by each seed file."""
    documents = [(DEMO_SEED, demo_seed())] if demo else []
    documents.extend((str(path), read_seed_file(path)) for path in paths)
    return documents


class _Loader:
    """Writes one seed document, resource kind by resource kind."""

    def __init__(self, session: Session, document: SeedDocument) -> None:
        self.session = session
        self.document = document
        self.now = utc_now()
        self.declared: set[tuple[str, str]] = set()
        # listeners whose default pool the document declares after them: (project, listener,
        # pool), bound once the pools exist
        self.default_pools: list[tuple[str, str, str]] = []
        # fields the document gives outright, by model and values: the ids to write them to
        self.state: dict[tuple[type[Base], tuple[tuple[str, Any], ...]], list[str]] = {}

    def check_new(self, model: type[Base], kind: str, resource_ids: Sequence[str]) -> None:
        """Refuse an id that the document repeats or that the database already holds."""
        for resource_id in resource_ids:
            if (kind, resource_id) in self.declared:
                raise SeedError(f"{kind} {resource_id} is declared twice")
            self.declared.add((kind, resource_id))
        key = inspect(model).primary_key[0]
        for start in range(0, len(resource_ids), _CHUNK):
            chunk = resource_ids[start : start + _CHUNK]
            taken = self.session.scalar(select(key).where(key.in_(chunk)).limit(1))
            if taken is not None:
                raise SeedError(f"{kind} {taken} already exists")

    @contextmanager
    def about(self, kind: str, resource_id: str) -> Iterator[None]:
        """An API rule the resource breaks, named with the resource."""
        try:
            yield
        except ElbError as exc:
            raise SeedError(f"{kind} {resource_id}: {exc.message}") from None

    def keep_state(
        self, model: type[Base], resource_id: str, resource: BaseModel, names: Sequence[str]
    ) -> None:
        values = tuple(
            (name, getattr(resource, name)) for name in names if getattr(resource, name) is not None
        )
        if values:
            self.state.setdefault((model, values), []).append(resource_id)

    def project_of(self, kind: str, resource_id: str, project_id: str | None) -> str:
        project = project_id or self.document.project_id
        if not project:
            raise SeedError(f"{kind} {resource_id}: project_id is required (or set it on the file)")
        return project

    def load(self) -> None:
        for steps in (
            self._availability_zones,
            self._flavors,
            self._projects,
            self._credentials,
            self._tokens,
            self._vpcs,
            self._subnets,
            self._ecs_instances,
            self._loadbalancers,
            self._listeners,
            self._pools,
            self._bind_default_pools,
            self._members,
            self._healthmonitors,
            self._member_health,
            self._member_check_jobs,
            self._write_state,
        ):
            steps()
            self.session.flush()

    def _availability_zones(self) -> None:
        for zone in self.document.availability_zones:
            self.session.merge(
                AvailabilityZone(
                    code=zone.code,
                    az_set=zone.set,
                    state=zone.state,
                    protocol=zone.protocol,
                    public_border_group=zone.public_border_group,
                    category=zone.category,
                    spec_code=zone.spec_code,
                )
            )

    def _flavors(self) -> None:
        for flavor in self.document.flavors:
            self.session.merge(
                Flavor(
                    id=flavor.id,
                    name=flavor.name,
                    type=flavor.type,
                    shared=flavor.shared,
                    project_id=flavor.project_id,
                    flavor_sold_out=flavor.flavor_sold_out,
                    public_border_group=flavor.public_border_group,
                    category=flavor.category,
                    info=flavor.info,
                )
            )

    def _projects(self) -> None:
        for project in self.document.projects:
            unknown = sorted(set(project.quotas) - DEFAULT_QUOTAS.keys())
            if unknown:
                raise SeedError(f"project {project.id}: unknown quota keys {', '.join(unknown)}")
            existing = self.session.get(Quota, project.id)
            limits = {**(existing.limits if existing else {}), **project.quotas}
            self.session.merge(Quota(project_id=project.id, limits=limits))
            self.session.flush()  # the project named again later in the document sees them

    def _credentials(self) -> None:
        for credential in self.document.credentials:
            self.session.merge(
                Credential(
                    access_key=credential.access_key,
                    secret_key=credential.secret_key,
                    project_id=credential.project_id or self.document.project_id,
                )
            )

    def _tokens(self) -> None:
        for token in self.document.tokens:
            self.session.merge(
                Token(
                    token_sha256=Token.sha256_of(token.token),
                    token=token.token,
                    project_id=token.project_id or self.document.project_id,
                )
            )

    def _vpcs(self) -> None:
        self.check_new(Vpc, "vpc", [vpc.id for vpc in self.document.vpcs])
        for vpc in self.document.vpcs:
            self.session.add(
                Vpc(
                    id=vpc.id,
                    project_id=self.project_of("vpc", vpc.id, vpc.project_id),
                    name=vpc.name,
                    description=vpc.description,
                    cidr=_network(vpc.cidr, f"vpc {vpc.id}: cidr"),
                    created_at=vpc.created_at or self.now,
                    updated_at=vpc.updated_at or self.now,
                )
            )

    def _subnets(self) -> None:
        self.check_new(Subnet, "subnet", [subnet.id for subnet in self.document.subnets])
        for subnet in self.document.subnets:
            vpc = self.session.get(Vpc, subnet.vpc_id)
            if vpc is None:
                raise SeedError(f"subnet {subnet.id}: vpc {subnet.vpc_id} is not declared")
            cidr = _network(subnet.cidr, f"subnet {subnet.id}: cidr")
            cidr_v6 = (
                _network(subnet.cidr_v6, f"subnet {subnet.id}: cidr_v6") if subnet.cidr_v6 else ""
            )
            if subnet.ipv6_enable and not cidr_v6:
                raise SeedError(f"subnet {subnet.id}: ipv6_enable needs cidr_v6")
            self.session.add(
                Subnet(
                    id=subnet.id,
                    project_id=vpc.project_id,
                    vpc_id=vpc.id,
                    name=subnet.name,
                    description=subnet.description,
                    cidr=cidr,
                    gateway_ip=subnet.gateway_ip or _first_host(cidr),
                    ipv6_enable=subnet.ipv6_enable,
                    cidr_v6=cidr_v6,
                    gateway_ip_v6=subnet.gateway_ip_v6 or (_first_host(cidr_v6) if cidr_v6 else ""),
                    availability_zone=subnet.availability_zone,
                    neutron_network_id=subnet.neutron_network_id or subnet.id,
                    neutron_subnet_id=subnet.neutron_subnet_id or seed_id("subnet-v4", subnet.id),
                    neutron_subnet_id_v6=subnet.neutron_subnet_id_v6
                    or (seed_id("subnet-v6", subnet.id) if subnet.ipv6_enable else ""),
                    created_at=subnet.created_at or self.now,
                    updated_at=subnet.updated_at or self.now,
                )
            )

    def _ecs_instances(self) -> None:
        instances = self.document.ecs_instances
        self.check_new(EcsInstance, "ecs instance", [ecs.id for ecs in instances])
        ports = [
            nic.port_id or seed_id("port", ecs.id, index)
            for ecs in instances
            for index, nic in enumerate(ecs.nics)
        ]
        self.check_new(EcsNic, "port", ports)
        for ecs in instances:
            instance = EcsInstance(
                id=ecs.id,
                project_id=self.project_of("ecs instance", ecs.id, ecs.project_id),
                name=ecs.name,
                availability_zone=ecs.availability_zone,
                status=ecs.status,
            )
            for index, nic in enumerate(ecs.nics):
                subnet = self.session.get(Subnet, nic.subnet_id)
                where = f"ecs instance {ecs.id}: nic {index}"
                if subnet is None:
                    raise SeedError(f"{where}: subnet {nic.subnet_id} is not declared")
                instance.nics.append(
                    EcsNic(
                        port_id=nic.port_id or seed_id("port", ecs.id, index),
                        subnet_id=subnet.id,
                        ip_address=_address_in(nic.ip_address, subnet.cidr, where),
                        ipv6_address=(
                            _address_in(nic.ipv6_address, subnet.cidr_v6, where)
                            if nic.ipv6_address
                            else ""
                        ),
                    )
                )
            self.session.add(instance)

    def _loadbalancers(self) -> None:
        self.check_new(LoadBalancer, "loadbalancer", [lb.id for lb in self.document.loadbalancers])
        for lb in self.document.loadbalancers:
            project_id = self.project_of("loadbalancer", lb.id, lb.project_id)
            option = CreateLoadBalancerOption.model_validate(
                lb.model_dump(exclude={"id", *_LOAD_BALANCER_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("loadbalancer", lb.id):
                created = loadbalancers.create_load_balancer(
                    self.session, project_id=project_id, option=option, lb_id=lb.id
                )
            if lb.vip_port_id and created.vip_address is None:
                raise SeedError(f"loadbalancer {lb.id}: vip_port_id needs an IPv4 VIP")
            if lb.ipv6_vip_port_id and created.ipv6_vip_address is None:
                raise SeedError(f"loadbalancer {lb.id}: ipv6_vip_port_id needs an IPv6 VIP")
            self.keep_state(LoadBalancer, lb.id, lb, _LOAD_BALANCER_STATE_FIELDS)
            self.session.flush()

    def _listeners(self) -> None:
        self.check_new(Listener, "listener", [item.id for item in self.document.listeners])
        for listener in self.document.listeners:
            project_id = self.project_of("listener", listener.id, listener.project_id)
            fields = listener.model_dump(
                exclude={"id", *_STATE_FIELDS}, exclude_unset=True, by_alias=True
            )
            pool_id = fields.get("default_pool_id")
            if pool_id and self.session.get(Pool, pool_id) is None:
                # a pool the document declares later: bound once the pools exist
                del fields["default_pool_id"]
                self.default_pools.append((project_id, listener.id, pool_id))
            option = CreateListenerOption.model_validate(fields)
            with self.about("listener", listener.id):
                listeners.create_listener(
                    self.session, project_id=project_id, option=option, listener_id=listener.id
                )
            self.keep_state(Listener, listener.id, listener, _STATE_FIELDS)
            self.session.flush()

    def _pools(self) -> None:
        self.check_new(Pool, "pool", [pool.id for pool in self.document.pools])
        for pool in self.document.pools:
            project_id = self.project_of("pool", pool.id, pool.project_id)
            fields = pool.model_dump(exclude={"id", *_STATE_FIELDS}, exclude_unset=True)
            # vpc_id without a type: the VPC a pool of no type took from its first instance
            # member (batch-add), as GET /_mockelb/state shows it
            learned_vpc = fields.pop("vpc_id") if fields.get("vpc_id") and not pool.type else None
            option = CreatePoolOption.model_validate(fields)
            with self.about("pool", pool.id):
                created = pools.create_pool(
                    self.session,
                    project_id=project_id,
                    option=option,
                    pool_id=pool.id,
                    # loadbalancer_id: null, and no listener or type: left by a cascade delete
                    unbound="loadbalancer_id" in fields and not (pool.listener_id or pool.type),
                )
                if learned_vpc is not None:
                    created.vpc_id = self._vpc_of_pool(created, project_id, learned_vpc)
            self.keep_state(Pool, pool.id, pool, _STATE_FIELDS)
            self.session.flush()

    def _vpc_of_pool(self, pool: Pool, project_id: str, vpc_id: str) -> str:
        vpc = show_vpc(self.session, project_id=project_id, vpc_id=vpc_id)
        lb = self.session.get(LoadBalancer, pool.loadbalancer_id) if pool.loadbalancer_id else None
        if lb is not None and lb.vpc_id != vpc.id:
            raise SeedError(f"pool {pool.id}: vpc_id {vpc_id} is not the load balancer's VPC")
        return vpc.id

    def _bind_default_pools(self) -> None:
        """A listener's default pool declared after it, bound by update_listener's rules."""
        for project_id, listener_id, pool_id in self.default_pools:
            with self.about("listener", listener_id):
                listeners.update_listener(
                    self.session,
                    project_id=project_id,
                    listener_id=listener_id,
                    option=UpdateListenerOption(default_pool_id=pool_id),
                )
            self.session.flush()

    def _members(self) -> None:
        by_pool: dict[str, list[SeedMember]] = {}
        for member in self.document.members:
            by_pool.setdefault(member.pool_id, []).append(member)
        for pool_id, seeded in by_pool.items():
            project_id = self._pool_project(pool_id)
            options = [
                BatchCreateMembersOption.model_validate(
                    m.model_dump(exclude={"id", "pool_id", *_STATE_FIELDS}, exclude_unset=True)
                )
                for m in seeded
            ]
            self.check_new(Member, "member", [m.id for m in seeded if m.id])
            ids = [m.id or seed_id("member", pool_id, m.address, m.protocol_port) for m in seeded]
            with self.about("member of pool", pool_id):
                members.batch_create_members(
                    self.session, project_id=project_id, pool_id=pool_id, options=options, ids=ids
                )
            for member_id, member in zip(ids, seeded, strict=True):
                self.keep_state(Member, member_id, member, _STATE_FIELDS)

    def _healthmonitors(self) -> None:
        monitors = self.document.healthmonitors
        self.check_new(HealthMonitor, "healthmonitor", [monitor.id for monitor in monitors])
        for monitor in monitors:
            option = CreateHealthMonitorOption.model_validate(
                monitor.model_dump(exclude={"id", *_STATE_FIELDS}, exclude_unset=True)
            )
            project_id = self._pool_project(monitor.pool_id, f"healthmonitor {monitor.id}")
            with self.about("healthmonitor", monitor.id):
                healthmonitors.create_health_monitor(
                    self.session, project_id=project_id, option=option, healthmonitor_id=monitor.id
                )
            self.keep_state(HealthMonitor, monitor.id, monitor, _STATE_FIELDS)
            self.session.flush()

    def _member_health(self) -> None:
        for forced in self.document.member_health:
            option = ForceMemberHealthRequestBody.model_validate(
                forced.model_dump(exclude={"member_id"}, exclude_unset=True)
            )
            with self.about("member health of member", forced.member_id):
                member_health.force_member_health(
                    self.session, member_id=forced.member_id, option=option
                )
            self.session.flush()

    def _member_check_jobs(self) -> None:
        """Jobs are written as given: no rule of the API looks at a finished job's result."""
        jobs = self.document.member_check_jobs
        self.check_new(MemberCheckJob, "member check job", [job.job_id for job in jobs])
        for job in jobs:
            groups = sum(group is not None for group in dict(job.result).values())
            total = groups if job.check_item_total_num is None else job.check_item_total_num
            finished = job.check_item_finished_num
            self.session.add(
                MemberCheckJob(
                    id=job.job_id,
                    project_id=self.project_of("member check job", job.job_id, job.project_id),
                    member_id=job.member_id,
                    listener_id=job.listener_id,
                    status=job.status,
                    check_item_total_num=total,
                    check_item_finished_num=total if finished is None else finished,
                    result=job.result.model_dump(),
                    created_at=job.created_at or self.now,
                    updated_at=job.updated_at or self.now,
                )
            )

    def _write_state(self) -> None:
        """The fields the document gives outright, written last: what loading did to a
        resource afterwards (a listener bound to its default pool is updated) keeps none."""
        for (model, values), resource_ids in self.state.items():
            key = inspect(model).primary_key[0]
            for start in range(0, len(resource_ids), _CHUNK):
                self.session.execute(
                    update(model)
                    .where(key.in_(resource_ids[start : start + _CHUNK]))
                    .values(dict(values)),
                    execution_options={"synchronize_session": False},
                )

    def _pool_project(self, pool_id: str, what: str = "member") -> str:
        pool = self.session.get(Pool, pool_id)
        if pool is None:
            raise SeedError(f"{what} of pool {pool_id}: the pool is not declared")
        return pool.project_id


def _network(cidr: str, where: str) -> str:
    try:
        return str(ipaddress.ip_network(cidr, strict=False))
    except ValueError:
        raise SeedError(f"{where}: {cidr!r} is not a CIDR") from None


def _address_in(address: str, cidr: str, where: str) -> str:
    """The address in canonical form, checked to lie in the CIDR."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise SeedError(f"{where}: {address!r} is not an IP address") from None
    if not cidr or parsed not in ipaddress.ip_network(cidr):
        raise SeedError(f"{where}: {address} is not in the subnet ({cidr or 'no IPv6'})")
    return str(parsed)


def _first_host(cidr: str) -> str:
    return str(next(ipaddress.ip_network(cidr).hosts()))


def snapshot_for(paths: Iterable[Path], *, demo: bool) -> Snapshot:
    """Read the seed files and build the start-up snapshot (demo data first)."""
    return build_snapshot(seed_documents(paths, demo=demo))


__all__ = ["SeedDocument", "SeedError", "snapshot_for"]
