"""Every rule of batch-add (POST /v3/{project}/elb/pools/{pool}/members/batch-add).

Each test would fail if its rule were taken out of mockelb: rejections assert the exact
status and error code and that the pool's members are unchanged afterwards; acceptances
assert what is stored. The official SDK sends most requests; raw HTTP sends what the SDK
cannot (unknown attributes, wrong JSON types, more than 200 items, broken bodies). Last,
hypothesis properties on the in-process app (fuzz, slow): a batch adds every member or none,
and re-adding a batch changes nothing.

Batch-add's share of the project member quota, counted together with create_member, is in
test_members.py ("quotas").
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import (
    INVALID_INPUT,
    IP_MEMBER_PROTOCOL_NOT_SUPPORTED,
    IP_TARGET_NOT_ENABLED,
    NOT_FOUND,
    QUOTA_EXCEEDED,
)
from tests.factories import add_members, show_member, stored_members
from tests.sdk_checks import TIME, assert_error_response, assert_sdk_error

OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
IPV6_MEMBER = "2001:db8:a583:2::20"  # inside DUALSTACK_NETWORK's 2001:db8:a583:2::/64


# --- helpers -------------------------------------------------------------------------


def batch_path(pool_id: str, project_id: str = demo.PROJECT) -> str:
    return f"/v3/{project_id}/elb/pools/{pool_id}/members/batch-add"


def members_path(pool_id: str, project_id: str = demo.PROJECT) -> str:
    return f"/v3/{project_id}/elb/pools/{pool_id}/members"


def batch_member(**fields: Any) -> dict[str, Any]:
    """One BatchCreateMembersOption of the demo POOL; a field given as None is left out."""
    item: dict[str, Any] = {
        "address": "192.168.0.20",
        "protocol_port": 8080,
        "subnet_cidr_id": demo.SUBNET,
    }
    item.update(fields)
    return {key: value for key, value in item.items() if value is not None}


def ip_batch_member(**fields: Any) -> dict[str, Any]:
    """An IP-type member (no subnet_cidr_id)."""
    return batch_member(**{"address": "10.1.2.3", "subnet_cidr_id": None, **fields})


def stored_endpoints(http: httpx.Client, pool_id: str) -> list[tuple[str, int]]:
    return sorted((m["address"], m["protocol_port"]) for m in stored_members(http, pool_id))


def count(http: httpx.Client, pool_id: str) -> int:
    response = http.get(members_path(pool_id))
    assert response.status_code == 200, response.text
    current: int = response.json()["page_info"]["current_count"]
    return current


def rejected(
    elb: Any,
    http: httpx.Client,
    pool_id: str,
    items: list[dict[str, Any]],
    status: int,
    error_code: str,
) -> ClientRequestException:
    """Send through the SDK, expect the error, and check the pool did not change."""
    before = stored_endpoints(http, pool_id)
    with pytest.raises(ClientRequestException) as info:
        add_members(elb, pool_id, *items)
    error = info.value
    assert_sdk_error(error, status, error_code)
    assert stored_endpoints(http, pool_id) == before
    return error


def raw_rejected(
    http: httpx.Client,
    pool_id: str,
    status: int,
    error_code: str,
    *,
    json: Any = None,
    content: bytes | None = None,
) -> dict[str, Any]:
    """Send a raw body, expect the error in the cloud's envelope, pool unchanged."""
    before = stored_endpoints(http, pool_id)
    if content is not None:
        response = http.post(
            batch_path(pool_id), content=content, headers={"Content-Type": "application/json"}
        )
    else:
        response = http.post(batch_path(pool_id), json=json)
    body = assert_error_response(response, status, error_code)
    assert stored_endpoints(http, pool_id) == before
    return body


# --- 1. 1 to 200 members per call ----------------------------------------------------


@pytest.mark.parametrize("size", [0, 201], ids=["no-members", "201-members"])
def test_a_batch_must_hold_1_to_200_members(http: httpx.Client, size: int) -> None:
    items = [batch_member(protocol_port=1000 + i) for i in range(size)]

    body = raw_rejected(http, demo.POOL, 400, INVALID_INPUT, json={"members": items})

    assert "members" in body["error_msg"]


def test_an_empty_member_list_is_refused_through_the_sdk(elb: Any, http: httpx.Client) -> None:
    rejected(elb, http, demo.POOL, [], 400, INVALID_INPUT)


def test_a_batch_of_exactly_200_members_is_stored(elb: Any, http: httpx.Client) -> None:
    items = [batch_member(address="192.168.0.50", protocol_port=1000 + i) for i in range(200)]

    members = add_members(elb, demo.POOL, *items)

    assert len(members) == 200
    assert {m.ret_status for m in members} == {"successful"}
    assert [m.protocol_port for m in members] == list(range(1000, 1200))
    assert count(http, demo.POOL) == 200


# --- 2. address ----------------------------------------------------------------------


def test_address_is_required(elb: Any, http: httpx.Client) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(address=None)], 400, INVALID_INPUT)

    assert "address" in error.error_msg


@pytest.mark.parametrize(
    "address",
    ["", "not-an-ip", "192.168.0.256", "192.168.0", "192.168.0.20/32", "192.168.0.020", "::g"],
    ids=["empty", "hostname", "octet-256", "three-octets", "cidr", "leading-zero", "bad-ipv6"],
)
def test_address_must_be_an_ip_address(elb: Any, http: httpx.Client, address: str) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(address=address)], 400, INVALID_INPUT)

    assert "address" in error.error_msg


# --- 3. protocol_port ----------------------------------------------------------------


@pytest.mark.parametrize("port", [None, 0, 65536, -1], ids=["missing", "zero", "65536", "negative"])
def test_protocol_port_is_required_and_1_to_65535_in_a_normal_pool(
    elb: Any, http: httpx.Client, port: int | None
) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(protocol_port=port)], 400, INVALID_INPUT)

    assert "protocol_port" in error.error_msg


@pytest.mark.parametrize("port", [1, 65535], ids=["1", "65535"])
def test_protocol_port_bounds_are_accepted(elb: Any, http: httpx.Client, port: int) -> None:
    members = add_members(elb, demo.POOL, batch_member(protocol_port=port))

    assert members[0].protocol_port == port
    assert stored_endpoints(http, demo.POOL) == [("192.168.0.20", port)]


@pytest.mark.parametrize("port", [None, 8080], ids=["omitted", "given"])
def test_any_port_pool_stores_protocol_port_0(
    elb: Any, http: httpx.Client, port: int | None
) -> None:
    members = add_members(elb, demo.POOL_ANY_PORT, batch_member(protocol_port=port))

    assert members[0].protocol_port == 0
    assert stored_endpoints(http, demo.POOL_ANY_PORT) == [("192.168.0.20", 0)]


def test_ip_protocol_pool_refuses_a_port_other_than_0(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address="192.168.1.20", protocol_port=80, subnet_cidr_id=demo.SUBNET_2)

    error = rejected(elb, http, demo.POOL_IP_PROTOCOL, [item], 400, INVALID_INPUT)

    assert "protocol_port" in error.error_msg


def test_ip_protocol_pool_takes_port_0_in_a_subnet_of_the_lb_vpc(
    elb: Any, http: httpx.Client
) -> None:
    item = batch_member(address="192.168.1.20", protocol_port=0, subnet_cidr_id=demo.SUBNET_2)

    members = add_members(elb, demo.POOL_IP_PROTOCOL, item)

    created = members[0]
    assert (created.protocol_port, created.subnet_cidr_id) == (0, demo.SUBNET_2)
    assert created.member_type == "instance"
    assert stored_endpoints(http, demo.POOL_IP_PROTOCOL) == [("192.168.1.20", 0)]


def test_ip_protocol_pool_refuses_the_load_balancers_own_subnet(
    elb: Any, http: httpx.Client
) -> None:
    item = batch_member(
        address="192.168.2.20", protocol_port=0, subnet_cidr_id=demo.DUALSTACK_SUBNET
    )

    error = rejected(elb, http, demo.POOL_IP_PROTOCOL, [item], 400, INVALID_INPUT)

    assert "subnet_cidr_id" in error.error_msg


# --- 4. weight -----------------------------------------------------------------------


@pytest.mark.parametrize("weight", [-1, 101], ids=["-1", "101"])
def test_weight_outside_0_to_100_is_refused(elb: Any, http: httpx.Client, weight: int) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(weight=weight)], 400, INVALID_INPUT)

    assert "weight" in error.error_msg


@pytest.mark.parametrize(
    ("weight", "expected"), [(0, 0), (100, 100), (None, 1)], ids=["0", "100", "default-1"]
)
def test_weight_is_stored_and_defaults_to_1(
    elb: Any, http: httpx.Client, weight: int | None, expected: int
) -> None:
    members = add_members(elb, demo.POOL, batch_member(weight=weight))

    assert members[0].weight == expected
    assert [m["weight"] for m in stored_members(http, demo.POOL)] == [expected]


# --- 5. name -------------------------------------------------------------------------


def test_name_longer_than_255_characters_is_refused(elb: Any, http: httpx.Client) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(name="n" * 256)], 400, INVALID_INPUT)

    assert "name" in error.error_msg


@pytest.mark.parametrize(
    ("name", "expected"), [("n" * 255, "n" * 255), (None, "")], ids=["255-chars", "omitted"]
)
def test_name_is_stored_and_defaults_to_empty(
    elb: Any, http: httpx.Client, name: str | None, expected: str
) -> None:
    members = add_members(elb, demo.POOL, batch_member(name=name))

    assert members[0].name == expected
    assert [m["name"] for m in stored_members(http, demo.POOL)] == [expected]


# --- 6. subnet_cidr_id ---------------------------------------------------------------


def test_unknown_subnet_is_404_naming_it(elb: Any, http: httpx.Client) -> None:
    error = rejected(
        elb, http, demo.POOL, [batch_member(subnet_cidr_id=demo.UNKNOWN_ID)], 404, NOT_FOUND
    )

    assert error.error_msg == f"subnet {demo.UNKNOWN_ID} could not be found."


def test_subnet_must_be_in_the_load_balancers_vpc(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address="172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET)

    error = rejected(elb, http, demo.POOL, [item], 400, INVALID_INPUT)

    assert "subnet_cidr_id" in error.error_msg


def test_address_must_lie_in_the_subnet_cidr(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address="192.168.1.5", subnet_cidr_id=demo.SUBNET)

    error = rejected(elb, http, demo.POOL, [item], 400, INVALID_INPUT)

    assert "address" in error.error_msg


@pytest.mark.parametrize("address", ["192.168.0.0", "192.168.0.255"], ids=["network", "broadcast"])
def test_network_and_broadcast_addresses_are_refused(
    elb: Any, http: httpx.Client, address: str
) -> None:
    error = rejected(elb, http, demo.POOL, [batch_member(address=address)], 400, INVALID_INPUT)

    assert address in error.error_msg


@pytest.mark.parametrize(
    ("pool_id", "item"),
    [
        pytest.param(demo.POOL, batch_member(address="192.168.0.100"), id="vip-of-this-lb"),
        # POOL_DUALSTACK is on LB_IP_TARGETS; 192.168.0.100 is the VIP of the demo LB
        pytest.param(
            demo.POOL_DUALSTACK, batch_member(address="192.168.0.100"), id="vip-of-another-lb"
        ),
    ],
)
def test_a_load_balancer_vip_is_not_an_instance_member(
    elb: Any, http: httpx.Client, pool_id: str, item: dict[str, Any]
) -> None:
    error = rejected(elb, http, pool_id, [item], 400, INVALID_INPUT)

    assert "load balancer" in error.error_msg


# --- 7. IPv6 -------------------------------------------------------------------------


def test_ipv6_member_through_the_dualstack_network_id(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address=IPV6_MEMBER, subnet_cidr_id=demo.DUALSTACK_NETWORK)

    members = add_members(elb, demo.POOL_DUALSTACK, item)

    created = members[0]
    assert (created.address, created.subnet_cidr_id) == (IPV6_MEMBER, demo.DUALSTACK_NETWORK)
    assert created.member_type == "instance"
    [listed] = stored_members(http, demo.POOL_DUALSTACK)
    assert (listed["address"], listed["ip_version"]) == (IPV6_MEMBER, "v6")


def test_dualstack_pool_also_takes_ipv4_members(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address="192.168.2.20", subnet_cidr_id=demo.DUALSTACK_SUBNET)

    add_members(elb, demo.POOL_DUALSTACK, item)

    [listed] = stored_members(http, demo.POOL_DUALSTACK)
    assert (listed["address"], listed["ip_version"]) == ("192.168.2.20", "v4")


@pytest.mark.parametrize(
    ("pool_id", "address", "subnet_id"),
    [
        (demo.POOL_DUALSTACK, IPV6_MEMBER, demo.DUALSTACK_SUBNET),
        (demo.POOL_DUALSTACK, "192.168.2.20", demo.DUALSTACK_NETWORK),
        (demo.POOL, IPV6_MEMBER, demo.DUALSTACK_NETWORK),
    ],
    ids=["ipv6-with-ipv4-subnet-id", "ipv4-with-ipv6-network-id", "ipv6-in-v4-pool"],
)
def test_ipv6_needs_the_network_id_and_a_dualstack_pool(
    elb: Any, http: httpx.Client, pool_id: str, address: str, subnet_id: str
) -> None:
    item = batch_member(address=address, subnet_cidr_id=subnet_id)

    error = rejected(elb, http, pool_id, [item], 400, INVALID_INPUT)

    assert "address" in error.error_msg


def test_network_id_of_a_subnet_without_ipv6_is_not_found(elb: Any, http: httpx.Client) -> None:
    item = batch_member(address=IPV6_MEMBER, subnet_cidr_id=demo.SUBNET_VPC_ID)

    error = rejected(elb, http, demo.POOL_DUALSTACK, [item], 404, NOT_FOUND)

    assert error.error_msg == f"subnet {demo.SUBNET_VPC_ID} could not be found."


# --- 8. IP-type members (no subnet) --------------------------------------------------


def test_ip_member_needs_ip_target_enable_on_the_load_balancer(
    elb: Any, http: httpx.Client
) -> None:
    rejected(elb, http, demo.POOL, [ip_batch_member()], 400, IP_TARGET_NOT_ENABLED)


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.31.255.254", "192.168.200.1"],
    ids=["10/8", "172.16/12", "192.168/16"],
)
def test_ip_member_with_a_private_ipv4_address(elb: Any, http: httpx.Client, address: str) -> None:
    members = add_members(elb, demo.POOL_HTTP, ip_batch_member(address=address))

    created = members[0]
    assert created.member_type == "ip"
    assert created.subnet_cidr_id is None
    assert created.instance_id == ""
    assert created.port_id == ""
    [listed] = stored_members(http, demo.POOL_HTTP)
    assert (listed["address"], listed["member_type"], listed["subnet_cidr_id"]) == (
        address,
        "ip",
        None,
    )


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "172.32.0.1", "192.169.0.1", "11.0.0.1", "127.0.0.1", "169.254.1.1"],
    ids=["8.8.8.8", "above-172.16/12", "above-192.168/16", "above-10/8", "loopback", "link-local"],
)
def test_ip_member_refuses_a_public_ipv4_address(
    elb: Any, http: httpx.Client, address: str
) -> None:
    error = rejected(
        elb, http, demo.POOL_HTTP, [ip_batch_member(address=address)], 400, INVALID_INPUT
    )

    assert "address" in error.error_msg


def test_ip_member_refuses_an_ipv6_address(elb: Any, http: httpx.Client) -> None:
    # a dual-stack pool on an ip_target_enable load balancer: only the IPv4 rule is left
    rejected(
        elb, http, demo.POOL_DUALSTACK, [ip_batch_member(address=IPV6_MEMBER)], 400, INVALID_INPUT
    )


def test_ip_member_needs_a_pool_protocol_that_supports_it(elb: Any, http: httpx.Client) -> None:
    rejected(
        elb,
        http,
        demo.POOL_IP_PROTOCOL,
        [ip_batch_member(protocol_port=0)],
        400,
        IP_MEMBER_PROTOCOL_NOT_SUPPORTED,
    )


# --- 9. availability_zone ------------------------------------------------------------


def test_availability_zone_is_refused_with_a_subnet(elb: Any, http: httpx.Client) -> None:
    item = batch_member(availability_zone=demo.AZ_1)

    error = rejected(elb, http, demo.POOL, [item], 400, INVALID_INPUT)

    assert "availability_zone" in error.error_msg


def test_availability_zone_is_required_for_ip_members_under_az_affinity(
    elb: Any, http: httpx.Client
) -> None:
    error = rejected(
        elb, http, demo.POOL_AZ_AFFINITY, [ip_batch_member(protocol_port=53)], 400, INVALID_INPUT
    )

    assert "availability_zone" in error.error_msg


def test_ip_member_under_az_affinity_keeps_its_zone(elb: Any) -> None:
    item = ip_batch_member(protocol_port=53, availability_zone=demo.AZ_1)

    members = add_members(elb, demo.POOL_AZ_AFFINITY, item)

    created = members[0]
    assert created.member_type == "ip"
    assert show_member(elb, demo.POOL_AZ_AFFINITY, created.id).availability_zone == demo.AZ_1


def test_ip_member_without_az_affinity_may_carry_a_zone(elb: Any, http: httpx.Client) -> None:
    members = add_members(elb, demo.POOL_HTTP, ip_batch_member(availability_zone=demo.AZ_2))

    assert show_member(elb, demo.POOL_HTTP, members[0].id).availability_zone == demo.AZ_2
    assert [m["availability_zone"] for m in stored_members(http, demo.POOL_HTTP)] == [demo.AZ_2]


@pytest.mark.parametrize(
    ("pool_id", "port"),
    [(demo.POOL_AZ_AFFINITY, 53), (demo.POOL_HTTP, 8080)],
    ids=["az-affinity-pool", "http-pool"],
)
def test_unknown_availability_zone_is_refused(
    elb: Any, http: httpx.Client, pool_id: str, port: int
) -> None:
    item = ip_batch_member(protocol_port=port, availability_zone="cn-north-4z")

    error = rejected(elb, http, pool_id, [item], 400, INVALID_INPUT)

    assert "availability_zone" in error.error_msg


# --- 10. unknown attributes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"members": [batch_member()], "foo": 1}, ["foo"]),
        ({"members": [batch_member(foo="bar")]}, ["foo"]),
        (
            {
                "members": [
                    batch_member(),
                    batch_member(address="192.168.0.21", admin_state_up=True),
                ]
            },
            ["admin_state_up"],
        ),
        (
            {"members": [batch_member(ip_version="v4", pool_id=demo.POOL)]},
            ["ip_version", "pool_id"],
        ),
        ({"member": batch_member()}, ["member"]),
    ],
    ids=["top-level", "in-member", "in-second-member", "two-in-member", "member-not-members"],
)
def test_unknown_attributes_are_refused_by_name(
    http: httpx.Client, body: dict[str, Any], names: list[str]
) -> None:
    error = raw_rejected(http, demo.POOL, 400, INVALID_INPUT, json=body)

    assert error["error_msg"].startswith("Unrecognized attribute(s)")
    for name in names:
        assert name in error["error_msg"]


def test_unknown_attribute_message_is_the_clouds(http: httpx.Client) -> None:
    error = raw_rejected(
        http, demo.POOL, 400, INVALID_INPUT, json={"members": [batch_member(foo="bar")]}
    )

    assert error["error_msg"] == "Unrecognized attribute(s) 'foo'"


# --- 11. members-per-pool quota ------------------------------------------------------


def test_members_per_pool_quota(elb: Any, http: httpx.Client) -> None:
    def batch(first_port: int, size: int = 200) -> list[dict[str, Any]]:
        return [batch_member(protocol_port=first_port + i) for i in range(size)]

    add_members(elb, demo.POOL, *batch(1000))
    add_members(elb, demo.POOL, *batch(2000))
    assert count(http, demo.POOL) == 400

    error = rejected(elb, http, demo.POOL, batch(3000), 409, QUOTA_EXCEEDED)

    assert "members_per_pool" in error.error_msg
    assert count(http, demo.POOL) == 400
    add_members(elb, demo.POOL, *batch(3000, 100))  # exactly up to the quota of 500
    assert count(http, demo.POOL) == 500
    rejected(elb, http, demo.POOL, batch(4000, 1), 409, QUOTA_EXCEEDED)
    assert count(http, demo.POOL) == 500


def test_existed_members_do_not_count_against_the_quota(elb: Any, http: httpx.Client) -> None:
    items = [batch_member(protocol_port=1000 + i) for i in range(200)]
    add_members(elb, demo.POOL, *items)
    add_members(elb, demo.POOL, *[batch_member(protocol_port=2000 + i) for i in range(200)])
    add_members(elb, demo.POOL, *[batch_member(protocol_port=3000 + i) for i in range(99)])
    assert count(http, demo.POOL) == 499

    members = add_members(elb, demo.POOL, *items[:199], batch_member(protocol_port=4000))

    assert [m.ret_status for m in members] == ["existed"] * 199 + ["successful"]
    assert count(http, demo.POOL) == 500
    again = add_members(elb, demo.POOL, *items)
    assert {m.ret_status for m in again} == {"existed"}
    assert count(http, demo.POOL) == 500


# --- 12. all or nothing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("invalid", "status", "error_code"),
    [
        (batch_member(address="192.168.0.999"), 400, INVALID_INPUT),
        (batch_member(subnet_cidr_id=demo.UNKNOWN_ID), 404, NOT_FOUND),
        (
            batch_member(address="172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET),
            400,
            INVALID_INPUT,
        ),
        (batch_member(address="192.168.1.5"), 400, INVALID_INPUT),
        (batch_member(protocol_port=0), 400, INVALID_INPUT),
        (batch_member(protocol_port=65536), 400, INVALID_INPUT),
        (batch_member(weight=101), 400, INVALID_INPUT),
        (ip_batch_member(), 400, IP_TARGET_NOT_ENABLED),
    ],
    ids=[
        "bad-address",
        "unknown-subnet",
        "subnet-in-other-vpc",
        "address-outside-subnet",
        "port-0",
        "port-65536",
        "weight-101",
        "ip-member-without-ip-targets",
    ],
)
def test_one_invalid_item_stores_nothing(
    elb: Any, http: httpx.Client, invalid: dict[str, Any], status: int, error_code: str
) -> None:
    add_members(elb, demo.POOL, batch_member(address="192.168.0.30", protocol_port=80))
    valid = [batch_member(address=f"192.168.0.{n}", protocol_port=80) for n in (31, 32, 33)]

    rejected(elb, http, demo.POOL, [*valid, invalid], status, error_code)

    assert stored_endpoints(http, demo.POOL) == [("192.168.0.30", 80)]


# --- 13. ret_status "existed" --------------------------------------------------------


def test_re_adding_an_endpoint_returns_the_existing_member(elb: Any, http: httpx.Client) -> None:
    first = add_members(elb, demo.POOL, batch_member(name="first", weight=5))[0]

    again = add_members(elb, demo.POOL, batch_member(name="second", weight=50))

    [existed] = again
    assert existed.ret_status == "existed"
    assert existed.id == first.id
    assert (existed.name, existed.weight) == ("first", 5)
    assert existed.created_at == first.created_at
    [listed] = stored_members(http, demo.POOL)
    assert (listed["id"], listed["name"], listed["weight"]) == (first.id, "first", 5)


def test_the_same_endpoint_twice_in_one_batch_is_stored_once(elb: Any, http: httpx.Client) -> None:
    members = add_members(
        elb, demo.POOL, batch_member(name="a", weight=3), batch_member(name="b", weight=7)
    )

    assert [m.ret_status for m in members] == ["successful", "existed"]
    assert members[0].id == members[1].id
    assert [(m.name, m.weight) for m in members] == [("a", 3), ("a", 3)]
    [listed] = stored_members(http, demo.POOL)
    assert listed["id"] == members[0].id


def test_same_address_on_another_port_is_a_new_member(elb: Any, http: httpx.Client) -> None:
    first = add_members(elb, demo.POOL, batch_member(protocol_port=80))[0]

    members = add_members(
        elb, demo.POOL, batch_member(protocol_port=81), batch_member(protocol_port=80)
    )

    assert [m.ret_status for m in members] == ["successful", "existed"]
    assert members[0].id != first.id
    assert members[1].id == first.id
    assert stored_endpoints(http, demo.POOL) == [("192.168.0.20", 80), ("192.168.0.20", 81)]


# --- 14. member_type, instance_id, port_id, admin_state_up ---------------------------


def test_member_at_an_ecs_nic_is_bound_to_the_instance(elb: Any) -> None:
    members = add_members(elb, demo.POOL, batch_member(address="192.168.0.10"))

    created = members[0]
    assert created.member_type == "instance"
    assert (created.instance_id, created.port_id) == (demo.ECS_1, demo.ECS_1_PORT)
    assert created.admin_state_up is True
    shown = show_member(elb, demo.POOL, created.id)
    assert shown.availability_zone == demo.AZ_1
    assert (shown.instance_id, shown.admin_state_up) == (demo.ECS_1, True)


@pytest.mark.parametrize(
    "address",
    ["2001:db8:a583:2::10", "2001:DB8:A583:2:0:0:0:10"],
    ids=["canonical", "uppercase-uncompressed"],
)
def test_ipv6_member_at_an_ecs_nic_is_bound_to_the_instance(elb: Any, address: str) -> None:
    item = batch_member(address=address, subnet_cidr_id=demo.DUALSTACK_NETWORK)

    created = add_members(elb, demo.POOL_DUALSTACK, item)[0]

    assert created.address == "2001:db8:a583:2::10"
    assert (created.instance_id, created.admin_state_up) == (demo.ECS_2, True)
    assert show_member(elb, demo.POOL_DUALSTACK, created.id).availability_zone == demo.AZ_2
    # another spelling of the same address is the same endpoint
    other_spelling = batch_member(
        address="2001:0db8:a583:0002::0010", subnet_cidr_id=demo.DUALSTACK_NETWORK
    )
    again = add_members(elb, demo.POOL_DUALSTACK, other_spelling)
    assert (again[0].ret_status, again[0].id) == ("existed", created.id)


def test_member_at_a_non_ecs_address_has_no_instance(elb: Any) -> None:
    created = add_members(elb, demo.POOL, batch_member(address="192.168.0.20"))[0]

    assert created.member_type == "instance"
    assert created.subnet_cidr_id == demo.SUBNET
    assert (created.instance_id, created.port_id) == ("", "")
    assert created.admin_state_up is False
    assert show_member(elb, demo.POOL, created.id).availability_zone == ""


# --- 15. operating_status and status -------------------------------------------------


def test_member_of_a_pool_behind_a_listener_is_no_monitor(elb: Any) -> None:
    created = add_members(elb, demo.POOL, batch_member(address="192.168.0.10"))[0]

    assert created.instance_id == demo.ECS_1
    assert created.operating_status == "NO_MONITOR"
    assert [(s.listener_id, s.operating_status) for s in created.status] == [
        (demo.LISTENER, "NO_MONITOR")
    ]


def test_member_behind_a_listener_without_a_cloud_server_is_offline(elb: Any) -> None:
    # "the cloud server used as the backend server is stopped or does not exist"
    created = add_members(elb, demo.POOL, batch_member())[0]

    assert created.instance_id == ""
    assert created.operating_status == "OFFLINE"
    assert [(s.listener_id, s.operating_status) for s in created.status] == [
        (demo.LISTENER, "OFFLINE")
    ]


def test_member_of_a_pool_on_a_load_balancer_without_listener(elb: Any) -> None:
    created = add_members(elb, demo.POOL_HTTP, ip_batch_member())[0]

    assert created.operating_status == "NO_MONITOR"
    assert created.status == []


def test_member_of_a_standalone_pool_is_unknown(elb: Any, http: httpx.Client) -> None:
    created = add_members(elb, demo.POOL_STANDALONE, batch_member(address="192.168.0.30"))[0]

    assert created.operating_status == "UNKNOWN"
    assert created.status == []
    assert stored_endpoints(http, demo.POOL_STANDALONE) == [("192.168.0.30", 8080)]


# --- 16. unknown pool ----------------------------------------------------------------


def test_unknown_pool_is_404(elb: Any) -> None:
    with pytest.raises(ClientRequestException) as info:
        add_members(elb, demo.UNKNOWN_ID, batch_member())

    error = info.value
    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


def test_a_pool_is_not_visible_from_another_project(
    mockelb: MockElbServer, http: httpx.Client
) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    with pytest.raises(ClientRequestException) as info:
        add_members(other, demo.POOL, batch_member())

    error = info.value
    assert (error.status_code, error.error_code) == (404, NOT_FOUND)
    assert error.error_msg == f"pool {demo.POOL} could not be found."
    raw = http.post(batch_path(demo.POOL, OTHER_PROJECT), json={"members": [batch_member()]})
    assert raw.status_code == 404
    assert raw.json()["error_code"] == NOT_FOUND
    assert stored_members(http, demo.POOL) == []


# --- 17. response field types --------------------------------------------------------


def test_response_field_types_through_the_sdk(elb: Any) -> None:
    items = [batch_member(address="192.168.0.10"), batch_member(weight=0)]
    body = BatchCreateMembersRequestBody(members=[BatchCreateMembersOption(**i) for i in items])
    response = elb.batch_create_members(BatchCreateMembersRequest(pool_id=demo.POOL, body=body))

    assert REQUEST_ID.match(response.request_id)
    for created in response.members:
        assert type(created.protocol_port) is int
        assert type(created.weight) is int
        assert type(created.admin_state_up) is bool
        assert TIME.match(created.created_at)
        assert TIME.match(created.updated_at)


def test_response_field_types_on_the_wire(http: httpx.Client) -> None:
    body = {"members": [batch_member(address="192.168.0.10"), batch_member(weight=0)]}

    response = http.post(batch_path(demo.POOL), json=body)

    assert response.status_code == 201
    assert response.headers["X-Request-Id"] == response.json()["request_id"]
    for created in response.json()["members"]:
        assert type(created["protocol_port"]) is int
        assert type(created["weight"]) is int
        assert type(created["admin_state_up"]) is bool
        assert type(created["status"]) is list
        assert TIME.match(created["created_at"]) and TIME.match(created["updated_at"])


# --- 18. wrong JSON types and broken bodies ------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"members": [batch_member(protocol_port="8080")]},
        {"members": [batch_member(weight=True)]},
        {"members": [batch_member(weight=1.5)]},
        {"members": [batch_member(weight="1")]},
        {"members": [batch_member(name=123)]},
        {"members": [batch_member(address=3232235540)]},
        {"members": [batch_member(subnet_cidr_id=1)]},
        {"members": [batch_member(availability_zone=["cn-north-4a"])]},
        {"members": batch_member()},
        {"members": "192.168.0.20"},
        {"members": None},
        {"members": [None]},
        {"members": ["192.168.0.20"]},
        {},
        [],
        None,
        42,
    ],
    ids=[
        "port-as-string",
        "weight-true",
        "weight-float",
        "weight-as-string",
        "name-number",
        "address-number",
        "subnet-number",
        "zone-list",
        "members-object",
        "members-string",
        "members-null",
        "member-null",
        "member-string",
        "no-members",
        "body-list",
        "body-null",
        "body-number",
    ],
)
def test_wrong_json_types_are_400_in_the_error_envelope(http: httpx.Client, body: Any) -> None:
    raw_rejected(http, demo.POOL, 400, INVALID_INPUT, content=json.dumps(body).encode())


@pytest.mark.parametrize(
    "content",
    [b"{", b"", b"   ", b'{"members": [', b"not json", b'{"members": []}garbage'],
    ids=["open-brace", "empty", "blank", "truncated", "not-json", "trailing-garbage"],
)
def test_broken_bodies_are_400_in_the_error_envelope(http: httpx.Client, content: bytes) -> None:
    raw_rejected(http, demo.POOL, 400, INVALID_INPUT, content=content)


# --- 19. properties (hypothesis, in-process): all or nothing, re-adding is idempotent ------

PROPERTY_MEMBERS = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members"

valid_items = st.fixed_dictionaries(
    {
        # few addresses and ports, so duplicates within a batch and across batches happen
        "address": st.sampled_from([f"192.168.0.{host}" for host in range(20, 26)]),
        "protocol_port": st.sampled_from([80, 443, 8080]),
        "subnet_cidr_id": st.just(demo.SUBNET),
    },
    optional={
        "weight": st.integers(min_value=0, max_value=100),
        # any text but NUL, which no database stores (refused with 400: see test_nul.py), and
        # lone surrogates, which no HTTP client encodes
        "name": st.text(
            st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=20
        ),
    },
)
invalid_items = st.sampled_from(
    [
        {"address": "not-an-ip", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
        {"address": "192.168.0.30", "protocol_port": 0, "subnet_cidr_id": demo.SUBNET},
        {
            "address": "192.168.0.30",
            "protocol_port": 80,
            "weight": 101,
            "subnet_cidr_id": demo.SUBNET,
        },
        {"address": "192.168.1.30", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
        {"address": "192.168.0.30", "protocol_port": 80, "subnet_cidr_id": "no-such-subnet"},
        {"address": "192.168.0.30", "protocol_port": 80},
        {
            "address": "192.168.0.30",
            "protocol_port": 80,
            "subnet_cidr_id": demo.SUBNET,
            "colour": "blue",
        },
        {"address": "192.168.0.30", "protocol_port": "80", "subnet_cidr_id": demo.SUBNET},
    ]
)
batches = st.lists(st.one_of(valid_items, invalid_items), min_size=1, max_size=12)


def _is_valid(item: dict[str, Any]) -> bool:
    return (
        item.get("subnet_cidr_id") == demo.SUBNET
        and set(item) <= {"address", "protocol_port", "subnet_cidr_id", "weight", "name"}
        and item["address"].startswith("192.168.0.")
        and isinstance(item["protocol_port"], int)
        and 1 <= item["protocol_port"] <= 65535
        and 0 <= item.get("weight", 1) <= 100
    )


def _members(client: TestClient) -> dict[tuple[str, int], dict[str, Any]]:
    body = client.get(PROPERTY_MEMBERS).json()
    return {(m["address"], m["protocol_port"]): m for m in body["members"]}


@pytest.mark.slow
@pytest.mark.fuzz
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=batches, second=batches)
def test_a_batch_adds_every_member_or_none(
    app_client: TestClient, first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> None:
    app_client.post("/_mockelb/reset")
    for batch in (first, second):
        before = _members(app_client)
        response = app_client.post(f"{PROPERTY_MEMBERS}/batch-add", json={"members": batch})
        after = _members(app_client)
        is_valid = all(_is_valid(item) for item in batch)
        if not is_valid:
            assert response.status_code in (400, 404), response.text
            assert after == before
            continue
        assert response.status_code == 201, response.text
        expected = set(before) | {(i["address"], i["protocol_port"]) for i in batch}
        assert set(after) == expected
        returned = response.json()["members"]
        assert len(returned) == len(batch)
        for item, member in zip(batch, returned, strict=True):
            key = (item["address"], item["protocol_port"])
            assert member["id"] == after[key]["id"]
            assert member["ret_status"] in ("successful", "existed")
        new_keys = set(after) - set(before)
        assert sum(m["ret_status"] == "successful" for m in returned) == len(new_keys)


@pytest.mark.slow
@pytest.mark.fuzz
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(valid_items, min_size=1, max_size=12))
def test_re_adding_a_batch_is_idempotent(
    app_client: TestClient, batch: list[dict[str, Any]]
) -> None:
    app_client.post("/_mockelb/reset")
    first = app_client.post(f"{PROPERTY_MEMBERS}/batch-add", json={"members": batch})
    state = _members(app_client)

    again = app_client.post(f"{PROPERTY_MEMBERS}/batch-add", json={"members": batch})

    assert first.status_code == again.status_code == 201
    assert [m["ret_status"] for m in again.json()["members"]] == ["existed"] * len(batch)
    assert [m["id"] for m in again.json()["members"]] == [m["id"] for m in first.json()["members"]]
    assert _members(app_client) == state
