"""Identifiers and times in the cloud's formats."""

from __future__ import annotations

import re
import uuid

from mockelb import ids as ids_module
from mockelb.ids import new_id, new_ids, new_request_id, seed_id, utc_now


def test_new_ids_are_canonical_time_ordered_uuids() -> None:
    ids = [new_id() for _ in range(5000)]

    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    for value in ids[:100]:
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_batch_ids_are_the_same_kind_and_continue_the_order() -> None:
    drawn: list[str] = []
    for _ in range(20):
        drawn.append(new_id())
        drawn.extend(new_ids(200))

    assert len(set(drawn)) == len(drawn)
    assert drawn == sorted(drawn)
    for value in drawn[:300]:
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_seeded_batch_ids_are_the_seeded_sequence() -> None:
    try:
        ids_module.configure(7)
        one_by_one = [new_id() for _ in range(5)]
        ids_module.configure(7)
        assert new_ids(5) == one_by_one
    finally:
        ids_module.configure(None)


def test_request_ids_are_32_lower_case_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", new_request_id())


def test_seed_ids_are_stable_uuids() -> None:
    assert seed_id("member", "pool", "10.0.0.1", 80) == seed_id("member", "pool", "10.0.0.1", 80)
    assert seed_id("member", "pool", "10.0.0.1", 80) != seed_id("member", "pool", "10.0.0.1", 81)
    uuid.UUID(seed_id("x"))


def test_times_are_utc_with_a_z() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_now())
