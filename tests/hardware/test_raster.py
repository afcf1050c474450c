"""Drawn lines sent in bands (raster.bands): fewer bytes, the same dots in the same places."""

from __future__ import annotations

from typing import Literal

from escpos.printer import Dummy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from hardware import raster, sizes
from hardware.options import PrintOptions
from tests.hardware.escpos_decoder import decode

PROFILE = PrintOptions.resolve(None, "universal", 80).escpos_profile()
ALIGN = {"left": b"\x1ba\x00", "center": b"\x1ba\x01"}


def sent(image: Image.Image, align: Literal["left", "center"], mode: int = 1) -> bytes:
    """The bytes of ``image`` in bands under ESC a ``align``, as layout.py sends them."""
    printer = Dummy()
    printer.profile = PROFILE
    printer._raw(ALIGN[align])
    for band in raster.bands(image, align):
        printer.image(band, impl="bitImageRaster", center=False,
                      high_density_horizontal=not mode & 1, high_density_vertical=not mode & 2)
    output: bytes = printer.output
    return output


def whole(image: Image.Image) -> bytes:
    """``image`` as one GS v 0, padded on the right to whole bytes, as sent before bands."""
    printer = Dummy()
    printer.profile = PROFILE
    printer.image(image, impl="bitImageRaster", center=False, high_density_horizontal=False,
                  high_density_vertical=True)
    output: bytes = printer.output
    return output


def padded_ink(image: Image.Image) -> bytes:
    """The picture as the decoder gives it back: "L", 0 = ink, padded to whole bytes."""
    width = (image.width + 7) // 8 * 8
    sheet = Image.new("L", (width, image.height), 255)
    sheet.paste(image.convert("L"), (0, 0))
    return sheet.tobytes()


def picture(rows: list[str]) -> Image.Image:
    """A mode "1" image from rows of "#" (ink) and "." (paper)."""
    image = Image.new("1", (len(rows[0]), len(rows)), 1)
    image.putdata([0 if ch == "#" else 1 for row in rows for ch in row])
    return image


# A line 32 pixels (4 bytes) wide through its letters' bodies, a stack of marks
# in its middle two bytes above them, a descender in its first byte below.
LINE = picture(
    ["." * 12 + "#" * 8 + "." * 12] * 10
    + ["#" * 32] * 10
    + ["###" + "." * 29] * 4
)
HEADER = b"\x1dv0\x01"  # GS v 0, m = 1; then width in bytes and height, low byte first
MARKS = b"\x00\x0f\xf0\x00"  # a row of the marks: ....|....####|####....|....


def test_exact_bands_of_a_line() -> None:
    """Centred: the marks' rows lose a byte on each side; the descender's rows keep all
    four (their first byte is inked, and the same must go from each side)."""
    expected = (
        ALIGN["center"]
        + HEADER + b"\x02\x00\x0a\x00" + MARKS[1:3] * 10
        + HEADER + b"\x04\x00\x0e\x00" + b"\xff" * 4 * 10 + b"\xe0\x00\x00\x00" * 4
    )
    assert sent(LINE, "center") == expected
    assert len(whole(LINE)) - (len(expected) - 3) == 10 * 2 - 8  # 20 bytes of margin less, a header more


def test_exact_bands_of_a_line_left_aligned() -> None:
    """Left-aligned: only the right side goes, so the descender's rows keep one byte."""
    expected = (
        ALIGN["left"]
        + HEADER + b"\x03\x00\x0a\x00" + MARKS[:3] * 10
        + HEADER + b"\x04\x00\x0a\x00" + b"\xff" * 4 * 10
        + HEADER + b"\x01\x00\x04\x00" + b"\xe0" * 4
    )
    assert sent(LINE, "left") == expected


@settings(max_examples=150, deadline=None)
@given(
    rows=st.integers(1, 40).flatmap(
        lambda width: st.lists(st.lists(st.booleans(), min_size=width, max_size=width),
                               min_size=1, max_size=30)),
    align=st.sampled_from(["left", "center"]),
    mode=st.sampled_from([0, 1, 3]),
)
def test_bands_print_the_same_dots_in_fewer_bytes(rows: list[list[bool]],
                                                  align: Literal["left", "center"],
                                                  mode: int) -> None:
    drawn = picture(["".join("#" if ink else "." for ink in row) for row in rows])
    box = drawn.convert("L").point(lambda v: 255 - v).getbbox()
    assume(box is not None)
    image = drawn.crop(box)  # as render_line gives it: cropped to its ink
    data = sent(image, align, mode)
    stream = decode(data)
    # The independent decoder lays the bands out where the printer puts them: one
    # picture, the whole image as it was, and never more bytes than the whole.
    (got,) = stream.rasters
    assert got.bitmap().tobytes() == padded_ink(image)
    assert len(data) - len(ALIGN[align]) <= len(whole(image))
    for band in stream.bands:
        assert band.width_bytes >= 1 and band.height >= 1


def test_ticket_lines_lose_their_blank_margins() -> None:
    """The office name's first row holds only the marks of ộ, ậ, ộ, ử, ã, ỳ: it goes narrower."""
    style = sizes.SIZES[80].drawn["office"]
    image = raster.render_line("Bộ phận Một cửa — UBND xã Kỳ Sơn", style)
    assert image is not None
    parts = raster.bands(image)
    assert len(parts) > 1
    assert max(p.width for p in parts) == (image.width + 7) // 8 * 8
    assert min(p.width for p in parts) < (image.width + 7) // 8 * 8
    assert sum(raster.BAND_HEADER + p.width // 8 * p.height for p in parts) < len(whole(image))


def test_the_decoder_sees_a_band_out_of_place() -> None:
    """Bands cut for centring but sent left-aligned print misplaced: the check can fail."""
    bands = sent(LINE, "center")[len(ALIGN["center"]):]
    (got,) = decode(ALIGN["left"] + bands).rasters
    assert got.bitmap().tobytes() != padded_ink(LINE)
