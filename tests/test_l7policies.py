"""Forwarding policies and rules (mockelb/services/l7policies.py), through the official SDK
and raw HTTP: each action with its limits, priorities, rules with their types, compare
types and conditions, the batch priority update, what policies do to pools and listeners
(deletes refused, listener_id filters, member status), and every refusal changing nothing."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as sdk
import pytest

from tests import demo
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    add_members,
    create_listener,
    create_pool,
    ids_of,
    list_pools,
    on_subnet,
    quota_used,
    show_load_balancer_status,
    show_pool,
)
from tests.sdk_checks import TIME, UUID, assert_json_model, assert_ok_response, assert_refused

LB = demo.LB_IP_TARGETS
HTTP_POOL = demo.POOL_HTTP  # HTTP, on LB_IP_TARGETS


# --- helpers -------------------------------------------------------------------------------


def http_listener(elb: Any, port: int = 8080, **fields: Any) -> str:
    listener = create_listener(
        elb, loadbalancer_id=LB, protocol="HTTP", protocol_port=port, **fields
    )
    return str(listener.id)


def https_listener(elb: Any, port: int = 8443, **fields: Any) -> str:
    listener = create_listener(
        elb,
        loadbalancer_id=LB,
        protocol="HTTPS",
        protocol_port=port,
        default_tls_container_ref=demo.CERTIFICATE,
        **fields,
    )
    return str(listener.id)


def enhanced_listener(elb: Any, port: int = 8081) -> str:
    return http_listener(elb, port, enhance_l7policy_enable=True)


def http_pool(elb: Any, **fields: Any) -> str:
    return str(create_pool(elb, protocol="HTTP", loadbalancer_id=LB, **fields).id)


def rule(type_: str, value: str | None = None, compare: str = "EQUAL_TO", **fields: Any) -> Any:
    return sdk.CreateL7PolicyRuleOption(type=type_, compare_type=compare, value=value, **fields)


def create_policy(elb: Any, **fields: Any) -> Any:
    option = sdk.CreateL7PolicyOption(**fields)
    response = elb.create_l7_policy(
        sdk.CreateL7PolicyRequest(body=sdk.CreateL7PolicyRequestBody(l7policy=option))
    )
    assert response.status_code == 201
    return response.l7policy


def to_pool(elb: Any, listener_id: str, pool_id: str = HTTP_POOL, **fields: Any) -> Any:
    return create_policy(
        elb, action="REDIRECT_TO_POOL", listener_id=listener_id, redirect_pool_id=pool_id, **fields
    )


def refused_create(
    elb: Any, status: int, code: str, message: str | None = None, **fields: Any
) -> None:
    before = policy_ids(elb)
    assert_refused(lambda: create_policy(elb, **fields), status, code, message)
    assert policy_ids(elb) == before


def update_policy(elb: Any, policy_id: str, **fields: Any) -> Any:
    body = sdk.UpdateL7PolicyRequestBody(l7policy=sdk.UpdateL7PolicyOption(**fields))
    response = elb.update_l7_policy(sdk.UpdateL7PolicyRequest(l7policy_id=policy_id, body=body))
    assert response.status_code == 200
    return response.l7policy


def show_policy(elb: Any, policy_id: str) -> Any:
    response = elb.show_l7_policy(sdk.ShowL7PolicyRequest(l7policy_id=policy_id))
    assert response.status_code == 200
    return response.l7policy


def policy_ids(elb: Any, **query: Any) -> list[str]:
    response = elb.list_l7_policies(sdk.ListL7PoliciesRequest(**query))
    assert response.status_code == 200
    return ids_of(response.l7policies)


def create_rule(elb: Any, policy_id: str, **fields: Any) -> Any:
    body = sdk.CreateL7RuleRequestBody(rule=sdk.CreateRuleOption(**fields))
    response = elb.create_l7_rule(sdk.CreateL7RuleRequest(l7policy_id=policy_id, body=body))
    assert response.status_code == 201
    return response.rule


def rule_ids(elb: Any, policy_id: str, **query: Any) -> list[str]:
    response = elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy_id, **query))
    assert response.status_code == 200
    return ids_of(response.rules)


def delete_policy(elb: Any, policy_id: str) -> None:
    response = elb.delete_l7_policy(sdk.DeleteL7PolicyRequest(l7policy_id=policy_id))
    assert response.status_code == 204


def post_policy(http: httpx.Client, **fields: Any) -> httpx.Response:
    return http.post(f"{ELB}/l7policies", json={"l7policy": fields})


# --- create, show, list ----------------------------------------------------------------------


def test_a_redirect_to_pool_policy_with_its_rules(elb: Any, http: httpx.Client) -> None:
    listener_id = http_listener(elb)
    policy = to_pool(
        elb,
        listener_id,
        name="api",
        description="to the api pool",
        rules=[rule("HOST_NAME", "www.example.com"), rule("PATH", "/api", "STARTS_WITH")],
    )

    assert UUID.match(policy.id)
    assert (policy.action, policy.listener_id, policy.redirect_pool_id) == (
        "REDIRECT_TO_POOL",
        listener_id,
        HTTP_POOL,
    )
    assert (policy.name, policy.description, policy.project_id) == (
        "api",
        "to the api pool",
        demo.PROJECT,
    )
    assert policy.admin_state_up is True and policy.provisioning_status == "ACTIVE"
    # without advanced forwarding every policy has priority 1; position counts policies
    assert (policy.priority, policy.position) == (1, 1)
    assert policy.redirect_listener_id is None and policy.redirect_url_config is None
    assert policy.redirect_pools_config == []
    assert TIME.match(policy.created_at) and policy.updated_at == policy.created_at
    assert len(policy.rules) == 2
    assert show_policy(elb, policy.id).to_dict() == policy.to_dict()
    assert policy_ids(elb) == [policy.id]

    raw = assert_ok_response(http.get(f"{ELB}/l7policies/{policy.id}"))["l7policy"]
    assert_json_model(
        raw,
        sdk.L7Policy,
        nullable={
            "redirect_listener_id",
            "redirect_url",
            "redirect_url_config",
            "redirect_pools_sticky_session_config",
            "redirect_pools_extend_config",
            "fixed_response_config",
        },
    )
    rules = elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy.id)).rules
    assert {(r.type, r.compare_type, r.value) for r in rules} == {
        ("HOST_NAME", "EQUAL_TO", "www.example.com"),
        ("PATH", "STARTS_WITH", "/api"),
    }
    assert sorted(ids_of(rules)) == sorted(r.id for r in policy.rules)


def test_the_pool_is_used_by_the_policy_listener(elb: Any) -> None:
    listener_id = http_listener(elb)
    pool_id = http_pool(elb)
    [member] = add_members(elb, pool_id, on_subnet("192.168.0.10", 80))
    to_pool(elb, listener_id, pool_id)

    assert [ref.id for ref in show_pool(elb, pool_id).listeners] == [listener_id]
    assert ids_of(list_pools(elb, listener_id=[listener_id])) == [pool_id]
    shown = elb.show_member(sdk.ShowMemberRequest(pool_id=pool_id, member_id=member.id)).member
    assert [status.listener_id for status in shown.status] == [listener_id]
    by_member = elb.list_listeners(sdk.ListListenersRequest(member_address=["192.168.0.10"]))
    assert ids_of(by_member.listeners) == [listener_id]


def test_redirect_pools_config_wins_over_redirect_pool_id(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    second = http_pool(elb)
    policy = create_policy(
        elb,
        action="REDIRECT_TO_POOL",
        listener_id=listener_id,
        redirect_pool_id=HTTP_POOL,
        redirect_pools_config=[
            sdk.CreateRedirectPoolsConfig(pool_id=second, weight="30"),
            sdk.CreateRedirectPoolsConfig(pool_id=HTTP_POOL, weight="70"),
        ],
        redirect_pools_sticky_session_config=sdk.CreateRedirectPoolsStickySessionConfig(
            enable=True
        ),
    )

    assert [(c.pool_id, c.weight) for c in policy.redirect_pools_config] == [
        (second, 30),
        (HTTP_POOL, 70),
    ]
    assert policy.redirect_pool_id == second
    sticky = policy.redirect_pools_sticky_session_config
    assert (sticky.enable, sticky.timeout) == (True, 1440)
    assert policy_ids(elb, redirect_pool_id=[HTTP_POOL]) == [policy.id]
    assert sorted(ids_of(list_pools(elb, listener_id=[listener_id]))) == sorted([second, HTTP_POOL])


def test_a_redirect_to_listener_policy(elb: Any) -> None:
    source = http_listener(elb)
    target = https_listener(elb)
    policy = create_policy(
        elb, action="REDIRECT_TO_LISTENER", listener_id=source, redirect_listener_id=target
    )

    assert (policy.redirect_listener_id, policy.priority, policy.rules) == (target, 0, [])
    assert policy.redirect_pool_id is None
    assert policy_ids(elb, redirect_listener_id=[target]) == [policy.id]


def test_redirect_to_url_takes_the_inherited_parts(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    policy = create_policy(
        elb,
        action="REDIRECT_TO_URL",
        listener_id=listener_id,
        redirect_url_config=sdk.CreateRedirectUrlConfig(protocol="HTTPS", status_code="301"),
        rules=[rule("PATH", "/old", "STARTS_WITH")],
    )

    config = policy.redirect_url_config
    assert (config.protocol, config.host, config.port, config.path, config.query) == (
        "HTTPS",
        "${host}",
        "${port}",
        "${path}",
        "${query}",
    )
    assert config.status_code == "301"
    # advanced forwarding: the first policy's priority is 1
    assert policy.priority == 1


def test_fixed_response_defaults_to_text_plain(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    policy = create_policy(
        elb,
        action="FIXED_RESPONSE",
        listener_id=listener_id,
        fixed_response_config=sdk.CreateFixtedResponseConfig(status_code="503"),
    )

    config = policy.fixed_response_config
    assert (config.status_code, config.content_type, config.message_body) == (
        "503",
        "text/plain",
        "",
    )


def test_advanced_forwarding_takes_header_method_and_source_ip_rules(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    condition = sdk.CreateRuleCondition
    policy = to_pool(
        elb,
        listener_id,
        rules=[
            rule("HEADER", compare="EQUAL_TO", conditions=[condition(key="X-Env", value="prod*")]),
            rule("METHOD", conditions=[condition(value="GET"), condition(value="POST")]),
            rule(
                "SOURCE_IP",
                conditions=[condition(value="10.0.0.0/8"), condition(value="2049::49/64")],
            ),
            rule("QUERY_STRING", conditions=[condition(key="lang", value="en")]),
        ],
    )

    rules = {
        r.type: r for r in elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy.id)).rules
    }
    assert [(c.key, c.value) for c in rules["METHOD"].conditions] == [("", "GET"), ("", "POST")]
    assert rules["HEADER"].value == "prod*"
    assert [(c.key, c.value) for c in rules["HEADER"].conditions] == [("X-Env", "prod*")]


def test_display_all_rules_shows_them_whole(elb: Any, http: httpx.Client) -> None:
    listener_id = http_listener(elb)
    policy = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])

    listed = assert_ok_response(http.get(f"{ELB}/l7policies", params={"display_all_rules": "true"}))
    [whole] = listed["l7policies"][0]["rules"]
    assert (whole["type"], whole["value"], whole["id"]) == ("PATH", "/a", policy.rules[0].id)
    plain = assert_ok_response(http.get(f"{ELB}/l7policies"))
    assert plain["l7policies"][0]["rules"] == [{"id": policy.rules[0].id}]


def test_list_filters_and_pages(elb: Any) -> None:
    first = http_listener(elb)
    second = enhanced_listener(elb)
    a = to_pool(elb, first, name="a")
    b = create_policy(
        elb,
        action="FIXED_RESPONSE",
        listener_id=second,
        name="b",
        fixed_response_config=sdk.CreateFixtedResponseConfig(status_code="200"),
    )

    assert policy_ids(elb, listener_id=[first]) == [a.id]
    assert policy_ids(elb, action=["FIXED_RESPONSE"]) == [b.id]
    assert policy_ids(elb, name=["a", "b"]) == sorted([a.id, b.id])
    assert policy_ids(elb, priority=[1]) == sorted([a.id, b.id])
    assert policy_ids(elb, provisioning_status=["ERROR"]) == []
    page = elb.list_l7_policies(sdk.ListL7PoliciesRequest(limit=1))
    assert page.page_info.current_count == 1
    rest = elb.list_l7_policies(
        sdk.ListL7PoliciesRequest(limit=1, marker=page.page_info.next_marker)
    )
    assert ids_of(page.l7policies) + ids_of(rest.l7policies) == sorted([a.id, b.id])


def test_another_projects_listener_is_not_found(elb: Any, http: httpx.Client) -> None:
    listener_id = http_listener(elb)
    other = http.post(
        "/v3/0123456789abcdef0123456789abcdef/elb/l7policies",
        json={
            "l7policy": {
                "action": "REDIRECT_TO_POOL",
                "listener_id": listener_id,
                "redirect_pool_id": HTTP_POOL,
            }
        },
    )
    assert other.status_code == 404 and other.json()["error_code"] == NOT_FOUND


# --- refusals -------------------------------------------------------------------------------


def test_a_tcp_listener_takes_no_policy(elb: Any) -> None:
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        "HTTP or HTTPS listener",
        action="REDIRECT_TO_POOL",
        listener_id=demo.LISTENER_2,
        redirect_pool_id=HTTP_POOL,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "REDIRECT_TO_POOL", "redirect_pool_id": demo.UNKNOWN_ID},
        {"action": "REDIRECT_TO_LISTENER", "redirect_listener_id": demo.UNKNOWN_ID},
    ],
)
def test_an_unknown_target_is_not_found(
    elb: Any, http: httpx.Client, fields: dict[str, Any]
) -> None:
    response = post_policy(http, listener_id=http_listener(elb), **fields)
    assert response.status_code == 404, response.text
    assert response.json()["error_code"] == NOT_FOUND
    assert demo.UNKNOWN_ID in response.json()["error_msg"]
    assert policy_ids(elb) == []


def test_an_unknown_listener_is_not_found(elb: Any) -> None:
    refused_create(
        elb,
        404,
        NOT_FOUND,
        action="REDIRECT_TO_POOL",
        listener_id=demo.UNKNOWN_ID,
        redirect_pool_id=HTTP_POOL,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "REDIRECT_TO_POOL"}, "needs redirect_pool_id"),
        ({"action": "REDIRECT_TO_POOL", "redirect_pool_id": demo.POOL}, "load balancer"),
        ({"action": "REDIRECT_TO_POOL", "redirect_pool_id": demo.POOL_DUALSTACK}, "HTTP pools"),
        (
            {
                "action": "REDIRECT_TO_POOL",
                "redirect_pool_id": HTTP_POOL,
                "redirect_listener_id": demo.LISTENER_2,
            },
            "does not take it",
        ),
        (
            {"action": "REDIRECT_TO_POOL", "redirect_pool_id": HTTP_POOL, "priority": 5},
            "enhance_l7policy_enable",
        ),
        (
            {"action": "REDIRECT_TO_POOL", "redirect_pool_id": HTTP_POOL, "admin_state_up": False},
            "only true",
        ),
        ({"action": "REDIRECT_TO_LISTENER"}, "needs redirect_listener_id"),
        (
            {"action": "REDIRECT_TO_LISTENER", "redirect_listener_id": demo.LISTENER},
            "load balancer",
        ),
        (
            {"action": "REDIRECT_TO_LISTENER", "redirect_listener_id": demo.LISTENER_2},
            "HTTPS listeners only",
        ),
        (
            {
                "action": "REDIRECT_TO_URL",
                "redirect_url_config": {"host": "example.com", "status_code": "302"},
            },
            "enhance_l7policy_enable",
        ),
        (
            {"action": "FIXED_RESPONSE", "fixed_response_config": {"status_code": "200"}},
            "enhance_l7policy_enable",
        ),
    ],
)
def test_a_policy_the_action_refuses_is_elb_8902(
    elb: Any, http: httpx.Client, fields: dict[str, Any], message: str
) -> None:
    listener_id = http_listener(elb)
    response = post_policy(http, listener_id=listener_id, **fields)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == INVALID_INPUT
    assert message in response.json()["error_msg"]
    assert policy_ids(elb) == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"status_code": "302"}, "to itself"),
        ({"status_code": "300", "host": "a.com"}, "status_code"),
        ({"status_code": "302", "protocol": "FTP"}, "HTTP, HTTPS"),
        ({"status_code": "302", "host": "-bad.com"}, "host"),
        ({"status_code": "302", "port": "70000"}, "1-65535"),
        ({"status_code": "302", "path": "no-slash"}, "starts with '/'"),
        ({"status_code": "302", "query": "a b"}, "query"),
    ],
)
def test_a_bad_redirect_url_config_is_elb_8902(
    elb: Any, http: httpx.Client, config: dict[str, Any], message: str
) -> None:
    listener_id = enhanced_listener(elb)
    response = post_policy(
        http, listener_id=listener_id, action="REDIRECT_TO_URL", redirect_url_config=config
    )
    assert response.status_code == 400, response.text
    assert message in response.json()["error_msg"]


@pytest.mark.parametrize("code", ["100", "302", "600", "2000", "abc"])
def test_a_fixed_response_code_outside_2xx_4xx_5xx_is_elb_8902(
    elb: Any, http: httpx.Client, code: str
) -> None:
    listener_id = enhanced_listener(elb)
    response = post_policy(
        http,
        listener_id=listener_id,
        action="FIXED_RESPONSE",
        fixed_response_config={"status_code": code},
    )
    assert response.status_code == 400 and response.json()["error_code"] == INVALID_INPUT


def test_redirect_to_listener_needs_http_to_https(elb: Any) -> None:
    https_source = https_listener(elb, 8443)
    http_target = http_listener(elb, 8080)
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        "HTTP listeners only",
        action="REDIRECT_TO_LISTENER",
        listener_id=https_source,
        redirect_listener_id=http_target,
    )
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        "HTTPS listeners only",
        action="REDIRECT_TO_LISTENER",
        listener_id=http_target,
        redirect_listener_id=http_listener(elb, 8082),
    )
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        "takes no rules",
        action="REDIRECT_TO_LISTENER",
        listener_id=http_target,
        redirect_listener_id=https_source,
        rules=[rule("PATH", "/")],
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([rule("HOST_NAME", "a.com"), rule("HOST_NAME", "b.com")], "at most one HOST_NAME"),
        ([rule("HOST_NAME", "bad_host.com")], "domain name"),
        ([rule("HOST_NAME", "a.*.com")], "domain name"),
        ([rule("HOST_NAME", "a.com", "STARTS_WITH")], "EQUAL_TO only"),
        ([rule("PATH", "no-slash")], "starts with '/'"),
        ([rule("PATH", "/a b")], "starts with '/'"),
        ([rule("PATH", "/(", "REGEX")], "regular expression"),
        ([rule("PATH")], "required without conditions"),
        ([rule("HEADER", "x")], "enhance_l7policy_enable"),
        (
            [rule("PATH", "/a", conditions=[sdk.CreateRuleCondition(value="/b")])],
            "enhance_l7policy_enable",
        ),
    ],
)
def test_a_bad_rule_is_elb_8902(elb: Any, rules: list[Any], message: str) -> None:
    listener_id = http_listener(elb)
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        message,
        action="REDIRECT_TO_POOL",
        listener_id=listener_id,
        redirect_pool_id=HTTP_POOL,
        rules=rules,
    )


@pytest.mark.parametrize(
    ("conditions", "type_", "message"),
    [
        ([("a", "1"), ("b", "2")], "HEADER", "same key"),
        ([("a", "1"), ("a", "1")], "HEADER", "unique"),
        ([("", "1")], "HEADER", "needs a key"),
        ([("bad key", "1")], "HEADER", "header name"),
        ([("k", "two words")], "HEADER", "no spaces"),
        ([("k", "a&b")], "QUERY_STRING", "no spaces"),
        ([("", "FETCH")], "METHOD", "a method is one of"),
        ([("x", "GET")], "METHOD", "has no key"),
        ([("", "10.0.0.1")], "SOURCE_IP", "CIDR"),
        ([("", "10.0.0.300/8")], "SOURCE_IP", "CIDR"),
        ([], "METHOD", "give at least one"),
    ],
)
def test_bad_conditions_are_elb_8902(
    elb: Any, conditions: list[tuple[str, str]], type_: str, message: str
) -> None:
    listener_id = enhanced_listener(elb)
    given = [sdk.CreateRuleCondition(key=key, value=value) for key, value in conditions]
    refused_create(
        elb,
        400,
        INVALID_INPUT,
        message,
        action="REDIRECT_TO_POOL",
        listener_id=listener_id,
        redirect_pool_id=HTTP_POOL,
        rules=[rule(type_, "v", conditions=given or None)],
    )


def test_conditions_count_against_condition_per_policy(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    eleven = [sdk.CreateRuleCondition(key="h", value=f"v{n}") for n in range(6)]
    more = [sdk.CreateRuleCondition(key="q", value=f"v{n}") for n in range(5)]
    refused_create(
        elb,
        409,
        QUOTA_EXCEEDED,
        action="REDIRECT_TO_POOL",
        listener_id=listener_id,
        redirect_pool_id=HTTP_POOL,
        rules=[rule("HEADER", conditions=eleven), rule("QUERY_STRING", conditions=more)],
    )


# --- priorities ----------------------------------------------------------------------------


def test_priorities_follow_the_highest_with_advanced_forwarding(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    first = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])
    chosen = to_pool(elb, listener_id, priority=10, rules=[rule("PATH", "/b")])
    after = to_pool(elb, listener_id, rules=[rule("PATH", "/c")])

    assert (first.priority, chosen.priority, after.priority) == (1, 10, 11)
    assert_refused(
        lambda: to_pool(elb, listener_id, priority=10, rules=[rule("PATH", "/d")]),
        409,
        CONFLICT,
        "already has priority 10",
    )
    assert_refused(lambda: to_pool(elb, listener_id, priority=0), 400, INVALID_INPUT, "1-10000")


def test_batch_update_policies_priority(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    a = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])
    b = to_pool(elb, listener_id, rules=[rule("PATH", "/b")])
    items = [
        sdk.BatchUpdatePriorityRequestBody(id=a.id, priority=b.priority),
        sdk.BatchUpdatePriorityRequestBody(id=b.id, priority=a.priority),
    ]

    response = elb.batch_update_policies_priority(
        sdk.BatchUpdatePoliciesPriorityRequest(
            body=sdk.BatchUpdatePoliciesPriorityRequestBody(l7policies=items)
        )
    )

    assert response.status_code == 202 and len(response.request_id) == 32
    assert (show_policy(elb, a.id).priority, show_policy(elb, b.id).priority) == (2, 1)


@pytest.mark.parametrize(
    ("items", "status", "code"),
    [
        (lambda a, b: [(a, 5), (b, 5)], 409, CONFLICT),
        (lambda a, b: [(a, 5), (a, 6)], 400, INVALID_INPUT),
        (lambda a, b: [(a, 5), (demo.UNKNOWN_ID, 6)], 404, NOT_FOUND),
        (lambda a, b: [(a, 0)], 400, INVALID_INPUT),
        (lambda a, b: [], 400, INVALID_INPUT),
    ],
)
def test_a_refused_priority_batch_changes_nothing(
    elb: Any, http: httpx.Client, items: Any, status: int, code: str
) -> None:
    listener_id = enhanced_listener(elb)
    a = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])
    b = to_pool(elb, listener_id, rules=[rule("PATH", "/b")])
    body = {"l7policies": [{"id": i, "priority": p} for i, p in items(a.id, b.id)]}

    response = http.post(f"{ELB}/l7policies/batch-update-priority", json=body)

    assert response.status_code == status, response.text
    assert response.json()["error_code"] == code
    assert (show_policy(elb, a.id).priority, show_policy(elb, b.id).priority) == (1, 2)


def test_batch_priority_needs_advanced_forwarding(http: httpx.Client, elb: Any) -> None:
    policy = to_pool(elb, http_listener(elb))
    response = http.post(
        f"{ELB}/l7policies/batch-update-priority",
        json={"l7policies": [{"id": policy.id, "priority": 3}]},
    )
    assert response.status_code == 400
    assert "enhance_l7policy_enable" in response.json()["error_msg"]


# --- update ------------------------------------------------------------------------------------


def test_update_replaces_the_rules_and_the_pool(elb: Any) -> None:
    listener_id = http_listener(elb)
    other = http_pool(elb)
    policy = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])

    updated = update_policy(
        elb,
        policy.id,
        name="renamed",
        redirect_pool_id=other,
        rules=[
            sdk.CreateRuleOption(type="HOST_NAME", compare_type="EQUAL_TO", value="www.example.com")
        ],
    )

    assert (updated.name, updated.redirect_pool_id) == ("renamed", other)
    [new_rule] = elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy.id)).rules
    assert (new_rule.type, new_rule.value) == ("HOST_NAME", "www.example.com")
    assert [ref.id for ref in updated.rules] == [new_rule.id]
    assert [ref.id for ref in show_pool(elb, HTTP_POOL).listeners] == []
    assert [ref.id for ref in show_pool(elb, other).listeners] == [listener_id]


def test_update_merges_the_redirect_url_config(elb: Any) -> None:
    listener_id = enhanced_listener(elb)
    policy = create_policy(
        elb,
        action="REDIRECT_TO_URL",
        listener_id=listener_id,
        redirect_url_config=sdk.CreateRedirectUrlConfig(host="a.example.com", status_code="302"),
    )

    updated = update_policy(
        elb, policy.id, redirect_url_config=sdk.UpdateRedirectUrlConfig(path="/new")
    )

    config = updated.redirect_url_config
    assert (config.host, config.path, config.status_code) == ("a.example.com", "/new", "302")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"redirect_pool_id": None}, "keeps a pool"),
        ({"redirect_listener_id": demo.LISTENER}, "does not take it"),
        ({"fixed_response_config": {"status_code": "200"}}, "does not take it"),
        ({"priority": 3}, "enhance_l7policy_enable"),
        ({"admin_state_up": False}, "only true"),
        ({"rules": [{"type": "PATH", "compare_type": "EQUAL_TO", "value": "x"}]}, "starts with"),
        ({"redirect_pool_id": demo.POOL}, "load balancer"),
    ],
)
def test_a_refused_update_changes_nothing(
    elb: Any, http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    policy = to_pool(elb, http_listener(elb), rules=[rule("PATH", "/a")])
    before = show_policy(elb, policy.id).to_dict()

    response = http.put(f"{ELB}/l7policies/{policy.id}", json={"l7policy": body})

    assert response.status_code == 400, response.text
    assert message in response.json()["error_msg"]
    assert show_policy(elb, policy.id).to_dict() == before


# --- rules ---------------------------------------------------------------------------------------


def test_rule_operations(elb: Any, http: httpx.Client) -> None:
    policy = to_pool(elb, http_listener(elb))
    created = create_rule(elb, policy.id, type="PATH", compare_type="REGEX", value="^/v[0-9]+/")

    assert (created.type, created.compare_type, created.value) == ("PATH", "REGEX", "^/v[0-9]+/")
    assert (created.invert, created.admin_state_up, created.key) == (False, True, None)
    assert created.provisioning_status == "ACTIVE" and created.conditions == []
    raw = assert_ok_response(http.get(f"{ELB}/l7policies/{policy.id}/rules/{created.id}"))["rule"]
    assert_json_model(raw, sdk.L7Rule, nullable={"key"})
    assert [ref.id for ref in show_policy(elb, policy.id).rules] == [created.id]

    body = sdk.UpdateL7RuleRequestBody(
        rule=sdk.UpdateL7RuleOption(compare_type="EQUAL_TO", value="/v1")
    )
    updated = elb.update_l7_rule(
        sdk.UpdateL7RuleRequest(l7policy_id=policy.id, l7rule_id=created.id, body=body)
    ).rule
    assert (updated.compare_type, updated.value) == ("EQUAL_TO", "/v1")
    shown = elb.show_l7_rule(sdk.ShowL7RuleRequest(l7policy_id=policy.id, l7rule_id=created.id))
    assert shown.rule.value == "/v1"
    assert rule_ids(elb, policy.id, type=["PATH"]) == [created.id]
    assert rule_ids(elb, policy.id, type=["HOST_NAME"]) == []
    every = elb.list_all_l7_rules(sdk.ListAllL7RulesRequest(l7policy_id=[policy.id]))
    assert ids_of(every.rules) == [created.id]

    deleted = elb.delete_l7_rule(
        sdk.DeleteL7RuleRequest(l7policy_id=policy.id, l7rule_id=created.id)
    )
    assert deleted.status_code == 204
    assert rule_ids(elb, policy.id) == []


def test_rule_refusals(elb: Any) -> None:
    policy = to_pool(elb, http_listener(elb), rules=[rule("PATH", "/a")])
    other = to_pool(elb, http_listener(elb, 8083), rules=[rule("PATH", "/b")])
    [path_rule] = rule_ids(elb, policy.id)

    assert_refused(
        lambda: create_rule(elb, policy.id, type="PATH", compare_type="EQUAL_TO", value="/c"),
        400,
        INVALID_INPUT,
        "at most one PATH",
    )
    assert_refused(
        lambda: create_rule(elb, demo.UNKNOWN_ID, type="PATH", compare_type="EQUAL_TO", value="/c"),
        404,
        NOT_FOUND,
    )
    assert_refused(
        lambda: elb.show_l7_rule(sdk.ShowL7RuleRequest(l7policy_id=other.id, l7rule_id=path_rule)),
        404,
        NOT_FOUND,
    )
    body = sdk.UpdateL7RuleRequestBody(rule=sdk.UpdateL7RuleOption(value="no-slash"))
    assert_refused(
        lambda: elb.update_l7_rule(
            sdk.UpdateL7RuleRequest(l7policy_id=policy.id, l7rule_id=path_rule, body=body)
        ),
        400,
        INVALID_INPUT,
    )
    assert rule_ids(elb, policy.id) == [path_rule]


def test_a_redirect_to_listener_policy_takes_no_rule(elb: Any) -> None:
    policy = create_policy(
        elb,
        action="REDIRECT_TO_LISTENER",
        listener_id=http_listener(elb),
        redirect_listener_id=https_listener(elb),
    )
    assert_refused(
        lambda: create_rule(elb, policy.id, type="PATH", compare_type="EQUAL_TO", value="/"),
        400,
        INVALID_INPUT,
        "takes no rules",
    )


def test_a_policy_matching_what_an_older_one_matches_is_error(elb: Any) -> None:
    listener_id = http_listener(elb)
    first = to_pool(elb, listener_id, rules=[rule("PATH", "/same")])
    second = to_pool(elb, listener_id, rules=[rule("PATH", "/same")])

    assert show_policy(elb, first.id).provisioning_status == "ACTIVE"
    assert show_policy(elb, second.id).provisioning_status == "ERROR"
    assert policy_ids(elb, provisioning_status=["ERROR"]) == [second.id]
    # the older one is not judged again, and deleting it does not clear the ERROR
    delete_policy(elb, first.id)
    assert show_policy(elb, second.id).provisioning_status == "ERROR"
    update_policy(
        elb,
        second.id,
        rules=[sdk.CreateRuleOption(type="PATH", compare_type="EQUAL_TO", value="/other")],
    )
    assert show_policy(elb, second.id).provisioning_status == "ACTIVE"


# --- what policies hold ------------------------------------------------------------------------


def test_a_pool_a_policy_forwards_to_cannot_be_deleted(elb: Any, http: httpx.Client) -> None:
    pool_id = http_pool(elb)
    policy = to_pool(elb, http_listener(elb), pool_id)

    assert_refused(
        lambda: elb.delete_pool(sdk.DeletePoolRequest(pool_id=pool_id)), 409, CONFLICT, policy.id
    )
    cascade = http.delete(f"{ELB}/pools/{pool_id}/delete-cascade")
    assert cascade.status_code == 409 and cascade.json()["error_code"] == CONFLICT
    delete_policy(elb, policy.id)
    assert elb.delete_pool(sdk.DeletePoolRequest(pool_id=pool_id)).status_code == 204


def test_a_listener_with_policies_is_deleted_only_by_force(elb: Any) -> None:
    source = http_listener(elb)
    target = https_listener(elb)
    redirect = create_policy(
        elb, action="REDIRECT_TO_LISTENER", listener_id=source, redirect_listener_id=target
    )

    assert_refused(
        lambda: elb.delete_listener(sdk.DeleteListenerRequest(listener_id=source)),
        409,
        CONFLICT,
        redirect.id,
    )
    assert_refused(
        lambda: elb.delete_listener(sdk.DeleteListenerRequest(listener_id=target)),
        409,
        CONFLICT,
        "redirects to listener",
    )
    forced = elb.delete_listener_force(sdk.DeleteListenerForceRequest(listener_id=target))
    assert forced.status_code == 204
    assert policy_ids(elb) == []
    assert elb.delete_listener(sdk.DeleteListenerRequest(listener_id=source)).status_code == 204


def test_deleting_a_policy_leaves_the_pool(elb: Any) -> None:
    policy = to_pool(elb, http_listener(elb), rules=[rule("PATH", "/a")])
    delete_policy(elb, policy.id)

    assert_refused(lambda: show_policy(elb, policy.id), 404, NOT_FOUND)
    assert show_pool(elb, HTTP_POOL).listeners == []
    every = elb.list_all_l7_rules(sdk.ListAllL7RulesRequest())
    assert every.rules == []


def test_the_status_tree_shows_the_policies(elb: Any) -> None:
    listener_id = http_listener(elb)
    policy = to_pool(elb, listener_id, name="p", rules=[rule("PATH", "/a")])

    tree = show_load_balancer_status(elb, LB)
    [listener] = [item for item in tree.listeners if item.id == listener_id]
    [shown] = listener.l7policies
    assert (shown.id, shown.name, shown.action, shown.provisioning_status) == (
        policy.id,
        "p",
        "REDIRECT_TO_POOL",
        "ACTIVE",
    )
    assert [(r.id, r.type) for r in shown.rules] == [(policy.rules[0].id, "PATH")]
    assert [pool.id for pool in listener.pools] == [HTTP_POOL]
    assert listener.operating_status == "ONLINE"


def test_a_policy_in_error_degrades_its_listener(elb: Any) -> None:
    listener_id = http_listener(elb)
    to_pool(elb, listener_id, rules=[rule("PATH", "/same")])
    twin = to_pool(elb, listener_id, rules=[rule("PATH", "/same")])

    tree = show_load_balancer_status(elb, LB)
    [listener] = [item for item in tree.listeners if item.id == listener_id]
    assert listener.operating_status == "DEGRADED"
    [shown] = [item for item in listener.l7policies if item.id == twin.id]
    assert shown.provisioning_status == "ERROR"
    assert [r.provisioning_status for r in shown.rules] == ["ERROR"]


def test_quota_details_count_policies(elb: Any) -> None:
    listener_id = http_listener(elb)
    to_pool(elb, listener_id)
    to_pool(elb, listener_id, http_pool(elb))
    assert quota_used(elb, "l7policy", "l7policies_per_listener", "pools_per_l7policy") == {
        "l7policy": 2,
        "l7policies_per_listener": 2,
        "pools_per_l7policy": 1,
    }


def test_priorities_shared_from_before_advanced_forwarding_do_not_block_a_batch(
    elb: Any,
) -> None:
    listener_id = http_listener(elb)
    a = to_pool(elb, listener_id, rules=[rule("PATH", "/a")])
    b = to_pool(elb, listener_id, rules=[rule("PATH", "/b")])
    assert (a.priority, b.priority) == (1, 1)
    body = sdk.UpdateListenerRequestBody(
        listener=sdk.UpdateListenerOption(enhance_l7policy_enable=True)
    )
    elb.update_listener(sdk.UpdateListenerRequest(listener_id=listener_id, body=body))

    items = [sdk.BatchUpdatePriorityRequestBody(id=b.id, priority=2)]
    response = elb.batch_update_policies_priority(
        sdk.BatchUpdatePoliciesPriorityRequest(
            body=sdk.BatchUpdatePoliciesPriorityRequestBody(l7policies=items)
        )
    )

    assert response.status_code == 202
    assert (show_policy(elb, a.id).priority, show_policy(elb, b.id).priority) == (1, 2)


def test_a_traffic_mirror_targets_a_pool_of_the_load_balancer(elb: Any, http: httpx.Client) -> None:
    listener_id = enhanced_listener(elb)

    def mirror(target: str) -> httpx.Response:
        return post_policy(
            http,
            listener_id=listener_id,
            action="REDIRECT_TO_POOL",
            redirect_pool_id=HTTP_POOL,
            redirect_pools_extend_config={"traffic_mirror_config": {"target_ids": [target]}},
        )

    refused = mirror(demo.POOL)
    assert refused.status_code == 400, refused.text
    assert "traffic_mirror_config.target_ids[0]" in refused.json()["error_msg"]
    accepted = assert_ok_response(mirror(http_pool(elb)), 201)["l7policy"]
    extend = accepted["redirect_pools_extend_config"]
    assert extend["traffic_mirror_config"]["target_ids"] and extend["rewrite_url_enable"] is False


def test_wildcard_hosts_and_several_pools_need_advanced_forwarding(
    http: httpx.Client, elb: Any
) -> None:
    listener_id = http_listener(elb)
    wildcard = post_policy(
        http,
        listener_id=listener_id,
        action="REDIRECT_TO_POOL",
        redirect_pool_id=HTTP_POOL,
        rules=[{"type": "HOST_NAME", "compare_type": "EQUAL_TO", "value": "*.example.com"}],
    )
    assert wildcard.status_code == 400 and "wildcard" in wildcard.json()["error_msg"]
    pools = post_policy(
        http,
        listener_id=listener_id,
        action="REDIRECT_TO_POOL",
        redirect_pools_config=[{"pool_id": HTTP_POOL, "weight": 1}],
    )
    assert pools.status_code == 400 and "enhance_l7policy_enable" in pools.json()["error_msg"]
    assert policy_ids(elb) == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"host": "${path}", "status_code": "301"}, "host"),
        ({"port": "${host}", "path": "/a", "status_code": "301"}, "port"),
        ({"protocol": "HTTP", "port": "8081", "status_code": "301"}, "to itself"),
    ],
)
def test_a_redirect_part_takes_only_its_own_placeholder(
    elb: Any, http: httpx.Client, config: dict[str, Any], message: str
) -> None:
    listener_id = enhanced_listener(elb, 8081)
    response = post_policy(
        http, listener_id=listener_id, action="REDIRECT_TO_URL", redirect_url_config=config
    )
    assert response.status_code == 400, response.text
    assert message in response.json()["error_msg"]


def test_a_listener_forwarding_to_grpc_keeps_http2(elb: Any, http: httpx.Client) -> None:
    listener_id = https_listener(elb, http2_enable=True)
    grpc = str(create_pool(elb, protocol="GRPC", loadbalancer_id=LB).id)
    to_pool(elb, listener_id, grpc)

    response = http.put(
        f"{ELB}/listeners/{listener_id}", json={"listener": {"http2_enable": False}}
    )

    assert response.status_code == 400, response.text
    assert grpc in response.json()["error_msg"]
    assert elb.show_listener(sdk.ShowListenerRequest(listener_id=listener_id)).listener.http2_enable


def test_a_mirror_target_pool_is_held_by_the_policy(elb: Any, http: httpx.Client) -> None:
    listener_id = enhanced_listener(elb)
    mirror = http_pool(elb)
    created = post_policy(
        http,
        listener_id=listener_id,
        action="REDIRECT_TO_POOL",
        redirect_pool_id=HTTP_POOL,
        redirect_pools_extend_config={"traffic_mirror_config": {"target_ids": [mirror]}},
    )
    policy_id = assert_ok_response(created, 201)["l7policy"]["id"]

    assert_refused(lambda: elb.delete_pool(sdk.DeletePoolRequest(pool_id=mirror)), 409, CONFLICT)
    # a mirror target is not a pool the listener sends requests to
    assert show_pool(elb, mirror).listeners == []
    update_policy(elb, policy_id, redirect_pools_extend_config=None)
    cleared = http.put(
        f"{ELB}/l7policies/{policy_id}", json={"l7policy": {"redirect_pools_extend_config": None}}
    )
    assert cleared.status_code == 200, cleared.text
    assert elb.delete_pool(sdk.DeletePoolRequest(pool_id=mirror)).status_code == 204


def test_a_policy_takes_its_listeners_enterprise_project(elb: Any) -> None:
    policy = to_pool(elb, http_listener(elb))
    listener = elb.show_listener(sdk.ShowListenerRequest(listener_id=policy.listener_id)).listener
    raw = show_policy(elb, policy.id)
    assert raw.enterprise_project_id == listener.enterprise_project_id


def test_a_redirect_to_listener_policy_has_priority_0(elb: Any, http: httpx.Client) -> None:
    source = enhanced_listener(elb)
    target = https_listener(elb)
    response = post_policy(
        http,
        listener_id=source,
        action="REDIRECT_TO_LISTENER",
        redirect_listener_id=target,
        priority=5,
    )
    assert response.status_code == 400, response.text
    assert "priority 0" in response.json()["error_msg"]
    policy = create_policy(
        elb, action="REDIRECT_TO_LISTENER", listener_id=source, redirect_listener_id=target
    )
    assert policy.priority == 0


def test_no_default_priority_past_10000(elb: Any, http: httpx.Client) -> None:
    listener_id = enhanced_listener(elb)
    to_pool(elb, listener_id, priority=10000, rules=[rule("PATH", "/a")])
    response = post_policy(
        http, listener_id=listener_id, action="REDIRECT_TO_POOL", redirect_pool_id=HTTP_POOL
    )
    assert response.status_code == 400, response.text
    assert "10000" in response.json()["error_msg"]


def test_l7policies_per_listener_quota(elb: Any, http: httpx.Client) -> None:
    listener_id = http_listener(elb)
    body = {"action": "REDIRECT_TO_POOL", "listener_id": listener_id, "redirect_pool_id": HTTP_POOL}
    for _ in range(100):  # the published default
        assert post_policy(http, **body).status_code == 201
    refused = post_policy(http, **body)
    assert refused.status_code == 409 and refused.json()["error_code"] == QUOTA_EXCEEDED
    assert len(policy_ids(elb)) == 100
