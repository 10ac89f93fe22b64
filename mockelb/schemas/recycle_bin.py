"""Wire schemas of the recycle bin and of the batch and forced load balancer deletes, named
as in the API reference.

The reference gives the policy's hours no range; the bounds here are mockelb's (see
services/recycle_bin.py), and whether the bin is on is checked in the service.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.schemas.common import ElbModel, ResourceId

# How old a load balancer must be to go into the bin when deleted: 0 (any) to 24,000 hours,
# the 1,000 days that Huawei's ECS recycle bin allows for the same setting. 0 is mockelb's
# lower bound, so that a load balancer a test has just created can go into the bin.
RecycleThresholdHour = Annotated[int, Field(ge=0, le=24000)]
# How long the bin keeps a load balancer: 1 to 720 hours, the ECS recycle bin's range.
RetentionHour = Annotated[int, Field(ge=1, le=720)]


class RecycleBinRequestBody(ElbModel):
    """The reference marks enable optional: left out (or null), nothing changes."""

    enable: bool | None = None


class UpdateRecycleBinEnableRequestBody(ElbModel):
    recycle_bin: RecycleBinRequestBody | None = None


class RecycleBinPolicy(ElbModel):
    """Each hour field optional: one left out (or null) keeps its value."""

    recycle_threshold_hour: RecycleThresholdHour | None = None
    retention_hour: RetentionHour | None = None


class RecycleBinPolicyRequestBody(ElbModel):
    policy: RecycleBinPolicy | None = None


class UpdateRecycleBinPolicyRequestBody(ElbModel):
    recycle_bin: RecycleBinPolicyRequestBody | None = None


# the reference gives no limit; 200 as the other batch operations of the API
MAX_BATCH_DELETE_LOADBALANCERS = 200


class BatchDeleteLoadbalancersRequestBody(ElbModel):
    """unbounded_pool and public_ip as in delete-cascade (default: delete the pools)."""

    unbounded_pool: bool | None = None
    public_ip: bool | None = None
    loadbalancer_ids: Annotated[
        list[ResourceId], Field(min_length=1, max_length=MAX_BATCH_DELETE_LOADBALANCERS)
    ]
