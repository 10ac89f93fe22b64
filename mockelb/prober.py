"""The member prober (--probe-members): checks members for real, the way their pool's health
monitor says, so that a compose stack whose members are real containers sees real health.

Every member of a pool that a listener uses and an enabled TCP, HTTP or HTTPS monitor
checks is probed every `delay` seconds, each probe bounded by `timeout`: a TCP connection,
or an HTTP(S) request (`http_method`, `url_path`, Host `domain_name`, certificate not
verified) whose status must be one of `expected_codes`, on `monitor_port` or else the
member's port. As the cloud counts them, `max_retries` successes in a row make a member
ONLINE and `max_retries_down` failures in a row OFFLINE, with the failure's reason; until
then it keeps its derived status (INITIAL). UDP_CONNECT and other monitors are not probed.

Only addresses inside the --probe-allow networks are ever contacted (default: loopback
only), so the prober never sends traffic anywhere an operator did not allow. Its findings
are a table of the database (what every view of a member reads); each worker process runs
its own prober.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from mockelb.db import Database
from mockelb.domain.member_health import OFFLINE, ONLINE, Health, HealthReason
from mockelb.housekeeping import probe_table
from mockelb.models import HealthMonitor, Member, Pool
from mockelb.services.pool_users import pool_listener_pairs

logger = logging.getLogger("mockelb.prober")

PROBED_TYPES = ("TCP", "HTTP", "HTTPS")
# how often the prober looks for members that are due
TICK = 0.2
# probes at once
PARALLEL_PROBES = 8
# bytes of an answer read before the connection is closed
_READ_LIMIT = 4096
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class Target:
    """A member to probe, and how its pool's monitor checks it."""

    member_id: str
    address: str
    port: int
    type: str
    delay: float
    timeout: float
    max_retries: int
    max_retries_down: int
    http_method: str
    url_path: str
    domain_name: str | None
    expected_codes: str


@dataclass(slots=True)
class _Track:
    """A member's run of results: consecutive successes or failures, and when it is due."""

    successes: int = 0
    failures: int = 0
    due: float = 0.0


def allowed_networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def is_allowed(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == network.version and ip in network for network in networks)


def codes_match(status: int, expected: str) -> bool:
    """Whether a status is one of "200", "200,202", "200-299,301" (the monitor's syntax)."""
    for part in expected.split(","):
        low, _, high = part.strip().partition("-")
        try:
            if int(low) <= status <= int(high or low):
                return True
        except ValueError:
            continue
    return False


def _failure(code: str, expected: str | None = None, got: str | None = None) -> Health:
    return Health(OFFLINE, HealthReason(code, expected, got))


def probe(target: Target) -> Health:
    """One check of the member: ONLINE, or OFFLINE with the reason."""
    if target.type == "TCP":
        return _probe_tcp(target)
    return _probe_http(target)


def _probe_tcp(target: Target) -> Health:
    try:
        with socket.create_connection((target.address, target.port), timeout=target.timeout):
            return Health(ONLINE)
    except ConnectionRefusedError:
        return _failure("CONNECT_REFUSED")
    except TimeoutError:
        return _failure("CONNECT_TIMEOUT")
    except OSError:
        return _failure("CONNECT_FAILED")


def _probe_http(target: Target) -> Health:
    connection: http.client.HTTPConnection
    if target.type == "HTTPS":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            target.address, target.port, timeout=target.timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(target.address, target.port, timeout=target.timeout)
    try:
        try:
            connection.connect()
        except ConnectionRefusedError:
            return _failure("CONNECT_REFUSED")
        except TimeoutError:
            return _failure("CONNECT_TIMEOUT")
        except ssl.SSLError:
            return _failure("SSL_HANDSHAKE_ERROR")
        except OSError:
            return _failure("CONNECT_FAILED")
        try:
            connection.request(
                target.http_method,
                target.url_path,
                headers={"Host": target.domain_name or target.address, "Connection": "close"},
            )
        except OSError:
            return _failure("SEND_REQUEST_FAILED")
        try:
            response = connection.getresponse()
            response.read(_READ_LIMIT)
        except TimeoutError:
            return _failure("RECV_RESPONSE_TIMEOUT")
        except (OSError, http.client.HTTPException):
            return _failure("RECV_RESPONSE_FAILED")
        if codes_match(response.status, target.expected_codes):
            return Health(ONLINE)
        return _failure("RESPONSE_MISMATCH", target.expected_codes, str(response.status))
    finally:
        connection.close()


class MemberProber:
    """Probes the members due in a background thread; start() and stop() it."""

    def __init__(self, database: Database, allow: Iterable[str]) -> None:
        self.database = database
        self.networks = allowed_networks(allow)
        self._tracks: dict[str, _Track] = {}
        # member id -> the probe under way
        self._running: dict[str, tuple[Target, Future[Health]]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(PARALLEL_PROBES, thread_name_prefix="mockelb-probe")

    def start(self) -> MemberProber:
        self._thread = threading.Thread(target=self._run, name="mockelb-prober", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        # a probe under way ends by its own timeout; nothing waits for it here
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        while not self._stop.wait(TICK):
            try:
                self.probe_due()
            except SQLAlchemyError as exc:  # the database is going away (shutdown)
                logger.debug("prober round skipped: %s", exc)
            except Exception:  # never let one bad round stop the prober
                logger.exception("prober round failed")

    def probe_due(self) -> None:
        """Start the probes of the members that are due, and store what the probes that
        finished found. A probe runs in the pool, so a member whose probe waits on a long
        timeout never holds back the probes of the others."""
        now = time.monotonic()
        targets = self.targets()
        self._tracks = {
            target.member_id: self._tracks.get(target.member_id) or _Track() for target in targets
        }
        changed: dict[str, Health] = {}
        for member_id, (target, future) in list(self._running.items()):
            if not future.done():
                continue
            del self._running[member_id]
            track = self._tracks.get(member_id)
            if track is None:
                continue  # no longer checked
            decided = self._count(track, target, future.result())
            if decided is not None:
                changed[member_id] = decided
        for target in targets:
            track = self._tracks[target.member_id]
            if track.due <= now and target.member_id not in self._running:
                track.due = now + target.delay
                self._running[target.member_id] = (target, self._pool.submit(probe, target))
        if changed:
            self._store(changed)

    @staticmethod
    def _count(track: _Track, target: Target, health: Health) -> Health | None:
        """Count the result; the member's health when the run of results decides it (stored
        again after every deciding probe, so a reset that cleared it is soon undone)."""
        if health.operating_status == ONLINE:
            track.successes, track.failures = track.successes + 1, 0
            return health if track.successes >= target.max_retries else None
        track.successes, track.failures = 0, track.failures + 1
        return health if track.failures >= target.max_retries_down else None

    def targets(self) -> list[Target]:
        """The members an enabled, probed monitor checks in a pool a listener uses, at an
        allowed address."""
        used = Pool.id.in_(select(pool_listener_pairs().subquery().c.pool_id))
        query = (
            select(Member, HealthMonitor)
            .join(Pool, Pool.id == Member.pool_id)
            .join(HealthMonitor, HealthMonitor.pool_id == Pool.id)
            .where(HealthMonitor.admin_state_up.is_(True))
            .where(HealthMonitor.type.in_(PROBED_TYPES))
            .where(used)
            .order_by(Member.id)
        )
        with self.database.transaction(write=False) as session:
            rows = session.execute(query).all()
            return [
                Target(
                    member_id=member.id,
                    address=member.address,
                    port=monitor.monitor_port or member.protocol_port,
                    type=monitor.type,
                    delay=float(monitor.delay),
                    timeout=float(monitor.timeout),
                    max_retries=monitor.max_retries,
                    max_retries_down=monitor.max_retries_down,
                    http_method=monitor.http_method or "GET",
                    url_path=monitor.url_path or "/",
                    domain_name=monitor.domain_name,
                    expected_codes=monitor.expected_codes or "200",
                )
                for member, monitor in rows
                if is_allowed(member.address, self.networks)
            ]

    def _store(self, changed: dict[str, Health]) -> None:
        now = time.time()
        rows = [
            {
                "member_id": member_id,
                "operating_status": health.operating_status,
                "reason_code": health.reason.reason_code if health.reason else None,
                "expected_response": health.reason.expected_response if health.reason else None,
                "healthcheck_response": (
                    health.reason.healthcheck_response if health.reason else None
                ),
                "checked_at": now,
            }
            for member_id, health in changed.items()
        ]
        with self.database.transaction(write=True) as session:
            session.execute(_upsert(session), rows)


def _upsert(session: Session) -> Insert:
    """INSERT … ON CONFLICT (member_id) DO UPDATE: the probers of several workers may store
    the same member at once."""
    dialect = session.get_bind().dialect.name
    statement = (
        postgresql.insert(probe_table) if dialect == "postgresql" else sqlite.insert(probe_table)
    )
    return statement.on_conflict_do_update(
        index_elements=[probe_table.c.member_id],
        set_={
            name: statement.excluded[name]
            for name in (
                "operating_status",
                "reason_code",
                "expected_response",
                "healthcheck_response",
                "checked_at",
            )
        },
    )
