"""Finding a procedure in a catalogue of 2,000: each key press → the results on the kiosk's screen.

Prints figures and writes them to bench/procedures-figures.txt; asserts nothing about time. Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_procedures.py [--procedures 2000] [--rounds 5]

A catalogue of ``--procedures`` procedures (the sample catalogue's 13, and names made from
the verbs, objects and qualifiers real procedure names are made of; seeded) is imported
with ``onestop procedures import`` into an office whose ``onestop server`` runs in its own
process. Then:

1. search alone: ``core.procedure_search.SearchIndex.search`` for every prefix of the
   queries below as a citizen types them letter by letter (each query typed afresh,
   the index's per-word memory emptied first, as for a new citizen);
2. the kiosk: the real app offscreen at 1920x1080, connected to that server, on its
   find screen; each letter is a mouse click on the on-screen keyboard, and the time
   runs until the result list has been repainted (a synchronous repaint after the click).

Also: the import, GET /api/procedures (its size), and the kiosk building its index.
"""

from __future__ import annotations

import argparse
import csv
import gc
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.common import ONESTOP, free_port, header, loadavg, onestop, summary_ms  # noqa: E402
from client.app import application, make_context  # noqa: E402
from client.events import ConnectionState  # noqa: E402
from core.procedure_search import SearchIndex, fold  # noqa: E402
from hardware.printer import TicketPrinter  # noqa: E402
from kiosk.app import Kiosk, build_kiosk  # noqa: E402
from kiosk.catalogue import procedure_from_json  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from server.procedures_file import rows_of  # noqa: E402
from tests.helpers.processes import wait_for_health  # noqa: E402

FIGURES = Path(__file__).resolve().parent / "procedures-figures.txt"
TARGET_MS = 50.0
QUERIES = (
    "dang ky ket hon",
    "khai sinh",
    "chung thuc ban sao",
    "khai sihn",  # a typo
    "cap lai giay chung nhan quyen su dung dat",
    "giay phep xay dung nha o rieng le",
    "tro cap xa hoi hang thang",
    "ho kinh doanh",
    "xac nhan tinh trang hon nhan",
    "dang ky lai khai tu",
)
VERBS = (
    "Đăng ký", "Đăng ký lại", "Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Thu hồi", "Xác nhận",
    "Thẩm định", "Phê duyệt", "Công nhận", "Giải quyết", "Hỗ trợ", "Thay đổi, cải chính", "Thông báo",
    "Tạm ngừng", "Chấm dứt", "Sửa đổi, bổ sung", "Chuyển đổi",
)  # fmt: skip
OBJECTS = (
    ("giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"), ("giấy chứng nhận quyền sử dụng đất", "Đất đai"),
    ("biến động đất đai", "Đất đai"), ("mục đích sử dụng đất", "Đất đai"), ("khai sinh", "Hộ tịch"),
    ("kết hôn", "Hộ tịch"), ("khai tử", "Hộ tịch"), ("giám hộ", "Hộ tịch"), ("nhận cha, mẹ, con", "Hộ tịch"),
    ("trích lục hộ tịch", "Hộ tịch"), ("trợ cấp xã hội hằng tháng", "Bảo trợ xã hội"),
    ("chế độ ưu đãi người có công với cách mạng", "Người có công"), ("hộ kinh doanh", "Hộ kinh doanh"),
    ("giấy phép bán lẻ rượu", "Lưu thông hàng hóa"), ("giấy phép bán lẻ thuốc lá", "Lưu thông hàng hóa"),
    ("hoạt động tín ngưỡng", "Tôn giáo"), ("lễ hội truyền thống", "Văn hóa"), ("câu lạc bộ thể thao", "Thể thao"),
    ("nhóm trẻ độc lập", "Giáo dục"), ("mầm non tư thục", "Giáo dục"), ("khai thác nước ngầm", "Tài nguyên nước"),
    ("phương án phòng chống thiên tai", "Phòng chống thiên tai"), ("hỗ trợ sản xuất nông nghiệp", "Nông nghiệp"),
    ("cơ sở chăn nuôi", "Chăn nuôi"), ("kiểm dịch động vật", "Thú y"), ("an toàn thực phẩm", "An toàn thực phẩm"),
    ("hợp đồng lao động", "Lao động"), ("bảo hiểm y tế hộ gia đình", "Bảo hiểm"), ("hộ cận nghèo", "Giảm nghèo"),
    ("người khuyết tật", "Bảo trợ xã hội"), ("biển số nhà", "Quản lý đô thị"), ("cấp nước sinh hoạt", "Hạ tầng"),
    ("tổ hợp tác", "Kinh tế tập thể"), ("hợp tác xã nông nghiệp", "Kinh tế tập thể"), ("di tích lịch sử", "Di sản"),
    ("quỹ xã hội, quỹ từ thiện", "Tổ chức phi chính phủ"), ("hội đặc thù", "Tổ chức hội"),
    ("chứng thực bản sao", "Chứng thực"), ("chứng thực chữ ký", "Chứng thực"), ("hợp đồng, giao dịch", "Chứng thực"),
)  # fmt: skip
QUALIFIERS = (
    "", " có yếu tố nước ngoài", " cho người nước ngoài", " lần đầu", " trong trường hợp bị mất",
    " trong trường hợp bị hư hỏng", " cho tổ chức", " cho cá nhân", " đối với hộ gia đình", " theo yêu cầu",
    " đã đăng ký trước đây", " do thay đổi thông tin", " tại khu vực biên giới", " trực tuyến",
)  # fmt: skip


def make_catalogue(count: int, sample: Path, out: Path) -> int:
    """The sample catalogue plus generated procedures, ``count`` in all, as an import file; returns the count."""
    with sample.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header_row, body = rows[0], rows[1:]
    rng = random.Random(19)
    names = sorted({f"{v} {o}{q}": field for v in VERBS for o, field in OBJECTS for q in QUALIFIERS}.items())
    rng.shuffle(names)
    papers = "\n".join(
        ("Tờ khai (theo mẫu) | 1 | bản chính", "Giấy tờ tùy thân | xuất trình", "Giấy tờ liên quan | 1 | bản sao")
    )
    index = {key: i for i, key in enumerate(header_row)}
    for n, (name, field) in enumerate(names[: count - len(body)], start=1):
        row = [""] * len(header_row)
        row[index["code"]] = f"BENCH.{n:06d}"
        row[index["name"]] = name
        row[index["field"]] = field
        row[index["level"]] = "commune"
        row[index["papers"]] = papers
        row[index["fee"]] = "Không"
        body.append(row)
    with out.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header_row, *body])
    return len(body)


def typed(query: str) -> list[str]:
    """What the search box holds after each key press while ``query`` is typed."""
    return [query[: end + 1] for end in range(len(query))]


def bench_search(index: SearchIndex, rounds: int, collector: bool) -> tuple[list[float], dict[str, str]]:
    """Each prefix of each query, as typed. ``collector``: CPython's automatic cyclic collector on.

    Off, the figures are the search's own: the kiosk runs the collector from a timer on its
    event loop (client/collector.py), between key presses, not inside the search; on, they
    include the full collections this process (PySide, the catalogue) would pause for.
    """
    times: list[float] = []
    firsts: dict[str, str] = {}
    if not collector:
        gc.disable()
    try:
        for _ in range(rounds):
            for query in QUERIES:
                index._matches.clear()  # a new citizen: nothing remembered from the last one
                for text in typed(query):
                    start = time.perf_counter()
                    hits = index.search(text)
                    times.append(time.perf_counter() - start)
                firsts[query] = index.procedures[hits[0].index].name if hits else "(nothing)"
    finally:
        gc.enable()
    return times, firsts


def full_collection_ms() -> float:
    gc.collect()
    start = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - start) * 1000


def wait(condition, signal, timeout_s: float = 20.0) -> None:  # noqa: ANN001
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


def bench_kiosk(url: str, token: str, rounds: int, keep: list[Kiosk]) -> tuple[list[float], float, int]:
    """Key presses on the real kiosk's keyboard → the list repainted; and when its catalogue arrived."""
    context = make_context(argparse.Namespace(server=url, token=token, lang="vi"))
    kiosk = build_kiosk(context, KioskConfig(), TicketPrinter("file:/dev/null"), lockdown=False, quit_app=False)
    keep.append(kiosk)
    window, controller = kiosk.window, kiosk.controller
    window.resize(1920, 1080)
    window.show()
    started = time.perf_counter()
    context.stream.start()
    wait(lambda: context.stream.state == ConnectionState.ONLINE and len(kiosk.catalogue.procedures) > 0,
         kiosk.catalogue.changed)  # fmt: skip
    loaded_s = time.perf_counter() - started
    keys = window.search.keyboard.keys
    times: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            controller.go_home()
            controller.open_find()
            QTest.qWait(1)
            kiosk.catalogue.index._matches.clear()
            for letter in query:
                key = keys["space" if letter == " " else letter]
                start = time.perf_counter()
                QTest.mouseClick(key, Qt.MouseButton.LeftButton, pos=QPoint(key.width() // 2, key.height() // 2))
                window.search.repaint()  # the list as the citizen sees it, painted now
                times.append(time.perf_counter() - start)
            assert fold(window.search.keyboard.text) == fold(query)
    kiosk.stop()
    window.hide()
    return times, loaded_s, len(kiosk.catalogue.procedures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="onestop-bench-procedures-"))
    data = root / "office"
    onestop("init", data=data)
    file = root / "catalogue.csv"
    sample = Path(__file__).resolve().parent.parent / "server" / "sample_procedures.csv"
    count = make_catalogue(args.procedures, sample, file)
    start = time.perf_counter()
    onestop("procedures", "import", str(file), data=data)
    import_s = time.perf_counter() - start
    token = onestop("device", "add", "bench-kiosk", "--role", "kiosk", data=data).strip().splitlines()[-1].strip()

    from server.config import load_config
    from server.procedures_file import read_catalogue

    procedures = read_catalogue(file, load_config(data / "office.toml").office)
    assert len(rows_of(procedures)) == count + 1
    start = time.perf_counter()
    index = SearchIndex(procedures)
    build_s = time.perf_counter() - start
    search_times, firsts = bench_search(index, args.rounds, collector=False)
    collected_times, _ = bench_search(index, args.rounds, collector=True)
    collection_ms = full_collection_ms()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = root / "server.log"
    keep: list[Kiosk] = []
    with log.open("wb") as out:
        server = subprocess.Popen(
            [ONESTOP, "server", "--data", str(data), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for_health(url, server, log)
        fetch = []
        for _ in range(5):
            start = time.perf_counter()
            answer = requests.get(f"{url}/api/procedures", headers={"Authorization": f"Bearer {token}"}, timeout=30)
            fetch.append(time.perf_counter() - start)
        body = answer.content
        start = time.perf_counter()
        SearchIndex([procedure_from_json(p) for p in json.loads(body)["procedures"]])
        kiosk_index_s = time.perf_counter() - start
        application()
        kiosk_times, loaded_s, kiosk_count = bench_kiosk(url, token, args.rounds, keep)
    finally:
        server.terminate()
        server.wait(10)

    s, k, c = summary_ms(search_times), summary_ms(kiosk_times), summary_ms(collected_times)
    fetched = summary_ms(fetch)
    lines = [
        header(f"procedures: find one of {count} at the kiosk, a key press at a time"),
        f"load {loadavg()}; server: onestop server (own process) on loopback, SQLite synchronous=FULL",
        f"catalogue: {count} procedures ({index.vocabulary} distinct words indexed); "
        f"queries: {len(QUERIES)} typed letter by letter, {args.rounds} rounds",
        f"import ({count} rows, CSV, all checked then one transaction): {import_s * 1000:.0f} ms (the whole command)",
        f"GET /api/procedures: {len(body) / 1024:.0f} KiB ({len(gzip.compress(body)) / 1024:.0f} KiB gzipped), "
        f"median {fetched['p50']:.1f} ms",
        f"index built: {build_s * 1000:.1f} ms (from the file's procedures); at the kiosk from JSON: "
        f"{kiosk_index_s * 1000:.1f} ms; kiosk start → catalogue searchable: {loaded_s * 1000:.0f} ms",
        f"search alone, per key press ({s['n']}): median {s['p50']:.2f} ms  p95 {s['p95']:.2f} ms  "
        f"p99 {s['p99']:.2f} ms  max {s['max']:.2f} ms   target p95 ≤ {TARGET_MS:.0f} ms "
        f"{'✓' if s['p95'] <= TARGET_MS else '✗'}",
        f"  … with CPython's automatic collector pausing inside: median {c['p50']:.2f} ms  p95 {c['p95']:.2f} ms  "
        f"p99 {c['p99']:.2f} ms  max {c['max']:.2f} ms (a full collection of this process: {collection_ms:.0f} ms)",
        f"kiosk, click on a key → list repainted ({k['n']}, {kiosk_count} procedures): median {k['p50']:.1f} ms  "
        f"p95 {k['p95']:.1f} ms  p99 {k['p99']:.1f} ms  max {k['max']:.1f} ms   target p95 ≤ {TARGET_MS:.0f} ms "
        f"{'✓' if k['p95'] <= TARGET_MS else '✗'}",
        "first result of each query:",
        *(f"  {query!r}: {name}" for query, name in firsts.items()),
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    FIGURES.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
