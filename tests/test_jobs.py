"""Asynchronous tasks (mockelb/services/jobs.py), through the official SDK and raw HTTP:
the finished job an operation records, show_job and list_jobs (every filter, paging),
jobs in seed documents and state, project isolation and every refusal."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as sdk
import pytest

from mockelb.testing import MockElbClient, make_elb_client
from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND
from tests.factories import (
    ELB,
    add_members,
    batch_delete_listeners,
    create_listener,
    on_subnet,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
)

JOBS = f"{ELB}/jobs"
STRANGER = "0f0e0d0c0b0a09080706050403020100"
# the jobs' nullable fields (a finished job has no error)
JOB_NULLABLE = frozenset({"error_code", "error_msg"})
SEEDED_JOB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01"


# --- helpers -------------------------------------------------------------------------------


def list_jobs(elb: Any, **query: Any) -> Any:
    response = elb.list_jobs(sdk.ListJobsRequest(**query))
    assert response.status_code == 200
    assert response.page_info.current_count == len(response.jobs)
    return response


def job_ids(elb: Any, **query: Any) -> list[str]:
    return [job.job_id for job in list_jobs(elb, **query).jobs]


def show_job(elb: Any, job_id: str) -> Any:
    response = elb.show_job(sdk.ShowJobRequest(job_id=job_id))
    assert response.status_code == 200
    return response.job


def new_udp_listener(elb: Any, port: int) -> str:
    return str(create_listener(elb, protocol="UDP", protocol_port=port).id)


def delete_listeners(elb: Any, *listener_ids: str) -> str:
    """Batch-delete the listeners; the job id the answer gives."""
    response = batch_delete_listeners(elb, *listener_ids)
    assert response.status_code == 202
    return str(response.job_id)


def seeded_job(**fields: Any) -> dict[str, Any]:
    return {
        "job_id": SEEDED_JOB,
        "project_id": demo.PROJECT,
        "job_type": "cloneLoadbalancer",
        **fields,
    }


# --- the job an operation records -----------------------------------------------------------


def test_no_job_before_any_task(elb: Any, http: httpx.Client) -> None:
    body = assert_ok_response(http.get(JOBS))

    assert body["jobs"] == []
    assert body["page_info"] == {"previous_marker": None, "current_count": 0}


def test_batch_delete_listeners_records_a_finished_job(elb: Any, http: httpx.Client) -> None:
    first, second = new_udp_listener(elb, 9001), new_udp_listener(elb, 9002)

    job_id = delete_listeners(elb, first, second)

    job = show_job(elb, job_id)
    assert UUID.fullmatch(job.job_id)
    assert (job.job_type, job.status, job.project_id) == (
        "batchDeleteListener",
        "COMPLETE",
        demo.PROJECT,
    )
    assert job.resource_id == first  # the first resource the job worked on
    assert TIME.fullmatch(job.begin_time) and job.end_time == job.begin_time
    assert (job.error_code, job.error_msg) == (None, None)
    assert [sub.resource_id for sub in job.sub_jobs] == [first, second]
    for sub in job.sub_jobs:
        assert (sub.status, sub.job_type, sub.project_id) == (
            "COMPLETE",
            "batchDeleteListener",
            demo.PROJECT,
        )
        assert UUID.fullmatch(sub.job_id) and sub.job_id != job_id
        assert [(e.resource_id, e.resource_type) for e in sub.entities] == [
            (sub.resource_id, "listener")
        ]


def test_show_job_json_has_every_field_of_the_sdk_models(elb: Any, http: httpx.Client) -> None:
    job_id = delete_listeners(elb, new_udp_listener(elb, 9001))

    body = assert_ok_response(http.get(f"{JOBS}/{job_id}"))

    assert set(body) == {"job", "request_id"}
    assert_json_model(body["job"], sdk.MainJob, nullable=JOB_NULLABLE)
    assert set(body["job"]) == set(sdk.MainJob.openapi_types)
    sub = body["job"]["sub_jobs"][0]
    assert_json_model(sub, sdk.SubJob, nullable=JOB_NULLABLE)
    assert set(sub) == set(sdk.SubJob.openapi_types)
    assert_json_model(sub["entities"][0], sdk.JobEntities)
    listed = assert_ok_response(http.get(JOBS))
    assert listed["jobs"] == [body["job"]]


def test_a_job_outlives_the_resources_it_names(elb: Any) -> None:
    listener_id = new_udp_listener(elb, 9001)
    job_id = delete_listeners(elb, listener_id)

    assert show_job(elb, job_id).sub_jobs[0].resource_id == listener_id
    assert job_ids(elb, resource_id=listener_id) == [job_id]


def test_a_refused_batch_delete_records_no_job(elb: Any) -> None:
    # the demo listener's pool has members: the listener cannot go
    add_members(elb, demo.POOL, on_subnet("192.168.0.10"))

    assert_refused(
        lambda: batch_delete_listeners(elb, new_udp_listener(elb, 9001), demo.LISTENER),
        409,
        CONFLICT,
    )
    assert job_ids(elb) == []


# --- list_jobs ------------------------------------------------------------------------------


@pytest.fixture
def three_jobs(elb: Any) -> list[str]:
    """Three batch-delete jobs, oldest first (ids are time-ordered)."""
    return [delete_listeners(elb, new_udp_listener(elb, 9001 + index)) for index in range(3)]


def test_jobs_are_listed_oldest_first(elb: Any, three_jobs: list[str]) -> None:
    assert job_ids(elb) == three_jobs


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param("job_type", "batchDeleteListener", [0, 1, 2], id="job_type"),
        pytest.param("job_type", "cloneListener", [], id="job_type-other"),
        pytest.param("status", "COMPLETE", [0, 1, 2], id="status"),
        pytest.param("status", "FAIL", [], id="status-other"),
        pytest.param("error_code", "ELB.8902", [], id="error_code"),
        pytest.param("begin_time", "2000-01-01T00:00:00", [0, 1, 2], id="begin_time-past"),
        pytest.param("begin_time", "2999-01-01T00:00:00", [], id="begin_time-future"),
    ],
)
def test_list_jobs_filters(
    elb: Any, three_jobs: list[str], key: str, value: str, expected: list[int]
) -> None:
    assert job_ids(elb, **{key: value}) == [three_jobs[index] for index in expected]


def test_list_jobs_by_job_id_and_resource_id(elb: Any, three_jobs: list[str]) -> None:
    second = show_job(elb, three_jobs[1])

    assert job_ids(elb, job_id=three_jobs[1]) == [three_jobs[1]]
    assert job_ids(elb, resource_id=second.resource_id) == [three_jobs[1]]
    assert job_ids(elb, job_id=demo.UNKNOWN_ID) == []


def test_begin_time_keeps_the_jobs_of_that_second(elb: Any, three_jobs: list[str]) -> None:
    begin = show_job(elb, three_jobs[0]).begin_time  # yyyy-MM-ddTHH:mm:ssZ

    assert three_jobs[0] in job_ids(elb, begin_time=begin.rstrip("Z"))
    assert three_jobs[0] in job_ids(elb, begin_time=begin)


def test_list_jobs_pages_both_ways(elb: Any, three_jobs: list[str]) -> None:
    first = list_jobs(elb, limit=2)
    assert [job.job_id for job in first.jobs] == three_jobs[:2]
    assert first.page_info.next_marker == three_jobs[1]
    assert first.page_info.previous_marker == three_jobs[0]

    rest = list_jobs(elb, limit=2, marker=first.page_info.next_marker)
    assert [job.job_id for job in rest.jobs] == three_jobs[2:]
    assert rest.page_info.next_marker is None

    back = list_jobs(elb, limit=2, marker=three_jobs[2], page_reverse=True)
    assert [job.job_id for job in back.jobs] == three_jobs[:2]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"begin_time": "yesterday"}, id="begin_time-not-a-time"),
        pytest.param({"begin_time": "2024-01-01"}, id="begin_time-no-clock"),
        pytest.param({"marker": demo.UNKNOWN_ID}, id="unknown-marker"),
        pytest.param({"limit": "2001"}, id="limit-above-2000"),
        pytest.param({"limit": "-1"}, id="limit-negative"),
        pytest.param({"page_reverse": "maybe"}, id="page_reverse-not-a-bool"),
    ],
)
def test_a_bad_list_query_is_elb_8902(http: httpx.Client, query: dict[str, str]) -> None:
    assert_error_response(http.get(JOBS, params=query), 400, INVALID_INPUT)


def test_a_bad_begin_time_through_the_sdk(elb: Any) -> None:
    assert_refused(lambda: list_jobs(elb, begin_time="tomorrow"), 400, INVALID_INPUT, "begin_time")


# --- show_job, projects ---------------------------------------------------------------------


def test_an_unknown_job_is_not_found(elb: Any) -> None:
    assert_refused(
        lambda: show_job(elb, demo.UNKNOWN_ID),
        404,
        NOT_FOUND,
        f"job {demo.UNKNOWN_ID} could not be found.",
    )


def test_another_projects_job_is_not_found(mockelb: MockElbClient, elb: Any) -> None:
    job_id = delete_listeners(elb, new_udp_listener(elb, 9001))
    stranger = make_elb_client(mockelb.url, STRANGER)

    assert_refused(lambda: show_job(stranger, job_id), 404, NOT_FOUND)
    assert job_ids(stranger) == []


def test_reset_of_the_project_removes_its_jobs(mockelb: MockElbClient, elb: Any) -> None:
    delete_listeners(elb, new_udp_listener(elb, 9001))

    mockelb.reset(project_id=demo.PROJECT)

    assert job_ids(elb) == []


# --- seed documents and state ---------------------------------------------------------------


def test_a_seeded_job_is_shown_as_given(mockelb: MockElbClient, elb: Any) -> None:
    mockelb.load_state(
        {
            "jobs": [
                seeded_job(
                    status="FAIL",
                    resource_id=demo.LB,
                    error_code="ELB.9000",
                    error_msg="quota",
                    begin_time="2024-05-01T10:00:00Z",
                    sub_jobs=[
                        {
                            "resource_id": demo.LB,
                            "entities": [{"resource_id": demo.LB, "resource_type": "loadbalancer"}],
                        }
                    ],
                )
            ]
        }
    )

    job = show_job(elb, SEEDED_JOB)
    assert (job.status, job.job_type, job.error_code, job.error_msg) == (
        "FAIL",
        "cloneLoadbalancer",
        "ELB.9000",
        "quota",
    )
    assert (job.begin_time, job.end_time) == ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z")
    sub = job.sub_jobs[0]
    # a sub-job takes what it leaves out from its main job, and a stable id of its own
    assert (sub.status, sub.job_type, sub.begin_time) == (
        "FAIL",
        "cloneLoadbalancer",
        "2024-05-01T10:00:00Z",
    )
    assert UUID.fullmatch(sub.job_id)
    assert job_ids(elb, status="FAIL") == [SEEDED_JOB]
    assert job_ids(elb, begin_time="2024-05-01T10:00:01") == []


def test_jobs_round_trip_through_the_state(mockelb: MockElbClient, elb: Any) -> None:
    job_id = delete_listeners(elb, new_udp_listener(elb, 9001))
    before = show_job(elb, job_id).to_dict()
    state = mockelb.state()
    assert [job["job_id"] for job in state["jobs"]] == [job_id]

    mockelb.reset(project_id=demo.PROJECT)
    assert job_ids(elb) == []
    mockelb.load_state({"jobs": state["jobs"]})

    assert show_job(elb, job_id).to_dict() == before


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"job_type": "copyEverything"}, id="unknown-job_type"),
        pytest.param({"status": "DONE"}, id="unknown-status"),
        pytest.param({"begin_time": "yesterday"}, id="bad-begin_time"),
        pytest.param(
            {"sub_jobs": [{"entities": [{"resource_id": "x", "resource_type": "pool"}]}]},
            id="unknown-resource_type",
        ),
        pytest.param({"sub_jobs": [{"project_id": STRANGER}]}, id="sub-job-of-another-project"),
    ],
)
def test_a_bad_seeded_job_is_refused_and_nothing_is_loaded(
    mockelb: MockElbClient, http: httpx.Client, fields: dict[str, Any]
) -> None:
    document = {"jobs": [seeded_job(**fields)]}

    response = http.post("/_mockelb/state", json=document)

    assert response.status_code == 400, response.text
    assert assert_ok_response(http.get(JOBS))["jobs"] == []


def test_a_seeded_job_id_twice_is_refused(mockelb: MockElbClient, http: httpx.Client) -> None:
    mockelb.load_state({"jobs": [seeded_job()]})

    response = http.post("/_mockelb/state", json={"jobs": [seeded_job()]})

    assert response.status_code == 400
    assert "already exists" in response.text
