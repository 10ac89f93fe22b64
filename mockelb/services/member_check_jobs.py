"""Member check jobs: create_member_health_check_job checks a backend server as one
listener sees it, show_member_health_check_job answers what it found.

The cloud checks the member's health-check port configuration ("config"), the subnet's
network ACL ("networkAcl", the result's "acl" group) and its security groups
("securityGroup", "security_group") in the background. mockelb has no ACLs and no security
groups, so those groups always pass; the config group reports the member's health as the
listener sees it (member_health: forced by a test, probed, or derived), so a test that
forces a member OFFLINE finds the check failed, with the reason.

The job runs at once: it is stored "processed", every check item finished, and its result
is a snapshot taken when it was created, which show answers from then on (the member's
health may change since; the job does not).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mockelb.domain.member_health import OFFLINE, Health, HealthBook
from mockelb.errors import InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import Listener, Member, MemberCheckJob, Pool
from mockelb.schemas.member_check_jobs import CreateMemberHealthCheckJobOption
from mockelb.services.lookup import get_in_project
from mockelb.services.member_health import health_book

PROCESSED = "processed"
# the groups of MemberCheckJobResult, in its order, and those each subject checks
RESULT_GROUPS = ("config", "acl", "security_group")
SUBJECT_GROUPS: dict[str, tuple[str, ...]] = {
    "config": ("config",),
    "networkAcl": ("acl",),
    "securityGroup": ("security_group",),
    "all": RESULT_GROUPS,
}
# The one check item of the config group, listed when the member fails it (the cloud lists
# the anomalies it finds: MemberCheckJobResultItem.reason is "the cause of the anomaly").
# Its texts are mockelb's: the reference publishes no example of them.
CONFIG_CHECK = "member_health"
MAJOR = "Major"
REASON_TEMPLATE = "Backend server {0} is OFFLINE for listener {1}: {2}."
NO_SERVER = "the backend server does not exist or is stopped"
CHECK_FAILS = "its health check fails"


def create_member_health_check_job(
    session: Session, *, project_id: str, member_id: str, option: CreateMemberHealthCheckJobOption
) -> MemberCheckJob:
    """Check the member as the listener sees it and store the finished job; the listener
    must be one of the member's (it forwards to the member's pool)."""
    member = get_in_project(
        session, Member, kind="member", resource_id=member_id, project_id=project_id
    )
    listener = get_in_project(
        session, Listener, kind="listener", resource_id=option.listener_id, project_id=project_id
    )
    book = health_book(session, [session.get_one(Pool, member.pool_id)])
    health = _seen_by(book, member, listener.id)
    job_id = new_id()
    checked = SUBJECT_GROUPS[option.subject]
    result: dict[str, Any] = {
        name: _group(name, job_id, member, listener.id, health, book) if name in checked else None
        for name in RESULT_GROUPS
    }
    now = utc_now()
    job = MemberCheckJob(
        id=job_id,
        project_id=project_id,
        member_id=member.id,
        listener_id=listener.id,
        status=PROCESSED,
        # one check per group asked for, each finished
        check_item_total_num=len(checked),
        check_item_finished_num=len(checked),
        result=result,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def show_member_health_check_job(
    session: Session, *, project_id: str, job_id: str
) -> MemberCheckJob:
    """Return the project's job, or raise NotFound ("job <id> could not be found.")."""
    return get_in_project(
        session, MemberCheckJob, kind="job", resource_id=job_id, project_id=project_id
    )


def _seen_by(book: HealthBook, member: Member, listener_id: str) -> Health:
    """The member's health as the listener sees it; a listener that does not see the member
    (it does not forward to the member's pool) is a bad listener_id."""
    health = book.of_member(member)
    if listener_id not in {entry.listener_id for entry in health.status}:
        raise InvalidInput(
            field="listener_id",
            reason=f"listener {listener_id} does not forward to pool {member.pool_id} of "
            f"member {member.id}.",
        )
    return health.seen_by(listener_id)


def _group(
    name: str, job_id: str, member: Member, listener_id: str, health: Health, book: HealthBook
) -> dict[str, Any]:
    """A MemberCheckJobResultGroup: acl and security_group pass (mockelb has neither), config
    fails when the listener sees the member OFFLINE, with one item saying why."""
    items = []
    if name == "config" and health.operating_status == OFFLINE:
        params = [member.address, listener_id, _offline_cause(health, member, book)]
        items.append(
            {
                "name": CONFIG_CHECK,
                "reason": REASON_TEMPLATE.format(*params),
                "severity": MAJOR,
                "subject": name,
                "job_id": job_id,
                "reason_template": REASON_TEMPLATE,
                "reason_params": params,
            }
        )
    return {"check_result": not items, "check_status": PROCESSED, "check_items": items}


def _offline_cause(health: Health, member: Member, book: HealthBook) -> str:
    """Why the member is OFFLINE: the health check's reason code (forced or probed), else
    the derived rule's cause (no running cloud server), else a failing check."""
    reason = health.reason
    if reason is not None:
        if reason.expected_response is not None:
            return (
                f"{reason.reason_code} (expected {reason.expected_response}, "
                f"got {reason.healthcheck_response})"
            )
        return reason.reason_code
    if not book.has_server(member.instance_id):
        return NO_SERVER
    return CHECK_FAILS
