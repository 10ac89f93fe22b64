"""Load balancers as the API shows them."""

from __future__ import annotations

from typing import Any

from mockelb.models import LoadBalancer


def load_balancer_view(
    lb: LoadBalancer, listener_ids: list[str], pool_ids: list[str]
) -> dict[str, Any]:
    """The LoadBalancer object of show, list and create responses."""
    return {
        "id": lb.id,
        "name": lb.name,
        "description": lb.description,
        "project_id": lb.project_id,
        "provisioning_status": lb.provisioning_status,
        "operating_status": lb.operating_status,
        "admin_state_up": lb.admin_state_up,
        "provider": lb.provider,
        "pools": [{"id": pool_id} for pool_id in pool_ids],
        "listeners": [{"id": listener_id} for listener_id in listener_ids],
        "vip_subnet_cidr_id": lb.vip_subnet_cidr_id,
        "vip_address": lb.vip_address,
        "vip_port_id": lb.vip_port_id,
        "ipv6_vip_virsubnet_id": lb.ipv6_vip_virsubnet_id,
        "ipv6_vip_address": lb.ipv6_vip_address,
        "ipv6_vip_port_id": lb.ipv6_vip_port_id,
        "tags": lb.tags,
        "created_at": lb.created_at,
        "updated_at": lb.updated_at,
        "guaranteed": lb.guaranteed,
        "vpc_id": lb.vpc_id,
        "eips": [],
        "publicips": [],
        "global_eips": [],
        "availability_zone_list": lb.availability_zone_list,
        "enterprise_project_id": lb.enterprise_project_id,
        "billing_info": None,
        "l4_flavor_id": lb.l4_flavor_id,
        "l4_scale_flavor_id": None,
        "l7_flavor_id": lb.l7_flavor_id,
        "l7_scale_flavor_id": None,
        "elb_virsubnet_ids": lb.elb_virsubnet_ids,
        "elb_virsubnet_type": lb.elb_virsubnet_type,
        "ip_target_enable": lb.ip_target_enable,
        "frozen_scene": None,
        "deletion_protection_enable": lb.deletion_protection_enable,
        "public_border_group": lb.public_border_group,
        "charge_mode": "flavor",
        # mockelb does not scale (create/update refuse enable=true): always off
        "autoscaling": {"enable": False, "min_l7_flavor_id": ""},
        # the documented default; it acts only on a load balancer bound to WAF
        "waf_failure_action": lb.waf_failure_action,
        "protection_status": lb.protection_status,
        "protection_reason": lb.protection_reason,
        "log_group_id": "",
        "log_topic_id": "",
    }
