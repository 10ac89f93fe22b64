"""TLS security policies: the region's system policies and what a custom policy may hold.

The system policies are those list_system_security_policies answers, with the protocols
(space-separated) and ciphers (colon-separated) exactly as the API reference's example
gives them (ListSystemSecurityPolicies, OTC and Huawei alike); tls-1-2-strict-no-cbc, which
the SDK's tls_ciphers_policy values name but that example predates, has the protocol and
the four GCM ciphers of the user guide's "TLS security policy" table. A listener's
tls_ciphers_policy is one of their names (schemas/listeners.py takes SystemPolicyName).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# the names, in the order list_system_security_policies answers them
SystemPolicyName = Literal[
    "tls-1-0",
    "tls-1-0-inherit",
    "tls-1-1",
    "tls-1-2",
    "tls-1-2-strict",
    "tls-1-2-fs",
    "tls-1-0-with-1-3",
    "tls-1-2-fs-with-1-3",
    "hybrid-policy-1-0",
    "tls-1-2-strict-no-cbc",
]
TlsProtocol = Literal["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
# what a custom policy may list (CreateSecurityPolicyOption.ciphers), in the SDK's order
Cipher = Literal[
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "ECDHE-ECDSA-AES128-SHA256",
    "ECDHE-RSA-AES128-SHA256",
    "AES128-SHA256",
    "AES256-SHA256",
    "ECDHE-ECDSA-AES256-SHA384",
    "ECDHE-RSA-AES256-SHA384",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-RSA-AES256-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "AES128-SHA",
    "AES256-SHA",
    "CAMELLIA128-SHA",
    "DES-CBC3-SHA",
    "CAMELLIA256-SHA",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
]

# how a policy's protocols and ciphers are written as one string: as the system policies
# show them, as list_security_policies filters on them, and as custom policies are kept
PROTOCOL_SEPARATOR = " "
CIPHER_SEPARATOR = ":"
PROTOCOLS: tuple[TlsProtocol, ...] = get_args(TlsProtocol)
CIPHERS: tuple[Cipher, ...] = get_args(Cipher)

# The protocols each cipher works with. The reference says only that "the protocol and the
# ciphers must match" and to read the matching off the system policies; these are the
# suites' own versions, as OpenSSL has them (Alibaba's ALB documents the same split for the
# suites the two lists share): the TLS_* suites are TLS 1.3's alone; the SHA-1 (CBC) suites
# work from TLS 1.0 to 1.2; the GCM, SHA-256/384 and ChaCha20 suites need TLS 1.2. In every
# system policy, each of these ciphers works with one of its protocols.
_FROM_TLS_1_0: frozenset[str] = frozenset({"TLSv1", "TLSv1.1", "TLSv1.2"})
_TLS_1_2: frozenset[str] = frozenset({"TLSv1.2"})
_TLS_1_3: frozenset[str] = frozenset({"TLSv1.3"})
CIPHER_PROTOCOLS: dict[str, frozenset[str]] = {
    cipher: (
        _TLS_1_3
        if cipher.startswith("TLS_")
        else _FROM_TLS_1_0
        if cipher.endswith("-SHA")
        else _TLS_1_2
    )
    for cipher in CIPHERS
}


@dataclass(frozen=True)
class SystemSecurityPolicy:
    """A system policy as the API shows it: protocols space-separated, ciphers colon-separated."""

    name: SystemPolicyName
    protocols: str
    ciphers: str


_TLS_1_0_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256:"
    "AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256:AES128-SHA256:AES256-SHA256:"
    "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA"
)
_TLS_1_0_INHERIT_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256:"
    "AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256:AES128-SHA256:AES256-SHA256:"
    "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:"
    "AES128-SHA:AES256-SHA:DHE-DSS-AES128-SHA:CAMELLIA128-SHA:EDH-RSA-DES-CBC3-SHA:"
    "DES-CBC3-SHA:ECDHE-RSA-RC4-SHA:RC4-SHA:DHE-RSA-AES256-SHA:DHE-DSS-AES256-SHA:"
    "DHE-RSA-CAMELLIA256-SHA:DHE-DSS-CAMELLIA256-SHA:CAMELLIA256-SHA:EDH-DSS-DES-CBC3-SHA:"
    "DHE-RSA-CAMELLIA128-SHA:DHE-DSS-CAMELLIA128-SHA"
)
_TLS_1_2_STRICT_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
    "AES128-GCM-SHA256:AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256:AES128-SHA256:"
    "AES256-SHA256:ECDHE-RSA-AES256-SHA384"
)
_TLS_1_2_FS_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384"
)
_TLS_1_3_CIPHERS = (
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
    "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256"
)

SYSTEM_SECURITY_POLICIES: tuple[SystemSecurityPolicy, ...] = (
    SystemSecurityPolicy("tls-1-0", "TLSv1.2 TLSv1.1 TLSv1", _TLS_1_0_CIPHERS),
    SystemSecurityPolicy("tls-1-0-inherit", "TLSv1.2 TLSv1.1 TLSv1", _TLS_1_0_INHERIT_CIPHERS),
    SystemSecurityPolicy("tls-1-1", "TLSv1.2 TLSv1.1", _TLS_1_0_CIPHERS),
    SystemSecurityPolicy("tls-1-2", "TLSv1.2", _TLS_1_0_CIPHERS),
    SystemSecurityPolicy("tls-1-2-strict", "TLSv1.2", _TLS_1_2_STRICT_CIPHERS),
    SystemSecurityPolicy("tls-1-2-fs", "TLSv1.2", _TLS_1_2_FS_CIPHERS),
    SystemSecurityPolicy(
        "tls-1-0-with-1-3",
        "TLSv1.3 TLSv1.2 TLSv1.1 TLSv1",
        f"{_TLS_1_0_CIPHERS}:{_TLS_1_3_CIPHERS}",
    ),
    SystemSecurityPolicy(
        "tls-1-2-fs-with-1-3", "TLSv1.3 TLSv1.2", f"{_TLS_1_2_FS_CIPHERS}:{_TLS_1_3_CIPHERS}"
    ),
    SystemSecurityPolicy("hybrid-policy-1-0", "TLSv1.2 TLSv1.1", _TLS_1_0_CIPHERS),
    SystemSecurityPolicy(
        "tls-1-2-strict-no-cbc",
        "TLSv1.2",
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
    ),
)
