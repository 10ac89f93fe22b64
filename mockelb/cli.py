"""The `mockelb` command: `mockelb serve` runs the emulator."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from mockelb import __version__
from mockelb.config import Settings

USAGE_ERROR = 2
logger = logging.getLogger("mockelb")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"mockelb: error: {message} (see mockelb {self._sub()}--help)\n")

    def _sub(self) -> str:
        name = self.prog.split()[-1]
        return "" if name == "mockelb" else f"{name} "


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mockelb", description="Local emulator of the Huawei Cloud ELB v3 API.")
    parser.add_argument("--version", action="version", version=f"mockelb {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    serve = commands.add_parser(
        "serve",
        help="run the emulator",
        description="Run the emulator. Every flag can also be set as a MOCKELB_* variable.",
    )
    serve.add_argument("--host", help="address to listen on (MOCKELB_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (MOCKELB_PORT, default 9080)")
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
    serve.add_argument(
        "--log-level",
        choices=["critical", "error", "warning", "info", "debug"],
        help="log level (MOCKELB_LOG_LEVEL, default info)",
    )
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (off by default for speed)"
    )
    return parser


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "database_url": args.database_url,
        "seed": args.seed,
        "no_demo": args.no_demo,
        "log_level": args.log_level,
    }
    return Settings.from_environment(
        **{key: value for key, value in overrides.items() if value is not None}
    )


def _fail(message: str) -> int:
    print(f"mockelb: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def serve(args: argparse.Namespace) -> int:
    try:
        settings = _settings_from(args)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        flag = "--" + field.replace("_", "-")
        return _fail(f"invalid {flag} / MOCKELB_{field.upper()}: {error['msg']}")
    # imported here: `mockelb --version` and usage errors should not load SQLAlchemy
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from mockelb.seed import SeedError, snapshot_for

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s:     %(name)s - %(message)s"
    )
    try:
        snapshot = snapshot_for(settings.seed, demo=not settings.no_demo)
    except SeedError as exc:
        return _fail(str(exc))

    import gc

    import uvicorn

    from mockelb.app import create_app

    try:
        app = create_app(settings, snapshot=snapshot)
    except ArgumentError as exc:
        return _fail(f"invalid database URL {settings.database_url!r}: {exc}")
    except SQLAlchemyError as exc:
        return _fail(f"cannot open database {settings.database_url!r}: {exc.__class__.__name__}")
    storage = app.state.database.storage
    logger.info(
        "mockelb %s: ELB v3 on http://%s:%d (storage %s, demo data %s, %d seed file(s))",
        __version__,
        settings.host,
        settings.port,
        storage,
        "off" if settings.no_demo else "on",
        len(settings.seed),
    )
    # start-up objects live for the whole run: keep full GC passes from walking them
    gc.collect()
    gc.freeze()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=bool(args.access_log),
        server_header=False,
    )
    logger.info("mockelb stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    parser.print_usage(sys.stderr)
    return USAGE_ERROR
