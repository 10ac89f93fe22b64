"""Ids of the demo data (mockelb/demo.yaml), as docs/demo-data.md lists them."""

PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d"
VPC = "3b8c3f4e-6c1a-4f0e-9a52-0d7e2b1c4a10"
OTHER_VPC = "7e2d9a61-52b4-4c8e-8f3a-6b1c0d2e3f20"

SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398"  # 192.168.0.0/24 (neutron_subnet_id)
SUBNET_VPC_ID = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a01"  # its VPC-API id / network id
SUBNET_2 = "2c0a6b3e-8f4d-4e1a-9b7c-5d6e7f8a9b02"  # 192.168.1.0/24
DUALSTACK_SUBNET = "2c0a6b3e-8f4d-4e1a-9b7c-5d6e7f8a9b03"  # 192.168.2.0/24
DUALSTACK_NETWORK = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a03"  # 2001:db8:a583:2::/64
OTHER_VPC_SUBNET = "2c0a6b3e-8f4d-4e1a-9b7c-5d6e7f8a9b04"  # 172.16.0.0/24

ECS_1 = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b01"  # 192.168.0.10, cn-north-4a
ECS_1_PORT = "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c01"
ECS_2 = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b02"  # 192.168.2.10 / 2001:db8:a583:2::10

LB = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"  # ip_target_enable false
LB_IP_TARGETS = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02"  # ip_target_enable true, dual-stack
LISTENER = "0b11747a-b139-492f-9692-2df0b1c87101"  # TCP:80 on LB, default pool POOL
LISTENER_2 = "0b11747a-b139-492f-9692-2df0b1c87102"  # TCP:80 on LB_IP_TARGETS, POOL_DUALSTACK
IPGROUP = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e01"  # 192.168.0.0/24, a v4 range, a v6 block

CERTIFICATE = "233a325e5e3e4ce8beeb320aa714cc12"  # server, the reference's example
CA_CERTIFICATE = "7875ccb4c6b44cdb90ab2ab89892ab71"  # client (CA), the same certificate

POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35"  # TCP on LB, the reference example's pool
POOL_DUALSTACK = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b02"  # TCP dualstack on LB_IP_TARGETS
POOL_AZ_AFFINITY = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b03"  # UDP, AZ affinity on
POOL_ANY_PORT = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b04"  # TCP, any_port_enable
POOL_IP_PROTOCOL = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b05"  # protocol IP
POOL_HTTP = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b06"  # HTTP on LB_IP_TARGETS
POOL_STANDALONE = "8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b07"  # on no load balancer

L4_FLAVOR = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01"  # L4_flavor.elb.s1.small
L4_FLAVOR_2 = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02"
L7_FLAVOR = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c11"  # L7_flavor.elb.s1.small
L7_FLAVOR_2 = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c12"
L7_FLAVOR_SOLD_OUT = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c13"

AZ_1, AZ_2, AZ_3 = "cn-north-4a", "cn-north-4b", "cn-north-4c"
ALL_POOLS = (
    POOL,
    POOL_DUALSTACK,
    POOL_AZ_AFFINITY,
    POOL_ANY_PORT,
    POOL_IP_PROTOCOL,
    POOL_HTTP,
    POOL_STANDALONE,
)

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"  # well-formed, names nothing
