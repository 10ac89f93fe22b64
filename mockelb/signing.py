"""SDK-HMAC-SHA256, the request signature of the Huawei Cloud SDKs, rebuilt by the server.

Each step mirrors huaweicloudsdkcore/signer/signer.py, so that exactly what the SDK signs
verifies: the canonical request is the method, the canonical URI (each path segment decoded
and re-encoded, a trailing slash added), the canonical query, the signed headers
(`name:value` lines, then their names joined by `;`) and the hex SHA-256 of the body; the
string to sign is the algorithm, X-Sdk-Date and the hex SHA-256 of the canonical request;
the signature is the hex HMAC-SHA256 of that string keyed with the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from datetime import datetime
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def _encode(text: str) -> str:
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """The path as the SDK signs it: each segment decoded, re-encoded, and a trailing `/`."""
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else f"{uri}/"


def canonical_query(query: str) -> str:
    """The raw query string as the SDK signs it.

    The SDK sorts its parameters by name and the values of a repeated one in their own type
    (integers numerically), then sends them in that order: so the parameters are sorted by
    name here, stably, and the values of each keep the order they came in.
    """
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if part:
            name, _, value = part.partition("=")
            pairs.append((unquote(name), unquote(value)))
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in pairs)


def body_sha256(body: bytes, content_sha256: str | None) -> str:
    """The body's hash as signed: a non-empty body's X-Sdk-Content-Sha256 when sent
    (the SDK sends `UNSIGNED-PAYLOAD` for a body that is not JSON), else its hex SHA-256."""
    if not body:
        return EMPTY_BODY_SHA256
    return content_sha256 or hashlib.sha256(body).hexdigest()


def canonical_request(
    *,
    method: str,
    path: str,
    query: str,
    header: Callable[[str], str | None],
    signed_headers: Sequence[str],
    body_hash: str,
) -> str | None:
    """The canonical request; None when a signed header is missing from the request.

    `header(name)` gives a header's value as sent (the SDK signs values stripped).
    """
    lines = []
    for name in signed_headers:
        value = header(name)
        if value is None:
            return None
        lines.append(f"{name}:{value.strip()}")
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            "\n".join(lines) + "\n",
            ";".join(signed_headers),
            body_hash,
        )
    )


def string_to_sign(canonical: str, signed_at: datetime) -> str:
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"{ALGORITHM}\n{signed_at.strftime(DATE_FORMAT)}\n{digest}"


def signature(secret_key: str, text: str) -> str:
    """The hex HMAC-SHA256 of the text, keyed with the secret key."""
    return hmac.new(secret_key.encode(), text.encode(), hashlib.sha256).hexdigest()
