"""The pytest plugin (registered by the pytest11 entry point): a real mockelb per session.

    def test_my_client(mockelb):            # a fresh state for every test
        client = mockelb.elb_client()
        with mockelb.fault(operation="batch_create_members", status=500):
            ...
        assert mockelb.requests(operation="batch_create_members")

By default the session starts its own server in a thread. With `--mockelb-url URL` (or
MOCKELB_URL) the fixtures use a mockelb that is already running instead, such as a
docker-compose service; `--mockelb-admin-token` (MOCKELB_ADMIN_TOKEN) is sent to its admin
API. Override `mockelb_settings` in your conftest.py to change storage or seed files of
the server the session starts.

This module is loaded by every pytest run in an environment where mockelb is installed,
so it imports the application only inside the fixtures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from mockelb.testing import MockElbClient, MockElbServer

if TYPE_CHECKING:
    from mockelb.config import Settings


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mockelb")
    group.addoption(
        "--mockelb-url",
        default=None,
        help="use the mockelb running at this URL instead of starting one (MOCKELB_URL)",
    )
    group.addoption(
        "--mockelb-admin-token",
        default=None,
        help="the admin token of that mockelb (MOCKELB_ADMIN_TOKEN)",
    )


@pytest.fixture(scope="session")
def mockelb_settings() -> Settings:
    """The settings of the session's server; override in your conftest.py."""
    from mockelb.config import Settings

    return Settings(database_url="sqlite://")


@pytest.fixture(scope="session")
def mockelb_server(
    request: pytest.FixtureRequest, mockelb_settings: Settings
) -> Iterator[MockElbClient]:
    """One mockelb for the whole test session: started here, or the one at --mockelb-url."""
    url = request.config.getoption("mockelb_url") or os.environ.get("MOCKELB_URL")
    if url:
        token = request.config.getoption("mockelb_admin_token") or os.environ.get(
            "MOCKELB_ADMIN_TOKEN"
        )
        yield MockElbClient(url, admin_token=token or None)
        return
    with MockElbServer(mockelb_settings) as server:
        yield server


@pytest.fixture
def mockelb(mockelb_server: MockElbClient) -> MockElbClient:
    """The session's mockelb, reset to its start-up data for this test (which also clears
    the request journal and the fault rules)."""
    mockelb_server.reset()
    return mockelb_server
