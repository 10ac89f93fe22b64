"""Wire schemas of the member operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.schemas.common import ElbModel, Name, Weight

Address = Annotated[str, Field(min_length=1, max_length=64)]
# 0 is kept for IP-protocol and any-port pools; the service applies the pool's port rules
MemberPort = Annotated[int, Field(ge=0, le=65535)]
SubnetCidrId = Annotated[str, Field(max_length=36)]
AvailabilityZoneCode = Annotated[str, Field(max_length=64)]
# member ids are the store's ids (seeds may name them): as wide as the column
MemberId = Annotated[str, Field(min_length=1, max_length=64)]
# the cloud's limit on the items of one batch-add, batch-delete or batch-update call
MAX_BATCH = 200


class BatchCreateMembersOption(ElbModel):
    address: Address
    protocol_port: MemberPort | None = None
    name: Name | None = None
    weight: Weight | None = None
    subnet_cidr_id: SubnetCidrId | None = None
    availability_zone: AvailabilityZoneCode | None = None


class BatchCreateMembersRequestBody(ElbModel):
    members: Annotated[list[BatchCreateMembersOption], Field(min_length=1, max_length=MAX_BATCH)]


class CreateMemberOption(BatchCreateMembersOption):
    """One member: the fields of a batch-add item, plus two the cloud accepts and ignores."""

    admin_state_up: bool | None = None  # derived from the backing server, never set
    project_id: Annotated[str, Field(min_length=1, max_length=32)] | None = None


class CreateMemberRequestBody(ElbModel):
    member: CreateMemberOption


class UpdateMemberOption(ElbModel):
    """address and subnet_cidr_id are not here: they cannot be updated."""

    admin_state_up: bool | None = None  # accepted and ignored, as on create
    availability_zone: AvailabilityZoneCode | None = None
    name: Name | None = None
    weight: Weight | None = None
    protocol_port: MemberPort | None = None


class UpdateMemberRequestBody(ElbModel):
    member: UpdateMemberOption


class BatchDeleteMembersOption(ElbModel):
    """Either id alone, or address and protocol_port together (checked by the service)."""

    id: MemberId | None = None
    address: Address | None = None
    protocol_port: MemberPort | None = None


class BatchDeleteMembersRequestBody(ElbModel):
    members: Annotated[list[BatchDeleteMembersOption], Field(min_length=1, max_length=MAX_BATCH)]


class BatchUpdateMembersOption(UpdateMemberOption):
    id: MemberId


class BatchUpdateMembersRequestBody(ElbModel):
    members: Annotated[list[BatchUpdateMembersOption], Field(min_length=1, max_length=MAX_BATCH)]
