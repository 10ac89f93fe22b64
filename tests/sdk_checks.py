"""Checks shared by the API tests: raw JSON against the SDK's model classes, errors as the
SDK raises them and as raw HTTP answers them, successes over raw HTTP."""

from __future__ import annotations

import inspect
import ipaddress
import re
from collections.abc import Callable, Collection
from functools import cache
from typing import Any

import httpx
import httpx2
import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkelb.v3 import model as elb_model

REQUEST_ID = re.compile(r"[0-9a-f]{32}")
# the cloud's timestamps and ids
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ERROR_KEYS = {"error_msg", "error_code", "request_id"}

# a page of a list: the ids on it, and page_info as sent (absent keys left out)
Page = tuple[list[str], dict[str, Any]]
# fetch(marker, limit, page_reverse): one page
Fetch = Callable[[str | None, int | None, bool], Page]

_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "bool": bool,
    "datetime": str,
    "object": (dict, list, str, int, bool),
}


def _check_json_value(where: str, value: Any, declared: str, package: Any) -> None:
    if declared.startswith("list["):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for index, item in enumerate(value):
            _check_json_value(f"{where}[{index}]", item, declared[5:-1], package)
    elif declared in _JSON_TYPES:
        assert isinstance(value, _JSON_TYPES[declared]), f"{where}: {value!r} is not {declared}"
        if declared == "int":
            assert not isinstance(value, bool), f"{where}: {value!r} is a bool, not an int"
        if declared == "datetime":
            assert isinstance(value, str) and TIME.fullmatch(value), f"{where}: {value!r}"
    else:
        assert isinstance(value, dict), f"{where}: {value!r} is not a {declared} object"
        nested = getattr(package, declared).openapi_types
        for key, item in value.items():
            if item is not None and key in nested:
                _check_json_value(f"{where}.{key}", item, nested[key], package)


def assert_json_model(
    data: dict[str, Any],
    model: type,
    *,
    package: Any = elb_v3,
    optional: Collection[str] = (),
    nullable: Collection[str] = (),
) -> None:
    """Every field the SDK model declares is present (bar `optional`) with its JSON type."""
    declared: dict[str, str] = model.openapi_types  # type: ignore[attr-defined]
    missing = set(declared) - set(optional) - set(data)
    assert not missing, f"{model.__name__} fields missing: {sorted(missing)}"
    for name, kind in declared.items():
        if name not in data:
            continue
        if data[name] is None:
            assert name in nullable, f"{model.__name__}.{name} is null"
            continue
        _check_json_value(f"{model.__name__}.{name}", data[name], kind, package)


def sdk_error(call: Callable[[], object]) -> ClientRequestException:
    """The ClientRequestException that the SDK call raises."""
    with pytest.raises(ClientRequestException) as info:
        call()
    return info.value


def assert_sdk_error(
    error: ClientRequestException, status: int, code: str, message: str | None = None
) -> None:
    """The SDK error has this status and code, a request id and (if given) this in its message."""
    assert (error.status_code, error.error_code) == (status, code), error.error_msg
    assert error.request_id and REQUEST_ID.fullmatch(error.request_id), error.request_id
    if message is not None:
        assert message in error.error_msg, error.error_msg


def assert_refused(
    call: Callable[[], object], status: int, code: str, message: str | None = None
) -> ClientRequestException:
    """The SDK call raises the error that assert_sdk_error describes; that error."""
    error = sdk_error(call)
    assert_sdk_error(error, status, code, message)
    return error


def assert_error_response(
    response: httpx.Response | httpx2.Response, status: int, code: str, message: str | None = None
) -> dict[str, Any]:
    """The raw response is the cloud's error envelope (status, code, message part): its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict)
    assert set(body) == ERROR_KEYS, body
    assert body["error_code"] == code, body
    assert isinstance(body["error_msg"], str) and body["error_msg"]
    assert REQUEST_ID.fullmatch(body["request_id"]), body["request_id"]
    assert response.headers["X-Request-Id"] == body["request_id"]
    if message is not None:
        assert message in body["error_msg"], body
    return body


def assert_ok_response(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The raw response is a success with this status and its request id; its body ({} for 204)."""
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        assert REQUEST_ID.fullmatch(response.headers["X-Request-Id"])
        return {}
    body: dict[str, Any] = response.json()
    assert REQUEST_ID.fullmatch(body["request_id"]), body
    assert response.headers.get("X-Request-Id") == body["request_id"]
    return body


@cache
def required_attributes(model: type) -> frozenset[str]:
    """The attributes the SDK model's __init__ assigns unconditionally: its required fields."""
    source = inspect.getsource(model.__init__)  # type: ignore[misc]
    optional = set(re.findall(r"if (\w+) is not None:", source))
    assigned = set(re.findall(r"^\s+self\.(\w+) = \1$", source, re.M))
    return frozenset(assigned - optional - {"discriminator"})


def assert_model_fields(data: Any, model: type, where: str = "$") -> None:
    """Every required field of the SDK model is present, every non-null value of its type."""
    assert isinstance(data, dict), f"{where}: {data!r} is not an object"
    keys: dict[str, str] = model.attribute_map  # type: ignore[attr-defined]
    for name in required_attributes(model):
        assert keys[name] in data, f"{where}: required field {keys[name]!r} missing"
    for name, declared in model.openapi_types.items():  # type: ignore[attr-defined]
        if data.get(keys[name]) is not None:
            _check_declared_type(data[keys[name]], declared, f"{where}.{keys[name]}")


def _check_declared_type(value: Any, declared: str, where: str) -> None:
    if declared.startswith("list["):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for index, item in enumerate(value):
            if item is not None:
                _check_declared_type(item, declared[5:-1], f"{where}[{index}]")
    elif declared.startswith("dict("):
        assert isinstance(value, dict), f"{where}: {value!r} is not an object"
    elif declared == "str":
        assert isinstance(value, str), f"{where}: {value!r} is not a string"
    elif declared == "int":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r}"
    elif declared == "bool":
        assert isinstance(value, bool), f"{where}: {value!r} is not a boolean"
    elif declared not in ("float", "object"):
        assert_model_fields(value, getattr(elb_model, declared), where)


def in_network(address: str, cidr: str) -> bool:
    """Whether the address lies in the CIDR."""
    return ipaddress.ip_address(address) in ipaddress.ip_network(cidr)


def pager(call: Callable[..., Any], attribute: str, **fixed: Any) -> Fetch:
    """A Fetch over an SDK list call: call(marker=, limit=, page_reverse=, **fixed) answers 200."""

    def fetch(marker: str | None, limit: int | None, reverse: bool) -> Page:
        response = call(marker=marker, limit=limit, page_reverse=reverse or None, **fixed)
        assert response.status_code == 200
        info = {k: v for k, v in response.page_info.to_dict().items() if v is not None}
        return [item.id for item in getattr(response, attribute)], info

    return fetch


def walk_forward(fetch: Fetch, limit: int | None, expected: list[str]) -> None:
    """Page from the start; each page is the next slice, page_info exact at every step."""
    size = limit or 2000
    seen: list[str] = []
    marker = None
    while True:
        ids, info = fetch(marker, limit, False)
        start = len(seen)
        assert ids == expected[start : start + size]
        more = start + len(ids) < len(expected)
        wanted = {"previous_marker": ids[0], "current_count": len(ids)}
        if more:
            wanted["next_marker"] = ids[-1]
        assert info == wanted
        seen.extend(ids)
        if not more:
            break
        marker = info["next_marker"]
    assert seen == expected


def walk_backward(fetch: Fetch, limit: int | None, expected: list[str]) -> None:
    """Page from the end with page_reverse, passing previous_marker back each time."""
    size = limit or 2000
    pages: list[list[str]] = []
    marker = None
    remaining = len(expected)
    while True:
        ids, info = fetch(marker, limit, True)
        assert ids == expected[max(0, remaining - size) : remaining]
        remaining -= len(ids)
        wanted = {"previous_marker": ids[0], "current_count": len(ids)}
        if remaining:  # sent while earlier records remain; its value is the page's last id
            wanted["next_marker"] = ids[-1]
        assert info == wanted
        pages.append(ids)
        if not remaining:
            break
        marker = info["previous_marker"]
    assert [item_id for page in reversed(pages) for item_id in page] == expected
