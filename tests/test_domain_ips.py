"""Domain name resolution of load balancers (mockelb/services/domain_ips.py), through the
official SDK and raw HTTP: the system-default and user-defined configurations (and every
refusal), the addresses taken out of and put back into the resolution (and every refusal),
list_domain_i_ps (filters, paging), the resolution following the load balancer's VIPs and
going with it, the region of the names, and seeds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml
from huaweicloudsdkelb.v3 import (
    BatchDisableDomainIPsRequest,
    BatchDisableDomainIPsRequestBody,
    BatchDisableDomainIPsResponse,
    BatchEnableDomainIPsRequest,
    BatchEnableDomainIPsRequestBody,
    BatchEnableDomainIPsResponse,
    DnsConfigResponseBody,
    DnsIp,
    ListDomainIPsRequest,
    ListDomainIPsResponse,
    SystemDefaultDnsConfigRequestBody,
    UpdateSystemDefaultDomainConfigRequest,
    UpdateSystemDefaultDomainConfigRequestBody,
    UpdateUserDefinedDomainConfigRequest,
    UpdateUserDefinedDomainConfigRequestBody,
    UserDefinedDnsConfigRequestBody,
)

from mockelb.domain.domain_ips import DEFAULT_REGION, region_of
from mockelb.seed import SeedError, build_snapshot, parse_seed
from mockelb.services.domain_ips import DOMAIN_IP_LIST
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    create_load_balancer,
    delete_load_balancer,
    show_load_balancer,
    update_load_balancer,
)
from tests.sdk_checks import (
    TIME,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
)

SYSTEM_ZONE = "myhuaweicloud.com"
OTHER_PROJECT = "0" * 32
LB_VIP = "192.168.0.100"  # the demo LB's VIP
DUAL_VIP = "192.168.2.100"  # the dual-stack demo LB's IPv4 VIP


def dns_url(lb_id: str = demo.LB) -> str:
    return f"{ELB}/loadbalancers/{lb_id}/dns"


def private_name(lb_id: str, zone: str = SYSTEM_ZONE, region: str = "cn-north-4") -> str:
    return f"{lb_id}-internal.elb.{region}.{zone}"


def public_name(lb_id: str, zone: str = SYSTEM_ZONE, region: str = "cn-north-4") -> str:
    return f"{lb_id}.elb.{region}.{zone}"


def ipv6_vip(elb: Any) -> str:
    address: str = show_load_balancer(elb, demo.LB_IP_TARGETS).ipv6_vip_address
    return address


def list_ips(elb: Any, lb_id: str = demo.LB, **query: Any) -> list[Any]:
    response = elb.list_domain_i_ps(ListDomainIPsRequest(loadbalancer_id=lb_id, **query))
    assert response.status_code == 200
    assert response.page_info.current_count == len(response.ips)
    return list(response.ips)


def addresses(ips: list[Any]) -> list[tuple[str, bool]]:
    return [(ip.ip_address, ip.enable) for ip in ips]


def system_config(elb: Any, lb_id: str = demo.LB, **fields: Any) -> Any:
    body = UpdateSystemDefaultDomainConfigRequestBody(SystemDefaultDnsConfigRequestBody(**fields))
    response = elb.update_system_default_domain_config(
        UpdateSystemDefaultDomainConfigRequest(loadbalancer_id=lb_id, body=body)
    )
    assert response.status_code == 200
    return response.loadbalancer


def user_config(elb: Any, lb_id: str = demo.LB, **fields: Any) -> Any:
    body = UpdateUserDefinedDomainConfigRequestBody(UserDefinedDnsConfigRequestBody(**fields))
    response = elb.update_user_defined_domain_config(
        UpdateUserDefinedDomainConfigRequest(loadbalancer_id=lb_id, body=body)
    )
    assert response.status_code == 200
    return response.loadbalancer


def enable_ips(elb: Any, lb_id: str, *ips: str) -> list[Any]:
    body = BatchEnableDomainIPsRequestBody(ips=[DnsIp(ip_address=ip) for ip in ips])
    response = elb.batch_enable_domain_i_ps(
        BatchEnableDomainIPsRequest(loadbalancer_id=lb_id, body=body)
    )
    assert response.status_code == 200
    return list(response.ips)


def disable_ips(elb: Any, lb_id: str, *ips: str) -> list[Any]:
    body = BatchDisableDomainIPsRequestBody(ips=[DnsIp(ip_address=ip) for ip in ips])
    response = elb.batch_disable_domain_i_ps(
        BatchDisableDomainIPsRequest(loadbalancer_id=lb_id, body=body)
    )
    assert response.status_code == 200
    return list(response.ips)


def dns_state(http: httpx.Client) -> list[dict[str, Any]]:
    """Every load balancer's resolution as GET /_mockelb/state shows it."""
    response = http.get("/_mockelb/state")
    assert response.status_code == 200, response.text
    state: list[dict[str, Any]] = response.json()["loadbalancer_dns"]
    return state


# --- configuration -------------------------------------------------------------------------


def test_a_load_balancer_never_configured_resolves_nothing(elb: Any, http: httpx.Client) -> None:
    assert list_ips(elb) == []
    assert list_ips(elb, demo.LB_IP_TARGETS) == []
    body = assert_ok_response(http.get(f"{dns_url()}/ips"))
    assert body["page_info"] == {"previous_marker": None, "current_count": 0}
    assert dns_state(http) == []


def test_the_system_default_names_resolve_the_vips(elb: Any) -> None:
    ipv6 = ipv6_vip(elb)

    config = system_config(elb, demo.LB_IP_TARGETS, private_domain_name_enable=True)

    assert config.to_dict() == {
        "id": demo.LB_IP_TARGETS,
        "vip_address": DUAL_VIP,
        "ipv6_vip_address": ipv6,
        "eips": [],
        "global_eips": [],
        "public_domain_name_enable": False,
        "public_dns_zone_name": SYSTEM_ZONE,
        "public_domain_name": None,
        "public_dns_record_set_ttl": 300,
        "private_domain_name_enable": True,
        "private_dns_zone_name": SYSTEM_ZONE,
        "private_domain_name": private_name(demo.LB_IP_TARGETS),
        "private_dns_zone_type": "private",
        "private_dns_record_set_ttl": 300,
    }
    ips = list_ips(elb, demo.LB_IP_TARGETS)
    # the IPv4 VIP, then the IPv6 VIP, both private addresses in the resolution
    assert addresses(ips) == [(DUAL_VIP, True), (ipv6, True)]
    for ip in ips:
        assert (ip.type, ip.domain_name) == ("vip", private_name(demo.LB_IP_TARGETS))
        assert TIME.fullmatch(ip.created_at) and ip.updated_at == ip.created_at
    assert list_ips(elb) == []  # the other load balancer is not configured


def test_the_public_name_resolves_no_address_as_mockelb_binds_no_eip(elb: Any) -> None:
    config = system_config(elb, public_domain_name_enable=True, public_dns_record_set_ttl=60)

    assert (config.public_domain_name_enable, config.private_domain_name_enable) == (True, False)
    assert config.public_domain_name == public_name(demo.LB)
    assert (config.public_dns_record_set_ttl, config.private_domain_name) == (60, None)
    assert (config.eips, config.global_eips) == ([], [])
    assert list_ips(elb) == []


def test_user_defined_names_are_made_in_the_clients_zones(elb: Any) -> None:
    config = user_config(
        elb,
        public_domain_name_enable=True,
        public_dns_zone_name="pub.example.com.",
        public_dns_record_set_ttl=500,
        private_domain_name_enable=True,
        private_dns_zone_name="int.example.com",
        private_dns_zone_type="public",
        private_dns_record_set_ttl=400,
    )

    assert config.to_dict() == {
        "id": demo.LB,
        "vip_address": LB_VIP,
        "ipv6_vip_address": None,
        "eips": [],
        "global_eips": [],
        "public_domain_name_enable": True,
        "public_dns_zone_name": "pub.example.com.",
        # a zone written with its final dot gives a name ending in one
        "public_domain_name": public_name(demo.LB, "pub.example.com."),
        "public_dns_record_set_ttl": 500,
        "private_domain_name_enable": True,
        "private_dns_zone_name": "int.example.com",
        "private_domain_name": private_name(demo.LB, "int.example.com"),
        "private_dns_zone_type": "public",
        "private_dns_record_set_ttl": 400,
    }
    (ip,) = list_ips(elb)
    assert (ip.ip_address, ip.type, ip.enable) == (LB_VIP, "vip", True)
    assert ip.domain_name == private_name(demo.LB, "int.example.com")


def test_a_configuration_call_sets_the_whole_configuration(elb: Any) -> None:
    user_config(
        elb,
        private_domain_name_enable=True,
        private_dns_zone_name="int.example.com",
        private_dns_zone_type="public",
        private_dns_record_set_ttl=30,
    )

    # what the call leaves out takes its default: the private name goes off
    config = system_config(elb, public_domain_name_enable=True)
    assert (config.public_domain_name_enable, config.private_domain_name_enable) == (True, False)
    assert (config.private_dns_zone_name, config.private_dns_zone_type) == (SYSTEM_ZONE, "private")
    assert config.private_dns_record_set_ttl == 300
    assert list_ips(elb) == []

    # the Terraform provider's delete: both names off, the zones forgotten
    off = user_config(elb, public_domain_name_enable=False, private_domain_name_enable=False)
    assert (off.public_dns_zone_name, off.private_dns_zone_name) == (None, None)
    assert (off.public_domain_name, off.private_domain_name) == (None, None)
    assert list_ips(elb) == []


def test_a_zone_may_be_given_with_its_name_off(elb: Any) -> None:
    config = user_config(elb, public_dns_zone_name="pub.example.com")

    assert (config.public_domain_name_enable, config.public_dns_zone_name) == (
        False,
        "pub.example.com",
    )
    assert config.public_domain_name is None


@pytest.mark.parametrize(
    ("zones", "region"),
    [
        pytest.param(["cn-north-4a", "cn-north-4b"], "cn-north-4", id="cn-north-4"),
        pytest.param(["ap-southeast-1b"], "ap-southeast-1", id="ap-southeast-1"),
        pytest.param(["az1", "la-north-2a"], "la-north-2", id="first-that-names-one"),
        pytest.param(["az1"], DEFAULT_REGION, id="no-region-in-the-code"),
        pytest.param(["eu-de-01"], DEFAULT_REGION, id="no-letter-after-the-number"),
        pytest.param([], DEFAULT_REGION, id="no-az"),
    ],
)
def test_the_region_of_the_names_comes_from_the_availability_zones(
    zones: list[str], region: str
) -> None:
    assert region_of(zones) == region
    assert DEFAULT_REGION == "cn-north-4"


# --- configuration: refusals -------------------------------------------------------------

LONG_ZONE = ".".join(["a" * 63] * 3) + ".com"  # fits DNS alone, not under the LB's name


@pytest.mark.parametrize(
    ("config", "field"),
    [
        pytest.param(
            {"public_domain_name_enable": True}, "public_dns_zone_name", id="public-no-zone"
        ),
        pytest.param(
            {"private_domain_name_enable": True}, "private_dns_zone_name", id="private-no-zone"
        ),
        pytest.param(
            {"private_domain_name_enable": True, "private_dns_zone_name": ""},
            "private_dns_zone_name",
            id="private-empty-zone",
        ),
        pytest.param(
            {"public_domain_name_enable": True, "public_dns_zone_name": None},
            "public_dns_zone_name",
            id="public-null-zone",
        ),
        *(
            pytest.param({"private_dns_zone_name": zone}, "private_dns_zone_name", id=name)
            for name, zone in (
                ("leading-hyphen", "-a.example.com"),
                ("trailing-hyphen", "a-.example.com"),
                ("empty-label", "a..example.com"),
                ("leading-dot", ".example.com"),
                ("two-final-dots", "example.com.."),
                ("space", "exa mple.com"),
                ("underscore", "exa_mple.com"),
                ("not-ascii", "例子.com"),
                ("label-of-64", "a" * 64 + ".com"),
                ("name-too-long", LONG_ZONE),
                ("too-long-for-the-field", "a." * 127 + "com"),
                ("just-a-dot", "."),
            )
        ),
        pytest.param({"public_dns_zone_name": "a b"}, "public_dns_zone_name", id="public-zone"),
        pytest.param({"private_dns_zone_type": "shared"}, "private_dns_zone_type", id="zone-type"),
        pytest.param({"public_dns_record_set_ttl": 0}, "public_dns_record_set_ttl", id="ttl-0"),
        pytest.param(
            {"private_dns_record_set_ttl": 2**31}, "private_dns_record_set_ttl", id="ttl-2^31"
        ),
        pytest.param(
            {"private_dns_record_set_ttl": "300"}, "private_dns_record_set_ttl", id="ttl-text"
        ),
        pytest.param(
            {"public_domain_name_enable": "true"}, "public_domain_name_enable", id="enable-text"
        ),
        pytest.param(
            {"private_domain_name_enable": None}, "private_domain_name_enable", id="enable-null"
        ),
        pytest.param({"zone": "example.com"}, "zone", id="unknown-attribute"),
    ],
)
def test_user_defined_config_refuses(
    elb: Any, http: httpx.Client, config: dict[str, Any], field: str
) -> None:
    user_config(elb, private_domain_name_enable=True, private_dns_zone_name="int.example.com")
    before = dns_state(http)

    response = http.post(f"{dns_url()}/user-defined-config", json={"loadbalancer": config})

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert dns_state(http) == before


def test_the_longest_zone_that_fits_is_taken(elb: Any) -> None:
    # the private name adds "<36-character id>-internal.elb.cn-north-4." (62 characters)
    zone = ".".join(["a" * 63, "b" * 63, "c" * 61]) + ".co"
    assert len(private_name(demo.LB, zone)) == 253

    config = user_config(elb, private_domain_name_enable=True, private_dns_zone_name=zone + ".")

    assert config.private_domain_name == private_name(demo.LB, zone + ".")
    assert_refused(
        lambda: user_config(elb, private_dns_zone_name="x." + zone),
        400,
        INVALID_INPUT,
        "longer than 253 characters",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"loadbalancer": {"public_dns_record_set_ttl": 0}},
            "public_dns_record_set_ttl",
            id="ttl-0",
        ),
        pytest.param(
            {"loadbalancer": {"private_dns_record_set_ttl": 2**31}},
            "private_dns_record_set_ttl",
            id="ttl-2^31",
        ),
        pytest.param(
            {"loadbalancer": {"private_domain_name_enable": 1}},
            "private_domain_name_enable",
            id="enable-number",
        ),
        pytest.param(
            {"loadbalancer": {"public_dns_zone_name": "example.com"}},
            "public_dns_zone_name",
            id="no-zone-of-ones-own",
        ),
        pytest.param({}, "loadbalancer", id="no-loadbalancer"),
        pytest.param({"loadbalancer": None}, "loadbalancer", id="null-loadbalancer"),
        pytest.param({"loadbalancer": [], "x": 1}, "x", id="unknown-attribute"),
    ],
)
def test_system_default_config_refuses(
    elb: Any, http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    system_config(elb, private_domain_name_enable=True, private_dns_record_set_ttl=10)
    before = dns_state(http)

    response = http.post(f"{dns_url()}/system-default-config", json=body)

    assert_error_response(response, 400, INVALID_INPUT, message)
    assert dns_state(http) == before


# --- the addresses in the resolution -------------------------------------------------------


def test_disable_takes_addresses_out_and_enable_puts_them_back(elb: Any) -> None:
    ipv6 = ipv6_vip(elb)
    system_config(elb, demo.LB_IP_TARGETS, private_domain_name_enable=True)
    created = {ip.ip_address: ip.created_at for ip in list_ips(elb, demo.LB_IP_TARGETS)}

    # any spelling of the address names it
    spelled = ipv6.replace("::", ":0::")
    answered = disable_ips(elb, demo.LB_IP_TARGETS, spelled)

    assert addresses(answered) == [(DUAL_VIP, True), (ipv6, False)]
    assert [ip.to_dict() for ip in answered] == [
        ip.to_dict() for ip in list_ips(elb, demo.LB_IP_TARGETS)
    ]
    assert {ip.ip_address: ip.created_at for ip in answered} == created
    assert addresses(list_ips(elb, demo.LB_IP_TARGETS, enable=False)) == [(ipv6, False)]

    # again: nothing changes (the address is named twice, too)
    assert addresses(disable_ips(elb, demo.LB_IP_TARGETS, ipv6, ipv6)) == addresses(answered)

    both = enable_ips(elb, demo.LB_IP_TARGETS, DUAL_VIP, ipv6)
    assert addresses(both) == [(DUAL_VIP, True), (ipv6, True)]
    assert addresses(list_ips(elb, demo.LB_IP_TARGETS, enable=False)) == []


def test_an_address_set_while_the_names_are_off_shows_once_one_is_on(elb: Any) -> None:
    # the SDK: the answer is an empty list while both names are off
    assert disable_ips(elb, demo.LB, LB_VIP) == []
    assert list_ips(elb) == []

    system_config(elb, private_domain_name_enable=True)
    assert addresses(list_ips(elb)) == [(LB_VIP, False)]

    # turning the name off and on again keeps the address out
    system_config(elb)
    assert enable_ips(elb, demo.LB, LB_VIP) == []
    user_config(elb, private_domain_name_enable=True, private_dns_zone_name="int.example.com")
    (ip,) = list_ips(elb)
    assert (ip.ip_address, ip.enable) == (LB_VIP, True)
    assert ip.domain_name == private_name(demo.LB, "int.example.com")


@pytest.mark.parametrize("action", ["enable", "disable"])
@pytest.mark.parametrize(
    ("ips", "field", "message"),
    [
        pytest.param(["192.168.0.101"], "ips[0].ip_address", "not an IP address of", id="not-its"),
        pytest.param([DUAL_VIP], "ips[0].ip_address", "not an IP address of", id="another-lbs-vip"),
        pytest.param(["2001:db8::1"], "ips[0].ip_address", "not an IP address of", id="ipv6"),
        pytest.param(
            [LB_VIP, "10.0.0.1"], "ips[1].ip_address", "not an IP address of", id="second-of-two"
        ),
        pytest.param(["vip"], "ips[0].ip_address", "not an IPv4 or IPv6", id="not-an-address"),
        pytest.param(
            [f" {LB_VIP}"], "ips[0].ip_address", "not an IPv4 or IPv6", id="leading-space"
        ),
        pytest.param(
            ["192.168.000.100"], "ips[0].ip_address", "not an IPv4 or IPv6", id="leading-zeros"
        ),
        pytest.param(["192.168.0.0/24"], "ips[0].ip_address", "not an IPv4", id="a-cidr"),
    ],
)
def test_a_batch_refuses_what_is_no_address_of_the_load_balancer(
    elb: Any, action: str, ips: list[str], field: str, message: str
) -> None:
    system_config(elb, private_domain_name_enable=True)
    disable_ips(elb, demo.LB, LB_VIP)
    before = [ip.to_dict() for ip in list_ips(elb)]
    call = enable_ips if action == "enable" else disable_ips

    error = assert_refused(lambda: call(elb, demo.LB, *ips), 400, INVALID_INPUT, field)

    assert message in error.error_msg
    # all or nothing: the load balancer's own address in the same batch kept its place
    assert [ip.to_dict() for ip in list_ips(elb)] == before


@pytest.mark.parametrize("action", ["batch-enable", "batch-disable"])
@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"ips": []}, "ips", id="no-ips"),
        pytest.param({}, "ips", id="no-key"),
        pytest.param({"ips": None}, "ips", id="null"),
        pytest.param({"ips": LB_VIP}, "ips", id="not-a-list"),
        pytest.param({"ips": [{}]}, "ips[0].ip_address", id="no-address"),
        pytest.param({"ips": [{"ip_address": None}]}, "ips[0].ip_address", id="null-address"),
        pytest.param({"ips": [{"ip_address": ""}]}, "ips[0].ip_address", id="empty-address"),
        pytest.param({"ips": [{"ip_address": 3232235620}]}, "ips[0].ip_address", id="number"),
        pytest.param({"ips": [LB_VIP]}, "ips[0]", id="bare-address"),
        pytest.param(
            {"ips": [{"ip_address": LB_VIP, "type": "vip"}]}, "type", id="unknown-in-item"
        ),
        pytest.param({"ips": [{"ip_address": LB_VIP}], "enable": False}, "enable", id="unknown"),
    ],
)
def test_a_batch_body_the_schema_refuses(
    elb: Any, http: httpx.Client, action: str, body: dict[str, Any], field: str
) -> None:
    system_config(elb, private_domain_name_enable=True)
    before = dns_state(http)

    response = http.post(f"{dns_url()}/ips/{action}", json=body)

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert dns_state(http) == before


# --- every operation: the load balancer must exist in the project --------------------------


def every_operation(elb: Any, lb_id: str) -> list[Any]:
    return [
        lambda: list_ips(elb, lb_id),
        lambda: enable_ips(elb, lb_id, LB_VIP),
        lambda: disable_ips(elb, lb_id, LB_VIP),
        lambda: system_config(elb, lb_id, private_domain_name_enable=True),
        lambda: user_config(elb, lb_id, private_dns_zone_name="example.com"),
    ]


def test_every_operation_needs_a_load_balancer_of_the_project(
    elb: Any, http: httpx.Client, mockelb: MockElbServer
) -> None:
    for call in every_operation(elb, demo.UNKNOWN_ID):
        assert_refused(call, 404, NOT_FOUND, f"loadbalancer {demo.UNKNOWN_ID} could not be found.")
    other = make_elb_client(mockelb.url, OTHER_PROJECT)
    for call in every_operation(other, demo.LB):
        assert_refused(call, 404, NOT_FOUND, f"loadbalancer {demo.LB} could not be found.")
    assert dns_state(http) == []


# --- list_domain_i_ps: filters and paging --------------------------------------------------


@pytest.fixture
def dual(elb: Any) -> tuple[str, str]:
    """The dual-stack demo load balancer with its private name on: its two addresses, the
    IPv6 one taken out of the resolution."""
    ipv6 = ipv6_vip(elb)
    system_config(elb, demo.LB_IP_TARGETS, private_domain_name_enable=True)
    disable_ips(elb, demo.LB_IP_TARGETS, ipv6)
    return DUAL_VIP, ipv6


def test_list_filters(elb: Any, dual: tuple[str, str]) -> None:
    ipv4, ipv6 = dual
    name = private_name(demo.LB_IP_TARGETS)

    def listed(**query: Any) -> list[str]:
        return [ip.ip_address for ip in list_ips(elb, demo.LB_IP_TARGETS, **query)]

    assert listed() == [ipv4, ipv6]
    assert listed(ip_address=[ipv6]) == [ipv6]
    assert listed(ip_address=[ipv4, ipv6.replace("::", ":0::")]) == [ipv4, ipv6]
    assert listed(ip_address=["10.0.0.1"]) == []
    assert listed(enable=True) == [ipv4]
    assert listed(enable=False) == [ipv6]
    assert listed(type=["vip"]) == [ipv4, ipv6]
    assert listed(type=["eip"]) == []
    assert listed(type=["eip", "vip"]) == [ipv4, ipv6]
    assert listed(domain_name=[name]) == [ipv4, ipv6]
    assert listed(domain_name=[public_name(demo.LB_IP_TARGETS)]) == []
    assert listed(enterprise_project_id=["0"]) == [ipv4, ipv6]
    assert listed(enterprise_project_id=["ep-1"]) == []
    assert listed(enterprise_project_id=["ep-1", "all_granted_eps"]) == [ipv4, ipv6]
    assert listed(enable=True, ip_address=[ipv6]) == []


def test_the_list_knows_every_filter_of_the_sdks_request() -> None:
    paging = {"loadbalancer_id", "marker", "limit", "page_reverse"}

    assert set(DOMAIN_IP_LIST.keys) == set(ListDomainIPsRequest.openapi_types) - paging


def test_list_filters_take_repeated_and_comma_separated_values(
    http: httpx.Client, dual: tuple[str, str]
) -> None:
    ipv4, ipv6 = dual
    url = f"{dns_url(demo.LB_IP_TARGETS)}/ips"

    def listed(params: list[tuple[str, str]]) -> list[str]:
        body = assert_ok_response(http.get(url, params=params))
        return [ip["ip_address"] for ip in body["ips"]]

    assert listed([("ip_address", ipv4), ("ip_address", ipv6)]) == [ipv4, ipv6]
    assert listed([("ip_address", f"{ipv4},{ipv6}")]) == [ipv4, ipv6]
    assert listed([("type", "eip,vip")]) == [ipv4, ipv6]
    assert listed([("enable", "false")]) == [ipv6]
    assert listed([("unknown", "x")]) == [ipv4, ipv6]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param("type=public", "type", id="type"),
        pytest.param("enable=yes", "enable", id="enable"),
        pytest.param("ip_address=192.168.2", "ip_address", id="ip-address"),
        pytest.param(f"marker={demo.UNKNOWN_ID}", "marker", id="unknown-marker"),
        pytest.param("limit=2001", "limit", id="limit"),
        pytest.param("page_reverse=maybe", "page_reverse", id="page-reverse"),
    ],
)
def test_list_refuses_bad_filters(
    http: httpx.Client, dual: tuple[str, str], query: str, field: str
) -> None:
    response = http.get(f"{dns_url(demo.LB_IP_TARGETS)}/ips?{query}")

    assert_error_response(response, 400, INVALID_INPUT, field)


def test_list_pages(elb: Any, http: httpx.Client, dual: tuple[str, str]) -> None:
    ipv4, ipv6 = dual
    url = f"{dns_url(demo.LB_IP_TARGETS)}/ips"
    ids = [item["id"] for item in dns_state(http)[0]["ips"]]

    first = elb.list_domain_i_ps(ListDomainIPsRequest(loadbalancer_id=demo.LB_IP_TARGETS, limit=1))
    assert [ip.ip_address for ip in first.ips] == [ipv4]
    assert (first.page_info.previous_marker, first.page_info.next_marker) == (ids[0], ids[0])
    second = elb.list_domain_i_ps(
        ListDomainIPsRequest(
            loadbalancer_id=demo.LB_IP_TARGETS, limit=1, marker=first.page_info.next_marker
        )
    )
    assert [ip.ip_address for ip in second.ips] == [ipv6]
    assert (second.page_info.previous_marker, second.page_info.next_marker) == (ids[1], None)

    back = assert_ok_response(http.get(url, params={"limit": 1, "page_reverse": "true"}))
    assert [ip["ip_address"] for ip in back["ips"]] == [ipv6]
    assert back["page_info"] == {
        "previous_marker": ids[1],
        "next_marker": ids[1],
        "current_count": 1,
    }
    before = assert_ok_response(
        http.get(url, params={"limit": 1, "page_reverse": "true", "marker": ids[1]})
    )
    assert [ip["ip_address"] for ip in before["ips"]] == [ipv4]
    assert before["page_info"] == {"previous_marker": ids[0], "current_count": 1}

    assert list_ips(elb, demo.LB_IP_TARGETS, limit=0) == []


def test_a_marker_must_be_a_shown_address_of_the_load_balancer(
    elb: Any, http: httpx.Client, dual: tuple[str, str]
) -> None:
    system_config(elb, demo.LB, private_domain_name_enable=True)
    lb_row = next(item for item in dns_state(http) if item["loadbalancer_id"] == demo.LB)

    response = http.get(
        f"{dns_url(demo.LB_IP_TARGETS)}/ips", params={"marker": lb_row["ips"][0]["id"]}
    )

    assert_error_response(response, 400, INVALID_INPUT, "marker")


# --- the resolution follows the load balancer ----------------------------------------------


def test_the_resolution_follows_the_vips(elb: Any, http: httpx.Client) -> None:
    system_config(elb, private_domain_name_enable=True)
    disable_ips(elb, demo.LB, LB_VIP)

    update_load_balancer(elb, demo.LB, vip_address="192.168.0.150")

    # the new address starts in the resolution; the old one's flag went with it
    assert addresses(list_ips(elb)) == [("192.168.0.150", True)]
    assert_refused(lambda: enable_ips(elb, demo.LB, LB_VIP), 400, INVALID_INPUT, LB_VIP)

    # the dual-stack load balancer loses its IPv6 VIP
    system_config(elb, demo.LB_IP_TARGETS, private_domain_name_enable=True)
    unbound = http.put(
        f"{ELB}/loadbalancers/{demo.LB_IP_TARGETS}",
        json={"loadbalancer": {"ipv6_vip_virsubnet_id": None}},
    )
    assert_ok_response(unbound)
    assert addresses(list_ips(elb, demo.LB_IP_TARGETS)) == [(DUAL_VIP, True)]
    rows = next(item for item in dns_state(http) if item["loadbalancer_id"] == demo.LB_IP_TARGETS)
    assert [ip["ip_address"] for ip in rows["ips"]] == [DUAL_VIP]


def test_a_load_balancer_without_a_vip_has_no_address_until_it_gets_one(elb: Any) -> None:
    lb_id = create_load_balancer(elb, vpc_id=demo.VPC).id
    system_config(elb, lb_id, private_domain_name_enable=True)
    assert list_ips(elb, lb_id) == []

    vip = update_load_balancer(elb, lb_id, vip_subnet_cidr_id=demo.SUBNET_2).vip_address

    (ip,) = list_ips(elb, lb_id)
    assert (ip.ip_address, ip.enable, ip.domain_name) == (vip, True, private_name(lb_id))


def test_deleting_the_load_balancer_removes_its_resolution(elb: Any, http: httpx.Client) -> None:
    lb_id = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET_2).id
    system_config(elb, lb_id, private_domain_name_enable=True)
    system_config(elb, demo.LB, private_domain_name_enable=True)

    delete_load_balancer(elb, lb_id)

    assert [item["loadbalancer_id"] for item in dns_state(http)] == [demo.LB]
    assert_refused(lambda: list_ips(elb, lb_id), 404, NOT_FOUND, f"loadbalancer {lb_id}")


# --- the raw bodies ------------------------------------------------------------------------


def test_the_raw_bodies_carry_every_field_of_the_models(http: httpx.Client) -> None:
    url = dns_url(demo.LB_IP_TARGETS)
    nullable = ("public_domain_name", "private_domain_name", "public_dns_zone_name")

    system = assert_ok_response(
        http.post(f"{url}/system-default-config", json={"loadbalancer": {}})
    )
    assert_json_model(system["loadbalancer"], DnsConfigResponseBody, nullable=nullable)
    user = assert_ok_response(
        http.post(
            f"{url}/user-defined-config",
            json={
                "loadbalancer": {
                    "private_domain_name_enable": True,
                    "private_dns_zone_name": "int.example.com",
                }
            },
        )
    )
    assert_json_model(user["loadbalancer"], DnsConfigResponseBody, nullable=nullable)
    assert set(user) == {"loadbalancer", "request_id"}

    listed = assert_ok_response(http.get(f"{url}/ips"))
    assert_json_model(listed, ListDomainIPsResponse)
    assert len(listed["ips"]) == 2
    body = {"ips": [{"ip_address": DUAL_VIP}]}
    for action, model in (
        ("batch-disable", BatchDisableDomainIPsResponse),
        ("batch-enable", BatchEnableDomainIPsResponse),
    ):
        answered = assert_ok_response(http.post(f"{url}/ips/{action}", json=body))
        assert_json_model(answered, model)
        assert set(answered) == {"ips", "request_id"}
        assert answered["ips"][0]["enable"] is (action == "batch-enable")


# --- seeds ---------------------------------------------------------------------------------

SEED_BASE: dict[str, Any] = {
    "project_id": "0123456789abcdef0123456789abcdef",
    "availability_zones": [{"code": "ap-southeast-1a"}],
    "vpcs": [{"id": "vpc-1", "cidr": "10.0.0.0/16"}],
    "subnets": [
        {"id": "net-1", "vpc_id": "vpc-1", "cidr": "10.0.0.0/24", "neutron_subnet_id": "sub-1"}
    ],
    "loadbalancers": [
        {
            "id": "lb-1",
            "vpc_id": "vpc-1",
            "vip_subnet_cidr_id": "sub-1",
            "vip_address": "10.0.0.10",
            "availability_zone_list": ["ap-southeast-1a"],
        }
    ],
}


def seed_with(*configs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    text = yaml.safe_dump({**SEED_BASE, "loadbalancer_dns": list(configs)})
    return dict(build_snapshot([("seed.yaml", parse_seed(text, source="seed.yaml"))]))


def test_a_seeded_resolution_is_the_load_balancers() -> None:
    tables = seed_with(
        {
            "loadbalancer_id": "lb-1",
            "private_domain_name_enable": True,
            "private_dns_zone_name": "int.example.com",
            "ips": [{"id": "ip-1", "ip_address": "10.0.0.10", "enable": False}],
            "created_at": "2025-01-02T03:04:05Z",
        }
    )

    (config,) = tables["loadbalancer_dns"]
    assert (config["loadbalancer_id"], config["project_id"]) == ("lb-1", SEED_BASE["project_id"])
    assert (config["private_domain_name_enable"], config["private_dns_zone_name"]) == (
        True,
        "int.example.com",
    )
    assert config["created_at"] == "2025-01-02T03:04:05Z"
    (ip,) = tables["loadbalancer_dns_ips"]
    assert (ip["id"], ip["ip_address"], ip["type"], ip["enable"]) == (
        "ip-1",
        "10.0.0.10",
        "vip",
        False,
    )


def test_a_seeded_address_left_out_is_in_the_resolution() -> None:
    tables = seed_with({"loadbalancer_id": "lb-1"})

    (config,) = tables["loadbalancer_dns"]
    assert (config["public_domain_name_enable"], config["private_domain_name_enable"]) == (
        False,
        False,
    )
    (ip,) = tables["loadbalancer_dns_ips"]
    assert (ip["ip_address"], ip["enable"]) == ("10.0.0.10", True)


@pytest.mark.parametrize(
    ("configs", "message"),
    [
        pytest.param(
            [{"loadbalancer_id": "lb-9"}], "the load balancer is not declared", id="no-lb"
        ),
        pytest.param(
            [{"loadbalancer_id": "lb-1", "ips": [{"id": "a", "ip_address": "10.0.0.11"}]}],
            "10.0.0.11 is not an IP address of the load balancer",
            id="not-its-address",
        ),
        pytest.param(
            [{"loadbalancer_id": "lb-1", "ips": [{"id": "a", "ip_address": "ten"}]}],
            "'ten' is not an IP address",
            id="no-address",
        ),
        pytest.param(
            [
                {
                    "loadbalancer_id": "lb-1",
                    "ips": [
                        {"id": "a", "ip_address": "10.0.0.10"},
                        {"id": "b", "ip_address": "10.0.0.10"},
                    ],
                }
            ],
            "10.0.0.10 is declared twice",
            id="address-twice",
        ),
        pytest.param(
            [{"loadbalancer_id": "lb-1"}, {"loadbalancer_id": "lb-1"}],
            "loadbalancer_dns lb-1 is declared twice",
            id="twice",
        ),
        pytest.param(
            [{"loadbalancer_id": "lb-1", "public_domain_name_enable": True}],
            "public_dns_zone_name",
            id="name-on-without-zone",
        ),
    ],
)
def test_a_seeded_resolution_breaking_a_rule_is_refused(
    configs: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(SeedError, match=message):
        seed_with(*configs)


def test_a_seeded_resolution_makes_its_names_in_the_load_balancers_region(
    mockelb: MockElbServer, http: httpx.Client
) -> None:
    document = {
        **SEED_BASE,
        "project_id": demo.PROJECT,
        "subnets": [
            {"id": "net-1", "vpc_id": "vpc-1", "cidr": "10.0.0.0/24", "neutron_subnet_id": "sub-1"}
        ],
        "loadbalancer_dns": [
            {
                "loadbalancer_id": "lb-1",
                "private_domain_name_enable": True,
                "private_dns_zone_name": SYSTEM_ZONE,
            }
        ],
    }
    loaded = http.post("/_mockelb/state", json=document)
    assert loaded.status_code == 200, loaded.text

    body = assert_ok_response(http.get(f"{dns_url('lb-1')}/ips"))

    assert [(ip["ip_address"], ip["domain_name"]) for ip in body["ips"]] == [
        ("10.0.0.10", private_name("lb-1", region="ap-southeast-1"))
    ]
