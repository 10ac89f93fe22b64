"""Generate docs/COVERAGE.md: the ELB v3 SDK's operations against mockelb's routes and tests.

    .venv/bin/python scripts/coverage_table.py           # rewrite docs/COVERAGE.md
    .venv/bin/python scripts/coverage_table.py --check   # exit 1 when the file is stale

The operation list is read from the installed SDK (every public operation of
`huaweicloudsdkelb.v3.ElbClient`, with the method and path of its `_<name>_http_info`
helper). An operation is *implemented* when the app registers a route of the same method
and path shape and a test under tests/ drives it through the SDK (constructs its
`<Name>Request` or calls `.<name>(`); *route only* when no test does; otherwise *not
implemented*.

The tests load this file by path (scripts/ is not a package):
`importlib.util.spec_from_file_location("coverage_table", "scripts/coverage_table.py")`.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import enum
import importlib.metadata
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COVERAGE_FILE = ROOT / "docs" / "COVERAGE.md"
TESTS_DIR = ROOT / "tests"
EXPECTED_OPERATION_COUNT = 119
REGENERATE = ".venv/bin/python scripts/coverage_table.py"

_SDK = "huaweicloudsdkelb"
_FOREIGN_SDK = "huaweicloudsdk"  # any other service's SDK (vpc, core, ...)
_SKIPPED_SEGMENTS = {"v3", "elb"}


class Status(enum.Enum):
    IMPLEMENTED = "✅ implemented"
    ROUTE_ONLY = "⚠️ route only"
    MISSING = "— not implemented"


@dataclass(frozen=True, order=True)
class Operation:
    """One SDK operation: the client method, its request class and its HTTP binding."""

    name: str
    request_class: str
    method: str
    path: str

    @property
    def resource(self) -> str:
        """The first literal segment after /v3/{project_id}[/elb]: `pools`, `listeners`, ..."""
        for segment in self.path.strip("/").split("/"):
            if segment not in _SKIPPED_SEGMENTS and not _is_placeholder(segment):
                return segment
        return "/"


@dataclass(frozen=True)
class Row:
    operation: Operation
    status: Status
    tests: tuple[str, ...]


# ---------------------------------------------------------------- the SDK's operations


def _request_class_name(operation: str) -> str:
    return "".join(part.capitalize() for part in operation.split("_")) + "Request"


def sdk_operations() -> list[Operation]:
    """Every operation of the sync ElbClient, read from its `_<name>_http_info` helpers."""
    import huaweicloudsdkelb.v3 as elb_v3

    client = elb_v3.ElbClient
    operations = []
    for name in sorted(vars(client)):
        helper = getattr(client, f"_{name}_http_info", None)
        if name.startswith("_") or name.endswith("_async") or helper is None:
            continue
        request_class = getattr(elb_v3, _request_class_name(name), None)
        if request_class is None:
            raise RuntimeError(f"no request class {_request_class_name(name)} for {name}")
        http_info: dict[str, Any] = helper(request_class())
        operations.append(
            Operation(
                name=name,
                request_class=request_class.__name__,
                method=str(http_info["method"]).upper(),
                path=str(http_info["resource_path"]),
            )
        )
    if len(operations) != EXPECTED_OPERATION_COUNT:
        raise RuntimeError(
            f"ElbClient has {len(operations)} operations, expected {EXPECTED_OPERATION_COUNT}: "
            "has the SDK changed? update EXPECTED_OPERATION_COUNT after checking"
        )
    return operations


def sdk_version() -> str:
    return importlib.metadata.version(_SDK)


# ---------------------------------------------------------------- the app's routes


def _is_placeholder(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def path_shape(path: str) -> tuple[str, ...]:
    """The path with every `{placeholder}` made anonymous, to compare routes positionally."""
    return tuple("{}" if _is_placeholder(part) else part for part in path.split("/"))


def app_routes() -> set[tuple[str, str]]:
    """(method, path template) of every API route of a freshly built, empty app."""
    from fastapi import FastAPI, routing

    from mockelb.app import create_app
    from mockelb.config import Settings
    from mockelb.seed import snapshot_for

    app: FastAPI = create_app(Settings(), snapshot=snapshot_for([], demo=False))
    # FastAPI >= 0.16x keeps included routers lazily; iter_route_contexts flattens them
    flatten = getattr(routing, "iter_route_contexts", None)
    contexts: Iterable[Any] = app.routes if flatten is None else flatten(app.routes)
    routes: set[tuple[str, str]] = set()
    for context in contexts:
        route = getattr(context, "original_route", context)
        if not isinstance(route, routing.APIRoute):
            continue
        path: str = getattr(context, "path", None) or route.path
        methods: set[str] = getattr(context, "methods", None) or route.methods or set()
        routes.update((method.upper(), path) for method in methods)
    return routes


# ---------------------------------------------------------------- the tests' SDK calls


@dataclass(frozen=True)
class SdkCalls:
    """What one source file does with the SDK: request classes built, methods called."""

    request_classes: frozenset[str]
    methods: frozenset[str]

    def drives(self, operation: Operation) -> bool:
        return operation.request_class in self.request_classes or operation.name in self.methods


class _CallCollector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.imported: dict[str, str] = {}  # local name -> qualified name
        self.star_from_sdk = False
        self.request_classes: set[str] = set()
        self.methods: set[str] = set()

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname is not None:
                self.imported[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.imported[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self.star_from_sdk |= module.startswith(_SDK)
            else:
                self.imported[alias.asname or alias.name] = f"{module}.{alias.name}"

    def qualified(self, node: ast.expr) -> str | None:
        """The dotted name an expression refers to through the file's imports, if any."""
        if isinstance(node, ast.Name):
            if node.id in self.imported:
                return self.imported[node.id]
            if self.star_from_sdk and node.id.endswith("Request"):
                return f"{_SDK}.{node.id}"
            return None
        if isinstance(node, ast.Attribute):
            owner = self.qualified(node.value)
            return None if owner is None else f"{owner}.{node.attr}"
        return None

    def _is_foreign_sdk(self, node: ast.expr) -> bool:
        qualified = self.qualified(node.func) if isinstance(node, ast.Call) else None
        return (
            qualified is not None
            and qualified.startswith(_FOREIGN_SDK)
            and not qualified.startswith(_SDK)
        )

    def visit_Call(self, node: ast.Call) -> None:
        qualified = self.qualified(node.func) or ""
        if qualified.startswith(f"{_SDK}."):
            self.request_classes.add(qualified.rsplit(".", 1)[1])
        elif isinstance(node.func, ast.Attribute) and not qualified.startswith(_FOREIGN_SDK):
            # `vpc.show_quota(vpc_v2.ShowQuotaRequest())` is another service's operation
            if not (node.args and self._is_foreign_sdk(node.args[0])):
                self.methods.add(node.func.attr)
        self.generic_visit(node)


_CALLED_CLASS = re.compile(r"\b(\w+Request)\s*\(")
_CALLED_METHOD = re.compile(r"\.(\w+)\s*\(")


def sdk_calls(source: str) -> SdkCalls:
    """The SDK request classes (from huaweicloudsdkelb) and methods a file's code calls."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a file being edited: fall back to a textual scan
        return SdkCalls(
            frozenset(_CALLED_CLASS.findall(source)), frozenset(_CALLED_METHOD.findall(source))
        )
    collector = _CallCollector()
    collector.visit(tree)
    return SdkCalls(frozenset(collector.request_classes), frozenset(collector.methods))


def read_test_sources(tests_dir: Path = TESTS_DIR) -> dict[str, str]:
    """tests/**/*.py by path relative to tests/ (posix), in a stable order."""
    return {
        path.relative_to(tests_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(tests_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


# ---------------------------------------------------------------- classification


def classify(
    operations: Iterable[Operation],
    routes: Iterable[tuple[str, str]],
    sources: Mapping[str, str],
) -> list[Row]:
    """A row per operation: its status and the test files that drive it, sorted by resource."""
    registered = {(method.upper(), path_shape(path)) for method, path in routes}
    calls = {name: sdk_calls(source) for name, source in sources.items()}
    rows = []
    for operation in operations:
        tests = tuple(sorted(name for name, found in calls.items() if found.drives(operation)))
        if (operation.method, path_shape(operation.path)) not in registered:
            status = Status.MISSING
        elif tests:
            status = Status.IMPLEMENTED
        else:
            status = Status.ROUTE_ONLY
        rows.append(Row(operation, status, tests))
    return sorted(rows, key=lambda row: (row.operation.resource, row.operation.name))


def unmatched_routes(
    operations: Iterable[Operation], routes: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Routes (outside the /_mockelb admin namespace) that no SDK operation calls."""
    shapes = {(operation.method, path_shape(operation.path)) for operation in operations}
    return sorted(
        (method, path)
        for method, path in routes
        if (method, path_shape(path)) not in shapes and not path.startswith("/_mockelb")
    )


# ---------------------------------------------------------------- the page


def render(rows: Sequence[Row], extra_routes: Sequence[tuple[str, str]], version: str) -> str:
    counts = {status: sum(row.status is status for row in rows) for status in Status}
    lines = [
        "# ELB v3 API coverage",
        "",
        "<!-- Generated by scripts/coverage_table.py; do not edit by hand. -->",
        "",
        f"Every operation of `huaweicloudsdkelb.v3.ElbClient` (huaweicloudsdkelb {version})",
        "against the routes mockelb registers and the tests that drive them through the SDK.",
        "Regenerate after adding a route or a test, and commit the result (a test fails when",
        "this file is stale):",
        "",
        "```sh",
        REGENERATE,
        "```",
        "",
        f"- {Status.IMPLEMENTED.value}: the route exists and a test under `tests/` builds the",
        "  operation's `<Name>Request` or calls `.<operation>(`.",
        f"- {Status.ROUTE_ONLY.value}: the route exists, but no test drives it through the SDK.",
        f"- {Status.MISSING.value}: mockelb has no route of that method and path.",
        "",
        f"**{counts[Status.IMPLEMENTED]} implemented, {counts[Status.ROUTE_ONLY]} route only,"
        f" {counts[Status.MISSING]} not implemented, of {len(rows)} operations.**",
        "",
        "| resource | operation | method | path | status | tests |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        operation = row.operation
        tests = ", ".join(f"`{name}`" for name in row.tests)
        lines.append(
            f"| {operation.resource} | `{operation.name}` | {operation.method} "
            f"| `{operation.path}` | {row.status.value} | {tests} |"
        )
    if extra_routes:
        lines += [
            "",
            "## Routes outside the ELB v3 SDK",
            "",
            "Registered routes that no `ElbClient` operation calls (the VPC read API, or a path",
            "that differs from the SDK's):",
            "",
            "| method | path |",
            "|---|---|",
        ]
        lines += [f"| {method} | `{path}` |" for method, path in extra_routes]
    return "\n".join(lines) + "\n"


def generate() -> str:
    """The coverage page for the installed SDK, the app and the tests as they are now."""
    operations = sdk_operations()
    routes = app_routes()
    return render(
        classify(operations, routes, read_test_sources()),
        unmatched_routes(operations, routes),
        sdk_version(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when docs/COVERAGE.md is stale"
    )
    arguments = parser.parse_args(argv)
    page = generate()
    if not arguments.check:
        COVERAGE_FILE.parent.mkdir(parents=True, exist_ok=True)
        COVERAGE_FILE.write_text(page, encoding="utf-8")
        print(f"wrote {COVERAGE_FILE.relative_to(ROOT)}")
        return 0
    current = COVERAGE_FILE.read_text(encoding="utf-8") if COVERAGE_FILE.exists() else ""
    if current == page:
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        page.splitlines(keepends=True),
        "docs/COVERAGE.md (committed)",
        "docs/COVERAGE.md (generated)",
    )
    sys.stdout.writelines(diff)
    print(f"docs/COVERAGE.md is stale; regenerate it with: {REGENERATE}")
    return 1


if __name__ == "__main__":
    if str(ROOT) not in sys.path:  # run as a file: make `mockelb` importable from the checkout
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
