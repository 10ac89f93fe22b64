"""Second reading of the member operations: every ListMembersRequest filter through the SDK,
IPv6 addresses filtered in any spelling, and markers that the filters leave out."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    ListAllMembersRequest,
    ListMembersRequest,
)

from tests import demo

IPV6_MEMBER = "2001:db8:a583:2::10"  # demo-ecs-2's IPv6 address, canonical form
IPV6_SPELLINGS = ["2001:DB8:A583:2::10", "2001:db8:a583:2:0:0:0:10", "2001:0db8:a583:0002::0010"]


def add(elb: Any, pool_id: str, *members: dict[str, Any]) -> list[str]:
    request = BatchCreateMembersRequest(
        pool_id=pool_id,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**member) for member in members]
        ),
    )
    return [member.id for member in elb.batch_create_members(request).members]


def listed(elb: Any, pool_id: str, **query: Any) -> list[str]:
    response = elb.list_members(ListMembersRequest(pool_id=pool_id, **query))
    assert response.page_info.current_count == len(response.members)
    return [member.id for member in response.members]


def listed_all(elb: Any, **query: Any) -> list[str]:
    return [member.id for member in elb.list_all_members(ListAllMembersRequest(**query)).members]


@pytest.fixture
def kinds(elb: Any) -> dict[str, str]:
    """In the dual-stack demo pool: an IPv4 member backed by demo-ecs-2, its IPv6 twin, an
    instance member without a server (on another port), and an IP-type member."""
    ids = add(
        elb,
        demo.POOL_DUALSTACK,
        {
            "address": "192.168.2.10",
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_SUBNET,
            "name": "v4",
            "weight": 5,
        },
        {
            "address": IPV6_MEMBER,
            "protocol_port": 80,
            "subnet_cidr_id": demo.DUALSTACK_NETWORK,
            "name": "v6",
            "weight": 0,
        },
        {
            "address": "192.168.2.99",
            "protocol_port": 8080,
            "subnet_cidr_id": demo.DUALSTACK_SUBNET,
            "name": "bare",
        },
        {"address": "10.1.2.3", "protocol_port": 80, "availability_zone": demo.AZ_1, "name": "ip"},
    )
    return dict(zip(("v4", "v6", "bare", "ip"), ids, strict=True))


EVERYONE = ["v4", "v6", "bare", "ip"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"name": ["bare", "ip"]}, ["bare", "ip"], id="name"),
        pytest.param({"weight": [5, 0]}, ["v4", "v6"], id="weight"),
        pytest.param({"weight": [1]}, ["bare", "ip"], id="weight-default"),
        pytest.param({"admin_state_up": True}, ["v4", "v6"], id="admin_state_up-true"),
        pytest.param({"admin_state_up": False}, ["bare", "ip"], id="admin_state_up-false"),
        pytest.param(
            {"subnet_cidr_id": [demo.DUALSTACK_SUBNET]}, ["v4", "bare"], id="subnet_cidr_id"
        ),
        pytest.param(
            {"subnet_cidr_id": [demo.DUALSTACK_SUBNET, demo.DUALSTACK_NETWORK]},
            ["v4", "v6", "bare"],
            id="subnet_cidr_id-or",
        ),
        pytest.param({"address": ["10.1.2.3", IPV6_MEMBER]}, ["ip", "v6"], id="address"),
        pytest.param({"protocol_port": [8080]}, ["bare"], id="protocol_port"),
        pytest.param({"ip_version": ["v6"]}, ["v6"], id="ip_version"),
        pytest.param({"member_type": ["ip"]}, ["ip"], id="member_type"),
        pytest.param({"instance_id": [demo.ECS_2]}, ["v4", "v6"], id="instance_id"),
        pytest.param({"availability_zone": [demo.AZ_1]}, ["ip"], id="availability_zone"),
        pytest.param({"operating_status": ["NO_MONITOR"]}, EVERYONE, id="operating_status"),
        pytest.param({"operating_status": ["ONLINE"]}, [], id="operating_status-none"),
        # members belong to their pool's enterprise project (the demo pool's is "0")
        pytest.param({"enterprise_project_id": ["0"]}, EVERYONE, id="enterprise_project_id"),
        pytest.param(
            {"enterprise_project_id": ["all_granted_eps"]}, EVERYONE, id="all_granted_eps"
        ),
        pytest.param(
            {"enterprise_project_id": ["ep-other", "0"]}, EVERYONE, id="enterprise_project_id-or"
        ),
        pytest.param({"enterprise_project_id": ["ep-other"]}, [], id="enterprise_project_id-no"),
        pytest.param(
            {"member_type": ["instance"], "weight": [1], "protocol_port": [8080]},
            ["bare"],
            id="and-across-keys",
        ),
    ],
)
def test_every_list_members_filter(
    elb: Any, kinds: dict[str, str], query: dict[str, Any], expected: list[str]
) -> None:
    assert sorted(listed(elb, demo.POOL_DUALSTACK, **query)) == sorted(
        kinds[name] for name in expected
    )


def test_list_members_filters_by_id(elb: Any, kinds: dict[str, str]) -> None:
    ids = [kinds["v6"], kinds["ip"], "00000000-0000-4000-8000-000000000000"]

    assert sorted(listed(elb, demo.POOL_DUALSTACK, id=ids)) == sorted(ids[:2])


def test_the_enterprise_project_filter_over_raw_http(
    http: httpx.Client, kinds: dict[str, str]
) -> None:
    path = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members"

    other = http.get(path, params={"enterprise_project_id": "ep-other"})
    same = http.get(
        path, params=[("enterprise_project_id", "ep-other"), ("enterprise_project_id", "0")]
    )

    assert other.status_code == 200
    assert other.json()["members"] == []
    assert other.json()["page_info"] == {"previous_marker": None, "current_count": 0}
    assert {m["id"] for m in same.json()["members"]} == set(kinds.values())


@pytest.mark.parametrize("spelling", IPV6_SPELLINGS)
def test_an_ipv6_address_filter_matches_any_spelling(
    elb: Any, kinds: dict[str, str], spelling: str
) -> None:
    # members keep IPv6 addresses in canonical form, whatever form they were added in
    assert listed(elb, demo.POOL_DUALSTACK, address=[spelling]) == [kinds["v6"]]
    assert listed_all(elb, address=[spelling]) == [kinds["v6"]]


def test_an_address_filter_that_is_no_address_matches_nothing(
    http: httpx.Client, kinds: dict[str, str]
) -> None:
    response = http.get(
        f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members",
        params=[("address", "not-an-ip"), ("address", "010.1.2.3")],
    )

    assert response.status_code == 200
    assert response.json()["members"] == []


def test_a_marker_the_filters_leave_out_still_marks_the_place(
    elb: Any, kinds: dict[str, str]
) -> None:
    # the marker must be a valid id (the reference), not one of the filtered records: a
    # member that stopped matching between two pages still continues the walk
    everyone = sorted(kinds.values())
    weight_one = sorted([kinds["bare"], kinds["ip"]])
    for marker in everyone:
        after = [m for m in weight_one if m > marker]
        before = [m for m in weight_one if m < marker]

        assert listed(elb, demo.POOL_DUALSTACK, weight=[1], marker=marker, limit=10) == after
        assert (
            listed_all(elb, weight=[1], pool_id=[demo.POOL_DUALSTACK], marker=marker, limit=10)
            == after
        )
        assert (
            listed(elb, demo.POOL_DUALSTACK, weight=[1], marker=marker, limit=10, page_reverse=True)
            == before
        )
