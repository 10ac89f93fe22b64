"""Test helpers: MockElbServer (a real server in a thread), MockElbClient (the admin API of
any mockelb, such as a compose service) and the official SDK clients.

    with MockElbServer() as server:
        client = make_elb_client(server.url, server.project_id)
        with server.fault(operation="batch_create_members", status=500):
            ...
        assert server.requests(operation="batch_create_members")

Works with any test runner (or none); the pytest fixtures are in mockelb.pytest_plugin.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

    from mockelb.config import Settings
    from mockelb.db import Database
    from mockelb.prober import MemberProber

DEMO_PROJECT_ID = "04dd36f964000fe22f9ac00bc85b1a1d"
ADMIN_TIMEOUT = 30.0


class MockElbAdminError(Exception):
    """The admin API refused a call: its HTTP status and the cloud-shaped error body."""

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body
        message = body.get("error_msg") if isinstance(body, dict) else body
        super().__init__(f"mockelb admin API answered {status}: {message}")


class MockElbClient:
    """The /_mockelb admin API of a running mockelb: reset, state, the request journal,
    fault rules and member health. Give it the URL of any mockelb (a compose service, a
    `mockelb serve` on a laptop); MockElbServer is one that also runs the server."""

    def __init__(
        self,
        url: str,
        *,
        admin_token: str | None = None,
        project_id: str = DEMO_PROJECT_ID,
    ) -> None:
        self._url = url.rstrip("/")
        self.admin_token = admin_token
        self.project_id = project_id

    @property
    def url(self) -> str:
        return self._url

    def admin(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        query: Mapping[str, object] | None = None,
    ) -> Any:
        """Call /_mockelb/<path>; its JSON body (None for a 204). MockElbAdminError on an
        error answer."""
        url = f"{self.url}/_mockelb/{path}"
        wanted = {key: value for key, value in (query or {}).items() if value is not None}
        if wanted:
            url += "?" + urllib.parse.urlencode(wanted)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.admin_token is not None:
            request.add_header("X-Admin-Token", self.admin_token)
        try:
            with urllib.request.urlopen(request, timeout=ADMIN_TIMEOUT) as response:
                content = response.read()
        except urllib.error.HTTPError as exc:
            content = exc.read()
            try:
                detail = json.loads(content)
            except ValueError:
                detail = content.decode("utf-8", errors="replace")
            raise MockElbAdminError(exc.code, detail) from None
        return json.loads(content) if content else None

    # -- state -----------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        body: dict[str, Any] = self.admin("GET", "health")
        return body

    def reset(self, project_id: str | None = None) -> None:
        """Back to the start-up data (of one project, or of all, with the journal and the
        fault rules cleared)."""
        self.admin("POST", "reset", query={"project_id": project_id})

    def state(self, project_id: str | None = None) -> dict[str, Any]:
        """Every resource (of one project) as a seed document."""
        body: dict[str, Any] = self.admin("GET", "state", query={"project_id": project_id})
        return body

    def load_state(self, document: Mapping[str, Any]) -> Any:
        """Load a seed document on top of the current state (all or nothing)."""
        return self.admin("POST", "state", dict(document))

    # -- the request journal ---------------------------------------------------------

    def requests(self, **filters: object) -> list[dict[str, Any]]:
        """Journalled API requests, oldest first. Filters: operation, method, status,
        project_id, since (ISO time), limit (the most recent N)."""
        records: list[dict[str, Any]] = self.admin("GET", "requests", query=filters)["requests"]
        return records

    def request_count(self, **filters: object) -> int:
        count: int = self.admin("GET", "requests", query={**filters, "limit": 0})["count"]
        return count

    def clear_requests(self) -> None:
        self.admin("DELETE", "requests")

    # -- fault rules -----------------------------------------------------------------

    def add_fault(self, **rule: object) -> dict[str, Any]:
        """Add a fault rule (see the admin API: operation or method + path, status /
        error_code / error_msg, delay_ms, drop_connection, times, probability)."""
        fault: dict[str, Any] = self.admin("POST", "faults", rule)["fault"]
        return fault

    @contextmanager
    def fault(self, **rule: object) -> Iterator[dict[str, Any]]:
        """A fault rule for the duration of a `with` block."""
        fault = self.add_fault(**rule)
        try:
            yield fault
        finally:
            self.remove_fault(fault["id"], missing_ok=True)

    def faults(self) -> list[dict[str, Any]]:
        faults: list[dict[str, Any]] = self.admin("GET", "faults")["faults"]
        return faults

    def remove_fault(self, fault_id: str, *, missing_ok: bool = False) -> None:
        """Remove one rule; with missing_ok, one already gone (its `times` spent) is fine."""
        try:
            self.admin("DELETE", f"faults/{urllib.parse.quote(fault_id, safe='')}")
        except MockElbAdminError as exc:
            if not (missing_ok and exc.status == 404):
                raise

    def clear_faults(self) -> None:
        self.admin("DELETE", "faults")

    # -- member health ---------------------------------------------------------------

    def set_member_health(
        self,
        member_id: str,
        operating_status: str,
        *,
        listener_id: str | None = None,
        reason: Mapping[str, Any] | None = None,
    ) -> Any:
        """Force the member's operating_status (on one listener, or on all) and reason."""
        body: dict[str, Any] = {"operating_status": operating_status}
        if listener_id is not None:
            body["listener_id"] = listener_id
        if reason is not None:
            body["reason"] = dict(reason)
        return self.admin("PUT", f"members/{urllib.parse.quote(member_id, safe='')}/health", body)

    # -- SDK clients -----------------------------------------------------------------

    def elb_client(self, project_id: str | None = None, **credentials: str) -> Any:
        """An official ElbClient for this server (the demo project unless told otherwise;
        access_key= and secret_key= for a server in --auth strict with other credentials)."""
        return make_elb_client(self.url, project_id or self.project_id, **credentials)

    def vpc_client(self, project_id: str | None = None, **credentials: str) -> Any:
        return make_vpc_client(self.url, project_id or self.project_id, **credentials)


class MockElbServer(MockElbClient):
    """mockelb on a free loopback port, served by uvicorn in a daemon thread, with the
    admin API of MockElbClient."""

    def __init__(self, settings: Settings | None = None, *, start_timeout: float = 10.0) -> None:
        from mockelb.config import Settings

        self.settings = settings or Settings()
        super().__init__("", admin_token=self.settings.admin_token)
        self.start_timeout = start_timeout
        self.host = "127.0.0.1"
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._database: Database | None = None
        self._prober: MemberProber | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        import uvicorn

        from mockelb.app import create_app
        from mockelb.server import uvicorn_config

        app = create_app(self.settings)
        self._database = app.state.database
        self._prober = app.state.prober
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
        if self._prober is not None:
            self._prober.stop()
        if self._database is not None:
            self._database.dispose()  # its connections, or its SQLite file
        self._server = self._thread = self._database = self._prober = None

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
