"""HTTP binding of the member check job operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import SessionDep
from mockelb.schemas.member_check_jobs import CreateMemberHealthCheckJobRequestBody
from mockelb.services import member_check_jobs as job_service
from mockelb.validation import json_body
from mockelb.views.member_check_jobs import (
    CreateMemberHealthCheckJobResponse,
    ShowMemberHealthCheckJobResponse,
    member_check_job_info_view,
    member_check_job_view,
)

router = APIRouter(prefix="/v3/{project_id}/elb/members", tags=["members"])


@router.post("/{member_id}/health-check", status_code=201)
@response_body(CreateMemberHealthCheckJobResponse)
def create_member_health_check_job(
    request: Request,
    project_id: str,
    member_id: str,
    body: Annotated[
        CreateMemberHealthCheckJobRequestBody,
        Depends(json_body(CreateMemberHealthCheckJobRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    """Check a backend server as a listener sees it: the job is processed at once."""
    job = job_service.create_member_health_check_job(
        session, project_id=project_id, member_id=member_id, option=body.member_check
    )
    return respond(
        CreateMemberHealthCheckJobResponse(
            member_check=member_check_job_view(job), request_id=request_id_of(request)
        ),
        status_code=201,
    )


@router.get("/check/jobs/{job_id}")
@response_body(ShowMemberHealthCheckJobResponse)
def show_member_health_check_job(
    request: Request, project_id: str, job_id: str, session: SessionDep
) -> Response:
    job = job_service.show_member_health_check_job(session, project_id=project_id, job_id=job_id)
    return respond(
        ShowMemberHealthCheckJobResponse(
            member_check=member_check_job_info_view(job), request_id=request_id_of(request)
        )
    )
