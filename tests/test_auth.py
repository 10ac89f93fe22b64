"""Who may call: every /v3 and /v1 call needs X-Auth-Token or an SDK-HMAC-SHA256 signature
with X-Sdk-Date (401 APIGW.0301 otherwise); an X-Project-Id that differs from the path's
project is 403 APIGW.0302; the /_mockelb admin API needs no credential."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import ListPoolsRequest, ShowPoolRequest
from huaweicloudsdkvpc.v2 import ListSubnetsRequest
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import AUTHENTICATION_FAILED, PROJECT_MISMATCH
from tests.sdk_checks import assert_error_response

OTHER_PROJECT = "0123456789abcdef0123456789abcdef"

ELB = f"/v3/{demo.PROJECT}/elb"
POOLS = f"{ELB}/pools"
BATCH_ADD = f"{POOLS}/{demo.POOL}/members/batch-add"
MEMBERS = f"{POOLS}/{demo.POOL}/members"
MEMBER = {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}
SIGNATURE = (
    "SDK-HMAC-SHA256 Access=MOCKELBACCESSKEY0001, "
    "SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
    "Signature=3c1e4d9f0a2b7c6e5d8f1a0b9c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d"
)

# every operation of the /v3 and /v1 API, with a body where it takes one
OPERATIONS: list[tuple[str, str, Any]] = [
    ("GET", POOLS, None),
    ("GET", f"{POOLS}/{demo.POOL}", None),
    ("POST", POOLS, {"pool": {"protocol": "TCP", "loadbalancer_id": demo.LB}}),
    ("DELETE", f"{POOLS}/{demo.POOL_STANDALONE}", None),
    ("GET", MEMBERS, None),
    ("GET", f"{MEMBERS}/some-member", None),
    ("DELETE", f"{MEMBERS}/some-member", None),
    ("POST", BATCH_ADD, {"members": [MEMBER]}),
    ("GET", f"{ELB}/loadbalancers", None),
    ("GET", f"{ELB}/loadbalancers/{demo.LB}", None),
    (
        "POST",
        f"{ELB}/loadbalancers",
        {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}},
    ),
    ("DELETE", f"{ELB}/loadbalancers/{demo.LB}", None),
    ("GET", f"{ELB}/availability-zones", None),
    ("GET", f"/v1/{demo.PROJECT}/vpcs", None),
    ("GET", f"/v1/{demo.PROJECT}/vpcs/{demo.VPC}", None),
    ("GET", f"/v1/{demo.PROJECT}/subnets", None),
    ("GET", f"/v1/{demo.PROJECT}/subnets/{demo.SUBNET_VPC_ID}", None),
]
OPERATION_IDS = [f"{method} {path.removeprefix(ELB)}" for method, path, _ in OPERATIONS]


def sdk_date(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def signed(**extra: str) -> dict[str, str]:
    return {"Authorization": SIGNATURE, "X-Sdk-Date": sdk_date(), **extra}


@pytest.fixture
def bare(demo_snapshot: Snapshot, database_url: str) -> Iterator[TestClient]:
    """A fresh in-process app with the demo data and no default credential."""
    app = create_app(Settings(database_url=database_url), snapshot=demo_snapshot)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert "x-auth-token" not in client.headers
        assert "authorization" not in client.headers
        yield client


# --- no credential ----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=OPERATION_IDS)
def test_every_api_call_without_a_credential_is_apigw_0301(
    bare: TestClient, method: str, path: str, body: Any
) -> None:
    response = bare.request(method, path, json=body)

    assert_error_response(response, 401, AUTHENTICATION_FAILED)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=OPERATION_IDS)
def test_every_api_call_with_a_token_gets_past_authentication(
    bare: TestClient, method: str, path: str, body: Any
) -> None:
    response = bare.request(method, path, json=body, headers={"X-Auth-Token": "any-token"})

    assert response.status_code not in (401, 403), response.text


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=OPERATION_IDS)
def test_every_api_call_with_an_sdk_signature_gets_past_authentication(
    bare: TestClient, method: str, path: str, body: Any
) -> None:
    response = bare.request(method, path, json=body, headers=signed())

    assert response.status_code not in (401, 403), response.text


def test_a_refused_batch_add_adds_nothing(bare: TestClient) -> None:
    assert_error_response(
        bare.post(BATCH_ADD, json={"members": [MEMBER]}), 401, AUTHENTICATION_FAILED
    )

    listed = bare.get(MEMBERS, headers={"X-Auth-Token": "t"})
    assert listed.status_code == 200
    assert listed.json()["members"] == []


def test_a_refused_delete_deletes_nothing(bare: TestClient) -> None:
    assert_error_response(
        bare.delete(f"{POOLS}/{demo.POOL_STANDALONE}"), 401, AUTHENTICATION_FAILED
    )

    assert bare.get(f"{POOLS}/{demo.POOL_STANDALONE}", headers={"X-Auth-Token": "t"}).is_success


def test_authentication_comes_before_body_validation(bare: TestClient) -> None:
    response = bare.post(
        BATCH_ADD, content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert_error_response(response, 401, AUTHENTICATION_FAILED)


def test_authentication_comes_before_query_validation(bare: TestClient) -> None:
    assert_error_response(bare.get(f"{POOLS}?limit=abc"), 401, AUTHENTICATION_FAILED)


def test_authentication_comes_before_not_found(bare: TestClient) -> None:
    assert_error_response(bare.get(f"{POOLS}/nope"), 401, AUTHENTICATION_FAILED)


# --- X-Auth-Token -----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", " ", "   \t"])
def test_an_empty_token_is_refused(bare: TestClient, token: str) -> None:
    assert_error_response(
        bare.get(POOLS, headers={"X-Auth-Token": token}), 401, AUTHENTICATION_FAILED
    )


@pytest.mark.parametrize("token", ["t", "MIIZ" + "a" * 2000, "gAAAAABl-token_with.chars"])
def test_any_non_empty_token_is_accepted_in_open_mode(bare: TestClient, token: str) -> None:
    response = bare.get(POOLS, headers={"X-Auth-Token": token})

    assert response.status_code == 200
    assert demo.POOL in [pool["id"] for pool in response.json()["pools"]]


# --- SDK-HMAC-SHA256 --------------------------------------------------------------------


def test_a_well_formed_sdk_signature_is_accepted(bare: TestClient) -> None:
    response = bare.get(POOLS, headers=signed())

    assert response.status_code == 200
    assert demo.POOL in [pool["id"] for pool in response.json()["pools"]]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer abcdef",
        "Basic dXNlcjpwYXNz",
        "SDK-HMAC-SHA256",
        "SDK-HMAC-SHA256 ",
        "SDK-HMAC-SHA1 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0a1b",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date",
        "SDK-HMAC-SHA256 Access=AK, Signature=0a1b",
        "SDK-HMAC-SHA256 SignedHeaders=host;x-sdk-date, Signature=0a1b",
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature=0a1b",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=0a1b",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=not-hex",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host;X-Sdk-Date, Signature=0a1b",
        "SDK-HMAC-SHA256 Signature=0a1b, SignedHeaders=host, Access=AK",
        "garbage",
    ],
)
def test_a_malformed_authorization_is_apigw_0301(bare: TestClient, authorization: str) -> None:
    headers = {"Authorization": authorization, "X-Sdk-Date": sdk_date()}

    assert_error_response(bare.get(POOLS, headers=headers), 401, AUTHENTICATION_FAILED)


def test_a_malformed_authorization_is_refused_even_with_a_token(bare: TestClient) -> None:
    headers = {"Authorization": "Bearer abc", "X-Sdk-Date": sdk_date(), "X-Auth-Token": "t"}

    assert_error_response(bare.get(POOLS, headers=headers), 401, AUTHENTICATION_FAILED)


def test_a_signature_without_x_sdk_date_is_apigw_0301(bare: TestClient) -> None:
    assert_error_response(
        bare.get(POOLS, headers={"Authorization": SIGNATURE}), 401, AUTHENTICATION_FAILED
    )


@pytest.mark.parametrize(
    "date",
    [
        "",
        "yesterday",
        "2024-01-01T00:00:00Z",
        "20240101T000000",
        "20240101 000000Z",
        "20241301T000000Z",
        "20240101T250000Z",
        "Mon, 01 Jan 2024 00:00:00 GMT",
        "1704067200",
    ],
)
def test_a_malformed_x_sdk_date_is_apigw_0301(bare: TestClient, date: str) -> None:
    headers = {"Authorization": SIGNATURE, "X-Sdk-Date": date}

    assert_error_response(bare.get(POOLS, headers=headers), 401, AUTHENTICATION_FAILED)


# --- X-Project-Id -----------------------------------------------------------------------


@pytest.mark.parametrize("credential", [{"X-Auth-Token": "t"}, None], ids=["token", "signature"])
@pytest.mark.parametrize(
    "path",
    [POOLS, f"{POOLS}/{demo.POOL}", f"{ELB}/loadbalancers", f"/v1/{demo.PROJECT}/subnets"],
)
def test_an_x_project_id_other_than_the_path_project_is_apigw_0302(
    bare: TestClient, credential: dict[str, str] | None, path: str
) -> None:
    headers = {**(credential or signed()), "X-Project-Id": OTHER_PROJECT}

    body = assert_error_response(bare.get(path, headers=headers), 403, PROJECT_MISMATCH)

    assert OTHER_PROJECT in body["error_msg"]


def test_a_project_mismatch_on_batch_add_adds_nothing(bare: TestClient) -> None:
    headers = {"X-Auth-Token": "t", "X-Project-Id": OTHER_PROJECT}

    assert_error_response(
        bare.post(BATCH_ADD, json={"members": [MEMBER]}, headers=headers), 403, PROJECT_MISMATCH
    )

    assert bare.get(MEMBERS, headers={"X-Auth-Token": "t"}).json()["members"] == []


def test_a_missing_credential_is_reported_before_a_project_mismatch(bare: TestClient) -> None:
    response = bare.get(POOLS, headers={"X-Project-Id": OTHER_PROJECT})

    assert_error_response(response, 401, AUTHENTICATION_FAILED)


@pytest.mark.parametrize("credential", [{"X-Auth-Token": "t"}, None], ids=["token", "signature"])
def test_a_matching_x_project_id_passes(
    bare: TestClient, credential: dict[str, str] | None
) -> None:
    headers = {**(credential or signed()), "X-Project-Id": demo.PROJECT}

    response = bare.get(f"{POOLS}/{demo.POOL}", headers=headers)

    assert response.status_code == 200
    assert response.json()["pool"]["id"] == demo.POOL


# --- the admin API ----------------------------------------------------------------------


def test_the_admin_api_needs_no_credential(bare: TestClient) -> None:
    health = bare.get("/_mockelb/health")
    reset = bare.post("/_mockelb/reset")

    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert reset.status_code == 200


def test_the_admin_api_ignores_a_foreign_x_project_id(bare: TestClient) -> None:
    response = bare.get("/_mockelb/health", headers={"X-Project-Id": OTHER_PROJECT})

    assert response.status_code == 200


# --- over a real socket, and through the official SDK -------------------------------------


def test_over_http_a_client_without_credentials_is_refused(mockelb: MockElbServer) -> None:
    with httpx.Client(base_url=mockelb.url, timeout=10) as client:
        assert_error_response(client.get(POOLS), 401, AUTHENTICATION_FAILED)
        assert_error_response(
            client.post(BATCH_ADD, json={"members": [MEMBER]}), 401, AUTHENTICATION_FAILED
        )
        assert client.get("/_mockelb/health").status_code == 200
        with_token = client.get(POOLS, headers={"X-Auth-Token": "t"})
        assert with_token.status_code == 200


def test_over_http_a_project_mismatch_is_refused(mockelb: MockElbServer) -> None:
    headers = {"X-Auth-Token": "t", "X-Project-Id": OTHER_PROJECT}
    with httpx.Client(base_url=mockelb.url, timeout=10) as client:
        assert_error_response(client.get(POOLS, headers=headers), 403, PROJECT_MISMATCH)


def test_the_official_sdk_signs_its_requests_and_passes(elb: Any) -> None:
    response = elb.list_pools(ListPoolsRequest())

    assert response.status_code == 200
    assert demo.POOL in [pool.id for pool in response.pools]
    shown = elb.show_pool(ShowPoolRequest(pool_id=demo.POOL))
    assert shown.pool.id == demo.POOL


# the VPC SDK warns when python-dateutil is missing; the warning says nothing about mockelb
@pytest.mark.filterwarnings("ignore:Unable to convert string to datetime:ImportWarning")
def test_the_official_vpc_sdk_passes(vpc: Any) -> None:
    response = vpc.list_subnets(ListSubnetsRequest())

    assert response.status_code == 200
    assert demo.SUBNET_VPC_ID in [subnet.id for subnet in response.subnets]


def test_the_sdk_for_another_project_passes_and_sees_none_of_the_demo(
    mockelb: MockElbServer,
) -> None:
    client = make_elb_client(mockelb.url, OTHER_PROJECT)

    response = client.list_pools(ListPoolsRequest())

    assert response.status_code == 200
    assert response.pools == []
