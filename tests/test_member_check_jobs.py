"""Member check jobs: create_member_health_check_job checks a member as one listener sees it
(its forced, probed or derived health), show_member_health_check_job answers the result, a
snapshot taken when the job was created."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest

from mockelb.testing import MockElbClient, make_elb_client
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    create_member_check_job,
    delete_member,
    on_subnet,
    show_member_check_job,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
)

ECS_1_ADDRESS = "192.168.0.10"  # the demo's running cloud server
NO_SERVER = "192.168.0.20"  # an address of the demo SUBNET that no cloud server has
OTHER_PROJECT = "0f0e0d0c0b0a09080706050403020100"
GROUPS = ("config", "acl", "security_group")
TEMPLATE = "Backend server {0} is OFFLINE for listener {1}: {2}."


def health_check_url(member_id: str) -> str:
    return f"{ELB}/members/{member_id}/health-check"


def job_url(job_id: str) -> str:
    return f"{ELB}/members/check/jobs/{job_id}"


def check_body(listener_id: str = demo.LISTENER, subject: str = "all") -> dict[str, Any]:
    return {"member_check": {"listener_id": listener_id, "subject": subject}}


def post_job(http: httpx.Client, member_id: str, **option: str) -> str:
    """A new job by raw POST (201): its id."""
    body = assert_ok_response(
        http.post(health_check_url(member_id), json=check_body(**option)), 201
    )
    job_id: str = body["member_check"]["job_id"]
    return job_id


def shown_job(http: httpx.Client, job_id: str) -> dict[str, Any]:
    """The job as raw GET answers it (200): its MemberCheckJobInfo."""
    info: dict[str, Any] = assert_ok_response(http.get(job_url(job_id)))["member_check"]
    return info


@pytest.fixture
def at_server(elb: Any) -> Any:
    """A member of the demo POOL (behind demo.LISTENER, no monitor: NO_MONITOR) at ECS 1."""
    (member,) = add_members(elb, demo.POOL, on_subnet(ECS_1_ADDRESS))
    return member


# --- the answers ----------------------------------------------------------------------------


def test_create_answers_the_job_id(http: httpx.Client, at_server: Any) -> None:
    response = http.post(health_check_url(at_server.id), json=check_body())

    body = assert_ok_response(response, 201)
    assert_json_model(body, elb_v3.CreateMemberHealthCheckJobResponse)
    assert body["member_check"] == {"job_id": body["member_check"]["job_id"]}
    assert UUID.fullmatch(body["member_check"]["job_id"])


def test_show_answers_every_field_of_a_processed_job(
    elb: Any, http: httpx.Client, at_server: Any
) -> None:
    job_id = create_member_check_job(elb, at_server.id, demo.LISTENER, "all")

    info = shown_job(http, job_id)

    assert_json_model(info, elb_v3.MemberCheckJobInfo)
    assert_json_model(info["result"], elb_v3.MemberCheckJobResult)
    for group in GROUPS:
        assert_json_model(info["result"][group], elb_v3.MemberCheckJobResultGroup)
    assert (info["job_id"], info["member_id"], info["listener_id"]) == (
        job_id,
        at_server.id,
        demo.LISTENER,
    )
    assert info["status"] == "processed"
    assert info["check_item_total_num"] == info["check_item_finished_num"] == 3
    assert TIME.fullmatch(info["created_at"]) and info["updated_at"] == info["created_at"]
    # NO_MONITOR as the listener sees it: every group passes, nothing to report
    passed = {"check_result": True, "check_status": "processed", "check_items": []}
    assert info["result"] == dict.fromkeys(GROUPS, passed)
    sdk_info = show_member_check_job(elb, job_id)
    assert isinstance(sdk_info, elb_v3.MemberCheckJobInfo)
    assert sdk_info.result.config.check_result is True
    assert sdk_info.result.security_group.check_items == []


@pytest.mark.parametrize(
    ("subject", "groups"),
    [
        pytest.param("config", ("config",), id="config"),
        pytest.param("networkAcl", ("acl",), id="networkAcl"),
        pytest.param("securityGroup", ("security_group",), id="securityGroup"),
        pytest.param("all", GROUPS, id="all"),
    ],
)
def test_the_subject_chooses_the_groups_checked(
    http: httpx.Client, at_server: Any, subject: str, groups: tuple[str, ...]
) -> None:
    info = shown_job(http, post_job(http, at_server.id, subject=subject))

    checked = {name for name, group in info["result"].items() if group is not None}
    assert checked == set(groups)
    assert set(info["result"]) == set(GROUPS)  # the others are null, not left out
    assert info["check_item_total_num"] == info["check_item_finished_num"] == len(groups)


# --- the config group: the member's health as the listener sees it ------------------------


def test_a_forced_offline_member_fails_the_config_check(
    elb: Any, http: httpx.Client, mockelb: MockElbClient, at_server: Any
) -> None:
    reason = {"reason_code": "CONNECT_TIMEOUT"}
    mockelb.set_member_health(at_server.id, "OFFLINE", listener_id=demo.LISTENER, reason=reason)

    job_id = create_member_check_job(elb, at_server.id, demo.LISTENER, "all")

    result = shown_job(http, job_id)["result"]
    (item,) = result["config"]["check_items"]
    assert_json_model(item, elb_v3.MemberCheckJobResultItem)
    params = [ECS_1_ADDRESS, demo.LISTENER, "CONNECT_TIMEOUT"]
    assert item == {
        "name": "member_health",
        "reason": TEMPLATE.format(*params),
        "severity": "Major",
        "subject": "config",
        "job_id": job_id,
        "reason_template": TEMPLATE,
        "reason_params": params,
    }
    assert (result["config"]["check_result"], result["config"]["check_status"]) == (
        False,
        "processed",
    )
    # mockelb has no ACLs and no security groups: those pass
    assert result["acl"]["check_result"] and result["security_group"]["check_result"]
    sdk_config = show_member_check_job(elb, job_id).result.config
    assert sdk_config.check_result is False
    assert sdk_config.check_items[0].reason_params == params


def test_a_response_mismatch_names_both_codes(
    http: httpx.Client, mockelb: MockElbClient, at_server: Any
) -> None:
    mismatch = {
        "reason_code": "RESPONSE_MISMATCH",
        "expected_response": "200",
        "healthcheck_response": "503",
    }
    mockelb.set_member_health(at_server.id, "OFFLINE", reason=mismatch)

    info = shown_job(http, post_job(http, at_server.id, subject="config"))

    (item,) = info["result"]["config"]["check_items"]
    assert item["reason_params"][2] == "RESPONSE_MISMATCH (expected 200, got 503)"


def test_a_member_at_no_server_fails_for_the_derived_rule(elb: Any, http: httpx.Client) -> None:
    (member,) = add_members(elb, demo.POOL, on_subnet(NO_SERVER))

    info = shown_job(http, post_job(http, member.id, subject="config"))

    (item,) = info["result"]["config"]["check_items"]
    assert item["reason_params"] == [
        NO_SERVER,
        demo.LISTENER,
        "the backend server does not exist or is stopped",
    ]
    assert info["result"]["config"]["check_result"] is False


def test_a_forced_online_member_passes(
    http: httpx.Client, mockelb: MockElbClient, elb: Any
) -> None:
    (member,) = add_members(elb, demo.POOL, on_subnet(NO_SERVER))
    mockelb.set_member_health(member.id, "ONLINE", listener_id=demo.LISTENER)

    info = shown_job(http, post_job(http, member.id, subject="config"))

    assert info["result"]["config"] == {
        "check_result": True,
        "check_status": "processed",
        "check_items": [],
    }


def test_the_result_is_a_snapshot_that_outlives_the_member(
    elb: Any, http: httpx.Client, mockelb: MockElbClient, at_server: Any
) -> None:
    mockelb.set_member_health(at_server.id, "OFFLINE")
    job_id = post_job(http, at_server.id)
    before = shown_job(http, job_id)

    mockelb.set_member_health(at_server.id, "ONLINE")
    assert shown_job(http, job_id) == before
    delete_member(elb, demo.POOL, at_server.id)
    assert shown_job(http, job_id) == before
    assert before["result"]["config"]["check_result"] is False


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        pytest.param(
            check_body(demo.UNKNOWN_ID), 404, NOT_FOUND, "listener", id="unknown-listener"
        ),
        pytest.param(
            check_body(demo.LISTENER_2), 400, INVALID_INPUT, "listener_id", id="other-pool-listener"
        ),
        pytest.param(check_body(subject="acl"), 400, INVALID_INPUT, "subject", id="bad-subject"),
        pytest.param(
            {"member_check": {"subject": "all"}},
            400,
            INVALID_INPUT,
            "listener_id",
            id="no-listener",
        ),
        pytest.param(
            {"member_check": {"listener_id": demo.LISTENER}},
            400,
            INVALID_INPUT,
            "subject",
            id="no-subject",
        ),
        pytest.param({}, 400, INVALID_INPUT, "member_check", id="no-member-check"),
        pytest.param(
            {"member_check": {"listener_id": 7, "subject": "all"}},
            400,
            INVALID_INPUT,
            "listener_id",
            id="listener-id-not-a-string",
        ),
        pytest.param(
            {"member_check": {**check_body()["member_check"], "port": 80}},
            400,
            INVALID_INPUT,
            "port",
            id="unknown-attribute",
        ),
    ],
)
def test_a_refused_create_writes_nothing(
    http: httpx.Client,
    mockelb: MockElbClient,
    at_server: Any,
    body: dict[str, Any],
    status: int,
    code: str,
    message: str,
) -> None:
    before = mockelb.state()

    response = http.post(health_check_url(at_server.id), json=body)

    assert_error_response(response, status, code, message)
    assert mockelb.state() == before


def test_a_body_that_is_not_json_is_refused(http: httpx.Client, at_server: Any) -> None:
    response = http.post(
        health_check_url(at_server.id),
        content=b"{member_check",
        headers={"Content-Type": "application/json"},
    )

    assert_error_response(response, 400, INVALID_INPUT, "not valid JSON")


def test_an_unknown_member_is_not_found(elb: Any) -> None:
    assert_refused(
        lambda: create_member_check_job(elb, demo.UNKNOWN_ID, demo.LISTENER, "all"),
        404,
        NOT_FOUND,
        f"member {demo.UNKNOWN_ID} could not be found.",
    )


def test_a_member_of_another_project_is_not_found(mockelb: MockElbClient, at_server: Any) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    assert_refused(
        lambda: create_member_check_job(other, at_server.id, demo.LISTENER, "all"),
        404,
        NOT_FOUND,
        f"member {at_server.id} could not be found.",
    )


def test_an_unknown_job_is_not_found(elb: Any, http: httpx.Client) -> None:
    assert_refused(
        lambda: show_member_check_job(elb, demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
        f"job {demo.UNKNOWN_ID} could not be found.",
    )
    assert_error_response(http.get(job_url("no%00such")), 404, NOT_FOUND, "job")


def test_a_job_of_another_project_is_not_found(
    elb: Any, mockelb: MockElbClient, at_server: Any
) -> None:
    job_id = create_member_check_job(elb, at_server.id, demo.LISTENER, "config")
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    assert_refused(lambda: show_member_check_job(other, job_id), 404, NOT_FOUND, job_id)


# --- the state --------------------------------------------------------------------------


def test_a_job_round_trips_through_the_state(
    http: httpx.Client, mockelb: MockElbClient, at_server: Any
) -> None:
    job_id = post_job(http, at_server.id)
    shown = shown_job(http, job_id)
    (saved,) = mockelb.state(project_id=demo.PROJECT)["member_check_jobs"]

    mockelb.reset(project_id=demo.PROJECT)
    assert_error_response(http.get(job_url(job_id)), 404, NOT_FOUND)
    mockelb.load_state({"project_id": demo.PROJECT, "member_check_jobs": [saved]})

    assert shown_job(http, job_id) == shown
    assert mockelb.state(project_id=demo.PROJECT)["member_check_jobs"] == [saved]
