"""List filters: repeated query keys are OR within a key and AND across keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, Integer, Select, true
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute

from mockelb.errors import InvalidInput

Filters = Mapping[str, Sequence[str]]
T = TypeVar("T")

_BOOLEANS = {"true": True, "false": False}


def _convert(column: Any, key: str, value: str) -> object:
    if isinstance(column.type, Boolean):
        if value.lower() not in _BOOLEANS:
            raise InvalidInput(field=key, reason="it must be true or false.")
        return _BOOLEANS[value.lower()]
    if isinstance(column.type, Integer):
        try:
            number = int(value)
        except ValueError:
            raise InvalidInput(field=key, reason="it must be an integer.") from None
        if not -(2**31) <= number < 2**31:
            raise InvalidInput(field=key, reason="it is out of the 32-bit integer range.")
        return number
    return value


# A filter that is not a column of the listed table: values -> the condition to apply.
Relation = Callable[[Sequence[str]], ColumnElement[bool]]

# enterprise_project_id=all_granted_eps: every enterprise project the caller may list
ALL_GRANTED_EPS = "all_granted_eps"


def enterprise_project_filter(column: InstrumentedAttribute[str]) -> Relation:
    """enterprise_project_id: the given projects, or no narrowing with all_granted_eps."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        if ALL_GRANTED_EPS in values:
            return true()
        return column.in_(values)

    return condition


def include_recycle_bin(values: Sequence[str]) -> ColumnElement[bool]:
    """include_recycle_bin: mockelb has no recycle bin, so the flag is checked, then ignored."""
    for value in values:
        if value.lower() not in _BOOLEANS:
            raise InvalidInput(field="include_recycle_bin", reason="it must be true or false.")
    return true()


def apply_filters(
    stmt: Select[T],
    model: type[DeclarativeBase],
    filters: Filters,
    relations: Mapping[str, Relation] | None = None,
) -> Select[T]:
    """Narrow `stmt` to rows whose columns equal one of the given values, key by key."""
    columns = model.__table__.columns
    for key, values in filters.items():
        if relations and key in relations:
            stmt = stmt.where(relations[key](values))
            continue
        column = columns[key]
        converted = [_convert(column, key, value) for value in values]
        stmt = stmt.where(column.in_(converted))
    return stmt
