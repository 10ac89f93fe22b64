"""ASGI middleware: every request gets an id, and every response carries it; request bodies
are bounded in size and in time."""

from __future__ import annotations

import asyncio

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockelb.errors import RequestEntityTooLarge, RequestTimeout, error_response
from mockelb.ids import new_request_id


class RequestIdMiddleware:
    """Give each HTTP request a 32-hex id in request.state and the X-Request-Id header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id()
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
