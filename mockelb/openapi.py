"""The OpenAPI document mockelb serves at /_mockelb/openapi.json.

FastAPI's own document would miss the request bodies (mockelb reads them itself, to answer
bad ones in the cloud's shape) and advertise a 422 that mockelb never sends. This one gives
every operation its request body schema, its response body (the views' TypedDicts) and the
errors it answers with, in the cloud's envelope.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

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
    if route.path_format.startswith(_API_PREFIXES):
        errors = dict(_API_ERRORS)
        if method != "GET":
            errors.update(_WRITE_ERRORS)
        for status, description in errors.items():
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


def _json_bodies(dependant: Dependant) -> Iterator[JsonBody[Any]]:
    """The JsonBody dependencies of a route, however deep."""
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, JsonBody):
            yield dependency.call
        yield from _json_bodies(dependency)


def _schema_of(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, str]:
    """A reference to the model's schema, which (with its parts) joins the components."""
    schema = model.model_json_schema(ref_template=_REF, mode="validation")
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"$ref": _REF.format(model=model.__name__)}
