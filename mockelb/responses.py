"""Success responses: orjson bodies carrying the request's id, as the cloud sends them."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of


def respond(request: Request, body: dict[str, Any], status_code: int = 200) -> Response:
    """A JSON response whose body request_id equals its X-Request-Id header."""
    request_id = request_id_of(request)
    body["request_id"] = request_id
    return Response(
        content=orjson.dumps(body),
        status_code=status_code,
        media_type="application/json",
        headers={"X-Request-Id": request_id},
    )


def no_content(request: Request) -> Response:
    """A 204 with no body (deletes)."""
    return Response(status_code=204, headers={"X-Request-Id": request_id_of(request)})
