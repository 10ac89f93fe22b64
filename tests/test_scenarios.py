"""End-to-end client scenarios through the official SDK: the seams between resources.

Each test is one long flow the way real clients drive ELB: a Terraform-style build and
teardown (in dependency order, then with the cascades), a Kubernetes cloud-controller
reconcile loop, a listener moving between default pools, IP-type and dual-stack members,
marker paging over every list operation, and the member health that follows the pool's
load balancer and health monitor. Every step asserts the exact status and the state the
next step relies on, as seen from every other resource that shows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import huaweicloudsdkvpc.v2 as vpc_v2
import pytest
from huaweicloudsdkelb.v3 import (
    AzAffinity,
    BatchUpdateMembersOption,
    BatchUpdateMembersRequest,
    BatchUpdateMembersRequestBody,
    DeleteHealthMonitorRequest,
    DeleteListenerForceRequest,
    DeleteListenerRequest,
    DeleteLoadBalancerCascadeOption,
    DeleteLoadBalancerCascadeRequest,
    DeleteLoadBalancerCascadeRequestBody,
    DeleteLoadBalancerRequest,
    DeleteMemberRequest,
    DeletePoolCascadeRequest,
    DeletePoolRequest,
    ListAllMembersRequest,
    ListAvailabilityZonesRequest,
    ListFlavorsRequest,
    ListHealthMonitorsRequest,
    ListListenersRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    ListPoolsRequest,
    ListQuotaDetailsRequest,
    ShowHealthMonitorRequest,
    ShowListenerRequest,
    ShowLoadBalancerRequest,
    ShowLoadBalancerStatusRequest,
    ShowMemberRequest,
    ShowPoolRequest,
    UpdateHealthMonitorRequest,
    UpdatePoolRequest,
)

from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, IP_TARGET_NOT_ENABLED, NOT_FOUND
from tests.factories import (
    add_members,
    batch_delete_members,
    create_health_monitor,
    create_listener,
    create_load_balancer,
    create_member,
    create_pool,
    ids_of,
    list_all_members,
    list_health_monitors,
    list_listeners,
    list_load_balancers,
    list_members,
    list_pools,
    quota_used,
    show_health_monitor,
    show_listener,
    show_load_balancer,
    show_load_balancer_status,
    show_member,
    show_pool,
    update_health_monitor,
    update_listener,
    update_load_balancer,
    update_member,
    update_pool,
)
from tests.sdk_checks import assert_refused, pager, walk_backward, walk_forward

QUOTA_KEYS = ["loadbalancer", "listener", "pool", "healthmonitor", "member", "members_per_pool"]


# --- small SDK helpers ---------------------------------------------------------------------


def wait_active(elb: Any, lb_id: str, timeout: float = 10.0) -> Any:
    """Poll show_load_balancer until provisioning_status is ACTIVE (Terraform's waiter)."""
    deadline = time.monotonic() + timeout
    while True:
        lb = show_load_balancer(elb, lb_id)
        if lb.provisioning_status == "ACTIVE":
            return lb
        assert lb.provisioning_status in ("PENDING_CREATE", "PENDING_UPDATE")
        assert time.monotonic() < deadline, f"{lb_id} is still {lb.provisioning_status}"
        time.sleep(0.1)


def assert_gone(call: Callable[[], object]) -> None:
    assert_refused(call, 404, NOT_FOUND)


def member_statuses(member: Any) -> list[tuple[str, str]]:
    return [(status.listener_id, status.operating_status) for status in member.status or []]


# --- the Terraform-style stack ---------------------------------------------------------------


@dataclass
class Stack:
    """What a Terraform configuration creates: LB, listener, pool, health monitor, members."""

    lb: str
    listener: str
    pool: str
    hm: str
    members: list[str]
    addresses: list[str]
    subnet: str
    extra: dict[str, str] = field(default_factory=dict)


def discover(elb: Any, vpc: Any) -> tuple[list[str], str, str, str]:
    """What a Terraform data source reads first: AZs, flavors and the subnet by its CIDR."""
    zones = elb.list_availability_zones(ListAvailabilityZonesRequest())
    assert zones.status_code == 200
    # one AZ set, with the AZs that sell both L4 and L7 flavors
    az_set = zones.availability_zones[0]
    both = [az.code for az in az_set if {"L4", "L7"} <= set(az.protocol) and az.state == "ACTIVE"]
    assert both == [demo.AZ_1, demo.AZ_2]

    flavors = elb.list_flavors(ListFlavorsRequest())
    assert flavors.status_code == 200
    l4 = [f.id for f in flavors.flavors if f.type == "L4" and not f.flavor_sold_out]
    l7 = [f.id for f in flavors.flavors if f.type == "L7" and not f.flavor_sold_out]
    assert l4[0] == demo.L4_FLAVOR and l7[0] == demo.L7_FLAVOR
    only_l7 = elb.list_flavors(ListFlavorsRequest(type=["L7"]))
    assert {f.type for f in only_l7.flavors} == {"L7"}
    assert l7[0] in ids_of(only_l7.flavors)

    subnets = vpc.list_subnets(vpc_v2.ListSubnetsRequest(vpc_id=demo.VPC))
    assert subnets.status_code == 200
    by_cidr = {subnet.cidr: subnet for subnet in subnets.subnets}
    subnet = by_cidr["192.168.1.0/24"]
    assert subnet.vpc_id == demo.VPC
    assert subnet.neutron_subnet_id == demo.SUBNET_2
    return both, l4[0], l7[0], subnet.neutron_subnet_id


def build_stack(elb: Any, vpc: Any, name: str = "tf", port: int = 80) -> Stack:
    azs, l4, l7, subnet = discover(elb, vpc)
    created = create_load_balancer(
        elb,
        name=f"{name}-lb",
        vip_subnet_cidr_id=subnet,
        availability_zone_list=azs,
        l4_flavor_id=l4,
        l7_flavor_id=l7,
        vpc_id=demo.VPC,
    )
    assert created.vpc_id == demo.VPC
    assert created.vip_subnet_cidr_id == subnet
    assert created.vip_address.startswith("192.168.1.")
    assert (created.l4_flavor_id, created.l7_flavor_id) == (l4, l7)
    assert created.listeners == [] and created.pools == []
    assert created.ip_target_enable is False
    lb = wait_active(elb, created.id)
    assert lb.operating_status == "ONLINE"

    listener = create_listener(
        elb, loadbalancer_id=lb.id, protocol_port=port, name=f"{name}-listener"
    )
    assert ids_of(listener.loadbalancers) == [lb.id]
    assert listener.default_pool_id is None

    pool = create_pool(elb, listener_id=listener.id, name=f"{name}-pool")
    assert ids_of(pool.loadbalancers) == [lb.id]
    assert ids_of(pool.listeners) == [listener.id]
    assert pool.members == [] and not pool.healthmonitor_id
    assert show_listener(elb, listener.id).default_pool_id == pool.id

    hm = create_health_monitor(elb, pool_id=pool.id, name=f"{name}-hm")
    assert ids_of(hm.pools) == [pool.id]
    assert show_pool(elb, pool.id).healthmonitor_id == hm.id

    addresses = ["192.168.1.21", "192.168.1.22", "192.168.1.23"]
    added = add_members(
        elb,
        pool.id,
        *[
            {"address": address, "protocol_port": 8080, "subnet_cidr_id": subnet, "name": address}
            for address in addresses
        ],
    )
    assert [m.ret_status for m in added] == ["successful"] * 3
    assert [m.address for m in added] == addresses
    for member in added:
        # no cloud server has these addresses: OFFLINE behind a listener, monitor or not
        assert member.operating_status == "OFFLINE"
        assert member_statuses(member) == [(listener.id, "OFFLINE")]
        assert member.member_type == "instance"
        assert member.subnet_cidr_id == subnet
    return Stack(
        lb=lb.id,
        listener=listener.id,
        pool=pool.id,
        hm=hm.id,
        members=[m.id for m in added],
        addresses=addresses,
        subnet=subnet,
    )


def assert_tree(elb: Any, stack: Stack, member_status: str, with_hm: bool) -> Any:
    """The status tree: listener -> default pool -> members (and monitor), and the LB's pools."""
    tree = show_load_balancer_status(elb, stack.lb)
    assert tree.id == stack.lb
    assert tree.provisioning_status == "ACTIVE"
    assert ids_of(tree.listeners) == [stack.listener]
    (listener,) = tree.listeners
    assert ids_of(listener.pools) == [stack.pool]
    (pool,) = listener.pools
    assert sorted(ids_of(pool.members)) == sorted(stack.members)
    assert {m.operating_status for m in pool.members} == {member_status}
    # a member OFFLINE degrades its pool, its listener and its load balancer
    degraded = "DEGRADED" if member_status == "OFFLINE" else "ONLINE"
    assert (tree.operating_status, listener.operating_status) == (degraded, degraded)
    assert pool.operating_status == degraded
    assert {(m.address, m.protocol_port) for m in pool.members} == {
        (address, 8080) for address in stack.addresses
    }
    if with_hm:
        assert pool.healthmonitor is not None
        assert (pool.healthmonitor.id, pool.healthmonitor.type) == (stack.hm, "TCP")
    else:
        assert pool.healthmonitor is None
    assert ids_of(tree.pools) == [stack.pool]
    return tree


# --- 1. Terraform: build, update, read back, ordered teardown --------------------------------


def test_terraform_build_update_filter_and_ordered_teardown(elb: Any, vpc: Any) -> None:
    before = quota_used(elb, *QUOTA_KEYS)
    stack = build_stack(elb, vpc)

    lb = show_load_balancer(elb, stack.lb)
    assert ids_of(lb.listeners) == [stack.listener]
    assert ids_of(lb.pools) == [stack.pool]
    pool = show_pool(elb, stack.pool)
    assert sorted(ids_of(pool.members)) == sorted(stack.members)
    assert_tree(elb, stack, "OFFLINE", with_hm=True)

    # --- updates, each visible in show and in list
    listener = update_listener(
        elb, stack.listener, name="tf-listener-2", description="edge", keepalive_timeout=120
    )
    assert (listener.name, listener.description, listener.keepalive_timeout) == (
        "tf-listener-2",
        "edge",
        120,
    )
    assert show_listener(elb, stack.listener).name == "tf-listener-2"
    (listed,) = list_listeners(elb, id=[stack.listener])
    assert (listed.name, listed.keepalive_timeout, listed.default_pool_id) == (
        "tf-listener-2",
        120,
        stack.pool,
    )

    pool = update_pool(elb, stack.pool, name="tf-pool-2", lb_algorithm="LEAST_CONNECTIONS")
    assert (pool.name, pool.lb_algorithm) == ("tf-pool-2", "LEAST_CONNECTIONS")
    assert ids_of(pool.listeners) == [stack.listener]
    assert show_pool(elb, stack.pool).lb_algorithm == "LEAST_CONNECTIONS"
    (listed_pool,) = list_pools(elb, id=[stack.pool])
    assert (listed_pool.name, listed_pool.healthmonitor_id) == ("tf-pool-2", stack.hm)

    updated = update_member(elb, stack.pool, stack.members[0], weight=7, name="web-1")
    assert (updated.weight, updated.name) == (7, "web-1")
    assert member_statuses(updated) == [(stack.listener, "OFFLINE")]
    assert show_member(elb, stack.pool, stack.members[0]).weight == 7
    (listed_member,) = list_members(elb, stack.pool, id=[stack.members[0]])
    assert (listed_member.weight, listed_member.name) == (7, "web-1")
    assert ids_of(list_members(elb, stack.pool, weight=[7])) == [stack.members[0]]
    assert ids_of(list_all_members(elb, weight=[7])) == [stack.members[0]]

    hm = update_health_monitor(elb, stack.hm, delay=10, max_retries=5, name="tf-hm-2")
    assert (hm.delay, hm.max_retries, hm.name, hm.timeout) == (10, 5, "tf-hm-2", 3)
    assert show_health_monitor(elb, stack.hm).delay == 10
    (listed_hm,) = list_health_monitors(elb, id=[stack.hm])
    assert (listed_hm.delay, listed_hm.name, ids_of(listed_hm.pools)) == (
        10,
        "tf-hm-2",
        [stack.pool],
    )

    lb = update_load_balancer(elb, stack.lb, name="tf-lb-2", description="managed by terraform")
    assert (lb.name, lb.description) == ("tf-lb-2", "managed by terraform")
    assert ids_of(lb.listeners) == [stack.listener] and ids_of(lb.pools) == [stack.pool]
    lb = wait_active(elb, stack.lb)
    assert lb.name == "tf-lb-2"
    (listed_lb,) = list_load_balancers(elb, id=[stack.lb])
    assert (listed_lb.name, listed_lb.description) == ("tf-lb-2", "managed by terraform")
    assert show_load_balancer_status(elb, stack.lb).name == "tf-lb-2"

    # --- every list filter finds the stack by the ids just created
    assert ids_of(list_pools(elb, loadbalancer_id=[stack.lb])) == [stack.pool]
    assert ids_of(list_pools(elb, listener_id=[stack.listener])) == [stack.pool]
    assert ids_of(list_pools(elb, member_address=[stack.addresses[1]])) == [stack.pool]
    assert ids_of(list_pools(elb, healthmonitor_id=[stack.hm])) == [stack.pool]
    assert ids_of(list_listeners(elb, loadbalancer_id=[stack.lb])) == [stack.listener]
    assert ids_of(list_listeners(elb, default_pool_id=[stack.pool])) == [stack.listener]
    assert ids_of(list_listeners(elb, member_address=[stack.addresses[2]])) == [stack.listener]
    by_pool = list_all_members(elb, pool_id=[stack.pool])
    assert sorted(ids_of(by_pool)) == sorted(stack.members)
    by_lb = list_all_members(elb, loadbalancer_id=[stack.lb])
    assert sorted(ids_of(by_lb)) == sorted(stack.members)
    for member in by_lb:
        assert (member.pool_id, member.loadbalancer_id) == (stack.pool, stack.lb)
        assert ids_of(member.loadbalancers) == [stack.lb]
        assert member.operating_status == "OFFLINE"
    assert ids_of(list_all_members(elb, address=[stack.addresses[0]])) == [stack.members[0]]
    assert ids_of(list_health_monitors(elb, id=[stack.hm])) == [stack.hm]
    assert stack.hm in ids_of(list_health_monitors(elb))
    assert ids_of(list_load_balancers(elb, vip_subnet_cidr_id=[stack.subnet])) == [stack.lb]
    assert ids_of(list_members(elb, stack.pool, operating_status=["OFFLINE"])) == sorted(
        stack.members
    )

    # --- quotas count what was built
    after = quota_used(elb, *QUOTA_KEYS)
    assert after == {
        "loadbalancer": before["loadbalancer"] + 1,
        "listener": before["listener"] + 1,
        "pool": before["pool"] + 1,
        "healthmonitor": before["healthmonitor"] + 1,
        "member": before["member"] + 3,
        "members_per_pool": max(before["members_per_pool"], 3),
    }

    # --- teardown in the wrong order first: every refusal
    assert_refused(
        lambda: elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=stack.lb)),
        409,
        CONFLICT,
    )
    assert_refused(lambda: elb.delete_pool(DeletePoolRequest(pool_id=stack.pool)), 409, CONFLICT)
    assert_refused(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=stack.listener)),
        409,
        CONFLICT,
    )
    # nothing moved
    assert_tree(elb, stack, "OFFLINE", with_hm=True)

    # health monitor first: the members stop being checked
    deleted = elb.delete_health_monitor(DeleteHealthMonitorRequest(healthmonitor_id=stack.hm))
    assert deleted.status_code == 204
    assert_gone(
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=stack.hm))
    )
    assert not show_pool(elb, stack.pool).healthmonitor_id
    assert list_health_monitors(elb, id=[stack.hm]) == []
    member = show_member(elb, stack.pool, stack.members[0])
    assert member.operating_status == "OFFLINE"  # still no cloud server
    assert member_statuses(member) == [(stack.listener, "OFFLINE")]
    assert_tree(elb, stack, "OFFLINE", with_hm=False)

    # the pool still has members
    assert_refused(lambda: elb.delete_pool(DeletePoolRequest(pool_id=stack.pool)), 409, CONFLICT)

    # members: one by one, then the rest in a batch
    deleted = elb.delete_member(DeleteMemberRequest(pool_id=stack.pool, member_id=stack.members[0]))
    assert deleted.status_code == 204
    assert_gone(
        lambda: elb.show_member(ShowMemberRequest(pool_id=stack.pool, member_id=stack.members[0]))
    )
    response = batch_delete_members(
        elb, stack.pool, *[{"id": member_id} for member_id in stack.members[1:]]
    )
    assert response.status_code == 200
    assert [(m.id, m.ret_status) for m in response.members] == [
        (member_id, "successful") for member_id in stack.members[1:]
    ]
    assert list_members(elb, stack.pool) == []
    assert show_pool(elb, stack.pool).members == []
    (listener_status,) = show_load_balancer_status(elb, stack.lb).listeners
    assert ids_of(listener_status.pools) == [stack.pool]
    assert listener_status.pools[0].members == []

    deleted = elb.delete_pool(DeletePoolRequest(pool_id=stack.pool))
    assert deleted.status_code == 204
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=stack.pool)))
    assert show_listener(elb, stack.listener).default_pool_id is None
    assert ids_of(show_load_balancer(elb, stack.lb).pools) == []
    assert list_pools(elb, listener_id=[stack.listener]) == []

    # the listener still holds the load balancer
    assert_refused(
        lambda: elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=stack.lb)),
        409,
        CONFLICT,
    )
    deleted = elb.delete_listener(DeleteListenerRequest(listener_id=stack.listener))
    assert deleted.status_code == 204
    assert_gone(lambda: elb.show_listener(ShowListenerRequest(listener_id=stack.listener)))
    assert ids_of(show_load_balancer(elb, stack.lb).listeners) == []
    assert show_load_balancer_status(elb, stack.lb).listeners == []

    deleted = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=stack.lb))
    assert deleted.status_code == 204

    # --- everything gone, everywhere
    assert_stack_gone(elb, stack)
    assert quota_used(elb, *QUOTA_KEYS) == before


def assert_stack_gone(elb: Any, stack: Stack) -> None:
    assert_gone(lambda: elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=stack.lb)))
    assert_gone(
        lambda: elb.show_load_balancer_status(
            ShowLoadBalancerStatusRequest(loadbalancer_id=stack.lb)
        )
    )
    assert_gone(lambda: elb.show_listener(ShowListenerRequest(listener_id=stack.listener)))
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=stack.pool)))
    assert_gone(
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=stack.hm))
    )
    assert_gone(lambda: elb.list_members(ListMembersRequest(pool_id=stack.pool)))
    for member_id in stack.members:
        assert_gone(
            lambda member_id=member_id: elb.show_member(
                ShowMemberRequest(pool_id=stack.pool, member_id=member_id)
            )
        )
    assert list_load_balancers(elb, id=[stack.lb]) == []
    assert list_listeners(elb, loadbalancer_id=[stack.lb]) == []
    assert list_listeners(elb, id=[stack.listener]) == []
    assert list_pools(elb, loadbalancer_id=[stack.lb]) == []
    assert list_pools(elb, id=[stack.pool]) == []
    assert list_health_monitors(elb, id=[stack.hm]) == []
    assert list_all_members(elb, pool_id=[stack.pool]) == []
    assert list_all_members(elb, loadbalancer_id=[stack.lb]) == []
    assert list_all_members(elb, id=stack.members) == []
    for address in stack.addresses:
        assert list_all_members(elb, address=[address]) == []
        assert list_pools(elb, member_address=[address]) == []


# --- 2. Terraform: the same build torn down with the cascades --------------------------------


def test_terraform_teardown_with_the_cascades(elb: Any, vpc: Any) -> None:
    before = quota_used(elb, *QUOTA_KEYS)
    stack = build_stack(elb, vpc)

    # a second listener with its own pool, monitor and members, and a pool on the LB only
    listener_2 = create_listener(
        elb, loadbalancer_id=stack.lb, protocol_port=81, name="tf-listener-81"
    )
    pool_2 = create_pool(elb, listener_id=listener_2.id, name="tf-pool-81")
    hm_2 = create_health_monitor(elb, pool_id=pool_2.id)
    members_2 = add_members(
        elb,
        pool_2.id,
        {"address": "192.168.1.31", "protocol_port": 81, "subnet_cidr_id": stack.subnet},
    )
    pool_3 = create_pool(elb, loadbalancer_id=stack.lb, name="tf-pool-spare")
    hm_3 = create_health_monitor(elb, pool_id=pool_3.id)
    members_3 = add_members(
        elb,
        pool_3.id,
        {"address": "192.168.1.41", "protocol_port": 90, "subnet_cidr_id": stack.subnet},
    )
    # a pool on the LB but behind no listener: checked by its monitor all the same
    assert members_3[0].operating_status == "INITIAL"
    assert members_3[0].status == []
    lb = show_load_balancer(elb, stack.lb)
    assert sorted(ids_of(lb.listeners)) == sorted([stack.listener, listener_2.id])
    assert sorted(ids_of(lb.pools)) == sorted([stack.pool, pool_2.id, pool_3.id])
    assert quota_used(elb, *QUOTA_KEYS)["member"] == before["member"] + 5

    # delete_listener_force: the listener goes, its default pool is only unbound
    # (DeleteListenerForce: "删除监听器、转发策略等，解绑后端服务器组")
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=stack.listener))
    assert response.status_code == 204
    assert_gone(lambda: elb.show_listener(ShowListenerRequest(listener_id=stack.listener)))
    pool = show_pool(elb, stack.pool)
    assert pool.listeners == []
    assert ids_of(pool.loadbalancers) == [stack.lb]
    assert sorted(ids_of(pool.members)) == sorted(stack.members)
    assert pool.healthmonitor_id == stack.hm
    assert list_pools(elb, listener_id=[stack.listener]) == []
    for member in list_members(elb, stack.pool):
        assert (member.operating_status, member.status) == ("INITIAL", [])
    lb = show_load_balancer(elb, stack.lb)
    assert ids_of(lb.listeners) == [listener_2.id]
    assert sorted(ids_of(lb.pools)) == sorted([stack.pool, pool_2.id, pool_3.id])
    tree = show_load_balancer_status(elb, stack.lb)
    assert ids_of(tree.listeners) == [listener_2.id]
    assert sorted(ids_of(tree.pools)) == sorted([stack.pool, pool_2.id, pool_3.id])
    used = quota_used(elb, *QUOTA_KEYS)
    assert used["listener"] == before["listener"] + 1
    assert used["pool"] == before["pool"] + 3
    assert used["member"] == before["member"] + 5

    # delete_pool_cascade: the unbound pool with its members and monitor
    response = elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=stack.pool))
    assert response.status_code == 204
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=stack.pool)))
    assert_gone(
        lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=stack.hm))
    )
    assert list_all_members(elb, pool_id=[stack.pool]) == []
    assert list_all_members(elb, id=stack.members) == []
    assert list_pools(elb, member_address=[stack.addresses[0]]) == []
    used = quota_used(elb, *QUOTA_KEYS)
    assert used["pool"] == before["pool"] + 2
    assert used["healthmonitor"] == before["healthmonitor"] + 2
    assert used["member"] == before["member"] + 2

    # the spare pool, on the LB behind no listener, stays for the LB cascade
    assert sorted(ids_of(show_load_balancer(elb, stack.lb).pools)) == sorted([pool_2.id, pool_3.id])
    assert sorted(ids_of(show_load_balancer_status(elb, stack.lb).pools)) == sorted(
        [pool_2.id, pool_3.id]
    )

    # a plain delete still refuses: the LB has a listener
    assert_refused(
        lambda: elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=stack.lb)),
        409,
        CONFLICT,
    )

    # delete_load_balancer_cascade: everything that is left
    response = elb.delete_load_balancer_cascade(
        DeleteLoadBalancerCascadeRequest(
            loadbalancer_id=stack.lb,
            body=DeleteLoadBalancerCascadeRequestBody(
                loadbalancer=DeleteLoadBalancerCascadeOption(unbounded_pool=True)
            ),
        )
    )
    assert response.status_code == 204
    assert_gone(lambda: elb.show_listener(ShowListenerRequest(listener_id=listener_2.id)))
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=pool_2.id)))
    assert_gone(lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=hm_2.id)))
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=pool_3.id)))
    assert_gone(lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=hm_3.id)))
    assert list_all_members(elb, id=ids_of(members_2) + ids_of(members_3)) == []
    assert_stack_gone(elb, stack)
    assert list_health_monitors(elb, id=[stack.hm, hm_2.id, hm_3.id]) == []
    assert list_pools(elb, id=[stack.pool, pool_2.id, pool_3.id]) == []
    assert list_listeners(elb, id=[stack.listener, listener_2.id]) == []
    assert quota_used(elb, *QUOTA_KEYS) == before
    # the demo data is untouched
    assert ids_of(list_load_balancers(elb)) == sorted([demo.LB, demo.LB_IP_TARGETS])
    assert sorted(ids_of(list_pools(elb))) == sorted(demo.ALL_POOLS)


# --- 3. Kubernetes cloud controller: reconcile a Service ------------------------------------

NODES = [
    ("192.168.0.10", demo.SUBNET),
    ("192.168.0.11", demo.SUBNET),
    ("192.168.1.12", demo.SUBNET_2),
]
NODE_PORT = 30080


def ensure_member(elb: Any, pool_id: str, address: str, subnet: str) -> str:
    """The CCM's idempotent create: a 409 means the member is already there."""
    try:
        member = create_member(
            elb, pool_id, address=address, protocol_port=NODE_PORT, subnet_cidr_id=subnet
        )
    except Exception as error:  # noqa: BLE001 - the SDK's ClientRequestException
        assert (error.status_code, error.error_code) == (409, CONFLICT)  # type: ignore[attr-defined]
        (found,) = list_members(elb, pool_id, address=[address], protocol_port=[NODE_PORT])
        return str(found.id)
    return str(member.id)


def test_kubernetes_ccm_reconcile(elb: Any) -> None:
    lb_id = demo.LB
    # ensure the listener: the Service port 443/TCP is new on this load balancer
    existing = list_listeners(elb, loadbalancer_id=[lb_id], protocol_port=[8443])
    assert existing == []
    listener = create_listener(
        elb, loadbalancer_id=lb_id, protocol_port=8443, name="k8s-default-web-8443"
    )
    # a retry after a timeout: the port is taken, the controller finds the listener instead
    assert_refused(
        lambda: create_listener(elb, loadbalancer_id=lb_id, protocol_port=8443), 409, CONFLICT
    )
    (found,) = list_listeners(elb, loadbalancer_id=[lb_id], protocol_port=[8443])
    assert found.id == listener.id

    # ensure the pool: none behind the new listener yet
    assert list_pools(elb, listener_id=[listener.id]) == []
    pool = create_pool(elb, listener_id=listener.id, name="k8s-default-web-8443")
    assert ids_of(list_pools(elb, listener_id=[listener.id])) == [pool.id]
    assert_refused(lambda: create_pool(elb, listener_id=listener.id), 409, CONFLICT)

    # ensure the members, twice: the second pass creates nothing
    first = [ensure_member(elb, pool.id, address, subnet) for address, subnet in NODES]
    second = [ensure_member(elb, pool.id, address, subnet) for address, subnet in NODES]
    assert first == second
    members = {m.address: m for m in list_members(elb, pool.id)}
    assert sorted(members) == sorted(address for address, _ in NODES)
    ecs = members["192.168.0.10"]
    assert (ecs.instance_id, ecs.admin_state_up, ecs.availability_zone) == (
        demo.ECS_1,
        True,
        demo.AZ_1,
    )
    assert members["192.168.0.11"].admin_state_up is False
    # no monitor; the node that is no cloud server is OFFLINE
    for address, status in (("192.168.0.10", "NO_MONITOR"), ("192.168.0.11", "OFFLINE")):
        assert members[address].operating_status == status
        assert member_statuses(members[address]) == [(listener.id, status)]
    assert sorted(ids_of(show_pool(elb, pool.id).members)) == sorted(first)
    # the same endpoint through batch-add is "existed", with the member's id
    (again,) = add_members(
        elb,
        pool.id,
        {"address": "192.168.0.11", "protocol_port": NODE_PORT, "subnet_cidr_id": demo.SUBNET},
    )
    assert (again.id, again.ret_status) == (first[1], "existed")

    # the filters the controller lists by
    assert ids_of(list_members(elb, pool.id, address=["192.168.0.11"])) == [first[1]]
    assert ids_of(list_members(elb, pool.id, protocol_port=[NODE_PORT])) == sorted(first)
    assert list_members(elb, pool.id, protocol_port=[NODE_PORT + 1]) == []
    assert sorted(
        ids_of(list_members(elb, pool.id, address=["192.168.0.10", "192.168.1.12"]))
    ) == sorted([first[0], first[2]])
    assert ids_of(list_members(elb, pool.id, subnet_cidr_id=[demo.SUBNET_2])) == [first[2]]
    assert ids_of(list_members(elb, pool.id, instance_id=[demo.ECS_1])) == [first[0]]
    assert ids_of(list_pools(elb, member_device_id=[demo.ECS_1])) == [pool.id]
    assert ids_of(list_listeners(elb, member_address=["192.168.1.12"])) == [listener.id]

    # a node left the cluster: delete by address and port, then again (already gone)
    response = batch_delete_members(
        elb, pool.id, {"address": "192.168.1.12", "protocol_port": NODE_PORT}
    )
    assert response.status_code == 200
    assert [(m.id, m.ret_status) for m in response.members] == [(first[2], "successful")]
    response = batch_delete_members(
        elb, pool.id, {"address": "192.168.1.12", "protocol_port": NODE_PORT}
    )
    assert response.status_code == 200
    assert [m.ret_status for m in response.members] == ["not found"]
    assert list_members(elb, pool.id, address=["192.168.1.12"]) == []
    assert sorted(ids_of(show_pool(elb, pool.id).members)) == sorted(first[:2])

    # weights from the endpoints' pod counts
    response = elb.batch_update_members(
        BatchUpdateMembersRequest(
            pool_id=pool.id,
            body=BatchUpdateMembersRequestBody(
                members=[
                    BatchUpdateMembersOption(id=first[0], weight=3),
                    BatchUpdateMembersOption(id=first[1], weight=0),
                ]
            ),
        )
    )
    assert response.status_code == 200
    assert [(m.id, m.weight) for m in response.members] == [(first[0], 3), (first[1], 0)]
    assert {m.id: m.weight for m in list_members(elb, pool.id)} == {first[0]: 3, first[1]: 0}
    assert ids_of(list_members(elb, pool.id, weight=[0])) == [first[1]]
    assert ids_of(list_all_members(elb, pool_id=[pool.id], weight=[3])) == [first[0]]

    # member deletion protection blocks every removal until it is turned off
    protected = update_pool(elb, pool.id, member_deletion_protection_enable=True)
    assert protected.member_deletion_protection_enable is True
    assert ids_of(list_pools(elb, member_deletion_protection_enable=True)) == [pool.id]
    conflict = (409, CONFLICT)
    for call in (
        lambda: elb.delete_member(DeleteMemberRequest(pool_id=pool.id, member_id=first[0])),
        lambda: batch_delete_members(elb, pool.id, {"id": first[0]}),
        lambda: batch_delete_members(
            elb, pool.id, {"address": "192.168.0.10", "protocol_port": NODE_PORT}
        ),
        lambda: elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool.id)),
    ):
        assert_refused(call, *conflict)
    assert sorted(ids_of(list_members(elb, pool.id))) == sorted(first[:2])
    # adding and updating are still allowed under protection
    assert ensure_member(elb, pool.id, "192.168.1.12", demo.SUBNET_2) != first[2]
    update_member(elb, pool.id, first[0], weight=4)  # answered 200

    unprotected = update_pool(elb, pool.id, member_deletion_protection_enable=False)
    assert unprotected.member_deletion_protection_enable is False
    deleted = elb.delete_member(DeleteMemberRequest(pool_id=pool.id, member_id=first[0]))
    assert deleted.status_code == 204
    # the Service is deleted: the listener goes (its pool is only unbound), then the pool
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=listener.id))
    assert response.status_code == 204
    assert_gone(lambda: elb.show_listener(ShowListenerRequest(listener_id=listener.id)))
    left = show_pool(elb, pool.id)
    assert left.listeners == [] and len(left.members) == 2
    assert {m.status == [] for m in list_members(elb, pool.id)} == {True}
    response = elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool.id))
    assert response.status_code == 204
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=pool.id)))
    assert list_all_members(elb, pool_id=[pool.id]) == []
    assert ids_of(show_load_balancer(elb, lb_id).listeners) == [demo.LISTENER]
    assert ids_of(show_load_balancer_status(elb, lb_id).listeners) == [demo.LISTENER]


# --- 4. a listener that changes its default pool -------------------------------------------


def test_listener_moves_between_default_pools(elb: Any) -> None:
    lb_id, listener_id, old_pool = demo.LB, demo.LISTENER, demo.POOL
    (old_member,) = add_members(
        elb,
        old_pool,
        {"address": "192.168.0.51", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    # no cloud server at the old member's address: OFFLINE behind a listener
    assert member_statuses(old_member) == [(listener_id, "OFFLINE")]
    new_pool = create_pool(elb, loadbalancer_id=lb_id, name="blue-green")
    assert new_pool.listeners == []
    create_health_monitor(elb, pool_id=new_pool.id)
    (new_member,) = add_members(
        elb,
        new_pool.id,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    assert new_member.instance_id == demo.ECS_1
    assert new_member.operating_status == "INITIAL"
    assert new_member.status == []

    # switch: the listener now forwards to the new pool
    listener = update_listener(elb, listener_id, default_pool_id=new_pool.id)
    assert listener.default_pool_id == new_pool.id
    assert show_listener(elb, listener_id).default_pool_id == new_pool.id
    assert ids_of(show_pool(elb, new_pool.id).listeners) == [listener_id]
    assert ids_of(show_pool(elb, old_pool).listeners) == []
    assert ids_of(show_pool(elb, old_pool).loadbalancers) == [lb_id]
    assert ids_of(list_pools(elb, listener_id=[listener_id])) == [new_pool.id]
    assert ids_of(list_listeners(elb, default_pool_id=[new_pool.id])) == [listener_id]
    assert list_listeners(elb, default_pool_id=[old_pool]) == []
    tree = show_load_balancer_status(elb, lb_id)
    (listener_status,) = tree.listeners
    assert ids_of(listener_status.pools) == [new_pool.id]
    assert ids_of(listener_status.pools[0].members) == [new_member.id]
    assert sorted(ids_of(tree.pools)) == sorted([old_pool, new_pool.id])
    moved = show_member(elb, new_pool.id, new_member.id)
    assert member_statuses(moved) == [(listener_id, "INITIAL")]
    left = show_member(elb, old_pool, old_member.id)
    assert left.status == []
    assert left.operating_status == "NO_MONITOR"
    (info,) = list_all_members(elb, id=[new_member.id])
    assert member_statuses(info) == [(listener_id, "INITIAL")]
    assert ids_of(list_listeners(elb, member_address=["192.168.0.10"])) == [listener_id]
    assert list_listeners(elb, member_address=["192.168.0.51"]) == []

    # unbind (Terraform sends null when default_pool_id is removed from the configuration)
    listener = update_listener(elb, listener_id, body={"listener": {"default_pool_id": None}})
    assert listener.default_pool_id is None
    assert show_listener(elb, listener_id).default_pool_id is None
    assert ids_of(show_pool(elb, new_pool.id).listeners) == []
    # unbinding leaves the pool on the load balancer
    assert ids_of(show_pool(elb, new_pool.id).loadbalancers) == [lb_id]
    assert sorted(ids_of(show_load_balancer(elb, lb_id).pools)) == sorted([old_pool, new_pool.id])
    assert list_pools(elb, listener_id=[listener_id]) == []
    tree = show_load_balancer_status(elb, lb_id)
    assert ids_of(tree.listeners) == [listener_id]
    assert tree.listeners[0].pools == []
    assert sorted(ids_of(tree.pools)) == sorted([old_pool, new_pool.id])
    unbound = show_member(elb, new_pool.id, new_member.id)
    assert unbound.status == []
    assert unbound.operating_status == "INITIAL"
    assert list_all_members(elb, id=[new_member.id])[0].status == []

    # and back to the old pool
    update_listener(elb, listener_id, default_pool_id=old_pool)
    assert member_statuses(show_member(elb, old_pool, old_member.id)) == [(listener_id, "OFFLINE")]
    assert ids_of(list_pools(elb, listener_id=[listener_id])) == [old_pool]
    # a listener whose default pool has members cannot be deleted; without one it can
    assert_refused(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=listener_id)), 409, CONFLICT
    )
    update_listener(elb, listener_id, default_pool_id=new_pool.id)
    batch_delete_members(elb, new_pool.id, {"id": new_member.id})
    assert elb.delete_listener(DeleteListenerRequest(listener_id=listener_id)).status_code == 204
    assert ids_of(show_pool(elb, new_pool.id).listeners) == []
    assert ids_of(show_pool(elb, new_pool.id).loadbalancers) == [lb_id]
    assert show_member(elb, old_pool, old_member.id).status == []


# --- 5. IP-type and dual-stack members behind ip_target_enable ------------------------------


def test_ip_targets_az_affinity_and_dual_stack(elb: Any) -> None:
    lb_id = demo.LB
    assert show_load_balancer(elb, lb_id).ip_target_enable is False
    pool = create_pool(
        elb,
        loadbalancer_id=lb_id,
        name="ip-targets",
        ip_version="dualstack",
        az_affinity=AzAffinity(enable=True, az_minimum_healthy_member_percentage=50),
    )
    assert pool.az_affinity.enable is True
    assert pool.ip_version == "dualstack"
    assert ids_of(list_pools(elb, az_affinity=["enable=true"], loadbalancer_id=[lb_id])) == [
        pool.id
    ]

    # the load balancer does not take IP targets yet
    ip_member = {"address": "10.1.0.5", "protocol_port": 80, "availability_zone": demo.AZ_1}
    assert_refused(lambda: add_members(elb, pool.id, ip_member), 400, IP_TARGET_NOT_ENABLED)
    assert_refused(lambda: create_member(elb, pool.id, **ip_member), 400, IP_TARGET_NOT_ENABLED)

    lb = update_load_balancer(elb, lb_id, ip_target_enable=True)
    assert lb.ip_target_enable is True
    assert show_load_balancer(elb, lb_id).ip_target_enable is True
    assert list_load_balancers(elb, id=[lb_id])[0].ip_target_enable is True

    # AZ affinity: IP targets name their AZ
    assert_refused(
        lambda: add_members(elb, pool.id, {"address": "10.1.0.6", "protocol_port": 80}),
        400,
        INVALID_INPUT,
    )
    added = add_members(
        elb,
        pool.id,
        ip_member,
        {"address": "172.16.5.5", "protocol_port": 80, "availability_zone": demo.AZ_2},
        {
            "address": "192.168.2.10",
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_SUBNET,
        },
        {
            "address": "2001:db8:a583:2::10",
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_NETWORK,
        },
    )
    assert [m.ret_status for m in added] == ["successful"] * 4
    ip_1, ip_2, v4, v6 = added
    for member in (ip_1, ip_2):
        assert (member.member_type, member.subnet_cidr_id, member.instance_id) == ("ip", None, "")
    for member in (v4, v6):
        assert (member.member_type, member.instance_id) == ("instance", demo.ECS_2)
    assert v6.subnet_cidr_id == demo.DUALSTACK_NETWORK
    single = create_member(
        elb, pool.id, address="10.1.0.7", protocol_port=80, availability_zone=demo.AZ_2
    )
    assert (
        single.member_type,
        single.availability_zone,
        single.ip_version,
    ) == (
        "ip",
        demo.AZ_2,
        "v4",
    )

    # the member filters by type, AZ and IP version
    assert sorted(ids_of(list_members(elb, pool.id, member_type=["ip"]))) == sorted(
        [ip_1.id, ip_2.id, single.id]
    )
    assert sorted(ids_of(list_members(elb, pool.id, member_type=["instance"]))) == sorted(
        [v4.id, v6.id]
    )
    assert ids_of(list_members(elb, pool.id, ip_version=["v6"])) == [v6.id]
    assert ids_of(list_all_members(elb, ip_version=["v6"], loadbalancer_id=[lb_id])) == [v6.id]
    assert sorted(ids_of(list_members(elb, pool.id, availability_zone=[demo.AZ_2]))) == sorted(
        [ip_2.id, single.id, v4.id, v6.id]
    )
    shown = show_member(elb, pool.id, v6.id)
    assert (shown.ip_version, shown.address, shown.availability_zone) == (
        "v6",
        "2001:db8:a583:2::10",
        demo.AZ_2,
    )
    assert ids_of(list_pools(elb, member_address=["2001:db8:a583:2::10"])) == [pool.id]

    # AZ changes: IP targets only, and never blank under AZ affinity
    moved = update_member(elb, pool.id, ip_1.id, availability_zone=demo.AZ_2)
    assert moved.availability_zone == demo.AZ_2
    assert_refused(
        lambda: update_member(elb, pool.id, ip_1.id, availability_zone=""), 400, INVALID_INPUT
    )
    assert_refused(
        lambda: update_member(elb, pool.id, v4.id, availability_zone=demo.AZ_1), 400, INVALID_INPUT
    )
    # ip_target_enable is one-way
    assert_refused(
        lambda: update_load_balancer(elb, lb_id, ip_target_enable=False), 400, INVALID_INPUT
    )

    # a v4 pool refuses IPv6; the quota counts every kind of member
    v4_pool = create_pool(elb, loadbalancer_id=lb_id, name="v4-only")
    assert_refused(
        lambda: add_members(
            elb,
            v4_pool.id,
            {
                "address": "2001:db8:a583:2::11",
                "protocol_port": 80,
                "subnet_cidr_id": demo.DUALSTACK_NETWORK,
            },
        ),
        400,
        INVALID_INPUT,
    )
    assert quota_used(elb, *QUOTA_KEYS)["member"] == 5
    # the status tree shows the pool (on the LB, behind no listener) with all its members
    (tree_pool,) = [p for p in show_load_balancer_status(elb, lb_id).pools if p.id == pool.id]
    assert len(tree_pool.members) == 5


# --- 6. paging through every list operation --------------------------------------------------


@pytest.mark.slow
def test_paging_every_list_operation(elb: Any, vpc: Any) -> None:
    lbs = [
        create_load_balancer(
            elb,
            name=f"page-{n}",
            vip_subnet_cidr_id=demo.SUBNET_2,
            availability_zone_list=[demo.AZ_1, demo.AZ_2],
            vpc_id=demo.VPC,
        ).id
        for n in range(2)
    ]
    listeners = [
        create_listener(elb, loadbalancer_id=lb_id, protocol_port=port).id
        for lb_id in lbs
        for port in (80, 81)
    ]
    pools = [create_pool(elb, listener_id=listener_id).id for listener_id in listeners[:3]]
    hms = [create_health_monitor(elb, pool_id=pool_id).id for pool_id in pools]
    for index, pool_id in enumerate(pools):
        add_members(
            elb,
            pool_id,
            *[
                {
                    "address": f"192.168.1.{50 + index * 5 + n}",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET_2,
                }
                for n in range(3)
            ],
        )

    def full(call: Callable[..., Any], attribute: str, **fixed: Any) -> list[str]:
        response = call(**fixed)
        assert response.status_code == 200
        found = ids_of(getattr(response, attribute))
        assert found == sorted(found)
        assert response.page_info.current_count == len(found)
        return found

    operations: list[tuple[str, Callable[..., Any], str, dict[str, Any]]] = [
        (
            "loadbalancers",
            lambda **k: elb.list_load_balancers(ListLoadBalancersRequest(**k)),
            "loadbalancers",
            {},
        ),
        ("listeners", lambda **k: elb.list_listeners(ListListenersRequest(**k)), "listeners", {}),
        ("pools", lambda **k: elb.list_pools(ListPoolsRequest(**k)), "pools", {}),
        (
            "healthmonitors",
            lambda **k: elb.list_health_monitors(ListHealthMonitorsRequest(**k)),
            "healthmonitors",
            {},
        ),
        (
            "all members",
            lambda **k: elb.list_all_members(ListAllMembersRequest(**k)),
            "members",
            {},
        ),
        (
            "members",
            lambda **k: elb.list_members(ListMembersRequest(pool_id=pools[1], **k)),
            "members",
            {},
        ),
        (
            "all members of one LB",
            lambda **k: elb.list_all_members(ListAllMembersRequest(loadbalancer_id=[lbs[0]], **k)),
            "members",
            {},
        ),
        (
            "pools of the new LBs",
            lambda **k: elb.list_pools(ListPoolsRequest(loadbalancer_id=lbs, **k)),
            "pools",
            {},
        ),
        ("flavors", lambda **k: elb.list_flavors(ListFlavorsRequest(**k)), "flavors", {}),
    ]
    expected_counts = {
        "loadbalancers": 4,
        "listeners": 6,
        "pools": 10,
        "healthmonitors": 3,
        "all members": 9,
        "members": 3,
        "all members of one LB": 6,
        "pools of the new LBs": 3,
        "flavors": 5,
    }
    for name, call, attribute, fixed in operations:
        expected = full(call, attribute, **fixed)
        assert len(expected) == expected_counts[name], name
        # limit=1 forward to the end, then page_reverse back from the end: each item once
        walk_forward(pager(call, attribute, **fixed), 1, expected)
        walk_backward(pager(call, attribute, **fixed), 1, expected)
    assert set(hms) <= set(
        full(lambda **k: elb.list_health_monitors(ListHealthMonitorsRequest(**k)), "healthmonitors")
    )

    # the VPC client's subnet list pages with limit and marker (no page_reverse there)
    everything = vpc.list_subnets(vpc_v2.ListSubnetsRequest())
    assert everything.status_code == 200
    all_subnets = ids_of(everything.subnets)
    seen: list[str] = []
    marker = None
    for _ in range(len(all_subnets) + 1):
        page = vpc.list_subnets(vpc_v2.ListSubnetsRequest(limit=1, marker=marker)).subnets
        if not page:
            break
        assert len(page) == 1
        seen.extend(ids_of(page))
        marker = page[-1].id
    assert seen == all_subnets


# --- 7. member health follows the pool's load balancer and monitor ---------------------------


def test_member_health_follows_load_balancer_and_monitor(elb: Any) -> None:
    pool_id = demo.POOL_STANDALONE
    # at a cloud server's address: behind a listener, its health is the monitor's
    (member,) = add_members(
        elb,
        pool_id,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    # a pool on no load balancer: its members are UNKNOWN, in every view
    assert (member.operating_status, member.status) == ("UNKNOWN", [])
    assert show_member(elb, pool_id, member.id).operating_status == "UNKNOWN"
    (info,) = list_all_members(elb, id=[member.id])
    assert (info.operating_status, info.loadbalancer_id, info.loadbalancers) == (
        "UNKNOWN",
        None,
        [],
    )
    assert ids_of(list_all_members(elb, operating_status=["UNKNOWN"])) == [member.id]
    assert list_all_members(elb, pool_id=[pool_id], operating_status=["NO_MONITOR"]) == []
    assert ids_of(list_members(elb, pool_id, operating_status=["UNKNOWN"])) == [member.id]
    hm = create_health_monitor(elb, pool_id=pool_id)
    assert show_member(elb, pool_id, member.id).operating_status == "UNKNOWN"
    assert show_pool(elb, pool_id).loadbalancers == []

    # bound to a load balancer by becoming the default pool of a new listener
    listener = create_listener(
        elb, loadbalancer_id=demo.LB, protocol_port=8080, default_pool_id=pool_id
    )
    assert listener.default_pool_id == pool_id
    pool = show_pool(elb, pool_id)
    assert ids_of(pool.loadbalancers) == [demo.LB]
    assert ids_of(pool.listeners) == [listener.id]
    assert pool_id in ids_of(show_load_balancer(elb, demo.LB).pools)
    shown = show_member(elb, pool_id, member.id)
    assert shown.operating_status == "INITIAL"
    assert member_statuses(shown) == [(listener.id, "INITIAL")]
    (info,) = list_all_members(elb, id=[member.id])
    assert (info.loadbalancer_id, info.operating_status) == (demo.LB, "INITIAL")
    assert ids_of(list_all_members(elb, loadbalancer_id=[demo.LB])) == [member.id]
    tree = show_load_balancer_status(elb, demo.LB)
    (tree_listener,) = [item for item in tree.listeners if item.id == listener.id]
    assert ids_of(tree_listener.pools) == [pool_id]
    assert [(m.id, m.operating_status) for m in tree_listener.pools[0].members] == [
        (member.id, "INITIAL")
    ]
    assert tree_listener.pools[0].healthmonitor.id == hm.id

    # monitor disabled: no monitoring, everywhere
    disabled = update_health_monitor(elb, hm.id, admin_state_up=False)
    assert disabled.admin_state_up is False
    shown = show_member(elb, pool_id, member.id)
    assert (shown.operating_status, member_statuses(shown)) == (
        "NO_MONITOR",
        [(listener.id, "NO_MONITOR")],
    )
    assert ids_of(list_members(elb, pool_id, operating_status=["NO_MONITOR"])) == [member.id]
    assert list_all_members(elb, id=[member.id])[0].operating_status == "NO_MONITOR"
    tree_pool = [p for p in show_load_balancer_status(elb, demo.LB).pools if p.id == pool_id][0]
    assert [m.operating_status for m in tree_pool.members] == ["NO_MONITOR"]
    assert list_health_monitors(elb, admin_state_up=False) and ids_of(
        list_health_monitors(elb, admin_state_up=False)
    ) == [hm.id]

    # enabled again, then a second monitor is refused
    update_health_monitor(elb, hm.id, admin_state_up=True)
    assert show_member(elb, pool_id, member.id).operating_status == "INITIAL"
    assert_refused(lambda: create_health_monitor(elb, pool_id=pool_id), 409, CONFLICT)

    # the listener force-deleted unbinds the pool, which stays on the load balancer
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=listener.id))
    assert response.status_code == 204
    pool = show_pool(elb, pool_id)
    assert (pool.listeners, ids_of(pool.loadbalancers)) == ([], [demo.LB])
    shown = show_member(elb, pool_id, member.id)
    assert (shown.operating_status, shown.status) == ("INITIAL", [])
    response = elb.delete_pool_cascade(DeletePoolCascadeRequest(pool_id=pool_id))
    assert response.status_code == 204
    assert_gone(lambda: elb.show_pool(ShowPoolRequest(pool_id=pool_id)))
    assert_gone(lambda: elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=hm.id)))
    assert list_all_members(elb, id=[member.id]) == []


def test_cross_resource_references_are_checked(elb: Any) -> None:
    """Ids that name nothing, or something of another load balancer, are refused."""
    other = create_load_balancer(
        elb,
        name="other",
        vip_subnet_cidr_id=demo.SUBNET_2,
        availability_zone_list=[demo.AZ_1, demo.AZ_2],
        vpc_id=demo.VPC,
    )
    other_listener = create_listener(elb, loadbalancer_id=other.id, protocol_port=80)
    # a pool of LB 1 cannot become the default pool of a listener of another LB
    assert_refused(
        lambda: update_listener(elb, other_listener.id, default_pool_id=demo.POOL),
        400,
        INVALID_INPUT,
    )
    # a listener and a load balancer that disagree
    assert_refused(
        lambda: create_pool(elb, listener_id=other_listener.id, loadbalancer_id=demo.LB),
        400,
        INVALID_INPUT,
    )
    # unknown ids in a body: 404
    assert_refused(
        lambda: create_listener(elb, loadbalancer_id=demo.UNKNOWN_ID, protocol_port=80),
        404,
        NOT_FOUND,
    )
    assert_refused(lambda: create_pool(elb, listener_id=demo.UNKNOWN_ID), 404, NOT_FOUND)
    assert_refused(lambda: create_pool(elb, loadbalancer_id=demo.UNKNOWN_ID), 404, NOT_FOUND)
    assert_refused(lambda: create_health_monitor(elb, pool_id=demo.UNKNOWN_ID), 404, NOT_FOUND)
    assert_refused(
        lambda: update_listener(elb, other_listener.id, default_pool_id=demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
    )
    assert_refused(
        lambda: elb.show_member(ShowMemberRequest(pool_id=demo.POOL, member_id=demo.UNKNOWN_ID)),
        404,
        NOT_FOUND,
    )
    # a member shown through another pool's path is not found
    (member,) = add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.71", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    assert_gone(
        lambda: elb.show_member(ShowMemberRequest(pool_id=demo.POOL_HTTP, member_id=member.id))
    )
    assert_gone(
        lambda: elb.delete_member(DeleteMemberRequest(pool_id=demo.POOL_HTTP, member_id=member.id))
    )
    assert show_member(elb, demo.POOL, member.id).id == member.id
    # the member survives the refused calls; statuses of unrelated resources did not change
    assert ids_of(show_load_balancer_status(elb, other.id).listeners) == [other_listener.id]
    assert show_load_balancer_status(elb, other.id).pools == []


# --- 8. one pool behind two listeners; settings removed with null --------------------------


def test_pool_shared_by_two_listeners_and_settings_removed_with_null(elb: Any) -> None:
    before = elb.list_quota_details(ListQuotaDetailsRequest(quota_key=["listeners_per_pool"]))
    assert before.quotas[0].used == 1  # each demo pool behind a listener has one
    first = create_listener(elb, loadbalancer_id=demo.LB, protocol_port=9200, name="a")
    pool = create_pool(elb, listener_id=first.id, name="shared")
    second = create_listener(
        elb, loadbalancer_id=demo.LB, protocol_port=9201, name="b", default_pool_id=pool.id
    )
    assert second.default_pool_id == pool.id
    (member,) = add_members(
        elb,
        pool.id,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    both = sorted([first.id, second.id])
    assert sorted(listener for listener, _ in member_statuses(member)) == both
    assert {status for _, status in member_statuses(member)} == {"NO_MONITOR"}
    assert sorted(ids_of(show_pool(elb, pool.id).listeners)) == both
    assert ids_of(list_pools(elb, listener_id=both)) == [pool.id]
    assert sorted(ids_of(list_listeners(elb, default_pool_id=[pool.id]))) == both
    assert sorted(ids_of(list_listeners(elb, member_address=["192.168.0.10"]))) == both
    tree = show_load_balancer_status(elb, demo.LB)
    for listener in tree.listeners:
        if listener.id in both:
            assert ids_of(listener.pools) == [pool.id]
            assert ids_of(listener.pools[0].members) == [member.id]
    assert [p.id for p in tree.pools].count(pool.id) == 1
    used = elb.list_quota_details(ListQuotaDetailsRequest(quota_key=["listeners_per_pool"]))
    assert used.quotas[0].used == 2

    # a monitor with a port of its own, then the port removed again (null: the member's port)
    hm = create_health_monitor(elb, pool_id=pool.id, monitor_port=8080)
    assert hm.monitor_port == 8080
    response = elb.update_health_monitor(
        UpdateHealthMonitorRequest(
            healthmonitor_id=hm.id, body={"healthmonitor": {"monitor_port": None}}
        )
    )
    assert response.status_code == 200
    assert response.healthmonitor.monitor_port is None
    assert show_health_monitor(elb, hm.id).monitor_port is None
    # the monitor's type changes: the status tree shows the new one
    assert update_health_monitor(elb, hm.id, type="HTTP").type == "HTTP"
    tree_pool = [p for p in show_load_balancer_status(elb, demo.LB).pools if p.id == pool.id][0]
    assert (tree_pool.healthmonitor.id, tree_pool.healthmonitor.type) == (hm.id, "HTTP")
    assert ids_of(list_health_monitors(elb, type=["HTTP"])) == [hm.id]

    # session persistence on, then off with null (Terraform removing the block)
    response = elb.update_pool(
        UpdatePoolRequest(
            pool_id=pool.id, body={"pool": {"session_persistence": {"type": "SOURCE_IP"}}}
        )
    )
    assert response.status_code == 200
    assert response.pool.session_persistence.type == "SOURCE_IP"
    response = elb.update_pool(
        UpdatePoolRequest(pool_id=pool.id, body={"pool": {"session_persistence": None}})
    )
    assert response.status_code == 200
    assert response.pool.session_persistence is None
    assert list_pools(elb, id=[pool.id])[0].session_persistence is None

    # plain deletes refuse while the shared pool has members; the force delete unbinds one
    assert_refused(
        lambda: elb.delete_listener(DeleteListenerRequest(listener_id=first.id)), 409, CONFLICT
    )
    response = elb.delete_listener_force(DeleteListenerForceRequest(listener_id=first.id))
    assert response.status_code == 204
    assert ids_of(show_pool(elb, pool.id).listeners) == [second.id]
    assert member_statuses(show_member(elb, pool.id, member.id)) == [(second.id, "INITIAL")]
    assert ids_of(list_pools(elb, listener_id=[first.id])) == []

    # deletion protection of the load balancer guards the cascade too
    update_load_balancer(elb, demo.LB, deletion_protection_enable=True)
    cascade = DeleteLoadBalancerCascadeRequest(loadbalancer_id=demo.LB)
    assert_refused(lambda: elb.delete_load_balancer_cascade(cascade), 409, CONFLICT)
    assert ids_of(list_all_members(elb, loadbalancer_id=[demo.LB])) == [member.id]
    update_load_balancer(elb, demo.LB, deletion_protection_enable=False)
    assert elb.delete_load_balancer_cascade(cascade).status_code == 204
    assert list_all_members(elb, id=[member.id]) == []
    assert list_listeners(elb, loadbalancer_id=[demo.LB]) == []
    assert list_pools(elb, loadbalancer_id=[demo.LB]) == []
    assert list_health_monitors(elb, id=[hm.id]) == []


# --- 9. the rules of a pool must hold however it gets behind a listener -----------------------


def test_az_affinity_pool_cannot_get_behind_a_tls_listener(elb: Any) -> None:
    """AzAffinity.enable: pools bound to TLS listeners do not support it, however bound."""
    affinity = AzAffinity(enable=True, az_minimum_healthy_member_percentage=50)
    tls = create_listener(
        elb,
        loadbalancer_id=demo.LB,
        protocol_port=443,
        protocol="TLS",
        default_tls_container_ref=demo.CERTIFICATE,
    )
    # the direct way is refused
    assert_refused(
        lambda: create_pool(elb, listener_id=tls.id, az_affinity=affinity), 400, INVALID_INPUT
    )
    pool = create_pool(elb, loadbalancer_id=demo.LB, az_affinity=affinity)
    # so are the two other ways in
    assert_refused(
        lambda: create_listener(
            elb,
            loadbalancer_id=demo.LB,
            protocol_port=444,
            protocol="TLS",
            default_tls_container_ref=demo.CERTIFICATE,
            default_pool_id=pool.id,
        ),
        400,
        INVALID_INPUT,
    )
    assert_refused(
        lambda: update_listener(elb, tls.id, default_pool_id=pool.id), 400, INVALID_INPUT
    )
    assert show_listener(elb, tls.id).default_pool_id is None
    assert ids_of(show_pool(elb, pool.id).listeners) == []


def test_ip_members_cannot_get_behind_a_load_balancer_without_ip_targets(elb: Any) -> None:
    """A pool of IP-type members cannot reach a load balancer without ip_target_enable
    by becoming a listener's default pool."""
    assert show_load_balancer(elb, demo.LB).ip_target_enable is False
    pool = create_pool(elb, type="ip", name="cross-vpc")
    (member,) = add_members(elb, pool.id, {"address": "10.9.0.1", "protocol_port": 80})
    assert (member.member_type, member.operating_status) == ("ip", "UNKNOWN")
    # the direct way is refused: an IP member on this load balancer
    assert_refused(
        lambda: add_members(elb, demo.POOL, {"address": "10.9.0.1", "protocol_port": 80}),
        400,
        IP_TARGET_NOT_ENABLED,
    )
    # the pool with its IP member must not get there through a listener either
    assert_refused(
        lambda: create_listener(
            elb, loadbalancer_id=demo.LB, protocol_port=9000, default_pool_id=pool.id
        ),
        400,
        IP_TARGET_NOT_ENABLED,
    )
    listener = create_listener(elb, loadbalancer_id=demo.LB, protocol_port=9001)
    assert_refused(
        lambda: update_listener(elb, listener.id, default_pool_id=pool.id),
        400,
        IP_TARGET_NOT_ENABLED,
    )
    assert show_pool(elb, pool.id).loadbalancers == []
    assert list_all_members(elb, loadbalancer_id=[demo.LB]) == []
