"""Success responses: orjson bodies carrying the request's id, as the cloud sends them.

Each operation's body is a TypedDict of its views module (the OpenAPI document shows the
same type); it carries `request_id`, which the X-Request-Id header repeats.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of


def respond(body: Mapping[str, object], status_code: int = 200) -> Response:
    """A JSON response whose X-Request-Id header is the body's request_id."""
    request_id = body["request_id"]
    assert isinstance(request_id, str)
    return Response(
        content=orjson.dumps(body),
        status_code=status_code,
        media_type="application/json",
        headers={"X-Request-Id": request_id},
    )


def no_content(request: Request) -> Response:
    """A 204 with no body (deletes)."""
    return Response(status_code=204, headers={"X-Request-Id": request_id_of(request)})


def json_response(body: object, status_code: int = 200) -> Response:
    """A JSON response of the admin API (the X-Request-Id header comes from the middleware)."""
    return Response(
        content=orjson.dumps(body), status_code=status_code, media_type="application/json"
    )
