"""The served OpenAPI document and the interactive API page.

Every operation has its request body and its response body described, the errors come in the
cloud's envelope, no operation advertises FastAPI's 422 (mockelb never sends it), and the
page loads without a network: its assets come from the server itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import huaweicloudsdkelb.v3 as elb_v3
import huaweicloudsdkvpc.v2 as vpc_v2
import pytest
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from tests import databases

OPENAPI = "/_mockelb/openapi.json"
DOCS = "/_mockelb/docs"
API_PREFIXES = ("/v3/", "/v1/")


@pytest.fixture(scope="module")
def document() -> Iterator[dict[str, Any]]:
    """The served document (one app for the module: the document does not change)."""
    url = databases.fresh_database_url()
    try:
        app = create_app(Settings(database_url=url))
        with TestClient(app) as client:
            response = client.get(OPENAPI)
    finally:
        databases.release(url)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    yield body


def operations_in(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def refs(node: Any) -> Iterator[str]:
    """Every $ref under a node of the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def schema_name(ref: str) -> str:
    prefix = "#/components/schemas/"
    assert ref.startswith(prefix), ref
    return ref[len(prefix) :]


def success_schema(operation: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    (status,) = [code for code in operation["responses"] if code.startswith("2")]
    content = operation["responses"][status].get("content", {})
    return status, content.get("application/json", {}).get("schema")


def test_no_operation_advertises_a_422(document: dict[str, Any]) -> None:
    for path, method, operation in operations_in(document):
        assert "422" not in operation["responses"], (method, path)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for ref in set(refs(document)):
        assert schema_name(ref) in schemas, ref


def test_every_api_operation_describes_its_errors_in_the_cloud_envelope(
    document: dict[str, Any],
) -> None:
    envelope = document["components"]["schemas"]["ErrorBody"]
    assert set(envelope["properties"]) == {"error_msg", "error_code", "request_id"}
    for path, method, operation in operations_in(document):
        if not path.startswith(API_PREFIXES):
            continue
        for status in ("400", "401", "403", "404"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


# the PUT operations whose SDK request has no body (RestoreLoadbalancerRequest)
BODYLESS_PUTS = frozenset(
    {"/v3/{project_id}/elb/recycle-bin/loadbalancers/{loadbalancer_id}/recover"}
)


def test_every_operation_with_a_body_describes_it(document: dict[str, Any]) -> None:
    bodies = {
        (method, path): operation["requestBody"]
        for path, method, operation in operations_in(document)
        if "requestBody" in operation
    }
    batch_add = bodies[("post", "/v3/{project_id}/elb/pools/{pool_id}/members/batch-add")]
    assert batch_add["required"] is True
    ref = batch_add["content"]["application/json"]["schema"]["$ref"]
    members = document["components"]["schemas"][schema_name(ref)]["properties"]["members"]
    assert schema_name(members["items"]["$ref"]) == "BatchCreateMembersOption"
    cascade = bodies[
        ("post", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}/delete-cascade")
    ]
    assert cascade["required"] is False
    for path, method, _ in operations_in(document):
        if path.startswith(API_PREFIXES) and method in ("put",) and path not in BODYLESS_PUTS:
            assert (method, path) in bodies, (method, path)
        if path.startswith("/v3/") and method == "post" and not path.endswith("delete-cascade"):
            assert (method, path) in bodies, (method, path)


def test_every_api_response_body_is_the_sdks(document: dict[str, Any]) -> None:
    """Each success body is described, named after the SDK's response class, with the
    fields that class declares (no more; request_id, which mockelb puts in every body as
    the cloud does, even where an SDK class leaves it out)."""
    schemas = document["components"]["schemas"]
    for path, method, operation in operations_in(document):
        if not path.startswith(API_PREFIXES):
            continue
        status, schema = success_schema(operation)
        if status == "204":
            assert schema is None, (method, path)
            continue
        assert schema is not None, (method, path)
        name = schema_name(schema["$ref"])
        sdk_class = getattr(elb_v3, name, None) or getattr(vpc_v2, name, None)
        assert sdk_class is not None, f"{method} {path}: no SDK response class {name}"
        declared = set(sdk_class.attribute_map.values())
        described = set(schemas[name]["properties"]) - {"request_id"}
        assert described <= declared, (name, sorted(described - declared))


ADMIN_ROUTES = {
    ("get", "/_mockelb/health"),
    ("post", "/_mockelb/reset"),
    ("get", "/_mockelb/state"),
    ("post", "/_mockelb/state"),
    ("get", "/_mockelb/requests"),
    ("delete", "/_mockelb/requests"),
    ("post", "/_mockelb/faults"),
    ("get", "/_mockelb/faults"),
    ("delete", "/_mockelb/faults"),
    ("delete", "/_mockelb/faults/{fault_id}"),
    ("put", "/_mockelb/members/{member_id}/health"),
}


def test_every_admin_route_is_described_with_its_bodies_and_errors(
    document: dict[str, Any],
) -> None:
    described = {
        (method, path): operation
        for path, method, operation in operations_in(document)
        if path.startswith("/_mockelb/")
    }
    assert ADMIN_ROUTES <= set(described), sorted(ADMIN_ROUTES - set(described))
    for (method, path), operation in described.items():
        status, schema = success_schema(operation)
        assert (status == "204") == (method == "delete"), (method, path, status)
        assert (schema is None) == (status == "204"), (method, path)
        if method in ("post", "put") and path not in ("/_mockelb/reset",):
            assert "requestBody" in operation, (method, path)
        if path != "/_mockelb/health":
            error = operation["responses"]["400"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
    schemas = document["components"]["schemas"]
    fault = schemas[
        schema_name(
            described[("post", "/_mockelb/faults")]["requestBody"]["content"]["application/json"][
                "schema"
            ]["$ref"]
        )
    ]
    assert {"operation", "path", "status", "delay_ms", "drop_connection", "times"} <= set(
        fault["properties"]
    )
    _, requests = success_schema(described[("get", "/_mockelb/requests")])
    assert requests is not None
    assert set(schemas[schema_name(requests["$ref"])]["properties"]) == {"requests", "count"}


def test_the_api_page_loads_its_assets_from_the_server(app_client: TestClient) -> None:
    page = app_client.get(DOCS)
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(asset.endswith(".js") for asset in assets)
    assert any(asset.endswith(".css") for asset in assets)
    for asset in assets:
        assert asset.startswith("/_mockelb/docs/"), asset
        assert app_client.get(asset).status_code == 200, asset
    assert OPENAPI in page.text
