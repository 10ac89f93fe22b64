"""The error envelope, the request id on every response, and routing errors.

Every error is exactly {"error_msg", "error_code", "request_id"}; its request_id is 32
lower-case hex and equals the X-Request-Id header, as is the request_id of every success.
Unknown routes and wrong methods are the gateway's 404 APIGW.0101; anything a client can
get wrong in a body or a query is 400 ELB.8902 — never FastAPI's 422 or {"detail": …}.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import httpx2
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import ShowPoolRequest
from starlette.testclient import TestClient

from tests import demo

REQUEST_ID = re.compile(r"[0-9a-f]{32}")
ERROR_KEYS = {"error_msg", "error_code", "request_id"}
JSON = {"Content-Type": "application/json"}

ELB = f"/v3/{demo.PROJECT}/elb"
POOLS = f"{ELB}/pools"
LOADBALANCERS = f"{ELB}/loadbalancers"
BATCH_ADD = f"{POOLS}/{demo.POOL}/members/batch-add"
MEMBERS = f"{POOLS}/{demo.POOL}/members"
VALID_MEMBER = {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}


def assert_error(
    response: httpx.Response | httpx2.Response, status: int, code: str
) -> dict[str, Any]:
    """The response is the cloud's error envelope with this status and code, nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict)
    assert set(body) == ERROR_KEYS, body
    assert "detail" not in body
    assert body["error_code"] == code
    assert isinstance(body["error_msg"], str) and body["error_msg"]
    assert REQUEST_ID.fullmatch(body["request_id"]), body["request_id"]
    assert response.headers["X-Request-Id"] == body["request_id"]
    return body


# --- success responses carry the request id too -------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        POOLS,
        f"{POOLS}/{demo.POOL}",
        MEMBERS,
        LOADBALANCERS,
        f"{LOADBALANCERS}/{demo.LB}",
        f"{ELB}/availability-zones",
        f"/v1/{demo.PROJECT}/vpcs",
        f"/v1/{demo.PROJECT}/vpcs/{demo.VPC}",
        f"/v1/{demo.PROJECT}/subnets",
        f"/v1/{demo.PROJECT}/subnets/{demo.SUBNET_VPC_ID}",
        "/_mockelb/health",
    ],
)
def test_every_successful_get_carries_its_request_id_in_body_and_header(
    app_client: TestClient, path: str
) -> None:
    response = app_client.get(path)

    assert response.status_code == 200, response.text
    body = response.json()
    assert REQUEST_ID.fullmatch(body["request_id"])
    assert response.headers["X-Request-Id"] == body["request_id"]


def test_a_created_response_carries_its_request_id_in_body_and_header(
    app_client: TestClient,
) -> None:
    response = app_client.post(BATCH_ADD, json={"members": [VALID_MEMBER]})

    assert response.status_code == 201, response.text
    body = response.json()
    assert REQUEST_ID.fullmatch(body["request_id"])
    assert response.headers["X-Request-Id"] == body["request_id"]


def test_a_no_content_response_carries_a_request_id_header(app_client: TestClient) -> None:
    response = app_client.delete(f"{POOLS}/{demo.POOL_STANDALONE}")

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert REQUEST_ID.fullmatch(response.headers["X-Request-Id"])


def test_the_admin_reset_carries_its_request_id_in_body_and_header(
    app_client: TestClient,
) -> None:
    response = app_client.post("/_mockelb/reset")

    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == response.json()["request_id"]


def test_every_request_gets_a_new_request_id(app_client: TestClient) -> None:
    ids = [app_client.get(POOLS).headers["X-Request-Id"] for _ in range(5)]
    ids += [app_client.get(f"{POOLS}/nope").headers["X-Request-Id"] for _ in range(5)]

    assert len(set(ids)) == len(ids)
    assert all(REQUEST_ID.fullmatch(request_id) for request_id in ids)


# --- not found --------------------------------------------------------------------------


def test_a_missing_resource_is_elb_8904_in_the_envelope(app_client: TestClient) -> None:
    body = assert_error(app_client.get(f"{POOLS}/nope"), 404, "ELB.8904")

    assert body["error_msg"] == "pool nope could not be found."


def test_a_pool_of_another_project_is_not_found(app_client: TestClient) -> None:
    other = "0123456789abcdef0123456789abcdef"

    assert_error(app_client.get(f"/v3/{other}/elb/pools/{demo.POOL}"), 404, "ELB.8904")


@pytest.mark.parametrize(
    "path",
    [
        f"{ELB}/nothing",
        "/foo",
        f"{POOLS}/",  # the cloud publishes each path once: no trailing-slash redirect
        "/",
        "/v3",
        f"/v3/{demo.PROJECT}",
        f"/v3/{demo.PROJECT}/nothing/pools",
        f"/v2/{demo.PROJECT}/elb/pools",
        f"{MEMBERS}/some-member/extra",
        f"{POOLS}/{demo.POOL}/nothing",
        f"/v1/{demo.PROJECT}/ports",
        "/_mockelb/nothing",
    ],
)
def test_an_unknown_route_is_apigw_0101(app_client: TestClient, path: str) -> None:
    assert_error(app_client.get(path), 404, "APIGW.0101")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", BATCH_ADD),
        ("PATCH", POOLS),
        ("PUT", POOLS),
        ("DELETE", POOLS),
        ("POST", f"{POOLS}/{demo.POOL}"),
        ("PATCH", f"{POOLS}/{demo.POOL}"),
        ("PUT", LOADBALANCERS),
        ("DELETE", LOADBALANCERS),
        ("POST", f"{LOADBALANCERS}/{demo.LB}"),
        ("PATCH", MEMBERS),
        ("PUT", MEMBERS),
        ("DELETE", MEMBERS),
        ("POST", f"{ELB}/availability-zones"),
        ("POST", f"/v1/{demo.PROJECT}/vpcs"),
        ("DELETE", f"/v1/{demo.PROJECT}/subnets/{demo.SUBNET_VPC_ID}"),
        ("POST", "/_mockelb/health"),
        ("GET", "/_mockelb/reset"),
    ],
)
def test_a_wrong_method_on_a_known_path_is_apigw_0101(
    app_client: TestClient, method: str, path: str
) -> None:
    response = app_client.request(method, path, json={"members": [VALID_MEMBER]})

    assert_error(response, 404, "APIGW.0101")
    assert "allow" not in response.headers  # not Starlette's 405


def test_a_wrong_method_leaves_the_pool_untouched(app_client: TestClient) -> None:
    app_client.patch(BATCH_ADD, json={"members": [VALID_MEMBER]})

    assert app_client.get(MEMBERS).json()["members"] == []


# --- bad input: 400 ELB.8902, never 422 -------------------------------------------------

LONG = "x" * 256

# bodies every POST endpoint must refuse
GENERIC_BAD_BODIES: list[tuple[str, bytes]] = [
    ("not-json", b"{"),
    ("truncated", b'{"members": [{"address": "1.2.3.4"'),
    ("trailing-comma", b'{"a": 1,}'),
    ("single-quotes", b"{'a': 1}"),
    ("empty", b""),
    ("whitespace", b"   \n"),
    ("null", b"null"),
    ("array", b"[]"),
    ("string", b'"body"'),
    ("number", b"42"),
    ("true", b"true"),
    ("nan", b"NaN"),
    ("empty-object", b"{}"),
    ("unknown-top-level", b'{"unknown": 1}'),
    ("not-utf8", b"\xff\xfe\x00{"),
    ("lone-surrogate", b'{"x": "\\ud800"}'),
]

BATCH_ADD_BAD_BODIES: list[tuple[str, Any]] = [
    ("members-null", {"members": None}),
    ("members-object", {"members": {"address": "1.2.3.4"}}),
    ("members-string", {"members": "192.168.0.48"}),
    ("members-empty", {"members": []}),
    ("members-201", {"members": [{**VALID_MEMBER, "protocol_port": p} for p in range(1, 202)]}),
    ("member-null", {"members": [None]}),
    ("member-list", {"members": [["192.168.0.48", 80]]}),
    ("address-missing", {"members": [{"protocol_port": 80, "subnet_cidr_id": demo.SUBNET}]}),
    ("address-number", {"members": [{**VALID_MEMBER, "address": 3232235568}]}),
    ("address-empty", {"members": [{**VALID_MEMBER, "address": ""}]}),
    ("port-string", {"members": [{**VALID_MEMBER, "protocol_port": "8080"}]}),
    ("port-bool", {"members": [{**VALID_MEMBER, "protocol_port": True}]}),
    ("port-float", {"members": [{**VALID_MEMBER, "protocol_port": 80.5}]}),
    ("port-too-big", {"members": [{**VALID_MEMBER, "protocol_port": 65536}]}),
    ("port-negative", {"members": [{**VALID_MEMBER, "protocol_port": -1}]}),
    ("port-huge", {"members": [{**VALID_MEMBER, "protocol_port": 10**30}]}),
    ("port-object", {"members": [{**VALID_MEMBER, "protocol_port": {}}]}),
    ("weight-string", {"members": [{**VALID_MEMBER, "weight": "1"}]}),
    ("weight-negative", {"members": [{**VALID_MEMBER, "weight": -1}]}),
    ("weight-too-big", {"members": [{**VALID_MEMBER, "weight": 101}]}),
    ("name-number", {"members": [{**VALID_MEMBER, "name": 7}]}),
    ("name-too-long", {"members": [{**VALID_MEMBER, "name": LONG}]}),
    ("subnet-number", {"members": [{**VALID_MEMBER, "subnet_cidr_id": 1}]}),
    ("subnet-too-long", {"members": [{**VALID_MEMBER, "subnet_cidr_id": "s" * 37}]}),
    ("unknown-member-field", {"members": [{**VALID_MEMBER, "colour": "blue"}]}),
    ("unknown-beside-members", {"members": [VALID_MEMBER], "extra": True}),
    ("second-member-bad", {"members": [VALID_MEMBER, {**VALID_MEMBER, "weight": "x"}]}),
]

POOL_BAD_BODIES: list[tuple[str, Any]] = [
    ("pool-null", {"pool": None}),
    ("pool-list", {"pool": []}),
    ("pool-string", {"pool": "TCP"}),
    ("protocol-missing", {"pool": {"lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB}}),
    ("protocol-number", {"pool": {"protocol": 1, "loadbalancer_id": demo.LB}}),
    ("protocol-lower-case", {"pool": {"protocol": "tcp", "loadbalancer_id": demo.LB}}),
    ("protocol-unknown", {"pool": {"protocol": "SCTP", "loadbalancer_id": demo.LB}}),
    ("algorithm-number", {"pool": {"protocol": "TCP", "lb_algorithm": 3, "loadbalancer_id": "x"}}),
    ("admin-state-string", {"pool": {"protocol": "TCP", "admin_state_up": "true"}}),
    ("name-too-long", {"pool": {"protocol": "TCP", "name": LONG, "loadbalancer_id": demo.LB}}),
    ("loadbalancer-id-number", {"pool": {"protocol": "TCP", "loadbalancer_id": 5}}),
    ("slow-start-string", {"pool": {"protocol": "HTTP", "slow_start": {"duration": "60"}}}),
    ("persistence-type-number", {"pool": {"protocol": "TCP", "session_persistence": {"type": 1}}}),
    ("unknown-pool-field", {"pool": {"protocol": "TCP", "loadbalancer_id": demo.LB, "x": 1}}),
    ("unknown-beside-pool", {"pool": {"protocol": "TCP", "loadbalancer_id": demo.LB}, "x": 1}),
]

LOADBALANCER_BAD_BODIES: list[tuple[str, Any]] = [
    ("loadbalancer-null", {"loadbalancer": None}),
    ("loadbalancer-list", {"loadbalancer": ["x"]}),
    ("azs-missing", {"loadbalancer": {"vpc_id": demo.VPC}}),
    ("azs-string", {"loadbalancer": {"availability_zone_list": "cn-north-4a"}}),
    ("azs-empty", {"loadbalancer": {"availability_zone_list": []}}),
    ("azs-numbers", {"loadbalancer": {"availability_zone_list": [1]}}),
    (
        "ip-target-string",
        {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "ip_target_enable": "yes"}},
    ),
    ("name-number", {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "name": 5}}),
    (
        "tag-key-number",
        {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "tags": [{"key": 1}]}},
    ),
    (
        "guaranteed-string",
        {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "guaranteed": "1"}},
    ),
    ("unknown-field", {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "colour": "red"}}),
]


def _bad_cases() -> list[Any]:
    cases: list[Any] = []
    for path, name in ((BATCH_ADD, "batch-add"), (POOLS, "pools"), (LOADBALANCERS, "lbs")):
        cases += [pytest.param(path, raw, id=f"{name}-{case}") for case, raw in GENERIC_BAD_BODIES]
    for path, name, bodies in (
        (BATCH_ADD, "batch-add", BATCH_ADD_BAD_BODIES),
        (POOLS, "pools", POOL_BAD_BODIES),
        (LOADBALANCERS, "lbs", LOADBALANCER_BAD_BODIES),
    ):
        cases += [
            pytest.param(path, httpx.Request("POST", "/", json=body).read(), id=f"{name}-{case}")
            for case, body in bodies
        ]
    return cases


@pytest.mark.parametrize(("path", "raw"), _bad_cases())
def test_a_bad_body_is_elb_8902_never_422(app_client: TestClient, path: str, raw: bytes) -> None:
    response = app_client.post(path, content=raw, headers=JSON)

    assert response.status_code != 422
    assert_error(response, 400, "ELB.8902")


def test_a_refused_batch_writes_nothing(app_client: TestClient) -> None:
    for _case, body in BATCH_ADD_BAD_BODIES:
        app_client.post(BATCH_ADD, json=body)

    assert app_client.get(MEMBERS).json()["members"] == []


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=5000",
        "limit=2001",
        "limit=-1",
        "limit=1.5",
        "limit=",
        "page_reverse=maybe",
        "page_reverse=2",
        "marker=not-a-pool-id",
    ],
)
def test_a_bad_query_on_the_pool_list_is_elb_8902(app_client: TestClient, query: str) -> None:
    response = app_client.get(f"{POOLS}?{query}")

    assert response.status_code != 422
    assert_error(response, 400, "ELB.8902")


@pytest.mark.parametrize(
    "path",
    [f"{LOADBALANCERS}?limit=abc", f"{MEMBERS}?limit=99999", f"/v1/{demo.PROJECT}/vpcs?limit=x"],
)
def test_a_bad_limit_on_other_lists_is_elb_8902(app_client: TestClient, path: str) -> None:
    assert_error(app_client.get(path), 400, "ELB.8902")


@pytest.mark.parametrize("query", ["limit=0", "limit=2000", "page_reverse=true", "page_reverse=0"])
def test_good_paging_values_are_accepted(app_client: TestClient, query: str) -> None:
    assert app_client.get(f"{POOLS}?{query}").status_code == 200


def test_the_error_message_names_the_bad_field(app_client: TestClient) -> None:
    body = assert_error(
        app_client.post(BATCH_ADD, json={"members": [{**VALID_MEMBER, "weight": "x"}]}),
        400,
        "ELB.8902",
    )

    assert "members[0].weight" in body["error_msg"]


# --- the same over a real socket ------------------------------------------------------


def test_over_http_an_unknown_route_is_apigw_0101(http: httpx.Client) -> None:
    assert_error(http.get(f"{ELB}/nothing"), 404, "APIGW.0101")
    assert_error(http.get("/foo"), 404, "APIGW.0101")


def test_over_http_a_wrong_method_is_apigw_0101(http: httpx.Client) -> None:
    assert_error(http.patch(BATCH_ADD, json={"members": [VALID_MEMBER]}), 404, "APIGW.0101")
    assert_error(http.patch(POOLS), 404, "APIGW.0101")


def test_over_http_malformed_json_is_elb_8902(http: httpx.Client) -> None:
    response = http.post(BATCH_ADD, content=b'{"members": [', headers=JSON)

    assert_error(response, 400, "ELB.8902")


def test_over_http_a_wrong_type_is_elb_8902(http: httpx.Client) -> None:
    response = http.post(POOLS, json={"pool": {"protocol": 1}})

    assert_error(response, 400, "ELB.8902")


def test_over_http_a_bad_limit_is_elb_8902(http: httpx.Client) -> None:
    assert_error(http.get(POOLS, params={"limit": "abc"}), 400, "ELB.8902")
    assert_error(http.get(POOLS, params={"page_reverse": "maybe"}), 400, "ELB.8902")


def test_over_http_a_success_carries_its_request_id(http: httpx.Client) -> None:
    response = http.get(POOLS)

    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == response.json()["request_id"]


# --- through the official SDK ---------------------------------------------------------


def test_the_sdk_raises_client_request_exception_for_a_missing_pool(elb: Any) -> None:
    with pytest.raises(ClientRequestException) as caught:
        elb.show_pool(ShowPoolRequest(pool_id="nope"))

    error = caught.value
    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == "pool nope could not be found."
    assert isinstance(error.request_id, str)
    assert REQUEST_ID.fullmatch(error.request_id)
