"""The rules of a certificate's content: its PEM read for real (the `cryptography` package).

Functions of the request alone (nothing here reads the database): `read_certificate` parses
a certificate (chain) and works out what the API shows of it, `read_private_key` parses a
private key, `check_key_matches` holds the two together, `check_domain` the syntax of the
`domain` field. Each refuses with 400 ELB.8902 naming the field: the v3 API documents no
code of its own for bad certificate content (ELB.1011 and ELB.5013, "Invalid private key or
certificate content", belong to the older API generations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import NameOID

from mockelb.errors import InvalidInput

# "supports certificate chains of at most 11 layers (certificate and chain included)"
MAX_CHAIN_LENGTH = 11
# the `domain` field: at most 100 names, each a domain name or a wildcard one (*.test.com)
MAX_DOMAINS = 100
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN_NAME = re.compile(rf"^(?:\*\.)?{_LABEL}(?:\.{_LABEL})*$")
_CERTIFICATE_BLOCK = re.compile(
    r"-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----", re.DOTALL
)
_PEM_BEGIN = "-----BEGIN "
# openssl ecparam -genkey writes the curve's parameters before the key: accepted with it
_EC_PARAMETERS_BLOCK = re.compile(
    r"^-----BEGIN EC PARAMETERS-----[^-]*-----END EC PARAMETERS-----\s*", re.DOTALL
)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# What `cryptography` raises on a certificate it cannot read, on loading it or on reading
# what the API shows of it (_facts_of): malformed DER (ValueError), a key or signature
# algorithm it does not know (UnsupportedAlgorithm), a version other than v1 or v3
# (InvalidVersion: a v2 certificate), an extension present twice (DuplicateExtension), a
# subject alternative name of a kind it does not model (UnsupportedGeneralNameType:
# x400Address, ediPartyName), and a name attribute of the BIT STRING type under an OID other
# than x500UniqueIdentifier (TypeError, raised when the subject is read).
_UNREADABLE = (
    ValueError,
    TypeError,
    UnsupportedAlgorithm,
    x509.InvalidVersion,
    x509.DuplicateExtension,
    x509.UnsupportedGeneralNameType,
)


@dataclass(frozen=True)
class CertificateFacts:
    """What the API shows of a certificate, read from its first (leaf) certificate."""

    expire_time: str
    common_name: str
    subject_alternative_names: list[str]
    fingerprint: str
    # "RSA", "EC", or "" when the key is of a kind mockelb cannot read (SM2)
    key_algorithm: str


@dataclass(frozen=True)
class ParsedCertificate:
    leaf: x509.Certificate
    facts: CertificateFacts


def read_certificate(pem: str, *, field: str = "certificate") -> ParsedCertificate:
    """The certificate (chain) in PEM: one to 11 CERTIFICATE blocks and nothing else; the
    first is the certificate itself, the others its chain."""
    text = _ascii(pem, field).strip()
    blocks = _CERTIFICATE_BLOCK.findall(text)
    rest = _CERTIFICATE_BLOCK.sub("", text)
    if not blocks or rest.strip() or text.count(_PEM_BEGIN) != len(blocks):
        raise InvalidInput(
            field=field,
            reason="it must be PEM: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE----- "
            "blocks and nothing else.",
        )
    if len(blocks) > MAX_CHAIN_LENGTH:
        raise InvalidInput(
            field=field,
            reason=f"a certificate chain has at most {MAX_CHAIN_LENGTH} certificates.",
        )
    try:
        chain = x509.load_pem_x509_certificates(text.encode("ascii"))
        return ParsedCertificate(leaf=chain[0], facts=_facts_of(chain[0]))
    except _UNREADABLE:
        raise InvalidInput(field=field, reason="it is not a valid X.509 certificate.") from None


def read_private_key(pem: str, *, field: str = "private_key") -> PrivateKey:
    """The private key in PEM: one unencrypted RSA or EC key (PKCS#1, SEC1 or PKCS#8)."""
    text = _EC_PARAMETERS_BLOCK.sub("", _ascii(pem, field).strip(), count=1)
    if not (
        text.startswith(_PEM_BEGIN)
        and text.endswith("PRIVATE KEY-----")
        and text.count(_PEM_BEGIN) == 1
    ):
        raise InvalidInput(
            field=field,
            reason="it must be one PEM private key: -----BEGIN … PRIVATE KEY----- … "
            "-----END … PRIVATE KEY-----.",
        )
    try:
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    except TypeError:
        # "Only original certificates are supported: you cannot encrypt them" (the guide)
        raise InvalidInput(field=field, reason="it must not be encrypted.") from None
    except (ValueError, UnsupportedAlgorithm):
        raise InvalidInput(field=field, reason="it is not a valid private key.") from None
    # the guide's private key formats are RSA and EC keys; other kinds are refused
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise InvalidInput(field=field, reason="only RSA and EC private keys are supported.")
    return key


def check_key_matches(
    certificate: x509.Certificate, key: PrivateKey, *, field: str = "private_key"
) -> None:
    """The private key must be the one of the certificate's public key."""
    if _public_der(certificate) != _spki(key.public_key()):
        raise InvalidInput(field=field, reason="it does not match the certificate.")


def check_domain(domain: str) -> None:
    """Comma-separated domain names (www.test.com) or wildcard ones (*.test.com), at most
    100; "" is no domain."""
    if not domain:
        return
    names = domain.split(",")
    if len(names) > MAX_DOMAINS:
        raise InvalidInput(field="domain", reason=f"it holds at most {MAX_DOMAINS} domain names.")
    for name in names:
        if not _DOMAIN_NAME.match(name):
            raise InvalidInput(
                field="domain",
                reason=f"{name!r} is not a domain name: labels of letters, digits and '-' "
                "(at most 63 characters, starting and ending with a letter or digit) "
                "separated by '.', optionally after '*.', the names separated by ','.",
            )


def domains_of(domain: str | None) -> list[str]:
    """The names of a certificate's `domain` field (none for null or "")."""
    return domain.split(",") if domain else []


# --- reading a certificate ------------------------------------------------------------------


def _ascii(pem: str, field: str) -> str:
    if not pem.isascii():
        raise InvalidInput(field=field, reason="PEM text holds ASCII characters only.")
    return pem


def _facts_of(leaf: x509.Certificate) -> CertificateFacts:
    common_names = leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = common_names[0].value if common_names else ""
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        # "the domain names the certificate is bound to": its DNS names (not IPs or emails)
        names = san.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        names = []
    return CertificateFacts(
        expire_time=_cloud_time(leaf.not_valid_after_utc),
        common_name=common_name if isinstance(common_name, str) else common_name.decode(),
        subject_alternative_names=list(names),
        # the reference shows no example: the SHA-1 fingerprint in lower-case hex, as
        # `openssl x509 -fingerprint` prints it by default (without the colons)
        fingerprint=leaf.fingerprint(hashes.SHA1()).hex(),
        key_algorithm=_key_algorithm(leaf),
    )


def _key_algorithm(leaf: x509.Certificate) -> str:
    try:
        public_key = leaf.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return ""
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC"
    return ""


def _cloud_time(moment: datetime) -> str:
    # not strftime: %Y does not pad years before 1000 to four digits on every platform
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )


def _public_der(certificate: x509.Certificate) -> bytes:
    try:
        return _spki(certificate.public_key())
    except (ValueError, UnsupportedAlgorithm):
        return b""  # a key mockelb cannot read matches no private key it can


def _spki(public_key: CertificatePublicKeyTypes) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
