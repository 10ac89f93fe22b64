"""Shared fixtures: one real mockelb server per session (reset per test), SDK clients,
a raw HTTP client, and a fast in-process client for each test's own fresh app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mockelb.app import create_app
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.seed import snapshot_for
from mockelb.testing import MockElbServer, make_elb_client, make_vpc_client

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
AUTH = {"X-Auth-Token": "test-token"}


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
def app_client(demo_snapshot: Snapshot) -> Iterator[TestClient]:
    """A fresh in-process app with the demo data (no network), with a token."""
    app = create_app(Settings(), snapshot=demo_snapshot)
    with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
        yield client
