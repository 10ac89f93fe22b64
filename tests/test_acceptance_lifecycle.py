"""Black-box acceptance audit of items 1-4 (members, listing, pools, load balancers).

The server runs as `mockelb serve` in a subprocess and is driven by the official SDK and by raw
HTTP. What is right comes from the SDK models/docstrings and docs/elb-api-facts; a test that
showed a disagreement was fixed in mockelb and stays as a regression test.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import model as m

from mockelb.testing import make_elb_client
from tests.serve import served

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
VPC = "3b8c3f4e-6c1a-4f0e-9a52-0d7e2b1c4a10"
OTHER_VPC = "7e2d9a61-52b4-4c8e-8f3a-6b1c0d2e3f20"
SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"
LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"
LB2 = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02"
LISTENER = "0b11747a-b139-492f-9692-2df0b1c87101"
LISTENER2 = "0b11747a-b139-492f-9692-2df0b1c87102"
POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"
POOL_DUALSTACK = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b02"
POOL_AZ = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b03"
POOL_ANY_PORT = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b04"
POOL_IP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b05"
POOL_HTTP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b06"
POOL_STANDALONE = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b07"
ALL_POOLS = [POOL, POOL_DUALSTACK, POOL_AZ, POOL_ANY_PORT, POOL_IP, POOL_HTTP, POOL_STANDALONE]
ECS_1_IP = "192.168.0.10"

BIG_PROJECT = "0badc0ffee0badc0ffee0badc0ffee00"
BIG_COUNT = 5000

HEX32 = re.compile(r"^[0-9a-f]{32}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


# ---------------------------------------------------------------- server fixtures


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with served("--log-level", "warning") as url:
        yield url


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


@pytest.fixture
def url(server: str) -> str:
    httpx.post(f"{server}/_mockelb/reset", timeout=30).raise_for_status()
    return server


@pytest.fixture
def sdk(url: str) -> Any:
    return make_elb_client(url, PROJECT)


@pytest.fixture
def http(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{url}/v3/{PROJECT}/elb",
        headers={"X-Auth-Token": "acceptance", "Content-Type": "application/json"},
        timeout=30,
    ) as client:
        yield client


# ---------------------------------------------------------------- helpers


def assert_error(
    resp: httpx.Response, status: int, code: str, msg: str | None = None
) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error_msg", "error_code", "request_id"}, body
    assert body["error_code"] == code, body
    assert isinstance(body["error_msg"], str) and body["error_msg"]
    assert HEX32.match(body["request_id"]), body
    assert resp.headers.get("x-request-id") == body["request_id"]
    if msg is not None:
        assert msg in body["error_msg"], body
    return body


def assert_ok(resp: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    if status == 204:
        assert resp.content == b""
        assert resp.headers.get("x-request-id")
        return {}
    body = resp.json()
    assert isinstance(body.get("request_id"), str) and body["request_id"]
    assert resp.headers.get("x-request-id") == body["request_id"]
    return body


def sdk_error(
    call: Callable[[], Any], status: int, code: str, msg: str | None = None
) -> ClientRequestException:
    with pytest.raises(ClientRequestException) as info:
        call()
    exc = info.value
    assert exc.status_code == status, (exc.status_code, exc.error_code, exc.error_msg)
    assert exc.error_code == code, (exc.error_code, exc.error_msg)
    assert exc.request_id and HEX32.match(exc.request_id)
    if msg is not None:
        assert msg in exc.error_msg, exc.error_msg
    return exc


_REQUIRED_CACHE: dict[type, set[str]] = {}


def _required(cls: type) -> set[str]:
    """Attributes that the SDK model's __init__ assigns unconditionally (required)."""
    if cls not in _REQUIRED_CACHE:
        src = inspect.getsource(cls.__init__)
        optional = set(re.findall(r"if (\w+) is not None:", src))
        assigned = set(re.findall(r"^\s+self\.(\w+) = \1$", src, re.M))
        _REQUIRED_CACHE[cls] = {a for a in assigned if a not in optional and a != "discriminator"}
    return _REQUIRED_CACHE[cls]


def check_model(data: Any, cls: type, where: str = "$") -> None:
    """Every required field of the SDK model is present and every value has the declared type."""
    assert isinstance(data, dict), f"{where}: {data!r} is not an object"
    attr_map = cls.attribute_map
    for attr in _required(cls):
        assert attr_map[attr] in data, f"{where}: required field {attr_map[attr]!r} missing"
    for attr, typ in cls.openapi_types.items():
        key = attr_map[attr]
        if key in data and data[key] is not None:
            check_type(data[key], typ, f"{where}.{key}")


def check_type(value: Any, typ: str, where: str) -> None:
    if typ.startswith("list["):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for i, item in enumerate(value):
            if item is not None:
                check_type(item, typ[5:-1], f"{where}[{i}]")
    elif typ.startswith("dict("):
        assert isinstance(value, dict), where
    elif typ == "str":
        assert isinstance(value, str), f"{where}: {value!r} is not a string"
    elif typ == "int":
        assert isinstance(value, int) and not isinstance(value, bool), (
            f"{where}: {value!r} is not int"
        )
    elif typ == "bool":
        assert isinstance(value, bool), f"{where}: {value!r} is not bool"
    elif typ in ("float", "object"):
        pass
    else:
        check_model(value, getattr(m, typ), where)


def member_body(address: str, port: int = 80, **extra: Any) -> dict[str, Any]:
    return {
        "member": {"address": address, "protocol_port": port, "subnet_cidr_id": SUBNET, **extra}
    }


def add_member(
    http: httpx.Client, address: str, port: int = 80, pool: str = POOL, **extra: Any
) -> dict[str, Any]:
    body = member_body(address, port, **extra)
    return assert_ok(http.post(f"/pools/{pool}/members", json=body), 201)["member"]


def snapshot(http: httpx.Client) -> dict[str, Any]:
    """Everything items 1-4 can change, minus request ids."""
    out = {}
    for path, key in (
        ("/members", "members"),
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
    ):
        out[key] = http.get(path).json()[key]
    out["status"] = http.get(f"/loadbalancers/{LB}/statuses").json()["statuses"]
    return out


def walk(
    http: httpx.Client, path: str, key: str, limit: int, params: dict[str, Any] | None = None
) -> list[str]:
    """Page forward with next_marker, checking page_info on each page."""
    seen: list[str] = []
    query: dict[str, Any] = {"limit": limit, **(params or {})}
    while True:
        body = assert_ok(http.get(path, params=query))
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


# ---------------------------------------------------------------- item 1: members


def test_create_show_update_delete_member_with_sdk(sdk: Any) -> None:
    created = sdk.create_member(
        m.CreateMemberRequest(
            pool_id=POOL,
            body=m.CreateMemberRequestBody(
                member=m.CreateMemberOption(
                    address="192.168.0.20", protocol_port=8080, subnet_cidr_id=SUBNET, name="a"
                )
            ),
        )
    )
    assert created.status_code == 201
    member = created.member
    assert (member.address, member.protocol_port, member.weight, member.name) == (
        "192.168.0.20",
        8080,
        1,
        "a",
    )
    assert (
        member.subnet_cidr_id == SUBNET
        and member.ip_version == "v4"
        and member.member_type == "instance"
    )
    assert member.project_id == PROJECT and member.operating_status == "NO_MONITOR"
    assert [s.listener_id for s in member.status] == [LISTENER]
    shown = sdk.show_member(m.ShowMemberRequest(pool_id=POOL, member_id=member.id))
    assert shown.status_code == 200 and shown.member.to_dict() == member.to_dict()
    updated = sdk.update_member(
        m.UpdateMemberRequest(
            pool_id=POOL,
            member_id=member.id,
            body=m.UpdateMemberRequestBody(
                member=m.UpdateMemberOption(name="b", weight=0, protocol_port=81)
            ),
        )
    )
    assert (updated.member.name, updated.member.weight, updated.member.protocol_port) == (
        "b",
        0,
        81,
    )
    assert updated.member.address == "192.168.0.20"
    assert (
        sdk.delete_member(m.DeleteMemberRequest(pool_id=POOL, member_id=member.id)).status_code
        == 204
    )
    sdk_error(
        lambda: sdk.show_member(m.ShowMemberRequest(pool_id=POOL, member_id=member.id)),
        404,
        "ELB.8904",
    )


def test_member_bodies_match_sdk_models(http: httpx.Client) -> None:
    member = add_member(http, ECS_1_IP)
    check_model(member, m.Member)
    assert TIMESTAMP.match(member["created_at"]) and TIMESTAMP.match(member["updated_at"])
    assert member["instance_id"] and member["admin_state_up"] is True
    check_model(assert_ok(http.get(f"/pools/{POOL}/members/{member['id']}")), m.ShowMemberResponse)
    body = assert_ok(http.get(f"/pools/{POOL}/members"))
    check_model(body, m.ListMembersResponse)
    body = assert_ok(http.get("/members"))
    check_model(body, m.ListAllMembersResponse)
    item = body["members"][0]
    assert (item["pool_id"], item["loadbalancer_id"]) == (POOL, LB)
    assert item["loadbalancers"] == [{"id": LB}]
    body = assert_ok(
        http.post(f"/pools/{POOL}/members/batch-update", json={"members": [{"id": member["id"]}]})
    )
    check_model(body, m.BatchUpdateMembersResponse)
    body = assert_ok(
        http.post(f"/pools/{POOL}/members/batch-delete", json={"members": [{"id": member["id"]}]})
    )
    check_model(body, m.BatchDeleteMembersResponse)


def test_duplicate_member_is_409_8907_and_nothing_changes(sdk: Any, http: httpx.Client) -> None:
    add_member(http, "192.168.0.20", 80)
    before = snapshot(http)
    sdk_error(
        lambda: sdk.create_member(
            m.CreateMemberRequest(
                pool_id=POOL,
                body=m.CreateMemberRequestBody(
                    member=m.CreateMemberOption(
                        address="192.168.0.20", protocol_port=80, subnet_cidr_id=SUBNET
                    )
                ),
            )
        ),
        409,
        "ELB.8907",
    )
    assert snapshot(http) == before
    add_member(http, "192.168.0.20", 81)  # another port is another member


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ({"protocol_port": 80, "subnet_cidr_id": SUBNET}, "address"),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": SUBNET,
                "weight": 101,
            },
            "weight",
        ),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": SUBNET,
                "weight": -1,
            },
            "weight",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 0, "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 65536, "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": "80", "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 2**70, "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 80.5, "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": True, "subnet_cidr_id": SUBNET},
            "protocol_port",
        ),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": SUBNET,
                "name": "n" * 256,
            },
            "name",
        ),
        ({"address": None, "protocol_port": 80, "subnet_cidr_id": SUBNET}, "address"),
        ({"address": 1234, "protocol_port": 80, "subnet_cidr_id": SUBNET}, "address"),
        ({"address": "not-an-ip", "protocol_port": 80, "subnet_cidr_id": SUBNET}, "address"),
        ({"address": "192.168.9.9", "protocol_port": 80, "subnet_cidr_id": SUBNET}, "address"),
        (
            {"address": "192.168.0.20", "protocol_port": 80, "subnet_cidr_id": SUBNET, "bogus": 1},
            "bogus",
        ),
    ],
)
def test_create_member_rejects_bad_input(
    http: httpx.Client, member: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    body = assert_error(
        http.post(f"/pools/{POOL}/members", json={"member": member}), 400, "ELB.8902"
    )
    assert field in body["error_msg"]
    assert snapshot(http) == before


@pytest.mark.parametrize(
    "raw", [b"", b"null", b"[]", b"{}", b'{"member": null}', b'{"member": []}', b"{bad"]
)
def test_create_member_rejects_bad_bodies(http: httpx.Client, raw: bytes) -> None:
    assert_error(http.post(f"/pools/{POOL}/members", content=raw), 400, "ELB.8902")


def test_create_member_not_found_cases(http: httpx.Client) -> None:
    assert_error(
        http.post("/pools/nope/members", json=member_body("192.168.0.20")),
        404,
        "ELB.8904",
        "pool nope",
    )
    body = {"member": {"address": "192.168.0.20", "protocol_port": 80, "subnet_cidr_id": "nope"}}
    assert_error(
        http.post(f"/pools/{POOL}/members", json=body), 404, "ELB.8904", "could not be found."
    )


def test_ip_member_needs_ip_target_enable(http: httpx.Client) -> None:
    body = {"member": {"address": "10.9.9.9", "protocol_port": 80}}
    assert_error(http.post(f"/pools/{POOL}/members", json=body), 400, "ELB.8939")
    member = assert_ok(http.post(f"/pools/{POOL_DUALSTACK}/members", json=body), 201)["member"]
    assert (
        member["member_type"] == "ip"
        and member["subnet_cidr_id"] is None
        and member["instance_id"] == ""
    )


def test_member_quota_is_409_8905(http: httpx.Client) -> None:
    members = [
        {"address": f"10.3.{i // 200}.{i % 200 + 1}", "protocol_port": 80} for i in range(500)
    ]
    for start in range(0, 500, 200):
        assert (
            http.post(
                f"/pools/{POOL_DUALSTACK}/members/batch-add",
                json={"members": members[start : start + 200]},
            ).status_code
            == 201
        )
    body = {"member": {"address": "10.4.0.1", "protocol_port": 80}}
    assert_error(
        http.post(f"/pools/{POOL_DUALSTACK}/members", json=body), 409, "ELB.8905", "Quota exceeded"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weight": 101}, "weight"),
        ({"weight": "1"}, "weight"),
        ({"weight": 2**64}, "weight"),
        ({"protocol_port": 0}, "protocol_port"),
        ({"protocol_port": 65536}, "protocol_port"),
        ({"name": "n" * 256}, "name"),
        ({"name": 5}, "name"),
        ({"address": "192.168.0.21"}, "address"),
        ({"subnet_cidr_id": SUBNET}, "subnet_cidr_id"),
        ({"availability_zone": "cn-north-4a"}, "availability_zone"),
        ({"bogus": True}, "bogus"),
    ],
)
def test_update_member_rejects_bad_input(
    http: httpx.Client, change: dict[str, Any], field: str
) -> None:
    member = add_member(http, "192.168.0.20")
    body = assert_error(
        http.put(f"/pools/{POOL}/members/{member['id']}", json={"member": change}), 400, "ELB.8902"
    )
    assert field in body["error_msg"]
    assert assert_ok(http.get(f"/pools/{POOL}/members/{member['id']}"))["member"] == member


def test_update_member_in_other_pool_is_404(http: httpx.Client) -> None:
    member = add_member(http, "192.168.0.20")
    assert_error(
        http.put(
            f"/pools/{POOL_STANDALONE}/members/{member['id']}", json={"member": {"name": "x"}}
        ),
        404,
        "ELB.8904",
        f"member {member['id']} could not be found.",
    )
    assert_error(
        http.get(f"/pools/{POOL}/members/nope"), 404, "ELB.8904", "member nope could not be found."
    )
    assert_error(http.delete(f"/pools/{POOL}/members/nope"), 404, "ELB.8904")


def test_update_ip_member_availability_zone(http: httpx.Client) -> None:
    body = {
        "member": {"address": "10.9.9.9", "protocol_port": 80, "availability_zone": "cn-north-4a"}
    }
    member = assert_ok(http.post(f"/pools/{POOL_AZ}/members", json=body), 201)["member"]
    assert member["availability_zone"] == "cn-north-4a"
    path = f"/pools/{POOL_AZ}/members/{member['id']}"
    assert (
        assert_ok(http.put(path, json={"member": {"availability_zone": "cn-north-4b"}}))["member"][
            "availability_zone"
        ]
        == "cn-north-4b"
    )
    assert_error(
        http.put(path, json={"member": {"availability_zone": ""}}),
        400,
        "ELB.8902",
        "availability_zone",
    )
    no_az = {"member": {"address": "10.9.9.8", "protocol_port": 80}}
    assert_error(
        http.post(f"/pools/{POOL_AZ}/members", json=no_az), 400, "ELB.8902", "availability_zone"
    )


def test_any_port_pool_member_port_not_updatable(http: httpx.Client) -> None:
    body = {"member": {"address": "10.9.9.9"}}
    member = assert_ok(http.post(f"/pools/{POOL_ANY_PORT}/members", json=body), 201)["member"]
    path = f"/pools/{POOL_ANY_PORT}/members/{member['id']}"
    assert_error(
        http.put(path, json={"member": {"protocol_port": 90}}), 400, "ELB.8902", "protocol_port"
    )


def test_update_to_duplicate_port_is_409(http: httpx.Client) -> None:
    add_member(http, "192.168.0.20", 80)
    other = add_member(http, "192.168.0.20", 81)
    path = f"/pools/{POOL}/members/{other['id']}"
    assert_error(http.put(path, json={"member": {"protocol_port": 80}}), 409, "ELB.8907")


def test_batch_delete_members_by_id_and_by_address(sdk: Any, http: httpx.Client) -> None:
    a = add_member(http, "192.168.0.20")
    b = add_member(http, "192.168.0.21", 81)
    resp = sdk.batch_delete_members(
        m.BatchDeleteMembersRequest(
            pool_id=POOL,
            body=m.BatchDeleteMembersRequestBody(
                members=[
                    m.BatchDeleteMembersOption(id=a["id"]),
                    m.BatchDeleteMembersOption(address="192.168.0.21", protocol_port=81),
                    m.BatchDeleteMembersOption(id="nope"),
                    m.BatchDeleteMembersOption(address="192.168.0.99", protocol_port=1),
                ]
            ),
        )
    )
    assert resp.status_code == 200
    got = [(x.id, x.ret_status) for x in resp.members]
    assert got[:3] == [(a["id"], "successful"), (b["id"], "successful"), ("nope", "not found")]
    assert got[3][1] == "not found"
    assert assert_ok(http.get(f"/pools/{POOL}/members"))["members"] == []


@pytest.mark.parametrize(
    "members",
    [
        [],
        [{}],
        [{"id": "x", "address": "192.168.0.20", "protocol_port": 80}],
        [{"address": "192.168.0.20"}],
        [{"protocol_port": 80}],
        [{"id": 5}],
        [{"address": "192.168.0.20", "protocol_port": 70000}],
        [{"id": "x"}] * 201,
        "x",
        None,
    ],
)
def test_batch_delete_members_rejects_bad_items(http: httpx.Client, members: Any) -> None:
    add_member(http, "192.168.0.20")
    before = snapshot(http)
    assert_error(
        http.post(f"/pools/{POOL}/members/batch-delete", json={"members": members}), 400, "ELB.8902"
    )
    assert snapshot(http) == before


def test_batch_update_members_all_or_nothing(sdk: Any, http: httpx.Client) -> None:
    a = add_member(http, "192.168.0.20")
    b = add_member(http, "192.168.0.21")
    before = snapshot(http)
    sdk_error(
        lambda: sdk.batch_update_members(
            m.BatchUpdateMembersRequest(
                pool_id=POOL,
                body=m.BatchUpdateMembersRequestBody(
                    members=[
                        m.BatchUpdateMembersOption(id=a["id"], weight=9),
                        m.BatchUpdateMembersOption(id="nope"),
                    ]
                ),
            )
        ),
        404,
        "ELB.8904",
        "member nope could not be found.",
    )
    assert snapshot(http) == before
    body = {"members": [{"id": a["id"], "weight": 9}, {"id": b["id"], "weight": 101}]}
    assert_error(
        http.post(f"/pools/{POOL}/members/batch-update", json=body), 400, "ELB.8902", "weight"
    )
    assert snapshot(http) == before
    resp = sdk.batch_update_members(
        m.BatchUpdateMembersRequest(
            pool_id=POOL,
            body=m.BatchUpdateMembersRequestBody(
                members=[
                    m.BatchUpdateMembersOption(id=a["id"], weight=9, name="x"),
                    m.BatchUpdateMembersOption(id=b["id"], protocol_port=8081),
                ]
            ),
        )
    )
    assert resp.status_code == 200
    assert {(x.id, x.weight, x.name, x.protocol_port) for x in resp.members} == {
        (a["id"], 9, "x", 80),
        (b["id"], 1, "", 8081),
    }


def test_member_deletion_protection_refuses_removals(http: httpx.Client) -> None:
    member = add_member(http, "192.168.0.20")
    assert_ok(
        http.put(f"/pools/{POOL}", json={"pool": {"member_deletion_protection_enable": True}})
    )
    before = snapshot(http)
    assert_error(http.delete(f"/pools/{POOL}/members/{member['id']}"), 409, "ELB.8907")
    body = {"members": [{"id": member["id"]}]}
    assert_error(http.post(f"/pools/{POOL}/members/batch-delete", json=body), 409, "ELB.8907")
    assert_error(http.delete(f"/pools/{POOL}/delete-cascade"), 409, "ELB.8907")
    assert snapshot(http) == before
    assert_ok(
        http.put(f"/pools/{POOL}", json={"pool": {"member_deletion_protection_enable": False}})
    )
    assert_ok(http.delete(f"/pools/{POOL}/members/{member['id']}"), 204)


def test_list_all_members_with_sdk(sdk: Any, http: httpx.Client) -> None:
    a = add_member(http, "192.168.0.20")
    b = assert_ok(
        http.post(
            f"/pools/{POOL_DUALSTACK}/members",
            json={"member": {"address": "10.9.9.9", "protocol_port": 80}},
        ),
        201,
    )["member"]
    resp = sdk.list_all_members(m.ListAllMembersRequest())
    assert sorted(x.id for x in resp.members) == sorted([a["id"], b["id"]])
    resp = sdk.list_all_members(m.ListAllMembersRequest(pool_id=[POOL_DUALSTACK]))
    assert [(x.id, x.pool_id, x.loadbalancer_id) for x in resp.members] == [
        (b["id"], POOL_DUALSTACK, LB2)
    ]
    resp = sdk.list_all_members(
        m.ListAllMembersRequest(loadbalancer_id=[LB, LB2], address=["192.168.0.20"])
    )
    assert [x.id for x in resp.members] == [a["id"]]


# ---------------------------------------------------------------- item 2: listing


def test_list_members_filters_or_within_and_across(sdk: Any, http: httpx.Client) -> None:
    ids = {}
    for i, (addr, port, weight) in enumerate(
        [
            ("192.168.0.20", 80, 1),
            ("192.168.0.21", 80, 2),
            ("192.168.0.21", 81, 3),
            ("192.168.0.22", 82, 1),
        ]
    ):
        ids[i] = add_member(http, addr, port, weight=weight, name=f"m{i}")["id"]

    def q(**kw: Any) -> set[str]:
        return {x.id for x in sdk.list_members(m.ListMembersRequest(pool_id=POOL, **kw)).members}

    assert q(address=["192.168.0.20", "192.168.0.21"]) == {ids[0], ids[1], ids[2]}
    assert q(address=["192.168.0.21"], protocol_port=[81, 82]) == {ids[2]}
    assert q(weight=[1]) == {ids[0], ids[3]}
    assert q(name=["m1", "m3"], weight=[1]) == {ids[3]}
    assert q(id=[ids[0], ids[2]]) == {ids[0], ids[2]}
    assert q(member_type=["instance"]) == set(ids.values())
    assert q(member_type=["ip"]) == set()
    assert q(ip_version=["v4"]) == set(ids.values())
    assert q(subnet_cidr_id=[SUBNET], operating_status=["NO_MONITOR"]) == set(ids.values())
    assert q(admin_state_up=False) == set(ids.values())
    assert q(enterprise_project_id=["all_granted_eps"]) == set(ids.values())


def test_list_pools_filters(sdk: Any, http: httpx.Client) -> None:
    add_member(http, "192.168.0.20")

    def q(**kw: Any) -> list[str]:
        return [x.id for x in sdk.list_pools(m.ListPoolsRequest(**kw)).pools]

    assert q() == sorted(ALL_POOLS)
    assert q(member_address=["192.168.0.20", "1.2.3.4"]) == [POOL]
    assert q(listener_id=[LISTENER, LISTENER2]) == sorted([POOL, POOL_DUALSTACK])
    assert q(loadbalancer_id=[LB2], protocol=["UDP", "HTTP"]) == sorted([POOL_AZ, POOL_HTTP])
    assert q(loadbalancer_id=[LB]) == [POOL]
    assert q(any_port_enable=True) == [POOL_ANY_PORT]
    assert q(type=["instance"]) == sorted([POOL_IP, POOL_STANDALONE])
    assert q(ip_version=["dualstack"]) == [POOL_DUALSTACK]
    assert q(az_affinity=["enable=true"]) == [POOL_AZ]
    assert q(lb_algorithm=["SOURCE_IP", "LEAST_CONNECTIONS"]) == sorted([POOL_AZ, POOL_ANY_PORT])
    assert q(vpc_id=[OTHER_VPC]) == []
    assert q(member_deletion_protection_enable=True) == []


def test_list_load_balancers_filters(sdk: Any) -> None:
    def q(**kw: Any) -> list[str]:
        resp = sdk.list_load_balancers(m.ListLoadBalancersRequest(**kw))
        for lb in resp.loadbalancers:
            check_model(lb.to_dict(), m.LoadBalancer)
        return [x.id for x in resp.loadbalancers]

    assert q() == [LB, LB2]
    assert q(name=["demo-elb", "nope"]) == [LB]
    assert q(vip_address=["192.168.2.100"]) == [LB2]
    assert q(vpc_id=[VPC], name=["demo-elb-ip-targets"]) == [LB2]
    assert q(provisioning_status=["ACTIVE"], operating_status=["ONLINE"]) == [LB, LB2]
    assert q(availability_zone_list=["cn-north-4a"]) == [LB, LB2]
    assert q(id=[LB2]) == [LB2]
    assert q(elb_virsubnet_type=["dualstack"]) == [LB2]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
        ("/members", "members"),
        (f"/pools/{POOL}/members", "members"),
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
    add_member(http, "192.168.0.20")
    field = next(iter(params))
    assert_error(http.get(path, params=params), 400, "ELB.8902", field)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
        ("/members", "members"),
        (f"/pools/{POOL}/members", "members"),
    ],
)
def test_list_defaults_and_limit_zero(http: httpx.Client, path: str, key: str) -> None:
    for i in range(3):
        add_member(http, f"192.168.0.{20 + i}")
    body = assert_ok(http.get(path))
    ids = [x["id"] for x in body[key]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert body["page_info"]["current_count"] == len(ids)
    assert body["page_info"]["previous_marker"] == ids[0]
    assert "next_marker" not in body["page_info"]
    assert walk(http, path, key, 1) == ids
    body = assert_ok(http.get(path, params={"limit": 0}))
    assert body[key] == [] and body["page_info"]["current_count"] == 0


def test_page_reverse_walks_backwards(http: httpx.Client) -> None:
    ids = sorted(add_member(http, f"192.168.0.{20 + i}")["id"] for i in range(5))
    body = assert_ok(
        http.get(
            f"/pools/{POOL}/members", params={"limit": 2, "marker": ids[4], "page_reverse": "true"}
        )
    )
    assert [x["id"] for x in body["members"]] == ids[2:4]
    assert body["page_info"]["previous_marker"] == ids[2]
    body = assert_ok(
        http.get(
            f"/pools/{POOL}/members", params={"limit": 2, "marker": ids[2], "page_reverse": "true"}
        )
    )
    assert [x["id"] for x in body["members"]] == ids[0:2]


def test_no_next_marker_on_full_last_page(http: httpx.Client) -> None:
    ids = sorted(add_member(http, f"192.168.0.{20 + i}")["id"] for i in range(3))
    body = assert_ok(http.get(f"/pools/{POOL}/members", params={"limit": 3}))
    assert "next_marker" not in body["page_info"] and body["page_info"]["current_count"] == 3
    body = assert_ok(http.get(f"/pools/{POOL}/members", params={"limit": 2, "marker": ids[0]}))
    assert [x["id"] for x in body["members"]] == ids[1:] and "next_marker" not in body["page_info"]
    body = assert_ok(http.get(f"/pools/{POOL}/members", params={"limit": 2, "marker": ids[2]}))
    assert body["members"] == [] and body["page_info"]["current_count"] == 0


def test_page_reverse_next_marker_is_last_record(http: httpx.Client) -> None:
    ids = sorted(add_member(http, f"192.168.0.{20 + i}")["id"] for i in range(5))
    body = assert_ok(
        http.get(
            f"/pools/{POOL}/members", params={"limit": 2, "marker": ids[4], "page_reverse": "true"}
        )
    )
    page = [x["id"] for x in body["members"]]
    assert body["page_info"].get("next_marker", page[-1]) == page[-1]


def test_paging_5000_members_forward_and_backward(big_server: str) -> None:
    with httpx.Client(
        base_url=f"{big_server}/v3/{BIG_PROJECT}/elb", headers={"X-Auth-Token": "t"}, timeout=60
    ) as client:
        for path in ("/pools/big-pool/members", "/members"):
            forward = walk(client, path, "members", 700)
            assert len(forward) == BIG_COUNT == len(set(forward))
            assert forward == sorted(forward)
            backward: list[str] = []
            query: dict[str, Any] = {"limit": 700, "page_reverse": "true"}
            while True:
                body = assert_ok(client.get(path, params=query))
                ids = [x["id"] for x in body["members"]]
                assert ids == sorted(ids) and body["page_info"]["current_count"] == len(ids)
                backward = ids + backward
                if len(ids) < 700 or ids[0] == forward[0]:
                    break
                query["marker"] = body["page_info"]["previous_marker"]
            assert backward == forward
        sdk = make_elb_client(big_server, BIG_PROJECT)
        resp = sdk.list_members(m.ListMembersRequest(pool_id="big-pool"))
        assert len(resp.members) == 2000 and resp.page_info.next_marker == resp.members[-1].id


# ---------------------------------------------------------------- item 3: pools


def test_pool_lifecycle_with_sdk(sdk: Any, http: httpx.Client) -> None:
    created = sdk.create_pool(
        m.CreatePoolRequest(
            body=m.CreatePoolRequestBody(
                pool=m.CreatePoolOption(
                    protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=LB, name="p"
                )
            )
        )
    )
    assert created.status_code == 201
    pool = created.pool
    check_model(assert_ok(http.get(f"/pools/{pool.id}")), m.ShowPoolResponse)
    check_model(assert_ok(http.get(f"/pools/{pool.id}"))["pool"], m.Pool)
    assert pool.loadbalancers[0].id == LB and pool.listeners == [] and pool.members == []
    assert (pool.type, pool.vpc_id, pool.ip_version, pool.admin_state_up) == ("", "", "v4", True)
    updated = sdk.update_pool(
        m.UpdatePoolRequest(
            pool_id=pool.id,
            body=m.UpdatePoolRequestBody(
                pool=m.UpdatePoolOption(
                    name="q",
                    lb_algorithm="SOURCE_IP",
                    connection_drain=m.ConnectionDrain(enable=True, timeout=100),
                    pool_health=m.PoolHealth(minimum_healthy_member_count=1),
                )
            ),
        )
    )
    assert (updated.pool.name, updated.pool.lb_algorithm) == ("q", "SOURCE_IP")
    assert updated.pool.connection_drain.timeout == 100
    assert updated.pool.pool_health.minimum_healthy_member_count == 1
    resp = sdk.batch_delete_pools(
        m.BatchDeletePoolsRequest(body=m.BatchDeletePoolsRequestBody(pools=[pool.id, "nope"]))
    )
    assert resp.status_code == 200
    assert [(x.id, x.ret_status) for x in resp.pools] == [
        (pool.id, "successful"),
        ("nope", "not found"),
    ]
    assert resp.pools[0].ret_code is None and resp.pools[1].ret_code
    sdk_error(
        lambda: sdk.show_pool(m.ShowPoolRequest(pool_id=pool.id)),
        404,
        "ELB.8904",
        f"pool {pool.id}",
    )


def test_delete_pool_refused_while_members_or_monitor(sdk: Any, http: httpx.Client) -> None:
    member = add_member(http, "192.168.0.20")
    sdk_error(lambda: sdk.delete_pool(m.DeletePoolRequest(pool_id=POOL)), 409, "ELB.8907")
    assert_ok(http.delete(f"/pools/{POOL}/members/{member['id']}"), 204)
    hm = {
        "healthmonitor": {
            "pool_id": POOL,
            "type": "TCP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
        }
    }
    hm_id = assert_ok(http.post("/healthmonitors", json=hm), 201)["healthmonitor"]["id"]
    sdk_error(lambda: sdk.delete_pool(m.DeletePoolRequest(pool_id=POOL)), 409, "ELB.8907")
    assert_ok(http.delete(f"/healthmonitors/{hm_id}"), 204)
    assert sdk.delete_pool(m.DeletePoolRequest(pool_id=POOL)).status_code == 204
    assert assert_ok(http.get(f"/listeners/{LISTENER}"))["listener"]["default_pool_id"] in (
        None,
        "",
    )
    sdk_error(lambda: sdk.delete_pool(m.DeletePoolRequest(pool_id=POOL)), 404, "ELB.8904")


def test_delete_pool_cascade_removes_members_and_monitor(sdk: Any, http: httpx.Client) -> None:
    member = add_member(http, "192.168.0.20")
    hm = {
        "healthmonitor": {
            "pool_id": POOL,
            "type": "TCP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
        }
    }
    hm_id = assert_ok(http.post("/healthmonitors", json=hm), 201)["healthmonitor"]["id"]
    assert sdk.delete_pool_cascade(m.DeletePoolCascadeRequest(pool_id=POOL)).status_code == 204
    assert_error(http.get(f"/healthmonitors/{hm_id}"), 404, "ELB.8904")
    assert all(x["id"] != member["id"] for x in assert_ok(http.get("/members"))["members"])
    sdk_error(
        lambda: sdk.delete_pool_cascade(m.DeletePoolCascadeRequest(pool_id=POOL)), 404, "ELB.8904"
    )


@pytest.mark.parametrize(
    ("pool", "field"),
    [
        ({"protocol": "TCP", "lb_algorithm": "QUIC_CID", "loadbalancer_id": LB}, "lb_algorithm"),
        (
            {"protocol": "TCP", "lb_algorithm": "5_TUPLE_HASH", "loadbalancer_id": LB},
            "lb_algorithm",
        ),
        ({"protocol": "TCP", "lb_algorithm": "BOGUS", "loadbalancer_id": LB}, "lb_algorithm"),
        ({"protocol": "tcp", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": LB}, "protocol"),
        ({"lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": LB}, "protocol"),
        ({"protocol": "TCP", "loadbalancer_id": LB}, "lb_algorithm"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN"}, "listener_id"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "instance"}, "vpc_id"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip", "vpc_id": VPC}, "vpc_id"),
        ({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "other"}, "type"),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "vpc_id": VPC,
            },
            "type",
        ),
        ({"protocol": "IP", "loadbalancer_id": LB}, "vpc_id"),
        (
            {"protocol": "IP", "loadbalancer_id": LB, "type": "instance", "vpc_id": OTHER_VPC},
            "vpc_id",
        ),
        ({"protocol": "IP", "loadbalancer_id": LB, "type": "ip"}, "type"),
        (
            {"protocol": "QUIC", "lb_algorithm": "QUIC_CID", "loadbalancer_id": LB},
            "session_persistence",
        ),
        (
            {
                "protocol": "QUIC",
                "lb_algorithm": "QUIC_CID",
                "loadbalancer_id": LB,
                "session_persistence": {"type": "HTTP_COOKIE"},
            },
            "session_persistence",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "session_persistence": {"type": "SOURCE_IP", "cookie_name": "c"},
            },
            "cookie_name",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "session_persistence": {"type": "HTTP_COOKIE", "persistence_timeout": 1441},
            },
            "persistence_timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 61},
            },
            "persistence_timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "session_persistence": {},
            },
            "type",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "slow_start": {"enable": True, "duration": 29},
            },
            "duration",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "slow_start": {"enable": True, "duration": 1201},
            },
            "duration",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "connection_drain": {"enable": True},
            },
            "drain",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "connection_drain": {"enable": True, "timeout": 9},
            },
            "timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "connection_drain": {"enable": True, "timeout": 4001},
            },
            "timeout",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "pool_health": {"minimum_healthy_member_count": 2},
            },
            "minimum_healthy_member_count",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "az_affinity": {"enable": True},
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "az_affinity": {
                    "enable": True,
                    "az_minimum_healthy_member_percentage": 5,
                    "az_minimum_healthy_member_count": 5,
                },
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "az_affinity": {"enable": True, "az_minimum_healthy_member_percentage": 101},
            },
            "az_minimum_healthy_member_percentage",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "az_affinity": {"enable": True, "az_minimum_healthy_member_percentage": 50},
            },
            "az_affinity",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "any_port_enable": True,
            },
            "any_port_enable",
        ),
        (
            {
                "protocol": "TLS",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "any_port_enable": True,
            },
            "any_port_enable",
        ),
        (
            {
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "ip_version": "dualstack",
            },
            "ip_version",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "ip_version": "v6",
            },
            "ip_version",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "admin_state_up": False,
            },
            "admin_state_up",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "enterprise_project_id": "",
            },
            "enterprise_project_id",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "quic_cid_hash_strategy": {"len": 3},
            },
            "quic_cid_hash_strategy",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "name": "n" * 256,
            },
            "name",
        ),
        (
            {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": LB,
                "protection_reason": "<x>",
                "protection_status": "consoleProtection",
            },
            "protection_reason",
        ),
        (
            {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": LB, "bogus": 1},
            "bogus",
        ),
        (
            {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": 7},
            "loadbalancer_id",
        ),
    ],
)
def test_create_pool_rejections(http: httpx.Client, pool: dict[str, Any], field: str) -> None:
    before = snapshot(http)
    assert_error(http.post("/pools", json={"pool": pool}), 400, "ELB.8902", field)
    assert snapshot(http) == before


@pytest.mark.parametrize(
    ("listener_protocol", "ok", "bad"),
    [
        ("UDP", ["UDP"], ["TCP", "HTTP"]),
        ("TCP", ["TCP"], ["UDP", "HTTP", "HTTPS"]),
        ("HTTP", ["HTTP"], ["TCP", "HTTPS", "UDP"]),
    ],
)
def test_listener_pool_protocol_compatibility(
    http: httpx.Client, listener_protocol: str, ok: list[str], bad: list[str]
) -> None:
    lb = LB if listener_protocol in ("UDP", "TCP") else LB2
    port = {"UDP": 53, "TCP": 81, "HTTP": 8080}[listener_protocol]
    body = {
        "listener": {"loadbalancer_id": lb, "protocol": listener_protocol, "protocol_port": port}
    }
    listener = assert_ok(http.post("/listeners", json=body), 201)["listener"]["id"]
    for protocol in bad:
        pool = {"protocol": protocol, "lb_algorithm": "ROUND_ROBIN", "listener_id": listener}
        assert_error(http.post("/pools", json={"pool": pool}), 400, "ELB.8902", "protocol")
    pool = {"protocol": ok[0], "lb_algorithm": "ROUND_ROBIN", "listener_id": listener}
    created = assert_ok(http.post("/pools", json={"pool": pool}), 201)["pool"]
    assert created["listeners"] == [{"id": listener}] and created["loadbalancers"] == [{"id": lb}]
    again = assert_error(http.post("/pools", json={"pool": pool}), 409, "ELB.8907")
    assert listener in again["error_msg"]


def test_create_pool_not_found_refs(http: httpx.Client) -> None:
    pool = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": "nope"}
    assert_error(
        http.post("/pools", json={"pool": pool}),
        404,
        "ELB.8904",
        "loadbalancer nope could not be found.",
    )
    pool = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": "nope"}
    assert_error(
        http.post("/pools", json={"pool": pool}),
        404,
        "ELB.8904",
        "listener nope could not be found.",
    )


def test_create_pool_accepted_shapes(http: httpx.Client) -> None:
    def create(pool: dict[str, Any]) -> dict[str, Any]:
        return assert_ok(http.post("/pools", json={"pool": pool}), 201)["pool"]

    ip_pool = create({"protocol": "IP", "loadbalancer_id": LB, "type": "instance", "vpc_id": VPC})
    assert ip_pool["lb_algorithm"] == "5_TUPLE_HASH"
    quic = create(
        {
            "protocol": "QUIC",
            "lb_algorithm": "QUIC_CID",
            "loadbalancer_id": LB,
            "session_persistence": {"type": "SOURCE_IP"},
            "quic_cid_hash_strategy": {"len": 20, "offset": 19},
        }
    )
    assert quic["quic_cid_hash_strategy"] == {"len": 20, "offset": 19}
    typed = create({"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip"})
    assert (typed["type"], typed["vpc_id"], typed["loadbalancers"]) == ("ip", "", [])
    udp = create(
        {
            "protocol": "UDP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": LB,
            "any_port_enable": True,
        }
    )
    assert udp["any_port_enable"] is True
    az = create(
        {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": LB,
            "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 3},
        }
    )
    assert az["az_affinity"]["az_minimum_healthy_member_percentage"] == -1
    assert (
        az["az_affinity"]["az_unhealthy_fallback_strategy"] == "forward_to_all_member_of_local_az"
    )
    http_pool = create(
        {
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": LB,
            "slow_start": {"enable": True},
            "session_persistence": {"type": "HTTP_COOKIE"},
        }
    )
    assert http_pool["slow_start"] == {"enable": True, "duration": 30}
    assert http_pool["session_persistence"]["persistence_timeout"] == 1440
    for pool in (ip_pool, quic, typed, udp, az, http_pool):
        check_model(pool, m.Pool)


@pytest.mark.parametrize(
    ("pool_id", "change", "field"),
    [
        (POOL, {"lb_algorithm": "QUIC_CID"}, "lb_algorithm"),
        (POOL, {"lb_algorithm": "5_TUPLE_HASH"}, "lb_algorithm"),
        (
            POOL,
            {"session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 61}},
            "persistence_timeout",
        ),
        (POOL, {"connection_drain": {"enable": True, "timeout": 5000}}, "timeout"),
        (
            POOL,
            {"pool_health": {"minimum_healthy_member_count": 3}},
            "minimum_healthy_member_count",
        ),
        (POOL, {"az_affinity": {"enable": True}}, "az_affinity"),
        (
            POOL_HTTP,
            {"az_affinity": {"enable": True, "az_minimum_healthy_member_count": 3}},
            "az_affinity",
        ),
        (POOL_HTTP, {"any_port_enable": True}, "any_port_enable"),
        (POOL_HTTP, {"slow_start": {"enable": True, "duration": 1201}}, "duration"),
        (POOL, {"type": "instance"}, "vpc_id"),
        (POOL, {"vpc_id": VPC}, "type"),
        (POOL_STANDALONE, {"vpc_id": OTHER_VPC}, "vpc_id"),
        (POOL_STANDALONE, {"type": ""}, "type"),
        (POOL, {"admin_state_up": False}, "admin_state_up"),
        (POOL, {"protocol": "UDP"}, "protocol"),
        (POOL, {"ip_version": "dualstack"}, "ip_version"),
        (POOL, {"listener_id": LISTENER}, "listener_id"),
        (POOL, {"loadbalancer_id": LB}, "loadbalancer_id"),
        (POOL, {"name": 123}, "name"),
        (POOL, {"quic_cid_hash_strategy": {"len": 3}}, "quic_cid_hash_strategy"),
    ],
)
def test_update_pool_rejections(
    http: httpx.Client, pool_id: str, change: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    assert_error(http.put(f"/pools/{pool_id}", json={"pool": change}), 400, "ELB.8902", field)
    assert snapshot(http) == before


def test_update_pool_type_and_vpc_only_while_empty(sdk: Any) -> None:
    resp = sdk.update_pool(
        m.UpdatePoolRequest(
            pool_id=POOL,
            body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(type="instance", vpc_id=VPC)),
        )
    )
    assert (resp.pool.type, resp.pool.vpc_id) == ("instance", VPC)
    sdk_error(
        lambda: sdk.update_pool(
            m.UpdatePoolRequest(
                pool_id=POOL, body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(type="ip"))
            )
        ),
        400,
        "ELB.8902",
        "type",
    )
    sdk_error(
        lambda: sdk.update_pool(
            m.UpdatePoolRequest(
                pool_id="nope", body=m.UpdatePoolRequestBody(pool=m.UpdatePoolOption(name="x"))
            )
        ),
        404,
        "ELB.8904",
        "pool nope could not be found.",
    )


def test_update_pool_session_persistence_null_clears(http: httpx.Client) -> None:
    change = {"session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 60}}
    assert (
        assert_ok(http.put(f"/pools/{POOL}", json={"pool": change}))["pool"]["session_persistence"][
            "type"
        ]
        == "SOURCE_IP"
    )
    assert (
        assert_ok(http.put(f"/pools/{POOL}", json={"pool": {"session_persistence": None}}))["pool"][
            "session_persistence"
        ]
        is None
    )


@pytest.mark.parametrize("pools", [[], "x", [1], None, [None]])
def test_batch_delete_pools_rejections(http: httpx.Client, pools: Any) -> None:
    before = snapshot(http)
    assert_error(http.post("/pools/batch-delete", json={"pools": pools}), 400, "ELB.8902", "pools")
    assert snapshot(http) == before


# ---------------------------------------------------------------- item 4: load balancers


def test_update_load_balancer_with_sdk(sdk: Any, http: httpx.Client) -> None:
    resp = sdk.update_load_balancer(
        m.UpdateLoadBalancerRequest(
            loadbalancer_id=LB,
            body=m.UpdateLoadBalancerRequestBody(
                loadbalancer=m.UpdateLoadBalancerOption(
                    name="renamed", description="d", deletion_protection_enable=True
                )
            ),
        )
    )
    assert resp.status_code == 200
    assert (resp.loadbalancer.name, resp.loadbalancer.description) == ("renamed", "d")
    body = assert_ok(http.get(f"/loadbalancers/{LB}"))
    check_model(body, m.ShowLoadBalancerResponse)
    check_model(body["loadbalancer"], m.LoadBalancer)
    lb = body["loadbalancer"]
    assert lb["provisioning_status"] in ("ACTIVE", "PENDING_DELETE")
    assert lb["operating_status"] in ("ONLINE", "FROZEN")
    assert lb["deletion_protection_enable"] is True
    sdk_error(
        lambda: sdk.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id=LB)),
        409,
        "ELB.8907",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "n" * 256}, "name"),
        ({"description": "d" * 256}, "description"),
        ({"name": 5}, "name"),
        ({"admin_state_up": "yes"}, "admin_state_up"),
        ({"bogus": 1}, "bogus"),
        ({"vip_address": "not-an-ip"}, "vip_address"),
        ({"protection_status": "bogus"}, "protection_status"),
    ],
)
def test_update_load_balancer_rejections(
    http: httpx.Client, change: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    assert_error(
        http.put(f"/loadbalancers/{LB}", json={"loadbalancer": change}), 400, "ELB.8902", field
    )
    assert snapshot(http) == before


def test_ip_target_enable_is_one_way(http: httpx.Client) -> None:
    change = {"loadbalancer": {"ip_target_enable": False}}
    assert_error(
        http.put(f"/loadbalancers/{LB2}", json=change), 400, "ELB.8902", "ip_target_enable"
    )


def test_delete_load_balancer_refused_while_listeners(sdk: Any, http: httpx.Client) -> None:
    before = snapshot(http)
    sdk_error(
        lambda: sdk.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id=LB)),
        409,
        "ELB.8907",
    )
    assert snapshot(http) == before
    sdk_error(
        lambda: sdk.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id="nope")),
        404,
        "ELB.8904",
    )


def test_delete_load_balancer_cascade(sdk: Any, http: httpx.Client) -> None:
    member = add_member(http, "192.168.0.20")
    resp = sdk.delete_load_balancer_cascade(
        m.DeleteLoadBalancerCascadeRequest(
            loadbalancer_id=LB,
            body=m.DeleteLoadBalancerCascadeRequestBody(
                loadbalancer=m.DeleteLoadBalancerCascadeOption(unbounded_pool=True)
            ),
        )
    )
    assert resp.status_code == 204
    assert_error(http.get(f"/loadbalancers/{LB}"), 404, "ELB.8904")
    assert_error(http.get(f"/listeners/{LISTENER}"), 404, "ELB.8904")
    assert_error(http.get(f"/pools/{POOL}"), 404, "ELB.8904")
    assert all(x["id"] != member["id"] for x in assert_ok(http.get("/members"))["members"])


def test_delete_load_balancer_cascade_keeps_unbound_pools(http: httpx.Client) -> None:
    body = {"loadbalancer": {"unbounded_pool": False}}
    assert_ok(http.post(f"/loadbalancers/{LB}/delete-cascade", json=body), 204)
    pool = assert_ok(http.get(f"/pools/{POOL}"))["pool"]
    assert pool["loadbalancers"] == [] and pool["listeners"] == []


@pytest.mark.parametrize(
    "raw",
    [
        b'{"loadbalancer": {"unbounded_pool": "x"}}',
        b'{"loadbalancer": {"delete_eip": true}}',
        b"[1]",
        b'{"loadbalancer": 3}',
    ],
)
def test_delete_load_balancer_cascade_rejections(http: httpx.Client, raw: bytes) -> None:
    before = snapshot(http)
    assert_error(http.post(f"/loadbalancers/{LB}/delete-cascade", content=raw), 400, "ELB.8902")
    assert snapshot(http) == before


def test_delete_load_balancer_cascade_refused_by_protection(http: httpx.Client) -> None:
    add_member(http, "192.168.0.20")
    assert_ok(
        http.put(f"/pools/{POOL}", json={"pool": {"member_deletion_protection_enable": True}})
    )
    before = snapshot(http)
    assert_error(http.post(f"/loadbalancers/{LB}/delete-cascade", json={}), 409, "ELB.8907")
    assert snapshot(http) == before


def test_show_load_balancer_status_tree(sdk: Any, http: httpx.Client) -> None:
    member = add_member(http, ECS_1_IP)
    hm = {
        "healthmonitor": {
            "pool_id": POOL,
            "type": "TCP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
        }
    }
    hm_id = assert_ok(http.post("/healthmonitors", json=hm), 201)["healthmonitor"]["id"]
    body = assert_ok(http.get(f"/loadbalancers/{LB}/statuses"))
    check_model(body, m.ShowLoadBalancerStatusResponse)
    tree = body["statuses"]["loadbalancer"]
    assert (tree["id"], tree["provisioning_status"], tree["operating_status"]) == (
        LB,
        "ACTIVE",
        "ONLINE",
    )
    listener = tree["listeners"][0]
    assert listener["id"] == LISTENER and listener["operating_status"] == "ONLINE"
    pool = listener["pools"][0]
    assert pool["id"] == POOL and pool["healthmonitor"]["id"] == hm_id
    assert pool["healthmonitor"]["type"] == "TCP"
    assert [(x["id"], x["address"], x["protocol_port"]) for x in pool["members"]] == [
        (member["id"], ECS_1_IP, 80)
    ]
    assert pool["members"][0]["operating_status"] in (
        "ONLINE",
        "NO_MONITOR",
        "OFFLINE",
        "INITIAL",
        "UNKNOWN",
    )
    assert [p["id"] for p in tree["pools"]] == [POOL]
    resp = sdk.show_load_balancer_status(m.ShowLoadBalancerStatusRequest(loadbalancer_id=LB))
    assert resp.statuses.loadbalancer.listeners[0].pools[0].members[0].id == member["id"]
    sdk_error(
        lambda: sdk.show_load_balancer_status(
            m.ShowLoadBalancerStatusRequest(loadbalancer_id="nope")
        ),
        404,
        "ELB.8904",
        "loadbalancer nope could not be found.",
    )


def test_status_tree_disabled_when_admin_down(http: httpx.Client) -> None:
    add_member(http, ECS_1_IP)
    assert_ok(http.put(f"/loadbalancers/{LB}", json={"loadbalancer": {"admin_state_up": False}}))
    tree = assert_ok(http.get(f"/loadbalancers/{LB}/statuses"))["statuses"]["loadbalancer"]
    assert tree["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["pools"][0]["operating_status"] == "DISABLED"
    assert tree["listeners"][0]["pools"][0]["members"][0]["operating_status"] == "DISABLED"
    lb = assert_ok(http.get(f"/loadbalancers/{LB}"))["loadbalancer"]
    assert lb["operating_status"] in ("ONLINE", "FROZEN") and lb["admin_state_up"] is False


# ---------------------------------------------------------------- cross-cutting hostile input


ODD_IDS = ["nope", "%20", "a" * 300, "%E4%B8%AD", "1%00", "x;y", "%2A"]


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_ids_in_paths(http: httpx.Client, odd: str) -> None:
    calls = [
        ("GET", f"/pools/{odd}"),
        ("PUT", f"/pools/{odd}"),
        ("DELETE", f"/pools/{odd}"),
        ("DELETE", f"/pools/{odd}/delete-cascade"),
        ("GET", f"/pools/{odd}/members"),
        ("GET", f"/pools/{POOL}/members/{odd}"),
        ("PUT", f"/pools/{POOL}/members/{odd}"),
        ("DELETE", f"/pools/{POOL}/members/{odd}"),
        ("POST", f"/pools/{odd}/members/batch-delete"),
        ("POST", f"/pools/{odd}/members/batch-update"),
        ("GET", f"/loadbalancers/{odd}"),
        ("PUT", f"/loadbalancers/{odd}"),
        ("DELETE", f"/loadbalancers/{odd}"),
        ("GET", f"/loadbalancers/{odd}/statuses"),
        ("POST", f"/loadbalancers/{odd}/delete-cascade"),
    ]
    for method, path in calls:
        body: Any = None
        if method == "PUT":
            key = (
                "member"
                if "/members/" in path
                else ("pool" if path.startswith("/pools") else "loadbalancer")
            )
            body = {key: {"name": "x"}}
        elif method == "POST":
            body = {"members": [{"id": "x"}]} if "members" in path else {}
        resp = http.request(method, path, json=body)
        assert resp.status_code in (400, 404), (method, path, resp.status_code, resp.text)
        assert_error(resp, resp.status_code, "ELB.8904" if resp.status_code == 404 else "ELB.8902")


HOSTILE = [
    b"",
    b"null",
    b"true",
    b"123",
    b'"s"',
    b"[]",
    b"{}",
    b"{bad json",
    b'{"x": 1}',
    b"\xff\xfe",
]


@pytest.mark.parametrize("raw", HOSTILE)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"/pools/{POOL}/members"),
        ("PUT", f"/pools/{POOL}/members/MEMBER"),
        ("POST", f"/pools/{POOL}/members/batch-delete"),
        ("POST", f"/pools/{POOL}/members/batch-update"),
        ("POST", "/pools"),
        ("PUT", f"/pools/{POOL}"),
        ("POST", "/pools/batch-delete"),
        ("PUT", f"/loadbalancers/{LB}"),
    ],
)
def test_hostile_bodies(http: httpx.Client, method: str, path: str, raw: bytes) -> None:
    member = add_member(http, "192.168.0.20")
    path = path.replace("MEMBER", member["id"])
    before = snapshot(http)
    resp = http.request(method, path, content=raw)
    assert_error(resp, 400, "ELB.8902")
    assert snapshot(http) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            f"/pools/{POOL}/members",
            {
                "member": {
                    "address": "192.168.0.30",
                    "protocol_port": 80,
                    "subnet_cidr_id": SUBNET,
                    "weight": None,
                }
            },
        ),
        (
            f"/pools/{POOL}/members",
            {
                "member": {
                    "address": "192.168.0.30",
                    "protocol_port": 80,
                    "subnet_cidr_id": SUBNET,
                    "name": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": LB,
                    "session_persistence": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": LB,
                    "slow_start": None,
                }
            },
        ),
        (
            "/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "loadbalancer_id": LB,
                    "name": None,
                }
            },
        ),
    ],
)
def test_nulls_never_500(http: httpx.Client, path: str, body: dict[str, Any]) -> None:
    resp = http.post(path, json=body)
    assert resp.status_code in (201, 400), resp.text
    if resp.status_code == 400:
        assert_error(resp, 400, "ELB.8902")
    else:
        assert "detail" not in resp.json()


def test_unknown_query_values_never_500(http: httpx.Client) -> None:
    add_member(http, "192.168.0.20")
    weird = ["", "x", "-1", "99999999999999999999999", "true", "é中", "a" * 3000, "enable=", "="]
    for path, key in (
        (f"/pools/{POOL}/members", "members"),
        ("/members", "members"),
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
    ):
        for param in (
            "name",
            "weight",
            "protocol_port",
            "admin_state_up",
            "id",
            "az_affinity",
            "pool_health",
            "quic_cid_len",
        ):
            for value in weird:
                resp = http.get(path, params={param: value})
                assert resp.status_code in (200, 400), (path, param, value, resp.text)
                if resp.status_code == 400:
                    assert_error(resp, 400, "ELB.8902", param)
                else:
                    assert key in resp.json()


def test_versions_has_no_request_id(url: str) -> None:
    resp = httpx.get(f"{url}/versions", headers={"X-Auth-Token": "t"})
    assert resp.status_code == 200 and "request_id" not in resp.json()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
