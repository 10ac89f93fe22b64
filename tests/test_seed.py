"""Seed documents: parsing (YAML and JSON), building a snapshot, the demo data, refusals,
seeded quotas and deterministic ids."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.seed import (
    DEMO_SEED,
    SeedDocument,
    SeedError,
    build_snapshot,
    parse_seed,
    read_seed_file,
    seed_documents,
    snapshot_for,
)
from tests import databases, demo
from tests.error_codes import QUOTA_EXCEEDED

AUTH = {"X-Auth-Token": "test-token"}
PROJECT = "0123456789abcdef0123456789abcdef"

# The example of docs/SEED.md, as data.
EXAMPLE: dict[str, Any] = {
    "project_id": PROJECT,
    "availability_zones": [
        {
            "code": "az1",
            "set": 0,
            "state": "ACTIVE",
            "protocol": ["L4", "L7"],
            "public_border_group": "center",
            "category": 0,
        }
    ],
    "projects": [{"id": PROJECT, "quotas": {"members_per_pool": 1000, "pool": 100}}],
    "credentials": [{"access_key": "MYAK", "secret_key": "MYSK", "project_id": PROJECT}],
    "vpcs": [{"id": "vpc-1", "name": "my-vpc", "cidr": "10.0.0.0/16"}],
    "subnets": [
        {
            "id": "net-1",
            "vpc_id": "vpc-1",
            "cidr": "10.0.1.0/24",
            "neutron_subnet_id": "subnet-1",
            "gateway_ip": "10.0.1.1",
            "ipv6_enable": True,
            "cidr_v6": "2001:db8:1::/64",
            "availability_zone": "az1",
        }
    ],
    "ecs_instances": [
        {
            "id": "ecs-1",
            "name": "web-1",
            "availability_zone": "az1",
            "nics": [
                {
                    "subnet_id": "net-1",
                    "ip_address": "10.0.1.10",
                    "ipv6_address": "2001:db8:1::10",
                    "port_id": "port-1",
                }
            ],
        }
    ],
    "loadbalancers": [
        {
            "id": "lb-1",
            "vip_subnet_cidr_id": "subnet-1",
            "availability_zone_list": ["az1"],
            "ip_target_enable": True,
        }
    ],
    "listeners": [
        {"id": "listener-1", "loadbalancer_id": "lb-1", "protocol": "TCP", "protocol_port": 80}
    ],
    "pools": [
        {
            "id": "pool-1",
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "listener_id": "listener-1",
        }
    ],
    "members": [
        {
            "pool_id": "pool-1",
            "address": "10.0.1.10",
            "protocol_port": 8080,
            "subnet_cidr_id": "subnet-1",
        },
        {"pool_id": "pool-1", "address": "10.8.0.7", "protocol_port": 8080},
    ],
}


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def build(data: dict[str, Any], source: str = "test.yaml") -> Snapshot:
    return build_snapshot([(source, parse_seed(yaml.safe_dump(data), source=source))])


def table_rows(snapshot: Snapshot, table: str) -> list[dict[str, Any]]:
    return dict(snapshot)[table]


def seed_error(data: dict[str, Any], source: str = "bad.yaml") -> str:
    """The message of the SeedError that parsing and building `data` raises."""
    with pytest.raises(SeedError) as info:
        build(data, source)
    message = str(info.value)
    assert message.startswith(f"{source}: "), message
    return message


ClientFor = Callable[[Snapshot], TestClient]


@pytest.fixture
def client_for() -> Iterator[ClientFor]:
    """Open TestClients on fresh apps, each holding a snapshot; closed after the test."""
    with ExitStack() as stack:

        def open_client(snapshot: Snapshot) -> TestClient:
            database_url = stack.enter_context(databases.fresh_database())
            app = create_app(Settings(database_url=database_url), snapshot=snapshot)
            return stack.enter_context(TestClient(app, headers=AUTH))

        yield open_client


# --- YAML and JSON documents load ---------------------------------------------------------


def test_a_yaml_document_loads(client_for: ClientFor) -> None:
    text = yaml.safe_dump(example())

    document = parse_seed(text, source="seed.yaml")
    snapshot = build_snapshot([("seed.yaml", document)])

    assert isinstance(document, SeedDocument)
    assert [lb["id"] for lb in table_rows(snapshot, "loadbalancers")] == ["lb-1"]
    client = client_for(snapshot)
    lb = client.get(f"/v3/{PROJECT}/elb/loadbalancers/lb-1").json()["loadbalancer"]
    assert lb["vpc_id"] == "vpc-1"
    assert lb["vip_subnet_cidr_id"] == "subnet-1"
    assert lb["ip_target_enable"] is True
    assert lb["listeners"] == [{"id": "listener-1"}]
    pool = client.get(f"/v3/{PROJECT}/elb/pools/pool-1").json()["pool"]
    assert pool["listeners"] == [{"id": "listener-1"}]
    assert pool["loadbalancers"] == [{"id": "lb-1"}]
    members = client.get(f"/v3/{PROJECT}/elb/pools/pool-1/members").json()["members"]
    by_address = {member["address"]: member for member in members}
    assert set(by_address) == {"10.0.1.10", "10.8.0.7"}
    assert by_address["10.0.1.10"]["instance_id"] == "ecs-1"
    assert by_address["10.0.1.10"]["member_type"] == "instance"
    assert by_address["10.8.0.7"]["member_type"] == "ip"
    subnet = client.get(f"/v1/{PROJECT}/subnets/net-1").json()["subnet"]
    assert subnet["neutron_subnet_id"] == "subnet-1"
    assert subnet["neutron_network_id"] == "net-1"
    assert subnet["ipv6_enable"] is True


def test_a_json_document_loads_the_same_as_yaml() -> None:
    from_json = parse_seed(json.dumps(example()), source="seed.json")
    from_yaml = parse_seed(yaml.safe_dump(example()), source="seed.yaml")

    assert from_json == from_yaml
    snapshot = build_snapshot([("seed.json", from_json)])
    assert [pool["id"] for pool in table_rows(snapshot, "pools")] == ["pool-1"]
    assert len(table_rows(snapshot, "members")) == 2


def test_a_json_file_is_parsed_as_json(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(example()), encoding="utf-8")

    document = read_seed_file(path)

    assert [vpc.id for vpc in document.vpcs] == ["vpc-1"]


def test_seed_files_come_after_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(example()), encoding="utf-8")

    documents = seed_documents([path], demo=True)
    without_demo = seed_documents([path], demo=False)

    assert [source for source, _ in documents] == [DEMO_SEED, str(path)]
    assert [source for source, _ in without_demo] == [str(path)]
    snapshot = snapshot_for([path], demo=True)
    assert {lb["id"] for lb in table_rows(snapshot, "loadbalancers")} == {
        demo.LB,
        demo.LB_IP_TARGETS,
        "lb-1",
    }


def test_an_empty_document_is_an_empty_seed() -> None:
    document = parse_seed("", source="empty.yaml")

    snapshot = build_snapshot([("empty.yaml", document)])

    assert all(not table_rows for name, table_rows in snapshot if name != "mockelb_meta")


def test_a_later_document_may_refer_to_an_earlier_one() -> None:
    first = example()
    second = {
        "project_id": PROJECT,
        "pools": [
            {
                "id": "pool-2",
                "protocol": "UDP",
                "lb_algorithm": "SOURCE_IP",
                "loadbalancer_id": "lb-1",
            }
        ],
        "members": [{"pool_id": "pool-2", "address": "10.8.0.8", "protocol_port": 53}],
    }

    snapshot = build_snapshot(
        [
            ("first.yaml", parse_seed(yaml.safe_dump(first), source="first.yaml")),
            ("second.json", parse_seed(json.dumps(second), source="second.json")),
        ]
    )

    assert {pool["id"] for pool in table_rows(snapshot, "pools")} == {"pool-1", "pool-2"}


# --- the demo data ------------------------------------------------------------------------


def _demo_ids() -> dict[str, str]:
    """The ids tests/demo.py names, but UNKNOWN_ID (the id that names nothing)."""
    return {
        name: value
        for name, value in vars(demo).items()
        if name.isupper() and isinstance(value, str) and name != "UNKNOWN_ID"
    }


def test_the_demo_data_holds_every_id_of_tests_demo(demo_snapshot: Snapshot) -> None:
    values: set[str] = set()
    for _, table_rows in demo_snapshot:
        for row in table_rows:
            for value in row.values():
                if isinstance(value, str):
                    values.add(value)
                elif isinstance(value, list):
                    values.update(item for item in value if isinstance(item, str))

    missing = {name: value for name, value in _demo_ids().items() if value not in values}

    assert not missing


def test_each_demo_id_is_where_tests_demo_says(demo_snapshot: Snapshot) -> None:
    def column(table: str, key: str) -> set[Any]:
        return {row[key] for row in table_rows(demo_snapshot, table)}

    assert column("vpcs", "id") == {demo.VPC, demo.OTHER_VPC}
    assert column("vpcs", "project_id") == {demo.PROJECT}
    assert column("subnets", "neutron_subnet_id") == {
        demo.SUBNET,
        demo.SUBNET_2,
        demo.DUALSTACK_SUBNET,
        demo.OTHER_VPC_SUBNET,
    }
    assert {demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK} <= column("subnets", "id")
    assert {demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK} <= column("subnets", "neutron_network_id")
    assert column("ecs_instances", "id") == {demo.ECS_1, demo.ECS_2}
    assert demo.ECS_1_PORT in column("ecs_nics", "port_id")
    assert column("loadbalancers", "id") == {demo.LB, demo.LB_IP_TARGETS}
    assert demo.LISTENER in column("listeners", "id")
    assert column("pools", "id") == set(demo.ALL_POOLS)
    assert column("availability_zones", "code") == {demo.AZ_1, demo.AZ_2, demo.AZ_3}
    lbs = {row["id"]: row for row in table_rows(demo_snapshot, "loadbalancers")}
    assert lbs[demo.LB]["ip_target_enable"] is False
    assert lbs[demo.LB]["vip_subnet_cidr_id"] == demo.SUBNET
    assert lbs[demo.LB_IP_TARGETS]["ip_target_enable"] is True
    assert lbs[demo.LB_IP_TARGETS]["ipv6_vip_virsubnet_id"] == demo.DUALSTACK_NETWORK


def test_the_demo_is_built_the_same_every_time(demo_snapshot: Snapshot) -> None:
    again = snapshot_for([], demo=True)

    def stable(snapshot: Snapshot) -> dict[str, list[str]]:
        return {name: sorted(str(row.get("id")) for row in table) for name, table in snapshot}

    assert {name: len(table) for name, table in again} == {
        name: len(table) for name, table in demo_snapshot
    }
    assert stable(again)["pools"] == stable(demo_snapshot)["pools"]
    assert stable(again)["loadbalancers"] == stable(demo_snapshot)["loadbalancers"]


# --- refusals -----------------------------------------------------------------------------


def test_an_unknown_top_level_key_is_refused() -> None:
    data = example()
    data["routers"] = []

    message = seed_error(data)

    assert "routers" in message


def test_an_unknown_key_in_a_resource_is_refused() -> None:
    data = example()
    data["vpcs"][0]["colour"] = "blue"

    message = seed_error(data)

    assert "vpcs[0].colour" in message


def test_an_unknown_key_in_a_pool_is_refused() -> None:
    data = example()
    data["pools"][0]["speed"] = "fast"

    assert "speed" in seed_error(data)


def test_text_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(SeedError) as info:
        parse_seed("vpcs: [unclosed", source="broken.yaml")

    assert str(info.value).startswith("broken.yaml: ")


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(SeedError) as info:
        parse_seed("{'single': 'quotes'}", source="broken.json")

    assert str(info.value).startswith("broken.json: ")


def test_a_missing_seed_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"

    with pytest.raises(SeedError) as info:
        read_seed_file(missing)

    assert str(missing) in str(info.value)


def test_a_subnet_of_an_undeclared_vpc_is_refused() -> None:
    data = example()
    data["subnets"][0]["vpc_id"] = "vpc-missing"

    message = seed_error(data)

    assert "net-1" in message and "vpc-missing" in message


def test_a_member_in_an_undeclared_pool_is_refused() -> None:
    data = example()
    data["members"].append({"pool_id": "pool-missing", "address": "10.8.0.9", "protocol_port": 80})

    message = seed_error(data)

    assert "pool-missing" in message


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        pytest.param(
            {"address": "10.0.2.10", "protocol_port": 80, "subnet_cidr_id": "subnet-1"},
            "10.0.2.10",
            id="address-outside-its-subnet",
        ),
        pytest.param(
            {"address": "8.8.8.8", "protocol_port": 80},
            "private",
            id="public-ip-type-member",
        ),
        pytest.param(
            {"address": "10.0.1.20", "protocol_port": 80, "subnet_cidr_id": "subnet-missing"},
            "subnet subnet-missing could not be found.",
            id="unknown-subnet",
        ),
        pytest.param(
            {"address": "10.0.1.20", "subnet_cidr_id": "subnet-1"},
            "protocol_port",
            id="no-protocol-port",
        ),
    ],
)
def test_a_member_that_batch_add_would_refuse_is_refused(
    member: dict[str, Any], expected: str
) -> None:
    data = example()
    data["members"].append({"pool_id": "pool-1", **member})

    message = seed_error(data)

    assert expected in message


def test_an_ip_type_member_without_ip_target_enable_is_refused() -> None:
    data = example()
    data["loadbalancers"][0]["ip_target_enable"] = False

    message = seed_error(data)

    assert "ip_target_enable" in message


def test_a_pool_with_an_unknown_load_balancer_is_refused() -> None:
    data = example()
    data["pools"].append(
        {
            "id": "pool-2",
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": "lb-x",
        }
    )

    message = seed_error(data)

    assert "loadbalancer lb-x could not be found." in message


def test_a_pool_breaking_a_create_pool_rule_is_refused() -> None:
    data = example()
    data["pools"][0]["lb_algorithm"] = "QUIC_CID"

    assert "lb_algorithm" in seed_error(data)


def test_a_load_balancer_breaking_a_create_rule_is_refused() -> None:
    data = example()
    data["loadbalancers"][0]["availability_zone_list"] = ["az-missing"]

    assert "az-missing" in seed_error(data)


def test_a_listener_of_an_undeclared_load_balancer_is_refused() -> None:
    data = example()
    data["listeners"][0]["loadbalancer_id"] = "lb-missing"

    assert "lb-missing" in seed_error(data)


def test_a_seeded_health_monitor_checks_its_pool(client_for: ClientFor) -> None:
    data = example()
    data["healthmonitors"] = [
        {
            "id": "hm-1",
            "pool_id": "pool-1",
            "type": "HTTP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
            "url_path": "/health",
        }
    ]

    client = client_for(build(data))

    monitor = client.get(f"/v3/{PROJECT}/elb/healthmonitors/hm-1").json()["healthmonitor"]
    assert monitor["pools"] == [{"id": "pool-1"}]
    assert monitor["url_path"] == "/health"
    assert monitor["expected_codes"] == "200"  # the create defaults apply to seeds too
    pool = client.get(f"/v3/{PROJECT}/elb/pools/pool-1").json()["pool"]
    assert pool["healthmonitor_id"] == "hm-1"
    members = client.get(f"/v3/{PROJECT}/elb/pools/pool-1/members").json()["members"]
    # the member at the seeded ECS is being checked; the IP-type one is at no cloud server
    assert {member["address"]: member["operating_status"] for member in members} == {
        "10.0.1.10": "INITIAL",
        "10.8.0.7": "OFFLINE",
    }


@pytest.mark.parametrize(
    ("monitor", "expected"),
    [
        pytest.param({"pool_id": "pool-x"}, "healthmonitor hm-1 of pool pool-x", id="no-pool"),
        pytest.param({"type": "UDP_CONNECT"}, "type", id="type-against-protocol"),
        pytest.param({"delay": 51}, "delay", id="delay-out-of-range"),
        pytest.param({"colour": "red"}, "colour", id="unknown-key"),
    ],
)
def test_a_health_monitor_that_create_would_refuse_is_refused(
    monitor: dict[str, Any], expected: str
) -> None:
    data = example()
    base = {
        "id": "hm-1",
        "pool_id": "pool-1",
        "type": "TCP",
        "delay": 5,
        "timeout": 3,
        "max_retries": 3,
    }
    data["healthmonitors"] = [{**base, **monitor}]

    assert expected in seed_error(data)


@pytest.mark.slow
def test_seeded_flavors_are_listed(client_for: ClientFor) -> None:
    data = example()
    data["flavors"] = [
        {"id": "flavor-1", "name": "L4_small", "type": "L4", "info": {"connection": 10, "cps": 5}},
        {"id": "flavor-2", "name": "mine", "type": "L7", "project_id": "other-project"},
    ]

    client = client_for(build(data, "flavors.yaml"))

    flavors = client.get(f"/v3/{PROJECT}/elb/flavors").json()["flavors"]
    assert [flavor["id"] for flavor in flavors] == ["flavor-1"]  # flavor-2 is another's
    assert flavors[0]["info"]["connection"] == 10


def test_a_flavor_of_an_unknown_type_is_refused() -> None:
    data = example()
    data["flavors"] = [{"id": "flavor-1", "name": "x", "type": "L9"}]

    assert "flavors" in seed_error(data)


def test_an_unknown_quota_key_is_refused() -> None:
    data = example()
    data["projects"][0]["quotas"]["members_per_pol"] = 3

    message = seed_error(data)

    assert "members_per_pol" in message


def test_a_resource_without_a_project_is_refused() -> None:
    data = example()
    del data["project_id"]

    assert "project_id" in seed_error(data)


def test_the_first_bad_file_is_named() -> None:
    good = parse_seed(yaml.safe_dump(example()), source="good.yaml")
    bad = parse_seed(
        yaml.safe_dump(
            {"project_id": PROJECT, "subnets": [{"id": "s", "vpc_id": "v", "cidr": "10.9.0.0/24"}]}
        ),
        source="bad.yaml",
    )

    with pytest.raises(SeedError) as info:
        build_snapshot([("good.yaml", good), ("bad.yaml", bad)])

    assert str(info.value).startswith("bad.yaml: ")


# --- quotas from a seed -------------------------------------------------------------------


def _batch_add(client: TestClient, pool_id: str, addresses: list[str]) -> Any:
    members = [
        {"address": address, "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}
        for address in addresses
    ]
    return client.post(
        f"/v3/{demo.PROJECT}/elb/pools/{pool_id}/members/batch-add", json={"members": members}
    )


@pytest.fixture
def three_per_pool(client_for: ClientFor) -> TestClient:
    """The demo, with the demo project's members_per_pool quota lowered to 3 by a seed."""
    quota = {"projects": [{"id": demo.PROJECT, "quotas": {"members_per_pool": 3}}]}
    snapshot = build_snapshot(
        seed_documents([], demo=True)
        + [("quota.yaml", parse_seed(yaml.safe_dump(quota), source="quota.yaml"))]
    )
    return client_for(snapshot)


def test_a_seeded_members_per_pool_quota_is_enforced_by_batch_add(
    three_per_pool: TestClient,
) -> None:
    first = _batch_add(three_per_pool, demo.POOL, ["192.168.0.21", "192.168.0.22", "192.168.0.23"])
    assert first.is_success, first.text  # (batch-add: 200 in the API reference)

    response = _batch_add(three_per_pool, demo.POOL, ["192.168.0.24"])

    assert response.status_code == 409
    assert response.json()["error_code"] == QUOTA_EXCEEDED
    listed = three_per_pool.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()
    assert listed["page_info"]["current_count"] == 3


def test_a_batch_over_the_seeded_quota_adds_nothing(three_per_pool: TestClient) -> None:
    addresses = [f"192.168.0.{30 + i}" for i in range(4)]

    response = _batch_add(three_per_pool, demo.POOL, addresses)

    assert response.status_code == 409
    assert response.json()["error_code"] == QUOTA_EXCEEDED
    listed = three_per_pool.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()
    assert listed["members"] == []


def test_re_adding_existing_members_does_not_count_against_the_quota(
    three_per_pool: TestClient,
) -> None:
    addresses = ["192.168.0.21", "192.168.0.22", "192.168.0.23"]
    _batch_add(three_per_pool, demo.POOL, addresses)

    again = _batch_add(three_per_pool, demo.POOL, addresses)

    assert again.is_success, again.text
    assert {m["ret_status"] for m in again.json()["members"]} == {"existed"}


def test_the_seeded_quota_counts_each_pool_separately(three_per_pool: TestClient) -> None:
    # members_per_pool: another pool of the project takes its own three
    _batch_add(three_per_pool, demo.POOL, ["192.168.0.21", "192.168.0.22", "192.168.0.23"])

    response = _batch_add(
        three_per_pool, demo.POOL_STANDALONE, ["192.168.0.21", "192.168.0.22", "192.168.0.23"]
    )

    assert response.is_success, response.text


def test_a_seed_over_its_own_quota_is_refused() -> None:
    data = example()
    data["projects"][0]["quotas"]["members_per_pool"] = 1

    message = seed_error(data)

    assert "members_per_pool" in message


def test_a_seeded_loadbalancer_quota_is_enforced(client_for: ClientFor) -> None:
    data = example()
    data["projects"][0]["quotas"]["loadbalancer"] = 1
    client = client_for(build(data))

    response = client.post(
        f"/v3/{PROJECT}/elb/loadbalancers",
        json={"loadbalancer": {"availability_zone_list": ["az1"], "vpc_id": "vpc-1"}},
    )

    assert response.status_code == 409
    assert response.json()["error_code"] == QUOTA_EXCEEDED


# --- deterministic ids --------------------------------------------------------------------


def test_seeded_members_without_an_id_get_the_same_id_in_every_build() -> None:
    first = {row["address"]: row["id"] for row in table_rows(build(example()), "members")}
    second = {row["address"]: row["id"] for row in table_rows(build(example()), "members")}

    assert first == second
    assert len(set(first.values())) == 2


def test_seeded_member_ids_depend_on_pool_address_and_port() -> None:
    data = example()
    data["members"][1]["protocol_port"] = 8081

    changed = {row["address"]: row["id"] for row in table_rows(build(data), "members")}
    original = {row["address"]: row["id"] for row in table_rows(build(example()), "members")}

    assert changed["10.0.1.10"] == original["10.0.1.10"]
    assert changed["10.8.0.7"] != original["10.8.0.7"]


def test_a_seeded_member_keeps_its_declared_id() -> None:
    data = example()
    data["members"][0]["id"] = "member-1"

    ids = {row["address"]: row["id"] for row in table_rows(build(data), "members")}

    assert ids["10.0.1.10"] == "member-1"


def test_seeded_ports_and_subnet_ids_are_deterministic_too() -> None:
    data = example()
    del data["ecs_instances"][0]["nics"][0]["port_id"]
    del data["subnets"][0]["neutron_subnet_id"]
    data["loadbalancers"][0]["vip_subnet_cidr_id"] = None
    data["loadbalancers"][0]["vpc_id"] = "vpc-1"
    data["members"][0]["subnet_cidr_id"] = None
    data["members"][0]["address"] = "10.8.0.6"

    first, second = build(data), build(data)

    assert (
        table_rows(first, "ecs_nics")[0]["port_id"] == table_rows(second, "ecs_nics")[0]["port_id"]
    )
    assert (
        table_rows(first, "subnets")[0]["neutron_subnet_id"]
        == table_rows(second, "subnets")[0]["neutron_subnet_id"]
    )


def test_reset_returns_to_the_seeded_state(client_for: ClientFor) -> None:
    client = client_for(build(example()))
    client.delete(f"/v3/{PROJECT}/elb/pools/pool-1/members/{_first_member(client)}")

    assert client.post("/_mockelb/reset").status_code == 200

    members = client.get(f"/v3/{PROJECT}/elb/pools/pool-1/members").json()["members"]
    assert len(members) == 2


def _first_member(client: TestClient) -> str:
    member_id: str = client.get(f"/v3/{PROJECT}/elb/pools/pool-1/members").json()["members"][0][
        "id"
    ]
    return member_id


def test_unquoted_yaml_times_are_read_as_the_cloud_writes_them() -> None:
    """YAML turns an unquoted 2024-05-01T10:00:00Z into a datetime; a seed takes it as
    the time it names (a time in another zone is moved to UTC)."""
    text = """
project_id: p1
vpcs:
  - {id: vpc-1, cidr: 10.0.0.0/16, created_at: 2024-05-01T10:00:00Z}
jobs:
  - {job_id: job-1, job_type: cloneLoadbalancer, begin_time: 2024-05-01T12:00:00+02:00}
"""
    snapshot = build_snapshot([("seed.yaml", parse_seed(text, source="seed.yaml"))])

    assert [vpc["created_at"] for vpc in table_rows(snapshot, "vpcs")] == ["2024-05-01T10:00:00Z"]
    assert [job["begin_time"] for job in table_rows(snapshot, "jobs")] == ["2024-05-01T10:00:00Z"]
