"""HTTP binding of the TLS security policy operations (custom and system policies)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.models import SecurityPolicy
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.security_policies import (
    CreateSecurityPolicyRequestBody,
    UpdateSecurityPolicyRequestBody,
)
from mockelb.services import security_policies as policy_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.security_policies import (
    CreateSecurityPolicyResponse,
    ListSecurityPoliciesResponse,
    ListSystemSecurityPoliciesResponse,
    SecurityPolicyBody,
    ShowSecurityPolicyResponse,
    UpdateSecurityPolicyResponse,
    security_policy_view,
    system_security_policy_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb", tags=["security-policies"])


def _view_of(session: Session, policy: SecurityPolicy) -> SecurityPolicyBody:
    """The policy as shown, with the listeners that use it."""
    return security_policy_view(
        policy, policy_service.policy_listeners(session, [policy.id])[policy.id]
    )


@router.post("/security-policies", status_code=201)
@response_body(CreateSecurityPolicyResponse)
def create_security_policy(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateSecurityPolicyRequestBody, Depends(json_body(CreateSecurityPolicyRequestBody))
    ],
    session: SessionDep,
) -> Response:
    policy = policy_service.create_security_policy(
        session, project_id=project_id, option=body.security_policy
    )
    return respond(
        CreateSecurityPolicyResponse(
            security_policy=_view_of(session, policy), request_id=request_id_of(request)
        ),
        201,
    )


@router.get("/security-policies")
@response_body(ListSecurityPoliciesResponse)
def list_security_policies(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = policy_service.list_security_policies(session, project_id=project_id, query=query)
    users = policy_service.policy_listeners(session, [policy.id for policy in page.items])
    return respond(
        ListSecurityPoliciesResponse(
            security_policies=[security_policy_view(p, users[p.id]) for p in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/security-policies/{security_policy_id}")
@response_body(ShowSecurityPolicyResponse)
def show_security_policy(
    request: Request, project_id: str, security_policy_id: str, session: SessionDep
) -> Response:
    policy = policy_service.show_security_policy(
        session, project_id=project_id, security_policy_id=security_policy_id
    )
    return respond(
        ShowSecurityPolicyResponse(
            security_policy=_view_of(session, policy), request_id=request_id_of(request)
        )
    )


@router.put("/security-policies/{security_policy_id}")
@response_body(UpdateSecurityPolicyResponse)
def update_security_policy(
    request: Request,
    project_id: str,
    security_policy_id: str,
    body: Annotated[
        UpdateSecurityPolicyRequestBody, Depends(json_body(UpdateSecurityPolicyRequestBody))
    ],
    session: SessionDep,
) -> Response:
    policy = policy_service.update_security_policy(
        session,
        project_id=project_id,
        security_policy_id=security_policy_id,
        option=body.security_policy,
    )
    return respond(
        UpdateSecurityPolicyResponse(
            security_policy=_view_of(session, policy), request_id=request_id_of(request)
        )
    )


@router.delete("/security-policies/{security_policy_id}", status_code=204)
def delete_security_policy(
    request: Request, project_id: str, security_policy_id: str, session: SessionDep
) -> Response:
    policy_service.delete_security_policy(
        session, project_id=project_id, security_policy_id=security_policy_id
    )
    return no_content(request)


@router.get("/system-security-policies")
@response_body(ListSystemSecurityPoliciesResponse)
def list_system_security_policies(request: Request, project_id: str) -> Response:
    return respond(
        ListSystemSecurityPoliciesResponse(
            system_security_policies=[
                system_security_policy_view(policy, project_id)
                for policy in policy_service.list_system_security_policies()
            ],
            request_id=request_id_of(request),
        )
    )
