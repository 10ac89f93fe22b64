"""`mockelb serve` as a subprocess on a free loopback port, for black-box tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx

from tests import databases

MODULE = (sys.executable, "-m", "mockelb")
RUN_TIMEOUT = 60.0


def clean_environment(**overrides: str) -> dict[str, str]:
    """This process's environment without any MOCKELB_* variable, plus the overrides."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MOCKELB_")}
    env.update(overrides)
    return env


def run(
    args: Sequence[str], *, command: Sequence[str] = MODULE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command to completion (bounded), capturing its output."""
    return subprocess.run(
        [*command, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=env if env is not None else clean_environment(),
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """`python -m mockelb serve --port <free port> <args>` in a process group of its own.

    Its output goes to a temporary file: `output()` reads it, and a server that fails to
    start shows its tail in the error. `kill()` sends SIGKILL to the server and its workers.
    Without a --database-url in `args` it runs on a new database of the suite's engine
    (tests/databases.py), kept until `close()`.
    """

    def __init__(self, *args: str, start_timeout: float = 60) -> None:
        self.database_url: str | None = None
        if not any(arg.split("=", 1)[0] == "--database-url" for arg in args):
            self.database_url = databases.fresh_database_url()
            args = ("--database-url", self.database_url, *args)
        self.args = args
        self.start_timeout = start_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._output = tempfile.TemporaryFile()
        self.process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mockelb", "serve", "--port", str(self.port), *self.args],
            stdout=self._output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_serving(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                if httpx.get(f"{self.url}/_mockelb/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mockelb serve did not start:\n{self.output()[-2000:]}")
            time.sleep(0.1)

    def output(self) -> str:
        self._output.seek(0)
        return self._output.read().decode(errors="replace")

    def assert_no_errors_logged(self) -> None:
        output = self.output()
        assert "Traceback" not in output and "unexpected error" not in output, output[-3000:]

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown, no flush, no goodbye."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None:
            # workers left behind by a parent that died are stopped too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def __enter__(self) -> ServerProcess:
        self.spawn()
        try:
            self.wait_until_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def close(self) -> None:
        try:
            self.stop()
            self._output.close()
        finally:
            if self.database_url is not None:
                databases.release(self.database_url)
                self.database_url = None

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextmanager
def served(*args: str, start_timeout: float = 60) -> Iterator[str]:
    """`python -m mockelb serve <args>` until the block ends; yields its base URL.

    Without a --database-url in `args` it runs on a new database of the suite's engine.
    """
    with ServerProcess(*args, start_timeout=start_timeout) as server:
        yield server.url
