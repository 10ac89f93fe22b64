"""delete_load_balancer_force and batch_delete_loadbalancers
(services/loadbalancer_deletes.py) through the official SDK and raw HTTP: what goes with the
load balancer, the protections that refuse it, all or nothing, and the recycle bin.
"""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest

from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    batch_delete_loadbalancers,
    create_health_monitor,
    create_listener,
    create_load_balancer,
    create_pool,
    delete_load_balancer_force,
    enable_recycle_bin,
    ids_of,
    list_all_members,
    list_health_monitors,
    list_listeners,
    list_load_balancers,
    list_pools,
    list_recycle_bin,
    on_subnet,
    restore_loadbalancer,
    show_pool,
    snapshot,
    update_load_balancer,
    update_pool,
)
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
)

LOADBALANCERS = f"{ELB}/loadbalancers"


def force(elb: Any, lb_id: str) -> Any:
    request = elb_v3.DeleteLoadBalancerForceRequest(loadbalancer_id=lb_id)
    return elb.delete_load_balancer_force(request)


def full_load_balancer(elb: Any) -> dict[str, str]:
    """A new load balancer with a listener, its default pool, a member and a monitor."""
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    pool = create_pool(elb, loadbalancer_id=lb.id)
    listener = create_listener(
        elb, loadbalancer_id=lb.id, protocol_port=80, default_pool_id=pool.id
    )
    [member] = add_members(elb, pool.id, on_subnet("192.168.0.10"))
    monitor = create_health_monitor(elb, pool_id=pool.id)
    return {
        "lb": lb.id,
        "pool": pool.id,
        "listener": listener.id,
        "member": member.id,
        "monitor": monitor.id,
    }


def assert_gone(elb: Any, made: dict[str, str]) -> None:
    assert made["lb"] not in ids_of(list_load_balancers(elb, include_recycle_bin=True))
    assert made["listener"] not in ids_of(list_listeners(elb, include_recycle_bin=True))
    assert made["pool"] not in ids_of(list_pools(elb))
    assert made["member"] not in ids_of(list_all_members(elb))
    assert made["monitor"] not in ids_of(list_health_monitors(elb))


# --- force-elb --------------------------------------------------------------------------


def test_force_deletes_the_listeners_pools_members_and_monitors(elb: Any) -> None:
    made = full_load_balancer(elb)
    delete_load_balancer_force(elb, made["lb"])
    assert_gone(elb, made)


def test_force_answers_204_without_a_body(http: httpx.Client) -> None:
    assert_ok_response(http.delete(f"{LOADBALANCERS}/{demo.LB}/force-elb"), 204)


def test_force_is_refused_by_the_load_balancers_deletion_protection(
    elb: Any, http: httpx.Client
) -> None:
    update_load_balancer(elb, demo.LB, deletion_protection_enable=True)
    before = snapshot(http)
    assert_refused(lambda: force(elb, demo.LB), 409, CONFLICT, "deletion protection")
    assert snapshot(http) == before


def test_force_is_refused_by_a_pools_deletion_protection(elb: Any, http: httpx.Client) -> None:
    update_pool(elb, demo.POOL, member_deletion_protection_enable=True)
    before = snapshot(http)
    assert_refused(lambda: force(elb, demo.LB), 409, CONFLICT, demo.POOL)
    assert snapshot(http) == before


def test_force_ignores_modification_protection(elb: Any) -> None:
    made = full_load_balancer(elb)
    update_load_balancer(elb, made["lb"], protection_status="consoleProtection")
    delete_load_balancer_force(elb, made["lb"])
    assert_gone(elb, made)


def test_force_of_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    assert_refused(lambda: force(elb, demo.UNKNOWN_ID), 404, NOT_FOUND, demo.UNKNOWN_ID)


def test_force_with_the_recycle_bin_on_puts_everything_in_the_bin(elb: Any) -> None:
    made = full_load_balancer(elb)
    enable_recycle_bin(elb)
    delete_load_balancer_force(elb, made["lb"])
    [recycled] = list_recycle_bin(elb)
    assert (recycled.id, ids_of(recycled.listeners), ids_of(recycled.pools)) == (
        made["lb"],
        [made["listener"]],
        [made["pool"]],
    )
    restore_loadbalancer(elb, made["lb"])
    assert made["listener"] in ids_of(list_listeners(elb))
    assert ids_of(show_pool(elb, made["pool"]).members) == [made["member"]]


# --- batch-delete -----------------------------------------------------------------------


def test_batch_delete_deletes_every_load_balancer_named(elb: Any) -> None:
    made = full_load_balancer(elb)
    plain = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)

    response = batch_delete_loadbalancers(elb, made["lb"], plain.id)

    assert response.status_code == 202
    assert response.loadbalancer_ids == [made["lb"], plain.id]
    assert_gone(elb, made)
    assert plain.id not in ids_of(list_load_balancers(elb))
    job = elb.show_job(elb_v3.ShowJobRequest(job_id=response.job_id)).job
    assert (job.job_type, job.status) == ("batchDeleteLoadbalancer", "COMPLETE")
    assert [sub.resource_id for sub in job.sub_jobs] == [made["lb"], plain.id]


def test_batch_delete_answers_202_in_the_sdk_shape(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/batch-delete", json={"loadbalancer_ids": [demo.LB]})
    body = assert_ok_response(response, 202)
    assert_json_model(body, elb_v3.BatchDeleteLoadbalancersResponse)
    assert body["loadbalancer_ids"] == [demo.LB]
    assert UUID.fullmatch(body["job_id"])


def test_batch_delete_of_an_id_named_twice_deletes_it_once(elb: Any) -> None:
    response = batch_delete_loadbalancers(elb, demo.LB, demo.LB)
    assert response.status_code == 202
    assert response.loadbalancer_ids == [demo.LB]


def test_batch_delete_with_unbounded_pool_false_keeps_the_pools_unbound(elb: Any) -> None:
    made = full_load_balancer(elb)
    batch_delete_loadbalancers(elb, made["lb"], unbounded_pool=False, public_ip=True)
    pool = show_pool(elb, made["pool"])
    assert (pool.loadbalancers, pool.listeners) == ([], [])
    assert ids_of(pool.members) == [made["member"]]


@pytest.mark.parametrize(
    ("protect", "message"),
    [
        pytest.param("loadbalancer", "deletion protection", id="load-balancer"),
        pytest.param("pool", demo.POOL, id="pool"),
    ],
)
def test_one_protected_load_balancer_refuses_the_whole_batch(
    elb: Any, http: httpx.Client, protect: str, message: str
) -> None:
    other = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    if protect == "loadbalancer":
        update_load_balancer(elb, demo.LB, deletion_protection_enable=True)
    else:
        update_pool(elb, demo.POOL, member_deletion_protection_enable=True)
    before = snapshot(http), elb.list_jobs(elb_v3.ListJobsRequest()).jobs
    assert_refused(
        lambda: batch_delete_loadbalancers(elb, other.id, demo.LB), 409, CONFLICT, message
    )
    assert (snapshot(http), elb.list_jobs(elb_v3.ListJobsRequest()).jobs) == before


def test_an_unknown_id_refuses_the_whole_batch(elb: Any, http: httpx.Client) -> None:
    before = snapshot(http)
    assert_refused(
        lambda: batch_delete_loadbalancers(elb, demo.LB, demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
        demo.UNKNOWN_ID,
    )
    assert snapshot(http) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({}, "loadbalancer_ids", id="no-ids"),
        pytest.param({"loadbalancer_ids": []}, "loadbalancer_ids", id="empty"),
        pytest.param({"loadbalancer_ids": [demo.LB] * 201}, "loadbalancer_ids", id="over-200"),
        pytest.param({"loadbalancer_ids": [""]}, "loadbalancer_ids", id="empty-id"),
        pytest.param({"loadbalancer_ids": demo.LB}, "loadbalancer_ids", id="not-a-list"),
        pytest.param({"loadbalancer_ids": [1]}, "loadbalancer_ids", id="not-a-string"),
        pytest.param(
            {"loadbalancer_ids": [demo.LB], "unbounded_pool": "yes"}, "unbounded_pool", id="bool"
        ),
        pytest.param({"loadbalancer_ids": [demo.LB], "force": True}, "force", id="unknown"),
    ],
)
def test_bad_batch_delete_bodies_are_refused(
    http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    response = http.post(f"{LOADBALANCERS}/batch-delete", json=body)
    assert_error_response(response, 400, INVALID_INPUT, field)
    assert snapshot(http) == before


def test_batch_delete_with_the_recycle_bin_on_puts_them_in_the_bin(elb: Any) -> None:
    enable_recycle_bin(elb)
    other = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    batch_delete_loadbalancers(elb, demo.LB, other.id)
    assert ids_of(list_recycle_bin(elb)) == sorted([demo.LB, other.id])
    assert demo.LISTENER in ids_of(list_listeners(elb, include_recycle_bin=True))
