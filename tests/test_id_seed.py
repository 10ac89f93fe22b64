"""--id-seed: the same requests in the same order get the same resource ids and request ids
on every run; another seed gets others; processes never share an id."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    ShowPoolRequest,
)
from starlette.testclient import TestClient

from mockelb import ids
from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Database
from mockelb.testing import make_elb_client
from tests import demo
from tests.error_codes import NOT_FOUND
from tests.sdk_checks import REQUEST_ID, UUID, assert_refused
from tests.serve import ServerProcess

AUTH = {"X-Auth-Token": "test-token"}
LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
LOAD_BALANCER = {
    "loadbalancer": {
        "vpc_id": demo.VPC,
        "vip_subnet_cidr_id": demo.SUBNET,
        "availability_zone_list": [demo.AZ_1],
    }
}

# what one run records: the ids of what it made, and the request id of every answer
Run = dict[str, list[str]]


def scenario(url: str) -> Run:
    """Create a load balancer and a pool on it, batch-add three members, and ask for a pool
    that does not exist, through the SDK."""
    elb = make_elb_client(url)
    lb = elb.create_load_balancer(
        CreateLoadBalancerRequest(
            body=CreateLoadBalancerRequestBody(
                loadbalancer=CreateLoadBalancerOption(**LOAD_BALANCER["loadbalancer"])
            )
        )
    )
    pool = elb.create_pool(
        CreatePoolRequest(
            body=CreatePoolRequestBody(
                pool=CreatePoolOption(
                    protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=lb.loadbalancer.id
                )
            )
        )
    )
    options = [
        BatchCreateMembersOption(
            address=f"192.168.0.{n}", protocol_port=80, subnet_cidr_id=demo.SUBNET
        )
        for n in (20, 21, 22)
    ]
    members = elb.batch_create_members(
        BatchCreateMembersRequest(
            pool_id=pool.pool.id, body=BatchCreateMembersRequestBody(members=options)
        )
    )
    error = assert_refused(
        lambda: elb.show_pool(ShowPoolRequest(pool_id=demo.UNKNOWN_ID)), 404, NOT_FOUND
    )
    return {
        "ids": [
            lb.loadbalancer.id,
            lb.loadbalancer.vip_port_id,
            pool.pool.id,
            *(member.id for member in members.members),
        ],
        "request_ids": [
            lb.request_id,
            pool.request_id,
            members.request_id,
            error.request_id,
        ],
    }


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, ServerProcess]]:
    """Two servers with seed 7 and one with seed 8, started side by side."""
    runs = {
        "first": ServerProcess("--id-seed", "7"),
        "second": ServerProcess("--id-seed", "7"),
        "other-seed": ServerProcess("--id-seed", "8"),
    }
    with ExitStack() as stack:
        for server in runs.values():
            stack.callback(server.close)
            server.spawn()
        for server in runs.values():
            server.wait_until_serving()
        yield runs


@pytest.fixture(scope="module")
def first_runs(servers: dict[str, ServerProcess]) -> dict[str, Run]:
    """The scenario on each server; the second server answers admin calls first (health
    polls, the state), which must not shift the ids of the API's calls."""
    admin = servers["second"].url + "/_mockelb"
    for _ in range(3):
        httpx.get(f"{admin}/health")
    httpx.get(f"{admin}/state")
    return {name: scenario(server.url) for name, server in servers.items()}


@pytest.mark.slow  # server subprocesses
def test_the_same_calls_get_the_same_ids_and_request_ids(first_runs: dict[str, Run]) -> None:
    assert first_runs["second"] == first_runs["first"]
    assert len(set(first_runs["first"]["ids"])) == 6


@pytest.mark.slow  # server subprocesses
def test_another_seed_gets_other_ids(first_runs: dict[str, Run]) -> None:
    first, other = first_runs["first"], first_runs["other-seed"]

    assert not set(first["ids"]) & set(other["ids"])
    assert not set(first["request_ids"]) & set(other["request_ids"])


@pytest.mark.slow  # server subprocesses
def test_seeded_ids_keep_their_formats(first_runs: dict[str, Run]) -> None:
    run = first_runs["first"]

    for value in run["ids"]:
        assert UUID.fullmatch(value)
        parsed = uuid.UUID(value)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert run["ids"][2:] == sorted(run["ids"][2:])  # time-ordered, as random ones are
    assert all(REQUEST_ID.fullmatch(request_id) for request_id in run["request_ids"])


@pytest.mark.slow  # server subprocesses
def test_a_full_reset_starts_the_ids_over(
    servers: dict[str, ServerProcess], first_runs: dict[str, Run]
) -> None:
    url = servers["first"].url
    assert httpx.post(f"{url}/_mockelb/reset").status_code == 200

    assert scenario(url) == first_runs["first"]


@pytest.mark.slow  # server subprocesses
def test_a_project_reset_does_not_start_the_ids_over(
    servers: dict[str, ServerProcess], first_runs: dict[str, Run]
) -> None:
    url = servers["other-seed"].url
    reset = httpx.post(f"{url}/_mockelb/reset", params={"project_id": demo.PROJECT})
    assert reset.status_code == 200

    again = scenario(url)

    # other projects keep the ids issued so far: none may be issued twice
    assert not set(again["ids"]) & set(first_runs["other-seed"]["ids"])


@pytest.mark.slow  # server subprocesses
def test_workers_never_issue_the_same_id(persistent_database_url: str) -> None:
    args = ("--workers", "2", "--id-seed", "7", "--database-url", persistent_database_url)
    with ServerProcess(*args) as server, httpx.Client(base_url=server.url, headers=AUTH) as http:

        def create(_: int) -> httpx.Response:
            return http.post(LOADBALANCERS, json=LOAD_BALANCER)

        with ThreadPoolExecutor(max_workers=8) as pool:
            responses = list(pool.map(create, range(24)))

    assert [response.status_code for response in responses] == [201] * 24
    created = [response.json()["loadbalancer"]["id"] for response in responses]
    assert len(set(created)) == 24
    # each worker issues from a stream of its own, claimed in the database (1 and 2)
    assert {stream_of(value) for value in created} <= {1, 2}


def stream_of(value: str) -> int:
    """The process stream a seeded id carries (the top 16 of its 62 random bits)."""
    return (uuid.UUID(value).int >> 46) & 0xFFFF


# --- in-process: the sequences of mockelb.ids --------------------------------------------


@pytest.fixture
def seeded() -> Iterator[None]:
    """Leaves the process's ids random again, whatever the test configured."""
    yield
    ids.configure(None)


def test_two_streams_of_one_seed_share_no_id(seeded: None) -> None:
    ids.configure(7, stream=1)
    first = [ids.new_id() for _ in range(5000)]
    ids.configure(7, stream=2)
    second = [ids.new_id() for _ in range(5000)]

    assert not set(first) & set(second)
    assert {stream_of(value) for value in first} == {1}
    assert len(set(first)) == 5000 and first == sorted(first)


def test_rewind_issues_the_same_ids_again(seeded: None) -> None:
    ids.configure(7, stream=1)
    issued = [ids.new_id(), ids.new_request_id(), ids.new_id()]

    ids.rewind()

    assert [ids.new_id(), ids.new_request_id(), ids.new_id()] == issued


def test_admin_request_ids_do_not_shift_the_apis(seeded: None) -> None:
    ids.configure(7)
    expected = ids.new_request_id()
    ids.configure(7)

    admin = ids.new_request_id(admin=True)

    assert ids.new_request_id() == expected != admin


def test_without_a_seed_ids_are_random_again(seeded: None) -> None:
    ids.configure(7)
    seeded_id = ids.new_id()
    ids.configure(7)
    assert ids.new_id() == seeded_id

    ids.configure(None)

    assert ids.new_id() != seeded_id
    assert ids.new_request_id() != ids.new_request_id()


def test_each_process_on_a_database_claims_a_new_stream(database_url: str) -> None:
    database = Database(database_url)
    try:
        database.prepare(list)
        assert [database.claim_id_stream() for _ in range(3)] == [1, 2, 3]
    finally:
        database.dispose()


@pytest.mark.slow  # restarts an app on a file
def test_a_restart_on_a_kept_database_issues_new_ids(
    seeded: None, persistent_database_url: str
) -> None:
    settings = Settings(database_url=persistent_database_url, id_seed=7)
    created = []
    for _ in range(2):  # the same server, started twice on the same database
        app = create_app(settings)
        with TestClient(app, headers=AUTH) as client:
            response = client.post(LOADBALANCERS, json=LOAD_BALANCER)
            assert response.status_code == 201, response.text
            created.append(response.json()["loadbalancer"]["id"])
        app.state.database.dispose()

    assert created[0] != created[1]
