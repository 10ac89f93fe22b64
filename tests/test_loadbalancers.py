"""Load balancers (mockelb/services/loadbalancers.py) through the official SDK and raw HTTP:
create (VIPs, VPC, AZs, flavors, nested options, quota), show, list (every filter, paging),
update (names, VIPs, backend subnets, flavors, protection), delete and delete-cascade.

Raw HTTP checks what the SDK would hide: the exact JSON keys and their JSON types, and bodies
the SDK cannot send (nulls, unknown attributes, wrong types); a fresh in-process app covers
rows no API can write (old timestamps, private or elastic flavors). The status tree is in
test_loadbalancer_status.py.
"""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    BandwidthRef,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    DeleteLoadBalancerCascadeOption,
    DeleteLoadBalancerCascadeRequest,
    DeleteLoadBalancerCascadeRequestBody,
    DeleteLoadBalancerRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    PrepaidUpdateOption,
    ShowLoadBalancerRequest,
    ShowPoolRequest,
    UpdateLoadbalancerAutoscalingOption,
)
from huaweicloudsdkelb.v3 import model as m
from starlette.testclient import TestClient

from mockelb.models import Flavor, HealthMonitor, Listener, LoadBalancer, Member, Pool, Quota
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    add_members,
    create_load_balancer,
    create_pool,
    delete_load_balancer,
    ids_of,
    list_load_balancers,
    monitored_member,
    post_member,
    show_load_balancer,
    snapshot,
    transaction,
    update_load_balancer,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_model_fields,
    assert_ok_response,
    assert_refused,
    assert_sdk_error,
    in_network,
    sdk_error,
)

LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
DEMO_LB_VIP = "192.168.0.100"
DEFAULT_LOADBALANCER_QUOTA = 50

# Fields the SDK's LoadBalancer model declares optional (not assigned unconditionally in
# its __init__) and marks unsupported, which mockelb does not send; every other declared
# field must be present (autoscaling among them).
LB_OPTIONAL_FIELDS = frozenset(
    {
        "service_lb_mode",
        "instance_type",
        "instance_id",
        "proxy_protocol_extensions",
        "custom_qos_limit",
    }
)
# Fields that are null for a load balancer created with only an IPv4 VIP (gw_flavor_id and
# loadbalancer_type: on every load balancer but a gateway one).
LB_NULLABLE_FIELDS = frozenset(
    {
        "gw_flavor_id",
        "loadbalancer_type",
        "vip_subnet_cidr_id",
        "vip_address",
        "vip_port_id",
        "ipv6_vip_virsubnet_id",
        "ipv6_vip_address",
        "ipv6_vip_port_id",
        "billing_info",
        "l4_flavor_id",
        "l4_scale_flavor_id",
        "l7_flavor_id",
        "l7_scale_flavor_id",
        "frozen_scene",
    }
)
OLD_TIME = "2020-01-01T00:00:00Z"

SUBNET_NETWORK = demo.SUBNET_VPC_ID  # network id of 192.168.0.0/24
SUBNET_2_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02"  # network id of 192.168.1.0/24
OTHER_VPC_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"
IPV6_CIDR = "2001:db8:a583:2::/64"

L4_SMALL = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01"
L4_MEDIUM = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02"
L7_SMALL = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c11"
L7_MEDIUM = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c12"
L7_SOLD_OUT = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c13"

ECS_1_ADDRESS = "192.168.0.10"


def create_lb_error(elb: Any, **fields: Any) -> ClientRequestException:
    """The SDK error create_load_balancer raises for these fields."""
    return sdk_error(lambda: create_load_balancer(elb, **fields))


def list_lbs_count(http: httpx.Client) -> int:
    count = http.get(LOADBALANCERS).json()["page_info"]["current_count"]
    assert isinstance(count, int)
    return count


def update_load_balancer_error(elb: Any, lb_id: str, **fields: Any) -> ClientRequestException:
    """The SDK error update_load_balancer raises for these fields."""
    return sdk_error(lambda: update_load_balancer(elb, lb_id, **fields))


def cascade(elb: Any, lb_id: str, **option: Any) -> Any:
    body = None
    if option:
        body = DeleteLoadBalancerCascadeRequestBody(
            loadbalancer=DeleteLoadBalancerCascadeOption(**option)
        )
    request = DeleteLoadBalancerCascadeRequest(loadbalancer_id=lb_id, body=body)
    return elb.delete_load_balancer_cascade(request)


def create_body(**fields: Any) -> dict[str, Any]:
    return {"loadbalancer": {"vpc_id": demo.VPC, "availability_zone_list": [demo.AZ_1], **fields}}


def count_lbs(client: TestClient) -> int:
    return len(client.get(LOADBALANCERS).json()["loadbalancers"])


# --- create -------------------------------------------------------------------------------


def test_create_with_only_a_vip_subnet_derives_the_vpc_and_allocates_the_vip(elb: Any) -> None:
    option = CreateLoadBalancerOption(
        availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET, name="lb-1"
    )
    response = elb.create_load_balancer(
        CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    )

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    lb = response.loadbalancer
    assert UUID.match(lb.id)
    assert lb.name == "lb-1"
    assert lb.description == ""
    assert lb.project_id == demo.PROJECT
    assert lb.vpc_id == demo.VPC
    assert lb.vip_subnet_cidr_id == demo.SUBNET
    assert in_network(lb.vip_address, "192.168.0.0/24")
    # not the network, not the gateway, not the demo LB's VIP, not demo-ecs-1's address
    assert lb.vip_address not in {"192.168.0.0", "192.168.0.1", DEMO_LB_VIP, "192.168.0.10"}
    assert isinstance(lb.vip_port_id, str) and UUID.match(lb.vip_port_id)
    assert lb.ipv6_vip_virsubnet_id is None
    assert lb.ipv6_vip_address is None
    assert lb.ipv6_vip_port_id is None
    assert lb.elb_virsubnet_ids == [demo.SUBNET_VPC_ID]
    assert lb.elb_virsubnet_type == "ipv4"
    assert lb.availability_zone_list == [demo.AZ_1]
    assert lb.provisioning_status == "ACTIVE"
    assert lb.operating_status == "ONLINE"
    assert lb.admin_state_up is True
    assert lb.guaranteed is True
    assert lb.provider == "vlb"
    assert lb.ip_target_enable is False
    assert lb.deletion_protection_enable is False
    assert lb.enterprise_project_id == "0"
    assert lb.listeners == [] and lb.pools == []
    assert lb.eips == [] and lb.publicips == [] and lb.global_eips == []
    assert lb.tags == []
    assert TIME.match(lb.created_at) and TIME.match(lb.updated_at)


def test_created_load_balancer_json_has_every_sdk_field_with_its_type(
    http: httpx.Client,
) -> None:
    body = {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}}

    response = http.post(LOADBALANCERS, json=body)

    assert response.status_code == 201, response.text
    created = response.json()["loadbalancer"]
    assert_json_model(
        created,
        elb_v3.LoadBalancer,
        optional=LB_OPTIONAL_FIELDS,
        nullable=LB_NULLABLE_FIELDS,
    )
    # with neither subnet given: no VIP at all, a backend subnet chosen from the VPC
    assert created["vip_address"] is None and created["vip_subnet_cidr_id"] is None
    assert created["vip_port_id"] is None
    assert len(created["elb_virsubnet_ids"]) == 1

    shown = http.get(f"{LOADBALANCERS}/{created['id']}")
    assert shown.status_code == 200
    assert_json_model(
        shown.json()["loadbalancer"],
        elb_v3.LoadBalancer,
        optional=LB_OPTIONAL_FIELDS,
        nullable=LB_NULLABLE_FIELDS,
    )


def test_create_dual_stack_allocates_both_vips(elb: Any) -> None:
    demo_ip_lb = show_load_balancer(elb, demo.LB_IP_TARGETS)

    lb = create_load_balancer(
        elb,
        vpc_id=demo.VPC,
        vip_subnet_cidr_id=demo.DUALSTACK_SUBNET,
        ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK,
        availability_zone_list=[demo.AZ_1, demo.AZ_2],
    )

    assert lb.vpc_id == demo.VPC
    assert lb.vip_subnet_cidr_id == demo.DUALSTACK_SUBNET
    assert in_network(lb.vip_address, "192.168.2.0/24")
    assert lb.vip_address != demo_ip_lb.vip_address
    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, "2001:db8:a583:2::/64")
    assert lb.ipv6_vip_address not in {demo_ip_lb.ipv6_vip_address, "2001:db8:a583:2::1"}
    assert UUID.match(lb.vip_port_id) and UUID.match(lb.ipv6_vip_port_id)
    assert lb.vip_port_id != lb.ipv6_vip_port_id
    assert lb.elb_virsubnet_type == "dualstack"
    assert lb.elb_virsubnet_ids == [demo.DUALSTACK_NETWORK]
    assert lb.availability_zone_list == [demo.AZ_1, demo.AZ_2]


def test_create_with_an_explicit_vip_address_keeps_it(elb: Any) -> None:
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.200")

    assert lb.vip_address == "192.168.0.200"
    assert show_load_balancer(elb, lb.id).vip_address == "192.168.0.200"


def test_two_load_balancers_never_get_the_same_allocated_vip(elb: Any) -> None:
    first = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)
    second = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)

    assert first.vip_address != second.vip_address
    assert first.vip_port_id != second.vip_port_id


def test_create_with_only_an_ipv6_subnet(elb: Any) -> None:
    lb = create_load_balancer(elb, ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK)

    assert lb.vpc_id == demo.VPC
    assert lb.vip_address is None and lb.vip_subnet_cidr_id is None and lb.vip_port_id is None
    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, "2001:db8:a583:2::/64")
    assert UUID.match(lb.ipv6_vip_port_id)
    assert lb.elb_virsubnet_ids == [demo.DUALSTACK_NETWORK]


def test_explicit_backend_subnets_round_trip(elb: Any) -> None:
    lb = create_load_balancer(
        elb, vpc_id=demo.VPC, elb_virsubnet_ids=[demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK]
    )

    assert lb.elb_virsubnet_ids == [demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK]
    assert show_load_balancer(elb, lb.id).elb_virsubnet_ids == [
        demo.SUBNET_VPC_ID,
        demo.DUALSTACK_NETWORK,
    ]


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        pytest.param(demo.SUBNET_VPC_ID, "ipv4", id="ipv4-subnet"),
        pytest.param(demo.DUALSTACK_NETWORK, "dualstack", id="dual-stack-subnet"),
    ],
)
def test_elb_virsubnet_type_is_the_type_of_the_backend_subnets(
    elb: Any, backend: str, expected: str
) -> None:
    # LoadBalancer.elb_virsubnet_type: "下联面子网类型" — the type of the backend subnets
    lb = create_load_balancer(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[backend])

    assert lb.elb_virsubnet_ids == [backend]
    assert lb.elb_virsubnet_type == expected


def test_a_backend_subnet_of_another_vpc_is_refused(elb: Any) -> None:
    other_network = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"  # demo-subnet-other-vpc

    error = create_lb_error(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[other_network])

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert "elb_virsubnet_ids" in error.error_msg


def test_an_unknown_backend_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[demo.UNKNOWN_ID])

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"subnet {demo.UNKNOWN_ID} could not be found."


def test_the_project_id_in_the_body_is_ignored(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC, project_id="ffffffffffffffffffffffffffffffff")

    assert lb.project_id == demo.PROJECT


@pytest.mark.parametrize("enabled", [True, False])
def test_admin_state_up_round_trips(elb: Any, enabled: bool) -> None:
    # CreateLoadBalancerOption.admin_state_up: true (default) enables, false disables
    created = create_load_balancer(elb, vpc_id=demo.VPC, admin_state_up=enabled)

    assert created.admin_state_up is enabled
    assert show_load_balancer(elb, created.id).admin_state_up is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_ip_target_enable_round_trips(elb: Any, enabled: bool) -> None:
    created = create_load_balancer(elb, vpc_id=demo.VPC, ip_target_enable=enabled)

    assert created.ip_target_enable is enabled
    assert show_load_balancer(elb, created.id).ip_target_enable is enabled


def test_the_created_load_balancer_is_listed_and_shown(elb: Any) -> None:
    created = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, name="lb-listed")

    shown = show_load_balancer(elb, created.id)
    listed = list_load_balancers(elb, id=[created.id])

    assert shown.to_dict() == created.to_dict()
    assert [lb.to_dict() for lb in listed] == [created.to_dict()]


@pytest.mark.parametrize(
    "zones",
    [pytest.param(None, id="missing"), pytest.param([], id="empty")],
)
def test_availability_zone_list_is_required(elb: Any, zones: list[str] | None) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, availability_zone_list=zones)

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert "availability_zone_list" in error.error_msg


def test_an_unknown_availability_zone_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, availability_zone_list=["cn-north-4z"])

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert "cn-north-4z" in error.error_msg


def test_one_of_vpc_subnet_and_ipv6_subnet_is_required(elb: Any) -> None:
    error = create_lb_error(elb, name="no-network")

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


def test_an_unknown_vip_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"subnet {demo.UNKNOWN_ID} could not be found."


def test_the_vpc_api_subnet_id_is_not_a_vip_subnet_id(elb: Any) -> None:
    # the classic mistake: the VPC-API id instead of neutron_subnet_id
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET_VPC_ID)

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"subnet {demo.SUBNET_VPC_ID} could not be found."


def test_an_unknown_ipv6_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, ipv6_vip_virsubnet_id=demo.UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"subnet {demo.UNKNOWN_ID} could not be found."


def test_an_unknown_vpc_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"vpc {demo.UNKNOWN_ID} could not be found."


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"vpc_id": demo.VPC, "vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET},
            id="subnet-outside-vpc_id",
        ),
        pytest.param(
            {"vpc_id": demo.OTHER_VPC, "vip_subnet_cidr_id": demo.SUBNET},
            id="vpc_id-of-another-vpc",
        ),
        pytest.param(
            {
                "vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET,
                "ipv6_vip_virsubnet_id": demo.DUALSTACK_NETWORK,
            },
            id="ipv4-and-ipv6-subnets-in-two-vpcs",
        ),
    ],
)
def test_subnets_of_two_different_vpcs_are_refused(elb: Any, fields: dict[str, str]) -> None:
    error = create_lb_error(elb, **fields)

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


def test_a_vip_address_outside_the_subnet_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.1.5")

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert "vip_address" in error.error_msg


def test_a_vip_address_without_its_subnet_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, vip_address="192.168.0.201")

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(DEMO_LB_VIP, id="the-demo-lb-vip"),
        pytest.param("192.168.0.10", id="demo-ecs-1-address"),
    ],
)
def test_a_vip_address_already_in_use_is_a_conflict(elb: Any, address: str) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address=address)

    assert error.status_code == 409
    assert error.error_code == CONFLICT
    assert address in error.error_msg


def test_a_vip_address_that_is_no_ip_address_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="not-an-ip")

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


def test_guaranteed_false_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, guaranteed=False)

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT
    assert "guaranteed" in error.error_msg


def test_an_unknown_attribute_is_refused(http: httpx.Client) -> None:
    body = {
        "loadbalancer": {
            "availability_zone_list": [demo.AZ_1],
            "vpc_id": demo.VPC,
            "no_such_field": 1,
        }
    }

    response = http.post(LOADBALANCERS, json=body)

    assert response.status_code == 400
    error = response.json()
    assert error["error_code"] == INVALID_INPUT
    assert error["error_msg"] == "Unrecognized attribute(s) 'no_such_field'"
    assert list_lbs_count(http) == 2


def test_the_loadbalancer_quota_of_50_per_project_is_enforced(elb: Any) -> None:
    existing = len(list_load_balancers(elb))
    assert existing == 2  # the demo's two load balancers

    for index in range(DEFAULT_LOADBALANCER_QUOTA - existing):
        create_load_balancer(elb, vpc_id=demo.VPC, name=f"quota-{index}")  # answered 201

    error = create_lb_error(elb, vpc_id=demo.VPC, name="one-too-many")

    assert error.status_code == 409
    assert error.error_code == QUOTA_EXCEEDED
    assert "loadbalancer" in error.error_msg
    assert len(list_load_balancers(elb)) == DEFAULT_LOADBALANCER_QUOTA


def test_the_quota_is_checked_before_the_vip_address(app_client: TestClient) -> None:
    # create_load_balancer checks the loadbalancer quota before it allocates VIPs: with the
    # quota full, a VIP address already in use is answered ELB.8905, not ELB.8907
    body = create_body(vip_subnet_cidr_id=demo.SUBNET, vip_address=DEMO_LB_VIP)
    in_use = app_client.post(LOADBALANCERS, json=body)
    assert_error_response(in_use, 409, CONFLICT, DEMO_LB_VIP)
    with transaction(app_client) as session:
        session.merge(Quota(project_id=demo.PROJECT, limits={"loadbalancer": 2}))  # the demo's 2

    response = app_client.post(LOADBALANCERS, json=body)

    assert_error_response(response, 409, QUOTA_EXCEEDED, "loadbalancer")
    assert count_lbs(app_client) == 2


def test_a_refused_create_leaves_nothing_behind(elb: Any) -> None:
    create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address=DEMO_LB_VIP)
    create_lb_error(elb, vpc_id=demo.VPC, guaranteed=False)

    assert sorted(lb.id for lb in list_load_balancers(elb)) == [demo.LB, demo.LB_IP_TARGETS]


# --- create: the nested options are checked like update's -------------------------------


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        pytest.param({"autoscaling": {"enable": True}}, 400, "autoscaling", id="autoscaling-on"),
        pytest.param({"autoscaling": {}}, 400, "loadbalancer.autoscaling.enable", id="no-enable"),
        pytest.param(
            {"autoscaling": {"enable": False, "bogus": 1}}, 400, "bogus", id="autoscaling-unknown"
        ),
        pytest.param(
            {"prepaid_options": {"period_type": "month", "period_num": 1}},
            400,
            "prepaid_options",
            id="prepaid",
        ),
        pytest.param(
            {"prepaid_options": {"period_type": "year", "period_num": 4}},
            400,
            "prepaid_options.period_num",
            id="prepaid-four-years",
        ),
        pytest.param({"prepaid_options": {"bogus": 1}}, 400, "bogus", id="prepaid-unknown"),
        pytest.param(
            {"ipv6_bandwidth": {"id": demo.UNKNOWN_ID}}, 404, demo.UNKNOWN_ID, id="bandwidth"
        ),
        pytest.param({"ipv6_bandwidth": {}}, 400, "ipv6_bandwidth.id", id="bandwidth-no-id"),
    ],
)
def test_create_refuses_what_it_cannot_keep(
    app_client: TestClient, fields: dict[str, Any], status: int, field: str
) -> None:
    before = count_lbs(app_client)

    response = app_client.post(LOADBALANCERS, json=create_body(**fields))

    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == (NOT_FOUND if status == 404 else INVALID_INPUT)
    assert field in body["error_msg"]
    assert count_lbs(app_client) == before


def test_create_with_autoscaling_off_is_accepted(app_client: TestClient) -> None:
    response = app_client.post(LOADBALANCERS, json=create_body(autoscaling={"enable": False}))

    assert response.status_code == 201, response.text
    assert response.json()["loadbalancer"]["autoscaling"]["enable"] is False


def test_waf_failure_action_is_kept_from_create_and_update(http: httpx.Client) -> None:
    body = {
        "loadbalancer": {
            "availability_zone_list": [demo.AZ_1],
            "vip_subnet_cidr_id": demo.SUBNET,
            "waf_failure_action": "discard",
        }
    }
    created = http.post(LOADBALANCERS, json=body).json()["loadbalancer"]
    assert created["waf_failure_action"] == "discard"

    update = {"loadbalancer": {"waf_failure_action": "forward"}}
    updated = http.put(f"{LOADBALANCERS}/{created['id']}", json=update).json()["loadbalancer"]

    assert updated["waf_failure_action"] == "forward"
    shown = http.get(f"{LOADBALANCERS}/{created['id']}").json()["loadbalancer"]
    assert shown["waf_failure_action"] == "forward"


# --- show ---------------------------------------------------------------------------------


def test_show_a_demo_load_balancer_lists_its_listeners_and_pools(elb: Any) -> None:
    response = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=demo.LB))

    assert response.status_code == 200
    lb = response.loadbalancer
    assert lb.id == demo.LB
    assert lb.name == "demo-elb"
    assert lb.vip_address == DEMO_LB_VIP
    assert lb.vip_subnet_cidr_id == demo.SUBNET
    assert lb.vpc_id == demo.VPC
    assert lb.ip_target_enable is False
    assert [listener.id for listener in lb.listeners] == [demo.LISTENER]
    assert [pool.id for pool in lb.pools] == [demo.POOL]


def test_show_the_dual_stack_demo_load_balancer(elb: Any) -> None:
    lb = show_load_balancer(elb, demo.LB_IP_TARGETS)

    assert lb.ip_target_enable is True
    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, "2001:db8:a583:2::/64")
    assert lb.elb_virsubnet_type == "dualstack"
    assert sorted(pool.id for pool in lb.pools) == sorted(
        [
            demo.POOL_DUALSTACK,
            demo.POOL_AZ_AFFINITY,
            demo.POOL_ANY_PORT,
            demo.POOL_IP_PROTOCOL,
            demo.POOL_HTTP,
        ]
    )


def test_show_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: show_load_balancer(elb, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND
    assert error.error_msg == f"loadbalancer {demo.UNKNOWN_ID} could not be found."


def test_autoscaling_and_waf_failure_action_are_shown(http: httpx.Client) -> None:
    lb = http.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]

    # AutoscalingRef: mockelb never scales; waf_failure_action: the documented default
    assert lb["autoscaling"] == {"enable": False, "min_l7_flavor_id": ""}
    assert_json_model(lb["autoscaling"], elb_v3.AutoscalingRef)
    assert lb["waf_failure_action"] == "forward"


# --- list ---------------------------------------------------------------------------------


def test_list_returns_every_load_balancer_and_page_info(http: httpx.Client) -> None:
    response = http.get(LOADBALANCERS)

    assert response.status_code == 200
    body = response.json()
    assert set(elb_v3.ListLoadBalancersResponse.openapi_types) <= set(body)
    ids = [lb["id"] for lb in body["loadbalancers"]]
    assert ids == sorted([demo.LB, demo.LB_IP_TARGETS])
    assert body["page_info"] == {"previous_marker": ids[0], "current_count": 2}
    for lb in body["loadbalancers"]:
        assert_json_model(
            lb, elb_v3.LoadBalancer, optional=LB_OPTIONAL_FIELDS, nullable=LB_NULLABLE_FIELDS
        )


def test_list_through_the_sdk(elb: Any) -> None:
    response = elb.list_load_balancers(ListLoadBalancersRequest())

    assert response.status_code == 200
    assert [lb.id for lb in response.loadbalancers] == sorted([demo.LB, demo.LB_IP_TARGETS])
    assert response.page_info.current_count == 2
    assert response.page_info.previous_marker == response.loadbalancers[0].id
    assert response.page_info.next_marker is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"id": [demo.LB]}, [demo.LB], id="one-id"),
        pytest.param(
            {"id": [demo.LB, demo.LB_IP_TARGETS]}, [demo.LB, demo.LB_IP_TARGETS], id="two-ids"
        ),
        pytest.param({"id": [demo.UNKNOWN_ID]}, [], id="unknown-id"),
        pytest.param({"name": ["demo-elb"]}, [demo.LB], id="one-name"),
        pytest.param(
            {"name": ["demo-elb", "demo-elb-ip-targets"]},
            [demo.LB, demo.LB_IP_TARGETS],
            id="two-names",
        ),
        pytest.param({"name": ["demo"]}, [], id="names-match-exactly"),
        pytest.param(
            {"id": [demo.LB, demo.LB_IP_TARGETS], "name": ["demo-elb-ip-targets"]},
            [demo.LB_IP_TARGETS],
            id="and-across-keys",
        ),
        pytest.param({"vip_address": [DEMO_LB_VIP]}, [demo.LB], id="vip_address"),
        pytest.param({"vpc_id": [demo.VPC]}, [demo.LB, demo.LB_IP_TARGETS], id="vpc_id"),
    ],
)
def test_list_filters(elb: Any, query: dict[str, list[str]], expected: list[str]) -> None:
    response = elb.list_load_balancers(ListLoadBalancersRequest(**query))

    assert sorted(lb.id for lb in response.loadbalancers) == sorted(expected)
    assert response.page_info.current_count == len(expected)


def test_list_filters_with_repeated_keys_over_raw_http(http: httpx.Client) -> None:
    response = http.get(
        LOADBALANCERS, params=[("name", "demo-elb"), ("name", "demo-elb-ip-targets")]
    )

    assert response.status_code == 200
    assert {lb["id"] for lb in response.json()["loadbalancers"]} == {
        demo.LB,
        demo.LB_IP_TARGETS,
    }


def test_marker_and_limit_visit_every_load_balancer_once(elb: Any) -> None:
    for index in range(5):
        create_load_balancer(elb, vpc_id=demo.VPC, name=f"paged-{index}")
    everything = [lb.id for lb in list_load_balancers(elb)]
    assert len(everything) == 7 and everything == sorted(everything)

    seen: list[str] = []
    pages: list[int] = []
    marker: str | None = None
    while True:
        page = elb.list_load_balancers(ListLoadBalancersRequest(limit=3, marker=marker))
        ids = [lb.id for lb in page.loadbalancers]
        seen.extend(ids)
        pages.append(len(ids))
        assert page.page_info.current_count == len(ids)
        assert page.page_info.previous_marker == ids[0]
        if page.page_info.next_marker is None:
            break
        assert page.page_info.next_marker == ids[-1]
        marker = page.page_info.next_marker

    assert pages == [3, 3, 1]
    assert seen == everything


def test_an_unknown_marker_is_elb_8902(elb: Any) -> None:
    error = sdk_error(lambda: list_load_balancers(elb, limit=1, marker=demo.UNKNOWN_ID))

    assert error.status_code == 400
    assert error.error_code == INVALID_INPUT


def test_an_unknown_project_sees_no_load_balancers(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    response = stranger.list_load_balancers(ListLoadBalancersRequest())

    assert response.status_code == 200
    assert response.loadbalancers == []
    assert response.page_info.current_count == 0
    error = sdk_error(lambda: show_load_balancer(stranger, demo.LB))
    assert error.status_code == 404 and error.error_code == NOT_FOUND


# --- list: every filter -------------------------------------------------------------------------


@pytest.fixture
def third(elb: Any) -> str:
    """A third load balancer: cn-north-4c, flavors other than the demos' defaults, deletion
    protection, no VIP."""
    return str(
        create_load_balancer(
            elb,
            vpc_id=demo.VPC,
            availability_zone_list=[demo.AZ_3],
            l4_flavor_id=L4_MEDIUM,
            l7_flavor_id=L7_MEDIUM,
            deletion_protection_enable=True,
            protection_status="consoleProtection",
            enterprise_project_id="eps-1",
        ).id
    )


ALL = "all"
DEMOS = "demos"
THIRD = "third"
NONE = "none"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"availability_zone_list": [demo.AZ_1]}, DEMOS),
        ({"availability_zone_list": [demo.AZ_3]}, THIRD),
        ({"availability_zone_list": [demo.AZ_1, demo.AZ_3]}, ALL),
        ({"availability_zone_list": ["cn-north-4"]}, NONE),
        ({"availability_zone_list": ["cn-north-4_"]}, NONE),
        ({"availability_zone_list": ["%"]}, NONE),
        ({"elb_virsubnet_type": ["dualstack"]}, [demo.LB_IP_TARGETS]),
        ({"elb_virsubnet_type": ["ipv4"]}, [demo.LB, THIRD]),
        ({"elb_virsubnet_type": ["ipv4", "dualstack"]}, ALL),
        ({"ip_version": [4]}, DEMOS),
        ({"ip_version": [6]}, [demo.LB_IP_TARGETS]),
        ({"ip_version": [4, 6]}, DEMOS),
        ({"provisioning_status": ["ACTIVE"]}, ALL),
        ({"provisioning_status": ["PENDING_DELETE"]}, NONE),
        ({"operating_status": ["ONLINE", "FROZEN"]}, ALL),
        ({"operating_status": ["FROZEN"]}, NONE),
        ({"protection_status": ["consoleProtection"]}, THIRD),
        ({"protection_status": ["nonProtection", "consoleProtection"]}, ALL),
        ({"admin_state_up": True}, ALL),
        ({"admin_state_up": False}, NONE),
        ({"guaranteed": True}, ALL),
        ({"deletion_protection_enable": True}, THIRD),
        ({"deletion_protection_enable": False}, DEMOS),
        ({"include_recycle_bin": True}, ALL),
        ({"l4_flavor_id": [L4_MEDIUM]}, THIRD),
        ({"l4_flavor_id": [L4_SMALL]}, DEMOS),  # the region's default flavors
        ({"l7_flavor_id": [L7_MEDIUM]}, THIRD),
        ({"l7_flavor_id": [L7_SMALL, L7_MEDIUM]}, ALL),
        ({"l4_scale_flavor_id": [L4_SMALL]}, NONE),
        ({"l7_scale_flavor_id": [L7_SMALL]}, NONE),
        ({"billing_info": ["x"]}, NONE),
        ({"enterprise_project_id": ["0"]}, DEMOS),
        ({"enterprise_project_id": ["eps-1"]}, THIRD),
        ({"enterprise_project_id": ["all_granted_eps"]}, ALL),
        ({"vip_subnet_cidr_id": [demo.SUBNET]}, [demo.LB]),
        ({"vip_address": ["192.168.2.100"]}, [demo.LB_IP_TARGETS]),
        ({"ipv6_vip_virsubnet_id": [demo.DUALSTACK_NETWORK]}, [demo.LB_IP_TARGETS]),
        ({"eips": ["eip_address=88.88.14.122"]}, NONE),
        ({"publicips": ["publicip_id=x", "ip_version=4"]}, NONE),
        ({"global_eips": ["global_eip_id=x"]}, NONE),
        ({"autoscaling": ["enable=false"]}, ALL),
        ({"autoscaling": ["enable=true"]}, NONE),
        ({"log_group_id": "x"}, NONE),
        ({"log_topic_id": "x"}, NONE),
        ({"description": [""]}, ALL),
        ({"member_address": ["192.168.0.10"]}, [demo.LB]),
        ({"member_device_id": [demo.ECS_1]}, [demo.LB]),
        ({"vpc_id": [demo.VPC], "availability_zone_list": [demo.AZ_3]}, THIRD),
    ],
    ids=lambda value: str(value)[:60] if isinstance(value, dict) else None,
)
def test_every_list_filter(
    elb: Any, third: str, query: dict[str, Any], expected: str | list[str]
) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )
    groups = {
        ALL: [demo.LB, demo.LB_IP_TARGETS, third],
        DEMOS: [demo.LB, demo.LB_IP_TARGETS],
        THIRD: [third],
        NONE: [],
    }
    wanted = (
        groups[expected]
        if isinstance(expected, str)
        else [third if e == THIRD else e for e in expected]
    )

    assert sorted(ids_of(list_load_balancers(elb, **query))) == sorted(wanted)


def test_the_sdk_filter_names_are_all_known() -> None:
    from mockelb.services.loadbalancers import LOAD_BALANCER_LIST

    paging = {"marker", "limit", "page_reverse"}
    assert set(ListLoadBalancersRequest.openapi_types) - paging == LOAD_BALANCER_LIST.keys


def test_zone_filters_with_repeated_keys_over_raw_http(http: httpx.Client) -> None:
    response = http.get(
        LOADBALANCERS,
        params=[("availability_zone_list", demo.AZ_3), ("availability_zone_list", demo.AZ_2)],
    )

    assert response.status_code == 200
    assert sorted(lb["id"] for lb in response.json()["loadbalancers"]) == sorted(
        [demo.LB, demo.LB_IP_TARGETS]
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("admin_state_up", "maybe"),
        ("guaranteed", "1"),
        ("deletion_protection_enable", "yes"),
        ("include_recycle_bin", "no"),
        ("ip_version", "5"),
        ("ip_version", "four"),
        ("provisioning_status", "active"),
        ("operating_status", "OFFLINE"),
        ("elb_virsubnet_type", "ipv6"),
        ("elb_virsubnet_type", "ipv4,bad"),
        ("protection_status", "none"),
        ("autoscaling", "true"),
        ("autoscaling", "enable=maybe"),
        ("eips", "88.88.14.122"),
        ("eips", "publicip_id=x"),
        ("publicips", "eip_id=x"),
        ("global_eips", "ip_version"),
        ("limit", "2001"),
        ("limit", "-1"),
        ("page_reverse", "sideways"),
    ],
)
def test_bad_filter_values_are_refused(http: httpx.Client, key: str, value: str) -> None:
    response = http.get(LOADBALANCERS, params={key: value})

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert key in response.json()["error_msg"]


# --- update: plain fields -----------------------------------------------------------------


def test_update_name_and_description(elb: Any) -> None:
    updated = update_load_balancer(elb, demo.LB, name="renamed", description="new words")

    assert updated.id == demo.LB
    assert (updated.name, updated.description) == (
        "renamed",
        "new words",
    )
    shown = show_load_balancer(elb, demo.LB)
    assert (shown.name, shown.description) == ("renamed", "new words")
    assert [listener.id for listener in shown.listeners] == [demo.LISTENER]


def test_update_response_json_has_every_sdk_field(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"name": "x"}})

    assert response.status_code == 200
    body = response.json()
    assert_json_model(
        body, elb_v3.UpdateLoadBalancerResponse, optional={"loadbalancer_id", "order_id"}
    )
    assert_json_model(
        body["loadbalancer"],
        elb_v3.LoadBalancer,
        optional=LB_OPTIONAL_FIELDS,
        nullable=LB_NULLABLE_FIELDS,
    )
    assert body["request_id"] == response.headers["X-Request-Id"]


def test_an_empty_update_changes_only_updated_at(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.get(LoadBalancer, demo.LB).updated_at = OLD_TIME
    before = app_client.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]

    response = app_client.put(f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {}})

    after = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert TIME.match(after["updated_at"]) and after["updated_at"] > OLD_TIME
    assert after["created_at"] == before["created_at"]
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


@pytest.mark.parametrize("field", ["name", "description"])
def test_names_longer_than_255_are_refused(elb: Any, field: str) -> None:
    error = update_load_balancer_error(elb, demo.LB, **{field: "x" * 256})

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg


def test_admin_state_up_can_be_switched_off_and_on(elb: Any) -> None:
    # UpdateLoadBalancerOption.admin_state_up: true enables, false disables
    assert update_load_balancer(elb, demo.LB, admin_state_up=False).admin_state_up is False
    assert show_load_balancer(elb, demo.LB).admin_state_up is False

    assert update_load_balancer(elb, demo.LB, admin_state_up=True).admin_state_up is True
    assert show_load_balancer(elb, demo.LB).admin_state_up is True


def test_ip_target_enable_can_be_switched_on(elb: Any) -> None:
    assert show_load_balancer(elb, demo.LB).ip_target_enable is False

    updated = update_load_balancer(elb, demo.LB, ip_target_enable=True)

    assert updated.ip_target_enable is True
    assert show_load_balancer(elb, demo.LB).ip_target_enable is True


def test_ip_target_enable_cannot_be_switched_off(elb: Any) -> None:
    update_load_balancer(elb, demo.LB_IP_TARGETS, ip_target_enable=True)  # answered 200

    error = update_load_balancer_error(elb, demo.LB_IP_TARGETS, ip_target_enable=False)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "ip_target_enable" in error.error_msg
    assert show_load_balancer(elb, demo.LB_IP_TARGETS).ip_target_enable is True


def test_ip_target_enable_false_on_a_load_balancer_without_it_is_fine(elb: Any) -> None:
    assert update_load_balancer(elb, demo.LB, ip_target_enable=False).ip_target_enable is False


def test_deletion_protection_can_be_switched_on_and_off(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC)

    update_load_balancer(elb, lb.id, deletion_protection_enable=True)  # answered 200
    error = sdk_error(
        lambda: elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    )
    assert_sdk_error(error, 409, CONFLICT)

    update_load_balancer(elb, lb.id, deletion_protection_enable=False)  # answered 200
    response = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb.id))
    assert response.status_code == 204


def test_protection_status_and_reason(elb: Any) -> None:
    protected = update_load_balancer(
        elb, demo.LB, protection_status="consoleProtection", protection_reason="audit"
    )
    assert (protected.protection_status, protected.protection_reason) == (
        "consoleProtection",
        "audit",
    )
    # the reason alone changes while protected
    assert update_load_balancer(elb, demo.LB, protection_reason="still").protection_reason == (
        "still"
    )

    unprotected = update_load_balancer(elb, demo.LB, protection_status="nonProtection")

    assert (unprotected.protection_status, unprotected.protection_reason) == ("nonProtection", "")


def test_a_protection_reason_without_protection_is_ignored(elb: Any) -> None:
    lb = update_load_balancer(elb, demo.LB, protection_reason="why")

    assert (lb.protection_status, lb.protection_reason) == ("nonProtection", "")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"protection_status": "always"}, id="unknown-status"),
        pytest.param({"protection_reason": "<b>"}, id="angle-brackets"),
        pytest.param({"protection_reason": "x" * 256}, id="reason-too-long"),
        pytest.param({"charge_mode": "lcu"}, id="charge-mode-lcu"),
        pytest.param({"waf_failure_action": "drop"}, id="waf-failure-action"),
    ],
)
def test_bad_enumerations_are_refused(elb: Any, fields: dict[str, Any]) -> None:
    error = update_load_balancer_error(elb, demo.LB, **fields)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert next(iter(fields)) in error.error_msg


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"charge_mode": "flavor"}, id="charge-mode"),
        pytest.param(
            {"autoscaling": UpdateLoadbalancerAutoscalingOption(enable=False)},
            id="autoscaling-off",
        ),
    ],
)
def test_accepted_fields_without_effect(elb: Any, fields: dict[str, Any]) -> None:
    lb = update_load_balancer(elb, demo.LB, **fields)

    assert lb.charge_mode == "flavor"


def test_autoscaling_on_is_refused(elb: Any) -> None:
    option = UpdateLoadbalancerAutoscalingOption(enable=True, min_l7_flavor_id=L7_SMALL)

    error = update_load_balancer_error(elb, demo.LB, autoscaling=option)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "autoscaling" in error.error_msg


@pytest.mark.parametrize(
    ("option", "field"),
    [
        pytest.param(
            PrepaidUpdateOption(change_mode="immediate", auto_pay=True),
            "prepaid_options",
            id="pay-per-use",
        ),
        pytest.param(
            PrepaidUpdateOption(change_mode="delay", period_type="year", period_num=4),
            "prepaid_options.period_num",
            id="four-years",
        ),
        pytest.param(
            PrepaidUpdateOption(change_mode="delay", period_type="month", period_num=10),
            "prepaid_options.period_num",
            id="ten-months",
        ),
    ],
)
def test_prepaid_options_are_refused(elb: Any, option: Any, field: str) -> None:
    error = update_load_balancer_error(elb, demo.LB, prepaid_options=option)

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert field in error.error_msg


def test_an_ipv6_bandwidth_is_not_found(elb: Any) -> None:
    error = update_load_balancer_error(
        elb, demo.LB_IP_TARGETS, ipv6_bandwidth=BandwidthRef(id=demo.UNKNOWN_ID)
    )

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"bandwidth {demo.UNKNOWN_ID} could not be found."


def test_update_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = update_load_balancer_error(elb, demo.UNKNOWN_ID, name="x")

    assert_sdk_error(error, 404, NOT_FOUND)
    assert error.error_msg == f"loadbalancer {demo.UNKNOWN_ID} could not be found."


def test_update_a_very_long_id_is_elb_8904(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{'a' * 1000}", json={"loadbalancer": {"name": "x"}})

    assert response.status_code == 404
    assert response.json()["error_code"] == NOT_FOUND


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"loadbalancer": {"name": "x", "flavor": "big"}},
            "Unrecognized attribute(s) 'flavor'",
            id="unknown-attribute",
        ),
        pytest.param(
            {"loadbalancer": {"name": "x"}, "extra": 1},
            "Unrecognized attribute(s) 'extra'",
            id="unknown-top-level",
        ),
        pytest.param({"loadbalancer": {"name": 1}}, "loadbalancer.name", id="name-not-string"),
        pytest.param(
            {"loadbalancer": {"ip_target_enable": "true"}},
            "loadbalancer.ip_target_enable",
            id="bool-as-string",
        ),
        pytest.param(
            {"loadbalancer": {"elb_virsubnet_ids": "x"}},
            "loadbalancer.elb_virsubnet_ids",
            id="list-as-string",
        ),
        pytest.param(
            {"loadbalancer": {"autoscaling": {}}},
            "loadbalancer.autoscaling.enable",
            id="autoscaling-without-enable",
        ),
        pytest.param(
            {"loadbalancer": {"ipv6_bandwidth": {}}},
            "loadbalancer.ipv6_bandwidth.id",
            id="bandwidth-without-id",
        ),
        pytest.param({"name": "x"}, "Unrecognized attribute(s) 'name'", id="no-wrapper"),
        pytest.param([], "body", id="a-list"),
    ],
)
def test_malformed_update_bodies_are_refused(http: httpx.Client, body: Any, message: str) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert http.get(f"{LOADBALANCERS}/{demo.LB}").json()["loadbalancer"]["name"] == "demo-elb"


def test_an_empty_update_body_is_refused(http: httpx.Client) -> None:
    response = http.put(f"{LOADBALANCERS}/{demo.LB}", content=b"")

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"autoscaling": UpdateLoadbalancerAutoscalingOption(enable=True)}, id="autoscaling-on"
        ),
        pytest.param({"vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET}, id="vip-subnet-other-vpc"),
        pytest.param({"l7_flavor_id": L7_SOLD_OUT}, id="sold-out-flavor"),
        pytest.param({"elb_virsubnet_ids": [demo.UNKNOWN_ID]}, id="unknown-backend-subnet"),
    ],
)
def test_a_refused_update_changes_nothing(elb: Any, fields: dict[str, Any]) -> None:
    before = show_load_balancer(elb, demo.LB).to_dict()

    error = update_load_balancer_error(
        elb,
        demo.LB,
        name="changed",
        deletion_protection_enable=True,
        l4_flavor_id=L4_SMALL,
        vip_address="192.168.0.150",
        **fields,
    )

    assert error.status_code in (400, 404)
    assert show_load_balancer(elb, demo.LB).to_dict() == before


def test_update_load_balancer_with_sdk(elb: Any, http: httpx.Client) -> None:
    resp = elb.update_load_balancer(
        m.UpdateLoadBalancerRequest(
            loadbalancer_id=demo.LB,
            body=m.UpdateLoadBalancerRequestBody(
                loadbalancer=m.UpdateLoadBalancerOption(
                    name="renamed", description="d", deletion_protection_enable=True
                )
            ),
        )
    )
    assert resp.status_code == 200
    assert (resp.loadbalancer.name, resp.loadbalancer.description) == ("renamed", "d")
    body = assert_ok_response(http.get(f"{ELB}/loadbalancers/{demo.LB}"))
    assert_model_fields(body, m.ShowLoadBalancerResponse)
    assert_model_fields(body["loadbalancer"], m.LoadBalancer)
    lb = body["loadbalancer"]
    assert lb["provisioning_status"] in ("ACTIVE", "PENDING_DELETE")
    assert lb["operating_status"] in ("ONLINE", "FROZEN")
    assert lb["deletion_protection_enable"] is True
    assert_refused(
        lambda: elb.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id=demo.LB)),
        409,
        CONFLICT,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "n" * 256}, "name"),
        ({"description": "d" * 256}, "description"),
        ({"name": 5}, "name"),
        ({"admin_state_up": "yes"}, "admin_state_up"),
        ({"bogus": 1}, "bogus"),
        ({"vip_address": "not-an-ip"}, "vip_address"),
        ({"protection_status": "bogus"}, "protection_status"),
    ],
)
def test_update_load_balancer_rejections(
    http: httpx.Client, change: dict[str, Any], field: str
) -> None:
    before = snapshot(http)
    assert_error_response(
        http.put(f"{ELB}/loadbalancers/{demo.LB}", json={"loadbalancer": change}),
        400,
        INVALID_INPUT,
        field,
    )
    assert snapshot(http) == before


def test_ip_target_enable_is_one_way(http: httpx.Client) -> None:
    change = {"loadbalancer": {"ip_target_enable": False}}
    assert_error_response(
        http.put(f"{ELB}/loadbalancers/{demo.LB_IP_TARGETS}", json=change),
        400,
        INVALID_INPUT,
        "ip_target_enable",
    )


# --- update: VIPs -------------------------------------------------------------------------


def test_move_the_ipv4_vip_within_its_subnet(elb: Any) -> None:
    before = show_load_balancer(elb, demo.LB)

    lb = update_load_balancer(elb, demo.LB, vip_address="192.168.0.150")

    assert lb.vip_address == "192.168.0.150"
    assert lb.vip_subnet_cidr_id == demo.SUBNET
    assert lb.vip_port_id == before.vip_port_id
    # the old address is free again
    assert create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100")


def test_the_same_vip_address_is_no_change(elb: Any) -> None:
    before = show_load_balancer(elb, demo.LB)

    lb = update_load_balancer(
        elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100"
    )

    assert lb.vip_address == "192.168.0.100"
    assert lb.vip_port_id == before.vip_port_id


def test_move_the_ipv4_vip_to_another_subnet(elb: Any) -> None:
    before = show_load_balancer(elb, demo.LB)

    lb = update_load_balancer(elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET_2)

    assert lb.vip_subnet_cidr_id == demo.SUBNET_2
    assert in_network(lb.vip_address, "192.168.1.0/24")
    assert lb.vip_port_id and lb.vip_port_id != before.vip_port_id
    assert lb.ipv6_vip_address is None


def test_move_the_ipv4_vip_to_another_subnet_and_address(elb: Any) -> None:
    lb = update_load_balancer(
        elb, demo.LB, vip_subnet_cidr_id=demo.SUBNET_2, vip_address="192.168.1.77"
    )

    assert (lb.vip_subnet_cidr_id, lb.vip_address) == (demo.SUBNET_2, "192.168.1.77")


def test_null_vip_subnet_unbinds_the_ipv4_vip(http: httpx.Client) -> None:
    url = f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}"

    response = http.put(url, json={"loadbalancer": {"vip_subnet_cidr_id": None}})

    lb = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert (lb["vip_subnet_cidr_id"], lb["vip_address"], lb["vip_port_id"]) == (None, None, None)
    assert lb["ipv6_vip_address"] is not None
    assert http.get(url).json()["loadbalancer"]["vip_address"] is None


def test_unbinding_with_an_address_is_refused(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB}",
        json={"loadbalancer": {"vip_subnet_cidr_id": None, "vip_address": "192.168.0.150"}},
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert "vip_address" in response.json()["error_msg"]


@pytest.mark.parametrize(
    ("fields", "status", "code", "word"),
    [
        pytest.param(
            {"vip_address": "192.168.1.5"}, 400, INVALID_INPUT, "vip_address", id="outside-subnet"
        ),
        pytest.param({"vip_address": "nope"}, 400, INVALID_INPUT, "vip_address", id="not-an-ip"),
        pytest.param(
            {"vip_address": "192.168.0.1"}, 409, CONFLICT, "192.168.0.1", id="the-gateway"
        ),
        pytest.param(
            {"vip_subnet_cidr_id": demo.OTHER_VPC_SUBNET},
            400,
            INVALID_INPUT,
            "vip_subnet_cidr_id",
            id="subnet-of-another-vpc",
        ),
        pytest.param(
            {"vip_subnet_cidr_id": demo.UNKNOWN_ID},
            404,
            NOT_FOUND,
            demo.UNKNOWN_ID,
            id="unknown-subnet",
        ),
        pytest.param(
            {"vip_subnet_cidr_id": demo.SUBNET_2, "vip_address": "192.168.0.150"},
            400,
            INVALID_INPUT,
            "vip_address",
            id="address-outside-new-subnet",
        ),
    ],
)
def test_bad_ipv4_vip_updates(
    elb: Any, fields: dict[str, Any], status: int, code: str, word: str
) -> None:
    error = update_load_balancer_error(elb, demo.LB, **fields)

    assert_sdk_error(error, status, code)
    assert word in error.error_msg
    assert show_load_balancer(elb, demo.LB).vip_address == "192.168.0.100"


def test_a_vip_address_in_use_by_another_load_balancer_is_a_conflict(elb: Any) -> None:
    other = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)

    error = update_load_balancer_error(elb, demo.LB, vip_address=other.vip_address)

    assert_sdk_error(error, 409, CONFLICT)


def test_a_vip_address_without_an_ipv4_subnet_is_refused(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC)

    error = update_load_balancer_error(elb, lb.id, vip_address="192.168.0.150")

    assert_sdk_error(error, 400, INVALID_INPUT)
    assert "vip_subnet_cidr_id" in error.error_msg


def test_bind_an_ipv6_vip(elb: Any) -> None:
    lb = update_load_balancer(elb, demo.LB, ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK)

    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, IPV6_CIDR)
    assert lb.ipv6_vip_port_id
    assert lb.vip_address == "192.168.0.100"


def test_move_the_ipv6_vip_within_its_subnet(elb: Any) -> None:
    before = show_load_balancer(elb, demo.LB_IP_TARGETS)

    lb = update_load_balancer(elb, demo.LB_IP_TARGETS, ipv6_vip_address="2001:db8:a583:2::99")

    assert lb.ipv6_vip_address == "2001:db8:a583:2::99"
    assert lb.ipv6_vip_port_id == before.ipv6_vip_port_id


def test_null_ipv6_subnet_unbinds_the_ipv6_vip(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}",
        json={"loadbalancer": {"ipv6_vip_virsubnet_id": None}},
    )

    lb = response.json()["loadbalancer"]
    assert response.status_code == 200
    assert (lb["ipv6_vip_virsubnet_id"], lb["ipv6_vip_address"], lb["ipv6_vip_port_id"]) == (
        None,
        None,
        None,
    )
    assert lb["vip_address"] == "192.168.2.100"


@pytest.mark.parametrize(
    ("lb_id", "fields", "status", "code"),
    [
        pytest.param(
            demo.LB, {"ipv6_vip_virsubnet_id": SUBNET_NETWORK}, 404, NOT_FOUND, id="no-ipv6"
        ),
        pytest.param(
            demo.LB, {"ipv6_vip_virsubnet_id": demo.UNKNOWN_ID}, 404, NOT_FOUND, id="unknown"
        ),
        pytest.param(
            demo.LB, {"ipv6_vip_address": "2001:db8:a583:2::99"}, 400, INVALID_INPUT, id="no-subnet"
        ),
        pytest.param(
            demo.LB_IP_TARGETS,
            {"ipv6_vip_address": "2001:db8:ffff::1"},
            400,
            INVALID_INPUT,
            id="outside-subnet",
        ),
        pytest.param(
            demo.LB_IP_TARGETS,
            {"ipv6_vip_address": "192.168.2.99"},
            400,
            INVALID_INPUT,
            id="an-ipv4-address",
        ),
    ],
)
def test_bad_ipv6_vip_updates(
    elb: Any, lb_id: str, fields: dict[str, Any], status: int, code: str
) -> None:
    before = show_load_balancer(elb, lb_id).ipv6_vip_address

    assert_sdk_error(update_load_balancer_error(elb, lb_id, **fields), status, code)
    assert show_load_balancer(elb, lb_id).ipv6_vip_address == before


def test_unbinding_ipv6_with_an_address_is_refused(http: httpx.Client) -> None:
    response = http.put(
        f"{LOADBALANCERS}/{demo.LB_IP_TARGETS}",
        json={"loadbalancer": {"ipv6_vip_virsubnet_id": None, "ipv6_vip_address": "::1"}},
    )

    assert response.status_code == 400
    assert "ipv6_vip_address" in response.json()["error_msg"]


# --- update: backend subnets --------------------------------------------------------------


def test_backend_subnets_can_be_added_and_change_the_type(elb: Any) -> None:
    assert show_load_balancer(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]

    lb = update_load_balancer(
        elb, demo.LB, elb_virsubnet_ids=[SUBNET_NETWORK, demo.DUALSTACK_NETWORK]
    )

    assert lb.elb_virsubnet_ids == [SUBNET_NETWORK, demo.DUALSTACK_NETWORK]
    assert lb.elb_virsubnet_type == "dualstack"


def test_an_unused_backend_subnet_can_be_replaced(elb: Any) -> None:
    lb = update_load_balancer(elb, demo.LB, elb_virsubnet_ids=[SUBNET_2_NETWORK])

    assert lb.elb_virsubnet_ids == [SUBNET_2_NETWORK]
    assert lb.elb_virsubnet_type == "ipv4"


def test_a_backend_subnet_used_by_a_member_cannot_be_removed(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )

    error = update_load_balancer_error(elb, demo.LB, elb_virsubnet_ids=[SUBNET_2_NETWORK])

    assert_sdk_error(error, 409, CONFLICT)
    assert SUBNET_NETWORK in error.error_msg
    assert show_load_balancer(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]
    # keeping it while adding another is fine
    both = [SUBNET_NETWORK, SUBNET_2_NETWORK]
    assert update_load_balancer(elb, demo.LB, elb_virsubnet_ids=both).elb_virsubnet_ids == both


@pytest.mark.parametrize(
    ("ids", "status", "code"),
    [
        pytest.param([OTHER_VPC_NETWORK], 400, INVALID_INPUT, id="other-vpc"),
        pytest.param([demo.UNKNOWN_ID], 404, NOT_FOUND, id="unknown"),
        pytest.param([], 400, INVALID_INPUT, id="empty"),
        pytest.param([""], 400, INVALID_INPUT, id="empty-id"),
    ],
)
def test_bad_backend_subnets_are_refused(elb: Any, ids: list[str], status: int, code: str) -> None:
    error = update_load_balancer_error(elb, demo.LB, elb_virsubnet_ids=ids)

    assert_sdk_error(error, status, code)
    assert show_load_balancer(elb, demo.LB).elb_virsubnet_ids == [SUBNET_NETWORK]


# --- flavors ------------------------------------------------------------------------------


def test_create_with_flavors(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC, l4_flavor_id=L4_SMALL, l7_flavor_id=L7_SMALL)

    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (L4_SMALL, L7_SMALL)
    assert (
        show_load_balancer(elb, lb.id).l4_flavor_id,
        show_load_balancer(elb, lb.id).l7_flavor_id,
    ) == (
        L4_SMALL,
        L7_SMALL,
    )


def test_update_flavors(elb: Any) -> None:
    lb = update_load_balancer(elb, demo.LB, l4_flavor_id=L4_MEDIUM, l7_flavor_id=L7_MEDIUM)

    assert (lb.l4_flavor_id, lb.l7_flavor_id) == (L4_MEDIUM, L7_MEDIUM)
    # and back down
    assert update_load_balancer(elb, demo.LB, l4_flavor_id=L4_SMALL).l4_flavor_id == L4_SMALL


@pytest.mark.parametrize(
    ("fields", "status", "code", "message"),
    [
        pytest.param(
            {"l4_flavor_id": demo.UNKNOWN_ID},
            404,
            NOT_FOUND,
            f"flavor {demo.UNKNOWN_ID} could not be found.",
            id="unknown-l4",
        ),
        pytest.param(
            {"l7_flavor_id": demo.UNKNOWN_ID},
            404,
            NOT_FOUND,
            f"flavor {demo.UNKNOWN_ID} could not be found.",
            id="unknown-l7",
        ),
        pytest.param({"l4_flavor_id": L7_SMALL}, 400, INVALID_INPUT, "l4_flavor_id", id="l7-as-l4"),
        pytest.param({"l7_flavor_id": L4_SMALL}, 400, INVALID_INPUT, "l7_flavor_id", id="l4-as-l7"),
        pytest.param({"l7_flavor_id": L7_SOLD_OUT}, 400, INVALID_INPUT, "sold out", id="sold-out"),
        pytest.param({"l4_flavor_id": "x" * 37}, 400, INVALID_INPUT, "l4_flavor_id", id="too-long"),
    ],
)
@pytest.mark.parametrize("operation", ["create", "update"])
def test_bad_flavors_are_refused(
    elb: Any, operation: str, fields: dict[str, Any], status: int, code: str, message: str
) -> None:
    if operation == "create":
        count = len(sorted(ids_of(list_load_balancers(elb))))
        error = sdk_error(lambda: create_load_balancer(elb, vpc_id=demo.VPC, **fields))
        assert len(sorted(ids_of(list_load_balancers(elb)))) == count
    else:
        error = update_load_balancer_error(elb, demo.LB, **fields)
        # the demo load balancers keep the region's default flavors
        assert show_load_balancer(elb, demo.LB).l4_flavor_id == L4_SMALL
        assert show_load_balancer(elb, demo.LB).l7_flavor_id == L7_SMALL

    assert_sdk_error(error, status, code)
    assert message in error.error_msg


def test_a_sold_out_flavor_the_load_balancer_has_can_be_kept(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.get(LoadBalancer, demo.LB).l7_flavor_id = L7_SOLD_OUT

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}",
        json={"loadbalancer": {"l7_flavor_id": L7_SOLD_OUT, "name": "kept"}},
    )

    assert response.status_code == 200
    assert response.json()["loadbalancer"]["l7_flavor_id"] == L7_SOLD_OUT


@pytest.mark.parametrize(
    ("owner", "status"),
    [pytest.param(demo.PROJECT, 200, id="own-project"), pytest.param("someone", 404, id="other")],
)
def test_a_private_flavor_is_seen_only_by_its_project(
    app_client: TestClient, owner: str, status: int
) -> None:
    with transaction(app_client) as session:
        session.add(Flavor(id="private-l4", name="private", type="L4", project_id=owner))

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"l4_flavor_id": "private-l4"}}
    )

    assert response.status_code == status


def test_elastic_flavors_are_accepted(app_client: TestClient) -> None:
    with transaction(app_client) as session:
        session.add(Flavor(id="elastic-l7", name="elastic", type="L7_elastic_max"))

    response = app_client.put(
        f"{LOADBALANCERS}/{demo.LB}", json={"loadbalancer": {"l7_flavor_id": "elastic-l7"}}
    )

    assert response.status_code == 200
    assert response.json()["loadbalancer"]["l7_flavor_id"] == "elastic-l7"


# --- delete -------------------------------------------------------------------------------


def test_delete_a_fresh_load_balancer(elb: Any) -> None:
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET)

    delete_load_balancer(elb, lb.id)

    error = sdk_error(lambda: show_load_balancer(elb, lb.id))
    assert error.status_code == 404 and error.error_code == NOT_FOUND
    assert lb.id not in [item.id for item in list_load_balancers(elb)]


def test_delete_returns_an_empty_body(http: httpx.Client) -> None:
    body = {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}}
    lb_id = http.post(LOADBALANCERS, json=body).json()["loadbalancer"]["id"]

    response = http.delete(f"{LOADBALANCERS}/{lb_id}")

    assert response.status_code == 204
    assert response.content == b""


def test_a_deleted_load_balancer_frees_its_vip(elb: Any) -> None:
    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.210")
    delete_load_balancer(elb, lb.id)

    # the same VIP again: answered 201
    create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.210")


def test_delete_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_load_balancer(elb, demo.UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == NOT_FOUND


@pytest.mark.parametrize("lb_id", [demo.LB, demo.LB_IP_TARGETS])
def test_a_demo_load_balancer_with_listeners_and_pools_cannot_be_deleted(
    elb: Any, lb_id: str
) -> None:
    error = sdk_error(lambda: delete_load_balancer(elb, lb_id))

    assert error.status_code == 409
    assert error.error_code == CONFLICT
    assert show_load_balancer(elb, lb_id).id == lb_id


def test_deletion_protection_refuses_the_delete(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC, deletion_protection_enable=True)
    assert lb.deletion_protection_enable is True

    error = sdk_error(lambda: delete_load_balancer(elb, lb.id))

    assert error.status_code == 409
    assert error.error_code == CONFLICT
    assert show_load_balancer(elb, lb.id).id == lb.id


def test_a_load_balancer_with_a_pool_cannot_be_deleted(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC)
    option = CreatePoolOption(protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=lb.id)
    elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option)))

    error = sdk_error(lambda: delete_load_balancer(elb, lb.id))

    assert error.status_code == 409
    assert error.error_code == CONFLICT


def test_a_deleted_load_balancer_frees_quota(elb: Any) -> None:
    created = [
        create_load_balancer(elb, vpc_id=demo.VPC).id for _ in range(DEFAULT_LOADBALANCER_QUOTA - 2)
    ]
    assert create_lb_error(elb, vpc_id=demo.VPC).error_code == QUOTA_EXCEEDED

    delete_load_balancer(elb, created[0])

    create_load_balancer(elb, vpc_id=demo.VPC)  # answered 201


def test_delete_load_balancer_refused_while_listeners(elb: Any, http: httpx.Client) -> None:
    before = snapshot(http)
    assert_refused(
        lambda: elb.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id=demo.LB)),
        409,
        CONFLICT,
    )
    assert snapshot(http) == before
    assert_refused(
        lambda: elb.delete_load_balancer(m.DeleteLoadBalancerRequest(loadbalancer_id="nope")),
        404,
        NOT_FOUND,
    )


# --- delete-cascade -----------------------------------------------------------------------


def test_cascade_deletes_listeners_pools_and_members(elb: Any) -> None:
    member_ids = ids_of(
        add_members(
            elb,
            demo.POOL,
            {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
        )
    )
    assert member_ids

    response = cascade(elb, demo.LB)

    assert response.status_code == 204
    assert_sdk_error(sdk_error(lambda: show_load_balancer(elb, demo.LB)), 404, NOT_FOUND)
    pool_error = sdk_error(lambda: elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)))
    assert_sdk_error(pool_error, 404, NOT_FOUND)
    assert sorted(ids_of(list_load_balancers(elb))) == [demo.LB_IP_TARGETS]
    # the other load balancer keeps everything
    assert len(show_load_balancer(elb, demo.LB_IP_TARGETS).pools) == 5


def test_cascade_returns_an_empty_body(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade")

    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["X-Request-Id"]


def test_cascade_with_unbounded_pool_false_keeps_the_pools_unbound(elb: Any) -> None:
    add_members(
        elb,
        demo.POOL,
        {"address": "192.168.0.10", "protocol_port": 80, "subnet_cidr_id": demo.SUBNET},
    )

    response = cascade(elb, demo.LB, unbounded_pool=False, public_ip=True)

    assert response.status_code == 204
    pool = elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)).pool
    assert pool.loadbalancers == [] and pool.listeners == []
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [member.address for member in members] == ["192.168.0.10"]
    assert members[0].operating_status == "UNKNOWN"


def test_cascade_frees_the_vip(elb: Any) -> None:
    cascade(elb, demo.LB, unbounded_pool=True)

    lb = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.100")

    assert lb.vip_address == "192.168.0.100"


def test_cascade_is_refused_with_deletion_protection(elb: Any) -> None:
    update_load_balancer(elb, demo.LB, deletion_protection_enable=True)

    error = sdk_error(lambda: cascade(elb, demo.LB))

    assert_sdk_error(error, 409, CONFLICT)
    assert [listener.id for listener in show_load_balancer(elb, demo.LB).listeners] == [
        demo.LISTENER
    ]
    assert elb.show_pool(ShowPoolRequest(pool_id=demo.POOL)).pool.id == demo.POOL


def test_cascade_is_refused_by_a_pool_with_member_deletion_protection(elb: Any) -> None:
    lb = create_load_balancer(elb, vpc_id=demo.VPC)
    pool = create_pool(elb, loadbalancer_id=lb.id, member_deletion_protection_enable=True)

    error = sdk_error(lambda: cascade(elb, lb.id))

    assert_sdk_error(error, 409, CONFLICT)
    assert pool.id in error.error_msg
    assert show_load_balancer(elb, lb.id).id == lb.id
    # unbinding the pools deletes no member: allowed
    assert cascade(elb, lb.id, unbounded_pool=False).status_code == 204
    assert elb.show_pool(ShowPoolRequest(pool_id=pool.id)).pool.loadbalancers == []


def test_cascade_of_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    assert_sdk_error(sdk_error(lambda: cascade(elb, demo.UNKNOWN_ID)), 404, NOT_FOUND)


def test_cascade_of_a_very_long_id_is_elb_8904(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{'x' * 1000}/delete-cascade")

    assert response.status_code == 404
    assert response.json()["error_code"] == NOT_FOUND


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"loadbalancer": {"cascade": True}}, "Unrecognized attribute(s) 'cascade'", id="unknown"
        ),
        pytest.param(
            {"loadbalancer": {"unbounded_pool": "yes"}},
            "loadbalancer.unbounded_pool",
            id="not-a-bool",
        ),
        pytest.param({"loadbalancer": []}, "loadbalancer", id="not-an-object"),
    ],
)
def test_malformed_cascade_bodies_are_refused(http: httpx.Client, body: Any, message: str) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade", json=body)

    assert response.status_code == 400
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert http.get(f"{LOADBALANCERS}/{demo.LB}").status_code == 200


def test_cascade_with_an_empty_object_uses_the_defaults(http: httpx.Client) -> None:
    response = http.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade", json={})

    assert response.status_code == 204
    assert http.get(f"/v3/{demo.PROJECT}/elb/pools/{demo.POOL}").status_code == 404


def test_cascade_deletes_the_rows_of_every_table(app_client: TestClient) -> None:
    monitor_id, member_id = monitored_member(app_client)

    response = app_client.post(f"{LOADBALANCERS}/{demo.LB}/delete-cascade")

    assert response.status_code == 204
    with transaction(app_client) as session:
        assert session.get(LoadBalancer, demo.LB) is None
        assert session.get(Listener, demo.LISTENER) is None
        assert session.get(Pool, demo.POOL) is None
        assert session.get(Member, member_id) is None
        assert session.get(HealthMonitor, monitor_id) is None
        assert session.get(LoadBalancer, demo.LB_IP_TARGETS) is not None
        assert session.get(Pool, demo.POOL_STANDALONE) is not None


def test_delete_load_balancer_cascade(elb: Any, http: httpx.Client) -> None:
    member = post_member(http, "192.168.0.20")
    resp = elb.delete_load_balancer_cascade(
        m.DeleteLoadBalancerCascadeRequest(
            loadbalancer_id=demo.LB,
            body=m.DeleteLoadBalancerCascadeRequestBody(
                loadbalancer=m.DeleteLoadBalancerCascadeOption(unbounded_pool=True)
            ),
        )
    )
    assert resp.status_code == 204
    assert_error_response(http.get(f"{ELB}/loadbalancers/{demo.LB}"), 404, NOT_FOUND)
    assert_error_response(http.get(f"{ELB}/listeners/{demo.LISTENER}"), 404, NOT_FOUND)
    assert_error_response(http.get(f"{ELB}/pools/{demo.POOL}"), 404, NOT_FOUND)
    assert all(
        x["id"] != member["id"] for x in assert_ok_response(http.get(f"{ELB}/members"))["members"]
    )


def test_delete_load_balancer_cascade_keeps_unbound_pools(http: httpx.Client) -> None:
    body = {"loadbalancer": {"unbounded_pool": False}}
    assert_ok_response(http.post(f"{ELB}/loadbalancers/{demo.LB}/delete-cascade", json=body), 204)
    pool = assert_ok_response(http.get(f"{ELB}/pools/{demo.POOL}"))["pool"]
    assert pool["loadbalancers"] == [] and pool["listeners"] == []


@pytest.mark.parametrize(
    "raw",
    [
        b'{"loadbalancer": {"unbounded_pool": "x"}}',
        b'{"loadbalancer": {"delete_eip": true}}',
        b"[1]",
        b'{"loadbalancer": 3}',
    ],
)
def test_delete_load_balancer_cascade_rejections(http: httpx.Client, raw: bytes) -> None:
    before = snapshot(http)
    assert_error_response(
        http.post(f"{ELB}/loadbalancers/{demo.LB}/delete-cascade", content=raw), 400, INVALID_INPUT
    )
    assert snapshot(http) == before


def test_delete_load_balancer_cascade_refused_by_protection(http: httpx.Client) -> None:
    post_member(http, "192.168.0.20")
    assert_ok_response(
        http.put(
            f"{ELB}/pools/{demo.POOL}", json={"pool": {"member_deletion_protection_enable": True}}
        )
    )
    before = snapshot(http)
    assert_error_response(
        http.post(f"{ELB}/loadbalancers/{demo.LB}/delete-cascade", json={}), 409, CONFLICT
    )
    assert snapshot(http) == before
