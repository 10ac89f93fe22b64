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
    # "gateway" for a gateway load balancer (seed data only: the create option has no such
    # field), None for the others; a gateway one has gw_flavor_id instead of l4/l7 flavors
    loadbalancer_type: Mapped[str | None] = mapped_column(String(16), default=None)
    gw_flavor_id: Mapped[str | None] = mapped_column(String(64), default=None)
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
    default_tls_container_ref: Mapped[str | None] = mapped_column(
        String(128), default=None, index=True
    )
    client_ca_tls_container_ref: Mapped[str | None] = mapped_column(
        String(128), default=None, index=True
    )
    sni_container_refs: Mapped[list[Any]] = mapped_column(default=list)
    sni_match_algo: Mapped[str | None] = mapped_column(String(32), default=None)
    tls_ciphers_policy: Mapped[str | None] = mapped_column(String(64), default=None)
    security_policy_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
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


class Logtank(Base):
    """The access logging of one load balancer into a Log Tank Service (LTS) log group and
    log stream (topic); a load balancer has at most one (loadbalancer_id is unique).

    Goes with its load balancer (ON DELETE CASCADE): deleting the load balancer, in any of
    the ways the API has, removes it. LTS itself is not emulated (services/logtanks.py).
    """

    __tablename__ = "logtanks"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    loadbalancer_id: Mapped[str] = mapped_column(
        ForeignKey("loadbalancers.id", ondelete="CASCADE"), unique=True
    )
    log_group_id: Mapped[str] = mapped_column(String(36), index=True)
    log_topic_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class LoadBalancerDns(Base):
    """The domain name resolution of one load balancer (update_system_default_domain_config,
    update_user_defined_domain_config): its public and private domain name switches, the
    DNS zones the names are made in, and their TTLs. A load balancer without a row has the
    documented defaults (both off, TTL 300, private zone type "private").

    Goes with its load balancer (ON DELETE CASCADE), and takes its IP rows with it.
    """

    __tablename__ = "loadbalancer_dns"

    loadbalancer_id: Mapped[str] = mapped_column(
        ForeignKey("loadbalancers.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    public_domain_name_enable: Mapped[bool] = mapped_column(default=False)
    public_dns_zone_name: Mapped[str | None] = mapped_column(String(255), default=None)
    public_dns_record_set_ttl: Mapped[int] = mapped_column(Integer, default=300)
    private_domain_name_enable: Mapped[bool] = mapped_column(default=False)
    private_dns_zone_name: Mapped[str | None] = mapped_column(String(255), default=None)
    private_dns_zone_type: Mapped[str] = mapped_column(String(16), default="private")
    private_dns_record_set_ttl: Mapped[int] = mapped_column(Integer, default=300)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class LoadBalancerDnsIp(Base):
    """One IP address of a load balancer in its domain name resolution (list_domain_i_ps):
    whether the address is in the record set (batch_enable/disable_domain_i_ps). type vip
    (a private address, resolved by the private domain name) or eip (a public one, by the
    public domain name). Kept for every current address of a load balancer that has a
    LoadBalancerDns row (services/domain_ips.py follows the addresses)."""

    __tablename__ = "loadbalancer_dns_ips"
    __table_args__ = (UniqueConstraint("loadbalancer_id", "ip_address", name="uq_dns_ip_address"),)

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    loadbalancer_id: Mapped[str] = mapped_column(
        ForeignKey("loadbalancer_dns.loadbalancer_id", ondelete="CASCADE"), index=True
    )
    ip_address: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(8))
    enable: Mapped[bool] = mapped_column(default=True)
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
    # an active/standby pool (create_master_slave_pool): two members, one of each role
    # (Member.role), and its monitor, all set when it is created (services/master_slave_rules)
    master_slave: Mapped[bool] = mapped_column(default=False)
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
        # a pool's members in id order: a page of list_members without sorting the pool
        Index("ix_members_pool_id", "pool_id", "id"),
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
    # "master" or "slave" in an active/standby pool (Pool.master_slave); None elsewhere
    role: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class L7Policy(Base):
    """A forwarding policy of an HTTP(S) listener: where the requests its rules match go.

    The pools it forwards to (REDIRECT_TO_POOL) are its L7PolicyPool rows, whatever field
    named them; redirect_pool_id and redirect_pools_config are kept as the client set them.
    """

    __tablename__ = "l7policies"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    listener_id: Mapped[str] = mapped_column(
        ForeignKey("listeners.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(32))
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    priority: Mapped[int | None] = mapped_column(Integer, default=None)
    provisioning_status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    redirect_pool_id: Mapped[str | None] = mapped_column(String(64), default=None)
    redirect_listener_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    redirect_url: Mapped[str | None] = mapped_column(String(255), default=None)
    redirect_url_config: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    redirect_pools_config: Mapped[list[Any] | None] = mapped_column(default=None)
    redirect_pools_sticky_session_config: Mapped[dict[str, Any] | None] = mapped_column(
        default=None
    )
    redirect_pools_extend_config: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    fixed_response_config: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class L7PolicyPool(Base):
    """A pool a forwarding policy names, and what keeps it from being deleted: one it
    forwards to (role "forward", which makes the pool one the policy's listener uses), or
    the target of its traffic mirror (role "mirror")."""

    __tablename__ = "l7policy_pools"

    l7policy_id: Mapped[str] = mapped_column(
        ForeignKey("l7policies.id", ondelete="CASCADE"), primary_key=True
    )
    pool_id: Mapped[str] = mapped_column(ForeignKey("pools.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(8), primary_key=True, default="forward")
    project_id: Mapped[str] = mapped_column(String(64), index=True)


class L7Rule(Base):
    """A forwarding rule: one match condition of a forwarding policy."""

    __tablename__ = "l7rules"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    l7policy_id: Mapped[str] = mapped_column(
        ForeignKey("l7policies.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16))
    compare_type: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(255), default=None)
    value: Mapped[str] = mapped_column(String(128))
    invert: Mapped[bool] = mapped_column(default=False)
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    provisioning_status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class SecurityPolicy(Base):
    """A custom TLS security policy; the listeners that use it name it (security_policy_id).

    protocols and ciphers are kept as the system policies show theirs, space- and
    colon-separated, in the order sent: list_security_policies filters on those strings.
    """

    __tablename__ = "security_policies"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    protocols: Mapped[str] = mapped_column(String(64))
    ciphers: Mapped[str] = mapped_column(String(1024))
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
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


class Job(Base):
    """An asynchronous task of the cloud (list_jobs, show_job): a clone, a batch create or
    delete. mockelb does the work before it answers, so every job is stored finished.

    A record of work done, kept after its resources are gone (no foreign key). sub_jobs
    holds its SubJob objects in their wire shape (services/jobs.py).
    """

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    job_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="COMPLETE")
    resource_id: Mapped[str] = mapped_column(String(64), default="")
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error_msg: Mapped[str | None] = mapped_column(String(1024), default=None)
    begin_time: Mapped[str] = mapped_column(String(20))
    end_time: Mapped[str] = mapped_column(String(20))
    sub_jobs: Mapped[list[Any]] = mapped_column(default=list)


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
    # the region's default flavor of its layer (L4 or L7), which a load balancer created
    # with neither l4_flavor_id nor l7_flavor_id gets (services/loadbalancer_flavors.py)
    default: Mapped[bool] = mapped_column(default=False)


class IpGroup(Base):
    """An IP address group: the addresses a listener's access control allows or denies.

    ip_list holds its entries as the API shows them ({"ip", "description"}, in address
    order); the listeners that use it are those whose ipgroup names it (read, never stored).
    """

    __tablename__ = "ipgroups"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    ip_list: Mapped[list[Any]] = mapped_column(default=list)
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class Certificate(Base):
    """An SSL certificate for listeners: a server certificate (with its private key) or a
    client (CA) certificate. What the certificate says of itself (expiry, subject, SANs,
    fingerprint) is read from its PEM once, when it is stored."""

    __tablename__ = "certificates"

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    type: Mapped[str] = mapped_column(String(16), default="server")
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    domain: Mapped[str | None] = mapped_column(Text, default=None)
    certificate: Mapped[str] = mapped_column(Text)
    # a server certificate's key; a client (CA) certificate keeps none
    private_key: Mapped[str | None] = mapped_column(Text, default=None)
    expire_time: Mapped[str] = mapped_column(String(20))
    common_name: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    subject_alternative_names: Mapped[list[Any]] = mapped_column(default=list)
    scm_certificate_id: Mapped[str | None] = mapped_column(String(128), default=None)
    source: Mapped[str] = mapped_column(String(16), default="")
    protection_status: Mapped[str] = mapped_column(String(32), default="nonProtection")
    protection_reason: Mapped[str] = mapped_column(String(255), default="")
    enterprise_project_id: Mapped[str] = mapped_column(String(64), default="0")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))


class CertificateSetting(Base):
    """A project's certificate settings (create_certificate_private_key_echo); a project
    without a row has the defaults (private_key_echo on, as the cloud's default is)."""

    __tablename__ = "certificate_settings"

    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_key_echo: Mapped[bool] = mapped_column(default=True)


class RecycleBin(Base):
    """A project's load balancer recycle bin (show_recycle_bin): whether deleting a load
    balancer puts it in the bin, and the bin's policy. A project without a row has the
    defaults (off; services/recycle_bin.py)."""

    __tablename__ = "recycle_bins"

    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enable: Mapped[bool] = mapped_column(default=False)
    recycle_threshold_hour: Mapped[int] = mapped_column(Integer)
    retention_hour: Mapped[int] = mapped_column(Integer)


class RecycledLoadBalancer(Base):
    """A load balancer in its project's recycle bin: deleted as far as the API goes (its
    row stays, provisioning_status RECYCLING, with its listeners and pools) until it is
    restored, deleted from the bin, or auto_terminate_time passes.

    delete_pools: what the delete that put it there does to its pools when the bin lets
    it go for good (a cascade delete with unbounded_pool false unbinds them instead).
    """

    __tablename__ = "recycled_loadbalancers"

    loadbalancer_id: Mapped[str] = mapped_column(
        ForeignKey("loadbalancers.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    auto_terminate_time: Mapped[str] = mapped_column(String(20))
    delete_pools: Mapped[bool] = mapped_column(default=True)


class FeatureConfig(Base):
    """A feature configuration a seed declared for a project (list_feature_configs); the
    built-in ones (domain/features.py) have no row, a row of the same feature replaces one."""

    __tablename__ = "feature_configs"
    __table_args__ = (UniqueConstraint("project_id", "feature", name="uq_feature_config"),)

    id: Mapped[str] = mapped_column(Identifier, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    feature: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(255))
    switch: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    caller: Mapped[str] = mapped_column(String(64), default="system")
    created_at: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[str] = mapped_column(String(20))
