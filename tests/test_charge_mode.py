"""change_loadbalancer_charge_mode through the official SDK: the order is placed and, with
no billing emulated, never paid, so the load balancers stay pay-per-use; each rejection
places no order and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    ChangeLoadbalancerChargeModeRequest,
    ChangeLoadbalancerChargeModeRequestBody,
    PrepaidChangeChargeModeOption,
)

from mockelb.testing import MockElbClient, make_elb_client
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import ELB, show_load_balancer
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
)

SHARED_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4cb1"
SHARED_STATE = {
    "project_id": demo.PROJECT,
    "loadbalancers": [
        {
            "id": SHARED_LB,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1],
        }
    ],
}
CHANGE_PATH = f"{ELB}/loadbalancers/change-charge-mode"
EIP = "5b9b8370-a1fc-4c59-a509-483a673c8a94"


def change(elb: Any, lb_ids: list[str], charge_mode: str = "prepaid", **prepaid: Any) -> Any:
    options = PrepaidChangeChargeModeOption(**prepaid) if prepaid else None
    body = ChangeLoadbalancerChargeModeRequestBody(
        loadbalancer_ids=lb_ids, charge_mode=charge_mode, prepaid_options=options
    )
    return elb.change_loadbalancer_charge_mode(ChangeLoadbalancerChargeModeRequest(body=body))


def load_balancers(http: httpx.Client) -> list[dict[str, Any]]:
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers"))
    return list(body["loadbalancers"])


# --- the order ----------------------------------------------------------------------------


def test_the_order_names_the_load_balancers_which_stay_pay_per_use(
    elb: Any, http: httpx.Client
) -> None:
    before = load_balancers(http)

    response = change(
        elb,
        [demo.LB, demo.LB_IP_TARGETS],
        period_type="year",
        period_num=3,
        auto_renew=True,
        auto_pay=True,
    )

    assert response.status_code == 200
    assert response.loadbalancer_id_list == [demo.LB, demo.LB_IP_TARGETS]
    assert response.eip_id_list == []
    assert UUID.fullmatch(response.order_id)
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    # the order is never paid: nothing about the load balancers changes
    assert load_balancers(http) == before
    lb = show_load_balancer(elb, demo.LB)
    assert (lb.charge_mode, lb.billing_info) == ("flavor", None)


def test_each_order_is_a_new_one(elb: Any) -> None:
    first = change(elb, [demo.LB], period_type="month").order_id
    second = change(elb, [demo.LB], period_type="month").order_id

    assert first != second


@pytest.mark.parametrize(
    "prepaid",
    [
        pytest.param({}, id="no-options"),
        pytest.param({"period_type": "month", "period_num": 9}, id="nine-months"),
        pytest.param({"period_type": "year", "period_num": 1}, id="one-year"),
        pytest.param({"period_type": "month", "include_publicip": True}, id="with-its-eips"),
        pytest.param(
            {"period_type": "month", "include_publicip": True, "publicip_ids": []},
            id="with-no-eip-named",
        ),
        pytest.param({"period_type": "month", "include_publicip": False}, id="without-eips"),
    ],
)
def test_a_valid_order_is_placed(elb: Any, prepaid: dict[str, Any]) -> None:
    response = change(elb, [demo.LB], **prepaid)

    assert response.loadbalancer_id_list == [demo.LB]
    # no EIP is bound to a mockelb load balancer
    assert response.eip_id_list == []


def test_the_answer_carries_every_sdk_field(http: httpx.Client) -> None:
    body = {
        "loadbalancer_ids": [demo.LB],
        "charge_mode": "prepaid",
        "prepaid_options": {"period_type": "month"},
    }

    answer = assert_ok_response(http.post(CHANGE_PATH, json=body))

    assert_model_fields(answer, elb_v3.ChangeLoadbalancerChargeModeResponse)
    assert set(answer) == {"eip_id_list", "loadbalancer_id_list", "order_id", "request_id"}


# --- rejections ---------------------------------------------------------------------------


Call = Callable[[Any], Any]


@pytest.mark.parametrize(
    ("call", "status", "code", "message"),
    [
        pytest.param(
            lambda elb: change(elb, [demo.LB], "postpaid", period_type="month"),
            400,
            INVALID_INPUT,
            "charge_mode",
            id="not-prepaid",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB], period_type="year", period_num=4),
            400,
            INVALID_INPUT,
            "1 to 3 for years",
            id="four-years",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB], period_type="month", period_num=10),
            400,
            INVALID_INPUT,
            "period_num",
            id="ten-months",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB], period_type="month", period_num=0),
            400,
            INVALID_INPUT,
            "period_num",
            id="no-months",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB], period_type="week"),
            400,
            INVALID_INPUT,
            "period_type",
            id="weeks",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB], period_type="month", publicip_ids=[EIP]),
            400,
            INVALID_INPUT,
            "include_publicip",
            id="eips-without-include",
        ),
        pytest.param(
            lambda elb: change(
                elb, [demo.LB], period_type="month", include_publicip=False, publicip_ids=[]
            ),
            400,
            INVALID_INPUT,
            "include_publicip",
            id="eips-with-include-false",
        ),
        pytest.param(
            lambda elb: change(
                elb, [demo.LB], period_type="month", include_publicip=True, publicip_ids=[EIP]
            ),
            404,
            NOT_FOUND,
            f"publicip {EIP} could not be found.",
            id="unknown-eip",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB, demo.UNKNOWN_ID], period_type="month"),
            404,
            NOT_FOUND,
            f"loadbalancer {demo.UNKNOWN_ID} could not be found.",
            id="unknown-lb",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB, demo.LB], period_type="month"),
            400,
            INVALID_INPUT,
            "named twice",
            id="lb-twice",
        ),
        pytest.param(
            lambda elb: change(elb, [], period_type="month"),
            400,
            INVALID_INPUT,
            "loadbalancer_ids",
            id="no-lb",
        ),
        pytest.param(
            lambda elb: change(elb, [demo.LB, SHARED_LB], period_type="month"),
            400,
            INVALID_INPUT,
            "is shared",
            id="shared-lb",
        ),
    ],
)
def test_a_refused_change_places_no_order(
    elb: Any,
    http: httpx.Client,
    mockelb: MockElbClient,
    call: Call,
    status: int,
    code: str,
    message: str,
) -> None:
    mockelb.load_state(SHARED_STATE)
    before = load_balancers(http)

    assert_refused(lambda: call(elb), status, code, message)

    assert load_balancers(http) == before


def test_another_projects_load_balancer_is_not_found(mockelb: MockElbClient) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    assert_refused(
        lambda: change(stranger, [demo.LB], period_type="month"),
        404,
        NOT_FOUND,
        f"loadbalancer {demo.LB} could not be found.",
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"charge_mode": "prepaid"}, id="no-load-balancers"),
        pytest.param({"loadbalancer_ids": [demo.LB]}, id="no-charge-mode"),
        pytest.param({"loadbalancer_ids": demo.LB, "charge_mode": "prepaid"}, id="ids-not-a-list"),
        pytest.param(
            {"loadbalancer_ids": [demo.LB], "charge_mode": "prepaid", "prepaid_options": {}},
            id="options-without-period-type",
        ),
        pytest.param(
            {
                "loadbalancer_ids": [demo.LB],
                "charge_mode": "prepaid",
                "prepaid_options": {"period_type": "month", "period_num": "1"},
            },
            id="period-num-a-string",
        ),
        pytest.param(
            {"loadbalancer_ids": [demo.LB], "charge_mode": "prepaid", "billing": "x"},
            id="unknown-attribute",
        ),
        pytest.param(
            {"loadbalancer": {"loadbalancer_ids": [demo.LB], "charge_mode": "prepaid"}},
            id="wrapped",
        ),
    ],
)
def test_a_malformed_body_is_the_clouds_400(http: httpx.Client, body: dict[str, Any]) -> None:
    before = load_balancers(http)

    response = http.post(CHANGE_PATH, json=body)

    assert_error_response(response, 400, INVALID_INPUT)
    assert load_balancers(http) == before
