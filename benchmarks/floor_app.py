"""The floor of the benchmark: a bare FastAPI app on mockelb's member paths, no storage.

It parses each request with plain pydantic models (no custom validators) and answers a body of
the shape mockelb answers, of the same size, through FastAPI's default path: declared
response models, the endpoint returning dicts, FastAPI validating them against the model and
serializing with pydantic (its JSON fast path for a declared response model). Same paths as
mockelb, so the same requests, and the official SDK, can call it:

    POST /v3/{project_id}/elb/pools/{pool_id}/members/batch-add     201, one member per item
    GET  /v3/{project_id}/elb/pools/{pool_id}/members?limit=N       200, N members, page_info
    GET  /v3/{project_id}/elb/pools/{pool_id}/members/{member_id}   200, one member
    GET  /_mockelb/health                                            200 (readiness)

    python benchmarks/floor_app.py --port P    # uvicorn as mockelb runs it: one worker,
                                               # uvloop, httptools, no access log
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

LISTENER_ID = "0b11747a-b139-492f-9692-2df0b1c87101"
SUBNET_ID = "61da8098-954b-4809-bc5a-b99ccef8a398"


class FloorMember(BaseModel):
    name: str | None = None
    address: str
    protocol_port: int
    subnet_cidr_id: str | None = None
    weight: int | None = None


class FloorBatchBody(BaseModel):
    members: list[FloorMember]


class ListenerStatus(BaseModel):
    listener_id: str
    operating_status: str


class Member(BaseModel):
    """A member as mockelb's list and show answer it."""

    id: str
    name: str
    project_id: str
    admin_state_up: bool
    subnet_cidr_id: str | None
    protocol_port: int
    weight: int
    address: str
    operating_status: str
    status: list[ListenerStatus]
    reason: None
    member_type: str
    instance_id: str
    created_at: str
    updated_at: str
    ip_version: str
    availability_zone: str


class BatchMember(BaseModel):
    """A member as mockelb's batch-add answers it."""

    id: str
    name: str
    project_id: str
    admin_state_up: bool
    subnet_cidr_id: str | None
    protocol_port: int
    weight: int
    address: str
    operating_status: str
    status: list[ListenerStatus]
    reason: None
    member_type: str
    instance_id: str
    created_at: str
    updated_at: str
    port_id: str
    ret_status: str


class BatchAddAnswer(BaseModel):
    members: list[BatchMember]
    request_id: str


class PageInfo(BaseModel):
    previous_marker: str | None = None
    current_count: int


class ListAnswer(BaseModel):
    members: list[Member]
    page_info: PageInfo
    request_id: str


class ShowAnswer(BaseModel):
    member: Member
    request_id: str


app = FastAPI()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _member(project_id: str, index: int, now: str) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "name": f"member-{index}",
        "project_id": project_id,
        "admin_state_up": False,
        "subnet_cidr_id": SUBNET_ID,
        "protocol_port": 1 + index // 253,
        "weight": 1,
        "address": f"192.168.0.{2 + index % 253}",
        "operating_status": "OFFLINE",
        "status": [{"listener_id": LISTENER_ID, "operating_status": "OFFLINE"}],
        "reason": None,
        "member_type": "instance",
        "instance_id": "",
        "created_at": now,
        "updated_at": now,
        "ip_version": "v4",
        "availability_zone": "",
    }


@app.post(
    "/v3/{project_id}/elb/pools/{pool_id}/members/batch-add",
    status_code=201,
    response_model=BatchAddAnswer,
)
async def batch_add(project_id: str, pool_id: str, body: FloorBatchBody) -> dict[str, object]:
    now = _now()
    members = [
        {
            "id": str(uuid.uuid4()),
            "name": member.name or "",
            "project_id": project_id,
            "admin_state_up": False,
            "subnet_cidr_id": member.subnet_cidr_id,
            "protocol_port": member.protocol_port,
            "weight": 1 if member.weight is None else member.weight,
            "address": member.address,
            "operating_status": "OFFLINE",
            "status": [{"listener_id": LISTENER_ID, "operating_status": "OFFLINE"}],
            "reason": None,
            "member_type": "instance",
            "instance_id": "",
            "created_at": now,
            "updated_at": now,
            "port_id": "",
            "ret_status": "successful",
        }
        for member in body.members
    ]
    return {"members": members, "request_id": uuid.uuid4().hex}


@app.get("/v3/{project_id}/elb/pools/{pool_id}/members", response_model=ListAnswer)
async def list_members(project_id: str, pool_id: str, limit: int = 2000) -> dict[str, object]:
    now = _now()
    members = [_member(project_id, index, now) for index in range(limit)]
    page_info: dict[str, object] = {"current_count": len(members)}
    if members:
        page_info["previous_marker"] = members[0]["id"]
    return {"members": members, "page_info": page_info, "request_id": uuid.uuid4().hex}


@app.get("/v3/{project_id}/elb/pools/{pool_id}/members/{member_id}", response_model=ShowAnswer)
async def show_member(project_id: str, pool_id: str, member_id: str) -> dict[str, object]:
    member = _member(project_id, 0, _now())
    member["id"] = member_id
    return {"member": member, "request_id": uuid.uuid4().hex}


@app.get("/_mockelb/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        workers=1,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
        server_header=False,
        lifespan="off",
    )


if __name__ == "__main__":
    main()
