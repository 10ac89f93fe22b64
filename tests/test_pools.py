"""Pools through the official SDK: create (defaults and every refusal), show, list, delete."""

from __future__ import annotations

import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    AzAffinity,
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    ConnectionDrain,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    CreatePoolSessionPersistenceOption,
    CreatePoolSlowStartOption,
    DeleteLoadBalancerRequest,
    DeletePoolRequest,
    ListPoolsRequest,
    ShowLoadBalancerRequest,
    ShowPoolRequest,
)

from tests import demo
from tests.sdk_checks import assert_json_model, sdk_error

POOLS = f"/v3/{demo.PROJECT}/elb/pools"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"  # demo listener of LB_IP_TARGETS
ALL_DEMO_POOLS = list(demo.ALL_POOLS)
POOL_NULLABLE_FIELDS = frozenset(
    {"healthmonitor_id", "session_persistence", "slow_start", "quic_cid_hash_strategy"}
)
DEFAULT_AZ_AFFINITY = {
    "enable": False,
    "az_minimum_healthy_member_percentage": -1,
    "az_minimum_healthy_member_count": -1,
    "az_unhealthy_fallback_strategy": "forward_to_all_member_of_local_az",
}


def create_pool(elb: Any, **fields: Any) -> Any:
    request = CreatePoolRequest(body=CreatePoolRequestBody(pool=CreatePoolOption(**fields)))
    return elb.create_pool(request)


def create_pool_error(elb: Any, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: create_pool(elb, **fields))


def show_pool(elb: Any, pool_id: str) -> Any:
    return elb.show_pool(ShowPoolRequest(pool_id=pool_id)).pool


def delete_pool(elb: Any, pool_id: str) -> Any:
    return elb.delete_pool(DeletePoolRequest(pool_id=pool_id))


def list_pool_ids(elb: Any, **query: Any) -> list[str]:
    return [pool.id for pool in elb.list_pools(ListPoolsRequest(**query)).pools]


def add_members(elb: Any, pool_id: str, addresses: list[str], subnet: str) -> list[str]:
    members = [
        BatchCreateMembersOption(address=address, protocol_port=80, subnet_cidr_id=subnet)
        for address in addresses
    ]
    request = BatchCreateMembersRequest(
        pool_id=pool_id, body=BatchCreateMembersRequestBody(members=members)
    )
    return [member.id for member in elb.batch_create_members(request).members]


def refs(ids: list[str]) -> list[dict[str, str]]:
    return [{"id": resource_id} for resource_id in ids]


def tcp_on_lb(**fields: Any) -> dict[str, Any]:
    """A valid TCP pool on the demo LB, with some fields changed."""
    return {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB, **fields}


# --- create: what a new pool looks like ---------------------------------------------------


def test_create_on_a_load_balancer_with_the_defaults(elb: Any) -> None:
    response = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB)

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    pool = response.pool
    assert UUID.match(pool.id)
    assert pool.project_id == demo.PROJECT
    assert pool.name == "" and pool.description == ""
    assert pool.protocol == "TCP"
    assert pool.lb_algorithm == "ROUND_ROBIN"
    assert pool.admin_state_up is True
    assert pool.members == []
    assert pool.listeners == []
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    assert pool.ip_version == "v4"
    assert pool.type == ""
    assert pool.vpc_id == ""
    assert pool.healthmonitor_id is None
    assert pool.session_persistence is None
    assert pool.slow_start is None
    assert pool.member_deletion_protection_enable is False
    assert pool.any_port_enable is False
    assert pool.protection_status == "nonProtection"
    assert pool.protection_reason == ""
    assert pool.enterprise_project_id == "0"
    assert pool.public_border_group == "center"
    assert pool.quic_cid_hash_strategy is None
    assert (pool.connection_drain.enable, pool.connection_drain.timeout) == (False, 300)
    assert pool.pool_health.minimum_healthy_member_count == 0
    assert pool.az_affinity.enable is False
    assert TIME.match(pool.created_at) and TIME.match(pool.updated_at)


def test_created_pool_json_has_every_sdk_field_with_its_type(http: httpx.Client) -> None:
    response = http.post(POOLS, json={"pool": tcp_on_lb(name="typed")})

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(elb_v3.CreatePoolResponse.openapi_types) <= set(body)
    pool = body["pool"]
    assert_json_model(pool, elb_v3.Pool, nullable=POOL_NULLABLE_FIELDS)
    assert pool["healthmonitor_id"] is None
    assert pool["members"] == [] and pool["listeners"] == []
    assert pool["loadbalancers"] == refs([demo.LB])
    assert pool["connection_drain"] == {"enable": False, "timeout": 300}
    assert pool["pool_health"] == {"minimum_healthy_member_count": 0}
    assert pool["az_affinity"] == DEFAULT_AZ_AFFINITY

    shown = http.get(f"{POOLS}/{pool['id']}")
    assert shown.status_code == 200
    assert_json_model(shown.json()["pool"], elb_v3.Pool, nullable=POOL_NULLABLE_FIELDS)
    assert shown.json()["pool"] == pool


def test_every_demo_pool_json_has_every_sdk_field(http: httpx.Client) -> None:
    body = http.get(POOLS).json()

    assert [pool["id"] for pool in body["pools"]] == sorted(ALL_DEMO_POOLS)
    for pool in body["pools"]:
        assert_json_model(pool, elb_v3.Pool, nullable=POOL_NULLABLE_FIELDS)


def test_create_with_every_option_round_trips(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="HTTP",
        lb_algorithm="LEAST_CONNECTIONS",
        loadbalancer_id=demo.LB_IP_TARGETS,
        name="full",
        description="every option",
        session_persistence=CreatePoolSessionPersistenceOption(
            type="APP_COOKIE", cookie_name="SESSION"
        ),
        slow_start=CreatePoolSlowStartOption(enable=True, duration=60),
        member_deletion_protection_enable=True,
        # connection drain only works in TCP/UDP/QUIC pools: an HTTP pool keeps it off
        connection_drain=ConnectionDrain(enable=False, timeout=100),
        protection_status="consoleProtection",
        protection_reason="keep",
    ).pool

    assert (pool.name, pool.description) == ("full", "every option")
    assert pool.lb_algorithm == "LEAST_CONNECTIONS"
    assert pool.session_persistence.type == "APP_COOKIE"
    assert pool.session_persistence.cookie_name == "SESSION"
    assert (pool.slow_start.enable, pool.slow_start.duration) == (True, 60)
    assert pool.member_deletion_protection_enable is True
    assert (pool.connection_drain.enable, pool.connection_drain.timeout) == (False, 100)
    assert pool.protection_status == "consoleProtection"
    assert pool.protection_reason == "keep"
    assert show_pool(elb, pool.id).to_dict() == pool.to_dict()


def test_create_standalone_of_type_instance_with_a_vpc(elb: Any) -> None:
    response = create_pool(
        elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", type="instance", vpc_id=demo.VPC
    )

    assert response.status_code == 201
    pool = response.pool
    assert pool.type == "instance"
    assert pool.vpc_id == demo.VPC
    assert pool.loadbalancers == []
    assert pool.listeners == []


def test_create_standalone_of_type_ip(elb: Any) -> None:
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", type="ip").pool

    assert pool.type == "ip"
    assert pool.vpc_id == ""
    assert pool.loadbalancers == []


def test_an_ip_pool_without_an_algorithm_gets_5_tuple_hash(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="IP",
        type="instance",
        vpc_id=demo.VPC,
        loadbalancer_id=demo.LB_IP_TARGETS,
    ).pool

    assert pool.protocol == "IP"
    assert pool.lb_algorithm == "5_TUPLE_HASH"
    assert pool.vpc_id == demo.VPC


def test_create_with_a_listener_makes_the_pool_its_default(elb: Any) -> None:
    delete_pool(elb, demo.POOL)  # the demo listener's default pool: it frees the listener

    response = create_pool(elb, protocol="TCP", lb_algorithm="SOURCE_IP", listener_id=demo.LISTENER)

    assert response.status_code == 201
    pool = response.pool
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]
    # the load balancer comes from the listener
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    assert [listener.id for listener in show_pool(elb, pool.id).listeners] == [demo.LISTENER]
    lb = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=demo.LB)).loadbalancer
    assert [item.id for item in lb.pools] == [pool.id]


def test_a_listener_that_has_a_default_pool_takes_no_other(elb: Any) -> None:
    error = create_pool_error(
        elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER
    )

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"
    assert [listener.id for listener in show_pool(elb, demo.POOL).listeners] == [demo.LISTENER]


def test_an_unknown_listener_is_elb_8904(elb: Any) -> None:
    error = create_pool_error(
        elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=UNKNOWN_ID
    )

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"listener {UNKNOWN_ID} could not be found."


def test_a_listener_of_another_load_balancer_is_refused(elb: Any) -> None:
    delete_pool(elb, demo.POOL)

    error = create_pool_error(
        elb,
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        listener_id=demo.LISTENER,
        loadbalancer_id=demo.LB_IP_TARGETS,
    )

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


def test_a_tcp_listener_takes_no_http_pool(elb: Any) -> None:
    delete_pool(elb, demo.POOL)

    error = create_pool_error(
        elb, protocol="HTTP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER
    )

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {
                "protocol": "QUIC",
                "lb_algorithm": "QUIC_CID",
                "session_persistence": CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
            },
            id="quic-cid-on-quic",
        ),
        pytest.param(
            {
                "protocol": "UDP",
                "lb_algorithm": "ROUND_ROBIN",
                "any_port_enable": True,
            },
            id="any-port-on-udp",
        ),
        pytest.param(
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "az_affinity": AzAffinity(enable=True, az_minimum_healthy_member_count=2),
            },
            id="az-affinity-on-tcp",
        ),
        pytest.param(
            {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "ip_version": "dualstack"},
            id="dualstack-tcp",
        ),
        pytest.param({"protocol": "TLS", "lb_algorithm": "ROUND_ROBIN"}, id="tls"),
        pytest.param({"protocol": "GRPC", "lb_algorithm": "ROUND_ROBIN"}, id="grpc"),
        pytest.param({"protocol": "HTTPS", "lb_algorithm": "SOURCE_IP"}, id="https"),
    ],
)
def test_valid_pools_are_created(elb: Any, fields: dict[str, Any]) -> None:
    response = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS, **fields)

    assert response.status_code == 201
    assert response.pool.protocol == fields["protocol"]
    assert response.pool.lb_algorithm == fields["lb_algorithm"]


def test_a_quic_cid_pool_gets_the_default_hash_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="QUIC_CID",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
    ).pool

    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (3, 1)


def test_az_affinity_round_trips_with_its_default_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="UDP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        az_affinity=AzAffinity(enable=True, az_minimum_healthy_member_percentage=50),
    ).pool

    assert pool.az_affinity.enable is True
    assert pool.az_affinity.az_minimum_healthy_member_percentage == 50
    assert pool.az_affinity.az_minimum_healthy_member_count == -1
    assert pool.az_affinity.az_unhealthy_fallback_strategy == "forward_to_all_member_of_local_az"


@pytest.mark.parametrize(
    ("protocol", "timeout", "stored"),
    [
        ("TCP", None, 1),
        ("TCP", 60, 60),
        ("UDP", 1, 1),
        ("HTTP", None, 1440),
        ("HTTP", 1440, 1440),
        ("HTTPS", 1, 1),
    ],
)
def test_persistence_timeout_within_range_and_its_default(
    elb: Any, protocol: str, timeout: int | None, stored: int
) -> None:
    pool = create_pool(
        elb,
        protocol=protocol,
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(
            type="SOURCE_IP" if protocol in ("TCP", "UDP") else "HTTP_COOKIE",
            persistence_timeout=timeout,
        ),
    ).pool

    assert pool.session_persistence.persistence_timeout == stored


def test_slow_start_defaults_to_30_seconds(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="HTTP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        slow_start=CreatePoolSlowStartOption(enable=True),
    ).pool

    assert (pool.slow_start.enable, pool.slow_start.duration) == (True, 30)


# --- create: refusals ---------------------------------------------------------------------

REFUSALS: list[Any] = [
    pytest.param({"lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB}, id="no-protocol"),
    pytest.param(tcp_on_lb(protocol="FTP"), id="protocol-FTP"),
    pytest.param({"protocol": "TCP", "loadbalancer_id": demo.LB}, id="no-lb_algorithm"),
    pytest.param(tcp_on_lb(lb_algorithm="RANDOM"), id="algorithm-RANDOM"),
    pytest.param(tcp_on_lb(lb_algorithm="QUIC_CID"), id="QUIC_CID-on-TCP"),
    pytest.param(tcp_on_lb(lb_algorithm="5_TUPLE_HASH"), id="5_TUPLE_HASH-on-TCP"),
    pytest.param(tcp_on_lb(lb_algorithm="2_TUPLE_HASH"), id="2_TUPLE_HASH-on-TCP"),
    pytest.param({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN"}, id="no-lb-listener-or-type"),
    pytest.param(tcp_on_lb(type="ip", vpc_id=demo.VPC), id="type-ip-with-vpc_id"),
    pytest.param(tcp_on_lb(type="instance"), id="type-instance-without-vpc_id"),
    pytest.param(tcp_on_lb(vpc_id=demo.VPC), id="vpc_id-without-type"),
    pytest.param(tcp_on_lb(type="instance", vpc_id=demo.OTHER_VPC), id="vpc-not-the-lbs"),
    pytest.param(tcp_on_lb(type="container"), id="type-container"),
    pytest.param(
        {"protocol": "IP", "type": "ip", "loadbalancer_id": demo.LB_IP_TARGETS}, id="IP-type-ip"
    ),
    pytest.param(
        {"protocol": "IP", "loadbalancer_id": demo.LB_IP_TARGETS}, id="IP-pool-without-vpc"
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "any_port_enable": True,
        },
        id="any_port_enable-on-HTTP",
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "ip_version": "dualstack",
        },
        id="dualstack-HTTP",
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "az_affinity": AzAffinity(enable=True, az_minimum_healthy_member_percentage=50),
        },
        id="az_affinity-on-HTTP",
    ),
    pytest.param(tcp_on_lb(az_affinity=AzAffinity(enable=True)), id="az_affinity-no-threshold"),
    pytest.param(
        tcp_on_lb(
            az_affinity=AzAffinity(
                enable=True,
                az_minimum_healthy_member_percentage=50,
                az_minimum_healthy_member_count=2,
            )
        ),
        id="az_affinity-both-thresholds",
    ),
    pytest.param(
        tcp_on_lb(az_affinity=AzAffinity(enable=True, az_minimum_healthy_member_percentage=101)),
        id="az_affinity-percentage-101",
    ),
    pytest.param(
        {"protocol": "QUIC", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB},
        id="QUIC-without-session-persistence",
    ),
    pytest.param(
        {
            "protocol": "QUIC",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "session_persistence": CreatePoolSessionPersistenceOption(type="HTTP_COOKIE"),
        },
        id="QUIC-with-HTTP_COOKIE",
    ),
    pytest.param(
        tcp_on_lb(
            session_persistence=CreatePoolSessionPersistenceOption(
                type="SOURCE_IP", cookie_name="c"
            )
        ),
        id="cookie_name-with-SOURCE_IP",
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "session_persistence": CreatePoolSessionPersistenceOption(
                type="HTTP_COOKIE", cookie_name="c"
            ),
        },
        id="cookie_name-with-HTTP_COOKIE",
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "session_persistence": CreatePoolSessionPersistenceOption(type="APP_COOKIE"),
        },
        id="APP_COOKIE-without-cookie_name",
    ),
    pytest.param(
        tcp_on_lb(session_persistence=CreatePoolSessionPersistenceOption(type="STICKY")),
        id="session-persistence-type-STICKY",
    ),
    pytest.param(
        tcp_on_lb(
            session_persistence=CreatePoolSessionPersistenceOption(
                type="SOURCE_IP", persistence_timeout=61
            )
        ),
        id="persistence_timeout-61-on-TCP",
    ),
    pytest.param(
        tcp_on_lb(
            session_persistence=CreatePoolSessionPersistenceOption(
                type="SOURCE_IP", persistence_timeout=0
            )
        ),
        id="persistence_timeout-0",
    ),
    pytest.param(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "session_persistence": CreatePoolSessionPersistenceOption(
                type="HTTP_COOKIE", persistence_timeout=1441
            ),
        },
        id="persistence_timeout-1441-on-HTTP",
    ),
    pytest.param(
        tcp_on_lb(slow_start=CreatePoolSlowStartOption(enable=True, duration=29)),
        id="slow_start-duration-29",
    ),
    pytest.param(
        tcp_on_lb(slow_start=CreatePoolSlowStartOption(enable=True, duration=1201)),
        id="slow_start-duration-1201",
    ),
    pytest.param(
        tcp_on_lb(connection_drain=ConnectionDrain(enable=True, timeout=9)),
        id="connection_drain-timeout-9",
    ),
    pytest.param(tcp_on_lb(admin_state_up=False), id="admin_state_up-false"),
    pytest.param(tcp_on_lb(ip_version="v6"), id="ip_version-v6"),
    pytest.param(tcp_on_lb(name="n" * 256), id="name-too-long"),
]


@pytest.mark.parametrize("fields", REFUSALS)
def test_invalid_pools_are_refused_with_elb_8902(elb: Any, fields: dict[str, Any]) -> None:
    error = create_pool_error(elb, **fields)

    assert error.status_code == 400, error.error_msg
    assert error.error_code == "ELB.8902"
    assert error.error_msg
    assert sorted(list_pool_ids(elb)) == sorted(ALL_DEMO_POOLS)


def test_connection_drain_enabled_without_a_timeout_is_refused(elb: Any) -> None:
    error = create_pool_error(elb, **tcp_on_lb(connection_drain=ConnectionDrain(enable=True)))

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
    assert error.error_msg == "Connection drain timeout must be explict defined."


@pytest.mark.parametrize(
    ("fields", "kind", "missing"),
    [
        pytest.param(tcp_on_lb(loadbalancer_id=UNKNOWN_ID), "loadbalancer", UNKNOWN_ID, id="lb"),
        pytest.param(
            tcp_on_lb(type="instance", vpc_id=UNKNOWN_ID), "vpc", UNKNOWN_ID, id="vpc-with-lb"
        ),
        pytest.param(
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "type": "instance",
                "vpc_id": UNKNOWN_ID,
            },
            "vpc",
            UNKNOWN_ID,
            id="vpc-standalone",
        ),
    ],
)
def test_unknown_references_are_elb_8904(
    elb: Any, fields: dict[str, Any], kind: str, missing: str
) -> None:
    error = create_pool_error(elb, **fields)

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"{kind} {missing} could not be found."


def test_an_unknown_attribute_is_refused(http: httpx.Client) -> None:
    response = http.post(POOLS, json={"pool": tcp_on_lb(color="blue")})

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert response.json()["error_msg"] == "Unrecognized attribute(s) 'color'"


# --- show ---------------------------------------------------------------------------------


def test_show_a_demo_pool(elb: Any) -> None:
    response = elb.show_pool(ShowPoolRequest(pool_id=demo.POOL))

    assert response.status_code == 200
    pool = response.pool
    assert pool.id == demo.POOL
    assert pool.name == "demo-pool"
    assert pool.protocol == "TCP"
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    assert pool.members == []


def test_show_lists_the_member_ids_after_a_batch_add(elb: Any) -> None:
    added = add_members(elb, demo.POOL, ["192.168.0.31", "192.168.0.32"], demo.SUBNET)

    pool = show_pool(elb, demo.POOL)

    assert sorted(member.id for member in pool.members) == sorted(added)


def test_a_pool_without_a_vpc_takes_the_vpc_of_its_first_member(elb: Any) -> None:
    # CreatePoolOption.vpc_id: "若未指定vpc_id，则后续添加后端服务器时，vpc_id由后端服务器所在的
    # 虚拟私有云确定" — the pool's VPC becomes that of the first member added
    assert show_pool(elb, demo.POOL).vpc_id == ""

    add_members(elb, demo.POOL, ["192.168.0.43"], demo.SUBNET)

    assert show_pool(elb, demo.POOL).vpc_id == demo.VPC


def test_show_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_pool(elb, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


# --- list ---------------------------------------------------------------------------------


def test_list_every_pool_with_page_info(http: httpx.Client) -> None:
    response = http.get(POOLS)

    assert response.status_code == 200
    body = response.json()
    assert set(elb_v3.ListPoolsResponse.openapi_types) <= set(body)
    ids = [pool["id"] for pool in body["pools"]]
    assert ids == sorted(ALL_DEMO_POOLS)
    assert body["page_info"] == {"previous_marker": ids[0], "current_count": len(ids)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            {"protocol": ["TCP"]},
            [demo.POOL, demo.POOL_DUALSTACK, demo.POOL_ANY_PORT, demo.POOL_STANDALONE],
            id="protocol",
        ),
        pytest.param(
            {"protocol": ["UDP", "HTTP"]},
            [demo.POOL_AZ_AFFINITY, demo.POOL_HTTP],
            id="protocol-or",
        ),
        pytest.param({"loadbalancer_id": [demo.LB]}, [demo.POOL], id="loadbalancer_id"),
        pytest.param(
            {"loadbalancer_id": [demo.LB, demo.LB_IP_TARGETS]},
            [p for p in ALL_DEMO_POOLS if p != demo.POOL_STANDALONE],
            id="loadbalancer_id-or",
        ),
        pytest.param(
            {"loadbalancer_id": [demo.LB_IP_TARGETS], "protocol": ["TCP"]},
            [demo.POOL_DUALSTACK, demo.POOL_ANY_PORT],
            id="and-across-keys",
        ),
        pytest.param({"loadbalancer_id": [demo.LB], "protocol": ["HTTP"]}, [], id="and-no-match"),
        pytest.param({"id": [demo.POOL, demo.POOL_HTTP]}, [demo.POOL, demo.POOL_HTTP], id="id-or"),
        pytest.param({"name": ["demo-pool-http"]}, [demo.POOL_HTTP], id="name"),
        pytest.param(
            {"type": ["instance"]}, [demo.POOL_IP_PROTOCOL, demo.POOL_STANDALONE], id="type"
        ),
        pytest.param(
            {"vpc_id": [demo.VPC]}, [demo.POOL_IP_PROTOCOL, demo.POOL_STANDALONE], id="vpc_id"
        ),
        pytest.param({"ip_version": ["dualstack"]}, [demo.POOL_DUALSTACK], id="ip_version"),
        pytest.param({"any_port_enable": True}, [demo.POOL_ANY_PORT], id="any_port_enable"),
        pytest.param(
            {"lb_algorithm": ["SOURCE_IP", "5_TUPLE_HASH"]},
            [demo.POOL_AZ_AFFINITY, demo.POOL_IP_PROTOCOL],
            id="lb_algorithm-or",
        ),
    ],
)
def test_list_filters(elb: Any, query: dict[str, Any], expected: list[str]) -> None:
    response = elb.list_pools(ListPoolsRequest(**query))

    assert sorted(pool.id for pool in response.pools) == sorted(expected)
    assert response.page_info.current_count == len(expected)


@pytest.mark.parametrize(
    ("listener_ids", "expected"),
    [
        pytest.param([demo.LISTENER], [demo.POOL], id="one"),
        pytest.param([demo.LISTENER, LISTENER_2], [demo.POOL, demo.POOL_DUALSTACK], id="or"),
        pytest.param([UNKNOWN_ID], [], id="unknown"),
    ],
)
def test_list_by_listener_id(elb: Any, listener_ids: list[str], expected: list[str]) -> None:
    # ListPoolsRequest.listener_id, a multi-value filter of the API reference
    assert sorted(list_pool_ids(elb, listener_id=listener_ids)) == sorted(expected)


def test_list_by_member_address(elb: Any) -> None:
    add_members(elb, demo.POOL, ["192.168.0.41"], demo.SUBNET)
    add_members(elb, demo.POOL_STANDALONE, ["192.168.0.42"], demo.SUBNET)

    assert list_pool_ids(elb, member_address=["192.168.0.41"]) == [demo.POOL]
    assert sorted(list_pool_ids(elb, member_address=["192.168.0.41", "192.168.0.42"])) == sorted(
        [demo.POOL, demo.POOL_STANDALONE]
    )
    assert list_pool_ids(elb, member_address=["192.168.0.99"]) == []


def test_list_filters_with_repeated_keys_over_raw_http(http: httpx.Client) -> None:
    response = http.get(POOLS, params=[("protocol", "UDP"), ("protocol", "IP")])

    assert response.status_code == 200
    assert {pool["id"] for pool in response.json()["pools"]} == {
        demo.POOL_AZ_AFFINITY,
        demo.POOL_IP_PROTOCOL,
    }


def test_marker_and_limit_visit_every_pool_once(elb: Any) -> None:
    create_pool(elb, **tcp_on_lb(name="extra"))
    everything = list_pool_ids(elb)
    assert len(everything) == 8

    seen: list[str] = []
    marker: str | None = None
    sizes: list[int] = []
    while True:
        page = elb.list_pools(ListPoolsRequest(limit=3, marker=marker))
        ids = [pool.id for pool in page.pools]
        sizes.append(len(ids))
        seen.extend(ids)
        assert page.page_info.previous_marker == ids[0]
        assert page.page_info.current_count == len(ids)
        if page.page_info.next_marker is None:
            break
        assert page.page_info.next_marker == ids[-1]
        marker = page.page_info.next_marker

    assert sizes == [3, 3, 2]
    assert seen == everything == sorted(everything)


def test_page_reverse_walks_back_from_a_marker(elb: Any) -> None:
    everything = list_pool_ids(elb)

    page = elb.list_pools(ListPoolsRequest(limit=2, marker=everything[4], page_reverse=True))

    assert [pool.id for pool in page.pools] == everything[2:4]
    assert page.page_info.previous_marker == everything[2]


def test_an_unknown_marker_is_elb_8902(elb: Any) -> None:
    error = sdk_error(lambda: elb.list_pools(ListPoolsRequest(limit=2, marker=UNKNOWN_ID)))

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


# --- delete -------------------------------------------------------------------------------


def test_delete_a_new_pool(elb: Any) -> None:
    pool = create_pool(elb, **tcp_on_lb()).pool

    response = delete_pool(elb, pool.id)

    assert response.status_code == 204
    error = sdk_error(lambda: show_pool(elb, pool.id))
    assert error.status_code == 404 and error.error_code == "ELB.8904"
    assert pool.id not in list_pool_ids(elb)


def test_delete_returns_an_empty_body(http: httpx.Client) -> None:
    response = http.delete(f"{POOLS}/{demo.POOL_STANDALONE}")

    assert response.status_code == 204
    assert response.content == b""


def test_a_pool_with_members_cannot_be_deleted(elb: Any) -> None:
    add_members(elb, demo.POOL, ["192.168.0.33"], demo.SUBNET)

    error = sdk_error(lambda: delete_pool(elb, demo.POOL))

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"
    assert show_pool(elb, demo.POOL).id == demo.POOL


def test_delete_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_pool(elb, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


def test_deleting_a_demo_pool_detaches_it_from_its_listener(elb: Any) -> None:
    assert delete_pool(elb, demo.POOL).status_code == 204

    lb = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=demo.LB)).loadbalancer
    assert lb.pools == []
    assert [listener.id for listener in lb.listeners] == [demo.LISTENER]
    # the listener has no default pool any more: it takes a new one
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)
    assert pool.status_code == 201


def test_a_deleted_pool_frees_its_load_balancer_for_deletion(elb: Any) -> None:
    option = CreateLoadBalancerOption(availability_zone_list=[demo.AZ_1], vpc_id=demo.VPC)
    lb = elb.create_load_balancer(
        CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    ).loadbalancer
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=lb.id).pool

    delete_pool(elb, pool.id)

    response = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    assert response.status_code == 204
