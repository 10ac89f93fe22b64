"""Fault rules: POST, GET and DELETE /_mockelb/faults[/{fault_id}]."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response
from typing_extensions import TypedDict

from mockelb.errors import NotFound
from mockelb.faults import FaultRuleOption, FaultView, check_rule
from mockelb.harness import Harness
from mockelb.openapi import response_body
from mockelb.responses import json_response
from mockelb.validation import json_body, reject_nul_characters

# a NUL in a query value is a 400 naming it (PostgreSQL cannot search for one), in a fault
# id a 404, as everywhere else
router = APIRouter(
    prefix="/_mockelb", tags=["admin"], dependencies=[Depends(reject_nul_characters)]
)


class FaultResponse(TypedDict):
    fault: FaultView


class FaultsResponse(TypedDict):
    """The rules in the order they were added (the first that matches and fires wins)."""

    faults: list[FaultView]


@router.post("/faults", status_code=201)
@response_body(FaultResponse)
async def create_fault(
    request: Request,
    option: Annotated[FaultRuleOption, Depends(json_body(FaultRuleOption))],
) -> Response:
    """Add a rule after the others."""
    harness: Harness = request.app.state.harness
    check_rule(option, harness.operations.names)
    fault = await harness.run(harness.faults.add, option)
    return json_response(FaultResponse(fault=fault.view()), status_code=201)


@router.get("/faults")
@response_body(FaultsResponse)
async def list_faults(request: Request) -> Response:
    harness: Harness = request.app.state.harness
    faults = await harness.run(harness.faults.all)
    return json_response(FaultsResponse(faults=[fault.view() for fault in faults]))


@router.delete("/faults/{fault_id}", status_code=204)
async def delete_fault(request: Request, fault_id: str) -> Response:
    """Remove one rule; an unknown id is 404 ELB.8904."""
    harness: Harness = request.app.state.harness
    if not await harness.run(harness.faults.remove, fault_id):
        raise NotFound(kind="fault", id=fault_id)
    return Response(status_code=204)


@router.delete("/faults", status_code=204)
async def delete_faults(request: Request) -> Response:
    """Remove every rule."""
    harness: Harness = request.app.state.harness
    await harness.run(harness.faults.clear)
    return Response(status_code=204)
