"""The availability zone list through the official SDK: a list of AZ sets, and its filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    ListAvailabilityZonesRequest,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.sdk_checks import assert_model_fields, assert_ok_response, assert_refused, sdk_error

AZ_PATH = f"/v3/{demo.PROJECT}/elb/availability-zones"
DEMO_ZONES = [demo.AZ_1, demo.AZ_2, demo.AZ_3]
# Fields of the SDK's AvailabilityZone model that are optional (spec_code: only when set).
AZ_OPTIONAL_FIELDS = frozenset({"spec_code"})

SET_1_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4cf1"
# set 1 mixes border groups: its centre AZs and one edge AZ
SET_1 = ["cn-north-4d", "cn-north-4e", "edge-2a"]
STRANGER = "0123456789abcdef0123456789abcdef"
UNKNOWN_LB = "00000000-0000-4000-8000-000000000000"
EXTRA_ZONES_SEED = f"""
project_id: {demo.PROJECT}
availability_zones:
  - {{code: cn-north-4d, set: 1, protocol: [L4, L7]}}
  - {{code: cn-north-4e, set: 1, protocol: [L7], state: ACTIVE}}
  - {{code: edge-1a, set: 2, public_border_group: edge-1, category: 21, spec_code: edge.s1}}
  - {{code: edge-2a, set: 1, public_border_group: edge-2, category: 21}}
loadbalancers:
  - id: {SET_1_LB}
    name: lb-in-set-1
    vpc_id: {demo.VPC}
    availability_zone_list: [cn-north-4d, cn-north-4e]
"""


def zones(elb: Any, **query: Any) -> list[list[Any]]:
    response = elb.list_availability_zones(ListAvailabilityZonesRequest(**query))
    assert response.status_code == 200
    return list(response.availability_zones)


def codes(sets: list[list[Any]]) -> list[list[str]]:
    return [[zone.code for zone in zone_set] for zone_set in sets]


# --- the demo's one AZ set ----------------------------------------------------------------


def test_the_demo_zones_form_one_set(elb: Any) -> None:
    response = elb.list_availability_zones(ListAvailabilityZonesRequest())

    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    assert codes(response.availability_zones) == [DEMO_ZONES]
    for zone in response.availability_zones[0]:
        assert isinstance(zone, elb_v3.AvailabilityZone)
        assert zone.state == "ACTIVE"
        assert zone.public_border_group == "center"
        assert zone.category == 0
        assert isinstance(zone.protocol, list)
        assert set(zone.protocol) <= {"L4", "L7"}
    by_code = {zone.code: zone for zone in response.availability_zones[0]}
    assert by_code[demo.AZ_1].protocol == ["L4", "L7"]
    assert by_code[demo.AZ_2].protocol == ["L4", "L7"]
    assert by_code[demo.AZ_3].protocol == ["L4"]


def test_the_json_is_a_list_of_sets_with_every_sdk_field(http: httpx.Client) -> None:
    response = http.get(AZ_PATH)

    assert response.status_code == 200
    body = response.json()
    assert set(elb_v3.ListAvailabilityZonesResponse.openapi_types) <= set(body)
    sets = body["availability_zones"]
    assert isinstance(sets, list) and all(isinstance(zone_set, list) for zone_set in sets)
    declared = elb_v3.AvailabilityZone.openapi_types
    for zone in sets[0]:
        assert set(declared) - AZ_OPTIONAL_FIELDS <= set(zone)
        assert isinstance(zone["code"], str)
        assert isinstance(zone["state"], str)
        assert isinstance(zone["protocol"], list)
        assert all(isinstance(item, str) for item in zone["protocol"])
        assert isinstance(zone["public_border_group"], str)
        assert isinstance(zone["category"], int) and not isinstance(zone["category"], bool)


@pytest.mark.parametrize("lb_id", [demo.LB, demo.LB_IP_TARGETS])
def test_a_demo_load_balancer_sees_its_set(elb: Any, lb_id: str) -> None:
    assert codes(zones(elb, loadbalancer_id=lb_id)) == [DEMO_ZONES]


def test_public_border_group_center_holds_the_demo_set(elb: Any) -> None:
    assert codes(zones(elb, public_border_group="center")) == [DEMO_ZONES]


def test_an_unknown_public_border_group_holds_nothing(elb: Any) -> None:
    assert zones(elb, public_border_group="nowhere") == []


def test_the_same_list_for_another_project(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    assert codes(zones(stranger)) == [DEMO_ZONES]


def test_list_availability_zones_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_availability_zones(ListAvailabilityZonesRequest())
    assert response.status_code == 200
    assert [[zone.code for zone in azs] for azs in response.availability_zones] == [DEMO_ZONES]
    body = assert_ok_response(http.get(AZ_PATH))
    assert_model_fields(body, elb_v3.ListAvailabilityZonesResponse)
    for zone in body["availability_zones"][0]:
        assert zone["state"] == "ACTIVE" and zone["category"] == 0
        assert set(zone["protocol"]) <= {"L4", "L7"}
    center = elb.list_availability_zones(ListAvailabilityZonesRequest(public_border_group="center"))
    assert [[zone.code for zone in azs] for azs in center.availability_zones] == [DEMO_ZONES]
    edge = elb.list_availability_zones(ListAvailabilityZonesRequest(public_border_group="edge"))
    assert edge.availability_zones == []
    by_lb = elb.list_availability_zones(ListAvailabilityZonesRequest(loadbalancer_id=demo.LB))
    assert [[zone.code for zone in azs] for azs in by_lb.availability_zones] == [DEMO_ZONES]
    error = assert_refused(
        lambda: elb.list_availability_zones(ListAvailabilityZonesRequest(loadbalancer_id="nope")),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "loadbalancer nope could not be found."


# --- several AZ sets (an extra seed file) -------------------------------------------------


@pytest.fixture(scope="module")
def multi_set_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockElbServer]:
    seed: Path = tmp_path_factory.mktemp("seed") / "zones.yaml"
    seed.write_text(EXTRA_ZONES_SEED, encoding="utf-8")
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, seed=[seed])) as server,
    ):
        yield server


@pytest.fixture
def multi(multi_set_server: MockElbServer) -> Any:
    multi_set_server.reset()
    return make_elb_client(multi_set_server.url, demo.PROJECT)


def test_zones_are_grouped_by_set(multi: Any) -> None:
    assert codes(zones(multi)) == [DEMO_ZONES, SET_1, ["edge-1a"]]


def test_the_optional_spec_code_and_category_come_through(multi: Any) -> None:
    (edge_set,) = zones(multi, public_border_group="edge-1")

    (edge,) = edge_set
    assert edge.code == "edge-1a"
    assert edge.public_border_group == "edge-1"
    assert edge.category == 21
    assert edge.spec_code == "edge.s1"


def test_public_border_group_filters_sets(multi: Any) -> None:
    center = codes(zones(multi, public_border_group="center"))

    assert center == [DEMO_ZONES, ["cn-north-4d", "cn-north-4e"]]


def test_loadbalancer_id_keeps_only_the_set_of_its_zones(multi: Any) -> None:
    assert codes(zones(multi, loadbalancer_id=SET_1_LB)) == [SET_1]
    assert codes(zones(multi, loadbalancer_id=demo.LB)) == [DEMO_ZONES]


def test_both_filters_combine(multi: Any) -> None:
    assert zones(multi, loadbalancer_id=SET_1_LB, public_border_group="edge-1") == []
    assert codes(zones(multi, loadbalancer_id=SET_1_LB, public_border_group="center")) == [
        ["cn-north-4d", "cn-north-4e"]
    ]


def test_the_set_of_a_load_balancer_is_found_before_the_border_group_narrows_it(
    multi: Any,
) -> None:
    # the LB sits in set 1's centre AZs; the set's edge AZ still belongs to its set
    assert codes(zones(multi, loadbalancer_id=SET_1_LB, public_border_group="edge-2")) == [
        ["edge-2a"]
    ]
    assert zones(multi, loadbalancer_id=demo.LB, public_border_group="edge-2") == []


def test_a_load_balancer_cannot_span_two_sets(multi: Any) -> None:
    option = CreateLoadBalancerOption(
        vpc_id=demo.VPC, availability_zone_list=[demo.AZ_1, "cn-north-4d"]
    )
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))

    with pytest.raises(ClientRequestException) as info:
        multi.create_load_balancer(request)

    assert info.value.status_code == 400
    assert info.value.error_code == INVALID_INPUT


def test_a_load_balancer_in_one_set_is_created(multi: Any) -> None:
    option = CreateLoadBalancerOption(vpc_id=demo.VPC, availability_zone_list=["cn-north-4e"])
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))

    response = multi.create_load_balancer(request)

    assert response.status_code == 201
    assert codes(zones(multi, loadbalancer_id=response.loadbalancer.id)) == [SET_1]


# --- rejections and odd values -------------------------------------------------------------


def test_an_unknown_load_balancer_is_not_found(elb: Any) -> None:
    error = sdk_error(lambda: zones(elb, loadbalancer_id=UNKNOWN_LB))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"loadbalancer {UNKNOWN_LB} could not be found."


def test_another_projects_load_balancer_is_not_found(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, STRANGER)

    error = sdk_error(lambda: zones(stranger, loadbalancer_id=demo.LB))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)


@pytest.mark.parametrize("lb_id", ["x" * 1000, "", "' or 1=1 --"])
def test_odd_load_balancer_ids_are_not_found(http: httpx.Client, lb_id: str) -> None:
    response = http.get(AZ_PATH, params={"loadbalancer_id": lb_id})

    assert response.status_code == 404
    assert response.json()["error_code"] == NOT_FOUND


@pytest.mark.parametrize("group", ["x" * 1000, "", "CENTER"])
def test_odd_border_groups_hold_nothing(http: httpx.Client, group: str) -> None:
    response = http.get(AZ_PATH, params={"public_border_group": group})

    assert response.status_code == 200
    assert response.json()["availability_zones"] == []
