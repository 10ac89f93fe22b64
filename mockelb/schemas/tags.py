"""Wire schemas of the tag operations of load balancers and listeners, named as in the API
reference (ChangeLoadbalancerTagsRequestBody, ChangeListenerTagsRequestBody).

Only the shapes are here: the tag rules (lengths, characters, how many) are those of
services/tags.py, which the create operations apply to their `tags` too.
"""

from __future__ import annotations

from typing import Literal

from mockelb.schemas.common import ElbModel

TagAction = Literal["create", "delete"]


class ChangeResourceTagOption(ElbModel):
    """A tag to add or remove: both key and value are mandatory (a delete passes the value
    too; an empty one matches any value)."""

    key: str
    value: str


class ChangeLoadbalancerTagsRequestBody(ElbModel):
    action: TagAction
    tags: list[ChangeResourceTagOption]


class ChangeListenerTagsRequestBody(ElbModel):
    action: TagAction
    tags: list[ChangeResourceTagOption]
