"""Tap a service on the kiosk → the ticket's last byte written to a file: printer, against a real office server.

Prints figures and writes them to bench/kiosk-figures.txt; asserts nothing about time. Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_kiosk.py [--taps 60]

The server is ``onestop server`` in its own process (real HTTP, WebSocket, SQLite
with synchronous=FULL on this disk); the kiosk is the real one (controller, window,
printer on its worker thread, shared client layer) in this process, offscreen at
1920×1080, with the priority question off (one tap per ticket). Each tap is a mouse
click on a service tile; the time runs until the printer worker reports the slip
written and flushed (its signal delivered back on the screen's thread), i.e. after
POST /api/tickets was answered (fsynced), the slip laid out and every byte written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.common import ONESTOP, free_port, header, loadavg, onestop, summary_ms  # noqa: E402
from client.app import application, make_context  # noqa: E402
from client.events import ConnectionState  # noqa: E402
from hardware.printer import TicketPrinter  # noqa: E402
from kiosk.app import Kiosk, build_kiosk  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from tests.helpers.processes import wait_for_health  # noqa: E402

FIGURES = Path(__file__).resolve().parent / "kiosk-figures.txt"
TARGET_MS = 300.0
SERVICES = "ABCDEF"
KEEP: list[Kiosk] = []


def wait(condition, signal, timeout_s: float = 10.0) -> None:  # noqa: ANN001
    """Run the Qt event loop until ``condition()`` holds, re-checked when ``signal`` fires (no polling)."""
    if condition():
        return
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if condition():
            loop.quit()

    signal.connect(check)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(check)
    if not condition():
        raise TimeoutError("the kiosk did not get there")


def run_taps(url: str, token: str, printer_uri: str, taps: int) -> tuple[list[float], int]:
    context = make_context(argparse.Namespace(server=url, token=token, lang="vi"))
    config = replace(KioskConfig(), ask_priority=False, confirm_s=600)
    kiosk: Kiosk = build_kiosk(context, config, TicketPrinter(printer_uri), lockdown=False, quit_app=False)
    window, controller = kiosk.window, kiosk.controller
    window.resize(1920, 1080)
    window.show()
    context.stream.start()
    online = context.stream.connection_changed
    wait(lambda: context.stream.state == ConnectionState.ONLINE and controller.online, online)
    times: list[float] = []
    sent_bytes: list[int] = []
    done: dict[str, float] = {}

    def on_printed(_ticket: dict, sent: int) -> None:
        done["at"] = time.perf_counter()
        sent_bytes.append(sent)

    kiosk.printer.printed.connect(on_printed)
    kiosk.printer.failed.connect(lambda _t, error: sys.exit(f"printer failed: {error}"))
    try:
        for i in range(taps):
            tile = window.home.tiles[SERVICES[i % len(SERVICES)]]
            done.clear()
            start = time.perf_counter()
            QTest.mouseClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(tile.width() // 2, tile.height() // 2))
            wait(lambda: "at" in done, kiosk.printer.printed)
            times.append(done["at"] - start)
            controller.go_home()  # the citizen tapped "Xong"
        # Let the last "printed" reports reach the server before the next kiosk starts.
        wait(lambda: not kiosk.reports.pending, kiosk.reports.delivered)
    finally:
        kiosk.stop()
        window.hide()
        KEEP.append(kiosk)  # Qt objects live to the end of the run (replies may still be in flight)
    return times, sent_bytes[-1] if sent_bytes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=60)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="onestop-bench-kiosk-"))
    data = root / "office"
    onestop("init", data=data)
    token = onestop("device", "add", "bench-kiosk", "--role", "kiosk", data=data).strip().splitlines()[-1].strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = data.parent / "server.log"
    with log.open("wb") as out:  # a file, not a pipe nobody reads: the server never blocks on it
        server = subprocess.Popen(
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    results = []
    try:
        wait_for_health(url, server, log)
        application()
        for mode, query in (("universal", ""), ("codepage", "?profile=TM-T20II")):
            out = root / f"tickets-{mode}.bin"
            times, sent = run_taps(url, token, f"file:{out}{query}", args.taps)
            results.append((mode, summary_ms(times), sent, out.stat().st_size))
    finally:
        server.terminate()
        server.wait(10)

    lines = [
        header("kiosk: tap a service → the ticket's last byte on a file: printer"),
        f"server: onestop server (own process) on loopback, SQLite in {root} (synchronous=FULL); load {loadavg()}",
        "kiosk: the real app offscreen at 1920x1080, priority question off, printer on its worker thread",
    ]
    for mode, s, sent, total in results:
        ok = "✓" if s["p95"] <= TARGET_MS else "✗"
        lines.append(
            f"{mode:9} {s['n']} taps, {sent} bytes/ticket ({total} written): median {s['p50']:.1f} ms  "
            f"p95 {s['p95']:.1f} ms  max {s['max']:.1f} ms   target ≤ {TARGET_MS:.0f} ms {ok}"
        )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
