"""Bytes, serial transfer time and build+write time of a ticket in each printer mode.

    .venv/bin/python bench/bench_printer.py [RUNS]

Tickets: the standard one (A023, "Tư pháp – Hộ tịch"), one with a 60-character
service name, and one with a priority group. Serial 8N1 moves baud/10 bytes a
second. Build+write is layout.ticket() plus TicketPrinter writing to a file:
median and p99 over RUNS (100) of the standard ticket.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware import layout, raster
from hardware.printer import TicketPrinter
from hardware.slip import TicketSlip

STANDARD = TicketSlip(
    office_name="Bộ phận Một cửa — UBND xã Kỳ Sơn",
    label="A023",
    service_vi="Tư pháp – Hộ tịch",
    service_en="Justice – civil status",
    issued_at=datetime(2026, 11, 27, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    waiting_ahead=7,
    estimated_wait_s=1260,
    # As the kiosk prints it since the trust work: the QR carries the ticket's code, printed under it too.
    qr_data="http://192.168.1.10:8001/t/1234?c=K7QM9XD2",
    footer="Cảm ơn ông/bà đã đến làm thủ tục",
    code="K7QM9XD2",
)
SIXTY = "Chứng thực bản sao từ bản chính giấy tờ, văn bản tiếng Việt."
assert len(SIXTY) == 60
TICKETS = {
    "standard": STANDARD,
    "60-char name": dataclasses.replace(STANDARD, service_vi=SIXTY),
    "priority": dataclasses.replace(STANDARD, priority_vi="Người cao tuổi"),
}
# mode, profile, extra URI options
CASES = [("codepage", "TM-T20II", ""), ("universal", None, ""), ("glyphs", None, ""),
         ("codepage", "TM-T20II", "&qr=raster"), ("universal", None, "&qr=raster"),
         ("glyphs", None, "&qr=raster")]
BAUDS = (9600, 19200, 115200)


def seconds(size: int, baud: int) -> float:
    return size / (baud / 10)


def main(runs: int = 100) -> None:
    print(f"Font for universal mode: {raster.find_font()}")
    print(f"Bytes of each ticket, and the standard ticket's build + write to a file ({runs} runs):")
    head = (f"{'mode':<10}{'qr':<7}{'paper':>6}"
            + "".join(f"{name:>14}" for name in TICKETS)
            + "".join(f"{b:>9}" for b in BAUDS) + f"{'median':>10}{'p99':>9}")
    print(head)
    print("-" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        for mode, profile, extra in CASES:
            for paper in (80, 58):
                query = f"mode={mode}&paper={paper}{extra}" + (f"&profile={profile}" if profile else "")
                printer = TicketPrinter(f"file:{Path(tmp) / 'out.bin'}?{query}")
                sizes = {name: len(layout.ticket(slip, printer.options))
                         for name, slip in TICKETS.items()}
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    printer.print_slip(STANDARD)
                    times.append(time.perf_counter() - start)
                printer.close()
                times.sort()
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                cells = "".join(f"{size:>8} {seconds(size, 9600):>4.1f}s" for size in sizes.values())
                transfer = "".join(f"{seconds(sizes['standard'], b):>8.2f}s" for b in BAUDS)
                print(f"{mode:<10}{printer.options.qr:<7}{paper:>4}mm{cells}{transfer}"
                      f"{statistics.median(times) * 1000:>8.2f}ms{p99 * 1000:>7.2f}ms")
    print("Ticket columns: bytes and the transfer time at 9600 baud.")
    print("Columns 9600/19200/115200: the standard ticket's serial transfer time at that baud (8N1).")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
