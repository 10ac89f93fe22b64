"""The VPC read API (v1) through the official huaweicloudsdkvpc v2 VpcClient.

Clients look up subnet ids here: the ELB API names an IPv4 subnet by its neutron_subnet_id
and the IPv6 side of a dual-stack subnet by its neutron_network_id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import huaweicloudsdkvpc.v2 as vpc_v2
import pytest
from huaweicloudsdkvpc.v2 import (
    ListSubnetsRequest,
    ListVpcsRequest,
    ShowSubnetRequest,
    ShowVpcRequest,
)

from mockelb.testing import MockElbServer, make_vpc_client
from tests import demo
from tests.error_codes import INVALID_INPUT
from tests.sdk_checks import TIME, assert_error_response, assert_json_model, sdk_error

DUALSTACK_SUBNET_V6 = "2c0a6b3e-8f4d-4e1a-9b7c-5d6e7f8a9b63"
ALL_SUBNETS = sorted(
    [
        demo.SUBNET_VPC_ID,
        "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02",
        demo.DUALSTACK_NETWORK,
        "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04",
    ]
)

# The SDK turns `datetime` fields into datetime objects only when python-dateutil is
# installed; without it, it warns (ImportWarning) and keeps the string, which the
# error-on-warning configuration would turn into a failure of every VPC call.
pytestmark = pytest.mark.filterwarnings("ignore:Unable to convert string to datetime:ImportWarning")


def is_sdk_time(value: object) -> bool:
    """A datetime, or (without python-dateutil) the cloud's yyyy-MM-ddTHH:mm:ssZ string."""
    return isinstance(value, datetime) or (isinstance(value, str) and bool(TIME.match(value)))


def list_subnets(vpc: Any, **query: Any) -> list[Any]:
    return list(vpc.list_subnets(ListSubnetsRequest(**query)).subnets)


# --- VPCs ---------------------------------------------------------------------------------


def test_list_vpcs(vpc: Any) -> None:
    response = vpc.list_vpcs(ListVpcsRequest())

    assert response.status_code == 200
    assert [item.id for item in response.vpcs] == sorted([demo.VPC, demo.OTHER_VPC])
    by_id = {item.id: item for item in response.vpcs}
    assert (by_id[demo.VPC].name, by_id[demo.VPC].cidr) == ("demo-vpc", "192.168.0.0/16")
    assert (by_id[demo.OTHER_VPC].name, by_id[demo.OTHER_VPC].cidr) == (
        "demo-vpc-other",
        "172.16.0.0/16",
    )


def test_show_vpc(vpc: Any) -> None:
    response = vpc.show_vpc(ShowVpcRequest(vpc_id=demo.VPC))

    assert response.status_code == 200
    shown = response.vpc
    assert shown.id == demo.VPC
    assert shown.name == "demo-vpc"
    assert shown.cidr == "192.168.0.0/16"
    assert shown.description == ""
    assert shown.status == "OK"
    assert shown.routes == []
    assert shown.tenant_id == demo.PROJECT
    assert shown.enterprise_project_id == "0"
    assert is_sdk_time(shown.created_at)
    assert is_sdk_time(shown.updated_at)


def test_show_vpc_json_types(http: httpx.Client) -> None:
    response = http.get(f"/v1/{demo.PROJECT}/vpcs/{demo.VPC}")

    assert response.status_code == 200
    data = response.json()["vpc"]
    for name in ("id", "name", "cidr", "description", "status", "tenant_id"):
        assert isinstance(data[name], str), name
    assert data["routes"] == []
    datetime.strptime(data["created_at"], "%Y-%m-%dT%H:%M:%SZ")


def test_vpc_json_has_every_sdk_field(http: httpx.Client) -> None:
    data = http.get(f"/v1/{demo.PROJECT}/vpcs/{demo.VPC}").json()["vpc"]

    assert_json_model(data, vpc_v2.Vpc, package=vpc_v2)


def test_show_an_unknown_vpc_is_404(vpc: Any) -> None:
    error = sdk_error(lambda: vpc.show_vpc(ShowVpcRequest(vpc_id=demo.UNKNOWN_ID)))

    assert error.status_code == 404
    assert demo.UNKNOWN_ID in error.error_msg


def test_list_vpcs_with_limit_and_marker(vpc: Any) -> None:
    first, second = sorted([demo.VPC, demo.OTHER_VPC])

    assert [v.id for v in vpc.list_vpcs(ListVpcsRequest(limit=1)).vpcs] == [first]
    assert [v.id for v in vpc.list_vpcs(ListVpcsRequest(limit=1, marker=first)).vpcs] == [second]
    assert vpc.list_vpcs(ListVpcsRequest(limit=1, marker=second)).vpcs == []


def test_list_vpcs_by_id(vpc: Any) -> None:
    response = vpc.list_vpcs(ListVpcsRequest(id=demo.OTHER_VPC))

    assert [item.id for item in response.vpcs] == [demo.OTHER_VPC]


def test_another_project_sees_no_vpcs(mockelb: MockElbServer) -> None:
    stranger = make_vpc_client(mockelb.url, "0123456789abcdef0123456789abcdef")

    assert stranger.list_vpcs(ListVpcsRequest()).vpcs == []
    assert stranger.list_subnets(ListSubnetsRequest()).subnets == []
    error = sdk_error(lambda: stranger.show_vpc(ShowVpcRequest(vpc_id=demo.VPC)))
    assert error.status_code == 404


# --- subnets ------------------------------------------------------------------------------


def test_the_reference_subnet_is_found_by_its_neutron_subnet_id(vpc: Any) -> None:
    subnets = list_subnets(vpc)

    matches = [s for s in subnets if s.neutron_subnet_id == demo.SUBNET]
    assert len(matches) == 1
    subnet = matches[0]
    assert subnet.id == demo.SUBNET_VPC_ID
    assert subnet.cidr == "192.168.0.0/24"
    assert subnet.gateway_ip == "192.168.0.1"
    assert subnet.vpc_id == demo.VPC
    assert subnet.name == "demo-subnet"
    assert subnet.availability_zone == demo.AZ_1
    assert subnet.ipv6_enable is False
    assert subnet.cidr_v6 is None  # IPv6 fields are only returned for IPv6 subnets
    assert subnet.neutron_network_id == demo.SUBNET_VPC_ID
    assert subnet.status == "ACTIVE"
    assert subnet.dhcp_enable is True
    assert subnet.tenant_id == demo.PROJECT
    assert is_sdk_time(subnet.created_at)


def test_list_subnets(vpc: Any) -> None:
    response = vpc.list_subnets(ListSubnetsRequest())

    assert response.status_code == 200
    assert [s.id for s in response.subnets] == ALL_SUBNETS
    assert {s.neutron_subnet_id for s in response.subnets} == {
        demo.SUBNET,
        demo.SUBNET_2,
        demo.DUALSTACK_SUBNET,
        demo.OTHER_VPC_SUBNET,
    }


def test_show_the_dual_stack_subnet(vpc: Any) -> None:
    response = vpc.show_subnet(ShowSubnetRequest(subnet_id=demo.DUALSTACK_NETWORK))

    assert response.status_code == 200
    subnet = response.subnet
    assert subnet.id == demo.DUALSTACK_NETWORK
    assert subnet.ipv6_enable is True
    assert subnet.cidr == "192.168.2.0/24"
    assert subnet.cidr_v6 == "2001:db8:a583:2::/64"
    assert subnet.gateway_ip_v6 == "2001:db8:a583:2::1"
    assert subnet.neutron_network_id == demo.DUALSTACK_NETWORK
    assert subnet.neutron_subnet_id == demo.DUALSTACK_SUBNET
    assert subnet.neutron_subnet_id_v6 == DUALSTACK_SUBNET_V6
    assert subnet.vpc_id == demo.VPC


def test_show_subnet_json_types(http: httpx.Client) -> None:
    response = http.get(f"/v1/{demo.PROJECT}/subnets/{demo.DUALSTACK_NETWORK}")

    assert response.status_code == 200
    data = response.json()["subnet"]
    assert data["ipv6_enable"] is True and data["dhcp_enable"] is True
    assert data["dns_list"] == [data["primary_dns"], data["secondary_dns"]]
    assert data["extra_dhcp_opts"] == []
    for name in ("cidr_v6", "gateway_ip_v6", "neutron_network_id", "neutron_subnet_id_v6"):
        assert isinstance(data[name], str) and data[name], name


IPV6_SUBNET_FIELDS = {"cidr_v6", "gateway_ip_v6", "neutron_subnet_id_v6"}


def test_dual_stack_subnet_json_has_every_sdk_field(http: httpx.Client) -> None:
    data = http.get(f"/v1/{demo.PROJECT}/subnets/{demo.DUALSTACK_NETWORK}").json()["subnet"]

    assert_json_model(data, vpc_v2.Subnet, package=vpc_v2)


def test_ipv4_subnet_json_has_every_sdk_field_but_the_ipv6_ones(http: httpx.Client) -> None:
    data = http.get(f"/v1/{demo.PROJECT}/subnets/{demo.SUBNET_VPC_ID}").json()["subnet"]

    # the VPC reference: the IPv6 fields are not returned for a subnet without IPv6
    assert not IPV6_SUBNET_FIELDS & set(data)
    assert_json_model(
        {**data, "cidr_v6": "", "gateway_ip_v6": "", "neutron_subnet_id_v6": ""},
        vpc_v2.Subnet,
        package=vpc_v2,
    )


@pytest.mark.parametrize(
    ("vpc_id", "expected"),
    [
        pytest.param(
            demo.VPC,
            sorted(
                [demo.SUBNET_VPC_ID, "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a02", demo.DUALSTACK_NETWORK]
            ),
            id="demo-vpc",
        ),
        pytest.param(demo.OTHER_VPC, ["9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a04"], id="other-vpc"),
    ],
)
def test_list_subnets_of_one_vpc(vpc: Any, vpc_id: str, expected: list[str]) -> None:
    subnets = list_subnets(vpc, vpc_id=vpc_id)

    assert [s.id for s in subnets] == expected
    assert {s.vpc_id for s in subnets} == {vpc_id}


def test_show_an_unknown_subnet_is_404(vpc: Any) -> None:
    error = sdk_error(lambda: vpc.show_subnet(ShowSubnetRequest(subnet_id=demo.UNKNOWN_ID)))

    assert error.status_code == 404
    assert demo.UNKNOWN_ID in error.error_msg


def test_a_neutron_subnet_id_is_not_a_vpc_api_subnet_id(vpc: Any) -> None:
    error = sdk_error(lambda: vpc.show_subnet(ShowSubnetRequest(subnet_id=demo.SUBNET)))

    assert error.status_code == 404


def test_list_subnets_with_limit_and_marker(vpc: Any) -> None:
    first_page = list_subnets(vpc, limit=2)
    assert [s.id for s in first_page] == ALL_SUBNETS[:2]

    second_page = list_subnets(vpc, limit=2, marker=first_page[-1].id)
    assert [s.id for s in second_page] == ALL_SUBNETS[2:]

    assert list_subnets(vpc, limit=2, marker=second_page[-1].id) == []


def test_limit_and_marker_combine_with_the_vpc_filter(vpc: Any) -> None:
    of_vpc = [s.id for s in list_subnets(vpc, vpc_id=demo.VPC)]

    page = list_subnets(vpc, vpc_id=demo.VPC, limit=1, marker=of_vpc[0])

    assert [s.id for s in page] == of_vpc[1:2]


# --- the VPC API's own paging and filter rules --------------------------------------------

V1 = f"/v1/{demo.PROJECT}"


def test_a_vpc_marker_must_be_a_vpc_the_filters_keep(http: httpx.Client) -> None:
    """The VPC API checks the marker among the listed VPCs, not the whole project's."""
    response = http.get(f"{V1}/vpcs", params=[("id", demo.VPC), ("marker", demo.OTHER_VPC)])
    assert_error_response(response, 400, INVALID_INPUT)
    kept = http.get(f"{V1}/vpcs", params=[("id", demo.VPC), ("marker", demo.VPC)])
    assert kept.status_code == 200 and kept.json()["vpcs"] == []


def test_a_subnet_marker_must_be_a_subnet_of_the_asked_vpc(http: httpx.Client) -> None:
    response = http.get(
        f"{V1}/subnets", params=[("vpc_id", demo.OTHER_VPC), ("marker", demo.SUBNET_VPC_ID)]
    )
    assert_error_response(response, 400, INVALID_INPUT)


def test_list_subnets_takes_one_vpc_id_the_last_sent(http: httpx.Client) -> None:
    response = http.get(f"{V1}/subnets", params=[("vpc_id", demo.VPC), ("vpc_id", demo.OTHER_VPC)])
    assert response.status_code == 200
    assert {subnet["vpc_id"] for subnet in response.json()["subnets"]} == {demo.OTHER_VPC}
