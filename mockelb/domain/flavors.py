"""Flavors: the owner a flavor shows, for the flavor service and its views."""

from __future__ import annotations

from mockelb.models import Flavor

# The owner shown on public flavors: the cloud shows its operator's project there, never
# the caller's; mockelb has no operator, so a fixed id stands in for it.
REGION_PROJECT_ID = "0" * 32


def owner_of(flavor: Flavor) -> str:
    """The project_id a flavor shows: its own project, or the region's for public ones."""
    return flavor.project_id if flavor.project_id is not None else REGION_PROJECT_ID
