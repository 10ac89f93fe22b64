"""TLS security policies as the API shows them: custom ones with lists of protocols and
ciphers, system ones with a space-separated and a colon-separated string."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.domain.security_policies import (
    CIPHER_SEPARATOR,
    PROTOCOL_SEPARATOR,
    SystemSecurityPolicy,
)
from mockelb.models import SecurityPolicy
from mockelb.views.common import PageInfo, ResourceRef, refs_view


class SecurityPolicyBody(TypedDict):
    """The SecurityPolicy object of create, show, list and update responses."""

    id: str
    project_id: str
    name: str
    description: str
    listeners: list[ResourceRef]
    protocols: list[str]
    ciphers: list[str]
    enterprise_project_id: str
    created_at: str
    updated_at: str


class SystemSecurityPolicyBody(TypedDict):
    """A SystemSecurityPolicy of list_system_security_policies."""

    name: str
    protocols: str
    ciphers: str
    project_id: str


class CreateSecurityPolicyResponse(TypedDict):
    security_policy: SecurityPolicyBody
    request_id: str


class ShowSecurityPolicyResponse(TypedDict):
    security_policy: SecurityPolicyBody
    request_id: str


class UpdateSecurityPolicyResponse(TypedDict):
    security_policy: SecurityPolicyBody
    request_id: str


class ListSecurityPoliciesResponse(TypedDict):
    security_policies: list[SecurityPolicyBody]
    page_info: PageInfo
    request_id: str


class ListSystemSecurityPoliciesResponse(TypedDict):
    system_security_policies: list[SystemSecurityPolicyBody]
    request_id: str


def security_policy_view(policy: SecurityPolicy, listener_ids: list[str]) -> SecurityPolicyBody:
    """The custom policy with the listeners that use it."""
    return {
        "id": policy.id,
        "project_id": policy.project_id,
        "name": policy.name,
        "description": policy.description,
        "listeners": refs_view(listener_ids),
        "protocols": policy.protocols.split(PROTOCOL_SEPARATOR),
        "ciphers": policy.ciphers.split(CIPHER_SEPARATOR),
        "enterprise_project_id": policy.enterprise_project_id,
        "created_at": policy.created_at,
        "updated_at": policy.updated_at,
    }


def system_security_policy_view(
    policy: SystemSecurityPolicy, project_id: str
) -> SystemSecurityPolicyBody:
    """A system policy, shown with the project that asked (as the reference's example does)."""
    return {
        "name": policy.name,
        "protocols": policy.protocols,
        "ciphers": policy.ciphers,
        "project_id": project_id,
    }
