"""Settings: command-line flags and MOCKELB_* variables, passed in, never read at import."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseModel):
    """How one mockelb server runs. Built from values only; see from_environment()."""

    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=9080, ge=0, le=65535)
    database_url: str = "sqlite://"
    # MOCKELB_SEED holds one path or several separated by the OS path separator (":")
    seed: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    no_demo: bool = False
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
    # worker processes sharing the listening socket and the database (file SQLite or
    # PostgreSQL; an in-memory database belongs to one process)
    workers: int = Field(default=1, ge=1, le=64)
    # What one client may send, so that none can exhaust the server's memory or hold its
    # connections. A request body above max_body_size is refused with 413 APIGW.0201
    # "Request entity too large.", as the cloud's API gateway refuses bodies above 12 MB.
    # The default is lower than the gateway's: no ELB request needs more (a batch of 200
    # members is about 40 KB), and validating a body holds the GIL (pydantic-core) for
    # ~45 ms per MB, during which no other request is answered.
    max_body_size: int = Field(default=4 * 1024 * 1024, ge=1)
    # the request line and headers together (the gateway answers 494 "Request headers too
    # large." / 414 "Request URI too large.")
    max_header_size: int = Field(default=64 * 1024, ge=1024)
    # seconds a connection may take to send a request's line and headers, counted from when
    # it opens or the request begins; then it is closed
    header_timeout: float = Field(default=10.0, gt=0)
    # seconds the server waits for each next piece of a request body; then 408
    body_timeout: float = Field(default=10.0, gt=0)
    # seconds an idle connection is kept open between requests
    keep_alive_timeout: float = Field(default=5.0, gt=0)
    # The test harness.
    # a seed for every generated id and request id: the same requests in the same order
    # give the same ids on every run (None: random ids)
    id_seed: int | None = Field(default=None, ge=0)
    # open: any well-formed token or signature is accepted; strict: only the seed files'
    # tokens and credentials, with SDK-HMAC-SHA256 signatures verified
    auth: Literal["open", "strict"] = "open"
    # when set, the /_mockelb admin routes (except health) require `X-Admin-Token: <it>`
    admin_token: str | None = Field(default=None, min_length=1)
    # the request journal keeps the most recent journal_size API requests (0: none), each
    # body cut to journal_body_limit bytes
    journal_size: int = Field(default=1000, ge=0)
    journal_body_limit: int = Field(default=64 * 1024, ge=0)
    # seconds after which a member a health monitor checks turns from INITIAL to ONLINE
    # (counted from the later of the monitor's last change and the member's creation;
    # None: members stay INITIAL, as no probe answers)
    member_online_after: float | None = Field(default=None, ge=0)
    # probe members for real, as their pool's health monitor says (TCP, HTTP, HTTPS), but
    # only at the addresses of probe_allow (CIDRs; MOCKELB_PROBE_ALLOW separated by ",")
    probe_members: bool = False
    probe_allow: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.0/8", "::1/128"]
    )

    @field_validator("seed", mode="before")
    @classmethod
    def _split_seed_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.split(os.pathsep) if part]
        return value

    @field_validator("probe_allow", mode="before")
    @classmethod
    def _split_probe_allow(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("probe_allow")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise ValueError(f"{cidr!r} is not an IP network (CIDR)") from None
        return value

    @field_validator("auth", mode="before")
    @classmethod
    def _lower_auth(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_log_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @classmethod
    def from_environment(cls, **overrides: object) -> Settings:
        """MOCKELB_* variables, then the overrides (command-line flags) on top."""
        environment = _EnvironmentSettings().model_dump(exclude_unset=True)
        return cls.model_validate({**environment, **overrides})


class _EnvironmentSettings(BaseSettings, Settings):
    # an empty variable (common in compose files) means "not set"
    model_config = SettingsConfigDict(env_prefix="MOCKELB_", extra="ignore", env_ignore_empty=True)
