"""The database engine the suite runs on: SQLite in memory (the default) or PostgreSQL.

    pytest --database-url postgresql+psycopg://user@127.0.0.1:5432/db
    MOCKELB_TEST_DATABASE_URL=postgresql+psycopg://... pytest      # the option wins

Every app and server a test builds takes its storage from `fresh_database_url()`: `sqlite://`
(a new in-memory database per engine) on SQLite; on PostgreSQL a new, empty schema of the given
database, selected through the URL's `search_path` and named in `application_name`. The schemas
are dropped when the session ends; `release(url)` drops one sooner, after disposing the engines
this process opened on it (an app's pool would otherwise keep its connections open).
"""

from __future__ import annotations

import itertools
import os
import secrets
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

ENVIRONMENT_VARIABLE = "MOCKELB_TEST_DATABASE_URL"
SQLITE = "sqlite://"


class _Suite:
    url = make_url(SQLITE)
    prefix = f"mockelb_test_{secrets.token_hex(4)}"
    counter = itertools.count(1)
    schemas: set[str] = set()
    admin: Engine | None = None
    # the engines of this process on each schema, to dispose when it is released
    engines: dict[str, weakref.WeakSet[Engine]] = {}


def configure(url: str | None) -> None:
    """Select the suite's database (None or empty: SQLite in memory)."""
    _Suite.url = make_url(url or SQLITE)
    backend = _Suite.url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"--database-url: unsupported database {backend!r}")
    if is_postgresql():
        _Suite.admin = create_engine(_Suite.url, poolclass=NullPool)
        try:
            with _Suite.admin.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:
            raise pytest.UsageError(f"--database-url: cannot connect: {error}") from None
        event.listen(Engine, "engine_connect", _track)


def _track(connection: Connection) -> None:
    schema = _schema_of(connection.engine.url)
    if schema is not None:
        _Suite.engines.setdefault(schema, weakref.WeakSet()).add(connection.engine)


def url_of_option(config: pytest.Config) -> str:
    option: str | None = config.getoption("database_url")
    return option or os.environ.get(ENVIRONMENT_VARIABLE) or SQLITE


def is_postgresql() -> bool:
    return _Suite.url.get_backend_name() == "postgresql"


def is_sqlite() -> bool:
    return not is_postgresql()


def storage() -> str:
    """What /_mockelb/health says about a server on `fresh_database_url()`."""
    return "postgresql" if is_postgresql() else "sqlite-memory"


def describe() -> str:
    """The suite's database, for the report header (no password)."""
    return _Suite.url.render_as_string(hide_password=True)


def persistent_storage() -> str:
    """What /_mockelb/health says about a server on `persistent_database_url()`."""
    return "postgresql" if is_postgresql() else "sqlite-file"


def persistent_database_url(directory: Path) -> str:
    """A new database that outlives its server: a file in `directory` on SQLite, else
    `fresh_database_url()` (release it after use)."""
    return fresh_database_url() if is_postgresql() else f"sqlite:///{directory}/state.db"


def _schema_of(url: str | URL) -> str | None:
    name: Any = make_url(url).query.get("application_name")
    return name if isinstance(name, str) and name in _Suite.schemas else None


def fresh_database_url() -> str:
    """A URL of a new, empty database on the suite's engine."""
    if not is_postgresql():
        return SQLITE
    assert _Suite.admin is not None
    schema = f"{_Suite.prefix}_{next(_Suite.counter)}"
    with _Suite.admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _Suite.schemas.add(schema)
    options = " ".join(filter(None, [_Suite.url.query.get("options"), f"-csearch_path={schema}"]))
    url = _Suite.url.update_query_dict({"options": options, "application_name": schema})
    return url.render_as_string(hide_password=False)


@contextmanager
def fresh_database() -> Iterator[str]:
    """`fresh_database_url()` for the block, released after it."""
    url = fresh_database_url()
    try:
        yield url
    finally:
        release(url)


def _close_connections(connection: Any, schemas: list[str]) -> None:
    connection.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = ANY(:names) AND pid <> pg_backend_pid()"
        ),
        {"names": schemas},
    )


def _drop(schemas: list[str]) -> None:
    assert _Suite.admin is not None
    for start in range(0, len(schemas), 20):
        batch = schemas[start : start + 20]
        for schema in batch:
            for engine in list(_Suite.engines.pop(schema, ())):
                engine.dispose()
        with _Suite.admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            _close_connections(connection, batch)
            names = ", ".join(f'"{schema}"' for schema in batch)
            connection.execute(text(f"DROP SCHEMA IF EXISTS {names} CASCADE"))
        _Suite.schemas.difference_update(batch)


def release(url: str) -> None:
    """Done with a `fresh_database_url()`: close what still uses it and drop it."""
    schema = _schema_of(url)
    if schema is not None:
        _drop([schema])


def drop_all() -> None:
    """Drop every schema the session made (at the end of the session)."""
    if is_postgresql():
        _drop(sorted(_Suite.schemas))
        assert _Suite.admin is not None
        _Suite.admin.dispose()
