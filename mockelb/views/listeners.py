"""Listeners as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import Listener


def listener_view(listener: Listener) -> dict[str, Any]:
    """The Listener object of show, list, create and update responses."""
    return {
        "id": listener.id,
        "name": listener.name,
        "description": listener.description,
        "project_id": listener.project_id,
        "enterprise_project_id": listener.enterprise_project_id,
        "admin_state_up": listener.admin_state_up,
        "protocol": listener.protocol,
        "protocol_port": listener.protocol_port,
        "port_ranges": listener.port_ranges or [],
        "loadbalancers": [{"id": listener.loadbalancer_id}],
        "default_pool_id": listener.default_pool_id,
        "connection_limit": listener.connection_limit,
        "http2_enable": listener.http2_enable,
        "default_tls_container_ref": listener.default_tls_container_ref,
        "client_ca_tls_container_ref": listener.client_ca_tls_container_ref,
        "sni_container_refs": listener.sni_container_refs,
        "sni_match_algo": listener.sni_match_algo or "wildcard",
        "tls_ciphers_policy": listener.tls_ciphers_policy,
        "security_policy_id": listener.security_policy_id,
        "insert_headers": listener.insert_headers or {},
        "enable_member_retry": listener.enable_member_retry,
        "keepalive_timeout": listener.keepalive_timeout,
        "client_timeout": listener.client_timeout,
        "member_timeout": listener.member_timeout,
        "ipgroup": listener.ipgroup,
        "transparent_client_ip_enable": listener.transparent_client_ip_enable,
        "proxy_protocol_enable": listener.proxy_protocol_enable,
        "enhance_l7policy_enable": listener.enhance_l7policy_enable,
        "quic_config": listener.quic_config,
        "gzip_enable": listener.gzip_enable,
        "ssl_early_data_enable": listener.ssl_early_data_enable,
        "nat64_enable": listener.nat64_enable,
        "cps": listener.cps,
        "connection": listener.connection,
        "protection_status": listener.protection_status,
        "protection_reason": listener.protection_reason,
        "tags": listener.tags,
        "created_at": listener.created_at,
        "updated_at": listener.updated_at,
    }
