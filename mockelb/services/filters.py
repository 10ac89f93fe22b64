"""List filters: repeated query keys are OR within a key and AND across keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, Integer, Select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

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
    """include_recycle_bin: a boolean, checked here; which rows it adds is the list's scope
    (services/recycling.py: the recycle bin's load balancers and their listeners)."""
    for value in values:
        if value.lower() not in _BOOLEANS:
            raise InvalidInput(field="include_recycle_bin", reason="it must be true or false.")
    return true()


class json_array_holds(FunctionElement[bool]):
    """json_array_holds(column, value): the JSON array in `column` has the string `value` as
    one of its elements, compared exactly (case and all) on every engine: the element
    functions of each engine, not a text search of the serialised JSON."""

    type = Boolean()
    inherit_cache = True
    name = "json_array_holds"


@compiles(json_array_holds)
def _json_array_holds_sqlite(element: json_array_holds, compiler: SQLCompiler, **kw: Any) -> str:
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_each({array}) AS element WHERE element.value = {value})"


@compiles(json_array_holds, "postgresql")
def _json_array_holds_postgresql(
    element: json_array_holds, compiler: SQLCompiler, **kw: Any
) -> str:
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST({array} AS JSONB) @> jsonb_build_array(CAST({value} AS TEXT)))"


class json_array_holds_any(FunctionElement[bool]):
    """json_array_holds_any(column, value, ...): the JSON array in `column` has one of the
    strings (one or more) as an element, compared exactly as json_array_holds compares."""

    type = Boolean()
    inherit_cache = True
    name = "json_array_holds_any"


@compiles(json_array_holds_any)
def _json_array_holds_any_sqlite(
    element: json_array_holds_any, compiler: SQLCompiler, **kw: Any
) -> str:
    array, *values = (compiler.process(clause, **kw) for clause in element.clauses)
    return (
        f"EXISTS (SELECT 1 FROM json_each({array}) AS element "
        f"WHERE element.value IN ({', '.join(values)}))"
    )


@compiles(json_array_holds_any, "postgresql")
def _json_array_holds_any_postgresql(
    element: json_array_holds_any, compiler: SQLCompiler, **kw: Any
) -> str:
    array, *values = (compiler.process(clause, **kw) for clause in element.clauses)
    # ?|: one of the strings is an element of the array (or a key of an object)
    texts = ", ".join(f"CAST({value} AS TEXT)" for value in values)
    return f"(CAST({array} AS JSONB) ?| ARRAY[{texts}])"


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
