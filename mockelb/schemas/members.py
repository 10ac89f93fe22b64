"""Wire schemas of the member operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.schemas.common import ElbModel, Name, Weight


class BatchCreateMembersOption(ElbModel):
    address: Annotated[str, Field(min_length=1, max_length=64)]
    # 0 is kept for IP-protocol pools; the service applies the pool's port rules
    protocol_port: Annotated[int, Field(ge=0, le=65535)] | None = None
    name: Name | None = None
    weight: Weight | None = None
    subnet_cidr_id: Annotated[str, Field(max_length=36)] | None = None
    availability_zone: Annotated[str, Field(max_length=64)] | None = None


class BatchCreateMembersRequestBody(ElbModel):
    members: Annotated[list[BatchCreateMembersOption], Field(min_length=1, max_length=200)]
