"""Shared pieces of the wire schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class ElbModel(BaseModel):
    """A request object of the API: unknown attributes are refused, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


Name = Annotated[str, Field(max_length=255)]
Description = Annotated[str, Field(max_length=255)]
ResourceId = Annotated[str, Field(min_length=1, max_length=36)]
Port = Annotated[int, Field(ge=1, le=65535)]
Weight = Annotated[int, Field(ge=0, le=100)]
# an integer without a documented range still has the cloud's 32-bit one
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
