"""Draw the printed ticket in each mode and paper width, as the preview printer does.

    .venv/bin/python docs/ticket_previews.py

Writes docs/tickets/ticket-{codepage,universal,glyphs}-{80,58}mm.png at real size (one
pixel a printer dot, 203 dpi) through TicketPrinter and a preview: URI, so the
pictures come from the very bytes a printer would get.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware.printer import TicketPrinter
from hardware.slip import TicketSlip

OUT = Path(__file__).parent / "tickets"
# A service name with stacked capitals (Ủ, Ề), Đ and Ư: the letters that went wrong.
SLIP = TicketSlip(
    office_name="Bộ phận Một cửa — UBND xã Kỳ Sơn",
    label="A023",
    service_vi="ỦY QUYỀN – ĐĂNG KÝ HỘ TỊCH; Ưu tiên người cao tuổi",
    service_en="Authorisation – civil status registration; elderly first",
    issued_at=datetime(2026, 11, 27, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    waiting_ahead=7,
    estimated_wait_s=1260,
    qr_data="http://192.168.1.10:8080/t/1234?c=7KQ3M9TZ",
    footer="Cảm ơn ông/bà đã đến làm thủ tục",
    priority_vi="Người cao tuổi",
    code="7KQ3M9TZ",
)
CASES = [("codepage", "&profile=TM-T20II"), ("universal", ""), ("glyphs", "")]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for mode, extra in CASES:
            for paper in (80, 58):
                uri = f"preview:{tmp}/{mode}-{paper}?mode={mode}&paper={paper}{extra}"
                with TicketPrinter(uri) as printer:
                    sent = printer.print_slip(SLIP)
                    (path,) = printer.transport.written  # type: ignore[attr-defined]
                target = OUT / f"ticket-{mode}-{paper}mm.png"
                shutil.copyfile(path, target)
                print(f"{target}: {sent} bytes")


if __name__ == "__main__":
    main()
