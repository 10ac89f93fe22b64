"""HTTP binding of the forwarding policy and forwarding rule operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.models import L7Policy
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.l7policies import (
    BatchUpdatePoliciesPriorityRequestBody,
    CreateL7PolicyRequestBody,
    CreateL7RuleRequestBody,
    UpdateL7PolicyRequestBody,
    UpdateL7RuleRequestBody,
)
from mockelb.services import l7policies as policy_service
from mockelb.validation import json_body
from mockelb.views.common import page_info_view
from mockelb.views.l7policies import (
    BatchUpdatePoliciesPriorityResponse,
    CreateL7PolicyResponse,
    CreateL7RuleResponse,
    L7PolicyBody,
    ListAllL7RulesResponse,
    ListL7PoliciesResponse,
    ListL7RulesResponse,
    ShowL7PolicyResponse,
    ShowL7RuleResponse,
    UpdateL7PolicyResponse,
    UpdateL7RuleResponse,
    l7_policy_view,
    l7_rule_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/l7policies", tags=["l7policies"])


def _policy_body(session: Session, policy: L7Policy) -> L7PolicyBody:
    rules = policy_service.rules_of(session, [policy.id])[policy.id]
    return l7_policy_view(policy, rules)


@router.post("", status_code=201)
@response_body(CreateL7PolicyResponse)
def create_l7_policy(
    request: Request,
    project_id: str,
    body: Annotated[CreateL7PolicyRequestBody, Depends(json_body(CreateL7PolicyRequestBody))],
    session: SessionDep,
) -> Response:
    policy = policy_service.create_l7_policy(session, project_id=project_id, option=body.l7policy)
    return respond(
        CreateL7PolicyResponse(
            l7policy=_policy_body(session, policy), request_id=request_id_of(request)
        ),
        201,
    )


@router.get("")
@response_body(ListL7PoliciesResponse)
def list_l7_policies(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = policy_service.list_l7_policies(session, project_id=project_id, query=query)
    rules = policy_service.rules_of(session, [policy.id for policy in page.items])
    whole = policy_service.wants_all_rules(query)
    return respond(
        ListL7PoliciesResponse(
            l7policies=[
                l7_policy_view(policy, rules[policy.id], whole_rules=whole) for policy in page.items
            ],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.post("/batch-update-priority", status_code=202)
@response_body(BatchUpdatePoliciesPriorityResponse)
def batch_update_policies_priority(
    request: Request,
    project_id: str,
    body: Annotated[
        BatchUpdatePoliciesPriorityRequestBody,
        Depends(json_body(BatchUpdatePoliciesPriorityRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    policy_service.batch_update_policies_priority(
        session, project_id=project_id, items=body.l7policies
    )
    return respond(BatchUpdatePoliciesPriorityResponse(request_id=request_id_of(request)), 202)


@router.get("/rules")
@response_body(ListAllL7RulesResponse)
def list_all_l7_rules(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = policy_service.list_all_l7_rules(session, project_id=project_id, query=query)
    return respond(
        ListAllL7RulesResponse(
            rules=[l7_rule_view(rule) for rule in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{l7policy_id}")
@response_body(ShowL7PolicyResponse)
def show_l7_policy(
    request: Request, project_id: str, l7policy_id: str, session: SessionDep
) -> Response:
    policy = policy_service.show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    return respond(
        ShowL7PolicyResponse(
            l7policy=_policy_body(session, policy), request_id=request_id_of(request)
        )
    )


@router.put("/{l7policy_id}")
@response_body(UpdateL7PolicyResponse)
def update_l7_policy(
    request: Request,
    project_id: str,
    l7policy_id: str,
    body: Annotated[UpdateL7PolicyRequestBody, Depends(json_body(UpdateL7PolicyRequestBody))],
    session: SessionDep,
) -> Response:
    policy = policy_service.update_l7_policy(
        session, project_id=project_id, l7policy_id=l7policy_id, option=body.l7policy
    )
    return respond(
        UpdateL7PolicyResponse(
            l7policy=_policy_body(session, policy), request_id=request_id_of(request)
        )
    )


@router.delete("/{l7policy_id}", status_code=204)
def delete_l7_policy(
    request: Request, project_id: str, l7policy_id: str, session: SessionDep
) -> Response:
    policy_service.delete_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    return no_content(request)


@router.post("/{l7policy_id}/rules", status_code=201)
@response_body(CreateL7RuleResponse)
def create_l7_rule(
    request: Request,
    project_id: str,
    l7policy_id: str,
    body: Annotated[CreateL7RuleRequestBody, Depends(json_body(CreateL7RuleRequestBody))],
    session: SessionDep,
) -> Response:
    rule = policy_service.create_l7_rule(
        session, project_id=project_id, l7policy_id=l7policy_id, option=body.rule
    )
    return respond(
        CreateL7RuleResponse(rule=l7_rule_view(rule), request_id=request_id_of(request)), 201
    )


@router.get("/{l7policy_id}/rules")
@response_body(ListL7RulesResponse)
def list_l7_rules(
    request: Request, project_id: str, l7policy_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = policy_service.list_l7_rules(
        session, project_id=project_id, l7policy_id=l7policy_id, query=query
    )
    return respond(
        ListL7RulesResponse(
            rules=[l7_rule_view(rule) for rule in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{l7policy_id}/rules/{l7rule_id}")
@response_body(ShowL7RuleResponse)
def show_l7_rule(
    request: Request, project_id: str, l7policy_id: str, l7rule_id: str, session: SessionDep
) -> Response:
    rule = policy_service.show_l7_rule(
        session, project_id=project_id, l7policy_id=l7policy_id, l7rule_id=l7rule_id
    )
    return respond(ShowL7RuleResponse(rule=l7_rule_view(rule), request_id=request_id_of(request)))


@router.put("/{l7policy_id}/rules/{l7rule_id}")
@response_body(UpdateL7RuleResponse)
def update_l7_rule(
    request: Request,
    project_id: str,
    l7policy_id: str,
    l7rule_id: str,
    body: Annotated[UpdateL7RuleRequestBody, Depends(json_body(UpdateL7RuleRequestBody))],
    session: SessionDep,
) -> Response:
    rule = policy_service.update_l7_rule(
        session,
        project_id=project_id,
        l7policy_id=l7policy_id,
        l7rule_id=l7rule_id,
        option=body.rule,
    )
    return respond(UpdateL7RuleResponse(rule=l7_rule_view(rule), request_id=request_id_of(request)))


@router.delete("/{l7policy_id}/rules/{l7rule_id}", status_code=204)
def delete_l7_rule(
    request: Request, project_id: str, l7policy_id: str, l7rule_id: str, session: SessionDep
) -> Response:
    policy_service.delete_l7_rule(
        session, project_id=project_id, l7policy_id=l7policy_id, l7rule_id=l7rule_id
    )
    return no_content(request)
