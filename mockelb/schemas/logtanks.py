"""Wire schemas of the logtank (access log) operations, named as in the API reference.

Lengths are OTC's CreateLogtankOption / UpdateLogtankOption (1 to 36 characters); the ids'
format, and every rule that needs the load balancer, are checked in services/logtanks.py.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.schemas.common import ElbModel, ResourceId

LtsId = Annotated[str, Field(min_length=1, max_length=36)]


class CreateLogtankOption(ElbModel):
    loadbalancer_id: ResourceId
    log_group_id: LtsId
    log_topic_id: LtsId


class CreateLogtankRequestBody(ElbModel):
    logtank: CreateLogtankOption


class UpdateLogtankOption(ElbModel):
    """Every field optional; a null one is left as it is (as the SDK leaves it out)."""

    log_group_id: LtsId | None = None
    log_topic_id: LtsId | None = None


class UpdateLogtankRequestBody(ElbModel):
    logtank: UpdateLogtankOption
