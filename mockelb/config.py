"""Settings: command-line flags and MOCKELB_* variables, passed in, never read at import."""

from __future__ import annotations

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

    @field_validator("seed", mode="before")
    @classmethod
    def _split_seed_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.split(os.pathsep) if part]
        return value

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
