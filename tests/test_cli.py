"""The real `mockelb` command as a subprocess: serve, its flags and variables, usage errors.

Every process is bounded by timeouts and stopped (SIGINT, then kill) in a finally.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

import mockelb
from tests import databases, demo
from tests.serve import MODULE, clean_environment, run

# servers of their own, several processes or engines: the full run, not the developer loop
pytestmark = pytest.mark.slow

SCRIPT = (str(Path(sys.executable).parent / "mockelb"),)
AUTH = {"X-Auth-Token": "test-token"}
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0

SEED_PROJECT = "0123456789abcdef0123456789abcdef"
SEED_VPC = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f01"
SEED_SUBNET = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f02"
SEED_SUBNET_CIDR_ID = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f03"
SEED_LB = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f04"
SEED_POOL = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f05"
SEED_JSON_POOL = "6f2e1d0c-4b3a-4958-9e67-8d7c6b5a4f06"
SEED_YAML = f"""\
# a small seed: one VPC, subnet, load balancer and pool in a project of its own
project_id: {SEED_PROJECT}
availability_zones:
  - {{code: seed-az-1, protocol: [L4, L7]}}
vpcs:
  - {{id: {SEED_VPC}, name: seed-vpc, cidr: 10.0.0.0/16}}
subnets:
  - id: {SEED_SUBNET}
    vpc_id: {SEED_VPC}
    name: seed-subnet
    cidr: 10.0.1.0/24
    neutron_subnet_id: {SEED_SUBNET_CIDR_ID}
loadbalancers:
  - id: {SEED_LB}
    name: seed-elb
    vpc_id: {SEED_VPC}
    vip_subnet_cidr_id: {SEED_SUBNET_CIDR_ID}
    availability_zone_list: [seed-az-1]
pools:
  - id: {SEED_POOL}
    name: seed-pool
    protocol: TCP
    lb_algorithm: ROUND_ROBIN
    loadbalancer_id: {SEED_LB}
"""
# a second file that builds on the first: loaded after it, in the order given
SEED_JSON = {
    "project_id": SEED_PROJECT,
    "pools": [
        {
            "id": SEED_JSON_POOL,
            "name": "seed-json-pool",
            "protocol": "HTTP",
            "lb_algorithm": "LEAST_CONNECTIONS",
            "loadbalancer_id": SEED_LB,
        }
    ],
}
MEMBER = {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A `mockelb serve` process and what it wrote."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    returncode: int | None = field(default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=AUTH, timeout=10)

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"mockelb exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                if httpx.get(f"{self.url}/_mockelb/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"mockelb did not answer on {self.url}:\n{self.output()}")

    def stop(self) -> None:
        """SIGINT, as Ctrl+C would; kill if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
                raise AssertionError(f"mockelb ignored SIGINT:\n{self.output()}") from None
        self.returncode = self.process.returncode


@contextmanager
def served(
    log: Path,
    args: Sequence[str],
    *,
    port: int,
    command: Sequence[str] = MODULE,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Run `<command> serve <args>`, wait for its health, stop it afterwards in any case.

    When the suite runs on PostgreSQL, a server given no database gets a new one there.
    """
    database_url = None
    environment = env if env is not None else clean_environment()
    if databases.is_postgresql() and "--database-url" not in args:
        if "MOCKELB_DATABASE_URL" not in environment:
            database_url = databases.fresh_database_url()
            args = [*args, "--database-url", database_url]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "serve", *args],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    server = Server(process=process, port=port, log=log)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        try:
            server.stop()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
            if database_url is not None:
                databases.release(database_url)


def assert_started_and_stopped(server: Server) -> None:
    """It exited on SIGINT, after logging its start-up line and uvicorn's shutdown."""
    assert server.returncode == 0, server.output()
    output = server.output()
    assert f"mockelb {mockelb.__version__}" in output
    assert f"http://127.0.0.1:{server.port}" in output
    assert "Started server process" in output
    assert "Shutting down" in output
    assert "Finished server process" in output
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if f"mockelb {mockelb.__version__}" in line)
    stop = next(i for i, line in enumerate(lines) if "Shutting down" in line)
    assert start < stop


def pool_status(server: Server, pool_id: str, project: str = demo.PROJECT) -> int:
    with server.client() as client:
        return client.get(f"/v3/{project}/elb/pools/{pool_id}").status_code


def pool_ids(server: Server, project: str) -> list[str]:
    with server.client() as client:
        response = client.get(f"/v3/{project}/elb/pools")
        assert response.status_code == 200, response.text
        return sorted(pool["id"] for pool in response.json()["pools"])


@pytest.fixture
def seed_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "seed.yaml"
    path.write_text(SEED_YAML, encoding="utf-8")
    return path


@pytest.fixture
def seed_json(tmp_path: Path) -> Path:
    path = tmp_path / "more.json"
    path.write_text(json.dumps(SEED_JSON), encoding="utf-8")
    return path


# --- serve ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [MODULE, SCRIPT], ids=["python-m-mockelb", "mockelb-script"])
def test_serve_starts_with_the_demo_data_and_stops_on_sigint(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    port = free_port()
    with served(tmp_path / "log", ["--port", str(port)], port=port, command=command) as server:
        assert pool_status(server, demo.POOL) == 200
        with server.client() as client:
            health = client.get("/_mockelb/health").json()
        assert health["status"] == "ok"
        assert health["version"] == mockelb.__version__
        assert health["storage"] == databases.storage()

    assert_started_and_stopped(server)
    assert "demo data on" in server.output()


def test_serve_answers_the_reference_example(tmp_path: Path) -> None:
    port = free_port()
    with served(tmp_path / "log", ["--port", str(port)], port=port) as server:
        with server.client() as client:
            response = client.post(
                f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members/batch-add",
                json={"members": [MEMBER]},
            )
    assert response.status_code == 201, response.text
    assert response.json()["members"][0]["ret_status"] == "successful"
    assert_started_and_stopped(server)


def test_no_demo_flag_starts_empty(tmp_path: Path) -> None:
    port = free_port()
    with served(tmp_path / "log", ["--port", str(port), "--no-demo"], port=port) as server:
        assert pool_status(server, demo.POOL) == 404
        assert pool_ids(server, demo.PROJECT) == []

    assert_started_and_stopped(server)
    assert "demo data off" in server.output()


@pytest.mark.parametrize("value", ["true", "1"])
def test_no_demo_variable_starts_empty(tmp_path: Path, value: str) -> None:
    port = free_port()
    env = clean_environment(MOCKELB_NO_DEMO=value, MOCKELB_PORT=str(port))
    with served(tmp_path / "log", [], port=port, env=env) as server:
        assert pool_status(server, demo.POOL) == 404

    assert_started_and_stopped(server)


def test_no_demo_variable_false_keeps_the_demo(tmp_path: Path) -> None:
    port = free_port()
    env = clean_environment(MOCKELB_NO_DEMO="false", MOCKELB_PORT=str(port))
    with served(tmp_path / "log", [], port=port, env=env) as server:
        assert pool_status(server, demo.POOL) == 200

    assert_started_and_stopped(server)


def test_port_variable_sets_the_port(tmp_path: Path) -> None:
    port = free_port()
    env = clean_environment(MOCKELB_PORT=str(port))
    with served(tmp_path / "log", [], port=port, env=env, command=SCRIPT) as server:
        assert pool_status(server, demo.POOL) == 200

    assert_started_and_stopped(server)


def test_port_flag_wins_over_the_variable(tmp_path: Path) -> None:
    port, other = free_port(), free_port()
    env = clean_environment(MOCKELB_PORT=str(other))
    with served(tmp_path / "log", ["--port", str(port)], port=port, env=env) as server:
        assert pool_status(server, demo.POOL) == 200
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{other}/_mockelb/health", timeout=1)

    assert_started_and_stopped(server)


def test_host_flag_sets_the_address(tmp_path: Path) -> None:
    port = free_port()
    args = ["--host", "127.0.0.1", "--port", str(port)]
    with served(tmp_path / "log", args, port=port) as server:
        assert pool_status(server, demo.POOL) == 200

    assert_started_and_stopped(server)


# --- seed files -----------------------------------------------------------------------


def test_a_yaml_seed_file_is_loaded_beside_the_demo(tmp_path: Path, seed_yaml: Path) -> None:
    port = free_port()
    args = ["--port", str(port), "--seed", str(seed_yaml)]
    with served(tmp_path / "log", args, port=port) as server:
        assert pool_ids(server, SEED_PROJECT) == [SEED_POOL]
        assert pool_status(server, demo.POOL) == 200
        with server.client() as client:
            lb = client.get(f"/v3/{SEED_PROJECT}/elb/loadbalancers/{SEED_LB}")
            subnet = client.get(f"/v1/{SEED_PROJECT}/subnets/{SEED_SUBNET}")
        assert lb.status_code == 200 and lb.json()["loadbalancer"]["vpc_id"] == SEED_VPC
        assert subnet.status_code == 200 and subnet.json()["subnet"]["cidr"] == "10.0.1.0/24"

    assert_started_and_stopped(server)
    assert "1 seed file(s)" in server.output()


def test_repeated_seed_flags_load_yaml_then_json_in_order(
    tmp_path: Path, seed_yaml: Path, seed_json: Path
) -> None:
    port = free_port()
    args = ["--port", str(port), "--no-demo", "--seed", str(seed_yaml), "--seed", str(seed_json)]
    with served(tmp_path / "log", args, port=port, command=SCRIPT) as server:
        assert pool_ids(server, SEED_PROJECT) == sorted([SEED_POOL, SEED_JSON_POOL])
        assert pool_status(server, demo.POOL) == 404
        with server.client() as client:
            pool = client.get(f"/v3/{SEED_PROJECT}/elb/pools/{SEED_JSON_POOL}").json()["pool"]
        assert pool["protocol"] == "HTTP"
        assert pool["lb_algorithm"] == "LEAST_CONNECTIONS"
        assert pool["loadbalancers"] == [{"id": SEED_LB}]

    assert_started_and_stopped(server)
    assert "2 seed file(s)" in server.output()


def test_seed_variable_holds_several_paths(
    tmp_path: Path, seed_yaml: Path, seed_json: Path
) -> None:
    port = free_port()
    env = clean_environment(
        MOCKELB_PORT=str(port),
        MOCKELB_NO_DEMO="true",
        MOCKELB_SEED=os.pathsep.join([str(seed_yaml), str(seed_json)]),
    )
    with served(tmp_path / "log", [], port=port, env=env) as server:
        assert pool_ids(server, SEED_PROJECT) == sorted([SEED_POOL, SEED_JSON_POOL])

    assert_started_and_stopped(server)


def test_seed_variable_with_one_path(tmp_path: Path, seed_yaml: Path) -> None:
    port = free_port()
    env = clean_environment(MOCKELB_SEED=str(seed_yaml))
    with served(tmp_path / "log", ["--port", str(port)], port=port, env=env) as server:
        assert pool_ids(server, SEED_PROJECT) == [SEED_POOL]
        assert pool_status(server, demo.POOL) == 200

    assert_started_and_stopped(server)


def test_reset_returns_to_the_seeded_state(tmp_path: Path, seed_yaml: Path) -> None:
    port = free_port()
    args = ["--port", str(port), "--no-demo", "--seed", str(seed_yaml)]
    with served(tmp_path / "log", args, port=port) as server:
        with server.client() as client:
            deleted = client.delete(f"/v3/{SEED_PROJECT}/elb/pools/{SEED_POOL}")
            assert deleted.status_code == 204
            assert pool_ids(server, SEED_PROJECT) == []
            assert client.post("/_mockelb/reset").status_code == 200
        assert pool_ids(server, SEED_PROJECT) == [SEED_POOL]

    assert_started_and_stopped(server)


# --- persistence ------------------------------------------------------------------------


def test_a_stored_database_keeps_a_batch_added_member_across_a_restart(
    tmp_path: Path, persistent_database_url: str
) -> None:
    """A SQLite file, or PostgreSQL when the suite runs there."""
    database_url = persistent_database_url
    storage = databases.persistent_storage()
    members = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members"

    port = free_port()
    args = ["--port", str(port), "--database-url", database_url]
    with served(tmp_path / "first.log", args, port=port) as first:
        with first.client() as client:
            assert client.get("/_mockelb/health").json()["storage"] == storage
            added = client.post(f"{members}/batch-add", json={"members": [MEMBER]})
            assert added.status_code == 201, added.text
            member_id = added.json()["members"][0]["id"]
    assert_started_and_stopped(first)
    assert databases.is_postgresql() or (tmp_path / "state.db").is_file()

    port = free_port()
    args = ["--port", str(port), "--database-url", database_url]
    with served(tmp_path / "second.log", args, port=port) as second:
        with second.client() as client:
            assert client.get("/_mockelb/health").json()["storage"] == storage
            listed = client.get(members).json()["members"]
            assert [m["id"] for m in listed] == [member_id]
            assert listed[0]["address"] == MEMBER["address"]
            again = client.post(f"{members}/batch-add", json={"members": [MEMBER]})
            assert again.json()["members"][0]["ret_status"] == "existed"
            assert again.json()["members"][0]["id"] == member_id
    assert_started_and_stopped(second)
    assert f"storage {storage}" in second.output()


def test_database_url_variable_selects_a_file_database(tmp_path: Path) -> None:
    port = free_port()
    env = clean_environment(
        MOCKELB_PORT=str(port), MOCKELB_DATABASE_URL=f"sqlite:///{tmp_path}/env.db"
    )
    with served(tmp_path / "log", [], port=port, env=env) as server:
        with server.client() as client:
            assert client.get("/_mockelb/health").json()["storage"] == "sqlite-file"

    assert_started_and_stopped(server)
    assert (tmp_path / "env.db").is_file()


@pytest.mark.postgres
def test_database_url_variable_selects_a_postgresql_database(
    tmp_path: Path, database_url: str
) -> None:
    port = free_port()
    env = clean_environment(MOCKELB_PORT=str(port), MOCKELB_DATABASE_URL=database_url)
    with served(tmp_path / "log", [], port=port, env=env) as server:
        with server.client() as client:
            assert client.get("/_mockelb/health").json()["storage"] == "postgresql"

    assert_started_and_stopped(server)
    assert "storage postgresql" in server.output()


# --- usage errors: exit 2 and one line -------------------------------------------------

Case = Callable[[Path], tuple[list[str], dict[str, str]]]


def _seed_case(name: str, content: bytes, *extra: str) -> Case:
    def build(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
        path = tmp_path / name
        path.write_bytes(content)
        return ["serve", "--seed", str(path), *extra], {}

    return build


def _args(*args: str, **env: str) -> Case:
    return lambda _tmp_path: (list(args), env)


def _old_database(tmp_path: Path) -> str:
    """A database file laid out by an earlier mockelb: a members table without most columns."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE members (id VARCHAR(64) PRIMARY KEY, address TEXT)")
        connection.execute("CREATE TABLE mockelb_meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO mockelb_meta VALUES ('initialised', 'true')")
    connection.close()
    return f"sqlite:///{path}"


UNDECLARED_VPC_SUBNET = f"""\
project_id: {SEED_PROJECT}
subnets:
  - {{id: {SEED_SUBNET}, vpc_id: {SEED_VPC}, cidr: 10.0.1.0/24}}
""".encode()
UNDECLARED_VPC_LOADBALANCER = f"""\
project_id: {SEED_PROJECT}
availability_zones: [{{code: seed-az-1}}]
loadbalancers:
  - {{id: {SEED_LB}, vpc_id: {SEED_VPC}, availability_zone_list: [seed-az-1]}}
""".encode()

USAGE_ERRORS: list[tuple[str, Case]] = [
    ("bogus-flag", _args("serve", "--bogus")),
    ("bogus-top-level-flag", _args("--bogus")),
    ("unknown-command", _args("launch")),
    ("port-not-a-number", _args("serve", "--port", "x")),
    ("port-out-of-range", _args("serve", "--port", "70000")),
    ("port-variable-not-a-number", _args("serve", MOCKELB_PORT="abc")),
    ("port-variable-out-of-range", _args("serve", MOCKELB_PORT="65536")),
    ("no-demo-variable-not-a-bool", _args("serve", MOCKELB_NO_DEMO="maybe")),
    ("log-level-unknown", _args("serve", "--log-level", "loud")),
    ("log-level-variable-unknown", _args("serve", MOCKELB_LOG_LEVEL="loud")),
    ("workers-zero", _args("serve", "--workers", "0")),
    ("workers-variable-not-a-number", _args("serve", MOCKELB_WORKERS="many")),
    ("auth-unknown", _args("serve", "--auth", "loose")),
    ("auth-variable-unknown", _args("serve", MOCKELB_AUTH="loose")),
    ("id-seed-negative", _args("serve", "--id-seed", "-1")),
    ("journal-size-negative", _args("serve", "--journal-size", "-5")),
    ("member-online-after-negative", _args("serve", "--member-online-after", "-1")),
    ("probe-allow-not-a-network", _args("serve", "--probe-allow", "10.0.0.0/33")),
    ("probe-allow-variable-not-a-network", _args("serve", MOCKELB_PROBE_ALLOW="127.0.0.0/8,x")),
    ("workers-on-an-in-memory-database", _args("serve", "--workers", "2")),
    (
        "workers-on-sqlite-memory",
        _args("serve", "--workers", "2", "--database-url", "sqlite:///:memory:"),
    ),
    (
        "database-url-port-not-a-number",
        _args("serve", "--database-url", "postgresql+psycopg://u:s3cret@h:notaport/db"),
    ),
    ("database-driver-not-installed", _args("serve", "--database-url", "mysql://u@h/db")),
    (
        "database-unreachable",
        lambda _tmp_path: (
            ["serve", "--database-url", f"postgresql+psycopg://u@127.0.0.1:{free_port()}/db"],
            {},
        ),
    ),
    (
        "database-file-in-a-missing-directory",
        lambda tmp_path: (["serve", "--database-url", f"sqlite:///{tmp_path}/no/such/x.db"], {}),
    ),
    (
        "database-of-another-version",
        lambda tmp_path: (["serve", "--database-url", _old_database(tmp_path)], {}),
    ),
    ("database-url-unparseable", _args("serve", "--database-url", "not-a-url")),
    ("database-url-unknown-dialect", _args("serve", "--database-url", "nosuchdb://x")),
    ("seed-missing", lambda tmp_path: (["serve", "--seed", str(tmp_path / "missing.yaml")], {})),
    ("seed-is-a-directory", lambda tmp_path: (["serve", "--seed", str(tmp_path)], {})),
    (
        "seed-variable-missing",
        lambda tmp_path: (["serve"], {"MOCKELB_SEED": str(tmp_path / "missing.yaml")}),
    ),
    ("seed-invalid-yaml", _seed_case("bad.yaml", b"vpcs: [unclosed\n  - {id: 1\n")),
    ("seed-invalid-json", _seed_case("bad.json", b'{"vpcs": [}')),
    ("seed-not-utf8", _seed_case("binary.yaml", b"\xff\xfe\x00\x81 garbage")),
    ("seed-not-a-mapping", _seed_case("list.yaml", b"- a\n- b\n")),
    ("seed-unknown-key", _seed_case("unknown.yaml", b"colour: red\n")),
    ("seed-subnet-undeclared-vpc", _seed_case("subnet.yaml", UNDECLARED_VPC_SUBNET)),
    ("seed-lb-undeclared-vpc", _seed_case("lb.yaml", UNDECLARED_VPC_LOADBALANCER, "--no-demo")),
    ("seed-bad-cidr", _seed_case("cidr.yaml", b"vpcs: [{id: v, project_id: p, cidr: nope}]\n")),
]


@pytest.mark.parametrize("case", [pytest.param(case, id=name) for name, case in USAGE_ERRORS])
def test_a_usage_error_exits_2_with_one_line(tmp_path: Path, case: Case) -> None:
    args, env = case(tmp_path)
    if "serve" in args and "--port" not in args and "MOCKELB_PORT" not in env:
        args = [*args, "--port", str(free_port())]  # never the shared default port

    result = run(args, env=clean_environment(**env))

    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mockelb: error:"), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_errors_name_what_is_wrong(tmp_path: Path) -> None:
    """Each start-up failure says what to do about it, in its one line."""
    expectations = {
        "log-level-variable-unknown": "MOCKELB_LOG_LEVEL",
        "workers-on-an-in-memory-database": "sqlite:///file.db or postgresql+psycopg",
        "database-unreachable": "Connection refused",
        "database-of-another-version": "made by another mockelb version",
        "database-driver-not-installed": "is not installed",
        "workers-on-sqlite-memory": "belongs to one process",
        "probe-allow-not-a-network": "'10.0.0.0/33' is not an IP network",
    }
    cases = dict(USAGE_ERRORS)
    for name, expected in expectations.items():
        args, env = cases[name](tmp_path)
        result = run([*args, "--port", str(free_port())], env=clean_environment(**env))
        assert expected in result.stderr, (name, result.stderr)


def test_a_postgresql_url_without_the_driver_says_how_to_install_it() -> None:
    """`postgresql://` where psycopg is not installed (hidden from the import system here)."""
    command = (
        sys.executable,
        "-c",
        "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None; "
        "from mockelb.cli import main; sys.exit(main())",
    )
    result = run(
        ["serve", "--port", str(free_port()), "--database-url", "postgresql://u@127.0.0.1/db"],
        command=command,
    )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "mockelb: error: the driver for 'postgresql://u@127.0.0.1/db' is not installed: "
        "psycopg (install it with pip install 'mockelb[postgres]' and use "
        "postgresql+psycopg://…)"
    ]


def test_a_port_in_use_is_one_line_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["serve", "--port", str(port)])

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"mockelb: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    assert "startup" not in result.stdout + result.stderr


def test_port_0_shows_the_port_that_was_picked(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*MODULE, "serve", "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=clean_environment(),
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "ELB v3 on http://127.0.0.1:" not in log.read_text() and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        banner = log.read_text().split("ELB v3 on http://127.0.0.1:")[1]
        port = int(banner.split(" ")[0])
        assert port != 0
        server = Server(process=process, port=port, log=log)
        server.wait_until_healthy()
        server.stop()
        assert server.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def test_a_restart_on_a_database_file_says_the_seed_files_were_skipped(
    tmp_path: Path, seed_yaml: Path, persistent_database_url: str
) -> None:
    """A SQLite file, or PostgreSQL when the suite runs there."""
    args = ["--database-url", persistent_database_url, "--seed", str(seed_yaml)]
    port = free_port()
    with served(tmp_path / "first.log", [*args, "--port", str(port)], port=port) as first:
        pass
    assert "already set up" not in first.output()
    with served(tmp_path / "second.log", [*args, "--port", str(port)], port=port) as second:
        pass
    assert "the demo data and seed files were not loaded" in second.output()


def test_the_console_script_reports_usage_errors_the_same_way() -> None:
    result = run(["serve", "--port", "x"], command=SCRIPT)

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "mockelb: error: argument --port: invalid int value: 'x' (see mockelb serve --help)"
    ]


def test_an_undeclared_vpc_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "subnet.yaml"
    path.write_bytes(UNDECLARED_VPC_SUBNET)

    result = run(["serve", "--seed", str(path), "--port", str(free_port())])

    assert result.returncode == 2
    assert SEED_VPC in result.stderr
    assert str(path) in result.stderr


def test_a_bad_seed_file_does_not_start_a_server(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("vpcs: [unclosed\n", encoding="utf-8")
    port = free_port()

    result = run(["serve", "--seed", str(path), "--port", str(port)])

    assert result.returncode == 2
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/_mockelb/health", timeout=1)


@pytest.mark.parametrize("command", [MODULE, SCRIPT], ids=["python-m-mockelb", "mockelb-script"])
def test_no_command_exits_2(command: tuple[str, ...]) -> None:
    result = run([], command=command)

    assert result.returncode == 2
    assert "usage: mockelb" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", [MODULE, SCRIPT], ids=["python-m-mockelb", "mockelb-script"])
def test_version_prints_the_version(command: tuple[str, ...]) -> None:
    result = run(["--version"], command=command)

    assert result.returncode == 0
    assert result.stdout.strip() == f"mockelb {mockelb.__version__}"
    assert mockelb.__version__ != "0.0.0"


def test_help_lists_serve_and_exits_0() -> None:
    result = run(["serve", "--help"])

    assert result.returncode == 0
    for flag in ("--host", "--port", "--database-url", "--seed", "--no-demo"):
        assert flag in result.stdout
