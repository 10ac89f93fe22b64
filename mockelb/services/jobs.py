"""Asynchronous tasks (jobs): what the cloud runs in the background for a clone, a batch
create or a batch delete, and list_jobs / show_job, which report them.

mockelb finishes the work before it answers the request that started it, so a job is
recorded already finished: status COMPLETE, begin_time = end_time = the time of the request,
no error_code or error_msg. A job is a record of work done: it outlives the resources it
names, and only a project reset or a state import removes it.

Each resource the job made or removed is one SubJob naming it among its entities
(JobEntities: resource_id, resource_type "loadbalancer" or "listener"; a copy's sub-job
also names what came with it: a load balancer's listeners, a listener's load balancer).
The reference does
not say how the cloud splits its jobs into sub-jobs or which types they have (it lists
sub-job-only types for upgrades alone), so a sub-job takes its main job's type. Nor does
it say which resource a main job names: the one in the request's path (the source of a
copy), else the first one the job worked on (the first load balancer of a batch create, the
first listener of a batch delete).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import Job, Listener
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page

# the task types (ListJobsRequest.job_type docstring)
UPGRADE = "UPGRADE"
CLONE_LOADBALANCER = "cloneLoadbalancer"
CLONE_LISTENER = "cloneListener"
BATCH_CREATE_V2_LOADBALANCER = "batchCreateV2Loadbalancer"
BATCH_CREATE_V3_LOADBALANCER = "batchCreateV3Loadbalancer"
BATCH_DELETE_LOADBALANCER = "batchDeleteLoadbalancer"
BATCH_DELETE_LISTENER = "batchDeleteListener"
# restore_loadbalancer answers with a job_id, but the reference lists no type for it: this
# name follows the others (services/recycle_bin.py)
RESTORE_LOADBALANCER = "restoreLoadbalancer"
JOB_TYPES = frozenset(
    {
        UPGRADE,
        "UPGRADE_INIT",
        "UPGRADE_TRAFFIC_SWITCH",
        "UPGRADE_COMPLETE",
        CLONE_LOADBALANCER,
        CLONE_LISTENER,
        BATCH_CREATE_V2_LOADBALANCER,
        BATCH_CREATE_V3_LOADBALANCER,
        BATCH_DELETE_LOADBALANCER,
        BATCH_DELETE_LISTENER,
        RESTORE_LOADBALANCER,
    }
)
# the task statuses (ListJobsRequest.status docstring). mockelb's jobs are all finished:
# COMPLETE, the status clients wait for (the huaweicloud Terraform provider polls a job
# until it leaves RUNNING for COMPLETE), not SUCCESS
COMPLETE = "COMPLETE"
JOB_STATUSES = frozenset(
    {"INIT", "RUNNING", "FAIL", "SUCCESS", "ROLLBACKING", COMPLETE, "ROLLBACK_FAIL", "CANCEL"}
)
# JobEntities.resource_type
LOADBALANCER = "loadbalancer"
LISTENER = "listener"

# begin_time of list_jobs: yyyy-MM-dd'T'HH:mm:ss (a trailing Z, as the jobs show theirs,
# is accepted too)
_BEGIN_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z?$")


@dataclass(frozen=True)
class JobEntity:
    """A resource a sub-job worked on (JobEntities)."""

    resource_id: str
    resource_type: str


@dataclass(frozen=True)
class SubJobSpec:
    """One sub-job of a job: the resource it worked on and the entities it names."""

    resource_id: str
    entities: tuple[JobEntity, ...] = ()


def sub_job_of(resource_id: str, resource_type: str) -> SubJobSpec:
    """The sub-job that worked on one resource, named as its only entity."""
    return SubJobSpec(resource_id, (JobEntity(resource_id, resource_type),))


def record_job(
    session: Session,
    *,
    project_id: str,
    job_type: str,
    resource_id: str,
    sub_jobs: Sequence[SubJobSpec] = (),
) -> str:
    """Store a finished job of the project (status COMPLETE) and return its id: the job_id
    the operation's response carries."""
    now = utc_now()
    job_id = new_id()
    session.add(
        Job(
            id=job_id,
            project_id=project_id,
            job_type=job_type,
            status=COMPLETE,
            resource_id=resource_id,
            error_code=None,
            error_msg=None,
            begin_time=now,
            end_time=now,
            sub_jobs=[
                _sub_job(sub, project_id=project_id, job_type=job_type, now=now) for sub in sub_jobs
            ],
        )
    )
    session.flush()
    return job_id


def record_batch_delete_listeners(
    session: Session, *, project_id: str, listeners: Sequence[Listener]
) -> str:
    """The job of batch_delete_listeners: one sub-job per deleted listener; the main job
    names the first of them (see the module docstring)."""
    return record_job(
        session,
        project_id=project_id,
        job_type=BATCH_DELETE_LISTENER,
        resource_id=listeners[0].id if listeners else "",
        sub_jobs=[sub_job_of(listener.id, LISTENER) for listener in listeners],
    )


def _sub_job(sub: SubJobSpec, *, project_id: str, job_type: str, now: str) -> dict[str, Any]:
    """A SubJob object in its wire shape, finished with its main job."""
    return {
        "status": COMPLETE,
        "begin_time": now,
        "end_time": now,
        "job_id": new_id(),
        "job_type": job_type,
        "error_code": None,
        "error_msg": None,
        "project_id": project_id,
        "resource_id": sub.resource_id,
        "entities": [
            {"resource_id": entity.resource_id, "resource_type": entity.resource_type}
            for entity in sub.entities
        ],
    }


def _job_id_filter(values: Sequence[str]) -> ColumnElement[bool]:
    return Job.id.in_(values)


def _begin_time_filter(values: Sequence[str]) -> ColumnElement[bool]:
    """begin_time: the jobs that began at or after the given time; given several times,
    those that began at or after each (the latest)."""
    times = []
    for value in values:
        match = _BEGIN_TIME.match(value)
        if match is None:
            raise InvalidInput(
                field="begin_time",
                reason=f"{value!r} is not a time in the format yyyy-MM-dd'T'HH:mm:ss.",
            )
        times.append(match.group(1))
    # stored times are yyyy-MM-ddTHH:mm:ssZ: "…:ssZ" sorts after "…:ss", so a job that began
    # in the given second is kept
    return Job.begin_time >= max(times)


# every query filter of the SDK's ListJobsRequest
JOB_LIST = ListSpec(
    Job,
    keys=frozenset({"job_id", "job_type", "status", "error_code", "resource_id", "begin_time"}),
    relations={"job_id": _job_id_filter, "begin_time": _begin_time_filter},
)


def list_jobs(session: Session, *, project_id: str, query: ListQuery) -> Page[Job]:
    """One page of the project's jobs, oldest first (ids are time-ordered)."""
    scope = select(Job).where(Job.project_id == project_id)
    return list_page(session, JOB_LIST, scope, query)


def show_job(session: Session, *, project_id: str, job_id: str) -> Job:
    """Return the project's job, or raise NotFound ("job <id> could not be found.")."""
    return get_in_project(session, Job, kind="job", resource_id=job_id, project_id=project_id)
