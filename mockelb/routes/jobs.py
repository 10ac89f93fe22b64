"""HTTP binding of the asynchronous task (job) operations."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.openapi import response_body
from mockelb.responses import respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.services import jobs as job_service
from mockelb.views.common import page_info_view
from mockelb.views.jobs import ListJobsResponse, ShowJobResponse, main_job_view

router = APIRouter(prefix="/v3/{project_id}/elb/jobs", tags=["jobs"])


@router.get("")
@response_body(ListJobsResponse)
def list_jobs(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = job_service.list_jobs(session, project_id=project_id, query=query)
    return respond(
        ListJobsResponse(
            jobs=[main_job_view(job) for job in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.get("/{job_id}")
@response_body(ShowJobResponse)
def show_job(request: Request, project_id: str, job_id: str, session: SessionDep) -> Response:
    job = job_service.show_job(session, project_id=project_id, job_id=job_id)
    return respond(ShowJobResponse(job=main_job_view(job), request_id=request_id_of(request)))
