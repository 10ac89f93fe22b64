"""Pools beyond create/show: update, the create rules shared with it, every list filter,
batch delete and cascade delete — through the official SDK where it can send the request."""

from __future__ import annotations

from collections.abc import Callable
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
    BatchDeletePoolsRequest,
    BatchDeletePoolsRequestBody,
    ConnectionDrain,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    CreatePoolSessionPersistenceOption,
    CreatePoolSlowStartOption,
    DeletePoolCascadeRequest,
    ListMembersRequest,
    ListPoolsRequest,
    PoolHealth,
    QuicCidHashStrategy,
    ShowPoolRequest,
    UpdateAzAffinity,
    UpdatePoolOption,
    UpdatePoolRequest,
    UpdatePoolRequestBody,
    UpdatePoolSessionPersistenceOption,
    UpdatePoolSlowStartOption,
)
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from mockelb.models import Listener, LoadBalancer, Pool, Quota
from tests import demo
from tests.sdk_checks import assert_json_model, sdk_error

POOLS = f"/v3/{demo.PROJECT}/elb/pools"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
NULLABLE = frozenset(
    {"healthmonitor_id", "session_persistence", "slow_start", "quic_cid_hash_strategy"}
)
OLD_TIME = "2020-01-01T00:00:00Z"
TLS_LISTENER = "0b11747a-b139-492f-9692-2df0b1c871f1"


# --- helpers ------------------------------------------------------------------------------


def create_pool(elb: Any, **fields: Any) -> Any:
    body = CreatePoolRequestBody(pool=CreatePoolOption(**fields))
    return elb.create_pool(CreatePoolRequest(body=body)).pool


def tcp_pool(elb: Any, **fields: Any) -> Any:
    """A new TCP pool on the IP-target demo LB (ROUND_ROBIN), with some fields added."""
    return create_pool(
        elb,
        **{
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB_IP_TARGETS,
            **fields,
        },
    )


def update_pool(elb: Any, pool_id: str, **fields: Any) -> Any:
    body = UpdatePoolRequestBody(pool=UpdatePoolOption(**fields))
    return elb.update_pool(UpdatePoolRequest(pool_id=pool_id, body=body))


def update_error(elb: Any, pool_id: str, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: update_pool(elb, pool_id, **fields))


def show_pool(elb: Any, pool_id: str) -> Any:
    return elb.show_pool(ShowPoolRequest(pool_id=pool_id)).pool


def list_ids(elb: Any, **query: Any) -> list[str]:
    return sorted(pool.id for pool in elb.list_pools(ListPoolsRequest(**query)).pools)


def add_members(elb: Any, pool_id: str, *options: BatchCreateMembersOption) -> list[str]:
    request = BatchCreateMembersRequest(
        pool_id=pool_id, body=BatchCreateMembersRequestBody(members=list(options))
    )
    return [member.id for member in elb.batch_create_members(request).members]


def instance_member(address: str, port: int = 80) -> BatchCreateMembersOption:
    return BatchCreateMembersOption(address=address, protocol_port=port, subnet_cidr_id=demo.SUBNET)


def batch_delete(elb: Any, ids: list[str]) -> Any:
    body = BatchDeletePoolsRequestBody(pools=ids)
    return elb.batch_delete_pools(BatchDeletePoolsRequest(body=body))


def delete_cascade(elb: Any, pool_id: str) -> Any:
    return elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool_id))


def assert_elb_error(error: ClientRequestException, status: int, code: str) -> None:
    assert (error.status_code, error.error_code) == (status, code), error.error_msg


def in_database(client: TestClient, change: Callable[[Session], None]) -> None:
    """Write straight into the in-process app's database (for what no API can do yet)."""
    app: Any = client.app
    with app.state.database.transaction() as session:
        change(session)


def add_monitor(elb: Any, pool_id: str) -> str:
    """A TCP health monitor on the pool, made through the health monitor API."""
    option = elb_v3.CreateHealthMonitorOption(
        pool_id=pool_id, type="TCP", delay=5, timeout=3, max_retries=3
    )
    body = elb_v3.CreateHealthMonitorRequestBody(healthmonitor=option)
    monitor_id: str = elb.create_health_monitor(
        elb_v3.CreateHealthMonitorRequest(body=body)
    ).healthmonitor.id
    return monitor_id


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


# --- update: what changes -----------------------------------------------------------------


def test_update_changes_the_plain_fields(elb: Any) -> None:
    response = update_pool(
        elb,
        demo.POOL,
        name="renamed",
        description="new words",
        lb_algorithm="LEAST_CONNECTIONS",
        member_deletion_protection_enable=True,
        protection_status="consoleProtection",
        protection_reason="keep it",
        admin_state_up=True,
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

    after = update_pool(elb, demo.POOL_HTTP).pool.to_dict()

    before.pop("updated_at"), after.pop("updated_at")
    assert after == before


def test_update_json_has_every_sdk_field(app_client: TestClient) -> None:
    response = app_client.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "typed"}})

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(elb_v3.UpdatePoolResponse.openapi_types) <= set(body)
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert_json_model(body["pool"], elb_v3.Pool, nullable=NULLABLE)
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

    assert error_of(response) == (400, "ELB.8902")
    assert app_client.get(f"{POOLS}/{demo.POOL_HTTP}").json()["pool"] == before


# --- update: session persistence ----------------------------------------------------------


def test_session_persistence_is_set_and_merged(elb: Any) -> None:
    pool = update_pool(
        elb,
        demo.POOL_HTTP,
        session_persistence=UpdatePoolSessionPersistenceOption(
            type="APP_COOKIE", cookie_name="SID"
        ),
    ).pool
    assert pool.session_persistence.type == "APP_COOKIE"
    assert pool.session_persistence.cookie_name == "SID"

    # an attribute left out keeps its value
    pool = update_pool(
        elb,
        demo.POOL_HTTP,
        session_persistence=UpdatePoolSessionPersistenceOption(persistence_timeout=30),
    ).pool
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
    ).pool
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
    assert error_of(removed) == (400, "ELB.8902")
    error = update_error(
        elb, pool.id, session_persistence=UpdatePoolSessionPersistenceOption(type="HTTP_COOKIE")
    )
    assert_elb_error(error, 400, "ELB.8902")
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
    error = update_error(elb, pool_id, session_persistence=option)

    assert_elb_error(error, 400, "ELB.8902")
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

    assert_elb_error(update_error(elb, pool_id, lb_algorithm=algorithm), 400, "ELB.8902")
    assert show_pool(elb, pool_id).lb_algorithm == before


def test_an_ip_pool_takes_another_tuple_hash(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL_IP_PROTOCOL, lb_algorithm="2_TUPLE_HASH").pool

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
    error = update_error(elb, pool.id, quic_cid_hash_strategy=QuicCidHashStrategy(len=5))
    assert_elb_error(error, 400, "ELB.8902")

    pool = update_pool(elb, pool.id, lb_algorithm="QUIC_CID").pool
    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (3, 1)

    pool = update_pool(elb, pool.id, quic_cid_hash_strategy=QuicCidHashStrategy(len=8)).pool
    assert (pool.quic_cid_hash_strategy.len, pool.quic_cid_hash_strategy.offset) == (8, 1)

    pool = update_pool(elb, pool.id, lb_algorithm="SOURCE_IP").pool
    assert pool.quic_cid_hash_strategy is None


def test_slow_start_is_merged_on_an_http_pool(elb: Any) -> None:
    pool = update_pool(
        elb, demo.POOL_HTTP, slow_start=UpdatePoolSlowStartOption(enable=True, duration=100)
    ).pool
    assert (pool.slow_start.enable, pool.slow_start.duration) == (True, 100)

    pool = update_pool(elb, demo.POOL_HTTP, slow_start=UpdatePoolSlowStartOption(enable=False)).pool
    assert (pool.slow_start.enable, pool.slow_start.duration) == (False, 100)


def test_slow_start_cannot_be_enabled_on_a_tcp_pool(elb: Any) -> None:
    error = update_error(elb, demo.POOL, slow_start=UpdatePoolSlowStartOption(enable=True))

    assert_elb_error(error, 400, "ELB.8902")
    assert show_pool(elb, demo.POOL).slow_start is None
    # switched off it is accepted: it does nothing
    pool = update_pool(elb, demo.POOL, slow_start=UpdatePoolSlowStartOption(enable=False)).pool
    assert (pool.slow_start.enable, pool.slow_start.duration) == (False, 30)


def test_connection_drain_on_a_tcp_pool(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, connection_drain=ConnectionDrain(enable=True, timeout=60))
    assert (pool.pool.connection_drain.enable, pool.pool.connection_drain.timeout) == (True, 60)

    # switched off it keeps its timeout
    pool = update_pool(elb, demo.POOL, connection_drain=ConnectionDrain(enable=False))
    assert (pool.pool.connection_drain.enable, pool.pool.connection_drain.timeout) == (False, 60)


def test_connection_drain_needs_an_explicit_timeout(elb: Any) -> None:
    error = update_error(elb, demo.POOL, connection_drain=ConnectionDrain(enable=True))

    assert_elb_error(error, 400, "ELB.8902")
    assert error.error_msg == "Connection drain timeout must be explict defined."
    assert show_pool(elb, demo.POOL).connection_drain.enable is False


def test_connection_drain_cannot_be_enabled_on_an_http_pool(elb: Any) -> None:
    error = update_error(
        elb, demo.POOL_HTTP, connection_drain=ConnectionDrain(enable=True, timeout=60)
    )

    assert_elb_error(error, 400, "ELB.8902")
    assert show_pool(elb, demo.POOL_HTTP).connection_drain.enable is False


def test_pool_health_is_updated(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, pool_health=PoolHealth(minimum_healthy_member_count=1))

    assert pool.pool.pool_health.minimum_healthy_member_count == 1


def test_pool_health_cannot_be_set_while_az_affinity_is_on(elb: Any) -> None:
    error = update_error(
        elb, demo.POOL_AZ_AFFINITY, pool_health=PoolHealth(minimum_healthy_member_count=1)
    )

    assert_elb_error(error, 400, "ELB.8902")
    assert show_pool(elb, demo.POOL_AZ_AFFINITY).pool_health.minimum_healthy_member_count == 0


def test_enabling_az_affinity_resets_pool_health(elb: Any) -> None:
    update_pool(elb, demo.POOL, pool_health=PoolHealth(minimum_healthy_member_count=1))

    pool = update_pool(
        elb, demo.POOL, az_affinity=UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=2)
    ).pool

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
    ).pool
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
    ).pool
    assert pool.az_affinity.az_minimum_healthy_member_count == 3

    pool = update_pool(elb, demo.POOL_AZ_AFFINITY, az_affinity=UpdateAzAffinity(enable=False)).pool
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

    assert_elb_error(update_error(elb, pool_id, az_affinity=option), 400, "ELB.8902")
    assert show_pool(elb, pool_id).az_affinity.to_dict() == before


def test_az_affinity_needs_every_ip_member_to_have_a_zone(elb: Any) -> None:
    # UpdateAzAffinity.enable: refused while an IP-type member has no availability_zone
    add_members(
        elb, demo.POOL_DUALSTACK, BatchCreateMembersOption(address="10.1.0.5", protocol_port=80)
    )
    option = UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=1)

    error = update_error(elb, demo.POOL_DUALSTACK, az_affinity=option)

    assert_elb_error(error, 409, "ELB.8907")
    assert show_pool(elb, demo.POOL_DUALSTACK).az_affinity.enable is False


def test_az_affinity_with_ip_members_that_have_a_zone(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL_DUALSTACK,
        BatchCreateMembersOption(address="10.1.0.6", protocol_port=80, availability_zone=demo.AZ_1),
        instance_member("192.168.0.50"),  # instance members need no zone of their own
    )

    pool = update_pool(
        elb,
        demo.POOL_DUALSTACK,
        az_affinity=UpdateAzAffinity(enable=True, az_minimum_healthy_member_count=1),
    ).pool

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

    assert error_of(response) == (400, "ELB.8902")


# --- update: any port ---------------------------------------------------------------------


def test_any_port_is_turned_on_and_members_keep_their_ports(elb: Any) -> None:
    add_members(elb, demo.POOL, instance_member("192.168.0.51", 8080))

    pool = update_pool(elb, demo.POOL, any_port_enable=True).pool

    assert pool.any_port_enable is True
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [member.protocol_port for member in members] == [8080]
    # members that keep their port let it be turned off again
    assert update_pool(elb, demo.POOL, any_port_enable=False).pool.any_port_enable is False


def test_any_port_is_refused_on_an_http_pool(elb: Any) -> None:
    assert_elb_error(update_error(elb, demo.POOL_HTTP, any_port_enable=True), 400, "ELB.8902")


def test_any_port_cannot_be_turned_off_under_portless_members(elb: Any) -> None:
    add_members(elb, demo.POOL_ANY_PORT, instance_member("192.168.0.52"))

    error = update_error(elb, demo.POOL_ANY_PORT, any_port_enable=False)

    assert_elb_error(error, 409, "ELB.8907")
    assert show_pool(elb, demo.POOL_ANY_PORT).any_port_enable is True


def test_any_port_is_turned_off_on_an_empty_pool(elb: Any) -> None:
    assert update_pool(elb, demo.POOL_ANY_PORT, any_port_enable=False).pool.any_port_enable is False


# --- update: type and vpc_id --------------------------------------------------------------


def test_type_and_vpc_are_set_while_empty(elb: Any) -> None:
    pool = update_pool(elb, demo.POOL, type="instance", vpc_id=demo.VPC).pool

    assert (pool.type, pool.vpc_id) == ("instance", demo.VPC)
    # repeating the current values is no change
    assert update_pool(elb, demo.POOL, type="instance", vpc_id=demo.VPC).status_code == 200


def test_type_ip_on_an_empty_pool(elb: Any) -> None:
    assert update_pool(elb, demo.POOL, type="ip").pool.type == "ip"


def test_type_instance_takes_the_vpc_the_first_member_gave(elb: Any) -> None:
    add_members(elb, demo.POOL, instance_member("192.168.0.53"))
    assert show_pool(elb, demo.POOL).vpc_id == demo.VPC

    pool = update_pool(elb, demo.POOL, type="instance").pool

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

    assert_elb_error(update_error(elb, pool_id, **fields), 400, "ELB.8902")
    after = show_pool(elb, pool_id)
    assert (after.type, after.vpc_id) == (before.type, before.vpc_id)


def test_an_unknown_vpc_is_elb_8904(elb: Any) -> None:
    error = update_error(elb, demo.POOL, type="instance", vpc_id=UNKNOWN_ID)

    assert_elb_error(error, 404, "ELB.8904")
    assert error.error_msg == f"vpc {UNKNOWN_ID} could not be found."


def test_type_ip_is_refused_while_instance_members_remain(elb: Any) -> None:
    add_members(elb, demo.POOL_HTTP, instance_member("192.168.0.54"))
    pool = show_pool(elb, demo.POOL_HTTP)
    assert (pool.type, pool.vpc_id) == ("", demo.VPC)

    # the instance member is why: 409, before the VPC it gave the pool is looked at
    assert_elb_error(update_error(elb, demo.POOL_HTTP, type="ip"), 409, "ELB.8907")
    assert show_pool(elb, demo.POOL_HTTP).type == ""


def test_type_ip_is_accepted_over_ip_members(elb: Any) -> None:
    add_members(elb, demo.POOL_HTTP, BatchCreateMembersOption(address="10.1.0.7", protocol_port=80))

    assert update_pool(elb, demo.POOL_HTTP, type="ip").pool.type == "ip"


# --- update: other refusals ---------------------------------------------------------------


def test_admin_state_up_false_is_refused(elb: Any) -> None:
    assert_elb_error(update_error(elb, demo.POOL, admin_state_up=False), 400, "ELB.8902")


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

    assert_elb_error(update_error(elb, demo.POOL, **fields), 400, "ELB.8902")
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

    assert error_of(response) == (400, "ELB.8902")
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

    assert error_of(response) == (400, "ELB.8902")


def test_an_empty_update_body_is_refused(http: httpx.Client) -> None:
    response = http.put(f"{POOLS}/{demo.POOL}", content=b"")

    assert error_of(response) == (400, "ELB.8902")


@pytest.mark.parametrize("pool_id", [UNKNOWN_ID, "p" * 1000])
def test_updating_an_unknown_pool_is_elb_8904(elb: Any, pool_id: str) -> None:
    error = update_error(elb, pool_id, name="x")

    assert_elb_error(error, 404, "ELB.8904")
    assert error.error_msg == f"pool {pool_id} could not be found."


def test_update_waits_for_an_active_load_balancer(app_client: TestClient) -> None:
    def pending(session: Session) -> None:
        lb = session.get(LoadBalancer, demo.LB)
        assert lb is not None
        lb.provisioning_status = "PENDING_DELETE"

    in_database(app_client, pending)

    response = app_client.put(f"{POOLS}/{demo.POOL}", json={"pool": {"name": "x"}})

    assert error_of(response) == (409, "ELB.8907")
    assert app_client.get(f"{POOLS}/{demo.POOL}").json()["pool"]["name"] == "demo-pool"


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
    before = list_ids(elb)

    error = sdk_error(lambda: tcp_pool(elb, **fields))

    assert_elb_error(error, 400, "ELB.8902")
    assert list_ids(elb) == before


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
    pool = tcp_pool(elb, **fields)

    assert show_pool(elb, pool.id).to_dict() == pool.to_dict()


def test_az_affinity_on_create_leaves_pool_health_at_its_default(elb: Any) -> None:
    pool = tcp_pool(
        elb,
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

    assert error_of(app_client.post(POOLS, json={"pool": pool})) == (400, "ELB.8902")
    dualstack = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": TLS_LISTENER}
    dualstack["ip_version"] = "dualstack"
    assert error_of(app_client.post(POOLS, json={"pool": dualstack})) == (400, "ELB.8902")


def test_the_pool_quota_is_enforced_on_create(app_client: TestClient) -> None:
    def quota(session: Session) -> None:
        session.merge(Quota(project_id=demo.PROJECT, limits={"pool": len(demo.ALL_POOLS)}))

    in_database(app_client, quota)
    body = {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip"}}

    response = app_client.post(POOLS, json=body)

    assert error_of(response) == (409, "ELB.8905")
    assert len(app_client.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


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
        pytest.param({"healthmonitor_id": [UNKNOWN_ID]}, [], id="healthmonitor_id"),
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
    assert list_ids(elb, **query) == sorted(expected)


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

    assert list_ids(elb, connection_drain=True) == [demo.POOL]
    assert list_ids(elb, connection_drain=False) == others(demo.POOL)
    assert list_ids(elb, pool_health="minimum_healthy_member_count=1") == [demo.POOL_HTTP]
    assert list_ids(elb, member_deletion_protection_enable=True) == [demo.POOL_DUALSTACK]
    assert list_ids(elb, description=["guarded", "nothing"]) == [demo.POOL_DUALSTACK]
    assert list_ids(elb, protection_status=["consoleProtection"]) == [demo.POOL_DUALSTACK]


def test_list_by_quic_cid_strategy(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="QUIC",
        lb_algorithm="QUIC_CID",
        loadbalancer_id=demo.LB_IP_TARGETS,
        session_persistence=CreatePoolSessionPersistenceOption(type="SOURCE_IP"),
        quic_cid_hash_strategy=QuicCidHashStrategy(len=5, offset=2),
    )

    assert list_ids(elb, quic_cid_len=5) == [pool.id]
    assert list_ids(elb, quic_cid_offset=2) == [pool.id]
    assert list_ids(elb, quic_cid_len=5, quic_cid_offset=1) == []
    assert list_ids(elb, quic_cid_len=3) == []


def test_list_by_member_ids_and_devices(elb: Any) -> None:
    # 192.168.0.10 is the NIC of demo server ECS_1: the member gets its instance id
    [on_server] = add_members(elb, demo.POOL, instance_member("192.168.0.10"))
    [plain] = add_members(elb, demo.POOL_STANDALONE, instance_member("192.168.0.55"))

    assert list_ids(elb, member_device_id=[demo.ECS_1]) == [demo.POOL]
    assert list_ids(elb, member_instance_id=[on_server]) == [demo.POOL]
    assert list_ids(elb, member_instance_id=[on_server, plain]) == sorted(
        [demo.POOL, demo.POOL_STANDALONE]
    )
    assert list_ids(elb, member_instance_id=[UNKNOWN_ID]) == []
    assert list_ids(elb, member_address=["192.168.0.55"]) == [demo.POOL_STANDALONE]


def test_list_by_healthmonitor_id(elb: Any) -> None:
    monitor = add_monitor(elb, demo.POOL)

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

    assert error_of(response) == (400, "ELB.8902")


def test_list_filter_values_of_any_length_are_answered(http: httpx.Client) -> None:
    response = http.get(POOLS, params={"id": "x" * 1000, "member_address": "y" * 1000})

    assert response.status_code == 200
    assert response.json()["pools"] == []


# --- batch delete -------------------------------------------------------------------------


def test_batch_delete_reports_each_id(elb: Any) -> None:
    first, second = tcp_pool(elb).id, tcp_pool(elb).id

    response = batch_delete(elb, [first, UNKNOWN_ID, second])

    assert response.status_code == 200
    assert [item.to_dict() for item in response.pools] == [
        {"id": first, "ret_status": "successful", "ret_code": None},
        {"id": UNKNOWN_ID, "ret_status": "not found", "ret_code": "ELB.9903"},
        {"id": second, "ret_status": "successful", "ret_code": None},
    ]
    assert first not in list_ids(elb) and second not in list_ids(elb)


def test_batch_delete_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.post(f"{POOLS}/batch-delete", json={"pools": [demo.POOL_HTTP, UNKNOWN_ID]})

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(elb_v3.BatchDeletePoolsResponse.openapi_types) <= set(body)
    assert body["request_id"] == response.headers["X-Request-Id"]
    done, missing = body["pools"]
    assert_json_model(done, elb_v3.BatchDeletePoolsResp, optional={"ret_code"})
    assert_json_model(missing, elb_v3.BatchDeletePoolsResp)
    assert done == {"id": demo.POOL_HTTP, "ret_status": "successful"}


def test_batch_delete_skips_pools_in_use_and_deletes_the_rest(elb: Any) -> None:
    add_members(elb, demo.POOL, instance_member("192.168.0.56"))

    response = batch_delete(elb, [demo.POOL, demo.POOL_HTTP])

    assert [(item.id, item.ret_status, item.ret_code) for item in response.pools] == [
        (demo.POOL, "failed", "ELB.8907"),
        (demo.POOL_HTTP, "successful", None),
    ]
    assert list_ids(elb) == others(demo.POOL_HTTP)


def test_batch_delete_reports_a_repeated_id_as_not_found(elb: Any) -> None:
    response = batch_delete(elb, [demo.POOL_HTTP, demo.POOL_HTTP])

    assert [item.ret_status for item in response.pools] == ["successful", "not found"]


def test_batch_delete_detaches_a_listeners_default_pool(elb: Any) -> None:
    batch_delete(elb, [demo.POOL])

    # the listener takes a new default pool
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]


def test_batch_delete_fails_a_pool_with_a_health_monitor(elb: Any) -> None:
    add_monitor(elb, demo.POOL_HTTP)

    response = batch_delete(elb, [demo.POOL_HTTP])

    assert [item.to_dict() for item in response.pools] == [
        {"id": demo.POOL_HTTP, "ret_status": "failed", "ret_code": "ELB.8907"}
    ]
    assert demo.POOL_HTTP in list_ids(elb)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"pools": []}, id="empty-list"),
        pytest.param({"pools": [UNKNOWN_ID] * 201}, id="201-ids"),
        pytest.param({"pools": UNKNOWN_ID}, id="not-a-list"),
        pytest.param({"pools": [5]}, id="id-not-a-string"),
        pytest.param({}, id="no-pools"),
        pytest.param({"pools": [UNKNOWN_ID], "force": True}, id="unknown-attribute"),
    ],
)
def test_malformed_batch_deletes_are_refused(http: httpx.Client, body: Any) -> None:
    response = http.post(f"{POOLS}/batch-delete", json=body)

    assert error_of(response) == (400, "ELB.8902")
    assert len(http.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


def test_batch_delete_takes_200_ids(elb: Any) -> None:
    response = batch_delete(elb, [demo.POOL_HTTP] + [UNKNOWN_ID] * 199)

    assert len(response.pools) == 200
    assert response.pools[0].ret_status == "successful"


# --- delete, cascade delete ---------------------------------------------------------------


def test_cascade_deletes_the_pool_with_its_members(elb: Any) -> None:
    add_members(elb, demo.POOL, instance_member("192.168.0.57"), instance_member("192.168.0.58"))

    response = delete_cascade(elb, demo.POOL)

    assert response.status_code == 204
    assert demo.POOL not in list_ids(elb)
    error = sdk_error(lambda: elb.list_members(ListMembersRequest(pool_id=demo.POOL)))
    assert_elb_error(error, 404, "ELB.8904")
    # the listener lost its default pool and takes a new one
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", listener_id=demo.LISTENER)
    assert [listener.id for listener in pool.listeners] == [demo.LISTENER]


def test_cascade_of_an_empty_pool(http: httpx.Client) -> None:
    response = http.delete(f"{POOLS}/{demo.POOL_HTTP}/delete-cascade")

    assert response.status_code == 204
    assert response.content == b""
    assert http.get(f"{POOLS}/{demo.POOL_HTTP}").status_code == 404


def test_cascade_is_refused_under_member_deletion_protection(elb: Any) -> None:
    [member] = add_members(elb, demo.POOL, instance_member("192.168.0.59"))
    update_pool(elb, demo.POOL, member_deletion_protection_enable=True)

    error = sdk_error(lambda: delete_cascade(elb, demo.POOL))

    assert_elb_error(error, 409, "ELB.8907")
    assert [m.id for m in show_pool(elb, demo.POOL).members] == [member]


@pytest.mark.parametrize("pool_id", [UNKNOWN_ID, "p" * 1000])
def test_cascade_of_an_unknown_pool_is_elb_8904(elb: Any, pool_id: str) -> None:
    error = sdk_error(lambda: delete_cascade(elb, pool_id))

    assert_elb_error(error, 404, "ELB.8904")
    assert error.error_msg == f"pool {pool_id} could not be found."


def test_cascade_deletes_the_health_monitor(elb: Any) -> None:
    monitor = add_monitor(elb, demo.POOL)

    response = delete_cascade(elb, demo.POOL)

    assert response.status_code == 204
    request = elb_v3.ShowHealthMonitorRequest(healthmonitor_id=monitor)
    assert_elb_error(sdk_error(lambda: elb.show_health_monitor(request)), 404, "ELB.8904")
    assert demo.POOL not in list_ids(elb)


def test_delete_is_refused_while_a_health_monitor_remains(elb: Any) -> None:
    monitor = add_monitor(elb, demo.POOL)

    error = sdk_error(lambda: elb.delete_pool(elb_v3.DeletePoolRequest(pool_id=demo.POOL)))

    assert_elb_error(error, 409, "ELB.8907")
    assert show_pool(elb, demo.POOL).healthmonitor_id == monitor


def test_delete_is_refused_while_members_remain(elb: Any) -> None:
    add_members(elb, demo.POOL_STANDALONE, instance_member("192.168.0.60"))

    error = sdk_error(
        lambda: elb.delete_pool(elb_v3.DeletePoolRequest(pool_id=demo.POOL_STANDALONE))
    )

    assert_elb_error(error, 409, "ELB.8907")
    assert demo.POOL_STANDALONE in list_ids(elb)
