"""Pools (mockelb/services/pools.py), through the official SDK and raw HTTP: create (defaults,
what each protocol takes, every refusal), show, list (every filter, paging), update (every
field and the rules shared with create), delete, batch delete and cascade delete, and a whole
lifecycle through the SDK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    AzAffinity,
    BatchDeletePoolsRequest,
    BatchDeletePoolsRequestBody,
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
    DeletePoolCascadeRequest,
    DeletePoolRequest,
    ListMembersRequest,
    ListPoolsRequest,
    PoolHealth,
    QuicCidHashStrategy,
    ShowHealthMonitorRequest,
    ShowLoadBalancerRequest,
    ShowPoolRequest,
    UpdateAzAffinity,
    UpdatePoolOption,
    UpdatePoolRequest,
    UpdatePoolRequestBody,
    UpdatePoolSessionPersistenceOption,
    UpdatePoolSlowStartOption,
)
from huaweicloudsdkelb.v3 import model as m
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from mockelb.models import Listener, LoadBalancer, Pool, Quota
from tests import demo
from tests.error_codes import (
    BATCH_DELETE_NOT_FOUND,
    CONFLICT,
    INVALID_INPUT,
    NOT_FOUND,
    QUOTA_EXCEEDED,
)
from tests.factories import (
    ELB,
    add_members,
    batch_delete_pools,
    create_health_monitor,
    create_member,
    create_pool,
    delete_pool,
    ids_of,
    list_health_monitors,
    list_pools,
    on_subnet,
    show_pool,
    snapshot,
    transaction,
    update_pool,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    assert_sdk_error,
    sdk_error,
)

POOLS = f"/v3/{demo.PROJECT}/elb/pools"
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


def create_pool_error(elb: Any, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: create_pool(elb, **fields))


def id_refs(ids: list[str]) -> list[dict[str, str]]:
    return [{"id": resource_id} for resource_id in ids]


def tcp_on_lb(**fields: Any) -> dict[str, Any]:
    """A valid TCP pool on the demo LB, with some fields changed."""
    return {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB, **fields}


OLD_TIME = "2020-01-01T00:00:00Z"
TLS_LISTENER = "0b11747a-b139-492f-9692-2df0b1c871f1"


# --- helpers ------------------------------------------------------------------------------


def update_pool_error(elb: Any, pool_id: str, **fields: Any) -> ClientRequestException:
    """The SDK error update_pool raises for these fields."""
    return sdk_error(lambda: update_pool(elb, pool_id, **fields))


def delete_cascade(elb: Any, pool_id: str) -> Any:
    return elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool_id))


def in_database(client: TestClient, change: Callable[[Session], None]) -> None:
    """Write straight into the in-process app's database (for what no API can do yet)."""
    with transaction(client) as session:
        change(session)


def add_tls_listener(client: TestClient) -> None:
    def change(session: Session) -> None:
        session.add(
            Listener(
                id=TLS_LISTENER,
                project_id=demo.PROJECT,
                loadbalancer_id=demo.LB_IP_TARGETS,
                protocol="TLS",
                protocol_port=443,
                created_at=OLD_TIME,
                updated_at=OLD_TIME,
            )
        )

    in_database(client, change)


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error_code"]


# --- create: what a new pool looks like ---------------------------------------------------


def test_create_on_a_load_balancer_with_the_defaults(elb: Any) -> None:
    option = CreatePoolOption(protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB)
    response = elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option)))

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
    assert pool["loadbalancers"] == id_refs([demo.LB])
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
    )

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
    pool = create_pool(
        elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", type="instance", vpc_id=demo.VPC
    )

    assert pool.type == "instance"
    assert pool.vpc_id == demo.VPC
    assert pool.loadbalancers == []
    assert pool.listeners == []


def test_create_standalone_of_type_ip(elb: Any) -> None:
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", type="ip")

    assert pool.type == "ip"
    assert pool.vpc_id == ""
    assert pool.loadbalancers == []


def test_an_ip_pool_without_an_algorithm_gets_5_tuple_hash(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="IP",
        lb_algorithm=None,
        type="instance",
        vpc_id=demo.VPC,
        loadbalancer_id=demo.LB_IP_TARGETS,
    )

    assert pool.protocol == "IP"
    assert pool.lb_algorithm == "5_TUPLE_HASH"
    assert pool.vpc_id == demo.VPC


def test_create_with_a_listener_makes_the_pool_its_default(elb: Any) -> None:
    delete_pool(elb, demo.POOL)  # the demo listener's default pool: it frees the listener

    pool = create_pool(elb, protocol="TCP", lb_algorithm="SOURCE_IP", listener_id=demo.LISTENER)

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
    assert error.error_code == CONFLICT
    assert [listener.id for listener in show_pool(elb, demo.POOL).listeners] == [demo.LISTENER]


def test_an_unknown_listener_is_elb_8904(elb: Any) -> None:
    error = create_pool_error(
        elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.UNKNOWN_ID
    )

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"listener {demo.UNKNOWN_ID} could not be found."


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
    assert error.error_code == INVALID_INPUT


def test_a_tcp_listener_takes_no_http_pool(elb: Any) -> None:
    delete_pool(elb, demo.POOL)

    error = create_pool_error(
        elb, protocol="HTTP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER
    )

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


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
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS, **fields)

    assert pool.protocol == fields["protocol"]
    assert pool.lb_algorithm == fields["lb_algorithm"]


def test_a_quic_cid_pool_gets_the_default_hash_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="QUIC_CID",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
    )

    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (3, 1)


def test_az_affinity_round_trips_with_its_default_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="UDP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        az_affinity=AzAffinity(enable=True, az_minimum_healthy_member_percentage=50),
    )

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
    )

    assert pool.session_persistence.persistence_timeout == stored


def test_slow_start_defaults_to_30_seconds(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="HTTP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        slow_start=CreatePoolSlowStartOption(enable=True),
    )

    assert (pool.slow_start.enable, pool.slow_start.duration) == (True, 30)


def test_an_empty_type_alone_does_not_make_a_standalone_pool(http: httpx.Client) -> None:
    body = {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": ""}}

    response = http.post(POOLS, json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert len(http.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


def test_an_empty_type_with_a_load_balancer_is_a_pool_of_any_type(http: httpx.Client) -> None:
    body = {
        "pool": {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "type": "",
        }
    }

    response = http.post(POOLS, json=body)

    assert response.status_code == 201, response.text
    assert response.json()["pool"]["type"] == ""


# --- create: accepted shapes over raw HTTP ------------------------------------------


def test_create_pool_accepted_shapes(http: httpx.Client) -> None:
    def create(pool: dict[str, Any]) -> dict[str, Any]:
        return assert_ok_response(http.post(f"{ELB}/pools", json={"pool": pool}), 201)["pool"]

    ip_pool = create(
        {"protocol": "IP", "loadbalancer_id": demo.LB, "type": "instance", "vpc_id": demo.VPC}
    )
    assert ip_pool["lb_algorithm"] == "5_TUPLE_HASH"
    quic = create(
        {
            "protocol": "QUIC",
            "lb_algorithm": "QUIC_CID",
            "loadbalancer_id": demo.LB,
            "session_persistence": {"type": "SOURCE_IP"},
            "quic_cid_hash_strategy": {"len": 20, "offset": 19},
        }
    )
    assert quic["quic_cid_hash_strategy"] == {"len": 20, "offset": 19}
    typed = create({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip"})
    assert (typed["type"], typed["vpc_id"], typed["loadbalancers"]) == ("ip", "", [])
    udp = create(
        {
            "protocol": "UDP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "any_port_enable": True,
        }
    )
    assert udp["any_port_enable"] is True
    az = create(
        {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 3},
        }
    )
    assert az["az_affinity"]["az_minimum_healthy_member_percentage"] == -1
    assert (
        az["az_affinity"]["az_unhealthy_fallback_strategy"] == "forward_to_all_member_of_local_az"
    )
    http_pool = create(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "slow_start": {"enable": True},
            "session_persistence": {"type": "HTTP_COOKIE"},
        }
    )
    assert http_pool["slow_start"] == {"enable": True, "duration": 30}
    assert http_pool["session_persistence"]["persistence_timeout"] == 1440
    for pool in (ip_pool, quic, typed, udp, az, http_pool):
        assert_model_fields(pool, m.Pool)


# --- create: refusals ---------------------------------------------------------------------

REFUSALS: list[Any] = [
    pytest.param(
        {"protocol": None, "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB},
        id="no-protocol",
    ),
    pytest.param(tcp_on_lb(protocol="FTP"), id="protocol-FTP"),
    pytest.param(
        {"protocol": "TCP", "lb_algorithm": None, "loadbalancer_id": demo.LB}, id="no-lb_algorithm"
    ),
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
    assert error.error_code == INVALID_INPUT
    assert error.error_msg
    assert sorted(ids_of(list_pools(elb))) == sorted(ALL_DEMO_POOLS)


def test_connection_drain_enabled_without_a_timeout_is_refused(elb: Any) -> None:
    error = create_pool_error(elb, **tcp_on_lb(connection_drain=ConnectionDrain(enable=True)))

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert error.error_msg == "Connection drain timeout must be explict defined."


@pytest.mark.parametrize(
    ("fields", "kind", "missing"),
    [
        pytest.param(
            tcp_on_lb(loadbalancer_id=demo.UNKNOWN_ID), "loadbalancer", demo.UNKNOWN_ID, id="lb"
        ),
        pytest.param(
            tcp_on_lb(type="instance", vpc_id=demo.UNKNOWN_ID),
            "vpc",
            demo.UNKNOWN_ID,
            id="vpc-with-lb",
        ),
        pytest.param(
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "type": "instance",
                "vpc_id": demo.UNKNOWN_ID,
            },
            "vpc",
            demo.UNKNOWN_ID,
            id="vpc-standalone",
        ),
    ],
)
def test_unknown_references_are_elb_8904(
    elb: Any, fields: dict[str, Any], kind: str, missing: str
) -> None:
    error = create_pool_error(elb, **fields)

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"{kind} {missing} could not be found."


def test_an_unknown_attribute_is_refused(http: httpx.Client) -> None:
    response = http.post(POOLS, json={"pool": tcp_on_lb(color="blue")})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert response.json()["error_msg"] == "Unrecognized attribute(s) 'color'"


# --- create: the rules shared with update -------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"slow_start": CreatePoolSlowStartOption(enable=True)}, id="slow_start-on-TCP"
        ),
        pytest.param(
            {"protocol": "UDP", "slow_start": CreatePoolSlowStartOption(enable=True)},
            id="slow_start-on-UDP",
        ),
        pytest.param(
            {"protocol": "HTTP", "connection_drain": ConnectionDrain(enable=True, timeout=60)},
            id="connection_drain-on-HTTP",
        ),
        pytest.param(
            {"protocol": "TLS", "connection_drain": ConnectionDrain(enable=True, timeout=60)},
            id="connection_drain-on-TLS",
        ),
        pytest.param(
            {"quic_cid_hash_strategy": QuicCidHashStrategy(len=4, offset=2)},
            id="quic_cid_hash_strategy-without-QUIC_CID",
        ),
        pytest.param(
            {
                "az_affinity": AzAffinity(enable=True, az_minimum_healthy_member_count=1),
                "pool_health": PoolHealth(minimum_healthy_member_count=1),
            },
            id="pool_health-with-az_affinity",
        ),
        pytest.param({"protection_reason": "<script>"}, id="protection_reason-angle-brackets"),
        pytest.param({"protocol": "QUIC", "any_port_enable": True}, id="QUIC-without-persistence"),
        pytest.param({"protocol": "TLS", "any_port_enable": True}, id="any_port-on-TLS"),
        pytest.param(
            {
                "protocol": "GRPC",
                "az_affinity": AzAffinity(enable=True, az_minimum_healthy_member_count=1),
            },
            id="az_affinity-on-GRPC",
        ),
    ],
)
def test_create_refuses_what_the_protocol_does_not_support(
    elb: Any, fields: dict[str, Any]
) -> None:
    before = sorted(ids_of(list_pools(elb)))

    error = sdk_error(lambda: create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS, **fields))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert sorted(ids_of(list_pools(elb))) == before


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"protocol": "HTTP", "slow_start": CreatePoolSlowStartOption(enable=True)},
            id="slow_start-on-HTTP",
        ),
        pytest.param(
            {"protocol": "GRPC", "slow_start": CreatePoolSlowStartOption(enable=True)},
            id="slow_start-on-GRPC",
        ),
        pytest.param(
            {"slow_start": CreatePoolSlowStartOption(enable=False)}, id="slow_start-off-on-TCP"
        ),
        pytest.param(
            {"protocol": "UDP", "connection_drain": ConnectionDrain(enable=True, timeout=10)},
            id="connection_drain-on-UDP",
        ),
        pytest.param(
            {"protocol": "HTTP", "connection_drain": ConnectionDrain(enable=False)},
            id="connection_drain-off-on-HTTP",
        ),
        pytest.param(
            {"pool_health": PoolHealth(minimum_healthy_member_count=1)}, id="pool_health-1"
        ),
        pytest.param(
            {
                "session_persistence": CreatePoolSessionPersistenceOption(
                    type="APP_COOKIE", cookie_name="c"
                )
            },
            id="TCP-ignores-the-persistence-type",
        ),
    ],
)
def test_create_accepts_what_the_protocol_supports(elb: Any, fields: dict[str, Any]) -> None:
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS, **fields)

    assert show_pool(elb, pool.id).to_dict() == pool.to_dict()


def test_az_affinity_on_create_leaves_pool_health_at_its_default(elb: Any) -> None:
    pool = create_pool(
        elb,
        loadbalancer_id=demo.LB_IP_TARGETS,
        az_affinity=AzAffinity(enable=True, az_minimum_healthy_member_percentage=10),
        pool_health=PoolHealth(minimum_healthy_member_count=0),
    )

    assert pool.pool_health.minimum_healthy_member_count == 0
    assert pool.az_affinity.enable is True


def test_create_refuses_az_affinity_behind_a_tls_listener(app_client: TestClient) -> None:
    add_tls_listener(app_client)
    pool = {
        "protocol": "TCP",
        "lb_algorithm": "ROUND_ROBIN",
        "listener_id": TLS_LISTENER,
        "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 1},
    }

    assert error_of(app_client.post(POOLS, json={"pool": pool})) == (400, INVALID_INPUT)
    dualstack = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": TLS_LISTENER}
    dualstack["ip_version"] = "dualstack"
    assert error_of(app_client.post(POOLS, json={"pool": dualstack})) == (400, INVALID_INPUT)


def test_the_pool_quota_is_enforced_on_create(app_client: TestClient) -> None:
    def quota(session: Session) -> None:
        session.merge(Quota(project_id=demo.PROJECT, limits={"pool": len(demo.ALL_POOLS)}))

    in_database(app_client, quota)
    body = {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip"}}

    response = app_client.post(POOLS, json=body)

    assert error_of(response) == (409, QUOTA_EXCEEDED)
    assert len(app_client.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


# --- create: refusals over raw HTTP (nothing changes) -----------------------------------


@pytest.mark.parametrize(
    ("pool", "field"),
    [
        (
            {"protocol": "TCP", "lb_algorithm": "QUIC_CID", "loadbalancer_id": demo.LB},
            "lb_algorithm",
        ),
        (
            {"protocol": "TCP", "lb_algorithm": "5_TUPLE_HASH", "loadbalancer_id": demo.LB},
            "lb_algorithm",
        ),
        ({"protocol": "TCP", "lb_algorithm": "BOGUS", "loadbalancer_id": demo.LB}, "lb_algorithm"),
        (
            {"protocol": "tcp", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB},
            "protocol",
        ),
        ({"lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB}, "protocol"),
        ({"protocol": "TCP", "loadbalancer_id": demo.LB}, "lb_algorithm"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN"}, "listener_id"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "instance"}, "vpc_id"),
        (
            {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip", "vpc_id": demo.VPC},
            "vpc_id",
        ),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "other"}, "type"),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "vpc_id": demo.VPC,
            },
            "type",
        ),
        ({"protocol": "IP", "loadbalancer_id": demo.LB}, "vpc_id"),
        (
            {
                "protocol": "IP",
                "loadbalancer_id": demo.LB,
                "type": "instance",
                "vpc_id": demo.OTHER_VPC,
            },
            "vpc_id",
        ),
        ({"protocol": "IP", "loadbalancer_id": demo.LB, "type": "ip"}, "type"),
        (
            {"protocol": "QUIC", "lb_algorithm": "QUIC_CID", "loadbalancer_id": demo.LB},
            "session_persistence",
        ),
        (
            {
                "protocol": "QUIC",
                "lb_algorithm": "QUIC_CID",
                "loadbalancer_id": demo.LB,
                "session_persistence": {"type": "HTTP_COOKIE"},
            },
            "session_persistence",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "session_persistence": {"type": "SOURCE_IP", "cookie_name": "c"},
            },
            "cookie_name",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "session_persistence": {"type": "HTTP_COOKIE", "persistence_timeout": 1441},
            },
            "persistence_timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 61},
            },
            "persistence_timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "session_persistence": {},
            },
            "type",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "slow_start": {"enable": True, "duration": 29},
            },
            "duration",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "slow_start": {"enable": True, "duration": 1201},
            },
            "duration",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "connection_drain": {"enable": True},
            },
            "drain",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "connection_drain": {"enable": True, "timeout": 9},
            },
            "timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "connection_drain": {"enable": True, "timeout": 4001},
            },
            "timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "pool_health": {"minimum_healthy_member_count": 2},
            },
            "minimum_healthy_member_count",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "az_affinity": {"enable": True},
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "az_affinity": {
                    "enable": True,
                    "az_minimum_healthy_member_percentage": 5,
                    "az_minimum_healthy_member_count": 5,
                },
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "az_affinity": {"enable": True, "az_minimum_healthy_member_percentage": 101},
            },
            "az_minimum_healthy_member_percentage",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "az_affinity": {"enable": True, "az_minimum_healthy_member_percentage": 50},
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "any_port_enable": True,
            },
            "any_port_enable",
        ),
        (
            {
                "protocol": "TLS",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "any_port_enable": True,
            },
            "any_port_enable",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "ip_version": "dualstack",
            },
            "ip_version",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "ip_version": "v6",
            },
            "ip_version",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "admin_state_up": False,
            },
            "admin_state_up",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "enterprise_project_id": "",
            },
            "enterprise_project_id",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "quic_cid_hash_strategy": {"len": 3},
            },
            "quic_cid_hash_strategy",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "name": "n" * 256,
            },
            "name",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "protection_reason": "<x>",
                "protection_status": "consoleProtection",
            },
            "protection_reason",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB,
                "bogus": 1,
            },
            "bogus",
        ),
        (
            {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": 7},
            "loadbalancer_id",
        ),
    ],
)
def test_create_pool_rejections(http: httpx.Client, pool: dict[str, Any], field: str) -> None:
    before = snapshot(http)
    assert_error_response(http.post(f"{ELB}/pools", json={"pool": pool}), 400, INVALID_INPUT, field)
    assert snapshot(http) == before


@pytest.mark.parametrize(
    ("listener_protocol", "ok", "bad"),
    [
        ("UDP", ["UDP"], ["TCP", "HTTP"]),
        ("TCP", ["TCP"], ["UDP", "HTTP", "HTTPS"]),
        ("HTTP", ["HTTP"], ["TCP", "HTTPS", "UDP"]),
    ],
)
def test_listener_pool_protocol_compatibility(
    http: httpx.Client, listener_protocol: str, ok: list[str], bad: list[str]
) -> None:
    lb = demo.LB if listener_protocol in ("UDP", "TCP") else demo.LB_IP_TARGETS
    port = {"UDP": 53, "TCP": 81, "HTTP": 8080}[listener_protocol]
    body = {
        "listener": {"loadbalancer_id": lb, "protocol": listener_protocol, "protocol_port": port}
    }
    listener = assert_ok_response(http.post(f"{ELB}/listeners", json=body), 201)["listener"]["id"]
    for protocol in bad:
        pool = {"protocol": protocol, "lb_algorithm": "ROUND_ROBIN", "listener_id": listener}
        assert_error_response(
            http.post(f"{ELB}/pools", json={"pool": pool}), 400, INVALID_INPUT, "protocol"
        )
    pool = {"protocol": ok[0], "lb_algorithm": "ROUND_ROBIN", "listener_id": listener}
    created = assert_ok_response(http.post(f"{ELB}/pools", json={"pool": pool}), 201)["pool"]
    assert created["listeners"] == [{"id": listener}] and created["loadbalancers"] == [{"id": lb}]
    again = assert_error_response(http.post(f"{ELB}/pools", json={"pool": pool}), 409, CONFLICT)
    assert listener in again["error_msg"]


def test_create_pool_not_found_refs(http: httpx.Client) -> None:
    pool = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": "nope"}
    assert_error_response(
        http.post(f"{ELB}/pools", json={"pool": pool}),
        404,
        NOT_FOUND,
        "loadbalancer nope could not be found.",
    )
    pool = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": "nope"}
    assert_error_response(
        http.post(f"{ELB}/pools", json={"pool": pool}),
        404,
        NOT_FOUND,
        "listener nope could not be found.",
    )


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
    added = ids_of(
        add_members(elb, demo.POOL, on_subnet("192.168.0.31"), on_subnet("192.168.0.32"))
    )

    pool = show_pool(elb, demo.POOL)

    assert sorted(member.id for member in pool.members) == sorted(added)


def test_a_pool_without_a_vpc_takes_the_vpc_of_its_first_member(elb: Any) -> None:
    # CreatePoolOption.vpc_id: "若未指定vpc_id，则后续添加后端服务器时，vpc_id由后端服务器所在的
    # 虚拟私有云确定" — the pool's VPC becomes that of the first member added
    assert show_pool(elb, demo.POOL).vpc_id == ""

    add_members(elb, demo.POOL, on_subnet("192.168.0.43"))

    assert show_pool(elb, demo.POOL).vpc_id == demo.VPC


def test_show_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_pool(elb, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


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
        pytest.param([demo.UNKNOWN_ID], [], id="unknown"),
    ],
)
def test_list_by_listener_id(elb: Any, listener_ids: list[str], expected: list[str]) -> None:
    # ListPoolsRequest.listener_id, a multi-value filter of the API reference
    assert sorted(ids_of(list_pools(elb, listener_id=listener_ids))) == sorted(expected)


def test_list_by_member_address(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.41"))
    add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.42"))

    assert ids_of(list_pools(elb, member_address=["192.168.0.41"])) == [demo.POOL]
    assert sorted(
        ids_of(list_pools(elb, member_address=["192.168.0.41", "192.168.0.42"]))
    ) == sorted([demo.POOL, demo.POOL_STANDALONE])
    assert ids_of(list_pools(elb, member_address=["192.168.0.99"])) == []


def test_list_filters_with_repeated_keys_over_raw_http(http: httpx.Client) -> None:
    response = http.get(POOLS, params=[("protocol", "UDP"), ("protocol", "IP")])

    assert response.status_code == 200
    assert {pool["id"] for pool in response.json()["pools"]} == {
        demo.POOL_AZ_AFFINITY,
        demo.POOL_IP_PROTOCOL,
    }


def test_marker_and_limit_visit_every_pool_once(elb: Any) -> None:
    create_pool(elb, **tcp_on_lb(name="extra"))
    everything = ids_of(list_pools(elb))
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
    everything = ids_of(list_pools(elb))

    page = elb.list_pools(ListPoolsRequest(limit=2, marker=everything[4], page_reverse=True))

    assert [pool.id for pool in page.pools] == everything[2:4]
    assert page.page_info.previous_marker == everything[2]


def test_an_unknown_marker_is_elb_8902(elb: Any) -> None:
    error = sdk_error(lambda: elb.list_pools(ListPoolsRequest(limit=2, marker=demo.UNKNOWN_ID)))

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


# --- list: every filter of ListPoolsRequest -----------------------------------------------

ALL = sorted(demo.ALL_POOLS)


def others(*excluded: str) -> list[str]:
    return [pool_id for pool_id in ALL if pool_id not in excluded]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"admin_state_up": True}, ALL, id="admin_state_up-true"),
        pytest.param({"admin_state_up": False}, [], id="admin_state_up-false"),
        pytest.param({"az_affinity": ["enable=true"]}, [demo.POOL_AZ_AFFINITY], id="az-on"),
        pytest.param({"az_affinity": ["enable=false"]}, others(demo.POOL_AZ_AFFINITY), id="az-off"),
        pytest.param({"az_affinity": ["enable=true", "enable=false"]}, ALL, id="az-or"),
        pytest.param({"connection_drain": False}, ALL, id="connection_drain-false"),
        pytest.param({"connection_drain": True}, [], id="connection_drain-true"),
        pytest.param({"pool_health": "minimum_healthy_member_count=0"}, ALL, id="health-0"),
        pytest.param({"pool_health": "minimum_healthy_member_count=1"}, [], id="health-1"),
        pytest.param({"description": [""]}, ALL, id="description"),
        pytest.param({"enterprise_project_id": ["0"]}, ALL, id="enterprise_project_id"),
        pytest.param({"protection_status": ["nonProtection"]}, ALL, id="protection_status"),
        pytest.param({"public_border_group": "center"}, ALL, id="public_border_group"),
        pytest.param({"member_deletion_protection_enable": True}, [], id="member-protection"),
        pytest.param({"healthmonitor_id": [demo.UNKNOWN_ID]}, [], id="healthmonitor_id"),
        pytest.param({"quic_cid_len": 3}, [], id="quic_cid_len"),
        pytest.param(
            {"type": [""]}, others(demo.POOL_IP_PROTOCOL, demo.POOL_STANDALONE), id="type-empty"
        ),
        pytest.param(
            {"loadbalancer_id": [demo.LB_IP_TARGETS], "any_port_enable": False},
            [demo.POOL_DUALSTACK, demo.POOL_AZ_AFFINITY, demo.POOL_IP_PROTOCOL, demo.POOL_HTTP],
            id="and-across-keys",
        ),
    ],
)
def test_list_filters_over_the_demo_pools(
    elb: Any, query: dict[str, Any], expected: list[str]
) -> None:
    assert sorted(ids_of(list_pools(elb, **query))) == sorted(expected)


def test_list_by_connection_drain_pool_health_and_protection(elb: Any) -> None:
    update_pool(elb, demo.POOL, connection_drain=ConnectionDrain(enable=True, timeout=30))
    update_pool(elb, demo.POOL_HTTP, pool_health=PoolHealth(minimum_healthy_member_count=1))
    update_pool(
        elb,
        demo.POOL_DUALSTACK,
        member_deletion_protection_enable=True,
        description="guarded",
        protection_status="consoleProtection",
    )

    assert sorted(ids_of(list_pools(elb, connection_drain=True))) == [demo.POOL]
    assert sorted(ids_of(list_pools(elb, connection_drain=False))) == others(demo.POOL)
    assert sorted(ids_of(list_pools(elb, pool_health="minimum_healthy_member_count=1"))) == [
        demo.POOL_HTTP
    ]
    assert sorted(ids_of(list_pools(elb, member_deletion_protection_enable=True))) == [
        demo.POOL_DUALSTACK
    ]
    assert sorted(ids_of(list_pools(elb, description=["guarded", "nothing"]))) == [
        demo.POOL_DUALSTACK
    ]
    assert sorted(ids_of(list_pools(elb, protection_status=["consoleProtection"]))) == [
        demo.POOL_DUALSTACK
    ]


def test_list_by_quic_cid_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="QUIC_CID",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
        quic_cid_hash_strategy=QuicCidHashStrategy(len=5, offset=2),
    )

    assert sorted(ids_of(list_pools(elb, quic_cid_len=5))) == [pool.id]
    assert sorted(ids_of(list_pools(elb, quic_cid_offset=2))) == [pool.id]
    assert sorted(ids_of(list_pools(elb, quic_cid_len=5, quic_cid_offset=1))) == []
    assert sorted(ids_of(list_pools(elb, quic_cid_len=3))) == []


def test_list_by_member_ids_and_devices(elb: Any) -> None:
    # 192.168.0.10 is the NIC of demo server ECS_1: the member gets its instance id
    [on_server] = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.10")))
    [plain] = ids_of(add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.55")))

    assert sorted(ids_of(list_pools(elb, member_device_id=[demo.ECS_1]))) == [demo.POOL]
    assert sorted(ids_of(list_pools(elb, member_instance_id=[on_server]))) == [demo.POOL]
    assert sorted(ids_of(list_pools(elb, member_instance_id=[on_server, plain]))) == sorted(
        [demo.POOL, demo.POOL_STANDALONE]
    )
    assert sorted(ids_of(list_pools(elb, member_instance_id=[demo.UNKNOWN_ID]))) == []
    assert sorted(ids_of(list_pools(elb, member_address=["192.168.0.55"]))) == [
        demo.POOL_STANDALONE
    ]


def test_list_by_healthmonitor_id(elb: Any) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL).id

    pools = elb.list_pools(ListPoolsRequest(healthmonitor_id=[monitor])).pools

    assert [(pool.id, pool.healthmonitor_id) for pool in pools] == [(demo.POOL, monitor)]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"connection_drain": "maybe"}, id="connection_drain-maybe"),
        pytest.param({"admin_state_up": "yes"}, id="admin_state_up-yes"),
        pytest.param({"any_port_enable": "2"}, id="any_port_enable-2"),
        pytest.param({"member_deletion_protection_enable": ""}, id="protection-empty"),
        pytest.param({"pool_health": "1"}, id="pool_health-bare-number"),
        pytest.param({"pool_health": "minimum_healthy_member_count=x"}, id="pool_health-not-int"),
        pytest.param({"pool_health": "other=1"}, id="pool_health-other-attribute"),
        pytest.param({"az_affinity": "true"}, id="az_affinity-bare"),
        pytest.param({"az_affinity": "enable=on"}, id="az_affinity-on"),
        pytest.param({"quic_cid_len": "abc"}, id="quic_cid_len-abc"),
        pytest.param({"quic_cid_offset": "99999999999"}, id="quic_cid_offset-huge"),
        pytest.param({"limit": "2001"}, id="limit-2001"),
    ],
)
def test_bad_filter_values_are_elb_8902(http: httpx.Client, params: dict[str, str]) -> None:
    response = http.get(POOLS, params=params)

    assert error_of(response) == (400, INVALID_INPUT)


def test_list_filter_values_of_any_length_are_answered(http: httpx.Client) -> None:
    response = http.get(POOLS, params={"id": "x" * 1000, "member_address": "y" * 1000})

    assert response.status_code == 200
    assert response.json()["pools"] == []


# --- list: enterprise_project_id ----------------------------------------------------------


def test_all_granted_eps_lists_the_pools_of_every_enterprise_project(elb: Any) -> None:
    other = create_pool(
        elb,
        loadbalancer_id=demo.LB_IP_TARGETS,
        enterprise_project_id="a1b2c3d4-0000-4000-8000-000000000001",
    ).id

    everything = sorted(ids_of(list_pools(elb, enterprise_project_id=["all_granted_eps"])))
    default_only = sorted(ids_of(list_pools(elb, enterprise_project_id=["0"])))

    assert everything == sorted([*demo.ALL_POOLS, other])
    assert other not in default_only and len(default_only) == len(demo.ALL_POOLS)


# --- update: what changes -----------------------------------------------------------------


def test_update_changes_the_plain_fields(elb: Any) -> None:
    option = UpdatePoolOption(
        name="renamed",
        description="new words",
        lb_algorithm="LEAST_CONNECTIONS",
        member_deletion_protection_enable=True,
        protection_status="consoleProtection",
        protection_reason="keep it",
        admin_state_up=True,
    )
    response = elb.update_pool(
        UpdatePoolRequest(pool_id=demo.POOL, body=UpdatePoolRequestBody(pool=option))
    )

    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    pool = response.pool
    assert (pool.name, pool.description) == ("renamed", "new words")
    assert pool.lb_algorithm == "LEAST_CONNECTIONS"
    assert pool.member_deletion_protection_enable is True
    assert (pool.protection_status, pool.protection_reason) == ("consoleProtection", "keep it")
    assert pool.admin_state_up is True
    # the rest is as before, relations included
    assert pool.protocol == "TCP"
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    assert show_pool(elb, demo.POOL).to_dict() == pool.to_dict()


def test_an_empty_update_changes_nothing_but_is_answered(elb: Any) -> None:
    before = show_pool(elb, demo.POOL_HTTP).to_dict()

    after = update_pool(elb, demo.POOL_HTTP).to_dict()

    before.pop("updated_at"), after.pop("updated_at")
    assert after == before


def test_update_json_has_every_sdk_field(app_client: TestClient) -> None:
    response = app_client.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "typed"}})

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(elb_v3.UpdatePoolResponse.openapi_types) <= set(body)
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert_json_model(body["pool"], elb_v3.Pool, nullable=POOL_NULLABLE_FIELDS)
    assert body["pool"]["name"] == "typed"


def test_update_moves_updated_at_and_keeps_created_at(app_client: TestClient) -> None:
    def age(session: Session) -> None:
        pool = session.get(Pool, demo.POOL)
        assert pool is not None
        pool.created_at = pool.updated_at = OLD_TIME

    in_database(app_client, age)

    pool = app_client.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "x"}}).json()["pool"]

    assert pool["created_at"] == OLD_TIME
    assert pool["updated_at"] > OLD_TIME


def test_a_refused_update_changes_nothing(app_client: TestClient) -> None:
    def age(session: Session) -> None:
        pool = session.get(Pool, demo.POOL_HTTP)
        assert pool is not None
        pool.updated_at = OLD_TIME

    in_database(app_client, age)
    before = app_client.get(f"{POOLS}/{demo.POOL_HTTP}").json()["pool"]

    # every field would be valid but the last: nothing of it is written
    response = app_client.put(
        f"{POOLS}/{demo.POOL_HTTP}",
        json={"pool": {"name": "changed", "lb_algorithm": "SOURCE_IP", "any_port_enable": True}},
    )

    assert error_of(response) == (400, INVALID_INPUT)
    assert app_client.get(f"{POOLS}/{demo.POOL_HTTP}").json()["pool"] == before


# --- update: session persistence ----------------------------------------------------------


def test_session_persistence_is_set_and_merged(elb: Any) -> None:
    pool = update_pool(
        elb,
        demo.POOL_HTTP,
        session_persistence=UpdatePoolSessionPersistenceOption(
            type="APP_COOKIE", cookie_name="SID"
        ),
    )
    assert pool.session_persistence.type == "APP_COOKIE"
    assert pool.session_persistence.cookie_name == "SID"

    # an attribute left out keeps its value
    pool = update_pool(
        elb,
        demo.POOL_HTTP,
        session_persistence=UpdatePoolSessionPersistenceOption(persistence_timeout=30),
    )
    assert (pool.session_persistence.type, pool.session_persistence.cookie_name) == (
        "APP_COOKIE",
        "SID",
    )
    assert pool.session_persistence.persistence_timeout == 30

    # a new type drops the cookie name and starts from the protocol's default timeout
    pool = update_pool(
        elb,
        demo.POOL_HTTP,
        session_persistence=UpdatePoolSessionPersistenceOption(type="HTTP_COOKIE"),
    )
    assert pool.session_persistence.cookie_name is None
    assert pool.session_persistence.persistence_timeout == 1440


def test_session_persistence_null_removes_it(http: httpx.Client, elb: Any) -> None:
    update_pool(
        elb,
        demo.POOL,
        session_persistence=UpdatePoolSessionPersistenceOption(type="SOURCE_IP"),
    )
    # leaving it out keeps it
    kept = http.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "kept"}}).json()["pool"]
    assert kept["session_persistence"]["type"] == "SOURCE_IP"

    response = http.put(f"{POOLS}/{demo.POOL}", json={"pool": {"session_persistence": None}})

    assert response.status_code == 200, response.text
    assert response.json()["pool"]["session_persistence"] is None
    assert show_pool(elb, demo.POOL).session_persistence is None


def test_a_quic_pool_cannot_lose_its_source_ip_persistence(http: httpx.Client, elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
    )

    removed = http.put(f"{POOLS}/{pool.id}", json={"pool": {"session_persistence": None}})
    assert error_of(removed) == (400, INVALID_INPUT)
    error = update_pool_error(
        elb, pool.id, session_persistence=UpdatePoolSessionPersistenceOption(type="HTTP_COOKIE")
    )
    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_pool(elb, pool.id).session_persistence.type == "SOURCE_IP"


@pytest.mark.parametrize(
    ("pool_id", "option"),
    [
        pytest.param(
            demo.POOL,
            UpdatePoolSessionPersistenceOption(persistence_timeout=5),
            id="no-type-and-none-to-keep",
        ),
        pytest.param(
            demo.POOL,
            UpdatePoolSessionPersistenceOption(type="SOURCE_IP", persistence_timeout=61),
            id="timeout-61-on-TCP",
        ),
        pytest.param(
            demo.POOL_HTTP,
            UpdatePoolSessionPersistenceOption(type="HTTP_COOKIE", persistence_timeout=1441),
            id="timeout-1441-on-HTTP",
        ),
        pytest.param(
            demo.POOL_HTTP,
            UpdatePoolSessionPersistenceOption(type="HTTP_COOKIE", cookie_name="c"),
            id="cookie_name-with-HTTP_COOKIE",
        ),
        pytest.param(
            demo.POOL_HTTP,
            UpdatePoolSessionPersistenceOption(type="APP_COOKIE"),
            id="APP_COOKIE-without-cookie_name",
        ),
        pytest.param(
            demo.POOL_HTTP,
            UpdatePoolSessionPersistenceOption(type="STICKY"),
            id="type-STICKY",
        ),
    ],
)
def test_invalid_session_persistence_updates_are_refused(
    elb: Any, pool_id: str, option: UpdatePoolSessionPersistenceOption
) -> None:
    error = update_pool_error(elb, pool_id, session_persistence=option)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_pool(elb, pool_id).session_persistence is None


# --- update: algorithm, slow start, drain, health, quic cid -------------------------------


@pytest.mark.parametrize(
    ("pool_id", "algorithm"),
    [
        pytest.param(demo.POOL, "QUIC_CID", id="QUIC_CID-on-TCP"),
        pytest.param(demo.POOL, "5_TUPLE_HASH", id="5_TUPLE_HASH-on-TCP"),
        pytest.param(demo.POOL_HTTP, "3_TUPLE_HASH", id="3_TUPLE_HASH-on-HTTP"),
        pytest.param(demo.POOL_IP_PROTOCOL, "QUIC_CID", id="QUIC_CID-on-IP"),
        pytest.param(demo.POOL, "RANDOM", id="RANDOM"),
    ],
)
def test_an_algorithm_the_protocol_does_not_take_is_refused(
    elb: Any, pool_id: str, algorithm: str
) -> None:
    before = show_pool(elb, pool_id).lb_algorithm

    assert_sdk_error(update_pool_error(elb, pool_id, lb_algorithm=algorithm), 400, INVALID_INPUT)
    assert show_pool(elb, pool_id).lb_algorithm == before


def test_an_ip_pool_takes_another_tuple_hash(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL_IP_PROTOCOL, lb_algorithm="2_TUPLE_HASH")

    assert pool.lb_algorithm == "2_TUPLE_HASH"


def test_quic_cid_strategy_follows_the_algorithm(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
    )
    assert pool.quic_cid_hash_strategy is None
    # no strategy while the algorithm is not QUIC_CID
    error = update_pool_error(elb, pool.id, quic_cid_hash_strategy=QuicCidHashStrategy(len=5))
    assert_sdk_error(error, 400, INVALID_INPUT)

    pool = update_pool(elb, pool.id, lb_algorithm="QUIC_CID")
    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (3, 1)

    pool = update_pool(elb, pool.id, quic_cid_hash_strategy=QuicCidHashStrategy(len=8))
    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (8, 1)

    pool = update_pool(elb, pool.id, lb_algorithm="SOURCE_IP")
    assert pool.quic_cid_hash_strategy is None


def test_slow_start_is_merged_on_an_http_pool(elb: Any) -> None:
    pool = update_pool(
        elb, demo.POOL_HTTP, slow_start=UpdatePoolSlowStartOption(enable=True, duration=100)
    )
    assert (pool.slow_start.enable, pool.slow_start.duration) == (True, 100)

    pool = update_pool(elb, demo.POOL_HTTP, slow_start=UpdatePoolSlowStartOption(enable=False))
    assert (pool.slow_start.enable, pool.slow_start.duration) == (False, 100)


def test_slow_start_cannot_be_enabled_on_a_tcp_pool(elb: Any) -> None:
    error = update_pool_error(elb, demo.POOL, slow_start=UpdatePoolSlowStartOption(enable=True))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_pool(elb, demo.POOL).slow_start is None
    # switched off it is accepted: it does nothing
    pool = update_pool(elb, demo.POOL, slow_start=UpdatePoolSlowStartOption(enable=False))
    assert (pool.slow_start.enable, pool.slow_start.duration) == (False, 30)


def test_connection_drain_on_a_tcp_pool(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, connection_drain=ConnectionDrain(enable=True, timeout=60))
    assert (pool.connection_drain.enable, pool.connection_drain.timeout) == (True, 60)

    # switched off it keeps its timeout
    pool = update_pool(elb, demo.POOL, connection_drain=ConnectionDrain(enable=False))
    assert (pool.connection_drain.enable, pool.connection_drain.timeout) == (False, 60)


def test_connection_drain_needs_an_explicit_timeout(elb: Any) -> None:
    error = update_pool_error(elb, demo.POOL, connection_drain=ConnectionDrain(enable=True))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert error.error_msg == "Connection drain timeout must be explict defined."
    assert show_pool(elb, demo.POOL).connection_drain.enable is False


def test_connection_drain_cannot_be_enabled_on_an_http_pool(elb: Any) -> None:
    error = update_pool_error(
        elb, demo.POOL_HTTP, connection_drain=ConnectionDrain(enable=True, timeout=60)
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_pool(elb, demo.POOL_HTTP).connection_drain.enable is False


def test_pool_health_is_updated(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, pool_health=PoolHealth(minimum_healthy_member_count=1))

    assert pool.pool_health.minimum_healthy_member_count == 1


def test_pool_health_cannot_be_set_while_az_affinity_is_on(elb: Any) -> None:
    error = update_pool_error(
        elb, demo.POOL_AZ_AFFINITY, pool_health=PoolHealth(minimum_healthy_member_count=1)
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_pool(elb, demo.POOL_AZ_AFFINITY).pool_health.minimum_healthy_member_count == 0


def test_enabling_az_affinity_resets_pool_health(elb: Any) -> None:
    update_pool(elb, demo.POOL, pool_health=PoolHealth(minimum_healthy_member_count=1))

    pool = update_pool(
        elb, demo.POOL, az_affinity=UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=2)
    )

    assert pool.az_affinity.enable is True
    assert pool.az_affinity.az_minimum_healthy_member_count == 2
    assert pool.az_affinity.az_minimum_healthy_member_percentage == -1
    assert pool.pool_health.minimum_healthy_member_count == 0


# --- update: az affinity ------------------------------------------------------------------


def test_az_affinity_attributes_left_out_keep_their_value(elb: Any) -> None:
    pool = update_pool(
        elb,
        demo.POOL_AZ_AFFINITY,
        az_affinity=UpdateAzAffinity(az_unhealthy_fallback_strategy="forward_to_all_member"),
    )
    assert pool.az_affinity.enable is True
    assert pool.az_affinity.az_minimum_healthy_member_percentage == 50
    assert pool.az_affinity.az_unhealthy_fallback_strategy == "forward_to_all_member"

    # switching thresholds: the other one is set back to -1 explicitly
    pool = update_pool(
        elb,
        demo.POOL_AZ_AFFINITY,
        az_affinity=UpdateAzAffinity(
            az_minimum_healthy_member_percentage=-1, az_minimum_healthy_member_count=3
        ),
    )
    assert pool.az_affinity.az_minimum_healthy_member_count == 3

    pool = update_pool(elb, demo.POOL_AZ_AFFINITY, az_affinity=UpdateAzAffinity(enable=False))
    assert pool.az_affinity.enable is False


@pytest.mark.parametrize(
    ("pool_id", "option"),
    [
        pytest.param(
            demo.POOL_HTTP,
            UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=1),
            id="on-HTTP",
        ),
        pytest.param(demo.POOL, UpdateAzAffinity(enable=True), id="no-threshold"),
        pytest.param(
            demo.POOL_AZ_AFFINITY,
            UpdateAzAffinity(az_minimum_healthy_member_count=2),
            id="both-thresholds",
        ),
        pytest.param(
            demo.POOL,
            UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=10001),
            id="count-10001",
        ),
        pytest.param(
            demo.POOL,
            UpdateAzAffinity(
                enable=True,
                az_minimum_healthy_member_count=1,
                az_unhealthy_fallback_strategy="anywhere",
            ),
            id="unknown-strategy",
        ),
    ],
)
def test_invalid_az_affinity_updates_are_refused(
    elb: Any, pool_id: str, option: UpdateAzAffinity
) -> None:
    before = show_pool(elb, pool_id).az_affinity.to_dict()

    assert_sdk_error(update_pool_error(elb, pool_id, az_affinity=option), 400, INVALID_INPUT)
    assert show_pool(elb, pool_id).az_affinity.to_dict() == before


def test_az_affinity_needs_every_ip_member_to_have_a_zone(elb: Any) -> None:
    # UpdateAzAffinity.enable: refused while an IP-type member has no availability_zone
    add_members(elb, demo.POOL_DUALSTACK, {"address": "10.1.0.5", "protocol_port": 80})
    option = UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=1)

    error = update_pool_error(elb, demo.POOL_DUALSTACK, az_affinity=option)

    assert_sdk_error(error, 409, CONFLICT)
    assert show_pool(elb, demo.POOL_DUALSTACK).az_affinity.enable is False


def test_az_affinity_with_ip_members_that_have_a_zone(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL_DUALSTACK,
        {"address": "10.1.0.6", "protocol_port": 80, "availability_zone": demo.AZ_1},
        on_subnet("192.168.0.50"),  # instance members need no zone of their own
    )

    pool = update_pool(
        elb,
        demo.POOL_DUALSTACK,
        az_affinity=UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=1),
    )

    assert pool.az_affinity.enable is True


def test_az_affinity_is_refused_for_pools_of_tls_listeners(app_client: TestClient) -> None:
    add_tls_listener(app_client)
    created = app_client.post(
        POOLS,
        json={
            "pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": TLS_LISTENER}
        },
    )
    assert created.status_code == 201, created.text
    pool_id = created.json()["pool"]["id"]

    response = app_client.put(
        f"{POOLS}/{pool_id}",
        json={"pool": {"az_affinity": {"enable": True, "az_minimum_healthy_member_count": 1}}},
    )

    assert error_of(response) == (400, INVALID_INPUT)


# --- update: any port ---------------------------------------------------------------------


def test_any_port_is_turned_on_and_members_keep_their_ports(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.51", 8080))

    pool = update_pool(elb, demo.POOL, any_port_enable=True)

    assert pool.any_port_enable is True
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [member.protocol_port for member in members] == [8080]
    # members that keep their port let it be turned off again
    assert update_pool(elb, demo.POOL, any_port_enable=False).any_port_enable is False


def test_any_port_is_refused_on_an_http_pool(elb: Any) -> None:
    assert_sdk_error(
        update_pool_error(elb, demo.POOL_HTTP, any_port_enable=True), 400, INVALID_INPUT
    )


def test_any_port_cannot_be_turned_off_under_portless_members(elb: Any) -> None:
    add_members(elb, demo.POOL_ANY_PORT, on_subnet("192.168.0.52"))

    error = update_pool_error(elb, demo.POOL_ANY_PORT, any_port_enable=False)

    assert_sdk_error(error, 409, CONFLICT)
    assert show_pool(elb, demo.POOL_ANY_PORT).any_port_enable is True


def test_any_port_is_turned_off_on_an_empty_pool(elb: Any) -> None:
    assert update_pool(elb, demo.POOL_ANY_PORT, any_port_enable=False).any_port_enable is False


# --- update: type and vpc_id --------------------------------------------------------------


def test_type_and_vpc_are_set_while_empty(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, type="instance", vpc_id=demo.VPC)

    assert (pool.type, pool.vpc_id) == ("instance", demo.VPC)
    # repeating the current values is no change
    update_pool(elb, demo.POOL, type="instance", vpc_id=demo.VPC)  # answered 200


def test_type_ip_on_an_empty_pool(elb: Any) -> None:
    assert update_pool(elb, demo.POOL, type="ip").type == "ip"


def test_type_instance_takes_the_vpc_the_first_member_gave(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.53"))
    assert show_pool(elb, demo.POOL).vpc_id == demo.VPC

    pool = update_pool(elb, demo.POOL, type="instance")

    assert (pool.type, pool.vpc_id) == ("instance", demo.VPC)


@pytest.mark.parametrize(
    ("pool_id", "fields"),
    [
        pytest.param(demo.POOL_STANDALONE, {"type": ""}, id="instance-back-to-empty"),
        pytest.param(demo.POOL_STANDALONE, {"type": "ip"}, id="instance-to-ip"),
        pytest.param(demo.POOL_STANDALONE, {"vpc_id": demo.OTHER_VPC}, id="vpc-not-empty"),
        pytest.param(demo.POOL_IP_PROTOCOL, {"type": "ip"}, id="IP-pool-to-ip"),
        pytest.param(demo.POOL, {"type": "instance"}, id="instance-without-vpc"),
        pytest.param(demo.POOL, {"vpc_id": demo.VPC}, id="vpc-without-type"),
        pytest.param(demo.POOL, {"type": "ip", "vpc_id": demo.VPC}, id="ip-with-vpc"),
        pytest.param(
            demo.POOL, {"type": "instance", "vpc_id": demo.OTHER_VPC}, id="vpc-not-the-lbs"
        ),
        pytest.param(demo.POOL, {"type": "container"}, id="type-container"),
    ],
)
def test_invalid_type_or_vpc_updates_are_refused(
    elb: Any, pool_id: str, fields: dict[str, Any]
) -> None:
    before = show_pool(elb, pool_id)

    assert_sdk_error(update_pool_error(elb, pool_id, **fields), 400, INVALID_INPUT)
    after = show_pool(elb, pool_id)
    assert (after.type, after.vpc_id) == (before.type, before.vpc_id)


def test_an_unknown_vpc_is_elb_8904(elb: Any) -> None:
    error = update_pool_error(elb, demo.POOL, type="instance", vpc_id=demo.UNKNOWN_ID)

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"vpc {demo.UNKNOWN_ID} could not be found."


def test_type_ip_is_refused_while_instance_members_remain(elb: Any) -> None:
    add_members(elb, demo.POOL_HTTP, on_subnet("192.168.0.54"))
    pool = show_pool(elb, demo.POOL_HTTP)
    assert (pool.type, pool.vpc_id) == ("", demo.VPC)

    # the instance member is why: 409, before the VPC it gave the pool is looked at
    assert_sdk_error(update_pool_error(elb, demo.POOL_HTTP, type="ip"), 409, CONFLICT)
    assert show_pool(elb, demo.POOL_HTTP).type == ""


def test_type_ip_is_accepted_over_ip_members(elb: Any) -> None:
    add_members(elb, demo.POOL_HTTP, {"address": "10.1.0.7", "protocol_port": 80})

    assert update_pool(elb, demo.POOL_HTTP, type="ip").type == "ip"


# --- update: other refusals ---------------------------------------------------------------


def test_admin_state_up_false_is_refused(elb: Any) -> None:
    assert_sdk_error(update_pool_error(elb, demo.POOL, admin_state_up=False), 400, INVALID_INPUT)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"name": "n" * 256}, id="name-too-long"),
        pytest.param({"description": "d" * 256}, id="description-too-long"),
        pytest.param({"protection_reason": "a <b>"}, id="protection_reason-with-angle-brackets"),
        pytest.param({"protection_status": "always"}, id="protection_status-always"),
        pytest.param(
            {"slow_start": UpdatePoolSlowStartOption(duration=29)}, id="slow_start-duration-29"
        ),
        pytest.param(
            {"connection_drain": ConnectionDrain(enable=True, timeout=4001)},
            id="connection_drain-timeout-4001",
        ),
        pytest.param({"quic_cid_hash_strategy": QuicCidHashStrategy(len=21)}, id="quic_cid-len-21"),
        pytest.param({"pool_health": PoolHealth(minimum_healthy_member_count=2)}, id="health-2"),
    ],
)
def test_out_of_range_updates_are_refused(elb: Any, fields: dict[str, Any]) -> None:
    before = show_pool(elb, demo.POOL).to_dict()

    assert_sdk_error(update_pool_error(elb, demo.POOL, **fields), 400, INVALID_INPUT)
    assert show_pool(elb, demo.POOL).to_dict() == before


def test_the_sdk_update_option_has_no_fixed_attributes() -> None:
    for fixed in ("protocol", "loadbalancer_id", "listener_id", "ip_version"):
        assert fixed not in UpdatePoolOption.openapi_types


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("protocol", "UDP"),
        ("loadbalancer_id", demo.LB_IP_TARGETS),
        ("listener_id", demo.LISTENER),
        ("ip_version", "dualstack"),
        ("public_border_group", "edge"),
    ],
)
def test_fixed_attributes_are_unrecognized(http: httpx.Client, attribute: str, value: str) -> None:
    response = http.put(f"{POOLS}/{demo.POOL}", json={"pool": {attribute: value}})

    assert error_of(response) == (400, INVALID_INPUT)
    assert response.json()["error_msg"] == f"Unrecognized attribute(s) '{attribute}'"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"pool": {"name": 5}}, id="name-int"),
        pytest.param({"pool": {"any_port_enable": "yes"}}, id="bool-as-string"),
        pytest.param({"pool": {"slow_start": {"duration": "60"}}}, id="duration-as-string"),
        pytest.param({"pool": {"az_affinity": {"color": 1}}}, id="nested-unknown"),
        pytest.param({"pool": "x"}, id="pool-not-an-object"),
        pytest.param({"name": "x"}, id="no-pool-key"),
        pytest.param([], id="list-body"),
    ],
)
def test_malformed_update_bodies_are_refused(http: httpx.Client, body: Any) -> None:
    response = http.put(f"{POOLS}/{demo.POOL}", json=body)

    assert error_of(response) == (400, INVALID_INPUT)


def test_an_empty_update_body_is_refused(http: httpx.Client) -> None:
    response = http.put(f"{POOLS}/{demo.POOL}", content=b"")

    assert error_of(response) == (400, INVALID_INPUT)


@pytest.mark.parametrize("pool_id", [demo.UNKNOWN_ID, "p" * 1000])
def test_updating_an_unknown_pool_is_elb_8904(elb: Any, pool_id: str) -> None:
    error = update_pool_error(elb, pool_id, name="x")

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"pool {pool_id} could not be found."


def test_update_waits_for_an_active_load_balancer(app_client: TestClient) -> None:
    def pending(session: Session) -> None:
        lb = session.get(LoadBalancer, demo.LB)
        assert lb is not None
        lb.provisioning_status = "PENDING_DELETE"

    in_database(app_client, pending)

    response = app_client.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "x"}})

    assert error_of(response) == (409, CONFLICT)
    assert app_client.get(f"{POOLS}/{demo.POOL}").json()["pool"]["name"] == "demo-pool"


# --- update: any_port_enable under a health monitor ---------------------------------------


def test_any_port_is_refused_while_the_monitor_checks_member_ports(elb: Any) -> None:
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS)
    create_health_monitor(elb, pool_id=pool.id)

    error = sdk_error(lambda: update_pool(elb, pool.id, any_port_enable=True, name="changed"))

    assert (error.status_code, error.error_code) == (409, CONFLICT), error.error_msg
    shown = elb.show_pool(ShowPoolRequest(pool_id=pool.id)).pool
    assert (shown.any_port_enable, shown.name) == (False, "")


def test_any_port_is_accepted_under_a_monitor_with_its_own_port(elb: Any) -> None:
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS)
    create_health_monitor(elb, pool_id=pool.id, monitor_port=8080)

    assert update_pool(elb, pool.id, any_port_enable=True).any_port_enable is True


# --- update: refusals over raw HTTP (nothing changes), type/vpc, persistence -------------


@pytest.mark.parametrize(
    ("pool_id", "change", "field"),
    [
        (demo.POOL, {"lb_algorithm": "QUIC_CID"}, "lb_algorithm"),
        (demo.POOL, {"lb_algorithm": "5_TUPLE_HASH"}, "lb_algorithm"),
        (
            demo.POOL,
            {"session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 61}},
            "persistence_timeout",
        ),
        (demo.POOL, {"connection_drain": {"enable": True, "timeout": 5000}}, "timeout"),
        (
            demo.POOL,
            {"pool_health": {"minimum_healthy_member_count": 3}},
            "minimum_healthy_member_count",
        ),
        (demo.POOL, {"az_affinity": {"enable": True}}, "az_affinity"),
        (
            demo.POOL_HTTP,
            {"az_affinity": {"enable": True, "az_minimum_healthy_member_count": 3}},
            "az_affinity",
        ),
        (demo.POOL_HTTP, {"any_port_enable": True}, "any_port_enable"),
        (demo.POOL_HTTP, {"slow_start": {"enable": True, "duration": 1201}}, "duration"),
        (demo.POOL, {"type": "instance"}, "vpc_id"),
        (demo.POOL, {"vpc_id": demo.VPC}, "type"),
        (demo.POOL_STANDALONE, {"vpc_id": demo.OTHER_VPC}, "vpc_id"),
        (demo.POOL_STANDALONE, {"type": ""}, "type"),
        (demo.POOL, {"admin_state_up": False}, "admin_state_up"),
        (demo.POOL, {"protocol": "UDP"}, "protocol"),
        (demo.POOL, {"ip_version": "dualstack"}, "ip_version"),
        (demo.POOL, {"listener_id": demo.LISTENER}, "listener_id"),
        (demo.POOL, {"loadbalancer_id": demo.LB}, "loadbalancer_id"),
        (demo.POOL, {"name": 123}, "name"),
        (demo.POOL, {"quic_cid_hash_strategy": {"len": 3}}, "quic_cid_hash_strategy"),
    ],
)
def test_update_pool_rejections(
    http: httpx.Client, pool_id: str, change: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    assert_error_response(
        http.put(f"{ELB}/pools/{pool_id}", json={"pool": change}), 400, INVALID_INPUT, field
    )
    assert snapshot(http) == before


def test_update_pool_type_and_vpc_only_while_empty(elb: Any) -> None:
    resp = elb.update_pool(
        m.UpdatePoolRequest(
            pool_id=demo.POOL,
            body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(type="instance", vpc_id=demo.VPC)),
        )
    )
    assert (resp.pool.type, resp.pool.vpc_id) == ("instance", demo.VPC)
    assert_refused(
        lambda: elb.update_pool(
            m.UpdatePoolRequest(
                pool_id=demo.POOL, body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(type="ip"))
            )
        ),
        400,
        INVALID_INPUT,
        "type",
    )
    assert_refused(
        lambda: elb.update_pool(
            m.UpdatePoolRequest(
                pool_id="nope", body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(name="x"))
            )
        ),
        404,
        NOT_FOUND,
        "pool nope could not be found.",
    )


def test_update_pool_session_persistence_null_clears(http: httpx.Client) -> None:
    change = {"session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 60}}
    assert (
        assert_ok_response(http.put(f"{ELB}/pools/{demo.POOL}", json={"pool": change}))["pool"][
            "session_persistence"
        ]["type"]
        == "SOURCE_IP"
    )
    assert (
        assert_ok_response(
            http.put(f"{ELB}/pools/{demo.POOL}", json={"pool": {"session_persistence": None}})
        )["pool"]["session_persistence"]
        is None
    )


# --- delete -------------------------------------------------------------------------------


def test_delete_a_new_pool(elb: Any) -> None:
    pool = create_pool(elb, **tcp_on_lb())

    delete_pool(elb, pool.id)

    error = sdk_error(lambda: show_pool(elb, pool.id))
    assert error.status_code == 404 and error.error_code == NOT_FOUND
    assert pool.id not in ids_of(list_pools(elb))


def test_delete_returns_an_empty_body(http: httpx.Client) -> None:
    response = http.delete(f"{POOLS}/{demo.POOL_STANDALONE}")

    assert response.status_code == 204
    assert response.content == b""


def test_a_pool_with_members_cannot_be_deleted(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.33"))

    error = sdk_error(lambda: delete_pool(elb, demo.POOL))

    assert error.status_code == 409
    assert error.error_code == CONFLICT
    assert show_pool(elb, demo.POOL).id == demo.POOL


def test_delete_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_pool(elb, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


def test_deleting_a_demo_pool_detaches_it_from_its_listener(elb: Any) -> None:
    delete_pool(elb, demo.POOL)  # answered 204

    lb = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=demo.LB)).loadbalancer
    assert lb.pools == []
    assert [listener.id for listener in lb.listeners] == [demo.LISTENER]
    # the listener has no default pool any more: it takes a new one
    create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)


def test_a_deleted_pool_frees_its_load_balancer_for_deletion(elb: Any) -> None:
    option = CreateLoadBalancerOption(availability_zone_list=[demo.AZ_1], vpc_id=demo.VPC)
    lb = elb.create_load_balancer(
        CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    ).loadbalancer
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=lb.id)

    delete_pool(elb, pool.id)

    response = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    assert response.status_code == 204


# --- delete, cascade delete ---------------------------------------------------------------


def test_cascade_deletes_the_pool_with_its_members(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.57"), on_subnet("192.168.0.58"))

    response = delete_cascade(elb, demo.POOL)

    assert response.status_code == 204
    assert demo.POOL not in ids_of(list_pools(elb))
    error = sdk_error(lambda: elb.list_members(ListMembersRequest(pool_id=demo.POOL)))
    assert_sdk_error(error, 404, NOT_FOUND)
    # the listener lost its default pool and takes a new one
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]


def test_cascade_of_an_empty_pool(http: httpx.Client) -> None:
    response = http.delete(f"{POOLS}/{demo.POOL_HTTP}/delete-cascade")

    assert response.status_code == 204
    assert response.content == b""
    assert http.get(f"{POOLS}/{demo.POOL_HTTP}").status_code == 404


def test_cascade_is_refused_under_member_deletion_protection(elb: Any) -> None:
    [member] = add_members(elb, demo.POOL, on_subnet("192.168.0.59"))
    update_pool(elb, demo.POOL, member_deletion_protection_enable=True)

    error = sdk_error(lambda: delete_cascade(elb, demo.POOL))

    assert_sdk_error(error, 409, CONFLICT)
    assert [m.id for m in show_pool(elb, demo.POOL).members] == [member.id]


@pytest.mark.parametrize("pool_id", [demo.UNKNOWN_ID, "p" * 1000])
def test_cascade_of_an_unknown_pool_is_elb_8904(elb: Any, pool_id: str) -> None:
    error = sdk_error(lambda: delete_cascade(elb, pool_id))

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"pool {pool_id} could not be found."


def test_cascade_deletes_the_health_monitor(elb: Any) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL).id

    response = delete_cascade(elb, demo.POOL)

    assert response.status_code == 204
    request = elb_v3.ShowHealthMonitorRequest(healthmonitor_id=monitor)
    assert_sdk_error(sdk_error(lambda: elb.show_health_monitor(request)), 404, NOT_FOUND)
    assert demo.POOL not in ids_of(list_pools(elb))


def test_delete_is_refused_while_a_health_monitor_remains(elb: Any) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL).id

    error = sdk_error(lambda: elb.delete_pool(elb_v3.DeletePoolRequest(pool_id=demo.POOL)))

    assert_sdk_error(error, 409, CONFLICT)
    assert show_pool(elb, demo.POOL).healthmonitor_id == monitor


def test_delete_is_refused_while_members_remain(elb: Any) -> None:
    add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.60"))

    error = sdk_error(
        lambda: elb.delete_pool(elb_v3.DeletePoolRequest(pool_id=demo.POOL_STANDALONE))
    )

    assert_sdk_error(error, 409, CONFLICT)
    assert demo.POOL_STANDALONE in ids_of(list_pools(elb))


# --- delete, batch delete and cascade with a monitor made through the API -----------------


def test_a_monitor_made_through_the_api_blocks_delete_and_batch_delete(elb: Any) -> None:
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS)
    monitor = create_health_monitor(elb, pool_id=pool.id).id

    error = sdk_error(lambda: elb.delete_pool(DeletePoolRequest(pool_id=pool.id)))
    body = BatchDeletePoolsRequestBody(pools=[pool.id])
    batch = elb.batch_delete_pools(BatchDeletePoolsRequest(body=body))

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert [(i.id, i.ret_status, i.ret_code) for i in batch.pools] == [
        (pool.id, "failed", CONFLICT)
    ]
    assert sorted(ids_of(list_pools(elb, healthmonitor_id=[monitor]))) == [pool.id]


def test_cascade_removes_a_monitor_made_through_the_api(elb: Any) -> None:
    pool = create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS)
    monitor = create_health_monitor(elb, pool_id=pool.id).id

    response = elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool.id))

    assert response.status_code == 204
    error = sdk_error(
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor))
    )
    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert monitor not in ids_of(list_health_monitors(elb))
    assert pool.id not in ids_of(list_pools(elb))


def test_delete_pool_refused_while_members_or_monitor(elb: Any, http: httpx.Client) -> None:
    member = create_member(elb, demo.POOL, **on_subnet("192.168.0.20"))
    assert_refused(lambda: elb.delete_pool(m.DeletePoolRequest(pool_id=demo.POOL)), 409, CONFLICT)
    assert_ok_response(http.delete(f"{ELB}/pools/{demo.POOL}/members/{member.id}"), 204)
    hm_id = create_health_monitor(elb).id  # TCP, delay 5, timeout 3, 3 retries on POOL
    assert_refused(lambda: elb.delete_pool(m.DeletePoolRequest(pool_id=demo.POOL)), 409, CONFLICT)
    assert_ok_response(http.delete(f"{ELB}/healthmonitors/{hm_id}"), 204)
    assert elb.delete_pool(m.DeletePoolRequest(pool_id=demo.POOL)).status_code == 204
    assert assert_ok_response(http.get(f"{ELB}/listeners/{demo.LISTENER}"))["listener"][
        "default_pool_id"
    ] in (
        None,
        "",
    )
    assert_refused(lambda: elb.delete_pool(m.DeletePoolRequest(pool_id=demo.POOL)), 404, NOT_FOUND)


def test_delete_pool_cascade_removes_members_and_monitor(elb: Any, http: httpx.Client) -> None:
    member = create_member(elb, demo.POOL, **on_subnet("192.168.0.20"))
    hm_id = create_health_monitor(elb).id  # TCP, delay 5, timeout 3, 3 retries on POOL
    assert elb.delete_pool_cascade(m.DeletePoolCascadeRequest(pool_id=demo.POOL)).status_code == 204
    assert_error_response(http.get(f"{ELB}/healthmonitors/{hm_id}"), 404, NOT_FOUND)
    assert all(
        x["id"] != member.id for x in assert_ok_response(http.get(f"{ELB}/members"))["members"]
    )
    assert_refused(
        lambda: elb.delete_pool_cascade(m.DeletePoolCascadeRequest(pool_id=demo.POOL)),
        404,
        NOT_FOUND,
    )


# --- batch delete -------------------------------------------------------------------------


def test_batch_delete_reports_each_id(elb: Any) -> None:
    first, second = (
        create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS).id,
        create_pool(elb, loadbalancer_id=demo.LB_IP_TARGETS).id,
    )

    response = batch_delete_pools(elb, [first, demo.UNKNOWN_ID, second])

    assert response.status_code == 200
    assert [item.to_dict() for item in response.pools] == [
        {"id": first, "ret_status": "successful", "ret_code": None},
        {"id": demo.UNKNOWN_ID, "ret_status": "not found", "ret_code": BATCH_DELETE_NOT_FOUND},
        {"id": second, "ret_status": "successful", "ret_code": None},
    ]
    assert first not in ids_of(list_pools(elb)) and second not in ids_of(list_pools(elb))


def test_batch_delete_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.post(f"{POOLS}/batch-delete", json={"pools": [demo.POOL_HTTP, demo.UNKNOWN_ID]})

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(elb_v3.BatchDeletePoolsResponse.openapi_types) <= set(body)
    assert body["request_id"] == response.headers["X-Request-Id"]
    done, missing = body["pools"]
    assert_json_model(done, elb_v3.BatchDeletePoolsResp, optional={"ret_code"})
    assert_json_model(missing, elb_v3.BatchDeletePoolsResp)
    assert done == {"id": demo.POOL_HTTP, "ret_status": "successful"}


def test_batch_delete_skips_pools_in_use_and_deletes_the_rest(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.56"))

    response = batch_delete_pools(elb, [demo.POOL, demo.POOL_HTTP])

    assert [(item.id, item.ret_status, item.ret_code) for item in response.pools] == [
        (demo.POOL, "failed", CONFLICT),
        (demo.POOL_HTTP, "successful", None),
    ]
    assert sorted(ids_of(list_pools(elb))) == others(demo.POOL_HTTP)


def test_batch_delete_reports_a_repeated_id_as_not_found(elb: Any) -> None:
    response = batch_delete_pools(elb, [demo.POOL_HTTP, demo.POOL_HTTP])

    assert [item.ret_status for item in response.pools] == ["successful", "not found"]


def test_batch_delete_detaches_a_listeners_default_pool(elb: Any) -> None:
    batch_delete_pools(elb, [demo.POOL])

    # the listener takes a new default pool
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]


def test_batch_delete_fails_a_pool_with_a_health_monitor(elb: Any) -> None:
    create_health_monitor(elb, pool_id=demo.POOL_HTTP)

    response = batch_delete_pools(elb, [demo.POOL_HTTP])

    assert [item.to_dict() for item in response.pools] == [
        {"id": demo.POOL_HTTP, "ret_status": "failed", "ret_code": CONFLICT}
    ]
    assert demo.POOL_HTTP in ids_of(list_pools(elb))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"pools": []}, id="empty-list"),
        pytest.param({"pools": [demo.UNKNOWN_ID] * 201}, id="201-ids"),
        pytest.param({"pools": demo.UNKNOWN_ID}, id="not-a-list"),
        pytest.param({"pools": [5]}, id="id-not-a-string"),
        pytest.param({}, id="no-pools"),
        pytest.param({"pools": [demo.UNKNOWN_ID], "force": True}, id="unknown-attribute"),
    ],
)
def test_malformed_batch_deletes_are_refused(http: httpx.Client, body: Any) -> None:
    response = http.post(f"{POOLS}/batch-delete", json=body)

    assert error_of(response) == (400, INVALID_INPUT)
    assert len(http.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


def test_batch_delete_takes_200_ids(elb: Any) -> None:
    response = batch_delete_pools(elb, [demo.POOL_HTTP] + [demo.UNKNOWN_ID] * 199)

    assert len(response.pools) == 200
    assert response.pools[0].ret_status == "successful"


@pytest.mark.parametrize("pools", [[], "x", [1], None, [None]])
def test_batch_delete_pools_rejections(http: httpx.Client, pools: Any) -> None:
    before = snapshot(http)
    assert_error_response(
        http.post(f"{ELB}/pools/batch-delete", json={"pools": pools}), 400, INVALID_INPUT, "pools"
    )
    assert snapshot(http) == before


# --- lifecycle: create, show, update, batch delete through the SDK ---------------------


def test_pool_lifecycle_with_sdk(elb: Any, http: httpx.Client) -> None:
    created = elb.create_pool(
        m.CreatePoolRequest(
            body=m.CreatePoolRequestBody(
                pool=m.CreatePoolOption(
                    protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB, name="p"
                )
            )
        )
    )
    assert created.status_code == 201
    pool = created.pool
    assert_model_fields(assert_ok_response(http.get(f"{ELB}/pools/{pool.id}")), m.ShowPoolResponse)
    assert_model_fields(assert_ok_response(http.get(f"{ELB}/pools/{pool.id}"))["pool"], m.Pool)
    assert pool.loadbalancers[0].id == demo.LB and pool.listeners == [] and pool.members == []
    assert (pool.type, pool.vpc_id, pool.ip_version, pool.admin_state_up) == ("", "", "v4", True)
    updated = elb.update_pool(
        m.UpdatePoolRequest(
            pool_id=pool.id,
            body=m.UpdatePoolRequestBody(
                pool=m.UpdatePoolOption(
                    name="q",
                    lb_algorithm="SOURCE_IP",
                    connection_drain=m.ConnectionDrain(enable=True, timeout=100),
                    pool_health=m.PoolHealth(minimum_healthy_member_count=1),
                )
            ),
        )
    )
    assert (updated.pool.name, updated.pool.lb_algorithm) == ("q", "SOURCE_IP")
    assert updated.pool.connection_drain.timeout == 100
    assert updated.pool.pool_health.minimum_healthy_member_count == 1
    resp = elb.batch_delete_pools(
        m.BatchDeletePoolsRequest(body=m.BatchDeletePoolsRequestBody(pools=[pool.id, "nope"]))
    )
    assert resp.status_code == 200
    assert [(x.id, x.ret_status) for x in resp.pools] == [
        (pool.id, "successful"),
        ("nope", "not found"),
    ]
    assert resp.pools[0].ret_code is None and resp.pools[1].ret_code
    assert_refused(
        lambda: elb.show_pool(m.ShowPoolRequest(pool_id=pool.id)),
        404,
        NOT_FOUND,
        f"pool {pool.id}",
    )
