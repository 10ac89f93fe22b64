"""upgrade_loadbalancer: a shared load balancer becomes a dedicated one, in three steps.

The cloud runs an upgrade as a job: `start` (only while provisioning_status is ACTIVE)
moves the load balancer to its new flavors and AZs and leaves it UPGRADED; `complete`
(only from UPGRADED) makes it final and ACTIVE; `rollback` (from UPGRADED, UPGRADE_FAILED
or ROLLBACK_FAILED) makes it shared again, ACTIVE. Its ID and VIP stay; the upgrade turns
on "transfer client IP" for every listener and advanced forwarding for layer-7 ones
(Huawei's "Upgrade Description"). mockelb finishes each step before it answers, so a step
is a finished UPGRADE job (list_jobs, show_job) and the load balancer shows its result at
once.

mockelb has shared load balancers from seed data alone (`guaranteed: false`; the API
creates dedicated ones only): such a load balancer has no flavors, keeps the AZ list and
backend subnets its seed gives (a shared one does not use them), and has no IPv6 VIP.
Choices where the reference is silent:

- start on a dedicated load balancer is a 400 (dedicated ones are never downgraded), a
  step from the wrong provisioning_status a 409 (ELB.8907);
- start checks what create checks for the same fields (AZs of one set that sell the
  flavors' families, flavors that exist and fit, subnets of the load balancer's VPC) and
  that every listener keeps a flavor of its layer; the backend subnet defaults to the
  network of the IPv4 VIP subnet, else the backend subnets stay as they are;
- rollback gives back what the upgrade added: the flavors and the IPv6 VIP; the AZ list
  and the backend subnets stay (a shared load balancer ignores them), and so do the
  listener flags (advanced forwarding cannot be turned off, and transferring the client IP
  is what a shared load balancer does anyway).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mockelb.errors import Conflict, InvalidInput
from mockelb.ids import utc_now
from mockelb.models import Listener, LoadBalancer, Subnet
from mockelb.schemas.loadbalancer_actions import UpgradeV3RequestBody
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption, UpdateLoadBalancerOption
from mockelb.services import jobs
from mockelb.services.availability_zones import check_availability_zones
from mockelb.services.loadbalancer_flavors import LAYER4_PROTOCOLS, LAYER7_PROTOCOLS
from mockelb.services.loadbalancer_zones import check_zone_sells_flavors
from mockelb.services.loadbalancers import show_load_balancer, update_load_balancer

ACTIVE = "ACTIVE"
UPGRADED = "UPGRADED"
ROLLBACK_FROM = frozenset({UPGRADED, "UPGRADE_FAILED", "ROLLBACK_FAILED"})
# the shared load balancer's name of HTTPS counts as layer 7 too
_LAYER7 = LAYER7_PROTOCOLS | {"TERMINATED_HTTPS"}


def upgrade_loadbalancer(
    session: Session, *, project_id: str, loadbalancer_id: str, option: UpgradeV3RequestBody
) -> str:
    """Run one step of the upgrade and return the id of its (finished) job."""
    lb = show_load_balancer(session, project_id=project_id, loadbalancer_id=loadbalancer_id)
    if option.action == "start":
        _start(session, project_id, lb, option)
    elif option.action == "complete":
        _complete(lb)
    else:
        _rollback(lb)
    return jobs.record_job(
        session,
        project_id=project_id,
        job_type=jobs.UPGRADE,
        resource_id=lb.id,
        sub_jobs=[jobs.sub_job_of(lb.id, jobs.LOADBALANCER)],
    )


def _start(
    session: Session, project_id: str, lb: LoadBalancer, option: UpgradeV3RequestBody
) -> None:
    """Check everything, then make the load balancer dedicated; it is UPGRADED."""
    if lb.guaranteed:
        raise InvalidInput(
            field="action",
            reason=f"load balancer {lb.id} is dedicated; only a shared one is upgraded.",
        )
    _check_status(lb, {ACTIVE}, "start")
    if not option.availability_zone_list:
        raise InvalidInput(field="availability_zone_list", reason="it is required to start.")
    if option.l4_flavor_id is None and option.l7_flavor_id is None:
        raise InvalidInput(
            field="l4_flavor_id", reason="l4_flavor_id and l7_flavor_id cannot both be empty."
        )
    codes = list(dict.fromkeys(option.availability_zone_list))
    zones = check_availability_zones(session, codes)
    for code in codes:
        check_zone_sells_flavors(
            zones[code], option.l4_flavor_id, option.l7_flavor_id, field="availability_zone_list"
        )
    _check_listeners_keep_a_flavor(session, lb, option)
    # dedicated from here on: the update below applies a dedicated load balancer's rules
    lb.guaranteed = True
    update_load_balancer(
        session,
        project_id=project_id,
        loadbalancer_id=lb.id,
        option=UpdateLoadBalancerOption.model_validate(_update_of(session, lb, option)),
    )
    lb.availability_zone_list = codes
    lb.provisioning_status = UPGRADED
    session.execute(
        update(Listener)
        .where(Listener.loadbalancer_id == lb.id)
        .values(transparent_client_ip_enable=True),
        execution_options={"synchronize_session": "fetch"},
    )
    session.execute(
        update(Listener)
        .where(Listener.loadbalancer_id == lb.id, Listener.protocol.in_(_LAYER7))
        .values(enhance_l7policy_enable=True),
        execution_options={"synchronize_session": "fetch"},
    )


def _update_of(session: Session, lb: LoadBalancer, option: UpgradeV3RequestBody) -> dict[str, Any]:
    """The fields of start that update_load_balancer applies, with their rules."""
    fields: dict[str, Any] = {
        name: getattr(option, name)
        for name in ("l4_flavor_id", "l7_flavor_id", "ipv6_vip_virsubnet_id", "ipv6_vip_address")
        if getattr(option, name) is not None
    }
    if option.elb_virsubnet_ids is not None:
        fields["elb_virsubnet_ids"] = option.elb_virsubnet_ids
    elif lb.vip_subnet_cidr_id is not None:
        # "若不指定该字段，则选择vip_subnet_cidr_id子网对应的网络ID"
        network_id = session.scalar(
            select(Subnet.neutron_network_id).where(
                Subnet.project_id == lb.project_id,
                Subnet.neutron_subnet_id == lb.vip_subnet_cidr_id,
            )
        )
        if network_id is not None:
            fields["elb_virsubnet_ids"] = [network_id]
    return fields


def _check_listeners_keep_a_flavor(
    session: Session, lb: LoadBalancer, option: UpgradeV3RequestBody
) -> None:
    """A layer-4 listener needs l4_flavor_id, a layer-7 one l7_flavor_id."""
    protocols = set(
        session.scalars(select(Listener.protocol).where(Listener.loadbalancer_id == lb.id))
    )
    if protocols & LAYER4_PROTOCOLS and option.l4_flavor_id is None:
        raise InvalidInput(
            field="l4_flavor_id", reason="the load balancer has layer-4 listeners; it is required."
        )
    if protocols & _LAYER7 and option.l7_flavor_id is None:
        raise InvalidInput(
            field="l7_flavor_id", reason="the load balancer has layer-7 listeners; it is required."
        )


def _complete(lb: LoadBalancer) -> None:
    _check_status(lb, {UPGRADED}, "complete")
    lb.provisioning_status = ACTIVE
    lb.updated_at = utc_now()


def _rollback(lb: LoadBalancer) -> None:
    """Shared again: without the flavors and the IPv6 VIP the upgrade gave it."""
    _check_status(lb, ROLLBACK_FROM, "rollback")
    lb.guaranteed = False
    lb.l4_flavor_id = None
    lb.l7_flavor_id = None
    lb.ipv6_vip_virsubnet_id = None
    lb.ipv6_vip_address = None
    lb.ipv6_vip_port_id = None
    lb.provisioning_status = ACTIVE
    lb.updated_at = utc_now()


def _check_status(lb: LoadBalancer, allowed: set[str] | frozenset[str], action: str) -> None:
    if lb.provisioning_status not in allowed:
        raise Conflict(
            message=f"Load balancer {lb.id} is {lb.provisioning_status}; the upgrade cannot "
            f"{action} from it (it can from {', '.join(sorted(allowed))})."
        )


def make_shared(lb: LoadBalancer, option: CreateLoadBalancerOption) -> None:
    """A seed's shared load balancer (`guaranteed: false`), made from the dedicated one
    create built: no flavors; what a shared one cannot have is refused (400)."""
    for field in ("l4_flavor_id", "l7_flavor_id", "ipv6_vip_virsubnet_id"):
        if getattr(option, field) is not None:
            raise InvalidInput(
                field=field, reason="a shared load balancer (guaranteed false) has none."
            )
    if option.ip_target_enable:
        raise InvalidInput(
            field="ip_target_enable", reason="a shared load balancer (guaranteed false) has none."
        )
    if lb.loadbalancer_type is not None:
        raise InvalidInput(
            field="guaranteed", reason=f"a {lb.loadbalancer_type} load balancer is not shared."
        )
    lb.guaranteed = False
    lb.l4_flavor_id = None
    lb.l7_flavor_id = None
