"""Wire schemas of the listener operations, named as in the API reference."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.domain.security_policies import SystemPolicyName
from mockelb.schemas.common import Description, ElbModel, Name, ResourceId
from mockelb.schemas.loadbalancers import Tag

ListenerProtocol = Literal["TCP", "UDP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "QUIC", "TLS", "IP"]
# the system security policies' names (domain/security_policies.py holds the policies)
TlsCiphersPolicy = SystemPolicyName
# A certificate id, 1–128 characters; services/certificates.py checks that it names a
# certificate of the project of the type the field takes.
CertificateId = Annotated[str, Field(min_length=1, max_length=128)]
HeaderAlias = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
Timeout = Annotated[int, Field(ge=0, le=4000)]
RequestTimeout = Annotated[int, Field(ge=1, le=300)]
RateLimit = Annotated[int, Field(ge=0, le=1000000)]
ProtectionReason = Annotated[str, Field(max_length=255, pattern=r"^[^<>]*$")]
ListenerPort = Annotated[int, Field(ge=0, le=65535)]
RangePort = Annotated[int, Field(ge=1, le=65535)]
ListenerId = Annotated[str, Field(max_length=64)]


class ListenerInsertHeaders(ElbModel):
    """Header switches; on the wire each is named as the header it inserts."""

    x_forwarded_elb_ip: bool | None = Field(default=None, alias="X-Forwarded-ELB-IP")
    x_forwarded_port: bool | None = Field(default=None, alias="X-Forwarded-Port")
    x_forwarded_for_port: bool | None = Field(default=None, alias="X-Forwarded-For-Port")
    x_forwarded_host: bool | None = Field(default=None, alias="X-Forwarded-Host")
    x_forwarded_proto: bool | None = Field(default=None, alias="X-Forwarded-Proto")
    x_real_ip: bool | None = Field(default=None, alias="X-Real-IP")
    x_forwarded_elb_id: bool | None = Field(default=None, alias="X-Forwarded-ELB-ID")
    x_forwarded_tls_certificate_id: bool | None = Field(
        default=None, alias="X-Forwarded-TLS-Certificate-ID"
    )
    x_forwarded_tls_protocol: bool | None = Field(default=None, alias="X-Forwarded-TLS-Protocol")
    x_forwarded_tls_cipher: bool | None = Field(default=None, alias="X-Forwarded-TLS-Cipher")
    x_forwarded_tls_protocol_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-TLS-Protocol-alias"
    )
    x_forwarded_tls_cipher_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-TLS-Cipher-alias"
    )
    x_forwarded_for_processing_mode: Literal["append", "remove", "preserve"] | None = Field(
        default=None, alias="X-Forwarded-For-Processing-Mode"
    )
    x_forwarded_clientcert_subjectdn_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-subjectdn-enable"
    )
    x_forwarded_clientcert_subjectdn_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-subjectdn-alias"
    )
    x_forwarded_clientcert_issuerdn_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-issuerdn-enable"
    )
    x_forwarded_clientcert_issuerdn_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-issuerdn-alias"
    )
    x_forwarded_clientcert_fingerprint_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-fingerprint-enable"
    )
    x_forwarded_clientcert_fingerprint_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-fingerprint-alias"
    )
    x_forwarded_clientcert_clientverify_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-clientverify-enable"
    )
    x_forwarded_clientcert_clientverify_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-clientverify-alias"
    )
    x_forwarded_clientcert_serialnumber_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-serialnumber-enable"
    )
    x_forwarded_clientcert_serialnumber_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-serialnumber-alias"
    )
    x_forwarded_clientcert_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-enable"
    )
    x_forwarded_clientcert_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-alias"
    )
    x_forwarded_clientcert_ciphers_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-ciphers-enable"
    )
    x_forwarded_clientcert_ciphers_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-ciphers-alias"
    )
    x_forwarded_clientcert_end_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Clientcert-end-enable"
    )
    x_forwarded_clientcert_end_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Clientcert-end-alias"
    )
    x_forwarded_tls_alpn_protocol_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Tls-Alpn-Protocol-enable"
    )
    x_forwarded_tls_alpn_protocol_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Tls-Alpn-Protocol-alias"
    )
    x_forwarded_tls_sni_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Tls-Sni-enable"
    )
    x_forwarded_tls_sni_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Tls-Sni-alias"
    )
    x_forwarded_tls_ja3_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Tls-Ja3-enable"
    )
    x_forwarded_tls_ja3_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Tls-Ja3-alias"
    )
    x_forwarded_tls_ja4_enable: bool | None = Field(
        default=None, alias="X-Forwarded-Tls-Ja4-enable"
    )
    x_forwarded_tls_ja4_alias: HeaderAlias | None = Field(
        default=None, alias="X-Forwarded-Tls-Ja4-alias"
    )


class CreateListenerIpGroupOption(ElbModel):
    ipgroup_id: Annotated[str, Field(min_length=1, max_length=1024)]
    enable_ipgroup: bool | None = None
    type: Literal["white", "black"] | None = None


class UpdateListenerIpGroupOption(ElbModel):
    ipgroup_id: Annotated[str, Field(min_length=1, max_length=1024)] | None = None
    enable_ipgroup: bool | None = None
    type: Literal["white", "black"] | None = None


class CreateListenerQuicConfigOption(ElbModel):
    quic_listener_id: ResourceId
    enable_quic_upgrade: bool | None = None


class UpdateListenerQuicConfigOption(ElbModel):
    quic_listener_id: ResourceId | None = None
    enable_quic_upgrade: bool | None = None


class PortRange(ElbModel):
    start_port: RangePort
    end_port: RangePort


class _ListenerSettings(ElbModel):
    """The fields CreateListenerOption and UpdateListenerOption share."""

    admin_state_up: bool | None = None
    default_pool_id: ResourceId | None = None
    client_ca_tls_container_ref: CertificateId | None = None
    default_tls_container_ref: CertificateId | None = None
    description: Description | None = None
    http2_enable: bool | None = None
    insert_headers: ListenerInsertHeaders | None = None
    name: Name | None = None
    sni_container_refs: Annotated[list[CertificateId], Field(max_length=50)] | None = None
    sni_match_algo: Literal["longest_suffix", "wildcard"] | None = None
    tls_ciphers_policy: TlsCiphersPolicy | None = None
    security_policy_id: ResourceId | None = None
    enable_member_retry: bool | None = None
    keepalive_timeout: Timeout | None = None
    client_timeout: RequestTimeout | None = None
    member_timeout: RequestTimeout | None = None
    transparent_client_ip_enable: bool | None = None
    proxy_protocol_enable: bool | None = None
    enhance_l7policy_enable: bool | None = None
    protection_status: Literal["nonProtection", "consoleProtection"] | None = None
    protection_reason: ProtectionReason | None = None
    gzip_enable: bool | None = None
    ssl_early_data_enable: bool | None = None
    cps: RateLimit | None = None
    connection: RateLimit | None = None
    nat64_enable: bool | None = None


class CreateListenerOption(_ListenerSettings):
    loadbalancer_id: ResourceId
    protocol: ListenerProtocol
    # optional only together with port_ranges (it then means 0); the service says so
    protocol_port: ListenerPort | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    tags: list[Tag] | None = None
    ipgroup: CreateListenerIpGroupOption | None = None
    quic_config: CreateListenerQuicConfigOption | None = None
    port_ranges: Annotated[list[PortRange], Field(min_length=1, max_length=10)] | None = None


class UpdateListenerOption(_ListenerSettings):
    # "" removes the CA certificate, as null does (Terraform sends "" when it is dropped)
    client_ca_tls_container_ref: Annotated[str, Field(max_length=128)] | None = None
    ipgroup: UpdateListenerIpGroupOption | None = None
    quic_config: UpdateListenerQuicConfigOption | None = None


class CreateListenerRequestBody(ElbModel):
    listener: CreateListenerOption


class UpdateListenerRequestBody(ElbModel):
    listener: UpdateListenerOption


class BatchDeleteListenersRequestBody(ElbModel):
    listener_ids: Annotated[list[ListenerId], Field(min_length=1, max_length=10)]
