"""Checks shared by the API tests: raw JSON against the SDK's model classes, SDK errors."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import huaweicloudsdkelb.v3 as elb_v3
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

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
