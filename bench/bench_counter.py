"""Click "call next" → the counter shows the ticket: latency on loopback against a real office server.

Prints figures and writes them to bench/counter-figures.txt; asserts nothing about time. Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_counter.py [--clicks 250]

The server is ``onestop server`` in its own process (real HTTP, WebSocket, SQLite
with synchronous=FULL on this disk); the counter app is the real one (controller,
window, shared client layer) in this process, offscreen at 1366×768. Each click is
the "Gọi số tiếp theo" button's ``click()``; the time runs until the big number on
the ticket panel shows the new ticket (set from the event stream, then the panel
repainted synchronously), and
separately until the action's own HTTP answer has come back (the button is usable
again). Call-next also finishes the ticket in hand, as clerks use it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from bench.common import ONESTOP, free_port, header, onestop, summary_ms  # noqa: E402
from client.app import ClientContext, application, make_context  # noqa: E402
from client.events import ConnectionState  # noqa: E402
from counter.app import build  # noqa: E402
from counter.intents import Intent  # noqa: E402
from counter.window import CounterWindow  # noqa: E402
from tests.helpers.processes import wait_for_health  # noqa: E402

FIGURES = Path(__file__).resolve().parent / "counter-figures.txt"
TARGET_P95_MS = 50.0


def token_of(output: str) -> str:
    return output.strip().splitlines()[-1].strip()


def wait_for(window: CounterWindow, condition, timeout_s: float = 10.0) -> None:  # noqa: ANN001
    """Run the Qt event loop until ``condition()`` holds after some change (no polling)."""
    if condition():
        return
    loop = QEventLoop()

    def check() -> None:
        if condition():
            loop.quit()

    window.controller.changed.connect(check)
    window.controller.busy_changed.connect(check)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    window.controller.changed.disconnect(check)
    window.controller.busy_changed.disconnect(check)
    if not condition():
        raise TimeoutError("the counter did not get there")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=250)
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="onestop-bench-counter-")) / "office"
    onestop("init", data=data)
    kiosk = token_of(onestop("device", "add", "bench-kiosk", "--role", "kiosk", data=data))
    counter = token_of(onestop("device", "add", "bench-counter1", "--role", "counter", "--counter", "1", data=data))
    onestop("clerk", "add", "bench", "--pin", "246810", "--name", "Bench Clerk", data=data)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = data.parent / "server.log"
    with log.open("wb") as out:  # a file, not a pipe nobody reads: the server never blocks on it
        server = subprocess.Popen(
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port), "--insecure-http"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        wait_for_health(url, server, log)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {kiosk}"
        for _ in range(args.clicks):
            assert session.post(url + "/api/tickets", json={"service": "B"}, timeout=10).status_code == 201
        signed = requests.post(url + "/api/counters/1/sign-in", json={"username": "bench", "pin": "246810"},
                               headers={"Authorization": f"Bearer {counter}"}, timeout=10)
        assert signed.status_code == 200, signed.text

        app = application()
        context: ClientContext = make_context(
            argparse.Namespace(server=url, token=counter, lang="vi"))
        window = build(context)
        assert isinstance(window, CounterWindow)
        window.resize(1366, 768)
        window.show()
        context.stream.start()
        wait_for(window, lambda: context.stream.state == ConnectionState.ONLINE and window.controller.state == "idle")
        button = window.action_bar.buttons[Intent.CALL_NEXT]

        shown: list[float] = []
        answered: list[float] = []
        for _ in range(args.clicks):
            before = window.ticket.number.text()
            start = time.perf_counter()
            button.click()
            wait_for(window, lambda before=before: window.ticket.number.text() not in (before, "—"))
            window.ticket.repaint()  # the panel actually drawn with the new number, not just its text set
            shown.append(time.perf_counter() - start)
            wait_for(window, lambda: window.controller.busy is None)
            answered.append(time.perf_counter() - start)
        context.stream.stop()
        app.processEvents()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data.parent, ignore_errors=True)

    s, a = summary_ms(shown), summary_ms(answered)
    lines = [
        header("counter: click 'call next' → the ticket on screen"),
        f"server: onestop server (own process) on loopback, SQLite in {data.parent} (synchronous=FULL)",
        f"clicks: {s['n']} (each call-next also finishes the ticket in hand)",
        f"ticket shown (event stream → ticket panel): p50 {s['p50']:.1f} ms  p95 {s['p95']:.1f} ms  "
        f"p99 {s['p99']:.1f} ms  max {s['max']:.1f} ms   target p95 ≤ {TARGET_P95_MS:.0f} ms "
        f"{'✓' if s['p95'] <= TARGET_P95_MS else '✗'}",
        f"HTTP answer back (button usable again): p50 {a['p50']:.1f} ms  p95 {a['p95']:.1f} ms  "
        f"p99 {a['p99']:.1f} ms  max {a['max']:.1f} ms",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
