"""A load balancer's AZs through the official SDK: batch_add_available_zones and
batch_remove_available_zones, and each rejection (which changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchAddAvailableZonesRequest,
    BatchAddAvailableZonesRequestBody,
    BatchRemoveAvailableZonesRequest,
    BatchRemoveAvailableZonesRequestBody,
)

from mockelb.testing import MockElbClient, make_elb_client
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import ELB, create_load_balancer, list_load_balancers, show_load_balancer
from tests.sdk_checks import (
    TIME,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
)

OTHER_SET_AZ = "cn-north-4d"
SHARED_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4ce1"
ERROR_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4ce2"
STRANGER = "0123456789abcdef0123456789abcdef"
# an AZ of another set, a shared load balancer and one in ERROR
EXTRA_STATE = {
    "project_id": demo.PROJECT,
    "availability_zones": [{"code": OTHER_SET_AZ, "set": 1, "protocol": ["L4", "L7"]}],
    "loadbalancers": [
        {
            "id": SHARED_LB,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "vip_subnet_cidr_id": demo.SUBNET,
            "availability_zone_list": [demo.AZ_1],
        },
        {
            "id": ERROR_LB,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1],
            "provisioning_status": "ERROR",
        },
    ],
}


def add_zones(elb: Any, lb_id: str, *codes: str) -> Any:
    body = BatchAddAvailableZonesRequestBody(availability_zone_list=list(codes))
    return elb.batch_add_available_zones(
        BatchAddAvailableZonesRequest(loadbalancer_id=lb_id, body=body)
    )


def remove_zones(elb: Any, lb_id: str, *codes: str) -> Any:
    body = BatchRemoveAvailableZonesRequestBody(availability_zone_list=list(codes))
    return elb.batch_remove_available_zones(
        BatchRemoveAvailableZonesRequest(loadbalancer_id=lb_id, body=body)
    )


def lb_json(http: httpx.Client, lb_id: str) -> dict[str, Any]:
    body: dict[str, Any] = assert_ok_response(http.get(f"{ELB}/loadbalancers/{lb_id}"))
    return dict(body["loadbalancer"])


@pytest.fixture
def l4_lb(elb: Any) -> str:
    """A load balancer in AZ_1 with an L4 flavor alone (AZ_3 sells L4 only)."""
    lb_id: str = create_load_balancer(
        elb, vip_subnet_cidr_id=demo.SUBNET, l4_flavor_id=demo.L4_FLAVOR
    ).id
    return lb_id


@pytest.fixture
def extra(mockelb: MockElbClient) -> MockElbClient:
    mockelb.load_state(EXTRA_STATE)
    return mockelb


# --- success ------------------------------------------------------------------------------


def test_batch_add_appends_the_zones_in_order(elb: Any, http: httpx.Client, l4_lb: str) -> None:
    before = lb_json(http, l4_lb)

    response = add_zones(elb, l4_lb, demo.AZ_3, demo.AZ_2)

    assert response.status_code == 200
    assert isinstance(response.loadbalancer, elb_v3.LoadBalancer)
    assert response.loadbalancer.id == l4_lb
    assert response.loadbalancer.availability_zone_list == [demo.AZ_1, demo.AZ_3, demo.AZ_2]
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    after = lb_json(http, l4_lb)
    assert after["availability_zone_list"] == [demo.AZ_1, demo.AZ_3, demo.AZ_2]
    assert TIME.fullmatch(after["updated_at"]) and after["updated_at"] >= before["updated_at"]
    unchanged = {
        k: v for k, v in after.items() if k not in ("availability_zone_list", "updated_at")
    }
    assert unchanged == {
        k: v for k, v in before.items() if k not in ("availability_zone_list", "updated_at")
    }


def test_batch_remove_keeps_the_order_of_the_rest(elb: Any, l4_lb: str) -> None:
    add_zones(elb, l4_lb, demo.AZ_2, demo.AZ_3)

    response = remove_zones(elb, l4_lb, demo.AZ_1, demo.AZ_3)

    assert response.status_code == 200
    assert response.loadbalancer.availability_zone_list == [demo.AZ_2]
    assert show_load_balancer(elb, l4_lb).availability_zone_list == [demo.AZ_2]


def test_the_answers_carry_every_sdk_field(http: httpx.Client, l4_lb: str) -> None:
    for action, model in (
        ("batch-add", elb_v3.BatchAddAvailableZonesResponse),
        ("batch-remove", elb_v3.BatchRemoveAvailableZonesResponse),
    ):
        response = http.post(
            f"{ELB}/loadbalancers/{l4_lb}/availability-zone/{action}",
            json={"availability_zone_list": [demo.AZ_2]},
        )
        body = assert_ok_response(response)
        assert_model_fields(body, model)
        assert_model_fields(body["loadbalancer"], elb_v3.LoadBalancer)
        # loadbalancer_id and order_id are for yearly/monthly load balancers alone
        assert set(body) == {"loadbalancer", "request_id"}


def test_the_list_filter_sees_an_added_zone(elb: Any, l4_lb: str) -> None:
    assert l4_lb not in [
        lb.id for lb in list_load_balancers(elb, availability_zone_list=[demo.AZ_3])
    ]

    add_zones(elb, l4_lb, demo.AZ_3)

    found = list_load_balancers(elb, availability_zone_list=[demo.AZ_3])
    assert [lb.id for lb in found] == [l4_lb]


def test_an_l7_load_balancer_takes_a_zone_that_sells_l7(elb: Any) -> None:
    lb_id = create_load_balancer(
        elb, l7_flavor_id=demo.L7_FLAVOR, vip_subnet_cidr_id=demo.SUBNET
    ).id

    assert add_zones(elb, lb_id, demo.AZ_2).loadbalancer.availability_zone_list == [
        demo.AZ_1,
        demo.AZ_2,
    ]


# --- rejections ---------------------------------------------------------------------------


Call = Callable[[Any, str], Any]


@pytest.mark.parametrize(
    ("call", "status", "code", "message"),
    [
        pytest.param(
            lambda elb, lb: add_zones(elb, lb, "cn-north-9z"),
            400,
            INVALID_INPUT,
            "availability zone cn-north-9z does not exist",
            id="add-unknown-zone",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, lb, OTHER_SET_AZ),
            400,
            INVALID_INPUT,
            "one availability zone set",
            id="add-zone-of-another-set",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, lb, demo.AZ_1),
            400,
            INVALID_INPUT,
            f"already in availability zone {demo.AZ_1}",
            id="add-zone-it-has",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, lb, demo.AZ_2, demo.AZ_2),
            400,
            INVALID_INPUT,
            "named twice",
            id="add-zone-twice",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, lb, demo.AZ_2, "cn-north-9z"),
            400,
            INVALID_INPUT,
            "cn-north-9z",
            id="add-good-and-unknown",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, lb), 400, INVALID_INPUT, None, id="add-nothing"
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, lb, demo.AZ_2),
            400,
            INVALID_INPUT,
            f"not in availability zone {demo.AZ_2}",
            id="remove-zone-it-lacks",
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, lb, demo.AZ_1),
            400,
            INVALID_INPUT,
            "keeps one availability zone",
            id="remove-the-last-zone",
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, lb, demo.AZ_1, demo.AZ_1),
            400,
            INVALID_INPUT,
            "named twice",
            id="remove-zone-twice",
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, lb), 400, INVALID_INPUT, None, id="remove-nothing"
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, demo.UNKNOWN_ID, demo.AZ_2),
            404,
            NOT_FOUND,
            f"loadbalancer {demo.UNKNOWN_ID} could not be found.",
            id="add-to-unknown-lb",
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, demo.UNKNOWN_ID, demo.AZ_1),
            404,
            NOT_FOUND,
            f"loadbalancer {demo.UNKNOWN_ID} could not be found.",
            id="remove-from-unknown-lb",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, SHARED_LB, demo.AZ_2),
            400,
            INVALID_INPUT,
            "shared load balancer",
            id="add-to-shared-lb",
        ),
        pytest.param(
            lambda elb, lb: remove_zones(elb, ERROR_LB, demo.AZ_1),
            409,
            CONFLICT,
            "is ERROR",
            id="remove-from-lb-in-error",
        ),
        pytest.param(
            lambda elb, lb: add_zones(elb, ERROR_LB, demo.AZ_2),
            409,
            CONFLICT,
            "is ERROR",
            id="add-to-lb-in-error",
        ),
    ],
)
def test_a_refused_change_changes_nothing(
    elb: Any,
    http: httpx.Client,
    extra: MockElbClient,
    l4_lb: str,
    call: Call,
    status: int,
    code: str,
    message: str | None,
) -> None:
    before = http.get(f"{ELB}/loadbalancers").json()["loadbalancers"]

    assert_refused(lambda: call(elb, l4_lb), status, code, message)

    assert http.get(f"{ELB}/loadbalancers").json()["loadbalancers"] == before


def test_a_zone_without_l7_capacity_is_refused_to_an_l7_load_balancer(
    elb: Any, http: httpx.Client
) -> None:
    lb_id = create_load_balancer(
        elb, l7_flavor_id=demo.L7_FLAVOR, vip_subnet_cidr_id=demo.SUBNET
    ).id
    before = lb_json(http, lb_id)

    # AZ_3 sells L4 alone (its protocol is [L4])
    assert_refused(lambda: add_zones(elb, lb_id, demo.AZ_3), 400, INVALID_INPUT, "no L7 capacity")

    assert lb_json(http, lb_id) == before


def test_another_projects_load_balancer_is_not_found(mockelb: MockElbClient, l4_lb: str) -> None:
    stranger = make_elb_client(mockelb.url, STRANGER)

    assert_refused(lambda: add_zones(stranger, l4_lb, demo.AZ_2), 404, NOT_FOUND)
    assert_refused(lambda: remove_zones(stranger, l4_lb, demo.AZ_1), 404, NOT_FOUND)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-list"),
        pytest.param({"availability_zone_list": None}, id="null-list"),
        pytest.param({"availability_zone_list": "cn-north-4b"}, id="a-string"),
        pytest.param({"availability_zone_list": [""]}, id="an-empty-code"),
        pytest.param({"availability_zone_list": [7]}, id="a-number"),
        pytest.param({"availability_zone_list": ["cn-north-4b"], "x": 1}, id="unknown-attribute"),
        pytest.param({"loadbalancer": {"availability_zone_list": ["cn-north-4b"]}}, id="wrapped"),
    ],
)
@pytest.mark.parametrize("action", ["batch-add", "batch-remove"])
def test_a_malformed_body_is_the_clouds_400(
    http: httpx.Client, l4_lb: str, action: str, body: dict[str, Any]
) -> None:
    before = lb_json(http, l4_lb)

    response = http.post(f"{ELB}/loadbalancers/{l4_lb}/availability-zone/{action}", json=body)

    assert_error_response(response, 400, INVALID_INPUT)
    assert lb_json(http, l4_lb) == before
