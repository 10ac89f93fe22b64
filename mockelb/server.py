"""Serving: the listening socket, uvicorn's configuration, one process or several workers."""

from __future__ import annotations

import asyncio
import http
import logging
import socket
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from mockelb.config import Settings
from mockelb.errors import (
    ElbError,
    GatewayRequestError,
    RequestHeadersTooLarge,
    RequestUriTooLarge,
    error_response,
)
from mockelb.ids import new_request_id
from mockelb.middleware import DROP_CONNECTION

LOG_FORMAT = "%(levelname)s:     %(name)s - %(message)s"
# seconds the rest of a request body may take to arrive after the response was sent
UNREAD_BODY_GRACE = 1.0
# seconds in-flight requests get to finish on SIGTERM (docker stop must end within 2 s)
GRACEFUL_SHUTDOWN = 1
logger = logging.getLogger("mockelb")


class ListenError(Exception):
    """The address cannot be listened on (in use, not local, no permission)."""


def listen(host: str, port: int) -> socket.socket:
    """A bound socket for host:port, before anything else starts (port 0: any free one)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        # listen now: with SO_REUSEADDR a second socket could still bind a bound port that
        # nobody listens on yet, and then never serve
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    # the workers are spawned processes: they inherit the listening socket
    sock.set_inheritable(True)
    return sock


@dataclass(frozen=True)
class ConnectionLimits:
    """What one connection may do before its request's headers are complete."""

    max_header_size: int
    header_timeout: float


_REASONS = {494: b"Request Header Too Large"}


class MockElbHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with the limits it lacks on the request head.

    * The request line and headers may take at most `header_timeout` seconds, counted from
      when the connection opens or from the first byte of each next request; a connection
      still without complete headers then is closed (as nginx closes it, without an answer).
      Between requests uvicorn's keep-alive timeout closes idle connections.
    * They may be at most `max_header_size` bytes: beyond that the answer is the gateway's
      494 "Request headers too large." (414 "Request URI too large." when the request line
      alone is that long) and the connection is closed. The bytes are counted as they
      arrive, before the parser buffers them.
    * A request the parser cannot read gets the gateway's 400 "API request error." in the
      cloud's envelope instead of uvicorn's plain-text 400.

    A module-level class: with --workers, uvicorn's configuration (and `limits`, through a
    functools.partial) is pickled into each spawned worker.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: ConnectionLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self._awaiting_headers = True
        self._header_bytes = 0
        self._header_timer: asyncio.TimerHandle | None = None
        self._unread_body_timer: asyncio.TimerHandle | None = None

    # -- the header timer ---------------------------------------------------------------

    def _start_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(
            self.limits.header_timeout, self._on_header_timeout
        )

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _on_header_timeout(self) -> None:
        self._header_timer = None
        if self._awaiting_headers and not self.transport.is_closing():
            logger.debug("closing a connection that sent no complete request headers in time")
            self.transport.close()

    # -- connection events ----------------------------------------------------------------

    def connection_made(  # type: ignore[override]
        self, transport: asyncio.Transport
    ) -> None:
        super().connection_made(transport)
        self._start_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        if self._unread_body_timer is not None:
            self._unread_body_timer.cancel()
            self._unread_body_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # While a request's head is incoming, feed at most what the limit leaves room for:
        # the parser then either completes the headers within the limit or they are too large.
        while self._awaiting_headers and data:
            if self._header_timer is None:
                self._start_header_timer()  # the first byte of a next request
            room = self.limits.max_header_size - self._header_bytes
            if room <= 0:
                self._refuse_head()
                return
            piece, data = data[:room], data[room:]
            self._header_bytes += len(piece)
            super().data_received(piece)
            if self.parser is None or self.transport.is_closing():
                return
        if data:
            super().data_received(data)

    # -- parser callbacks -----------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        # a fault rule with drop_connection closes the connection without an answer
        self.scope["extensions"] = {DROP_CONNECTION: {"drop": self.transport.abort}}

    def on_headers_complete(self) -> None:
        self._awaiting_headers = False
        self._cancel_header_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        if self._unread_body_timer is not None:
            self._unread_body_timer.cancel()
            self._unread_body_timer = None
        super().on_message_complete()
        # the next request's head starts here (its timer with its first byte)
        self._awaiting_headers = True
        self._header_bytes = 0

    def on_response_complete(self) -> None:
        super().on_response_complete()
        cycle = self.cycle
        if (
            cycle is not None
            and cycle.response_complete
            and not self._awaiting_headers
            and not self.transport.is_closing()
        ):
            # Answered before its body was all received (a route that does not read it, a
            # refusal): uvicorn would read and drop the rest for as long as it comes, an
            # endless chunked body forever. The rest of a body in flight (a small one sent
            # after its head) gets a moment to arrive, so that the client reads its answer
            # rather than a reset; a body still incomplete then ends the connection.
            self._unread_body_timer = self.loop.call_later(
                UNREAD_BODY_GRACE, self._close_unfinished_request
            )

    def _close_unfinished_request(self) -> None:
        self._unread_body_timer = None
        if not self._awaiting_headers and not self.transport.is_closing():
            logger.debug("closing a connection whose request body was not read to its end")
            self.transport.close()

    # -- refusals -------------------------------------------------------------------------

    def _refuse_head(self) -> None:
        url: bytes = getattr(self, "url", b"")
        # the request line has not ended when the URI fills (nearly) all that was read
        request_line_only = not self.headers and len(url) >= self._header_bytes - 32
        error = RequestUriTooLarge() if request_line_only else RequestHeadersTooLarge()
        logger.debug("refusing a request head of more than %d bytes", self._header_bytes)
        self._cancel_header_timer()
        self._write_error(error)

    def send_400_response(self, msg: str) -> None:
        logger.debug("refusing a request the HTTP parser cannot read: %s", msg)
        self._write_error(GatewayRequestError())

    def _write_error(self, error: ElbError) -> None:
        """Answer in the cloud's envelope, outside the application, and close."""
        response = error_response(error, new_request_id())
        try:
            reason = http.HTTPStatus(error.status_code).phrase.encode()
        except ValueError:
            reason = _REASONS.get(error.status_code, b"")
        head = [b"HTTP/1.1 %d %s\r\n" % (error.status_code, reason)]
        for name, value in [*self.server_state.default_headers, *response.raw_headers]:
            head.append(b"%s: %s\r\n" % (name, value))
        head.append(b"connection: close\r\n\r\n")
        self.transport.write(b"".join(head) + response.body)
        self.transport.close()


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)


def worker_app(settings: Settings) -> FastAPI:
    """The application of one worker process (uvicorn calls it in each worker).

    The parent prepared the database before starting the workers, so each worker finds
    the schema and the start-up data in place and reads the snapshot reset restores.
    """
    from mockelb.app import create_app

    configure_logging(settings.log_level)
    return create_app(settings)


def uvicorn_config(app: Any, settings: Settings, *, access_log: bool = False) -> uvicorn.Config:
    """uvicorn's settings for mockelb: no Server header, no lifespan, our log level, and
    the connection limits of MockElbHttpProtocol."""
    workers = settings.workers
    protocol = partial(
        MockElbHttpProtocol,
        limits=ConnectionLimits(
            max_header_size=settings.max_header_size,
            header_timeout=settings.header_timeout,
        ),
    )
    return uvicorn.Config(
        partial(worker_app, settings) if workers > 1 else app,
        factory=workers > 1,
        workers=workers,
        log_level=settings.log_level,
        access_log=access_log,
        server_header=False,
        lifespan="off",
        # uvicorn calls it as it would the class (a partial pickles into spawned workers)
        http=cast(type[asyncio.Protocol], protocol),
        # uvicorn types it int, but hands it to loop.call_later, which takes seconds
        timeout_keep_alive=cast(int, settings.keep_alive_timeout),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
    )


def run(app: FastAPI | None, settings: Settings, sock: socket.socket, *, access_log: bool) -> None:
    """Serve on the bound socket until stopped: in this process, or in settings.workers
    spawned workers that share the socket (then `app` is None: each worker builds its own).
    """
    config = uvicorn_config(app, settings, access_log=access_log)
    try:
        if settings.workers > 1:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C: uvicorn has already shut down gracefully
