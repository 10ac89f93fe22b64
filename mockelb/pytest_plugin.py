"""The pytest plugin (registered by the pytest11 entry point): a real mockelb per session.

    def test_my_client(mockelb):            # a fresh state for every test
        client = make_elb_client(mockelb.url, mockelb.project_id)
        ...

Override `mockelb_settings` in your conftest.py to change storage or seed files.
This module is loaded by every pytest run in an environment where mockelb is installed,
so it imports the application only inside the fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from mockelb.testing import MockElbServer

if TYPE_CHECKING:
    from mockelb.config import Settings


@pytest.fixture(scope="session")
def mockelb_settings() -> Settings:
    """The settings of the session's server; override in your conftest.py."""
    from mockelb.config import Settings

    return Settings(database_url="sqlite://")


@pytest.fixture(scope="session")
def mockelb_server(mockelb_settings: Settings) -> Iterator[MockElbServer]:
    """One mockelb server for the whole test session."""
    with MockElbServer(mockelb_settings) as server:
        yield server


@pytest.fixture
def mockelb(mockelb_server: MockElbServer) -> MockElbServer:
    """The session's server, reset to its start-up data for this test."""
    mockelb_server.reset()
    return mockelb_server
