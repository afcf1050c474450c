"""--screenshot with a wrong token says so at once, not "no answer" after a timeout."""

import os
import subprocess
import sys
import time

from tests.helpers.office import Office


def test_wrong_token_is_named(office: Office, tmp_path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "onestop",
            "counter",
            "--server",
            office.url,
            "--token",
            "wrong",
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 1
    assert "refused this device" in done.stderr
    assert time.monotonic() - started < 12  # the no-answer timeout is 15 s
    assert not (tmp_path / "x.png").exists()
