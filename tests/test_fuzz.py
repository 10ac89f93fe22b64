"""Fuzz properties: no input a client can send breaks the error contract.

Whatever arrives (any JSON, any bytes, any content type, any query string, any path
segment, any credential headers), mockelb answers:

* never a 500 and never a FastAPI-shaped 422;
* every error is exactly {"error_msg", "error_code", "request_id"}, request_id equal to
  the X-Request-Id header;
* every 2xx JSON body carries the request_id of its X-Request-Id header;
* a rejected write changes nothing (the pools, load balancers and members read the same).

Every example starts from the demo data: a write that went through is undone with
/_mockelb/reset, so "unchanged" is compared with the state read once per app right after
a reset (the list the write targets, through the API, and every row of the database).

Every property is marked `fuzz` and `slow`, one by one rather than by module: the two
fast, deterministic checks of the fuzzer's own tables (test_the_sweep_bodies_are_accepted,
test_the_fuzzed_routes_are_every_api_operation) stay in the developer loop.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import suppress
from typing import Any
from urllib.parse import quote, quote_from_bytes, unquote

import anyio
import httpx2
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.testclient import TestClient

from mockelb.db import Database, Snapshot
from mockelb.services.certificates import CERTIFICATE_LIST
from mockelb.services.domain_ips import DOMAIN_IP_LIST
from mockelb.services.flavors import FLAVOR_LIST
from mockelb.services.healthmonitors import HEALTH_MONITOR_LIST
from mockelb.services.ipgroups import IP_GROUP_LIST
from mockelb.services.jobs import JOB_LIST
from mockelb.services.listeners import LISTENER_LIST
from mockelb.services.loadbalancers import LOAD_BALANCER_LIST
from mockelb.services.local_ports import FILTER_KEYS as LOCAL_PORT_FILTERS
from mockelb.services.logtanks import LOGTANK_LIST
from mockelb.services.master_slave_pools import MASTER_SLAVE_POOL_LIST
from mockelb.services.members import ALL_MEMBER_LIST, MEMBER_LIST
from mockelb.services.pools import POOL_LIST
from mockelb.services.recycle_bin import RECYCLE_BIN_LIST
from mockelb.services.security_policies import SECURITY_POLICY_LIST
from mockelb.services.topology import LISTENER_FILTERS, POOL_FILTERS
from tests import demo
from tests.certificates import server_certificate

ELB = f"/v3/{demo.PROJECT}/elb"
ERROR_KEYS = frozenset({"error_msg", "error_code", "request_id"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

DEMO_POOLS = demo.ALL_POOLS
DEMO_LBS = (demo.LB, demo.LB_IP_TARGETS)
OTHER_LISTENER = "0b11747a-b139-492f-9692-2df0b1c87102"
SUBNET_CIDR_IDS = (demo.SUBNET, demo.SUBNET_2, demo.DUALSTACK_SUBNET, demo.OTHER_VPC_SUBNET)
NETWORK_IDS = (
    demo.SUBNET_VPC_ID,
    demo.DUALSTACK_NETWORK,
    "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02",
    "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04",
)
ALL_DEMO_IDS = (
    *DEMO_POOLS,
    *DEMO_LBS,
    *SUBNET_CIDR_IDS,
    *NETWORK_IDS,
    demo.VPC,
    demo.OTHER_VPC,
    demo.LISTENER,
    OTHER_LISTENER,
    demo.IPGROUP,
    demo.ECS_1,
    demo.ECS_1_PORT,
    demo.ECS_2,
    demo.PROJECT,
)


# MOCKELB_FUZZ_SCALE=10 runs ten times the examples (a longer hunt than the default ~60 s)
SCALE = float(os.environ.get("MOCKELB_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """Settings of the properties here: no deadline, the app_client shared by examples."""
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# ---------------------------------------------------------------------------------------
# The contract
# ---------------------------------------------------------------------------------------


def _describe(response: httpx2.Response) -> str:
    request = response.request
    sent = request.content[:300] if request.content else b""
    return (
        f"{request.method} {request.url} body={sent!r} -> {response.status_code} "
        f"{response.content[:500]!r}"
    )


def check_contract(response: httpx2.Response) -> None:
    """No 500, no 422, errors in the flat envelope, request ids that agree."""
    where = _describe(response)
    assert response.status_code != 500, f"500: {where}"
    assert response.status_code != 422, f"422: {where}"
    assert response.status_code < 500, f"5xx: {where}"
    header = response.headers.get("x-request-id")
    assert header, f"no X-Request-Id: {where}"
    if response.status_code >= 400:
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(f"error body is not JSON: {where}") from None
        assert isinstance(body, dict), f"error body is not an object: {where}"
        assert set(body) == ERROR_KEYS, f"error keys {sorted(body)}: {where}"
        assert all(isinstance(body[key], str) for key in ERROR_KEYS), where
        assert body["request_id"] == header, f"request_id != X-Request-Id: {where}"
    elif response.status_code < 300 and _is_json(response) and not _is_schema(response):
        body = response.json()
        assert isinstance(body, dict), f"2xx body is not an object: {where}"
        assert body.get("request_id") == header, f"2xx request_id != X-Request-Id: {where}"


# admin bodies whose shape the contract fixes: a seed document (loadable as it is), the
# journal and the fault rules
_CONTRACT_BODIES = ("/_mockelb/state", "/_mockelb/requests", "/_mockelb/faults")


def _is_schema(response: httpx2.Response) -> bool:
    # the OpenAPI document describes the API, and the version list's model has no
    # request_id, nor have those of the tag operations (show and list): none is an API
    # response with a request_id in the body
    path = response.request.url.path
    tags = path.startswith("/v3/") and path.endswith("/tags")
    return (
        tags or path in ("/_mockelb/openapi.json", "/versions") or path.startswith(_CONTRACT_BODIES)
    )


def _is_json(response: httpx2.Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/json")


# ---------------------------------------------------------------------------------------
# State: what a rejected write must leave alone
# ---------------------------------------------------------------------------------------

# The lists a write can change, by the collection it writes to
WATCHED_LISTS = frozenset(
    {
        f"{ELB}/pools",
        f"{ELB}/master-slave-pools",
        f"{ELB}/loadbalancers",
        f"{ELB}/listeners",
        f"{ELB}/healthmonitors",
        f"{ELB}/ipgroups",
        f"{ELB}/security-policies",
        f"{ELB}/logtanks",
        f"{ELB}/certificates",
        *(f"{ELB}/pools/{pool}/members" for pool in DEMO_POOLS),
        *(f"{ELB}/loadbalancers/{lb}/dns/ips" for lb in DEMO_LBS),
    }
)


def read_list(client: TestClient, path: str) -> tuple[int, Any]:
    """What the API lists at path (status and body, without the request id)."""
    response = client.get(path)
    check_contract(response)
    body = response.json()
    body.pop("request_id", None)
    return response.status_code, body


def watched_list(path: str) -> str | None:
    """The list a write to path can change: members of the pool for a batch-add or a
    member delete, the pools for a pool create or delete, and so on (demo ids only)."""
    for suffix in ("/batch-add", "/batch-delete", "/batch-update", "/delete-cascade", "/force"):
        path = path.removesuffix(suffix)
    for candidate in (path, path.rsplit("/", 1)[0]):
        if candidate in WATCHED_LISTS:
            return candidate
    return None


def rows(client: TestClient) -> Snapshot:
    """Every row of every table, in a fixed order (PostgreSQL returns rows in no set order:
    an update that rolls back may move its row)."""
    database: Database = client.app.state.database  # type: ignore[attr-defined]
    return [
        (table, sorted(table_rows, key=lambda row: repr(sorted(row.items()))))
        for table, table_rows in database.snapshot()
    ]


def _seed(client: TestClient) -> dict[str, Any]:
    """What this app showed right after a reset, read once per app (kept on app.state)."""
    app_state = client.app.state  # type: ignore[attr-defined]
    if not hasattr(app_state, "fuzz_seed"):
        reset(client)
        app_state.fuzz_seed = {"rows": rows(client), "lists": {}}
    seed: dict[str, Any] = app_state.fuzz_seed
    return seed


def seed_rows(client: TestClient) -> Snapshot:
    """The rows right after a reset."""
    snapshot: Snapshot = _seed(client)["rows"]
    return snapshot


def seed_list(client: TestClient, path: str) -> tuple[int, Any]:
    """The list at path right after a reset."""
    lists: dict[str, tuple[int, Any]] = _seed(client)["lists"]
    if path not in lists:
        reset(client)
        lists[path] = read_list(client, path)
    return lists[path]


def reset(client: TestClient) -> None:
    response = client.post("/_mockelb/reset")
    assert response.status_code == 200, response.text


def check_write(client: TestClient, response: httpx2.Response, lists: bool = True) -> None:
    """The contract, and: a rejected write changed nothing, neither the list it writes
    to (members of that pool, pools, load balancers; unless lists is false) nor any row
    of the database.

    Every example starts at the demo state: a write that went through (or broke the
    contract, or changed something while failing) is undone here with a reset.
    """
    is_write = response.request.method in WRITE_METHODS
    try:
        check_contract(response)
    except AssertionError:
        if is_write:
            reset(client)
        raise
    if not is_write:
        return
    if response.status_code < 400:
        reset(client)
        return
    changed = []
    watched = watched_list(response.request.url.path) if lists else None
    if watched is not None and read_list(client, watched) != seed_list(client, watched):
        changed.append(f"the list {watched}")
    if rows(client) != seed_rows(client):
        changed.append("the database rows")
    if changed:
        reset(client)
        raise AssertionError(
            f"rejected write changed {' and '.join(changed)}: {_describe(response)}"
        )


# ---------------------------------------------------------------------------------------
# Strategies: JSON values, bodies, bytes, segments, query strings, headers
# ---------------------------------------------------------------------------------------

TRICKY_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n\r",
    "null",
    "true",
    "0",
    "-1",
    "1e400",
    "NaN",
    "\u202e",
    "\ufeff",
    "\U0001f600",
    "１２３",
    "٣",
    "é" * 300,
    "a" * 36,
    "a" * 37,
    "a" * 64,
    "a" * 65,
    "a" * 255,
    "a" * 256,
    "a" * 1025,
    "\x00" * 40,
    "' OR 1=1 --",
    "%s%n{0}",
    "../../etc/passwd",
    "192.168.0.10",
    "2001:db8:a583:2::10",
    *ALL_DEMO_IDS,
    demo.PROJECT.upper(),
    demo.POOL.upper(),
    f" {demo.POOL}",
    f"{demo.POOL}\x00",
)
HUGE_INTS = st.one_of(
    st.sampled_from(
        [2**31, 2**31 - 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, 10**400, -(10**400)]
    ),
    st.integers(min_value=2**63, max_value=2**300),
    st.integers(max_value=-(2**63) - 1, min_value=-(2**300)),
)
SURROGATE_TEXT = st.text(
    st.one_of(st.characters(), st.characters(categories=["Cs"])), min_size=1, max_size=10
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(TRICKY_TEXT),
    SURROGATE_TEXT,
)
INTS = st.one_of(st.integers(min_value=-10, max_value=70000), st.integers(), HUGE_INTS)
FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, 80.0, 1e308, -1e308, 5e-324, 0.5, 65535.0]),
)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(TEXT, children, max_size=4),
    ),
    max_leaves=12,
)


def encode_json(value: Any, ascii_only: bool) -> bytes:
    """JSON bytes; lone surrogates come out as \\udXXX escapes or as invalid UTF-8."""
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=False).encode(
        "utf-8", "surrogatepass"
    )


def json_bytes(values: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    return st.builds(encode_json, values, st.booleans())


def field(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a plausible value, sometimes anything at all."""
    return st.one_of(plausible, plausible, plausible, JSON_VALUES)


def with_extras(body: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Sometimes an unknown attribute or two next to the known ones."""
    extras = st.one_of(st.just({}), st.just({}), st.dictionaries(TEXT, JSON_VALUES, max_size=2))
    return st.builds(lambda known, more: {**more, **known}, body, extras)


def options(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """An object whose fields are each plausible or garbage, optional ones maybe missing,
    required ones sometimes missing too."""
    mutated_required = {name: field(value) for name, value in required.items()}
    mutated_optional = {name: field(value) for name, value in optional.items()}
    everything_optional = {**mutated_required, **mutated_optional}
    return with_extras(
        st.one_of(
            st.fixed_dictionaries(mutated_required, optional=mutated_optional),
            st.fixed_dictionaries(mutated_required, optional=mutated_optional),
            st.fixed_dictionaries({}, optional=everything_optional),
        )
    )


def envelope(
    key: str, inner: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:  # {"key": inner}, mostly; sometimes the wrong shape
    return st.one_of(
        with_extras(st.fixed_dictionaries({key: inner})),
        with_extras(st.fixed_dictionaries({key: inner})),
        with_extras(st.fixed_dictionaries({key: inner})),
        inner,
        st.lists(inner, max_size=2),
        st.fixed_dictionaries({key: JSON_VALUES}),
    )


BOOLS = st.one_of(st.booleans(), st.sampled_from(["true", "false", 0, 1, "True"]))
NAMES = st.one_of(st.text(max_size=20), st.sampled_from(TRICKY_TEXT))
RESOURCE_IDS = st.one_of(
    st.sampled_from(ALL_DEMO_IDS),
    st.uuids().map(str),
    st.sampled_from(["", " ", "a" * 36, "a" * 37, "\x00" * 36]),
)

# --- batch-add members -----------------------------------------------------------------

MEMBER_ADDRESSES = st.one_of(
    st.sampled_from(
        [
            "192.168.0.10",
            "192.168.0.20",
            "192.168.0.100",
            "192.168.0.0",
            "192.168.0.255",
            "192.168.0.1",
            "192.168.1.30",
            "192.168.2.10",
            "192.168.2.20",
            "2001:db8:a583:2::10",
            "2001:db8:a583:2::20",
            "2001:DB8:A583:2:0:0:0:20",
            "2001:db8:a583:2::",
            "10.0.0.5",
            "172.16.0.5",
            "8.8.8.8",
            "::1",
            "::ffff:192.168.0.20",
            "192.168.000.020",
            "fe80::1%eth0",
            "192.168.0.20/32",
            "0",
            "",
            " 192.168.0.20",
        ]
    ),
    st.ip_addresses().map(str),
)
MEMBER_ITEMS = options(
    {"address": MEMBER_ADDRESSES},
    {
        "protocol_port": st.one_of(st.sampled_from([0, 1, 80, 443, 65535, 65536, -1]), INTS),
        "subnet_cidr_id": st.one_of(
            st.sampled_from(SUBNET_CIDR_IDS), st.sampled_from(NETWORK_IDS), RESOURCE_IDS
        ),
        "weight": st.one_of(st.integers(min_value=-1, max_value=101), INTS),
        "name": NAMES,
        "availability_zone": st.one_of(
            st.sampled_from([demo.AZ_1, demo.AZ_2, demo.AZ_3, "cn-north-4d", "", "a" * 65]),
            TEXT,
        ),
    },
)
MEMBER_BATCHES = st.one_of(
    st.lists(MEMBER_ITEMS, max_size=6),
    # around the 200-item limit: one item repeated
    st.builds(lambda item, count: [item] * count, MEMBER_ITEMS, st.integers(199, 201)),
)
MEMBER_BODIES = envelope("members", MEMBER_BATCHES)

# --- create pool -----------------------------------------------------------------------

PROTOCOLS = ["TCP", "UDP", "IP", "TLS", "GRPC", "HTTP", "HTTPS", "QUIC"]
ALGORITHMS = [
    "ROUND_ROBIN",
    "LEAST_CONNECTIONS",
    "SOURCE_IP",
    "QUIC_CID",
    "2_TUPLE_HASH",
    "3_TUPLE_HASH",
    "5_TUPLE_HASH",
]
POOL_OPTION = options(
    {"protocol": st.sampled_from([*PROTOCOLS, "tcp", "SCTP", ""])},
    {
        "lb_algorithm": st.sampled_from([*ALGORITHMS, "round_robin", ""]),
        "loadbalancer_id": st.one_of(st.sampled_from(DEMO_LBS), RESOURCE_IDS),
        "listener_id": st.one_of(st.sampled_from([demo.LISTENER, OTHER_LISTENER]), RESOURCE_IDS),
        "type": st.sampled_from(["instance", "ip", "", "IP", "INSTANCE"]),
        "vpc_id": st.one_of(st.sampled_from([demo.VPC, demo.OTHER_VPC]), RESOURCE_IDS),
        "name": NAMES,
        "description": NAMES,
        "admin_state_up": BOOLS,
        "project_id": st.sampled_from([demo.PROJECT, "0" * 32, "0" * 33, ""]),
        "ip_version": st.sampled_from(["v4", "dualstack", "v6", "ipv4", ""]),
        "session_persistence": options(
            {"type": st.sampled_from(["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE", "", "NONE"])},
            {
                "cookie_name": st.one_of(NAMES, st.just("a" * 1025)),
                "persistence_timeout": st.one_of(
                    st.sampled_from([0, 1, 60, 61, 1440, 1441, -1]), INTS
                ),
            },
        ),
        "slow_start": options(
            {},
            {
                "enable": BOOLS,
                "duration": st.one_of(st.sampled_from([29, 30, 1200, 1201]), INTS),
            },
        ),
        "member_deletion_protection_enable": BOOLS,
        "protection_status": st.sampled_from(["nonProtection", "consoleProtection", ""]),
        "protection_reason": NAMES,
        "any_port_enable": BOOLS,
        "connection_drain": options(
            {"enable": BOOLS},
            {"timeout": st.one_of(st.sampled_from([9, 10, 300, 4000, 4001]), INTS)},
        ),
        "pool_health": options(
            {}, {"minimum_healthy_member_count": st.sampled_from([0, 1, 2, -1, True])}
        ),
        "az_affinity": options(
            {"enable": BOOLS},
            {
                "az_minimum_healthy_member_percentage": st.one_of(
                    st.sampled_from([-2, -1, 0, 50, 100, 101]), INTS
                ),
                "az_minimum_healthy_member_count": st.one_of(
                    st.sampled_from([-2, -1, 0, 1, 10000, 10001]), INTS
                ),
                "az_unhealthy_fallback_strategy": st.sampled_from(
                    [
                        "forward_to_all_member_of_local_az",
                        "forward_to_healthy_member_of_remote_az",
                        "forward_to_all_healthy_member",
                        "forward_to_all_member",
                        "",
                    ]
                ),
            },
        ),
        "quic_cid_hash_strategy": options(
            {},
            {
                "len": st.one_of(st.integers(min_value=0, max_value=21), INTS),
                "offset": st.one_of(st.integers(min_value=-1, max_value=20), INTS),
            },
        ),
        "public_border_group": st.sampled_from(["center", "", "a" * 65]),
        "enterprise_project_id": st.sampled_from(["0", "", "a" * 37, str(demo.VPC)]),
    },
)
POOL_BODIES = envelope("pool", POOL_OPTION)

# --- create load balancer --------------------------------------------------------------

AZS = st.sampled_from([demo.AZ_1, demo.AZ_2, demo.AZ_3, "cn-north-4d", ""])
LB_OPTION = options(
    {"availability_zone_list": st.lists(st.one_of(AZS, AZS, TEXT), max_size=4)},
    {
        "name": NAMES,
        "description": NAMES,
        "project_id": st.sampled_from([demo.PROJECT, "0" * 32, "0" * 33]),
        "vpc_id": st.one_of(st.sampled_from([demo.VPC, demo.OTHER_VPC]), RESOURCE_IDS),
        "vip_subnet_cidr_id": st.one_of(st.sampled_from(SUBNET_CIDR_IDS), RESOURCE_IDS),
        "vip_address": st.one_of(
            st.sampled_from(
                [
                    "192.168.0.50",
                    "192.168.0.100",
                    "192.168.0.1",
                    "192.168.0.0",
                    "192.168.0.255",
                    "192.168.2.10",
                    "172.16.0.50",
                    "10.0.0.1",
                    "::1",
                    "192.168.000.050",
                    "",
                ]
            ),
            st.ip_addresses().map(str),
        ),
        "ipv6_vip_virsubnet_id": st.one_of(st.sampled_from(NETWORK_IDS), RESOURCE_IDS),
        "ipv6_vip_address": st.one_of(
            st.sampled_from(
                [
                    "2001:db8:a583:2::50",
                    "2001:db8:a583:2::10",
                    "2001:db8:a583:2::1",
                    "2001:db8:a583:2::",
                    "2001:db8:a583:3::1",
                    "192.168.2.50",
                    "",
                ]
            ),
            st.ip_addresses(v=6).map(str),
        ),
        "elb_virsubnet_ids": st.lists(
            st.one_of(st.sampled_from(NETWORK_IDS), RESOURCE_IDS), max_size=4
        ),
        "ip_target_enable": BOOLS,
        "provider": st.sampled_from(["vlb", "", "octavia"]),
        "l4_flavor_id": st.one_of(RESOURCE_IDS),
        "l7_flavor_id": st.one_of(RESOURCE_IDS),
        "guaranteed": BOOLS,
        "admin_state_up": BOOLS,
        "enterprise_project_id": st.sampled_from(["0", "", "a" * 37]),
        "tags": st.lists(
            options(
                {"key": st.one_of(NAMES, st.just("k" * 37))},
                {"value": st.one_of(st.none(), NAMES, st.just("v" * 44))},
            ),
            max_size=3,
        ),
        "billing_info": NAMES,
        "ipv6_bandwidth": st.dictionaries(TEXT, JSON_VALUES, max_size=2),
        "publicip_ids": st.lists(RESOURCE_IDS, max_size=2),
        "publicip": options(
            {
                "network_type": st.sampled_from(["5_bgp", "5_sbgp", ""]),
                "bandwidth": st.dictionaries(TEXT, JSON_VALUES, max_size=3),
            },
            {
                "ip_version": st.sampled_from([4, 6, 5, "4"]),
                "billing_info": NAMES,
                "description": NAMES,
            },
        ),
        "deletion_protection_enable": BOOLS,
        "prepaid_options": st.dictionaries(TEXT, JSON_VALUES, max_size=2),
        "autoscaling": options({}, {"enable": BOOLS, "min_l7_flavor_id": RESOURCE_IDS}),
        "waf_failure_action": st.sampled_from(["discard", "forward", ""]),
        "protection_status": st.sampled_from(["nonProtection", "consoleProtection", ""]),
        "protection_reason": NAMES,
        "charge_mode": st.sampled_from(["flavor", "lcu", ""]),
    },
)
LB_BODIES = envelope("loadbalancer", LB_OPTION)

# --- raw bytes and content types -------------------------------------------------------


def _nest(depth: int, opening: str) -> bytes:
    closing = "]" if opening == "[" else "}"
    return (opening * depth + "1" + closing * depth).encode()


RAW_BODIES = st.one_of(
    st.binary(max_size=200),
    json_bytes(JSON_VALUES),
    # valid bodies, cut short
    st.builds(lambda body, cut: body[:cut], json_bytes(MEMBER_BODIES), st.integers(0, 200)),
    st.builds(lambda body, cut: body[:cut], json_bytes(POOL_BODIES), st.integers(0, 200)),
    # invalid UTF-8 inside a JSON string
    st.builds(
        lambda raw: b'{"members": [{"address": "' + raw + b'", "protocol_port": 80}]}',
        st.binary(min_size=1, max_size=10),
    ),
    st.builds(
        lambda raw: (
            b'{"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", '
            b'"loadbalancer_id": "' + demo.LB.encode() + b'", "name": "' + raw + b'"}}'
        ),
        st.binary(min_size=1, max_size=10),
    ),
    # other encodings of a plausible body
    st.builds(
        lambda body, codec: json.dumps(body).encode(codec),
        st.just({"members": [{"address": "192.168.0.20", "protocol_port": 80}]}),
        st.sampled_from(["utf-16", "utf-16-le", "utf-32", "utf-8-sig"]),
    ),
    st.sampled_from(
        [
            b"",
            b" ",
            b"\x00",
            b"\r\n",
            b"null",
            b"[]",
            b"{}",
            b'""',
            b"1",
            b"1e400",
            b'{"members": NaN}',
            b'{"members": Infinity}',
            b'{"members": [{"address": "192.168.0.20", "protocol_port": 1e400}]}',
            b'{"members": [{"address": "192.168.0.20", "protocol_port": 80.0}]}',
            b'{"members": [{"address": "192.168.0.20", "protocol_port": -0}]}',
            b'{"members": [], "members": [{"address": "192.168.0.20"}]}',
            b'{"members": [{"address": "\\ud800", "protocol_port": 80}]}',
            b'{"members": [{"address": "\\udc00\\ud800", "name": "\\u0000"}]}',
            b'{"pool": {"protocol": "TCP", "name": "\\ud800"}}',
            b'{"loadbalancer": {"availability_zone_list": ["\\ud800"]}}',
            b'{"members": [{"address": "192.168.0.20", "protocol_port": 80}]} trailing',
            b"\xef\xbb\xbf{}",
            b"\xff\xfe{\x00}\x00",
            _nest(100, "["),
            _nest(5000, "["),
            _nest(5000, '{"a":'),
        ]
    ),
)
CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=utf-16",
            "application/json; charset=nonsense",
            "text/plain",
            "text/html",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "application/octet-stream",
            "application/merge-patch+json",
            "*/*",
            "",
            ";",
            "application/json\x00",
        ]
    ),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)

# --- path segments ---------------------------------------------------------------------

TRICKY_SEGMENTS = (
    "%00",
    "%ff",
    "%c3%28",
    "%ed%a0%80",
    "%2F",
    "%2f..",
    "%5C",
    "%20",
    "%0a",
    "%25",
    "%",
    "%zz",
    "%2e%2e",
    "a" * 37,
    "a" * 300,
    "null",
    "undefined",
    "0",
    "-1",
    ";",
    "*",
    "~",
)


def _text_segment(text: str) -> str:
    return quote(text, safe="")


SEGMENTS = st.one_of(
    st.text(min_size=1, max_size=40).map(_text_segment),
    st.binary(min_size=1, max_size=40).map(lambda raw: quote_from_bytes(raw, safe="")),
    st.sampled_from(TRICKY_SEGMENTS),
    st.sampled_from(ALL_DEMO_IDS),
    st.sampled_from(TRICKY_TEXT).filter(bool).map(_text_segment),
)
PROJECT_SEGMENTS = st.one_of(
    st.just(demo.PROJECT),
    st.just(demo.PROJECT),
    st.sampled_from(["0" * 32, demo.PROJECT.upper(), demo.PROJECT + "0", demo.PROJECT[:-1]]),
    SEGMENTS,
)
PARAM_SEGMENTS: dict[str, st.SearchStrategy[str]] = {
    "project_id": PROJECT_SEGMENTS,
    "pool_id": st.one_of(st.sampled_from(DEMO_POOLS), SEGMENTS),
    "loadbalancer_id": st.one_of(st.sampled_from(DEMO_LBS), SEGMENTS),
    "vpc_id": st.one_of(st.sampled_from([demo.VPC, demo.OTHER_VPC]), SEGMENTS),
    "subnet_id": st.one_of(st.sampled_from(NETWORK_IDS), SEGMENTS),
    "member_id": SEGMENTS,
    "listener_id": st.one_of(st.sampled_from([demo.LISTENER, OTHER_LISTENER]), SEGMENTS),
    "flavor_id": st.one_of(st.sampled_from([demo.L4_FLAVOR, demo.L7_FLAVOR]), SEGMENTS),
    "healthmonitor_id": SEGMENTS,
    "ipgroup_id": st.one_of(st.just(demo.IPGROUP), SEGMENTS),
    "certificate_id": st.one_of(st.sampled_from([demo.CERTIFICATE, demo.CA_CERTIFICATE]), SEGMENTS),
}

# --- query strings ---------------------------------------------------------------------

NUMERIC_QUERY_VALUES = st.one_of(
    HUGE_INTS.map(str),
    st.sampled_from(
        [
            "1",
            "0",
            "-1",
            "2000",
            "2001",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "-99999999999999999999",
            "1" * 5000,
            "1e3",
            "1.0",
            "0x10",
            "+5",
            " 5",
            "5 ",
            "١٢",
            "１",
            "1_000",
        ]
    ),
    st.integers().map(str),
)
QUERY_VALUES = st.one_of(
    NUMERIC_QUERY_VALUES,
    st.sampled_from(["", "true", "false", "True", "FALSE", "yes", "null", "%00", "\x00"]),
    st.sampled_from(
        [
            "TCP",
            "v4",
            "dualstack",
            "ACTIVE",
            "ONLINE",
            "NO_MONITOR",
            "UNKNOWN",
            "instance",
            "ip",
            "center",
            "192.168.0.10",
            *ALL_DEMO_IDS,
        ]
    ),
    st.text(max_size=30),
    st.binary(max_size=12),
)
QUERY_RAW_PARTS = st.sampled_from(
    [
        "%",
        "%zz",
        "%ff",
        "%00",
        "%ed%a0%80",
        "=",
        "==",
        "&",
        ";",
        "+",
        "limit",
        "limit=",
        "limit=%ff",
        "marker",
        "page_reverse",
        "page_reverse=%00",
        "limit=1&limit=2",
        "weight=%C3%28",
        "a=b=c",
    ]
)


def _query_part(key: str | bytes, value: str | bytes) -> str:
    def encode(part: str | bytes) -> str:
        return quote_from_bytes(part, safe="") if isinstance(part, bytes) else quote(part, safe="")

    return f"{encode(key)}={encode(value)}"


def query_strings(keys: Collection[str]) -> st.SearchStrategy[str]:
    """Repeated and unknown keys, known keys with garbage, and raw fragments."""
    known = st.sampled_from([*sorted(keys), "limit", "marker", "page_reverse"])
    key = st.one_of(known, known, known, st.text(max_size=10), st.binary(max_size=6))
    part = st.one_of(st.builds(_query_part, key, QUERY_VALUES), QUERY_RAW_PARTS)
    return st.lists(part, max_size=6).map("&".join)


# --- auth headers ----------------------------------------------------------------------

SDK_AUTHORIZATION = (
    "SDK-HMAC-SHA256 Access=MOCKELBACCESSKEY0001, SignedHeaders=host;x-sdk-date, "
    "Signature=0123456789abcdef"
)
HEADER_VALUES = st.one_of(
    st.sampled_from(
        [
            "test-token",
            "",
            " ",
            "\t",
            SDK_AUTHORIZATION,
            SDK_AUTHORIZATION.replace("SDK-HMAC-SHA256", "sdk-hmac-sha256"),
            SDK_AUTHORIZATION + "\n",
            SDK_AUTHORIZATION + "Z",
            "Bearer abc",
            "20240101T000000Z",
            "20241301T000000Z",
            "99999999T999999Z",
            "２０２４０１０１T000000Z",
            "20240101T000000Z\x00",
            demo.PROJECT,
            "0" * 32,
            demo.PROJECT.upper(),
        ]
    ).map(lambda text: text.encode("utf-8")),
    st.text(max_size=40).map(lambda text: text.encode("utf-8")),
    st.binary(max_size=40),
)
AUTH_NAMES = ("X-Auth-Token", "Authorization", "X-Sdk-Date", "X-Project-Id")
HEADER_LISTS = st.lists(
    st.tuples(
        st.sampled_from([*AUTH_NAMES, "x-auth-token", "AUTHORIZATION", "X-Domain-Id"]),
        HEADER_VALUES,
    ),
    max_size=5,
)


# ---------------------------------------------------------------------------------------
# The routes the app registers
# ---------------------------------------------------------------------------------------


def api_operations(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every operation the app publishes."""
    operations = []
    for path, methods in app.openapi()["paths"].items():
        for method in methods:
            operations.append((method.upper(), path))
    return sorted(operations)


def plain_routes(app: FastAPI) -> list[str]:
    """The app's own pages outside the API schema (docs, openapi.json, oauth2 redirect)."""
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, Route) and not isinstance(route, APIRoute)
    )


PARAM = re.compile(r"\{(\w+)\}")


def params_of(template: str) -> list[str]:
    return PARAM.findall(template)


def fill(template: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda match: values[match.group(1)], template)


@pytest.fixture
def client(app_client: TestClient) -> Iterator[TestClient]:
    """The app_client, at the demo state."""
    reset(app_client)
    yield app_client


# ---------------------------------------------------------------------------------------
# 1. Arbitrary JSON, and bodies shaped like the real ones with mutated fields
# ---------------------------------------------------------------------------------------

WRITE_TARGETS = st.one_of(
    st.sampled_from(DEMO_POOLS).map(lambda pool: f"{ELB}/pools/{pool}/members/batch-add"),
    st.sampled_from(
        [f"{ELB}/pools/{demo.POOL}/members/{action}" for action in ("batch-delete", "batch-update")]
    ),
    st.sampled_from(DEMO_POOLS).map(lambda pool: f"{ELB}/pools/{pool}/members"),
    st.just(f"{ELB}/pools"),
    st.just(f"{ELB}/pools/batch-delete"),
    st.just(f"{ELB}/master-slave-pools"),
    st.just(f"{ELB}/loadbalancers"),
    st.sampled_from(DEMO_LBS).map(lambda lb: f"{ELB}/loadbalancers/{lb}/delete-cascade"),
    st.sampled_from(
        [
            f"{ELB}/loadbalancers/{lb}/dns/{action}"
            for lb in DEMO_LBS
            for action in (
                "ips/batch-enable",
                "ips/batch-disable",
                "system-default-config",
                "user-defined-config",
            )
        ]
    ),
    st.just(f"{ELB}/listeners"),
    st.just(f"{ELB}/healthmonitors"),
    st.just(f"{ELB}/ipgroups"),
    st.just(f"{ELB}/security-policies"),
    st.just(f"{ELB}/logtanks"),
    st.sampled_from(["", "/batch-delete", "/settings/private-key-echo"]).map(
        lambda action: f"{ELB}/certificates{action}"
    ),
    st.sampled_from(DEMO_LBS).map(lambda lb: f"/v3/{demo.PROJECT}/loadbalancers/{lb}/tags/action"),
    st.just(f"/v3/{demo.PROJECT}/listeners/{demo.LISTENER}/tags/action"),
    # no member in the demo data: the body is checked before the member is looked up
    st.just(f"{ELB}/members/{demo.UNKNOWN_ID}/health-check"),
    st.sampled_from(
        [
            f"{ELB}/loadbalancers/{lb}/{action}"
            for lb in DEMO_LBS
            for action in (
                "availability-zone/batch-add",
                "availability-zone/batch-remove",
                "upgrade",
            )
        ]
    ),
    st.just(f"{ELB}/loadbalancers/change-charge-mode"),
    st.just(f"{ELB}/loadbalancers/batch-delete"),
)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(path=WRITE_TARGETS, body=JSON_VALUES, ascii_only=st.booleans())
def test_any_json_body_on_the_create_routes(
    client: TestClient, path: str, body: Any, ascii_only: bool
) -> None:
    """Any JSON value at all as the body of every create and batch operation."""
    response = client.post(
        path, content=encode_json(body, ascii_only), headers={"Content-Type": "application/json"}
    )
    check_write(client, response)


UPDATE_TARGETS = st.one_of(
    st.sampled_from(DEMO_POOLS).map(lambda pool: f"{ELB}/pools/{pool}"),
    st.sampled_from(DEMO_LBS).map(lambda lb: f"{ELB}/loadbalancers/{lb}"),
    st.sampled_from([demo.LISTENER, OTHER_LISTENER]).map(lambda lis: f"{ELB}/listeners/{lis}"),
    st.just(f"{ELB}/ipgroups/{demo.IPGROUP}"),
    st.sampled_from([demo.CERTIFICATE, demo.CA_CERTIFICATE]).map(
        lambda cert: f"{ELB}/certificates/{cert}"
    ),
    st.sampled_from(["", "/policy"]).map(lambda action: f"{ELB}/recycle-bin{action}"),
)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(path=UPDATE_TARGETS, body=JSON_VALUES, ascii_only=st.booleans())
def test_any_json_body_on_the_update_routes(
    client: TestClient, path: str, body: Any, ascii_only: bool
) -> None:
    """Any JSON value at all as the body of update pool, load balancer and listener."""
    response = client.put(
        path, content=encode_json(body, ascii_only), headers={"Content-Type": "application/json"}
    )
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(pool_id=st.sampled_from(DEMO_POOLS), body=MEMBER_BODIES, ascii_only=st.booleans())
def test_mutated_member_batches(
    client: TestClient, pool_id: str, body: Any, ascii_only: bool
) -> None:
    """Batch-add bodies shaped like the real one, each field plausible or garbage."""
    response = client.post(
        f"{ELB}/pools/{pool_id}/members/batch-add",
        content=encode_json(body, ascii_only),
        headers={"Content-Type": "application/json"},
    )
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(body=POOL_BODIES, ascii_only=st.booleans())
def test_mutated_pools(client: TestClient, body: Any, ascii_only: bool) -> None:
    """Create-pool bodies shaped like the real one, each field plausible or garbage."""
    response = client.post(
        f"{ELB}/pools",
        content=encode_json(body, ascii_only),
        headers={"Content-Type": "application/json"},
    )
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(body=LB_BODIES, ascii_only=st.booleans())
def test_mutated_load_balancers(client: TestClient, body: Any, ascii_only: bool) -> None:
    """Create-load-balancer bodies shaped like the real one, fields plausible or garbage."""
    response = client.post(
        f"{ELB}/loadbalancers",
        content=encode_json(body, ascii_only),
        headers={"Content-Type": "application/json"},
    )
    check_write(client, response)


# --- one field of a valid body at a time ----------------------------------------------

MISSING = object()  # as a sweep value: leave the field out
# a server certificate and its key, for the certificate bodies
FUZZ_CERTIFICATE = server_certificate("fuzz.example.com")
# Every field of every body below takes each of these in turn (the rest stays valid)
SWEEP_VALUES: list[Any] = [
    MISSING,
    None,
    -1,
    2**64,
    "",
    "\x00",
    "\ud800",
    "a" * 300,
    {},
]
SWEEP_BASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "member-instance",
        f"{ELB}/pools/{demo.POOL}/members/batch-add",
        {
            "members": [
                {
                    "address": "192.168.0.20",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.SUBNET,
                    "weight": 5,
                    "name": "m",
                }
            ]
        },
    ),
    (
        "member-ip",
        f"{ELB}/pools/{demo.POOL_AZ_AFFINITY}/members/batch-add",
        {
            "members": [
                {
                    "address": "10.0.0.5",
                    "protocol_port": 53,
                    "weight": 5,
                    "name": "m",
                    "availability_zone": demo.AZ_1,
                }
            ]
        },
    ),
    (
        "master-slave-pool",
        f"{ELB}/master-slave-pools",
        {
            "pool": {
                "protocol": "TCP",
                "lb_algorithm": "SOURCE_IP",
                "loadbalancer_id": demo.LB,
                "name": "p",
                "description": "d",
                "project_id": demo.PROJECT,
                "ip_version": "v4",
                "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 5},
                "connection_drain": {"enable": True, "timeout": 100},
                "enterprise_project_id": "0",
                "public_border_group": "center",
                "members": [
                    {
                        "address": "192.168.0.10",
                        "protocol_port": 80,
                        "subnet_cidr_id": demo.SUBNET,
                        "name": "m",
                        "admin_state_up": True,
                        "role": "master",
                    },
                    {
                        "address": "192.168.0.11",
                        "protocol_port": 80,
                        "subnet_cidr_id": demo.SUBNET,
                        "role": "slave",
                    },
                ],
                "healthmonitor": {
                    "type": "HTTP",
                    "delay": 5,
                    "timeout": 3,
                    "max_retries": 3,
                    "max_retries_down": 2,
                    "monitor_port": 8080,
                    "http_method": "HEAD",
                    "url_path": "/health",
                    "domain_name": "www.example.com",
                    "expected_codes": "200-204",
                    "name": "hm",
                },
            }
        },
    ),
    (
        "pool-tcp",
        f"{ELB}/pools",
        {
            "pool": {
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "name": "p",
                "description": "d",
                "admin_state_up": True,
                "project_id": demo.PROJECT,
                "ip_version": "v4",
                "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 5},
                "slow_start": {"enable": False, "duration": 30},
                "member_deletion_protection_enable": False,
                "protection_status": "consoleProtection",
                "protection_reason": "r",
                "any_port_enable": False,
                "connection_drain": {"enable": True, "timeout": 300},
                "pool_health": {"minimum_healthy_member_count": 0},
                "az_affinity": {
                    "enable": True,
                    "az_minimum_healthy_member_percentage": 50,
                    "az_unhealthy_fallback_strategy": "forward_to_all_member",
                },
                "public_border_group": "center",
                "enterprise_project_id": "0",
            }
        },
    ),
    (
        "pool-app-cookie",
        f"{ELB}/pools",
        {
            "pool": {
                "protocol": "HTTP",
                "lb_algorithm": "LEAST_CONNECTIONS",
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "session_persistence": {
                    "type": "APP_COOKIE",
                    "cookie_name": "c",
                    "persistence_timeout": 60,
                },
            }
        },
    ),
    (
        "pool-ip-instance",
        f"{ELB}/pools",
        {
            "pool": {
                "protocol": "IP",
                "type": "instance",
                "vpc_id": demo.VPC,
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 2},
            }
        },
    ),
    (
        "pool-quic",
        f"{ELB}/pools",
        {
            "pool": {
                "protocol": "QUIC",
                "lb_algorithm": "QUIC_CID",
                "type": "ip",
                "session_persistence": {"type": "SOURCE_IP"},
                "quic_cid_hash_strategy": {"len": 4, "offset": 2},
            }
        },
    ),
    (
        "loadbalancer",
        f"{ELB}/loadbalancers",
        {
            "loadbalancer": {
                "availability_zone_list": [demo.AZ_1, demo.AZ_2],
                "name": "lb",
                "description": "d",
                "project_id": demo.PROJECT,
                "vpc_id": demo.VPC,
                "vip_subnet_cidr_id": demo.DUALSTACK_SUBNET,
                "vip_address": "192.168.2.50",
                "ipv6_vip_virsubnet_id": demo.DUALSTACK_NETWORK,
                "ipv6_vip_address": "2001:db8:a583:2::50",
                "elb_virsubnet_ids": [demo.SUBNET_VPC_ID],
                "ip_target_enable": True,
                "provider": "vlb",
                "l4_flavor_id": demo.L4_FLAVOR,
                "l7_flavor_id": demo.L7_FLAVOR,
                "guaranteed": True,
                "admin_state_up": True,
                "enterprise_project_id": "0",
                "tags": [{"key": "k", "value": "v"}],
                "billing_info": "",
                "deletion_protection_enable": True,
                "autoscaling": {"enable": False},
                "waf_failure_action": "discard",
                "protection_status": "consoleProtection",
                "protection_reason": "r",
                "charge_mode": "flavor",
            }
        },
    ),
    (
        "member-create",
        f"{ELB}/pools/{demo.POOL}/members",
        {
            "member": {
                "address": "192.168.0.21",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
                "weight": 5,
                "name": "m",
                "admin_state_up": True,
            }
        },
    ),
    (
        "listener-http",
        f"{ELB}/listeners",
        {
            "listener": {
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "protocol": "HTTP",
                "protocol_port": 8080,
                "default_pool_id": demo.POOL_HTTP,
                "name": "l",
                "description": "d",
                "admin_state_up": True,
                "keepalive_timeout": 60,
                "client_timeout": 30,
                "member_timeout": 30,
                "enable_member_retry": True,
                "gzip_enable": True,
                "insert_headers": {"X-Forwarded-ELB-IP": True, "X-Forwarded-Port": True},
                "tags": [{"key": "k", "value": "v"}],
                "protection_status": "consoleProtection",
                "protection_reason": "r",
            }
        },
    ),
    (
        "listener-tcp-range",
        f"{ELB}/listeners",
        {
            "listener": {
                "loadbalancer_id": demo.LB,
                "protocol": "TCP",
                "protocol_port": 0,
                "port_ranges": [{"start_port": 1000, "end_port": 2000}],
                "keepalive_timeout": 300,
                "proxy_protocol_enable": True,
            }
        },
    ),
    (
        "healthmonitor-http",
        f"{ELB}/healthmonitors",
        {
            "healthmonitor": {
                "pool_id": demo.POOL_HTTP,
                "type": "HTTP",
                "delay": 5,
                "timeout": 3,
                "max_retries": 3,
                "max_retries_down": 2,
                "monitor_port": 8080,
                "http_method": "GET",
                "url_path": "/health",
                "domain_name": "www.example.com",
                "expected_codes": "200-204",
                "name": "hm",
                "admin_state_up": True,
            }
        },
    ),
    (
        "member-batch-delete",
        f"{ELB}/pools/{demo.POOL}/members/batch-delete",
        {"members": [{"address": "192.168.0.9", "protocol_port": 80}]},
    ),
    ("pool-batch-delete", f"{ELB}/pools/batch-delete", {"pools": [demo.POOL_STANDALONE]}),
    (
        "loadbalancer-batch-delete",
        f"{ELB}/loadbalancers/batch-delete",
        {"loadbalancer_ids": [demo.LB], "unbounded_pool": False, "public_ip": True},
    ),
    (
        "certificate-server",
        f"{ELB}/certificates",
        {
            "certificate": {
                "certificate": FUZZ_CERTIFICATE.certificate,
                "private_key": FUZZ_CERTIFICATE.private_key,
                "type": "server",
                "name": "c",
                "description": "d",
                "domain": "www.example.com,*.example.org",
                "admin_state_up": True,
                "project_id": demo.PROJECT,
                "enterprise_project_id": "0",
                "scm_certificate_id": "scs1",
                "source": "scm",
                "protection_status": "consoleProtection",
                "protection_reason": "r",
            }
        },
    ),
    (
        "certificate-batch-delete",
        f"{ELB}/certificates/batch-delete",
        {"certificates": [demo.CA_CERTIFICATE]},
    ),
    (
        "certificate-private-key-echo",
        f"{ELB}/certificates/settings/private-key-echo",
        {"private_key_echo": False},
    ),
    (
        "loadbalancer-batch-create",
        f"{ELB}/loadbalancers/batch-create",
        {
            "loadbalancer": {
                "number": 2,
                "name": "b",
                "description": "d",
                "project_id": demo.PROJECT,
                "vpc_id": demo.VPC,
                "vip_subnet_cidr_id": demo.SUBNET,
                "availability_zone_list": [demo.AZ_1],
                "elb_virsubnet_ids": [demo.SUBNET_VPC_ID],
                "l4_flavor_id": demo.L4_FLAVOR,
                "l7_flavor_id": demo.L7_FLAVOR,
                "guaranteed": True,
                "provider": "vlb",
                "enterprise_project_id": "0",
                "tags": [{"key": "k", "value": "v"}],
                "admin_state_up": True,
                "ip_target_enable": True,
                "deletion_protection_enable": False,
                "waf_failure_action": "forward",
                "protection_status": "consoleProtection",
                "protection_reason": "r",
            }
        },
    ),
    (
        "loadbalancer-clone",
        f"{ELB}/loadbalancers/{demo.LB}/clone",
        {
            "count": 2,
            "target_loadbalancer_param": {
                "name": "c",
                "availability_zone_list": [demo.AZ_1],
                "vip_subnet_cidr_id": demo.SUBNET_2,
                "elb_virsubnet_ids": [demo.SUBNET_VPC_ID],
                "l4_flavor_id": demo.L4_FLAVOR_2,
                "l7_flavor_id": demo.L7_FLAVOR_2,
                "enterprise_project_id": "0",
                "reuse_pool": False,
                "guaranteed": True,
            },
        },
    ),
    (
        "listener-clone",
        f"{ELB}/listeners/{demo.LISTENER}/clone",
        {
            "target_listener_params": [
                {
                    "name": "c",
                    "loadbalancer_id": demo.LB,
                    "protocol_port": 8080,
                    "reuse_pool": True,
                },
                {
                    "loadbalancer_id": demo.LB,
                    "protocol_port": 0,
                    "port_ranges": [{"start_port": 9000, "end_port": 9010}],
                    "reuse_pool": False,
                },
            ]
        },
    ),
    (
        "ipgroup",
        f"{ELB}/ipgroups",
        {
            "ipgroup": {
                "name": "g",
                "description": "d",
                "enterprise_project_id": "0",
                "project_id": demo.PROJECT,
                "ip_list": [
                    {"ip": "10.0.0.0/24", "description": "office"},
                    {"ip": "10.8.0.1-10.8.0.9"},
                ],
            }
        },
    ),
    (
        "ipgroup-ip-list",
        f"{ELB}/ipgroups/{demo.IPGROUP}/iplist/create-or-update",
        {
            "ipgroup": {
                "name": "g",
                "description": "d",
                "ip_list": [{"ip": "::1", "description": "x"}],
            }
        },
    ),
    (
        "ipgroup-ip-list-delete",
        f"{ELB}/ipgroups/{demo.IPGROUP}/iplist/batch-delete",
        {"ipgroup": {"ip_list": [{"ip": "192.168.0.0/24"}]}},
    ),
    (
        "listener-ipgroup",
        f"{ELB}/listeners",
        {
            "listener": {
                "loadbalancer_id": demo.LB,
                "protocol": "UDP",
                "protocol_port": 5353,
                "ipgroup": {"ipgroup_id": demo.IPGROUP, "enable_ipgroup": True, "type": "black"},
            }
        },
    ),
    (
        "security-policy",
        f"{ELB}/security-policies",
        {
            "security_policy": {
                "name": "sp",
                "description": "d",
                "enterprise_project_id": "0",
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"],
            }
        },
    ),
    (
        "logtank",
        f"{ELB}/logtanks",
        {
            "logtank": {
                "loadbalancer_id": demo.LB,
                "log_group_id": "7733882e-f7fa-4fb0-a460-0605c48a2280",
                "log_topic_id": "5b9b8370-a1fc-4c59-a509-483a673c8a94",
            }
        },
    ),
    (
        "domain-ips-enable",
        f"{ELB}/loadbalancers/{demo.LB}/dns/ips/batch-enable",
        {"ips": [{"ip_address": "192.168.0.100"}]},
    ),
    (
        "domain-ips-disable",
        f"{ELB}/loadbalancers/{demo.LB}/dns/ips/batch-disable",
        {"ips": [{"ip_address": "192.168.0.100"}]},
    ),
    (
        "dns-system-default",
        f"{ELB}/loadbalancers/{demo.LB}/dns/system-default-config",
        {
            "loadbalancer": {
                "private_domain_name_enable": True,
                "private_dns_record_set_ttl": 60,
                "public_domain_name_enable": True,
                "public_dns_record_set_ttl": 600,
            }
        },
    ),
    (
        "dns-user-defined",
        f"{ELB}/loadbalancers/{demo.LB}/dns/user-defined-config",
        {
            "loadbalancer": {
                "public_domain_name_enable": True,
                "public_dns_zone_name": "pub.example.com.",
                "public_dns_record_set_ttl": 600,
                "private_domain_name_enable": True,
                "private_dns_zone_name": "int.example.com",
                "private_dns_zone_type": "public",
                "private_dns_record_set_ttl": 60,
            }
        },
    ),
    (
        "loadbalancer-tags",
        f"/v3/{demo.PROJECT}/loadbalancers/{demo.LB}/tags/action",
        {"action": "create", "tags": [{"key": "k", "value": "v"}]},
    ),
    # (no valid batch-add or upgrade body on the demo data: its LBs have every AZ that sells
    # their flavors, and none is shared)
    (
        "loadbalancer-az-remove",
        f"{ELB}/loadbalancers/{demo.LB}/availability-zone/batch-remove",
        {"availability_zone_list": [demo.AZ_2]},
    ),
    (
        "loadbalancer-charge-mode",
        f"{ELB}/loadbalancers/change-charge-mode",
        {
            "loadbalancer_ids": [demo.LB],
            "charge_mode": "prepaid",
            "prepaid_options": {
                "period_type": "month",
                "period_num": 1,
                "include_publicip": True,
                "auto_renew": False,
                "auto_pay": False,
            },
        },
    ),
]

# the update operations, swept the same way (PUT; 200 when valid)
UPDATE_SWEEP_BASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "certificate-update",
        f"{ELB}/certificates/{demo.CERTIFICATE}",
        {
            "certificate": {
                "certificate": FUZZ_CERTIFICATE.certificate,
                "private_key": FUZZ_CERTIFICATE.private_key,
                "name": "n",
                "description": "d",
                "domain": "www.example.com",
                "scm_certificate_id": "scs1",
                "source": "",
                "protection_status": "nonProtection",
                "protection_reason": "r",
            }
        },
    ),
    (
        "pool-update",
        f"{ELB}/pools/{demo.POOL_DUALSTACK}",
        {
            "pool": {
                "name": "p",
                "description": "d",
                "admin_state_up": True,
                "lb_algorithm": "LEAST_CONNECTIONS",
                "session_persistence": {"type": "SOURCE_IP", "persistence_timeout": 5},
                "member_deletion_protection_enable": True,
                "protection_status": "consoleProtection",
                "protection_reason": "r",
                "connection_drain": {"enable": True, "timeout": 100},
                "pool_health": {"minimum_healthy_member_count": 1},
            }
        },
    ),
    (
        "loadbalancer-update",
        f"{ELB}/loadbalancers/{demo.LB}",
        {
            "loadbalancer": {
                "name": "n",
                "description": "d",
                "admin_state_up": True,
                "l4_flavor_id": demo.L4_FLAVOR_2,
                "l7_flavor_id": demo.L7_FLAVOR_2,
                "ip_target_enable": True,
                "deletion_protection_enable": True,
                "protection_status": "consoleProtection",
                "protection_reason": "r",
                "vip_address": "192.168.0.101",
                "elb_virsubnet_ids": [demo.SUBNET_VPC_ID],
            }
        },
    ),
    (
        "listener-update",
        f"{ELB}/listeners/{demo.LISTENER}",
        {
            "listener": {
                "name": "n",
                "description": "d",
                "admin_state_up": True,
                "keepalive_timeout": 100,
                "proxy_protocol_enable": True,
                "protection_status": "consoleProtection",
                "protection_reason": "r",
            }
        },
    ),
    (
        "ipgroup-update",
        f"{ELB}/ipgroups/{demo.IPGROUP}",
        {
            "ipgroup": {
                "name": "n",
                "description": "d",
                "ip_list": [{"ip": "10.0.0.1", "description": "x"}],
            }
        },
    ),
    ("recycle-bin-enable", f"{ELB}/recycle-bin", {"recycle_bin": {"enable": True}}),
]


def field_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key (and the first item of every list) inside a body, outermost first."""
    paths: list[tuple[str | int, ...]] = []
    children: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list) and value:
        children = [(0, value[0])]
    for key, child in children:
        paths.append((*prefix, key))
        paths.extend(field_paths(child, (*prefix, key)))
    return paths


def with_field(body: Any, path: Sequence[str | int], value: Any) -> Any:
    """A deep copy of body with the field at path set to value (or left out if MISSING)."""
    copy = json.loads(json.dumps(body))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    if value is MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


def _field_name(path: Sequence[str | int]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)[1:]


def _sweeps() -> list[Any]:
    """(method, path, base body, status of the base) of every swept operation."""
    sweeps = []
    for name, path, base in SWEEP_BASES:
        status = 200 if path.endswith(("/batch-delete", "/create-or-update")) else 201
        status = 200 if "/dns/" in path else status
        status = 200 if path.endswith(("/batch-remove", "/change-charge-mode")) else status
        status = 204 if path.endswith("/tags/action") else status
        # the copies and the batch create answer 202 with their (finished) job
        status = 202 if path.endswith(("/clone", "/loadbalancers/batch-create")) else status
        status = 202 if path.endswith("/loadbalancers/batch-delete") else status
        sweeps.append(pytest.param("POST", path, base, status, id=name))
    for name, path, base in UPDATE_SWEEP_BASES:
        sweeps.append(pytest.param("PUT", path, base, 200, id=name))
    return sweeps


@pytest.mark.parametrize(("method", "path", "base", "status"), _sweeps())
def test_the_sweep_bodies_are_accepted(
    client: TestClient, method: str, path: str, base: dict[str, Any], status: int
) -> None:
    """The bodies the sweep starts from are valid: each mutation tests one field alone."""
    response = client.request(method, path, json=base)
    assert response.status_code == status, _describe(response)
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "base", "status"), _sweeps())
def test_each_body_field_with_edge_values(
    client: TestClient, method: str, path: str, base: dict[str, Any], status: int
) -> None:
    """Every field of a valid body, one at a time: left out, null, -1, past 64 bits,
    empty, NUL, a lone surrogate, too long, an object (every failure is collected, not
    only the first). Rejections are checked against the database rows alone (cheaper
    than the API lists, and they cover them)."""
    failures: list[Exception] = []
    for field_path in field_paths(base):
        for value in SWEEP_VALUES:
            body = encode_json(with_field(base, field_path, value), ascii_only=True)
            response = client.request(
                method, path, content=body, headers={"Content-Type": "application/json"}
            )
            try:
                check_write(client, response, lists=False)
            except AssertionError as failure:
                shown = "<missing>" if value is MISSING else repr(value)[:40]
                failure.add_note(f"field {_field_name(field_path)} = {shown}")
                failures.append(failure)
    if failures:
        raise ExceptionGroup(f"{len(failures)} field value(s) break the contract", failures)


# ---------------------------------------------------------------------------------------
# 2. Raw bytes and odd content types
# ---------------------------------------------------------------------------------------


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(100)
@given(path=WRITE_TARGETS, body=RAW_BODIES, content_type=CONTENT_TYPES)
def test_any_bytes_with_any_content_type(
    client: TestClient, path: str, body: bytes, content_type: str | None
) -> None:
    """Any bytes (invalid UTF-8, cut JSON, other encodings, deep nesting), any type."""
    request = client.build_request("POST", path, content=body)
    if content_type is not None:
        request.headers["Content-Type"] = content_type
    response = client.send(request)
    check_write(client, response)


# ---------------------------------------------------------------------------------------
# 3. Every route: arbitrary path segments, methods, query strings and bodies
# ---------------------------------------------------------------------------------------

LIST_ROUTES: list[tuple[str, frozenset[str]]] = [
    (f"{ELB}/pools/{{pool_id}}/members", MEMBER_LIST.keys),
    (f"{ELB}/pools", POOL_LIST.keys),
    (f"{ELB}/master-slave-pools", MASTER_SLAVE_POOL_LIST.keys),
    (f"{ELB}/loadbalancers/{demo.LB_IP_TARGETS}/local-ports", frozenset(LOCAL_PORT_FILTERS)),
    (f"{ELB}/loadbalancers/{demo.LB}/topology", frozenset(LISTENER_FILTERS + POOL_FILTERS)),
    (f"{ELB}/feature/configs", frozenset({"feature"})),
    (f"{ELB}/loadbalancers", LOAD_BALANCER_LIST.keys),
    (f"{ELB}/recycle-bin/loadbalancers", RECYCLE_BIN_LIST.keys),
    (f"{ELB}/listeners", LISTENER_LIST.keys),
    (f"{ELB}/healthmonitors", HEALTH_MONITOR_LIST.keys),
    (f"{ELB}/ipgroups", IP_GROUP_LIST.keys),
    (f"{ELB}/security-policies", SECURITY_POLICY_LIST.keys),
    (f"{ELB}/system-security-policies", frozenset()),
    (f"{ELB}/logtanks", LOGTANK_LIST.keys),
    (f"{ELB}/jobs", JOB_LIST.keys),
    (f"{ELB}/loadbalancers/{demo.LB_IP_TARGETS}/dns/ips", DOMAIN_IP_LIST.keys),
    (f"{ELB}/certificates", CERTIFICATE_LIST.keys),
    (f"{ELB}/members", ALL_MEMBER_LIST.keys),
    (f"{ELB}/flavors", FLAVOR_LIST.keys),
    (f"{ELB}/quotas/details", frozenset({"quota_key"})),
    (f"{ELB}/availability-zones", frozenset({"public_border_group", "loadbalancer_id"})),
    (
        f"{ELB}/preoccupy-ip-num",
        frozenset(
            {
                "l7_flavor_id",
                "ip_target_enable",
                "ip_version",
                "loadbalancer_id",
                "availability_zone_id",
                "scene",
                "nat64_enable",
            }
        ),
    ),
    (f"/v1/{demo.PROJECT}/vpcs", frozenset({"id", "enterprise_project_id"})),
    (f"/v1/{demo.PROJECT}/subnets", frozenset({"vpc_id"})),
]


LIST_ROUTE_IDS = [
    "members",
    "pools",
    "master-slave-pools",
    "local-ports",
    "topology",
    "feature-configs",
    "loadbalancers",
    "recycle-bin",
    "listeners",
    "healthmonitors",
    "ipgroups",
    "security-policies",
    "system-security-policies",
    "logtanks",
    "jobs",
    "domain-ips",
    "certificates",
    "all-members",
    "flavors",
    "quota-details",
    "availability-zones",
    "preoccupy-ip-num",
    "vpcs",
    "subnets",
]


@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize(("template", "keys"), LIST_ROUTES, ids=LIST_ROUTE_IDS)
@fuzz(30)
@given(data=st.data())
def test_any_query_string_on_the_list_routes(
    client: TestClient, template: str, keys: frozenset[str], data: st.DataObject
) -> None:
    """Known, unknown and repeated keys with garbage values, and raw fragments."""
    pools = st.one_of(st.sampled_from(DEMO_POOLS), st.sampled_from(DEMO_POOLS), SEGMENTS)
    path = fill(template, {name: data.draw(pools, label=name) for name in params_of(template)})
    query = data.draw(query_strings(keys), label="query")
    response = client.get(f"{path}?{query}" if query else path)
    check_contract(response)


# tried first on every query parameter: past int64, past int(), invalid UTF-8, NUL, empty
EDGE_QUERY_VALUES: list[list[str | bytes]] = [
    ["9223372036854775808"],
    ["-9223372036854775809"],
    ["1" * 5000],
    [b"\xff"],
    ["\x00"],
    ["", ""],
]


def one_query_parameter(client: TestClient, template: str, key: str) -> Callable[[], None]:
    """A property of one query parameter: the edge values, then a few drawn ones."""

    @fuzz(3)
    @given(
        pool_id=st.sampled_from(DEMO_POOLS),
        values=st.lists(st.one_of(NUMERIC_QUERY_VALUES, QUERY_VALUES), min_size=1, max_size=3),
    )
    def property_(pool_id: str, values: list[str | bytes]) -> None:
        path = fill(template, {"pool_id": pool_id})
        query = "&".join(_query_part(key, value) for value in values)
        check_contract(client.get(f"{path}?{query}"))

    for values in EDGE_QUERY_VALUES:
        property_ = example(pool_id=demo.POOL, values=values)(property_)
    return property_


@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize(("template", "keys"), LIST_ROUTES, ids=LIST_ROUTE_IDS)
def test_each_query_parameter_with_any_values(
    client: TestClient, template: str, keys: frozenset[str]
) -> None:
    """Every filter and paging parameter of the route alone, once or repeated (one
    request per example: cheap to shrink)."""
    failures: list[Exception] = []
    for key in sorted(keys | {"limit", "marker", "page_reverse"}):
        try:
            one_query_parameter(client, template, key)()
        except Exception as failure:  # every parameter's failure, not only the first
            failure.add_note(f"query parameter: {key}")
            failures.append(failure)
    if failures:
        raise ExceptionGroup(f"{len(failures)} query parameter(s) break the contract", failures)


SHOW_DELETE: list[tuple[str, str]] = [
    ("GET", "/v3/{project_id}/elb/pools/{pool_id}/members/{member_id}"),
    ("DELETE", "/v3/{project_id}/elb/pools/{pool_id}/members/{member_id}"),
    ("GET", "/v3/{project_id}/elb/members/check/jobs/{job_id}"),
    ("GET", "/v3/{project_id}/elb/jobs/{job_id}"),
    ("GET", "/v3/{project_id}/elb/pools/{pool_id}"),
    ("GET", "/v3/{project_id}/elb/master-slave-pools/{pool_id}"),
    ("DELETE", "/v3/{project_id}/elb/master-slave-pools/{pool_id}"),
    ("GET", "/v3/{project_id}/elb/master-slave-pools"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/local-ports"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/topology"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/features"),
    ("GET", "/v3/{project_id}/elb/feature/configs"),
    ("DELETE", "/v3/{project_id}/elb/pools/{pool_id}"),
    ("DELETE", "/v3/{project_id}/elb/pools/{pool_id}/delete-cascade"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}"),
    ("DELETE", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/statuses"),
    ("DELETE", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/force-elb"),
    ("GET", "/v3/{project_id}/elb/recycle-bin"),
    ("GET", "/v3/{project_id}/elb/recycle-bin/loadbalancers"),
    ("DELETE", "/v3/{project_id}/elb/recycle-bin/loadbalancers/{loadbalancer_id}"),
    ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/dns/ips"),
    ("GET", "/v3/{project_id}/elb/listeners/{listener_id}"),
    ("DELETE", "/v3/{project_id}/elb/listeners/{listener_id}"),
    ("DELETE", "/v3/{project_id}/elb/listeners/{listener_id}/force"),
    ("GET", "/v3/{project_id}/elb/healthmonitors/{healthmonitor_id}"),
    ("DELETE", "/v3/{project_id}/elb/healthmonitors/{healthmonitor_id}"),
    ("GET", "/v3/{project_id}/elb/ipgroups/{ipgroup_id}"),
    ("DELETE", "/v3/{project_id}/elb/ipgroups/{ipgroup_id}"),
    ("GET", "/v3/{project_id}/elb/ipgroups/{ipgroup_id}/related-listeners"),
    ("GET", "/v3/{project_id}/elb/security-policies/{security_policy_id}"),
    ("DELETE", "/v3/{project_id}/elb/security-policies/{security_policy_id}"),
    ("GET", "/v3/{project_id}/elb/certificates/{certificate_id}"),
    ("DELETE", "/v3/{project_id}/elb/certificates/{certificate_id}"),
    ("GET", "/v3/{project_id}/elb/flavors/{flavor_id}"),
    ("GET", "/v3/{project_id}/elb/l7policies/{l7policy_id}"),
    ("DELETE", "/v3/{project_id}/elb/l7policies/{l7policy_id}"),
    ("GET", "/v3/{project_id}/elb/l7policies/{l7policy_id}/rules"),
    ("GET", "/v3/{project_id}/elb/l7policies/{l7policy_id}/rules/{l7rule_id}"),
    ("DELETE", "/v3/{project_id}/elb/l7policies/{l7policy_id}/rules/{l7rule_id}"),
    ("GET", "/v3/{project_id}/elb/l7policies"),
    ("GET", "/v3/{project_id}/elb/l7policies/rules"),
    ("GET", "/v3/{project_id}/elb/logtanks/{logtank_id}"),
    ("DELETE", "/v3/{project_id}/elb/logtanks/{logtank_id}"),
    ("GET", "/v3/{project_id}/elb/logtanks"),
    ("GET", "/v3/{project_id}/elb/jobs"),
    ("GET", "/v3/{project_id}/loadbalancers/{loadbalancer_id}/tags"),
    ("GET", "/v3/{project_id}/loadbalancers/tags"),
    ("GET", "/v3/{project_id}/listeners/{listener_id}/tags"),
    ("GET", "/v3/{project_id}/listeners/tags"),
    ("GET", "/v1/{project_id}/vpcs/{vpc_id}"),
    ("GET", "/v1/{project_id}/subnets/{subnet_id}"),
    ("GET", "/v3/{project_id}/elb/pools/{pool_id}/members"),
    ("GET", "/v3/{project_id}/elb/pools"),
    ("GET", "/v3/{project_id}/elb/loadbalancers"),
    ("GET", "/v3/{project_id}/elb/availability-zones"),
    ("GET", "/v3/{project_id}/elb/preoccupy-ip-num"),
    ("GET", "/v3/{project_id}/elb/listeners"),
    ("GET", "/v3/{project_id}/elb/healthmonitors"),
    ("GET", "/v3/{project_id}/elb/ipgroups"),
    ("GET", "/v3/{project_id}/elb/security-policies"),
    ("GET", "/v3/{project_id}/elb/system-security-policies"),
    ("GET", "/v3/{project_id}/elb/members"),
    ("GET", "/v3/{project_id}/elb/certificates"),
    ("GET", "/v3/{project_id}/elb/certificates/settings/private-key-echo"),
    ("GET", "/v3/{project_id}/elb/flavors"),
    ("GET", "/v3/{project_id}/elb/quotas"),
    ("GET", "/v3/{project_id}/elb/quotas/details"),
    ("GET", "/versions"),
    ("GET", "/v1/{project_id}/vpcs"),
    ("GET", "/v1/{project_id}/subnets"),
]


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(150)
@given(data=st.data())
def test_any_ids_on_the_show_and_delete_routes(client: TestClient, data: st.DataObject) -> None:
    """Any percent-encoded text or bytes as the ids and the project id in the path."""
    method, template = data.draw(st.sampled_from(SHOW_DELETE), label="route")
    values = {
        name: data.draw(SEGMENTS if name != "project_id" else PROJECT_SEGMENTS, label=name)
        for name in params_of(template)
    }
    response = client.request(method, fill(template, values))
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(150)
@given(data=st.data())
def test_every_registered_operation_takes_anything(client: TestClient, data: st.DataObject) -> None:
    """Every operation of the app's schema, or another method on its path, with any
    path segments, query string, body and Content-Type."""
    operations = api_operations(client.app)  # type: ignore[arg-type]
    method, template = data.draw(st.sampled_from(operations), label="operation")
    method = data.draw(st.one_of(st.just(method), st.just(method), st.sampled_from(METHODS)))
    values = {
        name: data.draw(PARAM_SEGMENTS.get(name, SEGMENTS), label=name)
        for name in params_of(template)
    }
    path = fill(template, values)
    query = data.draw(st.one_of(st.just(""), query_strings(["name", "id"])), label="query")
    body = data.draw(st.one_of(st.none(), json_bytes(JSON_VALUES), RAW_BODIES), label="body")
    content_type = data.draw(CONTENT_TYPES, label="content_type")
    request = client.build_request(method, f"{path}?{query}" if query else path, content=body)
    if content_type is not None:
        request.headers["Content-Type"] = content_type
    response = client.send(request)
    check_write(client, response)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(30)
@given(data=st.data())
def test_the_apps_own_pages_keep_the_contract(client: TestClient, data: st.DataObject) -> None:
    """The docs pages outside the API schema (/_mockelb/docs, openapi.json, the OAuth2
    redirect) are routes of the app too."""
    path = data.draw(st.sampled_from(plain_routes(client.app)), label="path")  # type: ignore[arg-type]
    method = data.draw(st.sampled_from(METHODS), label="method")
    query = data.draw(st.one_of(st.just(""), query_strings(["state", "code"])), label="query")
    response = client.request(method, f"{path}?{query}" if query else path)
    check_contract(response)


# ---------------------------------------------------------------------------------------
# 4. Arbitrary credential headers
# ---------------------------------------------------------------------------------------

AUTH_TARGETS: list[tuple[str, str, bytes | None]] = [
    ("GET", "/v3/{project_id}/elb/pools", None),
    ("GET", "/v3/{project_id}/elb/pools/" + demo.POOL + "/members", None),
    (
        "POST",
        "/v3/{project_id}/elb/pools/" + demo.POOL + "/members/batch-add",
        json.dumps(
            {
                "members": [
                    {"address": "192.168.0.20", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET}
                ]
            }
        ).encode(),
    ),
    (
        "POST",
        "/v3/{project_id}/elb/pools",
        json.dumps(
            {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": demo.LB}}
        ).encode(),
    ),
    ("DELETE", "/v3/{project_id}/elb/pools/" + demo.POOL_STANDALONE, None),
    ("GET", "/v1/{project_id}/subnets", None),
]


def send_raw(
    client: TestClient,
    method: str,
    path: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes = b"",
) -> httpx2.Response:
    """One request straight into the app, on the client's event loop, with the header
    bytes exactly as given (the TestClient transport only sends header values it can
    decode as ASCII/UTF-8)."""
    assert client.portal is not None, "the client must be open (a `with` block)"
    app = client.app
    raw_path = path.encode("ascii")
    scope: dict[str, Any] = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": unquote(path),
        "raw_path": raw_path,
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
        "extensions": {},
        "state": {},
    }
    started: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def call() -> None:
        done = anyio.Event()
        body_sent = False

        async def receive() -> dict[str, Any]:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        # like TestClient(raise_server_exceptions=False): the 500 already sent is the answer
        with suppress(Exception):
            await app(scope, receive, send)  # type: ignore[arg-type]

    client.portal.call(call)
    assert started, f"no response to {method} {path}"
    return httpx2.Response(
        started["status"],
        headers=list(started.get("headers", [])),
        content=b"".join(chunks),
        request=httpx2.Request(method, f"http://testserver{path}", headers=headers, content=body),
    )


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(120)
@given(
    target=st.sampled_from(AUTH_TARGETS),
    project=PROJECT_SEGMENTS,
    headers=HEADER_LISTS,
)
def test_any_credential_headers(
    client: TestClient,
    target: tuple[str, str, bytes | None],
    project: str,
    headers: list[tuple[str, bytes]],
) -> None:
    """Any credential header bytes, repeated or missing: the contract holds, and without
    X-Auth-Token or Authorization nothing succeeds."""
    method, template, body = target
    raw_headers = [(name.lower().encode("ascii"), value) for name, value in headers]
    if body is not None:
        raw_headers.append((b"content-type", b"application/json"))
    path = fill(template, {"project_id": project})
    response = send_raw(client, method, path, raw_headers, body or b"")
    check_write(client, response)
    names = {name.lower() for name, _ in headers}
    if not names & {"x-auth-token", "authorization"}:
        assert not 200 <= response.status_code < 300, f"no credential: {_describe(response)}"


def test_the_fuzzed_routes_are_every_api_operation(app_client: TestClient) -> None:
    """The show/delete list above names every parametrised operation the app publishes."""
    published = {
        (method, template)
        for method, template in api_operations(app_client.app)  # type: ignore[arg-type]
        if method in ("GET", "DELETE") and not template.startswith("/_mockelb")
    }
    assert published == set(SHOW_DELETE)
