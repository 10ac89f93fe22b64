"""The recycle bin as the rest of the API meets it: what deleting a load balancer does while
its project's bin is on, and what the lists leave out. services/loadbalancers.py and
services/listeners.py call this; the bin's own operations are services/recycle_bin.py.

A load balancer in the bin keeps its row, with provisioning_status RECYCLING, and keeps
what went in with it (listeners and their policies, pools, members, monitors, logtank,
VIPs): "when a load balancer is restored from the recycle bin, its associated listeners,
forwarding policies, and backend server groups are restored at the same time" (Huawei's
user guide). A RecycledLoadBalancer row says until when the bin keeps it.

As far as the API goes it is deleted: show_load_balancer and everything that names it by
id answer 404; list_load_balancers, and list_listeners for its listeners, leave it out
unless the query says include_recycle_bin=true, as the SDK's two include_recycle_bin
filters say. The reference filters no other list: its pools, members and monitors are still
listed and shown by id (a pool refuses updates, its load balancer not being ACTIVE). It
keeps counting against the quotas and keeps its VIP addresses, which a restore needs.

Time is the server's clock. A load balancer whose auto_terminate_time has passed is hidden
at once (even with include_recycle_bin) and deleted for good by the next write to its
project's recycle bin (services/recycle_bin.purge_expired): mockelb runs no background
timer, and a read never writes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from mockelb.errors import NotFound
from mockelb.models import Listener, LoadBalancer, RecycleBin, RecycledLoadBalancer
from mockelb.services.listing import ListQuery
from mockelb.services.lookup import get_in_project

T = TypeVar("T")

# the provisioning_status of a load balancer in the recycle bin (RecycleLoadBalancer)
RECYCLING = "RECYCLING"
# The policy of a project that has not set one. The reference gives no default: 0 lets any
# load balancer into the bin (the emulator's user enables the bin, deletes the load balancer
# their test has just created, and finds it there); 168 hours is the ECS recycle bin's
# default retention.
DEFAULT_RECYCLE_THRESHOLD_HOUR = 0
DEFAULT_RETENTION_HOUR = 168
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def now() -> datetime:
    """The server's clock, to the second (the cloud's times have no fraction)."""
    return datetime.now(UTC).replace(microsecond=0)


def cloud_time(moment: datetime) -> str:
    """A time as the cloud writes it: yyyy-MM-ddTHH:mm:ssZ."""
    return moment.strftime(_TIME_FORMAT)


def recycle_bin_of(session: Session, project_id: str) -> RecycleBin:
    """The project's recycle bin: its row, or the defaults (not added to the session)."""
    return session.get(RecycleBin, project_id) or RecycleBin(
        project_id=project_id,
        enable=False,
        recycle_threshold_hour=DEFAULT_RECYCLE_THRESHOLD_HOUR,
        retention_hour=DEFAULT_RETENTION_HOUR,
    )


def recycle(session: Session, lb: LoadBalancer, *, delete_pools: bool) -> bool:
    """Put a load balancer that is being deleted into its project's recycle bin instead,
    when the bin is on and the load balancer is at least recycle_threshold_hour old;
    whether it did (if not, the caller deletes it).

    `delete_pools` is what the delete does to the pools when the bin lets the load balancer
    go for good; until then they stay with it. auto_terminate_time is fixed now: a later
    policy change applies to load balancers deleted after it.
    """
    recycle_bin = session.get(RecycleBin, lb.project_id)
    if recycle_bin is None or not recycle_bin.enable:
        return False
    moment = now()
    if _age(lb, moment) < timedelta(hours=recycle_bin.recycle_threshold_hour):
        return False
    lb.provisioning_status = RECYCLING
    lb.updated_at = cloud_time(moment)
    session.add(
        RecycledLoadBalancer(
            loadbalancer_id=lb.id,
            project_id=lb.project_id,
            auto_terminate_time=cloud_time(moment + timedelta(hours=recycle_bin.retention_hour)),
            delete_pools=delete_pools,
        )
    )
    return True


def _age(lb: LoadBalancer, moment: datetime) -> timedelta:
    try:
        created = datetime.strptime(lb.created_at, _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return timedelta.max  # a seeded time that is no date: old enough
    return max(moment - created, timedelta(0))


def is_recycled(lb: LoadBalancer) -> bool:
    """Whether the load balancer is in the recycle bin (deleted, as the API sees it)."""
    return lb.provisioning_status == RECYCLING


def live_load_balancer(session: Session, *, project_id: str, loadbalancer_id: str) -> LoadBalancer:
    """The project's load balancer, or NotFound: one in the recycle bin is deleted, as far
    as every operation that names it goes (show_load_balancer and the others)."""
    lb = get_in_project(
        session,
        LoadBalancer,
        kind="loadbalancer",
        resource_id=loadbalancer_id,
        project_id=project_id,
    )
    if is_recycled(lb):
        raise NotFound(kind="loadbalancer", id=loadbalancer_id)
    return lb


def kept_in_bin(moment: datetime) -> Select[str]:
    """The ids of the load balancers the recycle bin still keeps at `moment`."""
    return select(RecycledLoadBalancer.loadbalancer_id).where(
        RecycledLoadBalancer.auto_terminate_time > cloud_time(moment)
    )


def includes_recycle_bin(query: ListQuery) -> bool:
    """Whether the list request says include_recycle_bin=true (a value that is no boolean
    is refused by the filter itself: services/filters.include_recycle_bin)."""
    return any(
        key == "include_recycle_bin" and value.lower() == "true" for key, value in query.query
    )


def _hidden_load_balancers(query: ListQuery) -> Select[str]:
    """The ids of the load balancers a list leaves out: those in the bin, or with
    include_recycle_bin=true those whose time in it is over."""
    recycled = select(LoadBalancer.id).where(LoadBalancer.provisioning_status == RECYCLING)
    if includes_recycle_bin(query):
        recycled = recycled.where(LoadBalancer.id.not_in(kept_in_bin(now())))
    return recycled


def visible_load_balancers(scope: Select[T], query: ListQuery) -> Select[T]:
    """list_load_balancers' scope without the load balancers in the recycle bin, unless
    the query includes them."""
    if not includes_recycle_bin(query):
        return scope.where(LoadBalancer.provisioning_status != RECYCLING)
    return scope.where(LoadBalancer.id.not_in(_hidden_load_balancers(query)))


def visible_listeners(scope: Select[T], query: ListQuery) -> Select[T]:
    """list_listeners' scope without the listeners of load balancers in the recycle bin,
    unless the query includes them."""
    return scope.where(Listener.loadbalancer_id.not_in(_hidden_load_balancers(query)))
