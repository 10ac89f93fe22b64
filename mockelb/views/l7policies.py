"""Forwarding policies and rules as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from typing_extensions import TypedDict

from mockelb.models import L7Policy, L7Rule
from mockelb.views.common import PageInfo, ResourceRef, refs_view


class RuleConditionBody(TypedDict):
    key: str
    value: str


class L7RuleBody(TypedDict):
    """The L7Rule object of the rule operations (and of display_all_rules)."""

    id: str
    project_id: str
    type: str
    compare_type: str
    key: str | None
    value: str
    invert: bool
    admin_state_up: bool
    provisioning_status: str
    conditions: list[RuleConditionBody]
    created_at: str
    updated_at: str


class L7PolicyBody(TypedDict):
    """The L7Policy object of the policy operations."""

    id: str
    project_id: str
    listener_id: str
    name: str
    description: str
    action: str
    admin_state_up: bool
    position: int
    priority: int | None
    provisioning_status: str
    redirect_pool_id: str | None
    redirect_listener_id: str | None
    redirect_url: str | None
    redirect_url_config: dict[str, Any] | None
    redirect_pools_config: list[dict[str, Any]]
    redirect_pools_sticky_session_config: dict[str, Any] | None
    redirect_pools_extend_config: dict[str, Any] | None
    fixed_response_config: dict[str, Any] | None
    # RuleRef objects: {"id"}; the whole L7Rule with display_all_rules=true
    rules: list[ResourceRef]
    enterprise_project_id: str
    created_at: str
    updated_at: str


class CreateL7PolicyResponse(TypedDict):
    l7policy: L7PolicyBody
    request_id: str


class ShowL7PolicyResponse(TypedDict):
    l7policy: L7PolicyBody
    request_id: str


class UpdateL7PolicyResponse(TypedDict):
    l7policy: L7PolicyBody
    request_id: str


class ListL7PoliciesResponse(TypedDict):
    l7policies: list[L7PolicyBody]
    page_info: PageInfo
    request_id: str


class BatchUpdatePoliciesPriorityResponse(TypedDict):
    request_id: str


class CreateL7RuleResponse(TypedDict):
    rule: L7RuleBody
    request_id: str


class ShowL7RuleResponse(TypedDict):
    rule: L7RuleBody
    request_id: str


class UpdateL7RuleResponse(TypedDict):
    rule: L7RuleBody
    request_id: str


class ListL7RulesResponse(TypedDict):
    rules: list[L7RuleBody]
    page_info: PageInfo
    request_id: str


class ListAllL7RulesResponse(TypedDict):
    rules: list[L7RuleBody]
    page_info: PageInfo
    request_id: str


def l7_rule_view(rule: L7Rule) -> L7RuleBody:
    return {
        "id": rule.id,
        "project_id": rule.project_id,
        "type": rule.type,
        "compare_type": rule.compare_type,
        "key": rule.key,
        "value": rule.value,
        "invert": rule.invert,
        "admin_state_up": rule.admin_state_up,
        "provisioning_status": rule.provisioning_status,
        "conditions": [
            {"key": condition["key"], "value": condition["value"]} for condition in rule.conditions
        ],
        "created_at": rule.created_at,
        "updated_at": rule.updated_at,
    }


def l7_policy_view(
    policy: L7Policy, rules: Sequence[L7Rule], *, whole_rules: bool = False
) -> L7PolicyBody:
    """The policy; its rules as ids, or whole with `whole_rules` (display_all_rules)."""
    return {
        "id": policy.id,
        "project_id": policy.project_id,
        "listener_id": policy.listener_id,
        "name": policy.name,
        "description": policy.description,
        "action": policy.action,
        "admin_state_up": policy.admin_state_up,
        "position": policy.position,
        "priority": policy.priority,
        "provisioning_status": policy.provisioning_status,
        "redirect_pool_id": policy.redirect_pool_id,
        "redirect_listener_id": policy.redirect_listener_id,
        "redirect_url": policy.redirect_url,
        "redirect_url_config": policy.redirect_url_config,
        "redirect_pools_config": list(policy.redirect_pools_config or []),
        "redirect_pools_sticky_session_config": policy.redirect_pools_sticky_session_config,
        "redirect_pools_extend_config": policy.redirect_pools_extend_config,
        "fixed_response_config": policy.fixed_response_config,
        "rules": (
            cast(list[ResourceRef], [l7_rule_view(rule) for rule in rules])
            if whole_rules
            else refs_view([rule.id for rule in rules])
        ),
        "enterprise_project_id": policy.enterprise_project_id,
        "created_at": policy.created_at,
        "updated_at": policy.updated_at,
    }
