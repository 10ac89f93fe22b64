"""Tags as the tag operations show them. Their bodies have no request_id (the SDK's
response classes declare none): the id travels in the X-Request-Id header alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from typing_extensions import TypedDict


class ResourceTagBody(TypedDict):
    """A tag of one resource (ResourceTag)."""

    key: str
    value: str


class ListTagBody(TypedDict):
    """A tag key of the project's resources with every value it has (ListTag)."""

    key: str
    values: list[str]


class ShowLoadbalancerTagsResponse(TypedDict):
    tags: list[ResourceTagBody]


class ShowListenerTagsResponse(TypedDict):
    tags: list[ResourceTagBody]


class ListLoadbalancerTagsResponse(TypedDict):
    tags: list[ListTagBody]


class ListListenerTagsResponse(TypedDict):
    tags: list[ListTagBody]


def resource_tags_view(tags: Sequence[Mapping[str, str]]) -> list[ResourceTagBody]:
    """The ResourceTag list of show_*_tags, in the order the tags were added."""
    return [{"key": tag["key"], "value": tag["value"]} for tag in tags]


def list_tags_view(tags: Sequence[tuple[str, list[str]]]) -> list[ListTagBody]:
    """The ListTag list of list_*_tags."""
    return [{"key": key, "values": values} for key, values in tags]
