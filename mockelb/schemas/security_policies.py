"""Wire schemas of the custom security policy operations, named as in the API reference.

Lengths are the reference's: name and description 0-255 characters, 1-5 protocols and
1-30 ciphers (UpdateSecurityPolicyOption, OTC), each from the allowed values; whether the
ciphers match the protocols is checked in services/security_policies.py.

A value may repeat, and a policy keeps its lists as sent (order and repeats). Neither the
SDK's docstrings nor the API reference forbid repeats, and the reference's bounds suggest
they are allowed: up to 5 protocols of 4 values, up to 30 ciphers of 28. Refusing them
would turn away requests the cloud is documented to take.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mockelb.domain.security_policies import Cipher, TlsProtocol
from mockelb.schemas.common import Description, ElbModel, Name

Protocols = Annotated[list[TlsProtocol], Field(min_length=1, max_length=5)]
Ciphers = Annotated[list[Cipher], Field(min_length=1, max_length=30)]


class CreateSecurityPolicyOption(ElbModel):
    name: Name | None = None
    description: Description | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    protocols: Protocols
    ciphers: Ciphers


class CreateSecurityPolicyRequestBody(ElbModel):
    security_policy: CreateSecurityPolicyOption


class UpdateSecurityPolicyOption(ElbModel):
    """Every field optional; null is "not sent", as for every other update."""

    name: Name | None = None
    description: Description | None = None
    protocols: Protocols | None = None
    ciphers: Ciphers | None = None


class UpdateSecurityPolicyRequestBody(ElbModel):
    security_policy: UpdateSecurityPolicyOption
