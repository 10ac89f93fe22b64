"""Shared fixtures: one real mockelb server per session (reset per test), SDK clients,
a raw HTTP client, and a fast in-process client for each test's own fresh app.

The database engine: `--database-url URL` or MOCKELB_TEST_DATABASE_URL (default SQLite in
memory); see tests/databases.py. Mark a test `sqlite_only` or `postgres` when it is about
one engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.seed import snapshot_for
from mockelb.testing import MockElbServer, make_elb_client, make_vpc_client
from tests import databases

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
AUTH = {"X-Auth-Token": "test-token"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-url",
        default=None,
        help=(
            "SQLAlchemy URL of the database every app of the suite uses (sqlite:// or "
            f"postgresql+psycopg://...); default ${databases.ENVIRONMENT_VARIABLE} or sqlite://"
        ),
    )


def pytest_configure(config: pytest.Config) -> None:
    databases.configure(databases.url_of_option(config))


def pytest_sessionfinish(session: pytest.Session) -> None:
    databases.drop_all()


def pytest_report_header(config: pytest.Config) -> str:
    return f"mockelb test database: {databases.describe()}"


# how many of a module's tests the developer loop (-m "not slow") runs
LOOP_TESTS_PER_MODULE = 8

# fixtures that put a test on a real server through the official SDK
SDK_FIXTURES = frozenset({"elb", "vpc", "mockelb"})


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark SDK tests `sdk`; skip the other engine's tests, and `docker` and `schemathesis`
    tests unless the marker expression selects them (`-m docker`, `-m schemathesis`).

    A parametrized test keeps its first case in the developer loop (`-m "not slow"`): the
    other cases are `slow`, so the loop checks each behaviour once and the full run checks
    every case. Each module then keeps its first LOOP_TESTS_PER_MODULE tests in the loop
    (in file order, its basic cases first): with 119 operations the loop would otherwise
    outgrow its minute. tests/test_every_operation.py still calls every operation in it.
    """
    other = "sqlite_only" if databases.is_postgresql() else "postgres"
    skip_engine = pytest.mark.skip(reason=f"{other}: the suite runs on {databases.storage()}")
    markexpr = config.getoption("markexpr") or ""
    docker_selected = "docker" in markexpr
    skip_docker = pytest.mark.skip(reason="docker: runs only when selected (-m docker)")
    schemathesis_selected = "schemathesis" in markexpr
    skip_schemathesis = pytest.mark.skip(
        reason="schemathesis: runs only when selected (-m schemathesis)"
    )
    first_cases: set[tuple[str, str]] = set()
    in_loop: dict[str, int] = {}
    for item in items:
        if SDK_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.sdk)
        if item.get_closest_marker(other) is not None:
            item.add_marker(skip_engine)
        if item.get_closest_marker("docker") is not None and not docker_selected:
            item.add_marker(skip_docker)
        if item.get_closest_marker("schemathesis") is not None and not schemathesis_selected:
            item.add_marker(skip_schemathesis)
        if isinstance(item, pytest.Function) and hasattr(item, "callspec"):
            test = (item.nodeid.split("::")[0], item.originalname)
            if test in first_cases:
                item.add_marker(pytest.mark.slow)
                item.add_marker(pytest.mark.extra_case)
            first_cases.add(test)
        if item.get_closest_marker("slow") is None:
            module = item.nodeid.split("::")[0]
            in_loop[module] = in_loop.get(module, 0) + 1
            if in_loop[module] > LOOP_TESTS_PER_MODULE:
                item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def mockelb_settings() -> Iterator[Settings]:
    """The session server's settings: a database of its own on the suite's engine."""
    with databases.fresh_database() as url:
        yield Settings(database_url=url)


@pytest.fixture
def database_url() -> Iterator[str]:
    """A new, empty database on the suite's engine for this test's own app or server."""
    url = databases.fresh_database_url()
    yield url
    databases.release(url)


@pytest.fixture
def persistent_database_url(tmp_path: Path) -> Iterator[str]:
    """A new database on the suite's engine that outlives a server: a SQLite file in
    tmp_path on SQLite."""
    url = databases.persistent_database_url(tmp_path)
    yield url
    databases.release(url)


@pytest.fixture
def elb(mockelb: MockElbServer) -> Any:
    """The official ElbClient against a freshly reset server."""
    return make_elb_client(mockelb.url, PROJECT)


@pytest.fixture
def vpc(mockelb: MockElbServer) -> Any:
    """The official VpcClient against a freshly reset server."""
    return make_vpc_client(mockelb.url, PROJECT)


@pytest.fixture
def http(mockelb: MockElbServer) -> Iterator[httpx.Client]:
    """Raw HTTP with a token, against a freshly reset server."""
    with httpx.Client(base_url=mockelb.url, headers=AUTH, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def demo_snapshot() -> Snapshot:
    return snapshot_for([], demo=True)


@pytest.fixture
def app_client(demo_snapshot: Snapshot, database_url: str) -> Iterator[TestClient]:
    """A fresh in-process app with the demo data (no network), with a token."""
    app = create_app(Settings(database_url=database_url), snapshot=demo_snapshot)
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        yield client
