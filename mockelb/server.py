"""Serving: the listening socket, uvicorn's configuration, one process or several workers."""

from __future__ import annotations

import logging
import socket
from functools import partial
from typing import Any

import uvicorn
from fastapi import FastAPI

from mockelb.config import Settings

LOG_FORMAT = "%(levelname)s:     %(name)s - %(message)s"


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
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    # the workers are spawned processes: they inherit the listening socket
    sock.set_inheritable(True)
    return sock


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
    """uvicorn's settings for mockelb: no Server header, no lifespan, our log level."""
    workers = settings.workers
    return uvicorn.Config(
        partial(worker_app, settings) if workers > 1 else app,
        factory=workers > 1,
        workers=workers,
        log_level=settings.log_level,
        access_log=access_log,
        server_header=False,
        lifespan="off",
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
