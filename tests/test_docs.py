"""README.md and docs/: the index lists every page, links resolve, CI runs the README's command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def test_anchor_follows_github() -> None:
    assert _anchor(" The API reference example, verbatim") == "the-api-reference-example-verbatim"
    assert _anchor(" PostgreSQL and workers") == "postgresql-and-workers"
    assert _anchor(" Docker, compose, PostgreSQL") == "docker-compose-postgresql"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # http(s) and mailto links are not checked here
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: link to missing {target}"
        if anchor:
            assert anchor in _anchors(resolved), f"{page.name}: no heading for {target}"


def test_docs_index_lists_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| \[[^\]]+\]\(([^)#]+)\) \|", index, flags=re.M))
    pages = {page.name for page in DOCS.glob("*.md")} - {"README.md"}
    assert listed == pages


def test_readme_links_the_docs_index() -> None:
    assert "(docs/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert commands[0].endswith("mockelb serve")  # the first block starts the server
    test_command = commands[1]
    assert "pytest" in test_command and "\n" not in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_the_readme_shows_the_harness_examples_verbatim() -> None:
    """The README's harness example is the runnable tests/examples file, from its imports on."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / "tests" / "examples" / "test_harness_examples.py").read_text(encoding="utf-8")
    shown = example[example.index("import json") :].rstrip()
    assert f"```python\n{shown}\n```" in readme
