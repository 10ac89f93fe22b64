"""Listeners as the API shows them."""

from __future__ import annotations

from typing import cast

from typing_extensions import TypedDict

from mockelb.domain.listeners import (
    DEFAULT_SNI_MATCH_ALGO,
    ListenerIpGroupBody,
    ListenerQuicConfigBody,
    PortRangeBody,
)
from mockelb.models import Listener
from mockelb.views.common import PageInfo, ResourceRef, TagBody, refs_view

# The ListenerInsertHeaders object, named on the wire by the headers it inserts; a listener
# shows the switches it has set only.
ListenerInsertHeadersBody = TypedDict(
    "ListenerInsertHeadersBody",
    {
        "X-Forwarded-ELB-IP": bool,
        "X-Forwarded-Port": bool,
        "X-Forwarded-For-Port": bool,
        "X-Forwarded-Host": bool,
        "X-Forwarded-Proto": bool,
        "X-Real-IP": bool,
        "X-Forwarded-ELB-ID": bool,
        "X-Forwarded-TLS-Certificate-ID": bool,
        "X-Forwarded-TLS-Protocol": bool,
        "X-Forwarded-TLS-Cipher": bool,
        "X-Forwarded-TLS-Protocol-alias": str,
        "X-Forwarded-TLS-Cipher-alias": str,
        "X-Forwarded-For-Processing-Mode": str,
        "X-Forwarded-Clientcert-subjectdn-enable": bool,
        "X-Forwarded-Clientcert-subjectdn-alias": str,
        "X-Forwarded-Clientcert-issuerdn-enable": bool,
        "X-Forwarded-Clientcert-issuerdn-alias": str,
        "X-Forwarded-Clientcert-fingerprint-enable": bool,
        "X-Forwarded-Clientcert-fingerprint-alias": str,
        "X-Forwarded-Clientcert-clientverify-enable": bool,
        "X-Forwarded-Clientcert-clientverify-alias": str,
        "X-Forwarded-Clientcert-serialnumber-enable": bool,
        "X-Forwarded-Clientcert-serialnumber-alias": str,
        "X-Forwarded-Clientcert-enable": bool,
        "X-Forwarded-Clientcert-alias": str,
        "X-Forwarded-Clientcert-ciphers-enable": bool,
        "X-Forwarded-Clientcert-ciphers-alias": str,
        "X-Forwarded-Clientcert-end-enable": bool,
        "X-Forwarded-Clientcert-end-alias": str,
        "X-Forwarded-Tls-Alpn-Protocol-enable": bool,
        "X-Forwarded-Tls-Alpn-Protocol-alias": str,
        "X-Forwarded-Tls-Sni-enable": bool,
        "X-Forwarded-Tls-Sni-alias": str,
        "X-Forwarded-Tls-Ja3-enable": bool,
        "X-Forwarded-Tls-Ja3-alias": str,
        "X-Forwarded-Tls-Ja4-enable": bool,
        "X-Forwarded-Tls-Ja4-alias": str,
    },
    total=False,
)


class ListenerBody(TypedDict):
    """The Listener object of show, list, create and update responses."""

    id: str
    name: str
    description: str
    project_id: str
    enterprise_project_id: str
    admin_state_up: bool
    protocol: str
    protocol_port: int
    port_ranges: list[PortRangeBody]
    loadbalancers: list[ResourceRef]
    default_pool_id: str | None
    connection_limit: int
    http2_enable: bool
    default_tls_container_ref: str | None
    client_ca_tls_container_ref: str | None
    sni_container_refs: list[str]
    sni_match_algo: str
    tls_ciphers_policy: str | None
    security_policy_id: str | None
    insert_headers: ListenerInsertHeadersBody
    enable_member_retry: bool
    keepalive_timeout: int | None
    client_timeout: int | None
    member_timeout: int | None
    ipgroup: ListenerIpGroupBody | None
    transparent_client_ip_enable: bool
    proxy_protocol_enable: bool
    enhance_l7policy_enable: bool
    quic_config: ListenerQuicConfigBody | None
    gzip_enable: bool
    ssl_early_data_enable: bool
    nat64_enable: bool
    cps: int
    connection: int
    protection_status: str
    protection_reason: str
    tags: list[TagBody]
    created_at: str
    updated_at: str


class CreateListenerResponse(TypedDict):
    listener: ListenerBody
    request_id: str


class ShowListenerResponse(TypedDict):
    listener: ListenerBody
    request_id: str


class UpdateListenerResponse(TypedDict):
    listener: ListenerBody
    request_id: str


class ListListenersResponse(TypedDict):
    listeners: list[ListenerBody]
    page_info: PageInfo
    request_id: str


class BatchDeleteListenersResponse(TypedDict):
    """202: the (already finished) job and the ids asked for; request_id as in every body
    (the SDK's class leaves it out)."""

    job_id: str
    listener_ids: list[str]
    request_id: str


def listener_view(listener: Listener) -> ListenerBody:
    """The Listener object of show, list, create and update responses.

    The JSON columns hold the shapes shown (services/listeners.py writes them so).
    """
    return {
        "id": listener.id,
        "name": listener.name,
        "description": listener.description,
        "project_id": listener.project_id,
        "enterprise_project_id": listener.enterprise_project_id,
        "admin_state_up": listener.admin_state_up,
        "protocol": listener.protocol,
        "protocol_port": listener.protocol_port,
        "port_ranges": cast("list[PortRangeBody]", listener.port_ranges or []),
        "loadbalancers": refs_view([listener.loadbalancer_id]),
        "default_pool_id": listener.default_pool_id,
        "connection_limit": listener.connection_limit,
        "http2_enable": listener.http2_enable,
        "default_tls_container_ref": listener.default_tls_container_ref,
        "client_ca_tls_container_ref": listener.client_ca_tls_container_ref,
        "sni_container_refs": listener.sni_container_refs,
        "sni_match_algo": listener.sni_match_algo or DEFAULT_SNI_MATCH_ALGO,
        "tls_ciphers_policy": listener.tls_ciphers_policy,
        "security_policy_id": listener.security_policy_id,
        "insert_headers": cast(ListenerInsertHeadersBody, listener.insert_headers or {}),
        "enable_member_retry": listener.enable_member_retry,
        "keepalive_timeout": listener.keepalive_timeout,
        "client_timeout": listener.client_timeout,
        "member_timeout": listener.member_timeout,
        "ipgroup": cast("ListenerIpGroupBody | None", listener.ipgroup),
        "transparent_client_ip_enable": listener.transparent_client_ip_enable,
        "proxy_protocol_enable": listener.proxy_protocol_enable,
        "enhance_l7policy_enable": listener.enhance_l7policy_enable,
        "quic_config": cast("ListenerQuicConfigBody | None", listener.quic_config),
        "gzip_enable": listener.gzip_enable,
        "ssl_early_data_enable": listener.ssl_early_data_enable,
        "nat64_enable": listener.nat64_enable,
        "cps": listener.cps,
        "connection": listener.connection,
        "protection_status": listener.protection_status,
        "protection_reason": listener.protection_reason,
        "tags": cast("list[TagBody]", listener.tags),
        "created_at": listener.created_at,
        "updated_at": listener.updated_at,
    }
