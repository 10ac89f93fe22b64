"""Member health that changes by itself: the clock of --member-online-after, and the real
prober of --probe-members, which checks members on 127.0.0.1 the way their pool's health
monitor says and never contacts an address --probe-allow does not allow."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mockelb.config import Settings
from mockelb.prober import allowed_networks, codes_match, is_allowed
from mockelb.testing import MockElbServer
from tests import databases, demo
from tests.factories import ELB, on_subnet

AUTH = {"X-Auth-Token": "test-token"}
LOOP_SUBNET = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f13"
LOOP_LB = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f14"
LOOP_LISTENER = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f15"
LOOP_POOL = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f16"
# a VPC on the loopback network, so members can be servers the test runs on 127.0.0.1
LOOPBACK_SEED = {
    "vpcs": [{"id": "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f11", "cidr": "127.0.0.0/8"}],
    "subnets": [
        {
            "id": "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f12",
            "vpc_id": "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f11",
            "cidr": "127.0.0.0/24",
            "neutron_subnet_id": LOOP_SUBNET,
        }
    ],
    "loadbalancers": [
        {
            "id": LOOP_LB,
            "vpc_id": "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f11",
            "vip_subnet_cidr_id": LOOP_SUBNET,
            "availability_zone_list": ["cn-north-4a"],
        }
    ],
    "listeners": [
        {"id": LOOP_LISTENER, "loadbalancer_id": LOOP_LB, "protocol": "HTTP", "protocol_port": 80}
    ],
    "pools": [
        {
            "id": LOOP_POOL,
            "protocol": "HTTP",
            "lb_algorithm": "ROUND_ROBIN",
            "listener_id": LOOP_LISTENER,
        }
    ],
}
DEADLINE = 15.0


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200 if self.path == "/healthy" else 503)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def backend() -> Iterator[http.server.ThreadingHTTPServer]:
    """An HTTP server on 127.0.0.1: 200 at /healthy, 503 elsewhere."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("probes") / "loopback.yaml"
    path.write_text(yaml.safe_dump({"project_id": demo.PROJECT, **LOOPBACK_SEED}))
    return path


@pytest.fixture(scope="module")
def prober_server(seed_file: Path) -> Iterator[MockElbServer]:
    with (
        databases.fresh_database() as database_url,
        MockElbServer(
            Settings(database_url=database_url, seed=[seed_file], probe_members=True)
        ) as server,
    ):
        yield server


@pytest.fixture
def probing(prober_server: MockElbServer) -> Iterator[httpx.Client]:
    prober_server.reset()
    with httpx.Client(base_url=prober_server.url, headers=AUTH, timeout=10) as client:
        yield client


def add_monitor(http: httpx.Client, pool_id: str, **fields: Any) -> None:
    body = {"pool_id": pool_id, "delay": 1, "timeout": 1, "max_retries": 1, **fields}
    response = http.post(f"{ELB}/healthmonitors", json={"healthmonitor": body})
    assert response.status_code == 201, response.text


def add_member(http: httpx.Client, pool_id: str, member: dict[str, Any]) -> str:
    response = http.post(f"{ELB}/pools/{pool_id}/members/batch-add", json={"members": [member]})
    assert response.status_code == 201, response.text
    member_id: str = response.json()["members"][0]["id"]
    return member_id


def member_of(http: httpx.Client, pool_id: str, member_id: str) -> dict[str, Any]:
    response = http.get(f"{ELB}/pools/{pool_id}/members/{member_id}")
    assert response.status_code == 200, response.text
    member: dict[str, Any] = response.json()["member"]
    return member


def wait_for(
    read: Callable[[], dict[str, Any]], status: str, reason_code: str | None = None
) -> dict[str, Any]:
    """The member once it reports `status` (and this reason), bounded: fails after
    DEADLINE seconds."""
    deadline = time.monotonic() + DEADLINE
    while True:
        member = read()
        reason = (member["reason"] or {}).get("reason_code")
        if member["operating_status"] == status and (reason_code in (None, reason)):
            return member
        assert time.monotonic() < deadline, f"still {member['operating_status']} {reason}"
        time.sleep(0.1)


def loop_member(port: int) -> dict[str, Any]:
    return {"address": "127.0.0.1", "protocol_port": port, "subnet_cidr_id": LOOP_SUBNET}


# --- the prober --------------------------------------------------------------------------


def test_an_http_monitor_finds_the_member_online_then_offline(
    probing: httpx.Client, backend: http.server.ThreadingHTTPServer
) -> None:
    port = backend.server_address[1]
    add_monitor(probing, LOOP_POOL, type="HTTP", url_path="/healthy", max_retries_down=1)
    member_id = add_member(probing, LOOP_POOL, loop_member(port))

    online = wait_for(lambda: member_of(probing, LOOP_POOL, member_id), "ONLINE")

    assert online["reason"] is None
    tree = probing.get(f"{ELB}/loadbalancers/{LOOP_LB}/statuses").json()["statuses"]
    assert tree["loadbalancer"]["operating_status"] == "ONLINE"
    backend.shutdown()
    backend.server_close()
    offline = wait_for(
        lambda: member_of(probing, LOOP_POOL, member_id), "OFFLINE", "CONNECT_REFUSED"
    )
    assert offline["reason"]["reason_code"] == "CONNECT_REFUSED"


@pytest.mark.slow  # waits for probes
def test_a_status_outside_the_expected_codes_is_a_response_mismatch(
    probing: httpx.Client, backend: http.server.ThreadingHTTPServer
) -> None:
    add_monitor(probing, LOOP_POOL, type="HTTP", url_path="/sick", expected_codes="200-204")
    member_id = add_member(probing, LOOP_POOL, loop_member(backend.server_address[1]))

    offline = wait_for(
        lambda: member_of(probing, LOOP_POOL, member_id), "OFFLINE", "RESPONSE_MISMATCH"
    )

    assert offline["reason"] == {
        "reason_code": "RESPONSE_MISMATCH",
        "expected_response": "200-204",
        "healthcheck_response": "503",
    }


@pytest.mark.slow  # waits for probes
def test_a_tcp_monitor_connects(probing: httpx.Client) -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        add_monitor(probing, LOOP_POOL, type="TCP")
        member_id = add_member(probing, LOOP_POOL, loop_member(listening.getsockname()[1]))

        wait_for(lambda: member_of(probing, LOOP_POOL, member_id), "ONLINE")


@pytest.mark.slow  # waits for probes
def test_a_forced_health_wins_over_the_probe(
    probing: httpx.Client, backend: http.server.ThreadingHTTPServer, prober_server: MockElbServer
) -> None:
    add_monitor(probing, LOOP_POOL, type="HTTP", url_path="/healthy")
    member_id = add_member(probing, LOOP_POOL, loop_member(backend.server_address[1]))
    wait_for(lambda: member_of(probing, LOOP_POOL, member_id), "ONLINE")

    prober_server.set_member_health(member_id, "OFFLINE")

    time.sleep(1.5)  # a probe or more later, the forced value still stands
    assert member_of(probing, LOOP_POOL, member_id)["operating_status"] == "OFFLINE"


@pytest.mark.slow  # waits for probes
def test_a_probe_that_waits_holds_back_no_other_member(
    probing: httpx.Client, backend: http.server.ThreadingHTTPServer
) -> None:
    """One member accepts connections and never answers (its probe waits out a 10 s
    timeout); the other member's probe finds it ONLINE meanwhile."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        add_monitor(probing, LOOP_POOL, type="HTTP", url_path="/healthy", timeout=10, delay=10)
        add_member(probing, LOOP_POOL, loop_member(silent.getsockname()[1]))
        started = time.monotonic()
        healthy = add_member(probing, LOOP_POOL, loop_member(backend.server_address[1]))

        wait_for(lambda: member_of(probing, LOOP_POOL, healthy), "ONLINE")

        assert time.monotonic() - started < 8


@pytest.mark.slow  # waits for probes
def test_addresses_outside_probe_allow_are_never_probed(probing: httpx.Client) -> None:
    """The demo pool's member at a running demo ECS (192.168.0.10) keeps its derived
    INITIAL: the prober does not contact 192.168.0.0/16."""
    add_monitor(probing, demo.POOL, type="TCP")
    member_id = add_member(probing, demo.POOL, on_subnet("192.168.0.10"))

    time.sleep(1.5)

    assert member_of(probing, demo.POOL, member_id)["operating_status"] == "INITIAL"


def test_allowed_addresses_and_expected_codes() -> None:
    allowed = allowed_networks(("127.0.0.0/8", "::1/128"))

    assert is_allowed("127.0.0.1", allowed) and is_allowed("::1", allowed)
    assert not is_allowed("192.168.0.10", allowed) and not is_allowed("::2", allowed)
    assert not is_allowed("not-an-ip", allowed)
    assert codes_match(200, "200") and codes_match(204, "200-204,301")
    assert codes_match(301, "200-204,301") and not codes_match(302, "200-204,301")


# --- the clock ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clock_server() -> Iterator[MockElbServer]:
    with (
        databases.fresh_database() as database_url,
        MockElbServer(Settings(database_url=database_url, member_online_after=1)) as server,
    ):
        yield server


@pytest.mark.slow  # waits for the clock
def test_members_turn_online_a_while_after_a_monitor_checks_them(
    clock_server: MockElbServer,
) -> None:
    clock_server.reset()
    with httpx.Client(base_url=clock_server.url, headers=AUTH, timeout=10) as http:
        add_monitor(http, demo.POOL, type="TCP")
        started = time.monotonic()
        member_id = add_member(http, demo.POOL, on_subnet("192.168.0.10"))
        assert member_of(http, demo.POOL, member_id)["operating_status"] == "INITIAL"
        no_server = add_member(http, demo.POOL, on_subnet("192.168.0.99"))

        wait_for(lambda: member_of(http, demo.POOL, member_id), "ONLINE")

        assert time.monotonic() - started >= 1.0
        # the rule of a missing server stands; the list filter follows the clock
        assert member_of(http, demo.POOL, no_server)["operating_status"] == "OFFLINE"
        listed = http.get(f"{ELB}/pools/{demo.POOL}/members", params={"operating_status": "ONLINE"})
        assert [member["id"] for member in listed.json()["members"]] == [member_id]
