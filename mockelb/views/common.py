"""Shapes shared by the views of several resources: references and page_info."""

from __future__ import annotations

from typing import NotRequired, Protocol, TypeVar

from typing_extensions import TypedDict

from mockelb.domain.paging import Page


class ResourceRef(TypedDict):
    """A reference to another resource by its id (ListenerRef, PoolRef, MemberRef, …)."""

    id: str


class TagBody(TypedDict):
    """A tag of a resource (load balancer, listener), as its create request gave it."""

    key: str
    value: str | None


class PageInfo(TypedDict):
    """The page_info of a list response."""

    previous_marker: str | None
    current_count: int
    # only while records remain in the direction of the walk
    next_marker: NotRequired[str]


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


IdentifiedT = TypeVar("IdentifiedT", bound=_Identified)


def refs_view(ids: list[str]) -> list[ResourceRef]:
    """[{"id": …}, …] for the given ids, in their order."""
    return [{"id": resource_id} for resource_id in ids]


def page_info_view(page: Page[IdentifiedT]) -> PageInfo:
    """previous_marker is the page's first id, next_marker (only if more) its last."""
    info: PageInfo = {
        "previous_marker": page.items[0].id if page.items else None,
        "current_count": len(page.items),
    }
    if page.next_marker is not None:
        info["next_marker"] = page.next_marker
    return info
