"""Test helpers: MockElbServer (a real server in a thread) and the official SDK clients.

    with MockElbServer() as server:
        client = make_elb_client(server.url, server.project_id)
        ...

Works with any test runner (or none); the pytest fixtures are in mockelb.pytest_plugin.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

    from mockelb.config import Settings
    from mockelb.db import Database

DEMO_PROJECT_ID = "04dd36f964000fe22f9ac00bc85b1a1d"


class MockElbServer:
    """mockelb on a free loopback port, served by uvicorn in a daemon thread."""

    def __init__(self, settings: Settings | None = None, *, start_timeout: float = 10.0) -> None:
        from mockelb.config import Settings

        self.settings = settings or Settings()
        self.start_timeout = start_timeout
        self.project_id = DEMO_PROJECT_ID
        self.host = "127.0.0.1"
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._database: Database | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        import uvicorn

        from mockelb.app import create_app
        from mockelb.server import uvicorn_config

        app = create_app(self.settings)
        self._database = app.state.database
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        # one process, quiet: the server shares the test's process and output
        settings = self.settings.model_copy(update={"workers": 1, "log_level": "warning"})
        self._server = uvicorn.Server(uvicorn_config(app, settings))
        server = self._server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="mockelb", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self.start_timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("mockelb did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._database is not None:
            self._database.dispose()  # its connections, or its SQLite file
        self._server = self._thread = self._database = None

    def admin(self, method: str, path: str) -> dict[str, Any]:
        """Call the /_mockelb admin API and return its JSON body."""
        request = urllib.request.Request(f"{self.url}/_mockelb/{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body: dict[str, Any] = json.loads(response.read())
            return body

    def reset(self) -> None:
        """Back to the start-up data."""
        self.admin("POST", "reset")

    def __enter__(self) -> MockElbServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _sdk_client(client_class: Any, url: str, project_id: str, ak: str, sk: str) -> Any:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig

    return (
        client_class.new_builder()
        .with_credentials(BasicCredentials(ak, sk, project_id))
        .with_endpoints([url])
        .with_http_config(HttpConfig(timeout=(5, 30)))
        .build()
    )


def make_elb_client(
    url: str,
    project_id: str = DEMO_PROJECT_ID,
    *,
    access_key: str = "MOCKELBACCESSKEY0001",
    secret_key: str = "mockelb-secret-key",
) -> Any:
    """An official huaweicloudsdkelb v3 ElbClient pointed at a mockelb URL."""
    from huaweicloudsdkelb.v3 import ElbClient

    return _sdk_client(ElbClient, url, project_id, access_key, secret_key)


def make_vpc_client(
    url: str,
    project_id: str = DEMO_PROJECT_ID,
    *,
    access_key: str = "MOCKELBACCESSKEY0001",
    secret_key: str = "mockelb-secret-key",
) -> Any:
    """An official huaweicloudsdkvpc v2 VpcClient (which serves the v1 subnet API)."""
    from huaweicloudsdkvpc.v2 import VpcClient

    return _sdk_client(VpcClient, url, project_id, access_key, secret_key)
