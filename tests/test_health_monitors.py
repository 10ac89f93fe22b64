"""Health monitors through the official SDK: create (defaults, every refusal), show, list
(filters, paging), update, delete, and how pools and members follow their monitor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    CreateHealthMonitorOption,
    CreateHealthMonitorRequest,
    CreateHealthMonitorRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    CreatePoolSessionPersistenceOption,
    DeleteHealthMonitorRequest,
    DeletePoolRequest,
    ListHealthMonitorsRequest,
    ListMembersRequest,
    ListPoolsRequest,
    ShowHealthMonitorRequest,
    ShowMemberRequest,
    ShowPoolRequest,
    UpdateHealthMonitorOption,
    UpdateHealthMonitorRequest,
    UpdateHealthMonitorRequestBody,
)
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.seed import snapshot_for
from tests import demo
from tests.conftest import AUTH
from tests.sdk_checks import assert_json_model, sdk_error

MONITORS = f"/v3/{demo.PROJECT}/elb/healthmonitors"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
MONITOR_NULLABLE = frozenset(
    {"monitor_port", "http_method", "url_path", "domain_name", "expected_codes"}
)
REQUIRED = {"type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3}


def create_monitor(elb: Any, pool_id: str = demo.POOL, **fields: Any) -> Any:
    option = CreateHealthMonitorOption(**{"pool_id": pool_id, **REQUIRED, **fields})
    request = CreateHealthMonitorRequest(body=CreateHealthMonitorRequestBody(healthmonitor=option))
    return elb.create_health_monitor(request)


def create_error(elb: Any, pool_id: str = demo.POOL, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: create_monitor(elb, pool_id, **fields))


def update_monitor(elb: Any, monitor_id: str, **fields: Any) -> Any:
    body = UpdateHealthMonitorRequestBody(healthmonitor=UpdateHealthMonitorOption(**fields))
    return elb.update_health_monitor(
        UpdateHealthMonitorRequest(healthmonitor_id=monitor_id, body=body)
    )


def show_monitor(elb: Any, monitor_id: str) -> Any:
    return elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor_id))


def delete_monitor(elb: Any, monitor_id: str) -> Any:
    return elb.delete_health_monitor(DeleteHealthMonitorRequest(healthmonitor_id=monitor_id))


def listed_ids(elb: Any, **query: Any) -> list[str]:
    response = elb.list_health_monitors(ListHealthMonitorsRequest(**query))
    return [monitor.id for monitor in response.healthmonitors]


def show_pool(elb: Any, pool_id: str) -> Any:
    return elb.show_pool(ShowPoolRequest(pool_id=pool_id)).pool


def assert_rejected(error: ClientRequestException, status: int, code: str) -> None:
    assert (error.status_code, error.error_code) == (status, code), error.error_msg


def assert_nothing_created(elb: Any, pool_id: str = demo.POOL) -> None:
    assert listed_ids(elb) == []
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
    request = CreatePoolRequest(body=CreatePoolRequestBody(pool=CreatePoolOption(**fields)))
    pool_id: str = elb.create_pool(request).pool.id
    return pool_id


# --- create: what a new monitor looks like ------------------------------------------------


def test_create_a_tcp_monitor_with_the_defaults(elb: Any) -> None:
    response = create_monitor(elb)

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
    monitor = create_monitor(elb, demo.POOL_HTTP, type=monitor_type).healthmonitor

    assert monitor.type == monitor_type
    assert monitor.url_path == "/"
    assert monitor.http_method == method
    assert monitor.expected_codes == codes
    assert monitor.domain_name is None


def test_create_with_every_field(elb: Any) -> None:
    monitor = create_monitor(
        elb,
        demo.POOL_HTTP,
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
    ).healthmonitor

    assert monitor.admin_state_up is False
    assert (monitor.delay, monitor.timeout, monitor.max_retries) == (50, 50, 10)
    assert monitor.max_retries_down == 1
    assert monitor.monitor_port == 8080
    assert monitor.http_method == "HEAD"
    assert monitor.url_path == "/health/check.html?a&b#top"
    assert monitor.domain_name == "www.example-1.com"
    assert monitor.expected_codes == "200-204"
    assert monitor.name == "n" * 255
    assert show_monitor(elb, monitor.id).healthmonitor.to_dict() == monitor.to_dict()


def test_a_timeout_above_the_delay_is_accepted(elb: Any) -> None:
    # "recommended to be less than delay", not required: the OTC example sends 30 over 1
    monitor = create_monitor(elb, delay=1, timeout=30).healthmonitor
    assert (monitor.delay, monitor.timeout) == (1, 30)


def test_request_fields_of_a_tcp_monitor_are_kept_without_effect(elb: Any) -> None:
    # the SDK: "其他协议可以设置但不会生效" - accepted and stored, as the cloud's list
    # example shows a UDP_CONNECT monitor carrying url_path and domain_name
    monitor = create_monitor(
        elb, url_path="/world", domain_name="a.b", expected_codes="202", http_method="POST"
    ).healthmonitor
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


# --- create: every refusal ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["type", "delay", "timeout", "max_retries"])
def test_a_missing_required_field_is_elb_8902(elb: Any, field: str) -> None:
    error = create_error(elb, **{field: None})  # the SDK leaves None out of the body

    assert_rejected(error, 400, "ELB.8902")
    assert field in error.error_msg
    assert_nothing_created(elb)


def test_a_missing_pool_id_is_elb_8902(elb: Any) -> None:
    error = create_error(elb, pool_id=None)
    assert_rejected(error, 400, "ELB.8902")
    assert "pool_id" in error.error_msg


def test_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = create_error(elb, UNKNOWN_ID)

    assert_rejected(error, 404, "ELB.8904")
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."
    assert listed_ids(elb) == []


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
    error = create_error(elb, **{field: value})

    assert_rejected(error, 400, "ELB.8902")
    assert field in error.error_msg
    assert_nothing_created(elb)


BAD_URL_PATHS = ["health", "", "/a b", "/a=b", "/caf\u00e9", "/" + "a" * 80, "\\health"]


@pytest.mark.parametrize("url_path", BAD_URL_PATHS)
def test_a_bad_url_path_is_elb_8902(elb: Any, url_path: str) -> None:
    error = create_error(elb, demo.POOL_HTTP, type="HTTP", url_path=url_path)

    assert_rejected(error, 400, "ELB.8902")
    assert "url_path" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize(
    "url_path", ["/", "/a-b/c.d%20e?f#g&h", "/_;~!()*[]@$^:',+", "/" + "a" * 79]
)
def test_a_documented_url_path_is_accepted(elb: Any, url_path: str) -> None:
    monitor = create_monitor(elb, demo.POOL_HTTP, type="HTTP", url_path=url_path).healthmonitor
    assert monitor.url_path == url_path


BAD_DOMAIN_NAMES = ["-example.com", ".example.com", "exa_mple.com", "ex ample", "", "a" * 101]


@pytest.mark.parametrize("domain_name", BAD_DOMAIN_NAMES)
def test_a_bad_domain_name_is_elb_8902(elb: Any, domain_name: str) -> None:
    error = create_error(elb, demo.POOL_HTTP, type="HTTP", domain_name=domain_name)

    assert_rejected(error, 400, "ELB.8902")
    assert "domain_name" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize("domain_name", ["example.com", "1.2.3.4", "a", "a-b..c", "a" * 100])
def test_a_documented_domain_name_is_accepted(elb: Any, domain_name: str) -> None:
    monitor = create_monitor(elb, demo.POOL_HTTP, type="HTTP", domain_name=domain_name)
    assert monitor.healthmonitor.domain_name == domain_name


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
    error = create_error(elb, demo.POOL_HTTP, type="HTTP", expected_codes=codes)

    assert_rejected(error, 400, "ELB.8902")
    assert "expected_codes" in error.error_msg
    assert_nothing_created(elb, demo.POOL_HTTP)


@pytest.mark.parametrize(
    "codes", ["200", "599", "200,202", "200,202,301,404", "200-204", "200-200"]
)
def test_documented_http_expected_codes_are_accepted(elb: Any, codes: str) -> None:
    monitor = create_monitor(elb, demo.POOL_HTTP, type="HTTP", expected_codes=codes)
    assert monitor.healthmonitor.expected_codes == codes


@pytest.mark.parametrize(
    ("codes", "accepted"),
    [("0", True), ("0-99", True), ("12,14", True), ("99", True), ("100", False), ("200", False)],
)
def test_grpc_expected_codes_have_their_own_range(elb: Any, codes: str, accepted: bool) -> None:
    if accepted:
        monitor = create_monitor(elb, demo.POOL_HTTP, type="GRPC", expected_codes=codes)
        assert monitor.healthmonitor.expected_codes == codes
    else:
        error = create_error(elb, demo.POOL_HTTP, type="GRPC", expected_codes=codes)
        assert_rejected(error, 400, "ELB.8902")
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
            monitor = create_monitor(elb, pool_id, **fields).healthmonitor
            assert monitor.type == monitor_type
            delete_monitor(elb, monitor.id)
        else:
            error = create_error(elb, pool_id, **fields)
            assert_rejected(error, 400, "ELB.8902")
            assert "type" in error.error_msg and protocol in error.error_msg
    assert listed_ids(elb) == []


def test_an_any_port_pool_needs_a_monitor_port(elb: Any) -> None:
    error = create_error(elb, demo.POOL_ANY_PORT)
    assert_rejected(error, 400, "ELB.8902")
    assert "monitor_port" in error.error_msg
    assert_nothing_created(elb, demo.POOL_ANY_PORT)

    monitor = create_monitor(elb, demo.POOL_ANY_PORT, monitor_port=8080).healthmonitor
    assert monitor.monitor_port == 8080


def test_an_ip_pool_needs_a_monitor_port(elb: Any) -> None:
    error = create_error(elb, demo.POOL_IP_PROTOCOL)
    assert_rejected(error, 400, "ELB.8902")
    assert "monitor_port" in error.error_msg
    assert_nothing_created(elb, demo.POOL_IP_PROTOCOL)

    monitor = create_monitor(elb, demo.POOL_IP_PROTOCOL, monitor_port=22).healthmonitor
    assert monitor.monitor_port == 22


def test_a_second_monitor_on_a_pool_is_elb_8907(elb: Any) -> None:
    first = create_monitor(elb).healthmonitor.id

    error = create_error(elb, type="HTTP")

    assert_rejected(error, 409, "ELB.8907")
    assert first in error.error_msg and demo.POOL in error.error_msg
    assert listed_ids(elb) == [first]
    assert show_pool(elb, demo.POOL).healthmonitor_id == first


def test_a_monitor_on_a_pool_off_any_load_balancer_is_accepted(elb: Any) -> None:
    monitor = create_monitor(elb, demo.POOL_STANDALONE).healthmonitor
    assert show_pool(elb, demo.POOL_STANDALONE).healthmonitor_id == monitor.id


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
        assert response.json()["error_code"] == "ELB.8905"
        assert "healthmonitor" in response.json()["error_msg"]
        assert len(client.get(MONITORS).json()["healthmonitors"]) == 2
        pool = client.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}").json()["pool"]
        assert pool["healthmonitor_id"] is None


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
    assert response.json()["error_code"] == "ELB.8902"
    assert field in response.json()["error_msg"]
    assert http.get(MONITORS).json()["healthmonitors"] == []


def test_an_unknown_attribute_is_elb_8902(http: httpx.Client) -> None:
    body = {"healthmonitor": {"pool_id": demo.POOL, **REQUIRED, "interval": 5, "foo": 1}}

    response = http.post(MONITORS, json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert response.json()["error_msg"] == "Unrecognized attribute(s) 'interval, foo'"


@pytest.mark.parametrize(
    "content", [b"", b"{", b"[]", b"null", b'{"healthmonitor": null}', b'{"monitor": {}}']
)
def test_an_unusable_body_is_elb_8902(http: httpx.Client, content: bytes) -> None:
    response = http.post(MONITORS, content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"


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
    error = sdk_error(lambda: show_monitor(elb, UNKNOWN_ID))
    assert_rejected(error, 404, "ELB.8904")
    assert error.error_msg == f"healthmonitor {UNKNOWN_ID} could not be found."


@pytest.mark.parametrize("monitor_id", ["x" * 1000, "%20", "..", "'; drop table pools; --"])
def test_ids_of_any_shape_are_not_found(http: httpx.Client, monitor_id: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        body = {"healthmonitor": {"name": "x"}} if method == "PUT" else None
        response = http.request(method, f"{MONITORS}/{monitor_id}", json=body)
        assert response.status_code == 404, (method, response.text)
        assert response.json()["error_code"] in ("ELB.8904", "APIGW.0101")


def test_delete_clears_the_pool_and_is_204(elb: Any) -> None:
    monitor_id = create_monitor(elb).healthmonitor.id

    response = delete_monitor(elb, monitor_id)

    assert response.status_code == 204
    assert show_pool(elb, demo.POOL).healthmonitor_id is None
    assert listed_ids(elb) == []
    assert_rejected(sdk_error(lambda: show_monitor(elb, monitor_id)), 404, "ELB.8904")
    assert_rejected(sdk_error(lambda: delete_monitor(elb, monitor_id)), 404, "ELB.8904")
    # the pool is free again
    assert create_monitor(elb).status_code == 201


def test_update_and_delete_of_an_unknown_monitor_are_elb_8904(elb: Any) -> None:
    assert_rejected(sdk_error(lambda: update_monitor(elb, UNKNOWN_ID, delay=3)), 404, "ELB.8904")
    assert_rejected(sdk_error(lambda: delete_monitor(elb, UNKNOWN_ID)), 404, "ELB.8904")


# --- pools follow their monitor ---------------------------------------------------------------


def test_the_pool_carries_its_monitor_and_can_be_found_by_it(elb: Any) -> None:
    monitor_id = create_monitor(elb).healthmonitor.id

    assert show_pool(elb, demo.POOL).healthmonitor_id == monitor_id
    pools = elb.list_pools(ListPoolsRequest(healthmonitor_id=[monitor_id])).pools
    assert [pool.id for pool in pools] == [demo.POOL]


def test_a_pool_with_a_monitor_cannot_be_deleted_until_the_monitor_is(elb: Any) -> None:
    monitor_id = create_monitor(elb, demo.POOL_STANDALONE).healthmonitor.id

    error = sdk_error(lambda: elb.delete_pool(DeletePoolRequest(pool_id=demo.POOL_STANDALONE)))
    assert_rejected(error, 409, "ELB.8907")
    assert show_pool(elb, demo.POOL_STANDALONE).healthmonitor_id == monitor_id

    delete_monitor(elb, monitor_id)
    assert elb.delete_pool(DeletePoolRequest(pool_id=demo.POOL_STANDALONE)).status_code == 204


# --- members follow their pool's monitor --------------------------------------------------------


def add_member(elb: Any, pool_id: str, address: str) -> Any:
    option = BatchCreateMembersOption(address=address, protocol_port=80, subnet_cidr_id=demo.SUBNET)
    request = BatchCreateMembersRequest(
        pool_id=pool_id, body=BatchCreateMembersRequestBody(members=[option])
    )
    return elb.batch_create_members(request).members[0]


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
    first = add_member(elb, demo.POOL, "192.168.0.20")
    assert first.operating_status == "NO_MONITOR"
    assert [(s.listener_id, s.operating_status) for s in first.status] == [
        (demo.LISTENER, "NO_MONITOR")
    ]

    monitor_id = create_monitor(elb).healthmonitor.id
    assert member_health(elb, demo.POOL, first.id) == expect("INITIAL")
    second = add_member(elb, demo.POOL, "192.168.0.21")
    assert second.operating_status == "INITIAL"
    assert [s.operating_status for s in second.status] == ["INITIAL"]
    initial = elb.list_members(ListMembersRequest(pool_id=demo.POOL, operating_status=["INITIAL"]))
    assert {member.id for member in initial.members} == {first.id, second.id}

    update_monitor(elb, monitor_id, admin_state_up=False)
    assert member_health(elb, demo.POOL, first.id) == expect("NO_MONITOR")
    update_monitor(elb, monitor_id, admin_state_up=True)
    assert member_health(elb, demo.POOL, second.id) == expect("INITIAL")

    delete_monitor(elb, monitor_id)
    assert member_health(elb, demo.POOL, first.id) == expect("NO_MONITOR")
    assert member_health(elb, demo.POOL, second.id) == expect("NO_MONITOR")


def test_a_disabled_monitor_leaves_members_without_monitor(elb: Any) -> None:
    member = add_member(elb, demo.POOL, "192.168.0.22")

    create_monitor(elb, admin_state_up=False)

    assert member_health(elb, demo.POOL, member.id) == expect("NO_MONITOR")


def test_members_of_a_pool_off_any_load_balancer_stay_unknown(elb: Any) -> None:
    member = add_member(elb, demo.POOL_STANDALONE, "192.168.0.23")
    assert member.operating_status == "UNKNOWN"

    create_monitor(elb, demo.POOL_STANDALONE)

    assert member_health(elb, demo.POOL_STANDALONE, member.id) == [("UNKNOWN", [])] * 2


# --- update ----------------------------------------------------------------------------------


def test_update_changes_only_the_given_fields(elb: Any) -> None:
    created = create_monitor(elb, demo.POOL_HTTP, type="HTTP", name="before").healthmonitor

    response = update_monitor(
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

    assert response.status_code == 200
    monitor = response.healthmonitor
    assert (monitor.name, monitor.delay, monitor.timeout) == ("after", 10, 9)
    assert (monitor.max_retries, monitor.max_retries_down) == (2, 7)
    assert (monitor.monitor_port, monitor.http_method, monitor.url_path) == (8443, "POST", "/ping")
    assert (monitor.domain_name, monitor.expected_codes) == ("health.example.com", "200,301")
    assert (monitor.type, monitor.admin_state_up) == ("HTTP", True)
    assert [pool.id for pool in monitor.pools] == [demo.POOL_HTTP]
    assert monitor.created_at == created.created_at and TIME.match(monitor.updated_at)
    assert show_monitor(elb, created.id).healthmonitor.to_dict() == monitor.to_dict()


def test_update_of_the_type_must_suit_the_pool(elb: Any) -> None:
    monitor_id = create_monitor(elb).healthmonitor.id

    error = sdk_error(lambda: update_monitor(elb, monitor_id, type="UDP_CONNECT"))

    assert_rejected(error, 400, "ELB.8902")
    assert "type" in error.error_msg
    assert show_monitor(elb, monitor_id).healthmonitor.type == "TCP"


def test_changing_the_type_fills_the_request_defaults(elb: Any) -> None:
    monitor_id = create_monitor(elb, demo.POOL_HTTP).healthmonitor.id

    to_http = update_monitor(elb, monitor_id, type="HTTP").healthmonitor
    assert (to_http.http_method, to_http.url_path, to_http.expected_codes) == ("GET", "/", "200")

    # "200" is no gRPC status: the codes follow the new type
    to_grpc = update_monitor(elb, monitor_id, type="GRPC").healthmonitor
    assert (to_grpc.url_path, to_grpc.expected_codes) == ("/", "0")

    back = update_monitor(elb, monitor_id, type="HTTP", expected_codes="204").healthmonitor
    assert back.expected_codes == "204"


# pool_id and project_id are no fields of UpdateHealthMonitorOption (see the raw test below)
UPDATE_OUT_OF_RANGE = [case for case in OUT_OF_RANGE if case[0] not in ("pool_id", "project_id")]


@pytest.mark.parametrize(("field", "value"), UPDATE_OUT_OF_RANGE)
def test_update_refuses_values_out_of_range(elb: Any, field: str, value: Any) -> None:
    created = create_monitor(elb, demo.POOL_HTTP, type="HTTP")

    error = sdk_error(lambda: update_monitor(elb, created.healthmonitor.id, **{field: value}))

    assert_rejected(error, 400, "ELB.8902")
    assert field in error.error_msg
    assert show_monitor(elb, created.healthmonitor.id).healthmonitor == created.healthmonitor


@pytest.mark.parametrize(
    ("field", "value"),
    [("url_path", "nope"), ("domain_name", "_x"), ("expected_codes", "200-")],
)
def test_update_refuses_bad_request_fields(elb: Any, field: str, value: str) -> None:
    created = create_monitor(elb, demo.POOL_HTTP, type="HTTP")

    error = sdk_error(lambda: update_monitor(elb, created.healthmonitor.id, **{field: value}))

    assert_rejected(error, 400, "ELB.8902")
    assert field in error.error_msg
    assert show_monitor(elb, created.healthmonitor.id).healthmonitor == created.healthmonitor


def test_update_checks_codes_against_the_type(elb: Any) -> None:
    monitor_id = create_monitor(elb, demo.POOL_HTTP, type="GRPC").healthmonitor.id

    error = sdk_error(lambda: update_monitor(elb, monitor_id, expected_codes="200"))

    assert_rejected(error, 400, "ELB.8902")
    assert show_monitor(elb, monitor_id).healthmonitor.expected_codes == "0"


def test_update_keeps_the_monitor_port_of_an_any_port_pool(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_monitor(elb, demo.POOL_ANY_PORT, monitor_port=81).healthmonitor.id

    response = http.put(f"{MONITORS}/{monitor_id}", json={"healthmonitor": {"monitor_port": None}})

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert "monitor_port" in response.json()["error_msg"]
    assert show_monitor(elb, monitor_id).healthmonitor.monitor_port == 81


def test_null_clears_monitor_port_and_domain_name(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_monitor(
        elb, demo.POOL_HTTP, type="HTTP", monitor_port=81, domain_name="a.example"
    ).healthmonitor.id
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
    created = create_monitor(elb)

    response = http.put(f"{MONITORS}/{created.healthmonitor.id}", json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert show_monitor(elb, created.healthmonitor.id).healthmonitor == created.healthmonitor


def test_an_empty_update_changes_nothing(http: httpx.Client, elb: Any) -> None:
    created = create_monitor(elb).healthmonitor

    response = http.put(f"{MONITORS}/{created.id}", json={"healthmonitor": {}})

    assert response.status_code == 200
    assert response.json()["healthmonitor"]["delay"] == created.delay


# --- list: filters and paging ------------------------------------------------------------------


@pytest.fixture
def three(elb: Any) -> dict[str, str]:
    """Three monitors that differ in every filterable field."""
    tcp = create_monitor(elb, demo.POOL, name="tcp", monitor_port=81).healthmonitor.id
    http_monitor = create_monitor(
        elb,
        demo.POOL_HTTP,
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
    ).healthmonitor.id
    udp = create_monitor(
        elb,
        demo.POOL_AZ_AFFINITY,
        type="UDP_CONNECT",
        name="udp",
        delay=20,
        timeout=6,
        max_retries=7,
        max_retries_down=9,
        admin_state_up=False,
        monitor_port=82,
    ).healthmonitor.id
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
    elb: Any, three: dict[str, str], query: dict[str, Any], expected: set[str]
) -> None:
    assert set(listed_ids(elb, **query)) == {three[name] for name in expected}


def test_list_by_id(elb: Any, three: dict[str, str]) -> None:
    ids = [three["tcp"], three["udp"], UNKNOWN_ID]
    assert set(listed_ids(elb, id=ids)) == {three["tcp"], three["udp"]}


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
        f"marker={UNKNOWN_ID}",
    ],
)
def test_bad_query_values_are_elb_8902(http: httpx.Client, query: str) -> None:
    response = http.get(f"{MONITORS}?{query}")

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"


def test_unknown_query_keys_are_ignored(http: httpx.Client, three: dict[str, str]) -> None:
    response = http.get(f"{MONITORS}?pool_id=x&whatever=1")
    assert response.status_code == 200
    assert len(response.json()["healthmonitors"]) == 3


def test_paging_walks_forward_and_back(elb: Any, three: dict[str, str]) -> None:
    everything = sorted(three.values())

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
    assert listed_ids(elb, limit=0) == []


def test_another_projects_monitors_are_invisible(http: httpx.Client, elb: Any) -> None:
    monitor_id = create_monitor(elb).healthmonitor.id
    other = f"/v3/{'0' * 32}/elb/healthmonitors"

    shown = http.get(f"{other}/{monitor_id}")
    assert shown.status_code == 404
    assert shown.json()["error_code"] == "ELB.8904"
    assert http.get(other).json()["healthmonitors"] == []
    body = {"healthmonitor": {"pool_id": demo.POOL_HTTP, **REQUIRED}}
    assert http.post(other, json=body).status_code == 404  # the pool is not theirs either
