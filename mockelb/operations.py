"""Which SDK operation a request calls: the name of the route function it reaches.

Route functions are named after the SDK's operations (`batch_create_members`), so the
journal and the fault rules name operations exactly as the SDK does, from this one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.routing import BaseRoute, Route

# the namespace of mockelb's own routes (admin API, documentation): never an operation
ADMIN_PREFIX = "/_mockelb"


@dataclass(frozen=True)
class Operation:
    """A request's operation (None when no route takes it) and its project (from the path)."""

    name: str | None
    project_id: str | None


@dataclass(frozen=True)
class _Entry:
    regex: re.Pattern[str]
    methods: frozenset[str]
    name: str


_PROJECT_IN_PATH = re.compile(r"^/v[0-9.]+/([^/]+)/")


class OperationIndex:
    """The API's routes, to name the operation of a method and path."""

    def __init__(self, routes: Iterable[BaseRoute]) -> None:
        self._entries = tuple(
            _Entry(route.path_regex, frozenset(route.methods or ()), route.name)
            for route in routes
            if isinstance(route, Route) and not route.path.startswith(ADMIN_PREFIX)
        )

    @property
    def names(self) -> frozenset[str]:
        return frozenset(entry.name for entry in self._entries)

    def resolve(self, method: str, path: str) -> Operation:
        """The operation a request reaches; its project from the path even when none does."""
        for entry in self._entries:
            match = entry.regex.match(path)
            if match is not None and method in entry.methods:
                return Operation(entry.name, match.groupdict().get("project_id"))
        found = _PROJECT_IN_PATH.match(path)
        return Operation(None, found.group(1) if found else None)
