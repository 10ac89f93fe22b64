"""batch_create_load_balancers: up to ten load balancers from one option, all or none.

Each load balancer is made by create_load_balancer from the option, so every rule of a
single create applies to each (AZs, flavors, subnets, VIPs, quota: the tenth that does not
fit refuses the whole batch). The cloud creates them in the background and answers with
their ids and a job; mockelb creates them before it answers and records the job finished
(services/jobs.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.models import LoadBalancer
from mockelb.schemas.clones import BatchCreateLoadBalancerOption
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption
from mockelb.services import jobs
from mockelb.services.loadbalancers import create_load_balancer

# fields of the batch option that a single create does not take: "not supported, do not
# use" (id, ids), how many (number), and the shared bandwidth of EIPs (not emulated)
_BATCH_ONLY = {"id", "ids", "number", "bandwidth"}
# fields that name one address or one EIP: "not supported when number is above 1, 400"
_ONE_ONLY = ("vip_address", "ipv6_vip_address", "publicip_ids")


@dataclass(frozen=True)
class BatchCreated:
    """The load balancers a batch made, in order, and the id of its job."""

    loadbalancers: list[LoadBalancer]
    job_id: str


def batch_create_load_balancers(
    session: Session, *, project_id: str, option: BatchCreateLoadBalancerOption
) -> BatchCreated:
    """Create `number` dedicated load balancers alike, named name-0001, name-0002, … when
    there are several; one refused refuses them all (the transaction is rolled back)."""
    number = option.number or 1
    _check_batch_option(option, number)
    created = []
    for index in range(1, number + 1):
        created.append(
            create_load_balancer(
                session, project_id=project_id, option=_single_option(option, number, index)
            )
        )
        # flushed one by one: the next one's VIP and quota checks see those before it
        session.flush()
    job_id = jobs.record_job(
        session,
        project_id=project_id,
        # mockelb's load balancers are all dedicated ("V3"); shared ones are refused
        job_type=jobs.BATCH_CREATE_V3_LOADBALANCER,
        resource_id=created[0].id,
        sub_jobs=[jobs.sub_job_of(lb.id, jobs.LOADBALANCER) for lb in created],
    )
    return BatchCreated(loadbalancers=created, job_id=job_id)


def _check_batch_option(option: BatchCreateLoadBalancerOption, number: int) -> None:
    """What the batch option can be checked for before any load balancer is made."""
    for field in ("id", "ids"):
        if getattr(option, field) is not None:
            raise InvalidInput(field=field, reason="it is not supported; leave it out.")
    if option.bandwidth is not None:
        # a shared bandwidth belongs to EIPs, which mockelb does not emulate
        raise InvalidInput(field="bandwidth", reason="mockelb does not emulate EIPs; leave it out.")
    if number > 1:
        for field in _ONE_ONLY:
            if getattr(option, field) is not None:
                raise InvalidInput(
                    field=field, reason="it cannot be given when number is greater than 1."
                )
    if option.guaranteed is False:
        # shared load balancers (batchCreateV2Loadbalancer) are not emulated, as in create
        raise InvalidInput(field="guaranteed", reason="only true (dedicated) is supported.")
    if option.availability_zone_list is None:
        # a dedicated load balancer needs its AZs (CreateLoadBalancerOption requires them);
        # the batch option leaves them optional because shared ones refuse them
        raise InvalidInput(
            field="availability_zone_list", reason="dedicated load balancers need it."
        )


def _single_option(
    option: BatchCreateLoadBalancerOption, number: int, index: int
) -> CreateLoadBalancerOption:
    """The create option of the index-th load balancer (1-based) of the batch."""
    fields = option.model_dump(exclude=_BATCH_ONLY, exclude_unset=True)
    if number > 1 and option.name:
        # "elb-test" three times: elb-test-0001, elb-test-0002, elb-test-0003 (the reference);
        # without a name they stay unnamed
        fields["name"] = f"{option.name}-{index:04d}"[:255]
    return CreateLoadBalancerOption.model_validate(fields)
