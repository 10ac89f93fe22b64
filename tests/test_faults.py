"""Fault rules (/_mockelb/faults): errors in the cloud's envelope, delays and dropped
connections on cue, matched by operation or by method and path, limited by times and
probability; through the SDK and raw HTTP against a real server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.exceptions.exceptions import (
    ServerResponseException,
    ServiceResponseException,
)
from huaweicloudsdkelb.v3 import ListPoolsRequest, ShowPoolRequest

from mockelb.testing import MockElbServer
from tests import databases, demo
from tests.error_codes import (
    INTERNAL_ERROR,
    INVALID_INPUT,
    NOT_FOUND,
    THROTTLED,
)
from tests.factories import ELB, add_members, list_members, on_subnet
from tests.sdk_checks import REQUEST_ID, assert_error_response, assert_refused
from tests.serve import served

BATCH_ADD = f"{ELB}/pools/{demo.POOL}/members/batch-add"
POOL = f"{ELB}/pools/{demo.POOL}"
MEMBER = {"members": [on_subnet("192.168.0.81")]}


def add_fault(http: httpx.Client, **rule: Any) -> dict[str, Any]:
    response = http.post("/_mockelb/faults", json=rule)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"fault"}
    fault: dict[str, Any] = body["fault"]
    return fault


def faults(http: httpx.Client) -> list[dict[str, Any]]:
    response = http.get("/_mockelb/faults")
    assert response.status_code == 200, response.text
    listed: list[dict[str, Any]] = response.json()["faults"]
    return listed


def journal(http: httpx.Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = http.get("/_mockelb/requests").json()["requests"]
    return found


def server_error(call: Any) -> ServerResponseException:
    with pytest.raises(ServerResponseException) as info:
        call()
    return info.value


# --- errors ------------------------------------------------------------------------------


def test_an_error_rule_answers_the_sdk_in_the_clouds_envelope_and_writes_nothing(
    elb: Any, http: httpx.Client
) -> None:
    add_fault(http, operation="batch_create_members", status=500)

    error = server_error(lambda: add_members(elb, demo.POOL, on_subnet("192.168.0.81")))

    assert (error.status_code, error.error_code) == (500, INTERNAL_ERROR)
    assert error.error_msg == "Internal server error."
    assert error.request_id and REQUEST_ID.fullmatch(error.request_id)
    assert list_members(elb, demo.POOL) == []
    (record,) = [r for r in journal(http) if r["operation"] == "batch_create_members"]
    assert (record["status"], record["error_code"]) == (500, INTERNAL_ERROR)
    assert record["request_id"] == error.request_id
    assert record["body"] == MEMBER


def test_a_429_rule_answers_the_gateways_throttling_code(http: httpx.Client) -> None:
    add_fault(http, method="POST", path="/v3/*/elb/pools/*/members/batch-add", status=429)

    response = http.post(BATCH_ADD, json=MEMBER)

    assert_error_response(response, 429, THROTTLED, "throttling threshold")


def test_a_rule_answers_its_own_code_and_message(elb: Any, http: httpx.Client) -> None:
    add_fault(
        http, operation="list_pools", status=409, error_code="ELB.1101", error_msg="Try later."
    )

    error = assert_refused(lambda: elb.list_pools(ListPoolsRequest()), 409, "ELB.1101")

    assert error.error_msg == "Try later."


def test_a_503_rule_answers_the_services_error_code(http: httpx.Client) -> None:
    fault = add_fault(http, operation="show_pool", status=503)

    assert (fault["error_code"], fault["error_msg"]) == (INTERNAL_ERROR, "Service Unavailable.")
    assert_error_response(http.get(POOL), 503, INTERNAL_ERROR, "Service Unavailable.")


# --- matching ----------------------------------------------------------------------------


def test_a_rule_matches_its_operation_only(http: httpx.Client) -> None:
    add_fault(http, operation="show_pool", status=500)

    assert http.get(f"{ELB}/pools").status_code == 200
    assert_error_response(http.get(POOL), 500, INTERNAL_ERROR)
    # the fault answers before the API looks: an unknown pool gets the fault too
    assert_error_response(http.get(f"{ELB}/pools/{demo.UNKNOWN_ID}"), 500, INTERNAL_ERROR)


@pytest.mark.parametrize(
    ("glob", "hits", "misses"),
    [
        ("/v3/*/elb/pools", [f"{ELB}/pools"], [POOL, f"{ELB}/listeners"]),
        ("/v3/*/elb/pools/*", [POOL], [f"{ELB}/pools", f"{POOL}/members"]),
        ("/v3/**/members", [f"{POOL}/members"], [POOL, f"{ELB}/members/x"]),
        ("/v3/**", [POOL, f"{ELB}/pools", f"{POOL}/members"], [f"/v1/{demo.PROJECT}/subnets"]),
        ("/v?/*/subnets", [f"/v1/{demo.PROJECT}/subnets"], [f"/v1/{demo.PROJECT}/vpcs"]),
    ],
)
def test_path_globs_match_within_and_across_segments(
    http: httpx.Client, glob: str, hits: list[str], misses: list[str]
) -> None:
    add_fault(http, method="get", path=glob, status=500)

    for path in hits:
        assert http.get(path).status_code == 500, path
    for path in misses:
        assert http.get(path).status_code != 500, path


def test_a_path_rule_with_a_method_leaves_other_methods_alone(http: httpx.Client) -> None:
    fault = add_fault(http, method="delete", path="/v3/**", status=500)

    assert fault["method"] == "DELETE"
    assert http.get(POOL).status_code == 200
    assert http.delete(f"{ELB}/pools/{demo.UNKNOWN_ID}").status_code == 500


def test_a_rule_for_one_project_leaves_the_others_alone(http: httpx.Client) -> None:
    other = "0123456789abcdef0123456789abcdef"
    add_fault(http, operation="list_pools", project_id=other, status=500)

    assert http.get(f"{ELB}/pools").status_code == 200
    assert http.get(f"/v3/{other}/elb/pools").status_code == 500


def test_the_admin_api_is_never_faulted(http: httpx.Client) -> None:
    add_fault(http, path="/**", status=500)

    assert http.get("/_mockelb/health").status_code == 200
    assert http.get("/_mockelb/requests").status_code == 200
    assert http.get(POOL).status_code == 500


def test_the_first_rule_that_fires_wins(http: httpx.Client) -> None:
    add_fault(http, operation="show_pool", status=500, probability=0.0)
    add_fault(http, operation="show_pool", status=503, times=1)
    add_fault(http, path="/v3/**", status=429)

    assert http.get(POOL).status_code == 503
    assert http.get(POOL).status_code == 429


# --- limits ------------------------------------------------------------------------------


def test_times_limits_a_rule_and_then_it_is_gone(http: httpx.Client) -> None:
    fault = add_fault(http, operation="show_pool", status=500, times=2)
    assert (fault["times"], fault["remaining"], fault["fired"]) == (2, 2, 0)

    assert http.get(POOL).status_code == 500
    (listed,) = faults(http)
    assert (listed["remaining"], listed["fired"]) == (1, 1)
    assert http.get(POOL).status_code == 500
    assert faults(http) == []
    assert http.get(POOL).status_code == 200


def test_probability_decides_how_often_a_rule_fires(http: httpx.Client) -> None:
    add_fault(http, operation="show_pool", status=500, probability=0.0)
    assert all(http.get(POOL).status_code == 200 for _ in range(10))

    http.delete("/_mockelb/faults")
    add_fault(http, operation="show_pool", status=500, probability=0.5)
    statuses = [http.get(POOL).status_code for _ in range(100)]

    # a fair coin lands outside 15..85 heads out of 100 with a chance below 1e-12
    assert 15 <= statuses.count(500) <= 85
    assert set(statuses) == {200, 500}
    (listed,) = faults(http)
    assert listed["fired"] == statuses.count(500)


# --- delays and dropped connections ------------------------------------------------------


def test_a_delay_slows_the_answer_and_keeps_it(elb: Any, http: httpx.Client) -> None:
    add_fault(http, operation="show_pool", delay_ms=300)

    started = time.monotonic()
    response = elb.show_pool(ShowPoolRequest(pool_id=demo.POOL))

    assert time.monotonic() - started >= 0.3
    assert response.pool.id == demo.POOL


def test_a_delay_range_and_an_error_together(http: httpx.Client) -> None:
    fault = add_fault(http, operation="show_pool", delay_ms=[200, 250], status=500)

    started = time.monotonic()
    response = http.get(POOL)

    assert time.monotonic() - started >= 0.2
    assert_error_response(response, 500, INTERNAL_ERROR)
    assert fault["delay_ms"] == [200, 250]


@pytest.mark.slow  # server subprocesses / waits
def test_a_delayed_request_holds_no_lock(elb: Any, http: httpx.Client) -> None:
    """While a request sleeps on its delay, writes of its project go on."""
    add_fault(http, operation="show_pool", delay_ms=1500, times=1)
    finished: list[str] = []

    def delayed() -> None:
        http.get(POOL)
        finished.append("delayed")

    thread = threading.Thread(target=delayed)
    thread.start()
    time.sleep(0.2)  # the delayed request is asleep by now
    add_members(elb, demo.POOL, on_subnet("192.168.0.82"))
    finished.append("write")
    thread.join(timeout=10)

    assert finished == ["write", "delayed"]


@pytest.mark.slow  # waits on a delay
def test_a_request_that_arrived_before_a_reset_is_not_journalled_after_it(
    http: httpx.Client, mockelb: MockElbServer
) -> None:
    add_fault(http, operation="list_pools", delay_ms=800)
    thread = threading.Thread(target=lambda: http.get(f"{ELB}/pools", params={"slow": 1}))
    thread.start()
    time.sleep(0.2)  # the request is asleep on its delay by now

    mockelb.reset()
    thread.join(timeout=10)

    assert journal(http) == []


def test_a_pathological_glob_answers_in_linear_time(http: httpx.Client) -> None:
    """Many wildcards and a long path never backtrack (the server would hang)."""
    add_fault(http, path="/**a**a**a**a**a**a**a**a**b", status=500)
    with httpx.Client(base_url=str(http.base_url), headers=http.headers, timeout=10) as client:
        response = client.get("/v3/" + "a" * 20_000)

    assert response.status_code == 404  # no rule matched; no such API either


def test_a_rule_for_the_admin_api_is_refused(http: httpx.Client) -> None:
    response = http.post("/_mockelb/faults", json={"path": "/_mockelb/**", "status": 500})

    assert_error_response(response, 400, INVALID_INPUT, "path")


def test_a_dropped_connection_gets_no_answer(elb: Any, http: httpx.Client) -> None:
    add_fault(http, operation="show_pool", drop_connection=True, times=2)

    with pytest.raises(httpx.RemoteProtocolError):
        http.get(POOL)
    with pytest.raises(Exception) as info:  # the SDK wraps the transport's error
        elb.show_pool(ShowPoolRequest(pool_id=demo.POOL))
    assert not isinstance(info.value, ServiceResponseException)

    assert http.get(POOL).status_code == 200
    add_fault(http, operation="batch_create_members", drop_connection=True, times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(BATCH_ADD, json=MEMBER)
    (sent,) = [r for r in journal(http) if r["operation"] == "batch_create_members"]
    assert (sent["status"], sent["body"]) == (None, MEMBER)
    dropped = [r for r in journal(http) if r["operation"] == "show_pool"]
    assert [(r["status"], r["error_code"]) for r in dropped] == [
        (None, None),
        (None, None),
        (200, None),
    ]


# --- the rules themselves ----------------------------------------------------------------


def test_rules_are_listed_in_order_with_every_field(http: httpx.Client) -> None:
    first = add_fault(http, operation="show_pool", status=500)
    second = add_fault(http, path="/v3/**", delay_ms=10, times=3, probability=0.5)

    assert faults(http) == [first, second]
    assert first == {
        "id": first["id"],
        "operation": "show_pool",
        "method": None,
        "path": None,
        "project_id": None,
        "status": 500,
        "error_code": INTERNAL_ERROR,
        "error_msg": "Internal server error.",
        "delay_ms": None,
        "drop_connection": False,
        "times": None,
        "probability": 1.0,
        "remaining": None,
        "fired": 0,
    }
    assert first["id"] != second["id"]


def test_one_rule_or_all_can_be_removed(http: httpx.Client) -> None:
    first = add_fault(http, operation="show_pool", status=500)
    second = add_fault(http, operation="list_pools", status=500)

    response = http.delete(f"/_mockelb/faults/{first['id']}")

    assert response.status_code == 204 and response.content == b""
    assert faults(http) == [second]
    assert http.get(POOL).status_code == 200
    assert_error_response(http.delete(f"/_mockelb/faults/{first['id']}"), 404, NOT_FOUND)
    assert http.delete("/_mockelb/faults").status_code == 204
    assert faults(http) == []
    assert http.get(f"{ELB}/pools").status_code == 200


def test_reset_removes_the_rules(http: httpx.Client, mockelb: MockElbServer) -> None:
    add_fault(http, operation="show_pool", status=500)

    mockelb.reset()

    assert faults(http) == []
    assert http.get(POOL).status_code == 200


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"status": 500}, "operation"),
        ({"operation": "show_pools", "status": 500}, "operation"),
        ({"operation": "show_pool"}, "status"),
        ({"path": "v3/**", "status": 500}, "path"),
        ({"operation": "show_pool", "status": 200}, "status"),
        ({"operation": "show_pool", "status": "500"}, "status"),
        ({"operation": "show_pool", "status": 500, "drop_connection": True}, "drop_connection"),
        ({"operation": "show_pool", "error_code": "ELB.8906", "delay_ms": 1}, "error_code"),
        ({"operation": "show_pool", "delay_ms": [50, 10]}, "delay_ms"),
        ({"operation": "show_pool", "delay_ms": [10]}, "delay_ms"),
        ({"operation": "show_pool", "delay_ms": -1}, "delay_ms"),
        ({"operation": "show_pool", "delay_ms": 600_001}, "delay_ms"),
        ({"path": "/" + "*" * 3000, "status": 500}, "path"),
        ({"operation": "show_pool", "status": 500, "times": 0}, "times"),
        ({"operation": "show_pool", "status": 500, "probability": 1.5}, "probability"),
        ({"operation": "show_pool", "status": 500, "method": "GE T"}, "method"),
        ({"operation": "show_pool", "status": 500, "colour": "red"}, "colour"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_field(
    http: httpx.Client, rule: dict[str, Any], field: str
) -> None:
    response = http.post("/_mockelb/faults", json=rule)

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert faults(http) == []


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b'{"operation": "show_pool", "delay_ms": NaN}', "delay_ms"),
        (b'{"operation": "show_pool", "status": 500, "probability": Infinity}', "probability"),
    ],
)
def test_a_number_that_is_no_number_is_refused(
    http: httpx.Client, content: bytes, field: str
) -> None:
    response = http.post(
        "/_mockelb/faults", content=content, headers={"Content-Type": "application/json"}
    )

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert faults(http) == []


def test_a_body_that_is_no_rule_is_refused(http: httpx.Client) -> None:
    for content in (b"", b"[", b"[]"):
        response = http.post(
            "/_mockelb/faults", content=content, headers={"Content-Type": "application/json"}
        )
        assert_error_response(response, 400, INVALID_INPUT)


# --- several workers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mockelb serve --workers 2` on a shared database."""
    url = databases.persistent_database_url(tmp_path_factory.mktemp("workers"))
    try:
        with served("--workers", "2", "--database-url", url) as base_url:
            yield base_url
    finally:
        databases.release(url)


@pytest.mark.slow  # server subprocesses / waits
def test_workers_share_the_rules_and_the_journal(two_workers: str) -> None:
    with httpx.Client(base_url=two_workers, headers={"X-Auth-Token": "t"}) as http:
        add_fault(http, operation="batch_create_members", status=409, times=3)
        statuses = []
        for index in range(8):
            # a new connection each time, so both workers answer some
            with httpx.Client(base_url=two_workers, headers={"X-Auth-Token": "t"}) as one:
                body = {"members": [on_subnet(f"192.168.0.{90 + index}")]}
                statuses.append(one.post(BATCH_ADD, json=body).status_code)

        assert statuses.count(409) == 3
        assert statuses.count(201) == 5
        assert faults(http) == []
        recorded = [r for r in journal(http) if r["operation"] == "batch_create_members"]
        assert [r["status"] for r in recorded] == statuses
