"""Who may call the API. Open mode: any well-formed token or SDK signature is accepted."""

from __future__ import annotations

import re
from datetime import datetime

from starlette.requests import Request

from mockelb.errors import AuthenticationFailed, ProjectMismatch

SDK_AUTHORIZATION = re.compile(
    r"^SDK-HMAC-SHA256 Access=[^,\s]+, SignedHeaders=[a-z0-9\-;]+, Signature=[0-9a-f]+$"
)


def _check_sdk_date(value: str | None) -> None:
    if not value:
        raise AuthenticationFailed(reason="verify aksk signature fail: X-Sdk-Date not found")
    try:
        datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise AuthenticationFailed(
            reason="verify aksk signature fail: X-Sdk-Date is not yyyyMMddTHHmmssZ"
        ) from None


async def authenticate(request: Request) -> None:
    """Require X-Auth-Token or an SDK-HMAC-SHA256 signature; the project must match the path."""
    headers = request.headers
    authorization = headers.get("authorization")
    if authorization:
        if not SDK_AUTHORIZATION.match(authorization):
            raise AuthenticationFailed(
                reason="verify aksk signature fail: malformed Authorization header"
            )
        _check_sdk_date(headers.get("x-sdk-date"))
    elif not headers.get("x-auth-token", "").strip():
        raise AuthenticationFailed(reason="x-auth-token not found")
    header_project = headers.get("x-project-id")
    path_project = request.path_params.get("project_id")
    if header_project and path_project and header_project != path_project:
        raise ProjectMismatch(header=header_project, path=path_project)
