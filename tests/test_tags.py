"""Tags of load balancers and listeners (mockelb/services/tags.py) through the official SDK
and raw HTTP: show, list and change (create and delete), the tag rules they share with the
create operations, what a refused change leaves, and project isolation. Every behaviour is
checked on both kinds of resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from huaweicloudsdkelb.v3 import (
    ChangeListenerTagsRequest,
    ChangeListenerTagsRequestBody,
    ChangeLoadbalancerTagsRequest,
    ChangeLoadbalancerTagsRequestBody,
    ChangeResourceTagOption,
    DeleteLoadBalancerCascadeRequest,
    ListListenerTagsRequest,
    ListLoadbalancerTagsRequest,
    ShowListenerTagsRequest,
    ShowLoadbalancerTagsRequest,
    Tag,
)

from mockelb.testing import MockElbServer, make_elb_client
from tests import demo
from tests.error_codes import INVALID_INPUT, NOT_FOUND
from tests.factories import (
    create_listener,
    create_load_balancer,
    delete_load_balancer,
    enable_recycle_bin,
    ids_of,
    list_listeners,
    list_load_balancers,
    list_recycle_bin,
    restore_loadbalancer,
    show_listener,
    show_load_balancer,
)
from tests.sdk_checks import REQUEST_ID, assert_error_response, assert_refused, sdk_error

V3 = f"/v3/{demo.PROJECT}"
OTHER_PROJECT = "0" * 32
FORBIDDEN = ["=", "*", "<", ">", "\\", ",", "|", "/"]

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    """The tag operations of one kind of resource, through the SDK."""

    name: str  # loadbalancer / listener: the word of its not-found message
    collection: str  # the path segment: loadbalancers / listeners
    demo_id: str

    def show(self, elb: Any, resource_id: str) -> Pairs:
        if self.name == "loadbalancer":
            response = elb.show_loadbalancer_tags(
                ShowLoadbalancerTagsRequest(loadbalancer_id=resource_id)
            )
        else:
            response = elb.show_listener_tags(ShowListenerTagsRequest(listener_id=resource_id))
        assert response.status_code == 200
        return [(tag.key, tag.value) for tag in response.tags]

    def list(self, elb: Any) -> list[tuple[str, list[str]]]:
        if self.name == "loadbalancer":
            response = elb.list_loadbalancer_tags(ListLoadbalancerTagsRequest())
        else:
            response = elb.list_listener_tags(ListListenerTagsRequest())
        assert response.status_code == 200
        return [(tag.key, tag.values) for tag in response.tags]

    def change(self, elb: Any, resource_id: str, action: str, tags: Pairs) -> Any:
        options = [ChangeResourceTagOption(key=key, value=value) for key, value in tags]
        if self.name == "loadbalancer":
            return elb.change_loadbalancer_tags(
                ChangeLoadbalancerTagsRequest(
                    loadbalancer_id=resource_id,
                    body=ChangeLoadbalancerTagsRequestBody(action=action, tags=options),
                )
            )
        return elb.change_listener_tags(
            ChangeListenerTagsRequest(
                listener_id=resource_id,
                body=ChangeListenerTagsRequestBody(action=action, tags=options),
            )
        )

    def create(self, elb: Any, tags: Pairs | None = None, port: int = 8080) -> str:
        """A new resource with these tags (through its create operation)."""
        sent = None if tags is None else [Tag(key=key, value=value) for key, value in tags]
        if self.name == "loadbalancer":
            return str(create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, tags=sent).id)
        return str(create_listener(elb, protocol_port=port, tags=sent).id)

    def create_error(self, elb: Any, tags: list[Any]) -> Any:
        if self.name == "loadbalancer":
            return sdk_error(
                lambda: create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, tags=tags)
            )
        return sdk_error(lambda: create_listener(elb, protocol_port=8080, tags=tags))

    def ids(self, elb: Any) -> list[str]:
        listed = list_load_balancers(elb) if self.name == "loadbalancer" else list_listeners(elb)
        return ids_of(listed)

    def resource(self, elb: Any, resource_id: str) -> Any:
        if self.name == "loadbalancer":
            return show_load_balancer(elb, resource_id)
        return show_listener(elb, resource_id)


LOAD_BALANCERS = Kind("loadbalancer", "loadbalancers", demo.LB)
LISTENERS = Kind("listener", "listeners", demo.LISTENER)


@pytest.fixture(params=[LOAD_BALANCERS, LISTENERS], ids=["loadbalancer", "listener"])
def kind(request: pytest.FixtureRequest) -> Kind:
    kind: Kind = request.param
    return kind


def add(kind: Kind, elb: Any, tags: Pairs, resource_id: str | None = None) -> None:
    response = kind.change(elb, resource_id or kind.demo_id, "create", tags)
    assert response.status_code == 204


def remove(kind: Kind, elb: Any, tags: Pairs, resource_id: str | None = None) -> None:
    response = kind.change(elb, resource_id or kind.demo_id, "delete", tags)
    assert response.status_code == 204


def many(count: int, prefix: str = "k") -> Pairs:
    return [(f"{prefix}{index}", f"v{index}") for index in range(count)]


# --- show and change --------------------------------------------------------------------


def test_a_resource_starts_without_tags(elb: Any, kind: Kind) -> None:
    assert kind.show(elb, kind.demo_id) == []
    assert kind.list(elb) == []


def test_create_adds_tags_in_order(elb: Any, kind: Kind) -> None:
    add(kind, elb, [("env", "prod"), ("team", "")])
    add(kind, elb, [("owner", "me")])

    assert kind.show(elb, kind.demo_id) == [("env", "prod"), ("team", ""), ("owner", "me")]
    # the resource itself shows the same tags
    shown = kind.resource(elb, kind.demo_id).tags
    assert [(tag.key, tag.value) for tag in shown] == kind.show(elb, kind.demo_id)


def test_create_with_a_key_already_there_overwrites_its_value_in_place(
    elb: Any, kind: Kind
) -> None:
    add(kind, elb, [("env", "prod"), ("team", "a")])

    add(kind, elb, [("new", "1"), ("env", "test")])

    assert kind.show(elb, kind.demo_id) == [("env", "test"), ("team", "a"), ("new", "1")]


def test_a_tag_change_leaves_the_resources_updated_at(elb: Any, kind: Kind) -> None:
    before = kind.resource(elb, kind.demo_id).updated_at

    add(kind, elb, [("env", "prod")])

    assert kind.resource(elb, kind.demo_id).updated_at == before


def test_the_change_answers_204_with_no_body(http: httpx.Client, kind: Kind) -> None:
    response = http.post(
        f"{V3}/{kind.collection}/{kind.demo_id}/tags/action",
        json={"action": "create", "tags": [{"key": "env", "value": "prod"}]},
    )

    assert response.status_code == 204
    assert response.content == b""
    assert REQUEST_ID.fullmatch(response.headers["X-Request-Id"])


@pytest.mark.parametrize("path", ["/{id}/tags", "/tags"], ids=["show", "list"])
def test_the_tag_bodies_have_no_request_id(http: httpx.Client, kind: Kind, path: str) -> None:
    """ShowLoadbalancerTagsResponse and the rest declare `tags` alone: the request id is in
    the X-Request-Id header."""
    http.post(
        f"{V3}/{kind.collection}/{kind.demo_id}/tags/action",
        json={"action": "create", "tags": [{"key": "env", "value": "prod"}]},
    )

    response = http.get(f"{V3}/{kind.collection}" + path.format(id=kind.demo_id))

    assert response.status_code == 200
    assert REQUEST_ID.fullmatch(response.headers["X-Request-Id"])
    body = response.json()
    assert list(body) == ["tags"]
    if path == "/tags":
        assert body["tags"] == [{"key": "env", "values": ["prod"]}]
    else:
        assert body["tags"] == [{"key": "env", "value": "prod"}]


def test_delete_removes_a_tag_whose_value_matches_or_is_given_empty(elb: Any, kind: Kind) -> None:
    add(kind, elb, [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])

    # "" stands for any value; a value that differs leaves the tag; an absent key is fine
    remove(kind, elb, [("a", "1"), ("b", ""), ("c", "other"), ("absent", "x")])

    assert kind.show(elb, kind.demo_id) == [("c", "3"), ("d", "4")]


def test_delete_does_not_check_the_character_set(elb: Any, kind: Kind) -> None:
    """The reference: the value range of the character set is not verified on delete."""
    add(kind, elb, [("a", "1")])

    remove(kind, elb, [("a=b", "x/y"), ("a", "")])

    assert kind.show(elb, kind.demo_id) == []


# --- the tag rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tags",
    [
        pytest.param([("k" * 36, "v" * 255)], id="longest-key-and-value"),
        pytest.param([("环境", "生产")], id="unicode"),
        pytest.param([("a-b_c.d :@+", "")], id="punctuation-and-empty-value"),
        pytest.param(many(20), id="twenty-tags"),
    ],
)
def test_tags_the_rules_allow(elb: Any, kind: Kind, tags: Pairs) -> None:
    add(kind, elb, tags)

    assert kind.show(elb, kind.demo_id) == tags


BAD_TAGS = [
    pytest.param([("", "v")], "tags[0].key", id="empty-key"),
    pytest.param([("k" * 37, "v")], "tags[0].key", id="key-too-long"),
    pytest.param([("k", "v" * 256)], "tags[0].value", id="value-too-long"),
    pytest.param([("k\t", "v")], "tags[0].key", id="key-non-printable"),
    pytest.param([("k", "v\x7f")], "tags[0].value", id="value-non-printable"),
    *(
        pytest.param([("ok", "v"), (f"k{char}", "v")], "tags[1].key", id=f"key-with-{char}")
        for char in FORBIDDEN
    ),
    *(
        pytest.param([("k", f"v{char}")], "tags[0].value", id=f"value-with-{char}")
        for char in FORBIDDEN
    ),
    pytest.param([("k", "1"), ("k", "2")], "tags", id="repeated-key"),
    pytest.param(many(21), "tags", id="twenty-one-tags"),
]


@pytest.mark.parametrize(("tags", "field"), BAD_TAGS)
def test_change_refuses_tags_the_rules_forbid(
    elb: Any, kind: Kind, tags: Pairs, field: str
) -> None:
    add(kind, elb, [("keep", "me")])

    assert_refused(
        lambda: kind.change(elb, kind.demo_id, "create", tags), 400, INVALID_INPUT, f"'{field}'"
    )

    assert kind.show(elb, kind.demo_id) == [("keep", "me")]


@pytest.mark.parametrize(("tags", "field"), BAD_TAGS)
def test_create_refuses_tags_the_rules_forbid(
    elb: Any, kind: Kind, tags: Pairs, field: str
) -> None:
    before = kind.ids(elb)

    error = kind.create_error(elb, [Tag(key=key, value=value) for key, value in tags])

    assert (error.status_code, error.error_code) == (400, INVALID_INPUT), error.error_msg
    assert f"'{field}'" in error.error_msg
    assert kind.ids(elb) == before


def test_create_keeps_the_tags_and_stores_a_missing_value_as_empty(elb: Any, kind: Kind) -> None:
    resource_id = kind.create(elb, [("env", "prod")])
    assert kind.show(elb, resource_id) == [("env", "prod")]

    sent = [Tag(key="bare")]
    bare = (
        create_load_balancer(elb, vip_subnet_cidr_id=demo.SUBNET, tags=sent)
        if kind is LOAD_BALANCERS
        else create_listener(elb, protocol_port=8081, tags=sent)
    )

    assert kind.show(elb, bare.id) == [("bare", "")]
    assert [(tag.key, tag.value) for tag in bare.tags] == [("bare", "")]


def test_a_resource_holds_at_most_twenty_tags(elb: Any, kind: Kind) -> None:
    add(kind, elb, many(19))

    assert_refused(
        lambda: kind.change(elb, kind.demo_id, "create", [("x", "1"), ("y", "2")]),
        400,
        INVALID_INPUT,
        "at most 20 tags",
    )
    assert kind.show(elb, kind.demo_id) == many(19)
    # overwriting a key does not add one: 19 + 1 new = 20
    add(kind, elb, [("k0", "new"), ("x", "1")])
    assert len(kind.show(elb, kind.demo_id)) == 20


@pytest.mark.parametrize("action", ["create", "delete"])
def test_an_empty_tag_list_is_refused(elb: Any, kind: Kind, action: str) -> None:
    assert_refused(lambda: kind.change(elb, kind.demo_id, action, []), 400, INVALID_INPUT, "'tags'")


def test_delete_refuses_an_empty_key(elb: Any, kind: Kind) -> None:
    add(kind, elb, [("a", "1")])

    assert_refused(
        lambda: kind.change(elb, kind.demo_id, "delete", [("a", ""), ("", "1")]),
        400,
        INVALID_INPUT,
        "'tags[1].key'",
    )
    assert kind.show(elb, kind.demo_id) == [("a", "1")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"action": "update", "tags": [{"key": "k", "value": "v"}]}, "action", id="action"
        ),
        pytest.param({"tags": [{"key": "k", "value": "v"}]}, "action", id="no-action"),
        pytest.param({"action": "create"}, "tags", id="no-tags"),
        pytest.param({"action": "create", "tags": None}, "tags", id="null-tags"),
        pytest.param({"action": "create", "tags": [{"key": "k"}]}, "tags[0].value", id="no-value"),
        pytest.param(
            {"action": "delete", "tags": [{"key": "k"}]}, "tags[0].value", id="delete-no-value"
        ),
        pytest.param({"action": "create", "tags": [{"value": "v"}]}, "tags[0].key", id="no-key"),
        pytest.param(
            {"action": "create", "tags": [{"key": 1, "value": "v"}]}, "tags[0].key", id="key-number"
        ),
    ],
)
def test_malformed_change_bodies_are_refused(
    http: httpx.Client, kind: Kind, body: dict[str, Any], field: str
) -> None:
    response = http.post(f"{V3}/{kind.collection}/{kind.demo_id}/tags/action", json=body)

    assert_error_response(response, 400, INVALID_INPUT, f"'{field}'")


def test_unknown_attributes_are_refused(http: httpx.Client, kind: Kind) -> None:
    body = {"action": "create", "tags": [{"key": "k", "value": "v", "colour": "red"}]}

    response = http.post(f"{V3}/{kind.collection}/{kind.demo_id}/tags/action", json=body)

    assert_error_response(response, 400, INVALID_INPUT, "colour")


# --- which resource ---------------------------------------------------------------------


def test_an_unknown_resource_is_not_found(elb: Any, kind: Kind) -> None:
    message = f"{kind.name} {demo.UNKNOWN_ID} could not be found."
    assert_refused(lambda: kind.show(elb, demo.UNKNOWN_ID), 404, NOT_FOUND, message)
    assert_refused(
        lambda: kind.change(elb, demo.UNKNOWN_ID, "create", [("k", "v")]), 404, NOT_FOUND, message
    )


def test_another_projects_resources_and_tags_are_invisible(
    elb: Any, mockelb: MockElbServer, kind: Kind
) -> None:
    add(kind, elb, [("env", "prod")])
    other = make_elb_client(mockelb.url, OTHER_PROJECT)

    assert kind.list(other) == []
    assert_refused(lambda: kind.show(other, kind.demo_id), 404, NOT_FOUND)
    assert_refused(
        lambda: kind.change(other, kind.demo_id, "delete", [("env", "")]), 404, NOT_FOUND
    )
    assert kind.show(elb, kind.demo_id) == [("env", "prod")]


# --- list -------------------------------------------------------------------------------


def test_list_gathers_every_key_with_each_of_its_values_once(elb: Any, kind: Kind) -> None:
    second = kind.create(elb)
    third = kind.create(elb, port=8081)
    add(kind, elb, [("env", "prod"), ("team", "b")])
    add(kind, elb, [("env", "test"), ("team", "b")], second)
    add(kind, elb, [("app", ""), ("env", "prod")], third)

    assert kind.list(elb) == [("app", [""]), ("env", ["prod", "test"]), ("team", ["b"])]


def test_the_tags_of_a_deleted_load_balancer_leave_the_list(elb: Any) -> None:
    lb_id = LOAD_BALANCERS.create(elb, [("gone", "soon")])
    add(LOAD_BALANCERS, elb, [("env", "prod")])
    assert LOAD_BALANCERS.list(elb) == [("env", ["prod"]), ("gone", ["soon"])]

    delete_load_balancer(elb, lb_id)

    assert LOAD_BALANCERS.list(elb) == [("env", ["prod"])]


def test_the_tags_of_a_load_balancer_in_the_recycle_bin_leave_the_lists(elb: Any) -> None:
    """A load balancer in the bin is deleted as far as the API goes: neither its tags nor
    those of its listeners are listed, until it is restored."""
    lb_id = LOAD_BALANCERS.create(elb, [("binned", "lb")])
    listener_id = create_listener(
        elb, loadbalancer_id=lb_id, protocol_port=81, tags=[Tag(key="binned", value="listener")]
    ).id
    add(LOAD_BALANCERS, elb, [("env", "prod")])
    add(LISTENERS, elb, [("env", "prod")])
    full = {
        LOAD_BALANCERS: [("binned", ["lb"]), ("env", ["prod"])],
        LISTENERS: [("binned", ["listener"]), ("env", ["prod"])],
    }
    enable_recycle_bin(elb)
    # a cascade delete takes the listener into the bin with its load balancer
    request = DeleteLoadBalancerCascadeRequest(loadbalancer_id=lb_id)
    assert elb.delete_load_balancer_cascade(request).status_code == 204
    assert ids_of(list_recycle_bin(elb)) == [lb_id]

    assert LOAD_BALANCERS.list(elb) == [("env", ["prod"])]
    assert LISTENERS.list(elb) == [("env", ["prod"])]
    # the bin's own load balancer still has its tags, and they come back with it
    restore_loadbalancer(elb, lb_id)
    assert LOAD_BALANCERS.list(elb) == full[LOAD_BALANCERS]
    assert LISTENERS.list(elb) == full[LISTENERS]
    assert LISTENERS.show(elb, listener_id) == [("binned", "listener")]


def test_list_routes_are_not_taken_for_a_resource_id(http: httpx.Client, kind: Kind) -> None:
    """GET …/{collection}/tags lists; it is not show_*_tags of a resource named "tags"."""
    response = http.get(f"{V3}/{kind.collection}/tags")
    assert response.status_code == 200
    missing = http.get(f"{V3}/{kind.collection}/tags/tags")
    assert_error_response(missing, 404, NOT_FOUND, f"{kind.name} tags could not be found.")
