"""The status tree of a load balancer (show_load_balancer_status): its shape through the
official SDK and raw HTTP, the statuses it reports (monitors, disabled or frozen parts, a
load balancer with admin_state_up false), unknown ids, and the queries it costs.

Disabled listeners and frozen load balancers have no API to make them: those rows are written
straight into a fresh in-process app's database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    ListMembersRequest,
    ShowLoadBalancerStatusRequest,
    UpdateLoadBalancerOption,
    UpdateLoadBalancerRequest,
    UpdateLoadBalancerRequestBody,
)
from huaweicloudsdkelb.v3 import model as m
from sqlalchemy import event
from starlette.testclient import TestClient

from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    ids_of,
    monitored_member,
    on_subnet,
    post_member,
    show_load_balancer_status,
    transaction,
)
from tests.sdk_checks import (
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    sdk_error,
)

LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
NOW = "2024-01-01T00:00:00Z"
ECS_1_ADDRESS = "192.168.0.10"
LB_POOLS = [demo.POOL]
LB_IP_TARGETS_POOLS = sorted(
    [
        demo.POOL_DUALSTACK,
        demo.POOL_AZ_AFFINITY,
        demo.POOL_ANY_PORT,
        demo.POOL_IP_PROTOCOL,
        demo.POOL_HTTP,
    ]
)


def statuses(client: TestClient, lb_id: str = demo.LB) -> dict[str, Any]:
    response = client.get(f"{LOADBALANCERS}/{lb_id}/statuses")
    assert response.status_code == 200
    tree: dict[str, Any] = response.json()["statuses"]["loadbalancer"]
    return tree


def monitor(pool_id: str, *, enabled: bool = True, monitor_id: str = "hm-1") -> HealthMonitor:
    return HealthMonitor(
        id=monitor_id,
        project_id=demo.PROJECT,
        pool_id=pool_id,
        name="check",
        admin_state_up=enabled,
        type="HTTP",
        delay=5,
        timeout=3,
        max_retries=3,
        created_at=NOW,
        updated_at=NOW,
    )


def member_row(member_id: str, address: str, port: int = 80, instance_id: str = "") -> Member:
    return Member(
        id=member_id,
        project_id=demo.PROJECT,
        pool_id=demo.POOL,
        address=address,
        protocol_port=port,
        subnet_cidr_id=demo.SUBNET,
        instance_id=instance_id,
        created_at=NOW,
        updated_at=NOW,
    )


def with_monitor(client: TestClient, *, enabled: bool) -> None:
    with transaction(client) as session:
        session.add(monitor(demo.POOL, enabled=enabled))
        session.get(Pool, demo.POOL).healthmonitor_id = "hm-1"
        session.add(member_row("m-1", "192.168.0.10", instance_id=demo.ECS_1))


# --- through the SDK ----------------------------------------------------------------------


def test_the_tree_of_the_demo_load_balancer(elb: Any) -> None:
    lb = show_load_balancer_status(elb, demo.LB)

    assert (lb.id, lb.name) == (demo.LB, "demo-elb")
    assert (lb.provisioning_status, lb.operating_status) == ("ACTIVE", "ONLINE")
    [listener] = lb.listeners
    assert (listener.id, listener.name) == (demo.LISTENER, "demo-listener-tcp-80")
    assert (listener.provisioning_status, listener.operating_status) == ("ACTIVE", "ONLINE")
    assert listener.l7policies == []
    [pool] = listener.pools
    assert (pool.id, pool.name) == (demo.POOL, "demo-pool")
    assert (pool.provisioning_status, pool.operating_status) == ("ACTIVE", "ONLINE")
    assert pool.members == []
    assert pool.healthmonitor is None
    assert [pool.id for pool in lb.pools] == LB_POOLS


def test_every_pool_of_the_load_balancer_is_listed_at_the_top(elb: Any) -> None:
    lb = show_load_balancer_status(elb, demo.LB_IP_TARGETS)

    assert [[pool.id for pool in listener.pools] for listener in lb.listeners] == [
        [demo.POOL_DUALSTACK]
    ]
    # as in the API reference's example: the pools behind listeners are listed here too
    assert [pool.id for pool in lb.pools] == LB_IP_TARGETS_POOLS
    assert demo.POOL_STANDALONE not in [pool.id for pool in lb.pools]


def test_members_report_their_own_operating_status(elb: Any) -> None:
    ids = ids_of(
        add_members(elb, demo.POOL, on_subnet("192.168.0.10"), on_subnet("192.168.0.11", 8080))
    )

    lb = show_load_balancer_status(elb, demo.LB)

    for pool in (lb.listeners[0].pools[0], lb.pools[0]):
        members = {m.id: m for m in pool.members}
        assert sorted(members) == sorted(ids)
        assert {(m.address, m.protocol_port) for m in members.values()} == {
            ("192.168.0.10", 80),
            ("192.168.0.11", 8080),
        }
        assert {m.provisioning_status for m in members.values()} == {"ACTIVE"}
        listed = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
        assert {m.id: m.operating_status for m in listed} == {
            m.id: m.operating_status for m in members.values()
        }
        # the one at no cloud server is OFFLINE, which degrades its pool
        assert {(m.address, m.operating_status) for m in members.values()} == {
            ("192.168.0.10", "NO_MONITOR"),
            ("192.168.0.11", "OFFLINE"),
        }
        assert pool.operating_status == "DEGRADED"


def test_a_fresh_load_balancer_has_an_empty_tree(elb: Any) -> None:
    option = CreateLoadBalancerOption(
        availability_zone_list=[demo.AZ_1], vpc_id=demo.VPC, name="fresh"
    )
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    created = elb.create_load_balancer(request).loadbalancer

    lb = show_load_balancer_status(elb, created.id)

    assert (lb.id, lb.name, lb.listeners, lb.pools) == (created.id, "fresh", [], [])
    assert (lb.provisioning_status, lb.operating_status) == ("ACTIVE", "ONLINE")


def test_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_load_balancer_status(elb, demo.UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"loadbalancer {demo.UNKNOWN_ID} could not be found."


def test_another_projects_load_balancer_is_elb_8904(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    error = sdk_error(lambda: show_load_balancer_status(stranger, demo.LB))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)


@pytest.mark.parametrize("lb_id", ["x" * 1000, " ", "ü", "1' OR '1'='1"])
def test_odd_ids_are_elb_8904(http: httpx.Client, lb_id: str) -> None:
    response = http.get(f"{LOADBALANCERS}/{lb_id}/statuses")

    assert response.status_code == 404
    assert response.json()["error_code"] == NOT_FOUND


def test_show_load_balancer_status_tree(elb: Any, http: httpx.Client) -> None:
    member = post_member(http, ECS_1_ADDRESS)
    hm = {
        "healthmonitor": {
            "pool_id": demo.POOL,
            "type": "TCP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
        }
    }
    hm_id = assert_ok_response(http.post(f"{ELB}/healthmonitors", json=hm), 201)["healthmonitor"][
        "id"
    ]
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}/statuses"))
    assert_model_fields(body, m.ShowLoadBalancerStatusResponse)
    tree = body["statuses"]["loadbalancer"]
    assert (tree["id"], tree["provisioning_status"], tree["operating_status"]) == (
        demo.LB,
        "ACTIVE",
        "ONLINE",
    )
    listener = tree["listeners"][0]
    assert listener["id"] == demo.LISTENER and listener["operating_status"] == "ONLINE"
    pool = listener["pools"][0]
    assert pool["id"] == demo.POOL and pool["healthmonitor"]["id"] == hm_id
    assert pool["healthmonitor"]["type"] == "TCP"
    assert [(x["id"], x["address"], x["protocol_port"]) for x in pool["members"]] == [
        (member["id"], ECS_1_ADDRESS, 80)
    ]
    assert pool["members"][0]["operating_status"] in (
        "ONLINE",
        "NO_MONITOR",
        "OFFLINE",
        "INITIAL",
        "UNKNOWN",
    )
    assert [p["id"] for p in tree["pools"]] == [demo.POOL]
    resp = elb.show_load_balancer_status(m.ShowLoadBalancerStatusRequest(loadbalancer_id=demo.LB))
    assert resp.statuses.loadbalancer.listeners[0].pools[0].members[0].id == member["id"]
    assert_refused(
        lambda: elb.show_load_balancer_status(
            m.ShowLoadBalancerStatusRequest(loadbalancer_id="nope")
        ),
        404,
        NOT_FOUND,
        "loadbalancer nope could not be found.",
    )


# --- the JSON shape -----------------------------------------------------------------------


def test_every_sdk_field_is_present_with_its_type(http: httpx.Client, elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.10"))

    response = http.get(f"{LOADBALANCERS}/{demo.LB}/statuses")

    assert response.status_code == 200
    body = response.json()
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert_json_model(body, elb_v3.ShowLoadBalancerStatusResponse)
    assert_json_model(body["statuses"], elb_v3.LoadBalancerStatusResult)
    lb = body["statuses"]["loadbalancer"]
    assert_json_model(lb, elb_v3.LoadBalancerStatus)
    listener = lb["listeners"][0]
    assert_json_model(listener, elb_v3.LoadBalancerStatusListener)
    for pool in [*listener["pools"], *lb["pools"]]:
        assert_json_model(pool, elb_v3.LoadBalancerStatusPool, optional={"healthmonitor"})
        assert "healthmonitor" not in pool
        assert len(pool["members"]) == 1
        for item in pool["members"]:
            assert_json_model(item, elb_v3.LoadBalancerStatusMember)


def test_a_health_monitor_shows_in_its_pool(app_client: TestClient) -> None:
    with_monitor(app_client, enabled=True)

    tree = statuses(app_client)

    for pool in (tree["listeners"][0]["pools"][0], tree["pools"][0]):
        assert pool["healthmonitor"] == {
            "id": "hm-1",
            "name": "check",
            "type": "HTTP",
            "provisioning_status": "ACTIVE",
        }
        assert_json_model(pool["healthmonitor"], elb_v3.LoadBalancerStatusHealthMonitor)
        # an enabled monitor has not probed yet
        assert [m["operating_status"] for m in pool["members"]] == ["INITIAL"]
        assert pool["operating_status"] == "ONLINE"


def test_a_disabled_health_monitor_shows_but_members_have_no_monitor(
    app_client: TestClient,
) -> None:
    with_monitor(app_client, enabled=False)

    pool = statuses(app_client)["pools"][0]

    assert pool["healthmonitor"]["id"] == "hm-1"
    assert [m["operating_status"] for m in pool["members"]] == ["NO_MONITOR"]


def test_a_disabled_listener_is_disabled(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.get(Listener, demo.LISTENER).admin_state_up = False

    assert statuses(app_client)["listeners"][0]["operating_status"] == "DISABLED"


def test_a_frozen_load_balancer_is_frozen(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.get(LoadBalancer, demo.LB).operating_status = "FROZEN"

    assert statuses(app_client)["operating_status"] == "FROZEN"


def test_a_listener_without_a_default_pool_has_no_pools(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.add(
            Listener(
                id="l-2",
                project_id=demo.PROJECT,
                loadbalancer_id=demo.LB,
                name="no-pool",
                protocol="UDP",
                protocol_port=53,
                created_at=NOW,
                updated_at=NOW,
            )
        )

    listeners = statuses(app_client)["listeners"]

    assert [(item["id"], item["pools"]) for item in listeners] == [
        (demo.LISTENER, listeners[0]["pools"]),
        ("l-2", []),
    ]
    assert listeners[0]["pools"][0]["id"] == demo.POOL


# --- admin_state_up false: a disabled load balancer and everything below it ---------------


def test_a_disabled_load_balancer_via_the_sdk(elb: Any) -> None:
    option = CreateLoadBalancerOption(
        vpc_id=demo.VPC, availability_zone_list=[demo.AZ_1], admin_state_up=False
    )
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    created = elb.create_load_balancer(request).loadbalancer
    assert created.admin_state_up is False
    # DISABLED is a status-tree value only: the load balancer itself stays ONLINE
    assert created.operating_status == "ONLINE"

    tree = elb.show_load_balancer_status(
        ShowLoadBalancerStatusRequest(loadbalancer_id=created.id)
    ).statuses.loadbalancer
    assert tree.operating_status == "DISABLED"

    body = UpdateLoadBalancerRequestBody(loadbalancer=UpdateLoadBalancerOption(admin_state_up=True))
    elb.update_load_balancer(UpdateLoadBalancerRequest(loadbalancer_id=created.id, body=body))
    tree = elb.show_load_balancer_status(
        ShowLoadBalancerStatusRequest(loadbalancer_id=created.id)
    ).statuses.loadbalancer
    assert tree.operating_status == "ONLINE"


def test_everything_below_a_disabled_load_balancer_is_disabled(app_client: TestClient) -> None:
    monitored_member(app_client)
    updated = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"admin_state_up": False}}
    )
    assert updated.status_code == 200, updated.text

    tree = app_client.get(f"{LOADBALANCERS}/{demo.LB}/statuses").json()["statuses"]
    lb = tree["loadbalancer"]
    listener = lb["listeners"][0]
    pools = [*listener["pools"], *lb["pools"]]
    assert lb["operating_status"] == "DISABLED"
    assert listener["operating_status"] == "DISABLED"
    assert [pool["operating_status"] for pool in pools] == ["DISABLED", "DISABLED"]
    assert [m["operating_status"] for pool in pools for m in pool["members"]] == [
        "DISABLED",
        "DISABLED",
    ]
    # the member API keeps reporting the monitor's view
    members = app_client.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()
    assert [m["operating_status"] for m in members["members"]] == ["INITIAL"]
    with transaction(app_client) as session:
        assert session.get(LoadBalancer, demo.LB).operating_status == "ONLINE"


def test_status_tree_disabled_when_admin_down(http: httpx.Client) -> None:
    post_member(http, ECS_1_ADDRESS)
    assert_ok_response(
        http.put(f"{ELB}/loadbalancers/{demo.LB}", json={"loadbalancer": {"admin_state_up": False}})
    )
    tree = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}/statuses"))["statuses"][
        "loadbalancer"
    ]
    assert tree["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["pools"][0]["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["pools"][0]["members"][0]["operating_status"] == "DISABLED"
    lb = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}"))["loadbalancer"]
    assert lb["operating_status"] in ("ONLINE", "FROZEN") and lb["admin_state_up"] is False


# --- cost: queries per request ---------------------------------------------------------


@pytest.fixture
def statements(app_client: TestClient) -> Iterator[list[str]]:
    """The SQL statements the app runs while the test looks."""
    engine = app_client.app.state.database.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _main_table(sql: str) -> str | None:
    """The table after the first FROM of a statement (None without one)."""
    _, found, rest = sql.partition("FROM ")
    return rest.split()[0] if found else None


def test_the_number_of_queries_does_not_grow_with_the_members(
    app_client: TestClient, statements: list[str]
) -> None:
    with_monitor(app_client, enabled=True)
    statements.clear()
    statuses(app_client)
    with_one = len(statements)
    with transaction(app_client) as session:
        session.add_all([member_row(f"m-{n}", f"192.168.0.{n}") for n in range(20, 60)])
    statements.clear()

    tree = statuses(app_client)

    assert len(tree["pools"][0]["members"]) == 41
    assert len(statements) == with_one
    # the members are read once (the forced-health query only looks up its rows' members)
    assert sum(_main_table(sql) == "members" for sql in statements) == 1


def test_the_number_of_queries_does_not_grow_with_the_pools(
    app_client: TestClient, statements: list[str]
) -> None:
    """The member status of every pool comes from one listener and one monitor query."""
    lb = f"/v3/{demo.PROJECT}/elb/loadbalancers/{demo.LB_IP_TARGETS}/statuses"
    app_client.get(lb)  # warm: the first request also reads the app's own state
    statements.clear()
    app_client.get(lb)
    with_demo_pools = len(statements)
    for n in range(5):
        body = {
            "pool": {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "name": f"extra-{n}",
            }
        }
        assert app_client.post(f"/v3/{demo.PROJECT}/elb/pools", json=body).status_code == 201
    statements.clear()

    response = app_client.get(lb)

    assert len(response.json()["statuses"]["loadbalancer"]["pools"]) == 5 + 5
    assert len(statements) == with_demo_pools
