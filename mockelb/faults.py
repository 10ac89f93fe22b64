"""Fault rules: answer chosen API requests with an error, a delay or a dropped connection.

Rules are kept in the database so that every worker and replica applies the same ones, in
the order they were added; the first rule that matches a request and fires answers it.
A rule fires with its `probability`, and at most `times` times (then it is gone). With an
in-memory database (one process owns it) the rules are also held in memory, so requests
pay nothing while there are none.
"""

from __future__ import annotations

import http
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from mockelb.db import Database
from mockelb.errors import InvalidInput
from mockelb.housekeeping import fault_table
from mockelb.ids import new_id
from mockelb.operations import ADMIN_PREFIX

# the longest delay a rule may ask for: 10 minutes
MAX_DELAY_MS = 600_000
Delay = Annotated[float, Field(ge=0, le=MAX_DELAY_MS, allow_inf_nan=False)]

# What an error rule answers when it names only a status: the reference's code for it,
# and its message. Statuses the reference has no code for answer ELB.8906 (the service's
# internal error) with the status's own phrase.
_DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("ELB.8902", "Invalid request."),
    401: ("APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"),
    403: ("APIGW.0302", "The IAM user is not authorized to access the API."),
    404: ("ELB.8904", "The resource could not be found."),
    409: ("ELB.8907", "Data conflict."),
    429: (
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit,limit:10,"
        "time:1 second",
    ),
    500: ("ELB.8906", "Internal server error."),
}


class FaultRuleOption(BaseModel):
    """POST /_mockelb/faults: which requests a rule matches, what it answers, how often."""

    model_config = ConfigDict(extra="forbid", strict=True)

    # match: an SDK operation name, and/or a method and a path glob (`*` within one path
    # segment, `**` across segments); optionally only one project's requests
    operation: str | None = Field(default=None, min_length=1, max_length=64)
    method: str | None = Field(default=None, pattern=r"^[A-Za-z]{1,16}$")
    path: str | None = Field(default=None, min_length=1, max_length=2048)
    project_id: str | None = Field(default=None, min_length=1, max_length=255)
    # effect: an error in the cloud's envelope, a delay (ms, or [min, max]), or dropping
    # the connection without an answer
    status: int | None = Field(default=None, ge=400, le=599)
    error_code: str | None = Field(default=None, min_length=1, max_length=64)
    error_msg: str | None = Field(default=None, max_length=4096)
    delay_ms: Delay | Annotated[list[Delay], Field(min_length=2, max_length=2)] | None = None
    drop_connection: bool = False
    # limits: how many times it fires before it is gone, and the chance that it fires
    times: int | None = Field(default=None, ge=1, le=1_000_000_000)
    probability: float = Field(default=1.0, ge=0.0, le=1.0, allow_inf_nan=False)


class FaultView(TypedDict):
    """A rule as GET /_mockelb/faults lists it; `remaining` counts down from `times`."""

    id: str
    operation: str | None
    method: str | None
    path: str | None
    project_id: str | None
    status: int | None
    error_code: str | None
    error_msg: str | None
    delay_ms: float | list[float] | None
    drop_connection: bool
    times: int | None
    probability: float
    remaining: int | None
    fired: int


def check_rule(option: FaultRuleOption, operations: Iterable[str]) -> None:
    """Refuse a rule that could never match or has nothing to do (400 naming the field)."""
    if option.operation is None and option.path is None:
        raise InvalidInput(field="operation", reason="a rule needs an operation or a path.")
    if option.operation is not None and option.operation not in set(operations):
        raise InvalidInput(
            field="operation",
            reason=f"{option.operation!r} is not an operation of this server "
            "(use the SDK's name, such as 'batch_create_members').",
        )
    if option.path is not None and not option.path.startswith("/"):
        raise InvalidInput(field="path", reason="it must start with '/'.")
    if option.path is not None and option.path.startswith(ADMIN_PREFIX):
        raise InvalidInput(
            field="path", reason="the admin API (/_mockelb) is never faulted; name an API path."
        )
    if isinstance(option.delay_ms, list) and option.delay_ms[0] > option.delay_ms[1]:
        raise InvalidInput(field="delay_ms", reason="[min, max] needs min <= max.")
    if option.status is None and option.delay_ms is None and not option.drop_connection:
        raise InvalidInput(
            field="status", reason="a rule needs an effect: status, delay_ms or drop_connection."
        )
    if option.status is not None and option.drop_connection:
        raise InvalidInput(
            field="drop_connection", reason="a rule either answers a status or drops."
        )
    for name in ("error_code", "error_msg"):
        if getattr(option, name) is not None and option.status is None:
            raise InvalidInput(field=name, reason="it needs a status.")


class PathGlob:
    """A path glob: `**` matches any run of characters (across segments), `*` any run
    within one segment, `?` one character of one segment; anything else itself.

    Matched in time linear in the path, whatever the glob (no backtracking): the states of
    the glob the path's prefix can reach are the bits of an int, advanced a character at a
    time (bit i: the first i tokens matched).
    """

    def __init__(self, glob: str) -> None:
        tokens: list[str] = []
        index = 0
        while index < len(glob):
            token = "**" if glob.startswith("**", index) else glob[index]
            index += len(token)
            if token in ("*", "**") and tokens and tokens[-1] in ("*", "**"):
                # a run of wildcards matches what its widest one matches
                tokens[-1] = "**" if "**" in (token, tokens[-1]) else "*"
                continue
            tokens.append(token)
        self.accept = 1 << len(tokens)
        self._stars = sum(1 << i for i, token in enumerate(tokens) if token == "*")
        self._double_stars = sum(1 << i for i, token in enumerate(tokens) if token == "**")
        self._ones = sum(1 << i for i, token in enumerate(tokens) if token == "?")
        self._literals: dict[str, int] = {}
        for i, token in enumerate(tokens):
            if token not in ("*", "**", "?"):
                self._literals[token] = self._literals.get(token, 0) | 1 << i
        self._wild = self._stars | self._double_stars
        self._start = self._skip_wildcards(1)

    def _skip_wildcards(self, states: int) -> int:
        # a wildcard may match nothing (no two are adjacent: one step is enough)
        return states | (states & self._wild) << 1

    def match(self, path: str) -> bool:
        states = self._start
        literals = self._literals
        for char in path:
            if char == "/":
                stay, one = self._double_stars, 0
            else:
                stay, one = self._wild, self._ones
            advance = literals.get(char, 0) | one
            states = self._skip_wildcards((states & advance) << 1 | states & stay)
            if not states:
                return False
        return bool(states & self.accept)


@dataclass
class Fault:
    """A rule as the server applies it."""

    id: str
    rule: dict[str, Any]
    remaining: int | None
    fired: int
    path_glob: PathGlob | None = field(init=False)

    def __post_init__(self) -> None:
        path = self.rule.get("path")
        self.path_glob = PathGlob(path) if path is not None else None

    @property
    def status(self) -> int | None:
        status: int | None = self.rule["status"]
        return status

    @property
    def drops_connection(self) -> bool:
        return bool(self.rule["drop_connection"])

    def matches(self, method: str, path: str, operation: str | None, project: str | None) -> bool:
        rule = self.rule
        return (
            (rule["operation"] is None or rule["operation"] == operation)
            and (rule["method"] is None or rule["method"] == method)
            and (self.path_glob is None or self.path_glob.match(path))
            and (rule["project_id"] is None or rule["project_id"] == project)
        )

    def delay_seconds(self, rng: random.Random) -> float:
        delay = self.rule["delay_ms"]
        if delay is None:
            return 0.0
        if isinstance(delay, list):
            return rng.uniform(delay[0], delay[1]) / 1000
        return float(delay) / 1000

    def view(self) -> FaultView:
        rule = self.rule
        return FaultView(
            id=self.id,
            operation=rule["operation"],
            method=rule["method"],
            path=rule["path"],
            project_id=rule["project_id"],
            status=rule["status"],
            error_code=rule["error_code"],
            error_msg=rule["error_msg"],
            delay_ms=rule["delay_ms"],
            drop_connection=rule["drop_connection"],
            times=rule["times"],
            probability=rule["probability"],
            remaining=self.remaining,
            fired=self.fired,
        )


def _rule_of(option: FaultRuleOption) -> dict[str, Any]:
    """The rule as stored: the option with the method upper-cased and the error filled in."""
    rule = option.model_dump()
    if option.method is not None:
        rule["method"] = option.method.upper()
    if option.status is not None:
        code, message = _DEFAULT_ERRORS.get(option.status, ("ELB.8906", _phrase(option.status)))
        if option.error_code is None:
            rule["error_code"] = code
        if option.error_msg is None:
            rule["error_msg"] = message if option.error_code is None else _phrase(option.status)
    return rule


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase + "."
    except ValueError:
        return "Error."


class FaultBook:
    """The fault rules in the database (blocking methods: call them in the thread pool)."""

    def __init__(self, database: Database, *, cached: bool, seed: int | None = None) -> None:
        self.database = database
        # None: read the table for each request (other processes may change it)
        self._cache: list[Fault] | None = [] if cached else None
        # probabilities and random delays (drawn the same from run to run under --id-seed)
        self.random = random.Random(seed)

    @property
    def surely_empty(self) -> bool:
        """True when this process knows there are no rules (no need to ask the database)."""
        return self._cache is not None and not self._cache

    def add(self, option: FaultRuleOption) -> Fault:
        fault = Fault(new_id(), _rule_of(option), option.times, 0)
        with self.database.transaction(write=True) as session:
            session.execute(
                fault_table.insert().values(
                    id=fault.id, rule=fault.rule, remaining=fault.remaining, fired=0
                )
            )
        if self._cache is not None:
            self._cache.append(fault)
        return fault

    def all(self) -> list[Fault]:
        if self._cache is not None:
            return list(self._cache)
        with self.database.transaction(write=False) as session:
            rows = session.execute(select(fault_table).order_by(fault_table.c.seq)).mappings()
            return [Fault(row["id"], row["rule"], row["remaining"], row["fired"]) for row in rows]

    def remove(self, fault_id: str) -> bool:
        with self.database.transaction(write=True) as session:
            removed = session.execute(
                delete(fault_table).where(fault_table.c.id == fault_id).returning(fault_table.c.id)
            ).first()
        if self._cache is not None:
            self._cache[:] = [fault for fault in self._cache if fault.id != fault_id]
        return removed is not None

    def clear(self, session: Session | None = None) -> None:
        """Remove every rule (in the session's transaction, when given one)."""
        if session is not None:
            session.execute(delete(fault_table))
        else:
            with self.database.transaction(write=True) as own:
                own.execute(delete(fault_table))
        if self._cache is not None:
            self._cache.clear()

    def fire(self, fault: Fault) -> bool:
        """Count one answer of the rule; False when it has no times left (another request,
        maybe in another worker, took the last one) or was removed meanwhile."""
        table = fault_table
        with self.database.transaction(write=True) as session:
            remaining = session.execute(
                update(table)
                .where(table.c.id == fault.id)
                .where((table.c.remaining.is_(None)) | (table.c.remaining > 0))
                .values(fired=table.c.fired + 1, remaining=table.c.remaining - 1)
                .returning(table.c.remaining)
            ).one_or_none()
            if remaining is None:
                return False
            if remaining[0] == 0:
                session.execute(delete(table).where(table.c.id == fault.id))
        fault.fired += 1
        fault.remaining = remaining[0]
        if self._cache is not None and fault.remaining == 0:
            self._cache[:] = [rule for rule in self._cache if rule.id != fault.id]
        return True

    def pick(
        self, method: str, path: str, operation: str | None, project: str | None
    ) -> Fault | None:
        """The first rule that matches the request and fires, counted as fired."""
        for fault in self.all():
            if not fault.matches(method, path, operation, project):
                continue
            probability: float = fault.rule["probability"]
            if probability < 1.0 and self.random.random() >= probability:
                continue
            if self.fire(fault):
                return fault
        return None
