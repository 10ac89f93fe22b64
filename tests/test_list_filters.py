"""Query values of every list: csv keys take comma-separated values as well as repeated keys.

The SDK repeats every key (a=1&a=2); the reference gives some keys the csv format (a=1,2),
which a client following it may send instead. Both must mean the same.
"""

from __future__ import annotations

from typing import Any

import huaweicloudsdkelb.v3 as elb_v3
import pytest
from starlette.testclient import TestClient

from mockelb.services.certificates import CERTIFICATE_LIST
from mockelb.services.domain_ips import DOMAIN_IP_LIST
from mockelb.services.listeners import LISTENER_LIST
from mockelb.services.listing import ListSpec
from mockelb.services.loadbalancers import LOAD_BALANCER_LIST
from mockelb.services.master_slave_pools import MASTER_SLAVE_POOL_LIST
from mockelb.services.members import ALL_MEMBER_LIST, MEMBER_LIST
from mockelb.services.pools import POOL_LIST
from mockelb.services.quotas import QUOTA_DETAIL_LIST
from tests import demo
from tests.factories import listed_ids

ELB = f"/v3/{demo.PROJECT}/elb"

# (SDK operation, request class, the list's spec)
SPECS: list[tuple[str, Any, ListSpec[Any]]] = [
    ("list_pools", elb_v3.ListPoolsRequest, POOL_LIST),
    ("list_listeners", elb_v3.ListListenersRequest, LISTENER_LIST),
    ("list_members", elb_v3.ListMembersRequest, MEMBER_LIST),
    ("list_all_members", elb_v3.ListAllMembersRequest, ALL_MEMBER_LIST),
    ("list_load_balancers", elb_v3.ListLoadBalancersRequest, LOAD_BALANCER_LIST),
    ("list_quota_details", elb_v3.ListQuotaDetailsRequest, QUOTA_DETAIL_LIST),
    ("list_certificates", elb_v3.ListCertificatesRequest, CERTIFICATE_LIST),
    ("list_domain_i_ps", elb_v3.ListDomainIPsRequest, DOMAIN_IP_LIST),
    ("list_master_slave_pools", elb_v3.ListMasterSlavePoolsRequest, MASTER_SLAVE_POOL_LIST),
]
# (SDK operation, request class, the list's csv keys, the list's filters)
LISTS = [(name, request, spec.csv_keys, spec.keys) for name, request, spec in SPECS]


def sdk_collection_formats(operation: str, request_class: Any) -> dict[str, str]:
    """The query parameters of an SDK operation with their collection format."""
    http_info = getattr(elb_v3.ElbClient, f"_{operation}_http_info")(request_class())
    formats: dict[str, str] = http_info["collection_formats"]
    return formats


@pytest.mark.parametrize(
    ("operation", "request_class", "csv", "filters"),
    [pytest.param(*entry, id=entry[0]) for entry in LISTS],
)
def test_the_csv_keys_are_the_sdks(
    operation: str, request_class: Any, csv: frozenset[str], filters: frozenset[str]
) -> None:
    formats = sdk_collection_formats(operation, request_class)

    assert csv == {key for key, kind in formats.items() if kind == "csv"}
    assert csv <= filters


# (list path, a csv key, two values, what the list holds: the collection key and the ids)
CSV_QUERIES = [
    pytest.param(
        f"{ELB}/pools",
        "type",
        ("instance", "ip"),
        "pools",
        id="pools-type",
    ),
    pytest.param(
        f"{ELB}/pools",
        "listener_id",
        (demo.LISTENER, demo.LISTENER_2),
        "pools",
        id="pools-listener_id",
    ),
    pytest.param(
        f"{ELB}/listeners",
        "protection_status",
        ("nonProtection", "consoleProtection"),
        "listeners",
        id="listeners-protection_status",
    ),
    pytest.param(
        f"{ELB}/loadbalancers",
        "protection_status",
        ("nonProtection", "consoleProtection"),
        "loadbalancers",
        id="loadbalancers-protection_status",
    ),
    pytest.param(
        f"{ELB}/certificates",
        "protection_status",
        ("nonProtection", "consoleProtection"),
        "certificates",
        id="certificates-protection_status",
    ),
    pytest.param(
        f"{ELB}/pools/{demo.POOL_HTTP}/members",
        "member_type",
        ("instance", "ip"),
        "members",
        id="members-member_type",
    ),
]


@pytest.mark.parametrize(("path", "key", "values", "collection"), CSV_QUERIES)
def test_comma_separated_values_mean_repeated_keys(
    app_client: TestClient, path: str, key: str, values: tuple[str, str], collection: str
) -> None:
    if collection == "members":  # an IP-type and an instance member in the HTTP pool
        body = {
            "members": [
                {"address": "10.1.0.5", "protocol_port": 80},
                {
                    "address": "192.168.2.20",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.DUALSTACK_SUBNET,
                },
            ]
        }
        assert app_client.post(f"{path}/batch-add", json=body).status_code == 201
    first, second = values

    repeated = listed_ids(app_client, f"{path}?{key}={first}&{key}={second}", collection)
    joined = listed_ids(app_client, f"{path}?{key}={first},{second}", collection)

    assert joined == repeated
    assert set(repeated) > set(listed_ids(app_client, f"{path}?{key}={first}", collection)) or set(
        repeated
    ) > set(listed_ids(app_client, f"{path}?{key}={second}", collection))


def test_a_comma_in_a_key_without_the_csv_format_is_part_of_the_value(
    app_client: TestClient,
) -> None:
    # name is "multi" in the reference: "a,b" is one name, not two
    response = app_client.get(f"{ELB}/pools", params={"name": "demo-pool,demo-pool-http"})

    assert response.status_code == 200
    assert response.json()["pools"] == []


@pytest.mark.parametrize("collection", ["listeners", "loadbalancers"])
@pytest.mark.parametrize(("value", "status"), [("true", 200), ("FALSE", 200), ("1", 400)])
def test_include_recycle_bin_is_a_strict_boolean_everywhere(
    app_client: TestClient, collection: str, value: str, status: int
) -> None:
    response = app_client.get(f"{ELB}/{collection}", params={"include_recycle_bin": value})

    assert response.status_code == status, response.text
    if status == 200:  # the demo's recycle bin is empty: nothing more, nothing less is listed
        assert response.json()["page_info"]["current_count"] == 2


@pytest.mark.parametrize(
    "collection", ["pools", "loadbalancers", "listeners", "healthmonitors", "members"]
)
def test_all_granted_eps_narrows_no_list(app_client: TestClient, collection: str) -> None:
    everything = app_client.get(f"{ELB}/{collection}").json()[collection]

    granted = app_client.get(
        f"{ELB}/{collection}", params={"enterprise_project_id": "all_granted_eps"}
    ).json()[collection]
    other = app_client.get(
        f"{ELB}/{collection}", params={"enterprise_project_id": "ep-other"}
    ).json()[collection]

    assert granted == everything
    assert other == []
