"""The cloud's marker paging, walked end to end through the official SDK.

5,000 members in one pool (a seed lifts the member quotas) are paged forward and backward
with several limits through list_members and list_all_members: every member is seen exactly
once, in ascending id order, and page_info is exact at every step. list_pools and
list_load_balancers page the same way on small data.

Over raw JSON: bad limit/marker/page_reverse values of every list, the default page, limit 0,
page_reverse and the last page's page_info; the filters of list_pools and list_load_balancers;
and 5,000 IP-type members of a project of their own, on a `mockelb serve` subprocess seeded
with them, paged forward and backward (slow).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    ListAllMembersRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    ListPoolsRequest,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.error_codes import INVALID_INPUT
from tests.factories import ELB, create_load_balancer, ids_of, list_load_balancers, post_member
from tests.sdk_checks import (
    Fetch,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    pager,
    sdk_error,
    walk_backward,
    walk_forward,
)
from tests.serve import served

BIG_POOL = demo.POOL_HTTP
TOTAL = 5000
BATCH = 200
AUTH = {"X-Auth-Token": "test-token"}


@dataclass(frozen=True)
class Big:
    """The server with 5,000 members in BIG_POOL and a few elsewhere."""

    elb: Any
    http: httpx.Client
    pool_ids: list[str]  # BIG_POOL's member ids, ascending
    weights: dict[str, int]  # every member's weight, by id
    all_ids: list[str]  # the project's member ids, ascending
    other_pool_member: str  # a member of demo.POOL


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Big]:
    seed = tmp_path_factory.mktemp("paging") / "unlimited.yaml"
    seed.write_text(
        f"projects:\n  - id: {demo.PROJECT}\n    quotas: {{members_per_pool: -1, member: -1}}\n"
    )
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, seed=[Path(seed)])) as server,
        httpx.Client(base_url=server.url, headers=AUTH, timeout=30) as http,
    ):
        weights: dict[str, int] = {}
        pool_ids: list[str] = []
        for batch in range(TOTAL // BATCH):
            items = []
            for i in range(batch * BATCH, (batch + 1) * BATCH):
                address = f"10.0.{i // 250}.{i % 250 + 1}"
                items.append({"address": address, "protocol_port": 80, "weight": i % 3})
            response = http.post(
                f"/v3/{demo.PROJECT}/elb/pools/{BIG_POOL}/members/batch-add",
                json={"members": items},
            )
            assert response.status_code == 201, response.text
            for member in response.json()["members"]:
                assert member["ret_status"] == "successful"
                pool_ids.append(member["id"])
                weights[member["id"]] = member["weight"]
        others = http.post(
            f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members/batch-add",
            json={
                "members": [
                    {
                        "address": f"192.168.0.{n}",
                        "protocol_port": 80,
                        "subnet_cidr_id": demo.SUBNET,
                    }
                    for n in (20, 21, 22)
                ]
            },
        ).json()["members"]
        for member in others:
            weights[member["id"]] = member["weight"]
        yield Big(
            elb=make_elb_client(server.url, demo.PROJECT),
            http=http,
            pool_ids=sorted(pool_ids),
            weights=weights,
            all_ids=sorted(weights),
            other_pool_member=others[0]["id"],
        )


def list_members_of(big: Big, **filters: Any) -> Fetch:
    """Pages of BIG_POOL's members (list_members) with these filters."""
    return pager(
        lambda **query: big.elb.list_members(ListMembersRequest(pool_id=BIG_POOL, **query)),
        "members",
        **filters,
    )


def list_all_members_of(big: Big, **filters: Any) -> Fetch:
    """Pages of the project's members (list_all_members) with these filters."""
    return pager(
        lambda **query: big.elb.list_all_members(ListAllMembersRequest(**query)),
        "members",
        **filters,
    )


LIMITS = [None, 2000, 1000, 777, 333]


@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize("direction", ["forward", "backward"])
@pytest.mark.parametrize("operation", ["list_members", "list_all_members"])
def test_every_member_once_in_id_order(
    big: Big, operation: str, direction: str, limit: int | None
) -> None:
    if operation == "list_members":
        fetch, expected = list_members_of(big), big.pool_ids
    else:
        fetch, expected = list_all_members_of(big), big.all_ids
    assert len(expected) >= TOTAL

    walk = walk_forward if direction == "forward" else walk_backward
    walk(fetch, limit, expected)


@pytest.mark.parametrize("direction", ["forward", "backward"])
@pytest.mark.parametrize(
    ("operation", "filters", "pools"),
    [
        ("list_members", {"weight": [0]}, "big"),
        ("list_members", {"weight": [0, 2]}, "big"),
        ("list_all_members", {"weight": [1]}, "all"),
        ("list_all_members", {"weight": [1], "pool_id": [BIG_POOL]}, "big"),
        ("list_all_members", {"weight": [1], "loadbalancer_id": [demo.LB_IP_TARGETS]}, "big"),
        ("list_all_members", {"operating_status": ["NO_MONITOR"], "weight": [2]}, "all"),
    ],
    ids=["w0", "w0-or-w2", "all-w1", "all-w1-pool", "all-w1-lb", "all-status-w2"],
)
def test_filters_combined_with_paging(
    big: Big, operation: str, filters: dict[str, Any], pools: str, direction: str
) -> None:
    of = list_members_of if operation == "list_members" else list_all_members_of
    fetch = of(big, **filters)
    candidates = big.pool_ids if pools == "big" else big.all_ids
    expected = [i for i in candidates if big.weights[i] in filters["weight"]]
    assert 1000 < len(expected) < TOTAL

    walk = walk_forward if direction == "forward" else walk_backward
    walk(fetch, 400, expected)


@pytest.mark.parametrize("operation", ["list_members", "list_all_members"])
def test_a_page_can_start_after_any_marker(big: Big, operation: str) -> None:
    of = list_members_of if operation == "list_members" else list_all_members_of
    marker = big.pool_ids[1234]
    expected = big.pool_ids if operation == "list_members" else big.all_ids
    index = expected.index(marker)

    after, _ = of(big)(marker, 10, False)
    before, _ = of(big)(marker, 10, True)

    assert after == expected[index + 1 : index + 11]
    assert before == expected[index - 10 : index]


@pytest.mark.parametrize(
    "path",
    [f"/v3/{demo.PROJECT}/elb/pools/{BIG_POOL}/members", f"/v3/{demo.PROJECT}/elb/members"],
    ids=["list_members", "list_all_members"],
)
def test_limit_0_returns_an_empty_page(big: Big, path: str) -> None:
    response = big.http.get(path, params={"limit": 0})

    assert response.status_code == 200
    body = response.json()
    assert body["members"] == []
    assert body["page_info"] == {"previous_marker": None, "current_count": 0}


@pytest.mark.parametrize(
    "path",
    [f"/v3/{demo.PROJECT}/elb/pools/{BIG_POOL}/members", f"/v3/{demo.PROJECT}/elb/members"],
    ids=["list_members", "list_all_members"],
)
def test_the_default_page_is_2000_and_says_there_is_more(big: Big, path: str) -> None:
    response = big.http.get(path)

    body = response.json()
    assert len(body["members"]) == 2000
    assert body["page_info"]["next_marker"] == body["members"][-1]["id"]


@pytest.mark.parametrize("operation", ["list_members", "list_all_members"])
@pytest.mark.parametrize("limit", [2001, -1])
def test_a_limit_outside_0_to_2000_is_elb_8902(big: Big, operation: str, limit: int) -> None:
    fetch = list_members_of(big) if operation == "list_members" else list_all_members_of(big)

    error = sdk_error(lambda: fetch(None, limit, False))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert "limit" in error.error_msg


def test_a_marker_of_another_pool_is_elb_8902(big: Big) -> None:
    error = sdk_error(lambda: list_members_of(big)(big.other_pool_member, 10, False))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    assert "marker" in error.error_msg
    # the project-wide list knows it
    ids, _ = list_all_members_of(big)(big.other_pool_member, 10, False)
    assert ids


@pytest.mark.parametrize("operation", ["list_members", "list_all_members"])
@pytest.mark.parametrize("marker", ["00000000-0000-4000-8000-000000000000", "x" * 1000])
def test_an_unknown_marker_is_elb_8902(big: Big, operation: str, marker: str) -> None:
    fetch = list_members_of(big) if operation == "list_members" else list_all_members_of(big)

    error = sdk_error(lambda: fetch(marker, 10, False))

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT)


# --- the other lists page the same way (demo data, small) ------------------------------


def pools_fetch(elb: Any) -> Fetch:
    """Pages of list_pools."""
    return pager(lambda **query: elb.list_pools(ListPoolsRequest(**query)), "pools")


def load_balancers_fetch(elb: Any) -> Fetch:
    """Pages of list_load_balancers."""
    return pager(
        lambda **query: elb.list_load_balancers(ListLoadBalancersRequest(**query)), "loadbalancers"
    )


@pytest.fixture
def five_load_balancers(elb: Any) -> list[str]:
    """The two demo load balancers and three more: their ids, ascending."""
    for name in ("a", "b", "c"):
        create_load_balancer(
            elb, name=name, availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET
        )
    ids = sorted(ids_of(list_load_balancers(elb)))
    assert len(ids) == 5
    return ids


@pytest.mark.parametrize("limit", [1, 2, 3, 7, None])
@pytest.mark.parametrize("direction", ["forward", "backward"])
@pytest.mark.parametrize("operation", ["list_pools", "list_load_balancers"])
def test_pools_and_load_balancers_page_the_same_way(
    elb: Any, five_load_balancers: list[str], operation: str, direction: str, limit: int | None
) -> None:
    if operation == "list_pools":
        fetch, expected = pools_fetch(elb), sorted(demo.ALL_POOLS)
    else:
        fetch, expected = load_balancers_fetch(elb), five_load_balancers

    walk = walk_forward if direction == "forward" else walk_backward
    walk(fetch, limit, expected)


@pytest.mark.parametrize("operation", ["list_pools", "list_load_balancers"])
def test_pools_and_load_balancers_refuse_bad_paging(elb: Any, operation: str) -> None:
    fetch = pools_fetch(elb) if operation == "list_pools" else load_balancers_fetch(elb)

    for marker, limit in (("00000000-0000-4000-8000-000000000000", 1), (None, 2001)):
        error = sdk_error(lambda marker=marker, limit=limit: fetch(marker, limit, False))
        assert (error.status_code, error.error_code) == (400, INVALID_INPUT)
    ids, info = fetch(None, 0, False)
    assert (ids, info) == ([], {"current_count": 0})


# --- a marker is a place in the collection, not in the filtered rows -----------------------

# (list path, a filter that leaves the marker out, the marker, what the page then holds)
FILTERED_OUT_MARKERS = [
    pytest.param(
        "pools",
        {"protocol": "UDP"},
        demo.POOL,  # TCP: filtered out
        [demo.POOL_AZ_AFFINITY],  # the UDP pools after it
        id="pools",
    ),
    pytest.param(
        "loadbalancers", {"name": "demo-elb-ip-targets"}, demo.LB, [demo.LB_IP_TARGETS], id="lbs"
    ),
    pytest.param("listeners", {"name": "nothing"}, demo.LISTENER, [], id="listeners"),
    pytest.param("flavors", {"type": "L7"}, demo.L4_FLAVOR, None, id="flavors"),
]


@pytest.mark.parametrize(("collection", "filters", "marker", "expected"), FILTERED_OUT_MARKERS)
def test_a_marker_the_filters_leave_out_is_still_a_place_in_every_list(
    app_client: Any,
    collection: str,
    filters: dict[str, str],
    marker: str,
    expected: list[str] | None,
) -> None:
    response = app_client.get(
        f"/v3/{demo.PROJECT}/elb/{collection}", params={**filters, "marker": marker}
    )

    assert response.status_code == 200, response.text
    ids = [item["id"] for item in response.json()[collection]]
    assert all(item_id > marker for item_id in ids)
    if expected is not None:
        assert ids == expected
    else:
        assert ids  # the L7 flavors all sort after the first L4 one


@pytest.mark.parametrize("collection", ["pools", "loadbalancers", "listeners", "flavors"])
def test_a_marker_outside_the_collection_is_still_elb_8902(
    app_client: Any, collection: str
) -> None:
    response = app_client.get(f"/v3/{demo.PROJECT}/elb/{collection}", params={"marker": demo.ECS_1})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT


# --- raw JSON paging of every list (demo data, small) -----------------------------------


def walk_forward_json(
    http: httpx.Client, path: str, key: str, limit: int, params: dict[str, Any] | None = None
) -> list[str]:
    """Page forward with next_marker, checking page_info on each page."""
    seen: list[str] = []
    query: dict[str, Any] = {"limit": limit, **(params or {})}
    while True:
        body = assert_ok_response(http.get(path, params=query))
        ids = [item["id"] for item in body[key]]
        info = body["page_info"]
        assert info["current_count"] == len(ids)
        if ids:
            assert info["previous_marker"] == ids[0]
        seen += ids
        if "next_marker" not in info:
            return seen
        assert info["next_marker"] == ids[-1]
        query["marker"] = info["next_marker"]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (f"{ELB}/pools", "pools"),
        (f"{ELB}/loadbalancers", "loadbalancers"),
        (f"{ELB}/members", "members"),
        (f"{ELB}/pools/{demo.POOL}/members", "members"),
    ],
)
@pytest.mark.parametrize(
    "params",
    [
        {"limit": -1},
        {"limit": 2001},
        {"limit": "x"},
        {"limit": ""},
        {"limit": "99999999999999999999999"},
        {"marker": "nope"},
        {"marker": ""},
        {"page_reverse": "maybe"},
    ],
)
def test_list_paging_rejections(
    http: httpx.Client, path: str, key: str, params: dict[str, Any]
) -> None:
    post_member(http, "192.168.0.20")
    field = next(iter(params))
    assert_error_response(http.get(path, params=params), 400, INVALID_INPUT, field)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (f"{ELB}/pools", "pools"),
        (f"{ELB}/loadbalancers", "loadbalancers"),
        (f"{ELB}/members", "members"),
        (f"{ELB}/pools/{demo.POOL}/members", "members"),
    ],
)
def test_list_defaults_and_limit_zero(http: httpx.Client, path: str, key: str) -> None:
    for i in range(3):
        post_member(http, f"192.168.0.{20 + i}")
    body = assert_ok_response(http.get(path))
    ids = [x["id"] for x in body[key]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert body["page_info"]["current_count"] == len(ids)
    assert body["page_info"]["previous_marker"] == ids[0]
    assert "next_marker" not in body["page_info"]
    assert walk_forward_json(http, path, key, 1) == ids
    body = assert_ok_response(http.get(path, params={"limit": 0}))
    assert body[key] == [] and body["page_info"]["current_count"] == 0


def test_page_reverse_walks_backwards(http: httpx.Client) -> None:
    ids = sorted(post_member(http, f"192.168.0.{20 + i}")["id"] for i in range(5))
    body = assert_ok_response(
        http.get(
            f"{ELB}/pools/{demo.POOL}/members",
            params={"limit": 2, "marker": ids[4], "page_reverse": "true"},
        )
    )
    assert [x["id"] for x in body["members"]] == ids[2:4]
    assert body["page_info"]["previous_marker"] == ids[2]
    body = assert_ok_response(
        http.get(
            f"{ELB}/pools/{demo.POOL}/members",
            params={"limit": 2, "marker": ids[2], "page_reverse": "true"},
        )
    )
    assert [x["id"] for x in body["members"]] == ids[0:2]


def test_no_next_marker_on_full_last_page(http: httpx.Client) -> None:
    ids = sorted(post_member(http, f"192.168.0.{20 + i}")["id"] for i in range(3))
    body = assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}/members", params={"limit": 3}))
    assert "next_marker" not in body["page_info"] and body["page_info"]["current_count"] == 3
    body = assert_ok_response(
        http.get(f"{ELB}/pools/{demo.POOL}/members", params={"limit": 2, "marker": ids[0]})
    )
    assert [x["id"] for x in body["members"]] == ids[1:] and "next_marker" not in body["page_info"]
    body = assert_ok_response(
        http.get(f"{ELB}/pools/{demo.POOL}/members", params={"limit": 2, "marker": ids[2]})
    )
    assert body["members"] == [] and body["page_info"]["current_count"] == 0


def test_page_reverse_next_marker_is_last_record(http: httpx.Client) -> None:
    ids = sorted(post_member(http, f"192.168.0.{20 + i}")["id"] for i in range(5))
    body = assert_ok_response(
        http.get(
            f"{ELB}/pools/{demo.POOL}/members",
            params={"limit": 2, "marker": ids[4], "page_reverse": "true"},
        )
    )
    page = [x["id"] for x in body["members"]]
    assert body["page_info"].get("next_marker", page[-1]) == page[-1]


# --- list filters of pools and load balancers --------------------------------------------


def test_list_pools_filters(elb: Any, http: httpx.Client) -> None:
    post_member(http, "192.168.0.20")

    def q(**kw: Any) -> list[str]:
        return [x.id for x in elb.list_pools(elb_v3.ListPoolsRequest(**kw)).pools]

    assert q() == sorted(demo.ALL_POOLS)
    assert q(member_address=["192.168.0.20", "1.2.3.4"]) == [demo.POOL]
    assert q(listener_id=[demo.LISTENER, demo.LISTENER_2]) == sorted(
        [demo.POOL, demo.POOL_DUALSTACK]
    )
    assert q(loadbalancer_id=[demo.LB_IP_TARGETS], protocol=["UDP", "HTTP"]) == sorted(
        [demo.POOL_AZ_AFFINITY, demo.POOL_HTTP]
    )
    assert q(loadbalancer_id=[demo.LB]) == [demo.POOL]
    assert q(any_port_enable=True) == [demo.POOL_ANY_PORT]
    assert q(type=["instance"]) == sorted([demo.POOL_IP_PROTOCOL, demo.POOL_STANDALONE])
    assert q(ip_version=["dualstack"]) == [demo.POOL_DUALSTACK]
    assert q(az_affinity=["enable=true"]) == [demo.POOL_AZ_AFFINITY]
    assert q(lb_algorithm=["SOURCE_IP", "LEAST_CONNECTIONS"]) == sorted(
        [demo.POOL_AZ_AFFINITY, demo.POOL_ANY_PORT]
    )
    assert q(vpc_id=[demo.OTHER_VPC]) == []
    assert q(member_deletion_protection_enable=True) == []


def test_list_load_balancers_filters(elb: Any) -> None:
    def q(**kw: Any) -> list[str]:
        resp = elb.list_load_balancers(elb_v3.ListLoadBalancersRequest(**kw))
        for lb in resp.loadbalancers:
            assert_model_fields(lb.to_dict(), elb_v3.LoadBalancer)
        return [x.id for x in resp.loadbalancers]

    assert q() == [demo.LB, demo.LB_IP_TARGETS]
    assert q(name=["demo-elb", "nope"]) == [demo.LB]
    assert q(vip_address=["192.168.2.100"]) == [demo.LB_IP_TARGETS]
    assert q(vpc_id=[demo.VPC], name=["demo-elb-ip-targets"]) == [demo.LB_IP_TARGETS]
    assert q(provisioning_status=["ACTIVE"], operating_status=["ONLINE"]) == [
        demo.LB,
        demo.LB_IP_TARGETS,
    ]
    assert q(availability_zone_list=["cn-north-4a"]) == [demo.LB, demo.LB_IP_TARGETS]
    assert q(id=[demo.LB_IP_TARGETS]) == [demo.LB_IP_TARGETS]
    assert q(elb_virsubnet_type=["dualstack"]) == [demo.LB_IP_TARGETS]


# --- 5,000 IP-type members in a project of its own, served by `mockelb serve` ------------


BIG_PROJECT = "0badc0ffee0badc0ffee0badc0ffee00"
BIG_COUNT = 5000


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server holding 5,000 IP-type members in one pool of its own project."""
    seed = {
        "project_id": BIG_PROJECT,
        "projects": [{"id": BIG_PROJECT, "quotas": {"member": -1, "members_per_pool": -1}}],
        "vpcs": [{"id": "big-vpc", "name": "big", "cidr": "10.0.0.0/8"}],
        "subnets": [
            {
                "id": "big-net",
                "vpc_id": "big-vpc",
                "cidr": "10.1.0.0/16",
                "neutron_subnet_id": "big-sub",
            }
        ],
        "loadbalancers": [
            {
                "id": "big-lb",
                "vip_subnet_cidr_id": "big-sub",
                "availability_zone_list": ["cn-north-4a"],
                "ip_target_enable": True,
            }
        ],
        "pools": [
            {
                "id": "big-pool",
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": "big-lb",
            }
        ],
        "members": [
            {
                "pool_id": "big-pool",
                "address": f"10.2.{i // 250}.{i % 250 + 1}",
                "protocol_port": 80,
            }
            for i in range(BIG_COUNT)
        ],
    }
    path = tmp_path_factory.mktemp("seed") / "big.json"
    path.write_text(json.dumps(seed))
    with served("--log-level", "warning", "--seed", str(path), start_timeout=120) as url:
        yield url


@pytest.mark.slow
def test_paging_5000_members_forward_and_backward(big_server: str) -> None:
    with httpx.Client(
        base_url=f"{big_server}/v3/{BIG_PROJECT}/elb", headers={"X-Auth-Token": "t"}, timeout=60
    ) as client:
        for path in ("/pools/big-pool/members", "/members"):
            forward = walk_forward_json(client, path, "members", 700)
            assert len(forward) == BIG_COUNT == len(set(forward))
            assert forward == sorted(forward)
            backward: list[str] = []
            query: dict[str, Any] = {"limit": 700, "page_reverse": "true"}
            while True:
                body = assert_ok_response(client.get(path, params=query))
                ids = [x["id"] for x in body["members"]]
                assert ids == sorted(ids) and body["page_info"]["current_count"] == len(ids)
                backward = ids + backward
                if len(ids) < 700 or ids[0] == forward[0]:
                    break
                query["marker"] = body["page_info"]["previous_marker"]
            assert backward == forward
        elb = make_elb_client(big_server, BIG_PROJECT)
        resp = elb.list_members(elb_v3.ListMembersRequest(pool_id="big-pool"))
        assert len(resp.members) == 2000 and resp.page_info.next_marker == resp.members[-1].id
