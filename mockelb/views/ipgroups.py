"""IP address groups as the API shows them."""

from __future__ import annotations

from typing import cast

from typing_extensions import TypedDict

from mockelb.domain.ipgroups import IpInfoBody
from mockelb.models import IpGroup
from mockelb.views.common import PageInfo, ResourceRef, refs_view


class IpGroupBody(TypedDict):
    """The IpGroup object of every IP address group response."""

    id: str
    name: str
    description: str
    ip_list: list[IpInfoBody]
    # the listeners whose access control uses the group
    listeners: list[ResourceRef]
    project_id: str
    enterprise_project_id: str
    created_at: str
    updated_at: str


class CreateIpGroupResponse(TypedDict):
    ipgroup: IpGroupBody
    request_id: str


class ShowIpGroupResponse(TypedDict):
    ipgroup: IpGroupBody
    request_id: str


class UpdateIpGroupResponse(TypedDict):
    ipgroup: IpGroupBody
    request_id: str


class UpdateIpListResponse(TypedDict):
    ipgroup: IpGroupBody
    request_id: str


class BatchDeleteIpListResponse(TypedDict):
    ipgroup: IpGroupBody
    request_id: str


class ListIpGroupsResponse(TypedDict):
    ipgroups: list[IpGroupBody]
    page_info: PageInfo
    request_id: str


class ShowIpGroupRelatedListenersResponse(TypedDict):
    listeners: list[ResourceRef]
    # not in the SDK's class (nor the reference's example); mockelb puts it in every body
    request_id: str


def ip_group_view(group: IpGroup, listener_ids: list[str]) -> IpGroupBody:
    """The IpGroup object, with the ids of the listeners that use the group."""
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "ip_list": cast("list[IpInfoBody]", list(group.ip_list)),
        "listeners": refs_view(listener_ids),
        "project_id": group.project_id,
        "enterprise_project_id": group.enterprise_project_id,
        "created_at": group.created_at,
        "updated_at": group.updated_at,
    }
