"""Load balancers after creation, through the official SDK: update (names, VIPs, flavors,
backend subnets, protection), every list filter, and delete-cascade.

Raw HTTP and a fresh in-process app cover what the SDK cannot send (nulls, unknown
attributes, wrong types) or what no API creates yet (listeners, health monitors).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    BandwidthRef,
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    DeleteLoadBalancerCascadeOption,
    DeleteLoadBalancerCascadeRequest,
    DeleteLoadBalancerCascadeRequestBody,
    DeleteLoadBalancerRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    PrepaidUpdateOption,
    ShowLoadBalancerRequest,
    ShowPoolRequest,
    UpdateLoadbalancerAutoscalingOption,
    UpdateLoadBalancerOption,
    UpdateLoadBalancerRequest,
    UpdateLoadBalancerRequestBody,
)
from starlette.testclient import TestClient

from mockelb.models import Flavor, HealthMonitor, Listener, LoadBalancer, Member, Pool
from tests import demo
from tests.factories import monitored_member
from tests.sdk_checks import assert_json_model, sdk_error
from tests.test_load_balancers import LB_NULLABLE_FIELDS, LB_OPTIONAL_FIELDS

LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
OLD_TIME = "2020-01-01T00:00:00Z"

SUBNET_NETWORK = demo.SUBNET_VPC_ID  # network id of 192.168.0.0/24
SUBNET_2_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02"  # network id of 192.168.1.0/24
OTHER_VPC_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"
IPV6_CIDR = "2001:db8:a583:2::/64"

L4_SMALL = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01"
L4_MEDIUM = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02"
L7_SMALL = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c11"
L7_MEDIUM = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c12"
L7_SOLD_OUT = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c13"


def create_lb(elb: Any, **fields: Any) -> Any:
    fields.setdefault("availability_zone_list", [demo.AZ_1])
    option = CreateLoadBalancerOption(**fields)
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    return elb.create_load_balancer(request).loadbalancer


def update_lb(elb: Any, lb_id: str, **fields: Any) -> Any:
    body = UpdateLoadBalancerRequestBody(loadbalancer=UpdateLoadBalancerOption(**fields))
    return elb.update_load_balancer(UpdateLoadBalancerRequest(loadbalancer_id=lb_id, body=body))


def update_error(elb: Any, lb_id: str, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: update_lb(elb, lb_id, **fields))


def show_lb(elb: Any, lb_id: str) -> Any:
    return elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=lb_id)).loadbalancer


def listed(elb: Any, **query: Any) -> list[str]:
    response = elb.list_load_balancers(ListLoadBalancersRequest(**query))
    return sorted(lb.id for lb in response.loadbalancers)


def cascade(elb: Any, lb_id: str, **option: Any) -> Any:
    body = None
    if option:
        body = DeleteLoadBalancerCascadeRequestBody(
            loadbalancer=DeleteLoadBalancerCascadeOption(**option)
        )
    request = DeleteLoadBalancerCascadeRequest(loadbalancer_id=lb_id, body=body)
    return elb.delete_load_balancer_cascade(request)


def add_members(elb: Any, pool_id: str, *members: dict[str, Any]) -> list[str]:
    request = BatchCreateMembersRequest(
        pool_id=pool_id,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**member) for member in members]
        ),
    )
    return [member.id for member in elb.batch_create_members(request).members]


def create_pool(elb: Any, **fields: Any) -> Any:
    option = CreatePoolOption(protocol="TCP", lb_algorithm="ROUND_ROBIN", **fields)
    return elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option))).pool


def assert_error(error: ClientRequestException, status: int, code: str) -> None:
    assert (error.status_code, error.error_code) == (status, code), error.error_msg


def in_network(address: str, cidr: str) -> bool:
    return ipaddress.ip_address(address) in ipaddress.ip_network(cidr)


def db(client: TestClient) -> Any:
    return client.app.state.database.transaction()  # type: ignore[attr-defined]


# --- update: plain fields -----------------------------------------------------------------


def test_update_name_and_description(elb: Any) -> None:
    response = update_lb(elb, demo.LB, name="renamed", description="new words")

    assert response.status_code == 200
    assert response.loadbalancer.id == demo.LB
    assert (response.loadbalancer.name, response.loadbalancer.description) == (
        "renamed",
        "new words",
    )
    shown = show_lb(elb, demo.LB)
    assert (shown.name, shown.description) == ("renamed", "new words")
    assert [listener.id for listener in shown.listeners] == [demo.LISTENER]


def test_update_response_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"name": "x"}})

    assert response.status_code == 200
    body = response.json()
    assert_json_model(
        body, elb_v3.UpdateLoadBalancerResponse, optional={"loadbalancer_id", "order_id"}
    )
    assert_json_model(
        body["loadbalancer"],
        elb_v3.LoadBalancer,
        optional=LB_OPTIONAL_FIELDS,
        nullable=LB_NULLABLE_FIELDS,
    )
    assert body["request_id"] == response.headers["X-Request-Id"]


def test_an_empty_update_changes_only_updated_at(app_client: TestClient) -> None:
    with db(app_client) as session:
        session.get(LoadBalancer, demo.LB).updated_at = OLD_TIME
    before = app_client.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]

    response = app_client.put(f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {}})

    after = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert TIME.match(after["updated_at"]) and after["updated_at"] > OLD_TIME
    assert after["created_at"] == before["created_at"]
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


@pytest.mark.parametrize("field", ["name", "description"])
def test_names_longer_than_255_are_refused(elb: Any, field: str) -> None:
    error = update_error(elb, demo.LB, **{field: "x" * 256})

    assert_error(error, 400, "ELB.8902")
    assert field in error.error_msg


def test_admin_state_up_can_be_switched_off_and_on(elb: Any) -> None:
    # UpdateLoadBalancerOption.admin_state_up: true enables, false disables
    assert update_lb(elb, demo.LB, admin_state_up=False).loadbalancer.admin_state_up is False
    assert show_lb(elb, demo.LB).admin_state_up is False

    assert update_lb(elb, demo.LB, admin_state_up=True).loadbalancer.admin_state_up is True
    assert show_lb(elb, demo.LB).admin_state_up is True


def test_ip_target_enable_can_be_switched_on(elb: Any) -> None:
    assert show_lb(elb, demo.LB).ip_target_enable is False

    response = update_lb(elb, demo.LB, ip_target_enable=True)

    assert response.loadbalancer.ip_target_enable is True
    assert show_lb(elb, demo.LB).ip_target_enable is True


def test_ip_target_enable_cannot_be_switched_off(elb: Any) -> None:
    assert update_lb(elb, demo.LB_IP_TARGETS, ip_target_enable=True).status_code == 200

    error = update_error(elb, demo.LB_IP_TARGETS, ip_target_enable=False)

    assert_error(error, 400, "ELB.8902")
    assert "ip_target_enable" in error.error_msg
    assert show_lb(elb, demo.LB_IP_TARGETS).ip_target_enable is True


def test_ip_target_enable_false_on_a_load_balancer_without_it_is_fine(elb: Any) -> None:
    assert update_lb(elb, demo.LB, ip_target_enable=False).loadbalancer.ip_target_enable is False


def test_deletion_protection_can_be_switched_on_and_off(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC)

    assert update_lb(elb, lb.id, deletion_protection_enable=True).status_code == 200
    error = sdk_error(
        lambda: elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    )
    assert_error(error, 409, "ELB.8907")

    assert update_lb(elb, lb.id, deletion_protection_enable=False).status_code == 200
    response = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    assert response.status_code == 204


def test_protection_status_and_reason(elb: Any) -> None:
    protected = update_lb(
        elb, demo.LB, protection_status="consoleProtection", protection_reason="audit"
    ).loadbalancer
    assert (protected.protection_status, protected.protection_reason) == (
        "consoleProtection",
        "audit",
    )
    # the reason alone changes while protected
    assert update_lb(elb, demo.LB, protection_reason="still").loadbalancer.protection_reason == (
        "still"
    )

    unprotected = update_lb(elb, demo.LB, protection_status="nonProtection").loadbalancer

    assert (unprotected.protection_status, unprotected.protection_reason) == ("nonProtection", "")


def test_a_protection_reason_without_protection_is_ignored(elb: Any) -> None:
    lb = update_lb(elb, demo.LB, protection_reason="why").loadbalancer

    assert (lb.protection_status, lb.protection_reason) == ("nonProtection", "")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"protection_status": "always"}, id="unknown-status"),
        pytest.param({"protection_reason": "<b>"}, id="angle-brackets"),
        pytest.param({"protection_reason": "x" * 256}, id="reason-too-long"),
        pytest.param({"charge_mode": "lcu"}, id="charge-mode-lcu"),
        pytest.param({"waf_failure_action": "drop"}, id="waf-failure-action"),
    ],
)
def test_bad_enumerations_are_refused(elb: Any, fields: dict[str, Any]) -> None:
    error = update_error(elb, demo.LB, **fields)

    assert_error(error, 400, "ELB.8902")
    assert next(iter(fields)) in error.error_msg


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"charge_mode": "flavor"}, id="charge-mode"),
        pytest.param(
            {"autoscaling": UpdateLoadbalancerAutoscalingOption(enable=False)},
            id="autoscaling-off",
        ),
    ],
)
def test_accepted_fields_without_effect(elb: Any, fields: dict[str, Any]) -> None:
    lb = update_lb(elb, demo.LB, **fields).loadbalancer

    assert lb.charge_mode == "flavor"


def test_autoscaling_on_is_refused(elb: Any) -> None:
    option = UpdateLoadbalancerAutoscalingOption(enable=True, min_l7_flavor_id=L7_SMALL)

    error = update_error(elb, demo.LB, autoscaling=option)

    assert_error(error, 400, "ELB.8902")
    assert "autoscaling" in error.error_msg


@pytest.mark.parametrize(
    ("option", "field"),
    [
        pytest.param(
            PrepaidUpdateOption(change_mode="immediate", auto_pay=True),
            "prepaid_options",
            id="pay-per-use",
        ),
        pytest.param(
            PrepaidUpdateOption(change_mode="delay", period_type="year", period_num=4),
            "prepaid_options.period_num",
            id="four-years",
        ),
        pytest.param(
            PrepaidUpdateOption(change_mode="delay", period_type="month", period_num=10),
            "prepaid_options.period_num",
            id="ten-months",
        ),
    ],
)
def test_prepaid_options_are_refused(elb: Any, option: Any, field: str) -> None:
    error = update_error(elb, demo.LB, prepaid_options=option)

    assert_error(error, 400, "ELB.8902")
    assert field in error.error_msg


def test_an_ipv6_bandwidth_is_not_found(elb: Any) -> None:
    error = update_error(elb, demo.LB_IP_TARGETS, ipv6_bandwidth=BandwidthRef(id=UNKNOWN_ID))

    assert_error(error, 404, "ELB.8904")
    assert error.error_msg == f"bandwidth {UNKNOWN_ID} could not be found."


def test_update_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = update_error(elb, UNKNOWN_ID, name="x")

    assert_error(error, 404, "ELB.8904")
    assert error.error_msg == f"loadbalancer {UNKNOWN_ID} could not be found."


def test_update_a_very_long_id_is_elb_8904(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{'a' * 1000}", json={"loadbalancer": {"name": "x"}})

    assert response.status_code == 404
    assert response.json()["error_code"] == "ELB.8904"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"loadbalancer": {"name": "x", "flavor": "big"}},
            "Unrecognized attribute(s) 'flavor'",
            id="unknown-attribute",
        ),
        pytest.param(
            {"loadbalancer": {"name": "x"}, "extra": 1},
            "Unrecognized attribute(s) 'extra'",
            id="unknown-top-level",
        ),
        pytest.param({"loadbalancer": {"name": 1}}, "loadbalancer.name", id="name-not-string"),
        pytest.param(
            {"loadbalancer": {"ip_target_enable": "true"}},
            "loadbalancer.ip_target_enable",
            id="bool-as-string",
        ),
        pytest.param(
            {"loadbalancer": {"elb_virsubnet_ids": "x"}},
            "loadbalancer.elb_virsubnet_ids",
            id="list-as-string",
        ),
        pytest.param(
            {"loadbalancer": {"autoscaling": {}}},
            "loadbalancer.autoscaling.enable",
            id="autoscaling-without-enable",
        ),
        pytest.param(
            {"loadbalancer": {"ipv6_bandwidth": {}}},
            "loadbalancer.ipv6_bandwidth.id",
            id="bandwidth-without-id",
        ),
        pytest.param({"name": "x"}, "Unrecognized attribute(s) 'name'", id="no-wrapper"),
        pytest.param([], "body", id="a-list"),
    ],
)
def test_malformed_update_bodies_are_refused(http: httpx.Client, body: Any, message: str) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert http.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]["name"] == "demo-elb"


def test_an_empty_update_body_is_refused(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", content=b"")

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"autoscaling": UpdateLoadbalancerAutoscalingOption(enable=True)}, id="autoscaling-on"
        ),
        pytest.param({"vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET}, id="vip-subnet-other-vpc"),
        pytest.param({"l7_flavor_id": L7_SOLD_OUT}, id="sold-out-flavor"),
        pytest.param({"elb_virsubnet_ids": [UNKNOWN_ID]}, id="unknown-backend-subnet"),
    ],
)
def test_a_refused_update_changes_nothing(elb: Any, fields: dict[str, Any]) -> None:
    before = show_lb(elb, demo.LB).to_dict()

    error = update_error(
        elb,
        demo.LB,
        name="changed",
        deletion_protection_enable=True,
        l4_flavor_id=L4_SMALL,
        vip_address="192.168.0.150",
        **fields,
    )

    assert error.status_code in (400, 404)
    assert show_lb(elb, demo.LB).to_dict() == before


# --- update: VIPs -------------------------------------------------------------------------


def test_move_the_ipv4_vip_within_its_subnet(elb: Any) -> None:
    before = show_lb(elb, demo.LB)

    lb = update_lb(elb, demo.LB, vip_address="192.168.0.150").loadbalancer

    assert lb.vip_address == "192.168.0.150"
    assert lb.vip_subnet_cidr_id == demo.SUBNET
    assert lb.vip_port_id == before.vip_port_id
    # the old address is free again
    assert create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100")


def test_the_same_vip_address_is_no_change(elb: Any) -> None:
    before = show_lb(elb, demo.LB)

    lb = update_lb(elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100")

    assert lb.loadbalancer.vip_address == "192.168.0.100"
    assert lb.loadbalancer.vip_port_id == before.vip_port_id


def test_move_the_ipv4_vip_to_another_subnet(elb: Any) -> None:
    before = show_lb(elb, demo.LB)

    lb = update_lb(elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET_2).loadbalancer

    assert lb.vip_subnet_cidr_id == demo.SUBNET_2
    assert in_network(lb.vip_address, "192.168.1.0/24")
    assert lb.vip_port_id and lb.vip_port_id != before.vip_port_id
    assert lb.ipv6_vip_address is None


def test_move_the_ipv4_vip_to_another_subnet_and_address(elb: Any) -> None:
    lb = update_lb(
        elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET_2, vip_address="192.168.1.77"
    ).loadbalancer

    assert (lb.vip_subnet_cidr_id, lb.vip_address) == (demo.SUBNET_2, "192.168.1.77")


def test_null_vip_subnet_unbinds_the_ipv4_vip(http: httpx.Client) -> None:
    url = f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}"

    response = http.put(url, json={"loadbalancer": {"vip_subnet_cidr_id": None}})

    lb = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert (lb["vip_subnet_cidr_id"], lb["vip_address"], lb["vip_port_id"]) == (None, None, None)
    assert lb["ipv6_vip_address"] is not None
    assert http.get(url).json()["loadbalancer"]["vip_address"] is None


def test_unbinding_with_an_address_is_refused(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB}",
        json={"loadbalancer": {"vip_subnet_cidr_id": None, "vip_address": "192.168.0.150"}},
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert "vip_address" in response.json()["error_msg"]


@pytest.mark.parametrize(
    ("fields", "status", "code", "word"),
    [
        pytest.param(
            {"vip_address": "192.168.1.5"}, 400, "ELB.8902", "vip_address", id="outside-subnet"
        ),
        pytest.param({"vip_address": "nope"}, 400, "ELB.8902", "vip_address", id="not-an-ip"),
        pytest.param(
            {"vip_address": "192.168.0.1"}, 409, "ELB.8907", "192.168.0.1", id="the-gateway"
        ),
        pytest.param(
            {"vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET},
            400,
            "ELB.8902",
            "vip_subnet_cidr_id",
            id="subnet-of-another-vpc",
        ),
        pytest.param(
            {"vip_subnet_cidr_id": UNKNOWN_ID}, 404, "ELB.8904", UNKNOWN_ID, id="unknown-subnet"
        ),
        pytest.param(
            {"vip_subnet_cidr_id": demo.SUBNET_2, "vip_address": "192.168.0.150"},
            400,
            "ELB.8902",
            "vip_address",
            id="address-outside-new-subnet",
        ),
    ],
)
def test_bad_ipv4_vip_updates(
    elb: Any, fields: dict[str, Any], status: int, code: str, word: str
) -> None:
    error = update_error(elb, demo.LB, **fields)

    assert_error(error, status, code)
    assert word in error.error_msg
    assert show_lb(elb, demo.LB).vip_address == "192.168.0.100"


def test_a_vip_address_in_use_by_another_load_balancer_is_a_conflict(elb: Any) -> None:
    other = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET)

    error = update_error(elb, demo.LB, vip_address=other.vip_address)

    assert_error(error, 409, "ELB.8907")


def test_a_vip_address_without_an_ipv4_subnet_is_refused(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC)

    error = update_error(elb, lb.id, vip_address="192.168.0.150")

    assert_error(error, 400, "ELB.8902")
    assert "vip_subnet_cidr_id" in error.error_msg


def test_bind_an_ipv6_vip(elb: Any) -> None:
    lb = update_lb(elb, demo.LB, ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK).loadbalancer

    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, IPV6_CIDR)
    assert lb.ipv6_vip_port_id
    assert lb.vip_address == "192.168.0.100"


def test_move_the_ipv6_vip_within_its_subnet(elb: Any) -> None:
    before = show_lb(elb, demo.LB_IP_TARGETS)

    lb = update_lb(elb, demo.LB_IP_TARGETS, ipv6_vip_address="2001:db8:a583:2::99").loadbalancer

    assert lb.ipv6_vip_address == "2001:db8:a583:2::99"
    assert lb.ipv6_vip_port_id == before.ipv6_vip_port_id


def test_null_ipv6_subnet_unbinds_the_ipv6_vip(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}",
        json={"loadbalancer": {"ipv6_vip_virsubnet_id": None}},
    )

    lb = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert (lb["ipv6_vip_virsubnet_id"], lb["ipv6_vip_address"], lb["ipv6_vip_port_id"]) == (
        None,
        None,
        None,
    )
    assert lb["vip_address"] == "192.168.2.100"


@pytest.mark.parametrize(
    ("lb_id", "fields", "status", "code"),
    [
        pytest.param(
            demo.LB, {"ipv6_vip_virsubnet_id": SUBNET_NETWORK}, 404, "ELB.8904", id="no-ipv6"
        ),
        pytest.param(demo.LB, {"ipv6_vip_virsubnet_id": UNKNOWN_ID}, 404, "ELB.8904", id="unknown"),
        pytest.param(
            demo.LB, {"ipv6_vip_address": "2001:db8:a583:2::99"}, 400, "ELB.8902", id="no-subnet"
        ),
        pytest.param(
            demo.LB_IP_TARGETS,
            {"ipv6_vip_address": "2001:db8:ffff::1"},
            400,
            "ELB.8902",
            id="outside-subnet",
        ),
        pytest.param(
            demo.LB_IP_TARGETS,
            {"ipv6_vip_address": "192.168.2.99"},
            400,
            "ELB.8902",
            id="an-ipv4-address",
        ),
    ],
)
def test_bad_ipv6_vip_updates(
    elb: Any, lb_id: str, fields: dict[str, Any], status: int, code: str
) -> None:
    before = show_lb(elb, lb_id).ipv6_vip_address

    assert_error(update_error(elb, lb_id, **fields), status, code)
    assert show_lb(elb, lb_id).ipv6_vip_address == before


def test_unbinding_ipv6_with_an_address_is_refused(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}",
        json={"loadbalancer": {"ipv6_vip_virsubnet_id": None, "ipv6_vip_address": "::1"}},
    )

    assert response.status_code == 400
    assert "ipv6_vip_address" in response.json()["error_msg"]


# --- update: backend subnets --------------------------------------------------------------


def test_backend_subnets_can_be_added_and_change_the_type(elb: Any) -> None:
    assert show_lb(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]

    lb = update_lb(
        elb, demo.LB, elb_virsubnet_ids=[SUBNET_NETWORK, demo.DUALSTACK_NETWORK]
    ).loadbalancer

    assert lb.elb_virsubnet_ids == [SUBNET_NETWORK, demo.DUALSTACK_NETWORK]
    assert lb.elb_virsubnet_type == "dualstack"


def test_an_unused_backend_subnet_can_be_replaced(elb: Any) -> None:
    lb = update_lb(elb, demo.LB, elb_virsubnet_ids=[SUBNET_2_NETWORK]).loadbalancer

    assert lb.elb_virsubnet_ids == [SUBNET_2_NETWORK]
    assert lb.elb_virsubnet_type == "ipv4"


def test_a_backend_subnet_used_by_a_member_cannot_be_removed(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )

    error = update_error(elb, demo.LB, elb_virsubnet_ids=[SUBNET_2_NETWORK])

    assert_error(error, 409, "ELB.8907")
    assert SUBNET_NETWORK in error.error_msg
    assert show_lb(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]
    # keeping it while adding another is fine
    both = [SUBNET_NETWORK, SUBNET_2_NETWORK]
    assert update_lb(elb, demo.LB, elb_virsubnet_ids=both).loadbalancer.elb_virsubnet_ids == both


@pytest.mark.parametrize(
    ("ids", "status", "code"),
    [
        pytest.param([OTHER_VPC_NETWORK], 400, "ELB.8902", id="other-vpc"),
        pytest.param([UNKNOWN_ID], 404, "ELB.8904", id="unknown"),
        pytest.param([], 400, "ELB.8902", id="empty"),
        pytest.param([""], 400, "ELB.8902", id="empty-id"),
    ],
)
def test_bad_backend_subnets_are_refused(elb: Any, ids: list[str], status: int, code: str) -> None:
    error = update_error(elb, demo.LB, elb_virsubnet_ids=ids)

    assert_error(error, status, code)
    assert show_lb(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]


# --- flavors ------------------------------------------------------------------------------


def test_create_with_flavors(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC, l4_flavor_id=L4_SMALL, l7_flavor_id=L7_SMALL)

    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (L4_SMALL, L7_SMALL)
    assert (show_lb(elb, lb.id).l4_flavor_id, show_lb(elb, lb.id).l7_flavor_id) == (
        L4_SMALL,
        L7_SMALL,
    )


def test_update_flavors(elb: Any) -> None:
    lb = update_lb(elb, demo.LB, l4_flavor_id=L4_MEDIUM, l7_flavor_id=L7_MEDIUM).loadbalancer

    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (L4_MEDIUM, L7_MEDIUM)
    # and back down
    assert update_lb(elb, demo.LB, l4_flavor_id=L4_SMALL).loadbalancer.l4_flavor_id == L4_SMALL


@pytest.mark.parametrize(
    ("fields", "status", "code", "message"),
    [
        pytest.param(
            {"l4_flavor_id": UNKNOWN_ID},
            404,
            "ELB.8904",
            f"flavor {UNKNOWN_ID} could not be found.",
            id="unknown-l4",
        ),
        pytest.param(
            {"l7_flavor_id": UNKNOWN_ID},
            404,
            "ELB.8904",
            f"flavor {UNKNOWN_ID} could not be found.",
            id="unknown-l7",
        ),
        pytest.param({"l4_flavor_id": L7_SMALL}, 400, "ELB.8902", "l4_flavor_id", id="l7-as-l4"),
        pytest.param({"l7_flavor_id": L4_SMALL}, 400, "ELB.8902", "l7_flavor_id", id="l4-as-l7"),
        pytest.param({"l7_flavor_id": L7_SOLD_OUT}, 400, "ELB.8902", "sold out", id="sold-out"),
        pytest.param({"l4_flavor_id": "x" * 37}, 400, "ELB.8902", "l4_flavor_id", id="too-long"),
    ],
)
@pytest.mark.parametrize("operation", ["create", "update"])
def test_bad_flavors_are_refused(
    elb: Any, operation: str, fields: dict[str, Any], status: int, code: str, message: str
) -> None:
    if operation == "create":
        count = len(listed(elb))
        error = sdk_error(lambda: create_lb(elb, vpc_id=demo.VPC, **fields))
        assert len(listed(elb)) == count
    else:
        error = update_error(elb, demo.LB, **fields)
        assert show_lb(elb, demo.LB).l4_flavor_id is None
        assert show_lb(elb, demo.LB).l7_flavor_id is None

    assert_error(error, status, code)
    assert message in error.error_msg


def test_a_sold_out_flavor_the_load_balancer_has_can_be_kept(app_client: TestClient) -> None:
    with db(app_client) as session:
        session.get(LoadBalancer, demo.LB).l7_flavor_id = L7_SOLD_OUT

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}",
        json={"loadbalancer": {"l7_flavor_id": L7_SOLD_OUT, "name": "kept"}},
    )

    assert response.status_code == 200
    assert response.json()["loadbalancer"]["l7_flavor_id"] == L7_SOLD_OUT


@pytest.mark.parametrize(
    ("owner", "status"),
    [pytest.param(demo.PROJECT, 200, id="own-project"), pytest.param("someone", 404, id="other")],
)
def test_a_private_flavor_is_seen_only_by_its_project(
    app_client: TestClient, owner: str, status: int
) -> None:
    with db(app_client) as session:
        session.add(Flavor(id="private-l4", name="private", type="L4", project_id=owner))

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"l4_flavor_id": "private-l4"}}
    )

    assert response.status_code == status


def test_elastic_flavors_are_accepted(app_client: TestClient) -> None:
    with db(app_client) as session:
        session.add(Flavor(id="elastic-l7", name="elastic", type="L7_elastic_max"))

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"l7_flavor_id": "elastic-l7"}}
    )

    assert response.status_code == 200
    assert response.json()["loadbalancer"]["l7_flavor_id"] == "elastic-l7"


# --- list filters -------------------------------------------------------------------------


@pytest.fixture
def third(elb: Any) -> str:
    """A third load balancer: cn-north-4c, flavors, deletion protection, no VIP."""
    return str(
        create_lb(
            elb,
            vpc_id=demo.VPC,
            availability_zone_list=[demo.AZ_3],
            l4_flavor_id=L4_SMALL,
            l7_flavor_id=L7_SMALL,
            deletion_protection_enable=True,
            protection_status="consoleProtection",
            enterprise_project_id="eps-1",
        ).id
    )


ALL = "all"
DEMOS = "demos"
THIRD = "third"
NONE = "none"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"availability_zone_list": [demo.AZ_1]}, DEMOS),
        ({"availability_zone_list": [demo.AZ_3]}, THIRD),
        ({"availability_zone_list": [demo.AZ_1, demo.AZ_3]}, ALL),
        ({"availability_zone_list": ["cn-north-4"]}, NONE),
        ({"availability_zone_list": ["cn-north-4_"]}, NONE),
        ({"availability_zone_list": ["%"]}, NONE),
        ({"elb_virsubnet_type": ["dualstack"]}, [demo.LB_IP_TARGETS]),
        ({"elb_virsubnet_type": ["ipv4"]}, [demo.LB, THIRD]),
        ({"elb_virsubnet_type": ["ipv4", "dualstack"]}, ALL),
        ({"ip_version": [4]}, DEMOS),
        ({"ip_version": [6]}, [demo.LB_IP_TARGETS]),
        ({"ip_version": [4, 6]}, DEMOS),
        ({"provisioning_status": ["ACTIVE"]}, ALL),
        ({"provisioning_status": ["PENDING_DELETE"]}, NONE),
        ({"operating_status": ["ONLINE", "FROZEN"]}, ALL),
        ({"operating_status": ["FROZEN"]}, NONE),
        ({"protection_status": ["consoleProtection"]}, THIRD),
        ({"protection_status": ["nonProtection", "consoleProtection"]}, ALL),
        ({"admin_state_up": True}, ALL),
        ({"admin_state_up": False}, NONE),
        ({"guaranteed": True}, ALL),
        ({"deletion_protection_enable": True}, THIRD),
        ({"deletion_protection_enable": False}, DEMOS),
        ({"include_recycle_bin": True}, ALL),
        ({"l4_flavor_id": [L4_SMALL]}, THIRD),
        ({"l7_flavor_id": [L7_SMALL, L7_MEDIUM]}, THIRD),
        ({"l4_scale_flavor_id": [L4_SMALL]}, NONE),
        ({"l7_scale_flavor_id": [L7_SMALL]}, NONE),
        ({"billing_info": ["x"]}, NONE),
        ({"enterprise_project_id": ["0"]}, DEMOS),
        ({"enterprise_project_id": ["eps-1"]}, THIRD),
        ({"enterprise_project_id": ["all_granted_eps"]}, ALL),
        ({"vip_subnet_cidr_id": [demo.SUBNET]}, [demo.LB]),
        ({"vip_address": ["192.168.2.100"]}, [demo.LB_IP_TARGETS]),
        ({"ipv6_vip_virsubnet_id": [demo.DUALSTACK_NETWORK]}, [demo.LB_IP_TARGETS]),
        ({"eips": ["eip_address=88.88.14.122"]}, NONE),
        ({"publicips": ["publicip_id=x", "ip_version=4"]}, NONE),
        ({"global_eips": ["global_eip_id=x"]}, NONE),
        ({"autoscaling": ["enable=false"]}, ALL),
        ({"autoscaling": ["enable=true"]}, NONE),
        ({"log_group_id": "x"}, NONE),
        ({"log_topic_id": "x"}, NONE),
        ({"description": [""]}, ALL),
        ({"member_address": ["192.168.0.10"]}, [demo.LB]),
        ({"member_device_id": [demo.ECS_1]}, [demo.LB]),
        ({"vpc_id": [demo.VPC], "availability_zone_list": [demo.AZ_3]}, THIRD),
    ],
    ids=lambda value: str(value)[:60] if isinstance(value, dict) else None,
)
def test_every_list_filter(
    elb: Any, third: str, query: dict[str, Any], expected: str | list[str]
) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    groups = {
        ALL: [demo.LB, demo.LB_IP_TARGETS, third],
        DEMOS: [demo.LB, demo.LB_IP_TARGETS],
        THIRD: [third],
        NONE: [],
    }
    wanted = (
        groups[expected]
        if isinstance(expected, str)
        else [third if e == THIRD else e for e in expected]
    )

    assert listed(elb, **query) == sorted(wanted)


def test_the_sdk_filter_names_are_all_known() -> None:
    from mockelb.routes.loadbalancers import LOAD_BALANCER_FILTERS

    paging = {"marker", "limit", "page_reverse"}
    assert set(ListLoadBalancersRequest.openapi_types) - paging == LOAD_BALANCER_FILTERS


def test_zone_filters_with_repeated_keys_over_raw_http(http: httpx.Client) -> None:
    response = http.get(
        LOADBALANCERS,
        params=[("availability_zone_list", demo.AZ_3), ("availability_zone_list", demo.AZ_2)],
    )

    assert response.status_code == 200
    assert sorted(lb["id"] for lb in response.json()["loadbalancers"]) == sorted(
        [demo.LB, demo.LB_IP_TARGETS]
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("admin_state_up", "maybe"),
        ("guaranteed", "1"),
        ("deletion_protection_enable", "yes"),
        ("include_recycle_bin", "no"),
        ("ip_version", "5"),
        ("ip_version", "four"),
        ("provisioning_status", "active"),
        ("operating_status", "OFFLINE"),
        ("elb_virsubnet_type", "ipv6"),
        ("elb_virsubnet_type", "ipv4,bad"),
        ("protection_status", "none"),
        ("autoscaling", "true"),
        ("autoscaling", "enable=maybe"),
        ("eips", "88.88.14.122"),
        ("eips", "publicip_id=x"),
        ("publicips", "eip_id=x"),
        ("global_eips", "ip_version"),
        ("limit", "2001"),
        ("limit", "-1"),
        ("page_reverse", "sideways"),
    ],
)
def test_bad_filter_values_are_refused(http: httpx.Client, key: str, value: str) -> None:
    response = http.get(LOADBALANCERS, params={key: value})

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert key in response.json()["error_msg"]


# --- delete-cascade -----------------------------------------------------------------------


def test_cascade_deletes_listeners_pools_and_members(elb: Any) -> None:
    member_ids = add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    assert member_ids

    response = cascade(elb, demo.LB)

    assert response.status_code == 204
    assert_error(sdk_error(lambda: show_lb(elb, demo.LB)), 404, "ELB.8904")
    pool_error = sdk_error(lambda: elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)))
    assert_error(pool_error, 404, "ELB.8904")
    assert listed(elb) == [demo.LB_IP_TARGETS]
    # the other load balancer keeps everything
    assert len(show_lb(elb, demo.LB_IP_TARGETS).pools) == 5


def test_cascade_returns_an_empty_body(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade")

    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["X-Request-Id"]


def test_cascade_with_unbounded_pool_false_keeps_the_pools_unbound(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )

    response = cascade(elb, demo.LB, unbounded_pool=False, public_ip=True)

    assert response.status_code == 204
    pool = elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)).pool
    assert pool.loadbalancers == [] and pool.listeners == []
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [member.address for member in members] == ["192.168.0.10"]
    assert members[0].operating_status == "UNKNOWN"


def test_cascade_frees_the_vip(elb: Any) -> None:
    cascade(elb, demo.LB, unbounded_pool=True)

    lb = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100")

    assert lb.vip_address == "192.168.0.100"


def test_cascade_is_refused_with_deletion_protection(elb: Any) -> None:
    update_lb(elb, demo.LB, deletion_protection_enable=True)

    error = sdk_error(lambda: cascade(elb, demo.LB))

    assert_error(error, 409, "ELB.8907")
    assert [listener.id for listener in show_lb(elb, demo.LB).listeners] == [demo.LISTENER]
    assert elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)).pool.id == demo.POOL


def test_cascade_is_refused_by_a_pool_with_member_deletion_protection(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC)
    pool = create_pool(elb, loadbalancer_id=lb.id, member_deletion_protection_enable=True)

    error = sdk_error(lambda: cascade(elb, lb.id))

    assert_error(error, 409, "ELB.8907")
    assert pool.id in error.error_msg
    assert show_lb(elb, lb.id).id == lb.id
    # unbinding the pools deletes no member: allowed
    assert cascade(elb, lb.id, unbounded_pool=False).status_code == 204
    assert elb.show_pool(ShowPoolRequest(pool_id=pool.id)).pool.loadbalancers == []


def test_cascade_of_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    assert_error(sdk_error(lambda: cascade(elb, UNKNOWN_ID)), 404, "ELB.8904")


def test_cascade_of_a_very_long_id_is_elb_8904(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{'x' * 1000}/delete-cascade")

    assert response.status_code == 404
    assert response.json()["error_code"] == "ELB.8904"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"loadbalancer": {"cascade": True}}, "Unrecognized attribute(s) 'cascade'", id="unknown"
        ),
        pytest.param(
            {"loadbalancer": {"unbounded_pool": "yes"}},
            "loadbalancer.unbounded_pool",
            id="not-a-bool",
        ),
        pytest.param({"loadbalancer": []}, "loadbalancer", id="not-an-object"),
    ],
)
def test_malformed_cascade_bodies_are_refused(http: httpx.Client, body: Any, message: str) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade", json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert http.get(f"{LOADBALANCERS}/{demo.LB}").status_code == 200


def test_cascade_with_an_empty_object_uses_the_defaults(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade", json={})

    assert response.status_code == 204
    assert http.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}").status_code == 404


def test_cascade_deletes_the_rows_of_every_table(app_client: TestClient) -> None:
    monitor_id, member_id = monitored_member(app_client)

    response = app_client.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade")

    assert response.status_code == 204
    with db(app_client) as session:
        assert session.get(LoadBalancer, demo.LB) is None
        assert session.get(Listener, demo.LISTENER) is None
        assert session.get(Pool, demo.POOL) is None
        assert session.get(Member, member_id) is None
        assert session.get(HealthMonitor, monitor_id) is None
        assert session.get(LoadBalancer, demo.LB_IP_TARGETS) is not None
        assert session.get(Pool, demo.POOL_STANDALONE) is not None
