"""The field rules of forwarding policies and rules: what each action, rule type and
compare type takes, from the SDK docstrings and the OTC reference (CreateL7Policy,
CreateL7Rule). Functions of the request and the listener only: nothing here reads the
database.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockelb.errors import InvalidInput
from mockelb.models import Listener
from mockelb.schemas.l7policies import (
    CreateFixtedResponseConfig,
    CreateL7PolicyRuleOption,
    CreateRedirectPoolsExtendConfig,
    CreateRedirectUrlConfig,
    CreateRuleCondition,
)

# The listener protocols that take forwarding policies. The reference names HTTP and HTTPS
# (and TERMINATED_HTTPS for REDIRECT_TO_POOL); QUIC listeners take them too, as the SDK's
# traffic_limit_config note on "policies of QUIC listeners" shows.
POLICY_PROTOCOLS = frozenset({"HTTP", "HTTPS", "TERMINATED_HTTPS", "QUIC"})
# REDIRECT_TO_LISTENER: from an HTTP listener to an HTTPS one of the same load balancer
REDIRECT_FROM_PROTOCOLS = frozenset({"HTTP"})
REDIRECT_TO_PROTOCOLS = frozenset({"HTTPS", "TERMINATED_HTTPS"})
# a priority is 1-10000, or 0 for REDIRECT_TO_LISTENER (which always goes first)
MAX_PRIORITY = 10000
# the rule types of which a policy holds at most one; HEADER, QUERY_STRING and COOKIE repeat
SINGLE_RULE_TYPES = frozenset({"HOST_NAME", "PATH", "METHOD", "SOURCE_IP"})
# the rule types a listener without advanced forwarding (enhance_l7policy_enable) takes;
# the others match on conditions, which need it
BASIC_RULE_TYPES = frozenset({"HOST_NAME", "PATH"})
# the compare types each rule type takes
COMPARE_TYPES: dict[str, frozenset[str]] = {
    "HOST_NAME": frozenset({"EQUAL_TO"}),
    "PATH": frozenset({"EQUAL_TO", "STARTS_WITH", "REGEX"}),
    "METHOD": frozenset({"EQUAL_TO"}),
    "SOURCE_IP": frozenset({"EQUAL_TO"}),
    "HEADER": frozenset({"EQUAL_TO"}),
    "QUERY_STRING": frozenset({"EQUAL_TO"}),
    "COOKIE": frozenset({"EQUAL_TO"}),
}
METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"})

# letters, digits, '-', '.'; a wildcard only as a leading "*."
_HOST_NAME = re.compile(r"^(?:\*\.)?[A-Za-z0-9][A-Za-z0-9.-]*$")
# starts with '/'; letters, digits and _~';@^-%#&$.*+?,=!:|/()[]{}
_PATH = re.compile(r"^/[A-Za-z0-9_~';@^\-%#&$.*+?,=!:|/()\[\]{}]*$")
_PATH_REASON = "a path starts with '/' and takes letters, digits and _~';@^-%#&$.*+?,=!:|/()[]{}."
_HEADER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# printable ASCII without space and '"'
_HEADER_VALUE = re.compile(r"^[!#-~]+$")
# printable ASCII without space, []{}<>\"#&|%~ (QUERY_STRING keys and values; COOKIE too)
_QUERY_TEXT = re.compile(r"^[!$\'-;=?-Z^_`a-z]+$")
# redirect_url_config and rewrite_url_config (a rewrite's path takes no *[]{})
_REWRITE_PATH = re.compile(r"^/[A-Za-z0-9_~';@^\-%#&$.+?,=!:|/()]*$")
_REDIRECT_HOST = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$")
_REDIRECT_PATH = re.compile(r"^/[A-Za-z0-9_~';@^\-%#&$.*+?,=!:|/()\[\]{}]*$")
_REDIRECT_QUERY = re.compile(r"^[A-Za-z0-9!$&'()*+,\-./:;=?@^_`]*$")
# a part inherited from the request: each part only as itself (${host} for the host, …)
_INHERITED = {part: f"${{{part}}}" for part in ("protocol", "host", "port", "path", "query")}
_CORS_ORIGIN = re.compile(r"^https?://(?:\*\.)?[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]{1,5})?$")
# header names a policy may neither insert nor remove (CreateInsertHeaderConfig.key)
RESERVED_HEADERS = frozenset(
    {
        "connection",
        "upgrade",
        "content-length",
        "transfer-encoding",
        "keep-alive",
        "te",
        "host",
        "cookie",
        "remoteip",
        "authority",
        "x-forwarded-host",
        "x-forwarded-for",
        "x-forwarded-for-port",
        "x-forwarded-tls-certificate-id",
        "x-forwarded-tls-protocol",
        "x-forwarded-tls-cipher",
        "x-forwarded-elb-ip",
        "x-forwarded-port",
        "x-forwarded-elb-id",
        "x-forwarded-elb-vip",
        "x-real-ip",
        "x-forwarded-proto",
        "x-nuwa-trace-ne-in",
        "x-nuwa-trace-ne-out",
    }
)
SYSTEM_HEADER_VALUES = frozenset(
    {
        "CLIENT-PORT",
        "CLIENT-IP",
        "ELB-PROTOCOL",
        "ELB-ID",
        "ELB-PORT",
        "ELB-EIP",
        "ELB-VIP",
        "TLS-PROTOCOL",
        "TLS-CIPHER",
        "CLIENTCERT-SUBJECTDN",
        "CLIENTCERT-ISSUERDN",
        "CLIENTCERT-FINGERPRINT",
        "CLIENTCERT-CLIENTVERIFY",
        "CLIENTCERT-SERIALNUMBER",
        "CLIENTCERT",
        "CLIENTCERT-CIPHERS",
        "CLIENTCERT-END",
        "TLS-ALPN-PROTOCOL",
        "TLS-SNI",
        "TLS-JA3",
        "TLS-JA4",
    }
)
# the SYSTEM_DEFINED values only HTTPS and QUIC listeners have
TLS_HEADER_VALUES = SYSTEM_HEADER_VALUES - {
    "CLIENT-PORT",
    "CLIENT-IP",
    "ELB-PROTOCOL",
    "ELB-ID",
    "ELB-PORT",
    "ELB-EIP",
    "ELB-VIP",
}


@dataclass(frozen=True)
class RuleSpec:
    """A rule as it is kept: its value, key and conditions once checked."""

    type: str
    compare_type: str
    value: str
    key: str | None
    conditions: list[dict[str, str]]

    @property
    def weight(self) -> int:
        """How much of condition_per_policy it takes: one per condition, at least one."""
        return max(1, len(self.conditions))

    def signature(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What the rule matches, to compare policies of a listener."""
        matched = tuple(sorted((c["key"], c["value"]) for c in self.conditions)) or (
            ("", self.value),
        )
        return (self.type, self.compare_type, matched)


# --- rules ---------------------------------------------------------------------------------


def check_rule(
    *,
    rule_type: str,
    compare_type: str,
    value: str | None,
    key: str | None,
    conditions: Sequence[CreateRuleCondition] | None,
    admin_state_up: bool | None,
    listener: Listener,
    field: str,
) -> RuleSpec:
    """The rule as kept, or InvalidInput naming `field` (e.g. "rule", "l7policy.rules[0]")."""
    if admin_state_up is False:
        raise InvalidInput(field=f"{field}.admin_state_up", reason="only true is supported.")
    allowed = COMPARE_TYPES[rule_type]
    if compare_type not in allowed:
        raise InvalidInput(
            field=f"{field}.compare_type",
            reason=f"a {rule_type} rule takes {', '.join(sorted(allowed))} only.",
        )
    if not listener.enhance_l7policy_enable:
        if rule_type not in BASIC_RULE_TYPES:
            raise InvalidInput(
                field=f"{field}.type",
                reason=f"{rule_type} rules need a listener with enhance_l7policy_enable.",
            )
        if conditions:
            raise InvalidInput(
                field=f"{field}.conditions",
                reason="conditions need a listener with enhance_l7policy_enable.",
            )
    if rule_type == "HOST_NAME" and not listener.enhance_l7policy_enable:
        # wildcard domain names are an advanced-forwarding feature (enhance_l7policy_enable)
        wildcards = [value or ""] + [condition.value for condition in conditions or ()]
        if any(text.startswith("*") for text in wildcards):
            raise InvalidInput(
                field=f"{field}.value",
                reason="wildcard domain names need a listener with enhance_l7policy_enable.",
            )
    if conditions:
        kept = _check_conditions(rule_type, compare_type, conditions, field)
        return RuleSpec(rule_type, compare_type, value or kept[0]["value"], key, kept)
    if rule_type not in BASIC_RULE_TYPES:
        raise InvalidInput(
            field=f"{field}.conditions",
            reason=f"a {rule_type} rule matches on conditions; give at least one.",
        )
    if value is None:
        raise InvalidInput(field=f"{field}.value", reason="it is required without conditions.")
    _check_value(rule_type, compare_type, value, f"{field}.value")
    return RuleSpec(rule_type, compare_type, value, key, [])


def _check_conditions(
    rule_type: str, compare_type: str, conditions: Sequence[CreateRuleCondition], field: str
) -> list[dict[str, str]]:
    keys = {condition.key or "" for condition in conditions}
    if len(keys) > 1:
        raise InvalidInput(
            field=f"{field}.conditions", reason="every condition of a rule has the same key."
        )
    values = [condition.value for condition in conditions]
    if len(set(values)) < len(values):
        raise InvalidInput(
            field=f"{field}.conditions", reason="the values of a rule's conditions are unique."
        )
    (key,) = keys
    keyed = rule_type in {"HEADER", "QUERY_STRING", "COOKIE"}
    if keyed and not key:
        raise InvalidInput(
            field=f"{field}.conditions[0].key", reason=f"a {rule_type} condition needs a key."
        )
    if not keyed and key:
        raise InvalidInput(
            field=f"{field}.conditions[0].key", reason=f"a {rule_type} condition has no key."
        )
    if rule_type == "HEADER" and not _HEADER_NAME.match(key):
        raise InvalidInput(
            field=f"{field}.conditions[0].key",
            reason="a header name is 1-40 letters, digits, '-' and '_'.",
        )
    if rule_type in {"QUERY_STRING", "COOKIE"} and not _QUERY_TEXT.match(key):
        raise InvalidInput(
            field=f"{field}.conditions[0].key",
            reason='it takes no spaces, []{}<>\\"#&|%~ or non-ASCII characters.',
        )
    for index, value in enumerate(values):
        _check_value(rule_type, compare_type, value, f"{field}.conditions[{index}].value")
    return [{"key": key, "value": value} for value in values]


def _check_value(rule_type: str, compare_type: str, value: str, field: str) -> None:
    reason = _value_problem(rule_type, compare_type, value)
    if reason:
        raise InvalidInput(field=field, reason=reason)


def _value_problem(rule_type: str, compare_type: str, value: str) -> str | None:
    if rule_type == "HOST_NAME" and not _HOST_NAME.match(value):
        return (
            "a domain name is letters, digits, '-' and '.', starting with a letter or digit; "
            "a wildcard only as a leading '*.'."
        )
    if rule_type == "PATH":
        if compare_type == "REGEX":
            return _regex_problem(value)
        if not _PATH.match(value):
            return _PATH_REASON
    if rule_type == "METHOD" and value not in METHODS:
        return f"a method is one of {', '.join(sorted(METHODS))}."
    if rule_type == "SOURCE_IP":
        return _cidr_problem(value)
    if rule_type == "HEADER" and not _HEADER_VALUE.match(value):
        return "a header value takes no spaces, '\"' or non-ASCII characters."
    if rule_type in {"QUERY_STRING", "COOKIE"} and not _QUERY_TEXT.match(value):
        return 'it takes no spaces, []{}<>\\"#&|%~ or non-ASCII characters.'
    return None


def _regex_problem(value: str) -> str | None:
    try:
        re.compile(value)
    except (re.error, RecursionError, OverflowError):
        return "it is not a valid regular expression."
    return None


def _cidr_problem(value: str) -> str | None:
    if "/" not in value:
        return "a source IP is a CIDR block, e.g. 192.168.0.2/32 or 2049::49/64."
    try:
        # host bits may be set: the reference's own example is 2049::49/64
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "a source IP is a CIDR block, e.g. 192.168.0.2/32 or 2049::49/64."
    return None


def check_rule_set(rules: Sequence[RuleSpec], field: str) -> None:
    """HOST_NAME, PATH, METHOD and SOURCE_IP appear at most once in one policy."""
    seen: set[str] = set()
    for rule in rules:
        if rule.type in SINGLE_RULE_TYPES and rule.type in seen:
            raise InvalidInput(field=field, reason=f"a policy holds at most one {rule.type} rule.")
        seen.add(rule.type)


def rule_specs(
    options: Sequence[CreateL7PolicyRuleOption], listener: Listener, field: str
) -> list[RuleSpec]:
    """The rules given with a policy, each checked, and checked as a set."""
    specs = [
        check_rule(
            rule_type=option.type,
            compare_type=option.compare_type,
            value=option.value,
            key=option.key,
            conditions=option.conditions,
            admin_state_up=option.admin_state_up,
            listener=listener,
            field=f"{field}[{index}]",
        )
        for index, option in enumerate(options)
    ]
    check_rule_set(specs, field)
    return specs


# --- actions -------------------------------------------------------------------------------


def check_listener_takes_action(listener: Listener, action: str) -> None:
    if listener.protocol not in POLICY_PROTOCOLS:
        raise InvalidInput(
            field="l7policy.listener_id",
            reason=f"forwarding policies need an HTTP or HTTPS listener, not {listener.protocol}.",
        )
    if action == "REDIRECT_TO_LISTENER" and listener.protocol not in REDIRECT_FROM_PROTOCOLS:
        raise InvalidInput(
            field="l7policy.listener_id",
            reason="REDIRECT_TO_LISTENER policies go on HTTP listeners only.",
        )
    if action in {"REDIRECT_TO_URL", "FIXED_RESPONSE"} and not listener.enhance_l7policy_enable:
        raise InvalidInput(
            field="l7policy.action",
            reason=f"{action} needs a listener with enhance_l7policy_enable.",
        )


def check_priority(listener: Listener, action: str, priority: int, field: str) -> None:
    if not listener.enhance_l7policy_enable:
        raise InvalidInput(
            field=field, reason="priority needs a listener with enhance_l7policy_enable."
        )
    if action == "REDIRECT_TO_LISTENER" and priority != 0:
        raise InvalidInput(field=field, reason="a REDIRECT_TO_LISTENER policy has priority 0.")
    if action != "REDIRECT_TO_LISTENER" and priority < 1:
        raise InvalidInput(field=field, reason="it is 1-10000.")


def redirect_url_config_of(
    config: CreateRedirectUrlConfig, listener: Listener, field: str
) -> dict[str, Any]:
    """The kept redirect_url_config: every part, the ones not given inherited (${…})."""
    kept: dict[str, Any] = {
        "protocol": config.protocol or "${protocol}",
        "host": config.host or "${host}",
        "port": config.port or "${port}",
        "path": config.path or "${path}",
        "query": config.query if config.query is not None else "${query}",
        "status_code": config.status_code,
    }
    if kept["protocol"] not in {"HTTP", "HTTPS", "${protocol}"}:
        raise InvalidInput(field=f"{field}.protocol", reason="it is HTTP, HTTPS or ${protocol}.")
    if not _inherited(kept, "host") and not _REDIRECT_HOST.match(kept["host"]):
        raise InvalidInput(
            field=f"{field}.host",
            reason="a host is letters, digits, '-' and '.', starting with a letter or digit.",
        )
    if not _inherited(kept, "port") and not _is_port(kept["port"]):
        raise InvalidInput(field=f"{field}.port", reason="a port is 1-65535 or ${port}.")
    if not _inherited(kept, "path") and not _REDIRECT_PATH.match(kept["path"]):
        raise InvalidInput(
            field=f"{field}.path",
            reason=_PATH_REASON,
        )
    if not _REDIRECT_QUERY.match(kept["query"].replace("${query}", "")):
        raise InvalidInput(
            field=f"{field}.query",
            reason="a query takes letters, digits and !$&'()*+,-./:;=?@^_`.",
        )
    # the reference: host or path must be given, or protocol and port must differ from
    # the listener's; otherwise the request would be redirected to itself
    same_protocol = kept["protocol"] in (_INHERITED["protocol"], listener.protocol)
    same_port = kept["port"] in (_INHERITED["port"], str(listener.protocol_port))
    if _inherited(kept, "host") and _inherited(kept, "path") and same_protocol and same_port:
        raise InvalidInput(
            field=field,
            reason="it would redirect the request to itself: give a host or a path, or a "
            "protocol or port other than the listener's.",
        )
    _check_headers(config.insert_headers_config, config.remove_headers_config, listener, field)
    kept["insert_headers_config"] = _dump(config.insert_headers_config)
    kept["remove_headers_config"] = _dump(config.remove_headers_config)
    return kept


def fixed_response_config_of(
    config: CreateFixtedResponseConfig, listener: Listener, field: str
) -> dict[str, Any]:
    code = config.status_code or ""
    if not (code.isdigit() and len(code) == 3 and code[0] in "245"):
        raise InvalidInput(
            field=f"{field}.status_code", reason="it is 200-299, 400-499 or 500-599."
        )
    _check_headers(config.insert_headers_config, config.remove_headers_config, listener, field)
    _check_traffic_limit(config.traffic_limit_config, listener, f"{field}.traffic_limit_config")
    return {
        "status_code": code,
        "content_type": config.content_type or "text/plain",
        "message_body": config.message_body or "",
        "insert_headers_config": _dump(config.insert_headers_config),
        "remove_headers_config": _dump(config.remove_headers_config),
        "traffic_limit_config": _dump(config.traffic_limit_config),
    }


def extend_config_of(
    config: CreateRedirectPoolsExtendConfig, listener: Listener, field: str
) -> dict[str, Any]:
    """The kept redirect_pools_extend_config (REDIRECT_TO_POOL with advanced forwarding)."""
    if not listener.enhance_l7policy_enable:
        raise InvalidInput(field=field, reason="it needs a listener with enhance_l7policy_enable.")
    rewrite = config.rewrite_url_config
    if config.rewrite_url_enable and rewrite is None:
        raise InvalidInput(
            field=f"{field}.rewrite_url_config", reason="it is required with rewrite_url_enable."
        )
    kept_rewrite = None
    if rewrite is not None:
        kept_rewrite = {
            "host": rewrite.host or "${host}",
            "path": rewrite.path or "${path}",
            "query": rewrite.query if rewrite.query is not None else "${query}",
        }
        if not _inherited(kept_rewrite, "host") and not _REDIRECT_HOST.match(kept_rewrite["host"]):
            raise InvalidInput(
                field=f"{field}.rewrite_url_config.host",
                reason="a host is letters, digits, '-' and '.', starting with a letter or digit.",
            )
        if not _inherited(kept_rewrite, "path") and not _REWRITE_PATH.match(kept_rewrite["path"]):
            raise InvalidInput(
                field=f"{field}.rewrite_url_config.path",
                reason="a path starts with '/' and takes letters, digits and "
                "_~';@^-%#&$.+?,=!:|/().",
            )
        if not _REDIRECT_QUERY.match(kept_rewrite["query"].replace("${query}", "")):
            raise InvalidInput(
                field=f"{field}.rewrite_url_config.query",
                reason="a query takes letters, digits and !$&'()*+,-./:;=?@^_`.",
            )
    _check_headers(config.insert_headers_config, config.remove_headers_config, listener, field)
    _check_traffic_limit(config.traffic_limit_config, listener, f"{field}.traffic_limit_config")
    if config.cors_config is not None:
        _check_cors(config.cors_config.allow_origin, f"{field}.cors_config.allow_origin")
    return {
        "rewrite_url_enable": bool(config.rewrite_url_enable),
        "rewrite_url_config": kept_rewrite,
        "insert_headers_config": _dump(config.insert_headers_config),
        "remove_headers_config": _dump(config.remove_headers_config),
        "traffic_limit_config": _dump(config.traffic_limit_config),
        "cors_config": _dump(config.cors_config),
        "traffic_mirror_config": _dump(config.traffic_mirror_config),
    }


def _check_cors(origins: Sequence[str], field: str) -> None:
    if "*" in origins and len(origins) > 1:
        raise InvalidInput(field=field, reason="'*' goes alone.")
    if len(set(origins)) < len(origins):
        raise InvalidInput(field=field, reason="the origins are unique.")
    for origin in origins:
        if origin != "*" and not _CORS_ORIGIN.match(origin):
            raise InvalidInput(
                field=field,
                reason="an origin is '*' or http(s):// and a domain name (no IP address).",
            )


def _check_headers(inserted: Any, removed: Any, listener: Listener, field: str) -> None:
    for index, header in enumerate(inserted.configs if inserted is not None else ()):
        where = f"{field}.insert_headers_config.configs[{index}]"
        if header.key.lower() in RESERVED_HEADERS:
            raise InvalidInput(field=f"{where}.key", reason=f"{header.key} cannot be inserted.")
        if header.value_type == "SYSTEM_DEFINED":
            if header.value not in SYSTEM_HEADER_VALUES:
                raise InvalidInput(
                    field=f"{where}.value", reason="it is not a system-defined value."
                )
            if header.value in TLS_HEADER_VALUES and listener.protocol not in {"HTTPS", "QUIC"}:
                raise InvalidInput(
                    field=f"{where}.value",
                    reason=f"{header.value} needs an HTTPS or QUIC listener.",
                )
    for index, header in enumerate(removed.configs if removed is not None else ()):
        if header.key.lower() in RESERVED_HEADERS:
            raise InvalidInput(
                field=f"{field}.remove_headers_config.configs[{index}].key",
                reason=f"{header.key} cannot be removed.",
            )


def _check_traffic_limit(config: Any, listener: Listener, field: str) -> None:
    if config is None or config.per_source_ip_qps is None:
        return
    if listener.protocol == "QUIC" and config.per_source_ip_qps:
        raise InvalidInput(
            field=f"{field}.per_source_ip_qps", reason="QUIC listeners take no per-source limit."
        )
    if config.qps and config.per_source_ip_qps >= config.qps:
        raise InvalidInput(
            field=f"{field}.per_source_ip_qps", reason="it is below qps when qps is set."
        )


def _inherited(kept: dict[str, Any], part: str) -> bool:
    return bool(kept[part] == _INHERITED[part])


def _is_port(text: str) -> bool:
    return text.isdigit() and len(text) <= 5 and 1 <= int(text) <= 65535


def _dump(config: Any) -> dict[str, Any] | None:
    return config.model_dump(mode="json") if config is not None else None
