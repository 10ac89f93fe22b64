"""Schemathesis hooks for tests/test_schemathesis.py (loaded by the `schemathesis run` it
starts, through the `hooks` key of its configuration): the check that mockelb never answers
in FastAPI's own error shapes."""

from __future__ import annotations

import schemathesis
from schemathesis import Case, CheckContext, Response


@schemathesis.check
def no_fastapi_error_shapes(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Bad input is answered in the cloud's envelope ({"error_msg", "error_code",
    "request_id"}): never FastAPI's 422, never a body with a top-level `detail`."""
    if response.status_code == 422:
        raise AssertionError(f"FastAPI's 422 answered: {response.text[:500]}")
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict) and "detail" in body:
        raise AssertionError(f"A body with a top-level `detail`: {response.text[:500]}")
    return None
