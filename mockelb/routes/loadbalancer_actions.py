"""HTTP binding of the load balancer actions: AZs, upgrade, charge mode, reserved IPs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.schemas.loadbalancer_actions import (
    BatchAddAvailableZonesRequestBody,
    BatchRemoveAvailableZonesRequestBody,
    ChangeLoadbalancerChargeModeRequestBody,
    UpgradeV3RequestBody,
)
from mockelb.services import charge_modes as charge_mode_service
from mockelb.services import loadbalancer_upgrade as upgrade_service
from mockelb.services import loadbalancer_zones as zone_service
from mockelb.services import loadbalancers as lb_service
from mockelb.services import preoccupied_ips as preoccupied_ip_service
from mockelb.validation import json_body
from mockelb.views.loadbalancer_actions import (
    BatchAddAvailableZonesResponse,
    BatchRemoveAvailableZonesResponse,
    ChangeLoadbalancerChargeModeResponse,
    CountPreoccupyIpNumResponse,
    UpgradeLoadbalancerResponse,
)
from mockelb.views.loadbalancers import load_balancer_view

router = APIRouter(prefix="/v3/{project_id}/elb", tags=["loadbalancers"])


@router.post("/loadbalancers/{loadbalancer_id}/availability-zone/batch-add")
@response_body(BatchAddAvailableZonesResponse)
def batch_add_available_zones(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        BatchAddAvailableZonesRequestBody, Depends(json_body(BatchAddAvailableZonesRequestBody))
    ],
    session: SessionDep,
) -> Response:
    lb = zone_service.batch_add_available_zones(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        codes=body.availability_zone_list,
    )
    session.flush()
    relations = lb_service.load_balancer_relations(session, [lb.id])[lb.id]
    return respond(
        BatchAddAvailableZonesResponse(
            loadbalancer=load_balancer_view(lb, relations), request_id=request_id_of(request)
        )
    )


@router.post("/loadbalancers/{loadbalancer_id}/availability-zone/batch-remove")
@response_body(BatchRemoveAvailableZonesResponse)
def batch_remove_available_zones(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[
        BatchRemoveAvailableZonesRequestBody,
        Depends(json_body(BatchRemoveAvailableZonesRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    lb = zone_service.batch_remove_available_zones(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        codes=body.availability_zone_list,
    )
    session.flush()
    relations = lb_service.load_balancer_relations(session, [lb.id])[lb.id]
    return respond(
        BatchRemoveAvailableZonesResponse(
            loadbalancer=load_balancer_view(lb, relations), request_id=request_id_of(request)
        )
    )


# 202: the cloud runs the step as a job (job_id), as it answers batch_delete_listeners
@router.post("/loadbalancers/{loadbalancer_id}/upgrade", status_code=202)
@response_body(UpgradeLoadbalancerResponse)
def upgrade_loadbalancer(
    request: Request,
    project_id: str,
    loadbalancer_id: str,
    body: Annotated[UpgradeV3RequestBody, Depends(json_body(UpgradeV3RequestBody))],
    session: SessionDep,
) -> Response:
    job_id = upgrade_service.upgrade_loadbalancer(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id, option=body
    )
    return respond(
        UpgradeLoadbalancerResponse(job_id=job_id, request_id=request_id_of(request)), 202
    )


@router.post("/loadbalancers/change-charge-mode")
@response_body(ChangeLoadbalancerChargeModeResponse)
def change_loadbalancer_charge_mode(
    request: Request,
    project_id: str,
    body: Annotated[
        ChangeLoadbalancerChargeModeRequestBody,
        Depends(json_body(ChangeLoadbalancerChargeModeRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    order = charge_mode_service.change_loadbalancer_charge_mode(
        session, project_id=project_id, body=body
    )
    return respond(
        ChangeLoadbalancerChargeModeResponse(
            eip_id_list=order.eip_ids,
            loadbalancer_id_list=order.loadbalancer_ids,
            order_id=order.order_id,
            request_id=request_id_of(request),
        )
    )


@router.get("/preoccupy-ip-num")
@response_body(CountPreoccupyIpNumResponse)
def count_preoccupy_ip_num(
    request: Request,
    project_id: str,
    session: SessionDep,
    l7_flavor_id: Annotated[str | None, Query()] = None,
    ip_target_enable: Annotated[bool | None, Query()] = None,
    ip_version: Annotated[int | None, Query()] = None,
    loadbalancer_id: Annotated[str | None, Query()] = None,
    availability_zone_id: Annotated[list[str] | None, Query()] = None,
    scene: Annotated[str | None, Query()] = None,
    nat64_enable: Annotated[bool | None, Query()] = None,
) -> Response:
    total = preoccupied_ip_service.count_preoccupy_ip_num(
        session,
        project_id=project_id,
        query=preoccupied_ip_service.PreoccupyQuery(
            l7_flavor_id=l7_flavor_id,
            ip_target_enable=ip_target_enable,
            ip_version=ip_version,
            loadbalancer_id=loadbalancer_id,
            availability_zone_id=tuple(availability_zone_id or ()),
            scene=scene,
            nat64_enable=nat64_enable,
        ),
    )
    return respond(
        CountPreoccupyIpNumResponse(
            preoccupy_ip={"total": total}, request_id=request_id_of(request)
        )
    )
