"""Feature configurations (mockelb/services/features.py), through the official SDK and raw
HTTP: list_feature_configs (the built-in set, the feature filter, page_info),
list_loadbalancer_feature (what is switched on), seeded configurations (replacing and
adding, refused when malformed) and the state round trip."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from starlette.testclient import TestClient

from mockelb.seed import SeedDocument, build_snapshot
from mockelb.testing import MockElbClient
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import ELB
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
)

BUILT_IN = {"tcpssl": ("BOOL", "true"), "update_elastic_flavor": ("BOOL", "true")}
OTHER_PROJECT = "0f0e0d0c0b0a09080706050403020100"
SEEDED = [
    {
        "project_id": demo.PROJECT,
        "feature": "tcpssl",
        "type": "BOOL",
        "value": "false",
        "switch": False,
        "description": "off for this project",
        "caller": "tester",
        "created_at": "2024-05-06T07:08:09Z",
    },
    {"project_id": demo.PROJECT, "feature": "members_limit", "type": "INT", "value": "5"},
]


def configs(elb: Any, feature: str | None = None) -> Any:
    response = elb.list_feature_configs(elb_v3.ListFeatureConfigsRequest(feature=feature))
    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    return response


def lb_features(elb: Any, lb_id: str) -> dict[str, tuple[str, str]]:
    response = elb.list_loadbalancer_feature(
        elb_v3.ListLoadbalancerFeatureRequest(loadbalancer_id=lb_id)
    )
    assert response.status_code == 200
    return {item.feature: (item.type, item.value) for item in response.features}


def test_every_field_has_its_sdk_type(http: httpx.Client) -> None:
    listed = assert_ok_response(http.get(f"{ELB}/feature/configs"))
    features = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}/features"))

    for config in listed["configs"]:
        assert_model_fields(config, elb_v3.FeatureConfig)
        assert set(config) == set(elb_v3.FeatureConfig.attribute_map.values())
    assert set(listed["page_info"]) == {"previous_marker", "current_count"}
    for feature in features["features"]:
        assert_model_fields(feature, elb_v3.LoadbalancerFeature)


def test_the_built_in_configurations(elb: Any) -> None:
    response = configs(elb)

    assert {c.feature: (c.type, c.value) for c in response.configs} == BUILT_IN
    assert [c.feature for c in response.configs] == sorted(BUILT_IN)
    for config in response.configs:
        assert UUID.match(config.id) and TIME.match(config.created_at)
        assert (config.service, config.tenant_id, config.switch, config.caller) == (
            "ELB",
            demo.PROJECT,
            True,
            "system",
        )
        assert config.description
    assert response.page_info.current_count == 2
    assert response.page_info.previous_marker == response.configs[0].id
    assert response.page_info.next_marker is None


def test_the_ids_are_the_same_on_every_call_and_differ_by_project(
    elb: Any, mockelb: MockElbClient
) -> None:
    other = mockelb.elb_client(OTHER_PROJECT)

    first = [config.id for config in configs(elb).configs]

    assert [config.id for config in configs(elb).configs] == first
    assert not set(first) & {config.id for config in configs(other).configs}


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        pytest.param("tcpssl", ["tcpssl"], id="known"),
        pytest.param("no_such_feature", [], id="unknown"),
    ],
)
def test_the_feature_filter(elb: Any, feature: str, expected: list[str]) -> None:
    response = configs(elb, feature)

    assert [config.feature for config in response.configs] == expected
    assert response.page_info.current_count == len(expected)


def test_a_load_balancer_has_the_features_switched_on(elb: Any) -> None:
    assert lb_features(elb, demo.LB) == BUILT_IN


def test_an_unknown_load_balancer_is_404(elb: Any) -> None:
    assert_refused(
        lambda: elb.list_loadbalancer_feature(
            elb_v3.ListLoadbalancerFeatureRequest(loadbalancer_id=demo.UNKNOWN_ID)
        ),
        404,
        NOT_FOUND,
        f"loadbalancer {demo.UNKNOWN_ID} could not be found",
    )


def test_a_seed_replaces_and_adds_configurations(elb: Any, mockelb: MockElbClient) -> None:
    mockelb.load_state({"feature_configs": SEEDED})

    by_feature = {config.feature: config for config in configs(elb).configs}

    assert sorted(by_feature) == ["members_limit", "tcpssl", "update_elastic_flavor"]
    tcpssl = by_feature["tcpssl"]
    assert (tcpssl.type, tcpssl.value, tcpssl.switch) == ("BOOL", "false", False)
    assert (tcpssl.description, tcpssl.caller) == ("off for this project", "tester")
    assert (tcpssl.created_at, tcpssl.updated_at) == ("2024-05-06T07:08:09Z",) * 2
    limit = by_feature["members_limit"]
    assert (limit.type, limit.value, limit.switch, limit.caller) == ("INT", "5", True, "system")
    # switched off: not in effect on the load balancer
    assert lb_features(elb, demo.LB) == {
        "members_limit": ("INT", "5"),
        "update_elastic_flavor": ("BOOL", "true"),
    }
    # another project keeps the built-in set
    assert {c.feature for c in configs(mockelb.elb_client(OTHER_PROJECT)).configs} == set(BUILT_IN)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        pytest.param({"feature": "f", "type": "BOOL", "value": "yes"}, "true or false", id="bool"),
        pytest.param({"feature": "f", "type": "INT", "value": "five"}, "integer", id="int"),
        pytest.param({"feature": "f", "type": "FLOAT", "value": "1.5"}, "type", id="type"),
        pytest.param({"feature": "", "type": "VARCHAR", "value": "x"}, "feature", id="empty-name"),
    ],
)
def test_a_malformed_seed_is_refused_whole(
    http: httpx.Client, item: dict[str, Any], message: str
) -> None:
    document = {"project_id": demo.PROJECT, "feature_configs": [SEEDED[1], item]}

    assert_error_response(http.post("/_mockelb/state", json=document), 400, INVALID_INPUT, message)
    assert [c["feature"] for c in http.get(f"{ELB}/feature/configs").json()["configs"]] == sorted(
        BUILT_IN
    )


def test_a_feature_declared_twice_for_a_project_is_refused(
    http: httpx.Client, mockelb: MockElbClient
) -> None:
    mockelb.load_state({"feature_configs": [SEEDED[1]]})

    response = http.post("/_mockelb/state", json={"feature_configs": [SEEDED[1]]})

    assert_error_response(response, 400, INVALID_INPUT, "declared twice")


def test_the_state_holds_the_seeded_configurations(app_client: TestClient) -> None:
    loaded = app_client.post("/_mockelb/state", json={"feature_configs": SEEDED})
    assert loaded.status_code == 200, loaded.text
    document = app_client.get("/_mockelb/state").json()

    assert sorted(item["feature"] for item in document["feature_configs"]) == [
        "members_limit",
        "tcpssl",
    ]
    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])
    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]
