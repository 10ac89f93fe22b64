"""The /_mockelb admin API: health, and reset back to exactly the start-up state."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from starlette.testclient import TestClient

import mockelb
from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.seed import snapshot_for
from tests import databases, demo
from tests.factories import ids_of

AUTH = {"X-Auth-Token": "test-token"}
ELB = f"/v3/{demo.PROJECT}/elb"
POOLS = f"{ELB}/pools"
LOADBALANCERS = f"{ELB}/loadbalancers"
DEMO_POOLS = list(demo.ALL_POOLS)
MEMBERS = [
    {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET},
    {"address": "192.168.0.49", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET},
]
SEED_PROJECT = "0123456789abcdef0123456789abcdef"
SEED_POOL = "5e1d0c2b-3a49-4f58-8e67-7d6c5b4a3f01"
SEED_YAML = f"""
project_id: {SEED_PROJECT}
availability_zones:
  - {{code: az-1}}
vpcs:
  - {{id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f01, cidr: 10.0.0.0/16}}
subnets:
  - id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f02
    vpc_id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f01
    cidr: 10.0.1.0/24
    neutron_subnet_id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f03
loadbalancers:
  - id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f04
    vpc_id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f01
    vip_subnet_cidr_id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f03
    availability_zone_list: [az-1]
pools:
  - id: {SEED_POOL}
    protocol: TCP
    lb_algorithm: ROUND_ROBIN
    loadbalancer_id: 6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f04
"""


# the real server over a socket, or the app in-process
Client = httpx.Client | TestClient


def without_request_id(response: httpx.Response | httpx2.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    body.pop("request_id")
    return body


def listing(client: Client, project: str = demo.PROJECT) -> dict[str, Any]:
    """Everything the API shows of a project, as JSON without request ids."""
    pools = without_request_id(client.get(f"/v3/{project}/elb/pools"))
    return {
        "pools": pools,
        "loadbalancers": without_request_id(client.get(f"/v3/{project}/elb/loadbalancers")),
        "members": {
            pool["id"]: without_request_id(
                client.get(f"/v3/{project}/elb/pools/{pool['id']}/members")
            )
            for pool in pools["pools"]
        },
        "pool_details": {
            pool["id"]: without_request_id(client.get(f"/v3/{project}/elb/pools/{pool['id']}"))
            for pool in pools["pools"]
        },
        "vpcs": without_request_id(client.get(f"/v1/{project}/vpcs")),
        "subnets": without_request_id(client.get(f"/v1/{project}/subnets")),
        "availability_zones": without_request_id(
            client.get(f"/v3/{project}/elb/availability-zones")
        ),
    }


def change_everything(client: Client) -> dict[str, str]:
    """Add members, create a pool and a load balancer, delete a demo pool."""
    added = client.post(f"{POOLS}/{demo.POOL}/members/batch-add", json={"members": MEMBERS})
    assert added.status_code == 201, added.text
    lb = client.post(
        LOADBALANCERS,
        json={
            "loadbalancer": {
                "name": "made-by-the-test",
                "availability_zone_list": [demo.AZ_1],
                "vpc_id": demo.VPC,
                "vip_subnet_cidr_id": demo.SUBNET,
            }
        },
    )
    assert lb.status_code == 201, lb.text
    pool = client.post(
        POOLS,
        json={
            "pool": {
                "name": "made-by-the-test",
                "protocol": "HTTP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": lb.json()["loadbalancer"]["id"],
            }
        },
    )
    assert pool.status_code == 201, pool.text
    deleted = client.delete(f"{POOLS}/{demo.POOL_STANDALONE}")
    assert deleted.status_code == 204, deleted.text
    return {
        "member": added.json()["members"][0]["id"],
        "loadbalancer": lb.json()["loadbalancer"]["id"],
        "pool": pool.json()["pool"]["id"],
    }


@pytest.fixture
def file_app_client(persistent_database_url: str) -> Iterator[TestClient]:
    """An app on a persistent database: a SQLite file, or PostgreSQL."""
    app = create_app(Settings(database_url=persistent_database_url))
    try:
        with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
            yield client
    finally:
        app.state.database.dispose()


# --- health ---------------------------------------------------------------------------


def test_health_reports_ok_the_version_and_in_memory_storage(app_client: TestClient) -> None:
    response = app_client.get("/_mockelb/health")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "version", "storage", "request_id"}
    assert body["status"] == "ok"
    assert isinstance(body["version"], str)
    assert body["version"] == mockelb.__version__ == version("mockelb")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", body["version"])
    assert body["storage"] == databases.storage()


def test_health_over_http(http: httpx.Client) -> None:
    body = http.get("/_mockelb/health").json()

    assert body["status"] == "ok"
    assert body["storage"] == databases.storage()


def test_health_reports_a_file_database(file_app_client: TestClient) -> None:
    storage = file_app_client.get("/_mockelb/health").json()["storage"]
    assert storage == databases.persistent_storage()


# --- reset ----------------------------------------------------------------------------


def test_reset_puts_everything_back_exactly_as_at_start_up(http: httpx.Client) -> None:
    before = listing(http)
    assert sorted(ids_of(before["pools"]["pools"])) == sorted(DEMO_POOLS)

    made = change_everything(http)
    changed = listing(http)
    assert changed != before
    assert made["pool"] in ids_of(changed["pools"]["pools"])
    assert demo.POOL_STANDALONE not in ids_of(changed["pools"]["pools"])
    assert made["loadbalancer"] in ids_of(changed["loadbalancers"]["loadbalancers"])
    assert len(changed["members"][demo.POOL]["members"]) == 2

    response = http.post("/_mockelb/reset")

    assert response.status_code == 200
    assert response.json()["status"] == "reset"
    after = listing(http)
    assert ids_of(after["pools"]["pools"]) == ids_of(before["pools"]["pools"])
    assert ids_of(after["loadbalancers"]["loadbalancers"]) == ids_of(
        before["loadbalancers"]["loadbalancers"]
    )
    assert after == before


@pytest.mark.slow
def test_reset_in_process_equals_the_start_up_listing(app_client: TestClient) -> None:
    before = listing(app_client)
    change_everything(app_client)

    app_client.post("/_mockelb/reset")

    assert listing(app_client) == before


def test_after_reset_the_created_resources_are_gone(app_client: TestClient) -> None:
    made = change_everything(app_client)

    app_client.post("/_mockelb/reset")

    assert app_client.get(f"{POOLS}/{made['pool']}").status_code == 404
    assert app_client.get(f"{LOADBALANCERS}/{made['loadbalancer']}").status_code == 404
    member = app_client.get(f"{POOLS}/{demo.POOL}/members/{made['member']}")
    assert member.status_code == 404
    assert app_client.get(f"{POOLS}/{demo.POOL_STANDALONE}").status_code == 200


def test_after_reset_the_same_members_are_new_again(app_client: TestClient) -> None:
    batch_add = f"{POOLS}/{demo.POOL}/members/batch-add"
    app_client.post(batch_add, json={"members": MEMBERS})

    app_client.post("/_mockelb/reset")
    again = app_client.post(batch_add, json={"members": MEMBERS})

    assert again.status_code == 201
    assert [m["ret_status"] for m in again.json()["members"]] == ["successful", "successful"]


def test_reset_twice_is_the_same_as_once(app_client: TestClient) -> None:
    before = listing(app_client)
    change_everything(app_client)

    assert app_client.post("/_mockelb/reset").status_code == 200
    assert app_client.post("/_mockelb/reset").status_code == 200

    assert listing(app_client) == before


@pytest.mark.slow
def test_reset_of_a_file_database_restores_the_start_up_data(
    file_app_client: TestClient,
) -> None:
    before = listing(file_app_client)
    change_everything(file_app_client)

    file_app_client.post("/_mockelb/reset")

    assert listing(file_app_client) == before


def test_reset_restores_the_seed_data_and_not_the_demo(tmp_path: Path, database_url: str) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(SEED_YAML, encoding="utf-8")
    app = create_app(Settings(database_url=database_url), snapshot=snapshot_for([seed], demo=False))
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        before = listing(client, SEED_PROJECT)
        assert ids_of(before["pools"]["pools"]) == [SEED_POOL]
        assert client.delete(f"/v3/{SEED_PROJECT}/elb/pools/{SEED_POOL}").status_code == 204
        assert listing(client, SEED_PROJECT) != before

        client.post("/_mockelb/reset")

        assert listing(client, SEED_PROJECT) == before
        assert client.get(f"{POOLS}/{demo.POOL}").status_code == 404


def test_reset_of_an_empty_server_stays_empty(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, no_demo=True))
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        created = client.post(
            POOLS, json={"pool": {"protocol": "TCP", "type": "ip", "lb_algorithm": "ROUND_ROBIN"}}
        )
        assert created.status_code == 201, created.text
        assert len(client.get(POOLS).json()["pools"]) == 1

        client.post("/_mockelb/reset")

        assert client.get(POOLS).json()["pools"] == []
        assert client.get(LOADBALANCERS).json()["loadbalancers"] == []


def test_the_listing_is_stable_json(app_client: TestClient) -> None:
    # guards the comparison above: two listings without changes are equal, key for key
    first, second = listing(app_client), listing(app_client)

    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
