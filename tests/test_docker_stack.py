"""The container image and both compose stacks, built and run for real by
docker/test-stack.sh (it needs root and Docker; it sets up what is missing). Runs only when
selected: `pytest -m docker` (CI does, beside the suite on PostgreSQL)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_the_image_and_the_compose_stacks_build_and_serve() -> None:
    # the script bounds each of its waits; this bounds the whole (a first run builds the
    # base image with debootstrap: about six minutes here)
    result = subprocess.run(
        ["bash", str(ROOT / "docker" / "test-stack.sh")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=1200,
        check=False,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-4000:]
