"""Ticket layouts as exact bytes, and decoded back to the paper a citizen reads."""

from __future__ import annotations

import pytest
import qrcode
from PIL import Image

from hardware import layout, raster, sizes
from hardware.options import PrintOptions
from tests.hardware.conftest import standard_slip
from tests.hardware.escpos_decoder import (
    STANDARD_PAGES,
    Stream,
    assert_clear_around_qr,
    assert_codepage_after_every_init,
    assert_raster_tight,
    decode,
    mask_rasters,
    read_qr_codes,
)

ESC_AT, CENTER = b"\x1b@", b"\x1ba\x01"
BOLD_ON, BOLD_OFF = b"\x1bE\x01", b"\x1bE\x00"
QR_URL = b"http://192.168.1.10:8000/t/1234"
CLEAR = b"\x1bJ\x18"  # 4 modules of 6 dots
QR = (b"\x1d(k\x04\x001A2\x00" + b"\x1d(k\x03\x001C\x06" + b"\x1d(k\x03\x001E1"
      + b'\x1d(k"\x001P0' + QR_URL + b"\x1d(k\x03\x001Q0")
CUT = b"\x1bd\x06\x1dV\x00"
OFFICE_TCVN3 = b"B\xe9 ph\xcbn M\xe9t c\xf6a - UBND x\xb7 K\xfa S\xacn\n"
FOOTER_TCVN3 = b"C\xb6m \xacn \xabng/b\xb5 \xae\xb7 \xae\xd5n l\xb5m th\xf1 t\xf4c\n"
LONG_NAME = "ỦY QUYỀN – ĐĂNG KÝ HỘ TỊCH; Ưu tiên người cao tuổi"
SIXTY = "Chứng thực bản sao từ bản chính giấy tờ, văn bản tiếng Việt."
assert len(SIXTY) == 60


def ticket(mode: str, paper: int, profile: str | None = None, **slip: object) -> tuple[
        bytes, Stream, PrintOptions]:
    profile = profile or ("TM-T20II" if mode == "codepage" else None)
    options = PrintOptions.resolve(profile, mode, paper)
    data = layout.ticket(standard_slip(**slip), options)
    return data, decode(data, width=options.dots), options


# (80 mm: label 6 x 6, service and wait 2 x 2; 58 mm: label 5 x 5, double height)
@pytest.mark.parametrize("paper, label, big", [(80, b"\x1d!U", b"\x1d!\x11"),
                                               (58, b"\x1d!D", b"\x1d!\x01")])
def test_codepage_ticket_exact_bytes(paper: int, label: bytes, big: bytes) -> None:
    expected = (
        ESC_AT + b"\x1bt\x1e" + CENTER
        + OFFICE_TCVN3 + b"\n"
        + BOLD_ON + label + b"A023\n"
        + big + b"T\xad ph\xb8p - H\xe9 t\xdech\n"
        + BOLD_OFF + b"\x1d!\x00" + b"S\xe8 ng\xad\xeai ch\xea tr\xad\xedc: 7\n"
        + big + b"Ch\xea kho\xb6ng 20-25 ph\xf3t\n"
        + CLEAR + QR + CLEAR
        + b"\x1d!\x00" + b"27/11/2026 08:15\n"
        + FOOTER_TCVN3
        + CUT
    )
    data, _, _ = ticket("codepage", paper)
    assert data == expected
    assert len(expected) <= 400


def test_codepage_ticket_with_the_estimators_range_and_lunch_exact_bytes() -> None:
    # 25–35 min from the estimator (its bounds rounded to 5 min), and every counter of the service at lunch.
    expected = (
        ESC_AT + b"\x1bt\x1e" + CENTER
        + OFFICE_TCVN3 + b"\n"
        + BOLD_ON + b"\x1d!U" + b"A023\n"
        + b"\x1d!\x11" + b"T\xad ph\xb8p - H\xe9 t\xdech\n"
        + BOLD_OFF + b"\x1d!\x00" + b"S\xe8 ng\xad\xeai ch\xea tr\xad\xedc: 7\n"
        + b"\x1d!\x11" + b"Ch\xea kho\xb6ng 25-35 ph\xf3t\n"
        + b"B\xe9 ph\xcbn ngh\xd8\ntr\xada \xae\xd5n 13:30\n"  # "Bộ phận nghỉ trưa đến 13:30", 24 columns
        + CLEAR + QR + CLEAR
        + b"\x1d!\x00" + b"27/11/2026 08:15\n"
        + FOOTER_TCVN3
        + CUT
    )
    data, stream, _ = ticket("codepage", 80, wait_low_s=1500, wait_high_s=2100, closed="lunch", closed_until="13:30")
    assert data == expected
    assert stream.lines[5:8] == ["Chờ khoảng 25-35 phút", "Bộ phận nghỉ", "trưa đến 13:30"]
    _, stream, _ = ticket("codepage", 58, wait_low_s=1500, wait_high_s=2100, closed="lunch", closed_until="13:30")
    assert stream.lines[5:7] == ["Chờ khoảng 25-35 phút", "Bộ phận nghỉ trưa đến 13:30"]


def test_codepage_ticket_decodes_to_vietnamese() -> None:
    _, stream, _ = ticket("codepage", 80)
    assert_codepage_after_every_init(stream, 30)
    assert stream.lines == [
        "Bộ phận Một cửa - UBND xã Kỳ Sơn", "", "A023", "Tư pháp - Hộ tịch",
        "Số người chờ trước: 7", "Chờ khoảng 20-25 phút", "27/11/2026 08:15",
        "Cảm ơn ông/bà đã đến làm thủ tục",
    ]
    assert stream.of("qr") == [QR_URL.decode()]
    assert stream.of("cut") == [0]


def test_codepage_plain_capitals_come_from_page_31() -> None:
    _, stream, _ = ticket("codepage", 80, service_vi="Đất đai – Xây dựng",
                          office_name="UBND xã ĐÔNG SƠN")
    assert stream.lines[0] == "UBND xã ĐÔNG SƠN"
    assert "Đất đai - Xây dựng" in stream.lines
    assert stream.of("codepage") == [30, 31, 30]  # page 31 from Đ of ĐÔNG to Đ of Đất


def test_codepage_capitals_page30_profile_option() -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", 80, capitals="page30")
    slip = standard_slip(service_vi="Đất đai – Xây dựng", office_name="UBND xã ĐÔNG SƠN")
    stream = decode(layout.ticket(slip, options), STANDARD_PAGES)
    assert stream.of("codepage") == [30]
    assert stream.lines[0] == "UBND xã ĐÔNG SƠN"


def test_codepage_toned_capitals_switch_page_and_back() -> None:
    _, stream, _ = ticket("codepage", 80, office_name="ỦY BAN xã Kỳ Sơn")
    assert stream.lines[0] == "ỦY BAN xã Kỳ Sơn"
    assert stream.of("codepage") == [30, 31, 30]


@pytest.mark.parametrize("mode, profile", [("codepage", "TM-T88V"), ("universal", None)])
def test_test_page_prints_both_qr_kinds(mode: str, profile: str | None) -> None:
    options = PrintOptions.resolve(profile, mode, 80)
    data = layout.test_page(options) + layout.test_page(options)
    stream = decode(data, STANDARD_PAGES, width=options.dots)
    assert stream.of("qr") == [layout.TEST_QR] * 2  # the native ones
    assert read_qr_codes(stream) == [layout.TEST_QR] * 4  # and the pictures
    assert_clear_around_qr(stream)
    if mode == "codepage":
        assert_codepage_after_every_init(stream, 30)
        assert options.columns == 42  # the TM-T88 head is 512 dots wide
        text = " ".join(stream.lines)
        assert layout.TEST_SAMPLE in text
        assert layout.TEST_CAPITALS.replace("–", "-") in text
        # Đ Ă Â Ê Ô Ơ Ư from both places, for the technician to compare.
        assert "capitals=page31: ĂÂÊÔƠƯĐ" in stream.lines
        assert "capitals=page30: ĂÂÊÔƠƯĐ" in stream.lines


@pytest.mark.parametrize("profile, paper, cut", [
    (None, 80, CUT),
    ("POS-5890", 58, b"\x1bd\x06"),  # no cutter: feed past the tear bar, no GS V
])
def test_universal_ticket_exact_bytes_around_rasters(profile: str | None, paper: int,
                                                     cut: bytes) -> None:
    data, stream, options = ticket("universal", paper, profile)
    r = b"<raster>"
    if paper == 80:
        body = (r + b"\x1bJ\x0c\n" + BOLD_ON + b"\x1d!UA023\n"
                + r + b"\x1bJ\x14" + r + b"\x1bJ\x0c" + r)
    else:  # the office name takes two lines at 24 dots on 58 mm
        body = (r + b"\x1bJ\x08" + r + b"\x1bJ\x0c\n" + BOLD_ON + b"\x1d!DA023\n"
                + r + b"\x1bJ\x12" + r + b"\x1bJ\x0c" + r)
    expected = (ESC_AT + CENTER + body + CLEAR + QR + CLEAR
                + BOLD_OFF + b"\x1d!\x0027/11/2026 08:15\n" + r + cut)
    assert mask_rasters(data) == expected
    assert len(data) <= 3000
    assert stream.of("codepage") == []  # ASCII only: no code page needed
    for image in stream.rasters:
        assert_raster_tight(image, options.dots)
    # Each picture went in bands, every band as narrow as centring allows: a blank
    # byte on both of its sides would have been left out.
    assert len(stream.bands) > len(stream.rasters)
    for band in stream.bands:
        assert any(row[0] for row in band.rows()) or any(row[-1] for row in band.rows())


def test_universal_english_keeps_ascii_lines_native() -> None:
    _, stream, _ = ticket("universal", 80, language="en")
    assert ["Justice - civil status", "People ahead of you: 7",
            "Wait: about 20-25 min", "27/11/2026 08:15"] == [
        line for line in stream.lines if line[:1].isalnum() and line != "A023"]
    # Only the office name and the footer carry Vietnamese letters.
    assert len(stream.rasters) == 2


def test_universal_rasters_show_the_vietnamese_text() -> None:
    """Each raster is the text drawn in its style, stretched by the printer."""
    _, stream, _ = ticket("universal", 80)
    drawn = sizes.SIZES[80].drawn
    texts = [("Bộ phận Một cửa — UBND xã Kỳ Sơn", drawn["office"]),
             ("Tư pháp – Hộ tịch", drawn["service"]),
             ("Số người chờ trước: 7", drawn["ahead"]),
             ("Chờ khoảng 20–25 phút", drawn["wait"]),
             ("Cảm ơn ông/bà đã đến làm thủ tục", drawn["footer"])]
    assert len(stream.rasters) == len(texts)
    for got, (text, style) in zip(stream.rasters, texts, strict=True):
        image = raster.render_line(text, style)
        assert image is not None
        assert (got.width_bytes, got.height, got.mode) == (
            (image.width + 7) // 8, image.height, style.mode)
        assert got.bitmap().crop((0, 0, image.width, image.height)).tobytes() == \
            image.convert("L").tobytes()


@pytest.mark.parametrize("mode", ["codepage", "universal"])
@pytest.mark.parametrize("paper", [80, 58])
def test_body_text_at_least_font_a(mode: str, paper: int) -> None:
    _, stream, _ = ticket(mode, paper, service_vi=LONG_NAME, priority_vi="Người cao tuổi")
    cells = [p for p in stream.placed if p.kind == "text"]
    assert cells and min(p.box[3] - p.box[1] for p in cells) >= sizes.FONT_A_HEIGHT
    assert all(style.size >= sizes.FONT_A_HEIGHT for style in sizes.SIZES[paper].drawn.values())
    if mode == "universal":
        # "Số người chờ trước: 7": from the top of S to the bottom of g, as in font A's cell.
        ahead = stream.rasters[-4]
        top, bottom = ahead.ink_rows()
        assert bottom - top + 1 >= sizes.FONT_A_HEIGHT


@pytest.mark.parametrize("mode", ["codepage", "universal"])
def test_80mm_uses_the_paper_width(mode: str) -> None:
    """The number, the service name and the wait are big enough for arm's length."""
    _, stream, options = ticket(mode, 80)
    label = [p for p in stream.placed if p.kind == "text" and p.what == "A"]
    assert label[0].box[3] - label[0].box[1] >= 144  # 18 mm
    left = min(p.box[0] for p in stream.placed if p.kind == "text" and p.what in "A023")
    right = max(p.box[2] for p in stream.placed if p.kind == "text" and p.what in "A023")
    assert right - left >= options.dots // 2
    if mode == "codepage":  # the service name and the wait at 2 x 2
        for first in ("T", "C"):
            cell = next(p for p in stream.placed if p.kind == "text" and p.what == first)
            assert (cell.box[2] - cell.box[0], cell.box[3] - cell.box[1]) == (24, 48)
    else:
        service, wait = stream.rasters[1], stream.rasters[3]
        for image, least in ((service, 40), (wait, 36)):
            top, bottom = image.ink_rows()
            assert bottom - top + 1 >= least


@pytest.mark.parametrize("mode", ["codepage", "universal"])
@pytest.mark.parametrize("paper", [80, 58])
@pytest.mark.parametrize("qr", ["native", "raster"])
def test_qr_reads_back_with_clear_space(mode: str, paper: int, qr: str) -> None:
    options = PrintOptions.resolve("TM-T20II" if mode == "codepage" else None, mode, paper, qr=qr)
    stream = decode(layout.ticket(standard_slip(), options), width=options.dots)
    assert stream.of("qr") == ([QR_URL.decode()] if qr == "native" else [])
    assert read_qr_codes(stream) == [QR_URL.decode()]
    assert_clear_around_qr(stream)


def test_raster_qr_is_the_same_symbol_drawn_by_the_host() -> None:
    options = PrintOptions.resolve(None, "universal", 80, qr="raster")
    stream = decode(layout.ticket(standard_slip(), options))
    (placed,) = [p for p in stream.placed
                 if p.kind == "raster" and abs(p.box[2] - p.box[0] - p.box[3] + p.box[1]) < 16]
    assert isinstance(placed.what, Image.Image)
    symbol = placed.what.crop(placed.what.point(lambda v: 255 - v).getbbox())
    # Drawn at half size and doubled by the printer: 6-dot modules, 29 of them (version 3).
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    expected.add_data(QR_URL)
    expected.make(fit=True)
    grid = expected.get_matrix()
    assert symbol.size == (6 * len(grid),) * 2
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            assert symbol.getpixel((6 * x + 3, 6 * y + 3)) == (0 if dark else 255)
    assert read_qr_codes(stream) == [QR_URL.decode()]


@pytest.mark.parametrize("paper", [80, 58])
def test_universal_sizes(paper: int) -> None:
    # As kiosks print it since the trust work: the QR carries the ticket's code, printed under it.
    code = dict(qr_data="http://192.168.1.10:8001/t/1234?c=K7QM9XD2", code="K7QM9XD2")
    standard, _, _ = ticket("universal", paper, **code)
    long, _, _ = ticket("universal", paper, service_vi=SIXTY, **code)
    assert len(standard) <= 3000
    assert len(long) <= 5000


def test_long_text_wraps_within_the_paper() -> None:
    long_name = "Trung tâm Phục vụ hành chính công tỉnh Nghệ An — điểm tiếp nhận số 2"
    for mode in ("codepage", "universal"):
        _, stream, options = ticket(mode, 58, office_name=long_name)
        if mode == "codepage":
            assert all(len(line) <= 32 for line in stream.lines)
        else:
            assert len(stream.rasters) > 5
            for image in stream.rasters:
                assert_raster_tight(image, options.dots)
        assert all(0 <= p.box[0] and p.box[2] <= options.dots for p in stream.placed)


def test_priority_line_is_printed() -> None:
    _, stream, _ = ticket("codepage", 80, priority_vi="Người cao tuổi")
    assert "Ưu tiên: Người cao tuổi" in stream.lines


@pytest.mark.parametrize("mode", ["codepage", "universal", "glyphs"])
def test_the_rating_code_is_printed_under_the_qr_as_native_text(mode: str) -> None:
    """The code a citizen types at the kiosk to rate: its label, then the code itself, natively in every mode."""
    _, stream, _ = ticket(mode, 80, code="K7QM9XD2")
    assert "K7QM 9XD2" in stream.lines
    if mode == "universal":
        label = raster.render_line("Mã đánh giá:", sizes.SIZES[80].drawn["issued"])
        assert label is not None
        assert any(r.bitmap().crop((0, 0, label.width, label.height)).tobytes() == label.convert("L").tobytes()
                   and r.width_bytes == (label.width + 7) // 8 for r in stream.rasters)
    elif mode == "codepage":  # (glyphs mode's downloaded letters are checked in test_glyphs.py)
        at = stream.lines.index("K7QM 9XD2")
        assert stream.lines[at - 1] == "Mã đánh giá:"
