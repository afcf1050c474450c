"""Bytes, serial transfer time and build+write time of the standard ticket.

    .venv/bin/python bench/bench_printer.py [RUNS]

Serial 8N1 moves baud/10 bytes a second. Build+write is layout.ticket() plus
TicketPrinter writing to a file: printer, median and p99 over RUNS (100).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware import layout
from hardware.printer import TicketPrinter
from hardware.slip import TicketSlip

SLIP = TicketSlip(
    office_name="Bộ phận Một cửa — UBND xã Kỳ Sơn",
    label="A023",
    service_vi="Tư pháp – Hộ tịch",
    service_en="Justice – civil status",
    issued_at=datetime(2026, 11, 27, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    waiting_ahead=7,
    estimated_wait_s=1260,
    qr_data="http://192.168.1.10:8000/t/1234",
    footer="Cảm ơn ông/bà đã đến làm thủ tục",
)
CASES = [("codepage", "TM-T20II", 80), ("codepage", "TM-T20II", 58), ("universal", None, 80), ("universal", None, 58)]
BAUDS = (9600, 19200, 115200)


def main(runs: int = 100) -> None:
    print(f"Standard ticket (A023, Vietnamese), {runs} runs of build + write to file:")
    head = (
        f"{'mode':<10}{'profile':<10}{'paper':>6}{'bytes':>7}"
        + "".join(f"{b:>9}" for b in BAUDS)
        + f"{'median':>10}{'p99':>9}"
    )
    print(head)
    print("-" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        for mode, profile, paper in CASES:
            query = f"mode={mode}&paper={paper}" + (f"&profile={profile}" if profile else "")
            printer = TicketPrinter(f"file:{Path(tmp) / 'out.bin'}?{query}")
            size = len(layout.ticket(SLIP, printer.options))
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                printer.print_slip(SLIP)
                times.append(time.perf_counter() - start)
            printer.close()
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            transfer = "".join(f"{size / (b / 10):>8.2f}s" for b in BAUDS)
            print(
                f"{mode:<10}{profile or 'default':<10}{paper:>4}mm{size:>7}{transfer}"
                f"{statistics.median(times) * 1000:>8.2f}ms{p99 * 1000:>7.2f}ms"
            )
    print("Columns 9600/19200/115200: serial transfer time at that baud (8N1).")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
