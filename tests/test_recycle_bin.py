"""The load balancer recycle bin (services/recycle_bin.py, services/recycling.py) through the
official SDK and raw HTTP: the switch and the policy, deleting into the bin (plain,
cascade), what the API shows of a load balancer in it, restore, delete for good, expiry,
and the bin in the state document.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from starlette.testclient import TestClient

from mockelb.models import LoadBalancer, RecycledLoadBalancer
from mockelb.seed import SeedDocument, SeedError, build_snapshot, demo_seed
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    create_listener,
    create_load_balancer,
    create_pool,
    delete_load_balancer,
    delete_recycle_load_balancer,
    enable_recycle_bin,
    ids_of,
    list_listeners,
    list_load_balancers,
    list_pools,
    list_recycle_bin,
    on_subnet,
    restore_loadbalancer,
    show_load_balancer,
    show_pool,
    show_recycle_bin,
    transaction,
    update_load_balancer,
    update_recycle_bin_policy,
)
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
)

RECYCLE_BIN = f"{ELB}/recycle-bin"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MISSING = object()  # as an edge value: leave the field out


def cascade(elb: Any, lb_id: str, **option: Any) -> None:
    body = elb_v3.DeleteLoadBalancerCascadeRequestBody(
        loadbalancer=elb_v3.DeleteLoadBalancerCascadeOption(**option)
    )
    request = elb_v3.DeleteLoadBalancerCascadeRequest(loadbalancer_id=lb_id, body=body)
    assert elb.delete_load_balancer_cascade(request).status_code == 204


def recycled_load_balancer(elb: Any, **fields: Any) -> str:
    """A new load balancer on the demo SUBNET, deleted into the (enabled) recycle bin."""
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, **fields)
    delete_load_balancer(elb, lb.id)
    return str(lb.id)


def hours_between(earlier: str, later: str) -> float:
    start = datetime.strptime(earlier, TIME_FORMAT)
    return (datetime.strptime(later, TIME_FORMAT) - start) / timedelta(hours=1)


# --- the switch and the policy ----------------------------------------------------------


def test_a_new_project_has_the_bin_off_with_the_default_policy(http: httpx.Client) -> None:
    body = assert_ok_response(http.get(RECYCLE_BIN))
    assert body["recycle_bin"] == {
        "project_id": demo.PROJECT,
        "policy": {"recycle_threshold_hour": 0, "retention_hour": 168},
        "enable": False,
    }
    assert_json_model(body, elb_v3.ShowRecycleBinResponse)
    assert_json_model(body["recycle_bin"], elb_v3.RecycleBinResponseBody)
    assert_json_model(body["recycle_bin"]["policy"], elb_v3.RecycleBinPolicy)


def test_the_bin_is_switched_on_and_off(elb: Any) -> None:
    assert enable_recycle_bin(elb).enable is True
    assert show_recycle_bin(elb).enable is True
    assert enable_recycle_bin(elb, False).enable is False
    assert show_recycle_bin(elb).enable is False


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-recycle-bin"),
        pytest.param({"recycle_bin": {}}, id="no-enable"),
        pytest.param({"recycle_bin": {"enable": None}}, id="null-enable"),
    ],
)
def test_an_enable_request_without_enable_changes_nothing(
    elb: Any, http: httpx.Client, body: dict[str, Any]
) -> None:
    enable_recycle_bin(elb)
    answer = assert_ok_response(http.put(RECYCLE_BIN, json=body))
    assert answer["recycle_bin"]["enable"] is True
    assert_json_model(answer, elb_v3.UpdateRecycleBinEnableResponse)


def test_the_policy_of_a_bin_that_is_off_cannot_be_changed(elb: Any) -> None:
    assert_refused(
        lambda: update_recycle_bin_policy(elb, retention_hour=5), 409, CONFLICT, "not enabled"
    )
    assert show_recycle_bin(elb).policy.retention_hour == 168


def test_the_policy_changes_hour_by_hour(elb: Any, http: httpx.Client) -> None:
    enable_recycle_bin(elb)
    changed = update_recycle_bin_policy(elb, retention_hour=20)
    assert (changed.policy.recycle_threshold_hour, changed.policy.retention_hour) == (0, 20)
    changed = update_recycle_bin_policy(elb, recycle_threshold_hour=50)
    assert (changed.policy.recycle_threshold_hour, changed.policy.retention_hour) == (50, 20)
    answer = assert_ok_response(http.put(f"{RECYCLE_BIN}/policy", json={"recycle_bin": {}}))
    assert answer["recycle_bin"]["policy"] == {"recycle_threshold_hour": 50, "retention_hour": 20}
    assert_json_model(answer, elb_v3.UpdateRecycleBinPolicyResponse)


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        pytest.param({"recycle_threshold_hour": -1}, "recycle_threshold_hour", id="threshold-neg"),
        pytest.param(
            {"recycle_threshold_hour": 24001}, "recycle_threshold_hour", id="threshold-big"
        ),
        pytest.param({"retention_hour": 0}, "retention_hour", id="retention-zero"),
        pytest.param({"retention_hour": 721}, "retention_hour", id="retention-big"),
        pytest.param({"retention_hour": "5"}, "retention_hour", id="retention-string"),
        pytest.param({"retention_hour": True}, "retention_hour", id="retention-bool"),
        pytest.param({"retention_hour": 5.5}, "retention_hour", id="retention-float"),
        pytest.param({"hours": 5}, "hours", id="unknown-attribute"),
    ],
)
def test_bad_policies_are_refused_and_change_nothing(
    elb: Any, http: httpx.Client, policy: dict[str, Any], field: str
) -> None:
    enable_recycle_bin(elb)
    before = http.get(RECYCLE_BIN).json()["recycle_bin"]
    response = http.put(f"{RECYCLE_BIN}/policy", json={"recycle_bin": {"policy": policy}})
    assert_error_response(response, 400, INVALID_INPUT, field)
    assert http.get(RECYCLE_BIN).json()["recycle_bin"] == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"recycle_bin": {"enable": "true"}}, id="enable-string"),
        pytest.param({"recycle_bin": {"enable": 1}}, id="enable-int"),
        pytest.param({"recycle_bin": {"enable": True, "policy": {}}}, id="unknown-attribute"),
        pytest.param({"recycle_bin": []}, id="not-an-object"),
        pytest.param([], id="list-body"),
    ],
)
def test_bad_enable_bodies_are_refused(http: httpx.Client, body: Any) -> None:
    assert_error_response(http.put(RECYCLE_BIN, json=body), 400, INVALID_INPUT)
    assert http.get(RECYCLE_BIN).json()["recycle_bin"]["enable"] is False


def test_an_empty_body_is_refused(http: httpx.Client) -> None:
    assert_error_response(http.put(RECYCLE_BIN), 400, INVALID_INPUT)
    assert_error_response(http.put(f"{RECYCLE_BIN}/policy"), 400, INVALID_INPUT)


def test_the_bin_is_per_project(elb: Any, mockelb: MockElbServer) -> None:
    enable_recycle_bin(elb)
    other = make_elb_client(mockelb.url, "0" * 31 + "1")
    assert show_recycle_bin(other).enable is False
    assert show_recycle_bin(other).project_id == "0" * 31 + "1"


# --- deleting into the bin --------------------------------------------------------------


def test_a_load_balancer_deleted_with_the_bin_off_is_gone_for_good(elb: Any) -> None:
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    delete_load_balancer(elb, lb.id)
    assert list_recycle_bin(elb) == []
    assert lb.id not in ids_of(list_load_balancers(elb, include_recycle_bin=True))


def test_a_deleted_load_balancer_goes_into_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    update_recycle_bin_policy(elb, retention_hour=20)
    lb_id = recycled_load_balancer(elb, name="binned")

    [recycled] = list_recycle_bin(elb)
    assert (recycled.id, recycled.name, recycled.provisioning_status) == (
        lb_id,
        "binned",
        "RECYCLING",
    )
    assert hours_between(recycled.updated_at, recycled.auto_terminate_time) == 20
    assert_refused(
        lambda: elb.show_load_balancer(elb_v3.ShowLoadBalancerRequest(loadbalancer_id=lb_id)),
        404,
        NOT_FOUND,
    )
    assert lb_id not in ids_of(list_load_balancers(elb))
    included = {lb.id: lb for lb in list_load_balancers(elb, include_recycle_bin=True)}
    assert included[lb_id].provisioning_status == "RECYCLING"
    assert lb_id not in ids_of(list_load_balancers(elb, include_recycle_bin=False))


def test_the_bin_list_json_has_every_sdk_field(elb: Any, http: httpx.Client) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    body = assert_ok_response(http.get(f"{RECYCLE_BIN}/loadbalancers"))
    assert_json_model(body, elb_v3.ListRecycleBinLoadBalancersResponse)
    [item] = body["loadbalancers"]
    assert item["id"] == lb_id
    assert_json_model(
        item,
        elb_v3.RecycleLoadBalancer,
        nullable={
            "ipv6_vip_address",
            "ipv6_vip_virsubnet_id",
            "ipv6_vip_port_id",
            "billing_info",
            "l4_scale_flavor_id",
            "l7_scale_flavor_id",
            "frozen_scene",
            "ipv6_bandwidth",
        },
    )
    assert body["page_info"] == {"previous_marker": lb_id, "current_count": 1}


def test_a_load_balancer_younger_than_the_threshold_is_deleted_for_good(elb: Any) -> None:
    enable_recycle_bin(elb)
    update_recycle_bin_policy(elb, recycle_threshold_hour=1)
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    delete_load_balancer(elb, lb.id)
    assert list_recycle_bin(elb) == []
    assert lb.id not in ids_of(list_load_balancers(elb, include_recycle_bin=True))


def test_a_load_balancer_older_than_the_threshold_goes_into_the_bin(
    app_client: TestClient,
) -> None:
    assert app_client.put(RECYCLE_BIN, json={"recycle_bin": {"enable": True}}).status_code == 200
    policy = {"recycle_bin": {"policy": {"recycle_threshold_hour": 2}}}
    assert app_client.put(f"{RECYCLE_BIN}/policy", json=policy).status_code == 200
    created = app_client.post(
        f"{ELB}/loadbalancers",
        json={"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}},
    ).json()["loadbalancer"]
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3)
    with transaction(app_client) as session:
        session.get(LoadBalancer, created["id"]).created_at = three_hours_ago.strftime(TIME_FORMAT)
    assert app_client.delete(f"{ELB}/loadbalancers/{created['id']}").status_code == 204
    listed = app_client.get(f"{RECYCLE_BIN}/loadbalancers").json()["loadbalancers"]
    assert ids_of(listed) == [created["id"]]


def test_a_cascade_delete_puts_the_listeners_and_pools_in_the_bin_too(elb: Any) -> None:
    enable_recycle_bin(elb)
    cascade(elb, demo.LB)
    [recycled] = list_recycle_bin(elb)
    assert recycled.id == demo.LB
    assert ids_of(recycled.listeners) == [demo.LISTENER]
    assert demo.POOL in ids_of(recycled.pools)
    # the bin's listeners are listed on request only; its pools stay where they are
    assert demo.LISTENER not in ids_of(list_listeners(elb))
    assert demo.LISTENER in ids_of(list_listeners(elb, include_recycle_bin=True))
    assert show_pool(elb, demo.POOL).loadbalancers[0].id == demo.LB


def test_nothing_can_be_added_to_a_load_balancer_in_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    assert_refused(
        lambda: create_listener(elb, loadbalancer_id=lb_id, protocol_port=81), 404, NOT_FOUND
    )
    assert_refused(lambda: create_pool(elb, loadbalancer_id=lb_id), 404, NOT_FOUND)
    assert_refused(lambda: update_load_balancer(elb, lb_id, name="x"), 404, NOT_FOUND)
    assert_refused(lambda: delete_load_balancer(elb, lb_id), 404, NOT_FOUND)


def test_every_operation_naming_a_load_balancer_in_the_bin_answers_404(
    elb: Any, http: httpx.Client
) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    lts = "7733882e-f7fa-4fb0-a460-0605c48a2280"
    for response in (
        http.get(f"{ELB}/loadbalancers/{lb_id}/statuses"),
        http.get(f"/v3/{demo.PROJECT}/loadbalancers/{lb_id}/tags"),
        http.get(f"{ELB}/availability-zones", params={"loadbalancer_id": lb_id}),
        http.post(
            f"{ELB}/loadbalancers/{lb_id}/availability-zone/batch-add",
            json={"availability_zone_list": [demo.AZ_2]},
        ),
        http.post(
            f"{ELB}/logtanks",
            json={"logtank": {"loadbalancer_id": lb_id, "log_group_id": lts, "log_topic_id": lts}},
        ),
        http.post(f"{ELB}/loadbalancers/{lb_id}/delete-cascade"),
        http.delete(f"{ELB}/loadbalancers/{lb_id}/force-elb"),
    ):
        assert_error_response(response, 404, NOT_FOUND, lb_id)
    assert ids_of(list_recycle_bin(elb)) == [lb_id]


def test_a_load_balancer_in_the_bin_keeps_its_vip(elb: Any) -> None:
    enable_recycle_bin(elb)
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.77")
    delete_load_balancer(elb, lb.id)
    assert_refused(
        lambda: create_load_balancer(
            elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.77"
        ),
        409,
        CONFLICT,
    )


# --- the bin's list ---------------------------------------------------------------------


def test_the_bin_list_filters_and_pages(elb: Any) -> None:
    enable_recycle_bin(elb)
    first = recycled_load_balancer(elb, name="a")
    second = recycled_load_balancer(elb, name="b")
    third = recycled_load_balancer(elb, name="b")
    assert ids_of(list_recycle_bin(elb)) == [first, second, third]
    assert ids_of(list_recycle_bin(elb, name=["b"])) == [second, third]
    assert ids_of(list_recycle_bin(elb, id=[first, third])) == [first, third]
    assert ids_of(list_recycle_bin(elb, vip_address=["192.168.0.1"])) == []
    assert ids_of(list_recycle_bin(elb, limit=2)) == [first, second]
    assert ids_of(list_recycle_bin(elb, limit=2, marker=second)) == [third]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"operating_status": "DOWN"}, "operating_status", id="bad-enum"),
        pytest.param({"admin_state_up": "maybe"}, "admin_state_up", id="bad-bool"),
        pytest.param({"ip_version": "5"}, "ip_version", id="bad-ip-version"),
        pytest.param({"marker": demo.UNKNOWN_ID}, None, id="unknown-marker"),
        pytest.param({"limit": "2001"}, "limit", id="limit-too-big"),
    ],
)
def test_bad_bin_list_queries_are_refused(
    http: httpx.Client, query: dict[str, str], field: str | None
) -> None:
    response = http.get(f"{RECYCLE_BIN}/loadbalancers", params=query)
    assert_error_response(response, 400, INVALID_INPUT, field)


def test_the_live_load_balancers_are_not_in_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    assert list_recycle_bin(elb) == []
    assert list_recycle_bin(elb, id=[demo.LB]) == []


# --- restore ----------------------------------------------------------------------------


def test_restore_brings_back_the_load_balancer_with_its_listeners(elb: Any) -> None:
    enable_recycle_bin(elb)
    before = show_load_balancer(elb, demo.LB)
    cascade(elb, demo.LB)

    response = restore_loadbalancer(elb, demo.LB)

    assert response.type == "v3"
    assert UUID.fullmatch(response.job_id)
    restored = show_load_balancer(elb, demo.LB)
    assert restored.provisioning_status == "ACTIVE"
    assert (restored.vip_address, ids_of(restored.listeners), ids_of(restored.pools)) == (
        before.vip_address,
        ids_of(before.listeners),
        ids_of(before.pools),
    )
    assert demo.LISTENER in ids_of(list_listeners(elb))
    assert list_recycle_bin(elb) == []
    job = elb.show_job(elb_v3.ShowJobRequest(job_id=response.job_id)).job
    assert (job.job_type, job.status, job.resource_id) == (
        "restoreLoadbalancer",
        "COMPLETE",
        demo.LB,
    )


def test_restore_answers_in_the_sdk_shape(elb: Any, http: httpx.Client) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    body = assert_ok_response(http.put(f"{RECYCLE_BIN}/loadbalancers/{lb_id}/recover"))
    assert_json_model(body, elb_v3.RestoreLoadbalancerResponse)
    assert set(body) == {"request_id", "type", "job_id"}


@pytest.mark.parametrize("which", ["live", "unknown"])
def test_only_a_load_balancer_in_the_bin_is_restored_or_deleted_from_it(
    elb: Any, which: str
) -> None:
    enable_recycle_bin(elb)
    lb_id = demo.LB if which == "live" else demo.UNKNOWN_ID
    assert_refused(lambda: restore_loadbalancer(elb, lb_id), 404, NOT_FOUND, lb_id)
    assert_refused(lambda: delete_recycle_load_balancer(elb, lb_id), 404, NOT_FOUND, lb_id)
    if which == "live":
        assert show_load_balancer(elb, lb_id).provisioning_status == "ACTIVE"


def test_a_load_balancer_of_another_project_is_not_in_the_bin(
    elb: Any, mockelb: MockElbServer
) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    other = make_elb_client(mockelb.url, "0" * 31 + "1")
    assert_refused(lambda: restore_loadbalancer(other, lb_id), 404, NOT_FOUND)
    assert list_recycle_bin(other) == []
    assert ids_of(list_recycle_bin(elb)) == [lb_id]


# --- deleting from the bin --------------------------------------------------------------


def test_deleting_from_the_bin_deletes_for_good(elb: Any) -> None:
    enable_recycle_bin(elb)
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.77")
    delete_load_balancer(elb, lb.id)
    delete_recycle_load_balancer(elb, lb.id)
    assert list_recycle_bin(elb) == []
    assert lb.id not in ids_of(list_load_balancers(elb, include_recycle_bin=True))
    # its VIP is free again
    create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.77")


def test_deleting_a_cascaded_load_balancer_from_the_bin_deletes_its_pools(elb: Any) -> None:
    enable_recycle_bin(elb)
    add_members(elb, demo.POOL, on_subnet("192.168.0.10"))
    cascade(elb, demo.LB)
    delete_recycle_load_balancer(elb, demo.LB)
    assert demo.POOL not in ids_of(list_pools(elb))
    assert demo.LISTENER not in ids_of(list_listeners(elb, include_recycle_bin=True))


def test_a_cascade_keeping_its_pools_unbinds_them_when_deleted_from_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    cascade(elb, demo.LB, unbounded_pool=False)
    # in the bin, the pools are still the load balancer's
    assert show_pool(elb, demo.POOL).loadbalancers[0].id == demo.LB
    delete_recycle_load_balancer(elb, demo.LB)
    assert show_pool(elb, demo.POOL).loadbalancers == []


def test_the_bin_cannot_be_switched_off_while_it_holds_load_balancers(elb: Any) -> None:
    enable_recycle_bin(elb)
    lb_id = recycled_load_balancer(elb)
    assert_refused(lambda: enable_recycle_bin(elb, False), 409, CONFLICT, "holds 1")
    assert show_recycle_bin(elb).enable is True
    restore_loadbalancer(elb, lb_id)
    assert enable_recycle_bin(elb, False).enable is False


# --- expiry -----------------------------------------------------------------------------


def _expire(client: TestClient, lb_id: str) -> None:
    with transaction(client) as session:
        session.get(RecycledLoadBalancer, lb_id).auto_terminate_time = "2020-01-01T00:00:00Z"


def _recycle_in_app(client: TestClient) -> str:
    assert client.put(RECYCLE_BIN, json={"recycle_bin": {"enable": True}}).status_code == 200
    created = client.post(
        f"{ELB}/loadbalancers",
        json={"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}},
    ).json()["loadbalancer"]
    assert client.delete(f"{ELB}/loadbalancers/{created['id']}").status_code == 204
    return str(created["id"])


def test_a_load_balancer_whose_time_is_over_is_hidden_then_deleted(
    app_client: TestClient,
) -> None:
    lb_id = _recycle_in_app(app_client)
    _expire(app_client, lb_id)

    assert app_client.get(f"{RECYCLE_BIN}/loadbalancers").json()["loadbalancers"] == []
    included = app_client.get(f"{ELB}/loadbalancers", params={"include_recycle_bin": "true"})
    assert lb_id not in ids_of(included.json()["loadbalancers"])
    recover = app_client.put(f"{RECYCLE_BIN}/loadbalancers/{lb_id}/recover")
    assert_error_response(recover, 404, NOT_FOUND)
    # the refused restore rolled back; the next write to the bin deletes it for good
    assert app_client.put(RECYCLE_BIN, json={}).status_code == 200
    with transaction(app_client) as session:
        assert session.get(LoadBalancer, lb_id) is None
    assert app_client.put(RECYCLE_BIN, json={"recycle_bin": {"enable": False}}).status_code == 200


def test_a_policy_change_leaves_the_time_of_those_in_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    recycled_load_balancer(elb)
    [before] = list_recycle_bin(elb)
    update_recycle_bin_policy(elb, retention_hour=1)
    [after] = list_recycle_bin(elb)
    assert after.auto_terminate_time == before.auto_terminate_time
    assert hours_between(after.updated_at, after.auto_terminate_time) == 168


# --- the state document -----------------------------------------------------------------


def test_a_state_with_the_bin_comes_back_exactly(app_client: TestClient) -> None:
    assert app_client.put(RECYCLE_BIN, json={"recycle_bin": {"enable": True}}).status_code == 200
    policy = {"recycle_bin": {"policy": {"retention_hour": 30}}}
    assert app_client.put(f"{RECYCLE_BIN}/policy", json=policy).status_code == 200
    body = {"loadbalancer": {"unbounded_pool": False}}
    response = app_client.post(f"{ELB}/loadbalancers/{demo.LB}/delete-cascade", json=body)
    assert response.status_code == 204
    document = app_client.get("/_mockelb/state").json()
    assert document["recycle_bins"] == [
        {
            "project_id": demo.PROJECT,
            "enable": True,
            "policy": {"recycle_threshold_hour": 0, "retention_hour": 30},
        }
    ]
    [entry] = document["recycled_loadbalancers"]
    assert (entry["loadbalancer_id"], entry["delete_pools"]) == (demo.LB, False)

    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])

    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]


def _seed_with(**extra: Any) -> list[tuple[str, SeedDocument]]:
    document = demo_seed().model_dump(exclude_unset=True)
    return [("seed", SeedDocument.model_validate({**document, **extra}))]


def test_a_seed_puts_a_load_balancer_in_the_bin() -> None:
    snapshot = build_snapshot(
        _seed_with(
            recycle_bins=[{"project_id": demo.PROJECT, "enable": True}],
            recycled_loadbalancers=[{"loadbalancer_id": demo.LB}],
        )
    )
    tables = dict(snapshot)
    [lb] = [row for row in tables["loadbalancers"] if row["id"] == demo.LB]
    assert lb["provisioning_status"] == "RECYCLING"
    [entry] = tables["recycled_loadbalancers"]
    assert entry["delete_pools"] is True


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {"recycled_loadbalancers": [{"loadbalancer_id": demo.LB}]},
            "recycle bin of project",
            id="bin-off",
        ),
        pytest.param(
            {
                "recycle_bins": [{"project_id": demo.PROJECT, "enable": True}],
                "recycled_loadbalancers": [{"loadbalancer_id": demo.UNKNOWN_ID}],
            },
            "not declared",
            id="unknown-load-balancer",
        ),
        pytest.param(
            {
                "recycle_bins": [{"project_id": demo.PROJECT, "enable": True}],
                "recycled_loadbalancers": [
                    {"loadbalancer_id": demo.LB},
                    {"loadbalancer_id": demo.LB},
                ],
            },
            "declared twice",
            id="twice",
        ),
        pytest.param(
            {"recycle_bins": [{"project_id": demo.PROJECT, "policy": {"retention_hour": 0}}]},
            "retention_hour",
            id="bad-policy",
        ),
    ],
)
def test_a_seed_that_breaks_a_bin_rule_is_refused(extra: dict[str, Any], message: str) -> None:
    with pytest.raises((SeedError, ValueError), match=message):
        build_snapshot(_seed_with(**extra))


def test_a_seed_load_balancer_marked_recycling_must_be_in_the_bin() -> None:
    document = demo_seed().model_dump(exclude_unset=True)
    for lb in document["loadbalancers"]:
        if lb["id"] == demo.LB:
            lb["provisioning_status"] = "RECYCLING"
    with pytest.raises(SeedError, match="not in recycled_loadbalancers"):
        build_snapshot([("seed", SeedDocument.model_validate(document))])


@pytest.mark.parametrize(
    "field", ["recycle_bin", "policy", "recycle_threshold_hour", "retention_hour"]
)
def test_each_policy_field_with_edge_values(app_client: TestClient, field: str) -> None:
    """Each field of a valid policy body in turn left out, null, -1, past 64 bits, empty,
    NUL, a lone surrogate, too long, an object: a 200 or the cloud's 400, and a refused
    body changes nothing."""
    assert app_client.put(RECYCLE_BIN, json={"recycle_bin": {"enable": True}}).status_code == 200
    for value in (MISSING, None, -1, 2**64, "", "\x00", "\ud800", "a" * 300, {}):
        base: dict[str, Any] = {"recycle_threshold_hour": 3, "retention_hour": 4}
        body: dict[str, Any] = {"recycle_bin": {"policy": base}}
        holder = {"recycle_bin": body, "policy": body["recycle_bin"]}.get(field, base)
        if value is MISSING:
            del holder[field]
        else:
            holder[field] = value
        before = app_client.get(RECYCLE_BIN).json()["recycle_bin"]
        response = app_client.put(
            f"{RECYCLE_BIN}/policy",
            content=json.dumps(body).encode("utf-8", "surrogatepass"),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code in (200, 400), (field, value, response.text)
        if response.status_code == 400:
            assert_error_response(response, 400, INVALID_INPUT)
            assert app_client.get(RECYCLE_BIN).json()["recycle_bin"] == before


def test_a_project_reset_empties_its_bin_and_switches_it_off(elb: Any, http: httpx.Client) -> None:
    enable_recycle_bin(elb)
    cascade(elb, demo.LB)
    assert http.post("/_mockelb/reset", params={"project_id": demo.PROJECT}).status_code == 200
    assert show_recycle_bin(elb).enable is False
    assert list_recycle_bin(elb) == []
    assert show_load_balancer(elb, demo.LB).provisioning_status == "ACTIVE"
