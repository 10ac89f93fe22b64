"""Which listeners use which pools: a listener sends requests to its default pool and to
every pool one of its forwarding policies forwards to (L7PolicyPool).

One statement, used wherever a pool's listeners matter: the pool's `listeners` field,
list_pools?listener_id=, list_listeners?member_address= (and the other member filters),
the health of its members (one status per listener), the pools under each listener of the
load balancer's status tree, the listener a member check names, and the members the
prober checks. A traffic mirror's target pool is not used by the listener.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, bindparam, select, union
from sqlalchemy.orm import Session

from mockelb.models import L7Policy, L7PolicyPool, Listener

# L7PolicyPool.role: a pool the policy forwards to; the target of its traffic mirror
FORWARD = "forward"
MIRROR = "mirror"


def pool_listener_pairs() -> Select[tuple[str, str]]:
    """(pool_id, listener_id) of every pool a listener uses, each pair once."""
    by_default = select(
        Listener.default_pool_id.label("pool_id"), Listener.id.label("listener_id")
    ).where(Listener.default_pool_id.is_not(None))
    by_policy = (
        select(L7PolicyPool.pool_id.label("pool_id"), L7Policy.listener_id.label("listener_id"))
        .join(L7Policy, L7Policy.id == L7PolicyPool.l7policy_id)
        .where(L7PolicyPool.role == FORWARD)
    )
    pairs = union(by_default, by_policy).subquery()
    return select(pairs.c.pool_id, pairs.c.listener_id)


def pools_used_by(listener_ids: Iterable[str]) -> Select[tuple[str]]:
    """The ids of the pools these listeners use."""
    pairs = pool_listener_pairs().subquery()
    return select(pairs.c.pool_id).where(pairs.c.listener_id.in_(list(listener_ids)))


def listeners_of_pools(session: Session, pool_ids: Iterable[str]) -> dict[str, list[str]]:
    """For each pool, the ids of the listeners that use it, in id order."""
    found: dict[str, list[str]] = {pool_id: [] for pool_id in pool_ids}
    if not found:
        return found
    rows = session.connection().execute(_LISTENERS_OF_POOLS, {"pool_ids": list(found)})
    for pool_id, listener_id in rows:
        found[str(pool_id)].append(str(listener_id))
    return found


def _listeners_of_pools() -> Select[str, str]:
    pairs = pool_listener_pairs().subquery()
    return (
        select(pairs.c.pool_id, pairs.c.listener_id)
        .where(pairs.c.pool_id.in_(bindparam("pool_ids", expanding=True)))
        .order_by(pairs.c.listener_id)
    )


# built once: the member views ask it on every request (a new statement would be compiled
# and its cache key computed each time)
_LISTENERS_OF_POOLS = _listeners_of_pools()


def listener_uses_pool(session: Session, listener_id: str, pool_id: str) -> bool:
    pairs = pool_listener_pairs().subquery()
    stmt = select(pairs.c.listener_id).where(
        pairs.c.listener_id == listener_id, pairs.c.pool_id == pool_id
    )
    return session.execute(stmt.limit(1)).first() is not None
