"""Second-reading fixes of the load balancer operations and the status tree: every rule
here failed before its fix (see the review report)."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    ShowLoadBalancerStatusRequest,
    UpdateLoadBalancerOption,
    UpdateLoadBalancerRequest,
    UpdateLoadBalancerRequestBody,
)
from starlette.testclient import TestClient

from mockelb.models import LoadBalancer
from tests import demo
from tests.factories import monitored_member
from tests.sdk_checks import assert_json_model

LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
NOW = "2024-01-01T00:00:00Z"


def create_body(**fields: Any) -> dict[str, Any]:
    return {"loadbalancer": {"vpc_id": demo.VPC, "availability_zone_list": [demo.AZ_1], **fields}}


def count_lbs(client: TestClient) -> int:
    return len(client.get(LOADBALANCERS).json()["loadbalancers"])


# --- LoadBalancer: every documented field -------------------------------------------------


def test_autoscaling_and_waf_failure_action_are_shown(http: httpx.Client) -> None:
    lb = http.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]

    # AutoscalingRef: mockelb never scales; waf_failure_action: the documented default
    assert lb["autoscaling"] == {"enable": False, "min_l7_flavor_id": ""}
    assert_json_model(lb["autoscaling"], elb_v3.AutoscalingRef)
    assert lb["waf_failure_action"] == "forward"


def test_waf_failure_action_is_kept_from_create_and_update(http: httpx.Client) -> None:
    body = {
        "loadbalancer": {
            "availability_zone_list": [demo.AZ_1],
            "vip_subnet_cidr_id": demo.SUBNET,
            "waf_failure_action": "discard",
        }
    }
    created = http.post(LOADBALANCERS, json=body).json()["loadbalancer"]
    assert created["waf_failure_action"] == "discard"

    update = {"loadbalancer": {"waf_failure_action": "forward"}}
    updated = http.put(f"{LOADBALANCERS}/{created['id']}", json=update).json()["loadbalancer"]

    assert updated["waf_failure_action"] == "forward"
    shown = http.get(f"{LOADBALANCERS}/{created['id']}").json()["loadbalancer"]
    assert shown["waf_failure_action"] == "forward"


# --- create: the nested options are checked like update's ---------------------------------


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        pytest.param({"autoscaling": {"enable": True}}, 400, "autoscaling", id="autoscaling-on"),
        pytest.param({"autoscaling": {}}, 400, "loadbalancer.autoscaling.enable", id="no-enable"),
        pytest.param(
            {"autoscaling": {"enable": False, "bogus": 1}}, 400, "bogus", id="autoscaling-unknown"
        ),
        pytest.param(
            {"prepaid_options": {"period_type": "month", "period_num": 1}},
            400,
            "prepaid_options",
            id="prepaid",
        ),
        pytest.param(
            {"prepaid_options": {"period_type": "year", "period_num": 4}},
            400,
            "prepaid_options.period_num",
            id="prepaid-four-years",
        ),
        pytest.param({"prepaid_options": {"bogus": 1}}, 400, "bogus", id="prepaid-unknown"),
        pytest.param({"ipv6_bandwidth": {"id": UNKNOWN_ID}}, 404, UNKNOWN_ID, id="bandwidth"),
        pytest.param({"ipv6_bandwidth": {}}, 400, "ipv6_bandwidth.id", id="bandwidth-no-id"),
    ],
)
def test_create_refuses_what_it_cannot_keep(
    app_client: TestClient, fields: dict[str, Any], status: int, field: str
) -> None:
    before = count_lbs(app_client)

    response = app_client.post(LOADBALANCERS, json=create_body(**fields))

    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == ("ELB.8904" if status == 404 else "ELB.8902")
    assert field in body["error_msg"]
    assert count_lbs(app_client) == before


def test_create_with_autoscaling_off_is_accepted(app_client: TestClient) -> None:
    response = app_client.post(LOADBALANCERS, json=create_body(autoscaling={"enable": False}))

    assert response.status_code == 201, response.text
    assert response.json()["loadbalancer"]["autoscaling"]["enable"] is False


# --- admin_state_up: a disabled load balancer and its status tree -------------------------


def test_a_disabled_load_balancer_via_the_sdk(elb: Any) -> None:
    option = CreateLoadBalancerOption(
        vpc_id=demo.VPC, availability_zone_list=[demo.AZ_1], admin_state_up=False
    )
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    created = elb.create_load_balancer(request).loadbalancer
    assert created.admin_state_up is False
    # DISABLED is a status-tree value only: the load balancer itself stays ONLINE
    assert created.operating_status == "ONLINE"

    tree = elb.show_load_balancer_status(
        ShowLoadBalancerStatusRequest(loadbalancer_id=created.id)
    ).statuses.loadbalancer
    assert tree.operating_status == "DISABLED"

    body = UpdateLoadBalancerRequestBody(loadbalancer=UpdateLoadBalancerOption(admin_state_up=True))
    elb.update_load_balancer(UpdateLoadBalancerRequest(loadbalancer_id=created.id, body=body))
    tree = elb.show_load_balancer_status(
        ShowLoadBalancerStatusRequest(loadbalancer_id=created.id)
    ).statuses.loadbalancer
    assert tree.operating_status == "ONLINE"


def test_everything_below_a_disabled_load_balancer_is_disabled(app_client: TestClient) -> None:
    monitored_member(app_client)
    updated = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"admin_state_up": False}}
    )
    assert updated.status_code == 200, updated.text

    tree = app_client.get(f"{LOADBALANCERS}/{demo.LB}/statuses").json()["statuses"]
    lb = tree["loadbalancer"]
    listener = lb["listeners"][0]
    pools = [*listener["pools"], *lb["pools"]]
    assert lb["operating_status"] == "DISABLED"
    assert listener["operating_status"] == "DISABLED"
    assert [pool["operating_status"] for pool in pools] == ["DISABLED", "DISABLED"]
    assert [m["operating_status"] for pool in pools for m in pool["members"]] == [
        "DISABLED",
        "DISABLED",
    ]
    # the member API keeps reporting the monitor's view
    members = app_client.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()
    assert [m["operating_status"] for m in members["members"]] == ["INITIAL"]
    with app_client.app.state.database.transaction() as session:  # type: ignore[attr-defined]
        assert session.get(LoadBalancer, demo.LB).operating_status == "ONLINE"
