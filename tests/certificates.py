"""Certificates and keys for the tests, made with `cryptography`: server certificates with
their keys, CAs, chains, expired certificates, RSA, EC and Ed25519 keys, and their PEM.

Key generation is the slow part (RSA), so the keys are made once per process and shared;
each call still makes a new certificate (its own serial number and fingerprint).
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtensionOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
FAR_AHEAD = datetime.datetime(2045, 11, 17, 13, 25, 47, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class TestCertificate:
    """A certificate and the private key of its public key, as PEM."""

    certificate: str
    private_key: str
    fingerprint: str  # SHA-1, lower-case hex
    cert: x509.Certificate

    __test__ = False  # not a test class, whatever pytest thinks of its name


@cache
def rsa_key(index: int = 0) -> rsa.RSAPrivateKey:
    """An RSA 2048 key; the same one for the same index within a test run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def ec_key(index: int = 0) -> ec.EllipticCurvePrivateKey:
    """A P-256 key; the same one for the same index within a test run."""
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key: PrivateKey, fmt: str = "pkcs8", password: bytes | None = None) -> str:
    """The key as PEM: PKCS#8 ("BEGIN PRIVATE KEY"), or "traditional" (BEGIN RSA / EC
    PRIVATE KEY); encrypted with the password if one is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    private_format = (
        serialization.PrivateFormat.PKCS8
        if fmt == "pkcs8"
        else serialization.PrivateFormat.TraditionalOpenSSL
    )
    return key.private_bytes(serialization.Encoding.PEM, private_format, encryption).decode()


def make_certificate(
    common_name: str | None = "www.example.com",
    *,
    dns_names: tuple[str, ...] = (),
    key: PrivateKey | None = None,
    issuer: TestCertificate | None = None,
    issuer_key: PrivateKey | None = None,
    ca: bool = False,
    not_after: datetime.datetime = FAR_AHEAD,
) -> TestCertificate:
    """A certificate for the key (RSA key 0 by default): self-signed, or signed by `issuer`
    (whose key is `issuer_key`)."""
    key = key if key is not None else rsa_key()
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name)] if common_name is not None else []
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(LONG_AGO)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if dns_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns_names]),
            critical=False,
        )
    signer = issuer_key if issuer is not None and issuer_key is not None else key
    algorithm = None if isinstance(signer, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    cert = builder.sign(signer, algorithm)
    return TestCertificate(
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
        private_key=key_pem(key),
        fingerprint=cert.fingerprint(hashes.SHA1()).hex(),
        cert=cert,
    )


def server_certificate(
    common_name: str = "www.example.com", *, dns_names: tuple[str, ...] = ()
) -> TestCertificate:
    """A self-signed server certificate (RSA key 0) with its key."""
    return make_certificate(common_name, dns_names=dns_names)


def ca_certificate(common_name: str = "Example CA") -> TestCertificate:
    """A self-signed CA certificate (RSA key 1)."""
    return make_certificate(common_name, key=rsa_key(1), ca=True)


def chain_pem(leaf: TestCertificate, *issuers: TestCertificate) -> str:
    """The leaf followed by its chain, as one PEM."""
    return "".join(item.certificate for item in (leaf, *issuers))


# --- certificates `cryptography` cannot read all of -----------------------------------------
# Each is made with the builder and, where the builder refuses the flaw, its DER patched
# (the signature no longer holds; nothing checks it). Each is for RSA key 0.

X400_ADDRESS = b"\xa3\x02\x30\x00"  # [3] an empty ORAddress
EDI_PARTY_NAME = b"\xa5\x04\xa1\x02\x0c\x00"  # [5] partyName [1] ""


def v2_certificate() -> str:
    """A certificate whose version says v2 (1): cryptography reads v1 and v3 alone."""
    # [0] EXPLICIT INTEGER 2 (v3) -> INTEGER 1 (v2)
    der = _signed_der(_builder("v2.example.com"))
    return _pem_of(_patched(der, b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x01"))


def duplicate_san_certificate() -> str:
    """Two subjectAltName extensions: an issuerAltName (2.5.29.18) renamed 2.5.29.17."""
    builder = (
        _builder("dup.example.com")
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("a.example.com")]), False)
        .add_extension(x509.IssuerAlternativeName([x509.DNSName("b.example.com")]), False)
    )
    return _pem_of(_patched(_signed_der(builder), b"\x06\x03\x55\x1d\x12", b"\x06\x03\x55\x1d\x11"))


def unsupported_san_certificate(general_name: bytes) -> str:
    """A subjectAltName holding one general name given as DER (X400_ADDRESS,
    EDI_PARTY_NAME: kinds cryptography does not model)."""
    value = bytes([0x30, len(general_name)]) + general_name
    extension = x509.UnrecognizedExtension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME, value)
    return _pem_of(_signed_der(_builder("san.example.com").add_extension(extension, False)))


def bit_string_name_certificate() -> str:
    """A subject whose commonName is a BIT STRING: an x500UniqueIdentifier (2.5.4.45, the
    one attribute that may be one) renamed commonName (2.5.4.3), in subject and issuer."""
    name = x509.Name(
        [x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, b"\x00ab", _type=_ASN1Type.BitString)]
    )
    der = _signed_der(_builder(name))
    unique_identifier = b"\x06\x03\x55\x04\x2d"
    assert der.count(unique_identifier) == 2
    return _pem_of(der.replace(unique_identifier, b"\x06\x03\x55\x04\x03"))


def _builder(common_name: str | x509.Name) -> x509.CertificateBuilder:
    subject = (
        common_name
        if isinstance(common_name, x509.Name)
        else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(rsa_key().public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(LONG_AGO)
        .not_valid_after(FAR_AHEAD)
    )


def _signed_der(builder: x509.CertificateBuilder) -> bytes:
    return builder.sign(rsa_key(), hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _patched(der: bytes, old: bytes, new: bytes) -> bytes:
    """The DER with `old` (found exactly once) replaced by `new`, of the same length."""
    assert der.count(old) == 1 and len(old) == len(new)
    return der.replace(old, new)


def _pem_of(der: bytes) -> str:
    body = base64.b64encode(der).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"
