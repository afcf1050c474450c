"""Fixtures for the printer tests: the standard ticket and fake printers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hardware.checklist import ChecklistSlip
from hardware.slip import TicketSlip
from tests.hardware.fake_printer import PtyPrinter, TcpPrinter

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def standard_slip(**changes: object) -> TicketSlip:
    """The benchmark ticket of the brief (Ky Son commune, A023)."""
    fields: dict[str, object] = dict(
        office_name="Bộ phận Một cửa — UBND xã Kỳ Sơn",
        label="A023",
        service_vi="Tư pháp – Hộ tịch",
        service_en="Justice – civil status",
        issued_at=datetime(2026, 11, 27, 8, 15, tzinfo=HCM),
        waiting_ahead=7,
        estimated_wait_s=1260,
        qr_data="http://192.168.1.10:8000/t/1234",
        footer="Cảm ơn ông/bà đã đến làm thủ tục",
    )
    fields.update(changes)
    return TicketSlip(**fields)  # type: ignore[arg-type]


def marriage_checklist(**changes: object) -> ChecklistSlip:
    """The sample catalogue's marriage registration (1.000894), as the kiosk prints its checklist."""
    fields: dict[str, object] = dict(
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
        printed_at=datetime(2026, 11, 27, 8, 15, tzinfo=HCM),
    )
    fields.update(changes)
    return ChecklistSlip(**fields)  # type: ignore[arg-type]


@pytest.fixture
def slip() -> TicketSlip:
    return standard_slip()


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter()
    yield printer
    printer.stop()


@pytest.fixture
def tcp_printer() -> Iterator[TcpPrinter]:
    printer = TcpPrinter()
    yield printer
    printer.stop()
