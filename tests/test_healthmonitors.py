"""Health monitors (mockelb/services/healthmonitors.py), through the official SDK and raw HTTP:
create (defaults, the type each pool protocol takes, every refusal), show, delete, how pools
and members follow their monitor, update, list (filters, paging) and project isolation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    CreateHealthMonitorOption,
    CreateHealthMonitorRequest,
    CreateHealthMonitorRequestBody,
    CreatePoolSessionPersistenceOption,
    DeleteHealthMonitorRequest,
    DeletePoolRequest,
    ListHealthMonitorsRequest,
    ListMembersRequest,
    ListPoolsRequest,
    ShowHealthMonitorRequest,
    ShowMemberRequest,
    UpdateHealthMonitorOption,
    UpdateHealthMonitorRequest,
    UpdateHealthMonitorRequestBody,
)
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Database, Snapshot
from mockelb.schemas import healthmonitors as monitor_schemas
from mockelb.seed import snapshot_for
from mockelb.services import healthmonitors as monitor_service
from mockelb.services import pools as pool_service
from tests import demo
from tests.conftest import AUTH
from tests.error_codes import API_NOT_FOUND, CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    add_members,
    create_health_monitor,
    create_member,
    create_pool,
    delete_health_monitor,
    ids_of,
    list_health_monitors,
    on_subnet,
    post_monitor,
    show_health_monitor,
    show_member,
    show_pool,
    update_health_monitor,
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

MONITORS = f"{ELB}/healthmonitors"
ECS_1_ADDRESS = "192.168.0.10"
MONITOR_NULLABLE = frozenset(
    {"monitor_port", "http_method", "url_path", "domain_name", "expected_codes"}
)
REQUIRED = {"type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3}


def create_monitor_error(
    elb: Any, pool_id: str | None = demo.POOL, **fields: Any
) -> ClientRequestException:
    """The SDK error create_health_monitor raises for these fields."""
    return sdk_error(lambda: create_health_monitor(elb, pool_id=pool_id, **fields))


def assert_nothing_created(elb: Any, pool_id: str = demo.POOL) -> None:
    assert ids_of(list_health_monitors(elb)) == []
    assert show_pool(elb, pool_id).healthmonitor_id is None


def new_pool(elb: Any, protocol: str) -> str:
    """A pool of this protocol on the dual-stack demo load balancer."""
    fields: dict[str, Any] = {
        "protocol": protocol,
        "lb_algorithm": "ROUND_ROBIN",
        "loadbalancer_id": demo.LB_IP_TARGETS,
    }
    if protocol == "QUIC":
        fields["session_persistence"] = CreatePoolSessionPersistenceOption(type="SOURCE_IP")
    pool_id: str = create_pool(elb, **fields).id
    return pool_id


def state(http: httpx.Client) -> str:
    """A fingerprint of listeners, monitors, pools and quota usage (for 'nothing changed')."""
    parts = []
    for path, key in [
        ("/listeners", "listeners"),
        ("/healthmonitors", "healthmonitors"),
        ("/pools", "pools"),
        ("/quotas/details", "quotas"),
    ]:
        parts.append(json.dumps(http.get(ELB + path).json()[key], sort_keys=True))
    return "\n".join(parts)


def sdk_create_member(elb: Any, pool_id: str = demo.POOL) -> Any:
    """A member at ECS 1's address (port 80), made through the SDK."""
    return create_member(elb, pool_id, **on_subnet(ECS_1_ADDRESS))


def sdk_member_status(elb: Any, pool_id: str, member_id: str) -> tuple[str, list[Any]]:
    """The member's operating status and its (listener, status) pairs, as show_member has them."""
    member = show_member(elb, pool_id, member_id)
    return member.operating_status, [(s.listener_id, s.operating_status) for s in member.status]


# --- create: what a new monitor looks like ------------------------------------------------


def test_create_a_tcp_monitor_with_the_defaults(elb: Any) -> None:
    option = CreateHealthMonitorOption(pool_id=demo.POOL, **REQUIRED)
    response = elb.create_health_monitor(
        CreateHealthMonitorRequest(body=CreateHealthMonitorRequestBody(healthmonitor=option))
    )

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    monitor = response.healthmonitor
    assert UUID.match(monitor.id)
    assert monitor.project_id == demo.PROJECT
    assert monitor.name == ""
    assert monitor.admin_state_up is True
    assert (monitor.type, monitor.delay, monitor.timeout) == ("TCP", 5, 3)
    assert (monitor.max_retries, monitor.max_retries_down) == (3, 3)
    assert [pool.id for pool in monitor.pools] == [demo.POOL]
    # the documented defaults hold for every type, used or not (a TCP check sends no request)
    assert monitor.monitor_port is None
    assert monitor.http_method == "GET" and monitor.url_path == "/"
    assert monitor.domain_name is None and monitor.expected_codes == "200"
    assert TIME.match(monitor.created_at) and monitor.updated_at == monitor.created_at


@pytest.mark.parametrize(
    ("monitor_type", "method", "codes"),
    [
        ("HTTP", "GET", "200"),
        ("HTTPS", "GET", "200"),
        ("GRPC", "GET", "0"),
        ("TLS", "GET", "200"),
        ("TCP", "GET", "200"),
    ],
)
def test_request_types_get_the_request_defaults(
    elb: Any, monitor_type: str, method: str | None, codes: str
) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type=monitor_type)

    assert monitor.type == monitor_type
    assert monitor.url_path == "/"
    assert monitor.http_method == method
    assert monitor.expected_codes == codes
    assert monitor.domain_name is None


def test_create_with_every_field(elb: Any) -> None:
    monitor = create_health_monitor(
        elb,
        pool_id=demo.POOL_HTTP,
        type="HTTP",
        delay=50,
        timeout=50,
        max_retries=10,
        max_retries_down=1,
        admin_state_up=False,
        monitor_port=8080,
        http_method="HEAD",
        url_path="/health/check.html?a&b#top",
        domain_name="www.example-1.com",
        expected_codes="200-204",
        name="n" * 255,
        project_id=demo.PROJECT,
    )

    assert monitor.admin_state_up is False
    assert (monitor.delay, monitor.timeout, monitor.max_retries) == (50, 50, 10)
    assert monitor.max_retries_down == 1
    assert monitor.monitor_port == 8080
    assert monitor.http_method == "HEAD"
    assert monitor.url_path == "/health/check.html?a&b#top"
    assert monitor.domain_name == "www.example-1.com"
    assert monitor.expected_codes == "200-204"
    assert monitor.name == "n" * 255
    assert show_health_monitor(elb, monitor.id).to_dict() == monitor.to_dict()


def test_a_timeout_above_the_delay_is_accepted(elb: Any) -> None:
    # "recommended to be less than delay", not required: the OTC example sends 30 over 1
    monitor = create_health_monitor(elb, delay=1, timeout=30)
    assert (monitor.delay, monitor.timeout) == (1, 30)


def test_request_fields_of_a_tcp_monitor_are_kept_without_effect(elb: Any) -> None:
    # the SDK: "其他协议可以设置但不会生效" - accepted and stored, as the cloud's list
    # example shows a UDP_CONNECT monitor carrying url_path and domain_name
    monitor = create_health_monitor(
        elb, url_path="/world", domain_name="a.b", expected_codes="202", http_method="POST"
    )
    assert (monitor.url_path, monitor.domain_name) == ("/world", "a.b")
    assert (monitor.expected_codes, monitor.http_method) == ("202", "POST")


def test_every_response_field_has_its_sdk_type(http: httpx.Client) -> None:
    body = {"healthmonitor": {"pool_id": demo.POOL, **REQUIRED}}
    created = http.post(MONITORS, json=body)
    assert created.status_code == 201, created.text
    assert set(elb_v3.CreateHealthMonitorResponse.openapi_types) <= set(created.json())
    monitor = created.json()["healthmonitor"]
    assert_json_model(monitor, elb_v3.HealthMonitor, nullable=MONITOR_NULLABLE)
    assert monitor["pools"] == [{"id": demo.POOL}]
    assert created.headers["X-Request-Id"] == created.json()["request_id"]

    shown = http.get(f"{MONITORS}/{monitor['id']}")
    assert shown.status_code == 200
    assert set(elb_v3.ShowHealthMonitorResponse.openapi_types) <= set(shown.json())
    assert shown.json()["healthmonitor"] == monitor

    listed = http.get(MONITORS)
    assert set(elb_v3.ListHealthMonitorsResponse.openapi_types) <= set(listed.json())
    assert listed.json()["healthmonitors"] == [monitor]
    assert_json_model(listed.json()["page_info"], elb_v3.PageInfo, optional={"next_marker"})

    updated = http.put(f"{MONITORS}/{monitor['id']}", json={"healthmonitor": {"type": "HTTP"}})
    assert updated.status_code == 200, updated.text
    assert set(elb_v3.UpdateHealthMonitorResponse.openapi_types) <= set(updated.json())
    http_monitor = updated.json()["healthmonitor"]
    assert_json_model(http_monitor, elb_v3.HealthMonitor, nullable={"monitor_port", "domain_name"})


def test_create_http_monitor_through_sdk_with_defaults(elb: Any, http: httpx.Client) -> None:
    option = CreateHealthMonitorOption(
        pool_id=demo.POOL, type="HTTP", delay=5, timeout=3, max_retries=3
    )
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    response = elb.create_health_monitor(request)
    assert response.status_code == 201
    monitor = response.healthmonitor
    assert (monitor.http_method, monitor.url_path, monitor.expected_codes) == ("GET", "/", "200")
    assert monitor.max_retries_down == 3 and monitor.admin_state_up is True
    assert monitor.monitor_port is None and monitor.domain_name is None
    assert [ref.id for ref in monitor.pools] == [demo.POOL]
    body = assert_ok_response(http.get(f"{ELB}/healthmonitors/{monitor.id}"))
    assert_model_fields(body, elb_v3.ShowHealthMonitorResponse)
    assert TIME.match(body["healthmonitor"]["created_at"])
    assert http.get(f"{ELB}/pools/{demo.POOL}").json()["pool"]["healthmonitor_id"] == monitor.id


def test_grpc_monitor_expected_codes_default_0(http: httpx.Client) -> None:
    assert post_monitor(http, pool_id=demo.POOL_HTTP, type="GRPC")["expected_codes"] == "0"


def test_tcp_monitor_expected_codes_default_200(http: httpx.Client) -> None:
    assert post_monitor(http, type="TCP")["expected_codes"] == "200"


# --- create: every refusal ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["type", "delay", "timeout", "max_retries"])
def test_a_missing_required_field_is_elb_8902(elb: Any, field: str) -> None:
    error = create_monitor_error(elb, **{field: None})  # the SDK leaves None out of the body

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg
    assert_nothing_created(elb)


def test_a_missing_pool_id_is_elb_8902(elb: Any) -> None:
    error = create_monitor_error(elb, pool_id=None)
    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "pool_id" in error.error_msg


def test_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = create_monitor_error(elb, demo.UNKNOWN_ID)

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."
    assert ids_of(list_health_monitors(elb)) == []


OUT_OF_RANGE = [
    ("delay", 0),
    ("delay", 51),
    ("timeout", 0),
    ("timeout", 51),
    ("max_retries", 0),
    ("max_retries", 11),
    ("max_retries_down", 0),
    ("max_retries_down", 11),
    ("monitor_port", 0),
    ("monitor_port", 65536),
    ("monitor_port", -1),
    ("type", "PING"),
    ("type", "GRPCS"),
    ("type", "tcp"),
    ("http_method", "PUT"),
    ("http_method", "get"),
    ("name", "n" * 256),
    ("project_id", "p" * 33),
    ("pool_id", ""),
]


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
def test_a_value_out_of_range_is_elb_8902(elb: Any, field: str, value: Any) -> None:
    error = create_monitor_error(elb, **{field: value})

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg
    assert_nothing_created(elb)


BAD_URL_PATHS = ["health", "", "/a b", "/a=b", "/caf\u00e9", "/" + "a" * 80, "\\health"]


@pytest.mark.parametrize("url_path", BAD_URL_PATHS)
def test_a_bad_url_path_is_elb_8902(elb: Any, url_path: str) -> None:
    error = create_monitor_error(elb, demo.POOL_HTTP, type="HTTP", url_path=url_path)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "url_path" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize(
    "url_path", ["/", "/a-b/c.d%20e?f#g&h", "/_;~!()*[]@$^:',+", "/" + "a" * 79]
)
def test_a_documented_url_path_is_accepted(elb: Any, url_path: str) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP", url_path=url_path)
    assert monitor.url_path == url_path


BAD_DOMAIN_NAMES = ["-example.com", ".example.com", "exa_mple.com", "ex ample", "", "a" * 101]


@pytest.mark.parametrize("domain_name", BAD_DOMAIN_NAMES)
def test_a_bad_domain_name_is_elb_8902(elb: Any, domain_name: str) -> None:
    error = create_monitor_error(elb, demo.POOL_HTTP, type="HTTP", domain_name=domain_name)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "domain_name" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize("domain_name", ["example.com", "1.2.3.4", "a", "a-b..c", "a" * 100])
def test_a_documented_domain_name_is_accepted(elb: Any, domain_name: str) -> None:
    monitor = create_health_monitor(
        elb, pool_id=demo.POOL_HTTP, type="HTTP", domain_name=domain_name
    )
    assert monitor.domain_name == domain_name


BAD_HTTP_CODES = [
    "",
    "abc",
    "2OO",
    "200,",
    ",200",
    "200,,202",
    "200, 202",
    "200-",
    "-200",
    "200-204-206",
    "200-204,300",
    "204-200",
    "0200",
    "199",
    "600",
    "100-200",
    "200;202",
    "2" * 65,
]


@pytest.mark.parametrize("codes", BAD_HTTP_CODES)
def test_bad_expected_codes_are_elb_8902(elb: Any, codes: str) -> None:
    error = create_monitor_error(elb, demo.POOL_HTTP, type="HTTP", expected_codes=codes)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "expected_codes" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize(
    "codes", ["200", "599", "200,202", "200,202,301,404", "200-204", "200-200"]
)
def test_documented_http_expected_codes_are_accepted(elb: Any, codes: str) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP", expected_codes=codes)
    assert monitor.expected_codes == codes


@pytest.mark.parametrize(
    ("codes", "accepted"),
    [("0", True), ("0-99", True), ("12,14", True), ("99", True), ("100", False), ("200", False)],
)
def test_grpc_expected_codes_have_their_own_range(elb: Any, codes: str, accepted: bool) -> None:
    if accepted:
        monitor = create_health_monitor(
            elb, pool_id=demo.POOL_HTTP, type="GRPC", expected_codes=codes
        )
        assert monitor.expected_codes == codes
    else:
        error = create_monitor_error(elb, demo.POOL_HTTP, type="GRPC", expected_codes=codes)
        assert_sdk_error(error, 400, INVALID_INPUT)
        assert "expected_codes" in error.error_msg


# The allowed types of each pool protocol (CreateHealthMonitorOption.type docstring)
ALL_TYPES = ("TCP", "UDP_CONNECT", "HTTP", "HTTPS", "TLS", "GRPC")
LAYER4 = {"TCP", "HTTP", "HTTPS"}
LAYER7 = {"TCP", "HTTP", "HTTPS", "TLS", "GRPC"}
ALLOWED_TYPES = {
    "UDP": {"UDP_CONNECT"},
    "QUIC": {"UDP_CONNECT"},
    "TCP": LAYER4,
    "IP": LAYER4,
    "HTTP": LAYER7,
    "HTTPS": LAYER7,
    "GRPC": LAYER7,
    "TLS": LAYER7,
}
DEMO_POOL_OF = {
    "UDP": demo.POOL_AZ_AFFINITY,
    "TCP": demo.POOL,
    "IP": demo.POOL_IP_PROTOCOL,
    "HTTP": demo.POOL_HTTP,
}


@pytest.mark.parametrize("protocol", sorted(ALLOWED_TYPES))
def test_the_type_must_suit_the_pool_protocol(elb: Any, protocol: str) -> None:
    pool_id = DEMO_POOL_OF.get(protocol) or new_pool(elb, protocol)
    for monitor_type in ALL_TYPES:
        # IP pools need a monitor port; any pool accepts one
        fields = {"type": monitor_type, "monitor_port": 80}
        if monitor_type in ALLOWED_TYPES[protocol]:
            monitor = create_health_monitor(elb, pool_id=pool_id, **fields)
            assert monitor.type == monitor_type
            delete_health_monitor(elb, monitor.id)
        else:
            error = create_monitor_error(elb, pool_id, **fields)
            assert_sdk_error(error, 400, INVALID_INPUT)
            assert "type" in error.error_msg and protocol in error.error_msg
    assert ids_of(list_health_monitors(elb)) == []


def test_an_any_port_pool_needs_a_monitor_port(elb: Any) -> None:
    error = create_monitor_error(elb, demo.POOL_ANY_PORT)
    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "monitor_port" in error.error_msg
    assert_nothing_created(elb, demo.POOL_ANY_PORT)

    monitor = create_health_monitor(elb, pool_id=demo.POOL_ANY_PORT, monitor_port=8080)
    assert monitor.monitor_port == 8080


def test_an_ip_pool_needs_a_monitor_port(elb: Any) -> None:
    error = create_monitor_error(elb, demo.POOL_IP_PROTOCOL)
    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "monitor_port" in error.error_msg
    assert_nothing_created(elb, demo.POOL_IP_PROTOCOL)

    monitor = create_health_monitor(elb, pool_id=demo.POOL_IP_PROTOCOL, monitor_port=22)
    assert monitor.monitor_port == 22


def test_a_second_monitor_on_a_pool_is_elb_8907(elb: Any) -> None:
    first = create_health_monitor(elb).id

    error = create_monitor_error(elb, type="HTTP")

    assert_sdk_error(error, 409, CONFLICT)
    assert first in error.error_msg and demo.POOL in error.error_msg
    assert ids_of(list_health_monitors(elb)) == [first]
    assert show_pool(elb, demo.POOL).healthmonitor_id == first


def test_a_monitor_on_a_pool_off_any_load_balancer_is_accepted(elb: Any) -> None:
    monitor = create_health_monitor(elb, pool_id=demo.POOL_STANDALONE)
    assert show_pool(elb, demo.POOL_STANDALONE).healthmonitor_id == monitor.id


@pytest.mark.slow  # an app of its own with a seeded quota
def test_the_healthmonitor_quota_is_elb_8905(tmp_path: Path, database_url: str) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(f"projects:\n  - id: {demo.PROJECT}\n    quotas: {{healthmonitor: 2}}\n")
    app = create_app(Settings(database_url=database_url), snapshot=snapshot_for([seed], demo=True))
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        for pool_id in (demo.POOL, demo.POOL_HTTP):
            body = {"healthmonitor": {"pool_id": pool_id, **REQUIRED}}
            assert client.post(MONITORS, json=body).status_code == 201

        body = {"healthmonitor": {"pool_id": demo.POOL_DUALSTACK, **REQUIRED}}
        response = client.post(MONITORS, json=body)

        assert response.status_code == 409
        assert response.json()["error_code"] == QUOTA_EXCEEDED
        assert "healthmonitor" in response.json()["error_msg"]
        assert len(client.get(MONITORS).json()["healthmonitors"]) == 2
        pool = client.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}").json()["pool"]
        assert pool["healthmonitor_id"] is None


@pytest.mark.parametrize(
    ("pool_id", "monitor_type", "extra", "ok"),
    [
        (demo.POOL, "TCP", {}, True),
        (demo.POOL, "HTTP", {}, True),
        (demo.POOL, "HTTPS", {}, True),
        (demo.POOL, "TLS", {}, False),
        (demo.POOL, "GRPC", {}, False),
        (demo.POOL, "UDP_CONNECT", {}, False),
        (demo.POOL_AZ_AFFINITY, "UDP_CONNECT", {}, True),
        (demo.POOL_AZ_AFFINITY, "TCP", {}, False),
        (demo.POOL_AZ_AFFINITY, "HTTP", {}, False),
        (demo.POOL_HTTP, "TCP", {}, True),
        (demo.POOL_HTTP, "TLS", {}, True),
        (demo.POOL_HTTP, "GRPC", {}, True),
        (demo.POOL_HTTP, "UDP_CONNECT", {}, False),
        (demo.POOL_IP_PROTOCOL, "TCP", {"monitor_port": 80}, True),
        (demo.POOL_IP_PROTOCOL, "HTTP", {"monitor_port": 80}, True),
        (demo.POOL_IP_PROTOCOL, "TLS", {"monitor_port": 80}, False),
        (demo.POOL_IP_PROTOCOL, "TCP", {}, False),  # IP pools need monitor_port
        (demo.POOL_ANY_PORT, "TCP", {}, False),  # any-port pools need monitor_port
        (demo.POOL_ANY_PORT, "TCP", {"monitor_port": 80}, True),
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
    response = http.post(ELB + "/healthmonitors", json={"healthmonitor": body})
    if ok:
        assert_model_fields(assert_ok_response(response, 201), elb_v3.CreateHealthMonitorResponse)
    else:
        message = assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
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
    body = {
        "pool_id": demo.POOL,
        "type": "TCP",
        "delay": 5,
        "timeout": 3,
        "max_retries": 3,
        **fields,
    }
    before = state(http)
    response = http.post(ELB + "/healthmonitors", json={"healthmonitor": body})
    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert state(http) == before


@pytest.mark.parametrize("missing", ["pool_id", "type", "delay", "timeout", "max_retries"])
def test_create_monitor_required_fields(http: httpx.Client, missing: str) -> None:
    body = {"pool_id": demo.POOL, "type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3}
    del body[missing]
    response = http.post(ELB + "/healthmonitors", json={"healthmonitor": body})
    assert missing in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]


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
    pool_id = demo.POOL_HTTP if monitor_type == "GRPC" else demo.POOL
    body = {
        "pool_id": pool_id,
        "type": monitor_type,
        "delay": 5,
        "timeout": 3,
        "max_retries": 3,
        "expected_codes": codes,
    }
    response = http.post(ELB + "/healthmonitors", json={"healthmonitor": body})
    if ok:
        assert assert_ok_response(response, 201)["healthmonitor"]["expected_codes"] == codes
    else:
        assert "expected_codes" in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]


def test_one_monitor_per_pool(elb: Any, http: httpx.Client) -> None:
    post_monitor(http)
    before = state(http)
    option = CreateHealthMonitorOption(
        pool_id=demo.POOL, type="HTTP", delay=5, timeout=3, max_retries=3
    )
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    assert_refused(lambda: elb.create_health_monitor(request), 409, CONFLICT)
    assert state(http) == before


def test_monitor_on_unknown_pool_is_404(elb: Any) -> None:
    option = CreateHealthMonitorOption(
        pool_id="nope", type="TCP", delay=5, timeout=3, max_retries=3
    )
    request = CreateHealthMonitorRequest(CreateHealthMonitorRequestBody(healthmonitor=option))
    error = assert_refused(lambda: elb.create_health_monitor(request), 404, NOT_FOUND)
    assert error.error_msg == "pool nope could not be found."


# --- create: what the SDK cannot send --------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"delay": "5"}, "delay"),
        ({"delay": 5.0}, "delay"),
        ({"delay": True}, "delay"),
        ({"timeout": None}, "timeout"),
        ({"max_retries": 2**40}, "max_retries"),
        ({"admin_state_up": "true"}, "admin_state_up"),
        ({"monitor_port": "80"}, "monitor_port"),
        ({"type": 1}, "type"),
        ({"pool_id": 42}, "pool_id"),
        ({"name": ["x"]}, "name"),
        ({"expected_codes": 200}, "expected_codes"),
    ],
)
def test_a_wrong_json_type_is_elb_8902(
    http: httpx.Client, change: dict[str, Any], field: str
) -> None:
    body = {"healthmonitor": {"pool_id": demo.POOL, **REQUIRED, **change}}

    response = http.post(MONITORS, json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert field in response.json()["error_msg"]
    assert http.get(MONITORS).json()["healthmonitors"] == []


def test_an_unknown_attribute_is_elb_8902(http: httpx.Client) -> None:
    body = {"healthmonitor": {"pool_id": demo.POOL, **REQUIRED, "interval": 5, "foo": 1}}

    response = http.post(MONITORS, json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert response.json()["error_msg"] == "Unrecognized attribute(s) 'interval, foo'"


@pytest.mark.parametrize(
    "content", [b"", b"{", b"[]", b"null", b'{"healthmonitor": null}', b'{"monitor": {}}']
)
def test_an_unusable_body_is_elb_8902(http: httpx.Client, content: bytes) -> None:
    response = http.post(MONITORS, content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT


def test_null_optional_fields_take_their_defaults(http: httpx.Client) -> None:
    optional = ["max_retries_down", "admin_state_up", "monitor_port", "http_method", "url_path"]
    body = {"healthmonitor": {"pool_id": demo.POOL_HTTP, **REQUIRED, "type": "HTTP"}}
    body["healthmonitor"].update(dict.fromkeys(optional))

    response = http.post(MONITORS, json=body)

    assert response.status_code == 201, response.text
    monitor = response.json()["healthmonitor"]
    assert (monitor["max_retries_down"], monitor["admin_state_up"]) == (3, True)
    assert (monitor["monitor_port"], monitor["http_method"], monitor["url_path"]) == (
        None,
        "GET",
        "/",
    )


# --- show and delete -------------------------------------------------------------------------


def test_show_an_unknown_monitor_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_health_monitor(elb, demo.UNKNOWN_ID))
    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"healthmonitor {demo.UNKNOWN_ID} could not be found."


@pytest.mark.parametrize("monitor_id", ["x" * 1000, "%20", "..", "'; drop table pools; --"])
def test_ids_of_any_shape_are_not_found(http: httpx.Client, monitor_id: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        body = {"healthmonitor": {"name": "x"}} if method == "PUT" else None
        response = http.request(method, f"{MONITORS}/{monitor_id}", json=body)
        assert response.status_code == 404, (method, response.text)
        assert response.json()["error_code"] in (NOT_FOUND, API_NOT_FOUND)


def test_delete_clears_the_pool_and_is_204(elb: Any) -> None:
    monitor_id = create_health_monitor(elb).id

    delete_health_monitor(elb, monitor_id)

    assert show_pool(elb, demo.POOL).healthmonitor_id is None
    assert ids_of(list_health_monitors(elb)) == []
    assert_sdk_error(sdk_error(lambda: show_health_monitor(elb, monitor_id)), 404, NOT_FOUND)
    assert_sdk_error(sdk_error(lambda: delete_health_monitor(elb, monitor_id)), 404, NOT_FOUND)
    # the pool is free again
    create_health_monitor(elb)  # answered 201


def test_update_and_delete_of_an_unknown_monitor_are_elb_8904(elb: Any) -> None:
    assert_sdk_error(
        sdk_error(lambda: update_health_monitor(elb, demo.UNKNOWN_ID, delay=3)), 404, NOT_FOUND
    )
    assert_sdk_error(sdk_error(lambda: delete_health_monitor(elb, demo.UNKNOWN_ID)), 404, NOT_FOUND)


def test_show_update_delete_monitor_through_sdk(elb: Any, http: httpx.Client) -> None:
    monitor = post_monitor(http, type="HTTP")
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
    assert_model_fields(
        assert_ok_response(http.get(f"{ELB}/healthmonitors/{monitor['id']}")),
        elb_v3.ShowHealthMonitorResponse,
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
        error = assert_refused(call, 404, NOT_FOUND)
        assert error.error_msg == f"healthmonitor {monitor['id']} could not be found."


# --- pools follow their monitor ---------------------------------------------------------------


def test_the_pool_carries_its_monitor_and_can_be_found_by_it(elb: Any) -> None:
    monitor_id = create_health_monitor(elb).id

    assert show_pool(elb, demo.POOL).healthmonitor_id == monitor_id
    pools = elb.list_pools(ListPoolsRequest(healthmonitor_id=[monitor_id])).pools
    assert [pool.id for pool in pools] == [demo.POOL]


def test_a_pool_with_a_monitor_cannot_be_deleted_until_the_monitor_is(elb: Any) -> None:
    monitor_id = create_health_monitor(elb, pool_id=demo.POOL_STANDALONE).id

    error = sdk_error(lambda: elb.delete_pool(DeletePoolRequest(pool_id=demo.POOL_STANDALONE)))
    assert_sdk_error(error, 409, CONFLICT)
    assert show_pool(elb, demo.POOL_STANDALONE).healthmonitor_id == monitor_id

    delete_health_monitor(elb, monitor_id)
    assert elb.delete_pool(DeletePoolRequest(pool_id=demo.POOL_STANDALONE)).status_code == 204


# --- members follow their pool's monitor --------------------------------------------------------


def member_health(elb: Any, pool_id: str, member_id: str) -> list[tuple[str, Any]]:
    """(top-level status, per-listener statuses) from show_member and from list_members."""
    shown = elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id)).member
    listed = elb.list_members(ListMembersRequest(pool_id=pool_id, id=[member_id])).members[0]
    return [
        (member.operating_status, [(s.listener_id, s.operating_status) for s in member.status])
        for member in (shown, listed)
    ]


def expect(status: str) -> list[tuple[str, Any]]:
    return [(status, [(demo.LISTENER, status)])] * 2


def test_member_health_follows_the_monitor(elb: Any) -> None:
    # members at a cloud server: the monitor decides; the one at no server stays OFFLINE
    first, serverless = add_members(
        elb, demo.POOL, on_subnet(ECS_1_ADDRESS), on_subnet("192.168.0.20")
    )
    assert first.operating_status == "NO_MONITOR"
    assert [(s.listener_id, s.operating_status) for s in first.status] == [
        (demo.LISTENER, "NO_MONITOR")
    ]

    monitor_id = create_health_monitor(elb).id
    assert member_health(elb, demo.POOL, first.id) == expect("INITIAL")
    second = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS, 81))[0]
    assert second.operating_status == "INITIAL"
    assert [s.operating_status for s in second.status] == ["INITIAL"]
    initial = elb.list_members(ListMembersRequest(pool_id=demo.POOL, operating_status=["INITIAL"]))
    assert {member.id for member in initial.members} == {first.id, second.id}

    update_health_monitor(elb, monitor_id, admin_state_up=False)
    assert member_health(elb, demo.POOL, first.id) == expect("NO_MONITOR")
    update_health_monitor(elb, monitor_id, admin_state_up=True)
    assert member_health(elb, demo.POOL, second.id) == expect("INITIAL")

    delete_health_monitor(elb, monitor_id)
    assert member_health(elb, demo.POOL, first.id) == expect("NO_MONITOR")
    assert member_health(elb, demo.POOL, second.id) == expect("NO_MONITOR")
    assert member_health(elb, demo.POOL, serverless.id) == expect("OFFLINE")


def test_a_disabled_monitor_leaves_members_without_monitor(elb: Any) -> None:
    member = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS))[0]

    create_health_monitor(elb, admin_state_up=False)

    assert member_health(elb, demo.POOL, member.id) == expect("NO_MONITOR")


def test_members_of_a_pool_off_any_load_balancer_stay_unknown(elb: Any) -> None:
    member = add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.23"))[0]
    assert member.operating_status == "UNKNOWN"

    create_health_monitor(elb, pool_id=demo.POOL_STANDALONE)

    assert member_health(elb, demo.POOL_STANDALONE, member.id) == [("UNKNOWN", [])] * 2


def test_member_status_follows_the_monitor(elb: Any, http: httpx.Client) -> None:
    member = sdk_create_member(elb)
    assert sdk_member_status(elb, demo.POOL, member.id) == (
        "NO_MONITOR",
        [(demo.LISTENER, "NO_MONITOR")],
    )
    monitor = post_monitor(http)
    assert sdk_member_status(elb, demo.POOL, member.id) == ("INITIAL", [(demo.LISTENER, "INITIAL")])
    disable = UpdateHealthMonitorRequest(
        healthmonitor_id=monitor["id"],
        body=UpdateHealthMonitorRequestBody(UpdateHealthMonitorOption(admin_state_up=False)),
    )
    assert elb.update_health_monitor(disable).healthmonitor.admin_state_up is False
    assert sdk_member_status(elb, demo.POOL, member.id) == (
        "NO_MONITOR",
        [(demo.LISTENER, "NO_MONITOR")],
    )
    enable = UpdateHealthMonitorRequest(
        healthmonitor_id=monitor["id"],
        body=UpdateHealthMonitorRequestBody(UpdateHealthMonitorOption(admin_state_up=True)),
    )
    elb.update_health_monitor(enable)
    assert sdk_member_status(elb, demo.POOL, member.id) == ("INITIAL", [(demo.LISTENER, "INITIAL")])
    response = elb.delete_health_monitor(DeleteHealthMonitorRequest(healthmonitor_id=monitor["id"]))
    assert response.status_code == 204
    assert sdk_member_status(elb, demo.POOL, member.id) == (
        "NO_MONITOR",
        [(demo.LISTENER, "NO_MONITOR")],
    )
    assert http.get(f"{ELB}/pools/{demo.POOL}").json()["pool"]["healthmonitor_id"] is None


def test_member_of_a_pool_on_no_load_balancer_is_unknown(elb: Any, http: httpx.Client) -> None:
    member = sdk_create_member(elb, demo.POOL_STANDALONE)
    assert sdk_member_status(elb, demo.POOL_STANDALONE, member.id) == ("UNKNOWN", [])
    post_monitor(http, pool_id=demo.POOL_STANDALONE)
    assert sdk_member_status(elb, demo.POOL_STANDALONE, member.id) == ("UNKNOWN", [])


# --- update ----------------------------------------------------------------------------------


def test_update_changes_only_the_given_fields(elb: Any) -> None:
    created = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP", name="before")

    monitor = update_health_monitor(
        elb,
        created.id,
        name="after",
        delay=10,
        timeout=9,
        max_retries=2,
        max_retries_down=7,
        monitor_port=8443,
        http_method="POST",
        url_path="/ping",
        domain_name="health.example.com",
        expected_codes="200,301",
    )

    assert (monitor.name, monitor.delay, monitor.timeout) == ("after", 10, 9)
    assert (monitor.max_retries, monitor.max_retries_down) == (2, 7)
    assert (monitor.monitor_port, monitor.http_method, monitor.url_path) == (8443, "POST", "/ping")
    assert (monitor.domain_name, monitor.expected_codes) == ("health.example.com", "200,301")
    assert (monitor.type, monitor.admin_state_up) == ("HTTP", True)
    assert [pool.id for pool in monitor.pools] == [demo.POOL_HTTP]
    assert monitor.created_at == created.created_at and TIME.match(monitor.updated_at)
    assert show_health_monitor(elb, created.id).to_dict() == monitor.to_dict()


def test_update_of_the_type_must_suit_the_pool(elb: Any) -> None:
    monitor_id = create_health_monitor(elb).id

    error = sdk_error(lambda: update_health_monitor(elb, monitor_id, type="UDP_CONNECT"))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "type" in error.error_msg
    assert show_health_monitor(elb, monitor_id).type == "TCP"


def test_changing_the_type_fills_the_request_defaults(elb: Any) -> None:
    monitor_id = create_health_monitor(elb, pool_id=demo.POOL_HTTP).id

    to_http = update_health_monitor(elb, monitor_id, type="HTTP")
    assert (to_http.http_method, to_http.url_path, to_http.expected_codes) == ("GET", "/", "200")

    # "200" is no gRPC status: the codes follow the new type
    to_grpc = update_health_monitor(elb, monitor_id, type="GRPC")
    assert (to_grpc.url_path, to_grpc.expected_codes) == ("/", "0")

    back = update_health_monitor(elb, monitor_id, type="HTTP", expected_codes="204")
    assert back.expected_codes == "204"


def test_a_type_change_keeps_the_codes_the_client_set(elb: Any) -> None:
    monitor_id = create_health_monitor(
        elb, pool_id=demo.POOL_HTTP, type="HTTP", expected_codes="201"
    ).id

    # TCP checks take HTTP codes: 201 stays, and comes back with HTTP
    assert update_health_monitor(elb, monitor_id, type="TCP").expected_codes == "201"
    assert update_health_monitor(elb, monitor_id, type="HTTPS").expected_codes == "201"
    assert update_health_monitor(elb, monitor_id, type="HTTP").expected_codes == "201"


@pytest.mark.parametrize(
    ("old_type", "codes", "new_type"),
    [
        pytest.param("HTTP", "201", "GRPC", id="http-201-to-grpc"),
        pytest.param("HTTP", "200-299", "GRPC", id="http-range-to-grpc"),
        pytest.param("GRPC", "12", "HTTP", id="grpc-12-to-http"),
        pytest.param("GRPC", "0,5", "TCP", id="grpc-list-to-tcp"),
    ],
)
def test_a_type_change_refuses_kept_codes_the_new_type_does_not_take(
    elb: Any, old_type: str, codes: str, new_type: str
) -> None:
    created = create_health_monitor(
        elb, pool_id=demo.POOL_HTTP, type=old_type, expected_codes=codes
    )

    error = sdk_error(lambda: update_health_monitor(elb, created.id, type=new_type))

    assert_sdk_error(error, 400, INVALID_INPUT, "'expected_codes'")
    assert f"{codes} does not suit {new_type}" in error.error_msg
    assert show_health_monitor(elb, created.id) == created
    # sent along with the type, codes of the new type are taken
    fixed = "7" if new_type == "GRPC" else "204"
    changed = update_health_monitor(elb, created.id, type=new_type, expected_codes=fixed)
    assert (changed.type, changed.expected_codes) == (new_type, fixed)


def test_a_default_code_follows_the_type_there_and_back(elb: Any) -> None:
    """HTTP -> GRPC -> HTTP of a monitor created without codes: each type's default."""
    monitor_id = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP").id

    assert update_health_monitor(elb, monitor_id, type="GRPC").expected_codes == "0"
    assert update_health_monitor(elb, monitor_id, type="HTTP").expected_codes == "200"


# pool_id and project_id are no fields of UpdateHealthMonitorOption (see the raw test below)
UPDATE_OUT_OF_RANGE = [case for case in OUT_OF_RANGE if case[0] not in ("pool_id", "project_id")]


@pytest.mark.parametrize(("field", "value"), UPDATE_OUT_OF_RANGE)
def test_update_refuses_values_out_of_range(elb: Any, field: str, value: Any) -> None:
    created = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP")

    error = sdk_error(lambda: update_health_monitor(elb, created.id, **{field: value}))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg
    assert show_health_monitor(elb, created.id) == created


@pytest.mark.parametrize(
    ("field", "value"),
    [("url_path", "nope"), ("domain_name", "_x"), ("expected_codes", "200-")],
)
def test_update_refuses_bad_request_fields(elb: Any, field: str, value: str) -> None:
    created = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="HTTP")

    error = sdk_error(lambda: update_health_monitor(elb, created.id, **{field: value}))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg
    assert show_health_monitor(elb, created.id) == created


def test_update_checks_codes_against_the_type(elb: Any) -> None:
    monitor_id = create_health_monitor(elb, pool_id=demo.POOL_HTTP, type="GRPC").id

    error = sdk_error(lambda: update_health_monitor(elb, monitor_id, expected_codes="200"))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_health_monitor(elb, monitor_id).expected_codes == "0"


def test_update_keeps_the_monitor_port_of_an_any_port_pool(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_health_monitor(elb, pool_id=demo.POOL_ANY_PORT, monitor_port=81).id

    response = http.put(f"{MONITORS}/{monitor_id}", json={"healthmonitor": {"monitor_port": None}})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert "monitor_port" in response.json()["error_msg"]
    assert show_health_monitor(elb, monitor_id).monitor_port == 81


def test_null_clears_monitor_port_and_domain_name(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_health_monitor(
        elb, pool_id=demo.POOL_HTTP, type="HTTP", monitor_port=81, domain_name="a.example"
    ).id
    body = {"healthmonitor": {"monitor_port": None, "domain_name": None, "delay": None}}

    response = http.put(f"{MONITORS}/{monitor_id}", json=body)

    assert response.status_code == 200, response.text
    monitor = response.json()["healthmonitor"]
    assert (monitor["monitor_port"], monitor["domain_name"]) == (None, None)
    # null for any other field is "not given", as the SDK means it
    assert monitor["delay"] == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"healthmonitor": {"pool_id": demo.POOL_HTTP}}, "Unrecognized attribute(s) 'pool_id'"),
        ({"healthmonitor": {"project_id": demo.PROJECT}}, "Unrecognized attribute(s) 'project_id'"),
        ({"healthmonitor": {"delay": "3"}}, "delay"),
        ({"healthmonitor": {"admin_state_up": 0}}, "admin_state_up"),
        ({"healthmonitor": []}, "healthmonitor"),
        ({}, "healthmonitor"),
    ],
)
def test_update_refuses_what_the_sdk_cannot_send(
    http: httpx.Client, elb: Any, body: dict[str, Any], message: str
) -> None:
    created = create_health_monitor(elb)

    response = http.put(f"{MONITORS}/{created.id}", json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert show_health_monitor(elb, created.id) == created


def test_an_empty_update_changes_nothing(http: httpx.Client, elb: Any) -> None:
    created = create_health_monitor(elb)

    response = http.put(f"{MONITORS}/{created.id}", json={"healthmonitor": {}})

    assert response.status_code == 200
    assert response.json()["healthmonitor"]["delay"] == created.delay


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
        ({"pool_id": demo.POOL_STANDALONE}, "pool_id"),  # not in UpdateHealthMonitorOption
        ({"foo": 1}, "foo"),
    ],
)
def test_update_monitor_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    monitor = post_monitor(http, type="HTTP")
    before = state(http)
    response = http.put(f"{ELB}/healthmonitors/{monitor['id']}", json={"healthmonitor": fields})
    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert state(http) == before


# --- list: filters and paging ------------------------------------------------------------------


@pytest.fixture
def three_monitors(elb: Any) -> dict[str, str]:
    """Three monitors that differ in every filterable field."""
    tcp = create_health_monitor(elb, pool_id=demo.POOL, name="tcp", monitor_port=81).id
    http_monitor = create_health_monitor(
        elb,
        pool_id=demo.POOL_HTTP,
        type="HTTP",
        name="http",
        delay=10,
        timeout=4,
        max_retries=5,
        max_retries_down=5,
        http_method="HEAD",
        url_path="/h",
        domain_name="h.example",
        expected_codes="200-204",
    ).id
    udp = create_health_monitor(
        elb,
        pool_id=demo.POOL_AZ_AFFINITY,
        type="UDP_CONNECT",
        name="udp",
        delay=20,
        timeout=6,
        max_retries=7,
        max_retries_down=9,
        admin_state_up=False,
        monitor_port=82,
    ).id
    return {"tcp": tcp, "http": http_monitor, "udp": udp}


LIST_FILTERS = [
    ({"name": ["tcp"]}, {"tcp"}),
    ({"name": ["tcp", "udp"]}, {"tcp", "udp"}),
    ({"monitor_port": [81, 82]}, {"tcp", "udp"}),
    ({"domain_name": ["h.example"]}, {"http"}),
    ({"delay": [5, 20]}, {"tcp", "udp"}),
    ({"max_retries": [5]}, {"http"}),
    ({"max_retries_down": [3, 9]}, {"tcp", "udp"}),
    ({"admin_state_up": False}, {"udp"}),
    ({"admin_state_up": True}, {"tcp", "http"}),
    ({"timeout": 4}, {"http"}),
    ({"type": ["TCP", "UDP_CONNECT"]}, {"tcp", "udp"}),
    ({"expected_codes": ["200-204"]}, {"http"}),
    ({"url_path": ["/h"]}, {"http"}),
    ({"http_method": ["HEAD"]}, {"http"}),
    ({"http_method": ["HEAD", "GET"]}, {"tcp", "http", "udp"}),  # GET: the default of all
    ({"expected_codes": ["200"]}, {"tcp", "udp"}),
    ({"enterprise_project_id": ["0"]}, {"tcp", "http", "udp"}),
    ({"enterprise_project_id": ["all_granted_eps"]}, {"tcp", "http", "udp"}),
    ({"enterprise_project_id": ["other"]}, set()),
    ({"type": ["TCP", "HTTP"], "delay": [10, 20]}, {"http"}),
    ({"name": ["nobody"]}, set()),
]


@pytest.mark.parametrize(("query", "expected"), LIST_FILTERS)
def test_every_list_filter(
    elb: Any, three_monitors: dict[str, str], query: dict[str, Any], expected: set[str]
) -> None:
    assert set(ids_of(list_health_monitors(elb, **query))) == {
        three_monitors[name] for name in expected
    }


def test_list_by_id(elb: Any, three_monitors: dict[str, str]) -> None:
    ids = [three_monitors["tcp"], three_monitors["udp"], demo.UNKNOWN_ID]
    assert set(ids_of(list_health_monitors(elb, id=ids))) == {
        three_monitors["tcp"],
        three_monitors["udp"],
    }


@pytest.mark.parametrize(
    "query",
    [
        "delay=x",
        "monitor_port=80.5",
        "timeout=99999999999",
        "admin_state_up=maybe",
        "limit=-1",
        "limit=2001",
        "limit=x",
        "page_reverse=sideways",
        f"marker={demo.UNKNOWN_ID}",
    ],
)
def test_bad_query_values_are_elb_8902(http: httpx.Client, query: str) -> None:
    response = http.get(f"{MONITORS}?{query}")

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT


def test_unknown_query_keys_are_ignored(http: httpx.Client, three_monitors: dict[str, str]) -> None:
    response = http.get(f"{MONITORS}?pool_id=x&whatever=1")
    assert response.status_code == 200
    assert len(response.json()["healthmonitors"]) == 3


def test_paging_walks_forward_and_back(elb: Any, three_monitors: dict[str, str]) -> None:
    everything = sorted(three_monitors.values())

    first = elb.list_health_monitors(ListHealthMonitorsRequest(limit=2))
    assert [m.id for m in first.healthmonitors] == everything[:2]
    assert first.page_info.next_marker == everything[1]
    assert first.page_info.current_count == 2

    second = elb.list_health_monitors(
        ListHealthMonitorsRequest(limit=2, marker=first.page_info.next_marker)
    )
    assert [m.id for m in second.healthmonitors] == everything[2:]
    assert second.page_info.next_marker is None

    back = elb.list_health_monitors(
        ListHealthMonitorsRequest(
            limit=2, marker=second.page_info.previous_marker, page_reverse=True
        )
    )
    assert [m.id for m in back.healthmonitors] == everything[:2]
    assert ids_of(list_health_monitors(elb, limit=0)) == []


def test_another_projects_monitors_are_invisible(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_health_monitor(elb).id
    other = f"/v3/{'0' * 32}/elb/healthmonitors"

    shown = http.get(f"{other}/{monitor_id}")
    assert shown.status_code == 404
    assert shown.json()["error_code"] == NOT_FOUND
    assert http.get(other).json()["healthmonitors"] == []
    body = {"healthmonitor": {"pool_id": demo.POOL_HTTP, **REQUIRED}}
    assert http.post(other, json=body).status_code == 404  # the pool is not theirs either


def test_list_monitors_through_sdk(elb: Any, http: httpx.Client) -> None:
    http_monitor = post_monitor(http, type="HTTP", domain_name="a.example.com")
    udp_monitor = post_monitor(
        http,
        pool_id=demo.POOL_AZ_AFFINITY,
        type="UDP_CONNECT",
        delay=7,
        max_retries=2,
        monitor_port=53,
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
    body = assert_ok_response(http.get(ELB + "/healthmonitors"))
    assert_model_fields(body, elb_v3.ListHealthMonitorsResponse)


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
    assert_error_response(http.get(ELB + "/healthmonitors", params=params), 400, INVALID_INPUT)


# --- a pool's healthmonitor_id is the monitor's, within one transaction too ---------------


def test_a_pool_loaded_before_its_monitor_changes_reads_the_new_healthmonitor_id(
    demo_snapshot: Snapshot, database_url: str
) -> None:
    """Pool.healthmonitor_id is read from the monitors: a pool the same transaction already
    holds sees the monitor it gets and then loses."""
    database = Database(database_url)
    try:
        database.prepare(lambda: demo_snapshot)
        with database.transaction(project_id=demo.PROJECT) as session:
            pool = pool_service.show_pool(session, project_id=demo.PROJECT, pool_id=demo.POOL)
            assert pool.healthmonitor_id is None
            option = monitor_schemas.CreateHealthMonitorOption(
                pool_id=demo.POOL, type="TCP", delay=5, timeout=3, max_retries=3
            )
            monitor = monitor_service.create_health_monitor(
                session, project_id=demo.PROJECT, option=option
            )
            assert pool.healthmonitor_id == monitor.id
            monitor_service.delete_health_monitor(
                session, project_id=demo.PROJECT, healthmonitor_id=monitor.id
            )
            assert pool.healthmonitor_id is None
    finally:
        database.dispose()
