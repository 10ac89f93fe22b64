"""Wire schemas of the IP address group operations, named as in the API reference.

Lengths are the reference's (SDK docstrings, OTC CreateIpGroup); what an ip may be, and
every rule that needs the group or its listeners, is checked in services/ipgroups.py.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.domain.ipgroups import MAX_ENTRIES
from mockelb.schemas.common import Description, ElbModel, Name

# an address, a CIDR block or a range of two IPv6 addresses fits in well under 128
# characters; a longer string is no entry, and the limit keeps error messages short
IpText = Annotated[str, Field(min_length=1, max_length=128)]


class CreateIpGroupIpOption(ElbModel):
    ip: IpText
    description: Description | None = None


class CreateIpGroupOption(ElbModel):
    ip_list: Annotated[list[CreateIpGroupIpOption], Field(max_length=MAX_ENTRIES)]
    name: Name | None = None
    description: Description | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    # the project comes from the URL; the body's copy is accepted and not used
    project_id: Annotated[str, Field(max_length=32)] | None = None


class CreateIpGroupRequestBody(ElbModel):
    ipgroup: CreateIpGroupOption


class UpdateIpGroupIpOption(ElbModel):
    ip: IpText
    description: Description | None = None


class UpdateIpGroupOption(ElbModel):
    """Every field optional; ip_list, when sent, replaces the whole list."""

    name: Name | None = None
    description: Description | None = None
    ip_list: Annotated[list[UpdateIpGroupIpOption], Field(max_length=MAX_ENTRIES)] | None = None


class UpdateIpGroupRequestBody(ElbModel):
    ipgroup: UpdateIpGroupOption


class UpdateIpListOption(ElbModel):
    """ip_list adds entries, or changes the description of entries the group holds."""

    name: Name | None = None
    description: Description | None = None
    ip_list: Annotated[list[UpdateIpGroupIpOption], Field(max_length=MAX_ENTRIES)] | None = None


class UpdateIpListRequestBody(ElbModel):
    # not mandatory in the reference (UpdateIpList): without it nothing changes
    ipgroup: UpdateIpListOption | None = None


class IpGroupIp(ElbModel):
    ip: IpText


class BatchDeleteIpListOption(ElbModel):
    ip_list: list[IpGroupIp] | None = None


class BatchDeleteIpListRequestBody(ElbModel):
    # not mandatory in the reference (BatchDeleteIpList): without it nothing is removed
    ipgroup: BatchDeleteIpListOption | None = None
