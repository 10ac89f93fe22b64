"""Wire schemas of the member check job operations (create_member_health_check_job), named
as in the API reference."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import ElbModel

# the SDK's values of CreateMemberHealthCheckJobOption.subject: one group of checks, or all
MemberCheckSubject = Literal["securityGroup", "networkAcl", "config", "all"]
# listener ids are the store's ids (seeds may name them): as wide as the column
CheckedListenerId = Annotated[str, Field(min_length=1, max_length=64)]


class CreateMemberHealthCheckJobOption(ElbModel):
    listener_id: CheckedListenerId
    subject: MemberCheckSubject


class CreateMemberHealthCheckJobRequestBody(ElbModel):
    """The English page marks member_check optional, but both of its fields are required:
    a body without it could not be valid, so it is required here too (400 naming it)."""

    member_check: CreateMemberHealthCheckJobOption
