"""A list operation in one place: the filters it knows (ListSpec) and one page of it
(list_page): select the scope, narrow it by the filters, page it by id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Session

from mockelb.services.filters import Filters, Relation, apply_filters
from mockelb.services.paging import Page, Paging, paginate, paginate_rows

M = TypeVar("M", bound=DeclarativeBase)
T = TypeVar("T")


@dataclass(frozen=True)
class ListSpec(Generic[M]):
    """The query filters of one list operation.

    `keys` are every filter of the SDK's List…Request (paging aside); a key of `csv_keys`
    also takes several values in one, comma-separated (a=1,2), as the reference gives it;
    a key of `relations` is not a plain column of `model` and says how it narrows.
    """

    model: type[M]
    keys: frozenset[str]
    csv_keys: frozenset[str] = frozenset()
    relations: Mapping[str, Relation] = field(default_factory=dict)

    def filters_of(self, query: Iterable[tuple[str, str]]) -> Filters:
        """The filters among the query's (key, value) pairs: repeated keys add values.

        The SDK repeats every key (a=1&a=2); a client following the reference may send
        a csv key's values in one (a=1,2). Keys this list does not know are ignored.
        """
        filters: dict[str, list[str]] = {}
        for key, value in query:
            if key in self.keys:
                values = value.split(",") if key in self.csv_keys else [value]
                filters.setdefault(key, []).extend(values)
        return filters


@dataclass(frozen=True)
class ListQuery:
    """A list request as a service sees it: the query string's pairs and the paging."""

    query: tuple[tuple[str, str], ...]
    paging: Paging


def list_page(
    session: Session,
    spec: ListSpec[M],
    scope: Select[M],
    request: ListQuery,
    *,
    relations: Mapping[str, Relation] | None = None,
    narrow: Select[M] | None = None,
    marker_in_page_set: bool = False,
) -> Page[M]:
    """One page of `scope` narrowed by the request's filters, in id order.

    `relations` add filters that depend on this request (they win over the spec's);
    `narrow`, when given, replaces `scope` as the statement the filters apply to. A marker
    may name any record of `scope` (the ELB API), or with `marker_in_page_set` only one the
    filters keep (the VPC API).
    """
    stmt = _filtered(spec, scope if narrow is None else narrow, request, relations)
    return paginate(
        session,
        stmt,
        id_column=_id_column(spec),
        paging=request.paging,
        marker_scope=None if marker_in_page_set else scope,
    )


def list_rows(
    session: Session,
    spec: ListSpec[M],
    scope: Select[Any],
    request: ListQuery,
    *,
    relations: Mapping[str, Relation] | None = None,
) -> Page[RowMapping]:
    """list_page() of a scope of plain columns (select(table)): the rows, not ORM objects,
    for lists long enough that loading objects would cost most of the request."""
    stmt = _filtered(spec, scope, request, relations)
    return paginate_rows(
        session, stmt, id_column=_id_column(spec), paging=request.paging, marker_scope=scope
    )


def _filtered(
    spec: ListSpec[M],
    stmt: Select[T],
    request: ListQuery,
    relations: Mapping[str, Relation] | None,
) -> Select[T]:
    filters = spec.filters_of(request.query)
    every_relation: Mapping[str, Relation] = (
        {**spec.relations, **relations} if relations else spec.relations
    )
    return apply_filters(stmt, spec.model, filters, every_relation)


def _id_column(spec: ListSpec[M]) -> InstrumentedAttribute[str]:
    id_column: InstrumentedAttribute[str] = getattr(spec.model, "id")  # noqa: B009
    return id_column


__all__ = ["ListQuery", "ListSpec", "list_page", "list_rows"]
