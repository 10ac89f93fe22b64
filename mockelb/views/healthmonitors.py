"""Health monitors as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import HealthMonitor


def health_monitor_view(monitor: HealthMonitor) -> dict[str, Any]:
    """The HealthMonitor object of create, show, list and update responses."""
    return {
        "id": monitor.id,
        "name": monitor.name,
        "project_id": monitor.project_id,
        "admin_state_up": monitor.admin_state_up,
        "type": monitor.type,
        "delay": monitor.delay,
        "timeout": monitor.timeout,
        "max_retries": monitor.max_retries,
        "max_retries_down": monitor.max_retries_down,
        "monitor_port": monitor.monitor_port,
        "http_method": monitor.http_method,
        "url_path": monitor.url_path,
        "domain_name": monitor.domain_name,
        "expected_codes": monitor.expected_codes,
        # "only ever one pool" (HealthMonitor.pools docstring)
        "pools": [{"id": monitor.pool_id}],
        "created_at": monitor.created_at,
        "updated_at": monitor.updated_at,
    }
