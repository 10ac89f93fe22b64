"""What a load balancer's flavors decide (mockelb/services/loadbalancer_flavors.py), through
the official SDK and raw HTTP: the region's default flavors, the listener protocols each
layer takes, IP listeners on gateway load balancers only, and the flavor changes
update_load_balancer refuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mockelb.testing import MockElbServer
from tests import demo
from tests.error_codes import INVALID_INPUT
from tests.factories import (
    ELB,
    GATEWAY_DOCUMENT,
    GATEWAY_FLAVOR,
    create_listener,
    create_load_balancer,
    list_listeners,
    load_gateway_load_balancer,
    show_load_balancer,
    update_load_balancer,
)
from tests.sdk_checks import assert_error_response, assert_ok_response, assert_refused

L4_SMALL, L4_MEDIUM = demo.L4_FLAVOR, demo.L4_FLAVOR_2
L7_SMALL, L7_MEDIUM = demo.L7_FLAVOR, demo.L7_FLAVOR_2
LAYER4 = ("TCP", "UDP", "TLS")
LAYER7 = ("HTTP", "HTTPS", "QUIC")
CERTIFICATE_PROTOCOLS = ("HTTPS", "TLS", "QUIC", "TERMINATED_HTTPS")
# the demo's flavors with their default flag turned off: a region without defaults
NO_DEFAULTS = {
    "flavors": [
        {"id": L4_SMALL, "name": "L4_flavor.elb.s1.small", "type": "L4", "default": False},
        {"id": L7_SMALL, "name": "L7_flavor.elb.s1.small", "type": "L7", "default": False},
    ]
}


def listener_fields(lb_id: str, protocol: str, port: int = 8080) -> dict[str, Any]:
    """A valid listener of this protocol on the load balancer (a certificate where needed)."""
    fields: dict[str, Any] = {"loadbalancer_id": lb_id, "protocol": protocol}
    if protocol != "IP":
        fields["protocol_port"] = port
    if protocol in CERTIFICATE_PROTOCOLS:
        fields["default_tls_container_ref"] = demo.CERTIFICATE
    return fields


def new_lb(elb: Any, **flavors: str) -> str:
    """A new load balancer in the demo VPC with these flavors; its id."""
    return str(create_load_balancer(elb, vpc_id=demo.VPC, **flavors).id)


def flavors_of(elb: Any, lb_id: str) -> tuple[str | None, str | None]:
    lb = show_load_balancer(elb, lb_id)
    return lb.l4_flavor_id, lb.l7_flavor_id


def put_lb(http: httpx.Client, lb_id: str, **fields: Any) -> httpx.Response:
    return http.put(f"{ELB}/loadbalancers/{lb_id}", json={"loadbalancer": fields})


# --- the region's default flavors -----------------------------------------------------------


def test_a_load_balancer_created_without_flavors_gets_the_defaults(elb: Any) -> None:
    created = create_load_balancer(elb, vpc_id=demo.VPC)

    assert (created.l4_flavor_id, created.l7_flavor_id) == (L4_SMALL, L7_SMALL)
    assert flavors_of(elb, created.id) == (L4_SMALL, L7_SMALL)


def test_the_demo_load_balancers_have_the_default_flavors(elb: Any) -> None:
    for lb_id in (demo.LB, demo.LB_IP_TARGETS):
        assert flavors_of(elb, lb_id) == (L4_SMALL, L7_SMALL)


@pytest.mark.parametrize(
    ("flavors", "expected"),
    [
        pytest.param({"l4_flavor_id": L4_MEDIUM}, (L4_MEDIUM, None), id="l4-only"),
        pytest.param({"l7_flavor_id": L7_MEDIUM}, (None, L7_MEDIUM), id="l7-only"),
        pytest.param(
            {"l4_flavor_id": L4_MEDIUM, "l7_flavor_id": L7_MEDIUM},
            (L4_MEDIUM, L7_MEDIUM),
            id="both",
        ),
    ],
)
def test_a_flavor_given_takes_no_default_for_the_other_layer(
    elb: Any, flavors: dict[str, str], expected: tuple[str | None, str | None]
) -> None:
    assert flavors_of(elb, new_lb(elb, **flavors)) == expected


@pytest.mark.parametrize("protocol", [*LAYER4, *LAYER7, "TERMINATED_HTTPS"])
def test_a_load_balancer_with_the_defaults_takes_every_listener_protocol(
    elb: Any, protocol: str
) -> None:
    lb_id = new_lb(elb)

    listener = create_listener(elb, **listener_fields(lb_id, protocol))

    assert [lb.id for lb in listener.loadbalancers] == [lb_id]
    assert listener.protocol == ("HTTPS" if protocol == "TERMINATED_HTTPS" else protocol)


def test_a_region_without_defaults_leaves_both_flavors_null(
    mockelb: MockElbServer, elb: Any
) -> None:
    mockelb.load_state(NO_DEFAULTS)

    lb_id = new_lb(elb)

    assert flavors_of(elb, lb_id) == (None, None)
    # no flavor at all: every protocol but IP, as if it had both layers
    for index, protocol in enumerate((*LAYER4, *LAYER7)):
        create_listener(elb, **listener_fields(lb_id, protocol, 8000 + index))
    assert_refused(
        lambda: create_listener(elb, **listener_fields(lb_id, "IP")), 400, INVALID_INPUT, "gateway"
    )


def test_a_project_s_private_default_comes_before_the_public_one(
    mockelb: MockElbServer, elb: Any
) -> None:
    private = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c71"
    mockelb.load_state(
        {
            "flavors": [
                {
                    "id": private,
                    "name": "L7_flavor.elb.private",
                    "type": "L7",
                    "shared": False,
                    "project_id": demo.PROJECT,
                    "default": True,
                }
            ]
        }
    )

    assert flavors_of(elb, new_lb(elb)) == (L4_SMALL, private)
    # the public default stays the default of the other projects
    flags = {flavor["id"]: flavor["default"] for flavor in mockelb.state()["flavors"]}
    assert flags[L7_SMALL] is True


def test_a_later_seed_s_default_replaces_the_earlier_one(mockelb: MockElbServer, elb: Any) -> None:
    mockelb.load_state(
        {
            "flavors": [
                {
                    "id": L4_MEDIUM,
                    "name": "L4_flavor.elb.s2.medium",
                    "type": "L4",
                    "default": True,
                    "info": {"connection": 1000000, "cps": 20000, "bandwidth": 100000},
                }
            ]
        }
    )

    assert flavors_of(elb, new_lb(elb)) == (L4_MEDIUM, L7_SMALL)
    flags = {flavor["id"]: flavor["default"] for flavor in mockelb.state()["flavors"]}
    assert (flags[L4_SMALL], flags[L4_MEDIUM], flags[L7_SMALL]) == (False, True, True)


@pytest.mark.parametrize(
    ("flavors", "message"),
    [
        pytest.param(
            [
                {"id": "f-a", "name": "a", "type": "L4", "default": True},
                {"id": "f-b", "name": "b", "type": "L4_elastic_max", "default": True},
            ],
            "already the default",
            id="two-l4-defaults",
        ),
        pytest.param(
            [{"id": "f-a", "name": "a", "type": "L7", "default": True, "flavor_sold_out": True}],
            "sold-out",
            id="sold-out-default",
        ),
        pytest.param(
            [{"id": "f-a", "name": "a", "type": "gwlb", "default": True}],
            "only L4 and L7",
            id="gwlb-default",
        ),
    ],
)
def test_a_seed_s_defaults_are_checked(
    http: httpx.Client, flavors: list[dict[str, Any]], message: str
) -> None:
    before = http.get("/_mockelb/state").json()["flavors"]

    response = http.post("/_mockelb/state", json={"flavors": flavors})

    assert_error_response(response, 400, INVALID_INPUT, message)
    assert http.get("/_mockelb/state").json()["flavors"] == before


# --- listener protocols by flavor -------------------------------------------------------------


@pytest.mark.parametrize(
    ("flavors", "refused", "layer"),
    [
        pytest.param({"l4_flavor_id": L4_SMALL}, LAYER7, "layer-7", id="l4-only"),
        pytest.param({"l7_flavor_id": L7_SMALL}, LAYER4, "layer-4", id="l7-only"),
    ],
)
def test_a_single_layer_load_balancer_takes_its_layer_s_protocols_only(
    elb: Any, http: httpx.Client, flavors: dict[str, str], refused: tuple[str, ...], layer: str
) -> None:
    lb_id = new_lb(elb, **flavors)
    accepted = LAYER4 if refused == LAYER7 else LAYER7

    for index, protocol in enumerate(accepted):
        create_listener(elb, **listener_fields(lb_id, protocol, 8000 + index))
    for protocol in (*refused, "IP"):
        error = assert_refused(
            lambda protocol=protocol: create_listener(elb, **listener_fields(lb_id, protocol)),
            400,
            INVALID_INPUT,
            "'protocol'",
        )
        assert (layer if protocol != "IP" else "gateway") in error.error_msg
    assert sorted(
        listener.protocol for listener in list_listeners(elb, loadbalancer_id=[lb_id])
    ) == (sorted(accepted))


def test_terminated_https_counts_as_layer_7(elb: Any) -> None:
    lb_id = new_lb(elb, l4_flavor_id=L4_SMALL)

    assert_refused(
        lambda: create_listener(elb, **listener_fields(lb_id, "TERMINATED_HTTPS")),
        400,
        INVALID_INPUT,
        "layer-7",
    )


def test_an_ip_listener_is_refused_on_a_load_balancer_that_is_no_gateway(
    elb: Any, http: httpx.Client
) -> None:
    error = assert_refused(
        lambda: create_listener(elb, **listener_fields(demo.LB, "IP")), 400, INVALID_INPUT
    )

    assert "IP listeners belong to gateway load balancers only" in error.error_msg
    assert http.get(f"{ELB}/listeners").json()["page_info"]["current_count"] == 2


# --- gateway load balancers ----------------------------------------------------------------


def test_a_gateway_load_balancer_takes_ip_listeners_only(mockelb: MockElbServer, elb: Any) -> None:
    lb_id = load_gateway_load_balancer(mockelb)

    listener = create_listener(elb, **listener_fields(lb_id, "IP"))

    assert (listener.protocol, listener.protocol_port) == ("IP", 0)
    for protocol in ("TCP", "UDP", "HTTP", "HTTPS"):
        assert_refused(
            lambda protocol=protocol: create_listener(elb, **listener_fields(lb_id, protocol)),
            400,
            INVALID_INPUT,
            f"gateway load balancers take IP listeners only, not {protocol}",
        )
    assert [item.id for item in list_listeners(elb, loadbalancer_id=[lb_id])] == [listener.id]


def test_a_gateway_load_balancer_shows_its_type_and_flavor(
    mockelb: MockElbServer, http: httpx.Client
) -> None:
    lb_id = load_gateway_load_balancer(mockelb)

    gateway = assert_ok_response(http.get(f"{ELB}/loadbalancers/{lb_id}"))["loadbalancer"]
    other = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}"))["loadbalancer"]

    assert (gateway["loadbalancer_type"], gateway["gw_flavor_id"]) == ("gateway", GATEWAY_FLAVOR)
    assert (gateway["l4_flavor_id"], gateway["l7_flavor_id"]) == (None, None)
    # the SDK's LoadBalancer.loadbalancer_type: null for every other load balancer
    assert (other["loadbalancer_type"], other["gw_flavor_id"]) == (None, None)


def test_a_gateway_load_balancer_survives_a_state_round_trip(mockelb: MockElbServer) -> None:
    lb_id = load_gateway_load_balancer(mockelb)
    exported = mockelb.state()
    (item,) = [lb for lb in exported["loadbalancers"] if lb["id"] == lb_id]

    assert (item["loadbalancer_type"], item["gw_flavor_id"]) == ("gateway", GATEWAY_FLAVOR)
    assert "l4_flavor_id" not in item and "l7_flavor_id" not in item


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"l4_flavor_id": L4_SMALL}, "'l4_flavor_id'", id="l4-flavor"),
        pytest.param({"l7_flavor_id": L7_SMALL}, "'l7_flavor_id'", id="l7-flavor"),
        pytest.param({"ip_target_enable": True}, "'ip_target_enable'", id="ip-targets"),
    ],
)
def test_a_gateway_load_balancer_takes_no_l4_l7_flavor_nor_ip_targets(
    mockelb: MockElbServer, elb: Any, fields: dict[str, Any], message: str
) -> None:
    lb_id = load_gateway_load_balancer(mockelb)
    before = show_load_balancer(elb, lb_id)

    assert_refused(lambda: update_load_balancer(elb, lb_id, **fields), 400, INVALID_INPUT, message)
    assert show_load_balancer(elb, lb_id) == before


def _gateway_seed(**changes: Any) -> dict[str, Any]:
    (lb,) = GATEWAY_DOCUMENT["loadbalancers"]
    return {"flavors": GATEWAY_DOCUMENT["flavors"], "loadbalancers": [{**lb, **changes}]}


@pytest.mark.parametrize(
    ("document", "status", "message"),
    [
        pytest.param(
            _gateway_seed(l4_flavor_id=L4_SMALL), 400, "'l4_flavor_id'", id="gateway-with-l4"
        ),
        pytest.param(
            _gateway_seed(ip_target_enable=True), 400, "'ip_target_enable'", id="ip-targets"
        ),
        pytest.param(_gateway_seed(gw_flavor_id=L4_SMALL), 400, "gwlb", id="l4-as-gw-flavor"),
        pytest.param(
            _gateway_seed(gw_flavor_id=demo.UNKNOWN_ID), 400, "could not be found", id="unknown"
        ),
        pytest.param(
            _gateway_seed(loadbalancer_type=None),
            400,
            "gw_flavor_id needs loadbalancer_type gateway",
            id="gw-flavor-without-gateway",
        ),
        pytest.param(_gateway_seed(loadbalancer_type="network"), 400, "gateway", id="bad-type"),
    ],
)
def test_a_seed_gateway_load_balancer_is_checked(
    http: httpx.Client, document: dict[str, Any], status: int, message: str
) -> None:
    response = http.post("/_mockelb/state", json=document)

    assert_error_response(response, status, INVALID_INPUT, message)
    assert http.get(f"{ELB}/loadbalancers").json()["page_info"]["current_count"] == 2


# --- flavor changes on update ---------------------------------------------------------------


def test_null_removes_a_flavor_no_listener_needs(elb: Any, http: httpx.Client) -> None:
    lb_id = new_lb(elb)
    create_listener(elb, **listener_fields(lb_id, "TCP"))

    body = assert_ok_response(put_lb(http, lb_id, l7_flavor_id=None))

    assert (body["loadbalancer"]["l4_flavor_id"], body["loadbalancer"]["l7_flavor_id"]) == (
        L4_SMALL,
        None,
    )
    assert_refused(
        lambda: create_listener(elb, **listener_fields(lb_id, "HTTP", 81)),
        400,
        INVALID_INPUT,
        "layer-7",
    )


@pytest.mark.parametrize(
    ("protocol", "field"),
    [
        pytest.param("HTTPS", "l7_flavor_id", id="https-needs-l7"),
        pytest.param("QUIC", "l7_flavor_id", id="quic-needs-l7"),
        pytest.param("UDP", "l4_flavor_id", id="udp-needs-l4"),
        pytest.param("TLS", "l4_flavor_id", id="tls-needs-l4"),
    ],
)
def test_a_flavor_a_listener_needs_cannot_be_removed(
    elb: Any, http: httpx.Client, protocol: str, field: str
) -> None:
    lb_id = new_lb(elb)
    listener = create_listener(elb, **listener_fields(lb_id, protocol))
    before = show_load_balancer(elb, lb_id)

    body = assert_error_response(put_lb(http, lb_id, **{field: None}), 400, INVALID_INPUT)

    assert f"'{field}'" in body["error_msg"]
    assert f"listener {listener.id} ({protocol})" in body["error_msg"]
    assert show_load_balancer(elb, lb_id) == before


def test_the_last_flavor_cannot_be_removed(elb: Any, http: httpx.Client) -> None:
    lb_id = new_lb(elb, l4_flavor_id=L4_SMALL)

    response = put_lb(http, lb_id, l4_flavor_id=None)

    assert_error_response(response, 400, INVALID_INPUT, "at least one of")
    assert flavors_of(elb, lb_id) == (L4_SMALL, None)
    both = put_lb(http, demo.LB, l4_flavor_id=None, l7_flavor_id=None)
    assert_error_response(both, 400, INVALID_INPUT, "at least one of")
    assert flavors_of(elb, demo.LB) == (L4_SMALL, L7_SMALL)


def test_a_flavor_can_be_added_to_a_single_layer_load_balancer(elb: Any) -> None:
    lb_id = new_lb(elb, l4_flavor_id=L4_SMALL)

    updated = update_load_balancer(elb, lb_id, l7_flavor_id=L7_MEDIUM)

    assert (updated.l4_flavor_id, updated.l7_flavor_id) == (L4_SMALL, L7_MEDIUM)
    assert create_listener(elb, **listener_fields(lb_id, "HTTP")).protocol == "HTTP"


def test_a_flavor_added_to_a_flavorless_load_balancer_must_serve_its_listeners(
    mockelb: MockElbServer, elb: Any
) -> None:
    mockelb.load_state(NO_DEFAULTS)
    lb_id = new_lb(elb)
    listener = create_listener(elb, **listener_fields(lb_id, "HTTP"))

    # an L4 flavor alone would leave the HTTP listener without its layer
    assert_refused(
        lambda: update_load_balancer(elb, lb_id, l4_flavor_id=L4_SMALL),
        400,
        INVALID_INPUT,
        f"'l7_flavor_id': listener {listener.id} (HTTP) needs a layer-7 flavor",
    )
    assert flavors_of(elb, lb_id) == (None, None)
    updated = update_load_balancer(elb, lb_id, l4_flavor_id=L4_SMALL, l7_flavor_id=L7_SMALL)
    assert (updated.l4_flavor_id, updated.l7_flavor_id) == (L4_SMALL, L7_SMALL)


def test_null_on_a_flavor_that_is_already_null_changes_nothing(
    elb: Any, http: httpx.Client
) -> None:
    lb_id = new_lb(elb, l7_flavor_id=L7_SMALL)

    body = assert_ok_response(put_lb(http, lb_id, l4_flavor_id=None, name="renamed"))

    assert body["loadbalancer"]["name"] == "renamed"
    assert flavors_of(elb, lb_id) == (None, L7_SMALL)
