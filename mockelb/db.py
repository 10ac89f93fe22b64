"""The database: engine, one transaction per request, snapshots for seed and reset."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Table, create_engine, delete, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from mockelb.models import Base, Meta

Snapshot = list[tuple[str, list[dict[str, Any]]]]
_INSERT_SQL: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows with one DBAPI executemany.

    Skips SQLAlchemy's per-row parameter processing, which costs more than SQLite's own
    insert for a 200-row batch; fine for tables whose columns need no bind conversion.
    """
    connection = session.connection()
    key = (connection.dialect.name, table.name)
    if key not in _INSERT_SQL:
        compiled = insert(table).compile(dialect=connection.dialect)
        order = (
            tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        )
        _INSERT_SQL[key] = (str(compiled), order)
    sql, order = _INSERT_SQL[key]
    if order is None:
        connection.exec_driver_sql(sql, rows)
    else:
        connection.exec_driver_sql(sql, [tuple(row[name] for name in order) for row in rows])


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def build_engine(database_url: str) -> Engine:
    """An engine for the URL; SQLite gets one shared connection and sane pragmas."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    # StaticPool: each new connection to sqlite:// would otherwise be a new, empty database
    engine = create_engine(
        url,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _enable_sqlite_pragmas)
    return engine


class Database:
    """Owns the engine; hands out sessions that commit when the work succeeds."""

    def __init__(self, database_url: str) -> None:
        self.url = make_url(database_url)
        self.engine = build_engine(database_url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.storage = self._describe_storage()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        # SQLite has one writer at a time and we share one connection: serialise in-process
        self._lock = threading.RLock() if self.is_sqlite else None

    def _describe_storage(self) -> str:
        if not self.is_sqlite:
            return self.url.get_backend_name()
        database = self.url.database
        return "sqlite-memory" if database in (None, "", ":memory:") else "sqlite-file"

    def create_schema(self) -> None:
        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session in one transaction: committed on success, rolled back on error."""
        if self._lock is None:
            with self._sessions.begin() as session:
                yield session
            return
        with self._lock, self._sessions.begin() as session:
            yield session

    def is_initialised(self) -> bool:
        with self.transaction() as session:
            return session.get(Meta, "initialised") is not None

    def snapshot(self) -> Snapshot:
        """Every row of every table, in dependency order."""
        with self.transaction() as session:
            return [
                (table.name, [dict(row) for row in session.execute(select(table)).mappings()])
                for table in Base.metadata.sorted_tables
            ]

    def restore(self, snapshot: Snapshot) -> None:
        """Replace everything with the snapshot, in one transaction."""
        tables = {table.name: table for table in Base.metadata.sorted_tables}
        with self.transaction() as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(delete(table))
            for name, rows in snapshot:
                if rows:
                    session.execute(insert(tables[name]), rows)
            session.merge(Meta(key="initialised", value="true"))

    def dispose(self) -> None:
        self.engine.dispose()
