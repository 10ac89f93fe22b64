"""Second-reading fixes of the account-level operations (quotas, flavors, versions)."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests import demo

DETAILS = f"/v3/{demo.PROJECT}/elb/quotas/details"


def test_quota_keys_may_come_comma_separated(app_client: TestClient) -> None:
    # ListQuotaDetailsRequest declares quota_key in the csv format (quota_key=a,b)
    response = app_client.get(DETAILS, params={"quota_key": "pool,member"})

    assert response.status_code == 200, response.text
    assert [item["quota_key"] for item in response.json()["quotas"]] == ["pool", "member"]


def test_an_unknown_key_in_a_csv_list_is_refused(app_client: TestClient) -> None:
    response = app_client.get(DETAILS, params={"quota_key": "pool,bogus"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "ELB.8902"
    assert "bogus" in response.json()["error_msg"]
