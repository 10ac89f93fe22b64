"""Active/standby (master-slave) pools (mockelb/services/master_slave_pools.py), through the
official SDK and raw HTTP: create (its members and monitor, every refusal, nothing written
when refused), show, list (filters, paging), delete, how the ordinary pool, member and
monitor operations see such a pool and may not change it, and the state round trip."""

from __future__ import annotations

import json
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from starlette.testclient import TestClient

from mockelb.seed import SeedDocument, build_snapshot
from mockelb.services.master_slave_pools import MASTER_SLAVE_POOL_LIST
from mockelb.testing import MockElbClient
from tests import demo
from tests.error_codes import (
    CONFLICT,
    INVALID_INPUT,
    IP_TARGET_NOT_ENABLED,
    NOT_FOUND,
    QUOTA_EXCEEDED,
)
from tests.factories import (
    ELB,
    MASTER_SLAVE_POOL_DEFAULTS,
    batch_delete_pools,
    create_listener,
    create_master_slave_pool,
    delete_master_slave_pool,
    ids_of,
    list_health_monitors,
    list_master_slave_pools,
    list_members,
    list_pools,
    master_slave_pool_option,
    on_subnet,
    show_listener,
    show_load_balancer_status,
    show_master_slave_pool,
    show_member,
    show_pool,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    pager,
    walk_forward,
)

POOLS = f"{ELB}/master-slave-pools"
MASTER, SLAVE = MASTER_SLAVE_POOL_DEFAULTS["members"]
ECS_1_ADDRESS = "192.168.0.10"


def create_request(**fields: Any) -> Any:
    body = elb_v3.CreateMasterSlavePoolRequestBody(pool=master_slave_pool_option(**fields))
    return elb_v3.CreateMasterSlavePoolRequest(body=body)


def state(http: httpx.Client) -> str:
    """A fingerprint of pools, members, monitors, listeners and quota usage."""
    parts = []
    for path, key in [
        ("/pools", "pools"),
        ("/members", "members"),
        ("/healthmonitors", "healthmonitors"),
        ("/listeners", "listeners"),
        ("/master-slave-pools", "pools"),
        ("/quotas/details", "quotas"),
    ]:
        parts.append(json.dumps(http.get(ELB + path).json()[key], sort_keys=True))
    return "\n".join(parts)


def refused_create(
    elb: Any, http: httpx.Client, status: int, code: str, message: str | None = None, **fields: Any
) -> None:
    """create_master_slave_pool with these fields is refused, and writes nothing."""
    before = state(http)
    assert_refused(
        lambda: elb.create_master_slave_pool(create_request(**fields)), status, code, message
    )
    assert state(http) == before


def udp_listener(elb: Any, port: int = 53) -> str:
    listener_id: str = create_listener(
        elb, loadbalancer_id=demo.LB_IP_TARGETS, protocol="UDP", protocol_port=port
    ).id
    return listener_id


# --- create -------------------------------------------------------------------------------


def test_create_answers_the_pool_with_its_members_and_monitor(elb: Any) -> None:
    response = elb.create_master_slave_pool(create_request(name="ms", description="d"))

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    pool = response.pool
    assert UUID.match(pool.id) and TIME.match(pool.created_at) and TIME.match(pool.updated_at)
    assert (pool.name, pool.description, pool.protocol, pool.lb_algorithm) == (
        "ms",
        "d",
        "TCP",
        "ROUND_ROBIN",
    )
    assert (pool.project_id, pool.type, pool.ip_version) == (demo.PROJECT, "", "v4")
    assert ids_of(pool.loadbalancers) == [demo.LB] and pool.listeners == []
    assert pool.vpc_id == demo.VPC  # taken from the instance members, as batch-add does
    assert (pool.any_port_enable, pool.session_persistence) == (False, None)
    assert pool.connection_drain.enable is False
    assert (pool.enterprise_project_id, pool.public_border_group) == ("0", "center")
    master, slave = pool.members
    assert (master.role, master.address, master.protocol_port) == ("master", ECS_1_ADDRESS, 80)
    assert (slave.role, slave.address) == ("slave", "192.168.0.11")
    # ECS 1 backs the master; nothing backs the slave's address
    assert (master.member_type, master.instance_id, master.admin_state_up) == (
        "instance",
        demo.ECS_1,
        True,
    )
    assert (master.device_id, master.device_owner) == (demo.ECS_1, f"compute:{demo.AZ_1}")
    assert (slave.instance_id, slave.admin_state_up, slave.device_owner) == ("", False, "")
    # a monitor checks them, on no listener yet
    assert (master.operating_status, master.status) == ("INITIAL", [])
    monitor = pool.healthmonitor
    assert UUID.match(monitor.id)
    assert (monitor.type, monitor.delay, monitor.timeout, monitor.max_retries) == ("TCP", 5, 3, 3)
    assert (monitor.max_retries_down, monitor.admin_state_up, monitor.url_path) == (3, True, "/")
    assert (monitor.http_method, monitor.expected_codes, monitor.monitor_port) == (
        "GET",
        "200",
        None,
    )


def test_every_response_field_has_its_sdk_type(http: httpx.Client) -> None:
    body = master_slave_pool_option(
        session_persistence=elb_v3.CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
        connection_drain=elb_v3.ConnectionDrain(enable=True, timeout=60),
    ).to_dict()
    created = assert_ok_response(http.post(POOLS, json={"pool": body}), 201)
    assert_model_fields(created["pool"], elb_v3.MasterSlavePool)
    shown = assert_ok_response(http.get(f"{POOLS}/{created['pool']['id']}"))
    listed = assert_ok_response(http.get(POOLS))

    assert shown["pool"] == created["pool"] == listed["pools"][0]
    for member in created["pool"]["members"]:
        assert set(member) == set(elb_v3.MasterSlaveMember.attribute_map.values())
    assert set(created["pool"]["healthmonitor"]) == set(
        elb_v3.MasterSlaveHealthMonitor.attribute_map.values()
    )
    assert created["pool"]["session_persistence"]["type"] == "SOURCE_IP"
    assert created["pool"]["connection_drain"] == {"enable": True, "timeout": 60}


def test_a_pool_behind_a_listener_is_its_default_pool(elb: Any) -> None:
    listener_id = udp_listener(elb)

    pool = create_master_slave_pool(
        elb,
        protocol="UDP",
        loadbalancer_id=None,
        listener_id=listener_id,
        members=[
            {"address": "10.8.0.1", "protocol_port": 53, "role": "master"},
            {"address": "10.8.0.2", "protocol_port": 53, "role": "slave"},
        ],
        healthmonitor={"type": "UDP_CONNECT", "delay": 3, "timeout": 2, "max_retries": 2},
    )

    assert ids_of(pool.listeners) == [listener_id]
    assert ids_of(pool.loadbalancers) == [demo.LB_IP_TARGETS]
    assert show_listener(elb, listener_id).default_pool_id == pool.id
    # IP-type members (the load balancer has ip_target_enable), seen by the listener
    assert [member.member_type for member in pool.members] == ["ip", "ip"]
    assert [(s.listener_id, s.operating_status) for s in pool.members[0].status] == [
        (listener_id, "OFFLINE")  # no server behind an IP address: OFFLINE to its listener
    ]
    (listener,) = [
        item
        for item in show_load_balancer_status(elb, demo.LB_IP_TARGETS).listeners
        if item.id == listener_id
    ]
    assert ids_of(listener.pools) == [pool.id]
    assert ids_of(listener.pools[0].members) == sorted(ids_of(pool.members))


def test_the_terraform_example_pool_of_type_instance(elb: Any) -> None:
    """Huawei's Terraform acceptance test: no load balancer, IP-type members, HTTP checks."""
    pool = create_master_slave_pool(
        elb,
        loadbalancer_id=None,
        type="instance",
        vpc_id=demo.VPC,
        ip_version="dualstack",
        any_port_enable=False,
        connection_drain=elb_v3.ConnectionDrain(enable=True, timeout=100),
        members=[
            {"address": "192.168.0.1", "protocol_port": 45, "role": "master"},
            {"address": "192.168.0.2", "protocol_port": 36, "role": "slave"},
        ],
        healthmonitor={
            "type": "HTTP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
            "max_retries_down": 3,
            "expected_codes": "200",
            "http_method": "HEAD",
        },
    )

    assert (pool.type, pool.vpc_id, pool.ip_version, pool.loadbalancers) == (
        "instance",
        demo.VPC,
        "dualstack",
        [],
    )
    assert (pool.connection_drain.enable, pool.connection_drain.timeout) == (True, 100)
    assert [member.operating_status for member in pool.members] == ["UNKNOWN", "UNKNOWN"]
    assert (pool.healthmonitor.http_method, pool.healthmonitor.expected_codes) == ("HEAD", "200")


def test_a_quic_pool_with_its_hash_strategy(elb: Any) -> None:
    pool = create_master_slave_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="QUIC_CID",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=elb_v3.CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
        quic_cid_hash_strategy=elb_v3.QuicCidHashStrategy(len=5),
        any_port_enable=True,
        members=[
            {"address": "10.8.0.1", "role": "master"},
            {"address": "10.8.0.2", "role": "slave"},
        ],
        healthmonitor={
            "type": "UDP_CONNECT",
            "delay": 3,
            "timeout": 2,
            "max_retries": 2,
            "monitor_port": 4433,
        },
    )

    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (5, 1)
    # full-port forwarding: the members keep no port
    assert [member.protocol_port for member in pool.members] == [0, 0]
    assert pool.healthmonitor.monitor_port == 4433


def test_the_pool_is_a_pool_to_the_ordinary_reads(elb: Any) -> None:
    pool = create_master_slave_pool(elb)

    shown = show_pool(elb, pool.id)
    assert shown.healthmonitor_id == pool.healthmonitor.id
    assert sorted(ids_of(shown.members)) == sorted(ids_of(pool.members))
    assert pool.id in ids_of(list_pools(elb))
    assert pool.healthmonitor.id in ids_of(list_health_monitors(elb))
    assert sorted(ids_of(list_members(elb, pool.id))) == sorted(ids_of(pool.members))
    master = show_member(elb, pool.id, pool.members[0].id)
    assert (master.address, master.weight) == (ECS_1_ADDRESS, 1)


# --- create: refusals ---------------------------------------------------------------------

TWO_MASTERS = [dict(MASTER), {**SLAVE, "role": "master"}]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"members": [MASTER]}, "members", id="one-member"),
        pytest.param(
            {"members": [MASTER, SLAVE, {**SLAVE, "address": "192.168.0.12"}]},
            "members",
            id="three-members",
        ),
        pytest.param({"members": TWO_MASTERS}, "one master member", id="two-masters"),
        pytest.param(
            {"members": [MASTER, {**MASTER, "role": "slave"}]}, "differ", id="same-endpoint"
        ),
        pytest.param({"members": [MASTER, {**SLAVE, "role": "backup"}]}, "role", id="bad-role"),
        pytest.param({"protocol": "HTTP"}, "protocol", id="http-protocol"),
        pytest.param({"lb_algorithm": "2_TUPLE_HASH"}, "lb_algorithm", id="tuple-hash"),
        pytest.param({"lb_algorithm": "QUIC_CID"}, "lb_algorithm", id="quic-cid-on-tcp"),
        pytest.param({"type": ""}, "type", id="empty-type"),
        pytest.param({"loadbalancer_id": None}, "one of", id="no-owner"),
        pytest.param(
            {"loadbalancer_id": None, "type": "instance"}, "vpc_id", id="instance-without-vpc"
        ),
        pytest.param(
            {"healthmonitor": {"type": "TLS", "delay": 5, "timeout": 3, "max_retries": 3}},
            "healthmonitor.type",
            id="monitor-type-tls",
        ),
        pytest.param(
            {"healthmonitor": {"type": "UDP_CONNECT", "delay": 5, "timeout": 3, "max_retries": 3}},
            "healthmonitor.type",
            id="udp-monitor-on-tcp-pool",
        ),
        pytest.param(
            {"healthmonitor": {"type": "TCP", "delay": 51, "timeout": 3, "max_retries": 3}},
            "healthmonitor.delay",
            id="delay-out-of-range",
        ),
        pytest.param(
            {
                "healthmonitor": {
                    "type": "HTTP",
                    "delay": 5,
                    "timeout": 3,
                    "max_retries": 3,
                    "url_path": "no-slash",
                }
            },
            "healthmonitor.url_path",
            id="bad-url-path",
        ),
        pytest.param(
            {"members": [{**MASTER, "address": "192.168.1.10"}, SLAVE]},
            "members[0].address",
            id="address-outside-subnet",
        ),
        pytest.param(
            {"members": [{**MASTER, "protocol_port": None}, SLAVE]},
            "members[0].protocol_port",
            id="port-missing",
        ),
        pytest.param(
            {"session_persistence": elb_v3.CreatePoolSessionPersistenceOption(type="APP_COOKIE")},
            "cookie_name",
            id="app-cookie-without-name",
        ),
        pytest.param(
            {"protocol": "TLS", "any_port_enable": True}, "any_port_enable", id="any-port-on-tls"
        ),
    ],
)
def test_an_invalid_request_is_400_and_writes_nothing(
    elb: Any, http: httpx.Client, fields: dict[str, Any], message: str
) -> None:
    refused_create(elb, http, 400, INVALID_INPUT, message, **fields)


def test_a_listener_of_another_protocol_takes_none(elb: Any, http: httpx.Client) -> None:
    listener_id = create_listener(elb, protocol="HTTP", protocol_port=8080).id

    refused_create(
        elb,
        http,
        400,
        INVALID_INPUT,
        "HTTP listeners",
        loadbalancer_id=None,
        listener_id=listener_id,
    )


def test_a_udp_listener_takes_no_tcp_pool(elb: Any, http: httpx.Client) -> None:
    listener_id = udp_listener(elb)

    refused_create(
        elb, http, 400, INVALID_INPUT, "protocol", loadbalancer_id=None, listener_id=listener_id
    )


def test_a_listener_with_a_default_pool_is_a_conflict(elb: Any, http: httpx.Client) -> None:
    refused_create(
        elb, http, 409, CONFLICT, "default pool", loadbalancer_id=None, listener_id=demo.LISTENER
    )


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        pytest.param({"loadbalancer_id": demo.UNKNOWN_ID}, "loadbalancer", id="loadbalancer"),
        pytest.param({"listener_id": demo.UNKNOWN_ID}, "listener", id="listener"),
        pytest.param(
            {"members": [{**MASTER, "subnet_cidr_id": demo.UNKNOWN_ID}, SLAVE]},
            "subnet",
            id="subnet",
        ),
    ],
)
def test_an_unknown_resource_is_404(
    elb: Any, http: httpx.Client, fields: dict[str, Any], kind: str
) -> None:
    refused_create(
        elb, http, 404, NOT_FOUND, f"{kind} {demo.UNKNOWN_ID} could not be found", **fields
    )


def test_an_ip_member_needs_ip_target_enable(elb: Any, http: httpx.Client) -> None:
    members = [{"address": "10.8.0.1", "protocol_port": 80, "role": "master"}, SLAVE]

    refused_create(elb, http, 400, IP_TARGET_NOT_ENABLED, members=members)


def test_the_pool_quota_counts_it(elb: Any, http: httpx.Client, mockelb: MockElbClient) -> None:
    used = len(list_pools(elb))
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"pool": used}}]})

    refused_create(elb, http, 409, QUOTA_EXCEEDED, "pool")


def test_the_member_quota_counts_its_members(
    elb: Any, http: httpx.Client, mockelb: MockElbClient
) -> None:
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"members_per_pool": 1}}]})

    refused_create(elb, http, 409, QUOTA_EXCEEDED, "members_per_pool")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({"pool": {**MASTER_SLAVE_POOL_DEFAULTS, "weight": 1}}, "weight", id="unknown"),
        pytest.param(
            {"pool": {k: v for k, v in MASTER_SLAVE_POOL_DEFAULTS.items() if k != "healthmonitor"}},
            "healthmonitor",
            id="no-monitor",
        ),
        pytest.param(
            {"pool": {**MASTER_SLAVE_POOL_DEFAULTS, "members": {"role": "master"}}},
            "members",
            id="members-not-a-list",
        ),
        pytest.param(
            {
                "pool": {
                    **MASTER_SLAVE_POOL_DEFAULTS,
                    "members": [{**MASTER, "weight": 5}, SLAVE],
                }
            },
            "weight",
            id="member-weight",
        ),
        pytest.param({"pools": MASTER_SLAVE_POOL_DEFAULTS}, "pools", id="wrong-key"),
        pytest.param([], "body", id="not-an-object"),
    ],
)
def test_a_malformed_body_is_400_and_writes_nothing(
    http: httpx.Client, body: Any, message: str
) -> None:
    before = state(http)

    assert_error_response(http.post(POOLS, json=body), 400, INVALID_INPUT, message)
    assert state(http) == before


# --- show, list ---------------------------------------------------------------------------


def test_show_of_an_unknown_or_ordinary_pool_is_404(elb: Any) -> None:
    for pool_id in (demo.UNKNOWN_ID, demo.POOL):
        assert_refused(
            lambda pool_id=pool_id: elb.show_master_slave_pool(
                elb_v3.ShowMasterSlavePoolRequest(pool_id=pool_id)
            ),
            404,
            NOT_FOUND,
            f"pool {pool_id} could not be found",
        )


def test_show_answers_what_create_did(elb: Any) -> None:
    created = create_master_slave_pool(elb)

    assert show_master_slave_pool(elb, created.id).to_dict() == created.to_dict()


def test_the_list_holds_the_active_standby_pools_alone(elb: Any) -> None:
    assert list_master_slave_pools(elb) == []
    first = create_master_slave_pool(elb)

    assert ids_of(list_master_slave_pools(elb)) == [first.id]


def test_the_list_filters(elb: Any) -> None:
    listener_id = udp_listener(elb)
    udp = create_master_slave_pool(
        elb,
        protocol="UDP",
        name="udp",
        loadbalancer_id=None,
        listener_id=listener_id,
        members=[
            {"address": "10.8.0.1", "protocol_port": 53, "role": "master"},
            {"address": "10.8.0.2", "protocol_port": 53, "role": "slave"},
        ],
        healthmonitor={"type": "UDP_CONNECT", "delay": 3, "timeout": 2, "max_retries": 2},
        connection_drain=elb_v3.ConnectionDrain(enable=True, timeout=30),
    )
    tcp = create_master_slave_pool(elb, name="tcp", description="second")
    typed = create_master_slave_pool(
        elb,
        loadbalancer_id=None,
        type="ip",
        lb_algorithm="SOURCE_IP",
        members=[
            {"address": "10.9.0.1", "protocol_port": 80, "role": "master"},
            {"address": "10.9.0.2", "protocol_port": 80, "role": "slave"},
        ],
    )

    def listed(**query: Any) -> list[str]:
        return sorted(ids_of(list_master_slave_pools(elb, **query)))

    assert listed(protocol=["UDP"]) == [udp.id]
    assert listed(name=["tcp", "udp"]) == sorted([tcp.id, udp.id])
    assert listed(description=["second"]) == [tcp.id]
    assert listed(loadbalancer_id=[demo.LB]) == [tcp.id]
    assert listed(listener_id=[listener_id]) == [udp.id]
    assert listed(member_address=["10.9.0.2"]) == [typed.id]
    assert listed(member_device_id=[demo.ECS_1]) == [tcp.id]
    assert listed(member_instance_id=[tcp.members[1].id]) == [tcp.id]
    assert listed(healthmonitor_id=[udp.healthmonitor.id]) == [udp.id]
    assert listed(id=[typed.id]) == [typed.id]
    assert listed(type=["ip"]) == [typed.id]
    assert listed(lb_algorithm=["SOURCE_IP"]) == [typed.id]
    assert listed(vpc_id=[demo.VPC]) == [tcp.id]
    assert listed(connection_drain=True) == [udp.id]
    assert listed(ip_version=["v4"]) == sorted([tcp.id, udp.id, typed.id])
    assert listed(enterprise_project_id=["0"]) == sorted([tcp.id, udp.id, typed.id])
    assert listed(public_border_group=["center"]) == sorted([tcp.id, udp.id, typed.id])
    assert listed(protocol=["HTTP"]) == []


def test_the_list_takes_every_filter_of_the_sdk() -> None:
    paging = {"marker", "limit", "page_reverse"}

    assert set(elb_v3.ListMasterSlavePoolsRequest.attribute_map) - paging == set(
        MASTER_SLAVE_POOL_LIST.keys
    )


def test_the_list_pages_by_id(elb: Any) -> None:
    ids = sorted(
        create_master_slave_pool(
            elb,
            members=[
                {
                    "address": f"192.168.0.{20 + 2 * n}",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET,
                    "role": "master",
                },
                {
                    "address": f"192.168.0.{21 + 2 * n}",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET,
                    "role": "slave",
                },
            ],
        ).id
        for n in range(3)
    )

    fetch = pager(
        lambda **query: elb.list_master_slave_pools(elb_v3.ListMasterSlavePoolsRequest(**query)),
        "pools",
    )
    walk_forward(fetch, 2, ids)


def test_a_marker_must_be_an_active_standby_pool(http: httpx.Client) -> None:
    response = http.get(POOLS, params={"marker": demo.POOL, "limit": 1})

    assert_error_response(response, 400, INVALID_INPUT, "marker")


# --- delete -------------------------------------------------------------------------------


def test_delete_removes_the_pool_its_members_and_monitor(elb: Any) -> None:
    listener_id = udp_listener(elb)
    pool = create_master_slave_pool(
        elb,
        protocol="UDP",
        loadbalancer_id=None,
        listener_id=listener_id,
        members=[
            {"address": "10.8.0.1", "protocol_port": 53, "role": "master"},
            {"address": "10.8.0.2", "protocol_port": 53, "role": "slave"},
        ],
        healthmonitor={"type": "UDP_CONNECT", "delay": 3, "timeout": 2, "max_retries": 2},
    )

    delete_master_slave_pool(elb, pool.id)

    assert pool.id not in ids_of(list_pools(elb))
    assert pool.healthmonitor.id not in ids_of(list_health_monitors(elb))
    assert show_listener(elb, listener_id).default_pool_id is None
    assert_refused(
        lambda: elb.delete_master_slave_pool(elb_v3.DeleteMasterSlavePoolRequest(pool_id=pool.id)),
        404,
        NOT_FOUND,
    )


def test_delete_of_an_ordinary_pool_is_404_and_keeps_it(elb: Any) -> None:
    assert_refused(
        lambda: elb.delete_master_slave_pool(
            elb_v3.DeleteMasterSlavePoolRequest(pool_id=demo.POOL)
        ),
        404,
        NOT_FOUND,
        f"pool {demo.POOL} could not be found",
    )
    assert show_pool(elb, demo.POOL).id == demo.POOL


def test_delete_pool_cascade_deletes_it_too(elb: Any) -> None:
    pool = create_master_slave_pool(elb)

    response = elb.delete_pool_cascade(elb_v3.DeletePoolCascadeRequest(pool_id=pool.id))

    assert response.status_code == 204
    assert list_master_slave_pools(elb) == []
    assert pool.healthmonitor.id not in ids_of(list_health_monitors(elb))


# --- what the ordinary operations may not do to it ----------------------------------------


def refusals(elb: Any, pool: Any) -> list[Any]:
    """Every ordinary write that would change the pool, its members or its monitor."""
    member_id = pool.members[0].id
    monitor_id = pool.healthmonitor.id
    item = elb_v3.BatchCreateMembersOption(**on_subnet("192.168.0.12"))
    return [
        lambda: elb.update_pool(
            elb_v3.UpdatePoolRequest(
                pool_id=pool.id,
                body=elb_v3.UpdatePoolRequestBody(pool=elb_v3.UpdatePoolOption(name="x")),
            )
        ),
        lambda: elb.create_member(
            elb_v3.CreateMemberRequest(
                pool_id=pool.id,
                body=elb_v3.CreateMemberRequestBody(
                    member=elb_v3.CreateMemberOption(**on_subnet("192.168.0.12"))
                ),
            )
        ),
        lambda: elb.batch_create_members(
            elb_v3.BatchCreateMembersRequest(
                pool_id=pool.id, body=elb_v3.BatchCreateMembersRequestBody(members=[item])
            )
        ),
        lambda: elb.update_member(
            elb_v3.UpdateMemberRequest(
                pool_id=pool.id,
                member_id=member_id,
                body=elb_v3.UpdateMemberRequestBody(member=elb_v3.UpdateMemberOption(weight=5)),
            )
        ),
        lambda: elb.batch_update_members(
            elb_v3.BatchUpdateMembersRequest(
                pool_id=pool.id,
                body=elb_v3.BatchUpdateMembersRequestBody(
                    members=[elb_v3.BatchUpdateMembersOption(id=member_id, weight=5)]
                ),
            )
        ),
        lambda: elb.delete_member(elb_v3.DeleteMemberRequest(pool_id=pool.id, member_id=member_id)),
        lambda: elb.batch_delete_members(
            elb_v3.BatchDeleteMembersRequest(
                pool_id=pool.id,
                body=elb_v3.BatchDeleteMembersRequestBody(
                    members=[elb_v3.BatchDeleteMembersOption(id=member_id)]
                ),
            )
        ),
        lambda: elb.update_health_monitor(
            elb_v3.UpdateHealthMonitorRequest(
                healthmonitor_id=monitor_id,
                body=elb_v3.UpdateHealthMonitorRequestBody(
                    healthmonitor=elb_v3.UpdateHealthMonitorOption(delay=9)
                ),
            )
        ),
        lambda: elb.delete_health_monitor(
            elb_v3.DeleteHealthMonitorRequest(healthmonitor_id=monitor_id)
        ),
        lambda: elb.delete_pool(elb_v3.DeletePoolRequest(pool_id=pool.id)),
        lambda: elb.create_health_monitor(
            elb_v3.CreateHealthMonitorRequest(
                body=elb_v3.CreateHealthMonitorRequestBody(
                    healthmonitor=elb_v3.CreateHealthMonitorOption(
                        pool_id=pool.id, type="TCP", delay=5, timeout=3, max_retries=3
                    )
                )
            )
        ),
    ]


def test_the_ordinary_writes_may_not_change_it(elb: Any, http: httpx.Client) -> None:
    pool = create_master_slave_pool(elb)
    before = state(http)

    for index, call in enumerate(refusals(elb, pool)):
        error = assert_refused(call, 409, CONFLICT)
        assert pool.id in error.error_msg, index
    assert state(http) == before
    assert show_master_slave_pool(elb, pool.id).to_dict() == pool.to_dict()


def test_batch_delete_pools_fails_it(elb: Any) -> None:
    pool = create_master_slave_pool(elb)

    (result,) = batch_delete_pools(elb, [pool.id]).pools

    assert (result.id, result.ret_status, result.ret_code) == (pool.id, "failed", CONFLICT)
    assert ids_of(list_master_slave_pools(elb)) == [pool.id]


# --- the state ----------------------------------------------------------------------------


def test_the_state_holds_it_whole_and_comes_back_exactly(app_client: TestClient) -> None:
    created = app_client.post(POOLS, json={"pool": MASTER_SLAVE_POOL_DEFAULTS})
    pool = assert_ok_response(created, 201)["pool"]
    listener = app_client.post(
        f"{ELB}/listeners",
        json={"listener": {"loadbalancer_id": demo.LB, "protocol": "TCP", "protocol_port": 81}},
    ).json()["listener"]["id"]
    app_client.put(
        f"{ELB}/listeners/{listener}", json={"listener": {"default_pool_id": pool["id"]}}
    )
    document = app_client.get("/_mockelb/state").json()

    (saved,) = document["master_slave_pools"]
    assert saved["id"] == pool["id"]
    assert [member["role"] for member in saved["members"]] == ["master", "slave"]
    assert saved["healthmonitor"]["id"] == pool["healthmonitor"]["id"]
    assert pool["id"] not in {item["id"] for item in document["pools"]}
    assert not {member["id"] for member in pool["members"]} & {
        member["id"] for member in document["members"]
    }
    assert pool["healthmonitor"]["id"] not in {item["id"] for item in document["healthmonitors"]}
    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])
    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]


def test_a_seed_may_not_add_members_to_it(mockelb: MockElbClient, http: httpx.Client) -> None:
    pool_id = "5a5a5a5a-0000-4000-8000-0000000000a1"
    seeded = {**MASTER_SLAVE_POOL_DEFAULTS, "id": pool_id, "project_id": demo.PROJECT}
    mockelb.load_state({"master_slave_pools": [seeded]})
    before = state(http)

    response = http.post(
        "/_mockelb/state",
        json={"members": [{"pool_id": pool_id, **on_subnet("192.168.0.12")}]},
    )

    assert_error_response(response, 400, INVALID_INPUT, "active/standby")
    assert state(http) == before


def test_a_pool_left_on_no_load_balancer_comes_back_exactly(app_client: TestClient) -> None:
    """A cascade delete keeping the pools unbinds it; the state says so, and loads back."""
    lb = app_client.post(
        f"{ELB}/loadbalancers",
        json={
            "loadbalancer": {
                "vip_subnet_cidr_id": demo.SUBNET,
                "availability_zone_list": [demo.AZ_1],
            }
        },
    ).json()["loadbalancer"]["id"]
    created = app_client.post(
        POOLS, json={"pool": {**MASTER_SLAVE_POOL_DEFAULTS, "loadbalancer_id": lb}}
    )
    pool_id = assert_ok_response(created, 201)["pool"]["id"]
    deleted = app_client.post(
        f"{ELB}/loadbalancers/{lb}/delete-cascade",
        json={"loadbalancer": {"unbounded_pool": False}},
    )
    assert deleted.status_code == 204, deleted.text

    shown = assert_ok_response(app_client.get(f"{POOLS}/{pool_id}"))["pool"]
    assert shown["loadbalancers"] == []
    assert [member["operating_status"] for member in shown["members"]] == ["UNKNOWN"] * 2
    document = app_client.get("/_mockelb/state").json()
    (saved,) = document["master_slave_pools"]
    assert saved["loadbalancer_id"] is None
    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])
    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]
