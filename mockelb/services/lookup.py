"""Finding one resource of a project by id: the not-found rule every `show_*` shares."""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from mockelb.errors import NotFound


class _ProjectResource(Protocol):
    project_id: str


ResourceT = TypeVar("ResourceT", bound=_ProjectResource)


def get_in_project(
    session: Session, model: type[ResourceT], *, kind: str, resource_id: str, project_id: str
) -> ResourceT:
    """The resource, or NotFound ("<kind> <id> could not be found.") when it is missing or
    belongs to another project."""
    resource = session.get(model, resource_id)
    if resource is None or resource.project_id != project_id:
        raise NotFound(kind=kind, id=resource_id)
    return resource
