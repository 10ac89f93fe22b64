"""Pool rules found on the second reading: enterprise-project filters, a create without any
owner, any-port pools under a health monitor, and pools with monitors made through the API."""

from __future__ import annotations

from typing import Any

import httpx
from huaweicloudsdkelb.v3 import (
    BatchDeletePoolsRequest,
    BatchDeletePoolsRequestBody,
    CreateHealthMonitorOption,
    CreateHealthMonitorRequest,
    CreateHealthMonitorRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    DeletePoolCascadeRequest,
    DeletePoolRequest,
    ListHealthMonitorsRequest,
    ListPoolsRequest,
    ShowHealthMonitorRequest,
    ShowPoolRequest,
    UpdatePoolOption,
    UpdatePoolRequest,
    UpdatePoolRequestBody,
)

from tests import demo
from tests.sdk_checks import sdk_error

POOLS = f"/v3/{demo.PROJECT}/elb/pools"


def create_pool(elb: Any, **fields: Any) -> Any:
    body = CreatePoolRequestBody(pool=CreatePoolOption(**fields))
    return elb.create_pool(CreatePoolRequest(body=body)).pool


def tcp_pool(elb: Any, **fields: Any) -> Any:
    owner = {"loadbalancer_id": demo.LB_IP_TARGETS}
    return create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", **owner, **fields)


def add_monitor(elb: Any, pool_id: str, **fields: Any) -> str:
    option = CreateHealthMonitorOption(
        pool_id=pool_id, type="TCP", delay=5, timeout=3, max_retries=3, **fields
    )
    request = CreateHealthMonitorRequest(body=CreateHealthMonitorRequestBody(healthmonitor=option))
    monitor_id: str = elb.create_health_monitor(request).healthmonitor.id
    return monitor_id


def update_pool(elb: Any, pool_id: str, **fields: Any) -> Any:
    body = UpdatePoolRequestBody(pool=UpdatePoolOption(**fields))
    return elb.update_pool(UpdatePoolRequest(pool_id=pool_id, body=body)).pool


def list_ids(elb: Any, **query: Any) -> list[str]:
    return sorted(pool.id for pool in elb.list_pools(ListPoolsRequest(**query)).pools)


def monitor_ids(elb: Any) -> list[str]:
    return [m.id for m in elb.list_health_monitors(ListHealthMonitorsRequest()).healthmonitors]


# --- list: enterprise_project_id ----------------------------------------------------------


def test_all_granted_eps_lists_the_pools_of_every_enterprise_project(elb: Any) -> None:
    other = tcp_pool(elb, enterprise_project_id="a1b2c3d4-0000-4000-8000-000000000001").id

    everything = list_ids(elb, enterprise_project_id=["all_granted_eps"])
    default_only = list_ids(elb, enterprise_project_id=["0"])

    assert everything == sorted([*demo.ALL_POOLS, other])
    assert other not in default_only and len(default_only) == len(demo.ALL_POOLS)


# --- create: one of listener_id, loadbalancer_id, type ------------------------------------


def test_an_empty_type_alone_does_not_make_a_standalone_pool(http: httpx.Client) -> None:
    body = {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": ""}}

    response = http.post(POOLS, json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"
    assert len(http.get(POOLS).json()["pools"]) == len(demo.ALL_POOLS)


def test_an_empty_type_with_a_load_balancer_is_a_pool_of_any_type(http: httpx.Client) -> None:
    body = {
        "pool": {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB,
            "type": "",
        }
    }

    response = http.post(POOLS, json=body)

    assert response.status_code == 201, response.text
    assert response.json()["pool"]["type"] == ""


# --- update: any_port_enable under a health monitor ---------------------------------------


def test_any_port_is_refused_while_the_monitor_checks_member_ports(elb: Any) -> None:
    pool = tcp_pool(elb)
    add_monitor(elb, pool.id)

    error = sdk_error(lambda: update_pool(elb, pool.id, any_port_enable=True, name="changed"))

    assert (error.status_code, error.error_code) == (409, "ELB.8907"), error.error_msg
    shown = elb.show_pool(ShowPoolRequest(pool_id=pool.id)).pool
    assert (shown.any_port_enable, shown.name) == (False, "")


def test_any_port_is_accepted_under_a_monitor_with_its_own_port(elb: Any) -> None:
    pool = tcp_pool(elb)
    add_monitor(elb, pool.id, monitor_port=8080)

    assert update_pool(elb, pool.id, any_port_enable=True).any_port_enable is True


# --- delete, batch delete and cascade with a monitor made through the API -----------------


def test_a_monitor_made_through_the_api_blocks_delete_and_batch_delete(elb: Any) -> None:
    pool = tcp_pool(elb)
    monitor = add_monitor(elb, pool.id)

    error = sdk_error(lambda: elb.delete_pool(DeletePoolRequest(pool_id=pool.id)))
    body = BatchDeletePoolsRequestBody(pools=[pool.id])
    batch = elb.batch_delete_pools(BatchDeletePoolsRequest(body=body))

    assert (error.status_code, error.error_code) == (409, "ELB.8907")
    assert [(i.id, i.ret_status, i.ret_code) for i in batch.pools] == [
        (pool.id, "failed", "ELB.8907")
    ]
    assert list_ids(elb, healthmonitor_id=[monitor]) == [pool.id]


def test_cascade_removes_a_monitor_made_through_the_api(elb: Any) -> None:
    pool = tcp_pool(elb)
    monitor = add_monitor(elb, pool.id)

    response = elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool.id))

    assert response.status_code == 204
    error = sdk_error(
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor))
    )
    assert (error.status_code, error.error_code) == (404, "ELB.8904")
    assert monitor not in monitor_ids(elb)
    assert pool.id not in list_ids(elb)
