"""Shared bits of the benches: the 30-counter office, percentiles, process memory.

Not a test module: the benches print figures, they assert nothing about time.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ONESTOP = str(VENV_BIN / "onestop") if (VENV_BIN / "onestop").exists() else shutil.which("onestop") or "onestop"

# Share of tickets per service (the demand mix).
SERVICE_MIX = {"B": 0.35, "A": 0.20, "C": 0.15, "F": 0.13, "D": 0.12, "E": 0.05}
PRIORITY_SHARE = 0.05  # tickets carrying a priority group
PRIORITY_GROUPS = ("elderly", "disabled", "pregnant", "merit", "child")

# 30 counters, each 1–2 services, primaries roughly in proportion to demand:
# B 10, A 6, C 5, F 4, D 4, E 1 (+ B, F, E as second services where they help).
COUNTER_SERVICES: list[tuple[str, ...]] = (
    [("B", "F")] * 4
    + [("B",)] * 4
    + [("B", "A")] * 2
    + [("A", "B")] * 3
    + [("A",)] * 3
    + [("C", "E")] * 2
    + [("C",)] * 3
    + [("F", "B")] * 2
    + [("F",)] * 2
    + [("D", "F")] * 2
    + [("D",)] * 2
    + [("E", "C")]
)
assert len(COUNTER_SERVICES) == 30


def counters_toml(services: list[tuple[str, ...]] = COUNTER_SERVICES) -> str:
    blocks = []
    for n, served in enumerate(services, start=1):
        quoted = ", ".join(f'"{s}"' for s in served)
        blocks.append(f'[[counters]]\nnumber = {n}\nname = "Quầy {n}"\nservices = [{quoted}]\n')
    return "\n".join(blocks)


def rewrite_counters(config_path: Path, services: list[tuple[str, ...]] = COUNTER_SERVICES) -> None:
    """Replace the [[counters]] blocks with ours, where the first one stood; keep everything else.

    A counters block is its header plus ``key = value`` and blank lines; a comment
    or another table header ends it (comments above a table belong to that table).
    """
    out: list[str] = []
    in_block = False
    placed = False
    for line in config_path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped == "[[counters]]":
            in_block = True
            if not placed:
                out.append(counters_toml(services))
                placed = True
            continue
        if in_block:
            if stripped == "" or (not stripped.startswith(("#", "[")) and "=" in stripped):
                continue
            in_block = False
            out.append("")
        out.append(line)
    if not placed:
        out.append(counters_toml(services))
    config_path.write_text("\n".join(out) + "\n", encoding="utf-8")


def onestop(*args: str, data: Path) -> str:
    """Run the CLI; returns stdout (raises with its stderr on failure)."""
    proc = subprocess.run([ONESTOP, *args, "--data", str(data)], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"onestop {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


def init_office(data: Path, services: list[tuple[str, ...]] = COUNTER_SERVICES) -> None:
    """``onestop init`` then our counters (the DB's counter_state rows follow at next open)."""
    onestop("init", data=data)
    rewrite_counters(data / "office.toml", services)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list (nan if empty)."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[k]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    v = sorted(x * 1000 for x in seconds)
    return {
        "n": len(v),
        "p50": percentile(v, 50),
        "p95": percentile(v, 95),
        "p99": percentile(v, 99),
        "max": v[-1] if v else float("nan"),
    }


def proc_status_kb(pid: int, field: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(m.group(1)) if m else None


def proc_cpu_s(pid: int) -> float | None:
    """utime + stime of a process, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """CPU seconds all processes on the machine have used (from /proc/stat), for 'what else ran'."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fs_type(path: Path) -> str:
    try:
        out = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True, timeout=10).stdout
        return out.splitlines()[1].split()[1]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def header(title: str) -> str:
    import sqlite3

    return (
        f"== {title} ==\n"
        f"date: {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
        f"python: {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}, nproc: {os.cpu_count()} "
        f"(sched affinity {len(os.sched_getaffinity(0))}), {platform.platform()}\n"
    )


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
