"""mockelb's benchmark: one interleaved run, one table.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/run.py                  # the full run (under 10 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick          # a smoke run of about a minute
    .venv/bin/python benchmarks/run.py --storage memory --sizes 0,100000 --json /tmp/bench.json

What runs, each as its own process on a free 127.0.0.1 port:

* mockelb (`python -m mockelb serve`, one worker) per storage: SQLite in memory, SQLite in a
  file, PostgreSQL (a throwaway server from scripts/postgres.sh; left out, with the reason
  printed, when it cannot start). A seed file lifts the member, pool and listener quotas.
* the floor (benchmarks/floor_app.py): a bare FastAPI app on the same paths, plain pydantic
  models, a same-shaped answer, no storage; run by uvicorn as mockelb is run.
* moto's server (`python -m moto.server`): ELBv2 register_targets of 200 targets into an `ip`
  target group, deregistered again outside the timing.

Pools: size 0 is the demo pool (on the demo TCP listener); each other size is a pool created
through the API on a listener of its own on the demo load balancer, prefilled by batch-adds of
200 (not timed). Every sample that adds members removes them afterwards with batch-delete,
outside the timing, so each pool keeps its size.

Operations, each measured on mockelb and on the floor with the same request in the same round:
batch-add of 200 new members, batch-add of the same 200 again (all `existed`), list with
limit=2000, show one member, and the official SDK's ElbClient.batch_create_members of 200 new
members (request signing, serialization and the SDK's own parsing of the answer included;
its floor is the SDK calling the floor app). moto is measured in the same rounds: raw HTTP
(pre-encoded, like the mockelb rows) and through boto3 (like the SDK row).

Concurrency 1: one keep-alive connection, pre-encoded requests, p50/p95 over the rounds.
Concurrency 4: bursts of 4 threads, each with its own keep-alive connection (or its own SDK or
boto3 client) sending a fixed number of pre-encoded requests; req/s is the median over the
bursts. Everything is interleaved: each round visits every case in turn (mockelb and floor
alternating which goes first), and the bursts are spread over the rounds, case by case.

The client runs in this process; on 2 cores it shares the machine with the server it measures.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import io
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"
DEMO_POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"
DEMO_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"
BATCH = 200
LIST_LIMIT = 2000
THREADS = 4
# host numbers of the demo subnet 192.168.0.0/24 usable as members (not the LB VIP .100)
HOSTS = [host for host in range(2, 255) if host != 100]
SEED = f"""
projects:
  - id: {PROJECT}
    quotas: {{members_per_pool: -1, member: -1, pool: -1, listener: -1}}
"""
ACCESS_KEY = "MOCKELBACCESSKEY0001"
SECRET_KEY = "mockelb-secret-key"
AUTH_HEADERS = {"X-Auth-Token": "bench", "Content-Type": "application/json"}
# moto does not check signatures: one fixed SigV4 header names the service and region
MOTO_HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    "X-Amz-Date": "20250101T000000Z",
    "Authorization": (
        "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/elasticloadbalancing/"
        "aws4_request, SignedHeaders=host;x-amz-date, Signature=0"
    ),
}
IDLE_RECONNECT = 3.0  # seconds: servers close idle keep-alive connections after 5
STORAGES = ("memory", "file", "postgres")
STORAGE_NAMES = {"memory": "SQLite memory", "file": "SQLite file", "postgres": "PostgreSQL"}
OPS = ("new", "existed", "list", "show", "sdk")
OP_NAMES = {
    "new": "batch-add 200 new",
    "existed": "batch-add 200 existed",
    "list": f"list limit={LIST_LIMIT}",
    "show": "show member",
    "sdk": "SDK batch_create_members 200",
}
MOTO_OPS = ("raw", "boto3")
MOTO_NAMES = {
    "raw": "moto register_targets 200 (HTTP)",
    "boto3": "moto register_targets 200 (boto3)",
}


class BenchError(Exception):
    """A server answered something unexpected, or did not start."""


# -- processes -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Process:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def _wait_ready(proc: Process, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", proc.port, timeout=2)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        if proc.process.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"{proc.name} did not start: {proc.log.read_text()[-2000:]}")
        time.sleep(0.05)


def _stop(proc: Process) -> None:
    if proc.process.poll() is None:
        proc.process.send_signal(signal.SIGINT)
        try:
            proc.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.process.kill()
            proc.process.wait()


@contextmanager
def serve(
    name: str, command: Sequence[str], port: int, ready_path: str, workdir: Path
) -> Iterator[Process]:
    log = workdir / f"{name.replace(' ', '-')}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(list(command), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    proc = Process(name, popen, port, log)
    try:
        _wait_ready(proc, ready_path, timeout=60)
        yield proc
    finally:
        _stop(proc)


@contextmanager
def serve_mockelb(
    storage: str, database_url: str | None, seed: Path, workdir: Path
) -> Iterator[Process]:
    """mockelb in a process of its own: its PID is the server's (one worker, no wrapper).
    A start that crashes with a traceback (an ImportError, a SyntaxError, a NameError of code
    being edited) is retried after a minute, three times."""
    with ExitStack() as stack:
        for attempt in range(4):
            port = free_port()
            command = [sys.executable, "-m", "mockelb", "serve", "--port", str(port)]
            command += ["--seed", str(seed), "--log-level", "warning"]
            if database_url is not None:
                command += ["--database-url", database_url]
            try:
                proc = stack.enter_context(
                    serve(f"mockelb {storage}", command, port, "/_mockelb/health", workdir)
                )
                break
            except BenchError as exc:
                text = str(exc)
                if attempt == 3 or "Traceback" not in text:
                    raise
                error = text.strip().splitlines()[-1]
                print(
                    f"# mockelb {storage} did not start ({error}); code being edited? retry in 60 s"
                )
                time.sleep(60)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        if children:
            raise BenchError(f"mockelb {proc.pid} has child processes {children}")
        yield proc


@contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """A throwaway PostgreSQL server (scripts/postgres.sh): its SQLAlchemy URL."""
    # a directory of its own: as root the script runs the server as another user
    parent = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    parent.chmod(0o755)
    directory = parent / "cluster"
    script = str(ROOT / "scripts" / "postgres.sh")
    result = subprocess.run(
        ["bash", script, "start", str(directory)], capture_output=True, text=True, timeout=180
    )
    if result.returncode != 0:
        shutil.rmtree(parent, ignore_errors=True)
        raise BenchError(f"PostgreSQL did not start: {result.stderr.strip()[-500:]}")
    try:
        yield result.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", script, "stop", str(directory)], capture_output=True, text=True, timeout=120
        )
        shutil.rmtree(parent, ignore_errors=True)


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


# -- HTTP ------------------------------------------------------------------------------


def raw_request(
    method: str, path: str, port: int, headers: dict[str, str], body: bytes = b""
) -> bytes:
    """A whole HTTP/1.1 request, encoded once, sent as is."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection sending pre-encoded requests."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.used = 0.0

    def _connect(self) -> socket.socket:
        if self.sock is not None:
            self.sock.close()
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=120)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.sock

    def ready(self) -> None:
        """Reconnect, untimed, before the server's keep-alive timeout could close it."""
        if self.sock is None or time.monotonic() - self.used > IDLE_RECONNECT:
            self._connect()

    def send(self, request: bytes) -> tuple[int, bytes]:
        sock = self.sock or self._connect()
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        data = response.read()
        self.used = time.monotonic()
        if response.will_close:
            self.sock = None
            sock.close()
        return response.status, data

    def call(self, request: bytes, expected: int) -> bytes:
        self.ready()
        status, data = self.send(request)
        if status != expected:
            line = request.split(b"\r\n", 1)[0].decode()
            raise BenchError(f"{line} on :{self.port}: {status} (expected {expected}): {data!r}")
        return data

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def members_body(start: int, count: int = BATCH) -> list[dict[str, object]]:
    """`count` members at distinct (address, port) endpoints of the demo subnet."""
    return [
        {
            "name": f"bench-{index}",
            "address": f"192.168.0.{HOSTS[index % len(HOSTS)]}",
            "protocol_port": 1 + index // len(HOSTS),
            "subnet_cidr_id": SUBNET,
            "weight": 1,
        }
        for index in range(start, start + count)
    ]


def encode(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


def members_path(pool_id: str, suffix: str = "") -> str:
    return f"/v3/{PROJECT}/elb/pools/{pool_id}/members{suffix}"


# -- the servers under test --------------------------------------------------------------


@dataclass
class Pool:
    pool_id: str
    size: int
    next_index: int  # the next unused endpoint index
    show_id: str | None = None

    def take(self, count: int = BATCH) -> int:
        start = self.next_index
        self.next_index += count
        return start


@dataclass
class Target:
    """A server answering mockelb's paths: a mockelb or the floor."""

    name: str
    port: int
    main: Connection
    workers: list[Connection]
    sdk: Any
    sdk_workers: list[Any]

    def close(self) -> None:
        for conn in [self.main, *self.workers]:
            conn.close()


def sdk_client(port: int) -> Any:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkelb.v3 import ElbClient

    return (
        ElbClient.new_builder()
        .with_credentials(BasicCredentials(ACCESS_KEY, SECRET_KEY, PROJECT))
        .with_endpoints([f"http://127.0.0.1:{port}"])
        .with_http_config(HttpConfig(timeout=(5, 120)))
        .build()
    )


def make_target(name: str, port: int) -> Target:
    return Target(
        name,
        port,
        Connection(port),
        [Connection(port) for _ in range(THREADS)],
        sdk_client(port),
        [sdk_client(port) for _ in range(THREADS)],
    )


def sdk_request(pool_id: str, start: int) -> Any:
    from huaweicloudsdkelb.v3 import (
        BatchCreateMembersOption,
        BatchCreateMembersRequest,
        BatchCreateMembersRequestBody,
    )

    members = [BatchCreateMembersOption(**member) for member in members_body(start)]
    return BatchCreateMembersRequest(
        pool_id=pool_id, body=BatchCreateMembersRequestBody(members=members)
    )


def sdk_call(client: Any, request: Any) -> list[str]:
    """batch_create_members; the new members' ids."""
    response = client.batch_create_members(request)
    if response.status_code != 201 or len(response.members) != BATCH:
        raise BenchError(f"SDK batch_create_members answered {response.status_code}")
    return [member.id for member in response.members]


def batch_add(conn: Connection, pool_id: str, body: bytes) -> list[dict[str, Any]]:
    request = raw_request(
        "POST", members_path(pool_id, "/batch-add"), conn.port, AUTH_HEADERS, body
    )
    members: list[dict[str, Any]] = json.loads(conn.call(request, 201))["members"]
    return members


def batch_delete(conn: Connection, pool_id: str, ids: Sequence[str]) -> None:
    for start in range(0, len(ids), BATCH):
        body = encode({"members": [{"id": member_id} for member_id in ids[start : start + BATCH]]})
        path = members_path(pool_id, "/batch-delete")
        conn.call(raw_request("POST", path, conn.port, AUTH_HEADERS, body), 200)


def api_call(conn: Connection, path: str, document: dict[str, object]) -> dict[str, Any]:
    request = raw_request(
        "POST", f"/v3/{PROJECT}/elb/{path}", conn.port, AUTH_HEADERS, encode(document)
    )
    answer: dict[str, Any] = json.loads(conn.call(request, 201))
    return answer


def create_pool(conn: Connection, listener_port: int) -> str:
    """A TCP pool on a listener of its own on the demo load balancer."""
    listener = api_call(
        conn,
        "listeners",
        {
            "listener": {
                "loadbalancer_id": DEMO_LB,
                "protocol": "TCP",
                "protocol_port": listener_port,
            }
        },
    )["listener"]
    pool = api_call(
        conn,
        "pools",
        {"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": listener["id"]}},
    )["pool"]
    pool_id: str = pool["id"]
    return pool_id


# -- measurements -----------------------------------------------------------------------


@dataclass
class Results:
    latency: dict[str, list[float]] = field(default_factory=dict)  # seconds, c=1
    rate: dict[str, list[float]] = field(default_factory=dict)  # req/s per burst, c=4

    def add_latency(self, key: str, seconds: float) -> None:
        self.latency.setdefault(key, []).append(seconds)

    def add_rate(self, key: str, per_second: float) -> None:
        self.rate.setdefault(key, []).append(per_second)


def timed(conn: Connection, request: bytes, expected: int) -> tuple[float, bytes]:
    conn.ready()
    started = time.perf_counter()
    status, data = conn.send(request)
    elapsed = time.perf_counter() - started
    if status != expected:
        line = request.split(b"\r\n", 1)[0].decode()
        raise BenchError(f"{line} on :{conn.port}: {status} (expected {expected}): {data!r}")
    return elapsed, data


def burst(jobs: Sequence[Callable[[], Sequence[Any]]]) -> tuple[float, list[Any]]:
    """Run one job per thread, all released at once: the wall time and their results."""
    barrier = threading.Barrier(len(jobs) + 1)
    outputs: list[Sequence[Any]] = [[] for _ in jobs]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        barrier.wait()
        try:
            outputs[index] = jobs[index]()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed, [item for output in outputs for item in output]


def latency(conn: Connection, request: bytes, expected: int) -> float:
    return timed(conn, request, expected)[0]


def sdk_calls(client: Any, requests: Sequence[Any]) -> list[str]:
    return [member_id for request in requests for member_id in sdk_call(client, request)]


def send_all(conn: Connection, requests: Sequence[bytes], expected: int) -> list[bytes]:
    answers = []
    for request in requests:
        status, data = conn.send(request)
        if status != expected:
            raise BenchError(f"{status} (expected {expected}) on :{conn.port}: {data!r}")
        answers.append(data)
    return answers


def ids_of(answers: Sequence[bytes]) -> list[str]:
    return [member["id"] for data in answers for member in json.loads(data)["members"]]


@dataclass
class Bench:
    """The cases of one run and how to sample each."""

    mockelbs: dict[str, tuple[Target, dict[int, Pool]]]
    floor: Target
    moto: MotoTarget | None
    per_thread: int
    results: Results = field(default_factory=Results)

    # -- concurrency 1 --

    def c1_round(self, round_index: int) -> None:
        """Every case once. Each round starts one case further on (and mockelb and the floor
        take turns at going first), so whatever follows the bursts or a round's start falls on
        every case alike."""
        floor_first = round_index % 2 == 1
        cases: list[Callable[[], None]] = []
        for storage, (target, pools) in self.mockelbs.items():
            for size, pool in pools.items():
                args = (storage, size, target, pool, floor_first)
                cases.append(partial(self._c1_batch, *args))
                if size > 0:
                    cases.append(partial(self._c1_reads, *args))
                cases.append(partial(self._c1_sdk, *args))
        if self.moto is not None:
            cases.append(partial(self.moto.c1, self.results))
        start = round_index % len(cases)
        for case in cases[start:] + cases[:start]:
            case()

    def _pair(
        self, key: str, mock: Callable[[], float], floor: Callable[[], float], floor_first: bool
    ) -> None:
        if floor_first:
            floor_time = floor()
            mock_time = mock()
        else:
            mock_time = mock()
            floor_time = floor()
        self.results.add_latency(f"{key}|mockelb", mock_time)
        self.results.add_latency(f"{key}|floor", floor_time)

    def _c1_batch(
        self, storage: str, size: int, target: Target, pool: Pool, floor_first: bool
    ) -> None:
        body = encode({"members": members_body(pool.take())})
        path = members_path(pool.pool_id, "/batch-add")
        mock_request = raw_request("POST", path, target.port, AUTH_HEADERS, body)
        floor_request = raw_request("POST", path, self.floor.port, AUTH_HEADERS, body)
        answers: dict[str, bytes] = {}

        def mock(name: str) -> Callable[[], float]:
            def run() -> float:
                elapsed, answers[name] = timed(target.main, mock_request, 201)
                return elapsed

            return run

        def floor() -> float:
            return timed(self.floor.main, floor_request, 201)[0]

        self._pair(f"{storage}|{size}|new", mock("new"), floor, floor_first)
        self._pair(f"{storage}|{size}|existed", mock("existed"), floor, floor_first)
        new = json.loads(answers["new"])["members"]
        again = json.loads(answers["existed"])["members"]
        if {m["ret_status"] for m in new} != {"successful"} or len(new) != BATCH:
            raise BenchError(f"batch-add of new members answered {answers['new'][:300]!r}")
        if {m["ret_status"] for m in again} != {"existed"} or len(again) != BATCH:
            raise BenchError(f"batch-add again answered {answers['existed'][:300]!r}")
        batch_delete(target.main, pool.pool_id, [m["id"] for m in new])

    def _c1_reads(
        self, storage: str, size: int, target: Target, pool: Pool, floor_first: bool
    ) -> None:
        for op, path in (
            ("list", members_path(pool.pool_id, f"?limit={LIST_LIMIT}")),
            ("show", members_path(pool.pool_id, f"/{pool.show_id}")),
        ):
            mock_request = raw_request("GET", path, target.port, AUTH_HEADERS)
            floor_request = raw_request("GET", path, self.floor.port, AUTH_HEADERS)
            self._pair(
                f"{storage}|{size}|{op}",
                partial(latency, target.main, mock_request, 200),
                partial(latency, self.floor.main, floor_request, 200),
                floor_first,
            )

    def _c1_sdk(
        self, storage: str, size: int, target: Target, pool: Pool, floor_first: bool
    ) -> None:
        request = sdk_request(pool.pool_id, pool.take())
        ids: list[str] = []

        def mock() -> float:
            started = time.perf_counter()
            ids.extend(sdk_call(target.sdk, request))
            return time.perf_counter() - started

        def floor() -> float:
            started = time.perf_counter()
            sdk_call(self.floor.sdk, request)
            return time.perf_counter() - started

        self._pair(f"{storage}|{size}|sdk", mock, floor, floor_first)
        batch_delete(target.main, pool.pool_id, ids)

    # -- concurrency 4 --

    def c4_case(self, storage: str, size: int, op: str, floor_first: bool) -> None:
        """One burst on mockelb and one on the floor, with the same requests."""
        target, pools = self.mockelbs[storage]
        pool = pools[size]
        key = f"{storage}|{size}|{op}"
        n = self.per_thread
        count = n * THREADS
        if op == "sdk":
            sdk_requests = [
                [sdk_request(pool.pool_id, pool.take()) for _ in range(n)] for _ in range(THREADS)
            ]
            sdk_order = [("mockelb", target.sdk_workers), ("floor", self.floor.sdk_workers)]
            for name, clients in sdk_order[::-1] if floor_first else sdk_order:
                jobs = [
                    partial(sdk_calls, client, requests)
                    for client, requests in zip(clients, sdk_requests, strict=True)
                ]
                elapsed, ids = burst(jobs)
                self.results.add_rate(f"{key}|{name}", count / elapsed)
                if name == "mockelb":
                    batch_delete(target.main, pool.pool_id, ids)
            return
        existing: list[str] = []
        if op == "new":
            bodies = [encode({"members": members_body(pool.take())}) for _ in range(count)]
            path, expected = members_path(pool.pool_id, "/batch-add"), 201
        elif op == "existed":
            bodies = [encode({"members": members_body(pool.take())})] * count
            existing = [m["id"] for m in batch_add(target.main, pool.pool_id, bodies[0])]
            path, expected = members_path(pool.pool_id, "/batch-add"), 201
        elif op == "list":
            bodies = [b""] * count
            path, expected = members_path(pool.pool_id, f"?limit={LIST_LIMIT}"), 200
        else:
            bodies = [b""] * count
            path, expected = members_path(pool.pool_id, f"/{pool.show_id}"), 200
        method = "POST" if op in ("new", "existed") else "GET"
        order = [("mockelb", target), ("floor", self.floor)]
        for name, server in order[::-1] if floor_first else order:
            requests = [raw_request(method, path, server.port, AUTH_HEADERS, b) for b in bodies]
            for conn in server.workers:
                conn.ready()
            raw_jobs = [
                partial(send_all, conn, requests[i * n : (i + 1) * n], expected)
                for i, conn in enumerate(server.workers)
            ]
            elapsed, answers = burst(raw_jobs)
            self.results.add_rate(f"{key}|{name}", count / elapsed)
            if name == "mockelb" and op == "new":
                batch_delete(target.main, pool.pool_id, ids_of(answers))
        if existing:
            batch_delete(target.main, pool.pool_id, existing)

    def c4_cases(self) -> list[tuple[str, int, str]]:
        cases = []
        for storage, (_, pools) in self.mockelbs.items():
            for size in pools:
                for op in OPS:
                    if size > 0 or op not in ("list", "show"):
                        cases.append((storage, size, op))
        return cases


# -- moto --------------------------------------------------------------------------------


class MotoTarget:
    """moto's ELBv2: an `ip` target group; register_targets of 200, deregistered after."""

    def __init__(self, port: int, per_thread: int) -> None:
        import boto3

        self.port = port
        self.per_thread = per_thread
        options: dict[str, Any] = {
            "endpoint_url": f"http://127.0.0.1:{port}",
            "region_name": "us-east-1",
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        ec2 = boto3.client("ec2", **options)
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.boto3 = boto3.client("elbv2", **options)
        group = self.boto3.create_target_group(
            Name="bench", Protocol="TCP", Port=80, VpcId=vpc_id, TargetType="ip"
        )
        self.arn: str = group["TargetGroups"][0]["TargetGroupArn"]
        self.boto3_workers = [boto3.client("elbv2", **options) for _ in range(THREADS)]
        self.main = Connection(port)
        self.workers = [Connection(port) for _ in range(THREADS)]
        self.next_index = 0

    def targets(self) -> list[dict[str, Any]]:
        start = self.next_index
        self.next_index += BATCH
        return [
            {"Id": f"10.0.{(i // 250) % 250}.{2 + i % 250}", "Port": 1 + (i // 62500) % 65000}
            for i in range(start, start + BATCH)
        ]

    def request(self, action: str, targets: list[dict[str, Any]]) -> bytes:
        fields = [("Action", action), ("Version", "2015-12-01"), ("TargetGroupArn", self.arn)]
        for number, target in enumerate(targets, 1):
            fields.append((f"Targets.member.{number}.Id", target["Id"]))
            fields.append((f"Targets.member.{number}.Port", str(target["Port"])))
        body = urllib.parse.urlencode(fields).encode()
        return raw_request("POST", "/", self.port, MOTO_HEADERS, body)

    def deregister(self, targets: list[dict[str, Any]]) -> None:
        self.main.call(self.request("DeregisterTargets", targets), 200)

    def c1(self, results: Results) -> None:
        targets = self.targets()
        results.add_latency(
            "moto|0|raw|moto", timed(self.main, self.request("RegisterTargets", targets), 200)[0]
        )
        self.deregister(targets)
        targets = self.targets()
        started = time.perf_counter()
        self.boto3.register_targets(TargetGroupArn=self.arn, Targets=targets)
        results.add_latency("moto|0|boto3|moto", time.perf_counter() - started)
        self.deregister(targets)

    def c4(self, results: Results) -> None:
        n = self.per_thread
        groups = [[self.targets() for _ in range(n)] for _ in range(THREADS)]
        requests = [[self.request("RegisterTargets", t) for t in group] for group in groups]
        for conn in self.workers:
            conn.ready()
        jobs = [
            partial(send_all, conn, rs, 200)
            for conn, rs in zip(self.workers, requests, strict=True)
        ]
        elapsed, _ = burst(jobs)
        results.add_rate("moto|0|raw|moto", n * THREADS / elapsed)
        for group in groups:
            for targets in group:
                self.deregister(targets)
        groups = [[self.targets() for _ in range(n)] for _ in range(THREADS)]

        def register(client: Any, group: list[list[dict[str, Any]]]) -> list[Any]:
            for targets in group:
                client.register_targets(TargetGroupArn=self.arn, Targets=targets)
            return []

        jobs = [
            partial(register, client, group)
            for client, group in zip(self.boto3_workers, groups, strict=True)
        ]
        elapsed, _ = burst(jobs)
        results.add_rate("moto|0|boto3|moto", n * THREADS / elapsed)
        for group in groups:
            for targets in group:
                self.deregister(targets)

    def registered(self) -> int:
        described = self.boto3.describe_target_health(TargetGroupArn=self.arn)
        return len(described["TargetHealthDescriptions"])


# -- the run -----------------------------------------------------------------------------


def prefill(conn: Connection, pool: Pool, size: int) -> None:
    """Batch-adds of 200 until the pool holds `size` members (not timed)."""
    while pool.next_index < size:
        count = min(BATCH, size - pool.next_index)
        body = encode({"members": members_body(pool.take(count), count)})
        added = batch_add(conn, pool.pool_id, body)
        if pool.show_id is None:
            pool.show_id = added[0]["id"]


def setup_mockelb(
    storage: str, proc: Process, sizes: Sequence[int], memory: dict[str, dict[str, float]]
) -> tuple[Target, dict[int, Pool]]:
    target = make_target(f"mockelb {storage}", proc.port)
    pools: dict[int, Pool] = {}
    memory[f"{storage}|start"] = memory_mb(proc.pid)
    for number, size in enumerate(sorted(sizes)):
        pool_id = DEMO_POOL if size == 0 else create_pool(target.main, 10000 + number)
        pools[size] = Pool(pool_id, size, 0)
        memory[f"{storage}|before {size}"] = memory_mb(proc.pid)
        started = time.perf_counter()
        prefill(target.main, pools[size], size)
        memory[f"{storage}|after {size}"] = memory_mb(proc.pid)
        if size:
            print(f"# {storage}: {size:,} members loaded in {time.perf_counter() - started:.1f} s")
    return target, pools


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))  # nearest rank
    return ordered[int(rank) - 1]


def p50(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def report(
    bench_results: Results,
    storages: Sequence[str],
    sizes: Sequence[int],
    memory: dict[str, dict[str, float]],
    pids: dict[str, int],
    has_moto: bool,
) -> None:
    latency, rate = bench_results.latency, bench_results.rate

    def lat(key: str, fraction: float = 0.5) -> float | None:
        samples = latency.get(key)
        if not samples:
            return None
        return (p50(samples) if fraction == 0.5 else percentile(samples, fraction)) * 1000

    def rps(key: str) -> float | None:
        samples = rate.get(key)
        return p50(samples) if samples else None

    moto_rps = {op: rps(f"moto|0|{op}|moto") for op in MOTO_OPS}
    print()
    print(
        "| storage | pool | operation | p50 ms | p95 ms | floor p50 ms | × floor "
        "| req/s c=4 | floor req/s c=4 | × moto req/s |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    if has_moto:
        for op in MOTO_OPS:
            key = f"moto|0|{op}|moto"
            print(
                f"| moto | 0 | {MOTO_NAMES[op]} | {fmt(lat(key))} | {fmt(lat(key, 0.95))} "
                f"| — | — | {fmt(rps(key), 0)} | — | 1.00 |"
            )
    for storage in storages:
        for size in sizes:
            for op in OPS:
                key = f"{storage}|{size}|{op}"
                if size == 0 and op in ("list", "show"):
                    print(
                        f"| {STORAGE_NAMES[storage]} | 0 | {OP_NAMES[op]} | n/a (empty pool) "
                        "| | | | | | |"
                    )
                    continue
                mock, floor = lat(f"{key}|mockelb"), lat(f"{key}|floor")
                mock_rps, floor_rps = rps(f"{key}|mockelb"), rps(f"{key}|floor")
                versus = moto_rps["boto3" if op == "sdk" else "raw"]
                print(
                    f"| {STORAGE_NAMES[storage]} | {size:,} | {OP_NAMES[op]} | {fmt(mock)} "
                    f"| {fmt(lat(f'{key}|mockelb', 0.95))} | {fmt(floor)} "
                    f"| {fmt(ratio(mock, floor))} | {fmt(mock_rps, 0)} | {fmt(floor_rps, 0)} "
                    f"| {fmt(ratio(mock_rps, versus))} |"
                )
    print()
    print(
        "× floor: mockelb p50 / floor p50 (same request, same round). × moto req/s: mockelb "
        "req/s at c=4 / moto register_targets of 200 at c=4 (the SDK row against moto via "
        "boto3, the others against moto via pre-encoded HTTP). The SDK rows at c=4 are bound "
        "by the SDK's own work in the client (4 threads of one Python process): compare them "
        "with their floor."
    )
    print()
    smallest, largest = min(sizes), max(sizes)
    for storage in storages:
        print(f"Targets on {STORAGE_NAMES[storage]}:")
        for size in sizes:
            key = f"{storage}|{size}|new"
            value = ratio(lat(f"{key}|mockelb"), lat(f"{key}|floor"))
            verdict = "PASS" if value is not None and value <= 2 else "FAIL"
            print(
                f"- batch-add 200 new, pool {size:,}: p50 / floor p50 = {fmt(value)} "
                f"(target ≤ 2) {verdict}"
            )
        for size in sizes:
            key = f"{storage}|{size}|new|mockelb"
            value = ratio(rps(key), moto_rps["raw"])
            verdict = "PASS" if value is not None and value >= 3 else "FAIL"
            print(
                f"- batch-add 200 new, pool {size:,}: req/s c=4 / moto's = {fmt(value)} "
                f"({fmt(rps(key), 0)} / {fmt(moto_rps['raw'], 0)}; target ≥ 3) {verdict}"
            )
        if largest > smallest:
            for op in ("new", "existed", "sdk"):
                value = ratio(
                    lat(f"{storage}|{largest}|{op}|mockelb"),
                    lat(f"{storage}|{smallest}|{op}|mockelb"),
                )
                target_text = "target ≤ 1.2" if op == "new" else "for reference"
                verdict = ""
                if op == "new":
                    verdict = " PASS" if value is not None and value <= 1.2 else " FAIL"
                print(
                    f"- {OP_NAMES[op]}: p50 at {largest:,} / p50 at {smallest:,} = "
                    f"{fmt(value)} ({target_text}){verdict}"
                )
        loaded = memory.get(f"{storage}|after {largest}")
        mid = memory.get(f"{storage}|mid")
        end = memory.get(f"{storage}|end")
        if loaded and mid and end:
            growth = ratio(end["VmHWM"], mid["VmHWM"])
            verdict = "PASS" if growth is not None and growth <= 1.1 else "FAIL"
            print(
                f"- memory: peak {loaded['VmHWM']:.0f} MB after loading {largest:,} members, "
                f"{mid['VmHWM']:.0f} MB halfway through the measuring, {end['VmHWM']:.0f} MB at "
                f"the end (× {fmt(growth)} over the second half; bounded: ≤ 1.1) {verdict}"
            )
        print()
    print("Server memory (MB, VmRSS and VmHWM of /proc/PID/status of the mockelb process):")
    print()
    print(
        "| storage | PID | RSS at start | RSS before the load | RSS after it "
        "| peak (HWM) after the load | peak halfway | RSS at the end | peak at the end "
        "| RSS MB per 1,000 members loaded |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for storage in storages:
        start = memory.get(f"{storage}|start")
        before = memory.get(f"{storage}|before {largest}")
        loaded = memory.get(f"{storage}|after {largest}")
        mid = memory.get(f"{storage}|mid")
        end = memory.get(f"{storage}|end")
        if not (start and before and loaded and mid and end):
            continue
        per_k = (loaded["VmRSS"] - before["VmRSS"]) / max(1, largest) * 1000
        print(
            f"| {STORAGE_NAMES[storage]} | {pids[storage]} | {start['VmRSS']:.0f} "
            f"| {before['VmRSS']:.0f} | {loaded['VmRSS']:.0f} | {loaded['VmHWM']:.0f} "
            f"| {mid['VmHWM']:.0f} | {end['VmRSS']:.0f} | {end['VmHWM']:.0f} | {per_k:.2f} |"
        )
    print()
    print(
        f"The load: the {largest:,}-member pool's batch-adds of 200 (the smaller pools are "
        "loaded before it). While measuring, the server's request journal (1,000 requests by "
        "default, with their bodies) fills up and c=4 bursts add their new members for a "
        "moment: memory is bounded when the second half of the measuring adds little."
    )


def machine() -> str:
    try:
        revision = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:
        revision = "?"
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, mockelb at {revision or '?'}"
    )


def parse_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=None, help="c=1 rounds (default 20)")
    parser.add_argument("--bursts", type=int, default=None, help="c=4 bursts per case (default 3)")
    parser.add_argument(
        "--per-thread",
        type=int,
        default=None,
        help="requests each of the 4 threads sends in a burst (default 4)",
    )
    parser.add_argument(
        "--storage", default=",".join(STORAGES), help="memory,file,postgres (comma-separated)"
    )
    parser.add_argument("--sizes", default=None, help="pool sizes (default 0,10000,100000)")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run of about a minute (small pools)"
    )
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    parser.add_argument("--json", type=Path, help="write the raw samples to this file")
    args = parser.parse_args(argv)
    rounds = args.rounds or (6 if args.quick else 20)
    bursts = args.bursts or (1 if args.quick else 3)
    per_thread = args.per_thread or (3 if args.quick else 4)
    sizes = sorted(
        {int(s) for s in parse_list(args.sizes or ("0,2000" if args.quick else "0,10000,100000"))}
    )
    storages = parse_list(args.storage)
    for storage in storages:
        if storage not in STORAGES:
            parser.error(f"unknown storage {storage!r}: choose from {', '.join(STORAGES)}")
    if any(0 < size < LIST_LIMIT for size in sizes):
        parser.error(f"a pool size other than 0 must be at least {LIST_LIMIT} (the list limit)")

    began = time.monotonic()
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress lines show as they come
    print("# mockelb benchmark")
    print(f"# command: {shlex.join([sys.executable, *sys.argv])} (in {Path.cwd()})")
    print(f"# machine: {machine()}")
    print(
        f"# {rounds} rounds at c=1, {bursts} bursts per case at c=4 ({THREADS} threads × "
        f"{per_thread} requests), pools {', '.join(f'{s:,}' for s in sizes)}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    seed = workdir / "bench-seed.yaml"
    seed.write_text(SEED)
    memory: dict[str, dict[str, float]] = {}
    pids: dict[str, int] = {}
    results = Results()
    try:
        with ExitStack() as stack:
            floor_port = free_port()
            floor_proc = stack.enter_context(
                serve(
                    "floor",
                    [
                        sys.executable,
                        str(ROOT / "benchmarks" / "floor_app.py"),
                        "--port",
                        str(floor_port),
                    ],
                    floor_port,
                    "/_mockelb/health",
                    workdir,
                )
            )
            floor = make_target("floor", floor_proc.port)
            stack.callback(floor.close)
            moto: MotoTarget | None = None
            if not args.no_moto:
                moto_port = free_port()
                stack.enter_context(
                    serve(
                        "moto",
                        [
                            sys.executable,
                            "-m",
                            "moto.server",
                            "-H",
                            "127.0.0.1",
                            "-p",
                            str(moto_port),
                        ],
                        moto_port,
                        "/moto-api/data.json",
                        workdir,
                    )
                )
                moto = MotoTarget(moto_port, per_thread)
            mockelbs: dict[str, tuple[Target, dict[int, Pool]]] = {}
            procs: dict[str, Process] = {}
            for storage in storages:
                url: str | None = None
                if storage == "file":
                    url = f"sqlite:///{workdir / 'mockelb.db'}"
                elif storage == "postgres":
                    try:
                        url = stack.enter_context(postgres(workdir))
                    except (BenchError, OSError, subprocess.SubprocessError) as exc:
                        print(f"# PostgreSQL left out: {exc}")
                        continue
                proc = stack.enter_context(serve_mockelb(storage, url, seed, workdir))
                procs[storage] = proc
                pids[storage] = proc.pid
            # the pools of each storage are loaded side by side (not timed)
            with ThreadPoolExecutor(max_workers=len(procs) or 1) as pool_loader:
                loaded = {
                    storage: pool_loader.submit(setup_mockelb, storage, proc, sizes, memory)
                    for storage, proc in procs.items()
                }
                for storage, future in loaded.items():
                    target, pools = future.result()
                    stack.callback(target.close)
                    mockelbs[storage] = (target, pools)
            gc.collect()
            gc.disable()  # collected between rounds instead (gc.collect), never while timing
            bench = Bench(mockelbs, floor, moto, per_thread, results)
            # warm-up: one round of every case, discarded
            warm = Bench(mockelbs, floor, moto, per_thread)
            warm.c1_round(0)
            cases: list[tuple[str, int, str] | None] = [*bench.c4_cases(), None]
            schedule = [case for _ in range(bursts) for case in cases]
            done = 0
            print(f"# setup took {time.monotonic() - began:.0f} s; measuring")
            for round_index in range(rounds):
                bench.c1_round(round_index)
                due = len(schedule) * (round_index + 1) // rounds
                for index in range(done, due):
                    case = schedule[index]
                    if case is None:
                        if moto is not None:
                            moto.c4(results)
                    else:
                        # mockelb and the floor take turns at going first, burst by burst
                        bench.c4_case(*case, floor_first=index // len(cases) % 2 == 1)
                done = due
                # the client's garbage is collected between rounds, never while timing
                gc.collect()
                if round_index == (rounds - 1) // 2:
                    for storage, proc in procs.items():
                        memory[f"{storage}|mid"] = memory_mb(proc.pid)
            for storage, proc in procs.items():
                memory[f"{storage}|end"] = memory_mb(proc.pid)
            if moto is not None:
                leftover = moto.registered()
                if leftover:
                    print(f"# note: moto's target group holds {leftover} targets at the end")
            report(results, list(mockelbs), sizes, memory, pids, moto is not None)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(f"# wall time {time.monotonic() - began:.0f} s")
    if args.json:
        document = {
            "command": sys.argv,
            "machine": machine(),
            "rounds": rounds,
            "bursts": bursts,
            "per_thread": per_thread,
            "sizes": sizes,
            "latency_seconds": results.latency,
            "requests_per_second": results.rate,
            "memory_mb": memory,
        }
        args.json.write_text(json.dumps(document, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
