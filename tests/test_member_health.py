"""Member health: derived from the pool, the monitor and the cloud server, or forced by a test
through PUT /_mockelb/members/{member_id}/health, and the same in every view (show, lists,
batch answers, the status tree)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
import yaml
from sqlalchemy import func, select
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.models import ForcedMemberHealth
from mockelb.seed import snapshot_for
from tests import demo
from tests.conftest import AUTH
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    create_listener,
    list_all_members,
    list_members,
    on_subnet,
    show_load_balancer_status,
    show_member,
    transaction,
)
from tests.sdk_checks import assert_error_response, assert_json_model, assert_ok_response

ECS_1_ADDRESS = "192.168.0.10"
NO_SERVER = "192.168.0.20"  # an address of the demo SUBNET that no cloud server has
MISMATCH = {
    "reason_code": "RESPONSE_MISMATCH",
    "expected_response": "200-204",
    "healthcheck_response": "503",
}


def health_url(member_id: str) -> str:
    return f"/_mockelb/members/{member_id}/health"


def force(http: httpx.Client | TestClient, member_id: str, **body: Any) -> dict[str, Any]:
    """PUT the member's health (200): the member as it now reports."""
    member: dict[str, Any] = assert_ok_response(http.put(health_url(member_id), json=body))[
        "member"
    ]
    return member


def health_of(member: Any) -> tuple[str, list[tuple[str, str]]]:
    """(operating_status, [(listener_id, operating_status)]) of an SDK member."""
    return member.operating_status, [(s.listener_id, s.operating_status) for s in member.status]


def tree_statuses(elb: Any) -> dict[str, Any]:
    """The demo LB's tree as statuses: the LB's, and per listener and per LB-level pool
    (the members' statuses sorted)."""
    tree = show_load_balancer_status(elb, demo.LB)
    return {
        "lb": tree.operating_status,
        "listeners": {
            listener.id: (
                listener.operating_status,
                [
                    (pool.operating_status, sorted(m.operating_status for m in pool.members))
                    for pool in listener.pools
                ],
            )
            for listener in tree.listeners
        },
        "pools": {
            pool.id: (pool.operating_status, sorted(m.operating_status for m in pool.members))
            for pool in tree.pools
        },
    }


@pytest.fixture
def at_server(elb: Any) -> Any:
    """A member of the demo POOL (behind demo.LISTENER, no monitor) at ECS 1."""
    (member,) = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS))
    return member


@pytest.fixture
def second_listener(elb: Any) -> str:
    """A second listener of the demo LB that forwards to the demo POOL too."""
    listener = create_listener(
        elb, loadbalancer_id=demo.LB, protocol_port=8081, default_pool_id=demo.POOL
    )
    return str(listener.id)


# --- derived: the reference's rule without a test's say ------------------------------------


def test_the_reference_rule_without_forced_health(elb: Any) -> None:
    served, serverless = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS), on_subnet(NO_SERVER))
    (ip_type,) = add_members(elb, demo.POOL_DUALSTACK, {"address": "10.1.2.3", "protocol_port": 80})
    (standalone,) = add_members(elb, demo.POOL_STANDALONE, on_subnet(NO_SERVER))
    (no_listener,) = add_members(elb, demo.POOL_HTTP, {"address": "10.1.2.4", "protocol_port": 80})

    # "OFFLINE: the cloud server used as the backend server is stopped or does not exist"
    assert health_of(serverless) == ("OFFLINE", [(demo.LISTENER, "OFFLINE")])
    assert serverless.instance_id == "" and serverless.reason is None
    assert health_of(served) == ("NO_MONITOR", [(demo.LISTENER, "NO_MONITOR")])
    # an IP-type member is at no seeded cloud server either
    assert health_of(ip_type) == ("OFFLINE", [(demo.LISTENER_2, "OFFLINE")])
    assert health_of(standalone) == ("UNKNOWN", [])
    assert health_of(no_listener) == ("NO_MONITOR", [])
    # the status tree: the OFFLINE member degrades its pool, listener and load balancer
    tree = tree_statuses(elb)
    assert tree["lb"] == "DEGRADED"
    assert tree["listeners"][demo.LISTENER] == (
        "DEGRADED",
        [("DEGRADED", ["NO_MONITOR", "OFFLINE"])],
    )
    assert tree["pools"][demo.POOL] == ("DEGRADED", ["NO_MONITOR", "OFFLINE"])
    assert show_load_balancer_status(elb, demo.LB_IP_TARGETS).operating_status == "DEGRADED"
    # the status filter of both lists follows the same rule
    assert [m.id for m in list_members(elb, demo.POOL, operating_status=["OFFLINE"])] == [
        serverless.id
    ]
    offline = list_all_members(elb, operating_status=["OFFLINE"])
    assert sorted(m.id for m in offline) == sorted([serverless.id, ip_type.id])


def test_a_stopped_cloud_server_is_offline(tmp_path: Path, database_url: str) -> None:
    seed = tmp_path / "stopped.yaml"
    stopped = {
        "id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b99",
        "status": "SHUTOFF",
        "nics": [{"subnet_id": demo.SUBNET_VPC_ID, "ip_address": "192.168.0.200"}],
    }
    seed.write_text(yaml.safe_dump({"project_id": demo.PROJECT, "ecs_instances": [stopped]}))
    app = create_app(Settings(database_url=database_url), snapshot=snapshot_for([seed], demo=True))
    with TestClient(app, headers=AUTH) as client:
        response = client.post(
            f"{ELB}/pools/{demo.POOL}/members/batch-add",
            json={"members": [on_subnet("192.168.0.200"), on_subnet(ECS_1_ADDRESS)]},
        )
        members = assert_ok_response(response, 201)["members"]

    assert members[0]["instance_id"] == stopped["id"]
    assert [m["operating_status"] for m in members] == ["OFFLINE", "NO_MONITOR"]


# --- forced: every view ---------------------------------------------------------------------


def test_forced_offline_shows_in_every_view(elb: Any, http: httpx.Client, at_server: Any) -> None:
    answered = force(http, at_server.id, operating_status="OFFLINE", reason=MISMATCH)

    assert_json_model(answered, elb_v3.MemberInfo, nullable={"subnet_cidr_id"})
    assert (answered["id"], answered["pool_id"]) == (at_server.id, demo.POOL)
    assert answered["loadbalancer_id"] == demo.LB
    assert answered["operating_status"] == "OFFLINE"
    assert answered["reason"] == MISMATCH
    assert answered["status"] == [
        {"listener_id": demo.LISTENER, "operating_status": "OFFLINE", "reason": MISMATCH}
    ]
    shown = show_member(elb, demo.POOL, at_server.id)
    (listed,) = list_members(elb, demo.POOL, id=[at_server.id])
    (info,) = list_all_members(elb, id=[at_server.id])
    (existed,) = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS))
    assert existed.ret_status == "existed"
    for member in (shown, listed, info, existed):
        assert health_of(member) == ("OFFLINE", [(demo.LISTENER, "OFFLINE")])
        assert member.reason.reason_code == "RESPONSE_MISMATCH"
        assert (member.reason.expected_response, member.reason.healthcheck_response) == (
            "200-204",
            "503",
        )
        assert member.status[0].reason.reason_code == "RESPONSE_MISMATCH"
    raw = http.get(f"{ELB}/pools/{demo.POOL}/members/{at_server.id}").json()["member"]
    assert_json_model(raw["reason"], elb_v3.MemberHealthCheckFailedReason)
    assert_json_model(raw["status"][0], elb_v3.MemberStatus, optional={"created_at", "updated_at"})
    tree = tree_statuses(elb)
    assert tree["lb"] == "DEGRADED"
    assert tree["listeners"][demo.LISTENER] == ("DEGRADED", [("DEGRADED", ["OFFLINE"])])
    assert tree["pools"][demo.POOL] == ("DEGRADED", ["OFFLINE"])
    assert [m.id for m in list_members(elb, demo.POOL, operating_status=["OFFLINE"])] == [
        at_server.id
    ]
    assert list_all_members(elb, operating_status=["NO_MONITOR"]) == []


def test_forced_online_lifts_the_no_server_rule(elb: Any, http: httpx.Client) -> None:
    (member,) = add_members(elb, demo.POOL, on_subnet(NO_SERVER))

    answered = force(http, member.id, operating_status="ONLINE")

    assert (answered["operating_status"], answered["reason"]) == ("ONLINE", None)
    assert answered["status"] == [{"listener_id": demo.LISTENER, "operating_status": "ONLINE"}]
    assert health_of(show_member(elb, demo.POOL, member.id)) == (
        "ONLINE",
        [(demo.LISTENER, "ONLINE")],
    )
    tree = tree_statuses(elb)
    assert (tree["lb"], tree["pools"][demo.POOL]) == ("ONLINE", ("ONLINE", ["ONLINE"]))
    assert [m.id for m in list_all_members(elb, operating_status=["ONLINE"])] == [member.id]


def test_forced_on_one_listener(
    elb: Any, http: httpx.Client, at_server: Any, second_listener: str
) -> None:
    answered = force(
        http,
        at_server.id,
        operating_status="OFFLINE",
        listener_id=second_listener,
        reason={"reason_code": "CONNECT_TIMEOUT"},
    )

    listeners = sorted([demo.LISTENER, second_listener])
    expected = {demo.LISTENER: "NO_MONITOR", second_listener: "OFFLINE"}
    # the member's own status is the least healthy its listeners see, with that reason
    assert answered["operating_status"] == "OFFLINE"
    assert answered["reason"] == {
        "reason_code": "CONNECT_TIMEOUT",
        "expected_response": None,
        "healthcheck_response": None,
    }
    shown = show_member(elb, demo.POOL, at_server.id)
    assert health_of(shown) == ("OFFLINE", [(lid, expected[lid]) for lid in listeners])
    tree = tree_statuses(elb)
    assert tree["listeners"][second_listener] == ("DEGRADED", [("DEGRADED", ["OFFLINE"])])
    assert tree["listeners"][demo.LISTENER] == ("ONLINE", [("ONLINE", ["NO_MONITOR"])])
    assert (tree["lb"], tree["pools"][demo.POOL]) == ("DEGRADED", ("DEGRADED", ["OFFLINE"]))


def test_a_listener_value_wins_and_forcing_all_replaces_it(
    elb: Any, http: httpx.Client, at_server: Any, second_listener: str
) -> None:
    force(http, at_server.id, operating_status="OFFLINE")
    answered = force(http, at_server.id, operating_status="ONLINE", listener_id=second_listener)
    by_listener = {s["listener_id"]: s["operating_status"] for s in answered["status"]}
    assert by_listener == {demo.LISTENER: "OFFLINE", second_listener: "ONLINE"}
    assert answered["operating_status"] == "OFFLINE"

    answered = force(http, at_server.id, operating_status="INITIAL")

    assert {s["operating_status"] for s in answered["status"]} == {"INITIAL"}
    assert answered["operating_status"] == "INITIAL"


def test_get_and_delete_health(http: httpx.Client, at_server: Any, second_listener: str) -> None:
    force(http, at_server.id, operating_status="OFFLINE")
    force(http, at_server.id, operating_status="ONLINE", listener_id=second_listener)

    cleared = http.delete(health_url(at_server.id), params={"listener_id": second_listener})
    assert_ok_response(cleared, 204)
    shown = assert_ok_response(http.get(health_url(at_server.id)))["member"]
    assert {s["operating_status"] for s in shown["status"]} == {"OFFLINE"}
    assert_ok_response(http.delete(health_url(at_server.id)), 204)
    shown = assert_ok_response(http.get(health_url(at_server.id)))["member"]
    assert shown["operating_status"] == "NO_MONITOR"
    assert {s["operating_status"] for s in shown["status"]} == {"NO_MONITOR"}


def test_a_pool_on_no_listener_shows_what_is_forced_for_all(elb: Any, http: httpx.Client) -> None:
    (member,) = add_members(elb, demo.POOL_STANDALONE, on_subnet(NO_SERVER))

    answered = force(http, member.id, operating_status="OFFLINE")

    assert (answered["operating_status"], answered["status"]) == ("OFFLINE", [])
    assert answered["loadbalancer_id"] is None


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "GET", "DELETE"])
def test_an_unknown_member_is_not_found(http: httpx.Client, method: str) -> None:
    body = {"operating_status": "ONLINE"} if method == "PUT" else None
    response = http.request(method, health_url(demo.UNKNOWN_ID), json=body)

    assert_error_response(response, 404, NOT_FOUND, demo.UNKNOWN_ID)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="status-missing"),
        pytest.param({"operating_status": "DEGRADED"}, id="status-not-a-member-status"),
        pytest.param({"operating_status": 1}, id="status-not-a-string"),
        pytest.param({"operating_status": "ONLINE", "extra": 1}, id="unknown-attribute"),
        pytest.param({"operating_status": "ONLINE", "listener_id": ""}, id="listener-empty"),
        pytest.param(
            {"operating_status": "ONLINE", "listener_id": demo.LISTENER_2},
            id="listener-of-another-pool",
        ),
        pytest.param(
            {"operating_status": "ONLINE", "reason": {"reason_code": "CONNECT_FAILED"}},
            id="reason-when-healthy",
        ),
        pytest.param(
            {"operating_status": "OFFLINE", "reason": {"reason_code": "NO_SUCH_CODE"}},
            id="reason-code-unknown",
        ),
        pytest.param({"operating_status": "OFFLINE", "reason": "timeout"}, id="reason-a-string"),
    ],
)
def test_a_bad_body_is_refused(http: httpx.Client, at_server: Any, body: dict[str, Any]) -> None:
    response = http.put(health_url(at_server.id), json=body)

    assert_error_response(response, 400, INVALID_INPUT)
    shown = assert_ok_response(http.get(health_url(at_server.id)))["member"]
    assert shown["operating_status"] == "NO_MONITOR"  # nothing was forced


@pytest.mark.parametrize(
    "content", [pytest.param(b"", id="empty"), pytest.param(b"{not json", id="not-json")]
)
def test_a_body_that_is_no_json_object_is_refused(
    http: httpx.Client, at_server: Any, content: bytes
) -> None:
    response = http.put(
        health_url(at_server.id), content=content, headers={"Content-Type": "application/json"}
    )

    assert_error_response(response, 400, INVALID_INPUT)


# --- where forced health goes --------------------------------------------------------------


@pytest.fixture
def forced_rows(app_client: TestClient) -> Iterator[Any]:
    """Count the forced health rows of the in-process app's database."""

    def count() -> int:
        with transaction(app_client) as session:
            return int(session.scalar(select(func.count()).select_from(ForcedMemberHealth)) or 0)

    yield count


def new_member(client: TestClient, pool_id: str = demo.POOL) -> str:
    response = client.post(
        f"{ELB}/pools/{pool_id}/members/batch-add", json={"members": [on_subnet(NO_SERVER)]}
    )
    member_id: str = assert_ok_response(response, 201)["members"][0]["id"]
    return member_id


def test_reset_clears_forced_health(app_client: TestClient, forced_rows: Any) -> None:
    force(app_client, new_member(app_client), operating_status="ONLINE")
    assert forced_rows() == 1

    assert_ok_response(app_client.post("/_mockelb/reset"))

    assert forced_rows() == 0


def test_deleting_the_member_or_its_pool_removes_forced_health(
    app_client: TestClient, forced_rows: Any
) -> None:
    member_id = new_member(app_client)
    force(app_client, member_id, operating_status="ONLINE")
    response = app_client.delete(f"{ELB}/pools/{demo.POOL}/members/{member_id}")
    assert_ok_response(response, 204)
    assert forced_rows() == 0
    assert_error_response(app_client.get(health_url(member_id)), 404, NOT_FOUND)

    body = {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB}}
    pool_id = assert_ok_response(app_client.post(f"{ELB}/pools", json=body), 201)["pool"]["id"]
    force(app_client, new_member(app_client, pool_id), operating_status="OFFLINE")
    assert forced_rows() == 1
    assert_ok_response(app_client.delete(f"{ELB}/pools/{pool_id}/delete-cascade"), 204)
    assert forced_rows() == 0


def test_the_reason_is_shown_as_given(http: httpx.Client, at_server: Any) -> None:
    """The response fields are the test's to set, with any code (the SDK fills them for
    RESPONSE_MISMATCH); a mismatch without them shows them null."""
    given = {
        "reason_code": "CONNECT_TIMEOUT",
        "expected_response": "200",
        "healthcheck_response": "timeout",
    }
    response = http.put(
        health_url(at_server.id), json={"operating_status": "OFFLINE", "reason": given}
    )

    assert response.status_code == 200, response.text
    assert response.json()["member"]["reason"] == given
    bare = {"operating_status": "OFFLINE", "reason": {"reason_code": "RESPONSE_MISMATCH"}}
    reason = http.put(health_url(at_server.id), json=bare).json()["member"]["reason"]
    assert reason == {
        "reason_code": "RESPONSE_MISMATCH",
        "expected_response": None,
        "healthcheck_response": None,
    }
