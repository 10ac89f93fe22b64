"""Who may call the API, and who may call the admin API.

Open mode (the default): any well-formed token or SDK signature is accepted, and nothing
is looked up. Strict mode: only the seed files' tokens and credentials, with the
SDK-HMAC-SHA256 signature verified as the SDK computes it (mockelb.signing), an X-Sdk-Date
within 15 minutes of the server's clock, and the credential's project equal to the path's.
A token or credential whose project_id is null may be used on every project: a real access
key belongs to a user, not to a project, and a seed file without a project says no more.
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from mockelb import signing
from mockelb.db import Database
from mockelb.errors import (
    AdminTokenRequired,
    AuthenticationFailed,
    CredentialProjectMismatch,
    ProjectMismatch,
)
from mockelb.models import Credential, Token

logger = logging.getLogger("mockelb.auth")

SDK_AUTHORIZATION = re.compile(
    r"^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9\-;]+), Signature=([0-9a-f]+)$"
)
# how far X-Sdk-Date may be from the server's clock (the API gateway's rule)
MAX_CLOCK_SKEW = timedelta(minutes=15)
SIGNATURE_FAILED = "verify aksk signature fail"

Row = TypeVar("Row", Credential, Token)


def _parse_sdk_date(value: str | None) -> datetime:
    if not value:
        raise AuthenticationFailed(reason=f"{SIGNATURE_FAILED}: X-Sdk-Date not found")
    try:
        return datetime.strptime(value, signing.DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise AuthenticationFailed(
            reason=f"{SIGNATURE_FAILED}: X-Sdk-Date is not yyyyMMddTHHmmssZ"
        ) from None


async def authenticate(request: Request) -> None:
    """Require X-Auth-Token or an SDK-HMAC-SHA256 signature; the project must match the path.

    Strict mode checks them against the seed files' tokens and credentials.
    """
    headers = request.headers
    strict = request.app.state.settings.auth == "strict"
    credential_project: str | None = None
    authorization = headers.get("authorization")
    if authorization:
        parsed = SDK_AUTHORIZATION.match(authorization)
        if parsed is None:
            raise AuthenticationFailed(reason=f"{SIGNATURE_FAILED}: malformed Authorization header")
        signed_at = _parse_sdk_date(headers.get("x-sdk-date"))
        if strict:
            access_key, signed_headers, signature = parsed.groups()
            credential_project = await _verify_signature(
                request, access_key, signed_headers.split(";"), signature, signed_at
            )
    else:
        token = headers.get("x-auth-token", "").strip()
        if not token:
            raise AuthenticationFailed(reason="x-auth-token not found")
        if strict:
            credential_project = await _token_project(request, token)
    path_project = request.path_params.get("project_id")
    header_project = headers.get("x-project-id")
    if header_project and path_project and header_project != path_project:
        raise ProjectMismatch(header=header_project, path=path_project)
    # 403 APIGW.0302, not 401: the credential is genuine, only not this project's
    if credential_project and path_project and credential_project != path_project:
        raise CredentialProjectMismatch(credential=credential_project, path=path_project)


async def _verify_signature(
    request: Request,
    access_key: str,
    signed_headers: list[str],
    signature: str,
    signed_at: datetime,
) -> str | None:
    """The credential's project, once the signature is the SDK's for its secret key."""
    if abs(datetime.now(UTC) - signed_at) > MAX_CLOCK_SKEW:
        raise AuthenticationFailed(
            reason=f"{SIGNATURE_FAILED}: X-Sdk-Date is more than 15 minutes from the server time"
        )
    credential = await _look_up(request, Credential, access_key)
    if credential is None:
        raise AuthenticationFailed(reason=f"Get secretKey failed,ak:{access_key},err:ak not exist")
    body = await request.body()  # Starlette keeps it for the operation's own parsing
    canonical = signing.canonical_request(
        method=request.method,
        path=_raw_path(request),
        query=request.scope.get("query_string", b"").decode(errors="replace"),
        header=lambda name: _header_as_sent(request, name),
        signed_headers=signed_headers,
        body_hash=signing.body_sha256(body, request.headers.get("x-sdk-content-sha256")),
    )
    expected = (
        signing.signature(credential.secret_key, signing.string_to_sign(canonical, signed_at))
        if canonical is not None
        else ""
    )
    if not hmac.compare_digest(expected, signature):
        logger.debug("signature mismatch; canonical request:\n%s", canonical)
        raise AuthenticationFailed(reason=SIGNATURE_FAILED)
    return credential.project_id


async def _token_project(request: Request, token: str) -> str | None:
    """The token's project, once the token is one of the seed files'."""
    found = await _look_up(request, Token, Token.sha256_of(token))
    if found is None:
        raise AuthenticationFailed(reason="decrypt token fail")
    return found.project_id


async def _look_up(request: Request, model: type[Row], key: str) -> Row | None:
    """The row with this primary key, read in a turn of the database like an operation."""
    database: Database = request.app.state.database

    def read() -> Row | None:
        with database.transaction(write=False) as session:
            return session.get(model, key)

    async with database.turns():
        return await run_in_threadpool(read)


def _raw_path(request: Request) -> str:
    # the path as sent, still percent-encoded (the SDK signs its own encoding of it)
    raw: bytes | None = request.scope.get("raw_path")
    return raw.decode(errors="replace") if raw else request.url.path


def _header_as_sent(request: Request, name: str) -> str | None:
    value = request.headers.get(name)
    if value is None:
        return None
    # the SDK sends header values as UTF-8; Starlette decodes header bytes as Latin-1
    try:
        return value.encode("latin-1").decode()
    except UnicodeDecodeError:
        return value


async def require_admin_token(request: Request) -> None:
    """When the server has an admin token, an admin call must send it as X-Admin-Token."""
    expected: str | None = request.app.state.settings.admin_token
    if expected is None:
        return
    given = request.headers.get("x-admin-token")
    if not given:
        raise AdminTokenRequired(reason="x-admin-token not found")
    if not hmac.compare_digest(given.encode("latin-1"), expected.encode()):
        raise AdminTokenRequired(reason="x-admin-token does not match")
