"""Forwarding policies and their rules: create, show, list, update, delete, and the
batch priority update.

A policy belongs to one HTTP(S) listener and sends the requests its rules match to pools
(REDIRECT_TO_POOL), to an HTTPS listener of the same load balancer (REDIRECT_TO_LISTENER),
to a URL (REDIRECT_TO_URL) or answers them itself (FIXED_RESPONSE). The pools it forwards
to are L7PolicyPool rows: they make the pool one the listener uses (pool_users) and keep
it from being deleted. The field rules are in services/l7policy_rules.py.

Choices where the reference is silent, each written where it is made:
- position (documented "unsupported") is the policy's place among its listener's
  policies when created (1, 2, …, at most 100), unless the client sends one;
- without advanced forwarding (enhance_l7policy_enable) every policy has priority 1, and
  a REDIRECT_TO_LISTENER one 0, as the SDK docstring gives the defaults;
- a policy whose rules match exactly what an earlier policy of the same listener matches
  is provisioning_status ERROR (the reference's meaning of ERROR); it becomes ACTIVE
  again once the two differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, delete, func, select, true
from sqlalchemy.orm import Session

from mockelb.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from mockelb.ids import new_id, utc_now
from mockelb.models import L7Policy, L7PolicyPool, L7Rule, Listener, LoadBalancer, Pool
from mockelb.schemas.l7policies import (
    BatchUpdatePriorityRequestBody,
    CreateFixtedResponseConfig,
    CreateL7PolicyOption,
    CreateL7PolicyRuleOption,
    CreateRedirectPoolsConfig,
    CreateRedirectPoolsExtendConfig,
    CreateRedirectUrlConfig,
    CreateRuleCondition,
    CreateRuleOption,
    UpdateL7PolicyOption,
    UpdateL7RuleOption,
)
from mockelb.services import l7policy_rules as rules
from mockelb.services import quotas
from mockelb.services.filters import enterprise_project_filter
from mockelb.services.l7policy_rules import RuleSpec
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page
from mockelb.services.pool_users import FORWARD, MIRROR
from mockelb.services.pools import LISTENER_POOL_PROTOCOLS
from mockelb.validation import elb_error_of

ModelT = TypeVar("ModelT", bound=BaseModel)

_BOOLEANS = {"true": True, "false": False}


def _flag(key: str) -> Any:
    """A query key that shapes the answer rather than filtering it: checked, then ignored."""

    def condition(values: Sequence[str]) -> ColumnElement[bool]:
        for value in values:
            if value.lower() not in _BOOLEANS:
                raise InvalidInput(field=key, reason="it must be true or false.")
        return true()

    return condition


# every query filter of the SDK's ListL7PoliciesRequest
L7POLICY_LIST = ListSpec(
    L7Policy,
    keys=frozenset(
        {
            "enterprise_project_id",
            "id",
            "name",
            "description",
            "admin_state_up",
            "listener_id",
            "position",
            "action",
            "redirect_url",
            "redirect_pool_id",
            "redirect_listener_id",
            "provisioning_status",
            "display_all_rules",
            "priority",
        }
    ),
    relations={
        "enterprise_project_id": enterprise_project_filter(L7Policy.enterprise_project_id),
        # a policy forwards to a pool whether redirect_pool_id or redirect_pools_config
        # named it
        "redirect_pool_id": lambda values: L7Policy.id.in_(
            select(L7PolicyPool.l7policy_id).where(
                L7PolicyPool.pool_id.in_(values), L7PolicyPool.role == FORWARD
            )
        ),
        "display_all_rules": _flag("display_all_rules"),
    },
)

_RULE_KEYS = frozenset(
    {
        "id",
        "compare_type",
        "provisioning_status",
        "invert",
        "admin_state_up",
        "value",
        "key",
        "type",
        "enterprise_project_id",
    }
)


def _rule_enterprise_project(values: Sequence[str]) -> ColumnElement[bool]:
    """A rule is in its policy's enterprise project."""
    narrowed = enterprise_project_filter(L7Policy.enterprise_project_id)(values)
    return L7Rule.l7policy_id.in_(select(L7Policy.id).where(narrowed))


# every query filter of the SDK's ListL7RulesRequest (the policy is in the path)
L7RULE_LIST = ListSpec(
    L7Rule, keys=_RULE_KEYS, relations={"enterprise_project_id": _rule_enterprise_project}
)
# ListAllL7RulesRequest: the same, across policies, plus l7policy_id
ALL_L7RULE_LIST = ListSpec(
    L7Rule,
    keys=_RULE_KEYS | {"l7policy_id"},
    relations={"enterprise_project_id": _rule_enterprise_project},
)


# --- policies -------------------------------------------------------------------------------


def show_l7_policy(session: Session, *, project_id: str, l7policy_id: str) -> L7Policy:
    return get_in_project(
        session, L7Policy, kind="l7policy", resource_id=l7policy_id, project_id=project_id
    )


def list_l7_policies(session: Session, *, project_id: str, query: ListQuery) -> Page[L7Policy]:
    scope = select(L7Policy).where(L7Policy.project_id == project_id)
    return list_page(session, L7POLICY_LIST, scope, query)


def wants_all_rules(query: ListQuery) -> bool:
    """display_all_rules=true: each policy shows its rules whole, not only their ids."""
    values = [value for key, value in query.query if key == "display_all_rules"]
    return bool(values) and values[-1].lower() == "true"


def create_l7_policy(
    session: Session,
    *,
    project_id: str,
    option: CreateL7PolicyOption,
    l7policy_id: str | None = None,
) -> L7Policy:
    """Add a forwarding policy (and the rules given with it) to an HTTP(S) listener."""
    listener = _listener(session, project_id, option.listener_id)
    _check_writable(session, listener)
    rules.check_listener_takes_action(listener, option.action)
    sent = option.model_fields_set
    quotas.check_room(
        session,
        project_id=project_id,
        key="l7policy",
        model=L7Policy,
        where=L7Policy.project_id == project_id,
    )
    quotas.check_room(
        session,
        project_id=project_id,
        key="l7policies_per_listener",
        model=L7Policy,
        where=L7Policy.listener_id == listener.id,
    )
    now = utc_now()
    policy = L7Policy(
        id=l7policy_id or new_id(),
        project_id=project_id,
        listener_id=listener.id,
        name=option.name or "",
        description=option.description or "",
        action=option.action,
        admin_state_up=_admin_state_up(option.admin_state_up, "l7policy.admin_state_up"),
        position=option.position or _next_position(session, listener),
        redirect_url=None,
        # a policy is in its listener's enterprise project
        enterprise_project_id=listener.enterprise_project_id,
        created_at=now,
        updated_at=now,
    )
    target = _Target.of_create(session, project_id, option, listener)
    target.apply(policy)
    policy.priority = _new_priority(session, listener, option.action, option.priority, sent)
    specs = rules.rule_specs(option.rules or [], listener, "l7policy.rules")
    if specs and option.action == "REDIRECT_TO_LISTENER":
        raise InvalidInput(
            field="l7policy.rules", reason="a REDIRECT_TO_LISTENER policy takes no rules."
        )
    _check_condition_room(session, project_id, specs)
    session.add(policy)
    session.flush()
    target.link(session, policy)
    for spec in specs:
        session.add(_new_rule(policy, spec, now))
    session.flush()
    _judge_status(session, policy)
    return policy


def update_l7_policy(
    session: Session, *, project_id: str, l7policy_id: str, option: UpdateL7PolicyOption
) -> L7Policy:
    """Change a policy; its action stays. `rules`, when sent, replaces every rule."""
    policy = show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    listener = session.get_one(Listener, policy.listener_id)
    _check_writable(session, listener)
    sent = option.model_fields_set
    for name in ("name", "description"):
        if name in sent:
            setattr(policy, name, getattr(option, name) or "")
    if "admin_state_up" in sent:
        policy.admin_state_up = _admin_state_up(option.admin_state_up, "l7policy.admin_state_up")
    target = _Target.of_update(session, project_id, option, policy, listener)
    if target is not None:
        target.apply(policy)
    if "priority" in sent:
        if option.priority is None:
            raise InvalidInput(field="l7policy.priority", reason="it cannot be null.")
        rules.check_priority(listener, policy.action, option.priority, "l7policy.priority")
        _check_priority_free(session, listener.id, option.priority, {policy.id})
        policy.priority = option.priority
    specs: list[RuleSpec] | None = None
    if option.rules is not None:
        # `rules: null` is taken as not sent; `rules: []` removes every rule
        specs = rules.rule_specs(option.rules, listener, "l7policy.rules")
        if specs and policy.action == "REDIRECT_TO_LISTENER":
            raise InvalidInput(
                field="l7policy.rules", reason="a REDIRECT_TO_LISTENER policy takes no rules."
            )
        _check_condition_room(session, project_id, specs)
    now = utc_now()
    policy.updated_at = now
    if target is not None:
        target.link(session, policy)
    if specs is not None:
        session.execute(delete(L7Rule).where(L7Rule.l7policy_id == policy.id))
        for spec in specs:
            session.add(_new_rule(policy, spec, now))
    session.flush()
    if specs is not None:
        _judge_status(session, policy)
    return policy


def delete_l7_policy(session: Session, *, project_id: str, l7policy_id: str) -> None:
    """Delete a policy with its rules; the pools it forwarded to stay."""
    policy = show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    _check_writable(session, session.get_one(Listener, policy.listener_id))
    delete_policies(session, [policy.id])


def delete_policies(session: Session, policy_ids: Sequence[str]) -> None:
    """Delete these policies, their rules and pool links (what deleting a listener does)."""
    if not policy_ids:
        return
    session.execute(delete(L7Rule).where(L7Rule.l7policy_id.in_(policy_ids)))
    session.execute(delete(L7PolicyPool).where(L7PolicyPool.l7policy_id.in_(policy_ids)))
    session.execute(delete(L7Policy).where(L7Policy.id.in_(policy_ids)))
    session.expire_all()


def batch_update_policies_priority(
    session: Session, *, project_id: str, items: Sequence[BatchUpdatePriorityRequestBody]
) -> None:
    """Set the priorities of several policies at once, all or nothing.

    Every policy must exist and be on a listener with advanced forwarding; after the
    update no two policies of one listener share a priority (a priority may move from one
    policy of the batch to another). An id given twice is refused.
    """
    ids = [item.id for item in items]
    if len(set(ids)) < len(ids):
        raise InvalidInput(field="l7policies", reason="each policy is given once.")
    changed: dict[str, int] = {}
    listeners: set[str] = set()
    for index, item in enumerate(items):
        policy = show_l7_policy(session, project_id=project_id, l7policy_id=item.id)
        listener = session.get_one(Listener, policy.listener_id)
        _check_writable(session, listener)
        rules.check_priority(
            listener, policy.action, item.priority, f"l7policies[{index}].priority"
        )
        changed[policy.id] = item.priority
        listeners.add(listener.id)
    for listener_id in sorted(listeners):
        # REDIRECT_TO_LISTENER policies all have 0 ("always first"), and two policies that
        # share a priority from before (advanced forwarding switched on later) do not
        # block a batch: only a priority this batch gives must be unique on the listener
        kept = session.execute(
            select(L7Policy.id, L7Policy.priority).where(
                L7Policy.listener_id == listener_id,
                L7Policy.action != "REDIRECT_TO_LISTENER",
            )
        ).all()
        final = {policy_id: changed.get(policy_id, priority) for policy_id, priority in kept}
        for policy_id, priority in final.items():
            if policy_id not in changed:
                continue
            clash = [
                other for other, given in final.items() if other != policy_id and given == priority
            ]
            if clash:
                raise Conflict(
                    message=f"Forwarding policies {policy_id} and {clash[0]} of listener "
                    f"{listener_id} would share priority {priority}."
                )
    now = utc_now()
    for policy_id, priority in changed.items():
        policy = session.get_one(L7Policy, policy_id)
        policy.priority = priority
        policy.updated_at = now
    session.flush()


# --- where a policy sends requests -----------------------------------------------------------


class _Target:
    """The redirect fields of a policy once checked, the pools it forwards to and the
    target of its traffic mirror (None: unchanged)."""

    def __init__(self, fields: dict[str, Any], pool_ids: list[str] | None) -> None:
        self.fields = fields
        self.pool_ids = pool_ids
        extend = fields.get("redirect_pools_extend_config", _UNCHANGED)
        self.mirror_ids: list[str] | None = (
            None if extend is _UNCHANGED else _mirror_targets(extend)
        )

    def apply(self, policy: L7Policy) -> None:
        for name, value in self.fields.items():
            setattr(policy, name, value)

    def link(self, session: Session, policy: L7Policy) -> None:
        for role, pool_ids in ((FORWARD, self.pool_ids), (MIRROR, self.mirror_ids)):
            if pool_ids is None:
                continue
            session.execute(
                delete(L7PolicyPool).where(
                    L7PolicyPool.l7policy_id == policy.id, L7PolicyPool.role == role
                )
            )
            for pool_id in pool_ids:
                session.add(
                    L7PolicyPool(
                        l7policy_id=policy.id,
                        pool_id=pool_id,
                        role=role,
                        project_id=policy.project_id,
                    )
                )
        session.flush()

    @classmethod
    def of_create(
        cls, session: Session, project_id: str, option: CreateL7PolicyOption, listener: Listener
    ) -> _Target:
        action = option.action
        sent = {name for name in option.model_fields_set if getattr(option, name) is not None}
        _refuse_foreign(action, sent)
        fields: dict[str, Any] = {
            "redirect_pool_id": None,
            "redirect_pools_config": None,
            "redirect_pools_sticky_session_config": None,
            "redirect_pools_extend_config": None,
            "redirect_listener_id": None,
            "redirect_url": option.redirect_url,
            "redirect_url_config": None,
            "fixed_response_config": None,
        }
        pool_ids: list[str] | None = None
        if action == "REDIRECT_TO_POOL":
            if not sent & {"redirect_pool_id", "redirect_pools_config"}:
                raise InvalidInput(
                    field="l7policy.redirect_pool_id",
                    reason="REDIRECT_TO_POOL needs redirect_pool_id or redirect_pools_config.",
                )
            pool_ids = _pool_fields(
                session,
                project_id,
                listener,
                option.redirect_pool_id,
                option.redirect_pools_config,
                fields,
            )
            fields["redirect_pools_sticky_session_config"] = _sticky(
                option.redirect_pools_sticky_session_config
            )
            if option.redirect_pools_extend_config is not None:
                fields["redirect_pools_extend_config"] = _extend_config(
                    session, project_id, listener, option.redirect_pools_extend_config
                )
        elif action == "REDIRECT_TO_LISTENER":
            if option.redirect_listener_id is None:
                raise InvalidInput(
                    field="l7policy.redirect_listener_id",
                    reason="REDIRECT_TO_LISTENER needs redirect_listener_id.",
                )
            fields["redirect_listener_id"] = _redirect_listener(
                session, project_id, listener, option.redirect_listener_id
            )
        elif action == "REDIRECT_TO_URL":
            if option.redirect_url_config is None:
                raise InvalidInput(
                    field="l7policy.redirect_url_config",
                    reason="REDIRECT_TO_URL needs redirect_url_config.",
                )
            fields["redirect_url_config"] = rules.redirect_url_config_of(
                option.redirect_url_config, listener, "l7policy.redirect_url_config"
            )
        else:
            if option.fixed_response_config is None:
                raise InvalidInput(
                    field="l7policy.fixed_response_config",
                    reason="FIXED_RESPONSE needs fixed_response_config.",
                )
            fields["fixed_response_config"] = rules.fixed_response_config_of(
                option.fixed_response_config, listener, "l7policy.fixed_response_config"
            )
        return cls(fields, pool_ids)

    @classmethod
    def of_update(
        cls,
        session: Session,
        project_id: str,
        option: UpdateL7PolicyOption,
        policy: L7Policy,
        listener: Listener,
    ) -> _Target | None:
        """The changed redirect fields, or None when the update sends none of them."""
        action = policy.action
        given = {name for name in option.model_fields_set if getattr(option, name) is not None}
        nulled = {name for name in option.model_fields_set if getattr(option, name) is None}
        _refuse_foreign(action, given)
        fields: dict[str, Any] = {}
        pool_ids: list[str] | None = None
        if action == "REDIRECT_TO_POOL":
            if nulled & {"redirect_pool_id", "redirect_pools_config"} and not given & {
                "redirect_pool_id",
                "redirect_pools_config",
            }:
                # a null would leave the policy forwarding nowhere, which create refuses
                raise InvalidInput(
                    field="l7policy.redirect_pool_id",
                    reason="a REDIRECT_TO_POOL policy keeps a pool.",
                )
            if given & {"redirect_pool_id", "redirect_pools_config"}:
                pool_ids = _pool_fields(
                    session,
                    project_id,
                    listener,
                    option.redirect_pool_id,
                    option.redirect_pools_config,
                    fields,
                )
            if "redirect_pools_sticky_session_config" in option.model_fields_set:
                fields["redirect_pools_sticky_session_config"] = _sticky(
                    option.redirect_pools_sticky_session_config
                )
            if "redirect_pools_extend_config" in option.model_fields_set:
                extend = option.redirect_pools_extend_config
                fields["redirect_pools_extend_config"] = (
                    _extend_config(session, project_id, listener, extend)
                    if extend is not None
                    else None
                )
        elif action == "REDIRECT_TO_LISTENER":
            if "redirect_listener_id" in nulled:
                raise InvalidInput(
                    field="l7policy.redirect_listener_id",
                    reason="a REDIRECT_TO_LISTENER policy keeps its listener.",
                )
            if option.redirect_listener_id is not None:
                fields["redirect_listener_id"] = _redirect_listener(
                    session, project_id, listener, option.redirect_listener_id
                )
        else:
            name = "redirect_url_config" if action == "REDIRECT_TO_URL" else "fixed_response_config"
            config = _updated_config(policy, option, nulled, name, listener)
            if config is not None:
                fields[name] = config
        if not fields and pool_ids is None:
            return None
        return cls(fields, pool_ids)


# the redirect fields each action takes; sending another one is refused
_ACTION_FIELDS = {
    "REDIRECT_TO_POOL": frozenset(
        {
            "redirect_pool_id",
            "redirect_pools_config",
            "redirect_pools_sticky_session_config",
            "redirect_pools_extend_config",
        }
    ),
    "REDIRECT_TO_LISTENER": frozenset({"redirect_listener_id"}),
    "REDIRECT_TO_URL": frozenset({"redirect_url_config", "redirect_url"}),
    "FIXED_RESPONSE": frozenset({"fixed_response_config"}),
}
_REDIRECT_FIELDS = frozenset().union(*_ACTION_FIELDS.values())


_UNCHANGED = object()


def _mirror_targets(extend: dict[str, Any] | None) -> list[str]:
    mirror = (extend or {}).get("traffic_mirror_config") or {}
    return list(mirror.get("target_ids") or [])


def _refuse_foreign(action: str, given: set[str]) -> None:
    foreign = sorted((given & _REDIRECT_FIELDS) - _ACTION_FIELDS[action])
    if foreign:
        raise InvalidInput(
            field=f"l7policy.{foreign[0]}", reason=f"a {action} policy does not take it."
        )


# how an update's redirect_url_config / fixed_response_config is checked and kept
_CONFIG_RULES: dict[str, tuple[type[BaseModel], Callable[[Any, Listener, str], dict[str, Any]]]] = {
    "redirect_url_config": (CreateRedirectUrlConfig, rules.redirect_url_config_of),
    "fixed_response_config": (CreateFixtedResponseConfig, rules.fixed_response_config_of),
}


def _updated_config(
    policy: L7Policy, option: UpdateL7PolicyOption, nulled: set[str], name: str, listener: Listener
) -> dict[str, Any] | None:
    """The kept config after an update that sends it (None when it does not): merged into
    the policy's, then checked as create checks it. A null is refused: the action needs it."""
    field = f"l7policy.{name}"
    if name in nulled:
        raise InvalidInput(field=field, reason=f"a {policy.action} policy keeps its {name}.")
    sent = getattr(option, name)
    if sent is None:
        return None
    model, build = _CONFIG_RULES[name]
    return build(_merged(getattr(policy, name), sent, model, field), listener, field)


def _merged(kept: dict[str, Any] | None, sent: Any, model: type[ModelT], field: str) -> ModelT:
    """An update's config over the kept one: the parts it sends replace the kept parts, a
    part sent as null goes back to its default (and a required one is refused)."""
    merged = {key: value for key, value in (kept or {}).items() if value is not None}
    merged.update(sent.model_dump(exclude_unset=True))
    try:
        return model.model_validate(
            {key: value for key, value in merged.items() if value is not None}
        )
    except ValidationError as error:
        errors = [
            {**problem, "loc": (*field.split("."), *problem["loc"])} for problem in error.errors()
        ]
        raise elb_error_of(errors) from None


def _extend_config(
    session: Session, project_id: str, listener: Listener, config: CreateRedirectPoolsExtendConfig
) -> dict[str, Any]:
    """The kept redirect_pools_extend_config; a traffic mirror's target is a pool of the
    listener's load balancer that the listener could forward to."""
    field = "l7policy.redirect_pools_extend_config"
    kept = rules.extend_config_of(config, listener, field)
    if config.traffic_mirror_config is not None:
        lb = session.get_one(LoadBalancer, listener.loadbalancer_id)
        for index, pool_id in enumerate(config.traffic_mirror_config.target_ids):
            _redirect_pool(
                session,
                project_id,
                listener,
                lb,
                pool_id,
                f"{field}.traffic_mirror_config.target_ids[{index}]",
            )
    return kept


def _sticky(config: Any) -> dict[str, Any] | None:
    if config is None:
        return None
    return {"enable": bool(config.enable), "timeout": config.timeout or 1440}


def _pool_fields(
    session: Session,
    project_id: str,
    listener: Listener,
    pool_id: str | None,
    pools_config: Sequence[CreateRedirectPoolsConfig] | None,
    fields: dict[str, Any],
) -> list[str]:
    """Check the pools a REDIRECT_TO_POOL policy names; set redirect_pool_id and
    redirect_pools_config in `fields`; return the ids of every pool it forwards to.

    When both fields are sent redirect_pools_config wins (the reference), and
    redirect_pool_id shows its first pool.
    """
    lb = session.get_one(LoadBalancer, listener.loadbalancer_id)
    if pools_config:
        ids = [entry.pool_id for entry in pools_config]
        if len(set(ids)) < len(ids):
            raise InvalidInput(
                field="l7policy.redirect_pools_config", reason="each pool is given once."
            )
        if not listener.enhance_l7policy_enable:
            raise InvalidInput(
                field="l7policy.redirect_pools_config",
                reason="it needs a listener with enhance_l7policy_enable.",
            )
        quota = quotas.limit_of(session, project_id=project_id, key="pools_per_l7policy")
        if 0 <= quota < len(ids):
            raise QuotaExceeded(resources="pools_per_l7policy")
        for index, entry in enumerate(pools_config):
            _redirect_pool(
                session,
                project_id,
                listener,
                lb,
                entry.pool_id,
                f"l7policy.redirect_pools_config[{index}].pool_id",
            )
        fields["redirect_pools_config"] = [
            {"pool_id": entry.pool_id, "weight": int(entry.weight)} for entry in pools_config
        ]
        fields["redirect_pool_id"] = ids[0]
        return ids
    if pool_id is None:
        raise InvalidInput(
            field="l7policy.redirect_pool_id",
            reason="REDIRECT_TO_POOL needs redirect_pool_id or redirect_pools_config.",
        )
    _redirect_pool(session, project_id, listener, lb, pool_id, "l7policy.redirect_pool_id")
    fields["redirect_pool_id"] = pool_id
    fields["redirect_pools_config"] = None
    return [pool_id]


def _redirect_pool(
    session: Session,
    project_id: str,
    listener: Listener,
    lb: LoadBalancer,
    pool_id: str,
    field: str,
) -> Pool:
    """A pool the listener may forward to: on its load balancer, of a protocol it takes."""
    # an unknown pool is 404 ELB.8904, as for a listener's default_pool_id
    pool = get_in_project(session, Pool, kind="pool", resource_id=pool_id, project_id=project_id)
    if pool.loadbalancer_id != lb.id:
        raise InvalidInput(
            field=field, reason=f"pool {pool_id} is not on the listener's load balancer."
        )
    allowed = LISTENER_POOL_PROTOCOLS.get(listener.protocol, frozenset())
    if pool.protocol not in allowed:
        raise InvalidInput(
            field=field,
            reason=f"a {listener.protocol} listener forwards only to "
            f"{', '.join(sorted(allowed))} pools.",
        )
    if pool.protocol == "GRPC" and not listener.http2_enable:
        raise InvalidInput(field=field, reason="GRPC pools need a listener with http2_enable.")
    return pool


def _redirect_listener(
    session: Session, project_id: str, listener: Listener, target_id: str
) -> str:
    field = "l7policy.redirect_listener_id"
    target = _listener(session, project_id, target_id)
    if target.loadbalancer_id != listener.loadbalancer_id:
        raise InvalidInput(
            field=field, reason="the listener is on another load balancer than the policy's."
        )
    if target.protocol not in rules.REDIRECT_TO_PROTOCOLS:
        raise InvalidInput(field=field, reason="requests are redirected to HTTPS listeners only.")
    return target.id


# --- priority, position, status -------------------------------------------------------------


def _new_priority(
    session: Session, listener: Listener, action: str, priority: int | None, sent: set[str]
) -> int:
    if "priority" in sent and priority is not None:
        rules.check_priority(listener, action, priority, "l7policy.priority")
        _check_priority_free(session, listener.id, priority, set())
        return priority
    if action == "REDIRECT_TO_LISTENER":
        return 0
    if not listener.enhance_l7policy_enable:
        return 1
    highest = session.scalar(
        select(func.max(L7Policy.priority)).where(
            L7Policy.listener_id == listener.id, L7Policy.action != "REDIRECT_TO_LISTENER"
        )
    )
    if highest is not None and highest >= rules.MAX_PRIORITY:
        raise InvalidInput(
            field="l7policy.priority",
            reason="the listener's policies already reach priority 10000; give one.",
        )
    return (highest or 0) + 1


def _check_priority_free(
    session: Session, listener_id: str, priority: int, besides: set[str]
) -> None:
    holder = session.scalar(
        select(L7Policy.id).where(
            L7Policy.listener_id == listener_id,
            L7Policy.priority == priority,
            L7Policy.action != "REDIRECT_TO_LISTENER",
            L7Policy.id.not_in(besides) if besides else true(),
        )
    )
    if holder is not None:
        raise Conflict(
            message=f"Forwarding policy {holder} of listener {listener_id} already has "
            f"priority {priority}."
        )


def _next_position(session: Session, listener: Listener) -> int:
    count = session.scalar(
        select(func.count()).select_from(L7Policy).where(L7Policy.listener_id == listener.id)
    )
    return min(100, (count or 0) + 1)


def _judge_status(session: Session, policy: L7Policy) -> None:
    """After its rules change: ERROR when the policy matches exactly what another policy
    of its listener matches, else ACTIVE. Only this policy is judged: the other keeps its
    status, and deleting it does not clear this one's ERROR (the UMN FAQ: "even if you
    delete the existing forwarding policy, the newly-added forwarding policy is still
    faulty"); changing this policy's rules does."""
    session.flush()
    mine = _matched(session, [policy.id])[policy.id]
    others = session.scalars(
        select(L7Policy.id).where(
            L7Policy.listener_id == policy.listener_id, L7Policy.id != policy.id
        )
    ).all()
    duplicate = bool(mine) and mine in _matched(session, others).values()
    policy.provisioning_status = "ERROR" if duplicate else "ACTIVE"


def _matched(session: Session, policy_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """What each policy's rules match, comparable between policies."""
    found: dict[str, list[Any]] = {policy_id: [] for policy_id in policy_ids}
    if found:
        for rule in session.scalars(select(L7Rule).where(L7Rule.l7policy_id.in_(list(found)))):
            found[rule.l7policy_id].append(_signature(rule))
    return {policy_id: tuple(sorted(items)) for policy_id, items in found.items()}


def _signature(rule: L7Rule) -> Any:
    return RuleSpec(rule.type, rule.compare_type, rule.value, rule.key, rule.conditions).signature()


# --- rules ------------------------------------------------------------------------------------


def show_l7_rule(session: Session, *, project_id: str, l7policy_id: str, l7rule_id: str) -> L7Rule:
    policy = show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    rule = session.get(L7Rule, l7rule_id)
    if rule is None or rule.l7policy_id != policy.id:
        raise NotFound(kind="l7rule", id=l7rule_id)
    return rule


def list_l7_rules(
    session: Session, *, project_id: str, l7policy_id: str, query: ListQuery
) -> Page[L7Rule]:
    policy = show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    scope = select(L7Rule).where(L7Rule.l7policy_id == policy.id)
    return list_page(session, L7RULE_LIST, scope, query)


def list_all_l7_rules(session: Session, *, project_id: str, query: ListQuery) -> Page[L7Rule]:
    scope = select(L7Rule).where(L7Rule.project_id == project_id)
    return list_page(session, ALL_L7RULE_LIST, scope, query)


def rules_of(session: Session, policy_ids: Iterable[str]) -> dict[str, list[L7Rule]]:
    """Each policy's rules, in id order."""
    ids = list(policy_ids)
    found: dict[str, list[L7Rule]] = {policy_id: [] for policy_id in ids}
    if ids:
        for rule in session.scalars(
            select(L7Rule).where(L7Rule.l7policy_id.in_(ids)).order_by(L7Rule.id)
        ):
            found[rule.l7policy_id].append(rule)
    return found


def create_l7_rule(
    session: Session,
    *,
    project_id: str,
    l7policy_id: str,
    option: CreateRuleOption,
    l7rule_id: str | None = None,
) -> L7Rule:
    policy = show_l7_policy(session, project_id=project_id, l7policy_id=l7policy_id)
    if policy.action == "REDIRECT_TO_LISTENER":
        raise InvalidInput(field="rule", reason="a REDIRECT_TO_LISTENER policy takes no rules.")
    listener = session.get_one(Listener, policy.listener_id)
    _check_writable(session, listener)
    spec = _rule_spec(option, listener, "rule")
    existing = [
        RuleSpec(rule.type, rule.compare_type, rule.value, rule.key, rule.conditions)
        for rule in rules_of(session, [policy.id])[policy.id]
    ]
    rules.check_rule_set([*existing, spec], "rule.type")
    _check_condition_room(session, project_id, [*existing, spec])
    rule = _new_rule(policy, spec, utc_now(), l7rule_id)
    session.add(rule)
    policy.updated_at = rule.created_at
    session.flush()
    _judge_status(session, policy)
    return rule


def update_l7_rule(
    session: Session,
    *,
    project_id: str,
    l7policy_id: str,
    l7rule_id: str,
    option: UpdateL7RuleOption,
) -> L7Rule:
    rule = show_l7_rule(
        session, project_id=project_id, l7policy_id=l7policy_id, l7rule_id=l7rule_id
    )
    policy = session.get_one(L7Policy, rule.l7policy_id)
    listener = session.get_one(Listener, policy.listener_id)
    _check_writable(session, listener)
    sent = option.model_fields_set
    for name in ("compare_type", "value"):
        if name in sent and getattr(option, name) is None:
            raise InvalidInput(field=f"rule.{name}", reason="it cannot be null.")
    conditions = option.conditions if "conditions" in sent else None
    keep_conditions = "conditions" not in sent and rule.conditions
    spec = rules.check_rule(
        rule_type=rule.type,
        compare_type=option.compare_type or rule.compare_type,
        value=option.value if "value" in sent else (None if conditions else rule.value),
        key=option.key if "key" in sent else rule.key,
        conditions=conditions
        if conditions is not None
        else (_kept_conditions(rule) if keep_conditions else None),
        admin_state_up=option.admin_state_up,
        listener=listener,
        field="rule",
    )
    others = [
        _stored_spec(other)
        for other in rules_of(session, [policy.id])[policy.id]
        if other.id != rule.id
    ]
    _check_condition_room(session, project_id, [*others, spec])
    rule.compare_type = spec.compare_type
    rule.value = spec.value
    rule.key = spec.key
    rule.conditions = spec.conditions
    rule.updated_at = utc_now()
    policy.updated_at = rule.updated_at
    session.flush()
    _judge_status(session, policy)
    return rule


def delete_l7_rule(session: Session, *, project_id: str, l7policy_id: str, l7rule_id: str) -> None:
    rule = show_l7_rule(
        session, project_id=project_id, l7policy_id=l7policy_id, l7rule_id=l7rule_id
    )
    policy = session.get_one(L7Policy, rule.l7policy_id)
    _check_writable(session, session.get_one(Listener, policy.listener_id))
    session.delete(rule)
    policy.updated_at = utc_now()
    session.flush()
    _judge_status(session, policy)


def _rule_spec(option: CreateL7PolicyRuleOption, listener: Listener, field: str) -> RuleSpec:
    return rules.check_rule(
        rule_type=option.type,
        compare_type=option.compare_type,
        value=option.value,
        key=option.key,
        conditions=option.conditions,
        admin_state_up=option.admin_state_up,
        listener=listener,
        field=field,
    )


def _stored_spec(rule: L7Rule) -> RuleSpec:
    return RuleSpec(rule.type, rule.compare_type, rule.value, rule.key, rule.conditions)


def _kept_conditions(rule: L7Rule) -> list[Any]:
    return [CreateRuleCondition(**condition) for condition in rule.conditions]


def _new_rule(policy: L7Policy, spec: RuleSpec, now: str, rule_id: str | None = None) -> L7Rule:
    return L7Rule(
        id=rule_id or new_id(),
        project_id=policy.project_id,
        l7policy_id=policy.id,
        type=spec.type,
        compare_type=spec.compare_type,
        key=spec.key,
        value=spec.value,
        # invert is documented as fixed at false: accepted, never applied
        invert=False,
        admin_state_up=True,
        conditions=spec.conditions,
        created_at=now,
        updated_at=now,
    )


def _check_condition_room(session: Session, project_id: str, specs: Sequence[RuleSpec]) -> None:
    """condition_per_policy: a policy's rules, each condition counting as one rule."""
    limit = quotas.limit_of(session, project_id=project_id, key="condition_per_policy")
    used = sum(spec.weight for spec in specs)
    if 0 <= limit < used:
        raise QuotaExceeded(resources="condition_per_policy")


# --- shared lookups ----------------------------------------------------------------------------


def _listener(session: Session, project_id: str, listener_id: str) -> Listener:
    listener = session.get(Listener, listener_id)
    if listener is None or listener.project_id != project_id:
        raise NotFound(kind="listener", id=listener_id)
    return listener


def _check_writable(session: Session, listener: Listener) -> None:
    """Policies and rules change only while the listener's load balancer is ACTIVE (one
    in the recycle bin, being upgraded, … is not), as its pools do."""
    lb = session.get_one(LoadBalancer, listener.loadbalancer_id)
    if lb.provisioning_status != "ACTIVE":
        raise Conflict(
            message=f"Load balancer {lb.id} is {lb.provisioning_status}; the forwarding "
            "policies of its listeners can only be changed while it is ACTIVE."
        )


def _admin_state_up(value: bool | None, field: str) -> bool:
    """admin_state_up is documented as "only true is supported"."""
    if value is False:
        raise InvalidInput(field=field, reason="only true is supported.")
    return True


def policies_redirecting_to(session: Session, listener_ids: Iterable[str]) -> list[L7Policy]:
    """The policies (of other listeners) that redirect to these listeners."""
    ids = list(listener_ids)
    if not ids:
        return []
    return list(session.scalars(select(L7Policy).where(L7Policy.redirect_listener_id.in_(ids))))


def policy_ids_of_listeners(session: Session, listener_ids: Iterable[str]) -> list[str]:
    ids = list(listener_ids)
    if not ids:
        return []
    return list(session.scalars(select(L7Policy.id).where(L7Policy.listener_id.in_(ids))))


def check_http2_kept(session: Session, listener: Listener) -> None:
    """A listener whose policies forward to a GRPC pool keeps http2_enable (GRPC pools
    need it, as a default pool does)."""
    grpc = session.scalar(
        select(Pool.id)
        .join(L7PolicyPool, L7PolicyPool.pool_id == Pool.id)
        .join(L7Policy, L7Policy.id == L7PolicyPool.l7policy_id)
        .where(
            L7Policy.listener_id == listener.id,
            L7PolicyPool.role == FORWARD,
            Pool.protocol == "GRPC",
        )
        .limit(1)
    )
    if grpc is not None:
        raise InvalidInput(
            field="http2_enable",
            reason=f"a forwarding policy of the listener forwards to GRPC pool {grpc}.",
        )
