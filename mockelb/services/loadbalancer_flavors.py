"""What a load balancer's flavors decide: the default flavors a new one gets, the listener
protocols it takes, and the flavor changes an update may make.

A load balancer balances at layer 4 with an L4 flavor (l4_flavor_id) and at layer 7 with an
L7 flavor (l7_flavor_id). "For load balancing at Layer 4, the protocol can only be TCP or
UDP; at Layer 7 only HTTP or HTTPS" (AddListener); the SDK's CreateListenerOption.protocol
adds TLS (layer 4, a network load balancer's encrypted TCP) and QUIC (layer 7, HTTP/3), and
keeps IP for gateway load balancers. A gateway load balancer (loadbalancer_type "gateway")
has a gwlb flavor instead and takes IP listeners only: the cloud's gateway load balancers
"listen on IP only, on port 0" (Huawei GWLB constraints). The SDK's create option cannot
ask for one, so gateway load balancers come from seed data alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from mockelb.errors import InvalidInput
from mockelb.models import Flavor, Listener, LoadBalancer
from mockelb.schemas.loadbalancers import CreateLoadBalancerOption, UpdateLoadBalancerOption
from mockelb.services.flavors import show_flavor

LAYER4_PROTOCOLS = frozenset({"TCP", "UDP", "TLS"})
LAYER7_PROTOCOLS = frozenset({"HTTP", "HTTPS", "QUIC"})
GATEWAY_PROTOCOLS = frozenset({"IP"})
GATEWAY = "gateway"
# The flavor types of each layer: fixed (billed by flavor) and elastic (billed by LCU); a
# flavor marked default serves its layer
LAYER_TYPES = {
    "l4_flavor_id": ("L4", "L4_elastic_max"),
    "l7_flavor_id": ("L7", "L7_elastic_max"),
}
GATEWAY_FLAVOR_TYPES = ("gwlb", "gwlb_elastic_max")
_LAYER_NAMES = {"l4_flavor_id": "layer-4", "l7_flavor_id": "layer-7"}


@dataclass(frozen=True, slots=True)
class Gateway:
    """A seed's request for a gateway load balancer, with its gwlb flavor if it names one."""

    gw_flavor_id: str | None = None


@dataclass(frozen=True, slots=True)
class LoadBalancerFlavors:
    """The flavor columns of a new load balancer."""

    l4_flavor_id: str | None
    l7_flavor_id: str | None
    loadbalancer_type: str | None = None
    gw_flavor_id: str | None = None

    def apply(self, lb: LoadBalancer) -> None:
        lb.l4_flavor_id = self.l4_flavor_id
        lb.l7_flavor_id = self.l7_flavor_id
        lb.loadbalancer_type = self.loadbalancer_type
        lb.gw_flavor_id = self.gw_flavor_id


# --- create -------------------------------------------------------------------------------


def new_load_balancer_flavors(
    session: Session,
    *,
    project_id: str,
    option: CreateLoadBalancerOption,
    gateway: Gateway | None,
) -> LoadBalancerFlavors:
    """The flavors of a new load balancer: those the option names, else the region's defaults.

    "When neither l4_flavor_id nor l7_flavor_id is passed, the default flavor is used"
    (CreateLoadBalancerOption). The defaults are the flavors seed data marks `default`; a
    region without one for a layer leaves that flavor null, and a load balancer with no
    flavor at all takes every listener protocol but IP (see check_listener_protocol).
    """
    if gateway is not None:
        return _gateway_flavors(session, project_id, option, gateway)
    if option.l4_flavor_id is not None or option.l7_flavor_id is not None:
        return LoadBalancerFlavors(option.l4_flavor_id, option.l7_flavor_id)
    return LoadBalancerFlavors(
        default_flavor_id(session, project_id, "l4_flavor_id"),
        default_flavor_id(session, project_id, "l7_flavor_id"),
    )


def default_flavor_id(session: Session, project_id: str, field: str) -> str | None:
    """The default flavor of the field's layer that the project sees: its own private
    default before the public one (ties: the lowest id)."""
    return session.scalar(
        select(Flavor.id)
        .where(
            Flavor.default.is_(True),
            Flavor.type.in_(LAYER_TYPES[field]),
            or_(Flavor.project_id.is_(None), Flavor.project_id == project_id),
        )
        .order_by(Flavor.project_id.is_(None), Flavor.id)
        .limit(1)
    )


def clear_other_defaults(
    session: Session, *, flavor_id: str, flavor_type: str, project_id: str | None
) -> None:
    """A flavor becomes the default of its layer: the one that was (same visibility) no
    longer is, so the seed declared last wins."""
    for types in LAYER_TYPES.values():
        if flavor_type in types:
            scope = (
                Flavor.project_id.is_(None)
                if project_id is None
                else Flavor.project_id == project_id
            )
            session.execute(
                update(Flavor)
                .where(Flavor.type.in_(types), scope, Flavor.id != flavor_id)
                .values(default=False),
                execution_options={"synchronize_session": "fetch"},
            )


def _gateway_flavors(
    session: Session, project_id: str, option: CreateLoadBalancerOption, gateway: Gateway
) -> LoadBalancerFlavors:
    # "网关型LB不支持指定l4_flavor_id / l7_flavor_id" and "网关型LB不支持该特性"
    # (ip_target_enable): CreateLoadBalancerOption
    for field in ("l4_flavor_id", "l7_flavor_id"):
        if getattr(option, field) is not None:
            raise InvalidInput(field=field, reason="gateway load balancers do not take it.")
    if option.ip_target_enable:
        raise InvalidInput(
            field="ip_target_enable", reason="gateway load balancers do not support it."
        )
    if gateway.gw_flavor_id is not None:
        flavor = show_flavor(session, project_id=project_id, flavor_id=gateway.gw_flavor_id)
        if flavor.type not in GATEWAY_FLAVOR_TYPES:
            raise InvalidInput(
                field="gw_flavor_id",
                reason=f"flavor {flavor.id} is of type {flavor.type}, not "
                f"{' or '.join(GATEWAY_FLAVOR_TYPES)}.",
            )
    return LoadBalancerFlavors(None, None, GATEWAY, gateway.gw_flavor_id)


# --- listeners ----------------------------------------------------------------------------


def check_listener_protocol(lb: LoadBalancer, protocol: str) -> None:
    """The load balancer takes listeners of this protocol (400 ELB.8902 if not)."""
    reason = _protocol_refusal(lb.loadbalancer_type, lb.l4_flavor_id, lb.l7_flavor_id, protocol)
    if reason is not None:
        raise InvalidInput(field="protocol", reason=reason)


def _protocol_refusal(
    loadbalancer_type: str | None, l4_flavor_id: str | None, l7_flavor_id: str | None, protocol: str
) -> str | None:
    """Why a load balancer of this type and these flavors refuses the protocol, or None."""
    if loadbalancer_type == GATEWAY:
        if protocol in GATEWAY_PROTOCOLS:
            return None
        return f"gateway load balancers take IP listeners only, not {protocol}."
    if protocol in GATEWAY_PROTOCOLS:
        return "IP listeners belong to gateway load balancers only."
    if l4_flavor_id is None and l7_flavor_id is None:
        # no flavor at all (a region without default flavors): as if it had both
        return None
    if protocol in LAYER4_PROTOCOLS and l4_flavor_id is None:
        return f"{protocol} listeners need a load balancer with a layer-4 flavor (l4_flavor_id)."
    if protocol in LAYER7_PROTOCOLS and l7_flavor_id is None:
        return f"{protocol} listeners need a load balancer with a layer-7 flavor (l7_flavor_id)."
    return None


# --- update -------------------------------------------------------------------------------


def check_flavor_update(
    session: Session,
    *,
    lb: LoadBalancer,
    option: UpdateLoadBalancerOption,
    flavors: dict[str, str | None],
) -> None:
    """The flavors after an update (`flavors`: the l4/l7 values it sets, null removing one)
    still serve every listener of the load balancer.

    A flavor its listeners need cannot be removed, nor one added that would leave the other
    layer's listeners without a flavor (a load balancer with no flavor takes every
    protocol; one with a flavor only its layer's). The last flavor cannot be removed: a
    load balancer without one would stand for "no default in the region", not for a choice.
    """
    if lb.loadbalancer_type == GATEWAY:
        _check_gateway_update(option)
        return
    after = {field: flavors.get(field, getattr(lb, field)) for field in LAYER_TYPES}
    if after == {field: getattr(lb, field) for field in LAYER_TYPES}:
        return
    for listener_id, protocol in session.execute(
        select(Listener.id, Listener.protocol)
        .where(Listener.loadbalancer_id == lb.id)
        .order_by(Listener.id)
    ):
        if _protocol_refusal(None, after["l4_flavor_id"], after["l7_flavor_id"], protocol):
            field = "l4_flavor_id" if protocol in LAYER4_PROTOCOLS else "l7_flavor_id"
            raise InvalidInput(
                field=field,
                reason=f"listener {listener_id} ({protocol}) needs a {_LAYER_NAMES[field]} "
                "flavor; delete it first or keep the flavor.",
            )
    if all(value is None for value in after.values()):
        raise InvalidInput(
            field="l4_flavor_id" if "l4_flavor_id" in flavors else "l7_flavor_id",
            reason="a load balancer keeps at least one of l4_flavor_id and l7_flavor_id.",
        )


def _check_gateway_update(option: UpdateLoadBalancerOption) -> None:
    # UpdateLoadBalancerOption: gateway load balancers take neither flavor field nor
    # ip_target_enable
    for field in ("l4_flavor_id", "l7_flavor_id"):
        if getattr(option, field) is not None:
            raise InvalidInput(field=field, reason="gateway load balancers do not take it.")
    if option.ip_target_enable:
        raise InvalidInput(
            field="ip_target_enable", reason="gateway load balancers do not support it."
        )


__all__ = [
    "GATEWAY",
    "LAYER4_PROTOCOLS",
    "LAYER7_PROTOCOLS",
    "Gateway",
    "LoadBalancerFlavors",
    "check_flavor_update",
    "check_listener_protocol",
    "clear_other_defaults",
    "default_flavor_id",
    "new_load_balancer_flavors",
]
