"""TLS security policies (mockelb/services/security_policies.py) through the official SDK
and raw HTTP: the system policies; custom policies created (every refusal, the cipher and
protocol rule), shown, listed (every filter, paging), updated and deleted (not while a
listener uses one); listeners naming them; quotas, project isolation and seeds."""

from __future__ import annotations

import json
from typing import Any, get_args

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    CreateSecurityPolicyOption,
    CreateSecurityPolicyRequest,
    CreateSecurityPolicyRequestBody,
    DeleteSecurityPolicyRequest,
    ListSecurityPoliciesRequest,
    ListSystemSecurityPoliciesRequest,
    ShowSecurityPolicyRequest,
    UpdateSecurityPolicyOption,
    UpdateSecurityPolicyRequest,
    UpdateSecurityPolicyRequestBody,
)

from mockelb.domain.security_policies import (
    CIPHER_PROTOCOLS,
    CIPHERS,
    PROTOCOLS,
    SYSTEM_SECURITY_POLICIES,
)
from mockelb.schemas.listeners import TlsCiphersPolicy
from mockelb.seed import SeedDocument, SeedError, build_snapshot, parse_seed, seed_documents
from mockelb.services.security_policies import SECURITY_POLICY_LIST
from mockelb.testing import MockElbServer
from tests import demo
from tests.certificates import server_certificate
from tests.error_codes import CONFLICT, INVALID_INPUT, NOT_FOUND, QUOTA_EXCEEDED
from tests.factories import (
    ELB,
    create_listener,
    create_security_policy,
    delete_security_policy,
    ids_of,
    list_security_policies,
    quota_used,
    show_listener,
    show_security_policy,
    update_listener,
    update_security_policy,
)
from tests.sdk_checks import (
    TIME,
    UUID,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
    pager,
    walk_backward,
    walk_forward,
)

POLICIES = f"{ELB}/security-policies"
SYSTEM_POLICIES = f"{ELB}/system-security-policies"
OTHER_PROJECT = "0" * 32
# the create example of the API reference (CreateSecurityPolicy)
EXAMPLE = {
    "name": "test_1",
    "description": "test1",
    "protocols": ["TLSv1.2", "TLSv1", "TLSv1.3"],
    "ciphers": ["ECDHE-ECDSA-AES128-SHA", "TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_8_SHA256"],
}
GCM = "ECDHE-RSA-AES128-GCM-SHA256"  # a TLS 1.2 cipher
CBC = "AES128-SHA"  # from TLS 1.0 to 1.2
TLS13 = "TLS_AES_256_GCM_SHA384"  # TLS 1.3 alone


@pytest.fixture
def server_cert(http: httpx.Client) -> str:
    """A server certificate of the project, for HTTPS and TLS listeners: its id."""
    made = server_certificate()
    body = {"certificate": {"certificate": made.certificate, "private_key": made.private_key}}
    response = http.post(f"{ELB}/certificates", json=body)
    certificate_id: str = assert_ok_response(response, 201)["certificate"]["id"]
    return certificate_id


def https_listener(elb: Any, server_cert: str, port: int = 443, **fields: Any) -> Any:
    """A new HTTPS listener on the demo load balancer, with this server certificate."""
    return create_listener(
        elb, protocol="HTTPS", protocol_port=port, default_tls_container_ref=server_cert, **fields
    )


def policy_state(http: httpx.Client) -> tuple[Any, Any]:
    """The custom policies and the listeners, as raw JSON (for "nothing changed")."""
    return http.get(POLICIES).json()["security_policies"], http.get(f"{ELB}/listeners").json()[
        "listeners"
    ]


# --- system policies ----------------------------------------------------------------------

# two of them in full, as the reference's example gives them
TLS_1_2 = (
    "TLSv1.2",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256:"
    "AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256:AES128-SHA256:AES256-SHA256:"
    "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA",
)
TLS_1_2_FS_WITH_1_3 = (
    "TLSv1.3 TLSv1.2",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:TLS_AES_128_GCM_SHA256:"
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:"
    "TLS_AES_128_CCM_8_SHA256",
)
SYSTEM_NAMES = [
    "tls-1-0",
    "tls-1-0-inherit",
    "tls-1-1",
    "tls-1-2",
    "tls-1-2-strict",
    "tls-1-2-fs",
    "tls-1-0-with-1-3",
    "tls-1-2-fs-with-1-3",
    "hybrid-policy-1-0",
    "tls-1-2-strict-no-cbc",
]


def test_list_the_system_policies(elb: Any) -> None:
    response = elb.list_system_security_policies(ListSystemSecurityPoliciesRequest())

    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    policies = {policy.name: policy for policy in response.system_security_policies}
    assert [policy.name for policy in response.system_security_policies] == SYSTEM_NAMES
    assert (policies["tls-1-2"].protocols, policies["tls-1-2"].ciphers) == TLS_1_2
    fs = policies["tls-1-2-fs-with-1-3"]
    assert (fs.protocols, fs.ciphers) == TLS_1_2_FS_WITH_1_3
    no_cbc = policies["tls-1-2-strict-no-cbc"]
    assert no_cbc.protocols == "TLSv1.2"
    assert no_cbc.ciphers == (
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
    )
    assert {policy.project_id for policy in policies.values()} == {demo.PROJECT}


def test_system_policies_json_has_every_sdk_field(http: httpx.Client) -> None:
    body = assert_ok_response(http.get(SYSTEM_POLICIES))

    assert set(body) == set(elb_v3.ListSystemSecurityPoliciesResponse.attribute_map.values())
    for policy in body["system_security_policies"]:
        assert_json_model(policy, elb_v3.SystemSecurityPolicy)


def test_system_policies_are_every_projects(http: httpx.Client) -> None:
    listed = http.get(f"/v3/{OTHER_PROJECT}/elb/system-security-policies").json()

    assert [policy["project_id"] for policy in listed["system_security_policies"]] == [
        OTHER_PROJECT
    ] * len(SYSTEM_NAMES)


def test_each_system_policys_ciphers_work_with_its_protocols() -> None:
    """The cipher table custom policies are checked with agrees with every system policy."""
    for policy in SYSTEM_SECURITY_POLICIES:
        protocols = set(policy.protocols.split(" "))
        known = [cipher for cipher in policy.ciphers.split(":") if cipher in CIPHER_PROTOCOLS]
        assert known, policy.name
        for cipher in known:
            assert CIPHER_PROTOCOLS[cipher] & protocols, (policy.name, cipher)


def test_a_listener_takes_exactly_the_system_policies_names() -> None:
    assert list(get_args(TlsCiphersPolicy)) == SYSTEM_NAMES


@pytest.mark.parametrize("name", SYSTEM_NAMES)
def test_an_https_listener_takes_each_system_policy(elb: Any, server_cert: str, name: str) -> None:
    listener = https_listener(elb, server_cert, tls_ciphers_policy=name)

    assert listener.tls_ciphers_policy == name
    assert listener.security_policy_id is None


@pytest.mark.parametrize("name", ["tls-1-3", "TLS-1-2", "tls-1-2 ", ""])
def test_a_listener_refuses_other_policy_names(http: httpx.Client, name: str) -> None:
    body = {
        "listener": {
            "loadbalancer_id": demo.LB,
            "protocol": "HTTPS",
            "protocol_port": 443,
            "default_tls_container_ref": "cert",
            "tls_ciphers_policy": name,
        }
    }
    response = http.post(f"{ELB}/listeners", json=body)

    assert "tls_ciphers_policy" in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]


# --- create -------------------------------------------------------------------------------


def test_create_the_reference_example(elb: Any) -> None:
    response = elb.create_security_policy(
        CreateSecurityPolicyRequest(
            body=CreateSecurityPolicyRequestBody(
                security_policy=CreateSecurityPolicyOption(**EXAMPLE)
            )
        )
    )

    assert response.status_code == 201
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    policy = response.security_policy
    assert UUID.match(policy.id)
    assert policy.project_id == demo.PROJECT
    assert (policy.name, policy.description) == ("test_1", "test1")
    assert policy.protocols == EXAMPLE["protocols"]  # in the order sent
    assert policy.ciphers == EXAMPLE["ciphers"]
    assert policy.listeners == []
    assert policy.enterprise_project_id == "0"
    assert TIME.match(policy.created_at) and policy.updated_at == policy.created_at
    assert show_security_policy(elb, policy.id).to_dict() == policy.to_dict()


def test_create_with_the_defaults(elb: Any) -> None:
    policy = create_security_policy(elb)

    assert (policy.name, policy.description) == ("", "")
    assert (policy.protocols, policy.ciphers) == (["TLSv1.2"], [GCM])


def test_created_policy_json_has_every_sdk_field(http: httpx.Client) -> None:
    body = assert_ok_response(http.post(POLICIES, json={"security_policy": EXAMPLE}), 201)

    assert set(body) == set(elb_v3.CreateSecurityPolicyResponse.attribute_map.values())
    assert_json_model(body["security_policy"], elb_v3.SecurityPolicy)
    shown = assert_ok_response(http.get(f"{POLICIES}/{body['security_policy']['id']}"))
    assert set(shown) == set(elb_v3.ShowSecurityPolicyResponse.attribute_map.values())
    assert shown["security_policy"] == body["security_policy"]


def test_create_keeps_the_enterprise_project(elb: Any) -> None:
    policy = create_security_policy(elb, enterprise_project_id="ep-1")

    assert show_security_policy(elb, policy.id).enterprise_project_id == "ep-1"


@pytest.mark.parametrize(
    ("protocols", "ciphers"),
    [
        pytest.param(["TLSv1"], [CBC], id="tls-1.0-with-a-cbc-cipher"),
        pytest.param(["TLSv1.1"], ["DES-CBC3-SHA", "CAMELLIA256-SHA"], id="tls-1.1"),
        pytest.param(["TLSv1.2"], ["ECDHE-ECDSA-CHACHA20-POLY1305"], id="tls-1.2-chacha"),
        pytest.param(["TLSv1.3"], [TLS13], id="tls-1.3-alone"),
        # one match is enough: the other protocols and ciphers need no partner
        pytest.param(["TLSv1", "TLSv1.2", "TLSv1.3"], [GCM], id="one-match-is-enough"),
        pytest.param(["TLSv1.2"], [GCM, TLS13], id="a-cipher-no-protocol-uses"),
        pytest.param(list(PROTOCOLS), list(CIPHERS), id="everything"),
        pytest.param(["TLSv1.2", "TLSv1.2"], [GCM, GCM], id="repeated-values-kept"),
    ],
)
def test_ciphers_that_match_a_protocol_are_accepted(
    elb: Any, protocols: list[str], ciphers: list[str]
) -> None:
    policy = create_security_policy(elb, protocols=protocols, ciphers=ciphers)

    assert (policy.protocols, policy.ciphers) == (protocols, ciphers)


@pytest.mark.parametrize(
    ("protocols", "ciphers"),
    [
        pytest.param(["TLSv1.2"], [TLS13], id="tls-1.3-cipher-needs-tls-1.3"),
        pytest.param(["TLSv1.3"], [GCM, CBC], id="tls-1.3-needs-a-tls-1.3-cipher"),
        pytest.param(["TLSv1", "TLSv1.1"], [GCM], id="gcm-needs-tls-1.2"),
        pytest.param(["TLSv1"], ["ECDHE-RSA-CHACHA20-POLY1305"], id="chacha-needs-tls-1.2"),
    ],
)
def test_ciphers_that_match_no_protocol_are_refused(
    elb: Any, http: httpx.Client, protocols: list[str], ciphers: list[str]
) -> None:
    error = assert_refused(
        lambda: create_security_policy(elb, protocols=protocols, ciphers=ciphers),
        400,
        INVALID_INPUT,
        "ciphers",
    )

    assert "at least one must match a protocol" in error.error_msg
    assert http.get(POLICIES).json()["security_policies"] == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"protocols": None}, "protocols", id="protocols-missing"),
        pytest.param({"ciphers": None}, "ciphers", id="ciphers-missing"),
        pytest.param({"protocols": []}, "protocols", id="no-protocol"),
        pytest.param({"ciphers": []}, "ciphers", id="no-cipher"),
        pytest.param({"protocols": ["TLSv1.2"] * 6}, "protocols", id="six-protocols"),
        pytest.param({"ciphers": [GCM] * 31}, "ciphers", id="31-ciphers"),
        pytest.param({"protocols": ["SSLv3"]}, "protocols[0]", id="unknown-protocol"),
        pytest.param({"protocols": ["tlsv1.2"]}, "protocols[0]", id="protocol-case"),
        pytest.param({"ciphers": [GCM, "RC4-SHA"]}, "ciphers[1]", id="unknown-cipher"),
        pytest.param({"ciphers": f"{GCM}:{CBC}"}, "ciphers", id="ciphers-as-a-string"),
        pytest.param({"name": "n" * 256}, "name", id="name-too-long"),
        pytest.param({"description": "d" * 256}, "description", id="description-too-long"),
        pytest.param({"name": 5}, "name", id="name-not-a-string"),
        pytest.param({"enterprise_project_id": ""}, "enterprise_project_id", id="empty-ep"),
        pytest.param({"listeners": []}, "listeners", id="unknown-attribute"),
    ],
)
def test_create_refuses_bad_fields(http: httpx.Client, fields: dict[str, Any], field: str) -> None:
    body = {**EXAMPLE, **fields}
    body = {key: value for key, value in body.items() if value is not None}

    response = http.post(POLICIES, json={"security_policy": body})

    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert http.get(POLICIES).json()["security_policies"] == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-security-policy"),
        pytest.param({"security_policy": None}, id="null"),
        pytest.param({"security_policies": [EXAMPLE]}, id="wrong-key"),
    ],
)
def test_create_refuses_a_body_without_the_policy(http: httpx.Client, body: Any) -> None:
    assert_error_response(http.post(POLICIES, json=body), 400, INVALID_INPUT)


def test_names_may_repeat_and_be_at_most_255_characters(elb: Any) -> None:
    first = create_security_policy(elb, name="n" * 255, description="d" * 255)
    second = create_security_policy(elb, name="n" * 255)

    assert first.id != second.id
    assert len(first.name) == 255 and len(first.description) == 255


def test_the_quota_is_elb_8905(mockelb: MockElbServer, elb: Any, http: httpx.Client) -> None:
    quotas = {"projects": [{"id": demo.PROJECT, "quotas": {"security_policy": 2}}]}
    assert httpx.post(f"{mockelb.url}/_mockelb/state", json=quotas).status_code == 200
    kept = [create_security_policy(elb).id, create_security_policy(elb).id]

    error = assert_refused(lambda: create_security_policy(elb), 409, QUOTA_EXCEEDED)

    assert "security_policy" in error.error_msg
    assert sorted(ids_of(list_security_policies(elb))) == sorted(kept)
    delete_security_policy(elb, kept[0])
    create_security_policy(elb)


def test_quota_details_count_the_custom_policies(elb: Any) -> None:
    assert quota_used(elb, "security_policy") == {"security_policy": 0}
    policy = create_security_policy(elb)
    create_security_policy(elb)
    assert quota_used(elb, "security_policy") == {"security_policy": 2}
    delete_security_policy(elb, policy.id)
    assert quota_used(elb, "security_policy") == {"security_policy": 1}


# --- show and delete ----------------------------------------------------------------------


def test_show_an_unknown_policy_is_elb_8904(elb: Any) -> None:
    error = assert_refused(
        lambda: elb.show_security_policy(ShowSecurityPolicyRequest(security_policy_id="nope")),
        404,
        NOT_FOUND,
    )
    assert error.error_msg == "security_policy nope could not be found."


def test_a_nul_in_the_path_id_is_an_unknown_policy(http: httpx.Client) -> None:
    response = http.get(f"{POLICIES}/a%00b")

    assert "security_policy" in assert_error_response(response, 404, NOT_FOUND)["error_msg"]


def test_delete_a_policy(elb: Any) -> None:
    policy = create_security_policy(elb)

    response = elb.delete_security_policy(DeleteSecurityPolicyRequest(security_policy_id=policy.id))

    assert response.status_code == 204
    assert_refused(lambda: show_security_policy(elb, policy.id), 404, NOT_FOUND)
    assert_refused(lambda: delete_security_policy(elb, policy.id), 404, NOT_FOUND)


def test_a_policy_in_use_cannot_be_deleted(elb: Any, server_cert: str, http: httpx.Client) -> None:
    policy = create_security_policy(elb)
    listener = https_listener(elb, server_cert, security_policy_id=policy.id)
    before = policy_state(http)

    error = assert_refused(lambda: delete_security_policy(elb, policy.id), 409, CONFLICT)

    assert listener.id in error.error_msg
    assert policy_state(http) == before
    update_listener(elb, listener.id, body={"listener": {"security_policy_id": None}})
    delete_security_policy(elb, policy.id)
    assert show_listener(elb, listener.id).security_policy_id is None


def test_the_refusal_names_one_listener_and_counts_the_others(elb: Any, server_cert: str) -> None:
    policy = create_security_policy(elb)
    users = sorted(
        https_listener(elb, server_cert, port, security_policy_id=policy.id).id
        for port in (443, 8443)
    )

    error = assert_refused(lambda: delete_security_policy(elb, policy.id), 409, CONFLICT)

    # however many listeners use it, the message stays one line: the first and a count
    assert error.error_msg == (
        f"Security policy {policy.id} is used by listener {users[0]} and 1 other; "
        "it cannot be deleted until no listener uses it."
    )


def test_a_policy_is_free_again_once_its_listener_is_deleted(
    elb: Any, server_cert: str, http: httpx.Client
) -> None:
    policy = create_security_policy(elb)
    listener = https_listener(elb, server_cert, security_policy_id=policy.id)

    assert_ok_response(http.delete(f"{ELB}/listeners/{listener.id}"), 204)

    assert show_security_policy(elb, policy.id).listeners == []
    delete_security_policy(elb, policy.id)


# --- listeners that use a policy ----------------------------------------------------------


def test_the_policy_lists_the_listeners_that_use_it(elb: Any, server_cert: str) -> None:
    policy = create_security_policy(elb)
    other = create_security_policy(elb)
    first = https_listener(elb, server_cert, 443, security_policy_id=policy.id)
    second = https_listener(elb, server_cert, 8443)
    create_listener(
        elb,
        protocol="TLS",
        protocol_port=9443,
        default_tls_container_ref=server_cert,
        security_policy_id=policy.id,
    )

    update_listener(elb, second.id, security_policy_id=policy.id)

    shown = show_security_policy(elb, policy.id)
    users = sorted(listener.id for listener in shown.listeners)
    assert len(users) == 3 and first.id in users and second.id in users
    assert [ref.id for ref in shown.listeners] == users  # in id order
    assert show_security_policy(elb, other.id).listeners == []
    listed = {item.id: item for item in list_security_policies(elb)}
    assert [ref.id for ref in listed[policy.id].listeners] == users

    update_listener(elb, first.id, security_policy_id=other.id)

    assert first.id not in ids_of(show_security_policy(elb, policy.id).listeners)
    assert ids_of(show_security_policy(elb, other.id).listeners) == [first.id]


def test_a_listener_keeps_both_policies_and_the_custom_one_wins(elb: Any, server_cert: str) -> None:
    policy = create_security_policy(elb)

    listener = https_listener(
        elb, server_cert, tls_ciphers_policy="tls-1-2-strict", security_policy_id=policy.id
    )

    # "if both are set, only security_policy_id takes effect" (CreateListenerOption): the
    # listener shows both; removing the custom policy puts the system one back in effect
    assert (listener.tls_ciphers_policy, listener.security_policy_id) == (
        "tls-1-2-strict",
        policy.id,
    )
    changed = update_listener(elb, listener.id, tls_ciphers_policy="tls-1-2-fs")
    assert (changed.tls_ciphers_policy, changed.security_policy_id) == ("tls-1-2-fs", policy.id)
    cleared = update_listener(elb, listener.id, body={"listener": {"security_policy_id": None}})
    assert (cleared.tls_ciphers_policy, cleared.security_policy_id) == ("tls-1-2-fs", None)


def test_an_https_listener_with_only_a_custom_policy_keeps_the_default_system_one(
    elb: Any,
    server_cert: str,
) -> None:
    policy = create_security_policy(elb)

    listener = https_listener(elb, server_cert, security_policy_id=policy.id)

    assert (listener.tls_ciphers_policy, listener.security_policy_id) == ("tls-1-2", policy.id)


@pytest.mark.parametrize("policy_id", [demo.UNKNOWN_ID, "nope"], ids=["well-formed", "malformed"])
def test_a_listener_naming_an_unknown_policy_is_elb_8904(
    elb: Any, server_cert: str, http: httpx.Client, policy_id: str
) -> None:
    before = policy_state(http)

    error = assert_refused(
        lambda: https_listener(elb, server_cert, security_policy_id=policy_id), 404, NOT_FOUND
    )

    assert error.error_msg == f"security_policy {policy_id} could not be found."
    assert policy_state(http) == before


def test_an_update_naming_an_unknown_policy_is_elb_8904(
    elb: Any, server_cert: str, http: httpx.Client
) -> None:
    policy = create_security_policy(elb)
    listener = https_listener(elb, server_cert, security_policy_id=policy.id, name="kept")
    before = policy_state(http)

    assert_refused(
        lambda: update_listener(
            elb, listener.id, name="changed", security_policy_id=demo.UNKNOWN_ID
        ),
        404,
        NOT_FOUND,
    )

    assert policy_state(http) == before


def test_a_listener_cannot_use_another_projects_policy(
    elb: Any, server_cert: str, http: httpx.Client
) -> None:
    body = {"security_policy": {"protocols": ["TLSv1.2"], "ciphers": [GCM]}}
    theirs = assert_ok_response(
        http.post(f"/v3/{OTHER_PROJECT}/elb/security-policies", json=body), 201
    )["security_policy"]["id"]

    assert_refused(
        lambda: https_listener(elb, server_cert, security_policy_id=theirs), 404, NOT_FOUND
    )


def test_a_quic_listener_takes_no_policy(elb: Any, server_cert: str) -> None:
    policy = create_security_policy(elb)

    assert_refused(
        lambda: create_listener(
            elb,
            protocol="QUIC",
            protocol_port=443,
            default_tls_container_ref=server_cert,
            security_policy_id=policy.id,
        ),
        400,
        INVALID_INPUT,
        "security_policy_id",
    )


@pytest.mark.parametrize("protocol", ["TCP", "UDP", "HTTP"])
def test_a_listener_whose_protocol_uses_no_policy_ignores_it(
    elb: Any, http: httpx.Client, protocol: str
) -> None:
    # "only takes effect for HTTPS listeners": as a certificate on such a listener, the id
    # is accepted without effect, not looked up (an unknown one passes) and not kept
    policy = create_security_policy(elb)

    listener = create_listener(
        elb, protocol=protocol, protocol_port=8080, security_policy_id=policy.id
    )
    unknown = create_listener(
        elb, protocol=protocol, protocol_port=8081, security_policy_id=demo.UNKNOWN_ID
    )

    assert (listener.security_policy_id, unknown.security_policy_id) == (None, None)
    assert show_listener(elb, listener.id).security_policy_id is None
    assert show_security_policy(elb, policy.id).listeners == []
    for sent in (policy.id, demo.UNKNOWN_ID, "nope"):
        updated = update_listener(elb, listener.id, security_policy_id=sent)
        assert updated.security_policy_id is None
    raw = http.get(f"{ELB}/listeners/{listener.id}").json()["listener"]
    assert raw["security_policy_id"] is None
    # nothing pins the policy: it can be deleted
    delete_security_policy(elb, policy.id)


def test_a_tls_listener_naming_an_unknown_policy_is_elb_8904(
    elb: Any, server_cert: str, http: httpx.Client
) -> None:
    before = policy_state(http)

    assert_refused(
        lambda: create_listener(
            elb,
            protocol="TLS",
            protocol_port=9443,
            default_tls_container_ref=server_cert,
            security_policy_id=demo.UNKNOWN_ID,
        ),
        404,
        NOT_FOUND,
    )

    assert policy_state(http) == before


# --- list ---------------------------------------------------------------------------------


@pytest.fixture
def three_policies(elb: Any) -> dict[str, str]:
    """Three custom policies with distinct fields: name -> id."""
    made = {
        "a": create_security_policy(
            elb,
            name="a",
            description="first",
            protocols=["TLSv1.2", "TLSv1.3"],
            ciphers=[GCM, TLS13],
        ),
        "b": create_security_policy(elb, name="b", description="second"),
        "c": create_security_policy(
            elb, name="c", protocols=["TLSv1.3", "TLSv1.2"], ciphers=[TLS13]
        ),
    }
    return {name: policy.id for name, policy in made.items()}


def test_the_list_knows_every_filter_of_the_sdk() -> None:
    paging = {"marker", "limit", "page_reverse"}
    declared = set(elb_v3.ListSecurityPoliciesRequest.attribute_map.values()) - paging

    assert declared == SECURITY_POLICY_LIST.keys
    assert set(elb_v3.ListSystemSecurityPoliciesRequest.attribute_map) == set()


def test_list_every_policy_with_page_info(
    elb: Any, http: httpx.Client, three_policies: dict[str, str]
) -> None:
    response = elb.list_security_policies(ListSecurityPoliciesRequest())

    everything = sorted(three_policies.values())
    assert response.status_code == 200
    assert [policy.id for policy in response.security_policies] == everything
    body = http.get(POLICIES).json()
    assert set(body) == set(elb_v3.ListSecurityPoliciesResponse.attribute_map.values())
    assert body["page_info"] == {"previous_marker": everything[0], "current_count": 3}
    for item in body["security_policies"]:
        assert_json_model(item, elb_v3.SecurityPolicy)


LIST_FILTERS = [
    ({"id": ["a", "c"]}, {"a", "c"}),
    ({"name": ["b"]}, {"b"}),
    ({"name": ["a", "b"]}, {"a", "b"}),
    ({"description": ["first", "second"]}, {"a", "b"}),
    ({"description": [""]}, {"c"}),
    # a policy's protocols space-separated, and its ciphers colon-separated, whole
    ({"protocols": ["TLSv1.2"]}, {"b"}),
    ({"protocols": ["TLSv1.2 TLSv1.3"]}, {"a"}),
    ({"protocols": ["TLSv1.3 TLSv1.2", "TLSv1.2"]}, {"b", "c"}),
    ({"protocols": ["TLSv1.3"]}, set()),
    ({"ciphers": [f"{GCM}:{TLS13}"]}, {"a"}),
    ({"ciphers": [GCM, TLS13]}, {"b", "c"}),
    ({"ciphers": [f"{TLS13}:{GCM}"]}, set()),
    ({"name": ["a", "b"], "protocols": ["TLSv1.2"]}, {"b"}),
    ({"name": ["nobody"]}, set()),
]


@pytest.mark.parametrize(("query", "expected"), LIST_FILTERS)
def test_every_list_filter(
    elb: Any, three_policies: dict[str, str], query: dict[str, Any], expected: set[str]
) -> None:
    if "id" in query:
        query = {"id": [three_policies[name] for name in query["id"]] + [demo.UNKNOWN_ID]}

    found = set(ids_of(list_security_policies(elb, **query)))

    assert found == {three_policies[name] for name in expected}


def test_filters_by_raw_query_string(http: httpx.Client, three_policies: dict[str, str]) -> None:
    response = http.get(f"{POLICIES}?protocols=TLSv1.2%20TLSv1.3&name=a&whatever=1")

    assert ids_of(assert_ok_response(response)["security_policies"]) == [three_policies["a"]]


@pytest.mark.parametrize("limit", [1, 2, None])
def test_paging_walks_forward_and_back(
    elb: Any, three_policies: dict[str, str], limit: int | None
) -> None:
    fetch = pager(
        lambda **query: elb.list_security_policies(ListSecurityPoliciesRequest(**query)),
        "security_policies",
    )
    everything = sorted(three_policies.values())

    walk_forward(fetch, limit, everything)
    walk_backward(fetch, limit, everything)
    assert ids_of(list_security_policies(elb, limit=0)) == []


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=2001",
        "limit=x",
        "page_reverse=sideways",
        f"marker={demo.UNKNOWN_ID}",
    ],
)
def test_bad_paging_values_are_elb_8902(
    http: httpx.Client, three_policies: dict[str, str], query: str
) -> None:
    assert_error_response(http.get(f"{POLICIES}?{query}"), 400, INVALID_INPUT)


def test_another_projects_policies_are_invisible(elb: Any, http: httpx.Client) -> None:
    policy = create_security_policy(elb)
    other = f"/v3/{OTHER_PROJECT}/elb/security-policies"

    assert_error_response(http.get(f"{other}/{policy.id}"), 404, NOT_FOUND)
    assert http.get(other).json()["security_policies"] == []
    body = {"security_policy": {"name": "theirs"}}
    assert_error_response(http.put(f"{other}/{policy.id}", json=body), 404, NOT_FOUND)
    assert_error_response(http.delete(f"{other}/{policy.id}"), 404, NOT_FOUND)
    assert show_security_policy(elb, policy.id).name == ""


# --- update -------------------------------------------------------------------------------


def test_update_changes_the_given_fields_only(elb: Any) -> None:
    policy = create_security_policy(elb, **EXAMPLE)

    response = elb.update_security_policy(
        UpdateSecurityPolicyRequest(
            security_policy_id=policy.id,
            body=UpdateSecurityPolicyRequestBody(
                security_policy=UpdateSecurityPolicyOption(
                    name="update_securitypolicy", protocols=["TLSv1.2", "TLSv1.1", "TLSv1.3"]
                )
            ),
        )
    )

    assert response.status_code == 200
    updated = response.security_policy
    assert (updated.name, updated.description) == ("update_securitypolicy", "test1")
    assert updated.protocols == ["TLSv1.2", "TLSv1.1", "TLSv1.3"]
    assert updated.ciphers == EXAMPLE["ciphers"]
    assert updated.created_at == policy.created_at and TIME.match(updated.updated_at)
    assert show_security_policy(elb, policy.id).to_dict() == updated.to_dict()


def test_update_every_field(elb: Any) -> None:
    policy = create_security_policy(elb, name="n", description="d")

    updated = update_security_policy(
        elb, policy.id, name="", description="", protocols=["TLSv1.3"], ciphers=[TLS13]
    )

    assert (updated.name, updated.description) == ("", "")
    assert (updated.protocols, updated.ciphers) == (["TLSv1.3"], [TLS13])


def test_updated_policy_json_has_every_sdk_field(
    http: httpx.Client, elb: Any, server_cert: str
) -> None:
    policy = create_security_policy(elb)
    listener = https_listener(elb, server_cert, security_policy_id=policy.id)

    response = http.put(f"{POLICIES}/{policy.id}", json={"security_policy": {"name": "x"}})

    body = assert_ok_response(response)
    assert set(body) == set(elb_v3.UpdateSecurityPolicyResponse.attribute_map.values())
    assert_json_model(body["security_policy"], elb_v3.SecurityPolicy)
    assert body["security_policy"]["listeners"] == [{"id": listener.id}]


def test_null_fields_of_an_update_are_not_sent(http: httpx.Client, elb: Any) -> None:
    policy = create_security_policy(elb, name="kept", description="kept")
    nulls = {"name": None, "description": None, "protocols": None, "ciphers": None}

    body = assert_ok_response(http.put(f"{POLICIES}/{policy.id}", json={"security_policy": nulls}))

    shown = body["security_policy"]
    assert (shown["name"], shown["description"]) == ("kept", "kept")
    assert (shown["protocols"], shown["ciphers"]) == (["TLSv1.2"], [GCM])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"protocols": ["TLSv1.3"]}, "ciphers", id="protocols-the-ciphers-miss"),
        pytest.param({"ciphers": [TLS13]}, "ciphers", id="ciphers-the-protocols-miss"),
        pytest.param({"protocols": []}, "protocols", id="no-protocol"),
        pytest.param({"ciphers": ["NULL-SHA"]}, "ciphers[0]", id="unknown-cipher"),
        pytest.param({"name": "n" * 256}, "name", id="name-too-long"),
        pytest.param({"enterprise_project_id": "ep"}, "enterprise_project_id", id="not-updatable"),
    ],
)
def test_update_refuses_bad_fields(
    http: httpx.Client, elb: Any, change: dict[str, Any], field: str
) -> None:
    policy = create_security_policy(elb, name="kept")
    before = policy_state(http)

    response = http.put(f"{POLICIES}/{policy.id}", json={"security_policy": change})

    assert field in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert policy_state(http) == before


def test_update_an_unknown_policy_is_elb_8904(elb: Any) -> None:
    assert_refused(lambda: update_security_policy(elb, demo.UNKNOWN_ID, name="x"), 404, NOT_FOUND)


def test_updating_a_policy_in_use_is_allowed(elb: Any, server_cert: str) -> None:
    policy = create_security_policy(elb)
    listener = https_listener(elb, server_cert, security_policy_id=policy.id)

    updated = update_security_policy(elb, policy.id, protocols=["TLSv1.2", "TLSv1.3"])

    assert ids_of(updated.listeners) == [listener.id]
    assert show_listener(elb, listener.id).security_policy_id == policy.id


# --- seeds and state ----------------------------------------------------------------------

SEEDED_POLICY = "5c5c5c5c-0000-4000-8000-000000000001"
SEEDED_CERTIFICATE = "5c5c5c5c-0000-4000-8000-000000000003"
SEEDED_LISTENER = "5c5c5c5c-0000-4000-8000-000000000002"


def seeded(policy: dict[str, Any], listener_policy: str = SEEDED_POLICY) -> SeedDocument:
    """A seed document: a certificate, this custom policy, an HTTPS listener naming one."""
    made = server_certificate()
    document = {
        "project_id": demo.PROJECT,
        "certificates": [
            {
                "id": SEEDED_CERTIFICATE,
                "certificate": made.certificate,
                "private_key": made.private_key,
            }
        ],
        "security_policies": [{"id": SEEDED_POLICY, **policy}],
        "listeners": [
            {
                "id": SEEDED_LISTENER,
                "loadbalancer_id": demo.LB,
                "protocol": "HTTPS",
                "protocol_port": 443,
                "default_tls_container_ref": SEEDED_CERTIFICATE,
                "security_policy_id": listener_policy,
            }
        ],
    }
    return parse_seed(json.dumps(document), source="seed.json")


def build_on_the_demo(document: SeedDocument) -> dict[str, list[dict[str, Any]]]:
    """The rows of the demo data with this document loaded on top."""
    return dict(build_snapshot([*seed_documents([], demo=True), ("seed.json", document)]))


def test_a_seed_declares_policies_before_the_listeners_that_use_them() -> None:
    policy = {
        "name": "seeded",
        "protocols": ["TLSv1.3"],
        "ciphers": [TLS13],
        "created_at": "2021-03-26T01:33:12Z",
    }

    snapshot = build_on_the_demo(seeded(policy))

    (row,) = snapshot["security_policies"]
    assert (row["id"], row["name"], row["protocols"], row["ciphers"]) == (
        SEEDED_POLICY,
        "seeded",
        "TLSv1.3",
        TLS13,
    )
    assert row["created_at"] == "2021-03-26T01:33:12Z"
    (listener,) = [row for row in snapshot["listeners"] if row["id"] == SEEDED_LISTENER]
    assert listener["security_policy_id"] == SEEDED_POLICY


@pytest.mark.parametrize(
    ("policy", "listener_policy", "problem"),
    [
        pytest.param(
            {"protocols": ["TLSv1.2"], "ciphers": [TLS13]},
            SEEDED_POLICY,
            f"security_policy {SEEDED_POLICY}: Invalid input for 'ciphers'",
            id="ciphers-match-no-protocol",
        ),
        pytest.param(
            {"protocols": ["TLSv1.2"], "ciphers": [GCM]},
            demo.UNKNOWN_ID,
            f"security_policy {demo.UNKNOWN_ID} could not be found",
            id="listener-names-an-unknown-policy",
        ),
    ],
)
def test_a_seed_breaking_a_policy_rule_is_refused(
    policy: dict[str, Any], listener_policy: str, problem: str
) -> None:
    with pytest.raises(SeedError, match=problem):
        build_on_the_demo(seeded(policy, listener_policy))


def test_the_state_lists_the_policies_as_a_seed_declares_them(
    elb: Any, server_cert: str, http: httpx.Client
) -> None:
    policy = create_security_policy(
        elb,
        name="p",
        enterprise_project_id="ep-1",
        protocols=["TLSv1.3", "TLSv1"],
        ciphers=[TLS13, CBC],
    )
    https_listener(elb, server_cert, security_policy_id=policy.id)

    response = http.get("/_mockelb/state")
    assert response.status_code == 200
    state = response.json()

    assert state["security_policies"] == [
        {
            "id": policy.id,
            "project_id": demo.PROJECT,
            "name": "p",
            "enterprise_project_id": "ep-1",
            "protocols": ["TLSv1.3", "TLSv1"],
            "ciphers": [TLS13, CBC],
            "created_at": policy.created_at,
            "updated_at": policy.updated_at,
        }
    ]
    listed = [item for item in state["listeners"] if item.get("security_policy_id")]
    assert [item["security_policy_id"] for item in listed] == [policy.id]
    rebuilt = dict(build_snapshot([("state", parse_seed(response.text, source="state.json"))]))
    assert [row["id"] for row in rebuilt["security_policies"]] == [policy.id]
