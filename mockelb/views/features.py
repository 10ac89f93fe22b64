"""Feature configurations as the API shows them: FeatureConfig and LoadbalancerFeature."""

from __future__ import annotations

from collections.abc import Sequence

from typing_extensions import TypedDict

from mockelb.domain.features import SERVICE, Feature
from mockelb.views.common import PageInfo


class FeatureConfigBody(TypedDict):
    """The FeatureConfig object of list_feature_configs."""

    id: str
    created_at: str
    updated_at: str
    service: str
    tenant_id: str
    feature: str
    switch: bool
    type: str
    value: str
    description: str
    caller: str


class LoadbalancerFeatureBody(TypedDict):
    """The LoadbalancerFeature object of list_loadbalancer_feature."""

    feature: str
    type: str
    value: str


class ListFeatureConfigsResponse(TypedDict):
    configs: list[FeatureConfigBody]
    page_info: PageInfo
    request_id: str


class ListLoadbalancerFeatureResponse(TypedDict):
    features: list[LoadbalancerFeatureBody]
    request_id: str


def feature_config_view(feature: Feature) -> FeatureConfigBody:
    return {
        "id": feature.id,
        "created_at": feature.created_at,
        "updated_at": feature.updated_at,
        "service": SERVICE,
        "tenant_id": feature.project_id,
        "feature": feature.feature,
        "switch": feature.switch,
        "type": feature.type,
        "value": feature.value,
        "description": feature.description,
        "caller": feature.caller,
    }


def loadbalancer_feature_view(feature: Feature) -> LoadbalancerFeatureBody:
    return {"feature": feature.feature, "type": feature.type, "value": feature.value}


def feature_page_info(features: Sequence[Feature]) -> PageInfo:
    """The page_info of the one page list_feature_configs answers with (it takes no
    paging parameters: every configuration is on it)."""
    return {
        "previous_marker": features[0].id if features else None,
        "current_count": len(features),
    }
