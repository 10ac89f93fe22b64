"""Resources built through the API itself (in-process app_client), for tests that need them."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests import demo

ELB = f"/v3/{demo.PROJECT}/elb"


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
