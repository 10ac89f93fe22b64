"""`mockelb state export|import`: a running server's state over its admin API.

Standard library HTTP (urllib) and no mockelb server code: the commands start fast and
work against any mockelb the machine can reach. Exit codes: 0 done, 1 the server refused
or could not be reached (its error_msg on stderr), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import yaml

DEFAULT_URL = "http://127.0.0.1:9080"
REFUSED = 1
USAGE_ERROR = 2
# a large state (many thousands of members) takes seconds to load
TIMEOUT = 300


class StateCommandError(Exception):
    """The server refused the call or cannot be reached; the message is for the user."""


def run_state_command(args: argparse.Namespace) -> int:
    url = (args.url or os.environ.get("MOCKELB_URL") or DEFAULT_URL).rstrip("/")
    token = args.admin_token or os.environ.get("MOCKELB_ADMIN_TOKEN") or None
    try:
        if args.action == "export":
            document = export_state(url, token=token, project_id=args.project_id)
            print(json.dumps(document, indent=2, ensure_ascii=False))
            return 0
        try:
            document = read_document(args.file)
        except ValueError as exc:
            print(f"mockelb: error: {exc}", file=sys.stderr)
            return USAGE_ERROR
        loaded = import_state(url, document, token=token)
    except StateCommandError as exc:
        print(f"mockelb: error: {exc}", file=sys.stderr)
        return REFUSED
    kinds = " ".join(f"{kind}={count}" for kind, count in loaded.items()) or "nothing"
    print(f"mockelb: loaded {kinds} into {url}")
    return 0


def export_state(url: str, *, token: str | None, project_id: str | None) -> dict[str, Any]:
    """GET /_mockelb/state: the server's resources as a seed document."""
    query = f"?{urllib.parse.urlencode({'project_id': project_id})}" if project_id else ""
    document: dict[str, Any] = _call("GET", f"{url}/_mockelb/state{query}", token=token)
    return document


def import_state(url: str, document: Any, *, token: str | None) -> dict[str, int]:
    """POST /_mockelb/state; how many items of each kind were loaded."""
    body = json.dumps(document).encode()
    answer = _call("POST", f"{url}/_mockelb/state", token=token, body=body)
    loaded: dict[str, int] = answer.get("loaded", {})
    return loaded


def read_document(name: str) -> Any:
    """A seed document from a file (JSON when it ends in .json, else YAML) or stdin ("-");
    ValueError says why it cannot be read."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"cannot read {name}: it is not UTF-8 text") from None
    try:
        return json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ValueError(f"{name}: not valid YAML/JSON: {str(exc).splitlines()[0]}") from None


def _call(method: str, url: str, *, token: str | None, body: bytes | None = None) -> Any:
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["X-Admin-Token"] = token
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise StateCommandError(_refusal(exc)) from None
    except urllib.error.URLError as exc:
        raise StateCommandError(f"cannot reach {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:  # a reset connection, a timeout, a body not JSON
        raise StateCommandError(f"{method} {url} failed: {exc}") from None


def _refusal(exc: urllib.error.HTTPError) -> str:
    """The server's error_msg (and code), or the HTTP status when the body has none."""
    try:
        body = json.loads(exc.read())
        return f"{body['error_msg']} ({body['error_code']}, HTTP {exc.code})"
    except (ValueError, KeyError, TypeError, OSError):
        return f"HTTP {exc.code} {exc.reason} from {exc.url}"
