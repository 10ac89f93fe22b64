"""count_preoccupy_ip_num through the official SDK: the IP addresses a new load balancer, or
a change of one, would newly take (Huawei's subnet planning table, per IP version: 1 VIP;
per AZ 1 for layer-4 health checks and 4 more with IP as a backend; 20 for layer 7)."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import CountPreoccupyIpNumRequest

from mockelb.testing import MockElbClient, make_elb_client
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import ELB, create_listener
from tests.sdk_checks import (
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
)

COUNT_PATH = f"{ELB}/preoccupy-ip-num"
OTHER_SET_AZ = "cn-north-4d"
SHARED = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4ca1"  # shared, one AZ
SHARED_HTTP = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4ca2"  # shared, two AZs, an HTTP listener
EXTRA_STATE = {
    "project_id": demo.PROJECT,
    "availability_zones": [{"code": OTHER_SET_AZ, "set": 1, "protocol": ["L4", "L7"]}],
    "loadbalancers": [
        {
            "id": SHARED,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1],
        },
        {
            "id": SHARED_HTTP,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1, demo.AZ_2],
        },
    ],
    "listeners": [
        {
            "id": "0b11747a-b139-492f-9692-2df0b1c871a1",
            "loadbalancer_id": SHARED_HTTP,
            "protocol": "HTTP",
            "protocol_port": 80,
        }
    ],
}


def count(elb: Any, **query: Any) -> int:
    response = elb.count_preoccupy_ip_num(CountPreoccupyIpNumRequest(**query))
    assert response.status_code == 200
    assert isinstance(response.preoccupy_ip, elb_v3.PreoccupyIp)
    total: int = response.preoccupy_ip.total
    assert isinstance(total, int) and total >= 0
    return total


@pytest.fixture
def extra(mockelb: MockElbClient) -> MockElbClient:
    mockelb.load_state(EXTRA_STATE)
    return mockelb


# --- a new load balancer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "total"),
    [
        # the FAQ: "2 IP addresses in a single AZ, 6 with IP as a backend"
        pytest.param({"availability_zone_id": [demo.AZ_1]}, 2, id="one-az"),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "ip_target_enable": True}, 6, id="ip-targets"
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "ip_target_enable": False}, 2, id="no-ip-targets"
        ),
        pytest.param({"availability_zone_id": [demo.AZ_1, demo.AZ_2]}, 3, id="two-azs"),
        pytest.param(
            {
                "availability_zone_id": [demo.AZ_1, demo.AZ_2],
                "ip_target_enable": True,
                "l7_flavor_id": demo.L7_FLAVOR,
            },
            31,
            id="two-azs-ip-targets-l7",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "l7_flavor_id": demo.L7_FLAVOR}, 22, id="l7"
        ),
        pytest.param({"availability_zone_id": [demo.AZ_1], "ip_version": 4}, 2, id="ipv4"),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1, demo.AZ_2], "ip_version": 6}, 6, id="dual-stack"
        ),
        pytest.param({"availability_zone_id": [demo.AZ_1], "nat64_enable": True}, 6, id="nat64"),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "nat64_enable": True, "ip_target_enable": True},
            6,
            id="nat64-and-ip-targets",
        ),
        pytest.param({"availability_zone_id": [demo.AZ_1, demo.AZ_1]}, 2, id="an-az-twice"),
    ],
)
def test_a_new_load_balancer(elb: Any, query: dict[str, Any], total: int) -> None:
    assert count(elb, **query) == total


# --- a change of a load balancer ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "total"),
    [
        # demo LB: 2 AZs, IPv4, IP as a backend off, a TCP listener
        pytest.param({"loadbalancer_id": demo.LB}, 20, id="first-l7-listener"),
        pytest.param(
            {"loadbalancer_id": demo.LB, "ip_target_enable": False}, 20, id="first-l7-listener-2"
        ),
        pytest.param({"loadbalancer_id": demo.LB, "ip_target_enable": True}, 8, id="ip-targets"),
        pytest.param(
            {"loadbalancer_id": demo.LB, "l7_flavor_id": demo.L7_FLAVOR_2}, 20, id="l7-flavor"
        ),
        pytest.param(
            {
                "loadbalancer_id": demo.LB,
                "l7_flavor_id": demo.L7_FLAVOR_2,
                "ip_target_enable": True,
            },
            28,
            id="l7-flavor-and-ip-targets",
        ),
        pytest.param({"loadbalancer_id": demo.LB, "nat64_enable": True}, 8, id="nat64"),
        pytest.param({"loadbalancer_id": demo.LB, "nat64_enable": False}, 0, id="no-nat64"),
        # the new load balancer's fields are ignored with loadbalancer_id
        pytest.param(
            {"loadbalancer_id": demo.LB, "availability_zone_id": ["nowhere"], "ip_version": 6},
            20,
            id="create-fields-ignored",
        ),
        # LB_IP_TARGETS: 2 AZs, dual-stack (everything twice), IP as a backend on
        pytest.param({"loadbalancer_id": demo.LB_IP_TARGETS}, 40, id="dual-stack-first-l7"),
        pytest.param(
            {"loadbalancer_id": demo.LB_IP_TARGETS, "ip_target_enable": True},
            0,
            id="ip-targets-on-already",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB_IP_TARGETS, "nat64_enable": True},
            0,
            id="nat64-with-ip-targets-on",
        ),
    ],
)
def test_a_change_of_a_load_balancer(elb: Any, query: dict[str, Any], total: int) -> None:
    assert count(elb, **query) == total


def test_a_layer7_listener_holds_the_layer7_addresses(elb: Any) -> None:
    create_listener(elb, loadbalancer_id=demo.LB, protocol="HTTP", protocol_port=8080)

    assert count(elb, loadbalancer_id=demo.LB) == 0
    assert count(elb, loadbalancer_id=demo.LB, l7_flavor_id=demo.L7_FLAVOR_2) == 0
    assert count(elb, loadbalancer_id=demo.LB, ip_target_enable=True) == 8


def test_the_upgrade_of_a_shared_load_balancer(elb: Any, extra: MockElbClient) -> None:
    # the VIP stays: the health check addresses of its AZs, and the layer-7 ones for HTTP
    assert count(elb, loadbalancer_id=SHARED, scene="UPGRADE") == 1
    assert count(elb, loadbalancer_id=SHARED_HTTP, scene="UPGRADE") == 22


def test_the_answer_carries_every_sdk_field(http: httpx.Client) -> None:
    body = assert_ok_response(http.get(COUNT_PATH, params={"availability_zone_id": demo.AZ_1}))

    assert_model_fields(body, elb_v3.CountPreoccupyIpNumResponse)
    assert body["preoccupy_ip"] == {"total": 2}


# --- rejections ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "code", "message"),
    [
        pytest.param({}, 400, INVALID_INPUT, "availability_zone_id", id="nothing"),
        pytest.param(
            {"l7_flavor_id": demo.L7_FLAVOR}, 400, INVALID_INPUT, "availability_zone_id", id="no-az"
        ),
        pytest.param(
            {"availability_zone_id": ["cn-north-9z"]},
            400,
            INVALID_INPUT,
            "cn-north-9z does not exist",
            id="unknown-az",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1, OTHER_SET_AZ]},
            400,
            INVALID_INPUT,
            "one availability zone set",
            id="azs-of-two-sets",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "ip_version": 5},
            400,
            INVALID_INPUT,
            "ip_version",
            id="ip-version-5",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "ip_version": 0},
            400,
            INVALID_INPUT,
            "ip_version",
            id="ip-version-0-with-lb",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "l7_flavor_id": demo.UNKNOWN_ID},
            404,
            NOT_FOUND,
            f"flavor {demo.UNKNOWN_ID} could not be found.",
            id="unknown-flavor",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "l7_flavor_id": demo.L4_FLAVOR},
            400,
            INVALID_INPUT,
            "of type L4",
            id="l4-flavor-as-l7",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "l7_flavor_id": demo.L7_FLAVOR_SOLD_OUT},
            400,
            INVALID_INPUT,
            "sold out",
            id="sold-out-flavor",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "l7_flavor_id": demo.L4_FLAVOR},
            400,
            INVALID_INPUT,
            "of type L4",
            id="l4-flavor-as-l7-for-a-change",
        ),
        pytest.param(
            {"loadbalancer_id": demo.UNKNOWN_ID},
            404,
            NOT_FOUND,
            f"loadbalancer {demo.UNKNOWN_ID} could not be found.",
            id="unknown-lb",
        ),
        pytest.param(
            {"availability_zone_id": [demo.AZ_1], "scene": "UPGRADE"},
            400,
            INVALID_INPUT,
            "loadbalancer_id",
            id="scene-without-lb",
        ),
        pytest.param(
            {"loadbalancer_id": SHARED, "scene": "DOWNGRADE"},
            400,
            INVALID_INPUT,
            "UPGRADE",
            id="unknown-scene",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "scene": "UPGRADE"},
            400,
            INVALID_INPUT,
            "dedicated already",
            id="upgrade-a-dedicated-lb",
        ),
        pytest.param(
            {"loadbalancer_id": SHARED, "scene": "UPGRADE", "l7_flavor_id": demo.L7_FLAVOR},
            400,
            INVALID_INPUT,
            "together with scene",
            id="scene-and-a-flavor",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "nat64_enable": True, "ip_target_enable": True},
            400,
            INVALID_INPUT,
            "together with nat64_enable",
            id="nat64-and-ip-targets",
        ),
    ],
)
def test_a_refused_count(
    elb: Any, extra: MockElbClient, query: dict[str, Any], status: int, code: str, message: str
) -> None:
    assert_refused(
        lambda: elb.count_preoccupy_ip_num(CountPreoccupyIpNumRequest(**query)),
        status,
        code,
        message,
    )


def test_another_projects_load_balancer_is_not_found(mockelb: MockElbClient) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    assert_refused(
        lambda: stranger.count_preoccupy_ip_num(
            CountPreoccupyIpNumRequest(loadbalancer_id=demo.LB)
        ),
        404,
        NOT_FOUND,
    )


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"availability_zone_id": demo.AZ_1, "ip_version": "four"}, id="ip-version"),
        pytest.param(
            {"availability_zone_id": demo.AZ_1, "ip_target_enable": "maybe"}, id="ip-target-enable"
        ),
        pytest.param({"loadbalancer_id": demo.LB, "nat64_enable": "yes please"}, id="nat64-enable"),
    ],
)
def test_a_malformed_query_is_the_clouds_400(http: httpx.Client, query: dict[str, str]) -> None:
    assert_error_response(http.get(COUNT_PATH, params=query), 400, INVALID_INPUT)
