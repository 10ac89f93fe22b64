"""Quotas: the project's limits (show_quota) and their live usage (list_quota_details)."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    DeleteListenerForceRequest,
    DeletePoolRequest,
    ListQuotaDetailsRequest,
    ShowQuotaRequest,
)
from starlette.testclient import TestClient

from mockelb.models import HealthMonitor, Listener, LoadBalancer, Quota
from mockelb.services.quotas import DEFAULT_QUOTAS
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import AUTHENTICATION_FAILED, INVALID_INPUT
from tests.factories import (
    add_members,
    create_health_monitor,
    create_listener,
    create_member,
    create_pool,
    on_subnet,
    quota_details,
    quota_used,
    transaction,
)
from tests.sdk_checks import (
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    sdk_error,
)

QUOTAS = f"/v3/{demo.PROJECT}/elb/quotas"
DETAILS = f"{QUOTAS}/details"
STRANGER = "0123456789abcdef0123456789abcdef"
NOW = "2024-01-01T00:00:00Z"
# Every quota key the SDK documents for ListQuotaDetailsRequest.quota_key, in Quota order.
SDK_QUOTA_KEYS = [key for key in elb_v3.Quota.openapi_types if key != "project_id"]
# Demo data: 2 load balancers, 2 listeners (one per LB), 7 pools (one default pool per
# listener), no members, no health monitors.
DEMO_USAGE = {
    "loadbalancer": 2,
    "listener": 2,
    "pool": 7,
    "member": 0,
    "healthmonitor": 0,
    "ipgroup": 1,  # the demo IP address group (no listener uses it)
    "certificate": 2,
    "members_per_pool": 0,
    "listeners_per_loadbalancer": 1,
    "listeners_per_pool": 1,
}


def show_quota(elb: Any) -> Any:
    response = elb.show_quota(ShowQuotaRequest())
    assert response.status_code == 200
    return response.quota


def set_limits(client: TestClient, project_id: str, **limits: int) -> None:
    with transaction(client) as session:
        session.merge(Quota(project_id=project_id, limits=limits))


# --- show_quota ---------------------------------------------------------------------------


def test_show_quota_has_every_limit_of_the_project(elb: Any) -> None:
    quota = show_quota(elb)

    assert isinstance(quota, elb_v3.Quota)
    assert quota.project_id == demo.PROJECT
    for key, limit in DEFAULT_QUOTAS.items():
        assert getattr(quota, key) == limit, key
    assert quota.loadbalancer == 50
    assert quota.members_per_pool == 500
    assert quota.healthmonitor == -1


def test_show_quota_json_has_every_sdk_field_as_an_int(app_client: TestClient) -> None:
    response = app_client.get(QUOTAS)

    assert response.status_code == 200
    body = response.json()
    assert_json_model(body, elb_v3.ShowQuotaResponse)
    assert_json_model(body["quota"], elb_v3.Quota)
    assert set(body["quota"]) == set(elb_v3.Quota.openapi_types)
    assert body["request_id"] == response.headers["x-request-id"]


def test_a_project_override_replaces_only_its_keys(app_client: TestClient) -> None:
    set_limits(app_client, demo.PROJECT, loadbalancer=3, member=-1)

    quota = app_client.get(QUOTAS).json()["quota"]

    assert quota["loadbalancer"] == 3
    assert quota["member"] == -1
    assert quota["pool"] == DEFAULT_QUOTAS["pool"]
    assert quota["listener"] == DEFAULT_QUOTAS["listener"]


def test_another_project_gets_the_defaults(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, STRANGER)

    quota = show_quota(stranger)

    assert quota.project_id == STRANGER
    assert {key: getattr(quota, key) for key in DEFAULT_QUOTAS} == DEFAULT_QUOTAS


def test_show_quota_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.show_quota(ShowQuotaRequest())
    assert response.status_code == 200
    assert response.quota.project_id == demo.PROJECT
    body = assert_ok_response(http.get(QUOTAS))
    assert_model_fields(body, elb_v3.ShowQuotaResponse)
    for key in SDK_QUOTA_KEYS:
        value = body["quota"][key]
        assert isinstance(value, int) and (value >= 0 or value == -1), (key, value)


# --- list_quota_details -------------------------------------------------------------------


def test_without_keys_every_quota_is_listed_with_its_usage(elb: Any) -> None:
    result = quota_details(elb)

    assert list(result) == SDK_QUOTA_KEYS
    for key, (limit, used_now) in result.items():
        assert limit == DEFAULT_QUOTAS[key], key
        assert used_now == DEMO_USAGE.get(key, 0), key


def test_details_json_has_every_sdk_field(app_client: TestClient) -> None:
    response = app_client.get(DETAILS)

    assert response.status_code == 200
    body = response.json()
    assert_json_model(body, elb_v3.ListQuotaDetailsResponse)
    assert len(body["quotas"]) == len(DEFAULT_QUOTAS)
    for item in body["quotas"]:
        assert_json_model(item, elb_v3.QuotaInfo)
        assert item["unit"] == "count"


def test_quota_keys_choose_the_items(elb: Any) -> None:
    result = quota_details(elb, "members_per_pool", "loadbalancer")

    assert result == {"loadbalancer": (50, 2), "members_per_pool": (500, 0)}


def test_a_repeated_key_is_listed_once(app_client: TestClient) -> None:
    response = app_client.get(DETAILS, params=[("quota_key", "pool"), ("quota_key", "pool")])

    assert response.status_code == 200
    assert [item["quota_key"] for item in response.json()["quotas"]] == ["pool"]


def test_quota_keys_may_come_comma_separated(app_client: TestClient) -> None:
    # ListQuotaDetailsRequest declares quota_key in the csv format (quota_key=a,b)
    response = app_client.get(DETAILS, params={"quota_key": "pool,member"})

    assert response.status_code == 200, response.text
    assert [item["quota_key"] for item in response.json()["quotas"]] == ["pool", "member"]


@pytest.mark.parametrize("key", SDK_QUOTA_KEYS)
def test_every_documented_key_is_accepted(elb: Any, key: str) -> None:
    assert list(quota_details(elb, key)) == [key]


def test_usage_follows_creates_and_deletes(elb: Any) -> None:
    option = CreateLoadBalancerOption(vpc_id=demo.VPC, availability_zone_list=[demo.AZ_1])
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    assert elb.create_load_balancer(request).status_code == 201
    pool_id = create_pool(elb, loadbalancer_id=demo.LB).id
    members = [on_subnet("192.168.0.10"), on_subnet("192.168.0.11"), on_subnet("192.168.0.12")]
    assert len(add_members(elb, demo.POOL, *members)) == 3
    assert len(add_members(elb, pool_id, on_subnet("192.168.0.20"))) == 1

    assert quota_used(elb, "loadbalancer", "pool", "member", "members_per_pool") == {
        "loadbalancer": 3,
        "pool": 8,
        "member": 4,
        "members_per_pool": 3,
    }

    empty_pool = create_pool(elb, loadbalancer_id=demo.LB).id
    elb.delete_pool(DeletePoolRequest(pool_id=empty_pool))
    assert quota_used(elb, "pool")["pool"] == 8


def test_the_limit_of_an_override_is_reported(app_client: TestClient) -> None:
    set_limits(app_client, demo.PROJECT, members_per_pool=1000, certificate=-1)

    response = app_client.get(
        DETAILS, params=[("quota_key", "members_per_pool"), ("quota_key", "certificate")]
    )

    quotas = {item["quota_key"]: item for item in response.json()["quotas"]}
    assert quotas["members_per_pool"]["quota_limit"] == 1000
    assert quotas["certificate"] == {
        "quota_key": "certificate",
        "quota_limit": -1,
        "used": 2,  # the demo's server and CA certificates
        "unit": "count",
    }


def test_quota_details_count_live_usage(elb: Any, http: httpx.Client) -> None:
    before = quota_used(elb)
    assert set(before) == set(SDK_QUOTA_KEYS)
    assert (before["loadbalancer"], before["listener"], before["pool"]) == (2, 2, 7)
    create_listener(elb, protocol_port=90, default_pool_id=demo.POOL)
    create_health_monitor(elb)
    create_member(elb, demo.POOL, **on_subnet("192.168.0.10"))  # ECS 1's address
    after = quota_used(elb)
    assert after["listener"] == before["listener"] + 1
    assert after["healthmonitor"] == before["healthmonitor"] + 1
    assert after["member"] == before["member"] + 1
    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))
    assert quota_used(elb)["listener"] == before["listener"]
    body = assert_ok_response(http.get(DETAILS))
    assert_model_fields(body, elb_v3.ListQuotaDetailsResponse)
    assert all(quota["unit"] == "count" for quota in body["quotas"])
    limits = http.get(QUOTAS).json()["quota"]
    assert {q["quota_key"]: q["quota_limit"] for q in body["quotas"]} == {
        key: limits[key] for key in SDK_QUOTA_KEYS
    }


def _listener(listener_id: str, lb_id: str, port: int, pool_id: str | None = None) -> Listener:
    return Listener(
        id=listener_id,
        project_id=demo.PROJECT,
        loadbalancer_id=lb_id,
        protocol="TCP",
        protocol_port=port,
        default_pool_id=pool_id,
        created_at=NOW,
        updated_at=NOW,
    )


def test_listeners_and_monitors_are_counted(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.add_all(
            [
                _listener("l-81", demo.LB, 81, demo.POOL),
                _listener("l-82", demo.LB, 82, demo.POOL),
                _listener("l-83", demo.LB, 83),
                HealthMonitor(
                    id="hm-1",
                    project_id=demo.PROJECT,
                    pool_id=demo.POOL_HTTP,
                    type="TCP",
                    delay=5,
                    timeout=3,
                    max_retries=3,
                    created_at=NOW,
                    updated_at=NOW,
                ),
            ]
        )

    response = app_client.get(DETAILS)

    usage = {item["quota_key"]: item["used"] for item in response.json()["quotas"]}
    assert usage["listener"] == 5
    # demo.LB: its demo listener and three more; demo.POOL: default pool of three listeners
    assert usage["listeners_per_loadbalancer"] == 4
    assert usage["listeners_per_pool"] == 3
    assert usage["healthmonitor"] == 1


def test_other_projects_resources_are_not_counted(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.add(
            LoadBalancer(
                id="lb-stranger",
                project_id=STRANGER,
                vpc_id=demo.VPC,
                created_at=NOW,
                updated_at=NOW,
            )
        )

    mine = app_client.get(DETAILS, params={"quota_key": "loadbalancer"}).json()["quotas"]
    theirs = app_client.get(
        f"/v3/{STRANGER}/elb/quotas/details", params={"quota_key": "loadbalancer"}
    ).json()["quotas"]

    assert mine[0]["used"] == 2
    assert theirs[0]["used"] == 1


def test_a_stranger_project_uses_nothing(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, STRANGER)

    assert set(quota_used(stranger).values()) == {0}


# --- rejections ---------------------------------------------------------------------------


def test_an_unknown_quota_key_is_refused(elb: Any) -> None:
    error = sdk_error(lambda: quota_details(elb, "loadbalancer", "flavor"))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert "'quota_key'" in error.error_msg
    assert "flavor" in error.error_msg


def test_quota_details_filter_by_key(elb: Any, http: httpx.Client) -> None:
    quotas = elb.list_quota_details(ListQuotaDetailsRequest(quota_key=["member", "pool"])).quotas
    assert sorted(quota.quota_key for quota in quotas) == ["member", "pool"]
    assert_error_response(http.get(DETAILS, params={"quota_key": "bogus"}), 400, INVALID_INPUT)
    assert_error_response(http.get(DETAILS, params={"quota_key": ""}), 400, INVALID_INPUT)


def test_an_unknown_key_in_a_csv_list_is_refused(app_client: TestClient) -> None:
    response = app_client.get(DETAILS, params={"quota_key": "pool,bogus"})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert "bogus" in response.json()["error_msg"]


@pytest.mark.parametrize("value", ["", "LOADBALANCER", "x" * 1000, "loadbalancer "])
def test_malformed_quota_keys_are_refused(app_client: TestClient, value: str) -> None:
    response = app_client.get(DETAILS, params={"quota_key": value})

    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == INVALID_INPUT
    assert "quota_key" in body["error_msg"]


def test_unknown_query_parameters_are_ignored(app_client: TestClient) -> None:
    response = app_client.get(QUOTAS, params={"quota_key": "nonsense", "limit": "x"})

    assert response.status_code == 200
    assert response.json()["quota"]["project_id"] == demo.PROJECT


def test_credentials_are_required(app_client: TestClient) -> None:
    for path in (QUOTAS, DETAILS):
        response = app_client.get(path, headers={"X-Auth-Token": ""})
        assert response.status_code == 401
        assert response.json()["error_code"] == AUTHENTICATION_FAILED
