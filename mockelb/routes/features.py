"""HTTP binding of the feature configuration operations."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.services import features as feature_service
from mockelb.views.features import (
    ListFeatureConfigsResponse,
    ListLoadbalancerFeatureResponse,
    feature_config_view,
    feature_page_info,
    loadbalancer_feature_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb", tags=["features"])


@router.get("/feature/configs")
@response_body(ListFeatureConfigsResponse)
def list_feature_configs(request: Request, project_id: str, session: SessionDep) -> Response:
    """The project's ELB feature configurations; `feature` keeps those of that name."""
    configs = feature_service.list_feature_configs(
        session, project_id=project_id, query=request.query_params.multi_items()
    )
    return respond(
        ListFeatureConfigsResponse(
            configs=[feature_config_view(config) for config in configs],
            page_info=feature_page_info(configs),
            request_id=request_id_of(request),
        )
    )


@router.get("/loadbalancers/{loadbalancer_id}/features")
@response_body(ListLoadbalancerFeatureResponse)
def list_loadbalancer_feature(
    request: Request, project_id: str, loadbalancer_id: str, session: SessionDep
) -> Response:
    """The feature configurations in effect on the load balancer."""
    features = feature_service.list_loadbalancer_feature(
        session, project_id=project_id, loadbalancer_id=loadbalancer_id
    )
    return respond(
        ListLoadbalancerFeatureResponse(
            features=[loadbalancer_feature_view(feature) for feature in features],
            request_id=request_id_of(request),
        )
    )
