"""Every operation mockelb emulates, once, through the official SDK: the developer loop's
guarantee that a quick run (`pytest -m "not slow"`) still touches the whole API.

The set of operations called is checked against the coverage table's implemented ones, so
an operation added to mockelb without a call here fails this test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import huaweicloudsdkelb.v3 as sdk

from tests import demo

ROOT = Path(__file__).resolve().parent.parent


class RecordingClient:
    """The ElbClient, recording the name of every operation called through it."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.called.add(name)
        return getattr(self.client, name)


def implemented_operations() -> set[str]:
    """The SDK operations that mockelb has a route for (scripts/coverage_table.py)."""
    spec = importlib.util.spec_from_file_location(
        "coverage_table", ROOT / "scripts" / "coverage_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    routes = set(module.app_routes())
    return {
        operation.name
        for operation in module.sdk_operations()
        if (operation.method, operation.path) in routes
    }


def check(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response
    return response


def test_every_emulated_operation_answers_through_the_sdk(elb: Any) -> None:
    client = RecordingClient(elb)
    load_balancer_id = walk_load_balancer(client)
    listener_id, pool_id = walk_listener_and_pool(client, load_balancer_id)
    walk_health_monitor(client, pool_id)
    walk_members(client, pool_id, listener_id)
    walk_account(client, load_balancer_id)
    tear_down(client, load_balancer_id, listener_id, pool_id)
    assert client.called == implemented_operations()


def walk_load_balancer(elb: RecordingClient) -> str:
    option = sdk.CreateLoadBalancerOption(
        name="every-op", availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET
    )
    body = sdk.CreateLoadBalancerRequestBody(loadbalancer=option)
    lb = check(elb.create_load_balancer(sdk.CreateLoadBalancerRequest(body=body)), 201)
    lb_id: str = lb.loadbalancer.id
    check(elb.show_load_balancer(sdk.ShowLoadBalancerRequest(loadbalancer_id=lb_id)))
    listed = check(elb.list_load_balancers(sdk.ListLoadBalancersRequest(id=[lb_id])))
    assert [item.id for item in listed.loadbalancers] == [lb_id]
    update = sdk.UpdateLoadBalancerRequestBody(
        loadbalancer=sdk.UpdateLoadBalancerOption(description="updated")
    )
    updated = elb.update_load_balancer(
        sdk.UpdateLoadBalancerRequest(loadbalancer_id=lb_id, body=update)
    )
    assert check(updated).loadbalancer.description == "updated"
    return lb_id


def walk_listener_and_pool(elb: RecordingClient, lb_id: str) -> tuple[str, str]:
    pool_option = sdk.CreatePoolOption(
        loadbalancer_id=lb_id, protocol="TCP", lb_algorithm="ROUND_ROBIN"
    )
    pool = elb.create_pool(sdk.CreatePoolRequest(body=sdk.CreatePoolRequestBody(pool=pool_option)))
    pool_id: str = check(pool, 201).pool.id
    listener_option = sdk.CreateListenerOption(
        loadbalancer_id=lb_id, protocol="TCP", protocol_port=8080, default_pool_id=pool_id
    )
    listener = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=listener_option))
    )
    listener_id: str = check(listener, 201).listener.id
    check(elb.show_listener(sdk.ShowListenerRequest(listener_id=listener_id)))
    check(elb.list_listeners(sdk.ListListenersRequest(loadbalancer_id=[lb_id])))
    rename = sdk.UpdateListenerRequestBody(listener=sdk.UpdateListenerOption(name="renamed"))
    renamed = elb.update_listener(sdk.UpdateListenerRequest(listener_id=listener_id, body=rename))
    assert check(renamed).listener.name == "renamed"
    check(elb.show_pool(sdk.ShowPoolRequest(pool_id=pool_id)))
    check(elb.list_pools(sdk.ListPoolsRequest(loadbalancer_id=[lb_id])))
    pool_update = sdk.UpdatePoolRequestBody(pool=sdk.UpdatePoolOption(name="renamed"))
    updated = elb.update_pool(sdk.UpdatePoolRequest(pool_id=pool_id, body=pool_update))
    assert check(updated).pool.name == "renamed"
    status = elb.show_load_balancer_status(sdk.ShowLoadBalancerStatusRequest(loadbalancer_id=lb_id))
    assert check(status).statuses.loadbalancer.id == lb_id
    return listener_id, pool_id


def walk_health_monitor(elb: RecordingClient, pool_id: str) -> None:
    option = sdk.CreateHealthMonitorOption(
        pool_id=pool_id, type="TCP", delay=5, timeout=3, max_retries=3
    )
    created = elb.create_health_monitor(
        sdk.CreateHealthMonitorRequest(
            body=sdk.CreateHealthMonitorRequestBody(healthmonitor=option)
        )
    )
    monitor_id: str = check(created, 201).healthmonitor.id
    check(elb.show_health_monitor(sdk.ShowHealthMonitorRequest(healthmonitor_id=monitor_id)))
    check(elb.list_health_monitors(sdk.ListHealthMonitorsRequest(id=[monitor_id])))
    update = sdk.UpdateHealthMonitorRequestBody(
        healthmonitor=sdk.UpdateHealthMonitorOption(delay=10)
    )
    updated = elb.update_health_monitor(
        sdk.UpdateHealthMonitorRequest(healthmonitor_id=monitor_id, body=update)
    )
    assert check(updated).healthmonitor.delay == 10
    check(
        elb.delete_health_monitor(sdk.DeleteHealthMonitorRequest(healthmonitor_id=monitor_id)),
        204,
    )


def walk_members(elb: RecordingClient, pool_id: str, listener_id: str) -> None:
    one = sdk.CreateMemberOption(
        address="192.168.0.10", protocol_port=80, subnet_cidr_id=demo.SUBNET
    )
    created = elb.create_member(
        sdk.CreateMemberRequest(pool_id=pool_id, body=sdk.CreateMemberRequestBody(member=one))
    )
    member_id: str = check(created, 201).member.id
    batch = [
        sdk.BatchCreateMembersOption(
            address=f"192.168.0.{20 + index}", protocol_port=80, subnet_cidr_id=demo.SUBNET
        )
        for index in range(3)
    ]
    added = elb.batch_create_members(
        sdk.BatchCreateMembersRequest(
            pool_id=pool_id, body=sdk.BatchCreateMembersRequestBody(members=batch)
        )
    )
    batch_ids = [member.id for member in check(added, 201).members]
    check(elb.show_member(sdk.ShowMemberRequest(pool_id=pool_id, member_id=member_id)))
    listed = check(elb.list_members(sdk.ListMembersRequest(pool_id=pool_id)))
    assert len(listed.members) == 4
    check(elb.list_all_members(sdk.ListAllMembersRequest(pool_id=[pool_id])))
    weight = sdk.UpdateMemberRequestBody(member=sdk.UpdateMemberOption(weight=5))
    updated = elb.update_member(
        sdk.UpdateMemberRequest(pool_id=pool_id, member_id=member_id, body=weight)
    )
    assert check(updated).member.weight == 5
    option = sdk.CreateMemberHealthCheckJobOption(listener_id=listener_id, subject="all")
    job = elb.create_member_health_check_job(
        sdk.CreateMemberHealthCheckJobRequest(
            member_id=member_id, body=sdk.CreateMemberHealthCheckJobRequestBody(member_check=option)
        )
    )
    job_id = check(job, 201).member_check.job_id
    shown = elb.show_member_health_check_job(sdk.ShowMemberHealthCheckJobRequest(job_id=job_id))
    assert check(shown).member_check.status == "processed"
    reweigh = [sdk.BatchUpdateMembersOption(id=member_id, weight=7) for member_id in batch_ids]
    check(
        elb.batch_update_members(
            sdk.BatchUpdateMembersRequest(
                pool_id=pool_id, body=sdk.BatchUpdateMembersRequestBody(members=reweigh)
            )
        )
    )
    remove = [sdk.BatchDeleteMembersOption(id=batch_ids[0])]
    check(
        elb.batch_delete_members(
            sdk.BatchDeleteMembersRequest(
                pool_id=pool_id, body=sdk.BatchDeleteMembersRequestBody(members=remove)
            )
        )
    )
    check(elb.delete_member(sdk.DeleteMemberRequest(pool_id=pool_id, member_id=member_id)), 204)


def walk_account(elb: RecordingClient, lb_id: str) -> None:
    flavors = check(elb.list_flavors(sdk.ListFlavorsRequest()))
    check(elb.show_flavor(sdk.ShowFlavorRequest(flavor_id=flavors.flavors[0].id)))
    check(elb.list_availability_zones(sdk.ListAvailabilityZonesRequest()))
    check(elb.show_quota(sdk.ShowQuotaRequest()))
    check(elb.list_quota_details(sdk.ListQuotaDetailsRequest()))
    versions = check(elb.list_api_versions(sdk.ListApiVersionsRequest()))
    assert versions.versions[0].id == "v3"


def tear_down(elb: RecordingClient, lb_id: str, listener_id: str, pool_id: str) -> None:
    """Each delete operation once: listeners (force, plain, batch), pools (cascade, plain,
    batch), the load balancer (plain, then another one in cascade)."""
    check(elb.delete_listener_force(sdk.DeleteListenerForceRequest(listener_id=listener_id)), 204)
    check(elb.delete_pool_cascade(sdk.DeletePoolCascadeRequest(pool_id=pool_id)), 204)
    spare = create_listener(elb, lb_id, 9001)
    check(elb.delete_listener(sdk.DeleteListenerRequest(listener_id=spare)), 204)
    listeners = sdk.BatchDeleteListenersRequestBody(
        listener_ids=[create_listener(elb, lb_id, 9002)]
    )
    check(elb.batch_delete_listeners(sdk.BatchDeleteListenersRequest(body=listeners)), 202)
    pools = sdk.BatchDeletePoolsRequestBody(pools=[create_pool(elb, lb_id)])
    check(elb.batch_delete_pools(sdk.BatchDeletePoolsRequest(body=pools)))
    check(elb.delete_pool(sdk.DeletePoolRequest(pool_id=create_pool(elb, lb_id))), 204)
    check(elb.delete_load_balancer(sdk.DeleteLoadBalancerRequest(loadbalancer_id=lb_id)), 204)
    cascade = sdk.DeleteLoadBalancerCascadeRequest(loadbalancer_id=walk_load_balancer(elb))
    check(elb.delete_load_balancer_cascade(cascade), 204)


def create_listener(elb: RecordingClient, lb_id: str, port: int) -> str:
    option = sdk.CreateListenerOption(loadbalancer_id=lb_id, protocol="UDP", protocol_port=port)
    response = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=option))
    )
    listener_id: str = check(response, 201).listener.id
    return listener_id


def create_pool(elb: RecordingClient, lb_id: str) -> str:
    option = sdk.CreatePoolOption(loadbalancer_id=lb_id, protocol="UDP", lb_algorithm="ROUND_ROBIN")
    response = elb.create_pool(sdk.CreatePoolRequest(body=sdk.CreatePoolRequestBody(pool=option)))
    pool_id: str = check(response, 201).pool.id
    return pool_id
