"""The `mockelb` command: `mockelb serve` runs the emulator; `mockelb state export|import`
saves and loads a running server's state (mockelb.state_client)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from pydantic import ValidationError

from mockelb import __version__
from mockelb.config import Settings

if TYPE_CHECKING:
    import socket

    from fastapi import FastAPI

USAGE_ERROR = 2
logger = logging.getLogger("mockelb")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"mockelb: error: {message} (see mockelb {self._sub()}--help)\n")

    def _sub(self) -> str:
        words = self.prog.split()[1:]  # "mockelb state export" -> "state export "
        return "".join(f"{word} " for word in words)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mockelb", description="Local emulator of the Huawei Cloud ELB v3 API.")
    parser.add_argument("--version", action="version", version=f"mockelb {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    serve = commands.add_parser(
        "serve",
        help="run the emulator",
        description="Run the emulator. Every flag can also be set as a MOCKELB_* variable.",
    )
    # added in this order, the order `mockelb serve --help` lists them in
    _add_address_options(serve)
    _add_state_options(serve)
    _add_process_options(serve)
    _add_client_limit_options(serve)
    _add_harness_options(serve)
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (off by default for speed)"
    )
    _add_state_command(commands)
    return parser


def _add_state_command(commands: Any) -> None:
    """`mockelb state export|import`: a running server's state as a seed document."""
    state = commands.add_parser(
        "state",
        help="save or load a running server's state",
        description="Save a running server's state as a seed document, or load one into it.",
    )
    actions = state.add_subparsers(dest="action", parser_class=_Parser, required=True)
    export = actions.add_parser(
        "export",
        help="print the state as a seed document (JSON)",
        description="Print GET /_mockelb/state: every resource as a seed document (JSON), "
        "which `mockelb serve --seed FILE` and `mockelb state import` load.",
    )
    export.add_argument("--project-id", metavar="P", help="only this project's resources")
    load = actions.add_parser(
        "import",
        help="load a seed document on top of the state",
        description="POST a seed document (YAML or JSON; - reads stdin) to /_mockelb/state: "
        "all of it is loaded, or none of it (exit 1 with the server's message).",
    )
    load.add_argument("file", metavar="FILE", help="seed document (YAML, or JSON)")
    for action in (export, load):
        action.add_argument("--url", help="the server (MOCKELB_URL, default http://127.0.0.1:9080)")
        action.add_argument(
            "--admin-token",
            metavar="TOKEN",
            help="sent as X-Admin-Token (MOCKELB_ADMIN_TOKEN; default: none)",
        )


def _add_address_options(serve: argparse.ArgumentParser) -> None:
    """Where the server listens."""
    serve.add_argument("--host", help="address to listen on (MOCKELB_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (MOCKELB_PORT, default 9080)")


def _add_state_options(serve: argparse.ArgumentParser) -> None:
    """Where the state is kept and what it starts with."""
    serve.add_argument(
        "--database-url",
        help="SQLAlchemy URL (MOCKELB_DATABASE_URL, default sqlite:// in memory; "
        "sqlite:///file.db keeps state across restarts)",
    )
    serve.add_argument(
        "--seed",
        action="append",
        type=Path,
        metavar="FILE",
        help="YAML or JSON seed file, repeatable (MOCKELB_SEED, paths separated by ':')",
    )
    serve.add_argument(
        "--no-demo",
        action="store_true",
        default=None,
        help="start without the demo data (MOCKELB_NO_DEMO=true)",
    )


def _add_process_options(serve: argparse.ArgumentParser) -> None:
    """How the server logs, and how many processes serve."""
    serve.add_argument(
        "--log-level",
        choices=["critical", "error", "warning", "info", "debug"],
        help="log level (MOCKELB_LOG_LEVEL, default info)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        help="worker processes (MOCKELB_WORKERS, default 1); more than one needs a "
        "shared database: sqlite:///file.db or postgresql+psycopg://…",
    )


def _add_client_limit_options(serve: argparse.ArgumentParser) -> None:
    """What one client may send, and how long it may hold a connection."""
    serve.add_argument(
        "--max-body-size",
        type=int,
        metavar="BYTES",
        help="largest request body; a larger one gets 413 (MOCKELB_MAX_BODY_SIZE, default "
        "4194304 = 4 MiB)",
    )
    serve.add_argument(
        "--max-header-size",
        type=int,
        metavar="BYTES",
        help="largest request line and headers together; larger ones get 494, or 414 for "
        "the URI alone (MOCKELB_MAX_HEADER_SIZE, default 65536)",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        metavar="SECONDS",
        help="time a connection has to send a request's line and headers before it is "
        "closed (MOCKELB_HEADER_TIMEOUT, default 10)",
    )
    serve.add_argument(
        "--body-timeout",
        type=float,
        metavar="SECONDS",
        help="time the server waits for each next part of a request body before answering "
        "408 (MOCKELB_BODY_TIMEOUT, default 10)",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=float,
        metavar="SECONDS",
        help="time an idle connection stays open between requests "
        "(MOCKELB_KEEP_ALIVE_TIMEOUT, default 5)",
    )


def _add_harness_options(serve: argparse.ArgumentParser) -> None:
    """The test harness: ids, credentials, the admin API and the request journal."""
    serve.add_argument(
        "--id-seed",
        type=int,
        metavar="N",
        help="make every generated id and request id the same from run to run "
        "(MOCKELB_ID_SEED; default: random)",
    )
    serve.add_argument(
        "--auth",
        choices=["open", "strict"],
        help="open: any well-formed credential; strict: only the seed files' tokens and "
        "credentials, signatures verified (MOCKELB_AUTH, default open)",
    )
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require the header X-Admin-Token: TOKEN on the /_mockelb admin routes "
        "(MOCKELB_ADMIN_TOKEN; default: none required)",
    )
    serve.add_argument(
        "--journal-size",
        type=int,
        metavar="N",
        help="API requests the journal keeps, oldest dropped first; 0 turns it off "
        "(MOCKELB_JOURNAL_SIZE, default 1000)",
    )
    serve.add_argument(
        "--journal-body-limit",
        type=int,
        metavar="BYTES",
        help="request body bytes the journal keeps of each request "
        "(MOCKELB_JOURNAL_BODY_LIMIT, default 65536)",
    )
    serve.add_argument(
        "--member-online-after",
        type=float,
        metavar="SECONDS",
        help="turn members a health monitor checks from INITIAL to ONLINE after this long "
        "(MOCKELB_MEMBER_ONLINE_AFTER; default: they stay INITIAL)",
    )
    serve.add_argument(
        "--probe-members",
        action="store_true",
        default=None,
        help="probe members for real (TCP/HTTP/HTTPS) as their pool's health monitor says, "
        "at the addresses --probe-allow allows (MOCKELB_PROBE_MEMBERS=true)",
    )
    serve.add_argument(
        "--probe-allow",
        action="append",
        metavar="CIDR",
        help="addresses the prober may send to, repeatable (MOCKELB_PROBE_ALLOW, separated "
        "by ','; default: loopback only, 127.0.0.0/8 and ::1/128)",
    )


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "database_url": args.database_url,
        "seed": args.seed,
        "no_demo": args.no_demo,
        "log_level": args.log_level,
        "workers": args.workers,
        "max_body_size": args.max_body_size,
        "max_header_size": args.max_header_size,
        "header_timeout": args.header_timeout,
        "body_timeout": args.body_timeout,
        "keep_alive_timeout": args.keep_alive_timeout,
        "id_seed": args.id_seed,
        "auth": args.auth,
        "admin_token": args.admin_token,
        "journal_size": args.journal_size,
        "journal_body_limit": args.journal_body_limit,
        "member_online_after": args.member_online_after,
        "probe_members": args.probe_members,
        "probe_allow": args.probe_allow,
    }
    return Settings.from_environment(
        **{key: value for key, value in overrides.items() if value is not None}
    )


def _fail(message: str) -> int:
    print(f"mockelb: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def serve(args: argparse.Namespace) -> int:
    """Check everything that can fail before serving; each failure is one line, exit 2."""
    try:
        settings = _settings_from(args)
    except ValidationError as exc:
        return _fail(_describe_invalid_setting(exc))
    # imported here: `mockelb --version` and usage errors should not load SQLAlchemy
    from mockelb.db import DatabaseError
    from mockelb.seed import SeedError
    from mockelb.server import ListenError, configure_logging, listen, run

    configure_logging(settings.log_level)
    problem = _check_database_url(settings)
    if problem is not None:
        return _fail(problem)
    # listen first: a port in use is reported before anything says it started
    try:
        sock = listen(settings.host, settings.port)
    except ListenError as exc:
        return _fail(str(exc))
    try:
        prepared = _prepare_state(settings)
    except (DatabaseError, SeedError) as exc:
        sock.close()
        return _fail(str(exc))
    _log_start(settings, sock, prepared)
    _freeze_startup_objects()
    run(prepared.app, settings, sock, access_log=bool(args.access_log))
    logger.info("mockelb stopped")
    return 0


def _describe_invalid_setting(exc: ValidationError) -> str:
    """The first invalid setting, named as both its flag and its variable."""
    error = exc.errors(include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else "settings"
    flag = "--" + field.replace("_", "-")
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"invalid {flag} / MOCKELB_{field.upper()}: {message}"


def _check_database_url(settings: Settings) -> str | None:
    """Why the database URL cannot serve these settings, or None when it can."""
    from mockelb.db import DatabaseError, is_memory_url, parse_url

    try:
        url = parse_url(settings.database_url)
    except DatabaseError as exc:
        return str(exc)
    if settings.workers > 1 and is_memory_url(url):
        return (
            "--workers needs a database the workers share: an in-memory database belongs "
            "to one process; use sqlite:///file.db or postgresql+psycopg://…"
        )
    return None


class _Prepared(NamedTuple):
    """The start-up state: the app (None with several workers: each builds its own),
    whether the demo and seed data were loaded now, and the kind of storage."""

    app: FastAPI | None
    seeded: bool
    storage: str


def _prepare_state(settings: Settings) -> _Prepared:
    """Open the database and load the start-up data (raises DatabaseError, SeedError)."""
    from mockelb.app import create_app, open_database

    if settings.workers > 1:
        # prepared once here; each worker then finds the schema and data in place
        database, seeded = open_database(settings)
        storage = database.storage
        database.dispose()
        return _Prepared(None, seeded, storage)
    app = create_app(settings)
    return _Prepared(app, app.state.seeded, app.state.database.storage)


def _log_start(settings: Settings, sock: socket.socket, prepared: _Prepared) -> None:
    """Where the server listens and what it serves; whether the stored state was kept."""
    host, port = sock.getsockname()[:2]
    logger.info(
        "mockelb %s: ELB v3 on http://%s:%d (storage %s, %d worker(s), demo data %s, "
        "%d seed file(s))",
        __version__,
        f"[{host}]" if ":" in host else host,
        port,
        prepared.storage,
        settings.workers,
        "off" if settings.no_demo else "on",
        len(settings.seed),
    )
    if not prepared.seeded:
        logger.info(
            "the database was already set up: its state is kept, and the demo data and "
            "seed files were not loaded (reset restores the state stored when it was created)"
        )


def _freeze_startup_objects() -> None:
    """Start-up objects live for the whole run: keep full GC passes from walking them."""
    import gc

    gc.collect()
    gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "state":
        from mockelb.state_client import run_state_command

        return run_state_command(args)
    parser.print_usage(sys.stderr)
    return USAGE_ERROR
