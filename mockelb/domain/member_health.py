"""What a member's health is: the rule every view of a member follows (show, lists,
batch answers, the status tree).

Derived, as mockelb sends no probe:
* a pool on no load balancer: UNKNOWN;
* else NO_MONITOR without an enabled health monitor, INITIAL with one;
* but OFFLINE, for a pool a listener uses, when the member's address is on no seeded cloud
  server (instance_id "") or its server is not running: "the cloud server used as the
  backend server is stopped or does not exist" (the batch-add reference, whose example
  answers OFFLINE for its two members at addresses of no ECS). IP-type members are at no
  ECS either, so behind a listener they are OFFLINE too, as a probe of an address where
  nothing runs would find them.

Forced by a test (PUT /_mockelb/members/{id}/health): for one listener, or for every
listener (ALL_LISTENERS); a listener's own value wins over the one for every listener.

The member's own operating_status is the least healthy of what its listeners see (the
first of SEVERITY, the first listener by id on a tie), with that listener's reason; a
member no listener uses shows the value forced for every listener, or the derived one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mockelb.domain.members import MemberColumns, PoolState
from mockelb.models import Member

# least healthy first: a member is ONLINE only when every listener sees it so
SEVERITY = {"OFFLINE": 0, "INITIAL": 1, "UNKNOWN": 2, "NO_MONITOR": 3, "ONLINE": 4}
OFFLINE = "OFFLINE"
ONLINE = "ONLINE"
INITIAL = "INITIAL"
# the listener_id of a value forced for every listener of the member's pool
ALL_LISTENERS = ""


@dataclass(frozen=True, slots=True)
class HealthReason:
    """The MemberHealthCheckFailedReason of an unhealthy member."""

    reason_code: str
    expected_response: str | None = None
    healthcheck_response: str | None = None


@dataclass(frozen=True, slots=True)
class Health:
    """An operating status, and why the health check fails (when a test said so)."""

    operating_status: str
    reason: HealthReason | None = None


@dataclass(frozen=True, slots=True)
class ListenerHealth:
    """The member's health as one listener of its pool sees it (a MemberStatus)."""

    listener_id: str
    health: Health


@dataclass(frozen=True, slots=True)
class MemberHealth:
    """The member's own health and, per listener of its pool, the one each sees."""

    own: Health
    status: tuple[ListenerHealth, ...]

    def seen_by(self, listener_id: str) -> Health:
        """The health the listener sees (the member's own if the listener is not its)."""
        for entry in self.status:
            if entry.listener_id == listener_id:
                return entry.health
        return self.own


@dataclass(frozen=True, slots=True)
class HealthBook:
    """Everything the health of some pools' members depends on, read once per request.

    pools: the state of each pool; stopped: the ids of the cloud servers that do not run
    (a member's server cannot go missing: servers come from seed data only); forced: per
    member id, per listener id (ALL_LISTENERS for every listener), what a test forced.
    """

    pools: Mapping[str, PoolState]
    stopped: frozenset[str] = frozenset()
    forced: Mapping[str, Mapping[str, Health]] = field(default_factory=dict)
    # what the prober found, per member id (--probe-members)
    probed: Mapping[str, Health] = field(default_factory=dict)
    # members created, under monitors changed, at or before this time are ONLINE rather
    # than INITIAL (--member-online-after; None: they stay INITIAL)
    online_cutoff: str | None = None
    # derived health per (pool id, server running, ripe): the same object for most members
    _derived: dict[tuple[str, bool, bool], MemberHealth] = field(
        default_factory=dict, repr=False, compare=False
    )

    def of_row(self, row: MemberColumns) -> MemberHealth:
        """The health of a member given as its columns."""
        return self.of(row["id"], row["pool_id"], row["instance_id"], row["created_at"])

    def of_member(self, member: Member) -> MemberHealth:
        return self.of(member.id, member.pool_id, member.instance_id, member.created_at)

    def of(self, member_id: str, pool_id: str, instance_id: str, created_at: str) -> MemberHealth:
        """The member's health: forced by a test, else probed, else derived."""
        derived = self.derived(
            pool_id, self.has_server(instance_id), self.is_ripe(pool_id, created_at)
        )
        probed = self.probed.get(member_id)
        if probed is not None and derived.status:
            derived = MemberHealth(
                own=probed,
                status=tuple(ListenerHealth(e.listener_id, probed) for e in derived.status),
            )
        forced = self.forced.get(member_id)
        if not forced:
            return derived
        every = forced.get(ALL_LISTENERS) or derived.own
        status = tuple(
            ListenerHealth(entry.listener_id, forced.get(entry.listener_id) or every)
            for entry in derived.status
        )
        return MemberHealth(own=least_healthy(status) or every, status=status)

    def has_server(self, instance_id: str) -> bool:
        """False for a member at no seeded cloud server (every IP-type member) or at one
        that is not running."""
        return bool(instance_id) and instance_id not in self.stopped

    def can_ripen(self, pool_id: str) -> bool:
        """Whether members of the pool turn ONLINE by the clock by now (if old enough)."""
        state = self.pools[pool_id]
        return (
            self.online_cutoff is not None
            and state.operating_status == INITIAL
            and state.monitor_since is not None
            and state.monitor_since <= self.online_cutoff
        )

    def is_ripe(self, pool_id: str, created_at: str) -> bool:
        """Whether the clock has turned this member of the pool from INITIAL to ONLINE."""
        cutoff = self.online_cutoff
        return cutoff is not None and created_at <= cutoff and self.can_ripen(pool_id)

    def derived(self, pool_id: str, has_server: bool, ripe: bool = False) -> MemberHealth:
        """The health of a member of the pool no test forced and no probe checked."""
        key = (pool_id, has_server, ripe)
        health = self._derived.get(key)
        if health is None:
            state = self.pools[pool_id]
            status = state.operating_status
            if state.listener_ids and not has_server:
                status = OFFLINE
            elif ripe:
                status = ONLINE
            own = Health(status)
            health = MemberHealth(
                own=own, status=tuple(ListenerHealth(lid, own) for lid in state.listener_ids)
            )
            self._derived[key] = health
        return health


def least_healthy(status: tuple[ListenerHealth, ...]) -> Health | None:
    """The health of the listener that sees the member worst (the first on a tie)."""
    if not status:
        return None
    return min(status, key=lambda entry: SEVERITY[entry.health.operating_status]).health


@dataclass(frozen=True, slots=True)
class HealthOptions:
    """How members' health changes by itself (settings, passed to the database's sessions
    under HEALTH_OPTIONS): the clock of --member-online-after, and whether a prober runs."""

    online_after: float | None = None
    probing: bool = False


HEALTH_OPTIONS = "mockelb.member_health"
