"""Acceptance audit (items 5-8): listeners, health monitors, account-level reads, coverage.

Black-box: a real `mockelb serve` subprocess on a free loopback port, driven through the
official SDK (huaweicloudsdkelb) and raw HTTP. Expectations come from the SDK models and
docstrings and /work/shared/reference/elb-api-facts.md, not from mockelb's source.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import model as elb_model
from huaweicloudsdkelb.v3.model import (
    CreateHealthMonitorOption,
    CreateHealthMonitorRequest,
    CreateHealthMonitorRequestBody,
    CreateListenerOption,
    CreateListenerRequest,
    CreateListenerRequestBody,
    CreateMemberOption,
    CreateMemberRequest,
    CreateMemberRequestBody,
    DeleteHealthMonitorRequest,
    DeleteListenerForceRequest,
    DeleteListenerRequest,
    ListApiVersionsRequest,
    ListAvailabilityZonesRequest,
    ListFlavorsRequest,
    ListHealthMonitorsRequest,
    ListListenersRequest,
    ListQuotaDetailsRequest,
    ShowFlavorRequest,
    ShowHealthMonitorRequest,
    ShowListenerRequest,
    ShowMemberRequest,
    ShowQuotaRequest,
    UpdateHealthMonitorOption,
    UpdateHealthMonitorRequest,
    UpdateHealthMonitorRequestBody,
    UpdateListenerOption,
    UpdateListenerRequest,
    UpdateListenerRequestBody,
)

from mockelb.testing import make_elb_client
from tests.serve import served

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
BASE = f"/v3/{PROJECT}/elb"
AUTH = {"X-Auth-Token": "acceptance-token"}

LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"
LB2 = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02"
LISTENER = "0b11747a-b139-492f-9692-2df0b1c87101"
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"
POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"
POOL_DUALSTACK = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b02"
POOL_UDP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b03"
POOL_ANY_PORT = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b04"
POOL_IP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b05"
POOL_HTTP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b06"
POOL_STANDALONE = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b07"
SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"
ECS_1_ADDRESS = "192.168.0.10"
L4_FLAVOR = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01"
L4_FLAVOR_2 = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02"
L7_FLAVOR = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c11"
L7_FLAVOR_2 = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c12"
L7_SOLD_OUT = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c13"
ALL_FLAVORS = [L4_FLAVOR, L4_FLAVOR_2, L7_FLAVOR, L7_FLAVOR_2, L7_SOLD_OUT]
AZS = ["cn-north-4a", "cn-north-4b", "cn-north-4c"]
QUOTA_KEYS = list(elb_model.Quota.openapi_types)[1:]  # without project_id
HEX32 = re.compile(r"^[0-9a-f]{32}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


# ---------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with served("--log-level", "warning") as url:
        yield url


@pytest.fixture
def http(server_url: str) -> Iterator[httpx.Client]:
    """Raw HTTP against a freshly reset server."""
    with httpx.Client(base_url=server_url, headers=AUTH, timeout=10) as client:
        assert client.post("/_mockelb/reset").status_code == 200
        yield client


@pytest.fixture
def elb(http: httpx.Client, server_url: str) -> Any:
    """The official ElbClient (AK/SK signed) against the same freshly reset server."""
    return make_elb_client(server_url, PROJECT)


# ---------------------------------------------------------------- helpers


def _required(model: type) -> set[str]:
    source = inspect.getsource(model.__init__)  # type: ignore[misc]
    return set(re.findall(r"^        self\.(\w+) = \1$", source, re.M))


def _check_value(where: str, value: Any, declared: str) -> None:
    if value is None:
        return
    if declared == "str":
        assert isinstance(value, str), f"{where}: {value!r} is not a string"
    elif declared == "int":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r}"
    elif declared == "bool":
        assert isinstance(value, bool), f"{where}: {value!r} is not a boolean"
    elif declared.startswith("list["):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for index, item in enumerate(value):
            _check_value(f"{where}[{index}]", item, declared[5:-1])
    elif declared.startswith("dict(") or declared == "object":
        pass
    else:
        assert_model(value, getattr(elb_model, declared), where)


def assert_model(body: Any, model: type, where: str = "body") -> None:
    """Every required field of the SDK model present, every present field of the right type."""
    assert isinstance(body, dict), f"{where}: {body!r} is not an object"
    types: dict[str, str] = model.openapi_types  # type: ignore[attr-defined]
    keys: dict[str, str] = model.attribute_map  # type: ignore[attr-defined]
    missing = sorted(keys[name] for name in _required(model) if keys[name] not in body)
    assert not missing, f"{where}: missing {missing}"
    for name, declared in types.items():
        if keys[name] in body:
            _check_value(f"{where}.{keys[name]}", body[keys[name]], declared)


def assert_error(
    response: httpx.Response, status: int, code: str, message: str | None = None
) -> str:
    """The error contract: exact keys, header request id = body request id."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error_msg", "error_code", "request_id"}, body
    assert body["error_code"] == code, body
    assert response.headers.get("X-Request-Id") == body["request_id"]
    assert HEX32.match(body["request_id"])
    if message is not None:
        assert message in body["error_msg"], body
    msg: str = body["error_msg"]
    return msg


def assert_ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert HEX32.match(body["request_id"])
    assert response.headers.get("X-Request-Id") == body["request_id"]
    return body


def sdk_error(call: Callable[[], object]) -> ClientRequestException:
    with pytest.raises(ClientRequestException) as caught:
        call()
    return caught.value


def assert_sdk_error(call: Callable[[], object], status: int, code: str) -> ClientRequestException:
    error = sdk_error(call)
    assert (error.status_code, error.error_code) == (status, code), error
    assert error.request_id and HEX32.match(error.request_id)
    return error


def state(http: httpx.Client) -> str:
    """A fingerprint of listeners, monitors, pools and quota usage (for 'nothing changed')."""
    parts = []
    for path, key in [
        ("/listeners", "listeners"),
        ("/healthmonitors", "healthmonitors"),
        ("/pools", "pools"),
        ("/quotas/details", "quotas"),
    ]:
        parts.append(json.dumps(http.get(BASE + path).json()[key], sort_keys=True))
    return "\n".join(parts)


def create_listener(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"loadbalancer_id": LB, "protocol": "TCP", "protocol_port": 90, **fields}
    created: dict[str, Any] = assert_ok(
        http.post(BASE + "/listeners", json={"listener": body}), 201
    )["listener"]
    return created


def create_monitor(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"pool_id": POOL, "type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3, **fields}
    created: dict[str, Any] = assert_ok(
        http.post(BASE + "/healthmonitors", json={"healthmonitor": body}), 201
    )["healthmonitor"]
    return created


def sdk_create_member(elb: Any, pool_id: str = POOL) -> Any:
    option = CreateMemberOption(address=ECS_1_ADDRESS, protocol_port=80, subnet_cidr_id=SUBNET)
    request = CreateMemberRequest(pool_id=pool_id, body=CreateMemberRequestBody(member=option))
    return elb.create_member(request).member


def sdk_member_status(elb: Any, pool_id: str, member_id: str) -> tuple[str, list[Any]]:
    member = elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id)).member
    return member.operating_status, [(s.listener_id, s.operating_status) for s in member.status]


# ================================================================ 5. listeners


def test_create_listener_tcp_through_sdk_with_documented_defaults(
    elb: Any, http: httpx.Client
) -> None:
    option = CreateListenerOption(loadbalancer_id=LB, protocol="TCP", protocol_port=8080)
    response = elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option)))
    assert response.status_code == 201
    listener = response.listener
    assert (listener.protocol, listener.protocol_port) == ("TCP", 8080)
    assert [ref.id for ref in listener.loadbalancers] == [LB]
    assert listener.keepalive_timeout == 300  # TCP/UDP/IP default
    assert listener.client_timeout is None and listener.member_timeout is None
    assert listener.admin_state_up is True
    assert listener.http2_enable is False
    assert listener.default_pool_id is None
    assert listener.connection_limit == -1
    assert listener.sni_match_algo == "wildcard"
    assert listener.transparent_client_ip_enable is True  # dedicated: true by default
    assert listener.enhance_l7policy_enable is False
    assert listener.project_id == PROJECT
    body = assert_ok(http.get(f"{BASE}/listeners/{listener.id}"))
    assert_model(body, elb_model.ShowListenerResponse)
    shown = body["listener"]
    assert TIMESTAMP.match(shown["created_at"]) and TIMESTAMP.match(shown["updated_at"])
    assert shown["name"] == "" and shown["description"] == ""
    assert shown["sni_container_refs"] == [] and shown["tags"] == []
    assert shown["cps"] == 0 and shown["connection"] == 0  # documented defaults
    assert shown["gzip_enable"] is False and shown["nat64_enable"] is False


def test_create_http_listener_timeouts_default_to_60(elb: Any) -> None:
    option = CreateListenerOption(loadbalancer_id=LB, protocol="HTTP", protocol_port=8080)
    listener = elb.create_listener(
        CreateListenerRequest(CreateListenerRequestBody(option))
    ).listener
    assert (listener.keepalive_timeout, listener.client_timeout, listener.member_timeout) == (
        60,
        60,
        60,
    )


@pytest.mark.parametrize(
    ("protocol", "port", "extra", "status"),
    [
        ("HTTP", 80, {}, 409),  # TCP/HTTP/HTTPS share ports
        ("TCP", 80, {}, 409),
        ("UDP", 80, {}, 201),  # UDP is another family
        ("TCP", 0, {"port_ranges": [{"start_port": 70, "end_port": 90}]}, 409),  # range covers 80
        ("TCP", 0, {"port_ranges": [{"start_port": 81, "end_port": 90}]}, 201),
    ],
)
def test_port_unique_per_load_balancer_and_family(
    http: httpx.Client, protocol: str, port: int, extra: dict[str, Any], status: int
) -> None:
    body = {"loadbalancer_id": LB, "protocol": protocol, "protocol_port": port, **extra}
    response = http.post(BASE + "/listeners", json={"listener": body})
    if status == 201:
        assert_ok(response, 201)
    else:
        assert_error(response, 409, "ELB.8907")


def test_same_port_on_another_load_balancer_is_fine(http: httpx.Client) -> None:
    # LB2 already has TCP:80 too (demo); both LBs may use the same port
    create_listener(http, loadbalancer_id=LB2, protocol="UDP", protocol_port=80)
    listeners = http.get(BASE + "/listeners", params={"protocol_port": 80}).json()["listeners"]
    assert len(listeners) == 3


def test_udp_ports_clash_with_udp(http: httpx.Client) -> None:
    create_listener(
        http, protocol="UDP", protocol_port=0, port_ranges=[{"start_port": 70, "end_port": 90}]
    )
    before = state(http)
    response = http.post(
        BASE + "/listeners",
        json={"listener": {"loadbalancer_id": LB, "protocol": "UDP", "protocol_port": 85}},
    )
    assert_error(response, 409, "ELB.8907")
    assert state(http) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"protocol_port": 65536}, "protocol_port"),
        ({"protocol_port": -1}, "protocol_port"),
        ({"protocol_port": "81"}, "protocol_port"),
        ({"protocol_port": 81.5}, "protocol_port"),
        ({"protocol_port": True}, "protocol_port"),
        ({"protocol_port": 10**30}, "protocol_port"),
        ({"protocol_port": None}, "protocol_port"),
        ({"protocol": "tcp"}, "protocol"),
        ({"protocol": None}, "protocol"),
        ({"loadbalancer_id": None}, "loadbalancer_id"),
        ({"loadbalancer_id": 5}, "loadbalancer_id"),
        ({"keepalive_timeout": 9}, "keepalive_timeout"),  # TCP: 10-4000
        ({"keepalive_timeout": 4001}, "keepalive_timeout"),
        ({"protocol": "HTTP", "keepalive_timeout": -1}, "keepalive_timeout"),
        ({"protocol": "HTTP", "client_timeout": 0}, "client_timeout"),
        ({"protocol": "HTTP", "client_timeout": 301}, "client_timeout"),
        ({"protocol": "HTTP", "member_timeout": 0}, "member_timeout"),
        ({"protocol": "HTTP", "member_timeout": 301}, "member_timeout"),
        ({"client_timeout": 30}, "client_timeout"),  # HTTP/HTTPS only
        ({"member_timeout": 30}, "member_timeout"),
        ({"name": "x" * 256}, "name"),
        ({"name": 5}, "name"),
        ({"admin_state_up": False}, "admin_state_up"),  # only true supported
        ({"http2_enable": "yes"}, "http2_enable"),
        ({"sni_match_algo": "bogus"}, "sni_match_algo"),
        ({"cps": 1000001}, "cps"),
        ({"connection": -1}, "connection"),
        ({"protocol": "HTTPS", "protocol_port": 443}, "default_tls_container_ref"),
        ({"protocol": "TLS", "protocol_port": 443}, "default_tls_container_ref"),
        ({"protocol_port": 0}, "port_ranges"),  # 0 needs port_ranges
        ({"port_ranges": [{"start_port": 100, "end_port": 200}]}, "port_ranges"),  # needs 0
        (
            {"protocol_port": 0, "port_ranges": [{"start_port": 300, "end_port": 200}]},
            "port_ranges",
        ),
        (
            {
                "protocol_port": 0,
                "port_ranges": [
                    {"start_port": 100, "end_port": 200},
                    {"start_port": 150, "end_port": 250},
                ],
            },
            "port_ranges",
        ),
        (
            {
                "protocol_port": 0,
                "port_ranges": [
                    {"start_port": 100 + 2 * i, "end_port": 101 + 2 * i} for i in range(11)
                ],
            },
            "port_ranges",
        ),
        (
            {
                "protocol": "HTTP",
                "protocol_port": 0,
                "port_ranges": [{"start_port": 1, "end_port": 2}],
            },
            "port_ranges",
        ),
        ({"default_pool_id": POOL_HTTP}, "default_pool_id"),  # pool on another LB / protocol
        ({"default_pool_id": POOL_UDP}, "default_pool_id"),
        ({"insert_headers": {"bogus": True}}, "bogus"),
        ({"foo": 1}, "foo"),
    ],
)
def test_create_listener_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    before = state(http)
    body = {"loadbalancer_id": LB, "protocol": "TCP", "protocol_port": 90, **fields}
    message = assert_error(http.post(BASE + "/listeners", json={"listener": body}), 400, "ELB.8902")
    assert field in message
    assert state(http) == before


def test_create_listener_missing_required_fields(http: httpx.Client) -> None:
    for missing in ("loadbalancer_id", "protocol", "protocol_port"):
        body = {"loadbalancer_id": LB, "protocol": "TCP", "protocol_port": 90}
        del body[missing]
        message = assert_error(
            http.post(BASE + "/listeners", json={"listener": body}), 400, "ELB.8902"
        )
        assert missing in message


def test_create_listener_unknown_references_are_404(elb: Any) -> None:
    option = CreateListenerOption(loadbalancer_id="nope", protocol="TCP", protocol_port=90)
    error = assert_sdk_error(
        lambda: elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option))),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "loadbalancer nope could not be found."
    option = CreateListenerOption(
        loadbalancer_id=LB, protocol="TCP", protocol_port=90, default_pool_id="nopool"
    )
    error = assert_sdk_error(
        lambda: elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option))),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "pool nopool could not be found."


def test_default_pool_binds_standalone_pool(elb: Any, http: httpx.Client) -> None:
    option = CreateListenerOption(
        loadbalancer_id=LB, protocol="TCP", protocol_port=90, default_pool_id=POOL_STANDALONE
    )
    listener = elb.create_listener(
        CreateListenerRequest(CreateListenerRequestBody(option))
    ).listener
    assert listener.default_pool_id == POOL_STANDALONE
    pool = http.get(f"{BASE}/pools/{POOL_STANDALONE}").json()["pool"]
    assert pool["loadbalancers"] == [{"id": LB}]
    assert pool["listeners"] == [{"id": listener.id}]
    loadbalancer = http.get(f"{BASE}/loadbalancers/{LB}").json()["loadbalancer"]
    assert {"id": listener.id} in loadbalancer["listeners"]
    assert {"id": POOL_STANDALONE} in loadbalancer["pools"]


def test_show_listener_through_sdk(elb: Any) -> None:
    response = elb.show_listener(ShowListenerRequest(listener_id=LISTENER))
    assert response.status_code == 200
    assert response.listener.default_pool_id == POOL
    assert response.listener.protocol_port == 80
    error = assert_sdk_error(
        lambda: elb.show_listener(ShowListenerRequest(listener_id="nope")), 404, "ELB.8904"
    )
    assert error.error_msg == "listener nope could not be found."


def test_update_listener_through_sdk(elb: Any, http: httpx.Client) -> None:
    http_listener = create_listener(http, protocol="HTTP", protocol_port=8080)
    option = UpdateListenerOption(
        name="renamed", keepalive_timeout=0, client_timeout=300, member_timeout=1
    )
    request = UpdateListenerRequest(
        listener_id=http_listener["id"], body=UpdateListenerRequestBody(listener=option)
    )
    response = elb.update_listener(request)
    assert response.status_code == 200
    updated = response.listener
    assert (updated.name, updated.keepalive_timeout, updated.client_timeout) == ("renamed", 0, 300)
    assert updated.member_timeout == 1
    assert_model(
        assert_ok(http.get(f"{BASE}/listeners/{http_listener['id']}")),
        elb_model.ShowListenerResponse,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"keepalive_timeout": 9}, "keepalive_timeout"),
        ({"client_timeout": 10}, "client_timeout"),  # TCP listener
        ({"admin_state_up": False}, "admin_state_up"),
        ({"name": "x" * 256}, "name"),
        ({"protocol_port": 81}, "protocol_port"),  # not in UpdateListenerOption
        ({"protocol": "UDP"}, "protocol"),
        ({"loadbalancer_id": LB2}, "loadbalancer_id"),
        ({"port_ranges": [{"start_port": 1, "end_port": 5}]}, "port_ranges"),
        ({"default_pool_id": POOL_HTTP}, "default_pool_id"),
        ({"foo": 1}, "foo"),
    ],
)
def test_update_listener_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    before = state(http)
    response = http.put(f"{BASE}/listeners/{LISTENER}", json={"listener": fields})
    assert field in assert_error(response, 400, "ELB.8902")
    assert state(http) == before


def test_update_listener_unknown_ids(elb: Any) -> None:
    body = UpdateListenerRequestBody(listener=UpdateListenerOption(name="x"))
    error = assert_sdk_error(
        lambda: elb.update_listener(UpdateListenerRequest(listener_id="nope", body=body)),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "listener nope could not be found."
    body = UpdateListenerRequestBody(listener=UpdateListenerOption(default_pool_id="nopool"))
    error = assert_sdk_error(
        lambda: elb.update_listener(UpdateListenerRequest(listener_id=LISTENER, body=body)),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "pool nopool could not be found."


def test_update_listener_unbinds_default_pool_with_null(http: httpx.Client) -> None:
    body = assert_ok(
        http.put(f"{BASE}/listeners/{LISTENER}", json={"listener": {"default_pool_id": None}})
    )
    assert body["listener"]["default_pool_id"] is None
    assert http.get(f"{BASE}/pools/{POOL}").json()["pool"]["listeners"] == []


def test_delete_listener_refused_while_default_pool_has_members(
    elb: Any, http: httpx.Client
) -> None:
    sdk_create_member(elb)
    before = state(http)
    error = assert_sdk_error(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=LISTENER)), 409, "ELB.8907"
    )
    assert error.error_msg
    assert state(http) == before


def test_delete_listener_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.delete_listener(DeleteListenerRequest(listener_id=LISTENER))
    assert response.status_code == 204
    assert http.get(f"{BASE}/pools/{POOL}").json()["pool"]["listeners"] == []
    error = assert_sdk_error(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=LISTENER)), 404, "ELB.8904"
    )
    assert error.error_msg == f"listener {LISTENER} could not be found."


def test_delete_listener_force_unbinds_pool_keeping_members(elb: Any, http: httpx.Client) -> None:
    member = sdk_create_member(elb)
    create_monitor(http)
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=LISTENER))
    assert response.status_code == 204
    assert_error(http.get(f"{BASE}/listeners/{LISTENER}"), 404, "ELB.8904")
    pool = http.get(f"{BASE}/pools/{POOL}").json()["pool"]
    assert pool["listeners"] == [] and pool["members"] == [{"id": member.id}]
    assert pool["healthmonitor_id"] is not None
    error = assert_sdk_error(
        lambda: elb.delete_listener_force(DeleteListenerForceRequest(listener_id="nope")),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "listener nope could not be found."


def test_list_listeners_through_sdk_filters_and_paging(elb: Any, http: httpx.Client) -> None:
    extra = create_listener(http, protocol="UDP", protocol_port=81)
    response = elb.list_listeners(ListListenersRequest())
    assert response.status_code == 200
    ids = [listener.id for listener in response.listeners]
    assert ids == sorted(ids) and set(ids) == {LISTENER, LISTENER_2, extra["id"]}
    assert response.page_info.current_count == 3 and response.page_info.next_marker is None
    only = elb.list_listeners(ListListenersRequest(protocol=["UDP"])).listeners
    assert [listener.id for listener in only] == [extra["id"]]
    by_port = elb.list_listeners(ListListenersRequest(protocol_port=[80, 81])).listeners
    assert len(by_port) == 3
    by_lb = elb.list_listeners(ListListenersRequest(loadbalancer_id=[LB2])).listeners
    assert [listener.id for listener in by_lb] == [LISTENER_2]
    by_pool = elb.list_listeners(ListListenersRequest(default_pool_id=[POOL])).listeners
    assert [listener.id for listener in by_pool] == [LISTENER]
    first = elb.list_listeners(ListListenersRequest(limit=1))
    assert len(first.listeners) == 1 and first.page_info.next_marker == first.listeners[0].id
    second = elb.list_listeners(ListListenersRequest(limit=1, marker=first.page_info.next_marker))
    assert second.listeners[0].id == ids[1]
    back = elb.list_listeners(
        ListListenersRequest(limit=1, marker=second.page_info.previous_marker, page_reverse=True)
    )
    assert back.listeners[0].id == ids[0]
    body = assert_ok(http.get(BASE + "/listeners"))
    assert_model(body, elb_model.ListListenersResponse)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 2001}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "99999999999999999999999"}, "limit"),
        ({"marker": "nope", "limit": 1}, "marker"),
        ({"marker": ""}, "marker"),
        ({"page_reverse": "maybe"}, "page_reverse"),
        ({"protocol_port": "x"}, "protocol_port"),
        ({"admin_state_up": "nah"}, "admin_state_up"),
        ({"keepalive_timeout": "x"}, "keepalive_timeout"),
    ],
)
def test_list_listeners_odd_query_values(
    http: httpx.Client, params: dict[str, Any], field: str
) -> None:
    assert field in assert_error(http.get(BASE + "/listeners", params=params), 400, "ELB.8902")


def test_listeners_per_loadbalancer_quota(http: httpx.Client) -> None:
    for port in range(1000, 1049):  # the demo LB has one listener; the quota is 50
        create_listener(http, protocol_port=port)
    response = http.post(
        BASE + "/listeners",
        json={"listener": {"loadbalancer_id": LB, "protocol": "TCP", "protocol_port": 2000}},
    )
    assert_error(response, 409, "ELB.8905", "Quota exceeded for resources")


# ================================================================ 6. health monitors


def test_create_http_monitor_through_sdk_with_defaults(elb: Any, http: httpx.Client) -> None:
    option = CreateHealthMonitorOption(pool_id=POOL, type="HTTP", delay=5, timeout=3, max_retries=3)
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    response = elb.create_health_monitor(request)
    assert response.status_code == 201
    monitor = response.healthmonitor
    assert (monitor.http_method, monitor.url_path, monitor.expected_codes) == ("GET", "/", "200")
    assert monitor.max_retries_down == 3 and monitor.admin_state_up is True
    assert monitor.monitor_port is None and monitor.domain_name is None
    assert [ref.id for ref in monitor.pools] == [POOL]
    body = assert_ok(http.get(f"{BASE}/healthmonitors/{monitor.id}"))
    assert_model(body, elb_model.ShowHealthMonitorResponse)
    assert TIMESTAMP.match(body["healthmonitor"]["created_at"])
    assert http.get(f"{BASE}/pools/{POOL}").json()["pool"]["healthmonitor_id"] == monitor.id


def test_grpc_monitor_expected_codes_default_0(http: httpx.Client) -> None:
    assert create_monitor(http, pool_id=POOL_HTTP, type="GRPC")["expected_codes"] == "0"


def test_tcp_monitor_expected_codes_default_200(http: httpx.Client) -> None:
    assert create_monitor(http, type="TCP")["expected_codes"] == "200"


@pytest.mark.parametrize(
    ("pool_id", "monitor_type", "extra", "ok"),
    [
        (POOL, "TCP", {}, True),
        (POOL, "HTTP", {}, True),
        (POOL, "HTTPS", {}, True),
        (POOL, "TLS", {}, False),
        (POOL, "GRPC", {}, False),
        (POOL, "UDP_CONNECT", {}, False),
        (POOL_UDP, "UDP_CONNECT", {}, True),
        (POOL_UDP, "TCP", {}, False),
        (POOL_UDP, "HTTP", {}, False),
        (POOL_HTTP, "TCP", {}, True),
        (POOL_HTTP, "TLS", {}, True),
        (POOL_HTTP, "GRPC", {}, True),
        (POOL_HTTP, "UDP_CONNECT", {}, False),
        (POOL_IP, "TCP", {"monitor_port": 80}, True),
        (POOL_IP, "HTTP", {"monitor_port": 80}, True),
        (POOL_IP, "TLS", {"monitor_port": 80}, False),
        (POOL_IP, "TCP", {}, False),  # IP pools need monitor_port
        (POOL_ANY_PORT, "TCP", {}, False),  # any-port pools need monitor_port
        (POOL_ANY_PORT, "TCP", {"monitor_port": 80}, True),
    ],
)
def test_monitor_type_against_pool_protocol(
    http: httpx.Client, pool_id: str, monitor_type: str, extra: dict[str, Any], ok: bool
) -> None:
    body = {
        "pool_id": pool_id,
        "type": monitor_type,
        "delay": 5,
        "timeout": 3,
        "max_retries": 3,
        **extra,
    }
    before = state(http)
    response = http.post(BASE + "/healthmonitors", json={"healthmonitor": body})
    if ok:
        assert_model(assert_ok(response, 201), elb_model.CreateHealthMonitorResponse)
    else:
        message = assert_error(response, 400, "ELB.8902")
        assert "type" in message or "monitor_port" in message
        assert state(http) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"delay": 0}, "delay"),
        ({"delay": 51}, "delay"),
        ({"delay": True}, "delay"),
        ({"delay": 5.5}, "delay"),
        ({"delay": 2**70}, "delay"),
        ({"delay": None}, "delay"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": 51}, "timeout"),
        ({"max_retries": 0}, "max_retries"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries_down": 0}, "max_retries_down"),
        ({"max_retries_down": 11}, "max_retries_down"),
        ({"monitor_port": 0}, "monitor_port"),
        ({"monitor_port": 65536}, "monitor_port"),
        ({"type": "tcp"}, "type"),
        ({"type": "UDP"}, "type"),
        ({"type": None}, "type"),
        ({"pool_id": None}, "pool_id"),
        ({"admin_state_up": "no"}, "admin_state_up"),
        ({"type": "HTTP", "http_method": "PUT"}, "http_method"),
        ({"type": "HTTP", "http_method": "get"}, "http_method"),
        ({"type": "HTTP", "url_path": "abc"}, "url_path"),
        ({"type": "HTTP", "url_path": "/a b"}, "url_path"),
        ({"type": "HTTP", "domain_name": "-bad"}, "domain_name"),
        ({"type": "HTTP", "domain_name": "a_b"}, "domain_name"),
        ({"type": "HTTP", "domain_name": ""}, "domain_name"),
        ({"name": "n" * 256}, "name"),
        ({"bogus": 1}, "bogus"),
    ],
)
def test_create_monitor_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    body = {"pool_id": POOL, "type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3, **fields}
    before = state(http)
    response = http.post(BASE + "/healthmonitors", json={"healthmonitor": body})
    assert field in assert_error(response, 400, "ELB.8902")
    assert state(http) == before


@pytest.mark.parametrize("missing", ["pool_id", "type", "delay", "timeout", "max_retries"])
def test_create_monitor_required_fields(http: httpx.Client, missing: str) -> None:
    body = {"pool_id": POOL, "type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3}
    del body[missing]
    response = http.post(BASE + "/healthmonitors", json={"healthmonitor": body})
    assert missing in assert_error(response, 400, "ELB.8902")


@pytest.mark.parametrize(
    ("monitor_type", "codes", "ok"),
    [
        ("HTTP", "200", True),
        ("HTTP", "200,202", True),
        ("HTTP", "200-204", True),
        ("HTTP", "200, 202", False),
        ("HTTP", "abc", False),
        ("HTTP", "200-", False),
        ("HTTP", "204-200", False),
        ("HTTP", "200,,202", False),
        ("HTTP", "200;202", False),
        ("HTTP", "", False),
        ("HTTP", "99", False),
        ("HTTP", "600", False),
        ("GRPC", "0", True),
        ("GRPC", "12", True),
        ("GRPC", "0-99", True),
        ("GRPC", "5,6", True),
        ("GRPC", "100", False),
    ],
)
def test_expected_codes_syntax(http: httpx.Client, monitor_type: str, codes: str, ok: bool) -> None:
    pool_id = POOL_HTTP if monitor_type == "GRPC" else POOL
    body = {
        "pool_id": pool_id,
        "type": monitor_type,
        "delay": 5,
        "timeout": 3,
        "max_retries": 3,
        "expected_codes": codes,
    }
    response = http.post(BASE + "/healthmonitors", json={"healthmonitor": body})
    if ok:
        assert assert_ok(response, 201)["healthmonitor"]["expected_codes"] == codes
    else:
        assert "expected_codes" in assert_error(response, 400, "ELB.8902")


def test_one_monitor_per_pool(elb: Any, http: httpx.Client) -> None:
    create_monitor(http)
    before = state(http)
    option = CreateHealthMonitorOption(pool_id=POOL, type="HTTP", delay=5, timeout=3, max_retries=3)
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    assert_sdk_error(lambda: elb.create_health_monitor(request), 409, "ELB.8907")
    assert state(http) == before


def test_monitor_on_unknown_pool_is_404(elb: Any) -> None:
    option = CreateHealthMonitorOption(
        pool_id="nope", type="TCP", delay=5, timeout=3, max_retries=3
    )
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    error = assert_sdk_error(lambda: elb.create_health_monitor(request), 404, "ELB.8904")
    assert error.error_msg == "pool nope could not be found."


def test_member_status_follows_the_monitor(elb: Any, http: httpx.Client) -> None:
    member = sdk_create_member(elb)
    assert sdk_member_status(elb, POOL, member.id) == ("NO_MONITOR", [(LISTENER, "NO_MONITOR")])
    monitor = create_monitor(http)
    assert sdk_member_status(elb, POOL, member.id) == ("INITIAL", [(LISTENER, "INITIAL")])
    disable = UpdateHealthMonitorRequest(
        healthmonitor_id=monitor["id"],
        body=UpdateHealthMonitorRequestBody(UpdateHealthMonitorOption(admin_state_up=False)),
    )
    assert elb.update_health_monitor(disable).healthmonitor.admin_state_up is False
    assert sdk_member_status(elb, POOL, member.id) == ("NO_MONITOR", [(LISTENER, "NO_MONITOR")])
    enable = UpdateHealthMonitorRequest(
        healthmonitor_id=monitor["id"],
        body=UpdateHealthMonitorRequestBody(UpdateHealthMonitorOption(admin_state_up=True)),
    )
    elb.update_health_monitor(enable)
    assert sdk_member_status(elb, POOL, member.id) == ("INITIAL", [(LISTENER, "INITIAL")])
    response = elb.delete_health_monitor(DeleteHealthMonitorRequest(healthmonitor_id=monitor["id"]))
    assert response.status_code == 204
    assert sdk_member_status(elb, POOL, member.id) == ("NO_MONITOR", [(LISTENER, "NO_MONITOR")])
    assert http.get(f"{BASE}/pools/{POOL}").json()["pool"]["healthmonitor_id"] is None


def test_member_of_a_pool_on_no_load_balancer_is_unknown(elb: Any, http: httpx.Client) -> None:
    member = sdk_create_member(elb, POOL_STANDALONE)
    assert sdk_member_status(elb, POOL_STANDALONE, member.id) == ("UNKNOWN", [])
    create_monitor(http, pool_id=POOL_STANDALONE)
    assert sdk_member_status(elb, POOL_STANDALONE, member.id) == ("UNKNOWN", [])


def test_show_update_delete_monitor_through_sdk(elb: Any, http: httpx.Client) -> None:
    monitor = create_monitor(http, type="HTTP")
    shown = elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor["id"]))
    assert shown.status_code == 200 and shown.healthmonitor.type == "HTTP"
    option = UpdateHealthMonitorOption(
        delay=10,
        timeout=5,
        max_retries=10,
        max_retries_down=1,
        expected_codes="200-299",
        http_method="HEAD",
        url_path="/health?x&y",
        domain_name="www.example.com",
        monitor_port=8080,
        name="renamed",
    )
    request = UpdateHealthMonitorRequest(
        healthmonitor_id=monitor["id"], body=UpdateHealthMonitorRequestBody(option)
    )
    updated = elb.update_health_monitor(request).healthmonitor
    assert (updated.delay, updated.timeout, updated.max_retries) == (10, 5, 10)
    assert (updated.expected_codes, updated.http_method, updated.url_path) == (
        "200-299",
        "HEAD",
        "/health?x&y",
    )
    assert (updated.domain_name, updated.monitor_port, updated.name) == (
        "www.example.com",
        8080,
        "renamed",
    )
    assert_model(
        assert_ok(http.get(f"{BASE}/healthmonitors/{monitor['id']}")),
        elb_model.ShowHealthMonitorResponse,
    )
    assert (
        elb.delete_health_monitor(
            DeleteHealthMonitorRequest(healthmonitor_id=monitor["id"])
        ).status_code
        == 204
    )
    for call in (
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor["id"])),
        lambda: elb.update_health_monitor(request),
        lambda: elb.delete_health_monitor(
            DeleteHealthMonitorRequest(healthmonitor_id=monitor["id"])
        ),
    ):
        error = assert_sdk_error(call, 404, "ELB.8904")
        assert error.error_msg == f"healthmonitor {monitor['id']} could not be found."


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "UDP_CONNECT"}, "type"),  # TCP pool
        ({"type": "TLS"}, "type"),
        ({"delay": 51}, "delay"),
        ({"timeout": 0}, "timeout"),
        ({"max_retries_down": 11}, "max_retries_down"),
        ({"expected_codes": "xyz"}, "expected_codes"),
        ({"domain_name": ""}, "domain_name"),  # 不能传空
        ({"url_path": "nope"}, "url_path"),
        ({"monitor_port": 0}, "monitor_port"),
        ({"pool_id": POOL_STANDALONE}, "pool_id"),  # not in UpdateHealthMonitorOption
        ({"foo": 1}, "foo"),
    ],
)
def test_update_monitor_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    monitor = create_monitor(http, type="HTTP")
    before = state(http)
    response = http.put(f"{BASE}/healthmonitors/{monitor['id']}", json={"healthmonitor": fields})
    assert field in assert_error(response, 400, "ELB.8902")
    assert state(http) == before


def test_list_monitors_through_sdk(elb: Any, http: httpx.Client) -> None:
    http_monitor = create_monitor(http, type="HTTP", domain_name="a.example.com")
    udp_monitor = create_monitor(
        http, pool_id=POOL_UDP, type="UDP_CONNECT", delay=7, max_retries=2, monitor_port=53
    )
    response = elb.list_health_monitors(ListHealthMonitorsRequest())
    assert response.status_code == 200 and response.page_info.current_count == 2
    ids = sorted([http_monitor["id"], udp_monitor["id"]])
    assert [monitor.id for monitor in response.healthmonitors] == ids

    def listed(**query: Any) -> list[str]:
        found = elb.list_health_monitors(ListHealthMonitorsRequest(**query)).healthmonitors
        return [monitor.id for monitor in found]

    assert listed(type=["UDP_CONNECT"]) == [udp_monitor["id"]]
    assert listed(delay=[5, 7]) == ids
    assert listed(monitor_port=[53]) == [udp_monitor["id"]]
    assert listed(domain_name=["a.example.com"]) == [http_monitor["id"]]
    assert listed(max_retries=[2]) == [udp_monitor["id"]]
    assert listed(admin_state_up=False) == []
    assert listed(http_method=["GET"]) == ids  # GET is the default of every type
    assert listed(id=[http_monitor["id"]]) == [http_monitor["id"]]
    page = elb.list_health_monitors(ListHealthMonitorsRequest(limit=1))
    assert page.page_info.next_marker == ids[0]
    body = assert_ok(http.get(BASE + "/healthmonitors"))
    assert_model(body, elb_model.ListHealthMonitorsResponse)


@pytest.mark.parametrize(
    "params",
    [
        {"delay": "x"},
        {"monitor_port": "x"},
        {"marker": "x", "limit": 1},
        {"limit": 2001},
        {"timeout": "a"},
    ],
)
def test_list_monitors_odd_query_values(http: httpx.Client, params: dict[str, Any]) -> None:
    assert_error(http.get(BASE + "/healthmonitors", params=params), 400, "ELB.8902")


# ================================================================ 7. account-level reads


def test_show_quota_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.show_quota(ShowQuotaRequest())
    assert response.status_code == 200
    assert response.quota.project_id == PROJECT
    body = assert_ok(http.get(BASE + "/quotas"))
    assert_model(body, elb_model.ShowQuotaResponse)
    for key in QUOTA_KEYS:
        value = body["quota"][key]
        assert isinstance(value, int) and (value >= 0 or value == -1), (key, value)


def test_quota_details_count_live_usage(elb: Any, http: httpx.Client) -> None:
    def used() -> dict[str, int]:
        quotas = elb.list_quota_details(ListQuotaDetailsRequest()).quotas
        return {quota.quota_key: quota.used for quota in quotas}

    before = used()
    assert set(before) == set(QUOTA_KEYS)
    assert (before["loadbalancer"], before["listener"], before["pool"]) == (2, 2, 7)
    create_listener(http, default_pool_id=POOL)
    create_monitor(http)
    sdk_create_member(elb)
    after = used()
    assert after["listener"] == before["listener"] + 1
    assert after["healthmonitor"] == before["healthmonitor"] + 1
    assert after["member"] == before["member"] + 1
    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=LISTENER))
    assert used()["listener"] == before["listener"]
    body = assert_ok(http.get(BASE + "/quotas/details"))
    assert_model(body, elb_model.ListQuotaDetailsResponse)
    assert all(quota["unit"] == "count" for quota in body["quotas"])
    limits = http.get(BASE + "/quotas").json()["quota"]
    assert {q["quota_key"]: q["quota_limit"] for q in body["quotas"]} == {
        key: limits[key] for key in QUOTA_KEYS
    }


def test_quota_details_filter_by_key(elb: Any, http: httpx.Client) -> None:
    quotas = elb.list_quota_details(ListQuotaDetailsRequest(quota_key=["member", "pool"])).quotas
    assert sorted(quota.quota_key for quota in quotas) == ["member", "pool"]
    assert_error(http.get(BASE + "/quotas/details", params={"quota_key": "bogus"}), 400, "ELB.8902")
    assert_error(http.get(BASE + "/quotas/details", params={"quota_key": ""}), 400, "ELB.8902")


def test_list_api_versions_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_api_versions(ListApiVersionsRequest())
    assert response.status_code == 200
    assert [(v.id, v.status) for v in response.versions] == [
        ("v3", "CURRENT"),
        ("v2", "STABLE"),
        ("v2.0", "STABLE"),
    ]
    raw = http.get("/versions")
    assert raw.status_code == 200
    body = raw.json()
    assert set(body) == {"versions"}  # the SDK model has no request_id
    assert_model(body, elb_model.ListApiVersionsResponse)


def test_list_flavors_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_flavors(ListFlavorsRequest())
    assert response.status_code == 200
    assert [flavor.id for flavor in response.flavors] == ALL_FLAVORS
    body = assert_ok(http.get(BASE + "/flavors"))
    assert_model(body, elb_model.ListFlavorsResponse)

    def listed(**query: Any) -> list[str]:
        return [flavor.id for flavor in elb.list_flavors(ListFlavorsRequest(**query)).flavors]

    assert listed(type=["L7"]) == [L7_FLAVOR, L7_FLAVOR_2, L7_SOLD_OUT]
    assert listed(type=["L4", "L7"]) == ALL_FLAVORS
    assert listed(flavor_sold_out=True) == [L7_SOLD_OUT]
    assert listed(shared=False) == []
    assert listed(id=[L4_FLAVOR_2]) == [L4_FLAVOR_2]
    assert listed(name=["L4_flavor.elb.s1.small"]) == [L4_FLAVOR]
    assert listed(public_border_group=["center"]) == ALL_FLAVORS
    assert listed(category=[0]) == ALL_FLAVORS
    page = elb.list_flavors(ListFlavorsRequest(limit=2))
    assert [flavor.id for flavor in page.flavors] == ALL_FLAVORS[:2]
    assert page.page_info.next_marker == L4_FLAVOR_2
    assert listed(limit=2, marker=L4_FLAVOR_2) == [L7_FLAVOR, L7_FLAVOR_2]


@pytest.mark.parametrize(
    "params",
    [
        {"flavor_sold_out": "x"},
        {"category": "x"},
        {"list_all": "x"},
        {"marker": "nope"},
        {"limit": 2001},
        {"limit": "x"},
        {"shared": "x"},
    ],
)
def test_list_flavors_odd_query_values(http: httpx.Client, params: dict[str, Any]) -> None:
    assert_error(http.get(BASE + "/flavors", params=params), 400, "ELB.8902")


def test_show_flavor_through_sdk(elb: Any, http: httpx.Client) -> None:
    flavor = elb.show_flavor(ShowFlavorRequest(flavor_id=L7_SOLD_OUT)).flavor
    assert (flavor.type, flavor.flavor_sold_out, flavor.shared) == ("L7", True, True)
    assert_model(assert_ok(http.get(f"{BASE}/flavors/{L4_FLAVOR}")), elb_model.ShowFlavorResponse)
    error = assert_sdk_error(
        lambda: elb.show_flavor(ShowFlavorRequest(flavor_id="nope")), 404, "ELB.8904"
    )
    assert error.error_msg == "flavor nope could not be found."


def test_list_availability_zones_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_availability_zones(ListAvailabilityZonesRequest())
    assert response.status_code == 200
    assert [[zone.code for zone in azs] for azs in response.availability_zones] == [AZS]
    body = assert_ok(http.get(BASE + "/availability-zones"))
    assert_model(body, elb_model.ListAvailabilityZonesResponse)
    for zone in body["availability_zones"][0]:
        assert zone["state"] == "ACTIVE" and zone["category"] == 0
        assert set(zone["protocol"]) <= {"L4", "L7"}
    center = elb.list_availability_zones(ListAvailabilityZonesRequest(public_border_group="center"))
    assert [[zone.code for zone in azs] for azs in center.availability_zones] == [AZS]
    edge = elb.list_availability_zones(ListAvailabilityZonesRequest(public_border_group="edge"))
    assert edge.availability_zones == []
    by_lb = elb.list_availability_zones(ListAvailabilityZonesRequest(loadbalancer_id=LB))
    assert [[zone.code for zone in azs] for azs in by_lb.availability_zones] == [AZS]
    error = assert_sdk_error(
        lambda: elb.list_availability_zones(ListAvailabilityZonesRequest(loadbalancer_id="nope")),
        404,
        "ELB.8904",
    )
    assert error.error_msg == "loadbalancer nope could not be found."


# ================================================================ hostile input, every write


WRITES = [
    ("POST", "/listeners", "listener"),
    ("PUT", f"/listeners/{LISTENER}", "listener"),
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


@pytest.mark.parametrize(("method", "path", "key"), WRITES)
@pytest.mark.parametrize(("label", "raw"), BAD_BODIES, ids=[label for label, _ in BAD_BODIES])
def test_hostile_bodies_are_400_and_change_nothing(
    http: httpx.Client, method: str, path: str, key: str, label: str, raw: bytes
) -> None:
    monitor = create_monitor(http, type="HTTP")
    path = path.replace("{monitor}", monitor["id"])
    content = raw.replace(b"%(key)s", key.encode())
    before = state(http)
    response = http.request(
        method, BASE + path, content=content, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "ELB.8902")
    assert "detail" not in response.json()
    assert state(http) == before


ODD_IDS = [
    "nope",
    "%20",
    "a" * 300,
    "..",
    "0b11747a-b139-492f-9692-2df0b1c87199",
    "%E2%98%83",
    "1;DROP",
]


@pytest.mark.parametrize("odd", ODD_IDS)
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
    response = http.request(method, BASE + template.format(odd), json=body)
    assert response.status_code in (404, 400), response.text
    if odd == "..":
        return  # the path collapses: routing decides (APIGW.0101)
    message = assert_error(response, 404, "ELB.8904")
    assert message.startswith(f"{kind} ") and message.endswith(" could not be found.")


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
    assert_ok(http.get(BASE + path, params={"unknown_filter": "1"}))


# ================================================================ 8. coverage table


def _coverage_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "coverage_table_acceptance", ROOT / "scripts" / "coverage_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def coverage() -> Any:
    return _coverage_module()


def test_implemented_rows_of_items_5_to_7_answer_and_are_driven(
    coverage: Any, server_url: str
) -> None:
    text = coverage.COVERAGE_FILE.read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (\S+) \| `(\w+)` \| (\w+) \| `([^`]+)` \| ([^|]+) \| ([^|]*) \|$", text, re.M
    )
    assert len(rows) == 119
    wanted = {"listeners", "healthmonitors", "quotas", "flavors", "availability-zones", "versions"}
    sources = coverage.read_test_sources()
    checked = 0
    for resource, name, method, path, status, tests in rows:
        if resource not in wanted or "implemented" not in status or "not" in status:
            continue
        for test_file in re.findall(r"`([^`]+)`", tests):
            source = sources[test_file]
            request_class = "".join(part.capitalize() for part in name.split("_")) + "Request"
            assert f".{name}(" in source or f"{request_class}(" in source, (name, test_file)
        concrete = path.replace("{project_id}", PROJECT)
        concrete = re.sub(r"\{[a-z_]+\}", "nope", concrete)
        response = httpx.request(method, server_url + concrete, headers=AUTH, json={})
        assert response.status_code != 500
        if response.status_code == 404:
            assert response.json()["error_code"] != "APIGW.0101", (name, concrete)
        checked += 1
    assert checked >= 15
