"""change_loadbalancer_charge_mode: order yearly/monthly (prepaid) billing for load balancers.

mockelb emulates no billing. The cloud answers this call with the order it placed; the load
balancers become prepaid only once the order is paid in the billing centre, and stay
pay-per-use until then. mockelb places the order (a new order_id, the load balancers in
loadbalancer_id_list) and never pays it: every load balancer stays pay-per-use, with the
charge_mode it shows and billing_info null. So a client sees what the cloud shows while an
order waits for payment.

Checked, all before the order is placed: the body (charge_mode "prepaid", the period: 1-9
months or 1-3 years), each load balancer (it exists in the project, is dedicated: a shared
one is free and has nothing to prepay, and is named once), and the EIPs: publicip_ids needs
include_publicip true, and names EIPs, which mockelb does not emulate, so none exists
(404, as create_load_balancer answers publicip_ids). No EIP is bound to a mockelb load
balancer, so eip_id_list is always empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput, NotFound
from mockelb.ids import new_id
from mockelb.models import LoadBalancer
from mockelb.schemas.loadbalancer_actions import (
    ChangeLoadbalancerChargeModeRequestBody,
    PrepaidChangeChargeModeOption,
)
from mockelb.services.loadbalancers import show_load_balancer

MAX_YEARS = 3


@dataclass(frozen=True, slots=True)
class ChargeModeOrder:
    """The order a change of charge mode placed."""

    order_id: str
    loadbalancer_ids: list[str]
    eip_ids: list[str]


def change_loadbalancer_charge_mode(
    session: Session, *, project_id: str, body: ChangeLoadbalancerChargeModeRequestBody
) -> ChargeModeOrder:
    """Place the prepaid order for the load balancers; they stay pay-per-use (unpaid)."""
    if body.prepaid_options is not None:
        _check_prepaid_options(body.prepaid_options)
    lbs = [_prepayable(session, project_id, lb_id) for lb_id in _once_each(body.loadbalancer_ids)]
    return ChargeModeOrder(order_id=new_id(), loadbalancer_ids=[lb.id for lb in lbs], eip_ids=[])


def _check_prepaid_options(options: PrepaidChangeChargeModeOption) -> None:
    if options.period_type == "year" and (options.period_num or 1) > MAX_YEARS:
        raise InvalidInput(
            field="prepaid_options.period_num", reason=f"it must be 1 to {MAX_YEARS} for years."
        )
    if options.publicip_ids is not None and not options.include_publicip:
        raise InvalidInput(
            field="prepaid_options.publicip_ids",
            reason="it can be given only with include_publicip true.",
        )
    if options.publicip_ids:
        # EIPs belong to the EIP service, which mockelb does not emulate: none exists
        raise NotFound(kind="publicip", id=options.publicip_ids[0])


def _once_each(lb_ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for lb_id in lb_ids:
        if lb_id in seen:
            raise InvalidInput(field="loadbalancer_ids", reason=f"{lb_id} is named twice.")
        seen.add(lb_id)
    return lb_ids


def _prepayable(session: Session, project_id: str, lb_id: str) -> LoadBalancer:
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=lb_id)
    if not lb.guaranteed:
        raise InvalidInput(
            field="loadbalancer_ids",
            reason=f"load balancer {lb.id} is shared, which is free: it has no charge mode to "
            "change.",
        )
    return lb
