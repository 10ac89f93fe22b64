"""What the ordinary pool, member and health monitor operations may not do to an
active/standby (master-slave) pool; each rule is one call in the operation it guards.

An active/standby pool is a pool (Pool.master_slave): show_pool, list_pools, the member
reads, the health monitor reads, the listeners and the status tree see it like any other.
The API has no update for it (create, show, list, delete only), and its two members (one
master, one slave) and its health monitor come with its create request: mockelb keeps
them as created. A write through the ordinary operations that would change the pool,
its members or its monitor is refused with 409 ELB.8907, naming the way that works
(delete the pool and create it again); delete_pool_cascade deletes it like any pool.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mockelb.errors import Conflict
from mockelb.models import Pool


def _refuse(pool: Pool, what: str) -> None:
    raise Conflict(
        message=f"Pool {pool.id} is an active/standby (master-slave) pool: {what} are set "
        "when it is created; delete it (delete_master_slave_pool) and create it again."
    )


def check_pool_changeable(pool: Pool) -> None:
    """update_pool: the settings of an active/standby pool stay as created."""
    if pool.master_slave:
        _refuse(pool, "its settings")


def check_members_changeable(pool: Pool) -> None:
    """Adding, updating or removing a member of an active/standby pool."""
    if pool.master_slave:
        _refuse(pool, "its master and slave members")


def check_monitor_changeable(session: Session, pool_id: str) -> None:
    """Updating or deleting the health monitor of an active/standby pool."""
    pool = session.get(Pool, pool_id)
    if pool is not None and pool.master_slave:
        _refuse(pool, "its health monitor and its members")


def check_pool_deletable(pool: Pool) -> None:
    """delete_pool and batch_delete_pools: an active/standby pool keeps its members and
    monitor until it goes, so these would refuse it anyway; this says how it goes."""
    if pool.master_slave:
        raise Conflict(
            message=f"Pool {pool.id} is an active/standby (master-slave) pool with its "
            "members and health monitor; delete it with delete_master_slave_pool or "
            "delete_pool_cascade."
        )
