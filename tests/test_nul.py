"""NUL characters in what a client sends: a clean 4xx on every engine, never a 500.

PostgreSQL refuses NUL in text (psycopg raises DataError) and SQLite would store it, so the
request is checked where it is parsed and both engines answer alike:
* a resource id in the path: the 404 ELB.8904 any unknown id gets ("pool … could not be
  found."), the id named as sent;
* the project id in the path: 400 ELB.8902 naming project_id;
* a query value: 400 ELB.8902 naming the key;
* a JSON string (or key) with \\u0000: 400 ELB.8902 naming the field.
get_session turns any DataError that still reaches the database into a 400 (the backstop).

These run on the suite's engine (`--database-url postgresql+psycopg://…` for PostgreSQL).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

from mockelb.services import pools as pool_service
from mockelb.validation import reject_nul_characters
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.sdk_checks import assert_error_response
from tests.serve import served

ELB = f"/v3/{demo.PROJECT}/elb"
VPC = f"/v1/{demo.PROJECT}"
BATCH_ADD = f"{ELB}/pools/{demo.POOL}/members/batch-add"
JSON = {"Content-Type": "application/json"}
NUL_ID = "d0c5\x00e1"
NUL_IN_URL = "d0c5%00e1"

# (method, path with {id}, body, the kind its not-found message names)
PATH_IDS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("GET", f"{ELB}/pools/{{id}}", None, "pool"),
    ("PUT", f"{ELB}/pools/{{id}}", {"pool": {"name": "renamed"}}, "pool"),
    ("DELETE", f"{ELB}/pools/{{id}}", None, "pool"),
    ("GET", f"{ELB}/pools/{{id}}/members", None, "pool"),
    ("POST", f"{ELB}/pools/{{id}}/members/batch-add", None, "pool"),
    ("GET", f"{ELB}/pools/{demo.POOL}/members/{{id}}", None, "member"),
    ("DELETE", f"{ELB}/pools/{demo.POOL}/members/{{id}}", None, "member"),
    ("GET", f"{ELB}/loadbalancers/{{id}}", None, "loadbalancer"),
    ("GET", f"{ELB}/loadbalancers/{{id}}/statuses", None, "loadbalancer"),
    ("DELETE", f"{ELB}/loadbalancers/{{id}}", None, "loadbalancer"),
    ("GET", f"{ELB}/listeners/{{id}}", None, "listener"),
    ("DELETE", f"{ELB}/listeners/{{id}}/force", None, "listener"),
    ("GET", f"{ELB}/healthmonitors/{{id}}", None, "healthmonitor"),
    ("GET", f"{ELB}/certificates/{{id}}", None, "certificate"),
    ("PUT", f"{ELB}/certificates/{{id}}", {"certificate": {"name": "n"}}, "certificate"),
    ("GET", f"{ELB}/l7policies/{{id}}", None, "l7policy"),
    ("DELETE", f"{ELB}/l7policies/{{id}}/rules/{demo.UNKNOWN_ID}", None, "l7policy"),
    ("GET", f"{ELB}/flavors/{{id}}", None, "flavor"),
    ("GET", f"{VPC}/vpcs/{{id}}", None, "vpc"),
    ("GET", f"{VPC}/subnets/{{id}}", None, "subnet"),
]

BATCH_ADD_BODY = {
    "members": [{"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}]
}


def _body(path: str, body: dict[str, Any] | None) -> bytes | None:
    if path.endswith("batch-add"):
        body = BATCH_ADD_BODY
    return json.dumps(body).encode() if body is not None else None


@pytest.mark.parametrize(
    ("method", "path", "body", "kind"),
    [pytest.param(*case, id=f"{case[0]} {case[1].split('/elb')[-1]}") for case in PATH_IDS],
)
def test_a_path_id_with_nul_is_not_found_like_any_unknown_id(
    app_client: TestClient, method: str, path: str, body: dict[str, Any] | None, kind: str
) -> None:
    content = _body(path, body)
    unknown = app_client.request(method, path.format(id="d0c5-e1"), content=content, headers=JSON)
    with_nul = app_client.request(method, path.format(id=NUL_IN_URL), content=content, headers=JSON)

    expected = assert_error_response(unknown, 404, NOT_FOUND)
    error = assert_error_response(with_nul, 404, NOT_FOUND)
    assert expected["error_msg"] == f"{kind} d0c5-e1 could not be found."
    assert error["error_msg"] == f"{kind} {NUL_ID} could not be found."


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_project_id_with_nul_is_invalid_input(app_client: TestClient, method: str) -> None:
    response = app_client.request(
        method, f"/v3/{NUL_IN_URL}/elb/pools", content=b'{"pool": {}}', headers=JSON
    )

    error = assert_error_response(response, 400, INVALID_INPUT)
    assert "'project_id'" in error["error_msg"]
    assert "NUL" in error["error_msg"]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (f"{ELB}/pools?name=a%00b", "name"),
        (f"{ELB}/pools?listener_id=a,b%00", "listener_id"),  # a csv filter
        (f"{ELB}/pools?id={demo.POOL}&id=x%00", "id"),
        (f"{ELB}/pools?marker=a%00", "marker"),
        (f"{ELB}/pools/{demo.POOL}/members?address=192.168.0.1%00", "address"),
        (f"{ELB}/members?name=%00", "name"),
        (f"{ELB}/loadbalancers?vip_address=%00", "vip_address"),
        (f"{ELB}/listeners?protocol=TCP%00", "protocol"),
        (f"{ELB}/healthmonitors?type=%00", "type"),
        (f"{ELB}/flavors?name=%00", "name"),
        (f"{ELB}/availability-zones?loadbalancer_id=%00", "loadbalancer_id"),
        (f"{VPC}/subnets?vpc_id=%00", "vpc_id"),
        (f"{VPC}/vpcs?marker=%00", "marker"),
    ],
)
def test_a_query_value_with_nul_is_invalid_input_naming_the_key(
    app_client: TestClient, path: str, key: str
) -> None:
    error = assert_error_response(app_client.get(path), 400, INVALID_INPUT)
    assert (
        error["error_msg"]
        == f"Invalid input for '{key}': it must not contain NUL (\\u0000) characters."
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        (
            "POST",
            BATCH_ADD,
            {
                "members": [
                    BATCH_ADD_BODY["members"][0],
                    {**BATCH_ADD_BODY["members"][0], "name": "a\0"},
                ]
            },
            "members[1].name",
        ),
        (
            "POST",
            BATCH_ADD,
            {"members": [{**BATCH_ADD_BODY["members"][0], "subnet_cidr_id": f"{demo.SUBNET}\0"}]},
            "members[0].subnet_cidr_id",
        ),
        (
            "POST",
            f"{ELB}/pools",
            {"pool": {"description": "\0", "protocol": "TCP"}},
            "pool.description",
        ),
        ("PUT", f"{ELB}/pools/{demo.POOL}", {"pool": {"name": "x\0y"}}, "pool.name"),
        ("POST", f"{ELB}/pools/batch-delete", {"pools": [demo.POOL, "\0"]}, "pools[1]"),
        ("POST", f"{ELB}/pools", {"pool": {"na\0me": "x"}}, "pool.na\0me"),
        ("POST", f"{ELB}/loadbalancers", {"loadbalancer": {"vpc_id": "\0"}}, "loadbalancer.vpc_id"),
        ("PUT", f"{ELB}/listeners/{demo.LISTENER}", {"listener": {"name": "\0"}}, "listener.name"),
        (
            "POST",
            f"{ELB}/healthmonitors",
            {"healthmonitor": {"pool_id": "\0"}},
            "healthmonitor.pool_id",
        ),
    ],
)
def test_a_json_string_with_nul_is_invalid_input_naming_the_field(
    app_client: TestClient, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    content = json.dumps(body).encode()
    assert b"\\u0000" in content

    response = app_client.request(method, path, content=content, headers=JSON)

    error = assert_error_response(response, 400, INVALID_INPUT)
    assert (
        error["error_msg"]
        == f"Invalid input for '{field}': it must not contain NUL (\\u0000) characters."
    )


def test_an_escaped_backslash_before_u0000_is_no_nul(app_client: TestClient) -> None:
    """`\\\\u0000` in JSON is a backslash and the text u0000: stored as sent."""
    content = b'{"pool": {"name": "\\\\u0000"}}'

    response = app_client.put(f"{ELB}/pools/{demo.POOL}", content=content, headers=JSON)

    assert response.status_code == 200, response.text
    assert response.json()["pool"]["name"] == "\\u0000"


def test_a_database_error_is_a_400_in_the_cloud_envelope(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backstop: whatever the database refuses is the client's error, not a 500."""

    def refused(*args: object, **kwargs: object) -> None:
        raise DataError("SELECT …", {}, ValueError("NUL (0x00) bytes"))

    monkeypatch.setattr(pool_service, "show_pool", refused)

    error = assert_error_response(app_client.get(f"{ELB}/pools/{demo.POOL}"), 400, INVALID_INPUT)
    assert "NUL" in error["error_msg"]


@pytest.mark.postgres
def test_postgresql_refusing_a_nul_is_a_400_without_the_parsers(app_client: TestClient) -> None:
    """With the request checks off, PostgreSQL's own refusal still comes back as a 400."""

    async def allow_all() -> None:
        return None

    app = app_client.app
    assert hasattr(app, "dependency_overrides")
    app.dependency_overrides[reject_nul_characters] = allow_all
    try:
        for response in (
            app_client.get(f"{ELB}/pools/{NUL_IN_URL}"),
            app_client.get(f"{ELB}/pools?name=a%00"),
            app_client.delete(f"/v3/{NUL_IN_URL}/elb/pools/{demo.POOL}"),
        ):
            assert_error_response(response, 400, INVALID_INPUT)
    finally:
        app.dependency_overrides.clear()


@pytest.mark.slow
def test_a_served_mockelb_answers_nul_with_4xx() -> None:
    """The real server on the suite's engine (PostgreSQL with --database-url): no 500."""
    with (
        served() as url,
        httpx.Client(base_url=url, headers={"X-Auth-Token": "t"}, timeout=10) as client,
    ):
        assert_error_response(client.get(f"{ELB}/pools/{NUL_IN_URL}"), 404, NOT_FOUND)
        assert_error_response(client.delete(f"{ELB}/pools/{NUL_IN_URL}"), 404, NOT_FOUND)
        assert_error_response(client.get(f"/v3/{NUL_IN_URL}/elb/pools"), 400, INVALID_INPUT)
        assert_error_response(client.get(f"{ELB}/members?address=%00"), 400, INVALID_INPUT)
        body = {"members": [{**BATCH_ADD_BODY["members"][0], "name": "\0"}]}
        assert_error_response(client.post(BATCH_ADD, json=body), 400, INVALID_INPUT)
        # and the server goes on serving the same pool
        assert client.post(BATCH_ADD, json=BATCH_ADD_BODY).status_code == 201
