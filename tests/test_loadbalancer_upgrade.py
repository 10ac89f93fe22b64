"""upgrade_loadbalancer through the official SDK: a shared load balancer (from seed data)
becomes dedicated (start, complete) or shared again (rollback), each step a finished job;
every rejection changes nothing and records no job."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    ListJobsRequest,
    ShowJobRequest,
    UpgradeLoadbalancerRequest,
    UpgradeV3RequestBody,
)

from mockelb.testing import MockElbAdminError, MockElbClient
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import ELB, show_listener, show_load_balancer
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    in_network,
)

SHARED = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4cd1"  # TCP:80 and HTTP:8080 listeners
BARE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4cd2"  # shared, no listener, no VIP subnet
FAILED = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4cd3"  # shared, an upgrade that failed
TCP_LISTENER = "0b11747a-b139-492f-9692-2df0b1c871d1"
HTTP_LISTENER = "0b11747a-b139-492f-9692-2df0b1c871d2"
OTHER_SET_AZ = "cn-north-4d"
SUBNET_NETWORK = demo.SUBNET_VPC_ID  # the network of demo.SUBNET
IPV6_CIDR = "2001:db8:a583:2::/64"
SHARED_STATE = {
    "project_id": demo.PROJECT,
    "availability_zones": [{"code": OTHER_SET_AZ, "set": 1, "protocol": ["L4", "L7"]}],
    "loadbalancers": [
        {
            "id": SHARED,
            "name": "shared",
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "vip_subnet_cidr_id": demo.SUBNET,
            "availability_zone_list": [demo.AZ_1],
        },
        {
            "id": BARE,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1],
        },
        {
            "id": FAILED,
            "guaranteed": False,
            "vpc_id": demo.VPC,
            "availability_zone_list": [demo.AZ_1],
            "provisioning_status": "UPGRADE_FAILED",
        },
    ],
    "listeners": [
        {"id": TCP_LISTENER, "loadbalancer_id": SHARED, "protocol": "TCP", "protocol_port": 80},
        {"id": HTTP_LISTENER, "loadbalancer_id": SHARED, "protocol": "HTTP", "protocol_port": 8080},
    ],
}
START = {
    "action": "start",
    "availability_zone_list": [demo.AZ_1, demo.AZ_2],
    "l4_flavor_id": demo.L4_FLAVOR,
    "l7_flavor_id": demo.L7_FLAVOR,
}


@pytest.fixture
def shared(mockelb: MockElbClient) -> MockElbClient:
    mockelb.load_state(SHARED_STATE)
    return mockelb


def upgrade(elb: Any, lb_id: str, **fields: Any) -> Any:
    return elb.upgrade_loadbalancer(
        UpgradeLoadbalancerRequest(loadbalancer_id=lb_id, body=UpgradeV3RequestBody(**fields))
    )


def lb_json(http: httpx.Client, lb_id: str) -> dict[str, Any]:
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers/{lb_id}"))
    return dict(body["loadbalancer"])


def job_count(elb: Any) -> int:
    return len(elb.list_jobs(ListJobsRequest()).jobs)


# --- the shared load balancer -------------------------------------------------------------


def test_a_seeded_shared_load_balancer_has_no_flavors(elb: Any, shared: MockElbClient) -> None:
    lb = show_load_balancer(elb, SHARED)

    assert lb.guaranteed is False
    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (None, None)
    assert lb.charge_mode == ""
    assert lb.provisioning_status == "ACTIVE"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        pytest.param({"l4_flavor_id": demo.L4_FLAVOR}, "l4_flavor_id", id="l4-flavor"),
        pytest.param({"l7_flavor_id": demo.L7_FLAVOR}, "l7_flavor_id", id="l7-flavor"),
        pytest.param(
            {"ipv6_vip_virsubnet_id": demo.DUALSTACK_NETWORK}, "ipv6_vip_virsubnet_id", id="ipv6"
        ),
        pytest.param({"ip_target_enable": True}, "ip_target_enable", id="ip-targets"),
    ],
)
def test_a_seed_cannot_give_a_shared_load_balancer_what_it_lacks(
    mockelb: MockElbClient, extra: dict[str, Any], field: str
) -> None:
    lb = {
        "id": SHARED,
        "guaranteed": False,
        "vpc_id": demo.VPC,
        "availability_zone_list": [demo.AZ_1],
    }
    document = {"project_id": demo.PROJECT, "loadbalancers": [{**lb, **extra}]}

    with pytest.raises(MockElbAdminError) as info:
        mockelb.load_state(document)

    assert info.value.status == 400
    assert field in str(info.value.body)
    assert all(item["id"] != SHARED for item in mockelb.state()["loadbalancers"])


def test_a_shared_load_balancer_comes_back_from_the_state(shared: MockElbClient) -> None:
    item = next(lb for lb in shared.state(demo.PROJECT)["loadbalancers"] if lb["id"] == SHARED)
    assert item["guaranteed"] is False
    assert "l4_flavor_id" not in item and "l7_flavor_id" not in item

    shared.reset()
    shared.load_state({"project_id": demo.PROJECT, "loadbalancers": [item]})

    again = next(lb for lb in shared.state(demo.PROJECT)["loadbalancers"] if lb["id"] == SHARED)
    assert again == item


def test_an_upgraded_load_balancer_comes_back_from_the_state(
    elb: Any, shared: MockElbClient
) -> None:
    upgrade(elb, SHARED, **START)
    item = next(lb for lb in shared.state(demo.PROJECT)["loadbalancers"] if lb["id"] == SHARED)
    assert item["provisioning_status"] == "UPGRADED"

    shared.reset()
    shared.load_state({"project_id": demo.PROJECT, "loadbalancers": [item]})

    again = next(lb for lb in shared.state(demo.PROJECT)["loadbalancers"] if lb["id"] == SHARED)
    assert again == item
    assert upgrade(elb, SHARED, action="complete").status_code == 202


# --- start, complete, rollback ------------------------------------------------------------


def test_start_makes_the_load_balancer_dedicated_and_upgraded(
    elb: Any, http: httpx.Client, shared: MockElbClient
) -> None:
    before = lb_json(http, SHARED)

    response = upgrade(elb, SHARED, **START)

    assert response.status_code == 202
    assert UUID.fullmatch(response.job_id)
    lb = lb_json(http, SHARED)
    assert lb["guaranteed"] is True
    assert lb["provisioning_status"] == "UPGRADED"
    assert (lb["l4_flavor_id"], lb["l7_flavor_id"]) == (demo.L4_FLAVOR, demo.L7_FLAVOR)
    assert lb["availability_zone_list"] == [demo.AZ_1, demo.AZ_2]
    # the backend subnet defaults to the network of the VIP subnet
    assert lb["elb_virsubnet_ids"] == [SUBNET_NETWORK]
    assert lb["charge_mode"] == "flavor"
    # the id and the VIP stay
    for field in ("id", "vip_address", "vip_port_id", "vip_subnet_cidr_id", "name"):
        assert lb[field] == before[field]
    assert show_listener(elb, TCP_LISTENER).transparent_client_ip_enable is True
    http_listener = show_listener(elb, HTTP_LISTENER)
    assert http_listener.enhance_l7policy_enable is True
    assert http_listener.transparent_client_ip_enable is True


def test_each_step_is_a_finished_upgrade_job(elb: Any, shared: MockElbClient) -> None:
    job_ids = [
        upgrade(elb, SHARED, **START).job_id,
        upgrade(elb, SHARED, action="complete").job_id,
    ]

    for job_id in job_ids:
        job = elb.show_job(ShowJobRequest(job_id=job_id)).job
        assert (job.job_type, job.status, job.resource_id) == ("UPGRADE", "COMPLETE", SHARED)
        assert [entity.resource_id for entity in job.sub_jobs[0].entities] == [SHARED]
    listed = elb.list_jobs(ListJobsRequest(job_type="UPGRADE")).jobs
    assert [job.job_id for job in listed] == job_ids


def test_complete_makes_it_active_for_good(elb: Any, shared: MockElbClient) -> None:
    upgrade(elb, SHARED, **START)

    assert upgrade(elb, SHARED, action="complete").status_code == 202

    lb = show_load_balancer(elb, SHARED)
    assert (lb.guaranteed, lb.provisioning_status) == (True, "ACTIVE")
    assert_refused(lambda: upgrade(elb, SHARED, action="rollback"), 409, CONFLICT, "is ACTIVE")


def test_rollback_makes_it_shared_again(
    elb: Any, http: httpx.Client, shared: MockElbClient
) -> None:
    upgrade(
        elb,
        SHARED,
        **START,
        ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK,
        elb_virsubnet_ids=[demo.DUALSTACK_NETWORK],
    )
    upgraded = lb_json(http, SHARED)
    assert in_network(upgraded["ipv6_vip_address"], IPV6_CIDR)
    assert upgraded["elb_virsubnet_ids"] == [demo.DUALSTACK_NETWORK]

    assert upgrade(elb, SHARED, action="rollback").status_code == 202

    lb = lb_json(http, SHARED)
    assert (lb["guaranteed"], lb["provisioning_status"]) == (False, "ACTIVE")
    assert (lb["l4_flavor_id"], lb["l7_flavor_id"]) == (None, None)
    assert (lb["ipv6_vip_virsubnet_id"], lb["ipv6_vip_address"], lb["ipv6_vip_port_id"]) == (
        None,
        None,
        None,
    )
    assert lb["charge_mode"] == ""
    # a shared load balancer ignores them: they stay as the upgrade set them
    assert lb["availability_zone_list"] == [demo.AZ_1, demo.AZ_2]
    # and it can start again
    assert upgrade(elb, SHARED, **START).status_code == 202


def test_a_failed_upgrade_rolls_back(elb: Any, shared: MockElbClient) -> None:
    assert upgrade(elb, FAILED, action="rollback").status_code == 202

    lb = show_load_balancer(elb, FAILED)
    assert (lb.guaranteed, lb.provisioning_status) == (False, "ACTIVE")


def test_a_load_balancer_without_listeners_takes_one_flavor(
    elb: Any, http: httpx.Client, shared: MockElbClient
) -> None:
    before = lb_json(http, BARE)

    upgrade(
        elb, BARE, action="start", availability_zone_list=[demo.AZ_3], l4_flavor_id=demo.L4_FLAVOR
    )

    lb = lb_json(http, BARE)
    assert (lb["l4_flavor_id"], lb["l7_flavor_id"]) == (demo.L4_FLAVOR, None)
    assert lb["availability_zone_list"] == [demo.AZ_3]
    # no VIP subnet: the backend subnets stay
    assert lb["elb_virsubnet_ids"] == before["elb_virsubnet_ids"]


def test_the_answer_carries_every_sdk_field(http: httpx.Client, shared: MockElbClient) -> None:
    response = http.post(f"{ELB}/loadbalancers/{SHARED}/upgrade", json=START)

    body = assert_ok_response(response, 202)
    assert_model_fields(body, elb_v3.UpgradeLoadbalancerResponse)
    assert set(body) == {"job_id", "request_id"}


# --- rejections ---------------------------------------------------------------------------


Call = Callable[[Any], Any]


def _start(lb_id: str = SHARED, **changes: Any) -> Call:
    fields = {**START, **changes}
    return lambda elb: upgrade(elb, lb_id, **{k: v for k, v in fields.items() if v is not None})


@pytest.mark.parametrize(
    ("call", "status", "code", "message"),
    [
        pytest.param(_start(demo.LB), 400, INVALID_INPUT, "is dedicated", id="dedicated-lb"),
        pytest.param(_start(demo.UNKNOWN_ID), 404, NOT_FOUND, "loadbalancer", id="unknown-lb"),
        pytest.param(
            lambda elb: upgrade(elb, SHARED, action="complete"),
            409,
            CONFLICT,
            "is ACTIVE",
            id="complete-before-start",
        ),
        pytest.param(
            lambda elb: upgrade(elb, SHARED, action="rollback"),
            409,
            CONFLICT,
            "is ACTIVE",
            id="rollback-before-start",
        ),
        pytest.param(_start(FAILED), 409, CONFLICT, "is UPGRADE_FAILED", id="start-after-failure"),
        pytest.param(
            lambda elb: upgrade(elb, demo.LB, action="complete"),
            409,
            CONFLICT,
            "is ACTIVE",
            id="complete-a-dedicated-lb",
        ),
        pytest.param(
            _start(availability_zone_list=None),
            400,
            INVALID_INPUT,
            "availability_zone_list",
            id="no-zones",
        ),
        pytest.param(
            _start(availability_zone_list=[]),
            400,
            INVALID_INPUT,
            "availability_zone_list",
            id="empty-zones",
        ),
        pytest.param(
            _start(availability_zone_list=["cn-north-9z"]),
            400,
            INVALID_INPUT,
            "does not exist",
            id="unknown-zone",
        ),
        pytest.param(
            _start(availability_zone_list=[demo.AZ_1, OTHER_SET_AZ]),
            400,
            INVALID_INPUT,
            "one availability zone set",
            id="zones-of-two-sets",
        ),
        pytest.param(
            _start(availability_zone_list=[demo.AZ_3]),
            400,
            INVALID_INPUT,
            "no L7 capacity",
            id="zone-without-l7",
        ),
        pytest.param(
            _start(l4_flavor_id=None, l7_flavor_id=None),
            400,
            INVALID_INPUT,
            "cannot both be empty",
            id="no-flavor",
        ),
        pytest.param(
            _start(l4_flavor_id=None), 400, INVALID_INPUT, "layer-4 listeners", id="tcp-without-l4"
        ),
        pytest.param(
            _start(l7_flavor_id=None), 400, INVALID_INPUT, "layer-7 listeners", id="http-without-l7"
        ),
        pytest.param(
            _start(l4_flavor_id=demo.UNKNOWN_ID),
            404,
            NOT_FOUND,
            f"flavor {demo.UNKNOWN_ID}",
            id="unknown-flavor",
        ),
        pytest.param(
            _start(l4_flavor_id=demo.L7_FLAVOR),
            400,
            INVALID_INPUT,
            "of type L7",
            id="wrong-flavor-type",
        ),
        pytest.param(
            _start(l7_flavor_id=demo.L7_FLAVOR_SOLD_OUT),
            400,
            INVALID_INPUT,
            "sold out",
            id="sold-out-flavor",
        ),
        pytest.param(
            _start(ipv6_vip_address="2001:db8:a583:2::99"),
            400,
            INVALID_INPUT,
            "ipv6_vip_virsubnet_id",
            id="ipv6-address-without-subnet",
        ),
        pytest.param(
            _start(ipv6_vip_virsubnet_id=demo.SUBNET_VPC_ID),
            404,
            NOT_FOUND,
            "subnet",
            id="ipv6-subnet-without-ipv6",
        ),
        pytest.param(
            _start(elb_virsubnet_ids=["9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"]),
            400,
            INVALID_INPUT,
            "not in the VPC",
            id="backend-subnet-of-another-vpc",
        ),
    ],
)
def test_a_refused_step_changes_nothing(
    elb: Any,
    http: httpx.Client,
    shared: MockElbClient,
    call: Call,
    status: int,
    code: str,
    message: str,
) -> None:
    before = (
        http.get(f"{ELB}/loadbalancers").json()["loadbalancers"],
        http.get(f"{ELB}/listeners").json()["listeners"],
    )
    jobs_before = job_count(elb)

    assert_refused(lambda: call(elb), status, code, message)

    after = (
        http.get(f"{ELB}/loadbalancers").json()["loadbalancers"],
        http.get(f"{ELB}/listeners").json()["listeners"],
    )
    assert after == before
    assert job_count(elb) == jobs_before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-action"),
        pytest.param({"action": "finish"}, id="unknown-action"),
        pytest.param({"action": None}, id="null-action"),
        pytest.param(
            {"action": "start", "availability_zone_list": "cn-north-4a"}, id="zones-string"
        ),
        pytest.param({"action": "complete", "flavor": "x"}, id="unknown-attribute"),
        pytest.param({"upgrade": {"action": "start"}}, id="wrapped"),
    ],
)
def test_a_malformed_body_is_the_clouds_400(
    http: httpx.Client, shared: MockElbClient, body: dict[str, Any]
) -> None:
    before = lb_json(http, SHARED)

    response = http.post(f"{ELB}/loadbalancers/{SHARED}/upgrade", json=body)

    assert_error_response(response, 400, INVALID_INPUT)
    assert lb_json(http, SHARED) == before
