"""Resources built and read for the tests: through the official SDK (the `elb` fixture), and
through the API itself in-process (app_client) where a test needs it.

The SDK helpers take the request's fields as keywords (a field given as None is left out of
the body), check the status the cloud answers with, and return the SDK's object for the
resource (callers take `.id` where they need it); batch operations return the response.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import huaweicloudsdkelb.v3 as elb_v3
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    BatchDeleteListenersRequest,
    BatchDeleteListenersRequestBody,
    BatchDeleteMembersOption,
    BatchDeleteMembersRequest,
    BatchDeleteMembersRequestBody,
    BatchDeletePoolsRequest,
    BatchDeletePoolsRequestBody,
    CreateHealthMonitorOption,
    CreateHealthMonitorRequest,
    CreateHealthMonitorRequestBody,
    CreateListenerOption,
    CreateListenerRequest,
    CreateListenerRequestBody,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreateMemberHealthCheckJobOption,
    CreateMemberHealthCheckJobRequest,
    CreateMemberHealthCheckJobRequestBody,
    CreateMemberOption,
    CreateMemberRequest,
    CreateMemberRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    CreateSecurityPolicyOption,
    CreateSecurityPolicyRequest,
    CreateSecurityPolicyRequestBody,
    DeleteHealthMonitorRequest,
    DeleteLoadBalancerRequest,
    DeleteMemberRequest,
    DeletePoolRequest,
    DeleteSecurityPolicyRequest,
    ListAllMembersRequest,
    ListHealthMonitorsRequest,
    ListListenersRequest,
    ListLoadBalancersRequest,
    ListMembersRequest,
    ListPoolsRequest,
    ListQuotaDetailsRequest,
    ListSecurityPoliciesRequest,
    QuotaInfo,
    ShowHealthMonitorRequest,
    ShowListenerRequest,
    ShowLoadBalancerRequest,
    ShowLoadBalancerStatusRequest,
    ShowMemberHealthCheckJobRequest,
    ShowMemberRequest,
    ShowPoolRequest,
    ShowSecurityPolicyRequest,
    UpdateHealthMonitorOption,
    UpdateHealthMonitorRequest,
    UpdateHealthMonitorRequestBody,
    UpdateListenerOption,
    UpdateListenerRequest,
    UpdateListenerRequestBody,
    UpdateLoadBalancerOption,
    UpdateLoadBalancerRequest,
    UpdateLoadBalancerRequestBody,
    UpdateMemberOption,
    UpdateMemberRequest,
    UpdateMemberRequestBody,
    UpdatePoolOption,
    UpdatePoolRequest,
    UpdatePoolRequestBody,
    UpdateSecurityPolicyOption,
    UpdateSecurityPolicyRequest,
    UpdateSecurityPolicyRequestBody,
)
from starlette.testclient import TestClient

from tests import demo

ELB = f"/v3/{demo.PROJECT}/elb"

# what a new resource gets unless the caller says otherwise
LOAD_BALANCER_DEFAULTS: dict[str, Any] = {"availability_zone_list": [demo.AZ_1]}
LISTENER_DEFAULTS: dict[str, Any] = {"loadbalancer_id": demo.LB, "protocol": "TCP"}
POOL_DEFAULTS: dict[str, Any] = {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN"}
SECURITY_POLICY_DEFAULTS: dict[str, Any] = {
    "protocols": ["TLSv1.2"],
    "ciphers": ["ECDHE-RSA-AES128-GCM-SHA256"],
}
HEALTH_MONITOR_DEFAULTS: dict[str, Any] = {
    "pool_id": demo.POOL,
    "type": "TCP",
    "delay": 5,
    "timeout": 3,
    "max_retries": 3,
}


def ids_of(items: Any) -> list[str]:
    """The ids of a list of SDK objects or of JSON objects, in order (None is [])."""
    return [item["id"] if isinstance(item, dict) else item.id for item in items or []]


def _listed(response: Any, key: str) -> list[Any]:
    assert response.status_code == 200
    items = list(getattr(response, key))
    assert response.page_info.current_count == len(items)
    return items


# --- quotas -----------------------------------------------------------------------------


def quota_details(elb: Any, *keys: str) -> dict[str, tuple[int, int]]:
    """quota_key -> (quota_limit, used) of list_quota_details, every item's shape checked."""
    request = ListQuotaDetailsRequest(quota_key=list(keys) if keys else None)
    response = elb.list_quota_details(request)
    assert response.status_code == 200
    assert isinstance(response.request_id, str) and len(response.request_id) == 32
    result: dict[str, tuple[int, int]] = {}
    for item in response.quotas:
        assert isinstance(item, QuotaInfo)
        assert item.unit == "count"
        result[item.quota_key] = (item.quota_limit, item.used)
    return result


def quota_used(elb: Any, *keys: str) -> dict[str, int]:
    """quota_key -> used, of these keys (every key if none is named)."""
    return {key: value[1] for key, value in quota_details(elb, *keys).items()}


# --- load balancers ---------------------------------------------------------------------


def create_load_balancer(elb: Any, **fields: Any) -> Any:
    """A new load balancer (in AZ_1 unless availability_zone_list is given)."""
    option = CreateLoadBalancerOption(**{**LOAD_BALANCER_DEFAULTS, **fields})
    response = elb.create_load_balancer(
        CreateLoadBalancerRequest(body=CreateLoadBalancerRequestBody(loadbalancer=option))
    )
    assert response.status_code == 201
    return response.loadbalancer


def show_load_balancer(elb: Any, lb_id: str) -> Any:
    """The load balancer as show_load_balancer answers it."""
    response = elb.show_load_balancer(ShowLoadBalancerRequest(loadbalancer_id=lb_id))
    assert response.status_code == 200
    return response.loadbalancer


def update_load_balancer(elb: Any, lb_id: str, **fields: Any) -> Any:
    """The load balancer after update_load_balancer with these fields."""
    body = UpdateLoadBalancerRequestBody(loadbalancer=UpdateLoadBalancerOption(**fields))
    response = elb.update_load_balancer(UpdateLoadBalancerRequest(loadbalancer_id=lb_id, body=body))
    assert response.status_code == 200
    return response.loadbalancer


def list_load_balancers(elb: Any, **query: Any) -> list[Any]:
    """The load balancers list_load_balancers answers with for this query."""
    return _listed(elb.list_load_balancers(ListLoadBalancersRequest(**query)), "loadbalancers")


def show_load_balancer_status(elb: Any, lb_id: str) -> Any:
    """The load balancer's status tree (statuses.loadbalancer) as the SDK answers it."""
    response = elb.show_load_balancer_status(ShowLoadBalancerStatusRequest(loadbalancer_id=lb_id))
    assert response.status_code == 200
    return response.statuses.loadbalancer


def delete_load_balancer(elb: Any, lb_id: str) -> None:
    """Delete the load balancer."""
    response = elb.delete_load_balancer(DeleteLoadBalancerRequest(loadbalancer_id=lb_id))
    assert response.status_code == 204


# --- listeners --------------------------------------------------------------------------


def create_listener(elb: Any, **fields: Any) -> Any:
    """A new listener (TCP, on the demo LB unless the fields say otherwise)."""
    option = CreateListenerOption(**{**LISTENER_DEFAULTS, **fields})
    response = elb.create_listener(
        CreateListenerRequest(body=CreateListenerRequestBody(listener=option))
    )
    assert response.status_code == 201
    return response.listener


def show_listener(elb: Any, listener_id: str) -> Any:
    """The listener as show_listener answers it."""
    response = elb.show_listener(ShowListenerRequest(listener_id=listener_id))
    assert response.status_code == 200
    return response.listener


def update_listener(elb: Any, listener_id: str, body: Any = None, **fields: Any) -> Any:
    """The listener after update_listener; `body` (a dict) sends what the model cannot."""
    if body is None:
        body = UpdateListenerRequestBody(listener=UpdateListenerOption(**fields))
    response = elb.update_listener(UpdateListenerRequest(listener_id=listener_id, body=body))
    assert response.status_code == 200
    return response.listener


def list_listeners(elb: Any, **query: Any) -> list[Any]:
    """The listeners list_listeners answers with for this query."""
    return _listed(elb.list_listeners(ListListenersRequest(**query)), "listeners")


def batch_delete_listeners(elb: Any, *listener_ids: str) -> Any:
    """The response of batch_delete_listeners for these ids."""
    body = BatchDeleteListenersRequestBody(listener_ids=list(listener_ids))
    return elb.batch_delete_listeners(BatchDeleteListenersRequest(body=body))


# --- pools ------------------------------------------------------------------------------


def create_pool(elb: Any, **fields: Any) -> Any:
    """A new pool (TCP, ROUND_ROBIN unless the fields say otherwise; no owner by default)."""
    option = CreatePoolOption(**{**POOL_DEFAULTS, **fields})
    response = elb.create_pool(CreatePoolRequest(body=CreatePoolRequestBody(pool=option)))
    assert response.status_code == 201
    return response.pool


def show_pool(elb: Any, pool_id: str) -> Any:
    """The pool as show_pool answers it."""
    response = elb.show_pool(ShowPoolRequest(pool_id=pool_id))
    assert response.status_code == 200
    return response.pool


def update_pool(elb: Any, pool_id: str, **fields: Any) -> Any:
    """The pool after update_pool with these fields."""
    body = UpdatePoolRequestBody(pool=UpdatePoolOption(**fields))
    response = elb.update_pool(UpdatePoolRequest(pool_id=pool_id, body=body))
    assert response.status_code == 200
    return response.pool


def list_pools(elb: Any, **query: Any) -> list[Any]:
    """The pools list_pools answers with for this query."""
    return _listed(elb.list_pools(ListPoolsRequest(**query)), "pools")


def delete_pool(elb: Any, pool_id: str) -> None:
    """Delete the pool."""
    response = elb.delete_pool(DeletePoolRequest(pool_id=pool_id))
    assert response.status_code == 204


def batch_delete_pools(elb: Any, pool_ids: list[str]) -> Any:
    """The response of batch_delete_pools for these ids."""
    body = BatchDeletePoolsRequestBody(pools=pool_ids)
    return elb.batch_delete_pools(BatchDeletePoolsRequest(body=body))


# --- health monitors --------------------------------------------------------------------


def create_health_monitor(elb: Any, **fields: Any) -> Any:
    """A new health monitor (TCP, delay 5, timeout 3, 3 retries, on the demo POOL by default)."""
    option = CreateHealthMonitorOption(**{**HEALTH_MONITOR_DEFAULTS, **fields})
    response = elb.create_health_monitor(
        CreateHealthMonitorRequest(body=CreateHealthMonitorRequestBody(healthmonitor=option))
    )
    assert response.status_code == 201
    return response.healthmonitor


def show_health_monitor(elb: Any, monitor_id: str) -> Any:
    """The health monitor as show_health_monitor answers it."""
    response = elb.show_health_monitor(ShowHealthMonitorRequest(healthmonitor_id=monitor_id))
    assert response.status_code == 200
    return response.healthmonitor


def update_health_monitor(elb: Any, monitor_id: str, **fields: Any) -> Any:
    """The health monitor after update_health_monitor with these fields."""
    body = UpdateHealthMonitorRequestBody(healthmonitor=UpdateHealthMonitorOption(**fields))
    response = elb.update_health_monitor(
        UpdateHealthMonitorRequest(healthmonitor_id=monitor_id, body=body)
    )
    assert response.status_code == 200
    return response.healthmonitor


def list_health_monitors(elb: Any, **query: Any) -> list[Any]:
    """The health monitors list_health_monitors answers with for this query."""
    return _listed(elb.list_health_monitors(ListHealthMonitorsRequest(**query)), "healthmonitors")


def delete_health_monitor(elb: Any, monitor_id: str) -> None:
    """Delete the health monitor."""
    response = elb.delete_health_monitor(DeleteHealthMonitorRequest(healthmonitor_id=monitor_id))
    assert response.status_code == 204


# --- TLS security policies --------------------------------------------------------------


def create_security_policy(elb: Any, **fields: Any) -> Any:
    """A new custom security policy (TLS 1.2 with one GCM cipher unless the fields say
    otherwise)."""
    option = CreateSecurityPolicyOption(**{**SECURITY_POLICY_DEFAULTS, **fields})
    response = elb.create_security_policy(
        CreateSecurityPolicyRequest(body=CreateSecurityPolicyRequestBody(security_policy=option))
    )
    assert response.status_code == 201
    return response.security_policy


def show_security_policy(elb: Any, policy_id: str) -> Any:
    """The custom security policy as show_security_policy answers it."""
    response = elb.show_security_policy(ShowSecurityPolicyRequest(security_policy_id=policy_id))
    assert response.status_code == 200
    return response.security_policy


def update_security_policy(elb: Any, policy_id: str, **fields: Any) -> Any:
    """The custom security policy after update_security_policy with these fields."""
    body = UpdateSecurityPolicyRequestBody(security_policy=UpdateSecurityPolicyOption(**fields))
    response = elb.update_security_policy(
        UpdateSecurityPolicyRequest(security_policy_id=policy_id, body=body)
    )
    assert response.status_code == 200
    return response.security_policy


def list_security_policies(elb: Any, **query: Any) -> list[Any]:
    """The custom security policies list_security_policies answers with for this query."""
    return _listed(
        elb.list_security_policies(ListSecurityPoliciesRequest(**query)), "security_policies"
    )


def delete_security_policy(elb: Any, policy_id: str) -> None:
    """Delete the custom security policy."""
    response = elb.delete_security_policy(DeleteSecurityPolicyRequest(security_policy_id=policy_id))
    assert response.status_code == 204


# --- IP address groups ------------------------------------------------------------------


def create_ip_group(elb: Any, *ips: str, **fields: Any) -> Any:
    """A new IP address group holding these entries (without descriptions)."""
    fields.setdefault("ip_list", [elb_v3.CreateIpGroupIpOption(ip=ip) for ip in ips])
    body = elb_v3.CreateIpGroupRequestBody(ipgroup=elb_v3.CreateIpGroupOption(**fields))
    response = elb.create_ip_group(elb_v3.CreateIpGroupRequest(body=body))
    assert response.status_code == 201
    return response.ipgroup


def show_ip_group(elb: Any, ipgroup_id: str) -> Any:
    """The IP address group as show_ip_group answers it."""
    response = elb.show_ip_group(elb_v3.ShowIpGroupRequest(ipgroup_id=ipgroup_id))
    assert response.status_code == 200
    return response.ipgroup


def list_ip_groups(elb: Any, **query: Any) -> list[Any]:
    """The IP address groups list_ip_groups answers with for this query."""
    return _listed(elb.list_ip_groups(elb_v3.ListIpGroupsRequest(**query)), "ipgroups")


# --- members ----------------------------------------------------------------------------


def on_subnet(address: str, port: int | None = 80, **fields: Any) -> dict[str, Any]:
    """The fields of an instance member on the demo SUBNET; a field given as None is left out."""
    item = {"address": address, "protocol_port": port, "subnet_cidr_id": demo.SUBNET, **fields}
    return {key: value for key, value in item.items() if value is not None}


def create_member(elb: Any, pool_id: str, **fields: Any) -> Any:
    """A new member of the pool, made by create_member."""
    body = CreateMemberRequestBody(member=CreateMemberOption(**fields))
    response = elb.create_member(CreateMemberRequest(pool_id=pool_id, body=body))
    assert response.status_code == 201
    return response.member


def add_members(elb: Any, pool_id: str, *members: dict[str, Any]) -> list[Any]:
    """The members batch_create_members answers with, in request order."""
    body = BatchCreateMembersRequestBody(
        members=[BatchCreateMembersOption(**member) for member in members]
    )
    response = elb.batch_create_members(BatchCreateMembersRequest(pool_id=pool_id, body=body))
    assert response.status_code == 201  # as the batch-add reference answers
    return list(response.members)


def show_member(elb: Any, pool_id: str, member_id: str) -> Any:
    """The member as show_member answers it."""
    response = elb.show_member(ShowMemberRequest(pool_id=pool_id, member_id=member_id))
    assert response.status_code == 200
    return response.member


def update_member(elb: Any, pool_id: str, member_id: str, **fields: Any) -> Any:
    """The member after update_member with these fields."""
    body = UpdateMemberRequestBody(member=UpdateMemberOption(**fields))
    response = elb.update_member(
        UpdateMemberRequest(pool_id=pool_id, member_id=member_id, body=body)
    )
    assert response.status_code == 200
    return response.member


def list_members(elb: Any, pool_id: str, **query: Any) -> list[Any]:
    """The pool's members as list_members answers them for this query."""
    return _listed(elb.list_members(ListMembersRequest(pool_id=pool_id, **query)), "members")


def list_all_members(elb: Any, **query: Any) -> list[Any]:
    """The project's members as list_all_members answers them for this query."""
    return _listed(elb.list_all_members(ListAllMembersRequest(**query)), "members")


def delete_member(elb: Any, pool_id: str, member_id: str) -> None:
    """Delete the member."""
    response = elb.delete_member(DeleteMemberRequest(pool_id=pool_id, member_id=member_id))
    assert response.status_code == 204


def batch_delete_members(elb: Any, pool_id: str, *items: dict[str, Any]) -> Any:
    """The response of batch_delete_members for these {"id"} or {"address", …} items."""
    body = BatchDeleteMembersRequestBody(
        members=[BatchDeleteMembersOption(**item) for item in items]
    )
    return elb.batch_delete_members(BatchDeleteMembersRequest(pool_id=pool_id, body=body))


def create_member_check_job(elb: Any, member_id: str, listener_id: str, subject: str) -> str:
    """The id of a new member check job (create_member_health_check_job)."""
    option = CreateMemberHealthCheckJobOption(listener_id=listener_id, subject=subject)
    request = CreateMemberHealthCheckJobRequest(
        member_id=member_id, body=CreateMemberHealthCheckJobRequestBody(member_check=option)
    )
    response = elb.create_member_health_check_job(request)
    assert response.status_code == 201
    job_id: str = response.member_check.job_id
    return job_id


def show_member_check_job(elb: Any, job_id: str) -> Any:
    """The MemberCheckJobInfo that show_member_health_check_job answers."""
    response = elb.show_member_health_check_job(ShowMemberHealthCheckJobRequest(job_id=job_id))
    assert response.status_code == 200
    return response.member_check


# --- certificates -----------------------------------------------------------------------


def create_certificate(elb: Any, **fields: Any) -> Any:
    """A new certificate: a fresh self-signed server certificate with its key (or, for type
    client, a CA certificate) unless the fields give the PEM."""
    from tests.certificates import ca_certificate, server_certificate

    if "certificate" not in fields:
        if fields.get("type") == "client":
            fields = {"certificate": ca_certificate().certificate, **fields}
        else:
            made = server_certificate()
            fields = {"certificate": made.certificate, "private_key": made.private_key, **fields}
    option = elb_v3.CreateCertificateOption(**fields)
    response = elb.create_certificate(
        elb_v3.CreateCertificateRequest(
            body=elb_v3.CreateCertificateRequestBody(certificate=option)
        )
    )
    assert response.status_code == 201
    return response.certificate


def show_certificate(elb: Any, certificate_id: str) -> Any:
    """The certificate as show_certificate answers it."""
    response = elb.show_certificate(elb_v3.ShowCertificateRequest(certificate_id=certificate_id))
    assert response.status_code == 200
    return response.certificate


def update_certificate(elb: Any, certificate_id: str, **fields: Any) -> Any:
    """The certificate after update_certificate with these fields."""
    body = elb_v3.UpdateCertificateRequestBody(certificate=elb_v3.UpdateCertificateOption(**fields))
    response = elb.update_certificate(
        elb_v3.UpdateCertificateRequest(certificate_id=certificate_id, body=body)
    )
    assert response.status_code == 200
    return response.certificate


def list_certificates(elb: Any, **query: Any) -> list[Any]:
    """The certificates list_certificates answers with for this query."""
    return _listed(elb.list_certificates(elb_v3.ListCertificatesRequest(**query)), "certificates")


def delete_certificate(elb: Any, certificate_id: str) -> None:
    """Delete the certificate."""
    response = elb.delete_certificate(
        elb_v3.DeleteCertificateRequest(certificate_id=certificate_id)
    )
    assert response.status_code == 204


def batch_delete_certificates(elb: Any, *certificate_ids: str) -> Any:
    """The response of batch_delete_certificates for these ids."""
    body = elb_v3.BatchDeleteCertificatesRequestBody(certificates=list(certificate_ids))
    return elb.batch_delete_certificates(elb_v3.BatchDeleteCertificatesRequest(body=body))


def set_private_key_echo(elb: Any, enabled: bool) -> Any:
    """The response of create_certificate_private_key_echo turning the switch on or off."""
    body = elb_v3.CreateCertificatePrivateKeyEchoRequestBody(private_key_echo=enabled)
    return elb.create_certificate_private_key_echo(
        elb_v3.CreateCertificatePrivateKeyEchoRequest(body=body)
    )


# --- raw HTTP (the `http` fixture) ------------------------------------------------------


def stored_members(http: httpx.Client, pool_id: str) -> list[dict[str, Any]]:
    """The pool's members as the list API shows them in JSON (current_count checked)."""
    response = http.get(f"{ELB}/pools/{pool_id}/members")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["page_info"]["current_count"] == len(body["members"])
    members: list[dict[str, Any]] = body["members"]
    return members


# --- in-process, through the API itself (app_client) ------------------------------------


def listed_ids(client: TestClient, url: str, collection: str, **params: Any) -> list[str]:
    """The ids of the JSON list at this URL (with these query params), answered 200."""
    response = client.get(url, params=params) if params else client.get(url)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()[collection]]


def transaction(client: TestClient) -> Any:
    """A transaction on the in-process app's database, to read or change rows directly."""
    return client.app.state.database.transaction()  # type: ignore[attr-defined]


def monitored_member(client: TestClient, pool_id: str = demo.POOL) -> tuple[str, str]:
    """A TCP health monitor on the pool and one member at ECS_1's NIC: (monitor id, member id)."""
    monitor = client.post(
        f"{ELB}/healthmonitors",
        json={
            "healthmonitor": {
                "pool_id": pool_id,
                "type": "TCP",
                "delay": 5,
                "timeout": 3,
                "max_retries": 3,
            }
        },
    )
    assert monitor.status_code == 201, monitor.text
    member = client.post(
        f"{ELB}/pools/{pool_id}/members",
        json={
            "member": {
                "address": "192.168.0.10",
                "protocol_port": 80,
                "subnet_cidr_id": demo.SUBNET,
            }
        },
    )
    assert member.status_code == 201, member.text
    return monitor.json()["healthmonitor"]["id"], member.json()["member"]["id"]


def post_member(
    http: httpx.Client, address: str, port: int = 80, pool_id: str = demo.POOL, **extra: Any
) -> dict[str, Any]:
    """A new instance member on the demo SUBNET made by raw POST (a 201 with its request id):
    its JSON."""
    from tests.sdk_checks import assert_ok_response  # the checks of every raw success

    body = {"member": {**on_subnet(address, port), **extra}}
    response = http.post(f"{ELB}/pools/{pool_id}/members", json=body)
    member: dict[str, Any] = assert_ok_response(response, 201)["member"]
    return member


def snapshot(http: Any) -> dict[str, Any]:
    """Every member, pool and load balancer and the demo LB's status tree, by raw HTTP: what
    a refused write must leave unchanged."""
    out = {}
    for path, key in (
        ("/members", "members"),
        ("/pools", "pools"),
        ("/loadbalancers", "loadbalancers"),
    ):
        out[key] = http.get(f"{ELB}{path}").json()[key]
    out["status"] = http.get(f"{ELB}/loadbalancers/{demo.LB}/statuses").json()["statuses"]
    return out


def post_monitor(http: Any, **fields: Any) -> dict[str, Any]:
    """A TCP health monitor on the demo POOL (unless the fields say otherwise), by raw HTTP."""
    body = {**HEALTH_MONITOR_DEFAULTS, **fields}
    response = http.post(f"{ELB}/healthmonitors", json={"healthmonitor": body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()["healthmonitor"]
    return created


def listener_state(http: Any) -> str:
    """A fingerprint of listeners, monitors, pools and quota usage, by raw HTTP: what a
    refused write must leave unchanged."""
    parts = []
    for path, key in [
        ("/listeners", "listeners"),
        ("/healthmonitors", "healthmonitors"),
        ("/pools", "pools"),
        ("/quotas/details", "quotas"),
    ]:
        parts.append(json.dumps(http.get(ELB + path).json()[key], sort_keys=True))
    return "\n".join(parts)


# A gateway load balancer: seed data only (the SDK's create option cannot ask for one), so
# tests load it through the admin state API; it takes IP listeners only.
GATEWAY_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c0f"
GATEWAY_FLAVOR = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c21"
GATEWAY_DOCUMENT: dict[str, Any] = {
    "flavors": [
        {
            "id": GATEWAY_FLAVOR,
            "name": "gwlb_flavor.elb.s1.small",
            "type": "gwlb",
            "info": {"connection": 1000000, "cps": 10000, "bandwidth": 50000, "lcu": 1},
        }
    ],
    "loadbalancers": [
        {
            "id": GATEWAY_LB,
            "project_id": demo.PROJECT,
            "name": "gateway-lb",
            "vpc_id": demo.VPC,
            "vip_subnet_cidr_id": demo.SUBNET_2,
            "availability_zone_list": [demo.AZ_1],
            "loadbalancer_type": "gateway",
            "gw_flavor_id": GATEWAY_FLAVOR,
        }
    ],
}


def load_gateway_load_balancer(server: Any) -> str:
    """Add the gateway load balancer (and its gwlb flavor) to a MockElbServer; its id."""
    server.load_state(GATEWAY_DOCUMENT)
    return GATEWAY_LB


# --- active/standby (master-slave) pools -------------------------------------------------

# what a new active/standby pool gets unless the caller says otherwise: a TCP pool on the
# demo LB, ECS 1's address as master and a free one of its subnet as slave, a TCP monitor
MASTER_SLAVE_POOL_DEFAULTS: dict[str, Any] = {
    "protocol": "TCP",
    "lb_algorithm": "ROUND_ROBIN",
    "loadbalancer_id": demo.LB,
    "members": [
        {
            "address": "192.168.0.10",
            "protocol_port": 80,
            "subnet_cidr_id": demo.SUBNET,
            "role": "master",
        },
        {
            "address": "192.168.0.11",
            "protocol_port": 80,
            "subnet_cidr_id": demo.SUBNET,
            "role": "slave",
        },
    ],
    "healthmonitor": {"type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3},
}


def master_slave_pool_option(**fields: Any) -> Any:
    """The SDK's CreateMasterSlavePoolOption: the defaults, then the fields (members and
    healthmonitor given as dicts); a field given as None is left out."""
    values = {**MASTER_SLAVE_POOL_DEFAULTS, **fields}
    if values.get("members") is not None:
        values["members"] = [
            elb_v3.CreateMasterSlaveMemberOption(**member) for member in values["members"]
        ]
    if values.get("healthmonitor") is not None:
        values["healthmonitor"] = elb_v3.CreateMasterSlaveHealthMonitorOption(
            **values["healthmonitor"]
        )
    return elb_v3.CreateMasterSlavePoolOption(
        **{key: value for key, value in values.items() if value is not None}
    )


def create_master_slave_pool(elb: Any, **fields: Any) -> Any:
    """A new active/standby pool (see MASTER_SLAVE_POOL_DEFAULTS)."""
    body = elb_v3.CreateMasterSlavePoolRequestBody(pool=master_slave_pool_option(**fields))
    response = elb.create_master_slave_pool(elb_v3.CreateMasterSlavePoolRequest(body=body))
    assert response.status_code == 201
    return response.pool


def show_master_slave_pool(elb: Any, pool_id: str) -> Any:
    """The active/standby pool as show_master_slave_pool answers it."""
    response = elb.show_master_slave_pool(elb_v3.ShowMasterSlavePoolRequest(pool_id=pool_id))
    assert response.status_code == 200
    return response.pool


def list_master_slave_pools(elb: Any, **query: Any) -> list[Any]:
    """The active/standby pools list_master_slave_pools answers with for this query."""
    request = elb_v3.ListMasterSlavePoolsRequest(**query)
    return _listed(elb.list_master_slave_pools(request), "pools")


def delete_master_slave_pool(elb: Any, pool_id: str) -> None:
    """Delete the active/standby pool."""
    response = elb.delete_master_slave_pool(elb_v3.DeleteMasterSlavePoolRequest(pool_id=pool_id))
    assert response.status_code == 204


# --- the recycle bin and the other load balancer deletes --------------------------------


def show_recycle_bin(elb: Any) -> Any:
    """The project's recycle bin (RecycleBinResponseBody) as show_recycle_bin answers it."""
    response = elb.show_recycle_bin(elb_v3.ShowRecycleBinRequest())
    assert response.status_code == 200
    return response.recycle_bin


def enable_recycle_bin(elb: Any, enable: bool | None = True) -> Any:
    """The recycle bin after update_recycle_bin_enable (enable None: left out)."""
    body = elb_v3.UpdateRecycleBinEnableRequestBody(
        recycle_bin=elb_v3.RecycleBinRequestBody(enable=enable)
    )
    response = elb.update_recycle_bin_enable(elb_v3.UpdateRecycleBinEnableRequest(body=body))
    assert response.status_code == 200
    return response.recycle_bin


def update_recycle_bin_policy(elb: Any, **hours: int) -> Any:
    """The recycle bin after update_recycle_bin_policy with these hours."""
    body = elb_v3.UpdateRecycleBinPolicyRequestBody(
        recycle_bin=elb_v3.RecycleBinPolicyRequestBody(policy=elb_v3.RecycleBinPolicy(**hours))
    )
    response = elb.update_recycle_bin_policy(elb_v3.UpdateRecycleBinPolicyRequest(body=body))
    assert response.status_code == 200
    return response.recycle_bin


def list_recycle_bin(elb: Any, **query: Any) -> list[Any]:
    """The load balancers in the recycle bin (RecycleLoadBalancer) for this query."""
    request = elb_v3.ListRecycleBinLoadBalancersRequest(**query)
    return _listed(elb.list_recycle_bin_load_balancers(request), "loadbalancers")


def restore_loadbalancer(elb: Any, lb_id: str) -> Any:
    """The response of restore_loadbalancer (type, job_id)."""
    response = elb.restore_loadbalancer(elb_v3.RestoreLoadbalancerRequest(loadbalancer_id=lb_id))
    assert response.status_code == 200
    return response


def delete_recycle_load_balancer(elb: Any, lb_id: str) -> None:
    """Delete the load balancer from the recycle bin for good."""
    request = elb_v3.DeleteRecycleLoadBalancerRequest(loadbalancer_id=lb_id)
    assert elb.delete_recycle_load_balancer(request).status_code == 204


def delete_load_balancer_force(elb: Any, lb_id: str) -> None:
    """Delete the load balancer with force-elb."""
    request = elb_v3.DeleteLoadBalancerForceRequest(loadbalancer_id=lb_id)
    assert elb.delete_load_balancer_force(request).status_code == 204


def batch_delete_loadbalancers(elb: Any, *lb_ids: str, **option: Any) -> Any:
    """The response of batch_delete_loadbalancers for these ids (and unbounded_pool,
    public_ip)."""
    body = elb_v3.BatchDeleteLoadbalancersRequestBody(loadbalancer_ids=list(lb_ids), **option)
    return elb.batch_delete_loadbalancers(elb_v3.BatchDeleteLoadbalancersRequest(body=body))
