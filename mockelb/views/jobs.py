"""Asynchronous tasks as the API shows them: MainJob, its SubJobs and their JobEntities
(the sub-jobs are kept in their wire shape, models.Job.sub_jobs)."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from mockelb.models import Job
from mockelb.views.common import PageInfo


class JobEntitiesBody(TypedDict):
    """A JobEntities: a resource a sub-job worked on (loadbalancer or listener)."""

    resource_id: str
    resource_type: str


class SubJobBody(TypedDict):
    """A SubJob: the part of a job that worked on one resource."""

    status: str
    begin_time: str
    end_time: str
    job_id: str
    job_type: str
    error_code: str | None
    error_msg: str | None
    project_id: str
    resource_id: str
    entities: list[JobEntitiesBody]


class MainJobBody(TypedDict):
    """The MainJob object of list_jobs and show_job responses."""

    status: str
    begin_time: str
    end_time: str
    job_id: str
    job_type: str
    error_code: str | None
    error_msg: str | None
    project_id: str
    resource_id: str
    sub_jobs: list[SubJobBody]


class ListJobsResponse(TypedDict):
    jobs: list[MainJobBody]
    page_info: PageInfo
    request_id: str


class ShowJobResponse(TypedDict):
    job: MainJobBody
    request_id: str


def main_job_view(job: Job) -> MainJobBody:
    """The MainJob object of list_jobs and show_job responses."""
    return {
        "status": job.status,
        "begin_time": job.begin_time,
        "end_time": job.end_time,
        "job_id": job.id,
        "job_type": job.job_type,
        "error_code": job.error_code,
        "error_msg": job.error_msg,
        "project_id": job.project_id,
        "resource_id": job.resource_id,
        "sub_jobs": [_sub_job_view(sub) for sub in job.sub_jobs],
    }


def _sub_job_view(sub: dict[str, Any]) -> SubJobBody:
    return {
        "status": sub["status"],
        "begin_time": sub["begin_time"],
        "end_time": sub["end_time"],
        "job_id": sub["job_id"],
        "job_type": sub["job_type"],
        "error_code": sub["error_code"],
        "error_msg": sub["error_msg"],
        "project_id": sub["project_id"],
        "resource_id": sub["resource_id"],
        "entities": [
            {"resource_id": entity["resource_id"], "resource_type": entity["resource_type"]}
            for entity in sub["entities"]
        ],
    }
