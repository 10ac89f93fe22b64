"""Strict authentication and the admin token, against a real `mockelb serve --auth strict`.

Strict mode accepts only the seed files' tokens and access keys, verifies SDK-HMAC-SHA256
exactly as the official SDK signs (401 APIGW.0301 otherwise), refuses an X-Sdk-Date more than
15 minutes off, and answers 403 APIGW.0302 to a credential used on another project's path;
a credential without a project may be used on any. With --admin-token, the /_mockelb routes
but health and the docs need X-Admin-Token (401 APIGW.0301 otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkelb.v3 import ShowPoolRequest
from starlette.testclient import TestClient

from mockelb import auth, signing
from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import AUTHENTICATION_FAILED, NOT_FOUND, PROJECT_MISMATCH
from tests.factories import add_members, list_members, list_pools, on_subnet
from tests.sdk_checks import assert_error_response, assert_ok_response, assert_refused
from tests.serve import ServerProcess

OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
# (access key, secret key) of the seed file below, and its tokens
KEY = ("STRICTACCESSKEY00001", "strict-secret-key")
OTHER_PROJECT_KEY = ("OTHERACCESSKEY000001", "other-secret-key")
ANY_PROJECT_KEY = ("ANYPROJECTKEY0000001", "any-project-secret")
TOKEN, OTHER_PROJECT_TOKEN, ANY_PROJECT_TOKEN = "strict-token", "other-token", "any-token"
# the demo data's pair (mockelb/demo.yaml), make_elb_client's default, and its token
DEMO_TOKEN = "mockelb-demo-token"
ADMIN_TOKEN = "admin-secret"
# no top-level project_id: the credentials without one have none (usable on any project)
SEED = {
    "credentials": [
        {"access_key": KEY[0], "secret_key": KEY[1], "project_id": demo.PROJECT},
        {
            "access_key": OTHER_PROJECT_KEY[0],
            "secret_key": OTHER_PROJECT_KEY[1],
            "project_id": OTHER_PROJECT,
        },
        {"access_key": ANY_PROJECT_KEY[0], "secret_key": ANY_PROJECT_KEY[1]},
    ],
    "tokens": [
        {"token": TOKEN, "project_id": demo.PROJECT},
        {"token": OTHER_PROJECT_TOKEN, "project_id": OTHER_PROJECT},
        {"token": ANY_PROJECT_TOKEN},
    ],
}

POOLS = f"/v3/{demo.PROJECT}/elb/pools"
BATCH_ADD = f"{POOLS}/{demo.POOL}/members/batch-add"
INCORRECT = "Incorrect IAM authentication information: "
SIGNATURE_FAILED = f"{INCORRECT}verify aksk signature fail"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    seed = tmp_path_factory.mktemp("strict") / "seed.json"
    seed.write_text(json.dumps(SEED))
    with ServerProcess(
        "--auth", "strict", "--admin-token", ADMIN_TOKEN, "--seed", str(seed)
    ) as process:
        yield process
        process.assert_no_errors_logged()


@pytest.fixture(scope="module")
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def elb_client(server: ServerProcess, key: tuple[str, str], project: str = demo.PROJECT) -> Any:
    return make_elb_client(server.url, project, access_key=key[0], secret_key=key[1])


def sdk_date(moment: datetime) -> str:
    return moment.strftime(signing.DATE_FORMAT)


def signed(
    server: ServerProcess,
    method: str,
    path: str,
    *,
    query: list[tuple[str, Any]] | None = None,
    body: bytes = b"",
    key: tuple[str, str] = KEY,
    at: datetime | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    """The URL and headers of a request signed by the SDK's own Signer, dated `at`."""
    request = SdkRequest(
        method=method,
        schema="http",
        host=server.url.removeprefix("http://"),
        resource_path=path,
        query_params=query or [],
        header_params={
            "Content-Type": "application/json;charset=UTF-8",
            "X-Project-Id": demo.PROJECT,
            "X-Sdk-Date": sdk_date(at or datetime.now(UTC)),
            **(headers or {}),
        },
        body=body,
    )
    Signer(BasicCredentials(key[0], key[1], demo.PROJECT)).sign(request)
    return f"{server.url}{request.uri}", dict(request.header_params)


def member_body(address: str) -> bytes:
    return json.dumps({"members": [on_subnet(address)]}).encode()


def addresses(server: ServerProcess) -> list[str]:
    return [member.address for member in list_members(elb_client(server, KEY), demo.POOL)]


# --- the signature itself ---------------------------------------------------------------


def test_the_canonical_request_and_signature_match_the_reference_test_vector() -> None:
    headers = {
        "content-type": "application/json;charset=UTF-8",
        "host": "elb.cn-north-4.myhuaweicloud.com",
        "x-project-id": "0123456789abcdef0123456789abcdef",
        "x-sdk-date": "20250101T000000Z",
    }
    body = b'{"member": {"address": "10.0.0.3", "protocol_port": 8080}}'

    canonical = signing.canonical_request(
        method="POST",
        path="/v3/0123456789abcdef0123456789abcdef/elb/pools/pool-1/members",
        query="",
        header=headers.get,
        signed_headers=sorted(headers),
        body_hash=signing.body_sha256(body, None),
    )
    assert canonical is not None
    at = datetime.strptime("20250101T000000Z", signing.DATE_FORMAT)

    assert canonical.splitlines()[1] == (
        "/v3/0123456789abcdef0123456789abcdef/elb/pools/pool-1/members/"
    )
    assert signing.signature("SKtestsecret", signing.string_to_sign(canonical, at)) == (
        "cfa006662042be725f85cda008e218458f6b6b08e43e232178816a9db680f949"
    )


# --- the official SDK with a seeded access key ------------------------------------------


def test_the_sdk_with_a_seeded_key_lists_and_batch_adds(server: ServerProcess) -> None:
    elb = elb_client(server, KEY)

    assert demo.POOL in [pool.id for pool in list_pools(elb)]
    added = add_members(elb, demo.POOL, on_subnet("192.168.0.201"))

    assert [member.address for member in added] == ["192.168.0.201"]
    assert "192.168.0.201" in addresses(server)


def test_the_demo_key_pair_works_in_strict_mode(server: ServerProcess) -> None:
    elb = make_elb_client(server.url)

    assert demo.POOL in [pool.id for pool in list_pools(elb)]


def test_repeated_query_values_verify_in_the_order_the_sdk_sorts_them(
    server: ServerProcess,
) -> None:
    # the SDK sorts integers numerically: 80, 443, 8080 (a string sort would differ)
    members = list_members(
        elb_client(server, KEY),
        demo.POOL,
        protocol_port=[8080, 80, 443],
        address=["192.168.0.9", "192.168.0.10"],
        limit=5,
    )

    assert members == []


def test_a_path_the_sdk_percent_encodes_verifies(server: ServerProcess) -> None:
    elb = elb_client(server, KEY)

    assert_refused(
        lambda: elb.show_pool(ShowPoolRequest(pool_id="no such pool~(x)")), 404, NOT_FOUND
    )


def test_a_key_without_a_project_may_be_used_on_any_project(server: ServerProcess) -> None:
    for project in (demo.PROJECT, OTHER_PROJECT):
        elb = elb_client(server, ANY_PROJECT_KEY, project)

        assert list_pools(elb) is not None


# --- refused signatures -----------------------------------------------------------------


def test_a_wrong_secret_key_is_refused(server: ServerProcess) -> None:
    elb = elb_client(server, (KEY[0], "not-the-secret"))

    error = assert_refused(lambda: list_pools(elb), 401, AUTHENTICATION_FAILED)

    assert error.error_msg == SIGNATURE_FAILED


def test_an_unknown_access_key_is_refused(server: ServerProcess) -> None:
    elb = elb_client(server, ("NOSUCHACCESSKEY00001", KEY[1]))

    error = assert_refused(lambda: list_pools(elb), 401, AUTHENTICATION_FAILED)

    assert (
        error.error_msg
        == f"{INCORRECT}Get secretKey failed,ak:NOSUCHACCESSKEY00001,err:ak not exist"
    )


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param(timedelta(minutes=-14), id="14-minutes-behind"),
        pytest.param(timedelta(minutes=14), id="14-minutes-ahead"),
    ],
)
def test_an_x_sdk_date_within_15_minutes_is_accepted(
    server: ServerProcess, http: httpx.Client, offset: timedelta
) -> None:
    url, headers = signed(server, "GET", POOLS, at=datetime.now(UTC) + offset)

    assert_ok_response(http.get(url, headers=headers))


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param(timedelta(minutes=-16), id="16-minutes-behind"),
        pytest.param(timedelta(minutes=16), id="16-minutes-ahead"),
    ],
)
def test_an_x_sdk_date_more_than_15_minutes_off_is_refused(
    server: ServerProcess, http: httpx.Client, offset: timedelta
) -> None:
    url, headers = signed(server, "GET", POOLS, at=datetime.now(UTC) + offset)

    assert_error_response(
        http.get(url, headers=headers), 401, AUTHENTICATION_FAILED, SIGNATURE_FAILED
    )


def test_a_signed_query_with_its_parameters_out_of_order_verifies(
    server: ServerProcess, http: httpx.Client
) -> None:
    url, headers = signed(server, "GET", POOLS, query=[("limit", 2), ("page_reverse", False)])
    reordered = f"{server.url}{POOLS}?page_reverse=false&limit=2"
    assert url != reordered

    assert_ok_response(http.get(reordered, headers=headers))


def test_a_body_changed_after_signing_is_refused_and_adds_nothing(
    server: ServerProcess, http: httpx.Client
) -> None:
    url, headers = signed(server, "POST", BATCH_ADD, body=member_body("192.168.0.202"))

    response = http.post(url, headers=headers, content=member_body("192.168.0.203"))

    assert_error_response(response, 401, AUTHENTICATION_FAILED, SIGNATURE_FAILED)
    assert not {"192.168.0.202", "192.168.0.203"} & set(addresses(server))


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda url: url.replace("limit=1", "limit=2"), id="query"),
        pytest.param(lambda url: url.replace("/pools?", "/loadbalancers?"), id="path"),
    ],
)
def test_a_url_changed_after_signing_is_refused(
    server: ServerProcess, http: httpx.Client, tamper: Any
) -> None:
    url, headers = signed(server, "GET", POOLS, query=[("limit", 1)])

    response = http.get(tamper(url), headers=headers)

    assert_error_response(response, 401, AUTHENTICATION_FAILED, SIGNATURE_FAILED)


def test_a_signed_header_left_out_is_refused(server: ServerProcess, http: httpx.Client) -> None:
    url, headers = signed(server, "GET", POOLS, headers={"X-Trace": "abc"})
    del headers["X-Trace"]

    assert_error_response(
        http.get(url, headers=headers), 401, AUTHENTICATION_FAILED, SIGNATURE_FAILED
    )


@pytest.mark.parametrize(
    ("key", "status", "code"),
    [
        pytest.param((KEY[0], "not-the-secret"), 401, AUTHENTICATION_FAILED, id="wrong-secret"),
        pytest.param(OTHER_PROJECT_KEY, 403, PROJECT_MISMATCH, id="other-project"),
    ],
)
def test_a_refused_batch_add_adds_nothing(
    server: ServerProcess, key: tuple[str, str], status: int, code: str
) -> None:
    elb = elb_client(server, key)

    assert_refused(lambda: add_members(elb, demo.POOL, on_subnet("192.168.0.204")), status, code)

    assert "192.168.0.204" not in addresses(server)


# --- another project's credential -------------------------------------------------------


def test_a_key_on_another_projects_path_is_403(server: ServerProcess) -> None:
    elb = elb_client(server, OTHER_PROJECT_KEY, demo.PROJECT)

    error = assert_refused(lambda: list_pools(elb), 403, PROJECT_MISMATCH)

    assert OTHER_PROJECT in error.error_msg and demo.PROJECT in error.error_msg


def test_a_key_on_its_own_projects_path_is_accepted(server: ServerProcess) -> None:
    assert list_pools(elb_client(server, OTHER_PROJECT_KEY, OTHER_PROJECT)) == []


# --- tokens -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "path"),
    [
        pytest.param(TOKEN, POOLS, id="seeded"),
        pytest.param(DEMO_TOKEN, POOLS, id="demo"),
        pytest.param(ANY_PROJECT_TOKEN, POOLS, id="no-project"),
        pytest.param(ANY_PROJECT_TOKEN, f"/v3/{OTHER_PROJECT}/elb/pools", id="no-project-other"),
        pytest.param(OTHER_PROJECT_TOKEN, f"/v3/{OTHER_PROJECT}/elb/pools", id="own-project"),
    ],
)
def test_a_seeded_token_is_accepted(http: httpx.Client, token: str, path: str) -> None:
    assert_ok_response(http.get(path, headers={"X-Auth-Token": token}))


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        pytest.param({}, "x-auth-token not found", id="missing"),
        pytest.param({"X-Auth-Token": "no-such-token"}, "decrypt token fail", id="unknown"),
        pytest.param({"X-Auth-Token": TOKEN + "x"}, "decrypt token fail", id="altered"),
    ],
)
def test_a_missing_or_unknown_token_is_refused(
    http: httpx.Client, headers: dict[str, str], message: str
) -> None:
    response = http.get(POOLS, headers=headers)

    body = assert_error_response(response, 401, AUTHENTICATION_FAILED)
    assert body["error_msg"] == f"{INCORRECT}{message}"


def test_a_token_on_another_projects_path_is_403_and_adds_nothing(
    server: ServerProcess, http: httpx.Client
) -> None:
    response = http.post(
        BATCH_ADD,
        content=member_body("192.168.0.205"),
        headers={"X-Auth-Token": OTHER_PROJECT_TOKEN, "Content-Type": "application/json"},
    )

    assert_error_response(response, 403, PROJECT_MISMATCH, OTHER_PROJECT)
    assert "192.168.0.205" not in addresses(server)


# --- the admin token --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        pytest.param({}, "x-admin-token not found", id="missing"),
        pytest.param({"X-Admin-Token": "wrong"}, "x-admin-token does not match", id="wrong"),
    ],
)
def test_an_admin_call_without_the_admin_token_is_401(
    http: httpx.Client, headers: dict[str, str], message: str
) -> None:
    response = http.post("/_mockelb/reset", headers=headers)

    assert_error_response(response, 401, AUTHENTICATION_FAILED, message)


def test_an_admin_call_with_the_admin_token_is_answered(http: httpx.Client) -> None:
    response = http.post("/_mockelb/reset", headers={"X-Admin-Token": ADMIN_TOKEN})

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", ["/_mockelb/health", "/_mockelb/docs", "/_mockelb/openapi.json"])
def test_health_and_the_docs_need_no_admin_token(http: httpx.Client, path: str) -> None:
    assert http.get(path).status_code == 200


def test_every_other_admin_route_needs_the_admin_token(
    demo_snapshot: Snapshot, database_url: str
) -> None:
    settings = Settings(database_url=database_url, admin_token=ADMIN_TOKEN)
    app = create_app(settings, snapshot=demo_snapshot)
    # every admin route is in the OpenAPI document (the docs pages themselves are not)
    guarded = [
        (method.upper(), path.replace("{", "").replace("}", ""))
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/_mockelb/") and path != "/_mockelb/health"
        for method in operations
    ]
    assert ("POST", "/_mockelb/reset") in guarded

    with TestClient(app, raise_server_exceptions=False) as client:
        for method, path in guarded:
            response = client.request(method, path)

            assert_error_response(response, 401, AUTHENTICATION_FAILED, "x-admin-token")


def test_mockelb_server_sends_its_admin_token(database_url: str) -> None:
    settings = Settings(database_url=database_url, admin_token=ADMIN_TOKEN)

    with MockElbServer(settings) as server:
        server.reset()
        assert server.admin("GET", "health")["status"] == "ok"


# --- open mode --------------------------------------------------------------------------


def test_open_mode_accepts_any_credential_without_reading_the_database(
    demo_snapshot: Snapshot, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_look_up(*_: object) -> None:
        raise AssertionError("open mode looked a credential up")

    monkeypatch.setattr(auth, "_look_up", no_look_up)
    app = create_app(Settings(database_url=database_url), snapshot=demo_snapshot)
    stale = datetime.now(UTC) - timedelta(days=1)
    signature = "SDK-HMAC-SHA256 Access=NOSUCHKEY, SignedHeaders=host;x-sdk-date, Signature=0a1b2c"

    with TestClient(app) as client:
        for headers in (
            {"X-Auth-Token": "no-such-token"},
            {"Authorization": signature, "X-Sdk-Date": sdk_date(stale)},
        ):
            assert_ok_response(client.get(POOLS, headers=headers))
        assert client.post("/_mockelb/reset").status_code == 200
