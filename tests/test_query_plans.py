"""The member queries whose cost must not grow with the pool, checked by SQLite's query plan
(EXPLAIN QUERY PLAN): each is answered through an index, never by walking or sorting the
pool's members. A timed test would flake; a plan does not."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from sqlalchemy import event, select
from starlette.testclient import TestClient

from mockelb.models import Member
from mockelb.services.member_health import _FORCED_HEALTH, _PROBED_HEALTH
from mockelb.services.members import _EXISTING_MEMBERS_BY_DIALECT, MEMBERS_TABLE
from tests import demo
from tests.factories import transaction

pytestmark = pytest.mark.sqlite_only


def _plan(client: TestClient, statement: Any, parameters: dict[str, Any]) -> list[str]:
    """The details of the plan of the statement as the app runs it, one line per step: the
    SQL and values SQLAlchemy sends to the driver, explained by SQLite."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, sql: str, values: Any, *_: Any) -> None:
        sent.append((sql, values))

    with transaction(client) as session:
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", keep)
        try:
            connection.execute(statement, parameters).all()
        finally:
            event.remove(connection, "before_cursor_execute", keep)
        ((sql, values),) = sent
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", values)
        return [str(row[-1]) for row in rows]


def test_existing_endpoints_are_point_lookups_on_the_unique_index(
    app_client: TestClient,
) -> None:
    plan = _plan(
        app_client,
        _EXISTING_MEMBERS_BY_DIALECT["sqlite"],
        {"pool_id": demo.POOL, "endpoints": orjson.dumps([["192.168.0.9", 80]]).decode()},
    )

    assert any("SCAN wanted" in step for step in plan), plan
    assert any(
        "SEARCH members USING INDEX" in step
        and "pool_id=? AND address=? AND protocol_port=?" in step
        for step in plan
    ), plan


def test_a_page_of_a_pool_is_read_in_id_order_from_an_index(app_client: TestClient) -> None:
    page = select(MEMBERS_TABLE).where(Member.pool_id == demo.POOL).order_by(Member.id).limit(2001)

    plan = _plan(app_client, page, {})

    assert any("USING INDEX ix_members_pool_id" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.parametrize("statement", [_FORCED_HEALTH, _PROBED_HEALTH], ids=["forced", "probed"])
def test_stored_health_finds_each_rows_member_by_its_key(
    app_client: TestClient, statement: Any
) -> None:
    plan = _plan(app_client, statement, {"pool_ids": [demo.POOL]})

    # the small table is walked; members are only looked up by primary key
    assert not any(step.startswith("SCAN members") for step in plan), plan
    assert any("SEARCH members USING INDEX" in step and "(id=?)" in step for step in plan), plan
