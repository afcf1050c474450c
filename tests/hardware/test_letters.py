"""Every Vietnamese letter prints exactly: in both modes, on both paper widths.

codepage: the bytes decode back to the letter through the references' tables.
universal: each raster holds its text's full height, the marks stacked above
capitals and the dots and descenders below: as tall as the font's own outlines
(read with fontTools, not through the renderer) and every row the font inks when
drawn with room to spare; and no two letters print alike.
"""

from __future__ import annotations

import functools

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from hardware import layout, raster, sizes
from hardware.options import PrintOptions
from hardware.slip import TicketSlip, slip_texts
from tests.hardware.conftest import standard_slip
from tests.hardware.escpos_decoder import Raster, decode
from tests.hardware.letters import LETTERS

PAPERS = (80, 58)


def letter_slip(letter: str) -> TicketSlip:
    # The letter in every role a citizen reads that can carry Vietnamese.
    return standard_slip(office_name=letter, service_vi=letter, priority_vi=letter,
                         footer=letter)


@pytest.mark.parametrize("paper", PAPERS)
def test_codepage_prints_every_letter(paper: int) -> None:
    options = PrintOptions.resolve("TM-T20II", "codepage", paper)
    for letter in LETTERS:
        stream = decode(layout.ticket(letter_slip(letter), options), width=options.dots)
        lines = stream.lines
        assert lines[0] == letter and lines[3] == letter, letter  # office, service
        assert lines[4] == f"Ưu tiên: {letter}" and lines[-1] == letter, letter


@functools.lru_cache(maxsize=4)
def _outlines(path: str) -> tuple[TTFont, dict[int, str], int]:
    font = TTFont(path)
    return font, font.getBestCmap(), font["head"].unitsPerEm


@functools.lru_cache(maxsize=4096)
def _glyph_bounds(path: str, ch: str) -> tuple[float, float] | None:
    """(lowest, highest) point of ``ch``'s outline in font units, or None for no ink."""
    font, cmap, _ = _outlines(path)
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[cmap[ord(ch)]].draw(pen)
    if pen.bounds is None:
        return None
    _, low, _, high = pen.bounds
    return low, high


def full_height(text: str, style: raster.TextStyle) -> float:
    """The printed height of ``text``'s outlines, marks and descenders included."""
    path = raster.find_font(style.bold)
    _, _, units = _outlines(path)
    bounds = [b for b in (_glyph_bounds(path, ch) for ch in text) if b is not None]
    low = min(b[0] for b in bounds)
    high = max(b[1] for b in bounds)
    return (high - low) * style.draw_px / units * style.stretch[1]


def inked_height(text: str, style: raster.TextStyle) -> int:
    """The printed height of what the font inks for ``text``, drawn on ample paper.

    Drawn by Pillow on a canvas far larger than the text (nothing can be cut),
    a dot inked where it is at least half covered.
    """
    font = ImageFont.truetype(raster.find_font(style.bold), style.draw_px)
    canvas = Image.new("L", (style.draw_px * (len(text) + 4), style.draw_px * 4), 0)
    ImageDraw.Draw(canvas).text((style.draw_px, style.draw_px * 2), text, font=font,
                                fill=255, anchor="ls")
    box = canvas.point(lambda v: 255 if v >= 128 else 0).getbbox()
    assert box is not None
    return (box[3] - box[1]) * style.stretch[1]


def assert_holds(image: Raster, text: str, style: raster.TextStyle) -> None:
    top, bottom = image.ink_rows()
    printed = bottom - top + 1
    # Against the outlines: hinting snaps each edge to the pixel grid, moving it by
    # up to a drawn pixel (measured: 1.6 in all for ẳ in bold at 16 px).
    outline = full_height(text, style)
    assert printed >= outline - 2 * style.stretch[1], (
        f"{text!r}: {printed} dots printed, the font's outline is {outline:.1f} dots tall")
    # Against the font drawn with room to spare: every inked row is printed.
    inked = inked_height(text, style)
    assert printed >= inked, (
        f"{text!r}: {printed} dots printed, the font inks {inked} dots tall")


@pytest.mark.parametrize("paper", PAPERS)
def test_universal_prints_every_letter_full_height(paper: int) -> None:
    options = PrintOptions.resolve(None, "universal", paper)
    drawn = sizes.SIZES[paper].drawn
    pictures: dict[str, set[bytes]] = {role: set() for role in ("office", "service", "priority")}
    for letter in LETTERS:
        slip = letter_slip(letter)
        texts = slip_texts(slip)
        stream = decode(layout.ticket(slip, options), width=options.dots)
        roles = [("office", texts.office), ("service", texts.service),
                 ("priority", texts.priority), ("ahead", texts.ahead),
                 ("wait", texts.wait), ("footer", texts.footer)]
        assert len(stream.rasters) == len(roles), letter
        for image, (role, text) in zip(stream.rasters, roles, strict=True):
            assert text is not None
            assert_holds(image, text, drawn[role])
            if role in pictures:
                pictures[role].add(image.data + bytes((image.width_bytes,)))
    # Every letter its own picture: a lost mark would make two letters alike (Ủ and Ú).
    assert all(len(seen) == len(LETTERS) for seen in pictures.values())


def test_the_check_catches_a_lost_mark() -> None:
    """A picture that lost even one row of a mark, as cropping at the font's ascent
    did, fails the full-height check."""
    style = sizes.SIZES[80].drawn["office"]
    image = raster.render_line("Ủy", style)
    assert image is not None
    cut = image.crop((0, 1, image.width, image.height))  # the hook's top row gone
    width = (cut.width + 7) // 8
    padded = Image.new("1", (width * 8, cut.height), 1)
    padded.paste(cut, (0, 0))
    data = bytes(255 - b for b in padded.tobytes())  # ESC/POS: a set bit is ink
    with pytest.raises(AssertionError, match="inks"):
        assert_holds(Raster(style.mode, width, cut.height, data), "Ủy", style)
