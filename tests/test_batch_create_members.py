"""Every rule of batch-add (POST /v3/{project}/elb/pools/{pool}/members/batch-add).

Each test would fail if its rule were taken out of mockelb: rejections assert the exact
status and error code and that the pool's members are unchanged afterwards; acceptances
assert what is stored. The official SDK sends most requests; raw HTTP sends what the SDK
cannot (unknown attributes, wrong JSON types, more than 200 items, broken bodies).
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
    ShowMemberRequest,
)

from mockelb.testing import MockElbServer, make_elb_client
from tests import demo

OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
IPV6_MEMBER = "2001:db8:a583:2::20"  # inside DUALSTACK_NETWORK's 2001:db8:a583:2::/64


# --- helpers -------------------------------------------------------------------------


def batch_path(pool_id: str, project_id: str = demo.PROJECT) -> str:
    return f"/v3/{project_id}/elb/pools/{pool_id}/members/batch-add"


def members_path(pool_id: str, project_id: str = demo.PROJECT) -> str:
    return f"/v3/{project_id}/elb/pools/{pool_id}/members"


def member(**fields: Any) -> dict[str, Any]:
    """One BatchCreateMembersOption of the demo POOL; a field given as None is left out."""
    item: dict[str, Any] = {
        "address": "192.168.0.20",
        "protocol_port": 8080,
        "subnet_cidr_id": demo.SUBNET,
    }
    item.update(fields)
    return {key: value for key, value in item.items() if value is not None}


def ip_member(**fields: Any) -> dict[str, Any]:
    """An IP-type member (no subnet_cidr_id)."""
    return member(**{"address": "10.1.2.3", "subnet_cidr_id": None, **fields})


def add(elb: Any, pool_id: str, *items: dict[str, Any]) -> Any:
    """Batch-add through the SDK and return its response."""
    request = BatchCreateMembersRequest(
        pool_id=pool_id,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**item) for item in items]
        ),
    )
    return elb.batch_create_members(request)


def stored(http: httpx.Client, pool_id: str) -> list[dict[str, Any]]:
    """The pool's members as the list API shows them (current_count checked)."""
    response = http.get(members_path(pool_id))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["page_info"]["current_count"] == len(body["members"])
    members: list[dict[str, Any]] = body["members"]
    return members


def endpoints(http: httpx.Client, pool_id: str) -> list[tuple[str, int]]:
    return sorted((m["address"], m["protocol_port"]) for m in stored(http, pool_id))


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
    before = endpoints(http, pool_id)
    with pytest.raises(ClientRequestException) as info:
        add(elb, pool_id, *items)
    error = info.value
    assert (error.status_code, error.error_code) == (status, error_code), error.error_msg
    assert REQUEST_ID.match(error.request_id)
    assert endpoints(http, pool_id) == before
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
    before = endpoints(http, pool_id)
    if content is not None:
        response = http.post(
            batch_path(pool_id), content=content, headers={"Content-Type": "application/json"}
        )
    else:
        response = http.post(batch_path(pool_id), json=json)
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error_msg", "error_code", "request_id"}
    assert body["error_code"] == error_code, body
    assert REQUEST_ID.match(body["request_id"])
    assert response.headers["X-Request-Id"] == body["request_id"]
    assert endpoints(http, pool_id) == before
    return body


def show(elb: Any, pool_id: str, member_id: str) -> Any:
    return elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id)).member


# --- 1. 1 to 200 members per call ----------------------------------------------------


@pytest.mark.parametrize("size", [0, 201], ids=["no-members", "201-members"])
def test_a_batch_must_hold_1_to_200_members(http: httpx.Client, size: int) -> None:
    items = [member(protocol_port=1000 + i) for i in range(size)]

    body = raw_rejected(http, demo.POOL, 400, "ELB.8902", json={"members": items})

    assert "members" in body["error_msg"]


def test_an_empty_member_list_is_refused_through_the_sdk(elb: Any, http: httpx.Client) -> None:
    rejected(elb, http, demo.POOL, [], 400, "ELB.8902")


def test_a_batch_of_exactly_200_members_is_stored(elb: Any, http: httpx.Client) -> None:
    items = [member(address="192.168.0.50", protocol_port=1000 + i) for i in range(200)]

    response = add(elb, demo.POOL, *items)

    assert response.status_code == 201
    assert len(response.members) == 200
    assert {m.ret_status for m in response.members} == {"successful"}
    assert [m.protocol_port for m in response.members] == list(range(1000, 1200))
    assert count(http, demo.POOL) == 200


# --- 2. address ----------------------------------------------------------------------


def test_address_is_required(elb: Any, http: httpx.Client) -> None:
    error = rejected(elb, http, demo.POOL, [member(address=None)], 400, "ELB.8902")

    assert "address" in error.error_msg


@pytest.mark.parametrize(
    "address",
    ["", "not-an-ip", "192.168.0.256", "192.168.0", "192.168.0.20/32", "192.168.0.020", "::g"],
    ids=["empty", "hostname", "octet-256", "three-octets", "cidr", "leading-zero", "bad-ipv6"],
)
def test_address_must_be_an_ip_address(elb: Any, http: httpx.Client, address: str) -> None:
    error = rejected(elb, http, demo.POOL, [member(address=address)], 400, "ELB.8902")

    assert "address" in error.error_msg


# --- 3. protocol_port ----------------------------------------------------------------


@pytest.mark.parametrize("port", [None, 0, 65536, -1], ids=["missing", "zero", "65536", "negative"])
def test_protocol_port_is_required_and_1_to_65535_in_a_normal_pool(
    elb: Any, http: httpx.Client, port: int | None
) -> None:
    error = rejected(elb, http, demo.POOL, [member(protocol_port=port)], 400, "ELB.8902")

    assert "protocol_port" in error.error_msg


@pytest.mark.parametrize("port", [1, 65535], ids=["1", "65535"])
def test_protocol_port_bounds_are_accepted(elb: Any, http: httpx.Client, port: int) -> None:
    response = add(elb, demo.POOL, member(protocol_port=port))

    assert response.members[0].protocol_port == port
    assert endpoints(http, demo.POOL) == [("192.168.0.20", port)]


@pytest.mark.parametrize("port", [None, 8080], ids=["omitted", "given"])
def test_any_port_pool_stores_protocol_port_0(
    elb: Any, http: httpx.Client, port: int | None
) -> None:
    response = add(elb, demo.POOL_ANY_PORT, member(protocol_port=port))

    assert response.status_code == 201
    assert response.members[0].protocol_port == 0
    assert endpoints(http, demo.POOL_ANY_PORT) == [("192.168.0.20", 0)]


def test_ip_protocol_pool_refuses_a_port_other_than_0(elb: Any, http: httpx.Client) -> None:
    item = member(address="192.168.1.20", protocol_port=80, subnet_cidr_id=demo.SUBNET_2)

    error = rejected(elb, http, demo.POOL_IP_PROTOCOL, [item], 400, "ELB.8902")

    assert "protocol_port" in error.error_msg


def test_ip_protocol_pool_takes_port_0_in_a_subnet_of_the_lb_vpc(
    elb: Any, http: httpx.Client
) -> None:
    item = member(address="192.168.1.20", protocol_port=0, subnet_cidr_id=demo.SUBNET_2)

    response = add(elb, demo.POOL_IP_PROTOCOL, item)

    assert response.status_code == 201
    created = response.members[0]
    assert (created.protocol_port, created.subnet_cidr_id) == (0, demo.SUBNET_2)
    assert created.member_type == "instance"
    assert endpoints(http, demo.POOL_IP_PROTOCOL) == [("192.168.1.20", 0)]


def test_ip_protocol_pool_refuses_the_load_balancers_own_subnet(
    elb: Any, http: httpx.Client
) -> None:
    item = member(address="192.168.2.20", protocol_port=0, subnet_cidr_id=demo.DUALSTACK_SUBNET)

    error = rejected(elb, http, demo.POOL_IP_PROTOCOL, [item], 400, "ELB.8902")

    assert "subnet_cidr_id" in error.error_msg


# --- 4. weight -----------------------------------------------------------------------


@pytest.mark.parametrize("weight", [-1, 101], ids=["-1", "101"])
def test_weight_outside_0_to_100_is_refused(elb: Any, http: httpx.Client, weight: int) -> None:
    error = rejected(elb, http, demo.POOL, [member(weight=weight)], 400, "ELB.8902")

    assert "weight" in error.error_msg


@pytest.mark.parametrize(
    ("weight", "expected"), [(0, 0), (100, 100), (None, 1)], ids=["0", "100", "default-1"]
)
def test_weight_is_stored_and_defaults_to_1(
    elb: Any, http: httpx.Client, weight: int | None, expected: int
) -> None:
    response = add(elb, demo.POOL, member(weight=weight))

    assert response.members[0].weight == expected
    assert [m["weight"] for m in stored(http, demo.POOL)] == [expected]


# --- 5. name -------------------------------------------------------------------------


def test_name_longer_than_255_characters_is_refused(elb: Any, http: httpx.Client) -> None:
    error = rejected(elb, http, demo.POOL, [member(name="n" * 256)], 400, "ELB.8902")

    assert "name" in error.error_msg


@pytest.mark.parametrize(
    ("name", "expected"), [("n" * 255, "n" * 255), (None, "")], ids=["255-chars", "omitted"]
)
def test_name_is_stored_and_defaults_to_empty(
    elb: Any, http: httpx.Client, name: str | None, expected: str
) -> None:
    response = add(elb, demo.POOL, member(name=name))

    assert response.members[0].name == expected
    assert [m["name"] for m in stored(http, demo.POOL)] == [expected]


# --- 6. subnet_cidr_id ---------------------------------------------------------------


def test_unknown_subnet_is_404_naming_it(elb: Any, http: httpx.Client) -> None:
    error = rejected(elb, http, demo.POOL, [member(subnet_cidr_id=UNKNOWN_ID)], 404, "ELB.8904")

    assert error.error_msg == f"subnet {UNKNOWN_ID} could not be found."


def test_subnet_must_be_in_the_load_balancers_vpc(elb: Any, http: httpx.Client) -> None:
    item = member(address="172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET)

    error = rejected(elb, http, demo.POOL, [item], 400, "ELB.8902")

    assert "subnet_cidr_id" in error.error_msg


def test_address_must_lie_in_the_subnet_cidr(elb: Any, http: httpx.Client) -> None:
    item = member(address="192.168.1.5", subnet_cidr_id=demo.SUBNET)

    error = rejected(elb, http, demo.POOL, [item], 400, "ELB.8902")

    assert "address" in error.error_msg


@pytest.mark.parametrize("address", ["192.168.0.0", "192.168.0.255"], ids=["network", "broadcast"])
def test_network_and_broadcast_addresses_are_refused(
    elb: Any, http: httpx.Client, address: str
) -> None:
    error = rejected(elb, http, demo.POOL, [member(address=address)], 400, "ELB.8902")

    assert address in error.error_msg


@pytest.mark.parametrize(
    ("pool_id", "item"),
    [
        pytest.param(demo.POOL, member(address="192.168.0.100"), id="vip-of-this-lb"),
        # POOL_DUALSTACK is on LB_IP_TARGETS; 192.168.0.100 is the VIP of the demo LB
        pytest.param(demo.POOL_DUALSTACK, member(address="192.168.0.100"), id="vip-of-another-lb"),
    ],
)
def test_a_load_balancer_vip_is_not_an_instance_member(
    elb: Any, http: httpx.Client, pool_id: str, item: dict[str, Any]
) -> None:
    error = rejected(elb, http, pool_id, [item], 400, "ELB.8902")

    assert "load balancer" in error.error_msg


# --- 7. IPv6 -------------------------------------------------------------------------


def test_ipv6_member_through_the_dualstack_network_id(elb: Any, http: httpx.Client) -> None:
    item = member(address=IPV6_MEMBER, subnet_cidr_id=demo.DUALSTACK_NETWORK)

    response = add(elb, demo.POOL_DUALSTACK, item)

    assert response.status_code == 201
    created = response.members[0]
    assert (created.address, created.subnet_cidr_id) == (IPV6_MEMBER, demo.DUALSTACK_NETWORK)
    assert created.member_type == "instance"
    [listed] = stored(http, demo.POOL_DUALSTACK)
    assert (listed["address"], listed["ip_version"]) == (IPV6_MEMBER, "v6")


def test_dualstack_pool_also_takes_ipv4_members(elb: Any, http: httpx.Client) -> None:
    item = member(address="192.168.2.20", subnet_cidr_id=demo.DUALSTACK_SUBNET)

    add(elb, demo.POOL_DUALSTACK, item)

    [listed] = stored(http, demo.POOL_DUALSTACK)
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
    item = member(address=address, subnet_cidr_id=subnet_id)

    error = rejected(elb, http, pool_id, [item], 400, "ELB.8902")

    assert "address" in error.error_msg


def test_network_id_of_a_subnet_without_ipv6_is_not_found(elb: Any, http: httpx.Client) -> None:
    item = member(address=IPV6_MEMBER, subnet_cidr_id=demo.SUBNET_VPC_ID)

    error = rejected(elb, http, demo.POOL_DUALSTACK, [item], 404, "ELB.8904")

    assert error.error_msg == f"subnet {demo.SUBNET_VPC_ID} could not be found."


# --- 8. IP-type members (no subnet) --------------------------------------------------


def test_ip_member_needs_ip_target_enable_on_the_load_balancer(
    elb: Any, http: httpx.Client
) -> None:
    rejected(elb, http, demo.POOL, [ip_member()], 400, "ELB.8939")


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.31.255.254", "192.168.200.1"],
    ids=["10/8", "172.16/12", "192.168/16"],
)
def test_ip_member_with_a_private_ipv4_address(elb: Any, http: httpx.Client, address: str) -> None:
    response = add(elb, demo.POOL_HTTP, ip_member(address=address))

    assert response.status_code == 201
    created = response.members[0]
    assert created.member_type == "ip"
    assert created.subnet_cidr_id is None
    assert created.instance_id == ""
    assert created.port_id == ""
    [listed] = stored(http, demo.POOL_HTTP)
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
    error = rejected(elb, http, demo.POOL_HTTP, [ip_member(address=address)], 400, "ELB.8902")

    assert "address" in error.error_msg


def test_ip_member_refuses_an_ipv6_address(elb: Any, http: httpx.Client) -> None:
    # a dual-stack pool on an ip_target_enable load balancer: only the IPv4 rule is left
    rejected(elb, http, demo.POOL_DUALSTACK, [ip_member(address=IPV6_MEMBER)], 400, "ELB.8902")


def test_ip_member_needs_a_pool_protocol_that_supports_it(elb: Any, http: httpx.Client) -> None:
    rejected(elb, http, demo.POOL_IP_PROTOCOL, [ip_member(protocol_port=0)], 400, "ELB.8938")


# --- 9. availability_zone ------------------------------------------------------------


def test_availability_zone_is_refused_with_a_subnet(elb: Any, http: httpx.Client) -> None:
    item = member(availability_zone=demo.AZ_1)

    error = rejected(elb, http, demo.POOL, [item], 400, "ELB.8902")

    assert "availability_zone" in error.error_msg


def test_availability_zone_is_required_for_ip_members_under_az_affinity(
    elb: Any, http: httpx.Client
) -> None:
    error = rejected(
        elb, http, demo.POOL_AZ_AFFINITY, [ip_member(protocol_port=53)], 400, "ELB.8902"
    )

    assert "availability_zone" in error.error_msg


def test_ip_member_under_az_affinity_keeps_its_zone(elb: Any) -> None:
    item = ip_member(protocol_port=53, availability_zone=demo.AZ_1)

    response = add(elb, demo.POOL_AZ_AFFINITY, item)

    assert response.status_code == 201
    created = response.members[0]
    assert created.member_type == "ip"
    assert show(elb, demo.POOL_AZ_AFFINITY, created.id).availability_zone == demo.AZ_1


def test_ip_member_without_az_affinity_may_carry_a_zone(elb: Any, http: httpx.Client) -> None:
    response = add(elb, demo.POOL_HTTP, ip_member(availability_zone=demo.AZ_2))

    assert show(elb, demo.POOL_HTTP, response.members[0].id).availability_zone == demo.AZ_2
    assert [m["availability_zone"] for m in stored(http, demo.POOL_HTTP)] == [demo.AZ_2]


@pytest.mark.parametrize(
    ("pool_id", "port"),
    [(demo.POOL_AZ_AFFINITY, 53), (demo.POOL_HTTP, 8080)],
    ids=["az-affinity-pool", "http-pool"],
)
def test_unknown_availability_zone_is_refused(
    elb: Any, http: httpx.Client, pool_id: str, port: int
) -> None:
    item = ip_member(protocol_port=port, availability_zone="cn-north-4z")

    error = rejected(elb, http, pool_id, [item], 400, "ELB.8902")

    assert "availability_zone" in error.error_msg


# --- 10. unknown attributes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"members": [member()], "foo": 1}, ["foo"]),
        ({"members": [member(foo="bar")]}, ["foo"]),
        (
            {"members": [member(), member(address="192.168.0.21", admin_state_up=True)]},
            ["admin_state_up"],
        ),
        ({"members": [member(ip_version="v4", pool_id=demo.POOL)]}, ["ip_version", "pool_id"]),
        ({"member": member()}, ["member"]),
    ],
    ids=["top-level", "in-member", "in-second-member", "two-in-member", "member-not-members"],
)
def test_unknown_attributes_are_refused_by_name(
    http: httpx.Client, body: dict[str, Any], names: list[str]
) -> None:
    error = raw_rejected(http, demo.POOL, 400, "ELB.8902", json=body)

    assert error["error_msg"].startswith("Unrecognized attribute(s)")
    for name in names:
        assert name in error["error_msg"]


def test_unknown_attribute_message_is_the_clouds(http: httpx.Client) -> None:
    error = raw_rejected(http, demo.POOL, 400, "ELB.8902", json={"members": [member(foo="bar")]})

    assert error["error_msg"] == "Unrecognized attribute(s) 'foo'"


# --- 11. members-per-pool quota ------------------------------------------------------


def test_members_per_pool_quota(elb: Any, http: httpx.Client) -> None:
    def batch(first_port: int, size: int = 200) -> list[dict[str, Any]]:
        return [member(protocol_port=first_port + i) for i in range(size)]

    add(elb, demo.POOL, *batch(1000))
    add(elb, demo.POOL, *batch(2000))
    assert count(http, demo.POOL) == 400

    error = rejected(elb, http, demo.POOL, batch(3000), 409, "ELB.8905")

    assert "members_per_pool" in error.error_msg
    assert count(http, demo.POOL) == 400
    add(elb, demo.POOL, *batch(3000, 100))  # exactly up to the quota of 500
    assert count(http, demo.POOL) == 500
    rejected(elb, http, demo.POOL, batch(4000, 1), 409, "ELB.8905")
    assert count(http, demo.POOL) == 500


def test_existed_members_do_not_count_against_the_quota(elb: Any, http: httpx.Client) -> None:
    items = [member(protocol_port=1000 + i) for i in range(200)]
    add(elb, demo.POOL, *items)
    add(elb, demo.POOL, *[member(protocol_port=2000 + i) for i in range(200)])
    add(elb, demo.POOL, *[member(protocol_port=3000 + i) for i in range(99)])
    assert count(http, demo.POOL) == 499

    response = add(elb, demo.POOL, *items[:199], member(protocol_port=4000))

    assert [m.ret_status for m in response.members] == ["existed"] * 199 + ["successful"]
    assert count(http, demo.POOL) == 500
    again = add(elb, demo.POOL, *items)
    assert {m.ret_status for m in again.members} == {"existed"}
    assert count(http, demo.POOL) == 500


# --- 12. all or nothing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("invalid", "status", "error_code"),
    [
        (member(address="192.168.0.999"), 400, "ELB.8902"),
        (member(subnet_cidr_id=UNKNOWN_ID), 404, "ELB.8904"),
        (member(address="172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET), 400, "ELB.8902"),
        (member(address="192.168.1.5"), 400, "ELB.8902"),
        (member(protocol_port=0), 400, "ELB.8902"),
        (member(protocol_port=65536), 400, "ELB.8902"),
        (member(weight=101), 400, "ELB.8902"),
        (ip_member(), 400, "ELB.8939"),
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
    add(elb, demo.POOL, member(address="192.168.0.30", protocol_port=80))
    valid = [member(address=f"192.168.0.{n}", protocol_port=80) for n in (31, 32, 33)]

    rejected(elb, http, demo.POOL, [*valid, invalid], status, error_code)

    assert endpoints(http, demo.POOL) == [("192.168.0.30", 80)]


# --- 13. ret_status "existed" --------------------------------------------------------


def test_re_adding_an_endpoint_returns_the_existing_member(elb: Any, http: httpx.Client) -> None:
    first = add(elb, demo.POOL, member(name="first", weight=5)).members[0]

    again = add(elb, demo.POOL, member(name="second", weight=50))

    assert again.status_code == 201
    [existed] = again.members
    assert existed.ret_status == "existed"
    assert existed.id == first.id
    assert (existed.name, existed.weight) == ("first", 5)
    assert existed.created_at == first.created_at
    [listed] = stored(http, demo.POOL)
    assert (listed["id"], listed["name"], listed["weight"]) == (first.id, "first", 5)


def test_the_same_endpoint_twice_in_one_batch_is_stored_once(elb: Any, http: httpx.Client) -> None:
    response = add(elb, demo.POOL, member(name="a", weight=3), member(name="b", weight=7))

    assert [m.ret_status for m in response.members] == ["successful", "existed"]
    assert response.members[0].id == response.members[1].id
    assert [(m.name, m.weight) for m in response.members] == [("a", 3), ("a", 3)]
    [listed] = stored(http, demo.POOL)
    assert listed["id"] == response.members[0].id


def test_same_address_on_another_port_is_a_new_member(elb: Any, http: httpx.Client) -> None:
    first = add(elb, demo.POOL, member(protocol_port=80)).members[0]

    response = add(elb, demo.POOL, member(protocol_port=81), member(protocol_port=80))

    assert [m.ret_status for m in response.members] == ["successful", "existed"]
    assert response.members[0].id != first.id
    assert response.members[1].id == first.id
    assert endpoints(http, demo.POOL) == [("192.168.0.20", 80), ("192.168.0.20", 81)]


# --- 14. member_type, instance_id, port_id, admin_state_up ---------------------------


def test_member_at_an_ecs_nic_is_bound_to_the_instance(elb: Any) -> None:
    response = add(elb, demo.POOL, member(address="192.168.0.10"))

    created = response.members[0]
    assert created.member_type == "instance"
    assert (created.instance_id, created.port_id) == (demo.ECS_1, demo.ECS_1_PORT)
    assert created.admin_state_up is True
    shown = show(elb, demo.POOL, created.id)
    assert shown.availability_zone == demo.AZ_1
    assert (shown.instance_id, shown.admin_state_up) == (demo.ECS_1, True)


@pytest.mark.parametrize(
    "address",
    ["2001:db8:a583:2::10", "2001:DB8:A583:2:0:0:0:10"],
    ids=["canonical", "uppercase-uncompressed"],
)
def test_ipv6_member_at_an_ecs_nic_is_bound_to_the_instance(elb: Any, address: str) -> None:
    item = member(address=address, subnet_cidr_id=demo.DUALSTACK_NETWORK)

    created = add(elb, demo.POOL_DUALSTACK, item).members[0]

    assert created.address == "2001:db8:a583:2::10"
    assert (created.instance_id, created.admin_state_up) == (demo.ECS_2, True)
    assert show(elb, demo.POOL_DUALSTACK, created.id).availability_zone == demo.AZ_2
    # another spelling of the same address is the same endpoint
    other_spelling = member(
        address="2001:0db8:a583:0002::0010", subnet_cidr_id=demo.DUALSTACK_NETWORK
    )
    again = add(elb, demo.POOL_DUALSTACK, other_spelling)
    assert (again.members[0].ret_status, again.members[0].id) == ("existed", created.id)


def test_member_at_a_non_ecs_address_has_no_instance(elb: Any) -> None:
    created = add(elb, demo.POOL, member(address="192.168.0.20")).members[0]

    assert created.member_type == "instance"
    assert created.subnet_cidr_id == demo.SUBNET
    assert (created.instance_id, created.port_id) == ("", "")
    assert created.admin_state_up is False
    assert show(elb, demo.POOL, created.id).availability_zone == ""


# --- 15. operating_status and status -------------------------------------------------


def test_member_of_a_pool_behind_a_listener_is_no_monitor(elb: Any) -> None:
    created = add(elb, demo.POOL, member()).members[0]

    assert created.operating_status == "NO_MONITOR"
    assert [(s.listener_id, s.operating_status) for s in created.status] == [
        (demo.LISTENER, "NO_MONITOR")
    ]


def test_member_of_a_pool_on_a_load_balancer_without_listener(elb: Any) -> None:
    created = add(elb, demo.POOL_HTTP, ip_member()).members[0]

    assert created.operating_status == "NO_MONITOR"
    assert created.status == []


def test_member_of_a_standalone_pool_is_unknown(elb: Any, http: httpx.Client) -> None:
    created = add(elb, demo.POOL_STANDALONE, member(address="192.168.0.30")).members[0]

    assert created.operating_status == "UNKNOWN"
    assert created.status == []
    assert endpoints(http, demo.POOL_STANDALONE) == [("192.168.0.30", 8080)]


# --- 16. unknown pool ----------------------------------------------------------------


def test_unknown_pool_is_404(elb: Any) -> None:
    with pytest.raises(ClientRequestException) as info:
        add(elb, UNKNOWN_ID, member())

    error = info.value
    assert (error.status_code, error.error_code) == (404, "ELB.8904")
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


def test_a_pool_is_not_visible_from_another_project(
    mockelb: MockElbServer, http: httpx.Client
) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    with pytest.raises(ClientRequestException) as info:
        add(other, demo.POOL, member())

    error = info.value
    assert (error.status_code, error.error_code) == (404, "ELB.8904")
    assert error.error_msg == f"pool {demo.POOL} could not be found."
    raw = http.post(batch_path(demo.POOL, OTHER_PROJECT), json={"members": [member()]})
    assert raw.status_code == 404
    assert raw.json()["error_code"] == "ELB.8904"
    assert stored(http, demo.POOL) == []


# --- 17. response field types --------------------------------------------------------


def test_response_field_types_through_the_sdk(elb: Any) -> None:
    response = add(elb, demo.POOL, member(address="192.168.0.10"), member(weight=0))

    assert REQUEST_ID.match(response.request_id)
    for created in response.members:
        assert type(created.protocol_port) is int
        assert type(created.weight) is int
        assert type(created.admin_state_up) is bool
        assert TIME.match(created.created_at)
        assert TIME.match(created.updated_at)


def test_response_field_types_on_the_wire(http: httpx.Client) -> None:
    body = {"members": [member(address="192.168.0.10"), member(weight=0)]}

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
        {"members": [member(protocol_port="8080")]},
        {"members": [member(weight=True)]},
        {"members": [member(weight=1.5)]},
        {"members": [member(weight="1")]},
        {"members": [member(name=123)]},
        {"members": [member(address=3232235540)]},
        {"members": [member(subnet_cidr_id=1)]},
        {"members": [member(availability_zone=["cn-north-4a"])]},
        {"members": member()},
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
    raw_rejected(http, demo.POOL, 400, "ELB.8902", content=json.dumps(body).encode())


@pytest.mark.parametrize(
    "content",
    [b"{", b"", b"   ", b'{"members": [', b"not json", b'{"members": []}garbage'],
    ids=["open-brace", "empty", "blank", "truncated", "not-json", "trailing-garbage"],
)
def test_broken_bodies_are_400_in_the_error_envelope(http: httpx.Client, content: bytes) -> None:
    raw_rejected(http, demo.POOL, 400, "ELB.8902", content=content)
