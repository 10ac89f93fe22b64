"""What one client may send: body and header sizes, timeouts, and disconnects.

Black-box against `mockelb serve` with small limits (raw sockets where the HTTP client would
hide what happens), plus in-process checks of the settings and the middleware. Every socket
has a timeout, every wait is bounded, and everything listens on 127.0.0.1 only.

* A body above --max-body-size gets 413 APIGW.0201 "Request entity too large." and the
  connection closes: at once for a Content-Length above the limit, as soon as the count
  passes it for a chunked body. A body at the limit is served.
* A request line plus headers above --max-header-size gets 494 APIGW.0201 (414 for the URI
  alone), a head not complete within --header-timeout is closed without an answer, a body
  that stops arriving for --body-timeout gets 408 APIGW.0201, and an idle connection is
  closed after --keep-alive-timeout.
* A client that goes away is no error of the server: nothing is logged above debug.
"""

from __future__ import annotations

import json
import pickle
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from mockelb import validation
from mockelb.app import create_app
from mockelb.cli import _settings_from, build_parser
from mockelb.config import Settings
from mockelb.db import Snapshot
from mockelb.server import ConnectionLimits, MockElbHttpProtocol, uvicorn_config
from mockelb.validation import INLINE_PARSE_LIMIT
from tests import demo
from tests.error_codes import GATEWAY_REQUEST_ERROR
from tests.sdk_checks import assert_error_response
from tests.serve import ServerProcess, clean_environment, free_port, run

# servers of their own, several processes or engines: the full run, not the developer loop
pytestmark = pytest.mark.slow

MAX_BODY = 200_000  # above INLINE_PARSE_LIMIT: a body near it is parsed in the thread pool
MAX_HEADER = 4096
TIMEOUT = 1.0  # --header-timeout, --body-timeout and --keep-alive-timeout
LIMITS = (
    f"--max-body-size={MAX_BODY}",
    f"--max-header-size={MAX_HEADER}",
    f"--header-timeout={TIMEOUT}",
    f"--body-timeout={TIMEOUT}",
    f"--keep-alive-timeout={TIMEOUT}",
)
# how long a refusal that should be immediate may take (a slow machine, not a timeout)
PROMPT = 3.0
# how late after its timeout a connection may be closed
SLACK = 3.0
SOCKET_TIMEOUT = 15.0

AUTH = {"X-Auth-Token": "test-token"}
BATCH_ADD = f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members/batch-add"
HEALTH = "/_mockelb/health"
MEMBER = {"address": "192.168.0.48", "protocol_port": 8080, "subnet_cidr_id": demo.SUBNET}


def batch_add_body(size: int) -> bytes:
    """A valid batch-add of one member, padded with JSON whitespace to `size` bytes."""
    body = json.dumps({"members": [MEMBER]}).encode()
    assert len(body) <= size
    return body + b" " * (size - len(body))


def pieces(body: bytes, size: int = 16384) -> Iterator[bytes]:
    """The body as a generator: httpx sends it chunked."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


# --- `mockelb serve` as a subprocess, its output kept ------------------------------------------


# --- raw HTTP/1.1 over a socket ------------------------------------------------------------


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def connect(server: ServerProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=SOCKET_TIMEOUT)


def head(method: str, path: str, *headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers, "", ""]
    return "\r\n".join(lines).encode()


def read_response(sock: socket.socket) -> RawResponse:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a response: {data!r}"
        data += chunk
    raw_head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = raw_head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed inside a response body"
        body += chunk
    return RawResponse(int(status_line.split()[1]), headers, body[:length])


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed the connection (waits at most the socket timeout)."""
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


def seconds_until_closed(sock: socket.socket) -> float:
    start = time.monotonic()
    assert closed_by_server(sock), "the server sent data instead of closing"
    return time.monotonic() - start


def assert_envelope(response: RawResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status == status, response
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error_msg", "error_code", "request_id"}, body
    assert body["error_code"] == code
    assert response.headers["x-request-id"] == body["request_id"]
    return body


def assert_healthy(server: ServerProcess) -> None:
    response = httpx.get(f"{server.url}{HEALTH}", timeout=PROMPT)
    assert response.status_code == 200


# --- the server ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """One `mockelb serve` with small limits for the module, on the suite's database."""
    with ServerProcess(*LIMITS) as running:
        yield running


@pytest.fixture
def limited_client(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=AUTH, timeout=SOCKET_TIMEOUT) as http:
        http.post("/_mockelb/reset")
        yield http


# --- request bodies --------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_at_the_limit_is_served(limited_client: httpx.Client, chunked: bool) -> None:
    body = batch_add_body(MAX_BODY)

    response = limited_client.post(BATCH_ADD, content=pieces(body) if chunked else body)

    assert response.status_code == 201, response.text
    assert response.json()["members"][0]["address"] == MEMBER["address"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_one_byte_over_the_limit_gets_413(
    limited_client: httpx.Client, chunked: bool
) -> None:
    body = batch_add_body(MAX_BODY + 1)

    response = limited_client.post(BATCH_ADD, content=pieces(body) if chunked else body)

    error = assert_error_response(response, 413, GATEWAY_REQUEST_ERROR)
    assert error["error_msg"] == "Request entity too large."
    assert response.headers["connection"] == "close"
    # nothing was written
    assert (
        limited_client.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}/members").json()["members"]
        == []
    )


@pytest.mark.parametrize("expect_continue", [False, True])
def test_a_content_length_over_the_limit_is_refused_before_the_body(
    server: ServerProcess, expect_continue: bool
) -> None:
    """Only the head is sent: the answer does not wait for a byte of the 108 MB."""
    extra = ("Expect: 100-continue",) if expect_continue else ()
    with connect(server) as sock:
        start = time.monotonic()
        sock.sendall(
            head("POST", BATCH_ADD, "X-Auth-Token: t", "Content-Length: 108000000", *extra)
        )
        response = read_response(sock)
        elapsed = time.monotonic() - start

        assert_envelope(response, 413, GATEWAY_REQUEST_ERROR)  # not "100 Continue"
        assert response.headers["connection"] == "close"
        assert elapsed < PROMPT
        assert closed_by_server(sock)


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(server: ServerProcess) -> None:
    """An endless chunked body: the 413 comes once the limit is passed, not at its end."""
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    sent = 0
    with connect(server) as sock:
        sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", "Transfer-Encoding: chunked"))
        start = time.monotonic()

        def send_forever() -> None:
            nonlocal sent
            try:
                while time.monotonic() - start < SOCKET_TIMEOUT:
                    sock.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the server closed the connection

        sender = threading.Thread(target=send_forever, daemon=True)
        sender.start()
        response = read_response(sock)
        elapsed = time.monotonic() - start
        sender.join(timeout=SOCKET_TIMEOUT)

        assert_envelope(response, 413, GATEWAY_REQUEST_ERROR)
        assert elapsed < PROMPT
        assert not sender.is_alive(), "the server kept reading the endless body"


def test_an_endless_body_to_a_route_that_ignores_it_ends_with_the_response(
    server: ServerProcess,
) -> None:
    """The health page reads no body: once it has answered, the connection ends rather than
    the server reading and dropping the body for as long as it comes."""
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    with connect(server) as sock:
        sock.sendall(head("GET", HEALTH, "Transfer-Encoding: chunked"))
        start = time.monotonic()

        def send_forever() -> None:
            try:
                while time.monotonic() - start < SOCKET_TIMEOUT:
                    sock.sendall(chunk)
            except OSError:
                pass  # the server closed the connection

        sender = threading.Thread(target=send_forever, daemon=True)
        sender.start()
        response = read_response(sock)
        sender.join(timeout=SOCKET_TIMEOUT)

        assert response.status == 200
        assert not sender.is_alive(), "the server kept reading the endless body"
        assert time.monotonic() - start < PROMPT


def test_a_stalled_body_gets_408_and_the_connection_closes(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", "Content-Length: 1000"))
        sock.sendall(b'{"members": [')
        start = time.monotonic()
        response = read_response(sock)
        elapsed = time.monotonic() - start

        error = assert_envelope(response, 408, GATEWAY_REQUEST_ERROR)
        assert error["error_msg"] == "Request timeout."
        assert response.headers["connection"] == "close"
        assert TIMEOUT * 0.8 < elapsed < TIMEOUT + SLACK
        assert closed_by_server(sock)


def test_a_stalled_chunked_body_gets_408(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", "Transfer-Encoding: chunked"))
        sock.sendall(b'5\r\n{"mem\r\n')
        assert_envelope(read_response(sock), 408, GATEWAY_REQUEST_ERROR)
        assert closed_by_server(sock)


def test_a_slow_body_that_keeps_coming_is_served(server: ServerProcess) -> None:
    """The body timeout is per read: pauses shorter than it do not matter."""
    body = batch_add_body(1000)
    with connect(server) as sock:
        sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", f"Content-Length: {len(body)}"))
        for part in (body[:300], body[300:600], body[600:]):
            time.sleep(TIMEOUT / 2)
            sock.sendall(part)
        assert read_response(sock).status == 201


def test_the_server_keeps_serving_while_bodies_are_refused_or_stall(server: ServerProcess) -> None:
    """Oversized bodies sent in a loop and stalled bodies do not hold other clients."""
    stop = threading.Event()

    def oversized_forever() -> None:
        body = batch_add_body(MAX_BODY * 20)
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=SOCKET_TIMEOUT) as http:
            while not stop.is_set():
                assert http.post(BATCH_ADD, content=pieces(body, 65536)).status_code == 413

    stalled = [connect(server) for _ in range(5)]
    for sock in stalled:
        sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", "Content-Length: 100000"))
        sock.sendall(b"{")
    flooder = threading.Thread(target=oversized_forever, daemon=True)
    flooder.start()
    try:
        with httpx.Client(base_url=server.url, timeout=PROMPT) as http:
            for _ in range(20):
                assert http.get(HEALTH).status_code == 200
                time.sleep(0.02)
    finally:
        stop.set()
        flooder.join(timeout=SOCKET_TIMEOUT)
        for sock in stalled:
            sock.close()
    assert not flooder.is_alive()


def test_large_bodies_are_parsed_in_the_thread_pool(
    demo_snapshot: Snapshot, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing a large body must not hold the event loop; a small one is parsed inline."""
    handed_over: list[int] = []
    real = validation.run_in_threadpool

    async def spy(function: Any, *args: Any) -> Any:
        handed_over.append(len(args[1]))
        return await real(function, *args)

    monkeypatch.setattr(validation, "run_in_threadpool", spy)
    app = create_app(Settings(database_url=database_url), snapshot=demo_snapshot)
    with TestClient(app, headers=AUTH) as http:
        assert http.post(BATCH_ADD, content=batch_add_body(1000)).status_code == 201
        assert handed_over == []
        large = batch_add_body(INLINE_PARSE_LIMIT + 1)
        assert http.post(BATCH_ADD, content=large).status_code == 201
        assert handed_over == [len(large)]


def test_the_limit_applies_in_process_too(demo_snapshot: Snapshot, database_url: str) -> None:
    """The middleware is part of the app: MockElbServer and TestClient get it as well."""
    settings = Settings(database_url=database_url, max_body_size=1000)
    app = create_app(settings, snapshot=demo_snapshot)
    with TestClient(app, headers=AUTH) as http:
        assert http.post(BATCH_ADD, content=batch_add_body(1000)).status_code == 201
        response = http.post(BATCH_ADD, content=batch_add_body(1001))
        assert_error_response(response, 413, GATEWAY_REQUEST_ERROR)
        response = http.post(BATCH_ADD, content=pieces(batch_add_body(1001), 100))
        assert_error_response(response, 413, GATEWAY_REQUEST_ERROR)


# --- request heads -----------------------------------------------------------------------------


def padded_head(size: int) -> bytes:
    """A GET of the health page whose request line and headers are `size` bytes."""
    bare = head("GET", HEALTH, "X-Padding: ")
    assert len(bare) <= size
    return head("GET", HEALTH, "X-Padding: " + "p" * (size - len(bare)))


def test_a_head_at_the_limit_is_served(server: ServerProcess) -> None:
    request = padded_head(MAX_HEADER)
    assert len(request) == MAX_HEADER
    with connect(server) as sock:
        sock.sendall(request)
        assert read_response(sock).status == 200


def test_a_head_over_the_limit_gets_494_and_the_connection_closes(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(padded_head(MAX_HEADER + 1))
        response = read_response(sock)

        error = assert_envelope(response, 494, GATEWAY_REQUEST_ERROR)
        assert error["error_msg"] == "Request headers too large."
        assert response.headers["connection"] == "close"
        assert closed_by_server(sock)


def test_a_huge_header_is_refused_without_being_read(server: ServerProcess) -> None:
    """A 10 MB header value: the answer comes after the first MAX_HEADER bytes."""
    with connect(server) as sock:
        sock.sendall(head("GET", HEALTH)[:-2] + b"X-Huge: ")
        try:
            for _ in range(160):
                sock.sendall(b"h" * 65536)
        except OSError:
            pass  # closed by the server, as it should be
        assert_envelope(read_response(sock), 494, GATEWAY_REQUEST_ERROR)


def test_a_uri_over_the_limit_gets_414(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(head("GET", "/" + "u" * MAX_HEADER))
        error = assert_envelope(read_response(sock), 414, GATEWAY_REQUEST_ERROR)
        assert error["error_msg"] == "Request URI too large."
        assert closed_by_server(sock)


def test_a_head_the_parser_refuses_gets_400_in_the_envelope(server: ServerProcess) -> None:
    """A NUL in a header value: uvicorn's plain-text 400 becomes the gateway's."""
    with connect(server) as sock:
        sock.sendall(head("GET", HEALTH, "X-Auth-Token: a\x00b"))
        error = assert_envelope(read_response(sock), 400, GATEWAY_REQUEST_ERROR)
        assert error["error_msg"] == "API request error."
        assert closed_by_server(sock)


def test_a_half_sent_head_is_closed_after_the_header_timeout(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /_mockelb/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        elapsed = seconds_until_closed(sock)
    assert TIMEOUT * 0.8 < elapsed < TIMEOUT + SLACK


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(
    server: ServerProcess,
) -> None:
    with connect(server) as sock:
        elapsed = seconds_until_closed(sock)
    assert TIMEOUT * 0.8 < elapsed < TIMEOUT + SLACK


def test_a_head_trickled_byte_by_byte_is_closed_in_time(server: ServerProcess) -> None:
    """Sending keeps nothing alive: the timeout counts from the first byte of the request."""
    request = padded_head(200)
    with connect(server) as sock:
        start = time.monotonic()
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                time.sleep(0.05)
                if time.monotonic() - start > TIMEOUT + SLACK:
                    break
        except OSError:
            pass
        assert closed_by_server(sock)
        assert time.monotonic() - start < TIMEOUT + SLACK


def test_a_head_sent_in_parts_within_the_timeout_is_served(server: ServerProcess) -> None:
    request = head("GET", HEALTH)
    with connect(server) as sock:
        sock.sendall(request[:10])
        time.sleep(TIMEOUT / 2)
        sock.sendall(request[10:])
        assert read_response(sock).status == 200


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(head("GET", HEALTH))
        assert read_response(sock).status == 200
        elapsed = seconds_until_closed(sock)
    assert TIMEOUT * 0.8 < elapsed < TIMEOUT + SLACK


def test_blank_lines_between_requests_keep_no_connection_alive(server: ServerProcess) -> None:
    with connect(server) as sock:
        sock.sendall(head("GET", HEALTH))
        assert read_response(sock).status == 200
        start = time.monotonic()
        try:
            while time.monotonic() - start < TIMEOUT * 2 + SLACK:
                sock.sendall(b"\r\n")
                time.sleep(TIMEOUT / 4)
        except OSError:
            pass
        assert closed_by_server(sock)
        assert time.monotonic() - start < TIMEOUT * 2 + SLACK


def test_requests_on_one_connection_each_get_the_header_timeout(server: ServerProcess) -> None:
    """A long-lived connection is fine as long as each request's head comes in time."""
    with connect(server) as sock:
        for _ in range(3):
            sock.sendall(head("GET", HEALTH))
            assert read_response(sock).status == 200
            time.sleep(TIMEOUT / 2)


# --- client disconnects ------------------------------------------------------------------------


def test_clients_that_disconnect_are_not_server_errors(server: ServerProcess) -> None:
    """Requests abandoned at every stage, closed normally and with a reset: no traceback,
    no "unexpected error", and the server goes on serving."""
    members = [
        {**MEMBER, "address": f"192.168.0.{200 + index}", "protocol_port": 9000 + index}
        for index in range(50)
    ]
    full = json.dumps({"members": members}).encode()
    large = batch_add_body(MAX_BODY)
    requests = [
        # the head and part of the body
        head("POST", BATCH_ADD, "X-Auth-Token: t", "Content-Length: 1000") + b'{"mem',
        # part of a large body (read in several parts)
        head("POST", BATCH_ADD, "X-Auth-Token: t", f"Content-Length: {len(large)}")
        + large[: len(large) // 2],
        # part of a chunked body
        head("POST", BATCH_ADD, "X-Auth-Token: t", "Transfer-Encoding: chunked")
        + b'10\r\n{"members": [  \r\n',
        # whole requests, abandoned while they run
        head("POST", BATCH_ADD, "X-Auth-Token: t", f"Content-Length: {len(full)}") + full,
        head("POST", BATCH_ADD, "X-Auth-Token: t", f"Content-Length: {len(large)}") + large,
        head("GET", f"/v3/{demo.PROJECT}/elb/members", "X-Auth-Token: t"),
        head("POST", "/_mockelb/reset", "Content-Length: 0"),
        # half a head
        b"GET /_mockelb/health HTTP/1.1\r\nHo",
    ]
    for reset in (False, True):
        for delay in (0.0, 0.005, 0.05):
            for request in requests:
                sock = connect(server)
                if reset:  # close with RST instead of FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                sock.sendall(request)
                time.sleep(delay)
                sock.close()
    time.sleep(0.5)  # let the abandoned requests finish

    assert_healthy(server)
    output = server.output()
    for sign in ("Traceback", "unexpected error", "ERROR", "Exception in ASGI application"):
        assert sign not in output, output[-3000:]


# --- settings, flags and variables -----------------------------------------------------------


def test_the_defaults() -> None:
    settings = Settings()
    assert settings.max_body_size == 4 * 1024 * 1024
    assert settings.max_header_size == 64 * 1024
    assert settings.header_timeout == 10
    assert settings.body_timeout == 10
    assert settings.keep_alive_timeout == 5


def test_the_flags_set_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("MAX_BODY_SIZE", "MAX_HEADER_SIZE", "HEADER_TIMEOUT", "BODY_TIMEOUT"):
        monkeypatch.delenv(f"MOCKELB_{key}", raising=False)
    monkeypatch.delenv("MOCKELB_KEEP_ALIVE_TIMEOUT", raising=False)
    args = build_parser().parse_args(["serve", *LIMITS])
    settings = _settings_from(args)
    assert (settings.max_body_size, settings.max_header_size) == (MAX_BODY, MAX_HEADER)
    assert settings.header_timeout == settings.body_timeout == TIMEOUT
    assert settings.keep_alive_timeout == TIMEOUT


def test_the_variables_set_the_limits_and_the_flags_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKELB_MAX_BODY_SIZE", "1234")
    monkeypatch.setenv("MOCKELB_MAX_HEADER_SIZE", "2048")
    monkeypatch.setenv("MOCKELB_HEADER_TIMEOUT", "2.5")
    monkeypatch.setenv("MOCKELB_BODY_TIMEOUT", "3")
    monkeypatch.setenv("MOCKELB_KEEP_ALIVE_TIMEOUT", "7")
    settings = _settings_from(build_parser().parse_args(["serve", "--header-timeout", "4"]))
    assert settings.max_body_size == 1234
    assert settings.max_header_size == 2048
    assert settings.header_timeout == 4
    assert settings.body_timeout == 3
    assert settings.keep_alive_timeout == 7


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--max-body-size", "big"], {}, "--max-body-size"),
        (["--max-body-size", "0"], {}, "--max-body-size"),
        ([], {"MOCKELB_MAX_BODY_SIZE": "12MB"}, "MOCKELB_MAX_BODY_SIZE"),
        (["--max-header-size", "100"], {}, "--max-header-size"),
        (["--header-timeout", "0"], {}, "--header-timeout"),
        ([], {"MOCKELB_HEADER_TIMEOUT": "soon"}, "MOCKELB_HEADER_TIMEOUT"),
        (["--body-timeout", "-1"], {}, "--body-timeout"),
        ([], {"MOCKELB_KEEP_ALIVE_TIMEOUT": "0"}, "MOCKELB_KEEP_ALIVE_TIMEOUT"),
    ],
)
def test_a_bad_limit_is_one_line_naming_it(
    args: list[str], env: dict[str, str], named: str
) -> None:
    result = run(["serve", "--port", str(free_port()), *args], env=clean_environment(**env))

    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mockelb: error:")
    assert named in lines[0]


def test_uvicorn_gets_the_protocol_in_a_form_workers_can_unpickle() -> None:
    settings = Settings(workers=2, database_url="sqlite:///x.db", header_timeout=2.5)
    config = uvicorn_config(None, settings)

    protocol = pickle.loads(pickle.dumps(config.http))
    assert protocol.func is MockElbHttpProtocol
    assert protocol.keywords == {
        "limits": ConnectionLimits(max_header_size=64 * 1024, header_timeout=2.5)
    }
    assert config.timeout_keep_alive == settings.keep_alive_timeout


def test_the_limits_hold_in_worker_processes(tmp_path: Path) -> None:
    args = ("--workers", "2", "--database-url", f"sqlite:///{tmp_path}/w.db", *LIMITS)
    with ServerProcess(*args) as workers:
        with connect(workers) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n")
            assert seconds_until_closed(sock) < TIMEOUT + SLACK
        with connect(workers) as sock:
            sock.sendall(padded_head(MAX_HEADER + 1))
            assert_envelope(read_response(sock), 494, GATEWAY_REQUEST_ERROR)
        with connect(workers) as sock:
            sock.sendall(head("POST", BATCH_ADD, "X-Auth-Token: t", "Content-Length: 999999"))
            assert_envelope(read_response(sock), 413, GATEWAY_REQUEST_ERROR)
