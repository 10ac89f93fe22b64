"""Fuzzing the forwarding policy and rule bodies, as tests/test_fuzz.py does the others.

The demo data has no HTTP listener, so these run on the demo plus a seed file of their own:
an HTTP listener with advanced forwarding on LB_IP_TARGETS, a FIXED_RESPONSE policy and a
PATH rule. Reset brings that state back, so the contract of test_fuzz holds unchanged: no
500, no FastAPI 422, and a refused write changes no row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.seed import snapshot_for
from mockelb.services.l7policies import ALL_L7RULE_LIST, L7POLICY_LIST, L7RULE_LIST
from tests import demo
from tests.conftest import AUTH
from tests.test_fuzz import (
    JSON_VALUES,
    SWEEP_VALUES,
    _describe,
    _field_name,
    check_write,
    encode_json,
    field_paths,
    fuzz,
    query_strings,
    reset,
    with_field,
)

ELB = f"/v3/{demo.PROJECT}/elb"
LISTENER = "0b11747a-b139-492f-9692-2df0b1c871f1"
HTTPS_LISTENER = "0b11747a-b139-492f-9692-2df0b1c871f2"
POLICY = "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f01"
RULE = "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f11"
SEED = {
    "certificates": [],
    "listeners": [
        {
            "id": LISTENER,
            "loadbalancer_id": demo.LB_IP_TARGETS,
            "protocol": "HTTP",
            "protocol_port": 8888,
            "enhance_l7policy_enable": True,
        },
        {
            "id": HTTPS_LISTENER,
            "loadbalancer_id": demo.LB_IP_TARGETS,
            "protocol": "HTTPS",
            "protocol_port": 8443,
            "default_tls_container_ref": demo.CERTIFICATE,
        },
    ],
    "l7policies": [
        {
            "id": POLICY,
            "listener_id": LISTENER,
            "action": "FIXED_RESPONSE",
            "fixed_response_config": {"status_code": "503", "message_body": "maintenance"},
        }
    ],
    "l7rules": [
        {
            "id": RULE,
            "l7policy_id": POLICY,
            "type": "PATH",
            "compare_type": "STARTS_WITH",
            "value": "/maintenance",
        }
    ],
}


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("l7seed") / "l7.json"
    seed = {key: value for key, value in SEED.items() if value}
    path.write_text(json.dumps({"project_id": demo.PROJECT, **seed}))
    return path


@pytest.fixture
def client(seed_file: Path, database_url: str) -> Iterator[TestClient]:
    snapshot = snapshot_for([seed_file], demo=True)
    app = create_app(Settings(database_url=database_url), snapshot=snapshot)
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as test_client:
        reset(test_client)
        yield test_client


HEADERS = {
    "insert_headers_config": {
        "configs": [{"key": "X-Env", "value_type": "USER_DEFINED", "value": "prod"}]
    },
    "remove_headers_config": {"configs": [{"key": "X-Debug"}]},
}
SWEEP_BASES = [
    (
        "policy-to-pool",
        f"{ELB}/l7policies",
        {
            "l7policy": {
                "action": "REDIRECT_TO_POOL",
                "listener_id": LISTENER,
                "name": "p",
                "description": "d",
                "priority": 20,
                "redirect_pools_config": [{"pool_id": demo.POOL_HTTP, "weight": 10}],
                "redirect_pools_sticky_session_config": {"enable": True, "timeout": 60},
                "redirect_pools_extend_config": {
                    "rewrite_url_enable": True,
                    "rewrite_url_config": {"host": "a.example.com", "path": "/x", "query": "q=1"},
                    **HEADERS,
                    "traffic_limit_config": {"qps": 100, "per_source_ip_qps": 10, "burst": 5},
                    "cors_config": {
                        "allow_origin": ["https://a.example.com"],
                        "allow_methods": ["GET"],
                        "allow_headers": ["X-A"],
                        "expose_headers": ["X-B"],
                        "allow_credentials": True,
                        "max_age": 60,
                    },
                },
                "rules": [
                    {"type": "HOST_NAME", "compare_type": "EQUAL_TO", "value": "www.example.com"},
                    {
                        "type": "HEADER",
                        "compare_type": "EQUAL_TO",
                        "conditions": [{"key": "X-Env", "value": "prod"}],
                    },
                ],
            }
        },
        201,
    ),
    (
        "policy-to-url",
        f"{ELB}/l7policies",
        {
            "l7policy": {
                "action": "REDIRECT_TO_URL",
                "listener_id": LISTENER,
                "redirect_url_config": {
                    "protocol": "HTTPS",
                    "host": "www.example.com",
                    "port": "443",
                    "path": "/new",
                    "query": "a=b",
                    "status_code": "301",
                    **HEADERS,
                },
                "rules": [{"type": "PATH", "compare_type": "REGEX", "value": "^/old/.*"}],
            }
        },
        201,
    ),
    (
        "policy-to-listener",
        f"{ELB}/l7policies",
        {
            "l7policy": {
                "action": "REDIRECT_TO_LISTENER",
                "listener_id": LISTENER,
                "redirect_listener_id": HTTPS_LISTENER,
            }
        },
        201,
    ),
    (
        "rule",
        f"{ELB}/l7policies/{POLICY}/rules",
        {
            "rule": {
                "type": "METHOD",
                "compare_type": "EQUAL_TO",
                "value": "GET",
                "conditions": [{"key": "", "value": "GET"}, {"key": "", "value": "POST"}],
            }
        },
        201,
    ),
    (
        "priorities",
        f"{ELB}/l7policies/batch-update-priority",
        {"l7policies": [{"id": POLICY, "priority": 50}]},
        202,
    ),
]
UPDATE_SWEEP_BASES = [
    (
        "policy-update",
        f"{ELB}/l7policies/{POLICY}",
        {
            "l7policy": {
                "name": "n",
                "description": "d",
                "priority": 9,
                "fixed_response_config": {
                    "status_code": "404",
                    "content_type": "application/json",
                    "message_body": "{}",
                    "traffic_limit_config": {"qps": 10},
                },
                "rules": [{"type": "PATH", "compare_type": "EQUAL_TO", "value": "/x"}],
            }
        },
    ),
    (
        "rule-update",
        f"{ELB}/l7policies/{POLICY}/rules/{RULE}",
        {"rule": {"compare_type": "EQUAL_TO", "value": "/y", "invert": False}},
    ),
]


def _sweeps() -> list[Any]:
    params = [
        pytest.param("POST", path, base, status, id=name)
        for name, path, base, status in SWEEP_BASES
    ]
    params += [
        pytest.param("PUT", path, base, 200, id=name) for name, path, base in UPDATE_SWEEP_BASES
    ]
    return params


@pytest.mark.fuzz
@pytest.mark.parametrize(("method", "path", "base", "status"), _sweeps())
def test_each_base_body_is_valid(
    client: TestClient, method: str, path: str, base: dict[str, Any], status: int
) -> None:
    response = client.request(method, path, json=base)
    assert response.status_code == status, _describe(response)
    check_write(client, response, lists=False)


@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "base", "status"), _sweeps())
def test_each_body_field_with_edge_values(
    client: TestClient, method: str, path: str, base: dict[str, Any], status: int
) -> None:
    """Every field of a valid body, one at a time, with the edge values of test_fuzz."""
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
                failure.add_note(f"field {_field_name(field_path)} = {value!r:.40}")
                failures.append(failure)
    if failures:
        raise ExceptionGroup(f"{len(failures)} field value(s) break the contract", failures)


WRITES = st.sampled_from(
    [
        ("POST", f"{ELB}/l7policies"),
        ("POST", f"{ELB}/l7policies/batch-update-priority"),
        ("POST", f"{ELB}/l7policies/{POLICY}/rules"),
        ("PUT", f"{ELB}/l7policies/{POLICY}"),
        ("PUT", f"{ELB}/l7policies/{POLICY}/rules/{RULE}"),
    ]
)


@pytest.mark.fuzz
@pytest.mark.slow
@fuzz(60)
@given(target=WRITES, body=JSON_VALUES)
def test_any_json_body(client: TestClient, target: tuple[str, str], body: Any) -> None:
    method, path = target
    response = client.request(
        method, path, content=encode_json(body, True), headers={"Content-Type": "application/json"}
    )
    check_write(client, response, lists=False)


LISTS = [
    (f"{ELB}/l7policies", L7POLICY_LIST.keys),
    (f"{ELB}/l7policies/{POLICY}/rules", L7RULE_LIST.keys),
    (f"{ELB}/l7policies/rules", ALL_L7RULE_LIST.keys),
]


@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize(("path", "keys"), LISTS, ids=["policies", "rules", "all-rules"])
@fuzz(30)
@given(data=st.data())
def test_any_query_string_on_the_lists(
    client: TestClient, path: str, keys: frozenset[str], data: st.DataObject
) -> None:
    query = data.draw(query_strings(keys))
    response = client.get(f"{path}?{query}")
    check_write(client, response)
    assert response.status_code in (200, 400), _describe(response)
