"""The cloud's marker paging, walked end to end through the official SDK.

5,000 members in one pool (a seed lifts the member quotas) are paged forward and backward
with several limits through list_members and list_all_members: every member is seen exactly
once, in ascending id order, and page_info is exact at every step. list_pools and
list_load_balancers page the same way on small data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    ListAllMembersRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    ListPoolsRequest,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.sdk_checks import sdk_error

BIG_POOL = demo.POOL_HTTP
TOTAL = 5000
BATCH = 200
AUTH = {"X-Auth-Token": "test-token"}

# (ids on the page, page_info as sent: absent keys left out)
Page = tuple[list[str], dict[str, Any]]
Fetch = Callable[[str | None, int | None, bool], Page]


@dataclass(frozen=True)
class Big:
    """The server with 5,000 members in BIG_POOL and a few elsewhere."""

    elb: Any
    http: httpx.Client
    pool_ids: list[str]  # BIG_POOL's member ids, ascending
    weights: dict[str, int]  # every member's weight, by id
    all_ids: list[str]  # the project's member ids, ascending
    other_pool_member: str  # a member of demo.POOL


def _info(page_info: Any) -> dict[str, Any]:
    return {key: value for key, value in page_info.to_dict().items() if value is not None}


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
    def fetch(marker: str | None, limit: int | None, reverse: bool) -> Page:
        request = ListMembersRequest(
            pool_id=BIG_POOL, marker=marker, limit=limit, page_reverse=reverse or None, **filters
        )
        response = big.elb.list_members(request)
        return [m.id for m in response.members], _info(response.page_info)

    return fetch


def list_all_members_of(big: Big, **filters: Any) -> Fetch:
    def fetch(marker: str | None, limit: int | None, reverse: bool) -> Page:
        request = ListAllMembersRequest(
            marker=marker, limit=limit, page_reverse=reverse or None, **filters
        )
        response = big.elb.list_all_members(request)
        return [m.id for m in response.members], _info(response.page_info)

    return fetch


def walk_forward(fetch: Fetch, limit: int | None, expected: list[str]) -> None:
    """Page from the start; each page is the next slice, page_info exact at every step."""
    size = limit or 2000
    seen: list[str] = []
    marker = None
    while True:
        ids, info = fetch(marker, limit, False)
        start = len(seen)
        assert ids == expected[start : start + size]
        more = start + len(ids) < len(expected)
        wanted = {"previous_marker": ids[0], "current_count": len(ids)}
        if more:
            wanted["next_marker"] = ids[-1]
        assert info == wanted
        seen.extend(ids)
        if not more:
            break
        marker = info["next_marker"]
    assert seen == expected


def walk_backward(fetch: Fetch, limit: int | None, expected: list[str]) -> None:
    """Page from the end with page_reverse, passing previous_marker back each time."""
    size = limit or 2000
    pages: list[list[str]] = []
    marker = None
    remaining = len(expected)
    while True:
        ids, info = fetch(marker, limit, True)
        assert ids == expected[max(0, remaining - size) : remaining]
        remaining -= len(ids)
        wanted = {"previous_marker": ids[0], "current_count": len(ids)}
        if remaining:  # sent while earlier records remain; its value is the page's last id
            wanted["next_marker"] = ids[-1]
        assert info == wanted
        pages.append(ids)
        if not remaining:
            break
        marker = info["previous_marker"]
    assert [member_id for page in reversed(pages) for member_id in page] == expected


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

    assert (error.status_code, error.error_code) == (400, "ELB.8902")
    assert "limit" in error.error_msg


def test_a_marker_of_another_pool_is_elb_8902(big: Big) -> None:
    error = sdk_error(lambda: list_members_of(big)(big.other_pool_member, 10, False))

    assert (error.status_code, error.error_code) == (400, "ELB.8902")
    assert "marker" in error.error_msg
    # the project-wide list knows it
    ids, _ = list_all_members_of(big)(big.other_pool_member, 10, False)
    assert ids


@pytest.mark.parametrize("operation", ["list_members", "list_all_members"])
@pytest.mark.parametrize("marker", ["00000000-0000-4000-8000-000000000000", "x" * 1000])
def test_an_unknown_marker_is_elb_8902(big: Big, operation: str, marker: str) -> None:
    fetch = list_members_of(big) if operation == "list_members" else list_all_members_of(big)

    error = sdk_error(lambda: fetch(marker, 10, False))

    assert (error.status_code, error.error_code) == (400, "ELB.8902")


# --- the other lists page the same way (demo data, small) ------------------------------


def pools_fetch(elb: Any) -> Fetch:
    def fetch(marker: str | None, limit: int | None, reverse: bool) -> Page:
        request = ListPoolsRequest(marker=marker, limit=limit, page_reverse=reverse or None)
        response = elb.list_pools(request)
        return [p.id for p in response.pools], _info(response.page_info)

    return fetch


def load_balancers_fetch(elb: Any) -> Fetch:
    def fetch(marker: str | None, limit: int | None, reverse: bool) -> Page:
        request = ListLoadBalancersRequest(marker=marker, limit=limit, page_reverse=reverse or None)
        response = elb.list_load_balancers(request)
        return [lb.id for lb in response.loadbalancers], _info(response.page_info)

    return fetch


@pytest.fixture
def five_load_balancers(elb: Any) -> list[str]:
    """The two demo load balancers and three more: their ids, ascending."""
    for name in ("a", "b", "c"):
        option = CreateLoadBalancerOption(
            name=name, availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET
        )
        body = CreateLoadBalancerRequestBody(loadbalancer=option)
        elb.create_load_balancer(CreateLoadBalancerRequest(body=body))
    ids = sorted(lb.id for lb in elb.list_load_balancers(ListLoadBalancersRequest()).loadbalancers)
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
        assert (error.status_code, error.error_code) == (400, "ELB.8902")
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
    assert response.json()["error_code"] == "ELB.8902"
