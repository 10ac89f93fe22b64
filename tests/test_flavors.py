"""Flavors through the official SDK: list (paging, every filter, list_all) and show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import ListFlavorsRequest, ShowFlavorRequest
from starlette.testclient import TestClient

from mockelb.config import Settings
from mockelb.domain.flavors import REGION_PROJECT_ID
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.sdk_checks import (
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    sdk_error,
)

FLAVORS = f"/v3/{demo.PROJECT}/elb/flavors"
STRANGER = "0123456789abcdef0123456789abcdef"
PREFIX = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c"
L4_SMALL, L4_MEDIUM = f"{PREFIX}01", f"{PREFIX}02"
L7_SMALL, L7_MEDIUM, L7_SOLD_OUT = f"{PREFIX}11", f"{PREFIX}12", f"{PREFIX}13"
DEMO_FLAVORS = [L4_SMALL, L4_MEDIUM, L7_SMALL, L7_MEDIUM, L7_SOLD_OUT]
FLAVOR_INFO_OPTIONAL = frozenset(
    {"tls_connection", "tls_cps", "qps", "bandwidth", "lcu", "https_cps"}
)

# extra seed: private flavors of two projects, elastic upper-limit flavors, an edge flavor
MINE, THEIRS = f"{PREFIX}21", f"{PREFIX}22"
L4_MAX_LOW_BW, L4_MAX_HIGH_BW = f"{PREFIX}31", f"{PREFIX}32"
L7_MAX_HIGH_HTTPS, L7_MAX_HIGH_QPS = f"{PREFIX}33", f"{PREFIX}34"
EDGE = f"{PREFIX}41"
EXTRA_SEED = f"""
project_id: {demo.PROJECT}
flavors:
  - {{id: {MINE}, name: L7_flavor.elb.private, type: L7, shared: false,
     project_id: {demo.PROJECT}, info: {{connection: 1, cps: 1, qps: 1, https_cps: 1}}}}
  - {{id: {THEIRS}, name: L7_flavor.elb.private, type: L7, shared: false,
     project_id: {STRANGER}, info: {{connection: 1, cps: 1}}}}
  - {{id: {L4_MAX_LOW_BW}, name: L4_flavor.elb.pro.max, type: L4_elastic_max,
     info: {{connection: 9, cps: 100000, bandwidth: 1000}}}}
  - {{id: {L4_MAX_HIGH_BW}, name: L4_flavor.elb.pro.max, type: L4_elastic_max,
     info: {{connection: 1, cps: 100000, bandwidth: 2000}}}}
  - {{id: {L7_MAX_HIGH_HTTPS}, name: L7_flavor.elb.pro.max, type: L7_elastic_max,
     info: {{connection: 1, cps: 1, https_cps: 5000, qps: 1}}}}
  - {{id: {L7_MAX_HIGH_QPS}, name: L7_flavor.elb.pro.max, type: L7_elastic_max,
     info: {{connection: 1, cps: 99999, https_cps: 4000, qps: 999999}}}}
  - {{id: {EDGE}, name: L4_flavor.elb.s1.small, type: L4, public_border_group: edge-1,
     category: 21, info: {{connection: 1, cps: 1}}}}
"""
ELASTIC = [L4_MAX_LOW_BW, L4_MAX_HIGH_BW, L7_MAX_HIGH_HTTPS, L7_MAX_HIGH_QPS]


def listed(elb: Any, **query: Any) -> list[str]:
    response = elb.list_flavors(ListFlavorsRequest(**query))
    assert response.status_code == 200
    assert response.page_info.current_count == len(response.flavors)
    return [flavor.id for flavor in response.flavors]


def show(elb: Any, flavor_id: str) -> Any:
    response = elb.show_flavor(ShowFlavorRequest(flavor_id=flavor_id))
    assert response.status_code == 200
    return response.flavor


def refused(app_client: TestClient, path: str, params: Any, field: str) -> None:
    response = app_client.get(path, params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error_code"] == INVALID_INPUT
    assert field in body["error_msg"]


# --- list: the demo flavors ---------------------------------------------------------------


def test_the_demo_flavors_are_listed_in_id_order(elb: Any) -> None:
    response = elb.list_flavors(ListFlavorsRequest())

    assert response.status_code == 200
    assert [f.id for f in response.flavors] == DEMO_FLAVORS
    assert response.page_info.current_count == 5
    assert response.page_info.previous_marker == L4_SMALL
    assert response.page_info.next_marker is None
    assert [f.type for f in response.flavors] == ["L4", "L4", "L7", "L7", "L7"]
    assert [f.flavor_sold_out for f in response.flavors] == [False] * 4 + [True]
    for flavor in response.flavors:
        assert isinstance(flavor, elb_v3.Flavor)
        assert isinstance(flavor.info, elb_v3.FlavorInfo)
        assert flavor.shared is True
        assert flavor.project_id == REGION_PROJECT_ID
        assert flavor.public_border_group == "center"
        assert flavor.category == 0


def test_the_list_json_has_every_sdk_field(app_client: TestClient) -> None:
    response = app_client.get(FLAVORS)

    assert response.status_code == 200
    body = response.json()
    assert_json_model(body, elb_v3.ListFlavorsResponse)
    assert_json_model(body["page_info"], elb_v3.PageInfo, optional={"next_marker"})
    assert body["request_id"] == response.headers["x-request-id"]
    for flavor in body["flavors"]:
        assert_json_model(flavor, elb_v3.Flavor)
        assert_json_model(flavor["info"], elb_v3.FlavorInfo, optional=FLAVOR_INFO_OPTIONAL)


def test_the_metrics_of_each_layer(elb: Any) -> None:
    l4 = show(elb, L4_SMALL).info
    l7 = show(elb, L7_MEDIUM).info

    assert (l4.connection, l4.cps, l4.bandwidth, l4.lcu) == (500000, 10000, 50000, 1)
    assert l4.qps is None and l4.https_cps is None
    assert (l7.connection, l7.cps, l7.qps, l7.https_cps) == (400000, 4000, 8000, 4000)
    assert (l7.bandwidth, l7.lcu) == (100000, 2)


def test_list_flavors_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_flavors(ListFlavorsRequest())
    assert response.status_code == 200
    assert [flavor.id for flavor in response.flavors] == DEMO_FLAVORS
    body = assert_ok_response(http.get(FLAVORS))
    assert_model_fields(body, elb_v3.ListFlavorsResponse)

    assert listed(elb, type=["L7"]) == [L7_SMALL, L7_MEDIUM, L7_SOLD_OUT]
    assert listed(elb, type=["L4", "L7"]) == DEMO_FLAVORS
    assert listed(elb, flavor_sold_out=True) == [L7_SOLD_OUT]
    assert listed(elb, shared=False) == []
    assert listed(elb, id=[L4_MEDIUM]) == [L4_MEDIUM]
    assert listed(elb, name=["L4_flavor.elb.s1.small"]) == [L4_SMALL]
    assert listed(elb, public_border_group=["center"]) == DEMO_FLAVORS
    assert listed(elb, category=[0]) == DEMO_FLAVORS
    page = elb.list_flavors(ListFlavorsRequest(limit=2))
    assert [flavor.id for flavor in page.flavors] == DEMO_FLAVORS[:2]
    assert page.page_info.next_marker == L4_MEDIUM
    assert listed(elb, limit=2, marker=L4_MEDIUM) == [L7_SMALL, L7_MEDIUM]


# --- paging -------------------------------------------------------------------------------


def test_limit_and_marker_walk_the_pages(elb: Any) -> None:
    first = elb.list_flavors(ListFlavorsRequest(limit=2))
    assert [f.id for f in first.flavors] == [L4_SMALL, L4_MEDIUM]
    assert first.page_info.next_marker == L4_MEDIUM

    second = elb.list_flavors(ListFlavorsRequest(limit=2, marker=first.page_info.next_marker))
    assert [f.id for f in second.flavors] == [L7_SMALL, L7_MEDIUM]
    assert second.page_info.previous_marker == L7_SMALL

    last = elb.list_flavors(ListFlavorsRequest(limit=2, marker=L7_MEDIUM))
    assert [f.id for f in last.flavors] == [L7_SOLD_OUT]
    assert last.page_info.next_marker is None


def test_page_reverse_walks_back(elb: Any) -> None:
    back = listed(elb, limit=2, marker=L7_SMALL, page_reverse=True)

    assert back == [L4_SMALL, L4_MEDIUM]


def test_limit_zero_lists_nothing(elb: Any) -> None:
    assert listed(elb, limit=0) == []


def test_an_unknown_marker_is_refused(elb: Any) -> None:
    error = sdk_error(lambda: listed(elb, limit=2, marker=demo.UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert "marker" in error.error_msg


@pytest.mark.parametrize("limit", ["-1", "2001", "abc", "1.5", str(2**70)])
def test_a_bad_limit_is_refused(app_client: TestClient, limit: str) -> None:
    refused(app_client, FLAVORS, {"limit": limit}, "limit")


# --- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": ["L7"]}, [L7_SMALL, L7_MEDIUM, L7_SOLD_OUT]),
        ({"type": ["L4", "L7"]}, DEMO_FLAVORS),
        ({"type": ["gwlb"]}, []),
        ({"id": [L4_MEDIUM, L7_SOLD_OUT, demo.UNKNOWN_ID]}, [L4_MEDIUM, L7_SOLD_OUT]),
        ({"name": ["L7_flavor.elb.s1.small", "L4_flavor.elb.s1.small"]}, [L4_SMALL, L7_SMALL]),
        ({"flavor_sold_out": True}, [L7_SOLD_OUT]),
        ({"flavor_sold_out": False}, DEMO_FLAVORS[:4]),
        ({"shared": True}, DEMO_FLAVORS),
        ({"shared": False}, []),
        ({"public_border_group": ["center"]}, DEMO_FLAVORS),
        ({"public_border_group": ["edge-1"]}, []),
        ({"category": [0]}, DEMO_FLAVORS),
        ({"category": [21, 41]}, []),
        ({"type": ["L7"], "flavor_sold_out": False}, [L7_SMALL, L7_MEDIUM]),
        ({"list_all": True}, DEMO_FLAVORS),
        ({"list_all": False}, DEMO_FLAVORS),
    ],
)
def test_each_filter(elb: Any, query: dict[str, Any], expected: list[str]) -> None:
    assert listed(elb, **query) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("shared", "maybe"),
        ("flavor_sold_out", "2"),
        ("list_all", "yes please"),
        ("page_reverse", "backwards"),
        ("category", "center"),
        ("category", str(2**40)),
    ],
)
def test_bad_filter_values_are_refused(app_client: TestClient, field: str, value: str) -> None:
    refused(app_client, FLAVORS, {field: value}, field)


@pytest.mark.parametrize(
    "params",
    [
        {"flavor_sold_out": "x"},
        {"category": "x"},
        {"list_all": "x"},
        {"marker": "nope"},
        {"limit": 2001},
        {"limit": "x"},
        {"shared": "x"},
    ],
)
def test_list_flavors_odd_query_values(http: httpx.Client, params: dict[str, Any]) -> None:
    assert_error_response(http.get(FLAVORS, params=params), 400, INVALID_INPUT)


def test_unknown_query_parameters_are_ignored(app_client: TestClient) -> None:
    response = app_client.get(FLAVORS, params={"colour": "blue", "project_id": STRANGER})

    assert response.status_code == 200
    assert len(response.json()["flavors"]) == 5


# --- show ---------------------------------------------------------------------------------


def test_show_a_flavor(elb: Any) -> None:
    flavor = show(elb, L7_SOLD_OUT)

    assert flavor.id == L7_SOLD_OUT
    assert flavor.name == "L7_flavor.elb.s3.large"
    assert flavor.type == "L7"
    assert flavor.flavor_sold_out is True
    assert flavor.shared is True
    assert flavor.info.https_cps == 8000


def test_the_show_json_has_every_sdk_field(app_client: TestClient) -> None:
    response = app_client.get(f"{FLAVORS}/{L4_SMALL}")

    assert response.status_code == 200
    body = response.json()
    assert_json_model(body, elb_v3.ShowFlavorResponse)
    assert_json_model(body["flavor"], elb_v3.Flavor)
    assert_json_model(body["flavor"]["info"], elb_v3.FlavorInfo, optional=FLAVOR_INFO_OPTIONAL)
    assert body["flavor"] == app_client.get(FLAVORS).json()["flavors"][0]


def test_an_unknown_flavor_is_not_found(elb: Any) -> None:
    error = sdk_error(lambda: show(elb, demo.UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"flavor {demo.UNKNOWN_ID} could not be found."


def test_show_flavor_through_sdk(elb: Any, http: httpx.Client) -> None:
    flavor = elb.show_flavor(ShowFlavorRequest(flavor_id=L7_SOLD_OUT)).flavor
    assert (flavor.type, flavor.flavor_sold_out, flavor.shared) == ("L7", True, True)
    assert_model_fields(
        assert_ok_response(http.get(f"{FLAVORS}/{L4_SMALL}")), elb_v3.ShowFlavorResponse
    )
    error = assert_refused(
        lambda: elb.show_flavor(ShowFlavorRequest(flavor_id="nope")), 404, NOT_FOUND
    )
    assert error.error_msg == "flavor nope could not be found."


@pytest.mark.parametrize("flavor_id", ["x" * 1000, "%20", "' or 1=1 --", "🙂"])
def test_odd_ids_are_not_found(app_client: TestClient, flavor_id: str) -> None:
    response = app_client.get(f"{FLAVORS}/{flavor_id}")

    assert response.status_code == 404
    assert response.json()["error_code"] == NOT_FOUND


def test_credentials_are_required(app_client: TestClient) -> None:
    for path in (FLAVORS, f"{FLAVORS}/{L4_SMALL}"):
        response = app_client.get(path, headers={"X-Auth-Token": ""})
        assert response.status_code == 401


# --- private, elastic and edge flavors (an extra seed file) -------------------------------


@pytest.fixture(scope="module")
def extra_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockElbServer]:
    seed: Path = tmp_path_factory.mktemp("seed") / "flavors.yaml"
    seed.write_text(EXTRA_SEED, encoding="utf-8")
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, seed=[seed])) as server,
    ):
        yield server


@pytest.fixture
def mine(extra_server: MockElbServer) -> Any:
    extra_server.reset()
    return make_elb_client(extra_server.url, demo.PROJECT)


@pytest.fixture
def theirs(extra_server: MockElbServer) -> Any:
    return make_elb_client(extra_server.url, STRANGER)


def test_a_private_flavor_is_seen_only_by_its_project(mine: Any, theirs: Any) -> None:
    assert MINE in listed(mine) and THEIRS not in listed(mine)
    assert THEIRS in listed(theirs) and MINE not in listed(theirs)
    assert listed(mine, shared=False) == [MINE]
    assert listed(theirs, shared=False) == [THEIRS]
    assert MINE not in listed(mine, shared=True)


def test_a_private_flavor_shows_its_owner(mine: Any) -> None:
    flavor = show(mine, MINE)

    assert flavor.shared is False
    assert flavor.project_id == demo.PROJECT


def test_another_projects_private_flavor_is_not_found(mine: Any) -> None:
    error = sdk_error(lambda: show(mine, THEIRS))

    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"flavor {THEIRS} could not be found."


def test_another_projects_private_flavor_is_not_a_marker(mine: Any) -> None:
    error = sdk_error(lambda: listed(mine, limit=1, marker=THEIRS))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)


def test_list_all_true_or_absent_keeps_every_elastic_max_flavor(mine: Any) -> None:
    elastic = ["L4_elastic_max", "L7_elastic_max"]

    assert listed(mine, type=elastic) == ELASTIC
    assert listed(mine, type=elastic, list_all=True) == ELASTIC


def test_list_all_false_keeps_the_largest_of_each_type(mine: Any) -> None:
    # L4: equal cps, more bandwidth wins; L7: more https_cps wins over more qps
    everything = listed(mine, list_all=False)

    assert [f for f in everything if f in ELASTIC] == [L4_MAX_HIGH_BW, L7_MAX_HIGH_HTTPS]
    assert set(DEMO_FLAVORS + [MINE, EDGE]) <= set(everything)


def test_the_border_group_and_category_filters(mine: Any) -> None:
    assert listed(mine, public_border_group=["edge-1"]) == [EDGE]
    assert listed(mine, category=[21]) == [EDGE]
    assert EDGE in listed(mine, category=[0, 21])
    assert EDGE not in listed(mine, public_border_group=["center"])

    edge = show(mine, EDGE)
    assert (edge.public_border_group, edge.category) == ("edge-1", 21)
