"""Run `onestop` as a PC that lacks optional parts would: Python modules that cannot load, programs not on PATH.

A module is made unimportable by a meta-path finder put first in the new process, raising the ImportError a
missing system library gives (``libpulse.so.0: cannot open shared object file``) — the same exception the
apps meet on such a PC, raised at the same import. ``PATH`` is emptied, so espeak-ng and Chromium are not
found either.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

MISSING_LIBRARY = "libpulse.so.0: cannot open shared object file: No such file or directory"

PRELUDE = f"""
import sys

class MissingModules:
    def __init__(self, names):
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if any(name == n or name.startswith(n + ".") for n in self.names):
            raise ImportError({MISSING_LIBRARY!r}, name=name)
        return None

sys.meta_path.insert(0, MissingModules([n for n in sys.argv[1].split(",") if n]))
from onestop.cli import main
sys.exit(main(sys.argv[2:]))
"""


def command(missing: Sequence[str], args: Sequence[str]) -> list[str]:
    return [sys.executable, "-c", PRELUDE, ",".join(missing), *args]


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    # No PATH: no espeak-ng, no chromium. The interpreter is named by its full path.
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONFAULTHANDLER": "1", **(extra or {})}


def run(missing: Sequence[str], *args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``onestop ARGS`` to its end, with ``missing`` modules unimportable."""
    return subprocess.run(
        command(missing, args), capture_output=True, text=True, timeout=timeout, env=environment(), cwd=cwd
    )


def start(missing: Sequence[str], *args: str, cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    """``onestop ARGS`` in the background (stop it with ``stop``), its output in ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(command(missing, args), stdout=out, stderr=subprocess.STDOUT, env=environment(),
                                cwd=cwd)  # fmt: skip


def stop(proc: subprocess.Popen[bytes], timeout: float = 20) -> int:
    """Ctrl+C, as a technician stops an app in a terminal; its exit code."""
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
