"""Quotas: the live usage of one quota key, as the services count it and views show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuotaUsage:
    key: str
    limit: int
    used: int
