"""IP address groups (mockelb/services/ipgroups.py), through the official SDK and raw HTTP:
create (entries, duplicates, order, every refusal), show, list (filters, paging), update,
the ip_list operations, delete, the listeners that use a group (listener ipgroup checks,
related-listeners, delete refused while in use), quotas, project isolation and the state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchDeleteIpListOption,
    BatchDeleteIpListRequest,
    BatchDeleteIpListRequestBody,
    CreateIpGroupIpOption,
    CreateListenerIpGroupOption,
    DeleteIpGroupRequest,
    IpGroupIp,
    ListIpGroupsRequest,
    ShowIpGroupRelatedListenersRequest,
    ShowIpGroupRequest,
    UpdateIpGroupIpOption,
    UpdateIpGroupOption,
    UpdateIpGroupRequest,
    UpdateIpGroupRequestBody,
    UpdateIpListOption,
    UpdateIpListRequest,
    UpdateIpListRequestBody,
    UpdateListenerIpGroupOption,
)
from sqlalchemy import event
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.seed import SeedDocument, SeedError, build_snapshot, parse_seed, snapshot_for
from tests import demo
from tests.conftest import AUTH
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    create_ip_group,
    create_listener,
    ids_of,
    list_ip_groups,
    list_listeners,
    quota_used,
    show_ip_group,
    show_listener,
    update_listener,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
    pager,
    walk_backward,
    walk_forward,
)

IPGROUPS = f"{ELB}/ipgroups"
LISTENERS = f"{ELB}/listeners"
OTHER_PROJECT = "0f0e0d0c0b0a09080706050403020100"
# the demo group's entries, in the order the API shows them
DEMO_ENTRIES = [
    ("10.8.0.1-10.8.0.254", "VPN clients"),
    ("192.168.0.0/24", "demo subnet"),
    ("2001:db8:a583:2::/64", ""),
]


def entries(group: Any) -> list[tuple[str, str]]:
    """(ip, description) of each entry of an SDK IpGroup or its JSON, in order."""
    items = group["ip_list"] if isinstance(group, dict) else group.ip_list
    return [
        (item["ip"], item["description"]) if isinstance(item, dict) else (item.ip, item.description)
        for item in items
    ]


def listener_ids(group: Any) -> list[str]:
    """The ids of the group's listeners (SDK IpGroup or JSON)."""
    return ids_of(group["listeners"] if isinstance(group, dict) else group.listeners)


def group_ids(http: httpx.Client) -> list[str]:
    """The ids of every group of the demo project, by raw HTTP."""
    response = http.get(IPGROUPS)
    assert response.status_code == 200, response.text
    return [group["id"] for group in response.json()["ipgroups"]]


def post_group(http: httpx.Client, *ips: str, **fields: Any) -> dict[str, Any]:
    """A new group (by raw POST) holding these entries: its JSON."""
    body = {"ipgroup": {"ip_list": [{"ip": ip} for ip in ips], **fields}}
    group: dict[str, Any] = assert_ok_response(http.post(IPGROUPS, json=body), 201)["ipgroup"]
    return group


def bound_listener(elb: Any, ipgroup_id: str, port: int = 8000, **ipgroup: Any) -> Any:
    """A new UDP listener of the demo LB whose access control uses these groups."""
    option = CreateListenerIpGroupOption(ipgroup_id=ipgroup_id, **ipgroup)
    return create_listener(elb, protocol="UDP", protocol_port=port, ipgroup=option)


def related(elb: Any, ipgroup_id: str) -> list[str]:
    response = elb.show_ip_group_related_listeners(
        ShowIpGroupRelatedListenersRequest(ipgroup_id=ipgroup_id)
    )
    assert response.status_code == 200
    return ids_of(response.listeners)


def update_group(elb: Any, ipgroup_id: str, **fields: Any) -> Any:
    body = UpdateIpGroupRequestBody(ipgroup=UpdateIpGroupOption(**fields))
    response = elb.update_ip_group(UpdateIpGroupRequest(ipgroup_id=ipgroup_id, body=body))
    assert response.status_code == 200
    return response.ipgroup


def update_list(elb: Any, ipgroup_id: str, *items: tuple[str, str | None], **fields: Any) -> Any:
    ip_list = [UpdateIpGroupIpOption(ip=ip, description=text) for ip, text in items]
    body = UpdateIpListRequestBody(ipgroup=UpdateIpListOption(ip_list=ip_list, **fields))
    response = elb.update_ip_list(UpdateIpListRequest(ipgroup_id=ipgroup_id, body=body))
    assert response.status_code == 200
    return response.ipgroup


def delete_entries(elb: Any, ipgroup_id: str, *ips: str) -> Any:
    option = BatchDeleteIpListOption(ip_list=[IpGroupIp(ip=ip) for ip in ips])
    request = BatchDeleteIpListRequest(
        ipgroup_id=ipgroup_id, body=BatchDeleteIpListRequestBody(ipgroup=option)
    )
    response = elb.batch_delete_ip_list(request)
    assert response.status_code == 200
    return response.ipgroup


# --- create and show ----------------------------------------------------------------------


def test_create_an_ip_group_with_every_field(elb: Any) -> None:
    ip_list = [
        CreateIpGroupIpOption(ip="192.168.3.0/24", description="office"),
        CreateIpGroupIpOption(ip="192.168.1.123"),
    ]
    body = elb_v3.CreateIpGroupRequestBody(
        ipgroup=elb_v3.CreateIpGroupOption(
            name="test_ipg", description="who may call", ip_list=ip_list
        )
    )
    response = elb.create_ip_group(elb_v3.CreateIpGroupRequest(body=body))

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    group = response.ipgroup
    assert UUID.match(group.id)
    assert (group.name, group.description) == ("test_ipg", "who may call")
    assert entries(group) == [("192.168.1.123", ""), ("192.168.3.0/24", "office")]
    assert listener_ids(group) == []
    assert group.project_id == demo.PROJECT
    assert group.enterprise_project_id == "0"
    assert TIME.match(group.created_at) and group.updated_at == group.created_at
    shown = elb.show_ip_group(ShowIpGroupRequest(ipgroup_id=group.id))
    assert shown.status_code == 200 and len(shown.request_id) == 32
    assert shown.ipgroup.to_dict() == group.to_dict()


def test_the_json_of_a_group_has_every_sdk_field_with_its_type(http: httpx.Client) -> None:
    created = assert_ok_response(http.post(IPGROUPS, json={"ipgroup": {"ip_list": []}}), 201)

    assert set(elb_v3.CreateIpGroupResponse.openapi_types) <= set(created)
    assert_json_model(created["ipgroup"], elb_v3.IpGroup)
    assert (created["ipgroup"]["name"], created["ipgroup"]["description"]) == ("", "")
    shown = assert_ok_response(http.get(f"{IPGROUPS}/{created['ipgroup']['id']}"))
    assert set(elb_v3.ShowIpGroupResponse.openapi_types) <= set(shown)
    assert shown["ipgroup"] == created["ipgroup"]


def test_the_references_example_request_works_verbatim(http: httpx.Client) -> None:
    body = {
        "ipgroup": {
            "name": "test_ipg",
            "ip_list": [
                {"ip": "192.168.1.123"},
                {"ip": "192.168.3.0/24", "description": "test_ip"},
                {"ip": "2001:0DB8:02de:0000:0000:0000:0000:0e13"},
            ],
        }
    }

    group = assert_ok_response(http.post(IPGROUPS, json=body), 201)["ipgroup"]

    # each entry as the client wrote it: the upper-case, uncompressed IPv6 address too
    assert entries(group) == [
        ("192.168.1.123", ""),
        ("192.168.3.0/24", "test_ip"),
        ("2001:0DB8:02de:0000:0000:0000:0000:0e13", ""),
    ]


def test_entries_that_repeat_one_another_are_kept_once(elb: Any) -> None:
    ip_list = [
        CreateIpGroupIpOption(ip="0.0.0.0"),
        CreateIpGroupIpOption(ip="0.0.0.0/32", description="later"),
        CreateIpGroupIpOption(ip="0:0:0:0:0:0:0:1"),
        CreateIpGroupIpOption(ip="::1"),
        CreateIpGroupIpOption(ip="::1/128"),
    ]

    group = create_ip_group(elb, ip_list=ip_list)

    # the first text is kept; a later repeat's description replaces the first's
    assert entries(group) == [("0.0.0.0", "later"), ("0:0:0:0:0:0:0:1", "")]


def test_entries_come_back_in_address_order(elb: Any) -> None:
    group = create_ip_group(
        elb,
        "2001:db8::/32",
        "192.168.1.120",
        "10.0.0.5-10.0.0.9",
        "192.168.1.99",
        "10.0.0.0/8",
        "::1",
    )

    assert [ip for ip, _ in entries(group)] == [
        "10.0.0.0/8",
        "10.0.0.5-10.0.0.9",
        "192.168.1.99",
        "192.168.1.120",
        "::1",
        "2001:db8::/32",
    ]


def test_blocks_ranges_and_addresses_of_both_families_are_entries(elb: Any) -> None:
    ips = [
        "0.0.0.0/0",
        "10.12.3.1-10.12.3.10",
        "172.16.0.0/12",
        "255.255.255.255",
        "::/0",
        "2001:0DB8:02de::0e12-2001:0DB8:02de::0e13",
        "::ffff:192.168.0.20",
    ]

    group = create_ip_group(elb, *ips)

    assert sorted(ip for ip, _ in entries(group)) == sorted(ips)


def test_an_empty_ip_list_is_a_group_of_no_address(elb: Any) -> None:
    group = create_ip_group(elb)

    assert entries(group) == []


def test_the_project_id_of_the_body_is_not_used(http: httpx.Client) -> None:
    group = post_group(http, "10.0.0.1", project_id=OTHER_PROJECT)

    assert group["project_id"] == demo.PROJECT


def too_many(count: int) -> list[dict[str, str]]:
    return [{"ip": f"10.0.{index // 256}.{index % 256}"} for index in range(count)]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        pytest.param({"ip_list": [{"ip": "10.0.0.1/24"}]}, "host bits set", id="host-bits"),
        pytest.param({"ip_list": [{"ip": "2001:db8::1/64"}]}, "host bits set", id="v6-host-bits"),
        pytest.param({"ip_list": [{"ip": "10.0.0.0/33"}]}, "prefix length", id="prefix-too-long"),
        pytest.param({"ip_list": [{"ip": "::/129"}]}, "prefix length", id="v6-prefix-too-long"),
        pytest.param({"ip_list": [{"ip": "10.0.0.0/255.255.255.0"}]}, "prefix", id="netmask"),
        pytest.param({"ip_list": [{"ip": "10.0.0.0/024"}]}, "prefix", id="prefix-leading-zero"),
        pytest.param({"ip_list": [{"ip": "10.0.0.0/"}]}, "prefix", id="empty-prefix"),
        pytest.param(
            {"ip_list": [{"ip": "10.0.0.0/24\n"}]}, "prefix length", id="prefix-trailing-newline"
        ),
        pytest.param({"ip_list": [{"ip": "256.1.1.1"}]}, "not an IPv4", id="octet-too-big"),
        pytest.param({"ip_list": [{"ip": "192.168.000.020"}]}, "not an IPv4", id="leading-zeros"),
        pytest.param({"ip_list": [{"ip": "fe80::1%eth0"}]}, "not an IPv4", id="zone-index"),
        pytest.param({"ip_list": [{"ip": " 10.0.0.1"}]}, "not an IPv4", id="leading-space"),
        pytest.param({"ip_list": [{"ip": "example.com"}]}, "not an IPv4", id="host-name"),
        pytest.param({"ip_list": [{"ip": "10.0.0.9-10.0.0.1"}]}, "greater", id="range-reversed"),
        pytest.param({"ip_list": [{"ip": "10.0.0.1-10.0.0.1"}]}, "greater", id="range-of-one"),
        pytest.param({"ip_list": [{"ip": "10.0.0.1-::2"}]}, "mixes", id="range-mixed"),
        pytest.param({"ip_list": [{"ip": "10.0.0.1-10.0.0.5-10.0.0.9"}]}, "range", id="3-ends"),
        pytest.param({"ip_list": [{"ip": "10.0.0.0/24-10.0.1.0"}]}, "not an IPv4", id="range-cidr"),
        pytest.param({"ip_list": [{"ip": "10.0.0.1-"}]}, "not an IPv4", id="range-open"),
        pytest.param({"ip_list": [{"ip": ""}]}, "ip_list[0].ip", id="empty"),
        pytest.param({"ip_list": [{"ip": "1" * 129}]}, "ip_list[0].ip", id="too-long"),
        pytest.param({"ip_list": [{"ip": 167772161}]}, "ip_list[0].ip", id="integer"),
        pytest.param({"ip_list": [{"description": "x"}]}, "ip_list[0].ip", id="no-ip"),
        pytest.param(
            {"ip_list": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2", "description": "d" * 256}]},
            "ip_list[1].description",
            id="entry-description-too-long",
        ),
        pytest.param({"ip_list": too_many(301)}, "ip_list", id="301-entries"),
        pytest.param({}, "ip_list", id="no-ip-list"),
        pytest.param({"ip_list": None}, "ip_list", id="null-ip-list"),
        pytest.param({"ip_list": [], "name": "n" * 256}, "name", id="name-too-long"),
        pytest.param({"ip_list": [], "description": "d" * 256}, "description", id="long-desc"),
        pytest.param({"ip_list": [], "enterprise_project_id": ""}, "enterprise", id="empty-eps"),
        pytest.param({"ip_list": [], "listeners": []}, "listeners", id="unknown-attribute"),
    ],
)
def test_create_refuses_what_is_no_group(
    http: httpx.Client, option: dict[str, Any], message: str
) -> None:
    before = group_ids(http)

    response = http.post(IPGROUPS, json={"ipgroup": option})

    assert_error_response(response, 400, INVALID_INPUT, message)
    assert group_ids(http) == before


def test_300_entries_are_the_most_a_group_holds(http: httpx.Client) -> None:
    body = {"ipgroup": {"ip_list": too_many(300)}}

    group = assert_ok_response(http.post(IPGROUPS, json=body), 201)["ipgroup"]

    assert len(group["ip_list"]) == 300  # and 301 are refused (test_create_refuses_...)


def test_show_an_unknown_group_is_elb_8904(elb: Any) -> None:
    assert_refused(
        lambda: show_ip_group(elb, demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
        f"ipgroup {demo.UNKNOWN_ID} could not be found.",
    )


def test_another_projects_groups_are_invisible(http: httpx.Client, elb: Any) -> None:
    other = f"/v3/{OTHER_PROJECT}/elb/ipgroups"
    theirs = assert_ok_response(
        http.post(other, json={"ipgroup": {"ip_list": [{"ip": "10.0.0.1"}]}}), 201
    )["ipgroup"]
    mine = create_ip_group(elb, "10.0.0.1").id

    assert theirs["project_id"] == OTHER_PROJECT
    assert [group["id"] for group in http.get(other).json()["ipgroups"]] == [theirs["id"]]
    assert theirs["id"] not in ids_of(list_ip_groups(elb))
    for method, suffix in (("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/related-listeners")):
        body = {"ipgroup": {"name": "x"}} if method == "PUT" else None
        response = http.request(method, f"{IPGROUPS}/{theirs['id']}{suffix}", json=body)
        assert_error_response(response, 404, NOT_FOUND)
    assert_error_response(http.get(f"{other}/{mine}"), 404, NOT_FOUND)
    assert_error_response(
        http.post(LISTENERS, json={"listener": listener_body(theirs["id"])}), 404, NOT_FOUND
    )


# --- list ----------------------------------------------------------------------------------


@pytest.fixture
def three_groups(elb: Any) -> dict[str, str]:
    """Three groups besides the demo one, by name."""
    return {
        "office": create_ip_group(
            elb, "10.0.0.1", "192.168.3.0/24", name="office", description="HQ"
        ).id,
        "vpn": create_ip_group(elb, "10.8.0.1-10.8.0.9", "2001:db8::1", name="vpn").id,
        "empty": create_ip_group(elb, name="empty", description="HQ").id,
    }


def test_list_shows_every_group_in_id_order(elb: Any, three_groups: dict[str, str]) -> None:
    response = elb.list_ip_groups(ListIpGroupsRequest())

    assert response.status_code == 200
    assert ids_of(response.ipgroups) == sorted([*three_groups.values(), demo.IPGROUP])
    assert response.page_info.current_count == 4
    demo_group = next(group for group in response.ipgroups if group.id == demo.IPGROUP)
    assert entries(demo_group) == DEMO_ENTRIES


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"name": ["office"]}, ["office"], id="name"),
        pytest.param({"name": ["office", "vpn"]}, ["office", "vpn"], id="names"),
        pytest.param({"description": ["HQ"]}, ["empty", "office"], id="description"),
        pytest.param({"ip_list": ["10.0.0.1"]}, ["office"], id="address"),
        pytest.param({"ip_list": ["10.0.0.1/32"]}, ["office"], id="address-as-block"),
        pytest.param({"ip_list": ["192.168.3.0/24"]}, ["office"], id="block"),
        pytest.param({"ip_list": ["192.168.3.1"]}, [], id="address-in-a-block-is-no-entry"),
        pytest.param({"ip_list": ["10.8.0.1-10.8.0.9"]}, ["vpn"], id="range"),
        pytest.param({"ip_list": ["10.8.0.1"]}, [], id="start-of-a-range"),
        pytest.param({"ip_list": ["2001:DB8:0::1"]}, ["vpn"], id="v6-another-form"),
        pytest.param({"ip_list": ["10.0.0.1", "2001:db8::1"]}, ["office", "vpn"], id="any-of"),
        pytest.param({"ip_list": ["not-an-ip"]}, [], id="not-an-entry"),
        pytest.param({"name": ["office"], "ip_list": ["2001:db8::1"]}, [], id="and-across-keys"),
        pytest.param({"enterprise_project_id": ["0"]}, ["office", "vpn", "empty"], id="eps"),
        pytest.param({"enterprise_project_id": ["x"]}, [], id="other-eps"),
        pytest.param(
            {"enterprise_project_id": ["all_granted_eps"]},
            ["office", "vpn", "empty"],
            id="all-granted-eps",
        ),
    ],
)
def test_list_filters(
    elb: Any, three_groups: dict[str, str], query: dict[str, Any], expected: list[str]
) -> None:
    listed = set(ids_of(list_ip_groups(elb, **query))) - {demo.IPGROUP}

    assert listed == {three_groups[name] for name in expected}


def test_list_by_id(elb: Any, three_groups: dict[str, str]) -> None:
    wanted = [three_groups["vpn"], demo.IPGROUP]

    assert ids_of(list_ip_groups(elb, id=wanted)) == sorted(wanted)


def test_the_ip_list_filter_takes_comma_separated_entries(
    http: httpx.Client, three_groups: dict[str, str]
) -> None:
    response = http.get(f"{IPGROUPS}?ip_list=10.0.0.1,10.8.0.1-10.8.0.9")

    listed = [group["id"] for group in assert_ok_response(response)["ipgroups"]]
    assert listed == sorted([three_groups["office"], three_groups["vpn"]])


@pytest.mark.parametrize("limit", [1, 2, 3, None])
def test_paging_walks_forward_and_back(
    elb: Any, three_groups: dict[str, str], limit: int | None
) -> None:
    everything = sorted([*three_groups.values(), demo.IPGROUP])
    fetch = pager(lambda **query: elb.list_ip_groups(ListIpGroupsRequest(**query)), "ipgroups")

    walk_forward(fetch, limit, everything)
    walk_backward(fetch, limit, everything)


@pytest.mark.parametrize(
    "query", ["limit=-1", "limit=2001", "limit=x", "page_reverse=x", f"marker={demo.UNKNOWN_ID}"]
)
def test_bad_paging_values_are_elb_8902(http: httpx.Client, query: str) -> None:
    assert_error_response(http.get(f"{IPGROUPS}?{query}"), 400, INVALID_INPUT)


# --- update_ip_group -----------------------------------------------------------------------


def test_update_changes_name_and_description_and_keeps_the_list(elb: Any) -> None:
    group = create_ip_group(elb, "10.0.0.1", name="before", description="old")

    updated = update_group(elb, group.id, name="after", description="")

    assert (updated.name, updated.description) == ("after", "")
    assert entries(updated) == [("10.0.0.1", "")]
    assert updated.created_at == group.created_at
    assert show_ip_group(elb, group.id).to_dict() == updated.to_dict()


def test_update_replaces_the_whole_ip_list(elb: Any) -> None:
    group = create_ip_group(elb, "10.0.0.1", "10.0.0.2", name="kept")

    updated = update_group(
        elb,
        group.id,
        ip_list=[
            UpdateIpGroupIpOption(ip="10.0.0.2/32", description="same address"),
            UpdateIpGroupIpOption(ip="172.16.0.0/12"),
        ],
    )

    assert entries(updated) == [("10.0.0.2/32", "same address"), ("172.16.0.0/12", "")]
    assert updated.name == "kept"
    assert entries(update_group(elb, group.id, ip_list=[])) == []


def test_update_with_nulls_changes_nothing(http: httpx.Client) -> None:
    group = post_group(http, "10.0.0.1", name="n", description="d")

    body = {"ipgroup": {"name": None, "description": None, "ip_list": None}}
    updated = assert_ok_response(http.put(f"{IPGROUPS}/{group['id']}", json=body))["ipgroup"]

    assert (updated["name"], updated["description"]) == ("n", "d")
    assert entries(updated) == [("10.0.0.1", "")]


@pytest.mark.parametrize(
    ("option", "status", "code"),
    [
        pytest.param({"ip_list": [{"ip": "10.0.0.1/8"}]}, 400, INVALID_INPUT, id="host-bits"),
        pytest.param({"ip_list": too_many(301)}, 400, INVALID_INPUT, id="301-entries"),
        pytest.param({"name": "n" * 256}, 400, INVALID_INPUT, id="name-too-long"),
        pytest.param({"project_id": demo.PROJECT}, 400, INVALID_INPUT, id="not-updatable"),
    ],
)
def test_a_refused_update_changes_nothing(
    http: httpx.Client, option: dict[str, Any], status: int, code: str
) -> None:
    group = post_group(http, "10.0.0.1", name="n")

    response = http.put(f"{IPGROUPS}/{group['id']}", json={"ipgroup": option})

    assert_error_response(response, status, code)
    assert assert_ok_response(http.get(f"{IPGROUPS}/{group['id']}"))["ipgroup"] == group


def test_update_an_unknown_group_is_elb_8904(elb: Any) -> None:
    assert_refused(lambda: update_group(elb, demo.UNKNOWN_ID, name="x"), 404, NOT_FOUND)


# --- update_ip_list and batch_delete_ip_list ------------------------------------------------


def test_update_ip_list_adds_entries_and_changes_descriptions(elb: Any) -> None:
    """The reference's example: 192.168.1.120 is added, 192.168.1.123 takes the new
    description, 192.168.1.122 is left alone."""
    group = create_ip_group(
        elb,
        name="test_ipg",
        ip_list=[
            CreateIpGroupIpOption(ip="192.168.1.122", description="test update ip2"),
            CreateIpGroupIpOption(ip="192.168.1.123", description="old"),
        ],
    )

    updated = update_list(
        elb,
        group.id,
        ("192.168.1.123", "test"),
        ("192.168.1.120", "test update ip0"),
        name="test_ipg",
    )

    assert entries(updated) == [
        ("192.168.1.120", "test update ip0"),
        ("192.168.1.122", "test update ip2"),
        ("192.168.1.123", "test"),
    ]
    assert show_ip_group(elb, group.id).to_dict() == updated.to_dict()


def test_update_ip_list_keeps_the_text_and_description_of_an_entry_sent_without_one(
    elb: Any,
) -> None:
    group = create_ip_group(elb, ip_list=[CreateIpGroupIpOption(ip="::1", description="loopback")])

    updated = update_list(elb, group.id, ("::1/128", None), ("0:0:0:0:0:0:0:1", ""))

    assert entries(updated) == [("::1", "")]
    assert entries(update_list(elb, group.id, ("::1", "back"))) == [("::1", "back")]
    assert entries(update_list(elb, group.id, ("::1/128", None))) == [("::1", "back")]


def test_update_ip_list_changes_name_and_description(elb: Any) -> None:
    group = create_ip_group(elb, "10.0.0.1", name="n", description="d")

    updated = update_list(elb, group.id, name="renamed", description="")

    assert (updated.name, updated.description) == ("renamed", "")
    assert entries(updated) == [("10.0.0.1", "")]


@pytest.mark.parametrize("body", [{}, {"ipgroup": {}}, {"ipgroup": None}])
def test_update_ip_list_without_changes_answers_the_group(
    http: httpx.Client, body: dict[str, Any]
) -> None:
    group = post_group(http, "10.0.0.1")

    response = http.post(f"{IPGROUPS}/{group['id']}/iplist/create-or-update", json=body)

    answer = assert_ok_response(response)
    assert set(elb_v3.UpdateIpListResponse.openapi_types) <= set(answer)
    assert entries(answer["ipgroup"]) == [("10.0.0.1", "")]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        pytest.param(
            {"ip_list": [{"ip": "10.0.0.2"}, {"ip": "10.0.0.x"}]}, "ip_list[1].ip", id="bad"
        ),
        pytest.param({"ip_list": too_many(300)}, "at most 300", id="grows-past-300"),
        pytest.param({"ip_list": [{"ip": "10.0.0.2"}], "name": "n" * 256}, "name", id="long-name"),
    ],
)
def test_a_refused_update_ip_list_changes_nothing(
    http: httpx.Client, option: dict[str, Any], message: str
) -> None:
    group = post_group(http, "192.168.0.1")
    url = f"{IPGROUPS}/{group['id']}/iplist/create-or-update"

    response = http.post(url, json={"ipgroup": option})

    assert_error_response(response, 400, INVALID_INPUT, message)
    assert assert_ok_response(http.get(f"{IPGROUPS}/{group['id']}"))["ipgroup"] == group


def test_batch_delete_removes_the_entries_named_in_any_form(elb: Any) -> None:
    group = create_ip_group(elb, "192.168.1.122", "192.168.1.123", "192.168.3.0/24", "::1")

    updated = delete_entries(elb, group.id, "192.168.1.123", "192.168.3.0/24", "0::1/128")

    assert entries(updated) == [("192.168.1.122", "")]
    assert show_ip_group(elb, group.id).to_dict() == updated.to_dict()


def test_batch_delete_passes_over_entries_the_group_does_not_hold(elb: Any) -> None:
    group = create_ip_group(elb, "10.0.0.0/24")

    updated = delete_entries(elb, group.id, "10.0.0.1", "10.0.0.0/16", "10.0.0.0-10.0.0.255")

    assert entries(updated) == [("10.0.0.0/24", "")]


@pytest.mark.parametrize(
    "body", [{}, {"ipgroup": {}}, {"ipgroup": {"ip_list": []}}, {"ipgroup": {"ip_list": None}}]
)
def test_batch_delete_of_nothing_answers_the_group(
    http: httpx.Client, body: dict[str, Any]
) -> None:
    group = post_group(http, "10.0.0.1")

    response = http.post(f"{IPGROUPS}/{group['id']}/iplist/batch-delete", json=body)

    answer = assert_ok_response(response)
    assert set(elb_v3.BatchDeleteIpListResponse.openapi_types) <= set(answer)
    assert entries(answer["ipgroup"]) == [("10.0.0.1", "")]


@pytest.mark.parametrize(
    "items",
    [
        pytest.param([{"ip": "10.0.0.1"}, {"ip": "10.0.0.1/24"}], id="host-bits"),
        pytest.param([{"ip": "10.0.0.1", "description": "x"}], id="unknown-attribute"),
        pytest.param([{}], id="no-ip"),
    ],
)
def test_a_refused_batch_delete_removes_nothing(
    http: httpx.Client, items: list[dict[str, Any]]
) -> None:
    group = post_group(http, "10.0.0.1")

    response = http.post(
        f"{IPGROUPS}/{group['id']}/iplist/batch-delete", json={"ipgroup": {"ip_list": items}}
    )

    assert_error_response(response, 400, INVALID_INPUT)
    assert entries(http.get(f"{IPGROUPS}/{group['id']}").json()["ipgroup"]) == [("10.0.0.1", "")]


@pytest.mark.parametrize("action", ["create-or-update", "batch-delete"])
def test_ip_list_operations_on_an_unknown_group_are_elb_8904(
    http: httpx.Client, action: str
) -> None:
    response = http.post(
        f"{IPGROUPS}/{demo.UNKNOWN_ID}/iplist/{action}",
        json={"ipgroup": {"ip_list": [{"ip": "10.0.0.1"}]}},
    )

    assert_error_response(response, 404, NOT_FOUND, f"ipgroup {demo.UNKNOWN_ID}")


# --- delete --------------------------------------------------------------------------------


def test_delete_an_unused_group(elb: Any) -> None:
    group = create_ip_group(elb, "10.0.0.1")

    response = elb.delete_ip_group(DeleteIpGroupRequest(ipgroup_id=group.id))

    assert response.status_code == 204
    assert_refused(lambda: show_ip_group(elb, group.id), 404, NOT_FOUND)
    assert_refused(
        lambda: elb.delete_ip_group(DeleteIpGroupRequest(ipgroup_id=group.id)), 404, NOT_FOUND
    )


def test_a_group_a_listener_uses_cannot_be_deleted(elb: Any) -> None:
    listener = bound_listener(elb, demo.IPGROUP, enable_ipgroup=False)

    assert_refused(
        lambda: elb.delete_ip_group(DeleteIpGroupRequest(ipgroup_id=demo.IPGROUP)),
        409,
        CONFLICT,
        listener.id,
    )
    assert entries(show_ip_group(elb, demo.IPGROUP)) == DEMO_ENTRIES


def test_the_refusal_names_one_listener_and_counts_the_others(elb: Any) -> None:
    users = sorted(bound_listener(elb, demo.IPGROUP, port=port).id for port in (8001, 8002, 8003))

    error = assert_refused(
        lambda: elb.delete_ip_group(DeleteIpGroupRequest(ipgroup_id=demo.IPGROUP)), 409, CONFLICT
    )

    # however many listeners use it, the message stays one line: the first and a count
    assert error.error_msg == (
        f"IP address group {demo.IPGROUP} is used by listener {users[0]} and 2 others; "
        "remove it from their access control first."
    )


def test_a_group_can_be_deleted_once_no_listener_uses_it(http: httpx.Client, elb: Any) -> None:
    unbound = bound_listener(elb, demo.IPGROUP, port=8001)
    deleted = bound_listener(elb, demo.IPGROUP, port=8002)

    response = http.put(f"{LISTENERS}/{unbound.id}", json={"listener": {"ipgroup": None}})
    assert_ok_response(response)
    assert related(elb, demo.IPGROUP) == [deleted.id]
    assert_ok_response(http.delete(f"{LISTENERS}/{deleted.id}"), 204)

    assert_ok_response(http.delete(f"{IPGROUPS}/{demo.IPGROUP}"), 204)


# --- the listeners that use a group ---------------------------------------------------------


def listener_body(ipgroup_id: str, port: int = 8100) -> dict[str, Any]:
    return {
        "loadbalancer_id": demo.LB,
        "protocol": "TCP",
        "protocol_port": port,
        "ipgroup": {"ipgroup_id": ipgroup_id},
    }


def test_a_group_shows_the_listeners_that_use_it(elb: Any) -> None:
    second = create_ip_group(elb, "10.0.0.0/8").id
    both = bound_listener(elb, f"{demo.IPGROUP},{second}", port=8001, type="black")
    one = bound_listener(elb, second, port=8002, enable_ipgroup=False)

    assert listener_ids(show_ip_group(elb, demo.IPGROUP)) == [both.id]
    assert listener_ids(show_ip_group(elb, second)) == sorted([both.id, one.id])
    assert related(elb, second) == sorted([both.id, one.id])
    assert related(elb, demo.IPGROUP) == [both.id]
    listed = {group.id: listener_ids(group) for group in list_ip_groups(elb)}
    assert listed == {demo.IPGROUP: [both.id], second: sorted([both.id, one.id])}
    shown = show_listener(elb, both.id).ipgroup
    assert (shown.ipgroup_id, shown.enable_ipgroup, shown.type) == (
        f"{demo.IPGROUP},{second}",
        True,
        "black",
    )


def test_related_listeners_json(http: httpx.Client, elb: Any) -> None:
    listener = bound_listener(elb, demo.IPGROUP)

    body = assert_ok_response(http.get(f"{IPGROUPS}/{demo.IPGROUP}/related-listeners"))

    assert body["listeners"] == [{"id": listener.id}]
    assert set(elb_v3.ShowIpGroupRelatedListenersResponse.openapi_types) <= set(body)


def test_related_listeners_of_an_unknown_group_is_elb_8904(elb: Any) -> None:
    assert_refused(lambda: related(elb, demo.UNKNOWN_ID), 404, NOT_FOUND)


def test_a_listener_updated_onto_a_group_shows_on_it_and_off_the_old_one(elb: Any) -> None:
    second = create_ip_group(elb).id
    listener = bound_listener(elb, demo.IPGROUP)

    update_listener(elb, listener.id, ipgroup=UpdateListenerIpGroupOption(ipgroup_id=second))

    assert related(elb, demo.IPGROUP) == []
    assert related(elb, second) == [listener.id]


def test_deleting_the_listener_frees_its_groups(elb: Any, http: httpx.Client) -> None:
    listener = bound_listener(elb, demo.IPGROUP)

    assert_ok_response(http.delete(f"{LISTENERS}/{listener.id}"), 204)

    assert related(elb, demo.IPGROUP) == []


@pytest.mark.parametrize(
    ("ipgroup_id", "status", "code", "message"),
    [
        pytest.param(demo.UNKNOWN_ID, 404, NOT_FOUND, "ipgroup", id="unknown"),
        pytest.param(f"{demo.IPGROUP},{demo.UNKNOWN_ID}", 404, NOT_FOUND, "ipgroup", id="one-of"),
        pytest.param(f"{demo.IPGROUP},", 400, INVALID_INPUT, "ipgroup.ipgroup_id", id="trailing"),
        pytest.param(f",{demo.IPGROUP}", 400, INVALID_INPUT, "ipgroup.ipgroup_id", id="leading"),
        pytest.param(
            f"{demo.IPGROUP},{demo.IPGROUP}", 400, INVALID_INPUT, "more than once", id="twice"
        ),
        pytest.param(f" {demo.IPGROUP}", 404, NOT_FOUND, "ipgroup", id="space"),
    ],
)
def test_a_listener_must_name_groups_of_its_project(
    http: httpx.Client, ipgroup_id: str, status: int, code: str, message: str
) -> None:
    before = http.get(LISTENERS).json()["listeners"]

    response = http.post(LISTENERS, json={"listener": listener_body(ipgroup_id)})

    assert_error_response(response, status, code, message)
    assert http.get(LISTENERS).json()["listeners"] == before


def test_an_update_onto_an_unknown_group_changes_nothing(elb: Any) -> None:
    listener = bound_listener(elb, demo.IPGROUP)

    assert_refused(
        lambda: update_listener(
            elb, listener.id, ipgroup=UpdateListenerIpGroupOption(ipgroup_id=demo.UNKNOWN_ID)
        ),
        404,
        NOT_FOUND,
    )
    assert show_listener(elb, listener.id).to_dict() == listener.to_dict()
    assert related(elb, demo.IPGROUP) == [listener.id]


def test_changing_only_the_switch_of_a_listener_keeps_its_groups(elb: Any) -> None:
    listener = bound_listener(elb, demo.IPGROUP)

    updated = update_listener(
        elb, listener.id, ipgroup=UpdateListenerIpGroupOption(enable_ipgroup=False, type="black")
    )

    assert (updated.ipgroup.ipgroup_id, updated.ipgroup.enable_ipgroup) == (demo.IPGROUP, False)
    assert related(elb, demo.IPGROUP) == [listener.id]


# --- quotas ----------------------------------------------------------------------------------

QUOTAS = {"ipgroup": 3, "ipgroup_bindings": 2, "ipgroups_per_listener": 2, "ipgroup_max_length": 5}


@pytest.fixture
def quota_client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    """An app of its own: the demo, with small IP address group quotas for its project."""
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"projects": [{"id": demo.PROJECT, "quotas": QUOTAS}]}))
    app = create_app(Settings(database_url=database_url), snapshot=snapshot_for([seed], demo=True))
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        yield client


def client_group(client: TestClient, *ips: str) -> str:
    body = {"ipgroup": {"ip_list": [{"ip": ip} for ip in ips]}}
    response = client.post(IPGROUPS, json=body)
    assert response.status_code == 201, response.text
    group_id: str = response.json()["ipgroup"]["id"]
    return group_id


def client_listener(client: TestClient, ipgroup_id: str, port: int) -> Any:
    return client.post(LISTENERS, json={"listener": listener_body(ipgroup_id, port)})


def assert_quota_refused(response: Any, key: str) -> None:
    assert response.status_code == 409, response.text
    assert response.json()["error_code"] == QUOTA_EXCEEDED
    assert key in response.json()["error_msg"]


@pytest.mark.slow  # an app of its own with seeded quotas
def test_the_ipgroup_quota_counts_the_projects_groups(quota_client: TestClient) -> None:
    client_group(quota_client)
    client_group(quota_client)  # with the demo group: 3

    assert_quota_refused(quota_client.post(IPGROUPS, json={"ipgroup": {"ip_list": []}}), "ipgroup")
    assert len(quota_client.get(IPGROUPS).json()["ipgroups"]) == 3


@pytest.mark.slow
def test_a_listener_names_at_most_ipgroups_per_listener_groups(quota_client: TestClient) -> None:
    first, second = client_group(quota_client), client_group(quota_client)

    response = client_listener(quota_client, f"{demo.IPGROUP},{first},{second}", 8001)

    assert_quota_refused(response, "ipgroups_per_listener")
    assert client_listener(quota_client, f"{first},{second}", 8001).status_code == 201


@pytest.mark.slow
def test_a_group_has_at_most_ipgroup_bindings_listeners(quota_client: TestClient) -> None:
    group = client_group(quota_client, "10.0.0.1")
    kept = [client_listener(quota_client, group, port).json()["listener"] for port in (1, 2)]

    assert_quota_refused(client_listener(quota_client, group, 3), "ipgroup_bindings")
    # a listener already using the group may be updated onto it again
    again = {"listener": {"ipgroup": {"ipgroup_id": group, "type": "black"}}}
    assert quota_client.put(f"{LISTENERS}/{kept[0]['id']}", json=again).status_code == 200
    # a third listener may not be moved onto it either
    other = client_listener(quota_client, demo.IPGROUP, 4).json()["listener"]
    moved = quota_client.put(
        f"{LISTENERS}/{other['id']}", json={"listener": {"ipgroup": {"ipgroup_id": group}}}
    )
    assert_quota_refused(moved, "ipgroup_bindings")
    assert quota_client.get(f"{LISTENERS}/{other['id']}").json()["listener"] == other


@pytest.mark.slow
def test_the_groups_of_a_listener_hold_at_most_ipgroup_max_length_entries(
    quota_client: TestClient,
) -> None:
    three = client_group(quota_client, "10.0.0.1", "10.0.0.2", "10.0.0.3")
    two = client_group(quota_client, "10.1.0.1", "10.1.0.2")
    # the demo group holds 3: with `three`, 6 entries
    assert_quota_refused(
        client_listener(quota_client, f"{three},{demo.IPGROUP}", 8001), "ipgroup_max_length"
    )
    listener = client_listener(quota_client, f"{three},{two}", 8001)
    assert listener.status_code == 201

    # the groups of a listener cannot grow past it either: not by update_ip_list ...
    grow = {"ipgroup": {"ip_list": [{"ip": "10.1.0.3"}]}}
    response = quota_client.post(f"{IPGROUPS}/{two}/iplist/create-or-update", json=grow)
    assert_quota_refused(response, "ipgroup_max_length")
    # ... nor by update_ip_group; a list that does not grow is taken
    replace = {"ipgroup": {"ip_list": [{"ip": "10.1.0.7"}, {"ip": "10.1.0.8"}, {"ip": "::1"}]}}
    assert_quota_refused(quota_client.put(f"{IPGROUPS}/{two}", json=replace), "ipgroup_max_length")
    same_size = {"ipgroup": {"ip_list": [{"ip": "10.1.0.7"}, {"ip": "10.1.0.8"}]}}
    assert quota_client.put(f"{IPGROUPS}/{two}", json=same_size).status_code == 200
    shown = quota_client.get(f"{IPGROUPS}/{two}").json()["ipgroup"]
    assert entries(shown) == [("10.1.0.7", ""), ("10.1.0.8", "")]
    # a group no listener uses grows freely
    assert quota_client.put(f"{IPGROUPS}/{demo.IPGROUP}", json=replace).status_code == 200


def test_quota_details_count_groups_and_bindings(elb: Any) -> None:
    second = create_ip_group(elb, "10.0.0.1").id
    bound_listener(elb, f"{demo.IPGROUP},{second}", port=8001)
    bound_listener(elb, second, port=8002)

    used = quota_used(
        elb, "ipgroup", "ipgroup_bindings", "ipgroups_per_listener", "ipgroup_max_length"
    )

    assert used == {
        "ipgroup": 2,
        "ipgroup_bindings": 2,  # `second` has two listeners
        "ipgroups_per_listener": 2,
        "ipgroup_max_length": 4,  # the demo group's 3 entries and `second`'s 1
    }


# --- cost: what a request reads -------------------------------------------------------------


@pytest.fixture
def statements(app_client: TestClient) -> Iterator[list[str]]:
    """The SQL statements the app runs while the test looks."""
    engine = app_client.app.state.database.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def reading_listeners(statements: list[str]) -> list[str]:
    """The statements that read listeners' ipgroups."""
    return [sql for sql in statements if "FROM listeners" in sql and "ipgroup" in sql]


def test_creating_a_group_reads_no_listener(app_client: TestClient, statements: list[str]) -> None:
    response = app_client.post(IPGROUPS, json={"ipgroup": {"ip_list": [{"ip": "10.0.0.1"}]}})

    assert response.status_code == 201, response.text
    assert response.json()["ipgroup"]["listeners"] == []
    assert not [sql for sql in statements if "FROM listeners" in sql]


def test_a_groups_listeners_are_read_among_those_with_an_ipgroup(
    app_client: TestClient, statements: list[str]
) -> None:
    listener = client_listener(app_client, demo.IPGROUP, 8001).json()["listener"]
    statements.clear()

    for path in ("", f"/{demo.IPGROUP}", f"/{demo.IPGROUP}/related-listeners"):
        assert app_client.get(f"{IPGROUPS}{path}").status_code == 200
    assert app_client.get(f"{IPGROUPS}/{demo.IPGROUP}").json()["ipgroup"]["listeners"] == [
        {"id": listener["id"]}
    ]

    read = reading_listeners(statements)
    assert read and all("listeners.ipgroup IS NOT NULL" in sql for sql in read)
    assert all("listeners.project_id" in sql for sql in read)


def test_quota_details_read_the_bindings_once(
    app_client: TestClient, statements: list[str]
) -> None:
    client_listener(app_client, demo.IPGROUP, 8001)
    statements.clear()

    response = app_client.get(f"/v3/{demo.PROJECT}/elb/quotas/details")

    assert response.status_code == 200, response.text
    assert len(reading_listeners(statements)) == 1


def test_a_growing_group_reads_only_the_groups_its_listeners_name(
    app_client: TestClient, statements: list[str]
) -> None:
    other = client_group(app_client, "10.9.0.1")
    client_listener(app_client, f"{demo.IPGROUP},{other}", 8001)
    client_group(app_client, "10.7.0.1")  # a group no listener names: not read
    statements.clear()

    grow = {"ipgroup": {"ip_list": [{"ip": "10.9.0.2"}]}}
    response = app_client.post(f"{IPGROUPS}/{other}/iplist/create-or-update", json=grow)

    assert response.status_code == 200, response.text
    sizes = [sql for sql in statements if "ipgroups.ip_list" in sql and "ipgroups.id IN" in sql]
    assert len(sizes) == 1  # the other group of the listener, by id
    assert not any(
        "ipgroups.ip_list" in sql and "ipgroups.id IN" not in sql and "ipgroups.id =" not in sql
        for sql in statements
    ), "no statement reads every group's entries"


# --- seeds and the state ------------------------------------------------------------------


def test_a_state_with_groups_comes_back_exactly(app_client: TestClient) -> None:
    created = app_client.post(
        IPGROUPS,
        json={
            "ipgroup": {
                "name": "g",
                "description": "d",
                "enterprise_project_id": "eps-1",
                "ip_list": [{"ip": "2001:0DB8::1", "description": "upper"}, {"ip": "10.0.0.0/8"}],
            }
        },
    )
    assert created.status_code == 201, created.text
    group_id = created.json()["ipgroup"]["id"]
    listener = app_client.post(
        LISTENERS, json={"listener": listener_body(f"{group_id},{demo.IPGROUP}")}
    )
    assert listener.status_code == 201, listener.text
    document = app_client.get("/_mockelb/state").json()

    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])

    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]
    assert [group["id"] for group in document["ipgroups"]] == sorted([group_id, demo.IPGROUP])


def seed_document(listener_ipgroup: str, ip: str = "10.0.0.1") -> SeedDocument:
    return parse_seed(
        json.dumps(
            {
                "project_id": demo.PROJECT,
                "availability_zones": [{"code": demo.AZ_1}],
                "vpcs": [{"id": "vpc", "cidr": "10.0.0.0/16"}],
                "loadbalancers": [
                    {"id": "lb", "vpc_id": "vpc", "availability_zone_list": [demo.AZ_1]}
                ],
                "ipgroups": [{"id": "g", "name": "seeded", "ip_list": [{"ip": ip}]}],
                "listeners": [
                    {
                        "id": "l",
                        "loadbalancer_id": "lb",
                        "protocol": "TCP",
                        "protocol_port": 80,
                        "ipgroup": {"ipgroup_id": listener_ipgroup},
                    }
                ],
            }
        ),
        source="x.json",
    )


def test_a_seeded_listener_may_name_a_seeded_group() -> None:
    rows = dict(build_snapshot([("x.json", seed_document("g"))]))

    assert [(row["id"], row["name"]) for row in rows["ipgroups"]] == [("g", "seeded")]
    assert [row["ipgroup"]["ipgroup_id"] for row in rows["listeners"]] == ["g"]


@pytest.mark.parametrize(
    ("ipgroup_id", "ip", "problem"),
    [
        pytest.param("nope", "10.0.0.1", "ipgroup nope could not be found", id="unknown-group"),
        pytest.param("g", "10.0.0.1/8", "host bits set", id="bad-entry"),
    ],
)
def test_a_seed_breaking_a_group_rule_is_refused(ipgroup_id: str, ip: str, problem: str) -> None:
    with pytest.raises(SeedError, match=problem):
        build_snapshot([("x.json", seed_document(ipgroup_id, ip))])


def test_reset_brings_back_the_demo_group(http: httpx.Client, mockelb: Any) -> None:
    assert_ok_response(http.delete(f"{IPGROUPS}/{demo.IPGROUP}"), 204)

    mockelb.reset()

    assert entries(http.get(f"{IPGROUPS}/{demo.IPGROUP}").json()["ipgroup"]) == DEMO_ENTRIES


def test_no_demo_listener_uses_the_demo_group(elb: Any) -> None:
    """No demo listener uses the demo group: its delete is not refused by the demo itself."""
    assert all(listener.ipgroup is None for listener in list_listeners(elb))
    assert related(elb, demo.IPGROUP) == []
