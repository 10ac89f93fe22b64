"""Identifiers and timestamps in the cloud's formats."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime

_SEED_NAMESPACE = uuid.UUID("5b0c4a2e-3f7d-4c55-9d8e-0e1f6a7b8c9d")
_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_request_id() -> str:
    """32 lower-case hex characters, like the cloud's X-Request-Id."""
    return os.urandom(16).hex()


def new_id() -> str:
    """A time-ordered UUID (version 7 layout) in the canonical 36-character form.

    Time-ordered ids keep the primary-key index append-only, which keeps a 200-row
    insert to a few pages instead of one page per row.
    """
    global _last_ms, _counter
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms <= _last_ms:
            now_ms = _last_ms
            _counter += 1
        else:
            _last_ms = now_ms
            _counter = int.from_bytes(os.urandom(2)) & 0x3FF
        counter = _counter & 0xFFF
    rand = random.getrandbits(62)
    value = (now_ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    digits = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, for a fifth of the cost
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def seed_id(*parts: object) -> str:
    """A stable id for a seeded resource declared without one."""
    return str(uuid.uuid5(_SEED_NAMESPACE, "/".join(str(part) for part in parts)))


def utc_now() -> str:
    """Now, as the cloud writes times: yyyy-MM-ddTHH:mm:ssZ."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
