"""What must not depend on the database engine: SQLite and PostgreSQL answer alike.

The suite runs these on its engine (`--database-url`); CI runs it on both. Each test pins a
difference PostgreSQL showed: a linguistic collation that orders ids unlike SQLite, LIKE that
is case-sensitive there and not on SQLite, INTEGER columns of 32 bits, and VARCHAR(n) widths
that only PostgreSQL enforces.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import Integer, String, create_engine, make_url, text
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.models import HealthMonitor, Listener, LoadBalancer, Member, Pool
from mockelb.schemas.healthmonitors import CreateHealthMonitorOption, UpdateHealthMonitorOption
from mockelb.schemas.listeners import CreateListenerOption, UpdateListenerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption, UpdateLoadBalancerOption
from mockelb.schemas.members import (
    BatchCreateMembersOption,
    BatchUpdateMembersOption,
    CreateMemberOption,
    UpdateMemberOption,
)
from mockelb.schemas.pools import CreatePoolOption, UpdatePoolOption
from mockelb.seed import SeedError, snapshot_for
from mockelb.services.healthmonitors import HEALTH_MONITOR_LIST
from mockelb.services.listeners import LISTENER_LIST
from mockelb.services.members import ALL_MEMBER_LIST, MEMBER_LIST
from tests import databases, demo
from tests.error_codes import INVALID_INPUT
from tests.factories import listed_ids
from tests.sdk_checks import assert_error_response

# servers of their own, several processes or engines: the full run, not the developer loop
pytestmark = pytest.mark.slow

AUTH = {"X-Auth-Token": "test-token"}
ELB = f"/v3/{demo.PROJECT}/elb"
POOL_MEMBERS = f"{ELB}/pools/{demo.POOL}/members"

# ids a seed may use, which a linguistic collation (en-US: case and punctuation second)
# puts in another order than bytes do
TRICKY_IDS = ["B-pool", "a-pool", "a_pool", "aa", "a-pool2", "Z", "é", "e", "1", "10", "9"]
TRICKY_IDS += ["a b", "ab", "A", "a", "Ω", "z", "a.b", "a~"]


def app_with(database_url: str, seed: Path, *, demo_data: bool = True) -> TestClient:
    """A fresh app on the database, with the demo data (unless not) and the seed file."""
    snapshot = snapshot_for([seed], demo=demo_data)
    app = create_app(Settings(database_url=database_url), snapshot=snapshot)
    return TestClient(app, headers=AUTH, raise_server_exceptions=False)


def write_seed(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"project_id": demo.PROJECT, **document}), encoding="utf-8")
    return path


def ip_pool(pool_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": pool_id, "protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip", **fields}


@pytest.fixture
def tricky(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """A fresh app with the demo data plus pools, and members of demo.POOL, named by
    TRICKY_IDS."""
    members = [
        {
            "id": member_id,
            "pool_id": demo.POOL,
            "address": f"192.168.0.{20 + n}",
            "protocol_port": 80,
            "subnet_cidr_id": demo.SUBNET,
        }
        for n, member_id in enumerate(TRICKY_IDS)
    ]
    seed = write_seed(
        tmp_path / "tricky.json",
        {"pools": [ip_pool(pool_id) for pool_id in TRICKY_IDS], "members": members},
    )
    with app_with(database_url, seed) as client:
        yield client


def walk(client: TestClient, path: str, collection: str, *, reverse: bool) -> list[str]:
    """Every id of the list, three at a time, following next_marker."""
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 3, "page_reverse": str(reverse).lower()}
    for _ in range(100):
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        page = [item["id"] for item in response.json()[collection]]
        seen = page + seen if reverse else seen + page
        marker = response.json()["page_info"].get("next_marker")
        if marker is None:
            return seen
        params["marker"] = page[0] if reverse else marker
    raise AssertionError("the walk did not end")


LISTS = [
    pytest.param(f"{ELB}/pools", "pools", id="pools"),
    pytest.param(POOL_MEMBERS, "members", id="pool-members"),
    pytest.param(f"{ELB}/members", "members", id="all-members"),
]


# --- ids order byte-wise ---------------------------------------------------------------


@pytest.mark.parametrize(("path", "collection"), LISTS)
def test_a_list_is_in_byte_order_of_the_ids(tricky: TestClient, path: str, collection: str) -> None:
    listed = listed_ids(tricky, path, collection)

    assert listed == sorted(listed)  # Python compares code points: UTF-8 byte order
    assert set(TRICKY_IDS) <= set(listed)


@pytest.mark.parametrize(("path", "collection"), LISTS)
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "page_reverse"])
def test_paging_walks_the_byte_order(
    tricky: TestClient, path: str, collection: str, reverse: bool
) -> None:
    everything = listed_ids(tricky, path, collection)

    assert walk(tricky, path, collection, reverse=reverse) == everything


@pytest.mark.parametrize(
    ("marker", "reverse", "expected"),
    [
        ("a-pool", False, ["a-pool2", "a.b", "a_pool"]),
        ("a_pool", True, ["a b", "a-pool", "a-pool2", "a.b"]),
        ("Z", False, ["a", "a b", "a-pool"]),
        ("ab", False, ["a~", "e", "z"]),
        ("z", False, ["é", "Ω"]),
        ("Ω", False, []),
        ("A", True, [demo.POOL_HTTP, demo.POOL_STANDALONE, "9"]),  # 8c7b…06, 8c7b…07
    ],
)
def test_a_marker_splits_the_byte_order(
    tricky: TestClient, marker: str, reverse: bool, expected: list[str]
) -> None:
    params = {"marker": marker, "limit": len(expected) or 1, "page_reverse": str(reverse).lower()}

    assert listed_ids(tricky, f"{ELB}/pools", "pools", **params) == expected


# --- availability_zone_list matches elements exactly -------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (demo.AZ_1, [demo.LB, demo.LB_IP_TARGETS]),
        ([demo.AZ_3, demo.AZ_2], [demo.LB, demo.LB_IP_TARGETS]),
        (f"{demo.AZ_1},{demo.AZ_2}", []),  # not a csv key: one zone with a comma
        (demo.AZ_3, []),
        (demo.AZ_1.upper(), []),  # SQLite's LIKE ignored case, PostgreSQL's does not
        ("CN-north-4a", []),
        ("cn-north-4", []),
        ("north", []),
        ("cn-north-4_", []),
        ("%", []),
        ("_", []),
        (f'"{demo.AZ_1}"', []),
        (f'["{demo.AZ_1}"', []),
        ("", []),
    ],
)
def test_availability_zone_list_matches_a_whole_zone_exactly(
    app_client: TestClient, value: str | list[str], expected: list[str]
) -> None:
    listed = listed_ids(
        app_client, f"{ELB}/loadbalancers", "loadbalancers", availability_zone_list=value
    )

    assert listed == expected


def test_availability_zone_list_finds_a_zone_written_through_the_api(
    app_client: TestClient,
) -> None:
    body = {
        "loadbalancer": {
            "vpc_id": demo.VPC,
            "vip_subnet_cidr_id": demo.SUBNET,
            "availability_zone_list": [demo.AZ_3],
        }
    }
    created = app_client.post(f"{ELB}/loadbalancers", json=body)
    assert created.status_code == 201, created.text
    lb_id = created.json()["loadbalancer"]["id"]

    path = f"{ELB}/loadbalancers"
    assert listed_ids(app_client, path, "loadbalancers", availability_zone_list=demo.AZ_3) == [
        lb_id
    ]
    assert lb_id not in listed_ids(
        app_client, path, "loadbalancers", availability_zone_list=demo.AZ_1
    )


# --- filters on the JSON objects of pools ------------------------------------------------


@pytest.fixture
def json_pools(app_client: TestClient) -> dict[str, str]:
    """Pools whose JSON objects differ, written through the API: name -> id."""
    bodies = {
        "drained": {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "type": "ip",
            "connection_drain": {"enable": True, "timeout": 100},
            "pool_health": {"minimum_healthy_member_count": 1},
        },
        "quic": {
            "protocol": "QUIC",
            "lb_algorithm": "QUIC_CID",
            "loadbalancer_id": demo.LB_IP_TARGETS,
            "session_persistence": {"type": "SOURCE_IP"},
            "quic_cid_hash_strategy": {"len": 5, "offset": 2},
        },
        "affine": {
            "protocol": "UDP",
            "lb_algorithm": "ROUND_ROBIN",
            "loadbalancer_id": demo.LB_IP_TARGETS,
            "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 2},
        },
    }
    made = {}
    for name, body in bodies.items():
        response = app_client.post(f"{ELB}/pools", json={"pool": {"name": name, **body}})
        assert response.status_code == 201, response.text
        made[name] = response.json()["pool"]["id"]
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("connection_drain=true", {"drained"}),
        ("pool_health=minimum_healthy_member_count=1", {"drained"}),
        ("quic_cid_len=5", {"quic"}),
        ("quic_cid_offset=2", {"quic"}),
        ("quic_cid_len=3", set()),
        ("quic_cid_len=5&quic_cid_offset=1", set()),
        ("az_affinity=enable=true", {"affine", "demo-affinity"}),
        ("az_affinity=enable=true&az_affinity=enable=false", {"affine", "demo-affinity", "*"}),
        ("connection_drain=true&pool_health=minimum_healthy_member_count=0", set()),
    ],
)
def test_json_object_filters_of_pools(
    app_client: TestClient, json_pools: dict[str, str], query: str, expected: set[str]
) -> None:
    listed = set(listed_ids(app_client, f"{ELB}/pools?{query}", "pools"))
    named = {name for name, pool_id in json_pools.items() if pool_id in listed}
    if demo.POOL_AZ_AFFINITY in listed:
        named.add("demo-affinity")
    if "*" in expected:
        assert listed >= set(json_pools.values()) | set(demo.ALL_POOLS)
        return

    assert named == expected


def test_json_object_filters_see_the_absent_object_as_off(
    app_client: TestClient, json_pools: dict[str, str]
) -> None:
    everything = set(listed_ids(app_client, f"{ELB}/pools", "pools"))
    on = set(listed_ids(app_client, f"{ELB}/pools", "pools", connection_drain="true"))
    off = set(listed_ids(app_client, f"{ELB}/pools", "pools", connection_drain="false"))
    count_0 = set(
        listed_ids(
            app_client, f"{ELB}/pools", "pools", pool_health="minimum_healthy_member_count=0"
        )
    )

    assert on | off == everything and not on & off
    assert count_0 == everything - {json_pools["drained"]}


# --- integers are 32-bit everywhere --------------------------------------------------------


def _integer_filters(path: str, model: type[Any], keys: frozenset[str]) -> list[Any]:
    columns = model.__table__.columns
    return [
        pytest.param(path, key, id=f"{path.rsplit('/', 1)[-1]}-{key}")
        for key in sorted(keys)
        if key in columns and isinstance(columns[key].type, Integer)
    ]


INTEGER_FILTERS = [
    *_integer_filters(f"{ELB}/listeners", Listener, LISTENER_LIST.keys),
    *_integer_filters(POOL_MEMBERS, Member, MEMBER_LIST.keys),
    *_integer_filters(f"{ELB}/members", Member, ALL_MEMBER_LIST.keys),
    *_integer_filters(f"{ELB}/healthmonitors", HealthMonitor, HEALTH_MONITOR_LIST.keys),
    pytest.param(f"{ELB}/pools", "quic_cid_len", id="pools-quic_cid_len"),
    pytest.param(f"{ELB}/pools", "quic_cid_offset", id="pools-quic_cid_offset"),
]


def test_the_integer_filters_are_found() -> None:
    keys = {param.values[1] for param in INTEGER_FILTERS}
    assert {"protocol_port", "weight", "delay", "connection_limit", "quic_cid_len"} <= keys


@pytest.mark.parametrize(("path", "key"), INTEGER_FILTERS)
@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**63, 10**30])
def test_an_integer_filter_past_32_bits_is_400(
    app_client: TestClient, path: str, key: str, value: int
) -> None:
    error = assert_error_response(
        app_client.get(path, params={key: str(value)}), 400, INVALID_INPUT
    )
    assert key in error["error_msg"]


@pytest.mark.parametrize(("path", "key"), INTEGER_FILTERS)
@pytest.mark.parametrize("value", [2**31 - 1, -(2**31)])
def test_an_integer_filter_at_the_32_bit_bounds_is_answered(
    app_client: TestClient, path: str, key: str, value: int
) -> None:
    response = app_client.get(path, params={key: str(value)})

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("value", [2**31 - 1, -(2**31)])
def test_pool_health_at_the_32_bit_bounds_is_answered(app_client: TestClient, value: int) -> None:
    params = {"pool_health": f"minimum_healthy_member_count={value}"}
    assert app_client.get(f"{ELB}/pools", params=params).json()["pools"] == []


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1])
def test_pool_health_past_32_bits_is_400(app_client: TestClient, value: int) -> None:
    params = {"pool_health": f"minimum_healthy_member_count={value}"}
    assert_error_response(app_client.get(f"{ELB}/pools", params=params), 400, INVALID_INPUT)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            f"{ELB}/pools",
            {
                "pool": {
                    "protocol": "TCP",
                    "lb_algorithm": "ROUND_ROBIN",
                    "type": "ip",
                    "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 2**31},
                }
            },
            "pool.session_persistence.persistence_timeout",
        ),
        (
            f"{ELB}/listeners",
            {
                "listener": {
                    "loadbalancer_id": demo.LB,
                    "protocol": "TCP",
                    "protocol_port": 2**31,
                }
            },
            "listener.protocol_port",
        ),
        (
            f"{POOL_MEMBERS}/batch-add",
            {"members": [{"address": "192.168.0.9", "protocol_port": 80, "weight": 2**31}]},
            "members[0].weight",
        ),
    ],
)
def test_a_body_integer_past_32_bits_is_400(
    app_client: TestClient, path: str, body: dict[str, Any], field: str
) -> None:
    error = assert_error_response(app_client.post(path, json=body), 400, INVALID_INPUT)
    assert field in error["error_msg"]


# --- strings fit their columns --------------------------------------------------------------

WRITTEN_BY = [
    (LoadBalancer, [CreateLoadBalancerOption, UpdateLoadBalancerOption]),
    (Listener, [CreateListenerOption, UpdateListenerOption]),
    (Pool, [CreatePoolOption, UpdatePoolOption]),
    (HealthMonitor, [CreateHealthMonitorOption, UpdateHealthMonitorOption]),
    (
        Member,
        [
            BatchCreateMembersOption,
            CreateMemberOption,
            UpdateMemberOption,
            BatchUpdateMembersOption,
        ],
    ),
]


def _longest(schema: dict[str, Any]) -> int | None:
    """The longest string the JSON schema of a field admits (None: no limit, 0: no string)."""
    options = schema.get("anyOf", [schema])
    longest = 0
    for option in options:
        if "enum" in option or "const" in option:
            values = option.get("enum", [option.get("const")])
            longest = max([longest, *(len(v) for v in values if isinstance(v, str))])
        elif option.get("type") == "string":
            if "maxLength" not in option:
                return None
            longest = max(longest, option["maxLength"])
    return longest


@pytest.mark.parametrize(
    ("model", "schema"),
    [
        pytest.param(model, schema, id=schema.__name__)
        for model, schemas in WRITTEN_BY
        for schema in schemas
    ],
)
def test_every_string_a_client_sends_fits_its_column(
    model: type[Any], schema: type[BaseModel]
) -> None:
    """PostgreSQL refuses a value longer than its VARCHAR(n) (SQLite stores it): the request
    schema must refuse it first, with the cloud's 400."""
    columns = model.__table__.columns
    properties = schema.model_json_schema()["properties"]
    too_wide = {}
    for name, field in properties.items():
        if name not in columns or not isinstance(columns[name].type, String):
            continue
        width = columns[name].type.length
        longest = _longest(field)
        if width is not None and (longest is None or longest > width):
            too_wide[name] = (longest, width)

    assert too_wide == {}


def test_a_seed_value_longer_than_its_column_is_refused_on_every_engine(tmp_path: Path) -> None:
    seed = write_seed(tmp_path / "long.json", {"pools": [ip_pool("p" * 65)]})

    with pytest.raises(SeedError) as info:
        snapshot_for([seed], demo=False)

    assert str(info.value) == (f"{seed}: pools.id '{'p' * 40}…' is longer than 64 characters")


def test_seed_values_as_long_as_their_columns_start(database_url: str, tmp_path: Path) -> None:
    pool_id = "p" * 64
    seed = write_seed(tmp_path / "wide.json", {"pools": [ip_pool(pool_id, name="é" * 255)]})

    with app_with(database_url, seed, demo_data=False) as client:
        pool = client.get(f"{ELB}/pools/{pool_id}").json()["pool"]

    assert (pool["id"], pool["name"]) == (pool_id, "é" * 255)


# --- the suite's databases ---------------------------------------------------------------


def test_each_fresh_database_starts_empty_and_apart(database_url: str, tmp_path: Path) -> None:
    seed = write_seed(tmp_path / "one.json", {"pools": [ip_pool("only-here")]})
    with (
        app_with(database_url, seed, demo_data=False) as first,
        databases.fresh_database() as other_url,
        app_with(other_url, write_seed(tmp_path / "none.json", {}), demo_data=False) as second,
    ):
        assert listed_ids(first, f"{ELB}/pools", "pools") == ["only-here"]
        assert listed_ids(second, f"{ELB}/pools", "pools") == []


@pytest.mark.postgres
def test_a_released_database_is_dropped_with_its_connections(tmp_path: Path) -> None:
    with databases.fresh_database() as url:
        seed = write_seed(tmp_path / "seed.json", {"pools": [ip_pool("p")]})
        with app_with(url, seed, demo_data=False) as client:
            assert listed_ids(client, f"{ELB}/pools", "pools") == ["p"]
    schema = make_url(url).query["application_name"]

    admin = create_engine(make_url(url).difference_update_query(["options", "application_name"]))
    with admin.connect() as connection:
        sessions = connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": schema},
        )
        exists = connection.scalar(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = :name"), {"name": schema}
        )
    admin.dispose()

    assert (sessions, exists) == (0, 0)
