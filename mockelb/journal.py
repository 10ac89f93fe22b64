"""The request journal: every ELB and VPC API request, as the client sent it and as it was
answered, kept in the database (shared by all workers) and bounded in count."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement
from typing_extensions import TypedDict

from mockelb.db import Database
from mockelb.housekeeping import journal_table, meta_table

# mockelb_meta key: when the journal was last cleared (microseconds since the epoch)
_CLEARED_AT = "journal_cleared_at_us"
# the statements of recording a request, built once (one per request on a shared database)
_CLEARED = select(meta_table.c.value).where(meta_table.c.key == _CLEARED_AT)
_APPEND = insert(journal_table).returning(journal_table.c.seq)
_DROP_OLDEST = delete(journal_table).where(journal_table.c.seq <= bindparam("last"))


class JournalRecord(TypedDict):
    """One request in the journal (GET /_mockelb/requests)."""

    time: str
    request_id: str
    operation: str | None
    method: str
    path: str
    query: str
    project_id: str | None
    status: int | None
    error_code: str | None
    duration_ms: float
    body: Any


@dataclass(frozen=True)
class JournalFilter:
    """What GET /_mockelb/requests selects; `limit` keeps the most recent N of them."""

    operation: str | None = None
    method: str | None = None
    status: int | None = None
    project_id: str | None = None
    since_us: int | None = None
    limit: int | None = None


@dataclass(frozen=True)
class JournalEntry:
    """A request as it is written to the journal."""

    at_us: int
    request_id: str
    operation: str | None
    method: str
    path: str
    query: str
    project_id: str | None
    status: int | None
    error_code: str | None
    duration_ms: float
    body: bytes | None
    body_truncated: bool
    json_body: bool


def body_value(body: bytes | None, *, truncated: bool, json_body: bool) -> Any:
    """The body as the journal shows it: the parsed JSON when the request sent (all of) a
    JSON body, else its text (undecodable bytes replaced), else None."""
    if not body:
        return None
    if json_body and not truncated:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    return body.decode("utf-8", errors="replace")


def _storable(value: Any) -> Any:
    """What the database can store: text without NUL characters (PostgreSQL refuses them)
    and without lone surrogates (no database encodes them; JSON can carry them as
    \\ud800 escapes); both are shown as U+FFFD."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    return value


def format_time(at_us: int) -> str:
    """yyyy-MM-ddTHH:mm:ss.fffZ (UTC)."""
    moment = datetime.fromtimestamp(at_us / 1_000_000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Journal:
    """Writes and reads the journal table; keeps at most `size` records (0: records none).

    buffered (an in-memory database, which one process owns): a request's record is kept
    in memory when it is answered and written to the table with the others before anything
    reads the journal, so answering a request costs no database write. Otherwise (a
    database several processes share) each record is written when its request is answered.
    """

    def __init__(
        self, database: Database, *, size: int, body_limit: int, buffered: bool = False
    ) -> None:
        self.database = database
        self.size = size
        self.body_limit = body_limit
        self.buffered = buffered
        # records not yet in the table, oldest first (at most `size`: older ones would be
        # dropped from the table anyway)
        self._pending: deque[JournalEntry] = deque(maxlen=max(size, 1))
        # a request that arrived before the journal was last cleared is not recorded when
        # it is answered after (a reset during a delayed request leaves the journal empty)
        self._cleared_at_us = 0

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def add(self, entry: JournalEntry) -> bool:
        """Keep the record for the next read, when buffered; False when it must be written
        now (record())."""
        if not self.buffered:
            return False
        self._pending.append(entry)
        return True

    def record(self, entry: JournalEntry) -> None:
        """Append one request and drop the oldest beyond the size (blocking: thread pool);
        not if the journal was cleared (by any process) after the request arrived."""
        with self.database.transaction(write=True) as session:
            cleared = session.connection().execute(_CLEARED).scalar()
            if cleared is None or entry.at_us >= int(cleared):
                self._write(session, [entry])

    def _write(self, session: Session, entries: list[JournalEntry]) -> None:
        if not entries:
            return
        rows = [_row_of(entry) for entry in entries]
        if len(rows) > 1:
            session.execute(insert(journal_table), rows[:-1])
        connection = session.connection()
        seq = connection.execute(_APPEND, rows[-1]).scalar_one()
        if seq > self.size:
            connection.execute(_DROP_OLDEST, {"last": seq - self.size})

    def _flush(self, session: Session) -> None:
        """Write the pending records (buffered mode)."""
        entries: list[JournalEntry] = []
        while self._pending:
            entry = self._pending.popleft()
            if entry.at_us >= self._cleared_at_us:
                entries.append(entry)
        self._write(session, entries)

    def select(self, wanted: JournalFilter) -> tuple[list[JournalRecord], int]:
        """The matching records, oldest first (the most recent `limit` of them), and how
        many match in all."""
        table = journal_table
        conditions: list[ColumnElement[bool]] = []
        if wanted.operation is not None:
            conditions.append(table.c.operation == wanted.operation)
        if wanted.method is not None:
            conditions.append(table.c.method == wanted.method.upper())
        if wanted.status is not None:
            conditions.append(table.c.status == wanted.status)
        if wanted.project_id is not None:
            conditions.append(table.c.project_id == wanted.project_id)
        if wanted.since_us is not None:
            conditions.append(table.c.at_us >= wanted.since_us)
        with self.database.transaction(write=bool(self._pending)) as session:
            self._flush(session)
            count = session.scalar(select(func.count()).select_from(table).where(*conditions))
            # oldest first by arrival (a delayed request among those that came before it)
            query = (
                select(table).where(*conditions).order_by(table.c.at_us.desc(), table.c.seq.desc())
            )
            if wanted.limit is not None:
                query = query.limit(wanted.limit)
            rows = list(session.execute(query).mappings())
        rows.reverse()
        return [_record_of(row) for row in rows], int(count or 0)

    def clear(self, session: Session | None = None) -> None:
        """Forget every record, and every request that arrived until now (in the session's
        transaction, when given one)."""
        if session is None:
            with self.database.transaction(write=True) as own:
                self.clear(own)
            return
        now_us = time.time_ns() // 1000
        self._pending.clear()
        self._cleared_at_us = now_us
        session.execute(delete(journal_table))
        if not self.buffered:
            session.execute(delete(meta_table).where(meta_table.c.key == _CLEARED_AT))
            session.execute(insert(meta_table).values(key=_CLEARED_AT, value=str(now_us)))


def _row_of(entry: JournalEntry) -> dict[str, Any]:
    """The table row of a record."""
    return {
        "at_us": entry.at_us,
        "request_id": entry.request_id,
        "operation": entry.operation,
        "method": _storable(entry.method),
        "path": _storable(entry.path),
        "query": _storable(entry.query),
        "project_id": _storable(entry.project_id),
        "status": entry.status,
        "error_code": _storable(entry.error_code),
        "duration_ms": round(entry.duration_ms, 3),
        "body": _storable(
            body_value(entry.body, truncated=entry.body_truncated, json_body=entry.json_body)
        ),
    }


def _record_of(row: Any) -> JournalRecord:
    return JournalRecord(
        time=format_time(row["at_us"]),
        request_id=row["request_id"],
        operation=row["operation"],
        method=row["method"],
        path=row["path"],
        query=row["query"],
        project_id=row["project_id"],
        status=row["status"],
        error_code=row["error_code"],
        duration_ms=row["duration_ms"],
        body=row["body"],
    )
