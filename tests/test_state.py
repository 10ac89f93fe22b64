"""The state as a seed document: GET /_mockelb/state, a server started on it, POST
/_mockelb/state (all or nothing), per-project reset, and `mockelb state export|import`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import (
    ListAllMembersRequest,
    ListAvailabilityZonesRequest,
    ListFlavorsRequest,
    ListHealthMonitorsRequest,
    ListListenersRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    ListPoolsRequest,
    ListQuotaDetailsRequest,
    ShowListenerRequest,
    ShowLoadBalancerRequest,
    ShowLoadBalancerStatusRequest,
    ShowMemberRequest,
    ShowPoolRequest,
    ShowQuotaRequest,
)
from huaweicloudsdkvpc.v2 import ListSubnetsRequest, ListVpcsRequest, ShowSubnetRequest
from starlette.testclient import TestClient

from mockelb.cli import main
from mockelb.models import Base
from mockelb.seed import SeedDocument, SeedError, build_snapshot, parse_seed
from mockelb.state import EXPORTED_TABLES
from mockelb.testing import MockElbClient, make_elb_client, make_vpc_client
from tests import demo
from tests.certificates import ca_certificate, server_certificate
from tests.error_codes import AUTHENTICATION_FAILED, CONFLICT, INVALID_INPUT
from tests.factories import (
    GATEWAY_DOCUMENT,
    GATEWAY_LB,
    add_members,
    create_health_monitor,
    create_listener,
    create_load_balancer,
    create_member_check_job,
    create_pool,
    delete_pool,
    update_listener,
    update_member,
)
from tests.sdk_checks import assert_error_response, assert_ok_response
from tests.serve import ServerProcess

ADMIN_TOKEN = "state-admin-token"
ELB = f"/v3/{demo.PROJECT}/elb"
# a second project, loaded at run time through POST /_mockelb/state
OTHER = "0f0e0d0c0b0a09080706050403020100"
OTHER_VPC = "5a5a5a5a-0000-4000-8000-000000000001"
OTHER_NETWORK = "5a5a5a5a-0000-4000-8000-000000000002"
OTHER_SUBNET = "5a5a5a5a-0000-4000-8000-000000000003"
OTHER_LB = "5a5a5a5a-0000-4000-8000-000000000004"
OTHER_POOL = "5a5a5a5a-0000-4000-8000-000000000005"
OTHER_CREDENTIAL = {
    "access_key": "OTHERACCESSKEY",
    "secret_key": "other-secret",
    "project_id": OTHER,
}
OTHER_LISTENER = "5a5a5a5a-0000-4000-8000-000000000006"
OTHER_MONITOR = "5a5a5a5a-0000-4000-8000-000000000007"
PENDING_LB = "5a5a5a5a-0000-4000-8000-000000000008"


def other_project(**extra: Any) -> dict[str, Any]:
    """A seed document for project OTHER: a VPC, a subnet, a load balancer with a listener,
    a pool with two members and a monitor, a credential, and a project-only flavor."""
    return {
        "project_id": OTHER,
        "projects": [{"id": OTHER, "quotas": {"loadbalancer": 3}}],
        "credentials": [OTHER_CREDENTIAL],
        "flavors": [{"id": "other-flavor", "name": "L4.other", "type": "L4", "project_id": OTHER}],
        "vpcs": [{"id": OTHER_VPC, "name": "other-vpc", "cidr": "10.20.0.0/16"}],
        "subnets": [
            {
                "id": OTHER_NETWORK,
                "vpc_id": OTHER_VPC,
                "cidr": "10.20.1.0/24",
                "neutron_subnet_id": OTHER_SUBNET,
            }
        ],
        "loadbalancers": [
            {
                "id": OTHER_LB,
                "vpc_id": OTHER_VPC,
                "vip_subnet_cidr_id": OTHER_SUBNET,
                "availability_zone_list": [demo.AZ_1],
            }
        ],
        "listeners": [
            {
                "id": OTHER_LISTENER,
                "loadbalancer_id": OTHER_LB,
                "protocol": "TCP",
                "protocol_port": 80,
                "default_pool_id": OTHER_POOL,  # declared below: bound once the pools exist
            }
        ],
        "pools": [
            {
                "id": OTHER_POOL,
                "protocol": "TCP",
                "lb_algorithm": "ROUND_ROBIN",
                "loadbalancer_id": OTHER_LB,
            }
        ],
        "members": [
            {
                "pool_id": OTHER_POOL,
                "address": f"10.20.1.{n}",
                "protocol_port": 80,
                "subnet_cidr_id": OTHER_SUBNET,
            }
            for n in (10, 11)
        ],
        "healthmonitors": [
            {"id": OTHER_MONITOR, "pool_id": OTHER_POOL, "type": "TCP", "delay": 5}
            | {"timeout": 3, "max_retries": 3}
        ],
        **extra,
    }


def with_part(part: dict[str, Any]) -> dict[str, Any]:
    """other_project() with the items of `part` added after its own."""
    document = other_project()
    for key, items in part.items():
        document[key] = [*document.get(key, []), *items]
    return document


def without_request_id(answer: Any) -> dict[str, Any]:
    data: dict[str, Any] = answer.to_json_object()
    data.pop("request_id", None)
    return data


# --- a state saved from one server and served by another --------------------------------


def build_state(url: str) -> None:
    """Resources of every kind, changed after their creation, through the SDK and the admin
    API: a dual-stack load balancer, a listener bound to a pool after both exist, members
    (one updated, one with a forced health), a monitor, a second project, a load balancer
    with statuses no API call sets."""
    elb = make_elb_client(url)
    lb = create_load_balancer(
        elb,
        name="saved",
        vpc_id=demo.VPC,
        vip_subnet_cidr_id=demo.DUALSTACK_SUBNET,
        ipv6_vip_virsubnet_id=demo.DUALSTACK_NETWORK,
        ip_target_enable=True,
        # an L7 flavor alone (no default for L4): what its HTTP listener needs
        l7_flavor_id=demo.L7_FLAVOR_2,
    )
    listener = create_listener(elb, loadbalancer_id=lb.id, protocol="HTTP", protocol_port=8080)
    pool = create_pool(elb, protocol="HTTP", loadbalancer_id=lb.id, name="saved-pool")
    update_listener(elb, listener.id, default_pool_id=pool.id, keepalive_timeout=120)
    members = add_members(
        elb,
        pool.id,
        {"address": "192.168.2.10", "protocol_port": 80, "subnet_cidr_id": demo.DUALSTACK_SUBNET},
        {"address": "10.8.0.7", "protocol_port": 8080, "name": "ip-member", "weight": 7},
    )
    update_member(elb, pool.id, members[0].id, name="renamed", weight=3)
    create_health_monitor(elb, pool_id=pool.id, type="HTTP", url_path="/health")
    admin = MockElbClient(url)
    admin.set_member_health(members[1].id, "OFFLINE")
    create_member_check_job(elb, members[1].id, listener.id, "all")
    pending = {
        "id": PENDING_LB,
        "project_id": demo.PROJECT,
        "vpc_id": demo.VPC,
        "vip_subnet_cidr_id": demo.SUBNET,
        "availability_zone_list": [demo.AZ_2],
        "provisioning_status": "PENDING_DELETE",
        "operating_status": "FROZEN",
        "vip_port_id": "5a5a5a5a-0000-4000-8000-0000000000ff",
        "created_at": "2024-02-03T04:05:06Z",
        "updated_at": "2024-02-03T04:05:07Z",
    }
    admin.load_state(with_part({"loadbalancers": [pending]}))


@pytest.fixture(scope="module")
def source() -> Iterator[str]:
    """A server with the demo data and build_state's resources."""
    with ServerProcess() as server:
        build_state(server.url)
        yield server.url


@pytest.fixture(scope="module")
def dump(source: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GET /_mockelb/state of the source, saved as a seed file."""
    path = tmp_path_factory.mktemp("state") / "dump.json"
    path.write_bytes(httpx.get(f"{source}/_mockelb/state", timeout=10).content)
    return path


@pytest.fixture(scope="module")
def copy(dump: Path) -> Iterator[str]:
    """A server started on the dump alone; strict: only the dump's credentials get in."""
    args = ("--no-demo", "--seed", str(dump), "--auth", "strict", "--admin-token", ADMIN_TOKEN)
    with ServerProcess(*args) as server:
        yield server.url


def state_of(url: str, **params: str) -> dict[str, Any]:
    response = httpx.get(
        f"{url}/_mockelb/state", params=params, headers={"X-Admin-Token": ADMIN_TOKEN}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.slow  # server subprocesses
def test_a_server_started_on_the_state_holds_the_same_state(source: str, copy: str) -> None:
    original = state_of(source)

    assert state_of(copy) == original
    assert len(original["members"]) == 4 and original["member_health"]
    assert original["member_check_jobs"]


@pytest.mark.slow  # server subprocesses
def test_the_state_is_the_document_alone_with_its_request_id_in_the_header(source: str) -> None:
    response = httpx.get(f"{source}/_mockelb/state")

    assert response.status_code == 200
    assert "request_id" not in response.json()
    SeedDocument.model_validate(response.json())
    assert len(response.headers["X-Request-Id"]) == 32


Reader = Callable[[Any, Any], Any]


def _each(elb: Any, list_call: str, request: Any, key: str, show: Callable[[str], Any]) -> Any:
    """Every resource of a list, as show_* answers it."""
    items = getattr(getattr(elb, list_call)(request), key)
    assert items
    return {item.id: without_request_id(show(item.id)) for item in items}


READERS: dict[str, Reader] = {
    "list_load_balancers": lambda elb, vpc: elb.list_load_balancers(ListLoadBalancersRequest()),
    "show_load_balancer": lambda elb, vpc: _each(
        elb,
        "list_load_balancers",
        ListLoadBalancersRequest(),
        "loadbalancers",
        lambda i: elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=i)),
    ),
    "show_load_balancer_status": lambda elb, vpc: _each(
        elb,
        "list_load_balancers",
        ListLoadBalancersRequest(),
        "loadbalancers",
        lambda i: elb.show_load_balancer_status(ShowLoadBalancerStatusRequest(loadbalancer_id=i)),
    ),
    "show_listener": lambda elb, vpc: _each(
        elb,
        "list_listeners",
        ListListenersRequest(),
        "listeners",
        lambda i: elb.show_listener(ShowListenerRequest(listener_id=i)),
    ),
    "show_pool": lambda elb, vpc: _each(
        elb,
        "list_pools",
        ListPoolsRequest(),
        "pools",
        lambda i: elb.show_pool(ShowPoolRequest(pool_id=i)),
    ),
    "list_members": lambda elb, vpc: {
        pool.id: without_request_id(elb.list_members(ListMembersRequest(pool_id=pool.id)))
        for pool in elb.list_pools(ListPoolsRequest()).pools
    },
    "show_member": lambda elb, vpc: {
        member.id: without_request_id(
            elb.show_member(ShowMemberRequest(pool_id=member.pool_id, member_id=member.id))
        )
        for member in elb.list_all_members(ListAllMembersRequest()).members
    },
    "list_health_monitors": lambda elb, vpc: elb.list_health_monitors(ListHealthMonitorsRequest()),
    "show_quota": lambda elb, vpc: elb.show_quota(ShowQuotaRequest()),
    "list_quota_details": lambda elb, vpc: elb.list_quota_details(ListQuotaDetailsRequest()),
    "list_availability_zones": lambda elb, vpc: elb.list_availability_zones(
        ListAvailabilityZonesRequest()
    ),
    "list_flavors": lambda elb, vpc: elb.list_flavors(ListFlavorsRequest()),
    "list_vpcs": lambda elb, vpc: vpc.list_vpcs(ListVpcsRequest()),
    "show_subnet": lambda elb, vpc: {
        subnet.id: without_request_id(vpc.show_subnet(ShowSubnetRequest(subnet_id=subnet.id)))
        for subnet in vpc.list_subnets(ListSubnetsRequest()).subnets
    },
}


@pytest.mark.slow  # server subprocesses
@pytest.mark.parametrize("project", [demo.PROJECT, OTHER], ids=["demo", "other"])
@pytest.mark.parametrize("operation", list(READERS))
def test_the_sdk_reads_the_same_from_both_servers(
    source: str, copy: str, operation: str, project: str
) -> None:
    keys = OTHER_CREDENTIAL if project == OTHER else {}
    clients = {
        url: (
            make_elb_client(url, project, **_keys(keys)),
            make_vpc_client(url, project, **_keys(keys)),
        )
        for url in (source, copy)
    }
    read = READERS[operation]

    original = _plain(read(*clients[source]))
    copied = _plain(read(*clients[copy]))

    assert copied == original
    assert any(original.values())  # something was compared


def _plain(answer: Any) -> dict[str, Any]:
    return answer if isinstance(answer, dict) else without_request_id(answer)


def _keys(credential: dict[str, str]) -> dict[str, str]:
    if not credential:
        return {}
    return {"access_key": credential["access_key"], "secret_key": credential["secret_key"]}


@pytest.mark.slow  # server subprocesses
def test_the_copy_keeps_what_no_api_call_sets(copy: str) -> None:
    elb = make_elb_client(copy)

    lb = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=PENDING_LB)).loadbalancer

    assert (lb.provisioning_status, lb.operating_status) == ("PENDING_DELETE", "FROZEN")
    assert (lb.created_at, lb.updated_at) == ("2024-02-03T04:05:06Z", "2024-02-03T04:05:07Z")
    assert lb.vip_port_id == "5a5a5a5a-0000-4000-8000-0000000000ff"


@pytest.mark.slow  # server subprocesses
def test_the_state_of_one_project_is_that_projects_alone(source: str) -> None:
    state = state_of(source, project_id=OTHER)

    assert [vpc["id"] for vpc in state["vpcs"]] == [OTHER_VPC]
    assert [flavor["id"] for flavor in state["flavors"]] == ["other-flavor"]
    assert state["credentials"] == [OTHER_CREDENTIAL]
    assert state["projects"] == [{"id": OTHER, "quotas": {"loadbalancer": 3}}]
    assert state["availability_zones"] == []  # the region's
    assert {member["pool_id"] for member in state["members"]} == {OTHER_POOL}


def test_every_table_is_in_the_state() -> None:
    assert {table.name for table in Base.metadata.sorted_tables} == EXPORTED_TABLES


# --- `mockelb state export|import` ------------------------------------------------------


@pytest.mark.slow  # command subprocesses
def test_state_export_prints_the_state(
    source: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOCKELB_URL", source)

    assert main(["state", "export", "--project-id", OTHER]) == 0

    assert json.loads(capsys.readouterr().out) == state_of(source, project_id=OTHER)


@pytest.mark.slow  # command subprocesses
def test_state_export_sends_the_admin_token(
    copy: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MOCKELB_ADMIN_TOKEN", raising=False)
    assert main(["state", "export", "--url", copy]) == 1
    assert f"{AUTHENTICATION_FAILED}, HTTP 401" in capsys.readouterr().err

    monkeypatch.setenv("MOCKELB_ADMIN_TOKEN", ADMIN_TOKEN)
    assert main(["state", "export", "--url", copy]) == 0
    assert json.loads(capsys.readouterr().out) == state_of(copy)


@pytest.mark.slow  # command subprocesses
def test_state_import_loads_a_yaml_file(
    mockelb: MockElbClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(json.dumps(other_project()))  # JSON is YAML

    assert main(["state", "import", "--url", mockelb.url, str(path)]) == 0

    out = capsys.readouterr().out
    assert out.startswith("mockelb: loaded ") and "members=2" in out
    assert [vpc["id"] for vpc in mockelb.state(OTHER)["vpcs"]] == [OTHER_VPC]


@pytest.mark.slow  # command subprocesses
def test_state_import_that_the_server_refuses_exits_1_with_its_message(
    mockelb: MockElbClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "clash.json"
    path.write_text(
        json.dumps({"vpcs": [{"id": demo.VPC, "project_id": OTHER, "cidr": "10.0.0.0/8"}]})
    )

    assert main(["state", "import", "--url", mockelb.url, str(path)]) == 1

    err = capsys.readouterr().err
    assert f"vpc {demo.VPC} already exists" in err and INVALID_INPUT in err


@pytest.mark.slow  # command subprocesses
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["state", "import"], "FILE", id="no-file"),
        pytest.param(["state", "import", "/nonexistent/d.json"], "cannot read", id="no-such-file"),
        pytest.param(["state"], "action", id="no-action"),
    ],
)
def test_state_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code  # type: ignore[assignment]

    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("mockelb: error: ") and message in err


@pytest.mark.slow  # command subprocesses
def test_state_export_of_an_unreachable_server_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["state", "export", "--url", "http://127.0.0.1:9"]) == 1
    assert "cannot reach http://127.0.0.1:9/_mockelb/state" in capsys.readouterr().err


# --- POST /_mockelb/state ---------------------------------------------------------------


def test_import_adds_the_documents_resources(mockelb: MockElbClient) -> None:
    response = httpx.post(f"{mockelb.url}/_mockelb/state", json=other_project())

    body = assert_ok_response(response)
    assert body["status"] == "loaded"
    assert body["loaded"] == {
        "flavors": 1,
        "projects": 1,
        "credentials": 1,
        "vpcs": 1,
        "subnets": 1,
        "loadbalancers": 1,
        "listeners": 1,
        "pools": 1,
        "members": 2,
        "healthmonitors": 1,
    }
    elb = make_elb_client(mockelb.url, OTHER)
    members = elb.list_members(ListMembersRequest(pool_id=OTHER_POOL)).members
    assert sorted(member.address for member in members) == ["10.20.1.10", "10.20.1.11"]


EXTRA_POOL = {"id": "extra-pool", "protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "type": "ip"}
# what is added to the valid other_project(), and what the 400 names
REFUSALS = [
    pytest.param(
        {"subnets": [{"id": "net-x", "vpc_id": "vpc-missing", "cidr": "10.0.0.0/24"}]},
        "subnet net-x: vpc vpc-missing is not declared",
        id="unknown-reference",
    ),
    pytest.param(
        {"pools": [{**EXTRA_POOL, "id": demo.POOL}]},
        f"pool {demo.POOL} already exists",
        id="id-clash",
    ),
    pytest.param(
        {"pools": [{**EXTRA_POOL, "id": OTHER_POOL}]},
        f"pool {OTHER_POOL} is declared twice",
        id="id-twice",
    ),
    pytest.param(
        {"projects": [{"id": OTHER, "quotas": {"pool": 1}}], "pools": [EXTRA_POOL]},
        "pool extra-pool: Quota exceeded",
        id="quota",
    ),
    pytest.param(
        {
            "listeners": [
                {
                    "id": "dup",
                    "project_id": demo.PROJECT,
                    "loadbalancer_id": demo.LB,
                    "protocol": "TCP",
                    "protocol_port": 80,
                }
            ]
        },
        "listener dup: ",
        id="api-rule",
    ),
    pytest.param({"routers": []}, "routers", id="unknown-key"),
    pytest.param(
        {"loadbalancers": [{"id": "x", "availability_zone_list": ["az"], "created_at": "today"}]},
        "loadbalancers[1].created_at",
        id="bad-time",
    ),
]


@pytest.mark.parametrize(("part", "problem"), REFUSALS)
def test_import_of_a_document_that_breaks_a_rule_loads_nothing(
    mockelb: MockElbClient, part: dict[str, Any], problem: str
) -> None:
    before = mockelb.state()

    response = httpx.post(f"{mockelb.url}/_mockelb/state", json=with_part(part))

    assert_error_response(response, 400, INVALID_INPUT, problem)
    assert mockelb.state() == before


def test_reset_forgets_what_was_imported(mockelb: MockElbClient) -> None:
    start = mockelb.state()
    mockelb.load_state(other_project())

    mockelb.reset()

    assert mockelb.state() == start


# --- reset of one project ---------------------------------------------------------------


def test_reset_of_a_project_puts_back_its_resources_alone(mockelb: MockElbClient) -> None:
    start = mockelb.state(demo.PROJECT)
    elb = make_elb_client(mockelb.url)
    add_members(elb, demo.POOL, {"address": "192.168.0.10", "protocol_port": 81} | _subnet())
    delete_pool(elb, demo.POOL_STANDALONE)
    mockelb.load_state(other_project(availability_zones=[{"code": "region-az"}]))
    other = mockelb.state(OTHER)

    mockelb.reset(demo.PROJECT)

    assert mockelb.state(demo.PROJECT) == start
    assert mockelb.state(OTHER) == other
    zones = [zone["code"] for zone in mockelb.state()["availability_zones"]]
    assert "region-az" in zones  # the region's rows stay


def test_reset_of_a_project_missing_from_the_start_up_data_empties_it(
    mockelb: MockElbClient,
) -> None:
    mockelb.load_state(other_project())

    mockelb.reset(OTHER)

    assert all(items == [] for items in mockelb.state(OTHER).values())
    assert mockelb.state(demo.PROJECT)["pools"]  # the demo project is untouched


@pytest.mark.parametrize("project_id", ["", "x" * 65], ids=["empty", "too-long"])
def test_reset_refuses_a_malformed_project_id(mockelb: MockElbClient, project_id: str) -> None:
    response = httpx.post(f"{mockelb.url}/_mockelb/reset", params={"project_id": project_id})

    assert_error_response(response, 400, INVALID_INPUT, "project_id")


def test_reset_of_a_project_whose_start_up_id_was_taken_is_a_conflict(
    mockelb: MockElbClient,
) -> None:
    # a demo pool is deleted, and its id then given to a pool of another project
    delete_pool(make_elb_client(mockelb.url), demo.POOL_STANDALONE)
    mockelb.load_state(with_part({"pools": [{**EXTRA_POOL, "id": demo.POOL_STANDALONE}]}))

    response = httpx.post(f"{mockelb.url}/_mockelb/reset", params={"project_id": demo.PROJECT})

    assert_error_response(response, 409, CONFLICT, f"Project {demo.PROJECT} cannot be reset")
    assert mockelb.state(OTHER)["pools"][-1]["id"] == demo.POOL_STANDALONE


def _subnet() -> dict[str, str]:
    return {"subnet_cidr_id": demo.SUBNET}


# --- the seed fields a state needs ------------------------------------------------------


def test_a_state_reached_through_the_api_comes_back_exactly(app_client: TestClient) -> None:
    """Listeners of every protocol, pools of every kind, updates, forced health and a
    cascade delete keeping its pools: rebuilt from the document, every row is the same."""
    build_rich_state(app_client)
    document = app_client.get("/_mockelb/state").json()

    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])

    assert rebuilt == app_client.app.state.database.snapshot()  # type: ignore[attr-defined]


def build_l7_policies(client: TestClient, lb: str, http_listener: str, pool: str) -> None:
    """Forwarding policies of each action, with rules (one pair alike: ERROR, kept after
    the older one goes), changed after create: priorities, a rule update, a policy update;
    a traffic mirror; priorities shared from before advanced forwarding."""

    def call(method: str, path: str, body: dict[str, Any], status: int) -> dict[str, Any]:
        response = client.request(method, f"{ELB}{path}", json=body or None)
        assert response.status_code == status, response.text
        return dict(response.json()) if status != 204 else {}

    def policy(body: dict[str, Any]) -> str:
        return str(call("POST", "/l7policies", {"l7policy": body}, 201)["l7policy"]["id"])

    enhanced = call(
        "POST",
        "/listeners",
        {
            "listener": {
                "loadbalancer_id": lb,
                "protocol": "HTTP",
                "protocol_port": 8081,
                "enhance_l7policy_enable": True,
            }
        },
        201,
    )["listener"]["id"]
    path_rule = {"type": "PATH", "compare_type": "STARTS_WITH", "value": "/api"}
    first = policy(
        {
            "action": "REDIRECT_TO_POOL",
            "listener_id": http_listener,
            "redirect_pool_id": pool,
            "name": "first",
            "rules": [path_rule],
        }
    )
    twin = policy(
        {
            "action": "REDIRECT_TO_POOL",
            "listener_id": http_listener,
            "redirect_pool_id": pool,
            "rules": [path_rule],
        }
    )
    call(
        "POST",
        f"/l7policies/{twin}/rules",
        {"rule": {"type": "HOST_NAME", "compare_type": "EQUAL_TO", "value": "a.example.com"}},
        201,
    )
    fixed = policy(
        {
            "action": "FIXED_RESPONSE",
            "listener_id": enhanced,
            "priority": 5,
            "fixed_response_config": {"status_code": "404", "message_body": "none"},
            "rules": [
                {
                    "type": "HEADER",
                    "compare_type": "EQUAL_TO",
                    "conditions": [{"key": "X-A", "value": "1"}],
                }
            ],
        }
    )
    policy(
        {
            "action": "REDIRECT_TO_URL",
            "listener_id": enhanced,
            "redirect_url_config": {"host": "b.example.com", "status_code": "308"},
        }
    )
    weighted = policy(
        {
            "action": "REDIRECT_TO_POOL",
            "listener_id": enhanced,
            "redirect_pools_config": [{"pool_id": pool, "weight": "40"}],
            "redirect_pools_sticky_session_config": {"enable": True, "timeout": 30},
            "redirect_pools_extend_config": {
                "rewrite_url_enable": True,
                "rewrite_url_config": {"path": "/v2"},
                "traffic_mirror_config": {"target_ids": [pool]},
            },
        }
    )
    # two policies made without advanced forwarding keep their shared priority 1 when
    # the listener turns it on
    later = call(
        "POST",
        "/listeners",
        {"listener": {"loadbalancer_id": lb, "protocol": "HTTP", "protocol_port": 8082}},
        201,
    )["listener"]["id"]
    for path in ("/a", "/b"):
        policy(
            {
                "action": "REDIRECT_TO_POOL",
                "listener_id": later,
                "redirect_pool_id": pool,
                "rules": [{"type": "PATH", "compare_type": "EQUAL_TO", "value": path}],
            }
        )
    call("PUT", f"/listeners/{later}", {"listener": {"enhance_l7policy_enable": True}}, 200)
    call(
        "POST",
        "/l7policies/batch-update-priority",
        {"l7policies": [{"id": fixed, "priority": 7}, {"id": weighted, "priority": 5}]},
        202,
    )
    rule_id = call("GET", f"/l7policies/{fixed}/rules", {}, 200)["rules"][0]["id"]
    call(
        "PUT",
        f"/l7policies/{fixed}/rules/{rule_id}",
        {"rule": {"conditions": [{"key": "X-A", "value": "2"}, {"key": "X-A", "value": "3"}]}},
        200,
    )
    call("PUT", f"/l7policies/{weighted}", {"l7policy": {"name": "renamed"}}, 200)
    # the older of two alike is deleted: the newer stays ERROR
    call("DELETE", f"/l7policies/{first}", {}, 204)


def moved_vip(client: TestClient, lb_id: str) -> str:
    address: str = client.get(f"{ELB}/loadbalancers/{lb_id}").json()["loadbalancer"]["vip_address"]
    return address


def build_rich_state(client: TestClient) -> None:
    def post(path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(f"{ELB}{path}", json={key: body})
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()[key]
        return created

    def put(path: str, key: str, body: dict[str, Any]) -> None:
        response = client.put(f"{ELB}{path}", json={key: body})
        assert response.status_code == 200, response.text

    lb = post(
        "/loadbalancers",
        "loadbalancer",
        {
            "vpc_id": demo.VPC,
            "vip_subnet_cidr_id": demo.DUALSTACK_SUBNET,
            "ipv6_vip_virsubnet_id": demo.DUALSTACK_NETWORK,
            "availability_zone_list": [demo.AZ_1, demo.AZ_2],
            "ip_target_enable": True,
            "tags": [{"key": "k", "value": "v"}],
            "deletion_protection_enable": True,
            "admin_state_up": False,
        },
    )["id"]
    moved = post(
        "/loadbalancers",
        "loadbalancer",
        {"vpc_id": demo.VPC, "availability_zone_list": [demo.AZ_1]},
    )
    # domain names on before the VIP comes: the resolution takes the new address
    dns = f"{ELB}/loadbalancers/{moved['id']}/dns"
    configured = client.post(
        f"{dns}/system-default-config", json={"loadbalancer": {"private_domain_name_enable": True}}
    )
    assert configured.status_code == 200, configured.text
    # moved: a new VIP subnet, and the default L7 flavor removed (an L4-only load balancer)
    put(
        f"/loadbalancers/{moved['id']}",
        "loadbalancer",
        {"vip_subnet_cidr_id": demo.SUBNET_2, "l7_flavor_id": None},
    )
    disabled = client.post(
        f"{dns}/ips/batch-disable", json={"ips": [{"ip_address": moved_vip(client, moved["id"])}]}
    )
    assert disabled.status_code == 200, disabled.text
    # certificates: every create field, an update, and the project's private key echo off
    made = server_certificate(dns_names=("sni.example.com",))
    sni = post(
        "/certificates",
        "certificate",
        {
            "certificate": made.certificate,
            "private_key": made.private_key,
            "domain": "sni.example.com,*.example.com",
            "name": "sni",
            "description": "d",
            "admin_state_up": False,
            "scm_certificate_id": "scs1",
            "protection_status": "consoleProtection",
            "protection_reason": "r",
        },
    )
    ca = post(
        "/certificates",
        "certificate",
        {"certificate": ca_certificate().certificate, "type": "client"},
    )
    put(f"/certificates/{ca['id']}", "certificate", {"name": "renamed-ca", "domain": ""})
    echo = client.post(
        f"{ELB}/certificates/settings/private-key-echo", json={"private_key_echo": False}
    )
    assert echo.status_code == 201, echo.text
    cert = {"default_tls_container_ref": demo.CERTIFICATE}
    tcp = post(
        "/listeners", "listener", {"loadbalancer_id": lb, "protocol": "TCP", "protocol_port": 80}
    )
    post(
        "/listeners",
        "listener",
        {"loadbalancer_id": lb, "protocol": "UDP", "protocol_port": 53, "nat64_enable": True},
    )
    http = post(
        "/listeners",
        "listener",
        {
            "loadbalancer_id": lb,
            "protocol": "HTTP",
            "protocol_port": 8080,
            "enable_member_retry": False,
            "client_timeout": 30,
            "insert_headers": {"X-Forwarded-ELB-IP": True},
        },
    )
    quic = post(
        "/listeners",
        "listener",
        {"loadbalancer_id": lb, "protocol": "QUIC", "protocol_port": 443, **cert},
    )
    post(
        "/listeners",
        "listener",
        {
            "loadbalancer_id": lb,
            "protocol": "HTTPS",
            "protocol_port": 443,
            **cert,
            "sni_container_refs": [sni["id"]],
            "quic_config": {"quic_listener_id": quic["id"], "enable_quic_upgrade": True},
        },
    )
    tls = post(
        "/listeners",
        "listener",
        {
            "loadbalancer_id": lb,
            "protocol": "TLS",
            "protocol_port": 9443,
            **cert,
            "client_ca_tls_container_ref": ca["id"],
        },
    )
    post(
        "/listeners",
        "listener",
        {
            "loadbalancer_id": lb,
            "protocol": "TCP",
            "protocol_port": 0,
            "port_ranges": [{"start_port": 1000, "end_port": 1100}],
        },
    )
    # IP listeners belong to gateway load balancers, which only seed data makes
    loaded = client.post("/_mockelb/state", json=GATEWAY_DOCUMENT)
    assert loaded.status_code == 200, loaded.text
    post("/listeners", "listener", {"loadbalancer_id": GATEWAY_LB, "protocol": "IP"})
    put(f"/listeners/{tcp['id']}", "listener", {"name": "renamed", "keepalive_timeout": 500})
    policy = post(
        "/security-policies",
        "security_policy",
        {"name": "sp", "protocols": ["TLSv1.3", "TLSv1"], "ciphers": ["AES128-SHA"]},
    )
    put(f"/listeners/{tls['id']}", "listener", {"security_policy_id": policy["id"]})
    # tags changed after create (the new key after those of create), and access logs
    for path in (f"loadbalancers/{lb}", f"listeners/{tcp['id']}"):
        tags = {"action": "create", "tags": [{"key": "z", "value": ""}, {"key": "k", "value": "2"}]}
        changed = client.post(f"/v3/{demo.PROJECT}/{path}/tags/action", json=tags)
        assert changed.status_code == 204, changed.text
    ids = ("7733882e-f7fa-4fb0-a460-0605c48a2280", "5b9b8370-a1fc-4c59-a509-483a673c8a94")
    post(
        "/logtanks",
        "logtank",
        {"loadbalancer_id": lb, "log_group_id": ids[0], "log_topic_id": ids[1]},
    )
    user_defined = client.post(
        f"{ELB}/loadbalancers/{lb}/dns/user-defined-config",
        json={
            "loadbalancer": {
                "public_domain_name_enable": True,
                "public_dns_zone_name": "pub.example.com.",
                "private_dns_zone_name": "int.example.com",
                "private_dns_zone_type": "public",
                "private_dns_record_set_ttl": 60,
            }
        },
    )
    assert user_defined.status_code == 200, user_defined.text
    shared = post(
        "/pools",
        "pool",
        {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "listener_id": tcp["id"],
            "ip_version": "dualstack",
            "session_persistence": {"type": "SOURCE_IP"},
            "connection_drain": {"enable": True, "timeout": 10},
        },
    )
    later = post(
        "/pools",
        "pool",
        {
            "protocol": "HTTP",
            "lb_algorithm": "LEAST_CONNECTIONS",
            "loadbalancer_id": lb,
            "slow_start": {"enable": True, "duration": 30},
        },
    )
    put(f"/listeners/{http['id']}", "listener", {"default_pool_id": later["id"]})
    build_l7_policies(client, lb, http["id"], later["id"])
    post(
        "/listeners",
        "listener",
        {
            "loadbalancer_id": lb,
            "protocol": "TCP",
            "protocol_port": 81,
            "default_pool_id": shared["id"],
        },
    )
    post(
        "/pools",
        "pool",
        {
            "protocol": "QUIC",
            "lb_algorithm": "QUIC_CID",
            "loadbalancer_id": lb,
            "session_persistence": {"type": "SOURCE_IP"},
        },
    )
    post(
        "/pools",
        "pool",
        {
            "protocol": "UDP",
            "lb_algorithm": "SOURCE_IP",
            "loadbalancer_id": lb,
            "az_affinity": {"enable": True, "az_minimum_healthy_member_count": 1},
        },
    )
    post(
        "/pools",
        "pool",
        {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "listener_id": tls["id"]},
    )
    learner = post(
        "/pools",
        "pool",
        {
            "protocol": "TCP",
            "lb_algorithm": "ROUND_ROBIN",
            "any_port_enable": True,
            "loadbalancer_id": lb,
        },
    )
    put(
        f"/pools/{shared['id']}",
        "pool",
        {"name": "renamed", "type": "instance", "vpc_id": demo.VPC},
    )
    added = client.post(
        f"{ELB}/pools/{shared['id']}/members/batch-add",
        json={
            "members": [
                {
                    "address": "192.168.2.10",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.DUALSTACK_SUBNET,
                    "weight": 5,
                },
                {
                    "address": "2001:db8:a583:2::10",
                    "protocol_port": 80,
                    "subnet_cidr_id": demo.DUALSTACK_NETWORK,
                },
                {"address": "10.9.9.9", "protocol_port": 81, "availability_zone": demo.AZ_1},
            ]
        },
    ).json()["members"]
    put(
        f"/pools/{shared['id']}/members/{added[0]['id']}",
        "member",
        {"name": "upd", "protocol_port": 99},
    )
    # the any-port pool keeps the VPC its first instance member gave it, member gone or not
    learned = client.post(
        f"{ELB}/pools/{learner['id']}/members/batch-add",
        json={"members": [{"address": "192.168.2.10", "subnet_cidr_id": demo.DUALSTACK_SUBNET}]},
    )
    assert (
        client.delete(
            f"{ELB}/pools/{learner['id']}/members/{learned.json()['members'][0]['id']}"
        ).status_code
        == 204
    )
    post(
        "/healthmonitors",
        "healthmonitor",
        {
            "pool_id": later["id"],
            "type": "HTTP",
            "delay": 5,
            "timeout": 3,
            "max_retries": 3,
            "url_path": "/h",
            "max_retries_down": 5,
        },
    )
    for body in (
        {"operating_status": "OFFLINE", "reason": {"reason_code": "CONNECT_TIMEOUT"}},
        {"operating_status": "ONLINE", "listener_id": tcp["id"]},
    ):
        assert (
            client.put(f"/_mockelb/members/{added[0]['id']}/health", json=body).status_code == 200
        )
    # the demo load balancer goes, its pools stay on no load balancer
    cascade = client.post(
        f"{ELB}/loadbalancers/{demo.LB}/delete-cascade",
        json={"loadbalancer": {"unbounded_pool": False}},
    )
    assert cascade.status_code == 204


def test_a_listener_may_name_a_default_pool_declared_after_it() -> None:
    document = parse_seed(
        json.dumps(
            {
                "project_id": demo.PROJECT,
                **_network(),
                "listeners": [
                    {
                        "id": "l",
                        "loadbalancer_id": "lb",
                        "protocol": "TCP",
                        "protocol_port": 80,
                        "default_pool_id": "p",
                    }
                ],
                "pools": [
                    {
                        "id": "p",
                        "protocol": "TCP",
                        "lb_algorithm": "ROUND_ROBIN",
                        "loadbalancer_id": "lb",
                    }
                ],
            }
        ),
        source="x.json",
    )

    rows = dict(build_snapshot([("x.json", document)]))

    assert [row["default_pool_id"] for row in rows["listeners"]] == ["p"]


def test_a_pool_declared_on_no_load_balancer_is_unbound() -> None:
    pool = {"id": "p", "protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "loadbalancer_id": None}
    document = SeedDocument.model_validate({"project_id": demo.PROJECT, "pools": [pool]})

    rows = dict(build_snapshot([("x", document)]))

    assert [(row["loadbalancer_id"], row["type"]) for row in rows["pools"]] == [(None, "")]


@pytest.mark.parametrize(
    ("loadbalancer", "problem"),
    [
        pytest.param(
            {"vip_port_id": "port"}, "vip_port_id needs an IPv4 VIP", id="port-without-vip"
        ),
        pytest.param({"provisioning_status": "BUILDING"}, "provisioning_status", id="bad-status"),
        pytest.param({"id": "lb"}, "loadbalancer lb is declared twice", id="twice"),
    ],
)
def test_seeded_load_balancer_fields_are_checked(
    loadbalancer: dict[str, Any], problem: str
) -> None:
    first = {"id": "lb", "vpc_id": "vpc", "availability_zone_list": [demo.AZ_1]}
    data = {
        "project_id": demo.PROJECT,
        **_network(),
        "loadbalancers": [first, {**first, "id": "lb-2", **loadbalancer}],
    }

    with pytest.raises(SeedError, match=problem):
        build_snapshot([("x", parse_seed(json.dumps(data), source="x.json"))])


def _network() -> dict[str, Any]:
    return {
        "availability_zones": [{"code": demo.AZ_1}],
        "vpcs": [{"id": "vpc", "cidr": "10.0.0.0/16"}],
        "subnets": [
            {"id": "net", "vpc_id": "vpc", "cidr": "10.0.1.0/24", "neutron_subnet_id": "sub"}
        ],
        "loadbalancers": [{"id": "lb", "vpc_id": "vpc", "availability_zone_list": [demo.AZ_1]}],
    }


def test_forced_health_of_a_listener_that_left_the_pool_is_not_exported(
    app_client: TestClient,
) -> None:
    """Health forced for a listener that reached the pool through a forwarding policy no
    longer applies once the policy is gone: the state leaves it out, so it loads back."""
    listener = app_client.post(
        f"{ELB}/listeners",
        json={
            "listener": {
                "loadbalancer_id": demo.LB_IP_TARGETS,
                "protocol": "HTTP",
                "protocol_port": 8080,
            }
        },
    ).json()["listener"]["id"]
    policy = app_client.post(
        f"{ELB}/l7policies",
        json={
            "l7policy": {
                "action": "REDIRECT_TO_POOL",
                "listener_id": listener,
                "redirect_pool_id": demo.POOL_HTTP,
            }
        },
    ).json()["l7policy"]["id"]
    added = app_client.post(
        f"{ELB}/pools/{demo.POOL_HTTP}/members",
        json={
            "member": {
                "address": "192.168.0.10",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
            }
        },
    )
    assert added.status_code == 201, added.text
    member = added.json()["member"]["id"]
    forced = app_client.put(
        f"/_mockelb/members/{member}/health",
        json={"operating_status": "OFFLINE", "listener_id": listener},
    )
    assert forced.status_code in (200, 204), forced.text
    assert app_client.delete(f"{ELB}/l7policies/{policy}").status_code == 204

    document = app_client.get("/_mockelb/state").json()

    assert document["member_health"] == []
    rebuilt = build_snapshot([("state", SeedDocument.model_validate(document))])
    assert dict(rebuilt)["l7policies"] == []
