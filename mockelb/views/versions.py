"""The API versions as GET /versions shows them."""

from __future__ import annotations

from typing import Any

# Highest first, as the cloud lists them: v3 is the current API, the v2 generations remain.
API_VERSIONS: tuple[tuple[str, str], ...] = (
    ("v3", "CURRENT"),
    ("v2", "STABLE"),
    ("v2.0", "STABLE"),
)


def versions_view() -> list[dict[str, Any]]:
    """The ApiVersionInfo list: id and status of each version."""
    return [{"id": version_id, "status": status} for version_id, status in API_VERSIONS]
