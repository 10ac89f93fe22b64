"""The README's testing section, runnable: a fault rule, a journal assertion, a forced
health change and a state snapshot, each with the `mockelb` fixture of mockelb's pytest
plugin and the official SDK. The README shows these functions verbatim (test_docs checks)."""

from __future__ import annotations

import json

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ServerResponseException
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    ListMembersRequest,
    ShowLoadBalancerStatusRequest,
    ShowMemberRequest,
)

from mockelb.config import Settings
from mockelb.testing import MockElbServer

LOADBALANCER = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"  # the demo load balancer
POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"  # its pool (on a listener), empty
SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"  # the demo subnet, 192.168.0.0/24
ECS_ADDRESS = "192.168.0.10"  # a demo cloud server on that subnet


def batch_add(client, address):
    request = BatchCreateMembersRequest(
        pool_id=POOL,
        body=BatchCreateMembersRequestBody(
            members=[
                BatchCreateMembersOption(address=address, protocol_port=8080, subnet_cidr_id=SUBNET)
            ]
        ),
    )
    return client.batch_create_members(request).members[0]


def test_a_fault_rule_fails_the_next_batch_add(mockelb):
    client = mockelb.elb_client()
    with mockelb.fault(operation="batch_create_members", status=500, times=1):
        with pytest.raises(ServerResponseException) as error:
            batch_add(client, ECS_ADDRESS)
        assert error.value.error_code == "ELB.8906"
        assert client.list_members(ListMembersRequest(pool_id=POOL)).members == []
        assert batch_add(client, ECS_ADDRESS).address == ECS_ADDRESS  # times=1: spent


def test_the_journal_shows_what_the_client_sent(mockelb):
    batch_add(mockelb.elb_client(), ECS_ADDRESS)
    (sent,) = mockelb.requests(operation="batch_create_members")
    assert sent["status"] == 201
    assert sent["body"]["members"] == [
        {"address": ECS_ADDRESS, "protocol_port": 8080, "subnet_cidr_id": SUBNET}
    ]


def test_a_forced_health_change_shows_everywhere(mockelb):
    client = mockelb.elb_client()
    member = batch_add(client, ECS_ADDRESS)
    mockelb.set_member_health(member.id, "OFFLINE", reason={"reason_code": "CONNECT_TIMEOUT"})
    shown = client.show_member(ShowMemberRequest(pool_id=POOL, member_id=member.id)).member
    assert shown.operating_status == "OFFLINE"
    assert shown.reason.reason_code == "CONNECT_TIMEOUT"
    tree = client.show_load_balancer_status(
        ShowLoadBalancerStatusRequest(loadbalancer_id=LOADBALANCER)
    ).statuses
    assert tree.loadbalancer.operating_status == "DEGRADED"


def test_a_state_snapshot_starts_another_server(mockelb, tmp_path):
    batch_add(mockelb.elb_client(), ECS_ADDRESS)
    snapshot = tmp_path / "state.json"
    snapshot.write_text(json.dumps(mockelb.state()))
    with MockElbServer(Settings(no_demo=True, seed=[snapshot])) as copy:
        assert copy.state() == mockelb.state()
        members = copy.elb_client().list_members(ListMembersRequest(pool_id=POOL)).members
        assert [member.address for member in members] == [ECS_ADDRESS]
