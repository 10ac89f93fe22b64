"""Second read of the listener operations: what the first version refused that the cloud
accepts, force delete (unbinds the pool), batch delete, and Terraform's update shapes."""

from __future__ import annotations

from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkelb.v3 import (
    BatchDeleteListenersRequest,
    BatchDeleteListenersRequestBody,
    CreateListenerQuicConfigOption,
    DeleteListenerForceRequest,
    ListMembersRequest,
)

from tests import demo
from tests.sdk_checks import sdk_error
from tests.test_listeners import (
    DEMO_LISTENERS,
    LISTENER_2,
    LISTENERS,
    UNKNOWN_ID,
    add_member,
    create_pool,
    listed,
    make,
    on_lb,
    show,
    show_pool,
    update,
)


def batch_delete(elb: Any, *listener_ids: str) -> Any:
    body = BatchDeleteListenersRequestBody(listener_ids=list(listener_ids))
    return elb.batch_delete_listeners(BatchDeleteListenersRequest(body=body))


# --- create: fields the reference lets every protocol pass -------------------------------


def test_a_tcp_listener_takes_x_forwarded_elb_ip_as_in_the_reference_example(
    http: httpx.Client,
) -> None:
    # the CreateListener example adds a TCP listener with this header and gets it back
    headers = {"X-Forwarded-ELB-IP": True}

    response = http.post(LISTENERS, json={"listener": {**on_lb(), "insert_headers": headers}})

    assert response.status_code == 201, response.text
    assert response.json()["listener"]["insert_headers"] == headers


@pytest.mark.parametrize(
    ("protocol", "header"),
    [
        ("HTTP", "X-Forwarded-TLS-Cipher"),  # the on/off headers name no protocol
        ("UDP", "X-Real-IP"),
        ("TLS", "X-Forwarded-Clientcert-alias"),  # "HTTPS, TERMINATED_HTTPS, QUIC, TLS"
        ("TLS", "X-Forwarded-Clientcert-end-alias"),
    ],
)
def test_insert_headers_open_to_the_protocol_are_taken(
    http: httpx.Client, protocol: str, header: str
) -> None:
    value: Any = "my-header" if header.endswith("alias") else True

    response = http.post(
        LISTENERS, json={"listener": {**on_lb(protocol), "insert_headers": {header: value}}}
    )

    assert response.status_code == 201, response.text
    assert response.json()["listener"]["insert_headers"] == {header: value}


def test_an_alias_of_another_tls_header_is_still_refused_on_tls(http: httpx.Client) -> None:
    headers = {"X-Forwarded-Tls-Sni-alias": "sni"}  # "HTTPS, TERMINATED_HTTPS, QUIC" only

    response = http.post(LISTENERS, json={"listener": {**on_lb("TLS"), "insert_headers": headers}})

    assert (response.status_code, response.json()["error_code"]) == (400, "ELB.8902")
    assert "X-Forwarded-Tls-Sni-alias" in response.json()["error_msg"]


def test_nat64_is_ignored_where_it_does_not_take_effect(elb: Any) -> None:
    # "仅对于TCP、UDP协议类型的监听器生效": accepted, and off
    listener = make(elb, "HTTP", nat64_enable=True)

    assert listener.nat64_enable is False
    assert listener.transparent_client_ip_enable is True
    updated = update(elb, listener.id, nat64_enable=True).listener
    assert (updated.nat64_enable, updated.transparent_client_ip_enable) == (False, True)


def test_certificates_are_ignored_where_the_protocol_takes_none(elb: Any) -> None:
    # the reference requires a server certificate for HTTPS, TLS and QUIC and restricts
    # neither it nor SNI certificates elsewhere
    listener = make(elb, "HTTP", default_tls_container_ref="cert", sni_container_refs=["sni"])

    assert listener.default_tls_container_ref is None
    assert listener.sni_container_refs == []
    updated = update(elb, demo.LISTENER, default_tls_container_ref="cert").listener
    assert updated.default_tls_container_ref is None


# --- update: what Terraform sends to remove a setting ------------------------------------


def test_an_empty_ca_certificate_removes_it(http: httpx.Client, elb: Any) -> None:
    listener = make(elb, "HTTPS", 443, client_ca_tls_container_ref="ca")

    response = http.put(
        f"{LISTENERS}/{listener.id}", json={"listener": {"client_ca_tls_container_ref": ""}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["listener"]["client_ca_tls_container_ref"] is None
    assert show(elb, listener.id).default_tls_container_ref == "cert-server"


def test_null_sni_certificates_empty_the_list(http: httpx.Client, elb: Any) -> None:
    listener = make(elb, "HTTPS", 443, sni_container_refs=["sni-1"])

    response = http.put(
        f"{LISTENERS}/{listener.id}", json={"listener": {"sni_container_refs": None}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["listener"]["sni_container_refs"] == []


# --- force delete: the pool is unbound, not deleted --------------------------------------


def test_force_delete_keeps_the_pool_usable_by_a_new_listener(elb: Any) -> None:
    member = add_member(elb, demo.POOL)

    elb.delete_listener_force(DeleteListenerForceRequest(listener_id=demo.LISTENER))
    again = make(elb, "TCP", 80, default_pool_id=demo.POOL)

    assert [ref.id for ref in show_pool(elb, demo.POOL).listeners] == [again.id]
    members = elb.list_members(ListMembersRequest(pool_id=demo.POOL)).members
    assert [item.id for item in members] == [member]


# --- batch delete ---------------------------------------------------------------------


def test_batch_delete_answers_202_with_a_job_and_the_ids(elb: Any, http: httpx.Client) -> None:
    first, second = make(elb, "TCP", 81).id, make(elb, "UDP", 81).id

    response = http.post(f"{LISTENERS}/batch-delete", json={"listener_ids": [first, second]})

    assert response.status_code == 202, response.text
    body = response.json()
    assert set(elb_v3.BatchDeleteListenersResponse.openapi_types) <= set(body)
    assert body["listener_ids"] == [first, second]
    assert isinstance(body["job_id"], str) and body["job_id"]
    assert listed(elb) == DEMO_LISTENERS


def test_batch_delete_through_the_sdk(elb: Any) -> None:
    listener = make(elb)

    response = batch_delete(elb, listener.id, demo.LISTENER)

    assert response.status_code == 202
    assert response.listener_ids == [listener.id, demo.LISTENER]
    assert listed(elb) == [LISTENER_2]
    assert show_pool(elb, demo.POOL).listeners == []


def test_batch_delete_is_all_or_nothing_on_an_unknown_id(elb: Any) -> None:
    listener = make(elb)

    error = sdk_error(lambda: batch_delete(elb, listener.id, UNKNOWN_ID))

    assert (error.status_code, error.error_code) == (404, "ELB.8904")
    assert error.error_msg == f"listener {UNKNOWN_ID} could not be found."
    assert show(elb, listener.id).id == listener.id


def test_batch_delete_refuses_what_delete_refuses(elb: Any) -> None:
    listener = make(elb)
    add_member(elb, demo.POOL)

    error = sdk_error(lambda: batch_delete(elb, listener.id, demo.LISTENER))

    assert (error.status_code, error.error_code) == (409, "ELB.8907")
    assert listed(elb) == sorted([*DEMO_LISTENERS, listener.id])


def test_batch_delete_takes_a_quic_listener_with_its_https_upgrader(elb: Any) -> None:
    quic = make(elb, "QUIC", 443)
    config = CreateListenerQuicConfigOption(quic_listener_id=quic.id)
    https = make(elb, "HTTPS", 443, quic_config=config)

    alone = sdk_error(lambda: batch_delete(elb, quic.id))
    assert (alone.status_code, alone.error_code) == (409, "ELB.8907")

    assert batch_delete(elb, quic.id, https.id).status_code == 202
    assert listed(elb) == DEMO_LISTENERS


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"listener_ids": []}, id="empty"),
        pytest.param({"listener_ids": [f"id-{i}" for i in range(11)]}, id="eleven"),
        pytest.param({"listener_ids": "abc"}, id="not-a-list"),
        pytest.param({"listener_ids": [1]}, id="number"),
        pytest.param({}, id="missing"),
        pytest.param({"listener_ids": ["x"], "force": True}, id="unknown-field"),
    ],
)
def test_batch_delete_refuses_malformed_bodies(http: httpx.Client, body: dict[str, Any]) -> None:
    response = http.post(f"{LISTENERS}/batch-delete", json=body)

    assert (response.status_code, response.json()["error_code"]) == (400, "ELB.8902")
    assert http.get(LISTENERS).json()["page_info"]["current_count"] == 2


def test_batch_delete_counts_a_repeated_id_once(elb: Any) -> None:
    listener = make(elb)

    assert batch_delete(elb, listener.id, listener.id).status_code == 202
    assert listed(elb) == DEMO_LISTENERS


def test_batch_delete_keeps_the_pools(elb: Any) -> None:
    pool = create_pool(elb, protocol="TCP", lb_algorithm="ROUND_ROBIN", loadbalancer_id=demo.LB)
    listener = make(elb, default_pool_id=pool)

    batch_delete(elb, listener.id)

    assert show_pool(elb, pool).listeners == []
