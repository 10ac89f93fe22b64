"""Logtanks (access logs): create, show, list, update, delete, and the rules of each.

A logtank sends one load balancer's access logs to a Log Tank Service (LTS) log group and
log stream (log_group_id, log_topic_id). A load balancer has at most one; it shows the
logtank's ids as its own log_group_id and log_topic_id, and list_load_balancers filters
on them. Deleting the load balancer removes its logtank (models.Logtank: ON DELETE
CASCADE): the reference does not say, and the console deletes a load balancer with access
logging on without asking for it to be turned off first.

LTS is not emulated, so no group or stream can be looked up: an id is accepted when it has
the form LTS gives its ids, a UUID (8-4-4-4-12 hexadecimal digits, as in the reference's
examples), and refused with 400 otherwise. The reference's console note that access logs
need an HTTP or HTTPS listener is not an API rule (layer-4 access logs exist too): any
load balancer of the project takes a logtank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from mockelb.errors import Conflict, InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import LoadBalancer, Logtank
from mockelb.schemas.logtanks import CreateLogtankOption, UpdateLogtankOption
from mockelb.services.filters import ALL_GRANTED_EPS, Relation
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.recycling import live_load_balancer

_LTS_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _enterprise_project_filter(values: Sequence[str]) -> ColumnElement[bool]:
    # a logtank is in its load balancer's enterprise project
    if ALL_GRANTED_EPS in values:
        return true()
    return Logtank.loadbalancer_id.in_(
        select(LoadBalancer.id).where(LoadBalancer.enterprise_project_id.in_(values))
    )


# every query filter of the SDK's ListLogtanksRequest
LOGTANK_LIST = ListSpec(
    Logtank,
    keys=frozenset(
        {"id", "loadbalancer_id", "log_group_id", "log_topic_id", "enterprise_project_id"}
    ),
    relations={"enterprise_project_id": _enterprise_project_filter},
)


def load_balancer_log_filter(column: InstrumentedAttribute[str]) -> Relation:
    """list_load_balancers' log_group_id / log_topic_id: the load balancers whose logtank has
    one of the values; "" names those without a logtank (they show "")."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        logged = LoadBalancer.id.in_(select(Logtank.loadbalancer_id).where(column.in_(values)))
        unlogged = (
            LoadBalancer.id.not_in(select(Logtank.loadbalancer_id)) if "" in values else false()
        )
        return or_(logged, unlogged)

    return condition


def show_logtank(session: Session, *, project_id: str, logtank_id: str) -> Logtank:
    """Return the logtank, or raise NotFound."""
    return get_in_project(
        session, Logtank, kind="logtank", resource_id=logtank_id, project_id=project_id
    )


def list_logtanks(session: Session, *, project_id: str, query: ListQuery) -> Page[Logtank]:
    """One page of the project's logtanks that match every filter."""
    scope = select(Logtank).where(Logtank.project_id == project_id)
    return list_page(session, LOGTANK_LIST, scope, query)


def create_logtank(
    session: Session,
    *,
    project_id: str,
    option: CreateLogtankOption,
    logtank_id: str | None = None,
) -> Logtank:
    """Turn on access logging of a load balancer that has none yet."""
    _check_lts_id("log_group_id", option.log_group_id)
    _check_lts_id("log_topic_id", option.log_topic_id)
    lb = live_load_balancer(session, project_id=project_id, loadbalancer_id=option.loadbalancer_id)
    _check_load_balancer_is_free(session, lb)
    now = utc_now()
    logtank = Logtank(
        id=logtank_id or new_id(),
        project_id=project_id,
        loadbalancer_id=lb.id,
        log_group_id=option.log_group_id,
        log_topic_id=option.log_topic_id,
        created_at=now,
        updated_at=now,
    )
    session.add(logtank)
    session.flush()
    return logtank


def update_logtank(
    session: Session, *, project_id: str, logtank_id: str, option: UpdateLogtankOption
) -> Logtank:
    """Send the load balancer's logs to another group or stream; a field left out (or null)
    keeps its value."""
    logtank = show_logtank(session, project_id=project_id, logtank_id=logtank_id)
    changes = {
        name: value
        for name in ("log_group_id", "log_topic_id")
        if (value := getattr(option, name)) is not None
    }
    for name, value in changes.items():
        _check_lts_id(name, value)
    for name, value in changes.items():
        setattr(logtank, name, value)
    logtank.updated_at = utc_now()
    return logtank


def delete_logtank(session: Session, *, project_id: str, logtank_id: str) -> None:
    """Turn off access logging: the load balancer shows empty log ids again."""
    logtank = show_logtank(session, project_id=project_id, logtank_id=logtank_id)
    session.delete(logtank)


def _check_lts_id(field: str, value: str) -> None:
    if not _LTS_ID.fullmatch(value):
        raise InvalidInput(
            field=field,
            reason=f"{value!r} is not an LTS id: a UUID such as "
            "7733882e-f7fa-4fb0-a460-0605c48a2280.",
        )


def _check_load_balancer_is_free(session: Session, lb: LoadBalancer) -> None:
    # the unique loadbalancer_id is the last guard against two at once
    existing = session.scalar(select(Logtank.id).where(Logtank.loadbalancer_id == lb.id))
    if existing:
        raise Conflict(
            message=f"Load balancer {lb.id} already has logtank {existing}; "
            "a load balancer has at most one."
        )
