"""The errors mockelb answers with, as data, and the one place that renders them.

ElbError
├── InvalidInput            400 ELB.8902  (bad field, unknown attribute, bad JSON)
│   └── UnrecognizedAttributes
├── IpMemberProtocolNotSupported   400 ELB.8938
├── IpTargetNotEnabled      400 ELB.8939
├── NotFound                404 ELB.8904  "<type> <id> could not be found."
├── QuotaExceeded           409 ELB.8905
├── Conflict                409 ELB.8907
├── AuthenticationFailed    401 APIGW.0301
│   └── AdminTokenRequired      (the /_mockelb admin API's X-Admin-Token)
├── ProjectMismatch         403 APIGW.0302
│   └── CredentialProjectMismatch
├── ApiNotFound             404 APIGW.0101  (unknown route or method)
└── GatewayRequestError     400 APIGW.0201  (malformed HTTP request)
    ├── RequestTimeout          408 APIGW.0201
    ├── RequestEntityTooLarge   413 APIGW.0201
    ├── RequestUriTooLarge      414 APIGW.0201
    └── RequestHeadersTooLarge  494 APIGW.0201
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mockelb.ids import new_request_id


class ElbError(Exception):
    """An error the cloud would answer with; subclasses carry status, code and message."""

    status_code: ClassVar[int] = 400
    error_code: ClassVar[str] = "ELB.8902"
    template: ClassVar[str] = "{message}"

    def __init__(self, **details: object) -> None:
        self.details = details
        self.message = self.template.format(**details)
        super().__init__(self.message)


class InvalidInput(ElbError):
    """A request field is missing, malformed, out of range or not allowed here."""

    template = "Invalid input for '{field}': {reason}"


class InvalidRequest(ElbError):
    """The request as a whole is unusable (empty body, not JSON, wrong combination)."""

    template = "{message}"


class UnrecognizedAttributes(ElbError):
    """The body carries attributes the API does not know."""

    template = "Unrecognized attribute(s) '{names}'"

    @classmethod
    def of(cls, names: Sequence[str]) -> UnrecognizedAttributes:
        return cls(names=", ".join(names))


class IpMemberProtocolNotSupported(ElbError):
    """An IP-type member was added to a pool whose protocol does not allow them."""

    error_code = "ELB.8938"
    template = "The ip member just support when pool's protocol is {protocols}."


class IpTargetNotEnabled(ElbError):
    """An IP-type member was added behind a load balancer without ip_target_enable."""

    error_code = "ELB.8939"
    template = "The loadbalancer's ip_target_enable must be true when add ip member."


class NotFound(ElbError):
    """A resource named in the path or the body does not exist in this project."""

    status_code = 404
    error_code = "ELB.8904"
    template = "{kind} {id} could not be found."


class QuotaExceeded(ElbError):
    """Adding the resources would exceed the project's quota."""

    status_code = 409
    error_code = "ELB.8905"
    template = "Quota exceeded for resources: {resources}"


class Conflict(ElbError):
    """The request conflicts with the current state of a resource."""

    status_code = 409
    error_code = "ELB.8907"
    template = "{message}"


class AuthenticationFailed(ElbError):
    """No usable token or signature came with the request."""

    status_code = 401
    error_code = "APIGW.0301"
    template = "Incorrect IAM authentication information: {reason}"


class AdminTokenRequired(AuthenticationFailed):
    """The server has an admin token and the admin call did not carry it in X-Admin-Token.

    Not a cloud API: 401 APIGW.0301 keeps one error envelope and one code for "who are
    you?" across mockelb, so an admin client reads it like any other refusal."""

    template = "Incorrect admin authentication information: {reason}"


class ProjectMismatch(ElbError):
    """The request's X-Project-Id differs from the project in the path."""

    status_code = 403
    error_code = "APIGW.0302"
    template = (
        "The IAM user is not authorized to access the API: X-Project-Id {header} "
        "does not match the project {path} in the URI."
    )


class CredentialProjectMismatch(ProjectMismatch):
    """Strict mode: the token or access key belongs to a project other than the path's.

    The cloud does not document this case (the facts' §5.4 suggest 403 APIGW.0302 or 401
    APIGW.0301): the credential is valid, only not for this project, which is what the
    gateway's 403 APIGW.0302 says ("The IAM user is not authorized to access the API")."""

    template = (
        "The IAM user is not authorized to access the API: the credential belongs to "
        "project {credential}, not to the project {path} in the URI."
    )


class ApiNotFound(ElbError):
    """No API is published at this path with this method."""

    status_code = 404
    error_code = "APIGW.0101"
    template = "{message}"


class GatewayRequestError(ElbError):
    """The HTTP request itself is unusable: the cloud's API gateway refuses it before ELB
    sees it. The gateway's error table gives APIGW.0201 to the whole family (400 "API
    request error.", 413, 414, 494), so mockelb's transport-level refusals use it too."""

    error_code = "APIGW.0201"
    template = "API request error."


class RequestTimeout(GatewayRequestError):
    """The client stopped sending its request body part-way.

    Not in the gateway's table; 408 with the family's code is the plausible answer of a
    gateway that times the body out (the connection is closed after it)."""

    status_code = 408
    template = "Request timeout."


class RequestEntityTooLarge(GatewayRequestError):
    """The request body is larger than the server accepts (the gateway's limit is 12 MB)."""

    status_code = 413
    template = "Request entity too large."


class RequestUriTooLarge(GatewayRequestError):
    """The request line alone is larger than the header limit."""

    status_code = 414
    template = "Request URI too large."


class RequestHeadersTooLarge(GatewayRequestError):
    """The request line and headers are larger than the server accepts.

    494 is the status the gateway's table gives (nginx's "Request Header Too Large")."""

    status_code = 494
    template = "Request headers too large."


class InternalError(ElbError):
    """Something went wrong inside mockelb; never expected, always a bug."""

    status_code = 500
    error_code = "ELB.8906"
    template = "Internal server error."


def request_id_of(request: Request) -> str:
    """The id the request-id middleware gave this request (a fresh one outside it)."""
    request_id: str | None = getattr(request.state, "request_id", None)
    return request_id if request_id is not None else new_request_id()


def error_response(error: ElbError, request_id: str) -> Response:
    """Render an error in the cloud's flat envelope."""
    return envelope_response(error.status_code, error.error_code, error.message, request_id)


def envelope_response(status: int, code: str, message: str, request_id: str) -> Response:
    """The one place error bodies are shaped: {"error_msg", "error_code", "request_id"},
    with the request id in the X-Request-Id header too."""
    body: dict[str, Any] = {
        "error_msg": message,
        "error_code": code,
        "request_id": request_id,
    }
    return Response(
        content=orjson.dumps(body),
        status_code=status,
        media_type="application/json",
        headers={"X-Request-Id": request_id},
    )
