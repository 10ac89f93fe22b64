"""Copies and batch creates (mockelb/services/clones.py, batch_create_loadbalancers.py),
through the official SDK and raw HTTP: clone_loadbalancer copies a load balancer with its
pools, members, health monitors, listeners, policies and rules; clone_listener copies a
listener with the pools it forwards to; batch_create_load_balancers makes several at once;
each records its finished job, and every refusal changes nothing (no job either)."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as sdk
import pytest

from mockelb.testing import MockElbClient
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    add_members,
    create_health_monitor,
    create_listener,
    create_load_balancer,
    create_pool,
    ids_of,
    list_listeners,
    list_members,
    list_pools,
    load_gateway_load_balancer,
    on_subnet,
    show_listener,
    show_load_balancer,
    show_pool,
)
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
    in_network,
)

# what a copy shows differently from its source, whatever else it keeps
_OWN = {"id", "created_at", "updated_at"}
LISTENER_OWN = _OWN | {"name", "loadbalancers", "default_pool_id", "quic_config"}
POOL_OWN = _OWN | {"loadbalancers", "listeners", "members", "healthmonitor_id"}
MONITOR_OWN = _OWN | {"pools"}
POLICY_OWN = _OWN | {"listener_id", "redirect_pool_id", "redirect_listener_id", "rules"}
MEMBER_KEPT = ("name", "address", "protocol_port", "weight", "subnet_cidr_id", "member_type")


# --- helpers -------------------------------------------------------------------------------


def clone_lb(elb: Any, lb_id: str, count: int | None = None, **target: Any) -> Any:
    body = sdk.CloneLoadbalancerRequestBody(
        count=count, target_loadbalancer_param=sdk.TargetLoadbalancerParam(**target)
    )
    response = elb.clone_loadbalancer(
        sdk.CloneLoadbalancerRequest(loadbalancer_id=lb_id, body=body)
    )
    assert response.status_code == 202
    return response


def clone_listener(elb: Any, listener_id: str, *targets: dict[str, Any]) -> Any:
    body = sdk.CloneListenerRequestBody(
        target_listener_params=[sdk.CloneListenerOption(**target) for target in targets]
    )
    response = elb.clone_listener(sdk.CloneListenerRequest(listener_id=listener_id, body=body))
    assert response.status_code == 202
    return response


def batch_create(elb: Any, **fields: Any) -> Any:
    option = sdk.BatchCreateLoadBalancerOption(**{"availability_zone_list": [demo.AZ_1], **fields})
    body = sdk.BatchCreateLoadBalancersRequestBody(loadbalancer=option)
    response = elb.batch_create_load_balancers(sdk.BatchCreateLoadBalancersRequest(body=body))
    assert response.status_code == 202
    return response


def show_job(elb: Any, job_id: str) -> Any:
    response = elb.show_job(sdk.ShowJobRequest(job_id=job_id))
    assert response.status_code == 200
    return response.job


def refused(
    mockelb: MockElbClient, call: Any, status: int, code: str, message: str | None = None
) -> None:
    """The call is refused with this error, and the state (jobs too) is as it was."""
    before = mockelb.state(project_id=demo.PROJECT)
    assert_refused(call, status, code, message)
    assert mockelb.state(project_id=demo.PROJECT) == before


def kept(item: Any, own: set[str]) -> dict[str, Any]:
    """What a copy keeps of an SDK object: every field but its own ones."""
    return {key: value for key, value in item.to_dict().items() if key not in own}


def members_of(elb: Any, pool_id: str) -> list[tuple[Any, ...]]:
    return sorted(
        tuple(getattr(member, name) for name in MEMBER_KEPT)
        for member in list_members(elb, pool_id)
    )


def monitor_of(elb: Any, pool_id: str) -> Any:
    monitor_id = show_pool(elb, pool_id).healthmonitor_id
    response = elb.show_health_monitor(sdk.ShowHealthMonitorRequest(healthmonitor_id=monitor_id))
    return response.healthmonitor


def policies_of(elb: Any, listener_id: str) -> list[Any]:
    response = elb.list_l7_policies(sdk.ListL7PoliciesRequest(listener_id=[listener_id]))
    return sorted(response.l7policies, key=lambda policy: policy.position)


def show_policy(elb: Any, policy_id: str) -> Any:
    return elb.show_l7_policy(sdk.ShowL7PolicyRequest(l7policy_id=policy_id)).l7policy


def rules_of(elb: Any, policy_id: str) -> list[tuple[str, str, str]]:
    response = elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy_id))
    return sorted((rule.type, rule.compare_type, rule.value) for rule in response.rules)


def create_policy(elb: Any, **fields: Any) -> Any:
    option = sdk.CreateL7PolicyOption(**fields)
    response = elb.create_l7_policy(
        sdk.CreateL7PolicyRequest(body=sdk.CreateL7PolicyRequestBody(l7policy=option))
    )
    assert response.status_code == 201
    return response.l7policy


class Source:
    """A load balancer to copy: an HTTP listener forwarding to a pool with two members and a
    health monitor, a policy sending /api to a second pool, a policy redirecting to an
    HTTPS listener, and a TCP listener whose pool has a member; all on demo SUBNET."""

    def __init__(self, elb: Any) -> None:
        self.lb = create_load_balancer(
            elb, name="source", vip_subnet_cidr_id=demo.SUBNET, description="to copy"
        ).id
        self.web_pool = create_pool(
            elb,
            loadbalancer_id=self.lb,
            protocol="HTTP",
            name="web",
            lb_algorithm="LEAST_CONNECTIONS",
        ).id
        add_members(
            elb,
            self.web_pool,
            on_subnet("192.168.0.10", 80, name="a", weight=5),
            on_subnet("192.168.0.11", 8080, name="b"),
        )
        create_health_monitor(
            elb, pool_id=self.web_pool, type="HTTP", url_path="/health", expected_codes="200-204"
        )
        self.api_pool = create_pool(elb, loadbalancer_id=self.lb, protocol="HTTP", name="api").id
        add_members(elb, self.api_pool, on_subnet("192.168.0.12", 9000))
        self.http = create_listener(
            elb,
            loadbalancer_id=self.lb,
            protocol="HTTP",
            protocol_port=80,
            name="web",
            default_pool_id=self.web_pool,
            keepalive_timeout=30,
        ).id
        self.https = create_listener(
            elb,
            loadbalancer_id=self.lb,
            protocol="HTTPS",
            protocol_port=443,
            default_tls_container_ref=demo.CERTIFICATE,
        ).id
        api = create_policy(
            elb,
            action="REDIRECT_TO_POOL",
            listener_id=self.http,
            redirect_pool_id=self.api_pool,
            name="api",
            rules=[
                sdk.CreateL7PolicyRuleOption(type="PATH", compare_type="STARTS_WITH", value="/api")
            ],
        )
        self.api_policy = api.id
        self.redirect_policy = create_policy(
            elb,
            action="REDIRECT_TO_LISTENER",
            listener_id=self.http,
            redirect_listener_id=self.https,
        ).id
        self.tcp_pool = create_pool(elb, loadbalancer_id=self.lb, protocol="TCP").id
        add_members(elb, self.tcp_pool, on_subnet("192.168.0.13", 22))
        self.tcp = create_listener(
            elb,
            loadbalancer_id=self.lb,
            protocol="TCP",
            protocol_port=22,
            default_pool_id=self.tcp_pool,
        ).id


@pytest.fixture
def source(elb: Any) -> Source:
    return Source(elb)


def listener_on(elb: Any, lb_id: str, protocol: str) -> Any:
    [listener] = [
        item for item in list_listeners(elb, loadbalancer_id=[lb_id]) if item.protocol == protocol
    ]
    return listener


# --- clone_loadbalancer ---------------------------------------------------------------------


def test_a_copied_load_balancer_keeps_its_settings_with_new_addresses(
    elb: Any, source: Source
) -> None:
    original = show_load_balancer(elb, source.lb)

    response = clone_lb(elb, source.lb)

    [ref] = response.loadbalancer_list
    copy = show_load_balancer(elb, ref.id)
    assert copy.name == "source-copy-1"  # the source's name + "-copy-<n>"
    for name in (
        "description",
        "vpc_id",
        "vip_subnet_cidr_id",
        "availability_zone_list",
        "l4_flavor_id",
        "l7_flavor_id",
        "elb_virsubnet_ids",
        "ip_target_enable",
        "enterprise_project_id",
        "deletion_protection_enable",
    ):
        assert getattr(copy, name) == getattr(original, name), name
    assert copy.vip_address != original.vip_address
    assert in_network(copy.vip_address, "192.168.0.0/24")
    assert copy.vip_port_id != original.vip_port_id
    assert (copy.provisioning_status, copy.operating_status) == ("ACTIVE", "ONLINE")
    assert len(copy.listeners) == 3 and len(copy.pools) == 3


def test_a_copy_has_copies_of_the_pools_members_and_monitors(elb: Any, source: Source) -> None:
    copy_id = clone_lb(elb, source.lb).loadbalancer_list[0].id

    web = listener_on(elb, copy_id, "HTTP")
    assert web.default_pool_id not in (source.web_pool, None)
    copied_pool = show_pool(elb, web.default_pool_id)
    assert kept(copied_pool, POOL_OWN) == kept(show_pool(elb, source.web_pool), POOL_OWN)
    assert [ref.id for ref in copied_pool.loadbalancers] == [copy_id]
    assert members_of(elb, copied_pool.id) == members_of(elb, source.web_pool)
    assert kept(monitor_of(elb, copied_pool.id), MONITOR_OWN) == kept(
        monitor_of(elb, source.web_pool), MONITOR_OWN
    )
    # the source's pools and members are untouched
    assert len(list_members(elb, source.web_pool)) == 2
    assert ids_of(list_pools(elb, loadbalancer_id=[source.lb])) == sorted(
        [source.web_pool, source.api_pool, source.tcp_pool]
    )


def test_a_copy_has_copies_of_the_listeners_policies_and_rules(elb: Any, source: Source) -> None:
    copy_id = clone_lb(elb, source.lb).loadbalancer_list[0].id

    web = listener_on(elb, copy_id, "HTTP")
    https = listener_on(elb, copy_id, "HTTPS")
    assert kept(web, LISTENER_OWN) == kept(show_listener(elb, source.http), LISTENER_OWN)
    assert web.name == "web"  # a load balancer copy keeps its listeners' names
    api, redirect = policies_of(elb, web.id)
    assert kept(api, POLICY_OWN) == kept(show_policy(elb, source.api_policy), POLICY_OWN)
    assert api.redirect_pool_id not in (source.api_pool, None)
    assert show_pool(elb, api.redirect_pool_id).name == "api"
    assert members_of(elb, api.redirect_pool_id) == members_of(elb, source.api_pool)
    assert rules_of(elb, api.id) == [("PATH", "STARTS_WITH", "/api")]
    # the redirect goes to the copy of its HTTPS listener
    assert (redirect.action, redirect.redirect_listener_id) == ("REDIRECT_TO_LISTENER", https.id)


def test_a_copied_quic_upgrade_names_the_copied_quic_listener(elb: Any) -> None:
    quic = create_listener(
        elb,
        loadbalancer_id=demo.LB,
        protocol="QUIC",
        protocol_port=443,
        default_tls_container_ref=demo.CERTIFICATE,
    ).id
    create_listener(
        elb,
        loadbalancer_id=demo.LB,
        protocol="HTTPS",
        protocol_port=443,
        default_tls_container_ref=demo.CERTIFICATE,
        quic_config=sdk.CreateListenerQuicConfigOption(
            quic_listener_id=quic, enable_quic_upgrade=True
        ),
    )

    copy_id = clone_lb(elb, demo.LB).loadbalancer_list[0].id

    https = listener_on(elb, copy_id, "HTTPS")
    copied_quic = listener_on(elb, copy_id, "QUIC")
    assert (https.quic_config.quic_listener_id, https.quic_config.enable_quic_upgrade) == (
        copied_quic.id,
        True,
    )


def test_count_makes_several_copies_and_one_job(elb: Any, source: Source) -> None:
    response = clone_lb(elb, source.lb, count=3)

    copies = [ref.id for ref in response.loadbalancer_list]
    assert len(set(copies)) == 3 and all(UUID.fullmatch(lb_id) for lb_id in copies)
    assert [show_load_balancer(elb, lb_id).name for lb_id in copies] == [
        "source-copy-1",
        "source-copy-2",
        "source-copy-3",
    ]
    job = show_job(elb, response.job_id)
    assert (job.job_type, job.status, job.resource_id) == (
        "cloneLoadbalancer",
        "COMPLETE",
        source.lb,
    )
    assert [sub.resource_id for sub in job.sub_jobs] == copies
    entities = job.sub_jobs[0].entities
    assert (entities[0].resource_id, entities[0].resource_type) == (copies[0], "loadbalancer")
    listener_ids = {ref.id for ref in show_load_balancer(elb, copies[0]).listeners}
    assert {e.resource_id for e in entities[1:]} == listener_ids
    assert {e.resource_type for e in entities[1:]} == {"listener"}


def test_the_target_parameters_change_the_copy(elb: Any, source: Source) -> None:
    response = clone_lb(
        elb,
        source.lb,
        name="renamed",
        vip_subnet_cidr_id=demo.SUBNET_2,
        vip_address="192.168.1.50",
        availability_zone_list=[demo.AZ_2],
        l4_flavor_id=demo.L4_FLAVOR_2,
    )

    copy = show_load_balancer(elb, response.loadbalancer_list[0].id)
    assert (copy.name, copy.vip_subnet_cidr_id, copy.vip_address) == (
        "renamed",
        demo.SUBNET_2,
        "192.168.1.50",
    )
    assert (copy.availability_zone_list, copy.l4_flavor_id) == ([demo.AZ_2], demo.L4_FLAVOR_2)


def test_a_copy_of_a_copy_and_of_an_empty_load_balancer(elb: Any) -> None:
    empty = create_load_balancer(elb, name="empty", vpc_id=demo.VPC).id

    copy_id = clone_lb(elb, empty).loadbalancer_list[0].id

    copy = show_load_balancer(elb, copy_id)
    assert (copy.name, copy.listeners, copy.pools, copy.vip_address) == (
        "empty-copy-1",
        [],
        [],
        None,
    )
    again = clone_lb(elb, copy_id).loadbalancer_list[0].id
    assert show_load_balancer(elb, again).name == "empty-copy-1-copy-1"


def test_the_response_json_has_every_sdk_field(elb: Any, http: httpx.Client) -> None:
    response = http.post(
        f"{ELB}/loadbalancers/{demo.LB}/clone", json={"target_loadbalancer_param": {}}
    )

    body = assert_ok_response(response, 202)
    assert set(body) == {"loadbalancer_list", "request_id", "job_id"}
    assert_json_model(body, sdk.CloneLoadbalancerResponse)
    assert UUID.fullmatch(body["loadbalancer_list"][0]["id"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"count": 0, "target_loadbalancer_param": {}}, "count", id="count-0"),
        pytest.param({"count": 11, "target_loadbalancer_param": {}}, "count", id="count-11"),
        pytest.param({"count": "2", "target_loadbalancer_param": {}}, "count", id="count-string"),
        pytest.param({}, "target_loadbalancer_param", id="no-target"),
        pytest.param(
            {"target_loadbalancer_param": {"flavor": "big"}}, "flavor", id="unknown-attribute"
        ),
        pytest.param(
            {"target_loadbalancer_param": {"availability_zone_list": []}},
            "availability_zone_list",
            id="empty-az-list",
        ),
        pytest.param(
            {"target_loadbalancer_param": {"reuse_pool": True}}, "reuse_pool", id="reuse_pool"
        ),
        pytest.param(
            {"target_loadbalancer_param": {"guaranteed": False}}, "guaranteed", id="shared"
        ),
        pytest.param(
            {"count": 2, "target_loadbalancer_param": {"vip_address": "192.168.0.50"}},
            "vip_address",
            id="one-address-for-two",
        ),
        pytest.param(
            {"target_loadbalancer_param": {"vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET}},
            "vip_subnet_cidr_id",
            id="subnet-of-another-vpc",
        ),
        pytest.param(
            {"target_loadbalancer_param": {"availability_zone_list": ["nowhere-1a"]}},
            "availability_zone_list",
            id="unknown-az",
        ),
        pytest.param(
            {"target_loadbalancer_param": {"vip_address": "10.0.0.5"}},
            "vip_address",
            id="address-outside-the-subnet",
        ),
        pytest.param(
            {"target_loadbalancer_param": {"l4_flavor_id": demo.L7_FLAVOR}},
            "l4_flavor_id",
            id="flavor-of-the-wrong-layer",
        ),
    ],
)
def test_a_bad_clone_loadbalancer_is_elb_8902_and_changes_nothing(
    mockelb: MockElbClient, http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    before = mockelb.state(project_id=demo.PROJECT)

    response = http.post(f"{ELB}/loadbalancers/{demo.LB}/clone", json=body)

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert mockelb.state(project_id=demo.PROJECT) == before


def test_an_unknown_load_balancer_is_not_found(mockelb: MockElbClient, elb: Any) -> None:
    refused(mockelb, lambda: clone_lb(elb, demo.UNKNOWN_ID), 404, NOT_FOUND, demo.UNKNOWN_ID)


def test_an_address_in_use_is_a_conflict(mockelb: MockElbClient, elb: Any) -> None:
    refused(
        mockelb,
        lambda: clone_lb(elb, demo.LB, vip_address="192.168.0.100"),  # demo.LB's own VIP
        409,
        CONFLICT,
        "192.168.0.100",
    )


def test_the_load_balancer_quota_refuses_the_whole_count(mockelb: MockElbClient, elb: Any) -> None:
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"loadbalancer": 3}}]})

    refused(mockelb, lambda: clone_lb(elb, demo.LB, count=2), 409, QUOTA_EXCEEDED, "loadbalancer")


def test_the_member_quota_refuses_the_copy(
    mockelb: MockElbClient, elb: Any, source: Source
) -> None:
    # the source's four members, and room for three more
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"member": 7}}]})

    refused(mockelb, lambda: clone_lb(elb, source.lb), 409, QUOTA_EXCEEDED, "member")


def test_a_gateway_load_balancer_is_copied_as_one(mockelb: MockElbClient, elb: Any) -> None:
    gateway = load_gateway_load_balancer(mockelb)

    copy = show_load_balancer(elb, clone_lb(elb, gateway).loadbalancer_list[0].id)

    assert (copy.loadbalancer_type, copy.gw_flavor_id) == (
        "gateway",
        show_load_balancer(elb, gateway).gw_flavor_id,
    )
    assert_refused(
        lambda: clone_lb(elb, gateway, l4_flavor_id=demo.L4_FLAVOR),
        400,
        INVALID_INPUT,
        "l4_flavor_id",
    )


# --- clone_listener -------------------------------------------------------------------------


def test_a_listener_copied_to_another_load_balancer(elb: Any, source: Source) -> None:
    target = create_load_balancer(elb, name="target", vpc_id=demo.VPC).id

    response = clone_listener(elb, source.http, {"loadbalancer_id": target})

    [item] = response.listener_list
    # without a port the copy keeps the source's
    assert (item.loadbalancer_id, item.protocol_port, item.port_ranges) == (target, 80, [])
    copy = show_listener(elb, item.id)
    assert copy.name == "web-copy"  # the source's name + "-copy"
    assert kept(copy, LISTENER_OWN) == kept(show_listener(elb, source.http), LISTENER_OWN)
    assert [ref.id for ref in copy.loadbalancers] == [target]
    # its pool is a copy on the target, with the members and monitor
    pool = show_pool(elb, copy.default_pool_id)
    assert pool.id != source.web_pool
    assert [ref.id for ref in pool.loadbalancers] == [target]
    assert members_of(elb, pool.id) == members_of(elb, source.web_pool)
    assert monitor_of(elb, pool.id).url_path == "/health"
    # the policy to a pool is copied with its pool; the redirect to a listener is not
    [api] = policies_of(elb, copy.id)
    assert api.action == "REDIRECT_TO_POOL" and api.redirect_pool_id != source.api_pool
    assert [ref.id for ref in show_pool(elb, api.redirect_pool_id).loadbalancers] == [target]
    assert rules_of(elb, api.id) == [("PATH", "STARTS_WITH", "/api")]


def test_copies_on_the_same_load_balancer_reuse_or_copy_the_pool(elb: Any, source: Source) -> None:
    response = clone_listener(
        elb,
        source.http,
        {"loadbalancer_id": source.lb, "protocol_port": 8080, "reuse_pool": True, "name": "reused"},
        {"loadbalancer_id": source.lb, "protocol_port": 8081, "name": ""},
    )

    reused, copied = (show_listener(elb, item.id) for item in response.listener_list)
    assert (reused.name, reused.protocol_port, reused.default_pool_id) == (
        "reused",
        8080,
        source.web_pool,
    )
    assert policies_of(elb, reused.id)[0].redirect_pool_id == source.api_pool
    # an empty name takes the default
    assert (copied.name, copied.protocol_port) == ("web-copy", 8081)
    assert copied.default_pool_id != source.web_pool
    job = show_job(elb, response.job_id)
    assert (job.job_type, job.resource_id) == ("cloneListener", source.http)
    assert [sub.resource_id for sub in job.sub_jobs] == [reused.id, copied.id]
    assert [(e.resource_id, e.resource_type) for e in job.sub_jobs[0].entities] == [
        (reused.id, "listener"),
        (source.lb, "loadbalancer"),
    ]


def test_a_tcp_listener_copied_onto_a_port_range(elb: Any, source: Source) -> None:
    response = clone_listener(
        elb,
        source.tcp,
        {
            "loadbalancer_id": source.lb,
            "protocol_port": 0,
            "port_ranges": [sdk.PortRange(start_port=1000, end_port=1010)],
        },
    )

    [item] = response.listener_list
    assert (item.protocol_port, [(r.start_port, r.end_port) for r in item.port_ranges]) == (
        0,
        [(1000, 1010)],
    )


def test_an_https_listener_copy_drops_its_quic_config(elb: Any) -> None:
    quic = create_listener(
        elb,
        loadbalancer_id=demo.LB,
        protocol="QUIC",
        protocol_port=443,
        default_tls_container_ref=demo.CERTIFICATE,
    ).id
    https = create_listener(
        elb,
        loadbalancer_id=demo.LB,
        protocol="HTTPS",
        protocol_port=443,
        default_tls_container_ref=demo.CERTIFICATE,
        quic_config=sdk.CreateListenerQuicConfigOption(
            quic_listener_id=quic, enable_quic_upgrade=True
        ),
    ).id

    item = clone_listener(
        elb, https, {"loadbalancer_id": demo.LB, "protocol_port": 8443}
    ).listener_list[0]

    assert show_listener(elb, item.id).quic_config is None
    assert show_listener(elb, https).quic_config.quic_listener_id == quic


def test_the_clone_listener_json_has_every_sdk_field(elb: Any, http: httpx.Client) -> None:
    response = http.post(
        f"{ELB}/listeners/{demo.LISTENER}/clone",
        json={"target_listener_params": [{"loadbalancer_id": demo.LB, "protocol_port": 81}]},
    )

    body = assert_ok_response(response, 202)
    assert set(body) == {"listener_list", "request_id", "job_id"}
    assert_json_model(body, sdk.CloneListenerResponse)
    assert set(body["listener_list"][0]) == set(sdk.CloneListenerResp.openapi_types)


@pytest.mark.parametrize(
    ("target", "field"),
    [
        pytest.param({"protocol_port": 81}, "loadbalancer_id", id="no-loadbalancer_id"),
        pytest.param(
            {"loadbalancer_id": demo.LB, "protocol_port": 65536}, "protocol_port", id="port-above"
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "protocol_port": -1}, "protocol_port", id="port-below"
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "protocol_port": 0},
            "port_ranges",
            id="port-0-without-ranges",
        ),
        pytest.param({"loadbalancer_id": demo.LB, "name": "x" * 256}, "name", id="name-too-long"),
        pytest.param(
            {"loadbalancer_id": demo.LB, "protocol_port": 81, "colour": "red"},
            "colour",
            id="unknown-attribute",
        ),
        pytest.param(
            {
                "loadbalancer_id": demo.LB,
                "protocol_port": 81,
                "subnet_mapping_list": [
                    {"subnet_cidr_id": demo.SUBNET, "dst_subnet_cidr_id": demo.SUBNET_2}
                ],
            },
            "subnet_mapping_list",
            id="subnet_mapping_list",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB_IP_TARGETS, "protocol_port": 81, "reuse_pool": True},
            "reuse_pool",
            id="reuse-a-pool-of-another-load-balancer",
        ),
    ],
)
def test_a_bad_clone_listener_is_elb_8902_and_changes_nothing(
    mockelb: MockElbClient, http: httpx.Client, target: dict[str, Any], field: str
) -> None:
    before = mockelb.state(project_id=demo.PROJECT)

    response = http.post(
        f"{ELB}/listeners/{demo.LISTENER}/clone", json={"target_listener_params": [target]}
    )

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert mockelb.state(project_id=demo.PROJECT) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-targets"),
        pytest.param({"target_listener_params": []}, id="empty-targets"),
        pytest.param(
            {"target_listener_params": [{"loadbalancer_id": demo.LB}] * 11}, id="eleven-targets"
        ),
    ],
)
def test_a_bad_list_of_targets_is_elb_8902(http: httpx.Client, body: dict[str, Any]) -> None:
    response = http.post(f"{ELB}/listeners/{demo.LISTENER}/clone", json=body)

    assert_error_response(response, 400, INVALID_INPUT, "target_listener_params")


def test_an_unknown_listener_or_target_is_not_found(mockelb: MockElbClient, elb: Any) -> None:
    refused(
        mockelb,
        lambda: clone_listener(elb, demo.UNKNOWN_ID, {"loadbalancer_id": demo.LB}),
        404,
        NOT_FOUND,
        f"listener {demo.UNKNOWN_ID}",
    )
    refused(
        mockelb,
        lambda: clone_listener(elb, demo.LISTENER, {"loadbalancer_id": demo.UNKNOWN_ID}),
        404,
        NOT_FOUND,
        demo.UNKNOWN_ID,
    )


def test_a_port_taken_is_a_conflict_even_by_an_earlier_copy(
    mockelb: MockElbClient, elb: Any
) -> None:
    # the demo listener itself is on demo.LB port 80
    refused(
        mockelb,
        lambda: clone_listener(elb, demo.LISTENER, {"loadbalancer_id": demo.LB}),
        409,
        CONFLICT,
    )
    refused(
        mockelb,
        lambda: clone_listener(
            elb,
            demo.LISTENER,
            {"loadbalancer_id": demo.LB, "protocol_port": 81},
            {"loadbalancer_id": demo.LB, "protocol_port": 81},
        ),
        409,
        CONFLICT,
    )


def test_a_load_balancer_of_another_vpc_is_refused(mockelb: MockElbClient, elb: Any) -> None:
    other = create_load_balancer(elb, vpc_id=demo.OTHER_VPC).id

    refused(
        mockelb,
        lambda: clone_listener(elb, demo.LISTENER, {"loadbalancer_id": other}),
        400,
        INVALID_INPUT,
        "another VPC",
    )


def test_ip_as_a_backend_must_follow_the_listener(mockelb: MockElbClient, elb: Any) -> None:
    # LISTENER_2 is on LB_IP_TARGETS (ip_target_enable); demo.LB has no IP backends
    refused(
        mockelb,
        lambda: clone_listener(
            elb, demo.LISTENER_2, {"loadbalancer_id": demo.LB, "protocol_port": 81}
        ),
        400,
        INVALID_INPUT,
        "ip_target_enable",
    )


def test_the_target_must_take_the_listeners_protocol(mockelb: MockElbClient, elb: Any) -> None:
    layer7_only = create_load_balancer(elb, l7_flavor_id=demo.L7_FLAVOR, vpc_id=demo.VPC).id

    refused(
        mockelb,
        lambda: clone_listener(elb, demo.LISTENER, {"loadbalancer_id": layer7_only}),
        400,
        INVALID_INPUT,
        "layer-4",
    )


def test_gateway_load_balancers_take_no_copies(mockelb: MockElbClient, elb: Any) -> None:
    gateway = load_gateway_load_balancer(mockelb)
    ip_listener = create_listener(elb, loadbalancer_id=gateway, protocol="IP", protocol_port=0).id

    refused(
        mockelb,
        lambda: clone_listener(elb, demo.LISTENER, {"loadbalancer_id": gateway}),
        400,
        INVALID_INPUT,
        "gateway",
    )
    refused(
        mockelb,
        lambda: clone_listener(elb, ip_listener, {"loadbalancer_id": demo.LB}),
        400,
        INVALID_INPUT,
        "gateway",
    )


def test_the_listener_quota_refuses_the_copies(mockelb: MockElbClient, elb: Any) -> None:
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"listener": 3}}]})

    refused(
        mockelb,
        lambda: clone_listener(
            elb,
            demo.LISTENER,
            {"loadbalancer_id": demo.LB, "protocol_port": 81},
            {"loadbalancer_id": demo.LB, "protocol_port": 82},
        ),
        409,
        QUOTA_EXCEEDED,
        "listener",
    )


def test_a_listener_with_too_many_backend_servers_is_not_copied(
    mockelb: MockElbClient, elb: Any
) -> None:
    mockelb.load_state(
        {
            "projects": [{"id": demo.PROJECT, "quotas": {"member": -1, "members_per_pool": -1}}],
            "members": [
                {
                    "pool_id": demo.POOL,
                    "address": f"192.168.0.{10 + index // 200}",
                    "protocol_port": 1000 + index,
                    "subnet_cidr_id": demo.SUBNET,
                }
                for index in range(1001)
            ],
        }
    )

    refused(
        mockelb,
        lambda: clone_listener(
            elb, demo.LISTENER, {"loadbalancer_id": demo.LB, "protocol_port": 81}
        ),
        400,
        INVALID_INPUT,
        "1000 backend servers",
    )


# --- batch_create_load_balancers ------------------------------------------------------------


def test_a_batch_names_its_load_balancers_and_records_a_job(elb: Any) -> None:
    response = batch_create(elb, name="elb-test", number=3, vip_subnet_cidr_id=demo.SUBNET)

    ids = response.loadbalancer_ids
    assert len(set(ids)) == 3 and all(UUID.fullmatch(lb_id) for lb_id in ids)
    lbs = [show_load_balancer(elb, lb_id) for lb_id in ids]
    assert [lb.name for lb in lbs] == ["elb-test-0001", "elb-test-0002", "elb-test-0003"]
    addresses = [lb.vip_address for lb in lbs]
    assert len(set(addresses)) == 3
    assert all(in_network(address, "192.168.0.0/24") for address in addresses)
    assert all(lb.availability_zone_list == [demo.AZ_1] for lb in lbs)
    job = show_job(elb, response.job_id)
    assert (job.job_type, job.status, job.resource_id) == (
        "batchCreateV3Loadbalancer",
        "COMPLETE",
        ids[0],
    )
    assert [sub.resource_id for sub in job.sub_jobs] == ids
    assert response.order_id is None


def test_one_load_balancer_keeps_its_name_and_address(elb: Any) -> None:
    response = batch_create(
        elb, name="solo", vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.77"
    )

    [lb_id] = response.loadbalancer_ids
    lb = show_load_balancer(elb, lb_id)
    assert (lb.name, lb.vip_address) == ("solo", "192.168.0.77")


def test_the_batch_create_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.post(
        f"{ELB}/loadbalancers/batch-create",
        json={
            "loadbalancer": {"number": 2, "availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}
        },
    )

    body = assert_ok_response(response, 202)
    assert set(body) == {"loadbalancer_ids", "job_id", "request_id"}
    assert_json_model(body, sdk.BatchCreateLoadBalancersResponse, optional={"order_id"})


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"number": 0}, "number", id="number-0"),
        pytest.param({"number": 11}, "number", id="number-11"),
        pytest.param({"number": 2, "vip_address": "192.168.0.50"}, "vip_address", id="vip-for-two"),
        pytest.param(
            {"number": 2, "ipv6_vip_address": "2001:db8:a583:2::50"},
            "ipv6_vip_address",
            id="ipv6-vip-for-two",
        ),
        pytest.param({"guaranteed": False}, "guaranteed", id="shared"),
        pytest.param({"availability_zone_list": None}, "availability_zone_list", id="no-az"),
        pytest.param({"id": demo.UNKNOWN_ID}, "id", id="id"),
        pytest.param({"ids": [demo.UNKNOWN_ID]}, "ids", id="ids"),
        pytest.param({"bandwidth": {"id": "bw-1"}}, "bandwidth", id="bandwidth"),
        pytest.param({"provider": "octavia"}, "provider", id="provider"),
        pytest.param({"vpc_id": None, "vip_subnet_cidr_id": None}, "vpc_id", id="no-network"),
        pytest.param(
            {"availability_zone_list": ["nowhere-1a"]}, "availability_zone_list", id="unknown-az"
        ),
        pytest.param({"colour": "red"}, "colour", id="unknown-attribute"),
    ],
)
def test_a_bad_batch_is_elb_8902_and_creates_nothing(
    mockelb: MockElbClient, http: httpx.Client, fields: dict[str, Any], field: str
) -> None:
    option = {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC, **fields}
    option = {key: value for key, value in option.items() if value is not None}
    before = mockelb.state(project_id=demo.PROJECT)

    response = http.post(f"{ELB}/loadbalancers/batch-create", json={"loadbalancer": option})

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert mockelb.state(project_id=demo.PROJECT) == before


def test_the_quota_refuses_the_whole_batch(mockelb: MockElbClient, elb: Any) -> None:
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"loadbalancer": 4}}]})

    refused(
        mockelb,
        lambda: batch_create(elb, number=3, vpc_id=demo.VPC),
        409,
        QUOTA_EXCEEDED,
        "loadbalancer",
    )
    assert len(batch_create(elb, number=2, vpc_id=demo.VPC).loadbalancer_ids) == 2


def test_an_unknown_subnet_or_flavor_refuses_the_batch(mockelb: MockElbClient, elb: Any) -> None:
    refused(
        mockelb,
        lambda: batch_create(elb, number=2, vip_subnet_cidr_id=demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
        demo.UNKNOWN_ID,
    )
    refused(
        mockelb,
        lambda: batch_create(elb, vpc_id=demo.VPC, l7_flavor_id=demo.L7_FLAVOR_SOLD_OUT),
        400,
        INVALID_INPUT,
        "sold out",
    )


def test_an_address_in_use_refuses_the_batch(mockelb: MockElbClient, elb: Any) -> None:
    refused(
        mockelb,
        lambda: batch_create(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100"),
        409,
        CONFLICT,
    )
