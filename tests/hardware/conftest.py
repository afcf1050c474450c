"""Fixtures for the printer tests: the standard ticket and fake printers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

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
