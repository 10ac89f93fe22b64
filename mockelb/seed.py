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
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import String, func, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mockelb.db import Database, Snapshot
from mockelb.domain.domain_ips import addresses_of
from mockelb.domain.features import feature_config_id
from mockelb.errors import ElbError
from mockelb.ids import seed_id, utc_now
from mockelb.models import (
    AvailabilityZone,
    Base,
    Certificate,
    Credential,
    EcsInstance,
    EcsNic,
    FeatureConfig,
    Flavor,
    HealthMonitor,
    IpGroup,
    Job,
    L7Policy,
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
from mockelb.schemas.l7policies import CreateL7PolicyOption, CreateRuleOption
from mockelb.schemas.listeners import CreateListenerOption, UpdateListenerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.schemas.logtanks import CreateLogtankOption
from mockelb.schemas.master_slave_pools import (
    CreateMasterSlaveHealthMonitorOption,
    CreateMasterSlaveMemberOption,
    CreateMasterSlavePoolOption,
)
from mockelb.schemas.member_health import ForceMemberHealthRequestBody
from mockelb.schemas.members import BatchCreateMembersOption
from mockelb.schemas.pools import CreatePoolOption
from mockelb.schemas.recycle_bin import RecycleBinPolicy
from mockelb.schemas.security_policies import CreateSecurityPolicyOption
from mockelb.services import certificates as certificate_service
from mockelb.services import domain_ips as dns_service
from mockelb.services import (
    healthmonitors,
    l7policies,
    l7policy_rules,
    listeners,
    loadbalancers,
    member_health,
    members,
    pools,
    recycling,
)
from mockelb.services import ipgroups as ipgroup_service
from mockelb.services import jobs as job_service
from mockelb.services import loadbalancer_flavors as lb_flavors
from mockelb.services import loadbalancer_upgrade as upgrade_service
from mockelb.services import logtanks as logtank_service
from mockelb.services import master_slave_pools as master_slave_service
from mockelb.services import security_policies as security_policy_service
from mockelb.services.quotas import DEFAULT_QUOTAS
from mockelb.services.vpcs import show_vpc
from mockelb.validation import field_path

DEMO_SEED = "demo.yaml"
# ids per IN (...) of the id checks and state updates (SQLite allows 32766 parameters)
_CHUNK = 500


# the times of a resource as the API shows them (yyyy-MM-ddTHH:mm:ssZ); default: load time
def _cloud_time(value: object) -> object:
    """YAML reads an unquoted 2024-05-01T10:00:00Z as a datetime: write it back the way
    the cloud writes times (UTC, to the second)."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


Timestamp = Annotated[
    str,
    BeforeValidator(_cloud_time),
    Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"),
]
# a load balancer's provisioning_status: the SDK model's values and the older docs' ones,
# and the upgrade's (UpgradeV3RequestBody.action): what a shared load balancer's upgrade
# leaves (UPGRADED) or a failed one would (services/loadbalancer_upgrade.py)
ProvisioningStatus = Literal[
    "ACTIVE",
    "PENDING_CREATE",
    "PENDING_DELETE",
    "ERROR",
    "UPGRADED",
    "UPGRADE_FAILED",
    "ROLLBACK_FAILED",
    # in the recycle bin (services/recycling.py): then named in recycled_loadbalancers too
    "RECYCLING",
]


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
    # the default flavor of its layer (L4 or L7), which a load balancer created with
    # neither l4_flavor_id nor l7_flavor_id gets; one per layer and visibility
    default: bool = False


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
    # a gateway load balancer (IP listeners only), which the API's create cannot make; its
    # gwlb flavor, if any, in gw_flavor_id
    loadbalancer_type: Literal["gateway"] | None = None
    gw_flavor_id: str | None = None
    provisioning_status: ProvisioningStatus | None = None
    operating_status: Literal["ONLINE", "FROZEN"] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedSecurityPolicy(CreateSecurityPolicyOption):
    """A custom TLS security policy, declared before the listeners that name it."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    project_id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedIpGroup(CreateIpGroupOption):
    """An IP address group, declared before the listeners whose ipgroup names it."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedCertificate(CreateCertificateOption):
    """A certificate, declared before the listeners that name it."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedCertificateSetting(_SeedModel):
    """A project's certificate settings: create_certificate_private_key_echo's switch."""

    project_id: str | None = None
    private_key_echo: bool


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


class SeedL7Policy(CreateL7PolicyOption):
    """A forwarding policy, declared after the listeners and pools it names; its rules are
    in `l7rules` (or inline in `rules`, without ids).

    `priority` is written as given (checked for its listener and action, not for being
    free: policies may share one from before advanced forwarding was switched on);
    `provisioning_status` too, when given (else it is judged as create judges it).
    """

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    provisioning_status: Literal["ACTIVE", "ERROR"] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedL7Rule(CreateRuleOption):
    """A forwarding rule of a declared policy."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    l7policy_id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedLogtank(CreateLogtankOption):
    """A load balancer's access logging; its project is the load balancer's."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedDnsIp(_SeedModel):
    """An address of a load balancer in its domain name resolution (DnsIpResponse)."""

    id: str
    ip_address: str
    enable: bool = True
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedLoadBalancerDns(UserDefinedDnsConfigRequestBody):
    """A load balancer's domain name resolution: its configuration (the fields of
    update_user_defined_domain_config, by its rules; the system-default names are those in
    the zone myhuaweicloud.com) and its addresses. An address of the load balancer left out
    is in the resolution."""

    model_config = ConfigDict(extra="forbid", strict=False)
    loadbalancer_id: str
    ips: list[SeedDnsIp] = Field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMember(BatchCreateMembersOption):
    model_config = ConfigDict(extra="forbid", strict=False)
    pool_id: str
    id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMasterSlaveMember(CreateMasterSlaveMemberOption):
    """A member of an active/standby pool; its id defaults to a stable one."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMasterSlaveHealthMonitor(CreateMasterSlaveHealthMonitorOption):
    """The health monitor of an active/standby pool; its id defaults to a stable one."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedMasterSlavePool(CreateMasterSlavePoolOption):
    """An active/standby pool with its two members and its monitor (create_master_slave_pool's
    body, with ids); loaded after the ordinary pools, before listeners are bound to pools."""

    model_config = ConfigDict(extra="forbid", strict=False)
    id: str
    members: Annotated[Sequence[SeedMasterSlaveMember], Field(min_length=2, max_length=2)]
    healthmonitor: SeedMasterSlaveHealthMonitor
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SeedFeatureConfig(_SeedModel):
    """A project's ELB feature configuration (list_feature_configs): one of the built-in
    features replaced (same feature name), or another one. Its id defaults to a stable one."""

    id: str | None = None
    project_id: str | None = None
    feature: Annotated[str, Field(min_length=1, max_length=64)]
    type: Literal["VARCHAR", "INT", "BOOL", "LIST"]
    value: Annotated[str, Field(max_length=255)]
    switch: bool = True
    description: Annotated[str, Field(max_length=255)] = ""
    caller: Annotated[str, Field(max_length=64)] = "system"
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


def _one_of(allowed: frozenset[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not a {what}: one of {', '.join(sorted(allowed))}")
        return value

    return AfterValidator(check)


JobType = Annotated[str, _one_of(job_service.JOB_TYPES, "job type")]
JobStatus = Annotated[str, _one_of(job_service.JOB_STATUSES, "job status")]


class SeedJobEntity(_SeedModel):
    """A JobEntities: a resource a sub-job worked on."""

    resource_id: str
    resource_type: Literal["loadbalancer", "listener"]


class SeedSubJob(_SeedModel):
    """A SubJob; what it leaves out is its main job's (job_id: a stable id of its own).
    Its project is its main job's."""

    job_id: str | None = None
    project_id: str | None = None
    job_type: JobType | None = None
    status: JobStatus | None = None
    begin_time: Timestamp | None = None
    end_time: Timestamp | None = None
    error_code: str | None = None
    error_msg: str | None = None
    resource_id: str = ""
    entities: list[SeedJobEntity] = Field(default_factory=list)


class SeedJob(_SeedModel):
    """An asynchronous task as show_job answers it (MainJob), plus its project: written as
    it is (a job of any status; the resources it names may be gone)."""

    job_id: str
    project_id: str | None = None
    job_type: JobType
    status: JobStatus = job_service.COMPLETE
    resource_id: str = ""
    error_code: str | None = None
    error_msg: str | None = None
    begin_time: Timestamp | None = None
    end_time: Timestamp | None = None
    sub_jobs: list[SeedSubJob] = Field(default_factory=list)


class SeedRecycleBin(_SeedModel):
    """A project's recycle bin as show_recycle_bin answers it (RecycleBinResponseBody)."""

    project_id: str | None = None
    enable: bool = False
    policy: RecycleBinPolicy = Field(default_factory=RecycleBinPolicy)


class SeedRecycledLoadBalancer(_SeedModel):
    """A load balancer of the document (or an earlier one) in its project's recycle bin,
    which must be on; auto_terminate_time defaults to the load time plus the retention."""

    loadbalancer_id: str
    auto_terminate_time: Timestamp | None = None
    # what the bin does to its pools when it lets it go for good (false: unbinds them)
    delete_pools: bool = True


# the fields of each kind that are not its create operation's: written after it is created
_STATE_FIELDS = ("created_at", "updated_at")
_LOAD_BALANCER_STATE_FIELDS = (
    "vip_port_id",
    "ipv6_vip_port_id",
    "provisioning_status",
    "operating_status",
    *_STATE_FIELDS,
)


# what makes a seed load balancer a gateway one (not fields of create_load_balancer)
_GATEWAY_FIELDS = ("loadbalancer_type", "gw_flavor_id")


def _gateway_of(lb: SeedLoadBalancer) -> lb_flavors.Gateway | None:
    if lb.loadbalancer_type == lb_flavors.GATEWAY:
        return lb_flavors.Gateway(gw_flavor_id=lb.gw_flavor_id)
    if lb.gw_flavor_id is not None:
        raise SeedError(f"loadbalancer {lb.id}: gw_flavor_id needs loadbalancer_type gateway")
    return None


def _check_default_flavors(flavors: Sequence[SeedFlavor]) -> None:
    """Defaults are L4 or L7 flavors that can be bought, one per layer and visibility in a
    document (a later document's default replaces an earlier one's)."""
    seen: dict[tuple[str, str | None], str] = {}
    for flavor in flavors:
        if not flavor.default:
            continue
        layer = next(
            (field for field, types in lb_flavors.LAYER_TYPES.items() if flavor.type in types),
            None,
        )
        if layer is None:
            raise SeedError(f"flavor {flavor.id}: only L4 and L7 flavors can be the default")
        if flavor.flavor_sold_out:
            raise SeedError(f"flavor {flavor.id}: a sold-out flavor cannot be the default")
        other = seen.setdefault((layer, flavor.project_id), flavor.id)
        if other != flavor.id:
            raise SeedError(
                f"flavor {flavor.id}: flavor {other} is already the default of its layer"
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
    certificates: list[SeedCertificate] = Field(default_factory=list)
    certificate_settings: list[SeedCertificateSetting] = Field(default_factory=list)
    security_policies: list[SeedSecurityPolicy] = Field(default_factory=list)
    ipgroups: list[SeedIpGroup] = Field(default_factory=list)
    loadbalancers: list[SeedLoadBalancer] = Field(default_factory=list)
    listeners: list[SeedListener] = Field(default_factory=list)
    pools: list[SeedPool] = Field(default_factory=list)
    members: list[SeedMember] = Field(default_factory=list)
    healthmonitors: list[SeedHealthMonitor] = Field(default_factory=list)
    master_slave_pools: list[SeedMasterSlavePool] = Field(default_factory=list)
    l7policies: list[SeedL7Policy] = Field(default_factory=list)
    l7rules: list[SeedL7Rule] = Field(default_factory=list)
    logtanks: list[SeedLogtank] = Field(default_factory=list)
    loadbalancer_dns: list[SeedLoadBalancerDns] = Field(default_factory=list)
    member_health: list[SeedMemberHealth] = Field(default_factory=list)
    member_check_jobs: list[SeedMemberCheckJob] = Field(default_factory=list)
    jobs: list[SeedJob] = Field(default_factory=list)
    recycle_bins: list[SeedRecycleBin] = Field(default_factory=list)
    recycled_loadbalancers: list[SeedRecycledLoadBalancer] = Field(default_factory=list)
    feature_configs: list[SeedFeatureConfig] = Field(default_factory=list)


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
            self._certificates,
            self._certificate_settings,
            self._security_policies,
            self._loadbalancers,
            self._logtanks,
            self._loadbalancer_dns,
            self._ipgroups,
            self._listeners,
            self._pools,
            self._master_slave_pools,
            self._bind_default_pools,
            self._members,
            self._healthmonitors,
            self._l7policies,
            self._l7rules,
            self._member_health,
            self._member_check_jobs,
            self._jobs,
            self._recycle_bins,
            self._feature_configs,
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
        _check_default_flavors(self.document.flavors)
        for flavor in self.document.flavors:
            if flavor.default:
                lb_flavors.clear_other_defaults(
                    self.session,
                    flavor_id=flavor.id,
                    flavor_type=flavor.type,
                    project_id=flavor.project_id,
                )
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
                    default=flavor.default,
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

    def _security_policies(self) -> None:
        policies = self.document.security_policies
        self.check_new(SecurityPolicy, "security_policy", [policy.id for policy in policies])
        for policy in policies:
            project_id = self.project_of("security_policy", policy.id, policy.project_id)
            option = CreateSecurityPolicyOption.model_validate(
                policy.model_dump(exclude={"id", "project_id", *_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("security_policy", policy.id):
                security_policy_service.create_security_policy(
                    self.session, project_id=project_id, option=option, security_policy_id=policy.id
                )
            self.keep_state(SecurityPolicy, policy.id, policy, _STATE_FIELDS)
            self.session.flush()

    def _certificates(self) -> None:
        certificates = self.document.certificates
        self.check_new(Certificate, "certificate", [item.id for item in certificates])
        for item in certificates:
            project_id = self.project_of("certificate", item.id, item.project_id)
            option = CreateCertificateOption.model_validate(
                item.model_dump(exclude={"id", *_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("certificate", item.id):
                certificate_service.create_certificate(
                    self.session, project_id=project_id, option=option, certificate_id=item.id
                )
            self.keep_state(Certificate, item.id, item, _STATE_FIELDS)
            self.session.flush()

    def _certificate_settings(self) -> None:
        for setting in self.document.certificate_settings:
            project_id = setting.project_id or self.document.project_id
            if not project_id:
                raise SeedError(
                    "certificate_settings: project_id is required (or set it on the file)"
                )
            certificate_service.create_certificate_private_key_echo(
                self.session, project_id=project_id, private_key_echo=setting.private_key_echo
            )
            self.session.flush()  # the project named again later in the document sees it

    def _loadbalancers(self) -> None:
        self.check_new(LoadBalancer, "loadbalancer", [lb.id for lb in self.document.loadbalancers])
        for lb in self.document.loadbalancers:
            project_id = self.project_of("loadbalancer", lb.id, lb.project_id)
            option = CreateLoadBalancerOption.model_validate(
                lb.model_dump(
                    exclude={"id", "guaranteed", *_LOAD_BALANCER_STATE_FIELDS, *_GATEWAY_FIELDS},
                    exclude_unset=True,
                )
            )
            with self.about("loadbalancer", lb.id):
                created = loadbalancers.create_load_balancer(
                    self.session,
                    project_id=project_id,
                    option=option,
                    lb_id=lb.id,
                    gateway=_gateway_of(lb),
                )
                if lb.guaranteed is False:  # a shared load balancer, which only a seed makes
                    upgrade_service.make_shared(created, option)
            if lb.vip_port_id and created.vip_address is None:
                raise SeedError(f"loadbalancer {lb.id}: vip_port_id needs an IPv4 VIP")
            if lb.ipv6_vip_port_id and created.ipv6_vip_address is None:
                raise SeedError(f"loadbalancer {lb.id}: ipv6_vip_port_id needs an IPv6 VIP")
            self.keep_state(LoadBalancer, lb.id, lb, _LOAD_BALANCER_STATE_FIELDS)
            self.session.flush()

    def _logtanks(self) -> None:
        logtanks = self.document.logtanks
        self.check_new(Logtank, "logtank", [logtank.id for logtank in logtanks])
        for logtank in logtanks:
            lb = self.session.get(LoadBalancer, logtank.loadbalancer_id)
            if lb is None:
                raise SeedError(
                    f"logtank {logtank.id}: loadbalancer {logtank.loadbalancer_id} is not declared"
                )
            option = CreateLogtankOption.model_validate(
                logtank.model_dump(exclude={"id", *_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("logtank", logtank.id):
                logtank_service.create_logtank(
                    self.session, project_id=lb.project_id, option=option, logtank_id=logtank.id
                )
            self.keep_state(Logtank, logtank.id, logtank, _STATE_FIELDS)

    def _loadbalancer_dns(self) -> None:
        configs = self.document.loadbalancer_dns
        lb_ids = [dns.loadbalancer_id for dns in configs]
        self.check_new(LoadBalancerDns, "loadbalancer_dns", lb_ids)
        self.check_new(LoadBalancerDnsIp, "domain ip", [ip.id for dns in configs for ip in dns.ips])
        for dns in configs:
            where = f"loadbalancer_dns of loadbalancer {dns.loadbalancer_id}"
            lb = self.session.get(LoadBalancer, dns.loadbalancer_id)
            if lb is None:
                raise SeedError(f"{where}: the load balancer is not declared")
            ip_ids = self._dns_ip_ids(where, lb, dns.ips)
            option = UserDefinedDnsConfigRequestBody.model_validate(
                dns.model_dump(
                    exclude={"loadbalancer_id", "ips", *_STATE_FIELDS}, exclude_unset=True
                )
            )
            with self.about("loadbalancer_dns of loadbalancer", lb.id):
                dns_service.update_user_defined_domain_config(
                    self.session,
                    project_id=lb.project_id,
                    loadbalancer_id=lb.id,
                    option=option,
                    ip_ids=ip_ids,
                )
            self.keep_state(LoadBalancerDns, lb.id, dns, _STATE_FIELDS)
            for ip in dns.ips:
                self.keep_state(LoadBalancerDnsIp, ip.id, ip, ("enable", *_STATE_FIELDS))
            self.session.flush()

    def _dns_ip_ids(self, where: str, lb: LoadBalancer, ips: list[SeedDnsIp]) -> dict[str, str]:
        """The row id of each seeded address, checked to be one of the load balancer's."""
        owned = addresses_of(lb)
        ids: dict[str, str] = {}
        for ip in ips:
            try:
                address = str(ipaddress.ip_address(ip.ip_address))
            except ValueError:
                raise SeedError(f"{where}: {ip.ip_address!r} is not an IP address") from None
            if address not in owned:
                raise SeedError(f"{where}: {address} is not an IP address of the load balancer")
            if address in ids:
                raise SeedError(f"{where}: {address} is declared twice")
            ids[address] = ip.id
        return ids

    def _ipgroups(self) -> None:
        groups = self.document.ipgroups
        self.check_new(IpGroup, "ipgroup", [group.id for group in groups])
        for group in groups:
            project_id = self.project_of("ipgroup", group.id, group.project_id)
            option = CreateIpGroupOption.model_validate(
                group.model_dump(exclude={"id", "project_id", *_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("ipgroup", group.id):
                ipgroup_service.create_ip_group(
                    self.session, project_id=project_id, option=option, ipgroup_id=group.id
                )
            self.keep_state(IpGroup, group.id, group, _STATE_FIELDS)
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

    def _l7policies(self) -> None:
        policies = self.document.l7policies
        self.check_new(L7Policy, "l7policy", [policy.id for policy in policies])
        for policy in policies:
            option = CreateL7PolicyOption.model_validate(
                policy.model_dump(
                    exclude={"id", "priority", "provisioning_status", *_STATE_FIELDS},
                    exclude_unset=True,
                )
            )
            listener = self.session.get(Listener, policy.listener_id)
            if listener is None:
                raise SeedError(
                    f"l7policy {policy.id}: listener {policy.listener_id} is not declared"
                )
            with self.about("l7policy", policy.id):
                l7policies.create_l7_policy(
                    self.session,
                    project_id=listener.project_id,
                    option=option,
                    l7policy_id=policy.id,
                )
                if policy.priority is not None:
                    l7policy_rules.check_priority(
                        listener, policy.action, policy.priority, "priority"
                    )
            self.keep_state(
                L7Policy, policy.id, policy, ("priority", "provisioning_status", *_STATE_FIELDS)
            )
            self.session.flush()

    def _l7rules(self) -> None:
        seeded = self.document.l7rules
        self.check_new(L7Rule, "l7rule", [rule.id for rule in seeded])
        for rule in seeded:
            policy = self.session.get(L7Policy, rule.l7policy_id)
            if policy is None:
                raise SeedError(f"l7rule {rule.id}: l7policy {rule.l7policy_id} is not declared")
            option = CreateRuleOption.model_validate(
                rule.model_dump(exclude={"id", "l7policy_id", *_STATE_FIELDS}, exclude_unset=True)
            )
            with self.about("l7rule", rule.id):
                l7policies.create_l7_rule(
                    self.session,
                    project_id=policy.project_id,
                    l7policy_id=policy.id,
                    option=option,
                    l7rule_id=rule.id,
                )
            self.keep_state(L7Rule, rule.id, rule, _STATE_FIELDS)
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

    def _jobs(self) -> None:
        """Jobs are written as given, like member check jobs: records of work done."""
        jobs = self.document.jobs
        self.check_new(Job, "job", [job.job_id for job in jobs])
        for job in jobs:
            project_id = self.project_of("job", job.job_id, job.project_id)
            if any(sub.project_id not in (None, project_id) for sub in job.sub_jobs):
                raise SeedError(f"job {job.job_id}: its sub-jobs belong to its project")
            begin_time = job.begin_time or self.now
            end_time = job.end_time or begin_time
            self.session.add(
                Job(
                    id=job.job_id,
                    project_id=project_id,
                    job_type=job.job_type,
                    status=job.status,
                    resource_id=job.resource_id,
                    error_code=job.error_code,
                    error_msg=job.error_msg,
                    begin_time=begin_time,
                    end_time=end_time,
                    sub_jobs=[
                        {
                            "status": sub.status or job.status,
                            "begin_time": sub.begin_time or begin_time,
                            "end_time": sub.end_time or end_time,
                            "job_id": sub.job_id or seed_id("job", job.job_id, index),
                            "job_type": sub.job_type or job.job_type,
                            "error_code": sub.error_code,
                            "error_msg": sub.error_msg,
                            "project_id": project_id,
                            "resource_id": sub.resource_id,
                            "entities": [entity.model_dump() for entity in sub.entities],
                        }
                        for index, sub in enumerate(job.sub_jobs)
                    ],
                )
            )

    def _master_slave_pools(self) -> None:
        """Each pool by create_master_slave_pool's rules, with its members and monitor."""
        seeded = self.document.master_slave_pools
        self.check_new(Pool, "pool", [pool.id for pool in seeded])
        for pool in seeded:
            project_id = self.project_of("pool", pool.id, pool.project_id)
            member_ids = [
                member.id or seed_id("member", pool.id, member.address, member.protocol_port)
                for member in pool.members
            ]
            monitor_id = pool.healthmonitor.id or seed_id("healthmonitor", pool.id)
            self.check_new(Member, "member", member_ids)
            self.check_new(HealthMonitor, "healthmonitor", [monitor_id])
            fields = pool.model_dump(exclude={"id", *_STATE_FIELDS}, exclude_unset=True)
            fields["members"] = [
                {key: value for key, value in member.items() if key not in ("id", *_STATE_FIELDS)}
                for member in fields["members"]
            ]
            fields["healthmonitor"] = {
                key: value
                for key, value in fields["healthmonitor"].items()
                if key not in ("id", *_STATE_FIELDS)
            }
            option = CreateMasterSlavePoolOption.model_validate(fields)
            with self.about("pool", pool.id):
                master_slave_service.create_master_slave_pool(
                    self.session,
                    project_id=project_id,
                    option=option,
                    pool_id=pool.id,
                    member_ids=member_ids,
                    healthmonitor_id=monitor_id,
                    # loadbalancer_id: null, and no listener or type: left by a cascade delete
                    unbound="loadbalancer_id" in fields and not (pool.listener_id or pool.type),
                )
            self.keep_state(Pool, pool.id, pool, _STATE_FIELDS)
            for member_id, member in zip(member_ids, pool.members, strict=True):
                self.keep_state(Member, member_id, member, _STATE_FIELDS)
            self.keep_state(HealthMonitor, monitor_id, pool.healthmonitor, _STATE_FIELDS)
            self.session.flush()

    def _feature_configs(self) -> None:
        """Written as given, once their values are checked against their types."""
        seen: set[tuple[str, str]] = set()
        for config in self.document.feature_configs:
            project_id = self.project_of("feature config", config.feature, config.project_id)
            where = f"feature config {config.feature} of project {project_id}"
            if (project_id, config.feature) in seen or self.session.scalar(
                select(FeatureConfig.id).where(
                    FeatureConfig.project_id == project_id, FeatureConfig.feature == config.feature
                )
            ):
                raise SeedError(f"{where} is declared twice")
            seen.add((project_id, config.feature))
            _check_feature_value(where, config.type, config.value)
            config_id = config.id or feature_config_id(project_id, config.feature)
            self.check_new(FeatureConfig, "feature config", [config_id])
            self.session.add(
                FeatureConfig(
                    id=config_id,
                    project_id=project_id,
                    feature=config.feature,
                    type=config.type,
                    value=config.value,
                    switch=config.switch,
                    description=config.description,
                    caller=config.caller,
                    created_at=config.created_at or self.now,
                    updated_at=config.updated_at or config.created_at or self.now,
                )
            )

    def _recycle_bins(self) -> None:
        """The projects' recycle bins, then the load balancers in them: marked RECYCLING
        (a load balancer the document marks so must be among them)."""
        for item in self.document.recycle_bins:
            project_id = self.project_of("recycle_bin", "of the file", item.project_id)
            recycle_bin = recycling.recycle_bin_of(self.session, project_id)
            recycle_bin.enable = item.enable
            for name in ("recycle_threshold_hour", "retention_hour"):
                if (value := getattr(item.policy, name)) is not None:
                    setattr(recycle_bin, name, value)
            self.session.merge(recycle_bin)
        self.session.flush()
        recycled = self.document.recycled_loadbalancers
        lb_ids = [item.loadbalancer_id for item in recycled]
        self.check_new(RecycledLoadBalancer, "recycled loadbalancer", lb_ids)
        declared = {lb.id: lb.provisioning_status for lb in self.document.loadbalancers}
        for lb_id, status in declared.items():
            if status == recycling.RECYCLING and lb_id not in lb_ids:
                raise SeedError(
                    f"loadbalancer {lb_id}: RECYCLING, but not in recycled_loadbalancers"
                )
        for entry in recycled:
            where = f"recycled loadbalancer {entry.loadbalancer_id}"
            lb = self.session.get(LoadBalancer, entry.loadbalancer_id)
            if lb is None:
                raise SeedError(f"{where}: the loadbalancer is not declared")
            if declared.get(lb.id) not in (None, recycling.RECYCLING):
                raise SeedError(f"{where}: the loadbalancer is {declared[lb.id]}")
            recycle_bin = recycling.recycle_bin_of(self.session, lb.project_id)
            if not recycle_bin.enable:
                raise SeedError(f"{where}: the recycle bin of project {lb.project_id} is off")
            lb.provisioning_status = recycling.RECYCLING
            terminate = entry.auto_terminate_time or recycling.cloud_time(
                recycling.now() + timedelta(hours=recycle_bin.retention_hour)
            )
            self.session.add(
                RecycledLoadBalancer(
                    loadbalancer_id=lb.id,
                    project_id=lb.project_id,
                    auto_terminate_time=terminate,
                    delete_pools=entry.delete_pools,
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


def _check_feature_value(where: str, kind: str, value: str) -> None:
    """A BOOL feature holds true or false, an INT one an integer (FeatureConfig.type)."""
    if kind == "BOOL" and value not in ("true", "false"):
        raise SeedError(f"{where}: a BOOL value is true or false, not {value!r}")
    if kind == "INT":
        try:
            int(value)
        except ValueError:
            raise SeedError(f"{where}: an INT value is an integer, not {value!r}") from None


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
