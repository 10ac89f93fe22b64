"""The database: engines, one transaction per request, schema set-up and the start-up snapshot.

Concurrency is the database's business, never process memory's:

- SQLite has one writer at a time. A write transaction starts with BEGIN IMMEDIATE, so
  it takes the write lock before it reads anything and several processes on one file
  (``--workers``) queue on the busy timeout instead of failing. Inside one process the
  work shares one connection, so a process-wide lock serialises it.
- PostgreSQL runs requests in parallel. A write transaction first takes a transaction
  advisory lock on its project (and a shared lock that reset takes exclusively), so the
  writes of one project run one after the other, across workers and replicas: the
  duplicate check, the quota counts and the insert of a batch-add see every write that
  came before and none that comes after. The UNIQUE constraints stay as the last guard.
"""

from __future__ import annotations

import asyncio
import functools
import json
import operator
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from itertools import chain
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from mockelb.housekeeping import housekeeping, meta_table, snapshot_table
from mockelb.models import Base

Snapshot = list[tuple[str, list[dict[str, Any]]]]
_INSERT_SQL: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}

# Bumped whenever a table or column changes: an older database is refused, not misread.
# 3: pools.healthmonitor_id dropped (a pool's monitor is the one whose pool_id names it)
# 4: the tokens, forced_member_health and member_check_jobs tables; the journal, fault-rule
#    and probe tables
# 5: the rest of the API: forwarding policies and rules, certificates, IP groups, security
#    policies, logtanks, jobs, the recycle bin, master-slave pools, DNS names; load
#    balancer type and gateway flavor, default flavors
# 6: members indexed by (pool_id, id) (a page of a large pool was sorted whole)
SCHEMA_VERSION = 6
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_CACHE_KIB = 64 * 1024
# bound parameters one SQLite statement may have: 32766 from SQLite 3.32, 999 before
_SQLITE_MAX_PARAMETERS = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999
# PostgreSQL connections per process (8 workers: 128, within a server's usual 100-300)
POOL_SIZE = 8
POOL_OVERFLOW = 8
# PostgreSQL advisory lock keys (classid, objid): one per project for writes, one global
# that writes share and reset and schema set-up take alone.
_PROJECT_LOCK_CLASS = 0x6D656C62  # "melb"
_GLOBAL_LOCK = (0x6D656C63, 0)
_LOCK_SQL = "SELECT pg_advisory_xact_lock(CAST(:a AS integer), CAST(:b AS integer))"
_SHARED_LOCK_SQL = "SELECT pg_advisory_xact_lock_shared(CAST(:a AS integer), CAST(:b AS integer))"
_PROJECT_LOCK_SQL = "SELECT pg_advisory_xact_lock(CAST(:a AS integer), hashtext(:project_id))"


class DatabaseError(Exception):
    """The database cannot be used: one line for the user, no traceback."""


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows (every column of the table) in one go.

    Skips SQLAlchemy's per-row parameter processing, which costs more than the database's
    own insert for a 200-row batch; fine for tables whose columns need no bind conversion.
    One statement of all the rows costs SQLite a third less than an executemany; the other
    databases get an executemany (psycopg sends it as one pipeline).
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        _insert_each(connection, table, rows)
        return
    sql_of, values = _sqlite_insert(table)
    per_statement = max(_SQLITE_MAX_PARAMETERS // len(table.columns), 1)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        connection.exec_driver_sql(
            sql_of(len(chunk)), tuple(chain.from_iterable(values(row) for row in chunk))
        )


def _insert_each(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One DBAPI executemany of the compiled INSERT."""
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


@functools.cache
def _sqlite_insert(
    table: Table,
) -> tuple[Callable[[int], str], Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """For a table: its multi-row INSERT of n rows (each size built once), and what takes a
    row's values in the statement's column order."""
    names = [column.name for column in table.columns]
    columns = ", ".join(f'"{name}"' for name in names)
    one = "(" + ", ".join("?" * len(names)) + ")"

    @functools.cache
    def sql_of(count: int) -> str:
        return f'INSERT INTO "{table.name}" ({columns}) VALUES {", ".join([one] * count)}'

    return sql_of, operator.itemgetter(*names)


def _json_loads(document: str | bytes) -> Any:
    """JSON columns as read: orjson (several times faster than json, which SQLAlchemy uses
    by default; every pool and load balancer read has a few), json for what orjson refuses
    (NaN, which json.dumps writes for a float that is not a number)."""
    try:
        return orjson.loads(document)
    except orjson.JSONDecodeError:
        return json.loads(document)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # the driver must not open transactions itself: _sqlite_begin says how each one starts
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL: a commit survives the process being killed (not a power cut)
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a file's pages cached in the process: 64 MiB (the default 2 MiB holds the indexes of a
    # few thousand members, so a batch-add into a large pool read its pages from the OS)
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writing = connection.get_execution_options().get("mockelb_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def redacted(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def build_engine(url: URL) -> Engine:
    """An engine for the URL; SQLite gets one shared connection, PostgreSQL a pool."""
    try:
        if url.get_backend_name() != "sqlite":
            return create_engine(
                url,
                pool_pre_ping=True,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                connect_args={"connect_timeout": 5}
                if url.get_backend_name() == "postgresql"
                else {},
                json_deserializer=_json_loads,
            )
        # StaticPool: each new connection to sqlite:// would otherwise be a new, empty database
        engine = create_engine(
            url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            json_deserializer=_json_loads,
        )
    except NoSuchModuleError:
        raise DatabaseError(f"unsupported database URL {redacted(url)!r}") from None
    except (ValueError, TypeError) as exc:
        raise DatabaseError(f"invalid database URL {redacted(url)!r}: {exc}") from None
    except ImportError as exc:
        hint = (
            " (install it with pip install 'mockelb[postgres]' and use postgresql+psycopg://…)"
            if url.get_backend_name() == "postgresql"
            else ""
        )
        raise DatabaseError(
            f"the driver for {redacted(url)!r} is not installed: {exc.name or exc}{hint}"
        ) from None
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def parse_url(database_url: str) -> URL:
    try:
        url = make_url(database_url)
        url.get_backend_name()
        return url
    except (ArgumentError, ValueError, TypeError):
        # never echo a password: show only what follows the credentials
        shown = f"…@{database_url.rsplit('@', 1)[1]}" if "@" in database_url else database_url
        raise DatabaseError(f"invalid database URL {shown!r}") from None


def is_memory_url(url: URL) -> bool:
    """Whether the URL names a database that lives in one process's memory."""
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:")
        or url.query.get("mode") == "memory"
        or str(url.database).startswith("file::memory:")
    )


class Database:
    """Owns the engine; hands out sessions that commit when the work succeeds."""

    def __init__(
        self, database_url: str, *, session_info: Mapping[str, object] | None = None
    ) -> None:
        """session_info: what every session carries in its `info` (settings the rules
        read, such as how member health changes by itself)."""
        self.url = parse_url(database_url)
        self.engine = build_engine(self.url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.is_postgresql = self.url.get_backend_name() == "postgresql"
        self.storage = self._describe_storage()
        info = dict(session_info or {})
        self._reads = sessionmaker(self.engine, expire_on_commit=False, autoflush=False, info=info)
        self._writes = sessionmaker(
            self.engine.execution_options(mockelb_write=True),
            expire_on_commit=False,
            autoflush=False,
            info=info,
        )
        # SQLite: the process's requests share one connection, so they take turns
        self._lock = threading.Lock() if self.is_sqlite else None
        self.connections = 1 if self.is_sqlite else POOL_SIZE + POOL_OVERFLOW
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _describe_storage(self) -> str:
        if not self.is_sqlite:
            return self.url.get_backend_name()
        return "sqlite-memory" if self.is_memory else "sqlite-file"

    @property
    def is_memory(self) -> bool:
        return is_memory_url(self.url)

    def turns(self) -> asyncio.Semaphore:
        """How many requests of this event loop may use the database at once: as many as
        there are connections (one for SQLite). Waiting for a turn happens on the event
        loop, so waiting requests never hold threads of the pool the work runs in."""
        loop = asyncio.get_running_loop()
        turns = self._turns.get(loop)
        if turns is None:
            turns = self._turns[loop] = asyncio.Semaphore(self.connections)
        return turns

    def _turn(self) -> threading.Lock | nullcontext[None]:
        return self._lock if self._lock is not None else nullcontext()

    @contextmanager
    def transaction(
        self, *, project_id: str | None = None, write: bool = True
    ) -> Iterator[Session]:
        """One session in one transaction: committed on success, rolled back on error.

        A write transaction holds the write lock of its project (PostgreSQL) or of the
        database (SQLite) from its first statement to its commit.
        """
        sessions = self._writes if write else self._reads
        with self._turn(), sessions.begin() as session:
            if write and self.is_postgresql:
                _lock_for_write(session, project_id)
            yield session

    @contextmanager
    def exclusive(self) -> Iterator[Session]:
        """A write transaction that no other write runs beside (reset, schema set-up)."""
        with self._turn(), self._writes.begin() as session:
            if self.is_postgresql:
                session.execute(text(_LOCK_SQL), _lock_key(_GLOBAL_LOCK))
            yield session

    # -- start-up --------------------------------------------------------------------

    def prepare(self, snapshot_of: Callable[[], Snapshot]) -> bool:
        """Create the schema if needed and write the start-up data into a new database.

        Idempotent and safe when several workers or replicas start at once: the first
        one creates and seeds, the others find it done. Returns whether this call seeded.
        """
        try:
            with self.exclusive() as session:
                connection = session.connection()
                self._check_compatible(connection)
                housekeeping.create_all(connection)
                Base.metadata.create_all(connection)
                if session.scalar(select(func.count()).select_from(snapshot_table)):
                    return False
                snapshot = snapshot_of()
                _write_rows(session, snapshot, clear=False)
                session.execute(insert(snapshot_table), {"id": 1, "data": _encode(snapshot)})
                session.execute(
                    insert(meta_table), {"key": "schema_version", "value": str(SCHEMA_VERSION)}
                )
                return True
        except DatabaseError:
            raise
        except SQLAlchemyError as exc:
            raise DatabaseError(
                f"cannot open the database {redacted(self.url)!r}: {_first_line(exc)}"
            ) from None

    def _check_compatible(self, connection: Connection) -> None:
        """Refuse a database this version cannot use, naming the first mismatch."""
        inspector = inspect(connection)
        existing = set(inspector.get_table_names())
        ours = {table.name for table in Base.metadata.sorted_tables} | {
            table.name for table in housekeeping.sorted_tables
        }
        if not existing & ours:
            return  # a new database, or one that holds only other applications' tables
        problem = None
        if meta_table.name not in existing:
            problem = f"it has no {meta_table.name} table"
        else:
            version = connection.scalar(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            )
            if version != str(SCHEMA_VERSION):
                problem = f"its schema version is {version or 'unknown'}, not {SCHEMA_VERSION}"
        for table in (*housekeeping.sorted_tables, *Base.metadata.sorted_tables):
            if problem:
                break
            if table.name not in existing:
                problem = f"table {table.name} is missing"
                continue
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            missing = [column.name for column in table.columns if column.name not in columns]
            if missing:
                problem = f"table {table.name} lacks column {missing[0]}"
        if problem:
            raise DatabaseError(
                f"the database {redacted(self.url)!r} was made by another mockelb version "
                f"({problem}); use a new database or delete this one"
            )

    def startup_snapshot(self) -> Snapshot:
        """The start-up state that reset restores, as stored by the first process."""
        with self.transaction(write=False) as session:
            data = session.scalar(select(snapshot_table.c.data).where(snapshot_table.c.id == 1))
        return _decode(data) if data is not None else []

    # -- snapshots -------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Every row of every resource table, in dependency order."""
        with self.transaction(write=False) as session:
            return [
                (
                    table.name,
                    [
                        dict(row)
                        for row in session.execute(
                            select(table).order_by(*table.primary_key.columns)
                        ).mappings()
                    ],
                )
                for table in Base.metadata.sorted_tables
            ]

    def restore(self, snapshot: Snapshot, *, also: Callable[[Session], None] | None = None) -> None:
        """Replace every resource with the snapshot, in one transaction no write runs beside
        (with `also` done in it too)."""
        with self.exclusive() as session:
            _write_rows(session, snapshot, clear=True)
            if also is not None:
                also(session)

    def restore_project(self, snapshot: Snapshot, project_id: str) -> None:
        """Replace the project's resources with the project's rows of the snapshot, under the
        project's write lock; the rows of other projects and region-wide rows stay as they are.

        A row is the project's when its project_id names it, or (in a table without
        project_id) when a row it refers to is the project's. Rows of no project (AZs, public
        flavors, credentials and tokens without a project) belong to the region. Raises
        IntegrityError when a row to put back clashes with a row of another project.
        """
        with self.transaction(project_id=project_id) as session:
            for table in reversed(Base.metadata.sorted_tables):
                owned = _owned_by(table, project_id)
                if owned is not None:
                    session.execute(delete(table).where(owned))
            _write_rows(session, project_rows(snapshot, project_id), clear=False)

    def claim_id_stream(self) -> int:
        """A number no other process that opened this database got before (1, 2, … in the
        order they start): under --id-seed, the id sequence of this process (see ids.py)."""
        with self.exclusive() as session:
            key = meta_table.c.key == "id_streams"
            claimed = int(session.scalar(select(meta_table.c.value).where(key)) or 0) + 1
            if claimed == 1:
                session.execute(insert(meta_table), {"key": "id_streams", "value": "1"})
            else:
                session.execute(update(meta_table).where(key).values(value=str(claimed)))
            return claimed

    def create_schema(self) -> None:
        """The resource tables alone (a scratch database for building snapshots)."""
        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def _lock_key(key: tuple[int, int]) -> dict[str, int]:
    return {"a": key[0], "b": key[1]}


def _lock_for_write(session: Session, project_id: str | None) -> None:
    session.execute(text(_SHARED_LOCK_SQL), _lock_key(_GLOBAL_LOCK))
    if project_id is not None:
        session.execute(
            text(_PROJECT_LOCK_SQL),
            {"a": _PROJECT_LOCK_CLASS, "project_id": project_id},
        )


def _owned_by(table: Table, project_id: str) -> ColumnElement[bool] | None:
    """The rows of the table that are the project's (restore_project); None: the table has
    no notion of project, its rows are the region's."""
    if "project_id" in table.c:
        return table.c.project_id == project_id
    conditions = []
    for foreign_key in table.foreign_keys:
        parent = _owned_by(foreign_key.column.table, project_id)
        if parent is not None:
            conditions.append(foreign_key.parent.in_(select(foreign_key.column).where(parent)))
    return or_(*conditions) if conditions else None


def project_rows(snapshot: Snapshot, project_id: str) -> Snapshot:
    """The project's rows of the snapshot, by the rule of restore_project."""
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    kept: dict[str, list[dict[str, Any]]] = {}
    for name, rows in snapshot:  # parents before children
        table = tables[name]
        if "project_id" in table.c:
            kept[name] = [row for row in rows if row["project_id"] == project_id]
            continue
        parents = [
            (key.parent.name, {row[key.column.name] for row in kept[key.column.table.name]})
            for key in table.foreign_keys
            if key.column.table.name in kept
        ]
        if parents:
            kept[name] = [
                row for row in rows if any(row[column] in values for column, values in parents)
            ]
    return [(name, rows) for name, rows in kept.items()]


def _write_rows(session: Session, snapshot: Snapshot, *, clear: bool) -> None:
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    if clear:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
    for name, rows in snapshot:
        if rows:
            session.execute(insert(tables[name]), rows)


def _encode(snapshot: Snapshot) -> Any:
    return [[name, rows] for name, rows in snapshot]


def _decode(data: Any) -> Snapshot:
    return [(str(name), list(rows)) for name, rows in data]


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else exc.__class__.__name__
