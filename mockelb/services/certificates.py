"""Certificates: create, show, list, update, delete (one or a batch), the project's private
key echo switch, and the rule listeners follow when they name certificates.

A certificate's PEM is read for real (services/certificate_rules.py): a server certificate
needs the private key of its public key; expire_time, common_name, subject_alternative_names
and fingerprint come from the certificate itself. Types are "server" and "client" (a CA
certificate). "server_sm" (SM2 dual certificates, enc_certificate and enc_private_key) is
refused: the cryptography package cannot read SM2 keys, so such a certificate could not be
held to the rules a server certificate is held to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from mockelb.errors import Conflict, InvalidInput, NotFound
from mockelb.ids import new_id, utc_now
from mockelb.models import Certificate, CertificateSetting, Listener
from mockelb.schemas.certificates import CreateCertificateOption, UpdateCertificateOption
from mockelb.services import certificate_rules as pem
from mockelb.services import listener_rules, quotas
from mockelb.services.filters import (
    enterprise_project_filter,
    json_array_holds,
    json_array_holds_any,
)
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page

# the ret_code of a batch-deleted id that is no certificate (as for batch_delete_pools)
NOT_FOUND_CODE = "ELB.9903"
# "the domain names of all SNI certificates of a listener: at most 200, none repeated"
MAX_SNI_DOMAINS = 200
_SM_FIELDS = ("enc_certificate", "enc_private_key")

# list_certificates: every filter of the SDK's ListCertificatesRequest
CERTIFICATE_LIST = ListSpec(
    Certificate,
    keys=frozenset(
        {
            "id",
            "name",
            "description",
            "admin_state_up",
            "domain",
            "type",
            "scm_certificate_id",
            "common_name",
            "fingerprint",
            "source",
            "protection_status",
            "protection_reason",
            "enterprise_project_id",
        }
    ),
    # the filters the reference gives the csv format: a=1,2 as well as a=1&a=2
    csv_keys=frozenset(
        {"source", "protection_status", "protection_reason", "enterprise_project_id"}
    ),
    relations={
        "enterprise_project_id": enterprise_project_filter(Certificate.enterprise_project_id)
    },
)


@dataclass(frozen=True)
class BatchDeleteResult:
    """What batch_delete_certificates says of one id (BatchDeleteCertificatesResp)."""

    id: str
    ret_status: str
    ret_code: str | None = None


def show_certificate(session: Session, *, project_id: str, certificate_id: str) -> Certificate:
    """Return the certificate, or raise NotFound."""
    return get_in_project(
        session,
        Certificate,
        kind="certificate",
        resource_id=certificate_id,
        project_id=project_id,
    )


def list_certificates(session: Session, *, project_id: str, query: ListQuery) -> Page[Certificate]:
    """One page of the project's certificates that match every filter."""
    scope = select(Certificate).where(Certificate.project_id == project_id)
    return list_page(session, CERTIFICATE_LIST, scope, query)


# --- create and update --------------------------------------------------------------------


def create_certificate(
    session: Session,
    *,
    project_id: str,
    option: CreateCertificateOption,
    certificate_id: str | None = None,
) -> Certificate:
    """Store a certificate whose PEM holds: a server certificate with its own private key,
    or a client (CA) certificate (a private key sent with it must be PEM, and is not kept)."""
    cert_type = option.type or "server"
    _check_supported_type(cert_type, option)
    parsed = pem.read_certificate(option.certificate)
    private_key = None
    if cert_type == "server":
        if not option.private_key:
            raise InvalidInput(
                field="private_key", reason="it is required for server certificates."
            )
        pem.check_key_matches(parsed.leaf, pem.read_private_key(option.private_key))
        private_key = option.private_key
    elif option.private_key:
        # "useless for other types; if it is sent, it must be in PEM format"
        pem.read_private_key(option.private_key)
    if option.domain is not None:
        pem.check_domain(option.domain)
    quotas.check_room(
        session,
        project_id=project_id,
        key="certificate",
        model=Certificate,
        where=Certificate.project_id == project_id,
    )
    now = utc_now()
    certificate = Certificate(
        # the cloud's certificate ids are 32 lower-case hex characters, not UUIDs
        id=certificate_id or new_id().replace("-", ""),
        project_id=project_id,
        name=option.name or "",
        description=option.description or "",
        type=cert_type,
        admin_state_up=option.admin_state_up is not False,
        domain=option.domain,
        certificate=option.certificate,
        private_key=private_key,
        scm_certificate_id=option.scm_certificate_id,
        source=_source_of(option.source, option.scm_certificate_id),
        protection_status=option.protection_status or "nonProtection",
        protection_reason=option.protection_reason or "",
        enterprise_project_id=option.enterprise_project_id or "0",
        created_at=now,
        updated_at=now,
        **_facts_columns(parsed.facts),
    )
    session.add(certificate)
    return certificate


def update_certificate(
    session: Session, *, project_id: str, certificate_id: str, option: UpdateCertificateOption
) -> Certificate:
    """Change the fields sent (null: left as it is); a new certificate or private key must
    still make a matching pair with the other. Nothing changes unless every check passes."""
    certificate = show_certificate(session, project_id=project_id, certificate_id=certificate_id)
    changes = option.model_dump(exclude_none=True)
    for field in _SM_FIELDS:
        if field in changes:
            raise InvalidInput(field=field, reason="only server_sm certificates take it.")
    if certificate.type != "server" and "private_key" in changes:
        # "it does not take effect and an error is returned if type is client"
        raise InvalidInput(field="private_key", reason="only server certificates take it.")
    if "certificate" in changes or "private_key" in changes:
        changes.update(_pem_changes(certificate, option))
    if "domain" in changes:
        pem.check_domain(changes["domain"])
        _check_domain_kept_in_use(session, certificate, changes["domain"])
    if "domain" in changes or "certificate" in changes:
        _check_sni_listeners_kept(
            session,
            certificate,
            _SniCertificate(
                id=certificate.id,
                domain=changes.get("domain", certificate.domain),
                certificate=changes.get("certificate", certificate.certificate),
            ),
        )
    if option.scm_certificate_id is not None and option.source is None:
        changes["source"] = "scm"
    for field, value in changes.items():
        setattr(certificate, field, value)
    certificate.updated_at = utc_now()
    return certificate


def _check_supported_type(cert_type: str, option: CreateCertificateOption) -> None:
    if cert_type == "server_sm":
        raise InvalidInput(
            field="type",
            reason="server_sm (SM2 dual) certificates are not supported by mockelb, which "
            "cannot read SM2 keys; use server or client.",
        )
    for field in _SM_FIELDS:
        if getattr(option, field) is not None:
            raise InvalidInput(field=field, reason="only server_sm certificates take it.")


def _source_of(source: str | None, scm_certificate_id: str | None) -> str:
    # "default: scm when scm_certificate_id is not empty, else empty"
    if source is not None:
        return source
    return "scm" if scm_certificate_id else ""


def _facts_columns(facts: pem.CertificateFacts) -> dict[str, Any]:
    return {
        "expire_time": facts.expire_time,
        "common_name": facts.common_name,
        "subject_alternative_names": facts.subject_alternative_names,
        "fingerprint": facts.fingerprint,
    }


def _pem_changes(certificate: Certificate, option: UpdateCertificateOption) -> dict[str, Any]:
    """The columns a new certificate read from its PEM sets (none for a new key alone);
    a server certificate's pair is checked again, naming the field that changed."""
    new_certificate = option.certificate
    parsed = pem.read_certificate(
        certificate.certificate if new_certificate is None else new_certificate
    )
    if certificate.type == "server":
        if option.private_key == "":
            raise InvalidInput(
                field="private_key", reason="it is required for server certificates."
            )
        key = pem.read_private_key(option.private_key or certificate.private_key or "")
        field = "private_key" if option.private_key else "certificate"
        pem.check_key_matches(parsed.leaf, key, field=field)
    return {} if new_certificate is None else _facts_columns(parsed.facts)


def _check_domain_kept_in_use(session: Session, certificate: Certificate, domain: str) -> None:
    # "if a certificate with a domain name is used by a listener, the domain name cannot be
    # updated to an empty string" (409)
    if domain or not certificate.domain:
        return
    listener_id = _listeners_using(session, certificate.project_id, [certificate.id]).get(
        certificate.id
    )
    if listener_id is not None:
        raise Conflict(
            message=f"Certificate {certificate.id} is used by listener {listener_id}: "
            "its domain cannot be emptied."
        )


def _check_sni_listeners_kept(
    session: Session, certificate: Certificate, updated: _SniCertificate
) -> None:
    """A new domain or PEM must keep each listener that has the certificate among its SNI
    certificates within the rules a listener's SNI certificates follow (no domain name on
    two, at most 200 names, RSA alone on QUIC): 409, naming the listener, otherwise, as for
    emptying the domain of a certificate in use (the reference gives no code of its own).
    A listener's server (default) and CA certificates follow no rule a certificate update can
    break: the type, which they are held to, cannot change."""
    listeners = session.scalars(
        select(Listener)
        .where(
            Listener.project_id == certificate.project_id,
            json_array_holds(Listener.sni_container_refs, certificate.id),
        )
        .order_by(Listener.id)
    ).all()
    if not listeners:
        return
    refs = {ref for listener in listeners for ref in listener.sni_container_refs}
    others = {
        row.id: _SniCertificate.of(row)
        for row in session.scalars(
            select(Certificate).where(Certificate.id.in_(refs - {certificate.id}))
        )
    }
    others[certificate.id] = updated
    for listener in listeners:
        sni = [others[ref] for ref in listener.sni_container_refs if ref in others]
        problem = _sni_problem(listener.protocol, sni)
        if problem is not None:
            raise Conflict(
                message=f"Certificate {certificate.id} is an SNI certificate of listener "
                f"{listener.id}, whose SNI certificates would break a rule: {problem}"
            )


# --- delete -------------------------------------------------------------------------------


def delete_certificate(session: Session, *, project_id: str, certificate_id: str) -> None:
    """Delete a certificate that no listener uses (409 otherwise, as the reference says)."""
    certificate = show_certificate(session, project_id=project_id, certificate_id=certificate_id)
    _check_unused(session, project_id, [certificate.id])
    session.delete(certificate)


def batch_delete_certificates(
    session: Session, *, project_id: str, certificate_ids: Sequence[str]
) -> list[BatchDeleteResult]:
    """Delete the certificates, and report on each id in the order sent.

    All or nothing: a certificate that a listener uses refuses the whole batch (409, as
    delete_certificate refuses it) and none is deleted. An id that is no certificate of the
    project is "not found" with ret_code ELB.9903 (BatchDeleteCertificatesResp documents
    the "not found" status), which stops nothing; a repeated id is "not found" the second
    time, as for batch_delete_pools.
    """
    unique = list(dict.fromkeys(certificate_ids))
    found = {
        certificate.id: certificate
        for certificate in session.scalars(
            select(Certificate).where(
                Certificate.id.in_(unique), Certificate.project_id == project_id
            )
        )
    }
    _check_unused(session, project_id, [item for item in unique if item in found])
    session.execute(delete(Certificate).where(Certificate.id.in_(list(found))))
    results = []
    deleted: set[str] = set()
    for certificate_id in certificate_ids:
        if certificate_id in found and certificate_id not in deleted:
            deleted.add(certificate_id)
            results.append(BatchDeleteResult(certificate_id, "successful"))
        else:
            results.append(BatchDeleteResult(certificate_id, "not found", NOT_FOUND_CODE))
    return results


def _check_unused(session: Session, project_id: str, certificate_ids: list[str]) -> None:
    """409 for the first of the certificates (in the order given) a listener uses."""
    users = _listeners_using(session, project_id, certificate_ids)
    for certificate_id in certificate_ids:
        if certificate_id in users:
            raise Conflict(
                message=f"Certificate {certificate_id} is used by listener "
                f"{users[certificate_id]}; unbind it first."
            )


def _listeners_using(
    session: Session, project_id: str, certificate_ids: list[str]
) -> dict[str, str]:
    """Each of the certificates that a listener of the project names, in any of its three
    roles, with that listener (the first by id): one query for them all."""
    if not certificate_ids:
        return {}
    stmt = (
        select(
            Listener.id,
            Listener.default_tls_container_ref,
            Listener.client_ca_tls_container_ref,
            Listener.sni_container_refs,
        )
        .where(
            Listener.project_id == project_id,
            or_(
                Listener.default_tls_container_ref.in_(certificate_ids),
                Listener.client_ca_tls_container_ref.in_(certificate_ids),
                json_array_holds_any(Listener.sni_container_refs, *certificate_ids),
            ),
        )
        .order_by(Listener.id)
    )
    wanted = set(certificate_ids)
    users: dict[str, str] = {}
    for listener_id, default_ref, client_ca_ref, sni_refs in session.execute(stmt):
        for certificate_id in {default_ref, client_ca_ref, *sni_refs} & wanted:
            users.setdefault(certificate_id, listener_id)
    return users


# --- private key echo ---------------------------------------------------------------------


def show_certificate_private_key_echo(session: Session, *, project_id: str) -> bool:
    """Whether certificate answers show private keys ("enabled by default")."""
    setting = session.get(CertificateSetting, project_id)
    return True if setting is None else setting.private_key_echo


def create_certificate_private_key_echo(
    session: Session, *, project_id: str, private_key_echo: bool
) -> bool:
    """Turn the project's private key echo on or off; the switch as it now is."""
    setting = session.get(CertificateSetting, project_id)
    if setting is None:
        session.add(CertificateSetting(project_id=project_id, private_key_echo=private_key_echo))
    else:
        setting.private_key_echo = private_key_echo
    return private_key_echo


# --- the certificates of listeners --------------------------------------------------------


class ListenerCertificateRefs(Protocol):
    """The certificate fields of a create or update listener request."""

    @property
    def default_tls_container_ref(self) -> str | None: ...

    @property
    def client_ca_tls_container_ref(self) -> str | None: ...

    @property
    def sni_container_refs(self) -> list[str] | None: ...


def check_listener_certificates(
    session: Session, *, project_id: str, protocol: str, option: ListenerCertificateRefs
) -> None:
    """The certificates a listener request names, where its protocol keeps them: the server
    and SNI certificates must be server certificates of the project, the CA certificate a
    client one (404 ELB.8904 for an id that is none of the project's certificates).

    Where the protocol takes no server or SNI certificate (listener_rules drops them) they
    are not looked up: they are accepted without effect. An empty CA reference removes it.
    """
    if protocol in listener_rules.CERTIFICATE_PROTOCOLS:
        if option.default_tls_container_ref:
            _of_type(
                session,
                project_id,
                option.default_tls_container_ref,
                "server",
                field="default_tls_container_ref",
            )
        if option.sni_container_refs:
            _check_sni_certificates(session, project_id, protocol, option.sni_container_refs)
    if option.client_ca_tls_container_ref and protocol in listener_rules.CLIENT_CA_PROTOCOLS:
        _of_type(
            session,
            project_id,
            option.client_ca_tls_container_ref,
            "client",
            field="client_ca_tls_container_ref",
        )


_TYPE_NAMES = {"server": "a server certificate", "client": "a client (CA) certificate"}


def _of_type(
    session: Session, project_id: str, certificate_id: str, wanted: str, *, field: str
) -> Certificate:
    certificate = session.get(Certificate, certificate_id)
    if certificate is None or certificate.project_id != project_id:
        raise NotFound(kind="certificate", id=certificate_id)
    if certificate.type != wanted:
        kind = _TYPE_NAMES.get(certificate.type, certificate.type)
        raise InvalidInput(
            field=field,
            reason=f"certificate {certificate_id} is {kind}; it must be {_TYPE_NAMES[wanted]}.",
        )
    return certificate


def _check_sni_certificates(
    session: Session, project_id: str, protocol: str, certificate_ids: list[str]
) -> None:
    """SNI certificates: server certificates of the project, none listed twice, that follow
    _sni_problem's rules (400 naming the field otherwise)."""
    field = "sni_container_refs"
    if len(set(certificate_ids)) != len(certificate_ids):
        raise InvalidInput(field=field, reason="a certificate is listed twice.")
    # looked up one by one as the rules reach them: the first refusal in list order answers
    certificates = (
        _SniCertificate.of(_of_type(session, project_id, certificate_id, "server", field=field))
        for certificate_id in certificate_ids
    )
    problem = _sni_problem(protocol, certificates)
    if problem is not None:
        raise InvalidInput(field=field, reason=problem)


@dataclass(frozen=True)
class _SniCertificate:
    """What the SNI rules read of a certificate: its id, domain and PEM (for its key)."""

    id: str
    domain: str | None
    certificate: str

    @classmethod
    def of(cls, row: Certificate) -> _SniCertificate:
        return cls(row.id, row.domain, row.certificate)


def _sni_problem(protocol: str, certificates: Iterable[_SniCertificate]) -> str | None:
    """Why a listener of the protocol cannot have these SNI certificates, or None: each needs
    a domain, no domain name may be on two, at most 200 names in all; RSA certificates only
    on QUIC listeners."""
    seen: dict[str, str] = {}
    for certificate in certificates:
        names = pem.domains_of(certificate.domain)
        if not names:
            return f"certificate {certificate.id} has no domain; SNI certificates need one."
        if protocol == "QUIC" and _key_algorithm(certificate.certificate) != "RSA":
            return "QUIC listeners take RSA SNI certificates only."
        for name in names:
            other = seen.setdefault(name.lower(), certificate.id)
            if other != certificate.id:
                return f"certificates {other} and {certificate.id} both have the domain {name}."
    if len(seen) > MAX_SNI_DOMAINS:
        return (
            f"the SNI certificates have {len(seen)} domain names; at most "
            f"{MAX_SNI_DOMAINS} are allowed."
        )
    return None


def _key_algorithm(certificate_pem: str) -> str:
    return pem.read_certificate(certificate_pem).facts.key_algorithm
