"""TLS security policies: the system ones, and custom ones (create, show, list, update,
delete); and the rule that a listener's security_policy_id names a custom policy.

A custom policy's listeners are those whose security_policy_id names it, read from the
listeners when it is shown; one still in use cannot be deleted. The system policies are
fixed data (domain/security_policies.py), the same for every project.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mockelb.domain.security_policies import (
    CIPHER_PROTOCOLS,
    CIPHER_SEPARATOR,
    PROTOCOL_SEPARATOR,
    SYSTEM_SECURITY_POLICIES,
    SystemSecurityPolicy,
)
from mockelb.errors import Conflict, InvalidInput
from mockelb.ids import new_id, utc_now
from mockelb.models import Listener, SecurityPolicy
from mockelb.schemas.security_policies import (
    CreateSecurityPolicyOption,
    UpdateSecurityPolicyOption,
)
from mockelb.services import listener_rules, quotas
from mockelb.services.listing import ListQuery, ListSpec, list_page
from mockelb.services.lookup import get_in_project
from mockelb.services.paging import Page

# every query filter of the SDK's ListSecurityPoliciesRequest. protocols and ciphers take a
# policy's protocols space-separated and its ciphers colon-separated, as the reference
# describes them ("TLSv1.2 TLSv1.3"), and match them whole, in the policy's order
SECURITY_POLICY_LIST = ListSpec(
    SecurityPolicy, keys=frozenset({"id", "name", "description", "protocols", "ciphers"})
)


def list_system_security_policies() -> Sequence[SystemSecurityPolicy]:
    """The region's system policies, the same for every project (not paged, no filters)."""
    return SYSTEM_SECURITY_POLICIES


def show_security_policy(
    session: Session, *, project_id: str, security_policy_id: str
) -> SecurityPolicy:
    """Return the custom policy, or raise NotFound."""
    return get_in_project(
        session,
        SecurityPolicy,
        kind="security_policy",
        resource_id=security_policy_id,
        project_id=project_id,
    )


def list_security_policies(
    session: Session, *, project_id: str, query: ListQuery
) -> Page[SecurityPolicy]:
    """One page of the project's custom policies that match every filter."""
    scope = select(SecurityPolicy).where(SecurityPolicy.project_id == project_id)
    return list_page(session, SECURITY_POLICY_LIST, scope, query)


def create_security_policy(
    session: Session,
    *,
    project_id: str,
    option: CreateSecurityPolicyOption,
    security_policy_id: str | None = None,
) -> SecurityPolicy:
    """A new custom policy: its ciphers must match its protocols, and the quota hold."""
    check_ciphers_match(option.protocols, option.ciphers)
    quotas.check_room(
        session,
        project_id=project_id,
        key="security_policy",
        model=SecurityPolicy,
        where=SecurityPolicy.project_id == project_id,
    )
    now = utc_now()
    policy = SecurityPolicy(
        id=security_policy_id or new_id(),
        project_id=project_id,
        name=option.name or "",
        description=option.description or "",
        protocols=PROTOCOL_SEPARATOR.join(option.protocols),
        ciphers=CIPHER_SEPARATOR.join(option.ciphers),
        enterprise_project_id=option.enterprise_project_id or "0",
        created_at=now,
        updated_at=now,
    )
    session.add(policy)
    return policy


def update_security_policy(
    session: Session,
    *,
    project_id: str,
    security_policy_id: str,
    option: UpdateSecurityPolicyOption,
) -> SecurityPolicy:
    """Change the fields sent; new protocols or ciphers are checked together with the ones
    kept. Listeners using the policy use the new ones at once (they only name it)."""
    policy = show_security_policy(
        session, project_id=project_id, security_policy_id=security_policy_id
    )
    protocols = option.protocols or protocols_of(policy)
    ciphers = option.ciphers or ciphers_of(policy)
    check_ciphers_match(protocols, ciphers)
    if option.name is not None:
        policy.name = option.name
    if option.description is not None:
        policy.description = option.description
    policy.protocols = PROTOCOL_SEPARATOR.join(protocols)
    policy.ciphers = CIPHER_SEPARATOR.join(ciphers)
    policy.updated_at = utc_now()
    return policy


def delete_security_policy(session: Session, *, project_id: str, security_policy_id: str) -> None:
    """Delete a custom policy that no listener uses (409 while one does)."""
    policy = show_security_policy(
        session, project_id=project_id, security_policy_id=security_policy_id
    )
    users = policy_listeners(session, [policy.id])[policy.id]
    if users:
        # the first listener and how many more: a message stays short however many use it
        more = len(users) - 1
        others = f" and {more} other{'s' if more > 1 else ''}" if more else ""
        raise Conflict(
            message=f"Security policy {policy.id} is used by listener {users[0]}{others}; "
            "it cannot be deleted until no listener uses it."
        )
    session.delete(policy)


def check_listener_security_policy(
    session: Session, *, project_id: str, protocol: str, security_policy_id: str | None
) -> None:
    """A listener's security_policy_id, when it sends one, names a custom policy of its
    project (404 ELB.8904 if not); tls_ciphers_policy can only be a system policy's name
    (its schema takes no other). Both may be set: the custom policy is the one in effect
    (CreateListenerOption: "only security_policy_id takes effect"), and the listener keeps
    both, so removing security_policy_id (null) puts its tls_ciphers_policy back in effect.

    Only HTTPS and TLS listeners use a security policy (the SDK: it only takes effect for
    HTTPS listeners). Elsewhere it is handled as certificates are on such protocols:
    accepted without effect, not looked up, not kept (listener_rules.normalise_security_policy).
    """
    if security_policy_id is not None and protocol in listener_rules.SECURITY_POLICY_PROTOCOLS:
        show_security_policy(session, project_id=project_id, security_policy_id=security_policy_id)


def policy_listeners(session: Session, policy_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each policy: the ids of the listeners that use it, in id order."""
    users: dict[str, list[str]] = {policy_id: [] for policy_id in policy_ids}
    if not policy_ids:
        return users
    stmt = select(Listener.security_policy_id, Listener.id).where(
        Listener.security_policy_id.in_(policy_ids)
    )
    for policy_id, listener_id in session.execute(stmt.order_by(Listener.id)):
        users[str(policy_id)].append(listener_id)
    return users


def protocols_of(policy: SecurityPolicy) -> list[str]:
    """The policy's protocols, in the order they were given."""
    return policy.protocols.split(PROTOCOL_SEPARATOR)


def ciphers_of(policy: SecurityPolicy) -> list[str]:
    """The policy's ciphers, in the order they were given."""
    return policy.ciphers.split(CIPHER_SEPARATOR)


def check_ciphers_match(protocols: Sequence[str], ciphers: Sequence[str]) -> None:
    """At least one cipher works with one of the protocols ("ciphers中必须至少有一种与协议匹配
    的加密套件"). The reference asks no more: a cipher no chosen protocol uses is kept (its
    own example pairs TLSv1, TLSv1.2 and TLSv1.3 with one cipher per version)."""
    chosen = set(protocols)
    if not any(CIPHER_PROTOCOLS[cipher] & chosen for cipher in ciphers):
        raise InvalidInput(
            field="ciphers",
            reason="none of them works with the protocols "
            f"{', '.join(dict.fromkeys(protocols))}: at least one must match a protocol.",
        )
