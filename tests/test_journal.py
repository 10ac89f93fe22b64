"""The request journal (GET and DELETE /_mockelb/requests): every ELB and VPC API request,
as the client sent it and as it was answered, through the SDK and raw HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import ListMembersRequest, ShowPoolRequest

from mockelb.config import Settings
from mockelb.testing import MockElbServer
from tests import databases, demo
from tests.error_codes import API_NOT_FOUND, AUTHENTICATION_FAILED, INVALID_INPUT, NOT_FOUND
from tests.factories import ELB, add_members, on_subnet
from tests.sdk_checks import REQUEST_ID, assert_error_response, assert_refused

AUTH = {"X-Auth-Token": "test-token"}
RECORD_KEYS = {
    "time",
    "request_id",
    "operation",
    "method",
    "path",
    "query",
    "project_id",
    "status",
    "error_code",
    "duration_ms",
    "body",
}
JOURNAL_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
BATCH_ADD = f"{ELB}/pools/{demo.POOL}/members/batch-add"


def journal(http: httpx.Client, **filters: Any) -> dict[str, Any]:
    response = http.get("/_mockelb/requests", params=filters)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"requests", "count"}
    return body


def records(http: httpx.Client, **filters: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = journal(http, **filters)["requests"]
    return found


def test_an_sdk_batch_add_is_recorded_as_sent_and_answered(elb: Any, http: httpx.Client) -> None:
    members = [on_subnet("192.168.0.61", 8080, weight=5), on_subnet("192.168.0.62", 8080)]
    added = add_members(elb, demo.POOL, *members)

    (record,) = records(http)

    assert set(record) == RECORD_KEYS
    assert record["operation"] == "batch_create_members"
    assert record["method"] == "POST"
    assert record["path"] == BATCH_ADD
    assert record["query"] == ""
    assert record["project_id"] == demo.PROJECT
    assert (record["status"], record["error_code"]) == (201, None)
    assert record["body"] == {"members": members}
    assert REQUEST_ID.fullmatch(record["request_id"])
    assert JOURNAL_TIME.fullmatch(record["time"])
    assert isinstance(record["duration_ms"], float) and record["duration_ms"] >= 0
    assert [member.address for member in added] == ["192.168.0.61", "192.168.0.62"]


def test_the_record_carries_the_answers_request_id_and_the_raw_query(http: httpx.Client) -> None:
    response = http.get(f"{ELB}/pools", params=[("limit", "2"), ("name", "a b"), ("name", "c")])
    assert response.status_code == 200

    (record,) = records(http)

    assert record["request_id"] == response.headers["X-Request-Id"]
    assert record["operation"] == "list_pools"
    assert record["query"] == "limit=2&name=a+b&name=c"
    assert record["body"] is None


def test_errors_are_recorded_with_their_codes(elb: Any, http: httpx.Client) -> None:
    assert_refused(lambda: elb.show_pool(ShowPoolRequest(pool_id=demo.UNKNOWN_ID)), 404, NOT_FOUND)
    http.get(f"{ELB}/no-such-thing")
    http.get(f"{ELB}/pools", headers={"X-Auth-Token": ""})

    shown, unknown, refused = records(http)

    assert (shown["operation"], shown["status"], shown["error_code"]) == (
        "show_pool",
        404,
        NOT_FOUND,
    )
    # no route takes the path: no operation, but the project is still the path's
    assert (unknown["operation"], unknown["status"], unknown["error_code"]) == (
        None,
        404,
        API_NOT_FOUND,
    )
    assert unknown["project_id"] == demo.PROJECT
    assert (refused["status"], refused["error_code"]) == (401, AUTHENTICATION_FAILED)


def test_vpc_and_version_requests_are_recorded_and_admin_calls_are_not(
    http: httpx.Client,
) -> None:
    http.get(f"/v1/{demo.PROJECT}/subnets")
    http.get("/versions")
    http.get("/_mockelb/health")
    http.get("/_mockelb/faults")

    assert [record["operation"] for record in records(http)] == [
        "list_subnets",
        "list_api_versions",
    ]


def test_a_nul_in_a_json_body_is_shown_as_the_replacement_character(http: httpx.Client) -> None:
    """PostgreSQL cannot store a NUL: the journal shows it as U+FFFD on every engine."""
    sent = b'{"members": [{"name": "a\\u0000b", "address": "x", "protocol_port": 1}]}'
    http.post(BATCH_ADD, content=sent, headers={"Content-Type": "application/json"})

    (record,) = records(http)

    assert record["body"]["members"][0]["name"] == "a\ufffdb"


def test_a_body_that_is_not_json_is_recorded_as_its_text(http: httpx.Client) -> None:
    http.post(BATCH_ADD, content=b"members=1", headers={"Content-Type": "text/plain"})
    http.post(BATCH_ADD, content=b'{"members": [', headers={"Content-Type": "application/json"})

    texts = [record["body"] for record in records(http)]

    assert texts == ["members=1", '{"members": [']


def test_filters_select_and_count(elb: Any, http: httpx.Client) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.63"))
    elb.list_members(ListMembersRequest(pool_id=demo.POOL))
    http.get(f"{ELB}/pools/{demo.UNKNOWN_ID}")
    other = "0123456789abcdef0123456789abcdef"
    http.get(f"/v3/{other}/elb/pools")

    assert [r["operation"] for r in records(http, operation="list_members")] == ["list_members"]
    assert [r["operation"] for r in records(http, method="post")] == ["batch_create_members"]
    assert [r["status"] for r in records(http, status=404)] == [404]
    assert [r["path"] for r in records(http, project_id=other)] == [f"/v3/{other}/elb/pools"]
    assert journal(http, operation="show_member") == {"requests": [], "count": 0}


def test_limit_keeps_the_most_recent_still_oldest_first(http: httpx.Client) -> None:
    for limit in (1, 2, 3, 4):
        http.get(f"{ELB}/pools", params={"limit": limit})

    body = journal(http, limit=2)

    assert [record["query"] for record in body["requests"]] == ["limit=3", "limit=4"]
    assert body["count"] == 4
    assert journal(http, limit=0) == {"requests": [], "count": 4}


def test_since_keeps_the_requests_that_arrived_from_then_on(http: httpx.Client) -> None:
    http.get(f"{ELB}/pools", params={"limit": 1})
    (first,) = records(http)
    then = datetime.strptime(first["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    http.get(f"{ELB}/pools", params={"limit": 2})

    assert journal(http, since=(then - timedelta(seconds=60)).isoformat())["count"] == 2
    assert journal(http, since=(then + timedelta(hours=1)).isoformat())["count"] == 0
    # a time without an offset is UTC; Z is understood
    naive = (then + timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert journal(http, since=naive)["count"] == 0
    assert journal(http, since="2000-01-01T00:00:00Z")["count"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("since", "yesterday"),
        ("status", "abc"),
        ("status", "1000"),
        ("limit", "-1"),
        ("limit", "x"),
        ("limit", str(2**63)),
        ("operation", "\x00"),
        ("project_id", "a\x00"),
    ],
)
def test_bad_filters_are_refused_in_the_clouds_envelope(
    http: httpx.Client, name: str, value: str
) -> None:
    response = http.get("/_mockelb/requests", params={name: value})

    assert_error_response(response, 400, INVALID_INPUT, name)


def test_delete_clears_the_journal_and_reset_does_too(
    http: httpx.Client, mockelb: MockElbServer
) -> None:
    http.get(f"{ELB}/pools")
    assert journal(http)["count"] == 1

    response = http.delete("/_mockelb/requests")

    assert response.status_code == 204 and response.content == b""
    assert journal(http)["count"] == 0
    http.get(f"{ELB}/pools")
    mockelb.reset()
    assert journal(http)["count"] == 0


@pytest.fixture(scope="module")
def small_journal() -> Iterator[str]:
    """A server whose journal keeps 3 requests and 16 bytes of each body."""
    with (
        databases.fresh_database() as database_url,
        MockElbServer(
            Settings(database_url=database_url, journal_size=3, journal_body_limit=16)
        ) as server,
    ):
        yield server.url


def test_the_journal_keeps_the_most_recent_requests(small_journal: str) -> None:
    with httpx.Client(base_url=small_journal, headers=AUTH) as http:
        http.delete("/_mockelb/requests")
        for limit in range(1, 6):
            http.get(f"{ELB}/pools", params={"limit": limit})

        body = journal(http)

    assert [record["query"] for record in body["requests"]] == ["limit=3", "limit=4", "limit=5"]
    assert body["count"] == 3


def test_a_body_above_the_limit_is_recorded_cut_as_text(small_journal: str) -> None:
    sent = '{"members": [{"address": "192.168.0.70", "protocol_port": 80}]}'
    with httpx.Client(base_url=small_journal, headers=AUTH) as http:
        http.delete("/_mockelb/requests")
        http.post(BATCH_ADD, content=sent, headers={"Content-Type": "application/json"})

        (record,) = records(http)

    assert record["body"] == sent[:16]


def test_journal_size_0_records_nothing(database_url: str) -> None:
    with (
        MockElbServer(Settings(database_url=database_url, journal_size=0)) as server,
        httpx.Client(base_url=server.url, headers=AUTH) as http,
    ):
        assert http.get(f"{ELB}/pools").status_code == 200

        assert journal(http) == {"requests": [], "count": 0}
