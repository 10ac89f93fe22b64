"""Load balancers through the official SDK: create (VIPs, VPC, AZs, quota), show, list, delete.

Raw HTTP checks what the SDK would hide: the exact JSON keys and their JSON types, and
bodies the SDK cannot send (unknown attributes).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import (
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    DeleteLoadBalancerRequest,
    ListLoadBalancersRequest,
    ShowLoadBalancerRequest,
)

from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.sdk_checks import assert_json_model, sdk_error

LOADBALANCERS = f"/v3/{demo.PROJECT}/elb/loadbalancers"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
DEMO_LB_VIP = "192.168.0.100"
DEFAULT_LOADBALANCER_QUOTA = 50

# Fields the SDK's LoadBalancer model declares optional (not assigned unconditionally in
# its __init__) and marks unsupported, which mockelb does not send; every other declared
# field must be present (autoscaling among them).
LB_OPTIONAL_FIELDS = frozenset(
    {
        "gw_flavor_id",
        "loadbalancer_type",
        "service_lb_mode",
        "instance_type",
        "instance_id",
        "proxy_protocol_extensions",
        "custom_qos_limit",
    }
)
# Fields that are null for a load balancer created with only an IPv4 VIP.
LB_NULLABLE_FIELDS = frozenset(
    {
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


def create_lb(elb: Any, **fields: Any) -> Any:
    fields.setdefault("availability_zone_list", [demo.AZ_1])
    option = CreateLoadBalancerOption(**fields)
    request = CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    return elb.create_load_balancer(request)


def create_lb_error(elb: Any, **fields: Any) -> ClientRequestException:
    return sdk_error(lambda: create_lb(elb, **fields))


def show_lb(elb: Any, lb_id: str) -> Any:
    return elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=lb_id)).loadbalancer


def list_lbs(elb: Any, **query: Any) -> Any:
    return elb.list_load_balancers(ListLoadBalancersRequest(**query))


def delete_lb(elb: Any, lb_id: str) -> Any:
    return elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb_id))


def list_lbs_count(http: httpx.Client) -> int:
    count = http.get(LOADBALANCERS).json()["page_info"]["current_count"]
    assert isinstance(count, int)
    return count


def in_network(address: str, cidr: str) -> bool:
    return ipaddress.ip_address(address) in ipaddress.ip_network(cidr)


# --- create -------------------------------------------------------------------------------


def test_create_with_only_a_vip_subnet_derives_the_vpc_and_allocates_the_vip(elb: Any) -> None:
    response = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, name="lb-1")

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
    demo_ip_lb = show_lb(elb, demo.LB_IP_TARGETS)

    response = create_lb(
        elb,
        vpc_id=demo.VPC,
        vip_subnet_cidr_id=demo.DUALSTACK_SUBNET,
        ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK,
        availability_zone_list=[demo.AZ_1, demo.AZ_2],
    )

    assert response.status_code == 201
    lb = response.loadbalancer
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
    lb = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.200").loadbalancer

    assert lb.vip_address == "192.168.0.200"
    assert show_lb(elb, lb.id).vip_address == "192.168.0.200"


def test_two_load_balancers_never_get_the_same_allocated_vip(elb: Any) -> None:
    first = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET).loadbalancer
    second = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET).loadbalancer

    assert first.vip_address != second.vip_address
    assert first.vip_port_id != second.vip_port_id


def test_create_with_only_an_ipv6_subnet(elb: Any) -> None:
    lb = create_lb(elb, ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK).loadbalancer

    assert lb.vpc_id == demo.VPC
    assert lb.vip_address is None and lb.vip_subnet_cidr_id is None and lb.vip_port_id is None
    assert lb.ipv6_vip_virsubnet_id == demo.DUALSTACK_NETWORK
    assert in_network(lb.ipv6_vip_address, "2001:db8:a583:2::/64")
    assert UUID.match(lb.ipv6_vip_port_id)
    assert lb.elb_virsubnet_ids == [demo.DUALSTACK_NETWORK]


def test_explicit_backend_subnets_round_trip(elb: Any) -> None:
    lb = create_lb(
        elb, vpc_id=demo.VPC, elb_virsubnet_ids=[demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK]
    ).loadbalancer

    assert lb.elb_virsubnet_ids == [demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK]
    assert show_lb(elb, lb.id).elb_virsubnet_ids == [demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK]


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
    lb = create_lb(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[backend]).loadbalancer

    assert lb.elb_virsubnet_ids == [backend]
    assert lb.elb_virsubnet_type == expected


def test_a_backend_subnet_of_another_vpc_is_refused(elb: Any) -> None:
    other_network = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"  # demo-subnet-other-vpc

    error = create_lb_error(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[other_network])

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
    assert "elb_virsubnet_ids" in error.error_msg


def test_an_unknown_backend_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, elb_virsubnet_ids=[UNKNOWN_ID])

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"subnet {UNKNOWN_ID} could not be found."


def test_the_project_id_in_the_body_is_ignored(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC, project_id="ffffffffffffffffffffffffffffffff")

    assert lb.loadbalancer.project_id == demo.PROJECT


@pytest.mark.parametrize("enabled", [True, False])
def test_admin_state_up_round_trips(elb: Any, enabled: bool) -> None:
    # CreateLoadBalancerOption.admin_state_up: true (default) enables, false disables
    created = create_lb(elb, vpc_id=demo.VPC, admin_state_up=enabled).loadbalancer

    assert created.admin_state_up is enabled
    assert show_lb(elb, created.id).admin_state_up is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_ip_target_enable_round_trips(elb: Any, enabled: bool) -> None:
    created = create_lb(elb, vpc_id=demo.VPC, ip_target_enable=enabled).loadbalancer

    assert created.ip_target_enable is enabled
    assert show_lb(elb, created.id).ip_target_enable is enabled


def test_the_created_load_balancer_is_listed_and_shown(elb: Any) -> None:
    created = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, name="lb-listed").loadbalancer

    shown = show_lb(elb, created.id)
    listed = list_lbs(elb, id=[created.id]).loadbalancers

    assert shown.to_dict() == created.to_dict()
    assert [lb.to_dict() for lb in listed] == [created.to_dict()]


@pytest.mark.parametrize(
    "zones",
    [pytest.param(None, id="missing"), pytest.param([], id="empty")],
)
def test_availability_zone_list_is_required(elb: Any, zones: list[str] | None) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, availability_zone_list=zones)

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
    assert "availability_zone_list" in error.error_msg


def test_an_unknown_availability_zone_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, availability_zone_list=["cn-north-4z"])

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
    assert "cn-north-4z" in error.error_msg


def test_one_of_vpc_subnet_and_ipv6_subnet_is_required(elb: Any) -> None:
    error = create_lb_error(elb, name="no-network")

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


def test_an_unknown_vip_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"subnet {UNKNOWN_ID} could not be found."


def test_the_vpc_api_subnet_id_is_not_a_vip_subnet_id(elb: Any) -> None:
    # the classic mistake: the VPC-API id instead of neutron_subnet_id
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET_VPC_ID)

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"subnet {demo.SUBNET_VPC_ID} could not be found."


def test_an_unknown_ipv6_subnet_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, ipv6_vip_virsubnet_id=UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"subnet {UNKNOWN_ID} could not be found."


def test_an_unknown_vpc_is_elb_8904(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=UNKNOWN_ID)

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"vpc {UNKNOWN_ID} could not be found."


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
    assert error.error_code == "ELB.8902"


def test_a_vip_address_outside_the_subnet_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.1.5")

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
    assert "vip_address" in error.error_msg


def test_a_vip_address_without_its_subnet_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, vip_address="192.168.0.201")

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


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
    assert error.error_code == "ELB.8907"
    assert address in error.error_msg


def test_a_vip_address_that_is_no_ip_address_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="not-an-ip")

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


def test_guaranteed_false_is_refused(elb: Any) -> None:
    error = create_lb_error(elb, vpc_id=demo.VPC, guaranteed=False)

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"
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
    assert error["error_code"] == "ELB.8902"
    assert error["error_msg"] == "Unrecognized attribute(s) 'no_such_field'"
    assert list_lbs_count(http) == 2


def test_the_loadbalancer_quota_of_50_per_project_is_enforced(elb: Any) -> None:
    existing = len(list_lbs(elb).loadbalancers)
    assert existing == 2  # the demo's two load balancers

    for index in range(DEFAULT_LOADBALANCER_QUOTA - existing):
        assert create_lb(elb, vpc_id=demo.VPC, name=f"quota-{index}").status_code == 201

    error = create_lb_error(elb, vpc_id=demo.VPC, name="one-too-many")

    assert error.status_code == 409
    assert error.error_code == "ELB.8905"
    assert "loadbalancer" in error.error_msg
    assert len(list_lbs(elb).loadbalancers) == DEFAULT_LOADBALANCER_QUOTA


def test_a_refused_create_leaves_nothing_behind(elb: Any) -> None:
    create_lb_error(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address=DEMO_LB_VIP)
    create_lb_error(elb, vpc_id=demo.VPC, guaranteed=False)

    assert sorted(lb.id for lb in list_lbs(elb).loadbalancers) == [demo.LB, demo.LB_IP_TARGETS]


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
    lb = show_lb(elb, demo.LB_IP_TARGETS)

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
    error = sdk_error(lambda: show_lb(elb, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"
    assert error.error_msg == f"loadbalancer {UNKNOWN_ID} could not be found."


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
    response = list_lbs(elb)

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
        pytest.param({"id": [UNKNOWN_ID]}, [], id="unknown-id"),
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
    response = list_lbs(elb, **query)

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
        create_lb(elb, vpc_id=demo.VPC, name=f"paged-{index}")
    everything = [lb.id for lb in list_lbs(elb).loadbalancers]
    assert len(everything) == 7 and everything == sorted(everything)

    seen: list[str] = []
    pages: list[int] = []
    marker: str | None = None
    while True:
        page = list_lbs(elb, limit=3, marker=marker)
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
    error = sdk_error(lambda: list_lbs(elb, limit=1, marker=UNKNOWN_ID))

    assert error.status_code == 400
    assert error.error_code == "ELB.8902"


def test_an_unknown_project_sees_no_load_balancers(mockelb: MockElbServer) -> None:
    stranger = make_elb_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    response = stranger.list_load_balancers(ListLoadBalancersRequest())

    assert response.status_code == 200
    assert response.loadbalancers == []
    assert response.page_info.current_count == 0
    error = sdk_error(lambda: show_lb(stranger, demo.LB))
    assert error.status_code == 404 and error.error_code == "ELB.8904"


# --- delete -------------------------------------------------------------------------------


def test_delete_a_fresh_load_balancer(elb: Any) -> None:
    lb = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET).loadbalancer

    response = delete_lb(elb, lb.id)

    assert response.status_code == 204
    error = sdk_error(lambda: show_lb(elb, lb.id))
    assert error.status_code == 404 and error.error_code == "ELB.8904"
    assert lb.id not in [item.id for item in list_lbs(elb).loadbalancers]


def test_delete_returns_an_empty_body(http: httpx.Client) -> None:
    body = {"loadbalancer": {"availability_zone_list": [demo.AZ_1], "vpc_id": demo.VPC}}
    lb_id = http.post(LOADBALANCERS, json=body).json()["loadbalancer"]["id"]

    response = http.delete(f"{LOADBALANCERS}/{lb_id}")

    assert response.status_code == 204
    assert response.content == b""


def test_a_deleted_load_balancer_frees_its_vip(elb: Any) -> None:
    lb = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.210").loadbalancer
    delete_lb(elb, lb.id)

    again = create_lb(elb, vip_subnet_cidr_id=demo.SUBNET, vip_address="192.168.0.210")

    assert again.status_code == 201


def test_delete_an_unknown_load_balancer_is_elb_8904(elb: Any) -> None:
    error = sdk_error(lambda: delete_lb(elb, UNKNOWN_ID))

    assert error.status_code == 404
    assert error.error_code == "ELB.8904"


@pytest.mark.parametrize("lb_id", [demo.LB, demo.LB_IP_TARGETS])
def test_a_demo_load_balancer_with_listeners_and_pools_cannot_be_deleted(
    elb: Any, lb_id: str
) -> None:
    error = sdk_error(lambda: delete_lb(elb, lb_id))

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"
    assert show_lb(elb, lb_id).id == lb_id


def test_deletion_protection_refuses_the_delete(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC, deletion_protection_enable=True).loadbalancer
    assert lb.deletion_protection_enable is True

    error = sdk_error(lambda: delete_lb(elb, lb.id))

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"
    assert show_lb(elb, lb.id).id == lb.id


def test_a_load_balancer_with_a_pool_cannot_be_deleted(elb: Any) -> None:
    lb = create_lb(elb, vpc_id=demo.VPC).loadbalancer
    option = CreatePoolOption(protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=lb.id)
    elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option)))

    error = sdk_error(lambda: delete_lb(elb, lb.id))

    assert error.status_code == 409
    assert error.error_code == "ELB.8907"


def test_a_deleted_load_balancer_frees_quota(elb: Any) -> None:
    created = [
        create_lb(elb, vpc_id=demo.VPC).loadbalancer.id
        for _ in range(DEFAULT_LOADBALANCER_QUOTA - 2)
    ]
    assert create_lb_error(elb, vpc_id=demo.VPC).error_code == "ELB.8905"

    delete_lb(elb, created[0])

    assert create_lb(elb, vpc_id=demo.VPC).status_code == 201
