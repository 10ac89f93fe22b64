"""The API versions as GET /versions shows them."""

from __future__ import annotations

from typing_extensions import TypedDict

# Highest first, as the cloud lists them: v3 is the current API, the v2 generations remain.
API_VERSIONS: tuple[tuple[str, str], ...] = (
    ("v3", "CURRENT"),
    ("v2", "STABLE"),
    ("v2.0", "STABLE"),
)


class ApiVersionInfoBody(TypedDict):
    """One ApiVersionInfo: a version's id and status."""

    id: str
    status: str


class ListApiVersionsResponse(TypedDict):
    """The body of GET /versions: it has no request_id (the id travels in the header)."""

    versions: list[ApiVersionInfoBody]


def versions_view() -> list[ApiVersionInfoBody]:
    """The ApiVersionInfo list: id and status of each version."""
    return [{"id": version_id, "status": status} for version_id, status in API_VERSIONS]
