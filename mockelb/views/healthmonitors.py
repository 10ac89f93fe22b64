"""Health monitors as the API shows them."""

from __future__ import annotations

from typing_extensions import TypedDict

from mockelb.models import HealthMonitor
from mockelb.views.common import PageInfo, ResourceRef, refs_view


class HealthMonitorBody(TypedDict):
    """The HealthMonitor object of create, show, list and update responses."""

    id: str
    name: str
    project_id: str
    admin_state_up: bool
    type: str
    delay: int
    timeout: int
    max_retries: int
    max_retries_down: int
    monitor_port: int | None
    http_method: str | None
    url_path: str | None
    domain_name: str | None
    expected_codes: str | None
    # "only ever one pool" (HealthMonitor.pools docstring)
    pools: list[ResourceRef]
    created_at: str
    updated_at: str


class CreateHealthMonitorResponse(TypedDict):
    healthmonitor: HealthMonitorBody
    request_id: str


class ShowHealthMonitorResponse(TypedDict):
    healthmonitor: HealthMonitorBody
    request_id: str


class UpdateHealthMonitorResponse(TypedDict):
    healthmonitor: HealthMonitorBody
    request_id: str


class ListHealthMonitorsResponse(TypedDict):
    healthmonitors: list[HealthMonitorBody]
    page_info: PageInfo
    request_id: str


def health_monitor_view(monitor: HealthMonitor) -> HealthMonitorBody:
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
        "pools": refs_view([monitor.pool_id]),
        "created_at": monitor.created_at,
        "updated_at": monitor.updated_at,
    }
