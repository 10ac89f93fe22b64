"""Reading and deleting members through the official SDK: list (filters, paging), show, delete."""

from __future__ import annotations

import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    DeleteMemberRequest,
    ListMembersRequest,
    ShowMemberRequest,
)

from tests import demo
from tests.sdk_checks import assert_json_model, sdk_error

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
IPV6_MEMBER = "2001:db8:a583:2::10"  # demo-ecs-2's IPv6 address
IP_MEMBER = "10.1.2.3"
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"  # demo listener of LB_IP_TARGETS


def add(elb: Any, pool_id: str, *members: dict[str, Any]) -> list[str]:
    """Batch-add the members; their ids in request order."""
    request = BatchCreateMembersRequest(
        pool_id=pool_id,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**member) for member in members]
        ),
    )
    return [member.id for member in elb.batch_create_members(request).members]


def on_subnet(address: str, port: int = 80) -> dict[str, Any]:
    return {"address": address, "protocol_port": port, "subnet_cidr_id": demo.SUBNET}


def list_members(elb: Any, pool_id: str, **query: Any) -> Any:
    return elb.list_members(ListMembersRequest(pool_id=pool_id, **query))


def listed_ids(elb: Any, pool_id: str, **query: Any) -> list[str]:
    return [member.id for member in list_members(elb, pool_id, **query).members]


def show_member(elb: Any, pool_id: str, member_id: str) -> Any:
    return elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id)).member


def delete_member(elb: Any, pool_id: str, member_id: str) -> Any:
    return elb.delete_member(DeleteMemberRequest(pool_id=pool_id, member_id=member_id))


@pytest.fixture
def mixed(elb: Any) -> dict[str, str]:
    """An IPv4 instance, an IPv6 instance and an IP-type member in the dual-stack demo pool."""
    ids = add(
        elb,
        demo.POOL_DUALSTACK,
        {
            "address": "192.168.2.10",
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_SUBNET,
            "name": "v4",
        },
        {
            "address": IPV6_MEMBER,
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_NETWORK,
            "name": "v6",
        },
        {"address": IP_MEMBER, "protocol_port": 80, "availability_zone": demo.AZ_1, "name": "ip"},
    )
    return dict(zip(("v4", "v6", "ip"), ids, strict=True))


# --- list ---------------------------------------------------------------------------------


def test_list_returns_every_member_with_page_info(elb: Any) -> None:
    ids = add(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21"))

    response = list_members(elb, demo.POOL)

    assert response.status_code == 200
    listed = [member.id for member in response.members]
    assert listed == sorted(ids)
    assert response.page_info.current_count == 2
    assert response.page_info.previous_marker == listed[0]
    assert response.page_info.next_marker is None


def test_list_json_has_every_sdk_field(http: httpx.Client, elb: Any, mixed: dict[str, str]) -> None:
    response = http.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members")

    assert response.status_code == 200
    body = response.json()
    assert set(elb_v3.ListMembersResponse.openapi_types) <= set(body)
    assert body["page_info"] == {
        "previous_marker": sorted(mixed.values())[0],
        "current_count": 3,
    }
    for member in body["members"]:
        assert_json_model(member, elb_v3.Member, nullable={"subnet_cidr_id", "reason"})


def test_an_empty_pool_lists_nothing(elb: Any) -> None:
    response = list_members(elb, demo.POOL)

    assert response.status_code == 200
    assert response.members == []
    assert response.page_info.current_count == 0


def test_list_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: list_members(elb, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


@pytest.fixture
def endpoints(elb: Any) -> dict[str, str]:
    """Members at four (address, port) endpoints of the demo pool."""
    keys = ("20:80", "21:80", "21:8080", "22:443")
    ids = add(
        elb,
        demo.POOL,
        on_subnet("192.168.0.20", 80),
        on_subnet("192.168.0.21", 80),
        on_subnet("192.168.0.21", 8080),
        on_subnet("192.168.0.22", 443),
    )
    return dict(zip(keys, ids, strict=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"address": ["192.168.0.20"]}, ["20:80"], id="address"),
        pytest.param(
            {"address": ["192.168.0.20", "192.168.0.21"]},
            ["20:80", "21:80", "21:8080"],
            id="address-or",
        ),
        pytest.param({"address": ["192.168.0.99"]}, [], id="address-no-match"),
        pytest.param({"protocol_port": [8080]}, ["21:8080"], id="protocol_port"),
        pytest.param(
            {"protocol_port": [80, 443]}, ["20:80", "21:80", "22:443"], id="protocol_port-or"
        ),
        pytest.param(
            {"address": ["192.168.0.21"], "protocol_port": [8080]},
            ["21:8080"],
            id="and-across-keys",
        ),
        pytest.param({"address": ["192.168.0.20"], "protocol_port": [443]}, [], id="and-no-match"),
        pytest.param(
            {"member_type": ["instance"]},
            ["20:80", "21:80", "21:8080", "22:443"],
            id="member_type",
        ),
        pytest.param({"member_type": ["ip"]}, [], id="member_type-ip-none"),
    ],
)
def test_list_filters(
    elb: Any, endpoints: dict[str, str], query: dict[str, Any], expected: list[str]
) -> None:
    response = list_members(elb, demo.POOL, **query)

    assert sorted(m.id for m in response.members) == sorted(endpoints[k] for k in expected)
    assert response.page_info.current_count == len(expected)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param(["NO_MONITOR"], ["20:80", "21:80", "21:8080", "22:443"], id="no-monitor"),
        pytest.param(["ONLINE"], [], id="online"),
        pytest.param(["ONLINE", "OFFLINE"], [], id="online-or-offline"),
    ],
)
def test_list_by_operating_status(
    elb: Any, endpoints: dict[str, str], statuses: list[str], expected: list[str]
) -> None:
    # ListMembersRequest.operating_status, a multi-value filter of the API reference; the
    # demo pool has no health monitor, so its members are all NO_MONITOR
    ids = listed_ids(elb, demo.POOL, operating_status=statuses)

    assert sorted(ids) == sorted(endpoints[key] for key in expected)


def test_list_filters_with_repeated_keys_over_raw_http(
    http: httpx.Client, endpoints: dict[str, str]
) -> None:
    response = http.get(
        f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members",
        params=[("protocol_port", "443"), ("protocol_port", "8080")],
    )

    assert response.status_code == 200
    assert {m["id"] for m in response.json()["members"]} == {
        endpoints["21:8080"],
        endpoints["22:443"],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"member_type": ["ip"]}, ["ip"], id="member_type-ip"),
        pytest.param({"member_type": ["instance"]}, ["v4", "v6"], id="member_type-instance"),
        pytest.param({"member_type": ["instance", "ip"]}, ["v4", "v6", "ip"], id="member_type-or"),
        pytest.param({"ip_version": ["v6"]}, ["v6"], id="ip_version-v6"),
        pytest.param({"ip_version": ["v4"]}, ["v4", "ip"], id="ip_version-v4"),
        pytest.param({"availability_zone": [demo.AZ_1]}, ["ip"], id="availability_zone"),
        pytest.param({"instance_id": [demo.ECS_2]}, ["v4", "v6"], id="instance_id"),
        pytest.param(
            {"member_type": ["instance"], "ip_version": ["v4"]}, ["v4"], id="and-across-keys"
        ),
        pytest.param({"name": ["v4", "ip"]}, ["v4", "ip"], id="name-or"),
    ],
)
def test_list_filters_by_kind_of_member(
    elb: Any, mixed: dict[str, str], query: dict[str, Any], expected: list[str]
) -> None:
    ids = listed_ids(elb, demo.POOL_DUALSTACK, **query)

    assert sorted(ids) == sorted(mixed[name] for name in expected)


def test_member_type_filter_with_repeated_keys_over_raw_http(
    http: httpx.Client, mixed: dict[str, str]
) -> None:
    response = http.get(
        f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members",
        params=[("member_type", "ip"), ("member_type", "instance")],
    )

    assert response.status_code == 200
    assert {m["id"] for m in response.json()["members"]} == set(mixed.values())


# --- paging -------------------------------------------------------------------------------


@pytest.fixture
def twenty_five(elb: Any) -> list[str]:
    """25 members in the demo pool; their ids in list (ascending id) order."""
    add(elb, demo.POOL, *(on_subnet(f"192.168.0.{20 + i}") for i in range(25)))
    everything = listed_ids(elb, demo.POOL)
    assert len(everything) == 25
    assert everything == sorted(everything)
    return everything


def test_marker_and_limit_walk_forward_over_every_member_once(
    elb: Any, twenty_five: list[str]
) -> None:
    seen: list[str] = []
    sizes: list[int] = []
    marker: str | None = None
    while True:
        page = list_members(elb, demo.POOL, limit=7, marker=marker)
        ids = [member.id for member in page.members]
        seen.extend(ids)
        sizes.append(len(ids))
        assert page.page_info.current_count == len(ids)
        assert page.page_info.previous_marker == ids[0]
        if page.page_info.next_marker is None:
            break
        assert page.page_info.next_marker == ids[-1]
        marker = page.page_info.next_marker

    assert sizes == [7, 7, 7, 4]
    assert seen == twenty_five


def test_page_reverse_walks_backward_over_every_member_once(
    elb: Any, twenty_five: list[str]
) -> None:
    # forward to the last page …
    marker: str | None = None
    while True:
        page = list_members(elb, demo.POOL, limit=7, marker=marker)
        if page.page_info.next_marker is None:
            break
        marker = page.page_info.next_marker
    last_page = [member.id for member in page.members]
    assert last_page == twenty_five[21:]

    # … then back with previous_marker and page_reverse
    pages: list[list[str]] = [last_page]
    marker = page.page_info.previous_marker
    while True:
        page = list_members(elb, demo.POOL, limit=7, marker=marker, page_reverse=True)
        ids = [member.id for member in page.members]
        pages.insert(0, ids)
        assert page.page_info.current_count == len(ids)
        assert page.page_info.previous_marker == ids[0]
        if page.page_info.next_marker is None:
            break
        marker = page.page_info.previous_marker

    assert [len(ids) for ids in pages] == [7, 7, 7, 4]
    visited = [member_id for ids in pages for member_id in ids]
    assert visited == twenty_five
    assert len(set(visited)) == 25


def test_page_reverse_returns_exactly_the_previous_page(elb: Any, twenty_five: list[str]) -> None:
    second = list_members(elb, demo.POOL, limit=7, marker=twenty_five[6])
    assert [m.id for m in second.members] == twenty_five[7:14]

    back = list_members(
        elb, demo.POOL, limit=7, marker=second.page_info.previous_marker, page_reverse=True
    )

    assert [m.id for m in back.members] == twenty_five[0:7]
    assert back.page_info.previous_marker == twenty_five[0]


def test_limit_bounds(elb: Any, twenty_five: list[str]) -> None:
    assert listed_ids(elb, demo.POOL, limit=2000) == twenty_five
    assert listed_ids(elb, demo.POOL, limit=1) == twenty_five[:1]
    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=2001))
    assert error.status_code == 400 and error.error_code == "ELB.8902"


def test_an_unknown_marker_is_elb_8902(elb: Any, twenty_five: list[str]) -> None:
    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=7, marker=UNKNOWN_ID))

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


def test_a_member_of_another_pool_is_no_marker(elb: Any, mixed: dict[str, str]) -> None:
    add(elb, demo.POOL, on_subnet("192.168.0.20"))

    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=7, marker=mixed["v4"]))

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


# --- show ---------------------------------------------------------------------------------


def test_show_an_ipv4_instance_member(elb: Any, mixed: dict[str, str]) -> None:
    response = elb.show_member(
        ShowMemberRequest(pool_id=demo.POOL_DUALSTACK, member_id=mixed["v4"])
    )

    assert response.status_code == 200
    member = response.member
    assert member.id == mixed["v4"]
    assert member.name == "v4"
    assert member.project_id == demo.PROJECT
    assert member.address == "192.168.2.10"
    assert member.protocol_port == 80
    assert member.weight == 1
    assert member.subnet_cidr_id == demo.DUALSTACK_SUBNET
    assert member.ip_version == "v4"
    assert member.member_type == "instance"
    assert member.instance_id == demo.ECS_2
    assert member.availability_zone == demo.AZ_2
    assert member.admin_state_up is True
    assert member.operating_status == "NO_MONITOR"
    assert [(s.listener_id, s.operating_status) for s in member.status] == [
        (LISTENER_2, "NO_MONITOR")
    ]
    assert member.reason is None
    assert TIME.match(member.created_at) and TIME.match(member.updated_at)


def test_show_an_ipv6_instance_member(elb: Any, mixed: dict[str, str]) -> None:
    member = show_member(elb, demo.POOL_DUALSTACK, mixed["v6"])

    assert member.address == IPV6_MEMBER
    assert member.ip_version == "v6"
    assert member.subnet_cidr_id == demo.DUALSTACK_NETWORK
    assert member.member_type == "instance"
    assert member.instance_id == demo.ECS_2
    assert member.availability_zone == demo.AZ_2


def test_show_an_ip_type_member(elb: Any, mixed: dict[str, str]) -> None:
    member = show_member(elb, demo.POOL_DUALSTACK, mixed["ip"])

    assert member.address == IP_MEMBER
    assert member.ip_version == "v4"
    assert member.subnet_cidr_id is None
    assert member.member_type == "ip"
    assert member.instance_id == ""
    assert member.availability_zone == demo.AZ_1
    assert member.admin_state_up is False


def test_show_an_instance_member_without_a_server(elb: Any) -> None:
    (member_id,) = add(elb, demo.POOL, on_subnet("192.168.0.77", 8080))

    member = show_member(elb, demo.POOL, member_id)

    assert member.member_type == "instance"
    assert member.instance_id == ""
    assert member.availability_zone == ""
    assert member.admin_state_up is False
    assert member.subnet_cidr_id == demo.SUBNET


def test_show_member_json_has_every_sdk_field(http: httpx.Client, mixed: dict[str, str]) -> None:
    for name, member_id in mixed.items():
        response = http.get(
            f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members/{member_id}"
        )

        assert response.status_code == 200, name
        body = response.json()
        assert set(elb_v3.ShowMemberResponse.openapi_types) <= set(body)
        assert_json_model(body["member"], elb_v3.Member, nullable={"subnet_cidr_id", "reason"})
        assert UUID.match(body["member"]["id"])


def test_show_agrees_with_list(elb: Any, mixed: dict[str, str]) -> None:
    listed = {m.id: m.to_dict() for m in list_members(elb, demo.POOL_DUALSTACK).members}

    for member_id in mixed.values():
        assert show_member(elb, demo.POOL_DUALSTACK, member_id).to_dict() == listed[member_id]


def test_a_member_of_a_standalone_pool_reports_unknown(elb: Any) -> None:
    (member_id,) = add(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.50"))

    member = show_member(elb, demo.POOL_STANDALONE, member_id)

    assert member.operating_status == "UNKNOWN"
    assert member.status == []


def test_a_member_seen_through_another_pool_is_elb_8904(elb: Any, mixed: dict[str, str]) -> None:
    error = sdk_error(lambda: show_member(elb, demo.POOL, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"member {mixed['v4']} could not be found."


def test_show_an_unknown_member_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_member(elb, demo.POOL, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"member {UNKNOWN_ID} could not be found."


def test_show_in_an_unknown_pool_is_elb_8904(elb: Any, mixed: dict[str, str]) -> None:
    error = sdk_error(lambda: show_member(elb, UNKNOWN_ID, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


# --- delete -------------------------------------------------------------------------------


def test_delete_a_member(elb: Any, mixed: dict[str, str]) -> None:
    response = delete_member(elb, demo.POOL_DUALSTACK, mixed["v6"])

    assert response.status_code == 204
    error = sdk_error(lambda: show_member(elb, demo.POOL_DUALSTACK, mixed["v6"]))
    assert error.status_code == 404 and error.error_code == "ELB.8904"
    assert sorted(listed_ids(elb, demo.POOL_DUALSTACK)) == sorted([mixed["v4"], mixed["ip"]])
    again = sdk_error(lambda: delete_member(elb, demo.POOL_DUALSTACK, mixed["v6"]))
    assert again.status_code == 404 and again.error_code == "ELB.8904"


def test_delete_returns_an_empty_body(http: httpx.Client, mixed: dict[str, str]) -> None:
    response = http.delete(
        f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members/{mixed['ip']}"
    )

    assert response.status_code == 204
    assert response.content == b""


def test_a_deleted_member_can_be_added_again(elb: Any) -> None:
    (first,) = add(elb, demo.POOL, on_subnet("192.168.0.60"))
    delete_member(elb, demo.POOL, first)

    (second,) = add(elb, demo.POOL, on_subnet("192.168.0.60"))

    assert second != first
    assert listed_ids(elb, demo.POOL) == [second]


def test_delete_through_another_pool_is_elb_8904_and_keeps_the_member(
    elb: Any, mixed: dict[str, str]
) -> None:
    error = sdk_error(lambda: delete_member(elb, demo.POOL, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert show_member(elb, demo.POOL_DUALSTACK, mixed["v4"]).id == mixed["v4"]


def test_delete_an_unknown_member_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_member(elb, demo.POOL, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"


def test_member_deletion_protection_refuses_the_delete(elb: Any) -> None:
    option = CreatePoolOption(
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB,
        member_deletion_protection_enable=True,
    )
    pool = elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option))).pool
    assert pool.member_deletion_protection_enable is True
    (member_id,) = add(elb, pool.id, on_subnet("192.168.0.70"))

    error = sdk_error(lambda: delete_member(elb, pool.id, member_id))

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"
    assert show_member(elb, pool.id, member_id).id == member_id
    assert listed_ids(elb, pool.id) == [member_id]
