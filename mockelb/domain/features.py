"""The ELB feature configurations (list_feature_configs, list_loadbalancer_feature).

Huawei switches ELB features per tenant; mockelb has no such switches, so it reports a
fixed set, the same for every project: the two features of the reference's example
(ListLoadbalancerFeature: update_elastic_flavor and tcpssl, both on), which mockelb
emulates. A seed (`feature_configs`) replaces one of them for a project (same feature
name) or adds others. A built-in configuration has an id derived from its project and
feature (the same on every run), the caller "system" and the fixed time below.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

SERVICE = "ELB"
SYSTEM_CALLER = "system"
# when the built-in configurations were "created": a fixed, documented time
BUILT_IN_TIME = "2024-01-01T00:00:00Z"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "mockelb:feature-configs")


@dataclass(frozen=True)
class Feature:
    """A feature configuration of a project, built in or seeded."""

    id: str
    project_id: str
    feature: str
    type: str
    value: str
    switch: bool
    description: str
    caller: str
    created_at: str
    updated_at: str


# (feature, type, value, description) of the built-in configurations
BUILT_IN = (
    (
        "update_elastic_flavor",
        "BOOL",
        "true",
        "Load balancers can change between fixed and elastic flavors.",
    ),
    ("tcpssl", "BOOL", "true", "TLS listeners (TCP over SSL) can be created."),
)


def feature_config_id(project_id: str, feature: str) -> str:
    """The id of a built-in configuration (and of a seeded one that names none)."""
    return str(uuid.uuid5(_NAMESPACE, f"{project_id}/{feature}"))


def built_in_features(project_id: str) -> list[Feature]:
    return [
        Feature(
            id=feature_config_id(project_id, feature),
            project_id=project_id,
            feature=feature,
            type=kind,
            value=value,
            switch=True,
            description=description,
            caller=SYSTEM_CALLER,
            created_at=BUILT_IN_TIME,
            updated_at=BUILT_IN_TIME,
        )
        for feature, kind, value, description in BUILT_IN
    ]
