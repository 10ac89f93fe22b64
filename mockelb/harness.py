"""The test harness's shared parts: the request journal, the fault rules and the index
that names each request's operation, built once per app from its settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from mockelb.config import Settings
from mockelb.db import Database
from mockelb.faults import FaultBook
from mockelb.housekeeping import probe_table
from mockelb.journal import Journal
from mockelb.operations import OperationIndex

T = TypeVar("T")


@dataclass(frozen=True)
class Harness:
    database: Database
    journal: Journal
    faults: FaultBook
    operations: OperationIndex

    @classmethod
    def build(cls, settings: Settings, database: Database, routes: Iterable[BaseRoute]) -> Harness:
        return cls(
            database=database,
            # an in-memory database belongs to this process: records wait for the next read
            journal=Journal(
                database,
                size=settings.journal_size,
                body_limit=settings.journal_body_limit,
                buffered=database.is_memory,
            ),
            # an in-memory database belongs to this process: nobody else changes the rules
            faults=FaultBook(database, cached=database.is_memory, seed=settings.id_seed),
            operations=OperationIndex(routes),
        )

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Run blocking database work in the thread pool, on one of the database's turns."""
        async with self.database.turns():
            return await run_in_threadpool(work, *args)

    def clear(self, session: Session) -> None:
        """Forget every journal record, fault rule and probe result, in the session's
        transaction (a full reset's)."""
        self.journal.clear(session)
        self.faults.clear(session)
        session.execute(delete(probe_table))
