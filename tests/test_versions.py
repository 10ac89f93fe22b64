"""The API version list: through the SDK (signed) and raw HTTP without credentials."""

from __future__ import annotations

import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
from huaweicloudsdkelb.v3 import ListApiVersionsRequest
from starlette.testclient import TestClient

from mockelb.testing import MockElbServer
from tests.error_codes import API_NOT_FOUND
from tests.sdk_checks import assert_json_model, assert_model_fields

REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
EXPECTED = [
    {"id": "v3", "status": "CURRENT"},
    {"id": "v2", "status": "STABLE"},
    {"id": "v2.0", "status": "STABLE"},
]


# --- the list through the SDK ------------------------------------------------------------


def test_the_sdk_lists_the_versions(elb: Any) -> None:
    response = elb.list_api_versions(ListApiVersionsRequest())

    assert response.status_code == 200
    assert [(v.id, v.status) for v in response.versions] == [
        ("v3", "CURRENT"),
        ("v2", "STABLE"),
        ("v2.0", "STABLE"),
    ]
    assert all(isinstance(v, elb_v3.ApiVersionInfo) for v in response.versions)


def test_list_api_versions_through_sdk(elb: Any, http: httpx.Client) -> None:
    response = elb.list_api_versions(ListApiVersionsRequest())
    assert response.status_code == 200
    assert [(v.id, v.status) for v in response.versions] == [
        ("v3", "CURRENT"),
        ("v2", "STABLE"),
        ("v2.0", "STABLE"),
    ]
    raw = http.get("/versions")
    assert raw.status_code == 200
    body = raw.json()
    assert set(body) == {"versions"}  # the SDK model has no request_id
    assert_model_fields(body, elb_v3.ListApiVersionsResponse)


# --- raw HTTP: no credentials needed, no request id in the body ---------------------------


def test_no_credentials_are_needed(mockelb: MockElbServer) -> None:
    response = httpx.get(f"{mockelb.url}/versions", timeout=10)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == {"versions": EXPECTED}
    assert_json_model(body, elb_v3.ListApiVersionsResponse)
    for version in body["versions"]:
        assert_json_model(version, elb_v3.ApiVersionInfo)


def test_the_request_id_is_in_the_header_only(app_client: TestClient) -> None:
    response = app_client.get("/versions")

    assert response.status_code == 200
    assert REQUEST_ID.match(response.headers["x-request-id"])
    assert "request_id" not in response.json()


def test_a_malformed_credential_is_not_looked_at(mockelb: MockElbServer) -> None:
    response = httpx.get(
        f"{mockelb.url}/versions", headers={"Authorization": "garbage"}, timeout=10
    )

    assert response.status_code == 200
    assert response.json() == {"versions": EXPECTED}


def test_versions_has_no_request_id(mockelb: MockElbServer) -> None:
    resp = httpx.get(f"{mockelb.url}/versions", headers={"X-Auth-Token": "t"})
    assert resp.status_code == 200 and "request_id" not in resp.json()


# --- odd requests -------------------------------------------------------------------------


def test_query_parameters_are_ignored(app_client: TestClient) -> None:
    response = app_client.get("/versions", params={"limit": "x" * 1000})

    assert response.status_code == 200
    assert response.json() == {"versions": EXPECTED}


def test_other_methods_are_unknown_apis(app_client: TestClient) -> None:
    response = app_client.post("/versions", json={})

    assert response.status_code == 404
    assert response.json()["error_code"] == API_NOT_FOUND
