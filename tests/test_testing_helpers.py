"""mockelb.testing works without pytest; the pytest plugin is a module of its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests import databases


@pytest.mark.slow
def test_mock_elb_server_runs_where_pytest_is_not_installed() -> None:
    script = textwrap.dedent(
        """
        import json, sys, urllib.request
        sys.modules["pytest"] = None  # importing pytest now fails, as if not installed
        from mockelb.config import Settings
        from mockelb.testing import MockElbServer, make_elb_client
        with MockElbServer(Settings(database_url=sys.argv[1])) as server:
            with urllib.request.urlopen(server.url + "/_mockelb/health", timeout=10) as r:
                print(json.load(r)["status"], server.port > 0)
            server.reset()
        """
    )
    url = databases.fresh_database_url()
    try:
        result = subprocess.run(
            [sys.executable, "-c", script, url], capture_output=True, text=True, timeout=120
        )
    finally:
        databases.release(url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "True"]
    assert "pytest" not in result.stderr


def test_the_pytest_plugin_is_registered_under_its_own_module() -> None:
    from importlib.metadata import entry_points

    (plugin,) = [e for e in entry_points(group="pytest11") if e.name == "mockelb"]
    assert plugin.value == "mockelb.pytest_plugin"
    module = plugin.load()
    assert {"mockelb", "mockelb_server", "mockelb_settings"} <= set(vars(module))
