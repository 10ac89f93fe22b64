"""Listeners (mockelb/services/listeners.py) through the official SDK and raw HTTP: create
(defaults, options, every refusal, ports per family), the default pool, show, list (every
filter, paging), update (and what Terraform sends to remove a setting), delete, force
delete, batch delete, quotas and seeds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
import yaml
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    CreateListenerIpGroupOption,
    CreateListenerOption,
    CreateListenerQuicConfigOption,
    CreateListenerRequest,
    CreateListenerRequestBody,
    DeleteListenerForceRequest,
    DeleteListenerRequest,
    ListenerInsertHeaders,
    ListListenersRequest,
    ListMembersRequest,
    PortRange,
    ShowListenerRequest,
    ShowLoadBalancerRequest,
    Tag,
    UpdateListenerIpGroupOption,
    UpdateListenerOption,
    UpdateListenerRequest,
    UpdateListenerRequestBody,
)
from huaweicloudsdkelb.v3 import model as elb_model
from starlette.testclient import TestClient

from mockelb.config import Settings
from mockelb.ids import utc_now
from mockelb.models import HealthMonitor, Pool
from mockelb.seed import SeedError, build_snapshot, parse_seed
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.certificates import server_certificate
from tests.error_codes import API_NOT_FOUND, CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    GATEWAY_LB,
    add_members,
    batch_delete_listeners,
    create_certificate,
    create_ip_group,
    create_listener,
    create_member,
    create_pool,
    create_security_policy,
    ids_of,
    list_listeners,
    listener_state,
    load_gateway_load_balancer,
    on_subnet,
    post_monitor,
    show_listener,
    show_pool,
    update_listener,
)
from tests.sdk_checks import (
    TIME,
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    sdk_error,
)

LISTENERS = f"/v3/{demo.PROJECT}/elb/listeners"
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"  # TCP:80 on LB_IP_TARGETS
DEMO_LISTENERS = sorted([demo.LISTENER, LISTENER_2])
ECS_1_ADDRESS = "192.168.0.10"
NULLABLE = frozenset(
    {
        "default_pool_id",
        "default_tls_container_ref",
        "client_ca_tls_container_ref",
        "tls_ciphers_policy",
        "security_policy_id",
        "client_timeout",
        "member_timeout",
        "ipgroup",
        "quic_config",
    }
)


@pytest.fixture
def gateway_lb(mockelb: MockElbServer) -> str:
    """The id of a gateway load balancer (the only kind that takes IP listeners)."""
    return load_gateway_load_balancer(mockelb)


def on_lb(protocol: str = "TCP", port: int | None = 8080, **fields: Any) -> dict[str, Any]:
    """The fields of a valid listener on the demo LB (a certificate where one is needed)."""
    base: dict[str, Any] = {"loadbalancer_id": demo.LB, "protocol": protocol}
    if port is not None:
        base["protocol_port"] = port
    if protocol in ("HTTPS", "TLS", "QUIC", "TERMINATED_HTTPS"):
        base["default_tls_container_ref"] = demo.CERTIFICATE
    return {**base, **fields}


def make(elb: Any, protocol: str = "TCP", port: int | None = 8080, **fields: Any) -> Any:
    """A new listener of this protocol and port on the demo LB (see on_lb)."""
    return create_listener(elb, **on_lb(protocol, port, **fields))


def create_listener_error(elb: Any, **fields: Any) -> ClientRequestException:
    """The SDK error create_listener raises for these fields."""
    return sdk_error(lambda: create_listener(elb, **fields))


def post_listener(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    """A TCP:90 listener on the demo LB (unless the fields say otherwise), made by raw HTTP."""
    body = {"loadbalancer_id": demo.LB, "protocol": "TCP", "protocol_port": 90, **fields}
    created: dict[str, Any] = assert_ok_response(
        http.post(ELB + "/listeners", json={"listener": body}), 201
    )["listener"]
    return created


# --- create: what a new listener looks like -----------------------------------------------


def test_create_a_tcp_listener_with_the_defaults(elb: Any) -> None:
    option = CreateListenerOption(loadbalancer_id=demo.LB, protocol="TCP", protocol_port=8080)
    response = elb.create_listener(
        CreateListenerRequest(body=CreateListenerRequestBody(listener=option))
    )

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    listener = response.listener
    assert listener.project_id == demo.PROJECT
    assert (listener.name, listener.description) == ("", "")
    assert (listener.protocol, listener.protocol_port) == ("TCP", 8080)
    assert [lb.id for lb in listener.loadbalancers] == [demo.LB]
    assert listener.admin_state_up is True
    assert listener.connection_limit == -1
    assert listener.default_pool_id is None
    assert listener.default_tls_container_ref is None
    assert listener.sni_container_refs == [] and listener.sni_match_algo == "wildcard"
    assert listener.tls_ciphers_policy is None
    assert listener.keepalive_timeout == 300
    assert listener.client_timeout is None and listener.member_timeout is None
    assert listener.transparent_client_ip_enable is True
    assert listener.enable_member_retry is True
    assert listener.http2_enable is False
    assert listener.proxy_protocol_enable is False
    assert listener.enhance_l7policy_enable is False
    assert listener.nat64_enable is False and listener.gzip_enable is False
    assert listener.port_ranges == [] and listener.tags == []
    assert (listener.cps, listener.connection) == (0, 0)
    assert listener.protection_status == "nonProtection" and listener.protection_reason == ""
    assert listener.enterprise_project_id == "0"
    assert listener.ipgroup is None and listener.quic_config is None
    assert TIME.match(listener.created_at) and listener.updated_at == listener.created_at
    assert show_listener(elb, listener.id).to_dict() == listener.to_dict()


def test_the_load_balancer_lists_its_new_listener(elb: Any) -> None:
    listener = make(elb)

    lb = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=demo.LB)).loadbalancer

    assert sorted(ref.id for ref in lb.listeners) == sorted([demo.LISTENER, listener.id])


@pytest.mark.parametrize(
    "listener",
    [
        pytest.param(on_lb("TCP"), id="tcp"),
        pytest.param(on_lb("UDP"), id="udp"),
        pytest.param(on_lb("HTTP"), id="http"),
        pytest.param(
            on_lb("HTTPS", 443, client_ca_tls_container_ref=demo.CA_CERTIFICATE), id="https"
        ),
        pytest.param(on_lb("QUIC", 443), id="quic"),
        pytest.param(
            on_lb("TLS", 0, port_ranges=[{"start_port": 1000, "end_port": 2000}]),
            id="tls-port-ranges",
        ),
        pytest.param(on_lb("IP", 0, loadbalancer_id=GATEWAY_LB), id="ip"),
        pytest.param(
            on_lb(
                "HTTPS",
                443,
                ipgroup={"ipgroup_id": demo.IPGROUP},
                insert_headers={"X-Forwarded-ELB-IP": True},
                tags=[{"key": "k", "value": "v"}],
            ),
            id="https-with-objects",
        ),
    ],
)
@pytest.mark.usefixtures("gateway_lb")
def test_created_listener_json_has_every_sdk_field_with_its_type(
    http: httpx.Client, listener: dict[str, Any]
) -> None:
    response = http.post(LISTENERS, json={"listener": listener})

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(elb_v3.CreateListenerResponse.openapi_types) <= set(body)
    assert_json_model(body["listener"], elb_v3.Listener, nullable=NULLABLE)
    shown = http.get(f"{LISTENERS}/{body['listener']['id']}")
    assert shown.status_code == 200
    assert set(elb_v3.ShowListenerResponse.openapi_types) <= set(shown.json())
    assert shown.json()["listener"] == body["listener"]


def test_create_an_https_listener_with_every_option_round_trips(elb: Any) -> None:
    policy_id = create_security_policy(elb).id
    ipgroup_ids = f"{demo.IPGROUP},{create_ip_group(elb, '10.0.0.0/8').id}"
    sni = [create_certificate(elb, domain=f"sni{i}.example.com").id for i in (1, 2)]
    listener = make(
        elb,
        "HTTPS",
        443,
        name="web",
        description="front door",
        http2_enable=True,
        client_ca_tls_container_ref=demo.CA_CERTIFICATE,
        sni_container_refs=sni,
        sni_match_algo="longest_suffix",
        tls_ciphers_policy="tls-1-2-strict",
        security_policy_id=policy_id,
        insert_headers=ListenerInsertHeaders(
            x_forwarded_elb_ip=True, x_forwarded_tls_cipher=True, x_forwarded_tls_cipher_alias="C"
        ),
        enable_member_retry=False,
        keepalive_timeout=0,
        client_timeout=10,
        member_timeout=300,
        ipgroup=CreateListenerIpGroupOption(ipgroup_id=ipgroup_ids, type="black"),
        enhance_l7policy_enable=True,
        protection_status="consoleProtection",
        protection_reason="keep it",
        gzip_enable=True,
        ssl_early_data_enable=True,
        cps=100,
        connection=1000000,
        tags=[Tag(key="env", value="test")],
    )

    assert (listener.name, listener.description) == ("web", "front door")
    assert listener.default_tls_container_ref == demo.CERTIFICATE
    assert listener.client_ca_tls_container_ref == demo.CA_CERTIFICATE
    assert listener.http2_enable is True
    assert listener.sni_container_refs == sni
    assert listener.sni_match_algo == "longest_suffix"
    assert listener.tls_ciphers_policy == "tls-1-2-strict"
    assert listener.security_policy_id == policy_id
    assert listener.insert_headers.x_forwarded_elb_ip is True
    assert listener.insert_headers.x_forwarded_tls_cipher_alias == "C"
    assert listener.enable_member_retry is False
    assert (listener.keepalive_timeout, listener.client_timeout) == (0, 10)
    assert listener.member_timeout == 300
    assert listener.ipgroup.ipgroup_id == ipgroup_ids
    assert (listener.ipgroup.enable_ipgroup, listener.ipgroup.type) == (True, "black")
    assert listener.enhance_l7policy_enable is True
    assert listener.protection_status == "consoleProtection"
    assert listener.protection_reason == "keep it"
    assert listener.gzip_enable is True and listener.ssl_early_data_enable is True
    assert (listener.cps, listener.connection) == (100, 1000000)
    assert [(tag.key, tag.value) for tag in listener.tags] == [("env", "test")]
    assert show_listener(elb, listener.id).to_dict() == listener.to_dict()


@pytest.mark.parametrize(
    ("protocol", "keepalive", "request_timeout", "policy"),
    [
        ("TCP", 300, None, None),
        ("UDP", 300, None, None),
        ("TLS", 300, None, "tls-1-2"),
        ("HTTP", 60, 60, None),
        ("HTTPS", 60, 60, "tls-1-2"),
        ("QUIC", 60, None, None),
    ],
)
def test_defaults_depend_on_the_protocol(
    elb: Any, protocol: str, keepalive: int, request_timeout: int | None, policy: str | None
) -> None:
    listener = make(elb, protocol, 8443)

    assert listener.keepalive_timeout == keepalive
    assert listener.client_timeout == request_timeout
    assert listener.member_timeout == request_timeout
    assert listener.tls_ciphers_policy == policy


def test_terminated_https_becomes_https_on_a_dedicated_load_balancer(elb: Any) -> None:
    assert make(elb, "TERMINATED_HTTPS", 443).protocol == "HTTPS"


def test_a_quic_listener_always_has_http2(elb: Any) -> None:
    assert make(elb, "QUIC", 443).http2_enable is True


def test_a_port_range_listener_has_port_0(elb: Any) -> None:
    ranges = [PortRange(start_port=2000, end_port=2999), PortRange(start_port=1000, end_port=1000)]
    listener = make(elb, "UDP", None, port_ranges=ranges)

    assert listener.protocol_port == 0
    assert [(r.start_port, r.end_port) for r in listener.port_ranges] == [
        (2000, 2999),
        (1000, 1000),
    ]


def test_an_ip_listener_listens_on_port_0(elb: Any, gateway_lb: str) -> None:
    assert make(elb, "IP", None, loadbalancer_id=gateway_lb).protocol_port == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"protocol_port": 80}, "'protocol_port'", id="ip-with-a-port"),
        pytest.param(
            {"protocol_port": 0, "port_ranges": [{"start_port": 1, "end_port": 2}]},
            "'port_ranges'",
            id="ip-with-ranges",
        ),
    ],
)
def test_an_ip_listener_takes_no_port(
    elb: Any, http: httpx.Client, gateway_lb: str, fields: dict[str, Any], field: str
) -> None:
    before = listener_state(http)

    error = create_listener_error(elb, loadbalancer_id=gateway_lb, protocol="IP", **fields)

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert field in error.error_msg
    assert listener_state(http) == before


def test_nat64_turns_the_client_ip_off(elb: Any) -> None:
    listener = make(elb, "UDP", nat64_enable=True)

    assert listener.nat64_enable is True
    assert listener.transparent_client_ip_enable is False


@pytest.mark.parametrize(("protocol", "enabled"), [("TLS", True), ("TCP", True), ("HTTP", False)])
def test_proxy_protocol_takes_effect_on_tcp_and_tls_only(
    elb: Any, protocol: str, enabled: bool
) -> None:
    assert make(elb, protocol, proxy_protocol_enable=True).proxy_protocol_enable is enabled


def test_a_quic_upgrade_names_a_quic_listener_of_the_same_load_balancer(elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    config = CreateListenerQuicConfigOption(quic_listener_id=quic.id, enable_quic_upgrade=True)

    listener = make(elb, "HTTPS", 443, quic_config=config)

    assert listener.quic_config.quic_listener_id == quic.id
    assert listener.quic_config.enable_quic_upgrade is True


def test_create_listener_tcp_through_sdk_with_documented_defaults(
    elb: Any, http: httpx.Client
) -> None:
    option = CreateListenerOption(loadbalancer_id=demo.LB, protocol="TCP", protocol_port=8080)
    response = elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option)))
    assert response.status_code == 201
    listener = response.listener
    assert (listener.protocol, listener.protocol_port) == ("TCP", 8080)
    assert [ref.id for ref in listener.loadbalancers] == [demo.LB]
    assert listener.keepalive_timeout == 300  # TCP/UDP/IP default
    assert listener.client_timeout is None and listener.member_timeout is None
    assert listener.admin_state_up is True
    assert listener.http2_enable is False
    assert listener.default_pool_id is None
    assert listener.connection_limit == -1
    assert listener.sni_match_algo == "wildcard"
    assert listener.transparent_client_ip_enable is True  # dedicated: true by default
    assert listener.enhance_l7policy_enable is False
    assert listener.project_id == demo.PROJECT
    body = assert_ok_response(http.get(f"{ELB}/listeners/{listener.id}"))
    assert_model_fields(body, elb_model.ShowListenerResponse)
    shown = body["listener"]
    assert TIME.match(shown["created_at"]) and TIME.match(shown["updated_at"])
    assert shown["name"] == "" and shown["description"] == ""
    assert shown["sni_container_refs"] == [] and shown["tags"] == []
    assert shown["cps"] == 0 and shown["connection"] == 0  # documented defaults
    assert shown["gzip_enable"] is False and shown["nat64_enable"] is False


def test_create_http_listener_timeouts_default_to_60(elb: Any) -> None:
    option = CreateListenerOption(loadbalancer_id=demo.LB, protocol="HTTP", protocol_port=8080)
    listener = elb.create_listener(
        CreateListenerRequest(CreateListenerRequestBody(option))
    ).listener
    assert (listener.keepalive_timeout, listener.client_timeout, listener.member_timeout) == (
        60,
        60,
        60,
    )


# --- create: refusals ---------------------------------------------------------------------

BAD_CREATES = [
    pytest.param(on_lb(loadbalancer_id=demo.UNKNOWN_ID), 404, NOT_FOUND, id="unknown-lb"),
    pytest.param(on_lb(port=None), 400, INVALID_INPUT, id="port-missing"),
    pytest.param(on_lb(port=0), 400, INVALID_INPUT, id="port-0-without-ranges"),
    pytest.param(on_lb(port=65536), 400, INVALID_INPUT, id="port-above-range"),
    pytest.param(on_lb(port=-1), 400, INVALID_INPUT, id="port-below-range"),
    # IP listeners belong to gateway load balancers (tests/test_loadbalancer_flavors.py)
    pytest.param(on_lb("IP", 0), 400, INVALID_INPUT, id="ip-on-no-gateway"),
    pytest.param(
        on_lb("HTTP", 0, port_ranges=[{"start_port": 1, "end_port": 2}]),
        400,
        INVALID_INPUT,
        id="ranges-on-http",
    ),
    pytest.param(
        on_lb("TCP", 80, port_ranges=[{"start_port": 1, "end_port": 2}]),
        400,
        INVALID_INPUT,
        id="ranges-with-a-port",
    ),
    pytest.param(
        on_lb("TCP", 0, port_ranges=[{"start_port": 10, "end_port": 5}]),
        400,
        INVALID_INPUT,
        id="range-ends-before-start",
    ),
    pytest.param(
        on_lb(
            "TCP",
            0,
            port_ranges=[{"start_port": 10, "end_port": 20}, {"start_port": 20, "end_port": 30}],
        ),
        400,
        INVALID_INPUT,
        id="ranges-overlap",
    ),
    pytest.param(
        on_lb("TCP", 0, port_ranges=[{"start_port": 0, "end_port": 20}]),
        400,
        INVALID_INPUT,
        id="range-port-0",
    ),
    pytest.param(
        on_lb("TCP", 0, port_ranges=[{"start_port": p, "end_port": p} for p in range(1, 12)]),
        400,
        INVALID_INPUT,
        id="eleven-ranges",
    ),
    pytest.param(on_lb("SCTP"), 400, INVALID_INPUT, id="unknown-protocol"),
    pytest.param(on_lb(name="n" * 256), 400, INVALID_INPUT, id="name-too-long"),
    pytest.param(on_lb(description="d" * 256), 400, INVALID_INPUT, id="description-too-long"),
    pytest.param(on_lb(admin_state_up=False), 400, INVALID_INPUT, id="admin-state-down"),
    pytest.param(
        {**on_lb("HTTPS", 443), "default_tls_container_ref": None},
        400,
        INVALID_INPUT,
        id="https-without-certificate",
    ),
    pytest.param(
        {**on_lb("TLS", 443), "default_tls_container_ref": None},
        400,
        INVALID_INPUT,
        id="tls-without-certificate",
    ),
    pytest.param(
        {**on_lb("QUIC", 443), "default_tls_container_ref": None},
        400,
        INVALID_INPUT,
        id="quic-without-certificate",
    ),
    pytest.param(
        on_lb("QUIC", 443, client_ca_tls_container_ref=demo.CA_CERTIFICATE),
        400,
        INVALID_INPUT,
        id="ca-on-quic",
    ),
    pytest.param(
        on_lb("HTTPS", 443, sni_container_refs=[f"s{i}" for i in range(51)]),
        400,
        INVALID_INPUT,
        id="51-sni-certificates",
    ),
    pytest.param(on_lb("QUIC", 443, http2_enable=True), 400, INVALID_INPUT, id="http2-on-quic"),
    pytest.param(
        on_lb("QUIC", 443, tls_ciphers_policy="tls-1-2"), 400, INVALID_INPUT, id="policy-on-quic"
    ),
    pytest.param(
        on_lb("HTTPS", 443, tls_ciphers_policy="tls-9"), 400, INVALID_INPUT, id="unknown-policy"
    ),
    pytest.param(on_lb(enable_member_retry=True), 400, INVALID_INPUT, id="member-retry-on-tcp"),
    pytest.param(on_lb(client_timeout=10), 400, INVALID_INPUT, id="client-timeout-on-tcp"),
    pytest.param(on_lb("UDP", member_timeout=10), 400, INVALID_INPUT, id="member-timeout-on-udp"),
    pytest.param(on_lb("HTTP", member_timeout=301), 400, INVALID_INPUT, id="member-timeout-301"),
    pytest.param(on_lb("HTTP", client_timeout=0), 400, INVALID_INPUT, id="client-timeout-0"),
    pytest.param(on_lb(keepalive_timeout=9), 400, INVALID_INPUT, id="tcp-keepalive-9"),
    pytest.param(on_lb("HTTP", keepalive_timeout=4001), 400, INVALID_INPUT, id="keepalive-4001"),
    pytest.param(on_lb(gzip_enable=True), 400, INVALID_INPUT, id="gzip-on-tcp"),
    pytest.param(on_lb("HTTP", ssl_early_data_enable=True), 400, INVALID_INPUT, id="0rtt-on-http"),
    pytest.param(on_lb(transparent_client_ip_enable=False), 400, INVALID_INPUT, id="client-ip-off"),
    pytest.param(
        on_lb(nat64_enable=True, transparent_client_ip_enable=True),
        400,
        INVALID_INPUT,
        id="nat64-with-client-ip",
    ),
    pytest.param(
        on_lb("HTTP", insert_headers={"X-Forwarded-Tls-Sni-enable": True}),
        400,
        INVALID_INPUT,
        id="tls-header-on-http",
    ),
    pytest.param(
        on_lb(insert_headers={"X-Forwarded-For-Processing-Mode": "append"}),
        400,
        INVALID_INPUT,
        id="processing-mode-on-tcp",
    ),
    pytest.param(
        on_lb("HTTP", insert_headers={"X-Forwarded-For-Processing-Mode": "drop"}),
        400,
        INVALID_INPUT,
        id="unknown-processing-mode",
    ),
    pytest.param(
        on_lb("HTTPS", 443, insert_headers={"X-Forwarded-TLS-Cipher-alias": "bad alias"}),
        400,
        INVALID_INPUT,
        id="bad-header-alias",
    ),
    pytest.param(
        on_lb("HTTP", quic_config={"quic_listener_id": demo.LISTENER}),
        400,
        INVALID_INPUT,
        id="quic-config-on-http",
    ),
    pytest.param(
        on_lb("HTTPS", 443, quic_config={"quic_listener_id": demo.UNKNOWN_ID}),
        404,
        NOT_FOUND,
        id="quic-listener-unknown",
    ),
    pytest.param(
        on_lb("HTTPS", 443, quic_config={"quic_listener_id": demo.LISTENER}),
        400,
        INVALID_INPUT,
        id="quic-listener-not-quic",
    ),
    pytest.param(on_lb(ipgroup={"type": "white"}), 400, INVALID_INPUT, id="ipgroup-without-id"),
    pytest.param(on_lb(protection_status="always"), 400, INVALID_INPUT, id="bad-protection"),
    pytest.param(on_lb(protection_reason="<b>"), 400, INVALID_INPUT, id="reason-with-brackets"),
    pytest.param(on_lb(cps=1000001), 400, INVALID_INPUT, id="cps-too-high"),
    pytest.param(on_lb(connection=-1), 400, INVALID_INPUT, id="connection-negative"),
    pytest.param(on_lb(tags=[{"key": ""}]), 400, INVALID_INPUT, id="empty-tag-key"),
    pytest.param(on_lb(default_pool_id=demo.UNKNOWN_ID), 404, NOT_FOUND, id="unknown-pool"),
    pytest.param(
        on_lb("UDP", default_pool_id=demo.POOL_STANDALONE),
        400,
        INVALID_INPUT,
        id="tcp-pool-behind-udp",
    ),
    pytest.param(
        on_lb("TCP", default_pool_id=demo.POOL_ANY_PORT),
        400,
        INVALID_INPUT,
        id="pool-of-another-lb",
    ),
    pytest.param(
        on_lb("TLS", 443, loadbalancer_id=demo.LB_IP_TARGETS, default_pool_id=demo.POOL_DUALSTACK),
        400,
        INVALID_INPUT,
        id="dualstack-tcp-pool-behind-tls",
    ),
]


@pytest.mark.parametrize(("fields", "status", "code"), BAD_CREATES)
def test_create_refusals(
    elb: Any, http: httpx.Client, fields: dict[str, Any], status: int, code: str
) -> None:
    error = create_listener_error(elb, **fields)

    assert (error.status_code, error.error_code) == (status, code), error.error_msg
    assert http.get(LISTENERS).json()["page_info"]["current_count"] == 2


def test_an_unknown_load_balancer_is_named(elb: Any) -> None:
    error = create_listener_error(elb, **on_lb(loadbalancer_id=demo.UNKNOWN_ID))

    assert error.error_msg == f"loadbalancer {demo.UNKNOWN_ID} could not be found."


def test_a_refusal_names_the_field(elb: Any) -> None:
    error = create_listener_error(elb, **on_lb(client_timeout=10))

    assert "'client_timeout'" in error.error_msg


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"listener": {**on_lb(), "protocol_port": "80"}}, "protocol_port", id="port-string"
        ),
        pytest.param({"listener": {**on_lb(), "colour": "red"}}, "colour", id="unknown-field"),
        pytest.param({"listener": {**on_lb(), "http2_enable": 1}}, "http2_enable", id="int-bool"),
        pytest.param({"listener": {**on_lb(), "protocol_port": True}}, "protocol_port", id="bool"),
        pytest.param({"listeners": [on_lb()]}, "listeners", id="wrong-wrapper"),
        pytest.param({"listener": {"protocol": "TCP"}}, "loadbalancer_id", id="no-lb"),
    ],
)
def test_create_refuses_malformed_bodies(
    http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    response = http.post(LISTENERS, json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]


def test_create_refuses_an_empty_body(http: httpx.Client) -> None:
    response = http.post(LISTENERS, content=b"")

    assert (response.status_code, response.json()["error_code"]) == (400, INVALID_INPUT)


def test_insert_headers_are_named_as_headers_on_the_wire(http: httpx.Client) -> None:
    headers = {"X-Forwarded-ELB-IP": True, "X-Forwarded-For-Processing-Mode": "remove"}

    response = http.post(LISTENERS, json={"listener": {**on_lb("HTTP"), "insert_headers": headers}})

    assert response.status_code == 201, response.text
    assert response.json()["listener"]["insert_headers"] == headers
    refused = http.post(
        LISTENERS,
        json={"listener": {**on_lb("HTTP", 81), "insert_headers": {"x_real_ip": True}}},
    )
    assert (refused.status_code, refused.json()["error_code"]) == (400, INVALID_INPUT)
    assert "x_real_ip" in refused.json()["error_msg"]


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
        ({"default_pool_id": demo.POOL_HTTP}, "default_pool_id"),  # another LB / protocol
        ({"default_pool_id": demo.POOL_AZ_AFFINITY}, "default_pool_id"),
        ({"insert_headers": {"bogus": True}}, "bogus"),
        ({"foo": 1}, "foo"),
    ],
)
def test_create_listener_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    before = listener_state(http)
    body = {"loadbalancer_id": demo.LB, "protocol": "TCP", "protocol_port": 90, **fields}
    message = assert_error_response(
        http.post(ELB + "/listeners", json={"listener": body}), 400, INVALID_INPUT
    )["error_msg"]
    assert field in message
    assert listener_state(http) == before


def test_create_listener_missing_required_fields(http: httpx.Client) -> None:
    for missing in ("loadbalancer_id", "protocol", "protocol_port"):
        body = {"loadbalancer_id": demo.LB, "protocol": "TCP", "protocol_port": 90}
        del body[missing]
        message = assert_error_response(
            http.post(ELB + "/listeners", json={"listener": body}), 400, INVALID_INPUT
        )["error_msg"]
        assert missing in message


def test_create_listener_unknown_references_are_404(elb: Any) -> None:
    option = CreateListenerOption(loadbalancer_id="nope", protocol="TCP", protocol_port=90)
    error = assert_refused(
        lambda: elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option))),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "loadbalancer nope could not be found."
    option = CreateListenerOption(
        loadbalancer_id=demo.LB, protocol="TCP", protocol_port=90, default_pool_id="nopool"
    )
    error = assert_refused(
        lambda: elb.create_listener(CreateListenerRequest(CreateListenerRequestBody(option))),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "pool nopool could not be found."


# --- create: fields the reference lets every protocol pass -------------------------------


def test_a_tcp_listener_takes_x_forwarded_elb_ip_as_in_the_reference_example(
    http: httpx.Client,
) -> None:
    # the CreateListener example adds a TCP listener with this header and gets it back
    headers = {"X-Forwarded-ELB-IP": True}

    response = http.post(LISTENERS, json={"listener": {**on_lb(), "insert_headers": headers}})

    assert response.status_code == 201, response.text
    assert response.json()["listener"]["insert_headers"] == headers


@pytest.mark.parametrize(
    ("protocol", "header"),
    [
        ("HTTP", "X-Forwarded-TLS-Cipher"),  # the on/off headers name no protocol
        ("UDP", "X-Real-IP"),
        ("TLS", "X-Forwarded-Clientcert-alias"),  # "HTTPS, TERMINATED_HTTPS, QUIC, TLS"
        ("TLS", "X-Forwarded-Clientcert-end-alias"),
    ],
)
def test_insert_headers_open_to_the_protocol_are_taken(
    http: httpx.Client, protocol: str, header: str
) -> None:
    value: Any = "my-header" if header.endswith("alias") else True

    response = http.post(
        LISTENERS, json={"listener": {**on_lb(protocol), "insert_headers": {header: value}}}
    )

    assert response.status_code == 201, response.text
    assert response.json()["listener"]["insert_headers"] == {header: value}


def test_an_alias_of_another_tls_header_is_still_refused_on_tls(http: httpx.Client) -> None:
    headers = {"X-Forwarded-Tls-Sni-alias": "sni"}  # "HTTPS, TERMINATED_HTTPS, QUIC" only

    response = http.post(LISTENERS, json={"listener": {**on_lb("TLS"), "insert_headers": headers}})

    assert (response.status_code, response.json()["error_code"]) == (400, INVALID_INPUT)
    assert "X-Forwarded-Tls-Sni-alias" in response.json()["error_msg"]


def test_nat64_is_ignored_where_it_does_not_take_effect(elb: Any) -> None:
    # "仅对于TCP、UDP协议类型的监听器生效": accepted, and off
    listener = make(elb, "HTTP", nat64_enable=True)

    assert listener.nat64_enable is False
    assert listener.transparent_client_ip_enable is True
    updated = update_listener(elb, listener.id, nat64_enable=True)
    assert (updated.nat64_enable, updated.transparent_client_ip_enable) == (False, True)


def test_certificates_are_ignored_where_the_protocol_takes_none(elb: Any) -> None:
    # the reference requires a server certificate for HTTPS, TLS and QUIC and restricts
    # neither it nor SNI certificates elsewhere
    listener = make(elb, "HTTP", default_tls_container_ref="cert", sni_container_refs=["sni"])

    assert listener.default_tls_container_ref is None
    assert listener.sni_container_refs == []
    updated = update_listener(elb, demo.LISTENER, default_tls_container_ref="cert")
    assert updated.default_tls_container_ref is None


# --- ports: one listener per port and family ----------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(on_lb("TCP", 80), id="tcp"),
        pytest.param(on_lb("HTTP", 80), id="http"),
        pytest.param(on_lb("HTTPS", 80), id="https"),
        pytest.param(on_lb("TLS", 80), id="tls"),
        pytest.param(
            on_lb("TCP", 0, port_ranges=[{"start_port": 70, "end_port": 90}]), id="tcp-range"
        ),
    ],
)
def test_a_port_of_the_tcp_family_is_taken_once(elb: Any, fields: dict[str, Any]) -> None:
    # the demo LB has TCP:80
    error = create_listener_error(elb, **fields)

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert demo.LISTENER in error.error_msg


def test_udp_and_quic_share_their_own_ports(elb: Any) -> None:
    udp = make(elb, "UDP", 80)  # TCP:80 exists: another family

    error = create_listener_error(elb, **on_lb("QUIC", 80))

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert udp.id in error.error_msg
    assert make(elb, "QUIC", 81).protocol_port == 81


def test_port_ranges_clash_with_ports_inside_them(elb: Any) -> None:
    make(elb, "UDP", 0, port_ranges=[PortRange(start_port=5000, end_port=5100)])

    error = create_listener_error(elb, **on_lb("UDP", 5050))

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert make(elb, "UDP", 5101).protocol_port == 5101


def test_the_same_port_on_another_load_balancer_is_free(elb: Any) -> None:
    first = make(elb, "TCP", 9000)
    second = make(elb, "TCP", 9000, loadbalancer_id=demo.LB_IP_TARGETS)

    assert first.protocol_port == second.protocol_port == 9000


def test_a_load_balancer_has_one_ip_listener(elb: Any, gateway_lb: str) -> None:
    make(elb, "IP", 0, loadbalancer_id=gateway_lb)

    error = create_listener_error(elb, **on_lb("IP", 0, loadbalancer_id=gateway_lb))

    assert (error.status_code, error.error_code) == (409, CONFLICT)


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
    body = {"loadbalancer_id": demo.LB, "protocol": protocol, "protocol_port": port, **extra}
    response = http.post(ELB + "/listeners", json={"listener": body})
    if status == 201:
        assert_ok_response(response, 201)
    else:
        assert_error_response(response, 409, CONFLICT)


def test_same_port_on_another_load_balancer_is_fine(http: httpx.Client) -> None:
    # LB_IP_TARGETS already has TCP:80 too (demo); both LBs may use the same port
    post_listener(http, loadbalancer_id=demo.LB_IP_TARGETS, protocol="UDP", protocol_port=80)
    listeners = http.get(ELB + "/listeners", params={"protocol_port": 80}).json()["listeners"]
    assert len(listeners) == 3


def test_udp_ports_clash_with_udp(http: httpx.Client) -> None:
    post_listener(
        http, protocol="UDP", protocol_port=0, port_ranges=[{"start_port": 70, "end_port": 90}]
    )
    before = listener_state(http)
    response = http.post(
        ELB + "/listeners",
        json={"listener": {"loadbalancer_id": demo.LB, "protocol": "UDP", "protocol_port": 85}},
    )
    assert_error_response(response, 409, CONFLICT)
    assert listener_state(http) == before


# --- the default pool ---------------------------------------------------------------------


def test_a_pool_on_no_load_balancer_is_bound_to_the_listeners(elb: Any) -> None:
    listener = make(elb, default_pool_id=demo.POOL_STANDALONE)

    assert listener.default_pool_id == demo.POOL_STANDALONE
    pool = show_pool(elb, demo.POOL_STANDALONE)
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    assert [ref.id for ref in pool.listeners] == [listener.id]


def test_a_pool_of_the_same_load_balancer_can_be_the_default(elb: Any) -> None:
    listener = make(
        elb, "HTTP", 8080, loadbalancer_id=demo.LB_IP_TARGETS, default_pool_id=demo.POOL_HTTP
    )

    assert listener.default_pool_id == demo.POOL_HTTP
    assert [ref.id for ref in show_pool(elb, demo.POOL_HTTP).listeners] == [listener.id]


def test_a_grpc_pool_needs_http2(elb: Any) -> None:
    grpc = create_pool(elb, protocol="GRPC", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB).id

    error = create_listener_error(elb, **on_lb("HTTPS", 443, default_pool_id=grpc))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert make(elb, "HTTPS", 443, default_pool_id=grpc, http2_enable=True).default_pool_id == grpc


def test_http2_cannot_be_turned_off_under_a_grpc_pool(elb: Any) -> None:
    grpc = create_pool(elb, protocol="GRPC", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB).id
    listener = make(elb, "HTTPS", 443, default_pool_id=grpc, http2_enable=True)

    error = sdk_error(lambda: update_listener(elb, listener.id, http2_enable=False))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert show_listener(elb, listener.id).http2_enable is True


def test_default_pool_binds_standalone_pool(elb: Any, http: httpx.Client) -> None:
    option = CreateListenerOption(
        loadbalancer_id=demo.LB,
        protocol="TCP",
        protocol_port=90,
        default_pool_id=demo.POOL_STANDALONE,
    )
    listener = elb.create_listener(
        CreateListenerRequest(CreateListenerRequestBody(option))
    ).listener
    assert listener.default_pool_id == demo.POOL_STANDALONE
    pool = http.get(f"{ELB}/pools/{demo.POOL_STANDALONE}").json()["pool"]
    assert pool["loadbalancers"] == [{"id": demo.LB}]
    assert pool["listeners"] == [{"id": listener.id}]
    loadbalancer = http.get(f"{ELB}/loadbalancers/{demo.LB}").json()["loadbalancer"]
    assert {"id": listener.id} in loadbalancer["listeners"]
    assert {"id": demo.POOL_STANDALONE} in loadbalancer["pools"]


# --- show ---------------------------------------------------------------------------------


def test_show_a_demo_listener(elb: Any) -> None:
    response = elb.show_listener(ShowListenerRequest(listener_id=demo.LISTENER))

    assert response.status_code == 200
    listener = response.listener
    assert (listener.name, listener.protocol, listener.protocol_port) == (
        "demo-listener-tcp-80",
        "TCP",
        80,
    )
    assert listener.default_pool_id == demo.POOL


def test_show_an_unknown_listener_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_listener(elb, demo.UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"listener {demo.UNKNOWN_ID} could not be found."


@pytest.mark.parametrize(
    "listener_id",
    ["x" * 1000, "%00", "' or 1=1 --", "..", "%E2%9C%93", "0" * 64],
    ids=["1000-chars", "nul", "quote", "dots", "unicode", "64-zeros"],
)
def test_odd_ids_are_not_found_not_500(http: httpx.Client, listener_id: str) -> None:
    for method, suffix in (("GET", ""), ("PUT", ""), ("DELETE", ""), ("DELETE", "/force")):
        body = {"listener": {"name": "x"}} if method == "PUT" else None
        response = http.request(method, f"{LISTENERS}/{listener_id}{suffix}", json=body)
        assert response.status_code in (400, 404), (method, response.text)
        assert response.json()["error_code"] in (NOT_FOUND, API_NOT_FOUND, INVALID_INPUT)


def test_a_listener_of_another_project_is_not_found(mockelb: MockElbServer) -> None:
    other = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    error = sdk_error(lambda: show_listener(other, demo.LISTENER))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)


def test_show_listener_through_sdk(elb: Any) -> None:
    response = elb.show_listener(ShowListenerRequest(listener_id=demo.LISTENER))
    assert response.status_code == 200
    assert response.listener.default_pool_id == demo.POOL
    assert response.listener.protocol_port == 80
    error = assert_refused(
        lambda: elb.show_listener(ShowListenerRequest(listener_id="nope")), 404, NOT_FOUND
    )
    assert error.error_msg == "listener nope could not be found."


# --- list ---------------------------------------------------------------------------------


def test_list_every_listener_with_page_info(elb: Any, http: httpx.Client) -> None:
    response = elb.list_listeners(ListListenersRequest())

    assert response.status_code == 200
    assert [item.id for item in response.listeners] == DEMO_LISTENERS
    body = http.get(LISTENERS).json()
    assert set(elb_v3.ListListenersResponse.openapi_types) <= set(body)
    assert body["page_info"] == {"previous_marker": DEMO_LISTENERS[0], "current_count": 2}
    for item in body["listeners"]:
        assert_json_model(item, elb_v3.Listener, nullable=NULLABLE)


@pytest.fixture
def fleet(elb: Any) -> dict[str, str]:
    """Two listeners with distinct settings beside the demo ones, and a member in the
    default pool of the first demo listener."""
    https = make(
        elb,
        "HTTPS",
        443,
        name="a",
        description="da",
        client_ca_tls_container_ref=demo.CA_CERTIFICATE,
        http2_enable=True,
        tls_ciphers_policy="tls-1-2-strict",
        member_timeout=10,
        client_timeout=20,
        keepalive_timeout=30,
        enable_member_retry=False,
        enhance_l7policy_enable=True,
        protection_status="consoleProtection",
        ssl_early_data_enable=True,
        default_tls_container_ref=demo.CERTIFICATE,
    )
    tcp = make(
        elb,
        "TCP",
        81,
        name="b",
        loadbalancer_id=demo.LB_IP_TARGETS,
        proxy_protocol_enable=True,
        nat64_enable=True,
        keepalive_timeout=100,
    )
    member = add_members(elb, demo.POOL, on_subnet("192.168.0.10"))[0].id  # the NIC of ECS_1
    add_members(
        elb, demo.POOL_DUALSTACK, on_subnet("192.168.2.77", subnet_cidr_id=demo.DUALSTACK_SUBNET)
    )
    return {"https": https.id, "tcp": tcp.id, "member": member}


FILTERS = [
    ("id", lambda f: [f["https"]], lambda f: [f["https"]]),
    ("name", lambda f: ["a", "b"], lambda f: [f["https"], f["tcp"]]),
    ("description", lambda f: ["da"], lambda f: [f["https"]]),
    ("protocol", lambda f: ["HTTPS"], lambda f: [f["https"]]),
    ("protocol_port", lambda f: ["81", "443"], lambda f: [f["https"], f["tcp"]]),
    ("loadbalancer_id", lambda f: [demo.LB_IP_TARGETS], lambda f: [LISTENER_2, f["tcp"]]),
    ("default_pool_id", lambda f: [demo.POOL], lambda f: [demo.LISTENER]),
    ("default_tls_container_ref", lambda f: [demo.CERTIFICATE], lambda f: [f["https"]]),
    ("client_ca_tls_container_ref", lambda f: [demo.CA_CERTIFICATE], lambda f: [f["https"]]),
    ("admin_state_up", lambda f: True, lambda f: [*DEMO_LISTENERS, f["https"], f["tcp"]]),
    ("connection_limit", lambda f: [-1], lambda f: [*DEMO_LISTENERS, f["https"], f["tcp"]]),
    ("connection_limit", lambda f: [5], lambda f: []),
    ("http2_enable", lambda f: True, lambda f: [f["https"]]),
    ("tls_ciphers_policy", lambda f: ["tls-1-2-strict"], lambda f: [f["https"]]),
    ("enterprise_project_id", lambda f: ["0"], lambda f: [*DEMO_LISTENERS, f["https"], f["tcp"]]),
    ("enterprise_project_id", lambda f: ["ep-1"], lambda f: []),
    (
        "enterprise_project_id",
        lambda f: ["all_granted_eps"],
        lambda f: [*DEMO_LISTENERS, f["https"], f["tcp"]],
    ),
    ("enable_member_retry", lambda f: False, lambda f: [f["https"]]),
    ("member_timeout", lambda f: [10], lambda f: [f["https"]]),
    ("client_timeout", lambda f: [20, 60], lambda f: [f["https"]]),
    ("keepalive_timeout", lambda f: [30, 100], lambda f: [f["https"], f["tcp"]]),
    ("transparent_client_ip_enable", lambda f: False, lambda f: [f["tcp"]]),
    ("proxy_protocol_enable", lambda f: True, lambda f: [f["tcp"]]),
    ("enhance_l7policy_enable", lambda f: True, lambda f: [f["https"]]),
    ("protection_status", lambda f: ["consoleProtection"], lambda f: [f["https"]]),
    ("ssl_early_data_enable", lambda f: True, lambda f: [f["https"]]),
    ("nat64_enable", lambda f: True, lambda f: [f["tcp"]]),
    ("member_address", lambda f: ["192.168.0.10"], lambda f: [demo.LISTENER]),
    (
        "member_address",
        lambda f: ["192.168.0.10", "192.168.2.77"],
        lambda f: [demo.LISTENER, LISTENER_2],
    ),
    ("member_device_id", lambda f: [demo.ECS_1], lambda f: [demo.LISTENER]),
    # member_instance_id is the member's own id ("后端服务器ID"), as in list_pools
    ("member_instance_id", lambda f: [f["member"]], lambda f: [demo.LISTENER]),
    ("member_instance_id", lambda f: [demo.ECS_1], lambda f: []),
    ("include_recycle_bin", lambda f: True, lambda f: [*DEMO_LISTENERS, f["https"], f["tcp"]]),
]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    FILTERS,
    ids=[f"{key}-{index}" for index, (key, _, _) in enumerate(FILTERS)],
)
def test_list_filters(elb: Any, fleet: dict[str, str], key: str, value: Any, expected: Any) -> None:
    assert ids_of(list_listeners(elb, **{key: value(fleet)})) == sorted(expected(fleet))


def test_every_sdk_filter_is_tested() -> None:
    tested = {key for key, _, _ in FILTERS}
    paging = {"limit", "marker", "page_reverse"}

    assert tested == set(elb_v3.ListListenersRequest.openapi_types) - paging


def test_list_filters_and_across_keys(elb: Any, fleet: dict[str, str]) -> None:
    assert ids_of(
        list_listeners(elb, protocol=["TCP"], loadbalancer_id=[demo.LB_IP_TARGETS])
    ) == sorted([LISTENER_2, fleet["tcp"]])
    assert ids_of(list_listeners(elb, protocol=["TCP"], name=["b"], protocol_port=["80"])) == []
    assert ids_of(
        list_listeners(elb, protocol=["HTTPS", "TCP"], keepalive_timeout=[30, 100])
    ) == sorted([fleet["https"], fleet["tcp"]])


def test_list_filters_with_repeated_keys_over_raw_http(
    http: httpx.Client, fleet: dict[str, str]
) -> None:
    query = [("name", "a"), ("name", "b"), ("protocol", "TCP"), ("member_address", "x")]
    assert http.get(LISTENERS, params=query[:2]).json()["page_info"]["current_count"] == 2
    response = http.get(LISTENERS, params=query[:3])
    assert [item["id"] for item in response.json()["listeners"]] == [fleet["tcp"]]
    assert http.get(LISTENERS, params=query).json()["listeners"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"admin_state_up": "yes"},
        {"protocol_port": "eighty"},
        {"protocol_port": str(2**40)},
        {"include_recycle_bin": "maybe"},
        {"limit": "-1"},
        {"limit": "2001"},
    ],
    ids=["bad-bool", "bad-int", "huge-int", "bad-recycle-bin", "negative-limit", "limit-2001"],
)
def test_bad_query_values_are_elb_8902(http: httpx.Client, query: dict[str, str]) -> None:
    response = http.get(LISTENERS, params=query)

    assert (response.status_code, response.json()["error_code"]) == (400, INVALID_INPUT)


@pytest.fixture
def seven(elb: Any) -> list[str]:
    """The demo listeners and five more, in id order."""
    created = [make(elb, "TCP", 1000 + index).id for index in range(5)]
    return sorted([*DEMO_LISTENERS, *created])


def test_marker_and_limit_walk_forward_over_every_listener_once(elb: Any, seven: list[str]) -> None:
    seen: list[str] = []
    marker = None
    while True:
        page = elb.list_listeners(ListListenersRequest(limit=3, marker=marker))
        seen += [item.id for item in page.listeners]
        if page.page_info.next_marker is None:
            break
        assert page.page_info.current_count == 3
        marker = page.page_info.next_marker
    assert seen == seven


def test_page_reverse_walks_backward(elb: Any, seven: list[str]) -> None:
    last = elb.list_listeners(ListListenersRequest(limit=3, marker=seven[3]))
    assert [item.id for item in last.listeners] == seven[4:]

    previous = elb.list_listeners(
        ListListenersRequest(limit=3, marker=last.page_info.previous_marker, page_reverse=True)
    )

    assert [item.id for item in previous.listeners] == seven[1:4]
    assert previous.page_info.previous_marker == seven[1]
    assert previous.page_info.next_marker == seven[3]  # PageInfo: the page's last record
    first = elb.list_listeners(ListListenersRequest(limit=3, marker=seven[1], page_reverse=True))
    assert [item.id for item in first.listeners] == seven[:1]
    assert first.page_info.next_marker is None


def test_an_unknown_marker_is_elb_8902(elb: Any) -> None:
    error = sdk_error(lambda: elb.list_listeners(ListListenersRequest(marker=demo.UNKNOWN_ID)))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)


def test_list_listeners_through_sdk_filters_and_paging(elb: Any, http: httpx.Client) -> None:
    extra = post_listener(http, protocol="UDP", protocol_port=81)
    response = elb.list_listeners(ListListenersRequest())
    assert response.status_code == 200
    ids = [listener.id for listener in response.listeners]
    assert ids == sorted(ids) and set(ids) == {demo.LISTENER, LISTENER_2, extra["id"]}
    assert response.page_info.current_count == 3 and response.page_info.next_marker is None
    only = elb.list_listeners(ListListenersRequest(protocol=["UDP"])).listeners
    assert [listener.id for listener in only] == [extra["id"]]
    by_port = elb.list_listeners(ListListenersRequest(protocol_port=[80, 81])).listeners
    assert len(by_port) == 3
    by_lb = elb.list_listeners(ListListenersRequest(loadbalancer_id=[demo.LB_IP_TARGETS])).listeners
    assert [listener.id for listener in by_lb] == [LISTENER_2]
    by_pool = elb.list_listeners(ListListenersRequest(default_pool_id=[demo.POOL])).listeners
    assert [listener.id for listener in by_pool] == [demo.LISTENER]
    first = elb.list_listeners(ListListenersRequest(limit=1))
    assert len(first.listeners) == 1 and first.page_info.next_marker == first.listeners[0].id
    second = elb.list_listeners(ListListenersRequest(limit=1, marker=first.page_info.next_marker))
    assert second.listeners[0].id == ids[1]
    back = elb.list_listeners(
        ListListenersRequest(limit=1, marker=second.page_info.previous_marker, page_reverse=True)
    )
    assert back.listeners[0].id == ids[0]
    body = assert_ok_response(http.get(ELB + "/listeners"))
    assert_model_fields(body, elb_model.ListListenersResponse)


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
    response = http.get(ELB + "/listeners", params=params)
    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]


# --- update -------------------------------------------------------------------------------


def test_update_changes_the_given_fields_only(elb: Any) -> None:
    policy_id = create_security_policy(elb).id
    listener = make(elb, "HTTPS", 443, name="before", description="kept", member_timeout=10)
    server = create_certificate(elb).id
    ca = create_certificate(elb, type="client").id
    sni = create_certificate(elb, domain="sni.example.com").id

    updated = update_listener(
        elb,
        listener.id,
        name="after",
        client_timeout=120,
        default_tls_container_ref=server,
        client_ca_tls_container_ref=ca,
        sni_container_refs=[sni],
        sni_match_algo="longest_suffix",
        tls_ciphers_policy="tls-1-2-fs",
        security_policy_id=policy_id,
        enable_member_retry=False,
        keepalive_timeout=0,
        http2_enable=True,
        gzip_enable=True,
        ssl_early_data_enable=True,
        enhance_l7policy_enable=True,
        protection_status="consoleProtection",
        protection_reason="why",
        cps=7,
        connection=8,
        ipgroup=UpdateListenerIpGroupOption(ipgroup_id=demo.IPGROUP, enable_ipgroup=False),
    )

    assert (updated.name, updated.description) == ("after", "kept")
    assert (updated.client_timeout, updated.member_timeout) == (120, 10)
    assert updated.default_tls_container_ref == server
    assert updated.client_ca_tls_container_ref == ca
    assert updated.sni_container_refs == [sni]
    assert updated.sni_match_algo == "longest_suffix"
    assert updated.tls_ciphers_policy == "tls-1-2-fs"
    assert updated.security_policy_id == policy_id
    assert updated.enable_member_retry is False
    assert updated.keepalive_timeout == 0
    assert updated.http2_enable is True and updated.gzip_enable is True
    assert updated.ssl_early_data_enable is True and updated.enhance_l7policy_enable is True
    assert (updated.protection_status, updated.protection_reason) == ("consoleProtection", "why")
    assert (updated.cps, updated.connection) == (7, 8)
    assert updated.ipgroup.ipgroup_id == demo.IPGROUP
    assert (updated.ipgroup.enable_ipgroup, updated.ipgroup.type) == (False, "white")
    assert (updated.protocol, updated.protocol_port) == ("HTTPS", 443)
    assert updated.created_at == listener.created_at
    assert show_listener(elb, listener.id).to_dict() == updated.to_dict()


def test_updated_listener_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.put(f"{LISTENERS}/{demo.LISTENER}", json={"listener": {"name": "renamed"}})

    assert response.status_code == 200
    body = response.json()
    assert set(elb_v3.UpdateListenerResponse.openapi_types) <= set(body)
    assert_json_model(body["listener"], elb_v3.Listener, nullable=NULLABLE)
    assert body["listener"]["name"] == "renamed"


def test_update_insert_headers_keeps_the_others(elb: Any) -> None:
    listener = make(elb, "HTTP", insert_headers=ListenerInsertHeaders(x_real_ip=True))

    updated = update_listener(
        elb, listener.id, insert_headers=ListenerInsertHeaders(x_forwarded_host=True)
    )

    assert updated.insert_headers.x_real_ip is True
    assert updated.insert_headers.x_forwarded_host is True


def test_update_nat64_turns_the_client_ip_off_and_on(elb: Any) -> None:
    on = update_listener(elb, demo.LISTENER, nat64_enable=True)
    assert (on.nat64_enable, on.transparent_client_ip_enable) == (True, False)

    off = update_listener(elb, demo.LISTENER, nat64_enable=False)
    assert (off.nat64_enable, off.transparent_client_ip_enable) == (False, True)


def test_update_binds_a_default_pool(elb: Any) -> None:
    listener = make(elb)

    bound = update_listener(elb, listener.id, default_pool_id=demo.POOL_STANDALONE)
    assert bound.default_pool_id == demo.POOL_STANDALONE
    assert [lb.id for lb in show_pool(elb, demo.POOL_STANDALONE).loadbalancers] == [demo.LB]

    assert [ref.id for ref in show_pool(elb, demo.POOL_STANDALONE).listeners] == [listener.id]


def test_update_to_null_unbinds_the_default_pool(http: httpx.Client, elb: Any) -> None:
    response = http.put(
        f"{LISTENERS}/{demo.LISTENER}", json={"listener": {"default_pool_id": None}}
    )

    assert response.status_code == 200
    assert response.json()["listener"]["default_pool_id"] is None
    pool = show_pool(elb, demo.POOL)
    assert pool.listeners == []
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]


def test_update_to_null_removes_ipgroup_and_quic_config(http: httpx.Client, elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    listener = make(
        elb,
        "HTTPS",
        443,
        ipgroup=CreateListenerIpGroupOption(ipgroup_id=demo.IPGROUP),
        quic_config=CreateListenerQuicConfigOption(quic_listener_id=quic.id),
    )

    response = http.put(
        f"{LISTENERS}/{listener.id}", json={"listener": {"ipgroup": None, "quic_config": None}}
    )

    assert response.status_code == 200
    assert response.json()["listener"]["ipgroup"] is None
    assert response.json()["listener"]["quic_config"] is None


BAD_UPDATES = [
    pytest.param(demo.LISTENER, {"client_timeout": 10}, 400, INVALID_INPUT, id="timeout-on-tcp"),
    pytest.param(demo.LISTENER, {"keepalive_timeout": 5}, 400, INVALID_INPUT, id="keepalive-5"),
    pytest.param(demo.LISTENER, {"gzip_enable": True}, 400, INVALID_INPUT, id="gzip-on-tcp"),
    pytest.param(demo.LISTENER, {"admin_state_up": False}, 400, INVALID_INPUT, id="admin-down"),
    pytest.param(
        demo.LISTENER,
        {"transparent_client_ip_enable": False},
        400,
        INVALID_INPUT,
        id="client-ip-off",
    ),
    pytest.param(demo.LISTENER, {"name": "n" * 256}, 400, INVALID_INPUT, id="name-too-long"),
    pytest.param(demo.LISTENER, {"default_pool_id": demo.UNKNOWN_ID}, 404, NOT_FOUND, id="no-pool"),
    pytest.param(
        demo.LISTENER, {"default_pool_id": demo.POOL_HTTP}, 400, INVALID_INPUT, id="pool-elsewhere"
    ),
    pytest.param(
        demo.LISTENER,
        {"default_pool_id": demo.POOL_AZ_AFFINITY},
        400,
        INVALID_INPUT,
        id="udp-pool-behind-tcp",
    ),
    pytest.param(
        demo.LISTENER,
        {"ipgroup": {"enable_ipgroup": True}},
        400,
        INVALID_INPUT,
        id="ipgroup-without-id",
    ),
    pytest.param(demo.UNKNOWN_ID, {"name": "x"}, 404, NOT_FOUND, id="unknown-listener"),
]


@pytest.mark.parametrize(("listener_id", "fields", "status", "code"), BAD_UPDATES)
def test_update_refusals(
    elb: Any, listener_id: str, fields: dict[str, Any], status: int, code: str
) -> None:
    before = show_listener(elb, demo.LISTENER).to_dict()

    error = sdk_error(lambda: update_listener(elb, listener_id, **fields))

    assert (error.status_code, error.error_code) == (status, code), error.error_msg
    assert show_listener(elb, demo.LISTENER).to_dict() == before


def test_advanced_forwarding_cannot_be_turned_off(elb: Any) -> None:
    listener = make(elb, "HTTP", enhance_l7policy_enable=True)

    error = sdk_error(lambda: update_listener(elb, listener.id, enhance_l7policy_enable=False))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"protocol": "UDP"}, "protocol", id="protocol"),
        pytest.param({"protocol_port": 81}, "protocol_port", id="protocol-port"),
        pytest.param({"loadbalancer_id": demo.LB_IP_TARGETS}, "loadbalancer_id", id="lb"),
        pytest.param({"port_ranges": []}, "port_ranges", id="port-ranges"),
        pytest.param({"cps": "7"}, "cps", id="string-cps"),
    ],
)
def test_update_refuses_what_cannot_change(
    http: httpx.Client, fields: dict[str, Any], message: str
) -> None:
    response = http.put(f"{LISTENERS}/{demo.LISTENER}", json={"listener": fields})

    assert (response.status_code, response.json()["error_code"]) == (400, INVALID_INPUT)
    assert message in response.json()["error_msg"]


def test_null_means_not_given_for_settings_that_cannot_be_removed(
    http: httpx.Client, elb: Any
) -> None:
    """As in every other update: null leaves name and timeouts as they are (only the
    removable settings are removed by null)."""
    listener = make(elb, "HTTPS", 443, name="kept", keepalive_timeout=30)
    body = {"name": None, "keepalive_timeout": None}

    response = http.put(f"{LISTENERS}/{listener.id}", json={"listener": body})

    assert response.status_code == 200, response.text
    shown = show_listener(elb, listener.id)
    assert (shown.name, shown.keepalive_timeout) == ("kept", 30)
    assert shown.default_tls_container_ref == listener.default_tls_container_ref


@pytest.mark.parametrize(("protocol", "port"), [("HTTPS", 443), ("TLS", 8443), ("QUIC", 443)])
def test_null_cannot_take_the_server_certificate_a_listener_needs(
    http: httpx.Client, elb: Any, protocol: str, port: int
) -> None:
    """Create refuses an HTTPS, TLS or QUIC listener without default_tls_container_ref, so an
    update cannot null it either (not even along with other changes)."""
    listener = make(elb, protocol, port, name="kept")
    before = listener_state(http)
    body = {"name": "renamed", "default_tls_container_ref": None}

    response = http.put(f"{LISTENERS}/{listener.id}", json={"listener": body})

    error = assert_error_response(response, 400, INVALID_INPUT, "'default_tls_container_ref'")
    assert f"{protocol} listeners need it" in error["error_msg"]
    assert listener_state(http) == before
    assert show_listener(elb, listener.id).default_tls_container_ref == demo.CERTIFICATE


def test_null_server_certificate_on_a_listener_that_takes_none_changes_nothing(
    http: httpx.Client, elb: Any
) -> None:
    response = http.put(
        f"{LISTENERS}/{demo.LISTENER}", json={"listener": {"default_tls_container_ref": None}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["listener"]["default_tls_container_ref"] is None


def test_update_listener_through_sdk(elb: Any, http: httpx.Client) -> None:
    http_listener = post_listener(http, protocol="HTTP", protocol_port=8080)
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
    assert_model_fields(
        assert_ok_response(http.get(f"{ELB}/listeners/{http_listener['id']}")),
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
        ({"loadbalancer_id": demo.LB_IP_TARGETS}, "loadbalancer_id"),
        ({"port_ranges": [{"start_port": 1, "end_port": 5}]}, "port_ranges"),
        ({"default_pool_id": demo.POOL_HTTP}, "default_pool_id"),
        ({"foo": 1}, "foo"),
    ],
)
def test_update_listener_rejections(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    before = listener_state(http)
    response = http.put(f"{ELB}/listeners/{demo.LISTENER}", json={"listener": fields})
    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert listener_state(http) == before


def test_update_listener_unknown_ids(elb: Any) -> None:
    body = UpdateListenerRequestBody(listener=UpdateListenerOption(name="x"))
    error = assert_refused(
        lambda: elb.update_listener(UpdateListenerRequest(listener_id="nope", body=body)),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "listener nope could not be found."
    body = UpdateListenerRequestBody(listener=UpdateListenerOption(default_pool_id="nopool"))
    error = assert_refused(
        lambda: elb.update_listener(UpdateListenerRequest(listener_id=demo.LISTENER, body=body)),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "pool nopool could not be found."


def test_update_listener_unbinds_default_pool_with_null(http: httpx.Client) -> None:
    body = assert_ok_response(
        http.put(f"{ELB}/listeners/{demo.LISTENER}", json={"listener": {"default_pool_id": None}})
    )
    assert body["listener"]["default_pool_id"] is None
    assert http.get(f"{ELB}/pools/{demo.POOL}").json()["pool"]["listeners"] == []


# --- update: what Terraform sends to remove a setting ------------------------------------


def test_an_empty_ca_certificate_removes_it(http: httpx.Client, elb: Any) -> None:
    listener = make(elb, "HTTPS", 443, client_ca_tls_container_ref=demo.CA_CERTIFICATE)

    response = http.put(
        f"{LISTENERS}/{listener.id}", json={"listener": {"client_ca_tls_container_ref": ""}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["listener"]["client_ca_tls_container_ref"] is None
    assert show_listener(elb, listener.id).default_tls_container_ref == demo.CERTIFICATE


def test_null_sni_certificates_empty_the_list(http: httpx.Client, elb: Any) -> None:
    sni = create_certificate(elb, domain="sni.example.com").id
    listener = make(elb, "HTTPS", 443, sni_container_refs=[sni])

    response = http.put(
        f"{LISTENERS}/{listener.id}", json={"listener": {"sni_container_refs": None}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["listener"]["sni_container_refs"] == []


# --- delete -------------------------------------------------------------------------------


def test_delete_detaches_an_empty_default_pool(elb: Any) -> None:
    response = elb.delete_listener(DeleteListenerRequest(listener_id=demo.LISTENER))

    assert response.status_code == 204
    assert sdk_error(lambda: show_listener(elb, demo.LISTENER)).status_code == 404
    pool = show_pool(elb, demo.POOL)
    assert pool.listeners == []
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]


def test_delete_a_listener_without_a_pool(elb: Any) -> None:
    listener = make(elb)

    assert elb.delete_listener(DeleteListenerRequest(listener_id=listener.id)).status_code == 204
    assert ids_of(list_listeners(elb)) == DEMO_LISTENERS


def test_delete_refuses_a_default_pool_with_backend_servers(elb: Any) -> None:
    add_members(elb, demo.POOL, on_subnet("192.168.0.10"))

    error = sdk_error(lambda: elb.delete_listener(DeleteListenerRequest(listener_id=demo.LISTENER)))

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert show_listener(elb, demo.LISTENER).default_pool_id == demo.POOL


def test_delete_refuses_a_quic_listener_an_https_listener_upgrades_to(elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    make(elb, "HTTPS", 443, quic_config=CreateListenerQuicConfigOption(quic_listener_id=quic.id))

    error = sdk_error(lambda: elb.delete_listener(DeleteListenerRequest(listener_id=quic.id)))

    assert (error.status_code, error.error_code) == (409, CONFLICT)


def test_delete_an_unknown_listener_is_elb_8904(elb: Any) -> None:
    error = sdk_error(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=demo.UNKNOWN_ID))
    )

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)


def test_delete_listener_refused_while_default_pool_has_members(
    elb: Any, http: httpx.Client
) -> None:
    create_member(elb, demo.POOL, **on_subnet(ECS_1_ADDRESS))
    before = listener_state(http)
    error = assert_refused(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=demo.LISTENER)), 409, CONFLICT
    )
    assert error.error_msg
    assert listener_state(http) == before


def test_delete_listener_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.delete_listener(DeleteListenerRequest(listener_id=demo.LISTENER))
    assert response.status_code == 204
    assert http.get(f"{ELB}/pools/{demo.POOL}").json()["pool"]["listeners"] == []
    error = assert_refused(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=demo.LISTENER)),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == f"listener {demo.LISTENER} could not be found."


# --- force delete -------------------------------------------------------------------------


def test_force_delete_unbinds_the_default_pool_and_keeps_its_members(elb: Any) -> None:
    # DeleteListenerForce: "删除监听器、转发策略等，解绑后端服务器组"
    member = add_members(elb, demo.POOL, on_subnet("192.168.0.10"))[0].id

    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))

    assert response.status_code == 204
    assert sdk_error(lambda: show_listener(elb, demo.LISTENER)).status_code == 404
    pool = show_pool(elb, demo.POOL)
    assert pool.listeners == []
    assert [lb.id for lb in pool.loadbalancers] == [demo.LB]
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [item.id for item in members] == [member]
    assert ids_of(list_listeners(elb)) == [LISTENER_2]


def test_force_delete_a_listener_without_a_pool(elb: Any) -> None:
    listener = make(elb)

    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=listener.id))

    assert response.status_code == 204
    assert ids_of(list_listeners(elb)) == DEMO_LISTENERS


def test_force_delete_keeps_a_pool_another_listener_uses(elb: Any) -> None:
    other = make(elb, default_pool_id=demo.POOL)

    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))

    assert [ref.id for ref in show_pool(elb, demo.POOL).listeners] == [other.id]


def test_force_delete_leaves_a_protected_pool_alone(elb: Any) -> None:
    pool = create_pool(
        elb,
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB,
        member_deletion_protection_enable=True,
    ).id
    listener = make(elb, default_pool_id=pool)
    member = add_members(elb, pool, on_subnet("192.168.0.10"))[0].id

    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=listener.id))

    assert sdk_error(lambda: show_listener(elb, listener.id)).status_code == 404
    members = elb.list_members(ListMembersRequest(pool_id=pool)).members
    assert [item.id for item in members] == [member]


def test_force_delete_drops_the_quic_upgrade_of_https_listeners(elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    https = make(
        elb, "HTTPS", 443, quic_config=CreateListenerQuicConfigOption(quic_listener_id=quic.id)
    )

    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=quic.id))

    assert show_listener(elb, https.id).quic_config is None


def test_force_delete_an_unknown_listener_is_elb_8904(elb: Any) -> None:
    error = sdk_error(
        lambda: elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.UNKNOWN_ID))
    )

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)


def test_force_delete_keeps_the_health_monitor_of_the_pool(app_client: TestClient) -> None:
    database = app_client.app.state.database  # type: ignore[attr-defined]
    now = utc_now()
    with database.transaction() as session:
        session.add(
            HealthMonitor(
                id="hm-1",
                project_id=demo.PROJECT,
                pool_id=demo.POOL,
                type="TCP",
                delay=5,
                timeout=3,
                max_retries=3,
                created_at=now,
                updated_at=now,
            )
        )
        session.get_one(Pool, demo.POOL).healthmonitor_id = "hm-1"

    response = app_client.delete(f"{LISTENERS}/{demo.LISTENER}/force")

    assert response.status_code == 204
    with database.transaction() as session:
        assert session.get(HealthMonitor, "hm-1") is not None
        assert session.get_one(Pool, demo.POOL).healthmonitor_id == "hm-1"


def test_delete_listener_force_unbinds_pool_keeping_members(elb: Any, http: httpx.Client) -> None:
    member = create_member(elb, demo.POOL, **on_subnet(ECS_1_ADDRESS))
    post_monitor(http)
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))
    assert response.status_code == 204
    assert_error_response(http.get(f"{ELB}/listeners/{demo.LISTENER}"), 404, NOT_FOUND)
    pool = http.get(f"{ELB}/pools/{demo.POOL}").json()["pool"]
    assert pool["listeners"] == [] and pool["members"] == [{"id": member.id}]
    assert pool["healthmonitor_id"] is not None
    error = assert_refused(
        lambda: elb.delete_listener_force(DeleteListenerForceRequest(listener_id="nope")),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "listener nope could not be found."


def test_force_delete_keeps_the_pool_usable_by_a_new_listener(elb: Any) -> None:
    member = add_members(elb, demo.POOL, on_subnet("192.168.0.10"))[0].id

    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))
    again = make(elb, "TCP", 80, default_pool_id=demo.POOL)

    assert [ref.id for ref in show_pool(elb, demo.POOL).listeners] == [again.id]
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [item.id for item in members] == [member]


# --- batch delete ---------------------------------------------------------------------


def test_batch_delete_answers_202_with_a_job_and_the_ids(elb: Any, http: httpx.Client) -> None:
    first, second = make(elb, "TCP", 81).id, make(elb, "UDP", 81).id

    response = http.post(f"{LISTENERS}/batch-delete", json={"listener_ids": [first, second]})

    assert response.status_code == 202, response.text
    body = response.json()
    assert set(elb_v3.BatchDeleteListenersResponse.openapi_types) <= set(body)
    assert body["listener_ids"] == [first, second]
    assert isinstance(body["job_id"], str) and body["job_id"]
    assert ids_of(list_listeners(elb)) == DEMO_LISTENERS


def test_batch_delete_through_the_sdk(elb: Any) -> None:
    listener = make(elb)

    response = batch_delete_listeners(elb, listener.id, demo.LISTENER)

    assert response.status_code == 202
    assert response.listener_ids == [listener.id, demo.LISTENER]
    assert ids_of(list_listeners(elb)) == [LISTENER_2]
    assert show_pool(elb, demo.POOL).listeners == []


def test_batch_delete_is_all_or_nothing_on_an_unknown_id(elb: Any) -> None:
    listener = make(elb)

    error = sdk_error(lambda: batch_delete_listeners(elb, listener.id, demo.UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"listener {demo.UNKNOWN_ID} could not be found."
    assert show_listener(elb, listener.id).id == listener.id


def test_batch_delete_refuses_what_delete_refuses(elb: Any) -> None:
    listener = make(elb)
    add_members(elb, demo.POOL, on_subnet("192.168.0.10"))

    error = sdk_error(lambda: batch_delete_listeners(elb, listener.id, demo.LISTENER))

    assert (error.status_code, error.error_code) == (409, CONFLICT)
    assert ids_of(list_listeners(elb)) == sorted([*DEMO_LISTENERS, listener.id])


def test_batch_delete_takes_a_quic_listener_with_its_https_upgrader(elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    config = CreateListenerQuicConfigOption(quic_listener_id=quic.id)
    https = make(elb, "HTTPS", 443, quic_config=config)

    alone = sdk_error(lambda: batch_delete_listeners(elb, quic.id))
    assert (alone.status_code, alone.error_code) == (409, CONFLICT)

    assert batch_delete_listeners(elb, quic.id, https.id).status_code == 202
    assert ids_of(list_listeners(elb)) == DEMO_LISTENERS


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"listener_ids": []}, id="empty"),
        pytest.param({"listener_ids": [f"id-{i}" for i in range(11)]}, id="eleven"),
        pytest.param({"listener_ids": "abc"}, id="not-a-list"),
        pytest.param({"listener_ids": [1]}, id="number"),
        pytest.param({}, id="missing"),
        pytest.param({"listener_ids": ["x"], "force": True}, id="unknown-field"),
    ],
)
def test_batch_delete_refuses_malformed_bodies(http: httpx.Client, body: dict[str, Any]) -> None:
    response = http.post(f"{LISTENERS}/batch-delete", json=body)

    assert (response.status_code, response.json()["error_code"]) == (400, INVALID_INPUT)
    assert http.get(LISTENERS).json()["page_info"]["current_count"] == 2


def test_batch_delete_counts_a_repeated_id_once(elb: Any) -> None:
    listener = make(elb)

    assert batch_delete_listeners(elb, listener.id, listener.id).status_code == 202
    assert ids_of(list_listeners(elb)) == DEMO_LISTENERS


def test_batch_delete_keeps_the_pools(elb: Any) -> None:
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB).id
    listener = make(elb, default_pool_id=pool)

    batch_delete_listeners(elb, listener.id)

    assert show_pool(elb, pool).listeners == []


# --- quotas -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_quota_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockElbServer]:
    seed = tmp_path_factory.mktemp("seed") / "quota.yaml"
    quotas = {"listener": 4, "listeners_per_loadbalancer": 2}
    seed.write_text(yaml.safe_dump({"projects": [{"id": demo.PROJECT, "quotas": quotas}]}))
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, seed=[seed])) as server,
    ):
        yield server


def test_listener_quotas_are_elb_8905(small_quota_server: MockElbServer) -> None:
    small_quota_server.reset()
    elb = make_elb_client(small_quota_server.url, demo.PROJECT)
    make(elb, "TCP", 81)  # the demo LB now has 2 listeners

    per_lb = create_listener_error(elb, **on_lb("TCP", 82))
    assert (per_lb.status_code, per_lb.error_code) == (409, QUOTA_EXCEEDED)
    assert per_lb.error_msg == "Quota exceeded for resources: listeners_per_loadbalancer"

    make(elb, "TCP", 81, loadbalancer_id=demo.LB_IP_TARGETS)  # 4 in the project
    project = create_listener_error(elb, **on_lb("UDP", 82, loadbalancer_id=demo.LB_IP_TARGETS))
    assert (project.status_code, project.error_code) == (409, QUOTA_EXCEEDED)
    assert project.error_msg == "Quota exceeded for resources: listener"


def test_listeners_per_loadbalancer_quota(http: httpx.Client) -> None:
    for port in range(1000, 1049):  # the demo LB has one listener; the quota is 50
        post_listener(http, protocol_port=port)
    response = http.post(
        ELB + "/listeners",
        json={"listener": {"loadbalancer_id": demo.LB, "protocol": "TCP", "protocol_port": 2000}},
    )
    assert_error_response(response, 409, QUOTA_EXCEEDED, "Quota exceeded for resources")


# --- seeds --------------------------------------------------------------------------------

SEED_CERTIFICATE = server_certificate()
SEED_BASE: dict[str, Any] = {
    "project_id": "0123456789abcdef0123456789abcdef",
    "availability_zones": [{"code": "az1"}],
    "certificates": [
        {
            "id": "cert",
            "certificate": SEED_CERTIFICATE.certificate,
            "private_key": SEED_CERTIFICATE.private_key,
        }
    ],
    "vpcs": [{"id": "vpc-1", "cidr": "10.0.0.0/16"}],
    "subnets": [{"id": "net-1", "vpc_id": "vpc-1", "cidr": "10.0.1.0/24"}],
    "loadbalancers": [
        {"id": "lb-1", "vpc_id": "vpc-1", "availability_zone_list": ["az1"]},
    ],
}


def seed_with(*listeners: dict[str, Any]) -> Any:
    text = yaml.safe_dump({**SEED_BASE, "listeners": list(listeners)})
    return build_snapshot([("seed.yaml", parse_seed(text, source="seed.yaml"))])


def test_a_seeded_listener_takes_the_create_options() -> None:
    snapshot = seed_with(
        {
            "id": "l-1",
            "loadbalancer_id": "lb-1",
            "protocol": "HTTPS",
            "protocol_port": 443,
            "default_tls_container_ref": "cert",
            "http2_enable": True,
            "member_timeout": 30,
        }
    )

    rows = dict(snapshot)["listeners"]
    assert len(rows) == 1
    assert (rows[0]["id"], rows[0]["protocol"], rows[0]["http2_enable"]) == ("l-1", "HTTPS", True)
    assert (rows[0]["member_timeout"], rows[0]["keepalive_timeout"]) == (30, 60)


@pytest.mark.parametrize(
    ("listeners", "message"),
    [
        pytest.param(
            [{"id": "l", "loadbalancer_id": "lb-1", "protocol": "HTTPS", "protocol_port": 443}],
            "default_tls_container_ref",
            id="https-without-certificate",
        ),
        pytest.param(
            [
                {"id": "a", "loadbalancer_id": "lb-1", "protocol": "TCP", "protocol_port": 80},
                {"id": "b", "loadbalancer_id": "lb-1", "protocol": "HTTP", "protocol_port": 80},
            ],
            "already has listener a",
            id="port-clash",
        ),
        pytest.param(
            [{"id": "l", "loadbalancer_id": "lb-1", "protocol": "TCP", "colour": "red"}],
            "colour",
            id="unknown-key",
        ),
    ],
)
def test_a_seeded_listener_breaking_a_create_rule_is_refused(
    listeners: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(SeedError) as info:
        seed_with(*listeners)

    assert message in str(info.value)
