"""Draw the printed ticket and a procedure's checklist in each mode and paper width, as the preview printer does.

    .venv/bin/python docs/ticket_previews.py

Writes docs/tickets/{ticket,checklist}-{codepage,universal,glyphs}-{80,58}mm.png at real size
(one pixel a printer dot, 203 dpi) through TicketPrinter and a preview: URI, so the
pictures come from the very bytes a printer would get.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware.checklist import ChecklistSlip
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
# The sample catalogue's marriage registration, as the kiosk prints it.
CHECKLIST = ChecklistSlip(
    office_name="Bộ phận Một cửa — UBND xã Kỳ Sơn",
    procedure="Đăng ký kết hôn",
    code="1.000894",
    papers=(
        ("Tờ khai đăng ký kết hôn (theo mẫu; hai bên có thể khai chung một tờ)", "1 bản chính"),
        ("Giấy xác nhận tình trạng hôn nhân (khi một bên không thường trú tại xã)", "1 bản chính"),
        ("Giấy tờ tùy thân có ảnh của cả hai bên nam, nữ", "Xuất trình bản chính"),
    ),
    fee="Miễn lệ phí (công dân Việt Nam cư trú trong nước)",
    processing_time="Ngay trong ngày tiếp nhận hồ sơ; cần xác minh thì không quá 05 ngày làm việc",
    service="A – Tư pháp – Hộ tịch",
    result_at="Bộ phận Một cửa UBND xã (quầy trả kết quả)",
    note="Hai bên nam, nữ cùng có mặt khi đăng ký.",
    qr_data="http://192.168.1.10:8001/thu-tuc/1.000894",
    printed_at=datetime(2026, 11, 27, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
)
CASES = [("codepage", "&profile=TM-T20II"), ("universal", ""), ("glyphs", "")]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for mode, extra in CASES:
            for paper in (80, 58):
                for kind in ("ticket", "checklist"):
                    uri = f"preview:{tmp}/{mode}-{paper}-{kind}?mode={mode}&paper={paper}{extra}"
                    with TicketPrinter(uri) as printer:
                        sent = printer.print_slip(SLIP) if kind == "ticket" else printer.print_checklist(CHECKLIST)
                        (path,) = printer.transport.written  # type: ignore[attr-defined]
                    target = OUT / f"{kind}-{mode}-{paper}mm.png"
                    shutil.copyfile(path, target)
                    print(f"{target}: {sent} bytes")


if __name__ == "__main__":
    main()
