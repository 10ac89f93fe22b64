"""Several workers on one database: no race, no lost write.

Both tests run `mockelb serve` as a real process on the suite's engine: a SQLite file when
the suite runs on SQLite, PostgreSQL when it runs there (`--database-url`). CI runs the
suite on both, so both engines pass each test.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import databases
from tests.error_codes import QUOTA_EXCEEDED
from tests.factories import on_subnet
from tests.serve import ServerProcess

# servers of their own, several processes or engines: the full run, not the developer loop
pytestmark = pytest.mark.slow

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"
AUTH = {"X-Auth-Token": "concurrency-test"}
BATCH_ADD = f"/v3/{PROJECT}/elb/pools/{POOL}/members/batch-add"
MEMBERS = f"/v3/{PROJECT}/elb/pools/{POOL}/members"

# 600 endpoints (50 addresses x 12 ports) race for a pool that holds 500
ENDPOINTS = [(f"192.168.0.{host}", port) for host in range(10, 60) for port in range(80, 92)]
POOL_QUOTA = 500
CLIENTS = 16
ROUNDS = 12


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[str]:
    """A database several processes can share, on the suite's engine."""
    if databases.is_postgresql():
        with databases.fresh_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'shared.db'}"


def seed_file(tmp_path: Path, quotas: dict[str, int]) -> Path:
    path = tmp_path / "quotas.json"
    path.write_text(json.dumps({"projects": [{"id": PROJECT, "quotas": quotas}]}))
    return path


def all_members(client: httpx.Client) -> list[dict[str, Any]]:
    """Every member of the pool, page by page."""
    found: list[dict[str, Any]] = []
    marker = None
    for _ in range(1000):
        params: dict[str, Any] = {"limit": 2000}
        if marker:
            params["marker"] = marker
        page = client.get(MEMBERS, params=params)
        assert page.status_code == 200, page.text
        members = page.json()["members"]
        found.extend(members)
        if not page.json()["page_info"].get("next_marker"):
            return found
        marker = members[-1]["id"]
    raise AssertionError("paging did not end")


def test_racing_batch_adds_store_each_endpoint_once_within_the_quota(
    tmp_path: Path, shared_database: str
) -> None:
    """16 clients batch-add overlapping random subsets of 600 endpoints into one pool with a
    500-member quota, against 4 workers: no 5xx, at most 500 members, none twice, each stored
    endpoint reported `successful` exactly once, and every answer names the stored id."""
    seed = seed_file(tmp_path, {"members_per_pool": POOL_QUOTA, "member": -1})
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def client(number: int, url: str) -> None:
        chooser = random.Random(number)
        try:
            with httpx.Client(base_url=url, headers=AUTH, timeout=60) as http:
                for _ in range(ROUNDS):
                    chosen = chooser.sample(ENDPOINTS, chooser.randint(1, 80))
                    response = http.post(
                        BATCH_ADD, json={"members": [on_subnet(a, p) for a, p in chosen]}
                    )
                    with lock:
                        answers.append((response.status_code, response.json()))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    with ServerProcess(
        "--database-url", shared_database, "--workers", "4", "--seed", str(seed)
    ) as server:
        threads = [
            threading.Thread(target=client, args=(n, server.url), daemon=True)
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        assert not any(thread.is_alive() for thread in threads), "clients did not finish"
        assert not failures, (failures, server.output()[-6000:])
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as http:
            stored = all_members(http)
        server.assert_no_errors_logged()

    statuses = Counter(status for status, _ in answers)
    assert len(answers) == CLIENTS * ROUNDS
    assert set(statuses) <= {201, 409}, statuses
    for status, body in answers:
        if status != 201:
            assert set(body) == {"error_msg", "error_code", "request_id"}, body
            assert body["error_code"] == QUOTA_EXCEEDED, body  # only the quota may refuse
    stored_ids = {(m["address"], m["protocol_port"]): m["id"] for m in stored}
    assert len(stored) <= POOL_QUOTA
    assert len(stored_ids) == len(stored), "an endpoint is stored twice"
    successful = Counter[tuple[str, int]]()
    for status, body in answers:
        if status == 201:
            for item in body["members"]:
                key = (item["address"], item["protocol_port"])
                assert stored_ids.get(key) == item["id"], (key, item)
                if item["ret_status"] == "successful":
                    successful[key] += 1
                else:
                    assert item["ret_status"] == "existed", item
    assert set(successful) == set(stored_ids)
    assert set(successful.values()) == {1}, "an endpoint was reported successful twice"
    # the contest was real: the pool filled up and the quota refused late batches
    assert len(stored) > POOL_QUOTA - 80
    assert statuses[409] > 0
    print(f"race: {dict(statuses)} answers, {len(stored)} members stored")


def test_members_answered_201_survive_a_kill(tmp_path: Path, shared_database: str) -> None:
    """A server killed with SIGKILL during write load loses no member whose batch-add was
    answered 201: the transaction commits before the answer is sent."""
    seed = seed_file(tmp_path, {"members_per_pool": -1, "member": -1})
    acknowledged: dict[tuple[str, int], str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def writer(number: int, url: str) -> None:
        port = 1000 + number * 1000
        with httpx.Client(base_url=url, headers=AUTH, timeout=10) as http:
            while not stop.is_set() and port < 1000 + (number + 1) * 1000 - 5:
                batch = [on_subnet(f"192.168.0.{10 + number}", port + i) for i in range(5)]
                port += 5
                try:
                    response = http.post(BATCH_ADD, json={"members": batch})
                except httpx.HTTPError:
                    return  # the server died under us: this batch was never acknowledged
                if response.status_code == 201:
                    with lock:
                        for item in response.json()["members"]:
                            acknowledged[(item["address"], item["protocol_port"])] = item["id"]

    args = ("--database-url", shared_database, "--seed", str(seed), "--workers", "2")
    with ServerProcess(*args) as server:
        threads = [
            threading.Thread(target=writer, args=(n, server.url), daemon=True) for n in range(4)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 300 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # SIGKILL to the server and its workers, mid-load
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert len(acknowledged) >= 300, "the load did not get going"

    with ServerProcess(*args) as server:
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as http:
            stored = {(m["address"], m["protocol_port"]): m["id"] for m in all_members(http)}
    lost = {key for key in acknowledged if stored.get(key) != acknowledged[key]}
    assert not lost, f"{len(lost)} acknowledged members lost, e.g. {sorted(lost)[:3]}"
    print(f"kill: {len(acknowledged)} acknowledged, {len(stored)} stored after restart")


def test_workers_share_the_start_up_state_and_reset(tmp_path: Path, shared_database: str) -> None:
    """Each worker restores the same start-up state: the one stored in the database."""
    with ServerProcess("--database-url", shared_database, "--workers", "3") as server:
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=30) as http:
            before = len(all_members(http))
            added = http.post(BATCH_ADD, json={"members": [on_subnet("192.168.0.77", 81)]})
            assert added.status_code == 201, added.text
            # new connections land on any worker; every one sees the write, then the reset
            for _ in range(6):
                with httpx.Client(base_url=server.url, headers=AUTH, timeout=30) as fresh:
                    assert len(all_members(fresh)) == before + 1
            assert http.post("/_mockelb/reset").status_code == 200
            for _ in range(6):
                with httpx.Client(base_url=server.url, headers=AUTH, timeout=30) as fresh:
                    assert len(all_members(fresh)) == before
        server.assert_no_errors_logged()


def test_schema_set_up_is_safe_when_servers_start_at_once(
    tmp_path: Path, shared_database: str
) -> None:
    """Three servers started together on one new database: all serve, one seeded it."""
    servers = [ServerProcess("--database-url", shared_database, "--workers", "1") for _ in range(3)]
    for server in servers:
        server.spawn()
    try:
        for server in servers:
            server.wait_until_serving()
        urls = [server.url for server in servers]
        counts = set()
        for url in urls:
            with httpx.Client(base_url=url, headers=AUTH, timeout=30) as http:
                counts.add(len(all_members(http)))
        assert len(counts) == 1
        seeded = [server for server in servers if "already set up" not in server.output()]
        assert len(seeded) == 1, [server.output() for server in servers]
    finally:
        for server in servers:
            server.close()


def test_more_requests_at_once_than_threads_all_get_answered(
    tmp_path: Path, shared_database: str
) -> None:
    """120 requests at once (the thread pool has 40 threads): requests wait for a database
    connection on the event loop, not in a thread, so none starves the ones holding one."""
    seed = seed_file(tmp_path, {"members_per_pool": -1, "member": -1})
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(120)

    def call(number: int, url: str) -> None:
        batch = [on_subnet("192.168.0.9", 1000 + number * 100 + i) for i in range(100)]
        with httpx.Client(base_url=url, headers=AUTH, timeout=60) as http:
            http.get("/_mockelb/health")  # connected before the start
            start.wait(timeout=60)
            if number % 2:
                response = http.get(MEMBERS)
            else:
                response = http.post(BATCH_ADD, json={"members": batch})
        with lock:
            statuses.append(response.status_code)

    with ServerProcess("--database-url", shared_database, "--seed", str(seed)) as server:
        threads = [
            threading.Thread(target=call, args=(n, server.url), daemon=True) for n in range(120)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        server.assert_no_errors_logged()
    assert Counter(statuses) == {200: 60, 201: 60}
