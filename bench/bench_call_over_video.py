"""A call over a playing video: how fast the Qt lobby display paints a call while its content zone plays a video.

Prints figures and writes them to bench/call-over-video-figures.txt; asserts nothing about time. Run:

    .venv/bin/python bench/bench_call_over_video.py [--calls 100] [--size 1280x720]

The office server is ``onestop server`` in its own process on loopback (the sample office). An
administrator uploads a test-pattern MP4 made here with FFmpeg (imageio-ffmpeg; nothing committed)
as the only slide, with a duration of 600 s (it loops). The Qt display runs in this process
(offscreen, 1920x1080, the real DisplayWindow with its SlideShow and PlaylistZone, the video decoded
by Qt Multimedia and painted frame by frame). Once frames are being painted, a thread presses
"call next" at counter 1 (HTTP POST) and we time, from just before the request is sent, the
banner and the zone's overlay both finishing a paint with that number (the later of the two).
The machine's load average is printed beside the figures: this PC is shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.*.info=false")

import requests  # noqa: E402

from bench.bench_display import start_server  # noqa: E402
from bench.common import free_port, header, summary_ms, wait_until  # noqa: E402
from tests.display.offices import office_toml  # noqa: E402
from tests.helpers.media import make_video  # noqa: E402
from tests.helpers.office import prepare_data, register_devices  # noqa: E402

FIGURES = ROOT / "bench" / "call-over-video-figures.txt"
TIMEOUT = 10
# [display] highlight_seconds: how long a call holds the zone (the driver waits it out between calls).
HIGHLIGHT_S = 1


def latency(
    url: str, tokens: dict[str, str], calls: int, cache: Path, upload: Callable[[], None]
) -> tuple[list[float], list[float], int, float]:
    """Seconds from each call's request to its paints, first with no playlist (the same display, the same
    load: the baseline), then while the video plays; frames painted and seconds taken in the second part."""
    from PySide6.QtCore import QEventLoop, QTimer

    from client.app import application, make_context
    from display.app import make_slideshow
    from display.window import DisplayWindow, SettingsLoader

    app = application()
    context = make_context(argparse.Namespace(server=url, token=tokens["display"], lang="vi"))
    loader = SettingsLoader(context.api, context.stream)
    loader.fetch()
    feed, show = make_slideshow(context, cache)
    feed.fetch()
    window = DisplayWindow(context, loader, show=show)
    zone = window.zone
    assert zone is not None and show.video is not None, "Qt Multimedia did not load: no video to measure against"
    window.resize(1920, 1080)
    window.show()
    context.stream.start()

    started: dict[str, float] = {}
    banner: dict[str, float] = {}
    overlay: dict[str, float] = {}
    frames = [0]
    show.video.frame.connect(lambda _image: frames.__setitem__(0, frames[0] + 1))
    window.banner.painted.connect(lambda n: banner.setdefault(n, time.perf_counter()) if n in started else None)
    zone.painted.connect(lambda n: overlay.setdefault(n, time.perf_counter()) if n in started else None)

    session = requests.Session()

    def post(path: str, device: str, body: dict[str, object] | None = None) -> requests.Response:
        auth = {"Authorization": f"Bearer {tokens[device]}"}
        return session.post(url + path, json=body, headers=auth, timeout=TIMEOUT)

    def drive(with_video: bool, done: threading.Event, span: list[float]) -> None:
        first = time.perf_counter()
        for _ in range(calls):
            number = post("/api/tickets", "kiosk", {"service": "B", "priority": None}).json()["number"]
            time.sleep(HIGHLIGHT_S + 0.3)  # the last call's highlight is over: the zone plays the video again
            started[number] = time.perf_counter()
            post("/api/counters/1/call-next", "counter1")
            # Without a playlist the zone is hidden: the banner's paint is the call's.
            wait_until(lambda n=number: n in banner and (n in overlay or not with_video), TIMEOUT, step=0.002)
        span.append(time.perf_counter() - first)
        done.set()

    loop = QEventLoop()

    def run_until(condition: Callable[[], bool], seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    run_until(lambda: context.stream.state == "online", 20)
    post("/api/counters/1/sign-in", "counter1", {"username": "clerk1", "pin": "246810"})
    parts: list[list[float]] = []
    spans: list[float] = []
    for with_video in (False, True):
        if with_video:
            upload()
            run_until(lambda: frames[0] >= 25, 60)  # a second of video painted before the first call
            assert frames[0] >= 25, f"the video did not play ({frames[0]} frames)"
        started.clear()
        before = frames[0]
        done = threading.Event()
        threading.Thread(target=drive, args=(with_video, done, spans), daemon=True).start()
        run_until(done.is_set, calls * 30)
        ends = {n: max(banner[n], overlay.get(n, 0.0)) for n in started if n in banner}
        parts.append([ends[n] - t for n, t in started.items() if n in ends])
    played = frames[0] - before
    show.stop()
    feed.cache.stop()
    context.stream.stop()
    window.close()
    app.processEvents()
    return parts[0], parts[1], played, spans[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--size", default="1280x720", help="the video's frame size")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="onestop-bench-video-") as tmp:
        data = Path(tmp) / "office"
        prepare_data(data, office_toml(4, f"highlight_seconds = {HIGHLIGHT_S}\n"))
        tokens = register_devices(data, time.time)
        video = make_video(Path(tmp) / "clip.mp4", seconds=10, size=args.size)
        port = free_port()
        server = start_server(data, port)
        url = f"http://127.0.0.1:{port}"

        def upload() -> None:
            answer = requests.post(
                f"{url}/api/admin/playlist/media", params={"title": "clip.mp4", "duration_s": 600},
                data=video.read_bytes(), headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=TIMEOUT,
            )  # fmt: skip
            answer.raise_for_status()

        try:
            baseline, both, frames, span = latency(url, tokens, args.calls, Path(tmp) / "cache", upload)
        finally:
            server.terminate()
            server.wait(TIMEOUT)
    load_after = os.getloadavg()
    figures, plain = summary_ms(both), summary_ms(baseline)
    lines = [
        header("call over a playing video (bench/bench_call_over_video.py)").rstrip(),
        f"calls: {args.calls} at counter 1 (HTTP POST call-next), loopback, sample office, display 1920x1080 "
        f"offscreen, content zone playing a {args.size} 25 fps H.264 MP4 (muted, looping)",
        "no playlist (baseline): call → banner painted (ms): "
        + ", ".join(f"{k} {v:.1f}" if k != "n" else f"n {v}" for k, v in plain.items()),
        "video playing: call → banner and zone overlay both painted (ms): "
        + ", ".join(f"{k} {v:.1f}" if k != "n" else f"n {v}" for k, v in figures.items()),
        f"target p95 ≤ 50 ms: {'met' if figures['p95'] <= 50 else 'MISSED'}",
        f"video frames painted meanwhile: {frames} in {span:.0f} s ({frames / span if span else 0:.1f}/s; "
        "paused while each call holds the zone)",
        f"machine load average (1/5/15 min) before {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, "
        f"after {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} on {os.cpu_count()} CPUs",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
