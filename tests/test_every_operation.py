"""Every operation mockelb emulates, once, through the official SDK: the developer loop's
guarantee that a quick run (`pytest -m "not slow"`) still touches the whole API.

The set of operations called is checked against the coverage table's implemented ones, so
an operation added to mockelb without a call here fails this test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import huaweicloudsdkelb.v3 as sdk

from tests import demo
from tests.certificates import server_certificate

ROOT = Path(__file__).resolve().parent.parent


class RecordingClient:
    """The ElbClient, recording the name of every operation called through it."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.called.add(name)
        return getattr(self.client, name)


def implemented_operations() -> set[str]:
    """The SDK operations that mockelb has a route for (scripts/coverage_table.py)."""
    spec = importlib.util.spec_from_file_location(
        "coverage_table", ROOT / "scripts" / "coverage_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    routes = set(module.app_routes())
    return {
        operation.name
        for operation in module.sdk_operations()
        if (operation.method, operation.path) in routes
    }


def check(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response
    return response


def test_every_emulated_operation_answers_through_the_sdk(elb: Any, mockelb: Any) -> None:
    client = RecordingClient(elb)
    load_balancer_id = walk_load_balancer(client)
    listener_id, pool_id = walk_listener_and_pool(client, load_balancer_id)
    walk_health_monitor(client, pool_id)
    walk_members(client, pool_id, listener_id)
    walk_l7_policies(client, load_balancer_id)
    walk_security_policies(client)
    walk_ip_groups(client, load_balancer_id)
    walk_tags(client, load_balancer_id, listener_id)
    walk_logtank(client, load_balancer_id)
    walk_domain_ips(client, load_balancer_id)
    walk_certificates(client, load_balancer_id)
    walk_account(client, load_balancer_id)
    walk_master_slave_pools(client, load_balancer_id)
    walk_load_balancer_views(client, load_balancer_id)
    walk_load_balancer_actions(client, mockelb, load_balancer_id)
    walk_copies_and_jobs(client)
    tear_down(client, load_balancer_id, listener_id, pool_id)
    walk_recycle_bin(client)
    assert client.called == implemented_operations()


def walk_load_balancer(elb: RecordingClient) -> str:
    option = sdk.CreateLoadBalancerOption(
        name="every-op", availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET
    )
    body = sdk.CreateLoadBalancerRequestBody(loadbalancer=option)
    lb = check(elb.create_load_balancer(sdk.CreateLoadBalancerRequest(body=body)), 201)
    lb_id: str = lb.loadbalancer.id
    check(elb.show_load_balancer(sdk.ShowLoadBalancerRequest(loadbalancer_id=lb_id)))
    listed = check(elb.list_load_balancers(sdk.ListLoadBalancersRequest(id=[lb_id])))
    assert [item.id for item in listed.loadbalancers] == [lb_id]
    update = sdk.UpdateLoadBalancerRequestBody(
        loadbalancer=sdk.UpdateLoadBalancerOption(description="updated")
    )
    updated = elb.update_load_balancer(
        sdk.UpdateLoadBalancerRequest(loadbalancer_id=lb_id, body=update)
    )
    assert check(updated).loadbalancer.description == "updated"
    return lb_id


def walk_listener_and_pool(elb: RecordingClient, lb_id: str) -> tuple[str, str]:
    pool_option = sdk.CreatePoolOption(
        loadbalancer_id=lb_id, protocol="TCP", lb_algorithm="ROUND_ROBIN"
    )
    pool = elb.create_pool(sdk.CreatePoolRequest(body=sdk.CreatePoolRequestBody(pool=pool_option)))
    pool_id: str = check(pool, 201).pool.id
    listener_option = sdk.CreateListenerOption(
        loadbalancer_id=lb_id, protocol="TCP", protocol_port=8080, default_pool_id=pool_id
    )
    listener = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=listener_option))
    )
    listener_id: str = check(listener, 201).listener.id
    check(elb.show_listener(sdk.ShowListenerRequest(listener_id=listener_id)))
    check(elb.list_listeners(sdk.ListListenersRequest(loadbalancer_id=[lb_id])))
    rename = sdk.UpdateListenerRequestBody(listener=sdk.UpdateListenerOption(name="renamed"))
    renamed = elb.update_listener(sdk.UpdateListenerRequest(listener_id=listener_id, body=rename))
    assert check(renamed).listener.name == "renamed"
    check(elb.show_pool(sdk.ShowPoolRequest(pool_id=pool_id)))
    check(elb.list_pools(sdk.ListPoolsRequest(loadbalancer_id=[lb_id])))
    pool_update = sdk.UpdatePoolRequestBody(pool=sdk.UpdatePoolOption(name="renamed"))
    updated = elb.update_pool(sdk.UpdatePoolRequest(pool_id=pool_id, body=pool_update))
    assert check(updated).pool.name == "renamed"
    status = elb.show_load_balancer_status(sdk.ShowLoadBalancerStatusRequest(loadbalancer_id=lb_id))
    assert check(status).statuses.loadbalancer.id == lb_id
    return listener_id, pool_id


def walk_l7_policies(elb: RecordingClient, lb_id: str) -> None:
    """A forwarding policy and a rule on an HTTP listener, each operation once; the
    listener and pool are deleted again (the load balancer's plain delete needs that)."""
    pool_option = sdk.CreatePoolOption(
        loadbalancer_id=lb_id, protocol="HTTP", lb_algorithm="ROUND_ROBIN"
    )
    pool = elb.create_pool(sdk.CreatePoolRequest(body=sdk.CreatePoolRequestBody(pool=pool_option)))
    pool_id: str = check(pool, 201).pool.id
    listener_option = sdk.CreateListenerOption(
        loadbalancer_id=lb_id, protocol="HTTP", protocol_port=8090, enhance_l7policy_enable=True
    )
    listener = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=listener_option))
    )
    listener_id: str = check(listener, 201).listener.id
    option = sdk.CreateL7PolicyOption(
        action="REDIRECT_TO_POOL", listener_id=listener_id, redirect_pool_id=pool_id
    )
    created = elb.create_l7_policy(
        sdk.CreateL7PolicyRequest(body=sdk.CreateL7PolicyRequestBody(l7policy=option))
    )
    policy_id: str = check(created, 201).l7policy.id
    check(elb.show_l7_policy(sdk.ShowL7PolicyRequest(l7policy_id=policy_id)))
    check(elb.list_l7_policies(sdk.ListL7PoliciesRequest(listener_id=[listener_id])))
    update = sdk.UpdateL7PolicyRequestBody(l7policy=sdk.UpdateL7PolicyOption(name="renamed"))
    updated = elb.update_l7_policy(sdk.UpdateL7PolicyRequest(l7policy_id=policy_id, body=update))
    assert check(updated).l7policy.name == "renamed"
    priorities = sdk.BatchUpdatePoliciesPriorityRequestBody(
        l7policies=[sdk.BatchUpdatePriorityRequestBody(id=policy_id, priority=7)]
    )
    check(
        elb.batch_update_policies_priority(sdk.BatchUpdatePoliciesPriorityRequest(body=priorities)),
        202,
    )
    rule = sdk.CreateRuleOption(type="PATH", compare_type="STARTS_WITH", value="/api")
    rule_created = elb.create_l7_rule(
        sdk.CreateL7RuleRequest(l7policy_id=policy_id, body=sdk.CreateL7RuleRequestBody(rule=rule))
    )
    rule_id: str = check(rule_created, 201).rule.id
    check(elb.show_l7_rule(sdk.ShowL7RuleRequest(l7policy_id=policy_id, l7rule_id=rule_id)))
    check(elb.list_l7_rules(sdk.ListL7RulesRequest(l7policy_id=policy_id)))
    check(elb.list_all_l7_rules(sdk.ListAllL7RulesRequest(l7policy_id=[policy_id])))
    rule_update = sdk.UpdateL7RuleRequestBody(rule=sdk.UpdateL7RuleOption(value="/v2"))
    changed = elb.update_l7_rule(
        sdk.UpdateL7RuleRequest(l7policy_id=policy_id, l7rule_id=rule_id, body=rule_update)
    )
    assert check(changed).rule.value == "/v2"
    check(
        elb.delete_l7_rule(sdk.DeleteL7RuleRequest(l7policy_id=policy_id, l7rule_id=rule_id)), 204
    )
    check(elb.delete_l7_policy(sdk.DeleteL7PolicyRequest(l7policy_id=policy_id)), 204)
    check(elb.delete_listener(sdk.DeleteListenerRequest(listener_id=listener_id)), 204)
    check(elb.delete_pool(sdk.DeletePoolRequest(pool_id=pool_id)), 204)


def walk_health_monitor(elb: RecordingClient, pool_id: str) -> None:
    option = sdk.CreateHealthMonitorOption(
        pool_id=pool_id, type="TCP", delay=5, timeout=3, max_retries=3
    )
    created = elb.create_health_monitor(
        sdk.CreateHealthMonitorRequest(
            body=sdk.CreateHealthMonitorRequestBody(healthmonitor=option)
        )
    )
    monitor_id: str = check(created, 201).healthmonitor.id
    check(elb.show_health_monitor(sdk.ShowHealthMonitorRequest(healthmonitor_id=monitor_id)))
    check(elb.list_health_monitors(sdk.ListHealthMonitorsRequest(id=[monitor_id])))
    update = sdk.UpdateHealthMonitorRequestBody(
        healthmonitor=sdk.UpdateHealthMonitorOption(delay=10)
    )
    updated = elb.update_health_monitor(
        sdk.UpdateHealthMonitorRequest(healthmonitor_id=monitor_id, body=update)
    )
    assert check(updated).healthmonitor.delay == 10
    check(
        elb.delete_health_monitor(sdk.DeleteHealthMonitorRequest(healthmonitor_id=monitor_id)),
        204,
    )


def walk_members(elb: RecordingClient, pool_id: str, listener_id: str) -> None:
    one = sdk.CreateMemberOption(
        address="192.168.0.10", protocol_port=80, subnet_cidr_id=demo.SUBNET
    )
    created = elb.create_member(
        sdk.CreateMemberRequest(pool_id=pool_id, body=sdk.CreateMemberRequestBody(member=one))
    )
    member_id: str = check(created, 201).member.id
    batch = [
        sdk.BatchCreateMembersOption(
            address=f"192.168.0.{20 + index}", protocol_port=80, subnet_cidr_id=demo.SUBNET
        )
        for index in range(3)
    ]
    added = elb.batch_create_members(
        sdk.BatchCreateMembersRequest(
            pool_id=pool_id, body=sdk.BatchCreateMembersRequestBody(members=batch)
        )
    )
    batch_ids = [member.id for member in check(added, 201).members]
    check(elb.show_member(sdk.ShowMemberRequest(pool_id=pool_id, member_id=member_id)))
    listed = check(elb.list_members(sdk.ListMembersRequest(pool_id=pool_id)))
    assert len(listed.members) == 4
    check(elb.list_all_members(sdk.ListAllMembersRequest(pool_id=[pool_id])))
    weight = sdk.UpdateMemberRequestBody(member=sdk.UpdateMemberOption(weight=5))
    updated = elb.update_member(
        sdk.UpdateMemberRequest(pool_id=pool_id, member_id=member_id, body=weight)
    )
    assert check(updated).member.weight == 5
    option = sdk.CreateMemberHealthCheckJobOption(listener_id=listener_id, subject="all")
    job = elb.create_member_health_check_job(
        sdk.CreateMemberHealthCheckJobRequest(
            member_id=member_id, body=sdk.CreateMemberHealthCheckJobRequestBody(member_check=option)
        )
    )
    job_id = check(job, 201).member_check.job_id
    shown = elb.show_member_health_check_job(sdk.ShowMemberHealthCheckJobRequest(job_id=job_id))
    assert check(shown).member_check.status == "processed"
    reweigh = [sdk.BatchUpdateMembersOption(id=member_id, weight=7) for member_id in batch_ids]
    check(
        elb.batch_update_members(
            sdk.BatchUpdateMembersRequest(
                pool_id=pool_id, body=sdk.BatchUpdateMembersRequestBody(members=reweigh)
            )
        )
    )
    remove = [sdk.BatchDeleteMembersOption(id=batch_ids[0])]
    check(
        elb.batch_delete_members(
            sdk.BatchDeleteMembersRequest(
                pool_id=pool_id, body=sdk.BatchDeleteMembersRequestBody(members=remove)
            )
        )
    )
    check(elb.delete_member(sdk.DeleteMemberRequest(pool_id=pool_id, member_id=member_id)), 204)


def walk_ip_groups(elb: RecordingClient, lb_id: str) -> None:
    entry = sdk.CreateIpGroupIpOption(ip="10.0.0.0/24", description="office")
    body = sdk.CreateIpGroupRequestBody(ipgroup=sdk.CreateIpGroupOption(ip_list=[entry]))
    group_id: str = check(elb.create_ip_group(sdk.CreateIpGroupRequest(body=body)), 201).ipgroup.id
    check(elb.show_ip_group(sdk.ShowIpGroupRequest(ipgroup_id=group_id)))
    check(elb.list_ip_groups(sdk.ListIpGroupsRequest(id=[group_id])))
    rename = sdk.UpdateIpGroupRequestBody(ipgroup=sdk.UpdateIpGroupOption(name="renamed"))
    renamed = elb.update_ip_group(sdk.UpdateIpGroupRequest(ipgroup_id=group_id, body=rename))
    assert check(renamed).ipgroup.name == "renamed"
    added = sdk.UpdateIpListRequestBody(
        ipgroup=sdk.UpdateIpListOption(ip_list=[sdk.UpdateIpGroupIpOption(ip="10.1.0.1")])
    )
    grown = elb.update_ip_list(sdk.UpdateIpListRequest(ipgroup_id=group_id, body=added))
    assert len(check(grown).ipgroup.ip_list) == 2
    removed = sdk.BatchDeleteIpListRequestBody(
        ipgroup=sdk.BatchDeleteIpListOption(ip_list=[sdk.IpGroupIp(ip="10.1.0.1")])
    )
    shrunk = elb.batch_delete_ip_list(
        sdk.BatchDeleteIpListRequest(ipgroup_id=group_id, body=removed)
    )
    assert len(check(shrunk).ipgroup.ip_list) == 1
    option = sdk.CreateListenerOption(
        loadbalancer_id=lb_id,
        protocol="UDP",
        protocol_port=9003,
        ipgroup=sdk.CreateListenerIpGroupOption(ipgroup_id=group_id),
    )
    listener = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=option))
    )
    listener_id: str = check(listener, 201).listener.id
    related = elb.show_ip_group_related_listeners(
        sdk.ShowIpGroupRelatedListenersRequest(ipgroup_id=group_id)
    )
    assert [ref.id for ref in check(related).listeners] == [listener_id]
    check(elb.delete_listener(sdk.DeleteListenerRequest(listener_id=listener_id)), 204)
    check(elb.delete_ip_group(sdk.DeleteIpGroupRequest(ipgroup_id=group_id)), 204)


def walk_tags(elb: RecordingClient, lb_id: str, listener_id: str) -> None:
    tags = [sdk.ChangeResourceTagOption(key="env", value="test")]
    body = sdk.ChangeLoadbalancerTagsRequestBody(action="create", tags=tags)
    changed = elb.change_loadbalancer_tags(
        sdk.ChangeLoadbalancerTagsRequest(loadbalancer_id=lb_id, body=body)
    )
    check(changed, 204)
    shown = elb.show_loadbalancer_tags(sdk.ShowLoadbalancerTagsRequest(loadbalancer_id=lb_id))
    assert [(tag.key, tag.value) for tag in check(shown).tags] == [("env", "test")]
    listed = check(elb.list_loadbalancer_tags(sdk.ListLoadbalancerTagsRequest()))
    assert [(tag.key, tag.values) for tag in listed.tags] == [("env", ["test"])]
    on_listener = sdk.ChangeListenerTagsRequestBody(action="create", tags=tags)
    changed = elb.change_listener_tags(
        sdk.ChangeListenerTagsRequest(listener_id=listener_id, body=on_listener)
    )
    check(changed, 204)
    shown = elb.show_listener_tags(sdk.ShowListenerTagsRequest(listener_id=listener_id))
    assert [(tag.key, tag.value) for tag in check(shown).tags] == [("env", "test")]
    listed = check(elb.list_listener_tags(sdk.ListListenerTagsRequest()))
    assert [(tag.key, tag.values) for tag in listed.tags] == [("env", ["test"])]


def walk_logtank(elb: RecordingClient, lb_id: str) -> None:
    group, topic = "7733882e-f7fa-4fb0-a460-0605c48a2280", "5b9b8370-a1fc-4c59-a509-483a673c8a94"
    option = sdk.CreateLogtankOption(loadbalancer_id=lb_id, log_group_id=group, log_topic_id=topic)
    created = elb.create_logtank(
        sdk.CreateLogtankRequest(body=sdk.CreateLogtankRequestBody(option))
    )
    logtank_id: str = check(created, 201).logtank.id
    check(elb.show_logtank(sdk.ShowLogtankRequest(logtank_id=logtank_id)))
    listed = check(elb.list_logtanks(sdk.ListLogtanksRequest(loadbalancer_id=[lb_id])))
    assert [item.id for item in listed.logtanks] == [logtank_id]
    update = sdk.UpdateLogtankRequestBody(logtank=sdk.UpdateLogtankOption(log_topic_id=group))
    updated = elb.update_logtank(sdk.UpdateLogtankRequest(logtank_id=logtank_id, body=update))
    assert check(updated).logtank.log_topic_id == group
    check(elb.delete_logtank(sdk.DeleteLogtankRequest(logtank_id=logtank_id)), 204)


def walk_domain_ips(elb: RecordingClient, lb_id: str) -> None:
    system = sdk.SystemDefaultDnsConfigRequestBody(private_domain_name_enable=True)
    configured = elb.update_system_default_domain_config(
        sdk.UpdateSystemDefaultDomainConfigRequest(
            loadbalancer_id=lb_id, body=sdk.UpdateSystemDefaultDomainConfigRequestBody(system)
        )
    )
    assert check(configured).loadbalancer.private_domain_name_enable is True
    listed = check(elb.list_domain_i_ps(sdk.ListDomainIPsRequest(loadbalancer_id=lb_id)))
    address = listed.ips[0].ip_address
    ips = [sdk.DnsIp(ip_address=address)]
    disabled = elb.batch_disable_domain_i_ps(
        sdk.BatchDisableDomainIPsRequest(
            loadbalancer_id=lb_id, body=sdk.BatchDisableDomainIPsRequestBody(ips=ips)
        )
    )
    assert [ip.enable for ip in check(disabled).ips] == [False]
    enabled = elb.batch_enable_domain_i_ps(
        sdk.BatchEnableDomainIPsRequest(
            loadbalancer_id=lb_id, body=sdk.BatchEnableDomainIPsRequestBody(ips=ips)
        )
    )
    assert [ip.enable for ip in check(enabled).ips] == [True]
    user = sdk.UserDefinedDnsConfigRequestBody(
        public_domain_name_enable=False, private_domain_name_enable=False
    )
    turned_off = elb.update_user_defined_domain_config(
        sdk.UpdateUserDefinedDomainConfigRequest(
            loadbalancer_id=lb_id, body=sdk.UpdateUserDefinedDomainConfigRequestBody(user)
        )
    )
    assert check(turned_off).loadbalancer.private_domain_name is None


def walk_security_policies(elb: RecordingClient) -> None:
    system = check(elb.list_system_security_policies(sdk.ListSystemSecurityPoliciesRequest()))
    assert "tls-1-2" in [policy.name for policy in system.system_security_policies]
    option = sdk.CreateSecurityPolicyOption(
        protocols=["TLSv1.2", "TLSv1.3"], ciphers=["ECDHE-RSA-AES128-GCM-SHA256"]
    )
    created = elb.create_security_policy(
        sdk.CreateSecurityPolicyRequest(
            body=sdk.CreateSecurityPolicyRequestBody(security_policy=option)
        )
    )
    policy_id: str = check(created, 201).security_policy.id
    check(elb.show_security_policy(sdk.ShowSecurityPolicyRequest(security_policy_id=policy_id)))
    check(elb.list_security_policies(sdk.ListSecurityPoliciesRequest(id=[policy_id])))
    rename = sdk.UpdateSecurityPolicyRequestBody(
        security_policy=sdk.UpdateSecurityPolicyOption(name="renamed")
    )
    renamed = elb.update_security_policy(
        sdk.UpdateSecurityPolicyRequest(security_policy_id=policy_id, body=rename)
    )
    assert check(renamed).security_policy.name == "renamed"
    check(
        elb.delete_security_policy(sdk.DeleteSecurityPolicyRequest(security_policy_id=policy_id)),
        204,
    )


def walk_certificates(elb: RecordingClient, lb_id: str) -> None:
    made = server_certificate("every-op.example.com")
    option = sdk.CreateCertificateOption(
        certificate=made.certificate, private_key=made.private_key, domain="every-op.example.com"
    )
    created = elb.create_certificate(
        sdk.CreateCertificateRequest(body=sdk.CreateCertificateRequestBody(certificate=option))
    )
    certificate_id: str = check(created, 201).certificate.id
    shown = elb.show_certificate(sdk.ShowCertificateRequest(certificate_id=certificate_id))
    assert check(shown).certificate.common_name == "every-op.example.com"
    listed = check(elb.list_certificates(sdk.ListCertificatesRequest(id=[certificate_id])))
    assert [item.id for item in listed.certificates] == [certificate_id]
    rename = sdk.UpdateCertificateRequestBody(certificate=sdk.UpdateCertificateOption(name="n"))
    renamed = elb.update_certificate(
        sdk.UpdateCertificateRequest(certificate_id=certificate_id, body=rename)
    )
    assert check(renamed).certificate.name == "n"
    echo = sdk.CreateCertificatePrivateKeyEchoRequestBody(private_key_echo=False)
    switched = elb.create_certificate_private_key_echo(
        sdk.CreateCertificatePrivateKeyEchoRequest(body=echo)
    )
    assert check(switched, 201).private_key_echo is False
    request = sdk.ShowCertificatePrivateKeyEchoRequest()
    assert check(elb.show_certificate_private_key_echo(request)).private_key_echo is False
    # an HTTPS listener names it; the certificate is deleted once the listener is gone
    listener = sdk.CreateListenerOption(
        loadbalancer_id=lb_id,
        protocol="HTTPS",
        protocol_port=443,
        default_tls_container_ref=certificate_id,
    )
    https = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=listener))
    )
    https_id: str = check(https, 201).listener.id
    check(elb.delete_listener(sdk.DeleteListenerRequest(listener_id=https_id)), 204)
    delete = sdk.DeleteCertificateRequest(certificate_id=certificate_id)
    check(elb.delete_certificate(delete), 204)
    batch = sdk.BatchDeleteCertificatesRequestBody(certificates=[certificate_id])
    deleted = check(elb.batch_delete_certificates(sdk.BatchDeleteCertificatesRequest(body=batch)))
    assert deleted.certificates[0].ret_status == "not found"


def walk_account(elb: RecordingClient, lb_id: str) -> None:
    flavors = check(elb.list_flavors(sdk.ListFlavorsRequest()))
    check(elb.show_flavor(sdk.ShowFlavorRequest(flavor_id=flavors.flavors[0].id)))
    check(elb.list_availability_zones(sdk.ListAvailabilityZonesRequest()))
    check(elb.show_quota(sdk.ShowQuotaRequest()))
    check(elb.list_quota_details(sdk.ListQuotaDetailsRequest()))
    versions = check(elb.list_api_versions(sdk.ListApiVersionsRequest()))
    assert versions.versions[0].id == "v3"


SHARED_LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c9e"


def walk_master_slave_pools(elb: RecordingClient, lb_id: str) -> None:
    members = [
        sdk.CreateMasterSlaveMemberOption(
            address=f"192.168.0.{20 + index}",
            protocol_port=80,
            subnet_cidr_id=demo.SUBNET,
            role=role,
        )
        for index, role in enumerate(("master", "slave"))
    ]
    option = sdk.CreateMasterSlavePoolOption(
        loadbalancer_id=lb_id,
        protocol="TCP",
        lb_algorithm="ROUND_ROBIN",
        members=members,
        healthmonitor=sdk.CreateMasterSlaveHealthMonitorOption(
            type="TCP", delay=5, timeout=3, max_retries=3
        ),
    )
    body = sdk.CreateMasterSlavePoolRequestBody(pool=option)
    created = elb.create_master_slave_pool(sdk.CreateMasterSlavePoolRequest(body=body))
    pool_id: str = check(created, 201).pool.id
    shown = elb.show_master_slave_pool(sdk.ShowMasterSlavePoolRequest(pool_id=pool_id))
    assert [member.role for member in check(shown).pool.members] == ["master", "slave"]
    listed = elb.list_master_slave_pools(sdk.ListMasterSlavePoolsRequest(loadbalancer_id=[lb_id]))
    assert [pool.id for pool in check(listed).pools] == [pool_id]
    deleted = elb.delete_master_slave_pool(sdk.DeleteMasterSlavePoolRequest(pool_id=pool_id))
    check(deleted, 204)


def walk_load_balancer_views(elb: RecordingClient, lb_id: str) -> None:
    ports = elb.show_load_balancer_ports(sdk.ShowLoadBalancerPortsRequest(loadbalancer_id=lb_id))
    assert check(ports).ports
    topology = elb.show_load_balancer_topology(
        sdk.ShowLoadBalancerTopologyRequest(loadbalancer_id=lb_id)
    )
    assert check(topology).topology.nodes.loadbalancers[0].id == lb_id
    features = elb.list_loadbalancer_feature(
        sdk.ListLoadbalancerFeatureRequest(loadbalancer_id=lb_id)
    )
    assert check(features).features
    configs = check(elb.list_feature_configs(sdk.ListFeatureConfigsRequest()))
    assert configs.page_info.current_count == len(configs.configs)


def walk_load_balancer_actions(elb: RecordingClient, mockelb: Any, lb_id: str) -> None:
    """AZs added and removed, reserved IPs counted, a prepaid order, and the upgrade of a
    shared load balancer (seed data alone makes one)."""
    add = sdk.BatchAddAvailableZonesRequestBody(availability_zone_list=[demo.AZ_2])
    added = elb.batch_add_available_zones(
        sdk.BatchAddAvailableZonesRequest(loadbalancer_id=lb_id, body=add)
    )
    assert check(added).loadbalancer.availability_zone_list == [demo.AZ_1, demo.AZ_2]
    remove = sdk.BatchRemoveAvailableZonesRequestBody(availability_zone_list=[demo.AZ_2])
    removed = elb.batch_remove_available_zones(
        sdk.BatchRemoveAvailableZonesRequest(loadbalancer_id=lb_id, body=remove)
    )
    assert check(removed).loadbalancer.availability_zone_list == [demo.AZ_1]
    counted = elb.count_preoccupy_ip_num(
        sdk.CountPreoccupyIpNumRequest(availability_zone_id=[demo.AZ_1])
    )
    assert check(counted).preoccupy_ip.total == 2
    order = sdk.ChangeLoadbalancerChargeModeRequestBody(
        loadbalancer_ids=[lb_id],
        charge_mode="prepaid",
        prepaid_options=sdk.PrepaidChangeChargeModeOption(period_type="month"),
    )
    ordered = elb.change_loadbalancer_charge_mode(
        sdk.ChangeLoadbalancerChargeModeRequest(body=order)
    )
    assert check(ordered).loadbalancer_id_list == [lb_id]
    shared = {"id": SHARED_LB, "guaranteed": False, "vpc_id": demo.VPC}
    mockelb.load_state(
        {
            "project_id": demo.PROJECT,
            "loadbalancers": [{**shared, "availability_zone_list": [demo.AZ_1]}],
        }
    )
    start = sdk.UpgradeV3RequestBody(
        action="start", availability_zone_list=[demo.AZ_1], l4_flavor_id=demo.L4_FLAVOR
    )
    upgraded = elb.upgrade_loadbalancer(
        sdk.UpgradeLoadbalancerRequest(loadbalancer_id=SHARED_LB, body=start)
    )
    assert check(upgraded, 202).job_id


def walk_copies_and_jobs(elb: RecordingClient) -> None:
    """A batch create, a copy of the demo load balancer and one of its listener (onto the
    batch's load balancer), and the jobs they recorded."""
    option = sdk.BatchCreateLoadBalancerOption(
        name="batch", availability_zone_list=[demo.AZ_1], vip_subnet_cidr_id=demo.SUBNET
    )
    body = sdk.BatchCreateLoadBalancersRequestBody(loadbalancer=option)
    batch = check(
        elb.batch_create_load_balancers(sdk.BatchCreateLoadBalancersRequest(body=body)), 202
    )
    target = sdk.TargetLoadbalancerParam(name="copy")
    copied = elb.clone_loadbalancer(
        sdk.CloneLoadbalancerRequest(
            loadbalancer_id=demo.LB,
            body=sdk.CloneLoadbalancerRequestBody(target_loadbalancer_param=target),
        )
    )
    assert len(check(copied, 202).loadbalancer_list) == 1
    params = [sdk.CloneListenerOption(loadbalancer_id=batch.loadbalancer_ids[0])]
    listener = elb.clone_listener(
        sdk.CloneListenerRequest(
            listener_id=demo.LISTENER,
            body=sdk.CloneListenerRequestBody(target_listener_params=params),
        )
    )
    job_id = check(listener, 202).job_id
    listed = check(elb.list_jobs(sdk.ListJobsRequest(job_type="cloneListener")))
    assert [job.job_id for job in listed.jobs] == [job_id]
    assert check(elb.show_job(sdk.ShowJobRequest(job_id=job_id))).job.status == "COMPLETE"


def tear_down(elb: RecordingClient, lb_id: str, listener_id: str, pool_id: str) -> None:
    """Each delete operation once: listeners (force, plain, batch), pools (cascade, plain,
    batch), the load balancer (plain, then another one in cascade)."""
    check(elb.delete_listener_force(sdk.DeleteListenerForceRequest(listener_id=listener_id)), 204)
    check(elb.delete_pool_cascade(sdk.DeletePoolCascadeRequest(pool_id=pool_id)), 204)
    spare = create_listener(elb, lb_id, 9001)
    check(elb.delete_listener(sdk.DeleteListenerRequest(listener_id=spare)), 204)
    listeners = sdk.BatchDeleteListenersRequestBody(
        listener_ids=[create_listener(elb, lb_id, 9002)]
    )
    check(elb.batch_delete_listeners(sdk.BatchDeleteListenersRequest(body=listeners)), 202)
    pools = sdk.BatchDeletePoolsRequestBody(pools=[create_pool(elb, lb_id)])
    check(elb.batch_delete_pools(sdk.BatchDeletePoolsRequest(body=pools)))
    check(elb.delete_pool(sdk.DeletePoolRequest(pool_id=create_pool(elb, lb_id))), 204)
    check(elb.delete_load_balancer(sdk.DeleteLoadBalancerRequest(loadbalancer_id=lb_id)), 204)
    cascade = sdk.DeleteLoadBalancerCascadeRequest(loadbalancer_id=walk_load_balancer(elb))
    check(elb.delete_load_balancer_cascade(cascade), 204)


def walk_recycle_bin(elb: RecordingClient) -> None:
    """The forced and batch deletes, then the recycle bin: switched on, its policy, a load
    balancer deleted into it, restored, deleted into it again and deleted from it."""
    force = sdk.DeleteLoadBalancerForceRequest(loadbalancer_id=walk_load_balancer(elb))
    check(elb.delete_load_balancer_force(force), 204)
    batch = sdk.BatchDeleteLoadbalancersRequestBody(loadbalancer_ids=[walk_load_balancer(elb)])
    check(elb.batch_delete_loadbalancers(sdk.BatchDeleteLoadbalancersRequest(body=batch)), 202)
    enable = sdk.UpdateRecycleBinEnableRequestBody(
        recycle_bin=sdk.RecycleBinRequestBody(enable=True)
    )
    check(elb.update_recycle_bin_enable(sdk.UpdateRecycleBinEnableRequest(body=enable)))
    policy = sdk.UpdateRecycleBinPolicyRequestBody(
        recycle_bin=sdk.RecycleBinPolicyRequestBody(policy=sdk.RecycleBinPolicy(retention_hour=1))
    )
    check(elb.update_recycle_bin_policy(sdk.UpdateRecycleBinPolicyRequest(body=policy)))
    assert check(elb.show_recycle_bin(sdk.ShowRecycleBinRequest())).recycle_bin.enable
    lb_id = walk_load_balancer(elb)
    check(elb.delete_load_balancer(sdk.DeleteLoadBalancerRequest(loadbalancer_id=lb_id)), 204)
    listed = check(elb.list_recycle_bin_load_balancers(sdk.ListRecycleBinLoadBalancersRequest()))
    assert [lb.id for lb in listed.loadbalancers] == [lb_id]
    check(elb.restore_loadbalancer(sdk.RestoreLoadbalancerRequest(loadbalancer_id=lb_id)))
    check(elb.delete_load_balancer(sdk.DeleteLoadBalancerRequest(loadbalancer_id=lb_id)), 204)
    delete = sdk.DeleteRecycleLoadBalancerRequest(loadbalancer_id=lb_id)
    check(elb.delete_recycle_load_balancer(delete), 204)


def create_listener(elb: RecordingClient, lb_id: str, port: int) -> str:
    option = sdk.CreateListenerOption(loadbalancer_id=lb_id, protocol="UDP", protocol_port=port)
    response = elb.create_listener(
        sdk.CreateListenerRequest(body=sdk.CreateListenerRequestBody(listener=option))
    )
    listener_id: str = check(response, 201).listener.id
    return listener_id


def create_pool(elb: RecordingClient, lb_id: str) -> str:
    option = sdk.CreatePoolOption(loadbalancer_id=lb_id, protocol="UDP", lb_algorithm="ROUND_ROBIN")
    response = elb.create_pool(sdk.CreatePoolRequest(body=sdk.CreatePoolRequestBody(pool=option)))
    pool_id: str = check(response, 201).pool.id
    return pool_id
