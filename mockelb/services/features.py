"""Feature configurations: list_feature_configs (the project's) and
list_loadbalancer_feature (those in effect on a load balancer).

A project's configurations are the built-in ones (domain/features.py), each replaced by a
seeded one of the same feature, and the other seeded ones, in feature name order. A load
balancer has the configurations of its project that are switched on.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.domain.features import Feature, built_in_features
from mockelb.models import FeatureConfig
from mockelb.services.loadbalancers import show_load_balancer


def feature_configs(session: Session, project_id: str) -> list[Feature]:
    """Every configuration of the project, in feature name order."""
    configs = {feature.feature: feature for feature in built_in_features(project_id)}
    for row in session.scalars(select(FeatureConfig).where(FeatureConfig.project_id == project_id)):
        configs[row.feature] = Feature(
            id=row.id,
            project_id=row.project_id,
            feature=row.feature,
            type=row.type,
            value=row.value,
            switch=row.switch,
            description=row.description,
            caller=row.caller,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
    return [configs[name] for name in sorted(configs)]


def list_feature_configs(
    session: Session, *, project_id: str, query: Iterable[tuple[str, str]]
) -> list[Feature]:
    """The project's configurations; `feature` (repeatable) keeps those of these names."""
    wanted = {value for key, value in query if key == "feature"}
    return [
        config
        for config in feature_configs(session, project_id)
        if not wanted or config.feature in wanted
    ]


def list_loadbalancer_feature(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> list[Feature]:
    """The configurations in effect on the load balancer: its project's, switched on."""
    show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    return [config for config in feature_configs(session, project_id) if config.switch]
