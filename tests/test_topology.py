"""show_load_balancer_topology (mockelb/services/topology.py), through the official SDK and
raw HTTP: the nodes (load balancer, listeners, pools), the edges (listeners, default pools,
forwarding policies, pools no listener uses), the policies as labels with their rules, the
filters and the refusals."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest

from mockelb.services.topology import LISTENER_FILTERS, POOL_FILTERS
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    create_listener,
    create_load_balancer,
    create_master_slave_pool,
    create_pool,
)
from tests.sdk_checks import (
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
)

Edge = tuple[str, str, str, str, str | None, str | None]


def topology(elb: Any, lb_id: str, **filters: Any) -> Any:
    response = elb.show_load_balancer_topology(
        elb_v3.ShowLoadBalancerTopologyRequest(loadbalancer_id=lb_id, **filters)
    )
    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    return response.topology


def edges(result: Any) -> list[Edge]:
    return [
        (e.source, e.target, e.source_type, e.target_type, e.label, e.label_id)
        for e in result.edges
    ]


def node_ids(nodes: Any) -> list[str]:
    return [node.id for node in nodes]


class Stack:
    """A load balancer with: a TCP listener and its default pool, an HTTP listener with a
    policy to an HTTP pool (with a rule) and one to an HTTPS listener, and a pool that no
    listener uses."""

    def __init__(self, elb: Any) -> None:
        self.lb = create_load_balancer(
            elb,
            name="stack",
            vip_subnet_cidr_id=demo.SUBNET_2,
            l4_flavor_id=demo.L4_FLAVOR,
            l7_flavor_id=demo.L7_FLAVOR,
        ).id
        self.tcp_pool = create_pool(elb, loadbalancer_id=self.lb, name="tcp-pool").id
        self.tcp = create_listener(
            elb,
            loadbalancer_id=self.lb,
            protocol="TCP",
            protocol_port=80,
            name="tcp",
            default_pool_id=self.tcp_pool,
        ).id
        self.http_pool = create_pool(
            elb, loadbalancer_id=self.lb, protocol="HTTP", name="http-pool"
        ).id
        self.idle_pool = create_pool(elb, loadbalancer_id=self.lb, protocol="UDP", name="idle").id
        self.http = create_listener(
            elb, loadbalancer_id=self.lb, protocol="HTTP", protocol_port=8080, name="http"
        ).id
        self.https = create_listener(
            elb,
            loadbalancer_id=self.lb,
            protocol="HTTPS",
            protocol_port=443,
            name="https",
            default_tls_container_ref=demo.CERTIFICATE,
        ).id
        rule = elb_v3.CreateL7PolicyRuleOption(
            type="PATH", compare_type="STARTS_WITH", value="/api"
        )
        self.to_pool = self._policy(
            elb,
            action="REDIRECT_TO_POOL",
            listener_id=self.http,
            redirect_pool_id=self.http_pool,
            name="api",
            rules=[rule],
        )
        self.to_listener = self._policy(
            elb,
            action="REDIRECT_TO_LISTENER",
            listener_id=self.http,
            redirect_listener_id=self.https,
        )

    @staticmethod
    def _policy(elb: Any, **fields: Any) -> str:
        body = elb_v3.CreateL7PolicyRequestBody(l7policy=elb_v3.CreateL7PolicyOption(**fields))
        response = elb.create_l7_policy(elb_v3.CreateL7PolicyRequest(body=body))
        assert response.status_code == 201
        policy_id: str = response.l7policy.id
        return policy_id


@pytest.fixture
def stack(elb: Any) -> Stack:
    return Stack(elb)


def test_every_field_has_its_sdk_type(http: httpx.Client, elb: Any, stack: Stack) -> None:
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers/{stack.lb}/topology"))

    result = body["topology"]
    assert_model_fields(result, elb_v3.LoadBalancerTopologyResult)
    assert set(result["nodes"]) == {"loadbalancers", "eips", "listeners", "pools"}
    assert result["nodes"]["eips"] == []  # mockelb binds no EIPs
    (label,) = [item for item in result["labels"]["l7policies"] if item["id"] == stack.to_pool]
    assert_model_fields(label["rules"][0], elb_v3.L7Rule)


def test_the_nodes(elb: Any, stack: Stack) -> None:
    result = topology(elb, stack.lb)

    (lb,) = result.nodes.loadbalancers
    assert (lb.id, lb.name, lb.guaranteed) == (stack.lb, "stack", True)
    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (demo.L4_FLAVOR, demo.L7_FLAVOR)
    assert lb.availability_zone_list == [demo.AZ_1]
    assert lb.vip_address and lb.ipv6_vip_address is None
    assert node_ids(result.nodes.listeners) == sorted([stack.tcp, stack.http, stack.https])
    (tcp,) = [node for node in result.nodes.listeners if node.id == stack.tcp]
    assert (tcp.name, tcp.protocol, tcp.protocol_port, tcp.port_ranges) == ("tcp", "TCP", 80, [])
    assert node_ids(result.nodes.pools) == sorted(
        [stack.tcp_pool, stack.http_pool, stack.idle_pool]
    )
    (http_pool,) = [node for node in result.nodes.pools if node.id == stack.http_pool]
    assert (http_pool.name, http_pool.protocol, http_pool.type, http_pool.lb_algorithm) == (
        "http-pool",
        "HTTP",
        "",
        "ROUND_ROBIN",
    )


def test_the_edges_and_labels(elb: Any, stack: Stack) -> None:
    result = topology(elb, stack.lb)

    listeners = sorted([stack.tcp, stack.http, stack.https])
    assert edges(result) == [
        *[(stack.lb, listener, "loadbalancer", "listener", None, None) for listener in listeners],
        *sorted(
            [
                (stack.tcp, stack.tcp_pool, "listener", "pool", None, None),
                (stack.http, stack.http_pool, "listener", "pool", "l7policy", stack.to_pool),
                (stack.http, stack.https, "listener", "listener", "l7policy", stack.to_listener),
            ],
            key=lambda edge: listeners.index(edge[0]),
        ),
        (stack.lb, stack.idle_pool, "loadbalancer", "pool", None, None),
    ]
    labels = {label.id: label for label in result.labels.l7policies}
    assert set(labels) == {stack.to_pool, stack.to_listener}
    api = labels[stack.to_pool]
    assert (api.name, api.action, api.admin_state_up) == ("api", "REDIRECT_TO_POOL", True)
    assert [(rule.type, rule.compare_type, rule.value) for rule in api.rules] == [
        ("PATH", "STARTS_WITH", "/api")
    ]
    assert labels[stack.to_listener].rules == []


def test_a_listener_filter_keeps_its_listeners_and_their_pools(elb: Any, stack: Stack) -> None:
    result = topology(elb, stack.lb, listener_id=stack.http)

    assert node_ids(result.nodes.listeners) == [stack.http]
    assert node_ids(result.nodes.pools) == [stack.http_pool]
    assert edges(result) == [
        (stack.lb, stack.http, "loadbalancer", "listener", None, None),
        (stack.http, stack.http_pool, "listener", "pool", "l7policy", stack.to_pool),
    ]
    assert [label.id for label in result.labels.l7policies] == [stack.to_pool]


@pytest.mark.parametrize(
    ("filters", "listener"),
    [
        pytest.param({"listener_name": "tcp"}, "tcp", id="name"),
        pytest.param({"listener_protocol": "TCP"}, "tcp", id="protocol"),
        pytest.param({"listener_protocol_port": 80}, "tcp", id="port"),
    ],
)
def test_each_listener_filter(
    elb: Any, stack: Stack, filters: dict[str, Any], listener: str
) -> None:
    result = topology(elb, stack.lb, **filters)

    assert node_ids(result.nodes.listeners) == [stack.tcp]
    assert node_ids(result.nodes.pools) == [stack.tcp_pool]


@pytest.mark.parametrize("key", ["pool_id", "pool_name"])
def test_a_pool_filter_keeps_its_pools_and_the_listeners_reaching_them(
    elb: Any, stack: Stack, key: str
) -> None:
    value = stack.http_pool if key == "pool_id" else "http-pool"

    result = topology(elb, stack.lb, **{key: value})

    assert node_ids(result.nodes.pools) == [stack.http_pool]
    assert node_ids(result.nodes.listeners) == [stack.http]
    assert [label.id for label in result.labels.l7policies] == [stack.to_pool]


def test_repeated_filters_add_values(http: httpx.Client, stack: Stack) -> None:
    response = http.get(
        f"{ELB}/loadbalancers/{stack.lb}/topology",
        params=[("listener_name", "tcp"), ("listener_name", "https")],
    )

    result = assert_ok_response(response)["topology"]
    assert [node["id"] for node in result["nodes"]["listeners"]] == sorted([stack.tcp, stack.https])
    assert [node["id"] for node in result["nodes"]["pools"]] == [stack.tcp_pool]


def test_filters_that_match_nothing_leave_the_load_balancer(elb: Any, stack: Stack) -> None:
    result = topology(elb, stack.lb, listener_protocol="UDP")

    assert node_ids(result.nodes.loadbalancers) == [stack.lb]
    assert (result.nodes.listeners, result.nodes.pools, result.edges) == ([], [], [])
    assert result.labels.l7policies == []


def test_an_active_standby_pool_is_a_pool_node(elb: Any) -> None:
    pool = create_master_slave_pool(elb)

    result = topology(elb, demo.LB)

    assert pool.id in node_ids(result.nodes.pools)
    assert (demo.LB, pool.id, "loadbalancer", "pool", None, None) in edges(result)


def test_a_port_that_is_no_integer_is_400(http: httpx.Client) -> None:
    response = http.get(
        f"{ELB}/loadbalancers/{demo.LB}/topology", params={"listener_protocol_port": "eighty"}
    )

    assert_error_response(response, 400, INVALID_INPUT, "listener_protocol_port")


def test_the_filters_are_the_sdks() -> None:
    request = set(elb_v3.ShowLoadBalancerTopologyRequest.attribute_map) - {"loadbalancer_id"}

    assert request == set(LISTENER_FILTERS + POOL_FILTERS)


def test_an_unknown_load_balancer_is_404(elb: Any) -> None:
    assert_refused(
        lambda: elb.show_load_balancer_topology(
            elb_v3.ShowLoadBalancerTopologyRequest(loadbalancer_id=demo.UNKNOWN_ID)
        ),
        404,
        NOT_FOUND,
        f"loadbalancer {demo.UNKNOWN_ID} could not be found",
    )
