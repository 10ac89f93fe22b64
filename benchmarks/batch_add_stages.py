"""Where the time of one batch-add of 200 new members goes, stage by stage; prints a table.

    .venv/bin/python benchmarks/batch_add_stages.py [--rounds 300] [--database-url URL]

In-process, without HTTP: the application of `mockelb serve` (create_app, the demo data and
the benchmark's seed, which lifts the member quotas) is driven through its ASGI interface,
one request at a time, and the service's steps are timed by wrapping the functions that do
them. A stage's time is its median over the rounds, per request; "ASGI request" is the
whole request as the server's HTTP layer hands it over (middleware, dependencies, parsing,
the service in the thread pool, the views, the JSON), so what the stages leave of it is
the framework's share. benchmarks/run.py measures the same request over HTTP beside its
floor; py-spy (`py-spy record -p PID`) shows the same on a running server.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BATCH, DEMO_POOL, PROJECT, SEED, members_body  # noqa: E402
from mockelb.app import create_app  # noqa: E402
from mockelb.config import Settings  # noqa: E402
from mockelb.routes import deps  # noqa: E402
from mockelb.routes import members as member_routes  # noqa: E402
from mockelb.services import member_checks, members  # noqa: E402
from mockelb.validation import JsonBody  # noqa: E402

PATH = f"/v3/{PROJECT}/elb/pools/{DEMO_POOL}/members/batch-add"
THREAD = "thread pool: transaction + service"
# (owner, attribute, label), in the order a request meets them; each is patched where its
# caller looks it up
STAGES: list[tuple[Any, str, str]] = [
    (JsonBody, "__call__", "read + parse the body (pydantic)"),
    (deps, "_run_in_transaction", THREAD),
    (members, "_member_target", "  pool + load balancer + quota row (1 query, BEGIN)"),
    (member_checks.MemberChecker, "__init__", "  subnets, ECS ports, VIPs (3 queries)"),
    (members, "new_ids", "  200 ids"),
    (member_checks.MemberChecker, "build_row", "  200 items checked into rows"),
    (members, "_members_at", "  existing endpoints (1 query)"),
    (members, "bulk_insert", "  INSERT of 200 rows (1 statement)"),
    (members, "health_book", "  health: listeners, servers (2 queries)"),
    (member_routes, "batch_member_views", "200 member views"),
]


def _timed(record: list[float], function: Callable[..., Any]) -> Callable[..., Any]:
    if asyncio.iscoroutinefunction(function):

        @functools.wraps(function)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                record.append(time.perf_counter() - started)

        return timed_async

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            record.append(time.perf_counter() - started)

    return timed


def _instrument() -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for owner, attribute, label in STAGES:
        record = times.setdefault(label, [])
        setattr(owner, attribute, _timed(record, getattr(owner, attribute)))
    return times


async def _request(app: Any, body: bytes) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"x-auth-token", b"bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    delivered = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _run(rounds: int, database_url: str) -> None:
    seed = Path(tempfile.mkdtemp(prefix="bench-stages-")) / "seed.yaml"
    seed.write_text(SEED)
    app = create_app(Settings(seed=[seed], database_url=database_url))
    bodies = [orjson.dumps({"members": members_body(index * BATCH)}) for index in range(rounds)]
    warm_up = min(20, rounds // 5)
    times = _instrument()
    whole: list[float] = []
    for index, body in enumerate(bodies):
        if index == warm_up:
            # as `mockelb serve` does after start-up; the warm-up's times are dropped
            gc.collect()
            gc.freeze()
            whole.clear()
            for record in times.values():
                record.clear()
        started = time.perf_counter()
        status = await _request(app, body)
        whole.append(time.perf_counter() - started)
        if status != 201:
            raise SystemExit(f"batch-add answered {status}")
    measured = len(whole)
    print(f"batch-add of {BATCH} new members into the demo pool, in-process, {measured} rounds")
    print(f"storage: {app.state.database.storage}; Python {sys.version.split()[0]}")
    print()
    print("| stage | ms per request (median) |")
    print("|---|---:|")
    total = statistics.median(whole)
    medians = {
        label: statistics.median(record) * len(record) / measured
        for label, record in times.items()
        if record
    }
    print(f"| ASGI request, all of it | {total * 1000:.2f} |")
    for label, per_request in medians.items():
        print(f"| {label} | {per_request * 1000:.2f} |")
    in_thread = medians[THREAD]
    inner = sum(value for label, value in medians.items() if label.startswith("  "))
    outer = sum(value for label, value in medians.items() if not label.startswith("  "))
    print(f"|   the rest: COMMIT, the session, the results | {(in_thread - inner) * 1000:.2f} |")
    print(
        "| the rest: middleware, dependencies, hand-over to the thread, JSON of the answer "
        f"| {(total - outer) * 1000:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database-url", default="sqlite://")
    args = parser.parse_args()
    asyncio.run(_run(args.rounds, args.database_url))


if __name__ == "__main__":
    main()
