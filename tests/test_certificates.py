"""Certificates (mockelb/services/certificates.py), through the official SDK and raw HTTP:
create (what the PEM says, server and client types, every refusal), show, list (filters,
paging), update, delete and batch delete (refused while a listener uses one), the private
key echo switch, the certificate quota, and the certificates that listeners name."""

from __future__ import annotations

import datetime
import re
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import event, inspect
from starlette.testclient import TestClient

from mockelb.seed import SeedDocument, SeedError, build_snapshot, parse_seed
from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.certificates import (
    EDI_PARTY_NAME,
    X400_ADDRESS,
    bit_string_name_certificate,
    ca_certificate,
    chain_pem,
    duplicate_san_certificate,
    ec_key,
    key_pem,
    make_certificate,
    rsa_key,
    server_certificate,
    unsupported_san_certificate,
    v2_certificate,
)
from tests.error_codes import (
    BATCH_DELETE_NOT_FOUND,
    CONFLICT,
    INVALID_INPUT,
    NOT_FOUND,
    QUOTA_EXCEEDED,
)
from tests.factories import (
    ELB,
    batch_delete_certificates,
    create_certificate,
    create_listener,
    delete_certificate,
    ids_of,
    list_certificates,
    quota_used,
    set_private_key_echo,
    show_certificate,
    show_listener,
    update_certificate,
    update_listener,
)
from tests.sdk_checks import (
    REQUEST_ID,
    TIME,
    assert_error_response,
    assert_json_model,
    assert_ok_response,
    assert_refused,
    pager,
    walk_backward,
    walk_forward,
)

CERTIFICATES = f"{ELB}/certificates"
ECHO = f"{CERTIFICATES}/settings/private-key-echo"
DEMO_CERTIFICATES = sorted([demo.CERTIFICATE, demo.CA_CERTIFICATE])
OTHER_PROJECT = "0123456789abcdef0123456789abcdef"
CERTIFICATE_ID = r"^[0-9a-f]{32}$"
NULLABLE = frozenset(
    {"domain", "private_key", "enc_certificate", "enc_private_key", "scm_certificate_id"}
)
MASKED = "******"


def post_certificate(http: httpx.Client, **fields: Any) -> httpx.Response:
    """POST a certificate body by raw HTTP: a fresh server certificate and key unless the
    fields replace them (a field given as None is left out)."""
    made = server_certificate()
    body = {"certificate": made.certificate, "private_key": made.private_key, **fields}
    return http.post(CERTIFICATES, json={"certificate": _present(body)})


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def listed_ids(http: httpx.Client) -> list[str]:
    body = assert_ok_response(http.get(CERTIFICATES))
    return [item["id"] for item in body["certificates"]]


def https_listener(elb: Any, port: int = 443, **fields: Any) -> Any:
    """An HTTPS listener on the demo LB, with the demo server certificate unless told."""
    return create_listener(
        elb,
        protocol="HTTPS",
        protocol_port=port,
        **{"default_tls_container_ref": demo.CERTIFICATE, **fields},
    )


# --- create: what a new certificate shows ------------------------------------------------


def test_create_a_server_certificate_with_the_defaults(elb: Any) -> None:
    made = server_certificate("www.example.com", dns_names=("www.example.com", "example.com"))
    option = elb_v3.CreateCertificateOption(
        certificate=made.certificate, private_key=made.private_key
    )
    response = elb.create_certificate(
        elb_v3.CreateCertificateRequest(
            body=elb_v3.CreateCertificateRequestBody(certificate=option)
        )
    )

    assert response.status_code == 201
    assert REQUEST_ID.fullmatch(response.request_id)
    certificate = response.certificate
    assert isinstance(certificate.id, str) and len(certificate.id) == 32
    assert certificate.project_id == demo.PROJECT
    assert (certificate.type, certificate.name, certificate.description) == ("server", "", "")
    assert certificate.admin_state_up is True
    assert certificate.domain is None
    assert certificate.certificate == made.certificate
    assert certificate.private_key == made.private_key
    # read from the certificate itself
    assert certificate.expire_time == "2045-11-17T13:25:47Z"
    assert certificate.common_name == "www.example.com"
    assert certificate.subject_alternative_names == ["www.example.com", "example.com"]
    assert certificate.fingerprint == made.fingerprint
    assert certificate.enc_certificate is None and certificate.enc_private_key is None
    assert (certificate.scm_certificate_id, certificate.source) == (None, "")
    assert (certificate.protection_status, certificate.protection_reason) == (
        "nonProtection",
        "",
    )
    assert certificate.enterprise_project_id == "0"
    assert TIME.match(certificate.created_at) and certificate.updated_at == certificate.created_at
    assert show_certificate(elb, certificate.id).to_dict() == certificate.to_dict()


def test_created_certificate_json_has_every_sdk_field_with_its_type(http: httpx.Client) -> None:
    body = assert_ok_response(post_certificate(http, domain="www.example.com"), 201)

    assert set(elb_v3.CreateCertificateResponse.openapi_types) == set(body)
    assert_json_model(body["certificate"], elb_v3.CertificateInfo, nullable=NULLABLE)
    assert re.fullmatch(CERTIFICATE_ID, body["certificate"]["id"])
    shown = assert_ok_response(http.get(f"{CERTIFICATES}/{body['certificate']['id']}"))
    assert set(elb_v3.ShowCertificateResponse.openapi_types) == set(shown)
    assert shown["certificate"] == body["certificate"]


def test_create_with_every_field(elb: Any) -> None:
    certificate = create_certificate(
        elb,
        name="n" * 255,
        description="d" * 255,
        domain="www.example.com,*.example.org",
        admin_state_up=False,
        project_id=demo.PROJECT,
        enterprise_project_id="0",
        scm_certificate_id="scs1678412345678",
        protection_status="consoleProtection",
        protection_reason="managed by CI",
    )

    assert (certificate.name, certificate.description) == ("n" * 255, "d" * 255)
    assert certificate.domain == "www.example.com,*.example.org"
    assert certificate.admin_state_up is False
    # "source defaults to scm when scm_certificate_id is not empty"
    assert (certificate.scm_certificate_id, certificate.source) == ("scs1678412345678", "scm")
    assert certificate.protection_status == "consoleProtection"
    assert certificate.protection_reason == "managed by CI"


def test_the_demo_certificate_is_the_references_example(elb: Any) -> None:
    """The reference's example certificate, under its example id: the expire_time of the
    reference's answer is read from the PEM."""
    certificate = show_certificate(elb, demo.CERTIFICATE)

    assert certificate.type == "server"
    assert certificate.expire_time == "2045-11-17T13:25:47Z"
    assert certificate.common_name == "localhost"
    assert certificate.subject_alternative_names == ["domain.com"]  # its DNS names only
    assert certificate.private_key.startswith("-----BEGIN PRIVATE KEY-----")
    ca = show_certificate(elb, demo.CA_CERTIFICATE)
    assert (ca.type, ca.private_key) == ("client", None)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(lambda: rsa_key(2), id="rsa"),
        pytest.param(lambda: ec_key(), id="ec"),
    ],
)
@pytest.mark.parametrize("fmt", ["pkcs8", "traditional"])
def test_rsa_and_ec_keys_in_either_pem_format(elb: Any, key: Any, fmt: str) -> None:
    private = key()
    made = make_certificate("k.example.com", key=private)

    certificate = create_certificate(
        elb, certificate=made.certificate, private_key=key_pem(private, fmt)
    )

    assert certificate.fingerprint == made.fingerprint
    assert certificate.private_key == key_pem(private, fmt)


def test_a_chain_is_taken_and_the_first_certificate_describes_it(elb: Any) -> None:
    ca = ca_certificate("Chain CA")
    leaf = make_certificate(
        "leaf.example.com", key=ec_key(), issuer=ca, issuer_key=rsa_key(1), dns_names=("leaf.a",)
    )

    certificate = create_certificate(
        elb, certificate=chain_pem(leaf, ca), private_key=leaf.private_key
    )

    assert (certificate.common_name, certificate.fingerprint) == (
        "leaf.example.com",
        leaf.fingerprint,
    )
    assert certificate.subject_alternative_names == ["leaf.a"]


def test_expired_certificates_are_taken(elb: Any) -> None:
    # "ELB does not check certificate validity; replace or delete one that has expired"
    expired = make_certificate(
        not_after=datetime.datetime(2021, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    )

    certificate = create_certificate(
        elb, certificate=expired.certificate, private_key=expired.private_key
    )

    assert certificate.expire_time == "2021-03-04T05:06:07Z"


def test_a_certificate_without_common_name_shows_an_empty_one(elb: Any) -> None:
    made = make_certificate(None, dns_names=("only-san.example.com",))

    certificate = create_certificate(
        elb, certificate=made.certificate, private_key=made.private_key
    )

    assert certificate.common_name == ""
    assert certificate.subject_alternative_names == ["only-san.example.com"]


def test_a_client_certificate_needs_no_private_key_and_keeps_none(elb: Any) -> None:
    ca = ca_certificate()

    without = create_certificate(elb, type="client", certificate=ca.certificate)
    # "useless for other types; if it is sent it must be PEM": checked, then not kept
    with_key = create_certificate(
        elb, type="client", certificate=ca.certificate, private_key=key_pem(rsa_key(1))
    )

    for certificate in (without, with_key):
        assert certificate.type == "client"
        assert certificate.private_key is None
        assert certificate.common_name == "Example CA"


# --- create: refusals ---------------------------------------------------------------------


def _other_key_pem() -> str:
    return key_pem(ec_key(7))


def _twelve_certificates() -> str:
    return "".join(server_certificate(f"c{i}.example.com").certificate for i in range(12))


def _ed25519_pair() -> tuple[str, str]:
    made = make_certificate("ed.example.com", key=ed25519.Ed25519PrivateKey.generate())
    return made.certificate, made.private_key


SERVER = server_certificate()
REFUSED_CREATES = [
    pytest.param({"certificate": "not a certificate"}, "certificate", id="not-pem"),
    pytest.param(
        {"certificate": SERVER.certificate.replace("MII", "MIJ", 1)}, "certificate", id="bad-der"
    ),
    pytest.param({"certificate": SERVER.private_key}, "certificate", id="a-key-as-certificate"),
    pytest.param(
        {"certificate": SERVER.certificate + "trailing words"}, "certificate", id="text-after-it"
    ),
    pytest.param(
        {"certificate": SERVER.certificate.replace("A", "Ä", 1)}, "certificate", id="not-ascii"
    ),
    pytest.param({"certificate": ""}, "certificate", id="empty-certificate"),
    pytest.param({"certificate": "a" * 20001}, "certificate", id="certificate-too-long"),
    pytest.param({"certificate": None}, "certificate", id="certificate-missing"),
    pytest.param({"private_key": None}, "private_key", id="server-without-key"),
    pytest.param({"private_key": ""}, "private_key", id="server-with-empty-key"),
    pytest.param(
        {"private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"},
        "private_key",
        id="key-not-der",
    ),
    pytest.param({"private_key": SERVER.certificate}, "private_key", id="certificate-as-key"),
    pytest.param({"private_key": SERVER.private_key * 2}, "private_key", id="two-keys"),
    pytest.param({"private_key": "k" * 8193}, "private_key", id="key-too-long"),
    pytest.param(
        {"private_key": key_pem(rsa_key(), password=b"secret")}, "private_key", id="encrypted-key"
    ),
    pytest.param({"type": "server_sm"}, "type", id="sm-type"),
    pytest.param({"type": "other"}, "type", id="unknown-type"),
    pytest.param({"enc_certificate": SERVER.certificate}, "enc_certificate", id="enc-on-server"),
    pytest.param({"enc_private_key": SERVER.private_key}, "enc_private_key", id="enc-key"),
    pytest.param({"domain": "a..b.com"}, "domain", id="empty-label"),
    pytest.param({"domain": "-a.com"}, "domain", id="label-starts-with-dash"),
    pytest.param({"domain": "*a.com"}, "domain", id="star-not-a-label"),
    pytest.param({"domain": "a.*.com"}, "domain", id="star-inside"),
    pytest.param({"domain": "a.com,"}, "domain", id="empty-name"),
    pytest.param({"domain": "a .com"}, "domain", id="space"),
    pytest.param({"domain": f"{'a' * 64}.com"}, "domain", id="label-over-63"),
    pytest.param({"domain": ",".join(f"d{i}.com" for i in range(101))}, "domain", id="101-names"),
    pytest.param({"domain": "a" * 10001}, "domain", id="domain-too-long"),
    pytest.param({"name": "n" * 256}, "name", id="name-too-long"),
    pytest.param({"source": "other"}, "source", id="unknown-source"),
    pytest.param({"protection_status": "on"}, "protection_status", id="unknown-protection"),
    pytest.param({"admin_state_up": "yes"}, "admin_state_up", id="admin-state-not-bool"),
    pytest.param({"enterprise_project_id": ""}, "enterprise_project_id", id="empty-eps"),
    pytest.param({"bogus": 1}, "bogus", id="unknown-attribute"),
]


@pytest.mark.parametrize(("fields", "named"), REFUSED_CREATES)
def test_create_refusals_are_elb_8902_and_create_nothing(
    http: httpx.Client, fields: dict[str, Any], named: str
) -> None:
    body = {"certificate": SERVER.certificate, "private_key": SERVER.private_key, **fields}

    response = http.post(CERTIFICATES, json={"certificate": _present(body)})

    assert named in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert listed_ids(http) == DEMO_CERTIFICATES


@pytest.mark.parametrize(
    ("pair", "named"),
    [
        pytest.param(lambda: (SERVER.certificate, _other_key_pem()), "private_key", id="other-key"),
        pytest.param(
            lambda: (_twelve_certificates(), SERVER.private_key), "certificate", id="chain-of-12"
        ),
        pytest.param(_ed25519_pair, "private_key", id="ed25519"),
    ],
)
def test_the_key_must_be_the_certificates_and_of_a_supported_kind(
    http: httpx.Client, pair: Any, named: str
) -> None:
    certificate, private_key = pair()

    response = http.post(
        CERTIFICATES, json={"certificate": {"certificate": certificate, "private_key": private_key}}
    )

    assert named in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    assert listed_ids(http) == DEMO_CERTIFICATES


UNREADABLE_CERTIFICATES = [
    pytest.param(v2_certificate, id="version-2"),
    pytest.param(duplicate_san_certificate, id="two-subject-alt-names"),
    pytest.param(lambda: unsupported_san_certificate(X400_ADDRESS), id="x400-address-name"),
    pytest.param(lambda: unsupported_san_certificate(EDI_PARTY_NAME), id="edi-party-name"),
    pytest.param(bit_string_name_certificate, id="bit-string-common-name"),
]
UNREADABLE = "Invalid input for 'certificate': it is not a valid X.509 certificate."


@pytest.mark.parametrize("made", UNREADABLE_CERTIFICATES)
def test_certificates_cryptography_cannot_read_are_elb_8902(
    http: httpx.Client, elb: Any, made: Any
) -> None:
    certificate = made()
    created = create_certificate(elb)
    before = assert_ok_response(http.get(f"{CERTIFICATES}/{created.id}"))["certificate"]

    for body in (
        {"certificate": certificate, "private_key": SERVER.private_key},
        {"certificate": certificate, "type": "client"},
    ):
        response = http.post(CERTIFICATES, json={"certificate": body})
        assert_error_response(response, 400, INVALID_INPUT, UNREADABLE)
    response = http.put(
        f"{CERTIFICATES}/{created.id}", json={"certificate": {"certificate": certificate}}
    )

    assert_error_response(response, 400, INVALID_INPUT, UNREADABLE)
    assert assert_ok_response(http.get(f"{CERTIFICATES}/{created.id}"))["certificate"] == before
    assert sorted(listed_ids(http)) == sorted([created.id, *DEMO_CERTIFICATES])


def test_a_chain_certificate_cryptography_cannot_load_is_elb_8902(http: httpx.Client) -> None:
    # every certificate of the chain is loaded; the facts are read from the first alone
    chain = SERVER.certificate + v2_certificate()

    response = post_certificate(http, certificate=chain)

    assert_error_response(response, 400, INVALID_INPUT, UNREADABLE)
    assert listed_ids(http) == DEMO_CERTIFICATES


@pytest.mark.parametrize("made", UNREADABLE_CERTIFICATES)
def test_a_seeded_certificate_cryptography_cannot_read_is_refused(made: Any) -> None:
    with pytest.raises(SeedError, match=re.escape(f"certificate bad: {UNREADABLE}")):
        _seed(
            certificates=[{"id": "bad", "certificate": made(), "private_key": SERVER.private_key}]
        )


def test_a_mismatched_key_is_refused_through_the_sdk(elb: Any) -> None:
    assert_refused(
        lambda: create_certificate(
            elb, certificate=SERVER.certificate, private_key=_other_key_pem()
        ),
        400,
        INVALID_INPUT,
        "Invalid input for 'private_key': it does not match the certificate.",
    )


def test_a_client_certificate_with_a_key_that_is_no_pem_is_refused(http: httpx.Client) -> None:
    body = {"certificate": ca_certificate().certificate, "type": "client", "private_key": "x"}

    response = http.post(CERTIFICATES, json={"certificate": body})

    assert "private_key" in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]


def test_an_empty_body_and_a_missing_wrapper_are_refused(http: httpx.Client) -> None:
    assert_error_response(http.post(CERTIFICATES, content=b""), 400, INVALID_INPUT)
    assert_error_response(http.post(CERTIFICATES, json={}), 400, INVALID_INPUT, "certificate")


def test_the_certificate_quota_is_elb_8905(elb: Any, mockelb: MockElbServer) -> None:
    mockelb.load_state({"projects": [{"id": demo.PROJECT, "quotas": {"certificate": 3}}]})
    create_certificate(elb)  # the demo has two

    assert_refused(lambda: create_certificate(elb), 409, QUOTA_EXCEEDED, "certificate")
    assert len(list_certificates(elb)) == 3


def test_the_certificate_quota_counts_the_projects_certificates(elb: Any) -> None:
    assert quota_used(elb, "certificate") == {"certificate": 2}
    created = create_certificate(elb)
    assert quota_used(elb, "certificate") == {"certificate": 3}
    delete_certificate(elb, created.id)
    assert quota_used(elb, "certificate") == {"certificate": 2}


# --- show and project isolation -----------------------------------------------------------


def test_show_an_unknown_certificate_is_404(elb: Any) -> None:
    assert_refused(
        lambda: show_certificate(elb, "0" * 32),
        404,
        NOT_FOUND,
        f"certificate {'0' * 32} could not be found.",
    )


def test_another_projects_certificates_are_invisible(elb: Any, mockelb: MockElbServer) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)
    theirs = create_certificate(other)

    assert theirs.project_id == OTHER_PROJECT
    assert ids_of(list_certificates(other)) == [theirs.id]
    assert theirs.id not in ids_of(list_certificates(elb))
    assert_refused(lambda: show_certificate(elb, theirs.id), 404, NOT_FOUND)
    assert_refused(lambda: delete_certificate(elb, theirs.id), 404, NOT_FOUND)
    assert_refused(lambda: https_listener(elb, default_tls_container_ref=theirs.id), 404, NOT_FOUND)


# --- list -----------------------------------------------------------------------------------


@pytest.fixture
def three_certificates(elb: Any) -> dict[str, str]:
    """A server certificate with every filterable field set, a plain one and a CA."""
    made = server_certificate("rich.example.com")
    rich = create_certificate(
        elb,
        name="rich",
        description="the rich one",
        domain="rich.example.com",
        admin_state_up=False,
        scm_certificate_id="scs-1",
        protection_status="consoleProtection",
        protection_reason="why",
        certificate=made.certificate,
        private_key=made.private_key,
    )
    plain = create_certificate(elb, name="plain", description="d")
    ca = create_certificate(elb, name="ca", type="client")
    return {
        "rich": rich.id,
        "plain": plain.id,
        "ca": ca.id,
        "rich_fingerprint": made.fingerprint,
    }


LIST_FILTERS = [
    ({"name": ["rich", "ca"]}, {"rich", "ca"}),
    ({"description": ["the rich one"]}, {"rich"}),
    ({"admin_state_up": False}, {"rich"}),
    ({"domain": ["rich.example.com"]}, {"rich"}),
    ({"type": ["client"]}, {"ca", "demo-ca"}),
    ({"type": ["server", "client"]}, {"rich", "plain", "ca", "demo", "demo-ca"}),
    ({"scm_certificate_id": ["scs-1"]}, {"rich"}),
    ({"common_name": ["rich.example.com"]}, {"rich"}),
    ({"common_name": ["localhost"]}, {"demo", "demo-ca"}),
    ({"source": ["scm"]}, {"rich"}),
    ({"protection_status": ["consoleProtection"]}, {"rich"}),
    ({"protection_reason": ["why"]}, {"rich"}),
    # a csv filter: the SDK sends the values comma-joined
    (
        {"protection_status": ["consoleProtection", "nonProtection"]},
        {"rich", "plain", "ca", "demo", "demo-ca"},
    ),
    ({"enterprise_project_id": ["0"]}, {"rich", "plain", "ca", "demo", "demo-ca"}),
    ({"enterprise_project_id": ["all_granted_eps"]}, {"rich", "plain", "ca", "demo", "demo-ca"}),
    ({"enterprise_project_id": ["other"]}, set()),
    ({"name": ["plain"], "type": ["client"]}, set()),
    ({"name": ["nobody"]}, set()),
]


@pytest.mark.parametrize(("query", "expected"), LIST_FILTERS)
def test_every_list_filter(
    elb: Any, three_certificates: dict[str, str], query: dict[str, Any], expected: set[str]
) -> None:
    names = {**three_certificates, "demo": demo.CERTIFICATE, "demo-ca": demo.CA_CERTIFICATE}

    assert set(ids_of(list_certificates(elb, **query))) == {names[name] for name in expected}


def test_list_by_id_and_fingerprint(elb: Any, three_certificates: dict[str, str]) -> None:
    wanted = [three_certificates["rich"], three_certificates["ca"], "0" * 32]
    assert ids_of(list_certificates(elb, id=wanted)) == sorted(wanted[:2])
    by_print = list_certificates(elb, fingerprint=[three_certificates["rich_fingerprint"]])
    assert ids_of(by_print) == [three_certificates["rich"]]


def test_list_json_has_every_sdk_field(http: httpx.Client) -> None:
    body = assert_ok_response(http.get(CERTIFICATES))

    assert set(elb_v3.ListCertificatesResponse.openapi_types) == set(body)
    assert body["page_info"] == {"previous_marker": DEMO_CERTIFICATES[0], "current_count": 2}
    for item in body["certificates"]:
        assert_json_model(item, elb_v3.CertificateInfo, nullable=NULLABLE)


@pytest.mark.parametrize("limit", [1, 2, None])
def test_paging_walks_forward_and_back(
    elb: Any, three_certificates: dict[str, str], limit: int | None
) -> None:
    everything = sorted(
        [three_certificates[name] for name in ("rich", "plain", "ca")] + DEMO_CERTIFICATES
    )
    fetch = pager(
        lambda **query: elb.list_certificates(elb_v3.ListCertificatesRequest(**query)),
        "certificates",
    )

    walk_forward(fetch, limit, everything)
    walk_backward(fetch, limit, everything)


@pytest.mark.parametrize(
    "query",
    ["limit=-1", "limit=2001", "page_reverse=x", "admin_state_up=maybe", f"marker={'0' * 32}"],
)
def test_bad_list_queries_are_elb_8902(http: httpx.Client, query: str) -> None:
    assert_error_response(http.get(f"{CERTIFICATES}?{query}"), 400, INVALID_INPUT)


# --- update ---------------------------------------------------------------------------------


def test_update_changes_the_fields_sent(elb: Any) -> None:
    created = create_certificate(elb, name="before", description="kept", domain="a.example.com")

    updated = update_certificate(
        elb,
        created.id,
        name="after",
        domain="b.example.com,*.example.com",
        scm_certificate_id="scs-9",
        protection_status="consoleProtection",
        protection_reason="r",
    )

    assert (updated.name, updated.description) == ("after", "kept")
    assert updated.domain == "b.example.com,*.example.com"
    assert (updated.scm_certificate_id, updated.source) == ("scs-9", "scm")
    assert (updated.protection_status, updated.protection_reason) == ("consoleProtection", "r")
    assert (updated.certificate, updated.private_key) == (created.certificate, created.private_key)
    assert updated.fingerprint == created.fingerprint
    assert updated.created_at == created.created_at and TIME.match(updated.updated_at)
    assert show_certificate(elb, created.id).to_dict() == updated.to_dict()


def test_a_new_certificate_and_key_replace_the_pair_and_what_it_says(elb: Any) -> None:
    created = create_certificate(elb)
    key = ec_key(3)
    renewed = make_certificate("renewed.example.com", key=key, dns_names=("renewed.example.com",))

    updated = update_certificate(
        elb, created.id, certificate=renewed.certificate, private_key=key_pem(key)
    )

    assert updated.certificate == renewed.certificate
    assert updated.common_name == "renewed.example.com"
    assert updated.subject_alternative_names == ["renewed.example.com"]
    assert updated.fingerprint == renewed.fingerprint


def test_a_new_certificate_for_the_same_key_replaces_it_alone(elb: Any) -> None:
    created = create_certificate(elb)  # RSA key 0
    later = make_certificate("later.example.com")  # RSA key 0 again, a new certificate

    updated = update_certificate(elb, created.id, certificate=later.certificate)

    assert (updated.fingerprint, updated.private_key) == (later.fingerprint, created.private_key)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        pytest.param(
            lambda: {"certificate": make_certificate(key=ec_key(4)).certificate},
            "certificate",
            id="certificate-for-another-key",
        ),
        pytest.param(lambda: {"private_key": _other_key_pem()}, "private_key", id="other-key"),
        pytest.param(lambda: {"private_key": ""}, "private_key", id="empty-key"),
        pytest.param(lambda: {"certificate": "junk"}, "certificate", id="not-pem"),
        pytest.param(lambda: {"certificate": ""}, "certificate", id="empty-certificate"),
        pytest.param(lambda: {"domain": "bad domain"}, "domain", id="bad-domain"),
        pytest.param(lambda: {"enc_certificate": SERVER.certificate}, "enc_certificate", id="enc"),
        pytest.param(lambda: {"type": "client"}, "type", id="type-cannot-change"),
    ],
)
def test_update_refusals_change_nothing(
    http: httpx.Client, elb: Any, fields: Any, named: str
) -> None:
    created = create_certificate(elb)
    before = assert_ok_response(http.get(f"{CERTIFICATES}/{created.id}"))["certificate"]

    response = http.put(f"{CERTIFICATES}/{created.id}", json={"certificate": fields()})

    assert named in assert_error_response(response, 400, INVALID_INPUT)["error_msg"]
    after = assert_ok_response(http.get(f"{CERTIFICATES}/{created.id}"))["certificate"]
    assert after == before


def test_a_client_certificate_takes_no_private_key_on_update(elb: Any) -> None:
    # "it does not take effect and an error is returned if type is client"
    assert_refused(
        lambda: update_certificate(elb, demo.CA_CERTIFICATE, private_key=key_pem(rsa_key(1))),
        400,
        INVALID_INPUT,
        "private_key",
    )


def test_null_leaves_a_field_as_it_is(http: httpx.Client, elb: Any) -> None:
    created = create_certificate(elb, name="n", domain="a.example.com")

    body = assert_ok_response(
        http.put(
            f"{CERTIFICATES}/{created.id}",
            json={"certificate": {"name": None, "domain": None, "private_key": None}},
        )
    )["certificate"]

    assert (body["name"], body["domain"]) == ("n", "a.example.com")
    assert body["private_key"] == created.private_key


def test_the_domain_of_a_certificate_in_use_cannot_be_emptied(elb: Any) -> None:
    sni = create_certificate(elb, domain="sni.example.com")
    unused = create_certificate(elb, domain="free.example.com")
    https_listener(elb, sni_container_refs=[sni.id])

    assert_refused(lambda: update_certificate(elb, sni.id, domain=""), 409, CONFLICT)
    assert show_certificate(elb, sni.id).domain == "sni.example.com"
    assert update_certificate(elb, sni.id, domain="other.example.com").domain == "other.example.com"
    assert update_certificate(elb, unused.id, domain="").domain == ""


def assert_state_round_trips(mockelb: MockElbServer) -> None:
    """The server's state, exported, builds again (the listeners' rules included)."""
    build_snapshot([("state", SeedDocument.model_validate(mockelb.state()))])


def _names(prefix: str, count: int) -> str:
    return ",".join(f"{prefix}{i}.example.com" for i in range(count))


def test_an_sni_certificates_new_domain_keeps_its_listeners_names_apart(
    elb: Any, mockelb: MockElbServer
) -> None:
    first = create_certificate(elb, domain="a.example.com").id
    second = create_certificate(elb, domain="b.example.com").id
    third = create_certificate(elb, domain="c.example.com").id
    one = https_listener(elb, sni_container_refs=[first, second]).id
    other = https_listener(elb, 444, sni_container_refs=[second, third]).id
    broken = f"Certificate {second} is an SNI certificate of listener {{}}, whose SNI "
    broken += "certificates would break a rule: certificates {} and {} both have the domain {}."

    assert_refused(
        lambda: update_certificate(elb, second, domain="x.example.com,A.example.com"),
        409,
        CONFLICT,
        broken.format(one, first, second, "A.example.com"),  # names compare case-blind
    )
    assert_refused(
        lambda: update_certificate(elb, second, domain="C.example.com"),
        409,
        CONFLICT,
        broken.format(other, second, third, "c.example.com"),
    )
    assert show_certificate(elb, second).domain == "b.example.com"
    assert_state_round_trips(mockelb)

    assert update_certificate(elb, second, domain="d.example.com").domain == "d.example.com"
    # a listener's server certificate is no SNI certificate: its domain may be any
    assert update_certificate(elb, demo.CERTIFICATE, domain="a.example.com").domain == (
        "a.example.com"
    )
    assert_state_round_trips(mockelb)


def test_an_sni_certificates_new_domain_keeps_its_listeners_within_200_names(
    elb: Any, mockelb: MockElbServer
) -> None:
    full = create_certificate(elb, domain=_names("f", 100)).id
    most = create_certificate(elb, domain=_names("m", 99)).id
    one = create_certificate(elb, domain="one.example.com").id
    https_listener(elb, sni_container_refs=[full, most, one])

    assert_refused(
        lambda: update_certificate(elb, one, domain="one.example.com,two.example.com"),
        409,
        CONFLICT,
        "the SNI certificates have 201 domain names; at most 200 are allowed.",
    )
    assert show_certificate(elb, one).domain == "one.example.com"
    assert update_certificate(elb, one, domain="two.example.com").domain == "two.example.com"
    assert_state_round_trips(mockelb)


def test_a_quic_listeners_sni_certificate_cannot_become_ec(
    elb: Any, mockelb: MockElbServer
) -> None:
    quic_sni = create_certificate(elb, domain="quic.example.com")
    https_sni = create_certificate(elb, domain="https.example.com")
    quic = create_listener(
        elb,
        protocol="QUIC",
        protocol_port=443,
        default_tls_container_ref=demo.CERTIFICATE,
        sni_container_refs=[quic_sni.id],
    )
    https_listener(elb, 8443, sni_container_refs=[https_sni.id])
    ec = make_certificate("ec.example.com", key=ec_key(5))

    assert_refused(
        lambda: update_certificate(
            elb, quic_sni.id, certificate=ec.certificate, private_key=ec.private_key
        ),
        409,
        CONFLICT,
        f"listener {quic.id}, whose SNI certificates would break a rule: QUIC listeners take "
        "RSA SNI certificates only.",
    )
    assert show_certificate(elb, quic_sni.id).fingerprint == quic_sni.fingerprint
    assert_state_round_trips(mockelb)

    # an HTTPS listener takes EC SNI certificates; a QUIC one another RSA certificate
    renewed = make_certificate("renewed.example.com")  # RSA key 0, as the one it replaces
    for certificate_id, made, key in (
        (https_sni.id, ec, ec.private_key),
        (quic_sni.id, renewed, None),
    ):
        updated = update_certificate(
            elb, certificate_id, certificate=made.certificate, private_key=key
        )
        assert updated.fingerprint == made.fingerprint
    assert_state_round_trips(mockelb)


def test_update_an_unknown_certificate_is_404(elb: Any) -> None:
    assert_refused(lambda: update_certificate(elb, "0" * 32, name="x"), 404, NOT_FOUND)


# --- delete ---------------------------------------------------------------------------------


def test_delete_removes_the_certificate(elb: Any) -> None:
    created = create_certificate(elb)

    delete_certificate(elb, created.id)

    assert_refused(lambda: show_certificate(elb, created.id), 404, NOT_FOUND)
    assert_refused(lambda: delete_certificate(elb, created.id), 404, NOT_FOUND)


@pytest.mark.parametrize("role", ["default", "client_ca", "sni"])
def test_a_certificate_a_listener_uses_cannot_be_deleted(elb: Any, role: str) -> None:
    server = create_certificate(elb, domain="in-use.example.com")
    ca = create_certificate(elb, type="client")
    fields = {
        "default": {"default_tls_container_ref": server.id},
        "client_ca": {"client_ca_tls_container_ref": ca.id},
        "sni": {"sni_container_refs": [server.id]},
    }[role]
    used = ca if role == "client_ca" else server
    listener = https_listener(elb, **fields)

    assert_refused(
        lambda: delete_certificate(elb, used.id), 409, CONFLICT, f"used by listener {listener.id}"
    )
    assert show_certificate(elb, used.id).id == used.id

    elb.delete_listener(elb_v3.DeleteListenerRequest(listener_id=listener.id))
    delete_certificate(elb, used.id)


def test_batch_delete_reports_each_id(elb: Any) -> None:
    first, second = create_certificate(elb).id, create_certificate(elb).id
    unknown = "0" * 32

    response = batch_delete_certificates(elb, first, unknown, second, first)

    assert response.status_code == 200
    assert REQUEST_ID.fullmatch(response.request_id)
    assert [(item.id, item.ret_status, item.ret_code) for item in response.certificates] == [
        (first, "successful", None),
        (unknown, "not found", BATCH_DELETE_NOT_FOUND),
        (second, "successful", None),
        (first, "not found", BATCH_DELETE_NOT_FOUND),  # already deleted by then
    ]
    assert ids_of(list_certificates(elb)) == DEMO_CERTIFICATES


def test_batch_delete_is_all_or_nothing(elb: Any) -> None:
    free = create_certificate(elb).id
    listener = https_listener(elb)

    assert_refused(
        lambda: batch_delete_certificates(elb, free, demo.CERTIFICATE).certificates,
        409,
        CONFLICT,
        f"used by listener {listener.id}",
    )

    assert sorted(ids_of(list_certificates(elb))) == sorted([free, *DEMO_CERTIFICATES])


def _post(client: TestClient, path: str, key: str, body: dict[str, Any]) -> str:
    response = client.post(f"{ELB}/{path}", json={key: body})
    assert response.status_code == 201, response.text
    return str(response.json()[key]["id"])


def test_batch_delete_asks_for_the_listeners_of_its_certificates_once(
    app_client: TestClient,
) -> None:
    """One query, of the project's listeners, answers for the whole batch."""
    free, sni = (
        _post(
            app_client,
            "certificates",
            "certificate",
            {"certificate": made.certificate, "private_key": made.private_key, "domain": name},
        )
        for name, made in (("free.example.com", SERVER), ("sni.example.com", SERVER))
    )
    ca = _post(
        app_client,
        "certificates",
        "certificate",
        {"certificate": ca_certificate().certificate, "type": "client"},
    )
    listener = _post(
        app_client,
        "listeners",
        "listener",
        {
            "loadbalancer_id": demo.LB,
            "protocol": "HTTPS",
            "protocol_port": 443,
            "default_tls_container_ref": demo.CERTIFICATE,
            "client_ca_tls_container_ref": ca,
            "sni_container_refs": [sni],
        },
    )
    engine = app_client.app.state.database.engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = app_client.post(
            f"{CERTIFICATES}/batch-delete", json={"certificates": [free, ca, sni, "x" * 32]}
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert_error_response(
        response, 409, CONFLICT, f"Certificate {ca} is used by listener {listener}"
    )
    listener_reads = [text for text in statements if re.search(r"FROM listeners\b", text)]
    assert len(listener_reads) == 1, listener_reads
    assert "listeners.project_id = " in listener_reads[0]
    # the certificate an SNI list names alone is found by the same query
    response = app_client.post(f"{CERTIFICATES}/batch-delete", json={"certificates": [free, sni]})
    assert_error_response(
        response, 409, CONFLICT, f"Certificate {sni} is used by listener {listener}"
    )


def test_listeners_index_the_certificates_and_policy_they_name(app_client: TestClient) -> None:
    engine = app_client.app.state.database.engine  # type: ignore[attr-defined]
    indexed = {
        column
        for index in inspect(engine).get_indexes("listeners")
        for column in index["column_names"]
    }

    assert {
        "default_tls_container_ref",
        "client_ca_tls_container_ref",
        "security_policy_id",
    } <= indexed


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"certificates": []}, id="empty"),
        pytest.param({"certificates": ["a"] * 201}, id="201-ids"),
        pytest.param({"certificates": "a"}, id="not-a-list"),
        pytest.param({}, id="missing"),
    ],
)
def test_batch_delete_bodies_are_checked(http: httpx.Client, body: dict[str, Any]) -> None:
    response = http.post(f"{CERTIFICATES}/batch-delete", json=body)

    assert_error_response(response, 400, INVALID_INPUT)
    assert listed_ids(http) == DEMO_CERTIFICATES


def test_batch_delete_json_has_every_sdk_field(http: httpx.Client) -> None:
    created = assert_ok_response(post_certificate(http), 201)["certificate"]["id"]

    body = assert_ok_response(
        http.post(f"{CERTIFICATES}/batch-delete", json={"certificates": [created, "x"]})
    )

    assert set(body) == {"certificates", "request_id"}
    assert body["certificates"] == [
        {"id": created, "ret_status": "successful"},
        {"id": "x", "ret_status": "not found", "ret_code": BATCH_DELETE_NOT_FOUND},
    ]


# --- the private key echo switch -----------------------------------------------------------


def test_private_key_echo_is_on_by_default(elb: Any) -> None:
    response = elb.show_certificate_private_key_echo(elb_v3.ShowCertificatePrivateKeyEchoRequest())

    assert response.status_code == 200
    assert response.private_key_echo is True
    assert REQUEST_ID.fullmatch(response.request_id)


def test_turning_echo_off_masks_the_private_keys_everywhere(elb: Any) -> None:
    created = create_certificate(elb)

    response = set_private_key_echo(elb, False)

    assert response.status_code == 201
    assert response.private_key_echo is False
    shown = elb.show_certificate_private_key_echo(elb_v3.ShowCertificatePrivateKeyEchoRequest())
    assert shown.private_key_echo is False
    assert show_certificate(elb, created.id).private_key == MASKED
    listed = {item.id: item.private_key for item in list_certificates(elb)}
    assert listed == {created.id: MASKED, demo.CERTIFICATE: MASKED, demo.CA_CERTIFICATE: None}
    assert create_certificate(elb).private_key == MASKED
    assert update_certificate(elb, created.id, name="x").private_key == MASKED
    # the key itself is kept: turned on again, it shows
    set_private_key_echo(elb, True)
    assert show_certificate(elb, created.id).private_key == created.private_key


def test_private_key_echo_is_per_project(elb: Any, mockelb: MockElbServer) -> None:
    other = make_elb_client(mockelb.url, OTHER_PROJECT)
    theirs = create_certificate(other)

    set_private_key_echo(elb, False)

    assert show_certificate(other, theirs.id).private_key == theirs.private_key
    request = elb_v3.ShowCertificatePrivateKeyEchoRequest()
    assert other.show_certificate_private_key_echo(request).private_key_echo is True


def test_reset_and_state_cover_the_echo_switch(elb: Any, mockelb: MockElbServer) -> None:
    set_private_key_echo(elb, False)
    state = mockelb.state(demo.PROJECT)
    assert state["certificate_settings"] == [
        {"project_id": demo.PROJECT, "private_key_echo": False}
    ]

    mockelb.reset(demo.PROJECT)
    assert show_certificate(elb, demo.CERTIFICATE).private_key.startswith("-----BEGIN")

    mockelb.load_state({"certificate_settings": state["certificate_settings"]})
    assert show_certificate(elb, demo.CERTIFICATE).private_key == MASKED


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="missing"),
        pytest.param({"private_key_echo": None}, id="null"),
        pytest.param({"private_key_echo": "false"}, id="a-string"),
        pytest.param({"private_key_echo": True, "other": 1}, id="unknown-attribute"),
    ],
)
def test_the_echo_switch_takes_a_boolean(http: httpx.Client, body: dict[str, Any]) -> None:
    assert_error_response(http.post(ECHO, json=body), 400, INVALID_INPUT)
    assert assert_ok_response(http.get(ECHO))["private_key_echo"] is True


def test_the_echo_responses_have_the_sdk_fields(http: httpx.Client) -> None:
    created = assert_ok_response(http.post(ECHO, json={"private_key_echo": False}), 201)
    shown = assert_ok_response(http.get(ECHO))

    assert set(created) == set(elb_v3.CreateCertificatePrivateKeyEchoResponse.openapi_types)
    assert set(shown) == set(elb_v3.ShowCertificatePrivateKeyEchoResponse.openapi_types)
    assert created["private_key_echo"] is False and shown["private_key_echo"] is False


# --- the certificates of listeners ---------------------------------------------------------


def test_an_https_listener_takes_server_ca_and_sni_certificates(elb: Any) -> None:
    sni = [
        create_certificate(elb, domain=f"s{i}.example.com,*.s{i}.example.org").id for i in (1, 2)
    ]

    listener = https_listener(
        elb, client_ca_tls_container_ref=demo.CA_CERTIFICATE, sni_container_refs=sni
    )

    assert listener.default_tls_container_ref == demo.CERTIFICATE
    assert listener.client_ca_tls_container_ref == demo.CA_CERTIFICATE
    assert listener.sni_container_refs == sni


@pytest.mark.parametrize(
    ("fields", "status", "code", "message"),
    [
        pytest.param(
            {"default_tls_container_ref": "0" * 32},
            404,
            NOT_FOUND,
            f"certificate {'0' * 32} could not be found.",
            id="unknown-server-certificate",
        ),
        pytest.param(
            {"default_tls_container_ref": demo.CA_CERTIFICATE},
            400,
            INVALID_INPUT,
            "default_tls_container_ref",
            id="ca-as-server-certificate",
        ),
        pytest.param(
            {"client_ca_tls_container_ref": demo.CERTIFICATE},
            400,
            INVALID_INPUT,
            "client_ca_tls_container_ref",
            id="server-as-ca-certificate",
        ),
        pytest.param(
            {"client_ca_tls_container_ref": "0" * 32},
            404,
            NOT_FOUND,
            "certificate",
            id="unknown-ca-certificate",
        ),
        pytest.param(
            {"sni_container_refs": ["0" * 32]}, 404, NOT_FOUND, "certificate", id="unknown-sni"
        ),
        pytest.param(
            {"sni_container_refs": [demo.CA_CERTIFICATE]},
            400,
            INVALID_INPUT,
            "sni_container_refs",
            id="ca-as-sni",
        ),
        pytest.param(
            {"sni_container_refs": [demo.CERTIFICATE]},
            400,
            INVALID_INPUT,
            "has no domain",
            id="sni-without-domain",
        ),
    ],
)
def test_listener_certificate_references_are_checked(
    http: httpx.Client, fields: dict[str, Any], status: int, code: str, message: str
) -> None:
    listener = {
        "loadbalancer_id": demo.LB,
        "protocol": "HTTPS",
        "protocol_port": 443,
        "default_tls_container_ref": demo.CERTIFICATE,
        **fields,
    }
    before = http.get(f"{ELB}/listeners").json()["listeners"]

    response = http.post(f"{ELB}/listeners", json={"listener": listener})

    assert_error_response(response, status, code, message)
    assert http.get(f"{ELB}/listeners").json()["listeners"] == before


def test_sni_certificates_share_no_domain(elb: Any) -> None:
    first = create_certificate(elb, domain="a.example.com,shared.example.com").id
    second = create_certificate(elb, domain="SHARED.example.com").id

    assert_refused(
        lambda: https_listener(elb, sni_container_refs=[first, second]),
        400,
        INVALID_INPUT,
        "both have the domain SHARED.example.com",  # domain names compare case-blind
    )
    assert_refused(
        lambda: https_listener(elb, sni_container_refs=[first, first]),
        400,
        INVALID_INPUT,
        "listed twice",
    )


def test_sni_certificates_have_at_most_200_domains(elb: Any) -> None:
    sni = [
        create_certificate(elb, domain=",".join(f"d{i}-{j}.example.com" for j in range(100))).id
        for i in range(2)
    ]
    extra = create_certificate(elb, domain="one-more.example.com").id

    assert https_listener(elb, sni_container_refs=sni).sni_container_refs == sni
    assert_refused(
        lambda: https_listener(elb, 444, sni_container_refs=[*sni, extra]),
        400,
        INVALID_INPUT,
        "201 domain names",
    )


def test_a_quic_listener_takes_rsa_sni_certificates_only(elb: Any) -> None:
    rsa_sni = create_certificate(elb, domain="rsa.example.com").id
    ec = make_certificate("ec.example.com", key=ec_key(5))
    ec_sni = create_certificate(
        elb, certificate=ec.certificate, private_key=ec.private_key, domain="ec.example.com"
    ).id
    quic = {"protocol": "QUIC", "default_tls_container_ref": demo.CERTIFICATE}

    assert_refused(
        lambda: create_listener(elb, protocol_port=443, sni_container_refs=[ec_sni], **quic),
        400,
        INVALID_INPUT,
        "RSA",
    )
    listener = create_listener(elb, protocol_port=443, sni_container_refs=[rsa_sni], **quic)
    assert listener.sni_container_refs == [rsa_sni]


def test_update_listener_checks_the_certificates_it_sends(elb: Any) -> None:
    listener = https_listener(elb)

    assert_refused(
        lambda: update_listener(elb, listener.id, default_tls_container_ref="0" * 32),
        404,
        NOT_FOUND,
    )
    assert_refused(
        lambda: update_listener(elb, listener.id, client_ca_tls_container_ref=demo.CERTIFICATE),
        400,
        INVALID_INPUT,
    )
    assert show_listener(elb, listener.id).client_ca_tls_container_ref is None
    renewed = create_certificate(elb).id
    assert (
        update_listener(
            elb, listener.id, default_tls_container_ref=renewed
        ).default_tls_container_ref
        == renewed
    )


def test_protocols_that_keep_no_certificate_do_not_look_them_up(elb: Any) -> None:
    # HTTP listeners accept server and SNI certificates without effect (listener_rules):
    # nothing is kept, so nothing is looked up
    listener = create_listener(
        elb, protocol="HTTP", protocol_port=8080, default_tls_container_ref="0" * 32
    )
    assert listener.default_tls_container_ref is None


# --- seeds ----------------------------------------------------------------------------------


def _seed(**document: Any) -> Any:
    text = yaml.safe_dump({"project_id": OTHER_PROJECT, **document})
    return build_snapshot([("seed.yaml", parse_seed(text, source="seed.yaml"))])


def test_a_seeded_certificate_is_read_like_a_created_one() -> None:
    made = server_certificate("seeded.example.com")

    rows = dict(
        _seed(
            certificates=[
                {
                    "id": "c" * 32,
                    "certificate": made.certificate,
                    "private_key": made.private_key,
                    "created_at": "2024-01-02T03:04:05Z",
                }
            ],
            certificate_settings=[{"private_key_echo": False}],
        )
    )

    (row,) = rows["certificates"]
    assert (row["id"], row["common_name"], row["fingerprint"]) == (
        "c" * 32,
        "seeded.example.com",
        made.fingerprint,
    )
    assert row["created_at"] == "2024-01-02T03:04:05Z"
    assert rows["certificate_settings"] == [
        {"project_id": OTHER_PROJECT, "private_key_echo": False}
    ]


def test_a_seeded_certificate_whose_key_does_not_match_is_refused() -> None:
    with pytest.raises(SeedError, match="certificate bad: Invalid input for 'private_key'"):
        _seed(
            certificates=[
                {"id": "bad", "certificate": SERVER.certificate, "private_key": _other_key_pem()}
            ]
        )
