"""List filters: repeated query keys are OR within a key and AND across keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, Integer, Select
from sqlalchemy.orm import DeclarativeBase

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
