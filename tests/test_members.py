"""Members of a pool, every operation but batch-add (see test_batch_create_members.py):
create_member, the member quotas, list_members (filters, paging), show_member,
update_member, delete_member, batch-delete, batch-update and list_all_members, with member
deletion protection.

The official SDK sends most requests against the session server; raw HTTP checks the JSON on
the wire and sends what the SDK cannot (unknown attributes, wrong JSON types, bad bodies and
query values). Every rejection asserts the exact status and error code and, where it matters,
that nothing changed. The quota tests run on a server of their own whose seed lowers them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchUpdateMembersOption,
    BatchUpdateMembersRequest,
    BatchUpdateMembersRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    ListAllMembersRequest,
    ListMembersRequest,
    ShowMemberRequest,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.error_codes import (
    CONFLICT,
    INVALID_INPUT,
    IP_MEMBER_PROTOCOL_NOT_SUPPORTED,
    IP_TARGET_NOT_ENABLED,
    NOT_FOUND,
    QUOTA_EXCEEDED,
)
from tests.factories import (
    ELB,
    add_members,
    batch_delete_members,
    create_member,
    create_pool,
    delete_member,
    ids_of,
    list_all_members,
    list_members,
    on_subnet,
    post_member,
    show_member,
    snapshot,
    stored_members,
    update_member,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    assert_sdk_error,
    sdk_error,
)

IPV6_MEMBER = "2001:db8:a583:2::10"  # demo-ecs-2's IPv6 address, canonical form
IPV6_SPELLINGS = ["2001:DB8:A583:2::10", "2001:db8:a583:2:0:0:0:10", "2001:0db8:a583:0002::0010"]
IP_MEMBER = "10.1.2.3"
LISTENER_2 = demo.LISTENER_2  # demo listener of LB_IP_TARGETS
OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
MEMBER_NULLABLE = {"subnet_cidr_id", "reason"}
ECS_1_IP = "192.168.0.10"


# --- helpers -------------------------------------------------------------------------


def path(pool_id: str, suffix: str = "") -> str:
    return f"/v3/{demo.PROJECT}/elb/pools/{pool_id}/members{suffix}"


ALL_MEMBERS = f"/v3/{demo.PROJECT}/elb/members"


def batch_update(elb: Any, pool_id: str, *items: dict[str, Any]) -> Any:
    body = BatchUpdateMembersRequestBody(
        members=[BatchUpdateMembersOption(**item) for item in items]
    )
    return elb.batch_update_members(BatchUpdateMembersRequest(pool_id=pool_id, body=body))


def protected_pool(elb: Any) -> str:
    """A new TCP pool on the demo LB with member deletion protection on: its id."""
    pool_id: str = create_pool(
        elb,
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB,
        member_deletion_protection_enable=True,
    ).id
    return pool_id


@pytest.fixture
def mixed(elb: Any) -> dict[str, str]:
    """An IPv4 instance, an IPv6 instance and an IP-type member in the dual-stack demo pool."""
    ids = ids_of(
        add_members(
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
            {
                "address": IP_MEMBER,
                "protocol_port": 80,
                "availability_zone": demo.AZ_1,
                "name": "ip",
            },
        )
    )
    return dict(zip(("v4", "v6", "ip"), ids, strict=True))


# --- create_member ---------------------------------------------------------------------


def test_create_show_update_delete_member_with_sdk(elb: Any) -> None:
    created = elb.create_member(
        elb_v3.CreateMemberRequest(
            pool_id=demo.POOL,
            body=elb_v3.CreateMemberRequestBody(
                member=elb_v3.CreateMemberOption(
                    address="192.168.0.20", protocol_port=8080, subnet_cidr_id=demo.SUBNET, name="a"
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
        member.subnet_cidr_id == demo.SUBNET
        and member.ip_version == "v4"
        and member.member_type == "instance"
    )
    # no cloud server at its address: OFFLINE, as the batch-add reference answers
    assert member.project_id == demo.PROJECT and member.operating_status == "OFFLINE"
    assert [s.listener_id for s in member.status] == [demo.LISTENER]
    shown = elb.show_member(elb_v3.ShowMemberRequest(pool_id=demo.POOL, member_id=member.id))
    assert shown.status_code == 200 and shown.member.to_dict() == member.to_dict()
    updated = elb.update_member(
        elb_v3.UpdateMemberRequest(
            pool_id=demo.POOL,
            member_id=member.id,
            body=elb_v3.UpdateMemberRequestBody(
                member=elb_v3.UpdateMemberOption(name="b", weight=0, protocol_port=81)
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
        elb.delete_member(
            elb_v3.DeleteMemberRequest(pool_id=demo.POOL, member_id=member.id)
        ).status_code
        == 204
    )
    assert_refused(
        lambda: elb.show_member(elb_v3.ShowMemberRequest(pool_id=demo.POOL, member_id=member.id)),
        404,
        NOT_FOUND,
    )


def test_create_an_instance_member(elb: Any) -> None:
    member = create_member(elb, demo.POOL, **on_subnet("192.168.0.10", name="web", weight=5))

    assert UUID.match(member.id)
    assert (member.address, member.protocol_port, member.weight) == ("192.168.0.10", 80, 5)
    assert (member.name, member.project_id) == ("web", demo.PROJECT)
    assert (member.subnet_cidr_id, member.member_type) == (demo.SUBNET, "instance")
    assert (member.instance_id, member.availability_zone) == (demo.ECS_1, demo.AZ_1)
    assert member.admin_state_up is True
    assert (member.ip_version, member.operating_status) == ("v4", "NO_MONITOR")
    assert [(s.listener_id, s.operating_status) for s in member.status] == [
        (demo.LISTENER, "NO_MONITOR")
    ]
    assert TIME.match(member.created_at)
    assert member.updated_at == member.created_at
    shown = elb.show_member(ShowMemberRequest(pool_id=demo.POOL, member_id=member.id)).member
    assert shown.to_dict() == member.to_dict()


def test_create_defaults(elb: Any) -> None:
    member = create_member(elb, demo.POOL, **on_subnet("192.168.0.20"))

    assert (member.name, member.weight) == ("", 1)
    assert (member.admin_state_up, member.instance_id, member.availability_zone) == (False, "", "")


def test_create_response_on_the_wire(http: httpx.Client) -> None:
    response = http.post(path(demo.POOL), json={"member": on_subnet("192.168.0.20")})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"member", "request_id"}
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert_json_model(body["member"], elb_v3.Member, nullable=MEMBER_NULLABLE)
    assert body["member"]["reason"] is None


def test_create_an_ip_member(elb: Any) -> None:
    member = create_member(
        elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=8080, availability_zone=demo.AZ_2
    )

    assert (member.member_type, member.subnet_cidr_id) == ("ip", None)
    assert (member.availability_zone, member.instance_id) == (demo.AZ_2, "")


def test_create_an_ipv6_member_in_a_dualstack_pool(elb: Any) -> None:
    member = create_member(
        elb,
        demo.POOL_DUALSTACK,
        address="2001:DB8:A583:2:0::10",
        protocol_port=80,
        subnet_cidr_id=demo.DUALSTACK_NETWORK,
    )

    assert (member.address, member.ip_version, member.instance_id) == (
        IPV6_MEMBER,
        "v6",
        demo.ECS_2,
    )


@pytest.mark.parametrize("port", [None, 8080])
def test_any_port_pools_keep_port_0(elb: Any, port: int | None) -> None:
    fields = {"address": IP_MEMBER, "protocol_port": port}
    member = create_member(
        elb, demo.POOL_ANY_PORT, **{k: v for k, v in fields.items() if v is not None}
    )

    assert member.protocol_port == 0


def test_ip_pools_keep_port_0(elb: Any) -> None:
    member = create_member(elb, demo.POOL_IP_PROTOCOL, **on_subnet("192.168.0.30", port=0))

    assert member.protocol_port == 0


def test_admin_state_up_and_project_id_are_accepted_and_ignored(elb: Any) -> None:
    member = create_member(
        elb,
        demo.POOL,
        **on_subnet("192.168.0.10"),
        admin_state_up=False,
        project_id=OTHER_PROJECT,
    )

    assert member.admin_state_up is True  # derived from the backing ECS
    assert member.project_id == demo.PROJECT


def test_a_duplicate_endpoint_is_elb_8907_not_existed(elb: Any, http: httpx.Client) -> None:
    first = create_member(elb, demo.POOL, **on_subnet("192.168.0.20", name="first"))

    error = sdk_error(
        lambda: create_member(elb, demo.POOL, **on_subnet("192.168.0.20", name="again"))
    )

    assert_sdk_error(error, 409, CONFLICT)
    assert "192.168.0.20" in error.error_msg
    assert [(m["id"], m["name"]) for m in stored_members(http, demo.POOL)] == [(first.id, "first")]
    # another port of the same address is another endpoint
    create_member(elb, demo.POOL, **on_subnet("192.168.0.20", port=81))  # answered 201


CREATE_REJECTIONS = [
    ("unknown-subnet", demo.POOL, on_subnet("192.168.0.20", subnet_cidr_id=demo.UNKNOWN_ID), 404,
     NOT_FOUND, f"subnet {demo.UNKNOWN_ID} could not be found."),
    ("bad-address", demo.POOL, on_subnet("192.168.0.999"), 400, INVALID_INPUT, "member.address"),
    ("outside-subnet", demo.POOL, on_subnet("192.168.1.5"), 400, INVALID_INPUT, "member.address"),
    ("lb-vip", demo.POOL, on_subnet("192.168.0.100"), 400, INVALID_INPUT, "member.address"),
    ("other-vpc", demo.POOL,
     on_subnet("172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET), 400, INVALID_INPUT,
     "member.subnet_cidr_id"),
    ("port-missing", demo.POOL, on_subnet("192.168.0.20", port=None), 400, INVALID_INPUT,
     "member.protocol_port"),
    ("port-0", demo.POOL, on_subnet("192.168.0.20", port=0), 400, INVALID_INPUT,
     "member.protocol_port"),
    ("port-65536", demo.POOL, on_subnet("192.168.0.20", port=65536), 400, INVALID_INPUT,
     "member.protocol_port"),
    ("weight-101", demo.POOL, on_subnet("192.168.0.20", weight=101), 400, INVALID_INPUT,
     "member.weight"),
    ("weight-negative", demo.POOL, on_subnet("192.168.0.20", weight=-1), 400, INVALID_INPUT,
     "member.weight"),
    ("name-256", demo.POOL, on_subnet("192.168.0.20", name="n" * 256), 400, INVALID_INPUT,
     "member.name"),
    ("az-on-instance", demo.POOL, on_subnet("192.168.0.20", availability_zone=demo.AZ_1), 400,
     INVALID_INPUT, "member.availability_zone"),
    ("ipv6-in-v4-pool", demo.POOL,
     {"address": IPV6_MEMBER, "protocol_port": 80, "subnet_cidr_id": demo.DUALSTACK_NETWORK},
     400, INVALID_INPUT, "member.address"),
    ("ip-member-without-ip-targets", demo.POOL, {"address": IP_MEMBER, "protocol_port": 80},
     400, IP_TARGET_NOT_ENABLED, "ip_target_enable"),
    ("ip-member-in-ip-pool", demo.POOL_IP_PROTOCOL, {"address": IP_MEMBER, "protocol_port": 0},
     400, IP_MEMBER_PROTOCOL_NOT_SUPPORTED, "protocol"),
    ("public-ip-member", demo.POOL_HTTP, {"address": "8.8.8.8", "protocol_port": 80}, 400,
     INVALID_INPUT, "member.address"),
    ("az-affinity-without-az", demo.POOL_AZ_AFFINITY, {"address": IP_MEMBER, "protocol_port": 53},
     400, INVALID_INPUT, "member.availability_zone"),
    ("unknown-az", demo.POOL_HTTP,
     {"address": IP_MEMBER, "protocol_port": 80, "availability_zone": "nowhere-1a"}, 400,
     INVALID_INPUT, "member.availability_zone"),
    ("ip-pool-port-80", demo.POOL_IP_PROTOCOL, on_subnet("192.168.0.30", port=80), 400,
     INVALID_INPUT, "member.protocol_port"),
    ("unknown-pool", demo.UNKNOWN_ID, on_subnet("192.168.0.20"), 404, NOT_FOUND,
     f"pool {demo.UNKNOWN_ID} could not be found."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("pool_id", "fields", "status", "code", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in CREATE_REJECTIONS],
)
def test_create_rejections(
    elb: Any,
    http: httpx.Client,
    pool_id: str,
    fields: dict[str, Any],
    status: int,
    code: str,
    message: str,
) -> None:
    error = sdk_error(lambda: create_member(elb, pool_id, **fields))

    assert_sdk_error(error, status, code)
    assert message in error.error_msg
    if pool_id != demo.UNKNOWN_ID:
        assert stored_members(http, pool_id) == []


@pytest.mark.parametrize(
    ("pool_id", "fields", "code", "message"),
    [
        # the body's shape is checked before the pool is looked up
        pytest.param(demo.UNKNOWN_ID, on_subnet("1.2.3.4", weight=101), INVALID_INPUT, "weight",
                     id="shape-before-pool"),
        # the pool before the subnet
        pytest.param(demo.UNKNOWN_ID, on_subnet("1.2.3.4", subnet_cidr_id=demo.UNKNOWN_ID),
                     NOT_FOUND, f"pool {demo.UNKNOWN_ID}", id="pool-before-subnet"),
        # the subnet before the item's own rules
        pytest.param(demo.POOL, on_subnet("192.168.0.999", subnet_cidr_id=demo.UNKNOWN_ID),
                     NOT_FOUND, f"subnet {demo.UNKNOWN_ID}", id="subnet-before-address"),
    ],
)  # fmt: skip
def test_create_checks_in_the_documented_order(
    elb: Any, pool_id: str, fields: dict[str, Any], code: str, message: str
) -> None:
    error = sdk_error(lambda: create_member(elb, pool_id, **fields))

    assert error.error_code == code
    assert message in error.error_msg


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"member": {**on_subnet("192.168.0.20"), "foo": 1}}, "Unrecognized attribute(s) 'foo'"),
        ({"member": on_subnet("192.168.0.20"), "extra": {}}, "Unrecognized attribute(s) 'extra'"),
        ({"member": on_subnet("192.168.0.20", weight="5")}, "member.weight"),
        ({"member": on_subnet("192.168.0.20", port="80")}, "member.protocol_port"),
        ({"member": on_subnet("192.168.0.20", admin_state_up="yes")}, "member.admin_state_up"),
        ({"member": on_subnet("192.168.0.20", project_id="p" * 33)}, "member.project_id"),
        ({"member": {"protocol_port": 80}}, "member.address"),
        ({"member": on_subnet("")}, "member.address"),
        ({"member": []}, "member"),
        ({}, "member"),
    ],
    ids=[
        "unknown-attribute",
        "unknown-top-level",
        "weight-string",
        "port-string",
        "admin-state-string",
        "project-id-33",
        "address-missing",
        "address-empty",
        "member-list",
        "member-missing",
    ],
)
def test_create_bodies_the_sdk_cannot_send(
    http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    response = http.post(path(demo.POOL), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert stored_members(http, demo.POOL) == []


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"null", b"[]"], ids=["empty", "broken", "null", "list"]
)
def test_create_with_an_unusable_body(http: httpx.Client, raw: bytes) -> None:
    response = http.post(path(demo.POOL), content=raw, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT


def test_a_1000_character_pool_id_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: create_member(elb, "p" * 1000, **on_subnet("192.168.0.20")))

    assert_sdk_error(error, 404, NOT_FOUND)


def test_a_standalone_pool_takes_subnets_of_its_own_vpc_only(elb: Any) -> None:
    error = sdk_error(
        lambda: create_member(
            elb,
            demo.POOL_STANDALONE,
            address="172.16.0.5",
            protocol_port=80,
            subnet_cidr_id=demo.OTHER_VPC_SUBNET,
        )
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert f"VPC {demo.VPC} of the pool" in error.error_msg
    member = create_member(elb, demo.POOL_STANDALONE, **on_subnet("192.168.0.20"))
    assert (member.operating_status, member.status) == ("UNKNOWN", [])


def test_member_bodies_match_sdk_models(http: httpx.Client) -> None:
    member = post_member(http, ECS_1_IP)
    assert_model_fields(member, elb_v3.Member)
    assert TIME.match(member["created_at"]) and TIME.match(member["updated_at"])
    assert member["instance_id"] and member["admin_state_up"] is True
    assert_model_fields(
        assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}/members/{member['id']}")),
        elb_v3.ShowMemberResponse,
    )
    body = assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}/members"))
    assert_model_fields(body, elb_v3.ListMembersResponse)
    body = assert_ok_response(http.get(f"{ELB}/members"))
    assert_model_fields(body, elb_v3.ListAllMembersResponse)
    item = body["members"][0]
    assert (item["pool_id"], item["loadbalancer_id"]) == (demo.POOL, demo.LB)
    assert item["loadbalancers"] == [{"id": demo.LB}]
    body = assert_ok_response(
        http.post(
            f"{ELB}/pools/{demo.POOL}/members/batch-update",
            json={"members": [{"id": member["id"]}]},
        )
    )
    assert_model_fields(body, elb_v3.BatchUpdateMembersResponse)
    body = assert_ok_response(
        http.post(
            f"{ELB}/pools/{demo.POOL}/members/batch-delete",
            json={"members": [{"id": member["id"]}]},
        )
    )
    assert_model_fields(body, elb_v3.BatchDeleteMembersResponse)


def test_duplicate_member_is_409_8907_and_nothing_changes(elb: Any, http: httpx.Client) -> None:
    post_member(http, "192.168.0.20", 80)
    before = snapshot(http)
    assert_refused(
        lambda: elb.create_member(
            elb_v3.CreateMemberRequest(
                pool_id=demo.POOL,
                body=elb_v3.CreateMemberRequestBody(
                    member=elb_v3.CreateMemberOption(
                        address="192.168.0.20", protocol_port=80, subnet_cidr_id=demo.SUBNET
                    )
                ),
            )
        ),
        409,
        CONFLICT,
    )
    assert snapshot(http) == before
    post_member(http, "192.168.0.20", 81)  # another port is another member


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ({"protocol_port": 80, "subnet_cidr_id": demo.SUBNET}, "address"),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
                "weight": 101,
            },
            "weight",
        ),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
                "weight": -1,
            },
            "weight",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 0, "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 65536, "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": "80", "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 2**70, "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": 80.5, "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {"address": "192.168.0.20", "protocol_port": True, "subnet_cidr_id": demo.SUBNET},
            "protocol_port",
        ),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
                "name": "n" * 256,
            },
            "name",
        ),
        ({"address": None, "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}, "address"),
        ({"address": 1234, "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}, "address"),
        ({"address": "not-an-ip", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}, "address"),
        ({"address": "192.168.9.9", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}, "address"),
        (
            {
                "address": "192.168.0.20",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
                "bogus": 1,
            },
            "bogus",
        ),
    ],
)
def test_create_member_rejects_bad_input(
    http: httpx.Client, member: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    body = assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members", json={"member": member}), 400, INVALID_INPUT
    )
    assert field in body["error_msg"]
    assert snapshot(http) == before


@pytest.mark.parametrize(
    "raw", [b"", b"null", b"[]", b"{}", b'{"member": null}', b'{"member": []}', b"{bad"]
)
def test_create_member_rejects_bad_bodies(http: httpx.Client, raw: bytes) -> None:
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members", content=raw), 400, INVALID_INPUT
    )


def test_create_member_not_found_cases(http: httpx.Client) -> None:
    assert_error_response(
        http.post(f"{ELB}/pools/nope/members", json={"member": on_subnet("192.168.0.20")}),
        404,
        NOT_FOUND,
        "pool nope",
    )
    body = {"member": {"address": "192.168.0.20", "protocol_port": 80, "subnet_cidr_id": "nope"}}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members", json=body),
        404,
        NOT_FOUND,
        "could not be found.",
    )


def test_ip_member_needs_ip_target_enable(http: httpx.Client) -> None:
    body = {"member": {"address": "10.9.9.9", "protocol_port": 80}}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members", json=body), 400, IP_TARGET_NOT_ENABLED
    )
    member = assert_ok_response(
        http.post(f"{ELB}/pools/{demo.POOL_DUALSTACK}/members", json=body), 201
    )["member"]
    assert (
        member["member_type"] == "ip"
        and member["subnet_cidr_id"] is None
        and member["instance_id"] == ""
    )


# --- quotas (the demo project's 500; a server whose seed lowers them) ------------------


@pytest.fixture(scope="module")
def quota_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockElbServer]:
    seed = tmp_path_factory.mktemp("seed") / "quotas.yaml"
    seed.write_text(
        f"projects:\n  - id: {demo.PROJECT}\n    quotas: {{members_per_pool: 2, member: 3}}\n"
    )
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, seed=[Path(seed)])) as server,
    ):
        yield server


@pytest.fixture
def small_quotas(quota_server: MockElbServer) -> Any:
    """An SDK client of a server whose project allows 2 members per pool, 3 in all."""
    quota_server.reset()
    return make_elb_client(quota_server.url, demo.PROJECT)


def test_create_respects_members_per_pool(small_quotas: Any) -> None:
    elb = small_quotas
    create_member(elb, demo.POOL, **on_subnet("192.168.0.20"))
    create_member(elb, demo.POOL, **on_subnet("192.168.0.21"))

    error = sdk_error(lambda: create_member(elb, demo.POOL, **on_subnet("192.168.0.22")))

    assert_sdk_error(error, 409, QUOTA_EXCEEDED)
    assert error.error_msg == "Quota exceeded for resources: members_per_pool"


def test_create_respects_the_project_member_quota(small_quotas: Any) -> None:
    elb = small_quotas
    ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21")))
    create_member(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80)

    error = sdk_error(
        lambda: create_member(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=81)
    )

    assert_sdk_error(error, 409, QUOTA_EXCEEDED)
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all_members(elb)) == 3


def test_batch_add_respects_the_project_member_quota(small_quotas: Any) -> None:
    elb = small_quotas
    ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21")))

    error = sdk_error(
        lambda: ids_of(
            add_members(
                elb,
                demo.POOL_HTTP,
                {"address": IP_MEMBER, "protocol_port": 80},
                {"address": IP_MEMBER, "protocol_port": 81},
            )
        )
    )

    assert_sdk_error(error, 409, QUOTA_EXCEEDED)
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all_members(elb)) == 2
    # re-adding existing members adds nothing, so it passes at the limit
    ids_of(add_members(elb, demo.POOL_HTTP, {"address": IP_MEMBER, "protocol_port": 80}))
    assert ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"))) == [
        m.id for m in list_all_members(elb, address=["192.168.0.20"])
    ]


def test_a_deleted_member_frees_its_quota(small_quotas: Any) -> None:
    elb = small_quotas
    ids = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21")))
    create_member(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80)

    batch_delete_members(elb, demo.POOL, {"id": ids[0]})

    create_member(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=81)  # answered 201


def test_a_duplicate_is_reported_before_the_quota(small_quotas: Any) -> None:
    elb = small_quotas
    ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21")))

    error = sdk_error(lambda: create_member(elb, demo.POOL, **on_subnet("192.168.0.20")))

    assert_sdk_error(error, 409, CONFLICT)


def test_demo_project_member_quota_of_500(elb: Any) -> None:
    def batch(first: int, size: int = 200) -> list[dict[str, Any]]:
        return [{"address": IP_MEMBER, "protocol_port": first + i} for i in range(size)]

    ids_of(add_members(elb, demo.POOL_HTTP, *batch(1000)))
    ids_of(add_members(elb, demo.POOL_HTTP, *batch(2000)))
    ids_of(add_members(elb, demo.POOL_DUALSTACK, *batch(1000, 100)))  # 500 in all, 100 in this pool

    error = sdk_error(lambda: ids_of(add_members(elb, demo.POOL_DUALSTACK, *batch(2000, 1))))

    assert_sdk_error(error, 409, QUOTA_EXCEEDED)
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all_members(elb)) == 500


def test_member_quota_is_409_8905(http: httpx.Client) -> None:
    members = [
        {"address": f"10.3.{i // 200}.{i % 200 + 1}", "protocol_port": 80} for i in range(500)
    ]
    for start in range(0, 500, 200):
        assert (
            http.post(
                f"{ELB}/pools/{demo.POOL_DUALSTACK}/members/batch-add",
                json={"members": members[start : start + 200]},
            ).status_code
            == 201
        )
    body = {"member": {"address": "10.4.0.1", "protocol_port": 80}}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL_DUALSTACK}/members", json=body),
        409,
        QUOTA_EXCEEDED,
        "Quota exceeded",
    )


# --- list_members: filters ----------------------------------------------------------


def test_list_returns_every_member_with_page_info(elb: Any) -> None:
    ids = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21")))

    response = elb.list_members(ListMembersRequest(pool_id=demo.POOL))

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
    response = elb.list_members(ListMembersRequest(pool_id=demo.POOL))

    assert response.status_code == 200
    assert response.members == []
    assert response.page_info.current_count == 0


def test_list_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: list_members(elb, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


@pytest.fixture
def endpoints(elb: Any) -> dict[str, str]:
    """Members at four (address, port) endpoints of the demo pool."""
    keys = ("20:80", "21:80", "21:8080", "22:443")
    ids = ids_of(
        add_members(
            elb,
            demo.POOL,
            on_subnet("192.168.0.20", 80),
            on_subnet("192.168.0.21", 80),
            on_subnet("192.168.0.21", 8080),
            on_subnet("192.168.0.22", 443),
        )
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
    response = elb.list_members(ListMembersRequest(pool_id=demo.POOL, **query))

    assert sorted(m.id for m in response.members) == sorted(endpoints[k] for k in expected)
    assert response.page_info.current_count == len(expected)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param(["OFFLINE"], ["20:80", "21:80", "21:8080", "22:443"], id="offline"),
        pytest.param(["ONLINE"], [], id="online"),
        pytest.param(["ONLINE", "NO_MONITOR"], [], id="online-or-no-monitor"),
        pytest.param(["NO_MONITOR", "OFFLINE"], ["20:80", "21:80", "21:8080", "22:443"], id="or"),
    ],
)
def test_list_by_operating_status(
    elb: Any, endpoints: dict[str, str], statuses: list[str], expected: list[str]
) -> None:
    # ListMembersRequest.operating_status, a multi-value filter of the API reference; no
    # cloud server has these addresses and a listener uses the pool: all are OFFLINE
    ids = ids_of(list_members(elb, demo.POOL, operating_status=statuses))

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
    ids = ids_of(list_members(elb, demo.POOL_DUALSTACK, **query))

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


@pytest.fixture
def kinds(elb: Any) -> dict[str, str]:
    """In the dual-stack demo pool: an IPv4 member backed by demo-ecs-2, its IPv6 twin, an
    instance member without a server (on another port), and an IP-type member."""
    ids = ids_of(
        add_members(
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
            {
                "address": "10.1.2.3",
                "protocol_port": 80,
                "availability_zone": demo.AZ_1,
                "name": "ip",
            },
        )
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
        # no cloud server at "bare", nor at the IP-type member's address: OFFLINE
        pytest.param({"operating_status": ["NO_MONITOR"]}, ["v4", "v6"], id="operating_status"),
        pytest.param(
            {"operating_status": ["OFFLINE"]}, ["bare", "ip"], id="operating_status-offline"
        ),
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
    assert sorted(ids_of(list_members(elb, demo.POOL_DUALSTACK, **query))) == sorted(
        kinds[name] for name in expected
    )


def test_list_members_filters_by_id(elb: Any, kinds: dict[str, str]) -> None:
    ids = [kinds["v6"], kinds["ip"], "00000000-0000-4000-8000-000000000000"]

    assert sorted(ids_of(list_members(elb, demo.POOL_DUALSTACK, id=ids))) == sorted(ids[:2])


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
    assert ids_of(list_members(elb, demo.POOL_DUALSTACK, address=[spelling])) == [kinds["v6"]]
    assert ids_of(list_all_members(elb, address=[spelling])) == [kinds["v6"]]


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

        assert (
            ids_of(list_members(elb, demo.POOL_DUALSTACK, weight=[1], marker=marker, limit=10))
            == after
        )
        assert (
            ids_of(
                list_all_members(
                    elb, weight=[1], pool_id=[demo.POOL_DUALSTACK], marker=marker, limit=10
                )
            )
            == after
        )
        assert (
            ids_of(
                list_members(
                    elb, demo.POOL_DUALSTACK, weight=[1], marker=marker, limit=10, page_reverse=True
                )
            )
            == before
        )


def test_list_members_filters_or_within_and_across(elb: Any, http: httpx.Client) -> None:
    ids = {}
    for i, (addr, port, weight) in enumerate(
        [
            ("192.168.0.20", 80, 1),
            ("192.168.0.21", 80, 2),
            ("192.168.0.21", 81, 3),
            ("192.168.0.22", 82, 1),
        ]
    ):
        ids[i] = post_member(http, addr, port, weight=weight, name=f"m{i}")["id"]

    def q(**kw: Any) -> set[str]:
        return {
            x.id
            for x in elb.list_members(elb_v3.ListMembersRequest(pool_id=demo.POOL, **kw)).members
        }

    assert q(address=["192.168.0.20", "192.168.0.21"]) == {ids[0], ids[1], ids[2]}
    assert q(address=["192.168.0.21"], protocol_port=[81, 82]) == {ids[2]}
    assert q(weight=[1]) == {ids[0], ids[3]}
    assert q(name=["m1", "m3"], weight=[1]) == {ids[3]}
    assert q(id=[ids[0], ids[2]]) == {ids[0], ids[2]}
    assert q(member_type=["instance"]) == set(ids.values())
    assert q(member_type=["ip"]) == set()
    assert q(ip_version=["v4"]) == set(ids.values())
    assert q(subnet_cidr_id=[demo.SUBNET], operating_status=["OFFLINE"]) == set(ids.values())
    assert q(admin_state_up=False) == set(ids.values())
    assert q(enterprise_project_id=["all_granted_eps"]) == set(ids.values())


# --- list_members: paging -----------------------------------------------------------


@pytest.fixture
def twenty_five(elb: Any) -> list[str]:
    """25 members in the demo pool; their ids in list (ascending id) order."""
    ids_of(add_members(elb, demo.POOL, *(on_subnet(f"192.168.0.{20 + i}") for i in range(25))))
    everything = ids_of(list_members(elb, demo.POOL))
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
        page = elb.list_members(ListMembersRequest(pool_id=demo.POOL, limit=7, marker=marker))
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
        page = elb.list_members(ListMembersRequest(pool_id=demo.POOL, limit=7, marker=marker))
        if page.page_info.next_marker is None:
            break
        marker = page.page_info.next_marker
    last_page = [member.id for member in page.members]
    assert last_page == twenty_five[21:]

    # … then back with previous_marker and page_reverse
    pages: list[list[str]] = [last_page]
    marker = page.page_info.previous_marker
    while True:
        page = elb.list_members(
            ListMembersRequest(pool_id=demo.POOL, limit=7, marker=marker, page_reverse=True)
        )
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
    second = elb.list_members(ListMembersRequest(pool_id=demo.POOL, limit=7, marker=twenty_five[6]))
    assert [m.id for m in second.members] == twenty_five[7:14]

    back = elb.list_members(
        ListMembersRequest(
            pool_id=demo.POOL, limit=7, marker=second.page_info.previous_marker, page_reverse=True
        )
    )

    assert [m.id for m in back.members] == twenty_five[0:7]
    assert back.page_info.previous_marker == twenty_five[0]


def test_limit_bounds(elb: Any, twenty_five: list[str]) -> None:
    assert ids_of(list_members(elb, demo.POOL, limit=2000)) == twenty_five
    assert ids_of(list_members(elb, demo.POOL, limit=1)) == twenty_five[:1]
    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=2001))
    assert error.status_code == 400 and error.error_code == INVALID_INPUT


def test_an_unknown_marker_is_elb_8902(elb: Any, twenty_five: list[str]) -> None:
    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=7, marker=demo.UNKNOWN_ID))

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


def test_a_member_of_another_pool_is_no_marker(elb: Any, mixed: dict[str, str]) -> None:
    ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20")))

    error = sdk_error(lambda: list_members(elb, demo.POOL, limit=7, marker=mixed["v4"]))

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


# --- show_member ---------------------------------------------------------------------


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
    (member_id,) = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.77", 8080)))

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
    listed = {m.id: m.to_dict() for m in list_members(elb, demo.POOL_DUALSTACK)}

    for member_id in mixed.values():
        assert show_member(elb, demo.POOL_DUALSTACK, member_id).to_dict() == listed[member_id]


def test_a_member_of_a_standalone_pool_reports_unknown(elb: Any) -> None:
    (member_id,) = ids_of(add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.50")))

    member = show_member(elb, demo.POOL_STANDALONE, member_id)

    assert member.operating_status == "UNKNOWN"
    assert member.status == []


def test_a_member_seen_through_another_pool_is_elb_8904(elb: Any, mixed: dict[str, str]) -> None:
    error = sdk_error(lambda: show_member(elb, demo.POOL, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"member {mixed['v4']} could not be found."


def test_show_an_unknown_member_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_member(elb, demo.POOL, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"member {demo.UNKNOWN_ID} could not be found."


def test_show_in_an_unknown_pool_is_elb_8904(elb: Any, mixed: dict[str, str]) -> None:
    error = sdk_error(lambda: show_member(elb, demo.UNKNOWN_ID, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


# --- update_member -------------------------------------------------------------------


@pytest.fixture
def member(elb: Any) -> Any:
    """An instance member of the demo pool (192.168.0.10:80, the demo ECS)."""
    return create_member(elb, demo.POOL, **on_subnet("192.168.0.10", name="before", weight=3))


@pytest.fixture
def ip_member(elb: Any) -> Any:
    """An IP-type member of the HTTP pool (AZ cn-north-4a)."""
    return create_member(
        elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80, availability_zone=demo.AZ_1
    )


@pytest.mark.slow
def test_update_name_and_weight(elb: Any, member: Any) -> None:
    time.sleep(1.05)  # times have one-second resolution

    updated = update_member(elb, demo.POOL, member.id, name="after", weight=0)

    assert (updated.name, updated.weight, updated.protocol_port) == ("after", 0, 80)
    assert updated.created_at == member.created_at
    assert updated.updated_at > member.updated_at
    assert show_member(elb, demo.POOL, member.id).to_dict() == updated.to_dict()


def test_update_response_on_the_wire(http: httpx.Client, member: Any) -> None:
    response = http.put(path(demo.POOL, f"/{member.id}"), json={"member": {"weight": 7}})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"member", "request_id"}
    assert_json_model(body["member"], elb_v3.Member, nullable=MEMBER_NULLABLE)
    assert (body["member"]["weight"], body["member"]["name"]) == (7, "before")


def test_an_empty_update_changes_nothing_but_is_accepted(elb: Any, member: Any) -> None:
    updated = update_member(elb, demo.POOL, member.id)

    assert (updated.name, updated.weight, updated.protocol_port) == ("before", 3, 80)


def test_admin_state_up_is_accepted_and_ignored(elb: Any, member: Any) -> None:
    updated = update_member(elb, demo.POOL, member.id, admin_state_up=False)

    assert updated.admin_state_up is True


def test_update_the_port_frees_the_old_endpoint(elb: Any, member: Any) -> None:
    updated = update_member(elb, demo.POOL, member.id, protocol_port=8080)

    assert updated.protocol_port == 8080
    again = create_member(elb, demo.POOL, **on_subnet("192.168.0.10", port=80))
    assert again.id != member.id


def test_update_to_its_own_port_is_no_conflict(elb: Any, member: Any) -> None:
    assert update_member(elb, demo.POOL, member.id, protocol_port=80).protocol_port == 80


def test_a_port_taken_by_another_member_is_elb_8907(elb: Any, member: Any) -> None:
    other = create_member(elb, demo.POOL, **on_subnet("192.168.0.10", port=81))

    error = sdk_error(lambda: update_member(elb, demo.POOL, member.id, protocol_port=81, name="x"))

    assert_sdk_error(error, 409, CONFLICT)
    assert show_member(elb, demo.POOL, member.id).protocol_port == 80
    assert show_member(elb, demo.POOL, member.id).name == "before"
    assert show_member(elb, demo.POOL, other.id).protocol_port == 81


def test_the_same_port_on_another_address_is_fine(elb: Any, member: Any) -> None:
    create_member(elb, demo.POOL, **on_subnet("192.168.0.20", port=81))

    assert update_member(elb, demo.POOL, member.id, protocol_port=81).protocol_port == 81


def test_update_an_ip_pool_member_port(elb: Any) -> None:
    created = create_member(elb, demo.POOL_IP_PROTOCOL, **on_subnet("192.168.0.30", port=0))

    update_member(elb, demo.POOL_IP_PROTOCOL, created.id, protocol_port=0)  # answered 200
    error = sdk_error(
        lambda: update_member(elb, demo.POOL_IP_PROTOCOL, created.id, protocol_port=80)
    )
    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "member.protocol_port" in error.error_msg


@pytest.mark.parametrize("port", [0, 80])
def test_the_port_of_an_any_port_pool_member_cannot_change(elb: Any, port: int) -> None:
    created = create_member(elb, demo.POOL_ANY_PORT, address=IP_MEMBER)

    error = sdk_error(
        lambda: update_member(elb, demo.POOL_ANY_PORT, created.id, protocol_port=port)
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "member.protocol_port" in error.error_msg
    assert show_member(elb, demo.POOL_ANY_PORT, created.id).protocol_port == 0


def test_update_the_az_of_an_ip_member(elb: Any, ip_member: Any) -> None:
    updated = update_member(elb, demo.POOL_HTTP, ip_member.id, availability_zone=demo.AZ_2)

    assert updated.availability_zone == demo.AZ_2
    # without AZ affinity the AZ may be cleared
    assert (
        update_member(elb, demo.POOL_HTTP, ip_member.id, availability_zone="").availability_zone
        == ""
    )


def test_the_az_of_an_az_affinity_member_cannot_be_blanked(elb: Any) -> None:
    created = create_member(
        elb, demo.POOL_AZ_AFFINITY, address=IP_MEMBER, protocol_port=53,
        availability_zone=demo.AZ_1,
    )  # fmt: skip

    error = sdk_error(
        lambda: update_member(elb, demo.POOL_AZ_AFFINITY, created.id, availability_zone="")
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "member.availability_zone" in error.error_msg
    assert show_member(elb, demo.POOL_AZ_AFFINITY, created.id).availability_zone == demo.AZ_1
    updated = update_member(elb, demo.POOL_AZ_AFFINITY, created.id, availability_zone=demo.AZ_3)
    assert updated.availability_zone == demo.AZ_3


UPDATE_REJECTIONS = [
    ("port-0", {"protocol_port": 0}, "member.protocol_port"),
    ("port-65536", {"protocol_port": 65536}, "member.protocol_port"),
    ("weight-101", {"weight": 101}, "member.weight"),
    ("weight-negative", {"weight": -1}, "member.weight"),
    ("name-256", {"name": "n" * 256}, "member.name"),
    ("az-on-instance", {"availability_zone": demo.AZ_1}, "member.availability_zone"),
]


@pytest.mark.parametrize(
    ("fields", "message"), [pytest.param(*case[1:], id=case[0]) for case in UPDATE_REJECTIONS]
)
def test_update_rejections(elb: Any, member: Any, fields: dict[str, Any], message: str) -> None:
    error = sdk_error(lambda: update_member(elb, demo.POOL, member.id, **fields))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert message in error.error_msg
    assert show_member(elb, demo.POOL, member.id).to_dict() == member.to_dict()


def test_an_unknown_az_is_refused(elb: Any, ip_member: Any) -> None:
    error = sdk_error(
        lambda: update_member(elb, demo.POOL_HTTP, ip_member.id, availability_zone="x-1a")
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert show_member(elb, demo.POOL_HTTP, ip_member.id).availability_zone == demo.AZ_1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"member": {"address": "192.168.0.11"}}, "Unrecognized attribute(s) 'address'"),
        ({"member": {"subnet_cidr_id": demo.SUBNET_2}},
         "Unrecognized attribute(s) 'subnet_cidr_id'"),
        ({"member": {"weight": "2"}}, "member.weight"),
        ({"member": {"weight": True}}, "member.weight"),
        ({"member": {"name": 5}}, "member.name"),
        ({"weight": 2}, "Unrecognized attribute(s) 'weight'"),
        ({}, "member"),
    ],
    ids=["address", "subnet", "weight-string", "weight-bool", "name-int", "no-wrapper", "empty"],
)  # fmt: skip
def test_update_bodies_the_sdk_cannot_send(
    elb: Any, http: httpx.Client, member: Any, body: dict[str, Any], message: str
) -> None:
    response = http.put(path(demo.POOL, f"/{member.id}"), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert show_member(elb, demo.POOL, member.id).to_dict() == member.to_dict()


@pytest.mark.parametrize(
    ("pool_id", "member_id", "kind", "missing"),
    [
        (demo.POOL, demo.UNKNOWN_ID, "member", demo.UNKNOWN_ID),
        (demo.POOL_DUALSTACK, None, "member", None),  # the member of another pool
        (demo.UNKNOWN_ID, None, "pool", demo.UNKNOWN_ID),
        (demo.POOL, "m" * 1000, "member", "m" * 1000),
    ],
    ids=["unknown-member", "other-pool", "unknown-pool", "1000-characters"],
)
def test_update_of_a_missing_member_is_elb_8904(
    elb: Any, member: Any, pool_id: str, member_id: str | None, kind: str, missing: str | None
) -> None:
    target = member_id or member.id

    error = sdk_error(lambda: update_member(elb, pool_id, target, weight=9))

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"{kind} {missing or member.id} could not be found."
    assert show_member(elb, demo.POOL, member.id).weight == 3


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
        ({"subnet_cidr_id": demo.SUBNET}, "subnet_cidr_id"),
        ({"availability_zone": "cn-north-4a"}, "availability_zone"),
        ({"bogus": True}, "bogus"),
    ],
)
def test_update_member_rejects_bad_input(
    http: httpx.Client, change: dict[str, Any], field: str
) -> None:
    member = post_member(http, "192.168.0.20")
    body = assert_error_response(
        http.put(f"{ELB}/pools/{demo.POOL}/members/{member['id']}", json={"member": change}),
        400,
        INVALID_INPUT,
    )
    assert field in body["error_msg"]
    assert (
        assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}/members/{member['id']}"))["member"]
        == member
    )


def test_update_member_in_other_pool_is_404(http: httpx.Client) -> None:
    member = post_member(http, "192.168.0.20")
    assert_error_response(
        http.put(
            f"{ELB}/pools/{demo.POOL_STANDALONE}/members/{member['id']}",
            json={"member": {"name": "x"}},
        ),
        404,
        NOT_FOUND,
        f"member {member['id']} could not be found.",
    )
    assert_error_response(
        http.get(f"{ELB}/pools/{demo.POOL}/members/nope"),
        404,
        NOT_FOUND,
        "member nope could not be found.",
    )
    assert_error_response(http.delete(f"{ELB}/pools/{demo.POOL}/members/nope"), 404, NOT_FOUND)


def test_update_ip_member_availability_zone(http: httpx.Client) -> None:
    body = {
        "member": {"address": "10.9.9.9", "protocol_port": 80, "availability_zone": "cn-north-4a"}
    }
    member = assert_ok_response(
        http.post(f"{ELB}/pools/{demo.POOL_AZ_AFFINITY}/members", json=body), 201
    )["member"]
    assert member["availability_zone"] == "cn-north-4a"
    path = f"{ELB}/pools/{demo.POOL_AZ_AFFINITY}/members/{member['id']}"
    assert (
        assert_ok_response(http.put(path, json={"member": {"availability_zone": "cn-north-4b"}}))[
            "member"
        ]["availability_zone"]
        == "cn-north-4b"
    )
    assert_error_response(
        http.put(path, json={"member": {"availability_zone": ""}}),
        400,
        INVALID_INPUT,
        "availability_zone",
    )
    no_az = {"member": {"address": "10.9.9.8", "protocol_port": 80}}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL_AZ_AFFINITY}/members", json=no_az),
        400,
        INVALID_INPUT,
        "availability_zone",
    )


def test_any_port_pool_member_port_not_updatable(http: httpx.Client) -> None:
    body = {"member": {"address": "10.9.9.9"}}
    member = assert_ok_response(
        http.post(f"{ELB}/pools/{demo.POOL_ANY_PORT}/members", json=body), 201
    )["member"]
    path = f"{ELB}/pools/{demo.POOL_ANY_PORT}/members/{member['id']}"
    assert_error_response(
        http.put(path, json={"member": {"protocol_port": 90}}), 400, INVALID_INPUT, "protocol_port"
    )


def test_update_to_duplicate_port_is_409(http: httpx.Client) -> None:
    post_member(http, "192.168.0.20", 80)
    other = post_member(http, "192.168.0.20", 81)
    path = f"{ELB}/pools/{demo.POOL}/members/{other['id']}"
    assert_error_response(http.put(path, json={"member": {"protocol_port": 80}}), 409, CONFLICT)


# --- delete_member and member deletion protection -----------------------------------


def test_delete_a_member(elb: Any, mixed: dict[str, str]) -> None:
    delete_member(elb, demo.POOL_DUALSTACK, mixed["v6"])

    error = sdk_error(lambda: show_member(elb, demo.POOL_DUALSTACK, mixed["v6"]))
    assert error.status_code == 404 and error.error_code == NOT_FOUND
    assert sorted(ids_of(list_members(elb, demo.POOL_DUALSTACK))) == sorted(
        [mixed["v4"], mixed["ip"]]
    )
    again = sdk_error(lambda: delete_member(elb, demo.POOL_DUALSTACK, mixed["v6"]))
    assert again.status_code == 404 and again.error_code == NOT_FOUND


def test_delete_returns_an_empty_body(http: httpx.Client, mixed: dict[str, str]) -> None:
    response = http.delete(
        f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL_DUALSTACK}/members/{mixed['ip']}"
    )

    assert response.status_code == 204
    assert response.content == b""


def test_a_deleted_member_can_be_added_again(elb: Any) -> None:
    (first,) = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.60")))
    delete_member(elb, demo.POOL, first)

    (second,) = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.60")))

    assert second != first
    assert ids_of(list_members(elb, demo.POOL)) == [second]


def test_delete_through_another_pool_is_elb_8904_and_keeps_the_member(
    elb: Any, mixed: dict[str, str]
) -> None:
    error = sdk_error(lambda: delete_member(elb, demo.POOL, mixed["v4"]))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert show_member(elb, demo.POOL_DUALSTACK, mixed["v4"]).id == mixed["v4"]


def test_delete_an_unknown_member_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_member(elb, demo.POOL, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND


def test_member_deletion_protection_refuses_the_delete(elb: Any) -> None:
    option = CreatePoolOption(
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB,
        member_deletion_protection_enable=True,
    )
    pool = elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option))).pool
    assert pool.member_deletion_protection_enable is True
    (member_id,) = ids_of(add_members(elb, pool.id, on_subnet("192.168.0.70")))

    error = sdk_error(lambda: delete_member(elb, pool.id, member_id))

    assert error.status_code == 409
    assert error.error_code == CONFLICT
    assert show_member(elb, pool.id, member_id).id == member_id
    assert ids_of(list_members(elb, pool.id)) == [member_id]


def test_member_deletion_protection_refuses_removals(http: httpx.Client) -> None:
    member = post_member(http, "192.168.0.20")
    assert_ok_response(
        http.put(
            f"{ELB}/pools/{demo.POOL}", json={"pool": {"member_deletion_protection_enable": True}}
        )
    )
    before = snapshot(http)
    assert_error_response(
        http.delete(f"{ELB}/pools/{demo.POOL}/members/{member['id']}"), 409, CONFLICT
    )
    body = {"members": [{"id": member["id"]}]}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members/batch-delete", json=body), 409, CONFLICT
    )
    assert_error_response(http.delete(f"{ELB}/pools/{demo.POOL}/delete-cascade"), 409, CONFLICT)
    assert snapshot(http) == before
    assert_ok_response(
        http.put(
            f"{ELB}/pools/{demo.POOL}", json={"pool": {"member_deletion_protection_enable": False}}
        )
    )
    assert_ok_response(http.delete(f"{ELB}/pools/{demo.POOL}/members/{member['id']}"), 204)


# --- batch-delete --------------------------------------------------------------------


@pytest.fixture
def three_members(elb: Any) -> list[str]:
    """Three members of the demo pool: .20:80, .21:80, .21:8080."""
    return ids_of(
        add_members(
            elb,
            demo.POOL,
            on_subnet("192.168.0.20"),
            on_subnet("192.168.0.21"),
            on_subnet("192.168.0.21", port=8080),
        )
    )


def test_batch_delete_by_id_and_by_endpoint(
    elb: Any, http: httpx.Client, three_members: list[str]
) -> None:
    response = batch_delete_members(
        elb, demo.POOL, {"id": three_members[2]}, {"address": "192.168.0.20", "protocol_port": 80}
    )

    assert response.status_code == 200
    assert [(m.id, m.ret_status) for m in response.members] == [
        (three_members[2], "successful"),
        (three_members[0], "successful"),
    ]
    assert [m["id"] for m in stored_members(http, demo.POOL)] == [three_members[1]]


def test_batch_delete_response_on_the_wire(http: httpx.Client, three_members: list[str]) -> None:
    body = {"members": [{"id": three_members[0]}, {"id": demo.UNKNOWN_ID}]}

    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"members", "request_id"}
    for item in data["members"]:
        assert_json_model(item, elb_v3.BatchDeleteMembersState)
    assert data["members"] == [
        {"id": three_members[0], "ret_status": "successful"},
        {"id": demo.UNKNOWN_ID, "ret_status": "not found"},
    ]


def test_not_found_items_do_not_fail_the_batch(
    elb: Any, http: httpx.Client, three_members: list[str]
) -> None:
    response = batch_delete_members(
        elb,
        demo.POOL,
        {"id": demo.UNKNOWN_ID},
        {"address": "192.168.0.99", "protocol_port": 80},
        {"address": "192.168.0.21", "protocol_port": 81},
        {"id": three_members[0]},
        {"id": three_members[0]},  # removed by the item before: not found any more
        {"address": "192.168.0.21", "protocol_port": 80},
        {"id": three_members[1]},  # the same member, by id this time
    )

    assert [(m.id, m.ret_status) for m in response.members] == [
        (demo.UNKNOWN_ID, "not found"),
        ("", "not found"),  # an endpoint that names no member has no id to return
        ("", "not found"),
        (three_members[0], "successful"),
        (three_members[0], "not found"),
        (three_members[1], "successful"),
        (three_members[1], "not found"),
    ]
    assert [m["id"] for m in stored_members(http, demo.POOL)] == [three_members[2]]


def test_a_member_of_another_pool_is_not_found(elb: Any, three_members: list[str]) -> None:
    (other,) = ids_of(
        add_members(elb, demo.POOL_HTTP, {"address": "192.168.0.20", "protocol_port": 80})
    )

    response = batch_delete_members(elb, demo.POOL_HTTP, {"id": three_members[0]})

    assert [(m.id, m.ret_status) for m in response.members] == [(three_members[0], "not found")]
    assert show_member(elb, demo.POOL, three_members[0]).id == three_members[0]
    assert show_member(elb, demo.POOL_HTTP, other).id == other


@pytest.mark.parametrize("port", [0, 80])
def test_batch_delete_in_an_any_port_pool(elb: Any, port: int) -> None:
    (member_id,) = ids_of(add_members(elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER}))

    response = batch_delete_members(
        elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER, "protocol_port": port}
    )

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


def test_batch_delete_in_an_ip_pool_by_port_0(elb: Any) -> None:
    (member_id,) = ids_of(
        add_members(elb, demo.POOL_IP_PROTOCOL, on_subnet("192.168.0.30", port=0))
    )

    response = batch_delete_members(
        elb, demo.POOL_IP_PROTOCOL, {"address": "192.168.0.30", "protocol_port": 0}
    )

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


def test_batch_delete_finds_an_ipv6_member_in_any_spelling(elb: Any) -> None:
    (member_id,) = ids_of(
        add_members(
            elb,
            demo.POOL_DUALSTACK,
            {"address": IPV6_MEMBER, "protocol_port": 80, "subnet_cidr_id": demo.DUALSTACK_NETWORK},
        )
    )

    response = batch_delete_members(
        elb, demo.POOL_DUALSTACK, {"address": "2001:DB8:A583:2:0:0:0:10", "protocol_port": 80}
    )

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


BATCH_DELETE_REJECTIONS = [
    ("id-and-address", {"id": demo.UNKNOWN_ID, "address": "192.168.0.20"}, "members[1].id"),
    ("id-and-port", {"id": demo.UNKNOWN_ID, "protocol_port": 80}, "members[1].id"),
    ("address-only", {"address": "192.168.0.20"}, "members[1].protocol_port"),
    ("port-only", {"protocol_port": 80}, "members[1].address"),
    ("nothing", {}, "members[1].address"),
    ("port-0", {"address": "192.168.0.20", "protocol_port": 0}, "members[1].protocol_port"),
    ("port-65536", {"address": "192.168.0.20", "protocol_port": 65536},
     "members[1].protocol_port"),
    ("bad-address", {"address": "192.168.0.999", "protocol_port": 80}, "members[1].address"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "message"), [pytest.param(*case[1:], id=case[0]) for case in BATCH_DELETE_REJECTIONS]
)
def test_batch_delete_item_rules(
    elb: Any, http: httpx.Client, three_members: list[str], item: dict[str, Any], message: str
) -> None:
    error = sdk_error(lambda: batch_delete_members(elb, demo.POOL, {"id": three_members[0]}, item))

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert message in error.error_msg
    assert len(stored_members(http, demo.POOL)) == 3  # all or nothing: the valid first item stays


def test_batch_delete_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: batch_delete_members(elb, demo.UNKNOWN_ID, {"id": demo.UNKNOWN_ID}))

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


def test_member_deletion_protection_refuses_batch_delete(elb: Any) -> None:
    pool_id = protected_pool(elb)
    (member_id,) = ids_of(add_members(elb, pool_id, on_subnet("192.168.0.20")))

    error = sdk_error(lambda: batch_delete_members(elb, pool_id, {"id": member_id}))

    assert_sdk_error(error, 409, CONFLICT)
    assert show_member(elb, pool_id, member_id).id == member_id


@pytest.mark.parametrize(("count", "status"), [(0, 400), (1, 200), (200, 200), (201, 400)])
def test_batch_delete_takes_1_to_200_items(http: httpx.Client, count: int, status: int) -> None:
    body = {"members": [{"id": f"{demo.UNKNOWN_ID[:-3]}{i:03d}"} for i in range(count)]}

    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == status, response.text
    if status == 200:
        assert len(response.json()["members"]) == count
    else:
        assert response.json()["error_code"] == INVALID_INPUT


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"members": [{"id": demo.UNKNOWN_ID, "foo": 1}]}, "Unrecognized attribute(s) 'foo'"),
        ({"members": [{"address": "192.168.0.20", "protocol_port": "80"}]},
         "members[0].protocol_port"),
        ({"members": [{"id": 5}]}, "members[0].id"),
        ({"members": [{"id": "x" * 65}]}, "members[0].id"),
        ({"members": {}}, "members"),
        ({}, "members"),
    ],
    ids=["unknown-attribute", "port-string", "id-int", "id-65", "members-object", "missing"],
)  # fmt: skip
def test_batch_delete_bodies_the_sdk_cannot_send(
    http: httpx.Client, three_members: list[str], body: dict[str, Any], message: str
) -> None:
    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert len(stored_members(http, demo.POOL)) == 3


def test_batch_delete_members_by_id_and_by_address(elb: Any, http: httpx.Client) -> None:
    a = post_member(http, "192.168.0.20")
    b = post_member(http, "192.168.0.21", 81)
    resp = elb.batch_delete_members(
        elb_v3.BatchDeleteMembersRequest(
            pool_id=demo.POOL,
            body=elb_v3.BatchDeleteMembersRequestBody(
                members=[
                    elb_v3.BatchDeleteMembersOption(id=a["id"]),
                    elb_v3.BatchDeleteMembersOption(address="192.168.0.21", protocol_port=81),
                    elb_v3.BatchDeleteMembersOption(id="nope"),
                    elb_v3.BatchDeleteMembersOption(address="192.168.0.99", protocol_port=1),
                ]
            ),
        )
    )
    assert resp.status_code == 200
    got = [(x.id, x.ret_status) for x in resp.members]
    assert got[:3] == [(a["id"], "successful"), (b["id"], "successful"), ("nope", "not found")]
    assert got[3][1] == "not found"
    assert assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}/members"))["members"] == []


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
    post_member(http, "192.168.0.20")
    before = snapshot(http)
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members/batch-delete", json={"members": members}),
        400,
        INVALID_INPUT,
    )
    assert snapshot(http) == before


# --- batch-update --------------------------------------------------------------------


def test_batch_update(elb: Any, http: httpx.Client, three_members: list[str]) -> None:
    response = batch_update(
        elb,
        demo.POOL,
        {"id": three_members[2], "name": "c", "weight": 0},
        {"id": three_members[0], "protocol_port": 81, "admin_state_up": True},
    )

    assert response.status_code == 200
    assert [(m.id, m.name, m.weight, m.protocol_port) for m in response.members] == [
        (three_members[2], "c", 0, 8080),
        (three_members[0], "", 1, 81),
    ]
    assert [(m["id"], m["name"], m["protocol_port"]) for m in stored_members(http, demo.POOL)] == [
        (three_members[0], "", 81),
        (three_members[1], "", 80),
        (three_members[2], "c", 8080),
    ]


def test_batch_update_response_on_the_wire(http: httpx.Client, ip_member: Any) -> None:
    body = {"members": [{"id": ip_member.id, "availability_zone": demo.AZ_2}]}

    response = http.post(path(demo.POOL_HTTP, "/batch-update"), json=body)

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"members", "request_id"}
    (item,) = data["members"]
    assert_json_model(item, elb_v3.BatchUpdateMember, nullable=MEMBER_NULLABLE)
    assert (item["availability_zone"], item["member_type"], item["port_id"]) == (
        demo.AZ_2,
        "ip",
        "",
    )
    assert item["status"] == []  # no listener forwards to the HTTP demo pool


def test_batch_update_swaps_ports_of_one_address(elb: Any, three_members: list[str]) -> None:
    response = batch_update(
        elb,
        demo.POOL,
        {"id": three_members[1], "protocol_port": 8080},
        {"id": three_members[2], "protocol_port": 80},
    )

    assert [m.protocol_port for m in response.members] == [8080, 80]
    assert show_member(elb, demo.POOL, three_members[1]).protocol_port == 8080
    assert show_member(elb, demo.POOL, three_members[2]).protocol_port == 80


def unchanged(http: httpx.Client, before: list[dict[str, Any]]) -> None:
    assert stored_members(http, demo.POOL) == before


@pytest.mark.parametrize(
    ("items", "status", "code", "message"),
    [
        pytest.param(
            [{"i": 0, "weight": 9}, {"id": demo.UNKNOWN_ID, "weight": 9}], 404, NOT_FOUND,
            f"member {demo.UNKNOWN_ID} could not be found.", id="unknown-id",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 0, "weight": 8}], 400, INVALID_INPUT,
            "members[1].id", id="duplicate-id",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "protocol_port": 8080}], 409, CONFLICT,
            "192.168.0.21", id="port-taken",
        ),
        pytest.param(
            [{"i": 1, "protocol_port": 81}, {"i": 2, "protocol_port": 81}], 409, CONFLICT,
            "81", id="two-members-to-one-endpoint",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "availability_zone": demo.AZ_1}], 400, INVALID_INPUT,
            "members[1].availability_zone", id="az-on-instance",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "protocol_port": 0}], 400, INVALID_INPUT,
            "members[1].protocol_port", id="port-0",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "weight": 101}], 400, INVALID_INPUT,
            "members[1].weight", id="weight-101",
        ),
    ],
)  # fmt: skip
def test_batch_update_is_all_or_nothing(
    elb: Any,
    http: httpx.Client,
    three_members: list[str],
    items: list[dict[str, Any]],
    status: int,
    code: str,
    message: str,
) -> None:
    before = stored_members(http, demo.POOL)
    resolved = [
        {("id" if key == "i" else key): (three_members[value] if key == "i" else value)
         for key, value in item.items()}
        for item in items
    ]  # fmt: skip

    error = sdk_error(lambda: batch_update(elb, demo.POOL, *resolved))

    assert_sdk_error(error, status, code)
    assert message in error.error_msg
    unchanged(http, before)


def test_batch_update_of_another_pools_member_is_elb_8904(
    elb: Any, three_members: list[str]
) -> None:
    error = sdk_error(
        lambda: batch_update(elb, demo.POOL_HTTP, {"id": three_members[0], "weight": 5})
    )

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"member {three_members[0]} could not be found."
    assert show_member(elb, demo.POOL, three_members[0]).weight == 1


def test_batch_update_in_an_any_port_pool(elb: Any) -> None:
    (member_id,) = ids_of(add_members(elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER}))

    error = sdk_error(
        lambda: batch_update(elb, demo.POOL_ANY_PORT, {"id": member_id, "protocol_port": 80})
    )

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "members[0].protocol_port" in error.error_msg
    assert (
        batch_update(elb, demo.POOL_ANY_PORT, {"id": member_id, "weight": 4}).members[0].weight == 4
    )


def test_batch_update_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: batch_update(elb, demo.UNKNOWN_ID, {"id": demo.UNKNOWN_ID}))

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"pool {demo.UNKNOWN_ID} could not be found."


@pytest.mark.slow
def test_batch_update_moves_updated_at(elb: Any, three_members: list[str]) -> None:
    before = show_member(elb, demo.POOL, three_members[0])
    time.sleep(1.05)

    (after,) = batch_update(elb, demo.POOL, {"id": three_members[0], "name": "n"}).members

    assert after.updated_at > before.updated_at
    assert after.created_at == before.created_at
    assert show_member(elb, demo.POOL, three_members[1]).updated_at == before.updated_at


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"members": [{"weight": 5}]}, "members[0].id"),
        ({"members": [{"id": "x", "address": "192.168.0.9"}]},
         "Unrecognized attribute(s) 'address'"),
        ({"members": [{"id": "x", "weight": "5"}]}, "members[0].weight"),
        ({"members": []}, "members"),
        ({"members": [{"id": f"{i}"} for i in range(201)]}, "members"),
    ],
    ids=["id-missing", "address", "weight-string", "no-items", "201-items"],
)  # fmt: skip
def test_batch_update_bodies_the_sdk_cannot_send(
    http: httpx.Client, three_members: list[str], body: dict[str, Any], message: str
) -> None:
    before = stored_members(http, demo.POOL)

    response = http.post(path(demo.POOL, "/batch-update"), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    unchanged(http, before)


def test_batch_update_takes_200_items(elb: Any) -> None:
    ids = ids_of(
        add_members(
            elb,
            demo.POOL_HTTP,
            *[{"address": IP_MEMBER, "protocol_port": p} for p in range(1, 201)],
        )
    )

    response = batch_update(elb, demo.POOL_HTTP, *[{"id": i, "weight": 50} for i in ids])

    assert [m.id for m in response.members] == ids
    assert {m.weight for m in response.members} == {50}


def test_batch_update_members_all_or_nothing(elb: Any, http: httpx.Client) -> None:
    a = post_member(http, "192.168.0.20")
    b = post_member(http, "192.168.0.21")
    before = snapshot(http)
    assert_refused(
        lambda: elb.batch_update_members(
            elb_v3.BatchUpdateMembersRequest(
                pool_id=demo.POOL,
                body=elb_v3.BatchUpdateMembersRequestBody(
                    members=[
                        elb_v3.BatchUpdateMembersOption(id=a["id"], weight=9),
                        elb_v3.BatchUpdateMembersOption(id="nope"),
                    ]
                ),
            )
        ),
        404,
        NOT_FOUND,
        "member nope could not be found.",
    )
    assert snapshot(http) == before
    body = {"members": [{"id": a["id"], "weight": 9}, {"id": b["id"], "weight": 101}]}
    assert_error_response(
        http.post(f"{ELB}/pools/{demo.POOL}/members/batch-update", json=body),
        400,
        INVALID_INPUT,
        "weight",
    )
    assert snapshot(http) == before
    resp = elb.batch_update_members(
        elb_v3.BatchUpdateMembersRequest(
            pool_id=demo.POOL,
            body=elb_v3.BatchUpdateMembersRequestBody(
                members=[
                    elb_v3.BatchUpdateMembersOption(id=a["id"], weight=9, name="x"),
                    elb_v3.BatchUpdateMembersOption(id=b["id"], protocol_port=8081),
                ]
            ),
        )
    )
    assert resp.status_code == 200
    assert {(x.id, x.weight, x.name, x.protocol_port) for x in resp.members} == {
        (a["id"], 9, "x", 80),
        (b["id"], 1, "", 8081),
    }


# --- list_all_members ----------------------------------------------------------------


@pytest.fixture
def spread(elb: Any) -> dict[str, str]:
    """Members in three pools: an ECS member, an IP member, a standalone pool's member."""
    (ecs,) = ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.10", name="ecs")))
    (ip,) = ids_of(
        add_members(
            elb,
            demo.POOL_HTTP,
            {"address": IP_MEMBER, "protocol_port": 8080, "availability_zone": demo.AZ_2,
             "weight": 7},
        )
    )  # fmt: skip
    (alone,) = ids_of(
        add_members(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.20", name="alone"))
    )
    return {"ecs": ecs, "ip": ip, "alone": alone}


def test_list_all_members_across_pools(elb: Any, spread: dict[str, str]) -> None:
    response = elb.list_all_members(ListAllMembersRequest())

    assert response.status_code == 200
    by_id = {m.id: m for m in response.members}
    assert [m.id for m in response.members] == sorted(spread.values())
    ecs, ip, alone = by_id[spread["ecs"]], by_id[spread["ip"]], by_id[spread["alone"]]
    assert (ecs.pool_id, ecs.loadbalancer_id) == (demo.POOL, demo.LB)
    assert [lb.id for lb in ecs.loadbalancers] == [demo.LB]
    assert (ecs.device_owner, ecs.device_id) == (f"compute:{demo.AZ_1}", demo.ECS_1)
    assert (ecs.operating_status, [s.listener_id for s in ecs.status]) == (
        "NO_MONITOR",
        [demo.LISTENER],
    )
    assert (ip.pool_id, ip.loadbalancer_id) == (demo.POOL_HTTP, demo.LB_IP_TARGETS)
    assert (ip.device_owner, ip.device_id, ip.member_type) == ("", "", "ip")
    assert (alone.pool_id, alone.loadbalancer_id, alone.loadbalancers) == (
        demo.POOL_STANDALONE,
        None,
        [],
    )
    assert (alone.operating_status, alone.status) == ("UNKNOWN", [])
    assert response.page_info.current_count == 3
    assert response.page_info.previous_marker == min(spread.values())
    assert response.page_info.next_marker is None


def test_list_all_members_on_the_wire(http: httpx.Client, spread: dict[str, str]) -> None:
    response = http.get(ALL_MEMBERS)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"members", "page_info", "request_id"}
    assert body["page_info"] == {"previous_marker": min(spread.values()), "current_count": 3}
    for item in body["members"]:
        assert_json_model(item, elb_v3.MemberInfo, nullable={*MEMBER_NULLABLE, "loadbalancer_id"})
    assert {m["id"]: m["device_owner"] for m in body["members"]} == {
        spread["ecs"]: f"compute:{demo.AZ_1}",
        spread["ip"]: "",
        spread["alone"]: "",
    }


def test_list_all_members_is_the_projects_only(elb: Any, mockelb: MockElbServer) -> None:
    ids_of(add_members(elb, demo.POOL, on_subnet("192.168.0.20")))
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    assert list_all_members(other) == []
    assert len(list_all_members(elb)) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"pool_id": [demo.POOL]}, {"ecs"}),
        ({"pool_id": [demo.POOL, demo.POOL_STANDALONE]}, {"ecs", "alone"}),
        ({"pool_id": [demo.UNKNOWN_ID]}, set()),
        ({"loadbalancer_id": [demo.LB_IP_TARGETS]}, {"ip"}),
        ({"loadbalancer_id": [demo.LB, demo.LB_IP_TARGETS]}, {"ecs", "ip"}),
        ({"operating_status": ["UNKNOWN"]}, {"alone"}),
        ({"operating_status": ["NO_MONITOR"]}, {"ecs", "ip"}),
        ({"operating_status": ["NO_MONITOR", "UNKNOWN"]}, {"ecs", "ip", "alone"}),
        ({"operating_status": ["ONLINE"]}, set()),
        ({"operating_status": ["NO_MONITOR"], "pool_id": [demo.POOL_HTTP]}, {"ip"}),
        ({"address": [IP_MEMBER, "192.168.0.10"]}, {"ecs", "ip"}),
        ({"protocol_port": [8080]}, {"ip"}),
        ({"weight": [7, 1]}, {"ecs", "ip", "alone"}),
        ({"weight": [7]}, {"ip"}),
        ({"name": ["alone", "ecs"]}, {"ecs", "alone"}),
        ({"admin_state_up": True}, {"ecs"}),
        ({"admin_state_up": False}, {"ip", "alone"}),
        ({"subnet_cidr_id": [demo.SUBNET]}, {"ecs", "alone"}),
        ({"ip_version": ["v4"]}, {"ecs", "ip", "alone"}),
        ({"ip_version": ["v6"]}, set()),
        ({"enterprise_project_id": ["0"]}, {"ecs", "ip", "alone"}),
        ({"enterprise_project_id": ["all_granted_eps"]}, {"ecs", "ip", "alone"}),
        ({"enterprise_project_id": ["ep-other"]}, set()),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else "",
)
def test_list_all_members_filters(
    elb: Any, spread: dict[str, str], query: dict[str, Any], expected: set[str]
) -> None:
    listed = {member.id for member in list_all_members(elb, **query)}

    assert listed == {spread[name] for name in expected}


def test_list_all_filter_by_id(elb: Any, spread: dict[str, str]) -> None:
    listed = list_all_members(elb, id=[spread["ip"], spread["alone"], demo.UNKNOWN_ID])

    assert [m.id for m in listed] == sorted([spread["ip"], spread["alone"]])


@pytest.mark.parametrize(
    "query",
    [
        "weight=heavy",
        "protocol_port=99999999999",
        "admin_state_up=maybe",
        "limit=-1",
        "limit=2001",
        "limit=ten",
        "page_reverse=sideways",
        f"marker={demo.UNKNOWN_ID}",
    ],
)
def test_list_all_members_bad_query_values(
    http: httpx.Client, spread: dict[str, str], query: str
) -> None:
    response = http.get(f"{ALL_MEMBERS}?{query}")

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT


def test_list_all_members_ignores_filters_it_does_not_know(
    http: httpx.Client, spread: dict[str, str]
) -> None:
    # member_type is a list_members filter, not a list_all_members one
    response = http.get(f"{ALL_MEMBERS}?member_type=ip&availability_zone=nowhere")

    assert response.status_code == 200
    assert len(response.json()["members"]) == 3


def test_list_all_members_with_sdk(elb: Any, http: httpx.Client) -> None:
    a = post_member(http, "192.168.0.20")
    b = assert_ok_response(
        http.post(
            f"{ELB}/pools/{demo.POOL_DUALSTACK}/members",
            json={"member": {"address": "10.9.9.9", "protocol_port": 80}},
        ),
        201,
    )["member"]
    resp = elb.list_all_members(elb_v3.ListAllMembersRequest())
    assert sorted(x.id for x in resp.members) == sorted([a["id"], b["id"]])
    resp = elb.list_all_members(elb_v3.ListAllMembersRequest(pool_id=[demo.POOL_DUALSTACK]))
    assert [(x.id, x.pool_id, x.loadbalancer_id) for x in resp.members] == [
        (b["id"], demo.POOL_DUALSTACK, demo.LB_IP_TARGETS)
    ]
    resp = elb.list_all_members(
        elb_v3.ListAllMembersRequest(
            loadbalancer_id=[demo.LB, demo.LB_IP_TARGETS], address=["192.168.0.20"]
        )
    )
    assert [x.id for x in resp.members] == [a["id"]]
