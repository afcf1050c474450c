"""Schemathesis fuzzes the real office server from its own /openapi.json, once per role and once without a token.

It sends generated valid and invalid requests to every operation and fails on
a server error (5xx other than a declared 503), a status code the schema does
not declare for that operation, an answer that does not match its declared
schema or content type. A fixed seed per role keeps the run repeatable; set
ONESTOP_FUZZ_SEED to explore other inputs, ONESTOP_FUZZ_EXAMPLES for more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.office import Office

ST = Path(sys.executable).with_name("st")
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance"
EXAMPLES = os.environ.get("ONESTOP_FUZZ_EXAMPLES", "10")
# Every role of server/permissions.py, a counter's own devices at counter 1, and nobody.
DEVICES = ["kiosk", "counter1", "rating1", "display", "supervisor", "sync", None]


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES, ids=[d or "no-token" for d in DEVICES])
def test_the_api_keeps_to_its_own_description(office: Office, device: str | None, tmp_path: Path) -> None:
    # Something to act on: tickets waiting, one called at counter 1 and one served there.
    for service in "ABAB":
        office.issue(service)
    office.sign_in(1)
    assert office.act(1, "call-next").status_code == 200
    assert office.act(1, "call-next").status_code == 200
    command = [str(ST), "run", f"{office.url}/openapi.json", "--checks", CHECKS, "--max-examples", EXAMPLES]
    command += ["--seed", os.environ.get("ONESTOP_FUZZ_SEED", str(DEVICES.index(device) + 1)), "--no-color"]
    command += ["--request-timeout", "10", "--report-dir", str(tmp_path)]
    # A device waiting to be paired holds its request up to 25 s for the administrator's answer (a long poll,
    # not a fault): fuzzed with the rest it only times out; tests/server/test_pairing.py drives it.
    command += ["--exclude-path", "/api/pair/{pairing_id}/wait"]
    if device is not None:
        command += ["--header", f"Authorization: Bearer {office.tokens[device]}"]
    # In tmp_path: schemathesis keeps a cache of what it found in its working directory.
    run = subprocess.run(command, capture_output=True, text=True, timeout=170, check=False, cwd=tmp_path)
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary.split("Test cases:")[-1], summary
