"""Schemathesis against a real `mockelb serve`, from the OpenAPI document it serves
(/_mockelb/openapi.json): every operation of the document but the admin routes that put
the state back, load a seed document or inject faults (a fault answers with a 5xx on
purpose), with generated requests, valid and invalid, and on every answer the checks:

* `not_a_server_error`: no 5xx;
* `status_code_conformance` and `response_schema_conformance`: a status the document
  lists, with the body it describes (the errors in the cloud's envelope, the success bodies
  the SDK's models);
* `no_fastapi_error_shapes` (tests/schemathesis_hooks.py): never FastAPI's own 422 and
  never a body with a top-level `detail`.

Bounded and reproducible: a fixed seed, the fuzzing phase alone with MAX_EXAMPLES cases per
operation (about a thousand cases in all, well within a minute on one worker), no example
database, one worker (the cases run in the same order every time, on a server whose ids
are seeded). The path's `project_id` is always the demo project, and the other path ids
are mostly the demo data's (DEMO_IDS), so the cases reach the validation of what they send
rather than the 404 of an unknown resource; the deletes run last (RUNS), once the other
operations have had the demo resources.

It drives Schemathesis's CLI (`schemathesis run`) rather than its pytest loader: the lazy
loader (`schemathesis.pytest.from_fixture`) sets `Node._nodeid`, which pytest 9.2 no longer
has. Runs only when selected (`pytest -m schemathesis`, a stage of .ci/run): tests/conftest.py
skips it otherwise. A failure prints Schemathesis's report, with a curl command reproducing
each failure against a server started with SERVER_ARGS.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import demo
from tests.serve import ServerProcess, clean_environment

pytestmark = [pytest.mark.schemathesis, pytest.mark.slow]

HOOKS = Path(__file__).with_name("schemathesis_hooks.py")
SCHEMATHESIS = (sys.executable, "-m", "schemathesis.cli")
# ids and request ids the same from run to run
SERVER_ARGS = ("--id-seed", "1")
SEED = 20240501
# cases per operation (the fuzzing phase): some 130 operations, about a thousand cases
MAX_EXAMPLES = 8
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "response_schema_conformance",
    "no_fastapi_error_shapes",
)
# the whole run; it takes well under a minute
TIMEOUT = 300

# path parameter -> the demo data's ids of it; the rest of the cases draw any string
DEMO_IDS = {
    "loadbalancer_id": (demo.LB, demo.LB_IP_TARGETS),
    "listener_id": (demo.LISTENER, demo.LISTENER_2),
    "pool_id": demo.ALL_POOLS,
    "ipgroup_id": (demo.IPGROUP,),
    "certificate_id": (demo.CERTIFICATE, demo.CA_CERTIFICATE),
    "flavor_id": (demo.L4_FLAVOR, demo.L7_FLAVOR),
    "vpc_id": (demo.VPC, demo.OTHER_VPC),
    "subnet_id": (demo.SUBNET_VPC_ID, demo.DUALSTACK_NETWORK),
}
DEMO_ID_PROBABILITY = 0.8


def _config() -> str:
    """The schemathesis.toml of the run."""
    dictionaries = "\n".join(
        f"{name} = {{ values = {json.dumps(list(ids))} }}" for name, ids in DEMO_IDS.items()
    )
    parameters = "\n".join(
        f'"path.{name}" = {{ dictionary = "{name}", probability = {DEMO_ID_PROBABILITY} }}'
        for name in DEMO_IDS
    )
    return f"""\
hooks = "{HOOKS}"
seed = {SEED}
workers = 1
headers = {{ "X-Auth-Token" = "any" }}
request-timeout = 30

[dictionaries]
{dictionaries}

[parameters]
"path.project_id" = "{demo.PROJECT}"
{parameters}

[generation]
mode = "all"
max-examples = {MAX_EXAMPLES}
database = "none"

[phases]
examples.enabled = false
coverage.enabled = false
fuzzing.enabled = true
stateful.enabled = false
"""


# The operations in two runs, one after the other on the same server: the deletes (DELETE, and
# the POSTs of batch-delete and delete-cascade) last, so that the other operations find the
# demo data's resources still there. Neither runs the admin routes that put the state back,
# load a seed document or add and remove fault rules.
DELETES = r"^DELETE |delete"
RUNS = (
    ("--exclude-name-regex", rf"{DELETES}|^POST /_mockelb/(reset|state|faults)"),
    ("--include-name-regex", DELETES, "--exclude-name-regex", r"^DELETE /_mockelb/faults"),
)


def test_the_served_openapi_holds_under_schemathesis(tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config())
    outputs: list[str] = []
    failed = False
    with ServerProcess(*SERVER_ARGS) as server:
        for selection in RUNS:
            result = subprocess.run(
                [
                    *SCHEMATHESIS,
                    "--config-file",
                    str(config),
                    "run",
                    f"{server.url}/_mockelb/openapi.json",
                    "--checks",
                    ",".join(CHECKS),
                    *selection,
                    "--continue-on-failure",
                    "--no-color",
                    "--output-truncate",
                    "false",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=TIMEOUT,
                cwd=tmp_path,
                env=clean_environment(),
                check=False,
            )
            print(result.stdout)
            outputs.append(result.stdout)
            failed = failed or result.returncode != 0
        server.assert_no_errors_logged()
    assert not failed, "\n".join(output[-20000:] for output in outputs)
