"""The error envelope, the request id on every response, and routing errors.

Every error is exactly {"error_msg", "error_code", "request_id"}; its request_id is 32
lower-case hex and equals the X-Request-Id header, as is the request_id of every success.
Unknown routes and wrong methods are the gateway's 404 APIGW.0101; anything a client can
get wrong in a body or a query is 400 ELB.8902 — never FastAPI's 422 or {"detail": …}.
Fixed hostile input over a real socket: bad bodies on every write change nothing, odd ids
in paths are 404 ELB.8904, null fields and odd query values are never a 500. (Generated
input is test_fuzz.py's.)
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import ShowPoolRequest
from starlette.testclient import TestClient

from mockelb import errors
from mockelb.services import pools as pools_service
from tests import demo, error_codes
from tests.error_codes import API_NOT_FOUND, INVALID_INPUT, NOT_FOUND
from tests.factories import create_health_monitor, listener_state, post_member
from tests.sdk_checks import REQUEST_ID, assert_error_response, assert_ok_response

JSON = {"Content-Type": "application/json"}

ELB = f"/v3/{demo.PROJECT}/elb"
POOLS = f"{ELB}/pools"
LOADBALANCERS = f"{ELB}/loadbalancers"
BATCH_ADD = f"{POOLS}/{demo.POOL}/members/batch-add"
MEMBERS = f"{POOLS}/{demo.POOL}/members"
VALID_MEMBER = {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}


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
    body = assert_error_response(app_client.get(f"{POOLS}/nope"), 404, NOT_FOUND)

    assert body["error_msg"] == "pool nope could not be found."


def test_a_pool_of_another_project_is_not_found(app_client: TestClient) -> None:
    other = "0123456789abcdef0123456789abcdef"

    assert_error_response(app_client.get(f"/v3/{other}/elb/pools/{demo.POOL}"), 404, NOT_FOUND)


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
    assert_error_response(app_client.get(path), 404, API_NOT_FOUND)


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

    assert_error_response(response, 404, API_NOT_FOUND)
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
    assert_error_response(response, 400, INVALID_INPUT)


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
    assert_error_response(response, 400, INVALID_INPUT)


@pytest.mark.parametrize(
    "path",
    [f"{LOADBALANCERS}?limit=abc", f"{MEMBERS}?limit=99999", f"/v1/{demo.PROJECT}/vpcs?limit=x"],
)
def test_a_bad_limit_on_other_lists_is_elb_8902(app_client: TestClient, path: str) -> None:
    assert_error_response(app_client.get(path), 400, INVALID_INPUT)


@pytest.mark.parametrize("query", ["limit=0", "limit=2000", "page_reverse=true", "page_reverse=0"])
def test_good_paging_values_are_accepted(app_client: TestClient, query: str) -> None:
    assert app_client.get(f"{POOLS}?{query}").status_code == 200


def test_the_error_message_names_the_bad_field(app_client: TestClient) -> None:
    body = assert_error_response(
        app_client.post(BATCH_ADD, json={"members": [{**VALID_MEMBER, "weight": "x"}]}),
        400,
        INVALID_INPUT,
    )

    assert "members[0].weight" in body["error_msg"]


# --- the same over a real socket ------------------------------------------------------


def test_over_http_an_unknown_route_is_apigw_0101(http: httpx.Client) -> None:
    assert_error_response(http.get(f"{ELB}/nothing"), 404, API_NOT_FOUND)
    assert_error_response(http.get("/foo"), 404, API_NOT_FOUND)


def test_over_http_a_wrong_method_is_apigw_0101(http: httpx.Client) -> None:
    assert_error_response(
        http.patch(BATCH_ADD, json={"members": [VALID_MEMBER]}), 404, API_NOT_FOUND
    )
    assert_error_response(http.patch(POOLS), 404, API_NOT_FOUND)


def test_over_http_malformed_json_is_elb_8902(http: httpx.Client) -> None:
    response = http.post(BATCH_ADD, content=b'{"members": [', headers=JSON)

    assert_error_response(response, 400, INVALID_INPUT)


def test_over_http_a_wrong_type_is_elb_8902(http: httpx.Client) -> None:
    response = http.post(POOLS, json={"pool": {"protocol": 1}})

    assert_error_response(response, 400, INVALID_INPUT)


def test_over_http_a_bad_limit_is_elb_8902(http: httpx.Client) -> None:
    assert_error_response(http.get(POOLS, params={"limit": "abc"}), 400, INVALID_INPUT)
    assert_error_response(http.get(POOLS, params={"page_reverse": "maybe"}), 400, INVALID_INPUT)


def test_over_http_a_success_carries_its_request_id(http: httpx.Client) -> None:
    response = http.get(POOLS)

    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == response.json()["request_id"]


# --- hostile bodies on every write, over a real socket: 400 and nothing changes -----------


def member_pool_lb_state(http: httpx.Client) -> dict[str, Any]:
    """The members, pools, load balancers and LB's status tree, minus request ids."""
    out = {}
    for path, key in (
        ("/members", "members"),
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
    ):
        out[key] = http.get(ELB + path, headers=JSON).json()[key]
    out["status"] = http.get(f"{LOADBALANCERS}/{demo.LB}/statuses", headers=JSON).json()["statuses"]
    return out


LISTENER_MONITOR_WRITES = [
    ("POST", "/listeners", "listener"),
    ("PUT", f"/listeners/{demo.LISTENER}", "listener"),
    ("POST", "/healthmonitors", "healthmonitor"),
    ("PUT", "/healthmonitors/{monitor}", "healthmonitor"),
]
BAD_BODIES: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("null", b"null"),
    ("array", b"[]"),
    ("string", b'"x"'),
    ("bad json", b"{bad"),
    ("not utf-8", b"\xff\xfe"),
    ("empty object", b"{}"),
    ("null wrapper", b'{"%(key)s": null}'),
    ("list wrapper", b'{"%(key)s": []}'),
    ("int wrapper", b'{"%(key)s": 7}'),
    ("unknown top-level", b'{"%(key)s": {"name": "x"}, "extra": 1}'),
    ("nan", b'{"%(key)s": {"delay": NaN, "keepalive_timeout": NaN}}'),
    ("huge int", b'{"%(key)s": {"delay": 99999999999999999999999, "name": "x"}}'),
    ("huge float", b'{"%(key)s": {"delay": 1e400, "keepalive_timeout": 1e400}}'),
]


@pytest.mark.parametrize(("method", "path", "key"), LISTENER_MONITOR_WRITES)
@pytest.mark.parametrize(("label", "raw"), BAD_BODIES, ids=[label for label, _ in BAD_BODIES])
def test_hostile_bodies_are_400_and_change_nothing(
    elb: Any, http: httpx.Client, method: str, path: str, key: str, label: str, raw: bytes
) -> None:
    monitor = create_health_monitor(elb, type="HTTP")
    path = path.replace("{monitor}", monitor.id)
    content = raw.replace(b"%(key)s", key.encode())
    before = listener_state(http)
    response = http.request(method, ELB + path, content=content, headers=JSON)
    assert_error_response(response, 400, INVALID_INPUT)
    assert "detail" not in response.json()
    assert listener_state(http) == before


HOSTILE_BODIES = [
    b"",
    b"null",
    b"true",
    b"123",
    b'"s"',
    b"[]",
    b"{}",
    b"{bad json",
    b'{"x": 1}',
    b"\xff\xfe",
]


@pytest.mark.parametrize("raw", HOSTILE_BODIES)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"/pools/{demo.POOL}/members"),
        ("PUT", f"/pools/{demo.POOL}/members/MEMBER"),
        ("POST", f"/pools/{demo.POOL}/members/batch-delete"),
        ("POST", f"/pools/{demo.POOL}/members/batch-update"),
        ("POST", "/pools"),
        ("PUT", f"/pools/{demo.POOL}"),
        ("POST", "/pools/batch-delete"),
        ("PUT", f"/loadbalancers/{demo.LB}"),
    ],
)
def test_hostile_bodies(http: httpx.Client, method: str, path: str, raw: bytes) -> None:
    member = post_member(http, "192.168.0.20")
    path = path.replace("MEMBER", member["id"])
    before = member_pool_lb_state(http)
    resp = http.request(method, ELB + path, content=raw, headers=JSON)
    assert_error_response(resp, 400, INVALID_INPUT)
    assert member_pool_lb_state(http) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            f"/pools/{demo.POOL}/members",
            {
                "member": {
                    "address": "192.168.0.30",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET,
                    "weight": None,
                }
            },
        ),
        (
            f"/pools/{demo.POOL}/members",
            {
                "member": {
                    "address": "192.168.0.30",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET,
                    "name": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": demo.LB,
                    "session_persistence": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": demo.LB,
                    "slow_start": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": demo.LB,
                    "name": None,
                }
            },
        ),
    ],
)
def test_nulls_never_500(http: httpx.Client, path: str, body: dict[str, Any]) -> None:
    resp = http.post(ELB + path, json=body)
    assert resp.status_code in (201, 400), resp.text
    if resp.status_code == 400:
        assert_error_response(resp, 400, INVALID_INPUT)
    else:
        assert "detail" not in resp.json()


# --- odd ids in paths, over a real socket: 404 --------------------------------------------

LISTENER_MONITOR_ODD_IDS = [
    "nope",
    "%20",
    "a" * 300,
    "..",
    "0b11747a-b139-492f-9692-2df0b1c87199",
    "%E2%98%83",
    "1;DROP",
]


@pytest.mark.parametrize("odd", LISTENER_MONITOR_ODD_IDS)
@pytest.mark.parametrize(
    ("method", "template", "kind"),
    [
        ("GET", "/listeners/{}", "listener"),
        ("PUT", "/listeners/{}", "listener"),
        ("DELETE", "/listeners/{}", "listener"),
        ("DELETE", "/listeners/{}/force", "listener"),
        ("GET", "/healthmonitors/{}", "healthmonitor"),
        ("PUT", "/healthmonitors/{}", "healthmonitor"),
        ("DELETE", "/healthmonitors/{}", "healthmonitor"),
        ("GET", "/flavors/{}", "flavor"),
    ],
)
def test_odd_ids_are_404(
    http: httpx.Client, odd: str, method: str, template: str, kind: str
) -> None:
    body = {kind: {"name": "x"}} if method == "PUT" else None
    response = http.request(method, ELB + template.format(odd), json=body)
    assert response.status_code in (404, 400), response.text
    if odd == "..":
        return  # the path collapses: routing decides (APIGW.0101)
    message = assert_error_response(response, 404, NOT_FOUND)["error_msg"]
    assert message.startswith(f"{kind} ") and message.endswith(" could not be found.")


POOL_MEMBER_LB_ODD_IDS = ["nope", "%20", "a" * 300, "%E4%B8%AD", "1%00", "x;y", "%2A"]


@pytest.mark.parametrize("odd", POOL_MEMBER_LB_ODD_IDS)
def test_odd_ids_in_paths(http: httpx.Client, odd: str) -> None:
    calls = [
        ("GET", f"/pools/{odd}"),
        ("PUT", f"/pools/{odd}"),
        ("DELETE", f"/pools/{odd}"),
        ("DELETE", f"/pools/{odd}/delete-cascade"),
        ("GET", f"/pools/{odd}/members"),
        ("GET", f"/pools/{demo.POOL}/members/{odd}"),
        ("PUT", f"/pools/{demo.POOL}/members/{odd}"),
        ("DELETE", f"/pools/{demo.POOL}/members/{odd}"),
        ("POST", f"/pools/{odd}/members/batch-delete"),
        ("POST", f"/pools/{odd}/members/batch-update"),
        ("GET", f"/loadbalancers/{odd}"),
        ("PUT", f"/loadbalancers/{odd}"),
        ("DELETE", f"/loadbalancers/{odd}"),
        ("GET", f"/loadbalancers/{odd}/statuses"),
        ("POST", f"/loadbalancers/{odd}/delete-cascade"),
    ]
    for method, path in calls:
        body: Any = None
        if method == "PUT":
            key = (
                "member"
                if "/members/" in path
                else ("pool" if path.startswith("/pools") else "loadbalancer")
            )
            body = {key: {"name": "x"}}
        elif method == "POST":
            body = {"members": [{"id": "x"}]} if "members" in path else {}
        resp = http.request(method, ELB + path, json=body, headers=JSON)
        assert resp.status_code in (400, 404), (method, path, resp.status_code, resp.text)
        assert_error_response(
            resp, resp.status_code, NOT_FOUND if resp.status_code == 404 else INVALID_INPUT
        )


# --- odd query values, over a real socket: ignored or 400, never 500 ---------------------


@pytest.mark.parametrize(
    "path",
    [
        "/listeners",
        "/healthmonitors",
        "/flavors",
        "/availability-zones",
        "/quotas",
        "/quotas/details",
    ],
)
def test_list_reads_answer_with_request_id(http: httpx.Client, path: str) -> None:
    assert_ok_response(http.get(ELB + path, params={"unknown_filter": "1"}))


@pytest.mark.slow
@pytest.mark.fuzz
def test_unknown_query_values_never_500(http: httpx.Client) -> None:
    post_member(http, "192.168.0.20")
    weird = ["", "x", "-1", "99999999999999999999999", "true", "é中", "a" * 3000, "enable=", "="]
    for path, key in (
        (f"/pools/{demo.POOL}/members", "members"),
        ("/members", "members"),
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
    ):
        for param in (
            "name",
            "weight",
            "protocol_port",
            "admin_state_up",
            "id",
            "az_affinity",
            "pool_health",
            "quic_cid_len",
        ):
            for value in weird:
                resp = http.get(ELB + path, params={param: value}, headers=JSON)
                assert resp.status_code in (200, 400), (path, param, value, resp.text)
                if resp.status_code == 400:
                    assert_error_response(resp, 400, INVALID_INPUT, param)
                else:
                    assert key in resp.json()


# --- through the official SDK ---------------------------------------------------------


def test_the_sdk_raises_client_request_exception_for_a_missing_pool(elb: Any) -> None:
    with pytest.raises(ClientRequestException) as caught:
        elb.show_pool(ShowPoolRequest(pool_id="nope"))

    error = caught.value
    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == "pool nope could not be found."
    assert isinstance(error.request_id, str)
    assert REQUEST_ID.fullmatch(error.request_id)


# --- the tests' table of error codes agrees with mockelb's error classes -------------------

ERROR_CLASSES: dict[str, tuple[type[errors.ElbError], ...]] = {
    "INVALID_INPUT": (errors.InvalidInput, errors.InvalidRequest, errors.UnrecognizedAttributes),
    "NOT_FOUND": (errors.NotFound,),
    "QUOTA_EXCEEDED": (errors.QuotaExceeded,),
    "CONFLICT": (errors.Conflict,),
    "IP_MEMBER_PROTOCOL_NOT_SUPPORTED": (errors.IpMemberProtocolNotSupported,),
    "IP_TARGET_NOT_ENABLED": (errors.IpTargetNotEnabled,),
    "API_NOT_FOUND": (errors.ApiNotFound,),
    "GATEWAY_REQUEST_ERROR": (
        errors.GatewayRequestError,
        errors.RequestTimeout,
        errors.RequestEntityTooLarge,
        errors.RequestUriTooLarge,
        errors.RequestHeadersTooLarge,
    ),
    "AUTHENTICATION_FAILED": (errors.AuthenticationFailed, errors.AdminTokenRequired),
    "INTERNAL_ERROR": (errors.InternalError,),
    "PROJECT_MISMATCH": (errors.ProjectMismatch, errors.CredentialProjectMismatch),
}


def _subclasses(cls: type[errors.ElbError]) -> set[type[errors.ElbError]]:
    found = set(cls.__subclasses__())
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


def test_the_error_code_table_agrees_with_mockelbs_errors() -> None:
    table = {name: value for name, value in vars(error_codes).items() if name.isupper()}

    # codes no error class carries: a batch-delete ret_code, a fault rule's 429 default
    assert set(table) == set(ERROR_CLASSES) | {"BATCH_DELETE_NOT_FOUND", "THROTTLED"}
    for name, classes in ERROR_CLASSES.items():
        for cls in classes:
            assert cls.error_code == table[name], (name, cls.__name__)
    assert pools_service.NOT_FOUND_CODE == error_codes.BATCH_DELETE_NOT_FOUND
    # every error mockelb can answer with is in the table
    named = {cls for classes in ERROR_CLASSES.values() for cls in classes}
    assert _subclasses(errors.ElbError) - named == set()
