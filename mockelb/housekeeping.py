"""mockelb's own tables, apart from the resource tables that snapshots copy and reset
restores: the schema version, the start-up snapshot, the request journal and the fault
rules. They live in the database so that every worker and replica shares them."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Float, Integer, MetaData, String, Table, Text

housekeeping = MetaData()

meta_table = Table(
    "mockelb_meta",
    housekeeping,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

snapshot_table = Table(
    "mockelb_snapshot",
    housekeeping,
    Column("id", Integer, primary_key=True),
    Column("data", JSON, nullable=False),
)

# One row per API request, in the order they were answered (seq). `at_us` is the time the
# request arrived in microseconds since the epoch; `body` is JSON, text or null.
journal_table = Table(
    "mockelb_journal",
    housekeeping,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at_us", BigInteger, nullable=False, index=True),
    Column("request_id", String(32), nullable=False),
    Column("operation", String(64), index=True),
    Column("method", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("project_id", Text),
    Column("status", Integer),
    Column("error_code", Text),
    Column("duration_ms", Float, nullable=False),
    Column("body", JSON(none_as_null=True)),
)

# One row per fault rule, in the order they were added (seq). `rule` is the rule as
# accepted; `remaining` counts down from `times` (null: no limit); `fired` counts answers.
fault_table = Table(
    "mockelb_faults",
    housekeeping,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("rule", JSON, nullable=False),
    Column("remaining", Integer),
    Column("fired", Integer, nullable=False, default=0),
)

# What the prober (--probe-members) last found of each member it checks: its health and,
# when unhealthy, why. Cleared by a full reset; rows of deleted members are never read.
probe_table = Table(
    "mockelb_probes",
    housekeeping,
    Column("member_id", String(36), primary_key=True),
    Column("operating_status", String(16), nullable=False),
    Column("reason_code", String(32)),
    Column("expected_response", Text),
    Column("healthcheck_response", Text),
    Column("checked_at", Float, nullable=False),
)
