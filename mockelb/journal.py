"""The request journal: every ELB and VPC API request, as the client sent it and as it was
answered, kept in the database (shared by all workers) and bounded in count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import delete, func, insert, select
from sqlalchemy.sql import ColumnElement
from typing_extensions import TypedDict

from mockelb.db import Database
from mockelb.housekeeping import journal_table


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
    """PostgreSQL text cannot hold NUL characters: show them as U+FFFD."""
    if isinstance(value, str):
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
    """Writes and reads the journal table; keeps at most `size` records (0: records none)."""

    def __init__(self, database: Database, *, size: int, body_limit: int) -> None:
        self.database = database
        self.size = size
        self.body_limit = body_limit

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def record(self, entry: JournalEntry) -> None:
        """Append one request and drop the oldest beyond the size (blocking: thread pool)."""
        row = {
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
        with self.database.transaction(write=True) as session:
            seq = session.execute(
                insert(journal_table).values(row).returning(journal_table.c.seq)
            ).scalar_one()
            if seq > self.size:
                session.execute(delete(journal_table).where(journal_table.c.seq <= seq - self.size))

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
        with self.database.transaction(write=False) as session:
            count = session.scalar(select(func.count()).select_from(table).where(*conditions))
            query = select(table).where(*conditions).order_by(table.c.seq.desc())
            if wanted.limit is not None:
                query = query.limit(wanted.limit)
            rows = list(session.execute(query).mappings())
        rows.reverse()
        return [_record_of(row) for row in rows], int(count or 0)

    def clear(self) -> None:
        with self.database.transaction(write=True) as session:
            session.execute(delete(journal_table))


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
