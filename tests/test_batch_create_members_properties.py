"""Property tests of batch-add: all or nothing, and re-adding changes nothing."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tests import demo

MEMBERS = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members"

valid_items = st.fixed_dictionaries(
    {
        # few addresses and ports, so duplicates within a batch and across batches happen
        "address": st.sampled_from([f"192.168.0.{host}" for host in range(20, 26)]),
        "protocol_port": st.sampled_from([80, 443, 8080]),
        "subnet_cidr_id": st.just(demo.SUBNET),
    },
    optional={
        "weight": st.integers(min_value=0, max_value=100),
        # any text but NUL, which no database stores (refused with 400: see test_nul.py)
        "name": st.text(st.characters(blacklist_characters="\x00"), max_size=20),
    },
)
invalid_items = st.sampled_from(
    [
        {"address": "not-an-ip", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
        {"address": "192.168.0.30", "protocol_port": 0, "subnet_cidr_id": demo.SUBNET},
        {
            "address": "192.168.0.30",
            "protocol_port": 80,
            "weight": 101,
            "subnet_cidr_id": demo.SUBNET,
        },
        {"address": "192.168.1.30", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
        {"address": "192.168.0.30", "protocol_port": 80, "subnet_cidr_id": "no-such-subnet"},
        {"address": "192.168.0.30", "protocol_port": 80},
        {
            "address": "192.168.0.30",
            "protocol_port": 80,
            "subnet_cidr_id": demo.SUBNET,
            "colour": "blue",
        },
        {"address": "192.168.0.30", "protocol_port": "80", "subnet_cidr_id": demo.SUBNET},
    ]
)
batches = st.lists(st.one_of(valid_items, invalid_items), min_size=1, max_size=12)


def _members(client: TestClient) -> dict[tuple[str, int], dict[str, Any]]:
    body = client.get(MEMBERS).json()
    return {(m["address"], m["protocol_port"]): m for m in body["members"]}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=batches, second=batches)
def test_a_batch_adds_every_member_or_none(
    app_client: TestClient, first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> None:
    app_client.post("/_mockelb/reset")
    for batch in (first, second):
        before = _members(app_client)
        response = app_client.post(f"{MEMBERS}/batch-add", json={"members": batch})
        after = _members(app_client)
        is_valid = all(_is_valid(item) for item in batch)
        if not is_valid:
            assert response.status_code in (400, 404), response.text
            assert after == before
            continue
        assert response.status_code == 201, response.text
        expected = set(before) | {(i["address"], i["protocol_port"]) for i in batch}
        assert set(after) == expected
        returned = response.json()["members"]
        assert len(returned) == len(batch)
        for item, member in zip(batch, returned, strict=True):
            key = (item["address"], item["protocol_port"])
            assert member["id"] == after[key]["id"]
            assert member["ret_status"] in ("successful", "existed")
        new_keys = set(after) - set(before)
        assert sum(m["ret_status"] == "successful" for m in returned) == len(new_keys)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(valid_items, min_size=1, max_size=12))
def test_re_adding_a_batch_is_idempotent(
    app_client: TestClient, batch: list[dict[str, Any]]
) -> None:
    app_client.post("/_mockelb/reset")
    first = app_client.post(f"{MEMBERS}/batch-add", json={"members": batch})
    state = _members(app_client)

    again = app_client.post(f"{MEMBERS}/batch-add", json={"members": batch})

    assert first.status_code == again.status_code == 201
    assert [m["ret_status"] for m in again.json()["members"]] == ["existed"] * len(batch)
    assert [m["id"] for m in again.json()["members"]] == [m["id"] for m in first.json()["members"]]
    assert _members(app_client) == state


def _is_valid(item: dict[str, Any]) -> bool:
    return (
        item.get("subnet_cidr_id") == demo.SUBNET
        and set(item) <= {"address", "protocol_port", "subnet_cidr_id", "weight", "name"}
        and item["address"].startswith("192.168.0.")
        and isinstance(item["protocol_port"], int)
        and 1 <= item["protocol_port"] <= 65535
        and 0 <= item.get("weight", 1) <= 100
    )
