"""Lobby display figures: how fast a call reaches a listener and the Qt screen, and what the display costs idle.

Prints figures and writes them to bench/display-figures.txt; asserts nothing about time. Run:

    .venv/bin/python bench/bench_display.py [--calls 200] [--idle 20]

The office server is ``onestop server`` in its own process on loopback (the sample office).
Latency: a thread presses "call next" at counter 1 (HTTP POST) and we time, from just before
the request is sent, (a) a WebSocket listener on /api/events receiving the ``ticket.called``
event, and (b) the Qt display in this process (offscreen, 1920x1080, the real DisplayWindow
fed by the shared EventStream) finishing the paint of its call banner with that number.
Idle: ``onestop display --windowed`` in its own process (offscreen platform, chime voice), left
alone for ``--idle`` seconds after it connected: CPU share and resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

import requests  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from bench.common import free_port, header, proc_cpu_s, proc_status_kb, summary_ms, wait_until  # noqa: E402
from tests.helpers.office import prepare_data, register_devices  # noqa: E402

FIGURES = ROOT / "bench" / "display-figures.txt"
TIMEOUT = 10


def start_server(data: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "onestop", "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port),
         "--insecure-http"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if not wait_until(lambda: _healthy(port), 20):
        proc.kill()
        raise RuntimeError("the office server did not start")
    return proc


def _healthy(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def latency(url: str, tokens: dict[str, str], calls: int) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QEventLoop, QTimer

    from client.app import application, make_context
    from display.window import DisplayWindow, SettingsLoader

    app = application()
    context = make_context(argparse.Namespace(server=url, token=tokens["display"], lang="vi"))
    loader = SettingsLoader(context.api, context.stream)
    loader.fetch()
    window = DisplayWindow(context, loader)
    window.resize(1920, 1080)
    window.show()
    context.stream.start()

    heard: dict[str, float] = {}
    painted: dict[str, float] = {}
    started: dict[str, float] = {}
    ready = threading.Event()
    done = threading.Event()

    def on_painted(number: str) -> None:
        if number in started and number not in painted:
            painted[number] = time.perf_counter()

    window.banner.painted.connect(on_painted)

    def listen() -> None:
        with connect(f"{url.replace('http', 'ws')}/api/events?token={tokens['display']}", open_timeout=TIMEOUT) as ws:
            ready.set()
            while not done.is_set():
                try:
                    event = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    continue
                if event.get("type") == "ticket.called":
                    heard.setdefault(event["ticket"]["number"], time.perf_counter())

    session = requests.Session()

    def post(path: str, device: str, body: dict[str, object] | None = None) -> requests.Response:
        auth = {"Authorization": f"Bearer {tokens[device]}"}
        return session.post(url + path, json=body, headers=auth, timeout=TIMEOUT)

    def drive() -> None:
        ready.wait(TIMEOUT)
        post("/api/counters/1/sign-in", "counter1", {"username": "clerk1", "pin": "246810"})
        for _ in range(calls):
            number = post("/api/tickets", "kiosk", {"service": "B", "priority": None}).json()["number"]
            time.sleep(0.05)  # the display has drawn the issue; the call starts from a quiet screen
            started[number] = time.perf_counter()
            post("/api/counters/1/call-next", "counter1")
            wait_until(lambda n=number: n in heard and n in painted, TIMEOUT, step=0.002)
        done.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    loop = QEventLoop()
    while context.stream.state != "online":
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    driver = threading.Thread(target=drive, daemon=True)
    driver.start()
    while not done.is_set():
        QTimer.singleShot(5, loop.quit)
        loop.exec()
    context.stream.stop()
    window.close()
    app.processEvents()
    to_listener = [heard[n] - t for n, t in started.items() if n in heard]
    to_screen = [painted[n] - t for n, t in started.items() if n in painted]
    return to_listener, to_screen


def idle(url: str, token: str, seconds: float) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "onestop", "display", "--server", url, "--token", token, "--windowed",
         "--voice", "chime"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(5)  # start-up and the first state
        cpu0, t0 = proc_cpu_s(proc.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = proc_cpu_s(proc.pid), time.monotonic()
        rss = proc_status_kb(proc.pid, "VmRSS")
        peak = proc_status_kb(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        proc.wait(TIMEOUT)
    assert cpu0 is not None and cpu1 is not None and rss is not None and peak is not None
    return {"cpu_pct": 100 * (cpu1 - cpu0) / (t1 - t0), "rss_mb": rss / 1024, "peak_mb": peak / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds to watch the idle display")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onestop-bench-display-") as tmp:
        data = Path(tmp) / "office"
        prepare_data(data)
        tokens = register_devices(data, time.time)
        port = free_port()
        server = start_server(data, port)
        url = f"http://127.0.0.1:{port}"
        try:
            to_listener, to_screen = latency(url, tokens, args.calls)
            quiet = idle(url, tokens["display"], args.idle)
        finally:
            server.terminate()
            server.wait(TIMEOUT)
    listener, screen = summary_ms(to_listener), summary_ms(to_screen)
    lines = [
        header("lobby display (bench/bench_display.py)").rstrip(),
        f"calls: {args.calls} at counter 1 (HTTP POST call-next), loopback, sample office, display 1920x1080 offscreen",
        "call → WebSocket listener has the event (ms): "
        + ", ".join(f"{k} {v:.1f}" if k != "n" else f"n {v}" for k, v in listener.items()),
        "call → Qt display painted the number (ms):   "
        + ", ".join(f"{k} {v:.1f}" if k != "n" else f"n {v}" for k, v in screen.items()),
        f"target p95 ≤ 50 ms: listener {'met' if listener['p95'] <= 50 else 'MISSED'}, "
        f"display {'met' if screen['p95'] <= 50 else 'MISSED'}",
        f"idle display over {args.idle:.0f} s (own process, offscreen, 4 counters, notice scrolling at 25 fps): "
        f"CPU {quiet['cpu_pct']:.1f} % of one core, RSS {quiet['rss_mb']:.0f} MB (peak {quiet['peak_mb']:.0f} MB)",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
