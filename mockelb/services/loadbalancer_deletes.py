"""The load balancer deletes beside delete and delete-cascade: delete_load_balancer_force
(DELETE …/loadbalancers/{id}/force-elb) and batch_delete_loadbalancers.

Both are delete-cascade (services/loadbalancers.py) by another route, with its checks and,
while the project's recycle bin is on, into the bin like it (services/recycling.py):

* force-elb, per its reference page, deletes the listeners, pools and members with the load
  balancer; it fails on the load balancer's deletion protection or on any of its pools'
  (member_deletion_protection_enable), not on modification protection; an EIP would only
  be unbound (mockelb binds none). That is delete-cascade with unbounded_pool true.
* batch-delete takes delete-cascade's unbounded_pool and public_ip for every load balancer
  it names, all or none: each one is looked up first (an unknown id is 404 before anything
  is written), and a load balancer refused on its protection refuses the whole batch (the
  request's transaction undoes the others). It answers 202 with the ids and the id of its
  job (batchDeleteLoadbalancer, one sub-job per load balancer), recorded finished, as
  mockelb does the work before it answers. An id named twice is deleted once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mockelb.schemas.loadbalancers import DeleteLoadBalancerCascadeOption
from mockelb.schemas.recycle_bin import BatchDeleteLoadbalancersRequestBody
from mockelb.services import jobs
from mockelb.services import loadbalancers as lb_service


def delete_load_balancer_force(session: Session, *, project_id: str, loadbalancer_id: str) -> None:
    """Delete a load balancer with its listeners, pools and members (into the recycle bin
    while it is on); refused on the deletion protection of the load balancer or a pool."""
    lb_service.delete_load_balancer_cascade(
        session,
        project_id=project_id,
        loadbalancer_id=loadbalancer_id,
        option=DeleteLoadBalancerCascadeOption(unbounded_pool=True, public_ip=False),
    )


def batch_delete_loadbalancers(
    session: Session, *, project_id: str, body: BatchDeleteLoadbalancersRequestBody
) -> tuple[list[str], str]:
    """Cascade-delete every load balancer named, or none; the ids and the job's id."""
    lb_ids = list(dict.fromkeys(body.loadbalancer_ids))
    for lb_id in lb_ids:
        lb_service.show_load_balancer(session, project_id=project_id, loadbalancer_id=lb_id)
    option = DeleteLoadBalancerCascadeOption(
        unbounded_pool=body.unbounded_pool, public_ip=body.public_ip
    )
    for lb_id in lb_ids:
        lb_service.delete_load_balancer_cascade(
            session, project_id=project_id, loadbalancer_id=lb_id, option=option
        )
    job_id = jobs.record_job(
        session,
        project_id=project_id,
        job_type=jobs.BATCH_DELETE_LOADBALANCER,
        # the reference does not say which resource a batch job names: the first one
        resource_id=lb_ids[0],
        sub_jobs=[jobs.sub_job_of(lb_id, jobs.LOADBALANCER) for lb_id in lb_ids],
    )
    return lb_ids, job_id
