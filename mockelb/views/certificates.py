"""Certificates as the API shows them, and the private key echo switch."""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict

from mockelb.models import Certificate
from mockelb.views.common import PageInfo

# what a certificate answer shows instead of the private key while private_key_echo is off
# ("the private key is anonymized as ******", CreateCertificatePrivateKeyEcho)
MASKED_PRIVATE_KEY = "******"


class CertificateInfoBody(TypedDict):
    """The CertificateInfo object of create, show, list and update responses."""

    admin_state_up: bool
    certificate: str
    description: str
    domain: str | None
    id: str
    name: str
    # a client (CA) certificate keeps no private key: null
    private_key: str | None
    type: str
    created_at: str
    updated_at: str
    expire_time: str
    project_id: str
    # server_sm certificates are not supported: always null
    enc_certificate: str | None
    enc_private_key: str | None
    scm_certificate_id: str | None
    common_name: str
    fingerprint: str
    subject_alternative_names: list[str]
    source: str
    protection_status: str
    protection_reason: str
    enterprise_project_id: str


class CreateCertificateResponse(TypedDict):
    certificate: CertificateInfoBody
    request_id: str


class ShowCertificateResponse(TypedDict):
    certificate: CertificateInfoBody
    request_id: str


class UpdateCertificateResponse(TypedDict):
    certificate: CertificateInfoBody
    request_id: str


class ListCertificatesResponse(TypedDict):
    certificates: list[CertificateInfoBody]
    page_info: PageInfo
    request_id: str


class BatchDeleteCertificatesRespBody(TypedDict):
    """What BatchDeleteCertificates says of one id (BatchDeleteCertificatesResp)."""

    id: str
    ret_status: str
    # only when the certificate was not deleted
    ret_code: NotRequired[str]


class BatchDeleteCertificatesResponse(TypedDict):
    certificates: list[BatchDeleteCertificatesRespBody]
    request_id: str


class CreateCertificatePrivateKeyEchoResponse(TypedDict):
    private_key_echo: bool
    request_id: str


class ShowCertificatePrivateKeyEchoResponse(TypedDict):
    private_key_echo: bool
    request_id: str


def certificate_view(certificate: Certificate, *, private_key_echo: bool) -> CertificateInfoBody:
    """The CertificateInfo object; the private key masked unless the project echoes it."""
    private_key = certificate.private_key
    if private_key and not private_key_echo:
        private_key = MASKED_PRIVATE_KEY
    return {
        "admin_state_up": certificate.admin_state_up,
        "certificate": certificate.certificate,
        "description": certificate.description,
        "domain": certificate.domain,
        "id": certificate.id,
        "name": certificate.name,
        "private_key": private_key,
        "type": certificate.type,
        "created_at": certificate.created_at,
        "updated_at": certificate.updated_at,
        "expire_time": certificate.expire_time,
        "project_id": certificate.project_id,
        "enc_certificate": None,
        "enc_private_key": None,
        "scm_certificate_id": certificate.scm_certificate_id,
        "common_name": certificate.common_name,
        "fingerprint": certificate.fingerprint,
        "subject_alternative_names": list(certificate.subject_alternative_names),
        "source": certificate.source,
        "protection_status": certificate.protection_status,
        "protection_reason": certificate.protection_reason,
        "enterprise_project_id": certificate.enterprise_project_id,
    }


def batch_delete_result_view(
    certificate_id: str, ret_status: str, ret_code: str | None
) -> BatchDeleteCertificatesRespBody:
    """One BatchDeleteCertificatesResp: ret_code only when the certificate was not deleted."""
    view: BatchDeleteCertificatesRespBody = {"id": certificate_id, "ret_status": ret_status}
    if ret_code is not None:
        view["ret_code"] = ret_code
    return view
