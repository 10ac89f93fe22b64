"""The OpenAPI document mockelb serves at /_mockelb/openapi.json.

FastAPI's own document would miss the request bodies (mockelb reads them itself, to answer
bad ones in the cloud's shape) and advertise a 422 that mockelb never sends. This one gives
every operation its request body schema, its response body (the views' TypedDicts, named by
`@response_body` on each route) and the errors it answers with, in the cloud's envelope.

The response bodies are not FastAPI `response_model`s: FastAPI would compile a pydantic
schema of every one for each new app on its first request (a third of a second), and never
use it, as the routes answer with ready Responses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypedDict

from mockelb.validation import JsonBody


class ErrorBody(TypedDict):
    """The cloud's error envelope: the one shape of every error mockelb answers with."""

    error_msg: str
    error_code: str
    request_id: str


EndpointT = TypeVar("EndpointT", bound=Callable[..., Any])

# endpoint (module.qualname) -> the TypedDict of its success body; filled at import by
# @response_body, read only when the document is built
_RESPONSE_BODIES: dict[str, Any] = {}


def response_body(body: Any) -> Callable[[EndpointT], EndpointT]:
    """Name the TypedDict of an operation's success body, for the OpenAPI document."""

    def register(endpoint: EndpointT) -> EndpointT:
        _RESPONSE_BODIES[_key_of(endpoint)] = body
        return endpoint

    return register


def _key_of(endpoint: Callable[..., Any]) -> str:
    return f"{endpoint.__module__}.{endpoint.__qualname__}"


_REF = "#/components/schemas/{model}"
_ERROR_REF = {"$ref": _REF.format(model="ErrorBody")}
# the errors every operation of the cloud's API can answer with, and those of writes
_API_ERRORS = {
    "400": "Invalid request (ELB.8902 and the other client errors; APIGW.0201)",
    "401": "No or bad credentials (APIGW.0301)",
    "403": "The token's project is not the path's (APIGW.0302)",
    "404": "Resource not found (ELB.8904), or no such operation (APIGW.0101)",
}
_WRITE_ERRORS = {
    "409": "Conflict with the current state (ELB.8907) or quota exceeded (ELB.8905)",
    "413": "Request body too large (APIGW.0201)",
}
_API_PREFIXES = ("/v3/", "/v1/")
# the errors of the admin routes (all but health, which --admin-token leaves open)
_ADMIN_ERRORS = {
    "400": "Invalid query or body (ELB.8902), naming the problem",
    "401": "The X-Admin-Token header is missing or wrong, when --admin-token is set",
}
_ADMIN_NOT_FOUND = {"404": "No such resource (ELB.8904)"}


def install_openapi(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """Make `app` serve this module's document of the routers' operations (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_document(app, routers)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def openapi_document(app: FastAPI, routers: Sequence[APIRouter]) -> dict[str, Any]:
    """FastAPI's document with request bodies and error responses, and without the 422.

    The routers are the app's own: their routes carry the operations' dependencies.
    """
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    routes = [route for router in routers for route in router.routes]
    for route in routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in route.methods or ():
                operation = document["paths"][route.path_format][method.lower()]
                _describe(operation, route, method, schemas)
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["ErrorBody"] = TypeAdapter(ErrorBody).json_schema(ref_template=_REF)
    return document


def _describe(operation: dict[str, Any], route: APIRoute, method: str, schemas: Any) -> None:
    """Set the operation's request body and error responses."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    for status, description in _errors_of(route, method).items():
        responses.setdefault(
            status,
            {
                "description": description,
                "content": {"application/json": {"schema": _ERROR_REF}},
            },
        )
    body = next(_json_bodies(route.dependant), None)
    if body is not None:
        operation["requestBody"] = {
            "required": body.required,
            "content": {"application/json": {"schema": _schema_of(body.model, schemas)}},
        }
    _describe_success(responses, route, schemas)


def _errors_of(route: APIRoute, method: str) -> dict[str, str]:
    """The error answers of an operation, by status."""
    path = route.path_format
    if path.startswith(_API_PREFIXES):
        errors = dict(_API_ERRORS)
        if method != "GET":
            errors.update(_WRITE_ERRORS)
        return errors
    if path.startswith("/_mockelb/") and path != "/_mockelb/health":
        errors = {**_ADMIN_ERRORS, **(_ADMIN_NOT_FOUND if "{" in path else {})}
        if path == "/_mockelb/reset":
            errors["409"] = "A start-up id of the project is another project's now (ELB.8907)"
        return errors
    return {}


def _describe_success(responses: dict[str, Any], route: APIRoute, schemas: Any) -> None:
    """The success response: its body's schema, or none for a 204."""
    status = str(route.status_code or 200)
    success = responses.setdefault(status, {"description": "Successful Response"})
    body = _RESPONSE_BODIES.get(_key_of(route.endpoint))
    if body is None:
        success.pop("content", None)
    else:
        success["content"] = {"application/json": {"schema": _schema_of(body, schemas)}}


def _json_bodies(dependant: Dependant) -> Iterator[JsonBody[Any]]:
    """The JsonBody dependencies of a route, however deep."""
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, JsonBody):
            yield dependency.call
        yield from _json_bodies(dependency)


def _schema_of(model: Any, schemas: dict[str, Any]) -> dict[str, str]:
    """A reference to the model's schema, which (with its parts) joins the components.

    Two different types may not share a name: the document has one schema per name.
    """
    mode: Literal["validation", "serialization"] = (
        "validation"
        if isinstance(model, type) and issubclass(model, BaseModel)
        else "serialization"
    )
    schema = TypeAdapter(model).json_schema(ref_template=_REF, mode=mode)
    parts: dict[str, Any] = {**schema.pop("$defs", {}), model.__name__: schema}
    for name, part in parts.items():
        known = schemas.setdefault(name, part)
        if known != part:
            raise ValueError(f"two different schemas are named {name}")
    return {"$ref": _REF.format(model=model.__name__)}
