"""The load balancer recycle bin: its switch and policy (show_recycle_bin,
update_recycle_bin_enable, update_recycle_bin_policy) and the load balancers in it
(list_recycle_bin_load_balancers, restore_loadbalancer, delete_recycle_load_balancer).

How a load balancer gets into the bin, and how the rest of the API sees one there, is
services/recycling.py. The rules here follow the reference's pages: the bin cannot be
switched off while it holds load balancers ("restore or permanently delete load balancers
from the recycle bin" first), its policy cannot be changed while it is off ("if recycle bin
is not enabled, an error is reported"), and only a load balancer in the bin can be restored
or deleted from it. Each of these writes first deletes for good the load balancers whose
time in the bin is over (purge_expired).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mockelb.errors import Conflict, NotFound
from mockelb.ids import utc_now
from mockelb.models import LoadBalancer, RecycleBin, RecycledLoadBalancer
from mockelb.schemas.recycle_bin import RecycleBinPolicyRequestBody, RecycleBinRequestBody
from mockelb.services import jobs
from mockelb.services import loadbalancers as lb_service
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.paging import Page
from mockelb.services.recycling import cloud_time, kept_in_bin, now, recycle_bin_of

# list_recycle_bin_load_balancers: every filter of the SDK's
# ListRecycleBinLoadBalancersRequest, which are list_load_balancers' bar four, answered alike
_RECYCLE_BIN_KEYS = lb_service.LOAD_BALANCER_LIST.keys - {
    "include_recycle_bin",
    "provisioning_status",
    "l4_scale_flavor_id",
    "l7_scale_flavor_id",
}
RECYCLE_BIN_LIST = ListSpec(
    LoadBalancer,
    keys=_RECYCLE_BIN_KEYS,
    csv_keys=lb_service.LOAD_BALANCER_LIST.csv_keys & _RECYCLE_BIN_KEYS,
    relations={
        key: relation
        for key, relation in lb_service.LOAD_BALANCER_LIST.relations.items()
        if key in _RECYCLE_BIN_KEYS
    },
)


def show_recycle_bin(session: Session, *, project_id: str) -> RecycleBin:
    """The project's recycle bin: on or off, and its policy (the defaults until set)."""
    return recycle_bin_of(session, project_id)


def update_recycle_bin_enable(
    session: Session, *, project_id: str, option: RecycleBinRequestBody | None
) -> RecycleBin:
    """Switch the bin on or off; off only once it is empty. Without enable, no change."""
    purge_expired(session, project_id=project_id)
    if option is None or option.enable is None:
        return recycle_bin_of(session, project_id)
    recycle_bin = _stored(session, project_id)
    if not option.enable:
        held = session.scalar(
            select(func.count())
            .select_from(RecycledLoadBalancer)
            .where(RecycledLoadBalancer.project_id == project_id)
        )
        if held:
            raise Conflict(
                message=f"The recycle bin holds {held} load balancer(s); restore them or "
                "delete them from the recycle bin before disabling it."
            )
    recycle_bin.enable = option.enable
    return recycle_bin


def update_recycle_bin_policy(
    session: Session, *, project_id: str, option: RecycleBinPolicyRequestBody | None
) -> RecycleBin:
    """Change the policy of a bin that is on; an hour left out keeps its value. It applies
    to the load balancers deleted from now on (those in the bin keep their time)."""
    purge_expired(session, project_id=project_id)
    recycle_bin = recycle_bin_of(session, project_id)
    if not recycle_bin.enable:
        raise Conflict(
            message="The recycle bin is not enabled; enable it before updating its policy."
        )
    policy = option.policy if option is not None else None
    if policy is not None:
        if policy.recycle_threshold_hour is not None:
            recycle_bin.recycle_threshold_hour = policy.recycle_threshold_hour
        if policy.retention_hour is not None:
            recycle_bin.retention_hour = policy.retention_hour
    return recycle_bin


def _stored(session: Session, project_id: str) -> RecycleBin:
    """The project's recycle bin row, added with the defaults if it has none yet."""
    recycle_bin = recycle_bin_of(session, project_id)
    if session.get(RecycleBin, project_id) is None:
        session.add(recycle_bin)
    return recycle_bin


def list_recycle_bin_load_balancers(
    session: Session, *, project_id: str, query: ListQuery
) -> Page[LoadBalancer]:
    """One page of the load balancers in the project's recycle bin (those whose time in it
    is not over) that match every filter."""
    scope = select(LoadBalancer).where(
        LoadBalancer.project_id == project_id, LoadBalancer.id.in_(kept_in_bin(now()))
    )
    return list_page(session, RECYCLE_BIN_LIST, scope, query)


def auto_terminate_times(session: Session, lb_ids: list[str]) -> dict[str, str]:
    """When the bin lets each of these load balancers go (auto_terminate_time), by id."""
    if not lb_ids:
        return {}
    rows = session.execute(
        select(
            RecycledLoadBalancer.loadbalancer_id, RecycledLoadBalancer.auto_terminate_time
        ).where(RecycledLoadBalancer.loadbalancer_id.in_(lb_ids))
    )
    return {lb_id: time for lb_id, time in rows}


def restore_loadbalancer(session: Session, *, project_id: str, loadbalancer_id: str) -> str:
    """Bring a load balancer back from the bin with all that went in with it (ACTIVE
    again, same VIPs); the id of the job that did it, recorded finished."""
    purge_expired(session, project_id=project_id)
    lb, entry = _in_bin(session, project_id, loadbalancer_id)
    session.delete(entry)
    lb.provisioning_status = "ACTIVE"
    lb.updated_at = utc_now()
    return jobs.record_job(
        session,
        project_id=project_id,
        job_type=jobs.RESTORE_LOADBALANCER,
        resource_id=lb.id,
        sub_jobs=[jobs.sub_job_of(lb.id, jobs.LOADBALANCER)],
    )


def delete_recycle_load_balancer(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> None:
    """Delete a load balancer in the bin for good, with what went in with it."""
    purge_expired(session, project_id=project_id)
    lb, entry = _in_bin(session, project_id, loadbalancer_id)
    _destroy(session, lb, entry)


def purge_expired(session: Session, *, project_id: str) -> None:
    """Delete for good the project's load balancers whose time in the bin is over."""
    expired = session.scalars(
        select(RecycledLoadBalancer).where(
            RecycledLoadBalancer.project_id == project_id,
            RecycledLoadBalancer.auto_terminate_time <= cloud_time(now()),
        )
    ).all()
    for entry in expired:
        _destroy(session, session.get_one(LoadBalancer, entry.loadbalancer_id), entry)


def _destroy(session: Session, lb: LoadBalancer, entry: RecycledLoadBalancer) -> None:
    delete_pools = entry.delete_pools
    session.delete(entry)
    session.flush()  # the entry first: it refers to the load balancer
    lb_service.delete_load_balancer_tree(session, lb, delete_pools=delete_pools)


def _in_bin(
    session: Session, project_id: str, loadbalancer_id: str
) -> tuple[LoadBalancer, RecycledLoadBalancer]:
    """The load balancer in the project's bin and its entry, or NotFound: the path names a
    load balancer of the bin, and one that is not in it (live, or unknown) is none."""
    entry = session.get(RecycledLoadBalancer, loadbalancer_id)
    if entry is None or entry.project_id != project_id:
        raise NotFound(kind="loadbalancer", id=loadbalancer_id)
    return session.get_one(LoadBalancer, loadbalancer_id), entry
