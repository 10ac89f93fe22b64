"""Example client: drives mockelb with the official Huawei Cloud ELB SDK.

Creates a load balancer, a pool on it, batch-adds two members, batch-adds the same two
again (they come back with ret_status "existed" and the same ids), and lists the pool's
members. Prints each step; exits 0 on success and 1 with a message on the first failure.

    MOCKELB_URL   default http://mockelb:9080 (the compose service)
    PROJECT_ID    default the demo project 04dd36f964000fe22f9ac00bc85b1a1d
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from typing import Any

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import SdkException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkelb.v3 import (
    BatchCreateMembersOption,
    BatchCreateMembersRequest,
    BatchCreateMembersRequestBody,
    CreateLoadBalancerOption,
    CreateLoadBalancerRequest,
    CreateLoadBalancerRequestBody,
    CreatePoolOption,
    CreatePoolRequest,
    CreatePoolRequestBody,
    ElbClient,
    ListMembersRequest,
)

URL = os.environ.get("MOCKELB_URL", "http://mockelb:9080").rstrip("/")
PROJECT_ID = os.environ.get("PROJECT_ID", "04dd36f964000fe22f9ac00bc85b1a1d")
# demo data (mockelb/demo.yaml): demo-vpc and its subnet 192.168.0.0/24, AZ cn-north-4a,
# flavor L4_flavor.elb.s1.small
VPC_ID = "3b8c3f4e-6c1a-4f0e-9a52-0d7e2b1c4a10"
SUBNET_ID = "61da8098-954b-4809-bc5a-b99ccef8a398"
AZ = "cn-north-4a"
L4_FLAVOR_ID = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01"


class Failed(Exception):
    pass


def step(message: str) -> None:
    print(f"[example-client] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def wait_for_server(timeout: float = 30.0) -> None:
    """mockelb is up when /_mockelb/health answers (compose also waits on its healthcheck)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{URL}/_mockelb/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise Failed(f"{URL} did not answer within {timeout:.0f} s: {exc}") from exc
        time.sleep(0.5)


def make_client() -> ElbClient:
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    config.retry_times = 0
    return (
        ElbClient.new_builder()
        .with_http_config(config)
        # always give the project id: without it the SDK first asks IAM for one
        .with_credentials(BasicCredentials("example-ak", "example-sk", PROJECT_ID))
        .with_endpoints([URL])
        .build()
    )


def batch_add(elb: ElbClient, pool_id: str, addresses: list[str]) -> list[Any]:
    members = [
        BatchCreateMembersOption(
            name=f"example-{address}",
            address=address,
            protocol_port=8080,
            subnet_cidr_id=SUBNET_ID,
            weight=1,
        )
        for address in addresses
    ]
    response = elb.batch_create_members(
        BatchCreateMembersRequest(
            pool_id=pool_id, body=BatchCreateMembersRequestBody(members=members)
        )
    )
    check(response.status_code == 201, f"batch-add answered {response.status_code}, not 201")
    check(len(response.members) == len(addresses), f"batch-add returned {response.members}")
    return list(response.members)


def run() -> None:
    step(f"waiting for {URL}")
    wait_for_server()
    elb = make_client()

    response = elb.create_load_balancer(
        CreateLoadBalancerRequest(
            body=CreateLoadBalancerRequestBody(
                loadbalancer=CreateLoadBalancerOption(
                    name="example-elb",
                    vpc_id=VPC_ID,
                    vip_subnet_cidr_id=SUBNET_ID,
                    availability_zone_list=[AZ],
                    l4_flavor_id=L4_FLAVOR_ID,
                )
            )
        )
    )
    check(response.status_code == 201, f"create_load_balancer answered {response.status_code}")
    lb = response.loadbalancer
    step(f"created load balancer {lb.id} (VIP {lb.vip_address}, {lb.provisioning_status})")

    response = elb.create_pool(
        CreatePoolRequest(
            body=CreatePoolRequestBody(
                pool=CreatePoolOption(
                    name="example-pool",
                    loadbalancer_id=lb.id,
                    protocol="TCP",
                    lb_algorithm="ROUND_ROBIN",
                )
            )
        )
    )
    check(response.status_code == 201, f"create_pool answered {response.status_code}")
    pool = response.pool
    step(f"created pool {pool.id} on {lb.id}")

    # two addresses of the subnet that are not the new load balancer's VIP
    addresses = [
        a for a in ("192.168.0.48", "192.168.0.49", "192.168.0.50") if a != lb.vip_address
    ][:2]
    first = batch_add(elb, pool.id, addresses)
    statuses = [member.ret_status for member in first]
    check(statuses == ["successful", "successful"], f"first batch-add ret_status {statuses}")
    step("batch-added " + ", ".join(f"{m.address}:{m.protocol_port} -> {m.id}" for m in first))

    again = batch_add(elb, pool.id, addresses)
    statuses = [member.ret_status for member in again]
    check(statuses == ["existed", "existed"], f"second batch-add ret_status {statuses}")
    check(
        [m.id for m in again] == [m.id for m in first],
        f"second batch-add ids {[m.id for m in again]} != {[m.id for m in first]}",
    )
    step("batch-added the same again: ret_status existed, same ids")

    response = elb.list_members(ListMembersRequest(pool_id=pool.id))
    check(response.status_code == 200, f"list_members answered {response.status_code}")
    listed = sorted(member.id for member in response.members)
    check(
        listed == sorted(m.id for m in first),
        f"list_members returned {listed}, expected the 2 members {sorted(m.id for m in first)}",
    )
    step(f"list_members: {len(listed)} members in pool {pool.id}")


def main() -> int:
    try:
        run()
    except Failed as exc:
        print(f"[example-client] FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    except SdkException as exc:
        print(f"[example-client] FAILED: the SDK raised {exc!r}", file=sys.stderr, flush=True)
        return 1
    step("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
