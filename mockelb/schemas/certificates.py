"""Wire schemas of the certificate operations, named as in the API reference.

Lengths are the SDK docstrings' (the OTC reference allows 65,536 characters of certificate;
the SDK's CreateCertificateOption, newer, 20,000). What the PEM holds, the syntax of
`domain` and every rule that needs the type or the stored certificate are checked in
services/certificates.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import Description, ElbModel, Name

# server_sm (SM2 dual certificates) is an SDK value; services/certificates.py refuses it
CertificateType = Literal["server", "client", "server_sm"]
CertificatePem = Annotated[str, Field(max_length=20000)]
PrivateKeyPem = Annotated[str, Field(max_length=8192)]
Domain = Annotated[str, Field(max_length=10000)]
# the CCM certificate id is only recorded ("not checked to exist in CCM")
ScmCertificateId = Annotated[str, Field(min_length=1, max_length=128)]
# "scm": the certificate of a CCM certificate; "" (the default): the user's own
Source = Literal["scm", ""]
ProtectionStatus = Literal["nonProtection", "consoleProtection"]
ProtectionReason = Annotated[str, Field(max_length=255, pattern=r"^[^<>]*$")]
CertificateId = Annotated[str, Field(max_length=128)]
# the reference sets no limit on one batch; mockelb takes as many as batch_delete_pools
MAX_BATCH_DELETE_CERTIFICATES = 200


class CreateCertificateOption(ElbModel):
    certificate: CertificatePem
    admin_state_up: bool | None = None
    description: Description | None = None
    domain: Domain | None = None
    name: Name | None = None
    private_key: PrivateKeyPem | None = None
    # the project comes from the URL; the body's copy is accepted and not used
    project_id: Annotated[str, Field(max_length=32)] | None = None
    type: CertificateType | None = None
    enterprise_project_id: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    enc_certificate: CertificatePem | None = None
    enc_private_key: PrivateKeyPem | None = None
    scm_certificate_id: ScmCertificateId | None = None
    source: Source | None = None
    protection_status: ProtectionStatus | None = None
    protection_reason: ProtectionReason | None = None


class CreateCertificateRequestBody(ElbModel):
    certificate: CreateCertificateOption


class UpdateCertificateOption(ElbModel):
    """Every field optional; null leaves a field as it is (the type cannot change)."""

    certificate: CertificatePem | None = None
    description: Description | None = None
    name: Name | None = None
    private_key: PrivateKeyPem | None = None
    domain: Domain | None = None
    enc_certificate: CertificatePem | None = None
    enc_private_key: PrivateKeyPem | None = None
    scm_certificate_id: ScmCertificateId | None = None
    source: Source | None = None
    protection_status: ProtectionStatus | None = None
    protection_reason: ProtectionReason | None = None


class UpdateCertificateRequestBody(ElbModel):
    certificate: UpdateCertificateOption


class BatchDeleteCertificatesRequestBody(ElbModel):
    # ids are not checked for shape: whatever is not a certificate of the project is
    # "not found"
    certificates: Annotated[
        list[CertificateId], Field(min_length=1, max_length=MAX_BATCH_DELETE_CERTIFICATES)
    ]


class CreateCertificatePrivateKeyEchoRequestBody(ElbModel):
    private_key_echo: bool
