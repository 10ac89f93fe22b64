"""The floor of batch-add: parse a 200-member body with pydantic, answer a BatchMember-shaped
body of the same size, store nothing. Served by uvicorn beside mockelb in the benchmark."""

from __future__ import annotations

import uuid

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import Response

from mockelb.schemas.members import BatchCreateMembersRequestBody

app = FastAPI()


@app.post("/floor")
async def floor(request: Request) -> Response:
    body = BatchCreateMembersRequestBody.model_validate_json(await request.body())
    members = [
        {
            "id": str(uuid.uuid4()),
            "name": m.name or "",
            "project_id": "04dd36f964000fe22f9ac00bc85b1a1d",
            "admin_state_up": False,
            "subnet_cidr_id": m.subnet_cidr_id,
            "protocol_port": m.protocol_port,
            "weight": 1 if m.weight is None else m.weight,
            "address": m.address,
            "operating_status": "NO_MONITOR",
            "reason": None,
            "status": [{"listener_id": str(uuid.uuid4()), "operating_status": "NO_MONITOR"}],
            "member_type": "instance",
            "instance_id": "",
            "port_id": "",
            "ret_status": "successful",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        }
        for m in body.members
    ]
    content = orjson.dumps({"request_id": uuid.uuid4().hex, "members": members})
    return Response(content, status_code=201, media_type="application/json")
