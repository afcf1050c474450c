"""Waiting for a server started as a process of its own (the crash test, the CLI tests, the benches)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import requests


def wait_for_health(
    url: str,
    proc: subprocess.Popen,  # type: ignore[type-arg]
    log: Path | None = None,
    timeout: float = 30,
    verify: str | bool = True,
) -> None:
    """Return once ``url``/api/health answers 200; raise with the log's tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # a condition awaited, not a fixed sleep
        try:
            if requests.get(url + "/api/health", timeout=1, verify=verify).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    state = f"exited ({proc.returncode})" if proc.poll() is not None else f"no answer in {timeout:.0f} s"
    raise RuntimeError(f"server at {url}: {state}\n{tail}")
