"""The body of PUT /_mockelb/members/{member_id}/health (mockelb's admin API).

Values are the SDK's: the member operating statuses of Member and MemberStatus, and the
reason codes of MemberHealthCheckFailedReason.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import ElbModel

MemberOperatingStatus = Literal["ONLINE", "OFFLINE", "INITIAL", "NO_MONITOR", "UNKNOWN"]
ReasonCode = Literal[
    "CONNECT_TIMEOUT",
    "CONNECT_REFUSED",
    "CONNECT_FAILED",
    "CONNECT_INTERRUPT",
    "SSL_HANDSHAKE_ERROR",
    "RECV_RESPONSE_FAILED",
    "RECV_RESPONSE_TIMEOUT",
    "SEND_REQUEST_FAILED",
    "SEND_REQUEST_TIMEOUT",
    "RESPONSE_FORMAT_ERROR",
    "RESPONSE_MISMATCH",
]
# a status code, a list or ranges of them ("200", "200,202", "200-204,300-399")
StatusCodes = Annotated[str, Field(min_length=1, max_length=64)]


class MemberHealthCheckFailedReason(ElbModel):
    reason_code: ReasonCode
    expected_response: StatusCodes | None = None
    healthcheck_response: StatusCodes | None = None


class ForceMemberHealthRequestBody(ElbModel):
    """The member reports operating_status (and reason) to the listener, or to every
    listener of its pool when listener_id is left out."""

    operating_status: MemberOperatingStatus
    listener_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    reason: MemberHealthCheckFailedReason | None = None
