"""Logtanks, the access logs of load balancers (mockelb/services/logtanks.py), through the
official SDK and raw HTTP: create (and every refusal), show, list (every filter, paging),
update, delete, what the load balancer shows and filters on, what deleting the load balancer
does, and seeds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml
from huaweicloudsdkelb.v3 import (
    CreateLogtankOption,
    CreateLogtankRequest,
    CreateLogtankRequestBody,
    DeleteLoadBalancerCascadeRequest,
    DeleteLogtankRequest,
    ListLogtanksRequest,
    Logtank,
    ShowLogtankRequest,
    UpdateLogtankOption,
    UpdateLogtankRequest,
    UpdateLogtankRequestBody,
)

from mockelb.seed import SeedError, build_snapshot, parse_seed
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    create_load_balancer,
    delete_load_balancer,
    ids_of,
    list_load_balancers,
    show_load_balancer,
)
from tests.sdk_checks import (
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
    pager,
    walk_backward,
    walk_forward,
)

LOGTANKS = f"{ELB}/logtanks"
GROUP = "7733882e-f7fa-4fb0-a460-0605c48a2280"
TOPIC = "5b9b8370-a1fc-4c59-a509-483a673c8a94"
GROUP_2 = "7733882e-f7fa-4fb0-a460-0605c48a2281"
TOPIC_2 = "5b9b8370-a1fc-4c59-a509-483a673c8a95"
OTHER_PROJECT = "0" * 32


def create_logtank(
    elb: Any, loadbalancer_id: str = demo.LB, group: str = GROUP, topic: str = TOPIC
) -> Any:
    option = CreateLogtankOption(
        loadbalancer_id=loadbalancer_id, log_group_id=group, log_topic_id=topic
    )
    response = elb.create_logtank(CreateLogtankRequest(body=CreateLogtankRequestBody(option)))
    assert response.status_code == 201
    return response.logtank


def show_logtank(elb: Any, logtank_id: str) -> Any:
    response = elb.show_logtank(ShowLogtankRequest(logtank_id=logtank_id))
    assert response.status_code == 200
    return response.logtank


def update_logtank(elb: Any, logtank_id: str, **fields: Any) -> Any:
    body = UpdateLogtankRequestBody(logtank=UpdateLogtankOption(**fields))
    response = elb.update_logtank(UpdateLogtankRequest(logtank_id=logtank_id, body=body))
    assert response.status_code == 200
    return response.logtank


def list_logtanks(elb: Any, **query: Any) -> list[Any]:
    response = elb.list_logtanks(ListLogtanksRequest(**query))
    assert response.status_code == 200
    assert response.page_info.current_count == len(response.logtanks)
    return list(response.logtanks)


def delete_logtank(elb: Any, logtank_id: str) -> None:
    response = elb.delete_logtank(DeleteLogtankRequest(logtank_id=logtank_id))
    assert response.status_code == 204


def new_load_balancer(elb: Any) -> str:
    lb_id: str = create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET).id
    return lb_id


def log_ids(elb: Any, lb_id: str) -> tuple[str, str]:
    lb = show_load_balancer(elb, lb_id)
    return lb.log_group_id, lb.log_topic_id


def post(http: httpx.Client, **fields: Any) -> httpx.Response:
    body = {"loadbalancer_id": demo.LB, "log_group_id": GROUP, "log_topic_id": TOPIC, **fields}
    return http.post(LOGTANKS, json={"logtank": body})


# --- create, show, update, delete ---------------------------------------------------------


def test_create_a_logtank(elb: Any) -> None:
    option = CreateLogtankOption(loadbalancer_id=demo.LB, log_group_id=GROUP, log_topic_id=TOPIC)
    response = elb.create_logtank(CreateLogtankRequest(body=CreateLogtankRequestBody(option)))

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    logtank = response.logtank
    assert UUID.match(logtank.id)
    assert (logtank.project_id, logtank.loadbalancer_id) == (demo.PROJECT, demo.LB)
    assert (logtank.log_group_id, logtank.log_topic_id) == (GROUP, TOPIC)
    assert show_logtank(elb, logtank.id).to_dict() == logtank.to_dict()


def test_the_raw_bodies_carry_every_field_of_the_model(http: httpx.Client) -> None:
    created = assert_ok_response(post(http), 201)
    assert_json_model(created["logtank"], Logtank)
    logtank_id = created["logtank"]["id"]

    shown = assert_ok_response(http.get(f"{LOGTANKS}/{logtank_id}"))
    listed = assert_ok_response(http.get(LOGTANKS))
    updated = assert_ok_response(
        http.put(f"{LOGTANKS}/{logtank_id}", json={"logtank": {"log_topic_id": TOPIC_2}})
    )

    assert shown["logtank"] == created["logtank"]
    assert listed["logtanks"] == [created["logtank"]]
    assert set(listed["page_info"]) == {"previous_marker", "current_count"}
    assert updated["logtank"] == {**created["logtank"], "log_topic_id": TOPIC_2}
    assert_ok_response(http.delete(f"{LOGTANKS}/{logtank_id}"), 204)


def test_the_load_balancer_shows_its_logtanks_ids(elb: Any) -> None:
    other = new_load_balancer(elb)
    assert log_ids(elb, demo.LB) == ("", "")

    logtank = create_logtank(elb)
    assert log_ids(elb, demo.LB) == (GROUP, TOPIC)
    assert log_ids(elb, other) == ("", "")
    listed = {lb.id: (lb.log_group_id, lb.log_topic_id) for lb in list_load_balancers(elb)}
    assert listed[demo.LB] == (GROUP, TOPIC)

    update_logtank(elb, logtank.id, log_group_id=GROUP_2)
    assert log_ids(elb, demo.LB) == (GROUP_2, TOPIC)

    delete_logtank(elb, logtank.id)
    assert log_ids(elb, demo.LB) == ("", "")
    assert list_logtanks(elb) == []


def test_update_changes_the_fields_sent(elb: Any) -> None:
    logtank = create_logtank(elb)

    both = update_logtank(elb, logtank.id, log_group_id=GROUP_2, log_topic_id=TOPIC_2)
    assert (both.log_group_id, both.log_topic_id) == (GROUP_2, TOPIC_2)
    one = update_logtank(elb, logtank.id, log_topic_id=TOPIC)
    assert (one.log_group_id, one.log_topic_id) == (GROUP_2, TOPIC)
    assert (one.id, one.loadbalancer_id) == (logtank.id, demo.LB)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="empty"),
        pytest.param({"log_group_id": None, "log_topic_id": None}, id="nulls"),
    ],
)
def test_update_without_values_keeps_the_logtank(http: httpx.Client, body: dict[str, Any]) -> None:
    created = assert_ok_response(post(http), 201)["logtank"]

    response = http.put(f"{LOGTANKS}/{created['id']}", json={"logtank": body})

    assert assert_ok_response(response)["logtank"] == created


def test_a_deleted_logtank_is_gone(elb: Any) -> None:
    logtank = create_logtank(elb)
    delete_logtank(elb, logtank.id)

    message = f"logtank {logtank.id} could not be found."
    assert_refused(
        lambda: elb.show_logtank(ShowLogtankRequest(logtank_id=logtank.id)), 404, NOT_FOUND, message
    )
    assert_refused(
        lambda: elb.delete_logtank(DeleteLogtankRequest(logtank_id=logtank.id)),
        404,
        NOT_FOUND,
        message,
    )
    assert_refused(lambda: update_logtank(elb, logtank.id, log_topic_id=TOPIC), 404, NOT_FOUND)
    # the load balancer takes a new one
    assert create_logtank(elb).loadbalancer_id == demo.LB


# --- create and update: refusals ----------------------------------------------------------


def test_a_load_balancer_has_at_most_one_logtank(elb: Any, http: httpx.Client) -> None:
    first = create_logtank(elb)

    response = post(http, log_group_id=GROUP_2)

    assert_error_response(response, 409, CONFLICT, f"already has logtank {first.id}")
    assert ids_of(list_logtanks(elb)) == [first.id]
    assert log_ids(elb, demo.LB) == (GROUP, TOPIC)


def test_the_load_balancer_must_exist_in_the_project(
    elb: Any, http: httpx.Client, mockelb: MockElbServer
) -> None:
    message = f"loadbalancer {demo.UNKNOWN_ID} could not be found."
    assert_error_response(post(http, loadbalancer_id=demo.UNKNOWN_ID), 404, NOT_FOUND, message)
    other = make_elb_client(mockelb.url, OTHER_PROJECT)
    assert_refused(lambda: create_logtank(other), 404, NOT_FOUND, f"loadbalancer {demo.LB}")
    assert list_logtanks(elb) == []


NOT_LTS_IDS = [
    pytest.param("lg-1", id="short"),
    pytest.param(GROUP.replace("-", ""), id="no-dashes"),
    pytest.param(GROUP[:-1] + "g", id="not-hex"),
    pytest.param(GROUP[:-1] + "\n", id="newline"),
    pytest.param(f" {GROUP[1:]}", id="space"),
    pytest.param("", id="empty"),
    pytest.param(GROUP + "0", id="too-long"),
]


@pytest.mark.parametrize("value", NOT_LTS_IDS)
@pytest.mark.parametrize("field", ["log_group_id", "log_topic_id"])
def test_create_refuses_what_is_no_lts_id(http: httpx.Client, field: str, value: str) -> None:
    response = post(http, **{field: value})

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert assert_ok_response(http.get(LOGTANKS))["logtanks"] == []


@pytest.mark.parametrize("value", NOT_LTS_IDS)
@pytest.mark.parametrize("field", ["log_group_id", "log_topic_id"])
def test_update_refuses_what_is_no_lts_id(http: httpx.Client, field: str, value: str) -> None:
    created = assert_ok_response(post(http), 201)["logtank"]

    response = http.put(
        f"{LOGTANKS}/{created['id']}", json={"logtank": {"log_group_id": GROUP_2, field: value}}
    )

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert assert_ok_response(http.get(f"{LOGTANKS}/{created['id']}"))["logtank"] == created


def test_upper_case_hex_is_an_lts_id(http: httpx.Client) -> None:
    created = assert_ok_response(post(http, log_group_id=GROUP.upper()), 201)["logtank"]
    assert created["log_group_id"] == GROUP.upper()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"log_group_id": GROUP, "log_topic_id": TOPIC}, "logtank.loadbalancer_id", id="no-lb"
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "log_topic_id": TOPIC},
            "logtank.log_group_id",
            id="no-group",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "log_group_id": GROUP},
            "logtank.log_topic_id",
            id="no-topic",
        ),
        pytest.param(
            {"loadbalancer_id": 1, "log_group_id": GROUP, "log_topic_id": TOPIC},
            "logtank.loadbalancer_id",
            id="lb-number",
        ),
        pytest.param(
            {"loadbalancer_id": demo.LB, "log_group_id": GROUP, "log_topic_id": TOPIC, "x": 1},
            "x",
            id="unknown-attribute",
        ),
    ],
)
def test_malformed_create_bodies_are_refused(
    http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    response = http.post(LOGTANKS, json={"logtank": body})

    assert_error_response(response, 400, INVALID_INPUT, field)
    assert assert_ok_response(http.get(LOGTANKS))["logtanks"] == []


def test_update_refuses_the_load_balancer(http: httpx.Client) -> None:
    """UpdateLogtankOption has no loadbalancer_id: a logtank stays with its load balancer."""
    created = assert_ok_response(post(http), 201)["logtank"]

    response = http.put(
        f"{LOGTANKS}/{created['id']}", json={"logtank": {"loadbalancer_id": demo.LB_IP_TARGETS}}
    )

    assert_error_response(response, 400, INVALID_INPUT, "loadbalancer_id")


# --- deleting the load balancer -----------------------------------------------------------


def test_deleting_the_load_balancer_removes_its_logtank(elb: Any) -> None:
    lb_id = new_load_balancer(elb)
    logtank = create_logtank(elb, lb_id)
    kept = create_logtank(elb, demo.LB_IP_TARGETS, GROUP_2, TOPIC_2)

    delete_load_balancer(elb, lb_id)

    assert ids_of(list_logtanks(elb)) == [kept.id]
    assert_refused(
        lambda: elb.show_logtank(ShowLogtankRequest(logtank_id=logtank.id)), 404, NOT_FOUND
    )


def test_a_cascade_delete_removes_the_logtank_too(elb: Any) -> None:
    create_logtank(elb)

    response = elb.delete_load_balancer_cascade(
        DeleteLoadBalancerCascadeRequest(loadbalancer_id=demo.LB)
    )

    assert response.status_code == 204
    assert list_logtanks(elb) == []


def test_a_refused_load_balancer_delete_keeps_the_logtank(elb: Any) -> None:
    logtank = create_logtank(elb)

    # the demo LB still has its listener
    assert_refused(lambda: delete_load_balancer(elb, demo.LB), 409, CONFLICT)

    assert ids_of(list_logtanks(elb)) == [logtank.id]


# --- list ---------------------------------------------------------------------------------


@pytest.fixture
def three(elb: Any) -> dict[str, Any]:
    """Logtanks of the two demo load balancers and of a new one: lb id -> logtank."""
    lb_id = new_load_balancer(elb)
    return {
        demo.LB: create_logtank(elb, demo.LB, GROUP, TOPIC),
        demo.LB_IP_TARGETS: create_logtank(elb, demo.LB_IP_TARGETS, GROUP, TOPIC_2),
        lb_id: create_logtank(elb, lb_id, GROUP_2, TOPIC_2),
    }


def test_list_answers_every_logtank_in_id_order(elb: Any, three: dict[str, Any]) -> None:
    assert ids_of(list_logtanks(elb)) == sorted(logtank.id for logtank in three.values())


@pytest.mark.parametrize(
    ("query", "lbs"),
    [
        pytest.param({"loadbalancer_id": [demo.LB]}, [demo.LB], id="loadbalancer_id"),
        pytest.param(
            {"loadbalancer_id": [demo.LB, demo.LB_IP_TARGETS]},
            [demo.LB, demo.LB_IP_TARGETS],
            id="loadbalancer_id-two",
        ),
        pytest.param({"log_group_id": [GROUP]}, [demo.LB, demo.LB_IP_TARGETS], id="log_group_id"),
        pytest.param({"log_topic_id": [TOPIC]}, [demo.LB], id="log_topic_id"),
        pytest.param(
            {"log_group_id": [GROUP], "log_topic_id": [TOPIC_2]},
            [demo.LB_IP_TARGETS],
            id="group-and-topic",
        ),
        pytest.param({"log_topic_id": [GROUP]}, [], id="no-match"),
        pytest.param({"enterprise_project_id": ["0"]}, None, id="enterprise_project_id"),
        pytest.param({"enterprise_project_id": ["other"]}, [], id="other-enterprise-project"),
        pytest.param({"enterprise_project_id": ["all_granted_eps"]}, None, id="all_granted_eps"),
    ],
)
def test_list_filters(
    elb: Any, three: dict[str, Any], query: dict[str, Any], lbs: list[str] | None
) -> None:
    expected = sorted(logtank.id for lb_id, logtank in three.items() if lbs is None or lb_id in lbs)
    assert ids_of(list_logtanks(elb, **query)) == expected


def test_list_filters_by_id(elb: Any, three: dict[str, Any]) -> None:
    wanted = [three[demo.LB].id, three[demo.LB_IP_TARGETS].id]
    assert ids_of(list_logtanks(elb, id=wanted)) == sorted(wanted)


@pytest.mark.parametrize("direction", ["forward", "backward"])
@pytest.mark.parametrize("limit", [1, 2, None])
def test_paging_walks_every_logtank_once(
    elb: Any, three: dict[str, Any], direction: str, limit: int | None
) -> None:
    expected = sorted(logtank.id for logtank in three.values())
    fetch = pager(lambda **query: elb.list_logtanks(ListLogtanksRequest(**query)), "logtanks")
    walk = walk_forward if direction == "forward" else walk_backward
    walk(fetch, limit, expected)


def test_an_unknown_marker_is_refused(http: httpx.Client) -> None:
    response = http.get(LOGTANKS, params={"marker": demo.UNKNOWN_ID})
    assert_error_response(response, 400, INVALID_INPUT, "marker")


def test_another_projects_logtanks_are_invisible(
    elb: Any, mockelb: MockElbServer, three: dict[str, Any]
) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)
    logtank_id = three[demo.LB].id

    assert list_logtanks(other) == []
    assert_refused(
        lambda: other.show_logtank(ShowLogtankRequest(logtank_id=logtank_id)), 404, NOT_FOUND
    )
    assert_refused(
        lambda: other.delete_logtank(DeleteLogtankRequest(logtank_id=logtank_id)), 404, NOT_FOUND
    )
    assert show_logtank(elb, logtank_id).id == logtank_id


@pytest.mark.parametrize(
    ("query", "lbs"),
    [
        pytest.param({"log_group_id": GROUP}, [demo.LB, demo.LB_IP_TARGETS], id="log_group_id"),
        pytest.param({"log_topic_id": TOPIC_2}, [demo.LB_IP_TARGETS], id="log_topic_id"),
        pytest.param({"log_group_id": ""}, [], id="no-logtank"),
    ],
)
def test_list_load_balancers_filters_on_the_logtank(
    elb: Any, query: dict[str, str], lbs: list[str]
) -> None:
    bare = new_load_balancer(elb)
    create_logtank(elb, demo.LB, GROUP, TOPIC)
    create_logtank(elb, demo.LB_IP_TARGETS, GROUP, TOPIC_2)
    expected = sorted(lbs or [bare])

    assert ids_of(list_load_balancers(elb, **query)) == expected


def test_list_load_balancers_takes_several_log_ids(http: httpx.Client, elb: Any) -> None:
    create_logtank(elb, demo.LB, GROUP, TOPIC)
    params = [("log_topic_id", TOPIC), ("log_topic_id", "")]

    body = assert_ok_response(http.get(f"{ELB}/loadbalancers", params=params))

    assert ids_of(body["loadbalancers"]) == sorted([demo.LB, demo.LB_IP_TARGETS])


# --- seeds --------------------------------------------------------------------------------

SEED_BASE: dict[str, Any] = {
    "project_id": "0123456789abcdef0123456789abcdef",
    "availability_zones": [{"code": "az1"}],
    "vpcs": [{"id": "vpc-1", "cidr": "10.0.0.0/16"}],
    "loadbalancers": [{"id": "lb-1", "vpc_id": "vpc-1", "availability_zone_list": ["az1"]}],
}


def seed_with(*logtanks: dict[str, Any]) -> Any:
    text = yaml.safe_dump({**SEED_BASE, "logtanks": list(logtanks)})
    return build_snapshot([("seed.yaml", parse_seed(text, source="seed.yaml"))])


def test_a_seeded_logtank_belongs_to_its_load_balancers_project() -> None:
    snapshot = seed_with(
        {"id": "lt-1", "loadbalancer_id": "lb-1", "log_group_id": GROUP, "log_topic_id": TOPIC}
    )

    (row,) = dict(snapshot)["logtanks"]
    assert (row["id"], row["project_id"], row["loadbalancer_id"]) == (
        "lt-1",
        SEED_BASE["project_id"],
        "lb-1",
    )
    assert (row["log_group_id"], row["log_topic_id"]) == (GROUP, TOPIC)


@pytest.mark.parametrize(
    ("logtanks", "message"),
    [
        pytest.param(
            [{"id": "a", "loadbalancer_id": "lb-9", "log_group_id": GROUP, "log_topic_id": TOPIC}],
            "loadbalancer lb-9 is not declared",
            id="no-load-balancer",
        ),
        pytest.param(
            [
                {
                    "id": "a",
                    "loadbalancer_id": "lb-1",
                    "log_group_id": GROUP,
                    "log_topic_id": TOPIC,
                },
                {
                    "id": "b",
                    "loadbalancer_id": "lb-1",
                    "log_group_id": GROUP,
                    "log_topic_id": TOPIC,
                },
            ],
            "already has logtank a",
            id="two-on-one",
        ),
        pytest.param(
            [{"id": "a", "loadbalancer_id": "lb-1", "log_group_id": "g", "log_topic_id": TOPIC}],
            "not an LTS id",
            id="not-an-lts-id",
        ),
    ],
)
def test_a_seeded_logtank_breaking_a_rule_is_refused(
    logtanks: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(SeedError) as info:
        seed_with(*logtanks)

    assert message in str(info.value)
