"""Turning request bodies into schema objects, and pydantic's complaints into ElbErrors."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from mockelb.errors import ElbError, InvalidInput, InvalidRequest, UnrecognizedAttributes

ModelT = TypeVar("ModelT", bound=BaseModel)

_REASONS = {
    "missing": "it is required.",
    "json_invalid": "the request body is not valid JSON.",
}


def field_path(location: Sequence[int | str]) -> str:
    """('members', 0, 'weight') -> 'members[0].weight'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _is_noise(location: Sequence[int | str]) -> bool:
    # pydantic names the branch of a union ("int", "constrained-str"…) in the location
    return bool(location) and isinstance(location[-1], str) and "-" in location[-1]


def elb_error_of(errors: Iterable[Mapping[str, Any]]) -> ElbError:
    """The one ElbError that describes a list of pydantic errors."""
    errors = list(errors)
    unknown = [str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden"]
    if unknown:
        return UnrecognizedAttributes.of(list(dict.fromkeys(unknown)))
    first = errors[0]
    location = [part for part in first["loc"] if part not in ("body", "query", "path")]
    if _is_noise(location):
        location = location[:-1]
    if first["type"] == "json_invalid":
        return InvalidRequest(message="Invalid request body: it is not valid JSON.")
    field = field_path(location) or "body"
    reason = _REASONS.get(first["type"], str(first["msg"]).rstrip(".") + ".")
    return InvalidInput(field=field, reason=reason)


def parse_body(model: type[ModelT], raw: bytes) -> ModelT:
    """Validate a JSON body against a schema, or raise the cloud's 400."""
    if not raw.strip():
        raise InvalidRequest(message="RequestBody is null or empty, request is invalid.")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise elb_error_of(exc.errors(include_url=False)) from None


def json_body(model: type[ModelT]) -> Callable[[Request], Coroutine[Any, Any, ModelT]]:
    """A dependency that reads and validates the request body as `model`."""

    async def dependency(request: Request) -> ModelT:
        return parse_body(model, await request.body())

    return dependency
