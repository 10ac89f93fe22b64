"""Logtanks as the API shows them."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.models import Logtank
from mockelb.views.common import PageInfo


class LogtankBody(TypedDict):
    """The Logtank object of create, show, list and update responses."""

    id: str
    project_id: str
    loadbalancer_id: str
    log_group_id: str
    log_topic_id: str


class CreateLogtankResponse(TypedDict):
    logtank: LogtankBody
    request_id: str


class ShowLogtankResponse(TypedDict):
    logtank: LogtankBody
    request_id: str


class UpdateLogtankResponse(TypedDict):
    logtank: LogtankBody
    request_id: str


class ListLogtanksResponse(TypedDict):
    logtanks: list[LogtankBody]
    page_info: PageInfo
    request_id: str


def logtank_view(logtank: Logtank) -> LogtankBody:
    """The Logtank object of create, show, list and update responses."""
    return {
        "id": logtank.id,
        "project_id": logtank.project_id,
        "loadbalancer_id": logtank.loadbalancer_id,
        "log_group_id": logtank.log_group_id,
        "log_topic_id": logtank.log_topic_id,
    }
