"""The tables: what mockelb remembers about each project's network and load balancers.

Times are stored as the cloud writes them (yyyy-MM-ddTHH:mm:ssZ), which also sorts.
Derived wire fields (ip_version, member lists, references) are computed when rendering.
Ids sort byte-wise on every engine (lists page in id order): SQLite compares text that way,
PostgreSQL is told to with the "C" collation instead of the database's linguistic one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

# the type of the id columns (and of the foreign keys that copy it)
Identifier = String(64).with_variant(String(64, collation="C"), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Quota(Base):
    """Per-project quota overrides; a project without a row uses the published defaults."""

    __tablename__ = "quotas"

    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Credential(Base):
    """An access key pair declared by a seed file (used by signature checking)."""

    __tablename__ = "credentials"

    access_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    secret_key: Mapped[str] = mapped_column(String(256))
    project_id: Mapped[str | None] = mapped_column(String(64), default=None)


class Token(Base):
    """An IAM token declared by a seed file (what strict mode accepts as X-Auth-Token)."""

    __tablename__ = "tokens"

    # keyed by its SHA-256 (hex): a real IAM token runs to kilobytes, too long for an index
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(Text)
    project_id: Mapped[str | None] = mapped_column(String(64), default=None)

    @staticmethod
    def sha256_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class AvailabilityZone(Base):
    """An AZ of the region; AZs sharing `az_set` form one set of the AZ list."""

    __tablename__ = "availability_zones"

    code: Mapped[str] = mapped_column(Identifier, primary_key=True)
    az_set: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    protocol: Mapped[list[Any]] = mapped_column(default=list)
    public_border_group: Mapped[str] = mapped_column(String(64), default="center")
    category: Mapped[int] = mapped_column(Integer, default=0)
    spec_code: Mapped[str | None] = mapped_column(String(64), default=None)


class Vpc(Base):
    __tablename__ = "vpcs"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    cidr: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="OK")
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class Subnet(Base):
    """A VPC subnet. `neutron_subnet_id` is the IPv4 subnet id ELB calls subnet_cidr_id;
    a dual-stack subnet is named for its IPv6 side by `neutron_network_id`."""

    __tablename__ = "subnets"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    vpc_id: Mapped[str] = mapped_column(ForeignKey("vpcs.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    cidr: Mapped[str] = mapped_column(String(64))
    gateway_ip: Mapped[str] = mapped_column(String(64))
    ipv6_enable: Mapped[bool] = mapped_column(default=False)
    cidr_v6: Mapped[str] = mapped_column(String(64), default="")
    gateway_ip_v6: Mapped[str] = mapped_column(String(64), default="")
    dhcp_enable: Mapped[bool] = mapped_column(default=True)
    primary_dns: Mapped[str] = mapped_column(String(64), default="100.125.1.250")
    secondary_dns: Mapped[str] = mapped_column(String(64), default="100.125.64.250")
    availability_zone: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    neutron_network_id: Mapped[str] = mapped_column(String(64), unique=True)
    neutron_subnet_id: Mapped[str] = mapped_column(String(64), unique=True)
    neutron_subnet_id_v6: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class EcsInstance(Base):
    """A cloud server whose NICs can back instance-type members."""

    __tablename__ = "ecs_instances"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    availability_zone: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")

    nics: Mapped[list[EcsNic]] = relationship(
        back_populates="instance", cascade="all, delete-orphan", lazy="selectin"
    )


class EcsNic(Base):
    """A network interface (VPC port) of a cloud server, with its fixed IPs."""

    __tablename__ = "ecs_nics"

    port_id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("ecs_instances.id"), index=True)
    subnet_id: Mapped[str] = mapped_column(ForeignKey("subnets.id"), index=True)
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    ipv6_address: Mapped[str] = mapped_column(String(64), default="")

    instance: Mapped[EcsInstance] = relationship(back_populates="nics")


class LoadBalancer(Base):
    __tablename__ = "loadbalancers"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    vpc_id: Mapped[str] = mapped_column(String(64))
    vip_subnet_cidr_id: Mapped[str | None] = mapped_column(String(64), default=None)
    vip_address: Mapped[str | None] = mapped_column(String(64), default=None)
    vip_port_id: Mapped[str | None] = mapped_column(String(64), default=None)
    ipv6_vip_virsubnet_id: Mapped[str | None] = mapped_column(String(64), default=None)
    ipv6_vip_address: Mapped[str | None] = mapped_column(String(64), default=None)
    ipv6_vip_port_id: Mapped[str | None] = mapped_column(String(64), default=None)
    elb_virsubnet_ids: Mapped[list[Any]] = mapped_column(default=list)
    elb_virsubnet_type: Mapped[str] = mapped_column(String(16), default="ipv4")
    availability_zone_list: Mapped[list[Any]] = mapped_column(default=list)
    ip_target_enable: Mapped[bool] = mapped_column(default=False)
    provisioning_status: Mapped[str] = mapped_column(String(32), default="ACTIVE")
    operating_status: Mapped[str] = mapped_column(String(32), default="ONLINE")
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    guaranteed: Mapped[bool] = mapped_column(default=True)
    provider: Mapped[str] = mapped_column(String(32), default="vlb")
    l4_flavor_id: Mapped[str | None] = mapped_column(String(64), default=None)
    l7_flavor_id: Mapped[str | None] = mapped_column(String(64), default=None)
    deletion_protection_enable: Mapped[bool] = mapped_column(default=False)
    protection_status: Mapped[str] = mapped_column(String(32), default="nonProtection")
    protection_reason: Mapped[str] = mapped_column(String(255), default="")
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    public_border_group: Mapped[str] = mapped_column(String(64), default="center")
    # what traffic does when a bound WAF fails; kept and shown, mockelb binds no WAF
    waf_failure_action: Mapped[str] = mapped_column(String(16), default="forward")
    tags: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class Listener(Base):
    """A listener of a load balancer; its many optional flags are columns so they filter."""

    __tablename__ = "listeners"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    loadbalancer_id: Mapped[str] = mapped_column(ForeignKey("loadbalancers.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    protocol: Mapped[str] = mapped_column(String(32))
    protocol_port: Mapped[int] = mapped_column(Integer)
    default_pool_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    connection_limit: Mapped[int] = mapped_column(Integer, default=-1)
    http2_enable: Mapped[bool] = mapped_column(default=False)
    default_tls_container_ref: Mapped[str | None] = mapped_column(String(128), default=None)
    client_ca_tls_container_ref: Mapped[str | None] = mapped_column(String(128), default=None)
    sni_container_refs: Mapped[list[Any]] = mapped_column(default=list)
    sni_match_algo: Mapped[str | None] = mapped_column(String(32), default=None)
    tls_ciphers_policy: Mapped[str | None] = mapped_column(String(64), default=None)
    security_policy_id: Mapped[str | None] = mapped_column(String(64), default=None)
    insert_headers: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    enable_member_retry: Mapped[bool] = mapped_column(default=True)
    keepalive_timeout: Mapped[int | None] = mapped_column(Integer, default=None)
    client_timeout: Mapped[int | None] = mapped_column(Integer, default=None)
    member_timeout: Mapped[int | None] = mapped_column(Integer, default=None)
    ipgroup: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    transparent_client_ip_enable: Mapped[bool] = mapped_column(default=False)
    proxy_protocol_enable: Mapped[bool] = mapped_column(default=False)
    enhance_l7policy_enable: Mapped[bool] = mapped_column(default=False)
    quic_config: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    gzip_enable: Mapped[bool] = mapped_column(default=False)
    port_ranges: Mapped[list[Any] | None] = mapped_column(default=None)
    ssl_early_data_enable: Mapped[bool] = mapped_column(default=False)
    nat64_enable: Mapped[bool] = mapped_column(default=False)
    cps: Mapped[int] = mapped_column(Integer, default=0)
    connection: Mapped[int] = mapped_column(Integer, default=0)
    protection_status: Mapped[str] = mapped_column(String(32), default="nonProtection")
    protection_reason: Mapped[str] = mapped_column(String(255), default="")
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    tags: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class HealthMonitor(Base):
    """The health check of one pool (a pool has at most one: pool_id is unique).

    Defined before Pool, whose healthmonitor_id is read from this table.
    """

    __tablename__ = "healthmonitors"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    pool_id: Mapped[str] = mapped_column(ForeignKey("pools.id"), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    type: Mapped[str] = mapped_column(String(16))
    delay: Mapped[int] = mapped_column(Integer)
    timeout: Mapped[int] = mapped_column(Integer)
    max_retries: Mapped[int] = mapped_column(Integer)
    max_retries_down: Mapped[int] = mapped_column(Integer, default=3)
    monitor_port: Mapped[int | None] = mapped_column(Integer, default=None)
    http_method: Mapped[str | None] = mapped_column(String(16), default=None)
    url_path: Mapped[str | None] = mapped_column(String(255), default=None)
    domain_name: Mapped[str | None] = mapped_column(String(100), default=None)
    expected_codes: Mapped[str | None] = mapped_column(String(64), default=None)
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class Pool(Base):
    """A backend server group; its health monitor, if any, points at it (HealthMonitor)."""

    __tablename__ = "pools"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    loadbalancer_id: Mapped[str | None] = mapped_column(
        ForeignKey("loadbalancers.id"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    protocol: Mapped[str] = mapped_column(String(16))
    lb_algorithm: Mapped[str] = mapped_column(String(32))
    ip_version: Mapped[str] = mapped_column(String(16), default="v4")
    any_port_enable: Mapped[bool] = mapped_column(default=False)
    az_affinity: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    type: Mapped[str] = mapped_column(String(16), default="")
    vpc_id: Mapped[str] = mapped_column(String(64), default="")
    session_persistence: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    slow_start: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    connection_drain: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    pool_health: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    quic_cid_hash_strategy: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    member_deletion_protection_enable: Mapped[bool] = mapped_column(default=False)
    protection_status: Mapped[str] = mapped_column(String(32), default="nonProtection")
    protection_reason: Mapped[str] = mapped_column(String(255), default="")
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    public_border_group: Mapped[str] = mapped_column(String(64), default="center")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))
    # read from the pool's monitor (HealthMonitor.pool_id, unique), never stored: loaded
    # with the pool in the same SELECT, so a pool cannot disagree with its monitor (a
    # monitor created or deleted later in the same session shows once the pool is reloaded)
    healthmonitor_id: Mapped[str | None] = column_property(
        select(HealthMonitor.id)
        .where(HealthMonitor.pool_id == id)
        .correlate_except(HealthMonitor)
        .scalar_subquery()
    )


class Member(Base):
    """A backend server of a pool; (pool, address, protocol_port) identifies it."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("pool_id", "address", "protocol_port", name="uq_member_endpoint"),
        Index("ix_members_project_id", "project_id", "id"),
    )

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64))
    pool_id: Mapped[str] = mapped_column(ForeignKey("pools.id"))
    name: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str] = mapped_column(String(64))
    protocol_port: Mapped[int] = mapped_column(Integer)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    subnet_cidr_id: Mapped[str | None] = mapped_column(String(64), default=None)
    ip_version: Mapped[str] = mapped_column(String(4), default="v4")
    member_type: Mapped[str] = mapped_column(String(16), default="instance")
    instance_id: Mapped[str] = mapped_column(String(64), default="")
    port_id: Mapped[str] = mapped_column(String(64), default="")
    admin_state_up: Mapped[bool] = mapped_column(default=False)
    availability_zone: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class ForcedMemberHealth(Base):
    """A member's health as a test forced it (PUT /_mockelb/members/{id}/health): for one
    listener of its pool, or for every listener when listener_id is "".

    Goes with its member (ON DELETE CASCADE): deleting the member, its pool or its load
    balancer removes it.
    """

    __tablename__ = "forced_member_health"

    member_id: Mapped[str] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    listener_id: Mapped[str] = mapped_column(Identifier, primary_key=True, default="")
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    operating_status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(32), default=None)
    expected_response: Mapped[str | None] = mapped_column(String(64), default=None)
    healthcheck_response: Mapped[str | None] = mapped_column(String(64), default=None)


class MemberCheckJob(Base):
    """A member check job (create_member_health_check_job): what the check found, kept as
    show_member_health_check_job answers it.

    A snapshot, kept after its member and listener are gone: no foreign key, so deleting
    the member (its pool, its load balancer) leaves the job readable, as the result of a
    check that ran. result is the MemberCheckJobResult object, in its wire shape.
    """

    __tablename__ = "member_check_jobs"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    member_id: Mapped[str] = mapped_column(String(64))
    listener_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="processed")
    check_item_total_num: Mapped[int] = mapped_column(Integer)
    check_item_finished_num: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class Flavor(Base):
    """A load balancer flavor (specification) of the region, declared by seed data."""

    __tablename__ = "flavors"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(32))
    shared: Mapped[bool] = mapped_column(default=True)
    # None: a public flavor every project sees; else the only project that sees it
    project_id: Mapped[str | None] = mapped_column(String(64), default=None)
    flavor_sold_out: Mapped[bool] = mapped_column(default=False)
    public_border_group: Mapped[str] = mapped_column(String(64), default="center")
    category: Mapped[int] = mapped_column(Integer, default=0)
    info: Mapped[dict[str, Any]] = mapped_column(default=dict)
