"""The rest of the member lifecycle through the official SDK: create, update, batch-delete,
batch-update, list_all_members, deletion protection and the project-wide member quota.

Every rejection asserts the exact status and error code and that nothing changed; raw HTTP
sends what the SDK cannot (unknown attributes, wrong JSON types, bad query values).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    BatchDeleteMembersOption,
    BatchDeleteMembersRequest,
    BatchDeleteMembersRequestBody,
    BatchUpdateMembersOption,
    BatchUpdateMembersRequest,
    BatchUpdateMembersRequestBody,
    CreateMemberOption,
    CreateMemberRequest,
    CreateMemberRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    ListAllMembersRequest,
    ShowMemberRequest,
    UpdateMemberOption,
    UpdateMemberRequest,
    UpdateMemberRequestBody,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer, make_elb_client
from tests import databases, demo
from tests.sdk_checks import assert_json_model, sdk_error

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
IPV6_MEMBER = "2001:db8:a583:2::10"
IP_MEMBER = "10.1.2.3"
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"
OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
MEMBER_NULLABLE = {"subnet_cidr_id", "reason"}


# --- helpers -------------------------------------------------------------------------


def path(pool_id: str, suffix: str = "") -> str:
    return f"/v3/{demo.PROJECT}/elb/pools/{pool_id}/members{suffix}"


ALL_MEMBERS = f"/v3/{demo.PROJECT}/elb/members"


def on_subnet(address: str, port: int | None = 80, **fields: Any) -> dict[str, Any]:
    item = {"address": address, "protocol_port": port, "subnet_cidr_id": demo.SUBNET, **fields}
    return {key: value for key, value in item.items() if value is not None}


def create(elb: Any, pool_id: str, **fields: Any) -> Any:
    """create_member through the SDK; the response."""
    body = CreateMemberRequestBody(member=CreateMemberOption(**fields))
    return elb.create_member(CreateMemberRequest(pool_id=pool_id, body=body))


def add(elb: Any, pool_id: str, *members: dict[str, Any]) -> list[str]:
    """Batch-add; the members' ids in request order."""
    request = BatchCreateMembersRequest(
        pool_id=pool_id,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**member) for member in members]
        ),
    )
    return [member.id for member in elb.batch_create_members(request).members]


def update(elb: Any, pool_id: str, member_id: str, **fields: Any) -> Any:
    body = UpdateMemberRequestBody(member=UpdateMemberOption(**fields))
    return elb.update_member(UpdateMemberRequest(pool_id=pool_id, member_id=member_id, body=body))


def batch_delete(elb: Any, pool_id: str, *items: dict[str, Any]) -> Any:
    body = BatchDeleteMembersRequestBody(
        members=[BatchDeleteMembersOption(**item) for item in items]
    )
    return elb.batch_delete_members(BatchDeleteMembersRequest(pool_id=pool_id, body=body))


def batch_update(elb: Any, pool_id: str, *items: dict[str, Any]) -> Any:
    body = BatchUpdateMembersRequestBody(
        members=[BatchUpdateMembersOption(**item) for item in items]
    )
    return elb.batch_update_members(BatchUpdateMembersRequest(pool_id=pool_id, body=body))


def list_all(elb: Any, **query: Any) -> Any:
    return elb.list_all_members(ListAllMembersRequest(**query))


def stored(http: httpx.Client, pool_id: str) -> list[dict[str, Any]]:
    """The pool's members, as list_members shows them."""
    response = http.get(path(pool_id))
    assert response.status_code == 200, response.text
    members: list[dict[str, Any]] = response.json()["members"]
    return members


def check_error(error: Any, status: int, code: str) -> None:
    assert (error.status_code, error.error_code) == (status, code), error.error_msg


def protected_pool(elb: Any) -> str:
    option = CreatePoolOption(
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        loadbalancer_id=demo.LB,
        member_deletion_protection_enable=True,
    )
    pool_id: str = elb.create_pool(
        CreatePoolRequest(body=CreatePoolRequestBody(pool=option))
    ).pool.id
    return pool_id


# --- create_member ---------------------------------------------------------------------


def test_create_an_instance_member(elb: Any) -> None:
    response = create(elb, demo.POOL, **on_subnet("192.168.0.10", name="web", weight=5))

    assert response.status_code == 201
    member = response.member
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
    member = create(elb, demo.POOL, **on_subnet("192.168.0.20")).member

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
    member = create(
        elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=8080, availability_zone=demo.AZ_2
    ).member

    assert (member.member_type, member.subnet_cidr_id) == ("ip", None)
    assert (member.availability_zone, member.instance_id) == (demo.AZ_2, "")


def test_create_an_ipv6_member_in_a_dualstack_pool(elb: Any) -> None:
    member = create(
        elb,
        demo.POOL_DUALSTACK,
        address="2001:DB8:A583:2:0::10",
        protocol_port=80,
        subnet_cidr_id=demo.DUALSTACK_NETWORK,
    ).member

    assert (member.address, member.ip_version, member.instance_id) == (
        IPV6_MEMBER,
        "v6",
        demo.ECS_2,
    )


@pytest.mark.parametrize("port", [None, 8080])
def test_any_port_pools_keep_port_0(elb: Any, port: int | None) -> None:
    fields = {"address": IP_MEMBER, "protocol_port": port}
    member = create(elb, demo.POOL_ANY_PORT, **{k: v for k, v in fields.items() if v is not None})

    assert member.member.protocol_port == 0


def test_ip_pools_keep_port_0(elb: Any) -> None:
    member = create(elb, demo.POOL_IP_PROTOCOL, **on_subnet("192.168.0.30", port=0)).member

    assert member.protocol_port == 0


def test_admin_state_up_and_project_id_are_accepted_and_ignored(elb: Any) -> None:
    member = create(
        elb,
        demo.POOL,
        **on_subnet("192.168.0.10"),
        admin_state_up=False,
        project_id=OTHER_PROJECT,
    ).member

    assert member.admin_state_up is True  # derived from the backing ECS
    assert member.project_id == demo.PROJECT


def test_a_duplicate_endpoint_is_elb_8907_not_existed(elb: Any, http: httpx.Client) -> None:
    first = create(elb, demo.POOL, **on_subnet("192.168.0.20", name="first")).member

    error = sdk_error(lambda: create(elb, demo.POOL, **on_subnet("192.168.0.20", name="again")))

    check_error(error, 409, "ELB.8907")
    assert "192.168.0.20" in error.error_msg
    assert [(m["id"], m["name"]) for m in stored(http, demo.POOL)] == [(first.id, "first")]
    # another port of the same address is another endpoint
    assert create(elb, demo.POOL, **on_subnet("192.168.0.20", port=81)).status_code == 201


CREATE_REJECTIONS = [
    ("unknown-subnet", demo.POOL, on_subnet("192.168.0.20", subnet_cidr_id=UNKNOWN_ID), 404,
     "ELB.8904", f"subnet {UNKNOWN_ID} could not be found."),
    ("bad-address", demo.POOL, on_subnet("192.168.0.999"), 400, "ELB.8902", "member.address"),
    ("outside-subnet", demo.POOL, on_subnet("192.168.1.5"), 400, "ELB.8902", "member.address"),
    ("lb-vip", demo.POOL, on_subnet("192.168.0.100"), 400, "ELB.8902", "member.address"),
    ("other-vpc", demo.POOL,
     on_subnet("172.16.0.5", subnet_cidr_id=demo.OTHER_VPC_SUBNET), 400, "ELB.8902",
     "member.subnet_cidr_id"),
    ("port-missing", demo.POOL, on_subnet("192.168.0.20", port=None), 400, "ELB.8902",
     "member.protocol_port"),
    ("port-0", demo.POOL, on_subnet("192.168.0.20", port=0), 400, "ELB.8902",
     "member.protocol_port"),
    ("port-65536", demo.POOL, on_subnet("192.168.0.20", port=65536), 400, "ELB.8902",
     "member.protocol_port"),
    ("weight-101", demo.POOL, on_subnet("192.168.0.20", weight=101), 400, "ELB.8902",
     "member.weight"),
    ("weight-negative", demo.POOL, on_subnet("192.168.0.20", weight=-1), 400, "ELB.8902",
     "member.weight"),
    ("name-256", demo.POOL, on_subnet("192.168.0.20", name="n" * 256), 400, "ELB.8902",
     "member.name"),
    ("az-on-instance", demo.POOL, on_subnet("192.168.0.20", availability_zone=demo.AZ_1), 400,
     "ELB.8902", "member.availability_zone"),
    ("ipv6-in-v4-pool", demo.POOL,
     {"address": IPV6_MEMBER, "protocol_port": 80, "subnet_cidr_id": demo.DUALSTACK_NETWORK},
     400, "ELB.8902", "member.address"),
    ("ip-member-without-ip-targets", demo.POOL, {"address": IP_MEMBER, "protocol_port": 80},
     400, "ELB.8939", "ip_target_enable"),
    ("ip-member-in-ip-pool", demo.POOL_IP_PROTOCOL, {"address": IP_MEMBER, "protocol_port": 0},
     400, "ELB.8938", "protocol"),
    ("public-ip-member", demo.POOL_HTTP, {"address": "8.8.8.8", "protocol_port": 80}, 400,
     "ELB.8902", "member.address"),
    ("az-affinity-without-az", demo.POOL_AZ_AFFINITY, {"address": IP_MEMBER, "protocol_port": 53},
     400, "ELB.8902", "member.availability_zone"),
    ("unknown-az", demo.POOL_HTTP,
     {"address": IP_MEMBER, "protocol_port": 80, "availability_zone": "nowhere-1a"}, 400,
     "ELB.8902", "member.availability_zone"),
    ("ip-pool-port-80", demo.POOL_IP_PROTOCOL, on_subnet("192.168.0.30", port=80), 400,
     "ELB.8902", "member.protocol_port"),
    ("unknown-pool", UNKNOWN_ID, on_subnet("192.168.0.20"), 404, "ELB.8904",
     f"pool {UNKNOWN_ID} could not be found."),
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
    error = sdk_error(lambda: create(elb, pool_id, **fields))

    check_error(error, status, code)
    assert message in error.error_msg
    if pool_id != UNKNOWN_ID:
        assert stored(http, pool_id) == []


@pytest.mark.parametrize(
    ("pool_id", "fields", "code", "message"),
    [
        # the body's shape is checked before the pool is looked up
        pytest.param(UNKNOWN_ID, on_subnet("1.2.3.4", weight=101), "ELB.8902", "weight",
                     id="shape-before-pool"),
        # the pool before the subnet
        pytest.param(UNKNOWN_ID, on_subnet("1.2.3.4", subnet_cidr_id=UNKNOWN_ID), "ELB.8904",
                     f"pool {UNKNOWN_ID}", id="pool-before-subnet"),
        # the subnet before the item's own rules
        pytest.param(demo.POOL, on_subnet("192.168.0.999", subnet_cidr_id=UNKNOWN_ID),
                     "ELB.8904", f"subnet {UNKNOWN_ID}", id="subnet-before-address"),
    ],
)  # fmt: skip
def test_create_checks_in_the_documented_order(
    elb: Any, pool_id: str, fields: dict[str, Any], code: str, message: str
) -> None:
    error = sdk_error(lambda: create(elb, pool_id, **fields))

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
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert stored(http, demo.POOL) == []


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"null", b"[]"], ids=["empty", "broken", "null", "list"]
)
def test_create_with_an_unusable_body(http: httpx.Client, raw: bytes) -> None:
    response = http.post(path(demo.POOL), content=raw, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"


def test_a_1000_character_pool_id_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: create(elb, "p" * 1000, **on_subnet("192.168.0.20")))

    check_error(error, 404, "ELB.8904")


def test_a_standalone_pool_takes_subnets_of_its_own_vpc_only(elb: Any) -> None:
    error = sdk_error(
        lambda: create(
            elb,
            demo.POOL_STANDALONE,
            address="172.16.0.5",
            protocol_port=80,
            subnet_cidr_id=demo.OTHER_VPC_SUBNET,
        )
    )

    check_error(error, 400, "ELB.8902")
    assert f"VPC {demo.VPC} of the pool" in error.error_msg
    member = create(elb, demo.POOL_STANDALONE, **on_subnet("192.168.0.20")).member
    assert (member.operating_status, member.status) == ("UNKNOWN", [])


# --- quotas (a server whose seed lowers them) ------------------------------------------


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
    create(elb, demo.POOL, **on_subnet("192.168.0.20"))
    create(elb, demo.POOL, **on_subnet("192.168.0.21"))

    error = sdk_error(lambda: create(elb, demo.POOL, **on_subnet("192.168.0.22")))

    check_error(error, 409, "ELB.8905")
    assert error.error_msg == "Quota exceeded for resources: members_per_pool"


def test_create_respects_the_project_member_quota(small_quotas: Any) -> None:
    elb = small_quotas
    add(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21"))
    create(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80)

    error = sdk_error(lambda: create(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=81))

    check_error(error, 409, "ELB.8905")
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all(elb).members) == 3


def test_batch_add_respects_the_project_member_quota(small_quotas: Any) -> None:
    elb = small_quotas
    add(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21"))

    error = sdk_error(
        lambda: add(
            elb,
            demo.POOL_HTTP,
            {"address": IP_MEMBER, "protocol_port": 80},
            {"address": IP_MEMBER, "protocol_port": 81},
        )
    )

    check_error(error, 409, "ELB.8905")
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all(elb).members) == 2
    # re-adding existing members adds nothing, so it passes at the limit
    add(elb, demo.POOL_HTTP, {"address": IP_MEMBER, "protocol_port": 80})
    assert add(elb, demo.POOL, on_subnet("192.168.0.20")) == [
        m.id for m in list_all(elb, address=["192.168.0.20"]).members
    ]


def test_a_deleted_member_frees_its_quota(small_quotas: Any) -> None:
    elb = small_quotas
    ids = add(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21"))
    create(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80)

    batch_delete(elb, demo.POOL, {"id": ids[0]})

    assert create(elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=81).status_code == 201


def test_a_duplicate_is_reported_before_the_quota(small_quotas: Any) -> None:
    elb = small_quotas
    add(elb, demo.POOL, on_subnet("192.168.0.20"), on_subnet("192.168.0.21"))

    error = sdk_error(lambda: create(elb, demo.POOL, **on_subnet("192.168.0.20")))

    check_error(error, 409, "ELB.8907")


def test_demo_project_member_quota_of_500(elb: Any) -> None:
    def batch(first: int, size: int = 200) -> list[dict[str, Any]]:
        return [{"address": IP_MEMBER, "protocol_port": first + i} for i in range(size)]

    add(elb, demo.POOL_HTTP, *batch(1000))
    add(elb, demo.POOL_HTTP, *batch(2000))
    add(elb, demo.POOL_DUALSTACK, *batch(1000, 100))  # 500 in all, 100 in this pool

    error = sdk_error(lambda: add(elb, demo.POOL_DUALSTACK, *batch(2000, 1)))

    check_error(error, 409, "ELB.8905")
    assert error.error_msg == "Quota exceeded for resources: member"
    assert len(list_all(elb).members) == 500


# --- update_member -----------------------------------------------------------------------


@pytest.fixture
def member(elb: Any) -> Any:
    """An instance member of the demo pool (192.168.0.10:80, the demo ECS)."""
    return create(elb, demo.POOL, **on_subnet("192.168.0.10", name="before", weight=3)).member


@pytest.fixture
def ip_member(elb: Any) -> Any:
    """An IP-type member of the HTTP pool (AZ cn-north-4a)."""
    return create(
        elb, demo.POOL_HTTP, address=IP_MEMBER, protocol_port=80, availability_zone=demo.AZ_1
    ).member


def show(elb: Any, pool_id: str, member_id: str) -> Any:
    return elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id)).member


def test_update_name_and_weight(elb: Any, member: Any) -> None:
    time.sleep(1.05)  # times have one-second resolution

    response = update(elb, demo.POOL, member.id, name="after", weight=0)

    assert response.status_code == 200
    updated = response.member
    assert (updated.name, updated.weight, updated.protocol_port) == ("after", 0, 80)
    assert updated.created_at == member.created_at
    assert updated.updated_at > member.updated_at
    assert show(elb, demo.POOL, member.id).to_dict() == updated.to_dict()


def test_update_response_on_the_wire(http: httpx.Client, member: Any) -> None:
    response = http.put(path(demo.POOL, f"/{member.id}"), json={"member": {"weight": 7}})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"member", "request_id"}
    assert_json_model(body["member"], elb_v3.Member, nullable=MEMBER_NULLABLE)
    assert (body["member"]["weight"], body["member"]["name"]) == (7, "before")


def test_an_empty_update_changes_nothing_but_is_accepted(elb: Any, member: Any) -> None:
    updated = update(elb, demo.POOL, member.id).member

    assert (updated.name, updated.weight, updated.protocol_port) == ("before", 3, 80)


def test_admin_state_up_is_accepted_and_ignored(elb: Any, member: Any) -> None:
    updated = update(elb, demo.POOL, member.id, admin_state_up=False).member

    assert updated.admin_state_up is True


def test_update_the_port_frees_the_old_endpoint(elb: Any, member: Any) -> None:
    updated = update(elb, demo.POOL, member.id, protocol_port=8080).member

    assert updated.protocol_port == 8080
    again = create(elb, demo.POOL, **on_subnet("192.168.0.10", port=80)).member
    assert again.id != member.id


def test_update_to_its_own_port_is_no_conflict(elb: Any, member: Any) -> None:
    assert update(elb, demo.POOL, member.id, protocol_port=80).member.protocol_port == 80


def test_a_port_taken_by_another_member_is_elb_8907(elb: Any, member: Any) -> None:
    other = create(elb, demo.POOL, **on_subnet("192.168.0.10", port=81)).member

    error = sdk_error(lambda: update(elb, demo.POOL, member.id, protocol_port=81, name="x"))

    check_error(error, 409, "ELB.8907")
    assert show(elb, demo.POOL, member.id).protocol_port == 80
    assert show(elb, demo.POOL, member.id).name == "before"
    assert show(elb, demo.POOL, other.id).protocol_port == 81


def test_the_same_port_on_another_address_is_fine(elb: Any, member: Any) -> None:
    create(elb, demo.POOL, **on_subnet("192.168.0.20", port=81))

    assert update(elb, demo.POOL, member.id, protocol_port=81).member.protocol_port == 81


def test_update_an_ip_pool_member_port(elb: Any) -> None:
    created = create(elb, demo.POOL_IP_PROTOCOL, **on_subnet("192.168.0.30", port=0)).member

    assert update(elb, demo.POOL_IP_PROTOCOL, created.id, protocol_port=0).status_code == 200
    error = sdk_error(lambda: update(elb, demo.POOL_IP_PROTOCOL, created.id, protocol_port=80))
    check_error(error, 400, "ELB.8902")
    assert "member.protocol_port" in error.error_msg


@pytest.mark.parametrize("port", [0, 80])
def test_the_port_of_an_any_port_pool_member_cannot_change(elb: Any, port: int) -> None:
    created = create(elb, demo.POOL_ANY_PORT, address=IP_MEMBER).member

    error = sdk_error(lambda: update(elb, demo.POOL_ANY_PORT, created.id, protocol_port=port))

    check_error(error, 400, "ELB.8902")
    assert "member.protocol_port" in error.error_msg
    assert show(elb, demo.POOL_ANY_PORT, created.id).protocol_port == 0


def test_update_the_az_of_an_ip_member(elb: Any, ip_member: Any) -> None:
    updated = update(elb, demo.POOL_HTTP, ip_member.id, availability_zone=demo.AZ_2).member

    assert updated.availability_zone == demo.AZ_2
    # without AZ affinity the AZ may be cleared
    assert (
        update(elb, demo.POOL_HTTP, ip_member.id, availability_zone="").member.availability_zone
        == ""
    )


def test_the_az_of_an_az_affinity_member_cannot_be_blanked(elb: Any) -> None:
    created = create(
        elb, demo.POOL_AZ_AFFINITY, address=IP_MEMBER, protocol_port=53,
        availability_zone=demo.AZ_1,
    ).member  # fmt: skip

    error = sdk_error(lambda: update(elb, demo.POOL_AZ_AFFINITY, created.id, availability_zone=""))

    check_error(error, 400, "ELB.8902")
    assert "member.availability_zone" in error.error_msg
    assert show(elb, demo.POOL_AZ_AFFINITY, created.id).availability_zone == demo.AZ_1
    updated = update(elb, demo.POOL_AZ_AFFINITY, created.id, availability_zone=demo.AZ_3)
    assert updated.member.availability_zone == demo.AZ_3


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
    error = sdk_error(lambda: update(elb, demo.POOL, member.id, **fields))

    check_error(error, 400, "ELB.8902")
    assert message in error.error_msg
    assert show(elb, demo.POOL, member.id).to_dict() == member.to_dict()


def test_an_unknown_az_is_refused(elb: Any, ip_member: Any) -> None:
    error = sdk_error(lambda: update(elb, demo.POOL_HTTP, ip_member.id, availability_zone="x-1a"))

    check_error(error, 400, "ELB.8902")
    assert show(elb, demo.POOL_HTTP, ip_member.id).availability_zone == demo.AZ_1


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
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert show(elb, demo.POOL, member.id).to_dict() == member.to_dict()


@pytest.mark.parametrize(
    ("pool_id", "member_id", "kind", "missing"),
    [
        (demo.POOL, UNKNOWN_ID, "member", UNKNOWN_ID),
        (demo.POOL_DUALSTACK, None, "member", None),  # the member of another pool
        (UNKNOWN_ID, None, "pool", UNKNOWN_ID),
        (demo.POOL, "m" * 1000, "member", "m" * 1000),
    ],
    ids=["unknown-member", "other-pool", "unknown-pool", "1000-characters"],
)
def test_update_of_a_missing_member_is_elb_8904(
    elb: Any, member: Any, pool_id: str, member_id: str | None, kind: str, missing: str | None
) -> None:
    target = member_id or member.id

    error = sdk_error(lambda: update(elb, pool_id, target, weight=9))

    check_error(error, 404, "ELB.8904")
    assert error.error_msg == f"{kind} {missing or member.id} could not be found."
    assert show(elb, demo.POOL, member.id).weight == 3


# --- batch_delete_members ----------------------------------------------------------------


@pytest.fixture
def three(elb: Any) -> list[str]:
    """Three members of the demo pool: .20:80, .21:80, .21:8080."""
    return add(
        elb,
        demo.POOL,
        on_subnet("192.168.0.20"),
        on_subnet("192.168.0.21"),
        on_subnet("192.168.0.21", port=8080),
    )


def test_batch_delete_by_id_and_by_endpoint(elb: Any, http: httpx.Client, three: list[str]) -> None:
    response = batch_delete(
        elb, demo.POOL, {"id": three[2]}, {"address": "192.168.0.20", "protocol_port": 80}
    )

    assert response.status_code == 200
    assert [(m.id, m.ret_status) for m in response.members] == [
        (three[2], "successful"),
        (three[0], "successful"),
    ]
    assert [m["id"] for m in stored(http, demo.POOL)] == [three[1]]


def test_batch_delete_response_on_the_wire(http: httpx.Client, three: list[str]) -> None:
    body = {"members": [{"id": three[0]}, {"id": UNKNOWN_ID}]}

    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"members", "request_id"}
    for item in data["members"]:
        assert_json_model(item, elb_v3.BatchDeleteMembersState)
    assert data["members"] == [
        {"id": three[0], "ret_status": "successful"},
        {"id": UNKNOWN_ID, "ret_status": "not found"},
    ]


def test_not_found_items_do_not_fail_the_batch(
    elb: Any, http: httpx.Client, three: list[str]
) -> None:
    response = batch_delete(
        elb,
        demo.POOL,
        {"id": UNKNOWN_ID},
        {"address": "192.168.0.99", "protocol_port": 80},
        {"address": "192.168.0.21", "protocol_port": 81},
        {"id": three[0]},
        {"id": three[0]},  # removed by the item before: not found any more
        {"address": "192.168.0.21", "protocol_port": 80},
        {"id": three[1]},  # the same member, by id this time
    )

    assert [(m.id, m.ret_status) for m in response.members] == [
        (UNKNOWN_ID, "not found"),
        ("", "not found"),  # an endpoint that names no member has no id to return
        ("", "not found"),
        (three[0], "successful"),
        (three[0], "not found"),
        (three[1], "successful"),
        (three[1], "not found"),
    ]
    assert [m["id"] for m in stored(http, demo.POOL)] == [three[2]]


def test_a_member_of_another_pool_is_not_found(elb: Any, three: list[str]) -> None:
    (other,) = add(elb, demo.POOL_HTTP, {"address": "192.168.0.20", "protocol_port": 80})

    response = batch_delete(elb, demo.POOL_HTTP, {"id": three[0]})

    assert [(m.id, m.ret_status) for m in response.members] == [(three[0], "not found")]
    assert show(elb, demo.POOL, three[0]).id == three[0]
    assert show(elb, demo.POOL_HTTP, other).id == other


@pytest.mark.parametrize("port", [0, 80])
def test_batch_delete_in_an_any_port_pool(elb: Any, port: int) -> None:
    (member_id,) = add(elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER})

    response = batch_delete(elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER, "protocol_port": port})

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


def test_batch_delete_in_an_ip_pool_by_port_0(elb: Any) -> None:
    (member_id,) = add(elb, demo.POOL_IP_PROTOCOL, on_subnet("192.168.0.30", port=0))

    response = batch_delete(
        elb, demo.POOL_IP_PROTOCOL, {"address": "192.168.0.30", "protocol_port": 0}
    )

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


def test_batch_delete_finds_an_ipv6_member_in_any_spelling(elb: Any) -> None:
    (member_id,) = add(
        elb,
        demo.POOL_DUALSTACK,
        {"address": IPV6_MEMBER, "protocol_port": 80, "subnet_cidr_id": demo.DUALSTACK_NETWORK},
    )

    response = batch_delete(
        elb, demo.POOL_DUALSTACK, {"address": "2001:DB8:A583:2:0:0:0:10", "protocol_port": 80}
    )

    assert [(m.id, m.ret_status) for m in response.members] == [(member_id, "successful")]


BATCH_DELETE_REJECTIONS = [
    ("id-and-address", {"id": UNKNOWN_ID, "address": "192.168.0.20"}, "members[1].id"),
    ("id-and-port", {"id": UNKNOWN_ID, "protocol_port": 80}, "members[1].id"),
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
    elb: Any, http: httpx.Client, three: list[str], item: dict[str, Any], message: str
) -> None:
    error = sdk_error(lambda: batch_delete(elb, demo.POOL, {"id": three[0]}, item))

    check_error(error, 400, "ELB.8902")
    assert message in error.error_msg
    assert len(stored(http, demo.POOL)) == 3  # all or nothing: the valid first item stays


def test_batch_delete_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: batch_delete(elb, UNKNOWN_ID, {"id": UNKNOWN_ID}))

    check_error(error, 404, "ELB.8904")
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


def test_member_deletion_protection_refuses_batch_delete(elb: Any) -> None:
    pool_id = protected_pool(elb)
    (member_id,) = add(elb, pool_id, on_subnet("192.168.0.20"))

    error = sdk_error(lambda: batch_delete(elb, pool_id, {"id": member_id}))

    check_error(error, 409, "ELB.8907")
    assert show(elb, pool_id, member_id).id == member_id


@pytest.mark.parametrize(("count", "status"), [(0, 400), (1, 200), (200, 200), (201, 400)])
def test_batch_delete_takes_1_to_200_items(http: httpx.Client, count: int, status: int) -> None:
    body = {"members": [{"id": f"{UNKNOWN_ID[:-3]}{i:03d}"} for i in range(count)]}

    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == status, response.text
    if status == 200:
        assert len(response.json()["members"]) == count
    else:
        assert response.json()["error_code"] == "ELB.8902"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"members": [{"id": UNKNOWN_ID, "foo": 1}]}, "Unrecognized attribute(s) 'foo'"),
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
    http: httpx.Client, three: list[str], body: dict[str, Any], message: str
) -> None:
    response = http.post(path(demo.POOL, "/batch-delete"), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    assert len(stored(http, demo.POOL)) == 3


# --- batch_update_members ----------------------------------------------------------------


def test_batch_update(elb: Any, http: httpx.Client, three: list[str]) -> None:
    response = batch_update(
        elb,
        demo.POOL,
        {"id": three[2], "name": "c", "weight": 0},
        {"id": three[0], "protocol_port": 81, "admin_state_up": True},
    )

    assert response.status_code == 200
    assert [(m.id, m.name, m.weight, m.protocol_port) for m in response.members] == [
        (three[2], "c", 0, 8080),
        (three[0], "", 1, 81),
    ]
    assert [(m["id"], m["name"], m["protocol_port"]) for m in stored(http, demo.POOL)] == [
        (three[0], "", 81),
        (three[1], "", 80),
        (three[2], "c", 8080),
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


def test_batch_update_swaps_ports_of_one_address(elb: Any, three: list[str]) -> None:
    response = batch_update(
        elb,
        demo.POOL,
        {"id": three[1], "protocol_port": 8080},
        {"id": three[2], "protocol_port": 80},
    )

    assert [m.protocol_port for m in response.members] == [8080, 80]
    assert show(elb, demo.POOL, three[1]).protocol_port == 8080
    assert show(elb, demo.POOL, three[2]).protocol_port == 80


def unchanged(http: httpx.Client, before: list[dict[str, Any]]) -> None:
    assert stored(http, demo.POOL) == before


@pytest.mark.parametrize(
    ("items", "status", "code", "message"),
    [
        pytest.param(
            [{"i": 0, "weight": 9}, {"id": UNKNOWN_ID, "weight": 9}], 404, "ELB.8904",
            f"member {UNKNOWN_ID} could not be found.", id="unknown-id",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 0, "weight": 8}], 400, "ELB.8902",
            "members[1].id", id="duplicate-id",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "protocol_port": 8080}], 409, "ELB.8907",
            "192.168.0.21", id="port-taken",
        ),
        pytest.param(
            [{"i": 1, "protocol_port": 81}, {"i": 2, "protocol_port": 81}], 409, "ELB.8907",
            "81", id="two-members-to-one-endpoint",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "availability_zone": demo.AZ_1}], 400, "ELB.8902",
            "members[1].availability_zone", id="az-on-instance",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "protocol_port": 0}], 400, "ELB.8902",
            "members[1].protocol_port", id="port-0",
        ),
        pytest.param(
            [{"i": 0, "weight": 9}, {"i": 1, "weight": 101}], 400, "ELB.8902",
            "members[1].weight", id="weight-101",
        ),
    ],
)  # fmt: skip
def test_batch_update_is_all_or_nothing(
    elb: Any,
    http: httpx.Client,
    three: list[str],
    items: list[dict[str, Any]],
    status: int,
    code: str,
    message: str,
) -> None:
    before = stored(http, demo.POOL)
    resolved = [
        {("id" if key == "i" else key): (three[value] if key == "i" else value)
         for key, value in item.items()}
        for item in items
    ]  # fmt: skip

    error = sdk_error(lambda: batch_update(elb, demo.POOL, *resolved))

    check_error(error, status, code)
    assert message in error.error_msg
    unchanged(http, before)


def test_batch_update_of_another_pools_member_is_elb_8904(elb: Any, three: list[str]) -> None:
    error = sdk_error(lambda: batch_update(elb, demo.POOL_HTTP, {"id": three[0], "weight": 5}))

    check_error(error, 404, "ELB.8904")
    assert error.error_msg == f"member {three[0]} could not be found."
    assert show(elb, demo.POOL, three[0]).weight == 1


def test_batch_update_in_an_any_port_pool(elb: Any) -> None:
    (member_id,) = add(elb, demo.POOL_ANY_PORT, {"address": IP_MEMBER})

    error = sdk_error(
        lambda: batch_update(elb, demo.POOL_ANY_PORT, {"id": member_id, "protocol_port": 80})
    )

    check_error(error, 400, "ELB.8902")
    assert "members[0].protocol_port" in error.error_msg
    assert (
        batch_update(elb, demo.POOL_ANY_PORT, {"id": member_id, "weight": 4}).members[0].weight == 4
    )


def test_batch_update_of_an_unknown_pool_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: batch_update(elb, UNKNOWN_ID, {"id": UNKNOWN_ID}))

    check_error(error, 404, "ELB.8904")
    assert error.error_msg == f"pool {UNKNOWN_ID} could not be found."


def test_batch_update_moves_updated_at(elb: Any, three: list[str]) -> None:
    before = show(elb, demo.POOL, three[0])
    time.sleep(1.05)

    (after,) = batch_update(elb, demo.POOL, {"id": three[0], "name": "n"}).members

    assert after.updated_at > before.updated_at
    assert after.created_at == before.created_at
    assert show(elb, demo.POOL, three[1]).updated_at == before.updated_at


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
    http: httpx.Client, three: list[str], body: dict[str, Any], message: str
) -> None:
    before = stored(http, demo.POOL)

    response = http.post(path(demo.POOL, "/batch-update"), json=body)

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"
    assert message in response.json()["error_msg"]
    unchanged(http, before)


def test_batch_update_takes_200_items(elb: Any) -> None:
    ids = add(
        elb, demo.POOL_HTTP, *[{"address": IP_MEMBER, "protocol_port": p} for p in range(1, 201)]
    )

    response = batch_update(elb, demo.POOL_HTTP, *[{"id": i, "weight": 50} for i in ids])

    assert [m.id for m in response.members] == ids
    assert {m.weight for m in response.members} == {50}


# --- list_all_members ----------------------------------------------------------------------


@pytest.fixture
def spread(elb: Any) -> dict[str, str]:
    """Members in three pools: an ECS member, an IP member, a standalone pool's member."""
    (ecs,) = add(elb, demo.POOL, on_subnet("192.168.0.10", name="ecs"))
    (ip,) = add(
        elb,
        demo.POOL_HTTP,
        {"address": IP_MEMBER, "protocol_port": 8080, "availability_zone": demo.AZ_2,
         "weight": 7},
    )  # fmt: skip
    (alone,) = add(elb, demo.POOL_STANDALONE, on_subnet("192.168.0.20", name="alone"))
    return {"ecs": ecs, "ip": ip, "alone": alone}


def test_list_all_members_across_pools(elb: Any, spread: dict[str, str]) -> None:
    response = list_all(elb)

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
    add(elb, demo.POOL, on_subnet("192.168.0.20"))
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    assert list_all(other).members == []
    assert len(list_all(elb).members) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"pool_id": [demo.POOL]}, {"ecs"}),
        ({"pool_id": [demo.POOL, demo.POOL_STANDALONE]}, {"ecs", "alone"}),
        ({"pool_id": [UNKNOWN_ID]}, set()),
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
    listed = {member.id for member in list_all(elb, **query).members}

    assert listed == {spread[name] for name in expected}


def test_list_all_filter_by_id(elb: Any, spread: dict[str, str]) -> None:
    listed = list_all(elb, id=[spread["ip"], spread["alone"], UNKNOWN_ID]).members

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
        f"marker={UNKNOWN_ID}",
    ],
)
def test_list_all_members_bad_query_values(
    http: httpx.Client, spread: dict[str, str], query: str
) -> None:
    response = http.get(f"{ALL_MEMBERS}?{query}")

    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "ELB.8902"


def test_list_all_members_ignores_filters_it_does_not_know(
    http: httpx.Client, spread: dict[str, str]
) -> None:
    # member_type is a list_members filter, not a list_all_members one
    response = http.get(f"{ALL_MEMBERS}?member_type=ip&availability_zone=nowhere")

    assert response.status_code == 200
    assert len(response.json()["members"]) == 3
