"""ASGI middleware: every request gets an id, and every response carries it; request bodies
are bounded in size and in time; the test harness journals requests and injects faults."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import orjson
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockelb.errors import (
    InternalError,
    RequestEntityTooLarge,
    RequestTimeout,
    envelope_response,
    error_response,
)
from mockelb.ids import new_request_id
from mockelb.journal import JournalEntry
from mockelb.operations import ADMIN_PREFIX, Operation

if TYPE_CHECKING:
    from mockelb.config import Settings
    from mockelb.faults import Fault
    from mockelb.harness import Harness


class RequestIdMiddleware:
    """Give each HTTP request a 32-hex id in request.state and the X-Request-Id header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # under --id-seed the admin calls (health polls…) draw from a sequence of their own
        request_id = new_request_id(admin=scope["path"].startswith(ADMIN_PREFIX))
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "x-request-id" not in headers:
                    headers["X-Request-Id"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


def _body_framing(headers: list[tuple[bytes, bytes]]) -> tuple[int | None, bool]:
    """The request's Content-Length (None if absent or unreadable) and whether it is chunked."""
    length: int | None = None
    chunked = False
    for name, value in headers:
        name = name.lower()
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding":
            chunked = True
    return length, chunked


class BodyLimitMiddleware:
    """Refuse request bodies above max_body_size (413) and bodies that stall (408), without
    ever holding more than the limit.

    A declared Content-Length above the limit is refused before a byte of the body is read
    (a client that sent `Expect: 100-continue` is never asked for it). Otherwise the body
    is counted as the application reads it, and the read that crosses the limit raises
    RequestEntityTooLarge, which the application renders like any other error. Each wait
    for the next part of a body lasts at most body_timeout seconds (RequestTimeout). Both
    answers close the connection: the rest of the body is never read.

    A request without a body passes straight through.
    """

    def __init__(self, app: ASGIApp, *, max_body_size: int, body_timeout: float) -> None:
        self.app = app
        self.max_body_size = max_body_size
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length, chunked = _body_framing(scope["headers"])
        if not chunked and not length:
            await self.app(scope, receive, send)
            return
        if length is not None and length > self.max_body_size:
            await self._refuse(scope, receive, send)
            return

        max_body_size = self.max_body_size
        body_timeout = self.body_timeout
        received = 0
        body_done = False
        close = False

        async def limited_receive() -> Message:
            nonlocal received, body_done, close
            if body_done:
                return await receive()
            try:
                async with asyncio.timeout(body_timeout):
                    message = await receive()
            except TimeoutError:
                close = True
                raise RequestTimeout() from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body_size:
                    close = True
                    raise RequestEntityTooLarge()
                body_done = not message.get("more_body", False)
            return message

        async def send_closing(message: Message) -> None:
            if close and message["type"] == "http.response.start":
                # the unread rest of the body makes the connection unusable
                MutableHeaders(scope=message)["Connection"] = "close"
            await send(message)

        await self.app(scope, limited_receive, send_closing)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id: str | None = scope.get("state", {}).get("request_id")
        response = error_response(RequestEntityTooLarge(), request_id or new_request_id())
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


# the ASGI extension through which the server lets a fault rule drop a connection
DROP_CONNECTION = "mockelb.drop_connection"
# how much of an error answer's body is read for its error_code
_ERROR_BODY_LIMIT = 64 * 1024


class _Exchange:
    """What the journal keeps of one request: its body as read (up to a limit), and the
    status and error code of its answer."""

    def __init__(self, body_limit: int) -> None:
        self.body_limit = body_limit
        self.body = bytearray()
        self.truncated = False
        self.status: int | None = None
        self.error_body = bytearray()

    def keep_body(self, chunk: bytes) -> None:
        room = self.body_limit - len(self.body)
        if len(chunk) > room:
            self.truncated = True
            chunk = chunk[: max(room, 0)]
        self.body += chunk

    def keep_answer(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif self.status is not None and self.status >= 400:
            room = _ERROR_BODY_LIMIT - len(self.error_body)
            self.error_body += message.get("body", b"")[: max(room, 0)]

    @property
    def error_code(self) -> str | None:
        if not self.error_body:
            return None
        try:
            document = orjson.loads(bytes(self.error_body))
        except orjson.JSONDecodeError:
            return None
        code = document.get("error_code") if isinstance(document, dict) else None
        return code if isinstance(code, str) else None


class HarnessMiddleware:
    """Names each API request's operation, applies the fault rules and writes the journal.

    The admin namespace passes straight through (admin calls are not journalled). A fault
    rule that fires is applied before the request reaches the API: its delay is slept here,
    holding no database connection or lock, and an error or a dropped connection answers
    without the API running, so nothing is written. The journal record of a request is
    written before the last part of its answer is sent, so a client that reads the
    journal right after an answer finds the request in it.
    """

    def __init__(self, app: ASGIApp, *, harness: Harness, settings: Settings) -> None:
        self.app = app
        self.harness = harness
        self.max_body_size = settings.max_body_size
        self.body_timeout = settings.body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        harness = self.harness
        if (
            scope["type"] != "http"
            or scope["path"].startswith(ADMIN_PREFIX)
            or (not harness.journal.enabled and harness.faults.surely_empty)
        ):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        arrived_us = time.time_ns() // 1000
        method: str = scope["method"]
        path: str = scope["path"]
        operation = harness.operations.resolve(method, path)
        fault = None
        if not harness.faults.surely_empty:
            fault = await harness.run(
                harness.faults.pick, method, path, operation.name, operation.project_id
            )
        exchange = _Exchange(harness.journal.body_limit)

        async def record() -> None:
            if harness.journal.enabled:
                entry = self._entry(scope, operation, exchange, arrived_us, started)
                if not harness.journal.add(entry):
                    await harness.run(harness.journal.record, entry)

        if fault is not None and await self._apply_fault(
            fault, scope, receive, send, exchange, record
        ):
            return
        await self._pass_through(scope, receive, send, exchange, record)

    async def _apply_fault(
        self,
        fault: Fault,
        scope: Scope,
        receive: Receive,
        send: Send,
        exchange: _Exchange,
        record: Callable[[], Awaitable[None]],
    ) -> bool:
        """Sleep the rule's delay; answer its error or drop the connection. True when the
        rule answered (the API does not run)."""
        delay = fault.delay_seconds(self.harness.faults.random)
        if delay:
            await asyncio.sleep(delay)
        if fault.drops_connection:
            # the body is read first, for the journal (what the client sent)
            await self._read_body(receive, exchange)
            await record()
            await self._drop(scope)
            return True
        if fault.status is not None:
            await self._answer_fault(fault, scope, receive, send, exchange)
            await record()
            return True
        return False

    async def _pass_through(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        exchange: _Exchange,
        record: Callable[[], Awaitable[None]],
    ) -> None:
        """Let the API answer, keeping what the journal needs of the exchange."""

        async def keeping_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                exchange.keep_body(message.get("body", b""))
            return message

        async def keeping_send(message: Message) -> None:
            exchange.keep_answer(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                await record()
            await send(message)

        try:
            await self.app(scope, keeping_receive, keeping_send)
        except Exception:
            if exchange.status is None:
                # the server's error handler answers 500 outside this middleware
                exchange.status = InternalError.status_code
                exchange.error_body += orjson.dumps({"error_code": InternalError.error_code})
                await record()
            raise

    @staticmethod
    def _entry(
        scope: Scope, operation: Operation, exchange: _Exchange, arrived_us: int, started: float
    ) -> JournalEntry:
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        return JournalEntry(
            at_us=arrived_us,
            request_id=scope.get("state", {}).get("request_id", ""),
            operation=operation.name,
            method=scope["method"],
            path=scope["path"],
            query=scope.get("query_string", b"").decode("latin-1"),
            project_id=operation.project_id,
            status=exchange.status,
            error_code=exchange.error_code,
            duration_ms=(time.perf_counter() - started) * 1000,
            body=bytes(exchange.body),
            body_truncated=exchange.truncated,
            json_body="json" in content_type or content_type == "",
        )

    async def _answer_fault(
        self, fault: Fault, scope: Scope, receive: Receive, send: Send, exchange: _Exchange
    ) -> None:
        """Answer the rule's error, after reading the body (bounded) for the journal."""
        close = await self._read_body(receive, exchange)
        request_id = scope.get("state", {}).get("request_id") or new_request_id()
        response = envelope_response(
            fault.rule["status"], fault.rule["error_code"], fault.rule["error_msg"], request_id
        )
        if close:
            response.headers["Connection"] = "close"

        async def keeping_send(message: Message) -> None:
            exchange.keep_answer(message)
            await send(message)

        await response(scope, receive, keeping_send)

    async def _read_body(self, receive: Receive, exchange: _Exchange) -> bool:
        """Read the request body as the API would (within the size and time limits);
        True when the rest was left unread (the connection must then be closed)."""
        received = 0
        while True:
            try:
                async with asyncio.timeout(self.body_timeout):
                    message = await receive()
            except TimeoutError:
                return True
            if message["type"] != "http.request":
                return True
            chunk = message.get("body", b"")
            received += len(chunk)
            exchange.keep_body(chunk)
            if received > self.max_body_size:
                return True
            if not message.get("more_body", False):
                return False

    @staticmethod
    async def _drop(scope: Scope) -> None:
        """Close the connection without an answer (only a real server can)."""
        drop = scope.get("extensions", {}).get(DROP_CONNECTION)
        if drop is None:
            raise ConnectionAbortedError("fault rule: drop_connection")
        drop["drop"]()
        # let the server see the connection gone before the app returns without answering
        await asyncio.sleep(0)
