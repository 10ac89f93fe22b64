"""Tags of load balancers and listeners: the tag rules, and show, list and change.

A resource keeps its tags in its `tags` column, in the order they were added. One function,
checked_tags, holds the rules of a tag a client sets, for the create operations (`tags` of
create_load_balancer and create_listener) and for change_*_tags alike:

* a key of 1 to 36 characters, a value of 0 to 255 (a create's missing value is "");
* neither holds a non-printable character or any of = * < > \\ , | /;
* a key appears once per request, and a resource has at most 20 tags.

The key's 36 characters and the character set are every source's (SDK ChangeResourceTagOption
and ResourceTag, the OTC create table, Huawei's v3 pages). The value's limit differs: 255
for the operation that writes tags (ChangeResourceTagOption) and for what show answers
(ResourceTag), 43 in the OTC create table and in ListTag (the older TMS limit). mockelb
takes the write operation's 255 everywhere, so that what change_*_tags accepts a create
accepts too, and a state exported with such a tag loads back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.models import Listener, LoadBalancer
from mockelb.schemas.tags import ChangeResourceTagOption, TagAction
from mockelb.services.lookup import get_in_project
from mockelb.services.recycling import RECYCLING, live_load_balancer

MAX_TAGS = 20
MAX_KEY_LENGTH = 36
MAX_VALUE_LENGTH = 255
FORBIDDEN_CHARACTERS = frozenset("=*<>\\,|/")

# a stored tag: {"key": …, "value": …}
StoredTag = dict[str, str]


class TagLike(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def value(self) -> str | None: ...


def checked_tags(tags: Sequence[TagLike] | None, *, field: str = "tags") -> list[StoredTag]:
    """The tags of a new resource as it stores them, each checked by the tag rules."""
    if not tags:
        return []
    _check_count(len(tags), field)
    stored = [
        _checked_tag(tag.key, tag.value or "", f"{field}[{index}]")
        for index, tag in enumerate(tags)
    ]
    _check_unique_keys(stored, field)
    return stored


def show_loadbalancer_tags(
    session: Session, *, project_id: str, loadbalancer_id: str
) -> list[StoredTag]:
    """The load balancer's tags, in the order they were added."""
    lb = _load_balancer(session, project_id, loadbalancer_id)
    return _stored(lb.tags)


def show_listener_tags(session: Session, *, project_id: str, listener_id: str) -> list[StoredTag]:
    """The listener's tags, in the order they were added."""
    listener = _listener(session, project_id, listener_id)
    return _stored(listener.tags)


def list_loadbalancer_tags(session: Session, *, project_id: str) -> list[tuple[str, list[str]]]:
    """Every tag key of the project's load balancers with the values it has (ListTag).

    A load balancer in the recycle bin is deleted as far as the API goes (services/
    recycling.py): its tags are left out, as list_load_balancers leaves it out (ListTag has
    no include_recycle_bin), and come back if it is restored."""
    rows = session.scalars(
        select(LoadBalancer.tags).where(
            LoadBalancer.project_id == project_id, LoadBalancer.provisioning_status != RECYCLING
        )
    )
    return _aggregate(rows)


def list_listener_tags(session: Session, *, project_id: str) -> list[tuple[str, list[str]]]:
    """Every tag key of the project's listeners with the values it has (ListTag); those of
    load balancers in the recycle bin are left out, as list_listeners leaves them out."""
    recycled = select(LoadBalancer.id).where(
        LoadBalancer.project_id == project_id, LoadBalancer.provisioning_status == RECYCLING
    )
    rows = session.scalars(
        select(Listener.tags).where(
            Listener.project_id == project_id, Listener.loadbalancer_id.not_in(recycled)
        )
    )
    return _aggregate(rows)


def change_loadbalancer_tags(
    session: Session,
    *,
    project_id: str,
    loadbalancer_id: str,
    action: TagAction,
    tags: Sequence[ChangeResourceTagOption],
) -> None:
    """Add (create) or remove (delete) tags of a load balancer, all of them or none."""
    lb = _load_balancer(session, project_id, loadbalancer_id)
    _change(lb, action, tags)


def change_listener_tags(
    session: Session,
    *,
    project_id: str,
    listener_id: str,
    action: TagAction,
    tags: Sequence[ChangeResourceTagOption],
) -> None:
    """Add (create) or remove (delete) tags of a listener, all of them or none."""
    listener = _listener(session, project_id, listener_id)
    _change(listener, action, tags)


def _change(
    resource: LoadBalancer | Listener, action: TagAction, tags: Sequence[ChangeResourceTagOption]
) -> None:
    # An empty list is refused: the reference makes `tags` mandatory, and the v2 API it
    # comes from answers "Tag can not be null"; more than 20 in one request cannot be
    # meant either (a resource holds at most 20), for create and delete alike.
    if not tags:
        raise InvalidInput(field="tags", reason="it must hold at least one tag.")
    _check_count(len(tags), "tags")
    current = _stored(resource.tags)
    if action == "create":
        resource.tags = _with_tags(current, tags)
    else:
        resource.tags = _without_tags(current, tags)
    # The resource's updated_at is left alone: the cloud keeps tags apart from the
    # resource (TMS), and no reference shows a tag change as an update of it.


def _with_tags(
    current: list[StoredTag], tags: Sequence[ChangeResourceTagOption]
) -> list[StoredTag]:
    """The tags after a create: a key already there takes the new value in its place (the
    reference: "the key in the database is overwritten"), new keys come after."""
    added = [_checked_tag(tag.key, tag.value, f"tags[{index}]") for index, tag in enumerate(tags)]
    _check_unique_keys(added, "tags")
    values = {tag["key"]: tag["value"] for tag in added}
    result = [{"key": tag["key"], "value": values.pop(tag["key"], tag["value"])} for tag in current]
    result.extend({"key": key, "value": value} for key, value in values.items())
    if len(result) > MAX_TAGS:
        raise InvalidInput(
            field="tags",
            reason=f"a resource has at most {MAX_TAGS} tags; it has {len(current)} and "
            f"this would make {len(result)}.",
        )
    return result


def _without_tags(
    current: list[StoredTag], tags: Sequence[ChangeResourceTagOption]
) -> list[StoredTag]:
    """The tags after a delete. The reference: a tag that is not there counts as deleted,
    the character set is not checked, the key must not be empty, and the value is passed
    too, an empty one meaning any value; a non-empty value removes the key only while it
    has that value."""
    removed: dict[str, set[str]] = {}
    for index, tag in enumerate(tags):
        if not tag.key:
            raise InvalidInput(field=f"tags[{index}].key", reason="it must not be empty.")
        removed.setdefault(tag.key, set()).add(tag.value)
    return [tag for tag in current if not ({"", tag["value"]} & removed.get(tag["key"], set()))]


def _checked_tag(key: str, value: str, where: str) -> StoredTag:
    if not key:
        raise InvalidInput(field=f"{where}.key", reason="it must not be empty.")
    _check_text(key, f"{where}.key", MAX_KEY_LENGTH)
    _check_text(value, f"{where}.value", MAX_VALUE_LENGTH)
    return {"key": key, "value": value}


def _check_text(text: str, field: str, limit: int) -> None:
    if len(text) > limit:
        raise InvalidInput(field=field, reason=f"it must be at most {limit} characters long.")
    if not text.isprintable() or FORBIDDEN_CHARACTERS.intersection(text):
        raise InvalidInput(
            field=field,
            reason="it must not contain non-printable characters or any of = * < > \\ , | /.",
        )


def _check_count(count: int, field: str) -> None:
    if count > MAX_TAGS:
        raise InvalidInput(field=field, reason=f"at most {MAX_TAGS} tags are allowed.")


def _check_unique_keys(tags: list[StoredTag], field: str) -> None:
    seen: set[str] = set()
    for tag in tags:
        if tag["key"] in seen:
            raise InvalidInput(field=field, reason=f"the key {tag['key']!r} is repeated.")
        seen.add(tag["key"])


def _stored(tags: Iterable[Any]) -> list[StoredTag]:
    # a value stored as null by an older mockelb (create kept a missing value as null)
    return [{"key": str(tag["key"]), "value": tag.get("value") or ""} for tag in tags]


def _aggregate(rows: Iterable[list[Any]]) -> list[tuple[str, list[str]]]:
    """(key, values) for every key, keys and values sorted, each value once."""
    values: dict[str, set[str]] = {}
    for tags in rows:
        for tag in _stored(tags):
            values.setdefault(tag["key"], set()).add(tag["value"])
    return [(key, sorted(values[key])) for key in sorted(values)]


def _load_balancer(session: Session, project_id: str, loadbalancer_id: str) -> LoadBalancer:
    return live_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)


def _listener(session: Session, project_id: str, listener_id: str) -> Listener:
    return get_in_project(
        session, Listener, kind="listener", resource_id=listener_id, project_id=project_id
    )
