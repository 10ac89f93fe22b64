"""Wire schemas of the health monitor operations, named as in the API reference.

Ranges and lengths are the reference's (SDK docstrings, OTC CreateHealthMonitor); the
syntax of url_path, domain_name and expected_codes, and every rule that needs the pool,
is checked in services/healthmonitors.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mockelb.schemas.common import ElbModel, Name, ResourceId

# GRPCS is tagged not_open in the SDK docstrings: this region does not offer it
HealthMonitorType = Literal["TCP", "UDP_CONNECT", "HTTP", "HTTPS", "TLS", "GRPC"]
HttpMethod = Literal["GET", "HEAD", "POST"]
Delay = Annotated[int, Field(ge=1, le=50)]
Timeout = Annotated[int, Field(ge=1, le=50)]
Retries = Annotated[int, Field(ge=1, le=10)]
MonitorPort = Annotated[int, Field(ge=1, le=65535)]
DomainName = Annotated[str, Field(min_length=1, max_length=100)]
ExpectedCodes = Annotated[str, Field(min_length=1, max_length=64)]
UrlPath = Annotated[str, Field(min_length=1, max_length=80)]


class CreateHealthMonitorOption(ElbModel):
    pool_id: ResourceId
    type: HealthMonitorType
    delay: Delay
    timeout: Timeout
    max_retries: Retries
    max_retries_down: Retries | None = None
    admin_state_up: bool | None = None
    monitor_port: MonitorPort | None = None
    http_method: HttpMethod | None = None
    url_path: UrlPath | None = None
    domain_name: DomainName | None = None
    expected_codes: ExpectedCodes | None = None
    name: Name | None = None
    # the project comes from the URL; the body's copy is accepted and not used
    project_id: Annotated[str, Field(max_length=32)] | None = None


class CreateHealthMonitorRequestBody(ElbModel):
    healthmonitor: CreateHealthMonitorOption


class UpdateHealthMonitorOption(ElbModel):
    """Every field optional; a null monitor_port or domain_name clears it (documented)."""

    type: HealthMonitorType | None = None
    delay: Delay | None = None
    timeout: Timeout | None = None
    max_retries: Retries | None = None
    max_retries_down: Retries | None = None
    admin_state_up: bool | None = None
    monitor_port: MonitorPort | None = None
    http_method: HttpMethod | None = None
    url_path: UrlPath | None = None
    domain_name: DomainName | None = None
    expected_codes: ExpectedCodes | None = None
    name: Name | None = None


class UpdateHealthMonitorRequestBody(ElbModel):
    healthmonitor: UpdateHealthMonitorOption
