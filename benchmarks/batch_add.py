"""Benchmark batch-add of 200 members against its floor, on loopback; prints a table.

    .venv/bin/python benchmarks/batch_add.py [--rounds 200] [--prefill 0,10000,100000]

Both servers run as separate processes (uvicorn, one worker, no access log), so the
numbers include HTTP, as a client sees them. The floor parses the same body and answers a
response of the same shape without storing anything. Interleaved rounds, p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"
POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"
BATCH = 200
# host numbers of the demo subnet 192.168.0.0/24 usable as members (not the LB VIP .100)
HOSTS = [host for host in range(2, 255) if host != 100]
ROOT = Path(__file__).resolve().parent.parent
SEED = f"""
projects:
  - id: {PROJECT}
    quotas: {{members_per_pool: -1, member: -1}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(command: list[str], port: int) -> Iterator[str]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/_mockelb/health", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {command}") from None
                time.sleep(0.05)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _body(start: int) -> dict[str, object]:
    """200 new members at distinct (address, port) endpoints of the demo subnet."""
    members = []
    for offset in range(start, start + BATCH):
        members.append(
            {
                "name": f"bench-{offset}",
                "address": f"192.168.0.{HOSTS[offset % len(HOSTS)]}",
                "protocol_port": 1 + offset // len(HOSTS),
                "subnet_cidr_id": SUBNET,
                "weight": 1,
            }
        )
    return {"members": members}


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def run(rounds: int, prefills: list[int]) -> None:
    seed = Path(tempfile.mkdtemp()) / "bench-seed.yaml"
    seed.write_text(SEED)
    mock_port, floor_port = _free_port(), _free_port()
    mock_cmd = [
        sys.executable,
        "-m",
        "mockelb",
        "serve",
        "--port",
        str(mock_port),
        "--seed",
        str(seed),
        "--log-level",
        "warning",
    ]
    floor_cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "benchmarks.floor_app:app",
        "--port",
        str(floor_port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    headers = {"X-Auth-Token": "bench"}
    batch_add = f"/v3/{PROJECT}/elb/pools/{POOL}/members/batch-add"
    rows: list[tuple[str, float, float]] = []
    with (
        _server(mock_cmd, mock_port) as mock_url,
        _server(floor_cmd, floor_port) as floor_url,
        httpx.Client(headers=headers, timeout=30) as client,
    ):
        next_endpoint = 0
        for prefill in prefills:
            while next_endpoint < prefill:
                client.post(mock_url + batch_add, json=_body(next_endpoint)).raise_for_status()
                next_endpoint += BATCH
            floor, new, existed = [], [], []
            for _ in range(rounds):
                body = _body(next_endpoint)
                started = time.perf_counter()
                client.post(floor_url + "/floor", json=body).raise_for_status()
                floor.append(time.perf_counter() - started)
                started = time.perf_counter()
                response = client.post(mock_url + batch_add, json=body)
                new.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text
                started = time.perf_counter()
                client.post(mock_url + batch_add, json=body).raise_for_status()
                existed.append(time.perf_counter() - started)
                next_endpoint += BATCH
            # the round's new members count towards the next prefill level
            floor_p50, floor_p95 = _percentiles(floor)
            rows.append(
                (f"floor (parse + 200-member response), pool {prefill:,}", floor_p50, floor_p95)
            )
            rows.append((f"batch-add 200 new, pool of {prefill:,}", *_percentiles(new)))
            rows.append((f"batch-add 200 existed, pool of {prefill:,}", *_percentiles(existed)))
            _print_block(rows[-3:], floor_p50)


def _print_block(rows: list[tuple[str, float, float]], floor_p50: float) -> None:
    for name, p50, p95 in rows:
        print(f"| {name:<52} | {p50 * 1000:7.2f} | {p95 * 1000:7.2f} | {p50 / floor_p50:6.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument(
        "--prefill",
        default="0,10000,100000",
        help="comma-separated pool sizes to measure at (ascending)",
    )
    args = parser.parse_args()
    prefills = sorted(int(p) for p in args.prefill.split(","))
    print(f"batch-add benchmark: {args.rounds} interleaved rounds, {os.cpu_count()} cores")
    print(f"| {'scenario':<52} | p50 ms  | p95 ms  | × floor |")
    print(f"|{'-' * 54}|---------|---------|--------|")
    run(args.rounds, prefills)


if __name__ == "__main__":
    main()
