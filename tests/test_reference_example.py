"""The batch-add API reference example, sent as the reference shows it."""

from __future__ import annotations

import re
from typing import Any

import httpx
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
)

from tests import demo
from tests.sdk_checks import TIME, UUID

REFERENCE_BODY = {
    "members": [
        {
            "name": "lzs_batch_member1",
            "weight": 1,
            "address": "192.168.0.48",
            "protocol_port": 8080,
            "subnet_cidr_id": "61da8098-954b-4809-bc5a-b99ccef8a398",
        },
        {
            "name": "lzs_batch_member2",
            "weight": 1,
            "address": "192.168.0.49",
            "protocol_port": 8080,
            "subnet_cidr_id": "61da8098-954b-4809-bc5a-b99ccef8a398",
        },
    ]
}
BATCH_ADD = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members/batch-add"
BATCH_MEMBER_FIELDS = {
    "id",
    "name",
    "project_id",
    "admin_state_up",
    "subnet_cidr_id",
    "protocol_port",
    "weight",
    "address",
    "operating_status",
    "reason",
    "status",
    "member_type",
    "instance_id",
    "port_id",
    "ret_status",
    "created_at",
    "updated_at",
}


def test_reference_example_over_raw_http(http: httpx.Client) -> None:
    response = http.post(BATCH_ADD, json=REFERENCE_BODY)

    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["request_id"])
    assert response.headers["X-Request-Id"] == body["request_id"]
    assert [m["address"] for m in body["members"]] == ["192.168.0.48", "192.168.0.49"]
    for sent, member in zip(REFERENCE_BODY["members"], body["members"], strict=True):
        assert set(member) == BATCH_MEMBER_FIELDS
        assert UUID.match(member["id"])
        assert member["name"] == sent["name"]
        assert member["project_id"] == demo.PROJECT
        assert member["protocol_port"] == 8080
        assert member["weight"] == 1
        assert member["subnet_cidr_id"] == demo.SUBNET
        assert member["member_type"] == "instance"
        assert member["instance_id"] == ""
        assert member["port_id"] == ""
        assert member["admin_state_up"] is False
        # as the reference's example answer: no cloud server at these addresses
        assert member["operating_status"] == "OFFLINE"
        assert member["status"] == [{"listener_id": demo.LISTENER, "operating_status": "OFFLINE"}]
        assert member["reason"] is None
        assert member["ret_status"] == "successful"
        assert TIME.match(member["created_at"]) and TIME.match(member["updated_at"])


def test_reference_example_through_the_sdk(elb: Any) -> None:
    request = BatchCreateMembersRequest(
        pool_id=demo.POOL,
        body=BatchCreateMembersRequestBody(
            members=[BatchCreateMembersOption(**m) for m in REFERENCE_BODY["members"]]
        ),
    )

    response = elb.batch_create_members(request)

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    assert [m.ret_status for m in response.members] == ["successful", "successful"]
    first = response.members[0]
    assert isinstance(first.protocol_port, int) and isinstance(first.weight, int)
    assert isinstance(first.admin_state_up, bool)
    assert first.address == "192.168.0.48" and first.name == "lzs_batch_member1"
    assert [(m.instance_id, m.operating_status) for m in response.members] == [
        ("", "OFFLINE"),
        ("", "OFFLINE"),
    ]


def test_sending_the_example_twice_returns_the_same_members_as_existed(
    http: httpx.Client,
) -> None:
    first = http.post(BATCH_ADD, json=REFERENCE_BODY).json()["members"]
    again = http.post(BATCH_ADD, json=REFERENCE_BODY)

    assert again.status_code == 201
    members = again.json()["members"]
    assert [m["ret_status"] for m in members] == ["existed", "existed"]
    assert [m["id"] for m in members] == [m["id"] for m in first]
    assert [m["operating_status"] for m in members] == ["OFFLINE", "OFFLINE"]
    listed = http.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()
    assert listed["page_info"]["current_count"] == 2
