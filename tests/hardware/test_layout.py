"""Ticket layouts as exact bytes, and decoded back to the text a citizen reads."""

from __future__ import annotations

import pytest

from hardware import layout
from hardware.options import PrintOptions
from tests.hardware.conftest import standard_slip
from tests.hardware.escpos_decoder import (
    assert_codepage_after_every_init,
    assert_raster_tight,
    decode,
    mask_rasters,
)

ESC_AT, CENTER = b"\x1b@", b"\x1ba\x01"
BOLD_ON, BOLD_OFF = b"\x1bE\x01", b"\x1bE\x00"
LABEL = b"\x1d!3A023\n\x1d!\x00"  # GS ! 4x4, the label, back to 1x1
QR_URL = b"http://192.168.1.10:8000/t/1234"


def qr(module: int) -> bytes:
    return (b"\x1d(k\x04\x001A2\x00" + b"\x1d(k\x03\x001C" + bytes((module,))
            + b"\x1d(k\x03\x001E1" + b'\x1d(k"\x001P0' + QR_URL + b"\x1d(k\x03\x001Q0\n")


CUT = b"\x1bd\x06\x1dV\x00"
OFFICE_TCVN3 = b"B\xe9 ph\xcbn M\xe9t c\xf6a - UBND x\xb7 K\xfa S\xacn\n"
FOOTER_TCVN3 = b"C\xb6m \xacn \xabng/b\xb5 \xae\xb7 \xae\xd5n l\xb5m th\xf1 t\xf4c\n"


@pytest.mark.parametrize("paper, module", [(80, 6), (58, 5)])
def test_codepage_ticket_exact_bytes(paper: int, module: int) -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", paper)
    expected = (
        ESC_AT + b"\x1bt\x1e" + CENTER
        + OFFICE_TCVN3 + b"\n"
        + BOLD_ON + LABEL
        + b"T\xad ph\xb8p - H\xe9 t\xdech\n" + BOLD_OFF
        + b"S\xe8 ng\xad\xeai ch\xea tr\xad\xedc: 7\n"
        + b"Ch\xea kho\xb6ng 20-25 ph\xf3t\n"
        + qr(module)
        + b"27/11/2026 08:15\n"
        + FOOTER_TCVN3
        + CUT
    )
    assert layout.ticket(standard_slip(), options) == expected
    assert len(expected) <= 400


def test_codepage_ticket_decodes_to_vietnamese() -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", 80)
    stream = decode(layout.ticket(standard_slip(), options))
    assert_codepage_after_every_init(stream, 30)
    assert stream.lines == [
        "Bộ phận Một cửa - UBND xã Kỳ Sơn", "", "A023", "Tư pháp - Hộ tịch",
        "Số người chờ trước: 7", "Chờ khoảng 20-25 phút", "", "27/11/2026 08:15",
        "Cảm ơn ông/bà đã đến làm thủ tục",
    ]
    assert stream.of("qr") == [QR_URL.decode()]
    assert stream.of("cut") == [0]


def test_codepage_d_with_stroke_needs_no_page_switch() -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", 80)
    slip = standard_slip(service_vi="Đất đai – Xây dựng", office_name="UBND xã ĐÔNG SƠN")
    stream = decode(layout.ticket(slip, options))
    assert stream.of("codepage") == [30]
    assert "Đất đai - Xây dựng" in stream.lines
    assert stream.lines[0] == "UBND xã ĐÔNG SƠN"


def test_codepage_toned_capitals_switch_page_and_back() -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", 80)
    stream = decode(layout.ticket(standard_slip(office_name="ỦY BAN xã Kỳ Sơn"), options))
    assert stream.lines[0] == "ỦY BAN xã Kỳ Sơn"
    assert stream.of("codepage") == [30, 31, 30]


def test_codepage_test_page_resends_code_page_after_init() -> None:
    options = PrintOptions.resolve("TM-T88V", "codepage", 80)
    stream = decode(layout.test_page(options) + layout.test_page(options))
    assert_codepage_after_every_init(stream, 30)
    assert options.columns == 42  # the TM-T88 head is 512 dots wide
    assert layout.TEST_SAMPLE in " ".join(stream.lines)
    assert stream.of("qr") == ["onestop printer test", "onestop printer test"]


@pytest.mark.parametrize("profile, paper, cut", [
    (None, 80, CUT),
    ("POS-5890", 58, b"\x1bd\x06"),  # no cutter: feed past the tear bar, no GS V
])
def test_universal_ticket_exact_bytes_around_rasters(profile: str | None, paper: int,
                                                     cut: bytes) -> None:
    options = PrintOptions.resolve(profile, "universal", paper)
    data = layout.ticket(standard_slip(), options)
    gap = b"\x1bJ\x08"
    expected = (
        ESC_AT + CENTER
        + b"<raster>" + gap + b"\n"
        + BOLD_ON + LABEL
        + b"<raster>" + gap + b"<raster>" + gap + b"<raster>" + gap
        + qr(6 if paper == 80 else 5)
        + BOLD_OFF + b"27/11/2026 08:15\n"
        + b"<raster>" + gap
        + cut
    )
    assert mask_rasters(data) == expected
    assert len(data) <= 3000
    stream = decode(data)
    assert stream.of("codepage") == []  # ASCII only: no code page needed
    for image in stream.rasters:
        assert image.mode == 0
        assert_raster_tight(image, options.dots)


def test_universal_english_keeps_ascii_lines_native() -> None:
    options = PrintOptions.resolve(None, "universal", 80)
    stream = decode(layout.ticket(standard_slip(language="en"), options))
    assert ["Justice - civil status", "People ahead of you: 7",
            "Wait: about 20-25 min", "27/11/2026 08:15"] == [
        line for line in stream.lines if line[:1].isalnum() and line != "A023"]
    # Only the office name and the footer carry Vietnamese letters.
    assert len(stream.rasters) == 2


def test_universal_rasters_show_the_vietnamese_text() -> None:
    """Each raster equals the text drawn by the font; the widths differ by line."""
    from hardware import raster

    options = PrintOptions.resolve(None, "universal", 80)
    stream = decode(layout.ticket(standard_slip(), options))
    texts = [("Bộ phận Một cửa — UBND xã Kỳ Sơn", layout.SMALL_PX, False),
             ("Tư pháp – Hộ tịch", layout.SERVICE_PX, True),
             ("Số người chờ trước: 7", layout.BODY_PX, False),
             ("Chờ khoảng 20–25 phút", layout.BODY_PX, False),
             ("Cảm ơn ông/bà đã đến làm thủ tục", layout.SMALL_PX, False)]
    assert len(stream.rasters) == len(texts)
    for got, (text, px, bold) in zip(stream.rasters, texts, strict=True):
        image = raster.render_line(text, px, bold)
        assert image is not None
        assert (got.width_bytes, got.height) == ((image.width + 7) // 8, image.height)


def test_long_text_wraps_within_the_paper() -> None:
    long_name = "Trung tâm Phục vụ hành chính công tỉnh Nghệ An — điểm tiếp nhận số 2"
    for mode, profile in (("codepage", "TM-T20II"), ("universal", None)):
        options = PrintOptions.resolve(profile, mode, 58)
        stream = decode(layout.ticket(standard_slip(office_name=long_name), options))
        if mode == "codepage":
            assert all(len(line) <= 32 for line in stream.lines)
        else:
            assert len(stream.rasters) > 5
            for image in stream.rasters:
                assert_raster_tight(image, options.dots)


def test_priority_line_is_printed() -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", 80)
    stream = decode(layout.ticket(standard_slip(priority_vi="Người cao tuổi"), options))
    assert "Ưu tiên: Người cao tuổi" in stream.lines
