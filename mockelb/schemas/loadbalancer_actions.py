"""Wire schemas of the load balancer actions: its AZs, its upgrade, its charge mode."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import ElbModel, ResourceId

AzCode = Annotated[str, Field(min_length=1, max_length=255)]
AzCodes = Annotated[list[AzCode], Field(min_length=1)]
FlavorId = Annotated[str, Field(max_length=36)]


class BatchAddAvailableZonesRequestBody(ElbModel):
    """The AZs to add to a load balancer."""

    availability_zone_list: AzCodes


class BatchRemoveAvailableZonesRequestBody(ElbModel):
    """The AZs to take off a load balancer."""

    availability_zone_list: AzCodes


class UpgradeV3RequestBody(ElbModel):
    """One step of upgrading a shared load balancer to a dedicated one; everything but
    `action` counts for action=start alone."""

    action: Literal["start", "complete", "rollback"]
    l4_flavor_id: FlavorId | None = None
    l7_flavor_id: FlavorId | None = None
    availability_zone_list: list[AzCode] | None = None
    ipv6_vip_virsubnet_id: ResourceId | None = None
    ipv6_vip_address: Annotated[str, Field(max_length=64)] | None = None
    elb_virsubnet_ids: list[ResourceId] | None = None


class PrepaidChangeChargeModeOption(ElbModel):
    """The yearly/monthly order of a change to prepaid billing."""

    include_publicip: bool | None = None
    publicip_ids: list[ResourceId] | None = None
    period_type: Literal["month", "year"]
    # months 1-9, years 1-3 (the service checks the pair)
    period_num: Annotated[int, Field(ge=1, le=9)] | None = None
    auto_renew: bool | None = None
    auto_pay: bool | None = None


class ChangeLoadbalancerChargeModeRequestBody(ElbModel):
    """The load balancers to move to prepaid (yearly/monthly) billing."""

    loadbalancer_ids: Annotated[list[ResourceId], Field(min_length=1)]
    charge_mode: Literal["prepaid"]
    prepaid_options: PrepaidChangeChargeModeOption | None = None
