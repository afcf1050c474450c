"""A procedure's checklist as exact bytes in every mode, decoded back to the Vietnamese a citizen reads."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hardware import layout, raster, sizes, tcvn3
from hardware.checklist import ChecklistSlip, checklist_texts
from hardware.options import PrintOptions
from tests.hardware.conftest import marriage_checklist
from tests.hardware.escpos_decoder import (
    assert_clear_around_qr,
    assert_codepage_after_every_init,
    assert_raster_tight,
    decode,
    mask_rasters,
    read_qr_codes,
)
from tests.hardware.letters import LETTERS
from tests.hardware.test_glyphs import read

QR_URL = "http://192.168.1.10:8001/thu-tuc/1.000894"
SHORT = ChecklistSlip(
    office_name="UBND xã Kỳ Sơn",
    procedure="Đăng ký kết hôn",
    code="1.000894",
    papers=(("Tờ khai", "1 bản chính"), ("Căn cước", "Xuất trình bản chính")),
    fee="Miễn lệ phí",
    processing_time="",
    service="A – Hộ tịch",
    result_at="",
    note="",
    qr_data=QR_URL,
    printed_at=datetime(2026, 11, 27, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
)
MARRIAGE = marriage_checklist()
ESC_AT, CENTER, LEFT = b"\x1b@", b"\x1ba\x01", b"\x1ba\x00"
QR = (
    b"\x1d(k\x04\x001A2\x00\x1d(k\x03\x001C\x06\x1d(k\x03\x001E1\x1d(k,\x001P0" + QR_URL.encode() + b"\x1d(k\x03\x001Q0"
)
CLEAR = b"\x1bJ\x18"  # 4 modules of 6 dots
CUT = b"\x1bd\x06\x1dV\x00"


def options(mode: str, paper: int) -> PrintOptions:
    return PrintOptions.resolve("TM-T20II" if mode == "codepage" else None, mode, paper)


def printed_lines(slip: ChecklistSlip) -> list[str]:
    """Every paragraph of the checklist, in order, as the citizen reads it (before line wrapping)."""
    t = checklist_texts(slip)
    lines = [t.office, t.heading, t.procedure, t.code, *t.papers, t.fee, t.processing_time]
    lines += [t.service] if t.service else []
    lines += [t.result_at] + ([t.note] if t.note else []) + ([t.qr_caption] if t.qr_caption else []) + [t.printed]
    return lines


def test_codepage_exact_bytes_80mm() -> None:
    expected = (
        ESC_AT + b"\x1bt\x1e" + CENTER
        + b"UBND x\xb7 K\xfa S\xacn\n\n"
        # The heading's toned capitals come from page 31; Đ too, then back to page 30 for ă.
        + b"\x1bE\x01\x1d!\x01GI\x1bt\x1f\xcaY T\xea C\xc7N MANG THEO\n"
        + b"\x1d!\x11\xa7\x1bt\x1e\xa8ng k\xfd k\xd5t h\xabn\n"
        + b"\x1bE\x00\x1d!\x00M\xb7 th\xf1 t\xf4c: 1.000894\n"
        + b"\x1bJ\x0c" + LEFT
        + b"[ ] T\xea khai - 1 b\xb6n ch\xddnh\n"
        + b"\x1bJ\x06[ ] C\xa8n c\xad\xedc - Xu\xcat tr\xd7nh b\xb6n ch\xddnh\n"
        + b"\x1bJ\x18Ph\xdd, l\xd6 ph\xdd: Mi\xd4n l\xd6 ph\xdd\n"
        + b"Th\xeai h\xb9n gi\xb6i quy\xd5t: Xin h\xe1i c\xb8n b\xe9 t\xb9i qu\xc7y\n"
        + b"L\xcay s\xe8: A - H\xe9 t\xdech\n"
        + b"Tr\xb6 k\xd5t qu\xb6: Xin h\xe1i c\xb8n b\xe9 t\xb9i qu\xc7y\n"
        + CENTER + CLEAR + QR + CLEAR
        + b"Qu\xd0t m\xb7 \xae\xd3 xem th\xf1 t\xf4c tr\xaan \xaei\xd6n tho\xb9i\n"
        + b"In l\xf3c 27/11/2026 08:15\n"
        + CUT
    )  # fmt: skip
    assert layout.checklist(SHORT, options("codepage", 80)) == expected


@pytest.mark.parametrize("paper", [80, 58])
def test_codepage_decodes_to_the_vietnamese(paper: int) -> None:
    stream = decode(layout.checklist(MARRIAGE, options("codepage", paper)), width=options("codepage", paper).dots)
    assert_codepage_after_every_init(stream, 30)
    # Each paragraph's words, in order (lines wrap at the paper's width); dashes print as "-".
    words = " ".join(stream.lines).split()
    assert words == " ".join(tcvn3.fold(line) for line in printed_lines(MARRIAGE)).split()
    assert all(len(line) <= options("codepage", paper).columns for line in stream.lines)
    assert stream.of("qr") == [QR_URL]
    assert stream.of("cut") == [0]


def test_universal_exact_bytes_around_the_rasters() -> None:
    data = layout.checklist(SHORT, options("universal", 80))
    r = b"<raster>"
    expected = (
        ESC_AT + CENTER + r + b"\x1bJ\x0c\n"  # the office; its ASCII-free line feed
        + r + b"\x1bJ\x12" + r + b"\x1bJ\x14" + r + b"\x1bJ\x0c"  # heading, procedure, code
        + LEFT + r + b"\x1bJ\x0c" + r + b"\x1bJ\x18"  # the papers
        + r + b"\x1bJ\x0c" + r + b"\x1bJ\x0c" + r + b"\x1bJ\x0c" + r + b"\x1bJ\x0c"  # fee, time, service, result
        + CENTER + CLEAR + QR + CLEAR + r + b"\x1bJ\x0c" + r + CUT
    )  # fmt: skip
    assert mask_rasters(data) == expected


@pytest.mark.parametrize("paper", [80, 58])
def test_universal_rasters_are_the_vietnamese_text(paper: int) -> None:
    """Each raster is its line of text drawn in its role's style: nothing lost, nothing replaced."""
    opts = options("universal", paper)
    stream = decode(layout.checklist(MARRIAGE, opts), width=opts.dots)
    drawn = sizes.SIZES[paper].drawn
    t = checklist_texts(MARRIAGE)
    roles = [("office", t.office), ("heading", t.heading), ("procedure", t.procedure), ("code", t.code)]
    roles += [("paper", p) for p in t.papers]
    roles += [("fact", f) for f in (t.fee, t.processing_time, t.service, t.result_at) if f]
    roles += [("note", t.note or ""), ("note", t.qr_caption or ""), ("printed", t.printed)]
    expected = []
    for role, text in roles:
        text = layout._DASH_AFTER_SPACE.sub("\u00a0\\1", text)
        style = drawn[role]
        for line in layout.balanced(lambda width, text=text, style=style: raster.wrap(text, style, width), opts.dots):
            expected.append((line, style))
    assert len(stream.rasters) == len(expected)
    for got, (text, style) in zip(stream.rasters, expected, strict=True):
        image = raster.render_line(text, style)
        assert image is not None
        assert (got.width_bytes, got.height, got.mode) == ((image.width + 7) // 8, image.height, style.mode), text
        assert got.bitmap().crop((0, 0, image.width, image.height)).tobytes() == image.convert("L").tobytes(), text
        assert_raster_tight(got, opts.dots)


@pytest.mark.parametrize("paper", [80, 58])
def test_glyphs_print_each_letter_as_its_pattern(paper: int) -> None:
    opts = options("glyphs", paper)
    stream = decode(layout.checklist(MARRIAGE, opts), width=opts.dots)
    assert stream.of("codepage") == [] and stream.rasters == []
    # Wrapped lines joined back into the paragraphs' words: ASCII as ASCII, every letter its own pattern.
    got = " ".join(stream.lines).split()
    want = " ".join(tcvn3.fold(line) for line in printed_lines(MARRIAGE)).split()
    assert len(got) == len(want)
    read(type(stream)(ops=[("line", w) for w in got], patterns=stream.patterns), want, {})


@pytest.mark.parametrize("mode", ["codepage", "universal", "glyphs"])
@pytest.mark.parametrize("paper", [80, 58])
def test_qr_reads_back_with_clear_space_and_body_text_is_font_a(mode: str, paper: int) -> None:
    opts = options(mode, paper)
    stream = decode(layout.checklist(MARRIAGE, opts), width=opts.dots)
    assert read_qr_codes(stream) == [QR_URL]
    assert_clear_around_qr(stream)
    cells = [p for p in stream.placed if p.kind == "text"]
    assert min((p.box[3] - p.box[1] for p in cells), default=sizes.FONT_A_HEIGHT) >= sizes.FONT_A_HEIGHT
    assert all(sizes.SIZES[paper].drawn[role].size >= sizes.FONT_A_HEIGHT for role in sizes.CHECKLIST_ROLES)
    assert bool(cells) == (mode != "universal")  # universal: every line here has Vietnamese letters
    assert all(0 <= p.box[0] and p.box[2] <= opts.dots for p in stream.placed)


@pytest.mark.parametrize("mode", ["codepage", "universal", "glyphs"])
def test_every_vietnamese_letter_prints_exactly(mode: str) -> None:
    """Each of the 134 letters in the procedure's name and a paper's name, decoded back (codepage, glyphs)
    or drawn as itself (universal)."""
    opts = options(mode, 80)
    seen: dict[str, bytes] = {}
    for letter in LETTERS:
        slip = dataclasses.replace(SHORT, procedure=letter, papers=((letter, "1 bản chính"),), qr_data="")
        stream = decode(layout.checklist(slip, opts), width=opts.dots)
        if mode == "codepage":
            assert stream.lines[3] == letter and stream.lines[5] == f"[ ] {letter} - 1 bản chính"
        elif mode == "glyphs":
            assert len(stream.lines[3]) == 1 and stream.lines[3] in stream.patterns
            assert seen.setdefault(letter, stream.patterns[stream.lines[3]]) == stream.patterns[stream.lines[3]]
        else:
            procedure, paper = stream.rasters[2], stream.rasters[4]
            for got, text, role in (
                (procedure, letter, "procedure"),
                (paper, f"[ ] {letter}\u00a0— 1 bản chính", "paper"),
            ):
                image = raster.render_line(text, sizes.SIZES[80].drawn[role])
                assert image is not None
                assert got.bitmap().crop((0, 0, image.width, image.height)).tobytes() == image.convert("L").tobytes()
    if mode == "glyphs":
        assert len(set(seen.values())) == len(LETTERS)  # no two letters alike


def test_english_checklist_and_what_is_not_published() -> None:
    slip = dataclasses.replace(SHORT, language="en", papers=(), fee="", service="", qr_data="")
    stream = decode(layout.checklist(slip, options("codepage", 80)))
    assert stream.lines == [
        "UBND xã Kỳ Sơn",
        "",
        "PAPERS TO BRING",
        "Đăng ký kết hôn",
        "Procedure code: 1.000894",
        "[ ] Papers: please ask at the counter",
        "Fee: Please ask at the counter",
        "Processing time: Please ask at the counter",
        "Results: Please ask at the counter",
        "Printed 27/11/2026 08:15",
    ]
    assert stream.of("qr") == []


@pytest.mark.parametrize(
    "mode, most",
    [("codepage", 1_000), ("glyphs", 3_200), ("universal", 14_000)],
)
def test_sizes(mode: str, most: int) -> None:
    for paper in (80, 58):
        assert len(layout.checklist(MARRIAGE, options(mode, paper))) <= most


@pytest.mark.parametrize(
    "change",
    [{"language": "fr"}, {"printed_at": datetime(2026, 11, 27, 8, 15)}, {"procedure": " "}],
)
def test_invalid_checklists(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(SHORT, **change)  # type: ignore[arg-type]
