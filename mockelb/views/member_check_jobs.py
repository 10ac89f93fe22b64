"""Member check jobs as the API shows them: MemberCheckJob (create) and MemberCheckJobInfo
(show), whose result is kept in its wire shape (models.MemberCheckJob.result)."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from mockelb.models import MemberCheckJob


class MemberCheckJobResultItemBody(TypedDict):
    """A MemberCheckJobResultItem: an anomaly a check found (reason is reason_template
    filled with reason_params)."""

    name: str
    reason: str
    severity: str
    subject: str
    job_id: str
    reason_template: str
    reason_params: list[str]


class MemberCheckJobResultGroupBody(TypedDict):
    """A MemberCheckJobResultGroup: one group of checks (config, acl or security_group)."""

    check_result: bool
    check_items: list[MemberCheckJobResultItemBody]
    check_status: str


class MemberCheckJobResultBody(TypedDict):
    """The MemberCheckJobResult: null for a group the job's subject did not ask for."""

    config: MemberCheckJobResultGroupBody | None
    acl: MemberCheckJobResultGroupBody | None
    security_group: MemberCheckJobResultGroupBody | None


class MemberCheckJobBody(TypedDict):
    """The MemberCheckJob of a create response: the id to query the job by."""

    job_id: str


class MemberCheckJobInfoBody(TypedDict):
    """The MemberCheckJobInfo of a show response."""

    status: str
    result: MemberCheckJobResultBody
    created_at: str
    updated_at: str
    job_id: str
    check_item_total_num: int
    check_item_finished_num: int
    listener_id: str
    member_id: str


class CreateMemberHealthCheckJobResponse(TypedDict):
    member_check: MemberCheckJobBody
    request_id: str


class ShowMemberHealthCheckJobResponse(TypedDict):
    member_check: MemberCheckJobInfoBody
    request_id: str


def member_check_job_view(job: MemberCheckJob) -> MemberCheckJobBody:
    """The MemberCheckJob object of a create response."""
    return {"job_id": job.id}


def member_check_job_info_view(job: MemberCheckJob) -> MemberCheckJobInfoBody:
    """The MemberCheckJobInfo object of a show response."""
    result = job.result
    return {
        "status": job.status,
        "result": {
            "config": _group_view(result.get("config")),
            "acl": _group_view(result.get("acl")),
            "security_group": _group_view(result.get("security_group")),
        },
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "job_id": job.id,
        "check_item_total_num": job.check_item_total_num,
        "check_item_finished_num": job.check_item_finished_num,
        "listener_id": job.listener_id,
        "member_id": job.member_id,
    }


def _group_view(group: dict[str, Any] | None) -> MemberCheckJobResultGroupBody | None:
    if group is None:
        return None
    return {
        "check_result": group["check_result"],
        "check_items": [_item_view(item) for item in group["check_items"]],
        "check_status": group["check_status"],
    }


def _item_view(item: dict[str, Any]) -> MemberCheckJobResultItemBody:
    return {
        "name": item["name"],
        "reason": item["reason"],
        "severity": item["severity"],
        "subject": item["subject"],
        "job_id": item["job_id"],
        "reason_template": item["reason_template"],
        "reason_params": list(item["reason_params"]),
    }
