"""Wire schemas of the forwarding policy and forwarding rule operations, named as in the SDK.

Ranges and lengths are the reference's (SDK docstrings, OTC CreateL7Policy / CreateL7Rule);
the syntax of rule values, redirect URLs and header names, and every rule that needs the
listener or the policy, is checked in services/l7policy_rules.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from mockelb.schemas.common import Description, ElbModel, Name, ResourceId

L7PolicyAction = Literal[
    "REDIRECT_TO_POOL", "REDIRECT_TO_LISTENER", "REDIRECT_TO_URL", "FIXED_RESPONSE"
]
L7RuleType = Literal["HOST_NAME", "PATH", "METHOD", "HEADER", "QUERY_STRING", "SOURCE_IP", "COOKIE"]
CompareType = Literal["EQUAL_TO", "REGEX", "STARTS_WITH"]
Priority = Annotated[int, Field(ge=0, le=10000)]
Position = Annotated[int, Field(ge=1, le=100)]
Qps = Annotated[int, Field(ge=0, le=100000)]
HeaderName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
RuleValue = Annotated[str, Field(min_length=1, max_length=128)]
# a pool's weight in redirect_pools_config: the SDK's request models type it as a string,
# its response model as an integer, the OTC reference as an integer; both are taken
PoolWeight = Annotated[int, Field(ge=0, le=100)] | Annotated[str, Field(pattern=r"^[0-9]{1,3}$")]
# the most header configs one insert/remove list takes: the reference gives no number,
# mockelb takes the console's 10
MAX_HEADER_CONFIGS = 10


class CreateInsertHeaderConfig(ElbModel):
    key: HeaderName
    value_type: Literal["USER_DEFINED", "REFERENCE_HEADER", "SYSTEM_DEFINED"]
    value: Annotated[str, Field(min_length=1, max_length=128)]


class CreateInsertHeadersConfig(ElbModel):
    configs: Annotated[list[CreateInsertHeaderConfig], Field(max_length=MAX_HEADER_CONFIGS)]


class CreateRemoveHeaderConfig(ElbModel):
    key: HeaderName


class CreateRemoveHeadersConfig(ElbModel):
    configs: Annotated[list[CreateRemoveHeaderConfig], Field(max_length=MAX_HEADER_CONFIGS)]


class CreateTrafficLimitConfig(ElbModel):
    qps: Qps | None = None
    per_source_ip_qps: Qps | None = None
    burst: Qps | None = None


class CreateRedirectUrlConfig(ElbModel):
    protocol: Annotated[str, Field(min_length=1, max_length=36)] | None = None
    host: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    port: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    path: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    query: Annotated[str, Field(max_length=128)] | None = None
    status_code: Literal["301", "302", "303", "307", "308"]
    insert_headers_config: CreateInsertHeadersConfig | None = None
    remove_headers_config: CreateRemoveHeadersConfig | None = None


class UpdateRedirectUrlConfig(CreateRedirectUrlConfig):
    status_code: Literal["301", "302", "303", "307", "308"] | None = None  # type: ignore[assignment]


class CreateFixtedResponseConfig(ElbModel):
    status_code: Annotated[str, Field(min_length=1, max_length=16)]
    content_type: (
        Literal["text/plain", "text/css", "text/html", "application/javascript", "application/json"]
        | None
    ) = None
    message_body: Annotated[str, Field(max_length=1024)] | None = None
    insert_headers_config: CreateInsertHeadersConfig | None = None
    remove_headers_config: CreateRemoveHeadersConfig | None = None
    traffic_limit_config: CreateTrafficLimitConfig | None = None


class UpdateFixtedResponseConfig(CreateFixtedResponseConfig):
    status_code: Annotated[str, Field(min_length=1, max_length=16)] | None = None  # type: ignore[assignment]


class CreateRedirectPoolsConfig(ElbModel):
    pool_id: ResourceId
    weight: PoolWeight

    @field_validator("weight")
    @classmethod
    def _weight_in_range(cls, weight: int | str) -> int | str:
        if isinstance(weight, str) and not 0 <= int(weight) <= 100:
            raise ValueError("must be 0-100")
        return weight


class CreateRedirectPoolsStickySessionConfig(ElbModel):
    enable: bool | None = None
    timeout: Annotated[int, Field(ge=1, le=1440)] | None = None


class CreateRewriteUrlConfig(ElbModel):
    host: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    path: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    query: Annotated[str, Field(max_length=128)] | None = None


class CreateCorsConfig(ElbModel):
    allow_origin: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=255)]], Field(max_length=10)
    ]
    allow_methods: (
        list[Literal["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]] | None
    ) = None
    allow_headers: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=128)]], Field(max_length=10)]
        | None
    ) = None
    expose_headers: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=128)]], Field(max_length=10)]
        | None
    ) = None
    allow_credentials: bool | None = None
    max_age: Annotated[int, Field(ge=-1, le=172800)] | None = None


class CreateTrafficMirrorConfig(ElbModel):
    target_ids: Annotated[list[ResourceId], Field(min_length=1, max_length=1)]
    mirror_request_body_enable: bool | None = None


class CreateRedirectPoolsExtendConfig(ElbModel):
    rewrite_url_enable: bool | None = None
    rewrite_url_config: CreateRewriteUrlConfig | None = None
    insert_headers_config: CreateInsertHeadersConfig | None = None
    remove_headers_config: CreateRemoveHeadersConfig | None = None
    traffic_limit_config: CreateTrafficLimitConfig | None = None
    cors_config: CreateCorsConfig | None = None
    traffic_mirror_config: CreateTrafficMirrorConfig | None = None


class CreateRuleCondition(ElbModel):
    key: Annotated[str, Field(max_length=128)] | None = None
    value: RuleValue


class CreateL7PolicyRuleOption(ElbModel):
    """A rule given with its policy (CreateL7PolicyRuleOption) or alone (CreateRuleOption)."""

    admin_state_up: bool | None = None
    type: L7RuleType
    compare_type: CompareType
    invert: bool | None = None
    key: Annotated[str, Field(max_length=255)] | None = None
    # required unless conditions are given (services/l7policy_rules.py)
    value: RuleValue | None = None
    conditions: Annotated[list[CreateRuleCondition], Field(max_length=10)] | None = None


class CreateRuleOption(CreateL7PolicyRuleOption):
    # the project comes from the URL; the body's copy is accepted and not used
    project_id: Annotated[str, Field(max_length=32)] | None = None


class CreateL7RuleRequestBody(ElbModel):
    rule: CreateRuleOption


class UpdateL7RuleOption(ElbModel):
    admin_state_up: bool | None = None
    compare_type: CompareType | None = None
    invert: bool | None = None
    key: Annotated[str, Field(max_length=255)] | None = None
    value: RuleValue | None = None
    conditions: Annotated[list[CreateRuleCondition], Field(max_length=10)] | None = None


class UpdateL7RuleRequestBody(ElbModel):
    rule: UpdateL7RuleOption


class CreateL7PolicyOption(ElbModel):
    action: L7PolicyAction
    listener_id: ResourceId
    admin_state_up: bool | None = None
    description: Description | None = None
    name: Name | None = None
    position: Position | None = None
    priority: Priority | None = None
    project_id: Annotated[str, Field(max_length=32)] | None = None
    redirect_listener_id: ResourceId | None = None
    redirect_pool_id: ResourceId | None = None
    redirect_url: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    redirect_url_config: CreateRedirectUrlConfig | None = None
    redirect_pools_config: (
        Annotated[list[CreateRedirectPoolsConfig], Field(max_length=5)] | None
    ) = None
    redirect_pools_sticky_session_config: CreateRedirectPoolsStickySessionConfig | None = None
    fixed_response_config: CreateFixtedResponseConfig | None = None
    redirect_pools_extend_config: CreateRedirectPoolsExtendConfig | None = None
    rules: Annotated[list[CreateL7PolicyRuleOption], Field(max_length=10)] | None = None


class CreateL7PolicyRequestBody(ElbModel):
    l7policy: CreateL7PolicyOption


class UpdateL7PolicyOption(ElbModel):
    admin_state_up: bool | None = None
    description: Description | None = None
    name: Name | None = None
    redirect_listener_id: ResourceId | None = None
    redirect_pool_id: ResourceId | None = None
    redirect_pools_config: (
        Annotated[list[CreateRedirectPoolsConfig], Field(max_length=5)] | None
    ) = None
    redirect_pools_sticky_session_config: CreateRedirectPoolsStickySessionConfig | None = None
    redirect_url_config: UpdateRedirectUrlConfig | None = None
    fixed_response_config: UpdateFixtedResponseConfig | None = None
    redirect_pools_extend_config: CreateRedirectPoolsExtendConfig | None = None
    rules: Annotated[list[CreateRuleOption], Field(max_length=10)] | None = None
    priority: Priority | None = None


class UpdateL7PolicyRequestBody(ElbModel):
    l7policy: UpdateL7PolicyOption


class BatchUpdatePriorityRequestBody(ElbModel):
    id: ResourceId
    priority: Priority


class BatchUpdatePoliciesPriorityRequestBody(ElbModel):
    l7policies: Annotated[list[BatchUpdatePriorityRequestBody], Field(min_length=1, max_length=100)]
