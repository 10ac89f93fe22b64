"""show_load_balancer_ports (mockelb/services/local_ports.py), through the official SDK and
raw HTTP: the ports a load balancer holds in its backend subnets, one per subnet, zone and
kind its flavors need, their addresses (in the subnet, from the top, never an address in
use, distinct between load balancers), stable ids, the filters and the refusals."""

from __future__ import annotations

import ipaddress
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest

from mockelb.services.local_ports import FILTER_KEYS
from tests import demo
from tests.error_codes import NOT_FOUND
from tests.factories import ELB, create_load_balancer, update_load_balancer
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    in_network,
)

SUBNET_NETWORK = demo.SUBNET_VPC_ID  # demo.SUBNET's network id: 192.168.0.0/24
SUBNET_2_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02"  # demo.SUBNET_2: 192.168.1.0/24
ECS_1_ADDRESS = "192.168.0.10"
DEMO_VIP = "192.168.0.100"


def ports(elb: Any, lb_id: str, **filters: Any) -> list[Any]:
    response = elb.show_load_balancer_ports(
        elb_v3.ShowLoadBalancerPortsRequest(loadbalancer_id=lb_id, **filters)
    )
    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    return list(response.ports)


def new_load_balancer(elb: Any, **fields: Any) -> str:
    """A load balancer on demo.SUBNET in two zones, with the flavors given."""
    defaults = {"vip_subnet_cidr_id": demo.SUBNET, "availability_zone_list": [demo.AZ_1, demo.AZ_2]}
    lb_id: str = create_load_balancer(elb, **{**defaults, **fields}).id
    return lb_id


def test_every_field_has_its_sdk_type(http: httpx.Client) -> None:
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB_IP_TARGETS}/local-ports"))

    assert body["ports"]
    for port in body["ports"]:
        assert_model_fields(port, elb_v3.LocalPort)
        assert set(port) == set(elb_v3.LocalPort.attribute_map.values())


def test_one_port_per_zone_and_kind_in_the_backend_subnet(elb: Any) -> None:
    lb_id = new_load_balancer(elb, l4_flavor_id=demo.L4_FLAVOR, l7_flavor_id=demo.L7_FLAVOR)

    found = ports(elb, lb_id)

    assert [port.type for port in found] == ["l4_hc", "l7", "l4_hc", "l7"]
    assert {port.virsubnet_id for port in found} == {SUBNET_NETWORK}
    addresses = [port.ip_address for port in found]
    assert len(set(addresses)) == 4
    assert all(in_network(address, "192.168.0.0/24") for address in addresses)
    assert not {ECS_1_ADDRESS, DEMO_VIP, "192.168.0.1", "192.168.0.255"} & set(addresses)
    assert all(port.ipv6_address is None for port in found)  # an IPv4-only subnet
    assert all(UUID.match(port.port_id) for port in found)
    assert len({port.port_id for port in found}) == 4


def test_the_ports_are_the_same_on_every_call(elb: Any) -> None:
    lb_id = new_load_balancer(elb, l4_flavor_id=demo.L4_FLAVOR)

    assert [port.to_dict() for port in ports(elb, lb_id)] == [
        port.to_dict() for port in ports(elb, lb_id)
    ]


@pytest.mark.parametrize(
    ("fields", "kinds"),
    [
        pytest.param({"l4_flavor_id": demo.L4_FLAVOR}, ["l4_hc"], id="l4"),
        pytest.param(
            {"l4_flavor_id": demo.L4_FLAVOR, "ip_target_enable": True},
            ["l4_hc", "l4"],
            id="l4-full-nat",
        ),
        pytest.param({"l7_flavor_id": demo.L7_FLAVOR}, ["l7"], id="l7"),
    ],
)
def test_the_flavors_decide_the_kinds(elb: Any, fields: dict[str, Any], kinds: list[str]) -> None:
    lb_id = new_load_balancer(elb, availability_zone_list=[demo.AZ_1], **fields)

    assert [port.type for port in ports(elb, lb_id)] == kinds


def test_a_dual_stack_subnet_gives_ipv6_addresses_too(elb: Any) -> None:
    found = ports(elb, demo.LB_IP_TARGETS)

    assert found and {port.virsubnet_id for port in found} == {demo.DUALSTACK_NETWORK}
    for port in found:
        assert in_network(port.ip_address, "192.168.2.0/24")
        assert in_network(port.ipv6_address, "2001:db8:a583:2::/64")
    assert len({port.ipv6_address for port in found}) == len(found)


def test_load_balancers_of_a_subnet_hold_distinct_addresses(elb: Any) -> None:
    first = new_load_balancer(elb, l4_flavor_id=demo.L4_FLAVOR)
    before = [port.to_dict() for port in ports(elb, first)]

    second = new_load_balancer(elb, l4_flavor_id=demo.L4_FLAVOR)

    assert [port.to_dict() for port in ports(elb, first)] == before
    taken = {port.ip_address for port in ports(elb, first)}
    taken_by_demo = {port.ip_address for port in ports(elb, demo.LB)}  # the demo LB's too
    new = {port.ip_address for port in ports(elb, second)}
    assert len(new) == 2 and not new & (taken | taken_by_demo)


def test_a_port_address_is_highest_free_in_the_subnet(elb: Any) -> None:
    """The demo LB, the first of demo.SUBNET, takes the top addresses."""
    found = ports(elb, demo.LB)

    top = sorted((ipaddress.ip_address(port.ip_address) for port in found), reverse=True)
    assert str(top[0]) == "192.168.0.254"
    assert [int(address) for address in top] == list(
        range(int(top[0]), int(top[0]) - len(found), -1)
    )


def test_new_backend_subnets_get_ports(elb: Any) -> None:
    lb_id = new_load_balancer(elb, l4_flavor_id=demo.L4_FLAVOR, availability_zone_list=[demo.AZ_1])

    update_load_balancer(elb, lb_id, elb_virsubnet_ids=[SUBNET_NETWORK, SUBNET_2_NETWORK])

    found = ports(elb, lb_id)
    assert [port.virsubnet_id for port in found] == [SUBNET_NETWORK, SUBNET_2_NETWORK]
    assert in_network(found[1].ip_address, "192.168.1.0/24")


@pytest.mark.parametrize("key", ["port_id", "ip_address", "type", "virsubnet_id"])
def test_each_filter_keeps_what_it_names(elb: Any, key: str) -> None:
    every = ports(elb, demo.LB_IP_TARGETS)
    wanted = {getattr(every[0], key), getattr(every[-1], key)}

    found = ports(elb, demo.LB_IP_TARGETS, **{key: sorted(wanted)})

    assert found and {getattr(port, key) for port in found} == wanted
    assert [port.to_dict() for port in found] == [
        port.to_dict() for port in every if getattr(port, key) in wanted
    ]


def test_the_ipv6_filter_compares_addresses(elb: Any) -> None:
    every = ports(elb, demo.LB_IP_TARGETS)
    address = ipaddress.ip_address(every[1].ipv6_address)

    found = ports(elb, demo.LB_IP_TARGETS, ipv6_address=[address.exploded])

    assert [port.port_id for port in found] == [every[1].port_id]


def test_filters_that_match_nothing_leave_an_empty_list(elb: Any) -> None:
    assert ports(elb, demo.LB, type=["l4"]) == []
    assert ports(elb, demo.LB, virsubnet_id=[demo.UNKNOWN_ID]) == []


def test_the_filters_are_the_sdks() -> None:
    request = set(elb_v3.ShowLoadBalancerPortsRequest.attribute_map) - {"loadbalancer_id"}

    assert request == set(FILTER_KEYS)


def test_an_unknown_load_balancer_is_404(elb: Any, http: httpx.Client) -> None:
    assert_refused(
        lambda: elb.show_load_balancer_ports(
            elb_v3.ShowLoadBalancerPortsRequest(loadbalancer_id=demo.UNKNOWN_ID)
        ),
        404,
        NOT_FOUND,
        f"loadbalancer {demo.UNKNOWN_ID} could not be found",
    )
    assert_error_response(
        http.get(f"{ELB}/loadbalancers/%00/local-ports"), 404, NOT_FOUND, "loadbalancer"
    )
