"""Identifiers and timestamps in the cloud's formats.

Ids are random unless configure() was given a seed (--id-seed): then each process draws its
ids from a sequence of its own that the seed and the process's stream number fix, so the
same requests in the same order get the same resource ids and request ids on every run.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime

_SEED_NAMESPACE = uuid.UUID("5b0c4a2e-3f7d-4c55-9d8e-0e1f6a7b8c9d")
# the clock of seeded ids: 2024-01-01T00:00:00Z, one millisecond per 4096 ids
SEEDED_EPOCH_MS = 1_704_067_200_000
_STREAM_BITS = 16
_lock = threading.Lock()
_last_ms = 0
_counter = 0


class _SeededIds:
    """The ids of one process under a seed: resource ids count up from the seed's epoch,
    and their random part is drawn from random.Random(seed, stream).

    The stream number fills the top 16 of the 62 random bits of every resource id, so the
    ids of two processes with different streams never collide, whatever their seeds.
    Request ids come from two more sequences: one for the API, one for the admin routes
    (whose calls, health polls among them, must not shift the API's ids).
    """

    def __init__(self, seed: int, stream: int) -> None:
        self.seed = seed
        self.stream = stream % (1 << _STREAM_BITS)
        self._admin_requests = random.Random(f"{seed}/{self.stream}/admin-requests")
        self.rewind()

    def rewind(self) -> None:
        """Start the resource ids and the API's request ids again from the beginning."""
        self._count = 0
        self._random = random.Random(f"{self.seed}/{self.stream}/ids")
        self._requests = random.Random(f"{self.seed}/{self.stream}/requests")

    def new_id(self) -> str:
        with _lock:
            count = self._count
            self._count += 1
            rand = self.stream << (62 - _STREAM_BITS) | self._random.getrandbits(62 - _STREAM_BITS)
        now_ms = SEEDED_EPOCH_MS + (count >> 12)
        return _uuid7(now_ms, count & 0xFFF, rand)

    def new_request_id(self, *, admin: bool) -> str:
        with _lock:
            sequence = self._admin_requests if admin else self._requests
            return f"{sequence.getrandbits(128):032x}"


_seeded: _SeededIds | None = None


def configure(id_seed: int | None, *, stream: int = 0) -> None:
    """Random ids (no seed), or this process's seeded sequence `stream` of the seed.

    Process-wide: the last application created in a process decides for all of it.
    """
    global _seeded
    _seeded = _SeededIds(id_seed, stream) if id_seed is not None else None


def rewind() -> None:
    """Under a seed, issue the same ids again as right after configure() (full reset)."""
    if _seeded is not None:
        _seeded.rewind()


def new_request_id(*, admin: bool = False) -> str:
    """32 lower-case hex characters, like the cloud's X-Request-Id."""
    if _seeded is not None:
        return _seeded.new_request_id(admin=admin)
    return os.urandom(16).hex()


def new_id() -> str:
    """A time-ordered UUID (version 7 layout) in the canonical 36-character form.

    Time-ordered ids keep the primary-key index append-only, which keeps a 200-row
    insert to a few pages instead of one page per row.
    """
    if _seeded is not None:
        return _seeded.new_id()
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


def new_ids(count: int) -> list[str]:
    """`count` ids of new_id()'s kind, in order, for one batch (one clock read, one lock)."""
    if _seeded is not None:
        return [_seeded.new_id() for _ in range(count)]
    global _last_ms, _counter
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms <= _last_ms:
            now_ms = _last_ms
            _counter += 1
        else:
            _last_ms = now_ms
            _counter = int.from_bytes(os.urandom(2)) & 0x3FF
        first = _counter
        _counter += max(count - 1, 0)
    # the same layout as new_id(), assembled from hex pieces: the time is the same for the
    # whole batch, the counter counts up, and 62 random bits follow the variant bits (10)
    clock = f"{now_ms & ((1 << 48) - 1):012x}"
    prefix = f"{clock[:8]}-{clock[8:]}-7"
    randoms = f"{random.getrandbits(64 * count):0{16 * count}x}"
    ids = []
    for index in range(count):
        rand = randoms[16 * index : 16 * index + 16]
        variant = _VARIANT_DIGITS[rand[0]]
        ids.append(f"{prefix}{(first + index) & 0xFFF:03x}-{variant}{rand[1:4]}-{rand[4:]}")
    return ids


# the first hex digit after the counter: the variant bits 10, then two random bits
_VARIANT_DIGITS = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _uuid7(now_ms: int, counter: int, rand: int) -> str:
    """new_id()'s layout, for the seeded sequence."""
    value = (now_ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    digits = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, for a fifth of the cost
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def seed_id(*parts: object) -> str:
    """A stable id for a seeded resource declared without one."""
    return str(uuid.uuid5(_SEED_NAMESPACE, "/".join(str(part) for part in parts)))


def utc_now() -> str:
    """Now, as the cloud writes times: yyyy-MM-ddTHH:mm:ssZ."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
