"""The test harness's shared parts: the request journal, the fault rules and the index
that names each request's operation, built once per app from its settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete
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
            journal=Journal(
                database, size=settings.journal_size, body_limit=settings.journal_body_limit
            ),
            # an in-memory database belongs to this process: nobody else changes the rules
            faults=FaultBook(database, cached=database.is_memory),
            operations=OperationIndex(routes),
        )

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Run blocking database work in the thread pool, on one of the database's turns."""
        async with self.database.turns():
            return await run_in_threadpool(work, *args)

    def clear(self) -> None:
        """Forget every journal record, fault rule and probe result (blocking)."""
        self.journal.clear()
        self.faults.clear()
        with self.database.transaction(write=True) as session:
            session.execute(delete(probe_table))
