"""IP address groups: create, show, list, update, delete, their ip_list operations, and
the rule that a listener's ipgroup names groups of its project.

A group's entries are kept in address order (UpdateIpList's example answers the new
192.168.1.120 before the 192.168.1.122 and .123 the group held), each written as the client
first sent it. The listeners that use a group are those whose ipgroup.ipgroup_id names it
(enabled or not): they are read from the listeners, never stored on the group, so deleting
a listener frees its groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from mockelb.domain.ipgroups import (
    MAX_ENTRIES,
    IpEntryKey,
    IpInfoBody,
    ipgroup_ids_of,
    parse_ip_entry,
)
from mockelb.errors import Conflict, InvalidInput, QuotaExceeded
from mockelb.ids import new_id, utc_now
from mockelb.models import IpGroup
from mockelb.schemas.ipgroups import (
    BatchDeleteIpListRequestBody,
    CreateIpGroupOption,
    UpdateIpGroupOption,
    UpdateIpListRequestBody,
)
from mockelb.schemas.listeners import CreateListenerIpGroupOption
from mockelb.services import quotas
from mockelb.services.filters import Relation, enterprise_project_filter
from mockelb.services.ipgroup_users import named_groups
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page

# every query filter of the SDK's ListIpGroupsRequest; ip_list takes several addresses in
# one value too ("Multiple IP addresses are separated with commas", OTC ListIpGroups)
IP_GROUP_LIST = ListSpec(
    IpGroup,
    keys=frozenset({"id", "name", "description", "ip_list", "enterprise_project_id"}),
    csv_keys=frozenset({"ip_list"}),
    relations={"enterprise_project_id": enterprise_project_filter(IpGroup.enterprise_project_id)},
)


class _IpOption(Protocol):
    """An entry of a request's ip_list (CreateIpGroupIpOption, UpdateIpGroupIpOption)."""

    @property
    def ip(self) -> str: ...

    @property
    def description(self) -> str | None: ...


def show_ip_group(session: Session, *, project_id: str, ipgroup_id: str) -> IpGroup:
    """Return the IP address group, or raise NotFound."""
    return get_in_project(
        session, IpGroup, kind="ipgroup", resource_id=ipgroup_id, project_id=project_id
    )


def list_ip_groups(session: Session, *, project_id: str, query: ListQuery) -> Page[IpGroup]:
    """One page of the project's IP address groups that match every filter.

    ip_list matches a group holding one of the entries given, each compared whole as the
    SDK's ListIpGroupsRequest says (10.0.0.1 matches "10.0.0.1" and "10.0.0.1/32", not
    "10.0.0.0/24"); a value that is no entry matches nothing.
    """
    scope = select(IpGroup).where(IpGroup.project_id == project_id)
    relations = {"ip_list": _holding_filter(session, project_id)}
    return list_page(session, IP_GROUP_LIST, scope, query, relations=relations)


def _holding_filter(session: Session, project_id: str) -> Relation:
    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        wanted = {key for key in map(_key_or_none, values) if key is not None}
        rows = session.execute(
            select(IpGroup.id, IpGroup.ip_list).where(IpGroup.project_id == project_id)
        )
        holding = [
            group_id
            for group_id, ip_list in rows
            if any(parse_ip_entry(entry["ip"]) in wanted for entry in ip_list)
        ]
        return IpGroup.id.in_(holding)

    return condition


def _key_or_none(text: str) -> IpEntryKey | None:
    try:
        return parse_ip_entry(text)
    except ValueError:
        return None


def create_ip_group(
    session: Session,
    *,
    project_id: str,
    option: CreateIpGroupOption,
    ipgroup_id: str | None = None,
) -> IpGroup:
    """A new IP address group; entries that repeat one another are kept once."""
    ip_list = _merged_entries([], option.ip_list, field="ip_list")
    quotas.check_room(
        session,
        project_id=project_id,
        key="ipgroup",
        model=IpGroup,
        where=IpGroup.project_id == project_id,
    )
    now = utc_now()
    group = IpGroup(
        id=ipgroup_id or new_id(),
        project_id=project_id,
        name=option.name or "",
        description=option.description or "",
        ip_list=ip_list,
        enterprise_project_id=option.enterprise_project_id or "0",
        created_at=now,
        updated_at=now,
    )
    session.add(group)
    return group


def update_ip_group(
    session: Session, *, project_id: str, ipgroup_id: str, option: UpdateIpGroupOption
) -> IpGroup:
    """Change the name and description sent; an ip_list sent replaces the whole list."""
    group = show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    ip_list = group.ip_list
    if option.ip_list is not None:
        ip_list = _merged_entries([], option.ip_list, field="ip_list")
        _check_listeners_room(session, group, len(ip_list))
    _apply(group, option.name, option.description, ip_list)
    return group


def update_ip_list(
    session: Session, *, project_id: str, ipgroup_id: str, body: UpdateIpListRequestBody
) -> IpGroup:
    """Add the entries sent that the group lacks, and give those it holds the description
    sent (an entry sent without one keeps its own); nothing is removed."""
    group = show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    option = body.ipgroup
    if option is None:
        return group
    ip_list = group.ip_list
    if option.ip_list is not None:
        ip_list = _merged_entries(group.ip_list, option.ip_list, field="ipgroup.ip_list")
        _check_listeners_room(session, group, len(ip_list))
    _apply(group, option.name, option.description, ip_list)
    return group


def batch_delete_ip_list(
    session: Session, *, project_id: str, ipgroup_id: str, body: BatchDeleteIpListRequestBody
) -> IpGroup:
    """Remove the entries named (compared as list_ip_groups' ip_list filter compares them).

    An entry the group does not hold is passed over: afterwards the group holds none of
    those named, which is what was asked (the reference names no error for it). A text
    that is no entry at all is refused.
    """
    group = show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    items = body.ipgroup.ip_list if body.ipgroup is not None else None
    if not items:
        return group
    doomed = {_key_of(item.ip, f"ipgroup.ip_list[{index}].ip") for index, item in enumerate(items)}
    kept = [entry for entry in group.ip_list if parse_ip_entry(entry["ip"]) not in doomed]
    _apply(group, None, None, kept)
    return group


def delete_ip_group(session: Session, *, project_id: str, ipgroup_id: str) -> None:
    """Delete a group no listener uses (the reference: disassociate it first)."""
    group = show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    users = ip_group_listeners(session, project_id=project_id, ipgroup_ids=[group.id])[group.id]
    if users:
        raise Conflict(
            message=f"IP address group {group.id} is used by {_listeners_phrase(users)}; "
            "remove it from their access control first."
        )
    session.delete(group)


def _listeners_phrase(listener_ids: Sequence[str]) -> str:
    """The first listener and how many more: a message stays short however many use it."""
    more = len(listener_ids) - 1
    if more == 0:
        return f"listener {listener_ids[0]}"
    return f"listener {listener_ids[0]} and {more} other{'s' if more > 1 else ''}"


def show_ip_group_related_listeners(
    session: Session, *, project_id: str, ipgroup_id: str
) -> list[str]:
    """The ids of the listeners whose access control uses the group, in id order."""
    group = show_ip_group(session, project_id=project_id, ipgroup_id=ipgroup_id)
    return ip_group_listeners(session, project_id=project_id, ipgroup_ids=[group.id])[group.id]


def ip_group_listeners(
    session: Session, *, project_id: str, ipgroup_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Group id -> the ids of the listeners that use it (in id order), for these groups."""
    result: dict[str, list[str]] = {group_id: [] for group_id in ipgroup_ids}
    for listener_id, named in sorted(named_groups(session, project_id, ipgroup_ids).items()):
        for group_id in dict.fromkeys(named):
            if group_id in result:
                result[group_id].append(listener_id)
    return result


# --- the listeners' side ---------------------------------------------------------------


def check_listener_ipgroup(
    session: Session,
    *,
    project_id: str,
    ipgroup: CreateListenerIpGroupOption | Mapping[str, Any] | None,
    listener_id: str | None,
) -> None:
    """The ipgroup a listener is to keep names existing groups of its project, once each,
    within the quotas: groups per listener, listeners per group, and entries of all the
    listener's groups together. `listener_id`: the listener being updated (None: a new one).
    """
    if ipgroup is None:
        return
    group_ids = ipgroup_ids_of(
        ipgroup.ipgroup_id
        if isinstance(ipgroup, CreateListenerIpGroupOption)
        else str(ipgroup.get("ipgroup_id", ""))
    )
    for group_id in group_ids:
        if not group_id:
            raise InvalidInput(
                field="ipgroup.ipgroup_id",
                reason="it must be IP address group ids separated by single commas.",
            )
    if len(set(group_ids)) != len(group_ids):
        raise InvalidInput(field="ipgroup.ipgroup_id", reason="it names a group more than once.")
    groups = [
        show_ip_group(session, project_id=project_id, ipgroup_id=group_id) for group_id in group_ids
    ]
    _check_limit(session, project_id, "ipgroups_per_listener", len(groups))
    bindings = quotas.limit_of(session, project_id=project_id, key="ipgroup_bindings")
    if bindings >= 0:
        # the other listeners of these groups only (the one updated counts as the new user)
        others = [
            named
            for other, named in named_groups(session, project_id, group_ids).items()
            if other != listener_id
        ]
        for group in groups:
            if sum(group.id in named for named in others) + 1 > bindings:
                raise QuotaExceeded(resources="ipgroup_bindings")
    _check_limit(
        session, project_id, "ipgroup_max_length", sum(len(group.ip_list) for group in groups)
    )


def _check_listeners_room(session: Session, group: IpGroup, size: int) -> None:
    """The group is to hold `size` entries: each listener using it stays within
    ipgroup_max_length ("the IPs of all the IP address groups of one listener")."""
    limit = quotas.limit_of(session, project_id=group.project_id, key="ipgroup_max_length")
    if limit < 0:
        return
    users = list(named_groups(session, group.project_id, [group.id]).values())
    if not users:
        return
    # the sizes of the other groups these listeners name, and of none else
    others = {group_id for ids in users for group_id in ids} - {group.id}
    sizes = {
        group_id: len(ip_list)
        for group_id, ip_list in session.execute(
            select(IpGroup.id, IpGroup.ip_list).where(
                IpGroup.project_id == group.project_id, IpGroup.id.in_(others)
            )
        )
    }
    sizes[group.id] = size
    for ids in users:
        if sum(sizes.get(group_id, 0) for group_id in set(ids)) > limit:
            raise QuotaExceeded(resources="ipgroup_max_length")


def _check_limit(session: Session, project_id: str, key: str, wanted: int) -> None:
    limit = quotas.limit_of(session, project_id=project_id, key=key)
    if 0 <= limit < wanted:
        raise QuotaExceeded(resources=key)


# --- entries -----------------------------------------------------------------------------


def _key_of(text: str, field: str) -> IpEntryKey:
    try:
        return parse_ip_entry(text)
    except ValueError as exc:
        raise InvalidInput(field=field, reason=str(exc)) from None


def _merged_entries(
    current: Sequence[Mapping[str, Any]], options: Sequence[_IpOption], *, field: str
) -> list[IpInfoBody]:
    """`current` with each option applied in order: a new entry is added as written, one
    the list holds already keeps its text and takes the option's description, if it has
    one. The same rule keeps a repeated entry of one request once (the reference: "only
    one will be kept"). The result is in address order, and at most MAX_ENTRIES long."""
    entries: dict[IpEntryKey, IpInfoBody] = {
        parse_ip_entry(str(entry["ip"])): {
            "ip": str(entry["ip"]),
            "description": str(entry["description"]),
        }
        for entry in current
    }
    for index, option in enumerate(options):
        key = _key_of(option.ip, f"{field}[{index}].ip")
        if key not in entries:
            entries[key] = {"ip": option.ip, "description": option.description or ""}
        elif option.description is not None:
            entries[key]["description"] = option.description
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(
            field=field,
            reason=f"a group holds at most {MAX_ENTRIES} entries; it would hold {len(entries)}.",
        )
    return [entries[key] for key in sorted(entries)]


def _apply(group: IpGroup, name: str | None, description: str | None, ip_list: list[Any]) -> None:
    """Write what an update sends (None: not sent), and the time of the change."""
    if name is not None:
        group.name = name
    if description is not None:
        group.description = description
    # a new list object: the JSON column notices a replaced value, not one changed in place
    group.ip_list = list(ip_list)
    group.updated_at = utc_now()
