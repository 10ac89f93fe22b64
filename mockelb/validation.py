"""Turning request bodies into schema objects, and pydantic's complaints into ElbErrors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from mockelb.errors import (
    ElbError,
    InvalidInput,
    InvalidRequest,
    NotFound,
    UnrecognizedAttributes,
)

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
    # FastAPI prefixes where the value came from ("body", "query", "path"); a body parsed
    # here has no prefix, so a field of that name (a fault rule's "path") stays
    location = list(first["loc"])
    if len(location) > 1 and location[0] in ("body", "query", "path"):
        location = location[1:]
    if _is_noise(location):
        location = location[:-1]
    if first["type"] == "json_invalid":
        return InvalidRequest(message="Invalid request body: it is not valid JSON.")
    field = field_path(location) or "body"
    reason = _REASONS.get(first["type"], str(first["msg"]).rstrip(".") + ".")
    return InvalidInput(field=field, reason=reason)


# NUL characters: PostgreSQL refuses them in text, SQLite would store them. A client can
# send one anywhere (a path id as %00, a query value, a JSON string as \u0000), so the
# request is checked where it is parsed, and both engines answer alike:
# * a JSON field or a query value: 400 ELB.8902 naming it, as for any other invalid value;
# * a resource id in the path: 404 ELB.8904 "<kind> <id> could not be found." The ELB
#   service looks path ids up as opaque strings (a malformed id is as unknown as a
#   well-formed one that does not exist), and no resource can have such an id;
# * the project id in the path: 400 naming project_id (no credential can be scoped to it).
NUL = "\x00"
NUL_REASON = "it must not contain NUL (\\u0000) characters."

# path parameter -> the resource kind its not-found message names
_PATH_KINDS = {
    "loadbalancer_id": "loadbalancer",
    "listener_id": "listener",
    "pool_id": "pool",
    "member_id": "member",
    "healthmonitor_id": "healthmonitor",
    "certificate_id": "certificate",
    "ipgroup_id": "ipgroup",
    "logtank_id": "logtank",
    "l7policy_id": "l7policy",
    "l7rule_id": "l7rule",
    "security_policy_id": "security_policy",
    "flavor_id": "flavor",
    "vpc_id": "vpc",
    "subnet_id": "subnet",
    "job_id": "job",
    "fault_id": "fault",
}


def _nul_location(value: object, location: list[int | str]) -> list[int | str] | None:
    """Where the first string with a NUL is in parsed JSON (a key counts as its field)."""
    if isinstance(value, str):
        return location if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_location(item, [*location, key]) if NUL not in key else [*location, key]
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_location(item, [*location, index])
            if found is not None:
                return found
    return None


def _reject_nul_in_json(raw: bytes) -> None:
    # JSON can only carry a NUL escaped, so bodies without the escape cost one scan
    if b"\\u0000" not in raw:
        return
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return  # not JSON: validation says so
    location = _nul_location(document, [])
    if location is not None:
        raise InvalidInput(field=field_path(location) or "body", reason=NUL_REASON)


async def reject_nul_characters(request: Request) -> None:
    """A dependency of every API route: no NUL in the path's ids or the query's values
    (async: it runs on the event loop, not in the thread pool)."""
    for name, value in request.path_params.items():
        if isinstance(value, str) and NUL in value:
            kind = _PATH_KINDS.get(name)
            if kind is None:
                raise InvalidInput(field=name, reason=NUL_REASON)
            raise NotFound(kind=kind, id=value)
    query = request.scope.get("query_string", b"")
    if query and (b"%00" in query or b"\x00" in query):
        for key, value in request.query_params.multi_items():
            if NUL in value:
                raise InvalidInput(field=key, reason=NUL_REASON)


def parse_body(model: type[ModelT], raw: bytes) -> ModelT:
    """Validate a JSON body against a schema, or raise the cloud's 400."""
    if not raw.strip():
        raise InvalidRequest(message="RequestBody is null or empty, request is invalid.")
    _reject_nul_in_json(raw)
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise elb_error_of(exc.errors(include_url=False)) from None


# Bodies above this are parsed and validated in the thread pool rather than on the event
# loop; smaller ones (every valid ELB request: 200 members are ~40 KB, ~1 ms) take less time
# than the hand-over to a thread. pydantic-core holds the GIL while it validates (~45 ms
# per MB of members), so other requests still wait for most of that: what bounds the wait
# is Settings.max_body_size.
INLINE_PARSE_LIMIT = 64 * 1024


class JsonBody(Generic[ModelT]):
    """A dependency that reads and validates the request body as `model` (which the
    OpenAPI document names as the operation's request body)."""

    required = True

    def __init__(self, model: type[ModelT]) -> None:
        self.model = model

    async def __call__(self, request: Request) -> ModelT:
        raw = await request.body()
        if not self.required and not raw.strip():
            return self.model()
        if len(raw) > INLINE_PARSE_LIMIT:
            return await run_in_threadpool(parse_body, self.model, raw)
        return parse_body(self.model, raw)


class OptionalJsonBody(JsonBody[ModelT]):
    """A JsonBody the request may leave empty: the model's defaults stand in for it."""

    required = False


def json_body(model: type[ModelT]) -> JsonBody[ModelT]:
    """A dependency that reads and validates the request body as `model`."""
    return JsonBody(model)
