"""The paging of list operations: the request's parameters and one page of records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_LIMIT = 2000


@dataclass(frozen=True)
class Paging:
    """The paging parameters of a list request: marker, limit and page_reverse."""

    marker: str | None = None
    limit: int = MAX_LIMIT
    page_reverse: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_marker: str | None
