"""HTTP binding of the certificate operations and of the private key echo switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from mockelb.errors import request_id_of
from mockelb.models import Certificate
from mockelb.openapi import response_body
from mockelb.responses import no_content, respond
from mockelb.routes.deps import ListQueryDep, SessionDep
from mockelb.schemas.certificates import (
    BatchDeleteCertificatesRequestBody,
    CreateCertificatePrivateKeyEchoRequestBody,
    CreateCertificateRequestBody,
    UpdateCertificateRequestBody,
)
from mockelb.services import certificates as certificate_service
from mockelb.validation import json_body
from mockelb.views.certificates import (
    BatchDeleteCertificatesResponse,
    CertificateInfoBody,
    CreateCertificatePrivateKeyEchoResponse,
    CreateCertificateResponse,
    ListCertificatesResponse,
    ShowCertificatePrivateKeyEchoResponse,
    ShowCertificateResponse,
    UpdateCertificateResponse,
    batch_delete_result_view,
    certificate_view,
)
from mockelb.views.common import page_info_view

router = APIRouter(prefix="/v3/{project_id}/elb/certificates", tags=["certificates"])


def _echo(session: Session, project_id: str) -> bool:
    return certificate_service.show_certificate_private_key_echo(session, project_id=project_id)


def _view_of(session: Session, project_id: str, certificate: Certificate) -> CertificateInfoBody:
    return certificate_view(certificate, private_key_echo=_echo(session, project_id))


@router.post("", status_code=201)
@response_body(CreateCertificateResponse)
def create_certificate(
    request: Request,
    project_id: str,
    body: Annotated[CreateCertificateRequestBody, Depends(json_body(CreateCertificateRequestBody))],
    session: SessionDep,
) -> Response:
    certificate = certificate_service.create_certificate(
        session, project_id=project_id, option=body.certificate
    )
    return respond(
        CreateCertificateResponse(
            certificate=_view_of(session, project_id, certificate),
            request_id=request_id_of(request),
        ),
        201,
    )


@router.get("")
@response_body(ListCertificatesResponse)
def list_certificates(
    request: Request, project_id: str, query: ListQueryDep, session: SessionDep
) -> Response:
    page = certificate_service.list_certificates(session, project_id=project_id, query=query)
    echo = _echo(session, project_id)
    return respond(
        ListCertificatesResponse(
            certificates=[certificate_view(item, private_key_echo=echo) for item in page.items],
            page_info=page_info_view(page),
            request_id=request_id_of(request),
        )
    )


@router.post("/batch-delete")
@response_body(BatchDeleteCertificatesResponse)
def batch_delete_certificates(
    request: Request,
    project_id: str,
    body: Annotated[
        BatchDeleteCertificatesRequestBody, Depends(json_body(BatchDeleteCertificatesRequestBody))
    ],
    session: SessionDep,
) -> Response:
    results = certificate_service.batch_delete_certificates(
        session, project_id=project_id, certificate_ids=body.certificates
    )
    return respond(
        BatchDeleteCertificatesResponse(
            certificates=[
                batch_delete_result_view(result.id, result.ret_status, result.ret_code)
                for result in results
            ],
            request_id=request_id_of(request),
        )
    )


@router.post("/settings/private-key-echo", status_code=201)
@response_body(CreateCertificatePrivateKeyEchoResponse)
def create_certificate_private_key_echo(
    request: Request,
    project_id: str,
    body: Annotated[
        CreateCertificatePrivateKeyEchoRequestBody,
        Depends(json_body(CreateCertificatePrivateKeyEchoRequestBody)),
    ],
    session: SessionDep,
) -> Response:
    echo = certificate_service.create_certificate_private_key_echo(
        session, project_id=project_id, private_key_echo=body.private_key_echo
    )
    return respond(
        CreateCertificatePrivateKeyEchoResponse(
            private_key_echo=echo, request_id=request_id_of(request)
        ),
        201,
    )


@router.get("/settings/private-key-echo")
@response_body(ShowCertificatePrivateKeyEchoResponse)
def show_certificate_private_key_echo(
    request: Request, project_id: str, session: SessionDep
) -> Response:
    return respond(
        ShowCertificatePrivateKeyEchoResponse(
            private_key_echo=_echo(session, project_id), request_id=request_id_of(request)
        )
    )


@router.get("/{certificate_id}")
@response_body(ShowCertificateResponse)
def show_certificate(
    request: Request, project_id: str, certificate_id: str, session: SessionDep
) -> Response:
    certificate = certificate_service.show_certificate(
        session, project_id=project_id, certificate_id=certificate_id
    )
    return respond(
        ShowCertificateResponse(
            certificate=_view_of(session, project_id, certificate),
            request_id=request_id_of(request),
        )
    )


@router.put("/{certificate_id}")
@response_body(UpdateCertificateResponse)
def update_certificate(
    request: Request,
    project_id: str,
    certificate_id: str,
    body: Annotated[UpdateCertificateRequestBody, Depends(json_body(UpdateCertificateRequestBody))],
    session: SessionDep,
) -> Response:
    certificate = certificate_service.update_certificate(
        session, project_id=project_id, certificate_id=certificate_id, option=body.certificate
    )
    return respond(
        UpdateCertificateResponse(
            certificate=_view_of(session, project_id, certificate),
            request_id=request_id_of(request),
        )
    )


@router.delete("/{certificate_id}", status_code=204)
def delete_certificate(
    request: Request, project_id: str, certificate_id: str, session: SessionDep
) -> Response:
    certificate_service.delete_certificate(
        session, project_id=project_id, certificate_id=certificate_id
    )
    return no_content(request)
